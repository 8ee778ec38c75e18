"""What a publish uploads: the validated graph as N-Triples, from memory or from a finished
build's dump (checked against its VoID triple count), read piece by piece."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from .target import PublishError

VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
READ_SIZE = 1 << 20


class Payload:
    """The N-Triples a publish sends: files and in-memory bytes, in this order, readable as
    often as needed (a retried request reads them again). ``expected`` is the number of
    distinct triples, which the store must count after the upload."""

    def __init__(self, parts: Sequence[Path | bytes], expected: int, source: str = ""):
        self.parts = list(parts)
        self.expected = expected
        self.source = source

    @classmethod
    def from_triples(cls, triples: Iterable[ox.Triple], source: str = "the validated graph") -> "Payload":
        body = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
        return cls([body], len(set(body.splitlines())), source)

    @classmethod
    def from_site(cls, site: Path, dataset_iri: str) -> "Payload":
        """The dump of a finished build: ``dataset.nt`` and ``void.ttl`` of ``site``.

        A build writes its output folder only after validation passed; this checks that the
        folder is a complete build of this dataset — ``void.ttl`` declares ``void:triples``
        for ``dataset_iri`` and ``dataset.nt`` holds exactly that many lines."""
        site = Path(site)
        dump, void_file = site / "dataset.nt", site / "void.ttl"
        missing = [p.name for p in (dump, void_file) if not p.is_file()]
        if missing:
            raise PublishError(f"{site}: no {', '.join(missing)} — run 'dialoggraph build' first")
        try:
            void = list(ox.parse(path=str(void_file), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, ValueError, OSError) as exc:
            raise PublishError(f"{void_file}: cannot be read: {exc}") from None
        declared = [t.object.value for t in void if t.predicate.value == VOID_TRIPLES
                    and isinstance(t.subject, ox.NamedNode) and t.subject.value == dataset_iri]
        if len(declared) != 1 or not declared[0].isdigit():
            raise PublishError(f"{void_file}: no void:triples for <{dataset_iri}> — not a build of this "
                               "project; run 'dialoggraph build'")
        # The VoID file's blank nodes (if any) must not meet the dump's labels in one document.
        token = uuid.uuid4().hex
        relabel = {}

        def fresh(term):
            if isinstance(term, ox.BlankNode):
                return relabel.setdefault(term.value, ox.BlankNode(f"v{token}n{len(relabel)}"))
            return term

        void = [ox.Triple(fresh(t.subject), t.predicate, fresh(t.object)) for t in void]
        void_body = ox.serialize(void, format=ox.RdfFormat.N_TRIPLES)
        void_lines = set(void_body.splitlines())
        lines = overlap = 0
        last = b"\n"
        with dump.open("rb") as fh:
            for line in fh:
                lines += 1
                last = line
                if line.rstrip(b"\n") in void_lines:
                    overlap += 1
        if lines != int(declared[0]) or not last.endswith(b"\n"):
            raise PublishError(f"{dump} holds {lines} lines, but {void_file.name} declares {declared[0]} "
                               "triples: not the dump that build validated — run 'dialoggraph build' again")
        return cls([dump, void_body], lines + len(void_lines) - overlap, str(site))

    @staticmethod
    def _open_end(part: Path | bytes) -> bool:
        """Whether ``part`` lacks its final line break (the next part must not run into it)."""
        if isinstance(part, Path):
            with part.open("rb") as fh:
                fh.seek(0, io.SEEK_END)
                if not fh.tell():
                    return False
                fh.seek(-1, io.SEEK_END)
                return fh.read(1) != b"\n"
        return bool(part) and not part.endswith(b"\n")

    @property
    def size(self) -> int:
        """Bytes sent (the Content-Length of a Graph Store Protocol upload)."""
        return sum((p.stat().st_size if isinstance(p, Path) else len(p)) + self._open_end(p) for p in self.parts)

    def __iter__(self) -> Iterator[bytes]:
        for part in self.parts:
            if isinstance(part, Path):
                with part.open("rb") as fh:
                    while chunk := fh.read(READ_SIZE):
                        yield chunk
            else:
                yield part
            if self._open_end(part):
                yield b"\n"

    def lines(self) -> Iterator[bytes]:
        """Every N-Triples line without its line break; empty and comment lines skipped."""
        for part in self.parts:
            with (part.open("rb") if isinstance(part, Path) else io.BytesIO(part)) as fh:
                for line in fh:
                    line = line.strip()
                    if line and not line.startswith(b"#"):
                        yield line


# ----------------------------------------------------------------------------- HTTP


def published_triples(graphs) -> list[ox.Triple]:
    """The graph a publish uploads: the validated data and its VoID/DCAT description — the
    same triples as the site's dataset.nt and void.ttl, which the embedded store loads."""
    return list(graphs.data) + list(graphs.void)

"""The dumps of the data written in pieces, and patched: an edit rewrites only the pieces it touched.

The sorted data is cut into *pieces* of about :data:`PIECE` triples, never inside a subject's
triples (:func:`cut`). The Turtle and JSON-LD dumps are each the concatenation of their pieces'
texts (with the JSON-LD document's frame and separators around them): the serialisers write a
subject's triples on their own, so a piece written alone gives the bytes the whole file has
there (tests/test_incremental.py compares with a clean build). A piece's triples are read from the
sorted N-Triples text the validator writes (:data:`dialoggraph.export.dumps.SORTED_TEXT`, a line
per triple, in the data's order), not from the build's triples: a forked worker that touched
those would copy their memory pages. ``dataset.nt`` is that text itself, nothing to patch. The
cache keeps, for the next build, each piece's first subject and fingerprint (a hash of its
triples) and, per dump, where each piece's text lies in the file.

The next build cuts its data at the same subjects (:func:`recut`); a piece whose triples hash as
before takes its bytes from the last build's file (a range copy in the kernel), the others are
written anew. Anything unexpected — no table, a table that does not describe the file, a subject
split by a cut — writes the whole dump, piece by piece as in a clean build.
"""

from __future__ import annotations

import bisect
import json
import marshal
import os
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from dialoggraph.export.dumps import sorted_triples
from dialoggraph.export.jsonld import _context_text, _NodeWriter
from dialoggraph.rdf.prefixes import Prefixes

#: triples per piece, about (a piece ends with its last subject's triples)
PIECE = 2000

#: the dumps of the data written in pieces (``dataset.nt`` is the sorted text, written whole)
PIECED = ("dataset.jsonld", "dataset.ttl")

TABLE = "pieces.bin"  # in the cache folder: keys and fingerprints; spans per dump beside it


def spans_name(part: str) -> str:
    return f"spans-{part}.bin"


@dataclass
class Pieces:
    """The data cut into pieces: the first subject of each (its N-Triples form), where each
    starts in the data (``bounds``, one more: the end), and the hash of each piece's triples."""

    keys: list[str]
    bounds: list[int]
    fingerprints: list[int] = field(default_factory=list)

    def ranges(self):
        return zip(self.bounds, self.bounds[1:])


def _subject_key(t) -> str:
    return str(t.subject)


def cut(data: list) -> Pieces:
    """Pieces of about :data:`PIECE` triples, each ending after the last triple of a subject."""
    bounds, n = [0], len(data)
    at = PIECE
    while at < n:
        subject = data[at - 1].subject
        while at < n and data[at].subject == subject:
            at += 1
        if at < n:
            bounds.append(at)
        at += PIECE
    bounds.append(n)
    return _fingerprinted(data, Pieces([_subject_key(data[b]) if b < n else "" for b in bounds[:-1]], bounds))


def recut(data: list, keys: list[str]) -> Pieces | None:
    """The data cut at the subjects ``keys`` (the last build's pieces): piece ``i`` holds the
    subjects from ``keys[i]`` (the first piece: from the start) up to ``keys[i + 1]``. ``None``
    when the keys do not cut the data cleanly (out of order, or inside a subject's triples)."""
    n = len(data)
    bounds = [0] + [bisect.bisect_left(data, key, key=_subject_key) for key in keys[1:]] + [n]
    for a, b in zip(bounds, bounds[1:]):
        if a > b:
            return None
    for b in bounds[1:-1]:
        if 0 < b < n and data[b - 1].subject == data[b].subject:
            return None
    return _fingerprinted(data, Pieces(list(keys), bounds))


def _fingerprinted(data: list, pieces: Pieces) -> Pieces:
    pieces.fingerprints = [hash(tuple(data[a:b])) for a, b in pieces.ranges()]
    return pieces


def fingerprint(pieces: Pieces) -> int:
    """One number for the whole data (the same data cut the same way: the same number)."""
    return hash((len(pieces.keys), tuple(pieces.fingerprints)))


# ------------------------------------------------------------------ the formats


class _Format:
    """How a dump is made of its pieces: ``head`` + pieces joined by ``sep`` + ``tail``."""

    sep = b""
    tail = b""

    def __init__(self, prefixes: Prefixes):
        self.prefixes = prefixes

    def head(self, data: list) -> bytes:
        return b""

    def piece(self, triples: list) -> bytes:
        raise NotImplementedError

    def empty(self) -> bytes:
        return b""


class _Turtle(_Format):
    def head(self, data: list) -> bytes:
        return _split_prefixes(self._text(data[:1]))[0]

    def piece(self, triples: list) -> bytes:
        head, body = _split_prefixes(self._text(triples))
        if triples and head != self.header:
            raise ValueError("a piece of Turtle with other prefixes")
        return body

    def _text(self, triples: list) -> bytes:
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=self.prefixes.turtle)


def _split_prefixes(text: bytes) -> tuple[bytes, bytes]:
    i = 0
    while text.startswith(b"@prefix ", i):
        i = text.index(b"\n", i) + 1
    return text[:i], text[i:]


class _JsonLd(_Format):
    sep = b",\n  "
    tail = b"\n ]\n}\n"

    def __init__(self, prefixes: Prefixes):
        super().__init__(prefixes)
        self.context = prefixes.jsonld_context()
        self.writer = _NodeWriter(prefixes.compact)

    def head(self, data: list) -> bytes:
        return ('{\n "@context": ' + _context_text(self.context) + ',\n "@graph": [\n  ').encode()

    def piece(self, triples: list) -> bytes:
        return ",\n  ".join(self.writer.nodes(triples)).encode()

    def empty(self) -> bytes:
        return (json.dumps({"@context": self.context, "@graph": []}, ensure_ascii=False, sort_keys=True,
                           indent=1) + "\n").encode()


FORMATS = {"dataset.ttl": _Turtle, "dataset.jsonld": _JsonLd}


# ------------------------------------------------------------------ writing


@dataclass
class Reuse:
    """What a dump may take from the last build: its file and where each of its pieces lay
    (``None`` for a piece to write anew)."""

    old_file: str
    spans: list[tuple[int, int] | None]


def write_pieced(part: str, path: Path, prefixes: Prefixes, text: Path, pieces: Pieces,
                 reuse: Reuse | None, spans_file: Path) -> None:
    """Write the dump ``part`` into ``path`` piece by piece from ``text`` (the data's sorted
    N-Triples, a line per triple), taking the pieces ``reuse`` names from the last build's file;
    where each piece lies goes into ``spans_file``."""
    fmt = FORMATS[part](prefixes)
    if pieces.bounds[-1] == 0:
        path.write_bytes(fmt.empty())
        spans_file.write_bytes(marshal.dumps([]))
        return
    spans: list[tuple[int, int]] = []
    with open(text, "rb") as lines, open(path, "wb") as fh, \
            _Out(fh, reuse.old_file if reuse is not None else None) as out:
        header = fmt.header = fmt.head(list(sorted_triples(lines.readline())))
        lines.seek(0)
        out.text(header)
        first = True
        for i, (a, b) in enumerate(pieces.ranges()):
            span = reuse.spans[i] if reuse is not None else None
            chunk = islice(lines, b - a)
            if span is not None:
                got = sum(1 for _ in chunk)
            else:
                chunk = b"".join(chunk)
                got = chunk.count(b"\n")
            if got != b - a:
                raise ValueError(f"{part}: the sorted text ends before the data ({text})")
            if a == b:
                spans.append((out.pos, out.pos))
                continue
            if not first:
                out.text(fmt.sep)
            first = False
            start = out.pos
            if span is not None:
                out.copy(*span)
            else:
                out.text(fmt.piece(list(sorted_triples(chunk))))
            spans.append((start, out.pos))
        if lines.read(1):
            raise ValueError(f"{part}: the sorted text has more lines than the data ({text})")
        out.text(fmt.tail)
    if os.path.getsize(path) != out.pos:
        raise ValueError(f"{part}: {os.path.getsize(path)} bytes written, {out.pos} counted")
    spans_file.write_bytes(marshal.dumps(spans))


class _Out:
    """A file written from new bytes and ranges of an old file; ranges that follow each other
    in the old file (with the new separator between them the old file has there too) are copied
    in one go, by the kernel."""

    def __init__(self, fh, old_file: str | None):
        self.fh = fh
        self.old = os.open(old_file, os.O_RDONLY) if old_file is not None else None
        self.pos = 0
        self.pending: list[int] | None = None  # [start, end] of the old file, not yet copied
        self.held = b""  # new bytes after the pending range, written once it is known what follows

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        try:
            if exc[0] is None:
                self._flush()
        finally:
            if self.old is not None:
                os.close(self.old)

    def text(self, data: bytes) -> None:
        if self.pending is not None and not self.held and len(data) < 16:
            self.held = data  # a separator: perhaps the old file has it between two copied ranges
        else:
            self._flush()
            self.fh.write(data)
        self.pos += len(data)

    def copy(self, start: int, end: int) -> None:
        if self.pending is not None and self.pending[1] + len(self.held) == start and (
                not self.held or os.pread(self.old, len(self.held), self.pending[1]) == self.held):
            self.pending[1], self.held = end, b""
        else:
            self._flush()
            self.pending = [start, end]
        self.pos += end - start

    def _flush(self) -> None:
        if self.pending is not None:
            start, end = self.pending
            self.pending = None
            self.fh.flush()
            try:
                while start < end:
                    done = os.copy_file_range(self.old, self.fh.fileno(), end - start, start)
                    if done <= 0:
                        raise OSError(f"copy_file_range copied {done} bytes")
                    start += done
            except (OSError, AttributeError):  # not here (another filesystem, not Linux): read and write
                self.fh.seek(0, os.SEEK_END)
                while start < end:
                    block = os.pread(self.old, min(end - start, 1 << 20), start)
                    if not block:
                        raise OSError("the last build's dump is shorter than its table says") from None
                    self.fh.write(block)
                    start += len(block)
            self.fh.seek(0, os.SEEK_END)
        if self.held:
            self.fh.write(self.held)
            self.held = b""


# ------------------------------------------------------------------ the last build's table


def load_table(folder: Path) -> tuple[list[str], list[int]] | None:
    """The last build's pieces (first subjects, fingerprints), or ``None``."""
    try:
        keys, fingerprints = marshal.loads((folder / TABLE).read_bytes())
    except Exception:  # noqa: BLE001 - none, or damaged: the dumps are written whole
        return None
    if not isinstance(keys, list) or not isinstance(fingerprints, list) or len(keys) != len(fingerprints):
        return None
    return keys, fingerprints


def save_table(folder: Path, pieces: Pieces) -> None:
    (folder / TABLE).write_bytes(marshal.dumps((pieces.keys, pieces.fingerprints)))


def reuse_of(part: str, folder: Path, old_file: Path, size: int | None, old_fingerprints: list[int],
             pieces: Pieces) -> Reuse | None:
    """What the dump ``part`` can take from the last build's file ``old_file`` (``size``
    bytes, as the cache lists it): the pieces whose triples hash as before. ``None`` when the
    spans kept for it do not describe that file."""
    try:
        spans = marshal.loads((folder / spans_name(part)).read_bytes())
    except Exception:  # noqa: BLE001
        return None
    if size is None or not isinstance(spans, list) or len(spans) != len(pieces.keys) or not spans:
        return None
    fmt = FORMATS[part]
    if spans[-1][1] + len(fmt.tail) != size:
        return None
    same = [old == new for old, new in zip(old_fingerprints, pieces.fingerprints)]
    return Reuse(str(old_file), [tuple(span) if keep and span[0] < span[1] else None
                                 for keep, span in zip(same, spans)])

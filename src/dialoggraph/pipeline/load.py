"""Files → triples: parse every Turtle file of ontology/, data/ and shapes/ with pyoxigraph.

Why pyoxigraph: its Rust parser reads a million triples in a few seconds (rdflib needs ten
times as long), and its syntax errors carry line and column, which we report as
``file:line:column: message``.

Blank nodes are relabelled in order of first appearance per file (``f3b0``, ``f3b1``…), so the
same input always yields the same graph, byte for byte, whatever the parser's random ids.

Input is strict: a literal whose lexical form its XSD datatype rejects (``"1995-13-45"^^xsd:date``)
and a data subject outside the dataset's namespace are refused here, with file, line and value,
before anything is built. A data file may speak about outside IRIs only where the project
declares them: vocabulary terms (the prefixes of :mod:`dialoggraph.rdf.prefixes`) and what the
ontology files describe.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from dialoggraph.config import Settings
from dialoggraph.rdf.prefixes import prefix_map
from dialoggraph.rdf.xsd import invalid_literals


class LoadError(Exception):
    """A file could not be read or parsed. ``str()`` gives ``file:line:column: message``."""

    def __init__(self, path: Path, message: str, line: int | None = None, column: int | None = None):
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        super().__init__(self.describe())

    def describe(self, relative_to: Path | None = None) -> str:
        where = str(path_for_humans(self.path, relative_to))
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


def path_for_humans(path: Path, relative_to: Path | None) -> Path:
    """``path`` relative to the project folder when it lies inside it."""
    if relative_to is not None:
        try:
            return path.relative_to(relative_to)
        except ValueError:
            pass
    return path


@dataclass
class Corpus:
    """Everything read from the project's folders, kept apart by role."""

    ontology: list[ox.Triple] = field(default_factory=list)
    data: list[ox.Triple] = field(default_factory=list)
    shapes: list[ox.Triple] = field(default_factory=list)
    #: subject IRI → the data file it is first described in (for error reports)
    origin: dict[str, Path] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    #: file → SHA-256 of the bytes that were parsed (an incremental build keeps them)
    hashes: dict[Path, str] = field(default_factory=dict)


def turtle_files(folder: Path) -> list[Path]:
    """The ``.ttl`` files below ``folder``, in a stable order."""
    return sorted(p for p in folder.rglob("*.ttl") if p.is_file())


def parse_file(path: Path, base_iri: str, file_index: int, hashes: dict[Path, str] | None = None) -> list[ox.Triple]:
    """Parse one Turtle file against ``base_iri``; raise :class:`LoadError` with its position.
    ``hashes`` receives the SHA-256 of the bytes parsed (read once: a file saved meanwhile is
    either wholly before or wholly after)."""
    try:
        raw = path.read_bytes()
        if hashes is not None:
            hashes[path] = hashlib.sha256(raw).hexdigest()
        quads = ox.parse(input=raw, format=ox.RdfFormat.TURTLE, base_iri=base_iri,
                         without_named_graphs=True, rename_blank_nodes=False)
        return _relabel_blank_nodes(quads, f"f{file_index}b")
    except SyntaxError as exc:
        message = exc.msg
        # pyoxigraph's message already starts with "Parser error at line L column C:" — keep
        # only the parser's own words after it, the position goes in front in our format.
        if message.startswith("Parser error at ") and ": " in message:
            message = message.split(": ", 1)[1]
        raise LoadError(path, message, exc.lineno, exc.offset) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(path, f"cannot read: {exc}") from None


def _relabel_blank_nodes(quads, prefix: str) -> list[ox.Triple]:
    labels: dict[str, ox.BlankNode] = {}

    def relabel(term):
        if isinstance(term, ox.BlankNode):
            node = labels.get(term.value)
            if node is None:
                node = labels[term.value] = ox.BlankNode(f"{prefix}{len(labels)}")
            return node
        return term

    out = []
    for quad in quads:
        s, p, o = quad.subject, quad.predicate, quad.object
        if isinstance(s, ox.BlankNode) or isinstance(o, ox.BlankNode):
            out.append(ox.Triple(relabel(s), p, relabel(o)))
        else:
            out.append(quad.triple)
    return out


def roles(settings: Settings) -> tuple[tuple[str, tuple[Path, ...]], ...]:
    """The folders read, by role, in the order they are read."""
    return (("ontology", settings.ontology_dirs), ("data", (settings.data_dir,)),
            ("shapes", settings.shapes_dirs))


def input_files(settings: Settings) -> list[Path]:
    """Every file :func:`load_corpus` reads (missing folders left out), in its order."""
    return [path for _role, folders in roles(settings) for folder in folders if folder.is_dir()
            for path in turtle_files(folder)]


def load_corpus(settings: Settings) -> Corpus:
    """Read the project's ontology folders, data/ and shape folders (shared ones first, as the
    settings list them). Raises :class:`LoadError`."""
    corpus = Corpus()
    literals: dict[ox.Literal, Path] = {}
    index = 0
    for role, folders in roles(settings):
        files = []
        for folder in folders:
            if not folder.is_dir():
                raise LoadError(folder, f"the {role} folder does not exist")
            files += turtle_files(folder)
        if not files:
            raise LoadError(folders[-1], f"the {role} folder holds no .ttl file")
        for path in files:
            triples = parse_file(path, settings.base_iri, index, corpus.hashes)
            index += 1
            corpus.files.append(path)
            getattr(corpus, role).extend(triples)
            if role in ("data", "ontology"):
                _note_literals(triples, path, literals)
            if role == "data":
                for t in triples:
                    if isinstance(t.subject, ox.NamedNode):
                        corpus.origin.setdefault(t.subject.value, path)
        if role == "data" and not corpus.data:
            raise LoadError(folders[0], "the data folder holds no triples")
    _refuse_invalid_literals(literals)
    _refuse_outside_subjects(corpus, settings)
    return corpus


def _note_literals(triples: list[ox.Triple], path: Path, literals: dict[ox.Literal, Path]) -> None:
    """Each typed literal (not a plain or language-tagged string) and the first file it is in."""
    literal = ox.Literal
    for t in triples:
        o = t.object
        if type(o) is literal and o.language is None and o.datatype.value != XSD_STRING:
            literals.setdefault(o, path)


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _refuse_invalid_literals(literals: dict[ox.Literal, Path]) -> None:
    bad = invalid_literals(literals)
    if bad:
        lit = bad[0]
        path = literals[lit]
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise LoadError(path, f"{lit.value!r} is not a valid {_short_datatype(lit.datatype.value)}: "
                              f"{lit}{more}", _line_of(path, f'"{lit.value}"'))


def _short_datatype(iri: str) -> str:
    return "xsd:" + iri.rsplit("#", 1)[1] if iri.startswith("http://www.w3.org/2001/XMLSchema#") else f"<{iri}>"


def _refuse_outside_subjects(corpus: Corpus, settings: Settings) -> None:
    """A data subject must be in the dataset's namespace, a vocabulary's, or described by the
    ontology files (the project declares it there)."""
    allowed = tuple(prefix_map(settings.base_iri).values())
    declared = {t.subject.value for t in corpus.ontology if isinstance(t.subject, ox.NamedNode)}
    for subject, path in corpus.origin.items():
        if not subject.startswith(allowed) and subject not in declared:
            raise LoadError(path, f"the subject <{subject}> is outside the dataset's namespace "
                                  f"<{settings.base_iri}> and not declared in the ontology: "
                                  "give it an IRI of the dataset (or describe the term in ontology/)",
                            _line_of(path, subject) or _line_of(path, subject.rsplit("/", 1)[-1]))


def _line_of(path: Path, needle: str) -> int | None:
    """The first line of ``path`` that holds ``needle`` (for a message that points at it)."""
    try:
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if needle in line:
                    return number
    except OSError:
        return None
    return None

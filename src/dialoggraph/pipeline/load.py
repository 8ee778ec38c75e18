"""Files → triples: parse every Turtle file of ontology/, data/ and shapes/ with pyoxigraph.

Why pyoxigraph: its Rust parser reads a million triples in a few seconds (rdflib needs ten
times as long), and its syntax errors carry line and column, which we report as
``file:line:column: message``.

Blank nodes are relabelled in order of first appearance per file (``f3b0``, ``f3b1``…), so the
same input always yields the same graph, byte for byte, whatever the parser's random ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from dialoggraph.config import Settings


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


def turtle_files(folder: Path) -> list[Path]:
    """The ``.ttl`` files below ``folder``, in a stable order."""
    return sorted(p for p in folder.rglob("*.ttl") if p.is_file())


def parse_file(path: Path, base_iri: str, file_index: int) -> list[ox.Triple]:
    """Parse one Turtle file against ``base_iri``; raise :class:`LoadError` with its position."""
    try:
        quads = ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=base_iri,
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


def load_corpus(settings: Settings) -> Corpus:
    """Read ontology/, data/ and shapes/ of the project. Raises :class:`LoadError`."""
    corpus = Corpus()
    folders = (("ontology", settings.ontology_dir), ("data", settings.data_dir),
               ("shapes", settings.shapes_dir))
    index = 0
    for role, folder in folders:
        if not folder.is_dir():
            raise LoadError(folder, f"the {role} folder does not exist")
        files = turtle_files(folder)
        if not files:
            raise LoadError(folder, f"the {role} folder holds no .ttl file")
        for path in files:
            triples = parse_file(path, settings.base_iri, index)
            index += 1
            corpus.files.append(path)
            getattr(corpus, role).extend(triples)
            if role == "data":
                for t in triples:
                    if isinstance(t.subject, ox.NamedNode):
                        corpus.origin.setdefault(t.subject.value, path)
        if role == "data" and not corpus.data:
            raise LoadError(folder, "the data folder holds no triples")
    return corpus

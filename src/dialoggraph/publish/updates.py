"""The update requests of a publish: chunks that keep each blank node's triples together, and
the difference between the stored graph and the new one."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from .client import Client
from .payload import Payload
from .target import PublishError


def _has_blank(term) -> bool:
    if isinstance(term, ox.BlankNode):
        return True
    if isinstance(term, ox.Triple):
        return _has_blank(term.subject) or _has_blank(term.object)
    return False


def _split_blank(lines: Iterable[bytes]) -> tuple[list[bytes], list[tuple[bytes, ox.Triple]]]:
    """``(lines without blank nodes, [(line, triple) with blank nodes])``: a line is parsed only
    when ``_:`` occurs in it, so a literal that merely contains ``_:`` stays a plain line."""
    plain: list[bytes] = []
    candidates: list[bytes] = []
    for line in lines:
        (candidates if b"_:" in line else plain).append(line)
    blank = []
    if candidates:
        try:
            parsed = list(ox.parse(b"\n".join(candidates), format=ox.RdfFormat.N_TRIPLES))
        except (SyntaxError, ValueError) as exc:
            raise PublishError(f"not valid N-Triples: {exc}") from None
        for line, triple in zip(candidates, parsed, strict=True):
            if _has_blank(triple.subject) or _has_blank(triple.object):
                blank.append((line, triple))
            else:
                plain.append(line)
    return plain, blank


def _group(items: list, nodes_of: Callable[[object], list[str]], size: int) -> list[list]:
    """Split ``items`` into chunks of about ``size``, keeping every item that shares a blank
    node (directly or through others) in one chunk."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    labels = [nodes_of(item) for item in items]
    for nodes in labels:
        for other in nodes[1:]:
            a, b = find(nodes[0]), find(other)
            if a != b:
                parent[a] = b
    groups: dict[str, list] = {}
    plain: list = []
    for item, nodes in zip(items, labels):
        if nodes:
            groups.setdefault(find(nodes[0]), []).append(item)
        else:
            plain.append(item)
    out: list[list] = []
    current: list = []
    for unit in [*([item] for item in plain), *groups.values()]:
        if current and len(current) + len(unit) > size:
            out.append(current)
            current = []
        current.extend(unit)
    if current:
        out.append(current)
    return out


def _blank_labels(triple: ox.Triple) -> list[str]:
    out = []
    for term in (triple.subject, triple.object):
        if isinstance(term, ox.BlankNode):
            out.append(term.value)
        elif isinstance(term, ox.Triple):
            out.extend(_blank_labels(term))
    return out


def chunks(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """Split ``triples`` into chunks of about ``size``, keeping every triple that shares a
    blank node (directly or through others) in one chunk."""
    return _group(list(triples), _blank_labels, size)


def line_chunks(lines: Iterable[bytes], size: int) -> list[list[bytes]]:
    plain, blank = _split_blank(lines)
    return _group(plain + blank, lambda item: _blank_labels(item[1]) if isinstance(item, tuple) else [], size)


def insert_data(graph: str, lines: list) -> str:
    """One update operation adding ``lines`` (N-Triples) to ``graph``: ``INSERT DATA``, or, when
    blank nodes occur, ``INSERT { … } WHERE {}`` — the same triples (the template's blank nodes
    are new ones, shared by every triple of this request that names them; triples sharing a
    blank node are chunked together), and a form Virtuoso 7 accepts: it refuses blank nodes in
    ``INSERT DATA`` ("SP031 … Blank node … is not allowed in a constant clause")."""
    lines = [item[0] if isinstance(item, tuple) else item for item in lines]
    body = b"\n".join(lines).decode("utf-8")
    if any(b"_:" in line for line in lines):  # (a literal holding "_:" only costs the longer form)
        return f"INSERT {{ GRAPH <{graph}> {{\n{body}\n}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}"


def _canonical(triples: list[ox.Triple]) -> set[str]:
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}


def _blank_pattern(graph: str, t: ox.Triple) -> str | None:
    """A DELETE that removes ``t`` (and any triple like it up to its blank nodes) from ``graph``."""
    terms, tests = [], []
    for term, var in ((t.subject, "?s"), (t.predicate, None), (t.object, "?o")):
        if isinstance(term, ox.Triple):
            return None  # blank nodes inside a triple term: left to the store-side difference
        if isinstance(term, ox.BlankNode):
            terms.append(var)
            tests.append(f"isBlank({var})")
        else:
            terms.append(str(term))
    pattern = " ".join(terms)
    return (f"DELETE {{ GRAPH <{graph}> {{ {pattern} }} }} WHERE {{ GRAPH <{graph}> {{ {pattern} }} "
            f"FILTER({' && '.join(tests)}) }}")


# ----------------------------------------------------------------------------- the difference


@dataclass
class Delta:
    deletes: list[bytes]  # N-Triples lines to DELETE DATA (no blank nodes)
    blank_deletes: list[str]  # DELETE operations for the old blank-node triples
    inserts: list[bytes]  # N-Triples lines to add (blank-node triples form one document)

    @property
    def empty(self) -> bool:
        return not (self.deletes or self.blank_deletes or self.inserts)


@dataclass
class NewGraph:
    """The new version, indexed for comparison."""
    plain: set[bytes]
    blank: list[tuple[bytes, ox.Triple]]

    @classmethod
    def of(cls, payload: Payload) -> "NewGraph":
        plain, blank = _split_blank(payload.lines())
        unique = {line: triple for line, triple in blank}
        return cls(set(plain), list(unique.items()))


def difference(client: Client, graph: str, new: NewGraph, stored: int, what: str) -> Delta | None:
    """What turns the store's ``graph`` (``stored`` triples) into ``new``; None when the graph
    cannot be read back completely."""
    data = client.graph_lines(graph, what)
    if data is None:
        return None
    remaining = set(new.plain)
    old_only: dict[bytes, None] = {}
    candidates: list[bytes] = []
    for line in io.BytesIO(data):
        line = line.strip()
        if not line or line.startswith(b"#"):
            continue
        if b"_:" in line:
            candidates.append(line)
        elif line in remaining:
            remaining.discard(line)
        elif line not in new.plain:
            old_only[line] = None
    del data
    plain_again, old_blank = _split_blank(candidates)
    for line in plain_again:
        if line in remaining:
            remaining.discard(line)
        elif line not in new.plain:
            old_only[line] = None
    # Blank-node triples: their labels are the store's, so only the whole set is compared.
    old_blank = list({line: triple for line, triple in old_blank}.items())
    if len(new.plain) - len(remaining) + len(old_only) + len(old_blank) != stored:
        return None  # a capped or partial answer: no difference can be trusted
    deletes: list[bytes] = []
    if old_only:
        try:  # the store's own N-Triples, written again by pyoxigraph: safe inside SPARQL
            deletes = ox.serialize(ox.parse(b"\n".join(old_only), format=ox.RdfFormat.N_TRIPLES),
                                   format=ox.RdfFormat.N_TRIPLES).splitlines()
        except (SyntaxError, ValueError):
            return None
    blank_deletes: list[str] = []
    inserts = sorted(remaining)
    if _canonical([t for _, t in old_blank]) != _canonical([t for _, t in new.blank]):
        patterns = {_blank_pattern(graph, t) for _, t in old_blank}
        if None in patterns:
            return None
        blank_deletes = sorted(patterns)
        inserts += [line for line, _ in new.blank]
    return Delta(deletes, blank_deletes, inserts)


# ----------------------------------------------------------------------------- publish

"""Running the compiled shapes on a pyoxigraph store, and their results as a report.

:class:`CompiledShapes` prepares the store for the checks (the data's class hierarchy for
``sh:class`` and the targets, the ill-typed literals marked), runs every check of checks.py and
turns the rows into pySHACL's results; :func:`report_of` formats them as report.py formats
pySHACL's own, with pySHACL's wording where a shape has no ``sh:message``. pySHACL itself (and
the SPARQL parser of rdflib it loads, a third of a second) is imported only when a value has to
be decided by its rules or a result needs its wording (pyshacl_compat.py).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH

from dialoggraph.rdf.terms import term_to_rdflib

from .checks import Check, build_checks
from .compiler import Compiler, component_name
from .ill_typed import clear_marks, mark_ill_typed
from .parallel import run_shared
from .pyshacl_compat import GenericMessages
from .report import ValidationReport, ValidationResult, path_text, shape_text, sort_results, term_text


@dataclass(frozen=True)
class RawResult:
    """One validation result in pyshacl's terms, before it is formatted for people."""

    focus: object  # pyoxigraph term
    path: object  # rdflib path node from the shapes graph, or None
    value: object  # pyoxigraph term or None
    shape: object  # rdflib node of the source shape
    severity: URIRef
    component: URIRef  # sh:sourceConstraintComponent


class CompiledShapes:
    """The checks of a shapes graph, ready to run on any store."""

    def __init__(self, shapes: Graph):
        self.sg = shapes
        self.compiler = Compiler(shapes)
        self._generic_messages = GenericMessages(shapes)

    def checks(self) -> list[Check]:
        return build_checks(self.compiler)

    def prepare_store(self, store: ox.Store) -> None:
        """Class hierarchy and ill-typed literals of the data in ``store``."""
        c = self.compiler
        children: dict[str, set[str]] = {}
        for row in store.query(f"SELECT ?s ?o WHERE {{ ?s <{RDFS.subClassOf}> ?o }}"):
            s, o = row["s"], row["o"]
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                children.setdefault(o.value, set()).add(s.value)
        cache: dict[str, set[str]] = {}

        def subclasses(cls) -> set[str]:
            key = str(cls)
            if key not in cache:
                seen, todo = {key}, [key]
                while todo:
                    for sub in children.get(todo.pop(), ()):
                        if sub not in seen:
                            seen.add(sub)
                            todo.append(sub)
                cache[key] = seen
            return cache[key]
        c.subclasses = subclasses
        c.ill_typed = mark_ill_typed(store, c.audit)

    def run(self, store: ox.Store, processes: int = 1) -> list[RawResult]:
        """Every result of the shapes on the data in ``store`` (default graph). With
        ``processes`` > 1 the checks are shared out among forked helpers (parallel.py); the
        results are a set either way, sorted, so they do not depend on who found them."""
        self.prepare_store(store)
        try:
            checks = self.checks()
            results: set[RawResult] = set()
            for found in run_shared(lambda check: list(self._run_check(store, check)), checks, processes):
                results.update(found)
            return sorted(results, key=lambda r: (str(r.focus), str(r.shape), str(r.component), str(r.value)))
        finally:
            clear_marks(store)

    def _run_check(self, store: ox.Store, check: Check) -> Iterable[RawResult]:
        shape = self.compiler.shape(check.shape)
        path = shape.path() if shape.is_property_shape else None
        try:
            rows = store.query(check.query)
        except (SyntaxError, OSError, ValueError) as exc:  # a bug of the compiler, not of the data
            raise RuntimeError(f"compiled query for {check.shape} failed: {exc}\n{check.query}") from exc
        for row in rows:
            focus = row["this"]
            if check.count_bounds is not None:
                n, (low, high) = int(row["n"].value), check.count_bounds
                if n < low:
                    yield RawResult(focus, path, None, check.shape, shape.severity, SH.QualifiedMinCountConstraintComponent)
                if high is not None and n > high:
                    yield RawResult(focus, path, None, check.shape, shape.severity, SH.QualifiedMaxCountConstraintComponent)
                continue
            if not check.tests and not check.min_one and not check.max_one:
                yield RawResult(focus, path, None, check.shape, shape.severity, check.component)
                continue
            value = focus if check.value_is_focus else row["value"]
            if value is None:
                if check.min_one:
                    yield RawResult(focus, path, None, check.shape, shape.severity, SH.MinCountConstraintComponent)
                continue
            if check.max_one and row["dup"] is not None:
                yield RawResult(focus, path, None, check.shape, shape.severity, SH.MaxCountConstraintComponent)
            for i, (component, python) in enumerate(check.tests):
                if row[f"f{i}"].value == "true":
                    continue
                if python is not None and python(term_to_rdflib(value)):
                    continue
                yield RawResult(focus, path, value, check.shape, shape.severity, component)


    def generic_messages(self, result: RawResult) -> list[str]:
        """pyshacl's own wording for a result of a shape without ``sh:message``."""
        local = str(result.component).rsplit("#", 1)[1]
        if local in ("QualifiedMinCountConstraintComponent", "QualifiedMaxCountConstraintComponent"):
            parameter = SH.qualifiedValueShape
        else:
            parameter = next(p for p in self.compiler.params(result.shape) if component_name(p) == local)
        value = term_to_rdflib(result.value) if result.value is not None else None
        return self._generic_messages(result.shape, parameter, term_to_rdflib(result.focus), value)


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile ``shapes``; raise :class:`UnsupportedShape` if any construct cannot be."""
    compiled = CompiledShapes(shapes)
    # Compile once against a dummy hierarchy so unsupported constructs surface now, not mid-run.
    compiled.checks()
    return compiled


def validate_store(settings, store: ox.Store, shapes: Graph, origin: dict[str, Path] | None = None,
                   compiled: CompiledShapes | None = None, processes: int = 1) -> ValidationReport:
    """Validate the data in ``store`` against ``shapes``: a report with the same results (and
    wording) as pyshacl's, in ``processes`` processes."""
    compiled = compiled or compile_shapes(shapes)
    return report_of(settings, compiled, compiled.run(store, processes), origin)


def report_of(settings, compiled: CompiledShapes, results: list[RawResult],
              origin: dict[str, Path] | None = None) -> ValidationReport:
    """Raw results → the report the CLI prints (report.py formats pyshacl's the same way)."""
    shapes = compiled.sg
    origin = origin or {}
    out = []
    for r in results:
        shape = compiled.compiler.shape(r.shape)
        messages = sorted(str(m) for m in shape.message) or sorted(compiled.generic_messages(r))
        focus = term_to_rdflib(r.focus)
        out.append(ValidationResult(
            severity=str(r.severity).rsplit("#", 1)[-1],
            focus=term_text(focus),
            path=path_text(shapes, r.path),
            value=term_text(term_to_rdflib(r.value)) if r.value is not None else "",
            message=" | ".join(messages) or "(no message)",
            shape=shape_text(shapes, r.shape, r.path),
            origin=str(origin.get(str(focus), "")),
        ))
    return ValidationReport(sort_results(out), engine="sparql")


# ---------------------------------------------------------------- loading the store

def store_of(triple_lists: Iterable[Iterable[ox.Triple]]) -> ox.Store:
    """An in-memory store holding the given triples in its default graph.

    Written as N-Triples and parsed by the store (Rust all the way: twice as fast as making a
    ``Quad`` per triple in Python). The store's parser renames blank nodes, so the few lines
    that hold one go in as parsed quads, keeping their labels for the report."""
    triple_lists = [list(t) for t in triple_lists]
    try:
        return _store_from_ntriples(ox.serialize(itertools.chain.from_iterable(triple_lists),
                                                 format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError:  # a term made in Python that N-Triples cannot carry: quad by quad
        store, graph = ox.Store(), ox.DefaultGraph()
        for triples in triple_lists:
            store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
        return store


def store_of_ntriples(nt: bytes, more: Iterable[Iterable[ox.Triple]] = ()) -> ox.Store:
    """An in-memory store holding the triples of the N-Triples text ``nt`` and those of the
    graphs ``more`` in its default graph."""
    store = _store_from_ntriples(nt)
    graph = ox.DefaultGraph()
    for triples in more:
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return store


def _store_from_ntriples(nt: bytes) -> ox.Store:
    store = ox.Store()
    spans, pos = [], 0
    while (hit := nt.find(b"_:", pos)) >= 0:  # lines with a blank node (or "_:" in a literal)
        start = nt.rfind(b"\n", 0, hit) + 1
        end = nt.find(b"\n", hit) + 1 or len(nt)
        spans.append((start, end))
        pos = end
    if not spans:
        store.load(nt, format=ox.RdfFormat.N_TRIPLES)
        return store
    with_blanks = b"".join(nt[start:end] for start, end in spans)
    plain, last = [], 0
    for start, end in spans:
        plain.append((last, start))
        last = end
    plain.append((last, len(nt)))
    store.load(_Segments(nt, plain), format=ox.RdfFormat.N_TRIPLES)  # no copy of the whole text
    store.bulk_extend(ox.parse(with_blanks, format=ox.RdfFormat.N_TRIPLES))
    return store


class _Segments(io.RawIOBase):
    """A file reading the given ``(start, end)`` pieces of ``data``, one after the other."""

    def __init__(self, data: bytes, spans: list[tuple[int, int]]):
        self.view, self.spans, self.i, self.pos = memoryview(data), spans, 0, spans[0][0] if spans else 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self.i < len(self.spans):
            end = self.spans[self.i][1]
            if self.pos < end:
                n = min(len(buffer), end - self.pos)
                buffer[:n] = self.view[self.pos:self.pos + n]
                self.pos += n
                return n
            self.i += 1
            if self.i < len(self.spans):
                self.pos = self.spans[self.i][0]
        return 0


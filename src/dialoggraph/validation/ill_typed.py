"""Ill-typed literals (``"2016-13-45"^^xsd:date``), found before the checks run.

SPARQL cannot tell which literals pySHACL's ``sh:datatype`` rejects: pyoxigraph keeps an
ill-typed literal as written, and rdflib (hence pySHACL) has its own idea of well-formed. So the
literals of the audited datatypes that are not plainly well-formed are picked by SPARQL, decided
by pySHACL's rule in Python, and marked in a scratch named graph of the store; the compiled
``sh:datatype`` test then excludes the marked ones (:func:`not_marked`), exact even inside
``sh:or``. Only the datatypes some shape tests, on the predicates its value nodes can come from,
are audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import XSDToPython

from dialoggraph.rdf.terms import term_to_rdflib

from .pyshacl_compat import is_ill_typed
from .shapes import path_predicates

MARKER_GRAPH = ox.NamedNode("urn:dialoggraph:validation")
ILL_TYPED = ox.NamedNode("urn:dialoggraph:ill-typed")
MARKED_VALUE = ox.NamedNode("urn:dialoggraph:value")


@dataclass
class Audit:
    """What to look at for ill-typed literals: the datatypes shapes test with ``sh:datatype``
    (those rdflib converts, but xsd:string), on the predicates their value nodes come from."""

    datatypes: set[str] = field(default_factory=set)
    predicates: set[str] = field(default_factory=set)
    everything: bool = False  # some value nodes may come from anywhere (a literal sh:targetNode)


def audit_of(sg: Graph, shapes: dict) -> Audit:
    """The audit the shapes of ``sg`` (:func:`shapes.read_shapes`) need."""
    audit = Audit()
    for node in shapes:
        audited = [dt for dt in sg.objects(node, SH.datatype) if dt in XSDToPython and dt != XSD.string]
        if audited:
            audit.datatypes.update(str(dt) for dt in audited)
            predicates = _value_predicates(sg, shapes, node, set())
            if predicates is None:
                audit.everything = True
            else:
                audit.predicates |= predicates
    return audit


def _value_predicates(sg: Graph, shapes: dict, node, seen: set) -> set[str] | None:
    """The predicates whose objects can be value nodes of ``node`` (``None``: any node, e.g.
    a literal ``sh:targetNode``): its path's for a property shape; for a node shape, those
    of the shapes that hand it their value nodes (sh:or/and/xone/not/node/qualifiedValueShape)
    and of ``sh:targetObjectsOf``."""
    if node in seen:
        return set()
    seen.add(node)
    shape = shapes.get(node)
    out: set[str] = set()
    if shape is not None and shape.is_property_shape:
        path_predicates(sg, shape.path(), out)
        return out
    if any(isinstance(n, Literal) for n in sg.objects(node, SH.targetNode)):
        return None
    out.update(str(p) for p in sg.objects(node, SH.targetObjectsOf))
    parents = [p for param in (SH["not"], SH.node, SH.qualifiedValueShape) for p in sg.subjects(param, node)]
    for cell in sg.subjects(RDF.first, node):  # a member of an sh:or/sh:and/sh:xone list
        head = cell
        while (prev := sg.value(None, RDF.rest, head)) is not None:
            head = prev
        parents += [p for param in (SH["or"], SH["and"], SH.xone) for p in sg.subjects(param, head)]
    for parent in parents:
        more = _value_predicates(sg, shapes, parent, seen)
        if more is None:
            return None
        out |= more
    return out


def not_marked(v: str) -> str:
    """A SPARQL condition: the value ``v`` is not marked ill-typed."""
    return f"NOT EXISTS {{ GRAPH <{MARKER_GRAPH.value}> {{ <{ILL_TYPED.value}> <{MARKED_VALUE.value}> {v} }} }}"


def clear_marks(store: ox.Store) -> None:
    if store.contains_named_graph(MARKER_GRAPH):
        store.remove_graph(MARKER_GRAPH)


def mark_ill_typed(store: ox.Store, audit: Audit) -> set[str]:
    """Mark the ill-typed literals ``audit`` covers in ``store``'s scratch graph (earlier marks
    are dropped); returns the datatypes that have one."""
    clear_marks(store)
    marked: set[str] = set()
    if audit.datatypes:
        for literal in _ill_typed_literals(store, audit.datatypes, None if audit.everything else audit.predicates):
            store.add(ox.Quad(ILL_TYPED, MARKED_VALUE, literal, MARKER_GRAPH))
            marked.add(literal.datatype.value)
    return marked


def _ill_typed_literals(store: ox.Store, datatypes: set[str], predicates: set[str] | None) -> list[ox.Literal]:
    """Literals of ``datatypes`` (used with ``predicates``) that rdflib — hence pyshacl — reads as
    ill-typed. SPARQL lets through the plainly well-formed ones; rdflib decides the rest."""
    listed = ", ".join(f"<{d}>" for d in sorted(datatypes))
    sure = " || ".join(f"(datatype(?o) = <{d}> && {expr})" for d, expr in _WELL_FORMED.items() if d in datatypes)
    where = f"VALUES ?p {{ {' '.join(f'<{p}>' for p in sorted(predicates))} }} ?s ?p ?o ." if predicates is not None \
        else "?s ?p ?o ."
    if predicates is not None and not predicates:
        return []
    query = (f"SELECT DISTINCT ?o WHERE {{ {where} FILTER(isLiteral(?o) && datatype(?o) IN ({listed}) "
             f"&& !COALESCE({sure or 'false'}, false)) }}")
    return [row["o"] for row in store.query(query) if is_ill_typed(term_to_rdflib(row["o"]))]


_YEAR = "(000[1-9]|00[1-9][0-9]|0[1-9][0-9][0-9]|[1-9][0-9][0-9][0-9])"
#: Lexical forms rdflib surely reads as well-typed, per datatype (SPARQL expressions on ``?o``).
#: Store values are in pyoxigraph's canonical form, so a cast that round-trips means well-formed.
_WELL_FORMED = {
    str(XSD.integer): "isNumeric(?o)",  # valid ones are stored in canonical form
    str(XSD.decimal): "isNumeric(?o)",
    str(XSD.boolean): 'STR(?o) IN ("true", "false")',
    str(XSD.date): f'REGEX(STR(?o), "^{_YEAR}-[0-9][0-9]-[0-9][0-9]$") && STR(<{XSD.date}>(STR(?o))) = STR(?o)',
    str(XSD.dateTime): (f'REGEX(STR(?o), "^{_YEAR}-[0-9][0-9]-[0-9][0-9]T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]'
                        f'(Z|[+-][01][0-9]:[0-5][0-9])?$") && STR(<{XSD.dateTime}>(STR(?o))) = STR(?o)'),
}

"""The shapes graph, read the way pySHACL reads it: which nodes are shapes, their targets,
severity, messages and paths (:func:`read_shapes` follows pySHACL's ``ShapesGraph`` and ``Shape``
rule for rule; the tests compare the two on every shapes graph they have), and the SPARQL forms
of the terms and property paths the shapes name.

Where the compiler meets a construct it cannot translate exactly, it raises
:class:`UnsupportedShape` naming it, and pySHACL validates instead (engine.py): nothing is
skipped silently.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from dialoggraph.rdf.terms import term_from_rdflib


class UnsupportedShape(Exception):
    """The shapes use a SHACL construct the compiler cannot translate exactly."""


class ShapeView:
    """What the compiler reads of one shape: pyshacl's ``Shape`` (pyshacl/shape.py) without the
    validator behind it — the same attributes, computed by the same rules."""

    __slots__ = ("sg", "node", "is_property_shape", "_path", "deactivated", "severity", "_messages")

    def __init__(self, sg: Graph, node, path=None):
        self.sg, self.node, self._path = sg, node, path
        self.is_property_shape = path is not None
        deactivated = set(sg.objects(node, SH.deactivated))
        if len(deactivated) > 1 or any(not isinstance(d, Literal) for d in deactivated):
            raise UnsupportedShape(f"sh:deactivated on shape {node} is not one literal")
        self.deactivated = bool(next(iter(deactivated)).value) if deactivated else False
        severity = set(sg.objects(node, SH.severity))
        self.severity = next(iter(severity)) if severity else SH.Violation
        self._messages = set(sg.objects(node, SH.message))

    @property
    def message(self):
        return iter(self._messages)

    def path(self):
        return self._path

    def target(self):
        """``(nodes, classes, implicit class targets, objects of, subjects of)``, as pyshacl's."""
        sg, node = self.sg, self.node
        class_like = set(sg.subjects(RDFS.subClassOf, RDFS.Class)) | {RDFS.Class, OWL.Class}
        implicit = [node] if any(t in class_like for t in sg.objects(node, RDF.type)) else []
        return (sg.objects(node, SH.targetNode), sg.objects(node, SH.targetClass), implicit,
                sg.objects(node, SH.targetObjectsOf), sg.objects(node, SH.targetSubjectsOf))


def read_shapes(sg: Graph) -> dict:
    """Shape node → :class:`ShapeView` for every shape of ``sg``, found by pyshacl's rules
    (``ShapesGraph._build_node_shape_cache``): instances of sh:NodeShape and sh:PropertyShape,
    subjects of targets, sh:property and sh:node, values of the shape-expecting parameters and
    members of sh:and/sh:or/sh:xone lists; a shape with one ``sh:path`` is a property shape.
    Where pyshacl refuses the shapes graph, :class:`UnsupportedShape` hands it to pyshacl.

    pyshacl adds ``owl:Class rdfs:subClassOf rdfs:Class`` to the shapes graph, so an
    ``owl:Class`` that is a shape targets its instances: :meth:`ShapeView.target` counts it."""
    if any((None, RDF.type, t) in sg for t in (SH.ConstraintComponent, SH.SPARQLConstraintComponent,
                                                SH.JSConstraintComponent)):
        raise UnsupportedShape("a constraint component defined in the shapes graph")

    def path_of(s, defined_node: bool):
        paths = list(sg.objects(s, SH.path))
        if len(paths) > 1 or (paths and defined_node):
            raise UnsupportedShape(f"shape {s} has {len(paths)} sh:path values")
        return paths[0] if paths else None

    node_shapes = set(sg.subjects(RDF.type, SH.NodeShape))
    for s in node_shapes:
        path_of(s, True)
    prop_shapes = {}
    for s in set(sg.subjects(RDF.type, SH.PropertyShape)):
        path = path_of(s, False)
        if s in node_shapes or path is None:
            raise UnsupportedShape(f"shape {s}: a sh:PropertyShape needs one sh:path and cannot be a sh:NodeShape")
        prop_shapes[s] = path
    implied = {s for p in (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf,
                           SH.property, SH.node) for s in sg.subjects(p, None)}
    values = {o for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape) for o in sg.objects(None, p)}
    for p in (SH["and"], SH["or"], SH.xone):
        for lst in set(sg.objects(None, p)):
            members = set(sg.items(lst))
            if not members:
                raise UnsupportedShape(f"{p} with an empty or malformed list")
            values |= members
    for s in list(implied) + list(values):
        if s in node_shapes or s in prop_shapes:
            continue
        path = path_of(s, False)
        if path is None:
            node_shapes.add(s)
        else:
            prop_shapes[s] = path
    shapes = {s: ShapeView(sg, s) for s in node_shapes}
    shapes.update((s, ShapeView(sg, s, path)) for s, path in prop_shapes.items())
    return shapes


# ---------------------------------------------------------------- SPARQL forms


def sparql_term(term) -> str:
    """An rdflib term written in SPARQL (N-Triples syntax is valid SPARQL)."""
    if isinstance(term, BNode):
        raise UnsupportedShape(f"a blank node ({term}) as a constraint parameter value")
    return str(term_from_rdflib(term))


def path_sparql(sg: Graph, path) -> str:
    """A SHACL property path as a SPARQL property path (the semantics are the same: both are
    sets of value nodes)."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if isinstance(path, BNode):
        inverse = sg.value(path, SH.inversePath)
        if inverse is not None:
            return f"^({path_sparql(sg, inverse)})"
        alternatives = sg.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(path_sparql(sg, p) for p in Collection(sg, alternatives)) + ")"
        for prop, op in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            inner = sg.value(path, prop)
            if inner is not None:
                return f"({path_sparql(sg, inner)}){op}"
        if sg.value(path, RDF.first) is not None:
            steps = list(Collection(sg, path))
            if len(steps) < 2:
                raise UnsupportedShape("a sequence path with fewer than two steps")
            return "(" + "/".join(path_sparql(sg, p) for p in steps) + ")"
    raise UnsupportedShape(f"the property path {path!r}")


def path_predicates(sg: Graph, path, out: set[str]) -> None:
    """Every predicate IRI a path mentions."""
    if isinstance(path, URIRef):
        out.add(str(path))
        return
    for o in sg.objects(path, None):
        path_predicates(sg, o, out)
    if sg.value(path, RDF.first) is not None:
        for step in Collection(sg, path):
            path_predicates(sg, step, out)


def string_literal(text: str) -> str:
    return str(ox.Literal(text))

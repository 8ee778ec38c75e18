"""SHACL compiled to SPARQL: every constraint of a shape as a SPARQL test pySHACL would agree with.

pySHACL walks an rdflib graph in Python, node by node: on a million triples and thirty shapes
that takes minutes (plus the rdflib parse). The :class:`Compiler` takes the shapes as pySHACL
reads them (shapes.py) and turns their constraints into SPARQL expressions: value tests for one
value node (values.py), and conformance of a value to a whole nested shape (``sh:node``,
``sh:or``, ``sh:and``, ``sh:xone``, ``sh:not``, ``sh:qualifiedValueShape``) with its counts. The
checks of the targeted shapes are built from them (checks.py) and run by pyoxigraph (runner.py).

Every SHACL construct the compiler does not know raises :class:`UnsupportedShape` naming it, at
once when the shapes are read where it can be; the caller then validates with pySHACL instead.
Nothing is skipped silently.

Known residual: pyoxigraph stores valid literals in canonical form (``"05"^^xsd:integer`` is
kept as ``"5"``, ``"1.50"^^xsd:decimal`` as ``"1.5"``), while pySHACL sees rdflib's
normalisation of the original text. Both agree on validity except for lexical forms XSD 1.1
allows and rdflib rejects (``T24:00:00``), and a reported value may print in the other
canonical form.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from .ill_typed import audit_of
from .pyshacl_compat import CONSTRAINT_PARAMETERS
from .shapes import UnsupportedShape, path_sparql, read_shapes
from .values import (ValueTest, datatype_test, in_test, language_in_test, length_test, node_kind_test, pattern_test,
                     range_test)

RDF_TYPE = f"<{RDF.type}>"

#: the constraint parameters the compiler translates; any other raises UnsupportedShape
SUPPORTED = frozenset({
    SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minExclusive, SH.minInclusive,
    SH.maxExclusive, SH.maxInclusive, SH["not"], SH["and"], SH["or"], SH.xone, SH.minLength, SH.maxLength,
    SH.pattern, SH.languageIn, SH.uniqueLang, SH.node, SH.property, SH.qualifiedValueShape, SH.qualifiedMinCount,
    SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint, SH["in"]})


def component_name(p) -> str:
    """The local name of the constraint component of parameter ``p`` (``sh:minCount`` →
    ``MinCountConstraintComponent``)."""
    local = str(p).rsplit("#", 1)[1]
    return local[0].upper() + local[1:] + "ConstraintComponent"


class Compiler:
    """Turns pyshacl's view of a shapes graph into SPARQL expressions.

    ``subclasses`` and ``ill_typed`` describe the data and are set before checks are built
    (runner.py): the classes whose instances count for ``sh:class``, the datatypes with marked
    ill-typed literals."""

    def __init__(self, sg: Graph):
        self.sg = sg
        self.shapes = read_shapes(sg)
        self._n = 0
        self._open: set = set()
        self.subclasses: Callable[[object], set[str]] = lambda c: {str(c)}
        self.ill_typed: set[str] = set()  # datatypes for which ill-typed literals were marked
        self._refuse_unsupported()
        self.audit = audit_of(sg, self.shapes)  # the literals to check for ill-typed ones

    def var(self) -> str:
        self._n += 1
        return f"?x{self._n}"

    def _refuse_unsupported(self) -> None:
        """Refuse, before anything runs, shapes with constructs the compiler does not know."""
        for node in self.shapes:
            for p in set(self.sg.predicates(node, None)):
                if p in CONSTRAINT_PARAMETERS and p not in SUPPORTED:
                    raise UnsupportedShape(f"{p} on shape {node}")
                if p in (SH.target, SH.sparql, SH.rule, SH.expression):
                    raise UnsupportedShape(f"{p} on shape {node}")
            flags = self.sg.value(node, SH.flags)
            if flags is not None and set(str(flags).lower()) - {"i"}:
                raise UnsupportedShape(f"sh:flags {flags!r} on shape {node}")
            if self.sg.value(node, SH.qualifiedValueShapesDisjoint) == Literal(True):
                raise UnsupportedShape(f"sh:qualifiedValueShapesDisjoint on shape {node}")

    # ------------------------------------------------------------ reading a shape

    def shape(self, node):
        try:
            return self.shapes[node]
        except KeyError:
            raise UnsupportedShape(f"{node} is used as a shape but pyshacl does not read it as one") from None

    def params(self, node) -> dict:
        out: dict = {}
        for p, o in self.sg.predicate_objects(node):
            if p in CONSTRAINT_PARAMETERS:
                out.setdefault(p, []).append(o)
        return out

    def one(self, params: dict, p, node):
        values = params.get(p, [])
        if len(values) != 1:
            raise UnsupportedShape(f"{len(values)} values of {p} on shape {node}")
        return values[0]

    def integer(self, params: dict, p, node) -> int:
        v = self.one(params, p, node)
        if not isinstance(v, Literal) or not isinstance(v.value, int):
            raise UnsupportedShape(f"{p} on shape {node} is not an integer")
        return v.value

    # ------------------------------------------------------------ value tests (one value node)

    def value_tests(self, node, params: dict, nested: bool) -> list[tuple[URIRef, URIRef, ValueTest]]:
        """``(component, parameter, test)`` for every constraint of ``node`` that tests each value
        node on its own. ``nested`` tests must be exact."""
        out = []
        for p, values in params.items():
            for value in values:
                test = self._value_test(node, p, value, params, nested)
                if test is None:
                    continue
                component = SH[component_name(p)]
                if nested and not test.exact:
                    raise UnsupportedShape(f"{p} inside a nested shape ({node}) cannot be decided in SPARQL")
                out.append((component, p, test))
        return out

    def _value_test(self, node, p, value, params, nested) -> ValueTest | None:
        if p == SH.datatype:
            if len(params[p]) > 1:
                raise UnsupportedShape(f"several sh:datatype on shape {node}")
            return datatype_test(value, lambda dt: dt in self.ill_typed)
        if p == SH.nodeKind:
            return node_kind_test(node, value)
        if p == SH["class"]:
            return ValueTest(lambda v, c=value: self.class_test(v, c))
        if p == SH.languageIn:
            return language_in_test([str(x).lower() for x in Collection(self.sg, value)])
        if p == SH.pattern:
            return pattern_test(node, value, self.sg.value(node, SH.flags), nested)
        if p in (SH.minLength, SH.maxLength):
            if not isinstance(value, Literal) or not isinstance(value.value, int):
                raise UnsupportedShape(f"{p} on shape {node} is not an integer")
            return length_test(p, value.value, nested)
        if p in (SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive):
            return range_test(node, p, value, nested)
        if p == SH["in"]:
            return in_test(list(Collection(self.sg, value)))
        if p == SH["or"]:
            members = list(Collection(self.sg, value))
            return ValueTest(lambda v, ms=members: "(" + (" || ".join(self.conforms(m, v) for m in ms) or "false") + ")")
        if p == SH["and"]:
            members = list(Collection(self.sg, value))
            return ValueTest(lambda v, ms=members: "(" + (" && ".join(self.conforms(m, v) for m in ms) or "true") + ")")
        if p == SH.xone:
            members = list(Collection(self.sg, value))
            return ValueTest(lambda v, ms=members: "(" + (" + ".join(
                f"IF({self.conforms(m, v)}, 1, 0)" for m in ms) or "0") + " = 1)")
        if p == SH["not"]:
            return ValueTest(lambda v, m=value: f"(!{self.conforms(m, v)})")
        if p == SH.node:
            return ValueTest(lambda v, m=value: self.conforms(m, v))
        return None  # not a per-value constraint

    def class_test(self, v: str, cls) -> str:
        classes = sorted(self.subclasses(cls))
        if len(classes) == 1:
            return f"EXISTS {{ {v} {RDF_TYPE} <{classes[0]}> }}"
        t = self.var()
        listed = ", ".join(f"<{c}>" for c in classes)
        return f"EXISTS {{ {v} {RDF_TYPE} {t} . FILTER({t} IN ({listed})) }}"

    # ------------------------------------------------------------ conformance (nested shapes)

    def conforms(self, node, x: str) -> str:
        """A SPARQL expression, true exactly when ``x`` conforms to the shape ``node``."""
        if node in self._open:
            raise UnsupportedShape(f"recursive shapes ({node})")
        self._open.add(node)
        try:
            return self._conforms(node, x)
        finally:
            self._open.discard(node)

    def _conforms(self, node, x: str) -> str:
        shape = self.shape(node)
        if shape.deactivated:
            return "true"
        params = self.params(node)
        tests = self.value_tests(node, params, nested=True)
        parts = []
        if not shape.is_property_shape:
            if any(p in params for p in (SH.minCount, SH.maxCount, SH.uniqueLang, SH.qualifiedValueShape)):
                raise UnsupportedShape(f"a cardinality constraint on the node shape {node}")
            parts += [test.sparql(x) for _c, _p, test in tests]
            parts += [self.conforms(prop, x) for prop in params.get(SH.property, [])]
            return "(" + " && ".join(parts) + ")" if parts else "true"
        path = path_sparql(self.sg, shape.path())
        for _c, _p, test in tests:
            y = self.var()
            parts.append(f"NOT EXISTS {{ {x} {path} {y} . FILTER(!{test.sparql(y)}) }}")
        for prop in params.get(SH.property, []):  # validated with each value node as focus
            y = self.var()
            parts.append(f"NOT EXISTS {{ {x} {path} {y} . FILTER(!{self.conforms(prop, y)}) }}")
        if SH.minCount in params:
            parts.append(self._at_least(x, path, self.integer(params, SH.minCount, node), None))
        if SH.maxCount in params:
            parts.append("!" + self._at_least(x, path, self.integer(params, SH.maxCount, node) + 1, None))
        if params.get(SH.uniqueLang) == [Literal(True)]:
            y1, y2 = self.var(), self.var()
            parts.append(f"NOT EXISTS {{ {x} {path} {y1} . {x} {path} {y2} . FILTER(!sameTerm({y1}, {y2}) && "
                         f'isLiteral({y1}) && LANG({y1}) != "" && LCASE(LANG({y1})) = LCASE(LANG({y2}))) }}')
        for q in params.get(SH.qualifiedValueShape, []):
            if SH.qualifiedMinCount in params:
                parts.append(self._at_least(x, path, self.integer(params, SH.qualifiedMinCount, node), q))
            if SH.qualifiedMaxCount in params:
                parts.append("!" + self._at_least(x, path, self.integer(params, SH.qualifiedMaxCount, node) + 1, q))
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def _at_least(self, x: str, path: str, n: int, qualified) -> str:
        """True when ``x`` has at least ``n`` distinct values on ``path`` (conforming to
        ``qualified`` if given)."""
        if n <= 0:
            return "true"
        if n > 5:
            raise UnsupportedShape(f"a count of {n} inside a nested shape")
        ys = [self.var() for _ in range(n)]
        triples = " ".join(f"{x} {path} {y} ." for y in ys)
        conds = [f"!sameTerm({a}, {b})" for i, a in enumerate(ys) for b in ys[i + 1:]]
        if qualified is not None:
            conds += [self.conforms(qualified, y) for y in ys]
        filt = f" FILTER({' && '.join(conds)})" if conds else ""
        return f"EXISTS {{ {triples}{filt} }}"


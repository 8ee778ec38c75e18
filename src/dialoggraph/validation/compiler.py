"""SHACL compiled to SPARQL: the same results as pyshacl, computed by pyoxigraph at scale.

pyshacl walks an rdflib graph in Python, node by node: on a million triples and thirty shapes
that takes minutes (plus the rdflib parse). This module reads the shapes graph the way pyshacl
reads it — which nodes are shapes, their targets, severity, messages and paths: :func:`read_shapes`
follows pyshacl's ``ShapesGraph`` and ``Shape`` rule for rule, and the tests compare the two on
every shapes graph they have — and turns every constraint of every targeted shape into a SPARQL
SELECT that returns exactly the (focus node, value) pairs pyshacl would report. pyoxigraph runs
them on a ``Store`` that holds data and ontology (for ``rdfs:subClassOf``). pyshacl itself (and
the SPARQL parser of rdflib it loads, a third of a second) is imported only when a value has to
be decided by its rules or a result needs its wording.

Where SPARQL and pyshacl could disagree, the SPARQL part only *filters*: it lets through what
surely passes, and the few remaining value nodes are decided in Python by pyshacl's own rule on
the rdflib form of the value (patterns on typed literals, value ranges). Ill-typed literals
(``"2016-13-45"^^xsd:date``) are found the same way before the checks run — SPARQL picks the
literals whose lexical form is not plainly well-formed, rdflib decides — and marked in a scratch
named graph, so ``sh:datatype`` is exact even inside ``sh:or``.

Every SHACL construct the compiler does not know raises :class:`UnsupportedShape` naming it;
the caller then validates with pyshacl instead. Nothing is skipped silently.

Known residual: pyoxigraph stores valid literals in canonical form (``"05"^^xsd:integer`` is
kept as ``"5"``, ``"1.50"^^xsd:decimal`` as ``"1.5"``), while pyshacl sees rdflib's
normalisation of the original text. Both agree on validity except for lexical forms XSD 1.1
allows and rdflib rejects (``T24:00:00``), and a reported value may print in the other
canonical form.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import XSDToPython

from dialoggraph.rdf.terms import term_from_rdflib, term_to_rdflib

MARKER_GRAPH = ox.NamedNode("urn:dialoggraph:validation")
ILL_TYPED = ox.NamedNode("urn:dialoggraph:ill-typed")
MARKED_VALUE = ox.NamedNode("urn:dialoggraph:value")

_RDF_TYPE = f"<{RDF.type}>"
_XSD_STRING = f"<{XSD.string}>"
_RDF_LANGSTRING = f"<{RDF.langString}>"


class UnsupportedShape(Exception):
    """The shapes use a SHACL construct the compiler cannot translate exactly."""


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class RawResult:
    """One validation result in pyshacl's terms, before it is formatted for people."""

    focus: object  # pyoxigraph term
    path: object  # rdflib path node from the shapes graph, or None
    value: object  # pyoxigraph term or None
    shape: object  # rdflib node of the source shape
    severity: URIRef
    component: URIRef  # sh:sourceConstraintComponent


# ---------------------------------------------------------------- the shapes, as pyshacl reads them

#: pyshacl's ``ALL_CONSTRAINT_PARAMETERS`` (pyshacl/constraints/__init__.py): the predicates that
#: make a node a shape and that a shape is checked for (a test keeps the two lists equal).
CONSTRAINT_PARAMETERS = frozenset(SH[name] for name in (
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive",
    "maxExclusive", "maxInclusive", "not", "and", "or", "xone", "minLength", "maxLength", "pattern",
    "languageIn", "uniqueLang", "equals", "disjoint", "lessThan", "lessThanOrEquals", "node",
    "property", "qualifiedValueShape", "qualifiedMinCount", "qualifiedValueShapesDisjoint",
    "qualifiedMaxCount", "closed", "ignoredProperties", "hasValue", "in", "sparql"))


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


# ---------------------------------------------------------------- SPARQL helpers


def _sparql_term(term) -> str:
    """An rdflib term written in SPARQL (N-Triples syntax is valid SPARQL)."""
    if isinstance(term, BNode):
        raise UnsupportedShape(f"a blank node ({term}) as a constraint parameter value")
    return str(term_from_rdflib(term))


def _path_sparql(sg: Graph, path) -> str:
    """A SHACL property path as a SPARQL property path (the semantics are the same: both are
    sets of value nodes)."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if isinstance(path, BNode):
        inverse = sg.value(path, SH.inversePath)
        if inverse is not None:
            return f"^({_path_sparql(sg, inverse)})"
        alternatives = sg.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(_path_sparql(sg, p) for p in Collection(sg, alternatives)) + ")"
        for prop, op in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            inner = sg.value(path, prop)
            if inner is not None:
                return f"({_path_sparql(sg, inner)}){op}"
        if sg.value(path, RDF.first) is not None:
            steps = list(Collection(sg, path))
            if len(steps) < 2:
                raise UnsupportedShape("a sequence path with fewer than two steps")
            return "(" + "/".join(_path_sparql(sg, p) for p in steps) + ")"
    raise UnsupportedShape(f"the property path {path!r}")


def _path_predicates(sg: Graph, path, out: set[str]) -> None:
    """Every predicate IRI a path mentions."""
    if isinstance(path, URIRef):
        out.add(str(path))
        return
    for o in sg.objects(path, None):
        _path_predicates(sg, o, out)
    if sg.value(path, RDF.first) is not None:
        for step in Collection(sg, path):
            _path_predicates(sg, step, out)


def _string_literal(text: str) -> str:
    return str(ox.Literal(text))


# Python's ``re`` and the regex dialect of pyoxigraph (Rust ``regex``) agree on this subset:
# literal characters, escaped punctuation, ``. ^ $ | ( ) (?:``, greedy and lazy quantifiers,
# ``\d`` and character classes with ranges. Anything else (``\w``, ``\s``, ``\b``, look-around,
# back references, inline flags, class set operations) is decided in Python instead.
_META = set("\\|.?*+(){}-[]^$")
_QUANTIFIER = re.compile(r"\{[0-9]+(,[0-9]*)?\}")


def _translate_pattern(pattern: str) -> tuple[str, bool] | None:
    """``(pattern for pyoxigraph, depends_on_newlines)``, or ``None`` outside the safe subset.

    ``depends_on_newlines``: the pattern holds ``$``, which Python also matches before a final
    newline and Rust does not."""
    out: list[str] = []
    i, in_class, dollar = 0, False, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            n = pattern[i + 1] if i + 1 < len(pattern) else ""
            if n == "d" or n in _META and n:
                out.append("\\" + n)
            elif n and n.isascii() and n.isprintable() and not n.isalnum() and n not in "&~#<> " :
                out.append(n)  # escaped punctuation without special meaning: a literal either way
            else:
                return None
            i += 2
            continue
        if in_class:
            if c == "[" or c in "&~":
                return None
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if pattern.startswith("[]", i) or pattern.startswith("[^]", i):
                return None
        elif c == "(" and pattern.startswith("(?", i) and not pattern.startswith("(?:", i):
            return None
        elif c == "{":
            m = _QUANTIFIER.match(pattern, i)
            if not m or i == 0:
                return None
            out.append(m.group(0))
            i = m.end()
            if i < len(pattern) and pattern[i] == "+":
                return None
            continue
        elif c in "*+?" and i + 1 < len(pattern) and pattern[i + 1] == "+":
            return None  # possessive quantifiers: Python only
        elif c == "$":
            dollar = True
        elif c in "&~#<> " or not c.isprintable():
            pass  # literal characters in both dialects
        out.append(c)
        i += 1
    if in_class:
        return None
    return "".join(out), dollar


# ---------------------------------------------------------------- value tests


@dataclass
class ValueTest:
    """A test of one value node. ``sparql(var)`` is true only when pyshacl would let the value
    pass; when ``python`` is set, values failing ``sparql`` are decided by it (on the rdflib form
    of the value), otherwise ``sparql`` is exact."""

    sparql: Callable[[str], str]
    python: Callable[[object], bool] | None = None

    @property
    def exact(self) -> bool:
        return self.python is None


class Compiler:
    """Turns pyshacl's view of a shapes graph into SPARQL checks."""

    def __init__(self, sg: Graph):
        self.sg = sg
        self.shapes = read_shapes(sg)
        self.constraint_parameters = CONSTRAINT_PARAMETERS
        self._n = 0
        self._open: set = set()
        self.subclasses: Callable[[object], set[str]] = lambda c: {str(c)}
        self.ill_typed: set[str] = set()  # datatypes for which ill-typed literals were marked
        self.audit_datatypes: set[str] = set()
        self.audit_predicates: set[str] = set()
        self.audit_everything = False
        self._check_shapes()

    def var(self) -> str:
        self._n += 1
        return f"?x{self._n}"

    # ------------------------------------------------------------ what the shapes use

    def _check_shapes(self) -> None:
        """Refuse, before anything runs, shapes with constructs the compiler does not know, and
        note which datatypes and predicates the ill-typed-literal audit must cover."""
        supported = {SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minExclusive,
                     SH.minInclusive, SH.maxExclusive, SH.maxInclusive, SH["not"], SH["and"], SH["or"],
                     SH.xone, SH.minLength, SH.maxLength, SH.pattern, SH.languageIn, SH.uniqueLang,
                     SH.node, SH.property, SH.qualifiedValueShape, SH.qualifiedMinCount,
                     SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint, SH["in"]}
        for node, shape in self.shapes.items():
            for p in set(self.sg.predicates(node, None)):
                if p in self.constraint_parameters and p not in supported:
                    raise UnsupportedShape(f"{p} on shape {node}")
                if p in (SH.target, SH.sparql, SH.rule, SH.expression):
                    raise UnsupportedShape(f"{p} on shape {node}")
            flags = self.sg.value(node, SH.flags)
            if flags is not None and set(str(flags).lower()) - {"i"}:
                raise UnsupportedShape(f"sh:flags {flags!r} on shape {node}")
            if self.sg.value(node, SH.qualifiedValueShapesDisjoint) == Literal(True):
                raise UnsupportedShape(f"sh:qualifiedValueShapesDisjoint on shape {node}")
            audited = [dt for dt in self.sg.objects(node, SH.datatype) if dt in XSDToPython and dt != XSD.string]
            if audited:
                self.audit_datatypes.update(str(dt) for dt in audited)
                predicates = self._value_predicates(node, set())
                if predicates is None:
                    self.audit_everything = True
                else:
                    self.audit_predicates |= predicates

    def _value_predicates(self, node, seen: set) -> set[str] | None:
        """The predicates whose objects can be value nodes of ``node`` (``None``: any node, e.g.
        a literal ``sh:targetNode``): its path's for a property shape; for a node shape, those
        of the shapes that hand it their value nodes (sh:or/and/xone/not/node/qualifiedValueShape)
        and of ``sh:targetObjectsOf``."""
        if node in seen:
            return set()
        seen.add(node)
        shape = self.shapes.get(node)
        out: set[str] = set()
        if shape is not None and shape.is_property_shape:
            _path_predicates(self.sg, shape.path(), out)
            return out
        if any(isinstance(n, Literal) for n in self.sg.objects(node, SH.targetNode)):
            return None
        out.update(str(p) for p in self.sg.objects(node, SH.targetObjectsOf))
        parents = [p for param in (SH["not"], SH.node, SH.qualifiedValueShape) for p in self.sg.subjects(param, node)]
        for cell in self.sg.subjects(RDF.first, node):  # a member of an sh:or/sh:and/sh:xone list
            head = cell
            while (prev := self.sg.value(None, RDF.rest, head)) is not None:
                head = prev
            parents += [p for param in (SH["or"], SH["and"], SH.xone) for p in self.sg.subjects(param, head)]
        for parent in parents:
            more = self._value_predicates(parent, seen)
            if more is None:
                return None
            out |= more
        return out

    def shape(self, node):
        try:
            return self.shapes[node]
        except KeyError:
            raise UnsupportedShape(f"{node} is used as a shape but pyshacl does not read it as one") from None

    def params(self, node) -> dict:
        out: dict = {}
        for p, o in self.sg.predicate_objects(node):
            if p in self.constraint_parameters:
                out.setdefault(p, []).append(o)
        return out

    def _one(self, params: dict, p, node):
        values = params.get(p, [])
        if len(values) != 1:
            raise UnsupportedShape(f"{len(values)} values of {p} on shape {node}")
        return values[0]

    def _int(self, params: dict, p, node) -> int:
        v = self._one(params, p, node)
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
                component = SH[self._component_name(p)]
                if nested and not test.exact:
                    raise UnsupportedShape(f"{p} inside a nested shape ({node}) cannot be decided in SPARQL")
                out.append((component, p, test))
        return out

    @staticmethod
    def _component_name(p) -> str:
        local = str(p).rsplit("#", 1)[1]
        return local[0].upper() + local[1:] + "ConstraintComponent"

    def _value_test(self, node, p, value, params, nested) -> ValueTest | None:
        if p == SH.datatype:
            if len(params[p]) > 1:
                raise UnsupportedShape(f"several sh:datatype on shape {node}")
            return self._datatype_test(value)
        if p == SH.nodeKind:
            kinds = {SH.IRI: ("isIRI",), SH.BlankNode: ("isBlank",), SH.Literal: ("isLiteral",),
                     SH.BlankNodeOrIRI: ("isBlank", "isIRI"), SH.BlankNodeOrLiteral: ("isBlank", "isLiteral"),
                     SH.IRIOrLiteral: ("isIRI", "isLiteral")}
            if value not in kinds:
                raise UnsupportedShape(f"sh:nodeKind {value} on shape {node}")
            fns = kinds[value]
            return ValueTest(lambda v, fns=fns: "(" + " || ".join(f"{f}({v})" for f in fns) + ")")
        if p == SH["class"]:
            return ValueTest(lambda v, c=value: self.class_test(v, c))
        if p == SH.languageIn:
            langs = [str(x).lower() for x in Collection(self.sg, value)]
            if "*" in langs:
                return ValueTest(lambda v: f'(isLiteral({v}) && LANG({v}) != "")')
            listed = ", ".join(_string_literal(x) for x in langs)
            return ValueTest(lambda v: (
                f'(isLiteral({v}) && LANG({v}) != "" && (LCASE(LANG({v})) IN ({listed}) || '
                f'LCASE(IF(CONTAINS(LANG({v}), "-"), STRBEFORE(LANG({v}), "-"), LANG({v}))) IN ({listed})))'))
        if p == SH.pattern:
            return self._pattern_test(node, value, nested)
        if p in (SH.minLength, SH.maxLength):
            if not isinstance(value, Literal) or not isinstance(value.value, int):
                raise UnsupportedShape(f"{p} on shape {node} is not an integer")
            return self._length_test(p, value.value, nested)
        if p in (SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive):
            return self._range_test(node, p, value, nested)
        if p == SH["in"]:
            members = list(Collection(self.sg, value))
            if not members:
                return ValueTest(lambda v: "false")
            listed = [_sparql_term(m) for m in members]
            return ValueTest(lambda v: "(" + " || ".join(f"sameTerm({v}, {m})" for m in listed) + ")")
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
            return f"EXISTS {{ {v} {_RDF_TYPE} <{classes[0]}> }}"
        t = self.var()
        listed = ", ".join(f"<{c}>" for c in classes)
        return f"EXISTS {{ {v} {_RDF_TYPE} {t} . FILTER({t} IN ({listed})) }}"

    def _datatype_test(self, dt) -> ValueTest:
        if dt == RDFS.Literal:
            return ValueTest(lambda v: f"isLiteral({v})")
        if dt == RDFS.Datatype:
            return ValueTest(lambda v: f"(isLiteral({v}) && datatype({v}) NOT IN ({_XSD_STRING}, {_RDF_LANGSTRING}))")
        if dt == RDF.langString:
            return ValueTest(lambda v: f'(isLiteral({v}) && LANG({v}) != "")')
        if dt == XSD.string:
            return ValueTest(lambda v: f'(isLiteral({v}) && LANG({v}) = "" && datatype({v}) = {_XSD_STRING})')

        def test(v, dt=str(dt)):
            base = f"(isLiteral({v}) && datatype({v}) = <{dt}>"
            if dt in self.ill_typed:
                base += f" && NOT EXISTS {{ GRAPH <{MARKER_GRAPH.value}> {{ <{ILL_TYPED.value}> <{MARKED_VALUE.value}> {v} }} }}"
            return base + ")"
        return ValueTest(test)

    def _pattern_test(self, node, pattern, nested) -> ValueTest:
        flags = self.sg.value(node, SH.flags)
        case_insensitive = flags is not None and "i" in str(flags).lower()
        regex = re.compile(str(pattern), re.I if case_insensitive else 0)
        translated = _translate_pattern(str(pattern))

        def python(v) -> bool:
            if isinstance(v, BNode):
                return False
            return regex.search(_value_string(v)) is not None

        if translated is None:
            if nested:
                raise UnsupportedShape(f"sh:pattern {str(pattern)!r} on shape {node} is outside the regex subset "
                                       "SPARQL and Python agree on")
            return ValueTest(lambda v: "false", python)
        rx, dollar = translated
        args = _string_literal(rx) + (', "i"' if case_insensitive else "")
        if nested:
            if dollar:
                raise UnsupportedShape(f"sh:pattern {str(pattern)!r} in a nested shape ({node}) ends in $, "
                                       "which Python and SPARQL read differently before a newline")
            return ValueTest(lambda v: f"((isIRI({v}) || isLiteral({v})) && REGEX(STR({v}), {args}))")

        def sparql(v) -> str:
            # Typed literals other than strings print differently in rdflib: Python decides them.
            text = f"isLiteral({v}) && datatype({v}) IN ({_XSD_STRING}, {_RDF_LANGSTRING})"
            if dollar:
                text += f' && !CONTAINS(STR({v}), "\\n")'
            return f"((isIRI({v}) || {text}) && REGEX(STR({v}), {args}))"
        return ValueTest(sparql, python)

    def _length_test(self, p, n: int, nested) -> ValueTest:
        op = ">=" if p == SH.minLength else "<="
        if p == SH.minLength and n == 0:
            return ValueTest(lambda v: "true")

        def python(v) -> bool:
            if isinstance(v, BNode):
                return False
            s = _value_string(v)
            return len(s) >= n if p == SH.minLength else len(s) <= n
        if nested:
            return ValueTest(lambda v: f"((isIRI({v}) || isLiteral({v})) && STRLEN(STR({v})) {op} {n})")
        return ValueTest(lambda v: (f"((isIRI({v}) || isLiteral({v}) && datatype({v}) IN ({_XSD_STRING}, "
                                    f"{_RDF_LANGSTRING})) && STRLEN(STR({v})) {op} {n})"), python)

    def _range_test(self, node, p, rule, nested) -> ValueTest:
        if nested:
            raise UnsupportedShape(f"{p} inside a nested shape ({node})")
        if not isinstance(rule, Literal):
            raise UnsupportedShape(f"{p} on shape {node} is not a literal")
        op = {SH.minInclusive: ">=", SH.minExclusive: ">", SH.maxInclusive: "<=", SH.maxExclusive: "<"}[p]

        def python(v) -> bool:  # pyshacl's rule, verbatim in effect
            from pyshacl.rdfutil.compare import compare_literal

            if not isinstance(v, Literal):
                return False
            rule_is_string, v_is_string = isinstance(rule.value, str), isinstance(v.value, str)
            if rule_is_string != v_is_string:
                return False
            try:
                cmp = compare_literal(v, rule)
            except (TypeError, NotImplementedError):
                return False
            return {">=": cmp >= 0, ">": cmp > 0, "<=": cmp <= 0, "<": cmp < 0}[op]
        numeric = (XSD.integer, XSD.decimal)
        if rule.datatype not in numeric or rule.ill_typed:
            return ValueTest(lambda v: "false", python)
        r = _sparql_term(rule)
        listed = ", ".join(f"<{d}>" for d in numeric)
        return ValueTest(lambda v: f"COALESCE(isLiteral({v}) && datatype({v}) IN ({listed}) && {v} {op} {r}, false)",
                         python)

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
        path = _path_sparql(self.sg, shape.path())
        for _c, _p, test in tests:
            y = self.var()
            parts.append(f"NOT EXISTS {{ {x} {path} {y} . FILTER(!{test.sparql(y)}) }}")
        for prop in params.get(SH.property, []):  # validated with each value node as focus
            y = self.var()
            parts.append(f"NOT EXISTS {{ {x} {path} {y} . FILTER(!{self.conforms(prop, y)}) }}")
        if SH.minCount in params:
            parts.append(self._at_least(x, path, self._int(params, SH.minCount, node), None))
        if SH.maxCount in params:
            parts.append("!" + self._at_least(x, path, self._int(params, SH.maxCount, node) + 1, None))
        if params.get(SH.uniqueLang) == [Literal(True)]:
            y1, y2 = self.var(), self.var()
            parts.append(f"NOT EXISTS {{ {x} {path} {y1} . {x} {path} {y2} . FILTER(!sameTerm({y1}, {y2}) && "
                         f'isLiteral({y1}) && LANG({y1}) != "" && LCASE(LANG({y1})) = LCASE(LANG({y2}))) }}')
        for q in params.get(SH.qualifiedValueShape, []):
            if SH.qualifiedMinCount in params:
                parts.append(self._at_least(x, path, self._int(params, SH.qualifiedMinCount, node), q))
            if SH.qualifiedMaxCount in params:
                parts.append("!" + self._at_least(x, path, self._int(params, SH.qualifiedMaxCount, node) + 1, q))
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


def _value_string(v) -> str:
    """pyshacl's string form of a value node (``StringBasedConstraintBase.value_node_to_string``)."""
    if isinstance(v, Literal):
        if v.value is not None and v.datatype in (None, RDF.langString, XSD.string):
            return str(v.value)
        return str(v)
    return str(v)


# ---------------------------------------------------------------- checks


@dataclass
class Check:
    """One SPARQL query; each row it returns (after the Python decision, if any) is a result.

    A *batched* check tests several constraints of one shape in one pass over its focus and
    value nodes: ``tests`` name the boolean columns ``?f0 ?f1 …`` (false = the value did not
    surely pass), ``min_one``/``max_one`` read an unbound ``?value`` / a bound ``?dup``."""

    shape: object
    component: URIRef | None
    query: str
    value_is_focus: bool = False  # node-level tests: the value is the focus node (no ?value)
    tests: list[tuple[URIRef, Callable[[object], bool] | None]] = field(default_factory=list)
    min_one: bool = False
    max_one: bool = False
    count_bounds: tuple[int, int | None] | None = None  # sh:qualifiedMin/MaxCount, read from ?n


class CompiledShapes:
    """The checks of a shapes graph, ready to run on any store."""

    def __init__(self, shapes: Graph):
        self.sg = shapes
        self.compiler = Compiler(shapes)
        self._generic_messages: dict = {}
        self._pyshacl_shapes: dict | None = None

    # ------------------------------------------------------------ targets

    def _focus(self, shape) -> Callable[[str], str] | None:
        nodes, classes, implicit, objects_of, subjects_of = (list(x) for x in shape.target())
        classes = set(classes) | set(implicit)
        if not (nodes or classes or objects_of or subjects_of):
            return None
        c = self.compiler

        def focus(var: str) -> str:
            parts = []
            if nodes:
                parts.append(f"VALUES {var} {{ {' '.join(_sparql_term(n) for n in nodes)} }}")
            all_classes = sorted(set().union(*(c.subclasses(k) for k in classes))) if classes else []
            if len(all_classes) == 1:
                parts.append(f"{var} {_RDF_TYPE} <{all_classes[0]}> .")
            elif all_classes:
                t = c.var()
                parts.append(f"VALUES {t} {{ {' '.join(f'<{k}>' for k in all_classes)} }} {var} {_RDF_TYPE} {t} .")
            for p in subjects_of:
                parts.append(f"{var} {_sparql_term(p)} {c.var()} .")
            for p in objects_of:
                parts.append(f"{c.var()} {_sparql_term(p)} {var} .")
            if len(parts) == 1:
                return parts[0]
            return " UNION ".join(f"{{ {p} }}" for p in parts)
        return focus

    def checks(self) -> list[Check]:
        out: list[Check] = []
        for node, shape in self.compiler.shapes.items():
            if shape.deactivated:
                continue
            focus = self._focus(shape)
            if focus is not None:
                self._shape_checks(node, focus, out)
        return out

    def _shape_checks(self, node, focus: Callable[[str], str], out: list[Check], stack: tuple = ()) -> None:
        """Checks for ``node`` validated on the focus nodes ``focus`` binds (pyshacl's
        ``Shape.validate``): its own constraints, and its property shapes on the same focus."""
        c = self.compiler
        shape = c.shape(node)
        if shape.deactivated:
            return
        if node in stack:
            raise UnsupportedShape(f"recursive shapes ({node})")
        stack = stack + (node,)
        for target in c.params(node).get(SH.node, []):
            if c.shape(target).is_property_shape:
                raise UnsupportedShape(f"sh:node {target} is a property shape")
        params = c.params(node)
        if not shape.is_property_shape:
            if any(p in params for p in (SH.minCount, SH.maxCount, SH.uniqueLang, SH.qualifiedValueShape)):
                raise UnsupportedShape(f"a cardinality constraint on the node shape {node}")
            tests = c.value_tests(node, params, nested=False)
            if tests:
                binds = " ".join(f"BIND(COALESCE({t.sparql('?this')}, false) AS ?f{i})" for i, (_c, _p, t) in enumerate(tests))
                fails = " || ".join(f"!?f{i}" for i in range(len(tests)))
                out.append(Check(node, None, f"SELECT ?this {' '.join(f'?f{i}' for i in range(len(tests)))} "
                                             f"WHERE {{ {focus('?this')} {binds} FILTER({fails}) }}",
                                 value_is_focus=True, tests=[(comp, t.python) for comp, _p, t in tests]))
            for prop in params.get(SH.property, []):
                self._shape_checks(prop, focus, out, stack)
            for target in params.get(SH.node, []):  # pyshacl nests their results as sh:detail
                self._shape_checks(target, focus, out, stack)
            return
        path = _path_sparql(c.sg, shape.path())
        f = focus("?this")
        # One pass over focus and value nodes for the value tests, sh:minCount 1 and sh:maxCount 1.
        tests = c.value_tests(node, params, nested=False)
        min_count = c._int(params, SH.minCount, node) if SH.minCount in params else 0
        max_count = c._int(params, SH.maxCount, node) if SH.maxCount in params else None
        min_one, max_one = min_count == 1, max_count == 1
        if tests or min_one or max_one:
            # IF(BOUND…): a test of an unbound value would match anything (EXISTS { ?value a ?t }).
            binds = " ".join(f"BIND(IF(BOUND(?value), COALESCE({t.sparql('?value')}, false), true) AS ?f{i})"
                             for i, (_c, _p, t) in enumerate(tests))
            fails = [f"!?f{i}" for i in range(len(tests))]
            if min_one:
                fails.append("!BOUND(?value)")
            dup = ""
            if max_one:
                dup = f"OPTIONAL {{ ?this {path} ?dup . FILTER(!sameTerm(?dup, ?value)) }} "
                fails.append("BOUND(?dup)")
            out.append(Check(node, None,
                             f"SELECT ?this ?value ?dup {' '.join(f'?f{i}' for i in range(len(tests)))} WHERE {{ {f} "
                             f"OPTIONAL {{ ?this {path} ?value }} {dup}{binds} FILTER({' || '.join(fails)}) }}",
                             tests=[(comp, t.python) for comp, _p, t in tests],
                             min_one=min_one, max_one=max_one))
        if min_count > 1:
            out.append(Check(node, SH.MinCountConstraintComponent,
                             f"SELECT ?this WHERE {{ {f} OPTIONAL {{ ?this {path} ?v }} }} "
                             f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {min_count})"))
        if max_count is not None and max_count != 1:
            out.append(Check(node, SH.MaxCountConstraintComponent,
                             f"SELECT ?this WHERE {{ {f} ?this {path} ?v }} "
                             f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {max_count})"))
        if SH.uniqueLang in params:
            flag = c._one(params, SH.uniqueLang, node)
            if not isinstance(flag, Literal) or not isinstance(flag.value, bool):
                raise UnsupportedShape(f"sh:uniqueLang on shape {node} is not a boolean")
            if flag.value:
                out.append(Check(node, SH.UniqueLangConstraintComponent,
                                 f"SELECT DISTINCT ?this WHERE {{ {f} ?this {path} ?a . ?this {path} ?b . "
                                 f'FILTER(!sameTerm(?a, ?b) && isLiteral(?a) && LANG(?a) != "" && '
                                 f"LCASE(LANG(?a)) = LCASE(LANG(?b))) }}"))
        for q in params.get(SH.qualifiedValueShape, []):
            qmin = c._int(params, SH.qualifiedMinCount, node) if SH.qualifiedMinCount in params else None
            qmax = c._int(params, SH.qualifiedMaxCount, node) if SH.qualifiedMaxCount in params else None
            v = c.var()
            if qmin == 1 and qmax is None:
                out.append(Check(node, SH.QualifiedMinCountConstraintComponent,
                                 f"SELECT DISTINCT ?this WHERE {{ {f} FILTER NOT EXISTS {{ ?this {path} {v} . "
                                 f"FILTER({c.conforms(q, v)}) }} }}"))
            elif qmin is not None and qmin > 0:  # one count for both bounds
                count = f"COUNT(DISTINCT {v})"  # HAVING sees aggregates, not the SELECT's names
                having = f"{count} < {qmin}" + (f" || {count} > {qmax}" if qmax is not None else "")
                out.append(Check(node, None,
                                 f"SELECT ?this (COUNT(DISTINCT {v}) AS ?n) WHERE {{ {f} OPTIONAL {{ ?this {path} {v} . "
                                 f"FILTER({c.conforms(q, v)}) }} }} GROUP BY ?this HAVING ({having})",
                                 count_bounds=(qmin, qmax)))
            elif qmax is not None:
                out.append(Check(node, SH.QualifiedMaxCountConstraintComponent,
                                 f"SELECT ?this WHERE {{ {f} ?this {path} {v} . FILTER({c.conforms(q, v)}) }} "
                                 f"GROUP BY ?this HAVING (COUNT(DISTINCT {v}) > {qmax})"))
        # sh:property inside a property shape is validated with each value node as focus; the
        # shapes of sh:node too (pyshacl reports their results as sh:detail of the sh:node one).
        def values(var: str, f=focus, path=path) -> str:
            outer = c.var()
            return f"{{ SELECT DISTINCT {var} WHERE {{ {f(outer)} {outer} {path} {var} . }} }}"
        for inner in params.get(SH.property, []) + params.get(SH.node, []):
            self._shape_checks(inner, values, out, stack)

    # ------------------------------------------------------------ running

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
        if store.contains_named_graph(MARKER_GRAPH):
            store.remove_graph(MARKER_GRAPH)
        c.ill_typed = set()
        if c.audit_datatypes:
            for literal in _ill_typed_literals(store, c.audit_datatypes,
                                               None if c.audit_everything else c.audit_predicates):
                store.add(ox.Quad(ILL_TYPED, MARKED_VALUE, literal, MARKER_GRAPH))
                c.ill_typed.add(literal.datatype.value)

    def run(self, store: ox.Store) -> list[RawResult]:
        """Every result of the shapes on the data in ``store`` (default graph)."""
        self.prepare_store(store)
        try:
            checks = self.checks()
            results: set[RawResult] = set()
            for check in checks:
                results.update(self._run_check(store, check))
            return sorted(results, key=lambda r: (str(r.focus), str(r.shape), str(r.component), str(r.value)))
        finally:
            if store.contains_named_graph(MARKER_GRAPH):
                store.remove_graph(MARKER_GRAPH)

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
        from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
        from pyshacl.shapes_graph import ShapesGraph

        key = (result.shape, result.component)
        if key not in self._generic_messages:
            if self._pyshacl_shapes is None:  # pyshacl's own shape objects, for its wording
                self._pyshacl_shapes = {s.node: s for s in ShapesGraph(self.sg).shapes}
            shape = self._pyshacl_shapes[result.shape]
            params = self.compiler.params(result.shape)
            wanted = {"QualifiedMinCountConstraintComponent": SH.qualifiedValueShape,
                      "QualifiedMaxCountConstraintComponent": SH.qualifiedValueShape}
            local = str(result.component).rsplit("#", 1)[1]
            param = wanted.get(local) or next(p for p in params if self.compiler._component_name(p) == local)
            self._generic_messages[key] = CONSTRAINT_PARAMETERS_MAP[param](shape)
        component = self._generic_messages[key]
        data = Graph()
        focus = term_to_rdflib(result.focus)
        value = term_to_rdflib(result.value) if result.value is not None else None
        return [str(m) for m in component.make_generic_messages(data, focus, value)]


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
    out = []
    for row in store.query(query):
        from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent

        literal = row["o"]
        rd = term_to_rdflib(literal)
        if getattr(rd, "ill_typed", None) is True or \
                not DatatypeConstraintComponent._assert_actual_datatype(None, rd, rd.datatype):
            out.append(literal)
    return out


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


# ---------------------------------------------------------------- entry points


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile ``shapes``; raise :class:`UnsupportedShape` if any construct cannot be."""
    compiled = CompiledShapes(shapes)
    # Compile once against a dummy hierarchy so unsupported constructs surface now, not mid-run.
    compiled.checks()
    return compiled


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


def validate_store(settings, store: ox.Store, shapes: Graph,
                   origin: dict[str, Path] | None = None, compiled: CompiledShapes | None = None):
    """Validate the data in ``store`` against ``shapes``: a :class:`validate.ValidationReport`
    with the same results (and wording) as pyshacl's."""
    compiled = compiled or compile_shapes(shapes)
    return report_of(settings, compiled, compiled.run(store), origin)


def report_of(settings, compiled: CompiledShapes, results: list[RawResult], origin: dict[str, Path] | None = None):
    """Raw results → the report the CLI prints (validate.py formats pyshacl's the same way)."""
    from .engine import ValidationReport, ValidationResult, _path_text, _short, sort_results

    shapes = compiled.sg
    origin = origin or {}
    out = []
    for r in results:
        shape = compiled.compiler.shape(r.shape)
        messages = sorted(str(m) for m in shape.message) or sorted(compiled.generic_messages(r))
        focus = term_to_rdflib(r.focus)
        shape_name = str(r.shape) if isinstance(r.shape, URIRef) else (
            f"property shape on {_path_text(shapes, r.path)}" if r.path is not None else "anonymous shape")
        out.append(ValidationResult(
            severity=str(r.severity).rsplit("#", 1)[-1],
            focus=_short(focus, settings.base_iri),
            path=_path_text(shapes, r.path),
            value=_short(term_to_rdflib(r.value), settings.base_iri) if r.value is not None else "",
            message=" | ".join(messages) or "(no message)",
            shape=shape_name,
            origin=str(origin.get(str(focus), "")),
        ))
    return ValidationReport(sort_results(out), engine="sparql")

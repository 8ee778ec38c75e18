"""Every use of pySHACL's internals, in one module, for the pySHACL minor version it is tested with.

The compiled engine must report exactly what pySHACL reports, and pySHACL's public API (``validate``)
offers no way to ask it the few rules it applies value by value, nor its wording. So this module
calls them (each one an :class:`Internal` below, with the reason beside it):

- ``compare_literal``: the order ``sh:minInclusive`` & co. use, for the values SPARQL leaves to Python;
- ``DatatypeConstraintComponent._assert_actual_datatype``: whether a literal is well-typed by
  ``sh:datatype``'s rule — an instance method that never reads ``self``, called unbound with ``None``;
- ``ShapesGraph``, ``CONSTRAINT_PARAMETERS_MAP``, ``ConstraintComponent.make_generic_messages``:
  pySHACL's wording of a result whose shape has no ``sh:message``;

and keeps copies of two rules read on every value, so that the default build never imports
pySHACL (its import, with rdflib's SPARQL parser, costs a third of a second):
``ALL_CONSTRAINT_PARAMETERS`` (:data:`CONSTRAINT_PARAMETERS`) and
``StringBasedConstraintBase.value_node_to_string`` (:func:`value_string`).

pySHACL is imported only when one of these is used. An internal that is gone raises
:class:`PyshaclInternalsChanged` naming it and the installed version; tests/test_pyshacl_compat.py
checks every internal's place, signature and behaviour (against ``pyshacl.validate`` itself) and
the copies against their originals, so a pySHACL release that changes one fails the suite with its
name instead of changing results. pyproject.toml pins pySHACL to :data:`TESTED_WITH`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH, XSD

#: the pySHACL minor version this module is tested with (pyproject.toml pins ``~=`` to it)
TESTED_WITH = "0.40"


class PyshaclInternalsChanged(RuntimeError):
    """An internal of pySHACL this module uses is gone or no longer what it was."""


def pyshacl_version() -> str:
    from importlib.metadata import version

    return version("pyshacl")


def changed(internal: object, what: str) -> PyshaclInternalsChanged:
    """The error for ``internal`` (its dotted name) having changed: names it and both versions."""
    return PyshaclInternalsChanged(f"pySHACL {pyshacl_version()}: {internal} {what} (dialoggraph's "
                                   f"validation/pyshacl_compat.py is tested with pySHACL {TESTED_WITH}.x)")


@dataclass(frozen=True)
class Internal:
    """One internal of pySHACL: where it is, how this module calls it, and why."""

    module: str
    name: str  # attribute path inside the module (``Class.method``)
    parameters: tuple[str, ...] | None  # the leading parameters it is called with; None: not called
    why: str

    def __str__(self) -> str:
        return f"{self.module}.{self.name}"

    def load(self):
        try:
            found = importlib.import_module(self.module)
            for part in self.name.split("."):
                found = getattr(found, part)
        except (ImportError, AttributeError) as exc:
            raise changed(self, f"is not there any more ({exc})") from exc
        return found


COMPARE_LITERAL = Internal(
    "pyshacl.rdfutil.compare", "compare_literal", ("l1", "l2"),
    "the order of sh:minInclusive/minExclusive/maxInclusive/maxExclusive for values SPARQL cannot decide")
ASSERT_DATATYPE = Internal(
    "pyshacl.constraints.core.value_constraints", "DatatypeConstraintComponent._assert_actual_datatype",
    ("self", "value_node", "datatype_rule"),
    "sh:datatype's rule for a literal of the rule's datatype (ill-typed literals); does not read self")
SHAPES_GRAPH = Internal(
    "pyshacl.shapes_graph", "ShapesGraph", ("graph",),
    "pySHACL's shape objects, which its constraint components are made from (generic messages)")
PARAMETERS_MAP = Internal(
    "pyshacl.constraints", "CONSTRAINT_PARAMETERS_MAP", None,
    "the constraint component class pySHACL makes for a parameter (generic messages)")
GENERIC_MESSAGES = Internal(
    "pyshacl.constraints.constraint_component", "ConstraintComponent.make_generic_messages",
    ("self", "datagraph", "focus_node", "value_node"),
    "pySHACL's wording of a result whose shape has no sh:message")
ALL_PARAMETERS = Internal(
    "pyshacl.constraints", "ALL_CONSTRAINT_PARAMETERS", None,
    "the original of CONSTRAINT_PARAMETERS: which predicates make a node a shape")
VALUE_TO_STRING = Internal(
    "pyshacl.constraints.core.string_based_constraints", "StringBasedConstraintBase.value_node_to_string", ("v",),
    "the original of value_string: the text sh:pattern and sh:min/maxLength test")

INTERNALS = (COMPARE_LITERAL, ASSERT_DATATYPE, SHAPES_GRAPH, PARAMETERS_MAP, GENERIC_MESSAGES, ALL_PARAMETERS,
             VALUE_TO_STRING)


# ---------------------------------------------------------------- copies (pySHACL is not imported)

#: pySHACL's ``ALL_CONSTRAINT_PARAMETERS``: the predicates that make a node a shape and that a
#: shape is checked for.
CONSTRAINT_PARAMETERS = frozenset(SH[name] for name in (
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive",
    "maxExclusive", "maxInclusive", "not", "and", "or", "xone", "minLength", "maxLength", "pattern",
    "languageIn", "uniqueLang", "equals", "disjoint", "lessThan", "lessThanOrEquals", "node",
    "property", "qualifiedValueShape", "qualifiedMinCount", "qualifiedValueShapesDisjoint",
    "qualifiedMaxCount", "closed", "ignoredProperties", "hasValue", "in", "sparql"))


def value_string(v) -> str:
    """pySHACL's text of a value node (``StringBasedConstraintBase.value_node_to_string``)."""
    if isinstance(v, Literal):
        if v.value is not None and v.datatype in (None, RDF.langString, XSD.string):
            return str(v.value)
        return str(v)
    return str(v)


# ---------------------------------------------------------------- internals (pySHACL imported on use)


def compare_literal(a: Literal, b: Literal) -> int:
    """-1, 0 or 1 as pySHACL orders two literals; raises TypeError or NotImplementedError for
    literals it cannot compare, as pySHACL does."""
    return COMPARE_LITERAL.load()(a, b)


def is_ill_typed(literal: Literal) -> bool:
    """True when pySHACL's ``sh:datatype`` rejects ``literal`` for its own datatype: rdflib
    marked it ill-typed, or its Python value is not of the datatype's type."""
    if getattr(literal, "ill_typed", None) is True:
        return True
    return not ASSERT_DATATYPE.load()(None, literal, literal.datatype)


def pyshacl_shapes(shapes_graph: Graph) -> dict:
    """Shape node → pySHACL's ``Shape``, for every shape pySHACL reads in ``shapes_graph``."""
    return {s.node: s for s in SHAPES_GRAPH.load()(shapes_graph).shapes}


class GenericMessages:
    """pySHACL's wording of a result of a shape without ``sh:message``: the constraint component
    pySHACL makes for the shape and parameter, asked for its generic messages."""

    def __init__(self, shapes_graph: Graph):
        self.sg = shapes_graph
        self._shapes: dict | None = None
        self._components: dict = {}

    def __call__(self, shape, parameter, focus, value) -> list[str]:
        """The messages for a result of ``shape`` by the constraint of ``parameter`` (rdflib terms)."""
        key = (shape, parameter)
        if key not in self._components:
            if self._shapes is None:
                self._shapes = pyshacl_shapes(self.sg)
            components = PARAMETERS_MAP.load()
            if parameter not in components:
                raise changed(PARAMETERS_MAP, f"has no constraint component for {parameter}")
            self._components[key] = components[parameter](self._shapes[shape])
        return [str(m) for m in self._components[key].make_generic_messages(Graph(), focus, value)]

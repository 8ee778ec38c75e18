"""The checks of a shapes graph: one SPARQL query per group of constraints, pySHACL's results per row.

pySHACL validates each targeted shape on its focus nodes (``Shape.validate``): its own
constraints, then its property shapes on the same focus nodes, and the shapes of ``sh:property``
inside a property shape (and of ``sh:node``) with each value node as focus. :func:`build_checks`
follows it: each :class:`Check` binds the focus nodes (the targets, expanded by the data's class
hierarchy) and returns one row per result, or per value for the tests decided in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import SH

from .compiler import RDF_TYPE, Compiler
from .shapes import UnsupportedShape, path_sparql, sparql_term

#: a function that writes the SPARQL pattern binding the focus nodes to a variable
Focus = Callable[[str], str]


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


def build_checks(c: Compiler) -> list[Check]:
    """Every check of the targeted, active shapes (the compiler knows the data's classes)."""
    out: list[Check] = []
    for node, shape in c.shapes.items():
        if shape.deactivated:
            continue
        focus = focus_of(c, shape)
        if focus is not None:
            shape_checks(c, node, focus, out)
    return out


def focus_of(c: Compiler, shape) -> Focus | None:
    """The focus nodes of ``shape``'s targets, or None for a shape without targets."""
    nodes, classes, implicit, objects_of, subjects_of = (list(x) for x in shape.target())
    classes = set(classes) | set(implicit)
    if not (nodes or classes or objects_of or subjects_of):
        return None

    def focus(var: str) -> str:
        parts = []
        if nodes:
            parts.append(f"VALUES {var} {{ {' '.join(sparql_term(n) for n in nodes)} }}")
        all_classes = sorted(set().union(*(c.subclasses(k) for k in classes))) if classes else []
        if len(all_classes) == 1:
            parts.append(f"{var} {RDF_TYPE} <{all_classes[0]}> .")
        elif all_classes:
            t = c.var()
            parts.append(f"VALUES {t} {{ {' '.join(f'<{k}>' for k in all_classes)} }} {var} {RDF_TYPE} {t} .")
        for p in subjects_of:
            parts.append(f"{var} {sparql_term(p)} {c.var()} .")
        for p in objects_of:
            parts.append(f"{c.var()} {sparql_term(p)} {var} .")
        if len(parts) == 1:
            return parts[0]
        return " UNION ".join(f"{{ {p} }}" for p in parts)
    return focus


def shape_checks(c: Compiler, node, focus: Focus, out: list[Check], stack: tuple = ()) -> None:
    """Checks for ``node`` validated on the focus nodes ``focus`` binds (pyshacl's
    ``Shape.validate``): its own constraints, and its property shapes on the same focus."""
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
    if shape.is_property_shape:
        _property_shape_checks(c, node, shape, params, focus, out, stack)
    else:
        _node_shape_checks(c, node, params, focus, out, stack)


def _node_shape_checks(c: Compiler, node, params: dict, focus: Focus, out: list[Check], stack: tuple) -> None:
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
        shape_checks(c, prop, focus, out, stack)
    for target in params.get(SH.node, []):  # pyshacl nests their results as sh:detail
        shape_checks(c, target, focus, out, stack)


def _property_shape_checks(c: Compiler, node, shape, params: dict, focus: Focus, out: list[Check],
                           stack: tuple) -> None:
    path = path_sparql(c.sg, shape.path())
    f = focus("?this")
    # One pass over focus and value nodes for the value tests, sh:minCount 1 and sh:maxCount 1.
    tests = c.value_tests(node, params, nested=False)
    min_count = c.integer(params, SH.minCount, node) if SH.minCount in params else 0
    max_count = c.integer(params, SH.maxCount, node) if SH.maxCount in params else None
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
        flag = c.one(params, SH.uniqueLang, node)
        if not isinstance(flag, Literal) or not isinstance(flag.value, bool):
            raise UnsupportedShape(f"sh:uniqueLang on shape {node} is not a boolean")
        if flag.value:
            out.append(Check(node, SH.UniqueLangConstraintComponent,
                             f"SELECT DISTINCT ?this WHERE {{ {f} ?this {path} ?a . ?this {path} ?b . "
                             f'FILTER(!sameTerm(?a, ?b) && isLiteral(?a) && LANG(?a) != "" && '
                             f"LCASE(LANG(?a)) = LCASE(LANG(?b))) }}"))
    _qualified_checks(c, node, params, f, path, out)
    # sh:property inside a property shape is validated with each value node as focus; the
    # shapes of sh:node too (pyshacl reports their results as sh:detail of the sh:node one).
    def values(var: str, f=focus, path=path) -> str:
        outer = c.var()
        return f"{{ SELECT DISTINCT {var} WHERE {{ {f(outer)} {outer} {path} {var} . }} }}"
    for inner in params.get(SH.property, []) + params.get(SH.node, []):
        shape_checks(c, inner, values, out, stack)


def _qualified_checks(c: Compiler, node, params: dict, f: str, path: str, out: list[Check]) -> None:
    """``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount`` and/or ``sh:qualifiedMaxCount``
    on the focus nodes ``f`` binds to ``?this``."""
    for q in params.get(SH.qualifiedValueShape, []):
        qmin = c.integer(params, SH.qualifiedMinCount, node) if SH.qualifiedMinCount in params else None
        qmax = c.integer(params, SH.qualifiedMaxCount, node) if SH.qualifiedMaxCount in params else None
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

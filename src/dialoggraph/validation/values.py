"""Tests of one value node, in SPARQL, with pySHACL's rule in Python where SPARQL could disagree.

Each constraint that judges a value node on its own (``sh:datatype``, ``sh:nodeKind``,
``sh:languageIn``, ``sh:pattern``, ``sh:minLength``/``sh:maxLength``, the value ranges, ``sh:in``)
becomes a :class:`ValueTest`. Where SPARQL and pySHACL could disagree, the SPARQL part only
*filters*: it lets through what surely passes, and the few remaining value nodes are decided in
Python by pySHACL's own rule on the rdflib form of the value (patterns on typed literals, value
ranges). Inside nested shapes (``sh:or``, ``sh:not``…) a test must be exact in SPARQL, or the
shape is refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import BNode, Literal
from rdflib.namespace import RDF, RDFS, SH, XSD

from .ill_typed import not_marked
from .pyshacl_compat import compare_literal, value_string
from .shapes import UnsupportedShape, sparql_term, string_literal

XSD_STRING = f"<{XSD.string}>"
RDF_LANGSTRING = f"<{RDF.langString}>"


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


NODE_KINDS = {SH.IRI: ("isIRI",), SH.BlankNode: ("isBlank",), SH.Literal: ("isLiteral",),
              SH.BlankNodeOrIRI: ("isBlank", "isIRI"), SH.BlankNodeOrLiteral: ("isBlank", "isLiteral"),
              SH.IRIOrLiteral: ("isIRI", "isLiteral")}


def node_kind_test(node, kind) -> ValueTest:
    if kind not in NODE_KINDS:
        raise UnsupportedShape(f"sh:nodeKind {kind} on shape {node}")
    fns = NODE_KINDS[kind]
    return ValueTest(lambda v: "(" + " || ".join(f"{f}({v})" for f in fns) + ")")


def datatype_test(dt, marked: Callable[[str], bool]) -> ValueTest:
    """``sh:datatype dt``; ``marked(dt)``, asked when the query is written: the store has
    ill-typed literals of ``dt`` marked (ill_typed.py)."""
    if dt == RDFS.Literal:
        return ValueTest(lambda v: f"isLiteral({v})")
    if dt == RDFS.Datatype:
        return ValueTest(lambda v: f"(isLiteral({v}) && datatype({v}) NOT IN ({XSD_STRING}, {RDF_LANGSTRING}))")
    if dt == RDF.langString:
        return ValueTest(lambda v: f'(isLiteral({v}) && LANG({v}) != "")')
    if dt == XSD.string:
        return ValueTest(lambda v: f'(isLiteral({v}) && LANG({v}) = "" && datatype({v}) = {XSD_STRING})')

    def test(v, dt=str(dt)):
        base = f"(isLiteral({v}) && datatype({v}) = <{dt}>"
        if marked(dt):
            base += " && " + not_marked(v)
        return base + ")"
    return ValueTest(test)


def language_in_test(langs: list[str]) -> ValueTest:
    """``sh:languageIn`` with the (lower-cased) tags ``langs``."""
    if "*" in langs:
        return ValueTest(lambda v: f'(isLiteral({v}) && LANG({v}) != "")')
    listed = ", ".join(string_literal(x) for x in langs)
    return ValueTest(lambda v: (
        f'(isLiteral({v}) && LANG({v}) != "" && (LCASE(LANG({v})) IN ({listed}) || '
        f'LCASE(IF(CONTAINS(LANG({v}), "-"), STRBEFORE(LANG({v}), "-"), LANG({v}))) IN ({listed})))'))


def in_test(members: list) -> ValueTest:
    """``sh:in`` the list ``members``."""
    if not members:
        return ValueTest(lambda v: "false")
    listed = [sparql_term(m) for m in members]
    return ValueTest(lambda v: "(" + " || ".join(f"sameTerm({v}, {m})" for m in listed) + ")")


def pattern_test(node, pattern, flags, nested: bool) -> ValueTest:
    """``sh:pattern`` with ``sh:flags`` (or None)."""
    case_insensitive = flags is not None and "i" in str(flags).lower()
    regex = re.compile(str(pattern), re.I if case_insensitive else 0)
    translated = translate_pattern(str(pattern))

    def python(v) -> bool:
        if isinstance(v, BNode):
            return False
        return regex.search(value_string(v)) is not None

    if translated is None:
        if nested:
            raise UnsupportedShape(f"sh:pattern {str(pattern)!r} on shape {node} is outside the regex subset "
                                   "SPARQL and Python agree on")
        return ValueTest(lambda v: "false", python)
    rx, dollar = translated
    args = string_literal(rx) + (', "i"' if case_insensitive else "")
    if nested:
        if dollar:
            raise UnsupportedShape(f"sh:pattern {str(pattern)!r} in a nested shape ({node}) ends in $, "
                                   "which Python and SPARQL read differently before a newline")
        return ValueTest(lambda v: f"((isIRI({v}) || isLiteral({v})) && REGEX(STR({v}), {args}))")

    def sparql(v) -> str:
        # Typed literals other than strings print differently in rdflib: Python decides them.
        text = f"isLiteral({v}) && datatype({v}) IN ({XSD_STRING}, {RDF_LANGSTRING})"
        if dollar:
            text += f' && !CONTAINS(STR({v}), "\\n")'
        return f"((isIRI({v}) || {text}) && REGEX(STR({v}), {args}))"
    return ValueTest(sparql, python)


def length_test(p, n: int, nested: bool) -> ValueTest:
    """``sh:minLength n`` or ``sh:maxLength n`` (``p``)."""
    op = ">=" if p == SH.minLength else "<="
    if p == SH.minLength and n == 0:
        return ValueTest(lambda v: "true")

    def python(v) -> bool:
        if isinstance(v, BNode):
            return False
        s = value_string(v)
        return len(s) >= n if p == SH.minLength else len(s) <= n
    if nested:
        return ValueTest(lambda v: f"((isIRI({v}) || isLiteral({v})) && STRLEN(STR({v})) {op} {n})")
    return ValueTest(lambda v: (f"((isIRI({v}) || isLiteral({v}) && datatype({v}) IN ({XSD_STRING}, "
                                f"{RDF_LANGSTRING})) && STRLEN(STR({v})) {op} {n})"), python)


def range_test(node, p, rule, nested: bool) -> ValueTest:
    """``sh:minInclusive``, ``sh:minExclusive``, ``sh:maxInclusive`` or ``sh:maxExclusive`` (``p``)
    ``rule``: SPARQL lets numbers through, pySHACL's order decides the rest."""
    if nested:
        raise UnsupportedShape(f"{p} inside a nested shape ({node})")
    if not isinstance(rule, Literal):
        raise UnsupportedShape(f"{p} on shape {node} is not a literal")
    op = {SH.minInclusive: ">=", SH.minExclusive: ">", SH.maxInclusive: "<=", SH.maxExclusive: "<"}[p]

    def python(v) -> bool:  # pyshacl's rule, verbatim in effect
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
    r = sparql_term(rule)
    listed = ", ".join(f"<{d}>" for d in numeric)
    return ValueTest(lambda v: f"COALESCE(isLiteral({v}) && datatype({v}) IN ({listed}) && {v} {op} {r}, false)",
                     python)


# Python's ``re`` and the regex dialect of pyoxigraph (Rust ``regex``) agree on this subset:
# literal characters, escaped punctuation, ``. ^ $ | ( ) (?:``, greedy and lazy quantifiers,
# ``\d`` and character classes with ranges. Anything else (``\w``, ``\s``, ``\b``, look-around,
# back references, inline flags, class set operations) is decided in Python instead.
_META = set("\\|.?*+(){}-[]^$")
_QUANTIFIER = re.compile(r"\{[0-9]+(,[0-9]*)?\}")


def translate_pattern(pattern: str) -> tuple[str, bool] | None:
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

"""Is a literal's lexical form valid for its XSD datatype?

``"1995-13-45"^^xsd:date`` parses as RDF — a literal is any string with any datatype — but it
is not a date, and a published graph should not hold it. The primitive types and their dates and
numbers are decided by pyoxigraph's own XSD implementation (Rust, the one its SPARQL engine
uses): a value it cannot cast from its string form is invalid. The derived types pyoxigraph does
not cast add their range or pattern from XSD 1.1 Part 2 on top.

>>> X = "http://www.w3.org/2001/XMLSchema#"
>>> bad = invalid_literals([ox.Literal("1995-13-45", datatype=ox.NamedNode(X + "date")),
...                         ox.Literal("2016", datatype=ox.NamedNode(X + "gYear")),
...                         ox.Literal("-1", datatype=ox.NamedNode(X + "nonNegativeInteger")),
...                         ox.Literal("de-AT", datatype=ox.NamedNode(X + "language"))])
>>> [lit.value for lit in bad]
['1995-13-45', '-1']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"

#: datatypes pyoxigraph casts from a string (SPARQL ``xsd:T(STR(?o))``), deciding validity
CAST = {XSD + name for name in (
    "boolean", "integer", "decimal", "float", "double", "date", "time", "dateTime", "dateTimeStamp",
    "duration", "dayTimeDuration", "yearMonthDuration", "gYear", "gYearMonth", "gMonth", "gDay", "gMonthDay")}
#: what those are cast as (dateTimeStamp is a dateTime with a time zone, checked below)
_CAST_AS = {XSD + "dateTimeStamp": XSD + "dateTime"}

#: derived integer types: their inclusive range
INTEGER_RANGES = {
    XSD + "nonNegativeInteger": (0, None), XSD + "positiveInteger": (1, None),
    XSD + "nonPositiveInteger": (None, 0), XSD + "negativeInteger": (None, -1),
    XSD + "long": (-2**63, 2**63 - 1), XSD + "int": (-2**31, 2**31 - 1),
    XSD + "short": (-2**15, 2**15 - 1), XSD + "byte": (-2**7, 2**7 - 1),
    XSD + "unsignedLong": (0, 2**64 - 1), XSD + "unsignedInt": (0, 2**32 - 1),
    XSD + "unsignedShort": (0, 2**16 - 1), XSD + "unsignedByte": (0, 2**8 - 1),
}
_INTEGER = re.compile(r"[+-]?[0-9]+")

#: other types, by their lexical pattern (XSD 1.1 Part 2; whitespace already collapsed where
#: the type collapses it)
PATTERNS = {
    XSD + "language": re.compile(r"[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*"),
    XSD + "hexBinary": re.compile(r"([0-9a-fA-F]{2})*"),
    XSD + "base64Binary": re.compile(
        r"((([A-Za-z0-9+/] ?){4})*(([A-Za-z0-9+/] ?){3}[A-Za-z0-9+/]|([A-Za-z0-9+/] ?){2}[AEIMQUYcgkosw048] ?=|"
        r"[A-Za-z0-9+/] ?[AQgw] ?= ?=))?"),
    XSD + "normalizedString": re.compile(r"[^\r\n\t]*"),
    XSD + "token": re.compile(r"(\S+( \S+)*)?"),
    XSD + "NMTOKEN": re.compile(r"[\w.:-]+"),
    XSD + "Name": re.compile(r"[^\W\d.-][\w.:-]*"),
    XSD + "NCName": re.compile(r"[^\W\d.-][\w.-]*"),
    XSD + "anyURI": re.compile(r"[^\s<>\"{}|\\^`]*"),
}


def invalid_literals(literals: Iterable[ox.Literal]) -> list[ox.Literal]:
    """The literals among ``literals`` whose lexical form their XSD datatype rejects (other
    datatypes, strings and language-tagged strings are never rejected), in the order given."""
    by_type: dict[str, dict[ox.Literal, None]] = {}
    for lit in literals:
        dt = lit.datatype
        if dt is not None and dt.value.startswith(XSD):
            by_type.setdefault(dt.value, {})[lit] = None
    bad: set[ox.Literal] = set()
    for datatype, group in by_type.items():
        if datatype in CAST:
            bad |= _rejected_by_cast(datatype, list(group))
        elif datatype in INTEGER_RANGES:
            low, high = INTEGER_RANGES[datatype]
            bad |= {lit for lit in group if not _in_range(lit.value, low, high)}
        elif datatype in PATTERNS:
            pattern = PATTERNS[datatype]
            bad |= {lit for lit in group if pattern.fullmatch(lit.value) is None}
    seen: set[ox.Literal] = set()
    out = []
    for datatype, group in by_type.items():
        for lit in group:
            if lit in bad and lit not in seen:
                seen.add(lit)
                out.append(lit)
    return out


def _in_range(value: str, low: int | None, high: int | None) -> bool:
    value = value.strip()
    if _INTEGER.fullmatch(value) is None:
        return False
    n = int(value)
    return (low is None or n >= low) and (high is None or n <= high)


def _rejected_by_cast(datatype: str, literals: list[ox.Literal]) -> set[ox.Literal]:
    """Ask pyoxigraph to cast each value from its string: those it cannot are invalid. The
    values go in as plain strings (an invalid typed literal would be kept as written), in one
    query per datatype."""
    cast = _CAST_AS.get(datatype, datatype)
    values = " ".join(f'({ox.Literal(lit.value)} {i})' for i, lit in enumerate(literals))
    query = (f"SELECT ?i WHERE {{ VALUES (?v ?i) {{ {values} }} "
             f"BIND(<{cast}>(?v) AS ?c) FILTER(!BOUND(?c)) }}")
    rejected = {literals[int(row["i"].value)] for row in ox.Store().query(query)}
    if datatype == XSD + "dateTimeStamp":  # a dateTime that must carry a time zone
        rejected |= {lit for lit in literals if not re.search(r"(Z|[+-]\d\d:\d\d)$", lit.value.strip())}
    return rejected

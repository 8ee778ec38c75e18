"""Values as pages show them: one immutable :class:`Value` per link, literal, IRI or blank node,
and the rules that make them (dates in German, which IRIs may become links).

A :class:`Value` is a named tuple: links are shared between pages (see :mod:`.links`), so
nothing may change one after it is made; a changed value is a new one (:func:`with_refs`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
WIKIDATA = "http://www.wikidata.org/entity/"
PLAIN_DATATYPES = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember"]
LANG_RANK = {"de": 0, None: 1, "en": 2}  # German values first, then untagged, then English


class Value(NamedTuple):
    """One value on a page; :func:`dialoggraph.site.markup.value_html` writes it."""

    kind: str  # link | ext | iri | text | date | bnode
    text: str
    href: str | None = None
    lang: str | None = None
    raw: str | None = None
    note: str | None = None
    refs: tuple = ()
    groups: list | None = None
    #: how the fact is known when the text does not state it: the marks' HTML (:mod:`.marks`)
    marks: tuple = ()
    #: the value's HTML when it is already known (a link used on many pages is written once)
    html: str | None = None


def with_refs(v: Value, refs: tuple) -> Value:
    """``v`` marked with the numbers of the passages it is written in (its HTML is written anew)."""
    return v._replace(refs=refs, html=None)


def is_web_iri(iri: str) -> bool:
    """Only http(s) IRIs become outside links."""
    low = iri[:8].lower()
    return low.startswith("http://") or low.startswith("https://")


def format_literal(lit: ox.Literal) -> tuple[str, str, str | None]:
    """(kind, text, machine value): dates and years in German, booleans as ja/nein."""
    value = lit.value
    dt = lit.datatype.value if lit.datatype is not None else ""
    if dt == XSD + "date":
        m = re.fullmatch(r"(-?\d{4,})-(\d\d)-(\d\d)(Z|[+-]\d\d:\d\d)?", value)
        if m and 1 <= int(m.group(2)) <= 12:
            return "date", f"{int(m.group(3))}. {MONTHS[int(m.group(2)) - 1]} {m.group(1)}", value
    elif dt == XSD + "gYearMonth":
        m = re.fullmatch(r"(-?\d{4,})-(\d\d)(Z|[+-]\d\d:\d\d)?", value)
        if m and 1 <= int(m.group(2)) <= 12:
            return "date", f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}", value
    elif dt == XSD + "gYear":
        m = re.fullmatch(r"(-?\d{4,})(Z|[+-]\d\d:\d\d)?", value)
        if m:
            return "date", m.group(1), value
    elif dt == XSD + "dateTime":
        m = re.fullmatch(r"(-?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d)(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?", value)
        if m and 1 <= int(m.group(2)) <= 12:
            return ("date", f"{int(m.group(3))}. {MONTHS[int(m.group(2)) - 1]} {m.group(1)}, "
                            f"{m.group(4)}:{m.group(5)} Uhr", value)
    elif dt == XSD + "boolean":
        if value in ("true", "1"):
            return "text", "ja", None
        if value in ("false", "0"):
            return "text", "nein", None
    return "text", value, None


def literal_value(lit: ox.Literal) -> Value:
    kind, text, raw = format_literal(lit)
    return Value(kind, text, lang=lit.language or None, raw=raw)


def year_of(lit: ox.Literal) -> float | None:
    """A position on a time axis: 2005 → 2005.0, 2001-07 → 2001.5; ``None`` if not a date."""
    m = re.match(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", lit.value)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    return year + ((month - 1) / 12 if month and 1 <= month <= 12 else 0)


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def value_order(v: Value) -> tuple:
    """The order of a property's values: blank nodes last, German first, then by text."""
    return (v.kind == "bnode", LANG_RANK.get(v.lang, 3), v.text.casefold(), v.href or "")


def span_start(start: str, end: str) -> str:
    """The start of a span of German dates without what the end says again: ("3. November 2016",
    "4. November 2016") → "3."; ("30. Oktober 2016", "4. November 2016") → "30. Oktober"."""
    a, b = start.split(" "), end.split(" ")
    if len(a) == 3 and len(b) == 3 and a[2] == b[2]:
        return a[0] if a[1] == b[1] else f"{a[0]} {a[1]}"
    return start

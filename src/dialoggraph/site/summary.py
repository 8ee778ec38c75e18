"""The top of an entity page: what a reader wants first — its kind, role and affiliation, when and
where, what it is part of, the events it took part in — taken out of the fact groups, so that no
fact stands twice on the page.

:data:`ROWS` names the rows; a row gathers the fact groups of its properties (outgoing) or of the
links pointing here (incoming), and its values are the groups' values, each node once. A start
and an end date together read as one span.
"""

from __future__ import annotations

from . import labels as L
from .values import span_start

S, ORG, DCT, PROV = L.S, L.ORG, L.DCT, L.PROV


class Row:
    """One row of the summary: the properties it gathers and whether they point from the entity
    (outgoing) or to it (incoming). The row is named as its first property present is (its
    name, or read backwards its inverse reading: the project's ontology may rename them); the
    German and English names here are for a start and end date shown as one span."""

    __slots__ = ("key", "de", "en", "props", "incoming")

    def __init__(self, key: str, de: str, en: str, props: tuple[str, ...], incoming: bool = False):
        self.key, self.de, self.en, self.props, self.incoming = key, de, en, props, incoming


#: the summary's rows, in order
ROWS = (
    Row("kind", "Art", "Kind", (S + "additionalType",)),
    Row("role", "Funktion", "Role", (S + "jobTitle", S + "roleName")),
    Row("affiliation", "Zugehörigkeit", "Affiliation", (S + "affiliation", S + "worksFor", S + "memberOf")),
    Row("post", "Position", "Post", (ORG + "holds",)),
    Row("head", "Leitet", "Head of", (ORG + "headOf",)),
    Row("when", "Zeit", "When", (S + "startDate", S + "endDate")),
    Row("founded", "Gegründet", "Founded", (S + "foundingDate",)),
    Row("dated", "Datum", "Date", (S + "legislationDate", DCT + "issued", S + "datePublished")),
    Row("where", "Ort", "Location", (S + "location",)),
    Row("area", "Gebiet", "Area", (S + "areaServed", S + "legislationJurisdiction")),
    Row("in", "Liegt in", "Contained in", (S + "containedInPlace",)),
    Row("part", "Teil von", "Part of", (S + "superEvent",)),
    Row("people", "Mitwirkende", "People", (S + "organizer", S + "performer")),
    Row("attendees", "Teilnehmende", "Attendees", (S + "attendee",)),
    Row("members", "Personen", "People", (S + "affiliation", S + "worksFor", S + "memberOf"), incoming=True),
    Row("took-part", "Mitwirkung", "Took part in", (S + "performer", S + "organizer", S + "attendee"),
        incoming=True),
)
#: rows of a statement's page, after its kind (its speaker and event open the page)
STATEMENT_ROWS = (
    Row("themes", "Themen", "Themes", (S + "about",)),
    Row("mentions", "Erwähnt", "Mentions", (S + "mentions",)),
)
OUT_PROPS = {p: row for row in ROWS if not row.incoming for p in row.props}
IN_PROPS = {p: row for row in ROWS if row.incoming for p in row.props}
STATEMENT_PROPS = {**OUT_PROPS, **{p: row for row in STATEMENT_ROWS for p in row.props}}


class SummaryRow:
    __slots__ = ("de", "en", "values", "span")

    def __init__(self, de: str, en: str, values: list, span: bool = False):
        self.de, self.en, self.values, self.span = de, en, values, span


def split(facts: list[dict], incoming: list[dict], skip_out: frozenset | set = frozenset(),
          statement: bool = False) -> tuple[list[SummaryRow], list[dict], list[dict]]:
    """(the summary's rows, the remaining fact groups, the remaining incoming groups).
    ``skip_out``: properties the page shows elsewhere (a statement's speaker, event and text);
    ``statement``: the page of a statement (its themes and mentions go to the top too)."""
    gathered: dict[str, list] = {}
    rest_facts = []
    out_props = STATEMENT_PROPS if statement else OUT_PROPS
    for g in facts:
        row = out_props.get(g["iri"])
        if g["iri"] in skip_out:
            continue
        if row is None:
            rest_facts.append(g)
        else:
            gathered.setdefault(row.key, []).append(g)
    rest_in = []
    for g in incoming:
        row = IN_PROPS.get(g.get("iri", ""))
        if row is None or g.get("more"):
            rest_in.append(g)
        else:
            gathered.setdefault(row.key, []).append(g)
    rows = []
    role_texts: set[str] = set()
    for row in ROWS + STATEMENT_ROWS if statement else ROWS:
        groups = gathered.get(row.key)
        if not groups:
            continue
        groups.sort(key=lambda g: row.props.index(g["iri"]))
        first = groups[0]
        de, en = (first["label"], first["en"]) if row.incoming else (first["prop"].text, first["en"])
        if row.key == "when":
            by = {g["iri"]: g["values"] for g in groups}
            start, end = by.get(S + "startDate", []), by.get(S + "endDate", [])
            if len(start) == 1 and len(end) == 1:
                span = start[0].raw != end[0].raw
                first = start[0]._replace(text=span_start(start[0].text, end[0].text), html=None)
                rows.append(SummaryRow(row.de, row.en, [first, end[0]], span=True) if span
                            else SummaryRow(de, en, [start[0]]))
                continue
        values, seen = [], set()
        for g in groups:
            for v in g["values"]:
                key = v.href or (v.kind, v.text, v.lang)
                if key not in seen:
                    seen.add(key)
                    values.append(v)
        if row.key == "role":
            values = _drop_repeated_text(values)
            role_texts = {_words(v.text) for v in values}
        elif row.key == "affiliation" and role_texts:
            # a role in an organisation names the job title the row above shows already
            values = [v._replace(note=None, html=None) if v.note and _words(v.note) in role_texts else v
                      for v in values]
        rows.append(SummaryRow(de, en, values))
    return rows, rest_facts, rest_in


def _drop_repeated_text(values: list) -> list:
    """Role names said in two languages stay; the same words twice go."""
    seen, out = set(), []
    for v in values:
        k = _words(v.text)
        if k not in seen:
            seen.add(k)
            out.append(v)
    return out


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()

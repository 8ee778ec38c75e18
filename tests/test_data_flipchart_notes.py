"""The flip chart of the table „Quartier“ (issues #3, #15; named by behaviour, #13): every line is
a note in order, under its heading, with the kind the heading gives, anchored in the appendix; the
other tables' flip charts have no notes.
"""

from __future__ import annotations

import re
import unicodedata

import pytest


@pytest.fixture(scope="module")
def source(settings) -> str:
    return unicodedata.normalize("NFC", settings.source_file.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the flip chart of table „Quartier“
# Line 12 of the flip chart is the sub-heading „Quartier“ under „Frage/Transfer“: no note, a second
# keyword of the lines below it.

FLIPCHART = [  # (position, text, heading keywords joined by ' + ' or None, question?)
    (1, "gruppenabhängige Bedeutung des Quartier + Nachbarschaft", None, False),
    (2, "Alter / Generation", None, False),
    (3, "Soziale Bodennutzung (Satzung von Gemeinde)", None, False),
    (4, "Quartiereffekte reichen Wohngelände?", "Bedeutung", True),
    (5, "Wie wichtig ist das Quartier für soziale Netzwerke?", "Bedeutung", True),
    (6, "offene religiöse Gruppen", "Bedeutung", False),
    (7, "Wichtiger Alltagsort z. B. für Ältere", "Bedeutung", False),
    (8, "Ort des Austausches und des Zusammenhalts", "Bedeutung", False),
    (9, "Sozialisationsort", "Bedeutung", False),
    (10, "Welche Gruppen profitieren vom Quartier?", "Bedeutung", True),
    (11, "Welche Gruppen haben welche Wohnstandortwünsche?", "Bedeutung", True),
    (13, "„Die Stadt als Regal“", "Frage/Transfer + Quartier", False),
    (14, "Brauchen wir das Quartier z. 100% Zusammenhalt?", "Frage/Transfer + Quartier", True),
    (15, "Heimat vs. offen für Neues", "Frage/Transfer + Quartier", False),
    (16, "Gleichwertigkeit & Lebensqualität", "Frage/Transfer + Quartier", False),
    (17, "Interkulturelle Öffnung", "Frage/Transfer + Quartier", False),
    (18, "Wie gelingt Austausch/Mischung?", "Frage/Transfer + Quartier", True),
    (19, "Stadt-Land Unterschiede", "Frage/Transfer + Quartier", False),
    (20, "Strategien (Wohnraumförderung)", "Frage/Transfer + Quartier", False),
    (21, "Mischung im Quartier", "Frage/Transfer + Quartier", False),
    (22, "Ausbau des sozialen Wohnungsbaus", "Frage/Transfer + Quartier", False),
    (23, "Was können wir von ländlichen Gemeinden lernen? (Vereine, Strukturen...)", "Frage/Transfer + Quartier", True),
    (24, "Wie kann sozialer Zusammenhalt gestärkt werden?", "Aktuelle Herausforderungen", True),
    (25, "Erreichbarkeit von Angeboten", "Aktuelle Herausforderungen", False),
    (26, "Eigenständiges Quartierswohl", "Aktuelle Herausforderungen", False),
    (27, "öffentlicher Raum", "Aktuelle Herausforderungen", False),
]


HEADING_KIND = {"Bedeutung": "significance", "Aktuelle Herausforderungen": "challenge"}


def headings_of(keywords: str | None) -> set[str]:
    return set(keywords.split(" + ")) if keywords else set()


def test_flipchart_notes_texts_order_and_headings(select):
    rows = select("""
        SELECT ?pos ?text (GROUP_CONCAT(?kw; separator=" + ") AS ?kws) WHERE {
          ?c schema:additionalType <statement-type/flipchart-note#id> ; schema:position ?pos ; schema:text ?text ;
             prov:wasAttributedTo <group/session-1-tisch-quartier#id> ;
             prov:wasGeneratedBy <event/nrw-dialogforum-2016/track/integration-und-transformation/session-1/table/quartier#id> .
          OPTIONAL { ?c schema:keywords ?kw . FILTER(LANG(?kw) = "de") }
        } GROUP BY ?pos ?text ORDER BY ?pos""")
    assert [(int(r["pos"]), r["text"], headings_of(r["kws"])) for r in rows] == \
        [(p, t, headings_of(k)) for p, t, k, _ in FLIPCHART]


def test_flipchart_kinds(select):
    rows = select("""
        SELECT ?pos ?kind WHERE { ?c schema:additionalType <statement-type/flipchart-note#id> , ?kind ;
          schema:position ?pos . }""")
    got: dict[int, set[str]] = {}
    for r in rows:
        got.setdefault(int(r["pos"]), set()).add(r["kind"].rsplit("/", 1)[-1].removesuffix("#id"))
    expected = {p: {"flipchart-note"} | ({"question"} if q else set())
                | {HEADING_KIND[h] for h in headings_of(k) if h in HEADING_KIND}
                for p, _, k, q in FLIPCHART}
    assert got == expected
    assert sum("question" in v for v in got.values()) == 8


def test_flipchart_notes_anchored_in_the_quartier_appendix(select):
    rows = select("""
        SELECT ?section (COUNT(?c) AS ?n) WHERE {
          ?c schema:additionalType <statement-type/flipchart-note#id> .
          ?a oa:hasBody ?c ; oa:hasTarget/dgo:inSection ?section } GROUP BY ?section""")
    assert [(r["section"].split("/section/")[1], int(r["n"])) for r in rows] == [("anhang-tisch-quartier#id", 26)]


def test_flipchart_other_tables_have_no_notes(ask):
    assert not ask("""ASK { ?c schema:additionalType <statement-type/flipchart-note#id> ;
        prov:wasAttributedTo ?g . FILTER(?g != <group/session-1-tisch-quartier#id>) }""")


def test_flipchart_covers_every_line(source):
    """Every line of the Quartier flip chart is a note, a heading, or a layout marker."""
    heading = "Diskussion am Tisch „Quartier“"
    block = source[source.rindex(heading) + len(heading):]  # the last occurrence: the appendix
    lines = [re.sub(r"^[→↳\-]\s*", "", line.strip()).strip("*") for line in block.splitlines() if line.strip()]
    headings = {"Bedeutung", "Frage/Transfer", "Quartier", "Aktuelle Herausforderungen"}
    assert [line for line in lines if line not in headings] == [t for _, t, _, _ in FLIPCHART]


def test_flipchart_sub_point(select):
    assert select("""SELECT ?p WHERE { ?c schema:text "Alter / Generation"@de ; schema:isPartOf ?p .
        ?p schema:text "gruppenabhängige Bedeutung des Quartier + Nachbarschaft"@de }""") != []

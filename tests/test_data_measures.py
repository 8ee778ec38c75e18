"""Measures the text names as such (issue #15): each is a policy instrument with the text's name and
its passage, and the statements that name it link it. Read off the source section by section;
names, passages, links and audiences are compared exactly.
"""

from __future__ import annotations

import pytest

# slug → (German name, words of its passage, statements that mention it, groups it is for)
MEASURES = {
    "verkuerzte-anerkennungsdauer": ("Verkürzte Anerkennungsdauer", "verkürzte Anerkennungsdauer",
                                     {"claim/session-2/debatte-3"}, set()),
    "anspruch-auf-integrationsleistungen": ("Anspruch auf Integrationsleistungen", "Anspruch auf Integrationsleistungen",
                                            {"claim/session-2/debatte-3"}, set()),
    "anspruch-auf-integrationsfoerderung": ("Anspruch auf Integrationsförderung für Einwanderer",
                                            "Anspruch auf Integrationsförderung für Einwanderer",
                                            {"claim/session-2/rueckblick-2"}, {"group/zugewanderte"}),
    "unterstuetzungsstrategie-fuer-neueinwanderer": (
        "Rechtskreise übergreifende Unterstützungsstrategie für Neueinwanderer",
        "Rechtskreise übergreifende Unterstützungsstrategie", {"claim/session-2/these-3"}, {"group/neueinwanderer"}),
    "massnahmen-der-ministerien": ("Integrations- bzw. migrationsrelevante Maßnahmen der Ministerien",
                                   "migrationsrelevanten Maßnahmen der Ministerien", set(), set()),
    "verstaerkte-integrationsanstrengungen": ("Verstärkte Integrationsanstrengungen", "verstärkte Integrationsanstrengungen",
                                              {"claim/session-2/rueckblick-14"}, set()),
    "lokale-partnerschaften-fuer-arbeit": ("Lokale Partnerschaften für Arbeit", "lokale Partnerschaften für Arbeit",
                                           {"claim/session-1/arbeit-7"}, set()),
    "sprachkurse": ("Sprachkurse", "Sprachkursen", {"claim/session-1/sprache-und-bildung-3",
                                                    "claim/session-1/sprache-und-bildung-4"}, set()),
    "soziale-wohnraumfoerderung": ("Soziale Wohnraumförderung", "sozialen Wohnraumförderung",
                                   {"claim/session-1/quartier-8", "claim/flipchart/quartier-20"}, set()),
    "soziale-bodennutzung": ("Soziale Bodennutzung", "Soziale Bodennutzung", {"claim/flipchart/quartier-3"}, set()),
    "ausbau-des-sozialen-wohnungsbaus": ("Ausbau des sozialen Wohnungsbaus", "Ausbau des sozialen Wohnungsbaus",
                                         {"claim/flipchart/quartier-22"}, set()),
    "buergerbeteiligung-und-aufklaerung": ("Breite Bürgerbeteiligung und Aufklärung", "Breite Bürgerbeteiligung und Aufklärung",
                                           {"claim/session-3/steuerung-7"}, set()),
    "beratung-aller-bewohnerinnen": ("Beratung aller Bewohner_innen", "alle Bewohner_innen so zu beraten",
                                     {"claim/session-3/segregation-14"}, {"group/bewohnerinnen"}),
    "massnahmen-von-bund-laendern-und-kommunen": ("Maßnahmen von Bund, Ländern und Kommunen",
                                                  "durch Maßnahmen von Bund, Ländern und Kommunen",
                                                  {"claim/session-3/steuerung-13"}, set()),
    # named before #15, listed here so the whole set of measures is checked in one place
    "zugriff-auf-flaechen": ("Zugriff auf Flächen", "Zugriff auf Flächen", {"claim/session-3/steuerung-3-1"}, set()),
    "kommunale-wohnungsbestaende": ("kommunale Wohnungsbestände", "kommunalen Wohnungsbestände",
                                    {"claim/session-3/steuerung-3-2"}, set()),
    "satzungen-sozialer-wohnungsbau": ("Satzungen zur Einforderung von sozialem Wohnungsbau",
                                       "Satzungen zur Einforderung von sozialem Wohnungsbau",
                                       {"claim/session-3/steuerung-3-3"}, set()),
    "unterbringungen-fuer-gefluechtete": ("Errichtung von Unterbringungen für Geflüchtete",
                                          "Errichtung von Unterbringungen für Geflüchtete",
                                          {"claim/session-3/steuerung-3-4", "claim/session-3/steuerung-7"},
                                          {"group/gefluechtete"}),
}


def rel(settings, iri: str) -> str:
    return iri.removeprefix(settings.base_iri).removesuffix("#id")


@pytest.mark.parametrize("slug", sorted(MEASURES))
def test_every_measure_the_text_names_is_an_instrument(select, settings, slug):
    name, words, mentioned_by, audience = MEASURES[slug]
    rows = select(f"""
        SELECT ?de ?en ?exact WHERE {{ <instrument/{slug}#id> a dgo:PolicyInstrument ; schema:name ?de , ?en .
          FILTER(LANG(?de) = "de" && LANG(?en) = "en")
          ?a oa:hasBody <instrument/{slug}#id> ; oa:hasTarget/oa:hasSelector/oa:exact ?exact }}""")
    assert rows, slug
    assert {r["de"] for r in rows} == {name}
    assert any(words in r["exact"] for r in rows), (slug, words)
    got = {rel(settings, r["c"]) for r in select(
        f"SELECT ?c WHERE {{ ?c a schema:Claim ; schema:mentions <instrument/{slug}#id> }}")}
    assert got == mentioned_by
    got = {rel(settings, r["g"]) for r in select(f"SELECT ?g WHERE {{ <instrument/{slug}#id> schema:audience ?g }}")}
    assert got == audience


def test_the_ministries_measures_are_theirs_and_the_working_group_deals_with_them(select, settings):
    rows = select("""SELECT ?who WHERE { <instrument/massnahmen-der-ministerien#id> schema:provider ?who .
                       <org/interministerielle-arbeitsgruppe-integration#id> schema:about <instrument/massnahmen-der-ministerien#id> }""")
    assert [rel(settings, r["who"]) for r in rows] == ["org/ressorts-der-landesregierung-nrw"]
    themes = {rel(settings, r["t"]) for r in select(
        "SELECT ?t WHERE { <instrument/massnahmen-der-ministerien#id> schema:about ?t }")}
    assert {"theme/kindergarten", "theme/altenhilfe", "theme/stadtentwicklung", "theme/selbststaendigkeit"} <= themes


def test_the_measures_of_the_three_levels_are_theirs(select, settings):
    """„Maßnahmen von Bund, Ländern und Kommunen“ (Session 3): provided by the three levels, about the
    consequences of segregation for children and young people."""
    who = {rel(settings, r["who"]) for r in select(
        "SELECT ?who WHERE { <instrument/massnahmen-von-bund-laendern-und-kommunen#id> schema:provider ?who }")}
    assert who == {"org/bund", "org/laender", "org/kommunen"}
    themes = {rel(settings, r["t"]) for r in select(
        "SELECT ?t WHERE { <instrument/massnahmen-von-bund-laendern-und-kommunen#id> schema:about ?t }")}
    assert themes == {"theme/folgen-der-segregation", "theme/kinder-und-jugendliche"}


def test_the_recognition_period_and_the_entitlement_tied_to_it(ask):
    assert ask("""ASK { <instrument/anspruch-auf-integrationsleistungen#id> dct:relation <instrument/verkuerzte-anerkennungsdauer#id> .
                        <instrument/verkuerzte-anerkennungsdauer#id> dct:relation <instrument/anspruch-auf-integrationsleistungen#id> }""")


def test_every_instrument_is_named_or_linked_by_something(select, settings):
    """No measure stands alone: a statement names it, it is part of or based on something,
    something is about it, or it is a subject of the talk that presented it."""
    rows = select("""
        SELECT ?i WHERE { ?i a dgo:PolicyInstrument .
          FILTER NOT EXISTS { ?x schema:mentions|schema:about|schema:hasPart|schema:citation ?i }
          FILTER NOT EXISTS { ?i schema:isBasedOn|schema:isPartOf|schema:subjectOf ?y } }""")
    assert [rel(settings, r["i"]) for r in rows] == []

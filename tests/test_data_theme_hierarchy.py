"""The narrower themes the sections add hang below the shared scheme (issues #3, #15; named by
behaviour, #13): broader and narrower both ways, skos:related symmetric and never along the
hierarchy.
"""

from __future__ import annotations

import pytest


INTRO_AND_TABLE_THEMES = {  # theme declared in introduction.ttl / session-1.ttl → its broader theme
    "fluchtursachen": "migration", "soziale-und-oekonomische-ungleichheit": "fluchtursachen",
    "gewaltsame-konflikte": "fluchtursachen", "klimawandel": "fluchtursachen",
    "alteingesessene-bevoelkerung": "integration", "menschen-mit-migrationshintergrund": "migration",
    "anerkennung-von-abschluessen": "arbeit", "dokumentverlust": "arbeit", "erfassung-von-qualifikationen": "arbeit",
    "selbststaendigkeit": "arbeit", "lokale-partnerschaften-fuer-arbeit": "arbeit",
    "langzeitarbeitslosigkeit": "arbeit", "massnahmenkarrieren": "arbeit", "strukturwandel": "arbeit",
    "gatekeeper-des-arbeitsmarkts": "arbeit", "begrenzt-leistungsfaehige-menschen": "arbeit",
    "praxisnahe-forschung": "wissenstransfer", "gelegenheitsstrukturen": "soziale-netzwerke",
    "netzwerkfoerderung": "soziale-netzwerke", "neue-medien": "soziale-netzwerke",
    "begegnung-auf-augenhoehe": "soziale-netzwerke", "vereine": "zivilgesellschaft",
    "sprachkenntnisse": "sprache-und-bildung", "mehrsprachigkeit": "sprache-und-bildung",
    "sprachkurse": "sprache-und-bildung", "lebensweltbezug": "sprache-und-bildung",
    "sozialraum": "quartier", "erreichbarkeit-von-angeboten": "quartier", "zusammenhalt": "quartier",
    "soziale-mischung": "quartier", "interkulturelle-oeffnung": "integration",
    "gleichwertigkeit-der-lebensverhaeltnisse": "teilhabe", "wohnstandortwahl": "wohnen",
    "oeffentlicher-raum": "quartier", "infrastruktur-im-stadtteil": "quartier", "stadt-land": "quartier",
    "wohnraumfoerderung": "wohnen",
}


def test_new_themes_linked_both_ways(select):
    """Each narrower theme of these files: in the scheme, labelled de+en, broader and narrower back."""
    rows = select("""
        SELECT ?t ?b WHERE {
          ?t skos:inScheme <theme/#scheme> ; skos:broader ?b . ?b skos:narrower ?t .
          ?t skos:prefLabel ?de , ?en . FILTER(LANG(?de) = "de" && LANG(?en) = "en") }""")
    got = {(r["t"].split("/theme/")[1].removesuffix("#id"), r["b"].split("/theme/")[1].removesuffix("#id")) for r in rows}
    assert {pair for pair in got if pair[0] in INTRO_AND_TABLE_THEMES} == set(INTRO_AND_TABLE_THEMES.items())


# ------------------------------------------------------------------ themes

def test_narrower_themes_hang_below_the_shared_scheme(select):
    rows = select("""
        SELECT ?label ?broader WHERE {
          VALUES ?t { <theme/staatsangehoerigkeitsrecht#id> <theme/integrationskurse#id> <theme/mehrebenensystem#id>
                      <theme/fachkraeftemangel#id> <theme/gefluechtete#id> <theme/querschnittsaufgabe#id> }
          ?t skos:prefLabel ?label ; skos:broader ?b ; skos:inScheme <theme/#scheme> .
          ?b skos:narrower ?t ; skos:prefLabel ?broader .
          FILTER(lang(?label) = "de" && lang(?broader) = "de") } ORDER BY ?label""")
    assert [(r["label"], r["broader"]) for r in rows] == [
        ("Fachkräftemangel", "Arbeit"),
        ("Geflüchtete", "Migration"),
        ("Integrationskurse", "Integrationspolitik"),
        ("Mehrebenensystem", "Integrationspolitik"),
        ("Querschnittsaufgabe", "Integrationspolitik"),
        ("Staatsangehörigkeitsrecht", "Integrationspolitik")]


def test_skos_related_is_symmetric_for_session_2_themes(select):
    rows = select("""
        SELECT ?a ?b WHERE { ?a skos:related ?b . FILTER NOT EXISTS { ?b skos:related ?a }
          FILTER(CONTAINS(STR(?a), "/theme/") ) }""")
    assert rows == []


# ------------------------------------------------------------------ narrower themes

PANEL_THEMES = {
    "vielfalt": "integration", "ankunftsgebiet": "quartier", "stigmatisierung": "quartier",
    "ethnische-segregation": "segregation", "soziale-segregation": "segregation",
    "armutssegregation": "soziale-segregation", "sozialraeumliche-polarisierung": "segregation",
    "steuerung-von-segregation": "segregation", "segregationsforschung": "segregation",
    "unterbringung-von-gefluechteten": "wohnen", "buergerbeteiligung": "teilhabe",
    "kinder-und-jugendliche": "integration", "armut": "teilhabe",
}


@pytest.mark.parametrize("theme,broader", sorted(PANEL_THEMES.items()))
def test_narrower_theme_hierarchy_both_ways(ask, theme, broader):
    assert ask(f"""ASK {{ <theme/{theme}#id> a skos:Concept ; skos:inScheme <theme/#scheme> ;
                          skos:broader <theme/{broader}#id> ; skos:prefLabel ?de , ?en .
                          <theme/{broader}#id> skos:narrower <theme/{theme}#id> .
                          FILTER(lang(?de) = "de" && lang(?en) = "en") }}""")


def test_related_themes_are_symmetric_and_not_hierarchical(select):
    mine = " ".join(f"<theme/{t}#id>" for t in sorted(PANEL_THEMES))
    rows = select(f"""
        SELECT ?a ?b WHERE {{ ?a skos:related ?b .
          VALUES ?mine {{ {mine} }}
          FILTER(?a = ?mine || ?b = ?mine)
          FILTER(NOT EXISTS {{ ?b skos:related ?a }} || EXISTS {{ ?a skos:broader|skos:narrower ?b }}) }}""")
    assert rows == []

"""Completeness checklist for Session 3 „Integration in der Stadt“ (the panel discussion).

Each test is one item of the checklist, read off the source text, and looks it up in the built
graph with SPARQL; values are compared exactly so that a missing or wrong triple fails.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

PODIUM = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-3/podium#id>"
SESSION_3 = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-3#id>"
GROUP = "<group/session-3-podium#id>"


def iri(settings, relative: str) -> str:
    return settings.base_iri + relative


# ------------------------------------------------------------------ the panel as an event

def test_panel_is_a_sub_event_of_session_3(ask):
    assert ask(f"""ASK {{
        {PODIUM} a swc:PanelEvent , schema:Event ;
            schema:name "Podiumsdiskussion zur Integration in der Stadt"@de ;
            schema:superEvent {SESSION_3} ;
            schema:additionalType <format/panel-discussion#id> .
        {SESSION_3} schema:subEvent {PODIUM} }}""")


def test_panel_has_exactly_three_panelists_and_one_moderator(select):
    rows = select(f"""
        SELECT ?name ?kind ?org WHERE {{
          {PODIUM} schema:performer ?role .
          ?role a dgo:EventRole ; dgo:eventRole ?kind ; schema:performer ?p ; schema:affiliation ?o .
          ?p schema:name ?name .
          ?o schema:name ?org . FILTER(lang(?org) = "de")
        }} ORDER BY ?name""")
    base = "role/"
    got = [(r["name"], r["kind"].rsplit(base, 1)[1], r["org"]) for r in rows]
    assert got == [
        ("David H. Gehne", "panelist#id", "Zentrum für interdisziplinäre Regionalforschung der Ruhr-Universität Bochum"),
        ("Jan Üblacker", "moderator#id", "FGW Integrierende Stadtentwicklung"),
        ("Jochen Köhnke", "panelist#id", "Stadt Münster"),
        ("Tülin Kabisch-Staubach", "panelist#id", "Planerladen e. V."),
    ]


def test_role_names(select):
    rows = select(f"""
        SELECT DISTINCT ?de ?en WHERE {{
          {PODIUM} schema:performer ?role . ?role a dgo:EventRole ; schema:roleName ?de , ?en .
          FILTER(lang(?de) = "de" && lang(?en) = "en") }} ORDER BY ?de""")
    assert [(r["de"], r["en"]) for r in rows] == [("Moderation", "Moderator"), ("Podiumsteilnahme", "Panelist")]


def test_panel_links_the_persons_flat(select):
    rows = select(f"""
        SELECT ?name WHERE {{ {PODIUM} schema:performer ?p . ?p a schema:Person ; schema:name ?name }}
        ORDER BY ?name""")
    assert [r["name"] for r in rows] == ["David H. Gehne", "Jan Üblacker", "Jochen Köhnke", "Tülin Kabisch-Staubach"]


def test_people_names_and_titles(select):
    rows = select("""
        SELECT ?p ?given ?family ?prefix WHERE {
          VALUES ?p { <person/tuelin-kabisch-staubach#id> <person/david-h-gehne#id> <person/jochen-koehnke#id> }
          ?p a schema:Person , foaf:Person ; schema:givenName ?given ; schema:familyName ?family .
          OPTIONAL { ?p schema:honorificPrefix ?prefix } } ORDER BY ?family""")
    assert [(r["given"], r["family"], r["prefix"]) for r in rows] == [
        ("David", "Gehne", "Dr."),
        ("Tülin", "Kabisch-Staubach", None),
        ("Jochen", "Köhnke", None),
    ]


def test_person_affiliations(select):
    rows = select("""
        SELECT ?name ?org WHERE {
          VALUES ?p { <person/tuelin-kabisch-staubach#id> <person/david-h-gehne#id> <person/jochen-koehnke#id> <person/jan-ueblacker#id> }
          ?p schema:name ?name ; schema:affiliation ?o . ?o schema:name ?org . FILTER(lang(?org) = "de")
        } ORDER BY ?name ?org""")
    assert [(r["name"], r["org"]) for r in rows] == [
        ("David H. Gehne", "Ruhr-Universität Bochum"),
        ("David H. Gehne", "Zentrum für interdisziplinäre Regionalforschung der Ruhr-Universität Bochum"),
        ("Jan Üblacker", "FGW Integrierende Stadtentwicklung"),
        ("Jochen Köhnke", "Stadt Münster"),
        ("Tülin Kabisch-Staubach", "Planerladen e. V."),
    ]


# ------------------------------------------------------------------ institutions

def test_planerladen_is_an_ngo(ask):
    assert ask("""ASK { <org/planerladen#id> a schema:NGO , org:FormalOrganization ;
                        schema:name "Planerladen e. V."@de }""")


def test_zefir_is_a_unit_of_the_ruhr_universitaet_bochum(ask):
    # The acronyms ZEFIR and RUB are not in the text: at most an editorial note, never a name.
    assert not ask("""ASK { ?x schema:alternateName ?n . FILTER(STR(?n) IN ("ZEFIR", "RUB")) }""")
    assert ask("""ASK {
        <org/zefir-ruhr-universitaet-bochum#id> a org:OrganizationalUnit , schema:ResearchOrganization ;
            org:unitOf <org/ruhr-universitaet-bochum#id> ;
            schema:parentOrganization <org/ruhr-universitaet-bochum#id> ;
            schema:alternateName "Zentrum für interdisziplinäre Regionalforschung"@de .
        <org/ruhr-universitaet-bochum#id> a schema:CollegeOrUniversity ;
            schema:name "Ruhr-Universität Bochum"@de ;
            org:hasUnit <org/zefir-ruhr-universitaet-bochum#id> ;
            schema:location <place/bochum#id> .
        <place/bochum#id> a schema:City ; schema:name "Bochum"@de }""")
    # Neither the text nor a verified source says where Bochum lies: no containment.
    assert not ask("ASK { <place/bochum#id> schema:containedInPlace ?x }")


def test_bochum_has_no_unverified_wikidata_link(ask):
    assert not ask("""ASK { VALUES ?p { <place/bochum#id> <place/dortmund-nordstadt#id> <place/harzer-strasse-berlin#id> }
                            { ?p schema:sameAs ?x } UNION { ?p owl:sameAs ?x } }""")


def test_koehnke_holds_the_post_in_the_stadt_muenster(ask):
    assert ask("""ASK {
        <person/jochen-koehnke#id> org:holds ?post .
        ?post a org:Post ;
            skos:prefLabel "Dezernent für Migration und interkulturelle Angelegenheiten"@de ;
            org:postIn <org/stadt-muenster#id> ;
            org:heldBy <person/jochen-koehnke#id> .
        <org/stadt-muenster#id> a schema:GovernmentOrganization ;
            schema:name "Stadt Münster"@de ;
            schema:areaServed <place/muenster#id> ;
            org:hasPost ?post }""")


# ------------------------------------------------------------------ the group the statements come from

def test_panel_group_members_and_attendance(select, ask):
    rows = select(f"""SELECT ?name WHERE {{ {GROUP} a dgo:ParticipantGroup ; foaf:member ?p . ?p schema:name ?name }}
                      ORDER BY ?name""")
    assert [r["name"] for r in rows] == ["David H. Gehne", "Jan Üblacker", "Jochen Köhnke", "Tülin Kabisch-Staubach"]
    assert ask(f"ASK {{ {PODIUM} schema:attendee {GROUP} }}")


def claim_counts(select) -> dict[str, int]:
    rows = select(f"""
        SELECT ?c WHERE {{ ?c a schema:Claim ; prov:wasGeneratedBy {PODIUM} }}""")
    counts: dict[str, int] = {}
    for r in rows:
        part = re.search(r"/claim/session-3/([a-z]+)-\d+(?:-\d+)?#id$", r["c"])
        assert part, r["c"]
        counts[part.group(1)] = counts.get(part.group(1), 0) + 1
    return counts


def test_statement_count_per_subsection(select):
    assert claim_counts(select) == {"integrationsbegriff": 9, "nordstadt": 14, "segregation": 14, "steuerung": 22}


def test_every_panel_statement_is_attributed_to_the_panel_group(select):
    rows = select(f"""
        SELECT ?c ?who WHERE {{ ?c a schema:Claim ; prov:wasGeneratedBy {PODIUM} ; prov:wasAttributedTo ?who }}""")
    assert len(rows) == 59  # 55 sentences, and the four options of municipal influence listed under one of them
    assert {r["who"].rsplit("/", 1)[1] for r in rows} == {"session-3-podium#id"}


def test_every_panel_statement_is_complete(select):
    rows = select(f"""
        SELECT ?c WHERE {{ ?c a schema:Claim ; prov:wasGeneratedBy {PODIUM} .
          FILTER NOT EXISTS {{ ?c schema:text ?t ; schema:additionalType ?k ;
                              schema:appearance <doc/track-doku-2016#id> ; schema:about ?theme .
                              ?theme a skos:Concept .
                              FILTER(lang(?t) = "de") }} }}""")
    assert rows == []


def test_no_other_claim_of_session_3_is_attributed_elsewhere(select, settings):
    rows = select("""SELECT ?c ?gen WHERE { ?c a schema:Claim ; prov:wasGeneratedBy ?gen .
                     FILTER(STRSTARTS(STR(?c), STR(<claim/session-3/>))) }""")
    assert {r["gen"] for r in rows} == {iri(settings, PODIUM[1:-1])}


REPORTED = {"integrationsbegriff-2", "integrationsbegriff-6", "integrationsbegriff-9", "nordstadt-2",
            "nordstadt-8", "nordstadt-12", "nordstadt-14", "segregation-3", "segregation-4",
            "segregation-13", "steuerung-8", "steuerung-14", "steuerung-15"}
SUBJUNCTIVES = re.compile(r"\b(sei|müsse|könne|dürfe|führe|beziehe|mangle|wären|befördere|komme)\b")


def test_reported_speech_is_flagged_exactly(select):
    rows = select(f"""SELECT ?c ?text ?rep WHERE {{ ?c a schema:Claim ; prov:wasGeneratedBy {PODIUM} ; schema:text ?text .
                         OPTIONAL {{ ?c dgo:isReportedSpeech ?rep }} }}""")
    flagged = {r["c"].rsplit("/", 1)[1].removesuffix("#id") for r in rows if r["rep"] == "true"}
    assert flagged == REPORTED
    by_text = {r["c"].rsplit("/", 1)[1].removesuffix("#id") for r in rows if SUBJUNCTIVES.search(r["text"])}
    assert by_text == REPORTED


def test_every_sentence_of_the_panel_text_is_a_statement(select, settings):
    """Every word of the four subsections (headings aside) lies inside the passage of a panel
    statement or of one of the four listed municipal instruments."""
    text = unicodedata.normalize("NFC", settings.source_file.read_text(encoding="utf-8"))
    start = text.index("Der Integrationsbegriff", text.index("Session 3: Integration in der Stadt"))
    end = text.index("Diskussion am Tisch „Soziale Netzwerke“", start)
    headings = ["Der Integrationsbegriff", "Integration und Stadt: Nordstadt",
                "Ethnische und soziale Segregation", "Steuerung von Segregation?"]
    rows = select(f"""
        SELECT ?s ?e WHERE {{
          ?a oa:hasBody ?b ; oa:hasTarget/oa:hasSelector ?sel . ?sel oa:start ?s ; oa:end ?e .
          {{ ?b a schema:Claim ; prov:wasGeneratedBy {PODIUM} }}
          UNION {{ <instrument/kommunale-einflussnahme#id> schema:hasPart ?b }} }}""")
    covered = bytearray(len(text))
    for r in rows:
        covered[int(r["s"]):int(r["e"])] = b"\x01" * (int(r["e"]) - int(r["s"]))
    for h in headings:
        i = text.index(h, start)
        covered[i:i + len(h)] = b"\x01" * len(h)
    gaps = [i for i in range(start, end) if text[i].isalnum() and not covered[i]]
    assert not gaps, f"not covered: {text[gaps[0] - 20:gaps[0] + 60]!r} ({len(gaps)} characters)"


# ------------------------------------------------------------------ places and projects

def test_nordstadt_lies_in_dortmund_in_nrw_in_germany(select):
    rows = select("""
        SELECT ?name WHERE {
          <place/dortmund-nordstadt#id> a schema:Place ; schema:name "Dortmunder Nordstadt"@de ;
              schema:containedInPlace <place/dortmund#id> .
          <place/dortmund-nordstadt#id> schema:containedInPlace+ ?p . ?p schema:name ?name .
          FILTER(lang(?name) = "de") } ORDER BY ?name""")
    assert [r["name"] for r in rows] == ["Deutschland", "Dortmund", "Nordrhein-Westfalen"]


def test_nordstadt_1980s_as_a_period_not_a_date(ask):
    assert ask("""ASK {
        <claim/session-3/nordstadt-3#id> schema:mentions <place/dortmund-nordstadt#id> ;
            time:hasTime ?period .
        ?period a time:ProperInterval ;
            time:hasBeginning/time:inXSDgYear "1980"^^xsd:gYear ;
            time:hasEnd/time:inXSDgYear "1989"^^xsd:gYear .
        FILTER NOT EXISTS { <claim/session-3/nordstadt-3#id> schema:startDate|schema:dateCreated ?d } }""")


def test_harzer_strasse_project_in_berlin_by_the_aachener_swg(ask):
    assert ask("""ASK {
        <instrument/projekt-harzer-strasse-berlin#id> a schema:Project , dgo:PolicyInstrument ;
            schema:location <place/harzer-strasse-berlin#id> ;
            schema:provider <org/aachener-swg#id> ;
            schema:audience <group/zugewanderte-aus-suedosteuropa#id> .
        <group/zugewanderte-aus-suedosteuropa#id> a dgo:PopulationGroup ; dct:spatial <place/suedosteuropa#id> .
        <place/harzer-strasse-berlin#id> schema:name "Harzer Straße"@de ;
            schema:containedInPlace <place/berlin#id> .
        <org/aachener-swg#id> a schema:Organization ; schema:name "Aachener SWG"@de .
        <claim/session-3/nordstadt-7#id> schema:mentions <instrument/projekt-harzer-strasse-berlin#id> ,
            <instrument/nordstadt-renovierungsprojekte#id> }""")


def test_no_invented_urls_in_session_3(select):
    rows = select("""
        SELECT ?s ?p ?o WHERE {
          ?s ?p ?o . FILTER(?p IN (schema:url, schema:sameAs, owl:sameAs, foaf:homepage, schema:mainEntityOfPage))
          FILTER(STRSTARTS(STR(?s), STR(<instrument/>)) || STRSTARTS(STR(?s), STR(<doc/forschungen-kein-kind-zuruecklassen>))
                 || STRSTARTS(STR(?s), STR(<doc/begleitende-untersuchungen-unterbringungen-muenster>))
                 || ?s IN (<org/planerladen#id>, <org/aachener-swg#id>, <org/stadt-muenster#id>,
                           <org/ruhr-universitaet-bochum#id>, <org/zefir-ruhr-universitaet-bochum#id>)) }""")
    assert rows == []


def test_nrw_lacks_such_projects_despite_migration_from_romania_and_bulgaria(ask):
    assert ask("""ASK { <claim/session-3/nordstadt-8#id> schema:additionalType <statement-type/challenge#id> ;
                        dgo:isReportedSpeech true ;
                        schema:mentions <place/nordrhein-westfalen#id> , <place/rumaenien#id> , <place/bulgarien#id> }""")


# ------------------------------------------------------------------ steering segregation

def test_the_four_options_of_municipal_influence_are_four_statements(select, settings):
    """The sentence that introduces the bulleted list is one statement, each listed option one
    more: its text is the sentence and the item, its passage the item, in the list's order."""
    rows = select("""
        SELECT ?pos ?text ?exact ?instrument WHERE {
          <claim/session-3/steuerung-3#id> schema:hasPart ?c .
          ?c a schema:Claim ; schema:isPartOf <claim/session-3/steuerung-3#id> ; schema:position ?pos ;
             schema:text ?text ; schema:mentions ?instrument ; prov:wasAttributedTo <group/session-3-podium#id> .
          ?instrument schema:isPartOf <instrument/kommunale-einflussnahme#id> .
          ?a oa:hasBody ?c ; oa:hasTarget/oa:hasSelector/oa:exact ?exact } ORDER BY ?pos""")
    intro = "Als Möglichkeiten zur kommunalen Einflussnahme wurden unter anderem folgende Punkte diskutiert:"
    items = ["der Zugriff auf Flächen", "die kommunalen Wohnungsbestände",
             "Satzungen zur Einforderung von sozialem Wohnungsbau", "die Errichtung von Unterbringungen für Geflüchtete"]
    assert [(int(r["pos"]), r["text"], r["exact"]) for r in rows] == [
        (i + 1, f"{intro} {item}", item) for i, item in enumerate(items)]
    assert select(f"""SELECT ?t WHERE {{ <claim/session-3/steuerung-3#id> schema:text ?t }}""") == [{"t": intro}]


def test_the_four_municipal_instruments_in_order(select):
    rows = select("""
        SELECT ?pos ?name WHERE {
          <instrument/kommunale-einflussnahme#id> a dgo:PolicyInstrument ;
              schema:name "Möglichkeiten zur kommunalen Einflussnahme"@de ;
              schema:hasPart ?i .
          ?i a dgo:PolicyInstrument ; schema:isPartOf <instrument/kommunale-einflussnahme#id> ;
             schema:position ?pos ; schema:name ?name . FILTER(lang(?name) = "de") } ORDER BY ?pos""")
    assert [(int(r["pos"]), r["name"]) for r in rows] == [
        (1, "Zugriff auf Flächen"),
        (2, "kommunale Wohnungsbestände"),
        (3, "Satzungen zur Einforderung von sozialem Wohnungsbau"),
        (4, "Errichtung von Unterbringungen für Geflüchtete"),
    ]


def test_migrationsleitbild_of_muenster_with_field_wohnen(ask):
    assert ask("""ASK {
        <instrument/migrationsleitbild-muenster#id> a dgo:PolicyInstrument , bibo:Document ;
            schema:name "Migrationsleitbild"@de ;
            schema:publisher <org/stadt-muenster#id> ;
            schema:locationCreated <place/muenster#id> ;
            schema:hasPart ?field .
        ?field schema:name "Handlungsfeld „Wohnen“"@de ; schema:about <theme/wohnen#id> ;
            schema:isPartOf <instrument/migrationsleitbild-muenster#id> .
        <claim/session-3/steuerung-5#id> schema:citation <instrument/migrationsleitbild-muenster#id> }""")


def test_small_accommodation_of_about_50_places(select):
    rows = select("""
        SELECT ?value ?unit WHERE {
          <claim/session-3/steuerung-9#id> schema:mentions ?i .
          ?i a dgo:PolicyInstrument ; schema:isPartOf <instrument/unterbringungen-fuer-gefluechtete#id> ;
             schema:additionalProperty ?q .
          ?q a schema:PropertyValue ; schema:value ?value ; schema:unitText ?unit ; schema:description ?d .
          FILTER(STR(?d) = "ca. 50 Plätze")
          FILTER(lang(?unit) = "de") }""")
    assert [(int(r["value"]), r["unit"]) for r in rows] == [(50, "Plätze")]


def test_accompanying_studies_in_muenster_are_cited(ask):
    assert ask("""ASK { <claim/session-3/steuerung-11#id> schema:citation ?d ; schema:mentions <place/muenster#id> .
                        ?d a schema:CreativeWork ; schema:spatialCoverage <place/muenster#id> }""")


def test_kekiz_is_one_entity_with_its_acronym(select, ask):
    rows = select("""SELECT ?x WHERE { ?x schema:alternateName "KEKIZ"@de }""")
    assert len(rows) == 1
    assert ask("""ASK {
        <instrument/kein-kind-zuruecklassen#id> a schema:Project , dgo:PolicyInstrument ;
            schema:name "Kein Kind zurücklassen"@de ; schema:alternateName "KEKIZ"@de .
        <doc/forschungen-kein-kind-zuruecklassen#id> a schema:CreativeWork ;
            schema:about <instrument/kein-kind-zuruecklassen#id> .
        <claim/session-3/steuerung-18#id> schema:citation <doc/forschungen-kein-kind-zuruecklassen#id> ;
            schema:mentions <instrument/kein-kind-zuruecklassen#id> }""")


@pytest.mark.parametrize("claim,theme", [
    ("integrationsbegriff-2", "teilhabe"),
    ("integrationsbegriff-6", "vielfalt"),
    ("nordstadt-4", "stigmatisierung"),
    ("nordstadt-10", "ankunftsgebiet"),
    ("nordstadt-14", "sozialraeumliche-polarisierung"),
    ("segregation-1", "ethnische-segregation"),
    ("segregation-1", "soziale-segregation"),
    ("segregation-12", "armutssegregation"),
    ("steuerung-1", "steuerung-von-segregation"),
    ("steuerung-7", "buergerbeteiligung"),
    ("steuerung-9", "unterbringung-von-gefluechteten"),
    ("steuerung-12", "kinder-und-jugendliche"),
    ("steuerung-14", "armut"),
    ("steuerung-17", "segregationsforschung"),
])
def test_statement_themes(ask, claim, theme):
    assert ask(f"ASK {{ <claim/session-3/{claim}#id> schema:about <theme/{theme}#id> }}")


# ------------------------------------------------------------------ narrower themes

NEW_THEMES = {
    "vielfalt": "integration", "ankunftsgebiet": "quartier", "stigmatisierung": "quartier",
    "ethnische-segregation": "segregation", "soziale-segregation": "segregation",
    "armutssegregation": "soziale-segregation", "sozialraeumliche-polarisierung": "segregation",
    "steuerung-von-segregation": "segregation", "segregationsforschung": "segregation",
    "unterbringung-von-gefluechteten": "wohnen", "buergerbeteiligung": "teilhabe",
    "kinder-und-jugendliche": "integration", "armut": "teilhabe",
}


@pytest.mark.parametrize("theme,broader", sorted(NEW_THEMES.items()))
def test_narrower_theme_hierarchy_both_ways(ask, theme, broader):
    assert ask(f"""ASK {{ <theme/{theme}#id> a skos:Concept ; skos:inScheme <theme/#scheme> ;
                          skos:broader <theme/{broader}#id> ; skos:prefLabel ?de , ?en .
                          <theme/{broader}#id> skos:narrower <theme/{theme}#id> .
                          FILTER(lang(?de) = "de" && lang(?en) = "en") }}""")


def test_related_themes_are_symmetric_and_not_hierarchical(select):
    mine = " ".join(f"<theme/{t}#id>" for t in sorted(NEW_THEMES))
    rows = select(f"""
        SELECT ?a ?b WHERE {{ ?a skos:related ?b .
          VALUES ?mine {{ {mine} }}
          FILTER(?a = ?mine || ?b = ?mine)
          FILTER(NOT EXISTS {{ ?b skos:related ?a }} || EXISTS {{ ?a skos:broader|skos:narrower ?b }}) }}""")
    assert rows == []

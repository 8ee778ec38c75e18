"""Completeness of the introduction, Session 1's four tables and the Quartier flip chart (issue #3).

A checklist written by reading the source again against the graph: every assertion compares
exact values (names, texts, counts, kinds), so a missing or misattributed statement fails.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

S1 = "event/nrw-dialogforum-2016/track/integration-und-transformation/session-1"
TRACK = "event/nrw-dialogforum-2016/track/integration-und-transformation#id"
TABLES = {
    "arbeit": "Arbeit",
    "soziale-netzwerke": "Soziale Netzwerke",
    "sprache-und-bildung": "Sprache und Bildung",
    "quartier": "Quartier",
}


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module")
def source(settings) -> str:
    return unicodedata.normalize("NFC", settings.source_file.read_text(encoding="utf-8"))


def between(text: str, start: str, end: str) -> str:
    """The text after the first heading ``start`` up to ``end``."""
    i = text.index(start) + len(start)
    return text[i:text.index(end, i)]


def claims(select, prefix: str) -> dict[str, dict]:
    """Claims whose IRI starts with ``prefix`` (relative to the base): text, kinds, themes."""
    rows = select(f"""
        SELECT ?c ?text ?kind WHERE {{
          ?c a schema:Claim ; schema:text ?text ; schema:additionalType ?kind .
          FILTER(STRSTARTS(STR(?c), STR(<{prefix}>)))
        }}""")
    out: dict[str, dict] = {}
    for r in rows:
        c = out.setdefault(r["c"], {"text": r["text"], "kinds": set()})
        c["kinds"].add(r["kind"].rsplit("/", 1)[-1].removesuffix("#id"))
    return out


def kinds_of(select, text_start: str) -> set[str]:
    rows = select(f"""
        SELECT ?kind WHERE {{ ?c a schema:Claim ; schema:text ?t ; schema:additionalType ?kind .
          FILTER(STRSTARTS(STR(?t), "{text_start}")) }}""")
    return {r["kind"].rsplit("/", 1)[-1].removesuffix("#id") for r in rows}


def themes_of(select, text_start: str) -> set[str]:
    rows = select(f"""
        SELECT ?label WHERE {{ ?c a schema:Claim ; schema:text ?t ; schema:about ?theme .
          ?theme skos:prefLabel ?label . FILTER(LANG(?label) = "de")
          FILTER(STRSTARTS(STR(?t), "{text_start}")) }}""")
    return {r["label"] for r in rows}


# ---------------------------------------------------------------- tables, hosts, groups

def test_four_tables_with_hosts_and_institutions(select):
    rows = select(f"""
        SELECT ?table ?person ?org WHERE {{
          <{S1}#id> schema:subEvent ?t .
          ?t a dgo:WorldCafeTable ; schema:name ?table ; schema:performer ?role .
          FILTER(LANG(?table) = "de")
          ?role a dgo:EventRole ; dgo:eventRole <role/table-host#id> ;
                schema:performer/schema:name ?person ; schema:affiliation/schema:name ?org .
          FILTER(LANG(?org) = "de")
        }}""")
    assert sorted((r["table"], r["person"], r["org"]) for r in rows) == [
        ("Tisch „Arbeit“", "Barbara Hordt", "Gesellschaft für innovative Beschäftigungsförderung mbH"),
        ("Tisch „Quartier“", "Sebastian Kurtenbach",
         "Institut für interdisziplinäre Konflikt- und Gewaltforschung der Universität Bielefeld"),
        ("Tisch „Soziale Netzwerke“", "Jennifer Fietz", "TU Dortmund"),
        ("Tisch „Sprache und Bildung“", "Christa Müller-Neumann",
         "Landesweite Koordinierungsstelle Kommunale Integrationszentren"),
        ("Tisch „Sprache und Bildung“", "Nazife Al-Matar",
         "Landesweite Koordinierungsstelle Kommunale Integrationszentren"),
    ]


def test_each_table_attended_by_its_participant_group(select):
    rows = select(f"""
        SELECT ?table ?group ?name WHERE {{
          <{S1}#id> schema:subEvent ?table .
          ?table schema:attendee ?group . ?group a dgo:ParticipantGroup ; schema:name ?name .
          FILTER(LANG(?name) = "de") }}""")
    got = {(r["table"].split("/table/")[1], r["group"].split("/group/")[1], r["name"]) for r in rows}
    assert got == {
        (f"{slug}#id", f"session-1-tisch-{slug}#id", f"Teilnehmende am Tisch „{name}“")
        for slug, name in TABLES.items()
    }


def test_each_table_is_about_its_theme(select):
    rows = select(f"""
        SELECT ?table ?label WHERE {{ <{S1}#id> schema:subEvent ?table .
          ?table schema:about/skos:prefLabel ?label . FILTER(LANG(?label) = "de") }}""")
    # each table is about its own topic (and, besides, about what its statements discuss)
    assert {(r["table"].split("/table/")[1], r["label"]) for r in rows} >= {
        ("arbeit#id", "Arbeit"), ("soziale-netzwerke#id", "Soziale Netzwerke"),
        ("sprache-und-bildung#id", "Sprache und Bildung"), ("quartier#id", "Quartier"),
    }


def test_session_structure_and_world_cafe_rule_on_the_session(select):
    rows = select(f"""SELECT ?d WHERE {{ <{S1}#id> schema:description ?d . FILTER(LANG(?d) = "de") }}""")
    assert len(rows) == 1
    d = rows[0]["d"]
    assert ("Wie in einem World Café üblich konnten, die Teilnehmenden die Tische wechseln, "
            "um zu allen Themen diskutieren zu können.") in d
    assert ("Die Gespräche an den Tischen wurden entlang der Fragen nach der Bedeutung, "
            "aktuellen Herausforderungen und Fragen zum Thema strukturiert.") in d


# ---------------------------------------------------------------- statements of the tables

EXPECTED_KINDS = {  # table → sorted list of (claim number, kinds)
    "arbeit": {1: {"significance"}, 2: {"significance"}, 3: {"significance"}, 4: {"challenge"},
               5: {"recommendation"}, 6: {"recommendation"}, 7: {"question"}, 8: {"challenge"},
               9: {"challenge"}, 10: {"research-need"}},
    "soziale-netzwerke": {1: {"significance"}, 2: {"recommendation"}, 3: {"finding"},
                          4: {"recommendation"}, 5: {"recommendation"},
                          6: {"question", "transfer-need"}, 7: {"finding"}},
    "sprache-und-bildung": {1: {"significance"}, 2: {"recommendation"}, 3: {"finding"},
                            4: {"recommendation"}, 5: {"question"}},
    "quartier": {1: {"significance"}, 2: {"significance"}, 3: {"challenge"}, 4: {"challenge"},
                 5: {"significance"}, 6: {"transfer-need"}, 7: {"question"}, 8: {"finding"}},
}


@pytest.mark.parametrize("table", list(TABLES))
def test_table_claims_kinds(base_claims, table):
    got = {int(iri.rsplit("-", 1)[1].removesuffix("#id")): c["kinds"]
           for iri, c in base_claims.items() if f"/claim/session-1/{table}-" in iri}
    assert got == EXPECTED_KINDS[table]


@pytest.fixture(scope="module")
def base_claims(select):
    return claims(select, "claim/session-1/")


@pytest.mark.parametrize("table", list(TABLES))
def test_table_claims_attributed_to_group_and_generated_by_table(select, table):
    rows = select(f"""
        SELECT ?c ?group ?event WHERE {{
          ?c a schema:Claim ; prov:wasAttributedTo ?group ; prov:wasGeneratedBy ?event ;
             schema:appearance <doc/track-doku-2016#id> .
          FILTER(STRSTARTS(STR(?c), STR(<claim/session-1/{table}->))) }}""")
    assert len(rows) == len(EXPECTED_KINDS[table])
    assert {r["group"].split("/group/")[1] for r in rows} == {f"session-1-tisch-{table}#id"}
    assert {r["event"].split("/session-1/")[1] for r in rows} == {f"table/{table}#id"}


def test_no_session_1_claim_outside_its_tables_section(select):
    """Every table claim's passage lies in that table's section of Session 1."""
    rows = select("""
        SELECT ?c ?section WHERE {
          ?c a schema:Claim . FILTER(STRSTARTS(STR(?c), STR(<claim/session-1/>)))
          ?a oa:hasBody ?c ; oa:hasTarget/dgo:inSection ?section }""")
    assert len(rows) == sum(len(v) for v in EXPECTED_KINDS.values())
    for r in rows:
        table = r["c"].split("/claim/session-1/")[1].rsplit("-", 1)[0]
        assert r["section"].endswith(f"/section/session-1-tisch-{table}#id"), r


def test_reported_speech_exactly_the_subjunctive_sentences(select):
    rows = select("""
        SELECT ?t WHERE { ?c a schema:Claim ; dgo:isReportedSpeech true ; schema:text ?t .
          FILTER(STRSTARTS(STR(?c), STR(<claim/session-1/>))) } ORDER BY ?t""")
    assert [r["t"].split()[0:3] for r in rows] == [
        ["Eine", "Grundvoraussetzung", "für"],   # sei … gelte
        ["Man", "müsse", "sich"],
        ["Sprachkurse", "für", "diese"],         # müssten
        ["Zu", "beachten", "sei"],
    ]


def test_arbeit_challenges_each_point_findable_by_theme(select):
    rows = select("""
        SELECT ?label WHERE {
          ?c prov:wasGeneratedBy <event/nrw-dialogforum-2016/track/integration-und-transformation/session-1/table/arbeit#id> ;
             schema:additionalType <statement-type/challenge#id> ; schema:about ?t .
          ?t skos:prefLabel ?label . FILTER(LANG(?label) = "de") }""")
    assert {r["label"] for r in rows} == {
        "Arbeit", "Sprachkenntnisse", "Nicht anerkannte Abschlüsse und Ausbildungen",
        "Dokumentverlust", "Langzeitarbeitslosigkeit", "Maßnahmenkarrieren", "Strukturwandel",
    }


def test_arbeit_hurdles_text(select):
    assert select("""SELECT ?c WHERE { ?c schema:text "Langzeitarbeitslosigkeit und „Maßnahmenkarrieren“ wurden als große Hürden identifiziert."@de ;
        schema:additionalType <statement-type/challenge#id> ;
        schema:about <theme/langzeitarbeitslosigkeit#id> , <theme/massnahmenkarrieren#id> ;
        prov:wasAttributedTo <group/session-1-tisch-arbeit#id> }""") != []


def test_arbeit_research_fields(select):
    rows = select("""
        SELECT ?label WHERE {
          ?c schema:additionalType <statement-type/research-need#id> ;
             prov:wasAttributedTo <group/session-1-tisch-arbeit#id> ; schema:about ?t .
          ?t skos:broader <theme/arbeit#id> ; skos:prefLabel ?label . FILTER(LANG(?label) = "de") }""")
    assert {r["label"] for r in rows} == {"„Gatekeeper“ des Arbeitsmarkts", "Potenziale begrenzt leistungsfähiger Menschen"}
    assert themes_of(select, "Neben dem generellen Wunsch nach praxisnahen Forschungen") >= {"Praxisnahe Forschung"}


def test_arbeit_recommendations_and_open_question(select):
    assert themes_of(select, "Man müsse sich mehr an den gegebenen Fähigkeiten") == {
        "Arbeit", "Praxisnahe Erfassung vorhandener Qualifikationen", "Arbeitsmarktintegration"}
    assert kinds_of(select, "Ferner wurde darüber diskutiert, ob Selbstständigkeit") == {"question"}
    assert themes_of(select, "Ferner wurde darüber diskutiert, ob Selbstständigkeit") == {
        "Arbeit", "Selbstständigkeit", "Lokale Partnerschaften für Arbeit"}


def test_soziale_netzwerke_questions_and_transfer(select):
    rows = select("""
        SELECT ?label WHERE {
          ?c prov:wasAttributedTo <group/session-1-tisch-soziale-netzwerke#id> ;
             schema:additionalType <statement-type/transfer-need#id> , <statement-type/question#id> ;
             schema:about/skos:prefLabel ?label . FILTER(LANG(?label) = "de") }""")
    assert {r["label"] for r in rows} == {"Soziale Netzwerke", "Förderung und Konstruktion von Netzwerken",
                                          "Neue Medien", "Wissensaustausch"}
    assert themes_of(select, "Diese können z. B. Stadtteilstift oder Vereine sein.") == {
        "Gelegenheitsstrukturen zur Erweiterung der Netzwerke", "Vereine"}
    assert "Vielfalt" in themes_of(select, "Zu beachten sei dabei, dass die Angebote eine gewisse Diversität")
    assert "Begegnung auf Augenhöhe" in themes_of(select, "Eine Grundvoraussetzung für die erfolgreiche Netzwerkarbeit")


def test_sprache_und_bildung_points(select):
    assert themes_of(select, "Mehrsprachigkeit sollte") == {"Sprache und Bildung", "Mehrsprachigkeit", "Sprachförderung"}
    assert themes_of(select, "In der Diskussion wurden der altersabhängige Zugang zu Sprachkursen") == {
        "Sprache und Bildung", "Sprachkurse", "Lebensweltlicher Bezug von Bildungs- und Spracherwerb", "Alter"}
    assert themes_of(select, "Fragen richteten sich auf die Sozialraumbene") == {
        "Sprache und Bildung", "Sozialraum", "Sprachkenntnisse", "Erreichbarkeit von Angeboten", "Sprachförderung"}


def test_quartier_challenges_and_questions(select):
    rows = select("""
        SELECT DISTINCT ?label WHERE {
          ?c prov:wasGeneratedBy <event/nrw-dialogforum-2016/track/integration-und-transformation/session-1/table/quartier#id> ;
             schema:additionalType <statement-type/challenge#id> ; schema:about/skos:prefLabel ?label .
          FILTER(LANG(?label) = "de") FILTER(STRSTARTS(STR(?c), STR(<claim/session-1/>))) }""")
    assert {r["label"] for r in rows} == {
        "Quartier", "Soziale Mischung", "Interkulturelle Öffnung",
        "Gleichwertigkeit der Lebensverhältnisse", "Segregation", "Wohnen", "Wohnungsmarkt",
        "Freie Wohnstandortwahl"}
    assert themes_of(select, "Folglich richteten sich die Fragen der Teilnehmenden") == {
        "Quartier", "Sozialer Zusammenhalt", "Vielfalt"}
    assert themes_of(select, "Als wichtiges Instrument wurden dabei auch mögliche Strategien") == {
        "Quartier", "Soziale Wohnraumförderung"}
    assert themes_of(select, "Eine integrierende Funktion kommt den öffentlichen Räumen") == {
        "Quartier", "Öffentlicher Raum", "Soziale und gewerbliche Infrastrukturen", "Vereine", "Schulische Bildung"}


@pytest.mark.parametrize("table, heading, end", [
    ("arbeit", "Diskussion am Tisch „Arbeit“", "Diskussion am Tisch „Soziale Netzwerke“"),
    ("soziale-netzwerke", "Diskussion am Tisch „Soziale Netzwerke“", "Diskussion am Tisch „Sprache und Bildung“"),
    ("sprache-und-bildung", "Diskussion am Tisch „Sprache und Bildung“", "Diskussion am Tisch „Quartier“"),
    ("quartier", "Diskussion am Tisch „Quartier“", "Session 2: Integrationspolitik in NRW"),
])
def test_every_sentence_of_a_table_is_a_claim(source, base_claims, table, heading, end):
    """Remove every claim text of the table from its section: nothing may remain."""
    rest = norm(between(source, heading, end))
    texts = [c["text"] for iri, c in base_claims.items() if f"/claim/session-1/{table}-" in iri]
    for t in sorted(texts, key=len, reverse=True):
        assert norm(t) in rest, t
        rest = rest.replace(norm(t), " ", 1)
    assert rest.strip() == ""


# ---------------------------------------------------------------- the introduction

@pytest.fixture(scope="module")
def intro_claims(select):
    return claims(select, "claim/einleitung/")


def test_intro_every_sentence_is_a_claim(source, intro_claims):
    rest = norm(between(source, "Jan Üblacker (FGW Integrierende Stadtentwicklung)", "Session 1: World Café"))
    assert len(intro_claims) == 8
    for c in sorted(intro_claims.values(), key=lambda c: len(c["text"]), reverse=True):
        assert norm(c["text"]) in rest, c["text"]
        rest = rest.replace(norm(c["text"]), " ", 1)
    assert rest.strip() == ""


def test_intro_attributed_to_the_unnamed_authors_and_generated_by_track(select):
    """The text names no author: the introduction is the documentation's own voice, attributed
    to its authors as an agent without named members — not to the track leads of the header."""
    rows = select(f"""
        SELECT ?c (GROUP_CONCAT(?name; separator="|") AS ?names) WHERE {{
          ?c a schema:Claim ; prov:wasGeneratedBy <{TRACK}> ; prov:wasAttributedTo ?a .
          ?a a prov:Agent , foaf:Group ; schema:name ?name . FILTER(LANG(?name) = "de")
          FILTER NOT EXISTS {{ ?a foaf:member ?m }}
          FILTER(STRSTARTS(STR(?c), STR(<claim/einleitung/>))) }} GROUP BY ?c""")
    assert len(rows) == 8
    assert {r["names"] for r in rows} == {"Verfasser_innen der Dokumentation"}
    leads = select(f"""SELECT ?name WHERE {{ <{TRACK}> schema:organizer ?p . ?p a schema:Person ; schema:name ?name }}
                       ORDER BY ?name""")
    assert [r["name"] for r in leads] == ["Jan Üblacker", "Sebastian Kurtenbach"]


def test_intro_kinds(intro_claims):
    got = sorted((iri.rsplit("/", 1)[1], sorted(c["kinds"])) for iri, c in intro_claims.items())
    assert got == [
        ("1#id", ["finding"]), ("2#id", ["challenge", "finding"]), ("3#id", ["finding"]),
        ("4#id", ["question"]), ("5#id", ["finding"]), ("6#id", ["finding"]), ("7#id", ["finding"]),
        ("8#id", ["question"]),
    ]


def test_intro_causes_of_migration(select, ask):
    rows = select("""
        SELECT ?label WHERE {
          ?c schema:about <theme/fluchtursachen#id> , ?cause ; prov:wasGeneratedBy ?e .
          ?cause skos:broader <theme/fluchtursachen#id> ; skos:prefLabel ?label . FILTER(LANG(?label) = "de") }""")
    assert sorted(r["label"] for r in rows) == [
        "Durch den Klimawandel bedingte Veränderungen der Lebensräume", "Gewaltsame Konflikte",
        "Soziale und ökonomische Ungleichheit"]
    assert ask("ASK { <theme/migration#id> skos:narrower <theme/fluchtursachen#id> }")


def test_intro_four_paths_of_integration(select):
    """Sprache (lernen), Wohnung (beziehen), soziale Beziehungen zur alteingesessenen Bevölkerung,
    Eintritt in den Arbeitsmarkt — one theme each, on the track's claim."""
    text = "Der Prozess der Integration findet unter anderem über das Erlernen der Sprache"
    assert themes_of(select, text) == {
        "Integration", "Sprache und Bildung", "Wohnen", "Soziale Netzwerke",
        "Arbeit", "Arbeitsmarktintegration", "Alteingesessene Bevölkerung"}
    assert kinds_of(select, text) == {"finding"}


def test_intro_germany_and_open_question(select, ask):
    assert ask("""ASK { ?c schema:mentions <place/deutschland#id> ;
        schema:additionalType <statement-type/challenge#id> ;
        schema:text "Auch Deutschland ist Ziel dieser Bewegungen und steht damit vor der Herausforderung, die Zugewanderten in die bestehende Gesellschaft zu integrieren."@de }""")
    assert kinds_of(select, "Unklar bleibt dabei, wann eine Person als „integriert“ gilt") == {"question"}
    assert themes_of(select, "Unklar bleibt dabei") == {"Integrationsbegriff", "Alteingesessene Bevölkerung"}
    assert themes_of(select, "Darin spiegelt sich wider, dass weder") == {
        "Vielfalt", "Menschen mit Migrationshintergrund", "Alteingesessene Bevölkerung", "Heterogenität", "Ethnie"}
    for word in ("Einkommen", "Bildung", "Herkunft", "Ethnie", "Religion"):
        assert ask(f"""ASK {{ ?c schema:text ?t ; schema:about <theme/vielfalt#id> ;
            prov:wasGeneratedBy <{TRACK}> . FILTER(CONTAINS(?t, "{word}")) }}""")
    assert kinds_of(select, "Wie sich dieses Verständnis auf praktisches") == {"question"}
    assert "Wissensaustausch" in themes_of(select, "Wie sich dieses Verständnis auf praktisches")


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


# ---------------------------------------------------------------- all three parts

@pytest.mark.parametrize("prefix", ["claim/einleitung/", "claim/session-1/", "claim/flipchart/"])
def test_claim_texts_are_verbatim(select, source, prefix):
    flat = norm(source)
    texts = [c["text"] for c in claims(select, prefix).values()]
    assert texts
    for t in texts:
        assert norm(t) in flat, t


NEW_THEMES = {  # theme declared in introduction.ttl / session-1.ttl → its broader theme
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
    assert {pair for pair in got if pair[0] in NEW_THEMES} == set(NEW_THEMES.items())


@pytest.mark.parametrize("prefix", ["claim/einleitung/", "claim/session-1/", "claim/flipchart/"])
def test_linked_themes_and_entities_are_declared(select, prefix):
    """No dangling links: everything a claim is about is a concept of the theme scheme or a group
    of people the text speaks of, and every entity it mentions is described (has a type)."""
    rows = select(f"""
        SELECT DISTINCT ?x WHERE {{
          ?c a schema:Claim . FILTER(STRSTARTS(STR(?c), STR(<{prefix}>)))
          {{ ?c schema:about ?x . FILTER NOT EXISTS {{ ?x a skos:Concept ; skos:inScheme <theme/#scheme> }}
                                  FILTER NOT EXISTS {{ ?x a dgo:PopulationGroup }} }}
          UNION {{ ?c schema:mentions ?x . FILTER NOT EXISTS {{ ?x a ?type }} }}
        }}""")
    assert rows == []

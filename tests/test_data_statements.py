"""Every sentence of the introduction, the World-Café tables, Rütten's input and the panel is a
statement (issues #3, #15; named by behaviour, #13): its text verbatim, its kinds, who said it and
where, reported speech flagged exactly, the entities and themes it names; the theses, questions and
findings the text lists are there in order. Exact values are compared, so a missing, merged or
misattributed statement fails.
"""

from __future__ import annotations

import re
import unicodedata

import pytest


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
        "Sprache und Bildung", "Sozialraum", "Sprachkenntnisse", "Erreichbarkeit von Angeboten", "Sprachförderung",
        "Bildungsvermittlung"}


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


# ---------------------------------------------------------------- all three parts

@pytest.mark.parametrize("prefix", ["claim/einleitung/", "claim/session-1/", "claim/flipchart/"])
def test_claim_texts_are_verbatim(select, source, prefix):
    flat = norm(source)
    texts = [c["text"] for c in claims(select, prefix).values()]
    assert texts
    for t in texts:
        assert norm(t) in flat, t


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


INPUT = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-2/input#id>"


GESPRAECH = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-2/gespraech#id>"


RUETTEN = "<person/anton-ruetten#id>"


def test_2013_pull_factors_are_reported_claims(select):
    rows = select("""
        SELECT ?text WHERE { ?c a schema:Claim ; schema:about <timeline/2013-zuwanderung-aus-suedosteuropa#id> ,
            <theme/pull-faktoren#id> ; schema:text ?text ; dgo:isReportedSpeech true ;
            prov:wasAttributedTo <person/anton-ruetten#id> } ORDER BY ?text""")
    assert [r["text"] for r in rows] == [
        "Für qualifizierte Einwanderer hingegen seien entsprechende Arbeitgeber wichtiger als eine vorhandene Community.",
        "So seien für Geringqualifizierte ein hoher Wohnungsleerstand und eine vorhandene Community entscheidend."]


def test_reported_speech_is_never_a_plain_statement(select):
    """Every Session 2 claim written in the subjunctive („sei“, „seien“) is flagged, and no other."""
    rows = select(f"""
        SELECT ?text ?flag ?subjunctive WHERE {{
          ?c a schema:Claim ; schema:text ?text ; prov:wasGeneratedBy ?e .
          VALUES ?e {{ {INPUT} {GESPRAECH} }}
          OPTIONAL {{ ?c dgo:isReportedSpeech ?flag }}
          BIND(REGEX(?text, "\\\\b(sei|seien)\\\\b") AS ?subjunctive) }}""")
    assert len([r for r in rows if r["flag"] == "true"]) == 5
    assert all((r["flag"] == "true") == (r["subjunctive"] == "true") for r in rows), rows


# ------------------------------------------------------------------ the current debate and the report

def test_current_debate_claims(select):
    rows = select("""
        SELECT ?text ?flag WHERE { ?c a schema:Claim ; schema:text ?text ;
          ^oa:hasBody/oa:hasTarget/dgo:inSection <doc/track-doku-2016/section/session-2-aktuelle-debatte#id> .
          OPTIONAL { ?c dgo:isReportedSpeech ?flag } } ORDER BY ?text""")
    assert [(r["text"][:30], r["flag"]) for r in rows] == [
        ("Beispielsweise sind viele Inst", None),
        ("Der Lernprozess sei jedoch in ", "true"),
        ("Die derzeitige Zuwanderung sei", "true"),
        ("Einwanderungs- und Integration", None)]


# ------------------------------------------------------------------ theses and questions

THESES = [
    "Integrations- und Einwanderungspolitik sind immer noch Politikbereiche „im Werden“. Institutionelle Strukturen "
    "und rechtliche Grundlagen der Politikfelder Integration und Einwanderung müssen weiter ausgebaut werden.",
    "In Deutschland gibt es immer noch keine eindeutige Klärung, ob Migrations- und Integrationspolitik "
    "sicherheitspolitisch, arbeitsmarktpolitisch oder sozialpolitisch zu Rahmen sind.",
    "Integration ist eine Querschnittsaufgabe an der unterschiedliche Bereiche aus Verwaltung und Politik beteiligt "
    "sind. Das Gelingen von Integration und Teilhabe setzt Konzepte voraus, die eine Rechtskreise übergreifende "
    "Unterstützungsstrategie für Neueinwanderer entwickelt.",
    "Die aktuelle Entwicklung hat gezeigt, dass es weiteren Klärungsbedarf der Verantwortlichkeiten, Zuständigkeiten "
    "und Aufgaben des Bundes, der Länder und der Kommunen gibt.",
    "Zivilgesellschaftliche Akteure haben erhebliche Bedeutung für das Gelingen von Integration. Politik und "
    "Verwaltung muss daran gelegen sein, diese Potenziale zu würdigen und zu stärken, ohne sie für sich zu "
    "instrumentalisieren.",
]


def test_five_theses_by_ruetten(select):
    rows = select(f"""
        SELECT ?text ?sec WHERE {{
          ?c a schema:Claim ; schema:additionalType <statement-type/thesis#id> ; schema:text ?text ;
             prov:wasAttributedTo {RUETTEN} ; prov:wasGeneratedBy {INPUT} ; schema:position ?pos ;
             schema:appearance <doc/track-doku-2016#id> ;
             ^oa:hasBody/oa:hasTarget/dgo:inSection ?sec }} ORDER BY ?pos""")
    assert [r["text"] for r in rows] == THESES
    assert {r["sec"].rsplit("/", 1)[1] for r in rows} == {"session-2-thesen#id"}


def test_three_questions_from_the_audience(select):
    rows = select(f"""
        SELECT ?text ?group WHERE {{
          ?c a schema:Claim ; schema:additionalType <statement-type/question#id> ; schema:text ?text ;
             prov:wasAttributedTo ?g ; prov:wasGeneratedBy {GESPRAECH} ; schema:position ?pos .
          ?g a dgo:ParticipantGroup ; schema:name ?group . {GESPRAECH} schema:attendee ?g .
          FILTER(lang(?group) = "de") }} ORDER BY ?pos""")
    assert [r["text"] for r in rows] == [
        "den Fachkräftemangel in der Sozialen Arbeit",
        "den Zugang von Geflüchteten zur Psychotherapie",
        "Integration durch Bildung"]
    assert {r["group"] for r in rows} == {"Publikum des Inputs „Integrationspolitik in NRW“"}


def test_finding_of_the_discussion_rests_on_the_questions(select):
    rows = select(f"""
        SELECT ?q WHERE {{ ?c a schema:Claim ; schema:additionalType <statement-type/finding#id> ;
          prov:wasGeneratedBy {GESPRAECH} ; schema:isBasedOn ?q ;
          schema:text ?t FILTER(STRSTARTS(?t, "In diesen Bereichen zeigt sich")) }}""")
    assert len(rows) == 3
    assert select(f"""SELECT ?c WHERE {{ ?c prov:wasGeneratedBy {GESPRAECH} ; dgo:isReportedSpeech true ;
        schema:text "Hierfür sei auch die Schaffung rechtlicher Rahmenbedingungen notwendig."@de }}""") != []


def test_every_session_2_claim_is_anchored_in_session_2(select):
    rows = select(f"""
        SELECT ?c ?sec WHERE {{ ?c a schema:Claim ; prov:wasGeneratedBy ?e . VALUES ?e {{ {INPUT} {GESPRAECH} }}
          ?a oa:hasBody ?c ; oa:hasTarget/dgo:inSection ?sec }}""")
    assert len({r["c"] for r in rows}) == 33
    assert {r["sec"].rsplit("/", 1)[1] for r in rows} <= {
        "session-2#id", "session-2-rueckblick#id", "session-2-integrationspolitik-nrw#id",
        "session-2-aktuelle-debatte#id", "session-2-thesen#id", "session-2-gespraech#id"}


PODIUM = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-3/podium#id>"


def iri(settings, relative: str) -> str:
    return settings.base_iri + relative


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

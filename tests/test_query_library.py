"""Every named query of queries/ runs on the project's validated graph and gives the answer the
documentation gives (names, years, places) — and ``dialoggraph query`` prints it."""

from __future__ import annotations

import json
import unicodedata

import pytest
from typer.testing import CliRunner

from .dgkit import built_site
from dialoggraph.cli import app
from dialoggraph.query.library import NamedQuery, load_library
from dialoggraph.query.store import EmbeddedStore, QueryResult

VERIFIED_QIDS = {"Q183", "Q218", "Q219", "Q1198", "Q980", "Q985", "Q1200", "Q64", "Q1718", "Q1295", "Q2742", "Q2112"}
TRACK = "event/nrw-dialogforum-2016/track/integration-und-transformation"


@pytest.fixture(scope="session")
def library(settings):
    return load_library(settings.queries_dir)


@pytest.fixture(scope="session")
def published(graphs) -> EmbeddedStore:
    """The published graph (data + VoID), as the site's dataset.nt + void.ttl hold it."""
    return EmbeddedStore.from_triples(graphs.data + graphs.void)


@pytest.fixture(scope="session")
def run(library, published, settings):
    def run(name: str, **params: str) -> QueryResult:
        return library[name].run(published, settings.base_iri, params)
    return run


def local(settings, value: str | None) -> str | None:
    return value[len(settings.base_iri):] if value and value.startswith(settings.base_iri) else value


def test_library_size_and_headers(library):
    assert len(library) >= 25
    covered = set()
    for nq in library.values():
        assert nq.title_de and nq.title_en and nq.question_de and nq.question_en, nq.name
        assert nq.cq, nq.name
        covered.update(nq.cq)
    assert covered >= set(range(1, 36)), f"competency questions without a query: {set(range(1, 36)) - covered}"


def test_every_named_query_has_a_check(library):  # noqa: F811 - CHECKS is filled below
    assert set(library) == set(CHECKS), f"untested: {set(library) - set(CHECKS)}; stale: {set(CHECKS) - set(library)}"


CHECKS: dict = {}


def check(name):
    def register(fn):
        CHECKS[name] = fn
        return fn
    return register


@check("track-leads")
def _track_leads(run, settings):
    r = run("track-leads")
    assert r.column("name") == ["Jan Üblacker", "Sebastian Kurtenbach"]
    assert r.column("organisationName") == ["FGW Integrierende Stadtentwicklung", "Universität Bielefeld"]


@check("sessions")
def _sessions(run, settings):
    r = run("sessions")
    assert [n.split(":")[0] for n in r.column("name")] == ["Session 1", "Session 2", "Session 3"]
    assert r.column("name")[1] == "Session 2: Integrationspolitik in NRW"
    assert set(r.column("startDate")) == {"2016-11-03"} and set(r.column("endDate")) == {"2016-11-04"}


@check("venue")
def _venue(run, settings):
    r = run("venue")
    assert set(r.column("venueName")) == {"Mercure Hotel Düsseldorf Kaarst"}
    assert r.column("placeName") == ["Kaarst", "Nordrhein-Westfalen", "Deutschland"]


@check("table-hosts")
def _table_hosts(run, settings):
    r = run("table-hosts")
    assert list(zip(r.column("tableName"), r.column("hostName"))) == [
        ("Tisch „Arbeit“", "Barbara Hordt"),
        ("Tisch „Soziale Netzwerke“", "Jennifer Fietz"),
        ("Tisch „Sprache und Bildung“", "Christa Müller-Neumann"),
        ("Tisch „Sprache und Bildung“", "Nazife Al-Matar"),
        ("Tisch „Quartier“", "Sebastian Kurtenbach"),
    ]
    assert r.column("organisationName")[1] == "TU Dortmund"


@check("affiliations")
def _affiliations(run, settings):
    pairs = set(zip(run("affiliations").column("name"), run("affiliations").column("organisationName")))
    assert ("Anton Rütten", "Ministerium für Arbeit, Integration und Soziales NRW") in pairs
    assert ("Jennifer Fietz", "TU Dortmund") in pairs
    assert ("Tülin Kabisch-Staubach", "Planerladen e. V.") in pairs


@check("person-functions")
def _person_functions(run, settings):
    rows = run("person-functions").dicts()
    membership = [r for r in rows if r["kind"] == "membership"]
    assert membership == [{"kind": "membership", "function": "Abteilungsleitung",
                           "organisationName": "Abteilung „Integration“ des Ministeriums für Arbeit, Integration und Soziales NRW",
                           "attested": "2016-11"}]
    assert {"job title", "post"} <= {r["kind"] for r in rows}
    schaeuble = run("person-functions", person="person/wolfgang-schaeuble#id").dicts()
    assert {(r["function"], r["attested"]) for r in schaeuble if r["kind"] == "membership"} == {("Bundesinnenminister", "2006")}


@check("panel")
def _panel(run, settings):
    r = run("panel")
    roles = {}
    for row in r.dicts():
        roles.setdefault(row["role"], []).append(row["name"])
    assert sorted(roles["Podiumsteilnahme"]) == ["David H. Gehne", "Jochen Köhnke", "Tülin Kabisch-Staubach"]
    assert roles["Moderation"] == ["Jan Üblacker"]


@check("organisation-units")
def _units(run, settings):
    pairs = {(local(settings, r["unit"]), r["parentName"]) for r in run("organisation-units").dicts()}
    assert ("org/ikg-universitaet-bielefeld#id", "Universität Bielefeld") in pairs
    assert ("org/zefir-ruhr-universitaet-bochum#id", "Ruhr-Universität Bochum") in pairs
    assert ("org/mais-nrw-abteilung-integration#id", "Ministerium für Arbeit, Integration und Soziales NRW") in pairs


@check("people-by-sector")
def _sectors(run, settings):
    by = {}
    for r in run("people-by-sector").dicts():
        by.setdefault(r["sector"], set()).add(r["name"])
    assert {"Jennifer Fietz", "Sebastian Kurtenbach", "David H. Gehne"} <= by["Wissenschaft"]
    # the text does not say what kind of body „FGW Integrierende Stadtentwicklung“ is
    assert "Jan Üblacker" not in set().union(*by.values())
    assert {"Anton Rütten", "Jochen Köhnke"} <= by["Politik und Verwaltung"]
    assert by["Zivilgesellschaft"] == {"Tülin Kabisch-Staubach"}


@check("what-happened-in-year")
def _year(run, settings):
    r = run("what-happened-in-year")
    assert [local(settings, t) for t in r.column("thing")] == ["timeline/2005-zuwanderungsgesetz#id"]
    assert r.column("label") == ["2005: Zuwanderungsgesetz und verpflichtende Integrationskurse"]
    r2012 = run("what-happened-in-year", year="2012").dicts()
    assert ("law", "Teilhabe- und Integrationsgesetz") in {(x["kind"], x["label"]) for x in r2012}
    r1995 = run("what-happened-in-year", year="1995").dicts()
    assert {x["label"] for x in r1995 if x["kind"] == "founded"} == {
        "Integrationsausschuss", "Interministerielle Arbeitsgruppe Integration"}
    r2016 = {x["label"] for x in run("what-happened-in-year", year="2016").dicts()}
    assert {"NRW-Dialogforum 2016", "Landesintegrationsplan NRW"} <= r2016


@check("timeline")
def _timeline(run, settings):
    r = run("timeline")
    assert [int(y) for y in r.column("year")] == [2000, 2000, 2005, 2006, 2007, 2010, 2013, 2014]
    assert r.column("date")[1] == "2000-09"
    assert run("timeline", **{"from": "2005", "to": "2007"}).column("year") == ["2005", "2006", "2007"]


@check("laws")
def _laws(run, settings):
    rows = {r["name"]: r for r in run("laws").dicts()}
    assert set(rows) == {"Reform des Staatsangehörigkeitsrechts", "Zuwanderungsgesetz", "Teilhabe- und Integrationsgesetz"}
    tig = rows["Teilhabe- und Integrationsgesetz"]
    assert (tig["date"], tig["jurisdictionName"], tig["level"]) == ("2012", "Nordrhein-Westfalen", "Land")
    assert (rows["Zuwanderungsgesetz"]["jurisdictionName"], rows["Zuwanderungsgesetz"]["level"]) == ("Deutschland", "Bund")


@check("law-passed-by")
def _passed_by(run, settings):
    assert [(r["relation"], r["agentName"]) for r in run("law-passed-by").dicts()] == [("passed by", "Landtag NRW")]
    zuwg = run("law-passed-by", law="law/zuwanderungsgesetz-2005#id").dicts()
    assert [(r["relation"], r["agentName"]) for r in zuwg] == [("responsible", "Bundesregierung")]


@check("based-on-law")
def _based_on(run, settings):
    assert set(run("based-on-law").column("name")) == {
        "Einrichtung der Kommunalen Integrationszentren", "Förderung von zivilgesellschaftlichen Akteuren",
        "Dauerhafte Förderung des Landesintegrationsrates", "Selbstverpflichtung des Landes zur interkulturellen Öffnung"}
    courses = run("based-on-law", law="law/zuwanderungsgesetz-2005#id")
    assert [local(settings, m) for m in courses.column("measure")] == ["instrument/integrationskurse#id"]


@check("founded-since")
def _founded(run, settings):
    r = run("founded-since")
    assert r.column("name") == ["Integrationsausschuss", "Interministerielle Arbeitsgruppe Integration"]
    assert set(r.column("areaName")) == {"Nordrhein-Westfalen"}


@check("state-committees")
def _committees(run, settings):
    states = {}
    for r in run("state-committees").dicts():
        states.setdefault(r["stateName"], set()).add(r["name"])
    assert states["Bayern"] == {"Ausschuss für Arbeit, Soziales, Kinder, Jugend und Integration"}
    assert states["Baden-Württemberg"] == {"Ausschuss für Inneres und Migration", "Ausschuss für Soziales und Integration"}
    assert "Rheinland-Pfalz" in states and "Integrationsausschuss" in states["Nordrhein-Westfalen"]


@check("cited-documents")
def _cited(run, settings):
    rows = {r["name"]: r for r in run("cited-documents").dicts()}
    assert rows["Zuwanderung gestalten; Integration fördern"]["issued"] == "2001-07"
    assert "NewsArticle" in rows["Muslime in Deutschland"]["types"]
    assert "Erster Teilhabe- und Integrationsbericht des Landes NRW" in rows


@check("commission")
def _commission(run, settings):
    rows = {(r["relation"], r["personName"], r["date"]) for r in run("commission").dicts()}
    assert rows == {("founder", "Schily", "2000-09"), ("head", "Süssmuth", "2000-09")}


@check("document-findings")
def _findings(run, settings):
    r = run("document-findings")
    assert [local(settings, c) for c in r.column("claim")] == ["claim/session-2/rueckblick-1#id"]
    assert "im Mehrebenensystem der Bundesrepublik besser koordiniert werden müssen" in r.column("text")[0]


@check("theses")
def _theses(run, settings):
    r = run("theses")
    assert [local(settings, c) for c in r.column("claim")] == [f"claim/session-2/these-{i}#id" for i in range(1, 6)]
    assert r.column("text")[2].startswith("Integration ist eine Querschnittsaufgabe")
    assert run("theses", person="person/jan-ueblacker#id").rows == []


@check("statements-at-event")
def _at_event(run, settings):
    r = run("statements-at-event")
    assert [local(settings, c) for c in r.column("claim")] == [
        "claim/session-1/arbeit-4#id", "claim/session-1/arbeit-8#id", "claim/session-1/arbeit-9#id"]
    assert "Langzeitarbeitslosigkeit und „Maßnahmenkarrieren“ wurden als große Hürden identifiziert." in r.column("text")
    theses = run("statements-at-event", event=f"{TRACK}/session-2#id", kind="statement-type/thesis#id")
    assert len(theses.rows) == 5


@check("research-needs")
def _research(run, settings):
    rows = {local(settings, r["claim"]): r for r in run("research-needs").dicts()}
    assert rows["claim/session-1/arbeit-10#id"]["kindLabel"] == "Forschungsbedarf"
    assert rows["claim/session-1/arbeit-10#id"]["eventName"] == "Tisch „Arbeit“"
    assert rows["claim/session-1/soziale-netzwerke-6#id"]["kindLabel"] == "Transferbedarf"


@check("themes-per-session")
def _themes(run, settings):
    top = {}
    for r in run("themes-per-session").dicts():
        top.setdefault(r["sessionName"], []).append(r["themeLabel"])
    assert {"Arbeit", "Soziale Netzwerke", "Sprache und Bildung", "Quartier"} <= \
        set(top["Session 1: World Café „Aspekt der Integration“"][:6])
    assert top["Session 2: Integrationspolitik in NRW"][0] == "Integrationspolitik"
    assert {"Segregation", "Steuerung von Segregation", "Wohnen", "Quartier"} <= set(top["Session 3: Integration in der Stadt"][:6])


@check("narrower-themes")
def _narrower(run, settings):
    pairs = set(zip(run("narrower-themes").column("label"), run("narrower-themes").column("broaderLabel")))
    assert {("Ethnische Segregation", "Segregation"), ("Soziale Segregation", "Segregation"),
            ("Armutssegregation", "Soziale Segregation"), ("Steuerung von Segregation", "Segregation")} <= pairs


@check("places")
def _places(run, settings):
    rows = {r["name"]: r for r in run("places").dicts()}
    assert (rows["Kaarst"]["stateName"], rows["Kaarst"]["countryName"]) == ("Nordrhein-Westfalen", "Deutschland")
    # Berlin is a city of the graph, not a state: the text does not say it is one
    assert (rows["Harzer Straße"]["stateName"], rows["Harzer Straße"]["countryName"]) == (None, "Deutschland")
    assert (rows["Bochum"]["stateName"], rows["Bochum"]["countryName"]) == (None, None)
    assert rows["Rumänien"]["stateName"] is None


@check("neighbourhood-projects")
def _projects(run, settings):
    rows = {r["placeName"]: r for r in run("neighbourhood-projects").dicts()}
    assert (rows["Harzer Straße"]["cityName"], rows["Harzer Straße"]["providerName"]) == ("Berlin", "Aachener SWG")
    assert rows["Dortmunder Nordstadt"]["cityName"] == "Dortmund"


@check("places-in-year")
def _places_2013(run, settings):
    rows = run("places-in-year").dicts()
    origin = {r["name"] for r in rows if r["type"] == "Staat" and r["inGermany"] == "false"}
    assert origin == {"Rumänien", "Bulgarien"}
    assert {r["wikidata"] for r in rows if r["name"] in origin} == {
        "http://www.wikidata.org/entity/Q218", "http://www.wikidata.org/entity/Q219"}
    assert "Südosteuropa" in {r["name"] for r in rows}


@check("instrument")
def _instrument(run, settings):
    rows = {(r["relation"], r["label"]) for r in run("instrument").dicts()}
    assert {("publisher", "Stadt Münster"), ("part", "Handlungsfeld „Wohnen“"), ("place", "Münster")} <= rows
    tig = {(r["relation"], r["label"]) for r in run("instrument", instrument="instrument/einrichtung-kommunale-integrationszentren#id").dicts()}
    assert ("based on", "Teilhabe- und Integrationsgesetz") in tig


@check("passage")
def _passage(run, settings):
    r = run("passage").dicts()
    assert len(r) == 1 and r[0]["sectionName"] == "Diskussion am Tisch „Arbeit“"
    text = unicodedata.normalize("NFC", settings.source_file.read_text(encoding="utf-8"))
    assert text[int(r[0]["start"]):int(r[0]["end"])] == r[0]["exact"]
    assert r[0]["exact"].startswith("Die Teilnehmenden benannten eine Reihe aktueller Herausforderungen")


@check("statements-of-session")
def _of_session(run, settings):
    counts = {r["kindLabel"]: int(r["statements"]) for r in run("statements-of-session").dicts()}
    assert counts["These"] == 5
    s1 = {r["kindLabel"]: int(r["statements"]) for r in run("statements-of-session", session=f"{TRACK}/session-1#id").dicts()}
    assert s1["Forschungsbedarf"] == 1 and "These" not in s1


@check("wikidata-links")
def _wikidata(run, settings):
    rows = run("wikidata-links").dicts()
    qids = {r["qid"] for r in rows}
    assert qids <= VERIFIED_QIDS, f"unverified Wikidata ids: {qids - VERIFIED_QIDS}"
    assert {"Q183", "Q1198", "Q218", "Q219", "Q2742", "Q2112"} <= qids
    assert {(r["name"], r["qid"]) for r in rows} >= {("Deutschland", "Q183"), ("Münster", "Q2742")}


@check("reported-speech")
def _reported(run, settings):
    rows = {r["sessionName"]: (int(r["reported"]), int(r["statements"])) for r in run("reported-speech").dicts()}
    assert rows["Track (Einleitung)"] == (0, 8)
    for name in ("Session 1: World Café „Aspekt der Integration“", "Session 2: Integrationspolitik in NRW",
                 "Session 3: Integration in der Stadt"):
        reported, total = rows[name]
        assert 0 < reported < total


@check("post-holders")
def _posts(run, settings):
    r = run("post-holders").dicts()
    assert [(x["name"], x["year"]) for x in r] == [("Schily", "2000"), ("Wolfgang Schäuble", "2006")]


@check("dataset")
def _dataset(run, settings):
    r = run("dataset").dicts()
    assert len(r) == 1
    assert r[0]["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert r[0]["sourceName"] == "Dokumentation des Tracks „Integration und Transformation“"
    assert r[0]["endpoint"] == settings.base_iri + "sparql"


@check("missing-english-labels")
def _missing_en(run, settings):
    # The query's meaning is checked on a small graph below; on the real data every row must
    # indeed lack an English label.
    for row in run("missing-english-labels").dicts():
        assert row["label"]


@check("statements-about-theme")
def _about_theme(run, settings):
    rows = run("statements-about-theme").dicts()
    claims = {local(settings, r["claim"]) for r in rows}
    assert "claim/session-1/quartier-1#id" in claims
    assert {"Quartier", "Segregation"} <= {r["themeLabel"] for r in rows}
    assert any(c.startswith("claim/session-3/") for c in claims)


@check("find-by-name")
def _find(run, settings):
    r = run("find-by-name", text="süßmuth").dicts()
    assert {local(settings, x["entity"]) for x in r} == {"person/suessmuth#id", "org/zuwanderungskommission#id"}


#: find-by-name as first written: one group, every match, no cap.
FIND_BY_NAME_PLAIN = """SELECT ?entity ?name (GROUP_CONCAT(DISTINCT ?typeName; separator=" ") AS ?types) WHERE {
  ?entity schema:name|schema:alternateName|skos:prefLabel|skos:altLabel ?name .
  FILTER(CONTAINS(LCASE(STR(?name)), LCASE(STR(?text))))
  OPTIONAL { ?entity a ?type . BIND(REPLACE(STR(?type), "^.*[/#]", "") AS ?typeName) }
}
GROUP BY ?entity ?name
ORDER BY ?name ?entity"""


@pytest.mark.parametrize("word", ["süßmuth", "Integration", "e", ""])
def test_find_by_name_gives_the_plain_answer(word, library, published, settings):
    """find-by-name orders and caps the matches (``LIMIT 1000``) in a sub-select before it looks
    up their types — at a million triples one letter matches tens of thousands of names. On our
    data even the empty word (every name) stays below the cap: same rows, same order as the plain
    query."""
    nq = library["find-by-name"]
    text = nq.text(settings.base_iri, {"text": word})
    # the parameter is bound inside the sub-select, where it filters
    assert text.index("VALUES (?text)") > text.index("SELECT DISTINCT ?entity ?name WHERE {")
    plain = NamedQuery("plain", nq.path, FIND_BY_NAME_PLAIN, params=nq.params)

    def rows(result):
        return [(r["entity"], r["name"], sorted((r["types"] or "").split())) for r in result.dicts()]

    got = rows(nq.run(published, settings.base_iri, {"text": word}))
    want = rows(plain.run(published, settings.base_iri, {"text": word}))
    assert got == want
    assert len(got) < 1000
    if word == "":
        assert len(got) > 300


@check("mentions-of")
def _mentions(run, settings):
    rows = {(local(settings, r["subject"]), r["relation"]) for r in run("mentions-of").dicts()}
    assert ("claim/session-3/nordstadt-1#id", "mentions") in rows
    assert ("instrument/nordstadt-renovierungsprojekte#id", "location") in rows


@check("inferences")
def _inferences(run, settings):
    rows = run("inferences").dicts()
    by_subject = {(local(settings, r["subject"]), local(settings, r["property"]), r["basis"]) for r in rows}
    assert ("claim/session-2/these-1#id", "http://www.w3.org/ns/prov#wasAttributedTo", "editorial inference") in by_subject
    assert ("place/kaarst#id", "https://schema.org/containedInPlace", "editorial inference") in by_subject
    assert ("place/berlin#id", "https://schema.org/containedInPlace", "outside knowledge") in by_subject
    outside = [r for r in rows if r["basis"] == "outside knowledge"]
    assert outside and all(r["source"].startswith("http://www.wikidata.org/entity/Q") for r in outside)
    assert all(r["reasoning"] and r["by"] == "Redaktion von dialoggraph" for r in rows)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_named_query(name, run, settings):
    CHECKS[name](run, settings)


def test_dataset_size_matches_the_build(run, graphs):
    row = run("dataset").dicts()[0]
    assert int(row["triples"]) == graphs.summary.triples
    assert int(row["entities"]) == graphs.summary.entities


def test_reported_speech_counts_match_the_flags(run, select):
    rows = {r["sessionName"]: int(r["reported"]) for r in run("reported-speech").dicts()}
    flagged = select(f"""SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{
        <{TRACK}/session-2#id> schema:subEvent* ?e . ?c prov:wasGeneratedBy ?e ; dgo:isReportedSpeech true }}""")
    assert rows["Session 2: Integrationspolitik in NRW"] == int(flagged[0]["n"])


def test_missing_english_labels_on_a_small_graph(library, settings):
    import pyoxigraph as ox

    N, L = ox.NamedNode, ox.Literal
    name = N("https://schema.org/name")
    store = EmbeddedStore.from_triples([
        ox.Triple(N(settings.base_iri + "org/a#id"), name, L("Nur Deutsch", language="de")),
        ox.Triple(N(settings.base_iri + "org/b#id"), name, L("Beides", language="de")),
        ox.Triple(N(settings.base_iri + "org/b#id"), name, L("Both", language="en")),
    ])
    r = library["missing-english-labels"].run(store, settings.base_iri)
    assert r.column("label") == ["Nur Deutsch"]


# ----------------------------------------------------------------------------- the command


@pytest.fixture(scope="session")
def site(settings):
    return built_site(settings)


def cli(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_cli_list(settings):
    result = cli("query", "--list", "-C", str(settings.project_dir))
    assert result.exit_code == 0
    assert "track-leads — Leitung des Tracks / Track leads" in result.output
    assert "--param year=… (xsd:gYear = 2005)" in result.output


def test_cli_csv_and_json(settings, site):
    result = cli("query", "track-leads", "--format", "csv", "--site", str(site), "-C", str(settings.project_dir))
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()  # warnings go to stderr, data to stdout
    assert lines[0] == "person,name,organisation,organisationName"
    assert "Jan Üblacker" in lines[1] and "Sebastian Kurtenbach" in lines[2]
    result = cli("query", "what-happened-in-year", "--param", "year=2012", "--format", "json",
                 "--site", str(site), "-C", str(settings.project_dir))
    doc = json.loads(result.stdout)
    labels = {b["label"]["value"] for b in doc["results"]["bindings"] if "label" in b}
    assert "Teilhabe- und Integrationsgesetz" in labels


def test_cli_tsv_table_and_file(settings, site, tmp_path):
    result = cli("query", "founded-since", "-f", "tsv", "--site", str(site), "-C", str(settings.project_dir))
    assert result.stdout.splitlines()[0] == "?organisation\t?name\t?foundingDate\t?areaName"
    assert '"1995"^^<http://www.w3.org/2001/XMLSchema#gYear>' in result.stdout
    table = cli("query", "panel", "--site", str(site), "-C", str(settings.project_dir))
    assert table.exit_code == 0 and "Köhnke" in table.output
    rq = tmp_path / "count.rq"
    rq.write_text("# title@de: Zählen\nSELECT (COUNT(*) AS ?n) WHERE { ?s a schema:Person }\n", encoding="utf-8")
    counted = cli("query", str(rq), "-f", "csv", "--site", str(site), "-C", str(settings.project_dir))
    assert counted.exit_code == 0 and int(counted.stdout.splitlines()[1]) >= 10


def test_cli_limit_flags_truncation(settings, site):
    result = CliRunner().invoke(app, ["query", "find-by-name", "--limit", "2", "-f", "csv", "--site", str(site),
                                      "-C", str(settings.project_dir)])
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 3
    assert "truncated" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["theses", "--param", "person=x> } ; DROP ALL ; INSERT DATA {<a> <b> <c"], "not a valid IRI"),
    (["what-happened-in-year", "--param", "year=2005\" } UNION { ?s ?p ?o } #"], "not a valid xsd:gYear"),
    (["track-leads", "--param", "nobody=1"], "no parameter"),
    (["no-such-query"], "no named query"),
])
def test_cli_errors(settings, site, args, message):
    result = CliRunner().invoke(app, ["query", *args, "--site", str(site), "-C", str(settings.project_dir)])
    assert result.exit_code == 2
    assert message in result.stderr


def test_cli_string_injection_is_a_value(settings, site):
    result = CliRunner().invoke(app, ["query", "find-by-name", "--param", 'text=x" . } UNION {?s ?p ?o} #',
                                      "-f", "csv", "--site", str(site), "-C", str(settings.project_dir)])
    assert result.exit_code == 0
    assert result.stdout.strip() == "entity,name,types"


def test_cli_show_binds_as_terms(settings):
    result = cli("query", "theses", "--show", "-p", "person=person/jan-ueblacker#id", "-C", str(settings.project_dir))
    assert f"VALUES (?person) {{ (<{settings.base_iri}person/jan-ueblacker#id>) }}" in result.output

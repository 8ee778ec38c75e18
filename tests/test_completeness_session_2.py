"""Completeness checklist for Session 2 „Integrationspolitik in NRW“ (Anton Rütten's input).

Each test is one item of the checklist, read off the source text sentence by sentence, and looks
it up in the built graph with SPARQL. Names, years and counts are compared exactly, so a missing,
extra or wrong triple fails.
"""

from __future__ import annotations

SESSION_2 = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-2#id>"
INPUT = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-2/input#id>"
GESPRAECH = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-2/gespraech#id>"
RUETTEN = "<person/anton-ruetten#id>"
COMMISSION = "<org/zuwanderungskommission#id>"
TIG = "<law/teilhabe-und-integrationsgesetz-nrw-2012#id>"
SECTION = "<doc/track-doku-2016/section/{}#id>"


def names(rows, key="name"):
    return sorted(r[key] for r in rows)


# ------------------------------------------------------------------ the input and its speaker

def test_input_is_a_talk_in_session_2(ask):
    assert ask(f"""ASK {{
        {INPUT} a swc:TalkEvent , conf:Talk , schema:Event ;
            schema:superEvent {SESSION_2} ;
            schema:additionalType <format/input#id> ;
            schema:performer {RUETTEN} .
        {SESSION_2} schema:subEvent {INPUT} , {GESPRAECH} .
        {GESPRAECH} schema:superEvent {SESSION_2} }}""")


def test_speaker_role_node(select):
    rows = select(f"""
        SELECT ?person ?kind ?org WHERE {{
          {INPUT} schema:performer ?role .
          ?role a dgo:EventRole ; schema:performer ?p ; dgo:eventRole ?k ; schema:affiliation ?o ;
                schema:roleName "Input/Vortrag"@de .
          ?p schema:name ?person . ?o schema:name ?org .
          BIND(STRAFTER(STR(?k), "role/") AS ?kind) }}""")
    assert [(r["person"], r["kind"], r["org"]) for r in rows] == [
        ("Anton Rütten", "speaker#id", "Ministerium für Arbeit, Integration und Soziales NRW")]


def test_ruetten_post_in_the_integration_department(select):
    rows = select(f"""
        SELECT ?post ?unit ?ministry WHERE {{
          {RUETTEN} org:holds ?p ; org:headOf ?u .
          ?p a org:Post ; org:heldBy {RUETTEN} ; org:postIn ?u ; skos:prefLabel ?post .
          ?u a org:OrganizationalUnit ; org:unitOf ?m ; schema:parentOrganization ?m ; schema:name ?unit .
          ?m org:hasUnit ?u ; schema:name ?ministry .
          FILTER(lang(?post) = "de") }}""")
    assert [(r["post"], r["unit"], r["ministry"]) for r in rows] == [(
        "Abteilungsleitung „Integration“ im Ministerium für Arbeit, Integration und Soziales NRW",
        "Abteilung „Integration“ des Ministeriums für Arbeit, Integration und Soziales NRW",
        "Ministerium für Arbeit, Integration und Soziales NRW")]


def test_ruetten_membership_is_dated_only_to_the_forum(select):
    """Attested for the forum in November 2016: the text does not say on which of its two days
    Session 2 took place, so no day is given."""
    rows = select(f"""
        SELECT ?m ?date ?unit WHERE {{
          ?m a org:Membership ; org:member {RUETTEN} ; org:organization ?u ;
             org:role <role/abteilungsleitung#id> ;
             org:memberDuring ?i .
          ?u schema:name ?unit .
          ?i time:inside ?t . ?t time:inXSDgYearMonth ?date .
          FILTER NOT EXISTS {{ ?t time:inXSDDate ?day }}
          FILTER NOT EXISTS {{ ?i time:hasBeginning|time:hasEnd ?x }} }}""")
    assert [(r["date"], r["unit"]) for r in rows] == [
        ("2016-11", "Abteilung „Integration“ des Ministeriums für Arbeit, Integration und Soziales NRW")]


# ------------------------------------------------------------------ the timeline 2000–2014

def test_timeline_years_in_document_order(select):
    rows = select(f"""
        SELECT ?e ?year ?pos WHERE {{
          ?e a dgo:TimelineEntry ; schema:subjectOf {INPUT} ; schema:position ?pos ;
             time:hasTime ?t . ?t a time:Instant ; time:inXSDgYear ?year }}
        ORDER BY ?pos""")
    assert [r["year"] for r in rows] == ["2000", "2000", "2005", "2006", "2007", "2010", "2013", "2014"]
    assert [int(r["pos"]) for r in rows] == list(range(1, 9))


def test_timeline_anchors_lie_in_the_rueckblick_section(select):
    rows = select("""
        SELECT ?e ?sec WHERE {
          ?e a dgo:TimelineEntry .
          ?a oa:hasBody ?e ; oa:hasTarget ?t . ?t dgo:inSection ?sec }""")
    assert len({r["e"] for r in rows}) == 8
    assert {r["sec"].rsplit("/", 1)[1] for r in rows} == {"session-2-rueckblick#id"}


def test_timeline_entries_are_events_with_german_and_english_names(select):
    rows = select("""
        SELECT ?de ?start WHERE {
          ?e a dgo:TimelineEntry , schema:Event , prov:Activity ; schema:name ?de , ?en ;
             schema:startDate ?start ; schema:position ?pos .
          FILTER(lang(?de) = "de" && lang(?en) = "en") } ORDER BY ?pos""")
    assert [(r["de"].split(":")[0], r["start"]) for r in rows] == [
        ("2000", "2000"), ("2000", "2000-09"), ("2005", "2005"), ("2006", "2006"),
        ("2007", "2007"), ("2010", "2010"), ("2013", "2013"), ("2014", "2014")]


def test_2000_citizenship_reform_by_the_red_green_coalition(select):
    rows = select("""
        SELECT ?law ?coalition ?place ?theme WHERE {
          <timeline/2000-staatsangehoerigkeitsrecht#id> schema:about ?l ; prov:wasAssociatedWith ?c ;
              schema:location ?pl .
          ?l a schema:Legislation ; schema:name ?law ; schema:legislationResponsible ?c ;
             schema:legislationJurisdiction <place/deutschland#id> ; schema:about ?th .
          ?c schema:name ?coalition . ?pl schema:name ?place . ?th skos:prefLabel ?theme .
          FILTER(lang(?place) = "de" && lang(?theme) = "de" && ?pl = <place/berlin#id>) }""")
    assert {(r["law"], r["coalition"], r["place"]) for r in rows} == {
        ("Reform des Staatsangehörigkeitsrechts", "Rot-Grüne Koalition", "Berlin")}
    assert {r["theme"] for r in rows} == {"Staatsangehörigkeitsrecht", "Abstammungsprinzip", "Geburtsortprinzip"}


def test_2000_commission_set_up_by_schily_chaired_by_suessmuth(select):
    rows = select(f"""
        SELECT ?founder ?founded ?chair ?prefix WHERE {{
          {COMMISSION} schema:founder ?f ; schema:foundingDate ?founded .
          ?f schema:name ?founder .
          ?c org:headOf {COMMISSION} ; org:holds ?post ; schema:name ?chair ; schema:honorificPrefix ?prefix .
          ?post org:postIn {COMMISSION} ; org:heldBy ?c .
          <timeline/2000-zuwanderungskommission#id> schema:about {COMMISSION} ;
              prov:wasAssociatedWith ?f , ?c }}""")
    assert [(r["founder"], r["founded"], r["chair"], r["prefix"]) for r in rows] == [
        ("Schily", "2000-09", "Süssmuth", "Prof. Dr.")]


def test_one_suessmuth_and_one_commission_with_both_spellings(select):
    people = select("SELECT ?p ?alt WHERE { ?p a schema:Person ; schema:name \"Süssmuth\" ; schema:alternateName ?alt }")
    assert [(r["p"].rsplit("/", 2)[-2:], r["alt"]) for r in people] == [(["person", "suessmuth#id"], "Süßmuth")]
    assert select("SELECT ?p WHERE { ?p a schema:Person ; schema:name ?n FILTER(CONTAINS(?n, \"Süßmuth\")) }") == []
    alts = select(f"SELECT ?alt WHERE {{ {COMMISSION} schema:name \"Zuwanderungs-Kommission\"@de ; schema:alternateName ?alt FILTER(lang(?alt) = \"de\") }}")
    assert {"Süssmuth-Kommission", "Süßmuth-Kommission"} <= {r["alt"] for r in alts}


def test_2001_report_and_its_finding(select):
    rows = select(f"""
        SELECT ?title ?issued ?text ?reported WHERE {{
          ?r a schema:Report , bibo:Report ; schema:name ?title ; dct:issued ?issued ; schema:author {COMMISSION} .
          ?c a schema:Claim ; schema:firstAppearance ?r ; prov:wasAttributedTo {COMMISSION} ;
             schema:additionalType <statement-type/finding#id> ; schema:text ?text ;
             schema:about <theme/mehrebenensystem#id> .
          OPTIONAL {{ ?c dgo:isReportedSpeech ?reported }} }}""")
    assert len(rows) == 1
    row = rows[0]
    # The text reports the finding in the indicative („wurde festgestellt, dass …“): an attributed
    # claim, not flagged as reported speech (that flag is for the subjunctive, data/README.md).
    assert (row["title"], row["issued"], row["reported"]) == ("Zuwanderung gestalten; Integration fördern", "2001-07", None)
    assert row["text"].endswith("dass Bund, Länder und Kommunen bereits viel leisten, diese Leistungen aber "
                                "im Mehrebenensystem der Bundesrepublik besser koordiniert werden müssen.")


def test_2005_immigration_act_and_integration_courses(select):
    rows = select("""
        SELECT ?law ?year ?responsible ?instrument ?topic WHERE {
          ?entry a dgo:TimelineEntry ; schema:about ?l , ?i ; time:hasTime/time:inXSDgYear ?year .
          ?l a schema:Legislation , eli:LegalResource ; schema:name ?law ;
             schema:legislationResponsible ?r ; schema:legislationJurisdiction <place/deutschland#id> .
          ?r schema:name ?responsible .
          ?i a dgo:PolicyInstrument ; schema:isBasedOn ?l ; schema:name ?instrument ; schema:teaches ?topic .
          FILTER(lang(?instrument) = "de") }""")
    assert {(r["law"], r["year"], r["responsible"], r["instrument"]) for r in rows} == {
        ("Zuwanderungsgesetz", "2005", "Bundesregierung", "Integrationskurse")}
    assert names(rows, "topic") == ["Soziale Orientierung", "Sprache"]


def test_which_law_came_in_which_year(select):
    """The year of a law is its legislationDate where the text dates the passing (2012), else the
    year of the timeline entry that is about it (2000, 2005)."""
    rows = select("""
        SELECT ?name ?year ?level WHERE {
          ?l a schema:Legislation ; schema:name ?name ; schema:legislationJurisdiction ?j .
          ?j schema:name ?level .
          FILTER EXISTS { ?a oa:hasBody ?l ; oa:hasTarget/dgo:inSection/schema:isPartOf
                          <doc/track-doku-2016/section/session-2#id> }
          OPTIONAL { ?l schema:legislationDate ?date }
          OPTIONAL { ?e a dgo:TimelineEntry ; schema:about ?l ; time:hasTime/time:inXSDgYear ?entryYear }
          BIND(STR(COALESCE(?date, ?entryYear)) AS ?year)
          FILTER(lang(?name) = "de" && lang(?level) = "de") } ORDER BY ?year""")
    assert [(r["name"], r["year"], r["level"]) for r in rows] == [
        ("Reform des Staatsangehörigkeitsrechts", "2000", "Deutschland"),
        ("Zuwanderungsgesetz", "2005", "Deutschland"),
        ("Teilhabe- und Integrationsgesetz", "2012", "Nordrhein-Westfalen")]


def test_2005_law_answers_the_commission_demand(ask):
    assert ask(f"""ASK {{
        <law/zuwanderungsgesetz-2005#id> prov:wasInfluencedBy ?c .
        ?c a schema:Claim ; prov:wasAttributedTo {COMMISSION} ;
           schema:additionalType <statement-type/recommendation#id> ;
           schema:text "von der Süssmuth-Kommission geforderten Anspruch auf Integrationsförderung für Einwanderer"@de }}""")


def test_interior_minister_post_held_by_schily_and_schaeuble(select):
    rows = select("""
        SELECT ?name ?when WHERE {
          <post/bundesinnenminister#id> a org:Post ; skos:prefLabel "Bundesinnenminister"@de ;
              org:postIn <org/bundesregierung#id> ; org:heldBy ?p .
          ?p schema:name ?name ; org:holds <post/bundesinnenminister#id> .
          ?m org:member ?p ; org:role <role/bundesinnenminister#id> ; org:memberDuring/time:inside ?t .
          ?t time:inXSDgYear ?when } ORDER BY ?when""")
    assert [(r["name"], r["when"]) for r in rows] == [("Schily", "2000"), ("Wolfgang Schäuble", "2006")]


def test_2006_islam_conference_faz_article_and_integration_summits(select):
    rows = select("""
        SELECT ?conf ?by ?start ?article WHERE {
          <timeline/2006-islamkonferenz-und-integrationsgipfel#id> schema:about ?e ; dct:references ?a .
          ?e schema:name ?conf ; schema:startDate ?start .
          { ?e schema:organizer/schema:name ?by } UNION { ?e prov:wasGeneratedBy/prov:wasAssociatedWith/schema:name ?by }
          ?a a schema:NewsArticle ; schema:name ?article ; schema:publisher/schema:name "FAZ"@de .
          FILTER(lang(?conf) = "de") } ORDER BY ?conf""")
    assert [(r["conf"], r["by"], r["start"], r["article"]) for r in rows] == [
        ("Deutsche Islamkonferenz", "Wolfgang Schäuble", "2006", "Muslime in Deutschland"),
        ("Integrationsgipfel der Bundesregierung", "Bundesregierung", "2006", "Muslime in Deutschland")]


def test_integration_summits_are_yearly(ask):
    assert ask("""ASK { <event/integrationsgipfel-der-bundesregierung#id> a schema:EventSeries ;
        schema:eventSchedule/schema:repeatFrequency "P1Y" }""")


def test_2007_first_conference_of_integration_ministers(select):
    rows = select("""
        SELECT ?name ?year ?pos WHERE {
          <timeline/2007-integrationsministerkonferenz#id> schema:about ?e .
          ?e schema:name ?name ; schema:startDate ?year ; schema:position ?pos ;
             schema:superEvent <event/integrationsministerkonferenz#id> . FILTER(lang(?name) = "de") }""")
    assert [(r["name"], r["year"], r["pos"]) for r in rows] == [("Erste Integrationsministerkonferenz", "2007", "1")]


def test_2010_demographic_change_skills_shortage_new_states(select):
    rows = select("""
        SELECT ?theme ?place WHERE {
          <timeline/2010-demografischer-wandel-und-fachkraeftemangel#id> schema:about ?t ; schema:location ?p .
          ?t a skos:Concept ; skos:prefLabel ?theme . ?p schema:name ?place .
          FILTER(lang(?theme) = "de" && lang(?place) = "de" && ?p != <place/deutschland#id>) }""")
    assert {r["place"] for r in rows} == {"Neue Bundesländer"}
    assert {"Demografischer Wandel", "Fachkräftemangel"} <= {r["theme"] for r in rows}


def test_2013_southeast_europe_romania_bulgaria(select):
    rows = select("""
        SELECT ?place WHERE { <timeline/2013-zuwanderung-aus-suedosteuropa#id> schema:mentions ?p .
          ?p schema:name ?place FILTER(lang(?place) = "de") }""")
    assert {"Südosteuropa", "Rumänien", "Bulgarien", "Nordrhein-Westfalen"} <= {r["place"] for r in rows}


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


def test_2014_refugees_and_division_of_society(select):
    rows = select("""
        SELECT ?theme WHERE { <timeline/2014-gefluechtete-und-spaltung-der-gesellschaft#id> schema:about ?t .
          ?t skos:prefLabel ?theme FILTER(lang(?theme) = "de") }""")
    assert {"Geflüchtete", "Spaltung der Gesellschaft", "Fremdenfeindlichkeit", "Rassismus", "Geflüchtetenhilfe"} == \
        {r["theme"] for r in rows}
    claims = select("""SELECT ?c WHERE { ?c a schema:Claim ;
        schema:about <timeline/2014-gefluechtete-und-spaltung-der-gesellschaft#id> }""")
    assert len(claims) == 4


# ------------------------------------------------------------------ NRW institutions

def test_nrw_bodies_since_1995(select):
    rows = select("""
        SELECT ?name ?parent WHERE {
          ?o a schema:Organization ; schema:foundingDate "1995"^^xsd:gYear ; schema:name ?name ;
             schema:parentOrganization/schema:name ?parent ; schema:areaServed <place/nordrhein-westfalen#id> .
          FILTER(lang(?name) = "de" && lang(?parent) = "de") } ORDER BY ?name""")
    assert [(r["name"], r["parent"]) for r in rows] == [
        ("Integrationsausschuss", "Landtag NRW"),
        ("Interministerielle Arbeitsgruppe Integration", "Landesregierung")]


def test_committee_is_a_unit_of_the_landtag(ask):
    assert ask("""ASK { <org/integrationsausschuss-landtag-nrw#id> a org:OrganizationalUnit ;
        org:unitOf <org/landtag-nrw#id> ; schema:about <theme/querschnittsaufgabe#id> .
        <org/landtag-nrw#id> org:hasUnit <org/integrationsausschuss-landtag-nrw#id> }""")


def test_working_group_members_are_all_ministries_of_the_state_government(select):
    """„Ihr gehören alle Ressorts der Landesregierung an“: the text's collective is the member, not
    two ministries it does not name at that place."""
    rows = select("""
        SELECT ?name WHERE { <org/interministerielle-arbeitsgruppe-integration#id> schema:member ?m .
          ?m schema:name ?name ; org:subOrganizationOf <org/landesregierung-nrw#id> . FILTER(LANG(?name) = "de") }""")
    assert names(rows) == ["Ressorts der Landesregierung"]
    assert len(select("SELECT ?m WHERE { <org/interministerielle-arbeitsgruppe-integration#id> schema:member ?m }")) == 1


def test_municipal_integration_centres_53_funded_by_two_ministries(select):
    rows = select("""
        SELECT ?funder ?n WHERE { <org/kommunale-integrationszentren#id> schema:funder ?f ;
          schema:additionalProperty ?pv . ?f schema:name ?funder .
          ?pv schema:propertyID "anzahl-kreisfreie-staedte-und-kreise" ; schema:value ?n } ORDER BY ?funder""")
    assert [(r["funder"], int(r["n"])) for r in rows] == [
        ("Ministerium für Arbeit, Integration und Soziales NRW", 53), ("Schulministerium", 53)]


def test_participation_and_integration_act_2012(select):
    rows = select(f"""
        SELECT ?name ?year ?by ?vote ?where WHERE {{
          {TIG} a schema:Legislation , eli:LegalResource ; schema:name ?name ; schema:legislationDate ?year ;
              schema:legislationPassedBy/schema:name ?by ; schema:legislationJurisdiction/schema:name ?where ;
              schema:additionalProperty [ schema:propertyID "abstimmungsergebnis" ; schema:value ?vote ] .
          FILTER(lang(?by) = "de" && lang(?where) = "de") }}""")
    assert [(r["name"], r["year"], r["by"], r["vote"], r["where"]) for r in rows] == [
        ("Teilhabe- und Integrationsgesetz", "2012", "Landtag NRW", "einstimmig", "Nordrhein-Westfalen")]


def test_act_answers_a_demand_of_the_suessmuth_commission(ask):
    assert ask(f"""ASK {{ {TIG} prov:wasInfluencedBy ?c .
        ?c a schema:Claim ; prov:wasAttributedTo {COMMISSION} ; schema:additionalType <statement-type/recommendation#id> ;
           schema:text ?t FILTER(CONTAINS(?t, "grundsätzlicher Klärung der Landeszuständigkeiten")) }}""")


def test_four_measures_based_on_the_act(select):
    rows = select(f"""
        SELECT ?name WHERE {{ ?m a dgo:PolicyInstrument ; schema:isBasedOn {TIG} ; schema:name ?name ;
          schema:position ?pos FILTER(lang(?name) = "de") }} ORDER BY ?pos""")
    assert [r["name"] for r in rows] == [
        "Einrichtung der Kommunalen Integrationszentren",
        "Förderung von zivilgesellschaftlichen Akteuren",
        "Dauerhafte Förderung des Landesintegrationsrates",
        "Selbstverpflichtung des Landes zur interkulturellen Öffnung"]


def test_civil_society_actors_supported(select):
    rows = select("""
        SELECT ?name WHERE { <instrument/foerderung-zivilgesellschaftlicher-akteure#id> schema:about ?o .
          ?o a schema:Organization ; schema:name ?name FILTER(lang(?name) = "de") }""")
    assert names(rows) == ["Integrationsagenturen der freien Wohlfahrtspflege", "Migrantenselbstorganisationen"]
    assert select("""SELECT ?p WHERE { <org/integrationsagenturen-der-freien-wohlfahrtspflege#id>
        schema:parentOrganization <org/freie-wohlfahrtspflege#id> }""") != []


def test_state_integration_council_has_more_than_100_local_councils(select):
    rows = select("""
        SELECT ?min ?member WHERE { <org/landesintegrationsrat-nrw#id> schema:additionalProperty ?pv ;
          schema:member/schema:name ?member . ?pv schema:propertyID "anzahl-oertliche-integrationsraete" ;
          schema:minValue ?min FILTER(lang(?member) = "de") }""")
    assert [(int(r["min"]), r["member"]) for r in rows] == [(101, "Örtliche Integrationsräte")]
    assert int(rows[0]["min"]) > 100


def test_intercultural_opening_measure(ask):
    assert ask("""ASK { <instrument/selbstverpflichtung-interkulturelle-oeffnung#id>
        schema:about <theme/interkulturelle-oeffnung#id> ; schema:areaServed <place/nordrhein-westfalen#id> }""")


def test_state_integration_plan_since_2016_with_five_fields(select):
    rows = select("""
        SELECT ?since ?field WHERE { <instrument/landesintegrationsplan-nrw#id> a dgo:PolicyInstrument ;
          schema:name "Landesintegrationsplan NRW"@de ; schema:dateCreated ?since ; schema:keywords ?field }""")
    assert {r["since"] for r in rows} == {"2016"}
    assert names(rows, "field") == sorted(["Sprache", "Integration", "Qualifizierung", "Zusammenleben", "Zivilgesellschaft"])


def test_other_states_committees(select):
    rows = select("""
        SELECT ?state ?name WHERE {
          ?o a schema:GovernmentOrganization ; schema:areaServed ?s ; schema:name ?name .
          ?s a schema:State ; schema:name ?state ; schema:containedInPlace <place/deutschland#id> .
          VALUES ?s { <place/bayern#id> <place/baden-wuerttemberg#id> <place/rheinland-pfalz#id> }
          FILTER(lang(?state) = "de" && lang(?name) = "de") } ORDER BY ?state ?name""")
    got = [(r["state"], r["name"]) for r in rows]
    assert got[:3] == [
        ("Baden-Württemberg", "Ausschuss für Inneres und Migration"),
        ("Baden-Württemberg", "Ausschuss für Soziales und Integration"),
        ("Bayern", "Ausschuss für Arbeit, Soziales, Kinder, Jugend und Integration")]
    assert got[3] == ("Rheinland-Pfalz", "Rheinland-pfälzischer Ausschuss") and len(got) == 4
    assert select("""SELECT ?d WHERE { <org/ausschuss-integration-rheinland-pfalz#id> schema:description ?d .
        FILTER(CONTAINS(?d, "Verbraucherschutz und Gesellschaft")) }""") != []


def test_places_only_session_2_names(select):
    rows = select("""
        SELECT ?p ?wd WHERE { VALUES ?p { <place/bayern#id> <place/baden-wuerttemberg#id> <place/rheinland-pfalz#id>
            <place/neue-bundeslaender#id> } ?p schema:containedInPlace <place/deutschland#id> .
          OPTIONAL { ?p schema:sameAs ?wd } } ORDER BY ?p""")
    got = {r["p"].rsplit("/", 1)[1]: r["wd"] for r in rows}
    assert got == {
        "baden-wuerttemberg#id": "http://www.wikidata.org/entity/Q985",
        "bayern#id": "http://www.wikidata.org/entity/Q980",
        "neue-bundeslaender#id": None,
        "rheinland-pfalz#id": "http://www.wikidata.org/entity/Q1200"}


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


def test_first_participation_and_integration_report(select):
    rows = select(f"""
        SELECT ?name WHERE {{ {INPUT} dct:references ?d . ?d a schema:Report ; schema:name ?name ;
          schema:about <org/landesregierung-nrw#id> ; schema:spatialCoverage <place/nordrhein-westfalen#id> }}""")
    assert names(rows) == ["Erster Teilhabe- und Integrationsbericht des Landes NRW"]


def test_documents_have_no_invented_url(select):
    rows = select("""
        SELECT ?d WHERE { VALUES ?d { <doc/kommissionsbericht-zuwanderung-gestalten-integration-foerdern#id>
            <doc/faz-muslime-in-deutschland#id> <doc/erster-teilhabe-und-integrationsbericht-nrw#id> }
          ?d schema:url|schema:sameAs|owl:sameAs ?u }""")
    assert rows == []


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

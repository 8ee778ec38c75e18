"""The retrospective of Rütten's input as a timeline (issues #3, #15; named by behaviour, #13):
the entries 2000–2014 in document order, anchored in their section, with names in German and
English, the year or month the text gives and what each entry concerns (laws, commissions,
reports, conferences, posts, places). Exact values are compared, so a missing or wrong fact fails.
"""

from __future__ import annotations


INPUT = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-2/input#id>"


COMMISSION = "<org/zuwanderungskommission#id>"


def names(rows, key="name"):
    return sorted(r[key] for r in rows)


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


def test_2014_refugees_and_division_of_society(select):
    rows = select("""
        SELECT ?theme WHERE { <timeline/2014-gefluechtete-und-spaltung-der-gesellschaft#id> schema:about ?t .
          ?t skos:prefLabel ?theme FILTER(lang(?theme) = "de") }""")
    assert {"Geflüchtete", "Spaltung der Gesellschaft", "Fremdenfeindlichkeit", "Rassismus", "Geflüchtetenhilfe"} == \
        {r["theme"] for r in rows}
    claims = select("""SELECT ?c WHERE { ?c a schema:Claim ;
        schema:about <timeline/2014-gefluechtete-und-spaltung-der-gesellschaft#id> }""")
    assert len(claims) == 4

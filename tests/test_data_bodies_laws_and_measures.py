"""Institutions, laws, measures, projects and documents (issues #3, #15; named by behaviour,
#13): the NRW bodies since 1995 and their links, the 2012 act and the measures based on it, the
other states' committees, the documents the text cites (never with an invented address), and the
institutions, projects and instruments the panel names. Exact values are compared.
"""

from __future__ import annotations


INPUT = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-2/input#id>"


COMMISSION = "<org/zuwanderungskommission#id>"


TIG = "<law/teilhabe-und-integrationsgesetz-nrw-2012#id>"


def names(rows, key="name"):
    return sorted(r[key] for r in rows)


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

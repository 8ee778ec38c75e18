"""Who was where, in which role (issues #3, #15; tests named by behaviour, #13): the sessions,
the four World-Café tables with their hosts, institutions, participant groups and themes, Rütten's
talk with his post and its date, the panel with its three panelists, moderator, names, titles,
affiliations and posts. Each test looks the facts up in the built graph with SPARQL and compares
exact values, so a missing, extra or wrong triple fails.
"""

from __future__ import annotations


S1 = "event/nrw-dialogforum-2016/track/integration-und-transformation/session-1"


TABLES = {
    "arbeit": "Arbeit",
    "soziale-netzwerke": "Soziale Netzwerke",
    "sprache-und-bildung": "Sprache und Bildung",
    "quartier": "Quartier",
}


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


SESSION_2 = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-2#id>"


INPUT = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-2/input#id>"


GESPRAECH = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-2/gespraech#id>"


RUETTEN = "<person/anton-ruetten#id>"


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


PODIUM = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-3/podium#id>"


SESSION_3 = "<event/nrw-dialogforum-2016/track/integration-und-transformation/session-3#id>"


GROUP = "<group/session-3-podium#id>"


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

"""Groups of people, levels of government and bodies the text speaks of in general (issue #15).

A checklist read off the source section by section: every group of people the text talks about,
every level („Bund, Länder und Kommunen“) and every body it names only in general („Fraktionen“,
„Arbeitskreise“ …) is an entity with its German name and passage, and is linked from exactly the
statements (or measures, or bodies) that speak of it. Names, passages and links are compared
exactly, so a missing group, a missing or extra link fails.
"""

from __future__ import annotations

import pytest

# slug → (German name, a word of the text the group is anchored at)
GROUPS = {
    "zugewanderte": ("Zugewanderte", "Zugewanderten"),
    "neueinwanderer": ("Neueinwanderer", "Neueinwanderer"),
    "geringqualifizierte": ("Geringqualifizierte", "Geringqualifizierte"),
    "qualifizierte-einwanderer": ("Qualifizierte Einwanderer", "qualifizierte Einwanderer"),
    "zugewanderte-aus-suedosteuropa": ("Zugewanderte aus Südosteuropa", "Zugewanderten aus Südosteuropa"),
    "tuerkischstaemmige-migranten": ("Türkischstämmige Migranten", "türkischstämmige Migranten"),
    "gefluechtete": ("Geflüchtete", "Geflüchteten"),
    "menschen-mit-migrationshintergrund": ("Menschen mit Migrationshintergrund", "Menschen mit Migrationshintergrund"),
    "familien-mit-migrationshintergrund": ("Familien mit Migrationshintergrund", "Familien mit Migrationshintergrund"),
    "bewohner-mit-migrationshintergrund": ("Bewohner mit Migrationshintergrund", "Bewohnern mit Migrationshintergrund"),
    "landesangestellte-mit-migrationshintergrund": ("Landesangestellte mit Migrationshintergrund",
                                                    "Landesangestellten mit Migrationshintergrund"),
    "beschaeftigte-des-landes": ("Beschäftigte des Landes", "Beschäftigten des Landes"),
    "alteingesessene-bevoelkerung": ("Alteingesessene Bevölkerung", "alteingesessenen Bevölkerung"),
    "bevoelkerung": ("Bevölkerung", "Bevölkerung"),
    "offen-fremdenfeindlich-und-rassistisch-aeussernde": (
        "Menschen, die sich offen fremdenfeindlich und rassistisch äußern", "offen fremdenfeindlich und rassistisch"),
    "fachkraefte": ("Fachkräfte", "Fachkräften"),
    "arbeitgeber": ("Arbeitgeber", "Arbeitgeber"),
    "community": ("Community", "Community"),
    "vertreterinnen-aus-wissenschaft-und-zivilgesellschaft": (
        "Vertreter_innen aus Wissenschaft und Zivilgesellschaft", "Vertreter_innen aus Wissenschaft und Zivilgesellschaft"),
    "fachexperten": ("Fachexperten", "Fachexperten"),
    "zivilgesellschaftliche-akteure": ("Zivilgesellschaftliche Akteure", "zivilgesellschaftlichen Akteuren"),
    "akteurinnen-der-wirtschaft": ("Akteur_innen der Wirtschaft", "Wirtschaft"),
    "akteurinnen-der-verwaltung": ("Akteur_innen der Verwaltung", "Verwaltung"),
    "hochqualifizierte-pendler": ("Hochqualifizierte Pendler", "hochqualifizierte Pendler"),
    "bewohnerinnen": ("Bewohner_innen", "Bewohner_innen"),
    "hauseigentuemerinnen": ("Hauseigentümer_innen", "Hauseigentümer_innen"),
    "lokale-unternehmerinnen": ("Lokale Unternehmer_innen", "lokale Unternehmer_innen"),
    "wohlhabende-haushalte": ("Wohlhabende Haushalte", "wohlhabende Haushalte"),
    "wohnungsanbieter": ("Wohnungsanbieter", "Wohnungsanbietern"),
    "kinder-und-jugendliche": ("Kinder und Jugendliche", "Kindern und Jugendlichen"),
    "aeltere": ("Ältere", "Ältere"),
    "offene-religioese-gruppen": ("Offene religiöse Gruppen", "offene religiöse Gruppen"),
    "begrenzt-leistungsfaehige-menschen": ("Begrenzt leistungsfähige Menschen", "begrenzt leistungsfähiger Menschen"),
    "gatekeeper-des-arbeitsmarkts": ("„Gatekeeper“ des Arbeitsmarkts", "„Gatekeeper“ des Arbeitsmarkts"),
    "teilnehmende-der-sprachkurse": ("Teilnehmende der Sprachkurse", "Teilnehmenden"),
}

# What speaks of each group: (property, subject relative to the base).
SPOKEN_OF = {
    "zugewanderte": {("about", c) for c in (
        "claim/einleitung/2", "claim/session-1/arbeit-1", "claim/session-1/arbeit-4",
        "claim/session-1/sprache-und-bildung-3", "claim/session-1/sprache-und-bildung-4",
        "claim/session-2/rueckblick-2", "claim/session-2/rueckblick-14", "claim/session-3/integrationsbegriff-3",
        "claim/session-3/nordstadt-2", "claim/session-3/nordstadt-3", "claim/session-3/nordstadt-5",
        "claim/session-3/nordstadt-6", "claim/session-3/nordstadt-10", "claim/session-3/segregation-8",
        "claim/session-3/segregation-9", "claim/session-3/segregation-13")} | {
        ("audience", "instrument/anspruch-auf-integrationsfoerderung")},
    "neueinwanderer": {("about", "claim/session-2/these-3"), ("audience", "instrument/unterstuetzungsstrategie-fuer-neueinwanderer")},
    "geringqualifizierte": {("about", "claim/session-2/rueckblick-6")},
    "qualifizierte-einwanderer": {("about", "claim/session-2/rueckblick-7")},
    "zugewanderte-aus-suedosteuropa": {("about", "claim/session-2/rueckblick-4"), ("about", "claim/session-3/nordstadt-7"),
                                       ("audience", "instrument/projekt-harzer-strasse-berlin")},
    "tuerkischstaemmige-migranten": {("about", "claim/session-3/nordstadt-3")},
    "gefluechtete": {("about", "claim/session-2/rueckblick-11"), ("about", "claim/session-2/rueckblick-12"),
                     ("about", "claim/session-2/gespraech-2"), ("about", "claim/session-3/steuerung-3-4"),
                     ("audience", "instrument/unterbringungen-fuer-gefluechtete")},
    "menschen-mit-migrationshintergrund": {("about", "claim/einleitung/6"), ("about", "claim/einleitung/7")},
    "familien-mit-migrationshintergrund": {("about", "claim/session-3/segregation-11")},
    "bewohner-mit-migrationshintergrund": {("about", "claim/session-3/segregation-2")},
    "landesangestellte-mit-migrationshintergrund": {("audience", "instrument/selbstverpflichtung-interkulturelle-oeffnung")},
    "beschaeftigte-des-landes": {("audience", "instrument/selbstverpflichtung-interkulturelle-oeffnung")},
    "alteingesessene-bevoelkerung": {("about", c) for c in (
        "claim/einleitung/3", "claim/einleitung/4", "claim/einleitung/5", "claim/einleitung/6", "claim/einleitung/7",
        "claim/session-3/integrationsbegriff-3", "claim/session-3/segregation-13")},
    "bevoelkerung": {("about", "claim/session-2/rueckblick-12"), ("about", "claim/session-3/steuerung-7"),
                     ("about", "claim/session-3/steuerung-11")},
    "offen-fremdenfeindlich-und-rassistisch-aeussernde": {("about", "claim/session-2/rueckblick-13")},
    "fachkraefte": {("about", "claim/session-2/rueckblick-3")},
    "arbeitgeber": {("about", "claim/session-2/rueckblick-7")},
    "community": {("about", "claim/session-2/rueckblick-6"), ("about", "claim/session-2/rueckblick-7")},
    "vertreterinnen-aus-wissenschaft-und-zivilgesellschaft": {("member", "org/zuwanderungskommission"),
                                                              ("mentions", "timeline/2000-zuwanderungskommission")},
    "fachexperten": {("about", "claim/session-2/nrw-3")},
    "zivilgesellschaftliche-akteure": {("about", "claim/session-2/these-5"), ("about", "claim/session-3/steuerung-6"),
                                       ("audience", "instrument/foerderung-zivilgesellschaftlicher-akteure"),
                                       ("member", "org/arbeitskreise")},
    "akteurinnen-der-wirtschaft": {("about", "claim/session-3/steuerung-6"), ("member", "org/arbeitskreise")},
    "akteurinnen-der-verwaltung": {("about", "claim/session-3/steuerung-6"), ("member", "org/arbeitskreise")},
    "hochqualifizierte-pendler": {("about", "claim/session-3/integrationsbegriff-9")},
    "bewohnerinnen": {("about", "claim/session-3/nordstadt-4"), ("about", "claim/session-3/segregation-13"),
                      ("about", "claim/session-3/segregation-14"), ("audience", "instrument/beratung-aller-bewohnerinnen")},
    "hauseigentuemerinnen": {("about", "claim/session-3/nordstadt-6")},
    "lokale-unternehmerinnen": {("about", "claim/session-3/nordstadt-6")},
    "wohlhabende-haushalte": {("about", "claim/session-3/nordstadt-13"), ("about", "claim/session-3/segregation-4")},
    "wohnungsanbieter": {("about", "claim/session-3/steuerung-2")},
    "kinder-und-jugendliche": {("about", "claim/session-3/segregation-11"), ("about", "claim/session-3/steuerung-12")},
    "aeltere": {("about", "claim/flipchart/quartier-7")},
    "offene-religioese-gruppen": {("about", "claim/flipchart/quartier-6")},
    "begrenzt-leistungsfaehige-menschen": {("about", "claim/session-1/arbeit-10")},
    "gatekeeper-des-arbeitsmarkts": {("about", "claim/session-1/arbeit-10")},
    "teilnehmende-der-sprachkurse": {("about", "claim/session-1/sprache-und-bildung-4")},
}

LEVELS = {"bund": "Bund", "laender": "Länder", "kommunen": "Kommunen"}
# Statements naming all three levels together („Bund, Länder und Kommunen“ and its variants).
ALL_THREE_LEVELS = {"claim/session-2/rueckblick-1", "claim/session-2/debatte-2", "claim/session-2/these-4",
                    "claim/session-2/gespraech-4", "claim/session-3/steuerung-13"}

# slug → (German name, statements and bodies that name it)
BODIES = {
    "fraktionen": ("Fraktionen", {"claim/session-2/nrw-3"}),
    "arbeitskreise": ("Arbeitskreise", {"claim/session-3/steuerung-6"}),
    "ressorts-der-landesregierung-nrw": ("Ressorts der Landesregierung",
                                          {"org/interministerielle-arbeitsgruppe-integration", "org/landesregierung-nrw",
                                           "instrument/massnahmen-der-ministerien"}),
    "ressorts-der-ministerien": ("Ressorts der Ministerien", {"claim/session-2/gespraech-4"}),
    "institutionen": ("Institutionen", {"claim/session-2/debatte-3"}),
    "verwaltung": ("Verwaltung", {"claim/session-3/integrationsbegriff-2", "claim/session-2/these-3", "claim/session-2/these-5"}),
    # the introduction's „praktisches, politisches und wissenschaftliches Handeln“ (#15 review)
    "politik": ("Politik", {"claim/session-2/these-3", "claim/session-2/these-5", "claim/session-3/integrationsbegriff-4",
                            "claim/einleitung/8"}),
    "praxis": ("Praxis", {"claim/session-3/integrationsbegriff-4", "claim/einleitung/8"}),
    "wissenschaft": ("Wissenschaft", {"claim/session-3/integrationsbegriff-4", "timeline/2000-zuwanderungskommission",
                                      "claim/einleitung/8"}),
    "kommunalverwaltung": ("Kommunalverwaltung", {"claim/session-3/steuerung-4"}),
    "vereine": ("Vereine", {"claim/session-1/soziale-netzwerke-3", "claim/session-1/quartier-5", "claim/flipchart/quartier-23"}),
    "grossstaedte": ("Großstädte", {"claim/session-1/quartier-6", "claim/session-2/rueckblick-8"}),
    "laendliche-gemeinden": ("Ländliche Gemeinden", {"claim/session-1/quartier-6", "claim/flipchart/quartier-23"}),
    "migrantenselbstorganisationen": ("Migrantenselbstorganisationen", {"instrument/foerderung-zivilgesellschaftlicher-akteure"}),
    "freie-wohlfahrtspflege": ("Freie Wohlfahrtspflege", {"instrument/foerderung-zivilgesellschaftlicher-akteure",
                                                          "org/integrationsagenturen-der-freien-wohlfahrtspflege"}),
    "integrationsagenturen-der-freien-wohlfahrtspflege": ("Integrationsagenturen der freien Wohlfahrtspflege",
                                                          {"instrument/foerderung-zivilgesellschaftlicher-akteure",
                                                           "org/freie-wohlfahrtspflege"}),
    "oertliche-integrationsraete-nrw": ("Örtliche Integrationsräte", {"org/landesintegrationsrat-nrw"}),
}


def rel(settings, iri: str) -> str:
    return iri.removeprefix(settings.base_iri).removesuffix("#id")


@pytest.fixture(scope="module")
def group_rows(select):
    return select("""
        SELECT ?g ?de ?en ?exact WHERE {
          ?g a dgo:PopulationGroup , foaf:Group ; schema:name ?de , ?en .
          FILTER(LANG(?de) = "de" && LANG(?en) = "en")
          ?a oa:hasBody ?g ; oa:hasTarget/oa:hasSelector/oa:exact ?exact }""")


def test_every_group_the_text_names_is_an_entity(group_rows, settings):
    found: dict[str, tuple[str, set[str]]] = {}
    for r in group_rows:
        name, quotes = found.setdefault(rel(settings, r["g"]).removeprefix("group/"), (r["de"], set()))
        quotes.add(r["exact"])
    assert set(found) == set(GROUPS)
    for slug, (name, word) in GROUPS.items():
        assert found[slug][0] == name, slug
        assert any(word in q for q in found[slug][1]), (slug, word, found[slug][1])


@pytest.mark.parametrize("slug", sorted(SPOKEN_OF))
def test_each_group_is_linked_from_what_speaks_of_it(select, settings, slug):
    rows = select(f"""
        SELECT ?s ?p WHERE {{ VALUES ?p {{ schema:about schema:mentions schema:audience schema:member }}
          ?s ?p <group/{slug}#id> }}""")
    got = {(r["p"].rsplit("/", 1)[1], rel(settings, r["s"])) for r in rows}
    assert got == SPOKEN_OF[slug]


def test_groups_of_people_never_speak(select):
    """Groups the text talks about are what statements are about, not who made them."""
    assert select("SELECT ?c WHERE { ?c prov:wasAttributedTo ?g . ?g a dgo:PopulationGroup }") == []
    assert select("SELECT ?e WHERE { ?e schema:attendee ?g . ?g a dgo:PopulationGroup }") == []


def test_groups_link_the_theme_of_their_words(select, settings):
    rows = select("SELECT ?g ?t WHERE { ?g a dgo:PopulationGroup ; dct:subject ?t . ?t a skos:Concept }")
    got = {(rel(settings, r["g"]), rel(settings, r["t"])) for r in rows}
    assert {("group/gefluechtete", "theme/gefluechtete"),
            ("group/menschen-mit-migrationshintergrund", "theme/menschen-mit-migrationshintergrund"),
            ("group/alteingesessene-bevoelkerung", "theme/alteingesessene-bevoelkerung"),
            ("group/kinder-und-jugendliche", "theme/kinder-und-jugendliche"),
            ("group/zivilgesellschaftliche-akteure", "theme/zivilgesellschaft")} <= got


def test_levels_of_government_bund_laender_kommunen(select, settings):
    rows = select("""
        SELECT ?l ?name ?area WHERE { ?l a dgo:GovernmentLevel , schema:GovernmentOrganization ;
          schema:name ?name ; schema:areaServed ?area . FILTER(LANG(?name) = "de") }""")
    assert {(rel(settings, r["l"]), r["name"], rel(settings, r["area"])) for r in rows} == {
        (f"org/{slug}", name, "place/deutschland") for slug, name in LEVELS.items()}
    for slug in LEVELS:
        named_by = {rel(settings, r["c"]) for r in select(
            f"SELECT ?c WHERE {{ ?c a schema:Claim ; schema:mentions <org/{slug}#id> }}")}
        assert ALL_THREE_LEVELS <= named_by, slug
    # the level of the states is also the text's „Landesebene“, the municipal one its „kommunale …“
    assert {rel(settings, r["c"]) for r in select("SELECT ?c WHERE { ?c schema:mentions <org/laender#id> }")} \
        == ALL_THREE_LEVELS | {"claim/session-2/nrw-5"}
    assert {"claim/session-3/steuerung-1", "claim/session-3/steuerung-3", "claim/session-3/steuerung-4",
            "claim/flipchart/quartier-3"} <= {rel(settings, r["c"]) for r in select(
                "SELECT ?c WHERE { ?c schema:mentions <org/kommunen#id> }")}


def test_bodies_spoken_of_in_general(select, settings):
    rows = select("""
        SELECT ?b ?name ?note WHERE { ?b a dgo:CollectiveBody , schema:Organization ; schema:name ?name ;
          skos:scopeNote ?note . FILTER(LANG(?name) = "de" && LANG(?note) = "de") }""")
    assert {rel(settings, r["b"]).removeprefix("org/"): r["name"] for r in rows} == \
        {slug: name for slug, (name, _) in BODIES.items()}
    for slug, (_, speakers) in BODIES.items():
        got = {rel(settings, r["s"]) for r in select(f"""
            SELECT ?s WHERE {{ VALUES ?p {{ schema:about schema:mentions schema:member org:hasSubOrganization
                                            org:subOrganizationOf schema:provider }}
              ?s ?p <org/{slug}#id> }}""")}
        assert got == speakers, slug


def test_working_circles_gather_three_groups_of_actors(select, settings):
    rows = select("SELECT ?m WHERE { <org/arbeitskreise#id> schema:member ?m . ?m a dgo:PopulationGroup }")
    assert {rel(settings, r["m"]) for r in rows} == {
        "group/zivilgesellschaftliche-akteure", "group/akteurinnen-der-wirtschaft", "group/akteurinnen-der-verwaltung"}


def test_the_working_group_gathers_all_ministries_not_two_named_ones(select, settings):
    """„Ihr gehören alle Ressorts der Landesregierung an“: the member is the text's collective,
    no ministry the text does not name at that place."""
    rows = select("SELECT ?m WHERE { <org/interministerielle-arbeitsgruppe-integration#id> schema:member ?m }")
    assert [rel(settings, r["m"]) for r in rows] == ["org/ressorts-der-landesregierung-nrw"]
    rows = select("""SELECT ?alt WHERE { <org/ressorts-der-landesregierung-nrw#id>
                       org:subOrganizationOf <org/landesregierung-nrw#id> ; schema:alternateName ?alt }""")
    assert [r["alt"] for r in rows] == ["Ministerien"]

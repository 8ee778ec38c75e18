"""Themes of the whole document (issue #15): every theme a careful reading finds is a concept of the
theme scheme, anchored where the text names it, in the hierarchy both ways; the statements that
discuss it are tagged with it, and every event is about what its statements discuss.

The tables below are read off the source section by section; labels, broader concepts, passages
and the tagged statements are compared exactly.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

# slug → (German label, broader concept, words of its passage)
NEW_THEMES = {
    'heterogenitaet': ('Heterogenität', 'vielfalt', 'sozial und ethnisch homogene Gruppen'),
    'herkunft': ('Herkunft', 'vielfalt', 'Vielfalt der Herkunft'),
    'ethnie': ('Ethnie', 'vielfalt', 'Herkunft, Ethnie und Religion'),
    'religion': ('Religion', 'vielfalt', 'Ethnie und Religion'),
    'einkommen': ('Einkommen', 'vielfalt', 'nach Einkommen'),
    'lebensstile': ('Lebensstile', 'vielfalt', 'Werte und Lebensstile'),
    'geschlecht': ('Geschlechter', 'vielfalt', 'auch auf Geschlechter'),
    'alter': ('Alter', 'vielfalt', 'Alter / Generation'),
    # the section-by-section review (#15): named in lists, before only in a claim's text or an alternate label
    'bildung': ('Bildung', 'vielfalt', 'Einkommen, Bildung, Herkunft'),
    'werte': ('Werte', 'vielfalt', 'differenzierte Werte'),
    'bildungsvermittlung': ('Bildungsvermittlung', 'sprache-und-bildung', 'Bildungsvermittlung'),
    'lebensformen': ('Lebensformen', 'vielfalt', 'Geschlechter, Lebensformen und Lebensstile'),
    'marktmechanismen': ('Marktmechanismen', 'wohnungsmarkt', 'inwieweit sich Marktmechanismen'),
    'mieten': ('Mieten', 'wohnungsmarkt', 'Wohnungsanbietern, Mieten, Reputation'),
    'verfuegbarkeit-von-wohnraum': ('Verfügbarkeit von Wohnraum', 'wohnen', 'die Verfügbarkeit von Wohnraum'),
    'soziale-funktion-von-arbeit': ('Soziale Funktion von Arbeit', 'arbeit', 'die soziale Funktion von Arbeit'),
    'selbstwertgefuehl': ('Selbstwertgefühl', 'arbeit', 'durch Arbeit entstehenden Selbstwertgefühl'),
    'bewertung-von-arbeit': ('Gesellschaftliche Bewertung von Arbeit', 'arbeit', 'der gesellschaftlichen Bewertung von Arbeit (Anerkennung)'),
    'arbeitsmarktintegration': ('Arbeitsmarktintegration', 'arbeit', 'schnellere Arbeitsmarktintegration'),
    'sprachfoerderung': ('Sprachförderung', 'sprache-und-bildung', 'Angebote der Sprachförderung'),
    'alltagsort': ('Alltagsort', 'quartier', 'seiner Funktion als Alltagsort'),
    'sozialisationsort': ('Sozialisationsort', 'quartier', 'es dient als Sozialisationsort'),
    'nachbarschaft': ('Nachbarschaft', 'quartier', 'Bindung an die Nachbarschaft'),
    'wohnungsmarkt': ('Wohnungsmarkt', 'wohnen', 'auf angespannten Wohnungsmärkten'),
    'gesellschaftlicher-konsens': ('Gesellschaftlicher Konsens', 'integrationspolitik', 'einen gesellschaftlichen Konsens zum Thema Integration'),
    'integrationsfoerderung': ('Integrationsförderung', 'integrationspolitik', 'Anspruch auf Integrationsförderung'),
    'willkommenspolitik': ('Willkommenspolitik', 'einwanderungspolitik', 'Zuwanderungs- und Willkommenspolitik'),
    'abwanderung': ('Abwanderung', 'migration', 'starken Abwanderung von Fachkräften'),
    'wohnungsleerstand': ('Wohnungsleerstand', 'wohnen', 'ein hoher Wohnungsleerstand'),
    'kosten-der-zuwanderung': ('Kosten der Zuwanderung', 'migration', 'die mit der Zuwanderung verbundenen Kosten'),
    'politische-debatte': ('Beteiligung an der politischen Debatte', 'teilhabe', 'die Beteiligung an der politischen Debatte'),
    'gefluechtetenhilfe': ('Geflüchtetenhilfe', 'zivilgesellschaft', 'engagiert sich in der Geflüchtetenhilfe'),
    'rassismus': ('Rassismus', 'integration', 'fremdenfeindlich und rassistisch äußern'),
    'inklusion': ('Inklusion', 'integrationsbegriff', 'als Inklusion in die Gesamtgesellschaft'),
    'fraktionsuebergreifende-verstaendigung': ('Fraktionsübergreifende Verständigung', 'integrationspolitik', 'fraktionsübergreifende Verständigungen'),
    'ressortuebergreifendes-handeln': ('Ressortübergreifendes Handeln', 'querschnittsaufgabe', 'Beispiel für ressortübergreifendes Handeln'),
    'kindergarten': ('Kindergarten', 'sprache-und-bildung', 'vom Kindergarten bis zur Altenhilfe'),
    'altenhilfe': ('Altenhilfe', 'teilhabe', 'bis zur Altenhilfe'),
    'stadtentwicklung': ('Stadtentwicklung', 'quartier', 'von der Stadtentwicklung'),
    'interkulturelle-qualifizierung': ('Interkulturelle Qualifizierung', 'interkulturelle-oeffnung', 'die interkulturelle Qualifizierung'),
    'qualifizierung': ('Qualifizierung', 'arbeit', 'Integration, Qualifizierung, Zusammenleben'),
    'zusammenleben': ('Zusammenleben', 'integration', 'Qualifizierung, Zusammenleben und Zivilgesellschaft'),
    'rechtliche-rahmenbedingungen': ('Rechtliche Rahmenbedingungen', 'integrationspolitik', 'die Schaffung rechtlicher Rahmenbedingungen'),
    'institutionelle-strukturen': ('Institutionelle Strukturen', 'integrationspolitik', 'Institutionelle Strukturen und rechtliche Grundlagen'),
    'zustaendigkeiten': ('Zuständigkeiten', 'mehrebenensystem', 'Verantwortlichkeiten, Zuständigkeiten und Aufgaben'),
    'soziale-arbeit': ('Soziale Arbeit', 'arbeit', 'in der Sozialen Arbeit'),
    'koordination': ('Koordination', 'integrationspolitik', 'die Koordination zwischen den einzelnen Ressorts'),
    'austausch': ('Austausch', 'integration', 'miteinander in Austausch'),
    'wahlbeteiligung': ('Wahlbeteiligung', 'teilhabe', 'Chance zur Wahlbeteiligung'),
    'desintegration': ('Desintegration', 'integrationsbegriff', 'desintegrationsgefährdet'),
    'oeffentliche-wahrnehmung': ('Öffentliche Wahrnehmung', 'integration', 'in der öffentlichen Wahrnehmung'),
    'wohnbedingungen': ('Wohnbedingungen', 'wohnen', 'vergleichsweise schlechte Wohnbedingungen'),
    'wohnumfeld': ('Wohnumfeld', 'wohnen', 'Verantwortlichkeit für das Wohnumfeld'),
    'raeumliche-mobilitaet': ('Räumliche Mobilität', 'wohnen', 'soziale und räumliche Mobilität'),
    'wohnmobilitaet': ('Wohnmobilität', 'raeumliche-mobilitaet', 'Die selektive Wohnmobilität'),
    'soziale-mobilitaet': ('Soziale Mobilität', 'teilhabe', 'soziale und räumliche Mobilität'),
    'aktive-segregation': ('Aktive Segregation', 'segregation', 'auch die aktive Segregation'),
    'passive-segregation': ('Passive Segregation', 'segregation', 'zwischen aktiver und passiver Segregation'),
    'entsolidarisierung': ('Entsolidarisierung', 'sozialraeumliche-polarisierung', 'als eine Entsolidarisierung mit der Gesellschaft'),
    'arbeitslosigkeit': ('Arbeitslosigkeit', 'arbeit', 'mit Arbeitslosigkeit und anderen sozialen Problemen'),
    'soziale-probleme': ('Soziale Probleme', 'teilhabe', 'anderen sozialen Problemen'),
    'ausstattung-mit-ressourcen': ('Ausstattung mit Ressourcen', 'quartier', 'die Ausstattung mit Ressourcen'),
    'ressourcen-der-nachbarschaften': ('Ressourcen der Nachbarschaften', 'nachbarschaft', 'die in diesen Nachbarschaften vorhandenen Ressourcen'),
    'preiswerter-wohnraum': ('Preiswerter Wohnraum', 'wohnen', 'preiswerter Wohnraum'),
    'bildungseinrichtungen': ('Bildungseinrichtungen', 'sprache-und-bildung', 'gut ausgestattete Bildungseinrichtungen'),
    'schulische-bildung': ('Schulische Bildung', 'sprache-und-bildung', 'Qualität schulischer Bildung'),
    'integrationsverlaeufe': ('Integrationsverläufe', 'integration', 'deren Integrationsverläufe'),
    'ethnische-kolonien': ('Ethnische Kolonien', 'ethnische-segregation', 'ethnische Kolonien eine wichtige Orientierungsfunktion'),
    'verteilung-von-wohnraum': ('Faire Verteilung von Wohnraum', 'steuerung-von-segregation', 'eine faire Verteilung von Wohnraum'),
    'diskriminierung': ('Diskriminierung', 'teilhabe', 'Diskriminierung seitens Wohnungsanbietern'),
    'reputation-von-stadtteilen': ('Reputation von Stadtteilen', 'quartier', 'Reputation und Funktion von Stadtteilen'),
    'sozialer-wohnungsbau': ('Sozialer Wohnungsbau', 'wohnraumfoerderung', 'Einforderung von sozialem Wohnungsbau'),
    'interessenausgleich': ('Interessenausgleich', 'buergerbeteiligung', 'kontinuierliche Interessenausgleichsprozesse'),
    'widerstaende-aus-der-bevoelkerung': ('Widerstände aus der Bevölkerung', 'unterbringung-von-gefluechteten', 'mit Widerständen aus der Bevölkerung'),
    'wertverlust-der-grundstuecke': ('Wertverlust der Grundstücke', 'wohnungsmarkt', 'befürchtete Wertverlust der Grundstücke'),
    'folgen-der-segregation': ('Folgen der Segregation', 'segregation', 'die negativen Folgen der Segregation'),
    'verlaufsanalyse': ('Verlaufsanalyse', 'segregationsforschung', 'Verlaufsanalyse individueller Biographien'),
    'amtliche-daten': ('Amtliche Daten', 'segregationsforschung', 'amtliche Daten zur Analyse'),
    'quartiereffekte': ('Quartiereffekte', 'quartier', 'Quartiereffekte reichen Wohngelände?'),
    'heimat': ('Heimat', 'quartier', 'Heimat vs. offen für Neues'),
    'lebensqualitaet': ('Lebensqualität', 'teilhabe', 'Gleichwertigkeit & Lebensqualität'),
    'quartierswohl': ('Quartierswohl', 'quartier', 'Eigenständiges Quartierswohl'),
}

# theme → the statements (relative IRIs without #id) newly tagged with it, and other entities about it
TAGGED = {
    'heterogenitaet': ['claim/einleitung/5', 'claim/einleitung/6', 'claim/einleitung/7'],
    'herkunft': ['claim/einleitung/7', 'claim/session-3/integrationsbegriff-6'],
    'ethnie': ['claim/einleitung/6', 'claim/einleitung/7', 'claim/session-1/soziale-netzwerke-7'],
    'religion': ['claim/einleitung/7', 'claim/flipchart/quartier-6'],
    'einkommen': ['claim/einleitung/7'],
    'lebensstile': ['claim/einleitung/7', 'claim/session-3/integrationsbegriff-6'],
    'geschlecht': ['claim/session-3/integrationsbegriff-6'],
    'bildung': ['claim/einleitung/7'],
    'werte': ['claim/einleitung/7'],
    'bildungsvermittlung': ['claim/session-1/sprache-und-bildung-5'],
    'lebensformen': ['claim/session-3/integrationsbegriff-6'],
    'marktmechanismen': ['claim/session-3/steuerung-2'],
    'mieten': ['claim/session-3/steuerung-2'],
    'verfuegbarkeit-von-wohnraum': ['claim/session-3/steuerung-2'],
    'alter': ['claim/flipchart/quartier-2', 'claim/flipchart/quartier-7', 'claim/session-1/sprache-und-bildung-3'],
    'soziale-funktion-von-arbeit': ['claim/session-1/arbeit-2'],
    'selbstwertgefuehl': ['claim/session-1/arbeit-3'],
    'bewertung-von-arbeit': ['claim/session-1/arbeit-3'],
    'arbeitsmarktintegration': ['claim/einleitung/3', 'claim/session-1/arbeit-5', 'claim/session-1/soziale-netzwerke-1', 'claim/session-3/steuerung-15'],
    'sprachfoerderung': ['claim/session-1/sprache-und-bildung-2', 'claim/session-1/sprache-und-bildung-5', 'claim/session-3/segregation-7'],
    'alltagsort': ['claim/flipchart/quartier-7', 'claim/session-1/quartier-1'],
    'sozialisationsort': ['claim/flipchart/quartier-9', 'claim/session-1/quartier-2'],
    'nachbarschaft': ['claim/flipchart/quartier-1', 'claim/session-3/integrationsbegriff-8', 'claim/session-3/steuerung-8'],
    'wohnungsmarkt': ['claim/session-1/quartier-4', 'claim/session-3/steuerung-2'],
    'gesellschaftlicher-konsens': ['org/zuwanderungskommission', 'timeline/2000-zuwanderungskommission'],
    'integrationsfoerderung': ['claim/session-2/debatte-3', 'claim/session-2/rueckblick-2', 'instrument/anspruch-auf-integrationsfoerderung', 'instrument/anspruch-auf-integrationsleistungen', 'instrument/massnahmen-der-ministerien', 'org/interministerielle-arbeitsgruppe-integration'],
    'willkommenspolitik': ['claim/session-2/rueckblick-3', 'timeline/2010-demografischer-wandel-und-fachkraeftemangel'],
    'abwanderung': ['claim/session-2/rueckblick-3', 'timeline/2010-demografischer-wandel-und-fachkraeftemangel'],
    'wohnungsleerstand': ['claim/session-2/rueckblick-6', 'claim/session-2/rueckblick-8', 'timeline/2013-zuwanderung-aus-suedosteuropa'],
    'kosten-der-zuwanderung': ['claim/session-2/rueckblick-10'],
    'politische-debatte': ['claim/session-2/rueckblick-10'],
    'gefluechtetenhilfe': ['claim/session-2/rueckblick-12', 'timeline/2014-gefluechtete-und-spaltung-der-gesellschaft'],
    'rassismus': ['claim/session-2/rueckblick-13', 'timeline/2014-gefluechtete-und-spaltung-der-gesellschaft'],
    'inklusion': ['claim/session-2/rueckblick-14', 'claim/session-3/integrationsbegriff-2', 'instrument/verstaerkte-integrationsanstrengungen'],
    'fraktionsuebergreifende-verstaendigung': ['claim/session-2/nrw-3'],
    'ressortuebergreifendes-handeln': ['claim/session-2/gespraech-4', 'claim/session-2/nrw-4', 'org/kommunale-integrationszentren'],
    'kindergarten': ['instrument/massnahmen-der-ministerien', 'org/interministerielle-arbeitsgruppe-integration'],
    'altenhilfe': ['instrument/massnahmen-der-ministerien', 'org/interministerielle-arbeitsgruppe-integration'],
    'stadtentwicklung': ['instrument/massnahmen-der-ministerien', 'org/interministerielle-arbeitsgruppe-integration'],
    'interkulturelle-qualifizierung': ['instrument/selbstverpflichtung-interkulturelle-oeffnung'],
    'qualifizierung': ['instrument/landesintegrationsplan-nrw'],
    'zusammenleben': ['instrument/landesintegrationsplan-nrw'],
    'rechtliche-rahmenbedingungen': ['claim/session-2/debatte-1', 'claim/session-2/gespraech-5', 'claim/session-2/these-1', 'instrument/verkuerzte-anerkennungsdauer'],
    'institutionelle-strukturen': ['claim/session-2/debatte-1', 'claim/session-2/nrw-1', 'claim/session-2/nrw-5', 'claim/session-2/these-1'],
    'zustaendigkeiten': ['claim/session-2/nrw-5', 'claim/session-2/these-4'],
    'soziale-arbeit': ['claim/session-2/gespraech-1'],
    'koordination': ['claim/session-2/debatte-2', 'claim/session-2/gespraech-4', 'claim/session-2/nrw-4', 'claim/session-2/rueckblick-1', 'instrument/massnahmen-der-ministerien', 'org/interministerielle-arbeitsgruppe-integration'],
    'austausch': ['claim/flipchart/quartier-18', 'claim/flipchart/quartier-8', 'claim/session-3/integrationsbegriff-3', 'claim/session-3/integrationsbegriff-4'],
    'wahlbeteiligung': ['claim/session-3/integrationsbegriff-8'],
    'desintegration': ['claim/session-3/integrationsbegriff-9'],
    'oeffentliche-wahrnehmung': ['claim/session-3/nordstadt-2', 'claim/session-3/nordstadt-3'],
    'wohnbedingungen': ['claim/session-3/nordstadt-3'],
    'wohnumfeld': ['claim/session-3/nordstadt-5'],
    'raeumliche-mobilitaet': ['claim/session-3/segregation-13'],
    'wohnmobilitaet': ['claim/session-3/nordstadt-13', 'claim/session-3/nordstadt-14', 'claim/session-3/nordstadt-9', 'claim/session-3/segregation-11'],
    'soziale-mobilitaet': ['claim/session-3/segregation-13'],
    'aktive-segregation': ['claim/session-3/nordstadt-12', 'claim/session-3/segregation-4'],
    'passive-segregation': ['claim/session-3/nordstadt-12'],
    'entsolidarisierung': ['claim/session-3/nordstadt-14', 'claim/session-3/segregation-4'],
    'arbeitslosigkeit': ['claim/session-3/segregation-3'],
    'soziale-probleme': ['claim/session-3/segregation-13', 'claim/session-3/segregation-3'],
    'ausstattung-mit-ressourcen': ['claim/session-3/segregation-6', 'claim/session-3/segregation-7'],
    'ressourcen-der-nachbarschaften': ['claim/session-3/steuerung-8'],
    'preiswerter-wohnraum': ['claim/session-3/segregation-7'],
    'bildungseinrichtungen': ['claim/session-3/segregation-7'],
    'schulische-bildung': ['claim/session-1/quartier-5', 'claim/session-3/segregation-11'],
    'integrationsverlaeufe': ['claim/session-3/nordstadt-10', 'claim/session-3/segregation-10', 'claim/session-3/segregation-8'],
    'ethnische-kolonien': ['claim/session-3/segregation-10', 'claim/session-3/segregation-9'],
    'verteilung-von-wohnraum': ['claim/session-3/steuerung-1'],
    'diskriminierung': ['claim/session-3/steuerung-2'],
    'reputation-von-stadtteilen': ['claim/session-3/steuerung-2'],
    'sozialer-wohnungsbau': ['claim/flipchart/quartier-22', 'claim/session-3/steuerung-3-3', 'instrument/ausbau-des-sozialen-wohnungsbaus', 'instrument/satzungen-sozialer-wohnungsbau'],
    'interessenausgleich': ['claim/session-3/steuerung-6'],
    'widerstaende-aus-der-bevoelkerung': ['claim/session-3/steuerung-11', 'claim/session-3/steuerung-7'],
    'wertverlust-der-grundstuecke': ['claim/session-3/steuerung-11'],
    'folgen-der-segregation': ['claim/session-3/segregation-4', 'claim/session-3/steuerung-12', 'claim/session-3/steuerung-13', 'claim/session-3/steuerung-14',
                               'instrument/massnahmen-von-bund-laendern-und-kommunen'],
    'verlaufsanalyse': ['claim/session-3/steuerung-17'],
    'amtliche-daten': ['claim/session-3/steuerung-18'],
    'quartiereffekte': ['claim/flipchart/quartier-4'],
    'heimat': ['claim/flipchart/quartier-15'],
    'lebensqualitaet': ['claim/flipchart/quartier-16'],
    'quartierswohl': ['claim/flipchart/quartier-26'],
}

# Concepts renamed to the words of the text (before: labels the text never uses).
RENAMED = {
    "arbeit": "Arbeit", "quartier": "Quartier", "wohnen": "Wohnen", "migration": "Migration",
    "wissenstransfer": "Wissensaustausch", "mehrebenensystem": "Mehrebenensystem", "psychotherapie": "Psychotherapie",
    "pull-faktoren": "Pull-Faktoren von Migration", "querschnittsaufgabe": "Querschnittsaufgabe",
    "segregationsforschung": "Forschung zu Segregation", "unterbringung-von-gefluechteten": "Unterbringungen für Geflüchtete",
    "strukturwandel": "Strukturwandel", "anerkennung-von-abschluessen": "Nicht anerkannte Abschlüsse und Ausbildungen",
    "gelegenheitsstrukturen": "Gelegenheitsstrukturen zur Erweiterung der Netzwerke",
    "infrastruktur-im-stadtteil": "Soziale und gewerbliche Infrastrukturen", "islam": "Muslime in Deutschland",
    "klimawandel": "Durch den Klimawandel bedingte Veränderungen der Lebensräume",
    "fremdenfeindlichkeit": "Fremdenfeindlichkeit",
}

TRACK = "event/nrw-dialogforum-2016/track/integration-und-transformation#id"


def rel(settings, iri: str) -> str:
    return iri.removeprefix(settings.base_iri).removesuffix("#id")


@pytest.fixture(scope="module")
def concepts(select, settings):
    rows = select("""
        SELECT ?c ?de ?en ?b ?exact WHERE {
          ?c a skos:Concept , schema:DefinedTerm ; skos:inScheme <theme/#scheme> ; schema:inDefinedTermSet <theme/#scheme> ;
             skos:prefLabel ?de , ?en ; skos:broader ?b . ?b skos:narrower ?c .
          FILTER(LANG(?de) = "de" && LANG(?en) = "en")
          ?a oa:hasBody ?c ; oa:hasTarget/oa:hasSelector/oa:exact ?exact }""")
    out = {}
    for r in rows:
        c = out.setdefault(rel(settings, r["c"]).removeprefix("theme/"), {"de": r["de"], "broader": set(), "exact": set()})
        c["broader"].add(rel(settings, r["b"]).removeprefix("theme/"))
        c["exact"].add(r["exact"])
    return out


def test_every_theme_the_text_names_is_a_concept(concepts):
    missing = sorted(set(NEW_THEMES) - set(concepts))
    assert missing == []
    for slug, (label, broader, words) in NEW_THEMES.items():
        c = concepts[slug]
        assert (c["de"], c["broader"]) == (label, {broader}), slug
        assert any(words in e for e in c["exact"]), (slug, words)


def test_theme_labels_are_the_words_of_the_text(select, settings):
    rows = select("SELECT ?c ?de WHERE { ?c skos:inScheme <theme/#scheme> ; skos:prefLabel ?de FILTER(LANG(?de) = \"de\") }")
    labels = {rel(settings, r["c"]).removeprefix("theme/"): r["de"] for r in rows}
    assert {slug: labels.get(slug) for slug in RENAMED} == RENAMED


def test_no_theme_lives_only_inside_another_concepts_labels(select):
    """A topic the text names is a concept of its own, not an alternate label of another one."""
    alts = {r["alt"] for r in select("""
        SELECT ?alt WHERE { ?c skos:inScheme <theme/#scheme> ; skos:altLabel ?alt FILTER(LANG(?alt) = "de") }""")}
    own = {"Entsolidarisierung", "Selektive Wohnmobilität", "Willkommenspolitik", "Sozialer Wohnungsbau",
           "Werte", "Lebensformen", "Mieten", "Marktmechanismen"}
    assert alts & own == set()


@pytest.mark.parametrize("slug", sorted(TAGGED))
def test_statements_are_tagged_with_the_themes_they_discuss(select, settings, slug):
    rows = select(f"""
        SELECT ?s WHERE {{ ?s schema:about <theme/{slug}#id>
          FILTER NOT EXISTS {{ ?s a schema:Event FILTER NOT EXISTS {{ ?s a dgo:TimelineEntry }} }} }}""")
    assert sorted(rel(settings, r["s"]) for r in rows) == TAGGED[slug]


def test_every_event_is_about_what_its_statements_discuss(select, settings):
    """The themes of the statements an event (or one of its sub-events) generated are themes of the
    event too, up to the track."""
    rows = select(f"""
        SELECT DISTINCT ?e ?t WHERE {{
          ?e schema:superEvent* <{TRACK}> .
          ?c a schema:Claim ; prov:wasGeneratedBy ?g ; schema:about ?t . ?t a skos:Concept .
          ?g schema:superEvent* ?e .
          FILTER NOT EXISTS {{ ?e schema:about ?t }} }}""")
    assert [(rel(settings, r["e"]), rel(settings, r["t"])) for r in rows] == []
    per_event = defaultdict(int)
    for r in select(f"SELECT ?e ?t WHERE {{ ?e schema:superEvent* <{TRACK}> ; schema:about ?t . ?t a skos:Concept }}"):
        per_event[rel(settings, r["e"])] += 1
    assert per_event[rel(settings, TRACK)] > 100  # the track is about everything the document discusses


def test_the_track_names_no_theme_its_statements_do_not_discuss(select, settings):
    """Nothing is added the other way round: each theme of an event of the track is discussed by a
    statement of it or of its sub-events, or was given to the event for its own passage (the
    tables' and the panel's topics, the input's subject)."""
    rows = select(f"""
        SELECT ?e ?t WHERE {{
          ?e schema:superEvent* <{TRACK}> ; schema:about ?t . ?t a skos:Concept .
          FILTER NOT EXISTS {{ ?c prov:wasGeneratedBy ?g ; schema:about ?t . ?g schema:superEvent* ?e }} }}""")
    assert {(rel(settings, r["e"]).rsplit("/", 1)[-1], rel(settings, r["t"])) for r in rows} <= {
        ("podium", "theme/steuerung-von-segregation"), ("podium", "theme/wohnen"), ("podium", "theme/quartier"),
        ("podium", "theme/segregation"), ("podium", "theme/integrationsbegriff"), ("input", "theme/integrationspolitik")}

#!/usr/bin/env python
"""Generate a complete dialoggraph project of about N triples, for benchmarks and scale tests.

    python bench/generate.py --triples 1000000 --seed 1 --out /tmp/dg-1m
    dialoggraph build --project /tmp/dg-1m

The project is what curators would write for a long documentation of many dialogue forums: one
source text (``data/source/…txt``) and Turtle files in our vocabulary — forums with tracks,
sessions, World-Café tables, talks and panels; people with their roles at events, posts and
memberships; organisations with units; laws, policy instruments and cited documents; statements
attributed to the groups at a table, to speakers and to panelists; a SKOS theme hierarchy; places
with their containment; timeline entries; document sections. Every entity carries the
``dgo:anchorText`` quotes the build turns into Web Annotations, and each quote occurs exactly once
in the generated text (the generator checks this with the anchor stage's own index). The result
passes ``dialoggraph validate`` with no violation and no warning.

``--triples`` counts the triples of the *built* dataset (data minus the curation properties,
plus the annotations): the generator tracks that number exactly while it writes and stops at the
first safe point past it. Labels come from German word lists (names, cities, organisations,
themes); the link structure is random (reused people and organisations, themes, mentions), seeded:
the same ``--triples`` and ``--seed`` give a byte-identical project.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------- word lists

GIVEN = """Anna Barbara Christa Doris Elif Fatma Gabriele Hanna Ines Jennifer Katharina Lena Maria Nazife
Olga Petra Renate Sabine Tanja Ulrike Vera Yasemin Zeynep Amira Birgit Carla Dilara Esra Frieda Greta
Helga Ilse Julia Karin Leyla Miriam Nadine Paula Rosa Sophie Theresa Aylin Bianca Jana Lisa Merve
Andreas Bernd Christian Dirk Emre Frank Georg Hakan Ingo Jan Klaus Lars Mehmet Norbert Oliver Peter
Ralf Sebastian Thomas Uwe Volker Wolfgang Yusuf Anton Benedikt Cem Daniel Erik Florian Gerhard Hans
Ibrahim Jürgen Kai Lukas Matthias Niklas Ömer Philipp Rüdiger Stefan Tobias Ulrich Vincent Walter""".split()
FAMILY = """Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer Koch Bauer
Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt
Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber
Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel Friedrich Keller Günther Frank
Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster Simon Ludwig Böhm Winter Kraus
Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel Heinrich Brandt Haas Schreiber
Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch Bergmann Thomas Voigt Sauer Arnold
Wolff Pfeiffer Yilmaz Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Özdemir Arslan Doğan Kılıç Nowak
Kowalski Wiśniewski Popescu Ionescu Petrov Ivanova Hordt Fietz Kurtenbach Üblacker Rütten Al-Matar
Hamdan Haddad Nasser Khalil Mansour Saleh Rahimi Karimi Hosseini Tahiri Baraka Osei Mensah Diallo""".split()
TITLES = ["", "", "", "", "Dr. ", "Dr. ", "Prof. Dr. "]

# (name, state key); states carry their Wikidata id only where the data conventions mark it
# VERIFIED (data/README.md) — nothing else gets a sameAs.
STATES = [
    ("Nordrhein-Westfalen", "North Rhine-Westphalia", "Q1198"), ("Bayern", "Bavaria", "Q980"),
    ("Baden-Württemberg", "Baden-Württemberg", "Q985"), ("Rheinland-Pfalz", "Rhineland-Palatinate", "Q1200"),
    ("Berlin", "Berlin", "Q64"), ("Niedersachsen", "Lower Saxony", None), ("Hessen", "Hesse", None),
    ("Sachsen", "Saxony", None), ("Hamburg", "Hamburg", None), ("Bremen", "Bremen", None),
    ("Schleswig-Holstein", "Schleswig-Holstein", None), ("Thüringen", "Thuringia", None),
    ("Brandenburg", "Brandenburg", None), ("Sachsen-Anhalt", "Saxony-Anhalt", None),
    ("Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania", None), ("Saarland", "Saarland", None),
]
VERIFIED_CITIES = {"Düsseldorf": "Q1718", "Dortmund": "Q1295", "Münster": "Q2742", "Bielefeld": "Q2112"}
CITIES = {
    "Nordrhein-Westfalen": "Düsseldorf Dortmund Münster Bielefeld Köln Essen Duisburg Bochum Wuppertal Bonn Gelsenkirchen Aachen Kaarst Hamm Siegen Paderborn Krefeld Oberhausen Herne Mönchengladbach",
    "Bayern": "München Nürnberg Augsburg Regensburg Würzburg Ingolstadt Fürth Erlangen",
    "Baden-Württemberg": "Stuttgart Mannheim Karlsruhe Freiburg Heidelberg Ulm Pforzheim Heilbronn",
    "Rheinland-Pfalz": "Mainz Ludwigshafen Koblenz Trier Kaiserslautern Worms",
    "Berlin": "Neukölln Kreuzberg Wedding Marzahn Spandau",
    "Niedersachsen": "Hannover Braunschweig Oldenburg Osnabrück Wolfsburg Göttingen Salzgitter",
    "Hessen": "Frankfurt Wiesbaden Kassel Darmstadt Offenbach Gießen Marburg",
    "Sachsen": "Leipzig Dresden Chemnitz Zwickau Plauen Görlitz",
    "Hamburg": "Altona Wilhelmsburg Harburg Eimsbüttel",
    "Bremen": "Bremerhaven Gröpelingen Vegesack",
    "Schleswig-Holstein": "Kiel Lübeck Flensburg Neumünster",
    "Thüringen": "Erfurt Jena Gera Weimar",
    "Brandenburg": "Potsdam Cottbus Frankfurt-Oder Eberswalde",
    "Sachsen-Anhalt": "Magdeburg Halle Dessau Wittenberg",
    "Mecklenburg-Vorpommern": "Rostock Schwerin Greifswald Stralsund",
    "Saarland": "Saarbrücken Neunkirchen Völklingen",
}
DISTRICTS = """Nordstadt Südstadt Altstadt Innenstadt Weststadt Oststadt Hafenviertel Bahnhofsviertel
Marktviertel Neustadt Kreuzviertel Gartenstadt Unterstadt Oberstadt Werksiedlung Bergviertel""".split()
VENUES = ["Tagungszentrum", "Kongresshaus", "Bürgerhaus", "Rathaus", "Stadthalle", "Volkshochschule",
          "Bildungszentrum", "Kulturzentrum"]

# Nouns with gender (for the adjective ending) and English: the raw material of the themes.
NOUNS = [
    ("Bildung", "f", "education"), ("Arbeit", "f", "work"), ("Teilhabe", "f", "participation"),
    ("Sprachförderung", "f", "language support"), ("Wohnen", "n", "housing"), ("Gesundheit", "f", "health"),
    ("Integration", "f", "integration"), ("Migration", "f", "migration"), ("Nachbarschaft", "f", "neighbourhood"),
    ("Verwaltung", "f", "administration"), ("Beratung", "f", "counselling"), ("Ausbildung", "f", "vocational training"),
    ("Stadtentwicklung", "f", "urban development"), ("Segregation", "f", "segregation"),
    ("Zivilgesellschaft", "f", "civil society"), ("Ehrenamt", "n", "volunteering"), ("Engagement", "n", "engagement"),
    ("Wissenstransfer", "m", "knowledge transfer"), ("Arbeitsmarkt", "m", "labour market"),
    ("Spracherwerb", "m", "language acquisition"), ("Zusammenhalt", "m", "cohesion"), ("Zugang", "m", "access"),
    ("Wohnungsmarkt", "m", "housing market"), ("Diskurs", "m", "discourse"), ("Schulerfolg", "m", "school success"),
    ("Netzwerk", "n", "network"), ("Quartiersmanagement", "n", "neighbourhood management"),
    ("Aufenthaltsrecht", "n", "residence law"), ("Monitoring", "n", "monitoring"), ("Sportangebot", "n", "sports offer"),
]
ADJECTIVES = [
    ("frühkindlich", "early-childhood"), ("beruflich", "vocational"), ("kommunal", "municipal"),
    ("sozial", "social"), ("digital", "digital"), ("interkulturell", "intercultural"), ("politisch", "political"),
    ("schulisch", "school"), ("gesellschaftlich", "societal"), ("regional", "regional"),
    ("bezahlbar", "affordable"), ("nachhaltig", "sustainable"), ("ehrenamtlich", "voluntary"),
    ("rechtlich", "legal"), ("lokal", "local"), ("inklusiv", "inclusive"), ("öffentlich", "public"),
    ("wissenschaftlich", "scientific"), ("mehrsprachig", "multilingual"), ("städtisch", "urban"),
]
ENDING = {"f": "e", "m": "er", "n": "es"}

ORG_KINDS = [
    # (pattern, schema type, English pattern)
    ("Universität {city}", "CollegeOrUniversity", "University of {city}"),
    ("Hochschule {city}", "CollegeOrUniversity", "{city} University of Applied Sciences"),
    ("Institut für {topic} {city}", "ResearchOrganization", "{city} Institute for {topic_en}"),
    ("Forschungsstelle {topic} {city}", "ResearchOrganization", "{city} research unit on {topic_en}"),
    ("Ministerium für {topic} des Landes {state}", "GovernmentOrganization", "{state_en} Ministry of {topic_en}"),
    ("Stadt {city}", "GovernmentOrganization", "City of {city}"),
    ("Kommunales Integrationszentrum {city}", "GovernmentOrganization", "{city} municipal integration centre"),
    ("Verein für {topic} {city} e. V.", "NGO", "{city} association for {topic_en}"),
    ("Stiftung {topic} {city}", "NGO", "{city} foundation for {topic_en}"),
    ("Netzwerk {topic} {state}", "NGO", "{state_en} network for {topic_en}"),
]
UNIT_KINDS = [("Abteilung {topic}", "department of {topic_en}"), ("Referat {topic}", "unit {topic_en}"),
              ("Arbeitsbereich {topic}", "working area {topic_en}"), ("Lehrstuhl für {topic}", "chair of {topic_en}")]
POSTS = [("Abteilungsleitung", "Head of department"), ("Referatsleitung", "Head of unit"),
         ("Geschäftsführung", "Managing director"), ("Professur", "Professorship"), ("Projektleitung", "Project lead"),
         ("Vorstand", "Board member"), ("Integrationsbeauftragte Stelle", "Integration commissioner")]
LAW_KINDS = [("{topic}gesetz {state}", "{topic_en} act of {state_en}"),
             ("Gesetz zur Förderung der {topic} in {state}", "Act promoting {topic_en} in {state_en}"),
             ("Verordnung über {topic} in {state}", "Ordinance on {topic_en} in {state_en}")]
INSTRUMENT_KINDS = [("Landesprogramm „{topic}“", "State programme “{topic_en}”"),
                    ("Förderprogramm „{topic} vor Ort“", "Funding programme “{topic_en} on site”"),
                    ("Modellprojekt „{topic} im Quartier“", "Pilot project “{topic_en} in the neighbourhood”"),
                    ("Aktionsplan „{topic}“", "Action plan “{topic_en}”")]
DOC_KINDS = [("Bericht „{topic} in {place}“", "Report", "bibo:Report"),
             ("Studie „{topic} und {topic2}“", "Report", "bibo:Report"),
             ("Zeitungsartikel „{topic} in {place}“", "NewsArticle", "bibo:Article")]

STATEMENT_TYPES = [
    ("significance", "Bedeutung", "significance", "Warum ein Thema wichtig ist."),
    ("challenge", "Herausforderung", "challenge", "Was die Integration erschwert."),
    ("question", "Offene Frage", "open question", "Was die Teilnehmenden offen ließen."),
    ("transfer-need", "Transferbedarf", "transfer need", "Was aus der Forschung in die Praxis gehört."),
    ("research-need", "Forschungsbedarf", "research need", "Was noch untersucht werden muss."),
    ("recommendation", "Empfehlung", "recommendation", "Was getan werden sollte."),
    ("thesis", "These", "thesis", "Eine zugespitzte Behauptung zur Diskussion."),
    ("finding", "Befund", "finding", "Was festgestellt wurde."),
]
ROLES = [("track-lead", "Leitung des Tracks", "Track lead"), ("table-host", "Tischmoderation", "Table host"),
         ("speaker", "Input/Vortrag", "Speaker"), ("panelist", "Podiumsteilnahme", "Panelist"),
         ("moderator", "Moderation", "Moderator")]
FORMATS = [("world-cafe", "World Café", "World Café"), ("world-cafe-table", "World-Café-Tisch", "World Café table"),
           ("input", "Input (Vortrag)", "Input (talk)"), ("panel-discussion", "Podiumsdiskussion", "Panel discussion")]

# Statement templates: (statement type, reported speech?, German text with {a}/{b} theme labels,
# {p} a place, {o} an organisation).
STATEMENTS = [
    ("challenge", False, "Für „{a}“ wurden fehlende Mittel in {p} als große Hürde identifiziert."),
    ("challenge", True, "Es fehle in {p} an Angeboten zu „{a}“, die „{b}“ mitdenken."),
    ("challenge", False, "Besonders in {p} erschweren lange Wartezeiten den Zugang zu „{a}“."),
    ("significance", False, "Die Teilnehmenden unterstrichen die Bedeutung von „{a}“ für „{b}“."),
    ("significance", True, "„{a}“ sei in {p} der wichtigste Weg zu „{b}“."),
    ("question", False, "Wie kann „{a}“ in {p} dauerhaft gesichert werden, ohne „{b}“ zu vernachlässigen?"),
    ("question", False, "Welche Rolle spielt {o} für „{a}“ in {p}?"),
    ("recommendation", True, "„{a}“ müsse in {p} stärker mit „{b}“ verknüpft werden."),
    ("recommendation", True, "{o} solle für „{a}“ feste Ansprechpersonen benennen."),
    ("research-need", False, "Zu „{a}“ in {p} fehlen belastbare Daten über „{b}“."),
    ("transfer-need", True, "Erfahrungen von {o} mit „{a}“ sollten in andere Kommunen übertragen werden."),
    ("finding", False, "In {p} hat „{a}“ die Wege zu „{b}“ spürbar verkürzt."),
    ("finding", False, "Nach Erfahrung von {o} profitieren von „{a}“ vor allem Neuzugewanderte in {p}."),
    ("thesis", False, "„{a}“ ist der Schlüssel zu „{b}“ – auch in {p}."),
]
TIMELINE = [
    "{year}: In {state} tritt „{law}“ in Kraft.",
    "{year}: {org} legt den Grundstein für „{instrument}“.",
    "{year}: Die Debatte über „{a}“ erreicht {state}.",
]

N = "\n"


def slug(text: str) -> str:
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def lit(text: str, lang: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{esc}"' + (f"@{lang}" if lang else "")


def typed(text: str, datatype: str) -> str:
    return f'"{text}"^^xsd:{datatype}'


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


@dataclass
class Entity:
    iri: str
    types: list[str]
    props: list[tuple[str, str]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    extra_triples: int = 0  # triples written inside blank nodes

    def add(self, p: str, o: str) -> None:
        self.props.append((p, o))


class Generator:
    """Writes entities into files and lines into the source text, counting built triples."""

    #: Triples the anchor stage adds per quote: 14 annotation triples, prefix, suffix, section.
    PER_QUOTE = 17

    def __init__(self, target: int, seed: int):
        self.rnd = random.Random(seed)
        self.target = target
        self.seed = seed
        self.files: dict[str, list[Entity]] = {}
        self.lines: list[str] = []
        self.built = 2  # the document's sha256 and contentSize
        self.slugs: set[str] = set()
        self.section_count = 0
        self.section_stack: list[tuple[str, int]] = []  # (iri, level)

    # ------------------------------------------------------------ bookkeeping

    def new_slug(self, base: str) -> str:
        s, i = base, 2
        while s in self.slugs:
            s = f"{base}-{i}"
            i += 1
        self.slugs.add(s)
        return s

    def put(self, file: str, e: Entity) -> Entity:
        self.files.setdefault(file, []).append(e)
        self.built += len(e.types) + len(e.props) + e.extra_triples
        if e.quotes:
            self.built += 1 + self.PER_QUOTE * len(set(e.quotes))
        return e

    def line(self, text: str = "") -> None:
        self.lines.append(text)

    def section(self, title_de: str, title_en: str, level: int) -> str:
        """A document section whose heading is the next line of the text."""
        while self.section_stack and self.section_stack[-1][1] >= level:
            self.section_stack.pop()
        parent = self.section_stack[-1][0] if self.section_stack else "doc/track-doku-2016#id"
        self.section_count += 1
        iri = f"doc/track-doku-2016/section/{self.new_slug(slug(title_de))[:80]}#id"
        e = Entity(iri, ["dgo:DocumentSection"])
        e.add("schema:name", lit(title_de, "de"))
        e.add("schema:name", lit(title_en, "en"))
        e.add("schema:position", str(self.section_count))
        e.add("schema:isPartOf", f"<{parent}>")
        e.quotes.append(title_de)
        self.put("document.ttl", e)
        self.section_stack.append((iri, level))
        self.line(title_de)
        self.line()
        return iri

    def done(self) -> bool:
        return self.built >= self.target

    # ------------------------------------------------------------ the world

    def build(self) -> None:
        self.front_matter()
        self.vocabularies()
        self.places()
        self.themes()
        self.people_pool: list[Entity] = []
        self.orgs: list[dict] = []
        self.laws: list[dict] = []
        self.instruments: list[dict] = []
        forum = 0
        while not self.done():
            forum += 1
            self.forum(forum)

    def front_matter(self) -> None:
        self.line()
        title = f"Dokumentation der NRW-Dialogforen – Benchmark-Korpus {self.seed}"
        doc = Entity("doc/track-doku-2016#id", ["schema:Report", "bibo:Document"])
        doc.add("schema:name", lit(title, "de"))
        doc.add("schema:name", lit(f"Documentation of the NRW dialogue forums – benchmark corpus {self.seed}", "en"))
        doc.add("schema:inLanguage", lit("de"))
        doc.add("schema:encodingFormat", lit("text/plain"))
        doc.quotes.append(title)
        self.put("document.ttl", doc)
        self.section(title, f"Documentation of the NRW dialogue forums – benchmark corpus {self.seed}", 1)
        self.line("Dieses Dokument ist aus Wortlisten erzeugt. Es folgt dem Aufbau der Dokumentation eines "
                  "Dialogforums: Foren, Tracks, Sessions, Tische, Inputs und Podien, mit den Aussagen der "
                  "Teilnehmenden, den genannten Gesetzen, Programmen, Institutionen und Orten.")
        self.line()

    def concept(self, file, iri, scheme, label_de, label_en, definition, quote, top=True, broader=None) -> Entity:
        e = Entity(iri, ["skos:Concept", "schema:DefinedTerm"])
        e.add("skos:inScheme", f"<{scheme}>")
        e.add("schema:inDefinedTermSet", f"<{scheme}>")
        if top:
            e.add("skos:topConceptOf", f"<{scheme}>")
        if broader:
            e.add("skos:broader", f"<{broader}>")
        e.add("skos:prefLabel", lit(label_de, "de"))
        e.add("skos:prefLabel", lit(label_en, "en"))
        if definition:
            e.add("skos:definition", lit(definition, "de"))
        e.quotes.append(quote)
        return self.put(file, e)

    def scheme(self, file, iri, label_de, label_en, quote) -> Entity:
        e = Entity(iri, ["skos:ConceptScheme", "schema:DefinedTermSet"])
        e.add("skos:prefLabel", lit(label_de, "de"))
        e.add("skos:prefLabel", lit(label_en, "en"))
        e.quotes.append(quote)
        return self.put(file, e)

    def vocabularies(self) -> None:
        self.section("Glossar", "Glossary", 2)
        for key, (scheme_de, scheme_en, items) in {
            "role": ("Rollen bei Veranstaltungen", "Roles at events", ROLES),
            "format": ("Veranstaltungsformate", "Event formats", FORMATS),
        }.items():
            quote = f"{scheme_de} im Überblick:"
            self.scheme("vocabularies.ttl", f"{key}/#scheme", scheme_de, scheme_en, quote)
            self.line(quote)
            for item_key, de, en in items:
                line = f"- Begriff {de}: im Glossar als {en} geführt"
                self.line(line)
                broader = "format/world-cafe#id" if item_key == "world-cafe-table" else None
                self.concept("vocabularies.ttl", f"{key}/{item_key}#id", f"{key}/#scheme", de, en, None, line,
                             top=broader is None, broader=broader)
            self.line()
        quote = "Arten von Aussagen im Überblick:"
        self.scheme("vocabularies.ttl", "statement-type/#scheme", "Arten von Aussagen", "Kinds of statements", quote)
        self.line(quote)
        for key, de, en, definition in STATEMENT_TYPES:
            line = f"- Aussageart {de}: {definition}"
            self.line(line)
            self.concept("vocabularies.ttl", f"statement-type/{key}#id", "statement-type/#scheme", de, en,
                         definition, line)
        self.line()
        quote = "Funktionen in Organisationen im Überblick:"
        self.scheme("vocabularies.ttl", "role/org#scheme", "Funktionen in Organisationen", "Positions in organisations", quote)
        self.line(quote)
        self.org_roles = []
        for de, en in POSTS:
            line = f"- Funktion {de}: als {en} übersetzt"
            self.line(line)
            iri = f"role/{slug(de)}#id"
            self.concept("vocabularies.ttl", iri, "role/org#scheme", de, en, None, line)
            self.org_roles.append(iri)
        self.line()

    def places(self) -> None:
        self.section("Orte und Regionen", "Places and regions", 2)
        rnd = self.rnd
        de = Entity("place/deutschland#id", ["schema:Country"])
        de.add("schema:name", lit("Deutschland", "de"))
        de.add("schema:name", lit("Germany", "en"))
        de.add("schema:sameAs", "<http://www.wikidata.org/entity/Q183>")
        de.add("owl:sameAs", "<http://www.wikidata.org/entity/Q183>")
        de.quotes.append("Land: Deutschland, Bundesrepublik")
        self.line("- Land: Deutschland, Bundesrepublik")
        self.put("places.ttl", de)
        self.states: list[dict] = []
        self.cities: list[dict] = []
        self.districts: list[dict] = []
        # Scale the gazetteer with the dataset: a small corpus names a few states.
        n_states = max(3, min(len(STATES), self.target // 30000 + 3))
        for name, en, qid in STATES[:n_states]:
            e = Entity(f"place/{self.new_slug(slug(name))}#id", ["schema:State"])
            e.add("schema:name", lit(name, "de"))
            e.add("schema:name", lit(en, "en"))
            e.add("schema:containedInPlace", "<place/deutschland#id>")
            if qid:
                e.add("schema:sameAs", f"<http://www.wikidata.org/entity/{qid}>")
                e.add("owl:sameAs", f"<http://www.wikidata.org/entity/{qid}>")
            q = f"Bundesland: {name}, in Deutschland"
            e.quotes.append(q)
            self.line("- " + q)
            self.put("places.ttl", e)
            state = {"iri": e.iri, "name": name, "en": en}
            self.states.append(state)
            for city in CITIES[name].split():
                c = Entity(f"place/{self.new_slug(slug(city))}#id", ["schema:City"])
                c.add("schema:name", lit(city, "de"))
                c.add("schema:name", lit(city, "en"))
                c.add("schema:containedInPlace", f"<{e.iri}>")
                if city in VERIFIED_CITIES:
                    c.add("schema:sameAs", f"<http://www.wikidata.org/entity/{VERIFIED_CITIES[city]}>")
                    c.add("owl:sameAs", f"<http://www.wikidata.org/entity/{VERIFIED_CITIES[city]}>")
                q = f"Stadt: {city}, in {name}"
                c.quotes.append(q)
                self.line("- " + q)
                self.put("places.ttl", c)
                city_d = {"iri": c.iri, "name": city, "state": state}
                self.cities.append(city_d)
                for district in rnd.sample(DISTRICTS, rnd.randint(0, 3)):
                    d = Entity(f"place/{self.new_slug(slug(city + '-' + district))}#id", ["schema:Place"])
                    d.add("schema:name", lit(f"{city}-{district}", "de"))
                    d.add("schema:name", lit(f"{city} {district}", "en"))
                    d.add("schema:containedInPlace", f"<{c.iri}>")
                    q = f"Stadtteil: {city}-{district}, in {city}"
                    d.quotes.append(q)
                    self.line("- " + q)
                    self.put("places.ttl", d)
                    self.districts.append({"iri": d.iri, "name": f"{city}-{district}", "city": city_d})
        self.line()

    def themes(self) -> None:
        self.section("Themen", "Themes", 2)
        rnd = self.rnd
        quote = "Die Themen der Foren im Überblick:"
        self.scheme("themes.ttl", "theme/#scheme", "Themen der NRW-Dialogforen", "Themes of the NRW dialogue forums", quote)
        self.line(quote)
        self.theme_list: list[dict] = []
        tops = []
        for noun, gender, en in NOUNS:
            t = {"iri": f"theme/{self.new_slug(slug(noun))}#id", "de": noun, "en": en, "narrower": [], "related": []}
            tops.append(t)
        n_narrow = max(10, min(len(NOUNS) * len(ADJECTIVES), self.target // 2500))
        combos = [(a, n) for n in NOUNS for a in ADJECTIVES]
        rnd.shuffle(combos)
        narrower = []
        for (adj, adj_en), (noun, gender, en) in combos[:n_narrow]:
            de = f"{cap(adj)}{ENDING[gender]} {noun}"
            parent = next(t for t in tops if t["de"] == noun)
            t = {"iri": f"theme/{self.new_slug(slug(de))}#id", "de": de, "en": f"{adj_en} {en}", "narrower": [],
                 "related": [], "broader": parent}
            parent["narrower"].append(t)
            narrower.append(t)
        every = tops + narrower
        for t in every:  # skos:related both ways, never to its own broader/narrower
            if rnd.random() < 0.3:
                other = rnd.choice(every)
                if other is t or other in t["narrower"] or t in other["narrower"] or other in t["related"]:
                    continue
                t["related"].append(other)
                other["related"].append(t)
        for t in every:
            q = f"„{t['de']}“ ({t['en']})"
            self.line(f"- Thema {q}" + (f", Teil von „{t['broader']['de']}“" if "broader" in t else ""))
            e = Entity(t["iri"], ["skos:Concept", "schema:DefinedTerm"])
            e.add("skos:inScheme", "<theme/#scheme>")
            e.add("schema:inDefinedTermSet", "<theme/#scheme>")
            e.add("skos:prefLabel", lit(t["de"], "de"))
            e.add("skos:prefLabel", lit(cap(t["en"]), "en"))
            if "broader" in t:
                e.add("skos:broader", f"<{t['broader']['iri']}>")
            else:
                e.add("skos:topConceptOf", "<theme/#scheme>")
            for n in t["narrower"]:
                e.add("skos:narrower", f"<{n['iri']}>")
            for r in t["related"]:
                e.add("skos:related", f"<{r['iri']}>")
            e.quotes.append(q)
            self.put("themes.ttl", e)
            self.theme_list.append(t)
        scheme = self.files["themes.ttl"][0]
        for t in tops:
            scheme.add("skos:hasTopConcept", f"<{t['iri']}>")
            self.built += 1
        self.line()

    # ------------------------------------------------------------ agents

    def topic(self) -> tuple[str, str]:
        noun, _g, en = self.rnd.choice(NOUNS)
        return noun, en

    def organisation(self) -> dict:
        """A new organisation, maybe with a unit, each introduced by a line of the text."""
        rnd = self.rnd
        for _ in range(50):
            pattern, kind, en_pattern = rnd.choice(ORG_KINDS)
            city = rnd.choice(self.cities)
            topic, topic_en = self.topic()
            values = {"city": city["name"], "state": city["state"]["name"], "state_en": city["state"]["en"],
                      "topic": topic, "topic_en": topic_en}
            name = pattern.format(**values)
            if slug(name) not in self.slugs:
                break
        iri = f"org/{self.new_slug(slug(name))}#id"
        e = Entity(iri, [f"schema:{kind}", "schema:Organization", "org:FormalOrganization"])
        e.add("schema:name", lit(name, "de"))
        e.add("schema:alternateName", lit(en_pattern.format(**values), "en"))
        e.add("schema:location", f"<{city['iri']}>")
        e.add("schema:areaServed", f"<{city['state']['iri'] if 'Land' in name or 'Netzwerk' in name else city['iri']}>")
        if rnd.random() < 0.6:
            e.add("schema:foundingDate", typed(str(rnd.randint(1950, 2015)), "gYear"))
        acronym = "".join(w[0] for w in re.findall(r"[A-ZÄÖÜ][a-zäöüß]+", name))[:6]
        if len(acronym) >= 3 and rnd.random() < 0.5:
            e.add("schema:alternateName", lit(acronym, "de"))
        q = f"Institution „{name}“"
        self.line(f"- {q}, Sitz in {city['name']}")
        e.quotes.append(q)
        org = {"iri": iri, "name": name, "entity": e, "units": [], "city": city}
        self.put("agents.ttl", e)
        self.orgs.append(org)
        if rnd.random() < 0.35:
            unit_pattern, unit_en = rnd.choice(UNIT_KINDS)
            topic, topic_en = self.topic()
            unit_name = f"{unit_pattern.format(topic=topic)} der {name}" if not name.startswith("Stadt") else \
                f"{unit_pattern.format(topic=topic)} der {name}"
            u = Entity(f"org/{self.new_slug(slug(unit_name))[:90]}#id",
                       ["schema:Organization", "org:OrganizationalUnit"])
            u.add("schema:name", lit(unit_name, "de"))
            u.add("schema:alternateName", lit(f"{cap(unit_en.format(topic_en=topic_en))}, {en_pattern.format(**values)}", "en"))
            u.add("org:unitOf", f"<{iri}>")
            u.add("schema:parentOrganization", f"<{iri}>")
            e.add("org:hasUnit", f"<{u.iri}>")
            self.built += 1
            uq = f"Institution „{unit_name}“"
            self.line(f"- {uq}")
            u.quotes.append(uq)
            self.put("agents.ttl", u)
            org["units"].append({"iri": u.iri, "name": unit_name})
        return org

    def person(self, context: str) -> tuple[Entity, dict]:
        """A person — new, or one who spoke at an earlier forum — with an organisation.
        ``context`` is written before the name in the text; returns (person, organisation)."""
        rnd = self.rnd
        if self.people_pool and rnd.random() < 0.3:
            p = rnd.choice(self.people_pool)
            return p, p._org
        for _ in range(100):
            given, family = rnd.choice(GIVEN), rnd.choice(FAMILY)
            if rnd.random() < 0.12:
                family = f"{family}-{rnd.choice(FAMILY)}"
            name = f"{given} {family}"
            if slug(name) not in self.slugs:
                break
        title = rnd.choice(TITLES)
        org = rnd.choice(self.orgs) if self.orgs and rnd.random() < 0.5 else None
        if org is None:
            org = self.organisation()
        affiliation = rnd.choice(org["units"]) if org["units"] and rnd.random() < 0.5 else org
        p = Entity(f"person/{self.new_slug(slug(name))}#id", ["schema:Person", "foaf:Person"])
        p.add("schema:name", lit(name))
        p.add("schema:givenName", lit(given))
        p.add("schema:familyName", lit(family))
        if title:
            p.add("schema:honorificPrefix", lit(title.strip()))
        p.add("schema:affiliation", f"<{affiliation['iri']}>")
        p._org = affiliation
        p._name = f"{title}{name}"
        self.put("agents.ttl", p)
        self.people_pool.append(p)
        if rnd.random() < 0.15:
            self.post_and_membership(p, org, context)
        return p, affiliation

    def post_and_membership(self, p: Entity, org: dict, context: str) -> None:
        rnd = self.rnd
        i = rnd.randrange(len(POSTS))
        de, en = POSTS[i]
        label = f"{de} der {org['name']}"
        post = Entity(f"post/{self.new_slug(slug(label))[:90]}#id", ["org:Post"])
        post.add("skos:prefLabel", lit(label, "de"))
        post.add("skos:prefLabel", lit(f"{en}, {org['name']}", "en"))
        post.add("org:postIn", f"<{org['iri']}>")
        post.add("org:role", f"<{self.org_roles[i]}>")
        post.add("org:heldBy", f"<{p.iri}>")
        p.add("org:holds", f"<{post.iri}>")
        self.built += 1
        q = f"{p._name} ({de}, {org['name']})"
        post.quotes.append(q)
        p.quotes.append(q)
        self.built += 1 + self.PER_QUOTE if len(p.quotes) == 1 else self.PER_QUOTE
        self.put("agents.ttl", post)
        m = Entity(f"membership/{self.new_slug(slug(p.iri.split('/')[1].split('#')[0] + '-' + org['iri'].split('/')[1].split('#')[0]))[:100]}#id",
                   ["org:Membership"])
        m.add("org:member", f"<{p.iri}>")
        m.add("org:organization", f"<{org['iri']}>")
        m.add("org:role", f"<{self.org_roles[i]}>")
        day = f"{rnd.randint(2005, 2024)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        m.add("org:memberDuring", f"[ a time:Interval ; time:inside [ a time:Instant ; time:inXSDDate {typed(day, 'date')} ] ]")
        m.extra_triples = 4
        m.quotes.append(q)
        self.put("agents.ttl", m)
        self.line(f"- Funktion: {q}")

    # ------------------------------------------------------------ events

    def event(self, file: str, iri: str, types: list[str], name_de: str, name_en: str, quote: str) -> Entity:
        e = Entity(iri, ["schema:Event", *types])
        e.add("schema:name", lit(name_de, "de"))
        e.add("schema:name", lit(name_en, "en"))
        e.quotes.append(quote)
        return self.put(file, e)

    def role(self, file: str, iri: str, kind: str, link: str, person: Entity, org: dict, quote: str) -> Entity:
        de, en = next((d, e) for k, d, e in ROLES if k == kind)
        r = Entity(iri, ["dgo:EventRole", "schema:Role"])
        r.add(link, f"<{person.iri}>")
        r.add("schema:roleName", lit(de, "de"))
        r.add("schema:roleName", lit(en, "en"))
        r.add("dgo:eventRole", f"<role/{kind}#id>")
        r.add("schema:affiliation", f"<{org['iri']}>")
        r.quotes.append(quote)
        if quote not in person.quotes:
            person.quotes.append(quote)
            self.built += self.PER_QUOTE + (1 if len(person.quotes) == 1 else 0)
        return self.put(file, r)

    def forum(self, n: int) -> None:
        rnd = self.rnd
        file = f"forum-{n:03d}.ttl"
        year = 2005 + n % 20
        city = rnd.choice(self.cities)
        venue = f"{rnd.choice(VENUES)} {city['name']}"
        fslug = f"event/forum-{n}"
        self.section(f"Forum {n}: NRW-Dialogforum {year} in {city['name']}",
                     f"Forum {n}: NRW Dialogue Forum {year} in {city['name']}", 2)
        start = f"{year}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 27):02d}"
        end = f"{start[:8]}{int(start[8:]) + 1:02d}"
        v = Entity(f"place/{self.new_slug(slug(venue + '-' + str(n)))}#id", ["schema:Place"])
        v.add("schema:name", lit(venue, "de"))
        v.add("schema:name", lit(venue, "en"))
        v.add("schema:containedInPlace", f"<{city['iri']}>")
        q_forum = f"Das Forum {n} fand am {start} und {end} im {venue} statt."
        v.quotes.append(q_forum)
        self.put("places.ttl", v)
        forum = self.event(file, f"{fslug}#id", ["swc:ConferenceEvent"], f"NRW-Dialogforum {year} ({n})",
                           f"NRW Dialogue Forum {year} ({n})", q_forum)
        forum.add("schema:startDate", typed(start, "date"))
        forum.add("schema:endDate", typed(end, "date"))
        forum.add("schema:location", f"<{v.iri}>")
        self.built += 3
        self.line(q_forum)
        self.line()
        for t in range(1, rnd.randint(2, 4) + 1):
            if self.done() and t > 1:
                break
            self.track(file, forum, fslug, f"{n}.{t}", year, start, end, city)

    def track(self, file, forum, fslug, num, year, start, end, city) -> None:
        rnd = self.rnd
        topic = rnd.choice(self.theme_list)
        iri = f"{fslug}/track-{num.split('.')[1]}#id"
        heading = f"Track {num}: {topic['de']}"
        self.section(heading, f"Track {num}: {cap(topic['en'])}", 3)
        q = f"Der Track {num} widmete sich dem Thema „{topic['de']}“."
        track = self.event(file, iri, ["swc:TrackEvent", "conf:Track"], f"Track „{topic['de']}“ ({num})",
                           f"Track “{cap(topic['en'])}” ({num})", q)
        track.add("schema:superEvent", f"<{forum.iri}>")
        track.add("schema:startDate", typed(start, "date"))
        track.add("schema:endDate", typed(end, "date"))
        track.add("schema:about", f"<{topic['iri']}>")
        forum.add("schema:subEvent", f"<{iri}>")
        self.built += 5
        self.line(q)
        for _ in range(rnd.randint(1, 2)):
            person, org = self.person("Leitung")
            quote = f"Leitung des Tracks {num}: {person._name} ({org['name']})"
            self.line(f"- {quote}")
            role = self.role(file, f"participation/track-lead-{slug(num)}-{person.iri.split('/')[1].split('#')[0]}#id",
                             "track-lead", "schema:organizer", person, org, quote)
            track.add("schema:organizer", f"<{person.iri}>")
            track.add("schema:organizer", f"<{role.iri}>")
            self.built += 2
        self.line()
        kinds = ["world-cafe", "input", "panel"]
        rnd.shuffle(kinds)
        for s, kind in enumerate(kinds, start=1):
            if self.done() and s > 1:
                break
            snum = f"{num}.{s}"
            siri = f"{iri[:-3]}/session-{s}#id"
            getattr(self, kind.replace("-", "_"))(file, track, siri, snum, s, city, year)

    def session_event(self, file, track, siri, snum, s, title_de, title_en, fmt, quote, types=()):
        e = self.event(file, siri, ["swc:SessionEvent", *types], title_de, title_en, quote)
        e.add("schema:position", str(s))
        e.add("schema:additionalType", f"<format/{fmt}#id>")
        e.add("schema:superEvent", f"<{track.iri}>")
        track.add("schema:subEvent", f"<{siri}>")
        self.built += 4
        return e

    def group(self, file, iri, name_de, name_en, quote, event, members=()) -> Entity:
        g = Entity(iri, ["dgo:ParticipantGroup", "prov:Agent", "foaf:Group"])
        g.add("schema:name", lit(name_de, "de"))
        g.add("schema:name", lit(name_en, "en"))
        for m in members:
            g.add("foaf:member", f"<{m.iri}>")
        g.quotes.append(quote)
        event.add("schema:attendee", f"<{iri}>")
        self.built += 1
        return self.put(file, g)

    def place_ref(self, near_city) -> dict:
        rnd = self.rnd
        r = rnd.random()
        if r < 0.4:
            return near_city
        if r < 0.6 and self.districts:
            return rnd.choice(self.districts)
        if r < 0.8:
            return rnd.choice(self.cities)
        return rnd.choice(self.states)

    def claims(self, file, prefix, event, attributed, count, city, extra_mentions=()) -> None:
        """``count`` statements said at ``event``, each its own sentence of the text."""
        rnd = self.rnd
        for k in range(1, count + 1):
            kind, reported, template = rnd.choice(STATEMENTS)
            a, b = rnd.sample(self.theme_list, 2)
            place = self.place_ref(city)
            org = rnd.choice(self.orgs)
            text = template.format(a=a["de"], b=b["de"], p=place["name"], o=org["name"])
            c = Entity(f"claim/{prefix}/{k}#id", ["schema:Claim"])
            c.add("schema:text", lit(text, "de"))
            c.add("schema:additionalType", f"<statement-type/{kind}#id>")
            c.add("schema:about", f"<{a['iri']}>")
            if "{b}" in template:
                c.add("schema:about", f"<{b['iri']}>")
            if "{p}" in template:
                c.add("schema:mentions", f"<{place['iri']}>")
            if "{o}" in template:
                c.add("schema:mentions", f"<{org['iri']}>")
            for m in extra_mentions:
                if rnd.random() < 0.3:
                    c.add("schema:mentions", f"<{m}>")
            for who in attributed:
                c.add("prov:wasAttributedTo", f"<{who}>")
            c.add("prov:wasGeneratedBy", f"<{event.iri}>")
            c.add("schema:appearance", "<doc/track-doku-2016#id>")
            if reported:
                c.add("dgo:isReportedSpeech", "true")
            c.quotes.append(text)
            self.put(file, c)
            self.line(f"- {text}")

    def world_cafe(self, file, track, siri, snum, s, city, year) -> None:
        rnd = self.rnd
        tables = rnd.randint(3, 5)
        title = f"Session {snum}: World Café"
        self.section(title, f"Session {snum}: World Café", 4)
        q = f"In Session {snum} diskutierten die Teilnehmenden an {tables} Tischen."
        session = self.session_event(file, track, siri, snum, s, f"Session {snum}: World Café",
                                     f"Session {snum}: World Café", "world-cafe", q)
        self.line(q)
        self.line()
        for i, topic in enumerate(rnd.sample(self.theme_list, tables), start=1):
            if i > 1 and self.done():
                break
            person, org = self.person("Tisch")
            tq = f"Tisch {snum}.{i} „{topic['de']}“: {person._name} ({org['name']})"
            self.line(f"- {tq}")
            tiri = f"{siri[:-3]}/table-{i}#id"
            table = self.event(file, tiri, ["dgo:WorldCafeTable", "swc:SessionEvent"],
                               f"Tisch „{topic['de']}“ ({snum}.{i})", f"Table “{cap(topic['en'])}” ({snum}.{i})", tq)
            table.add("schema:position", str(i))
            table.add("schema:additionalType", "<format/world-cafe-table#id>")
            table.add("schema:superEvent", f"<{siri}>")
            table.add("schema:about", f"<{topic['iri']}>")
            session.add("schema:subEvent", f"<{tiri}>")
            self.built += 5
            role = self.role(file, f"participation/table-host-{slug(snum)}-{i}-{person.iri.split('/')[1].split('#')[0]}#id",
                             "table-host", "schema:performer", person, org, tq)
            table.add("schema:performer", f"<{person.iri}>")
            table.add("schema:performer", f"<{role.iri}>")
            self.built += 2
            self.line()
            self.section(f"Diskussion am Tisch {snum}.{i} „{topic['de']}“",
                         f"Discussion at table {snum}.{i} “{cap(topic['en'])}”", 5)
            gq = f"Die Teilnehmenden am Tisch {snum}.{i} diskutierten zu „{topic['de']}“."
            self.line(gq)
            group = self.group(file, f"group/table-{slug(snum)}-{i}#id", f"Teilnehmende am Tisch {snum}.{i}",
                               f"Participants at table {snum}.{i}", gq, table)
            self.claims(file, f"table-{slug(snum)}-{i}", table, [group.iri], rnd.randint(4, 12), city)
            self.line()

    def input(self, file, track, siri, snum, s, city, year) -> None:
        rnd = self.rnd
        person, org = self.person("Input")
        topic = rnd.choice(self.theme_list)
        self.section(f"Session {snum}: Input „{topic['de']}“", f"Session {snum}: Input “{cap(topic['en'])}”", 4)
        q = f"In Session {snum} gab {person._name} ({org['name']}) einen Input zu „{topic['de']}“."
        session = self.session_event(file, track, siri, snum, s, f"Session {snum}: Input „{topic['de']}“",
                                     f"Session {snum}: Input “{cap(topic['en'])}”", "input", q,
                                     types=("swc:TalkEvent", "conf:Talk"))
        session.add("schema:about", f"<{topic['iri']}>")
        self.built += 1
        role = self.role(file, f"participation/speaker-{slug(snum)}-{person.iri.split('/')[1].split('#')[0]}#id",
                         "speaker", "schema:performer", person, org, q)
        session.add("schema:performer", f"<{person.iri}>")
        session.add("schema:performer", f"<{role.iri}>")
        self.built += 2
        self.line(q)
        self.line()
        # Laws, programmes and documents the input names, with a timeline.
        state = rnd.choice(self.states)
        new_laws = []
        for _ in range(rnd.randint(1, 2)):
            pattern, en_pattern = rnd.choice(LAW_KINDS)
            t, t_en = self.topic()
            name = pattern.format(topic=t, state=state["name"])
            if slug(name) in self.slugs:
                continue
            law_year = rnd.randint(1990, year)
            law = Entity(f"law/{self.new_slug(slug(name))}-{law_year}#id", ["schema:Legislation", "eli:LegalResource"])
            law.add("schema:name", lit(name, "de"))
            law.add("schema:alternateName", lit(en_pattern.format(topic_en=t_en, state_en=state["en"]), "en"))
            law.add("schema:legislationJurisdiction", f"<{state['iri']}>")
            gov = [o for o in self.orgs if o["name"].startswith("Ministerium") and state["name"] in o["name"]]
            if gov:
                law.add("schema:legislationResponsible", f"<{gov[0]['iri']}>")
            law.add("schema:legislationDate", typed(str(law_year), "gYear"))
            law.add("schema:about", f"<{rnd.choice(self.theme_list)['iri']}>")
            lq = f"Mit dem „{name}“ ({law_year}) reagierte {state['name']} auf neue Anforderungen."
            law.quotes.append(lq)
            self.put("laws.ttl", law)
            self.line(lq)
            new_laws.append({"iri": law.iri, "name": name, "year": law_year})
        self.laws += new_laws
        if rnd.random() < 0.7 and self.laws:
            pattern, en_pattern = rnd.choice(INSTRUMENT_KINDS)
            t, t_en = self.topic()
            name = pattern.format(topic=f"{t} {state['name']}")
            if slug(name) not in self.slugs:
                project = "Modellprojekt" in name
                types = ["dgo:PolicyInstrument", "schema:Project"] if project else ["dgo:PolicyInstrument"]
                ins = Entity(f"instrument/{self.new_slug(slug(name))}#id", types)
                ins.add("schema:name", lit(name, "de"))
                ins.add("schema:alternateName", lit(en_pattern.format(topic_en=f"{t_en} {state['en']}"), "en"))
                law = rnd.choice(self.laws)
                ins.add("schema:isBasedOn", f"<{law['iri']}>")
                ins.add("schema:areaServed", f"<{state['iri']}>")
                ins.add("schema:provider", f"<{rnd.choice(self.orgs)['iri']}>")
                iq = f"Auf dem „{law['name']}“ beruht das {name}, vorgestellt in Session {snum}."
                ins.quotes.append(iq)
                self.put("laws.ttl", ins)
                self.line(iq)
                self.instruments.append({"iri": ins.iri, "name": name})
        docs = []
        for _ in range(rnd.randint(0, 2)):
            pattern, kind, bibo = rnd.choice(DOC_KINDS)
            t, _ = self.topic()
            t2, _ = self.topic()
            name = pattern.format(topic=t, topic2=t2, place=rnd.choice(self.cities)["name"])
            if slug(name) in self.slugs:
                continue
            d = Entity(f"doc/{self.new_slug(slug(name))}#id", [f"schema:{kind}", bibo])
            d.add("schema:name", lit(name, "de"))
            d.add("dct:issued", typed(f"{rnd.randint(1995, year)}-{rnd.randint(1, 12):02d}", "gYearMonth"))
            dq = f"Zitiert in Session {snum}: {name}"
            d.quotes.append(dq)
            self.put("laws.ttl", d)
            self.line(f"- {dq}")
            docs.append(d.iri)
        self.line()
        # A timeline of the input.
        for k in range(rnd.randint(2, 5)):
            template = rnd.choice(TIMELINE)
            law = rnd.choice(self.laws) if self.laws else None
            ins = rnd.choice(self.instruments) if self.instruments else None
            org2 = rnd.choice(self.orgs)
            a = rnd.choice(self.theme_list)
            ty = law["year"] if "{law}" in template and law else rnd.randint(1990, year)
            if ("{law}" in template and not law) or ("{instrument}" in template and not ins):
                continue
            text = template.format(year=ty, state=state["name"], law=law["name"] if law else "",
                                   instrument=ins["name"] if ins else "", org=org2["name"], a=a["de"])
            text = f"{text[:-1]} (Zeitleiste {snum}.{k + 1})."
            te = Entity(f"timeline/{slug(snum)}-{k + 1}-{ty}#id", ["dgo:TimelineEntry", "schema:Event", "prov:Activity"])
            te.add("schema:name", lit(f"{ty}: Zeitleiste {snum}.{k + 1}", "de"))
            te.add("schema:name", lit(f"{ty}: timeline {snum}.{k + 1}", "en"))
            te.add("schema:description", lit(text, "de"))
            te.add("schema:startDate", typed(str(ty), "gYear"))
            te.add("time:hasTime", f"<timeline/{slug(snum)}-{k + 1}-{ty}#time>")
            te.add("schema:subjectOf", f"<{siri}>")
            te.add("schema:location", f"<{state['iri']}>")
            if "{law}" in template:
                te.add("schema:about", f"<{law['iri']}>")
            elif "{instrument}" in template:
                te.add("schema:about", f"<{ins['iri']}>")
                te.add("prov:wasAssociatedWith", f"<{org2['iri']}>")
            else:
                te.add("schema:about", f"<{a['iri']}>")
            te.quotes.append(text)
            self.put(file, te)
            instant = Entity(f"timeline/{slug(snum)}-{k + 1}-{ty}#time", ["time:Instant"])
            instant.add("time:inXSDgYear", typed(str(ty), "gYear"))
            self.put(file, instant)
            self.line(f"- {text}")
        self.line()
        self.claims(file, f"input-{slug(snum)}", session, [person.iri], rnd.randint(3, 8), city,
                    extra_mentions=[law["iri"] for law in new_laws] + docs)
        self.line()

    def panel(self, file, track, siri, snum, s, city, year) -> None:
        rnd = self.rnd
        topic = rnd.choice(self.theme_list)
        self.section(f"Session {snum}: Podium „{topic['de']}“", f"Session {snum}: Panel “{cap(topic['en'])}”", 4)
        q = f"Auf dem Podium der Session {snum} diskutierten Fachleute über „{topic['de']}“."
        session = self.session_event(file, track, siri, snum, s, f"Session {snum}: Podium „{topic['de']}“",
                                     f"Session {snum}: Panel “{cap(topic['en'])}”", "panel-discussion", q,
                                     types=("swc:PanelEvent",))
        session.add("schema:about", f"<{topic['iri']}>")
        self.built += 1
        self.line(q)
        panelists = []
        for i in range(rnd.randint(3, 5)):
            person, org = self.person("Podium")
            if person in [p for p, _ in panelists]:
                continue
            kind = "moderator" if i == 0 else "panelist"
            label = "Moderation" if i == 0 else "Auf dem Podium"
            pq = f"{label} in Session {snum}: {person._name} ({org['name']})"
            self.line(f"- {pq}")
            role = self.role(file, f"participation/{kind}-{slug(snum)}-{person.iri.split('/')[1].split('#')[0]}#id",
                             kind, "schema:performer", person, org, pq)
            session.add("schema:performer", f"<{person.iri}>")
            session.add("schema:performer", f"<{role.iri}>")
            self.built += 2
            panelists.append((person, kind))
        self.line()
        gq = f"Das Publikum der Session {snum} brachte eigene Fragen ein."
        self.line(gq)
        audience = self.group(file, f"group/audience-{slug(snum)}#id", f"Publikum der Session {snum}",
                              f"Audience of session {snum}", gq, session)
        speakers = [p.iri for p, kind in panelists if kind == "panelist"] or [audience.iri]
        for who in speakers:
            self.claims(file, f"panel-{slug(snum)}-{who.split('/')[1].split('#')[0]}", session, [who],
                        rnd.randint(2, 4), city)
        self.claims(file, f"panel-{slug(snum)}-publikum", session, [audience.iri], rnd.randint(1, 3), city)
        self.line()

    # ------------------------------------------------------------ output

    def check_quotes(self, text: str) -> list[tuple[Entity, str, int]]:
        """Quotes that do not occur exactly once (sections excepted: they are found in order)."""
        sys.path.insert(0, str(REPO / "src"))
        from dialoggraph.pipeline.anchor import QuoteIndex

        index = QuoteIndex(unicodedata.normalize("NFC", text))
        bad = []
        for entities in self.files.values():
            for e in entities:
                if "dgo:DocumentSection" in e.types:
                    continue
                for q in e.quotes:
                    n = len(index.finditer(q))
                    if n != 1:
                        bad.append((e, q, n))
        return bad

    def repair(self, bad) -> None:
        """Statements that happen to repeat another sentence get the table's number appended."""
        for e, q, _n in bad:
            if "schema:Claim" not in e.types:
                raise SystemExit(f"generator bug: quote {q!r} of <{e.iri}> is not unique")
            new = f"{q[:-1]} (Beitrag {e.iri.split('/', 1)[1].rsplit('#', 1)[0]}){q[-1]}"
            i = self.lines.index(f"- {q}")
            self.lines[i] = f"- {new}"
            e.quotes = [new]
            e.props = [(p, lit(new, "de") if p == "schema:text" else o) for p, o in e.props]

    def write(self, out: Path) -> None:
        text = "\n".join(self.lines) + "\n"
        bad = self.check_quotes(text)
        if bad:
            self.repair(bad)
            text = "\n".join(self.lines) + "\n"
            bad = self.check_quotes(text)
            if bad:
                raise SystemExit(f"generator bug: {len(bad)} quotes not unique, e.g. {bad[0][1]!r}")
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        shutil.copy(REPO / "pyproject.toml", out / "pyproject.toml")
        shutil.copytree(REPO / "ontology", out / "ontology")
        shutil.copytree(REPO / "shapes", out / "shapes")
        with (REPO / "pyproject.toml").open("rb") as fh:
            source = tomllib.load(fh)["tool"]["dialoggraph"]["source_file"]
        (out / source).parent.mkdir(parents=True, exist_ok=True)
        (out / source).write_text(text, encoding="utf-8")
        for name, entities in self.files.items():
            (out / "data" / name).write_text(_turtle(entities), encoding="utf-8")


PREFIXES = """@prefix dg: <> .
@prefix dgo: <ontology#> .
@prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix swc: <http://data.semanticweb.org/ns/swc/ontology#> .
@prefix conf: <https://w3id.org/scholarlydata/ontology/conference-ontology.owl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

"""


def _turtle(entities: list[Entity]) -> str:
    parts = [PREFIXES]
    for e in entities:
        lines = [f"<{e.iri}> a {' , '.join(e.types)}"]
        for p, o in e.props:
            lines.append(f"    {p} {o}")
        if e.quotes:
            lines.append("    dgo:anchorText " + " ,\n        ".join(lit(q) for q in e.quotes))
        parts.append(" ;\n".join(lines) + " .\n\n")
    return "".join(parts)


def generate(triples: int, seed: int, out: Path) -> int:
    """Write the project; return the number of built triples it was sized for."""
    g = Generator(triples, seed)
    g.build()
    g.write(out)
    return g.built


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, required=True, help="triples of the built dataset (about)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True, help="project folder to write (replaced)")
    args = ap.parse_args(argv)
    built = generate(args.triples, args.seed, args.out)
    print(f"{args.out}: about {built} triples once built")


if __name__ == "__main__":
    main()

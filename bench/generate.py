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
``dgo:anchorText`` quotes the build turns into Web Annotations. Each quote occurs exactly once in
the generated text — a statement exactly once in its section (``dgo:anchorScope``) — by
construction, for any size and seed (see "The naming scheme" below). The result passes
``dialoggraph validate`` with no violation and no warning.

``--triples`` counts the triples of the *built* dataset (data minus the curation properties,
plus the annotations): the generator tracks that number exactly while it writes and stops at the
first safe point past it. Labels come from German word lists (names, cities, organisations,
themes); the link structure is random (reused people and organisations, themes, mentions), seeded:
the same ``--triples`` and ``--seed`` give a byte-identical project.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import re
import shutil
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
GIVEN_BY_GENDER = {"f": GIVEN[:GIVEN.index("Andreas")], "m": GIVEN[GIVEN.index("Andreas"):]}
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
# {topic} of a study names two topics or more ("Arbeit und Wohnen").
DOC_KINDS = [("Bericht „{topic} in {place}“", "Report", "bibo:Report"),
             ("Studie „{topic}“", "Report", "bibo:Report"),
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
    "{year}: In {state} tritt „{law}“ in Kraft",
    "{year}: {org} legt den Grundstein für „{instrument}“",
    "{year}: Die Debatte über „{a}“ erreicht {state}",
]


# ---------------------------------------------------------------- the naming scheme
#
# Every quote is a fixed frame around a key that no other quote has: a number of the document's
# outline (forum 6, track 6.1, session 6.1.2, table 6.1.2.3, timeline entry 6.1.2.3) or a name
# (a person, an organisation or unit, a law, a document), each written once in its frame. The
# anchor stage matches a quote as a substring of the text (whitespace aside), so a key must not
# be found inside a longer one either: in every frame the key is followed by a character that no
# key contains right after it (":", ")", "“" or a space and a fixed word: "Tisch 6.1.2.1 „…“"
# never matches "Tisch 6.1.2.12 „…“", "Leitung des Tracks 6.1:" never "… 6.10:") and preceded by
# a fixed word or "„" ("Institution „Stadt Köln“" is not inside "Institution „Abteilung Arbeit
# der Stadt Köln“"). Outline numbers are unique as they are counted; names are unique because
# each comes from a stream below that never repeats — no name is drawn and checked afterwards.
# Statements are the one exception: they repeat across the document like the real protocol's,
# and are anchored within their section (dgo:anchorScope), where no two are alike (see
# Generator.statements).

_M64 = (1 << 64) - 1


def _mix(x: int) -> int:
    """splitmix64's finaliser: a well-spread 64-bit hash of an integer."""
    x = (x + 0x9E3779B97F4A7C15) & _M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
    return x ^ (x >> 31)


def permute(i: int, n: int, key: int) -> int:
    """A seeded bijection of ``range(n)``: four Feistel rounds over the smallest even number of
    bits that holds ``n``, repeated until the value falls back into the range (cycle walking; fewer
    than four rounds on average). Counters 0, 1, 2 … become spread-out indices that never repeat,
    without a table."""
    if n <= 1:
        return i
    half = ((n - 1).bit_length() + 1) // 2
    mask = (1 << half) - 1
    while True:
        left, right = i >> half, i & mask
        for r in range(4):
            left, right = right, left ^ (_mix(key ^ (r << 60) ^ right) & mask)
        i = (left << half) | right
        if i < n:
            return i


class NameStream:
    """The names of one kind at one place; each differs from every earlier one by construction.

    Tier ``t`` is a product of slots ``(words, r)`` — ``r`` different entries of a word list, in
    order — given by ``tiers(t)``. Its names are handed out in the order of a seeded permutation of
    their indices (decoded digit by digit), then the stream moves on to tier ``t + 1``, which has
    one word more (a second given name, one more topic), so no name of one tier is one of
    another. A stream with ``last`` ends after that tier (a city has one city administration)."""

    def __init__(self, key: str, tiers, last: int | None = None):
        self.key, self.tiers, self.last = key, tiers, last
        self.tier, self.used = 0, 0
        self._open()

    def _open(self) -> None:
        self.slots = self.tiers(self.tier)
        self.size = math.prod(math.perm(len(words), r) for words, r in self.slots)
        if self.size == 0:  # more words asked for than the lists hold: nothing left
            self.last = self.tier
        digest = hashlib.sha256(f"{self.key}/{self.tier}".encode()).digest()
        self.perm_key = int.from_bytes(digest[:8], "big")

    def next(self) -> list[tuple] | None:
        """The next name as one tuple of words per slot, or None once the stream has ended."""
        while self.used >= self.size:
            if self.last is not None and self.tier >= self.last:
                return None
            self.tier, self.used = self.tier + 1, 0
            self._open()
        i = permute(self.used, self.size, self.perm_key)
        self.used += 1
        picks = []
        for words, r in self.slots:
            rest, pick = list(words), []
            for _ in range(r):
                i, d = divmod(i, len(rest))
                pick.append(rest.pop(d))
            picks.append(tuple(pick))
        return picks


def join_topics(picks: tuple, english: bool = False) -> str:
    """„Bildung“, „Bildung und Arbeit“, „Bildung, Arbeit und Wohnen“ (nouns hold no comma or
    "und", so the list can be read back: different lists, different names)."""
    words = [en if english else noun for noun, _gender, en in picks]
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {'and' if english else 'und'} {words[-1]}"


class Naming:
    """The names of people, organisations, laws, programmes and documents, from never-repeating
    streams: people by gender and shape (one family name or two), organisations by kind and
    place, laws and programmes by kind and state, documents by kind and place. A stream is seeded
    by the corpus seed and its own key, so its names do not depend on when other streams are used."""

    def __init__(self, seed: int):
        self.seed = seed
        self.streams: dict[tuple, NameStream] = {}

    def _next(self, key: tuple, tiers, last: int | None = None) -> list[tuple] | None:
        stream = self.streams.get(key)
        if stream is None:
            stream = self.streams[key] = NameStream("/".join(map(str, (self.seed, *key))), tiers, last)
        return stream.next()

    def person(self, gender: str, double: bool) -> tuple[str, str]:
        """(given names, family name): one given name of ``GIVEN_BY_GENDER[gender]`` and one
        family name — or two, hyphenated, when ``double`` — then two given names once those run
        out, three … (No family name is two others with a hyphen, and the lists of given names
        have no name in common: the four streams never meet.)"""
        givens, families = self._next(("person", gender, double),
                                      lambda t: [(GIVEN_BY_GENDER[gender], t + 1), (FAMILY, 2 if double else 1)])
        return " ".join(givens), "-".join(families)

    def org(self, kind: int, city: dict) -> tuple[int, str, str]:
        """(kind, German name, English name) of a new organisation of ``ORG_KINDS[kind]`` in
        ``city``. A kind without topic has one organisation per city (one university, one city
        administration); once that is taken, the next kind of the list with topics stands in."""
        pattern, _type, en_pattern = ORG_KINDS[kind]
        state = city["state"]
        place = city["name"] if "{city}" in pattern else state["name"]
        if "{topic}" in pattern:
            picks = self._next(("org", kind, place), lambda t: [(NOUNS, t + 1)])
        else:
            picks = self._next(("org", kind, place), lambda t: [], last=0)
            if picks is None:
                return self.org(next(k for k in range(kind + 1, len(ORG_KINDS)) if "{topic}" in ORG_KINDS[k][0]), city)
        values = {"city": city["name"], "state": state["name"], "state_en": state["en"],
                  "topic": join_topics(picks[0]) if picks else "",
                  "topic_en": join_topics(picks[0], True) if picks else ""}
        return kind, pattern.format(**values), en_pattern.format(**values)

    @staticmethod
    def unit(kind: int, topic: tuple, org_name: str) -> tuple[str, str]:
        """A unit of an organisation (at most one per organisation, so unique with it)."""
        pattern, en_pattern = UNIT_KINDS[kind]
        return f"{pattern.format(topic=topic[0])} der {org_name}", cap(en_pattern.format(topic_en=topic[2]))

    def law(self, kind: int, state: dict) -> tuple[str, str]:
        """A law of ``state``. A compound ("Bildunggesetz") takes one topic; once each topic has
        its law in the state, the next kind stands in."""
        pattern, en_pattern = LAW_KINDS[kind]
        compound = pattern.startswith("{topic}")
        picks = self._next(("law", kind, state["name"]), lambda t: [(NOUNS, t + 1)], last=0 if compound else None)
        if picks is None:
            return self.law(kind + 1, state)
        values = {"topic": join_topics(picks[0]), "topic_en": join_topics(picks[0], True),
                  "state": state["name"], "state_en": state["en"]}
        return pattern.format(**values), en_pattern.format(**values)

    def instrument(self, kind: int, state: dict) -> tuple[str, str]:
        pattern, en_pattern = INSTRUMENT_KINDS[kind]
        (topics,) = self._next(("instrument", kind, state["name"]), lambda t: [(NOUNS, t + 1)])
        return (pattern.format(topic=f"{join_topics(topics)} {state['name']}"),
                en_pattern.format(topic_en=f"{join_topics(topics, True)} {state['en']}"))

    def document(self, kind: int, place: dict) -> str:
        pattern = DOC_KINDS[kind][0]
        if "{place}" in pattern:
            (topics,) = self._next(("doc", kind, place["name"]), lambda t: [(NOUNS, t + 1)])
        else:
            (topics,) = self._next(("doc", kind), lambda t: [(NOUNS, t + 2)])
        return pattern.format(topic=join_topics(topics), place=place["name"])


# Every quote of the generated text outside the fixed lists (glossary, places, themes) and the
# statements, as a format string: {ref} is an outline number, {person}, {org}, {law}, {document}
# names from the naming scheme; the rest ({theme}, {venue}, …) only reads well.
QUOTES = {
    "institution": "Institution „{org}“",
    "post": "Funktion: {person} ({post}, {org})",
    "forum": "Das Forum {ref} fand am {start} und {end} im {venue} statt.",
    "track": "Der Track {ref} widmete sich dem Thema „{theme}“.",
    "track-lead": "Leitung des Tracks {ref}: {person} ({org})",
    "world-cafe": "In Session {ref} diskutierten die Teilnehmenden an {tables} Tischen.",
    "table": "Tisch {ref} „{theme}“: {person} ({org})",
    "table-group": "Die Teilnehmenden am Tisch {ref} diskutierten zu „{theme}“.",
    "input": "In Session {ref} gab {person} ({org}) einen Input zu „{theme}“.",
    "law": "Mit dem „{law}“ ({year}) reagierte {state} auf neue Anforderungen.",
    "instrument": "Auf dem „{law}“ beruht das {instrument}, vorgestellt in Session {ref}.",
    "document": "Zitiert in Session {ref}: {document}",
    "timeline": "{event} (Zeitleiste {ref}).",
    "panel": "Auf dem Podium der Session {ref} diskutierten Fachleute über „{theme}“.",
    "moderator": "Moderation in Session {ref}: {person} ({org})",
    "panelist": "Auf dem Podium in Session {ref}: {person} ({org})",
    "audience": "Das Publikum der Session {ref} brachte eigene Fragen ein.",
}


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


def local(iri: str) -> str:
    """The slug of a ``kind/slug#id`` IRI."""
    return iri.split("/")[1].split("#")[0]


@dataclass
class Entity:
    iri: str
    types: list[str]
    props: list[tuple[str, str]] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    scope: str | None = None  # dgo:anchorScope, a curation property: not in the built dataset
    extra_triples: int = 0  # triples written inside blank nodes

    def add(self, p: str, o: str) -> None:
        self.props.append((p, o))


class Generator:
    """Writes entities into files and lines into the source text, counting built triples."""

    #: Triples the anchor stage adds per quote: 14 annotation triples, prefix, suffix, section.
    PER_QUOTE = 17

    def __init__(self, target: int, seed: int):
        self.rnd = random.Random(seed)
        self.naming = Naming(seed)
        self.target = target
        self.seed = seed
        self.files: dict[str, list[Entity]] = {}
        self.lines: list[str] = []
        self.built = 2  # the document's sha256 and contentSize
        self.slugs: set[str] = set()
        self.section_count = 0
        self.section_stack: list[tuple[str, int]] = []  # (iri, level)
        # The guard: every quote is said on one line (statements: once per section).
        self.said: set[str] = set()
        self.said_in: dict[str, set[str]] = {}

    # ------------------------------------------------------------ bookkeeping

    def new_slug(self, base: str, limit: int = 100) -> str:
        base = base[:limit].rstrip("-")
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

    def say(self, text: str, quote: str | None = None, scope: str | None = None) -> str:
        """Write a line that holds ``quote`` (the whole line by default); return the quote. A
        quote said twice is a bug of the naming scheme: the generator stops (it never does)."""
        quote = text if quote is None else quote
        assert quote in text
        seen = self.said if scope is None else self.said_in.setdefault(scope, set())
        if quote in seen or (scope is not None and quote in self.said):
            raise SystemExit(f"generator bug: quote {quote!r} is not unique")
        seen.add(quote)
        self.lines.append(text)
        return quote

    def section(self, title_de: str, title_en: str, level: int) -> str:
        """A document section whose heading is the next line of the text."""
        while self.section_stack and self.section_stack[-1][1] >= level:
            self.section_stack.pop()
        parent = self.section_stack[-1][0] if self.section_stack else "doc/track-doku-2016#id"
        self.section_count += 1
        iri = f"doc/track-doku-2016/section/{self.new_slug(slug(title_de), 80)}#id"
        e = Entity(iri, ["dgo:DocumentSection"])
        e.add("schema:name", lit(title_de, "de"))
        e.add("schema:name", lit(title_en, "en"))
        e.add("schema:position", str(self.section_count))
        e.add("schema:isPartOf", f"<{parent}>")
        e.quotes.append(self.say(title_de))
        self.put("document.ttl", e)
        self.section_stack.append((iri, level))
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
        self.ministries: dict[str, dict] = {}  # state → its first ministry
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
        doc.quotes.append(title)  # the heading of the first section
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
            quote = self.say(f"{scheme_de} im Überblick:")
            self.scheme("vocabularies.ttl", f"{key}/#scheme", scheme_de, scheme_en, quote)
            for item_key, de, en in items:
                line = self.say(f"- Begriff {de}: im Glossar als {en} geführt")
                broader = "format/world-cafe#id" if item_key == "world-cafe-table" else None
                self.concept("vocabularies.ttl", f"{key}/{item_key}#id", f"{key}/#scheme", de, en, None, line,
                             top=broader is None, broader=broader)
            self.line()
        quote = self.say("Arten von Aussagen im Überblick:")
        self.scheme("vocabularies.ttl", "statement-type/#scheme", "Arten von Aussagen", "Kinds of statements", quote)
        for key, de, en, definition in STATEMENT_TYPES:
            line = self.say(f"- Aussageart {de}: {definition}")
            self.concept("vocabularies.ttl", f"statement-type/{key}#id", "statement-type/#scheme", de, en,
                         definition, line)
        self.line()
        quote = self.say("Funktionen in Organisationen im Überblick:")
        self.scheme("vocabularies.ttl", "role/org#scheme", "Funktionen in Organisationen", "Positions in organisations", quote)
        self.org_roles = []
        for de, en in POSTS:
            line = self.say(f"- Funktion {de}: als {en} übersetzt")
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
        de.quotes.append(self.say("- Land: Deutschland, Bundesrepublik", "Land: Deutschland, Bundesrepublik"))
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
            e.quotes.append(self.say("- " + q, q))
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
                c.quotes.append(self.say("- " + q, q))
                self.put("places.ttl", c)
                city_d = {"iri": c.iri, "name": city, "state": state}
                self.cities.append(city_d)
                for district in rnd.sample(DISTRICTS, rnd.randint(0, 3)):
                    d = Entity(f"place/{self.new_slug(slug(city + '-' + district))}#id", ["schema:Place"])
                    d.add("schema:name", lit(f"{city}-{district}", "de"))
                    d.add("schema:name", lit(f"{city} {district}", "en"))
                    d.add("schema:containedInPlace", f"<{c.iri}>")
                    q = f"Stadtteil: {city}-{district}, in {city}"
                    d.quotes.append(self.say("- " + q, q))
                    self.put("places.ttl", d)
                    self.districts.append({"iri": d.iri, "name": f"{city}-{district}", "city": city_d})
        self.line()

    def themes(self) -> None:
        self.section("Themen", "Themes", 2)
        rnd = self.rnd
        quote = self.say("Die Themen der Foren im Überblick:")
        self.scheme("themes.ttl", "theme/#scheme", "Themen der NRW-Dialogforen", "Themes of the NRW dialogue forums", quote)
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
            self.say(f"- Thema {q}" + (f", Teil von „{t['broader']['de']}“" if "broader" in t else ""), q)
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

    def organisation(self) -> dict:
        """A new organisation, maybe with a unit, each introduced by a line of the text."""
        rnd = self.rnd
        city = rnd.choice(self.cities)
        kind, name, name_en = self.naming.org(rnd.randrange(len(ORG_KINDS)), city)
        iri = f"org/{self.new_slug(slug(name))}#id"
        e = Entity(iri, [f"schema:{ORG_KINDS[kind][1]}", "schema:Organization", "org:FormalOrganization"])
        e.add("schema:name", lit(name, "de"))
        e.add("schema:alternateName", lit(name_en, "en"))
        e.add("schema:location", f"<{city['iri']}>")
        e.add("schema:areaServed", f"<{city['state']['iri'] if 'Land' in name or 'Netzwerk' in name else city['iri']}>")
        if rnd.random() < 0.6:
            e.add("schema:foundingDate", typed(str(rnd.randint(1950, 2015)), "gYear"))
        acronym = "".join(w[0] for w in re.findall(r"[A-ZÄÖÜ][a-zäöüß]+", name))[:6]
        if len(acronym) >= 3 and rnd.random() < 0.5:
            e.add("schema:alternateName", lit(acronym, "de"))
        q = QUOTES["institution"].format(org=name)
        e.quotes.append(self.say(f"- {q}, Sitz in {city['name']}", q))
        org = {"iri": iri, "name": name, "entity": e, "units": [], "city": city}
        self.put("agents.ttl", e)
        self.orgs.append(org)
        if name.startswith("Ministerium"):
            self.ministries.setdefault(city["state"]["name"], org)
        if rnd.random() < 0.35:
            unit_name, unit_en = Naming.unit(rnd.randrange(len(UNIT_KINDS)), rnd.choice(NOUNS), name)
            u = Entity(f"org/{self.new_slug(slug(unit_name), 90)}#id", ["schema:Organization", "org:OrganizationalUnit"])
            u.add("schema:name", lit(unit_name, "de"))
            u.add("schema:alternateName", lit(f"{unit_en}, {name_en}", "en"))
            u.add("org:unitOf", f"<{iri}>")
            u.add("schema:parentOrganization", f"<{iri}>")
            e.add("org:hasUnit", f"<{u.iri}>")
            self.built += 1
            uq = QUOTES["institution"].format(org=unit_name)
            u.quotes.append(self.say(f"- {uq}", uq))
            self.put("agents.ttl", u)
            org["units"].append({"iri": u.iri, "name": unit_name})
        return org

    def person(self) -> tuple[Entity, dict]:
        """A person — one who spoke at an earlier forum, or a new one — with the organisation
        they speak for: (person, organisation)."""
        if self.people_pool and self.rnd.random() < 0.3:
            p = self.rnd.choice(self.people_pool)
            return p, p._org
        return self.new_person()

    def people(self, n: int) -> list[tuple[Entity, dict]]:
        """``n`` different people for one event (a reused person already chosen is replaced by a
        new one, so no one leads a track twice)."""
        chosen: list[tuple[Entity, dict]] = []
        for _ in range(n):
            p, org = self.person()
            if any(p is q for q, _ in chosen):
                p, org = self.new_person()
            chosen.append((p, org))
        return chosen

    def new_person(self) -> tuple[Entity, dict]:
        rnd = self.rnd
        given, family = self.naming.person(rnd.choice("fm"), rnd.random() < 0.12)
        name = f"{given} {family}"
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
            self.post_and_membership(p, org)
        return p, affiliation

    def post_and_membership(self, p: Entity, org: dict) -> None:
        rnd = self.rnd
        i = rnd.randrange(len(POSTS))
        de, en = POSTS[i]
        label = f"{de} der {org['name']}"
        post = Entity(f"post/{self.new_slug(slug(label), 90)}#id", ["org:Post"])
        post.add("skos:prefLabel", lit(label, "de"))
        post.add("skos:prefLabel", lit(f"{en}, {org['name']}", "en"))
        post.add("org:postIn", f"<{org['iri']}>")
        post.add("org:role", f"<{self.org_roles[i]}>")
        post.add("org:heldBy", f"<{p.iri}>")
        p.add("org:holds", f"<{post.iri}>")
        self.built += 1
        q = QUOTES["post"].format(person=p._name, post=de, org=org["name"])
        self.say(f"- {q}", q)
        post.quotes.append(q)
        p.quotes.append(q)
        self.built += 1 + self.PER_QUOTE if len(p.quotes) == 1 else self.PER_QUOTE
        self.put("agents.ttl", post)
        m = Entity(f"membership/{self.new_slug(local(p.iri) + '-' + local(org['iri']))}#id", ["org:Membership"])
        m.add("org:member", f"<{p.iri}>")
        m.add("org:organization", f"<{org['iri']}>")
        m.add("org:role", f"<{self.org_roles[i]}>")
        day = f"{rnd.randint(2005, 2024)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        m.add("org:memberDuring", f"[ a time:Interval ; time:inside [ a time:Instant ; time:inXSDDate {typed(day, 'date')} ] ]")
        m.extra_triples = 4
        m.quotes.append(q)
        self.put("agents.ttl", m)

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
        q_forum = self.say(QUOTES["forum"].format(ref=n, start=start, end=end, venue=venue))
        v.quotes.append(q_forum)
        self.put("places.ttl", v)
        forum = self.event(file, f"{fslug}#id", ["swc:ConferenceEvent"], f"NRW-Dialogforum {year} ({n})",
                           f"NRW Dialogue Forum {year} ({n})", q_forum)
        forum.add("schema:startDate", typed(start, "date"))
        forum.add("schema:endDate", typed(end, "date"))
        forum.add("schema:location", f"<{v.iri}>")
        self.built += 3
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
        q = self.say(QUOTES["track"].format(ref=num, theme=topic["de"]))
        track = self.event(file, iri, ["swc:TrackEvent", "conf:Track"], f"Track „{topic['de']}“ ({num})",
                           f"Track “{cap(topic['en'])}” ({num})", q)
        track.add("schema:superEvent", f"<{forum.iri}>")
        track.add("schema:startDate", typed(start, "date"))
        track.add("schema:endDate", typed(end, "date"))
        track.add("schema:about", f"<{topic['iri']}>")
        forum.add("schema:subEvent", f"<{iri}>")
        self.built += 5
        for person, org in self.people(rnd.randint(1, 2)):
            quote = QUOTES["track-lead"].format(ref=num, person=person._name, org=org["name"])
            self.say(f"- {quote}", quote)
            role = self.role(file, f"participation/track-lead-{slug(num)}-{local(person.iri)}#id",
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

    def statements(self, n: int) -> list[tuple[int, int]]:
        """``n`` (template, first theme) index pairs for the statements of one section, all
        different, so no two statements of a section are alike: a template's own words and the
        theme in quotation marks („…“) set each sentence apart from the others and from the
        section's other lines."""
        n_themes = len(self.theme_list)
        return [divmod(i, n_themes) for i in self.rnd.sample(range(len(STATEMENTS) * n_themes), n)]

    def claims(self, file, prefix, event, attributed, picks, city, scope, extra_mentions=()) -> None:
        """One statement said at ``event`` per pick of :meth:`statements`, each its own sentence
        of the text, anchored within the section ``scope``."""
        rnd = self.rnd
        themes = self.theme_list
        for k, (template_index, ai) in enumerate(picks, start=1):
            if k > 1 and self.done():
                break
            kind, reported, template = STATEMENTS[template_index]
            bi = rnd.randrange(len(themes) - 1)  # any theme but the first
            a, b = themes[ai], themes[bi + (bi >= ai)]
            place = self.place_ref(city)
            org = rnd.choice(self.orgs)
            text = template.format(a=a["de"], b=b["de"], p=place["name"], o=org["name"])
            c = Entity(f"claim/{prefix}/{k}#id", ["schema:Claim"], scope=scope)
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
            c.quotes.append(self.say(f"- {text}", text, scope=scope))
            self.put(file, c)

    def world_cafe(self, file, track, siri, snum, s, city, year) -> None:
        rnd = self.rnd
        tables = rnd.randint(3, 5)
        title = f"Session {snum}: World Café"
        self.section(title, f"Session {snum}: World Café", 4)
        q = self.say(QUOTES["world-cafe"].format(ref=snum, tables=tables))
        session = self.session_event(file, track, siri, snum, s, f"Session {snum}: World Café",
                                     f"Session {snum}: World Café", "world-cafe", q)
        self.line()
        for i, topic in enumerate(rnd.sample(self.theme_list, tables), start=1):
            if i > 1 and self.done():
                break
            person, org = self.person()
            tref = f"{snum}.{i}"
            tq = QUOTES["table"].format(ref=tref, theme=topic["de"], person=person._name, org=org["name"])
            self.say(f"- {tq}", tq)
            tiri = f"{siri[:-3]}/table-{i}#id"
            table = self.event(file, tiri, ["dgo:WorldCafeTable", "swc:SessionEvent"],
                               f"Tisch „{topic['de']}“ ({tref})", f"Table “{cap(topic['en'])}” ({tref})", tq)
            table.add("schema:position", str(i))
            table.add("schema:additionalType", "<format/world-cafe-table#id>")
            table.add("schema:superEvent", f"<{siri}>")
            table.add("schema:about", f"<{topic['iri']}>")
            session.add("schema:subEvent", f"<{tiri}>")
            self.built += 5
            role = self.role(file, f"participation/table-host-{slug(snum)}-{i}-{local(person.iri)}#id",
                             "table-host", "schema:performer", person, org, tq)
            table.add("schema:performer", f"<{person.iri}>")
            table.add("schema:performer", f"<{role.iri}>")
            self.built += 2
            self.line()
            scope = self.section(f"Diskussion am Tisch {tref} „{topic['de']}“",
                                 f"Discussion at table {tref} “{cap(topic['en'])}”", 5)
            gq = self.say(QUOTES["table-group"].format(ref=tref, theme=topic["de"]))
            group = self.group(file, f"group/table-{slug(tref)}#id", f"Teilnehmende am Tisch {tref}",
                               f"Participants at table {tref}", gq, table)
            self.claims(file, f"table-{slug(tref)}", table, [group.iri], self.statements(rnd.randint(4, 12)),
                        city, scope)
            self.line()

    def input(self, file, track, siri, snum, s, city, year) -> None:
        rnd = self.rnd
        person, org = self.person()
        topic = rnd.choice(self.theme_list)
        scope = self.section(f"Session {snum}: Input „{topic['de']}“", f"Session {snum}: Input “{cap(topic['en'])}”", 4)
        q = self.say(QUOTES["input"].format(ref=snum, person=person._name, org=org["name"], theme=topic["de"]))
        session = self.session_event(file, track, siri, snum, s, f"Session {snum}: Input „{topic['de']}“",
                                     f"Session {snum}: Input “{cap(topic['en'])}”", "input", q,
                                     types=("swc:TalkEvent", "conf:Talk"))
        session.add("schema:about", f"<{topic['iri']}>")
        self.built += 1
        role = self.role(file, f"participation/speaker-{slug(snum)}-{local(person.iri)}#id",
                         "speaker", "schema:performer", person, org, q)
        session.add("schema:performer", f"<{person.iri}>")
        session.add("schema:performer", f"<{role.iri}>")
        self.built += 2
        self.line()
        # Laws, programmes and documents the input names, with a timeline.
        state = rnd.choice(self.states)
        new_laws = []
        for _ in range(rnd.randint(1, 2)):
            name, name_en = self.naming.law(rnd.randrange(len(LAW_KINDS)), state)
            law_year = rnd.randint(1990, year)
            law = Entity(f"law/{self.new_slug(slug(name) + '-' + str(law_year))}#id",
                         ["schema:Legislation", "eli:LegalResource"])
            law.add("schema:name", lit(name, "de"))
            law.add("schema:alternateName", lit(name_en, "en"))
            law.add("schema:legislationJurisdiction", f"<{state['iri']}>")
            if state["name"] in self.ministries:
                law.add("schema:legislationResponsible", f"<{self.ministries[state['name']]['iri']}>")
            law.add("schema:legislationDate", typed(str(law_year), "gYear"))
            law.add("schema:about", f"<{rnd.choice(self.theme_list)['iri']}>")
            law.quotes.append(self.say(QUOTES["law"].format(law=name, year=law_year, state=state["name"])))
            self.put("laws.ttl", law)
            new_laws.append({"iri": law.iri, "name": name, "year": law_year})
        self.laws += new_laws
        if rnd.random() < 0.7 and self.laws:
            kind = rnd.randrange(len(INSTRUMENT_KINDS))
            name, name_en = self.naming.instrument(kind, state)
            types = ["dgo:PolicyInstrument", "schema:Project"] if "Modellprojekt" in name else ["dgo:PolicyInstrument"]
            ins = Entity(f"instrument/{self.new_slug(slug(name))}#id", types)
            ins.add("schema:name", lit(name, "de"))
            ins.add("schema:alternateName", lit(name_en, "en"))
            law = rnd.choice(self.laws)
            ins.add("schema:isBasedOn", f"<{law['iri']}>")
            ins.add("schema:areaServed", f"<{state['iri']}>")
            ins.add("schema:provider", f"<{rnd.choice(self.orgs)['iri']}>")
            ins.quotes.append(self.say(QUOTES["instrument"].format(law=law["name"], instrument=name, ref=snum)))
            self.put("laws.ttl", ins)
            self.instruments.append({"iri": ins.iri, "name": name})
        docs = []
        for _ in range(rnd.randint(0, 2)):
            kind = rnd.randrange(len(DOC_KINDS))
            _pattern, doc_type, bibo = DOC_KINDS[kind]
            name = self.naming.document(kind, rnd.choice(self.cities))
            d = Entity(f"doc/{self.new_slug(slug(name))}#id", [f"schema:{doc_type}", bibo])
            d.add("schema:name", lit(name, "de"))
            d.add("dct:issued", typed(f"{rnd.randint(1995, year)}-{rnd.randint(1, 12):02d}", "gYearMonth"))
            dq = QUOTES["document"].format(ref=snum, document=name)
            d.quotes.append(self.say(f"- {dq}", dq))
            self.put("laws.ttl", d)
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
            event = template.format(year=ty, state=state["name"], law=law["name"] if law else "",
                                    instrument=ins["name"] if ins else "", org=org2["name"], a=a["de"])
            ref = f"{snum}.{k + 1}"
            text = QUOTES["timeline"].format(event=event, ref=ref)
            te = Entity(f"timeline/{slug(ref)}-{ty}#id", ["dgo:TimelineEntry", "schema:Event", "prov:Activity"])
            te.add("schema:name", lit(f"{ty}: Zeitleiste {ref}", "de"))
            te.add("schema:name", lit(f"{ty}: timeline {ref}", "en"))
            te.add("schema:description", lit(text, "de"))
            te.add("schema:startDate", typed(str(ty), "gYear"))
            te.add("time:hasTime", f"<timeline/{slug(ref)}-{ty}#time>")
            te.add("schema:subjectOf", f"<{siri}>")
            te.add("schema:location", f"<{state['iri']}>")
            if "{law}" in template:
                te.add("schema:about", f"<{law['iri']}>")
            elif "{instrument}" in template:
                te.add("schema:about", f"<{ins['iri']}>")
                te.add("prov:wasAssociatedWith", f"<{org2['iri']}>")
            else:
                te.add("schema:about", f"<{a['iri']}>")
            te.quotes.append(self.say(f"- {text}", text))
            self.put(file, te)
            instant = Entity(f"timeline/{slug(ref)}-{ty}#time", ["time:Instant"])
            instant.add("time:inXSDgYear", typed(str(ty), "gYear"))
            self.put(file, instant)
        self.line()
        self.claims(file, f"input-{slug(snum)}", session, [person.iri], self.statements(rnd.randint(3, 8)), city,
                    scope, extra_mentions=[law["iri"] for law in new_laws] + docs)
        self.line()

    def panel(self, file, track, siri, snum, s, city, year) -> None:
        rnd = self.rnd
        topic = rnd.choice(self.theme_list)
        scope = self.section(f"Session {snum}: Podium „{topic['de']}“", f"Session {snum}: Panel “{cap(topic['en'])}”", 4)
        q = self.say(QUOTES["panel"].format(ref=snum, theme=topic["de"]))
        session = self.session_event(file, track, siri, snum, s, f"Session {snum}: Podium „{topic['de']}“",
                                     f"Session {snum}: Panel “{cap(topic['en'])}”", "panel-discussion", q,
                                     types=("swc:PanelEvent",))
        session.add("schema:about", f"<{topic['iri']}>")
        self.built += 1
        panelists = []
        for i, (person, org) in enumerate(self.people(rnd.randint(3, 5))):
            kind = "moderator" if i == 0 else "panelist"
            pq = QUOTES[kind].format(ref=snum, person=person._name, org=org["name"])
            self.say(f"- {pq}", pq)
            role = self.role(file, f"participation/{kind}-{slug(snum)}-{local(person.iri)}#id",
                             kind, "schema:performer", person, org, pq)
            session.add("schema:performer", f"<{person.iri}>")
            session.add("schema:performer", f"<{role.iri}>")
            self.built += 2
            panelists.append((person, kind))
        self.line()
        gq = self.say(QUOTES["audience"].format(ref=snum))
        audience = self.group(file, f"group/audience-{slug(snum)}#id", f"Publikum der Session {snum}",
                              f"Audience of session {snum}", gq, session)
        speakers = [(p.iri, local(p.iri)) for p, kind in panelists if kind == "panelist"]
        speakers.append((audience.iri, "publikum"))
        counts = [rnd.randint(2, 4) for _ in speakers[:-1]] + [rnd.randint(1, 3)]
        picks = self.statements(sum(counts))  # one draw: the statements of the section all differ
        for (who, name), n in zip(speakers, counts):
            self.claims(file, f"panel-{slug(snum)}-{name}", session, [who], picks[:n], city, scope)
            picks = picks[n:]
        self.line()

    # ------------------------------------------------------------ output

    def check(self) -> None:
        """The cheap guard: every quote of every entity was said (``say`` refuses to say one
        twice), and no statement repeats a quote said outside the sections."""
        for entities in self.files.values():
            for e in entities:
                for q in e.quotes:
                    seen = self.said if e.scope is None else self.said_in.get(e.scope, ())
                    if q not in seen:
                        raise SystemExit(f"generator bug: quote {q!r} of <{e.iri}> is not in the text")
        for scope, quotes in self.said_in.items():
            if not quotes.isdisjoint(self.said):
                raise SystemExit(f"generator bug: a statement of <{scope}> is a quote said elsewhere")

    def write(self, out: Path) -> None:
        self.check()
        text = "\n".join(self.lines) + "\n"
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
        if e.scope:
            lines.append(f"    dgo:anchorScope <{e.scope}>")
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

"""Whole-graph review (issue #3): generic integrity checks over every data file together.

The checklists (test_data_statements, test_data_events_people_and_roles, test_data_timeline, …)
compare the graph with the text fact by fact. These checks look across files for the classes
of mistakes a fresh-eyes review found when three people modelled the document in parallel: dangling links, the same thing under two IRIs, SKOS links that are not mirrored,
identifiers and names the text does not give, reported speech flagged by one file's rule and not
by another's, statements without a known kind, patterns (groups, numbers, schemes) that drift
apart between files. Each test fails on the kind of mistake it names; none lists expected data.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import pytest

# The Wikidata ids the modelling guide marks VERIFIED (shared/guides/modelling.md, section 2).
VERIFIED_WIKIDATA = {
    "Q183",   # Deutschland
    "Q218",   # Rumänien
    "Q219",   # Bulgarien
    "Q1198",  # Nordrhein-Westfalen
    "Q980",   # Bayern
    "Q985",   # Baden-Württemberg
    "Q1200",  # Rheinland-Pfalz
    "Q64",    # Berlin
    "Q1718",  # Düsseldorf
    "Q1295",  # Dortmund
    "Q2742",  # Münster
    "Q2112",  # Bielefeld
}
WIKIDATA = "http://www.wikidata.org/entity/"

# External IRIs a data file may link to besides the verified Wikidata entities: vocabularies and
# the ISO 639-1 code of the document's language. No URL of any document or organisation is known
# (the text's links are „[…](#)“), so nothing else may appear.
ALLOWED_EXTERNAL = (
    "https://schema.org/", "http://www.w3.org/", "http://xmlns.com/foaf/0.1/", "http://purl.org/",
    "http://data.europa.eu/eli/ontology#", "http://data.semanticweb.org/ns/swc/ontology#",
    "https://w3id.org/scholarlydata/ontology/", "http://rdfs.org/ns/void#",
    "http://persistence.uni-leipzig.org/nlp2rdf/", "http://id.loc.gov/vocabulary/iso639-1/",
    "http://creativecommons.org/", "https://creativecommons.org/",
)

# German subjunctive forms of indirect speech (Konjunktiv I, and Konjunktiv II where it stands in
# for it) — the rule of data/README.md for dgo:isReportedSpeech. Modal „sollte(n)“ and indicative
# „müssen“ are not markers: the same words are used in direct speech.
REPORTED_SPEECH = re.compile(
    r"\b(sei|seien|müsse|müssten|gelte|beziehe|führe|komme|könne|dürfe|mangle|befördere|"
    r"wären|hätten|habe|werde|solle|wolle|gebe|liege|bestehe)\b")

# Claims that carry two kinds because the sentence itself is both (data/README.md). Flip-chart
# notes carry the flip-chart kind and, where their heading names one, the heading's kind.
TWO_KINDS = {
    "claim/einleitung/2#id": {"finding", "challenge"},                 # „steht … vor der Herausforderung“
    "claim/session-1/soziale-netzwerke-6#id": {"question", "transfer-need"},  # „Fragen und Transferbedarf“
    "claim/session-3/segregation-4#id": {"finding", "research-need"},  # what research is (not) about
    "claim/session-3/steuerung-12#id": {"challenge", "research-need"},  # consequences + how to measure them
}


def fold(text: str) -> str:
    """Compare names loosely: NFC, case, ß/ss, hyphens, dashes and whitespace do not count."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ß", "ss")
    return re.sub(r"[\s\-‐–—_.,;:()„“\"'’]+", "", text)


@pytest.fixture(scope="module")
def source(settings) -> str:
    return unicodedata.normalize("NFC", settings.source_file.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def source_words(source) -> set[str]:
    return {w.casefold() for w in re.findall(r"\w+", source)}


def rel(settings, iri: str) -> str:
    return iri.removeprefix(settings.base_iri)


# ------------------------------------------------------------------ links

def test_no_dangling_internal_iris(select, settings):
    """Every IRI of the dataset used as an object is described (has a type) somewhere."""
    rows = select(f"""
        SELECT DISTINCT ?s ?p ?o WHERE {{
          ?s ?p ?o . FILTER(isIRI(?o) && ?p != rdf:type)
          FILTER(STRSTARTS(STR(?o), "{settings.base_iri}") && !STRSTARTS(STR(?o), "{settings.base_iri}ontology"))
          FILTER NOT EXISTS {{ ?o a ?type }} }}""")
    assert [(rel(settings, r["s"]), r["p"], rel(settings, r["o"])) for r in rows] == []


def test_only_known_external_iris(select, settings):
    """No invented URLs or ids: an external IRI is a vocabulary term or a verified Wikidata id."""
    rows = select(f"""
        SELECT DISTINCT ?s ?o WHERE {{
          ?s ?p ?o . FILTER(isIRI(?o) && !STRSTARTS(STR(?o), "{settings.base_iri}")) }}""")
    bad = [(rel(settings, r["s"]), r["o"]) for r in rows
           if not r["o"].startswith(ALLOWED_EXTERNAL)
           and not (r["o"].startswith(WIKIDATA) and r["o"][len(WIKIDATA):] in VERIFIED_WIKIDATA)]
    assert bad == []


def test_same_as_only_to_verified_wikidata_and_both_forms(select, settings):
    rows = select("""
        SELECT ?s ?p ?o WHERE { VALUES ?p { schema:sameAs owl:sameAs skos:exactMatch skos:closeMatch }
          ?s ?p ?o }""")
    assert rows, "the verified Wikidata links are missing"
    pairs = defaultdict(set)
    for r in rows:
        assert r["o"].startswith(WIKIDATA) and r["o"][len(WIKIDATA):] in VERIFIED_WIKIDATA, r
        pairs[(r["s"], r["o"])].add(r["p"].rsplit("/", 1)[1])
    # schema:sameAs and owl:sameAs go together (data/README.md), and one entity per Wikidata id.
    assert {k: v for k, v in pairs.items() if v != {"sameAs", "owl#sameAs"}} == {}
    by_target = defaultdict(set)
    for s, o in pairs:
        by_target[o].add(rel(settings, s))
    assert {o: s for o, s in by_target.items() if len(s) > 1} == {}


# ------------------------------------------------------------------ one entity per real thing

NAMED = """
    SELECT ?s ?type ?name ?kind WHERE {
      ?s a ?type .
      VALUES ?type { schema:Person schema:Organization schema:Place schema:City schema:State schema:Country
                     schema:Hotel schema:Legislation dgo:PolicyInstrument
                     schema:Report schema:NewsArticle schema:CreativeWork skos:Concept org:Post
                     schema:EventSeries dgo:ParticipantGroup }
      { ?s schema:name|skos:prefLabel ?name BIND("name" AS ?kind) }
      UNION { ?s schema:alternateName|skos:altLabel ?name BIND("alt" AS ?kind) }
      FILTER(LANG(?name) IN ("de", ""))
      FILTER(!STRSTARTS(STR(?s), STR(<claim/>))) }"""


def test_no_two_entities_share_a_german_name_within_a_type(select, settings):
    """Süssmuth/Süßmuth, an acronym and its long form, „Landtag NRW“ and „nordrhein-westfälischer
    Landtag“: a name or alternate name of one entity is never a name of another of the same type."""
    owners = defaultdict(set)
    for r in select(NAMED):
        owners[(r["type"], fold(r["name"]))].add(rel(settings, r["s"]))
    clashes = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    assert clashes == {}


def test_every_entity_has_one_german_name(select, settings):
    rows = select("""
        SELECT ?s (COUNT(DISTINCT ?name) AS ?n) WHERE {
          ?s a ?type . VALUES ?type { schema:Person schema:Organization schema:Place schema:City schema:State
                                      schema:Country schema:Hotel schema:Legislation dgo:PolicyInstrument schema:Event }
          OPTIONAL { ?s schema:name ?name FILTER(LANG(?name) IN ("de", "")) } } GROUP BY ?s""")
    assert [(rel(settings, r["s"]), r["n"]) for r in rows if r["n"] != "1"] == []


# ------------------------------------------------------------------ nothing the text lacks

def _word_in_text(word: str, words: set[str]) -> bool:
    """A word of a name is in the text, allowing for German inflection (westfälischer/-en)."""
    w = word.casefold()
    if w in words or w.isdigit():
        return True
    stem = w[: max(4, len(w) - 3)]
    return len(w) > 4 and any(t.startswith(stem) for t in words)


def test_alternate_names_come_from_the_text(select, settings, source, source_words):
    """German alternate and legal names are the text's own words (an acronym the text does not use,
    a full firm name from a web page, an expansion of „FAZ“ are outside knowledge: at most an
    skos:editorialNote). English names are translations and are not checked."""
    rows = select("""
        SELECT ?s ?name WHERE { ?s schema:alternateName|schema:legalName ?name .
          FILTER(LANG(?name) IN ("de", "")) }""")
    folded = fold(source)
    bad = [(rel(settings, r["s"]), r["name"]) for r in rows
           if fold(r["name"]) not in folded
           and not all(_word_in_text(w, source_words) for w in re.findall(r"\w+", r["name"]))]
    assert bad == []


def test_person_names_come_from_the_text(select, settings, source):
    """No invented first names: every name part of a person stands in the text as written."""
    rows = select("""
        SELECT ?p ?name WHERE { ?p a schema:Person .
          ?p schema:name|schema:givenName|schema:familyName|schema:additionalName|schema:alternateName
             |schema:honorificPrefix ?name }""")
    assert rows
    assert [(rel(settings, r["p"]), r["name"]) for r in rows if r["name"] not in source] == []


def test_years_come_from_the_text(select, settings, source):
    """Every date or year in the data is one the text gives (a decade „1980er“ gives 1980–1989);
    the forum's own dates are those of the header („3. und 4. November 2016“)."""
    rows = select("""
        SELECT DISTINCT ?s ?d WHERE { ?s ?p ?d .
          FILTER(isLiteral(?d) && DATATYPE(?d) IN (xsd:gYear, xsd:gYearMonth, xsd:date, xsd:dateTime))
          FILTER(!STRSTARTS(STR(?s), STR(<dataset/>))) }""")
    years = set(re.findall(r"\b(1[89]\d\d|20\d\d)\b", source))
    decades = {d for d in re.findall(r"\b(1[89]\d)0er\b", source)}
    bad = []
    for r in rows:
        year = r["d"][:4]
        if year not in years and year[:3] not in decades:
            bad.append((rel(settings, r["s"]), r["d"]))
    assert bad == []


# ------------------------------------------------------------------ SKOS

def test_broader_and_narrower_are_inverse(select, settings):
    rows = select("""
        SELECT ?a ?b WHERE { { ?a skos:broader ?b FILTER NOT EXISTS { ?b skos:narrower ?a } }
                       UNION { ?b skos:narrower ?a FILTER NOT EXISTS { ?a skos:broader ?b } } }""")
    assert [(rel(settings, r["a"]), rel(settings, r["b"])) for r in rows] == []


def test_related_is_symmetric_and_apart_from_the_hierarchy(select, settings):
    asym = select("SELECT ?a ?b WHERE { ?a skos:related ?b FILTER NOT EXISTS { ?b skos:related ?a } }")
    assert [(rel(settings, r["a"]), rel(settings, r["b"])) for r in asym] == []
    overlap = select("""
        SELECT ?a ?b WHERE { ?a skos:related ?b .
          { ?a skos:broader+ ?b } UNION { ?b skos:broader+ ?a } UNION { FILTER(?a = ?b) } }""")
    assert [(rel(settings, r["a"]), rel(settings, r["b"])) for r in overlap] == []


def test_hierarchy_has_no_cycles_and_one_broader(select, settings):
    assert select("SELECT ?a WHERE { ?a skos:broader+ ?a }") == []
    rows = select("SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a skos:broader ?b } GROUP BY ?a HAVING (COUNT(?b) > 1)")
    assert [rel(settings, r["a"]) for r in rows] == []


def test_every_concept_in_a_scheme_and_top_concepts_declared_both_ways(select, settings):
    no_scheme = select("SELECT ?c WHERE { ?c a skos:Concept FILTER NOT EXISTS { ?c skos:inScheme ?s } }")
    assert [rel(settings, r["c"]) for r in no_scheme] == []
    rows = select("""
        SELECT ?c ?s WHERE { { ?c skos:topConceptOf ?s FILTER NOT EXISTS { ?s skos:hasTopConcept ?c } }
                       UNION { ?s skos:hasTopConcept ?c FILTER NOT EXISTS { ?c skos:topConceptOf ?s } }
                       UNION { ?c skos:topConceptOf ?s ; skos:broader ?x } }""")
    assert [(rel(settings, r["c"]), rel(settings, r["s"])) for r in rows] == []
    orphans = select("""
        SELECT ?c WHERE { ?c a skos:Concept .
          FILTER NOT EXISTS { ?c skos:broader ?b } FILTER NOT EXISTS { ?c skos:topConceptOf ?s } }""")
    assert [rel(settings, r["c"]) for r in orphans] == []


def test_every_concept_labelled_in_german_and_english(select, settings):
    rows = select("""
        SELECT ?c WHERE {
          { ?c a skos:Concept FILTER NOT EXISTS { ?c skos:prefLabel ?de FILTER(LANG(?de) = "de") } }
          UNION { ?c a skos:Concept FILTER NOT EXISTS { ?c skos:prefLabel ?en FILTER(LANG(?en) = "en") } } }""")
    assert [rel(settings, r["c"]) for r in rows] == []


def test_named_things_have_an_english_label(select, settings):
    rows = select("""
        SELECT ?s WHERE { ?s schema:name ?de . FILTER(LANG(?de) = "de")
          FILTER NOT EXISTS { ?s schema:name|schema:alternateName ?en FILTER(LANG(?en) = "en") } }""")
    assert [rel(settings, r["s"]) for r in rows] == []


# ------------------------------------------------------------------ statements

def test_every_claim_has_known_kinds(select, settings):
    """At least one kind from the statement-type scheme; two only where the sentence is both
    (TWO_KINDS); flip-chart notes, and only they, carry the flip-chart kind."""
    rows = select("""
        SELECT ?c ?k ?scheme ?section WHERE { ?c a schema:Claim .
          OPTIONAL { ?c schema:additionalType ?k OPTIONAL { ?k skos:inScheme ?scheme } }
          OPTIONAL { ?a oa:hasBody ?c ; oa:hasTarget/dgo:inSection ?section } }""")
    kinds, sections = defaultdict(set), defaultdict(set)
    for r in rows:
        c = rel(settings, r["c"])
        assert r["k"] is not None, f"{c} has no kind"
        assert r["scheme"] == settings.base_iri + "statement-type/#scheme", (c, r["k"])
        kinds[c].add(r["k"].rsplit("/statement-type/", 1)[1].removesuffix("#id"))
        if r["section"]:
            sections[c].add(rel(settings, r["section"]))
    assert kinds
    for c, ks in kinds.items():
        in_appendix = any(s.startswith("doc/track-doku-2016/section/anhang-") for s in sections[c])
        assert ("flipchart-note" in ks) == in_appendix, (c, ks, sections[c])
        rest = ks - {"flipchart-note"}
        if in_appendix:
            assert len(rest) <= 2, (c, ks)
        elif len(ks) > 1:
            assert TWO_KINDS.get(c) == ks, (c, ks)


def test_reported_speech_flag_follows_the_subjunctive(select, settings):
    """dgo:isReportedSpeech true exactly where the sentence uses a subjunctive of indirect speech —
    the same rule in every file (not „sollte“, not „wurde festgestellt, dass …“)."""
    rows = select("""
        SELECT ?c ?text ?flag WHERE { ?c a schema:Claim ; schema:text ?text .
          OPTIONAL { ?c dgo:isReportedSpeech ?flag } }""")
    wrong = [(rel(settings, r["c"]), r["flag"], r["text"][:60]) for r in rows
             if bool(REPORTED_SPEECH.search(r["text"])) != (r["flag"] == "true")]
    assert wrong == []
    assert any(r["flag"] == "true" for r in rows)


def test_every_subjunctive_sentence_of_the_text_is_a_flagged_claim(select, source):
    """The text's sentences in indirect speech are all in the graph, as flagged claims."""
    flagged = " ".join(r["t"] for r in select(
        "SELECT ?t WHERE { ?c a schema:Claim ; dgo:isReportedSpeech true ; schema:text ?t }"))
    flat = " ".join(flagged.split())
    sentences = re.split(r"(?<=[.?!])\s+", " ".join(source.replace("[", "").replace("](#)", "").split()))
    missing = [s for s in sentences if REPORTED_SPEECH.search(s) and s.replace("\\", "") not in flat]
    assert missing == []


def test_claim_texts_are_the_source_sentences(select, settings, source):
    """schema:text is the text's wording in every file (link markup „[…](#)“ dropped; a sentence
    that introduces a bulleted list joins its items to it with „: “ and „; “)."""
    def flat(text: str) -> str:
        text = unicodedata.normalize("NFC", text).replace("[", "").replace("](#)", "").replace("\\", "")
        return " ".join(text.split())
    whole = flat(source)
    rows = select("SELECT ?c ?t WHERE { ?c a schema:Claim ; schema:text ?t }")
    assert rows
    bad = [rel(settings, r["c"]) for r in rows
           if flat(r["t"]) not in whole and not all(part in whole for part in re.split(r"(?<=:) |; ", flat(r["t"])))]
    assert bad == []


def test_claims_attributed_to_agents(select, settings):
    """Whoever a claim is attributed to is a person, an organisation or a typed group of agents."""
    rows = select("""
        SELECT DISTINCT ?a WHERE { ?c a schema:Claim ; prov:wasAttributedTo ?a .
          FILTER NOT EXISTS { ?a a schema:Person } FILTER NOT EXISTS { ?a a schema:Organization }
          FILTER NOT EXISTS { ?a a prov:Agent , foaf:Group } }""")
    assert [rel(settings, r["a"]) for r in rows] == []


def test_participant_groups_typed_alike(select, settings):
    """Every file types its participant groups the same way (no reasoner adds the superclasses)."""
    rows = select("""
        SELECT ?g WHERE { ?g a dgo:ParticipantGroup .
          FILTER NOT EXISTS { ?g a foaf:Group , prov:Agent ; schema:name ?n } }""")
    assert [rel(settings, r["g"]) for r in rows] == []


# ------------------------------------------------------------------ patterns shared by the files

def test_numbers_as_property_values(select, settings):
    """Counts the text gives are schema:additionalProperty → schema:PropertyValue (value, or
    minValue for „mehr als“) in every file, each with a propertyID and a German name."""
    rows = select("""
        SELECT ?s ?v WHERE { ?s schema:additionalProperty ?v .
          FILTER NOT EXISTS { ?v a schema:PropertyValue ; schema:propertyID ?id ; schema:name ?n .
                              FILTER(LANG(?n) = "de") } }""")
    assert [rel(settings, r["s"]) for r in rows] == []
    other = select("SELECT ?s WHERE { ?s schema:size|schema:numberOfItems ?q }")
    assert [rel(settings, r["s"]) for r in other] == []


def test_posts_name_their_role(select, settings):
    """Every org:Post says which org:Role it is and who holds it, both ways."""
    rows = select("""
        SELECT ?post WHERE {
          { ?post a org:Post FILTER NOT EXISTS { ?post org:role ?r . ?r a org:Role } }
          UNION { ?post a org:Post ; org:heldBy ?p FILTER NOT EXISTS { ?p org:holds ?post } }
          UNION { ?p org:holds ?post FILTER NOT EXISTS { ?post org:heldBy ?p } } }""")
    assert [rel(settings, r["post"]) for r in rows] == []


def test_event_hierarchy_mirrored(select, settings):
    rows = select("""
        SELECT ?a ?b WHERE { { ?a schema:subEvent ?b FILTER NOT EXISTS { ?b schema:superEvent ?a } }
                       UNION { ?b schema:superEvent ?a FILTER NOT EXISTS { ?a schema:subEvent ?b } } }""")
    assert [(rel(settings, r["a"]), rel(settings, r["b"])) for r in rows] == []


def test_units_mirrored(select, settings):
    rows = select("""
        SELECT ?u ?o WHERE {
          { ?u org:unitOf ?o FILTER NOT EXISTS { ?o org:hasUnit ?u } }
          UNION { ?o org:hasUnit ?u FILTER NOT EXISTS { ?u org:unitOf ?o } }
          UNION { ?u org:unitOf ?o FILTER NOT EXISTS { ?u schema:parentOrganization ?o } }
          UNION { ?u org:subOrganizationOf ?o FILTER NOT EXISTS { ?o org:hasSubOrganization ?u } }
          UNION { ?o org:hasSubOrganization ?u FILTER NOT EXISTS { ?u org:subOrganizationOf ?o } } }""")
    assert [(rel(settings, r["u"]), rel(settings, r["o"])) for r in rows] == []


def test_places_contained_up_to_a_country(select, settings):
    """Every place but a country or a supranational region lies (transitively) in a country — unless
    neither the text nor a verified source says where it lies (issue #15): then it has no
    containment at all and its editorial note says so."""
    rows = select("""
        SELECT DISTINCT ?p WHERE { ?p a ?type .
          VALUES ?type { schema:Place schema:City schema:State schema:Hotel schema:Country }
          FILTER NOT EXISTS { ?p a schema:Country }
          FILTER NOT EXISTS { ?p schema:containedInPlace+ ?c . ?c a schema:Country }
          FILTER NOT EXISTS { ?x schema:containedInPlace ?p . ?x a schema:Country }
          FILTER NOT EXISTS { ?p skos:editorialNote ?n FILTER(CONTAINS(?n, "in welchem Land"))
                              FILTER NOT EXISTS { ?p schema:containedInPlace ?any } } }""")
    assert [rel(settings, r["p"]) for r in rows] == []

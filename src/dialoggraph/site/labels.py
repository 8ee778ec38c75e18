"""Readable names for terms, German first, English beside it.

The names of the reused vocabularies' terms (schema.org, ORG, SKOS, PROV …) are ``rdfs:label`` names
in ``vocabulary-labels.ttl`` next to this module, read once per process; a project's ontology
names its own terms (``dgo:``) and overrides any other name the same way (its ``rdfs:label``
@de/@en, read from the ontology triples at build time). A term named nowhere gets a name made
from its local name (``legislationPassedBy`` → ``Legislation passed by``).

A property read backwards, for "referenced by" lists on the object's page, is named by a blank
node: ``[] owl:inverseOf schema:performer ; rdfs:label "Wirkt mit bei"@de, "Performer in"@en``
(``schema:performer`` from an event to a person reads "wirkt mit bei" on the person's page).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox

S = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
DCT = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
ELI = "http://data.europa.eu/eli/ontology#"
OA = "http://www.w3.org/ns/oa#"
SWC = "http://data.semanticweb.org/ns/swc/ontology#"
CONF = "https://w3id.org/scholarlydata/ontology/conference-ontology.owl#"
BIBO = "http://purl.org/ontology/bibo/"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"

VOCABULARY_LABELS = Path(__file__).with_name("vocabulary-labels.ttl")


@dataclass(frozen=True)
class TermNames:
    #: term IRI → (German, English)
    labels: dict[str, tuple[str, str]]
    #: term IRI → its comment (German, English)
    comments: dict[str, tuple[str, str]]
    #: property IRI → (German, English) read from object to subject
    inverse: dict[str, tuple[str, str]]


def read_names(triples) -> TermNames:
    """The ``rdfs:label`` names and comments of named terms and of inverse readings
    (blank nodes with ``owl:inverseOf``) among ``triples``: German (else untagged, else English,
    else any) and English (else the German); of several in one language, the smallest, so the
    order of the files does not matter."""
    lab: dict[str, dict[str, str]] = defaultdict(dict)
    com: dict[str, dict[str, str]] = defaultdict(dict)
    inverse_lab: dict[str, dict[str, str]] = defaultdict(dict)
    inverse_of: dict[str, str] = {}
    label, comment, inverse = RDFS + "label", RDFS + "comment", OWL + "inverseOf"
    for t in triples:
        s, p, o = t.subject, t.predicate.value, t.object
        if isinstance(s, ox.BlankNode):
            if p == inverse and isinstance(o, ox.NamedNode):
                inverse_of[s.value] = o.value
            elif p == label and isinstance(o, ox.Literal):
                _keep_first(inverse_lab[s.value], o)
        elif isinstance(s, ox.NamedNode) and isinstance(o, ox.Literal) and p in (label, comment):
            _keep_first((lab if p == label else com)[s.value], o)
    return TermNames({iri: _de_en(by_lang) for iri, by_lang in lab.items()},
                     {iri: _de_en(by_lang) for iri, by_lang in com.items()},
                     {inverse_of[b]: _de_en(by_lang) for b, by_lang in sorted(inverse_lab.items())
                      if b in inverse_of})


def _keep_first(by_lang: dict[str, str], literal: ox.Literal) -> None:
    lang = literal.language or ""
    prev = by_lang.get(lang)
    if prev is None or literal.value < prev:
        by_lang[lang] = literal.value


def _de_en(by_lang: dict[str, str]) -> tuple[str, str]:
    de = by_lang.get("de") or by_lang.get("") or by_lang.get("en") or min(by_lang.values())
    return de, by_lang.get("en") or de


@cache
def vocabulary() -> TermNames:
    """The names of the reused vocabularies' terms (``vocabulary-labels.ttl``)."""
    return read_names(ox.parse(path=str(VOCABULARY_LABELS), format=ox.RdfFormat.TURTLE))


def term_names(ontology) -> TermNames:
    """The vocabularies' names, overridden and extended by the project's ontology."""
    base, own = vocabulary(), read_names(ontology)
    return TermNames({**base.labels, **own.labels}, {**base.comments, **own.comments},
                     {**base.inverse, **own.inverse})


_WORD = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|_")


def local_name(iri: str) -> str:
    """The part after the last ``#`` or ``/`` (``https://schema.org/name`` → ``name``)."""
    for sep in ("#", "/"):
        if sep in iri:
            tail = iri.rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


def humanise(iri: str) -> str:
    """A readable name from a local name: ``legislationPassedBy`` → ``legislation passed by``."""
    words = _WORD.sub(" ", local_name(iri)).strip()
    return words[:1].upper() + words[1:].lower() if words else iri

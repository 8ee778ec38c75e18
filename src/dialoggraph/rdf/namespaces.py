"""The vocabularies the data uses: their namespaces, as rdflib namespaces for code and as the
fixed prefix table :data:`VOCABULARIES` (the dataset's own prefixes, which depend on the base IRI,
are added by :class:`dialoggraph.rdf.prefixes.Prefixes`).
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS as DCT, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO as SCHEMA, SH, SKOS, TIME, VOID, XSD

# rdflib's DefinedNamespaces above fail on a mistyped term instead of minting a new IRI; the
# vocabularies rdflib does not ship are plain Namespaces (use ``NS["term"]`` for terms that
# clash with str methods, e.g. ``title`` or ``format``).
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
SWC = Namespace("http://data.semanticweb.org/ns/swc/ontology#")
CONF = Namespace("https://w3id.org/scholarlydata/ontology/conference-ontology.owl#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
WD = Namespace("http://www.wikidata.org/entity/")
VANN = Namespace("http://purl.org/vocab/vann/")

#: Vocabulary prefixes that do not depend on the base IRI, in a fixed order (outputs are
#: deterministic, so the order of prefix lines is too).
VOCABULARIES: dict[str, str] = {
    "schema": str(SCHEMA),
    "org": str(ORG),
    "foaf": str(FOAF),
    "dct": str(DCT),
    "skos": str(SKOS),
    "prov": str(PROV),
    "time": str(TIME),
    "eli": str(ELI),
    "oa": str(OA),
    "swc": str(SWC),
    "conf": str(CONF),
    "bibo": str(BIBO),
    "void": str(VOID),
    "dcat": str(DCAT),
    "sh": str(SH),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "wd": str(WD),
    "vann": str(VANN),
}


"""Describe the anchored graph: a summary (triples, entities, classes, vocabularies) and the
VoID + DCAT description of the dataset; and figures for ``dialoggraph stats``.

Nothing here depends on the order of the triples. The build describes the graph from its sorted
N-Triples lines (:func:`summarise_lines`, in the validator process, which holds them); the
other commands from the triples (:func:`summarise`): the same summary either way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pyoxigraph as ox

from dialoggraph.config import Settings
from dialoggraph.rdf.namespaces import DCAT, DCT, FOAF, RDF, RDFS, SCHEMA, SKOS, VOID, XSD
from dialoggraph.rdf.prefixes import prefix_map

#: the dumps the VoID description lists as distributions: file → (media type, format name)
DUMPS = {
    "dataset.ttl": ("text/turtle", "Turtle"),
    "dataset.nt": ("application/n-triples", "N-Triples"),
    "dataset.jsonld": ("application/ld+json", "JSON-LD"),
}


@dataclass(frozen=True)
class GraphSummary:
    triples: int
    entities: int
    classes: Counter  # class IRI → number of instances
    vocabularies: list[str]
    #: one instance of each example class: the one the sorted dump lists first (VoID's examples)
    examples: tuple[str, ...] = ()


def summarise(settings: Settings, triples: list[ox.Triple]) -> GraphSummary:
    rdf_type = str(RDF.type)
    classes: Counter = Counter()
    entities = set()
    base = settings.base_iri
    predicates: set[str] = set()
    for t in triples:
        s = t.subject
        if isinstance(s, ox.NamedNode):
            s = s.value
            if s.startswith(base):
                entities.add(s)
        p = t.predicate.value
        if p == rdf_type:
            classes[t.object.value] += 1
        predicates.add(p)
    return GraphSummary(len(triples), len(entities), classes, _vocabularies(settings, predicates, classes),
                        tuple(_examples(triples, settings.profile.void.examples)))


def _vocabularies(settings: Settings, predicates: set[str], classes: Counter) -> list[str]:
    """Namespaces of the few distinct predicates and classes, not of every triple."""
    known = sorted(prefix_map(settings.base_iri).values(), key=len, reverse=True)
    used_ns = {_namespace_of(iri, known) for iri in predicates | set(classes)}
    used_ns.discard(None)
    own = {settings.base_iri, settings.shapes_ns}
    return sorted(ns for ns in used_ns if ns not in own)


def summarise_lines(settings: Settings, lines: list[bytes]) -> GraphSummary:
    """:func:`summarise` of the triples whose N-Triples lines (without `` .\n``) are ``lines``,
    sorted and without duplicates (:func:`dialoggraph.rdf.order.sorted_order`). A line is
    ``subject predicate object``: the subject and the predicate hold no space (an IRI in angle
    brackets, a blank node label), and a subject's lines are contiguous (its ``<…>`` or
    ``_:…`` and the space after it sort it apart from every other subject)."""
    base = b"<" + settings.base_iri.encode()
    rdf_type = b"<" + str(RDF.type).encode() + b">"
    example_classes = settings.profile.void.examples
    wanted = {b"<" + c.encode() + b">": c for c in example_classes}
    by_object: Counter = Counter()
    predicates: set[bytes] = set()
    examples: dict[str, str] = {}
    entities, last = 0, None
    for line in lines:
        s, p, o = line.split(b" ", 2)
        if s != last:
            last = s
            if s.startswith(base):
                entities += 1
        predicates.add(p)
        if p == rdf_type:
            by_object[o] += 1
            cls = wanted.get(o)
            if cls is not None and cls not in examples:  # the first line is the smallest subject
                examples[cls] = _term_value(s, line)
    classes: Counter = Counter()
    for o, n in by_object.items():
        classes[_term_value(o, line=None, whole=b"_:s " + rdf_type + b" " + o)] += n
    iris = {p[1:-1].decode() for p in predicates}
    return GraphSummary(len(lines), entities, classes, _vocabularies(settings, iris, classes),
                        tuple(examples[c] for c in example_classes if c in examples))


def _term_value(token: bytes, line: bytes | None, whole: bytes | None = None) -> str:
    """The ``.value`` of a term from its N-Triples form: an IRI's text, a blank node's label;
    anything else (a literal) as pyoxigraph parses it (``whole`` or ``line``: its triple)."""
    if token.startswith(b"<") and token.endswith(b">") and not token.startswith(b"<<"):
        return token[1:-1].decode()
    if token.startswith(b"_:") and b" " not in token:
        return token[2:].decode()
    quad = next(iter(ox.parse(input=(whole or line) + b" .\n", format=ox.RdfFormat.N_TRIPLES)))
    return quad.object.value if whole is not None else quad.subject.value


def _namespace_of(iri: str, known: list[str]) -> str | None:
    for ns in known:
        if iri.startswith(ns):
            return ns
    return None


def void_triples(settings: Settings, summary: GraphSummary, triples: list[ox.Triple] | None = None) -> list[ox.Triple]:
    """The VoID + DCAT description of the dataset (its example resources those of the summary
    unless ``triples`` are given)."""
    N, L = ox.NamedNode, ox.Literal
    base = settings.base_iri
    meta = settings.dataset
    ds = N(settings.dataset_iri)
    ds_doc = settings.dataset_iri.split("#", 1)[0]
    t = ox.Triple
    out = [
        t(ds, N(str(RDF.type)), N(str(VOID.Dataset))),
        t(ds, N(str(RDF.type)), N(str(DCAT.Dataset))),
        t(ds, N(str(DCT.title)), L(meta.title_de, language="de")),
        t(ds, N(str(DCT.title)), L(meta.title_en, language="en")),
        t(ds, N(str(DCT.description)), L(meta.description_de, language="de")),
        t(ds, N(str(DCT.description)), L(meta.description_en, language="en")),
        t(ds, N(str(DCT.license)), N(meta.license)),
        t(ds, N(str(DCT.source)), N(settings.source_document_iri)),
        t(ds, N(str(DCT.issued)), L(meta.issued, datatype=N(str(XSD.date)))),
        t(ds, N(str(DCT.created)), L(meta.issued, datatype=N(str(XSD.date)))),
        t(ds, N(str(DCT.language)), N("http://id.loc.gov/vocabulary/iso639-1/de")),
        t(ds, N(str(DCT.creator)), N(ds_doc + "#creator")),
        t(N(ds_doc + "#creator"), N(str(RDF.type)), N(str(FOAF.Agent))),
        t(N(ds_doc + "#creator"), N(str(FOAF.name)), L(meta.creator)),
        t(ds, N(str(DCT.conformsTo)), N(base + "shapes.ttl")),
        t(ds, N(str(VOID.uriSpace)), L(base)),
        t(ds, N(str(VOID.triples)), L(str(summary.triples), datatype=N(str(XSD.integer)))),
        t(ds, N(str(VOID.entities)), L(str(summary.entities), datatype=N(str(XSD.integer)))),
        t(ds, N(str(VOID.classes)), L(str(len(summary.classes)), datatype=N(str(XSD.integer)))),
        t(ds, N(str(VOID.sparqlEndpoint)), N(settings.sparql_endpoint or settings.served_endpoint)),
        t(ds, N(str(DCAT.landingPage)), N(base)),
    ]
    for ns in summary.vocabularies:
        out.append(t(ds, N(str(VOID.vocabulary)), N(ns)))
    for i, (cls, count) in enumerate(sorted(summary.classes.items()), start=1):
        part = N(f"{ds_doc}#class-{i}")
        out += [
            t(ds, N(str(VOID.classPartition)), part),
            t(part, N(str(VOID["class"])), N(cls)),
            t(part, N(str(VOID.entities)), L(str(count), datatype=N(str(XSD.integer)))),
        ]
    for example in (summary.examples if triples is None else _examples(triples, settings.profile.void.examples)):
        out.append(t(ds, N(str(VOID.exampleResource)), N(example)))
    for name, (media, label) in DUMPS.items():
        dist = N(f"{ds_doc}#dist-{name.rsplit('.', 1)[1]}")
        out += [
            t(ds, N(str(DCAT.distribution)), dist),
            t(ds, N(str(VOID.dataDump)), N(base + name)),
            t(dist, N(str(RDF.type)), N(str(DCAT.Distribution))),
            t(dist, N(str(DCT.title)), L(f"Datensatz als {label}", language="de")),
            t(dist, N(str(DCT.title)), L(f"Dataset as {label}", language="en")),
            t(dist, N(str(DCAT.downloadURL)), N(base + name)),
            t(dist, N(str(DCAT.accessURL)), N(base + name)),
            t(dist, N(str(DCAT.mediaType)), N(f"https://www.iana.org/assignments/media-types/{media}")),
            t(dist, N(str(DCT.format)), L(media)),
            t(dist, N(str(DCT.license)), N(meta.license)),
        ]
    return out


def _examples(triples: list[ox.Triple], classes: tuple[str, ...]) -> list[str]:
    """One instance of each example class (the profile's ``void.examples``): the one the sorted
    dump lists first (the smallest N-Triples form of the subject), whatever order ``triples``
    come in."""
    rdf_type = str(RDF.type)
    first: dict[str, tuple[str, str]] = {}
    for t in triples:
        if t.predicate.value == rdf_type and t.object.value in classes:
            cls, candidate = t.object.value, (str(t.subject), t.subject.value)
            if cls not in first or candidate < first[cls]:
                first[cls] = candidate
    return [first[c][1] for c in classes if c in first]



LABEL_PROPERTIES = (str(SCHEMA.name), str(SKOS.prefLabel), str(SKOS.altLabel), str(RDFS.label),
                    str(SCHEMA.alternateName), str(DCT.title))


def label_languages(triples: list[ox.Triple]) -> dict[str, int]:
    """Number of label literals per language tag ('' = no tag), for ``dialoggraph stats``."""
    counts: Counter = Counter()
    for t in triples:
        if t.predicate.value in LABEL_PROPERTIES and isinstance(t.object, ox.Literal):
            counts[t.object.language or ""] += 1
    return dict(sorted(counts.items()))

"""What an entity document says: one rule for the build's description files (``person/x.ttl``,
``.jsonld``, written by :mod:`dialoggraph.site`) and the server's answers from its store
(:mod:`dialoggraph.server.documents`), so a harvester gets the same graph either way.

The description of a document path is a *symmetric concise bounded description* of the
subjects on it, as Pubby and DBpedia serve them:

1. every triple whose subject is one of the document's subjects;
2. the triples of the blank nodes those lead to, transitively;
3. **incoming links**: the triples whose object is one of the document's subjects and whose
   subject is an IRI on another document (``rdf:type`` left out: class membership is what
   the class lists and VoID's class partitions are for) — at most :data:`INCOMING_LIMIT`
   per object and property, the subjects first in IRI order;
4. the label (one triple, the best by the site's label rule) of every IRI named in 1 or 3
   that is not a subject of the document — so a harvester that dereferences a person learns
   the titles of the statements that person made without fetching each one.

A group of incoming links that was cut says so in the document itself, in W3C Hydra terms::

    [] a hydra:Collection ;
       hydra:manages [ hydra:property schema:author ; hydra:object <…/person/x#id> ] ;
       hydra:totalItems 870 ;
       rdfs:comment "…100 of 870 are in this document…"@en .

i.e. "the subjects ``?s`` of ``?s schema:author <…/person/x#id>`` are 870"; all of them are in
the dataset's dump and its SPARQL endpoint. The blank nodes of such a statement are named from
the object and property, so a rebuild writes the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
HYDRA = "http://www.w3.org/ns/hydra/core#"

#: incoming links kept per object and property (a hub cited ten thousand times keeps 100)
INCOMING_LIMIT = 100

Triples = Callable[[str], Iterable[ox.Triple]]


def describe(subjects: Mapping[str, Sequence[ox.Triple]], blank_node: Triples, incoming: Triples,
             label: Callable[[str], ox.Triple | None], limit: int = INCOMING_LIMIT) -> list[ox.Triple]:
    """The description of a document (see the module documentation).

    ``subjects`` maps each subject IRI of the document to its triples; ``blank_node(id)`` gives
    a blank node's triples, ``incoming(iri)`` the triples whose object is ``iri`` (any order;
    those with a blank-node subject or ``rdf:type`` are skipped here), ``label(iri)`` the
    label triple of an IRI or ``None``."""
    out: list[ox.Triple] = []
    linked: dict[str, None] = {}  # IRIs whose label the description carries, in order
    todo: list[str] = []
    named, blank = ox.NamedNode, ox.BlankNode
    for triples in subjects.values():
        out.extend(triples)
        for t in triples:
            o = t.object
            if isinstance(o, named):
                if t.predicate.value != RDF_TYPE and o.value not in subjects:
                    linked[o.value] = None
            elif isinstance(o, blank):
                todo.append(o.value)
    seen: set[str] = set()
    while todo:
        b = todo.pop()
        if b in seen:
            continue
        seen.add(b)
        for t in blank_node(b):
            out.append(t)
            if isinstance(t.object, blank):
                todo.append(t.object.value)
    for iri in subjects:
        kept, cut = incoming_links(iri, incoming(iri), subjects, limit)
        out.extend(kept)
        out.extend(cut)
        for t in kept:
            linked[t.subject.value] = None
    for iri in linked:
        lt = label(iri)
        if lt is not None:
            out.append(lt)
    return out


def incoming_links(iri: str, triples: Iterable[ox.Triple], own: Mapping[str, object] | frozenset = frozenset(),
                   limit: int = INCOMING_LIMIT) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """The incoming links of ``iri`` a description keeps (by property, then subject IRI: at
    most ``limit`` per property) and the Hydra statements of the groups that were cut.
    Triples from a subject in ``own`` (the document's own subjects), from a blank node, with
    ``rdf:type`` or with another object are skipped."""
    by_property: dict[str, list[ox.Triple]] = {}
    target = ox.NamedNode(iri)
    for t in triples:
        s = t.subject
        if type(s) is not ox.NamedNode or s.value in own or t.object != target:
            continue
        p = t.predicate.value
        if p != RDF_TYPE:
            by_property.setdefault(p, []).append(t)
    kept: list[ox.Triple] = []
    cut: list[ox.Triple] = []
    for p in sorted(by_property):
        group = sorted(by_property[p], key=_subject_iri)
        kept.extend(group[:limit])
        if len(group) > limit:
            cut.extend(cut_statement(iri, p, len(group), limit))
    return kept, cut


def cut_statement(iri: str, predicate: str, total: int, shown: int) -> list[ox.Triple]:
    """Hydra: the subjects of ``?s predicate iri`` are ``total``; this document shows ``shown``."""
    digest = hashlib.sha1(f"{iri} {predicate}".encode()).hexdigest()[:20]
    collection, block = ox.BlankNode("incoming" + digest), ox.BlankNode("manages" + digest)
    n = ox.NamedNode
    return [
        ox.Triple(collection, n(RDF_TYPE), n(HYDRA + "Collection")),
        ox.Triple(collection, n(HYDRA + "manages"), block),
        ox.Triple(collection, n(HYDRA + "totalItems"), ox.Literal(str(total), datatype=n(XSD_INTEGER))),
        ox.Triple(collection, n(RDFS_COMMENT), ox.Literal(
            f"Eingehende Verweise über <{predicate}>: {shown} von {total} stehen in diesem Dokument "
            "(die ersten nach IRI); alle im Dump und im SPARQL-Endpunkt des Datensatzes.", language="de")),
        ox.Triple(collection, n(RDFS_COMMENT), ox.Literal(
            f"Incoming links via <{predicate}>: {shown} of {total} are in this document (the first "
            "by IRI); the dataset's dump and SPARQL endpoint hold all of them.", language="en")),
        ox.Triple(block, n(HYDRA + "property"), n(predicate)),
        ox.Triple(block, n(HYDRA + "object"), n(iri)),
    ]


def _subject_iri(t: ox.Triple) -> str:
    return t.subject.value

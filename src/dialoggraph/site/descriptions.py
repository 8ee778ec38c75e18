"""Each page's own description for machines, next to it: Turtle and JSON-LD of every triple
whose subject is on the page, the blank nodes they use, the incoming links (bounded per
property) and the labels of linked nodes — :func:`dialoggraph.rdf.description.describe`, the
rule the server describes documents by too (pyoxigraph's serializers; N-Triples and RDF/XML
come from the server, the whole graph from ``dataset.nt``).
The ontology's JSON-LD is written by the program's one JSON-LD writer
(:mod:`dialoggraph.export.jsonld`), in the dump's layout.
"""

from __future__ import annotations

import os

import pyoxigraph as ox

from dialoggraph.export.dumps import EXPORT_FILES
from dialoggraph.rdf.description import INCOMING_LIMIT, describe
from dialoggraph.rdf.paths import description_files
from dialoggraph.rdf.prefixes import Prefixes

from .index import SiteIndex
from .values import PLAIN_DATATYPES

COMMENT = ("# {iri}\n# Beschreibung: alle Tripel der Subjekte dieser Seite, die von ihnen "
           "benutzten leeren Knoten, eingehende Verweise (höchstens "
           f"{INCOMING_LIMIT} je Eigenschaft) und die Bezeichnungen verlinkter Knoten.\n"
           "# Description: every triple whose subject is on this page, the blank nodes they "
           f"use, incoming links (at most {INCOMING_LIMIT} per property) and the labels of "
           "linked nodes.\n")


def write_file(path: str, data: bytes) -> None:
    """Write a new file in one system call (the folder exists; pages are written once)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


class Descriptions:
    """Writes the descriptions of pages into the folder ``outs`` (ending in a separator).

    A page's Turtle declares only the prefixes (of ``prefixes.turtle``) it uses."""

    #: tables whose entries depend on their key, the settings and the ontology alone: an
    #: incremental build does not record reads of them (dialoggraph.incremental.reads)
    PURE_CACHES = ("_prefix_of",)

    def __init__(self, index: SiteIndex, base: str, outs: str, prefixes: Prefixes):
        self.index = index
        self.base = base
        self.outs = outs
        self.prefixes = prefixes
        self.ttl_prefixes = prefixes.turtle
        self._undeclared_base = self._undeclared_namespace()
        self._declared_in_base = tuple(ns for ns in self.ttl_prefixes.values() if ns.startswith(base))
        self._prefix_of: dict[str, str] = {}

    def triples(self, subjects: dict) -> list[ox.Triple]:
        """The page's description: its triples, the blank nodes they use, incoming links and the
        labels of linked nodes (:func:`dialoggraph.rdf.description.describe`)."""
        bnodes, incoming = self.index.bnodes, self.index.incoming
        return describe(subjects, lambda b: bnodes.get(b, ()), lambda iri: incoming.get(iri, ()),
                        self.index.label_triple)

    def write(self, dp: str, subjects: dict) -> None:
        files = description_files(dp)
        triples = self.triples(subjects)
        comment = COMMENT.format(iri=self.base + dp)
        if files["text/turtle"] not in EXPORT_FILES:  # the export's ontology.ttl stays
            write_file(self.outs + files["text/turtle"], comment.encode() + ox.serialize(
                triples, format=ox.RdfFormat.TURTLE, prefixes=self.used_prefixes(triples)))
        if files["application/ld+json"] not in EXPORT_FILES:
            # expanded JSON-LD straight from pyoxigraph: full IRIs, no context to fetch
            write_file(self.outs + files["application/ld+json"],
                       ox.serialize(triples, format=ox.RdfFormat.JSON_LD))

    def _undeclared_namespace(self) -> str | None:
        """The dataset's own namespace, whose IRIs (``dg:``/``dgs:``) get no prefix in Turtle —
        most IRIs of a page, each on that page only, so :meth:`used_prefixes` passes them by
        without looking them up (or caching them). ``None`` if a namespace of the table holds
        the base IRI: then every IRI is looked up."""
        if any(self.base.startswith(ns) and ns != self.base for ns, _prefix in self.prefixes.longest_first):
            return None
        return self.base

    def used_prefixes(self, triples) -> dict[str, str]:
        """The prefixes a page's Turtle uses: fewer @prefix lines, smaller files (on a disk where
        each 4 KiB block costs, that counts more than the look-ups)."""
        used = set()
        prefix_of = self._prefix_of
        named, literal = ox.NamedNode, ox.Literal
        own, declared_in_own = self._undeclared_base, self._declared_in_base
        compact, ttl = self.prefixes.compact, self.ttl_prefixes
        for t in triples:
            for term in (t.subject, t.predicate, t.object):
                kind = type(term)
                if kind is named:
                    v = term.value
                    if own is not None and v.startswith(own) and not v.startswith(declared_in_own):
                        continue
                elif kind is literal and term.language is None:
                    v = term.datatype.value
                else:
                    continue
                p = prefix_of.get(v)
                if p is None:
                    c = compact(v)
                    p = prefix_of[v] = c.split(":", 1)[0] if c != v and c.split(":", 1)[0] in ttl \
                        and v not in PLAIN_DATATYPES else ""
                if p:
                    used.add(p)
        return {p: ns for p, ns in ttl.items() if p in used}

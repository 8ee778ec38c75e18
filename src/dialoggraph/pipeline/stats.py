"""Figures about a graph that ``dialoggraph stats`` and the home page show."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox

from dialoggraph.rdf.namespaces import DCT, RDFS, SCHEMA, SKOS

LABEL_PROPERTIES = (str(SCHEMA.name), str(SKOS.prefLabel), str(SKOS.altLabel), str(RDFS.label),
                    str(SCHEMA.alternateName), str(DCT.title))


def label_languages(triples: list[ox.Triple]) -> dict[str, int]:
    """Number of label literals per language tag ('' = no tag)."""
    counts: Counter = Counter()
    for t in triples:
        if t.predicate.value in LABEL_PROPERTIES and isinstance(t.object, ox.Literal):
            counts[t.object.language or ""] += 1
    return dict(sorted(counts.items()))

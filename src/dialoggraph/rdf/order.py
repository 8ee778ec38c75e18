"""The deterministic order of triples: by subject, predicate and object in their N-Triples form.

Every output is written in this order, so two builds of the same input are the same bytes and a
change to the data shows as a small diff. Sorting also drops duplicates, and it groups each
subject's triples together, which the page index and the JSON-LD writer rely on.
"""

from __future__ import annotations

import pyoxigraph as ox


def sort_triples(triples) -> list[ox.Triple]:
    """Deterministic order: by subject, predicate, object in their N-Triples form; no duplicates.

    The N-Triples lines come from one pyoxigraph serialisation (a million ``str(t)`` calls
    cost more); sorting their UTF-8 bytes is sorting the strings by code point."""
    triples = list(triples)
    lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).split(b" .\n")
    lines.pop()  # after the last line's end
    out, last = [], None
    for i in sorted(range(len(lines)), key=lines.__getitem__):
        if lines[i] != last:
            out.append(triples[i])
            last = lines[i]
    return out

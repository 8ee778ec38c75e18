"""The deterministic order of triples: by subject, predicate and object in their N-Triples form.

Every output is written in this order, so two builds of the same input are the same bytes and a
change to the data shows as a small diff. Sorting also drops duplicates, and it groups each
subject's triples together, which the page index and the JSON-LD writer rely on.

The order is worked out on the N-Triples text alone (:func:`ntriples`, :func:`sorted_order`), so
a process that holds only that text — the build's validator — can sort for the process that
holds the triples, which then only picks them in that order (:func:`in_order`).
"""

from __future__ import annotations

from array import array

import pyoxigraph as ox


def ntriples(triples) -> bytes:
    """The N-Triples text of ``triples``, one line per triple in their order (one pyoxigraph
    serialisation: a million ``str(t)`` calls cost more). A line ends with `` .\\n`` and holds no
    other line break (N-Triples escapes them inside literals)."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def sorted_order(nt: bytes) -> tuple[array, list[bytes]]:
    """For the N-Triples text of a list of triples: the positions, in that list, of the distinct
    triples in sorted order (the first of duplicates), and their lines (without `` .\\n``).
    Sorting UTF-8 bytes is sorting the strings by code point."""
    lines = nt.split(b" .\n")
    lines.pop()  # after the last line's end
    order, unique, last = array("I"), [], None
    for i in sorted(range(len(lines)), key=lines.__getitem__):
        line = lines[i]
        if line != last:
            order.append(i)
            unique.append(line)
            last = line
    return order, unique


def in_order(triples: list[ox.Triple], order) -> list[ox.Triple]:
    return [triples[i] for i in order]


def sort_triples(triples) -> list[ox.Triple]:
    """Deterministic order: by subject, predicate, object in their N-Triples form; no duplicates."""
    triples = list(triples)
    return in_order(triples, sorted_order(ntriples(triples))[0])

"""The network picture: people, institutions, laws and sessions, connected directly or through a
node between them (a role, a statement, a timeline entry); an SVG made at build time, and the
same connections as a table."""

from __future__ import annotations

from collections import Counter, defaultdict

import pyoxigraph as ox

from ..drawing import Node, chord_layout
from ..index import shorten
from .common import site_file, write

NETWORK_NODE_LIMIT = 120
NETWORK_CONNECTOR_FANOUT = 20


def write_network(site) -> None:
    ix = site.index
    links = site.links
    root = "../"
    profile = site.profile.network
    kinds: dict[str, str] = {}  # node → its kind
    for iri, types in ix.types.items():
        kind = profile.kind_of(set(types))
        if kind is not None:
            kinds[iri] = kind
    skip_connectors, hubs = profile.skip, profile.hubs
    weights: Counter = Counter()

    def add(a, b):
        if a == b or kinds[a] == kinds[b]:
            return
        if kinds[a] not in hubs and kinds[b] not in hubs:
            return
        weights[(a, b) if a < b else (b, a)] += 1

    for dp in sorted(ix.pages):
        for s, triples in ix.pages[dp].items():
            if s in kinds:
                for t in triples:
                    o = t.object
                    if isinstance(o, ox.NamedNode) and o.value in kinds:
                        add(s, o.value)
                continue
            if set(ix.types.get(s, ())) & skip_connectors or s == site.settings.source_document_iri:
                continue
            near = set()
            for t in triples:
                o = t.object
                if isinstance(o, ox.NamedNode) and o.value in kinds:
                    near.add(o.value)
            for t in ix.incoming.get(s, ()):
                if t.subject.value in kinds:
                    near.add(t.subject.value)
            near = sorted(near)[:NETWORK_CONNECTOR_FANOUT]
            for i, a in enumerate(near):
                for b in near[i + 1:]:
                    add(a, b)
    degree: Counter = Counter()
    for (a, b) in weights:
        degree[a] += 1
        degree[b] += 1
    chosen = sorted(degree, key=lambda n: (-degree[n], ix.label(n).casefold(), n))[:NETWORK_NODE_LIMIT]
    chosen_set = set(chosen)
    nodes = [Node(iri, ix.label(iri), kinds[iri], links.href(iri, root), degree[iri]) for iri in chosen]
    pos = {n.iri: i for i, n in enumerate(nodes)}
    edges = sorted((pos[a], pos[b]) for (a, b) in weights if a in chosen_set and b in chosen_set)
    layout = chord_layout(nodes, edges, [k.key for k in profile.kinds]) if nodes else None
    if layout:
        for lab in layout["labels"]:
            lab["short"] = shorten(lab["node"].label, 34)
    # the same connections as a table (readable without the picture): a row for each node of the
    # first kind, a column for each other kind
    row_kind, columns = profile.kinds[0].key, [k.key for k in profile.kinds[1:]]
    people = sorted((n for n in nodes if n.kind == row_kind), key=lambda n: (n.label.casefold(), n.iri))
    neighbours = defaultdict(set)
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    rows = []
    for n in people:
        i = pos[n.iri]
        by_kind = defaultdict(list)
        for j in sorted(neighbours[i], key=lambda j: (nodes[j].label.casefold(), nodes[j].iri)):
            by_kind[nodes[j].kind].append(links.value(nodes[j].iri, root, with_note=False))
        rows.append({"value": links.value(n.iri, root, with_note=False), "cells": [by_kind[k] for k in columns]})
    counts = Counter(n.kind for n in nodes)
    write(site, site_file("network.html"), "network.html", layout=layout, rows=rows, counts=counts,
          kinds=profile.kinds, edge_count=len(edges), total_nodes=len(degree), limit=NETWORK_NODE_LIMIT)

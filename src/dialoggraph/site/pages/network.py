"""The network picture: people, institutions, laws and sessions, connected directly or through a
node between them (a role, a statement, a timeline entry); an SVG made at build time, and the
same connections as tables.

A connection is *participation* (someone performed at, organised, attended, spoke at an event;
belongs to, heads, founded an institution; passed a law …) or a *mention* (named in, or the
subject of, a statement or a timeline entry of the other). The profile's ``network.participation``
and ``network.mention`` decide by the link's property; a path through a node between two is
participation only when both of its links are (someone a timeline entry mentions, that entry a
subject of a session: a mention, not a participant). Links in neither list connect nothing (two
institutions serving the same place are not connected)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace

import pyoxigraph as ox

from ..drawing import Node, network_column, network_layout
from .common import site_file, write

NETWORK_NODE_LIMIT = 120
NETWORK_CONNECTOR_FANOUT = 20
PART, MENTION = "part", "mention"


def connections(site) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """(node → its kind, (node, node) → ``PART`` or ``MENTION``) of the whole graph; a pair has
    the stronger of the ways it is connected (participation over mention)."""
    ix = site.index
    profile = site.profile.network
    kinds: dict[str, str] = {}
    for iri, types in ix.types.items():
        kind = profile.kind_of(set(types))
        if kind is not None:
            kinds[iri] = kind
    hubs, skip = profile.hubs, profile.skip
    part_preds, mention_preds = profile.participation, profile.mention

    def link_type(pred: str) -> str | None:
        return PART if pred in part_preds else MENTION if pred in mention_preds else None

    pairs: dict[tuple[str, str], str] = {}

    def add(a: str, b: str, kind: str) -> None:
        if a == b or kinds[a] == kinds[b] or (kinds[a] not in hubs and kinds[b] not in hubs):
            return
        key = (a, b) if a < b else (b, a)
        if pairs.get(key) != PART:
            pairs[key] = kind

    source = site.settings.source_document_iri
    for dp in sorted(ix.pages):
        for s, triples in ix.pages[dp].items():
            if s in kinds:
                for t in triples:
                    o = t.object
                    if isinstance(o, ox.NamedNode) and o.value in kinds:
                        kind = link_type(t.predicate.value)
                        if kind:
                            add(s, o.value, kind)
                continue
            if s == source or not skip.isdisjoint(ix.types.get(s, ())):
                continue
            # a node between: each node of a kind it links (or that links it), with the stronger link
            near: dict[str, str] = {}
            for t in triples:
                o = t.object
                if isinstance(o, ox.NamedNode) and o.value in kinds:
                    kind = link_type(t.predicate.value)
                    if kind and near.get(o.value) != PART:
                        near[o.value] = kind
            for t in ix.incoming.get(s, ()):
                x = t.subject.value
                if x in kinds:
                    kind = link_type(t.predicate.value)
                    if kind and near.get(x) != PART:
                        near[x] = kind
            if len(near) < 2:
                continue
            chosen = sorted(near)[:NETWORK_CONNECTOR_FANOUT]
            for i, a in enumerate(chosen):
                for b in chosen[i + 1:]:
                    add(a, b, PART if near[a] == PART and near[b] == PART else MENTION)
    return kinds, pairs


#: colours for kinds in style.css (.hue-0 … .hue-5); a seventh kind takes the first again
KIND_COLOURS = 6


def write_network(site) -> None:
    ix = site.index
    links = site.links
    root = "../"
    profile = site.profile.network
    kinds, pairs = connections(site)
    degree: Counter = Counter()
    for (a, b) in pairs:
        degree[a] += 1
        degree[b] += 1
    chosen = sorted(degree, key=lambda n: (-degree[n], ix.label(n).casefold(), n))[:NETWORK_NODE_LIMIT]
    chosen_set = set(chosen)
    nodes = [Node(iri, ix.label(iri), kinds[iri], links.href(iri, root), degree[iri]) for iri in chosen]
    pos = {n.iri: i for i, n in enumerate(nodes)}
    edges = sorted((pos[a], pos[b], kind) for (a, b), kind in pairs.items() if a in chosen_set and b in chosen_set)
    kind_labels = {k.key: k.label_de for k in profile.kinds}
    layout = network_layout(nodes, edges, [k.key for k in profile.kinds], kind_labels) if nodes else None
    narrow = network_column([replace(n) for n in nodes], edges, [k.key for k in profile.kinds], kind_labels) if nodes else None
    counts = Counter(n.kind for n in nodes)
    type_counts = Counter(kind for _a, _b, kind in edges)
    # a kind's colour is its place in the profile's list (style.css: .hue-0 … .hue-5), so any
    # profile's kinds are told apart, whatever their keys
    hues = {k.key: i % KIND_COLOURS for i, k in enumerate(profile.kinds)}
    write(site, site_file("network.html"), "network.html", layout=layout, narrow=narrow, tables=_tables(site, nodes, edges, root),
          counts=counts, kinds=profile.kinds, kind_labels=kind_labels, edge_count=len(edges), hues=hues,
          part_count=type_counts[PART], mention_count=type_counts[MENTION], total_nodes=len(degree),
          limit=NETWORK_NODE_LIMIT)


def _tables(site, nodes: list[Node], edges: list[tuple[int, int, str]], root: str) -> list[dict]:
    """The connections of the picture as tables, readable without it: one for each kind of hub
    (in the profile's order), a row for each of its nodes and a column for each other kind that
    no earlier table has, so every connection is in one table; each cell with the participations
    first and then the mentions."""
    links = site.links
    profile = site.profile.network
    neighbours: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for a, b, kind in edges:
        neighbours[a].append((b, kind))
        neighbours[b].append((a, kind))
    order = lambda j: (nodes[j].label.casefold(), nodes[j].iri)  # noqa: E731
    tables, done = [], set()
    for row_kind in profile.kinds:
        if row_kind.key not in profile.hubs:
            continue
        done.add(row_kind.key)
        columns = [k for k in profile.kinds if k.key not in done]
        rows = []
        for i in sorted((i for i, n in enumerate(nodes) if n.kind == row_kind.key), key=order):
            cells = {k.key: {PART: [], MENTION: []} for k in columns}
            for j, kind in sorted(neighbours[i], key=lambda jk: order(jk[0])):
                if nodes[j].kind in cells:
                    cells[nodes[j].kind][kind].append(links.value(nodes[j].iri, root, with_note=False))
            if any(c[PART] or c[MENTION] for c in cells.values()):
                rows.append({"value": links.value(nodes[i].iri, root, with_note=False),
                             "cells": [cells[k.key] for k in columns]})
        if rows:
            tables.append({"kind": row_kind, "columns": columns, "rows": rows})
    return tables

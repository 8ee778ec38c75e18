"""Pictures made at build time as plain data for SVG templates: the timeline axis and the
network of people, institutions, laws and sessions. Layouts are deterministic (sorted input,
no randomness) and bounded (caps on entries and nodes), so they cost little on big graphs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass
class TimelineItem:
    iri: str
    label: str
    when: float  # 2005.0, 2001.5 …
    text: str  # the formatted date
    href: str | None
    kind: int = 0  # the index of its kind in the profile's timeline kinds
    level: int | None = None  # the index of its level in the profile's levels, None: not said
    n: int = 0  # its number on the axis and in the list


#: a run of this many years without an entry or more is one gap on the axis
TIMELINE_GAP = 5
#: at most this many columns (years and gaps) side by side; more, and the axis runs down the page
TIMELINE_COLUMNS = 30


def timeline_axis(items: list[TimelineItem], lanes: int, start: int | None = None, end: int | None = None) -> dict:
    """One axis for every entry: a row (or, on a wide screen, a column) per year, and in it a
    lane per level, holding that year's entries of that level in date order (``lanes``: the
    levels; entries without one go to a lane after them, drawn only when there are such entries).
    The axis covers the entries' years, and at least ``start`` to ``end`` when they are given; a
    run of :data:`TIMELINE_GAP` empty years or more is one gap ("1996–2003")."""
    years = [math.floor(i.when) for i in items]
    lo = min(years + ([start] if start is not None else []))
    hi = max(years + ([end] if end is not None else []))
    unplaced = any(i.level is None for i in items)
    count = lanes + (1 if unplaced else 0)
    by_year: dict[int, list[list[TimelineItem]]] = {}
    for item in items:
        cells = by_year.setdefault(math.floor(item.when), [[] for _ in range(count)])
        cells[lanes if item.level is None else item.level].append(item)
    rows: list[dict] = []
    y = lo
    while y <= hi:
        if y not in by_year:
            run = y
            while run + 1 <= hi and run + 1 not in by_year:
                run += 1
            if run - y + 1 >= TIMELINE_GAP:
                rows.append({"year": y, "to": run, "gap": True, "cells": []})
                y = run + 1
                continue
        cells = by_year.get(y)
        rows.append({"year": y, "to": y, "gap": False, "major": y % 5 == 0,
                     "cells": [(i, cell) for i, cell in enumerate(cells) if cell] if cells else []})
        y += 1
    return {"first": lo, "last": hi, "rows": rows, "lanes": count, "unplaced": unplaced,
            "horizontal": len(rows) <= TIMELINE_COLUMNS}


# ---------------------------------------------------------------------- text measure

#: advance widths in em of DejaVu Sans (the widest of the fonts the stylesheet names; measured in
#: Chromium): a label measured with them fits in any of the others
_WIDTHS = {0.28: "'ijl", 0.29: "IJ", 0.32: " ,.·", 0.34: "/:;\\|", 0.35: "f", 0.36: "-", 0.39: "()[]t",
           0.41: "r!", 0.46: '"', 0.5: "*_`–", 0.52: "s„“”‚‘’", 0.53: "?z", 0.55: "c", 0.56: "L", 0.58: "Fk",
           0.59: "vxy", 0.6: "P", 0.61: "TYaoäö", 0.63: "eéESbdghnpquüß0123456789$", 0.66: "K",
           0.69: "AVÄBRXZ", 0.7: "C", 0.73: "UÜ", 0.75: "HN", 0.78: "D&G", 0.79: "OQÖ", 0.82: "w",
           0.86: "M#+<=>^~", 0.97: "m%", 1.0: "W@—…"}
_WIDTH = {c: w for w, chars in _WIDTHS.items() for c in chars}


def text_width(text: str, size: float) -> float:
    """The width of ``text`` at font size ``size`` (px), as DejaVu Sans sets it (0.7 em for a
    letter not in the table)."""
    return sum(_WIDTH.get(c, 0.7) for c in text) * size


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` in lines no wider than ``width`` px, broken between words (a word wider than a
    line alone is broken after a hyphen or, failing that, where it must)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while text_width(word, size) > width:  # a word longer than a line
            cut = len(word)
            while cut > 1 and text_width(word[:cut], size) > width:
                cut -= 1
            hyphen = word.rfind("-", 0, cut)
            cut = hyphen + 1 if hyphen > 0 else cut
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines or [""]


# ---------------------------------------------------------------------- network


@dataclass
class Node:
    iri: str
    label: str
    kind: str  # a kind of the profile's network (person, org, law, session …)
    href: str | None
    degree: int = 0
    x: float = 0.0  # the dot
    y: float = 0.0
    idx: int = 0  # the node's place in the picture (and in the document)
    side: str = "right"
    lines: list = field(default_factory=list)
    text_x: float = 0.0
    text_y: float = 0.0  # the first line's baseline
    hit: tuple = (0.0, 0.0, 0.0, 0.0)  # x, y, width, height of the node's target


#: the network picture's measures, in px at its natural size
NET_WIDTH = 1040
NET_LABEL = 300  # the width of a side's labels
NET_FONT = 14
NET_LINE = 17
NET_PITCH = 28  # a node's height at least (a tap target of 24 px even at 0.86 of the natural size)
NET_HEADER = 30  # a kind's heading


def _node_height(n: Node) -> float:
    return max(NET_PITCH, len(n.lines) * NET_LINE + 10)


def network_layout(nodes: list[Node], edges: list[tuple[int, int, str]], kinds: list[str],
                   kind_labels: dict[str, str]) -> dict:
    """Nodes along the two sides of a ring — sorted into blocks by kind in the order of
    ``kinds``, down the right side and on up the left, split where both sides are about equally
    tall — with their full labels, horizontal and wrapped, outside the ring; edges as curves
    through the middle, so none passes behind a node. ``edges`` are (node, node, type) with
    indexes into ``nodes``.

    Within a kind, nodes are ordered by the mean place of their neighbours of other kinds (two
    barycentre sweeps), which shortens and bundles the curves. The result: the nodes in document
    order (left side top down, then the right side), each kind's blocks with their headings, the
    curves, and the picture's size."""
    by_kind: dict[str, list[Node]] = {k: [] for k in kinds}
    for n in nodes:
        by_kind[n.kind].append(n)
    for k in kinds:
        by_kind[k].sort(key=lambda n: (n.label.casefold(), n.iri))
    order = [n for k in kinds for n in by_kind[k]]
    neighbours: dict[int, list[int]] = {id(n): [] for n in nodes}
    for a, b, _t in edges:
        neighbours[id(nodes[a])].append(b)
        neighbours[id(nodes[b])].append(a)
    for _sweep in range(2):
        pos = {id(n): i for i, n in enumerate(order)}
        new_order = []
        for k in kinds:
            group = by_kind[k]
            if not group:
                continue
            first = pos[id(group[0])]

            def bary(n: Node, first=first) -> tuple:
                ns = [pos[id(nodes[j])] for j in neighbours[id(n)] if nodes[j].kind != n.kind]
                return (sum(ns) / len(ns) if ns else first, n.label.casefold(), n.iri)

            group.sort(key=bary)
            new_order.extend(group)
        order = new_order
    for n in order:
        n.lines = wrap(n.label, NET_LABEL - 6, NET_FONT)
    # the ring's order cut in two: the first part down the right side, the rest up the left side
    def side_height(part: list[Node]) -> float:
        return sum(_node_height(n) for n in part) + len({n.kind for n in part}) * NET_HEADER

    best = None
    for cut in range(len(order) + 1):
        tall = max(side_height(order[:cut]), side_height(order[cut:]))
        if best is None or tall < best[0]:
            best = (tall, cut)
    cut = best[1]
    right_nodes = order[:cut]
    left_nodes = order[cut:][::-1]
    # a side's blocks: consecutive nodes of one kind (a kind cut in two keeps its heading on both)
    x_dot = {"left": NET_LABEL + 12, "right": NET_WIDTH - NET_LABEL - 12}
    top = 8
    height = best[0] + top * 2
    blocks = []
    placed: list[Node] = []
    for side, members in (("left", left_nodes), ("right", right_nodes)):
        if not members:
            continue
        need = side_height(members)
        slack = (height - top * 2 - need) / (len(members) + 1)
        y = top + slack / 2
        block = None
        for n in members:
            if block is None or block["kind"] != n.kind:
                shown_before = any(b["kind"] == n.kind for b in blocks)
                block = {"kind": n.kind, "side": side, "label": kind_labels.get(n.kind, n.kind),
                         "continued": shown_before, "nodes": [],
                         "x": NET_LABEL if side == "left" else NET_WIDTH - NET_LABEL,
                         "y": round(y + 20, 1)}
                blocks.append(block)
                y += NET_HEADER
            h = _node_height(n)
            n.side = side
            n.x = x_dot[side]
            n.y = round(y + h / 2, 1)
            n.text_x = NET_LABEL if side == "left" else NET_WIDTH - NET_LABEL
            n.text_y = round(n.y - (len(n.lines) - 1) * NET_LINE / 2 + NET_FONT * 0.35, 1)
            width = max(text_width(line, NET_FONT) for line in n.lines) * 1.1 + 20  # room for bold
            hit_x = n.text_x - width + 14 if side == "left" else n.text_x - 14
            n.hit = (round(hit_x, 1), round(y + 1, 1), round(width, 1), round(h - 2, 1))
            block["nodes"].append(n)
            placed.append(n)
            y += h + slack
    for i, n in enumerate(placed):
        n.idx = i
    inner = x_dot["right"] - x_dot["left"]
    paths = []
    for a, b, kind in edges:
        na, nb = nodes[a], nodes[b]
        if na.idx > nb.idx:
            na, nb = nb, na
        if na.side == nb.side:
            bend = min(0.35 * abs(na.y - nb.y) + 40, inner * 0.8) * (1 if na.side == "left" else -1)
            d = f"M{na.x},{na.y} C{na.x + bend:.1f},{na.y} {nb.x + bend:.1f},{nb.y} {nb.x},{nb.y}"
        else:
            pull = inner / 2
            d = f"M{na.x},{na.y} C{na.x + pull:.1f},{na.y} {nb.x - pull:.1f},{nb.y} {nb.x},{nb.y}"
        paths.append({"d": d, "a": na.idx, "b": nb.idx, "type": kind})
    paths.sort(key=lambda p: (p["type"] != "mention", p["a"], p["b"]))  # participation drawn on top
    return {"width": NET_WIDTH, "height": round(height), "nodes": placed, "blocks": blocks, "paths": paths,
            "font": NET_FONT, "line": NET_LINE}


#: the narrow picture (phones): one column of nodes, their links as arcs on its left
NARROW_WIDTH = 360
NARROW_ARCS = 104  # the width the arcs bend into
NARROW_LABEL = NARROW_WIDTH - NARROW_ARCS - 22


def network_column(nodes: list[Node], edges: list[tuple[int, int, str]], kinds: list[str],
                   kind_labels: dict[str, str]) -> dict:
    """The same network for a narrow screen: the nodes down one column in the order of the wide
    picture's ring (kinds in blocks, neighbours near each other), their full labels on the right,
    each link an arc on the left bending further the further apart its ends are. ``nodes`` are
    copies of the wide picture's (their places are set here)."""
    wide = network_layout(nodes, edges, kinds, kind_labels)  # its ring's order
    ring = [n for b in wide["blocks"] if b["side"] == "right" for n in b["nodes"]]
    ring += [n for b in wide["blocks"][::-1] if b["side"] == "left" for n in b["nodes"][::-1]]
    x_dot = NARROW_ARCS + 8
    text_x = x_dot + 14
    y, blocks, block = 8.0, [], None
    for i, n in enumerate(ring):
        n.lines = wrap(n.label, NARROW_LABEL, NET_FONT)
        if block is None or block["kind"] != n.kind:
            block = {"kind": n.kind, "side": "right", "label": kind_labels.get(n.kind, n.kind),
                     "continued": any(b["kind"] == n.kind for b in blocks), "nodes": [], "x": text_x,
                     "y": round(y + 20, 1)}
            blocks.append(block)
            y += NET_HEADER
        h = _node_height(n)
        n.idx, n.side, n.x, n.y = i, "right", x_dot, round(y + h / 2, 1)
        n.text_x = text_x
        n.text_y = round(n.y - (len(n.lines) - 1) * NET_LINE / 2 + NET_FONT * 0.35, 1)
        width = max(text_width(line, NET_FONT) for line in n.lines) * 1.1 + 26  # room for bold
        n.hit = (round(x_dot - 10, 1), round(y + 1, 1), round(min(width, NARROW_WIDTH - x_dot + 10), 1),
                 round(h - 2, 1))
        block["nodes"].append(n)
        y += h
    paths = []
    for a, b, kind in edges:
        na, nb = nodes[a], nodes[b]
        if na.idx > nb.idx:
            na, nb = nb, na
        bend = min(10 + 0.07 * (nb.y - na.y), NARROW_ARCS)
        d = f"M{na.x},{na.y} C{na.x - bend:.1f},{na.y} {nb.x - bend:.1f},{nb.y} {nb.x},{nb.y}"
        paths.append({"d": d, "a": na.idx, "b": nb.idx, "type": kind})
    paths.sort(key=lambda p: (p["type"] != "mention", p["a"], p["b"]))
    return {"width": NARROW_WIDTH, "height": round(y + 8), "nodes": ring, "blocks": blocks, "paths": paths,
            "font": NET_FONT, "line": NET_LINE}

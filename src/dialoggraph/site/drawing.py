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


YEAR_LABEL_WIDTH = 34  # px a year's number needs on the axis


def timeline_axis(items: list[TimelineItem], start: int | None = None, end: int | None = None,
                  width: int = 960, row: int = 24) -> dict:
    """An overview axis: ticks per year, one dot per entry, dots of one year stacked. The axis
    covers the entries' years, and at least ``start`` to ``end`` when they are given."""
    years = [math.floor(i.when) for i in items]
    lo = min(years + ([start] if start is not None else []))
    hi = max(years + ([end] if end is not None else []))
    left, right = 40, width - 20
    span = max(hi - lo + 1, 1)
    step = (right - left) / span

    def x(v: float) -> float:
        return round(left + (v - lo) * step + step / 2 if v == int(v) else left + (v - lo) * step, 1)

    every_year = step >= YEAR_LABEL_WIDTH  # room for each year's number; else every fifth year's
    ticks = [{"x": round(left + (y - lo) * step + step / 2, 1), "year": y, "major": y % 5 == 0,
              "label": every_year or y % 5 == 0} for y in range(lo, hi + 1)]
    stack: dict[int, int] = {}
    dots = []
    for n, item in enumerate(items, start=1):
        key = math.floor(item.when)
        level = stack.get(key, 0)
        stack[key] = level + 1
        dots.append({"x": x(item.when), "level": level, "n": n, "item": item})
    top = max(stack.values(), default=1)
    height = 70 + top * row
    axis_y = height - 34
    for d in dots:
        d["y"] = axis_y - 18 - d["level"] * row
    return {"width": width, "height": height, "axis_y": axis_y, "left": left, "right": right,
            "ticks": ticks, "dots": dots}


@dataclass
class Node:
    iri: str
    label: str
    kind: str  # a kind of the profile's network (person, org, law, session …)
    href: str | None
    degree: int = 0
    x: float = 0.0
    y: float = 0.0
    angle: float = 0.0
    idx: int = 0
    edges: list = field(default_factory=list)


def chord_layout(nodes: list[Node], edges: list[tuple[int, int]], kinds: list[str], size: int = 1000,
                 radius: float = 300.0) -> dict:
    """Nodes on a circle in sectors by kind (in the order of ``kinds``); edges as curves through
    the middle.

    Within a sector, nodes are ordered by the mean position of their neighbours in the other
    sectors (one barycentre sweep), which shortens and bundles the curves."""
    by_kind: dict[str, list[Node]] = {k: [] for k in kinds}
    for n in nodes:
        by_kind[n.kind].append(n)
    for k in kinds:
        by_kind[k].sort(key=lambda n: (n.label.casefold(), n.iri))
    order = [n for k in kinds for n in by_kind[k]]
    neighbours: dict[int, list[int]] = {id(n): [] for n in nodes}
    for a, b in edges:
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
    gap = 2  # empty slots between sectors
    slots = len(order) + gap * sum(1 for k in kinds if by_kind[k])
    cx = cy = size / 2
    i = 0
    sectors = []
    for k in kinds:
        group = by_kind[k]
        if not group:
            continue
        first_angle = None
        for n in group:
            angle = 2 * math.pi * i / max(slots, 1) - math.pi / 2
            n.angle = angle
            n.x = round(cx + radius * math.cos(angle), 1)
            n.y = round(cy + radius * math.sin(angle), 1)
            if first_angle is None:
                first_angle = angle
            i += 1
        sectors.append({"kind": k, "start": first_angle, "end": n.angle, "count": len(group)})
        i += gap
    for idx, n in enumerate(order):
        n.idx = idx
    paths = []
    for a, b in edges:
        na, nb = nodes[a], nodes[b]
        paths.append({"d": f"M{na.x},{na.y} Q{cx},{cy} {nb.x},{nb.y}", "a": na.idx, "b": nb.idx})
    labels = []
    for n in order:
        deg = math.degrees(n.angle)
        right = -90 <= deg <= 90
        lx = round(cx + (radius + 10) * math.cos(n.angle), 1)
        ly = round(cy + (radius + 10) * math.sin(n.angle), 1)
        rot = round(deg if right else deg + 180, 2)
        labels.append({"node": n, "x": lx, "y": ly, "rotate": rot, "anchor": "start" if right else "end"})
    paths.sort(key=lambda p: (p["a"], p["b"]))
    return {"size": size, "cx": cx, "cy": cy, "radius": radius, "nodes": order, "paths": paths,
            "labels": labels}

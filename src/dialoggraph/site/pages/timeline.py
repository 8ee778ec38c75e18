"""The timeline: every dated entry on one axis — the timeline's own entries and the other dated
things of the profile's classes (laws, institutions, reports …) — with a marker by kind and a
lane by level (federal, state …), and the same entries as a numbered list.

The level is read from the data: the class of a place the entry names through one of the
profile's ``timeline.level_from`` properties (jurisdiction, area served, place), the first
property that names one; an entry whose data names no such place has no level and stays in a lane
of its own."""

from __future__ import annotations

import math

import pyoxigraph as ox

from dialoggraph.rdf.paths import document_path

from ..drawing import TimelineItem, timeline_axis
from ..values import format_literal, year_of
from .common import site_file, write

#: entries on the axis and in the list at most (the timeline's own first, then the others)
TIMELINE_LIMIT = 400


def triples_of(site, iri: str) -> list[ox.Triple]:
    dp = document_path(iri, site.base)
    return site.index.pages.get(dp, {}).get(iri, ()) if dp is not None else ()


def date_of(site, iri: str):
    """(position on the axis, the date as text, as written) of a node's first date, or ``None``."""
    triples = triples_of(site, iri)
    for pred in site.profile.timeline.dates:
        for t in triples:
            if t.predicate.value == pred and isinstance(t.object, ox.Literal):
                when = year_of(t.object)
                if when is not None:
                    return when, format_literal(t.object)[1], t.object.value
    return None


def level_of(site, iri: str) -> tuple[int | None, list[str]]:
    """(the index of a node's level in the profile's levels, the places it is read from), or
    ``(None, [])`` when its data names no place of a level."""
    profile = site.profile.timeline
    triples = triples_of(site, iri)
    types = site.index.types
    for pred in profile.level_from:
        found: dict[int, list[str]] = {}
        for t in triples:
            if t.predicate.value == pred and isinstance(t.object, ox.NamedNode):
                place = set(types.get(t.object.value, ()))
                for i, level in enumerate(profile.levels):
                    if level.holds(place):
                        found.setdefault(i, []).append(t.object.value)
                        break
        if found:
            first = min(found)
            return first, sorted(set(found[first]))
    return None, []


def write_timeline(site) -> None:
    ix = site.index
    links = site.links
    root = "../"
    profile = site.profile.timeline
    entry_cls = profile.entry_class
    entries = []
    for iri in sorted(set(ix.instances.get(entry_cls, []))):
        d = date_of(site, iri)
        if d is not None:
            entries.append((d[0], ix.label(iri).casefold(), iri, d[1], d[2]))
    # the other dated things (laws, reports, foundings) of the years the profile names
    others = set()
    lo, hi = profile.window or (-math.inf, math.inf)
    for cls in profile.others:
        for iri in ix.instances.get(cls, []):
            if entry_cls in ix.types.get(iri, ()):
                continue
            d = date_of(site, iri)
            if d and lo <= d[0] < hi:
                others.add((d[0], ix.label(iri).casefold(), iri, d[1], d[2]))
    total = len(entries) + len(others)
    chosen = sorted(entries)[:TIMELINE_LIMIT]
    chosen += sorted(others)[:TIMELINE_LIMIT - len(chosen)]
    chosen.sort()
    kind_index = {k.key: i for i, k in enumerate(profile.kinds)}
    items, views = [], []
    for n, (when, _k, iri, text, raw) in enumerate(chosen, start=1):
        kind = profile.kind_of(set(ix.types.get(iri, ())))
        level, places = level_of(site, iri)
        item = TimelineItem(iri, ix.label(iri), when, text, links.href(iri, root), kind_index.get(kind, len(profile.kinds)),
                            level, n)
        items.append(item)
        views.append({"n": n, "item": item, "value": links.value(iri, root, with_note=False), "when": text, "raw": raw,
                      "own": entry_cls in ix.types.get(iri, ()), "description": ix.description(iri),
                      "places": [links.value(p, root, with_note=False) for p in places],
                      "passages": len(ix.passages_of.get(iri, []))})
    axis = timeline_axis(items, len(profile.levels), *(profile.axis or ())) if items else None
    write(site, site_file("timeline.html"), "timeline.html", items=views, axis=axis, kinds=profile.kinds,
          levels=profile.levels, total=total, own=len(entries), entry_class=site.links.curie(entry_cls))

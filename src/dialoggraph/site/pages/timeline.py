"""The timeline: dated entries on an axis and as a list, with other dated things of those years."""

from __future__ import annotations

import math

import pyoxigraph as ox

from dialoggraph.rdf.paths import document_path

from ..drawing import TimelineItem, timeline_axis
from ..values import format_literal, year_of
from .common import site_file, write

def date_of(site, iri: str):
    """(position on the axis, the date as text, as written) of a node's first date, or ``None``."""
    dp = document_path(iri, site.base)
    triples = site.index.pages.get(dp, {}).get(iri, ()) if dp is not None else ()
    for pred in site.profile.timeline.dates:
        for t in triples:
            if t.predicate.value == pred and isinstance(t.object, ox.Literal):
                when = year_of(t.object)
                if when is not None:
                    return when, format_literal(t.object)[1], t.object.value
    return None


def write_timeline(site) -> None:
    ix = site.index
    links = site.links
    root = "../"
    profile = site.profile.timeline
    entry_cls = profile.entry_class
    items = []
    for iri in sorted(set(ix.instances.get(entry_cls, []))):
        d = date_of(site, iri)
        if d is None:
            continue
        when, text, raw = d
        items.append((when, ix.label(iri).casefold(), iri, text, raw))
    items.sort()
    views = []
    for n, (when, _k, iri, text, raw) in enumerate(items, start=1):
        desc = ix.description(iri)
        views.append({"n": n, "value": links.value(iri, root, with_note=False), "when": text, "raw": raw,
                      "year": int(math.floor(when)), "description": desc,
                      "passages": len(ix.passages_of.get(iri, []))})
    axis_items = [TimelineItem(iri, ix.label(iri), when, text, links.href(iri, root))
                  for when, _k, iri, text, _raw in items[:400]]
    axis = timeline_axis(axis_items, *(profile.axis or ())) if axis_items else None
    # other dated things (laws, documents, foundings) in the same years, for context
    others = []
    lo, hi = profile.window or (-math.inf, math.inf)
    for cls in profile.others:
        for iri in ix.instances.get(cls, []):
            if entry_cls in ix.types.get(iri, ()):
                continue
            d = date_of(site, iri)
            if d and lo <= d[0] < hi:
                others.append((d[0], ix.label(iri).casefold(), iri, d[1], d[2]))
    others = sorted(set(others))[:300]
    other_views = [{"value": links.value(iri, root), "when": text, "raw": raw}
                   for _w, _k, iri, text, raw in others]
    write(site, site_file("timeline.html"), "timeline.html", items=views, axis=axis, others=other_views,
          entry_class=site.links.curie(entry_cls))

"""The themes: each SKOS scheme's hierarchy, with what concerns each concept, grouped by kind."""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox

from dialoggraph.rdf.paths import document_path

from .. import labels as L
from .common import site_file, write

THEME_BUCKET_LIMIT = 40


def write_themes(site) -> None:
    ix = site.index
    value = site.links.value
    profile = site.profile.themes
    root = "../"
    scheme_cls = L.SKOS + "ConceptScheme"

    def is_theme(scheme: str) -> bool:
        return (document_path(scheme, site.base) or "").startswith(profile.schemes)

    schemes = sorted(set(ix.instances.get(scheme_cls, [])), key=lambda s: (not is_theme(s), ix.label(s).casefold()))

    def outgoing(iri, pred):
        dp = document_path(iri, site.base)
        return sorted({t.object.value for t in ix.pages.get(dp, {}).get(iri, ())
                       if t.predicate.value == pred and isinstance(t.object, ox.NamedNode)})

    def incoming(iri, preds):
        return sorted({t.subject.value for t in ix.incoming.get(iri, ()) if t.predicate.value in preds})

    def concept_view(c, seen, depth):
        items = defaultdict(list)
        for s in incoming(c, profile.about):
            items[profile.group_of(set(ix.types.get(s, ())))].append(s)
        buckets = []
        for group in profile.groups:
            members = sorted(items.get(group.key, []), key=lambda i: (ix.label(i).casefold(), i))
            if members:
                buckets.append({"key": group.key, "label": group.label_de, "en": group.label_en, "count": len(members),
                                "values": [value(m, root, with_note=False) for m in members[:THEME_BUCKET_LIMIT]],
                                "more": max(0, len(members) - THEME_BUCKET_LIMIT)})
        children = sorted(set(outgoing(c, L.SKOS + "narrower")) | set(incoming(c, {L.SKOS + "broader"})),
                          key=lambda i: (ix.label(i).casefold(), i))
        kids = []
        if depth < 8:
            for k in children:
                if k not in seen:
                    seen.add(k)
                    kids.append(concept_view(k, seen, depth + 1))
        desc = ix.description(c)
        return {"value": value(c, root, with_note=False), "en": ix.label_en(c), "description": desc,
                "buckets": buckets, "children": kids, "id": "t-" + re.sub(r"[^A-Za-z0-9-]+", "-",
                                                                          document_path(c, site.base) or "x"),
                "related": [value(r, root, with_note=False) for r in outgoing(c, L.SKOS + "related")],
                "uses": len(ix.incoming.get(c, ()))}

    views = []
    for scheme in schemes:
        tops = set(outgoing(scheme, L.SKOS + "hasTopConcept")) | set(incoming(scheme, {L.SKOS + "topConceptOf"}))
        if not tops:
            members = set(incoming(scheme, {L.SKOS + "inScheme"}))
            tops = {m for m in members if not outgoing(m, L.SKOS + "broader")}
        seen = set(tops)
        concepts = [concept_view(c, seen, 0)
                    for c in sorted(tops, key=lambda i: (ix.label(i).casefold(), i))]
        views.append({"value": value(scheme, root, with_note=False), "concepts": concepts,
                      "is_theme": is_theme(scheme),
                      "count": len(seen)})
    write(site, site_file("themes.html"), "themes.html", schemes=views, lead_de=profile.lead_de,
          lead_en=profile.lead_en)

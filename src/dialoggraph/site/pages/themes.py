"""The themes: each SKOS scheme's hierarchy, with what concerns each concept, grouped by kind."""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox

from dialoggraph.rdf.paths import document_path

from .. import labels as L
from .common import site_file, write

THEME_BUCKET_LIMIT = 40
ABOUT_PREDICATES = {L.S + "about", L.ELI + "is_about", L.DCT + "subject", L.S + "mentions"}

BUCKETS = [("sessions", "Sessions und Veranstaltungen", "Sessions and events"),
           ("claims", "Aussagen", "Statements"), ("laws", "Gesetze", "Laws"),
           ("orgs", "Institutionen", "Institutions"), ("instruments", "Politikinstrumente", "Policy instruments"),
           ("timeline", "Zeitleiste", "Timeline"), ("other", "Weitere", "Other")]


def _bucket(site, iri: str) -> str:
    types = set(site.index.types.get(iri, ()))
    dgo = site.settings.ontology_ns
    if dgo + "TimelineEntry" in types:
        return "timeline"
    if L.S + "Claim" in types:
        return "claims"
    if L.S + "Legislation" in types:
        return "laws"
    if dgo + "PolicyInstrument" in types:
        return "instruments"
    if types & {L.S + "Organization", L.ORG + "FormalOrganization", L.ORG + "OrganizationalUnit"}:
        return "orgs"
    if L.S + "Event" in types:
        return "sessions"
    return "other"


def write_themes(site) -> None:
    ix = site.index
    value = site.links.value
    root = "../"
    scheme_cls = L.SKOS + "ConceptScheme"
    schemes = sorted(set(ix.instances.get(scheme_cls, [])),
                     key=lambda s: (not (document_path(s, site.base) or "").startswith("theme/"), ix.label(s).casefold()))

    def outgoing(iri, pred):
        dp = document_path(iri, site.base)
        return sorted({t.object.value for t in ix.pages.get(dp, {}).get(iri, ())
                       if t.predicate.value == pred and isinstance(t.object, ox.NamedNode)})

    def incoming(iri, preds):
        return sorted({t.subject.value for t in ix.incoming.get(iri, ()) if t.predicate.value in preds})

    def concept_view(c, seen, depth):
        items = defaultdict(list)
        for s in incoming(c, ABOUT_PREDICATES):
            items[_bucket(site, s)].append(s)
        buckets = []
        for key, de, en in BUCKETS:
            members = sorted(items.get(key, []), key=lambda i: (ix.label(i).casefold(), i))
            if members:
                buckets.append({"key": key, "label": de, "en": en, "count": len(members),
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
                      "is_theme": (document_path(scheme, site.base) or "").startswith("theme/"),
                      "count": len(seen)})
    write(site, site_file("themes.html"), "themes.html", schemes=views)

"""The site's own pages: home, class indexes, search, timeline, themes, network, reading view,
ontology, validation report, and the files for machines (sitemap, robots, server rules).

Each page is computed from the :class:`~dialoggraph.siteindex.SiteIndex` of the build (no
queries), bounded where the data can grow (search entries, network nodes, list lengths).
"""

from __future__ import annotations

import json
import math
import re
import shutil
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox

from . import labels as L
from .drawing import Node, TimelineItem, chord_layout, timeline_axis
from dialoggraph.export.dumps import EXPORT_FILES
from dialoggraph.rdf.paths import SITE_DIR, STATIC_DIR, depth_prefix, document_path, fragment, page_file
from .render import (CLASS_PAGE_SIZE, SEARCH_LIMIT, SITEMAP_LIMIT, TECHNICAL_NS, Value,
                     format_literal, html_id, reading_id, section_id, year_of)
from .index import RDF_TYPE, shorten

NETWORK_NODE_LIMIT = 120
NETWORK_CONNECTOR_FANOUT = 20
THEME_BUCKET_LIMIT = 40
READING_REFS_PER_BLOCK = 150


def write_all(site) -> None:
    for name in PAGES:
        write_one(site, name)


def write_one(site, name: str) -> None:
    """Write one of the site's own pages (they are independent: any order, any process)."""
    PAGES[name](site)


def _write(site, rel: str, template: str, **ctx) -> None:
    root = depth_prefix(rel)
    html = site.env.get_template(template).render(root=root, file=rel, chrome=site.chrome(root), **ctx)
    target = site.out / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")


def _site_file(name: str) -> str:
    return f"{SITE_DIR}/{name}"


def _is_technical(cls: str) -> bool:
    return cls.startswith(TECHNICAL_NS)


# ---------------------------------------------------------------------------- home

def write_home(site) -> None:
    s = site.settings
    summary = site.graphs.summary
    root = ""
    classes = []
    for cls, count in sorted(summary.classes.items(), key=lambda kv: (-kv[1], kv[0])):
        classes.append({"value": site.type_value(cls, root), "count": count,
                        "curie": L.curie(cls, site.prefix_table), "technical": _is_technical(cls)})
    examples = []
    void_example = L.VOID + "exampleResource"
    for t in site.graphs.void:
        if t.predicate.value == void_example and isinstance(t.object, ox.NamedNode):
            examples.append(site.link_value(t.object.value, root))
    source = site.link_value(s.source_document_iri, root)
    downloads = []
    for name, title in (("dataset.ttl", "Datensatz als Turtle"), ("dataset.nt", "Datensatz als N-Triples"),
                        ("dataset.jsonld", "Datensatz als JSON-LD"), ("context.jsonld", "JSON-LD-Kontext"),
                        ("ontology.ttl", "Ontologie (Turtle)"), ("shapes.ttl", "SHACL-Formen (Turtle)"),
                        ("void.ttl", "VoID/DCAT-Beschreibung"), (".well-known/void", "VoID (well-known)")):
        if (site.out / name).is_file():
            downloads.append({"href": name, "title": title, "size": (site.out / name).stat().st_size})
    _write(site, "index.html", "home.html", classes=classes, examples=examples, source=source,
           summary=summary, downloads=downloads, base=site.base, dataset=s.dataset,
           dataset_page=site.link_value(s.dataset_iri, root),
           sparql=site.base + "sparql", person_class=site.class_pages.get(L.S + "Person"),
           dataset_iri_abs=s.dataset_iri,
           dist_jsonld=[{"@type": "DataDownload", "contentUrl": site.base + name, "encodingFormat": media}
                        for name, media in (("dataset.ttl", "text/turtle"), ("dataset.nt", "application/n-triples"),
                                            ("dataset.jsonld", "application/ld+json"))])


# ---------------------------------------------------------------------------- classes

def write_classes(site) -> None:
    ix = site.index
    rows = []
    for cls, file in sorted(site.class_pages.items()):
        members = ix.instances[cls]
        rows.append({"label": ix.term_label(cls), "en": ix.term_label_en(cls), "href": file.split("/", 1)[1]
                     .removeprefix("classes/"), "curie": L.curie(cls, site.prefix_table), "count": len(members),
                     "technical": _is_technical(cls), "term": site.term_value(cls, "../../")})
    rows.sort(key=lambda r: (-r["count"], r["label"].casefold()))
    _write(site, _site_file("classes/index.html"), "classes.html", rows=rows)
    for cls, file in sorted(site.class_pages.items()):
        members = sorted([(ix.label(i).casefold(), i) for i in set(ix.instances[cls])])
        pages = max(1, math.ceil(len(members) / CLASS_PAGE_SIZE))
        stem = file[:-len(".html")]
        names = [file] + [f"{stem}-{n}.html" for n in range(2, pages + 1)]
        for n in range(pages):
            chunk = members[n * CLASS_PAGE_SIZE:(n + 1) * CLASS_PAGE_SIZE]
            root = depth_prefix(names[n])
            entries = []
            for _key, iri in chunk:
                # a member with a page of its own (nearly all) is linked directly: the ten
                # thousands of them are not worth a shared, cached link value each
                link = site.page_link(iri, root)
                if link is None:
                    v = site.link_value(iri, root, with_note=False)
                    link = (v.href, v.text, v.lang)
                types = ix.types.get(iri, ())
                others = ", ".join(sorted({ix.term_label(t) for t in types if t != cls})[:4]) if len(types) > 1 else ""
                entries.append((*link, others, iri))
            nav = [{"n": k + 1, "href": names[k].rsplit("/", 1)[1], "current": k == n} for k in range(pages)]
            _write(site, names[n], "class.html", cls=cls, label=ix.term_label(cls), en=ix.term_label_en(cls),
                   curie=L.curie(cls, site.prefix_table), term=site.term_value(cls, root),
                   comment=ix.term_comments.get(cls), count=len(members), entries=entries,
                   nav=nav if pages > 1 else [], first=n * CLASS_PAGE_SIZE + 1)


# ---------------------------------------------------------------------------- search

def search_entries(site) -> list[dict]:
    ix = site.index
    rows = []
    for dp in sorted(ix.pages):
        main = site.main_subject(dp, ix.pages[dp])
        types = ix.types.get(main, [])
        if not types or all(_is_technical(t) for t in types):
            continue
        ptype = ix.primary_type(main)
        rows.append((_search_rank(site, set(types)), ix.label(main).casefold(), dp, main, ptype))
    rows.sort()
    out = []
    for _rank, _key, dp, main, ptype in rows[:SEARCH_LIMIT]:
        entry = {"l": ix.label(main), "t": ix.term_label(ptype) if ptype else "", "u": page_file(dp)}
        alts = ix.alternate_names(main)
        if alts:
            entry["a"] = alts[:8]
        out.append(entry)
    return out


def _search_rank(site, types: set[str]) -> int:
    """Order of the search index (and of equally good hits): the named things first."""
    dgo = site.settings.ontology_ns
    if types & {L.S + "Person", L.S + "Organization", L.S + "Legislation", L.S + "Place",
                dgo + "PolicyInstrument", L.SKOS + "Concept"}:
        return 0
    if types & {L.S + "Event", L.S + "CreativeWork", L.S + "Report", L.BIBO + "Document", dgo + "TimelineEntry"}:
        return 1
    if L.S + "Claim" in types:
        return 2
    return 3


def write_search(site) -> None:
    entries = search_entries(site)
    data = json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    static = site.out / STATIC_DIR
    (static / "search-index.json").write_text(data + "\n", encoding="utf-8")
    # the same data as a script, so the search also works from file:// (no fetch needed)
    safe = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    safe = safe.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    (static / "search-index.js").write_text(f"window.DG_SEARCH_INDEX={safe};\n", encoding="utf-8")
    groups = []
    for cls in (L.S + "Person", L.S + "Organization", L.S + "Legislation", L.S + "Event", L.S + "Place",
                L.SKOS + "Concept", L.S + "Claim"):
        if cls in site.class_pages:
            groups.append({"label": site.index.term_label(cls), "href": site.class_pages[cls].split("/", 1)[1],
                           "count": len(site.index.instances[cls])})
    _write(site, _site_file("search.html"), "search.html", total=len(entries), capped=len(entries) >= SEARCH_LIMIT,
           groups=groups)


# ---------------------------------------------------------------------------- timeline

DATE_PREDICATES = (L.S + "startDate", L.S + "legislationDate", L.DCT + "issued", L.S + "foundingDate",
                   L.S + "datePublished", L.TIME + "inXSDgYear")


def _date_of(site, iri: str):
    dp = document_path(iri, site.base)
    triples = site.index.pages.get(dp, {}).get(iri, ()) if dp is not None else ()
    for pred in DATE_PREDICATES:
        for t in triples:
            if t.predicate.value == pred and isinstance(t.object, ox.Literal):
                when = year_of(t.object)
                if when is not None:
                    return when, format_literal(t.object)[1], t.object.value
    return None


def write_timeline(site) -> None:
    ix = site.index
    root = "../"
    entry_cls = site.settings.ontology_ns + "TimelineEntry"
    items = []
    for iri in sorted(set(ix.instances.get(entry_cls, []))):
        d = _date_of(site, iri)
        if d is None:
            continue
        when, text, raw = d
        items.append((when, ix.label(iri).casefold(), iri, text, raw))
    items.sort()
    views = []
    for n, (when, _k, iri, text, raw) in enumerate(items, start=1):
        desc = ix.description(iri)
        views.append({"n": n, "value": site.link_value(iri, root, with_note=False), "when": text, "raw": raw,
                      "year": int(math.floor(when)), "description": desc,
                      "passages": len(ix.passages_of.get(iri, []))})
    axis_items = [TimelineItem(iri, ix.label(iri), when, text, site.href(iri, root))
                  for when, _k, iri, text, _raw in items[:400]]
    axis = timeline_axis(axis_items) if axis_items else None
    # other dated things (laws, documents, foundings) in the same years, for context
    others = []
    for cls in (L.S + "Legislation", L.S + "CreativeWork", L.S + "Report", L.S + "Organization",
                site.settings.ontology_ns + "PolicyInstrument"):
        for iri in ix.instances.get(cls, []):
            if entry_cls in ix.types.get(iri, ()):
                continue
            d = _date_of(site, iri)
            if d and 1990 <= d[0] < 2017:
                others.append((d[0], ix.label(iri).casefold(), iri, d[1], d[2]))
    others = sorted(set(others))[:300]
    other_views = [{"value": site.link_value(iri, root), "when": text, "raw": raw}
                   for _w, _k, iri, text, raw in others]
    _write(site, _site_file("timeline.html"), "timeline.html", items=views, axis=axis, others=other_views)


# ---------------------------------------------------------------------------- themes

ABOUT_PREDICATES = {L.S + "about", L.ELI + "is_about", L.DCT + "subject", L.S + "mentions"}


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


BUCKETS = [("sessions", "Sessions und Veranstaltungen", "Sessions and events"),
           ("claims", "Aussagen", "Statements"), ("laws", "Gesetze", "Laws"),
           ("orgs", "Institutionen", "Institutions"), ("instruments", "Politikinstrumente", "Policy instruments"),
           ("timeline", "Zeitleiste", "Timeline"), ("other", "Weitere", "Other")]


def write_themes(site) -> None:
    ix = site.index
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
                                "values": [site.link_value(m, root, with_note=False)
                                           for m in members[:THEME_BUCKET_LIMIT]],
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
        return {"value": site.link_value(c, root, with_note=False), "en": ix.label_en(c), "description": desc,
                "buckets": buckets, "children": kids, "id": "t-" + re.sub(r"[^A-Za-z0-9-]+", "-",
                                                                          document_path(c, site.base) or "x"),
                "related": [site.link_value(r, root, with_note=False) for r in outgoing(c, L.SKOS + "related")],
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
        views.append({"value": site.link_value(scheme, root, with_note=False), "concepts": concepts,
                      "is_theme": (document_path(scheme, site.base) or "").startswith("theme/"),
                      "count": len(seen)})
    _write(site, _site_file("themes.html"), "themes.html", schemes=views)


# ---------------------------------------------------------------------------- network

def write_network(site) -> None:
    ix = site.index
    root = "../"
    dgo = site.settings.ontology_ns
    kinds: dict[str, str] = {}
    for iri, types in ix.types.items():
        ts = set(types)
        if L.S + "Person" in ts:
            kinds[iri] = "person"
        elif ts & {L.S + "Organization", L.ORG + "FormalOrganization", L.ORG + "OrganizationalUnit"}:
            kinds[iri] = "org"
        elif L.S + "Legislation" in ts:
            kinds[iri] = "law"
        elif L.S + "Event" in ts and dgo + "TimelineEntry" not in ts:
            kinds[iri] = "session"
    skip_connectors = {L.OA + "Annotation", L.OA + "SpecificResource", dgo + "DocumentSection",
                       L.SKOS + "Concept", L.SKOS + "ConceptScheme", L.VOID + "Dataset"}
    weights: Counter = Counter()

    def add(a, b):
        if a == b or kinds[a] == kinds[b]:
            return
        if "person" not in (kinds[a], kinds[b]) and "org" not in (kinds[a], kinds[b]):
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
    nodes = [Node(iri, ix.label(iri), kinds[iri], site.href(iri, root), degree[iri]) for iri in chosen]
    pos = {n.iri: i for i, n in enumerate(nodes)}
    edges = sorted((pos[a], pos[b]) for (a, b) in weights if a in chosen_set and b in chosen_set)
    layout = chord_layout(nodes, edges) if nodes else None
    if layout:
        for lab in layout["labels"]:
            lab["short"] = shorten(lab["node"].label, 34)
    # the same connections as a table (readable without the picture)
    people = sorted((n for n in nodes if n.kind == "person"), key=lambda n: (n.label.casefold(), n.iri))
    neighbours = defaultdict(set)
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    rows = []
    for n in people:
        i = pos[n.iri]
        by_kind = defaultdict(list)
        for j in sorted(neighbours[i], key=lambda j: (nodes[j].label.casefold(), nodes[j].iri)):
            by_kind[nodes[j].kind].append(site.link_value(nodes[j].iri, root, with_note=False))
        rows.append({"value": site.link_value(n.iri, root, with_note=False), "org": by_kind["org"],
                     "law": by_kind["law"], "session": by_kind["session"]})
    counts = Counter(n.kind for n in nodes)
    _write(site, _site_file("network.html"), "network.html", layout=layout, rows=rows, counts=counts,
           edge_count=len(edges), total_nodes=len(degree), limit=NETWORK_NODE_LIMIT)


# ---------------------------------------------------------------------------- reading view

def _blocks(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n[ \t\r]*\n\s*", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    blocks = []
    for a, b in out:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            blocks.append((a, b))
    return blocks


def write_reading(site) -> None:
    ix = site.index
    s = site.settings
    root = "../"
    path = s.source_file
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8")) if path.is_file() else ""
    passages = [p for p in ix.all_passages() if 0 <= p.start <= p.end <= len(text)]
    section_cls = s.ontology_ns + "DocumentSection"
    depth_cache: dict[str, int] = {}

    def depth(sec: str, guard: int = 0) -> int:
        if sec in depth_cache:
            return depth_cache[sec]
        parent = None
        dp = document_path(sec, site.base)
        for t in ix.pages.get(dp, {}).get(sec, ()) if dp is not None else ():
            if t.predicate.value == L.S + "isPartOf" and isinstance(t.object, ox.NamedNode):
                parent = t.object.value
        d = 1 if parent is None or section_cls not in ix.types.get(parent, ()) or guard > 10 \
            else depth(parent, guard + 1) + 1
        depth_cache[sec] = d
        return d

    headings: dict[tuple[int, int], list[str]] = defaultdict(list)
    for p in passages:
        if section_cls in ix.types.get(p.body, ()):
            headings[(p.start, p.end)].append(p.body)
    # a passage starts at the first block it touches
    starts = sorted(passages, key=lambda p: (p.start, p.end, p.annotation))
    ends = sorted(passages, key=lambda p: (p.end, p.start, p.annotation))
    blocks = []
    si = ei = 0
    label_cache: dict[str, Value] = {}

    def entity(iri):
        v = label_cache.get(iri)
        if v is None:
            v = label_cache[iri] = site.link_value(iri, root)
        return v

    for bno, (a, b) in enumerate(_blocks(text), start=1):
        secs = sorted(headings.get((a, b), []), key=lambda x: (depth(x), x))
        points = defaultdict(lambda: ([], []))  # offset → (ending passages, starting passages)
        active = si - ei  # passages running into this block from an earlier one
        while si < len(starts) and starts[si].start < b:
            p = starts[si]
            points[max(p.start, a)][1].append(p)
            si += 1
        while ei < len(ends) and ends[ei].end <= b:
            p = ends[ei]
            points[max(min(p.end, b), a)][0].append(p)
            ei += 1
        cuts = sorted(set([a, b] + list(points)))
        pieces, refs = [], []
        n = 0
        for i, cut in enumerate(cuts):
            ending, starting = points.get(cut, ([], []))
            for p in ending:
                active -= 1
                n += 1
                if n <= READING_REFS_PER_BLOCK:
                    v = entity(p.body)
                    refs.append({"n": n, "value": v, "id": reading_id(p.annotation, site.base)})
                    if not secs:
                        pieces.append({"kind": "ref", "n": n, "value": v})
            for p in starting:
                pieces.append({"kind": "anchor", "id": reading_id(p.annotation, site.base)})
                active += 1
            if i + 1 < len(cuts) and cuts[i + 1] > cut:
                pieces.append({"kind": "text", "text": text[cut:cuts[i + 1]], "level": min(active, 3)})
        blocks.append({"n": bno, "heading": bool(secs),
                       "level": min(depth(secs[0]) + 1, 6) if secs else None,
                       "ids": [section_id(x, site.base) for x in secs],
                       "sections": [entity(x) for x in secs], "pieces": pieces, "refs": refs,
                       "more": max(0, n - READING_REFS_PER_BLOCK)})
    doc = site.link_value(s.source_document_iri, root, with_note=False)
    _write(site, _site_file("read.html"), "read.html", blocks=blocks, doc=doc, passages=len(passages),
           entities=len({p.body for p in passages}), chars=len(text))


# ---------------------------------------------------------------------------- ontology

def write_ontology(site) -> None:
    ix = site.index
    s = site.settings
    ns = s.ontology_ns
    onto_iri = ns[:-1]
    root = depth_prefix(page_file(site.ontology_path))
    by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
    external = []
    for t in site.ontology:
        if isinstance(t.subject, ox.NamedNode):
            if t.subject.value.startswith(ns) or t.subject.value == onto_iri:
                by_subject[t.subject.value].append(t)
            elif t.predicate.value == L.RDFS + "subClassOf":
                external.append((t.subject.value, t.object.value))

    def objs(iri, pred):
        return sorted({t.object.value for t in by_subject.get(iri, ()) if t.predicate.value == pred
                       and isinstance(t.object, ox.NamedNode)})

    def lits(iri, pred):
        out = {}
        for t in sorted(by_subject.get(iri, ()), key=str):
            if t.predicate.value == pred and isinstance(t.object, ox.Literal):
                out.setdefault(t.object.language or "", t.object.value)
        return out

    def term_link(iri):
        if iri.startswith(ns):
            return Value("link", L.curie(iri, site.prefix_table), "#" + (html_id(fragment(iri)) or ""))
        v = site.term_value(iri, root)
        return Value(v.kind, f"{v.text} ({v.raw})" if v.raw else v.text, v.href, raw=v.raw)

    kinds = {L.OWL + "Class": "classes", L.OWL + "ObjectProperty": "object",
             L.OWL + "DatatypeProperty": "datatype", "http://www.w3.org/2002/07/owl#AnnotationProperty": "annotation"}
    sections = {"classes": [], "object": [], "datatype": [], "annotation": []}
    alignment_preds = [L.SKOS + "closeMatch", L.SKOS + "exactMatch", L.SKOS + "relatedMatch",
                       L.SKOS + "broadMatch", L.SKOS + "narrowMatch", L.OWL + "equivalentClass",
                       L.OWL + "equivalentProperty"]
    for iri in sorted(by_subject):
        if iri == onto_iri:
            continue
        types = objs(iri, RDF_TYPE)
        kind = next((kinds[t] for t in types if t in kinds), None)
        if kind is None:
            continue
        label, comment = lits(iri, L.RDFS + "label"), lits(iri, L.RDFS + "comment")
        term = {"iri": iri, "id": html_id(fragment(iri)), "curie": L.curie(iri, site.prefix_table),
                "de": label.get("de") or label.get("") or L.local_name(iri), "en": label.get("en"),
                "comment_de": comment.get("de"), "comment_en": comment.get("en"),
                "rows": []}
        for pred, de in ((L.RDFS + "subClassOf", "Oberklasse"), (L.RDFS + "subPropertyOf", "Obereigenschaft"),
                         (L.RDFS + "domain", "Definitionsbereich (domain)"), (L.RDFS + "range", "Wertebereich (range)")):
            vals = [term_link(o) for o in objs(iri, pred)]
            if vals:
                term["rows"].append({"label": de, "values": vals})
        aligned = [Value(term_link(o).kind, f"{ix.term_label(p)}: {term_link(o).text}", term_link(o).href)
                   for p in alignment_preds for o in objs(iri, p)]
        if aligned:
            term["rows"].append({"label": "Abgleich (alignment)", "values": aligned})
        if kind == "classes":
            n = len(set(ix.instances.get(iri, [])))
            if n and iri in site.class_pages:
                term["rows"].append({"label": "Instanzen im Datensatz", "values": [
                    Value("link", f"{n} Einträge", root + site.class_pages[iri])]})
        else:
            n = ix.predicate_use.get(iri, 0)
            term["rows"].append({"label": "Verwendung im Datensatz", "values": [Value("text", f"{n} Tripel")]})
        sections[kind].append(term)
    head = {k: lits(onto_iri, L.DCT + k) for k in ("title", "description")}
    meta = []
    for pred, de in ((L.OWL + "versionInfo", "Version"), (L.DCT + "created", "Erstellt"),
                     (L.DCT + "modified", "Geändert"), (L.DCT + "creator", "Urheber"),
                     ("http://purl.org/vocab/vann/preferredNamespacePrefix", "Präfix")):
        for t in by_subject.get(onto_iri, ()):
            if t.predicate.value == pred and isinstance(t.object, ox.Literal):
                meta.append({"label": de, "value": format_literal(t.object)[1]})
    meta.append({"label": "Namensraum", "value": ns})
    licenses = [site.link_value(o, root) for o in objs(onto_iri, L.DCT + "license")]
    ext = [{"sub": site.term_value(a, root), "sup": site.term_value(b, root)} for a, b in sorted(external)]
    ctx = dict(head=head, meta=meta, licenses=licenses, sections=sections, external=ext,
               iri=onto_iri, doc_iri=site.base + site.ontology_path,
               jsonld={"@context": "https://schema.org", "@id": onto_iri, "@type": "DefinedTermSet",
                       "name": head["title"].get("de") or "Ontologie", "url": site.base + site.ontology_path})
    stem = page_file(site.ontology_path)[:-len(".html")]
    ctx["alternates"] = {"ttl": root + stem + ".ttl", "jsonld": root + stem + ".jsonld"}
    _write(site, page_file(site.ontology_path), "ontology.html", **ctx)
    triples = sorted(set(site.ontology), key=str)
    comment = f"# {onto_iri}\n# Die Ontologie von dialoggraph. / The dialoggraph ontology.\n"
    # the export writes ontology.ttl with every triple in order; the page adds what is missing
    if stem + ".jsonld" not in EXPORT_FILES:
        (site.out / (stem + ".jsonld")).write_text(
            site.compact_jsonld(triples, depth_prefix(stem) + "context.jsonld"), encoding="utf-8")
    if stem + ".ttl" not in EXPORT_FILES:
        (site.out / (stem + ".ttl")).write_bytes(comment.encode() + ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                                                        prefixes=site.ttl_prefixes))


# ---------------------------------------------------------------------------- validation

def write_validation(site) -> None:
    report = site.graphs.report
    root = "../"
    rows = []
    for r in report.results:
        focus = site.link_value(r.focus, root) if r.focus.startswith(("http://", "https://")) else Value("text", r.focus)
        path = site.term_value(r.path, root) if r.path.startswith(("http://", "https://")) else Value("text", r.path)
        de, _, en = r.message.partition(" / ")
        rows.append({"severity": r.severity, "focus": focus, "path": path, "value": r.value,
                     "de": de, "en": en, "shape": L.curie(r.shape, site.prefix_table), "origin": r.origin})
    counts = Counter(r.severity for r in report.results)
    _write(site, _site_file("validation.html"), "validation.html", rows=rows, conforms=report.conforms,
           counts=counts, summary=site.graphs.summary)


# ---------------------------------------------------------------------------- machines

def write_machine_files(site) -> None:
    base = site.base
    urls = [base] + [base + f"{SITE_DIR}/{n}" for n in
                     ("read.html", "timeline.html", "themes.html", "network.html", "search.html",
                      "classes/index.html", "validation.html")]
    urls += [base + site.ontology_path]
    urls += [base + dp for dp in sorted(site.index.pages) if dp != ""]
    chunks = [urls[i:i + SITEMAP_LIMIT] for i in range(0, len(urls), SITEMAP_LIMIT)]
    tmpl = site.env.get_template("sitemap.xml")
    if len(chunks) == 1:
        (site.out / "sitemap.xml").write_text(tmpl.render(urls=urls), encoding="utf-8")
    else:
        names = []
        for i, chunk in enumerate(chunks, start=1):
            name = f"sitemap-{i}.xml"
            (site.out / name).write_text(tmpl.render(urls=chunk), encoding="utf-8")
            names.append(base + name)
        (site.out / "sitemap.xml").write_text(
            site.env.get_template("sitemap-index.xml").render(maps=names), encoding="utf-8")
    (site.out / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n", encoding="utf-8")
    server = Path(__file__).parent / "static" / "server"
    if (server / "htaccess").is_file():
        shutil.copyfile(server / "htaccess", site.out / ".htaccess")


#: the site's own pages, the costly ones first (they start first when workers share the work)
PAGES = {"classes": write_classes, "read": write_reading, "network": write_network,
         "themes": write_themes, "search": write_search, "timeline": write_timeline,
         "home": write_home, "ontology": write_ontology, "validation": write_validation,
         "machines": write_machine_files}

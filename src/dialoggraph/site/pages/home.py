"""The home page: the dataset, where to start, its classes, downloads, how to query it."""

from __future__ import annotations

import pyoxigraph as ox

from .. import labels as L
from ..relations import EQUIVALENT_CLASSES
from .common import is_technical, listed_first, page_href, write
from .home_sections import HomeSections

DOWNLOADS = (("dataset.ttl", "Datensatz als Turtle"), ("dataset.nt", "Datensatz als N-Triples"),
             ("dataset.jsonld", "Datensatz als JSON-LD"), ("context.jsonld", "JSON-LD-Kontext"),
             ("ontology.ttl", "Ontologie (Turtle)"), ("shapes.ttl", "SHACL-Formen (Turtle)"),
             ("void.ttl", "VoID/DCAT-Beschreibung"), (".well-known/void", "VoID (well-known)"))
DUMPS = (("dataset.ttl", "text/turtle"), ("dataset.nt", "application/n-triples"),
         ("dataset.jsonld", "application/ld+json"))


def write_home(site) -> None:
    s = site.settings
    links = site.links
    summary = site.graphs.summary
    root = ""
    first = listed_first(site)
    classes = []
    counts = summary.classes
    for cls, count in sorted(counts.items(), key=lambda kv: (first(kv[0]), -kv[1], kv[0])):
        if EQUIVALENT_CLASSES.get(cls) in counts:
            continue  # shown once, as the class it is equivalent to (Person, not also Person (FOAF))
        same = sorted(c for c, to in EQUIVALENT_CLASSES.items() if to == cls and c in counts)
        members = set(site.index.instances.get(cls, ()))
        for c in same:
            members.update(site.index.instances.get(c, ()))
        classes.append({"value": links.type_value(cls, root), "count": len(members) if same else count,
                        "curie": " · ".join([site.links.curie(cls)] + [site.links.curie(c) for c in same]),
                        "technical": is_technical(site, cls) or cls == L.RDF + "Statement"})
    examples = []
    void_example = L.VOID + "exampleResource"
    for t in site.graphs.void:
        if t.predicate.value == void_example and isinstance(t.object, ox.NamedNode):
            examples.append(links.value(t.object.value, root))
    source = links.value(s.source_document_iri, root)
    downloads = []
    for name, title in DOWNLOADS:
        if (site.out / name).is_file():
            downloads.append({"href": name, "title": title, "size": (site.out / name).stat().st_size})
    write(site, "index.html", "home.html", entry_points=entry_points(site), classes=classes, examples=examples,
          sections=HomeSections(site, root).build(),
          source=source,
          summary=summary, downloads=downloads, base=site.base, dataset=s.dataset,
          dataset_page=links.value(s.dataset_iri, root),
          sparql=site.settings.sparql_endpoint,
          dataset_iri_abs=s.dataset_iri,
          dist_jsonld=[{"@type": "DataDownload", "contentUrl": site.base + name, "encodingFormat": media}
                       for name, media in DUMPS])


def entry_points(site) -> list[dict]:
    """The profile's entry points that lead somewhere: its pages, and its classes with an index."""
    out = []
    for e in site.profile.home.entry_points:
        href = page_href(site, e.page) if e.page else site.class_pages.get(e.cls)
        if href:
            out.append({"href": href, "title": e.title, "de": e.text_de, "en": e.text_en})
    return out

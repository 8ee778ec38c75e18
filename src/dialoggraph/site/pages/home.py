"""The home page: the dataset, where to start, its classes, downloads, how to query it."""

from __future__ import annotations

import pyoxigraph as ox

from .. import labels as L
from .common import is_technical, write

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
    classes = []
    for cls, count in sorted(summary.classes.items(), key=lambda kv: (-kv[1], kv[0])):
        classes.append({"value": links.type_value(cls, root), "count": count,
                        "curie": site.links.curie(cls), "technical": is_technical(cls)})
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
    write(site, "index.html", "home.html", classes=classes, examples=examples, source=source,
          summary=summary, downloads=downloads, base=site.base, dataset=s.dataset,
          dataset_page=links.value(s.dataset_iri, root),
          sparql=site.base + "sparql", person_class=site.class_pages.get(L.S + "Person"),
          dataset_iri_abs=s.dataset_iri,
          dist_jsonld=[{"@type": "DataDownload", "contentUrl": site.base + name, "encodingFormat": media}
                       for name, media in DUMPS])

#!/usr/bin/env python
"""The baseline a user would write with the plain libraries, on a dialoggraph project folder.

    python bench/baseline.py --project DIR --out DIR

rdflib parses every Turtle file of ontology/, data/ and shapes/ (against the base IRI), pyshacl
validates the data, rdflib serialises Turtle, N-Triples and JSON-LD, and Jinja2 renders one page
per entity with rdflib look-ups (its facts, the labels of what it links to, what links to it).
No anchoring: that stage is dialoggraph's own; the baseline validates the same curated data
with the same shapes. Prints one ``stage=seconds`` line per stage.
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from pathlib import Path

from jinja2 import Environment
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SDO, SKOS

PAGE = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>{{ label }}</title></head>
<body><h1>{{ label }}</h1><p>{{ iri }}</p>
<dl>{% for p, values in facts %}<dt>{{ p }}</dt>{% for v in values %}<dd>{% if v.href %}<a href="{{ v.href }}">{{ v.text }}</a>{% else %}{{ v.text }}{% endif %}</dd>{% endfor %}{% endfor %}</dl>
<h2>Referenced by</h2><ul>{% for s, p in incoming %}<li><a href="{{ s.href }}">{{ s.text }}</a> ({{ p }})</li>{% endfor %}</ul>
</body></html>""")


def label(g: Graph, node) -> str:
    for prop in (SDO.name, SKOS.prefLabel, RDFS.label):
        value = g.value(node, prop)
        if value is not None:
            return str(value)
    return str(node)


def page_path(out: Path, iri: str, base: str) -> Path:
    rel = iri[len(base):].split("#", 1)[0] or "index"
    if rel.endswith("/"):
        rel += "index"
    return out / (rel + ".html")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--project", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    settings = tomllib.loads((args.project / "pyproject.toml").read_text())["tool"]["dialoggraph"]
    base = settings["base_iri"]
    args.out.mkdir(parents=True, exist_ok=True)
    timings = {}

    t = time.perf_counter()
    data, shapes, ontology = Graph(), Graph(), Graph()
    for folder, graph in (("ontology", ontology), ("data", data), ("shapes", shapes)):
        for path in sorted((args.project / folder).rglob("*.ttl")):
            graph.parse(path, format="turtle", publicID=base)
    timings["parse"] = time.perf_counter() - t

    t = time.perf_counter()
    conforms, _report, _text = validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                        allow_warnings=True)
    timings["validate"] = time.perf_counter() - t

    t = time.perf_counter()
    data.serialize(args.out / "dataset.ttl", format="turtle")
    data.serialize(args.out / "dataset.nt", format="nt")
    data.serialize(args.out / "dataset.jsonld", format="json-ld",
                   context={p: str(ns) for p, ns in data.namespaces()})
    timings["serialize"] = time.perf_counter() - t

    t = time.perf_counter()
    subjects = sorted({s for s in data.subjects() if isinstance(s, URIRef) and str(s).startswith(base)})
    for s in subjects:
        facts = {}
        for p, o in data.predicate_objects(s):
            if isinstance(o, URIRef):
                v = {"text": label(data, o), "href": str(o)}
            else:
                v = {"text": str(o) if isinstance(o, Literal) else str(o), "href": None}
            facts.setdefault(label(data, p) if (p, None, None) in data else str(p), []).append(v)
        incoming = [({"text": label(data, s2), "href": str(s2)}, str(p2)) for s2, p2 in data.subject_predicates(s)]
        path = page_path(args.out, str(s), base)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGE.render(label=label(data, s), iri=str(s), facts=sorted(facts.items()),
                                    incoming=incoming), encoding="utf-8")
    timings["pages"] = time.perf_counter() - t

    for stage, seconds in timings.items():
        print(f"{stage}={seconds:.3f}")
    print(f"triples={len(data)} conforms={conforms} pages={len(subjects)}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Validated graph → dumps for harvesters: Turtle, N-Triples, JSON-LD (its context inline, so
any processor reads a downloaded copy offline; the same context is published as
``context.jsonld`` for reuse), the ontology, the shapes, and the VoID + DCAT description.

Serialisation is pyoxigraph's (Rust, streaming) and, for JSON-LD, :mod:`.jsonld`. Determinism
comes from the input: triples are sorted (:func:`dialoggraph.rdf.order.sort_triples`) before they
are written, blank nodes carry the stable labels the loader gave them, and nothing depends on
dict or set order or on the clock.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from dialoggraph.config import Settings
from dialoggraph.rdf.order import sort_triples
from dialoggraph.rdf.prefixes import Prefixes

from .jsonld import write_jsonld

#: the files the export writes, relative to the output folder: pages link to them by name and
#: never overwrite them (the ontology's page has its own ``ontology.html`` next to ``ontology.ttl``)
EXPORT_FILES = ("dataset.ttl", "dataset.nt", "dataset.jsonld", "context.jsonld", "ontology.ttl",
                "shapes.ttl", "void.ttl", ".well-known/void")

#: independent pieces of the export, the longest first (workers start them first)
EXPORT_PARTS = ("dataset.jsonld", "dataset.ttl", "dataset.nt", "descriptions")


def write_rdf(path: Path, prefixes: Prefixes, triples: list[ox.Triple], fmt: ox.RdfFormat) -> None:
    ox.serialize(triples, str(path), format=fmt, prefixes=prefixes.turtle)


def write_export_part(part: str, out_dir: Path, settings: Settings, data: list[ox.Triple],
                      ontology: list[ox.Triple], shapes: list[ox.Triple], void: list[ox.Triple]) -> None:
    """Write one of :data:`EXPORT_PARTS` into ``out_dir``. ``data`` must already be sorted."""
    prefixes = Prefixes(settings.base_iri)
    if part == "dataset.jsonld":
        write_jsonld(out_dir / part, prefixes, data, prefixes.jsonld_context())
    elif part == "dataset.ttl":
        write_rdf(out_dir / part, prefixes, data, ox.RdfFormat.TURTLE)
    elif part == "dataset.nt":
        write_rdf(out_dir / part, prefixes, data, ox.RdfFormat.N_TRIPLES)
    elif part == "descriptions":
        (out_dir / "context.jsonld").write_text(
            json.dumps({"@context": prefixes.jsonld_context()}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
        write_rdf(out_dir / "ontology.ttl", prefixes, sort_triples(ontology), ox.RdfFormat.TURTLE)
        write_rdf(out_dir / "shapes.ttl", prefixes, sort_triples(shapes), ox.RdfFormat.TURTLE)
        void = sort_triples(void)
        write_rdf(out_dir / "void.ttl", prefixes, void, ox.RdfFormat.TURTLE)
        (out_dir / ".well-known").mkdir(exist_ok=True)
        write_rdf(out_dir / ".well-known" / "void", prefixes, void, ox.RdfFormat.TURTLE)
    else:
        raise ValueError(f"no export part {part!r}")


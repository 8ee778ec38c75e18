"""Validated graph → dumps for harvesters: Turtle, N-Triples, JSON-LD (its context inline, so
any processor reads a downloaded copy offline; the same context is published as
``context.jsonld`` for reuse), the ontology, the shapes, and the VoID + DCAT description.

Serialisation is pyoxigraph's (Rust, streaming) and, for JSON-LD, :mod:`.jsonld`. Determinism
comes from the input: triples are sorted (:func:`dialoggraph.rdf.order.sort_triples`) before they
are written, blank nodes carry the stable labels the loader gave them, and nothing depends on
dict or set order or on the clock.

The three dumps of the data are written from the sorted N-Triples text the build's validator
writes once (:func:`write_sorted_text`, a scratch file beside them): ``dataset.nt`` is that
file, Turtle and JSON-LD read it a triple at a time. A worker that wrote them from the build's
list of triples would touch every triple object and so copy its memory page (about 0.2 GB per
million triples and dump, measured in forked workers); read from the file, a dump holds one
subject's triples at a time.
"""

from __future__ import annotations

import json
import os
import shutil
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


#: the sorted, distinct N-Triples text of the data, written into the output folder while it is
#: being built and removed before it is swapped in (``dataset.nt`` is a link to it)
SORTED_TEXT = ".dataset.sorted.nt"


def write_rdf(path: Path, prefixes: Prefixes, triples, fmt: ox.RdfFormat) -> None:
    ox.serialize(triples, str(path), format=fmt, prefixes=prefixes.turtle)


def write_sorted_text(path: Path, lines: list[bytes]) -> None:
    """The N-Triples text of the data from its sorted, distinct lines (without `` .\n``, as
    :func:`dialoggraph.rdf.order.sorted_order` gives them): the bytes pyoxigraph writes for
    the sorted triples, line by line."""
    with open(path, "wb") as fh:
        for line in lines:
            fh.write(line)
            fh.write(b" .\n")


def sorted_triples(text: Path | bytes):
    """The triples of :func:`write_sorted_text`'s file (or of some of its lines), in its order,
    one at a time (as quads in the default graph; the serialisers write them as the triples).
    Lenient: the text is pyoxigraph's own serialisation of triples that were parsed already."""
    if isinstance(text, bytes):
        return ox.parse(text, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    return ox.parse(path=str(text), format=ox.RdfFormat.N_TRIPLES, lenient=True)


def write_export_part(part: str, out_dir: Path, settings: Settings, text: Path,
                      ontology: list[ox.Triple], shapes: list[ox.Triple], void: list[ox.Triple]) -> None:
    """Write one of :data:`EXPORT_PARTS` into ``out_dir``; the data is read from ``text``, the
    file of :func:`write_sorted_text` (the others may read it at the same time)."""
    prefixes = Prefixes(settings.base_iri)
    if part == "dataset.jsonld":
        write_jsonld(out_dir / part, prefixes, sorted_triples(text), prefixes.jsonld_context())
    elif part == "dataset.ttl":
        write_rdf(out_dir / part, prefixes, sorted_triples(text), ox.RdfFormat.TURTLE)
    elif part == "dataset.nt":
        try:
            os.link(text, out_dir / part)
        except OSError:  # no hard links here: a copy of the same bytes
            shutil.copyfile(text, out_dir / part)
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

"""Validating a graph with SHACL: the engine the settings choose, and pySHACL, the reference.

Two engines give the same results: the shapes compiled to SPARQL and run by pyoxigraph
(compiler.py, checks.py, runner.py: the default) and pySHACL, which validates shapes the
compiler cannot translate and runs when the settings ask for it (``validator = "pyshacl"``).
Either way the results come back as a :class:`report.ValidationReport`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import SH

from dialoggraph.config import Settings
from dialoggraph.rdf.terms import to_rdflib

from .report import ValidationReport, results_of_graph
from .runner import CompiledShapes, report_of, store_of, store_of_ntriples
from .shapes import UnsupportedShape

BASE_PLACEHOLDER = "%BASE%"

# rdflib logs a traceback for every ill-typed literal it meets ("2016-11-44"^^xsd:date); the
# SHACL report already names such a value, so keep the console readable.
logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)


def resolve_shapes(settings: Settings, shape_triples: list[ox.Triple]) -> list[ox.Triple]:
    """The shapes with ``%BASE%`` inside ``sh:pattern`` replaced by the (regex-escaped) base IRI."""
    escaped = re.escape(settings.base_iri)
    pattern = str(SH.pattern)
    out = []
    for t in shape_triples:
        if t.predicate.value == pattern and BASE_PLACEHOLDER in t.object.value:
            t = ox.Triple(t.subject, t.predicate, ox.Literal(t.object.value.replace(BASE_PLACEHOLDER, escaped)))
        out.append(t)
    return out


def validate_graph(settings: Settings, data: Graph, shapes: Graph,
                   origin: dict[str, Path] | None = None) -> ValidationReport:
    """Validate ``data`` (which should include the ontology's class hierarchy) against ``shapes``
    with pyshacl."""
    # imported here: commands that validate nothing (query, serve) do not pay for it
    from pyshacl import validate as pyshacl_validate

    _conforms, results_graph, _text = pyshacl_validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True,
        advanced=False, meta_shacl=False, abort_on_first=False)
    return ValidationReport(results_of_graph(results_graph, origin or {}))


def choose_engine(settings: Settings) -> str:
    """``pyshacl`` or ``sparql``, by ``[tool.dialoggraph] validator``: ``auto`` takes the compiled
    SPARQL path, at any size (pyshacl needs 1.2 s for 10 000 triples, the compiled path 0.15 s)."""
    return "pyshacl" if settings.validator == "pyshacl" else "sparql"


def validate_triples(settings: Settings, graphs: list[list[ox.Triple]], shapes: list[ox.Triple],
                     origin: dict[str, Path] | None = None, processes: int = 1) -> ValidationReport:
    """Validate the union of ``graphs`` (data, ontology, VoID) against ``shapes`` with the engine
    the settings choose. Shapes the SPARQL compiler cannot translate fall back to pyshacl. The
    compiled checks run in ``processes`` processes sharing one store (the same report)."""
    return _validate(settings, lambda: store_of(graphs), lambda: graphs, shapes, origin, processes)


def validate_ntriples(settings: Settings, text: list[bytes], more: list[list[ox.Triple]], shapes: list[ox.Triple],
                      origin: dict[str, Path] | None = None, processes: int = 1) -> ValidationReport:
    """:func:`validate_triples` of the triples of an N-Triples text and the graphs ``more``. The
    text (``text``: a list holding it) goes into the store as it is, no triple is made in
    Python for it; once it is in the store it is taken out of ``text`` (a caller that holds no
    other reference frees its memory while the checks run)."""
    loaded: list[ox.Store] = []

    def store():
        loaded.append(store_of_ntriples(text[0], more))
        text.clear()
        return loaded[0]

    def triples():  # for pyshacl, when the compiler refuses the shapes (before or after the load)
        if loaded:
            return [[q.triple for q in loaded[0].quads_for_pattern(None, None, None, ox.DefaultGraph())]]
        return [[q.triple for q in ox.parse(input=text[0], format=ox.RdfFormat.N_TRIPLES)], *more]
    return _validate(settings, store, triples, shapes, origin, processes)


def _validate(settings, store, graphs, shapes, origin, processes) -> ValidationReport:
    shapes_graph = to_rdflib(shapes)
    if choose_engine(settings) == "sparql":
        try:
            compiled = CompiledShapes(shapes_graph)  # refuses unknown constructs at once
            loaded = store()
            # the checks are compiled once, against the data's class hierarchy, before any runs
            raw = compiled.run(loaded, processes)
        except UnsupportedShape as exc:
            logging.getLogger(__name__).warning("validating with pyshacl: %s", exc)
        else:
            return report_of(settings, compiled, raw, origin)
    data_graph = Graph()
    for g in graphs():
        to_rdflib(g, data_graph)
    return validate_graph(settings, data_graph, shapes_graph, origin)

"""Every SHACL shape is tested both ways: its valid fixture conforms to it, its invalid fixture
fails it (results are matched to the shape under test by their sh:sourceShape, so a fixture
need not satisfy every other shape too; the real data is checked against all shapes at once in
test_smoke_real_data.py).

Fixtures live in tests/fixtures/shapes/<ShapeName>/{valid,invalid}.ttl (PREFIXES.ttl is
prepended). The nodes under test carry ``good`` or ``bad`` in their IRI; support nodes around
them are not asserted. A shape without fixtures fails the test, so a new shape needs both.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, SH

from dialoggraph.rdf.terms import to_rdflib
from dialoggraph.pipeline.load import load_corpus
from dialoggraph.validation.engine import resolve_shapes

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"


@pytest.fixture(scope="module")
def shapes_and_ontology(settings):
    corpus = load_corpus(settings)
    shapes = to_rdflib(resolve_shapes(settings, corpus.shapes))
    return shapes, corpus.ontology


def node_shapes(settings) -> list[str]:
    corpus = load_corpus(settings)
    g = to_rdflib(corpus.shapes)
    return sorted(str(s)[len(settings.shapes_ns):] for s in g.subjects(RDF.type, SH.NodeShape)
                  if isinstance(s, URIRef) and str(s).startswith(settings.shapes_ns))


def _load_fixture(settings, path: Path, ontology) -> Graph:
    text = (FIXTURES / "PREFIXES.ttl").read_text(encoding="utf-8") + path.read_text(encoding="utf-8")
    triples = [q.triple for q in ox.parse(input=text.encode(), format=ox.RdfFormat.TURTLE,
                                          base_iri=settings.base_iri)]
    return to_rdflib(list(ontology) + triples)


def _results_on(results: Graph, marker: str):
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = str(results.value(r, SH.focusNode))
        if focus.endswith((f"/{marker}#id", f"/{marker}#scheme", f"#{marker}")):
            out.append(r)
    return out


def _validate(data: Graph, shapes: Graph) -> Graph:
    _c, results, _t = pyshacl_validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    return results


def _shape_family(shapes: Graph, shape: URIRef) -> set:
    """The node shape and its property shapes: the sources a result of this shape can have."""
    return {shape, *shapes.objects(shape, SH.property)}


def test_every_shape_has_fixtures(settings):
    missing = [n for n in node_shapes(settings)
               if not ((FIXTURES / n / "valid.ttl").is_file() and (FIXTURES / n / "invalid.ttl").is_file())]
    assert not missing, f"shapes without valid/invalid fixtures: {missing}"


def test_every_shape_has_a_message(shapes_and_ontology):
    shapes, _ = shapes_and_ontology
    reported = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.objects(None, SH.property))
    without = sorted(str(s) if isinstance(s, URIRef) else f"[{shapes.value(s, SH.path)}]"
                     for s in reported if shapes.value(s, SH.message) is None)
    assert not without, f"shapes without sh:message: {without}"


@pytest.mark.parametrize("name", node_shapes(__import__("dialoggraph.config").config.load_settings(
    Path(__file__).resolve().parents[1])))
def test_shape_both_ways(name, settings, shapes_and_ontology):
    shapes, ontology = shapes_and_ontology
    shape = URIRef(settings.shapes_ns + name)
    severity = shapes.value(shape, SH.severity, default=SH.Violation)

    family = _shape_family(shapes, shape)
    valid = _validate(_load_fixture(settings, FIXTURES / name / "valid.ttl", ontology), shapes)
    on_good = [r for r in _results_on(valid, "good") if valid.value(r, SH.sourceShape) in family]
    assert on_good == [], [str(valid.value(r, SH.resultMessage)) for r in on_good]

    invalid = _validate(_load_fixture(settings, FIXTURES / name / "invalid.ttl", ontology), shapes)
    on_bad = [r for r in _results_on(invalid, "bad") if invalid.value(r, SH.sourceShape) in family]
    assert on_bad, f"invalid fixture of {name} produced no result from {name}"
    assert {invalid.value(r, SH.resultSeverity) for r in on_bad} == {severity}, \
        "a shape's results carry the shape's severity (Violation and Warning kept apart)"
    for r in on_bad:
        assert invalid.value(r, SH.resultMessage) is not None

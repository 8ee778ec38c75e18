"""The dumps harvesters download: three serialisations of one graph, JSON-LD that any processor
reads offline, the VoID/DCAT description, and the JSON-LD writer's bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld as pyld
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic

from .conftest import PROJECT


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    from dialoggraph.build import build
    from dialoggraph.config import load_settings

    out = tmp_path_factory.mktemp("real") / "site"
    build(load_settings(PROJECT), out)
    return out


def test_three_dumps_are_the_same_graph(real_site: Path):
    nt = Graph().parse(real_site / "dataset.nt", format="nt")
    ttl = Graph().parse(real_site / "dataset.ttl", format="turtle")
    js = Graph().parse(real_site / "dataset.jsonld", format="json-ld")
    assert len(nt) > 1000
    for other in (ttl, js):
        if not isomorphic(nt, other):
            _both, only_nt, only_other = graph_diff(nt, other)
            pytest.fail(f"dumps differ: {len(only_nt)} only in N-Triples, {len(only_other)} only in the other")


def test_jsonld_written_in_slices_is_the_same_file(real_site: Path, tmp_path: Path, monkeypatch):
    """The JSON-LD dump is written a slice of subjects at a time; tiny slices (every node cut
    apart from its neighbours) give the same bytes, and those are what ``json.dumps`` writes."""
    from dialoggraph.build import assemble, sort_graph
    from dialoggraph.config import load_settings
    from dialoggraph.export import jsonld
    from dialoggraph.rdf.prefixes import Prefixes

    graphs = sort_graph(assemble(load_settings(PROJECT)))
    monkeypatch.setattr(jsonld, "JSONLD_CHUNK", 7)
    prefixes = Prefixes(graphs.settings.base_iri)
    jsonld.write_jsonld(tmp_path / "sliced.jsonld", prefixes, graphs.data, prefixes.jsonld_context())
    written = (real_site / "dataset.jsonld").read_bytes()
    assert (tmp_path / "sliced.jsonld").read_bytes() == written
    doc = json.loads(written)
    assert written.decode() == json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def test_dumps_written_in_pieces_are_the_files_written_whole(real_site: Path, tmp_path: Path, monkeypatch):
    """The dumps of the data are written piece by piece (:mod:`dialoggraph.incremental.dumps`, so
    that an incremental build can patch them): tiny pieces give the bytes pyoxigraph writes for
    the whole graph (N-Triples, Turtle) and the JSON-LD writer writes in one go."""
    from dialoggraph.build import assemble, sort_graph
    from dialoggraph.config import load_settings
    from dialoggraph.export import jsonld
    from dialoggraph.incremental import dumps
    from dialoggraph.rdf.prefixes import Prefixes

    graphs = sort_graph(assemble(load_settings(PROJECT)))
    prefixes = Prefixes(graphs.settings.base_iri)
    whole = {"dataset.nt": ox.serialize(graphs.data, format=ox.RdfFormat.N_TRIPLES),
             "dataset.ttl": ox.serialize(graphs.data, format=ox.RdfFormat.TURTLE, prefixes=prefixes.turtle)}
    jsonld.write_jsonld(tmp_path / "whole.jsonld", prefixes, graphs.data, prefixes.jsonld_context())
    whole["dataset.jsonld"] = (tmp_path / "whole.jsonld").read_bytes()
    monkeypatch.setattr(dumps, "PIECE", 5)
    pieces = dumps.cut(graphs.data)
    assert len(pieces.keys) > 1000
    assert (real_site / "dataset.nt").read_bytes() == whole["dataset.nt"]  # the sorted text, whole
    text = tmp_path / "sorted.nt"  # what the validator writes: the pieces are read from it
    text.write_bytes(whole["dataset.nt"])
    assert set(dumps.PIECED) == {"dataset.ttl", "dataset.jsonld"}
    for part in dumps.PIECED:
        assert (real_site / part).read_bytes() == whole[part], part
        dumps.write_pieced(part, tmp_path / part, prefixes, text, pieces, None, tmp_path / f"{part}.spans")
        assert (tmp_path / part).read_bytes() == whole[part], part


def test_a_sorted_text_that_does_not_match_the_data_is_refused(tmp_path: Path):
    """A piece is read from the sorted text by its lines: a text shorter or longer than the data
    (a stale or damaged scratch file) fails the dump instead of writing the wrong triples."""
    from dialoggraph.incremental import dumps
    from dialoggraph.rdf.order import sort_triples
    from dialoggraph.rdf.prefixes import Prefixes

    base = "https://example.org/"
    data = sort_triples([ox.Triple(ox.NamedNode(f"{base}s{i}"), ox.NamedNode(f"{base}p"), ox.Literal(str(i)))
                         for i in range(10)])
    prefixes, pieces = Prefixes(base), dumps.cut(data)
    lines = ox.serialize(data, format=ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)
    for wrong, says in ((lines[:-1], "ends before"), (lines + lines[-1:], "more lines")):
        text = tmp_path / "sorted.nt"
        text.write_bytes(b"".join(wrong))
        with pytest.raises(ValueError, match=says):
            dumps.write_pieced("dataset.ttl", tmp_path / "dataset.ttl", prefixes, text, pieces, None,
                               tmp_path / "spans")


def test_jsonld_written_directly_equals_pyoxigraphs_expanded_form(tmp_path: Path):
    """The dump's nodes are written straight from the triples; for every kind of term (IRIs,
    blank nodes, plain, language-tagged, typed, directional literals, rdf:type with a literal,
    text that JSON must escape) they are the bytes of pyoxigraph's expanded JSON-LD, compacted
    and laid out by ``json.dumps``."""
    from dialoggraph.config import load_settings
    from dialoggraph.export import jsonld
    from dialoggraph.rdf.order import sort_triples
    from dialoggraph.rdf.prefixes import Prefixes

    settings = load_settings(PROJECT)
    base = settings.base_iri
    n, b, lit = ox.NamedNode, ox.BlankNode, ox.Literal
    schema, rdf_type = "https://schema.org/", n("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    hostile = 'a "quote" \\ back\nslash \u2028 </script> \x01 ümlaut 😀'
    person, blank = n(base + "person/x"), b("b1")
    triples = sort_triples([
        ox.Triple(person, rdf_type, n(schema + "Person")),
        ox.Triple(person, rdf_type, n("http://example.org/Other")),
        ox.Triple(person, rdf_type, blank),
        ox.Triple(person, n(schema + "name"), lit(hostile, language="de-AT")),
        ox.Triple(person, n(schema + "name"), lit("plain " + hostile)),
        ox.Triple(person, n(schema + "birthDate"), lit("1970-01-01", datatype=n("http://www.w3.org/2001/XMLSchema#date"))),
        ox.Triple(person, n("http://example.org/odd"), lit("x", datatype=n("http://example.org/dt"))),
        ox.Triple(person, n("http://example.org/odd!er"), lit("sorts before …/odd once encoded")),
        ox.Triple(person, n(schema + "knows"), blank),
        ox.Triple(blank, rdf_type, lit("a literal class")),
        ox.Triple(blank, rdf_type, n(schema + "Thing")),
        ox.Triple(blank, n(schema + "name"), lit("rtl", language="ar", direction=ox.BaseDirection.RTL)),
        ox.Triple(n(base + "thing/y"), n(schema + "url"), n("http://example.org/" + "é")),
    ])
    prefixes = Prefixes(base)
    jsonld.write_jsonld(tmp_path / "direct.jsonld", prefixes, triples, "context.jsonld")
    written = (tmp_path / "direct.jsonld").read_text(encoding="utf-8")
    expanded = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
    nodes = [json.loads(text) for text in jsonld._node_texts(expanded, prefixes.compact)]
    assert len(nodes) == 3
    assert written == json.dumps({"@context": "context.jsonld", "@graph": nodes},
                                 ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    by_id = {node["@id"]: node for node in json.loads(written)["@graph"]}
    assert by_id["dg:person/x"]["@type"] == ["_:b1", "http://example.org/Other", "schema:Person"]
    assert by_id["_:b1"]["rdf:type"] == [{"@value": "a literal class"}, {"@id": "schema:Thing"}]
    assert by_id["_:b1"]["schema:name"] == [{"@direction": "rtl", "@language": "ar", "@value": "rtl"}]


def test_independent_parser_agrees(real_site: Path):
    """pyoxigraph (Rust) reads all three dumps to the same set of triples as rdflib reads."""
    def ox_set(name, fmt):
        return {str(q.triple) for q in ox.parse(path=str(real_site / name), format=fmt,
                                                base_iri=(real_site / name).as_uri())}
    nt = ox_set("dataset.nt", ox.RdfFormat.N_TRIPLES)
    assert nt == ox_set("dataset.ttl", ox.RdfFormat.TURTLE)
    rdflib_nt = {line.strip() for line in Graph().parse(real_site / "dataset.nt", format="nt")
                 .serialize(format="nt").splitlines() if line.strip()}
    assert len(rdflib_nt) == len(nt)


def test_void_describes_the_dumps(real_site: Path, settings):
    g = Graph().parse(real_site / "void.ttl", format="turtle")
    triples = len(Graph().parse(real_site / "dataset.nt", format="nt"))
    q = """PREFIX void: <http://rdfs.org/ns/void#> PREFIX dcat: <http://www.w3.org/ns/dcat#>
           PREFIX dct: <http://purl.org/dc/terms/>
           SELECT ?n ?space ?lic ?src (COUNT(DISTINCT ?d) AS ?dists) WHERE {
             ?ds a void:Dataset ; void:triples ?n ; void:uriSpace ?space ; dct:license ?lic ; dct:source ?src ;
                 dcat:distribution ?d . ?d dcat:downloadURL ?u ; dcat:mediaType ?m } GROUP BY ?n ?space ?lic ?src"""
    (row,) = list(g.query(q))
    assert int(row.n) == triples
    assert str(row.space) == settings.base_iri
    assert str(row.lic) == "https://creativecommons.org/licenses/by/4.0/"
    assert str(row.src) == settings.source_document_iri
    assert int(row.dists) == 3


def _refuse_every_document(url, options=None):
    raise pyld.JsonLdError(f"test: no document may be loaded ({url})", "loading document failed")


def test_the_jsonld_dump_parses_offline_in_pyoxigraph_rdflib_and_pyld(real_site: Path):
    """The dump carries its context inline: a downloaded copy parses without a network and
    without a document loader, to the graph of the N-Triples dump, in three processors."""
    raw = (real_site / "dataset.jsonld").read_bytes()
    doc = json.loads(raw)
    assert isinstance(doc["@context"], dict) and doc["@context"]["schema"] == "https://schema.org/"
    nt = Graph().parse(real_site / "dataset.nt", format="nt")
    via_oxigraph = ox.serialize(ox.parse(raw, format=ox.RdfFormat.JSON_LD), format=ox.RdfFormat.N_TRIPLES)
    via_rdflib = Graph().parse(data=raw.decode("utf-8"), format="json-ld")
    via_pyld = pyld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": _refuse_every_document})
    for other in (Graph().parse(data=via_oxigraph.decode("utf-8"), format="nt"), via_rdflib,
                  Graph().parse(data=via_pyld, format="nt")):
        assert isomorphic(nt, other)


def test_the_published_context_is_the_dumps_context(real_site: Path):
    """``context.jsonld`` stays published for those who reuse it: the same terms the dump inlines."""
    shared = json.loads((real_site / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    inline = json.loads((real_site / "dataset.jsonld").read_text(encoding="utf-8"))["@context"]
    assert shared == inline


def test_every_jsonld_file_of_the_site_parses_offline(real_site: Path):
    """Entity documents (pyoxigraph's expanded form), the ontology's and the dump: each is a
    self-contained document — no processor needs a network or a document loader (one in every
    dozen entity documents, each in three processors)."""
    files = sorted(real_site.rglob("*.jsonld"))
    assert len(files) > 100
    chosen = [f for f in files if f.name in ("dataset.jsonld", "ontology.jsonld")] + files[::12]
    for path in chosen:
        raw = path.read_bytes()
        expected = len(set(ox.parse(raw, format=ox.RdfFormat.JSON_LD)))
        assert expected > 0, path
        assert len(Graph().parse(data=raw.decode("utf-8"), format="json-ld")) == expected, path
        nquads = pyld.to_rdf(json.loads(raw), {"format": "application/n-quads", "documentLoader": _refuse_every_document})
        assert len({line for line in nquads.splitlines() if line.strip()}) == expected, path

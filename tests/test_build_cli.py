"""The build through its real interface (the `dialoggraph` command): outputs, exit codes, clear
errors for bad input, and that a failed build leaves the previous output exactly as it was."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyld import jsonld
from rdflib import Graph
from rdflib.compare import isomorphic, graph_diff
from typer.testing import CliRunner

from dialoggraph.cli import app

from .conftest import MINI_DATA, PROJECT

runner = CliRunner()


def run(project: Path, *args: str):
    return runner.invoke(app, [*args, "--project", str(project)])


def snapshot(folder: Path) -> dict[str, str]:
    """Content hash and mtime of every file below ``folder``."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            out[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest() + f"@{p.stat().st_mtime_ns}"
    return out


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site."))


@pytest.fixture
def built(mini_project: Path) -> Path:
    result = run(mini_project, "build")
    assert result.exit_code == 0, result.output
    return mini_project


def test_build_writes_every_dump(built: Path):
    site = built / "site"
    for name in ("dataset.ttl", "dataset.nt", "dataset.jsonld", "context.jsonld", "ontology.ttl",
                 "void.ttl", "shapes.ttl", ".well-known/void"):
        assert (site / name).is_file(), name
    assert leftovers(built) == []


@pytest.mark.parametrize("command", [["query", "any.rq"], ["serve", "--port", "9"]])
def test_serve_and_query_never_build_implicitly(mini_project: Path, command: list[str], monkeypatch):
    """Without a built site, ``serve`` and ``query`` say so and how to build it; they build
    nothing (a build is the curator's visible step)."""
    (mini_project / "any.rq").write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1\n", encoding="utf-8")
    monkeypatch.chdir(mini_project)
    result = run(mini_project, *command)
    assert result.exit_code == 2
    assert "dialoggraph build" in result.output
    assert not (mini_project / "site").exists()
    assert leftovers(mini_project) == []


def test_serve_build_builds_first_visibly(mini_project: Path, monkeypatch):
    """``serve --build`` runs the build with its progress, then serves what it built."""
    import dialoggraph.server.app as server_app

    served = {}
    monkeypatch.setattr(server_app, "run", lambda config, host, port: served.update(site=config.site_dir))
    result = run(mini_project, "serve", "--build", "--port", "9")
    assert result.exit_code == 0, result.output
    assert "✓ validate" in result.output and "built" in result.output
    assert served["site"] == mini_project / "site"
    assert (mini_project / "site" / "dataset.nt").is_file()


BAD_INPUTS = {
    "malformed turtle": (
        {"mini.ttl": MINI_DATA, "broken.ttl": "@prefix schema: <https://schema.org/> .\n<a> schema:name \"x\" \n<b> schema:name ;\n"},
        2, ["data/broken.ttl:3:"]),
    "unknown prefix": (
        {"mini.ttl": MINI_DATA + "\n<person/x#id> foo:bar \"y\" .\n"},
        2, [f"data/mini.ttl:{len(MINI_DATA.splitlines()) + 2}:15:", "foo:"]),
    "wrong datatype": (
        {"mini.ttl": MINI_DATA + '\n<org/beispiel-institut#id> schema:foundingDate "1995-13-45"^^xsd:date .\n'},
        1, ["org/beispiel-institut#id", "data/mini.ttl", "foundingDate", "1995-13-45"]),
    "entity without label": (
        {"mini.ttl": MINI_DATA.replace('    schema:name "Jan Beispiel" ;\n', "")},
        1, ["person/jan-beispiel#id", "data/mini.ttl", "genau einen Namen"]),
    "entity without provenance": (
        {"mini.ttl": MINI_DATA + '\n<person/ohne-beleg#id> a schema:Person ; schema:name "Ohne Beleg" .\n'},
        1, ["person/ohne-beleg#id", "without provenance"]),
    "iri outside the namespace": (
        {"mini.ttl": MINI_DATA + '\n<https://elsewhere.example/p#id> a schema:Person ; schema:name "Fremd" ; '
                                 'dgo:anchorText "Das Forum fand in Kaarst statt." .\n'},
        1, ["https://elsewhere.example/p#id", "namespace"]),
    "quote not in the source": (
        {"mini.ttl": MINI_DATA.replace('dgo:anchorText "Jan Beispiel"', 'dgo:anchorText "Johanna Beispiel"')},
        1, ["person/jan-beispiel#id", "data/mini.ttl", "not found"]),
    "empty data folder": ({}, 2, ["holds no .ttl file"]),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_fails_clearly_and_loses_nothing(case: str, built: Path):
    files, code, needles = BAD_INPUTS[case]
    before = snapshot(built / "site")
    for old in (built / "data").glob("*.ttl"):
        old.unlink()
    for name, text in files.items():
        (built / "data" / name).write_text(text, encoding="utf-8")
    for command in ("validate", "build"):
        result = run(built, command)
        assert result.exit_code == code, result.output
        for needle in needles:
            assert needle in result.output, f"{needle!r} not in:\n{result.output}"
        assert "Traceback" not in result.output
    assert snapshot(built / "site") == before
    assert leftovers(built) == []


def test_crash_during_output_leaves_previous_site(built: Path, monkeypatch):
    before = snapshot(built / "site")
    import dialoggraph.export.dumps as export_module

    def explode(path, prefixes, triples, context):
        Path(path).write_text('{"@graph": [', encoding="utf-8")
        raise RuntimeError("disk full")

    monkeypatch.setattr(export_module, "write_jsonld", explode)
    result = run(built, "build")
    assert result.exit_code != 0
    assert snapshot(built / "site") == before
    assert leftovers(built) == []


@pytest.mark.parametrize("case", ["wrong datatype", "entity without label"])
def test_violations_found_while_workers_write_publish_nothing(case: str, built: Path, monkeypatch):
    """With workers (as for big graphs) validation runs in a process of its own while the dumps
    and pages are written: violations still fail the build, the previous site stays, no scratch
    folder and no process is left behind."""
    import multiprocessing

    monkeypatch.setenv("DIALOGGRAPH_WORKERS", "2")
    files, code, needles = BAD_INPUTS[case]
    before = snapshot(built / "site")
    for name, text in files.items():
        (built / "data" / name).write_text(text, encoding="utf-8")
    result = run(built, "build")
    assert result.exit_code == code, result.output
    for needle in needles:
        assert needle in result.output
    assert "nothing was published" in result.output
    assert snapshot(built / "site") == before
    assert leftovers(built) == []
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("stage", ["describe", "check"])
@pytest.mark.parametrize("how", ["raises", "exits"])
def test_a_crashing_validator_fails_the_build(stage: str, how: str, built: Path, monkeypatch):
    """The validator process describes the data (the build takes its VoID), then validates: a
    crash in either, or the process gone without a word, fails the build and publishes nothing."""
    import dialoggraph.build as build_module

    def crash(*_args):
        if how == "exits":
            os._exit(3)
        raise MemoryError("no room for the validation store")

    monkeypatch.setenv("DIALOGGRAPH_WORKERS", "2")
    monkeypatch.setattr(build_module, stage, crash)
    before = snapshot(built / "site")
    result = run(built, "build")
    assert result.exit_code != 0
    if how == "exits":
        assert isinstance(result.exception, SystemExit) and result.exit_code == 2
        missing = "description" if stage == "describe" else "report"
        assert f"the validation process ended without a {missing}" in result.output
    else:
        assert isinstance(result.exception, MemoryError)
    assert snapshot(built / "site") == before
    assert leftovers(built) == []


def test_warnings_do_not_fail(mini_project: Path):
    data = MINI_DATA.replace('"Beispiel-Institut"@de , "Example institute"@en', '"Beispiel-Institut"@de')
    (mini_project / "data" / "mini.ttl").write_text(data, encoding="utf-8")
    result = run(mini_project, "build")
    assert result.exit_code == 0, result.output
    assert "[Warning]" in result.output and "englischer Name" in result.output


def test_validate_and_stats(mini_project: Path):
    result = run(mini_project, "validate")
    assert result.exit_code == 0 and "conforms" in result.output
    result = run(mini_project, "stats")
    assert result.exit_code == 0, result.output
    assert "https://schema.org/Person" in result.output and "Labels per language" in result.output
    assert not (mini_project / "site").exists(), "validate and stats write nothing"


def test_bad_settings(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname='x'\n", encoding="utf-8")
    result = run(tmp_path, "build")
    assert result.exit_code == 2 and "[tool.dialoggraph]" in result.output


def _build_in_subprocess(project: Path, out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "dialoggraph", "build", "--project", str(project), "--out", str(out)],
                   check=True, env=env, capture_output=True)


def test_the_command_ends_its_own_process_with_everything_written(tmp_path: Path):
    """``dialoggraph build`` ends its process without freeing the graph (cli.end_process): exit 0,
    its output flushed even into a pipe, the site complete, no scratch folder, no process left (one
    would hold the pipes open until the timeout) — with the validator and workers forked, as for a
    big graph; the same files as the command run inside the test process."""
    out = tmp_path / "site"
    env = {**os.environ, "DIALOGGRAPH_WORKERS": "2", "DIALOGGRAPH_PROGRESS": "0"}
    done = subprocess.run([sys.executable, "-m", "dialoggraph", "build", "--project", str(PROJECT), "--out", str(out)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "built" in done.stdout and "triples" in done.stdout and str(out) in done.stdout.replace("\n", "")
    assert (out / "index.html").is_file() and (out / "dataset.nt").stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    reference = tmp_path / "reference"
    assert run(PROJECT, "build", "--out", str(reference)).exit_code == 0  # the in-process command
    files = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert files == {str(p.relative_to(reference)) for p in reference.rglob("*") if p.is_file()}
    assert all((out / name).read_bytes() == (reference / name).read_bytes() for name in files)


def test_builds_are_byte_identical_whatever_the_hash_seed(tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    _build_in_subprocess(PROJECT, a, "1")
    _build_in_subprocess(PROJECT, b, "987654")
    files_a = {str(p.relative_to(a)): p.read_bytes() for p in a.rglob("*") if p.is_file()}
    files_b = {str(p.relative_to(b)): p.read_bytes() for p in b.rglob("*") if p.is_file()}
    assert files_a.keys() == files_b.keys()
    different = [name for name in files_a if files_a[name] != files_b[name]]
    assert different == []


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    from dialoggraph.build import build
    from dialoggraph.config import load_settings

    out = tmp_path_factory.mktemp("real") / "site"
    build(load_settings(PROJECT), out)
    return out


def _local_loader(site: Path):
    """A JSON-LD document loader that serves files of the site and refuses everything else."""
    def load(url, options=None):
        name = url.rsplit("/", 1)[-1]
        path = site / name
        if not path.is_file() or not (url == name or url.startswith("file:") or url.endswith("/" + name)):
            raise jsonld.JsonLdError("refusing to fetch", "loading document failed", {"url": url})
        return {"contextUrl": None, "documentUrl": url, "document": json.loads(path.read_text(encoding="utf-8"))}
    return load


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
    jsonld.write_jsonld(tmp_path / "sliced.jsonld", Prefixes(graphs.settings.base_iri), graphs.data, "context.jsonld")
    written = (real_site / "dataset.jsonld").read_bytes()
    assert (tmp_path / "sliced.jsonld").read_bytes() == written
    doc = json.loads(written)
    assert written.decode() == json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


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


def test_jsonld_expands_without_network(real_site: Path):
    doc = json.loads((real_site / "dataset.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == "context.jsonld"
    base = (real_site / "dataset.jsonld").as_uri()
    nquads = jsonld.to_rdf(doc, {"base": base, "format": "application/n-quads",
                                 "documentLoader": _local_loader(real_site)})
    expanded = {line.strip() for line in nquads.splitlines() if line.strip()}
    nt = {line.strip() for line in (real_site / "dataset.nt").read_text(encoding="utf-8").splitlines() if line.strip()}
    assert len(expanded) == len(nt)
    g1, g2 = Graph().parse(data=nquads, format="nt"), Graph().parse(real_site / "dataset.nt", format="nt")
    assert isomorphic(g1, g2)


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


def test_summary_and_void_do_not_depend_on_the_order_of_the_triples():
    """The build describes the graph before sorting it (the validator needs the VoID, not the
    order): shuffled and duplicated input gives the same summary and the same VoID."""
    import random

    from dialoggraph.build import assemble, describe, sort_graph
    from dialoggraph.config import load_settings

    unordered = assemble(load_settings(PROJECT))  # as read, duplicates included
    graphs = describe(sort_graph(unordered))
    assert sorted(set(map(str, unordered.data))) == sorted(map(str, graphs.data))
    shuffled = list(graphs.data) + graphs.data[:50]
    random.Random(7).shuffle(shuffled)
    for data in (unordered.data, shuffled):
        described = describe(replace(unordered, data=data))
        assert described.summary == graphs.summary
        assert described.void == graphs.void

"""The build through its real interface (the `dialoggraph` command): outputs, exit codes, clear
errors for bad input, and that a failed build leaves the previous output exactly as it was."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
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


def leftovers(project: Path, wait: float = 30.0) -> list[str]:
    """Scratch folders left beside the output (the cache of the last build is no leftover), once
    the old site and cache a swap set aside, and the pages a failed build staged, are gone: a
    process of their own removes them after the command (waited for up to ``wait`` seconds)."""
    deadline = time.monotonic() + wait
    while True:
        names = sorted(p.name for p in project.iterdir() if p.name.startswith(".site.") and p.name != ".site.cache")
        if not any(".old-" in name or ".staged-" in name for name in names) or time.monotonic() > deadline:
            return names
        time.sleep(0.05)


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


def test_a_placeholder_base_iri_is_warned_about(mini_project: Path):
    """The shipped base IRI is in a reserved example domain: every command says so, and how to set
    one's own; a base in a real domain gets no warning."""
    result = run(mini_project, "validate")
    assert result.exit_code == 0
    assert "warning:" in result.output and "reserved for examples" in result.output and "base_iri" in result.output
    pyproject = mini_project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(
        "https://data.example.org/nrw-dialog/", "https://daten.institut.de/nrw-dialog/"), encoding="utf-8")
    result = run(mini_project, "validate")
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.output


def test_serve_build_builds_first_visibly(mini_project: Path, monkeypatch):
    """``serve --build`` runs the build with its progress, then serves what it built."""
    import dialoggraph.server.app as server_app

    served = {}
    monkeypatch.setattr(server_app, "run", lambda config, host, port, live=None: served.update(site=config.site_dir))
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
        2, [f"data/mini.ttl:{len(MINI_DATA.splitlines()) + 2}:", "'1995-13-45' is not a valid xsd:date"]),
    "invalid literal no shape looks at": (
        {"mini.ttl": MINI_DATA + '\n<person/jan-beispiel#id> schema:position "zweiter"^^xsd:integer .\n'},
        2, [f"data/mini.ttl:{len(MINI_DATA.splitlines()) + 2}:", "'zweiter' is not a valid xsd:integer"]),
    "integer out of its type's range": (
        {"extra.ttl": '@prefix schema: <https://schema.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                      '<person/jan-beispiel#id> schema:position "-1"^^xsd:nonNegativeInteger .\n'},
        2, ["data/extra.ttl:3:", "'-1' is not a valid xsd:nonNegativeInteger"]),
    "untyped subject outside the namespace": (
        {"extra.ttl": '@prefix schema: <https://schema.org/> .\n<urn:x:fremd> schema:name "Fremd" .\n'},
        2, ["data/extra.ttl:2:", "<urn:x:fremd>", "outside the dataset's namespace"]),
    "entity without label": (
        {"mini.ttl": MINI_DATA.replace('    schema:name "Jan Beispiel" ;\n', "")},
        1, ["person/jan-beispiel#id", "data/mini.ttl", "genau einen Namen"]),
    "entity without provenance": (
        {"mini.ttl": MINI_DATA + '\n<person/ohne-beleg#id> a schema:Person ; schema:name "Ohne Beleg" .\n'},
        1, ["person/ohne-beleg#id", "without provenance"]),
    "iri outside the namespace": (
        {"mini.ttl": MINI_DATA + '\n<https://elsewhere.example/p#id> a schema:Person ; schema:name "Fremd" ; '
                                 'dgo:anchorText "Das Forum fand in Kaarst statt." .\n'},
        2, [f"data/mini.ttl:{len(MINI_DATA.splitlines()) + 2}:", "https://elsewhere.example/p#id", "namespace"]),
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


def test_the_old_site_is_removed_after_the_command_returns(built: Path):
    """The swap renames the old site and cache aside; a process of their own removes them once
    the command has returned (without holding its pipes open: ``run`` would wait for it), and with
    them any an earlier build left behind (its remover killed)."""
    stale = built / ".site.old-killed" / "person"
    stale.mkdir(parents=True)
    (stale / "jan-beispiel.html").write_text("old", encoding="utf-8")
    (built / ".site.cache.old-killed").mkdir()
    before = snapshot(built / "site")
    env = {**os.environ, "DIALOGGRAPH_PROGRESS": "0"}
    done = subprocess.run([sys.executable, "-m", "dialoggraph", "build", "--clean", "--project", str(built)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert snapshot(built / "site").keys() == before.keys()
    assert leftovers(built) == []


def test_without_a_process_for_the_removal_the_build_removes_the_old_site_itself(built: Path, monkeypatch):
    """When no process can be started for the removal, the build (its site already swapped in)
    succeeds and removes the old site and cache itself."""
    import subprocess as subprocess_module

    def no_process(*_args, **_kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(subprocess_module, "Popen", no_process)
    result = run(built, "build", "--clean")
    assert result.exit_code == 0, result.output
    assert (built / "site" / "index.html").is_file()
    assert leftovers(built, wait=0) == []


def test_crash_during_output_leaves_previous_site(built: Path, monkeypatch):
    before = snapshot(built / "site")
    import dialoggraph.incremental.dumps as dumps_module

    def explode(self, triples):  # the JSON-LD dump, half written
        raise RuntimeError("disk full")

    monkeypatch.setattr(dumps_module._JsonLd, "piece", explode)
    result = run(built, "build", "--clean")  # (nothing changed: the build would be up to date)
    assert result.exit_code != 0
    assert snapshot(built / "site") == before
    assert leftovers(built) == []


@pytest.mark.parametrize("workers", ["2", "3"])
@pytest.mark.parametrize("case", ["entity without provenance", "entity without label"])
def test_violations_found_while_workers_write_publish_nothing(case: str, workers: str, built: Path, monkeypatch):
    """With workers (as for big graphs) validation runs in a process of its own (with three, the
    validator shares its checks with a helper) while the dumps and pages are written:
    violations still fail the build, the previous site stays, no scratch folder and no process
    is left behind."""
    import multiprocessing

    monkeypatch.setenv("DIALOGGRAPH_WORKERS", workers)
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


@pytest.mark.parametrize("stage", ["sort_lines", "describe_lines", "check_text"])
@pytest.mark.parametrize("how", ["raises", "exits"])
def test_a_crashing_validator_fails_the_build(stage: str, how: str, built: Path, monkeypatch):
    """The validator process sorts the data's N-Triples (the build takes the order), describes
    the data (the build takes its VoID), then validates: a crash in any of them, or the process
    gone without a word, fails the build and publishes nothing. (The validator is forked here,
    so that it sees the crashing stage; the build's own is a fresh interpreter.)"""
    import dialoggraph.build.validator as validator_module

    def crash(*_args):
        if how == "exits":
            os._exit(3)
        raise MemoryError("no room for the validation store")

    monkeypatch.setenv("DIALOGGRAPH_WORKERS", "2")
    monkeypatch.setattr(validator_module, "VALIDATOR_FORKED", True)
    monkeypatch.setattr(validator_module, stage, crash)
    before = snapshot(built / "site")
    result = run(built, "build", "--clean")  # (nothing changed: the build would be up to date)
    assert result.exit_code != 0
    if how == "exits":
        assert isinstance(result.exception, SystemExit) and result.exit_code == 2
        missing = {"sort_lines": "sort order", "describe_lines": "description", "check_text": "report"}[stage]
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
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.cache", "site"]  # the site and its cache
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


def test_the_summary_from_sorted_lines_is_the_summary_from_the_triples(tmp_path):
    """The build's validator describes the graph from its sorted N-Triples lines: the same
    summary and VoID as from the triples, on the real data, a generated project and a graph with
    blank-node subjects, literal classes, duplicates and example resources of every kind."""
    from dialoggraph.build import assemble
    from dialoggraph.config import load_settings
    from dialoggraph.pipeline.describe import summarise, summarise_lines, void_triples
    from dialoggraph.rdf.order import ntriples, sort_triples, sorted_order

    from .test_compiled_shacl_matches_pyshacl import _load_generator

    _load_generator().generate(10_000, 5, tmp_path / "gen")
    settings = load_settings(PROJECT)
    base, N, L, T = settings.base_iri, ox.NamedNode, ox.Literal, ox.Triple
    rdf_type = N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    person, claim = N("https://schema.org/Person"), N("https://schema.org/Claim")
    odd = [T(N(base + "person/b#id"), rdf_type, person), T(N(base + "person/a#id"), rdf_type, person),
           T(N(base + "person/a#id"), rdf_type, person), T(ox.BlankNode("x1"), rdf_type, claim),
           T(N(base + "claim/z#id"), rdf_type, claim), T(N(base + "x"), rdf_type, L("LiteralClass")),
           T(N(base + "y"), rdf_type, L("LiteralClass", language="de")), T(N("https://elsewhere.example/p"),
           N("https://schema.org/name"), L("ä „x“ \n\"y\"")), T(ox.BlankNode("x2"), rdf_type, N(base + "C"))]
    for folder, data in ((PROJECT, None), (tmp_path / "gen", None), (PROJECT, odd)):
        s = load_settings(folder)
        data = data or assemble(s).data
        expected = summarise(s, sort_triples(data))
        order, lines = sorted_order(ntriples(data))
        got = summarise_lines(s, lines)
        assert got == expected
        if data is not odd:  # (a literal class has no VoID class partition, whatever describes it)
            assert void_triples(s, got) == void_triples(s, expected, sort_triples(data))
    assert summarise_lines(settings, sorted_order(ntriples(odd))[1]).examples == (base + "person/a#id", base + "claim/z#id")


def test_the_validate_figure_is_the_validations_own_time_not_the_builds_wait(mini_project: Path, monkeypatch):
    """With a validator process of its own, the ``validate`` stage says how long validating took
    (until the report was ready), not how long the build took to ask for it: whether the
    validation is on the build's path shows in the figures."""
    import dialoggraph.build as build_module
    from dialoggraph.build import BuildListener, build
    from dialoggraph.config import load_settings

    class Stages(BuildListener):
        def __init__(self):
            self.figures: dict[str, float] = {}

        def stage(self, name, seconds):
            self.figures[name] = seconds

    real_plan = build_module.Plan

    def slow_plan(*args, **kwargs):  # the build's own path takes 2 s longer than the validation
        time.sleep(2.0)
        return real_plan(*args, **kwargs)

    monkeypatch.setenv("DIALOGGRAPH_WORKERS", "2")
    monkeypatch.setattr(build_module, "Plan", slow_plan)
    listener = Stages()
    started = time.perf_counter()
    build(load_settings(mini_project), mini_project / "site", listener)
    assert time.perf_counter() - started > 2.0
    assert 0 < listener.figures["validate"] < 1.5

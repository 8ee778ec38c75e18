"""Validation in several processes: the compiled checks shared out among forked helpers that
share one store give the same report as one process and as pySHACL, result for result and byte
for byte; a build with helpers writes the same files; a failing helper fails the validation and
no helper outlives the validation or the process that forked it."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest
from pyshacl import validate as pyshacl_validate

from dialoggraph.rdf.terms import to_rdflib
from dialoggraph.validation.parallel import run_shared
from dialoggraph.validation.report import results_of_graph
from dialoggraph.validation.runner import compile_shapes, report_of, store_of
from dialoggraph.config import load_settings

from .test_compiled_shacl_matches_pyshacl import FIXTURES, _load_generator, anchored, break_graph, parse, project  # noqa: F401 (a fixture)

PROCESSES = (1, 2, 3)
pytestmark = pytest.mark.filterwarnings("ignore:Parsing weird boolean:UserWarning")


def reports(triples, shapes, settings) -> dict[int, tuple[list, str]]:
    """processes → (raw results, the printed report), each from a fresh store."""
    out = {}
    for n in PROCESSES:
        compiled = compile_shapes(shapes)
        raw = compiled.run(store_of([triples]), processes=n)
        report = report_of(settings, compiled, raw)
        out[n] = (raw, "\n\n".join(str(r) for r in report.results))
    return out


def pyshacl_text(triples, shapes) -> str:
    _c, g, _t = pyshacl_validate(to_rdflib(triples), shacl_graph=shapes, inference="none",
                                 allow_warnings=True, allow_infos=True)
    return "\n\n".join(str(r) for r in results_of_graph(g, {}))


@pytest.mark.parametrize("name", sorted(d.name for d in FIXTURES.iterdir() if d.is_dir()))
def test_each_shape_fixture_gets_the_same_report_from_one_two_and_three_processes(name, settings, project):
    corpus, shapes = project
    for kind in ("valid", "invalid"):
        triples = list(corpus.ontology) + parse(settings, (FIXTURES / name / f"{kind}.ttl").read_text(encoding="utf-8"))
        got = reports(triples, shapes, settings)
        expected = pyshacl_text(triples, shapes)
        for n in PROCESSES:
            assert got[n][0] == got[1][0], (name, kind, n)
            assert got[n][1] == expected, (name, kind, n)
        if kind == "invalid":
            assert got[1][0]


@pytest.fixture(scope="module")
def broken_generated(tmp_path_factory, project):
    """A generated project of about 20 000 triples with violations of every kind."""
    folder = tmp_path_factory.mktemp("gen") / "gen"
    _load_generator().generate(20_000, 11, folder)
    settings = load_settings(folder)
    corpus, data, void = anchored(settings)
    broken, expected = break_graph(list(corpus.ontology) + data + void, settings.base_iri)
    return settings, broken, expected


def test_a_broken_generated_project_gets_the_same_report_from_one_two_and_three_processes(broken_generated, project):
    settings, broken, expected = broken_generated
    _corpus, shapes = project
    got = reports(broken, shapes, settings)
    assert {str(r.component) for r in got[1][0]} >= expected
    assert got[1][1] == pyshacl_text(broken, shapes)
    for n in PROCESSES:
        assert got[n][0] == got[1][0]
        assert got[n][1] == got[1][1]


def test_a_build_with_helpers_writes_the_same_files(tmp_path, monkeypatch):
    """The whole build of a generated project with one process and with three (a validator
    with a helper, three output workers): every file the same bytes."""
    from dialoggraph.build import build

    project = tmp_path / "gen"
    _load_generator().generate(20_000, 3, project)
    sites = {}
    for n in (1, 3):
        monkeypatch.setenv("DIALOGGRAPH_WORKERS", str(n))
        out = tmp_path / f"site-{n}"
        build(load_settings(project), out)
        sites[n] = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    assert sites[1].keys() == sites[3].keys()
    assert [k for k in sites[1] if sites[1][k] != sites[3][k]] == []
    assert not multiprocessing.active_children()


def test_a_failing_check_in_a_helper_fails_the_validation_and_leaves_no_helper():
    parent = os.getpid()
    before = _children()

    def work(i):
        if i == 5 and os.getpid() != parent:
            raise ValueError("check 5 failed in a helper")
        if i == 5:
            time.sleep(0.5)  # give the helpers the chance to take it
            raise ValueError("check 5 failed here")
        return [i]

    with pytest.raises(ValueError, match="check 5 failed"):
        run_shared(work, list(range(20)), 3)
    assert _children() == before
    assert sorted(x for part in run_shared(lambda i: [i * i], list(range(50)), 3) for x in part) == \
        [i * i for i in range(50)]
    assert _children() == before


def _sleep_and_note(folder: str):
    def work(i):
        Path(folder, f"{os.getpid()}-{i}").touch()
        time.sleep(60)
        return [i]
    run_shared(work, [0, 1, 2], 3)


def test_helpers_die_with_the_validator(tmp_path):
    """A build kills its validator when the build fails elsewhere: its helpers go with it."""
    validator = multiprocessing.get_context("fork").Process(target=_sleep_and_note, args=(str(tmp_path),))
    validator.start()
    deadline = time.monotonic() + 20
    while len(list(tmp_path.iterdir())) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    pids = {int(p.name.split("-")[0]) for p in tmp_path.iterdir()}
    assert len(pids) == 3 and validator.pid in pids
    validator.kill()
    validator.join()
    helpers = pids - {validator.pid}
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in helpers if _alive(p)]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _children() -> list[int]:
    me = os.getpid()
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me and fields[0] != "Z":
                out.append(int(entry))
    return out


def test_validating_the_text_falls_back_to_pyshacl_when_the_checks_refuse_after_the_load(settings):
    """The build validates the N-Triples text (dropped once in the store); a construct refused
    only while the checks are compiled against the loaded data still gets pyshacl's report."""
    import dataclasses

    from dialoggraph.rdf.order import ntriples
    from dialoggraph.validation.engine import validate_ntriples, validate_triples

    shapes = parse(settings, "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<shapes/R> a sh:NodeShape ; "
                             "sh:targetClass schema:Person ; sh:property [ sh:path schema:knows ; sh:node <shapes/R> ] ; "
                             "sh:property [ sh:path schema:name ; sh:minCount 1 ] .")
    data = parse(settings, '<person/a#id> a schema:Person ; schema:knows "nobody" . [] a schema:Person .')
    auto = dataclasses.replace(settings, validator="auto")
    text = [ntriples(data[:2])]
    report = validate_ntriples(auto, text, [data[2:]], shapes)
    assert report.engine == "pyshacl" and text == []
    assert report.results == validate_triples(auto, [data], shapes).results
    assert any(r.focus.startswith("[") for r in report.results)  # the blank node, by its label

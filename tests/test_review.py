"""``dialoggraph check`` and ``stats --coverage``: what a reviewer asks before publishing — the
SHACL report, how much of the source the passages cover and what they leave out, and the
project's check queries — as tables and as JSON for CI (exit 0 with warnings, 1 on violations)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dialoggraph.build import assemble, sort_graph
from dialoggraph.cli import app
from dialoggraph.config import load_settings
from dialoggraph.pipeline.anchor import SourceText
from dialoggraph.pipeline.coverage import coverage

from .conftest import MINI_DATA, PROJECT, make_project

runner = CliRunner()


def check(project: Path, *args: str):
    return runner.invoke(app, ["check", *args, "--project", str(project)])


def test_our_documentation_is_covered_to_at_least_99_percent():
    settings = load_settings(PROJECT)
    graphs = sort_graph(assemble(settings))
    cov = coverage(graphs.data, SourceText.read(settings.source_file))
    assert cov.share >= 0.99, [g.text for g in cov.gaps]
    assert sum(s.characters for s in cov.sections) == cov.characters
    assert sum(s.covered for s in cov.sections) == cov.covered
    assert len(cov.sections) > 15 and all(s.label for s in cov.sections)


def test_our_project_passes_the_review_and_says_so_in_json():
    result = check(PROJECT, "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["violations"] == 0
    assert doc["coverage"]["share"] >= 0.99
    assert "isolated-entities" in {c["name"] for c in doc["checks"]}


SOURCE = """Testdokument

Leitung: Jan Beispiel (Beispiel-Institut)

Das Forum fand in Kaarst statt. Die Deutsche Islamkonferenz wurde erwähnt.

Am Beispiel-Institut hieß es: Ein Satz. Ein Satz.
"""

ISOLATED = MINI_DATA.replace('''    schema:affiliation <org/beispiel-institut#id> ;\n''', "").replace(
    'dgo:anchorText "Beispiel-Institut"', 'dgo:anchorText "(Beispiel-Institut)"') + '''
<org/nur-deutsch#id> a schema:Organization ; schema:name "Forum"@de ; dgo:anchorText "Das Forum" .
'''


def test_a_reviewer_sees_gaps_unanchored_names_and_the_checks_findings(tmp_path: Path):
    project = make_project(tmp_path / "p", {"mini.ttl": ISOLATED}, SOURCE)
    result = check(project, "--json")
    assert result.exit_code == 0, result.output  # warnings only
    doc = json.loads(result.stdout)
    cov = doc["coverage"]
    assert 0 < cov["share"] < 1
    assert any("Ein Satz. Ein Satz." in g["text"] for g in cov["gaps"])
    mentioned = {m["text"]: m["entity"] for m in cov["mentions"]}
    assert mentioned.get("Deutsche Islamkonferenz", "absent") is None  # a name the graph lacks
    base = load_settings(project).base_iri
    assert mentioned.get("Beispiel-Institut") == base + "org/beispiel-institut#id"  # known, not anchored there
    rows = {c["name"]: c["rows"] for c in doc["checks"]}
    assert base + "org/beispiel-institut#id" in {r["entity"] for r in rows["isolated-entities"]}
    recommended = {(r["focus"], r["shape"]) for r in doc["shacl"] if r["severity"] == "Warning"}
    assert any(focus == base + "org/nur-deutsch#id" and "EnglishName" in shape for focus, shape in recommended)
    assert doc["warnings"] >= 3 and doc["violations"] == 0
    table = check(project)
    assert table.exit_code == 0
    assert "Entities without a link" in table.stdout and "Deutsche Islamkonferenz" in table.stdout


def test_violations_fail_the_review_with_exit_1(tmp_path: Path):
    project = make_project(tmp_path / "p", {"mini.ttl": MINI_DATA.replace('    schema:name "Jan Beispiel" ;\n', "")})
    result = check(project, "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["violations"] >= 1


def test_a_check_query_named_violation_fails_the_review(tmp_path: Path):
    project = make_project(tmp_path / "p")
    checks = project / "queries" / "checks"
    checks.mkdir(parents=True)
    (checks / "people-without-family-name-violation.rq").write_text(
        "# title@de: Personen ohne Nachnamen\n# title@en: People without a family name\n"
        "SELECT ?person WHERE { ?person a schema:Person FILTER NOT EXISTS { ?person schema:familyName ?f } }\n",
        encoding="utf-8")
    result = check(project)
    assert result.exit_code == 1
    assert "People without a family name" in result.stdout and "1 violation(s)" in result.stdout


def test_a_broken_project_is_an_error_not_a_review(tmp_path: Path):
    project = make_project(tmp_path / "p", {"mini.ttl": MINI_DATA + "\n<a> <b> .\n"})
    assert check(project).exit_code == 2


def test_stats_shows_the_coverage_per_section():
    result = runner.invoke(app, ["stats", "--coverage", "--project", str(PROJECT)])
    assert result.exit_code == 0, result.output
    assert "source coverage" in result.stdout and "Diskussion am Tisch „Arbeit“" in result.stdout

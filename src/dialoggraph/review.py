"""A curator's review of the project (``dialoggraph check``): everything a reviewer asks before a
documentation is published, in one report.

* the SHACL report — violations (never published) and warnings (the recommended shapes);
* the coverage of the source (:mod:`dialoggraph.pipeline.coverage`): the share covered, the gaps,
  names nobody anchored, quotes that match several places;
* check queries: the engine's (``dialoggraph/checks/*.rq``: entities linked to nothing) and the
  project's own (``queries/checks/*.rq``; one of the same name replaces the engine's). A query
  named ``*-violation.rq`` counts as a violation when it returns rows (the OBO convention); the
  others are warnings. What the shapes already say — a German name is required, an English one
  recommended, a statement should have a theme — stays in the shapes: the review lists their
  results and does not ask again.

Nothing is written. The review counts violations; the command line turns them into the exit code.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dialoggraph.build import BuildListener, QUIET, assemble, check, describe, sort_graph
from dialoggraph.config import Settings
from dialoggraph.pipeline.anchor import SourceText
from dialoggraph.pipeline.coverage import Coverage, coverage
from dialoggraph.query.library import NamedQuery, load_library
from dialoggraph.query.store import EmbeddedStore, QueryResult
from dialoggraph.validation.report import ValidationReport

CHECKS_FOLDER = "checks"


@dataclass(frozen=True)
class CheckResult:
    query: NamedQuery
    result: QueryResult

    @property
    def severity(self) -> str:
        return "Violation" if self.query.name.endswith("-violation") else "Warning"


@dataclass
class Review:
    report: ValidationReport
    coverage: Coverage
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def violations(self) -> int:
        return len(self.report.violations) + sum(len(c.result.rows) for c in self.checks
                                                 if c.severity == "Violation")

    @property
    def warnings(self) -> int:
        return len(self.report.warnings) + len(self.coverage.ambiguous) + sum(
            len(c.result.rows) for c in self.checks if c.severity == "Warning")


ENGINE_CHECKS = Path(__file__).parent / "checks"


def check_queries(settings: Settings) -> list[NamedQuery]:
    """The engine's check queries and the project's (``queries/checks/*.rq``), by name."""
    queries = load_library(ENGINE_CHECKS)
    queries.update(load_library(Path(settings.queries_dir) / CHECKS_FOLDER))
    return [queries[name] for name in sorted(queries)]


def review(settings: Settings, listener: BuildListener = QUIET) -> Review:
    """Load, anchor and validate as a build does (a load error or an unplaceable quote raises
    :class:`~dialoggraph.build.BuildError`), then measure the coverage and run the checks —
    also when the data has violations, so one run shows everything to fix."""
    graphs = describe(sort_graph(assemble(settings, listener), listener), listener)
    started = time.perf_counter()
    report = check(graphs)
    listener.stage("validate", time.perf_counter() - started)
    source = SourceText.read(settings.source_file)
    result = Review(report, coverage(graphs.data, source))
    queries = check_queries(settings)
    if queries:
        store = EmbeddedStore.from_triples([*graphs.data, *graphs.void, *graphs.corpus.ontology])
        for query in queries:
            result.checks.append(CheckResult(query, query.run(store, settings.base_iri)))
    return result


def as_json(result: Review) -> dict:
    """The review for machines (``dialoggraph check --json``, CI): plain JSON values only."""
    cov = result.coverage
    return {
        "violations": result.violations,
        "warnings": result.warnings,
        "shacl": [asdict(r) for r in result.report.results],
        "coverage": {
            "share": round(cov.share, 6), "characters": cov.characters, "covered": cov.covered,
            "sections": [{"section": s.section, "label": s.label, "characters": s.characters,
                          "covered": s.covered, "share": round(s.share, 6)} for s in cov.sections],
            "gaps": [asdict(g) for g in cov.gaps],
            "mentions": [asdict(m) for m in cov.mentions],
            "ambiguous_quotes": [asdict(a) for a in cov.ambiguous],
        },
        "checks": [{"name": c.query.name, "title": c.query.title_en or c.query.name, "severity": c.severity,
                    "rows": c.result.dicts()} for c in result.checks],
    }

"""load → anchor → validate → export (→ render), into a fresh folder swapped in at the end.

A build that fails at any stage — a syntax error, a misplaced quote, a violation, a crash —
removes its scratch folder and leaves the previous output exactly as it was.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .anchor import AnchorError, anchor
from .config import Settings
from .export import GraphSummary, sort_triples, summarise, void_triples, write_exports
from .load import Corpus, LoadError, load_corpus, path_for_humans
from .render import render_site
from .validate import ValidationReport, resolve_shapes, validate_triples

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2


class BuildError(Exception):
    """A build stopped. ``exit_code`` follows pySHACL: 1 invalid data, 2 an error before validation."""

    def __init__(self, message: str, exit_code: int, report: ValidationReport | None = None):
        self.exit_code = exit_code
        self.report = report
        super().__init__(message)


@dataclass
class Graphs:
    """The validated state every later stage reads from."""

    settings: Settings
    corpus: Corpus
    data: list[ox.Triple]  # anchored data, sorted
    shapes: list[ox.Triple]
    void: list[ox.Triple]
    summary: GraphSummary
    report: ValidationReport
    timings: dict[str, float] = field(default_factory=dict)


Reporter = Callable[[str, float], None]


@contextmanager
def _stage(name: str, timings: dict[str, float], report: Reporter | None):
    start = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - start
    if report:
        report(name, timings[name])


def relative_origin(settings: Settings, corpus: Corpus) -> dict[str, Path]:
    return {iri: path_for_humans(path, settings.project_dir) for iri, path in corpus.origin.items()}


def prepare(settings: Settings, report: Reporter | None = None) -> Graphs:
    """Load, anchor and validate; raise :class:`BuildError` when the data may not be published."""
    timings: dict[str, float] = {}
    try:
        with _stage("load", timings, report):
            corpus = load_corpus(settings)
    except LoadError as exc:
        raise BuildError(exc.describe(settings.project_dir), EXIT_ERROR) from None
    origin = relative_origin(settings, corpus)
    try:
        with _stage("anchor", timings, report):
            data = sort_triples(anchor(settings, corpus.data, origin))
    except AnchorError as exc:
        raise BuildError("quotes that cannot be placed in the source:\n" + str(exc), EXIT_INVALID) from None
    with _stage("describe", timings, report):
        summary = summarise(settings, data)
        void = void_triples(settings, summary, data)
    shapes = resolve_shapes(settings, corpus.shapes)
    with _stage("validate", timings, report):
        result = validate_triples(settings, [corpus.ontology, data, void], shapes, origin)
    graphs = Graphs(settings, corpus, data, shapes, void, summary, result, timings)
    if not result.conforms:
        raise BuildError(f"{len(result.violations)} SHACL violation(s): nothing was published",
                         EXIT_INVALID, result)
    return graphs


#: Stages that write into the scratch folder after the exports; render.py registers the pages.
OUTPUT_STAGES: list[tuple[str, Callable[[Graphs, Path], None]]] = [("render", render_site)]


def build(settings: Settings, out_dir: Path | None = None, report: Reporter | None = None) -> Graphs:
    """Run the whole build into ``out_dir`` (default: the configured output folder), atomically."""
    out_dir = Path(out_dir or settings.out_dir).resolve()
    graphs = prepare(settings, report)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
    try:
        with _stage("export", graphs.timings, report):
            write_exports(scratch, settings, graphs.data, graphs.corpus.ontology, graphs.shapes, graphs.void)
        for name, stage in OUTPUT_STAGES:
            with _stage(name, graphs.timings, report):
                stage(graphs, scratch)
        scratch.chmod(0o755)
        _swap_in(scratch, out_dir)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return graphs


def _swap_in(scratch: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``scratch`` with two renames; the old tree is removed afterwards."""
    if out_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        old.rmdir()
        out_dir.rename(old)
        try:
            scratch.rename(out_dir)
        except BaseException:
            old.rename(out_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        scratch.rename(out_dir)

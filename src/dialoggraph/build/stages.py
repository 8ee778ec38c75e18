"""The stages of a build up to its output, each taking the previous stage's result and returning
its own (:class:`Graphs`): load and anchor (:func:`assemble`), sort, describe, validate. What a
build reports on the way goes to a :class:`BuildListener`; the library prints nothing."""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from dialoggraph.config import Settings
from dialoggraph.incremental import relative
from dialoggraph.pipeline.anchor import AnchorError, SourceText, anchor
from dialoggraph.pipeline.describe import GraphSummary, summarise, void_triples
from dialoggraph.pipeline.load import Corpus, LoadError, load_corpus, path_for_humans
from dialoggraph.rdf.order import sort_triples
from dialoggraph.runtime import collector_paused, worker_count
from dialoggraph.validation.engine import resolve_shapes, validate_triples
from dialoggraph.validation.report import ValidationReport

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2


class BuildError(Exception):
    """A build stopped. ``exit_code`` follows pySHACL: 1 invalid data, 2 an error before validation."""

    def __init__(self, message: str, exit_code: int, report: ValidationReport | None = None):
        self.exit_code = exit_code
        self.report = report
        super().__init__(message)


class BuildListener:
    """What a build reports while it runs. The defaults say nothing; the command line passes a
    listener that draws stages and a progress bar (``console.py``)."""

    def stage(self, name: str, seconds: float) -> None:
        """A stage is done (``load``, ``anchor``, ``describe``, ``validate``, ``sort``, ``index``, ``output``)."""

    def output_started(self, total: int) -> None:
        """Writing begins: ``total`` pages and dumps to come."""

    def output_advanced(self, done: int) -> None:
        """``done`` more pages (or dumps) are written."""

    def output_finished(self, summary: OutputSummary) -> None:
        """Everything is written (not yet swapped in)."""

    def note(self, message: str) -> None:
        """Something worth saying about this build: up to date, what an incremental build
        reuses, why the cache of the last build was ignored."""


@dataclass(frozen=True)
class OutputSummary:
    entity_pages: int
    site_pages: int
    dumps: int
    seconds: float
    processes: int


QUIET = BuildListener()


@dataclass(frozen=True)
class Graphs:
    """The graph as it will be published, and what the stages so far have found out about it.

    ``assemble`` gives the anchored data as read (``sorted`` False); ``sort_graph`` the same data
    in the order of the dumps, without duplicates; ``described`` adds the summary and the VoID;
    ``accept`` the validation report."""

    settings: Settings
    corpus: Corpus  # the ontology and the files' origins; the curated triples live on in ``data``
    data: list[ox.Triple]
    shapes: list[ox.Triple]
    sorted: bool = False
    void: list[ox.Triple] | None = None  # None until described
    summary: GraphSummary | None = None  # None until described
    report: ValidationReport | None = None  # None until validated
    timings: dict[str, float] = field(default_factory=dict)  # filled as the stages pass
    #: every input file read (relative to the project) → SHA-256 of the bytes read
    inputs: dict[str, str] = field(default_factory=dict)
    #: a build that found everything as the last one left it: nothing was written
    up_to_date: bool = False


@contextmanager
def _stage(name: str, timings: dict[str, float], listener: BuildListener):
    start = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - start
    listener.stage(name, timings[name])


def relative_origin(settings: Settings, corpus: Corpus) -> dict[str, Path]:
    """Each subject's file as people read it (relative to the project); worked out once per file,
    not once per subject."""
    shown = {path: path_for_humans(path, settings.project_dir) for path in set(corpus.origin.values())}
    return {iri: shown[path] for iri, path in corpus.origin.items()}


def assemble(settings: Settings, listener: BuildListener = QUIET) -> Graphs:
    """Load and anchor: the graph as it will be published, in the order it was read (duplicates
    included), not described or validated yet."""
    timings: dict[str, float] = {}
    with collector_paused():  # millions of long-lived objects, no cycles among them
        try:
            with _stage("load", timings, listener):
                corpus = load_corpus(settings)
        except LoadError as exc:
            raise BuildError(exc.describe(settings.project_dir), EXIT_ERROR) from None
        try:
            with _stage("anchor", timings, listener):
                source = _read_source(settings)
                data = anchor(settings, corpus.data, relative_origin(settings, corpus), source)
        except AnchorError as exc:
            raise BuildError("quotes that cannot be placed in the source:\n" + str(exc), EXIT_INVALID) from None
    inputs = {relative(settings, path): digest for path, digest in corpus.hashes.items()}
    inputs[relative(settings, settings.source_file)] = source.sha256
    # the curated triples live on in ``data``, anchored: free the rest before anything forks
    corpus = replace(corpus, data=[])
    return Graphs(settings, corpus, data, resolve_shapes(settings, corpus.shapes), timings=timings, inputs=inputs)


def _read_source(settings: Settings) -> SourceText | None:
    """The source text as read once (its hash is the one of the bytes anchored); ``None`` when
    it cannot be read (the anchor stage says so)."""
    try:
        return SourceText.read(settings.source_file)
    except OSError:
        return None


def sort_graph(graphs: Graphs, listener: BuildListener = QUIET) -> Graphs:
    """The order of the dumps and the page index (:mod:`dialoggraph.rdf.order`); duplicates dropped."""
    with _stage("sort", graphs.timings, listener), collector_paused():
        data = sort_triples(graphs.data)
    return replace(graphs, data=data, sorted=True)


def describe(graphs: Graphs, listener: BuildListener = QUIET) -> Graphs:
    """The summary and the VoID description of the data (neither depends on its order, and
    duplicates in unsorted data do not count)."""
    with _stage("describe", graphs.timings, listener):
        data = graphs.data if graphs.sorted else list(dict.fromkeys(graphs.data))
        summary = summarise(graphs.settings, data)
        void = void_triples(graphs.settings, summary, data)
    return replace(graphs, summary=summary, void=void)


def check(graphs: Graphs, processes: int = 1) -> ValidationReport:
    """Validate data, ontology and VoID against the shapes (the data described first), the
    checks shared out among ``processes`` processes (the same report)."""
    return validate_triples(graphs.settings, [graphs.corpus.ontology, graphs.data, graphs.void], graphs.shapes,
                            relative_origin(graphs.settings, graphs.corpus), processes)


def accept(graphs: Graphs, report: ValidationReport) -> Graphs:
    """The graphs with their report; :class:`BuildError` when the data may not be published."""
    if not report.conforms:
        raise BuildError(f"{len(report.violations)} SHACL violation(s): nothing was published",
                         EXIT_INVALID, report)
    return replace(graphs, report=report)


def prepare(settings: Settings, listener: BuildListener = QUIET) -> Graphs:
    """Load, anchor, sort, describe and validate, all here, nothing written (``validate``,
    ``stats``, ``publish``); :class:`BuildError` when the data may not be published."""
    graphs = describe(sort_graph(assemble(settings, listener), listener), listener)
    with _stage("validate", graphs.timings, listener):
        report = check(graphs, worker_count(len(graphs.data)))
    return accept(graphs, report)

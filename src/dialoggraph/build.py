"""The build as a chain of results: load → anchor → describe and validate → sort → index →
output, written into a fresh folder that is swapped in at the end.

Each stage takes the previous stage's result and returns its own (:class:`Graphs`, immutable:
a later stage returns a new one). What the build has to say on the way — a stage done, pages
written — goes to a :class:`BuildListener` the caller passes in (the command line draws it);
the library prints nothing.

A build that fails at any stage — a syntax error, a misplaced quote, a violation, a crash —
removes its scratch folder and leaves the previous output exactly as it was.
"""

from __future__ import annotations

import gc
import math
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from dialoggraph.config import Settings
from dialoggraph.export.dumps import SORTED_TEXT, write_export_part, write_sorted_text
from dialoggraph.incremental import (CacheIgnored, NextCache, Plan, cache_folder, open_previous,
                                     recorded_entity_pages, recorded_task, relative)
from dialoggraph.incremental.dumps import write_pieced
from dialoggraph.incremental.site_pages import recorded_site_task
from dialoggraph.pipeline.anchor import AnchorError, SourceText, anchor
from dialoggraph.pipeline.describe import GraphSummary, summarise, summarise_lines, void_triples
from dialoggraph.pipeline.load import Corpus, LoadError, load_corpus, path_for_humans
from dialoggraph.rdf.prefixes import Prefixes
from dialoggraph.rdf.order import in_order, ntriples, sort_triples, sorted_order
from dialoggraph.site.site import Site
from dialoggraph.validation.engine import resolve_shapes, validate_ntriples, validate_triples
from dialoggraph.validation.report import ValidationReport

from .runtime import FreshProcess, Workers, batched, collector_paused, keep_collector_off_existing, worker_count

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2
UNSORTED_TEXT = ".dataset.unsorted.nt"  # the graph for the validator, in the scratch folder
#: the validator's process is a fork of this one (tests), not a fresh interpreter
VALIDATOR_FORKED = False


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


class Validation:
    """Sorting, describing and validating the graph, either here and now or in a process of its
    own while the build indexes the graph and writes pages.

    This process writes the graph's N-Triples text once; the validator works on that text
    alone. A process of its own is a fresh interpreter (``spawn``) that reads the text from a
    scratch file: forked from here, it would keep the pages of this process's triples that this
    process goes on touching (the index pass, reference counts), a second copy of the graph for
    as long as it validates. It sorts the lines and sends back the order (this process picks
    its triples in that order), describes the graph from them (summary and VoID, sent back
    too), writes them to ``text_file`` (the dumps are written from it), loads the same text
    into its store and validates (the checks shared out among ``processes`` processes).
    Meanwhile the build writes into its scratch folder; :meth:`wait` raises :class:`BuildError`
    on violations, the scratch folder is removed: nothing is published before the data passed."""

    #: what the validator sends, in this order, and how a missing one is named
    MESSAGES = {"order": "sort order", "description": "description", "report": "report"}

    def __init__(self, graphs: Graphs, workers: int, listener: BuildListener, text_file: Path):
        self.listener = listener
        self.received: dict[str, object] = {}
        self.report: ValidationReport | None = None
        self.process = self.reader = None
        self.start = time.perf_counter()
        processes = validation_processes(workers)
        if workers == 1:
            _validate_into(graphs, [ntriples(graphs.data)], text_file, self._keep, processes)
            self._finish(self._receive("report"))
            return
        lean = replace(graphs, data=[], timings={})  # what the validator needs besides the text
        self.process = FreshProcess(_validate_file, lean, text_file, processes, fork=VALIDATOR_FORKED)
        self.reader = self.process.connection  # the interpreter starts while this process writes the text
        unsorted = text_file.with_name(UNSORTED_TEXT)
        ox.serialize(graphs.data, str(unsorted), format=ox.RdfFormat.N_TRIPLES)
        self.reader.send(unsorted)

    def sorted(self, graphs: Graphs) -> Graphs:
        """``graphs`` with the data in the order of the dumps, without duplicates (the sort
        stage counts from the N-Triples text on)."""
        order = self._receive("order")
        data = in_order(graphs.data, order)
        seconds = time.perf_counter() - self.start
        graphs.timings["sort"] = seconds
        self.listener.stage("sort", seconds)
        return replace(graphs, data=data, sorted=True)

    def described(self, graphs: Graphs) -> Graphs:
        """``graphs`` with the summary and VoID the validation worked out."""
        with _stage("describe", graphs.timings, self.listener):  # (waiting for it)
            summary, void = self._receive("description")
        return replace(graphs, summary=summary, void=void)

    def ready(self) -> bool:
        """Whether the report is known (or can be read without waiting)."""
        return self.report is not None or "report" in self.received or self.reader.poll()

    def wait(self) -> ValidationReport:
        if self.report is None:
            report = self._receive("report")
            self.process.join()
            self._finish(report)
        return self.report

    def _keep(self, message) -> None:
        kind, value = message
        self.received[kind] = value
        if kind == "error":
            raise value

    def _receive(self, expected: str):
        if expected in self.received:
            return self.received.pop(expected)
        try:
            kind, value = self.reader.recv()
        except EOFError:
            raise BuildError(f"the validation process ended without a {self.MESSAGES[expected]}", EXIT_ERROR) from None
        if kind == "error":
            raise value
        if kind != expected:
            raise BuildError(f"the validation process sent a {kind}, not a {expected}", EXIT_ERROR)
        return value

    def _finish(self, report: ValidationReport) -> None:
        self.report = report
        seconds = time.perf_counter() - self.start
        self.listener.stage("validate", seconds)

    def close(self) -> None:
        if self.process is not None:
            self.process.stop()


def validation_processes(workers: int) -> int:
    """Processes for the checks when the build has ``workers``: one core stays with the build's
    own process (index and pages), the others validate. A helper costs memory: the first query
    in a forked helper copies about the whole store (~0.5 GB per million triples, measured), so
    with two cores, where the build's process and the validator already take both, there is
    none."""
    return max(1, workers - 1)


def sort_lines(nt: bytes):
    """The order of the dumps worked out on the N-Triples text (:mod:`dialoggraph.rdf.order`)."""
    return sorted_order(nt)


def describe_lines(graphs: Graphs, lines: list[bytes]) -> tuple[GraphSummary, list[ox.Triple]]:
    """The summary and VoID of the data from its sorted, distinct N-Triples lines."""
    summary = summarise_lines(graphs.settings, lines)
    return summary, void_triples(graphs.settings, summary)


def check_text(graphs: Graphs, text: list[bytes], void: list[ox.Triple], processes: int) -> ValidationReport:
    """Validate the data (its N-Triples text, taken out of ``text`` once in the store),
    ontology and VoID against the shapes, the checks shared out among ``processes`` processes."""
    return validate_ntriples(graphs.settings, text, [graphs.corpus.ontology, void], graphs.shapes,
                             relative_origin(graphs.settings, graphs.corpus), processes)


def _validate_file(connection, graphs: Graphs, text_file: Path, processes: int) -> None:
    """The validator in a process of its own: waits for the unsorted N-Triples file, reads and
    removes it, then :func:`_validate_into`."""
    unsorted = connection.recv()
    text = [unsorted.read_bytes()]
    unsorted.unlink()
    _validate_into(graphs, text, text_file, connection.send, processes)


def _validate_into(graphs: Graphs, text: list[bytes], text_file: Path, send, processes: int) -> None:
    """The validator (a forked process, or this one): sorts the N-Triples text in ``text`` and
    sends ``("order", positions)``, describes the data and sends ``("description", (summary,
    void))`` — the build needs both before its pages, the report only at the end — writes the
    sorted lines to ``text_file``, then validates and sends ``("report", report)``; or ``("error",
    exception)`` at any point."""
    try:
        order, lines = sort_lines(text[0])
        send(("order", order))
        description = describe_lines(graphs, lines)
        send(("description", description))
        write_sorted_text(text_file, lines)  # before the report: the dumps are written once it is here
        del lines, order  # before the store is loaded
        message = ("report", check_text(graphs, text, description[1], processes))
    except BaseException as exc:  # the parent raises it
        message = ("error", exc)
    send(message)


def build(settings: Settings, out_dir: Path | None = None, listener: BuildListener = QUIET,
          keep: list | None = None, clean: bool = False, record: bool | None = None) -> Graphs:
    """Run the whole build into ``out_dir`` (default: the configured output folder), atomically.

    One path for every size: the graph is validated (in a process of its own when there are
    worker processes, else here, first) while it is sorted and indexed and while pages are
    written into the scratch folder; the rest is written once the data has passed. ``keep``
    receives the page index instead of it being freed on return: a caller that ends its process
    right after (the command line) skips freeing it (a second at a million triples).

    Incremental (:mod:`dialoggraph.incremental`): with the cache the last build left beside the
    output, nothing is done when every input is as it was, and otherwise only the pages that read
    something that changed are rendered, the others keep their files — the same bytes as a
    clean build. ``clean`` ignores the cache (a new one is written either way). ``record``: the
    pages record what they read, so that the next build can be incremental — by default when
    the output folder holds an earlier build (someone is editing), not in a fresh folder (a
    clone, CI, publishing), where it would only cost time."""
    out_dir = Path(out_dir or settings.out_dir).resolve()
    if record is None:
        record = cache_folder(out_dir).is_dir()
    previous = None if clean else _previous(out_dir, settings, listener)
    if previous is not None and previous.up_to_date():
        unchanged = _unchanged(settings, previous, listener)
        if unchanged is not None:
            return unchanged
    graphs = assemble(settings, listener)
    # the graph lives until the end: later collections skip it, the validator's fork leaves it be
    keep_collector_off_existing()
    workers = worker_count(len(graphs.data))
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
    try:
        validation = Validation(graphs, workers, listener, scratch / SORTED_TEXT)
        try:
            graphs = validation.described(validation.sorted(graphs))
            graphs = _write_site(graphs, previous, scratch, out_dir, workers, validation, listener, keep,
                                 record)
        finally:
            validation.close()
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    finally:
        gc.unfreeze()
    return graphs


def _write_site(graphs: Graphs, previous, scratch: Path, out_dir: Path, workers: int, validation: Validation,
                listener: BuildListener, keep: list | None, record: bool) -> Graphs:
    """Index, plan and write the site into ``scratch``, then swap it in for ``out_dir``."""
    cache = NextCache(out_dir)
    try:
        with _stage("index", graphs.timings, listener), collector_paused():
            site = Site(graphs, scratch)
            pages, final = site.tasks()
        with _stage("compare", graphs.timings, listener), collector_paused():
            plan = Plan(previous, site, graphs.data, scratch, cache, listener, record=record)
        keep_collector_off_existing()
        with _stage("output", graphs.timings, listener):
            graphs = write_outputs(site, plan, pages, final, workers, validation, listener)
        plan.finish(graphs)
        scratch.chmod(0o755)
        _swap_in(scratch, out_dir)
        cache.commit()
        if keep is not None:
            keep.append(site)
    except BaseException:
        cache.discard()
        raise
    return graphs


def _previous(out_dir: Path, settings: Settings, listener: BuildListener):
    """The last build's cache, or ``None`` (none, or one that cannot be trusted: said why)."""
    try:
        previous = open_previous(out_dir, settings)
    except CacheIgnored as exc:
        listener.note(f"cache ignored: {exc}; a clean build")
        return None
    if previous is not None and previous.stale:
        listener.note(f"cache ignored: {previous.stale}; a clean build")
    return previous


def _unchanged(settings: Settings, previous, listener: BuildListener) -> Graphs | None:
    """The result of a build that finds every input as the last one read it: nothing written."""
    try:
        summary, report = previous.result()
    except (CacheIgnored, TypeError, ValueError) as exc:
        listener.note(f"cache ignored: {exc}; a clean build")
        return None
    listener.note("up to date: nothing written")
    return Graphs(settings, Corpus(), [], [], sorted=True, void=[], summary=summary, report=report,
                  inputs=dict(previous.inputs), up_to_date=True)


def _export_task(site: Site, part: str) -> int:
    """A worker task: one of the dumps (:data:`dialoggraph.export.dumps.EXPORT_PARTS`), the
    collector paused (millions of small strings and lists, no cycle)."""
    g = site.graphs
    with collector_paused():
        write_export_part(part, site.out, g.settings, site.out / SORTED_TEXT, g.corpus.ontology, g.shapes, g.void)
    return 0


def _pieced_task(site: Site, argument: tuple) -> int:
    """A worker task: a dump of the data written in pieces, those the edit did not touch
    taken from the last build's file (:mod:`dialoggraph.incremental.dumps`)."""
    part, pieces, reuse, spans = argument
    g = site.graphs
    with collector_paused():
        write_pieced(part, site.out / part, Prefixes(g.settings.base_iri), site.out / SORTED_TEXT, pieces, reuse,
                     spans)
    return 0


#: the tasks that write a dump: they read the sorted text the validator writes before its report
DUMP_TASKS = (_export_task, _pieced_task)


def write_outputs(site: Site, plan: Plan, pages: list, final: list, workers: int, validation: Validation,
                  listener: BuildListener) -> Graphs:
    """Dumps and pages into ``site.out``; the graphs, validated. While a validator process runs,
    this process writes entity pages itself, the cheapest chunks first (from the end of the
    list); once the data has passed, workers write the rest, the files kept from the last build
    are linked in (:meth:`Plan.before_final`), and this process writes the final pages (they
    show the report). Forking the workers only after validation keeps the validator's store and
    the workers' copies of the graph out of memory at the same time, and wastes nothing on data
    that fails. ``plan`` says which pages and dumps this build writes."""
    parts = plan.export_parts()
    tasks = [(_export_task, part) if plan.pieced(part) is None else (_pieced_task, plan.pieced(part))
             for part in parts] + plan.tasks(pages)
    final = plan.tasks(final)
    own = sum(1 for function, _ in tasks if function in (recorded_task, recorded_site_task)) + len(final)
    start = time.perf_counter()
    listener.output_started(len(plan.render) + own)
    while tasks and tasks[-1][0] not in DUMP_TASKS and not validation.ready():  # (dumps: once validated)
        function, argument = tasks.pop()
        listener.output_advanced(function(site, argument))
    site.graphs = accept(site.graphs, validation.wait())  # the final pages show the report
    def weight(task) -> float:  # the site's own pages are made from the whole graph; the dumps read a file
        return site.chunk_cost(task[1]) if task[0] is recorded_entity_pages else 0 if task[0] in DUMP_TASKS else math.inf
    with Workers(site, workers, recycle=1) as pool:  # batches: each worker runs one (runtime.batched)
        for done in pool.run(batched(tasks, weight)):
            listener.output_advanced(done)
    (site.out / SORTED_TEXT).unlink()  # the dumps are written (dataset.nt links its bytes)
    plan.before_final()
    for function, argument in final:
        listener.output_advanced(function(site, argument))
    listener.output_finished(OutputSummary(len(plan.render), own, len(parts), time.perf_counter() - start, workers))
    return site.graphs


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

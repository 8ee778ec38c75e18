"""load → anchor → validate → export (→ render), into a fresh folder swapped in at the end.

A build that fails at any stage — a syntax error, a misplaced quote, a violation, a crash —
removes its scratch folder and leaves the previous output exactly as it was.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from dialoggraph.pipeline.anchor import AnchorError, anchor
from .config import Settings
from dialoggraph.export.dumps import EXPORT_PARTS, write_export_part
from dialoggraph.pipeline.describe import GraphSummary, summarise, void_triples
from dialoggraph.rdf.order import sort_triples
from dialoggraph.pipeline.load import Corpus, LoadError, load_corpus, path_for_humans
from dialoggraph.site.render import Site, entity_pages_task
from dialoggraph.validation.engine import ValidationReport, resolve_shapes, validate_triples
from .runtime import Workers, collector_paused, keep_collector_off_existing, worker_count

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
    data: list[ox.Triple]  # anchored data, sorted (build: sorted while the validator runs)
    shapes: list[ox.Triple]
    void: list[ox.Triple] | None  # None until described
    summary: GraphSummary | None  # None until described
    report: ValidationReport | None  # None until validated
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
    """Each subject's file as people read it (relative to the project); worked out once per file,
    not once per subject."""
    shown = {path: path_for_humans(path, settings.project_dir) for path in set(corpus.origin.values())}
    return {iri: shown[path] for iri, path in corpus.origin.items()}


def assemble(settings: Settings, report: Reporter | None = None, ordered: bool = True) -> Graphs:
    """Load, anchor, sort and describe: the graph as it will be published, not validated yet.

    ``ordered=False`` is the build's way for big graphs: the triples stay in the order they were
    read, duplicates included, and are not described yet; the build sorts them while the
    validator process (which needs neither the order nor the build's copy without duplicates)
    describes and validates them."""
    with collector_paused():  # millions of long-lived objects, no cycles among them
        return _assemble(settings, report, ordered)


def _assemble(settings: Settings, report: Reporter | None, ordered: bool) -> Graphs:
    timings: dict[str, float] = {}
    try:
        with _stage("load", timings, report):
            corpus = load_corpus(settings)
    except LoadError as exc:
        raise BuildError(exc.describe(settings.project_dir), EXIT_ERROR) from None
    origin = relative_origin(settings, corpus)
    try:
        with _stage("anchor", timings, report):
            data = anchor(settings, corpus.data, origin)
            if ordered:
                data = sort_triples(data)
    except AnchorError as exc:
        raise BuildError("quotes that cannot be placed in the source:\n" + str(exc), EXIT_INVALID) from None
    # the curated triples live on in ``data``, anchored: free the rest before anything forks
    corpus = replace(corpus, data=[])
    shapes = resolve_shapes(settings, corpus.shapes)
    graphs = Graphs(settings, corpus, data, shapes, None, None, None, timings)
    if ordered:
        describe(graphs, report)
    return graphs


def describe(graphs: Graphs, report: Reporter | None = None) -> None:
    """The summary and the VoID description of the data (neither depends on its order)."""
    with _stage("describe", graphs.timings, report):
        graphs.summary = summarise(graphs.settings, graphs.data)
        graphs.void = void_triples(graphs.settings, graphs.summary, graphs.data)


def check(graphs: Graphs) -> ValidationReport:
    """Validate data, ontology and VoID against the shapes (the data described first)."""
    return validate_triples(graphs.settings, [graphs.corpus.ontology, graphs.data, graphs.void], graphs.shapes,
                            relative_origin(graphs.settings, graphs.corpus))


def accept(graphs: Graphs, result: ValidationReport) -> Graphs:
    """Attach the report; raise :class:`BuildError` when the data may not be published."""
    graphs.report = result
    if not result.conforms:
        raise BuildError(f"{len(result.violations)} SHACL violation(s): nothing was published",
                         EXIT_INVALID, result)
    return graphs


def prepare(settings: Settings, report: Reporter | None = None) -> Graphs:
    """Load, anchor and validate; raise :class:`BuildError` when the data may not be published."""
    graphs = assemble(settings, report)
    with _stage("validate", graphs.timings, report):
        result = check(graphs)
    return accept(graphs, result)


class Validation:
    """Validation, either here and now or in a forked process while the outputs are written.

    In the background the build writes into its scratch folder while the validator runs;
    :meth:`wait` raises :class:`BuildError` when there are violations, and the scratch folder
    is then removed: nothing is published before the data has passed."""

    def __init__(self, graphs: Graphs, background: bool, report: Reporter | None):
        self.graphs, self.report, self.result = graphs, report, None
        self.process = self.reader = None
        self.start = time.perf_counter()
        if not background:
            self._finish(check(graphs))
            return
        context = multiprocessing.get_context("fork")
        self.reader, writer = context.Pipe(duplex=False)
        self.process = context.Process(target=_validate_into, args=(graphs, writer), daemon=True)
        self.process.start()
        writer.close()

    def described(self) -> None:
        """Take the summary and VoID from the validator process, which describes the data before
        it validates (:func:`_validate_into`): the build does not describe it a second time."""
        if self.graphs.void is None:
            self.graphs.summary, self.graphs.void = self._receive("description")

    def ready(self) -> bool:
        """Whether the result is known (or can be read without waiting)."""
        return self.result is not None or self.reader.poll()

    def wait(self) -> Graphs:
        if self.result is None:
            report = self._receive("report")
            self.process.join()
            self._finish(report)
        return accept(self.graphs, self.result)

    def _receive(self, expected: str):
        try:
            kind, value = self.reader.recv()
        except EOFError:
            raise BuildError(f"the validation process ended without a {expected}", EXIT_ERROR) from None
        if kind == "error":
            raise value
        if kind != expected:
            raise BuildError(f"the validation process sent a {kind}, not a {expected}", EXIT_ERROR)
        return value

    def _finish(self, result: ValidationReport) -> None:
        self.result = result
        self.graphs.timings["validate"] = time.perf_counter() - self.start
        if self.report:
            self.report("validate", self.graphs.timings["validate"])

    def close(self) -> None:
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join()
            self.reader.close()


def _validate_into(graphs: Graphs, writer) -> None:
    """The validator process: describes the data and sends ``("description", (summary, void))``
    (the build needs them before its pages, the report only at the end), then validates and
    sends ``("report", report)``; or ``("error", exception)`` at any point."""
    try:
        if graphs.void is None:
            graphs.data = list(dict.fromkeys(graphs.data))  # the build's sort drops them for itself
            describe(graphs)
            writer.send(("description", (graphs.summary, graphs.void)))
        message = ("report", check(graphs))
    except BaseException as exc:  # the parent raises it
        message = ("error", exc)
    writer.send(message)
    writer.close()


def build(settings: Settings, out_dir: Path | None = None, report: Reporter | None = None,
          keep: list | None = None) -> Graphs:
    """Run the whole build into ``out_dir`` (default: the configured output folder), atomically.

    Small graphs are validated before anything is written; big ones are validated in a process
    of their own while workers write the dumps and pages into the scratch folder. ``keep``
    receives the page index instead of it being freed on return: a caller that ends its process
    right after (the command line) skips freeing it (a second at a million triples)."""
    out_dir = Path(out_dir or settings.out_dir).resolve()
    graphs = assemble(settings, report, ordered=False)
    # the graph lives until the end: later collections skip it, the validator's fork leaves it be
    keep_collector_off_existing()
    workers = worker_count(len(graphs.data))
    if workers == 1:  # small: everything here, validated before anything is written
        _sort(graphs, report)
        describe(graphs, report)
    validation = Validation(graphs, workers > 1, report)
    try:
        if workers == 1:
            validation.wait()
        else:  # the validator process describes and validates meanwhile
            _sort(graphs, report)
            with _stage("describe", graphs.timings, report):  # (waiting for its description)
                validation.described()
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
        try:
            with _stage("index", graphs.timings, report), collector_paused():
                site = Site(graphs, scratch)
            keep_collector_off_existing()
            with _stage("output", graphs.timings, report):
                write_outputs(site, workers, validation)
            scratch.chmod(0o755)
            _swap_in(scratch, out_dir)
            if keep is not None:
                keep.append(site)
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
    finally:
        validation.close()
        gc.unfreeze()
    return graphs


def _sort(graphs: Graphs, report: Reporter | None) -> None:
    """The order of the dumps and the page index; duplicates dropped."""
    with _stage("sort", graphs.timings, report), collector_paused():
        graphs.data = sort_triples(graphs.data)


def _export_task(site: Site, part: str) -> int:
    """A worker task: one of the dumps (:data:`dialoggraph.export.EXPORT_PARTS`)."""
    g = site.graphs
    write_export_part(part, site.out, g.settings, g.data, g.corpus.ontology, g.shapes, g.void)
    return 0


def write_outputs(site: Site, workers: int, validation: Validation) -> None:
    """Dumps and pages into ``site.out``. While a validator process runs, this process writes
    entity pages itself, the cheapest chunks first (from the end of the list); once the data has passed,
    workers write the rest, and this process the final pages (they show the report). Forking the
    workers only after validation keeps the validator's store and the workers' copies of the
    graph out of memory at the same time, and wastes nothing on data that fails."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .console import console

    pages, final = site.tasks()
    tasks = [(_export_task, part) for part in EXPORT_PARTS] + pages
    own = sum(1 for function, _ in pages if function is not entity_pages_task) + len(final)
    total = len(site.index.pages) + own
    start = time.perf_counter()
    quiet = os.environ.get("DIALOGGRAPH_PROGRESS") == "0"
    with Progress(TextColumn("[bold]Seiten[/bold] {task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True, disable=quiet) as progress:
        bar = progress.add_task("Dumps, Entitäten und Übersichten", total=total)
        while tasks and not validation.ready():
            function, argument = tasks.pop()
            progress.advance(bar, function(site, argument))
        validation.wait()
        with Workers(site, workers) as pool:
            for done in pool.run(tasks):
                progress.advance(bar, done)
        for function, argument in final:
            progress.advance(bar, function(site, argument))
    seconds = time.perf_counter() - start
    if site.index.pages and not quiet:
        console.print(f"  {len(site.index.pages)} Seiten, {own} Übersichten und {len(EXPORT_PARTS)} Dumps in "
                      f"{seconds:.1f} s ({workers} Prozess{'e' if workers > 1 else ''})", highlight=False)


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

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
from pathlib import Path

from dialoggraph.config import Settings
from dialoggraph.export.dumps import SORTED_TEXT, write_export_part
from dialoggraph.incremental import (CacheIgnored, NextCache, Plan, cache_folder, open_previous,
                                     recorded_entity_pages, recorded_task)
from dialoggraph.incremental import staging
from dialoggraph.incremental.dumps import write_pieced
from dialoggraph.incremental.site_pages import recorded_site_task
from dialoggraph.pipeline.load import Corpus
from dialoggraph.rdf.prefixes import Prefixes
from dialoggraph.runtime import (Workers, batched, collector_paused, keep_collector_off_existing, remove_in_background,
                                 worker_count)
from dialoggraph.site.site import Site

from .stages import (EXIT_ERROR, EXIT_INVALID, EXIT_OK, QUIET, BuildError, BuildListener, Graphs, OutputSummary,
                     _stage, accept, assemble, check, describe, prepare, relative_origin, sort_graph)
from .validator import Validation

__all__ = ["EXIT_ERROR", "EXIT_INVALID", "EXIT_OK", "QUIET", "BuildError", "BuildListener", "Graphs",
           "OutputSummary", "accept", "assemble", "build", "check", "describe", "prepare", "relative_origin",
           "sort_graph", "write_outputs"]


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
    # the last build's pages linked ahead while this process loads and anchors (incremental.staging)
    staged = staging.start(previous, out_dir) if record and previous is not None and not previous.stale else None
    try:
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
                                     record, staged)
            finally:
                validation.close()
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
    finally:
        if staged is not None and (left := staged.discard()) is not None:  # (none once placed)
            remove_in_background(left)
        gc.unfreeze()
    return graphs


def _write_site(graphs: Graphs, previous, scratch: Path, out_dir: Path, workers: int, validation: Validation,
                listener: BuildListener, keep: list | None, record: bool, staged=None) -> Graphs:
    """Index, plan and write the site into ``scratch``, then swap it in for ``out_dir``."""
    cache = NextCache(out_dir)
    try:
        with _stage("index", graphs.timings, listener), collector_paused():
            site = Site(graphs, scratch)
            pages, final = site.tasks()
        with _stage("compare", graphs.timings, listener), collector_paused():
            plan = Plan(previous, site, graphs.data, scratch, cache, listener, record=record, staged=staged)
        if staged is not None:
            staged.discard()  # stopped if the plan did not place it: its folder goes with the old site, below
        keep_collector_off_existing()
        with _stage("output", graphs.timings, listener):
            graphs = write_outputs(site, plan, pages, final, workers, validation, listener)
        plan.finish(graphs)
        scratch.chmod(0o755)
        _swap_in(scratch, out_dir)
        cache.commit()
        remove_in_background(*set_aside(out_dir))
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
    list); once the data has passed, workers write the rest while the files kept from the last
    build are linked in (:meth:`Plan.linking`), and this process writes the final pages (they
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
    # batches: each worker runs one (runtime.batched); the kept files are linked meanwhile
    with Workers(site, workers, recycle=1) as pool, plan.linking():
        for done in pool.run(batched(tasks, weight)):
            listener.output_advanced(done)
    (site.out / SORTED_TEXT).unlink()  # the dumps are written (dataset.nt links its bytes)
    plan.before_final()
    for function, argument in final:
        listener.output_advanced(function(site, argument))
    listener.output_finished(OutputSummary(len(plan.render), own, len(parts), time.perf_counter() - start, workers))
    return site.graphs


def _swap_in(scratch: Path, out_dir: Path) -> None:
    """Replace ``out_dir`` by ``scratch`` with two renames; the old tree is renamed aside
    (``.site.old-…``, :func:`set_aside`) for the caller to remove."""
    if not out_dir.exists():
        scratch.rename(out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    old.rmdir()
    out_dir.rename(old)
    try:
        scratch.rename(out_dir)
    except BaseException:
        old.rename(out_dir)
        raise


def set_aside(out_dir: Path) -> list[Path]:
    """The old trees and caches renamed aside beside ``out_dir``: this build's, and any an
    earlier build did not get to remove (its remover was killed, the machine went down)."""
    return sorted(p for pattern in (f".{out_dir.name}.old-*", f".{out_dir.name}.cache.old-*",
                                    f".{out_dir.name}.{staging.PREFIX}*")
                  for p in out_dir.parent.glob(pattern))

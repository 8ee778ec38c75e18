"""An incremental build between its stages: which pages to render, which files to keep.

Once the page index is made, :class:`Plan` records the site's tables (:func:`.reads.instrument`)
and takes their snapshot; with the last build's cache it finds what changed (the tables whose
digest changed compared entry by entry, :func:`.tables.changed`) and the pages that read any of it
(:mod:`.records`). Those pages, and pages new since, are rendered; every other page keeps its
files from the last build. So do the site's own pages that record their reads, whole or unit
by unit — one page of a class's members, one part of the reading view (:mod:`.site_pages`);
the kept files are linked while the workers write (:meth:`Plan.linking`) — the entity pages
earlier, while the build loaded its data (:mod:`.staging`). The dumps of the data are kept when
the data is the same triple for triple, and otherwise patched piece by piece (:mod:`.dumps`);
the other site pages, the static files and the other dumps are written every time and linked
back to the last build's file where they came out the same (:func:`.outputs.settle`). Every
page rendered records what it read, for the next build.
"""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from dialoggraph.export.dumps import EXPORT_PARTS
from dialoggraph.site.site import entity_files, entity_pages_task

from . import outputs
from .dumps import PIECED, Pieces, cut, fingerprint, load_table, recut, reuse_of, save_table, spans_name
from .cache import CacheIgnored, NextCache, Previous, folder_identity
from .inputs import engine_fingerprint, settings_fingerprint
from .reads import begin_page, end_page, entry_id
from .recording import instrument
from .records import Recorder, pages_of
from .site_pages import RECORDING, REUSABLE, SitePlan, recorded_site_task
from .staging import Staged
from . import snapshot
from .tables import changed, state_of

#: the dumps of the data: kept as they are when the data did not change
DATA_DUMPS = ("dataset.jsonld", "dataset.ttl", "dataset.nt")

_RECORDER: Recorder | None = None  # set before workers fork

#: the snapshot's entry for the page helpers' other attributes (:func:`.tables.state_of`)
STATE = "\x00state"


def recorded_entity_pages(site, chunk: list[str]) -> int:
    """A worker task: the entity pages of ``chunk``, each recording what it reads (when this
    build records)."""
    if _RECORDER is None:
        for dp in chunk:
            site.write_entity(dp)
        return len(chunk)
    pages = []
    for dp in chunk:
        begin_page()
        try:
            site.write_entity(dp)
        finally:
            reads = end_page()
        pages.append((dp, reads))
    _RECORDER.write(pages)
    return len(chunk)


def recorded_task(site, task) -> int:
    """A worker task: one of the site's own pages (always written; its reads are not kept)."""
    function, argument = task
    if _RECORDER is None:
        return function(site, argument)
    begin_page()
    try:
        return function(site, argument)
    finally:
        end_page()


def pieces_of(previous: Previous | None, data) -> tuple[Pieces, list[int] | None]:
    """The data cut into pieces (:mod:`.dumps`): at the last build's cuts where it left a
    table, and the last build's fingerprints of them (``None``: nothing to take from its dumps)."""
    table = load_table(previous.folder) if previous is not None and not previous.stale else None
    if table is not None:
        pieces = recut(data, table[0])
        if pieces is not None:
            return pieces, table[1]
    return cut(data), None


class Plan:
    """What this build writes and what it keeps from the last one (``previous``: its cache, or
    ``None`` for a clean build)."""

    def __init__(self, previous: Previous | None, site, data, scratch: Path, cache: NextCache, listener,
                 record: bool = True, staged: Staged | None = None):
        global _RECORDER
        self.site = site
        self.scratch = scratch
        self.cache = cache
        self.listener = listener
        self.tables: dict[str, object] = {}
        self.differ: list[str] = []  # the tables whose digest is not the last build's
        self.changes: set[int] = set()  # the entries that changed in them (.reads.entry_id)
        self.state: dict = {}  # the page helpers' other attributes (STATE), in comparable form
        _RECORDER = None
        usable = record and previous is not None and not previous.stale
        if record:
            # Recording costs about a third of the pages' time (each read of a page table goes
            # through a Python-level wrapper); a build with nothing to be incremental against —
            # a fresh clone, CI, publishing — skips it, and the next build renders every page.
            attributes: dict[str, object] = {}
            self.tables = instrument(site, state=attributes)
            if usable:
                try:
                    previous.digests = previous.table_digests()
                except CacheIgnored as exc:
                    listener.note(f"cache ignored: {exc}; a clean build")
                    usable = False
            found = snapshot.take(self.tables, {STATE: state_of(attributes, str(scratch))}, cache,
                                  previous if usable else None)
            self.differ, self.changes, self.state = found.differ, found.changes, found.kept[STATE]
            if usable and found.ignored is not None:
                listener.note(f"cache ignored: {found.ignored}; a clean build")
                usable = False
            _RECORDER = Recorder(cache.reads, prefix=secrets.token_hex(4))
        self.pieces, self.old_fingerprints = pieces_of(previous, data)
        self.data = fingerprint(self.pieces)  # one number for the sorted data
        save_table(cache.folder, self.pieces)
        RECORDING[:] = [_RECORDER, cache.folder, {}]
        self.site_plan: SitePlan | None = None  # the site's own pages kept, whole or unit by unit
        self.pages = set(dict.keys(site.index.pages))
        self.render = set(self.pages)
        self.keep_dumps = False
        self.reuse: dict = {}  # dump → what it takes from the last build's file (.dumps.Reuse)
        self.kept_files: list[str] = []
        self.linked: set[str] = set()
        self.previous = previous  # its output: files that come out the same keep their inode
        if usable:
            try:
                self._compare(previous, staged)
            except CacheIgnored as exc:
                listener.note(f"cache ignored: {exc}; a clean build")
                self.render, self.kept_files, self.keep_dumps, self.reuse = set(self.pages), [], False, {}
                self.site_plan = None
                RECORDING[2] = {}

    def _compare(self, previous: Previous, staged: Staged | None) -> None:
        gone = previous.digests.keys() - self.tables.keys() - {STATE}  # tables of the last build only
        tables = {name: previous.table(name) for name in gone}
        changes = self.changes | {entry_id(entry) for entry in changed(tables, {}, gone)}
        names = set(self.differ) | gone
        files = previous.reads()
        before = pages_of(files)
        if not before:
            self.listener.note("the last build did not record what its pages read: every page")
        affected = set()
        if STATE in names:
            affected = before  # reads of these are not recorded: every page may have read them
            last = previous.table(STATE) if STATE in previous.digests else {}
            self.listener.note("the page helpers' state changed (" + ", ".join(
                sorted(k for k in self.state.keys() | last.keys() if last.get(k) != self.state.get(k))[:3])
                + "): every page")
        for f in files:
            affected |= f.affected(changes)
        self.render = (self.pages - before) | (affected & self.pages)
        keep = sorted(self.pages - self.render)
        for dp in keep:
            names = entity_files(dp)
            if all(name in previous.outputs for name in names):
                self.kept_files += names
            else:
                self.render.add(dp)
        self.keep_dumps = previous.data == self.data and all(d in previous.outputs for d in DATA_DUMPS)
        if self.keep_dumps:
            self.kept_files += DATA_DUMPS
            for part in PIECED:  # their pieces lie where they lay
                outputs.keep_file(previous.folder / spans_name(part), self.cache.folder / spans_name(part))
        self.site_plan = sites = SitePlan(previous, before, affected, files)
        for names in sites.whole.values():
            self.kept_files += names
        sites.keep_lists(previous.folder, self.cache.folder)
        RECORDING[2] = sites.partial  # the pages' tasks skip these units
        dropped = before - (self.pages - self.render) - sites.kept_keys
        for f in files:
            f.keep(self.cache.reads / f.path.name, dropped)
        self.listener.note(f"incremental: {len(self.render)} of {len(self.pages)} pages to write"
                           + ("" if self.keep_dumps else self._reuse_dumps(previous)) + sites.describe())
        if staged is not None:  # last: after it, nothing may change what is kept
            placed = staged.place(set(self.kept_files), self.scratch)
            if placed:
                self.kept_files = [name for name in self.kept_files if name not in placed]
                self.linked |= placed

    # ------------------------------------------------------------------ the tasks

    def export_parts(self) -> list[str]:
        return [p for p in EXPORT_PARTS if not (self.keep_dumps and p in DATA_DUMPS)]

    def pieced(self, part: str) -> tuple | None:
        """For a dump of the data written in pieces: ``(part, pieces, reuse, spans file)`` —
        what :func:`.dumps.write_pieced` takes; ``None`` for the other parts."""
        if part not in PIECED:
            return None
        return part, self.pieces, self.reuse.get(part), self.cache.folder / spans_name(part)

    def _reuse_dumps(self, previous: Previous) -> str:
        """Which pieces of the data's dumps come from the last build's files (said how many)."""
        if self.old_fingerprints is None:
            return ", the dumps anew"
        for part in PIECED:
            if part in previous.outputs:
                self.reuse[part] = reuse_of(part, previous.folder, previous.out_dir / part,
                                            previous.outputs[part][1], self.old_fingerprints, self.pieces)
        anew = sum(a != b for a, b in zip(self.old_fingerprints, self.pieces.fingerprints))
        whole = [p for p in PIECED if self.reuse.get(p) is None]
        return (f", the dumps patched ({anew} of {len(self.pieces.keys)} pieces anew)"
                + (f", {', '.join(whole)} whole" if whole else ""))

    def tasks(self, pages: list) -> list:
        """The site's tasks for this build: its own pages, recorded; the entity pages to render,
        in the site's chunks and order."""
        out = []
        for function, argument in pages:
            if function is entity_pages_task:
                chunk = [dp for dp in argument if dp in self.render]
                if chunk:
                    out.append((recorded_entity_pages, chunk))
            elif isinstance(argument, str) and argument in REUSABLE:
                if self.site_plan is None or argument not in self.site_plan.whole:
                    out.append((recorded_site_task, (function, argument)))
            else:
                out.append((recorded_task, (function, argument)))
        return out

    @contextmanager
    def linking(self):
        """Link the files kept from the last build in threads of this process while the block
        runs (the workers write); leaving it waits for the links, also when the block fails. No
        worker writes one of these files: a kept page, dump or unit is not rendered (a writer
        that opened a kept name would write through the link into the served file)."""
        if not self.kept_files:
            yield
            return
        with ThreadPoolExecutor(1) as thread:
            linked = thread.submit(outputs.link_files, self.previous.out_dir, self.scratch, self.kept_files)
            try:
                yield
            finally:
                self.linked |= linked.result()
                self.kept_files = []

    def before_final(self) -> None:
        """Link what is left of the files kept from the last build (the final pages read the
        dumps' sizes): all of them without :meth:`linking`, and the units of site pages kept
        while their pages were rendered (known once the pages' tasks wrote their lists)."""
        if self.kept_files:
            self.linked |= outputs.link_files(self.previous.out_dir, self.scratch, self.kept_files)
        units = self.site_plan.kept_unit_files(self.cache.folder) if self.site_plan is not None else []
        if units:
            self.linked |= outputs.link_files(self.previous.out_dir, self.scratch, units)

    def finish(self, graphs) -> None:
        """Settle the new folder's files and write the next cache (not yet swapped in)."""
        previous = self.previous
        files = outputs.settle(self.scratch, previous.out_dir if previous else None,
                               previous.outputs if previous else {}, self.linked)
        manifest = {"engine": engine_fingerprint(), "settings": settings_fingerprint(graphs.settings),
                    "output": folder_identity(self.scratch), "inputs": graphs.inputs, "data": self.data,
                    "pages": len(self.pages), "files": len(files)}
        self.cache.write(manifest, files, (graphs.summary, graphs.report))

"""The site's own pages an incremental build can keep: those whose reads it records and whose
files it knows — as a whole, or unit by unit.

A site page of :data:`REUSABLE` (the class indexes, the reading view, the network …) reads only
the tables :func:`.recording.instrument` records — the page index, the links, the reading
view's text — and the settings and the engine (a change to those makes a clean build). While it
is rendered its reads are recorded like an entity page's, under the key :func:`key`, and it
writes into a folder of its own inside the scratch folder, so that the build knows every file it
wrote (moved into place at once, listed in the cache). The next build keeps such a page — links
its files from the last build — when nothing it read changed and every file is there as the
last build left it; otherwise it renders it again. The other site pages (the question
catalogue reads the data itself and the query folder; the final pages show the report) are
written every time.

A page may consist of units (:class:`dialoggraph.site.pages.common.Units`: one page of a
class's members, one part of the reading view). Each unit's reads are recorded under a key of
its own (:func:`unit_key`), its files listed apart, with a digest of its token (what the page
hands into it); what the page reads outside its units stays under the page's key. When the
page's own reads did not change but some of its units' did, the page is rendered with the
other units as candidates to keep: the page's code runs, and a candidate whose token is the
last build's is skipped — its reads are copied from the last build and its files linked from
there once the task has listed them (:meth:`SitePlan.kept_unit_files`); a unit the page no
longer has is neither.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from dialoggraph.site.pages import common

from . import outputs
from .reads import begin_page, end_page

#: the site's own pages an incremental build may keep
REUSABLE = frozenset({"classes", "read", "network", "themes", "statements", "search", "timeline"})

#: set before workers fork: where a task's reads (a :class:`.records.Recorder`) and the lists
#: of its files go, and the units of each page kept from the last build (page → unit → files)
RECORDING: list = [None, None, {}]

#: a page's files outside its units, in its list of files
SHARED = ""


#: what the keys of site pages' reads begin with (never a document path)
SITE_KEY = "\x00site/"


def key(name: str) -> str:
    """The key a site page's reads are kept under."""
    return SITE_KEY + name


def unit_key(name: str, unit: str) -> str:
    """The key of the reads of one unit of a site page."""
    return key(name) + "\x00" + unit


def files_name(name: str) -> str:
    return f"site-{name}.files"


class RecordedUnits(common.Units):
    """The units of one site page rendered in this task: each unit's reads recorded under its
    own key and its files (those that appeared in the page's folder meanwhile) listed apart;
    a unit of ``candidates`` (unit → its last build's token digest, reads and files) whose token
    is the same is skipped (the build links its files)."""

    def __init__(self, page: str, own: Path, candidates: dict[str, tuple]):
        self.page = page
        self.own = own
        self.candidates = candidates
        self.shared: set = set()  # the page's reads outside its units
        self.reads: list[tuple[str, set]] = []
        self.kept_reads: list[tuple[str, object]] = []  # of the units kept: the last build's numbers
        self.units: dict[str, tuple[str, list[str], bool]] = {}  # unit → token digest, files, kept

    @contextmanager
    def unit(self, page: str, name: str, token=None):
        if page != self.page:  # another page's code: its reads and files are this page's
            yield True
            return
        if name in self.units:
            raise ValueError(f"the site page {page} has two units named {name!r}")
        token = token_digest(token)
        candidate = self.candidates.get(name)
        if candidate is not None and candidate[0] == token:
            self.units[name] = (token, candidate[2], True)
            self.kept_reads.append((unit_key(self.page, name), candidate[1]))
            yield False
            return
        self.shared |= end_page()
        before = set(outputs.walk(self.own))
        begin_page()
        try:
            yield True
        finally:
            reads = end_page()
            begin_page()
            self.reads.append((unit_key(self.page, name), reads))
            self.units[name] = (token, sorted(set(outputs.walk(self.own)) - before), False)

    @contextmanager
    def untracked(self, page: str):
        if page != self.page:
            yield
            return
        self.shared |= end_page()
        try:
            yield
        finally:
            end_page()
            begin_page()


def token_digest(token) -> str:
    return "" if token is None else hashlib.blake2b(marshal.dumps(token), digest_size=16).hexdigest()


def recorded_site_task(site, task) -> int:
    """A worker task: one of the site's own pages of :data:`REUSABLE`, its reads recorded and its
    files written into a folder of their own, then moved into the scratch folder and listed
    (unit by unit, the units kept from the last build skipped)."""
    function, name = task
    recorder, folder, candidates = RECORDING
    if recorder is None:  # a build that does not record: nothing to keep for the next one
        return function(site, name)
    scratch = site.out
    own = scratch / f".page-{name}"
    own.mkdir()
    with os.scandir(scratch) as entries:  # the folders a page may expect (the static files' …)
        for entry in entries:
            if entry.is_dir() and not entry.name.startswith("."):
                (own / entry.name).mkdir()
    saved = site.out, site.outs, site.descriptions.outs
    site.out, site.outs = own, str(own) + os.sep
    site.descriptions.outs = site.outs
    units = RecordedUnits(name, own, candidates.get(name, {}))
    common.UNITS[0] = units
    begin_page()
    try:
        done = function(site, name)
    finally:
        reads = end_page() | units.shared
        common.UNITS[0] = common.Units()
        site.out, site.outs, site.descriptions.outs = saved
    files = outputs.walk(own) if own.is_dir() else []
    made: set[str] = set()
    for rel in files:
        parent = os.path.dirname(rel)
        if parent and parent not in made:
            os.makedirs(scratch / parent, exist_ok=True)
            made.add(parent)
        os.rename(own / rel, scratch / rel)
    shutil.rmtree(own, ignore_errors=True)
    recorder.write([(key(name), reads), *units.reads])
    recorder.write_numbers(units.kept_reads)
    in_units = {f for _token, names, kept in units.units.values() if not kept for f in names}
    lists = {SHARED: ("", [f for f in files if f not in in_units], False), **units.units}
    (folder / files_name(name)).write_bytes(marshal.dumps(lists))
    return done


def read_lists(folder: Path, name: str) -> dict[str, tuple[str, list[str], bool]] | None:
    """A site page's units (:data:`SHARED`: its files outside them) as a build left them: unit
    → (its token's digest, its files, whether that build kept it); ``None`` when there is no
    list or a damaged one."""
    try:
        lists = marshal.loads((folder / files_name(name)).read_bytes())
        for unit, (token, files, kept) in lists.items():
            if not (isinstance(unit, str) and isinstance(token, str) and isinstance(kept, bool)
                    and isinstance(files, list) and all(isinstance(f, str) for f in files)):
                return None
    except Exception:  # noqa: BLE001 - no list, or a damaged one: rendered again
        return None
    return lists


class SitePlan:
    """Which of the site's own pages the build keeps from the last one, whole or unit by unit.

    ``whole``: page → its files, kept as they are (not rendered); ``partial``: page → unit →
    (token digest, reads, files) of the units its task may keep (:class:`RecordedUnits`);
    ``kept_keys``: the keys whose reads the next cache takes from the last one (a page rendered
    writes the reads of all its units, those it kept copied)."""

    def __init__(self, previous, before: set[str], affected: set[str], records):
        self.whole: dict[str, list[str]] = {}
        self.partial: dict[str, dict[str, tuple]] = {}
        self.kept_keys: set[str] = set()
        there = previous.outputs
        numbers = None
        for name in sorted(REUSABLE):
            if key(name) not in before or key(name) in affected:
                continue
            lists = read_lists(previous.folder, name)
            if not lists:
                continue
            kept = {unit: entry for unit, entry in lists.items() if unit != SHARED
                    and unit_key(name, unit) in before and unit_key(name, unit) not in affected
                    and all(f in there for f in entry[1])}
            if len(kept) == len(lists) - (SHARED in lists) and all(f in there for f in lists.get(SHARED, ("", []))[1]):
                self.whole[name] = [f for _token, files, _kept in lists.values() for f in files]
                self.kept_keys |= {key(name), *(unit_key(name, unit) for unit in kept)}
            elif kept:
                if numbers is None:
                    numbers = site_reads(records)
                self.partial[name] = {unit: (token, numbers[unit_key(name, unit)], files)
                                      for unit, (token, files, _kept) in kept.items()
                                      if unit_key(name, unit) in numbers}

    def keep_lists(self, previous_folder: Path, folder: Path) -> None:
        """The lists of files of the site pages kept whole, into the next cache."""
        for name in self.whole:
            outputs.keep_file(previous_folder / files_name(name), folder / files_name(name))

    def kept_unit_files(self, folder: Path) -> list[str]:
        """The files of the units the pages' tasks kept (from the lists they wrote into the next
        cache, ``folder``)."""
        out = []
        for name in self.partial:
            for _token, files, kept in (read_lists(folder, name) or {}).values():
                if kept:
                    out += files
        return out

    def describe(self) -> str:
        parts = list(self.whole) + [f"{name} (up to {len(units)} units)" for name, units in self.partial.items()]
        return f"; site pages kept: {', '.join(parts)}" if parts else ""


def site_reads(records) -> dict[str, object]:
    """The reads of the site pages and their units in the last build's records (its
    :class:`.records.ReadsFile` s): key → numbers."""
    out = {}
    for f in records:
        if any(dp.startswith(SITE_KEY) for dp in f.dps):
            for dp, numbers in f.pages():
                if dp.startswith(SITE_KEY):
                    out[dp] = numbers
    return out

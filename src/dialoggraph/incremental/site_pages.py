"""The site's own pages an incremental build can keep: those whose reads it records and whose
files it knows.

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
"""

from __future__ import annotations

import marshal
import os
import shutil
from pathlib import Path

from . import outputs
from .reads import begin_page, end_page

#: the site's own pages an incremental build may keep
REUSABLE = frozenset({"classes", "read", "network", "themes", "statements", "search", "timeline"})

#: set before workers fork: where a task's reads (a :class:`.records.Recorder`) and the lists
#: of its files go
RECORDING: list = [None, None]


def key(name: str) -> str:
    """The key a site page's reads are kept under (never a document path)."""
    return "\x00site/" + name


def files_name(name: str) -> str:
    return f"site-{name}.files"


def recorded_site_task(site, task) -> int:
    """A worker task: one of the site's own pages of :data:`REUSABLE`, its reads recorded and its
    files written into a folder of their own, then moved into the scratch folder and listed."""
    function, name = task
    recorder, folder = RECORDING
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
    begin_page()
    try:
        done = function(site, name)
    finally:
        reads = end_page()
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
    recorder.write([(key(name), reads)])
    (folder / files_name(name)).write_bytes(marshal.dumps(files))
    return done


def kept_site_pages(previous, before: set[str], affected: set[str]) -> dict[str, list[str]]:
    """The site pages of :data:`REUSABLE` the last build rendered with a record of their reads,
    none of which changed, and whose files are all as it left them: name → its files."""
    out = {}
    for name in sorted(REUSABLE):
        if key(name) not in before or key(name) in affected:
            continue
        try:
            files = marshal.loads((previous.folder / files_name(name)).read_bytes())
        except Exception:  # noqa: BLE001 - no list, or a damaged one: rendered again
            continue
        if isinstance(files, list) and files and all(isinstance(f, str) and f in previous.outputs for f in files):
            out[name] = files
    return out


def keep_lists(previous_folder: Path, folder: Path, names) -> None:
    """The lists of files of the site pages kept, into the next cache."""
    for name in names:
        outputs.keep_file(previous_folder / files_name(name), folder / files_name(name))

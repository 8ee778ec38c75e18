"""The last build's entity pages, hard-linked ahead into a staging folder while this build loads
and anchors its data.

An incremental build keeps nearly every file of the last one: at a million triples it links
about 110 000 of them into its new folder (some 2.5 s of the kernel's time, measured: ~20 µs a
link). Which ones it keeps is known only once the tables are compared; linking them then, while
the workers write the pages that changed, takes a core from the workers. While the build loads
and anchors, the second core has nothing to do: a process forked at the start links every file
of the last build's entity folders (all but the site's own folders) into a staging folder beside
the output. Once the build knows what it keeps (:meth:`Staged.place`), the staged files it does
not keep are unlinked — the pages it renders again, those that are gone — and each staged
top-level folder is renamed into the new folder: one rename instead of thousands of links.

Nothing is written into the last build's output; the staging folder is inside no served tree and
goes with the build if it fails (:meth:`Staged.discard` names it for removal). A staging process
that failed (a file of the last build gone missing) costs nothing but its time: the build links
as before.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path

from dialoggraph.rdf.paths import SITE_DIR, STATIC_DIR

from .outputs import link_files

#: top-level folders of the output that hold no entity pages (written or kept by the site's own pages)
OWN_FOLDERS = frozenset({SITE_DIR, STATIC_DIR})

#: the staging folder beside the output: ``.site.staged-…``
PREFIX = "staged-"


def entity_names(outputs) -> list[str]:
    """The files of the last build in its entity folders (in a folder, not a site folder)."""
    return [name for name in outputs if "/" in name and name.split("/", 1)[0] not in OWN_FOLDERS]


def _stage(old: str, staging: str, names: list[str]) -> None:
    """The staging process: every name linked (folders made as needed); exit code 1 if one fails."""
    try:
        link_files(Path(old), Path(staging), names, threads=1)  # one core: the build has the other
    except BaseException:  # noqa: BLE001 - said by the exit code; the build links as before
        os._exit(1)
    os._exit(0)


class Staged:
    """The last build's entity files being linked into ``.{out}.staged-…`` by a process of its
    own (:func:`start`)."""

    def __init__(self, old: Path, out_dir: Path, names: list[str]):
        self.names = names
        self.finished = False  # placed or discarded
        self.folder = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.{PREFIX}", dir=out_dir.parent))
        # forked at the start of the build: a small process then, and the core is free
        self.process = multiprocessing.get_context("fork").Process(
            target=_stage, args=(str(old), str(self.folder), names), daemon=True)
        self.process.start()

    def place(self, kept: set[str], new: Path) -> set[str]:
        """Put the staged files this build keeps into its folder ``new``; the names placed (none
        when the staging failed: the caller links them as before). Waits for the staging."""
        self.process.join()
        if self.process.exitcode != 0:
            return set()  # (what it linked goes with :meth:`discard`)
        staging = str(self.folder) + os.sep
        drop = [name for name in self.names if name not in kept]
        for name in drop:
            os.unlink(staging + name)
        _prune(self.folder, drop)
        placed = set(self.names) - set(drop)
        target = str(new) + os.sep
        for top in sorted({name.split("/", 1)[0] for name in placed}):
            placed -= {top + "/" + rest for rest in _move(staging + top, target + top)}
        self.finished = True
        shutil.rmtree(self.folder, ignore_errors=True)  # what is left: empty folders, files not placed
        return placed

    def discard(self) -> Path | None:
        """Stop the staging (a failed build, a cache not used, a staging that failed): the folder
        for the caller to remove (thousands of links: it may take a second), ``None`` once the
        files are placed."""
        if self.finished:
            return None
        self.finished = True
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        return self.folder


def start(previous, out_dir: Path) -> Staged | None:
    """Stage the entity files of ``previous`` (the last build's cache); ``None`` when it has none."""
    names = entity_names(previous.outputs)
    return Staged(previous.out_dir, out_dir, names) if names else None


def _prune(root: Path, removed: list[str]) -> None:
    """Remove the folders below ``root`` that ``removed`` left empty (a clean build has no empty
    folder: nor may an incremental one)."""
    base = str(root) + os.sep
    folders = {os.path.dirname(name) for name in removed}
    for folder in sorted(folders, key=lambda f: -f.count("/")):
        while folder:
            try:
                os.rmdir(base + folder)
            except OSError:  # not empty (or gone already)
                break
            folder = os.path.dirname(folder)


def _move(source: str, target: str) -> list[str]:
    """``source`` (a folder) renamed to ``target``; merged into it entry by entry where the build
    made that folder already. The files not moved (the build wrote that name: its own bytes
    stand), relative to ``source``."""
    try:
        os.rename(source, target)
        return []
    except OSError:
        if not os.path.isdir(target):
            raise
    left = []
    with os.scandir(source) as entries:
        for entry in entries:
            there = os.path.join(target, entry.name)
            if entry.is_dir(follow_symlinks=False):
                left += [entry.name + "/" + name for name in _move(entry.path, there)]
            elif os.path.lexists(there):
                left.append(entry.name)
            else:
                os.rename(entry.path, there)
    return left

"""The output folder of an incremental build: the files of the last build that stay as they
are, hard-linked into the new (scratch) folder, and the rewritten ones that came out the same,
linked back to the old file — so a page that did not change keeps its inode and modification
time, and a served file is never written to: the new folder is swapped in whole, as in a clean
build.

Kept files are linked while the workers write (:meth:`.plan.Plan.linking`): a page, dump or
unit kept is not rendered by the same build, so no writer opens a kept name — one that did
would write through the link into the served file. Rewritten files are linked back to the old
one only after everything is written (:func:`settle`).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHUNK = 1 << 20
LINK_THREADS = 4


def link_files(old: Path, new: Path, names: list[str], threads: int = LINK_THREADS) -> set[str]:
    """Hard links ``new/name`` → ``old/name`` for every name not written already; the names linked.
    A folder at a time, in ``threads`` threads: making folders and links waits on the file system
    (thousands of folders at a million triples), not on this process."""
    olds, news = str(old) + os.sep, str(new) + os.sep
    folders: dict[str, list[str]] = {}
    for name in names:
        folders.setdefault(os.path.dirname(name), []).append(name)

    def link_folder(parent: str) -> list[str]:
        if parent:
            os.makedirs(news + parent, exist_ok=True)
        linked = []
        for name in folders[parent]:
            try:
                os.link(olds + name, news + name)
            except FileExistsError:
                continue  # written by this build: its own bytes stand
            except OSError:  # no hard links here (another filesystem): a copy of the same bytes
                with open(olds + name, "rb") as src, open(news + name, "xb") as dst:
                    while block := src.read(CHUNK):
                        dst.write(block)
            linked.append(name)
        return linked

    # parents before their children: a folder's parent is made by the thread that makes it
    order = sorted(folders, key=lambda f: (f.count("/"), f))
    linked: set[str] = set()
    if len(order) < 16 or threads == 1:
        for parent in order:
            linked.update(link_folder(parent))
        return linked
    with ThreadPoolExecutor(threads) as pool:
        for done in pool.map(link_folder, order):
            linked.update(done)
    return linked


def keep_file(old: Path, new: Path) -> None:
    """``new`` with the bytes of ``old`` (a link where it can be); nothing when ``old`` is gone."""
    try:
        os.link(old, new)
    except FileNotFoundError:
        pass
    except OSError:
        try:
            new.write_bytes(old.read_bytes())
        except OSError:
            pass


def same_bytes(a: str, b: str) -> bool:
    with open(a, "rb") as fa, open(b, "rb") as fb:
        while True:
            x, y = fa.read(CHUNK), fb.read(CHUNK)
            if x != y:
                return False
            if not x:
                return True


def settle(new: Path, old: Path | None, previous: dict[str, tuple[int, int, int]], linked: set[str]) -> list[tuple]:
    """Every file of ``new`` as ``(name, inode, size, mtime)``; a file written by this build that
    has the bytes of the last build's file of the same name is replaced by a link to that file."""
    news = str(new) + os.sep
    olds = str(old) + os.sep if old is not None else None
    out = []
    for name in walk(new):
        if name in linked:
            out.append((name, *previous[name]))
            continue
        path = news + name
        st = os.lstat(path)
        before = previous.get(name) if olds is not None else None
        if before is not None and before[1] == st.st_size and same_bytes(path, olds + name):
            spare = path + ".dg-link"
            try:
                os.link(olds + name, spare)
                os.replace(spare, path)
            except OSError:
                pass  # no hard links: the new file stays
            else:
                out.append((name, *before))
                continue
        out.append((name, st.st_ino, st.st_size, st.st_mtime_ns))
    return out


def walk(root: Path) -> list[str]:
    """Every file below ``root`` (relative, with ``/``), in a stable order."""
    out = []
    stack = [""]
    base = str(root) + os.sep
    while stack:
        rel = stack.pop()
        with os.scandir(base + rel if rel else str(root)) as entries:
            for entry in entries:
                name = rel + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append(name + "/")
                else:
                    out.append(name)
    out.sort()
    return out

"""The process and garbage-collector tricks of the program, in one place, each with its reason:
forked worker processes for independent output work, the cyclic collector paused and frozen
around big acyclic structures, and the command's own process ended without tearing down.

Independent pieces of output work run in this process or in forked worker processes.

The build's outputs — the three dumps, thousands of entity pages, the site's own pages — do not
depend on each other, only on the graph and the page index. For a big graph the build forks
worker processes *after* both exist, so the workers inherit them copy-on-write instead of
receiving them pickled. A task is ``(function, argument)`` with a module-level function, called
as ``function(state, argument)`` in whichever process runs it, and returns how many pages it
wrote (for the progress display). Small graphs run every task here: starting workers would cost
more than it saves.
"""

from __future__ import annotations

import ctypes
import gc
import math
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

#: triples from which the build forks workers (and validates in a process of its own)
PARALLEL_FROM = 50_000

#: small tasks a worker runs before it is replaced by a fresh fork: its caches and the pages it
#: copied from the parent (every object it touched) are given back, which caps the memory of
#: the tree; a big task has a worker of its own (:func:`batched`)
RECYCLE_AFTER = 4

Task = tuple[Callable[[object, object], int], object]

_STATE = None  # what the forked workers inherit: set just before the fork
_EXCLUSIVE = None  # held by the one worker running a heavy batch (:func:`batched`)


@contextmanager
def collector_paused():
    """No cyclic garbage collection inside the block. For stages that build large, long-lived,
    acyclic structures (the anchored graph, the page index, the JSON-LD tree): each collection
    would rescan every object made so far — at a million triples that was 15–25 % of those stages,
    and the previous build's state is not garbage yet anyway. Plain reference counting still
    frees everything that is not in a cycle."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def keep_collector_off_existing() -> None:
    """Move every object alive now out of the collector's sight (:func:`gc.freeze`): later
    collections scan only newer objects, and a forked process never touches the inherited
    ones for the collector (which would copy their memory page by page). Undone by
    :func:`gc.unfreeze` when the build ends. No collection first (the recipe of the ``gc``
    documentation): what is alive now was made with the collector paused and has no cycles, and
    a full collection over millions of objects costs a good part of a second."""
    gc.freeze()


def worker_count(triples: int) -> int:
    """Processes for the output work: one per CPU for big graphs; ``DIALOGGRAPH_WORKERS=N`` sets
    the number (also below the size threshold, so tests can prove the output is the same)."""
    wanted = int(os.environ.get("DIALOGGRAPH_WORKERS", "0") or 0)
    if wanted:
        return max(1, min(wanted, 16))
    if triples < PARALLEL_FROM:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def batched(tasks: list[Task], weight: Callable[[Task], float]) -> list[Task]:
    """``tasks`` as batches for workers that are replaced after each batch (``Workers(…,
    recycle=1)``), so that what a worker copied from the parent is given back when its batch is
    done. A task whose ``weight`` is ``math.inf`` touches much of the parent's memory (a site
    page made from the whole graph copies 0.2-0.5 GB of pages per million triples, measured):
    it is a batch of its own that runs while no other such batch runs, each followed by the
    lightest of the others so that the second worker has something else to do meanwhile. The
    others go up to :data:`RECYCLE_AFTER` at a time, in their order, while their weights
    together stay under the heaviest one's (a heavy one alone).

    The heavy batches take turns only when there are enough others to go with each: a build
    that writes few pages (an incremental one after a small edit) has little else to do, and
    its heavy pages waiting for each other left the second worker idle (at 1M the site's own
    pages one after another were most of such a build's output stage)."""
    finite = [w for w in map(weight, tasks) if w != math.inf]
    limit = max(finite, default=0)
    exclusive: list[Task] = []
    out: list[Task] = []
    group: list[Task] = []
    total = 0.0
    for task in tasks:
        w = weight(task)
        if w == math.inf:
            exclusive.append([task])
            continue
        if group and (len(group) == RECYCLE_AFTER or total + w > limit):
            out.append((_batch, group))
            group, total = [], 0.0
        group.append(task)
        total += w
    if group:
        out.append((_batch, group))
    heavy = _exclusive_batch if len(out) >= len(exclusive) else _batch
    interleaved: list[Task] = []
    for batch in exclusive:
        interleaved.append((heavy, batch))
        if out:
            interleaved.append(out.pop())  # the lightest left
    return interleaved + out


def _batch(state, tasks: list[Task]) -> int:
    return sum(function(state, argument) for function, argument in tasks)


def _exclusive_batch(state, tasks: list[Task]) -> int:
    if _EXCLUSIVE is None:
        return _batch(state, tasks)
    with _EXCLUSIVE:
        return _batch(state, tasks)


def _run(task: Task) -> int:
    function, argument = task
    return function(_STATE, argument)


class Workers:
    """``with Workers(state, n) as w: for done in w.run(tasks): …`` — results in completion order.

    With ``n > 1`` the tasks start at once in ``n`` forked processes (the caller may do other
    work before it reads the results); leaving the block with an exception stops them at once.
    A worker is replaced after ``recycle`` tasks (1 for the batches of :func:`batched`)."""

    def __init__(self, state, count: int, recycle: int = RECYCLE_AFTER):
        self.state = state
        self.count = count
        self.recycle = recycle
        self.pool = None

    def __enter__(self) -> Workers:
        if self.count > 1:
            global _STATE, _EXCLUSIVE
            _STATE = self.state
            _EXCLUSIVE = multiprocessing.get_context("fork").Lock()
            keep_collector_off_existing()
            self.pool = multiprocessing.get_context("fork").Pool(self.count, maxtasksperchild=self.recycle)
        return self

    def run(self, tasks: Iterable[Task]) -> Iterator[int]:
        if self.pool is None:
            return (function(self.state, argument) for function, argument in tasks)
        return self.pool.imap_unordered(_run, list(tasks))

    def __exit__(self, exc_type, exc, tb) -> None:
        global _STATE, _EXCLUSIVE
        if self.pool is None:
            return
        if exc_type is not None:
            self.pool.terminate()  # a failed task (or a failed validation) stops the others at once
        else:
            self.pool.close()
        self.pool.join()
        self.pool = None
        _STATE = _EXCLUSIVE = None


class FreshProcess:
    """``function(connection, *args)`` in a process of its own that shares no memory with this
    one: a fresh interpreter (or, with ``fork=True``, a fork of this process, which sees what
    this one has patched: tests). ``connection`` and :attr:`connection` are the two ends of a
    pipe for pickled messages; ``function`` and ``args`` are pickled (a module-level function).
    Unlike multiprocessing's ``spawn``, the fresh interpreter does not import the caller's main
    module again. The process dies with this one (``PR_SET_PDEATHSIG``)."""

    def __init__(self, function: Callable, *args, fork: bool = False):
        self.connection, theirs = multiprocessing.Pipe()
        if fork:
            self.process = multiprocessing.get_context("fork").Process(
                target=_fresh_run, args=(theirs, function, args), daemon=True)
            self.process.start()
        else:
            code = (f"import sys; sys.path[:] = {sys.path!r}; "
                    f"from dialoggraph.runtime import _fresh_main; _fresh_main({theirs.fileno()})")
            self.process = subprocess.Popen([sys.executable, "-c", code], pass_fds=[theirs.fileno()])
            self.connection.send((function, args))
        theirs.close()

    def join(self) -> None:
        """Wait for the process to end."""
        self.process.wait() if isinstance(self.process, subprocess.Popen) else self.process.join()

    def stop(self) -> None:
        """Kill the process unless it has ended; reap it."""
        if isinstance(self.process, subprocess.Popen):
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait()
        else:
            if self.process.is_alive():
                self.process.kill()
            self.process.join()
        self.connection.close()


def _die_with_parent() -> None:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG


def _fresh_main(fd: int) -> None:
    """The fresh interpreter's start: the function and its arguments come through the pipe."""
    connection = Connection(fd)
    function, args = connection.recv()
    _fresh_run(connection, function, args)


def _fresh_run(connection: Connection, function: Callable, args: tuple) -> None:
    _die_with_parent()
    function(connection, *args)


#: set by :func:`own_process`: this process is the ``dialoggraph`` command, not a test's runner
_OWN_PROCESS = False


def own_process() -> None:
    """Mark this process as the command's own (called by the console entry point only)."""
    global _OWN_PROCESS
    _OWN_PROCESS = True


def end_process() -> None:
    """End the command's own process here, with exit code 0, without freeing the build's graph
    and page index object by object (millions of them: over a second at a million triples, on
    one core, after the work is done). Everything is written and closed by now — the output
    folder is swapped in, the worker and validator processes are joined — so only the standard
    streams need flushing; the operating system takes the memory back at once. Inside a test's
    ``CliRunner`` (no :func:`own_process`) the command returns as usual."""
    if _OWN_PROCESS:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


# ---------------------------------------------------------------------- the last build's tree

#: threads that unlink a tree's files, a folder each at a time
REMOVE_THREADS = 4


def remove_in_background(*roots: Path) -> None:
    """Remove the folders ``roots`` — the last build's output and cache, renamed aside by the
    swap — in a process of its own that outlives this one, so that the command returns as soon
    as the new site is in place: the old tree is a hundred thousand links at a million triples
    (about 1.4 s of unlinking on this project's 2-core VM), and nothing waits for it. The folders
    are no longer reachable by their served names, so removing them later changes nothing a reader
    sees; a remover that is killed leaves them behind, and the next build's remover takes them
    along (:func:`dialoggraph.build.set_aside`)."""
    names = [str(r) for r in roots]
    if not names:
        return
    code = (f"import sys; sys.path[:] = {sys.path!r}; from dialoggraph.runtime import remove_tree; "
            "[remove_tree(root) for root in sys.argv[1:]]")
    try:
        subprocess.Popen([sys.executable, "-c", code, *names], start_new_session=True, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=True)
    except OSError:  # no process to be had (limits): the site is in place, so remove them here
        for name in names:
            remove_tree(name)


def remove_tree(root: str | Path) -> None:
    """Remove the folder ``root`` and everything in it (the last build's output after the swap:
    over a hundred thousand links at a million triples). Like ``shutil.rmtree(root,
    ignore_errors=True)``, but a folder at a time in a few threads: unlinking waits on the file
    system. In the process of :func:`remove_in_background` it holds nobody up."""
    folders: list[str] = []

    def clear(folder: str) -> list[str]:
        inner = []
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        inner.append(entry.path)
                    else:
                        try:
                            os.unlink(entry.path)
                        except OSError:
                            pass
        except OSError:
            pass
        return inner

    with ThreadPoolExecutor(REMOVE_THREADS) as pool:
        level = [str(root)]
        while level:  # a level of the tree at a time, its folders shared out among the threads
            folders += level
            level = [inner for found in pool.map(clear, level) for inner in found]
    for folder in reversed(folders):  # children before their parents
        try:
            os.rmdir(folder)
        except OSError:
            pass
    if os.path.lexists(root):  # anything that would not go (permissions …): as rmtree would
        shutil.rmtree(root, ignore_errors=True)

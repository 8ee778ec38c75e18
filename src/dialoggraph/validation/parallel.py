"""The checks of a validation run by several processes that share one store.

The store is loaded once; then this process forks helpers, which inherit the store, the compiled
checks and everything else copy-on-write (queries only read). Every process — this one
included — takes the next check from a queue of tickets (the checks' numbers, written into a
pipe before the fork: a read of four bytes from a pipe takes four bytes or none, so no check is
taken twice), runs it, and goes on until the queue is empty; the helpers then send their results
back pickled. The caller merges them into a set: the same results whatever process found them.

A helper dies with the process that forked it (``PR_SET_PDEATHSIG``): a build that kills its
validator leaves no helper behind. A helper's exception is raised here.
"""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import signal
import struct
from collections.abc import Callable, Sequence

_TICKET = struct.Struct("<I")
_PR_SET_PDEATHSIG = 1


def run_shared(work: Callable[[object], list], items: Sequence, processes: int) -> list[list]:
    """``[work(item) for item in items]`` in up to ``processes`` processes (this one and forked
    helpers), in no particular order."""
    helpers = min(processes, len(items)) - 1
    if helpers <= 0:
        return [work(item) for item in items]
    tickets_r, tickets_w = os.pipe()
    os.write(tickets_w, b"".join(_TICKET.pack(i) for i in range(len(items))))
    os.close(tickets_w)  # the queue is full and closed: an empty read means no work is left
    parent = os.getpid()
    gc.freeze()  # the collector of a helper leaves the inherited objects (and their pages) alone
    children: list[tuple[int, int]] = []
    try:
        for _ in range(helpers):
            results_r, results_w = os.pipe()
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the helper (its coverage is not collected)
                os.close(results_r)
                _helper(work, items, tickets_r, results_w, parent)
            os.close(results_w)
            children.append((pid, results_r))
        out = _take(work, items, tickets_r)
        for pid, results_r in children:
            with os.fdopen(results_r, "rb") as fh:
                payload = fh.read()
            _pid, status = os.waitpid(pid, 0)
            if not payload:
                raise RuntimeError(f"a validation helper ended without results (status {status})")
            kind, value = pickle.loads(payload)
            if kind == "error":
                raise value
            out.extend(value)
        children.clear()
        return out
    finally:
        os.close(tickets_r)
        for pid, _r in children:  # on the way out with an exception: none is left behind
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        gc.unfreeze()


def _take(work, items, tickets: int) -> list[list]:
    out = []
    while len(ticket := os.read(tickets, _TICKET.size)) == _TICKET.size:
        out.append(work(items[_TICKET.unpack(ticket)[0]]))
    return out


def _helper(work, items, tickets: int, results: int, parent: int) -> None:  # pragma: no cover
    """A forked helper: work through the queue, send the results, end without cleaning up
    (the inherited state belongs to the parent)."""
    try:
        _die_with(parent)
        message = ("ok", _take(work, items, tickets))
    except BaseException as exc:  # the parent raises it
        message = ("error", exc)
    try:
        payload = pickle.dumps(message)
    except Exception as exc:  # an exception that does not pickle
        payload = pickle.dumps(("error", RuntimeError(f"validation helper: {message[1]!r} ({exc})")))
    try:
        with os.fdopen(results, "wb") as fh:
            fh.write(payload)
    finally:
        os._exit(0)


def _die_with(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies; end now if it already has."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the parent's finally still kills helpers
        pass
    if os.getppid() != parent:
        os._exit(1)

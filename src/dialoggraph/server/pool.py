"""SPARQL in worker processes over one read-only on-disk store.

pyoxigraph cannot interrupt a running query from another thread, so a timeout that really stops
the work needs a process to kill: a query that outlives its timeout gets its worker killed and
replaced while the others keep answering. Each worker (:mod:`dialoggraph.server.worker`) opens
the store read-only; a counter caps the queries in flight (:class:`PoolBusy` beyond it).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path

log = logging.getLogger("dialoggraph.serve")


class QueryTimeout(Exception):
    pass


class PoolBusy(Exception):
    pass


class QueryFailed(Exception):
    """The query engine rejected or could not finish the query; ``str()`` is safe to show."""


class _Worker:
    """One worker process (:mod:`dialoggraph.server.worker`) and the socket to it."""

    def __init__(self, store_path: Path, base_iri: str, memory_mb: int = 0, start_timeout: float = 60.0):
        parent, child = socket.socketpair()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "dialoggraph.server.worker", str(child.fileno()), str(store_path), base_iri,
                 str(memory_mb)],
                pass_fds=[child.fileno()], stdin=subprocess.DEVNULL, close_fds=True)
        finally:
            child.close()
        self.conn = Connection(parent.detach())
        if not self.conn.poll(start_timeout):
            self.kill()
            raise RuntimeError("a query worker did not start")
        try:
            hello = self.conn.recv()
        except (EOFError, OSError):
            hello = {}
        if not hello.get("ready"):
            self.kill()
            raise RuntimeError(hello.get("error", "a query worker did not start"))
        self.pid = hello["pid"]

    def call(self, request: dict, timeout: float) -> dict:
        self.conn.send(request)
        if not self.conn.poll(timeout):
            raise QueryTimeout()
        return self.conn.recv()

    def kill(self) -> None:
        try:
            self.process.kill()
        except OSError:
            pass
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            pass
        try:
            self.conn.close()
        except OSError:
            pass

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        try:
            self.process.wait(2)
        except subprocess.TimeoutExpired:
            self.kill()
            return
        try:
            self.conn.close()
        except OSError:
            pass


class QueryPool:
    """Worker processes over one read-only on-disk store, driven from the event loop."""

    def __init__(self, store_path: Path, base_iri: str, workers: int, max_concurrent: int, memory_mb: int = 0):
        self.store_path = store_path
        self.memory_mb = memory_mb
        self.base_iri = base_iri
        self.size = max(1, workers)
        self.max_concurrent = max(1, max_concurrent)
        self._executor = ThreadPoolExecutor(max_workers=self.size * 2 + 2, thread_name_prefix="dg-query")
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self.in_flight = 0
        self.timeouts = 0

    def _spawn(self) -> _Worker:
        worker = _Worker(self.store_path, self.base_iri, self.memory_mb)
        with self._lock:
            self._all.add(worker)
        return worker

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        workers = await asyncio.gather(*[loop.run_in_executor(self._executor, self._spawn)
                                         for _ in range(self.size)])
        for w in workers:
            self._idle.put_nowait(w)

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return sorted(w.pid for w in self._all)

    async def run(self, request: dict, timeout: float) -> dict:
        if self.in_flight >= self.max_concurrent:
            raise PoolBusy()
        self.in_flight += 1
        loop = asyncio.get_running_loop()
        try:
            try:  # waiting for a free worker is bounded by the timeout too; then 503
                worker = await asyncio.wait_for(self._idle.get(), timeout)
            except asyncio.TimeoutError:
                raise PoolBusy() from None
            # The query itself gets the whole timeout: time spent queueing is not its fault.
            future = loop.run_in_executor(self._executor, worker.call, request, timeout)
            try:
                answer = await asyncio.shield(future)
            except asyncio.CancelledError:
                # The client went away: let the worker finish (or time out) on its own, then
                # give it back to the pool (or replace it).
                future.add_done_callback(lambda f: self._after_abandoned(f, worker))
                raise
            except QueryTimeout:
                self.timeouts += 1
                await self._replace(worker)
                raise
            except (EOFError, OSError, BrokenPipeError):
                await self._replace(worker)
                raise QueryFailed("Die Abfrage brauchte zu viel Speicher / the query needed more memory "
                                  "than this endpoint allows; narrow it or add a LIMIT") from None
            self._idle.put_nowait(worker)
            return answer
        finally:
            self.in_flight -= 1

    def _after_abandoned(self, future, worker: _Worker) -> None:
        if future.cancelled() or future.exception() is not None:
            asyncio.ensure_future(self._replace(worker))
        else:
            self._idle.put_nowait(worker)

    async def _replace(self, worker: _Worker) -> None:
        loop = asyncio.get_running_loop()
        with self._lock:
            self._all.discard(worker)
        await loop.run_in_executor(self._executor, worker.kill)
        try:
            fresh = await loop.run_in_executor(self._executor, self._spawn)
        except Exception:  # noqa: BLE001 - keep serving with one worker fewer; logged
            log.exception("could not replace a query worker")
            return
        self._idle.put_nowait(fresh)

    def close(self) -> None:
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.stop()
        self._executor.shutdown(wait=False, cancel_futures=True)

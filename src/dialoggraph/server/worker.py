"""A SPARQL query worker of the server: a separate process that opens the on-disk store
read-only and answers the queries the server sends it over a socket.

Started by :class:`dialoggraph.server.pool.QueryPool` as ``python -m dialoggraph.server.worker FD
STORE BASE MEMORY_MB`` — a plain subprocess rather than ``multiprocessing``, so the server works from any
entry point (a script, a REPL, uvicorn) without re-importing the caller's ``__main__``. The
server kills a worker whose query outlives the timeout; that is how a running query stops.
"""

from __future__ import annotations

import os
import sys
from multiprocessing.connection import Connection
from pathlib import Path

from dialoggraph.rdf.prefixes import Prefixes
from dialoggraph.query.results import SELECT_WRITERS, NotExpressible, ask_bytes, graph_bytes
from dialoggraph.query.store import EmbeddedStore, collect


def answer(store: EmbeddedStore, request: dict, base_iri: str) -> dict:
    """Run one query request; the result serialised, or an error message (never a traceback)."""
    prefixes = Prefixes(base_iri)
    try:
        raw = store.store.query(request["query"], base_iri=base_iri, prefixes=prefixes.map)
        result = collect(raw, request["max_rows"])
    except SyntaxError as exc:
        return {"ok": False, "status": 400, "error": f"SPARQL syntax error: {exc}"}
    except Exception as exc:  # noqa: BLE001 - the engine's message
        return {"ok": False, "status": 400, "error": f"the query failed: {exc}"}
    fmt = request["format"]
    if result.form == "ASK":
        body, count = ask_bytes(bool(result.boolean), fmt), 1
    elif result.form == "SELECT":
        body = SELECT_WRITERS[fmt](result.variables, result.rows, result.truncated)
        count = len(result.rows)
    else:
        try:
            body, count = graph_bytes(result.triples, fmt, prefixes.turtle), len(result.triples)
        except NotExpressible as exc:
            return {"ok": False, "status": 406, "error": str(exc)}
    return {"ok": True, "form": result.form, "body": body, "truncated": result.truncated, "count": count}


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space: a query that would take more memory makes the
    allocation fail and the worker exit (the server replaces it) instead of starving the
    machine. 0 = no cap."""
    if megabytes > 0:
        import resource

        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(argv: list[str]) -> int:
    fd, store_path, base_iri = int(argv[0]), argv[1], argv[2]
    memory_mb = int(argv[3]) if len(argv) > 3 else 0
    conn = Connection(fd)
    try:
        store = EmbeddedStore.open_read_only(Path(store_path))
        limit_memory(memory_mb)
    except Exception as exc:  # noqa: BLE001 - reported to the server
        conn.send({"ok": False, "error": f"cannot open the store: {exc}"})
        return 1
    conn.send({"ready": True, "pid": os.getpid()})
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return 0
        if request is None:
            return 0
        try:
            conn.send(answer(store, request, base_iri))
        except (EOFError, OSError):
            return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

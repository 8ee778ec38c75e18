"""The linked-data server: the built site with content negotiation, and a read-only SPARQL
1.1 Protocol endpoint at ``/sparql`` — a Starlette app under uvicorn.

Entity IRIs keep the dataset's base IRI (``https://data.example.org/nrw-dialog/person/x#id``);
the server maps the base's path onto its own root, so ``/person/x`` answers for that entity
with HTML, Turtle, JSON-LD or N-Triples as the ``Accept`` header asks (q-values honoured,
``Vary: Accept``, ``Link: rel=alternate`` to every representation, HEAD). The files the build
wrote (``person/x.html|.ttl|.jsonld``, see :mod:`dialoggraph.paths`) are served when they
exist; otherwise the description comes from the store (always so for N-Triples, of which the
build writes no per-page file). A document path with neither → 404; a
type we cannot produce → 406.

Why worker processes for SPARQL: pyoxigraph cannot interrupt a running query from another
thread, so a timeout that "really stops the work" needs a process to kill. At start-up the
published graph is bulk-loaded once into an on-disk store; each worker opens it read-only.
A query that outlives its timeout gets its worker killed and replaced while the others keep
answering. A counter caps the queries in flight (503 + ``Retry-After`` beyond it), results
are capped at ``max_rows`` and a cut result says so (``X-SPARQL-MaxRows`` header, and
``"truncated": true`` in SPARQL JSON). Before anything runs, :mod:`dialoggraph.sparql_text`
refuses updates, ``LOAD``, ``SERVICE`` and ``FROM``: no query makes the server send a request.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from multiprocessing.connection import Connection
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from urllib.parse import parse_qs, quote

import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from dialoggraph.config import Settings
from dialoggraph.export.jsonld import document_text
from dialoggraph.rdf.prefixes import Prefixes
from dialoggraph.rdf.paths import SERVED_FORMATS as DESCRIPTION_FORMATS, file_stem, is_publishable
from dialoggraph.query.results import GRAPH_FORMATS, SELECT_FORMATS, graph_bytes, term_from_json
from dialoggraph.query.lexer import RefusedQuery, SparqlTextError, check_read_only
from dialoggraph.query.store import PUBLISHED_FILES, EmbeddedStore

log = logging.getLogger("dialoggraph.serve")

# ----------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class ServeConfig:
    """Everything the app needs; defaults are the documented limits of the endpoint."""

    site_dir: Path
    base_iri: str
    queries_dir: Path | None = None
    query_timeout: float = 10.0  # seconds a query may run before its worker is killed
    max_rows: int = 10_000  # rows (or triples) of a result; more are cut and flagged
    max_body: int = 256 * 1024  # bytes of a POST body (413 beyond)
    max_url: int = 32 * 1024  # bytes of a query string (414 beyond)
    max_concurrent: int = 64  # queries running or waiting for a worker (503 beyond)
    workers: int = 2  # query worker processes
    worker_memory_mb: int = 2048  # address-space cap of each worker (0 = none)
    store_dir: Path | None = None  # on-disk store to build; a temporary folder if None
    cors_origins: tuple[str, ...] = ("*",)

    @classmethod
    def from_settings(cls, settings: Settings, site_dir: Path | None = None, **overrides) -> "ServeConfig":
        """Defaults, then ``[tool.dialoggraph.serve]`` of pyproject.toml, then ``overrides``."""
        options = dict(settings.extra.get("serve", {}))
        options.update({k: v for k, v in overrides.items() if v is not None})
        known = set(cls.__dataclass_fields__) - {"site_dir", "base_iri", "queries_dir"}
        unknown = set(options) - known
        if unknown:
            raise ValueError(f"unknown serve setting(s): {', '.join(sorted(unknown))}")
        if "store_dir" in options and options["store_dir"] is not None:
            options["store_dir"] = Path(options["store_dir"])
        if "cors_origins" in options:
            options["cors_origins"] = tuple(options["cors_origins"])
        return cls(site_dir=Path(site_dir or settings.out_dir), base_iri=settings.base_iri,
                   queries_dir=settings.queries_dir, **options)


# ----------------------------------------------------------------------------- query workers


class QueryTimeout(Exception):
    pass


class PoolBusy(Exception):
    pass


class QueryFailed(Exception):
    """The query engine rejected or could not finish the query; ``str()`` is safe to show."""


class _Worker:
    """One worker process (:mod:`dialoggraph.queryworker`) and the socket to it."""

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


# ----------------------------------------------------------------------------- content negotiation


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` → ``[(media range, q)]``; malformed q-values count as 0 (not acceptable)."""
    out = []
    for part in (header or "").split(","):
        items = [p.strip() for p in part.split(";")]
        media = items[0].lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for param in items[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                q = min(max(q, 0.0), 1.0)
        out.append((media, q))
    return out


def negotiate(header: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers (RFC 9110 §12.5.1): each offer takes the q of the most
    specific matching range; highest q wins, ties go to the server's order. No or an empty
    ``Accept`` header accepts the first offer; ``None`` when nothing is acceptable."""
    ranges = parse_accept(header)
    if not ranges:
        return offers[0] if offers else None
    best, best_q = None, 0.0
    for offer in offers:
        otype, _, osub = offer.partition("/")
        q, specificity = None, -1
        for media, mq in ranges:
            mtype, _, msub = media.partition("/")
            if media == offer:
                spec = 2
            elif mtype == otype and msub == "*":
                spec = 1
            elif media == "*/*":
                spec = 0
            else:
                continue
            if spec > specificity:
                q, specificity = mq, spec
        if q is not None and q > best_q:
            best, best_q = offer, q
    return best


#: Media types we answer for entity documents, in our order of preference, and aliases.
ENTITY_TYPES = ["text/html", "text/turtle", "application/ld+json", "application/n-triples"]
ENTITY_ALIASES = {"application/xhtml+xml": "text/html", "application/x-turtle": "text/turtle",
                  "application/turtle": "text/turtle", "text/plain": "application/n-triples"}
EXTENSIONS = {ext: media for media, ext in DESCRIPTION_FORMATS.items()}
SMALL_FILE = 512 * 1024  # read whole; larger files (the dumps) are streamed
SITE_MEDIA = {".html": "text/html; charset=utf-8", ".ttl": "text/turtle; charset=utf-8",
              ".nt": "application/n-triples; charset=utf-8", ".jsonld": "application/ld+json",
              ".json": "application/json", ".css": "text/css; charset=utf-8",
              ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml",
              ".txt": "text/plain; charset=utf-8", ".xml": "application/xml", ".png": "image/png",
              ".ico": "image/x-icon", ".woff2": "font/woff2", ".pf_meta": "application/octet-stream"}


def _entity_offers(accept: str | None, available: list[str]) -> str | None:
    """Negotiate among ``available`` entity types, honouring the aliases clients use."""
    offers = list(available)
    for alias, media in ENTITY_ALIASES.items():
        if media in available:
            offers.append(alias)
    chosen = negotiate(accept, offers)
    return ENTITY_ALIASES.get(chosen, chosen) if chosen else None


SPARQL_SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/html": "html",
}
SPARQL_GRAPH_TYPES = {
    "text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/ld+json": "jsonld", "application/json": "jsonld", "text/html": "html",
}
FORMAT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "html": "html",
                "turtle": "turtle", "ttl": "turtle", "ntriples": "ntriples", "nt": "ntriples",
                "n-triples": "ntriples", "jsonld": "jsonld", "json-ld": "jsonld"}


def sparql_format(form: str, accept: str | None, format_params: list[str]) -> str | None:
    """The result format for a query form: a ``format``/``output`` parameter (short name or
    media type) wins; else content negotiation; ``None`` when nothing fits."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    table = SPARQL_GRAPH_TYPES if graph else SPARQL_SELECT_TYPES
    allowed = set(table.values())
    for value in format_params:
        value = value.strip().lower()
        fmt = FORMAT_NAMES.get(value) or table.get(value.split(";")[0].strip())
        if fmt in allowed:
            return fmt
        if fmt == "json" and graph:
            return "jsonld"
    offers = list(table)
    if graph:
        offers.remove("text/html")
        offers.append("text/html")  # HTML only when asked for explicitly or via */*… last
    chosen = negotiate(accept, offers)
    if chosen is None:
        return None
    if chosen == "text/html" and not _asks_for_html(accept):
        # A bare */* (curl, SPARQL clients) gets data, not a page.
        return "turtle" if graph else "json"
    return table[chosen]


def _asks_for_html(accept: str | None) -> bool:
    return any(m in ("text/html", "application/xhtml+xml") and q > 0 for m, q in parse_accept(accept))


FORMAT_MEDIA = {**{k: v for k, v in SELECT_FORMATS.items()}, **GRAPH_FORMATS, "html": "text/html"}


def _media_with_charset(fmt: str) -> str:
    media = FORMAT_MEDIA[fmt]
    if media.startswith("text/") or media.endswith("+json") or media.endswith("+xml"):
        return media + "; charset=utf-8"
    return media


# ----------------------------------------------------------------------------- the app


def _error(status: int, message: str, headers: dict | None = None) -> Response:
    """A short plain-text error: the message only — no traceback, no local path."""
    return PlainTextResponse(message.rstrip() + "\n", status_code=status, headers=headers)


@dataclass
class _State:
    config: ServeConfig
    site_root: Path
    store: EmbeddedStore | None = None
    pool: QueryPool | None = None
    documents: dict[str, list[str]] = field(default_factory=dict)
    store_dir: Path | None = None
    temp_store: bool = False
    examples: list = field(default_factory=list)
    prefixes: Prefixes | None = None
    prologue: str = ""


def build_store(site_dir: Path, store_dir: Path) -> None:
    """Bulk-load the published graph into a fresh on-disk store at ``store_dir``."""
    if store_dir.exists():
        shutil.rmtree(store_dir)
    store_dir.mkdir(parents=True)
    loaded = EmbeddedStore.from_site(site_dir, store_dir)
    loaded.store.optimize()
    del loaded


def index_documents(store: EmbeddedStore, base_iri: str) -> dict[str, list[str]]:
    """Document path → the subject IRIs described there (one pass over the store)."""
    docs: dict[str, set[str]] = {}
    for quad in store.store.quads_for_pattern(None, None, None):
        s = quad.subject
        if isinstance(s, ox.NamedNode) and s.value.startswith(base_iri):
            path = s.value[len(base_iri):].split("#", 1)[0]
            docs.setdefault(path, set()).add(s.value)
    return {p: sorted(v) for p, v in docs.items()}


def create_app(config: ServeConfig) -> Starlette:
    """The ASGI app. Start-up builds the store and the workers (lifespan)."""
    site_root = Path(os.path.realpath(config.site_dir))
    state = _State(config=config, site_root=site_root)

    @asynccontextmanager
    async def lifespan(app):
        if config.store_dir is None:
            state.store_dir = Path(tempfile.mkdtemp(prefix="dialoggraph-store-"))
            state.temp_store = True
        else:
            state.store_dir = Path(config.store_dir)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, build_store, config.site_dir, state.store_dir)
        state.store = EmbeddedStore.open_read_only(state.store_dir)
        state.documents = await loop.run_in_executor(None, index_documents, state.store, config.base_iri)
        state.prefixes = Prefixes(config.base_iri)
        state.prologue = state.prefixes.sparql_prologue()
        state.examples = _load_examples(config)
        state.pool = QueryPool(state.store_dir, config.base_iri, config.workers, config.max_concurrent,
                               config.worker_memory_mb)
        await state.pool.start()
        app.state.pool = state.pool
        app.state.documents = state.documents
        try:
            yield
        finally:
            state.pool.close()
            state.store = None
            if state.temp_store:
                shutil.rmtree(state.store_dir, ignore_errors=True)

    async def sparql(request: Request) -> Response:
        return await _sparql(request, state)

    async def site(request: Request) -> Response:
        return await _site(request, state)

    routes = [
        Route("/sparql", sparql, methods=["GET", "POST", "HEAD"]),
        Route("/{path:path}", site, methods=["GET", "HEAD"]),
    ]
    middleware = [
        Middleware(CORSMiddleware, allow_origins=list(config.cors_origins),
                   allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
                   allow_headers=["Accept", "Content-Type", "Authorization"],
                   expose_headers=["Link", "Content-Location", "Vary", "X-SPARQL-MaxRows", "Retry-After"],
                   max_age=600),
    ]

    async def not_found(request: Request, exc) -> Response:
        return _error(404, "Nicht gefunden / Not found")

    async def method_not_allowed(request: Request, exc) -> Response:
        return _error(405, "Methode nicht erlaubt / Method not allowed", {"Allow": "GET, HEAD"})

    async def server_error(request: Request, exc) -> Response:
        log.error("error while answering %s %s", request.method, request.url.path, exc_info=exc)
        return _error(500, "Interner Fehler / Internal server error")

    handlers = {404: not_found, 405: method_not_allowed, 500: server_error, Exception: server_error}
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=handlers, lifespan=lifespan)
    app.state.serve_state = state
    return app


# ----------------------------------------------------------------------------- /sparql


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or ``None`` when it is larger than ``limit`` bytes."""
    length = request.headers.get("content-length")
    if length is not None:
        try:
            if int(length) > limit:
                return None
        except ValueError:
            return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ValueError(f"give exactly one '{name}' parameter")
    return values[0] if values else None


async def _sparql(request: Request, state: _State) -> Response:
    config = state.config
    if state.pool is not None and state.pool.in_flight >= state.pool.max_concurrent:
        # Full: say so before reading, parsing or queueing anything.
        return _error(503, "Zu viele gleichzeitige Anfragen / too many concurrent queries; retry shortly",
                      {"Retry-After": "1"})
    if len(request.scope.get("query_string", b"")) > config.max_url:
        return _error(414, f"Anfrage-URL zu lang / request URL too long (limit {config.max_url} bytes; use POST)")
    params = parse_qs(request.url.query, keep_blank_values=True)
    query = None
    if request.method == "POST":
        body = await _read_body(request, config.max_body)
        if body is None:
            return _error(413, f"Anfrage zu groß / request body too large (limit {config.max_body} bytes)")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                return _error(400, "the form body is not UTF-8")
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            try:
                query = body.decode("utf-8")
            except UnicodeDecodeError:
                return _error(400, "the query is not UTF-8")
        elif ctype == "application/sparql-update":
            return _error(403, "SPARQL Update ist nicht erlaubt / SPARQL Update is not allowed: this endpoint is read-only")
        else:
            return _error(415, "POST a query as application/sparql-query or as the 'query' field of "
                               "application/x-www-form-urlencoded")
    if "update" in params:
        return _error(403, "SPARQL Update ist nicht erlaubt / SPARQL Update is not allowed: this endpoint is read-only")
    if params.get("default-graph-uri") or params.get("named-graph-uri"):
        return _error(400, "default-graph-uri / named-graph-uri are not supported: this endpoint "
                           "answers from its own dataset only and loads no other graphs")
    try:
        if query is None:
            query = _one(params.get("query", []), "query")
    except ValueError as exc:
        return _error(400, str(exc))
    if query is None:
        example = (params.get("example") or [None])[0]
        if _asks_for_html(request.headers.get("accept")) or example is not None:
            return HTMLResponse(_query_page(state, example))
        return _error(400, "missing 'query' parameter (SPARQL 1.1 Protocol)")
    try:
        form = check_read_only(query)
    except RefusedQuery as exc:
        status = 403 if exc.kind == "update" else 400
        return _error(status, str(exc))
    except SparqlTextError as exc:
        return _error(400, f"SPARQL syntax error: {exc}")
    format_params = params.get("format", []) + params.get("output", [])
    fmt = sparql_format(form, request.headers.get("accept"), format_params)
    if fmt is None:
        offers = ", ".join(sorted(set(SPARQL_GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else SPARQL_SELECT_TYPES)))
        return _error(406, f"none of the accepted types can be produced for {form}; available: {offers}")
    worker_fmt = "json" if fmt == "html" and form in ("SELECT", "ASK") else ("turtle" if fmt == "html" else fmt)
    request_msg = {"query": query, "format": worker_fmt, "max_rows": config.max_rows}
    try:
        answer = await state.pool.run(request_msg, config.query_timeout)
    except PoolBusy:
        return _error(503, "Zu viele gleichzeitige Anfragen / too many concurrent queries; retry shortly",
                      {"Retry-After": "1"})
    except QueryTimeout:
        return _error(504, f"Zeitüberschreitung / query timed out after {config.query_timeout:g} s "
                           "(the limit of this endpoint); narrow the query or add a LIMIT")
    except QueryFailed as exc:
        return _error(500, str(exc))
    if not answer.get("ok"):
        return _error(answer.get("status", 400), answer.get("error", "the query failed"))
    headers = {"Vary": "Accept"}
    if answer["truncated"]:
        headers["X-SPARQL-MaxRows"] = str(config.max_rows)
    if fmt == "html":
        page = _results_page(state, query, answer, worker_fmt)
        return HTMLResponse(page, headers=headers)
    body = answer["body"] if request.method != "HEAD" else b""
    return Response(body, media_type=_media_with_charset(fmt), headers=headers)


# ----------------------------------------------------------------------------- site and entities


def safe_file(root: Path, relative: str) -> Path | None:
    """``root/relative`` if it is a regular file inside ``root`` after resolving every symlink;
    ``None`` for anything else (``..``, absolute paths, NUL, backslashes, links out)."""
    if "\x00" in relative or "\\" in relative:
        return None
    parts = [p for p in relative.split("/") if p != ""]
    if any(p in (".", "..") for p in parts):
        return None
    candidate = root.joinpath(*parts) if parts else root
    try:
        real = Path(os.path.realpath(candidate))
    except (OSError, ValueError):
        return None
    if real != root and root not in real.parents:
        return None
    return real if real.is_file() else None


def _link_header(path: str, available: list[str]) -> str:
    stem = "/" + file_stem(path)
    links = [f'<{quote(stem)}.{DESCRIPTION_FORMATS[m]}>; rel="alternate"; type="{m}"' for m in available]
    return ", ".join(links)


async def _site(request: Request, state: _State) -> Response:
    raw = request.url.path
    if "\x00" in raw or "\\" in raw:
        return _error(404, "Nicht gefunden / Not found")
    rel = raw.lstrip("/")
    segments = rel.split("/")
    if any(s in (".", "..") for s in segments):
        return _error(404, "Nicht gefunden / Not found")
    direct = safe_file(state.site_root, rel) if rel and not rel.endswith("/") else None
    if direct is not None:
        return _file_response(request, direct)
    # /person/x.ttl when the build wrote no such file: the description from the store.
    for ext, media in EXTENSIONS.items():
        suffix = "." + ext
        if rel.endswith(suffix):
            stem = rel[: -len(suffix)]
            doc = stem[:-5] if stem.endswith("index") and (stem == "index" or stem.endswith("/index")) else stem
            if doc in state.documents and is_publishable(doc):
                return _describe(request, state, doc, media, forced=True)
            return _error(404, "Nicht gefunden / Not found")
    if not is_publishable(rel):
        return _error(404, "Nicht gefunden / Not found")
    available = _available(state, rel)
    if not available:
        return _error(404, "Nicht gefunden / Not found")
    accept = request.headers.get("accept")
    media = _entity_offers(accept, available)
    if media is None:
        return _error(406, "Keiner der akzeptierten Typen ist verfügbar / none of the accepted types "
                           f"is available; available: {', '.join(available)}",
                      {"Vary": "Accept", "Link": _link_header(rel, available)})
    return _describe(request, state, rel, media)


def _available(state: _State, path: str) -> list[str]:
    in_store = path in state.documents
    out = []
    for media in ENTITY_TYPES:
        file = file_stem(path) + "." + DESCRIPTION_FORMATS[media]
        if in_store or safe_file(state.site_root, file) is not None:
            out.append(media)
    if path == "" and "text/html" not in out:
        out.insert(0, "text/html")  # the landing page always exists
    return out


def _file_response(request: Request, path: Path, headers: dict | None = None, media: str | None = None) -> Response:
    media = media or SITE_MEDIA.get(path.suffix.lower())
    if media is None:
        media = "text/turtle; charset=utf-8" if path.parent.name == ".well-known" and path.name == "void" \
            else "application/octet-stream"
    try:
        info = path.stat()
    except OSError:
        return _error(404, "Nicht gefunden / Not found")
    headers = dict(headers or {})
    etag = f'"{info.st_mtime_ns:x}-{info.st_size:x}"'
    if info.st_size > SMALL_FILE:
        return FileResponse(path, media_type=media, headers=headers, stat_result=info)
    # Pages and descriptions are small: one read in the event loop beats three thread hops.
    headers["ETag"] = etag
    headers["Last-Modified"] = formatdate(info.st_mtime, usegmt=True)
    if etag in (request.headers.get("if-none-match") or ""):
        return Response(status_code=304, headers=headers)
    try:
        body = path.read_bytes()
    except OSError:
        return _error(404, "Nicht gefunden / Not found")
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(b"", media_type=media, headers=headers)
    return Response(body, media_type=media, headers=headers)


def _describe(request: Request, state: _State, path: str, media: str, forced: bool = False) -> Response:
    available = _available(state, path)
    headers = {"Link": _link_header(path, available)}
    if not forced:
        headers["Vary"] = "Accept"
        headers["Content-Location"] = quote("/" + file_stem(path) + "." + DESCRIPTION_FORMATS[media])
    file = safe_file(state.site_root, file_stem(path) + "." + DESCRIPTION_FORMATS[media])
    if file is not None:
        return _file_response(request, file, headers, _media_with_charset_for(media))
    if path not in state.documents:
        if path == "" and media == "text/html":
            return HTMLResponse(_landing_page(state), headers=headers)
        return _error(404, "Nicht gefunden / Not found")
    triples = _description(state, path)
    if media == "text/html":
        body = _entity_page(state, path, triples).encode("utf-8")
    elif media == "application/ld+json":
        body = document_text(state.prefixes, triples, state.prefixes.jsonld_context()).encode("utf-8")
    else:
        fmt = "turtle" if media == "text/turtle" else "ntriples"
        body = graph_bytes(triples, fmt, state.prefixes.turtle)
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(b"", media_type=_media_with_charset_for(media), headers=headers)
    return Response(body, media_type=_media_with_charset_for(media), headers=headers)


def _media_with_charset_for(media: str) -> str:
    return media + "; charset=utf-8" if media.startswith("text/") or media == "application/n-triples" else media


def _description(state: _State, path: str) -> list[ox.Triple]:
    """The triples of every subject of a document path, with the blank nodes they lead to."""
    store = state.store.store
    out: dict[str, ox.Triple] = {}
    todo = [ox.NamedNode(s) for s in state.documents.get(path, [])]
    seen = set()
    while todo:
        subject = todo.pop()
        if str(subject) in seen:
            continue
        seen.add(str(subject))
        for quad in store.quads_for_pattern(subject, None, None):
            t = quad.triple
            out[str(t)] = t
            if isinstance(t.object, ox.BlankNode):
                todo.append(t.object)
    return [out[k] for k in sorted(out)]


# ----------------------------------------------------------------------------- HTML (fallbacks and the query page)

_STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:1.5rem auto;padding:0 1rem;line-height:1.45}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.25rem .4rem;text-align:left;vertical-align:top}
textarea{width:100%;font-family:monospace}pre{white-space:pre-wrap;background:#f6f6f6;padding:.5rem}
.en{color:#555}.flag{background:#fff3cd;padding:.5rem}"""


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="de"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>{body}</body></html>\n")


def _local_href(iri: str, base_iri: str) -> str | None:
    """A link on this server for an IRI of the dataset (``/person/x#id``), else ``None``."""
    if not iri.startswith(base_iri):
        return None
    rest = iri[len(base_iri):]
    path, _, frag = rest.partition("#")
    if not is_publishable(path):
        return None
    return "/" + quote(path) + ("#" + quote(frag) if frag else "")


def _term_html(term, base_iri: str) -> str:
    if isinstance(term, ox.NamedNode):
        local = _local_href(term.value, base_iri)
        text = html.escape(term.value)
        if local:
            return f'<a href="{html.escape(local)}">{text}</a>'
        if term.value.startswith(("http://", "https://")):
            return f'<a href="{html.escape(term.value)}" rel="nofollow">{text}</a>'
        return text
    if isinstance(term, ox.Literal):
        extra = f" <small>@{html.escape(term.language)}</small>" if term.language else ""
        return html.escape(term.value) + extra
    return html.escape(str(term))


def _entity_page(state: _State, path: str, triples: list[ox.Triple]) -> str:
    base = state.config.base_iri
    rows = "".join(f"<tr><td>{_term_html(t.subject, base)}</td><td>{_term_html(t.predicate, base)}</td>"
                   f"<td>{_term_html(t.object, base)}</td></tr>" for t in triples)
    alts = " · ".join(f'<a href="/{html.escape(quote(file_stem(path)))}.{ext}">{ext}</a>'
                      for ext in ("ttl", "jsonld", "nt"))
    body = (f"<h1>{html.escape(base + path)}</h1><p>{alts}</p>"
            f"<table><tr><th>Subjekt</th><th>Eigenschaft</th><th>Wert</th></tr>{rows}</table>")
    return _page(base + path, body)


def _landing_page(state: _State) -> str:
    links = "".join(f'<li><a href="/{n}">{n}</a></li>' for n in
                    ("dataset.ttl", "dataset.nt", "dataset.jsonld", "void.ttl"))
    body = ("<h1>Wissensgraph / Knowledge graph</h1>"
            f"<ul>{links}<li><a href=\"/sparql\">SPARQL</a></li></ul>")
    return _page("dialoggraph", body)


def _load_examples(config: ServeConfig) -> list:
    if config.queries_dir is None:
        return []
    from dialoggraph.query.library import QueryError, load_library

    try:
        return list(load_library(config.queries_dir).values())
    except QueryError:
        log.exception("the named queries cannot be read; the query page shows none")
        return []


def _query_page(state: _State, example: str | None = None) -> str:
    config = state.config
    text = state.prologue + "\nSELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 25\n"
    chosen = None
    for nq in state.examples:
        if nq.name == example:
            chosen = nq
    if chosen is not None:
        try:
            text = chosen.text(config.base_iri)
        except Exception:  # noqa: BLE001 - a bad example should not break the page
            text = state.prologue + chosen.body
    options = "".join(f'<option value="{f}">{f}</option>' for f in
                      ("html", "json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld"))
    items = []
    for nq in state.examples:
        params = ", ".join(f"{p.name} ({p.type}{' = ' + p.default if p.default else ''})" for p in nq.params)
        items.append(
            f'<li><a href="/sparql?example={quote(nq.name)}"><strong>{html.escape(nq.title_de or nq.name)}</strong></a>'
            f' <span class="en">/ {html.escape(nq.title_en)}</span><br>{html.escape(nq.question_de)}'
            + (f"<br><small>Parameter: {html.escape(params)}</small>" if params else "") + "</li>")
    body = (
        "<h1>SPARQL-Endpunkt <span class=\"en\">/ SPARQL endpoint</span></h1>"
        "<p>Nur lesend: SPARQL 1.1 Query über GET oder POST. Updates, <code>SERVICE</code> und "
        "<code>FROM</code> werden abgelehnt. "
        f"Zeitlimit {config.query_timeout:g} s, höchstens {config.max_rows} Zeilen.<br>"
        "<span class=\"en\">Read-only: SPARQL 1.1 Query over GET or POST. Updates, SERVICE and FROM "
        f"are refused. Time limit {config.query_timeout:g} s, at most {config.max_rows} rows.</span></p>"
        '<form method="get" action="/sparql">'
        f'<textarea name="query" rows="18" aria-label="SPARQL">{html.escape(text)}</textarea>'
        f'<p><label>Format <select name="format">{options}</select></label> '
        '<button type="submit">Abfrage ausführen / Run query</button></p></form>'
        "<h2>Beispiele: benannte Abfragen <span class=\"en\">/ Examples: named queries</span></h2>"
        f"<ul>{''.join(items)}</ul>")
    return _page("SPARQL – dialoggraph", body)


def _results_page(state: _State, query: str, answer: dict, worker_fmt: str) -> str:
    base = state.config.base_iri
    flag = ""
    if answer["truncated"]:
        flag = (f'<p class="flag">Ergebnis gekürzt auf {state.config.max_rows} Zeilen / '
                f"result cut at {state.config.max_rows} rows</p>")
    if answer["form"] in ("SELECT", "ASK"):
        doc = json.loads(answer["body"])
        if "boolean" in doc:
            content = f"<p><strong>{'ja / true' if doc['boolean'] else 'nein / false'}</strong></p>"
        else:
            names = doc["head"]["vars"]
            head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
            rows = []
            for b in doc["results"]["bindings"]:
                cells = "".join(f"<td>{_term_html(term_from_json(b[n]), base) if n in b else ''}</td>" for n in names)
                rows.append(f"<tr>{cells}</tr>")
            content = (f"<p>{len(rows)} Zeilen / rows</p>"
                       f"<table><tr>{head}</tr>{''.join(rows)}</table>")
    else:
        content = f"<pre>{html.escape(answer['body'].decode('utf-8'))}</pre>"
    body = (f'<p><a href="/sparql">← Abfrage / query</a></p>{flag}{content}'
            f"<details><summary>Abfrage / query</summary><pre>{html.escape(query)}</pre></details>")
    return _page("SPARQL-Ergebnis / result", body)


# ----------------------------------------------------------------------------- running


def run(config: ServeConfig, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> None:
    """Serve until interrupted (uvicorn, one process; SPARQL work in the worker processes)."""
    import uvicorn

    app = create_app(config)
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False,
                server_header=False, h11_max_incomplete_event_size=config.max_url + 16 * 1024,
                timeout_keep_alive=5, limit_concurrency=1000)

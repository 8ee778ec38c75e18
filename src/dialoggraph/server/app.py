"""The linked-data server: the built site with content negotiation (:mod:`.documents`), and a
read-only SPARQL 1.1 Protocol endpoint at ``/sparql`` (:mod:`.endpoint`) — a Starlette app under
uvicorn.

Entity IRIs keep the dataset's base IRI (``https://data.example.org/nrw-dialog/person/x#id``);
the server maps the base's path onto its own root, so ``/person/x`` answers for that entity
with HTML, Turtle, JSON-LD, N-Triples or RDF/XML as the ``Accept`` header asks — one graph in
every format, incoming links included (:mod:`.documents`, :mod:`dialoggraph.rdf.description`);
``/`` answers with the home page or the dataset's VoID/DCAT description.

Why worker processes for SPARQL: pyoxigraph cannot interrupt a running query from another
thread, so a timeout that "really stops the work" needs a process to kill. At start-up the
published graph is bulk-loaded once into an on-disk store; each worker opens it read-only.
A query that outlives its timeout gets its worker killed and replaced while the others keep
answering. A counter caps the queries in flight (503 + ``Retry-After`` beyond it), results
are capped at ``max_rows`` and a cut result says so (``X-SPARQL-MaxRows`` header, and
``"truncated": true`` in SPARQL JSON). Before anything runs, :mod:`dialoggraph.query.lexer`
refuses updates, ``LOAD``, ``SERVICE`` and ``FROM`` (no query makes the server send a request)
and queries nested too deeply or too long to parse.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import tempfile
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from dialoggraph.query.store import EmbeddedStore
from dialoggraph.rdf.prefixes import Prefixes

from . import documents, endpoint
from .config import ServeConfig
from .live import EVENTS_PATH, SCRIPT_PATH, LiveMiddleware, LiveReload
from .negotiation import asks_for_html, negotiate
from .pages import FORMAT_NAMES, error_page, load_examples, page_environment
from .pool import QueryPool
from .responses import NOT_FOUND, ErrorResponse, error
from .state import ServerState, build_store, index_documents, read_void

log = logging.getLogger("dialoggraph.serve")

__all__ = ["ServeConfig", "create_app", "negotiate", "run"]


async def load_published(state: ServerState) -> None:
    """Load the built site's graph into a fresh on-disk store with its query workers, and switch
    the server over to it (at start-up, and in watch mode after every successful rebuild); the
    previous store and workers are closed afterwards."""
    config = state.config
    if state.store is None and config.store_dir is not None:
        store_dir, temporary = Path(config.store_dir), False
    else:  # a reload cannot rebuild the store the workers still read
        store_dir, temporary = Path(tempfile.mkdtemp(prefix="dialoggraph-store-")), True
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, build_store, config.site_dir, store_dir)
    store = EmbeddedStore.open_read_only(store_dir)
    documents = await loop.run_in_executor(None, index_documents, store, config.base_iri)
    void = await loop.run_in_executor(None, read_void, state.site_root)
    pool = QueryPool(store_dir, config.base_iri, config.workers, config.max_concurrent, config.worker_memory_mb)
    await pool.start()
    old = (state.pool, state.store_dir, state.temp_store)
    state.store, state.store_dir, state.temp_store, state.pool = store, store_dir, temporary, pool
    state.documents, state.void = documents, void
    state.examples = load_examples(config)
    # queries already running on the previous store finish there (at most their time limit)
    deadline = loop.time() + config.query_timeout
    while old[0] is not None and old[0].in_flight and loop.time() < deadline:
        await asyncio.sleep(0.05)
    _close(*old)


def _close(pool: QueryPool | None, store_dir: Path | None, temporary: bool) -> None:
    if pool is not None:
        pool.close()
    if temporary and store_dir is not None:
        shutil.rmtree(store_dir, ignore_errors=True)


def create_app(config: ServeConfig, live: LiveReload | None = None) -> Starlette:
    """The ASGI app. Start-up builds the store and the workers (lifespan). With ``live`` (watch
    mode), pages reload after a rebuild and show a failed rebuild's error (:mod:`.live`)."""
    site_root = Path(os.path.realpath(config.site_dir))
    state = ServerState(config=config, site_root=site_root)
    state.env, state.chrome = page_environment(config)
    state.prefixes = Prefixes(config.base_iri)
    state.prologue = state.prefixes.sparql_prologue()

    @asynccontextmanager
    async def lifespan(app):
        await load_published(state)
        app.state.pool = state.pool
        if live is not None:
            async def reload_data() -> None:
                await load_published(state)
                app.state.pool = state.pool
            live.attach(asyncio.get_running_loop())
            live.reload_data = reload_data
        try:
            yield
        finally:
            _close(state.pool, state.store_dir, state.temp_store)
            state.store = None

    async def sparql(request: Request) -> Response:
        return present(request, await endpoint.sparql(request, state), state)

    async def site(request: Request) -> Response:
        return present(request, await documents.site(request, state), state)

    routes = [Route("/sparql", sparql, methods=["GET", "POST", "HEAD"])]
    if live is not None:
        routes += [Route(EVENTS_PATH, live.events, methods=["GET"]), Route(SCRIPT_PATH, live.script, methods=["GET"])]
    routes.append(Route("/{path:path}", site, methods=["GET", "HEAD"]))
    middleware = [
        Middleware(CORSMiddleware, allow_origins=list(config.cors_origins),
                   allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
                   allow_headers=["Accept", "Content-Type", "Authorization"],
                   expose_headers=["Link", "Content-Location", "Vary", "X-SPARQL-MaxRows", "Retry-After"],
                   max_age=600),
    ]
    if live is not None:
        middleware.append(Middleware(LiveMiddleware, live=live))

    async def not_found(request: Request, exc) -> Response:
        return present(request, error(404, NOT_FOUND), state)

    async def method_not_allowed(request: Request, exc) -> Response:
        return present(request, error(405, "Methode nicht erlaubt / Method not allowed", {"Allow": "GET, HEAD"}), state)

    async def server_error(request: Request, exc) -> Response:
        log.error("error while answering %s %s", request.method, request.url.path, exc_info=exc)
        return present(request, error(500, "Interner Fehler / Internal server error"), state)

    handlers = {404: not_found, 405: method_not_allowed, 500: server_error, Exception: server_error}
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=handlers, lifespan=lifespan)
    app.state.serve_state = state
    return app


_ALTERNATE = re.compile(r'<([^>]+)>; rel="alternate"; type="([^"]+)"')


def present(request: Request, response: Response, state: ServerState) -> Response:
    """An error as a browser should see it: a page in the site's look (404, 405, 406, 500 …)
    for a client that names ``text/html`` in ``Accept``, the plain message for any other. Both
    vary by ``Accept``."""
    if not isinstance(response, ErrorResponse):
        return response
    if asks_for_html(request.headers.get("accept")):
        links = [{"href": href, "type": media, "name": FORMAT_NAMES.get(media, media)}
                 for href, media in _ALTERNATE.findall(response.extra_headers.get("Link", ""))]
        try:
            page = error_page(state, response.status_code, response.message, links)
        except Exception:  # noqa: BLE001 - an error page that fails leaves the plain message
            log.exception("the error page could not be rendered")
        else:
            response = HTMLResponse(page, status_code=response.status_code, headers=response.extra_headers)
    vary = response.headers.get("vary", "")
    if "accept" not in vary.lower():
        response.headers["Vary"] = f"{vary}, Accept" if vary else "Accept"
    return response


def run(config: ServeConfig, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info",
        live: LiveReload | None = None) -> None:
    """Serve until interrupted (uvicorn, one process; SPARQL work in the worker processes)."""
    import uvicorn

    app = create_app(config, live)
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False,
                server_header=False, h11_max_incomplete_event_size=config.max_url + 16 * 1024,
                timeout_keep_alive=5, limit_concurrency=1000,
                timeout_graceful_shutdown=1 if live is not None else None)

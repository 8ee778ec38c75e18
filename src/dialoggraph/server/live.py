"""Watch mode (``dialoggraph serve --watch``): open pages reload themselves after a rebuild, and a
failed rebuild's error stands as a banner on every page until an edit fixes it.

* ``/_dialoggraph/live`` is a server-sent-events stream: an ``build`` event with the build's
  number on connect and after every rebuild, successful or not; a comment every 15 s keeps it open.
* Every HTML page the server answers gets, before ``</body>``, the banner (when the last rebuild
  failed) and ``/_dialoggraph/live.js``, a few lines that reload the page on a new number — all
  from this server, nothing from outside. The built site itself carries none of it.
* Pages are not cached in watch mode (``Cache-Control: no-store``, conditional requests
  ignored), so a reload shows the current file and the current banner.

The watcher (:mod:`dialoggraph.watch`) runs in a thread of its own and reports here through
:meth:`LiveReload.finished`, which hands over to the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from dialoggraph.site.templates import environment

EVENTS_PATH = "/_dialoggraph/live"
SCRIPT_PATH = "/_dialoggraph/live.js"
KEEPALIVE = 15.0

SCRIPT = """// dialoggraph serve --watch: reload this page when the site was rebuilt
(function () {
  var seen = null, source = new EventSource("%s");
  source.addEventListener("build", function (event) {
    if (seen !== null && event.data !== seen) { window.location.reload(); }
    seen = event.data;
  });
})();
""" % EVENTS_PATH


class LiveReload:
    """The state of watch mode: the number of the last build and its error (``None`` when it
    succeeded). ``reload_data`` is called (in the event loop) after a successful rebuild, right
    after pages are told (they are files, already in place): it loads the new graph into the
    SPARQL store, which answers from the previous graph until then."""

    def __init__(self, generation: int = 0, error: str | None = None):
        self.generation = generation
        self.error = error
        self.reload_data: Callable[[], Awaitable[None]] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed: asyncio.Condition | None = None
        self._banner = environment().get_template("server/live.html")

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._changed = asyncio.Condition()

    def finished(self, error: str | None) -> None:
        """A rebuild ended (``error``: its message, ``None`` on success). Thread-safe: called by
        the watcher's thread; returns once the pages have been told."""
        if self._loop is None:
            self._publish_now(error)
            return
        asyncio.run_coroutine_threadsafe(self._publish(error), self._loop).result()

    def _publish_now(self, error: str | None) -> None:
        self.generation += 1
        self.error = error

    async def _publish(self, error: str | None) -> None:
        async with self._changed:
            self._publish_now(error)
            self._changed.notify_all()
        if error is None and self.reload_data is not None:
            await self.reload_data()

    async def events(self, request: Request) -> Response:
        async def stream():
            seen = None
            while True:
                if seen != self.generation:
                    seen = self.generation
                    yield f"event: build\ndata: {seen}\n\n"
                async with self._changed:
                    try:
                        await asyncio.wait_for(self._changed.wait(), KEEPALIVE)
                    except asyncio.TimeoutError:
                        yield ": keep-alive\n\n"
        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    async def script(self, request: Request) -> Response:
        return Response(SCRIPT, media_type="text/javascript; charset=utf-8", headers={"Cache-Control": "no-store"})

    def insertion(self) -> bytes:
        """What goes before ``</body>``: the banner, if any, and the reload script."""
        return self._banner.render(error=self.error, script=SCRIPT_PATH).encode("utf-8")


class LiveMiddleware:
    """Puts :meth:`LiveReload.insertion` into every HTML response and switches caching off."""

    def __init__(self, app: ASGIApp, live: LiveReload):
        self.app = app
        self.live = live

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in (EVENTS_PATH, SCRIPT_PATH):
            await self.app(scope, receive, send)
            return
        # no conditional requests: a reload must show the current page and banner
        scope = dict(scope, headers=[(k, v) for k, v in scope["headers"]
                                     if k not in (b"if-none-match", b"if-modified-since")])
        if scope["method"] == "HEAD":  # no body to put anything into
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if not headers.get(b"content-type", b"").startswith(b"text/html"):
                    await send(message)
                    start = None
                    return
                start = message
                return
            if start is None:
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = _insert(b"".join(body), self.live.insertion())
            headers = [(k, v) for k, v in start["headers"]
                       if k not in (b"content-length", b"etag", b"last-modified", b"cache-control")]
            headers += [(b"content-length", str(len(page)).encode()), (b"cache-control", b"no-store")]
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, capture)


def _insert(page: bytes, insertion: bytes) -> bytes:
    at = page.lower().rfind(b"</body>")
    return page + insertion if at < 0 else page[:at] + insertion + page[at:]

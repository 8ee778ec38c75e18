"""Responses every route gives: short errors and files from the built site.

An error is an :class:`ErrorResponse`: plain text with the message only (no traceback, no local
path). The app shows it to a browser — a client that names ``text/html`` in ``Accept`` — as a
page in the site's look instead (:func:`dialoggraph.server.pages.error_page`)."""

from __future__ import annotations

from collections.abc import Callable
from email.utils import formatdate
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response

SMALL_FILE = 512 * 1024  # read whole; larger files (the dumps) are streamed
SITE_MEDIA = {".html": "text/html; charset=utf-8", ".ttl": "text/turtle; charset=utf-8",
              ".nt": "application/n-triples; charset=utf-8", ".jsonld": "application/ld+json",
              ".rdf": "application/rdf+xml; charset=utf-8",
              ".json": "application/json", ".css": "text/css; charset=utf-8",
              ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml",
              ".txt": "text/plain; charset=utf-8", ".xml": "application/xml", ".png": "image/png",
              ".ico": "image/x-icon", ".woff2": "font/woff2", ".pf_meta": "application/octet-stream"}


NOT_FOUND = ("Nicht gefunden: unter dieser Adresse gibt es kein Dokument / "
             "Not found: there is no document at this address")


class ErrorResponse(PlainTextResponse):
    """A short plain-text error that remembers its message (for the HTML page of a browser)."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        self.message = message.rstrip()
        self.extra_headers = dict(headers or {})
        super().__init__(self.message + "\n", status_code=status, headers=headers)


def error(status: int, message: str, headers: dict | None = None) -> ErrorResponse:
    """A short plain-text error: the message only — no traceback, no local path."""
    return ErrorResponse(status, message, headers)


def file_response(request: Request, path: Path, headers: dict | None = None, media: str | None = None,
                  transform: Callable[[bytes], bytes] | None = None) -> Response:
    """A file of the site (ETag, Last-Modified, 304, HEAD); ``transform`` rewrites its bytes
    (the same way every time, so the ETag still names the answer)."""
    media = media or SITE_MEDIA.get(path.suffix.lower())
    if media is None:
        media = "text/turtle; charset=utf-8" if path.parent.name == ".well-known" and path.name == "void" \
            else "application/octet-stream"
    try:
        info = path.stat()
    except OSError:
        return error(404, NOT_FOUND)
    headers = dict(headers or {})
    etag = f'"{info.st_mtime_ns:x}-{info.st_size:x}{"-t" if transform else ""}"'
    if info.st_size > SMALL_FILE and transform is None:
        return FileResponse(path, media_type=media, headers=headers, stat_result=info)
    # Pages and descriptions are small: one read in the event loop beats three thread hops.
    headers["ETag"] = etag
    headers["Last-Modified"] = formatdate(info.st_mtime, usegmt=True)
    if etag in (request.headers.get("if-none-match") or ""):
        return Response(status_code=304, headers=headers)
    try:
        body = path.read_bytes()
    except OSError:
        return error(404, NOT_FOUND)
    if transform is not None:
        body = transform(body)
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(b"", media_type=media, headers=headers)
    return Response(body, media_type=media, headers=headers)



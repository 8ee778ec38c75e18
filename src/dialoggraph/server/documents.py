"""The built site and its documents, by content negotiation.

Entity IRIs keep the dataset's base IRI (``https://data.example.org/nrw-dialog/person/x#id``);
the server maps the base's path onto its own root, so ``/person/x`` answers for that entity with
HTML, Turtle, JSON-LD or N-Triples as the ``Accept`` header asks (q-values honoured, ``Vary:
Accept``, ``Link: rel=alternate`` to every representation, HEAD). The files the build wrote
(:mod:`dialoggraph.rdf.paths`) are served when they exist; otherwise the description comes from
the store (always so for N-Triples, of which the build writes no per-page file). A document path
with neither → 404; a type we cannot produce → 406.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from dialoggraph.export.jsonld import document_text
from dialoggraph.query.results import graph_bytes
from dialoggraph.rdf.paths import SERVED_FORMATS as DESCRIPTION_FORMATS, file_stem, is_publishable

from .negotiation import ENTITY_TYPES, document_media, entity_offers
from .pages import entity_page, landing_page
from .responses import error, file_response
from .state import ServerState

EXTENSIONS = {ext: media for media, ext in DESCRIPTION_FORMATS.items()}


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


async def site(request: Request, state: ServerState) -> Response:
    raw = request.url.path
    if "\x00" in raw or "\\" in raw:
        return error(404, "Nicht gefunden / Not found")
    rel = raw.lstrip("/")
    segments = rel.split("/")
    if any(s in (".", "..") for s in segments):
        return error(404, "Nicht gefunden / Not found")
    direct = safe_file(state.site_root, rel) if rel and not rel.endswith("/") else None
    if direct is not None:
        return file_response(request, direct)
    # /person/x.ttl when the build wrote no such file: the description from the store.
    for ext, media in EXTENSIONS.items():
        suffix = "." + ext
        if rel.endswith(suffix):
            stem = rel[: -len(suffix)]
            doc = stem[:-5] if stem.endswith("index") and (stem == "index" or stem.endswith("/index")) else stem
            if doc in state.documents and is_publishable(doc):
                return _describe(request, state, doc, media, forced=True)
            return error(404, "Nicht gefunden / Not found")
    if not is_publishable(rel):
        return error(404, "Nicht gefunden / Not found")
    available = _available(state, rel)
    if not available:
        return error(404, "Nicht gefunden / Not found")
    accept = request.headers.get("accept")
    media = entity_offers(accept, available)
    if media is None:
        return error(406, "Keiner der akzeptierten Typen ist verfügbar / none of the accepted types "
                           f"is available; available: {', '.join(available)}",
                      {"Vary": "Accept", "Link": _link_header(rel, available)})
    return _describe(request, state, rel, media)


def _available(state: ServerState, path: str) -> list[str]:
    in_store = path in state.documents
    out = []
    for media in ENTITY_TYPES:
        file = file_stem(path) + "." + DESCRIPTION_FORMATS[media]
        if in_store or safe_file(state.site_root, file) is not None:
            out.append(media)
    if path == "" and "text/html" not in out:
        out.insert(0, "text/html")  # the landing page always exists
    return out


def _describe(request: Request, state: ServerState, path: str, media: str, forced: bool = False) -> Response:
    available = _available(state, path)
    headers = {"Link": _link_header(path, available)}
    if not forced:
        headers["Vary"] = "Accept"
        headers["Content-Location"] = quote("/" + file_stem(path) + "." + DESCRIPTION_FORMATS[media])
    file = safe_file(state.site_root, file_stem(path) + "." + DESCRIPTION_FORMATS[media])
    if file is not None:
        return file_response(request, file, headers, document_media(media))
    if path not in state.documents:
        if path == "" and media == "text/html":
            return HTMLResponse(landing_page(state), headers=headers)
        return error(404, "Nicht gefunden / Not found")
    triples = _description(state, path)
    if media == "text/html":
        body = entity_page(state, path, triples).encode("utf-8")
    elif media == "application/ld+json":
        body = document_text(state.prefixes, triples, state.prefixes.jsonld_context()).encode("utf-8")
    else:
        fmt = "turtle" if media == "text/turtle" else "ntriples"
        body = graph_bytes(triples, fmt, state.prefixes.turtle)
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(b"", media_type=document_media(media), headers=headers)
    return Response(body, media_type=document_media(media), headers=headers)


def _description(state: ServerState, path: str) -> list[ox.Triple]:
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

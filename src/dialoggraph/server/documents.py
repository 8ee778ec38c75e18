"""The built site and its documents, by content negotiation.

Entity IRIs keep the dataset's base IRI (``https://data.example.org/nrw-dialog/person/x#id``);
the server maps the base's path onto its own root, so ``/person/x`` answers for that entity with
HTML, Turtle, JSON-LD, N-Triples or RDF/XML as the ``Accept`` header asks (q-values honoured,
``Vary: Accept``, ``Link: rel=alternate`` to every representation, HEAD).

Every representation of a document carries one graph: the description of
:mod:`dialoggraph.rdf.description` (the subjects' triples, their blank nodes, incoming links
— bounded per property — and the labels of the nodes named). The build wrote ``.html``,
``.ttl`` and ``.jsonld`` (:mod:`dialoggraph.rdf.paths`); those are served as they are,
N-Triples and RDF/XML are the Turtle file's triples written again, and a document the build
wrote no files for is described from the store by the same rule. The pages of the build
announce the formats a static host serves (Turtle, JSON-LD); served from here, a page's head
also announces the two only the server writes. A document path with none of these → 404; a
type we cannot produce → 406.

``/`` is the dataset's home: the home page as HTML, and in every RDF format the dataset's VoID
and DCAT description (``void.ttl``) — what a harvester asking the root for Turtle looks for.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from dialoggraph.query.results import NotExpressible, graph_bytes
from dialoggraph.rdf.description import describe
from dialoggraph.rdf.paths import SERVED_FORMATS, file_stem, is_publishable
from dialoggraph.site.index import LABEL_PREDICATES, LANG_RANK

from .negotiation import ENTITY_TYPES, document_media, entity_offers
from .pages import entity_page, landing_page
from .responses import NOT_FOUND, error, file_response
from .state import ServerState

EXTENSIONS = {ext: media for media, ext in SERVED_FORMATS.items()}
#: formats of a document that no file of the build holds: written by the server
SERVER_ONLY = ("application/n-triples", "application/rdf+xml")
SERVER_ONLY_TITLES = {"application/n-triples": "N-Triples", "application/rdf+xml": "RDF/XML"}
GRAPH_FORMAT = {"text/turtle": "turtle", "application/ld+json": "jsonld", "application/n-triples": "ntriples",
                "application/rdf+xml": "rdfxml"}


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
    links = [f'<{quote(stem)}.{SERVED_FORMATS[m]}>; rel="alternate"; type="{m}"' for m in available]
    return ", ".join(links)


def _not_found() -> Response:
    return error(404, NOT_FOUND)


def _document_of(rel: str, ext: str) -> str:
    """``person/x.ttl`` → ``person/x``; ``theme/index.ttl`` → ``theme/``; ``index.ttl`` → ``""``."""
    stem = rel[: -len(ext) - 1]
    return stem[:-5] if stem == "index" or stem.endswith("/index") else stem


async def site(request: Request, state: ServerState) -> Response:
    raw = request.url.path
    if "\x00" in raw or "\\" in raw:
        return _not_found()
    rel = raw.lstrip("/")
    segments = rel.split("/")
    if any(s in (".", "..") for s in segments):
        return _not_found()
    direct = safe_file(state.site_root, rel) if rel and not rel.endswith("/") else None
    if direct is not None:
        if rel.endswith(".html"):
            doc = _document_of(rel, "html")
            if doc and is_publishable(doc) and doc in state.documents:
                return await _describe(request, state, doc, "text/html", forced=True)
        return file_response(request, direct)
    # /person/x.nt, or /person/x.ttl when the build wrote no such file: written here.
    for ext, media in EXTENSIONS.items():
        if rel.endswith("." + ext):
            doc = _document_of(rel, ext)
            if is_publishable(doc) and media in _available(state, doc):
                return await _describe(request, state, doc, media, forced=True)
            return _not_found()
    if not is_publishable(rel):
        return _not_found()
    available = _available(state, rel)
    if not available:
        return _not_found()
    accept = request.headers.get("accept")
    media = entity_offers(accept, available)
    if media is None:
        return error(406, "Keiner der akzeptierten Typen ist verfügbar / none of the accepted types "
                           f"is available; available: {', '.join(available)}",
                      {"Vary": "Accept", "Link": _link_header(rel, available)})
    return await _describe(request, state, rel, media)


def _available(state: ServerState, path: str) -> list[str]:
    """The media types ``path`` can be answered in: a file of the build, the store's
    description, or N-Triples and RDF/XML from the Turtle file. ``""`` is the home page and
    the dataset's VoID description."""
    if path == "":
        return list(ENTITY_TYPES) if state.void else ["text/html"]
    stem = file_stem(path)
    in_store = path in state.documents
    turtle = safe_file(state.site_root, stem + ".ttl") is not None
    out = []
    for media in ENTITY_TYPES:
        if in_store or (turtle and media in SERVER_ONLY) or \
                safe_file(state.site_root, f"{stem}.{SERVED_FORMATS[media]}") is not None:
            out.append(media)
    return out


async def _describe(request: Request, state: ServerState, path: str, media: str, forced: bool = False) -> Response:
    available = _available(state, path)
    headers = {"Link": _link_header(path, available)}
    if not forced:
        headers["Vary"] = "Accept"
        headers["Content-Location"] = quote("/" + file_stem(path) + "." + SERVED_FORMATS[media])
    stem = file_stem(path)
    if media == "text/html":
        file = safe_file(state.site_root, stem + ".html")
        if file is not None:
            extra = [m for m in SERVER_ONLY if m in available] if path else []
            announce = (lambda body: announce_alternates(body, stem, extra)) if extra else None
            return file_response(request, file, headers, document_media(media), transform=announce)
        if path == "":
            return HTMLResponse(landing_page(state), headers=headers)
        if path not in state.documents:
            return _not_found()
    elif path:
        file = safe_file(state.site_root, f"{stem}.{SERVED_FORMATS[media]}")
        if file is not None:
            return file_response(request, file, headers, document_media(media))
    loop = asyncio.get_running_loop()
    triples = await loop.run_in_executor(None, description, state, path)
    if triples is None:
        return _not_found()
    if media == "text/html":
        body = entity_page(state, path, triples, available).encode("utf-8")
    else:  # JSON-LD as the build writes each document's: pyoxigraph's expanded form, no context to fetch
        try:
            body = graph_bytes(triples, GRAPH_FORMAT[media], state.prefixes.turtle)
        except NotExpressible as exc:
            return error(406, str(exc), headers)
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return Response(b"", media_type=document_media(media), headers=headers)
    return Response(body, media_type=document_media(media), headers=headers)


def announce_alternates(body: bytes, stem: str, media_types: list[str]) -> bytes:
    """A page of the build with ``<link rel="alternate">`` for ``media_types`` added to its head,
    next to the Turtle and JSON-LD links it has (relative to the page, as those are)."""
    name = quote(stem.rsplit("/", 1)[-1])
    links = "".join(f'<link rel="alternate" type="{m}" href="{name}.{SERVED_FORMATS[m]}" '
                    f'title="{SERVER_ONLY_TITLES[m]}">\n' for m in media_types).encode()
    head_end = body.find(b"</head>")
    if head_end < 0:
        return body
    return body[:head_end] + links + body[head_end:]


def description(state: ServerState, path: str) -> list[ox.Triple] | None:
    """The triples of a document (deduplicated, sorted): the Turtle file the build wrote, or the
    same description from the store; for ``""`` the dataset's VoID description. ``None``
    when there is no such document."""
    if path == "":
        triples = list(state.void)
        if "" in state.documents:
            triples += store_description(state, "")
    else:
        turtle = safe_file(state.site_root, file_stem(path) + ".ttl")
        if turtle is not None:
            triples = [q.triple for q in ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE)]
        elif path in state.documents:
            triples = store_description(state, path)
        else:
            return None
    unique = {str(t): t for t in triples}
    return [unique[k] for k in sorted(unique)]


def store_description(state: ServerState, path: str) -> list[ox.Triple]:
    """:func:`dialoggraph.rdf.description.describe` of a document's subjects, from the store."""
    store = state.store.store

    def triples_of(node) -> list[ox.Triple]:
        return [q.triple for q in store.quads_for_pattern(node, None, None)]

    subjects = {iri: triples_of(ox.NamedNode(iri)) for iri in state.documents.get(path, [])}
    return describe(subjects, lambda b: triples_of(ox.BlankNode(b)),
                    lambda iri: (q.triple for q in store.quads_for_pattern(None, None, ox.NamedNode(iri))),
                    lambda iri: label_triple(store, iri))


def label_triple(store: ox.Store, iri: str) -> ox.Triple | None:
    """The label the site gives ``iri`` (:data:`dialoggraph.site.index.LABEL_PREDICATES`: by
    predicate, then German, untagged, English, then value), as the triple that states it."""
    node, best = ox.NamedNode(iri), None
    for predicate, rank in LABEL_PREDICATES.items():
        for quad in store.quads_for_pattern(node, ox.NamedNode(predicate), None):
            o = quad.object
            if isinstance(o, ox.Literal):
                key = (rank, LANG_RANK.get(o.language or "", 3), o.value)
                if best is None or key < best[0]:
                    best = (key, quad.triple)
    return best[1] if best else None

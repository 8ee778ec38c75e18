"""IRI → document path → file names: the one mapping the static site and the server share.

Entity IRIs are hash IRIs (``{base}person/jan-ueblacker#id``). The *document path* of an IRI in
the dataset's namespace is the IRI minus the base and minus the fragment
(``person/jan-ueblacker``); every subject with that document path is described on one page.

Files for document path ``p`` (relative to the output folder):

* ``p`` empty or ending in ``/``: ``{p}index.html`` (+ ``index.ttl``, ``index.jsonld``)
* otherwise: ``{p}.html``, ``{p}.ttl``, ``{p}.jsonld``

No per-page N-Triples or RDF/XML file is written (a file costs more than its bytes on a slow
disk): the server answers ``{p}.nt``, ``{p}.rdf`` and ``Accept: application/n-triples`` or
``application/rdf+xml`` itself (:data:`SERVED_FORMATS`), and the whole graph is in ``dataset.nt``.

An entity's annotations are fragments of its own document (``person/x#anno-1``,
``#anno-1-target``, ``#anno-1-quote``, ``#anno-1-position``), so its page describes its passages.

Site pages live in folders the data cannot take (``_site/``, ``_static/``), so they never
collide with a document path. A document path is *publishable* only when each of its segments
is a plain file name (``[A-Za-z0-9._~-]``, not starting with a dot): an IRI with other
characters (``%``, ``:``, ``..``, a query string) gets no page, so no file name and no relative
link is ever made from it.

>>> base = "https://data.example.org/nrw-dialog/"
>>> document_path(base + "person/jan-ueblacker#id", base)
'person/jan-ueblacker'
>>> page_file("person/jan-ueblacker")
'person/jan-ueblacker.html'
>>> page_file("theme/")
'theme/index.html'
>>> description_files("theme/")["text/turtle"]
'theme/index.ttl'
>>> relative_href("person/jan-ueblacker.html", "org/gib.html")
'../org/gib.html'
>>> relative_href("index.html", "person/jan-ueblacker.html")
'person/jan-ueblacker.html'
>>> is_publishable("person/../../etc/passwd"), is_publishable("_site/x"), is_publishable("a b")
(False, False, False)
"""

from __future__ import annotations

import posixpath
import re

#: Top-level folders of the built site that hold site pages and assets, never data.
SITE_DIR = "_site"
STATIC_DIR = "_static"
RESERVED_PREFIXES = (SITE_DIR + "/", STATIC_DIR + "/", ".well-known/")

#: Media type → file extension of the files a build writes for a document path.
DESCRIPTION_FORMATS: dict[str, str] = {
    "text/html": "html",
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
}

#: What the server answers for a document path: the files above, and N-Triples and RDF/XML
#: (for older harvesters) of the same description.
SERVED_FORMATS: dict[str, str] = {**DESCRIPTION_FORMATS, "application/n-triples": "nt",
                                  "application/rdf+xml": "rdf"}

_SEGMENT = r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*"
_PUBLISHABLE = re.compile(rf"(?:{_SEGMENT}/)*(?:{_SEGMENT})?")


def document_path(iri: str, base: str) -> str | None:
    """The document path of ``iri`` inside the namespace ``base``, or ``None`` outside it."""
    if not iri.startswith(base):
        return None
    return iri[len(base):].split("#", 1)[0]


def fragment(iri: str) -> str | None:
    """The fragment of a hash IRI (``id`` for ``…/x#id``), or ``None``."""
    return iri.split("#", 1)[1] if "#" in iri else None


def is_publishable(path: str) -> bool:
    """True when ``path`` can be written as files and linked without escaping (see module doc)."""
    if path.startswith(RESERVED_PREFIXES) or path in (SITE_DIR, STATIC_DIR, ".well-known"):
        return False
    return _PUBLISHABLE.fullmatch(path) is not None


def file_stem(path: str) -> str:
    """``person/x`` → ``person/x``; ``theme/`` → ``theme/index``; ``""`` → ``index``."""
    return f"{path}index" if path == "" or path.endswith("/") else path


def page_file(path: str) -> str:
    """The HTML file of a document path, relative to the site folder."""
    return file_stem(path) + ".html"


def description_files(path: str) -> dict[str, str]:
    """Media type → file (relative to the site folder) for every description of ``path``."""
    stem = file_stem(path)
    return {media: f"{stem}.{ext}" for media, ext in DESCRIPTION_FORMATS.items()}


def description_file(path: str, media_type: str) -> str | None:
    """The file holding ``path`` described in ``media_type``, or ``None`` for other types."""
    ext = DESCRIPTION_FORMATS.get(media_type)
    return f"{file_stem(path)}.{ext}" if ext else None


def iri_for_path(path: str, base: str) -> str:
    """The document IRI (no fragment) of a document path — what a page's canonical link says."""
    return base + path


def relative_href(from_file: str, to_file: str) -> str:
    """A relative link from one site file to another (both relative to the site folder).

    The result never starts with a scheme-like segment (``a:b``): publishable paths hold no
    colon, and site files are named by us."""
    start = posixpath.dirname(from_file) or "."
    rel = posixpath.relpath(to_file, start)
    return rel


def depth_prefix(from_file: str) -> str:
    """``../`` repeated to reach the site folder from ``from_file`` (``""`` at the top)."""
    return "../" * from_file.count("/")

"""The server's own HTML — the SPARQL query page and its results, pages for documents the build
wrote no page for, and error pages for browsers — rendered from the templates in
``site/templates/server/`` with the program's one Jinja2 environment
(:func:`dialoggraph.site.templates.environment`: autoescaped, the site's base layout and look).

Every page is rendered with ``root = "/"``: the server answers at any depth, so its links start
at the root of the site it serves.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from urllib.parse import quote

import pyoxigraph as ox
from jinja2 import Environment

from dialoggraph.query.results import term_from_json
from dialoggraph.rdf.paths import SERVED_FORMATS, file_stem, is_publishable
from dialoggraph.site.templates import Chrome, environment

from .config import ServeConfig
from .state import ServerState

log = logging.getLogger("dialoggraph.serve")

ROOT = "/"
FORMAT_NAMES = {"text/html": "HTML", "text/turtle": "Turtle", "application/ld+json": "JSON-LD",
                "application/n-triples": "N-Triples", "application/rdf+xml": "RDF/XML"}
RESULT_FORMATS = ("html", "json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml")
DUMPS = (("dataset.ttl", "text/turtle"), ("dataset.nt", "application/n-triples"),
         ("dataset.jsonld", "application/ld+json"), ("void.ttl", "text/turtle"))
#: an error's heading, German and English, by status
ERROR_TITLES = {
    400: ("Ungültige Anfrage", "Bad request"), 403: ("Nicht erlaubt", "Forbidden"),
    404: ("Nicht gefunden", "Not found"), 405: ("Methode nicht erlaubt", "Method not allowed"),
    406: ("In diesem Format nicht verfügbar", "Not acceptable"),
    413: ("Anfrage zu groß", "Request too large"), 414: ("Adresse zu lang", "URL too long"),
    415: ("Format der Anfrage nicht unterstützt", "Unsupported media type"),
    500: ("Interner Fehler", "Internal server error"), 503: ("Überlastet", "Service unavailable"),
    504: ("Zeitüberschreitung", "Timed out"),
}


def page_environment(config: ServeConfig) -> tuple[Environment, Chrome]:
    """The environment (with the dataset's title and licence when the settings are known) and the
    chrome of pages at the root."""
    env = environment(config.settings)
    if config.settings is None:  # a bare config: the chrome shows the program, not a dataset
        env.globals.update(site_brand="dialoggraph", site_title="dialoggraph", site_title_en="",
                           license=None, license_name="–", ontology_page="ontology.html")
    return env, Chrome(env)


def render(state: ServerState, template: str, **ctx) -> str:
    return state.env.get_template(template).render(root=ROOT, file="", chrome=state.chrome.at(ROOT), **ctx)


@dataclass(frozen=True)
class TermView:
    """An RDF term as the template ``server/_terms.html`` shows it."""

    kind: str  # link | ext | literal | text
    text: str
    href: str | None = None
    iri: str | None = None
    lang: str | None = None
    datatype: str | None = None


def local_href(iri: str, base_iri: str) -> str | None:
    """A link on this server for an IRI of the dataset (``/person/x#id``), else ``None``."""
    if not iri.startswith(base_iri):
        return None
    path, _, frag = iri[len(base_iri):].partition("#")
    if not is_publishable(path):
        return None
    return "/" + quote(path) + ("#" + quote(frag) if frag else "")


def term_view(term, state: ServerState) -> TermView:
    if isinstance(term, ox.NamedNode):
        iri = term.value
        text = state.prefixes.display(iri)
        local = local_href(iri, state.config.base_iri)
        if local:
            return TermView("link", text, local, iri)
        if iri[:8].lower().startswith(("http://", "https://")):
            return TermView("ext", text, iri, iri)
        return TermView("text", iri)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value if term.datatype is not None else None
        plain = datatype in (None, "http://www.w3.org/2001/XMLSchema#string",
                             "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
        return TermView("literal", term.value, lang=term.language or None,
                        datatype=None if plain else state.prefixes.display(datatype))
    return TermView("text", str(term))


def alternates(path: str, available: list[str]) -> list[dict]:
    stem = "/" + quote(file_stem(path))
    return [{"type": m, "name": FORMAT_NAMES[m], "href": f"{stem}.{SERVED_FORMATS[m]}"}
            for m in available if m != "text/html"]


def entity_page(state: ServerState, path: str, triples: list[ox.Triple], available: list[str]) -> str:
    """A document the build wrote no page for: its triples as a table."""
    rows = [(term_view(t.subject, state), term_view(t.predicate, state), term_view(t.object, state))
            for t in triples]
    return render(state, "server/entity.html", doc_iri=state.config.base_iri + path, rows=rows,
                  alternates=alternates(path, available))


def landing_page(state: ServerState) -> str:
    """``/`` when the build wrote no home page."""
    return render(state, "server/landing.html", dumps=DUMPS)


def error_page(state: ServerState, status: int, message: str, available: list[dict] | None = None) -> str:
    title_de, title_en = ERROR_TITLES.get(status, ("Fehler", "Error"))
    return render(state, "server/error.html", status=status, title_de=title_de, title_en=title_en,
                  message=message, alternates=available or [])


def load_examples(config: ServeConfig) -> list:
    if config.queries_dir is None:
        return []
    from dialoggraph.query.library import QueryError, load_library

    try:
        return list(load_library(config.queries_dir).values())
    except QueryError:
        log.exception("the named queries cannot be read; the query page shows none")
        return []


def query_page(state: ServerState, example: str | None = None) -> str:
    config = state.config
    text = state.prologue + "\nSELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 25\n"
    chosen = next((nq for nq in state.examples if nq.name == example), None)
    if chosen is not None:
        try:
            text = chosen.text(config.base_iri)
        except Exception:  # noqa: BLE001 - a bad example should not break the page
            text = state.prologue + chosen.body
    return render(state, "server/query.html", text=text, formats=RESULT_FORMATS, examples=state.examples,
                  timeout=f"{config.query_timeout:g}", max_rows=config.max_rows)


def results_page(state: ServerState, query: str, answer: dict) -> str:
    ctx = {"query": query, "truncated": answer["truncated"], "max_rows": state.config.max_rows,
           "boolean": None, "variables": None, "rows": [], "graph": None}
    if answer["form"] in ("SELECT", "ASK"):
        doc = json.loads(answer["body"])
        if "boolean" in doc:
            ctx["boolean"] = bool(doc["boolean"])
        else:
            names = doc["head"]["vars"]
            ctx["variables"] = names
            ctx["rows"] = [[term_view(term_from_json(b[n]), state) if n in b else None for n in names]
                           for b in doc["results"]["bindings"]]
    else:
        ctx["graph"] = answer["body"].decode("utf-8")
    return render(state, "server/results.html", **ctx)

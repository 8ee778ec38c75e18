"""The server's own HTML: the SPARQL query page, its results, and plain pages for documents
the build wrote no page for."""

from __future__ import annotations

import html
import json
import logging
from urllib.parse import quote

import pyoxigraph as ox

from dialoggraph.query.results import term_from_json
from dialoggraph.rdf.paths import file_stem, is_publishable

from .config import ServeConfig
from .state import ServerState

log = logging.getLogger("dialoggraph.serve")


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


def entity_page(state: ServerState, path: str, triples: list[ox.Triple]) -> str:
    base = state.config.base_iri
    rows = "".join(f"<tr><td>{_term_html(t.subject, base)}</td><td>{_term_html(t.predicate, base)}</td>"
                   f"<td>{_term_html(t.object, base)}</td></tr>" for t in triples)
    alts = " · ".join(f'<a href="/{html.escape(quote(file_stem(path)))}.{ext}">{ext}</a>'
                      for ext in ("ttl", "jsonld", "nt"))
    body = (f"<h1>{html.escape(base + path)}</h1><p>{alts}</p>"
            f"<table><tr><th>Subjekt</th><th>Eigenschaft</th><th>Wert</th></tr>{rows}</table>")
    return _page(base + path, body)


def landing_page(state: ServerState) -> str:
    links = "".join(f'<li><a href="/{n}">{n}</a></li>' for n in
                    ("dataset.ttl", "dataset.nt", "dataset.jsonld", "void.ttl"))
    body = ("<h1>Wissensgraph / Knowledge graph</h1>"
            f"<ul>{links}<li><a href=\"/sparql\">SPARQL</a></li></ul>")
    return _page("dialoggraph", body)


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


def results_page(state: ServerState, query: str, answer: dict, worker_fmt: str) -> str:
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

"""Questions: the project's named queries (``queries/*.rq``) answered at build time, so the static
site needs no server for them — one page with each question, its SPARQL and its result table,
and the results as files (``_site/questions/NAME.csv`` and ``.json``, the W3C SPARQL result
formats). The live endpoint is linked only where the settings name one (``sparql_endpoint`` in
``[tool.dialoggraph]``); ``dialoggraph serve`` answers ``/sparql`` anyway.

Bounded: a query's table shows :data:`TABLE_ROWS` rows, its files hold :data:`FILE_ROWS`; a graph
of more than :data:`MAX_TRIPLES` triples gets the questions without answers (run them with
``dialoggraph query`` or against the endpoint), as building a store for it would cost the build
more than the page is worth.
"""

from __future__ import annotations

import pyoxigraph as ox

from dialoggraph.query.library import QueryError, load_library, result_text
from dialoggraph.query.store import EmbeddedStore, StoreError
from dialoggraph.rdf.paths import SITE_DIR

from ..values import literal_value
from .common import site_file, write

TABLE_ROWS = 100
FILE_ROWS = 10_000
MAX_TRIPLES = 300_000
FOLDER = "questions"


def write_questions(site) -> None:
    settings = site.settings
    library = load_library(settings.queries_dir) if settings.queries_dir.is_dir() else {}
    data = site.graphs.data
    answered = len(data) <= MAX_TRIPLES
    store = EmbeddedStore.from_triples(data) if answered and library else None
    out = site.out / SITE_DIR / FOLDER
    out.mkdir(parents=True, exist_ok=True)
    root = "../"
    entries = []
    for name in sorted(library):
        q = library[name]
        entry = {"name": name, "id": f"q-{name}", "q": q, "text": None, "error": None, "result": None,
                 "params": [(p.name, p.default) for p in q.params]}
        try:
            entry["text"] = q.text(site.base)
        except QueryError as exc:
            entry["error"] = str(exc)
        if store is not None and entry["text"] is not None:
            try:
                result = q.run(store, site.base, limit=FILE_ROWS)
            except (QueryError, StoreError) as exc:
                entry["error"] = str(exc)
            else:
                entry["result"] = view(site, result, root)
                entry["files"] = write_files(out, name, result, site.base)
        entries.append(entry)
    write(site, site_file("questions.html"), "questions.html", entries=entries, answered=answered,
          max_triples=MAX_TRIPLES, table_rows=TABLE_ROWS, endpoint=settings.sparql_endpoint,
          folder=FOLDER)


def write_files(out, name: str, result, base: str) -> dict[str, str]:
    """The result as W3C files beside the page: CSV and JSON for SELECT and ASK, N-Triples for
    CONSTRUCT and DESCRIBE."""
    files = {}
    formats = (("csv", "csv"), ("json", "json")) if result.form in ("SELECT", "ASK") else (("nt", "csv"),)
    for ext, fmt in formats:
        text = result_text(result, fmt, base)
        if text is not None:
            (out / f"{name}.{ext}").write_text(text, encoding="utf-8")
            files[ext] = f"{FOLDER}/{name}.{ext}"
    return files


def view(site, result, root: str) -> dict:
    """What the page shows of a result: its form, size and first rows as values."""
    out = {"form": result.form, "truncated": result.truncated}
    if result.form == "ASK":
        out["boolean"] = bool(result.boolean)
        return out
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        out["count"] = len(result.triples)
        return out
    out["variables"] = result.variables
    out["count"] = len(result.rows)
    out["rows"] = [[cell(site, t, root) for t in row] for row in result.rows[:TABLE_ROWS]]
    return out


def cell(site, term, root: str):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return site.links.value(term.value, root, with_note=False)
    if isinstance(term, ox.Literal):
        return literal_value(term)
    return literal_value(ox.Literal(str(term)))

"""The one storage seam: a SPARQL store that is either embedded or remote.

Both implementations take a full query text and return the same :class:`QueryResult` made of
pyoxigraph terms, so the query library, the CLI and the tests do not care where the data
lives:

- :class:`EmbeddedStore` — a pyoxigraph ``Store``, in memory or on disk, loaded from the
  built site's ``dataset.nt`` and ``void.ttl`` with ``bulk_load`` (seconds for a million
  triples). The server opens the same on-disk store read-only in each query worker.
- :class:`RemoteStore` — any SPARQL 1.1 endpoint, through SPARQLWrapper (content
  negotiation only, no ``format=`` guessing parameters).
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from .results import term_from_json
from .lexer import query_form

#: The files of a built site that make up the published graph: the data and its VoID/DCAT
#: description (licence, size, distributions), in this order.
PUBLISHED_FILES = (("dataset.nt", ox.RdfFormat.N_TRIPLES), ("void.ttl", ox.RdfFormat.TURTLE))


def missing_site_files(site_dir: Path) -> list[str]:
    """The published files a built site should hold and ``site_dir`` lacks (none: it is built)."""
    return [name for name, _ in PUBLISHED_FILES if not (Path(site_dir) / name).is_file()]


class StoreError(Exception):
    """A query could not be run: the store is unreachable, refused it or the query is invalid."""


@dataclass
class QueryResult:
    """The answer to a query. ``form`` is ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``;
    ``truncated`` is true when more rows (or triples) existed than the limit asked for."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)
    truncated: bool = False

    def dicts(self) -> list[dict[str, str | None]]:
        """SELECT rows as dicts of plain values (IRI or literal lexical form) — for tests."""
        return [{v: (None if t is None else t.value) for v, t in zip(self.variables, row)}
                for row in self.rows]

    def column(self, name: str) -> list[str | None]:
        i = self.variables.index(name)
        return [None if row[i] is None else row[i].value for row in self.rows]


class SparqlStore(ABC):
    """One interface, two implementations."""

    description: str

    @abstractmethod
    def query(self, text: str, *, limit: int | None = None) -> QueryResult:
        """Run ``text`` (a complete query, prologue included); keep at most ``limit`` rows."""

    def triple_count(self, graph: str | None = None) -> int:
        where = f"GRAPH <{ox.NamedNode(graph).value}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        result = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")
        return int(result.rows[0][0].value)

    def close(self) -> None:  # noqa: B027 - optional hook
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class EmbeddedStore(SparqlStore):
    def __init__(self, store: ox.Store, description: str = "embedded store"):
        self.store = store
        self.description = description

    @classmethod
    def from_site(cls, site_dir: Path, path: Path | None = None) -> "EmbeddedStore":
        """Load the built site's published graph; in memory, or on disk at ``path``."""
        site_dir = Path(site_dir)
        missing = missing_site_files(site_dir)
        if missing:
            raise StoreError(f"{site_dir}: no {', '.join(missing)} — run 'dialoggraph build' first")
        store = ox.Store(str(path)) if path is not None else ox.Store()
        for name, fmt in PUBLISHED_FILES:
            store.bulk_load(path=str(site_dir / name), format=fmt)
        if path is not None:
            store.flush()
        return cls(store, f"embedded store ({site_dir})")

    @classmethod
    def from_triples(cls, triples) -> "EmbeddedStore":
        store = ox.Store()
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
        return cls(store)

    @classmethod
    def open_read_only(cls, path: Path) -> "EmbeddedStore":
        return cls(ox.Store.read_only(str(path)), f"read-only store ({path})")

    def query(self, text: str, *, limit: int | None = None, base_iri: str | None = None,
              prefixes: dict[str, str] | None = None) -> QueryResult:
        try:
            result = self.store.query(text, base_iri=base_iri, prefixes=prefixes)
        except SyntaxError as exc:
            raise StoreError(f"query syntax error: {exc}") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"query failed: {exc}") from None
        return collect(result, limit)

    def __len__(self) -> int:
        return len(self.store)


def collect(result, limit: int | None) -> QueryResult:
    """Turn a pyoxigraph result into a :class:`QueryResult`, reading at most ``limit`` + 1
    rows so a capped result knows it was cut."""
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ASK", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = []
        truncated = False
        for solution in result:
            if limit is not None and len(rows) >= limit:
                truncated = True
                break
            rows.append([solution[n] for n in names])
        return QueryResult("SELECT", variables=names, rows=rows, truncated=truncated)
    triples = []
    truncated = False
    for t in result:
        if limit is not None and len(triples) >= limit:
            truncated = True
            break
        triples.append(t)
    return QueryResult("CONSTRUCT", triples=triples, truncated=truncated)


def redact_url(url: str) -> str:
    """``url`` without any ``user:password@`` part, for messages."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``(url without credentials, user, password)`` for a URL that may carry ``user:pw@``."""
    parts = urlsplit(url)
    return redact_url(url), parts.username, parts.password


class RemoteStore(SparqlStore):
    """A SPARQL 1.1 Protocol endpoint (read queries only)."""

    def __init__(self, endpoint: str, *, timeout: float = 30.0, user: str | None = None,
                 password: str | None = None, method: str = "POST", default_graph: str | None = None):
        from SPARQLWrapper import SPARQLWrapper

        url, url_user, url_password = split_credentials(endpoint)
        self.endpoint = url
        self.description = f"SPARQL endpoint {url}" + (f" (graph <{default_graph}>)" if default_graph else "")
        self._wrapper_factory = SPARQLWrapper
        self._timeout = timeout
        self._user = user or url_user
        self._password = password if password is not None else url_password
        self._method = method
        #: Sent as ``default-graph-uri``: query a named graph (e.g. the one ``publish`` wrote)
        #: as the default graph.
        self.default_graph = default_graph

    def _wrapper(self, text: str, return_format: str):
        from SPARQLWrapper import POST, GET

        sparql = self._wrapper_factory(self.endpoint)
        sparql.setOnlyConneg(True)
        sparql.setTimeout(int(max(1, self._timeout)))
        sparql.setMethod(POST if self._method == "POST" else GET)
        if self._user is not None:
            sparql.setCredentials(self._user, self._password or "")
        if self.default_graph:
            sparql.addDefaultGraph(self.default_graph)
        sparql.setQuery(text)
        sparql.setReturnFormat(return_format)
        return sparql

    def query(self, text: str, *, limit: int | None = None) -> QueryResult:
        from SPARQLWrapper import JSON, TURTLE
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        form = query_form(text)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        sparql = self._wrapper(text, TURTLE if graph else JSON)
        try:
            response = sparql.query()
            body = response.response.read()
            info = response.info()
        except SPARQLWrapperException as exc:
            # SPARQLWrapper's messages hold the endpoint's answer, never the credentials.
            raise StoreError(f"{self.endpoint}: {_first_line(str(exc))}") from None
        except OSError as exc:  # URLError, timeouts, refused connections
            reason = getattr(exc, "reason", exc)
            raise StoreError(f"{self.endpoint}: cannot reach the endpoint ({reason})") from None
        capped = any(k.lower() == "x-sparql-maxrows" for k in info.keys())
        content_type = (info.get("content-type") or "").split(";")[0].strip().lower()
        if graph:
            fmt = ox.RdfFormat.from_media_type(content_type) or ox.RdfFormat.TURTLE
            try:
                triples = [q.triple for q in ox.parse(body, format=fmt)]
            except SyntaxError as exc:
                raise StoreError(f"{self.endpoint}: unreadable {content_type} answer: {exc}") from None
            result = QueryResult("CONSTRUCT", triples=triples)
            if limit is not None and len(triples) > limit:
                result.triples, result.truncated = triples[:limit], True
            result.truncated = result.truncated or capped
            return result
        try:
            doc = json.loads(body)
        except ValueError as exc:
            raise StoreError(f"{self.endpoint}: the answer is not SPARQL JSON ({exc})") from None
        if "boolean" in doc:
            return QueryResult("ASK", boolean=bool(doc["boolean"]))
        names = doc["head"].get("vars", [])
        rows = [[term_from_json(b[n]) if n in b else None for n in names]
                for b in doc["results"]["bindings"]]
        truncated = capped or bool(doc.get("truncated"))
        if limit is not None and len(rows) > limit:
            rows, truncated = rows[:limit], True
        return QueryResult("SELECT", variables=names, rows=rows, truncated=truncated)


def _first_line(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text[:500]

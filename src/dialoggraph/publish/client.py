"""HTTP to the store (httpx): SPARQL 1.1 Query, Update and the Graph Store Protocol, with
timeouts, bounded retries with backoff, and credentials that never appear in a message."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import httpx
import pyoxigraph as ox

from dialoggraph.query.store import redact_url

from .payload import Payload
from .target import PublishError, Target

RETRY_STATUSES = {429, 502, 503, 504}


class Client:
    """httpx with timeouts, bounded retries and messages free of credentials."""

    def __init__(self, target: Target, transport: httpx.BaseTransport | None = None):
        self.target = target
        auth = None
        if target.user is not None:
            if target.auth_scheme == "digest":
                auth = httpx.DigestAuth(target.user, target.password or "")
            else:
                auth = httpx.BasicAuth(target.user, target.password or "")
        headers = {"User-Agent": "dialoggraph-publish"}
        if target.token:
            headers["Authorization"] = f"Bearer {target.token}"
        self.http = httpx.Client(
            timeout=httpx.Timeout(target.timeout, connect=target.connect_timeout),
            auth=auth, headers=headers, transport=transport, follow_redirects=False)
        self.requests = 0

    def close(self) -> None:
        self.http.close()

    def send(self, method: str, url: str, what: str, *, retry: bool = True, **kwargs) -> httpx.Response:
        attempts = 1 + (self.target.retries if retry else 0)
        last = ""
        for attempt in range(attempts):
            if attempt:
                time.sleep(min(self.target.backoff * 2 ** (attempt - 1), 10.0))
            self.requests += 1
            try:
                response = self.http.request(method, url, **kwargs)
            except httpx.TimeoutException:
                last = f"no answer within {self.target.timeout:g} s"
                continue
            except httpx.ConnectError:
                last = "cannot connect (is the store running?)"
                continue
            except httpx.TransportError as exc:
                last = f"connection failed ({type(exc).__name__})"
                continue
            if response.status_code in RETRY_STATUSES:
                last = f"HTTP {response.status_code}"
                retry_after = response.headers.get("retry-after", "")
                if retry_after.isdigit() and attempt + 1 < attempts:
                    time.sleep(min(int(retry_after), 10))
                continue
            if response.status_code >= 400:
                raise PublishError(f"{what}: {redact_url(url)} refused the request: "
                                   f"{describe_status(response)}")
            return response
        raise PublishError(f"{what}: {redact_url(url)}: {last}"
                           + (f" (after {attempts} attempts)" if attempts > 1 else ""))

    def update(self, text: str, what: str, *, retry: bool = True) -> None:
        self.send("POST", self.target.update_endpoint, what, retry=retry, content=text.encode("utf-8"),
                  headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def count(self, graph: str, what: str) -> int:
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        response = self.send("POST", self.target.query_endpoint, what, data={"query": query},
                             headers={"Accept": "application/sparql-results+json"})
        try:
            doc = json.loads(response.content)
            bindings = doc["results"]["bindings"]
            return int(bindings[0]["n"]["value"]) if bindings else 0
        except (ValueError, KeyError, IndexError, TypeError):
            raise PublishError(f"{what}: {redact_url(self.target.query_endpoint)} did not answer "
                               "with SPARQL JSON results") from None

    def graph_lines(self, graph: str, what: str) -> bytes | None:
        """The graph as N-Triples (``CONSTRUCT``), or None when the store answers in a format
        pyoxigraph cannot read."""
        query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        response = self.send("POST", self.target.query_endpoint, what, data={"query": query},
                             headers={"Accept": "application/n-triples, text/turtle;q=0.5, */*;q=0.1"})
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if media in ("application/n-triples", "text/plain"):
            return response.content
        fmt = ox.RdfFormat.from_media_type(media) if media else None
        if fmt is None:
            return None
        try:
            return ox.serialize(ox.parse(response.content, format=fmt), format=ox.RdfFormat.N_TRIPLES)
        except (SyntaxError, ValueError):
            return None

    def upload(self, graph: str, payload: Payload, what: str, *, method: str) -> None:
        """``payload`` into ``graph`` with one Graph Store Protocol request, streamed."""
        self.send(method, gsp_url(self.target.gsp_endpoint, graph), what, content=payload,
                  headers={"Content-Type": "application/n-triples", "Content-Length": str(payload.size)})


def describe_status(response: httpx.Response) -> str:
    reason = {401: "unauthorised — check the credentials", 403: "forbidden — the store refuses this "
              "(read-only, or the user may not write)", 404: "not found — check the endpoint URL",
              405: "method not allowed — is this the right endpoint?",
              413: "the request is too large — use a smaller --chunk-size",
              415: "unsupported media type"}.get(response.status_code, response.reason_phrase)
    text = " ".join(response.text.split())[:300]
    return f"HTTP {response.status_code} {reason}" + (f": {text}" if text else "")


def gsp_url(endpoint: str, graph: str) -> str:
    """``{graph}`` in the endpoint is replaced by the encoded graph IRI (Virtuoso:
    ``…/sparql-graph-crud-auth?graph-uri={graph}``); otherwise ``graph=`` is appended."""
    encoded = quote(graph, safe="")
    if "{graph}" in endpoint:
        return endpoint.replace("{graph}", encoded)
    return endpoint + ("&" if "?" in endpoint else "?") + "graph=" + encoded


# ----------------------------------------------------------------------------- blank nodes, chunks

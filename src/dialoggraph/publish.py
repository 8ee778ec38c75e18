"""Publishing: load the validated graph into an external SPARQL 1.1 store as one named graph.

The store's previous version of the graph stays intact until the new one is complete and
checked:

1. ``DROP SILENT GRAPH <staging>`` — a staging graph named after the target, so a staging
   graph left by an interrupted run is cleared by the next one;
2. upload into the staging graph — ``INSERT DATA`` in chunks over the SPARQL 1.1 Update
   protocol (blank nodes never split across chunks, where their labels would name different
   nodes), or one Graph Store Protocol ``PUT`` when a GSP endpoint is given;
3. verify: the staging graph's triple count must equal the graph's;
4. ``DROP SILENT GRAPH <target> ; MOVE <staging> TO <target>`` in one update request, which a
   transactional store applies as a whole;
5. verify again: the target's triple count is read back; a mismatch fails loudly.

A failure before step 4 — refused request, timeout, lost connection, a count that does not
match, Ctrl-C — leaves the target graph as it was, and the staging graph is dropped when
possible. Requests have timeouts; connection failures, timeouts and 429/502/503/504 answers
are retried a bounded number of times with exponential backoff. Credentials (HTTP Basic or
Digest, or a bearer token) are sent, never printed: messages show endpoints without any
``user:password@`` part.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx
import pyoxigraph as ox

from .store import redact_url, split_credentials

RETRY_STATUSES = {429, 502, 503, 504}


class PublishError(Exception):
    """Publishing stopped; ``str()`` says where and why (no credentials)."""


@dataclass
class Target:
    query_endpoint: str
    update_endpoint: str
    graph: str
    gsp_endpoint: str | None = None
    user: str | None = None
    password: str | None = None
    token: str | None = None
    auth_scheme: str = "basic"  # basic | digest
    timeout: float = 60.0
    connect_timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.5
    chunk_triples: int = 20_000

    def __post_init__(self) -> None:
        # Credentials written into a URL are taken out of it, so no message can show them.
        for attr in ("query_endpoint", "update_endpoint", "gsp_endpoint"):
            url = getattr(self, attr)
            if url:
                clean, user, password = split_credentials(url)
                setattr(self, attr, clean)
                if user and self.user is None:
                    self.user, self.password = user, password
        try:
            ox.NamedNode(self.graph)
        except ValueError as exc:
            raise PublishError(f"--graph {self.graph!r} is not an IRI: {exc}") from None

    @property
    def staging_graph(self) -> str:
        return "urn:dialoggraph:staging:" + hashlib.sha256(self.graph.encode()).hexdigest()[:32]


@dataclass
class PublishResult:
    graph: str
    triples: int
    seconds: float
    route: str  # "update" or "gsp"
    requests: int = 0
    notes: list[str] = field(default_factory=list)


Reporter = Callable[[str], None]


class _Client:
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
                                   f"{_describe_status(response)}")
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


def _describe_status(response: httpx.Response) -> str:
    reason = {401: "unauthorised — check the credentials", 403: "forbidden — the store refuses this "
              "(read-only, or the user may not write)", 404: "not found — check the endpoint URL",
              405: "method not allowed — is this the right endpoint?",
              413: "the request is too large — use a smaller --chunk-size",
              415: "unsupported media type"}.get(response.status_code, response.reason_phrase)
    text = " ".join(response.text.split())[:300]
    return f"HTTP {response.status_code} {reason}" + (f": {text}" if text else "")


def chunks(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """Split ``triples`` into chunks of about ``size``, keeping every triple that shares a
    blank node (directly or through others) in one chunk."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for t in triples:
        nodes = [n.value for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)]
        if len(nodes) == 2:
            a, b = find(nodes[0]), find(nodes[1])
            if a != b:
                parent[a] = b
    groups: dict[str, list[ox.Triple]] = {}
    plain: list[ox.Triple] = []
    for t in triples:
        node = t.subject if isinstance(t.subject, ox.BlankNode) else (
            t.object if isinstance(t.object, ox.BlankNode) else None)
        if node is None:
            plain.append(t)
        else:
            groups.setdefault(find(node.value), []).append(t)
    out: list[list[ox.Triple]] = []
    current: list[ox.Triple] = []
    for unit in [*([t] for t in plain), *groups.values()]:
        if current and len(current) + len(unit) > size:
            out.append(current)
            current = []
        current.extend(unit)
    if current:
        out.append(current)
    return out


def _ntriples(triples: list[ox.Triple]) -> str:
    return "\n".join(f"{t} ." for t in triples)


def _gsp_url(endpoint: str, graph: str) -> str:
    """``{graph}`` in the endpoint is replaced by the encoded graph IRI (Virtuoso:
    ``…/sparql-graph-crud-auth?graph-uri={graph}``); otherwise ``graph=`` is appended."""
    encoded = quote(graph, safe="")
    if "{graph}" in endpoint:
        return endpoint.replace("{graph}", encoded)
    return endpoint + ("&" if "?" in endpoint else "?") + "graph=" + encoded


def publish(triples: list[ox.Triple], target: Target, report: Reporter | None = None,
            transport: httpx.BaseTransport | None = None) -> PublishResult:
    """Replace ``target.graph`` in the store by ``triples``, atomically and verified."""
    say = report or (lambda message: None)
    unique = list({str(t): t for t in triples}.values())
    expected = len(unique)
    staging = target.staging_graph
    started = time.monotonic()
    client = _Client(target, transport)
    moved = False
    try:
        client.count(target.graph, "checking the store")  # reachable, answers queries
        say(f"store reachable: {redact_url(target.query_endpoint)}")
        client.update(f"DROP SILENT GRAPH <{staging}>", "clearing the staging graph")
        if target.gsp_endpoint:
            route = "gsp"
            body = (_ntriples(unique) + "\n").encode("utf-8")
            client.send("PUT", _gsp_url(target.gsp_endpoint, staging), "uploading (Graph Store Protocol)",
                        content=body, headers={"Content-Type": "application/n-triples"})
            say(f"uploaded {expected} triples to the staging graph (one PUT)")
        else:
            route = "update"
            parts = chunks(unique, max(1, target.chunk_triples))
            for i, part in enumerate(parts, start=1):
                client.update(f"INSERT DATA {{ GRAPH <{staging}> {{\n{_ntriples(part)}\n}} }}",
                              f"uploading chunk {i}/{len(parts)}")
            say(f"uploaded {expected} triples to the staging graph in {len(parts)} request(s)")
        staged = client.count(staging, "verifying the staging graph")
        if staged != expected:
            raise PublishError(f"verification failed: the staging graph holds {staged} triples, "
                               f"{expected} were sent — the target graph was not touched")
        say(f"staging graph verified: {staged} triples")
        try:
            client.update(f"DROP SILENT GRAPH <{target.graph}> ;\nMOVE <{staging}> TO <{target.graph}>",
                          "replacing the target graph", retry=False)
        except PublishError as exc:
            # The answer may have been lost after the store applied the update: look.
            try:
                if client.count(target.graph, "checking the target") == expected and \
                        client.count(staging, "checking the staging graph") == 0:
                    moved = True
            except PublishError:
                pass
            if not moved:
                raise PublishError(f"{exc}; the store's previous version of <{target.graph}> "
                                   "is kept if the store applies updates atomically") from None
        moved = True
        final = client.count(target.graph, "verifying the target graph")
        if final != expected:
            raise PublishError(f"verification failed: <{target.graph}> holds {final} triples after "
                               f"the update, expected {expected}")
        say(f"target graph verified: {final} triples in <{target.graph}>")
        return PublishResult(target.graph, final, time.monotonic() - started, route, client.requests)
    except BaseException:
        if not moved:
            try:
                client.update(f"DROP SILENT GRAPH <{staging}>", "cleaning up", retry=False)
            except BaseException:  # noqa: BLE001 - best effort; the next run clears it too
                pass
        raise
    finally:
        client.close()


def published_triples(graphs) -> list[ox.Triple]:
    """The graph a publish uploads: the validated data and its VoID/DCAT description — the
    same triples as the site's dataset.nt and void.ttl, which the embedded store loads."""
    return list(graphs.data) + list(graphs.void)

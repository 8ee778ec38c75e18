"""Publishing: load the validated graph into an external SPARQL 1.1 store as one named graph.

The store's previous version of the graph stays intact until the new one is complete and
checked. What is sent depends on what the store already holds (first request: the target's
triple count):

* **the target holds no triples** (a first publish): nothing to protect, so the graph goes
  straight into the target in *one* request — a Graph Store Protocol ``POST`` streamed from
  the dump, or one ``INSERT DATA`` when it fits in ``chunk_triples`` — and its triple count is
  checked; a failure or a wrong count drops the target again, which leaves it as it was (empty).
  Oxigraph loads one request in one transaction; on a store that does not, readers may see the
  graph fill. A graph too large for one ``INSERT DATA`` without a GSP endpoint, or
  ``always_stage``, takes the staged route below instead (everything is "added").
* **the target holds a previous version**: it is read back (``CONSTRUCT`` as N-Triples) and
  compared with the new one line by line (triples with blank nodes as a whole, after
  canonical relabelling). Unchanged → nothing is written. Otherwise only the difference
  travels: the added triples are uploaded into a staging graph
  (``urn:dialoggraph:staging:<hash of the target>``) and counted, then one update request
  switches — ``DELETE DATA`` the removed triples, delete the old blank-node triples (only when
  they changed), ``ADD <staging> TO <target>``, ``DROP SILENT GRAPH <staging>``.
* **fallback** (the read-back is incomplete — fewer triples than the store counted, e.g. a
  result cap —, not N-Triples nor any format pyoxigraph reads, or more than ``chunk_triples``
  triples to delete): the whole graph is uploaded into the staging graph and counted, then
  one update request applies the difference computed by the store
  (``DELETE … FILTER NOT EXISTS`` / ``INSERT … FILTER NOT EXISTS`` between the two graphs), and
  the staging graph is dropped afterwards.

Uploads into the staging graph are one Graph Store Protocol ``POST`` (the staging graph was
just dropped) or update requests of at most ``chunk_triples`` triples (``DEFAULT_CHUNK_TRIPLES``,
sized for Virtuoso): ``INSERT DATA``, or ``INSERT { … } WHERE {}`` when blank nodes occur, the
triples that share a blank node always in one request. A GSP ``PUT`` straight into the target is no atomic
replacement on Oxigraph: it clears the graph and loads the body in two transactions
(oxigraph/oxigraph#1895), so it is never used.

After every write the target's triple count is read back; a mismatch fails loudly. Every
switch is one SPARQL 1.1 Update request, which a transactional store (Oxigraph, Fuseki with
TDB2, GraphDB) applies as a whole; when its answer is lost, the target is read back and
compared to tell whether it was applied.

A failure before the switch — refused request, timeout, lost connection, a count that does
not match, Ctrl-C, a killed process — leaves the target graph as it was; the staging graph is
dropped when possible, and every run clears a staging graph left behind. Requests have
timeouts; connection failures, timeouts and 429/502/503/504 answers are retried a bounded
number of times with exponential backoff. Credentials (HTTP Basic or Digest, or a bearer
token) are sent, never printed: messages show endpoints without any ``user:password@`` part.

One writer at a time is assumed: a change made by someone else between the read-back and the
switch is not merged (the final count check catches most such races).
"""

from __future__ import annotations

import hashlib
import io
import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox

from dialoggraph.query.store import redact_url, split_credentials

RETRY_STATUSES = {429, 502, 503, 504}
# Most triples in one update operation (an INSERT DATA chunk, the DELETE DATA of a difference).
# Measured on Virtuoso 7.2.5 (Debian's virtuoso-opensource-7), whose SPARQL compiler refuses an
# operation of more than 1426 triples, whatever the terms ("SP031 … length of generated SQL text
# has exceeded 10000 lines"; from ~5000 on "SP030 … memory exhausted"): 1000 keeps a third in
# reserve and a request near 170 KB. Oxigraph, Fuseki and GraphDB take far larger operations
# (--chunk-size); a Graph Store Protocol upload is one request of any size.
DEFAULT_CHUNK_TRIPLES = 1000
VOID_TRIPLES = "http://rdfs.org/ns/void#triples"
_READ_SIZE = 1 << 20


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
    chunk_triples: int = DEFAULT_CHUNK_TRIPLES
    always_stage: bool = False  # stage and verify even when the target is empty

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
    route: str  # "update" or "gsp": how triples were uploaded
    requests: int = 0
    notes: list[str] = field(default_factory=list)
    strategy: str = ""  # "direct", "unchanged", "delta" or "full" (see the module's docstring)
    steps: dict[str, float] = field(default_factory=dict)  # seconds per step


Reporter = Callable[[str], None]


# ----------------------------------------------------------------------------- what is sent


class Payload:
    """The N-Triples a publish sends: files and in-memory bytes, in this order, readable as
    often as needed (a retried request reads them again). ``expected`` is the number of
    distinct triples, which the store must count after the upload."""

    def __init__(self, parts: Sequence[Path | bytes], expected: int, source: str = ""):
        self.parts = list(parts)
        self.expected = expected
        self.source = source

    @classmethod
    def from_triples(cls, triples: Iterable[ox.Triple], source: str = "the validated graph") -> "Payload":
        body = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
        return cls([body], len(set(body.splitlines())), source)

    @classmethod
    def from_site(cls, site: Path, dataset_iri: str) -> "Payload":
        """The dump of a finished build: ``dataset.nt`` and ``void.ttl`` of ``site``.

        A build writes its output folder only after validation passed; this checks that the
        folder is a complete build of this dataset — ``void.ttl`` declares ``void:triples``
        for ``dataset_iri`` and ``dataset.nt`` holds exactly that many lines."""
        site = Path(site)
        dump, void_file = site / "dataset.nt", site / "void.ttl"
        missing = [p.name for p in (dump, void_file) if not p.is_file()]
        if missing:
            raise PublishError(f"{site}: no {', '.join(missing)} — run 'dialoggraph build' first")
        try:
            void = list(ox.parse(path=str(void_file), format=ox.RdfFormat.TURTLE))
        except (SyntaxError, ValueError, OSError) as exc:
            raise PublishError(f"{void_file}: cannot be read: {exc}") from None
        declared = [t.object.value for t in void if t.predicate.value == VOID_TRIPLES
                    and isinstance(t.subject, ox.NamedNode) and t.subject.value == dataset_iri]
        if len(declared) != 1 or not declared[0].isdigit():
            raise PublishError(f"{void_file}: no void:triples for <{dataset_iri}> — not a build of this "
                               "project; run 'dialoggraph build'")
        # The VoID file's blank nodes (if any) must not meet the dump's labels in one document.
        token = uuid.uuid4().hex
        relabel = {}

        def fresh(term):
            if isinstance(term, ox.BlankNode):
                return relabel.setdefault(term.value, ox.BlankNode(f"v{token}n{len(relabel)}"))
            return term

        void = [ox.Triple(fresh(t.subject), t.predicate, fresh(t.object)) for t in void]
        void_body = ox.serialize(void, format=ox.RdfFormat.N_TRIPLES)
        void_lines = set(void_body.splitlines())
        lines = overlap = 0
        last = b"\n"
        with dump.open("rb") as fh:
            for line in fh:
                lines += 1
                last = line
                if line.rstrip(b"\n") in void_lines:
                    overlap += 1
        if lines != int(declared[0]) or not last.endswith(b"\n"):
            raise PublishError(f"{dump} holds {lines} lines, but {void_file.name} declares {declared[0]} "
                               "triples: not the dump that build validated — run 'dialoggraph build' again")
        return cls([dump, void_body], lines + len(void_lines) - overlap, str(site))

    @staticmethod
    def _open_end(part: Path | bytes) -> bool:
        """Whether ``part`` lacks its final line break (the next part must not run into it)."""
        if isinstance(part, Path):
            with part.open("rb") as fh:
                fh.seek(0, io.SEEK_END)
                if not fh.tell():
                    return False
                fh.seek(-1, io.SEEK_END)
                return fh.read(1) != b"\n"
        return bool(part) and not part.endswith(b"\n")

    @property
    def size(self) -> int:
        """Bytes sent (the Content-Length of a Graph Store Protocol upload)."""
        return sum((p.stat().st_size if isinstance(p, Path) else len(p)) + self._open_end(p) for p in self.parts)

    def __iter__(self) -> Iterator[bytes]:
        for part in self.parts:
            if isinstance(part, Path):
                with part.open("rb") as fh:
                    while chunk := fh.read(_READ_SIZE):
                        yield chunk
            else:
                yield part
            if self._open_end(part):
                yield b"\n"

    def lines(self) -> Iterator[bytes]:
        """Every N-Triples line without its line break; empty and comment lines skipped."""
        for part in self.parts:
            with (part.open("rb") if isinstance(part, Path) else io.BytesIO(part)) as fh:
                for line in fh:
                    line = line.strip()
                    if line and not line.startswith(b"#"):
                        yield line


# ----------------------------------------------------------------------------- HTTP


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
        self.send(method, _gsp_url(self.target.gsp_endpoint, graph), what, content=payload,
                  headers={"Content-Type": "application/n-triples", "Content-Length": str(payload.size)})


def _describe_status(response: httpx.Response) -> str:
    reason = {401: "unauthorised — check the credentials", 403: "forbidden — the store refuses this "
              "(read-only, or the user may not write)", 404: "not found — check the endpoint URL",
              405: "method not allowed — is this the right endpoint?",
              413: "the request is too large — use a smaller --chunk-size",
              415: "unsupported media type"}.get(response.status_code, response.reason_phrase)
    text = " ".join(response.text.split())[:300]
    return f"HTTP {response.status_code} {reason}" + (f": {text}" if text else "")


def _gsp_url(endpoint: str, graph: str) -> str:
    """``{graph}`` in the endpoint is replaced by the encoded graph IRI (Virtuoso:
    ``…/sparql-graph-crud-auth?graph-uri={graph}``); otherwise ``graph=`` is appended."""
    encoded = quote(graph, safe="")
    if "{graph}" in endpoint:
        return endpoint.replace("{graph}", encoded)
    return endpoint + ("&" if "?" in endpoint else "?") + "graph=" + encoded


# ----------------------------------------------------------------------------- blank nodes, chunks


def _has_blank(term) -> bool:
    if isinstance(term, ox.BlankNode):
        return True
    if isinstance(term, ox.Triple):
        return _has_blank(term.subject) or _has_blank(term.object)
    return False


def _split_blank(lines: Iterable[bytes]) -> tuple[list[bytes], list[tuple[bytes, ox.Triple]]]:
    """``(lines without blank nodes, [(line, triple) with blank nodes])``: a line is parsed only
    when ``_:`` occurs in it, so a literal that merely contains ``_:`` stays a plain line."""
    plain: list[bytes] = []
    candidates: list[bytes] = []
    for line in lines:
        (candidates if b"_:" in line else plain).append(line)
    blank = []
    if candidates:
        try:
            parsed = list(ox.parse(b"\n".join(candidates), format=ox.RdfFormat.N_TRIPLES))
        except (SyntaxError, ValueError) as exc:
            raise PublishError(f"not valid N-Triples: {exc}") from None
        for line, triple in zip(candidates, parsed, strict=True):
            if _has_blank(triple.subject) or _has_blank(triple.object):
                blank.append((line, triple))
            else:
                plain.append(line)
    return plain, blank


def _group(items: list, nodes_of: Callable[[object], list[str]], size: int) -> list[list]:
    """Split ``items`` into chunks of about ``size``, keeping every item that shares a blank
    node (directly or through others) in one chunk."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    labels = [nodes_of(item) for item in items]
    for nodes in labels:
        for other in nodes[1:]:
            a, b = find(nodes[0]), find(other)
            if a != b:
                parent[a] = b
    groups: dict[str, list] = {}
    plain: list = []
    for item, nodes in zip(items, labels):
        if nodes:
            groups.setdefault(find(nodes[0]), []).append(item)
        else:
            plain.append(item)
    out: list[list] = []
    current: list = []
    for unit in [*([item] for item in plain), *groups.values()]:
        if current and len(current) + len(unit) > size:
            out.append(current)
            current = []
        current.extend(unit)
    if current:
        out.append(current)
    return out


def _blank_labels(triple: ox.Triple) -> list[str]:
    out = []
    for term in (triple.subject, triple.object):
        if isinstance(term, ox.BlankNode):
            out.append(term.value)
        elif isinstance(term, ox.Triple):
            out.extend(_blank_labels(term))
    return out


def chunks(triples: list[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """Split ``triples`` into chunks of about ``size``, keeping every triple that shares a
    blank node (directly or through others) in one chunk."""
    return _group(list(triples), _blank_labels, size)


def _line_chunks(lines: Iterable[bytes], size: int) -> list[list[bytes]]:
    plain, blank = _split_blank(lines)
    return _group(plain + blank, lambda item: _blank_labels(item[1]) if isinstance(item, tuple) else [], size)


def _insert_data(graph: str, lines: list) -> str:
    """One update operation adding ``lines`` (N-Triples) to ``graph``: ``INSERT DATA``, or, when
    blank nodes occur, ``INSERT { … } WHERE {}`` — the same triples (the template's blank nodes
    are new ones, shared by every triple of this request that names them; triples sharing a
    blank node are chunked together), and a form Virtuoso 7 accepts: it refuses blank nodes in
    ``INSERT DATA`` ("SP031 … Blank node … is not allowed in a constant clause")."""
    lines = [item[0] if isinstance(item, tuple) else item for item in lines]
    body = b"\n".join(lines).decode("utf-8")
    if any(b"_:" in line for line in lines):  # (a literal holding "_:" only costs the longer form)
        return f"INSERT {{ GRAPH <{graph}> {{\n{body}\n}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}"


def _canonical(triples: list[ox.Triple]) -> set[str]:
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}


def _blank_pattern(graph: str, t: ox.Triple) -> str | None:
    """A DELETE that removes ``t`` (and any triple like it up to its blank nodes) from ``graph``."""
    terms, tests = [], []
    for term, var in ((t.subject, "?s"), (t.predicate, None), (t.object, "?o")):
        if isinstance(term, ox.Triple):
            return None  # blank nodes inside a triple term: left to the store-side difference
        if isinstance(term, ox.BlankNode):
            terms.append(var)
            tests.append(f"isBlank({var})")
        else:
            terms.append(str(term))
    pattern = " ".join(terms)
    return (f"DELETE {{ GRAPH <{graph}> {{ {pattern} }} }} WHERE {{ GRAPH <{graph}> {{ {pattern} }} "
            f"FILTER({' && '.join(tests)}) }}")


# ----------------------------------------------------------------------------- the difference


@dataclass
class _Delta:
    deletes: list[bytes]  # N-Triples lines to DELETE DATA (no blank nodes)
    blank_deletes: list[str]  # DELETE operations for the old blank-node triples
    inserts: list[bytes]  # N-Triples lines to add (blank-node triples form one document)

    @property
    def empty(self) -> bool:
        return not (self.deletes or self.blank_deletes or self.inserts)


@dataclass
class _New:
    """The new version, indexed for comparison."""
    plain: set[bytes]
    blank: list[tuple[bytes, ox.Triple]]

    @classmethod
    def of(cls, payload: Payload) -> "_New":
        plain, blank = _split_blank(payload.lines())
        unique = {line: triple for line, triple in blank}
        return cls(set(plain), list(unique.items()))


def _difference(client: _Client, graph: str, new: _New, stored: int, what: str) -> _Delta | None:
    """What turns the store's ``graph`` (``stored`` triples) into ``new``; None when the graph
    cannot be read back completely."""
    data = client.graph_lines(graph, what)
    if data is None:
        return None
    remaining = set(new.plain)
    old_only: dict[bytes, None] = {}
    candidates: list[bytes] = []
    for line in io.BytesIO(data):
        line = line.strip()
        if not line or line.startswith(b"#"):
            continue
        if b"_:" in line:
            candidates.append(line)
        elif line in remaining:
            remaining.discard(line)
        elif line not in new.plain:
            old_only[line] = None
    del data
    plain_again, old_blank = _split_blank(candidates)
    for line in plain_again:
        if line in remaining:
            remaining.discard(line)
        elif line not in new.plain:
            old_only[line] = None
    # Blank-node triples: their labels are the store's, so only the whole set is compared.
    old_blank = list({line: triple for line, triple in old_blank}.items())
    if len(new.plain) - len(remaining) + len(old_only) + len(old_blank) != stored:
        return None  # a capped or partial answer: no difference can be trusted
    deletes: list[bytes] = []
    if old_only:
        try:  # the store's own N-Triples, written again by pyoxigraph: safe inside SPARQL
            deletes = ox.serialize(ox.parse(b"\n".join(old_only), format=ox.RdfFormat.N_TRIPLES),
                                   format=ox.RdfFormat.N_TRIPLES).splitlines()
        except (SyntaxError, ValueError):
            return None
    blank_deletes: list[str] = []
    inserts = sorted(remaining)
    if _canonical([t for _, t in old_blank]) != _canonical([t for _, t in new.blank]):
        patterns = {_blank_pattern(graph, t) for _, t in old_blank}
        if None in patterns:
            return None
        blank_deletes = sorted(patterns)
        inserts += [line for line, _ in new.blank]
    return _Delta(deletes, blank_deletes, inserts)


# ----------------------------------------------------------------------------- publish


class _Steps:
    """Seconds spent per step, for the result (``with step("upload"): …``)."""

    def __init__(self):
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


def publish(payload: Payload | Sequence[ox.Triple], target: Target, report: Reporter | None = None,
            transport: httpx.BaseTransport | None = None) -> PublishResult:
    """Replace ``target.graph`` in the store by ``payload`` (or a list of triples), safely and
    verified: see the module's docstring for the steps."""
    say = report or (lambda message: None)
    if not isinstance(payload, Payload):
        payload = Payload.from_triples(payload)
    expected = payload.expected
    staging = target.staging_graph
    started = time.monotonic()
    step = _Steps()
    client = _Client(target, transport)
    route = "gsp" if target.gsp_endpoint else "update"
    state = {"staging": False, "direct": False}
    try:
        with step("check"):
            stored = client.count(target.graph, "checking the store")  # reachable, answers queries
            say(f"store reachable: {redact_url(target.query_endpoint)}; <{target.graph}> holds {stored} triples")
            client.update(f"DROP SILENT GRAPH <{staging}>", "clearing the staging graph")
        small = expected <= target.chunk_triples
        if stored == 0 and not target.always_stage and (target.gsp_endpoint or small):
            strategy = "direct"
            state["direct"] = True
            with step("upload"):
                if target.gsp_endpoint:
                    client.upload(target.graph, payload, "uploading (Graph Store Protocol)", method="POST")
                else:
                    client.update(_insert_data(target.graph, list(payload.lines())), "uploading")
            say(f"uploaded {expected} triples into the empty target graph (one request)")
            with step("verify"):
                final = client.count(target.graph, "verifying the target graph")
            if final != expected:
                raise PublishError(f"verification failed: <{target.graph}> holds {final} triples after the "
                                   f"upload, {expected} were sent — the graph was removed again")
            state["direct"] = False
        else:
            if stored == 0:
                delta = _Delta([], [], [])  # everything is new: the payload itself is staged
            else:
                with step("read back"):
                    delta = _difference(client, target.graph, _New.of(payload), stored,
                                        "reading the target graph back")
                if delta is None:
                    say("the target graph could not be read back completely: staging the whole graph")
            if delta is not None and len(delta.deletes) + len(delta.blank_deletes) > target.chunk_triples:
                say(f"{len(delta.deletes) + len(delta.blank_deletes)} triples to remove (more than "
                    f"--chunk-size): staging the whole graph")
                delta = None
            if stored and delta is not None and delta.empty:
                strategy = "unchanged"
                say(f"<{target.graph}> already holds this version: nothing to write")
            elif delta is not None:
                strategy = "delta"
                added: Payload | None = payload
                if stored:
                    added = Payload([b"\n".join(delta.inserts) + b"\n"], len(delta.inserts)) if delta.inserts else None
                    say(f"difference: {len(delta.inserts)} triple(s) to add, {len(delta.deletes)} to remove"
                        + (f", {len(delta.blank_deletes)} blank-node pattern(s) to clear"
                           if delta.blank_deletes else ""))
                if added is not None:
                    _stage(client, target, added, step, state, say)
                ops = []
                if delta.deletes:
                    body = b"\n".join(delta.deletes).decode("utf-8")
                    ops.append(f"DELETE DATA {{ GRAPH <{target.graph}> {{\n{body}\n}} }}")
                ops += delta.blank_deletes
                if added is not None:
                    ops += [f"ADD <{staging}> TO <{target.graph}>", f"DROP SILENT GRAPH <{staging}>"]
                with step("switch"):
                    _switch(client, target, " ;\n".join(ops), payload)
                state["staging"] = False
            else:
                strategy = "full"
                _stage(client, target, payload, step, state, say)
                g, s = target.graph, staging
                switch = (f"DELETE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} "
                          f"FILTER NOT EXISTS {{ GRAPH <{s}> {{ ?s ?p ?o }} }} }} ;\n"
                          f"INSERT {{ GRAPH <{g}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{s}> {{ ?s ?p ?o }} "
                          f"FILTER NOT EXISTS {{ GRAPH <{g}> {{ ?s ?p ?o }} }} }}")
                with step("switch"):
                    _switch(client, target, switch, payload)
            with step("verify"):
                final = client.count(target.graph, "verifying the target graph")
            if final != expected:
                raise PublishError(f"verification failed: <{target.graph}> holds {final} triples after "
                                   f"the update, expected {expected}")
            if strategy == "full":
                state["staging"] = False
                with step("cleanup"):
                    try:
                        client.update(f"DROP SILENT GRAPH <{staging}>", "dropping the staging graph")
                    except PublishError as exc:
                        say(f"note: {exc} (the next run clears it)")
        say(f"target graph verified: {final} triples in <{target.graph}>")
        return PublishResult(target.graph, final, time.monotonic() - started, route, client.requests,
                             strategy=strategy, steps=step.seconds)
    except BaseException:
        for key, graph in (("staging", staging), ("direct", target.graph)):
            if state[key]:
                try:
                    client.update(f"DROP SILENT GRAPH <{graph}>", "cleaning up", retry=False)
                except BaseException:  # noqa: BLE001 - best effort; the next run clears staging too
                    pass
        raise
    finally:
        client.close()


def _stage(client: _Client, target: Target, payload: Payload, step: _Steps, state: dict, say: Reporter) -> None:
    """Upload ``payload`` into the (cleared) staging graph and check its triple count."""
    staging = target.staging_graph
    state["staging"] = True
    with step("upload"):
        if target.gsp_endpoint:
            # POST, not PUT: the staging graph was just dropped, so both mean the same here, and
            # Oxigraph 0.5 loads a PUT about 2.8 times slower (1M triples: 128 s against 46 s).
            client.upload(staging, payload, "uploading (Graph Store Protocol)", method="POST")
            say(f"uploaded {payload.expected} triples to the staging graph (one POST)")
        else:
            parts = _line_chunks(payload.lines(), max(1, target.chunk_triples))
            for i, part in enumerate(parts, start=1):
                client.update(_insert_data(staging, part), f"uploading chunk {i}/{len(parts)}")
            say(f"uploaded {payload.expected} triples to the staging graph in {len(parts)} request(s)")
    with step("verify staging"):
        staged = client.count(staging, "verifying the staging graph")
    if staged != payload.expected:
        raise PublishError(f"verification failed: the staging graph holds {staged} triples, "
                           f"{payload.expected} were sent — the target graph was not touched")
    say(f"staging graph verified: {staged} triples")


def _switch(client: _Client, target: Target, update: str, payload: Payload) -> None:
    """The one update request that changes the target; when its answer is lost, read the
    target back to tell whether the store applied it."""
    try:
        client.update(update, "replacing the target graph", retry=False)
    except PublishError as exc:
        applied = False
        try:
            stored = client.count(target.graph, "checking the target")
            delta = _difference(client, target.graph, _New.of(payload), stored, "checking the target")
            applied = delta is not None and delta.empty and stored == payload.expected
        except PublishError:
            pass
        if not applied:
            raise PublishError(f"{exc}; <{target.graph}> does not hold the new version now: it keeps the "
                               "previous one unless the store is still applying the request (a store that "
                               "applies an update request atomically never shows a mix) — run publish "
                               "again") from None


def published_triples(graphs) -> list[ox.Triple]:
    """The graph a publish uploads: the validated data and its VoID/DCAT description — the
    same triples as the site's dataset.nt and void.ttl, which the embedded store loads."""
    return list(graphs.data) + list(graphs.void)

"""Publishing into a real Oxigraph server (started and stopped here): the graph arrives whole
and verified, a failed or killed upload leaves the previous version intact, errors are clear
and never show credentials. (The named queries on every store: test_portable_queries.py.)"""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pyoxigraph as ox
import pytest

from dialoggraph.publish.publisher import PublishError, Target, chunks, publish, published_triples

from .dgkit import OxigraphServer, free_port, kill_when

pytestmark = pytest.mark.server

GRAPH = "https://data.example.org/nrw-dialog/dataset/2016"
N, L = ox.NamedNode, ox.Literal
OLD = [ox.Triple(N("urn:x:old"), N("urn:x:version"), L(str(i))) for i in range(3)]


@pytest.fixture(scope="module")
def triples(graphs) -> list[ox.Triple]:
    return published_triples(graphs)


@pytest.fixture()
def oxigraph(tmp_path):
    with OxigraphServer(tmp_path / "oxigraph") as server:
        yield server


def target(server: OxigraphServer, **kw) -> Target:
    kw.setdefault("retries", 1)
    kw.setdefault("backoff", 0.01)
    return Target(server.query, server.update, GRAPH, **kw)


def count(server: OxigraphServer, graph: str) -> int:
    r = httpx.post(server.query, data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
                   headers={"Accept": "application/sparql-results+json"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def graphs_in(server: OxigraphServer) -> set[str]:
    r = httpx.post(server.query, data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
                   headers={"Accept": "application/sparql-results+json"})
    return {b["g"]["value"] for b in r.json()["results"]["bindings"]}


# ----------------------------------------------------------------------------- the happy paths


@pytest.mark.parametrize("route", ["update", "gsp"])
def test_publish_and_verify(oxigraph, triples, route):
    extra = {"gsp_endpoint": oxigraph.store} if route == "gsp" else {"chunk_triples": 2500}
    messages = []
    result = publish(triples, target(oxigraph, **extra), messages.append)
    expected = len({str(t) for t in triples})
    assert (result.triples, result.route, result.graph) == (expected, route, GRAPH)
    assert count(oxigraph, GRAPH) == expected
    assert graphs_in(oxigraph) == {GRAPH}  # the staging graph is gone
    assert any("verified" in m for m in messages)
    # Publishing again replaces the graph instead of adding to it.
    publish(OLD, target(oxigraph, **extra))
    assert count(oxigraph, GRAPH) == 3


def test_blank_nodes_survive_chunking(oxigraph):
    b = [ox.BlankNode(f"b{i}") for i in range(4)]
    data = [ox.Triple(N("urn:x:s"), N("urn:x:p"), b[0]), ox.Triple(b[0], N("urn:x:q"), b[1]),
            ox.Triple(b[1], N("urn:x:r"), L("deep")), ox.Triple(N("urn:x:t"), N("urn:x:p"), b[2]),
            ox.Triple(b[2], N("urn:x:q"), L("x")), ox.Triple(b[3], N("urn:x:q"), L("y"))]
    data += [ox.Triple(N(f"urn:x:n{i}"), N("urn:x:p"), L(str(i))) for i in range(10)]
    parts = chunks(data, 2)
    for part in parts:  # every blank node lives in exactly one chunk
        for other in parts:
            if other is not part:
                mine = {n.value for t in part for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)}
                theirs = {n.value for t in other for n in (t.subject, t.object) if isinstance(n, ox.BlankNode)}
                assert not mine & theirs
    publish(data, target(oxigraph, chunk_triples=2))
    r = httpx.post(oxigraph.query, headers={"Accept": "application/sparql-results+json"}, data={"query":
        f"SELECT ?v WHERE {{ GRAPH <{GRAPH}> {{ <urn:x:s> <urn:x:p>/<urn:x:q>/<urn:x:r> ?v }} }}"})
    assert [b["v"]["value"] for b in r.json()["results"]["bindings"]] == ["deep"]


# ----------------------------------------------------------------------------- atomicity


class FailAfter(httpx.HTTPTransport):
    """Lets ``n`` update requests through, then fails every later one as a dropped connection."""

    def __init__(self, n: int, exc: type[BaseException] = httpx.ConnectError):
        super().__init__()
        self.n, self.exc, self.seen = n, exc, 0

    def handle_request(self, request):
        if request.url.path.endswith("/update") and b"INSERT DATA" in request.content:
            self.seen += 1
            if self.seen > self.n:
                raise self.exc("injected failure") if self.exc is not KeyboardInterrupt else KeyboardInterrupt()
        return super().handle_request(request)


@pytest.mark.parametrize("exc", [httpx.ConnectError, httpx.ReadTimeout, KeyboardInterrupt])
def test_failed_upload_keeps_the_previous_version(oxigraph, triples, exc):
    publish(OLD, target(oxigraph))
    with pytest.raises(PublishError if exc is not KeyboardInterrupt else KeyboardInterrupt):
        publish(triples, target(oxigraph, chunk_triples=1000), transport=FailAfter(3, exc))
    assert count(oxigraph, GRAPH) == 3
    assert graphs_in(oxigraph) == {GRAPH}  # the partial staging graph was dropped


class DropOneTriple(httpx.HTTPTransport):
    """A lossy store: the last line of every upload body disappears."""

    def handle_request(self, request):
        request.read()  # a Graph Store Protocol upload is streamed
        if request.method in ("PUT", "POST") and request.url.path.endswith("/store") \
                or b"INSERT DATA" in request.content:
            body = request.content
            if request.url.path.endswith("/store"):
                body = b"\n".join(body.rstrip(b"\n").split(b"\n")[:-1]) + b"\n"
            else:
                head, _, tail = body.rpartition(b" .\n")
                body = head.rpartition(b"\n")[0] + b"\n" + tail
            request = httpx.Request(request.method, request.url, headers={
                k: v for k, v in request.headers.items() if k.lower() != "content-length"}, content=body)
        return super().handle_request(request)


@pytest.mark.parametrize("route", ["update", "gsp"])
def test_count_mismatch_fails_loudly(oxigraph, triples, route):
    publish(OLD, target(oxigraph))
    extra = {"gsp_endpoint": oxigraph.store} if route == "gsp" else {}
    with pytest.raises(PublishError, match="verification failed.*target graph was not touched"):
        publish(triples, target(oxigraph, **extra), transport=DropOneTriple())
    assert count(oxigraph, GRAPH) == 3


class SlowProxy:
    """A loopback TCP proxy that delays every chunk the client sends: uploads take long
    enough to be killed half-way."""

    def __init__(self, upstream_port: int, delay: float):
        self.upstream_port, self.delay = upstream_port, delay
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                client, _ = self.sock.accept()
            except OSError:
                continue
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            threading.Thread(target=self._pipe, args=(client, upstream, self.delay), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, 0), daemon=True).start()

    @staticmethod
    def _pipe(src, dst, delay):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if delay:
                    time.sleep(delay)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        self.stop.set()
        self.sock.close()


def test_killed_upload_keeps_the_previous_version(oxigraph, settings, triples):
    publish(OLD, target(oxigraph))
    proxy = SlowProxy(oxigraph.port, delay=0.15)
    url = f"http://127.0.0.1:{proxy.port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "dialoggraph", "publish", "-C", str(settings.project_dir),
         "--query-endpoint", url + "/query", "--update-endpoint", url + "/update", "--chunk-size", "300"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    staging = target(oxigraph).staging_graph
    kill_when(process, lambda: count(oxigraph, staging) >= 600, proxy, poll=0.05)  # half-way
    assert count(oxigraph, GRAPH) == 3  # the old version, untouched
    assert 0 < count(oxigraph, staging) < len(triples)
    publish(triples, target(oxigraph))  # the next run clears the leftover staging graph
    assert graphs_in(oxigraph) == {GRAPH}
    assert count(oxigraph, GRAPH) == len({str(t) for t in triples})


# ----------------------------------------------------------------------------- errors


def test_store_down(triples):
    port = free_port()
    started = time.monotonic()
    with pytest.raises(PublishError, match="cannot connect.*after 3 attempts"):
        publish(triples, Target(f"http://127.0.0.1:{port}/query", f"http://127.0.0.1:{port}/update", GRAPH,
                                retries=2, backoff=0.05))
    assert time.monotonic() - started < 10


def test_read_only_store_refuses(tmp_path, triples):
    with OxigraphServer(tmp_path / "ro", read_only=True) as server:
        with pytest.raises(PublishError, match="refused the request: HTTP 403"):
            publish(triples, target(server))


class Recorder(BaseHTTPRequestHandler):
    """A store that answers 401 to everything and remembers the Authorization headers."""
    seen: list[str] = []

    def do_POST(self):  # noqa: N802 - http.server API
        self.seen.append(self.headers.get("Authorization", ""))
        self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="store"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST

    def log_message(self, *args):
        pass


def test_credentials_are_sent_never_printed(settings):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        env = {**os.environ, "DIALOGGRAPH_STORE_PASSWORD": "s3cret-Pa55"}
        out = subprocess.run(
            [sys.executable, "-m", "dialoggraph", "publish", "-C", str(settings.project_dir), "--user", "alice",
             "--query-endpoint", url + "/query", "--update-endpoint", url + "/update", "--retries", "0"],
            capture_output=True, text=True, env=env, timeout=120)
        assert out.returncode == 2
        assert "HTTP 401 unauthorised" in out.stderr
        assert "s3cret" not in out.stdout + out.stderr
        assert Recorder.seen[-1] == "Basic " + base64.b64encode(b"alice:s3cret-Pa55").decode()
        # Credentials written into the URL are taken out of it and not echoed either.
        with pytest.raises(PublishError) as info:
            publish(OLD, Target(f"http://bob:hunter2@127.0.0.1:{httpd.server_address[1]}/query",
                                f"http://bob:hunter2@127.0.0.1:{httpd.server_address[1]}/update", GRAPH, retries=0))
        assert "hunter2" not in str(info.value) and "bob" not in str(info.value)
        assert Recorder.seen[-1] == "Basic " + base64.b64encode(b"bob:hunter2").decode()
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_retries_then_succeeds(oxigraph):
    class Flaky(httpx.HTTPTransport):
        failures = 0

        def handle_request(self, request):
            if request.url.path.endswith("/update") and Flaky.failures < 2:
                Flaky.failures += 1
                return httpx.Response(503, headers={"Retry-After": "0"}, request=request)
            return super().handle_request(request)

    result = publish(OLD, target(oxigraph, retries=3), transport=Flaky())
    assert result.triples == 3 and Flaky.failures == 2


def test_bad_graph_iri():
    with pytest.raises(PublishError, match="not an IRI"):
        Target("http://127.0.0.1:1/query", "http://127.0.0.1:1/update", "not an iri")

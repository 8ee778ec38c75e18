"""How publish chooses what to send, against a real Oxigraph server: a first publish goes
straight into the empty target in one request, a republish sends only the difference (nothing
at all when the graph is unchanged), a read-back that cannot be trusted or a large removal
falls back to staging the whole graph — and every route ends with the target equal to the new
version, or, on failure, as it was. Also: publishing the dump of a finished build."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time

import httpx
import pyoxigraph as ox
import pytest

from dialoggraph.publish.publisher import Payload, PublishError, publish

from .dgkit import OxigraphServer, built_site, kill_when
from .test_publish import GRAPH, DropOneTriple, SlowProxy, count, graphs_in, target
from .test_publish import oxigraph, triples  # noqa: F401 - the same fixtures

pytestmark = pytest.mark.server

N, L, B = ox.NamedNode, ox.Literal, ox.BlankNode


class Spy(httpx.HTTPTransport):
    """Records every request (method, path, body) and passes it on."""

    def __init__(self):
        super().__init__()
        self.seen: list[tuple[str, str, bytes]] = []

    def handle_request(self, request):
        request.read()
        self.seen.append((request.method, request.url.path, request.content))
        return super().handle_request(request)

    def writes(self) -> list[bytes]:
        """Bodies of the update requests and Graph Store Protocol uploads, except the
        clearing of a staging graph left behind."""
        return [body for method, path, body in self.seen
                if (path.endswith("/update") and not body.startswith(b"DROP SILENT GRAPH <urn:dialoggraph:staging"))
                or (path.endswith("/store") and method in ("PUT", "POST"))]


def canonical(triples) -> set[str]:
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in dataset}


def stored(server: OxigraphServer, graph: str = GRAPH) -> set[str]:
    """The graph in the store, blank nodes relabelled canonically."""
    r = httpx.post(server.query, data={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"},
                   headers={"Accept": "application/n-triples"})
    return canonical(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES))


def plain(n: int, tag: str = "a") -> list[ox.Triple]:
    return [ox.Triple(N(f"urn:x:s{i}"), N("urn:x:p"), L(f"{tag}{i}")) for i in range(n)]


def version(n: int, tag: str = "a", blank: str = "x") -> list[ox.Triple]:
    """A small graph: ``n`` plain triples, one whose literal merely contains ``_:``, and
    blank-node structures, one of which depends on ``blank``."""
    b0, b1 = B("r0"), B("r1")
    return plain(n, tag) + [
        ox.Triple(N("urn:x:t"), N("urn:x:value"), L("_:b0 is not a blank node")),
        ox.Triple(N("urn:x:s0"), N("urn:x:has"), b0), ox.Triple(b0, N("urn:x:next"), b1),
        ox.Triple(b1, N("urn:x:value"), L(blank)), ox.Triple(B("lonely"), N("urn:x:value"), L("alone"))]


# ----------------------------------------------------------------------------- first publish


@pytest.mark.parametrize("route", ["update", "gsp"])
def test_first_publish_is_one_request_into_the_target(oxigraph, triples, route):
    # (the default --chunk-size, sized for Virtuoso, is below our graph: Oxigraph takes more; the
    # chunk is sized from the graph, which grows with the data)
    extra = {"gsp_endpoint": oxigraph.store} if route == "gsp" else {"chunk_triples": 2 * len(triples)}
    spy = Spy()
    result = publish(triples, target(oxigraph, **extra), transport=spy)
    assert result.strategy == "direct"
    assert len(spy.writes()) == 1  # one INSERT DATA, or one streamed POST
    assert stored(oxigraph) == canonical(triples)
    assert graphs_in(oxigraph) == {GRAPH}
    assert set(result.steps) >= {"check", "upload", "verify"}


def test_first_publish_too_big_for_one_update_is_staged(oxigraph):
    data = version(30)
    spy = Spy()
    result = publish(data, target(oxigraph, chunk_triples=10), transport=spy)
    assert result.strategy == "delta"  # staged in chunks, then added in one update
    assert any(b"ADD <urn:dialoggraph:staging" in body for body in spy.writes())
    assert stored(oxigraph) == canonical(data)
    assert graphs_in(oxigraph) == {GRAPH}


def test_always_stage(oxigraph, triples):
    spy = Spy()
    result = publish(triples, target(oxigraph, gsp_endpoint=oxigraph.store, always_stage=True), transport=spy)
    assert result.strategy == "delta"
    assert [m for m, path, _ in spy.seen if path.endswith("/store")] == ["POST"]
    assert any(b"ADD <urn:dialoggraph:staging" in body for body in spy.writes())  # staged, then added
    assert stored(oxigraph) == canonical(triples)
    assert graphs_in(oxigraph) == {GRAPH}


def test_lossy_first_publish_removes_the_graph_again(oxigraph, triples):
    with pytest.raises(PublishError, match="verification failed.*removed again"):
        publish(triples, target(oxigraph, gsp_endpoint=oxigraph.store), transport=DropOneTriple())
    assert graphs_in(oxigraph) == set()


class CountingProxy(SlowProxy):
    """SlowProxy that counts the bytes the client has sent."""

    def __init__(self, upstream_port: int, delay: float):
        self.sent = 0
        super().__init__(upstream_port, delay)

    def _pipe(self, src, dst, delay):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if delay:
                    self.sent += len(data)
                    time.sleep(delay)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(2)
                except OSError:
                    pass


def test_killed_first_publish_leaves_no_graph(oxigraph, settings):
    """A streamed upload cut off half-way: Oxigraph loads one request in one transaction."""
    proxy = CountingProxy(oxigraph.port, delay=0.1)
    url = f"http://127.0.0.1:{proxy.port}"
    site = built_site(settings)
    process = subprocess.Popen(
        [sys.executable, "-m", "dialoggraph", "publish", "-C", str(settings.project_dir), "--from-site", str(site),
         "--query-endpoint", url + "/query", "--update-endpoint", url + "/update", "--gsp-endpoint", url + "/store"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    size = (site / "dataset.nt").stat().st_size
    kill_when(process, lambda: proxy.sent >= size // 3, proxy)  # a third of the dump on its way
    time.sleep(0.5)
    assert count(oxigraph, GRAPH) == 0
    assert graphs_in(oxigraph) == set()


# ----------------------------------------------------------------------------- republish


@pytest.mark.parametrize("route", ["update", "gsp"])
def test_unchanged_republish_writes_nothing(oxigraph, triples, route):
    extra = {"gsp_endpoint": oxigraph.store} if route == "gsp" else {}
    publish(triples, target(oxigraph, **extra))
    spy = Spy()
    result = publish(triples, target(oxigraph, **extra), transport=spy)
    assert result.strategy == "unchanged"
    assert spy.writes() == []
    assert stored(oxigraph) == canonical(triples)


@pytest.mark.parametrize("route", ["update", "gsp"])
def test_republish_sends_only_the_difference(oxigraph, route):
    extra = {"gsp_endpoint": oxigraph.store} if route == "gsp" else {}
    old = version(100)
    new = old[5:] + [ox.Triple(N(f"urn:x:added{i}"), N("urn:x:p"), L(f"new{i}")) for i in range(3)]
    publish(old, target(oxigraph, **extra))
    spy = Spy()
    result = publish(new, target(oxigraph, **extra), transport=spy)
    assert result.strategy == "delta" and result.triples == len(new)
    uploaded = b"".join(body for body in spy.writes() if b"ADD <" not in body)
    assert uploaded.count(b'"new') == 3 and b'"a50"' not in uploaded  # only the additions travel
    switch = [body for body in spy.writes() if b"ADD <" in body]
    assert len(switch) == 1 and switch[0].count(b"urn:x:s") >= 5  # the five removals
    assert b"isBlank" not in switch[0]  # the blank-node part did not change
    assert stored(oxigraph) == canonical(new)
    assert graphs_in(oxigraph) == {GRAPH}


def test_changed_blank_nodes_are_replaced(oxigraph):
    publish(version(10, blank="x"), target(oxigraph))
    new = version(10, blank="y")
    spy = Spy()
    result = publish(new, target(oxigraph), transport=spy)
    assert result.strategy == "delta"
    assert any(b"isBlank" in body for body in spy.writes())
    assert stored(oxigraph) == canonical(new)


def test_only_removals(oxigraph):
    publish(version(20), target(oxigraph))
    new = version(20)[3:]
    spy = Spy()
    assert publish(new, target(oxigraph), transport=spy).strategy == "delta"
    assert len(spy.writes()) == 1  # no staging: one DELETE DATA
    assert stored(oxigraph) == canonical(new)


def test_many_removals_stage_the_whole_graph(oxigraph):
    publish(version(50), target(oxigraph))
    new = version(5, tag="b")
    result = publish(new, target(oxigraph, chunk_triples=10))
    assert result.strategy == "full"
    assert stored(oxigraph) == canonical(new)
    assert graphs_in(oxigraph) == {GRAPH}


class CappedConstruct(httpx.HTTPTransport):
    """A store that silently caps CONSTRUCT answers at ``rows`` triples."""

    def __init__(self, rows: int):
        super().__init__()
        self.rows = rows

    def handle_request(self, request):
        response = super().handle_request(request)
        request.read()
        if request.url.path.endswith("/query") and b"CONSTRUCT" in request.content:
            response.read()
            body = b"\n".join(response.content.splitlines()[:self.rows]) + b"\n"
            return httpx.Response(200, headers={"Content-Type": "application/n-triples"}, content=body,
                                  request=request)
        return response


def test_incomplete_read_back_stages_the_whole_graph(oxigraph):
    publish(version(40), target(oxigraph))
    new = version(40)[2:] + [ox.Triple(N("urn:x:added"), N("urn:x:p"), L("c"))]
    result = publish(new, target(oxigraph), transport=CappedConstruct(10))
    assert result.strategy == "full"
    assert stored(oxigraph) == canonical(new)
    assert graphs_in(oxigraph) == {GRAPH}


def test_lossy_staging_keeps_the_previous_version(oxigraph):
    old = version(30)
    publish(old, target(oxigraph, gsp_endpoint=oxigraph.store))
    with pytest.raises(PublishError, match="staging graph holds .*target graph was not touched"):
        publish(version(30, tag="z"), target(oxigraph, gsp_endpoint=oxigraph.store), transport=DropOneTriple())
    assert stored(oxigraph) == canonical(old)
    assert graphs_in(oxigraph) == {GRAPH}


class LoseSwitchAnswer(httpx.HTTPTransport):
    """Passes the switch (the update that touches the target) on — or not — and then fails
    as a dropped connection."""

    def __init__(self, deliver: bool):
        super().__init__()
        self.deliver = deliver

    def handle_request(self, request):
        request.read()
        body = request.content
        if request.url.path.endswith("/update") and (b"ADD <" in body or b"FILTER NOT EXISTS" in body):
            if self.deliver:
                super().handle_request(request).read()
            raise httpx.ReadError("injected: connection lost")
        return super().handle_request(request)


@pytest.mark.parametrize("chunk", [20_000, 5])  # delta, full
def test_lost_answer_of_the_switch(oxigraph, chunk):
    old = version(20)
    new = old[10:] + [ox.Triple(N(f"urn:x:added{i}"), N("urn:x:p"), L(f"n{i}")) for i in range(4)]
    publish(old, target(oxigraph))
    result = publish(new, target(oxigraph, chunk_triples=chunk), transport=LoseSwitchAnswer(deliver=True))
    assert result.strategy == ("delta" if chunk > 5 else "full")
    assert stored(oxigraph) == canonical(new)  # applied, and recognised as applied
    publish(old, target(oxigraph))
    with pytest.raises(PublishError, match="does not hold the new version now: it keeps the previous one"):
        publish(new, target(oxigraph, chunk_triples=chunk), transport=LoseSwitchAnswer(deliver=False))
    assert stored(oxigraph) == canonical(old)
    assert graphs_in(oxigraph) == {GRAPH}


# ----------------------------------------------------------------------------- from a built site


def test_from_site_is_the_validated_graph(oxigraph, settings, triples):
    site = built_site(settings)
    payload = Payload.from_site(site, settings.dataset_iri)
    assert payload.expected == len({str(t) for t in triples})
    result = publish(payload, target(oxigraph, gsp_endpoint=oxigraph.store))
    assert result.strategy == "direct" and result.triples == payload.expected
    assert stored(oxigraph) == canonical(triples)
    # The graph built in memory is the same version: nothing to write.
    assert publish(triples, target(oxigraph)).strategy == "unchanged"


def test_from_site_refuses_an_incomplete_or_foreign_dump(tmp_path, settings):
    site = built_site(settings)
    copy = tmp_path / "site"
    copy.mkdir()
    for name in ("dataset.nt", "void.ttl"):
        shutil.copyfile(site / name, copy / name)
    lines = (copy / "dataset.nt").read_bytes().splitlines(keepends=True)
    (copy / "dataset.nt").write_bytes(b"".join(lines[:-1]))
    with pytest.raises(PublishError, match="not the dump that build validated"):
        Payload.from_site(copy, settings.dataset_iri)
    (copy / "dataset.nt").write_bytes(b"".join(lines)[:-20])  # cut in the middle of a line
    with pytest.raises(PublishError, match="not the dump that build validated"):
        Payload.from_site(copy, settings.dataset_iri)
    with pytest.raises(PublishError, match="no void:triples for <https://example.org/other#id>"):
        Payload.from_site(site, "https://example.org/other#id")
    (copy / "void.ttl").unlink()
    with pytest.raises(PublishError, match="no void.ttl — run 'dialoggraph build' first"):
        Payload.from_site(copy, settings.dataset_iri)


def test_cli_from_site(oxigraph, settings, triples):
    site = built_site(settings)
    out = subprocess.run(
        [sys.executable, "-m", "dialoggraph", "publish", "-C", str(settings.project_dir), "--from-site", str(site),
         "--query-endpoint", oxigraph.query, "--update-endpoint", oxigraph.update, "--gsp-endpoint", oxigraph.store],
        capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "300"})
    assert out.returncode == 0, out.stdout + out.stderr
    assert "direct:" in out.stdout and "validate" not in out.stdout  # no second validation
    assert stored(oxigraph) == canonical(triples)
    bad = subprocess.run(
        [sys.executable, "-m", "dialoggraph", "publish", "-C", str(settings.project_dir), "--from-site",
         str(site / "nowhere"), "--query-endpoint", oxigraph.query, "--update-endpoint", oxigraph.update],
        capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "300"})
    assert bad.returncode == 2 and "run 'dialoggraph build' first" in bad.stderr


# ----------------------------------------------------------------------------- what stores answer


class TurtleConstruct(httpx.HTTPTransport):
    """A store that answers CONSTRUCT in Turtle only."""

    def handle_request(self, request):
        response = super().handle_request(request)
        request.read()
        if request.url.path.endswith("/query") and b"CONSTRUCT" in request.content:
            response.read()
            graph = ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)
            body = ox.serialize(graph, format=ox.RdfFormat.TURTLE, prefixes={"x": "urn:x:"})
            return httpx.Response(200, headers={"Content-Type": "text/turtle"}, content=body, request=request)
        return response


def test_read_back_in_turtle(oxigraph):
    old = version(30)
    publish(old, target(oxigraph))
    assert publish(old, target(oxigraph), transport=TurtleConstruct()).strategy == "unchanged"
    new = old[3:]
    assert publish(new, target(oxigraph), transport=TurtleConstruct()).strategy == "delta"
    assert stored(oxigraph) == canonical(new)


def test_literals_the_store_rewrites(oxigraph):
    """Oxigraph answers "01"^^xsd:integer as "1": such triples count as changed each time —
    rewritten, and the count still checks out."""
    integer = N("http://www.w3.org/2001/XMLSchema#integer")
    data = plain(5) + [ox.Triple(N("urn:x:s"), N("urn:x:n"), L("01", datatype=integer))]
    publish(data, target(oxigraph))
    result = publish(data, target(oxigraph))
    assert (result.strategy, result.triples) == ("delta", len(data))
    assert count(oxigraph, GRAPH) == len(data)

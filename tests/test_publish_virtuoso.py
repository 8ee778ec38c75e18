"""Publishing into a real Virtuoso 7 (Debian's virtuoso-opensource-7, one private instance per
test session): with only the query and update endpoints — the graph cut into requests
Virtuoso's SPARQL compiler accepts, blank nodes whole — and with its Graph Store endpoint;
first publish and republish, each verified by reading the graph back and comparing it with
ours; a refused request leaves the previous version; credentials never printed.

Virtuoso caps every result at 10 000 rows (``ResultSetMaxRows``, left as the package ships
it): publish notices its capped read-back and stages the whole graph; the tests read a graph
back one predicate at a time, each under the cap."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pyoxigraph as ox
import pytest

from dialoggraph.publish.publisher import DEFAULT_CHUNK_TRIPLES, PublishError, Target, publish

from .test_publish import triples  # noqa: F401 - the same fixture
from .test_publish_routes import canonical, version

pytestmark = [pytest.mark.server, pytest.mark.virtuoso]

CAP = 10_000  # the package's ResultSetMaxRows


def target(server, graph: str, **kw) -> Target:
    kw.setdefault("retries", 1)
    kw.setdefault("backoff", 0.05)
    return Target(server.query, server.update, graph, user=server.user, password=server.password,
                  auth_scheme="digest", **kw)


def select(server, query: str) -> list[dict]:
    r = httpx.post(server.query, data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                   timeout=60)
    r.raise_for_status()
    return r.json()["results"]["bindings"]


def count(server, graph: str) -> int:
    return int(select(server, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")[0]["n"]["value"])


def stored(server, graph: str) -> set[str]:
    """The graph in Virtuoso, read in slices of whole predicates, each under the result cap
    (Virtuoso's blank node labels are the same in every answer), blank nodes relabelled
    canonically."""
    per_predicate = select(server, f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }} GROUP BY ?p")
    slices: list[tuple[list[str], int]] = []
    for row in per_predicate:
        p, n = row["p"]["value"], int(row["n"]["value"])
        assert n < CAP, f"<{p}>: {n} triples, more than one answer can hold"
        if not slices or slices[-1][1] + n >= CAP:
            slices.append(([], 0))
        slices[-1] = (slices[-1][0] + [p], slices[-1][1] + n)
    out: list[ox.Triple] = []
    for predicates, n in slices:
        values = " ".join(f"<{p}>" for p in predicates)
        r = httpx.post(server.query, headers={"Accept": "application/n-triples"}, timeout=60, data={
            "query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?p {{ {values} }} GRAPH <{graph}> {{ ?s ?p ?o }} }}"})
        r.raise_for_status()
        got = list(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES))
        assert len(got) == n, f"{len(got)} of {n} triples read back"
        out += got
    return canonical(out)


def staging_left(server) -> list[str]:
    rows = select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                          "FILTER(STRSTARTS(STR(?g), 'urn:dialoggraph:staging:')) }")
    return [row["g"]["value"] for row in rows]


def test_update_endpoint_only(virtuoso, settings, triples):  # noqa: F811
    """`dialoggraph publish` as a user runs it, with the endpoints docs/publishing.md names:
    the graph in INSERT DATA chunks (blank-node chunks as INSERT … WHERE {}), switched in,
    equal to ours; a republish (capped read-back: the whole graph staged) keeps it equal."""
    graph = "https://data.example.org/test/virtuoso-update"
    cmd = [sys.executable, "-m", "dialoggraph", "publish", "-C", str(settings.project_dir),
           "--query-endpoint", virtuoso.query, "--update-endpoint", virtuoso.update, "--graph", graph,
           "--user", virtuoso.user, "--auth", "digest"]
    env = {**os.environ, "DIALOGGRAPH_STORE_PASSWORD": virtuoso.password, "COLUMNS": "200"}
    ours = canonical(triples)
    assert len(ours) > CAP > DEFAULT_CHUNK_TRIPLES  # several chunks, a capped read-back
    for run, strategy in ((1, "delta"), (2, "full")):
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
        assert out.returncode == 0, out.stdout + out.stderr
        assert f"published {len(ours)} triples" in out.stdout and f"({strategy}:" in out.stdout, out.stdout
        assert stored(virtuoso, graph) == ours, f"run {run}"
    assert "could not be read back completely" in out.stdout
    assert not staging_left(virtuoso)


def test_graph_store_endpoint(virtuoso, triples):  # noqa: F811
    """With Virtuoso's Graph Store endpoint (Digest): a first publish is one POST into the empty
    graph; a republish and a changed version are staged and switched; each equal to what was sent."""
    graph = "https://data.example.org/test/virtuoso-gsp"
    t = target(virtuoso, graph, gsp_endpoint=virtuoso.gsp)
    first = publish(triples, t)
    assert (first.strategy, first.route) == ("direct", "gsp")
    assert stored(virtuoso, graph) == canonical(triples)
    again = publish(triples, t)
    assert again.strategy == "full" and stored(virtuoso, graph) == canonical(triples)
    smaller = triples[: len(triples) // 2]
    changed = publish(smaller, t)
    assert changed.triples == len(canonical(smaller)) and stored(virtuoso, graph) == canonical(smaller)
    assert not staging_left(virtuoso)


def test_blank_nodes_across_chunks(virtuoso):
    """A small graph (read back completely: only the difference travels) with blank-node
    structures, two triples per request: each structure arrives whole, and a changed one
    replaces the old."""
    graph = "https://data.example.org/test/virtuoso-blank"
    old, new = version(9, blank="x"), version(9, tag="b", blank="y")
    first = publish(old, target(virtuoso, graph, chunk_triples=2))
    assert first.requests > 8 and stored(virtuoso, graph) == canonical(old)
    second = publish(new, target(virtuoso, graph))  # (a smaller chunk would cap the removals)
    assert second.strategy == "delta"
    assert stored(virtuoso, graph) == canonical(new)
    assert not staging_left(virtuoso)


def test_refused_chunk_keeps_the_previous_version(virtuoso, triples):  # noqa: F811
    """Operations beyond what Virtuoso compiles are refused (its message is passed on): the
    target keeps its previous version and no staging graph is left."""
    graph = "https://data.example.org/test/virtuoso-refused"
    old = version(3)
    publish(old, target(virtuoso, graph))
    with pytest.raises(PublishError, match=r"uploading chunk 1/\d+: .* refused the request: HTTP 400.*SP03[01]"):
        publish(triples, target(virtuoso, graph, chunk_triples=5000))
    assert stored(virtuoso, graph) == canonical(old)
    assert not staging_left(virtuoso)


def test_wrong_password_is_not_printed(virtuoso, settings):
    wrong = "n0t-the-Pa55word"
    out = subprocess.run(
        [sys.executable, "-m", "dialoggraph", "publish", "-C", str(settings.project_dir),
         "--query-endpoint", virtuoso.query, "--update-endpoint", virtuoso.update,
         "--graph", "https://data.example.org/test/virtuoso-denied", "--user", virtuoso.user,
         "--auth", "digest", "--retries", "0"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "DIALOGGRAPH_STORE_PASSWORD": wrong})
    assert out.returncode == 2
    assert "HTTP 401 unauthorised" in out.stderr
    assert wrong not in out.stdout + out.stderr
    assert count(virtuoso, "https://data.example.org/test/virtuoso-denied") == 0

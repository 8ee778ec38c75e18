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

import time
from collections.abc import Sequence
from contextlib import contextmanager

import httpx
import pyoxigraph as ox

from dialoggraph.query.store import redact_url

from .client import Client
from .payload import Payload, published_triples
from .target import DEFAULT_CHUNK_TRIPLES, PublishError, PublishResult, Reporter, Target
from .updates import Delta, NewGraph, chunks, difference, insert_data, line_chunks

__all__ = ["DEFAULT_CHUNK_TRIPLES", "Payload", "PublishError", "PublishResult", "Target", "chunks", "publish",
           "published_triples"]


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
    client = Client(target, transport)
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
                    client.update(insert_data(target.graph, list(payload.lines())), "uploading")
            say(f"uploaded {expected} triples into the empty target graph (one request)")
            with step("verify"):
                final = client.count(target.graph, "verifying the target graph")
            if final != expected:
                raise PublishError(f"verification failed: <{target.graph}> holds {final} triples after the "
                                   f"upload, {expected} were sent — the graph was removed again")
            state["direct"] = False
        else:
            if stored == 0:
                delta = Delta([], [], [])  # everything is new: the payload itself is staged
            else:
                with step("read back"):
                    delta = difference(client, target.graph, NewGraph.of(payload), stored,
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


def _stage(client: Client, target: Target, payload: Payload, step: _Steps, state: dict, say: Reporter) -> None:
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
            parts = line_chunks(payload.lines(), max(1, target.chunk_triples))
            for i, part in enumerate(parts, start=1):
                client.update(insert_data(staging, part), f"uploading chunk {i}/{len(parts)}")
            say(f"uploaded {payload.expected} triples to the staging graph in {len(parts)} request(s)")
    with step("verify staging"):
        staged = client.count(staging, "verifying the staging graph")
    if staged != payload.expected:
        raise PublishError(f"verification failed: the staging graph holds {staged} triples, "
                           f"{payload.expected} were sent — the target graph was not touched")
    say(f"staging graph verified: {staged} triples")


def _switch(client: Client, target: Target, update: str, payload: Payload) -> None:
    """The one update request that changes the target; when its answer is lost, read the
    target back to tell whether the store applied it."""
    try:
        client.update(update, "replacing the target graph", retry=False)
    except PublishError as exc:
        applied = False
        try:
            stored = client.count(target.graph, "checking the target")
            delta = difference(client, target.graph, NewGraph.of(payload), stored, "checking the target")
            applied = delta is not None and delta.empty and stored == payload.expected
        except PublishError:
            pass
        if not applied:
            raise PublishError(f"{exc}; <{target.graph}> does not hold the new version now: it keeps the "
                               "previous one unless the store is still applying the request (a store that "
                               "applies an update request atomically never shows a mix) — run publish "
                               "again") from None

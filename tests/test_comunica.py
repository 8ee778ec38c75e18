"""A client none of us wrote: Comunica (npm ``@comunica/query-sparql`` 4, on Node) against the
running server. It reads ``/sparql`` like any SPARQL client, and it follows entity IRIs by
dereferencing them — sending its own ``Accept`` header, in which HTML is an option too — and
evaluates queries over the documents it gets with its own engine. Every answer is compared with
our own endpoint's.

The site is built with the server's address as base IRI, so the data's IRIs are the server's
URLs: following an IRI is a real request to the document that describes it. Comunica runs as one
Node process per module (``tests/js/comunica.mjs``: a query per line in, JSON per line out, with
the HTTP requests it made); it is installed into ``tests/js/node_modules`` by ``make setup``
(``npm ci`` from the committed lockfile) — or here, once, if that was not run.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import httpx
import pytest

from dialoggraph.query.library import QueryError, load_library
from dialoggraph.rdf.description import INCOMING_LIMIT
from dialoggraph.server.app import ServeConfig, create_app

from .dgkit import ServerThread, free_port

pytestmark = pytest.mark.server

JS = Path(__file__).parent / "js"
NODE, NPM = shutil.which("node"), shutil.which("npm")
if NODE is None or NPM is None:
    pytest.skip("node and npm are not installed (Debian: apt-get install nodejs npm; `make test` does it "
                "as root): Comunica cannot run", allow_module_level=True)

PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
HYDRA = "http://www.w3.org/ns/hydra/core#"
RDF_MEDIA = ("application/ld+json", "text/turtle", "application/n-triples", "application/rdf+xml")


def installed() -> None:
    """``npm ci`` as ``make setup`` runs it, when tests/js/node_modules is missing or older than
    the lockfile."""
    stamp = JS / "node_modules" / ".installed"
    if stamp.exists() and stamp.stat().st_mtime >= (JS / "package-lock.json").stat().st_mtime:
        return
    done = subprocess.run([NPM, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=JS,
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"npm ci in {JS} failed (run `make setup`):\n{done.stdout}\n{done.stderr}")
    stamp.touch()


class Comunica:
    """The Node process of tests/js/comunica.mjs."""

    def __init__(self):
        self.process = subprocess.Popen([NODE, str(JS / "comunica.mjs")], cwd=JS, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        hello = self.process.stdout.readline()
        if not hello:
            raise RuntimeError("Comunica did not start: " + self.process.stderr.read())
        self.node = json.loads(hello)["node"]

    def query(self, query: str, sources: list) -> dict:
        self.process.stdin.write(json.dumps({"query": query, "sources": sources}) + "\n")
        self.process.stdin.flush()
        answer = json.loads(self.process.stdout.readline())
        assert answer["ok"], answer.get("error")
        return answer

    def close(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


@pytest.fixture(scope="module")
def comunica():
    installed()
    c = Comunica()
    yield c
    c.close()


@pytest.fixture(scope="module")
def served(settings, tmp_path_factory):
    """The project built with the server's own address as base IRI, and that server."""
    from dialoggraph.build import build

    port = free_port()
    local = dataclasses.replace(settings, base_iri=f"http://127.0.0.1:{port}/")
    site = tmp_path_factory.mktemp("comunica") / "site"
    build(local, site)
    config = ServeConfig(site_dir=site, base_iri=local.base_iri, queries_dir=local.queries_dir, workers=1,
                         max_rows=100_000)
    with ServerThread(create_app(config), port=port) as srv:
        yield srv, local


@pytest.fixture(scope="module")
def base(served) -> str:
    return served[1].base_iri


@pytest.fixture(scope="module")
def endpoint(served) -> dict:
    return {"type": "sparql", "value": served[0].url + "/sparql"}


def ours(served, query: str) -> list[dict]:
    """Our own endpoint's answer, as SPARQL JSON bindings."""
    r = httpx.post(served[0].url + "/sparql", data={"query": query},
                   headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["results"]["bindings"]


def rows(bindings: list[dict]) -> Counter:
    """Bindings as a multiset of rows; blank nodes are equal to each other (labels are local)."""
    def term(t: dict) -> tuple:
        if t["type"] == "bnode":
            return ("bnode",)
        kind = "literal" if t["type"] in ("literal", "typed-literal") else t["type"]
        return (kind, t["value"], t.get("xml:lang", "").lower(), t.get("datatype", ""))
    return Counter(tuple(sorted((k, term(v)) for k, v in b.items())) for b in bindings)


def values(bindings: list[dict], name: str) -> set[str]:
    return {b[name]["value"] for b in bindings if name in b}


# ----------------------------------------------------------------------------- the endpoint


def test_named_queries_through_comunica_answer_as_our_endpoint(comunica, served, base, endpoint):
    """Every named query with its default parameters, sent by Comunica to /sparql: it reads our
    SPARQL JSON (and XML for ASK) back into the same rows."""
    compared = 0
    for nq in load_library(served[1].queries_dir).values():
        try:
            text = nq.text(base)
        except QueryError:
            continue  # a parameter without a default
        answer = comunica.query(text, [endpoint])
        assert [r["url"].split("?")[0] for r in answer["requests"]] == [endpoint["value"]], nq.name
        if answer["form"] == "SELECT":
            assert rows(answer["rows"]) == rows(ours(served, text)), nq.name
            compared += 1
    assert compared >= 25


def test_comunica_evaluates_a_join_itself_over_the_endpoint_and_a_document(comunica, served, base, endpoint):
    """Two sources: Comunica cannot hand the query to the endpoint, so it splits it into triple
    patterns, asks /sparql for each and dereferences the document — its own join, our answer
    (DISTINCT: each triple is in both sources, and Comunica adds sources up as bags)."""
    person = base + "person/anton-ruetten#id"
    query = f"""SELECT DISTINCT ?statement ?name WHERE {{ ?statement <{PROV}wasAttributedTo> <{person}> .
        <{person}> <{SCHEMA}name> ?name }}"""
    answer = comunica.query(query, [endpoint, person])
    expected = ours(served, query)
    assert len(expected) >= 20 and rows(answer["rows"]) == rows(expected)
    assert len(answer["requests"]) > 2


# ----------------------------------------------------------------------------- following IRIs


def test_comunica_follows_entity_iris_by_content_negotiation(comunica, served, base, endpoint):
    """From the endpoint to the people, from each person's document to the statements attributed
    to them (incoming links), and from there to each statement's own document: every hop is
    Comunica dereferencing an IRI and reading the RDF it negotiated — HTML is in its Accept
    header too —, and what it finds is what our SPARQL says."""
    people = comunica.query(f"SELECT DISTINCT ?p WHERE {{ ?s <{PROV}wasAttributedTo> ?p }} ORDER BY ?p", [endpoint])
    iris = sorted(values(people["rows"], "p"))
    assert len(iris) >= 3
    followed = 0
    for person in iris:
        doc = comunica.query(f"""SELECT ?statement ?name WHERE {{ ?statement <{PROV}wasAttributedTo> <{person}> .
            OPTIONAL {{ <{person}> <{SCHEMA}name> ?name }} }}""", [person])
        (request,) = doc["requests"]
        assert request["url"].split("#")[0] == person.split("#")[0] and request["status"] == 200
        assert "text/html" in request["accept"] and request["type"].split(";")[0] in RDF_MEDIA
        # The first 100 by IRI when there are more (a group's statements): the document's bound.
        expected = ours(served, f"""SELECT ?statement ?name WHERE {{ {{ SELECT ?statement WHERE {{
            ?statement <{PROV}wasAttributedTo> <{person}> }} ORDER BY STR(?statement) LIMIT {INCOMING_LIMIT} }}
            OPTIONAL {{ <{person}> <{SCHEMA}name> ?name }} }}""")
        assert rows(doc["rows"]) == rows(expected), person
        # The next hop: a statement's own document says what the statement says.
        statement = min(values(doc["rows"], "statement"))
        hop = comunica.query(f"SELECT ?p ?o WHERE {{ <{statement}> ?p ?o FILTER(isLiteral(?o)) }}", [statement])
        assert rows(hop["rows"]) == rows(ours(served, f"SELECT ?p ?o WHERE {{ <{statement}> ?p ?o FILTER(isLiteral(?o)) }}"))
        assert hop["rows"]
        followed += 1
    assert followed == len(iris)


def test_a_hub_document_tells_comunica_how_many_links_it_left_out(comunica, served, base):
    hub = base + "doc/track-doku-2016#id"
    answer = comunica.query(f"""SELECT ?property ?total WHERE {{ ?c <{HYDRA}manages> ?m ; <{HYDRA}totalItems> ?total .
        ?m <{HYDRA}property> ?property ; <{HYDRA}object> <{hub}> }}""", [hub])
    totals = {b["property"]["value"]: int(b["total"]["value"]) for b in answer["rows"]}
    counts = ours(served, f"""SELECT ?property (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?property <{hub}>
        FILTER(isIRI(?s) && !STRSTARTS(STR(?s), "{hub.split('#')[0]}#")) }} GROUP BY ?property""")
    cut = {b["property"]["value"]: int(b["n"]["value"]) for b in counts if int(b["n"]["value"]) > INCOMING_LIMIT}
    assert cut and totals == cut


def test_the_root_gives_comunica_the_dataset_description(comunica, served, base):
    query = """SELECT ?dataset ?dump ?endpoint WHERE { ?dataset a <http://rdfs.org/ns/void#Dataset> ;
        <http://rdfs.org/ns/void#dataDump> ?dump ; <http://rdfs.org/ns/void#sparqlEndpoint> ?endpoint }"""
    answer = comunica.query(query, [served[0].url + "/"])
    assert answer["requests"][0]["type"].split(";")[0] in RDF_MEDIA
    assert rows(answer["rows"]) == rows(ours(served, query)) and len(answer["rows"]) >= 3
    assert values(answer["rows"], "endpoint") == {base + "sparql"}

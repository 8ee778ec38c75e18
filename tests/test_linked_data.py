"""Linked-data conventions of the server, read back with pyoxigraph, rdflib and PyLD: entity
documents carry incoming links with their subjects' labels (bounded per property, a cut said in
Hydra terms), every format of a document is one graph, ``/`` answers with the dataset's
VoID/DCAT description, pages announce every format the server writes, RDF/XML for older
harvesters."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest
from pyld import jsonld as pyld
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic
from rdflib.namespace import RDF, VOID
from SPARQLWrapper import RDFXML, SPARQLWrapper

from dialoggraph.rdf.description import INCOMING_LIMIT
from dialoggraph.server.app import ServeConfig, create_app
from dialoggraph.site.index import LABEL_PREDICATES

from .dgkit import ServerThread, built_site

pytestmark = pytest.mark.server

PROV = Namespace("http://www.w3.org/ns/prov#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
RUETTEN = "person/anton-ruetten"
HUB = "doc/track-doku-2016"  # the source document: cited by every passage and statement
RDF_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
             "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def site(settings) -> Path:
    return built_site(settings)


@pytest.fixture(scope="module")
def server(settings, site):
    config = ServeConfig(site_dir=site, base_iri=settings.base_iri, queries_dir=settings.queries_dir,
                         workers=1, max_rows=100_000)
    with ServerThread(create_app(config)) as srv:
        yield srv


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


@pytest.fixture(scope="module")
def bare(settings, site, tmp_path_factory):
    """A server over a copy of the site without the build's files of Rütten and the hub: their
    documents come from the store."""
    copy = tmp_path_factory.mktemp("bare") / "site"
    shutil.copytree(site, copy)
    for doc in (RUETTEN, HUB):
        for f in (copy / doc).parent.glob(Path(doc).name + ".*"):
            f.unlink()
    config = ServeConfig(site_dir=copy, base_iri=settings.base_iri, workers=1)
    with ServerThread(create_app(config)) as srv:
        with httpx.Client(base_url=srv.url, timeout=30) as c:
            yield c


def graph(response: httpx.Response) -> Graph:
    assert response.status_code == 200, (response.url, response.status_code, response.text[:200])
    media = response.headers["content-type"].split(";")[0]
    return Graph().parse(data=response.content, format=RDF_TYPES[media])


def select(client, query: str) -> list[dict[str, str]]:
    """Our own SPARQL endpoint: rows of plain values."""
    r = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def incoming(client, iri: str) -> dict[str, list[str]]:
    """Property → subjects (in IRI order) of the links into ``iri`` from other documents."""
    doc = iri.split("#")[0]
    rows = select(client, f"""SELECT ?p ?s WHERE {{ ?s ?p <{iri}> FILTER(isIRI(?s) && ?p != rdf:type
        && STRBEFORE(CONCAT(STR(?s), "#"), "#") != "{doc}") }} ORDER BY ?p STR(?s)""")
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row["p"], []).append(row["s"])
    return out


def assert_same_graph(a: Graph, b: Graph, what: str) -> None:
    if not isomorphic(a, b):
        _both, only_a, only_b = graph_diff(a, b)
        pytest.fail(f"{what}: {len(only_a)} triples only in the first, {len(only_b)} only in the second, "
                    f"e.g. {sorted(map(str, only_a))[:2]} / {sorted(map(str, only_b))[:2]}")


# ----------------------------------------------------------------------------- incoming links


def test_a_person_document_holds_the_links_to_the_person_and_their_labels(client, settings):
    """What the issue missed: a harvester that dereferences a person learns the statements
    attributed to them (prov:wasAttributedTo points from a statement to the person) and what
    each statement is called, from this one document."""
    iri = settings.base_iri + RUETTEN + "#id"
    g = graph(client.get("/" + RUETTEN, headers={"Accept": "text/turtle"}))
    links = incoming(client, iri)
    statements = links[str(PROV.wasAttributedTo)]
    assert len(statements) >= 20
    predicates = " ".join(f"<{p}>" for p in LABEL_PREDICATES)
    labelled = {row["s"] for row in select(client, f"""SELECT DISTINCT ?s WHERE {{ ?s ?p <{iri}> .
        VALUES ?l {{ {predicates} }} ?s ?l ?label FILTER(isLiteral(?label)) }}""")}
    assert set(statements) <= labelled
    for p, subjects in links.items():
        assert len(subjects) <= INCOMING_LIMIT  # nothing cut here: all of them
        for s in subjects:
            assert (URIRef(s), URIRef(p), URIRef(iri)) in g, (s, p)
            labels = [o for pred in LABEL_PREDICATES for o in g.objects(URIRef(s), URIRef(pred))
                      if isinstance(o, Literal)]
            assert len(labels) == (1 if s in labelled else 0), s  # its one best label
    assert not list(g.subjects(RDF.type, HYDRA.Collection))  # nothing was cut


def test_a_hub_keeps_a_bounded_number_of_incoming_links_and_says_how_many_there_are(client, settings):
    iri = settings.base_iri + HUB + "#id"
    g = graph(client.get("/" + HUB, headers={"Accept": "application/n-triples"}))
    links = incoming(client, iri)
    total = sum(map(len, links.values()))
    assert total > 1000 and len(g) < total  # the document is smaller than the links into it
    cut = {}
    for collection in g.subjects(RDF.type, HYDRA.Collection):
        block = g.value(collection, HYDRA.manages)
        assert g.value(block, HYDRA.object) == URIRef(iri)
        cut[str(g.value(block, HYDRA.property))] = g.value(collection, HYDRA.totalItems).toPython()
        assert {o.language for o in g.objects(collection, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"))} \
            == {"de", "en"}
    for p, subjects in links.items():
        kept = sorted(str(s) for s in g.subjects(URIRef(p), URIRef(iri))
                      if not str(s).startswith(settings.base_iri + HUB + "#"))  # the document's own
        assert kept == subjects[:INCOMING_LIMIT], p  # the first ones by IRI
        if len(subjects) > INCOMING_LIMIT:
            assert cut.pop(p) == len(subjects)
    assert not cut  # and no claim of a cut that did not happen
    assert max(map(len, links.values())) > INCOMING_LIMIT


# ----------------------------------------------------------------------------- one graph in every format


@pytest.mark.parametrize("doc", [RUETTEN, HUB, "theme/", "place/kaarst"])
def test_every_format_is_one_graph_and_the_store_agrees_with_the_build(client, bare, doc):
    turtle = graph(client.get("/" + doc, headers={"Accept": "text/turtle"}))
    assert len(turtle) > 5
    for media in RDF_TYPES:
        r = client.get("/" + doc, headers={"Accept": media})
        assert r.headers["content-type"].split(";")[0] == media
        assert_same_graph(turtle, graph(r), f"{doc} as {media}")
    if doc in (RUETTEN, HUB):  # the copy has no file for these: the store describes them
        for media in RDF_TYPES:
            assert_same_graph(turtle, graph(bare.get("/" + doc, headers={"Accept": media})),
                              f"{doc} from the store as {media}")


def test_jsonld_documents_read_offline_in_pyld(client, bare):
    def refuse(url, options=None):
        raise AssertionError(f"PyLD tried to load {url}")

    for c in (client, bare):
        r = c.get("/" + RUETTEN, headers={"Accept": "application/ld+json"})
        nquads = pyld.to_rdf(r.json(), {"format": "application/n-quads", "documentLoader": refuse})
        assert_same_graph(graph(c.get("/" + RUETTEN, headers={"Accept": "text/turtle"})),
                          Graph().parse(data=nquads, format="nt"), "PyLD")


# ----------------------------------------------------------------------------- the root, alternates


@pytest.mark.parametrize("media", list(RDF_TYPES))
def test_the_root_answers_with_the_dataset_description(client, settings, media):
    r = client.get("/", headers={"Accept": media})
    g = graph(r)
    assert "Accept" in r.headers["vary"]
    dataset = URIRef(settings.base_iri + "dataset/2016")
    datasets = set(g.subjects(RDF.type, VOID.Dataset))
    assert any(str(d).startswith(str(dataset)) for d in datasets), datasets
    assert len(set(g.subjects(RDF.type, DCAT.Distribution))) >= 3
    for other in RDF_TYPES:
        assert f'type="{other}"' in r.headers["link"]
    linked = re.search(rf'<([^>]+)>; rel="alternate"; type="{re.escape(media)}"', r.headers["link"]).group(1)
    assert_same_graph(g, graph(client.get(linked)), f"/ and {linked}")
    html = client.get("/", headers={"Accept": "text/html"})
    assert html.headers["content-type"].startswith("text/html") and "<h1>" in html.text


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.alternates: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates[a["type"]] = a["href"]


@pytest.mark.parametrize("path", [RUETTEN, RUETTEN + ".html", "theme/"])
def test_served_pages_announce_every_format(client, site, path):
    r = client.get("/" + path, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    head = _Head()
    head.feed(r.text)
    assert set(head.alternates) == set(RDF_TYPES)
    first = None
    for media, href in head.alternates.items():
        g = graph(client.get(urljoin(str(r.url), href)))
        first = first or g
        assert_same_graph(first, g, f"{path}: {href}")
    # The build's page itself announces only what a static host serves.
    on_disk = _Head()
    on_disk.feed((site / (path if path.endswith(".html") else
                          (path + "index.html" if path.endswith("/") else path + ".html"))).read_text("utf-8"))
    assert set(on_disk.alternates) == {"text/turtle", "application/ld+json"}


def test_rdfxml_for_older_clients(server, client, site, settings):
    docs = sorted(p.relative_to(site).with_suffix("").as_posix() for p in site.rglob("*.ttl")
                  if not p.relative_to(site).as_posix().startswith(("_", "dataset", "void")))
    for doc in docs[::25]:
        r = client.get("/" + (doc[:-5] if doc.endswith("/index") or doc == "index" else doc) + ".rdf")
        assert r.headers["content-type"] == "application/rdf+xml; charset=utf-8"
        assert len(graph(r)) > 0, doc
    # SPARQLWrapper asks for RDF/XML by default for CONSTRUCT: an old client's request.
    sparql = SPARQLWrapper(server.url + "/sparql")
    sparql.setQuery(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ <{settings.base_iri}{RUETTEN}#id> ?p ?o BIND(<{settings.base_iri}{RUETTEN}#id> AS ?s) }}")
    sparql.setReturnFormat(RDFXML)
    g = sparql.query().convert()
    assert (URIRef(settings.base_iri + RUETTEN + "#id"), URIRef("https://schema.org/name"), Literal("Anton Rütten")) in g
    # A predicate RDF/XML cannot write as an element: refused with the reason, not a broken file.
    r = client.post("/sparql", data={"query": "CONSTRUCT { ?s <http://example.org/1> 1 } WHERE { ?s ?p ?o } LIMIT 1"},
                    headers={"Accept": "application/rdf+xml"})
    assert r.status_code == 406 and "RDF/XML cannot write the predicate <http://example.org/1>" in r.text

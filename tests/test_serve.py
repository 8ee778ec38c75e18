"""The linked-data server over HTTP: content negotiation on entity IRIs, the SPARQL 1.1
Protocol (through SPARQLWrapper), and every refusal the endpoint promises — updates, SERVICE
with a canary that must receive nothing, path traversal, oversize bodies, a slow query that
times out while another one still answers, and the cap on concurrent queries."""

from __future__ import annotations

import http.client
import json
import shutil
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from dialoggraph.server.app import ServeConfig, create_app, negotiate

from .dgkit import Canary, ServerThread, built_site, pid_alive

pytestmark = pytest.mark.server

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
RUETTEN = "person/anton-ruetten"
TYPES = ["text/html", "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]


@pytest.fixture(scope="module")
def site(settings) -> Path:
    return built_site(settings)


@pytest.fixture(scope="module")
def server(settings, site):
    config = ServeConfig(site_dir=site, base_iri=settings.base_iri, queries_dir=settings.queries_dir,
                         query_timeout=1.5, max_rows=1000, workers=2, max_concurrent=8,
                         max_body=64 * 1024, max_url=16 * 1024, settings=settings)
    with ServerThread(create_app(config)) as srv:
        yield srv


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as c:
        yield c


# ----------------------------------------------------------------------------- negotiation (unit)


@pytest.mark.parametrize("accept, expected", [
    (None, "text/html"), ("", "text/html"), ("*/*", "text/html"),
    ("text/turtle", "text/turtle"), ("application/ld+json;q=0.9, text/turtle;q=0.5", "application/ld+json"),
    ("text/html;q=0, */*;q=0.1", "text/turtle"), ("text/*", "text/html"), ("text/*;q=0.2, application/n-triples", "application/n-triples"),
    ("image/png", None), ("text/turtle;q=0", None), ("text/turtle;q=abc, application/ld+json", "application/ld+json"),
])
def test_negotiate(accept, expected):
    assert negotiate(accept, TYPES) == expected


# ----------------------------------------------------------------------------- entities


@pytest.mark.parametrize("media", TYPES)
def test_content_negotiation(client, settings, media):
    r = client.get(f"/{RUETTEN}", headers={"Accept": media})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert "Accept" in r.headers["vary"]
    for other in TYPES:
        assert f'type="{other}"' in r.headers["link"]
    assert 'rel="alternate"' in r.headers["link"]
    iri = settings.base_iri + RUETTEN + "#id"
    if media == "text/html":
        assert "Anton Rütten" in r.text
    elif media == "application/ld+json":
        doc = json.loads(r.text)
        assert "Anton Rütten" in json.dumps(doc, ensure_ascii=False)
    else:
        fmt = ox.RdfFormat.from_media_type(media)
        triples = [q.triple for q in ox.parse(r.content, format=fmt, base_iri=settings.base_iri)]
        names = {t.object.value for t in triples if t.subject == ox.NamedNode(iri) and t.predicate.value == "https://schema.org/name"}
        assert names == {"Anton Rütten"}  # the IRI keeps the dataset's base, not the server's


@pytest.mark.parametrize("accept, media", [
    ("application/ld+json;q=0.9, text/turtle;q=0.5", "application/ld+json"),
    ("text/html;q=0, */*;q=0.1", "text/turtle"),
    ("application/xhtml+xml", "text/html"),
    ("text/plain", "application/n-triples"),
])
def test_q_values_and_aliases(client, accept, media):
    r = client.get(f"/{RUETTEN}", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media


def test_head(client):
    get = client.get(f"/{RUETTEN}", headers={"Accept": "text/turtle"})
    head = client.head(f"/{RUETTEN}", headers={"Accept": "text/turtle"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["link"] == get.headers["link"] and head.headers["vary"] == get.headers["vary"]


def test_unknown_entity_and_unsupported_type(client):
    assert client.get("/person/nobody-at-all").status_code == 404
    assert client.get("/person/nobody-at-all", headers={"Accept": "text/turtle"}).status_code == 404
    r = client.get(f"/{RUETTEN}", headers={"Accept": "image/png"})
    assert r.status_code == 406
    assert "text/turtle" in r.text


def test_extension_urls_and_dumps(client):
    assert client.get(f"/{RUETTEN}.ttl").headers["content-type"].startswith("text/turtle")
    assert client.get(f"/{RUETTEN}.jsonld").headers["content-type"].startswith("application/ld+json")
    r = client.get("/dataset.nt")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-triples")
    void = client.get("/.well-known/void")
    assert void.status_code == 200 and void.headers["content-type"].startswith("text/turtle")
    assert client.get("/").status_code == 200


def test_cors(client):
    r = client.get(f"/{RUETTEN}", headers={"Origin": "https://example.com", "Accept": "text/turtle"})
    assert r.headers["access-control-allow-origin"] == "*"
    pre = client.options("/sparql", headers={"Origin": "https://example.com", "Access-Control-Request-Method": "POST",
                                             "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "*"
    assert "POST" in pre.headers["access-control-allow-methods"]


# ----------------------------------------------------------------------------- SPARQL protocol


def wrapper(server, query, fmt, method=None):
    sparql = SPARQLWrapper(server.url + "/sparql")
    sparql.setOnlyConneg(True)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method == "POST":
        sparql.setMethod(POST)
    elif method == "POSTDIRECTLY":
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
    return sparql


LEADS = """PREFIX schema: <https://schema.org/>
PREFIX dgo: <https://data.example.org/nrw-dialog/ontology#>
SELECT ?name WHERE {
  ?role dgo:eventRole <https://data.example.org/nrw-dialog/role/track-lead#id> ; schema:organizer ?p .
  ?p schema:name ?name } ORDER BY ?name"""


@pytest.mark.parametrize("method", [None, "POST", "POSTDIRECTLY"])
def test_select_json(server, method):
    doc = wrapper(server, LEADS, JSON, method).query().convert()
    assert [b["name"]["value"] for b in doc["results"]["bindings"]] == ["Jan Üblacker", "Sebastian Kurtenbach"]


def test_select_xml_csv_tsv(server):
    xml = wrapper(server, LEADS, XML).query().convert()
    assert [n.firstChild.data for n in xml.getElementsByTagName("literal")] == ["Jan Üblacker", "Sebastian Kurtenbach"]
    csv_text = wrapper(server, LEADS, CSV, "POST").query().convert().decode("utf-8")
    assert csv_text.splitlines() == ["name", "Jan Üblacker", "Sebastian Kurtenbach"]
    tsv_text = wrapper(server, LEADS, TSV).query().convert().decode("utf-8")
    assert tsv_text.splitlines() == ["?name", '"Jan Üblacker"', '"Sebastian Kurtenbach"']


def test_ask(server):
    q = "ASK { ?p <https://schema.org/name> \"Anton Rütten\" }"
    assert wrapper(server, q, JSON).query().convert()["boolean"] is True
    xml = wrapper(server, q.replace("Anton", "Antonia"), XML).query().convert()
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "false"


CONSTRUCT = """CONSTRUCT { ?p <https://schema.org/name> ?n } WHERE {
  ?p a <https://schema.org/Person> ; <https://schema.org/name> ?n }"""


def graph_objects(response) -> set[str]:
    """Literal values of an RDF answer read through SPARQLWrapper, parsed by its media type."""
    media = response.info()["content-type"].split(";")[0].strip()
    body = response.response.read()
    return {q.object.value for q in ox.parse(body, format=ox.RdfFormat.from_media_type(media))}


def test_construct_and_describe(server, settings):
    assert {"Anton Rütten", "Jan Üblacker"} <= graph_objects(wrapper(server, CONSTRUCT, TURTLE).query())
    assert "Anton Rütten" in graph_objects(wrapper(server, CONSTRUCT, JSONLD, "POST").query())
    nt = httpx.post(server.url + "/sparql", data={"query": CONSTRUCT}, headers={"Accept": "application/n-triples"})
    assert nt.headers["content-type"].startswith("application/n-triples")
    assert any('"Jochen Köhnke"' in line for line in nt.text.splitlines())
    described = wrapper(server, f"DESCRIBE <{settings.base_iri}{RUETTEN}#id>", N3).query()
    assert "Anton Rütten" in graph_objects(described)


def test_predeclared_prefixes_and_base(client):
    r = client.get("/sparql", params={"query": "SELECT ?n WHERE { <person/jan-ueblacker#id> schema:name ?n }"},
                   headers={"Accept": "application/sparql-results+json"})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "Jan Üblacker"


def test_row_cap_is_flagged(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert r.headers["x-sparql-maxrows"] == "1000"
    doc = r.json()
    assert doc["truncated"] is True and len(doc["results"]["bindings"]) == 1000
    small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 5"}, headers={"Accept": "text/csv"})
    assert "x-sparql-maxrows" not in small.headers and len(small.text.strip().splitlines()) == 6


def test_format_parameter_and_406(client):
    r = client.get("/sparql", params={"query": "ASK {}", "format": "xml"})
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}, headers={"Accept": "image/png"})
    assert r.status_code == 406


class Page(HTMLParser):
    """What the tests read of a server page: the site's stylesheet and header, headings, table
    cells, the elements a page must not contain."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def in_site_look(self) -> bool:
        """The site's base layout: its stylesheet, its header and footer."""
        return (("link", {"rel": "stylesheet", "href": "/_static/style.css"}) in self.tags
                and any(t == "header" and a.get("class") == "site-header" for t, a in self.tags)
                and any(t == "footer" for t, _ in self.tags))


def test_query_page(client, settings):
    page = client.get("/sparql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Leitung des Tracks" in page.text and "Track leads" in page.text
    assert Page(page.text).in_site_look() and settings.dataset.title_de in page.text
    example = client.get("/sparql", params={"example": "track-leads"})
    assert "dgo:eventRole &lt;role/track-lead#id&gt;" in example.text
    results = client.get("/sparql", params={"query": LEADS, "format": "html"})
    assert results.status_code == 200
    parsed = Page(results.text)
    assert parsed.in_site_look() and ("table", {"class": "data"}) in parsed.tags
    assert "Sebastian Kurtenbach" in parsed.text and "Jan Üblacker" in parsed.text


def test_pages_escape_what_they_show(client):
    """Values, the query text and error messages reach the server's pages through Jinja's
    autoescaping only."""
    evil = '<script>alert(1)</script>'
    query = f'SELECT ?x WHERE {{ BIND("{evil}" AS ?x) }}'
    for r in (client.get("/sparql", params={"query": query, "format": "html"}),
              client.get("/sparql", params={"query": f"SELECT {evil}"}, headers={"Accept": "text/html"}),
              client.get(f"/person/{evil}", headers={"Accept": "text/html"})):
        assert r.headers["content-type"].startswith("text/html")
        assert "<script>" not in r.text and "alert(1)" not in r.text.replace("&lt;script&gt;alert(1)", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/sparql", params={"query": query, "format": "html"}).text


# ----------------------------------------------------------------------------- error pages


@pytest.mark.parametrize("method, path, kwargs, status, heading", [
    ("GET", "/person/nobody-at-all", {}, 404, "Nicht gefunden"),
    ("GET", "/no/such/file.css", {}, 404, "Nicht gefunden"),
    ("POST", f"/{RUETTEN}", {"content": b"x"}, 405, "Methode nicht erlaubt"),
    ("POST", "/sparql", {"data": {"query": "CONSTRUCT { ?s <http://example.org/1> 1 } WHERE { ?s ?p ?o } LIMIT 1"},
                         "headers": {"Accept": "application/rdf+xml, text/html;q=0.5"}, "plain": "application/rdf+xml"}, 406,
     "In diesem Format nicht verfügbar"),
    ("GET", "/sparql", {"params": {"query": "SELECT ?x WHERE { ?x ?y }"}}, 400, "Ungültige Anfrage"),
])
def test_browsers_get_error_pages_in_the_sites_look(client, method, path, kwargs, status, heading):
    plain_accept = kwargs.pop("plain", "*/*")
    headers = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", **kwargs.pop("headers", {})}
    r = client.request(method, path, headers=headers, **kwargs)
    assert r.status_code == status and r.headers["content-type"].startswith("text/html")
    assert "Accept" in r.headers["vary"]
    page = Page(r.text)
    assert page.in_site_look() and heading in r.text and f"HTTP {status}" in r.text
    assert "Traceback" not in r.text and "/tmp" not in r.text
    if status == 405:
        assert r.headers["allow"] == "GET, HEAD"
    # Any other client gets the short message as plain text.
    plain = client.request(method, path, headers={"Accept": plain_accept}, **kwargs)
    assert plain.status_code == status and plain.headers["content-type"].startswith("text/plain")
    assert "<" not in plain.text.split("<http")[0] and "Accept" in plain.headers["vary"]


def test_a_406_page_links_the_formats_there_are(client):
    r = client.get(f"/{RUETTEN}", headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.headers["content-type"].startswith("text/plain")
    assert "text/turtle" in r.text


def test_syntax_error_is_a_clear_400(client, server, site):
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400
    assert "syntax" in r.text.lower()
    assert "Traceback" not in r.text and str(site) not in r.text and "/work/" not in r.text
    with pytest.raises(QueryBadFormed):
        wrapper(server, "SELECT ?x WHERE { ?x ?y }", JSON).query()


@pytest.mark.parametrize("query, message", [
    ("SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o" + " }" * 3000, "nested 3000 levels deep"),
    ("SELECT * WHERE { FILTER EXISTS " + "{ FILTER EXISTS " * 2000 + "{ ?s ?p ?o }" + " }" * 2000 + " }",
     "levels deep"),
    ("SELECT ?x WHERE { FILTER(" + " + ".join(["1"] * 8000) + " > 0) }", "too long to parse"),
    ("SELECT * WHERE { " + "OPTIONAL{?s ?p ?o}" * 2000 + " }", "too long to parse"),
])
def test_too_deep_or_too_long_is_a_clear_400(server, client, query, message):
    """Queries whose parse would overflow the worker's stack (measured: a few thousand levels
    or operators) are refused before they reach it: 400 with the reason, no worker lost."""
    pids = server.app.state.pool.pids
    r = client.post("/sparql", data={"query": query})
    assert r.status_code == 400, r.text[:200]
    assert message in r.text and "this endpoint parses at most" in r.text
    assert server.app.state.pool.pids == pids  # no worker crashed or was replaced
    fast = client.get("/sparql", params={"query": LEADS}, headers={"Accept": "text/csv"})
    assert fast.status_code == 200 and "Jan Üblacker" in fast.text


def test_deep_nesting_within_the_limit_answers(client):
    prologue, rest = LEADS.split("SELECT ?name WHERE {")
    body, order = rest.rsplit("}", 1)
    query = prologue + "SELECT ?name WHERE " + "{ " * 40 + body + " }" * 40 + order
    r = client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.text.splitlines()[1:] == ["Jan Üblacker", "Sebastian Kurtenbach"]


# ----------------------------------------------------------------------------- refusals


def count(client) -> int:
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                   headers={"Accept": "application/sparql-results+json"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_updates_are_refused(client):
    before = count(client)
    drop = "DROP ALL"
    insert = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    responses = [
        client.get("/sparql", params={"update": drop}),
        client.post("/sparql", data={"update": insert}),
        client.post("/sparql", content=insert, headers={"Content-Type": "application/sparql-update"}),
        client.get("/sparql", params={"query": insert}),
        client.post("/sparql", content=drop, headers={"Content-Type": "application/sparql-query"}),
        client.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p ?o } ; CLEAR DEFAULT"}),
    ]
    for r in responses:
        assert 400 <= r.status_code < 500, r.text
        assert "read-only" in r.text or "not allowed" in r.text
    assert count(client) == before


def test_service_load_and_from_make_no_request(client):
    with Canary() as canary:
        queries = [
            f"SELECT * WHERE {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ SERVICE SILENT <{canary.url}> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ BIND(<{canary.url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
            f"SELECT * FROM <{canary.url}> WHERE {{ ?s ?p ?o }}",
            f"SELECT * FROM NAMED <{canary.url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
            f"LOAD <{canary.url}>",
        ]
        for q in queries:
            r = client.post("/sparql", data={"query": q})
            assert 400 <= r.status_code < 500, (q, r.status_code)
        r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "default-graph-uri": canary.url})
        assert r.status_code == 400
        time.sleep(0.5)
        assert canary.received == []
    assert "SERVICE" in client.post("/sparql", data={"query": queries[0]}).text


def raw_get(server, path: str) -> tuple[int, bytes]:
    """A GET that sends ``path`` byte for byte (httpx would normalise dot segments)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    conn.endheaders()
    r = conn.getresponse()
    body = r.read()
    conn.close()
    return r.status, body


@pytest.mark.parametrize("path", [
    "/../pyproject.toml", "/../../../../etc/passwd", "/%2e%2e/pyproject.toml", "/%2E%2E/%2e%2e/etc/passwd",
    "/person/../../pyproject.toml", "/person/%2e%2e/%2e%2e/pyproject.toml", "/..%2fpyproject.toml",
    "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/person/..%5c..%5cpyproject.toml", "/dataset.ttl%00.html",
    "//etc/passwd", "/.%2e/pyproject.toml",
])
def test_no_traversal(server, path):
    status, body = raw_get(server, path)
    assert status in (400, 404), (path, status)
    assert b"[tool.dialoggraph]" not in body and b"root:" not in body


def test_oversize_requests(client):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (70 * 1024)
    r = client.post("/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    r = client.post("/sparql", data={"query": big})
    assert r.status_code == 413
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * (20 * 1024)})
    assert r.status_code in (413, 414)

    def chunks():
        for _ in range(100):
            yield b"x" * 1024
    r = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413
    assert count(client) > 0  # still answering


def test_slow_query_times_out_while_others_answer(server, client):
    pool = server.app.state.pool
    before = set(pool.pids)
    slow: dict = {}

    def run_slow():
        started = time.monotonic()
        with httpx.Client(timeout=30) as c:
            slow["response"] = c.get(server.url + "/sparql", params={"query": SLOW})
        slow["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    fast = client.get("/sparql", params={"query": LEADS}, headers={"Accept": "text/csv"})
    assert fast.status_code == 200 and "Jan Üblacker" in fast.text
    assert time.monotonic() - started < 1.0  # answered while the slow query was still running
    page = client.get(f"/{RUETTEN}", headers={"Accept": "text/turtle"})
    assert page.status_code == 200
    thread.join(30)
    assert slow["response"].status_code == 504
    assert "timed out" in slow["response"].text
    assert slow["seconds"] < 5
    # The worker that ran it was killed (the work really stopped) and replaced.
    deadline = time.monotonic() + 20
    while len(pool.pids) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    after = set(pool.pids)
    gone = before - after
    assert len(gone) == 1 and len(after) == 2
    assert not pid_alive(gone.pop())
    assert client.get("/sparql", params={"query": LEADS}, headers={"Accept": "text/csv"}).status_code == 200


# ----------------------------------------------------------------------------- a second server: store fallback, symlinks, the concurrency cap


@pytest.fixture(scope="module")
def small_server(settings, site, tmp_path_factory):
    """One worker, one query in flight; a copy of the site without Rütten's files, without its
    home page and with symlinks pointing out of the site."""
    copy = tmp_path_factory.mktemp("site-copy") / "site"
    shutil.copytree(site, copy)
    for f in copy.joinpath("person").glob("anton-ruetten.*"):
        f.unlink()
    (copy / "index.html").unlink()
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    (copy / "leak.txt").symlink_to(secret)
    (copy / "person" / "outside").symlink_to(secret.parent, target_is_directory=True)
    config = ServeConfig(site_dir=copy, base_iri=settings.base_iri, queries_dir=settings.queries_dir,
                         query_timeout=2.5, workers=1, max_concurrent=1, worker_memory_mb=600, settings=settings)
    with ServerThread(create_app(config)) as srv:
        yield srv


@pytest.mark.parametrize("media", TYPES)
def test_description_from_the_store(small_server, settings, media):
    r = httpx.get(f"{small_server.url}/{RUETTEN}", headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    assert "Anton Rütten" in r.text
    assert r.headers["content-location"].startswith(f"/{RUETTEN}.")
    if media == "application/ld+json":  # the form of the build's own entity documents: expanded
        doc = r.json()
        assert any(n["@id"] == settings.base_iri + "person/anton-ruetten#id" for n in doc)
    if media == "text/html":  # the server's own page for it, in the site's look
        page = Page(r.text)
        assert page.in_site_look() and ("table", {"class": "data"}) in page.tags
        assert {a["type"] for t, a in page.tags if t == "link" and a.get("rel") == "alternate"} == set(TYPES[1:])
    head = httpx.head(f"{small_server.url}/{RUETTEN}", headers={"Accept": media})
    assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"]) == len(r.content)
    assert httpx.get(f"{small_server.url}/{RUETTEN}.nt").status_code == 200


def test_landing_page_without_a_built_home_page(small_server, settings):
    r = httpx.get(small_server.url + "/", headers={"Accept": "text/html"})
    assert r.status_code == 200 and Page(r.text).in_site_look()
    hrefs = {a.get("href") for t, a in Page(r.text).tags if t == "a"}
    assert {"/dataset.ttl", "/dataset.nt", "/dataset.jsonld", "/sparql"} <= hrefs
    assert all(httpx.get(small_server.url + h).status_code == 200 for h in ("/dataset.ttl", "/void.ttl"))


@pytest.mark.parametrize("path", ["/leak.txt", "/person/outside/secret.txt"])
def test_symlinks_out_of_the_site(small_server, path):
    status, body = raw_get(small_server, path)
    assert status == 404 and b"TOP SECRET" not in body


def test_concurrency_cap(small_server):
    slow: dict = {}

    def run_slow():
        with httpx.Client(timeout=30) as c:
            slow["response"] = c.get(small_server.url + "/sparql", params={"query": SLOW})

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.4)
    busy = httpx.get(small_server.url + "/sparql", params={"query": "ASK {}"})
    assert busy.status_code == 503
    assert busy.headers["retry-after"] == "1"
    # Pages do not need a query worker: they still answer.
    assert httpx.get(f"{small_server.url}/{RUETTEN}", headers={"Accept": "text/turtle"}).status_code == 200
    thread.join(30)
    assert slow["response"].status_code == 504
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        r = httpx.get(small_server.url + "/sparql", params={"query": "ASK {}"})
        if r.status_code == 200:
            break
        time.sleep(0.2)
    assert r.status_code == 200 and r.json()["boolean"] is True


def test_memory_hog_is_stopped(small_server):
    """ORDER BY over a cross product grows by hundreds of MB a second: the worker's memory cap
    stops it long before the timeout, the answer says why, and a new worker takes over."""
    started = time.monotonic()
    r = httpx.post(small_server.url + "/sparql", data={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?f"},
                   headers={"Accept": "text/html, */*;q=0.5"}, timeout=30)
    assert r.status_code == 500 and "memory" in r.text
    assert "Traceback" not in r.text and "allocation" not in r.text
    # Asked from the query page, the 500 is a page in the site's look.
    assert r.headers["content-type"].startswith("text/html") and Page(r.text).in_site_look()
    assert "Interner Fehler" in r.text
    assert time.monotonic() - started < 2.5
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        ok = httpx.get(small_server.url + "/sparql", params={"query": "ASK {}"})
        if ok.status_code == 200:
            break
        time.sleep(0.2)
    assert ok.status_code == 200


def test_errors_expose_nothing(small_server):
    for r in (httpx.get(small_server.url + "/nowhere/at/all"),
              httpx.post(small_server.url + f"/{RUETTEN}", content=b"x"),
              httpx.post(small_server.url + "/sparql", content=b"x", headers={"Content-Type": "text/plain"})):
        assert 400 <= r.status_code < 500
        assert "Traceback" not in r.text and "/tmp" not in r.text and "site" not in r.text


def test_settings_from_pyproject(settings, site):
    import dataclasses

    custom = dataclasses.replace(settings, extra={**settings.extra, "serve": {"query_timeout": 3, "max_rows": 5}})
    config = ServeConfig.from_settings(custom, site, workers=1, max_rows=None)
    assert (config.query_timeout, config.max_rows, config.workers) == (3, 5, 1)
    with pytest.raises(ValueError, match="unknown serve setting"):
        ServeConfig.from_settings(dataclasses.replace(settings, extra={"serve": {"timeout": 3}}), site)

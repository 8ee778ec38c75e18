"""Every named query gives the same answer on the embedded store (what `dialoggraph query`
and the static site use), on our endpoint (`dialoggraph serve`'s /sparql), on the Oxigraph
server and on Virtuoso 7, each after `publish` — with the query's default parameters, and for
the queries that walk a hierarchy (`subEvent*`, `containedInPlace*`, `broader*`) from a
parameter, with other starts too.

Our graph is loaded once per store (Oxigraph: Graph Store POST; Virtuoso: the update endpoint
only, in chunks), and every query runs against it.

Answers are compared as multisets of rows. Terms are compared as RDF terms, normalised only
where RDF or SPARQL say two forms are the same (queries/README.md, "What the comparison
treats as the same"):

- a blank node is "some blank node": labels are local to one answer (Virtuoso's JSON even
  names them ``nodeID://…``);
- a language tag is compared in lower case (tags are case-insensitive, RDF 1.1 Concepts 3.3);
- an ``xsd:boolean`` or ``xsd:integer`` literal is compared by its value's canonical form:
  ``"1"^^xsd:boolean`` is ``true`` (Virtuoso answers stored booleans so in SPARQL JSON), the
  same datatype and value being the same literal value (RDF 1.1 Semantics, D-entailment); a
  literal of another datatype (``"1"^^xsd:integer`` against ``true``) is a difference;
- ``"x"`` and ``"x"^^xsd:string`` are one term in RDF 1.1 (pyoxigraph reads both as the same);
- a ``GROUP_CONCAT`` value is compared as the sorted list of its items: SPARQL leaves the order
  of the concatenation open.
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from dialoggraph.publish.publisher import Target, publish
from dialoggraph.query.library import NamedQuery, load_library
from dialoggraph.query.store import EmbeddedStore, QueryResult, RemoteStore, SparqlStore, StoreError
from dialoggraph.server.app import ServeConfig, create_app

from .dgkit import OxigraphServer, ServerThread, built_site
from .test_publish import GRAPH, triples  # noqa: F401 - the same fixture

pytestmark = pytest.mark.server

XSD = "http://www.w3.org/2001/XMLSchema#"
TRACK = "event/nrw-dialogforum-2016/track/integration-und-transformation"
#: Other parameter values for the queries whose hierarchy walk starts at a parameter.
MORE_VALUES: dict[str, list[dict[str, str]]] = {
    "statements-of-session": [{"session": f"{TRACK}/session-1#id"}, {"session": f"{TRACK}/session-3#id"},
                              {"session": f"{TRACK}#id"}, {"session": f"{TRACK}/session-1/table/arbeit#id"}],
    "statements-at-event": [{"event": f"{TRACK}/session-2#id", "kind": "statement-type/thesis#id"},
                            {"event": f"{TRACK}#id", "kind": "statement-type/finding#id"},
                            {"event": f"{TRACK}/session-3/podium#id", "kind": "statement-type/recommendation#id"}],
    "places-in-year": [{"year": "2000"}, {"year": "2005"}],
    "narrower-themes": [{"theme": "theme/integration#id"}, {"theme": "theme/quartier#id"}],
    "statements-about-theme": [{"theme": "theme/integration#id"}, {"theme": "theme/migration#id"}],
    "venue": [{"event": f"{TRACK}/session-1#id"}],
}


def cases(library: dict[str, NamedQuery]) -> list[tuple[str, dict[str, str] | None]]:
    out: list[tuple[str, dict[str, str] | None]] = [(name, None) for name in library]
    for name, values in MORE_VALUES.items():
        assert name in library, f"MORE_VALUES names {name}, which is no named query"
        out += [(name, v) for v in values]
    return out


_CONCAT = re.compile(r'GROUP_CONCAT\s*\([^;)]*(?:;\s*separator\s*=\s*"((?:[^"\\]|\\.)*)")?\s*\)\s*AS\s*\?(\w+)',
                     re.IGNORECASE)


def concatenated(nq: NamedQuery) -> dict[str, str]:
    """The variables a query binds with GROUP_CONCAT, with their separators."""
    return {m.group(2): (m.group(1) if m.group(1) is not None else " ") for m in _CONCAT.finditer(nq.body)}


def term_key(term, separator: str | None = None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal):
        value, datatype = term.value, term.datatype.value
        if term.language:
            return str(ox.Literal(value, language=term.language.lower()))
        if datatype == XSD + "boolean":
            value = {"1": "true", "0": "false"}.get(value.strip(), value.strip())
        elif datatype == XSD + "integer" and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            value = str(int(value))
        elif separator is not None and datatype == XSD + "string":
            value = separator.join(sorted(value.split(separator)))
        return str(ox.Literal(value, datatype=term.datatype))
    return str(term)


def answer(nq: NamedQuery, result: QueryResult):
    """The result as something ``==`` compares the way the module's docstring says."""
    if result.form == "ASK":
        return result.boolean
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in result.triples)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
        return sorted(str(q) for q in dataset)
    separators = concatenated(nq)
    seps = [separators.get(v) for v in result.variables]
    return sorted(tuple(term_key(t, s) for t, s in zip(row, seps)) for row in result.rows)


def run_all(store: SparqlStore, library, base_iri: str) -> dict:
    """Every case's answer, or the store's error message (so that one test lists them all)."""
    out = {}
    for name, values in cases(library):
        try:
            out[name, str(values)] = answer(library[name], library[name].run(store, base_iri, values))
        except StoreError as exc:
            out[name, str(values)] = f"error: {str(exc)[:200]}"
    return out


@pytest.fixture(scope="module")
def library(settings) -> dict[str, NamedQuery]:
    return load_library(settings.queries_dir)


@pytest.fixture(scope="module")
def expected(settings, library) -> dict:
    """Every case's answer on the embedded store, loaded from the built site."""
    answers = run_all(EmbeddedStore.from_site(built_site(settings)), library, settings.base_iri)
    empty = [name for (name, values), rows in answers.items() if values == "None" and not rows]
    assert empty == ["missing-english-labels"], f"no rows on our own data: {empty}"  # (that one: none missing)
    return answers


@pytest.fixture(scope="module")
def endpoint_store(settings):
    site = built_site(settings)
    config = ServeConfig(site_dir=site, base_iri=settings.base_iri, queries_dir=settings.queries_dir, workers=2)
    with ServerThread(create_app(config)) as server:
        yield RemoteStore(server.url + "/sparql")


@pytest.fixture(scope="module")
def oxigraph_store(tmp_path_factory, triples):  # noqa: F811
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph-queries")) as server:
        publish(triples, Target(server.query, server.update, GRAPH, gsp_endpoint=server.store))
        yield RemoteStore(server.query, default_graph=GRAPH)


@pytest.fixture(scope="module")
def virtuoso_store(virtuoso, triples):  # noqa: F811
    """Virtuoso after a publish through its update endpoint only (as `publish` without
    --gsp-endpoint does it: chunks, blank nodes whole)."""
    publish(triples, Target(virtuoso.query, virtuoso.update, GRAPH, user=virtuoso.user,
                            password=virtuoso.password, auth_scheme="digest"))
    return RemoteStore(virtuoso.query, default_graph=GRAPH, timeout=60)


@pytest.mark.parametrize("store", ["endpoint", "oxigraph", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def test_same_answers_on_every_store(store, request, library, expected, settings):
    remote: SparqlStore = request.getfixturevalue(f"{store}_store")
    answers = run_all(remote, library, settings.base_iri)
    differ = [f"{name} {values}" for (name, values) in expected if answers[name, values] != expected[name, values]]
    assert not differ, f"{store} answers differently: {differ}"


def test_normalisation_keeps_differences():
    """What the comparison treats as equal, and what it does not."""
    b = ox.NamedNode(XSD + "boolean")
    i = ox.NamedNode(XSD + "integer")
    assert term_key(ox.Literal("1", datatype=b)) == term_key(ox.Literal("true", datatype=b))
    assert term_key(ox.Literal("0", datatype=b)) == term_key(ox.Literal("false", datatype=b))
    assert term_key(ox.Literal("1", datatype=i)) != term_key(ox.Literal("true", datatype=b))
    assert term_key(ox.Literal("1", datatype=i)) != term_key(ox.Literal("0", datatype=i))
    assert term_key(ox.Literal("x", language="DE")) == term_key(ox.Literal("x", language="de"))
    assert term_key(ox.Literal("x", language="de")) != term_key(ox.Literal("x", language="en"))
    assert term_key(ox.Literal("x")) == term_key(ox.Literal("x", datatype=ox.NamedNode(XSD + "string")))
    assert term_key(ox.Literal("b, a"), ", ") == term_key(ox.Literal("a, b"), ", ")
    assert term_key(ox.Literal("b, a")) != term_key(ox.Literal("a, b"))  # not a GROUP_CONCAT value
    assert term_key(ox.BlankNode("a")) == term_key(ox.BlankNode("b"))
    nq = NamedQuery(name="q", path=None, body='SELECT ?a (GROUP_CONCAT(DISTINCT ?t; separator=", ") AS ?ts) '
                                               '(GROUP_CONCAT(?u) AS ?us) WHERE { }')
    assert concatenated(nq) == {"ts": ", ", "us": " "}

"""The SPARQL lexer's refusals, the query header, and parameters bound as RDF terms."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from dialoggraph.query.library import NamedQuery, Param, QueryError, iri_term, load_query, parse_header
from dialoggraph.query.lexer import (MAX_NESTING, MAX_OPERATORS, RefusedQuery, SparqlTextError, check_read_only,
                                     query_form, tokens, where_group_offset)
from dialoggraph.query.store import EmbeddedStore

BASE = "https://data.example.org/nrw-dialog/"
DROP = "x> } ; DROP ALL ; INSERT DATA {<a> <b> <c"
UNION = 'x" . } UNION {?s ?p ?o} #'


@pytest.mark.parametrize("text, kind", [
    ("INSERT DATA { <a:a> <a:b> <a:c> }", "update"),
    ("delete where { ?s ?p ?o }", "update"),
    ("LOAD <http://127.0.0.1:9/x.ttl>", "update"),
    ("CLEAR ALL", "update"), ("DROP GRAPH <a:g>", "update"), ("CREATE GRAPH <a:g>", "update"),
    ("ADD <a:x> TO <a:y>", "update"), ("MOVE DEFAULT TO <a:g>", "update"), ("COPY <a:x> TO <a:y>", "update"),
    ("WITH <a:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "update"),
    ("SELECT * WHERE { ?s ?p ?o } ; DROP ALL", "update"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "service"),
    ("select * where { service silent <http://x/> { ?s ?p ?o } }", "service"),
    ("SELECT * WHERE { BIND(<http://x/> AS ?e) SERVICE ?e { ?s ?p ?o } }", "service"),
    ("SELECT * WHERE { ?x ?y ?z # comment\n SERVICE<http://x/>{?s ?p ?o} }", "service"),
    ("SELECT * WHERE { \\u0053ERVICE <http://x/> { ?s ?p ?o } }", "service"),
    ("SELECT * FROM <http://127.0.0.1:9/g> WHERE { ?s ?p ?o }", "from"),
    ("SELECT * FROM NAMED <http://x/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "from"),
    ("CONSTRUCT { ?s ?p ?o } FROM <http://x/> WHERE { ?s ?p ?o }", "from"),
])
def test_refused(text, kind):
    with pytest.raises(RefusedQuery) as info:
        check_read_only(text)
    assert info.value.kind == kind


@pytest.mark.parametrize("text, form", [
    ('PREFIX ex: <http://ex/#> SELECT ?s ("SERVICE FROM" AS ?x) WHERE { ?s ex:service ?o . '
     'FILTER(?o != "DROP ALL"@en) } # LOAD <x>', "SELECT"),
    ("ASK { <http://ex/a#b> ?p 'INSERT' }", "ASK"),
    ('CONSTRUCT WHERE { ?s ?p """a "" DELETE"""^^<http://ex/dt> }', "CONSTRUCT"),
    ("DESCRIBE <person/x#id>", "DESCRIBE"),
    ("SELECT * WHERE { ?s <http://ex/from> ?o FILTER(?s < ?o) }", "SELECT"),
])
def test_allowed(text, form):
    assert check_read_only(text) == form


def nested(levels: int, kind: str = "{") -> str:
    if kind == "{":
        return "SELECT * WHERE " + "{ " * levels + "?s ?p ?o" + " }" * levels
    if kind == "(":
        return "SELECT * WHERE { FILTER(" + "(" * (levels - 2) + "1" + ")" * (levels - 2) + ") }"
    return "SELECT * WHERE { ?s ?p " + "[ ?p " * (levels - 1) + "1" + " ]" * (levels - 1) + " }"


@pytest.mark.parametrize("kind", ["{", "(", "["])
def test_nesting_is_bounded(kind):
    store = ox.Store()
    text = nested(MAX_NESTING, kind)
    assert check_read_only(text) == "SELECT"
    list(store.query(text))  # at the limit, Oxigraph still parses it
    with pytest.raises(RefusedQuery, match=f"nested {MAX_NESTING + 1} levels deep") as info:
        check_read_only(nested(MAX_NESTING + 1, kind))
    assert info.value.kind == "size"
    with pytest.raises(RefusedQuery, match="nested 3000 levels deep"):
        check_read_only(nested(3000, kind))


def test_operators_are_bounded():
    def chain(n: int) -> str:
        return "SELECT ?x WHERE { FILTER(" + " + ".join(["1"] * (n + 1)) + " > 0) }"

    assert check_read_only(chain(MAX_OPERATORS - 1)) == "SELECT"  # n pluses and the '>'
    with pytest.raises(RefusedQuery, match=f"too long to parse: it holds {MAX_OPERATORS + 1} operators"):
        check_read_only(chain(MAX_OPERATORS))
    unions = "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 5000) + " }"
    with pytest.raises(RefusedQuery, match="too long to parse"):
        check_read_only(unions)
    # A long VALUES block is data, not operators: many rows pass.
    rows = " ".join(f'(<urn:x:{i}> "{i}"^^<http://www.w3.org/2001/XMLSchema#integer> -{i})' for i in range(5000))
    assert check_read_only(f"SELECT * WHERE {{ VALUES (?a ?b ?c) {{ {rows} }} }}") == "SELECT"


def test_not_a_query():
    with pytest.raises(RefusedQuery):
        check_read_only("PREFIX ex: <http://ex/>")
    with pytest.raises(SparqlTextError):
        check_read_only('SELECT * WHERE { ?s ?p "unterminated }')


def test_tokens_and_where_offset():
    text = 'SELECT ?s WHERE { ?s a <x:y> . ?s <x:p> "a#b" } # WHERE {'
    kinds = [(t.kind, t.text) for t in tokens(text)]
    assert ("string", '"a#b"') in kinds and ("iri", "<x:y>") in kinds
    assert text[:where_group_offset(text)].endswith("WHERE {")
    assert query_form("BASE <x:> PREFIX a: <x:a> DESCRIBE ?s WHERE { ?s ?p ?o }") == "DESCRIBE"


def test_header(tmp_path: Path):
    path = tmp_path / "demo.rq"
    path.write_text(
        "# title@de: Titel\n# title@en: Title\n# question@de: Frage?\n# question@en: Question?\n"
        "# cq: 3, 4\n# param: year (xsd:gYear) = 2005 — the year\n"
        "# param: name (string) = \"two words\" - a name\n# A prose line: it is ignored.\n"
        "SELECT ?x WHERE { ?x <x:y> ?year ; <x:n> ?name }\n", encoding="utf-8")
    nq = load_query(path)
    assert (nq.title_de, nq.title_en, nq.question_en, nq.cq) == ("Titel", "Title", "Question?", (3, 4))
    assert nq.params == (Param("year", "xsd:gYear", "2005", "the year"), Param("name", "string", "two words", "a name"))
    assert nq.form == "SELECT"


@pytest.mark.parametrize("header, message", [
    ("# param: year (xsd:float) = 1\n", "parameter type"),
    ("# titel: x\n", "unknown header field"),
    ("# param: year xsd:gYear\n", "cannot read parameter"),
])
def test_bad_header(header, message):
    with pytest.raises(QueryError, match=message):
        parse_header(header)


def test_unused_parameter_is_an_error(tmp_path: Path):
    path = tmp_path / "bad.rq"
    path.write_text("# param: who (IRI)\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError, match="not used"):
        load_query(path)


def _nq(body: str, *params: Param) -> NamedQuery:
    return NamedQuery(name="t", path=Path("t.rq"), body=body, params=params)


def test_iri_forms():
    assert iri_term("person/x#id", BASE) == ox.NamedNode(BASE + "person/x#id")
    assert iri_term("<https://schema.org/Person>", BASE) == ox.NamedNode("https://schema.org/Person")
    assert iri_term("schema:Person", BASE) == ox.NamedNode("https://schema.org/Person")
    assert iri_term("dg:place/kaarst#id", BASE) == ox.NamedNode(BASE + "place/kaarst#id")
    for bad in (DROP, "http://a b", "<x> <y>"):
        with pytest.raises(QueryError, match="not a valid IRI"):
            iri_term(bad, BASE)


@pytest.mark.parametrize("ptype, value", [("xsd:gYear", "20x5"), ("xsd:integer", "1; DROP ALL"),
                                          ("xsd:date", "2016-13-01"), ("xsd:boolean", "yes")])
def test_typed_values_are_checked(ptype, value):
    nq = _nq("SELECT ?v WHERE { ?s ?p ?v }", Param("v", ptype))
    with pytest.raises(QueryError, match="not a valid"):
        nq.text(BASE, {"v": value})


def test_unknown_and_missing_parameters():
    nq = _nq("SELECT ?v WHERE { ?s ?p ?v }", Param("v", "string"))
    with pytest.raises(QueryError, match="required"):
        nq.text(BASE, {})
    with pytest.raises(QueryError, match="no parameter"):
        nq.text(BASE, {"v": "a", "w": "b"})


@pytest.fixture(scope="module")
def tiny() -> EmbeddedStore:
    N, L = ox.NamedNode, ox.Literal
    return EmbeddedStore.from_triples([
        ox.Triple(N("http://ex/a"), N("http://ex/name"), L("Alpha")),
        ox.Triple(N("http://ex/b"), N("http://ex/name"), L('x" . } UNION {?s ?p ?o} #')),
        ox.Triple(N("http://ex/c"), N("http://ex/name"), L("Gamma")),
    ])


@pytest.mark.parametrize("value", [DROP, UNION, "\\\" } ; DROP ALL #", "a\nb\tc'''\"\"\"", "Alpha\" || true || \""])
def test_string_values_stay_values(tiny, value):
    """A hostile string is one literal: the query finds exactly the triples holding that literal."""
    nq = _nq("SELECT ?s WHERE { ?s <http://ex/name> ?name }", Param("name", "string"))
    text = nq.text(BASE, {"name": value})
    strings = [t for t in tokens(text) if t.kind == "string"]
    assert len(strings) == 1, strings
    assert check_read_only(text) == "SELECT"
    result = tiny.query(text)
    expected = ["http://ex/b"] if value == UNION else []
    assert result.column("s") == expected
    assert len(tiny) == 3  # nothing was dropped or inserted


def test_iri_value_cannot_break_out(tiny):
    nq = _nq("SELECT ?name WHERE { ?s <http://ex/name> ?name }", Param("s", "IRI"))
    with pytest.raises(QueryError):
        nq.text(BASE, {"s": DROP})
    assert tiny.query(nq.text(BASE, {"s": "http://ex/a"})).column("name") == ["Alpha"]


def test_values_block_sits_in_the_where_group():
    nq = _nq("# param: y (xsd:gYear)\nSELECT ?e WHERE {\n  ?e <x:date> ?d . FILTER(STR(?d) = STR(?y))\n}",
             Param("y", "xsd:gYear"))
    text = nq.text(BASE, {"y": "2005"})
    assert 'WHERE {\n  VALUES (?y) { ("2005"^^<http://www.w3.org/2001/XMLSchema#gYear>) }' in text
    assert text.startswith(f"BASE <{BASE}>\n")

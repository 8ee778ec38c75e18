"""The rdf package: one prefix registry, the output order, and XSD lexical forms — the plumbing
every stage shares, so each rule has one implementation and these tests."""

from __future__ import annotations

import doctest

import pyoxigraph as ox
import pytest

from dialoggraph.rdf import order, prefixes, xsd
from dialoggraph.rdf.order import sort_triples
from dialoggraph.rdf.prefixes import Prefixes
from dialoggraph.rdf.xsd import invalid_literals

X = "http://www.w3.org/2001/XMLSchema#"
BASE = "https://data.example.org/x/"


@pytest.mark.parametrize("module", [prefixes, order, xsd])
def test_the_examples_in_the_docstrings_run(module):
    failures, _ = doctest.testmod(module)
    assert failures == 0


def test_the_most_specific_prefix_wins_and_nothing_ambiguous_is_made():
    p = Prefixes(BASE)
    assert p.compact(BASE + "ontology#Thesis") == "dgo:Thesis"  # not dg:ontology#Thesis
    assert p.compact(BASE + "shapes/PersonShape") == "dgs:PersonShape"
    assert p.compact(BASE + "person/a#id") == "dg:person/a#id"
    assert p.compact(BASE) == BASE  # nothing after the namespace
    # a rest starting with // would read as an IRI of its own in JSON-LD: a shorter prefix or none
    assert p.compact("https://schema.org///x") == "https://schema.org///x"
    assert p.display("urn:x") == "<urn:x>"
    assert p.compact("https://schema.org/name") is p.compact("https://schema.org/name")  # memoised


def test_every_output_gets_the_same_prefixes():
    p = Prefixes(BASE)
    assert list(p.map)[:3] == ["dg", "dgo", "dgs"]
    assert p.jsonld_context() == p.map
    assert set(p.turtle) == set(p.map) - {"dg", "dgs"}
    assert p.jsonld_context({"schema", "dg"}) == {"dg": BASE, "schema": "https://schema.org/"}
    prologue = p.sparql_prologue().splitlines()
    assert prologue[0] == f"BASE <{BASE}>" and f"PREFIX dgo: <{BASE}ontology#>" in prologue


def test_sorting_drops_duplicates_and_groups_subjects():
    n = ox.NamedNode
    a, b, p = n("http://a"), n("http://b"), n("http://p")
    triples = [ox.Triple(b, p, ox.Literal("2")), ox.Triple(a, p, ox.Literal("é")), ox.Triple(b, p, ox.Literal("1")),
               ox.Triple(a, p, ox.Literal("é"))]
    assert [str(t) for t in sort_triples(triples)] == [
        '<http://a> <http://p> "é"', '<http://b> <http://p> "1"', '<http://b> <http://p> "2"']


VALID = [("2016-02-29", "date"), ("2016", "gYear"), ("2001-07", "gYearMonth"), ("-0044", "gYear"),
         ("2016-11-03T10:00:00", "dateTime"), ("2016-11-03T10:00:00Z", "dateTimeStamp"), ("12:30:00", "time"),
         ("P1Y2M", "duration"), ("true", "boolean"), ("0", "boolean"), ("007", "integer"), ("-1.50", "decimal"),
         ("INF", "double"), ("1e3", "float"), ("0", "nonNegativeInteger"), ("127", "byte"), ("65535", "unsignedShort"),
         ("de-AT", "language"), ("0aFF", "hexBinary"), ("aGFsbG8=", "base64Binary"), ("https://x.org/a?b#c", "anyURI"),
         ("a b", "token"), ("anything at all", "string"), ("--11", "gMonth"), ("---03", "gDay")]
INVALID = [("1995-13-45", "date"), ("2015-02-29", "date"), ("20x6", "gYear"), ("2001-13", "gYearMonth"),
           ("2016-11-03", "dateTime"), ("2016-11-03T10:00:00", "dateTimeStamp"), ("25:00:00", "time"),
           ("P1X", "duration"), ("ja", "boolean"), ("1.5", "integer"), ("zwei", "integer"), ("1,5", "decimal"),
           ("-1", "nonNegativeInteger"), ("0", "positiveInteger"), ("128", "byte"), ("-1", "unsignedInt"),
           ("de_AT", "language"), ("abc", "hexBinary"), ("a b", "anyURI"), ("a  b", "token"), ("--13", "gMonth")]


@pytest.mark.parametrize("value, datatype", VALID)
def test_valid_lexical_forms_pass(value, datatype):
    assert invalid_literals([ox.Literal(value, datatype=ox.NamedNode(X + datatype))]) == []


@pytest.mark.parametrize("value, datatype", INVALID)
def test_invalid_lexical_forms_are_found(value, datatype):
    lit = ox.Literal(value, datatype=ox.NamedNode(X + datatype))
    assert invalid_literals([lit]) == [lit]


def test_strings_and_other_datatypes_are_never_rejected():
    assert invalid_literals([ox.Literal("1995-13-45"), ox.Literal("x", language="de"),
                             ox.Literal("x", datatype=ox.NamedNode("http://example.org/dt"))]) == []


def test_text_that_sparql_must_escape_is_checked_as_written():
    """Values go into a query as strings: quotes, backslashes and newlines must not break it."""
    odd = ox.Literal('19"95\\\n', datatype=ox.NamedNode(X + "gYear"))
    assert invalid_literals([odd, ox.Literal("1995", datatype=ox.NamedNode(X + "gYear"))]) == [odd]

"""The pySHACL internals the compiled engine relies on are still what validation/pyshacl_compat.py
expects: each one where it was, called the same way, and deciding what pySHACL's public
``validate`` decides; the copies equal their originals; pySHACL is pinned to the tested minor
version; and nothing else imports pySHACL's internals.

A pySHACL release that changes one of them fails here with the internal's name and the installed
version — never silently with other results.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

from dialoggraph.validation import pyshacl_compat as compat
from dialoggraph.validation.compiler import component_name
from dialoggraph.validation.engine import validate_triples
from dialoggraph.validation.values import range_test

from .conftest import PROJECT

EX = Namespace("http://ex.org/")
SH_IRI = "http://www.w3.org/ns/shacl#"
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # rdflib's warns when pytest looks into this module
pytestmark = pytest.mark.filterwarnings("ignore:Parsing weird boolean:UserWarning")
VERSION = compat.pyshacl_version()


def named(internal) -> str:
    return f"pySHACL {VERSION}: {internal}"


def reported(data: Graph, shapes: Graph) -> Graph:
    """pySHACL's own report (its public API) of ``data`` against ``shapes``."""
    _conforms, results, _text = pyshacl_validate(data, shacl_graph=shapes, inference="none",
                                                 allow_warnings=True, allow_infos=True)
    return results


# ---------------------------------------------------------------- the pin


def test_pyshacl_is_pinned_to_the_minor_version_the_compat_module_is_tested_with():
    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [Requirement(d) for d in pyproject["project"]["dependencies"] if Requirement(d).name == "pyshacl"]
    assert len(pins) == 1, "pyproject.toml must name pyshacl once"
    spec, tested = pins[0].specifier, Version(compat.TESTED_WITH)
    next_minor = f"{tested.major}.{tested.minor + 1}.0"
    assert not spec.contains(next_minor), f"the pin {spec} admits pySHACL {next_minor}; pyshacl_compat.py is " \
                                          f"tested with {compat.TESTED_WITH} only"
    installed = Version(VERSION)
    assert (installed.major, installed.minor) == (tested.major, tested.minor) and spec.contains(VERSION), \
        f"pySHACL {VERSION} is installed; pyshacl_compat.py is tested with {compat.TESTED_WITH}, pinned {spec}"


# ---------------------------------------------------------------- each internal: place and signature


@pytest.mark.parametrize("internal", compat.INTERNALS, ids=str)
def test_each_internal_is_where_and_as_the_compat_module_uses_it(internal):
    found = internal.load()  # raises PyshaclInternalsChanged, naming it, when it is gone
    if internal.parameters is None:
        assert isinstance(found, (dict, list)), f"{named(internal)} is a {type(found).__name__} now"
        return
    signature = inspect.signature(found)
    names = list(signature.parameters)
    expected = list(internal.parameters)
    rest = list(signature.parameters.values())[len(expected):]
    assert names[:len(expected)] == expected and all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL,
                                                                                            p.VAR_KEYWORD)
                                                     for p in rest), \
        f"{named(internal)} takes {signature} now; pyshacl_compat.py calls it with {tuple(expected)}"


def test_a_missing_internal_stops_validation_naming_it_and_the_version(monkeypatch, settings):
    """The compiled engine needs compare_literal for a value SPARQL cannot decide: without it,
    validation stops with the internal's name, rather than fall back or guess."""
    import pyoxigraph as ox

    module = importlib.import_module(compat.COMPARE_LITERAL.module)
    monkeypatch.delattr(module, compat.COMPARE_LITERAL.name)
    N = ox.NamedNode
    shapes = [ox.Triple(N(EX.S), N(str(RDF.type)), N(str(SH.NodeShape))),
              ox.Triple(N(EX.S), N(str(SH.targetSubjectsOf)), N(EX.p)),
              ox.Triple(N(EX.S), N(str(SH.property)), N(EX.P)),
              ox.Triple(N(EX.P), N(str(SH.path)), N(EX.p)),
              ox.Triple(N(EX.P), N(str(SH.minInclusive)), ox.Literal("0", datatype=N(str(XSD.integer))))]
    data = [ox.Triple(N(EX.a), N(EX.p), ox.Literal("-1", datatype=N(str(XSD.integer))))]
    with pytest.raises(compat.PyshaclInternalsChanged) as error:
        validate_triples(settings, [data], shapes)
    message = str(error.value)
    assert f"pySHACL {VERSION}" in message and str(compat.COMPARE_LITERAL) in message
    assert f"tested with pySHACL {compat.TESTED_WITH}" in message


# ---------------------------------------------------------------- the copies


def test_the_constraint_parameters_are_pyshacls():
    original = set(compat.ALL_PARAMETERS.load())
    assert compat.CONSTRAINT_PARAMETERS == original, \
        f"{named(compat.ALL_PARAMETERS)} differs from the copy: only pySHACL's " \
        f"{sorted(original - compat.CONSTRAINT_PARAMETERS)}, only the copy's {sorted(compat.CONSTRAINT_PARAMETERS - original)}"


VALUE_NODES = [Literal("abc"), Literal("abc", lang="de"), Literal("x", datatype=XSD.string),
               Literal("5", datatype=XSD.integer), Literal("05", datatype=XSD.integer),
               Literal("abc", datatype=XSD.integer), Literal("2016-11-03", datatype=XSD.date),
               Literal("1.50", datatype=XSD.decimal), Literal("true", datatype=XSD.boolean), URIRef("http://ex.org/a"),
               BNode("b1")]


@pytest.mark.parametrize("value", VALUE_NODES, ids=repr)
def test_the_text_of_a_value_is_pyshacls(value):
    original = compat.VALUE_TO_STRING.load()
    assert compat.value_string(value) == original(value), f"{named(compat.VALUE_TO_STRING)} differs from the copy"


# ---------------------------------------------------------------- what they decide, against pyshacl.validate

LITERALS = {
    XSD.integer: ["5", "abc", " 7", "05", "1_0", "+3", "-0", "1.0"],
    XSD.decimal: ["1.5", "1.", ".5", "abc", "1e3", "-0.0"],
    XSD.boolean: ["true", "0", "TRUE", "yes", "1"],
    XSD.date: ["2016-11-03", "2016-13-45", "2016-02-30", "2016-11-04Z", "0000-01-01", "-0044-03-15",
               "2016-11-05T00:00:00"],
    XSD.dateTime: ["2016-11-03T10:00:00", "2016-11-03", "2016-11-03T24:00:00", "2016-11-03T10:00:00.5+01:00"],
    XSD.time: ["10:00:00", "25:00:00", "10:00"],
    XSD.float: ["1.5", "abc", "INF", "1e3"],
    XSD.gYear: ["2016", "abc"],
}


def test_ill_typed_literals_are_the_ones_pyshacl_rejects():
    shapes, data, literals = Graph(), Graph(), []
    for i, (datatype, texts) in enumerate(LITERALS.items()):
        shape, p = EX[f"S{i}"], EX[f"p{i}"]
        shapes.add((shape, RDF.type, SH.NodeShape))
        shapes.add((shape, SH.targetSubjectsOf, p))
        shapes.add((shape, SH.property, EX[f"P{i}"]))
        shapes.add((EX[f"P{i}"], SH.path, p))
        shapes.add((EX[f"P{i}"], SH.datatype, datatype))
        for j, text in enumerate(texts):
            literal = Literal(text, datatype=datatype)
            data.add((EX[f"n{i}_{j}"], p, literal))
            literals.append(literal)
    results = reported(data, shapes)
    rejected = {results.value(r, SH.value) for r in results.subjects(RDF.type, SH.ValidationResult)}
    ours = {literal for literal in literals if compat.is_ill_typed(literal)}
    assert ours == rejected, f"{named(compat.ASSERT_DATATYPE)}: pySHACL rejects {sorted(rejected - ours)} too, " \
                             f"accepts {sorted(ours - rejected)}"
    assert rejected, "the samples hold ill-typed literals"


RANGE_VALUES = [Literal(-1), Literal(0), Literal(5), Literal("3.5", datatype=XSD.decimal), Literal("x"),
                Literal("abc", datatype=XSD.integer), Literal("2015-12-31", datatype=XSD.date),
                Literal("2016-06-01", datatype=XSD.date), Literal("1e1", datatype=XSD.float), Literal("m"),
                Literal("a", lang="de"), URIRef("http://ex.org/z")]


@pytest.mark.parametrize("parameter", [SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive])
@pytest.mark.parametrize("rule", [Literal(0), Literal("2016-01-01", datatype=XSD.date), Literal("m")], ids=repr)
def test_value_ranges_order_literals_as_pyshacl_does(parameter, rule):
    shapes, data = Graph(), Graph()
    shapes.add((EX.S, RDF.type, SH.NodeShape))
    shapes.add((EX.S, SH.targetSubjectsOf, EX.p))
    shapes.add((EX.S, SH.property, EX.P))
    shapes.add((EX.P, SH.path, EX.p))
    shapes.add((EX.P, parameter, rule))
    for i, value in enumerate(RANGE_VALUES):
        data.add((EX[f"n{i}"], EX.p, value))
    results = reported(data, shapes)
    rejected = {results.value(r, SH.value) for r in results.subjects(RDF.type, SH.ValidationResult)}
    python = range_test(EX.P, parameter, rule, nested=False).python
    ours = {value for value in RANGE_VALUES if not python(value)}
    assert ours == rejected, f"{named(compat.COMPARE_LITERAL)}: for {parameter} {rule!r}, pySHACL rejects " \
                             f"{sorted(rejected - ours)} too, accepts {sorted(ours - rejected)}"


GENERIC_SHAPES = """
@prefix ex: <http://ex.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:nodeKind sh:BlankNode ;
  sh:property ex:Pmin, ex:Pmax, ex:Pdt, ex:Pcls, ex:Ppat, ex:Plen, ex:Pin, ex:Plang, ex:Prange, ex:Pq .
ex:Pmin sh:path ex:name ; sh:minCount 1 .
ex:Pmax sh:path ex:age ; sh:maxCount 1 .
ex:Pdt sh:path ex:age ; sh:datatype xsd:integer .
ex:Pcls sh:path ex:knows ; sh:class ex:C .
ex:Ppat sh:path ex:code ; sh:pattern "^[A-Z]+$" .
ex:Plen sh:path ex:code ; sh:maxLength 3 .
ex:Pin sh:path ex:colour ; sh:in ( "red" "green" ) .
ex:Plang sh:path ex:label ; sh:languageIn ( "de" ) ; sh:uniqueLang true .
ex:Prange sh:path ex:size ; sh:maxExclusive 10 .
ex:Pq sh:path ex:knows ; sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMinCount 1 .
"""
GENERIC_DATA = """
@prefix ex: <http://ex.org/> .
ex:a a ex:C ; ex:age "x", 5 ; ex:knows ex:b ; ex:code "abcd" ; ex:colour "blue" ; ex:label "a"@en, "b"@en ;
  ex:size 12 .
"""


def test_a_shape_without_message_gets_pyshacls_wording():
    shapes = Graph().parse(data=GENERIC_SHAPES, format="turtle")
    data = Graph()  # no prefixes of its own, as both engines get the data: they word the focus node
    data += Graph().parse(data=GENERIC_DATA, format="turtle")
    results = reported(data, shapes)
    parameters = {URIRef(f"{SH_IRI}{component_name(p)}"): p for p in compat.CONSTRAINT_PARAMETERS}
    parameters[SH.QualifiedMinCountConstraintComponent] = SH.qualifiedValueShape
    messages = compat.GenericMessages(shapes)
    theirs, ours = set(), set()
    for r in results.subjects(RDF.type, SH.ValidationResult):
        shape, component = results.value(r, SH.sourceShape), results.value(r, SH.sourceConstraintComponent)
        focus, value = results.value(r, SH.focusNode), results.value(r, SH.value)
        theirs.add((shape, component, tuple(sorted(str(m) for m in results.objects(r, SH.resultMessage)))))
        ours.add((shape, component, tuple(sorted(messages(shape, parameters[component], focus, value)))))
    assert len({c for _s, c, _m in theirs}) >= 10, "the samples break ten constraints"
    assert ours == theirs, f"{named(compat.GENERIC_MESSAGES)} (with {compat.SHAPES_GRAPH} and " \
                           f"{compat.PARAMETERS_MAP}) words results differently: pySHACL {sorted(theirs - ours)}, " \
                           f"ours {sorted(ours - theirs)}"


# ---------------------------------------------------------------- one door


PUBLIC = {"validate"}  # pyshacl's documented entry point


def test_only_the_compat_module_imports_pyshacl_internals():
    compat_file = Path(compat.__file__).resolve()
    wrong = []
    for folder in ("src", "tests", "bench"):
        for path in sorted((PROJECT / folder).rglob("*.py")):
            if path.resolve() == compat_file or ".venv" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names if a.name.startswith("pyshacl.")]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    if node.module.startswith("pyshacl."):
                        names = [node.module]
                    elif node.module == "pyshacl":
                        names = [f"pyshacl.{a.name}" for a in node.names if a.name not in PUBLIC]
                    else:
                        names = []
                else:
                    names = []
                wrong += [f"{path.relative_to(PROJECT)}:{node.lineno}: {n}" for n in names]
    assert not wrong, "pySHACL internals outside validation/pyshacl_compat.py:\n" + "\n".join(wrong)

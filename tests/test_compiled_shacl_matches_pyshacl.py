"""The SHACL shapes compiled to SPARQL (validation/) report exactly what pyshacl reports.

Each test validates one graph twice — pyshacl on rdflib, the compiled queries on pyoxigraph — and
compares the results as sets of (focus node, path, value, source shape, severity, constraint
component), with blank-node shapes compared by their identity in the shapes graph; and the
formatted reports (messages, shape names, files) as the CLI prints them. Graphs: every shape
fixture, the real project data, the real data and a generated project with deliberate
violations of every kind, and a synthetic shapes graph for the constructs our shapes do not use
yet (so the compiler's support of them is tested too).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import logging
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from dialoggraph.pipeline.anchor import anchor
from dialoggraph.build import prepare, relative_origin
from dialoggraph.config import load_settings
from dialoggraph.rdf.terms import term_to_rdflib, to_rdflib
from dialoggraph.pipeline.describe import summarise, void_triples
from dialoggraph.rdf.order import sort_triples
from dialoggraph.pipeline.load import load_corpus
from dialoggraph.validation.engine import choose_engine, resolve_shapes, validate_triples
from dialoggraph.validation.pyshacl_compat import pyshacl_shapes
from dialoggraph.validation.report import path_text, results_of_graph, term_text
from dialoggraph.validation.runner import compile_shapes, report_of, store_of, validate_store
from dialoggraph.validation.shapes import UnsupportedShape, read_shapes

from .conftest import PROJECT

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA = "https://schema.org/"
logging.getLogger("rdflib").setLevel(logging.ERROR)
pytestmark = pytest.mark.filterwarnings("ignore:Parsing weird boolean:UserWarning")


# ---------------------------------------------------------------- comparison


def assert_same(triples: list[ox.Triple], shapes: Graph, settings) -> set[tuple]:
    """Both engines agree, result by result and report line by line; returns the results."""
    _c, g, _t = pyshacl_validate(to_rdflib(triples), shacl_graph=shapes, inference="none",
                                 allow_warnings=True, allow_infos=True)
    expected = {(term_text(g.value(r, SH.focusNode)), path_text(g, g.value(r, SH.resultPath)),
                 term_text(g.value(r, SH.value)), str(g.value(r, SH.sourceShape)),
                 str(g.value(r, SH.resultSeverity)), str(g.value(r, SH.sourceConstraintComponent)))
                for r in g.subjects(RDF.type, SH.ValidationResult)}
    compiled = compile_shapes(shapes)
    raw = compiled.run(store_of([triples]))
    got = {(term_text(term_to_rdflib(r.focus)), path_text(shapes, r.path),
            term_text(term_to_rdflib(r.value)) if r.value is not None else "", str(r.shape),
            str(r.severity), str(r.component)) for r in raw}
    missing, extra = sorted(expected - got), sorted(got - expected)
    assert not missing and not extra, "only pyshacl:\n" + "\n".join(map(str, missing)) + \
        "\nonly SPARQL:\n" + "\n".join(map(str, extra))
    assert report_of(settings, compiled, raw).results == results_of_graph(g, {})
    return expected


@pytest.fixture(scope="module")
def project(settings):
    corpus = load_corpus(settings)
    return corpus, to_rdflib(resolve_shapes(settings, corpus.shapes))


def parse(settings, text: str) -> list[ox.Triple]:
    prefixes = (FIXTURES / "PREFIXES.ttl").read_text(encoding="utf-8")
    return [q.triple for q in ox.parse(input=(prefixes + text).encode(), format=ox.RdfFormat.TURTLE,
                                       base_iri=settings.base_iri)]


# ---------------------------------------------------------------- the shape fixtures

CASES = sorted((d.name, kind) for d in FIXTURES.iterdir() if d.is_dir() for kind in ("valid", "invalid"))


@pytest.mark.parametrize("name,kind", CASES)
def test_each_shape_fixture_gets_pyshacls_results(name, kind, settings, project):
    corpus, shapes = project
    triples = list(corpus.ontology) + parse(settings, (FIXTURES / name / f"{kind}.ttl").read_text(encoding="utf-8"))
    results = assert_same(triples, shapes, settings)
    if kind == "invalid":
        assert results


# ---------------------------------------------------------------- the real data, intact and broken


def anchored(settings):
    corpus = load_corpus(settings)
    data = sort_triples(anchor(settings, corpus.data, relative_origin(settings, corpus)))
    void = void_triples(settings, summarise(settings, data), data)
    return corpus, data, void


def test_the_build_reports_the_same_with_either_engine(mini_project):
    """prepare() takes the engine the settings name, and both print the same report."""
    settings = load_settings(mini_project)
    by_pyshacl = prepare(dataclasses.replace(settings, validator="pyshacl"))
    by_sparql = prepare(dataclasses.replace(settings, validator="sparql"))
    assert (by_pyshacl.report.engine, by_sparql.report.engine) == ("pyshacl", "sparql")
    assert by_sparql.report.results == by_pyshacl.report.results


def _of(triples, predicate=None, cls=None, obj_kind=None):
    """Triples with ``predicate`` (subjects of class ``cls``), in a stable order."""
    typed = {t.subject for t in triples if t.predicate.value == str(RDF.type) and t.object.value == cls} if cls else None
    out = [t for t in triples if (predicate is None or t.predicate.value == predicate)
           and (typed is None or t.subject in typed) and (obj_kind is None or isinstance(t.object, obj_kind))]
    return sorted(out, key=str)


def break_graph(triples: list[ox.Triple], base: str) -> tuple[list[ox.Triple], set[str]]:
    """Deliberate violations of every kind the shapes check; returns the graph and the
    constraint components that must show up."""
    N, L = ox.NamedNode, ox.Literal
    S, OA, PROV, TIME, DGO = SCHEMA, "http://www.w3.org/ns/oa#", "http://www.w3.org/ns/prov#", \
        "http://www.w3.org/2006/time#", base + "ontology#"
    remove: set = set()
    add: list[ox.Triple] = []
    t = ox.Triple

    def first(pred, cls=None, kind=None, nth=0):
        found = _of(triples, pred, cls, kind)
        return found[nth % len(found)] if found else None

    # missing German name, bad language tags, duplicate language
    x = first(S + "name", S + "Organization")
    remove.add(x)
    add.append(t(x.subject, x.predicate, L(x.object.value, language="fr")))
    x = first(S + "name", S + "Place", nth=3)
    add.append(t(x.subject, x.predicate, L("Zweiter Name", language="de")))
    # wrong datatype, ill-typed literals, untagged statement text, a non-boolean flag
    x = first(S + "startDate", S + "Event")
    remove.add(x)
    add.append(t(x.subject, x.predicate, L("2016-13-45", datatype=N(XSD + "date"))))
    x = first(S + "position", DGO + "DocumentSection")
    remove.add(x)
    add.append(t(x.subject, x.predicate, L("zwei")))
    add.append(t(first(S + "name", S + "Organization", nth=2).subject, N(S + "foundingDate"), L("seit 1995")))
    x = first(S + "text", S + "Claim")
    remove.add(x)
    add.append(t(x.subject, x.predicate, L(x.object.value)))
    add.append(t(x.subject, N(DGO + "isReportedSpeech"), L("ja", datatype=N(XSD + "boolean"))))
    x = first(OA + "start", OA + "TextPositionSelector")
    remove.add(x)
    add.append(t(x.subject, x.predicate, L("-1", datatype=N(XSD + "integer"))))
    x = first(OA + "end", OA + "TextPositionSelector")
    remove.add(x)
    add.append(t(x.subject, x.predicate, L(" 7", datatype=N(XSD + "integer"))))  # rdflib: well-typed
    x = first(OA + "exact", OA + "TextQuoteSelector", nth=5)
    remove.add(x)
    add.append(t(x.subject, x.predicate, L("")))
    # wrong class, too many values, a place's sameAs outside Wikidata
    x = first(S + "affiliation", S + "Person")
    remove.add(x)
    add.append(t(x.subject, x.predicate, first(S + "name", S + "Place").subject))
    x = first(S + "name", S + "Person", nth=1)
    add.append(t(x.subject, x.predicate, L("Noch ein Name")))
    add.append(t(first(S + "name", S + "Place", nth=1).subject, N(S + "sameAs"), N("https://example.org/q1")))
    # an IRI outside the namespace; missing provenance and passage
    outsider = N("https://elsewhere.example/person/x#id")
    add += [t(outsider, N(str(RDF.type)), N(S + "Person")), t(outsider, N(S + "name"), L("Fremd"))]
    x = first(PROV + "wasDerivedFrom", S + "Legislation")
    if x is not None:
        remove.add(x)
    x = first(OA + "hasBody", OA + "Annotation", nth=7)
    remove.update(_of([y for y in triples if y.object == x.object], OA + "hasBody"))
    # a table without its host's role, a role without performer or organizer, a timeline
    # entry without its instant
    for y in _of(triples, S + "performer", DGO + "WorldCafeTable"):
        if "participation/" in y.object.value:
            remove.add(y)
            break
    role = first(DGO + "eventRole", DGO + "EventRole", nth=2).subject
    remove.update(y for y in triples if y.subject == role and y.predicate.value in (S + "performer", S + "organizer"))
    x = first(TIME + "hasTime", DGO + "TimelineEntry")
    if x is not None:
        remove.add(x)
    broken = sorted((set(triples) - remove) | set(add), key=str)
    expected = {SH + c for c in ("MinCountConstraintComponent", "MaxCountConstraintComponent",
                                 "QualifiedMinCountConstraintComponent", "LanguageInConstraintComponent",
                                 "UniqueLangConstraintComponent", "DatatypeConstraintComponent",
                                 "OrConstraintComponent", "ClassConstraintComponent", "PatternConstraintComponent",
                                 "MinInclusiveConstraintComponent", "MinLengthConstraintComponent")}
    return broken, {str(e) for e in expected}


def test_broken_real_data_gets_pyshacls_results(settings, project):
    corpus, shapes = project
    _c, data, void = anchored(settings)
    broken, expected = break_graph(list(corpus.ontology) + data + void, settings.base_iri)
    results = assert_same(broken, shapes, settings)
    assert expected <= {r[5] for r in results}


def _load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", PROJECT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_a_broken_generated_project_gets_pyshacls_results(tmp_path, project):
    _corpus, shapes = project
    _load_generator().generate(5000, 7, tmp_path / "gen")
    settings = load_settings(tmp_path / "gen")
    corpus, data, void = anchored(settings)
    graph = list(corpus.ontology) + data + void
    broken, expected = break_graph(graph, settings.base_iri)
    results = assert_same(broken, shapes, settings)
    assert expected <= {r[5] for r in results}


# ---------------------------------------------------------------- constructs our shapes do not use yet

SYNTHETIC_SHAPES = """
@prefix ex: <http://ex.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix sh: <http://www.w3.org/ns/shacl#> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ;
  sh:property [ sh:path ex:int ; sh:datatype xsd:integer ; sh:minInclusive 0 ; sh:maxExclusive 10 ] ;
  sh:property [ sh:path ex:d ; sh:datatype xsd:date ] ;
  sh:property [ sh:path ex:b ; sh:datatype xsd:boolean ] ;
  sh:property [ sh:path ex:dt ; sh:datatype xsd:dateTime ] ;
  sh:property [ sh:path ex:s ; sh:datatype xsd:string ; sh:minLength 3 ; sh:maxLength 5 ] ;
  sh:property [ sh:path ex:ls ; sh:datatype rdf:langString ] ;
  sh:property [ sh:path ex:any ; sh:datatype rdfs:Literal ] ;
  sh:property [ sh:path ex:two ; sh:minCount 2 ; sh:maxCount 2 ] ;
  sh:property [ sh:path ex:pat ; sh:pattern "^ab+c$" ; sh:flags "i" ] ;
  sh:property [ sh:path ex:pat2 ; sh:pattern "\\\\w+@\\\\w+" ] ;
  sh:property [ sh:path ex:in ; sh:in ( ex:a ex:b "x" 1 ) ] ;
  sh:property [ sh:path ( ex:knows ex:name ) ; sh:minCount 1 ; sh:class ex:Nope ] ;
  sh:property [ sh:path [ sh:zeroOrMorePath ex:part ] ; sh:nodeKind sh:IRI ] ;
  sh:property [ sh:path ex:q ; sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ] ;
  sh:property [ sh:path ex:x ; sh:xone ( [ sh:datatype xsd:integer ] [ sh:nodeKind sh:Literal ] ) ] ;
  sh:property [ sh:path ex:n ; sh:not [ sh:class ex:C ] ; sh:node ex:Named ] ;
  sh:property [ sh:path ex:knows ; sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "needs name" ] ] ;
  sh:and ( [ sh:nodeKind sh:IRI ] [ sh:pattern "^http://ex.org/" ] ) .
ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:uniqueLang true ] .
ex:T a sh:NodeShape ; sh:targetNode ex:c1, "lit" ; sh:nodeKind sh:IRI .
ex:U a sh:NodeShape ; sh:targetSubjectsOf ex:b ; sh:property [ sh:path ex:b ; sh:maxCount 1 ; sh:severity sh:Info ] .
ex:V a sh:PropertyShape ; sh:targetObjectsOf ex:int ; sh:path [ sh:inversePath ex:int ] ; sh:maxCount 1 .
ex:W a sh:NodeShape ; sh:targetObjectsOf ex:d ; sh:datatype xsd:date .
ex:D a sh:NodeShape ; sh:targetClass ex:C ; sh:deactivated true ; sh:nodeKind sh:Literal .
"""

SYNTHETIC_DATA = """
@prefix ex: <http://ex.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Sub rdfs:subClassOf ex:C .
ex:c1 a ex:C ; ex:int 5, -1, "05"^^xsd:integer, " 7"^^xsd:integer, "1_0"^^xsd:integer, "abc"^^xsd:integer, 10, 3.5, "x" ;
   ex:d "2016-11-03"^^xsd:date, "2016-13-45"^^xsd:date, "2016-02-30"^^xsd:date, "2016-11-04Z"^^xsd:date,
        "0000-01-01"^^xsd:date, "-0044-03-15"^^xsd:date, "2016-11-05T00:00:00"^^xsd:date, "x" ;
   ex:b true, "0"^^xsd:boolean ;
   ex:dt "2016-11-03T10:00:00"^^xsd:dateTime, "2016-11-03T10:00:00.5+01:00"^^xsd:dateTime, "2016-11-03"^^xsd:dateTime ;
   ex:s "ab", "abc", "abcdef", "abc"@de, 12345, ex:iri ;
   ex:ls "a"@de, "b", "c"@en-GB ;
   ex:any "x", ex:y ;
   ex:two 1 ;
   ex:pat "ABBC", "abc\\n", "xabc", ex:abc ;
   ex:pat2 "a@b", "no" ;
   ex:in ex:a, ex:z, "x", "x"@en, 1, "01"^^xsd:integer ;
   ex:knows ex:k1, ex:k2, ex:k3 ;
   ex:part ex:p1 ;
   ex:q ex:c2, ex:c3 ;
   ex:x 1, 7, "9"^^xsd:decimal, "y" ;
   ex:n ex:c2, ex:k1, ex:k3 .
ex:p1 ex:part _:b1 . _:b1 ex:part "lit" .
ex:k1 ex:name "K"@de, "K2"@de . ex:k2 ex:name "K" .
ex:c2 a ex:Sub ; ex:two 1, 2 ; ex:q ex:c1 .
ex:c3 a ex:C ; ex:two 1, 2, 3 ; ex:int 5 .
ex:t1 a ex:C ; ex:b "TRUE"^^xsd:boolean, "yes"^^xsd:boolean .
<urn:x:c4> a ex:C ; ex:two "a", "b" .
"""


def test_constructs_our_shapes_do_not_use_yet_get_pyshacls_results(settings):
    shapes = to_rdflib(parse(settings, SYNTHETIC_SHAPES))
    results = assert_same(parse(settings, SYNTHETIC_DATA), shapes, settings)
    components = {r[5].rsplit("#", 1)[1] for r in results}
    assert {"AndConstraintComponent", "XoneConstraintComponent", "NotConstraintComponent", "NodeConstraintComponent",
            "InConstraintComponent", "MaxExclusiveConstraintComponent", "MaxLengthConstraintComponent",
            "UniqueLangConstraintComponent", "QualifiedMaxCountConstraintComponent"} <= components
    assert "needs name" in {r.message for r in validate_store(settings, store_of([parse(settings, SYNTHETIC_DATA)]),
                                                               shapes).results}


@pytest.mark.xfail(strict=True, reason="pyoxigraph stores valid literals in canonical form: a lexical form XSD 1.1 "
                                       "accepts and rdflib rejects (T24:00:00) is no longer seen as written")
def test_literals_are_judged_as_written_not_in_canonical_form(settings):
    shapes = to_rdflib(parse(settings, SYNTHETIC_SHAPES))
    data = '@prefix ex: <http://ex.org/> .\nex:c9 a ex:C ; ex:dt "2016-11-03T24:00:00"^^xsd:dateTime .'
    assert_same(parse(settings, data), shapes, settings)


# ---------------------------------------------------------------- the shapes, read as pyshacl reads them

EDGE_SHAPES = """
@prefix ex: <http://ex.org/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:K1 a rdfs:Class, sh:NodeShape ; sh:nodeKind sh:IRI .
ex:K2 a owl:Class, sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
ex:MyClass rdfs:subClassOf rdfs:Class . ex:K3 a ex:MyClass ; sh:targetNode ex:n1 ; sh:class ex:C .
ex:I1 sh:targetClass ex:C ; sh:datatype xsd:string .
ex:I2 sh:targetSubjectsOf ex:q ; sh:path ex:q ; sh:maxCount 2 ; sh:severity sh:Warning ;
  sh:message "one"@en, "eins"@de .
ex:I3 sh:property ex:P1 . ex:P1 sh:path ex:r ; sh:deactivated false ; sh:minCount 1 .
ex:I4 sh:node ex:N1 ; sh:targetObjectsOf ex:s . ex:N1 sh:nodeKind sh:BlankNodeOrIRI ; sh:deactivated true .
ex:O a sh:NodeShape ; sh:targetClass ex:C ;
  sh:or ( ex:M1 [ sh:path ex:t ; sh:minCount 1 ] ) ; sh:not ex:M2 ;
  sh:property [ sh:path ex:u ; sh:qualifiedValueShape ex:M3 ; sh:qualifiedMinCount 1 ] .
ex:M1 sh:datatype xsd:integer . ex:M2 sh:class ex:D . ex:M3 sh:path ex:v ; sh:minCount 1 .
"""


def _shape_facts(shapes: dict) -> dict:
    return {node: (shape.is_property_shape, shape.path(), shape.deactivated, shape.severity,
                   sorted(shape.message), tuple(frozenset(part) for part in shape.target()))
            for node, shape in shapes.items()}


@pytest.mark.parametrize("which", ["project", "synthetic", "edge"])
def test_shapes_are_read_as_pyshacl_reads_them(which, settings, project):
    """read_shapes() finds the same shapes as pyshacl's ShapesGraph, with the same kind, path,
    activation, severity, messages and targets (pyshacl itself is no longer loaded to compile)."""
    if which == "project":
        triples = resolve_shapes(settings, project[0].shapes)
    else:
        triples = parse(settings, SYNTHETIC_SHAPES if which == "synthetic" else EDGE_SHAPES)
    ours = _shape_facts(read_shapes(to_rdflib(triples)))
    theirs = _shape_facts(pyshacl_shapes(to_rdflib(triples)))  # same blank nodes
    assert ours == theirs
    assert len(ours) > 5


@pytest.mark.parametrize("text,what", [
    ("ex:X a sh:NodeShape ; sh:path ex:p .", "sh:path"),
    ("ex:X a sh:PropertyShape ; sh:minCount 1 .", "sh:path"),
    ("ex:X sh:targetClass ex:C ; sh:path ex:p, ex:q .", "sh:path"),
    ("ex:X a sh:NodeShape ; sh:deactivated ex:yes .", "deactivated"),
    ("ex:X a sh:NodeShape ; sh:or () .", "list"),
    ("ex:CC a sh:ConstraintComponent ; sh:parameter [ sh:path ex:p ] .", "constraint component"),
])
def test_shapes_pyshacl_refuses_or_extends_go_to_pyshacl(text, what, settings):
    shapes = to_rdflib(parse(settings, "@prefix ex: <http://ex.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                                       + text))
    with pytest.raises(UnsupportedShape, match=what):
        compile_shapes(shapes)


def test_compiled_validation_does_not_load_pyshacl(tmp_path):
    """The default build validates without importing pyshacl (and the SPARQL parser of rdflib
    it loads): a third of a second of every cold start."""
    import subprocess

    code = ("import sys\nfrom dialoggraph.build import prepare\nfrom dialoggraph.config import load_settings\n"
            f"g = prepare(load_settings({str(PROJECT)!r}))\n"
            "print(g.report.engine, sorted(m for m in ('pyshacl', 'rdflib.plugins.sparql') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.split("\n")[-2] == "sparql []"


# ---------------------------------------------------------------- engine choice and fallback


def test_unsupported_construct_is_named_and_falls_back_to_pyshacl(settings, project, caplog):
    corpus, _ = project
    shapes_text = ("<shapes/EqShape> a sh:NodeShape ; sh:targetClass schema:Person ;"
                   " sh:property [ sh:path schema:name ; sh:equals schema:alternateName ] .")
    shapes = parse(settings, "@prefix sh: <http://www.w3.org/ns/shacl#> .\n" + shapes_text)
    with pytest.raises(UnsupportedShape, match="equals"):
        compile_shapes(to_rdflib(shapes))
    data = parse(settings, '<person/a#id> a schema:Person ; schema:name "A" ; schema:alternateName "B" .')
    report = validate_triples(dataclasses.replace(settings, validator="sparql"), [data], shapes)
    assert report.engine == "pyshacl"
    assert report.violations
    assert "equals" in caplog.text


def test_a_construct_refused_while_compiling_the_checks_falls_back_to_pyshacl(settings, caplog):
    """Some constructs show only when the checks are compiled against the data (recursion):
    the build validates with pyshacl then, too."""
    shapes = parse(settings, "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<shapes/R> a sh:NodeShape ; "
                             "sh:targetClass schema:Person ; sh:property [ sh:path schema:knows ; sh:node <shapes/R> ] .")
    with pytest.raises(UnsupportedShape, match="recursive"):
        compile_shapes(to_rdflib(shapes))
    data = parse(settings, '<person/a#id> a schema:Person ; schema:knows "nobody" .')
    report = validate_triples(dataclasses.replace(settings, validator="auto"), [data], shapes)
    assert report.engine == "pyshacl"
    assert "recursive" in caplog.text


def test_auto_and_sparql_choose_the_compiled_engine_pyshacl_only_when_named(settings):
    """"auto" compiles the shapes at any size; pyshacl only when the settings name it."""
    assert choose_engine(dataclasses.replace(settings, validator="auto")) == "sparql"
    assert choose_engine(dataclasses.replace(settings, validator="sparql")) == "sparql"
    assert choose_engine(dataclasses.replace(settings, validator="pyshacl")) == "pyshacl"


def test_auto_validates_a_small_graph_with_the_compiled_shapes(settings, project):
    """The default setting: a graph of a few triples takes the compiled path too, and a shape
    the compiler cannot translate still falls back to pyshacl (see the test above)."""
    corpus, _ = project
    data = parse(settings, '<person/a#id> a schema:Person .')
    report = validate_triples(dataclasses.replace(settings, validator="auto"), [corpus.ontology, data],
                              resolve_shapes(settings, corpus.shapes))
    assert report.engine == "sparql"
    assert report.violations and {r.focus for r in report.violations} == {settings.base_iri + "person/a#id"}

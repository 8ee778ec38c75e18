"""The load stage: every Turtle file of the project read by pyoxigraph, errors with file, line
and column, blank nodes labelled the same on every run, each subject's file remembered."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from dialoggraph.config import load_settings
from dialoggraph.pipeline.load import LoadError, load_corpus, parse_file

from .conftest import MINI_DATA, make_project

BASE = "https://data.example.org/nrw-dialog/"


def test_syntax_errors_carry_file_line_and_column(tmp_path: Path):
    path = tmp_path / "broken.ttl"
    path.write_text('@prefix schema: <https://schema.org/> .\n\n<a> schema:name "x" ;\n    schema:name .\n',
                    encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        parse_file(path, BASE, 0)
    error = caught.value
    assert (error.line, error.column) == (4, 17)
    assert error.describe(tmp_path) == f"broken.ttl:4:17: {error.message}"


def test_blank_nodes_are_labelled_by_file_and_order_of_appearance(tmp_path: Path):
    path = tmp_path / "b.ttl"
    path.write_text('@prefix schema: <https://schema.org/> .\n<a> schema:knows [ schema:name "x" ] , '
                    '[ schema:name "y" ] .\n', encoding="utf-8")
    first, again = parse_file(path, BASE, 7), parse_file(path, BASE, 7)
    labels = sorted({t.object.value for t in first if isinstance(t.object, ox.BlankNode)})
    assert labels == ["f7b0", "f7b1"]
    assert [str(t) for t in first] == [str(t) for t in again]


def test_relative_iris_resolve_against_the_base_iri(tmp_path: Path):
    path = tmp_path / "r.ttl"
    path.write_text('@prefix dg: <> .\n<person/x#id> <https://schema.org/name> "X" .\n', encoding="utf-8")
    (triple,) = parse_file(path, BASE, 0)
    assert triple.subject.value == BASE + "person/x#id"


def test_each_subject_remembers_the_file_that_describes_it_first(mini_project: Path):
    (mini_project / "data" / "z-more.ttl").write_text(
        '@prefix schema: <https://schema.org/> .\n<person/jan-beispiel#id> schema:familyName "Beispiel" .\n',
        encoding="utf-8")
    corpus = load_corpus(load_settings(mini_project))
    assert corpus.origin[BASE + "person/jan-beispiel#id"].name == "mini.ttl"
    assert [p.name for p in corpus.files if p.parent.name == "data"] == ["mini.ttl", "z-more.ttl"]
    assert corpus.ontology and corpus.shapes and corpus.data


@pytest.mark.parametrize("broken, message", [
    (lambda p: [f.unlink() for f in (p / "data").glob("*.ttl")], "the data folder holds no .ttl file"),
    (lambda p: (p / "data" / "mini.ttl").write_text("# nothing but a comment\n", encoding="utf-8"),
     "the data folder holds no triples"),
    (lambda p: __import__("shutil").rmtree(p / "shapes"), "the shapes folder does not exist"),
])
def test_a_missing_or_empty_folder_is_named(mini_project: Path, broken, message):
    broken(mini_project)
    with pytest.raises(LoadError, match=message):
        load_corpus(load_settings(mini_project))


def test_a_file_that_is_not_utf8_is_named(tmp_path: Path):
    project = make_project(tmp_path / "p", {"mini.ttl": MINI_DATA, "latin.ttl": ""})
    (project / "data" / "latin.ttl").write_bytes('<a> <b> "Müller" .\n'.encode("latin-1"))
    with pytest.raises(LoadError) as caught:
        load_corpus(load_settings(project))
    assert caught.value.path.name == "latin.ttl"

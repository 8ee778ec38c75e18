"""IRI → document path → file names (dialoggraph.paths), shared by the site and the server."""

import doctest

import pytest

from dialoggraph.rdf import paths
from dialoggraph.rdf.paths import (description_files, document_path, file_stem, fragment, is_publishable,
                               page_file, relative_href, SERVED_FORMATS)

BASE = "https://data.example.org/nrw-dialog/"


def test_doctests():
    failures, _ = doctest.testmod(paths)
    assert failures == 0


@pytest.mark.parametrize("iri, path", [
    (BASE + "person/jan-ueblacker#id", "person/jan-ueblacker"),
    (BASE + "person/x#anno-1-quote", "person/x"),
    (BASE + "anno/person-x-1#quote", "anno/person-x-1"),
    (BASE + "theme/#scheme", "theme/"),
    (BASE + "ontology#anchorText", "ontology"),
    (BASE, ""),
    ("https://schema.org/Person", None),
])
def test_document_path(iri, path):
    assert document_path(iri, BASE) == path


@pytest.mark.parametrize("path, page, ttl", [
    ("person/x", "person/x.html", "person/x.ttl"),
    ("theme/", "theme/index.html", "theme/index.ttl"),
    ("", "index.html", "index.ttl"),
    ("event/a/track/b/session-1/table/c", "event/a/track/b/session-1/table/c.html",
     "event/a/track/b/session-1/table/c.ttl"),
])
def test_files(path, page, ttl):
    assert page_file(path) == page
    files = description_files(path)
    assert files["text/html"] == page
    assert files["text/turtle"] == ttl
    assert files["application/ld+json"] == file_stem(path) + ".jsonld"
    assert "application/n-triples" not in files  # no per-page N-Triples: the server answers them
    assert SERVED_FORMATS["application/n-triples"] == "nt"


@pytest.mark.parametrize("path", ["../etc/passwd", "a/../b", "_site/x", "_static/a", ".well-known/void",
                                  "a b", "java:script", "a%2Fb", ".hidden", "x?y", "a//b", "a/./b"])
def test_unpublishable(path):
    assert not is_publishable(path)


@pytest.mark.parametrize("path", ["person/jan-ueblacker", "theme/", "", "claim/session-2/these-1",
                                  "dataset/2016", "ontology"])
def test_publishable(path):
    assert is_publishable(path)


def test_fragment_and_relative_links():
    assert fragment(BASE + "anno/x-1#target") == "target"
    assert fragment(BASE + "person/x#anno-1-target") == "anno-1-target"
    assert fragment(BASE + "person/x") is None
    assert relative_href("person/x.html", "person/y.html") == "y.html"
    assert relative_href("_site/classes/a.html", "person/y.html") == "../../person/y.html"

"""Shared fixtures: the real project's validated graph, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from dialoggraph.build import Graphs, prepare
from dialoggraph.config import Settings, load_settings
from dialoggraph.rdf.prefixes import Prefixes

# the browser tests' shared fixtures (one built site, one Chromium per session): tests/browserkit.py
from .browserkit import chromium, dark, dark_phone, desktop, phone, site_dir  # noqa: F401

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings(PROJECT)


@pytest.fixture(scope="session")
def graphs(settings: Settings) -> Graphs:
    """Load, anchor and validate the project's data (fails the tests if it does not conform)."""
    return prepare(settings)


@pytest.fixture(scope="session")
def store(graphs: Graphs) -> ox.Store:
    s = ox.Store()
    s.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in graphs.data)
    return s


@pytest.fixture(scope="session")
def select(store: ox.Store, settings: Settings):
    """Run a SELECT on the built graph (all project prefixes predeclared); rows as dicts of
    plain strings (IRIs and literal values)."""
    prologue = Prefixes(settings.base_iri).sparql_prologue()

    def run(query: str) -> list[dict[str, str]]:
        result = store.query(prologue + query)
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for name in names:
                term = solution[name]
                row[name] = None if term is None else term.value
            rows.append(row)
        return rows

    return run


@pytest.fixture(scope="session")
def ask(store: ox.Store, settings: Settings):
    prologue = Prefixes(settings.base_iri).sparql_prologue()
    return lambda query: bool(store.query(prologue + query))


MINI_SOURCE = """Testdokument

Leitung: Jan Beispiel (Beispiel-Institut)

Das Forum fand in Kaarst statt.
"""

MINI_DATA = """@prefix dg: <> .
@prefix dgo: <ontology#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<doc/track-doku-2016#id> a schema:Report ;
    schema:name "Testdokument"@de ;
    dgo:anchorText "Testdokument" .

<person/jan-beispiel#id> a schema:Person ;
    schema:name "Jan Beispiel" ;
    schema:affiliation <org/beispiel-institut#id> ;
    dgo:anchorText "Jan Beispiel" .

<org/beispiel-institut#id> a schema:Organization ;
    schema:name "Beispiel-Institut"@de , "Example institute"@en ;
    dgo:anchorText "Beispiel-Institut" .
"""


def make_project(root: Path, data: dict[str, str] | None = None, source: str = MINI_SOURCE) -> Path:
    """A small project folder: the real pyproject, ontology and shapes, with its own data and
    source text (so tests can break it freely)."""
    import shutil

    from dialoggraph.config import load_settings as _load

    real = _load(PROJECT)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(PROJECT / "ontology", root / "ontology")
    shutil.copytree(PROJECT / "shapes", root / "shapes")
    source_path = root / real.source_file.relative_to(PROJECT)
    source_path.parent.mkdir(parents=True, exist_ok=True)
    source_path.write_text(source, encoding="utf-8")
    for name, text in (data if data is not None else {"mini.ttl": MINI_DATA}).items():
        (root / "data" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """One private Virtuoso 7 for the whole test session (``dgkit.VirtuosoServer``: its own
    database in a temporary folder, loopback ports), installed first when missing; stopped at
    the end. Tests publish into graphs of their own."""
    from .dgkit import VirtuosoServer, ensure_virtuoso

    ensure_virtuoso()
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server

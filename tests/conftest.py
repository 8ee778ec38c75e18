"""Shared fixtures: the real project's validated graph, loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from dialoggraph.build import Graphs, prepare
from dialoggraph.config import Settings, load_settings
from dialoggraph.namespaces import sparql_prologue

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
    prologue = sparql_prologue(settings.base_iri)

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
    prologue = sparql_prologue(settings.base_iri)
    return lambda query: bool(store.query(prologue + query))

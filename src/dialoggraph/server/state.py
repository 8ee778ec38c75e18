"""What the running server knows: its settings, the on-disk store, the documents in it, the
worker pool and the named queries."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

import pyoxigraph as ox

from dialoggraph.query.store import EmbeddedStore
from dialoggraph.rdf.prefixes import Prefixes

from .config import ServeConfig
from .pool import QueryPool


@dataclass
class ServerState:
    config: ServeConfig
    site_root: Path
    store: EmbeddedStore | None = None
    pool: QueryPool | None = None
    documents: dict[str, list[str]] = field(default_factory=dict)
    store_dir: Path | None = None
    temp_store: bool = False
    examples: list = field(default_factory=list)
    prefixes: Prefixes | None = None
    prologue: str = ""
    void: list[ox.Triple] = field(default_factory=list)  # the dataset's VoID/DCAT description: ``/``
    env: Any = None  # the Jinja2 environment of the server's pages (:mod:`.pages`)
    chrome: Any = None  # their head links, header and footer


def build_store(site_dir: Path, store_dir: Path) -> None:
    """Bulk-load the published graph into a fresh on-disk store at ``store_dir``."""
    if store_dir.exists():
        shutil.rmtree(store_dir)
    store_dir.mkdir(parents=True)
    loaded = EmbeddedStore.from_site(site_dir, store_dir)
    loaded.store.optimize()
    del loaded


def index_documents(store: EmbeddedStore, base_iri: str) -> dict[str, list[str]]:
    """Document path → the subject IRIs described there (one pass over the store)."""
    docs: dict[str, set[str]] = {}
    for quad in store.store.quads_for_pattern(None, None, None):
        s = quad.subject
        if isinstance(s, ox.NamedNode) and s.value.startswith(base_iri):
            path = s.value[len(base_iri):].split("#", 1)[0]
            docs.setdefault(path, set()).add(s.value)
    return {p: sorted(v) for p, v in docs.items()}


def read_void(site_dir: Path) -> list[ox.Triple]:
    """The dataset's VoID and DCAT description the build wrote (``void.ttl``), or nothing."""
    path = Path(site_dir) / "void.ttl"
    if not path.is_file():
        return []
    return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]

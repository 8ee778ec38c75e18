"""Where a publish goes and how it went: the store's endpoints and credentials, its limits, and
the result."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox

from dialoggraph.query.store import split_credentials

# Most triples in one update operation (an INSERT DATA chunk, the DELETE DATA of a difference).
# Measured on Virtuoso 7.2.5 (Debian's virtuoso-opensource-7), whose SPARQL compiler refuses an
# operation of more than 1426 triples, whatever the terms ("SP031 … length of generated SQL text
# has exceeded 10000 lines"; from ~5000 on "SP030 … memory exhausted"): 1000 keeps a third in
# reserve and a request near 170 KB. Oxigraph, Fuseki and GraphDB take far larger operations
# (--chunk-size); a Graph Store Protocol upload is one request of any size.
DEFAULT_CHUNK_TRIPLES = 1000

class PublishError(Exception):
    """Publishing stopped; ``str()`` says where and why (no credentials)."""


@dataclass
class Target:
    query_endpoint: str
    update_endpoint: str
    graph: str
    gsp_endpoint: str | None = None
    user: str | None = None
    password: str | None = None
    token: str | None = None
    auth_scheme: str = "basic"  # basic | digest
    timeout: float = 60.0
    connect_timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.5
    chunk_triples: int = DEFAULT_CHUNK_TRIPLES
    always_stage: bool = False  # stage and verify even when the target is empty

    def __post_init__(self) -> None:
        # Credentials written into a URL are taken out of it, so no message can show them.
        for attr in ("query_endpoint", "update_endpoint", "gsp_endpoint"):
            url = getattr(self, attr)
            if url:
                clean, user, password = split_credentials(url)
                setattr(self, attr, clean)
                if user and self.user is None:
                    self.user, self.password = user, password
        try:
            ox.NamedNode(self.graph)
        except ValueError as exc:
            raise PublishError(f"--graph {self.graph!r} is not an IRI: {exc}") from None

    @property
    def staging_graph(self) -> str:
        return "urn:dialoggraph:staging:" + hashlib.sha256(self.graph.encode()).hexdigest()[:32]


@dataclass
class PublishResult:
    graph: str
    triples: int
    seconds: float
    route: str  # "update" or "gsp": how triples were uploaded
    requests: int = 0
    notes: list[str] = field(default_factory=list)
    strategy: str = ""  # "direct", "unchanged", "delta" or "full" (see the module's docstring)
    steps: dict[str, float] = field(default_factory=dict)  # seconds per step


Reporter = Callable[[str], None]


# ----------------------------------------------------------------------------- what is sent

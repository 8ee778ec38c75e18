"""The server's settings: where the site is, and the documented limits of the endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dialoggraph.config import Settings


@dataclass(frozen=True)
class ServeConfig:
    """Everything the app needs; defaults are the documented limits of the endpoint."""

    site_dir: Path
    base_iri: str
    queries_dir: Path | None = None
    query_timeout: float = 10.0  # seconds a query may run before its worker is killed
    max_rows: int = 10_000  # rows (or triples) of a result; more are cut and flagged
    max_body: int = 256 * 1024  # bytes of a POST body (413 beyond)
    max_url: int = 32 * 1024  # bytes of a query string (414 beyond)
    max_concurrent: int = 64  # queries running or waiting for a worker (503 beyond)
    workers: int = 2  # query worker processes
    worker_memory_mb: int = 2048  # address-space cap of each worker (0 = none)
    store_dir: Path | None = None  # on-disk store to build; a temporary folder if None
    cors_origins: tuple[str, ...] = ("*",)
    #: the project's settings: the server's pages show the dataset's title and licence like the
    #: site's; without them (a bare config) they show the program's name
    settings: Settings | None = None

    @classmethod
    def from_settings(cls, settings: Settings, site_dir: Path | None = None, **overrides) -> "ServeConfig":
        """Defaults, then ``[tool.dialoggraph.serve]`` of pyproject.toml, then ``overrides``."""
        options = dict(settings.extra.get("serve", {}))
        options.update({k: v for k, v in overrides.items() if v is not None})
        known = set(cls.__dataclass_fields__) - {"site_dir", "base_iri", "queries_dir", "settings"}
        unknown = set(options) - known
        if unknown:
            raise ValueError(f"unknown serve setting(s): {', '.join(sorted(unknown))}")
        if "store_dir" in options and options["store_dir"] is not None:
            options["store_dir"] = Path(options["store_dir"])
        if "cors_origins" in options:
            options["cors_origins"] = tuple(options["cors_origins"])
        return cls(site_dir=Path(site_dir or settings.out_dir), base_iri=settings.base_iri,
                   queries_dir=settings.queries_dir, settings=settings, **options)

"""One settings object, read from ``[tool.dialoggraph]`` in the project's ``pyproject.toml``.

The base IRI is a single setting: data, shapes and ontology files are parsed against it (they
write ``@prefix dg: <> .``), and queries get it as ``BASE``/``PREFIX`` lines, so changing it
here moves the whole dataset.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from .profile import Profile, ProfileError, read_profile

#: host names reserved for examples and tests (RFC 2606, RFC 6761): an IRI there names nothing
#: anyone can dereference, so a dataset published under one cannot be linked to
RESERVED_DOMAINS = ("example.org", "example.com", "example.net", "example", "test", "invalid", "localhost")


class ConfigError(Exception):
    """The project folder or its settings cannot be used."""


@dataclass(frozen=True)
class DatasetMeta:
    iri: str
    title_de: str
    title_en: str
    description_de: str
    description_en: str
    license: str
    creator: str
    issued: str


@dataclass(frozen=True)
class Settings:
    project_dir: Path
    base_iri: str
    out_dir: Path
    #: folders of ontology and shape files: the project's own, and shared ones it names (the
    #: ontology and shapes of another project, e.g. this engine's repository, kept in step)
    ontology_dirs: tuple[Path, ...]
    data_dir: Path
    shapes_dirs: tuple[Path, ...]
    queries_dir: Path
    source_file: Path
    source_document: str
    dataset: DatasetMeta
    extra: dict = field(default_factory=dict)
    #: SHACL engine: "sparql" (shapes compiled to SPARQL, run by pyoxigraph), "pyshacl", or
    #: "auto": sparql, and pyshacl for shapes the compiler cannot translate (as with "sparql").
    validator: str = "auto"
    #: the presentation profile as written ([tool.dialoggraph.profile], checked when loaded)
    profile_table: dict = field(default_factory=dict)

    @cached_property
    def profile(self) -> Profile:
        """How the site presents this dataset (:mod:`.profile`), CURIEs resolved against this
        base IRI; the engine's defaults where the project says nothing."""
        return read_profile(self.profile_table, self.base_iri)

    @property
    def sparql_endpoint(self) -> str | None:
        """The live SPARQL endpoint the static site links (``sparql_endpoint`` in
        ``[tool.dialoggraph]``, an http(s) IRI); ``None``: the site links none (``dialoggraph
        serve`` answers at ``/sparql`` all the same)."""
        value = self.extra.get("sparql_endpoint")
        return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None

    @property
    def served_endpoint(self) -> str:
        """Where ``dialoggraph serve`` answers SPARQL: ``/sparql`` below the base IRI."""
        return self.base_iri + "sparql"

    @property
    def ontology_ns(self) -> str:
        """Namespace of the project's own ontology terms (``dgo:``)."""
        return self.base_iri + "ontology#"

    @property
    def shapes_ns(self) -> str:
        return self.base_iri + "shapes/"

    def absolute(self, relative_iri: str) -> str:
        return self.base_iri + relative_iri

    @property
    def source_document_iri(self) -> str:
        return self.absolute(self.source_document)

    @property
    def dataset_iri(self) -> str:
        return self.absolute(self.dataset.iri)

    def warnings(self) -> list[str]:
        """What is allowed but probably not meant: today, a base IRI in a reserved example domain."""
        host = (urlsplit(self.base_iri).hostname or "").rstrip(".").lower()
        if any(host == d or host.endswith("." + d) for d in RESERVED_DOMAINS):
            return [f"base_iri {self.base_iri} is in a domain reserved for examples ({host}): the "
                    "published IRIs, canonical links, sitemap and VoID name nothing anyone can "
                    "dereference. Set [tool.dialoggraph] base_iri in pyproject.toml to a domain you "
                    "control before you publish (README: 'Your own base IRI')."]
        return []


def load_settings(project_dir: Path | str = ".") -> Settings:
    """Read the settings of the project in ``project_dir`` (the folder holding pyproject.toml)."""
    project_dir = Path(project_dir).resolve()
    pyproject = project_dir / "pyproject.toml"
    if not pyproject.is_file():
        raise ConfigError(f"{pyproject}: not found — run dialoggraph in the project folder")
    try:
        with pyproject.open("rb") as fh:
            doc = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{pyproject}: {exc}") from exc
    section = doc.get("tool", {}).get("dialoggraph")
    if section is None:
        raise ConfigError(f"{pyproject}: no [tool.dialoggraph] section")
    try:
        base = section["base_iri"]
        if not (base.startswith("http://") or base.startswith("https://")) or not base.endswith("/"):
            raise ConfigError(f"{pyproject}: base_iri must be an http(s) IRI ending in '/': {base!r}")
        meta = section["dataset"]
        profile_table = section.get("profile", {})
        try:
            read_profile(profile_table, base)  # checked now: a wrong key stops every command at once
        except ProfileError as exc:
            raise ConfigError(f"{pyproject}: tool.dialoggraph.{exc}") from None
        return Settings(
            project_dir=project_dir,
            base_iri=base,
            out_dir=project_dir / section.get("out_dir", "site"),
            ontology_dirs=_folders(pyproject, project_dir, section, "ontology_dir", "ontology"),
            data_dir=project_dir / section.get("data_dir", "data"),
            shapes_dirs=_folders(pyproject, project_dir, section, "shapes_dir", "shapes"),
            queries_dir=project_dir / section.get("queries_dir", "queries"),
            source_file=project_dir / section["source_file"],
            source_document=section["source_document"],
            dataset=DatasetMeta(**meta),
            extra={k: v for k, v in section.items() if k not in _KNOWN},
            validator=_validator(pyproject, section.get("validator", "auto")),
            profile_table=profile_table,
        )
    except KeyError as exc:
        raise ConfigError(f"{pyproject}: [tool.dialoggraph] lacks the setting {exc}") from exc
    except TypeError as exc:
        raise ConfigError(f"{pyproject}: [tool.dialoggraph.dataset]: {exc}") from exc


def _folders(pyproject: Path, project_dir: Path, section: dict, key: str, default: str) -> tuple[Path, ...]:
    """A folder setting that may name several folders: ``"ontology"`` or ``["../engine/ontology",
    "ontology"]`` (relative to the project; read in this order)."""
    value = section.get(key, default)
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
        raise ConfigError(f"{pyproject}: {key} must be a folder or a list of folders: {value!r}")
    return tuple((project_dir / name).resolve() for name in names)


def _validator(pyproject: Path, value) -> str:
    if value not in ("auto", "pyshacl", "sparql"):
        raise ConfigError(f"{pyproject}: validator must be \"auto\", \"pyshacl\" or \"sparql\": {value!r}")
    return value


_KNOWN = {
    "base_iri", "out_dir", "ontology_dir", "data_dir", "shapes_dir", "queries_dir",
    "source_file", "source_document", "dataset", "validator", "profile",
}

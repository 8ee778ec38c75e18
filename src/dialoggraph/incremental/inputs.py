"""What a build's output depends on besides the data: the engine (this package's code, templates,
static files and term names, the libraries' versions, Python's) and the settings (with the
presentation profile). A change to either makes a clean build; the input files are hashed one
by one (:func:`current_inputs`) so that an edit can be traced to what it changes.
"""

from __future__ import annotations

import hashlib
import platform
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

from dialoggraph.config import Settings
from dialoggraph.pipeline.load import input_files

#: the libraries whose version can change what a build writes
LIBRARIES = ("pyoxigraph", "rdflib", "pyshacl", "jinja2", "markupsafe")

#: the cache's own format: a cache written in another is ignored
FORMAT = 2


@cache
def engine_fingerprint() -> str:
    """A hash of every file of the ``dialoggraph`` package (code, templates, static files, term
    names), the libraries' versions and Python's."""
    package = Path(__file__).resolve().parents[1]
    h = hashlib.sha256(f"format {FORMAT}\n{sys.version}\n{platform.machine()}\n".encode())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name} {version}\n".encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            h.update(str(path.relative_to(package)).encode() + b"\x00" + path.read_bytes() + b"\x00")
    return h.hexdigest()


def settings_fingerprint(settings: Settings) -> str:
    """A hash of the settings as read (folders, base IRI, metadata, the profile …)."""
    return hashlib.sha256(repr(settings).encode()).hexdigest()


def relative(settings: Settings, path: Path) -> str:
    """A file's name in the cache: relative to the project where it lies inside it."""
    try:
        return str(path.relative_to(settings.project_dir))
    except ValueError:
        return str(path)


def current_inputs(settings: Settings) -> dict[str, str]:
    """Every input file as it is now → SHA-256 of its bytes (the data, ontology and shape files
    the loader would read, and the source text)."""
    out = {}
    for path in [*input_files(settings), settings.source_file]:
        try:
            out[relative(settings, path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            out[relative(settings, path)] = "missing"
    return out

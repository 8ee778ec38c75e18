"""bench/generate.py: a seeded project generator for scale tests. The same size and seed give a
byte-identical project, of about the size asked for, that validates like curated data."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dialoggraph.build import prepare
from dialoggraph.config import load_settings

from .test_compiled_shacl_matches_pyshacl import _load_generator


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_10k_is_deterministic_sized_and_valid(tmp_path):
    generate = _load_generator().generate
    built = generate(10_000, 3, tmp_path / "a")
    generate(10_000, 3, tmp_path / "b")
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert 9_500 <= built <= 10_500
    generate(10_000, 4, tmp_path / "c")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")
    graphs = prepare(load_settings(tmp_path / "a"))  # raises unless every quote is placed and it conforms
    assert graphs.summary.triples == built
    assert graphs.report.results == []  # no warning either

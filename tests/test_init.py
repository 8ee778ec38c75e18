"""``dialoggraph init``: a new project for another documentation that builds at once, shares
(or copies) the ontology and shapes, and never overwrites anything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dialoggraph.cli import app
from dialoggraph.config import load_settings
from dialoggraph.scaffold import Heading, headings

from .conftest import PROJECT

runner = CliRunner()

PLAIN = """Protokoll des Werkstattgesprächs „Wasser in der Stadt“

12. März 2019, Rathaus Beispielstadt

Begrüßung

Die Bürgermeisterin eröffnete das Gespräch. Sie betonte, dass Regenwasser in der Stadt bleiben müsse.

Teil 1: Hitze und Starkregen

Die Teilnehmenden sprachen über Starkregen und Hitzeinseln.

- Grüne Dächer
- Entsiegelung

Teil 2: Beteiligung

Bürgerinnen und Bürger wünschten sich mehr Mitsprache (siehe Anhang).
"""

MARKDOWN = """# Tagungsbericht Quartiersarbeit

Einleitende Worte.

## Panel am Vormittag

Es wurde diskutiert.

### Fragen aus dem Publikum

Eine Frage.

## Workshops am Nachmittag

Drei Workshops.
"""


def init(tmp_path: Path, text: str, *args: str, name: str = "neu"):
    source = tmp_path / "quelle.txt"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / name
    result = runner.invoke(app, ["init", str(target), "--source", str(source), *args, "--project", str(PROJECT)])
    return result, target


def test_headings_of_a_plain_text_are_its_standalone_short_lines():
    found = [h.text for h in headings(PLAIN)]
    assert found == ["Protokoll des Werkstattgesprächs „Wasser in der Stadt“", "12. März 2019, Rathaus Beispielstadt",
                     "Begrüßung", "Teil 1: Hitze und Starkregen", "Teil 2: Beteiligung"]


def test_markdown_headings_keep_their_levels():
    assert [(h.text, h.level) for h in headings(MARKDOWN)] == [
        ("Tagungsbericht Quartiersarbeit", 1), ("Panel am Vormittag", 2), ("Fragen aus dem Publikum", 3),
        ("Workshops am Nachmittag", 2)]
    assert isinstance(headings(MARKDOWN)[0], Heading)


@pytest.mark.parametrize("text", [PLAIN, MARKDOWN])
def test_a_new_project_builds_and_passes_the_review_at_once(tmp_path: Path, text: str):
    result, target = init(tmp_path, text, "--base-iri", "https://daten.beispielstadt.de/wasser/")
    assert result.exit_code == 0, result.output
    built = runner.invoke(app, ["build", "--project", str(target)])
    assert built.exit_code == 0, built.output
    site = target / "site"
    assert (site / "dataset.nt").is_file()
    nt = (site / "dataset.nt").read_text(encoding="utf-8")
    assert "https://daten.beispielstadt.de/wasser/doc/" in nt and "nrw-dialog" not in nt
    assert nt.count("ontology#DocumentSection>") == len(headings(text))
    reviewed = runner.invoke(app, ["check", "--project", str(target)])
    assert reviewed.exit_code == 0, reviewed.output
    settings = load_settings(target)
    assert settings.profile.search.examples == ()  # a profile to fill, read and checked as written
    assert "[tool.dialoggraph.profile.timeline]" in (target / "pyproject.toml").read_text(encoding="utf-8")
    # the ontology and shapes are this project's own folders, by a relative path: kept in step
    assert settings.ontology_dirs[0] == (PROJECT / "ontology").resolve()
    assert settings.shapes_dirs[0] == (PROJECT / "shapes").resolve()


def test_a_data_file_per_top_level_section_to_fill(tmp_path: Path):
    _result, target = init(tmp_path, MARKDOWN)
    files = sorted(p.name for p in (target / "data").glob("*.ttl"))
    assert files == ["01-tagungsbericht-quartiersarbeit.ttl", "document.ttl"]  # one top-level heading
    _result, target = init(tmp_path, PLAIN, name="plain")
    assert len(list((target / "data").glob("0*.ttl"))) == 5
    assert (target / "data" / "source" / "quelle.txt").read_text(encoding="utf-8") == PLAIN


def test_a_copied_project_stands_alone_wherever_it_moves(tmp_path: Path):
    result, target = init(tmp_path, PLAIN, "--copy")
    assert result.exit_code == 0, result.output
    moved = tmp_path / "elsewhere" / "projekt"
    moved.parent.mkdir()
    shutil.move(str(target), moved)
    built = runner.invoke(app, ["build", "--project", str(moved)])
    assert built.exit_code == 0, built.output
    assert "ontology_dir = [\"ontology\"]" in (moved / "pyproject.toml").read_text(encoding="utf-8")
    assert (moved / "ontology" / "shared" / "dialoggraph.ttl").is_file()


def test_init_never_overwrites(tmp_path: Path):
    target = tmp_path / "neu"
    target.mkdir()
    (target / "notizen.txt").write_text("meins", encoding="utf-8")
    result, _target = init(tmp_path, PLAIN)
    assert result.exit_code == 2 and "not empty" in result.output
    assert [p.name for p in target.iterdir()] == ["notizen.txt"]


@pytest.mark.parametrize("args, message", [(["--base-iri", "ftp://x/"], "--base-iri"), ([], "cannot read")])
def test_bad_arguments_are_named(tmp_path: Path, args, message):
    if args:
        result, target = init(tmp_path, PLAIN, *args)
    else:
        result = runner.invoke(app, ["init", str(tmp_path / "x"), "--source", str(tmp_path / "fehlt.txt"),
                                     "--project", str(PROJECT)])
        target = tmp_path / "x"
    assert result.exit_code == 2 and message in result.output
    assert not target.exists() or not any(target.iterdir())

"""The presentation profile ([tool.dialoggraph.profile]): read and checked with the settings, the
engine's defaults where a project says nothing, and what it decides shows on the built pages."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dialoggraph.cli import app
from dialoggraph.config import ConfigError, load_settings
from dialoggraph.config.profile import DEFAULTS, ProfileError, read_profile

from .conftest import make_project

BASE = "https://data.example.org/x/"
S = "https://schema.org/"


def with_profile(root: Path, toml: str) -> Path:
    """A mini project whose pyproject.toml has only ``toml`` as its profile."""
    project = make_project(root)
    text = (project / "pyproject.toml").read_text(encoding="utf-8")
    text = text.split("\n# How the site presents this dataset")[0]
    (project / "pyproject.toml").write_text(text + "\n" + toml, encoding="utf-8")
    return project


def test_without_a_profile_the_defaults_hold_with_the_projects_own_namespace():
    profile = read_profile({}, BASE)
    assert profile.timeline.entry_class == BASE + "ontology#TimelineEntry"  # dgo: is the project's
    assert profile.timeline.window is None and profile.timeline.axis is None
    assert [e.page or e.cls for e in profile.home.entry_points] == [
        "read", "statements", "timeline", "themes", "network", "search", S + "Person"]
    assert [sec.kind for sec in profile.home.sections] == [
        "programme", "people", "list", "list", "timeline", "themes", "statements"]
    assert profile.home.sections[0].excluded == {BASE + "ontology#TimelineEntry"}
    assert profile.home.role_kind == BASE + "ontology#eventRole"
    assert profile.properties.order[0] == S + "name"
    assert profile.classes.is_technical("http://www.w3.org/ns/oa#Annotation")
    assert not profile.classes.is_technical(S + "Person")
    assert [k.key for k in profile.network.kinds] == ["person", "org", "law", "session"]
    assert profile.void.examples[2] == S + "Person"
    assert read_profile(None, BASE) == profile


def test_the_home_page_sections_are_checked():
    own = read_profile({"home": {"sections": [
        {"kind": "list", "title_de": "Arten", "title_en": "Species", "classes": ["schema:Taxon"], "limit": 5},
        {"kind": "statements", "title_de": "Aussagen", "title_en": "Statements"}]}}, BASE)
    assert [(sec.kind, sec.classes, sec.limit) for sec in own.home.sections] == [
        ("list", {S + "Taxon"}, 5), ("statements", frozenset(), 60)]
    for wrong, message in (({"kind": "gallery", "title_de": "x", "title_en": "x"}, "is none of"),
                           ({"kind": "people", "title_de": "x", "title_en": "x"}, "needs the classes"),
                           ({"kind": "list", "title_de": "x", "classes": ["schema:Thing"]}, "title_en: missing"),
                           ({"kind": "list", "title_de": "x", "title_en": "x", "classes": ["schema:Thing"],
                             "limit": 0}, "positive number")):
        with pytest.raises(ProfileError, match=message):
            read_profile({"home": {"sections": [wrong]}}, BASE)


def test_a_key_replaces_its_default_and_nothing_else():
    profile = read_profile({"timeline": {"window": [1950, 1960], "others": ["dgo:Meeting"]}}, BASE)
    assert profile.timeline.window == (1950, 1960)
    assert profile.timeline.others == (BASE + "ontology#Meeting",)
    assert profile.timeline.dates == read_profile({}, BASE).timeline.dates


def test_own_groups_and_kinds_bring_their_own_order_and_hubs():
    groups = [{"key": "talks", "label_de": "Vorträge", "label_en": "Talks", "classes": ["schema:Event"]},
              {"key": "rest", "label_de": "Weitere", "label_en": "Other"}]
    kinds = [{"key": "speaker", "label_de": "Vortragende", "label_en": "Speakers", "classes": ["schema:Person"]},
             {"key": "talk", "label_de": "Vorträge", "label_en": "Talks", "classes": ["schema:Event"]}]
    profile = read_profile({"themes": {"groups": groups}, "network": {"kinds": kinds}}, BASE)
    assert profile.themes.group_of({S + "Event"}) == "talks"
    assert profile.themes.group_of({S + "Person"}) == "rest"  # the group without classes takes the rest
    assert profile.network.hubs == {"speaker", "talk"}
    assert profile.network.kind_of({S + "Person", S + "Event"}) == "speaker"


def test_default_precedence_puts_timeline_entries_before_events():
    themes = read_profile({}, BASE).themes
    assert themes.group_of({S + "Event", BASE + "ontology#TimelineEntry"}) == "timeline"
    assert themes.group_of({S + "Event"}) == "sessions"
    network = read_profile({}, BASE).network
    assert network.kind_of({S + "Event", BASE + "ontology#TimelineEntry"}) is None


def test_the_profile_follows_the_base_iri(settings):
    moved = dataclasses.replace(settings, base_iri="https://elsewhere.example/d/")
    assert moved.profile.timeline.entry_class == "https://elsewhere.example/d/ontology#TimelineEntry"


@pytest.mark.parametrize("toml, message", [
    ("[tool.dialoggraph.profile]\ncolours = 1\n", "tool.dialoggraph.profile.colours: unknown key"),
    ("[tool.dialoggraph.profile.timeline]\nwindows = [1990, 2000]\n",
     "tool.dialoggraph.profile.timeline.windows: unknown key (known: axis, dates, entry_class, kinds, level_from, levels, others, window)"),
    ("[tool.dialoggraph.profile.timeline]\nentry_class = \"ex:Entry\"\n",
     "tool.dialoggraph.profile.timeline.entry_class: unknown prefix 'ex' in 'ex:Entry'"),
    ("[tool.dialoggraph.profile.search]\nbrowse = [\"schema:Person\", \"foo:Bar\"]\n",
     "tool.dialoggraph.profile.search.browse[1]: unknown prefix 'foo'"),
    ("[tool.dialoggraph.profile.timeline]\nentry_class = \"schema:\"\n",
     "tool.dialoggraph.profile.timeline.entry_class: 'schema:' names a namespace, not a term"),
    ("[tool.dialoggraph.profile.timeline]\nwindow = \"1990-2017\"\n",
     "tool.dialoggraph.profile.timeline.window: expected [from, to) as two years"),
    ("[tool.dialoggraph.profile.timeline]\naxis = [2016, 2000]\n",
     "tool.dialoggraph.profile.timeline.axis: expected [first, last] as two years in order"),
    ("[tool.dialoggraph.profile.search]\nexamples = \"Kurtenbach\"\n",
     "tool.dialoggraph.profile.search.examples: expected a list"),
    ("[tool.dialoggraph.profile.search]\nranks = [[\"schema:Person\"], [3]]\n",
     "tool.dialoggraph.profile.search.ranks[1][0]: expected a CURIE"),
    ("[tool.dialoggraph.profile]\nhome = [1]\n", "tool.dialoggraph.profile.home: expected a table"),
    ("[tool.dialoggraph.profile.home]\nentry_points = [{ page = \"blog\", title = \"B\", text_de = \"b\", text_en = \"b\" }]\n",
     "tool.dialoggraph.profile.home.entry_points[0].page: 'blog' is none of read, statements, timeline"),
    ("[tool.dialoggraph.profile.home]\nentry_points = [{ page = \"read\", title = \"Lesen\", text_de = \"x\" }]\n",
     "tool.dialoggraph.profile.home.entry_points[0].text_en: missing"),
    ("[tool.dialoggraph.profile.home]\nentry_points = [{ title = \"Lesen\", text_de = \"x\", text_en = \"x\" }]\n",
     "tool.dialoggraph.profile.home.entry_points[0]: needs either page"),
    ("[tool.dialoggraph.profile.themes]\nprecedence = [\"laws\", \"papers\"]\n",
     "tool.dialoggraph.profile.themes.precedence[1]: 'papers' is none of sessions, claims"),
    ("[tool.dialoggraph.profile.themes]\nlead_de = \"\"\n", "tool.dialoggraph.profile.themes.lead_de: expected a text"),
    ("[tool.dialoggraph.profile.network]\nkinds = [{ key = \"person\", label_de = \"P\", label_en = \"P\" }]\n",
     "tool.dialoggraph.profile.network.kinds: needs two kinds at least"),
    ("[tool.dialoggraph.profile.network]\nkinds = [{ key = \"a b\", label_de = \"P\", label_en = \"P\" },"
     " { key = \"c\", label_de = \"C\", label_en = \"C\" }]\n",
     "tool.dialoggraph.profile.network.kinds[0].key: 'a b' must be a new word"),
    ("[tool.dialoggraph.profile.void]\nexamples = [\"schema:Person\", 7]\n",
     "tool.dialoggraph.profile.void.examples[1]: expected a CURIE"),
])
def test_a_wrong_profile_is_a_config_error_naming_the_key(tmp_path, toml, message):
    project = with_profile(tmp_path / "p", toml)
    with pytest.raises(ConfigError) as caught:
        load_settings(project)
    assert message in str(caught.value)
    assert str(project / "pyproject.toml") in str(caught.value)


def test_the_command_stops_on_a_wrong_profile_before_it_builds(tmp_path):
    project = with_profile(tmp_path / "p", "[tool.dialoggraph.profile.timeline]\nentry_class = \"ex:Entry\"\n")
    result = CliRunner().invoke(app, ["build", "--project", str(project)])
    assert result.exit_code == 2
    assert "profile.timeline.entry_class" in result.output and "unknown prefix 'ex'" in result.output
    assert not (project / "site").exists()


def test_every_default_key_is_documented_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for section, keys in DEFAULTS.items():
        for key in [*keys, *({"window", "axis"} if section == "timeline" else ())]:
            assert f"`{section}.{key}`" in readme, f"{section}.{key}"


def test_the_project_ontology_renames_terms_and_inverse_readings(tmp_path):
    """Term names come from the engine's vocabulary-labels.ttl; the project's ontology overrides
    a property's name and its reading backwards."""
    project = with_profile(tmp_path / "p", "")
    (project / "ontology" / "names.ttl").write_text(
        "@prefix schema: <https://schema.org/> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "schema:affiliation rdfs:label \"Arbeitet bei\"@de, \"Works at\"@en .\n"
        "[] owl:inverseOf schema:affiliation ; rdfs:label \"Beschäftigte\"@de, \"Staff\"@en .\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["build", "--project", str(project)])
    assert result.exit_code == 0, result.output
    person = (project / "site/person/jan-beispiel.html").read_text(encoding="utf-8")
    org = (project / "site/org/beispiel-institut.html").read_text(encoding="utf-8")
    assert "Arbeitet bei" in person and "Works at" in person and "Zugehörigkeit" not in person
    assert "Beschäftigte" in org and "Staff" in org and "Zugehörige Personen und Rollen" not in org
    # terms the project does not rename keep the engine's names
    assert ">Person<" in person

"""Incremental builds write the same bytes as a clean build of the same state, rewrite only what
changed, and fall back to a clean build (saying why) when the cache cannot be trusted.

Each step edits a project, builds incrementally into the folder of the last build, builds the
same state clean into a folder of its own, and compares every file byte for byte. Files whose
bytes did not change keep their inode and modification time (they were not written); the
pages the edit concerns were rendered anew, and only a part of all pages was.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dialoggraph.build import BuildListener, build
from dialoggraph.config import load_settings
from dialoggraph.incremental import cache_folder

from .conftest import PROJECT

REPO = PROJECT


class Notes(BuildListener):
    def __init__(self):
        self.notes: list[str] = []

    def note(self, message: str) -> None:
        self.notes.append(message)

    def rendered(self) -> tuple[int, int]:
        """(pages rendered, pages) of an incremental build's note."""
        for note in self.notes:
            m = re.match(r"incremental: (\d+) of (\d+) pages", note)
            if m:
                return int(m.group(1)), int(m.group(2))
        raise AssertionError(f"no incremental build: {self.notes}")


def files_of(folder: Path) -> dict[str, os.stat_result]:
    out = {}
    for root, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(root) / name
            out[str(path.relative_to(folder))] = path.stat()
    return out


def folders_of(folder: Path) -> set[str]:
    return {str(Path(root).relative_to(folder)) for root, _dirs, _names in os.walk(folder)}


def assert_same_tree(built: Path, clean: Path) -> None:
    """The same files with the same bytes, and the same folders (none left empty by an edit)."""
    assert folders_of(built) == folders_of(clean), (f"only incremental: {sorted(folders_of(built) - folders_of(clean))}, "
                                                    f"only clean: {sorted(folders_of(clean) - folders_of(built))}")
    a, b = files_of(built), files_of(clean)
    assert sorted(a) == sorted(b), (f"only incremental: {sorted(set(a) - set(b))[:10]}, "
                                    f"only clean: {sorted(set(b) - set(a))[:10]}")
    different = [name for name in a if (built / name).read_bytes() != (clean / name).read_bytes()]
    assert not different, f"{len(different)} files differ from a clean build, e.g. {different[:10]}"


class Project:
    """A project, its incremental output and a clean build of every state to compare with."""

    def __init__(self, folder: Path, work: Path):
        self.folder = folder
        self.out = work / "site"
        self.clean = work / "clean"
        self.steps = 0

    def settings(self):
        return load_settings(self.folder)

    def build(self, **kwargs) -> Notes:
        kwargs.setdefault("record", True)  # a curator's builds (the first one in a folder would not record)
        notes = Notes()
        build(self.settings(), self.out, notes, **kwargs)
        return notes

    def step(self) -> tuple[Notes, dict[str, str]]:
        """Build incrementally, compare with a clean build; what happened to each file of the
        last build: ``kept`` (same inode and time), ``rewritten``, ``gone``."""
        before = files_of(self.out)
        notes = self.build()
        self.steps += 1
        clean = self.clean / str(self.steps)
        build(self.settings(), clean / "site", clean=True)
        assert_same_tree(self.out, clean / "site")
        after = files_of(self.out)
        fate = {}
        for name, st in before.items():
            if name not in after:
                fate[name] = "gone"
                continue
            now = after[name]
            same_bytes = (self.out / name).read_bytes() == (clean / "site" / name).read_bytes()
            kept = (now.st_ino, now.st_mtime_ns) == (st.st_ino, st.st_mtime_ns)
            fate[name] = "kept" if kept else "rewritten"
            assert same_bytes
        shutil.rmtree(clean)
        return notes, fate

    def edit(self, name: str, old: str, new: str, count: int = 1) -> None:
        path = self.folder / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= count, f"{name}: {old!r} not found"
        path.write_text(text.replace(old, new, count), encoding="utf-8")


def unchanged_files_kept(project: Project, before: dict[str, bytes], fate: dict[str, str]) -> None:
    """Every file whose bytes are the same as before the step was not written (inode and time
    kept); every file with other bytes was."""
    for name, data in before.items():
        if fate.get(name) == "gone":
            continue
        same = (project.out / name).read_bytes() == data
        assert (fate[name] == "kept") == same, f"{name}: {fate[name]} but bytes {'same' if same else 'changed'}"


def contents(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in files_of(folder)}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A generated 10k project (bench/generate.py), made once for the module."""
    folder = tmp_path_factory.mktemp("gen") / "project"
    subprocess.run([sys.executable, str(REPO / "bench" / "generate.py"), "--triples", "10000", "--seed", "1",
                    "--out", str(folder)], check=True, capture_output=True)
    return folder


@pytest.fixture
def gen(generated: Path, tmp_path: Path) -> Project:
    folder = tmp_path / "project"
    shutil.copytree(generated, folder)
    project = Project(folder, tmp_path)
    project.build()
    return project


def test_an_unchanged_project_is_up_to_date(gen: Project):
    before = files_of(gen.out)
    notes = gen.build()
    assert "up to date: nothing written" in notes.notes
    after = files_of(gen.out)
    assert {n: (s.st_ino, s.st_mtime_ns) for n, s in before.items()} == \
           {n: (s.st_ino, s.st_mtime_ns) for n, s in after.items()}


def test_a_label_change_rewrites_the_pages_that_show_it(gen: Project):
    before = contents(gen.out)
    people = (gen.folder / "data" / "agents.ttl").read_text(encoding="utf-8")
    m = re.search(r'\n<(person/[^#>]+)#id> .*?schema:name "([^"]+)"', people, re.S)
    page, name = m.group(1), m.group(2)
    gen.edit("data/agents.ttl", f'schema:name "{name}"', f'schema:name "{name} Zwei"')
    notes, fate = gen.step()
    rendered, total = notes.rendered()
    assert 0 < rendered < total / 4
    assert fate[f"{page}.html"] == "rewritten"
    assert f"{name} Zwei" in (gen.out / f"{page}.html").read_text(encoding="utf-8")
    unchanged_files_kept(gen, before, fate)
    assert sum(1 for f in fate.values() if f == "kept") > len(fate) / 2


NEW_PERSON = """@prefix schema: <https://schema.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix dgo: <ontology#> .

<person/neue-person#id> a schema:Person , foaf:Person ;
    schema:name "Neue Person" ;
    schema:givenName "Neue" ;
    schema:familyName "Person" ;
    schema:affiliation <org/stadt-ulm#id> ;
    dgo:anchorText "Dieses Dokument ist aus Wortlisten erzeugt" .
"""

WARNING_SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <https://schema.org/> .

<shapes/BirthDateShape> a sh:NodeShape ;
    sh:targetClass schema:Person ;
    sh:property [ sh:path schema:birthDate ; sh:minCount 1 ; sh:severity sh:Warning ;
                  sh:message "Empfohlen: ein Geburtsdatum / Recommended: a birth date" ] .
"""


def test_a_series_of_edits_gives_the_bytes_of_a_clean_build(gen: Project):
    """Edits of every kind, one after the other, each built incrementally on the last."""
    # a new entity (a file of its own) linking to an existing one
    before = contents(gen.out)
    (gen.folder / "data" / "neu.ttl").write_text(NEW_PERSON, encoding="utf-8")
    notes, fate = gen.step()
    rendered, total = notes.rendered()
    assert rendered < total / 4
    assert (gen.out / "person" / "neue-person.html").is_file()
    assert fate["org/stadt-ulm.html"] == "rewritten"  # it lists its new member
    unchanged_files_kept(gen, before, fate)

    # the file deleted again: its page goes, the pages that showed it change back
    before = contents(gen.out)
    (gen.folder / "data" / "neu.ttl").unlink()
    notes, fate = gen.step()
    assert fate["person/neue-person.html"] == "gone"
    assert notes.rendered()[0] < total / 4
    unchanged_files_kept(gen, before, fate)

    # the source text edited before every quote: every passage moves
    before = contents(gen.out)
    source = gen.settings().source_file
    text = source.read_text(encoding="utf-8")
    source.write_text("Vorwort in einer Zeile.\n\n" + text, encoding="utf-8")
    notes, fate = gen.step()
    assert fate["_site/read.html"] == "rewritten"
    unchanged_files_kept(gen, before, fate)

    # the source text edited after every quote: no passage moves (the last one's context after
    # it changes, and the pages that show that statement)
    before = contents(gen.out)
    source.write_text(source.read_text(encoding="utf-8") + "\nNachwort.\n", encoding="utf-8")
    notes, fate = gen.step()
    assert notes.rendered()[0] < total / 4
    unchanged_files_kept(gen, before, fate)

    # a shape added: the report gains warnings, no page shows the shapes
    before = contents(gen.out)
    (gen.folder / "shapes" / "extra.ttl").write_text(WARNING_SHAPE, encoding="utf-8")
    notes, fate = gen.step()
    assert notes.rendered()[0] == 0
    assert fate["_site/validation.html"] == "rewritten" and fate["shapes.ttl"] == "rewritten"
    unchanged_files_kept(gen, before, fate)

    # the settings changed: a clean build, said why
    before = contents(gen.out)
    gen.edit("pyproject.toml", "title_en = \"", "title_en = \"New: ")
    notes, fate = gen.step()
    assert any("settings or the profile changed" in n for n in notes.notes), notes.notes
    unchanged_files_kept(gen, before, fate)


def test_incremental_with_worker_processes(gen: Project, monkeypatch):
    """The same with the validator and the pages in processes of their own (as for big graphs):
    each worker records what its pages read."""
    monkeypatch.setenv("DIALOGGRAPH_WORKERS", "2")
    gen.build(clean=True)
    before = contents(gen.out)
    gen.edit("data/agents.ttl", 'schema:name "Stadt Ulm"@de', 'schema:name "Stadt Ulm an der Donau"@de')
    notes, fate = gen.step()
    assert 0 < notes.rendered()[0] < notes.rendered()[1] / 4
    assert fate["org/stadt-ulm.html"] == "rewritten"
    unchanged_files_kept(gen, before, fate)
    (gen.folder / "data" / "neu.ttl").write_text(NEW_PERSON, encoding="utf-8")
    gen.step()


def test_an_ontology_change_makes_a_clean_build(gen: Project):
    onto = gen.folder / "ontology" / "dialoggraph.ttl"
    text = onto.read_text(encoding="utf-8")
    m = re.search(r'rdfs:label "([^"]+)"@de', text)
    onto.write_text(text.replace(m.group(0), f'rdfs:label "{m.group(1)} (neu)"@de', 1), encoding="utf-8")
    before = contents(gen.out)
    notes, fate = gen.step()
    assert any("the ontology changed" in n for n in notes.notes), notes.notes
    unchanged_files_kept(gen, before, fate)  # even a clean build keeps the files that came out the same


@pytest.mark.parametrize("damage, reason", [
    (lambda c: (c / "manifest.json").write_text("{not json", encoding="utf-8"), "manifest is unreadable"),
    (lambda c: (c / "tables" / "index.bin").write_bytes(b"\x00garbage"), "tables/index.bin is damaged"),
    (lambda c: [f.write_bytes(b"\x00garbage") for f in (c / "tables").iterdir() if f.name != "index.bin"],
     "is damaged"),
    (lambda c: (c / "outputs.bin").write_bytes(b""), "outputs.bin is damaged"),
    (lambda c: next((c / "reads").iterdir()).write_bytes(b"\x01\x02"), "what pages read is damaged"),
    (lambda c: _manifest(c, format=99), "another format"),
    (lambda c: _manifest(c, engine="0" * 64), "the engine changed"),
    (lambda c: _manifest(c, output=[0, 0]), "not the one the cache describes"),
])
def test_a_damaged_or_foreign_cache_is_ignored(mini: Project, damage, reason):
    """Whatever is wrong with the cache, the build says so and builds clean (same bytes)."""
    damage(cache_folder(mini.out))
    mini.edit("data/mini.ttl", '"Jan Beispiel" ;', '"Jan B. Beispiel" ;')
    notes, _fate = mini.step()
    assert any(reason in n and "a clean build" in n for n in notes.notes), notes.notes
    notes = mini.build()  # a good cache again
    assert "up to date: nothing written" in notes.notes


def _manifest(folder: Path, **changes) -> None:
    import json
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def test_an_output_file_changed_by_hand_makes_a_clean_build(mini: Project):
    page = next((mini.out / "person").glob("*.html"))
    page.write_text("edited by hand", encoding="utf-8")
    notes, _fate = mini.step()  # nothing else changed: not up to date either
    assert any("changed since the last build" in n for n in notes.notes), notes.notes
    assert page.read_text(encoding="utf-8") != "edited by hand"


@pytest.fixture
def mini(mini_project: Path, tmp_path: Path) -> Project:
    project = Project(mini_project, tmp_path)
    project.build()
    return project


def test_a_small_project(mini: Project, mini_project: Path):
    """The tiny project: a label, a new entity, a file removed."""
    project = mini
    project.edit("data/mini.ttl", '"Jan Beispiel" ;', '"Jan B. Beispiel" ;')
    project.step()
    (mini_project / "data" / "more.ttl").write_text(
        '@prefix schema: <https://schema.org/> .\n@prefix dgo: <ontology#> .\n'
        '<place/kaarst#id> a schema:Place ; schema:name "Kaarst"@de , "Kaarst"@en ; dgo:anchorText "Kaarst" .\n',
        encoding="utf-8")
    project.step()
    (mini_project / "data" / "more.ttl").unlink()
    project.step()


@pytest.fixture
def ours(tmp_path: Path) -> Project:
    """A copy of this repository's project (our data), built once."""
    folder = tmp_path / "project"
    folder.mkdir()
    for name in ("ontology", "shapes", "queries", "data"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy(REPO / "pyproject.toml", folder / "pyproject.toml")
    project = Project(folder, tmp_path)
    project.build()
    return project


def test_a_label_change_in_our_data_rewrites_few_pages(ours: Project):
    """A person's name, edited in our data, renders only the pages that show the name — not
    the site. Our data has marked facts (data/provenance.ttl): a page that looks up a mark must
    still be traced by what it reads (a lookup keyed by a pyoxigraph term was not, and one
    edited name rendered 364 of 593 pages, 134 of which changed)."""
    before = contents(ours.out)
    ours.edit("data/session-2.ttl", 'schema:name "Anton Rütten"', 'schema:name "Anton Rütten-Zwei"')
    notes, fate = ours.step()
    rendered, total = notes.rendered()
    changed = [name for name, f in fate.items() if f == "rewritten" and name.endswith(".html")]
    # Precision: a page is rendered only when its bytes change (his 25 statements, the
    # events and themes that list him, the class and overview pages that name him).
    assert 0 < rendered <= len(changed) < total / 3, f"{rendered} of {total} pages rendered, {len(changed)} changed"
    assert "Anton Rütten-Zwei" in (ours.out / "person" / "anton-ruetten.html").read_text(encoding="utf-8")
    unchanged_files_kept(ours, before, fate)


def test_a_first_build_in_a_fresh_folder_does_not_record(mini: Project, tmp_path: Path):
    """Nothing to be incremental against (a clone, CI, publishing): the first build in a folder
    records no reads (a third of the pages' time); the next build renders every page and
    records, the one after is incremental. Every state has a clean build's bytes."""
    fresh = Project(mini.folder, tmp_path / "fresh")
    first = Notes()
    build(fresh.settings(), fresh.out, first)
    reads = cache_folder(fresh.out) / "reads"
    assert not any(reads.iterdir()) if reads.is_dir() else True
    fresh.edit("data/mini.ttl", '"Jan Beispiel" ;', '"Jan B. Beispiel" ;')
    second = Notes()
    build(fresh.settings(), fresh.out, second)  # default: the folder holds a build, so it records
    rendered, total = second.rendered()
    assert rendered == total
    assert "the last build did not record what its pages read: every page" in second.notes
    assert any(reads.iterdir())
    fresh.edit("data/mini.ttl", '"Jan B. Beispiel" ;', '"Jan C. Beispiel" ;')
    notes, _fate = fresh.step()  # the same bytes as a clean build
    assert not any("did not record" in n for n in notes.notes)


def test_the_command_line_records_when_asked(mini_project: Path, tmp_path: Path):
    """`build --record` in a fresh folder: the first edit after it is already incremental."""
    out = tmp_path / "site"
    run = [sys.executable, "-m", "dialoggraph", "build", "--project", str(mini_project), "--out", str(out)]
    env = {**os.environ, "DIALOGGRAPH_PROGRESS": "0"}
    subprocess.run([*run, "--record"], check=True, capture_output=True, env=env)
    path = mini_project / "data" / "mini.ttl"
    path.write_text(path.read_text(encoding="utf-8").replace('"Jan Beispiel" ;', '"Jan B. Beispiel" ;'),
                    encoding="utf-8")
    done = subprocess.run(run, check=True, capture_output=True, text=True, env=env)
    said = done.stdout + done.stderr
    assert "incremental:" in said and "did not record" not in said, said
    fresh = tmp_path / "fresh"  # without --record: the next build renders every page
    subprocess.run([*run[:-1], str(fresh)], check=True, capture_output=True, env=env)
    path.write_text(path.read_text(encoding="utf-8").replace('"Jan B. Beispiel" ;', '"Jan C. Beispiel" ;'),
                    encoding="utf-8")
    said = subprocess.run([*run[:-1], str(fresh)], check=True, capture_output=True, text=True, env=env)
    assert "did not record" in said.stdout + said.stderr


def _pieces_note(notes: Notes) -> tuple[int, int]:
    for note in notes.notes:
        m = re.search(r"the dumps patched \((\d+) of (\d+) pieces anew\)", note)
        if m:
            return int(m.group(1)), int(m.group(2))
    raise AssertionError(f"the dumps were not patched: {notes.notes}")


@pytest.mark.parametrize("workers", ["1", "2"])
def test_the_dumps_are_patched_piece_by_piece(generated: Path, tmp_path: Path, monkeypatch, workers):
    """The dumps of the data cut into small pieces: an edit rewrites the pieces it touched and
    copies the others from the last build's files — a changed label, a new subject that sorts
    before every other, a subject removed (the first of its piece), triples added to a
    subject — each the bytes of a clean build (``step`` compares every file)."""
    from dialoggraph.incremental import dumps
    monkeypatch.setattr(dumps, "PIECE", 40)
    monkeypatch.setenv("DIALOGGRAPH_WORKERS", workers)
    folder = tmp_path / "project"
    shutil.copytree(generated, folder)
    gen = Project(folder, tmp_path)
    gen.build()
    gen.edit("data/agents.ttl", 'schema:name "Stadt Ulm"@de', 'schema:name "Stadt Ulm an der Donau"@de')
    notes, _fate = gen.step()
    anew, pieces = _pieces_note(notes)
    assert pieces > 50 and 0 < anew <= 2

    (gen.folder / "data" / "aaa.ttl").write_text(
        NEW_PERSON.replace("person/neue-person", "aaa/erste").replace("Neue Person", "Erste Person"),
        encoding="utf-8")
    notes, _fate = gen.step()
    anew, _pieces = _pieces_note(notes)
    assert 0 < anew <= 3

    people = (gen.folder / "data" / "agents.ttl").read_text(encoding="utf-8")
    first = re.search(r"\n(<person/[^>]+>) a ", people).group(1)
    gen.edit("data/agents.ttl", f"\n{first} a ", f"\n{first} schema:description \"Neu beschrieben\"@de ;\n  a ")
    notes, _fate = gen.step()
    assert 0 < _pieces_note(notes)[0] <= 3

    (gen.folder / "data" / "aaa.ttl").unlink()
    notes, _fate = gen.step()
    assert 0 < _pieces_note(notes)[0] <= 3


def test_site_pages_that_read_nothing_changed_are_kept(gen: Project):
    """A site page whose recorded reads did not change keeps its files (not rendered); one that
    read what changed is rendered again — both the bytes of a clean build."""
    before = contents(gen.out)
    gen.edit("data/agents.ttl", 'schema:name "Stadt Ulm"@de', 'schema:name "Stadt Ulm an der Donau"@de')
    notes, fate = gen.step()
    kept = [n for n in notes.notes if "site pages kept:" in n]
    assert kept, notes.notes
    # the class lists that show the name are rendered again, the other classes' pages kept
    assert re.search(r"classes \(up to \d+ units\)", kept[0].split("site pages kept:")[1]), kept
    assert fate["_site/timeline.html"] == "kept"
    unchanged_files_kept(gen, before, fate)
    # the next edit: the pages kept last time are kept again, or rendered when they read the change
    gen.edit("data/agents.ttl", 'schema:name "Stadt Ulm an der Donau"@de', 'schema:name "Stadt Ulm"@de')
    notes, fate = gen.step()
    assert any("site pages kept:" in n for n in notes.notes), notes.notes


def test_type_changes_and_a_violation_that_comes_and_goes(gen: Project, monkeypatch):
    """An entity loses a type (class pages, the dumps' pieces and the kept site pages follow);
    a violation fails the build and leaves the last site and cache as they were; the fix is
    built incrementally on them — every state the bytes of a clean build."""
    from dialoggraph.build import BuildError

    monkeypatch.setenv("DIALOGGRAPH_WORKERS", "2")
    people = (gen.folder / "data" / "agents.ttl").read_text(encoding="utf-8")
    subject = re.search(r"\n(<person/[^>]+>) a schema:Person , foaf:Person ;", people).group(1)
    gen.edit("data/agents.ttl", f"{subject} a schema:Person , foaf:Person ;", f"{subject} a schema:Person ;")
    notes, _fate = gen.step()
    assert 0 < _pieces_note(notes)[0] <= 2

    name = re.search(re.escape(subject) + r' a schema:Person ;\n    schema:name "([^"]+)" ;',
                     (gen.folder / "data" / "agents.ttl").read_text(encoding="utf-8")).group(1)
    before = contents(gen.out)
    gen.edit("data/agents.ttl", f'    schema:name "{name}" ;\n', "")  # a person without a name: a violation
    with pytest.raises(BuildError):
        gen.build()
    assert contents(gen.out) == before
    gen.edit("data/agents.ttl", f"{subject} a schema:Person ;\n", f'{subject} a schema:Person , foaf:Person ;\n'
             f'    schema:name "{name}" ;\n')
    notes, fate = gen.step()
    assert 0 < _pieces_note(notes)[0] <= 2
    assert "kept" in fate.values()


def test_the_statement_filters_do_not_depend_on_string_hashes(tmp_path: Path):
    """The statements browser lists the most frequent speakers, events … of a page; ties at the
    cut are broken by IRI, not by a set's order (another in every process: an incremental build
    rendered it in another process than a clean one, and at 1M the bytes differed)."""
    code = ("import sys, dialoggraph.site.pages.statements as s; s.OPTION_LIMIT = 1\n"
            "from dialoggraph.build import build; from dialoggraph.config import load_settings\n"
            "build(load_settings(sys.argv[1]), sys.argv[2], clean=True)")
    pages = []
    for seed in ("1", "2", "3", "4"):
        out = tmp_path / seed
        subprocess.run([sys.executable, "-c", code, str(REPO), str(out)], check=True, capture_output=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append((out / "_site" / "statements.html").read_bytes())
    assert len(set(pages)) == 1


def _units(out: Path, page: str) -> dict[str, tuple]:
    """The units of a site page as the last build listed them: unit → (token digest, files, kept)."""
    import marshal
    return marshal.loads((cache_folder(out) / f"site-{page}.files").read_bytes())


def test_site_pages_are_rendered_unit_by_unit(generated: Path, tmp_path: Path, monkeypatch):
    """The class pages and the reading view are rendered unit by unit: a name edited renders the
    pages of classes and the parts of the text that show it, the others are kept; a name that
    moves its entity to another page of its class renders the pages whose members changed —
    every state the bytes of a clean build (small pages, so that there are many)."""
    import dialoggraph.site.pages.classes as classes
    import dialoggraph.site.pages.reading as reading
    monkeypatch.setattr(classes, "CLASS_PAGE_SIZE", 20)
    monkeypatch.setattr(reading, "PART_CHARS", 3000)
    monkeypatch.setenv("DIALOGGRAPH_WORKERS", "2")
    folder = tmp_path / "project"
    shutil.copytree(generated, folder)
    gen = Project(folder, tmp_path)
    gen.build()
    units = _units(gen.out, "classes")
    parts = _units(gen.out, "read")
    assert len(units) > 20 and len(parts) > 3

    gen.edit("data/agents.ttl", 'schema:name "Stadt Ulm"@de', 'schema:name "Stadt Ulm an der Donau"@de')
    notes, _fate = gen.step()
    assert any("classes (up to" in n for n in notes.notes), notes.notes
    units = _units(gen.out, "classes")
    rendered = [u for u, (_t, _f, kept) in units.items() if u and not kept]
    assert 0 < len(rendered) < len(units) / 4, rendered
    read = [u for u, (_t, _f, kept) in _units(gen.out, "read").items() if u and not kept]
    assert 0 < len(read) < len(parts) / 2, read  # the parts of the text that name it

    # first in its class now: the pages between its old and its new place get other members
    gen.edit("data/agents.ttl", 'schema:name "Stadt Ulm an der Donau"@de', 'schema:name "AAA Stadt Ulm"@de')
    notes, _fate = gen.step()
    moved = [u for u, (_t, _f, kept) in _units(gen.out, "classes").items() if u and not kept]
    assert len(moved) > len(rendered), (moved, rendered)


def recorded_reads(project: Project) -> int:
    """How many reads the cache keeps, over all pages."""
    from dialoggraph.incremental.cache import READS
    from dialoggraph.incremental.records import load_all

    return sum(len(f.numbers) for f in load_all(cache_folder(project.out) / READS))


def test_tables_read_nearly_whole_still_give_the_bytes_of_a_clean_build(gen: Project, monkeypatch):
    """With the threshold low enough that most site pages depend on whole tables (at 10k no page
    reaches the real one), the edits still give a clean build's bytes, and more pages are
    rewritten than key by key, never fewer."""
    from dialoggraph.incremental import reads

    gen.edit("data/agents.ttl", 'schema:name "Stadt Ulm"@de', 'schema:name "Stadt Ulm an der Iller"@de')
    _notes, keyed = gen.step()
    keyed_reads = recorded_reads(gen)
    monkeypatch.setattr(reads, "WHOLE_FROM", 5)
    gen.build(clean=True)
    gen.edit("data/agents.ttl", 'schema:name "Stadt Ulm an der Iller"@de', 'schema:name "Stadt Ulm"@de')
    before = contents(gen.out)
    _notes, whole = gen.step()
    unchanged_files_kept(gen, before, whole)
    rewritten = {name for name, fate in whole.items() if fate == "rewritten"}
    assert {name for name, fate in keyed.items() if fate == "rewritten"} <= rewritten
    assert recorded_reads(gen) < keyed_reads  # whole tables in place of their entries
    (gen.folder / "data" / "neu.ttl").write_text(NEW_PERSON, encoding="utf-8")
    gen.step()


def test_the_statements_browser_is_rendered_page_by_page(generated: Path, tmp_path: Path, monkeypatch):
    """Each page of the statements browser is a unit: an event renamed renders the pages that
    list its statements, the others are kept — the bytes of a clean build (small pages)."""
    import dialoggraph.site.pages.statements as statements
    import dialoggraph.site.statement_views as statement_views
    monkeypatch.setattr(statements, "PAGE_SIZE", 10)
    monkeypatch.setattr(statement_views, "PAGE_SIZE", 10)
    folder = tmp_path / "project"
    shutil.copytree(generated, folder)
    gen = Project(folder, tmp_path)
    gen.build()
    pages = _units(gen.out, "statements")
    assert len(pages) > 6, pages

    text = (folder / "data" / "forum-002.ttl").read_text(encoding="utf-8")
    name = re.search(r'schema:name "([^"]+)"', text).group(1)
    gen.edit("data/forum-002.ttl", f'schema:name "{name}"', f'schema:name "{name} (umbenannt)"')
    notes, fate = gen.step()
    rendered = sorted(u for u, (_t, _f, kept) in _units(gen.out, "statements").items() if u and not kept)
    assert 0 < len(rendered) < len(pages) / 2, rendered
    assert fate["_site/statements.html"] == "kept"  # the first page lists the first forum's


def test_the_last_builds_pages_are_staged_while_it_loads_and_moved_in_by_folder(gen: Project, monkeypatch):
    """The entity pages kept are linked ahead by a process of their own (incremental.staging)
    and moved into the new folder a folder at a time: the build's own process links none of
    them. A whole forum removed leaves no folder behind, and no staging folder is left."""
    from dialoggraph.incremental import outputs

    linked_here: list[str] = []
    real = outputs.link_files

    def spy(old, new, names, *args, **kwargs):
        linked_here.extend(names)
        return real(old, new, names, *args, **kwargs)

    monkeypatch.setattr(outputs, "link_files", spy)
    gen.edit("data/agents.ttl", 'schema:name "', 'schema:name "Neu ')
    notes, fate = gen.step()
    kept = [name for name, f in fate.items() if f == "kept" and "/" in name and not name.startswith("_")]
    assert len(kept) > 100
    assert not set(kept) & set(linked_here)
    (gen.folder / "data" / "forum-002.ttl").unlink()
    notes, fate = gen.step()
    assert any(f == "gone" for f in fate.values())
    assert not [p.name for p in gen.out.parent.iterdir() if ".staged-" in p.name]


def test_a_staging_that_fails_costs_only_its_time(gen: Project, monkeypatch):
    """A staging process that fails (a file of the last build gone, say) leaves the build to
    link its kept pages itself: the same bytes, nothing left behind."""
    import time

    from dialoggraph.incremental import staging

    monkeypatch.setattr(staging, "_stage", lambda old, folder, names: os._exit(1))
    gen.edit("data/agents.ttl", 'schema:name "', 'schema:name "Neu ')
    notes, fate = gen.step()
    assert sum(1 for f in fate.values() if f == "kept") > len(fate) / 2
    deadline = time.monotonic() + 30  # the staged folder goes in a process of its own
    while [p for p in gen.out.parent.iterdir() if ".staged-" in p.name] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p.name for p in gen.out.parent.iterdir() if ".staged-" in p.name]


def test_staged_folders_merge_into_folders_the_build_made(tmp_path: Path):
    """A staged folder whose name the build made already is merged file by file; a name the build
    wrote keeps the build's bytes and is not counted as placed."""
    from dialoggraph.incremental.staging import _move, _prune

    source, target = tmp_path / "staged" / "person", tmp_path / "new" / "person"
    (source / "a").mkdir(parents=True)
    (source / "a" / "x.html").write_text("alt")
    (source / "y.html").write_text("alt")
    (source / "leer" / "tief").mkdir(parents=True)
    (source / "leer" / "tief" / "z.html").write_text("weg")
    (source / "leer" / "tief" / "z.html").unlink()
    _prune(tmp_path / "staged", ["person/leer/tief/z.html"])
    assert not (source / "leer").exists()
    target.mkdir(parents=True)
    (target / "y.html").write_text("neu")
    assert _move(str(source), str(target)) == ["y.html"]
    assert (target / "a" / "x.html").read_text() == "alt"
    assert (target / "y.html").read_text() == "neu"


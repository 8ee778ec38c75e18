"""The built site of the real project: every entity has its page, every page parses, carries
its JSON-LD, alternates, canonical link and breadcrumbs; the site pages exist."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from dialoggraph.rdf.paths import description_files, document_path, is_publishable, page_file
from dialoggraph.site.ids import reading_id
from tests.dgkit import built_site
from tests.render_support import heading_problems, read_page

SITE_PAGES = ["index.html", "_site/read.html", "_site/timeline.html", "_site/themes.html",
              "_site/network.html", "_site/search.html", "_site/classes/index.html",
              "_site/validation.html", "ontology.html", "sitemap.xml", "robots.txt", ".htaccess",
              "_static/style.css", "_static/search.js", "_static/search-index.js",
              "_static/search-index.json", "_static/server/nginx.conf", "_static/server/htaccess",
              ".well-known/void"]


@pytest.fixture(scope="module")
def site(settings) -> Path:
    return built_site(settings)


@pytest.fixture(scope="module")
def document_paths(graphs, settings) -> set[str]:
    out = set()
    for t in list(graphs.data) + list(graphs.void):
        if isinstance(t.subject, ox.NamedNode):
            dp = document_path(t.subject.value, settings.base_iri)
            if dp is not None and is_publishable(dp):
                out.add(dp)
    return out


@pytest.fixture(scope="module")
def pages(site):
    return {p.relative_to(site).as_posix(): read_page(p) for p in sorted(site.rglob("*.html"))}


def test_site_pages_exist(site):
    missing = [p for p in SITE_PAGES if not (site / p).is_file()]
    assert not missing


def test_every_entity_has_its_page_and_descriptions(site, document_paths, settings):
    assert len(document_paths) > 50
    missing = []
    for dp in document_paths:
        for media, name in description_files(dp).items():
            if not (site / name).is_file():
                missing.append(name)
    assert not missing, missing[:20]


def test_every_page_parses(pages):
    bad = {name: p.errors for name, p in pages.items() if p.errors}
    assert not bad, dict(list(bad.items())[:5])


def test_lang_and_heading_order(pages):
    assert all(p.lang == "de" for p in pages.values())
    bad = {name: heading_problems(p.headings) for name, p in pages.items() if heading_problems(p.headings)}
    assert not bad, dict(list(bad.items())[:5])


def test_entity_pages_head(pages, document_paths, settings):
    base = settings.base_iri
    for dp in sorted(document_paths):
        name = page_file(dp)
        page = pages[name]
        head = {(t, a.get("rel"), a.get("type")): a for t, a in page.tags if t == "link"}
        assert head[("link", "canonical", None)]["href"] == base + dp, name
        assert ("link", "alternate", "application/n-triples") not in head, name
        for media in ("text/turtle", "application/ld+json"):
            href = head[("link", "alternate", media)]["href"]
            assert (pages[name].path.parent / href).resolve() == (page.path.parent /
                    Path(description_files(dp)[media]).name).resolve(), name
        docs = page.jsonld
        assert len(docs) == 1, name
        doc = docs[0]
        assert doc["@id"].startswith(base + dp), name
        assert doc["url"] == base + dp
        assert doc["@context"] == "https://schema.org"
        crumbs = [a for t, a in page.tags if t == "nav" and "Brotkrumen" in a.get("aria-label", "")]
        assert crumbs, name


def test_jsonld_expands_with_a_local_schema_context(pages, settings):
    from pyld import jsonld

    def loader(url, options=None):
        assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
        return {"contentType": "application/ld+json", "contextUrl": None, "documentUrl": url,
                "document": {"@context": {"@vocab": "https://schema.org/"}}}

    page = pages["person/jan-ueblacker.html"]
    expanded = jsonld.expand(page.jsonld[0], {"documentLoader": loader})
    assert expanded[0]["@id"] == settings.base_iri + "person/jan-ueblacker#id"
    assert "https://schema.org/Person" in expanded[0]["@type"]
    assert expanded[0]["https://schema.org/name"][0]["@value"] == "Jan Üblacker"


def test_description_files_parse_and_hold_the_page(site, settings):
    base = settings.base_iri
    iri = base + "person/jan-ueblacker#id"
    for name, fmt in (("person/jan-ueblacker.ttl", ox.RdfFormat.TURTLE),
                      ("person/jan-ueblacker.jsonld", ox.RdfFormat.JSON_LD)):
        triples = list(ox.parse(path=str(site / name), format=fmt))
        subjects = {t.subject.value for t in triples}
        assert iri in subjects, name
        names = [t.object.value for t in triples if t.subject.value == iri
                 and t.predicate.value == "https://schema.org/name"]
        assert names == ["Jan Üblacker"], name
    assert not (site / "person/jan-ueblacker.nt").exists()
    assert [p.name for p in site.rglob("*.nt")] == ["dataset.nt"]  # no N-Triples file per page


def test_ontology_jsonld_parses_offline_to_the_ontology(site):
    """The ontology's JSON-LD comes from the one JSON-LD writer with its context inline: it parses
    without fetching anything, to the same triples as its Turtle."""
    from_jsonld = set(ox.parse(path=str(site / "ontology.jsonld"), format=ox.RdfFormat.JSON_LD))
    from_turtle = set(ox.parse(path=str(site / "ontology.ttl"), format=ox.RdfFormat.TURTLE))
    assert from_jsonld and from_jsonld == from_turtle


def test_person_page_content(pages, site):
    html = (site / "person/jan-ueblacker.html").read_text(encoding="utf-8")
    assert "<h1>Jan Üblacker</h1>" in html
    assert "Zugehörigkeit" in html and "FGW Integrierende Stadtentwicklung" in html
    assert 'id="belege"' in html and "<mark>" in html
    assert "_site/read.html#anno-" in html
    assert "Verweise hierher" in html


def test_reading_view_has_every_anchor(pages, graphs, settings):
    page = pages["_site/read.html"]
    annos = {t.subject.value for t in graphs.data
             if t.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
             and t.object.value == "http://www.w3.org/ns/oa#Annotation"}
    ids = set(page.ids)
    missing = [a for a in annos if reading_id(a, settings.base_iri) not in ids]
    assert not missing, missing[:5]
    assert len({reading_id(a, settings.base_iri) for a in annos}) == len(annos)


def test_annotations_are_fragments_of_their_entity(graphs, settings, document_paths, site):
    """An entity's annotations live in its own document: no page per annotation."""
    base = settings.base_iri
    annos = sorted(t.subject.value for t in graphs.data
                   if t.predicate.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
                   and t.object.value == "http://www.w3.org/ns/oa#Annotation")
    assert annos
    body = {t.subject.value: t.object.value for t in graphs.data
            if t.predicate.value == "http://www.w3.org/ns/oa#hasBody"}
    own = [a for a in annos if body[a].startswith(base) and body[a].endswith("#id")]
    apart = [a for a in annos if a not in own]  # e.g. a concept scheme's …/format/#scheme
    assert len(own) > len(apart)
    for a in own:
        assert re.fullmatch(re.escape(body[a][:-3]) + r"#anno-[0-9]+", a), a
    for a in apart:
        assert re.fullmatch(re.escape(base) + r"anno/[a-z0-9-]+-[0-9]+#id", a), a
    assert len([dp for dp in document_paths if dp.startswith("anno/")]) == len(apart)
    html = (site / "person/jan-ueblacker.html").read_text(encoding="utf-8")
    assert 'id="anno-1"' in html and 'id="anno-1-quote"' in html
    assert "_site/read.html#anno-person-jan-ueblacker-1" in html


def test_timeline_in_order(site):
    html = (site / "_site/timeline.html").read_text(encoding="utf-8")
    import re
    years = [int(y) for y in re.findall(r'<time class="when" datetime="(\d{4})', html)]
    assert years == sorted(years)
    assert len(years) >= 5
    assert html.count('<a class="tl-mark" href="#e-') == len(years)  # each entry on the axis


def test_search_index(site):
    entries = json.loads((site / "_static/search-index.json").read_text(encoding="utf-8"))
    labels = {e["l"]: e for e in entries}
    assert "Jan Üblacker" in labels
    assert (site / labels["Jan Üblacker"]["u"]).is_file()
    alts = [e for e in entries if e.get("a")]
    assert alts and all(e["l"] not in e["a"] for e in alts)
    assert any("Nordrhein-Westfalen" in e["a"] or "North Rhine-Westphalia" in e["a"] for e in alts)


def test_sitemap_and_robots(site, settings, document_paths):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert settings.base_iri + "person/jan-ueblacker</loc>" in sitemap
    assert sitemap.count("<loc>") >= len(document_paths)
    assert f"Sitemap: {settings.base_iri}sitemap.xml" in (site / "robots.txt").read_text()


def test_no_request_leaves_the_site(pages):
    """Scripts, styles, images and fonts are local; only plain links may point outside."""
    for name, page in pages.items():
        for tag, a in page.tags:
            if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
                assert not a["src"].startswith(("http:", "https:", "//")), (name, a)
            if tag == "link" and a.get("rel") in ("stylesheet", "icon", "preload", "modulepreload"):
                assert not a["href"].startswith(("http:", "https:", "//")), (name, a)
    css = (Path(pages["index.html"].path).parent / "_static/style.css").read_text()
    assert "url(" not in css and "@import" not in css


def test_build_is_deterministic(site, settings, tmp_path):
    """A second build in a fresh process, with another hash seed and the pages rendered by two
    worker processes, writes the same bytes."""
    env = {**os.environ, "PYTHONHASHSEED": "12345", "DIALOGGRAPH_PROGRESS": "0", "DIALOGGRAPH_WORKERS": "2"}
    code = ("import sys; from dialoggraph.config import load_settings; from dialoggraph.build import build; "
            f"build(load_settings({str(settings.project_dir)!r}), sys.argv[1])")
    subprocess.run([sys.executable, "-c", code, str(tmp_path / "again")], check=True, env=env)
    first = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "again").as_posix(): p.read_bytes()
              for p in (tmp_path / "again").rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    differ = [k for k in first if first[k] != second[k]]
    assert not differ, differ[:10]


def test_a_failing_page_fails_the_build_and_stops_the_workers(settings, tmp_path, monkeypatch):
    """Rendering in two worker processes: an error in one page ends the build with that error,
    leaves no worker behind and no output folder."""
    import multiprocessing

    import dialoggraph.site.site as render
    from dialoggraph.build import build

    monkeypatch.setenv("DIALOGGRAPH_WORKERS", "2")
    monkeypatch.setenv("DIALOGGRAPH_PROGRESS", "0")
    original = render.Site.write_entity

    def failing(self, dp):
        if dp.startswith("person/"):
            raise RuntimeError(f"cannot render {dp}")
        return original(self, dp)

    monkeypatch.setattr(render.Site, "write_entity", failing)
    with pytest.raises(RuntimeError, match="cannot render person/"):
        build(settings, tmp_path / "site")
    assert not (tmp_path / "site").exists()
    assert not multiprocessing.active_children()

"""The second dataset (examples/stadtbaeume-ulmenstedt): a different documentation builds,
validates, renders and serves through the same engine with the real command line; none of this
repository's dataset's words or IRIs reach its output, and its presentation profile decides what
the profile says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from dialoggraph.config import load_settings
from dialoggraph.server.app import ServeConfig, create_app

from .dgkit import ServerThread
from .render_support import read_page

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "stadtbaeume-ulmenstedt"
BASE = "https://daten.example.net/stadtbaeume-ulmenstedt/"

#: words and IRIs of the repository's own dataset (the NRW documentation), in lower case
FOREIGN = ["kaarst", "rütten", "ruetten", "nrw", "integration und transformation", "dialogforum", "kurtenbach",
           "üblacker", "ueblacker", "integrationspolitik", "zuwanderung", "data.example.org", "track-doku-2016"]


def dialoggraph(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DIALOGGRAPH_PROGRESS": "0"}
    return subprocess.run([sys.executable, "-m", "dialoggraph", *args], capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    done = dialoggraph("build", "--project", str(EXAMPLE), "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_the_example_validates_with_the_shared_shapes():
    done = dialoggraph("validate", "--project", str(EXAMPLE))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 violation(s)" in done.stdout


def test_no_word_or_iri_of_the_other_dataset_reaches_the_output(site):
    files = [p for p in site.rglob("*") if p.is_file()]
    assert len(files) > 100
    found = {}
    for path in files:
        text = path.read_bytes().decode("utf-8").lower()
        hits = [word for word in FOREIGN if word in text]
        if hits:
            found[str(path.relative_to(site))] = hits
    assert not found, found


def test_its_pages_are_well_formed_and_link_within_the_site(site):
    for name in ("index.html", "_site/timeline.html", "_site/themes.html", "_site/network.html",
                 "art/bergulme.html", "aussage/vorschlag-2.html", "_site/classes/index.html"):
        page = read_page(site / name)
        assert not page.errors, (name, page.errors)
        for attr, href in page.links:
            if href.startswith(("http:", "https:", "#", "mailto:")):
                continue
            target = (site / name).parent / href.split("#")[0].split("?")[0]  # a query is for scripts
            assert target.exists(), (name, href)


def test_its_profile_decides_timeline_home_search_themes_network_and_void(site):
    timeline = (site / "_site/timeline.html").read_text(encoding="utf-8")
    assert 'aria-label="Zeitachse 1955–1990"' in timeline  # timeline.axis
    axis = timeline.split('<ol class="tl-axis', 1)[1].split("</ol>", 1)[0]
    assert "Baumschutzsatzung der Stadt Ulmenstedt" in axis and "Baumkataster 1984" in axis  # timeline.others
    home = (site / "index.html").read_text(encoding="utf-8")
    cards = home.split('<ul class="cards">', 1)[1].split("</ul>", 1)[0]
    assert cards.index("<strong>Chronik</strong>") < cards.index('href="_site/classes/schema-Taxon.html"><strong>Baumarten')
    classes = read_page(site / "_site/classes/index.html")
    first_class = next(href for attr, href in classes.links if href.endswith(".html") and "classes" not in href
                       and not href.startswith(("../", "http")))
    assert first_class == "schema-Taxon.html"  # classes.order
    search = (site / "_site/search.html").read_text(encoding="utf-8")
    assert 'placeholder="z. B. Winterlinde, Baumschutzsatzung, Kastanek"' in search
    themes = (site / "_site/themes.html").read_text(encoding="utf-8")
    assert 'class="bucket bucket-sessions"' in themes and "Programmpunkte" in themes  # themes.groups
    toc = themes.split('<nav class="theme-toc"', 1)[1].split("</nav>", 1)[0]
    assert "Vielfalt der Baumarten" in toc  # the scheme under thema/ is the themes' (themes.schemes)
    network = (site / "_site/network.html").read_text(encoding="utf-8")
    assert "Vereine und Ämter" in network and "kind-law" not in network
    # its kinds named in the lead and coloured by their place in its profile, whatever their keys
    assert "(Personen · Vereine und Ämter · Programmpunkte)" in network
    assert 'class="node kind-session hue-2"' in network and 'class="swatch kind-session hue-2"' in network
    void = {(t.predicate.value, t.object.value) for t in ox.parse(path=str(site / "void.ttl"), format=ox.RdfFormat.TURTLE)}
    assert ("http://rdfs.org/ns/void#exampleResource", BASE + "art/bergulme#id") in void
    # its own ontology names a schema.org class the engine does not name
    species = (site / "art/bergulme.html").read_text(encoding="utf-8")
    assert ">Baumart<" in species and "Wych elm" in species


def test_the_example_is_served_with_content_negotiation_and_sparql(site):
    settings = load_settings(EXAMPLE)
    config = ServeConfig.from_settings(settings, site, workers=1, query_timeout=10)
    with ServerThread(create_app(config)) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        page = client.get("/art/winterlinde", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "Winterlinde" in page.text
        turtle = client.get("/art/winterlinde", headers={"Accept": "text/turtle"})
        assert turtle.status_code == 200
        triples = list(ox.parse(turtle.content, format=ox.RdfFormat.TURTLE, base_iri=BASE))
        assert any(t.subject.value == BASE + "art/winterlinde#id" for t in triples)
        answer = client.get("/sparql", params={"query": "SELECT (COUNT(?c) AS ?n) WHERE { ?c a <https://schema.org/Claim> }"},
                            headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200
        assert answer.json()["results"]["bindings"][0]["n"]["value"] == "7"

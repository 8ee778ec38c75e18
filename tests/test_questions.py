"""The static bundle stands alone (#16 item 6): no link to a route only ``dialoggraph serve`` has;
the named queries answered at build time as a page and as CSV and JSON files; a live endpoint
linked only when the settings name one."""

from __future__ import annotations

import csv
import io
import json
import re

from dialoggraph.build import build
from dialoggraph.config import load_settings
from dialoggraph.query.library import load_library
from dialoggraph.query.store import EmbeddedStore
from tests.conftest import make_project


def test_no_page_links_the_servers_own_endpoint(site_dir, settings):
    served = settings.served_endpoint
    dead = []
    for page in site_dir.rglob("*.html"):
        for href in re.findall(r'href="([^"]*)"', page.read_text(encoding="utf-8")):
            if href == served or href.rstrip("/").endswith("/sparql") or href.startswith("/"):
                dead.append((str(page.relative_to(site_dir)), href))
    assert not dead, dead[:10]
    assert settings.sparql_endpoint is None
    dataset = (site_dir / "dataset/2016.html").read_text(encoding="utf-8")
    assert f'<code class="iri">{served}</code>' in dataset  # VoID still names where serve answers


def test_every_named_query_is_answered_on_the_page_and_in_files(site_dir, settings, graphs):
    library = load_library(settings.queries_dir)
    assert len(library) > 30
    html = (site_dir / "_site/questions.html").read_text(encoding="utf-8")
    store = EmbeddedStore.from_triples(graphs.data)
    for name, q in library.items():
        assert f'id="q-{name}"' in html and f"queries/{name}.rq" in html
        result = q.run(store, settings.base_iri)
        if result.form != "SELECT":
            continue
        doc = json.loads((site_dir / f"_site/questions/{name}.json").read_text(encoding="utf-8"))
        assert doc["head"]["vars"] == result.variables
        assert len(doc["results"]["bindings"]) == len(result.rows), name
        rows = list(csv.reader(io.StringIO((site_dir / f"_site/questions/{name}.csv").read_text(encoding="utf-8"))))
        assert rows[0] == result.variables and len(rows) - 1 == len(result.rows), name
        if all(r[0] is None or not str(r[0]).startswith("_:") for r in result.rows):  # blank nodes: any label
            want = sorted(str(r[0].value) if r[0] is not None else "" for r in result.rows)
            assert sorted(r[0] for r in rows[1:]) == want, name
    # a question with its answer in the table: the timeline's eight entries
    section = html.split('id="q-timeline"', 1)[1].split("</section>", 1)[0]
    assert "8 Zeilen" in section and section.count("<tr>") == 9
    assert "Reform des Staatsangehörigkeitsrechts" in section


def test_a_configured_endpoint_is_linked_and_named_in_void(tmp_path):
    project = make_project(tmp_path / "p")
    text = (project / "pyproject.toml").read_text(encoding="utf-8")
    endpoint = "https://query.example.net/nrw/sparql"
    text = text.replace("[tool.dialoggraph]\n", f'[tool.dialoggraph]\nsparql_endpoint = "{endpoint}"\n', 1)
    (project / "pyproject.toml").write_text(text, encoding="utf-8")
    settings = load_settings(project)
    assert settings.sparql_endpoint == endpoint
    site = tmp_path / "site"
    build(settings, site)
    assert f'href="{endpoint}"' in (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{endpoint}"' in (site / "_site/questions.html").read_text(encoding="utf-8")
    assert f"<{endpoint}>" in (site / "void.ttl").read_text(encoding="utf-8")

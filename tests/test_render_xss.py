"""Bad input stays text: hostile labels, literals and IRIs never become markup, scripts or links.

A small fixture project (the repository's ontology and shapes, a tiny data file and source text)
is built; every page of its site is then read with a strict HTML reader."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.render_support import build_hostile_site, read_page

PROJECT = Path(__file__).resolve().parents[1]
BAD_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript)\s*:", re.I)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    return build_hostile_site(PROJECT, tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def hostile_pages(hostile_site):
    return {p.relative_to(hostile_site).as_posix(): read_page(p) for p in sorted(hostile_site.rglob("*.html"))}


def test_every_page_parses(hostile_pages):
    assert "person/eve.html" in hostile_pages and "org/acme.html" in hostile_pages
    bad = {n: p.errors for n, p in hostile_pages.items() if p.errors}
    assert not bad, bad


def test_no_injected_elements_or_handlers(hostile_pages):
    for name, page in hostile_pages.items():
        for tag, attrs in page.tags:
            assert tag not in ("img", "iframe", "object", "embed"), (name, tag, attrs)
            handlers = [a for a in attrs if a.lower().startswith("on")]
            assert not handlers, (name, tag, attrs)
            if tag == "script":
                src = attrs.get("src")
                assert (src and "_static/" in src and not BAD_SCHEMES.match(src)) or \
                    attrs.get("type") == "application/ld+json", (name, attrs)


def test_no_links_with_dangerous_schemes(hostile_pages, hostile_site):
    for name, page in hostile_pages.items():
        for attr, value in page.links:
            assert not BAD_SCHEMES.match(value), (name, attr, value)
    for p in hostile_site.rglob("*.html"):
        raw = p.read_text(encoding="utf-8")
        assert not re.search(r"""(href|src|action|xlink:href)\s*=\s*["']?\s*(javascript|data|vbscript):""",
                             raw, re.I), p


def test_hostile_iris_are_shown_as_text(hostile_site):
    html = (hostile_site / "person/eve.html").read_text(encoding="utf-8")
    assert "<code class=\"iri\">javascript:alert(&#39;same&#39;)</code>" in html
    assert "<code class=\"iri\">vbscript:msgbox(&#39;vb&#39;)</code>" in html
    assert "<code class=\"iri\">JavaScript:alert(&#39;case&#39;)</code>" in html
    assert "data:text/html;base64," in html


def test_labels_are_escaped_everywhere(hostile_site):
    for p in hostile_site.rglob("*.html"):
        raw = p.read_text(encoding="utf-8")
        assert "<script>alert(" not in raw, p
        assert "</script><script>" not in raw, p
        assert "<img src=x" not in raw and "<svg onload" not in raw, p
    html = (hostile_site / "person/eve.html").read_text(encoding="utf-8")
    assert "Eve &lt;/script&gt;&lt;script&gt;alert(&#39;eve&#39;)&lt;/script&gt;" in html
    assert "&lt;b&gt;fett&lt;/b&gt; &amp; &lt;i&gt;kursiv&lt;/i&gt;" in html


def test_jsonld_survives_a_closing_script_tag(hostile_pages):
    page = hostile_pages["person/eve.html"]
    (doc,) = page.jsonld  # exactly one block: the label did not end the script early
    assert doc["name"] == "Eve </script><script>alert('eve')</script>"
    assert "</SCRIPT >" in doc["description"]["@value"]
    assert doc["sameAs"] == {"@id": "javascript:alert('same')"}  # data for machines, never a link
    raw = page.path.read_text(encoding="utf-8")
    block = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block


def test_reading_view_and_site_pages_escape_the_source(hostile_site):
    read = (hostile_site / "_site/read.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;doc&#39;)&lt;/script&gt;" in read
    # the source's Markdown: a link's text stays text, its target is never a link, emphasis escaped
    assert '<span class="src-link">&lt;img src=x onerror=alert(&#39;md&#39;)&gt;</span>' in read
    assert "<em>&lt;svg onload=alert(&#39;em&#39;)&gt;</em>" in read
    assert "javascript:" not in read
    timeline = (hostile_site / "_site/timeline.html").read_text(encoding="utf-8")
    assert "2005: &lt;script&gt;alert(&#39;tl&#39;)&lt;/script&gt;" in timeline


def test_search_index_keeps_labels_as_data(hostile_site):
    entries = json.loads((hostile_site / "_static/search-index.json").read_text(encoding="utf-8"))
    assert any(e["l"] == "Eve </script><script>alert('eve')</script>" for e in entries)
    script = (hostile_site / "_static/search-index.js").read_text(encoding="utf-8")
    assert "</script>" not in script.lower() and "<" not in script


def test_statements_stay_text_on_every_page_that_lists_them(hostile_site):
    """A hostile statement text, speaker, event, kind and theme: escaped on the statement's own
    page (its opening line and title), on its speaker's, event's, kind's and theme's pages, in
    the statements browser (text and filter options) and in the search index."""
    claim = (hostile_site / "claim/evil-1.html").read_text(encoding="utf-8")
    assert '<p class="claim-by">' in claim
    assert "«&lt;script&gt;alert(&#39;claim&#39;)&lt;/script&gt; über Thema»" in claim
    for page in ("person/eve.html", "event/tagung.html", "statement-type/evil.html", "theme/evil.html",
                 "org/acme.html", "_site/statements.html"):
        html = (hostile_site / page).read_text(encoding="utf-8")
        assert "«&lt;script&gt;alert(&#39;claim&#39;)&lt;/script&gt; über Thema»" in html, page
        assert "<script>alert(" not in html and "<img src=x" not in html and "<svg onload" not in html, page
    # the mark of the inferred attribution: on the statement's page, its speaker's and the browser
    for page in ("claim/evil-1.html", "person/eve.html", "_site/statements.html"):
        html = (hostile_site / page).read_text(encoding="utf-8")
        assert 'class="mark-word"' in html, page
        assert "Notiz &lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;" in html, page
        assert "Schluss &#34;&gt;&lt;img src=x onerror=alert(&#39;why&#39;)&gt;" in html, page
        assert "Mallory &lt;script&gt;alert(&#39;who&#39;)&lt;/script&gt;" in html, page
    browser = (hostile_site / "_site/statements.html").read_text(encoding="utf-8")
    assert "Tagung &#34;&gt;&lt;svg onload=alert(&#39;event&#39;)&gt;" in browser  # the event filter
    assert 'data-speaker="person/eve"' in browser
    entries = json.loads((hostile_site / "_static/search-index.json").read_text(encoding="utf-8"))
    (entry,) = [e for e in entries if e["u"] == "claim/evil-1.html"]
    assert entry["x"] == "<script>alert('claim')</script> über Thema"
    assert "Tagung \"><svg onload=alert('event')>" in entry["w"]

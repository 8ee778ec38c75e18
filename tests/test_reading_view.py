"""The reading view (#14 item 5): the source's Markdown rendered while every passage's offsets
still hold, each highlighted passage the link to its entity (a list where it anchors several),
snippets on entity pages cut at word boundaries; long sources in bounded parts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from dialoggraph.site import sourcetext
from dialoggraph.site.entity import context_head, context_tail
from dialoggraph.site.ids import reading_id
from dialoggraph.site.index import SiteIndex
from dialoggraph.site.pages.reading import PART_CHARS, Reading, read_source
from tests.browserkit import PAGE_TYPES
from tests.render_support import read_page

SOURCE = "Kopf [Ein Link](#) und *betont* \\(x\\)\n\n- erster Punkt\n- zweiter [Punkt](#)\n"


def words(text: str) -> list[str]:
    return text.split()


# ---------------------------------------------------------------------- the Markdown, offsets kept

def test_marks_hide_markdown_and_keep_every_other_character():
    m = sourcetext.marks(SOURCE)
    shown = "".join(c for i, c in enumerate(SOURCE) if not any(a <= i < b for a, b in m.hidden))
    assert shown == "Kopf Ein Link und betont (x)\n\nerster Punkt\nzweiter Punkt\n"
    assert [SOURCE[a:b] for a, b in m.links] == ["Ein Link", "Punkt"]
    assert [SOURCE[a:b] for a, b in m.emphasis] == ["betont"]
    assert sorted(m.items) == [SOURCE.index("- erster"), SOURCE.index("- zweiter")]


def test_plain_reads_snippets_cut_out_of_a_link():
    assert sourcetext.plain("Integrationszentren](#) und") == "Integrationszentren und"
    assert sourcetext.plain(", [Institut für") == ", Institut für"
    assert sourcetext.plain("- 2005 im [Zuwanderungsgesetz](#)") == "2005 im Zuwanderungsgesetz"


@given(st.text(alphabet=st.sampled_from(list("ab \t\n-*•[]()#\\_.!ä")), max_size=40))
@hsettings(max_examples=400, deadline=None)
def test_a_text_without_markdown_characters_is_shown_as_it_is_and_any_other_as_marks_say(text):
    # the shortcut of shown() (no character any pattern needs) never changes what a reader sees
    assert sourcetext.shown(text) == sourcetext._shown(text)


def test_the_shortcut_of_shown_takes_a_dash_only_at_a_lines_start_for_a_marker():
    assert sourcetext.shown("Pro-Kopf-Kosten, a–b") == "Pro-Kopf-Kosten, a–b"
    assert sourcetext.shown("Anfang\n - Punkt") == "Anfang\nPunkt"


@pytest.fixture(scope="module")
def index(graphs, settings):
    return SiteIndex(settings.base_iri, sorted(graphs.data, key=str), graphs.corpus.ontology)


def test_snippets_are_whole_words_of_the_text_before_and_after(index, settings):
    """Every passage's context on entity pages: the last words before the quote and the first
    after it, as the text has them — no word cut in two, no Markdown."""
    text = read_source(settings)
    passages = [p for lst in index.passages_of.values() for p in lst]
    assert len(passages) > 500
    for p in passages:
        before = words(context_tail(p.prefix).removeprefix("… "))
        after = words(context_head(p.suffix).removesuffix(" …"))
        assert before == words(sourcetext.plain(text[:p.start]))[len(words(sourcetext.plain(text[:p.start]))) - len(before):], p
        assert after == words(sourcetext.plain(text[p.end:]))[:len(after)], p
        for snippet in (context_tail(p.prefix), context_head(p.suffix)):
            assert "](" not in snippet and "[" not in snippet, snippet
    kurtenbach = [p for p in passages if p.exact.startswith("Dr. Sebastian Kurtenbach (Universität")]
    assert context_tail(kurtenbach[0].prefix) == "… Kaarst Leitung des Tracks: "  # was "… rf Kaarst …"


def test_reading_view_renders_links_lists_and_headings(site_dir):
    page = read_page(site_dir / "_site/read.html")
    html = page.path.read_text(encoding="utf-8")
    assert "](#)" not in html and "[Zuwanderungsgesetz" not in html
    assert '<span class="src-link">Zuwanderungsgesetz der Bundesregierung</span>' in html
    assert 'href="#"' not in html
    assert html.count('<ul class="src-list">') >= 8
    items = re.findall(r"<li>(.*?)</li>", html.split('<ul class="src-list">', 3)[2])
    assert any("2000" in i for i in items) and not any(re.sub("<[^>]+>", "", i).startswith("- ") for i in items)
    assert "Session 2: Integrationspolitik in NRW" in re.sub("<[^>]+>", "", " ".join(
        re.findall(r'<h[2-6] class="src-heading">(.*?)</h[2-6]>', html)))


def test_every_passage_is_highlighted_where_its_offsets_say(site_dir, graphs, settings, index):
    """The text that follows each passage's anchor in the page is the passage's own text: the
    offsets still hold after the Markdown is rendered."""
    html = (site_dir / "_site/read.html").read_text(encoding="utf-8")
    shown = re.sub(r"<span id=\"(anno-[^\"]+)\" class=\"anchor-target\"></span>", "\x00\\1\x01", html)
    shown = re.sub(r"<div class=\"plist\".*?</div>", "", shown, flags=re.S)
    shown = re.sub(r"<[^>]+>", "", shown)
    import html as html_module
    after = {}
    for m in re.finditer("\x00([^\x01]+)\x01", shown):
        after[m.group(1)] = html_module.unescape(re.sub("\x00[^\x01]+\x01", "", shown[m.end():m.end() + 600]))
    text = read_source(settings)
    hidden = bytearray(len(text))
    for a, b in sourcetext.marks(text).hidden:
        hidden[a:b] = b"\x01" * (b - a)
    checked = 0
    for lst in index.passages_of.values():
        for p in lst:
            rid = reading_id(p.annotation, settings.base_iri)
            shown = "".join(c for i, c in enumerate(text[p.start:p.end], p.start) if not hidden[i])
            want = "".join(shown.split())[:40]
            got = "".join(after[rid].split())[:len(want)]
            assert got == want, (rid, want, got)
            checked += 1
    assert checked > 500


def test_a_passage_links_to_its_entity_or_lists_several(site_dir):
    html = (site_dir / "_site/read.html").read_text(encoding="utf-8")
    single = re.findall(r'<a class="p m\d" href="([^"#]+)"', html)
    assert len(single) > 100 and all(h.startswith("../") and h.endswith(".html") for h in single)
    multi = re.findall(r'<a class="p multi m\d" id="(pl-\d+)-back" href="#(pl-\d+)"[^>]*>(.*?)</a>', html)
    assert multi and all(a == b for a, b, _ in multi)
    lists = dict(re.findall(r'<div class="plist" id="(pl-\d+)">(.*?)</div>', html, flags=re.S))
    assert {b for _, b, _ in multi} == set(lists)
    assert all(v.count("<li>") >= 2 for v in lists.values())
    # the name is the link: the list of the line naming the track's lead leads to him
    kurtenbach = [b for _, b, text in multi if re.sub("<[^>]+>", "", text).startswith("Dr. Sebastian Kurtenbach")]
    assert kurtenbach
    assert '<a href="../person/sebastian-kurtenbach.html"' in lists[kurtenbach[0]]
    assert '<sup class="r">' not in html  # no rows of superscript numbers any more


def test_a_long_source_is_cut_into_bounded_parts(tmp_path):
    from types import SimpleNamespace

    para = "Ein Absatz mit ein paar Wörtern darin. " * 40
    source = tmp_path / "long.txt"
    source.write_text("\n\n".join(para for _ in range(200)), encoding="utf-8")
    reading = Reading(SimpleNamespace(source_file=source))
    assert reading.parts >= len(source.read_text()) // PART_CHARS
    bounds = reading.part_blocks + [len(reading.blocks)]
    for a, b in zip(bounds, bounds[1:]):
        start, end = reading.blocks[a][0], reading.blocks[b - 1][1]
        assert end - start <= PART_CHARS
    last = reading.blocks[-1][0]
    assert reading.file(reading.part_of(last)) == f"_site/read-{reading.parts}.html"
    assert reading.href(0, "../") == "../_site/read.html"


# ---------------------------------------------------------------------- in the browser

@pytest.mark.browser
def test_tapping_passages_in_the_browser(site_dir, phone, dark):
    page = phone.open(PAGE_TYPES["reading"])
    link = page.locator(".reading a.p:not(.multi)").nth(5)
    target = link.get_attribute("href").removeprefix("../")
    link.tap()
    page.wait_for_url(re.compile(re.escape(target) + "$"))
    page = phone.open(PAGE_TYPES["reading"])
    multi = page.locator(".reading a.p.multi").first
    list_id = multi.get_attribute("href")[1:]
    assert not page.locator(f"#{list_id}").is_visible()
    multi.tap()
    listed = page.locator(f"#{list_id}")
    assert listed.is_visible() and listed.locator("li a").count() >= 2
    assert multi.get_attribute("aria-expanded") == "true"
    listed.locator(".plist-close").tap()
    assert not listed.is_visible()
    # without JavaScript the list is the link's target, shown by CSS
    dark.context.close()
    from tests.browserkit import Browse

    nojs = Browse(dark.context.browser, site_dir, "dark", java_script_enabled=False)
    page = nojs.open(PAGE_TYPES["reading"])
    multi = page.locator(".reading a.p.multi").first
    list_id = multi.get_attribute("href")[1:]
    multi.click()
    assert page.locator(f"#{list_id}").is_visible()
    nojs.shot("reading-list-nojs")
    nojs.close()
    phone.assert_clean()

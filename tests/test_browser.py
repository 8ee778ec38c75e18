"""Headless Chromium (Debian's package, driven by Playwright; fixtures in tests/browserkit.py)
walks the built site like a reader: home → search a person → institution → law, timeline,
reading view; screenshots go to test-artifacts/ (gitignored). Nothing may be requested from
outside the site, and hostile labels must not run a script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browserkit import Browse
from tests.render_support import build_hostile_site

pytestmark = pytest.mark.browser


def test_reader_walk(desktop, site_dir):
    s = desktop
    page = s.open("index.html")
    assert "Wissensgraph" in page.locator("h1").inner_text()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    s.shot("01-home")

    # search a person from the header search box
    page.fill("#site-q", "Kurtenbach")
    page.press("#site-q", "Enter")
    page.wait_for_url(re.compile(r"_site/search\.html\?q=Kurtenbach"))
    first = page.locator("#search-results li a").first
    first.wait_for()
    assert "Sebastian Kurtenbach" in first.inner_text()
    s.shot("02-search")
    first.click()
    page.wait_for_url(re.compile(r"person/sebastian-kurtenbach\.html$"))
    assert page.locator("h1").inner_text() == "Sebastian Kurtenbach"
    assert page.locator(".passage-list li").count() >= 1
    s.shot("03-person", full_page=True)

    # follow the affiliation (in the summary at the top) to an institution
    page.locator("dl.summary div", has=page.locator("dt", has_text="Zugehörigkeit")).locator("dd a").first.click()
    page.wait_for_url(re.compile(r"/org/[a-z0-9-]+\.html$"))
    assert page.locator(".types").first.inner_text()  # the entity's own (its passages have theirs)
    s.shot("04-institution", full_page=True)

    # to a law: from the home page's laws, then through the class index of laws (the badge)
    page.locator(".crumbs a", has_text="Start").click()
    page.locator(".home-list a[href^='law/']").first.click()
    page.wait_for_url(re.compile(r"/law/[a-z0-9-]+\.html$"))
    page.locator(".types a", has_text="Gesetz").first.click()
    page.wait_for_url(re.compile(r"_site/classes/.*Legislation.*\.html$"))
    page.locator("table.data tbody a").first.click()
    page.wait_for_url(re.compile(r"/law/[a-z0-9-]+\.html$"))
    assert "Gesetz" in page.locator(".types").first.inner_text()
    s.shot("05-law", full_page=True)

    # timeline: drawn in order, each entry linked
    page.locator(".site-nav a", has_text="Zeitleiste").click()
    page.wait_for_url(re.compile(r"_site/timeline\.html$"))
    years = [int(t[:4]) for t in page.locator("ol.timeline time").evaluate_all(
        "els => els.map(e => e.getAttribute('datetime'))")]
    assert years == sorted(years) and len(years) >= 5
    assert page.locator("ol.tl-axis a.tl-mark").count() == len(years)
    s.shot("06-timeline", full_page=True)
    page.locator('ol.timeline h2 a[href*="/timeline/"]').first.click()
    page.wait_for_url(re.compile(r"/timeline/.+\.html$"))

    # reading view: passages highlighted, the references lead to entities
    page.locator(".site-nav a", has_text="Lesen").click()
    page.wait_for_url(re.compile(r"_site/read\.html$"))
    assert page.locator("mark").count() > 50
    s.shot("07-reading")
    page.locator(".reading a.p:not(.multi)").first.click()
    page.wait_for_load_state()
    assert "/_site/" not in page.url
    assert page.locator("h1").count() == 1

    # themes and network render
    s.open("_site/themes.html")
    s.shot("08-themes")
    s.open("_site/network.html")
    assert page.locator("svg.network a.node").count() >= 5
    page.locator("svg.network a.node").first.hover()
    assert page.locator("svg.network path.on").count() >= 1
    s.shot("09-network")

    s.assert_clean()


def test_dark_mode_and_small_screen(dark, phone):
    dark.open("person/jan-ueblacker.html")
    bg = dark.page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert bg == "rgb(21, 23, 26)"
    dark.shot("10-person")
    phone.open("person/jan-ueblacker.html")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    phone.shot("11-person", full_page=True)
    dark.assert_clean()
    phone.assert_clean()


def test_hostile_labels_do_not_run(chromium, tmp_path_factory):
    project = Path(__file__).resolve().parents[1]
    hostile = build_hostile_site(project, tmp_path_factory.mktemp("hostile-browser"))
    s = Browse(chromium, hostile)
    for name in ("person/eve.html", "org/acme.html", "_site/read.html", "_site/timeline.html",
                 "_site/search.html", "index.html"):
        s.open(name)
    s.open("_site/search.html?q=Eve")
    s.page.locator("#search-results li").first.wait_for()
    assert "</script>" in s.page.locator("#search-results li a").first.inner_text()
    s.shot("12-hostile-search")
    s.open("person/eve.html")
    assert s.page.locator("h1").inner_text() == "Eve </script><script>alert('eve')</script>"
    s.shot("13-hostile-person", full_page=True)
    s.assert_clean()
    s.close()

"""Headless Chromium (Debian's package, driven by Playwright) walks the built site like a
reader: home → search a person → institution → law, timeline, reading view; screenshots go to
test-artifacts/ (gitignored). Nothing may be requested from outside the site, and hostile
labels must not run a script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.dgkit import built_site
from tests.render_support import build_hostile_site

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is not installed (Debian package 'chromium'); the CI setup installs it",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the Python package 'playwright' is not installed")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Session:
    """A page that records every request leaving file:// and every dialog or page error."""

    def __init__(self, browser, **options):
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context.route(re.compile(r"^(?!file:).*"), self._block)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _block(self, route):
        self.outside.append(route.request.url)
        route.abort()

    def shot(self, name: str, full_page: bool = False) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def site(settings) -> Path:
    return built_site(settings)


def test_reader_walk(browser, site):
    s = Session(browser, viewport={"width": 1280, "height": 900})
    page = s.page
    page.goto((site / "index.html").as_uri())
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

    # follow the affiliation to an institution
    page.locator(".fact", has=page.locator("dt", has_text="Zugehörigkeit")).locator("dd a").first.click()
    page.wait_for_url(re.compile(r"/org/[a-z0-9-]+\.html$"))
    assert page.locator(".types").first.inner_text()  # the entity's own (its passages have theirs)
    s.shot("04-institution", full_page=True)

    # to a law: through the class index of laws
    page.locator(".crumbs a", has_text="Start").click()
    page.get_by_role("link", name="Gesetz", exact=True).first.click()
    page.wait_for_url(re.compile(r"_site/classes/.*Legislation.*\.html$"))
    page.locator("table.data tbody a").first.click()
    page.wait_for_url(re.compile(r"/law/[a-z0-9-]+\.html$"))
    assert "Gesetz" in page.locator(".types").first.inner_text()
    s.shot("05-law", full_page=True)

    # timeline: drawn in order, each entry linked
    page.locator(".site-nav a", has_text="Zeitleiste").click()
    page.wait_for_url(re.compile(r"_site/timeline\.html$"))
    assert page.locator("svg.timeline-axis circle").count() >= 5
    years = [int(t[:4]) for t in page.locator("ol.timeline time").evaluate_all(
        "els => els.map(e => e.getAttribute('datetime'))")]
    assert years == sorted(years) and years[0] >= 2000
    s.shot("06-timeline", full_page=True)
    page.locator("ol.timeline h2 a").first.click()
    page.wait_for_url(re.compile(r"/timeline/.+\.html$"))

    # reading view: passages highlighted, the references lead to entities
    page.locator(".site-nav a", has_text="Lesen").click()
    page.wait_for_url(re.compile(r"_site/read\.html$"))
    assert page.locator("mark").count() > 50
    s.shot("07-reading")
    page.locator("sup.r a").first.click()
    page.wait_for_load_state()
    assert "/_site/" not in page.url
    assert page.locator("h1").count() == 1

    # themes and network render
    page.goto((site / "_site/themes.html").as_uri())
    s.shot("08-themes")
    page.goto((site / "_site/network.html").as_uri())
    assert page.locator("svg.network a.node").count() >= 5
    page.locator("svg.network a.node").first.hover()
    assert page.locator("svg.network path.on").count() >= 1
    s.shot("09-network")

    assert not s.outside, s.outside
    assert not s.dialogs and not s.errors, (s.dialogs, s.errors)
    s.close()


def test_dark_mode_and_small_screen(browser, site):
    dark = Session(browser, viewport={"width": 1280, "height": 900}, color_scheme="dark")
    dark.page.goto((site / "person/jan-ueblacker.html").as_uri())
    bg = dark.page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert bg == "rgb(21, 23, 26)"
    dark.shot("10-person-dark")
    dark.close()
    small = Session(browser, viewport={"width": 390, "height": 844}, is_mobile=True)
    small.page.goto((site / "person/jan-ueblacker.html").as_uri())
    width = small.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1
    small.shot("11-person-mobile", full_page=True)
    assert not dark.outside and not small.outside
    small.close()


def test_hostile_labels_do_not_run(browser, tmp_path_factory):
    project = Path(__file__).resolve().parents[1]
    hostile = build_hostile_site(project, tmp_path_factory.mktemp("hostile-browser"))
    s = Session(browser)
    for name in ("person/eve.html", "org/acme.html", "_site/read.html", "_site/timeline.html",
                 "_site/search.html", "index.html"):
        s.page.goto((hostile / name).as_uri())
        s.page.wait_for_load_state()
    s.page.goto((hostile / "_site/search.html").as_uri() + "?q=Eve")
    s.page.locator("#search-results li").first.wait_for()
    assert "</script>" in s.page.locator("#search-results li a").first.inner_text()
    s.shot("12-hostile-search")
    s.page.goto((hostile / "person/eve.html").as_uri())
    assert s.page.locator("h1").inner_text() == "Eve </script><script>alert('eve')</script>"
    s.shot("13-hostile-person", full_page=True)
    assert not s.dialogs, s.dialogs
    assert not s.outside, s.outside
    assert not s.errors, s.errors
    s.close()

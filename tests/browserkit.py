"""Shared browser-test kit: one built site and one headless Chromium per test session.

Fixtures (imported by tests/conftest.py, so every test module can ask for them):

* ``site_dir`` — the project's site, built once per test process (:func:`tests.dgkit.built_site`);
* ``chromium`` — Debian's Chromium driven by Playwright, launched once per session; the test is
  skipped, saying why, when ``/usr/bin/chromium`` or the Python package ``playwright`` is missing;
* ``desktop``, ``phone``, ``dark``, ``dark_phone`` — a fresh :class:`Browse` per test: 1366×900 or
  390×844 (a phone: touch, mobile viewport), light or dark colour scheme. Every request that
  leaves ``file://`` is blocked and recorded, as are dialogs and page errors;
* ``browse(site_dir, chromium, mode)`` builds one for a mode of :data:`MODES` (to loop over modes
  in one test).

Helpers, taking a Playwright page:

* :func:`axe` runs axe-core (bundled by ``axe-playwright-python``, offline) and returns the
  serious and critical violations as :class:`Violation` (rule, impact, count, first targets);
* :func:`scroll_width` — ``documentElement.scrollWidth`` (more than the viewport: horizontal scrolling);
* :func:`focus_ring` — tabs to an element and reads its focus outline colour against the background
  behind it (contrast ratio as WCAG computes it);
* :func:`small_targets` — the WCAG 2.5.8 target-size check that axe's default rules skip: links and
  buttons under 24×24 px whose 24 px circle overlaps another target.

:data:`PAGE_TYPES` names one page of each kind of page the site has (home, person, organisation,
law, claim, reading view …); a test that wants "every page type" loops over it.

Keep the browser suite fast (two cores shared): one build, one browser, several pages per test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.dgkit import built_site

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]

DESKTOP = {"viewport": {"width": 1366, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
#: the four ways a reader sees the site: name → Playwright context options
MODES = {"desktop": DESKTOP, "phone": PHONE,
         "dark": {**DESKTOP, "color_scheme": "dark"}, "dark_phone": {**PHONE, "color_scheme": "dark"}}

#: one page of each kind the site has: name → path in the built site (a query string allowed);
#: ``None`` marks a page type that does not exist yet (its tests skip, saying so)
PAGE_TYPES = {
    "home": "index.html",
    "person": "person/anton-ruetten.html",
    "organisation": "org/mais-nrw.html",
    "law": "law/teilhabe-und-integrationsgesetz-nrw-2012.html",
    "claim": "claim/session-2/debatte-2.html",
    "event": "event/nrw-dialogforum-2016/track/integration-und-transformation/session-2.html",
    "theme": "theme/abstammungsprinzip.html",
    "statements": "_site/statements.html",
    "reading": "_site/read.html",
    "network": "_site/network.html",
    "timeline": "_site/timeline.html",
    "themes": "_site/themes.html",
    "classes": "_site/classes/index.html",
    "class": "_site/classes/schema-Person.html",
    "search": "_site/search.html?q=Kaarst",
    "questions": "_site/questions.html",
    "ontology": "ontology.html",
    "validation": "_site/validation.html",
}


def page_file(site: Path, rel: str) -> Path:
    return site / re.split(r"[?#]", rel, maxsplit=1)[0]


def page_url(site: Path, rel: str) -> str:
    """The file URL of ``rel`` (a path in the site, perhaps with ``?query`` and ``#fragment``)."""
    path = re.split(r"[?#]", rel, maxsplit=1)[0]
    return page_file(site, rel).resolve().as_uri() + rel[len(path):]


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (Debian package 'chromium'; `make system-deps` installs it)")


class Browse:
    """A browser context in one mode with one page, that records every request leaving
    ``file://``, every dialog and every page error."""

    def __init__(self, browser, site: Path, mode: str = "desktop", **options):
        self.site = site
        self.mode = mode
        self.options = {**MODES[mode], **options}
        self.context = browser.new_context(**self.options)
        self.page = self.context.new_page()
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context.route(re.compile(r"^(?!file:).*"), self._block)
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    @property
    def width(self) -> int:
        return self.options["viewport"]["width"]

    @property
    def height(self) -> int:
        return self.options["viewport"]["height"]

    def _block(self, route):
        self.outside.append(route.request.url)
        route.abort()

    def open(self, rel: str):
        """Go to the page ``rel`` of the site (a path relative to its root, may carry ``?query``)."""
        self.page.goto(page_url(self.site, rel))
        self.page.wait_for_load_state("load")
        return self.page

    def shot(self, name: str, full_page: bool = False) -> Path:
        """A screenshot under test-artifacts/ (git-ignored), named with the mode."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}-{self.mode}.png"
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def assert_clean(self) -> None:
        assert not self.outside, f"requests outside the site: {self.outside[:5]}"
        assert not self.dialogs, f"dialogs: {self.dialogs[:5]}"
        assert not self.errors, f"page errors: {self.errors[:5]}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="session")
def site_dir(settings) -> Path:
    return built_site(settings)


@pytest.fixture(scope="session")
def chromium():
    require_chromium()
    sync_api = pytest.importorskip("playwright.sync_api", reason="the Python package 'playwright' is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _browse_fixture(mode: str):
    @pytest.fixture
    def fixture(chromium, site_dir):
        b = Browse(chromium, site_dir, mode)
        yield b
        b.close()
    fixture.__doc__ = f"A fresh browser context on the built site, mode {mode!r} ({MODES[mode]})."
    return fixture


desktop = _browse_fixture("desktop")
phone = _browse_fixture("phone")
dark = _browse_fixture("dark")
dark_phone = _browse_fixture("dark_phone")


# ---------------------------------------------------------------------- axe-core

@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    count: int
    targets: tuple[str, ...]  # the first few nodes' CSS selectors
    help: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}, {self.count}×: {', '.join(self.targets)}) — {self.help}"


_AXE = None


def axe(page, impacts=("serious", "critical"), rules: list[str] | None = None) -> list[Violation]:
    """axe-core's violations of ``impacts`` on ``page`` (its default rule set, or only ``rules``)."""
    global _AXE
    if _AXE is None:
        axe_module = pytest.importorskip("axe_playwright_python.sync_playwright",
                                         reason="the Python package 'axe-playwright-python' is not installed")
        _AXE = axe_module.Axe()
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    result = _AXE.run(page, options=options)
    out = []
    for v in result.response["violations"]:
        if v.get("impact") in impacts:
            targets = tuple(" ".join(map(str, n["target"])) for n in v["nodes"][:3])
            out.append(Violation(v["id"], v["impact"], len(v["nodes"]), targets, v["help"]))
    return out


# ---------------------------------------------------------------------- layout

def scroll_width(page) -> int:
    """The page's full width (``document.documentElement.scrollWidth``)."""
    return page.evaluate("document.documentElement.scrollWidth")


def widest(page, limit: int = 5) -> list[str]:
    """The elements sticking out furthest to the right (to say *what* makes a page scroll)."""
    return page.evaluate("""limit => {
      const w = document.documentElement.clientWidth, out = [];
      for (const e of document.querySelectorAll('body *')) {
        const r = e.getBoundingClientRect();
        if (r.right > w + 1 && r.width > 0) out.push([r.right, e.tagName.toLowerCase() +
          (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' +
          e.className.trim().split(/\\s+/).join('.') : '')]);
      }
      out.sort((a, b) => b[0] - a[0]);
      return out.slice(0, limit).map(x => Math.round(x[0]) + 'px ' + x[1]);
    }""", limit)


def header_height(page) -> float:
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


# ---------------------------------------------------------------------- focus

def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG's contrast ratio of two sRGB colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def parse_rgb(css: str) -> tuple[float, float, float, float]:
    """``rgb(…)``/``rgba(…)`` → (r, g, b, alpha)."""
    nums = [float(x) for x in re.findall(r"[\d.]+", css)]
    if len(nums) < 3:
        raise ValueError(f"not an rgb colour: {css!r}")
    return nums[0], nums[1], nums[2], nums[3] if len(nums) > 3 else 1.0


@dataclass(frozen=True)
class FocusRing:
    selector: str
    style: str
    width: float
    outline: tuple[float, float, float]
    background: tuple[float, float, float]

    @property
    def ratio(self) -> float:
        return contrast(self.outline, self.background)

    def visible(self, min_ratio: float = 3.0) -> bool:
        """WCAG 1.4.11: an indicator of at least 2 px with 3:1 against what is next to it."""
        return self.style not in ("none", "hidden") and self.width >= 2 and self.ratio >= min_ratio

    def __str__(self) -> str:
        return (f"{self.selector}: outline {self.style} {self.width}px rgb{self.outline} on rgb{self.background}"
                f" = {self.ratio:.2f}:1")


def focus_ring(page, selector: str, max_tabs: int = 400) -> FocusRing:
    """Press Tab from the top of the page until the first element matching ``selector`` has the
    keyboard focus, then read its outline (colour, style, width) and the first opaque background
    behind the outline (the parent's or further up, the element's own for an inset outline; the
    page's otherwise)."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            break
    else:
        raise AssertionError(f"{selector} never received the keyboard focus in {max_tabs} tabs")
    style = page.evaluate("""() => {
      // the outline lies outside the element (outline-offset >= 0): the background behind it is
      // its parent's (or further up)
      const e = document.activeElement, cs = getComputedStyle(e);
      let n = parseFloat(cs.outlineOffset) >= 0 ? e.parentElement : e, bg = null;
      while (n && n.nodeType === 1) {
        const c = getComputedStyle(n).backgroundColor;
        const m = c.match(/[\\d.]+/g);
        if (m && (m.length < 4 || parseFloat(m[3]) > 0.5)) { bg = c; break; }
        n = n.parentElement;
      }
      return {color: cs.outlineColor, style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) || 0,
              bg: bg || getComputedStyle(document.documentElement).backgroundColor};
    }""")
    outline = parse_rgb(style["color"])[:3]
    background = parse_rgb(style["bg"])[:3]
    return FocusRing(selector, style["style"], style["width"], outline, background)


# ---------------------------------------------------------------------- target size

def small_targets(page, scope: str = "main", size: int = 24) -> list[str]:
    """WCAG 2.5.8 (target size, minimum), as axe's ``target-size`` rule would do it (it is not in
    axe's default set): every link or button in ``scope`` smaller than ``size``×``size`` px whose
    circle of ``size`` px diameter around its centre intersects another target or another such
    circle. Links of words in a sentence are exempt (2.5.8's "inline" exception), numbers and signs
    (footnote marks, superscript references) are not; returns a description of each offending
    target."""
    return page.evaluate("""([scope, size]) => {
      const root = document.querySelector(scope) || document.body;
      const all = [...root.querySelectorAll('a[href], button, input, select, summary, [role=button]')]
        .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
                       e.checkVisibility({visibilityProperty: true}); });  // not in a closed <details>
      const inline = e => {
        // a link of words in a line of text (its block has other text than the link itself): its
        // size is set by the line-height of the text around it; a bare number or sign (a footnote
        // mark, a superscript reference) is a target of its own
        if (getComputedStyle(e).display !== 'inline' || e.closest('sup')) return false;
        const text = e.textContent.trim();
        if (!/\\p{L}{2}/u.test(text)) return false;
        const block = e.closest('p, li, td, dd, blockquote');
        return block && block.textContent.trim().length > text.length + 2;
      };
      const rects = all.map(e => e.getBoundingClientRect());
      const out = [];
      all.forEach((e, i) => {
        const r = rects[i];
        if ((r.width >= size && r.height >= size) || inline(e)) return;
        const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
        for (let j = 0; j < all.length; j++) {
          if (j === i) continue;
          const o = rects[j];
          // the distance from the centre to the other target's rectangle, or to its circle
          const dx = Math.max(o.left - cx, 0, cx - o.right), dy = Math.max(o.top - cy, 0, cy - o.bottom);
          const small = o.width < size || o.height < size;
          const ox = o.left + o.width / 2, oy = o.top + o.height / 2;
          const hit = Math.hypot(dx, dy) < size / 2 ||
                      (small && !inline(all[j]) && Math.hypot(ox - cx, oy - cy) < size);
          if (hit) {
            out.push(`${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 20)}" ` +
                     `${Math.round(r.width)}x${Math.round(r.height)} near ` +
                     `"${all[j].textContent.trim().slice(0, 20)}"`);
            return;
          }
        }
      });
      return out;
    }""", [scope, size])

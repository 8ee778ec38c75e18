"""The network and the timeline for readers (#14 items 6 and 7), in headless Chromium on the built
site: the network's labels whole and at least 12 px on a desktop and a phone, participation drawn
apart from mention (as the graph says, asked with SPARQL), a tap, a click and the keyboard's focus
showing a node's links as hovering does, nothing wider than a phone; the timeline with every dated
entry of the graph on its axis (the timeline's entries and the profile's other dated things, asked
with SPARQL), in its year and in its level's lane, its marker the shape of its kind, also on a
phone. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest

from tests.browserkit import scroll_width, widest

pytestmark = pytest.mark.browser

NETWORK = "_site/network.html"
TIMELINE = "_site/timeline.html"

#: the picture a mode shows (the wide one from 960 px, the column below)
PICTURE = {"desktop": "svg.network.nw-wide", "dark": "svg.network.nw-wide", "phone": "svg.network.nw-narrow",
           "dark_phone": "svg.network.nw-narrow"}


def _page_of(settings, iri: str) -> str:
    """The site path of an entity's page (``person/schily.html`` for ``…/person/schily#id``)."""
    return iri.split("#", 1)[0][len(settings.base_iri):] + ".html"


def _nodes(page, picture: str) -> list[dict]:
    """The nodes of the visible picture: index, site path of its page, label, the label's lines,
    the label's rendered font size and box."""
    return page.evaluate("""sel => {
      const svg = document.querySelector(sel);
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return [...svg.querySelectorAll('.node')].map(n => {
        const text = n.querySelector('text');
        const box = text.getBoundingClientRect();
        return {i: n.dataset.i, href: new URL(n.getAttribute('href'), location.href).pathname,
                label: n.getAttribute('aria-label') || n.dataset.label,
                lines: [...text.querySelectorAll('tspan')].map(t => t.textContent),
                px: parseFloat(getComputedStyle(text).fontSize) * scale,
                left: box.left, right: box.right, visible: svg.checkVisibility()};
      });
    }""", picture)


@pytest.mark.parametrize("mode", ["desktop", "phone", "dark_phone"])
def test_network_labels_are_whole_readable_and_within_the_screen(mode, request, site_dir):
    b = request.getfixturevalue(mode)
    page = b.open(NETWORK)
    nodes = _nodes(page, PICTURE[mode])
    assert len(nodes) >= 20 and all(n["visible"] for n in nodes)
    cut = [n["label"] for n in nodes if " ".join(n["lines"]) != " ".join(n["label"].split())]
    assert not cut, cut  # no "Erste …": every label whole, only wrapped between words
    assert min(n["px"] for n in nodes) >= 12, min(n["px"] for n in nodes)
    outside = [n["label"] for n in nodes if n["left"] < 0 or n["right"] > b.width]
    assert not outside
    assert scroll_width(page) <= b.width, widest(page, 3)
    # the other picture is not shown (one set of links for the keyboard and screen readers)
    other = next(sel for m, sel in PICTURE.items() if sel != PICTURE[mode])
    assert not page.locator(other).is_visible()
    b.shot("network", full_page=True)
    b.assert_clean()


@pytest.fixture(scope="module")
def session_links(select, settings):
    """From the graph: (event, person) pairs where the person took part (performer, organizer or
    attendee, directly or through a role node), and pairs where the person is only mentioned — by a
    timeline entry or statement the event is the subject of, or that is about the event — with no
    other path between the two: no direct link, and none through a node between them whose two
    links are both not of the profile's mentions (the source document aside)."""
    roles = "schema:performer|schema:organizer|schema:attendee"
    took_part = {(r["e"], r["p"]) for r in select(f"""
        SELECT DISTINCT ?e ?p WHERE {{
          ?p a schema:Person .
          {{ ?e {roles} ?p }} UNION {{ ?e {roles} ?r . ?r {roles} ?p }} }}""")}
    mention = " ".join(f"<{m}>" for m in sorted(settings.profile.network.mention))
    mentioned = {(r["e"], r["p"]) for r in select(f"""
        SELECT DISTINCT ?e ?p WHERE {{
          ?e a schema:Event . ?p a schema:Person .
          {{ ?e schema:subjectOf ?x }} UNION {{ ?x schema:about ?e }}
          ?x schema:mentions ?p .
          FILTER NOT EXISTS {{ ?e ?l ?p }} FILTER NOT EXISTS {{ ?p ?l ?e }}
          FILTER NOT EXISTS {{
            {{ ?e ?l2 ?y }} UNION {{ ?y ?l2 ?e }} {{ ?y ?m2 ?p }} UNION {{ ?p ?m2 ?y }}
            FILTER(?l2 NOT IN ({mention.replace(" ", ", ")}, prov:wasDerivedFrom)
                   && ?m2 NOT IN ({mention.replace(" ", ", ")}, prov:wasDerivedFrom)) }} }}""")}
    return took_part, mentioned


def _lines(page, picture: str) -> dict[frozenset, dict]:
    """The drawn links of the visible picture by their two nodes' page paths: class and dashes."""
    return {frozenset(r["ends"]): r for r in page.evaluate("""sel => {
      const svg = document.querySelector(sel);
      const href = {};
      svg.querySelectorAll('.node').forEach(n => {
        href[n.dataset.i] = new URL(n.getAttribute('href'), location.href).pathname; });
      return [...svg.querySelectorAll('.edges path')].map(p => ({
        ends: [href[p.dataset.a], href[p.dataset.b]], type: p.getAttribute('class'),
        dashes: getComputedStyle(p).strokeDasharray}));
    }""", picture)}


def test_network_draws_mention_apart_from_participation(desktop, phone, settings, site_dir, session_links):
    took_part, mentioned = session_links
    assert mentioned, "the graph has people only mentioned at an event"
    for b in (desktop, phone):
        page = b.open(NETWORK)
        lines = _lines(page, PICTURE[b.mode])
        end = lambda iri: str((site_dir / _page_of(settings, iri)).resolve().as_uri())[len("file://"):]  # noqa: E731
        solid = [lines[k] for k in (frozenset((end(e), end(p))) for e, p in took_part) if k in lines]
        dashed = [lines[k] for k in (frozenset((end(e), end(p))) for e, p in mentioned) if k in lines]
        assert solid and dashed, b.mode
        assert all(ln["type"] == "part" and ln["dashes"] == "none" for ln in solid), solid
        assert all(ln["type"] == "mention" and ln["dashes"] != "none" for ln in dashed), dashed
    # the table says it in words: the people only mentioned at an event are no participants there
    page = desktop.open(NETWORK)
    for e, p in mentioned:
        row = page.locator("table.nw-table tbody tr").filter(
            has=page.locator(f'th a[href$="/{_page_of(settings, p)}"]'))
        if not row.count():
            continue
        event = f'a[href$="/{_page_of(settings, e)}"]'
        assert row.locator(f".rel.part {event}").count() == 0, (p, e)
        assert row.locator(f".rel.mention {event}").count() >= 1, (p, e)


def _on(page, picture: str) -> list[str]:
    return page.evaluate("sel => [...document.querySelectorAll(sel + ' .edges path.on')]"
                         ".map(p => p.dataset.a + '-' + p.dataset.b)", picture)


def _links_of(page, picture: str, i: str) -> list[str]:
    return page.evaluate("""([sel, i]) => [...document.querySelectorAll(sel + ' .edges path')]
      .filter(p => p.dataset.a === i || p.dataset.b === i).map(p => p.dataset.a + '-' + p.dataset.b)""",
                         [picture, i])


def test_network_tap_click_and_focus_show_a_nodes_links(desktop, phone, dark):
    # a phone: the first tap shows the links (and lists them), the second opens the page
    page = phone.open(NETWORK)
    node = page.locator(f"{PICTURE['phone']} a.node").nth(4)
    i = node.get_attribute("data-i")
    node.tap()
    assert page.url.endswith(NETWORK)
    assert sorted(_on(page, PICTURE["phone"])) == sorted(_links_of(page, PICTURE["phone"], i)) != []
    panel = page.locator("#nw-panel")
    assert panel.is_visible() and node.get_attribute("aria-label") in panel.inner_text()
    phone.shot("network-tapped")
    node.tap()
    page.wait_for_url(lambda url: not url.endswith(NETWORK))
    # a desktop: hovering shows the links, and so does a click, which stays after the pointer leaves
    page = desktop.open(NETWORK)
    wide = PICTURE["desktop"]
    node = page.locator(f"{wide} a.node").nth(2)
    i = node.get_attribute("data-i")
    node.hover()
    assert sorted(_on(page, wide)) == sorted(_links_of(page, wide, i))
    node.click()
    page.mouse.move(5, 5)
    assert page.url.endswith(NETWORK) and sorted(_on(page, wide)) == sorted(_links_of(page, wide, i))
    page.keyboard.press("Escape")
    assert _on(page, wide) == []
    # the keyboard: tabbing to a node shows its links with a visible focus ring; Enter opens it
    for b in (desktop, dark):
        page = b.open(NETWORK)
        page.locator(".nw-skip a").focus()
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.closest('svg.network') && document.activeElement.dataset.i")
        assert focused is not None, b.mode
        assert sorted(_on(page, wide)) == sorted(_links_of(page, wide, focused)) != []
        ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement.querySelector('.hit'));
                                        return [s.stroke, s.strokeWidth]; }""")
        assert ring[0] not in ("none", "rgba(0, 0, 0, 0)") and float(ring[1].rstrip("px")) >= 2, (b.mode, ring)
        b.shot("network-focused")
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: not url.endswith(NETWORK))
        b.assert_clean()


# ---------------------------------------------------------------------- timeline


@pytest.fixture(scope="module")
def dated(select, settings):
    """From the graph, as the profile says: every entry of the timeline's class with a date, and
    every thing of its other classes with a date in its window — IRI → (years of its dates, its
    classes, the classes of the places it names through the level properties)."""
    tl = settings.profile.timeline
    iris = lambda xs: " ".join(f"<{x}>" for x in xs)  # noqa: E731
    lo, hi = tl.window or (-10 ** 6, 10 ** 6)
    rows = select(f"""
        SELECT ?x (GROUP_CONCAT(DISTINCT SUBSTR(STR(?d), 1, 4)) AS ?years) WHERE {{
          VALUES ?when {{ {iris(tl.dates)} }}
          {{ ?x a <{tl.entry_class}> ; ?when ?d }}
          UNION {{ VALUES ?c {{ {iris(tl.others)} }} ?x a ?c ; ?when ?d .
                   FILTER NOT EXISTS {{ ?x a <{tl.entry_class}> }}
                   FILTER(xsd:integer(SUBSTR(STR(?d), 1, 4)) >= {lo} && xsd:integer(SUBSTR(STR(?d), 1, 4)) < {hi}) }}
        }} GROUP BY ?x""")
    out = {}
    for r in rows:
        types = {t["t"] for t in select(f"SELECT ?t WHERE {{ <{r['x']}> a ?t }}")}
        places = {t["t"] for t in select(f"""SELECT ?t WHERE {{ VALUES ?p {{ {iris(tl.level_from)} }}
                                            <{r['x']}> ?p ?place . ?place a ?t }}""")} if tl.level_from else set()
        out[r["x"]] = ({int(y) for y in r["years"].split()}, types, places)
    return out


def _axis(page) -> list[dict]:
    """Every marker on the axis: its year (or span of years), its lane's name, its shape and the
    page of the entry it leads to (through the list under the axis)."""
    return page.evaluate("""() => [...document.querySelectorAll('ol.tl-axis a.tl-mark')].map(a => {
      const entry = document.querySelector(a.getAttribute('href'));
      const link = entry.querySelector('h2 a');
      const box = a.getBoundingClientRect();
      return {year: a.closest('li.tl-year').querySelector('.tl-y').textContent.trim(),
              lane: a.closest('ul.tl-lane').getAttribute('aria-label'),
              shape: [...a.querySelector('.tl-shape').classList].find(c => /^k\\d$/.test(c)),
              href: new URL(link.getAttribute('href'), location.href).pathname,
              left: box.left, right: box.right, width: box.width, height: box.height};
    })""")


@pytest.mark.parametrize("mode", ["desktop", "phone", "dark_phone"])
def test_timeline_has_every_dated_entry_on_one_axis(mode, request, site_dir, settings, dated):
    tl = settings.profile.timeline
    b = request.getfixturevalue(mode)
    page = b.open(TIMELINE)
    marks = _axis(page)
    path = lambda iri: str((site_dir / _page_of(settings, iri)).resolve().as_uri())[len("file://"):]  # noqa: E731
    expected = {path(x): x for x in dated}
    assert sorted(m["href"] for m in marks) == sorted(expected)  # every one, once
    legend = page.locator(".tl-legend li").evaluate_all(
        "els => els.map(li => [[...li.querySelector('.tl-shape').classList].find(c => /^k\\d$/.test(c)),"
        " li.textContent.trim()])")
    shapes = dict(legend)
    assert len(shapes) == len(legend)  # a shape of its own for each kind
    for m in marks:
        years, types, places = dated[expected[m["href"]]]
        assert int(m["year"][:4]) in years, m  # in its year
        # the shape of its kind (the profile's first kind whose classes it has)
        kind = next((k for k in tl.kinds if k.holds(types)), None)
        assert kind is None or shapes[m["shape"]].startswith(kind.label_de), (m, kind)
        # in the lane of its level (the first level whose places it names), or in no level's lane
        if tl.levels:
            assert m["lane"] in ({lv.label_de for lv in tl.levels if lv.classes & places} or {"ohne Ebene"}), (m, places)
        # whole on the screen and a target of 24 px at least
        assert 0 <= m["left"] and m["right"] <= b.width and m["width"] >= 24 and m["height"] >= 24, m
    # the axis runs through every year from the first entry to the last (no year left out)
    years = page.locator("ol.tl-axis li.tl-year .tl-y").all_inner_texts()
    first, last = int(years[0][:4]), int(years[-1][-4:])
    covered = set()
    for y in years:
        a, _, z = y.partition("–")
        covered |= set(range(int(a), int(z or a) + 1))
    assert covered == set(range(first, last + 1))
    assert first <= min(min(v[0]) for v in dated.values()) and last >= max(max(v[0]) for v in dated.values())
    assert scroll_width(page) <= b.width, widest(page, 3)
    b.shot("timeline", full_page=True)
    b.assert_clean()


def test_timeline_marker_leads_to_its_entry(desktop):
    page = desktop.open(TIMELINE)
    mark = page.locator("ol.tl-axis a.tl-mark").last
    target = mark.get_attribute("href")
    mark.click()
    assert page.url.endswith(target)
    assert page.locator(f"ol.timeline li{target}").is_visible()


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_each_kind_of_node_has_a_colour_of_its_own(desktop, dark):
    """Every kind of the profile's network is drawn in a colour of its own (its place in the
    profile, so any profile's kinds — not just ours — are told apart), the legend's swatch in the
    same colour, each at least 3:1 against the page (WCAG's non-text contrast), light and dark."""
    for b in (desktop, dark):
        page = b.open(NETWORK)
        found = page.evaluate("""() => {
          const kinds = {};
          for (const n of document.querySelectorAll('svg.network.nw-wide .node')) {
            kinds[n.dataset.kind] = getComputedStyle(n.querySelector('circle')).fill;
          }
          const swatches = {};
          for (const li of document.querySelectorAll('.nw-legend li')) {
            const s = li.querySelector('.swatch');
            if (s) swatches[li.textContent.trim().replace(/ \\(\\d+\\)$/, '')] = getComputedStyle(s).backgroundColor;
          }
          return {kinds, swatches, bg: getComputedStyle(document.body).backgroundColor};
        }""")
        kinds = found["kinds"]
        assert len(kinds) >= 3, kinds
        assert len(set(kinds.values())) == len(kinds), (b.mode, kinds)
        assert found["swatches"] == kinds, (b.mode, found["swatches"], kinds)
        bg = found["bg"] if "rgba(0, 0, 0, 0)" != found["bg"] else page.evaluate(
            "getComputedStyle(document.documentElement).backgroundColor")
        low = {kind: round(_contrast(colour, bg), 2) for kind, colour in kinds.items() if _contrast(colour, bg) < 3}
        assert not low, (b.mode, low)

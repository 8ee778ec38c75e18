"""The browser kit's helpers (tests/browserkit.py) find what they are meant to find: on small
pages written here, with a known fault and without it."""

from __future__ import annotations

import pytest

from tests.browserkit import Browse, axe, contrast, focus_ring, scroll_width, small_targets

pytestmark = pytest.mark.browser

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>t</title>
<style>body {{ margin: 0; background: #fff; color: #000 }} {style}</style></head>
<body><main>{body}</main></body></html>"""


@pytest.fixture
def blank(chromium, tmp_path):
    b = Browse(chromium, tmp_path, "phone")
    yield b
    b.close()


def show(b: Browse, body: str, style: str = "") -> None:
    (b.site / "t.html").write_text(PAGE.format(body=body, style=style), encoding="utf-8")
    b.open("t.html")


def test_axe_reports_serious_violations_only(blank):
    show(blank, '<svg role="img" aria-label="x" width="50" height="50"><a href="#a"><text y="20">a</text></a></svg>'
                '<p id="a" style="color:#bbb">faint text</p>')
    rules = {v.rule: v.impact for v in axe(blank.page)}
    assert rules.get("nested-interactive") == "serious"
    assert rules.get("color-contrast") == "serious"
    show(blank, '<svg role="img" aria-label="x" width="50" height="50"><text y="20">a</text></svg>'
                '<p><a href="#a">a</a></p><p id="a">dark text</p>')
    assert axe(blank.page) == []


def test_scroll_width_sees_a_wide_element(blank):
    show(blank, "<p>narrow</p>")
    assert scroll_width(blank.page) == 390
    show(blank, '<div style="width: 600px">wide</div>')
    assert scroll_width(blank.page) == 600


def test_focus_ring_measures_outline_against_background(blank):
    header = '<header style="background: {bg}; padding: 1rem"><a href="#x">home</a></header><p id="x">x</p>'
    show(blank, header.format(bg="#1f4e79"), "a:focus-visible { outline: 3px solid #1f4e79 }")
    ring = focus_ring(blank.page, "header a")
    assert ring.ratio == pytest.approx(1.0) and not ring.visible()
    show(blank, header.format(bg="#1f4e79"), "a:focus-visible { outline: 3px solid #ffbf47 }")
    ring = focus_ring(blank.page, "header a")
    assert ring.visible() and ring.ratio > 3
    show(blank, header.format(bg="#fff"), "a:focus-visible { outline: none }")
    assert not focus_ring(blank.page, "header a").visible()


def test_contrast_is_wcags_ratio():
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def test_small_targets_side_by_side_fail_and_spaced_or_large_ones_pass(blank):
    sups = "".join(f'<sup><a href="#x">{i}</a></sup>' for i in range(1, 6))
    show(blank, f"<p>Some words{sups}</p><p id='x'>x</p>", "sup a { font-size: 10px }")
    assert len(small_targets(blank.page)) == 5
    spaced = "".join(f'<a href="#x" style="margin-right: 24px">{i}</a>' for i in range(1, 6))
    show(blank, f"<div>{spaced}</div><p id='x'>x</p>", "a { font-size: 10px }")
    assert small_targets(blank.page) == []
    big = "".join(f'<a href="#x" style="display:inline-block;min-width:24px;min-height:24px">{i}</a>'
                  for i in range(1, 6))
    show(blank, f"<div>{big}</div><p id='x'>x</p>")
    assert small_targets(blank.page) == []
    show(blank, '<p>A sentence with <a href="#x">a link</a> and <a href="#x">another</a> inside it.</p>'
                "<p id='x'>x</p>", "p { font-size: 12px }")
    assert small_targets(blank.page) == []


def test_small_targets_counts_reference_numbers_after_text(blank):
    refs = "".join(f'<a class="ref" href="#x">{i}</a>' for i in range(1, 4))
    show(blank, f"<ul><li>A long enough value with words in it{refs}</li></ul><p id='x'>x</p>",
         ".ref { font-size: 10px; vertical-align: super }")
    assert len(small_targets(blank.page)) == 3

"""The program's one Jinja2 environment: usable without a built graph, escaping everything."""

from __future__ import annotations

import json
from dataclasses import replace

from dialoggraph.site.templates import Chrome, dataset_globals, environment, render_page

EVIL = "\"><script>alert('x')</script>&"


def test_without_settings_every_template_escapes_and_json_is_deterministic():
    env = environment()
    assert env.from_string("{{ x }}").render(x=EVIL) == "&#34;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;"
    doc = env.from_string("{{ d|tojson }}").render(d={"b": "ü</script>", "a": [1, 2]})
    assert doc == '{"a":[1,2],"b":"ü\\u003c/script\\u003e"}'
    assert json.loads(doc) == {"a": [1, 2], "b": "ü</script>"}
    # the markup helpers are globals of every template, and their output is not escaped twice
    assert env.from_string("{{ value(v) }}").render(v=_text(EVIL)) == "<span>&#34;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</span>"


def test_a_page_template_renders_with_only_its_own_values(settings):
    """What the server needs: a page in the site's look, from the settings alone."""
    env = environment(settings)
    html = render_page(env, Chrome(env), "validation.html", "_site/check.html", rows=[], conforms=True,
                       counts={}, summary={"triples": 3, "entities": 1})
    assert html.startswith("<!DOCTYPE html>")
    assert '<link rel="stylesheet" href="../_static/style.css">' in html
    assert f"<title>Validierung · {settings.dataset.title_de.split(',')[0]}</title>" in html


def test_dataset_globals_link_only_web_licences(settings):
    assert dataset_globals(settings)["license"] == settings.dataset.license
    bad = replace(settings, dataset=replace(settings.dataset, license="javascript:alert(1)", title_de=EVIL))
    footer = str(Chrome(environment(bad)).at("").footer)
    assert "Daten unter javascript:alert(1) ·" in footer  # the licence as text, not as a link
    assert 'href="javascript' not in footer and "<script>" not in footer


def test_chrome_is_rendered_once_per_depth():
    env = environment()
    chrome = Chrome(env)
    assert chrome.at("../") is chrome.at("../")
    assert 'href="../_static/style.css"' in str(chrome.at("../").head)
    assert 'href="_static/style.css"' in str(chrome.at("").head)


def _text(text):
    from dialoggraph.site.values import Value

    return Value("text", text)

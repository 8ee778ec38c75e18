"""Pages for readers, walked in headless Chromium on the built site (#14): who said what, where,
about what — first. An entity page opens with its summary and its statements in document order;
annotation nodes are no page sections; no fact stands twice; the statements browser filters
(and works as grouped lists without JavaScript); a statement's page opens with "Speaker,
Event: «quote»"; the search folds umlauts both ways and finds statements by their words.
Screenshots (desktop 1366 px, phone 390 px, light and dark) go to test-artifacts/."""

from __future__ import annotations

import re

import pytest

from tests.browserkit import MODES, Browse, axe, scroll_width, widest

pytestmark = pytest.mark.browser

RUETTEN = "person/anton-ruetten.html"


@pytest.fixture(scope="module")
def site(site_dir):
    return site_dir


@pytest.fixture(scope="module")
def attributed(select):
    """Statement IRI lists by speaker IRI, and every statement, from the graph itself."""
    rows = select("SELECT ?c ?who WHERE { ?c a schema:Claim ; prov:wasAttributedTo ?who }")
    by: dict[str, set[str]] = {}
    for r in rows:
        by.setdefault(r["who"], set()).add(r["c"])
    every = {r["c"] for r in select("SELECT ?c WHERE { ?c a schema:Claim }")}
    return by, every


def _top(page, selector: str):
    return page.evaluate("s => { const e = document.querySelector(s); return e ? e.getBoundingClientRect().top "
                         "+ window.scrollY : null; }", selector)


def _reading_order(page, site, ids: list[str]) -> list[int]:
    """The position of each element id in the reading view (its order in the document)."""
    page.goto((site / "_site/read.html").as_uri())
    return page.evaluate("ids => { const all = Array.from(document.querySelectorAll('[id]')).map(e => e.id);"
                         " return ids.map(i => all.indexOf(i)); }", ids)


def test_person_page_summary_first_then_statements_in_document_order(chromium, site, settings, attributed):
    s = Browse(chromium, site, "desktop")
    page = s.page
    page.goto((site / RUETTEN).as_uri())
    assert page.locator("h1").inner_text() == "Anton Rütten"
    # summary, statements, facts, passages: in this order, top to bottom
    tops = [_top(page, sel) for sel in ("dl.summary", "#h-statements", "#h-facts", "#belege")]
    assert None not in tops and tops == sorted(tops), tops
    summary = page.locator("dl.summary").inner_text()
    for words in ("Funktion", "Abteilungsleiter „Integration“", "Zugehörigkeit",
                  "Ministerium für Arbeit, Integration und Soziales NRW", "Wirkt mit bei",
                  "Integrationspolitik in Nordrhein-Westfalen", "Input/Vortrag"):
        assert words in summary, words
    # every statement attributed to him, each once, grouped by event, with kind, themes and passage
    items = page.locator(".statements li.stmt")
    by, _every = attributed
    assert items.count() == len(by[settings.base_iri + "person/anton-ruetten#id"]) > 20
    assert page.locator(".statements .stmt-group").count() >= 1
    assert page.locator(".statements li.stmt .stmt-kind").count() == items.count()
    assert page.locator(".statements li.stmt .stmt-themes").count() >= items.count() - 2
    anchors = items.evaluate_all("els => els.map(li => li.querySelector('a.stmt-read').getAttribute('href')"
                                 ".split('#')[1])")
    s.shot("pga-person-desktop", full_page=True)
    positions = _reading_order(page, site, anchors)
    assert -1 not in positions and positions == sorted(positions), "statements out of document order"
    s.assert_clean()
    s.close()


def test_annotation_nodes_are_no_page_sections(chromium, site):
    s = Browse(chromium, site, "desktop")
    page = s.page
    for name in (RUETTEN, "org/mais-nrw.html", "law/zuwanderungsgesetz-2005.html", "place/muenster.html"):
        page.goto((site / name).as_uri())
        heads = page.locator("main h2").all_inner_texts()
        assert not [h for h in heads if "Textstelle zu" in h or "Ziel der Textstelle" in h or "Selektor" in h
                    or re.match(r"Zeichen \d", h)], (name, heads)
        assert page.locator("section.subnode").count() == 0, name
    # an annotation's IRI still lands on its passage: every part has its id inside the item
    page.goto((site / RUETTEN).as_uri() + "#anno-1-quote")
    assert page.evaluate("document.getElementById('anno-1-quote').closest('li').id") == "beleg-1"
    s.close()


def test_no_fact_stands_twice(chromium, site):
    s = Browse(chromium, site, "desktop")
    page = s.page
    # owl:sameAs and schema:sameAs to the same Wikidata item: one fact
    page.goto((site / "place/muenster.html").as_uri())
    assert page.locator("main a[href='http://www.wikidata.org/entity/Q2742']").count() == 1
    # a job title said as a title, as a role's name and an affiliation said as a role: once each
    page.goto((site / RUETTEN).as_uri())
    head_and_facts = page.evaluate("""() => { const a = document.querySelector('article').cloneNode(true);
        a.querySelectorAll('.statements, .passages').forEach(e => e.remove()); return a.innerText; }""")
    assert head_and_facts.count("Abteilungsleiter „Integration“") == 1, head_and_facts
    assert head_and_facts.count("Ministerium für Arbeit, Integration und Soziales NRW\n") <= 1
    # inverse links (org:hasUnit / org:unitOf, org:subOrganizationOf / org:hasSubOrganization) once
    page.goto((site / "org/mais-nrw.html").as_uri())
    for org in ("mais-nrw-abteilung-integration", "landesregierung-nrw"):
        assert page.locator(f"main a[href$='{org}.html']").count() == 1, org
    # a role and the person it is held by, on the event's page: the person once, with the role
    page.goto((site / "event/nrw-dialogforum-2016/track/integration-und-transformation/session-1/table/arbeit.html")
              .as_uri())
    assert page.locator("main a", has_text="Barbara Hordt").count() == 1
    assert "Tischmoderation" in page.locator("dl.summary").inner_text()
    s.close()


def test_dataset_metadata_is_no_entity_fact(site):
    """The VoID description's void:exampleResource (or any VoID/DCAT link) is no fact of the
    entity it names."""
    pages = [p for p in site.rglob("*.html")
             if not p.relative_to(site).as_posix().startswith(("_site/", "dataset/", "index.html"))]
    assert len(pages) > 300
    for p in pages:
        html = p.read_text(encoding="utf-8")
        assert "Beispielressource" not in html and "void:exampleResource" not in html, p


def test_statements_browser_filters_and_works_without_javascript(chromium, site, settings, attributed):
    by, every = attributed
    ruetten = len(by[settings.base_iri + "person/anton-ruetten#id"])
    s = Browse(chromium, site, "desktop")
    page = s.page
    page.goto((site / "_site/statements.html").as_uri())
    assert page.locator("li.stmt").count() == len(every) > 150
    assert page.locator("#stmt-filters").is_visible()
    page.select_option("#f-speaker", "person/anton-ruetten")
    assert page.locator("li.stmt:visible").count() == ruetten
    assert page.locator("#stmt-status").inner_text().startswith(f"{ruetten} von {len(every)}")
    s.shot("pga-statements-filtered", full_page=False)
    page.select_option("#f-kind", "statement-type/thesis")
    kinds = page.locator("li.stmt:visible .stmt-kind").all_inner_texts()
    assert kinds and all("These" in k for k in kinds)
    page.locator("#stmt-filters button[type=reset]").click()
    page.wait_for_function(f"document.querySelectorAll('li.stmt:not([hidden])').length === {len(every)}")
    # words: anywhere in the text, folded like the search
    page.fill("#f-q", "Gefaelle Stadtstaaten")
    texts = page.locator("li.stmt:visible .stmt-text").all_inner_texts()
    assert len(texts) == 1 and "Gefälle" in texts[0]
    # an entity page's link opens the browser filtered
    page.goto((site / RUETTEN).as_uri())
    page.locator(".statements .stmt-count a").first.click()
    page.wait_for_url(re.compile(r"_site/statements\.html\?speaker=person/anton-ruetten"))
    assert page.locator("li.stmt:visible").count() == ruetten
    assert page.locator("#f-speaker").input_value() == "person/anton-ruetten"
    assert not s.errors, s.errors
    s.close()
    # without JavaScript: every statement in its group, no filter form
    nojs = Browse(chromium, site, "desktop", java_script_enabled=False)
    nojs.page.goto((site / "_site/statements.html").as_uri())
    assert nojs.page.locator("li.stmt:visible").count() == len(every)
    assert not nojs.page.locator("#stmt-filters").is_visible()
    assert nojs.page.locator(".stmt-block h2").count() >= 5
    assert nojs.page.locator("nav.stmt-toc a").count() == nojs.page.locator(".stmt-block h2").count()
    nojs.shot("pga-statements-nojs")
    nojs.close()


def test_statement_page_opens_with_speaker_event_and_quote(chromium, site, select, settings):
    (event,) = select(f"SELECT ?name WHERE {{ <{settings.base_iri}claim/session-2/these-1#id> prov:wasGeneratedBy ?e ."
                      " ?e schema:name ?name FILTER(lang(?name) = 'de') }")
    s = Browse(chromium, site, "desktop")
    page = s.page
    page.goto((site / "claim/session-2/these-1.html").as_uri())
    opening = page.evaluate("() => { const p = document.querySelector('article > header .claim-by').cloneNode(true);"
                            " p.querySelectorAll('.mark').forEach(m => m.remove()); return p.textContent; }")
    assert re.sub(r"\s+,", ",", opening) == f"Anton Rütten, {event['name']}:"  # (his name carries the mark of its inference)
    assert page.locator(".claim-by .mark-inference").count() == 1
    title = page.locator("h1").inner_text()
    assert title.startswith("«Integrations- und Einwanderungspolitik sind immer noch") and title.endswith("»")
    summary = page.locator("dl.summary").inner_text()
    assert "These" in summary and "Einwanderungspolitik" in summary
    s.shot("pga-claim-desktop", full_page=True)
    # the class index of statements gives way to the browser
    page.locator(".crumbs a", has_text="Aussage").click()
    page.wait_for_url(re.compile(r"_site/statements\.html$"))
    page.goto((site / "_site/classes/index.html").as_uri())
    assert page.locator("a", has_text=re.compile(r"^Aussage$")).first.get_attribute("href") == "../statements.html"
    s.close()


@pytest.mark.parametrize("query, expected", [
    ("Ruetten", "Anton Rütten"), ("Rutten", "Anton Rütten"), ("RÜTTEN", "Anton Rütten"),
    ("Uebla", "Jan Üblacker"), ("Muenster", "Münster"), ("Kurtenb", "Sebastian Kurtenbach"),
    ("Suessmuth", "Süssmuth"), ("Süßmuth", "Süssmuth"), ("Schaeuble", "Wolfgang Schäuble"), ("Mueller-Neumann", "Christa Müller-Neumann"),
])
def test_search_folds_umlauts_case_and_accents_both_ways(chromium, site, query, expected):
    s = Browse(chromium, site, "desktop")
    s.page.goto((site / "_site/search.html").as_uri() + "?q=" + query)
    first = s.page.locator("#search-results li a").first
    first.wait_for()
    assert first.inner_text() == expected, (query, s.page.locator("#search-results").inner_text()[:300])
    s.close()


def test_search_finds_statements_by_their_words(chromium, site):
    s = Browse(chromium, site, "desktop")
    page = s.page
    # words from the middle and the end of a statement, not the start of its label
    page.goto((site / "_site/search.html").as_uri() + "?q=" + "stadtstaaten gefaelle")
    hit = page.locator("#search-results li").first
    hit.wait_for()
    assert hit.locator("a").inner_text().startswith("«Dieser Umstand führte zu einem Gefälle")
    assert "Anton Rütten" in hit.inner_text()  # who said it, where
    s.shot("pga-search-statement")
    hit.locator("a").click()
    page.wait_for_url(re.compile(r"/claim/.+\.html$"))
    assert page.locator(".claim-by").count() == 1
    # a theme and the statements using the word; a class named once (not "Begriff (SKOS)")
    page.goto((site / "_site/search.html").as_uri() + "?q=wohnungsleerstand")
    page.locator("#search-results li").first.wait_for()
    assert page.locator("#search-results li").first.locator(".type").inner_text() == "Begriff"
    assert page.locator("#search-results li .who").count() >= 2
    s.close()
    nojs = Browse(chromium, site, "phone", java_script_enabled=False)
    nojs.page.goto((site / "_site/search.html").as_uri())
    assert nojs.page.locator("#h-browse").is_visible()
    assert nojs.page.locator("a[href='statements.html']").is_visible()
    nojs.close()


def test_inferred_values_carry_a_quiet_mark_with_their_reason(chromium, site, select, settings):
    """Issue #15's marks: a value the text does not state has a quiet word beside it; its reason
    shows on hover and keyboard focus and is text in the page (read by screen readers)."""
    rows = select("SELECT ?c ?label WHERE { ?f a rdf:Statement ; rdf:subject ?c ; rdf:predicate prov:wasAttributedTo ; "
                  f"rdf:object <{settings.base_iri}person/anton-ruetten#id> ; prov:wasGeneratedBy ?how . "
                  "?how rdfs:label ?label FILTER(lang(?label) = 'de') }")
    assert len(rows) > 20
    what = rows[0]["label"]
    s = Browse(chromium, site, "desktop")
    page = s.open(RUETTEN)
    # each statement attributed to him by inference says so, though the page leaves his name out
    assert page.locator(".statements li.stmt .stmt-who .mark-inference").count() == len(rows)
    mark = page.locator(".statements .mark").first
    why = mark.locator(".mark-why")
    assert what in why.text_content()  # in the page's text: screen readers read it
    assert why.bounding_box()["width"] <= 1  # quiet until asked
    mark.locator(".mark-word").hover()
    assert why.bounding_box()["width"] > 100 and why.is_visible()
    s.shot("pga-mark-hover")
    page.mouse.move(0, 0)
    mark.locator(".mark-word").focus()  # the keyboard shows it too
    assert why.bounding_box()["width"] > 100
    # the mark leads to the reasoning
    mark.locator(".mark-word").click()
    page.wait_for_url(re.compile(r"/inference/.+\.html$"))
    assert page.locator("h1").inner_text() == what
    # on the statement's own page, beside its speaker
    claim = rows[0]["c"].removeprefix(settings.base_iri).removesuffix("#id")
    page = s.open(claim + ".html")
    assert page.locator(".claim-by .mark-inference").count() == 1
    # outside knowledge: the Wikidata identity, with its source
    page = s.open("place/muenster.html")
    outside = page.locator("main .mark-outside")
    assert outside.count() >= 1 and "Wikidata Q2742" in page.locator("main").inner_text()
    assert "Quelle: Wikidata" in outside.first.locator(".mark-why").text_content()
    # the fact nodes themselves are no sections of a page
    assert page.locator("section.subnode").count() == 0
    s.assert_clean()
    s.close()


def test_home_page_by_content(chromium, site, select):
    """The home page shows the programme, people by role (by family name), institutions, laws and
    measures, the timeline, themes and statements, with counts of real things, and each class of
    the table once (Person, not also Person (FOAF))."""
    people = {r["p"]: r for r in select("SELECT ?p ?name ?family WHERE { ?p a schema:Person ; schema:name ?name "
                                         "OPTIONAL { ?p schema:familyName ?family } }")}
    (claims,) = select("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a schema:Claim }")
    s = Browse(chromium, site, "desktop")
    page = s.open("index.html")
    heads = [h.split("\n")[0] for h in page.locator("main section.home-section h2").all_inner_texts()]
    assert [h.split(" ")[0] for h in heads[:3]] == ["Programm", "Personen", "Institutionen"], heads
    for word in ("Gesetze", "Zeitleiste", "Themen", "Aussagen"):
        assert any(h.startswith(word) for h in heads), (word, heads)
    hero = page.locator(".hero").inner_text()
    assert "Entitäten" not in hero
    assert f"{len(people)}\nPersonen" in hero and f"{claims['n']}\nAussagen" in hero
    # the programme: forum → track → sessions → tables, with who took part in which role
    table = page.locator("ul.programme > li > ul > li > ul > li > ul > li", has_text="Tisch „Arbeit“")
    assert table.count() == 1 and "Tischmoderation" in table.inner_text()
    assert page.locator("ul.programme > li > ul > li > ul > li > .ev > a:first-child").count() == 3  # the sessions
    # people by their role, each group sorted by family name
    groups = page.locator(".people-group")
    assert groups.count() >= 3
    roles = groups.locator("h3").all_inner_texts()
    assert "Tischmoderation" in roles and "Leitung des Tracks" in roles
    by_name = {r["name"]: r for r in people.values()}
    for g in groups.all():
        names = g.locator("ul.people > li > a:first-child").all_inner_texts()
        keys = [(by_name[n]["family"] or n.split()[-1]).casefold().translate(str.maketrans("äöü", "aou"))
                for n in names]
        assert keys == sorted(keys), names
    # the classes for machines: each once
    page.locator("details.home-classes > summary").click()
    classes = page.locator("details.home-classes table tbody td:first-child").all_inner_texts()
    assert classes.count("Person") == 1 and not any("(FOAF)" in c or "(SKOS)" in c for c in classes), classes
    s.shot("pga-home", full_page=True)
    # the statements section leads into the browser, filtered by kind
    page.locator(".home-statements a.chip").first.click()
    page.wait_for_url(re.compile(r"_site/statements\.html\?kind="))
    assert 0 < page.locator("li.stmt:visible").count() < int(claims["n"])
    s.assert_clean()
    s.close()


#: the page types this issue changed: entity pages of each kind, the statements browser, search
READER_PAGES = ("index.html", RUETTEN, "claim/session-2/these-1.html", "_site/statements.html", "_site/search.html?q=integration",
                "org/mais-nrw.html", "law/zuwanderungsgesetz-2005.html",
                "event/nrw-dialogforum-2016/track/integration-und-transformation.html", "theme/integration.html",
                "group/session-1-tisch-arbeit.html")


@pytest.mark.parametrize("mode", list(MODES))
def test_reader_pages_fit_a_phone_and_pass_axe(chromium, site, mode):
    """No horizontal scrolling at 390 px, axe-core finds no serious or critical violation, light
    and dark; a screenshot of each page in each mode under test-artifacts/."""
    s = Browse(chromium, site, mode)
    for name in READER_PAGES:
        page = s.open(name)
        assert scroll_width(page) <= s.width + 1, (name, mode, widest(page))
        stem = re.sub(r"[^a-z0-9]+", "-", name.lower().removesuffix(".html")).strip("-")
        s.shot(f"pga-{stem}", full_page=True)
        found = axe(page)
        assert not found, (name, mode, [str(v) for v in found])
    s.assert_clean()
    s.close()

"""Small pieces of the renderer: dates, links, element ids, labels of terms."""

import pyoxigraph as ox
import pytest

from dialoggraph.site import labels as L
from dialoggraph.site.entity import context_head as _context_head, context_tail as _context_tail
from dialoggraph.site.ids import html_id, other_order, reading_id
from dialoggraph.site.values import format_literal, is_web_iri, year_of
from dialoggraph.site.index import fallback_label, shorten

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize("value, dt, text", [
    ("2016-11-03", "date", "3. November 2016"),
    ("2001-07", "gYearMonth", "Juli 2001"),
    ("2005", "gYear", "2005"),
    ("2016-11-03T09:30:00", "dateTime", "3. November 2016, 09:30 Uhr"),
    ("true", "boolean", "ja"),
    ("2016-13-01", "date", "2016-13-01"),  # not a date: shown as written
])
def test_format_literal(value, dt, text):
    kind, shown, raw = format_literal(ox.Literal(value, datatype=ox.NamedNode(XSD + dt)))
    assert shown == text
    if kind == "date":
        assert raw == value


def test_year_of():
    assert year_of(ox.Literal("2005", datatype=ox.NamedNode(XSD + "gYear"))) == 2005
    assert year_of(ox.Literal("2001-07", datatype=ox.NamedNode(XSD + "gYearMonth"))) == pytest.approx(2001.5)
    assert year_of(ox.Literal("kein Datum")) is None


@pytest.mark.parametrize("iri, web", [
    ("https://www.wikidata.org/entity/Q1", True), ("HTTP://example.org/", True),
    ("javascript:alert(1)", False), ("JavaScript:alert(1)", False), ("data:text/html,x", False),
    ("vbscript:x", False), ("urn:isbn:1", False), ("mailto:a@b", False), ("//evil.example", False),
])
def test_only_web_iris_become_links(iri, web):
    assert is_web_iri(iri) is web


def test_html_ids():
    assert html_id("target") == "target"
    assert html_id("class-1") == "class-1"
    for bad in (None, "", "1x", "a b", 'x"y', "inhalt", "belege", "beleg-2", "h-facts"):
        assert html_id(bad) is None


def test_term_labels_and_fallbacks():
    assert L.humanise("https://schema.org/legislationPassedBy") == "Legislation passed by"
    assert L.local_name("http://www.w3.org/ns/oa#hasBody") == "hasBody"
    base = "https://data.example.org/x/"
    assert fallback_label(base + "person/jan#id", base) == "jan"
    assert fallback_label(base + "anno/a-1#quote", base) == "a-1 (quote)"
    assert shorten("eins zwei drei vier", 10) == "eins zwei …"


def test_annotation_fragments_order_and_reading_ids():
    base = "https://data.example.org/x/"
    # an entity's annotation and the annotation page of an entity outside the #id scheme
    # share the reading view's id scheme anno-{slug}-{n}
    assert reading_id(base + "person/jan#anno-2", base) == "anno-person-jan-2"
    assert reading_id(base + "anno/person-jan-other-1#id", base) == "anno-person-jan-other-1"
    assert html_id("anno-1-quote") == "anno-1-quote"
    frags = ["anno-10", "anno-2-position", "anno-2", "anno-2-quote", "anno-2-target", "id"]
    ordered = sorted((base + "p/x#" + f for f in frags), key=other_order)
    assert [i.rsplit("#", 1)[1] for i in ordered] == ["anno-2", "anno-2-target", "anno-2-quote",
                                                      "anno-2-position", "anno-10", "id"]


def test_passage_context_keeps_adjacency():
    assert _context_tail("wort [") == "… wort "  # the quote is a link's text: no bracket shown
    assert _context_tail("wort \n") == "… wort "
    assert _context_head("](#) und") == " und …"
    assert _context_head(" und") == " und …"
    assert _context_tail("") == "" and _context_head("  ") == ""


def test_a_shared_link_is_written_once_and_never_changed(graphs, tmp_path):
    """Links are shared by every page that shows them: the second use gets the HTML of the first,
    as a new value; the value handed out first stays as it was."""
    from dialoggraph.site import markup
    from dialoggraph.site.site import Site

    links = Site(graphs, tmp_path).links
    iri = graphs.settings.base_iri + "person/jan-ueblacker#id"
    first = links.value(iri, "../")
    second = links.value(iri, "../")
    assert first.html is None and first.href == "../person/jan-ueblacker.html"
    assert second.html == markup.value_html(first) and second[:-1] == first[:-1]
    assert links.value(iri, "../") is second
    with pytest.raises(AttributeError):
        first.text = "changed"

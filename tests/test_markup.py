"""markup.py builds HTML in Python: every text and attribute value must come out escaped."""

from __future__ import annotations

from hypothesis import given, settings as hsettings, strategies as st

from dialoggraph.site import markup
from dialoggraph.site.marks import Mark
from dialoggraph.site.values import Value

EVIL = "\"><script>alert('x')</script>&"


def test_every_kind_of_value_escapes_text_and_attributes():
    for kind in ("link", "ext", "iri", "date", "text"):
        v = Value(kind, EVIL, href=EVIL, lang=EVIL, raw=EVIL, note=EVIL, refs=(1,))
        html = str(markup.value(v))
        assert "<script>" not in html and "alert('x')" not in html, (kind, html)
        assert "&lt;script&gt;" in html and "&amp;" in html, (kind, html)


def test_fact_and_incoming_lists_and_heads_escape():
    head = markup.prop_head(Value("ext", EVIL, href=EVIL, raw=EVIL), EVIL, EVIL)
    facts = markup.facts([{"head": head, "values": [Value("text", EVIL)]}])
    incoming = markup.incoming_list([{"label": EVIL, "en": EVIL + "!", "curie": EVIL, "more": 2,
                                      "values": [Value("link", EVIL, href=EVIL)]}])
    badges = markup.typebadges([Value("ext", EVIL, href=EVIL, raw=EVIL), Value("iri", EVIL)])
    bnode = markup.value(Value("bnode", "", groups=[{"head": head, "values": [Value("text", EVIL)]}]))
    for html in map(str, (head, facts, incoming, badges, bnode)):
        assert "<script>" not in html and "alert('x')" not in html, html


def test_esc_is_markupsafe_escape_as_text():
    from markupsafe import Markup, escape

    for s in (EVIL, "Für „Sprache“ & <Arbeit>", "", "plain", 42, Markup("<b>ok</b>")):
        assert markup.esc(s) == str(escape(s))
        assert type(markup.esc(s)) is str


@given(st.text(alphabet=st.sampled_from(list("a ä&<>'\"=/;#\u201e\u201c")), max_size=30))
@hsettings(max_examples=300, deadline=None)
def test_esc_with_its_shortcut_is_markupsafe_escape_for_any_text(text):
    from markupsafe import escape

    assert markup.esc(text) == str(escape(text))


def test_passages_and_subnodes_escape():
    from types import SimpleNamespace as Obj

    link = Value("link", EVIL, href=EVIL)
    passage = Obj(n=1, exact=EVIL, prefix=EVIL, suffix=EVIL, section=link, read=EVIL, start=1, end=2,
                  ids=[EVIL, "anno-1"])
    head = markup.prop_head(Value("ext", EVIL, href=EVIL, raw=EVIL), EVIL, EVIL)
    node = Obj(iri=EVIL, id=EVIL, label=EVIL, types=markup.typebadges([Value("iri", EVIL)]),
               facts=[{"head": head, "values": [Value("text", EVIL)]}],
               incoming=[{"label": EVIL, "en": EVIL, "curie": EVIL, "more": 0, "values": [link]}])
    for html in (str(markup.passage_items([passage])), str(markup.subnodes([node]))):
        assert "<script>" not in html and "alert('x')" not in html, html
        assert html.count("&lt;script&gt;") >= 4, html


def test_class_rows_and_reading_blocks_escape():
    rows = str(markup.class_rows([(EVIL, EVIL, EVIL, EVIL, EVIL), (None, EVIL, None, "", EVIL)]))
    link = Value("link", EVIL, href=EVIL, note=EVIL)
    piece = {"text": EVIL, "link": True, "em": True, "anchors": [EVIL]}
    one = {"pieces": [piece], "level": 1, "entities": [link], "more": 0}
    several = {"pieces": [piece], "level": 2, "entities": [link, link], "more": 3, "list_id": EVIL}
    plain = {"pieces": [piece], "level": 0, "entities": [], "more": 0}
    lines = [{"runs": [one, several, plain]}]
    blocks = str(markup.reading_blocks([
        {"n": 1, "anchors": [EVIL], "parts": [
            {"kind": "heading", "level": 2, "ids": [EVIL], "refs": [link], "lines": lines},
            {"kind": "line", "lines": lines + lines}, {"kind": "item", "lines": lines}]}]))
    for html in (rows, blocks):
        assert "<script>" not in html and "alert('x')" not in html, html
        assert html.count("&lt;script&gt;") >= 4, html


def test_summary_statements_and_claim_opening_escape():
    """The summary rows, a statement's list item (its text, speaker, kind, themes, passage link
    and the browser's data attributes), the statement sections and a claim's opening."""
    from types import SimpleNamespace as Obj

    link = Value("link", EVIL, href=EVIL, lang=EVIL, note=EVIL)
    date = Value("date", EVIL, raw=EVIL)
    rows = str(markup.summary_rows([Obj(de=EVIL, en=EVIL, values=[link, Value("text", EVIL)], span=False),
                                    Obj(de=EVIL, en=EVIL, values=[date, date], span=True)]))
    view = Obj(text=EVIL, lang=EVIL, href=EVIL, speakers=[link], kinds=[link], themes=[link], read=EVIL,
               attributed=())
    item = markup.statement_item(view, f' data-speaker="{markup.esc(EVIL)}"')
    plain = markup.statement_item(Obj(text=EVIL, lang=None, href=None, speakers=[], kinds=[], themes=[],
                                      read=None, attributed=(markup.mark_html(MARK, EVIL, None),)))
    section = Obj(de=EVIL, en=EVIL, count=3, more=1, browser=EVIL, folded=False,
                  groups=[Obj(head=markup.value_html(link), text=EVIL, items=[item])])
    folded = Obj(de=EVIL, en=EVIL, count=40, more=0, browser=EVIL, folded=True,
                 groups=[Obj(head=markup.value_html(link), text=EVIL, items=[item, plain])])
    sections = str(markup.statement_sections([section, folded]))
    opening = str(markup.claim_opening(Obj(speakers=[link], events=[link])))
    for html in (rows, item, plain, sections, opening):
        assert "<script>" not in html and "alert('x')" not in html, html
        assert "&lt;script&gt;" in html, html
    assert "zugeschrieben" in plain and 'class="mark-word"' in plain
    assert item.count("&lt;script&gt;") >= 6  # text, speaker, kind, theme, notes, data attribute
    assert sections.count('<h4 class="stmt-group">') == 1 and "<details" in sections


MARK = Mark(EVIL, "inference", EVIL, EVIL, EVIL, (EVIL, EVIL), EVIL, EVIL)


def test_marks_of_how_a_fact_is_known_escape():
    """A mark beside a value: its kind's name, what was concluded, the note on the fact, who,
    the source and the link to the reasoning are all text; a value carries it escaped."""
    source = Value("ext", EVIL, href=EVIL)
    for href in (EVIL, None):
        html = markup.mark_html(MARK, href, source)
        assert "<script>" not in html and "alert('x')" not in html, html
        assert html.count("&lt;script&gt;") >= 6, html
    marked = markup.value_html(Value("link", EVIL, href=EVIL, marks=(markup.mark_html(MARK, EVIL, None),)))
    assert "<script>" not in marked and marked.count('class="mark-why"') == 1
    assert markup.mark_html(Mark("f", "outside", "x", "y", "z", (), None, None), None, None).count("extern") == 1
    anchored = markup.mark_html(MARK, None, None, EVIL)  # the fact node's id on its subject's page
    assert 'id="&#34;&gt;&lt;script&gt;' in anchored and "<script>" not in anchored

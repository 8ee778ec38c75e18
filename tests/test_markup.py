"""markup.py builds HTML in Python: every text and attribute value must come out escaped."""

from __future__ import annotations

from dialoggraph import markup
from dialoggraph.render import Value

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

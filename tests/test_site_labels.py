"""Every property an entity page names is named in German first, with its English name beside it
(#14): the facts' heads and the "referenced by" readings come from the vocabulary's names
(site/vocabulary-labels.ttl, the project's ontology), never from a term's English local name."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from dialoggraph.site.site import Site

#: properties no entity page shows as a fact or a link pointing to it: types (badges), the
#: annotation plumbing (the passages), fact nodes (the marks), the dataset's description
NOT_SHOWN = re.compile(r"^(http://www\.w3\.org/1999/02/22-rdf-syntax-ns#|http://www\.w3\.org/ns/oa#|"
                       r"http://rdfs\.org/ns/void#|http://www\.w3\.org/ns/dcat#)")


@pytest.fixture(scope="module")
def site(graphs, tmp_path_factory):
    return Site(graphs, tmp_path_factory.mktemp("labels"))


def test_every_property_on_an_entity_page_has_a_german_name(site):
    ix = site.index
    dgo = site.settings.ontology_ns
    unnamed = sorted(p for p in ix.predicate_use if p not in ix.term_labels and not NOT_SHOWN.match(p)
                     and not p.startswith(dgo + "anchor"))
    assert not unnamed, unnamed
    for p in ix.predicate_use:
        de, en = ix.term_labels.get(p, (None, None))
        if de is not None and not NOT_SHOWN.match(p):
            assert de.strip() and en.strip(), p


def test_every_link_read_backwards_has_a_german_reading(site):
    ix = site.index
    shown = set()
    for o, triples in ix.incoming.items():
        for t in triples:
            s = t.subject.value
            if s in ix.oa_nodes or s in ix.marks.fact_nodes or NOT_SHOWN.match(t.predicate.value):
                continue
            if t.predicate.value in site.profile.properties.hidden_incoming:
                continue
            shown.add(t.predicate.value)
    missing = sorted(p for p in shown if p not in ix.inverse_labels)
    assert not missing, missing


def test_no_entity_page_falls_back_to_a_technical_name(site_dir):
    """No fact head is a term's English local name; no link read backwards is the generic
    "Verweist über …" (a property without a reading)."""
    pages = [p for p in site_dir.rglob("*.html") if not p.relative_to(site_dir).as_posix().startswith("_site/")]
    assert len(pages) > 300
    for p in pages:
        html = p.read_text(encoding="utf-8")
        assert "Verweist über" not in html, p
        for head in re.findall(r'<dt>(?:<a [^>]*>)?([^<]+)', html):
            assert head.strip() not in ("Head of", "Founder", "Member", "Spatial coverage", "Additional property",
                                        "Property id", "Audience", "Linked to", "Was influenced by"), (p, head)

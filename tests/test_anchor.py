"""The anchor stage: quotes curators copy from the source become Web Annotations at the right
offsets, in the right section; a quote that cannot be placed stops the build with its entity."""

from __future__ import annotations

import re
import unicodedata

import pyoxigraph as ox
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from dialoggraph.config import load_settings
from dialoggraph.pipeline.anchor import AnchorError, QuoteIndex, SourceText, anchor, quote_pattern
from dialoggraph.pipeline.load import load_corpus

from .conftest import make_project

OA = "http://www.w3.org/ns/oa#"

# ---------------------------------------------------------------- the quote index


def _by_regex(text: str, quote: str, start: int, end: int) -> list[tuple[int, int]]:
    return [m.span() for m in quote_pattern(quote).finditer(text, start, end)]


WORDS = ["a", "ab", "b", "ba", "Arbeit", "„Arbeit“", "die", "Die", "ü", "über", "-", "Integration", "x."]
SPACE = st.sampled_from([" ", "  ", "\n", "\n\n", "\t", " \n ", "\u00a0", "\u2009", "\u3000", "\x1c"])


@st.composite
def texts_and_quotes(draw):
    alphabet = draw(st.sampled_from([WORDS, ["a", "b", "ab"]]))  # few words: many repeats and overlaps
    words = draw(st.lists(st.sampled_from(alphabet), min_size=1, max_size=40))
    gaps = draw(st.lists(SPACE, min_size=len(words), max_size=len(words)))
    text = unicodedata.normalize("NFC", "".join(w + g for w, g in zip(words, gaps)))
    if draw(st.booleans()):  # a run of the text's own words (maybe cut inside the first and last)
        i = draw(st.integers(0, len(words) - 1))
        j = draw(st.integers(i, min(len(words), i + 6) - 1))
        chosen = words[i:j + 1]
        first, last = chosen[0], chosen[-1]
        chosen[0] = first[draw(st.integers(0, len(first) - 1)):]
        chosen[-1] = chosen[-1] if len(chosen) > 1 else chosen[0]
        if len(chosen) > 1:
            chosen[-1] = last[:draw(st.integers(1, len(last)))]
        quote = draw(SPACE).join(chosen)
    else:  # any words at all
        quote = " ".join(draw(st.lists(st.sampled_from(alphabet), min_size=1, max_size=5)))
    # the search window's edges where they matter most: at, just before and just after the
    # edges of the text's words
    edges = sorted({0, len(text)} | {p + d for m in re.finditer(r"\S+", text) for p in m.span() for d in (-1, 0, 1)
                                     if 0 <= p + d <= len(text)})
    start = draw(st.sampled_from(edges))
    end = draw(st.sampled_from([e for e in edges if e >= start]))
    return text, quote, start, end


@hsettings(max_examples=400, deadline=None)
@given(texts_and_quotes())
def test_the_quote_index_finds_what_a_plain_search_finds(case):
    """The word index (fast for 100 000 quotes) answers exactly as one regular-expression scan of
    the text per quote: the same matches, non-overlapping, leftmost first, inside [start, end)."""
    text, quote, start, end = case
    assert QuoteIndex(text).finditer(quote, start, end) == _by_regex(text, quote, start, end)


def test_the_quote_index_on_the_real_source_agrees_for_every_sentence():
    """Every sentence of our source, looked up whole and from its middle, as a plain search would."""
    settings = load_settings(".")
    text = SourceText.read(settings.source_file).text
    index = QuoteIndex(text)
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) >= 2]
    assert len(sentences) > 150
    for sentence in sentences:
        for quote in (sentence, " ".join(sentence.split()[1:4])):
            assert index.finditer(quote) == _by_regex(text, quote, 0, len(text)), quote


# ---------------------------------------------------------------- anchoring a project

SOURCE = """Testdokument

Leitung: Jan Beispiel (Beispiel-Institut)

Teil A

Das Forum fand in Kaarst statt. Ein Satz.

Teil B

Ein Satz.
"""

DATA = """@prefix dgo: <ontology#> .
@prefix schema: <https://schema.org/> .

<doc/track-doku-2016#id> a schema:Report ; schema:name "Testdokument"@de ; dgo:anchorText "Testdokument" .
<doc/track-doku-2016/a#id> a dgo:DocumentSection ; schema:name "Teil A"@de ; schema:position 1 ;
    schema:isPartOf <doc/track-doku-2016#id> ; dgo:anchorText "Teil A" .
<doc/track-doku-2016/b#id> a dgo:DocumentSection ; schema:name "Teil B"@de ; schema:position 2 ;
    schema:isPartOf <doc/track-doku-2016#id> ; dgo:anchorText "Teil B" .
<person/jan-beispiel#id> a schema:Person ; schema:name "Jan Beispiel" ; dgo:anchorText "Jan  Beispiel" .
<claim/b-1#id> a schema:Claim ; schema:text "Ein Satz."@de ; dgo:anchorText "Ein Satz." ;
    dgo:anchorScope <doc/track-doku-2016/b#id> .
"""


def _anchored(tmp_path, data: str = DATA, source: str = SOURCE) -> tuple[list[ox.Triple], str, object]:
    project = make_project(tmp_path / "p", {"a.ttl": data}, source)
    settings = load_settings(project)
    corpus = load_corpus(settings)
    return anchor(settings, corpus.data, corpus.origin), SourceText.read(settings.source_file).text, settings


def _selector(triples, settings, entity: str, kind: str) -> dict[str, str]:
    base = settings.base_iri
    body = {t.subject.value for t in triples if t.predicate.value == OA + "hasBody" and t.object.value == base + entity}
    (anno,) = body
    target = next(t.object.value for t in triples if t.subject.value == anno and t.predicate.value == OA + "hasTarget")
    selectors = [t.object.value for t in triples if t.subject.value == target and t.predicate.value == OA + "hasSelector"]
    for sel in selectors:
        values = {t.predicate.value[len(OA):]: t.object.value for t in triples if t.subject.value == sel}
        if (kind == "quote") == ("exact" in values):
            return values
    raise AssertionError(f"no {kind} selector for {entity}")


def test_annotations_point_at_the_quoted_words_whatever_the_spacing(tmp_path):
    triples, text, settings = _anchored(tmp_path)
    position = _selector(triples, settings, "person/jan-beispiel#id", "position")
    quote = _selector(triples, settings, "person/jan-beispiel#id", "quote")
    assert text[int(position["start"]):int(position["end"])] == "Jan Beispiel"
    assert quote["exact"] == "Jan Beispiel" and quote["prefix"].endswith("Leitung: ")
    assert quote["suffix"].startswith(" (Beispiel-Institut)")
    assert not any(t.predicate.value == settings.ontology_ns + "anchorText" for t in triples)


def test_a_quote_that_repeats_is_placed_inside_its_scope_section(tmp_path):
    triples, text, settings = _anchored(tmp_path)
    position = _selector(triples, settings, "claim/b-1#id", "position")
    assert int(position["start"]) == text.rindex("Ein Satz.")
    section = [t.object.value for t in triples if t.predicate.value == settings.ontology_ns + "inSection"]
    assert settings.base_iri + "doc/track-doku-2016/b#id" in section


@pytest.mark.parametrize("data, message", [
    (DATA.replace('dgo:anchorText "Jan  Beispiel"', 'dgo:anchorText "Jana Beispiel"'), "'Jana Beispiel' not found"),
    (DATA.replace("    dgo:anchorScope <doc/track-doku-2016/b#id> .", "    ."), "occurs 2 times"),
    (DATA.replace('dgo:anchorText "Teil B"', 'dgo:anchorText "Teil C"'), "heading 'Teil C' not found"),
])
def test_a_quote_that_cannot_be_placed_names_its_entity_and_file(tmp_path, data, message):
    with pytest.raises(AnchorError) as caught:
        _anchored(tmp_path, data)
    text = str(caught.value)
    assert message in text and "data/a.ttl" in text.replace("\\", "/")

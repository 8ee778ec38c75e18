"""How much of the source the graph covers, and what it leaves out.

A curator's question after every edit: which parts of the document does no entity or statement
anchor yet? The answer comes from the anchored graph itself — the ``oa:TextPositionSelector``
offsets of every passage — and the source text:

* the share of the text covered by passages, in all and per section (counted in letters and
  digits, so spacing, punctuation and Markdown link syntax neither help nor hurt);
* the gaps: stretches of text no passage covers;
* names the graph knows (labels and alternate labels) and capitalised phrases that stand in the
  text where no passage covers them — a mention nobody anchored;
* quotes that match several places in the whole text (placed only thanks to ``dgo:anchorScope``,
  or ambiguous for anyone who searches the document).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from .anchor import QuoteIndex, SourceText

OA = "http://www.w3.org/ns/oa#"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NAME_PREDICATES = {SCHEMA + "name", SCHEMA + "alternateName", SKOS + "prefLabel", SKOS + "altLabel"}

#: gaps shorter than this (in letters and digits) are not listed: a lone "und" between passages
MIN_GAP = 3
#: two or more capitalised words in a row ("Dortmunder Nordstadt", "Deutsche Islamkonferenz")
CAPITALISED_PHRASE = re.compile(r"\b[A-ZÄÖÜ][\w-]+(?:[ \u00a0][A-ZÄÖÜ][\w-]+)+")
#: sentence-initial words that start capitalised phrases by accident
_ARTICLES = {"Der", "Die", "Das", "Dem", "Den", "Des", "Ein", "Eine", "Einer", "Eines", "Im", "In", "Am",
             "Auf", "Für", "Mit", "Von", "Zur", "Zum", "Bei", "Als", "Auch", "Es", "Sie", "Er", "Wie",
             "Was", "Welche", "Diese", "Dieser", "Dies", "So", "Um", "Nach", "Aus", "Ihr", "Man"}


@dataclass(frozen=True)
class SectionCoverage:
    section: str | None  # IRI, or None for text before the first section
    label: str
    characters: int  # letters and digits in the section (not in its subsections)
    covered: int

    @property
    def share(self) -> float:
        return self.covered / self.characters if self.characters else 1.0


@dataclass(frozen=True)
class Gap:
    start: int
    end: int
    section: str | None
    text: str


@dataclass(frozen=True)
class Mention:
    """Words in uncovered text that name something: a known label (``entity`` set) or a
    capitalised phrase the graph may be missing (``entity`` None)."""

    text: str
    start: int
    section: str | None
    entity: str | None


@dataclass(frozen=True)
class AmbiguousQuote:
    entity: str
    quote: str
    matches: int  # in the whole text


@dataclass
class Coverage:
    characters: int
    covered: int
    sections: list[SectionCoverage] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    ambiguous: list[AmbiguousQuote] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.covered / self.characters if self.characters else 1.0


def coverage(data: list[ox.Triple], source: SourceText) -> Coverage:
    """The coverage of ``source`` by the passages of the anchored ``data``."""
    text = source.text
    passages = _passages(data)
    covered = bytearray(len(text))
    for start, end, _body, _anno in passages:
        covered[max(0, start):min(len(text), end)] = b"\x01" * (min(len(text), end) - max(0, start))
    labels = _labels(data)
    sections = _sections(passages, data)
    section_at = _section_lookup(sections)

    per_section: dict[str | None, list[int]] = {}
    total = hit = 0
    for i, ch in enumerate(text):
        if ch.isalnum():
            counts = per_section.setdefault(section_at(i), [0, 0])
            counts[0] += 1
            total += 1
            if covered[i]:
                counts[1] += 1
                hit += 1
    result = Coverage(total, hit)
    order = {iri: n for n, (_s, _e, iri) in enumerate(sections)}
    for section, (chars, got) in sorted(per_section.items(), key=lambda kv: order.get(kv[0], -1)):
        label = labels.get(section, section or "(vor dem ersten Abschnitt / before the first section)")
        result.sections.append(SectionCoverage(section, label, chars, got))
    result.gaps = _gaps(text, covered, section_at)
    result.mentions = _mentions(text, covered, data, section_at)
    result.ambiguous = _ambiguous(text, passages)
    return result


def _passages(data: list[ox.Triple]) -> list[tuple[int, int, str, str]]:
    """(start, end, body, annotation) of every anchored passage."""
    start: dict[str, int] = {}
    end: dict[str, int] = {}
    target_of: dict[str, str] = {}
    selectors: dict[str, list[str]] = {}
    body_of: dict[str, str] = {}
    for t in data:
        p = t.predicate.value
        if p == OA + "start":
            start[t.subject.value] = int(t.object.value)
        elif p == OA + "end":
            end[t.subject.value] = int(t.object.value)
        elif p == OA + "hasTarget":
            target_of[t.subject.value] = t.object.value
        elif p == OA + "hasSelector":
            selectors.setdefault(t.subject.value, []).append(t.object.value)
        elif p == OA + "hasBody":
            body_of[t.subject.value] = t.object.value
    out = []
    for anno, target in target_of.items():
        for sel in selectors.get(target, ()):
            if sel in start and sel in end and anno in body_of:
                out.append((start[sel], end[sel], body_of[anno], anno))
    return sorted(out)


def _labels(data: list[ox.Triple]) -> dict[str, str]:
    best: dict[str, tuple[int, str]] = {}
    rank = {"de": 0, None: 1, "en": 2}
    for t in data:
        if t.predicate.value in (SCHEMA + "name", SKOS + "prefLabel") and isinstance(t.object, ox.Literal):
            key = (rank.get(t.object.language, 3), t.object.value)
            if t.subject.value not in best or key < best[t.subject.value]:
                best[t.subject.value] = key
    return {s: v for s, (_r, v) in best.items()}


def _sections(passages, data: list[ox.Triple]) -> list[tuple[int, int, str]]:
    """(start, end, IRI) of each document section: from its heading (the section's own passage)
    to the next heading of the same or a higher level, as the anchor stage reckons them."""
    section_class_suffix = "ontology#DocumentSection"
    is_section = {t.subject.value for t in data if t.predicate.value == RDF_TYPE
                  and t.object.value.endswith(section_class_suffix)}
    parent = {t.subject.value: t.object.value for t in data
              if t.predicate.value == SCHEMA + "isPartOf" and t.subject.value in is_section}
    heads = sorted((start, body) for start, _end, body, _anno in passages if body in is_section)

    def depth(iri: str) -> int:
        d, seen = 0, set()
        while iri in parent and iri not in seen:
            seen.add(iri)
            iri = parent[iri]
            d += 1
        return d

    out = []
    for i, (start, iri) in enumerate(heads):
        end = None
        for s2, other in heads[i + 1:]:
            if depth(other) <= depth(iri):
                end = s2
                break
        out.append((start, end if end is not None else 10**12, iri))
    return out


def _section_lookup(sections: list[tuple[int, int, str]]):
    """offset → the deepest (latest-starting) section containing it."""
    starts = [s for s, _e, _i in sections]

    def at(offset: int) -> str | None:
        i = bisect.bisect_right(starts, offset) - 1
        while i >= 0:
            s, e, iri = sections[i]
            if s <= offset < e:
                return iri
            i -= 1
        return None
    return at


def _gaps(text: str, covered: bytearray, section_at) -> list[Gap]:
    gaps, i, n = [], 0, len(text)
    while i < n:
        if covered[i] or not text[i].isalnum():
            i += 1
            continue
        j = i
        while j < n and not covered[j]:
            j += 1
        piece = text[i:j]
        if sum(c.isalnum() for c in piece) >= MIN_GAP:
            gaps.append(Gap(i, i + len(piece.rstrip()), section_at(i), " ".join(piece.split())))
        i = j
    return gaps


def _mentions(text: str, covered: bytearray, data: list[ox.Triple], section_at) -> list[Mention]:
    names: dict[str, str] = {}
    for t in data:
        if t.predicate.value in NAME_PREDICATES and isinstance(t.object, ox.Literal) and len(t.object.value) >= 4:
            names.setdefault(t.object.value, t.subject.value)
    index = QuoteIndex(text)
    found: dict[int, Mention] = {}
    for name, entity in sorted(names.items()):
        for start, end in index.finditer(name):
            if not any(covered[start:end]) and _word_edges(text, start, end):
                found.setdefault(start, Mention(text[start:end], start, section_at(start), entity))
    for m in CAPITALISED_PHRASE.finditer(text):
        words = list(re.finditer(r"\S+", m.group()))
        while words and words[0].group() in _ARTICLES:
            words.pop(0)
        if len(words) < 2:
            continue
        start = m.start() + words[0].start()
        if not any(covered[start:m.end()]) and start not in found:
            found[start] = Mention(text[start:m.end()], start, section_at(start), None)
    return [found[k] for k in sorted(found)]


def _word_edges(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _ambiguous(text: str, passages) -> list[AmbiguousQuote]:
    index = QuoteIndex(text)
    out = {}
    for start, end, body, _anno in passages:
        quote = text[start:end]
        n = len(index.finditer(quote))
        if n > 1:
            out[(body, quote)] = AmbiguousQuote(body, " ".join(quote.split()), n)
    return [out[k] for k in sorted(out)]

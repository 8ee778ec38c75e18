"""Curated quotes → W3C Web Annotations, computed from the source text.

Curators write the words an entity comes from (``dgo:anchorText``); nobody types offsets. This
stage reads the source file, normalises it to NFC, finds every quote (whitespace in a quote
matches any run of whitespace, so a quote may span the file's line breaks), and writes for each
an ``oa:Annotation`` whose target carries an ``oa:TextQuoteSelector`` (exact text, prefix,
suffix) and an ``oa:TextPositionSelector`` (code-point offsets into the NFC text), plus the
section of the document it stands in. A quote that is not found, or found more than once in its
scope, is an error that names the entity and its file — an anchor is never guessed.
"""

from __future__ import annotations

import bisect
import hashlib
import heapq
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from dialoggraph.config import Settings
from dialoggraph.rdf.namespaces import DCT, OA, PROV, RDF, SCHEMA, XSD
from dialoggraph.rdf.paths import is_publishable

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class AnchorProblem:
    subject: str
    origin: Path | None
    message: str

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        return f"{where}<{self.subject}>: {self.message}"


class AnchorError(Exception):
    def __init__(self, problems: list[AnchorProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Section:
    iri: str
    depth: int
    start: int
    end: int
    heading_end: int


@dataclass(frozen=True)
class Anchor:
    entity: str
    start: int
    end: int
    section: str | None


@dataclass(frozen=True)
class SourceText:
    text: str  # NFC-normalised
    sha256: str  # of the file's bytes

    @classmethod
    def read(cls, path: Path) -> "SourceText":
        raw = path.read_bytes()
        return cls(unicodedata.normalize("NFC", raw.decode("utf-8")), hashlib.sha256(raw).hexdigest())


def quote_pattern(quote: str) -> re.Pattern[str]:
    words = unicodedata.normalize("NFC", quote).split()
    return re.compile(r"\s+".join(re.escape(w) for w in words))


class QuoteIndex:
    """Finds quotes in a text as ``quote_pattern(q).finditer(text, start, end)`` does, through an
    index of the text's words instead of one regex scan of the whole text per quote (which is
    O(text × quotes): minutes for 100 000 quotes in a long document).

    A quote of words ``w1 … wm`` matches where ``w1`` ends a word of the text, ``w2 … wm-1`` are
    the next words and ``wm`` begins the word after them (``\\s+`` only spans whitespace, so matches
    align with the text's words). Candidates come from the rarest pair of inner words (m ≥ 4), the
    inner word (m = 3), or the words ending in ``w1`` (m = 2, through a sorted list of reversed
    words); a one-word quote is a plain substring search."""

    def __init__(self, text: str):
        self.text = text
        starts, words = [], []
        for m in re.finditer(r"\S+", text):
            starts.append(m.start())
            words.append(m.group())
        self.starts, self.words = starts, words
        self._positions: dict[str, list[int]] | None = None
        self._pairs: dict[tuple[str, str], list[int]] | None = None
        self._reversed: list[tuple[str, str]] | None = None

    @property
    def positions(self) -> dict[str, list[int]]:
        if self._positions is None:
            positions: dict[str, list[int]] = {}
            for i, w in enumerate(self.words):
                positions.setdefault(w, []).append(i)
            self._positions = positions
        return self._positions

    @property
    def pairs(self) -> dict[tuple[str, str], list[int]]:
        if self._pairs is None:
            pairs: dict[tuple[str, str], list[int]] = {}
            for i, pair in enumerate(zip(self.words, self.words[1:])):
                pairs.setdefault(pair, []).append(i)
            self._pairs = pairs
        return self._pairs

    def _words_ending_with(self, suffix: str) -> list[str]:
        if self._reversed is None:
            self._reversed = sorted((w[::-1], w) for w in self.positions)
        rev = suffix[::-1]
        i = bisect.bisect_left(self._reversed, (rev, ""))
        out = []
        while i < len(self._reversed) and self._reversed[i][0].startswith(rev):
            out.append(self._reversed[i][1])
            i += 1
        return out

    def finditer(self, quote: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """``(start, end)`` of every non-overlapping match of ``quote`` inside ``text[start:end]``."""
        end = len(self.text) if end is None else end
        qw = unicodedata.normalize("NFC", quote).split()
        if not qw:
            return [m.span() for m in quote_pattern(quote).finditer(self.text, start, end)]
        text, words, starts = self.text, self.words, self.starts
        found: list[tuple[int, int]] = []
        if len(qw) == 1:
            w, pos = qw[0], start
            while (pos := text.find(w, pos, end)) >= 0:
                found.append((pos, pos + len(w)))
                pos += len(w)
            return found
        m = len(qw)
        if m == 2:
            firsts = sorted(j for w in self._words_ending_with(qw[0]) for j in self.positions[w])
        elif m == 3:
            firsts = [j - 1 for j in self.positions.get(qw[1], ())]
        else:  # the rarest pair of inner words: common words ("die", "„Arbeit“") pair rarely
            pairs, k, best = self.pairs, 0, None
            for i in range(1, m - 2):
                hits = pairs.get((qw[i], qw[i + 1]))
                if hits is None:
                    return []  # inner words are whole words of the text, in a row
                if best is None or len(hits) < len(best):
                    k, best = i, hits
                    if len(hits) == 1:
                        break
            firsts = [j - k for j in best]
        n = len(words)
        inner = qw[1:m - 1]
        for j in firsts:
            if j < 0 or j + m - 1 >= n:
                continue
            if not words[j].endswith(qw[0]) or not words[j + m - 1].startswith(qw[-1]):
                continue
            if words[j + 1:j + m - 1] != inner:
                continue
            s = starts[j] + len(words[j]) - len(qw[0])
            e = starts[j + m - 1] + len(qw[-1])
            if s >= start and e <= end:
                found.append((s, e))
        found.sort()
        out: list[tuple[int, int]] = []
        for s, e in found:  # non-overlapping, leftmost first, like re.finditer
            if not out or s >= out[-1][1]:
                out.append((s, e))
        return out

    def search(self, quote: str, start: int = 0) -> tuple[int, int] | None:
        hits = self.finditer(quote, start)
        return hits[0] if hits else None


class Anchorer:
    """Locates the curated quotes of a data graph in the source text."""

    def __init__(self, settings: Settings, source: SourceText, triples: list[ox.Triple],
                 origin: dict[str, Path] | None = None):
        self.settings = settings
        self.source = source
        self.origin = origin or {}
        self.dgo = settings.ontology_ns
        self.problems: list[AnchorProblem] = []
        self.quotes: dict[str, list[str]] = {}
        self.scope: dict[str, str] = {}
        types: dict[str, bool] = {}  # the document sections, in order of appearance
        positions: dict[str, int] = {}
        parents: dict[str, str] = {}
        # One look at the predicate of each triple (a million of them at scale); the few that
        # matter are looked at more closely.
        wanted = {self.dgo + "anchorText": 0, self.dgo + "anchorScope": 1, str(RDF.type): 2,
                  str(SCHEMA.position): 3, str(SCHEMA.isPartOf): 4}
        section_class = self.dgo + "DocumentSection"
        for t in triples:
            kind = wanted.get(t.predicate.value)
            if kind is None:
                continue
            s = t.subject
            if not isinstance(s, ox.NamedNode):
                continue
            o = t.object
            if kind == 0:
                self.quotes.setdefault(s.value, []).append(o.value)
            elif kind == 1:
                self.scope[s.value] = o.value
            elif kind == 2:
                if o.value == section_class:
                    types[s.value] = True
            elif kind == 3 and isinstance(o, ox.Literal):
                try:
                    positions[s.value] = int(o.value)
                except ValueError:
                    pass  # the shapes report a non-integer position
            elif kind == 4:
                parents[s.value] = o.value
        self.index = QuoteIndex(source.text)
        self._map: tuple[list[int], list[str | None]] | None = None
        section_iris = list(types)
        self.sections = self._locate_sections(section_iris, positions, parents)

    def _problem(self, subject: str, message: str) -> None:
        self.problems.append(AnchorProblem(subject, self.origin.get(subject), message))

    def _locate_sections(self, iris, positions, parents) -> list[Section]:
        """Find each section's heading in document order; a section runs to the next heading
        of the same or a higher level."""
        ordered = sorted(iris, key=lambda s: (positions.get(s, 10**9), s))
        found: list[tuple[str, int, int]] = []
        cursor = 0
        for iri in ordered:
            if iri not in positions:
                self._problem(iri, "a document section needs schema:position (its order in the document)")
                continue
            heading = (self.quotes.get(iri) or [None])[0]
            if heading is None:
                continue  # reported with the other unanchored entities
            match = self.index.search(heading, cursor)
            if match is None:
                self._problem(iri, f"heading {heading!r} not found after offset {cursor} "
                                   "(sections are looked up in the order of schema:position)")
                continue
            cursor = match[0]
            depth, node, seen = 0, iri, set()
            while node in parents and node not in seen:
                seen.add(node)
                node = parents[node]
                depth += 1
            found.append((iri, depth, match[0], match[1]))
        sections = []
        for i, (iri, depth, start, heading_end) in enumerate(found):
            end = len(self.source.text)
            for _, d2, s2, _ in found[i + 1:]:
                if d2 <= depth and s2 > start:
                    end = s2
                    break
            sections.append(Section(iri, depth, start, end, heading_end))
        return sections

    def _section_map(self) -> tuple[list[int], list[str | None]]:
        """Boundaries of the text's pieces and, for each piece, its section: the deepest one
        containing it (the first of them in document order on a tie). A sweep over the section
        starts and ends, so looking up an offset is a binary search."""
        events = sorted({p for sec in self.sections for p in (sec.start, sec.end)})
        opening = sorted(range(len(self.sections)), key=lambda i: self.sections[i].start)
        heap: list[tuple[int, int]] = []  # (-depth, order) of the sections open at a boundary
        owners: list[str | None] = []
        nxt = 0
        for point in events:
            while nxt < len(opening) and self.sections[opening[nxt]].start <= point:
                i = opening[nxt]
                heapq.heappush(heap, (-self.sections[i].depth, i))
                nxt += 1
            while heap and self.sections[heap[0][1]].end <= point:
                heapq.heappop(heap)  # closed sections leave the top lazily
            owners.append(self.sections[heap[0][1]].iri if heap else None)
        return events, owners

    def section_at(self, offset: int) -> str | None:
        if self._map is None:
            self._map = self._section_map()
        events, owners = self._map
        i = bisect.bisect_right(events, offset) - 1
        return owners[i] if i >= 0 else None

    def anchors(self) -> list[Anchor]:
        text = self.source.text
        spans = {s.iri: s for s in self.sections}
        out: list[Anchor] = []
        for entity in sorted(self.quotes):
            if entity in spans:  # a section is anchored by the heading located above
                sec = spans[entity]
                out.append(Anchor(entity, sec.start, sec.heading_end, entity))
                continue
            start, end = 0, len(text)
            scope = self.scope.get(entity)
            if scope is not None:
                if scope not in spans:
                    self._problem(entity, f"dgo:anchorScope <{scope}> is not a located document section")
                    continue
                start, end = spans[scope].start, spans[scope].end
            for quote in sorted(set(self.quotes[entity])):
                hits = self.index.finditer(quote, start, end)
                where = "in its scope section" if scope else "in the source"
                if not hits:
                    self._problem(entity, f"quote {quote!r} not found {where}")
                elif len(hits) > 1:
                    offsets = ", ".join(str(h[0]) for h in hits[:5])
                    self._problem(entity, f"quote {quote!r} occurs {len(hits)} times {where} "
                                          f"(at {offsets}); quote more words or set dgo:anchorScope")
                else:
                    hit = hits[0]
                    out.append(Anchor(entity, hit[0], hit[1], self.section_at(hit[0])))
        return out


def annotation_triples(settings: Settings, source: SourceText, anchors: list[Anchor]) -> list[ox.Triple]:
    """The Web Annotation triples for ``anchors`` plus provenance links and the document's hash."""
    text = source.text
    doc = ox.NamedNode(settings.source_document_iri)
    base = settings.base_iri
    N, L, T = ox.NamedNode, ox.Literal, ox.Triple
    integer = N(str(XSD.integer))
    # The terms every annotation repeats, made once (rdflib's namespace look-ups are slow).
    rdf_type, derived, in_section = N(str(RDF.type)), N(str(PROV.wasDerivedFrom)), N(settings.ontology_ns + "inSection")
    annotation, motivated, identifying = N(str(OA.Annotation)), N(str(OA.motivatedBy)), N(str(OA.identifying))
    has_body, has_target, specific = N(str(OA.hasBody)), N(str(OA.hasTarget)), N(str(OA.SpecificResource))
    has_source, has_selector = N(str(OA.hasSource)), N(str(OA.hasSelector))
    quote_selector, exact, position_selector = N(str(OA.TextQuoteSelector)), N(str(OA.exact)), N(str(OA.TextPositionSelector))
    start, end, prefix_p, suffix_p = N(str(OA.start)), N(str(OA.end)), N(str(OA.prefix)), N(str(OA.suffix))
    out: list[ox.Triple] = [
        T(doc, N(str(SCHEMA.sha256)), L(source.sha256)),
        T(doc, N(str(SCHEMA.contentSize)), L(f"{len(text)} characters (NFC)")),
    ]
    counters: dict[str, int] = {}
    for a in sorted(anchors, key=lambda a: (a.entity, a.start, a.end)):
        entity = N(a.entity)
        slug = _slug_for(a.entity, base)
        counters[slug] = counters.get(slug, 0) + 1
        n = counters[slug]
        if _own_document(a.entity, base):
            # a fragment of the entity's own document: person/x#anno-1, #anno-1-target …
            stem = f"{a.entity[:-len('#id')]}#anno-{n}"
            anno, target = N(stem), N(stem + "-target")
            quote_sel, pos_sel = N(stem + "-quote"), N(stem + "-position")
        else:
            anno_doc = f"{base}anno/{slug}-{n}"
            anno, target = N(anno_doc + "#id"), N(anno_doc + "#target")
            quote_sel, pos_sel = N(anno_doc + "#quote"), N(anno_doc + "#position")
        out += [
            T(entity, derived, doc),
            T(anno, rdf_type, annotation),
            T(anno, motivated, identifying),
            T(anno, has_body, entity),
            T(anno, has_target, target),
            T(anno, derived, doc),
            T(target, rdf_type, specific),
            T(target, has_source, doc),
            T(target, has_selector, quote_sel),
            T(target, has_selector, pos_sel),
            T(quote_sel, rdf_type, quote_selector),
            T(quote_sel, exact, L(text[a.start:a.end])),
            T(pos_sel, rdf_type, position_selector),
            T(pos_sel, start, L(str(a.start), datatype=integer)),
            T(pos_sel, end, L(str(a.end), datatype=integer)),
        ]
        prefix = text[max(0, a.start - CONTEXT_CHARS):a.start]
        suffix = text[a.end:a.end + CONTEXT_CHARS]
        if prefix:
            out.append(T(quote_sel, prefix_p, L(prefix)))
        if suffix:
            out.append(T(quote_sel, suffix_p, L(suffix)))
        if a.section:
            out.append(T(target, in_section, N(a.section)))
    return out


def _own_document(iri: str, base: str) -> bool:
    """True when ``iri`` is a ``#id`` hash IRI inside the base whose document path can hold
    files: its annotations become fragments of that document (``person/x#anno-1``)."""
    if not iri.startswith(base) or not iri.endswith("#id"):
        return False
    path = iri[len(base):-len("#id")]
    return "#" not in path and path not in ("", "anno") and not path.startswith("anno/") \
        and is_publishable(path)


def _slug_for(iri: str, base: str) -> str:
    rel = iri[len(base):] if iri.startswith(base) else hashlib.sha1(iri.encode()).hexdigest()[:16]
    rel = rel.removesuffix("#id")
    return re.sub(r"[^a-z0-9]+", "-", rel.lower()).strip("-") or "entity"


def anchor(settings: Settings, triples: list[ox.Triple], origin: dict[str, Path] | None = None,
           source: SourceText | None = None) -> list[ox.Triple]:
    """Return the data triples without the curation properties, plus the annotation triples.

    Raises :class:`AnchorError` listing every quote that cannot be placed."""
    if source is None:
        if not settings.source_file.is_file():
            raise AnchorError([AnchorProblem(settings.source_document_iri, settings.source_file,
                                             "the source document file does not exist")])
        source = SourceText.read(settings.source_file)
    anchorer = Anchorer(settings, source, triples, origin)
    found = anchorer.anchors()
    if anchorer.problems:
        raise AnchorError(anchorer.problems)
    curation = {settings.ontology_ns + "anchorText", settings.ontology_ns + "anchorScope"}
    kept = [t for t in triples if t.predicate.value not in curation]
    return kept + annotation_triples(settings, source, found)

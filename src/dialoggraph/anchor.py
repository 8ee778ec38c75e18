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

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .config import Settings
from .namespaces import DCT, OA, PROV, RDF, SCHEMA, XSD

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
        types: dict[str, set[str]] = {}
        positions: dict[str, int] = {}
        parents: dict[str, str] = {}
        anchor_text, anchor_scope = self.dgo + "anchorText", self.dgo + "anchorScope"
        for t in triples:
            s, p, o = t.subject, t.predicate.value, t.object
            if not isinstance(s, ox.NamedNode):
                continue
            if p == anchor_text:
                self.quotes.setdefault(s.value, []).append(o.value)
            elif p == anchor_scope:
                self.scope[s.value] = o.value
            elif p == str(RDF.type):
                types.setdefault(s.value, set()).add(o.value)
            elif p == str(SCHEMA.position) and isinstance(o, ox.Literal):
                try:
                    positions[s.value] = int(o.value)
                except ValueError:
                    pass  # the shapes report a non-integer position
            elif p == str(SCHEMA.isPartOf):
                parents[s.value] = o.value
        section_iris = [s for s, ts in types.items() if self.dgo + "DocumentSection" in ts]
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
            match = quote_pattern(heading).search(self.source.text, cursor)
            if match is None:
                self._problem(iri, f"heading {heading!r} not found after offset {cursor} "
                                   "(sections are looked up in the order of schema:position)")
                continue
            cursor = match.start()
            depth, node, seen = 0, iri, set()
            while node in parents and node not in seen:
                seen.add(node)
                node = parents[node]
                depth += 1
            found.append((iri, depth, match.start(), match.end()))
        sections = []
        for i, (iri, depth, start, heading_end) in enumerate(found):
            end = len(self.source.text)
            for _, d2, s2, _ in found[i + 1:]:
                if d2 <= depth and s2 > start:
                    end = s2
                    break
            sections.append(Section(iri, depth, start, end, heading_end))
        return sections

    def section_at(self, offset: int) -> str | None:
        best = None
        for sec in self.sections:
            if sec.start <= offset < sec.end and (best is None or sec.depth > best.depth):
                best = sec
        return best.iri if best else None

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
                hits = list(quote_pattern(quote).finditer(text, start, end))
                where = "in its scope section" if scope else "in the source"
                if not hits:
                    self._problem(entity, f"quote {quote!r} not found {where}")
                elif len(hits) > 1:
                    offsets = ", ".join(str(h.start()) for h in hits[:5])
                    self._problem(entity, f"quote {quote!r} occurs {len(hits)} times {where} "
                                          f"(at {offsets}); quote more words or set dgo:anchorScope")
                else:
                    hit = hits[0]
                    out.append(Anchor(entity, hit.start(), hit.end(), self.section_at(hit.start())))
        return out


def annotation_triples(settings: Settings, source: SourceText, anchors: list[Anchor]) -> list[ox.Triple]:
    """The Web Annotation triples for ``anchors`` plus provenance links and the document's hash."""
    text = source.text
    doc = ox.NamedNode(settings.source_document_iri)
    base = settings.base_iri
    dgo = settings.ontology_ns
    N, L = ox.NamedNode, ox.Literal
    rdf_type = N(str(RDF.type))
    integer = N(str(XSD.integer))
    out: list[ox.Triple] = [
        ox.Triple(doc, N(str(SCHEMA.sha256)), L(source.sha256)),
        ox.Triple(doc, N(str(SCHEMA.contentSize)), L(f"{len(text)} characters (NFC)")),
    ]
    counters: dict[str, int] = {}
    for a in sorted(anchors, key=lambda a: (a.entity, a.start, a.end)):
        entity = N(a.entity)
        slug = _slug_for(a.entity, base)
        counters[slug] = counters.get(slug, 0) + 1
        anno_doc = f"{base}anno/{slug}-{counters[slug]}"
        anno, target = N(anno_doc + "#id"), N(anno_doc + "#target")
        quote_sel, pos_sel = N(anno_doc + "#quote"), N(anno_doc + "#position")
        out += [
            ox.Triple(entity, N(str(PROV.wasDerivedFrom)), doc),
            ox.Triple(anno, rdf_type, N(str(OA.Annotation))),
            ox.Triple(anno, N(str(OA.motivatedBy)), N(str(OA.identifying))),
            ox.Triple(anno, N(str(OA.hasBody)), entity),
            ox.Triple(anno, N(str(OA.hasTarget)), target),
            ox.Triple(anno, N(str(PROV.wasDerivedFrom)), doc),
            ox.Triple(target, rdf_type, N(str(OA.SpecificResource))),
            ox.Triple(target, N(str(OA.hasSource)), doc),
            ox.Triple(target, N(str(OA.hasSelector)), quote_sel),
            ox.Triple(target, N(str(OA.hasSelector)), pos_sel),
            ox.Triple(quote_sel, rdf_type, N(str(OA.TextQuoteSelector))),
            ox.Triple(quote_sel, N(str(OA.exact)), L(text[a.start:a.end])),
            ox.Triple(pos_sel, rdf_type, N(str(OA.TextPositionSelector))),
            ox.Triple(pos_sel, N(str(OA.start)), L(str(a.start), datatype=integer)),
            ox.Triple(pos_sel, N(str(OA.end)), L(str(a.end), datatype=integer)),
        ]
        prefix = text[max(0, a.start - CONTEXT_CHARS):a.start]
        suffix = text[a.end:a.end + CONTEXT_CHARS]
        if prefix:
            out.append(ox.Triple(quote_sel, N(str(OA.prefix)), L(prefix)))
        if suffix:
            out.append(ox.Triple(quote_sel, N(str(OA.suffix)), L(suffix)))
        if a.section:
            out.append(ox.Triple(target, N(dgo + "inSection"), N(a.section)))
    return out


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

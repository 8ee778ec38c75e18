"""The reading view: the source text in blocks, every anchored passage highlighted and linked to
the entity it is evidence for, sections as headings."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import pyoxigraph as ox

from dialoggraph.rdf.paths import document_path

from .. import labels as L
from ..ids import reading_id, section_id
from ..values import Value
from .common import site_file, write

READING_REFS_PER_BLOCK = 150


def _blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text's paragraphs, blank lines between them, whitespace trimmed."""
    out, pos = [], 0
    for m in re.finditer(r"\n[ \t\r]*\n\s*", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    blocks = []
    for a, b in out:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            blocks.append((a, b))
    return blocks


def write_reading(site) -> None:
    ix = site.index
    s = site.settings
    root = "../"
    path = s.source_file
    text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8")) if path.is_file() else ""
    passages = [p for p in ix.all_passages() if 0 <= p.start <= p.end <= len(text)]
    section_cls = s.ontology_ns + "DocumentSection"
    depth_cache: dict[str, int] = {}

    def depth(sec: str, guard: int = 0) -> int:
        if sec in depth_cache:
            return depth_cache[sec]
        parent = None
        dp = document_path(sec, site.base)
        for t in ix.pages.get(dp, {}).get(sec, ()) if dp is not None else ():
            if t.predicate.value == L.S + "isPartOf" and isinstance(t.object, ox.NamedNode):
                parent = t.object.value
        d = 1 if parent is None or section_cls not in ix.types.get(parent, ()) or guard > 10 \
            else depth(parent, guard + 1) + 1
        depth_cache[sec] = d
        return d

    headings: dict[tuple[int, int], list[str]] = defaultdict(list)
    for p in passages:
        if section_cls in ix.types.get(p.body, ()):
            headings[(p.start, p.end)].append(p.body)
    # a passage starts at the first block it touches
    starts = sorted(passages, key=lambda p: (p.start, p.end, p.annotation))
    ends = sorted(passages, key=lambda p: (p.end, p.start, p.annotation))
    blocks = []
    si = ei = 0

    def entity(iri: str) -> Value:
        return site.links.value(iri, root)

    for bno, (a, b) in enumerate(_blocks(text), start=1):
        secs = sorted(headings.get((a, b), []), key=lambda x: (depth(x), x))
        points = defaultdict(lambda: ([], []))  # offset → (ending passages, starting passages)
        active = si - ei  # passages running into this block from an earlier one
        while si < len(starts) and starts[si].start < b:
            p = starts[si]
            points[max(p.start, a)][1].append(p)
            si += 1
        while ei < len(ends) and ends[ei].end <= b:
            p = ends[ei]
            points[max(min(p.end, b), a)][0].append(p)
            ei += 1
        cuts = sorted(set([a, b] + list(points)))
        pieces, refs = [], []
        n = 0
        for i, cut in enumerate(cuts):
            ending, starting = points.get(cut, ([], []))
            for p in ending:
                active -= 1
                n += 1
                if n <= READING_REFS_PER_BLOCK:
                    v = entity(p.body)
                    refs.append({"n": n, "value": v, "id": reading_id(p.annotation, site.base)})
                    if not secs:
                        pieces.append({"kind": "ref", "n": n, "value": v})
            for p in starting:
                pieces.append({"kind": "anchor", "id": reading_id(p.annotation, site.base)})
                active += 1
            if i + 1 < len(cuts) and cuts[i + 1] > cut:
                pieces.append({"kind": "text", "text": text[cut:cuts[i + 1]], "level": min(active, 3)})
        blocks.append({"n": bno, "heading": bool(secs),
                       "level": min(depth(secs[0]) + 1, 6) if secs else None,
                       "ids": [section_id(x, site.base) for x in secs],
                       "sections": [entity(x) for x in secs], "pieces": pieces, "refs": refs,
                       "more": max(0, n - READING_REFS_PER_BLOCK)})
    doc = site.links.value(s.source_document_iri, root, with_note=False)
    write(site, site_file("read.html"), "read.html", blocks=blocks, doc=doc, passages=len(passages),
          entities=len({p.body for p in passages}), chars=len(text))

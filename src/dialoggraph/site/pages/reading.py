"""The reading view: the source text as its reader knows it — headings, paragraphs, lists, the
original's links as styled text — with every anchored passage highlighted and itself the link to
the entity it is evidence for (a short list of entities where one stretch of text anchors several).

The text is never rewritten: Markdown marks are hidden (:mod:`..sourcetext`), so every passage's
character offsets into the NFC text still hold. A long source is cut into parts of at most
:data:`PART_CHARS` characters at paragraph boundaries (``read.html``, ``read-2.html`` …), each
page bounded; :class:`Reading` says which part holds an offset (entity pages link passages there).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from functools import cached_property

import pyoxigraph as ox

from dialoggraph.rdf.paths import SITE_DIR, document_path

from .. import labels as L
from .. import sourcetext
from ..ids import reading_id, section_id
from .common import site_file, unit, write

#: source characters per page of the reading view (the page stays bounded for any source)
PART_CHARS = 60_000
#: entities listed for one stretch of text that anchors several (the rest counted)
LIST_LIMIT = 12
#: entities linked under one heading
HEADING_REFS = 40


def read_source(settings) -> str:
    path = settings.source_file
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8")) if path.is_file() else ""


def blocks(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text's paragraphs, blank lines between them, whitespace trimmed."""
    out, pos = [], 0
    for m in re.finditer(r"\n[ \t\r\xa0]*\n\s*", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    found = []
    for a, b in out:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            found.append((a, b))
    return found


class Reading:
    """The source text, its paragraphs and its parts (pages of the reading view)."""

    def __init__(self, settings):
        self.text = read_source(settings)
        self.blocks = blocks(self.text)
        starts = []
        for i, (a, b) in enumerate(self.blocks):
            if not starts or a - self.blocks[starts[-1]][0] + (b - a) > PART_CHARS and i > starts[-1]:
                starts.append(i)
        #: the index of each part's first paragraph
        self.part_blocks = starts or [0]
        self._part_offsets = [self.blocks[i][0] for i in starts] if self.blocks else [0]

    @property
    def parts(self) -> int:
        return len(self.part_blocks)

    def part_of(self, offset: int) -> int:
        """The part (0, 1 …) that shows the character at ``offset``."""
        return max(0, bisect.bisect_right(self._part_offsets, offset) - 1)

    @staticmethod
    def file(part: int) -> str:
        """The page of a part, relative to the site's folder."""
        return site_file("read.html" if part == 0 else f"read-{part + 1}.html")

    def href(self, offset: int, root: str) -> str:
        """The page showing ``offset``, from a page at ``root``."""
        return root + self.file(self.part_of(offset))


def write_reading(site) -> None:
    ReadingPage(site).write()


class ReadingPage:
    def __init__(self, site):
        self.site = site
        self.ix = site.index
        self.reading: Reading = site.reading
        self.text = self.reading.text
        self.marks = sourcetext.marks(self.text)
        self.section_cls = site.settings.ontology_ns + "DocumentSection"
        self._depth: dict[str, int] = {}

    # ------------------------------------------------------------------ passages

    @cached_property
    def passages(self):
        """The passages inside the text, by start (longest first)."""
        n = len(self.text)
        return [p for p in self.ix.all_passages() if 0 <= p.start < p.end <= n]

    @cached_property
    def starts(self) -> list[int]:
        return [p.start for p in self.passages]

    def is_structure(self, body: str) -> bool:
        """A passage of the document's structure (a section): a heading, not a link in the text."""
        return self.section_cls in self.ix.types.get(body, ())

    def depth(self, sec: str, guard: int = 0) -> int:
        d = self._depth.get(sec)
        if d is not None:
            return d
        parent = None
        dp = document_path(sec, self.site.base)
        for t in self.ix.pages.get(dp, {}).get(sec, ()) if dp is not None else ():
            if t.predicate.value == L.S + "isPartOf" and isinstance(t.object, ox.NamedNode):
                parent = t.object.value
        d = 1 if parent is None or self.section_cls not in self.ix.types.get(parent, ()) or guard > 10 \
            else self.depth(parent, guard + 1) + 1
        self._depth[sec] = d
        return d

    # ------------------------------------------------------------------ writing

    def write(self) -> None:
        site, reading = self.site, self.reading
        headings: dict[tuple[int, int], list[str]] = defaultdict(list)
        for p in self.passages:
            if self.is_structure(p.body):
                headings[(p.start, p.end)].append(p.body)
        sweep = _Sweep(self, headings)
        doc = site.links.value(site.settings.source_document_iri, "../", with_note=False)
        total = len(self.passages)
        entities = len({p.body for p in self.passages})
        bounds = reading.part_blocks + [len(reading.blocks)]
        toc = self.contents(headings) if reading.parts > 1 else []
        for part in range(reading.parts):
            # the sweep runs through every part, also those kept: what is open at a part's start
            # and the numbers of the lists carry over from the parts before it
            last = bounds[part + 1] - 1
            out = [sweep.block(n, *reading.blocks[n], flush=n == last) for n in range(bounds[part], bounds[part + 1])]
            with unit("read", str(part)) as render:
                if not render:
                    continue
                nav = {"part": part + 1, "parts": reading.parts,
                       "prev": reading.file(part - 1).rsplit("/", 1)[-1] if part else None,
                       "next": reading.file(part + 1).rsplit("/", 1)[-1] if part + 1 < reading.parts else None}
                write(site, reading.file(part), "read.html", blocks=self.linked(out), doc=doc, passages=total,
                      entities=entities, chars=len(self.text), nav=nav, toc=toc)

    def linked(self, blocks: list[dict]) -> list[dict]:
        """The entities of a part's paragraphs (IRIs, as the sweep found them) as the values
        their links show — a part of its own (:func:`.common.unit`): an edit of a label renders
        the parts that show it."""
        value = self.site.links.value
        for b in blocks:
            for part in b["parts"]:
                if "refs" in part:
                    part["refs"] = [value(x, "../") for x in part["refs"]]
                for line in part["lines"]:
                    for run in line["runs"]:
                        run["entities"] = [value(x, "../") for x in run["entities"]]
        return blocks

    def contents(self, headings) -> list[dict]:
        """The top-level headings with the part that shows them (for a text of several parts)."""
        out = []
        for (a, _b), bodies in sorted(headings.items()):
            top = [x for x in bodies if self.depth(x) == 1]
            if top:
                file = self.reading.file(self.reading.part_of(a)).rsplit("/", 1)[-1]
                out.append({"href": f"{file}#{section_id(top[0], self.site.base)}",
                            "text": sourcetext.plain(self.text[a:_b])})
        return out[:200]


class _Sweep:
    """Walks the text once, paragraph by paragraph, keeping the passages open at each point."""

    def __init__(self, page: ReadingPage, headings):
        self.page = page
        self.text = page.text
        self.headings = headings
        site = page.site
        self.base = site.base
        m = page.marks
        # every offset where what is shown changes: passage edges and Markdown marks
        starts: dict[int, list] = defaultdict(list)
        ends: dict[int, list] = defaultdict(list)
        for p in page.passages:
            starts[p.start].append(p)
            ends[p.end].append(p)
        self.starts, self.ends = starts, ends
        self.edges = sorted(set(starts) | set(ends) | {x for r in m.hidden + m.links + m.emphasis for x in r})
        self.hidden, self.md_links, self.emphasis = m.hidden, m.links, m.emphasis
        self.items = m.items
        self.open: dict[int, object] = {}  # id(passage) → passage, in the order they opened
        self.pending: list[str] = []  # anchors of passages opened since the last text shown
        self.pos = 0  # the text before pos has been swept
        self.n_lists = 0

    # ------------------------------------------------------------------ the sweep

    def _advance(self, to: int) -> None:
        """Open and close the passages up to ``to`` (a passage starting at ``to`` opens)."""
        edges = self.edges
        i = bisect.bisect_left(edges, self.pos)
        while i < len(edges) and edges[i] <= to:
            x = edges[i]
            for p in self.ends.get(x, ()):
                self.open.pop(id(p), None)
            for p in self.starts.get(x, ()):
                self.open[id(p)] = p
                self.pending.append(reading_id(p.annotation, self.base))
            i += 1
        self.pos = to + 1

    def segments(self, a: int, b: int):
        """The shown pieces of ``text[a:b]``: (text, passages open over it, is link text, is emphasis)."""
        self._advance(a)
        cuts = [a] + self.edges[bisect.bisect_right(self.edges, a):bisect.bisect_left(self.edges, b)] + [b]
        for x, y in zip(cuts, cuts[1:]):
            if x > a:
                self._advance(x)
            if y <= x or _inside(self.hidden, x):
                continue
            yield x, y, tuple(self.open.values()), _inside(self.md_links, x), _inside(self.emphasis, x)
        self._advance(b)

    # ------------------------------------------------------------------ one paragraph

    def block(self, n: int, a: int, b: int, flush: bool = False) -> dict:
        """A paragraph as parts (a heading, lines of text, list items) of lines of runs; with
        ``flush``, the anchors of passages that start after its text (in the blank space before
        the next paragraph) close it — the last paragraph of a page."""
        parts = []
        for s, e in sourcetext.lines(self.text, a, b):
            secs = self.headings.get((s, e))
            if secs:
                kind = "heading"
            elif s in self.items or _line_start(self.text, s) in self.items:
                kind = "item"
            else:
                kind = "line"
            if parts and kind != "heading" and parts[-1]["kind"] == kind:
                parts[-1]["lines"].append(self.line(s, e))
                continue
            part = {"kind": kind, "lines": [self.line(s, e)]}
            if secs:
                secs = sorted(secs, key=lambda x: (self.page.depth(x), x))
                part["level"] = min(self.page.depth(secs[0]) + 1, 6)
                part["ids"] = [section_id(x, self.base) for x in secs]
                part["refs"] = self.heading_refs(s, e)
            parts.append(part)
        return {"n": n, "parts": parts, "anchors": self._flush() if flush else []}

    def heading_refs(self, s: int, e: int) -> list[str]:
        """The entities whose passages lie within a heading's line (IRIs: :meth:`ReadingPage.linked`)."""
        bodies = []
        passages = self.page.passages
        for i in range(bisect.bisect_left(self.page.starts, s), bisect.bisect_left(self.page.starts, e)):
            p = passages[i]
            if p.end <= e and p.body not in bodies:
                bodies.append(p.body)
                if len(bodies) >= HEADING_REFS:
                    break
        return bodies[:HEADING_REFS]

    def _flush(self) -> list[str]:
        out, self.pending = self.pending, []
        return out

    def line(self, s: int, e: int) -> dict:
        """One line as runs: stretches of text open in the same passages."""
        runs: list[dict] = []
        structure = self.page.is_structure
        for x, y, passages, link, em in self.segments(s, e):
            cover = tuple(p for p in passages if not structure(p.body))
            key = tuple(map(id, cover))
            piece = {"text": self.text[x:y], "link": link, "em": em, "anchors": self._flush()}
            if runs and runs[-1]["key"] == key and not piece["anchors"]:
                runs[-1]["pieces"].append(piece)
            else:
                runs.append({"key": key, "cover": cover, "pieces": [piece]})
        for run in runs:
            self.describe(run)
        return {"runs": runs}

    def describe(self, run: dict) -> None:
        """What a run links to: nothing, one entity, or a list (innermost passage first; IRIs:
        :meth:`ReadingPage.linked`)."""
        cover = run.pop("cover")
        del run["key"]
        run["level"] = min(len(cover), 3)
        bodies = []
        for p in sorted(cover, key=lambda p: (p.end - p.start, p.start, p.annotation)):
            if p.body not in bodies:
                bodies.append(p.body)
        if bodies and not any(c.isalnum() for piece in run["pieces"] for c in piece["text"]):
            # a comma or a space between two passages: highlighted, but no target of its own
            run["entities"], run["more"] = [], 0
            return
        run["more"] = max(0, len(bodies) - LIST_LIMIT)
        run["entities"] = bodies[:LIST_LIMIT]
        if len(bodies) > 1:
            self.n_lists += 1
            run["list_id"] = f"pl-{self.n_lists}"


def _inside(ranges, x: int) -> bool:
    """Whether offset ``x`` lies in one of the sorted, disjoint ``ranges``."""
    i = bisect.bisect_right(ranges, (x, float("inf"))) - 1
    return i >= 0 and ranges[i][0] <= x < ranges[i][1]


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def reading_href(site, offset: int, root: str) -> str:
    """The reading view's page that shows ``offset`` (for links from other pages)."""
    return site.reading.href(offset, root) if site.reading is not None else root + f"{SITE_DIR}/read.html"

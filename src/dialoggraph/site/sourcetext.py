"""The source document's light Markdown, read without moving a character.

Passages are character offsets into the NFC text, so the reading view never rewrites the text: it
finds the Markdown's marks and *hides* them while every other character keeps its offset. What the
sources use (and all this reads):

* ``[text](#)`` — a link in the original whose target is lost: the text is shown as such (styled,
  never a link: ``#`` leads nowhere), the brackets and the target are hidden;
* ``*text*`` — emphasis; ``\\(`` and the like — an escaped character (the backslash is hidden);
* ``- item`` at the start of a line — a list item (the marker is hidden);
* headings are lines of their own; which lines are headings the graph says (its document
  sections' passages), not the text.

:func:`marks` gives the hidden, link and emphasis ranges of a text; :func:`lines` its lines;
:func:`shown` and :func:`plain` a piece of the text as a reader sees it (snippets); :func:`word_tail` and
:func:`word_head` cut context at word boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: ``[text](target)``: the text may hold escaped characters, no line break
_LINK = re.compile(r"\[((?:\\.|[^\]\\\n])+)\]\(([^()\s]*)\)")
_EMPHASIS = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s\\])\*(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_ITEM = re.compile(r"^[ \t]*([-*•])[ \t]+", re.M)


@dataclass(frozen=True)
class Marks:
    """The Markdown of a text as ranges of offsets, each list sorted and without overlaps."""

    hidden: tuple[tuple[int, int], ...]  # characters not shown
    links: tuple[tuple[int, int], ...]  # the text of a link
    emphasis: tuple[tuple[int, int], ...]
    items: frozenset[int]  # the offsets where a line that is a list item starts


def marks(text: str) -> Marks:
    """The Markdown marks of ``text`` (a whole document: one pass)."""
    hidden, links, emphasis = [], [], []
    for m in _LINK.finditer(text):
        hidden.append((m.start(), m.start(1)))
        hidden.append((m.end(1), m.end()))
        links.append((m.start(1), m.end(1)))
    taken = _Ranges(hidden)
    for m in _EMPHASIS.finditer(text):
        if not taken.touches(m.start(), m.end()):
            hidden += [(m.start(), m.start() + 1), (m.end() - 1, m.end())]
            emphasis.append((m.start(1), m.end(1)))
    for m in _ESCAPE.finditer(text):
        if not taken.touches(m.start(), m.start() + 1):
            hidden.append((m.start(), m.start() + 1))
    items = set()
    for m in _ITEM.finditer(text):
        hidden.append((m.start(), m.end()))
        line_start = text.rfind("\n", 0, m.start()) + 1
        items.add(line_start)
    return Marks(tuple(_merge(hidden)), tuple(sorted(links)), tuple(sorted(emphasis)), frozenset(items))


class _Ranges:
    def __init__(self, ranges):
        self.ranges = sorted(ranges)

    def touches(self, a: int, b: int) -> bool:
        return any(x < b and a < y for x, y in self.ranges)


def _merge(ranges) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def lines(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The lines of ``text[a:b]`` as (start, end) offsets, without their line breaks and
    without surrounding white space; empty lines left out."""
    out = []
    pos = a
    while pos < b:
        nl = text.find("\n", pos, b)
        end = b if nl < 0 else nl
        s, e = pos, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
        pos = end + 1
    return out


#: what is left of a link cut in two by a snippet's edge: ``…text](#)`` or ``[text…``
_LINK_END = re.compile(r"\]\([^()\s]*\)")
_LINK_START = re.compile(r"\[(?=[^\]]*$)")


#: a list marker ``-`` after the first line (see :func:`_may_mark`)
_LINE_DASH = re.compile(r"\n[ \t]*-")


def _may_mark(text: str) -> bool:
    """Whether any pattern above can match in ``text``: each needs one of ``[ ] * \\ •``, or a
    ``-`` at a line's start (a list marker). Substring tests: a text without any is common and
    shown as it is."""
    if "[" in text or "]" in text or "*" in text or "\\" in text or "•" in text:
        return True
    if "-" not in text:
        return False
    return text.lstrip(" \t").startswith("-") or ("\n" in text and _LINE_DASH.search(text) is not None)


def shown(text: str) -> str:
    """``text`` (a piece of the source, perhaps cut out of the middle of a link) as a reader sees
    it: link brackets and targets, emphasis stars, escapes and list markers gone."""
    if not _may_mark(text):  # most quotes and contexts: nothing to hide
        return text
    return _shown(text)


def _shown(text: str) -> str:
    m = marks(text)
    out, pos = [], 0
    for a, b in m.hidden:
        out.append(text[pos:a])
        pos = b
    out.append(text[pos:])
    return _LINK_START.sub("", _LINK_END.sub("", "".join(out)))


def plain(text: str) -> str:
    """:func:`shown` with white space collapsed."""
    return " ".join(shown(text).split())


def word_tail(text: str, cut: bool) -> str:
    """The words at the end of ``text`` (context before a quote), as plain text; with ``cut``
    (the context was cut off at its start), a first word that may be a fragment is dropped."""
    if cut and text and not text[0].isspace():
        parts = text.split(None, 1)
        text = parts[1] if len(parts) > 1 else ""
    return plain(text)


def word_head(text: str, cut: bool) -> str:
    """The words at the start of ``text`` (context after a quote), as plain text; with ``cut``,
    a last word that may be a fragment is dropped."""
    if cut and text and not text[-1].isspace():
        parts = text.rsplit(None, 1)
        text = parts[0] if len(parts) > 1 else ""
    # a list item's marker whose item the cut left out
    return plain(_LAST_MARKER.sub("", text))


_LAST_MARKER = re.compile(r"(?:^|(?<=\n))[ \t]*[-*•][ \t]*$")

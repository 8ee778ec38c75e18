"""Element ids and fragments: which part of a page a link points to.

Hash IRIs (``person/x#anno-1``) become element ids when they are plain names; annotations and
document sections get ids of their own in the reading view.
"""

from __future__ import annotations

import re

from dialoggraph.rdf.paths import document_path, fragment

SAFE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,80}")
FRAGMENT_ORDER = {"target": 0, "quote": 1, "position": 2}  # the parts of an annotation, in reading order

#: element ids the page templates use themselves; a data fragment never takes one of them
RESERVED_IDS = {"inhalt", "site-q", "h-facts", "belege", "h-incoming", "h-statements", "q", "search-status",
                "search-results", "network", "network-title", "network-desc", "network-narrow",
                "network-narrow-title", "network-narrow-desc", "nw-panel", "nw-tables", "nw-title", "nw-desc",
                "tl-title", "tl-desc"}


def html_id(frag: str | None) -> str | None:
    """The element id for a hash IRI's fragment, if it is a plain name (else no id, no anchor)."""
    if not frag or not SAFE_ID.fullmatch(frag) or frag in RESERVED_IDS or frag.startswith(("beleg-", "h-")):
        return None
    return frag


#: what an id or slug leaves out (a run of it becomes one hyphen); precompiled: called per link
_NOT_ID = re.compile(r"[^A-Za-z0-9_-]+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def class_slug(curie: str) -> str:
    return _NOT_ID.sub("-", curie).strip("-") or "class"


_ANNO_FRAGMENT = re.compile(r"anno-([0-9]+)")


def reading_id(annotation: str, base: str) -> str:
    """The element id of an annotation in the reading view: ``person/x#anno-1`` → ``anno-person-x-1``;
    an annotation with a document of its own, ``anno/x-1#id`` → ``anno-x-1``.

    Both forms are ``anno-{slug}-{n}`` with the anchor stage's slug and its counter per slug, so
    no two annotations share an id."""
    dp = document_path(annotation, base)
    if dp is None:
        dp = annotation
    else:
        m = _ANNO_FRAGMENT.fullmatch(fragment(annotation) or "")
        if m and not dp.startswith("anno/"):
            slug = _NOT_SLUG.sub("-", dp.lower()).strip("-") or "entity"
            return f"anno-{slug}-{m.group(1)}"
    return "anno-" + _NOT_ID.sub("-", dp.removeprefix("anno/")).strip("-")


def section_id(section: str, base: str) -> str:
    """The element id of a document section in the reading view."""
    dp = document_path(section, base) or section
    return "s-" + _NOT_ID.sub("-", dp.rsplit("/", 1)[-1]).strip("-")


_ANNO_PART = re.compile(r"anno-([0-9]+)(?:-(target|quote|position))?")


def other_order(iri: str) -> tuple:
    """The order of a page's further subjects: its annotations by number, each followed by its
    target, quote and position selectors; then the rest (``#target`` … of an annotation page
    first) by IRI."""
    frag = fragment(iri) or ""
    m = _ANNO_PART.fullmatch(frag)
    if m:
        return (0, int(m.group(1)), FRAGMENT_ORDER.get(m.group(2), -1), iri)
    return (1, FRAGMENT_ORDER.get(frag, 9), 0, iri)

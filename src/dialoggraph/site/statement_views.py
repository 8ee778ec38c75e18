"""Statements as pages show them: on an entity page, the statements it speaks, hosts, is the kind
or theme of, or is mentioned in — in document order, grouped by the event they were made at —
and the opening of a statement's own page ("Speaker, Event: «quote»").

The lists come ready from :class:`~.statements.Statements`; an item's HTML is written once per
statement, page depth and left-out speaker (:func:`.markup.statement_item`) and reused by every
page that lists it. A section shows at most :data:`STATEMENT_LIMIT` statements and links the
statements browser, filtered, for all of them.
"""

from __future__ import annotations

from types import SimpleNamespace as Obj
from urllib.parse import quote

import pyoxigraph as ox

from dialoggraph.rdf.paths import SITE_DIR

from . import labels as L
from . import markup
from .ids import reading_id
from .statements import ROLES, Statement

STATEMENT_LIMIT = 200  # statements per section of an entity page; the browser has them all
COLLAPSE_OVER = 30  # a section with more statements (in several groups) shows its groups folded
BROWSER = f"{SITE_DIR}/statements.html"
PAGE_SIZE = 1000  # statements per page of the browser (about 1 MB)


def browser_file(n: int) -> str:
    """The file of the statements browser's page ``n`` (from 0): page ``n`` holds the statements
    at positions ``n·PAGE_SIZE`` onwards."""
    return BROWSER if n == 0 else BROWSER.replace(".html", f"-{n + 1}.html")

THEME_CLASSES = {L.SKOS + "Concept", L.S + "DefinedTerm"}

#: role → (German heading, English heading); ``{}`` is the entity's label
ROLE_TITLES = {
    "speaker": ("Aussagen von {}", "Statements by this speaker"),
    "event": ("Aussagen in dieser Veranstaltung", "Statements made here"),
    "kind": ("Aussagen dieser Art", "Statements of this kind"),
    "theme": ("Aussagen zu diesem Thema", "Statements about this"),
    "mention": ("Aussagen, die dies erwähnen", "Statements mentioning this"),
}
ROLE_ORDER = ROLES
#: the browser's filter parameter for each role
FILTERS = {"speaker": "speaker", "event": "event", "kind": "kind", "theme": "theme", "mention": "mention"}


def node_key(iri: str, base: str) -> str:
    """A node's short, stable key in the browser's filters: its IRI without the base and
    without ``#id`` (``person/anton-ruetten``)."""
    key = iri[len(base):] if iri.startswith(base) else iri
    return key[:-3] if key.endswith("#id") else key


class StatementViews:
    """Statement sections and openings of entity pages (one object for all pages)."""

    def __init__(self, index, links, base: str, reading=None):
        self.index = index
        #: the reading view's parts (:class:`.pages.reading.Reading`): which page shows a passage
        self.reading = reading
        self.statements = index.statements
        self.links = links
        self.base = base
        self._items: dict[tuple, str] = {}
        self._heads: dict[tuple, str] = {}

    # ------------------------------------------------------------------ entity pages

    def sections(self, main: str, root: str) -> list[Obj]:
        """The page's statement sections (see the module documentation), each with its groups."""
        st = self.statements
        out = []
        for role in ROLE_ORDER:
            positions = st.of[role].get(main)
            if not positions:
                continue
            shown = positions[:STATEMENT_LIMIT]
            de, en = ROLE_TITLES[role]
            groups: dict[str | None, list[str]] = {}
            omit = main if role == "speaker" else None
            for n in shown:
                s = st.all[n]
                groups.setdefault(s.event, []).append(self.item(s, root, omit))
            page = browser_file(positions[0] // PAGE_SIZE)
            href = f"{root}{page}?{FILTERS[role]}={quote(node_key(main, self.base), safe='/')}"
            under = main if role == "event" else None
            out.append(Obj(role=role, de=de.format(self.index.label(main)), en=en, count=len(positions),
                           more=len(positions) - len(shown), browser=href,
                           folded=len(positions) > COLLAPSE_OVER and len(groups) > 1,
                           groups=[Obj(head=self.group_head(e, under, root), text=self.group_text(e, under),
                                       items=items) for e, items in groups.items()]))
        return out

    def item(self, s: Statement, root: str, omit: str | None) -> str:
        """One statement's list item: its text (linked to its page), speaker, kind, themes and a
        link to its passage in the reading view."""
        key = (s.n, root, omit)
        html = self._items.get(key)
        if html is None:
            html = self._items[key] = markup.statement_item(self.view(s, root, omit))
        return html

    def view(self, s: Statement, root: str, omit: str | None = None) -> Obj:
        model, value = self.statements.model, self._value
        # a speaker left out (the page's own) still shows how the attribution is known
        attributed = value(s, model.speaker, omit, root).marks if omit in s.speakers else ()
        return Obj(text=s.text, lang=s.lang or None, href=self.links.href(s.iri, root), attributed=attributed,
                   speakers=[value(s, model.speaker, w, root) for w in s.speakers if w != omit],
                   kinds=[value(s, model.kind, k, root) for k in s.kinds],
                   # themes plainly; what else a statement is about (a group, a place) with its kind
                   themes=[value(s, model.theme, t, root, not self._is_theme(t)) for t in s.themes],
                   read=self.read_href(s, root))

    def _value(self, s: Statement, props, node: str, root: str, note: bool = False, anchor: bool = False):
        """The link to ``node``, marked when the text does not state that the statement has it
        (e.g. a speaker the editors inferred); ``anchor`` on the statement's own page."""
        v = self.links.value(node, root, with_note=note)
        marks = self.index.marks
        if s.iri in marks.subjects:
            o = ox.NamedNode(node)
            for p in props:
                found = marks.get(s.iri, p, o)
                if found:
                    return self.links.marked(v, found, root, anchor)
        return v

    def _is_theme(self, iri: str) -> bool:
        return any(t in THEME_CLASSES for t in self.index.types.get(iri, ()))

    def read_href(self, s: Statement, root: str) -> str | None:
        if s.passage is None:
            return None
        page = self.reading.href(s.passage.start, root) if self.reading is not None else f"{root}{SITE_DIR}/read.html"
        return f"{page}#{reading_id(s.passage.annotation, self.base)}"

    def group_head(self, event: str | None, under: str | None, root: str) -> str:
        """A group's heading: the event's path below ``under`` (the page's own event) — its last
        two steps elsewhere; empty for the page's own event."""
        key = (event, under, root)
        html = self._heads.get(key)
        if html is None:
            if event is None:
                html = markup.esc("Ohne Veranstaltung") + ' <span class="en" lang="en">No event</span>'
            else:
                path = self.statements.event_path(event)
                if under is not None and under in path:
                    path = path[path.index(under) + 1:]
                else:
                    path = path[-2:]
                html = " › ".join(markup.value_html(self.links.value(e, root, with_note=False)) for e in path)
            self._heads[key] = html
        return html

    def group_text(self, event: str | None, under: str | None) -> str:
        """The group's heading as plain text (the label of a folded group)."""
        if event is None:
            return "Ohne Veranstaltung"
        path = self.statements.event_path(event)
        if under is not None and under in path:
            path = path[path.index(under) + 1:] or [event]
        else:
            path = path[-2:]
        return " › ".join(self.index.label(e) for e in path)

    # ------------------------------------------------------------------ a statement's own page

    def opening(self, main: str, root: str) -> Obj | None:
        """"Speaker, Event: «quote»" for a statement's own page; ``None`` for other pages."""
        s = self.statements.by_iri.get(main)
        if s is None:
            return None
        model, value = self.statements.model, self._value
        return Obj(text=s.text, lang=s.lang or None,
                   speakers=[value(s, model.speaker, w, root, anchor=True) for w in s.speakers],
                   events=[value(s, model.event, e, root, anchor=True) for e in s.events],
                   read=self.read_href(s, root))

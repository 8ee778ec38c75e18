"""Statements — who said what, where, about what — worked out once, while the site is indexed.

A statement is an instance of one of :data:`STATEMENT_CLASSES` (``schema:Claim``). Its speaker,
event, kind, themes and mentions are read from the properties of :class:`StatementModel`; its
place in the document is the start of its first passage (statements without one come last, by
IRI). :class:`Statements` keeps every statement once, in document order, and for each node the
positions of the statements it speaks, hosts (with every sub-event), is the kind or theme of or
is mentioned in — so an entity page, the statements browser and the search read lists instead of
looking anything up per page.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from dialoggraph.rdf.paths import document_path

from . import labels as L

PROV = L.PROV


@dataclass(frozen=True)
class StatementModel:
    """Which properties say what about a statement (the first of each list is the usual one)."""

    classes: tuple[str, ...] = (L.S + "Claim",)
    text: tuple[str, ...] = (L.S + "text",)
    speaker: tuple[str, ...] = (PROV + "wasAttributedTo", L.S + "author", L.S + "creator")
    event: tuple[str, ...] = (PROV + "wasGeneratedBy",)
    kind: tuple[str, ...] = (L.S + "additionalType",)
    theme: tuple[str, ...] = (L.S + "about",)
    mention: tuple[str, ...] = (L.S + "mentions",)
    #: how an event names the event it is part of (and, read backwards, its parts)
    super_event: tuple[str, ...] = (L.S + "superEvent",)
    sub_event: tuple[str, ...] = (L.S + "subEvent",)

    def roles(self) -> dict[str, str]:
        """Property IRI → the role it gives the object: speaker, event, kind, theme or mention."""
        out: dict[str, str] = {}
        for role in ("speaker", "event", "kind", "theme", "mention"):
            for p in getattr(self, role):
                out.setdefault(p, role)
        return out


DEFAULT_MODEL = StatementModel()
#: the roles a node can have towards a statement, in the order pages show them
ROLES = ("speaker", "event", "kind", "theme", "mention")
NO_POSITION = 1 << 62


@dataclass(frozen=True)
class Statement:
    """One statement: its text and the nodes it names, each tuple in the data's order."""

    iri: str
    n: int  # position in document order, from 0
    text: str
    lang: str
    speakers: tuple[str, ...]
    events: tuple[str, ...]
    kinds: tuple[str, ...]
    themes: tuple[str, ...]
    mentions: tuple[str, ...]
    passage: object | None  # the first :class:`~.index.Passage`, if anchored

    @property
    def event(self) -> str | None:
        return self.events[0] if self.events else None


class Statements:
    """Every statement in document order and, per node, the statements it has a role in."""

    def __init__(self, index, model: StatementModel = DEFAULT_MODEL):
        self.model = model
        roles = model.roles()
        found: list[tuple] = []
        seen: set[str] = set()
        text_preds = set(model.text)
        for cls in model.classes:
            for iri in index.instances.get(cls, ()):
                if iri in seen:
                    continue
                seen.add(iri)
                by_role: dict[str, list[str]] = {"speaker": [], "event": [], "kind": [], "theme": [],
                                                 "mention": []}
                best_text = None
                dp = document_path(iri, index.base)
                for t in index.pages.get(dp, {}).get(iri, ()) if dp is not None else ():
                    p, o = t.predicate.value, t.object
                    role = roles.get(p)
                    if role is not None and type(o) is ox.NamedNode:
                        values = by_role[role]
                        if o.value not in values:
                            values.append(o.value)
                    elif p in text_preds and isinstance(o, ox.Literal):
                        key = (LANG_RANK.get(o.language or "", 3), o.value)
                        if best_text is None or key < best_text[0]:
                            best_text = (key, o.value, o.language or "")
                passages = index.passages_of.get(iri)
                passage = passages[0] if passages else None
                if best_text is None:
                    text, lang = index.label(iri), index.label_lang(iri)
                else:
                    text, lang = best_text[1], best_text[2]
                found.append(((passage.start if passage else NO_POSITION, iri), iri, text, lang,
                              by_role, passage))
        found.sort(key=lambda row: row[0])
        #: every statement, in document order
        self.all: list[Statement] = [
            Statement(iri, n, text, lang, tuple(r["speaker"]), tuple(r["event"]), tuple(r["kind"]),
                      tuple(r["theme"]), tuple(r["mention"]), passage)
            for n, (_key, iri, text, lang, r, passage) in enumerate(found)]
        self.by_iri: dict[str, Statement] = {s.iri: s for s in self.all}
        self._parent = self._event_parents(index)
        #: role → node IRI → the positions of its statements, in document order; an event holds
        #: the statements of its sub-events too
        self.of: dict[str, dict[str, list[int]]] = {role: {} for role in ROLES}
        speak, host, kind, theme, mention = (self.of[r] for r in ROLES)
        for s in self.all:
            for iri in s.kinds:
                kind.setdefault(iri, []).append(s.n)
            for who in s.speakers:
                speak.setdefault(who, []).append(s.n)
            for iri in self._with_ancestors(s.events):
                host.setdefault(iri, []).append(s.n)
            for iri in s.themes:
                theme.setdefault(iri, []).append(s.n)
            for iri in s.mentions:
                mention.setdefault(iri, []).append(s.n)

    def __len__(self) -> int:
        return len(self.all)

    def is_statement(self, iri: str) -> bool:
        return iri in self.by_iri

    def parent_event(self, event: str) -> str | None:
        return self._parent.get(event)

    def event_path(self, event: str) -> list[str]:
        """The event and the events it is part of, outermost first."""
        path, seen = [], set()
        while event is not None and event not in seen and len(path) < 12:
            seen.add(event)
            path.append(event)
            event = self._parent.get(event)
        return path[::-1]

    def _with_ancestors(self, events) -> list[str]:
        out: list[str] = []
        for e in events:
            for iri in self.event_path(e):
                if iri not in out:
                    out.append(iri)
        return out

    def _event_parents(self, index) -> dict[str, str]:
        """Event → the event it is part of (``schema:superEvent``, or ``schema:subEvent`` read
        backwards), for the events statements were made at and the events above them."""
        parent: dict[str, str] = {}
        sup, sub = set(self.model.super_event), set(self.model.sub_event)
        todo = [e for s in self.all for e in s.events]
        done: set[str] = set()
        while todo:
            e = todo.pop()
            if e in done:
                continue
            done.add(e)
            up = None
            dp = document_path(e, index.base)
            for t in index.pages.get(dp, {}).get(e, ()) if dp is not None else ():
                if t.predicate.value in sup and type(t.object) is ox.NamedNode:
                    up = t.object.value
                    break
            if up is None:
                for t in index.incoming.get(e, ()):
                    if t.predicate.value in sub and type(t.subject) is ox.NamedNode:
                        up = t.subject.value
                        break
            if up is not None and up != e:
                parent[e] = up
                todo.append(up)
        return parent


LANG_RANK = {"de": 0, "": 1, "en": 2}

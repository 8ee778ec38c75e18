"""The home page by content: the sections the profile names (``home.sections``) — the programme
(events and their parts, with who took part and how many statements each holds), people by their
role (sorted by family name), lists of things by kind (institutions, laws and instruments …), the
timeline, the themes and the statements — each with the count of the real things it shows.

Everything is read from the page index (no query); each list is bounded by its section's
``limit``, so the home page stays small at any size. A section with nothing to show is left out.
"""

from __future__ import annotations

from types import SimpleNamespace as Obj
from urllib.parse import quote

import pyoxigraph as ox

from dialoggraph.rdf.paths import document_path

from .. import labels as L
from ..relations import Roles, shown_class
from ..statement_views import BROWSER, PAGE_SIZE, browser_file, node_key
from ..values import format_literal, span_start
from .common import page_href
from .timeline import date_of

S = L.S
PROGRAMME_NODES = 3  # the programme shows up to limit × this many events
FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "s", "Ä": "a", "Ö": "o", "Ü": "u"})


def triples_of(ix, iri: str):
    dp = document_path(iri, ix.base)
    return ix.pages.get(dp, {}).get(iri, ()) if dp is not None else ()


def objects(ix, iri: str, pred: str) -> list:
    return [t.object for t in triples_of(ix, iri) if t.predicate.value == pred]


def first_literal(ix, iri: str, pred: str) -> str | None:
    found = [o.value for o in objects(ix, iri, pred) if isinstance(o, ox.Literal)]
    return min(found) if found else None


def members(ix, section) -> list[str]:
    """The things of a section: instances of its classes, without its excluded classes."""
    out = set()
    for cls in section.classes:
        out.update(ix.instances.get(cls, ()))
    if section.excluded:
        out = {i for i in out if not section.excluded.intersection(ix.types.get(i, ()))}
    return sorted(out)


class HomeSections:
    """The home page's sections of a site (see the module documentation)."""

    def __init__(self, site, root: str = ""):
        self.site = site
        self.ix = site.index
        self.links = site.links
        self.root = root
        self.roles = Roles(self.ix)
        self._order: dict[str, int] = {}  # event → its place in the programme

    def build(self) -> list[Obj]:
        out = []
        # the programme first (people and their roles follow its order), then the profile's order
        built = {}
        sections = self.site.profile.home.sections
        for i, sec in sorted(enumerate(sections), key=lambda p: p[1].kind != "programme"):
            built[i] = getattr(self, "_" + sec.kind)(sec)
        for i, sec in enumerate(sections):
            view = built[i]
            if view is not None and view.count:
                view.kind, view.de, view.en, view.id = sec.kind, sec.title_de, sec.title_en, f"h-home-{i + 1}"
                out.append(view)
        return out

    def value(self, iri: str, note: bool = False):
        return self.links.value(iri, self.root, with_note=note)

    # ------------------------------------------------------------------ programme

    def _programme(self, sec) -> Obj | None:
        ix = self.ix
        events = set(members(ix, sec))
        if not events:
            return None
        parent: dict[str, str] = {}
        for e in events:
            up = next((o.value for o in objects(ix, e, S + "superEvent") if isinstance(o, ox.NamedNode)
                       and o.value in events), None)
            if up is None:
                up = next((t.subject.value for t in ix.incoming.get(e, ()) if t.predicate.value == S + "subEvent"
                           and t.subject.value in events), None)
            if up is not None and up != e:
                parent[e] = up
        children: dict[str | None, list[str]] = {}
        for e in events:
            children.setdefault(parent.get(e), []).append(e)
        for kids in children.values():
            kids.sort(key=self._event_order)
        held = ix.statements.of["event"]
        people = self._people_at_events()
        budget = [sec.limit * PROGRAMME_NODES]
        seen: set[str] = set()

        def node(e: str, depth: int) -> Obj:
            seen.add(e)
            self._order.setdefault(e, len(self._order))
            budget[0] -= 1
            kids = [k for k in children.get(e, ()) if k not in seen]
            shown = [node(k, depth + 1) for k in kids if budget[0] > 0 and depth < 6]
            return Obj(value=self.value(e), kind=self._kind(e), when=self._when(e), where=self._where(e),
                       people=people.get(e, []), statements=len(held.get(e, ())),
                       browser=self._browser("event", e), children=shown, more=len(kids) - len(shown))

        # the programme is what the statements were made at; without statements, what has parts
        roots = [e for e in children.get(None, []) if held.get(e)] \
            or [e for e in children.get(None, []) if children.get(e)]
        roots.sort(key=lambda e: -len(held.get(e, ())))
        tree = [node(e, 0) for e in roots if budget[0] > 0]
        others = [e for e in children.get(None, []) if e not in seen]
        return Obj(count=len(events), tree=tree, others=[self.value(e, note=True) for e in others[:sec.limit]],
                   others_more=max(0, len(others) - sec.limit))

    def _event_order(self, e: str) -> tuple:
        pos = first_literal(self.ix, e, S + "position")
        start = first_literal(self.ix, e, S + "startDate") or ""
        try:
            p = int(pos) if pos is not None else 1 << 30
        except ValueError:
            p = 1 << 30
        return (p, start, self.ix.label(e).casefold(), e)

    def _kind(self, e: str) -> str | None:
        kinds = [o.value for o in objects(self.ix, e, S + "additionalType") if isinstance(o, ox.NamedNode)]
        if kinds:
            return self.ix.label(kinds[0])
        ptype = self.ix.primary_type(e)
        return self.ix.term_label(shown_class(ptype)) if ptype else None

    def _when(self, e: str) -> str | None:
        start = [o for o in objects(self.ix, e, S + "startDate") if isinstance(o, ox.Literal)]
        end = [o for o in objects(self.ix, e, S + "endDate") if isinstance(o, ox.Literal)]
        if not start:
            return None
        a = format_literal(start[0])[1]
        b = format_literal(end[0])[1] if end and end[0].value != start[0].value else None
        return f"{span_start(a, b)}–{b}" if b else a

    def _where(self, e: str):
        places = [o.value for o in objects(self.ix, e, S + "location") if isinstance(o, ox.NamedNode)]
        return self.value(places[0]) if places else None

    def _people_at_events(self) -> dict[str, list]:
        """Event → the people who took part in a role there (name and role), from role nodes."""
        out: dict[str, list] = {}
        for role, players, name, events in self._role_nodes():
            for e in events:
                for who in players:
                    out.setdefault(e, []).append(Obj(value=self.value(who), role=name))
        return out

    def _role_nodes(self):
        """(role node, the people playing it, its kind's name, the events it was held at)."""
        ix = self.ix
        kind_prop = self.site.profile.home.role_kind
        cache = getattr(self, "_roles_cache", None)
        if cache is not None:
            return cache
        found = []
        for r in sorted(ix.role_nodes):
            players_by, name = self.roles.info(ox.NamedNode(r))
            kinds = [o.value for o in objects(ix, r, kind_prop) if isinstance(o, ox.NamedNode)]
            kind_name = ix.label(kinds[0]) if kinds else name
            events, players = [], []
            for p, nodes in players_by.items():
                holders = self.roles.holders(r, p)
                if holders:
                    events += holders
                    players += nodes
            if players and kind_name:
                found.append((r, list(dict.fromkeys(players)), kind_name, list(dict.fromkeys(events))))
        self._roles_cache = found
        return found

    # ------------------------------------------------------------------ people

    def _people(self, sec) -> Obj | None:
        ix = self.ix
        people = members(ix, sec)
        if not people:
            return None
        wanted = set(people)
        groups: dict[str, list] = {}
        order: dict[str, int] = {}
        placed: set[str] = set()
        for _r, players, kind_name, events in self._role_nodes():
            at = min((self._order.get(e, 1 << 30) for e in events), default=1 << 30)
            order[kind_name] = min(order.get(kind_name, 1 << 30), at)
            for who in players:
                if who in wanted:
                    groups.setdefault(kind_name, []).append((who, events))
                    placed.add(who)
        views = []
        for kind_name in sorted(groups, key=lambda k: (order[k], k)):
            entries: dict[str, list] = {}
            for who, events in groups[kind_name]:
                entries.setdefault(who, []).extend(events)
            ranked = sorted(entries.items(), key=lambda kv: self._family(kv[0]))
            views.append(Obj(role=kind_name, people=[self._person(w, evs) for w, evs in ranked[:sec.limit]],
                             more=max(0, len(ranked) - sec.limit)))
        rest = sorted((p for p in people if p not in placed), key=self._family)
        if rest:
            # "others" only beside people with roles; alone, the people need no heading
            views.append(Obj(role=None if views else "", people=[self._person(p, []) for p in rest[:sec.limit]],
                             more=max(0, len(rest) - sec.limit)))
        return Obj(count=len(people), groups=views, href=self._class_page(sec))

    def _person(self, who: str, events: list[str]) -> Obj:
        ix = self.ix
        orgs = [o.value for p in (S + "affiliation", S + "worksFor", S + "memberOf")
                for o in objects(ix, who, p) if isinstance(o, ox.NamedNode) and o.value not in ix.role_nodes]
        return Obj(value=self.value(who), events=[self.value(e) for e in dict.fromkeys(events)],
                   orgs=[self.value(o) for o in list(dict.fromkeys(orgs))[:2]],
                   statements=len(ix.statements.of["speaker"].get(who, ())), browser=self._browser("speaker", who))

    def _family(self, who: str) -> tuple:
        """Sort key: family name, given name (umlauts as their vowel), then the label."""
        ix = self.ix
        family = first_literal(ix, who, S + "familyName")
        label = ix.label(who)
        if family is None:
            family = label.split()[-1] if label.split() else label
        given = first_literal(ix, who, S + "givenName") or ""
        return (family.casefold().translate(FOLD), given.casefold().translate(FOLD), label, who)

    # ------------------------------------------------------------------ lists of things

    def _list(self, sec) -> Obj | None:
        ix = self.ix
        things = members(ix, sec)
        if not things:
            return None
        by_kind: dict[str, list[str]] = {}
        for t in things:
            ptype = ix.primary_type(t)
            by_kind.setdefault(ix.term_label(shown_class(ptype)) if ptype else "", []).append(t)
        shown = 0
        groups = []
        for kind in sorted(by_kind, key=lambda k: (-len(by_kind[k]), k)):
            items = sorted(by_kind[kind], key=lambda i: (ix.label(i).casefold(), i))
            room = max(0, sec.limit - shown)
            groups.append(Obj(kind=kind, count=len(items), items=[self.value(i) for i in items[:room]],
                              more=len(items) - min(room, len(items))))
            shown += min(room, len(items))
        return Obj(count=len(things), groups=groups, href=self._class_page(sec))

    def _class_page(self, sec) -> str | None:
        pages = self.site.class_pages
        best = max((c for c in sec.classes if c in pages), key=lambda c: len(self.ix.instances.get(c, ())),
                   default=None)
        return self.root + pages[best] if best else None

    # ------------------------------------------------------------------ timeline, themes, statements

    def _timeline(self, sec) -> Obj | None:
        ix = self.ix
        entries = []
        for iri in set(ix.instances.get(self.site.profile.timeline.entry_class, ())):
            d = date_of(self.site, iri)
            if d is not None:
                entries.append((d[0], ix.label(iri).casefold(), iri, d[1]))
        if not entries:
            return None
        entries.sort()
        return Obj(count=len(entries), items=[Obj(when=w, value=self._without_date(self.value(i), w))
                                              for _p, _k, i, w in entries[:sec.limit]],
                   more=max(0, len(entries) - sec.limit), href=self.root + page_href(self.site, "timeline"),
                   first=entries[0][3], last=entries[-1][3])

    @staticmethod
    def _without_date(v, when: str):
        """An entry's name without the year it starts with ("2005: Zuwanderungsgesetz"), shown
        beside it anyway."""
        year = when.rsplit(" ", 1)[-1]
        if v.text.startswith(year + ":"):
            return v._replace(text=v.text[len(year) + 1:].strip(), html=None)
        return v

    def _themes(self, sec) -> Obj | None:
        ix = self.ix
        path = self.ix.base + self.site.profile.themes.schemes
        tops: list[str] = []
        concepts = 0
        for scheme in sorted(set(ix.instances.get(L.SKOS + "ConceptScheme", ()))):
            if not scheme.startswith(path):
                continue
            tops += [o.value for o in objects(ix, scheme, L.SKOS + "hasTopConcept") if isinstance(o, ox.NamedNode)]
        members_ = {c for c in ix.instances.get(L.SKOS + "Concept", ()) if c.startswith(path)}
        concepts = len(members_)
        if not tops and not concepts:
            return None
        about = ix.statements.of["theme"]
        items = []
        for top in sorted(set(tops), key=lambda c: ix.label(c).casefold()):
            below = self._narrower(top)
            said = set()
            for c in below | {top}:
                said.update(about.get(c, ()))
            items.append(Obj(value=self.value(top), narrower=len(below), statements=len(said),
                             browser=self._browser("theme", top)))
        talked = sorted(((c, n) for c, n in about.items() if c in members_),
                        key=lambda cn: (-len(cn[1]), ix.label(cn[0]).casefold()))[:min(sec.limit, 24)]
        return Obj(count=concepts, items=items[:sec.limit], more=max(0, len(items) - sec.limit),
                   href=self.root + page_href(self.site, "themes"),
                   talked=[Obj(value=self.value(c), count=len(n), browser=self._browser("theme", c)) for c, n in talked])

    def _narrower(self, concept: str) -> set[str]:
        out, todo = set(), [concept]
        while todo and len(out) < 10000:
            c = todo.pop()
            for o in objects(self.ix, c, L.SKOS + "narrower"):
                if isinstance(o, ox.NamedNode) and o.value not in out:
                    out.add(o.value)
                    todo.append(o.value)
            for t in self.ix.incoming.get(c, ()):
                if t.predicate.value == L.SKOS + "broader" and t.subject.value not in out:
                    out.add(t.subject.value)
                    todo.append(t.subject.value)
        out.discard(concept)
        return out

    def _statements(self, sec) -> Obj | None:
        st = self.ix.statements
        if not len(st):
            return None
        kinds = sorted(st.of["kind"].items(), key=lambda kv: (-len(kv[1]), self.ix.label(kv[0])))
        speakers = sorted(st.of["speaker"].items(), key=lambda kv: (-len(kv[1]), self.ix.label(kv[0])))
        return Obj(count=len(st), href=self.root + BROWSER,
                   kinds=[Obj(value=self.value(k), count=len(n), browser=self._browser("kind", k))
                          for k, n in kinds[:sec.limit]],
                   speakers=[Obj(value=self.value(w), count=len(n), browser=self._browser("speaker", w))
                             for w, n in speakers[:12]])

    def _browser(self, role: str, iri: str) -> str:
        """The statements browser filtered by ``iri`` in ``role``, on the page of its first one."""
        positions = self.ix.statements.of[role].get(iri)
        page = browser_file(positions[0] // PAGE_SIZE) if positions else BROWSER
        return f"{self.root}{page}?{role}={quote(node_key(iri, self.ix.base), safe='/')}"


"""The statements browser: every statement with its speaker, event, kind and themes, in document
order, grouped by the event it was made at — lists that work without JavaScript; with it,
``statements.js`` filters them by speaker, event, kind, theme and words (and keeps the filter in
the address, so entity pages link it filtered).

It replaces the class index of the statement classes. A page holds at most :data:`PAGE_SIZE`
statements (by position: page ``k`` holds positions ``k·PAGE_SIZE`` onwards), so every page stays
small at any size and an entity page knows which page its first statement is on.
"""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace as Obj

from .. import markup
from ..statement_views import PAGE_SIZE, StatementViews, browser_file, node_key
from .common import unit, write

#: the filters: role, German and English label
FILTERS = (("speaker", "Wer", "Speaker"), ("event", "Wo", "Event"), ("kind", "Art", "Kind"),
           ("theme", "Thema", "Theme"), ("mention", "Erwähnt", "Mentions"))
OPTION_LIMIT = 400  # options per filter (the most frequent; the rest are reachable by words)


def write_statements(site) -> None:
    st = site.index.statements
    if not len(st):
        return
    views = StatementViews(site.index, site.links, site.base, site.reading)
    pages = max(1, -(-len(st) // PAGE_SIZE))
    for n in range(pages):
        # a page of its own for an incremental build: an edit renders the pages that show it
        with unit("statements", str(n), (n, pages)) as render:
            if render:
                _write_page(site, views, st.all[n * PAGE_SIZE:(n + 1) * PAGE_SIZE], n, pages)


def _write_page(site, views: StatementViews, chunk, n: int, pages: int) -> None:
    ix, st, base = site.index, site.index.statements, site.base
    root = "../"
    key = lambda iri: node_key(iri, base)  # noqa: E731
    common = _common_prefix([st.event_path(s.event) for s in chunk if s.event])
    groups: dict[str | None, Obj] = {}
    counts = {role: Counter() for role, _de, _en in FILTERS}
    for s in chunk:
        events = [e for ev in s.events for e in st.event_path(ev)]
        data = {"speaker": s.speakers, "event": list(dict.fromkeys(events)), "kind": s.kinds, "theme": s.themes,
                "mention": s.mentions}
        for role, iris in data.items():
            counts[role].update(set(iris))
        attrs = "".join(f' data-{role}="{markup.esc(" ".join(key(i) for i in iris))}"' for role, iris in data.items())
        g = groups.get(s.event)
        if g is None:
            path = st.event_path(s.event)[len(common):] if s.event else []
            if s.event and not path:
                path = [s.event]
            head = " › ".join(markup.value_html(site.links.value(e, root, with_note=False)) for e in path)
            g = groups[s.event] = Obj(head=markup.Markup(head or "Ohne Veranstaltung"), items=[])
        g.items.append(markup.statement_item(views.view(s, root), attrs))
    for g in groups.values():
        g.count, g.html = len(g.items), markup.Markup("".join(g.items))
    filters = []
    for role, de, en in FILTERS:
        # the most frequent, ties by IRI: ``most_common`` breaks them by insertion order, which
        # follows a set's iteration order — another in every process (string hashes)
        ranked = sorted(counts[role].items(), key=lambda kv: (-kv[1], kv[0]))[:OPTION_LIMIT]
        if role == "event":
            ranked.sort(key=lambda kv: [ix.label(e).casefold() for e in st.event_path(kv[0])])
        else:
            ranked.sort(key=lambda kv: (ix.label(kv[0]).casefold(), kv[0]))
        options = [Obj(key=key(iri), count=c,
                       label=_event_label(site, iri, common) if role == "event" else ix.label(iri))
                   for iri, c in ranked]
        filters.append(Obj(role=role, de=de, en=en, options=options))
    nav = [Obj(n=k + 1, href=browser_file(k).rsplit("/", 1)[1], current=k == n) for k in range(pages)] \
        if pages > 1 else []
    write(site, browser_file(n), "statements.html", groups=list(groups.values()), filters=filters,
          total=len(st), shown=len(chunk), first=n * PAGE_SIZE + 1, nav=nav)


def _event_label(site, event: str, common: list[str]) -> str:
    """An event with the events above it that not every statement shares, for the event filter."""
    path = site.index.statements.event_path(event)
    return " › ".join(site.index.label(e) for e in (path[len(common):] or path[-1:]))


def _common_prefix(paths: list[list[str]]) -> list[str]:
    """The events every path starts with (the forum and track all statements share)."""
    if not paths:
        return []
    prefix = list(paths[0])
    for p in paths[1:]:
        k = 0
        while k < len(prefix) and k < len(p) and prefix[k] == p[k]:
            k += 1
        del prefix[k:]
        if not prefix:
            break
    return prefix

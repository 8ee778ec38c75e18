"""The search page and its index (JSON, and the same as a script for ``file://``)."""

from __future__ import annotations

import json

from dialoggraph.rdf.paths import STATIC_DIR, page_file

from ..relations import shown_class
from .common import is_technical, site_file, write

SEARCH_LIMIT = 25000  # entries in the search index
STATEMENT_TEXT = 400  # characters of a statement's text in the index (its words are searched)
TEXT_BUDGET = 2_000_000  # characters of statement text in the whole index: the index stays bounded


def search_entries(site) -> list[dict]:
    ix = site.index
    ranks = site.profile.search  # the order of the index (and of equally good hits)
    rows = []
    for dp in sorted(ix.pages):
        main = ix.main_subject(dp)
        types = ix.types.get(main, [])
        if not types or all(is_technical(site, t) for t in types):
            continue
        ptype = ix.primary_type(main)
        rows.append((ranks.rank(set(types)), ix.label(main).casefold(), dp, main, ptype))
    rows.sort()
    out = []
    statements = ix.statements
    budget = TEXT_BUDGET
    for _rank, _key, dp, main, ptype in rows[:SEARCH_LIMIT]:
        entry = {"l": ix.label(main), "t": ix.term_label(shown_class(ptype)) if ptype else "", "u": page_file(dp)}
        alts = ix.alternate_names(main)
        if alts:
            entry["a"] = alts[:8]
        s = statements.by_iri.get(main)
        if s is not None:
            # who said it where, and its words: a statement is found by any of them
            who = ", ".join(ix.label(w) for w in s.speakers[:3])
            where = ix.label(s.event) if s.event else ""
            entry["w"] = ", ".join(x for x in (who, where) if x)
            if budget > 0:
                text = s.text[:STATEMENT_TEXT]
                budget -= len(text)
                entry["x"] = text
        out.append(entry)
    return out


def write_search(site) -> None:
    entries = search_entries(site)
    data = json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    static = site.out / STATIC_DIR
    (static / "search-index.json").write_text(data + "\n", encoding="utf-8")
    # the same data as a script, so the search also works from file:// (no fetch needed)
    safe = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    safe = safe.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    (static / "search-index.js").write_text(f"window.DG_SEARCH_INDEX={safe};\n", encoding="utf-8")
    groups = []
    for cls in site.profile.search.browse:
        if cls in site.class_pages:
            groups.append({"label": site.index.term_label(shown_class(cls)), "href": site.class_pages[cls].split("/", 1)[1],
                           "count": len(site.index.instances[cls])})
    write(site, site_file("search.html"), "search.html", total=len(entries), capped=len(entries) >= SEARCH_LIMIT,
          groups=groups, examples=site.profile.search.examples, statements=len(site.index.statements))

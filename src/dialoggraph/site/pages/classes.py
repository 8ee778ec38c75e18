"""The class indexes: all classes with their counts, and one page (or several) per class."""

from __future__ import annotations

import math

from dialoggraph.rdf.paths import depth_prefix

from .common import is_technical, listed_first, site_file, unit, untracked, write

CLASS_PAGE_SIZE = 1000


def write_classes(site) -> None:
    """The index of classes and each class's pages, each page a unit of its own (an edit of a
    label re-renders the pages that list it, and those it moves members into or out of)."""
    with unit("classes", "index") as render:
        if render:
            write_index(site)
    for cls, file in sorted(site.class_pages.items()):
        if not file.startswith(site_file("classes/")):  # a page of its own (the statements browser)
            continue
        with untracked("classes"):  # the order reaches the pages as their tokens
            members = [iri for _key, iri in sorted([(site.index.label(i).casefold(), i)
                                                     for i in set(site.index.instances[cls])])]
        pages = max(1, math.ceil(len(members) / CLASS_PAGE_SIZE))
        for n in range(pages):
            chunk = tuple(members[n * CLASS_PAGE_SIZE:(n + 1) * CLASS_PAGE_SIZE])
            with unit("classes", f"{cls} {n}", (chunk, len(members), pages)) as render:
                if render:
                    write_class_page(site, cls, file, chunk, n, pages, len(members))


def write_index(site) -> None:
    ix = site.index
    links = site.links
    rows = []
    for cls, file in sorted(site.class_pages.items()):
        members = ix.instances[cls]
        rows.append({"label": ix.term_label(cls), "en": ix.term_label_en(cls),
                     "href": file.split("/", 1)[1].removeprefix("classes/") if file.startswith(site_file("classes/"))
                     else "../" + file.split("/", 1)[1], "curie": site.links.curie(cls), "count": len(members),
                     "technical": is_technical(site, cls), "term": links.term(cls, "../../"), "cls": cls})
    first = listed_first(site)
    rows.sort(key=lambda r: (first(r["cls"]), -r["count"], r["label"].casefold()))
    write(site, site_file("classes/index.html"), "classes.html", rows=rows)


def write_class_page(site, cls: str, file: str, chunk: tuple[str, ...], n: int, pages: int, count: int) -> None:
    """Page ``n`` of a class's ``pages``: the members in ``chunk`` (sorted by label), of ``count``."""
    ix = site.index
    links = site.links
    stem = file[:-len(".html")]
    names = [file] + [f"{stem}-{k}.html" for k in range(2, pages + 1)]
    root = depth_prefix(names[n])
    entries = []
    for iri in chunk:
        # a member with a page of its own (nearly all) is linked directly: the ten
        # thousands of them are not worth a shared, cached link value each
        link = links.page_link(iri, root)
        if link is None:
            v = links.value(iri, root, with_note=False)
            link = (v.href, v.text, v.lang)
        types = ix.types.get(iri, ())
        others = ", ".join(sorted({ix.term_label(t) for t in types if t != cls})[:4]) if len(types) > 1 else ""
        entries.append((*link, others, iri))
    nav = [{"n": k + 1, "href": names[k].rsplit("/", 1)[1], "current": k == n} for k in range(pages)]
    write(site, names[n], "class.html", cls=cls, label=ix.term_label(cls), en=ix.term_label_en(cls),
          curie=site.links.curie(cls), term=links.term(cls, root),
          comment=ix.term_comments.get(cls), count=count, entries=entries,
          nav=nav if pages > 1 else [], first=n * CLASS_PAGE_SIZE + 1)

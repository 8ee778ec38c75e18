"""Links between pages, and the values made of them.

:class:`Links` works out, once per IRI (or per IRI and page depth), where a node is described
— a page of the site, an element on it, a file of the site, an outside http(s) page, or nowhere —
and keeps the answers in its own caches. The :class:`~.values.Value` objects it hands out are
shared by every page that shows the same link, and immutable. Links are relative (``root`` is
the way from a page back to the site's folder), so the site works from any folder.
"""

from __future__ import annotations

from dialoggraph.export.dumps import EXPORT_FILES
from dialoggraph.rdf.paths import SITE_DIR, document_path, fragment, is_publishable, page_file
from dialoggraph.rdf.prefixes import Prefixes

from . import markup
from .ids import class_slug, html_id
from .index import SiteIndex
from .relations import shown_class, shown_classes
from .values import WIKIDATA, Value, is_web_iri


def class_page_files(classes, prefixes: Prefixes) -> dict[str, str]:
    """Class IRI → its index page (``_site/classes/schema-Person.html``), one file per class."""
    out, used = {}, set()
    for cls in sorted(classes):
        slug = class_slug(prefixes.compact(cls))
        while slug in used:
            slug += "-x"
        used.add(slug)
        out[cls] = f"{SITE_DIR}/classes/{slug}.html"
    return out


class Links:
    """Hrefs, link values, term values and their HTML, each worked out once (see the module
    documentation). ``page_paths``: the document paths that have a page; ``class_pages``: class
    IRI → its index page; CURIEs come from the project's :class:`~dialoggraph.rdf.prefixes.Prefixes`."""

    #: tables whose entries depend on their key, the settings and the ontology alone: an
    #: incremental build does not record reads of them (dialoggraph.incremental.reads)
    PURE_CACHES = ("_site_files", "_terms", "_heads")

    def __init__(self, index: SiteIndex, base: str, ontology_ns: str, page_paths: set[str],
                 class_pages: dict[str, str], prefixes: Prefixes):
        self.index = index
        self.base = base
        self.ontology_ns = ontology_ns
        self.page_paths = page_paths
        self.class_pages = class_pages
        self.curie = prefixes.compact
        self._targets: dict[str, str | None] = {}
        self._site_files: dict[str, bool] = {}
        self._values: dict[tuple, Value] = {}
        self._terms: dict[tuple, Value] = {}
        self._heads: dict[tuple, object] = {}
        #: IRIs written as text, never linked: routes only ``dialoggraph serve`` answers (/sparql)
        self.not_links: frozenset[str] = frozenset()
        self._badges: dict[tuple, object] = {}

    # ------------------------------------------------------------------ where a node is described

    def href(self, iri: str, root: str) -> str | None:
        """A relative link to the page describing ``iri``, or ``None``."""
        target = self._targets.get(iri, "")
        if target == "":
            target = self._targets[iri] = self._target(iri)
        return None if target is None else root + target

    def _target(self, iri: str) -> str | None:
        """The page (and element) describing ``iri``, relative to the site folder: the same for
        every page that links to it, so it is worked out once per IRI."""
        dp = document_path(iri, self.base)
        if dp is None or dp not in self.page_paths:
            return None
        target = page_file(dp)
        frag = fragment(iri)
        if frag and frag != "id":
            hid = html_id(frag)
            if hid:
                target += "#" + hid
        return target

    def page_link(self, iri: str, root: str) -> tuple[str, str, str | None] | None:
        """A node with a page of its own: the link to it, its label and the label's language;
        ``None`` for any other node."""
        href = self.href(iri, root)
        if href is None:
            return None
        return href, self.index.label(iri), self.index.label_lang(iri) or None

    def is_site_file(self, dp: str) -> bool:
        known = self._site_files.get(dp)
        if known is None:
            known = self._site_files[dp] = dp in EXPORT_FILES and is_publishable(dp)
        return known

    # ------------------------------------------------------------------ values

    def value(self, iri: str, root: str, with_note: bool = True) -> Value:
        """The value for a linked node, shared between pages. A link used a second time gets
        its HTML written once (:func:`.markup.value_html`, every text escaped); later pages reuse
        it."""
        key = (iri, root, with_note)
        v = self._values.get(key)
        if v is None:
            v = self._values[key] = self._value(iri, root, with_note)
        elif v.html is None:
            v = self._values[key] = v._replace(html=markup.value_html(v))
        return v

    def _value(self, iri: str, root: str, with_note: bool) -> Value:
        ix = self.index
        link = self.page_link(iri, root)
        if link is not None:
            href, text, lang = link
            note = None
            if with_note:
                ptype = ix.primary_type(iri)
                note = ix.term_label(shown_class(ptype)) if ptype else None
            return Value("link", text, href, lang=lang, note=note)
        dp = document_path(iri, self.base)
        if dp is not None and self.is_site_file(dp):
            return Value("link", dp, root + dp)  # a file of the site: dataset.ttl, void.ttl…
        if iri in self.not_links:
            return Value("iri", iri)
        if is_web_iri(iri):
            if ix.has_label(iri):
                text = ix.label(iri)
            elif iri in ix.term_labels:
                text = ix.term_label(iri)
            elif iri.startswith(WIKIDATA):
                text = "Wikidata " + iri[len(WIKIDATA):]
            else:
                text = self.curie(iri)
            return Value("ext", text, iri, raw=iri)
        return Value("iri", iri)

    def term(self, iri: str, root: str) -> Value:
        """A vocabulary term (a class or a property) by its readable name: the project's own
        terms link to the ontology page, others to their definition."""
        key = (iri, root)
        v = self._terms.get(key)
        if v is None:
            v = self._terms[key] = self._term(iri, root)
        return v

    def _term(self, iri: str, root: str) -> Value:
        text = self.index.term_label(iri)
        if iri.startswith(self.ontology_ns):
            return Value("link", text, self.href(iri, root), raw=self.curie(iri))
        if is_web_iri(iri):
            return Value("ext", text, iri, raw=self.curie(iri))
        return Value("iri", iri)

    def type_value(self, t: str, root: str) -> Value:
        """A class, linked to its index page when it has one."""
        v = self.term(t, root)
        if t in self.class_pages:
            return Value("link", v.text, root + self.class_pages[t], raw=self.curie(t))
        return v

    def marked(self, v: Value, marks, root: str, anchor: bool = False) -> Value:
        """``v`` with the marks of how its fact is known (:mod:`.marks`); each mark's HTML is
        written once per page depth. ``anchor``: on the page of the fact's subject, where the
        mark carries the fact node's id (``#fact-…`` lands on it). A new value: shared ones stay
        as they are."""
        html = list(v.marks)
        for m in marks:
            key = (root, anchor)
            h = m.html.get(key)
            if h is None:
                source = self.value(m.source, root, with_note=False) if m.source else None
                ident = html_id(fragment(m.fact)) if anchor else None
                h = m.html[key] = markup.mark_html(m, self.href(m.activity, root), source, ident)
            if h not in html:
                html.append(h)
        return v._replace(marks=tuple(html), html=None)

    # ------------------------------------------------------------------ HTML shared by many pages

    def type_badges(self, iri: str, root: str):
        """The type badges of a node (written once for each set of types and depth)."""
        types = tuple(shown_classes(self.index.sorted_types(iri)))
        key = (types, root)
        html = self._badges.get(key)
        if html is None:
            html = self._badges[key] = markup.typebadges([self.type_value(t, root) for t in types])
        return html

    def prop_head(self, p: str, root: str):
        """A property as the head of a fact group (written once per property and depth)."""
        key = (p, root)
        head = self._heads.get(key)
        if head is None:
            head = self._heads[key] = markup.prop_head(self.term(p, root), self.index.term_label_en(p),
                                                       self.curie(p))
        return head

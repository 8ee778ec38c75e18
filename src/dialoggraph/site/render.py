"""Validated graph → a browsable static site: one page per document path, site pages, search.

``Site(graphs, out_dir)`` indexes the sorted triples in one pass (:mod:`dialoggraph.siteindex`);
``Site.tasks()`` hands the pages to the build as independent tasks (:mod:`dialoggraph.workers`),
which render every page with compiled Jinja2 templates (autoescaped; data never becomes markup) and writes each page's own description as
Turtle and JSON-LD next to it (pyoxigraph's serializers; N-Triples come from the server's store
and from ``dataset.nt``). An entity's annotations are fragments of its own document, so its page
holds its passages and there is no page per annotation. Links between pages are
relative, so the site works from any folder, from ``file://`` and behind the server.

Safety rules, enforced here and proven by tests/test_render_xss.py:

* every literal and label reaches the HTML through autoescaping only;
* only ``http``/``https`` IRIs become outside links, relative links are made from publishable
  document paths (:mod:`dialoggraph.paths`); any other IRI (``javascript:``, ``data:``…) is text;
* JSON-LD inside ``<script>`` goes through Jinja's ``tojson`` (``<``, ``>``, ``&``, ``'`` escaped).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace as Obj  # template values read as attributes: no dict fallback

import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape

from . import labels as L
from . import markup
from dialoggraph.export.dumps import EXPORT_FILES
from dialoggraph.rdf.prefixes import Prefixes
from dialoggraph.rdf.paths import (SITE_DIR, STATIC_DIR, depth_prefix, description_files, document_path, fragment,
                    is_publishable, page_file)
from .index import RDF_TYPE, SiteIndex, shorten

XSD = "http://www.w3.org/2001/XMLSchema#"
WIKIDATA = "http://www.wikidata.org/entity/"
FRAGMENT_ORDER = {"target": 0, "quote": 1, "position": 2}  # the parts of an annotation, in reading order
PLAIN_DATATYPES = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember"]
SAFE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,80}")
INCOMING_LIMIT = 60  # entries per property in "referenced by"; the rest is counted
CLASS_PAGE_SIZE = 1000
SEARCH_LIMIT = 25000  # entries in the search index
SITEMAP_LIMIT = 50000

#: facts shown first, in this order; the rest follow by label
PROPERTY_ORDER = [L.S + "name", L.SKOS + "prefLabel", L.S + "alternateName", L.SKOS + "altLabel",
                  L.S + "honorificPrefix", L.S + "givenName", L.S + "familyName", L.S + "text",
                  L.S + "description", L.SKOS + "definition", L.S + "additionalType", L.S + "roleName",
                  L.S + "startDate", L.S + "endDate", L.S + "legislationDate", L.S + "foundingDate",
                  L.DCT + "issued"]
PROPERTY_RANK = {p: i for i, p in enumerate(PROPERTY_ORDER)}
HIDDEN_INCOMING = {L.OA + "hasBody"}  # shown as the source passages instead

LICENSES = {"https://creativecommons.org/licenses/by/4.0": "CC BY 4.0",
            "https://creativecommons.org/publicdomain/zero/1.0": "CC0 1.0",
            "https://creativecommons.org/licenses/by-sa/4.0": "CC BY-SA 4.0"}

#: classes that the home page lists apart, as the technical scaffolding of the graph
TECHNICAL_NS = (L.OA, L.TIME, L.VOID, L.DCAT)


CHUNK = 500  # entity pages per task
#: site pages written last, in the build's own process: the home page lists the dumps with their
#: sizes, the validation page shows the report (which may arrive from a process of its own)
FINAL_PAGES = ("home", "validation")


def entity_pages_task(site: "Site", chunk: list[str]) -> int:
    """A worker task (see :mod:`dialoggraph.workers`): write the entity pages of ``chunk``."""
    for dp in chunk:
        site.write_entity(dp)
    return len(chunk)


def site_page_task(site: "Site", name: str) -> int:
    """A worker task: write one of the site's own pages (:data:`dialoggraph.pages.PAGES`)."""
    from . import pages

    pages.write_one(site, name)
    return 1


# ---------------------------------------------------------------------------- helpers

def is_web_iri(iri: str) -> bool:
    """Only http(s) IRIs become outside links."""
    low = iri[:8].lower()
    return low.startswith("http://") or low.startswith("https://")


def format_literal(lit: ox.Literal) -> tuple[str, str, str | None]:
    """(kind, text, machine value): dates and years in German, booleans as ja/nein."""
    value = lit.value
    dt = lit.datatype.value if lit.datatype is not None else ""
    if dt == XSD + "date":
        m = re.fullmatch(r"(-?\d{4,})-(\d\d)-(\d\d)(Z|[+-]\d\d:\d\d)?", value)
        if m and 1 <= int(m.group(2)) <= 12:
            return "date", f"{int(m.group(3))}. {MONTHS[int(m.group(2)) - 1]} {m.group(1)}", value
    elif dt == XSD + "gYearMonth":
        m = re.fullmatch(r"(-?\d{4,})-(\d\d)(Z|[+-]\d\d:\d\d)?", value)
        if m and 1 <= int(m.group(2)) <= 12:
            return "date", f"{MONTHS[int(m.group(2)) - 1]} {m.group(1)}", value
    elif dt == XSD + "gYear":
        m = re.fullmatch(r"(-?\d{4,})(Z|[+-]\d\d:\d\d)?", value)
        if m:
            return "date", m.group(1), value
    elif dt == XSD + "dateTime":
        m = re.fullmatch(r"(-?\d{4,})-(\d\d)-(\d\d)T(\d\d):(\d\d)(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?", value)
        if m and 1 <= int(m.group(2)) <= 12:
            return ("date", f"{int(m.group(3))}. {MONTHS[int(m.group(2)) - 1]} {m.group(1)}, "
                            f"{m.group(4)}:{m.group(5)} Uhr", value)
    elif dt == XSD + "boolean":
        if value in ("true", "1"):
            return "text", "ja", None
        if value in ("false", "0"):
            return "text", "nein", None
    return "text", value, None


def year_of(lit: ox.Literal) -> float | None:
    """A position on a time axis: 2005 → 2005.0, 2001-07 → 2001.5; ``None`` if not a date."""
    m = re.match(r"(\d{4})(?:-(\d\d))?(?:-(\d\d))?", lit.value)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    return year + ((month - 1) / 12 if month and 1 <= month <= 12 else 0)


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def fold(text: str) -> str:
    """Search folding: lower case, no diacritics, ß → ss (the JavaScript does the same)."""
    text = unicodedata.normalize("NFD", text.casefold().replace("ß", "ss"))
    return "".join(c for c in text if not unicodedata.combining(c))


#: element ids the page templates use themselves; a data fragment never takes one of them
RESERVED_IDS = {"inhalt", "site-q", "h-facts", "belege", "h-incoming", "q", "search-status",
                "search-results", "network", "nw-title", "nw-desc", "tl-title", "tl-desc"}


def html_id(frag: str | None) -> str | None:
    """The element id for a hash IRI's fragment, if it is a plain name (else no id, no anchor)."""
    if not frag or not SAFE_ID.fullmatch(frag) or frag in RESERVED_IDS or frag.startswith(("beleg-", "h-")):
        return None
    return frag


def class_slug(curie: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", curie).strip("-") or "class"


@dataclass
class Value:
    kind: str  # link | ext | iri | text | date | bnode
    text: str
    href: str | None = None
    lang: str | None = None
    raw: str | None = None
    note: str | None = None
    refs: tuple = ()
    groups: list | None = None
    html: object = None  # the value rendered by the template macro "value", for shared links


# ---------------------------------------------------------------------------- the site

class Site:
    def __init__(self, graphs, out_dir: Path):
        self.graphs = graphs
        self.settings = graphs.settings
        self.out = out_dir
        self.outs = str(out_dir) + os.sep
        self.base = self.settings.base_iri
        self.ontology = graphs.corpus.ontology
        data = list(graphs.data) + sorted(graphs.void, key=str)
        self.index = SiteIndex(self.base, data, self.ontology)
        self.prefix_table = L.prefix_table(self.base)
        self.env = Environment(loader=PackageLoader("dialoggraph.site", "templates"), auto_reload=False,
                               autoescape=select_autoescape(("html", "xml"), default_for_string=True,
                                                            default=True),
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        self.env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False,
                                                  "separators": (",", ":")}
        lic = self.settings.dataset.license
        self.env.globals.update(site_brand=self.settings.dataset.title_de.split(",")[0],
                                license=lic if is_web_iri(lic) else None,
                                license_name=LICENSES.get(lic.rstrip("/"), lic),
                                site_title=self.settings.dataset.title_de,
                                site_title_en=self.settings.dataset.title_en, SITE=SITE_DIR,
                                STATIC=STATIC_DIR, **markup.GLOBALS)
        # document paths that have a page: the data's, the ontology's and the home page
        self.page_paths = set(self.index.pages)
        self.ontology_path = document_path(self.settings.ontology_ns, self.base)
        self.page_paths.add(self.ontology_path)
        self.page_paths.add("")
        self.class_pages = self._class_pages()
        self.jsonld_prefixes = Prefixes(self.base).map
        self.ttl_prefixes = Prefixes(self.base).turtle
        self._undeclared_base = self._undeclared_namespace()
        self._declared_in_base = tuple(ns for ns in self.ttl_prefixes.values() if ns.startswith(self.base))
        self._curies: dict[str, str] = {}
        self._compact: dict[str, str] = {}
        self._site_files: dict[str, bool] = {}
        self._dirs: set[Path] = set()
        self._term_cache: dict = {}
        self._links: dict = {}
        self._prefix_of: dict[str, str] = {}
        self._heads: dict = {}
        self._group_keys: dict[str, tuple] = {}
        self._targets: dict[str, str | None] = {}
        self._needles: dict[str, str] = {}  # a link's text → its form for finding it in passages
        self.env.globals["ontology_page"] = page_file(self.ontology_path)
        self.chrome_macros = self.env.get_template("_chrome.html").module
        self._chrome: dict[str, dict] = {}
        self._badges: dict = {}

    def curie(self, iri: str) -> str:
        c = self._curies.get(iri)
        if c is None:
            c = self._curies[iri] = L.curie(iri, self.prefix_table)
        return c

    def compact_id(self, iri: str) -> str:
        c = self._compact.get(iri)
        if c is None:
            c = self._compact[iri] = _compact_id(iri, self.prefix_table)
        return c

    def is_site_file(self, dp: str) -> bool:
        known = self._site_files.get(dp)
        if known is None:
            known = self._site_files[dp] = dp in EXPORT_FILES and is_publishable(dp)
        return known

    def ensure_dir(self, folder: Path) -> None:
        if folder not in self._dirs:
            folder.mkdir(parents=True, exist_ok=True)
            self._dirs.add(folder)

    # ------------------------------------------------------------------ links and values

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

    def link_value(self, iri: str, root: str, with_note: bool = True) -> Value:
        """The value for a linked node (shared between pages: copy it before changing it).

        A link used a second time is rendered once by the template's own ``value`` macro
        (autoescaped like everything else) and that output is reused on later pages."""
        key = (iri, root, with_note)
        v = self._links.get(key)
        if v is None:
            v = self._links[key] = self._link_value(iri, root, with_note)
        elif v.html is None:
            v.html = markup.value_html(v)
        return v

    def chrome(self, root: str) -> Obj:
        """Head links, header and footer of a page at this depth, rendered once and reused."""
        c = self._chrome.get(root)
        if c is None:
            m = self.chrome_macros
            c = self._chrome[root] = Obj(head=m.head(root), header=m.header(root), footer=m.footer(root))
        return c

    def type_badges(self, iri: str, root: str):
        """The type badges of a node (rendered by the template macro, reused for equal type sets)."""
        types = tuple(self.index.sorted_types(iri))
        key = (types, root)
        html = self._badges.get(key)
        if html is None:
            html = self._badges[key] = markup.typebadges([self.type_value(t, root) for t in types])
        return html

    def prop_head(self, p: str, root: str):
        key = (p, root)
        head = self._heads.get(key)
        if head is None:
            head = self._heads[key] = markup.prop_head(
                self.term_value_cached(p, root, self._term_cache), self.index.term_label_en(p), self.curie(p))
        return head

    def page_link(self, iri: str, root: str) -> tuple[str, str, str | None] | None:
        """A node with a page of its own: the link to it, its label and the label's language;
        ``None`` for any other node."""
        href = self.href(iri, root)
        if href is None:
            return None
        return href, self.index.label(iri), self.index.label_lang(iri) or None

    def _link_value(self, iri: str, root: str, with_note: bool) -> Value:
        link = self.page_link(iri, root)
        if link is not None:
            href, text, lang = link
            note = None
            if with_note:
                ptype = self.index.primary_type(iri)
                note = self.index.term_label(ptype) if ptype else None
            return Value("link", text, href, lang=lang, note=note)
        dp = document_path(iri, self.base)
        if dp is not None and self.is_site_file(dp):
            return Value("link", dp, root + dp)  # a file of the site: dataset.ttl, void.ttl…
        if is_web_iri(iri):
            if self.index.has_label(iri):
                text = self.index.label(iri)
            elif iri in self.index.term_labels:
                text = self.index.term_label(iri)
            elif iri.startswith(WIKIDATA):
                text = "Wikidata " + iri[len(WIKIDATA):]
            else:
                text = self.curie(iri)
            return Value("ext", text, iri, raw=iri)
        return Value("iri", iri)

    def term_value(self, iri: str, root: str) -> Value:
        """A vocabulary term (a class or a property) by its readable name."""
        text = self.index.term_label(iri)
        if iri.startswith(self.settings.ontology_ns):
            return Value("link", text, self.href(iri, root), raw=self.curie(iri))
        if is_web_iri(iri):
            return Value("ext", text, iri, raw=self.curie(iri))
        return Value("iri", iri)

    def term_value_cached(self, iri: str, root: str, cache: dict) -> Value:
        key = (iri, root)
        v = cache.get(key)
        if v is None:
            v = cache[key] = self.term_value(iri, root)
        return v

    def object_value(self, o, root: str, depth: int, seen: set) -> Value:
        if isinstance(o, ox.NamedNode):
            return self.link_value(o.value, root)
        if isinstance(o, ox.Literal):
            kind, text, raw = format_literal(o)
            return Value(kind, text, lang=o.language or None, raw=raw)
        if isinstance(o, ox.BlankNode):
            if depth > 4 or o.value in seen:
                return Value("text", "[…]")
            seen = seen | {o.value}
            return Value("bnode", "", groups=self.fact_groups(self.index.bnodes.get(o.value, []), root,
                                                              None, depth + 1, seen))
        return Value("text", str(o))

    def fact_groups(self, triples, root: str, passages: list | None, depth: int = 0,
                    seen: frozenset | set = frozenset()) -> list[dict]:
        """Facts of one subject grouped by property, in a readable order."""
        by_pred: dict[str, list] = {}
        for t in triples:
            p = t.predicate.value
            if p == RDF_TYPE and depth == 0:
                continue
            by_pred.setdefault(p, []).append(t.object)
        keyed = []
        cache = self._term_cache
        for p, objects in by_pred.items():
            values = [self.object_value(o, root, depth, seen) for o in objects]
            if len(values) > 1:
                values.sort(key=_value_order)
            if passages:
                self._attach_refs(values, passages)
            prop = self.term_value_cached(p, root, cache)
            keyed.append((self._group_order(p, prop),
                          {"prop": prop, "iri": p, "head": self.prop_head(p, root), "values": values}))
        keyed.sort(key=_first)
        return [group for _key, group in keyed]

    def _group_order(self, p: str, prop: Value) -> tuple:
        """Where a property's facts stand: the fixed order first, then by name and IRI."""
        key = self._group_keys.get(p)
        if key is None:
            key = self._group_keys[p] = (PROPERTY_RANK.get(p, 99), prop.text.casefold(), p)
        return key

    def _attach_refs(self, values: list[Value], passages: list[str]) -> None:
        """Mark each value with the passages it is written in (by its text or its label): a copy
        with ``refs``, the passages' numbers as text (shared link values stay as they are)."""
        needles = self._needles
        for pos, v in enumerate(values):
            if v.kind == "link" and v.href:  # a label: the same on many pages
                needle = needles.get(v.text)
                if needle is None:
                    needle = needles[v.text] = normalise(v.text)
            elif v.kind in ("text", "date"):  # a literal: mostly on one page only
                needle = normalise(v.raw or v.text)
            else:
                continue
            if len(needle) < 2:
                continue
            refs = tuple([str(i) for i, passage in enumerate(passages, start=1) if needle in passage])
            if refs:
                values[pos] = Value(v.kind, v.text, v.href, v.lang, v.raw, v.note, refs, v.groups)

    # ------------------------------------------------------------------ class pages

    def _class_pages(self) -> dict[str, str]:
        out, used = {}, set()
        for cls in sorted(self.index.instances):
            slug = class_slug(L.curie(cls, L.prefix_table(self.base)))
            while slug in used:
                slug += "-x"
            used.add(slug)
            out[cls] = f"{SITE_DIR}/classes/{slug}.html"
        return out

    # ------------------------------------------------------------------ rendering

    def tasks(self) -> tuple[list, list]:
        """The pages as worker tasks: (the site's own pages, longest first, then the entity pages
        in chunks; the final pages, for after everything else). Writes the static files and
        prepares the templates first, so that forked workers inherit them."""
        from . import pages

        self.write_static()
        entity = self.env.get_template("entity.html")
        self.templates = {"entity.html": entity}
        self._entity_globals = dict(entity.globals)
        paths = sorted(self.index.pages)
        first = [(site_page_task, name) for name in pages.PAGES if name not in FINAL_PAGES]
        chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
        # the costly chunks first (a theme cited ten thousand times sorts all its citations), so
        # no worker is left alone with a long one at the end; the cheapest come last
        chunks.sort(key=lambda chunk: -sum(map(self.page_cost, chunk)))
        first += [(entity_pages_task, chunk) for chunk in chunks]
        return first, [(site_page_task, name) for name in FINAL_PAGES]

    def page_cost(self, dp: str) -> int:
        """A page's work, roughly: its triples and the triples pointing to its subjects."""
        incoming = self.index.incoming
        return sum(len(triples) + len(incoming.get(s, ())) for s, triples in self.index.pages[dp].items())

    # ------------------------------------------------------------------ entity pages

    def main_subject(self, dp: str, subjects: dict) -> str:
        for cand in (self.base + dp + "#id", self.base + dp):
            if cand in subjects:
                return cand
        return next(iter(subjects))

    def write_entity(self, dp: str) -> None:
        subjects = self.index.pages[dp]
        main = self.main_subject(dp, subjects)
        file = page_file(dp)
        root = depth_prefix(file)
        self.ensure_dir((self.out / file).parent)
        if dp != "":  # the base IRI's own page is the home page (pages.write_home)
            html = self.render_entity(self.entity_context(dp, main, subjects, file, root))
            _write_file(self.outs + file, html.encode("utf-8"))
        self.write_descriptions(dp, subjects)

    def render_entity(self, ctx: dict) -> str:
        """``Template.render`` of the entity template, without its per-call merge of the
        template's globals (a ``ChainMap``, iterated key by key into a new dict for every page,
        a tenth of the template's time): the page's values over one plain copy of the globals,
        handed to Jinja as the shared context — the same lookups, the same output."""
        template = self.templates["entity.html"]
        context = template.new_context({**self._entity_globals, **ctx}, shared=True)
        try:
            return self.env.concat(template.root_render_func(context))
        except Exception:
            self.env.handle_exception()  # Jinja's own traceback rewriting, as render() does

    def entity_context(self, dp, main, subjects, file, root) -> dict:
        ix = self.index
        passages = ix.passages_of.get(main, [])
        passage_texts = [normalise(p.exact) for p in passages]
        facts = self.fact_groups(subjects[main], root, passage_texts)
        others = []
        for s, triples in sorted(subjects.items(), key=lambda kv: other_order(kv[0])):
            if s == main:
                continue
            others.append(Obj(iri=s, id=html_id(fragment(s)), label=ix.label(s),
                              types=self.type_badges(s, root),
                              facts=self.fact_groups(triples, root, None),
                              incoming=self.incoming_groups(s, dp, root)))
        incoming = self.incoming_groups(main, dp, root)
        types = self.type_badges(main, root)
        ptype = ix.primary_type(main)
        crumbs = [Obj(text="Start", href=root + "index.html")]
        if ptype and ptype in self.class_pages:
            crumbs.append(Obj(text=ix.term_label(ptype), href=root + self.class_pages[ptype]))
        parts = dp.rstrip("/").split("/")
        for i in range(1, len(parts)):
            anc = "/".join(parts[:i])
            if anc in ix.pages:
                anc_main = self.main_subject(anc, ix.pages[anc])
                crumbs.append(Obj(text=ix.label(anc_main), href=root + page_file(anc)))
        desc = ix.description(main)
        files = description_files(dp)
        read = root + f"{SITE_DIR}/read.html"
        passage_views = []
        for i, p in enumerate(passages, start=1):
            passage_views.append(Obj(
                n=i, exact=p.exact, prefix=_context_tail(p.prefix), suffix=_context_head(p.suffix),
                section=self.link_value(p.section, root, with_note=False) if p.section else None,
                read=f"{read}#{reading_id(p.annotation, self.base)}",
                annotation=self.link_value(p.annotation, root, with_note=False),
                start=p.start, end=p.end))
        anno_passage = None
        if L.OA + "Annotation" in ix.types.get(main, ()):
            for p in ix.passages_of.get(str(ix._oa.get(main, {}).get(L.OA + "hasBody", "")), ()):
                if p.annotation == main:
                    anno_passage = Obj(
                        exact=p.exact, prefix=_context_tail(p.prefix), suffix=_context_head(p.suffix),
                        section=self.link_value(p.section, root, with_note=False) if p.section else None,
                        read=f"{read}#{reading_id(p.annotation, self.base)}",
                        body=self.link_value(p.body, root))
        is_doc = main == self.settings.source_document_iri
        section_anchor = None
        if self.settings.ontology_ns + "DocumentSection" in ix.types.get(main, ()):
            section_anchor = f"{read}#{section_id(main, self.base)}"
        return {
            "root": root, "file": file, "iri": main, "doc_iri": self.base + dp, "chrome": self.chrome(root),
            "main_id": html_id(fragment(main)) or "id",
            "label": ix.label(main), "label_lang": ix.label_lang(main) or None,
            "label_en": _different(ix.label_en(main), ix.label(main)),
            "types": types, "description": desc, "facts": facts, "others": others,
            "incoming": incoming, "passages": passage_views, "crumbs": crumbs,
            # the descriptions lie next to the page: link them by their file name
            "alternates": Obj(ttl=files["text/turtle"].rsplit("/", 1)[-1],
                              jsonld=files["application/ld+json"].rsplit("/", 1)[-1]),
            "jsonld": self.schema_jsonld(main, dp, subjects[main]),
            "is_source": is_doc, "read": read, "section_anchor": section_anchor, "anno": anno_passage,
            "meta_description": shorten(desc[0], 200) if desc else ix.label(main),
        }

    def type_value(self, t: str, root: str) -> Value:
        v = self.term_value(t, root)
        if t in self.class_pages:
            return Value("link", v.text, root + self.class_pages[t], raw=self.curie(t))
        return v

    def incoming_groups(self, iri: str, own_path: str, root: str) -> list[dict]:
        ix = self.index
        by_pred: dict[str, list[str]] = {}
        for t in ix.incoming.get(iri, ()):
            p = t.predicate.value
            if p in HIDDEN_INCOMING:
                continue
            s = t.subject.value
            if document_path(s, self.base) == own_path:
                continue
            by_pred.setdefault(p, []).append(s)
        groups = []
        for p, subjects in by_pred.items():
            subjects = sorted(set(subjects), key=lambda s: (ix.label(s).casefold(), s))
            shown = [self.link_value(s, root) for s in subjects[:INCOMING_LIMIT]]
            inv = L.INVERSE.get(p)
            label = inv[0] if inv else f"Verweist über „{ix.term_label(p)}“"
            label_en = inv[1] if inv else f"links via “{ix.term_label_en(p)}”"
            groups.append({"label": label, "en": label_en, "curie": self.curie(p),
                           "values": shown, "more": len(subjects) - len(shown)})
        groups.sort(key=lambda g: (g["label"].casefold(), g["curie"]))
        return groups

    def schema_jsonld(self, main: str, dp: str, triples) -> dict:
        """schema.org JSON-LD for search engines: the entity's schema: facts, its types, its page."""
        ix = self.index
        s = L.S
        types = sorted(t[len(s):] for t in ix.types.get(main, ()) if t.startswith(s))
        doc: dict = {"@context": "https://schema.org", "@id": main, "@type": types or "Thing",
                     "url": self.base + dp, "name": ix.label(main)}
        props: dict[str, list] = defaultdict(list)
        for t in triples:
            p = t.predicate.value
            if not p.startswith(s) or p == RDF_TYPE:
                continue
            o = t.object
            if isinstance(o, ox.NamedNode):
                props[p[len(s):]].append({"@id": o.value, "name": ix.label(o.value)}
                                         if ix.has_label(o.value) else {"@id": o.value})
            elif isinstance(o, ox.Literal):
                if o.language:
                    props[p[len(s):]].append({"@value": o.value, "@language": o.language})
                else:
                    props[p[len(s):]].append(o.value)
        if "name" in props:
            doc.pop("name")
        for k in sorted(props):
            vals = props[k]
            doc[k] = vals[0] if len(vals) == 1 else vals
        doc["mainEntityOfPage"] = self.base + dp
        return doc

    def description_triples(self, subjects: dict) -> list[ox.Triple]:
        """The page's triples, the blank nodes they use, and the labels of linked nodes."""
        out: list[ox.Triple] = []
        linked: dict[str, None] = {}
        todo = []
        for s, triples in subjects.items():
            out.extend(triples)
            for t in triples:
                o = t.object
                if isinstance(o, ox.NamedNode):
                    if t.predicate.value != RDF_TYPE and o.value not in subjects:
                        linked[o.value] = None
                elif isinstance(o, ox.BlankNode):
                    todo.append(o.value)
        seen = set()
        while todo:
            b = todo.pop()
            if b in seen:
                continue
            seen.add(b)
            for t in self.index.bnodes.get(b, ()):
                out.append(t)
                if isinstance(t.object, ox.BlankNode):
                    todo.append(t.object.value)
        for iri in linked:
            lt = self.index.label_triple(iri)
            if lt is not None:
                out.append(lt)
        return out

    def write_descriptions(self, dp: str, subjects: dict) -> None:
        files = description_files(dp)
        triples = self.description_triples(subjects)
        iri = self.base + dp
        comment = (f"# {iri}\n# Beschreibung: alle Tripel der Subjekte dieser Seite, die von ihnen "
                   "benutzten leeren Knoten und die Bezeichnungen verlinkter Knoten.\n"
                   "# Description: every triple whose subject is on this page, the blank nodes they "
                   "use, and the labels of linked nodes.\n")
        if files["text/turtle"] not in EXPORT_FILES:  # the export's ontology.ttl stays
            _write_file(self.outs + files["text/turtle"], comment.encode() + ox.serialize(
                triples, format=ox.RdfFormat.TURTLE, prefixes=self.used_prefixes(triples)))
        if files["application/ld+json"] not in EXPORT_FILES:
            # expanded JSON-LD straight from pyoxigraph: full IRIs, no context to fetch
            _write_file(self.outs + files["application/ld+json"],
                        ox.serialize(triples, format=ox.RdfFormat.JSON_LD))

    def _undeclared_namespace(self) -> str | None:
        """The dataset's own namespace, whose IRIs (``dg:``/``dgs:``) get no prefix in Turtle —
        most IRIs of a page, each on that page only, so :meth:`used_prefixes` passes them by
        without looking them up (or caching them). ``None`` if a namespace of the table holds
        the base IRI: then every IRI is looked up."""
        if any(self.base.startswith(ns) and ns != self.base for ns, _prefix in self.prefix_table):
            return None
        return self.base

    def used_prefixes(self, triples) -> dict[str, str]:
        """The prefixes a page's Turtle uses: fewer @prefix lines, smaller files (on a disk where
        each 4 KiB block costs, that counts more than the look-ups)."""
        used = set()
        prefix_of = self._prefix_of
        named, literal = ox.NamedNode, ox.Literal
        own, declared_in_own = self._undeclared_base, self._declared_in_base
        for t in triples:
            for term in (t.subject, t.predicate, t.object):
                kind = type(term)
                if kind is named:
                    v = term.value
                    if own is not None and v.startswith(own) and not v.startswith(declared_in_own):
                        continue
                elif kind is literal and term.language is None:
                    v = term.datatype.value
                else:
                    continue
                p = prefix_of.get(v)
                if p is None:
                    c = self.curie(v)
                    p = prefix_of[v] = c.split(":", 1)[0] if c != v and c.split(":", 1)[0] in self.ttl_prefixes \
                        and v not in PLAIN_DATATYPES else ""
                if p:
                    used.add(p)
        return {p: ns for p, ns in self.ttl_prefixes.items() if p in used}

    def compact_jsonld(self, triples: list[ox.Triple], context: str) -> str:
        expanded = json.loads(ox.serialize(triples, format=ox.RdfFormat.JSON_LD))
        cid = self.compact_id
        graph = []
        for node in expanded:
            out = {}
            for key, values in node.items():
                if key == "@id":
                    out[key] = cid(values)
                elif key == "@type" or (key == RDF_TYPE and all("@id" in v for v in values)):
                    vs = values if key == "@type" else [v["@id"] for v in values]
                    out["@type"] = sorted(cid(v) for v in vs)
                else:
                    out[cid(key)] = [
                        {"@id": cid(v["@id"])} if "@id" in v else
                        ({**v, "@type": cid(v["@type"])} if "@type" in v else v)
                        for v in values]
            graph.append(out)
        graph.sort(key=lambda n: n.get("@id", ""))
        return json.dumps({"@context": context, "@graph": graph}, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":")) + "\n"

    # ------------------------------------------------------------------ static files

    def write_static(self) -> None:
        src = Path(__file__).parent / "static"
        dst = self.out / STATIC_DIR
        shutil.copytree(src, dst, dirs_exist_ok=True)


def _write_file(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def _different(a: str | None, b: str) -> str | None:
    return a if a and a != b else None


def _context_tail(text: str) -> str:
    """The words before a quote, whitespace collapsed; a space at the end only if the text has one."""
    words = " ".join(text.split())
    if not words:
        return ""
    return "… " + words + (" " if text[-1:].isspace() else "")


def _context_head(text: str) -> str:
    words = " ".join(text.split())
    if not words:
        return ""
    return (" " if text[:1].isspace() else "") + words + " …"


LANG_RANK = {"de": 0, None: 1, "en": 2}  # German values first, then untagged, then English


def _first(pair: tuple):
    return pair[0]


def _value_order(v: Value) -> tuple:
    return (v.kind == "bnode", LANG_RANK.get(v.lang, 3), v.text.casefold(), v.href or "")


def _compact_id(iri: str, table) -> str:
    """Like the dump's JSON-LD: a prefixed name unless the rest would start with ``//``."""
    c = L.curie(iri, table)
    if c != iri and c.split(":", 1)[1].startswith("//"):
        return iri
    return c


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
            slug = re.sub(r"[^a-z0-9]+", "-", dp.lower()).strip("-") or "entity"
            return f"anno-{slug}-{m.group(1)}"
    return "anno-" + re.sub(r"[^A-Za-z0-9_-]+", "-", dp.removeprefix("anno/")).strip("-")


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


def section_id(section: str, base: str) -> str:
    dp = document_path(section, base) or section
    return "s-" + re.sub(r"[^A-Za-z0-9_-]+", "-", dp.rsplit("/", 1)[-1]).strip("-")

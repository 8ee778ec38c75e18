"""The page of an entity, summary first: its name, kind and description, the summary rows (role
and affiliation, when and where, the events it took part in: :mod:`.summary`), its statements in
document order (:mod:`.statement_views`), then its facts and the nodes pointing to it
(:mod:`.facts`), its source passages (its annotations: no section of their own), its further
subjects (hash IRIs that are no annotation nodes) and its schema.org JSON-LD — the context of
``entity.html``, rendered with ``Template.render``.

Everything a page shows comes from the :class:`~.index.SiteIndex` and :class:`~.links.Links`.
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace as Obj  # template values read as attributes: no dict fallback

import pyoxigraph as ox
from jinja2 import Template
from markupsafe import Markup

from dialoggraph.config import Settings
from dialoggraph.pipeline.anchor import CONTEXT_CHARS
from dialoggraph.rdf.paths import SITE_DIR, description_files, document_path, fragment, page_file

from . import labels as L
from .facts import Facts
from .ids import html_id, other_order, reading_id, section_id
from .index import DESCRIPTION_PREDICATES, RDF_TYPE, SiteIndex, shorten
from .links import Links
from .relations import merge_equivalent
from .statement_views import StatementViews
from .summary import split
from .sourcetext import plain, shown, word_head, word_tail
from .templates import Chrome
from .values import Value, normalise


class EntityPages:
    """Contexts and HTML of entity pages (one object for all of them)."""

    #: tables whose entries depend on their key, the settings and the ontology alone: an
    #: incremental build does not record reads of them (dialoggraph.incremental.reads)
    PURE_CACHES = ("_needles", "property_rank", "_group_keys")

    def __init__(self, settings: Settings, index: SiteIndex, links: Links, chrome: Chrome, template: Template,
                 reading=None):
        self.settings = settings
        #: the reading view's parts (:class:`.pages.reading.Reading`): which page shows a passage
        self.reading = reading
        self.base = settings.base_iri
        self.index = index
        self.links = links
        self.chrome = chrome
        # Template.render merges the template's globals with each page's values; its globals
        # are a ChainMap over the environment's, merged key by key, so the entity pages use a
        # plain copy (the same names and values; the environment's globals do not change later)
        template.globals = dict(template.globals)
        self.template = template
        self.facts = Facts(index, links, self.base, settings.profile.properties,
                           document_path(settings.dataset_iri, self.base))
        self.statements = StatementViews(index, links, self.base, reading)
        model = index.statements.model
        #: what a statement's page shows in its opening: speaker, event and text
        self._shown_in_head = frozenset(model.speaker + model.event + model.text)

    def html(self, dp: str, main: str, subjects: dict, file: str, root: str) -> str:
        context = self.context(dp, main, subjects, file, root)
        html = self.template.render(context)
        facts = self.index.marks.on_page.get(dp)
        if facts:  # a marked fact the page shows nowhere (a type, a hidden link) still has its anchor
            ids = [i for i in (html_id(fragment(f)) for f in facts) if i and f'id="{i}"' not in html]
            if ids:
                context["fact_anchors"] = ids
                html = self.template.render(context)
        return html

    def context(self, dp: str, main: str, subjects: dict, file: str, root: str) -> dict:
        ix, links = self.index, self.links
        passages = ix.passages_of.get(main, [])
        passage_texts = [normalise(p.exact) for p in passages]
        triples = subjects[main]
        fx = self.facts
        facts = merge_equivalent(fx.fact_groups(triples, root, passage_texts))
        for g in facts:
            if "also" in g:
                g["head"] = fx.merged_head(g["iri"], g["also"], root)
        incoming = merge_equivalent(fx.incoming_groups(main, dp, root, fx.outgoing(triples)))
        for g in incoming:
            if "also" in g:
                g["curie"] = " · ^".join([g["curie"], *map(self.links.curie, g["also"])])
        opening = self.statements.opening(main, root)
        desc = ix.description(main)
        skip = set(self._shown_in_head) if opening is not None else set()
        for g in facts:  # the description the lead shows, if it is the only one
            if g["iri"] in DESCRIPTION_PREDICATES and len(g["values"]) == 1 and desc \
                    and g["values"][0].text == desc[0]:
                skip.add(g["iri"])
        summary, facts, incoming = split(facts, incoming, skip, statement=opening is not None)
        others = []
        parts = self._annotation_parts(main, passages)
        fact_nodes = ix.marks.fact_nodes
        # passages and marks instead of the entity itself, its annotations' nodes and fact nodes
        rest = [s for s in subjects if s != main and s not in parts and s not in fact_nodes]
        for s in sorted(rest, key=other_order):
            sub = subjects[s]
            others.append(Obj(iri=s, id=html_id(fragment(s)), label=ix.label(s),
                              types=links.type_badges(s, root),
                              facts=fx.fact_groups(sub, root, None),
                              incoming=fx.incoming_groups(s, dp, root, None)))
        types = links.type_badges(main, root)
        files = description_files(dp)
        read = root + f"{SITE_DIR}/read.html"
        is_doc = main == self.settings.source_document_iri
        section_anchor = None
        if self.settings.ontology_ns + "DocumentSection" in ix.types.get(main, ()):
            section_anchor = f"{read}#{section_id(main, self.base)}"
        label = ix.label(main)
        return {
            "root": root, "file": file, "iri": main, "doc_iri": self.base + dp, "chrome": self.chrome.at(root),
            "main_id": html_id(fragment(main)) or "id",
            "label": label, "label_lang": ix.label_lang(main) or None, "label_mark": self._label_mark(main, root),
            "label_en": _different(ix.label_en(main), label),
            "types": types, "description": desc, "facts": facts, "others": others,
            "summary": summary, "statements": self.statements.sections(main, root), "opening": opening,
            "incoming": incoming, "passages": self.passage_views(passages, root, read),
            "crumbs": self.crumbs(dp, main, root),
            # the descriptions lie next to the page: link them by their file name
            "alternates": Obj(ttl=files["text/turtle"].rsplit("/", 1)[-1],
                              jsonld=files["application/ld+json"].rsplit("/", 1)[-1]),
            "jsonld": self.schema_jsonld(main, dp, triples),
            "is_source": is_doc, "read": read, "section_anchor": section_anchor,
            "anno": self.annotation_passage(main, root, read),
            "meta_description": shorten(desc[0], 200) if desc else label,
        }

    def _label_mark(self, main: str, root: str):
        """The mark of the entity's name, where the text names no name for it (a descriptive
        label the editors wrote)."""
        t = self.index.label_triple(main)
        found = self.index.marks.get(main, t.predicate.value, t.object) if t is not None else None
        return Markup("".join(self.links.marked(Value("text", ""), found, root).marks)) if found else None

    def _annotation_parts(self, main: str, passages) -> set[str]:
        """The nodes of the entity's annotations (the annotation, its target and selectors): the
        passages list shows them, their triples are in the page's descriptions."""
        if not passages:
            return set()
        oa = self.index.oa_parts
        return {node for p in passages for node in oa.get(p.annotation, (p.annotation,))}

    def crumbs(self, dp: str, main: str, root: str) -> list[Obj]:
        """Start, the class index of the entity's main type, and the pages above it."""
        ix = self.index
        crumbs = [Obj(text="Start", href=root + "index.html")]
        ptype = ix.primary_type(main)
        if ptype and ptype in self.links.class_pages:
            crumbs.append(Obj(text=ix.term_label(ptype), href=root + self.links.class_pages[ptype]))
        parts = dp.rstrip("/").split("/")
        for i in range(1, len(parts)):
            anc = "/".join(parts[:i])
            if anc in ix.pages:
                crumbs.append(Obj(text=ix.label(ix.main_subject(anc)), href=root + page_file(anc)))
        return crumbs

    def passage_views(self, passages, root: str, read: str) -> list[Obj]:
        """The numbered source passages of the entity: quote, context, section, reading view."""
        value = self.links.value
        parts = self.index.oa_parts
        return [Obj(n=i, exact=plain(p.exact), prefix=context_tail(p.prefix), suffix=context_head(p.suffix),
                    section=value(p.section, root, with_note=False) if p.section else None,
                    read=self.read_href(p, root, read), start=p.start, end=p.end,
                    ids=[i for i in (html_id(fragment(n)) for n in parts.get(p.annotation, (p.annotation,))) if i])
                for i, p in enumerate(passages, start=1)]

    def read_href(self, p, root: str, read: str) -> str:
        """A passage in the reading view (the part of it that shows the passage)."""
        page = self.reading.href(p.start, root) if self.reading is not None else read
        return f"{page}#{reading_id(p.annotation, self.base)}"

    def annotation_passage(self, main: str, root: str, read: str) -> Obj | None:
        """On an annotation's own page: the passage it marks and the entity it is evidence for."""
        ix = self.index
        if L.OA + "Annotation" not in ix.types.get(main, ()):
            return None
        found = None
        value = self.links.value
        for p in ix.passages_of.get(ix.annotation_body(main) or "", ()):
            if p.annotation == main:
                found = Obj(exact=plain(p.exact), prefix=context_tail(p.prefix), suffix=context_head(p.suffix),
                            section=value(p.section, root, with_note=False) if p.section else None,
                            read=self.read_href(p, root, read), body=value(p.body, root))
        return found

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


def _different(a: str | None, b: str) -> str | None:
    return a if a and a != b else None


def context_tail(text: str) -> str:
    """The words before a quote, as a reader sees them (no Markdown), whitespace collapsed, cut at a
    word boundary (the context was cut at a fixed length: its first word may be a fragment); a
    space at the end only if the text shows one there."""
    words = word_tail(text, len(text) >= CONTEXT_CHARS)
    if not words:
        return ""
    return "… " + words + (" " if shown(text)[-1:].isspace() else "")


def context_head(text: str) -> str:
    """The words after a quote, as a reader sees them, cut at a word boundary; a space first only
    if the text shows one there."""
    words = word_head(text, len(text) >= CONTEXT_CHARS)
    if not words:
        return ""
    return (" " if shown(text)[:1].isspace() else "") + words + " …"

"""The page of an entity: its label, types, description, facts grouped by property, the nodes
pointing to it, its source passages, its further subjects (annotations, hash IRIs) and its
schema.org JSON-LD — the context of ``entity.html``, rendered with ``Template.render``.

Everything a page shows comes from the :class:`~.index.SiteIndex` and :class:`~.links.Links`;
this object keeps only the orders of properties and the needles for finding values in passages,
both the same on every page.
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace as Obj  # template values read as attributes: no dict fallback

import pyoxigraph as ox
from jinja2 import Template

from dialoggraph.config import Settings
from dialoggraph.rdf.paths import SITE_DIR, description_files, document_path, fragment, page_file

from . import labels as L
from .ids import html_id, other_order, reading_id, section_id
from .index import RDF_TYPE, SiteIndex, shorten
from .links import Links
from .templates import Chrome
from .values import Value, literal_value, normalise, value_order, with_refs

INCOMING_LIMIT = 60  # entries per property in "referenced by"; the rest is counted


class EntityPages:
    """Contexts and HTML of entity pages (one object for all of them)."""

    def __init__(self, settings: Settings, index: SiteIndex, links: Links, chrome: Chrome, template: Template):
        self.settings = settings
        self.base = settings.base_iri
        self.index = index
        self.links = links
        self.chrome = chrome
        self.template = template
        props = settings.profile.properties
        #: facts shown first, in this order; the rest by label
        self.property_rank = {p: i for i, p in enumerate(props.order)}
        #: links not listed under "referenced by" (an entity's annotations: its passages instead)
        self.hidden_incoming = props.hidden_incoming
        self._group_keys: dict[str, tuple] = {}
        self._needles: dict[str, str] = {}  # a link's text → its form for finding it in passages

    def html(self, dp: str, main: str, subjects: dict, file: str, root: str) -> str:
        return self.template.render(self.context(dp, main, subjects, file, root))

    def context(self, dp: str, main: str, subjects: dict, file: str, root: str) -> dict:
        ix, links = self.index, self.links
        passages = ix.passages_of.get(main, [])
        passage_texts = [normalise(p.exact) for p in passages]
        facts = self.fact_groups(subjects[main], root, passage_texts)
        others = []
        for s, triples in sorted(subjects.items(), key=lambda kv: other_order(kv[0])):
            if s == main:
                continue
            others.append(Obj(iri=s, id=html_id(fragment(s)), label=ix.label(s),
                              types=links.type_badges(s, root),
                              facts=self.fact_groups(triples, root, None),
                              incoming=self.incoming_groups(s, dp, root)))
        incoming = self.incoming_groups(main, dp, root)
        types = links.type_badges(main, root)
        desc = ix.description(main)
        files = description_files(dp)
        read = root + f"{SITE_DIR}/read.html"
        is_doc = main == self.settings.source_document_iri
        section_anchor = None
        if self.settings.ontology_ns + "DocumentSection" in ix.types.get(main, ()):
            section_anchor = f"{read}#{section_id(main, self.base)}"
        return {
            "root": root, "file": file, "iri": main, "doc_iri": self.base + dp, "chrome": self.chrome.at(root),
            "main_id": html_id(fragment(main)) or "id",
            "label": ix.label(main), "label_lang": ix.label_lang(main) or None,
            "label_en": _different(ix.label_en(main), ix.label(main)),
            "types": types, "description": desc, "facts": facts, "others": others,
            "incoming": incoming, "passages": self.passage_views(passages, root, read),
            "crumbs": self.crumbs(dp, main, root),
            # the descriptions lie next to the page: link them by their file name
            "alternates": Obj(ttl=files["text/turtle"].rsplit("/", 1)[-1],
                              jsonld=files["application/ld+json"].rsplit("/", 1)[-1]),
            "jsonld": self.schema_jsonld(main, dp, subjects[main]),
            "is_source": is_doc, "read": read, "section_anchor": section_anchor,
            "anno": self.annotation_passage(main, root, read),
            "meta_description": shorten(desc[0], 200) if desc else ix.label(main),
        }

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
        return [Obj(n=i, exact=p.exact, prefix=context_tail(p.prefix), suffix=context_head(p.suffix),
                    section=value(p.section, root, with_note=False) if p.section else None,
                    read=f"{read}#{reading_id(p.annotation, self.base)}",
                    annotation=value(p.annotation, root, with_note=False), start=p.start, end=p.end)
                for i, p in enumerate(passages, start=1)]

    def annotation_passage(self, main: str, root: str, read: str) -> Obj | None:
        """On an annotation's own page: the passage it marks and the entity it is evidence for."""
        ix = self.index
        if L.OA + "Annotation" not in ix.types.get(main, ()):
            return None
        found = None
        value = self.links.value
        for p in ix.passages_of.get(ix.annotation_body(main) or "", ()):
            if p.annotation == main:
                found = Obj(exact=p.exact, prefix=context_tail(p.prefix), suffix=context_head(p.suffix),
                            section=value(p.section, root, with_note=False) if p.section else None,
                            read=f"{read}#{reading_id(p.annotation, self.base)}", body=value(p.body, root))
        return found

    # ------------------------------------------------------------------ facts

    def object_value(self, o, root: str, depth: int, seen) -> Value:
        if isinstance(o, ox.NamedNode):
            return self.links.value(o.value, root)
        if isinstance(o, ox.Literal):
            return literal_value(o)
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
        links = self.links
        for p, objects in by_pred.items():
            values = [self.object_value(o, root, depth, seen) for o in objects]
            if len(values) > 1:
                values.sort(key=value_order)
            if passages:
                self._attach_refs(values, passages)
            prop = links.term(p, root)
            keyed.append((self._group_order(p, prop),
                          {"prop": prop, "iri": p, "head": links.prop_head(p, root), "values": values}))
        keyed.sort(key=_first)
        return [group for _key, group in keyed]

    def _group_order(self, p: str, prop: Value) -> tuple:
        """Where a property's facts stand: the fixed order first, then by name and IRI."""
        key = self._group_keys.get(p)
        if key is None:
            key = self._group_keys[p] = (self.property_rank.get(p, len(self.property_rank)), prop.text.casefold(), p)
        return key

    def _attach_refs(self, values: list[Value], passages: list[str]) -> None:
        """Mark each value with the passages it is written in (by its text or its label): a new
        value with ``refs``, the passages' numbers (shared link values stay as they are)."""
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
            refs = tuple([i for i, passage in enumerate(passages, start=1) if needle in passage])
            if refs:
                values[pos] = with_refs(v, refs)

    def incoming_groups(self, iri: str, own_path: str, root: str) -> list[dict]:
        """The nodes of other pages pointing to ``iri``, by property read backwards."""
        ix = self.index
        by_pred: dict[str, list[str]] = {}
        for t in ix.incoming.get(iri, ()):
            p = t.predicate.value
            if p in self.hidden_incoming:
                continue
            s = t.subject.value
            if document_path(s, self.base) == own_path:
                continue
            by_pred.setdefault(p, []).append(s)
        groups = []
        for p, subjects in by_pred.items():
            subjects = sorted(set(subjects), key=lambda s: (ix.label(s).casefold(), s))
            shown = [self.links.value(s, root) for s in subjects[:INCOMING_LIMIT]]
            inv = ix.inverse_labels.get(p)
            label = inv[0] if inv else f"Verweist über „{ix.term_label(p)}“"
            label_en = inv[1] if inv else f"links via “{ix.term_label_en(p)}”"
            groups.append({"label": label, "en": label_en, "curie": self.links.curie(p),
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


def _first(pair: tuple):
    return pair[0]


def _different(a: str | None, b: str) -> str | None:
    return a if a and a != b else None


def context_tail(text: str) -> str:
    """The words before a quote, whitespace collapsed; a space at the end only if the text has one."""
    words = " ".join(text.split())
    if not words:
        return ""
    return "… " + words + (" " if text[-1:].isspace() else "")


def context_head(text: str) -> str:
    """The words after a quote, whitespace collapsed; a space first only if the text has one."""
    words = " ".join(text.split())
    if not words:
        return ""
    return (" " if text[:1].isspace() else "") + words + " …"

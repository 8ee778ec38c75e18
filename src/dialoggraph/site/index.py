"""One pass over the sorted triples: pages by document path, incoming links, labels, types and
the Web Annotation index the pages need. Everything later is a dictionary look-up — no
per-entity query, nothing quadratic — so a million triples index in a few seconds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from . import labels as L
from .marks import Marks
from .statements import Statements
from dialoggraph.rdf.paths import document_path, is_publishable

RDF_TYPE = L.RDF + "type"

#: label predicates, best first; a label's rank is (predicate rank, language rank, value)
LABEL_PREDICATES: dict[str, int] = {
    L.SKOS + "prefLabel": 0,
    L.S + "name": 1,
    L.RDFS + "label": 2,
    L.DCT + "title": 3,
    L.FOAF + "name": 4,
    L.S + "roleName": 6,
    L.S + "text": 7,
    L.OA + "exact": 8,
    L.TIME + "inXSDgYear": 9,
    L.TIME + "inXSDgYearMonth": 9,
    L.TIME + "inXSDDate": 9,
}
NAME_RANK_LIMIT = 4  # ranks up to this are names; others are stand-ins (role names, texts…)
ALT_PREDICATES = {L.S + "alternateName", L.SKOS + "altLabel"}
DESCRIPTION_PREDICATES = (L.S + "description", L.SKOS + "definition", L.DCT + "description",
                          L.RDFS + "comment")
LANG_RANK = {"de": 0, "": 1, "en": 2}

# Web Annotation terms
OA_BODY, OA_TARGET, OA_SELECTOR = L.OA + "hasBody", L.OA + "hasTarget", L.OA + "hasSelector"
OA_EXACT, OA_PREFIX, OA_SUFFIX = L.OA + "exact", L.OA + "prefix", L.OA + "suffix"
OA_START, OA_END = L.OA + "start", L.OA + "end"

#: classes of the schema.org role pattern (with the project's ``dgo:EventRole``, added per base)
ROLE_TYPES = frozenset({L.S + "Role", L.S + "OrganizationRole", L.S + "EmployeeRole"})

@dataclass(frozen=True)
class Passage:
    """One anchored passage: an ``oa:Annotation`` with its quote, context and section."""

    annotation: str
    body: str
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    section: str | None


class SiteIndex:
    """The indexes every page is rendered from. ``triples`` must be sorted (subjects grouped)."""

    #: tables that depend on the ontology and the engine's term names alone: an incremental
    #: build does not record reads of them (an ontology change makes a clean build)
    PURE_CACHES = ("term_labels", "term_comments", "inverse_labels")

    def __init__(self, base: str, triples: list[ox.Triple], ontology: list[ox.Triple] = (),
                 generic: frozenset[str] = frozenset()):
        self.base = base
        #: classes that say little next to a more specific one (never the primary type then)
        self.generic = generic
        self.dgo = base + "ontology#"
        #: document path → subject IRI → its triples, both in sorted order
        self.pages: dict[str, dict[str, list[ox.Triple]]] = {}
        #: blank node id → its triples
        self.bnodes: dict[str, list[ox.Triple]] = defaultdict(list)
        #: object IRI → triples pointing to it (rdf:type left out)
        self.incoming: dict[str, list[ox.Triple]] = defaultdict(list)
        self.types: dict[str, list[str]] = defaultdict(list)
        self.instances: dict[str, list[str]] = defaultdict(list)
        self.names: dict[str, list[tuple[str, str]]] = defaultdict(list)  # all label/alt literals
        self.predicate_use: Counter = Counter()
        self._label: dict[str, tuple] = {}
        self._label_en: dict[str, tuple] = {}
        self._label_triple: dict[str, ox.Triple] = {}
        self._desc: dict[str, tuple] = {}
        self._oa: dict[str, dict[str, object]] = defaultdict(dict)
        self._primary: dict[str, str | None] = {}
        names = L.term_names(ontology)
        #: term IRI → (German, English) name, comment; property → its name read backwards
        self.term_labels: dict[str, tuple[str, str]] = names.labels
        self.term_comments: dict[str, tuple[str, str]] = names.comments
        self.inverse_labels: dict[str, tuple[str, str]] = names.inverse
        self._pass(triples)
        self.passages_of: dict[str, list[Passage]] = self._passages()
        #: the nodes of every annotation (annotation, target, selectors): plumbing, no fact
        self.oa_nodes: set[str] = {n for parts in self.oa_parts.values() for n in parts}
        self._computed_labels()
        #: the nodes of the schema.org role pattern (a person's part at an event, in a post…)
        self.role_types = ROLE_TYPES | {self.dgo + "EventRole"}
        self.role_nodes: set[str] = {i for t in self.role_types for i in self.instances.get(t, ())}
        #: every statement in document order, and per node the statements it has a part in
        self.statements = Statements(self)
        #: how each fact the text does not state is known (editorial inference, outside knowledge)
        self.marks = Marks(self)

    # ------------------------------------------------------------------ the pass

    def _pass(self, triples: list[ox.Triple]) -> None:
        base, pages, incoming = self.base, self.pages, self.incoming
        label_preds, alt_preds, desc_preds = LABEL_PREDICATES, ALT_PREDICATES, DESCRIPTION_PREDICATES
        oa_keys = {OA_BODY, OA_TARGET, OA_EXACT, OA_PREFIX, OA_SUFFIX, OA_START, OA_END,
                   self.dgo + "inSection"}
        types, instances, bnodes, names, oa = self.types, self.instances, self.bnodes, self.names, self._oa
        labels, label_triples, labels_en, descs = self._label, self._label_triple, self._label_en, self._desc
        named, blank, literal = ox.NamedNode, ox.BlankNode, ox.Literal  # (locals: a loop per triple)
        last_subject, last_list, last_dp, last_ok = None, None, None, False
        # predicates counted as they come (a list counted at the end left 44 MB behind at 1M)
        use: dict[str, int] = {}
        use_get = use.get
        for t in triples:
            s, p, o = t.subject, t.predicate.value, t.object
            use[p] = use_get(p, 0) + 1
            if type(s) is named:
                sv = s.value
                if sv != last_subject:
                    last_subject = sv
                    dp = document_path(sv, base)
                    if dp != last_dp:  # subjects of one page are contiguous in sorted input
                        last_dp, last_ok = dp, dp is not None and is_publishable(dp)
                    if not last_ok:
                        last_list = None
                    else:
                        page = pages.get(dp)
                        if page is None:
                            page = pages[dp] = {}
                        last_list = page.setdefault(sv, [])
                if last_list is not None:
                    last_list.append(t)
            else:
                if isinstance(s, blank):
                    bnodes[s.value].append(t)
                continue
            ot = type(o)
            if p == RDF_TYPE:
                if ot is named:
                    ov = o.value
                    types[sv].append(ov)
                    instances[ov].append(sv)
                continue
            if ot is named:
                ov = o.value
                incoming[ov].append(t)
                if p in oa_keys:
                    oa[sv][p] = ov
                continue
            if isinstance(o, literal):
                rank = label_preds.get(p)
                if rank is not None:
                    value = o.value
                    lang = o.language or ""
                    key = (rank, LANG_RANK.get(lang, 3), value)
                    old = labels.get(sv)
                    if old is None or key < old:
                        labels[sv] = key + (lang,)
                        label_triples[sv] = t
                    if rank <= NAME_RANK_LIMIT:
                        names[sv].append((value, lang))
                        if lang == "en":
                            k2 = (rank, value)
                            old2 = labels_en.get(sv)
                            if old2 is None or k2 < old2:
                                labels_en[sv] = k2
                    if p in oa_keys:
                        oa[sv][p] = value
                    continue
                if p in alt_preds:
                    names[sv].append((o.value, o.language or ""))
                elif p in desc_preds:
                    key = (desc_preds.index(p), LANG_RANK.get(o.language or "", 3), o.value)
                    old = descs.get(sv)
                    if old is None or key < old:
                        descs[sv] = key + (o.language or "",)
                if p in oa_keys:
                    oa[sv][p] = o.value

        self.predicate_use.update(use)

    def main_subject(self, dp: str) -> str:
        """The subject a page is about: ``{dp}#id``, else ``{dp}``, else its first subject that is
        no fact node (``rdf:Statement``) or annotation node."""
        subjects = self.pages[dp]
        for cand in (self.base + dp + "#id", self.base + dp):
            if cand in subjects:
                return cand
        for s in subjects:
            types = self.types.get(s, ())
            if not any(t == L.RDF + "Statement" or t.startswith(L.OA) for t in types):
                return s
        return next(iter(subjects))

    # ------------------------------------------------------------------ annotations

    def _passages(self) -> dict[str, list[Passage]]:
        out: dict[str, list[Passage]] = defaultdict(list)
        oa = self._oa
        #: annotation → its nodes: the annotation, its target, its quote and position selectors
        self.oa_parts: dict[str, tuple[str, ...]] = {}
        for anno, props in oa.items():
            body = props.get(OA_BODY)
            target = props.get(OA_TARGET)
            if body is None or target is None:
                continue
            section = oa.get(target, {}).get(self.dgo + "inSection")
            quote = position = None
            parts = [anno, target]
            for t in self.pages.get(document_path(target, self.base) or "", {}).get(target, ()):
                if t.predicate.value == OA_SELECTOR and isinstance(t.object, ox.NamedNode):
                    sel = oa.get(t.object.value, {})
                    if OA_EXACT in sel:
                        quote = sel
                        parts.append(t.object.value)
                    if OA_START in sel:
                        position = sel
                        parts.append(t.object.value)
            if quote is None or position is None:
                continue
            try:
                start, end = int(position[OA_START]), int(position[OA_END])
            except (KeyError, ValueError):
                continue
            self.oa_parts[anno] = tuple(dict.fromkeys(parts))
            out[body].append(Passage(anno, body, str(quote[OA_EXACT]), str(quote.get(OA_PREFIX, "")),
                                     str(quote.get(OA_SUFFIX, "")), start, end, section))
        for lst in out.values():
            lst.sort(key=lambda p: (p.start, p.end, p.annotation))
        return out

    def annotation_body(self, annotation: str) -> str | None:
        """The entity an annotation is evidence for (its ``oa:hasBody``)."""
        body = self._oa.get(annotation, {}).get(OA_BODY)
        return None if body is None else str(body)

    def all_passages(self) -> list[Passage]:
        return sorted((p for lst in self.passages_of.values() for p in lst),
                      key=lambda p: (p.start, -p.end, p.annotation))

    # ------------------------------------------------------------------ labels

    def _computed_labels(self) -> None:
        """Labels for nodes that have no name of their own: roles, annotations, statements."""
        role_types = ROLE_TYPES | {self.dgo + "EventRole"}
        annotation, resource, position = L.OA + "Annotation", L.OA + "SpecificResource", L.OA + "TextPositionSelector"
        membership = L.ORG + "Membership"
        for iri, ts in self.types.items():  # (a node's types: a short list)
            if not role_types.isdisjoint(ts) and (iri not in self._label or self._label[iri][0] > NAME_RANK_LIMIT):
                who = self._first_object(iri, (L.S + "performer", L.S + "organizer", L.S + "member"))
                role = self._label.get(iri, (None, None, ""))[2]
                if who:
                    self._set_label(iri, f"{role}: {self.label(who)}" if role else self.label(who))
            elif annotation in ts:
                body = self._oa.get(iri, {}).get(OA_BODY)
                if body:
                    self._set_label(iri, f"Textstelle zu „{self.label(str(body))}“")
            elif resource in ts:
                annos = [t.subject.value for t in self.incoming.get(iri, ()) if t.predicate.value == OA_TARGET]
                body = self._oa.get(annos[0], {}).get(OA_BODY) if annos else None
                if body:
                    self._set_label(iri, f"Ziel der Textstelle zu „{self.label(str(body))}“")
            elif position in ts:
                pos = self._oa.get(iri, {})
                if OA_START in pos and OA_END in pos:
                    self._set_label(iri, f"Zeichen {pos[OA_START]}–{pos[OA_END]}")
            elif membership in ts and iri not in self._label:
                member = self._first_object(iri, (L.ORG + "member",))
                org = self._first_object(iri, (L.ORG + "organization",))
                if member and org:
                    self._set_label(iri, f"{self.label(member)} – {self.label(org)}")
        for iri, key in list(self._label.items()):
            if key[0] == LABEL_PREDICATES[L.S + "text"] and len(key[2]) > 110:
                self._set_label(iri, shorten(key[2], 110), key[3])

    def _set_label(self, iri: str, text: str, lang: str = "de") -> None:
        self._label[iri] = (-1, 0, text, lang)

    def _first_object(self, iri: str, predicates) -> str | None:
        dp = document_path(iri, self.base)
        for t in self.pages.get(dp, {}).get(iri, ()) if dp is not None else ():
            if t.predicate.value in predicates and isinstance(t.object, ox.NamedNode):
                return t.object.value
        return None

    def has_label(self, iri: str) -> bool:
        return iri in self._label

    def label(self, iri: str) -> str:
        """The best label: German, else untagged, else English; a readable stand-in otherwise."""
        key = self._label.get(iri)
        if key is not None:
            return key[2]
        if iri in self.term_labels:
            return self.term_labels[iri][0]
        return fallback_label(iri, self.base)

    def label_lang(self, iri: str) -> str:
        key = self._label.get(iri)
        return key[3] if key is not None else ""

    def label_en(self, iri: str) -> str | None:
        key = self._label_en.get(iri)
        return key[1] if key else None

    def label_triple(self, iri: str) -> ox.Triple | None:
        return self._label_triple.get(iri)

    def description(self, iri: str) -> tuple[str, str] | None:
        key = self._desc.get(iri)
        return (key[2], key[3]) if key else None

    def alternate_names(self, iri: str) -> list[str]:
        main = self.label(iri)
        seen, out = {main}, []
        for value, _lang in self.names.get(iri, ()):
            if value not in seen:
                seen.add(value)
                out.append(value)
        return sorted(out)

    def term_label(self, iri: str) -> str:
        if iri in self.term_labels:
            return self.term_labels[iri][0]
        return L.humanise(iri)

    def term_label_en(self, iri: str) -> str:
        if iri in self.term_labels:
            return self.term_labels[iri][1]
        return L.humanise(iri)

    def primary_type(self, iri: str) -> str | None:
        if iri in self._primary:
            return self._primary[iri]
        types = self.types.get(iri)
        best = min(types, key=self._type_rank) if types else None
        self._primary[iri] = best
        return best

    def _type_rank(self, t: str) -> tuple:
        if t.startswith(self.dgo):
            ns = 0
        elif t.startswith(L.S):
            ns = 1
        elif t.startswith((L.SKOS, L.ORG)):
            ns = 2
        else:
            ns = 3
        return (t in self.generic, ns, t not in self.term_labels, t)

    def sorted_types(self, iri: str) -> list[str]:
        return sorted(self.types.get(iri, ()), key=self._type_rank)


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def fallback_label(iri: str, base: str) -> str:
    """``…/person/jan-ueblacker#id`` → ``jan-ueblacker``; ``…/anno/x-1#quote`` → ``x-1 (quote)``."""
    rest = iri[len(base):] if iri.startswith(base) else iri
    path, _, frag = rest.partition("#")
    name = path.rstrip("/").rsplit("/", 1)[-1] or path or iri
    if frag and frag != "id":
        name = f"{name} ({frag})" if name else frag
    return name or iri

"""An entity's facts as a page shows them: its triples grouped by property in a readable order
(values linked, literals in German form, blank nodes nested, each value marked with the passages
it is written in), and the links pointing to it grouped by the property read backwards.

What the page says elsewhere is left out here (:mod:`.relations`): the passages, the statements,
a link that only says again, the other way round, what the entity says itself, and the
description of the dataset; role nodes give way to the nodes playing them. One object serves
every page: the orders of properties, the needles for finding values in passages and the heads
of merged groups are the same on every page and kept.
"""

from __future__ import annotations

import pyoxigraph as ox

from dialoggraph.rdf.paths import document_path

from . import labels as L
from . import markup
from .index import RDF_TYPE, SiteIndex
from .links import Links
from .relations import RELATIONS, Roles, linked_back, with_note
from .values import Value, literal_value, normalise, value_order, with_refs

INCOMING_LIMIT = 60  # entries per property in "referenced by"; the rest is counted

#: links from the description of the dataset (VoID, DCAT) are not facts of the entity
METADATA_NS = (L.VOID, L.DCAT)


class Facts:
    """Fact groups and "referenced by" groups of entity pages (one object for all of them).
    ``properties``: the profile's order of facts and links not listed as "referenced by";
    ``dataset_path``: the document of the dataset's description, whose links are no facts."""

    def __init__(self, index: SiteIndex, links: Links, base: str, properties, dataset_path: str | None):
        self.index = index
        self.links = links
        self.base = base
        #: facts shown first, in this order; the rest by label
        self.property_rank = {p: i for i, p in enumerate(properties.order)}
        #: links not listed under "referenced by" (an entity's annotations: its passages instead)
        self.hidden_incoming = properties.hidden_incoming
        self.roles = Roles(index)
        #: incoming links the statement sections show: a statement's speaker, event, kind…
        self._statement_props = set(index.statements.model.roles())
        self._dataset_path = dataset_path
        self._group_keys: dict[str, tuple] = {}
        self._needles: dict[str, str] = {}  # a link's text → its form for finding it in passages
        self._merged_heads: dict[tuple, object] = {}

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
        """Facts of one subject grouped by property, in a readable order; a role node among a
        property's values stands for the node playing it (:mod:`.relations`)."""
        by_pred: dict[str, list] = {}
        for t in triples:
            p = t.predicate.value
            if p == RDF_TYPE and depth == 0:
                continue
            by_pred.setdefault(p, []).append(t.object)
        keyed = []
        links = self.links
        role_nodes, is_role = self.index.role_nodes, self.roles.is_role
        named, blank = ox.NamedNode, ox.BlankNode
        # how facts the text does not state are known: looked up only for a subject with marks
        marks = self.index.marks
        subject = triples[0].subject.value if triples and depth == 0 and type(triples[0].subject) is named else None
        marked = subject is not None and subject in marks.subjects
        for p, objects in by_pred.items():
            if any((type(o) is named and o.value in role_nodes) or (type(o) is blank and is_role(o))
                   for o in objects):
                values = self._role_values(p, objects, root, depth, seen, subject if marked else None)
            elif marked:
                values = [self._marked(self.object_value(o, root, depth, seen), subject, p, o, root)
                          for o in objects]
            else:
                values = [self.object_value(o, root, depth, seen) for o in objects]
            if len(values) > 1:
                values.sort(key=value_order)
            if passages:
                self._attach_refs(values, passages)
            prop = links.term(p, root)
            keyed.append((self._group_order(p, prop),
                          {"prop": prop, "iri": p, "head": links.prop_head(p, root), "values": values,
                           "en": self.index.term_label_en(p)}))
        keyed.sort(key=_first)
        return [group for _key, group in keyed]

    def _marked(self, v: Value, s: str, p: str, o, root: str) -> Value:
        """``v`` with the marks of the fact ``s p o``, if the text does not state it."""
        found = self.index.marks.get(s, p, o)
        return self.links.marked(v, found, root, anchor=True) if found else v

    def _role_values(self, p: str, objects, root: str, depth: int, seen, subject: str | None) -> list[Value]:
        """The values of ``p`` where some are role nodes: each role node gives way to the nodes
        it stands for, noted with the role's name; a node named directly and through a role is
        one value. ``subject``: the entity, when some of its facts are marked."""
        notes: dict[str, list[str]] = {}
        role_marks: dict[str, list] = {}
        plain = []
        for o in objects:
            if self.roles.is_role(o):
                nodes, name = self.roles.stands_for(p, o)
                if nodes:
                    found = self.index.marks.get(subject, p, o) if subject is not None else None
                    for node in nodes:
                        notes.setdefault(node, []).extend([name] if name else [])
                        if found:
                            role_marks.setdefault(node, []).extend(found)
                    continue
            plain.append(o)
        out = []
        for o in plain:
            v = self.object_value(o, root, depth, seen)
            if type(o) is ox.NamedNode and o.value in notes:
                v = with_note(v, notes.pop(o.value))
            if subject is not None:
                v = self._marked(v, subject, p, o, root)
            if type(o) is ox.NamedNode and o.value in role_marks:
                v = self.links.marked(v, role_marks.pop(o.value), root, anchor=True)
            out.append(v)
        for node, names in notes.items():
            v = with_note(self.links.value(node, root), names)
            out.append(self.links.marked(v, role_marks[node], root, anchor=True) if node in role_marks else v)
        return out

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

    def incoming_groups(self, iri: str, own_path: str, root: str,
                        outgoing: dict[tuple[str, int], set[str]] | None) -> list[dict]:
        """The nodes of other pages pointing to ``iri``, by property read backwards — without
        what the page shows elsewhere: its passages, its statements, links it makes itself the
        other way round (``outgoing``, see :mod:`.relations`) and the dataset's description."""
        ix = self.index
        by_pred: dict[str, list[str]] = {}
        notes: dict[tuple[str, str], list[str]] = {}
        marks: dict[tuple[str, str], list] = {}
        statement_props, is_statement = self._statement_props, ix.statements.is_statement
        fact_nodes, all_marks, oa_nodes = ix.marks.fact_nodes, ix.marks, ix.oa_nodes
        role_nodes, base, dataset = ix.role_nodes, self.base, self._dataset_path
        for t in ix.incoming.get(iri, ()):
            p = t.predicate.value
            if p in self.hidden_incoming or p.startswith(METADATA_NS):
                continue
            s = t.subject.value
            if (p in statement_props and is_statement(s)) or s in fact_nodes or s in oa_nodes:
                continue  # the statements, marks and passages show them
            dp = document_path(s, base)
            if dp == own_path or dp == dataset:
                continue
            if outgoing and linked_back(p, s, outgoing):
                continue
            if s in role_nodes:
                players, name = self.roles.info(t.subject)
                holders = self.roles.holders(s, p) if iri in players.get(p, ()) else []
                nodes = holders or [n for ns in players.values() for n in ns if n != iri]
                if nodes:
                    for node in nodes:
                        by_pred.setdefault(p, []).append(node)
                        if name:
                            notes.setdefault((p, node), []).append(name)
                    continue
            by_pred.setdefault(p, []).append(s)
            found = all_marks.get(s, p, t.object)
            if found:
                marks[(p, s)] = found
        groups = []
        for p, subjects in by_pred.items():
            subjects = sorted(set(subjects), key=lambda s: (ix.label(s).casefold(), s))
            shown = []
            for s in subjects[:INCOMING_LIMIT]:
                v = self.links.value(s, root)
                names = notes.get((p, s))
                if names:
                    v = with_note(v, names)
                found = marks.get((p, s))
                shown.append(self.links.marked(v, found, root) if found else v)
            inv = ix.inverse_labels.get(p)
            label = inv[0] if inv else f"Verweist über „{ix.term_label(p)}“"
            label_en = inv[1] if inv else f"links via “{ix.term_label_en(p)}”"
            groups.append({"label": label, "en": label_en, "curie": self.links.curie(p), "iri": p,
                           "values": shown, "more": len(subjects) - len(shown)})
        groups.sort(key=lambda g: (g["label"].casefold(), g["curie"]))
        return groups

    def outgoing(self, triples) -> dict[tuple[str, int], set[str]]:
        """The nodes the entity links to, by family and direction of the link (:mod:`.relations`)."""
        out: dict[tuple[str, int], set[str]] = {}
        for t in triples:
            rel = RELATIONS.get(t.predicate.value)
            if rel is not None and type(t.object) is ox.NamedNode:
                out.setdefault(rel, set()).add(t.object.value)
        return out

    def merged_head(self, p: str, also: list[str], root: str):
        """The head of a group that stands for several equivalent properties (all their CURIEs)."""
        key = (p, tuple(also), root)
        head = self._merged_heads.get(key)
        if head is None:
            curies = " · ".join([self.links.curie(x) for x in [p, *also]])
            head = self._merged_heads[key] = markup.prop_head(self.links.term(p, root),
                                                               self.index.term_label_en(p), curies)
        return head


def _first(pair: tuple):
    return pair[0]

"""Facts said twice, and the schema.org role pattern, as a page shows them once.

* **Inverse and equivalent properties.** ``org:hasUnit`` and ``org:unitOf``, ``schema:subEvent``
  and ``schema:superEvent``, ``owl:sameAs`` and ``schema:sameAs``… say one thing from either
  side or in two vocabularies. :data:`RELATIONS` gives each a *family* and a *direction*
  (``1`` up/out, ``-1`` down/in, ``0`` symmetric): a link pointing here is not shown again when
  the page already links back to its subject in the same family, and two properties of one
  family and direction with the same values are one fact group.
* **Roles.** ``<event> schema:performer <person> , <role>`` with ``<role> schema:performer
  <person> ; schema:roleName "Tischmoderation"`` is one fact — the person took part, in that
  role — written twice. A role node among a property's values becomes the node it stands for
  with the role's name as its note (:class:`Roles`).
"""

from __future__ import annotations

import pyoxigraph as ox

from dialoggraph.rdf.paths import document_path

from . import labels as L
from .values import Value

S, ORG, SKOS, DCT, OWL, FOAF = L.S, L.ORG, L.SKOS, L.DCT, L.OWL, L.FOAF

#: property → (family, direction)
RELATIONS: dict[str, tuple[str, int]] = {
    S + "superEvent": ("part", 1), S + "subEvent": ("part", -1),
    S + "isPartOf": ("part", 1), S + "hasPart": ("part", -1),
    DCT + "isPartOf": ("part", 1), DCT + "hasPart": ("part", -1),
    ORG + "unitOf": ("part", 1), ORG + "hasUnit": ("part", -1),
    ORG + "subOrganizationOf": ("part", 1), ORG + "hasSubOrganization": ("part", -1),
    S + "parentOrganization": ("part", 1), S + "subOrganization": ("part", -1),
    S + "containedInPlace": ("place", 1), S + "containsPlace": ("place", -1),
    SKOS + "broader": ("broader", 1), SKOS + "narrower": ("broader", -1),
    SKOS + "topConceptOf": ("top", 1), SKOS + "hasTopConcept": ("top", -1),
    ORG + "holds": ("post", 1), ORG + "heldBy": ("post", -1),
    ORG + "hasMembership": ("membership", 1), ORG + "member": ("membership", -1),
    S + "memberOf": ("member", 1), S + "member": ("member", -1), FOAF + "member": ("member", -1),
    S + "subjectOf": ("about", 1), S + "about": ("about", -1),
    S + "performerIn": ("perform", 1), S + "performer": ("perform", -1),
    OWL + "sameAs": ("same", 0), S + "sameAs": ("same", 0),
    SKOS + "related": ("related", 0), ORG + "linkedTo": ("linked", 0),
}

#: classes that say what another class of the same node says, in a second vocabulary: a page
#: shows the class on the right only (``Person`` rather than ``Person`` and ``Person (FOAF)``)
EQUIVALENT_CLASSES: dict[str, str] = {
    FOAF + "Person": S + "Person", FOAF + "Organization": S + "Organization",
    ORG + "Organization": S + "Organization", ORG + "FormalOrganization": S + "Organization",
    SKOS + "Concept": S + "DefinedTerm", SKOS + "ConceptScheme": S + "DefinedTermSet",
    L.ELI + "LegalResource": S + "Legislation", L.BIBO + "Report": S + "Report",
    L.BIBO + "Article": S + "Article", L.BIBO + "Document": S + "CreativeWork",
    L.CONF + "Track": L.SWC + "TrackEvent", L.CONF + "Talk": L.SWC + "TalkEvent",
    L.CONF + "Session": L.SWC + "SessionEvent",
}


def shown_class(cls: str) -> str:
    """The class a page names for ``cls`` (``schema:Person`` for ``foaf:Person``)."""
    return EQUIVALENT_CLASSES.get(cls, cls)


def shown_classes(types) -> list[str]:
    """``types`` without the classes an equivalent class among them already shows."""
    present = set(types)
    return [t for t in types if EQUIVALENT_CLASSES.get(t) not in present]


#: the properties that tie a role node to the node playing it
ROLE_PLAYERS = (S + "performer", S + "organizer", S + "attendee", S + "member", S + "worksFor",
                S + "memberOf", S + "affiliation", ORG + "member", S + "alumniOf")
ROLE_NAME = S + "roleName"
LANG_RANK = {"de": 0, "": 1, "en": 2}


def relation(p: str) -> tuple[str, int] | None:
    return RELATIONS.get(p)


def linked_back(p: str, subject: str, outgoing: dict[tuple[str, int], set[str]]) -> bool:
    """Whether a link ``subject p <this page>`` says again what the page says already: the page
    links to ``subject`` with a property of the same family, read the other way."""
    rel = RELATIONS.get(p)
    if rel is None:
        return False
    return subject in outgoing.get((rel[0], -rel[1]), ())


def merge_equivalent(groups: list[dict], key: str = "values") -> list[dict]:
    """Fact groups of one family and direction with the same values, as one group (the first
    keeps its place; its head names the others' CURIEs)."""
    seen: dict[tuple, dict] = {}
    out = []
    for g in groups:
        rel = RELATIONS.get(g["iri"])
        if rel is None:
            out.append(g)
            continue
        k = (rel, frozenset(v.href or v.text for v in g[key]))
        first = seen.get(k)
        if first is None:
            seen[k] = g
            out.append(g)
        else:
            first.setdefault("also", []).append(g["iri"])
            # the marks of the other property's facts stay, beside the same value
            marks = {v.href or v.text: v.marks for v in g[key] if v.marks}
            if marks:
                first[key] = [v._replace(marks=tuple(dict.fromkeys(v.marks + marks.get(v.href or v.text, ()))),
                                         html=None) if marks.get(v.href or v.text) else v for v in first[key]]
    return out


class Roles:
    """What a role node says: the nodes playing it, its name; worked out once per node."""

    def __init__(self, index):
        self.index = index
        self._info: dict[str, tuple[dict[str, list[str]], str | None]] = {}

    def is_role(self, o) -> bool:
        t = type(o)
        if t is ox.NamedNode:
            return o.value in self.index.role_nodes
        if t is ox.BlankNode:
            types = self.index.role_types
            return any(x.predicate.value == L.RDF + "type" and x.object.value in types
                       for x in self.index.bnodes.get(o.value, ()))
        return False

    def info(self, o) -> tuple[dict[str, list[str]], str | None]:
        """(player property → the nodes it names, the role's name — German first)."""
        key = o.value if type(o) is ox.NamedNode else "_:" + o.value
        found = self._info.get(key)
        if found is None:
            if type(o) is ox.NamedNode:
                dp = document_path(o.value, self.index.base)
                triples = self.index.pages.get(dp, {}).get(o.value, ()) if dp is not None else ()
            else:
                triples = self.index.bnodes.get(o.value, ())
            players: dict[str, list[str]] = {}
            name = None
            for t in triples:
                p = t.predicate.value
                if p in ROLE_PLAYERS and type(t.object) is ox.NamedNode:
                    players.setdefault(p, []).append(t.object.value)
                elif p == ROLE_NAME and isinstance(t.object, ox.Literal):
                    k = (LANG_RANK.get(t.object.language or "", 3), t.object.value)
                    if name is None or k < name:
                        name = k
            found = self._info[key] = (players, name[1] if name else None)
        return found

    def stands_for(self, p: str, o) -> tuple[list[str], str | None]:
        """The nodes a role node ``o`` stands for as a value of ``p`` (``<x> p <role>``: the
        role's own ``p``, else every player) and the role's name."""
        players, name = self.info(o)
        nodes = players.get(p)
        if not nodes:
            nodes = [n for ns in players.values() for n in ns]
        return nodes, name

    def holders(self, role: str, p: str) -> list[str]:
        """The nodes that hold ``role`` through ``p`` (``<x> p <role>``)."""
        return [t.subject.value for t in self.index.incoming.get(role, ())
                if t.predicate.value == p and type(t.subject) is ox.NamedNode]


def with_note(v: Value, notes: list[str]) -> Value:
    """A link value noted with the roles it was played in (a new value: shared ones stay)."""
    text = " · ".join(dict.fromkeys(notes))
    return v._replace(note=text, html=None) if text else v

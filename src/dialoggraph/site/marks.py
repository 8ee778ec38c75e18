"""How we know a fact, as a quiet mark beside its value (issue #15's model, data/README.md
"Stated or inferred").

A fact the text does not state is described by an ``rdf:Statement`` naming the triple
(``rdf:subject``, ``rdf:predicate``, ``rdf:object``) that ``prov:wasGeneratedBy`` an activity: an
editorial inference (``dgo:EditorialInference``) or outside knowledge (``dgo:OutsideKnowledge``),
with the activity's label (what was concluded), the people who drew it, a note on the single fact
and, for outside knowledge, its source (``dct:source``). Facts without a mark are stated by their
subject's passages.

:class:`Marks` reads them once, while the site is indexed: triple → its marks, and the fact nodes
themselves (which are no page sections: the mark is where they show). A mark's HTML is written once
(:func:`.markup.mark_html`): a small word beside the value ("erschlossen", "extern") whose reason
shows on hover and keyboard focus, and is text for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from dialoggraph.rdf.paths import document_path

from . import labels as L

RDF_STATEMENT = L.RDF + "Statement"
RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT = L.RDF + "subject", L.RDF + "predicate", L.RDF + "object"
GENERATED_BY = L.PROV + "wasGeneratedBy"
ASSOCIATED = L.PROV + "wasAssociatedWith"
NOTE = L.SKOS + "editorialNote"
SOURCE = L.DCT + "source"
LANG_RANK = {"de": 0, "": 1, "en": 2}


@dataclass(frozen=True)
class Mark:
    """How a fact is known: ``kind`` "inference", "outside" or "other"; the activity (IRI and
    what it concluded), who, a note on this fact, the source. ``html`` is written on first use."""

    fact: str  # the rdf:Statement node
    kind: str
    kind_label: str
    activity: str
    what: str
    who: tuple[str, ...]
    note: str | None
    source: str | None
    html: dict = field(default_factory=dict, compare=False, hash=False)  # (root, anchored) → HTML


class Marks:
    """Every marked fact of the graph: ``(subject, predicate, object) → [Mark]``.

    The object is keyed by its N-Triples form (``str`` of the pyoxigraph term), not by the term:
    an incremental build traces a page's reads by key (:mod:`..incremental.reads`), and a key
    must be made of plain values to be traced — a term in the key would make every page that
    looks up a mark depend on everything, so one edited label rewrote most of the site."""

    def __init__(self, index):
        self.index = index
        dgo = index.dgo
        kinds = {dgo + "EditorialInference": "inference", dgo + "OutsideKnowledge": "outside"}
        self.of: dict[tuple[str, str, str], list[Mark]] = {}
        #: the subjects with a marked fact (so a page without one looks nothing up)
        self.subjects: set[str] = set()
        #: the rdf:Statement nodes: shown as marks, never as sections of a page
        self.fact_nodes: set[str] = set()
        #: document path → the fact nodes that are fragments of its page (each needs an anchor)
        self.on_page: dict[str, list[str]] = {}
        activities: dict[str, tuple] = {}
        for fact in index.instances.get(RDF_STATEMENT, ()):
            props = _props(index, fact)
            s, p, o = props.get(RDF_SUBJECT), props.get(RDF_PREDICATE), props.get(RDF_OBJECT)
            how = props.get(GENERATED_BY)
            if not (isinstance(s, ox.NamedNode) and isinstance(p, ox.NamedNode) and o is not None
                    and isinstance(how, ox.NamedNode)):
                continue
            self.fact_nodes.add(fact)
            self.on_page.setdefault(document_path(fact, index.base) or "", []).append(fact)
            act = activities.get(how.value)
            if act is None:
                act = activities[how.value] = self._activity(how.value, kinds)
            kind, kind_label, what, who = act
            source = props.get(SOURCE)
            mark = Mark(fact, kind, kind_label, how.value, what, who, _text(props.get(NOTE)),
                        source.value if isinstance(source, ox.NamedNode) else None)
            self.of.setdefault((s.value, p.value, str(o)), []).append(mark)
            self.subjects.add(s.value)

    def get(self, s: str, p: str, o) -> list[Mark] | None:
        """The marks of the triple ``s p o`` (``o`` a pyoxigraph term), if any."""
        if s not in self.subjects:
            return None
        return self.of.get((s, p, str(o)))

    def _activity(self, iri: str, kinds: dict[str, str]) -> tuple:
        ix = self.index
        kind, kind_label = "other", "Vermerk"
        for t in ix.types.get(iri, ()):
            if t in kinds:
                kind, kind_label = kinds[t], ix.term_label(t)
                break
        props = _all_props(ix, iri)
        who = tuple(ix.label(o.value) for o in props.get(ASSOCIATED, ()) if isinstance(o, ox.NamedNode))
        return kind, kind_label, ix.label(iri), who


def _props(index, iri: str) -> dict:
    """The first object of each property of ``iri`` (a German literal first)."""
    out: dict = {}
    for p, objects in _all_props(index, iri).items():
        out[p] = min(objects, key=lambda o: (LANG_RANK.get(getattr(o, "language", None) or "", 3), str(o)))
    return out


def _all_props(index, iri: str) -> dict[str, list]:
    dp = document_path(iri, index.base)
    out: dict[str, list] = {}
    for t in index.pages.get(dp, {}).get(iri, ()) if dp is not None else ():
        out.setdefault(t.predicate.value, []).append(t.object)
    return out


def _text(o) -> str | None:
    return o.value if isinstance(o, ox.Literal) else None

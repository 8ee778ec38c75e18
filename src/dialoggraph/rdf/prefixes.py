"""The one prefix registry: a dataset's prefixes, and everything made from them.

Every place that shortens an IRI or declares prefixes asks a :class:`Prefixes` — CURIEs on pages
and in query tables, compact IRIs in JSON-LD, ``@prefix`` lines in Turtle, the JSON-LD context
and the SPARQL prologue of the named queries — so a term reads the same in every output.

``dg`` (the dataset), ``dgo`` (its ontology) and ``dgs`` (its shapes) depend on the base IRI;
the vocabularies (:data:`dialoggraph.rdf.namespaces.VOCABULARIES`) do not.

>>> p = Prefixes("https://data.example.org/x/")
>>> p.compact("https://schema.org/name"), p.compact("https://data.example.org/x/ontology#Thesis")
('schema:name', 'dgo:Thesis')
>>> p.compact("https://data.example.org/x/person/a#id")
'dg:person/a#id'
>>> p.compact("https://schema.org/"), p.compact("urn:x:y")  # nothing after the namespace; no prefix
('https://schema.org/', 'urn:x:y')
>>> p.display("urn:x:y")
'<urn:x:y>'
>>> "dg" in p.turtle, "schema" in p.turtle
(False, True)
"""

from __future__ import annotations

import re

from .namespaces import VOCABULARIES


def prefix_map(base_iri: str) -> dict[str, str]:
    """prefix → namespace for a dataset at ``base_iri``: ``dg``, ``dgo``, ``dgs`` first, then the
    vocabularies, in a fixed order (outputs are deterministic, so prefix lines are too)."""
    return {"dg": base_iri, "dgo": base_iri + "ontology#", "dgs": base_iri + "shapes/", **VOCABULARIES}


class Prefixes:
    """The prefixes of the dataset at ``base_iri`` (see the module documentation).

    Compacting is memoised: predicates, classes and shared objects repeat millions of times in a
    big graph, and the first guess is one regular-expression match instead of a ``startswith``
    per namespace."""

    def __init__(self, base_iri: str):
        self.base = base_iri
        #: prefix → namespace, in the fixed order
        self.map: dict[str, str] = prefix_map(base_iri)
        #: (namespace, prefix), the longest namespace first: the most specific prefix wins
        self.longest_first: list[tuple[str, str]] = sorted(
            ((ns, p) for p, ns in self.map.items()), key=lambda x: (-len(x[0]), x[1]))
        self._first = re.compile("|".join(f"({re.escape(ns)})" for ns, _ in self.longest_first))
        self._compact: dict[str, str] = {}

    def compact(self, iri: str) -> str:
        """``prefix:rest`` with the longest namespace that leaves a rest (not starting with
        ``//``, which a JSON-LD processor would read as an IRI of its own); else the IRI itself.
        The one rule for CURIEs on pages and compact IRIs in JSON-LD."""
        out = self._compact.get(iri)
        if out is None:
            m = self._first.match(iri)
            if m is None:
                out = iri
            else:
                rest = iri[m.end():]
                if rest and not rest.startswith("//"):
                    out = f"{self.longest_first[m.lastindex - 1][1]}:{rest}"
                else:  # the longest namespace leaves nothing usable: a shorter one may
                    out = self._slow_compact(iri)
            self._compact[iri] = out
        return out

    def _slow_compact(self, iri: str) -> str:
        for ns, p in self.longest_first:
            if iri.startswith(ns):
                rest = iri[len(ns):]
                if rest and not rest.startswith("//"):
                    return f"{p}:{rest}"
        return iri

    def display(self, iri: str) -> str:
        """A CURIE, or ``<iri>`` when no prefix fits (query tables, messages)."""
        out = self.compact(iri)
        return out if out != iri else f"<{iri}>"

    @property
    def turtle(self) -> dict[str, str]:
        """Prefixes for Turtle output. The dataset's own ``dg:``/``dgs:`` are left out: their
        local names hold ``/`` and ``#``, which Turtle would have to escape with backslashes."""
        return {p: ns for p, ns in self.map.items() if p not in ("dg", "dgs")}

    def jsonld_context(self, used: set[str] | None = None) -> dict[str, str]:
        """The JSON-LD context: one term per prefix (only those in ``used``, when given).
        Nothing in it points anywhere: a processor never has to fetch a context."""
        return {p: ns for p, ns in self.map.items() if used is None or p in used}

    def sparql_prologue(self) -> str:
        """``BASE`` and ``PREFIX`` lines every named query can rely on."""
        lines = [f"BASE <{self.base}>"]
        lines += [f"PREFIX {p}: <{ns}>" for p, ns in self.map.items()]
        return "\n".join(lines) + "\n"

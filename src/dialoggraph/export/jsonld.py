"""JSON-LD, written by one compactor for every JSON-LD file and response: the dump, the
entity documents, the ontology page and the server's descriptions.

The form is the one ``json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1)`` gives for
``{"@context": …, "@graph": [node, …]}``: a node per subject, IRIs shortened with the prefixes
of :class:`~dialoggraph.rdf.prefixes.Prefixes`, ``rdf:type`` as ``@type``, every value an
object (``{"@id": …}`` or ``{"@value": …}``) in a list. pyoxigraph writes only expanded JSON-LD;
reading that back and compacting it cost 7–8 s of CPU at a million triples, so the few forms a
dataset has are written directly (:class:`_NodeWriter`), and anything else goes through
pyoxigraph's serialiser and is compacted the long way, to the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from itertools import groupby, islice
from operator import attrgetter
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from dialoggraph.rdf.prefixes import Prefixes

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

JSONLD_CHUNK = 10_000  # nodes written at a time

#: a context: a URL (the published ``context.jsonld``) or the context itself, inline
Context = str | dict


def write_jsonld(path: Path, prefixes: Prefixes, triples: Iterable[ox.Triple], context: Context) -> None:
    """The JSON-LD document of ``triples`` (sorted: a subject's triples next to each other; a
    list or a stream) into ``path``, written a slice of nodes at a time — the text of a million
    triples would take a gigabyte at once."""
    with path.open("w", encoding="utf-8") as fh:
        write_document(fh, prefixes, triples, context)


def document_text(prefixes: Prefixes, triples: list[ox.Triple], context: Context) -> str:
    """The same document as a string (entity documents, the server's answers)."""
    pieces: list[str] = []
    _write(pieces.append, prefixes, triples, context)
    return "".join(pieces)


def write_document(fh: TextIO, prefixes: Prefixes, triples: Iterable[ox.Triple], context: Context) -> None:
    _write(fh.write, prefixes, triples, context)


def _write(write: Callable[[str], object], prefixes: Prefixes, triples: Iterable[ox.Triple], context: Context) -> None:
    nodes = _NodeWriter(prefixes.compact).nodes(triples)
    written = False
    while batch := list(islice(nodes, JSONLD_CHUNK)):
        write(",\n  " if written else '{\n "@context": ' + _context_text(context) + ',\n "@graph": [\n  ')
        write(",\n  ".join(batch))
        written = True
    write("\n ]\n}\n" if written else json.dumps(
        {"@context": context, "@graph": []}, ensure_ascii=False, sort_keys=True, indent=1) + "\n")


def _context_text(context: Context) -> str:
    """The context as the indenting encoder writes it one level down."""
    return json.dumps(context, ensure_ascii=False, sort_keys=True, indent=1).replace("\n", "\n ")


class _Unusual(Exception):
    """A term the direct path does not write (a directional language string, a quoted triple)."""


class _NodeWriter:
    """The text of each subject's node, straight from the sorted triples.

    pyoxigraph's expanded JSON-LD, read back with ``json`` and compacted, cost 7–8 s of CPU at a
    million triples; the forms in a dataset are few (IRI, blank node, plain, language-tagged
    and typed literal), so they are written here directly, in the same bytes (a test compares
    the two on every kind of term). A node holding anything else goes the long way, through
    pyoxigraph's serialiser (:func:`_node_texts`)."""

    def __init__(self, compact: Callable[[str], str]):
        self.compact = compact
        self.keys: dict[str, tuple[str, str]] = {}  # predicate IRI → its compacted key, and encoded
        self.ids: dict[str, str] = {}  # object IRI → its encoded value object
        self.datatypes: dict[str, str] = {}  # datatype IRI → its encoded, compacted form

    def nodes(self, triples: Iterable[ox.Triple]):
        """Each subject's node, in the order of the triples (sorted: a subject's triples are
        next to each other). ``triples`` may be a stream (the dump reads the sorted N-Triples
        text a triple at a time)."""
        for subject, group in groupby(triples, key=_SUBJECT):
            part = list(group)
            try:
                yield self._node(subject, part)
            except _Unusual:
                yield from _node_texts(json.loads(ox.serialize(part, format=ox.RdfFormat.JSON_LD)), self.compact)

    def _node(self, subject, triples: list[ox.Triple]) -> str:
        # (compacted key, encoded key) → encoded value objects; sorted by the key, as json.dumps does
        values: dict[tuple[str, str], list[str]] = {}
        types: list[str] | None = []  # rdf:type's objects, compacted, while all are nodes
        for t in triples:
            p = t.predicate.value
            key = self.keys.get(p)
            if key is None:
                compacted = self.compact(p)
                key = self.keys[p] = (compacted, _string(compacted))
            o, typing = t.object, p == RDF_TYPE
            kind = type(o)
            if kind is ox.NamedNode:
                iri = o.value
                piece = self.ids.get(iri)
                if piece is None:
                    piece = self.ids[iri] = f'{{\n     "@id": {_string(self.compact(iri))}\n    }}'
                if typing and types is not None:
                    types.append(self.compact(iri))
            elif kind is ox.Literal:
                lang = o.language
                if lang is not None:
                    if o.direction is not None:
                        raise _Unusual
                    piece = f'{{\n     "@language": {_string(lang)},\n     "@value": {_string(o.value)}\n    }}'
                else:
                    dt = o.datatype.value
                    if dt == XSD_STRING:
                        piece = f'{{\n     "@value": {_string(o.value)}\n    }}'
                    else:
                        encoded = self.datatypes.get(dt)
                        if encoded is None:
                            encoded = self.datatypes[dt] = _string(self.compact(dt))
                        piece = f'{{\n     "@type": {encoded},\n     "@value": {_string(o.value)}\n    }}'
                if typing:
                    types = None  # a literal class: rdf:type stays an ordinary property
            elif kind is ox.BlankNode:
                node = "_:" + o.value
                piece = f'{{\n     "@id": {_string(node)}\n    }}'
                if typing and types is not None:
                    types.append(node)
            else:
                raise _Unusual
            pieces = values.get(key)
            if pieces is None:
                values[key] = [piece]
            else:
                pieces.append(piece)
        kind = type(subject)
        if kind is ox.NamedNode:
            fields = {_ID: _string(self.compact(subject.value))}
        elif kind is ox.BlankNode:
            fields = {_ID: _string("_:" + subject.value)}
        else:
            raise _Unusual
        if types:
            del values[self.keys[RDF_TYPE]]
            fields[_TYPE] = "[\n    " + ",\n    ".join(map(_string, sorted(types))) + "\n   ]"
        for key, pieces in values.items():
            fields[key] = "[\n    " + ",\n    ".join(pieces) + "\n   ]"
        return "{\n   " + ",\n   ".join(f"{k[1]}: {fields[k]}" for k in sorted(fields)) + "\n  }"


_ID, _TYPE = ("@id", '"@id"'), ("@type", '"@type"')
_SUBJECT = attrgetter("subject")


def _node_texts(expanded: list[dict], compact) -> list[str]:
    """The compacted nodes as ``json.dumps({"@context": "context.jsonld", "@graph": …},
    ensure_ascii=False, sort_keys=True, indent=1)`` writes them inside the graph, byte for byte —
    written piece by piece (the standard library's indenting encoder is pure Python, and slow)."""
    nodes = []
    for node in expanded:
        out = {}  # compacted key → its value, already encoded
        for key, values in node.items():
            if key == "@id":
                out[key] = _encoded(compact(values))
            elif key == "@type" or (key == RDF_TYPE and all("@id" in v for v in values)):
                out["@type"] = _encoded(sorted(compact(v if key == "@type" else v["@id"]) for v in values))
            else:
                out[compact(key)] = _encoded_values(values, compact)
        nodes.append("{\n   " + ",\n   ".join(f"{_string(k)}: {out[k]}" for k in sorted(out)) + "\n  }"
                     if out else "{}")
    return nodes


_string = json.encoder.encode_basestring


def _encoded(value) -> str:
    """``value`` (a string or a list of strings, at the depth of a node's properties) as the
    indenting encoder writes it there."""
    try:
        if type(value) is str:
            return _string(value)
        if type(value) is list and value:
            return "[\n    " + ",\n    ".join(map(_string, value)) + "\n   ]"
    except TypeError:
        pass
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).replace("\n", "\n   ")


def _encoded_values(values: list, compact) -> str:
    """A property's value objects, compacted (``_compact_value``) and encoded."""
    try:
        pieces = []
        for v in values:
            if "@id" in v:
                pieces.append(f'{{\n     "@id": {_string(compact(v["@id"]))}\n    }}')
            else:
                pieces.append(_encoded_value({**v, "@type": compact(v["@type"])} if "@type" in v else v))
        if pieces:
            return "[\n    " + ",\n    ".join(pieces) + "\n   ]"
    except (TypeError, AttributeError, ValueError, KeyError):
        pass
    return _encoded([_compact_value(v, compact) for v in values])


def _encoded_value(value: dict) -> str:
    """A value object of strings (``{"@value": …, "@language": …}``); raises on anything else."""
    if len(value) == 1:
        (k, v), = value.items()
        return f"{{\n     {_string(k)}: {_string(v)}\n    }}"
    if not value:
        raise ValueError("empty")
    return "{\n     " + ",\n     ".join(f"{_string(k)}: {_string(value[k])}" for k in sorted(value)) + "\n    }"


def _compact_value(value: dict, compact) -> dict:
    if "@id" in value:
        return {"@id": compact(value["@id"])}
    if "@type" in value:
        return {**value, "@type": compact(value["@type"])}
    return value



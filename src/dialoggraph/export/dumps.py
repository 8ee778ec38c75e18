"""Validated graph → dumps for harvesters: Turtle, N-Triples, JSON-LD (with a local context),
the ontology, the shapes, and a VoID + DCAT description.

Serialisation is pyoxigraph's (Rust, streaming). Determinism comes from the input: triples are
sorted by their N-Triples form before they are written, blank nodes carry the stable labels
the loader gave them, and nothing depends on dict or set order or on the clock.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

from dialoggraph.config import Settings
from dialoggraph.rdf.namespaces import DCAT, DCT, FOAF, RDF, SCHEMA, SWC, VOID, XSD, prefixes
from dialoggraph.runtime import collector_paused

RDF_TYPE = str(RDF.type)
XSD_STRING = str(XSD.string)

MEDIA_TYPES = {
    "dataset.ttl": ("text/turtle", "Turtle"),
    "dataset.nt": ("application/n-triples", "N-Triples"),
    "dataset.jsonld": ("application/ld+json", "JSON-LD"),
}


def sort_triples(triples) -> list[ox.Triple]:
    """Deterministic order: by subject, predicate, object in their N-Triples form; no duplicates.

    The N-Triples lines come from one pyoxigraph serialisation (a million ``str(t)`` calls
    cost more); sorting their UTF-8 bytes is sorting the strings by code point."""
    triples = list(triples)
    lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).split(b" .\n")
    lines.pop()  # after the last line's end
    out, last = [], None
    for i in sorted(range(len(lines)), key=lines.__getitem__):
        if lines[i] != last:
            out.append(triples[i])
            last = lines[i]
    return out


@dataclass(frozen=True)
class GraphSummary:
    triples: int
    entities: int
    classes: Counter  # class IRI → number of instances
    vocabularies: list[str]


def summarise(settings: Settings, triples: list[ox.Triple]) -> GraphSummary:
    rdf_type = str(RDF.type)
    classes: Counter = Counter()
    entities = set()
    known = sorted(prefixes(settings.base_iri).values(), key=len, reverse=True)
    base = settings.base_iri
    predicates: set[str] = set()
    for t in triples:
        s = t.subject
        if isinstance(s, ox.NamedNode):
            s = s.value
            if s.startswith(base):
                entities.add(s)
        p = t.predicate.value
        if p == rdf_type:
            classes[t.object.value] += 1
        predicates.add(p)
    # Namespaces of the few distinct predicates and classes, not of every triple.
    used_ns = {_namespace_of(iri, known) for iri in predicates | set(classes)}
    used_ns.discard(None)
    own = {settings.base_iri, settings.shapes_ns}
    vocabularies = sorted(ns for ns in used_ns if ns not in own)
    return GraphSummary(len(triples), len(entities), classes, vocabularies)


def _namespace_of(iri: str, known: list[str]) -> str | None:
    for ns in known:
        if iri.startswith(ns):
            return ns
    return None


def jsonld_context(settings: Settings) -> dict:
    """The local JSON-LD context: one prefix per vocabulary, nothing fetched from anywhere."""
    return {"@context": {p: ns for p, ns in prefixes(settings.base_iri).items()}}


def _compact(iri: str, table: list[tuple[str, str]]) -> str:
    for ns, p in table:
        if iri.startswith(ns):
            rest = iri[len(ns):]
            if rest and not rest.startswith("//"):
                return f"{p}:{rest}"
    return iri


def write_jsonld(path: Path, settings: Settings, triples: list[ox.Triple]) -> None:
    """JSON-LD: the expanded form pyoxigraph writes, with IRIs shortened to the local context's
    prefixes, ``rdf:type`` as ``@type``, and ``"@context": "context.jsonld"`` (the file next to
    it); laid out as ``json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1)`` would."""
    # Millions of small strings and lists without a single cycle: the cyclic garbage collector
    # would only rescan them (and every triple) again and again while they grow.
    with collector_paused():
        _write_jsonld(path, settings, triples)


JSONLD_CHUNK = 10_000  # nodes written at a time


def _write_jsonld(path: Path, settings: Settings, triples: list[ox.Triple]) -> None:
    table = sorted(((ns, p) for p, ns in prefixes(settings.base_iri).items()),
                   key=lambda x: len(x[0]), reverse=True)
    nodes = _NodeWriter(_Compactor(table)).nodes(triples)
    written = False
    with path.open("w", encoding="utf-8") as fh:
        # piece by piece: the text of a million triples would take a gigabyte at once
        while batch := list(islice(nodes, JSONLD_CHUNK)):
            fh.write(",\n  " if written else '{\n "@context": "context.jsonld",\n "@graph": [\n  ')
            fh.write(",\n  ".join(batch))
            written = True
        fh.write("\n ]\n}\n" if written else json.dumps(
            {"@context": "context.jsonld", "@graph": []}, ensure_ascii=False, sort_keys=True, indent=1) + "\n")


class _Unusual(Exception):
    """A term the direct path does not write (a directional language string, a quoted triple)."""


class _NodeWriter:
    """The text of each subject's node, straight from the sorted triples.

    pyoxigraph's expanded JSON-LD, read back with ``json`` and compacted, cost 7–8 s of CPU at a
    million triples; the forms in a dataset are few (IRI, blank node, plain, language-tagged
    and typed literal), so they are written here directly, in the same bytes (a test compares
    the two on every kind of term). A node holding anything else goes the long way, through
    pyoxigraph's serialiser (:func:`_node_texts`)."""

    def __init__(self, compact: "_Compactor"):
        self.compact = compact
        self.keys: dict[str, tuple[str, str]] = {}  # predicate IRI → its compacted key, and encoded
        self.ids: dict[str, str] = {}  # object IRI → its encoded value object
        self.datatypes: dict[str, str] = {}  # datatype IRI → its encoded, compacted form

    def nodes(self, triples: list[ox.Triple]):
        """Each subject's node, in the order of the triples (sorted: a subject's triples are
        next to each other)."""
        start, n = 0, len(triples)
        while start < n:
            subject, end = triples[start].subject, start + 1
            while end < n and triples[end].subject == subject:
                end += 1
            part = triples[start:end]
            try:
                yield self._node(subject, part)
            except _Unusual:
                yield from _node_texts(json.loads(ox.serialize(part, format=ox.RdfFormat.JSON_LD)), self.compact)
            start = end

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


class _Compactor:
    """``_compact`` with a memory (predicates, classes and shared objects repeat) and one regex
    match instead of a ``startswith`` per prefix for the first guess."""

    def __init__(self, table: list[tuple[str, str]]):
        self.table = table
        self.cache: dict[str, str] = {}
        self.first = re.compile("|".join(f"({re.escape(ns)})" for ns, _ in table))

    def __call__(self, iri: str) -> str:
        out = self.cache.get(iri)
        if out is None:
            m = self.first.match(iri)
            if m is None:
                out = iri
            else:
                rest = iri[m.end():]
                out = f"{self.table[m.lastindex - 1][1]}:{rest}" if rest and not rest.startswith("//") \
                    else _compact(iri, self.table)
            self.cache[iri] = out
        return out


def _compact_value(value: dict, compact) -> dict:
    if "@id" in value:
        return {"@id": compact(value["@id"])}
    if "@type" in value:
        return {**value, "@type": compact(value["@type"])}
    return value


def turtle_prefixes(settings: Settings) -> dict[str, str]:
    """Prefixes for Turtle output. The dataset's own ``dg:``/``dgs:`` are left out: their local
    names hold ``/`` and ``#``, which Turtle would have to escape with backslashes."""
    return {p: ns for p, ns in prefixes(settings.base_iri).items() if p not in ("dg", "dgs")}


def write_rdf(path: Path, settings: Settings, triples: list[ox.Triple], fmt: ox.RdfFormat) -> None:
    ox.serialize(triples, str(path), format=fmt, prefixes=turtle_prefixes(settings))


def void_triples(settings: Settings, summary: GraphSummary, triples: list[ox.Triple]) -> list[ox.Triple]:
    """The VoID + DCAT description of the dataset."""
    N, L = ox.NamedNode, ox.Literal
    base = settings.base_iri
    meta = settings.dataset
    ds = N(settings.dataset_iri)
    ds_doc = settings.dataset_iri.split("#", 1)[0]
    t = ox.Triple
    out = [
        t(ds, N(str(RDF.type)), N(str(VOID.Dataset))),
        t(ds, N(str(RDF.type)), N(str(DCAT.Dataset))),
        t(ds, N(str(DCT.title)), L(meta.title_de, language="de")),
        t(ds, N(str(DCT.title)), L(meta.title_en, language="en")),
        t(ds, N(str(DCT.description)), L(meta.description_de, language="de")),
        t(ds, N(str(DCT.description)), L(meta.description_en, language="en")),
        t(ds, N(str(DCT.license)), N(meta.license)),
        t(ds, N(str(DCT.source)), N(settings.source_document_iri)),
        t(ds, N(str(DCT.issued)), L(meta.issued, datatype=N(str(XSD.date)))),
        t(ds, N(str(DCT.created)), L(meta.issued, datatype=N(str(XSD.date)))),
        t(ds, N(str(DCT.language)), N("http://id.loc.gov/vocabulary/iso639-1/de")),
        t(ds, N(str(DCT.creator)), N(ds_doc + "#creator")),
        t(N(ds_doc + "#creator"), N(str(RDF.type)), N(str(FOAF.Agent))),
        t(N(ds_doc + "#creator"), N(str(FOAF.name)), L(meta.creator)),
        t(ds, N(str(DCT.conformsTo)), N(base + "shapes.ttl")),
        t(ds, N(str(VOID.uriSpace)), L(base)),
        t(ds, N(str(VOID.triples)), L(str(summary.triples), datatype=N(str(XSD.integer)))),
        t(ds, N(str(VOID.entities)), L(str(summary.entities), datatype=N(str(XSD.integer)))),
        t(ds, N(str(VOID.classes)), L(str(len(summary.classes)), datatype=N(str(XSD.integer)))),
        t(ds, N(str(VOID.sparqlEndpoint)), N(base + "sparql")),
        t(ds, N(str(DCAT.landingPage)), N(base)),
    ]
    for ns in summary.vocabularies:
        out.append(t(ds, N(str(VOID.vocabulary)), N(ns)))
    for i, (cls, count) in enumerate(sorted(summary.classes.items()), start=1):
        part = N(f"{ds_doc}#class-{i}")
        out += [
            t(ds, N(str(VOID.classPartition)), part),
            t(part, N(str(VOID["class"])), N(cls)),
            t(part, N(str(VOID.entities)), L(str(count), datatype=N(str(XSD.integer)))),
        ]
    for example in _examples(triples):
        out.append(t(ds, N(str(VOID.exampleResource)), N(example)))
    for name, (media, label) in MEDIA_TYPES.items():
        dist = N(f"{ds_doc}#dist-{name.rsplit('.', 1)[1]}")
        out += [
            t(ds, N(str(DCAT.distribution)), dist),
            t(ds, N(str(VOID.dataDump)), N(base + name)),
            t(dist, N(str(RDF.type)), N(str(DCAT.Distribution))),
            t(dist, N(str(DCT.title)), L(f"Datensatz als {label}", language="de")),
            t(dist, N(str(DCT.title)), L(f"Dataset as {label}", language="en")),
            t(dist, N(str(DCAT.downloadURL)), N(base + name)),
            t(dist, N(str(DCAT.accessURL)), N(base + name)),
            t(dist, N(str(DCAT.mediaType)), N(f"https://www.iana.org/assignments/media-types/{media}")),
            t(dist, N(str(DCT.format)), L(media)),
            t(dist, N(str(DCT.license)), N(meta.license)),
        ]
    return out


_EXAMPLE_CLASSES = [str(SWC.ConferenceEvent), str(SWC.TrackEvent), str(SCHEMA.Person),
                    str(SCHEMA.Legislation), str(SCHEMA.Claim)]


def _examples(triples: list[ox.Triple]) -> list[str]:
    """One instance of each example class: the one the sorted dump lists first (the smallest
    N-Triples form of the subject), whatever order ``triples`` come in."""
    rdf_type = str(RDF.type)
    first: dict[str, tuple[str, str]] = {}
    for t in triples:
        if t.predicate.value == rdf_type and t.object.value in _EXAMPLE_CLASSES:
            cls, candidate = t.object.value, (str(t.subject), t.subject.value)
            if cls not in first or candidate < first[cls]:
                first[cls] = candidate
    return [first[c][1] for c in _EXAMPLE_CLASSES if c in first]


#: the files the export writes, relative to the output folder: pages link to them by name and
#: never overwrite them (the ontology's page has its own ``ontology.html`` next to ``ontology.ttl``)
EXPORT_FILES = ("dataset.ttl", "dataset.nt", "dataset.jsonld", "context.jsonld", "ontology.ttl",
                "shapes.ttl", "void.ttl", ".well-known/void")

#: independent pieces of the export, the longest first (workers start them first)
EXPORT_PARTS = ("dataset.jsonld", "dataset.ttl", "dataset.nt", "descriptions")


def write_export_part(part: str, out_dir: Path, settings: Settings, data: list[ox.Triple],
                      ontology: list[ox.Triple], shapes: list[ox.Triple], void: list[ox.Triple]) -> None:
    """Write one of :data:`EXPORT_PARTS` into ``out_dir``. ``data`` must already be sorted."""
    if part == "dataset.jsonld":
        write_jsonld(out_dir / part, settings, data)
    elif part == "dataset.ttl":
        write_rdf(out_dir / part, settings, data, ox.RdfFormat.TURTLE)
    elif part == "dataset.nt":
        write_rdf(out_dir / part, settings, data, ox.RdfFormat.N_TRIPLES)
    elif part == "descriptions":
        (out_dir / "context.jsonld").write_text(
            json.dumps(jsonld_context(settings), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        write_rdf(out_dir / "ontology.ttl", settings, sort_triples(ontology), ox.RdfFormat.TURTLE)
        write_rdf(out_dir / "shapes.ttl", settings, sort_triples(shapes), ox.RdfFormat.TURTLE)
        void = sort_triples(void)
        write_rdf(out_dir / "void.ttl", settings, void, ox.RdfFormat.TURTLE)
        (out_dir / ".well-known").mkdir(exist_ok=True)
        write_rdf(out_dir / ".well-known" / "void", settings, void, ox.RdfFormat.TURTLE)
    else:
        raise ValueError(f"no export part {part!r}")


def write_exports(out_dir: Path, settings: Settings, data: list[ox.Triple], ontology: list[ox.Triple],
                  shapes: list[ox.Triple], void: list[ox.Triple]) -> None:
    """Write every dump (:data:`EXPORT_FILES`) into ``out_dir``. ``data`` must already be sorted."""
    for part in EXPORT_PARTS:
        write_export_part(part, out_dir, settings, data, ontology, shapes, void)

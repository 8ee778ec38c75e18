"""SPARQL results → bytes: the W3C result formats (JSON, XML, CSV, TSV) and RDF for graphs.

Written here rather than by pyoxigraph's own serializer because results are capped: a
result cut at the row cap must say so (the JSON carries ``"truncated": true`` next to
``head``/``results``; HTTP responses also get a header), and pyoxigraph serialises only the
whole iterator it was given. The formats follow the W3C recommendations:
https://www.w3.org/TR/sparql11-results-json/, https://www.w3.org/TR/rdf-sparql-XMLres/,
https://www.w3.org/TR/sparql11-results-csv-tsv/.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: Result formats by short name: (media type, for which query forms).
SELECT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
RDF_FORMAT = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
#: the end of an IRI that RDF/XML can write as an element name (an XML NCName)
_XML_LOCAL_NAME = re.compile(r"[^\W\d][\w.\-\u00B7]*$")

Row = Sequence[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None]


def term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                            "predicate": term_json(term.predicate),
                                            "object": term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def term_from_json(binding: dict):
    """The inverse of :func:`term_json` (also reads the old ``typed-literal``)."""
    kind = binding["type"]
    value = binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        try:
            return ox.BlankNode(value)
        except ValueError:  # Virtuoso names them "nodeID://b10026", not a blank node label
            return ox.BlankNode("x" + value.encode("utf-8").hex())
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return ox.Literal(value, language=binding["xml:lang"])
        if "datatype" in binding:
            return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
        return ox.Literal(value)
    if kind == "triple":
        return ox.Triple(term_from_json(value["subject"]), term_from_json(value["predicate"]),
                         term_from_json(value["object"]))
    raise ValueError(f"unknown binding type {kind!r}")


def select_json(variables: list[str], rows: Iterable[Row], truncated: bool = False) -> bytes:
    bindings = []
    for row in rows:
        bindings.append({v: term_json(t) for v, t in zip(variables, row) if t is not None})
    doc: dict = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    if truncated:
        doc["truncated"] = True
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return ("<triple>" + "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>"
                                     for k in ("subject", "predicate", "object")) + "</triple>")
    raise TypeError(f"not an RDF term: {term!r}")


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def select_xml(variables: list[str], rows: Iterable[Row], truncated: bool = False) -> bytes:
    out = [_XML_HEAD, "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    if truncated:
        out.append('<link href="#truncated"/>')
    out.append("</head>\n<results>\n")
    for row in rows:
        out.append("<result>")
        for v, t in zip(variables, row):
            if t is not None:
                out.append(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
        out.append("</result>\n")
    out.append("</results>\n</sparql>\n")
    return "".join(out).encode("utf-8")


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def select_csv(variables: list[str], rows: Iterable[Row], truncated: bool = False) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_value(t) for t in row])
    return buf.getvalue().encode("utf-8")


def _tsv_value(term) -> str:
    if term is None:
        return ""
    # pyoxigraph's str() is the N-Triples/SPARQL form, with \t, \n, \r and " escaped.
    return str(term)


def select_tsv(variables: list[str], rows: Iterable[Row], truncated: bool = False) -> bytes:
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join(_tsv_value(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


SELECT_WRITERS = {"json": select_json, "xml": select_xml, "csv": select_csv, "tsv": select_tsv}


def ask_bytes(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return (_XML_HEAD + f"<head/>\n<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n").encode("utf-8")
    # CSV/TSV define no boolean form; a single value line is what clients expect.
    return ("true\n" if value else "false\n").encode("utf-8")


class NotExpressible(ValueError):
    """The triples cannot be written in the format asked for (``str()`` says why)."""


def graph_bytes(triples: list[ox.Triple], fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """Triples as Turtle, N-Triples, JSON-LD or RDF/XML (pyoxigraph's writers). RDF/XML writes
    each predicate as an element name: a predicate that ends in no XML name (``…/1``, ``…#``)
    raises :class:`NotExpressible` — pyoxigraph would write a broken element instead."""
    if fmt == "rdfxml":
        for t in triples:
            if not _XML_LOCAL_NAME.search(t.predicate.value):
                raise NotExpressible(f"RDF/XML cannot write the predicate <{t.predicate.value}> "
                                     "(it does not end in an XML name); ask for Turtle, N-Triples or JSON-LD")
    kwargs = {"prefixes": prefixes} if prefixes and fmt in ("turtle", "rdfxml") else {}
    return ox.serialize(triples, format=RDF_FORMAT[fmt], **kwargs)

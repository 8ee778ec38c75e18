"""The ontology's page: the project's own classes and properties with labels, comments,
hierarchy, alignments and their use in the data; its Turtle and JSON-LD next to it."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from dialoggraph.export.dumps import EXPORT_FILES
from dialoggraph.export.jsonld import document_text
from dialoggraph.rdf.paths import depth_prefix, fragment, page_file

from .. import labels as L
from ..ids import html_id
from ..index import RDF_TYPE
from ..values import Value, format_literal
from .common import write


def write_ontology(site) -> None:
    ix = site.index
    s = site.settings
    ns = s.ontology_ns
    onto_iri = ns[:-1]
    root = depth_prefix(page_file(site.ontology_path))
    by_subject: dict[str, list[ox.Triple]] = defaultdict(list)
    external = []
    for t in site.ontology:
        if isinstance(t.subject, ox.NamedNode):
            if t.subject.value.startswith(ns) or t.subject.value == onto_iri:
                by_subject[t.subject.value].append(t)
            elif t.predicate.value == L.RDFS + "subClassOf":
                external.append((t.subject.value, t.object.value))

    def objs(iri, pred):
        return sorted({t.object.value for t in by_subject.get(iri, ()) if t.predicate.value == pred
                       and isinstance(t.object, ox.NamedNode)})

    def lits(iri, pred):
        out = {}
        for t in sorted(by_subject.get(iri, ()), key=str):
            if t.predicate.value == pred and isinstance(t.object, ox.Literal):
                out.setdefault(t.object.language or "", t.object.value)
        return out

    def term_link(iri):
        if iri.startswith(ns):
            return Value("link", site.links.curie(iri), "#" + (html_id(fragment(iri)) or ""))
        v = site.links.term(iri, root)
        return Value(v.kind, f"{v.text} ({v.raw})" if v.raw else v.text, v.href, raw=v.raw)

    kinds = {L.OWL + "Class": "classes", L.OWL + "ObjectProperty": "object",
             L.OWL + "DatatypeProperty": "datatype", "http://www.w3.org/2002/07/owl#AnnotationProperty": "annotation"}
    sections = {"classes": [], "object": [], "datatype": [], "annotation": []}
    alignment_preds = [L.SKOS + "closeMatch", L.SKOS + "exactMatch", L.SKOS + "relatedMatch",
                       L.SKOS + "broadMatch", L.SKOS + "narrowMatch", L.OWL + "equivalentClass",
                       L.OWL + "equivalentProperty"]
    for iri in sorted(by_subject):
        if iri == onto_iri:
            continue
        types = objs(iri, RDF_TYPE)
        kind = next((kinds[t] for t in types if t in kinds), None)
        if kind is None:
            continue
        label, comment = lits(iri, L.RDFS + "label"), lits(iri, L.RDFS + "comment")
        term = {"iri": iri, "id": html_id(fragment(iri)), "curie": site.links.curie(iri),
                "de": label.get("de") or label.get("") or L.local_name(iri), "en": label.get("en"),
                "comment_de": comment.get("de"), "comment_en": comment.get("en"),
                "rows": []}
        for pred, de in ((L.RDFS + "subClassOf", "Oberklasse"), (L.RDFS + "subPropertyOf", "Obereigenschaft"),
                         (L.RDFS + "domain", "Definitionsbereich (domain)"), (L.RDFS + "range", "Wertebereich (range)")):
            vals = [term_link(o) for o in objs(iri, pred)]
            if vals:
                term["rows"].append({"label": de, "values": vals})
        aligned = [Value(term_link(o).kind, f"{ix.term_label(p)}: {term_link(o).text}", term_link(o).href)
                   for p in alignment_preds for o in objs(iri, p)]
        if aligned:
            term["rows"].append({"label": "Abgleich (alignment)", "values": aligned})
        if kind == "classes":
            n = len(set(ix.instances.get(iri, [])))
            if n and iri in site.class_pages:
                term["rows"].append({"label": "Instanzen im Datensatz", "values": [
                    Value("link", f"{n} Einträge", root + site.class_pages[iri])]})
        else:
            n = ix.predicate_use.get(iri, 0)
            term["rows"].append({"label": "Verwendung im Datensatz", "values": [Value("text", f"{n} Tripel")]})
        sections[kind].append(term)
    head = {k: lits(onto_iri, L.DCT + k) for k in ("title", "description")}
    meta = []
    for pred, de in ((L.OWL + "versionInfo", "Version"), (L.DCT + "created", "Erstellt"),
                     (L.DCT + "modified", "Geändert"), (L.DCT + "creator", "Urheber"),
                     ("http://purl.org/vocab/vann/preferredNamespacePrefix", "Präfix")):
        for t in by_subject.get(onto_iri, ()):
            if t.predicate.value == pred and isinstance(t.object, ox.Literal):
                meta.append({"label": de, "value": format_literal(t.object)[1]})
    meta.append({"label": "Namensraum", "value": ns})
    licenses = [site.links.value(o, root) for o in objs(onto_iri, L.DCT + "license")]
    ext = [{"sub": site.links.term(a, root), "sup": site.links.term(b, root)} for a, b in sorted(external)]
    ctx = dict(head=head, meta=meta, licenses=licenses, sections=sections, external=ext,
               iri=onto_iri, doc_iri=site.base + site.ontology_path,
               jsonld={"@context": "https://schema.org", "@id": onto_iri, "@type": "DefinedTermSet",
                       "name": head["title"].get("de") or "Ontologie", "url": site.base + site.ontology_path})
    stem = page_file(site.ontology_path)[:-len(".html")]
    ctx["alternates"] = {"ttl": root + stem + ".ttl", "jsonld": root + stem + ".jsonld"}
    write(site, page_file(site.ontology_path), "ontology.html", **ctx)
    triples = sorted(set(site.ontology), key=str)
    comment = f"# {onto_iri}\n# Die Ontologie von dialoggraph. / The dialoggraph ontology.\n"
    # the export writes ontology.ttl with every triple in order; the page adds what is missing
    if stem + ".jsonld" not in EXPORT_FILES:  # the dump's layout, its context inline
        (site.out / (stem + ".jsonld")).write_text(
            document_text(site.prefixes, triples, site.prefixes.jsonld_context()), encoding="utf-8")
    if stem + ".ttl" not in EXPORT_FILES:
        (site.out / (stem + ".ttl")).write_bytes(comment.encode() + ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                                                        prefixes=site.prefixes.turtle))

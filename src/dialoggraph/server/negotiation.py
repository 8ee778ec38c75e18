"""Content negotiation: which representation of a document, which SPARQL result format.

``Accept`` q-values are honoured (RFC 9110 §12.5.1); a ``format``/``output`` parameter wins for
SPARQL results; HTML only for clients that ask for it by name.
"""

from __future__ import annotations

from dialoggraph.query.results import GRAPH_FORMATS, SELECT_FORMATS


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``Accept`` → ``[(media range, q)]``; malformed q-values count as 0 (not acceptable)."""
    out = []
    for part in (header or "").split(","):
        items = [p.strip() for p in part.split(";")]
        media = items[0].lower()
        if not media or "/" not in media:
            continue
        q = 1.0
        for param in items[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
                q = min(max(q, 0.0), 1.0)
        out.append((media, q))
    return out


def negotiate(header: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers (RFC 9110 §12.5.1): each offer takes the q of the most
    specific matching range; highest q wins, ties go to the server's order. No or an empty
    ``Accept`` header accepts the first offer; ``None`` when nothing is acceptable."""
    ranges = parse_accept(header)
    if not ranges:
        return offers[0] if offers else None
    best, best_q = None, 0.0
    for offer in offers:
        otype, _, osub = offer.partition("/")
        q, specificity = None, -1
        for media, mq in ranges:
            mtype, _, msub = media.partition("/")
            if media == offer:
                spec = 2
            elif mtype == otype and msub == "*":
                spec = 1
            elif media == "*/*":
                spec = 0
            else:
                continue
            if spec > specificity:
                q, specificity = mq, spec
        if q is not None and q > best_q:
            best, best_q = offer, q
    return best


#: Media types we answer for entity documents, in our order of preference, and aliases.
ENTITY_TYPES = ["text/html", "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml"]
ENTITY_ALIASES = {"application/xhtml+xml": "text/html", "application/x-turtle": "text/turtle",
                  "application/turtle": "text/turtle", "text/plain": "application/n-triples"}


def entity_offers(accept: str | None, available: list[str]) -> str | None:
    """Negotiate among ``available`` entity types, honouring the aliases clients use."""
    offers = list(available)
    for alias, media in ENTITY_ALIASES.items():
        if media in available:
            offers.append(alias)
    chosen = negotiate(accept, offers)
    return ENTITY_ALIASES.get(chosen, chosen) if chosen else None


SPARQL_SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/html": "html",
}
SPARQL_GRAPH_TYPES = {
    "text/turtle": "turtle", "application/turtle": "turtle", "application/x-turtle": "turtle",
    "application/n-triples": "ntriples", "text/plain": "ntriples",
    "application/ld+json": "jsonld", "application/json": "jsonld", "application/rdf+xml": "rdfxml",
    "text/html": "html",
}
FORMAT_NAMES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "html": "html",
                "turtle": "turtle", "ttl": "turtle", "ntriples": "ntriples", "nt": "ntriples",
                "n-triples": "ntriples", "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "rdfxml",
                "rdf": "rdfxml", "rdf/xml": "rdfxml"}


def sparql_format(form: str, accept: str | None, format_params: list[str]) -> str | None:
    """The result format for a query form: a ``format``/``output`` parameter (short name or
    media type) wins; else content negotiation; ``None`` when nothing fits."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    table = SPARQL_GRAPH_TYPES if graph else SPARQL_SELECT_TYPES
    allowed = set(table.values())
    for value in format_params:
        value = value.strip().lower()
        fmt = FORMAT_NAMES.get(value) or table.get(value.split(";")[0].strip())
        if fmt in allowed:
            return fmt
        if fmt == "json" and graph:
            return "jsonld"
        if fmt == "xml" and graph:
            return "rdfxml"
    offers = list(table)
    if graph:
        offers.remove("text/html")
        offers.append("text/html")  # HTML only when asked for explicitly or via */*… last
    chosen = negotiate(accept, offers)
    if chosen is None:
        return None
    if chosen == "text/html" and not asks_for_html(accept):
        # A bare */* (curl, SPARQL clients) gets data, not a page.
        return "turtle" if graph else "json"
    return table[chosen]


def asks_for_html(accept: str | None) -> bool:
    return any(m in ("text/html", "application/xhtml+xml") and q > 0 for m, q in parse_accept(accept))


FORMAT_MEDIA = {**{k: v for k, v in SELECT_FORMATS.items()}, **GRAPH_FORMATS, "html": "text/html"}


def result_media(fmt: str) -> str:
    media = FORMAT_MEDIA[fmt]
    if media.startswith("text/") or media.endswith("+json") or media.endswith("+xml"):
        return media + "; charset=utf-8"
    return media


def document_media(media: str) -> str:
    if media.startswith("text/") or media in ("application/n-triples", "application/rdf+xml"):
        return media + "; charset=utf-8"
    return media



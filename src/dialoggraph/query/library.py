"""The named-query library: ``queries/*.rq`` with a comment header, listed and run with
parameters bound as RDF terms.

Header (the leading ``#`` lines of the file; see ``queries/README.md``)::

    # title@de: Leitung des Tracks
    # title@en: Track leads
    # question@de: Wer leitete den Track „Integration und Transformation“?
    # question@en: Who led the track “Integration and Transformation”?
    # cq: 1
    # param: track (IRI) = event/nrw-dialogforum-2016/track/integration-und-transformation#id — the track

Parameters are never spliced into the query text as strings. A value is first turned into
a pyoxigraph term of the declared type (``NamedNode`` checks IRI syntax, ``Literal`` holds
any string), then written in its N-Triples form — which escapes every quote, backslash and
line break — into a ``VALUES`` block placed after the query's first ``WHERE {`` (its own group,
unless the outer group is written without the keyword so that a sub-select binds them). The
same query text then runs unchanged on the embedded store and on any SPARQL 1.1 endpoint,
and a value such as ``x" . } UNION {?s ?p ?o} #`` can only ever be a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from dialoggraph.rdf.namespaces import XSD
from dialoggraph.rdf.prefixes import Prefixes, prefix_map
from .lexer import SparqlTextError, check_read_only, RefusedQuery, variables, where_group_offset
from .store import QueryResult, SparqlStore


class QueryError(ValueError):
    """A named query is malformed, unknown, or was given a bad parameter."""


_XSD = str(XSD)
#: Parameter types: name in the header → (datatype IRI or None for IRIs, lexical-form check).
PARAM_TYPES: dict[str, tuple[str | None, re.Pattern | None]] = {
    "IRI": (None, None),
    "string": (_XSD + "string", None),
    "xsd:string": (_XSD + "string", None),
    "xsd:gYear": (_XSD + "gYear", re.compile(r"-?\d{4,}(Z|[+-]\d\d:\d\d)?")),
    "xsd:gYearMonth": (_XSD + "gYearMonth", re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])(Z|[+-]\d\d:\d\d)?")),
    "xsd:date": (_XSD + "date", re.compile(r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d\d:\d\d)?")),
    "xsd:integer": (_XSD + "integer", re.compile(r"[+-]?\d+")),
    "xsd:decimal": (_XSD + "decimal", re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")),
    "xsd:boolean": (_XSD + "boolean", re.compile(r"true|false|1|0")),
}

_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<type>[^)]+)\)"
    r"(?:\s*=\s*(?:\"(?P<qdefault>[^\"]*)\"|(?P<default>\S+)))?"
    r"(?:\s*(?:—|–|--|-)\s*(?P<description>.*))?$")
_HEADER_KEYS = {"title@de", "title@en", "question@de", "question@en", "cq", "param", "note"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None
    description: str = ""

    def term(self, raw: str, base_iri: str) -> ox.NamedNode | ox.Literal:
        """The RDF term for a user-supplied value, or :class:`QueryError`."""
        datatype, check = PARAM_TYPES[self.type]
        raw = raw.strip() if datatype != _XSD + "string" else raw
        if datatype is None:
            return iri_term(raw, base_iri, self.name)
        if check is not None and not check.fullmatch(raw):
            raise QueryError(f"parameter {self.name}: {raw!r} is not a valid {self.type}")
        if datatype == _XSD + "string":
            return ox.Literal(raw)
        return ox.Literal(raw, datatype=ox.NamedNode(datatype))


def iri_term(raw: str, base_iri: str, name: str = "value") -> ox.NamedNode:
    """An IRI from ``<…>``, an absolute IRI, a prefixed name (``schema:Person``) or an IRI
    relative to the dataset's base (``person/jan-ueblacker#id``)."""
    value = raw.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    table = prefix_map(base_iri)
    prefix, colon, local = value.partition(":")
    if colon and prefix in table and not local.startswith("//"):
        value = table[prefix] + local
    elif not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", value):
        value = base_iri + value
    try:
        return ox.NamedNode(value)
    except ValueError as exc:
        raise QueryError(f"parameter {name}: {raw!r} is not a valid IRI ({exc})") from None


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    body: str  # the file's text (header included; it is SPARQL comments)
    title_de: str = ""
    title_en: str = ""
    question_de: str = ""
    question_en: str = ""
    cq: tuple[int, ...] = ()
    params: tuple[Param, ...] = field(default_factory=tuple)
    note: str = ""

    @property
    def form(self) -> str:
        return check_read_only(self.body)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"{self.name}: no parameter {name!r} (parameters: {known})")

    def bindings(self, values: dict[str, str] | None, base_iri: str) -> dict[str, ox.NamedNode | ox.Literal]:
        """Each parameter's term: the given value, else its default; unknown names are errors."""
        values = dict(values or {})
        for name in values:
            self.param(name)
        out = {}
        for p in self.params:
            raw = values.get(p.name, p.default)
            if raw is None:
                raise QueryError(f"{self.name}: parameter {p.name} ({p.type}) is required — "
                                 f"--param {p.name}=…")
            out[p.name] = p.term(raw, base_iri)
        return out

    def text(self, base_iri: str, values: dict[str, str] | None = None) -> str:
        """The complete query: the project prologue, then the body with a ``VALUES`` block
        of the parameters' terms at the top of its ``WHERE`` group."""
        body = self.body
        terms = self.bindings(values, base_iri)
        if terms:
            at = where_group_offset(body)
            names = " ".join(f"?{n}" for n in terms)
            row = " ".join(str(t) for t in terms.values())
            block = f"\n  VALUES ({names}) {{ ({row}) }}\n"
            body = body[:at] + block + body[at:]
        return Prefixes(base_iri).sparql_prologue() + body

    def run(self, store: SparqlStore, base_iri: str, values: dict[str, str] | None = None,
            limit: int | None = None) -> QueryResult:
        return store.query(self.text(base_iri, values), limit=limit)


def parse_header(text: str, source: str = "query") -> dict:
    """The header's fields: ``{"title@de": …, "param": [Param, …], …}``."""
    fields: dict = {"param": []}
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        content = stripped.lstrip("#").strip()
        key, colon, value = content.partition(":")
        key = key.strip()
        if not colon or not re.fullmatch(r"[a-z]+(@[a-z]{2})?", key):
            continue  # prose comment
        if key not in _HEADER_KEYS:
            raise QueryError(f"{source}:{lineno}: unknown header field {key!r} "
                             f"(known: {', '.join(sorted(_HEADER_KEYS))})")
        value = value.strip()
        if key == "param":
            m = _PARAM_LINE.match(value)
            if not m:
                raise QueryError(f"{source}:{lineno}: cannot read parameter {value!r}; write "
                                 "'# param: name (type) = default — description'")
            ptype = m.group("type").strip()
            if ptype not in PARAM_TYPES:
                raise QueryError(f"{source}:{lineno}: parameter type {ptype!r} is not one of "
                                 f"{', '.join(PARAM_TYPES)}")
            default = m.group("qdefault") if m.group("qdefault") is not None else m.group("default")
            fields["param"].append(Param(m.group("name"), ptype, default,
                                         (m.group("description") or "").strip()))
        elif key == "cq":
            try:
                fields["cq"] = tuple(int(x) for x in re.split(r"[,\s]+", value) if x)
            except ValueError:
                raise QueryError(f"{source}:{lineno}: cq must list question numbers: {value!r}") from None
        else:
            fields[key] = value
    return fields


def load_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and check it: header fields, parameters used in the body, a
    ``WHERE {`` to bind them in, and a read-only query form."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read: {exc}") from None
    fields = parse_header(text, str(path))
    params = tuple(fields.pop("param"))
    nq = NamedQuery(name=path.stem, path=path, body=text, params=params,
                    **{k.replace("@", "_"): v for k, v in fields.items()})
    try:
        nq.form  # noqa: B018 - lexes and refuses updates/SERVICE/FROM
        used = variables(text)
        for p in params:
            if p.name not in used:
                raise QueryError(f"{path}: parameter {p.name} is declared but ?{p.name} is not used")
        if params:
            where_group_offset(text)
    except (SparqlTextError, RefusedQuery) as exc:
        raise QueryError(f"{path}: {exc}") from None
    return nq


def load_library(queries_dir: Path) -> dict[str, NamedQuery]:
    """Every ``*.rq`` of the folder (not its subfolders), by name."""
    queries_dir = Path(queries_dir)
    if not queries_dir.is_dir():
        return {}
    return {p.stem: load_query(p) for p in sorted(queries_dir.glob("*.rq"))}


def resolve(name_or_file: str, queries_dir: Path) -> NamedQuery:
    """A library query by name, or any ``.rq`` file by path."""
    candidate = Path(name_or_file)
    if candidate.suffix == ".rq" or candidate.is_file():
        if not candidate.is_file():
            raise QueryError(f"{candidate}: no such query file")
        return load_query(candidate)
    library = load_library(queries_dir)
    if name_or_file not in library:
        close = [n for n in library if name_or_file.lower() in n.lower()]
        hint = f" — did you mean {', '.join(close[:5])}?" if close else " — see 'dialoggraph query --list'"
        raise QueryError(f"no named query {name_or_file!r}{hint}")
    return library[name_or_file]


def parse_param_options(options: list[str]) -> dict[str, str]:
    """``["year=2005", "person=person/x#id"]`` → dict; the value may contain ``=``."""
    out = {}
    for opt in options:
        name, eq, value = opt.partition("=")
        if not eq or not name.strip():
            raise QueryError(f"--param {opt!r}: write name=value")
        out[name.strip()] = value
    return out


def cell_text(term, prefixes: Prefixes) -> str:
    """A short, readable form of a term for tables: ``schema:Person``, ``dg:person/x#id``."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return prefixes.display(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


FORMATS = ("table", "csv", "tsv", "json")


def result_text(result: QueryResult, fmt: str, base_iri: str) -> str | None:
    """The result as text in a W3C format (``csv``, ``tsv``, ``json``; graphs as Turtle,
    N-Triples or JSON-LD); ``None`` for a ``table`` of rows, which the command line draws."""
    from .results import SELECT_WRITERS, ask_bytes, graph_bytes

    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}: {', '.join(FORMATS)}")
    if result.form == "ASK":
        if fmt == "table":
            return "true" if result.boolean else "false"
        return ask_bytes(bool(result.boolean), "json" if fmt == "json" else "csv").decode()
    if result.form in ("CONSTRUCT", "DESCRIBE"):
        graph_fmt = {"table": "turtle", "json": "jsonld"}.get(fmt, "ntriples")
        return graph_bytes(result.triples, graph_fmt, Prefixes(base_iri).turtle).decode()
    if fmt == "table":
        return None
    return SELECT_WRITERS[fmt](result.variables, result.rows, result.truncated).decode()

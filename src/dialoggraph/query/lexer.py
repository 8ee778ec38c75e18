"""A small SPARQL lexer: enough to tell what a query *is* before anything runs it.

Why a lexer and not a full parser: the questions the server and the query library ask of a
query text are lexical — which query form it has, whether it contains an update operation,
``SERVICE`` or ``FROM``, and where its outermost ``WHERE { … }`` group opens. A lexer that
knows SPARQL's strings, IRIs, comments, variables, prefixed names and language tags answers
them exactly: outside those tokens, a bare word of a SPARQL text is a keyword. It takes
microseconds, so every request of a busy endpoint can be checked; the query engine (Oxigraph)
remains the judge of the full grammar.

SPARQL 1.1 (§19.2) lets ``\\uXXXX`` escapes appear anywhere and be decoded before parsing.
Oxigraph decodes them only inside strings and IRIs, other engines may decode them everywhere,
so :func:`check_read_only` looks at the text both ways and refuses what either reading shows.

It also bounds the shape of a query before any parser sees it (:func:`check_size`): Oxigraph's
parser and optimiser recurse once per level of nesting and once per operator of a chain
(``… UNION …``, ``1 + 1 + …``, ``OPTIONAL {…} OPTIONAL {…} …``), so a query nested a thousand
levels deep or a chain of some thousands of operators overflows the stack of the process that
parses it. Counting brackets and operators among the tokens is linear and cheap.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

#: Keywords that only occur in SPARQL Update requests.
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD",
                             "MOVE", "COPY", "WITH", "USING"})
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

#: The deepest nesting of ``{ }``, ``( )`` and ``[ ]`` a query may have. Oxigraph 0.5 overflows
#: an 8 MiB stack at about 1 000 levels of ``FILTER EXISTS { … }``, and nested blank-node
#: brackets or collections take it seconds to parse from about 100 levels (64: 0.2 s).
MAX_NESTING = 64
#: The most operators a query may hold: triple-pattern separators, ``UNION``, ``OPTIONAL``,
#: ``MINUS`` and the operators of expressions and property paths. Each chain of them becomes a
#: tree as deep as it is long; Oxigraph 0.5 overflows an 8 MiB stack at about 3 000
#: ``OPTIONAL`` groups in a row, 6 000 terms of a sum or 6 000 ``UNION`` branches. Data in a
#: ``VALUES`` block is not counted (its rows are terms and brackets, no operators).
MAX_OPERATORS = 1000
_OPERATOR_PUNCT = frozenset({".", ";", ",", "||", "&&", "=", "!=", "<", ">", "<=", ">=", "+", "-", "*",
                             "/", "|", "^", "!"})
_OPERATOR_WORDS = frozenset({"UNION", "OPTIONAL", "MINUS"})
_OPEN, _CLOSE = frozenset("{(["), frozenset("})]")


class SparqlTextError(ValueError):
    """The text cannot be lexed as SPARQL (an unterminated string or IRI, a stray character)."""


class RefusedQuery(ValueError):
    """A query this read-only service will not run. ``kind`` is ``update``, ``service``,
    ``from``, ``syntax`` or ``size`` (nested too deeply, too many operators); ``str()`` is a
    message for the user."""

    def __init__(self, kind: str, message: str):
        self.kind = kind
        super().__init__(message)


class Token(NamedTuple):
    kind: str  # word, pname, var, iri, string, lang, punct, number, other
    text: str
    start: int
    end: int

    @property
    def keyword(self) -> str | None:
        return self.text.upper() if self.kind == "word" else None


# One master pattern, alternatives in priority order (long strings before short ones, IRIs
# before the '<' operator, numbers before '+', '-' and '.').
_LONG_STRINGS = '"""(?:[^"\\\\]|\\\\.|"(?!""))*"""' + "|" + "'''(?:[^'\\\\]|\\\\.|'(?!''))*'''"
_MASTER = re.compile(
    r"(?P<ws>\s+)"
    r"|(?P<comment>#[^\n\r]*)"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<lstring>" + _LONG_STRINGS + r")"
    r"|(?P<string>\"(?:[^\"\\\n\r]|\\.)*\"|'(?:[^'\\\n\r]|\\.)*')"
    r"|(?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)"
    r"|(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)"
    r"|(?P<number>[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))"
    r"|(?P<name>(?=[^\W\d]|:)(?:[^\W\d][\w\-.\u00B7]*)?(?::(?:[\w:%\-.\u00B7]|\\[_~.\-!$&'()*+,;=/?#@%])*)?)"
    r"|(?P<punct>\^\^|&&|\|\||!=|<=|>=|[{}()\[\];,.*=<>!+\-/|^])"
    r"|(?P<quote>[\"'])"
    r"|(?P<other>.)",
    re.S)


def tokens(text: str) -> list[Token]:
    """Split ``text`` into tokens (comments and whitespace dropped). Raises
    :class:`SparqlTextError` on an unterminated string."""
    out: list[Token] = []
    append = out.append
    for m in _MASTER.finditer(text):
        kind = m.lastgroup
        if kind == "ws" or kind == "comment":
            continue
        start, end = m.span()
        value = m.group()
        if kind == "name":
            # A trailing '.' ends a triple pattern; it is not part of the name.
            stripped = value.rstrip(".")
            append(Token("pname" if ":" in stripped else "word", stripped, start, start + len(stripped)))
            for i in range(start + len(stripped), end):
                append(Token("punct", ".", i, i + 1))
            continue
        if kind == "lstring":
            kind = "string"
        elif kind == "quote":
            raise SparqlTextError(f"unterminated string at offset {start}")
        append(Token(kind, value, start, end))
    return out

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def decode_codepoint_escapes(text: str) -> str:
    """Apply SPARQL's ``\\u``/``\\U`` escapes to the whole text (SPARQL 1.1 §19.2)."""
    def repl(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group()
    return _CODEPOINT.sub(repl, text)


def check_size(toks: list[Token], max_nesting: int = MAX_NESTING, max_operators: int = MAX_OPERATORS) -> None:
    """Raise :class:`RefusedQuery` (kind ``size``) when the tokens nest deeper than
    ``max_nesting`` brackets or hold more than ``max_operators`` operators (see the module
    documentation): such a query is refused before a parser recurses over it."""
    depth = deepest = operators = 0
    for tok in toks:
        kind, text = tok.kind, tok.text
        if kind == "punct":
            if text in _OPEN:
                depth += 1
                if depth > deepest:
                    deepest = depth
            elif text in _CLOSE:
                depth -= 1
            elif text in _OPERATOR_PUNCT:
                operators += 1
        elif kind == "word" and text.upper() in _OPERATOR_WORDS:
            operators += 1
    if deepest > max_nesting:
        raise RefusedQuery("size", f"the query is nested {deepest} levels deep (brackets {{ }}, ( ) and [ ]); "
                                   f"this endpoint parses at most {max_nesting} levels")
    if operators > max_operators:
        raise RefusedQuery("size", f"the query is too long to parse: it holds {operators} operators "
                                   "(triple patterns, UNION, OPTIONAL, MINUS, operators of expressions and "
                                   f"paths); this endpoint parses at most {max_operators}. Split it into "
                                   "smaller queries, or list values in a VALUES block")


def query_form(text: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (the first form keyword after the
    prologue), an update keyword such as ``INSERT`` when the text is an update, or ``None``."""
    for tok in tokens(text):
        kw = tok.keyword
        if kw in QUERY_FORMS or kw in UPDATE_KEYWORDS:
            return kw
    return None


@lru_cache(maxsize=1024)
def check_read_only(text: str) -> str:
    """Return the query form of ``text`` if a read-only endpoint may run it.

    Raises :class:`RefusedQuery` for SPARQL Update operations (``INSERT``, ``DELETE``,
    ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``…), federated
    ``SERVICE`` calls and ``FROM``/``FROM NAMED`` dataset clauses — whether the text is read
    as Oxigraph reads it or with every ``\\u`` escape decoded first — and
    :class:`SparqlTextError` when the text cannot be lexed, and ``RefusedQuery`` of kind
    ``size`` for a text nested too deeply or too long to parse (:func:`check_size`). Answers
    are cached by text
    (clients repeat their queries); refusals are not cached: they raise every time.
    """
    readings = [text]
    decoded = decode_codepoint_escapes(text)
    if decoded != text:
        readings.append(decoded)
    form = None
    for i, reading in enumerate(readings):
        try:
            toks = tokens(reading)
        except SparqlTextError:
            if i == 0:
                raise
            raise RefusedQuery("syntax", "the query's \\u escapes make it unreadable; "
                                         "write the characters themselves") from None
        keywords = {t.text.upper() for t in toks if t.kind == "word"}
        update = sorted(keywords & UPDATE_KEYWORDS)
        if update:
            raise RefusedQuery("update", f"SPARQL Update ({update[0]}) is not allowed: "
                                         "this endpoint is read-only")
        if "SERVICE" in keywords:
            raise RefusedQuery("service", "SERVICE (federated query) is not allowed: this "
                                          "endpoint makes no requests to other endpoints")
        if "FROM" in keywords:
            raise RefusedQuery("from", "FROM / FROM NAMED is not allowed: this endpoint "
                                       "answers from its own dataset only and loads no other graphs")
        if i == 0:
            check_size(toks)
            form = next((kw for kw in (t.text.upper() for t in toks if t.kind == "word") if kw in QUERY_FORMS), None)
    if form is None:
        raise RefusedQuery("syntax", "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return form


def where_group_offset(text: str) -> int:
    """Offset just after the ``{`` that opens the outermost ``WHERE`` group of a query.

    The query must spell ``WHERE`` (named queries do); raises :class:`SparqlTextError`
    otherwise. Used to inject a ``VALUES`` block of parameter values at the top of the
    group, so the values are in scope for every pattern, ``FILTER`` and ``OPTIONAL`` in it.
    """
    toks = tokens(text)
    for i, tok in enumerate(toks):
        if tok.keyword == "WHERE":
            if i + 1 < len(toks) and toks[i + 1].text == "{":
                return toks[i + 1].end
            break
    raise SparqlTextError("the query has no 'WHERE {' to bind parameters in")


def variables(text: str) -> set[str]:
    """The variable names (without ``?``/``$``) a query text mentions."""
    return {t.text[1:] for t in tokens(text) if t.kind == "var"}

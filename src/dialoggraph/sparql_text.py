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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Keywords that only occur in SPARQL Update requests.
UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD",
                             "MOVE", "COPY", "WITH", "USING"})
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


class SparqlTextError(ValueError):
    """The text cannot be lexed as SPARQL (an unterminated string or IRI, a stray character)."""


class RefusedQuery(ValueError):
    """A query this read-only service will not run. ``kind`` is ``update``, ``service`` or
    ``from``; ``str()`` is a message for the user."""

    def __init__(self, kind: str, message: str):
        self.kind = kind
        super().__init__(message)


@dataclass(frozen=True)
class Token:
    kind: str  # word, pname, var, iri, string, lang, punct, number, other
    text: str
    start: int
    end: int

    @property
    def keyword(self) -> str | None:
        return self.text.upper() if self.kind == "word" else None


_WS = re.compile(r"\s+")
_COMMENT = re.compile(r"#[^\n\r]*")
_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_LONG_STRING = {
    '"""': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""', re.S),
    "'''": re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*'''", re.S),
}
_STRING = {
    '"': re.compile(r'"(?:[^"\\\n\r]|\\.)*"'),
    "'": re.compile(r"'(?:[^'\\\n\r]|\\.)*'"),
}
_VAR = re.compile(r"[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+")
_LANG = re.compile(r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*")
# A word, optionally followed by ':' and a local name: PN_PREFIX? ':' PN_LOCAL, or a keyword.
_NAME = re.compile(
    r"(?:[^\W\d][\w\-.\u00B7]*)?"                 # prefix or keyword
    r"(?::(?:[\w:%\-.\u00B7]|\\[_~.\-!$&'()*+,;=/?#@%])*)?")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)")
_PUNCT = re.compile(r"\^\^|&&|\|\||!=|<=|>=|[{}()\[\];,.*=<>!+\-/|^]")


def tokens(text: str) -> list[Token]:
    """Split ``text`` into tokens (comments and whitespace dropped). Raises
    :class:`SparqlTextError` on an unterminated string or IRI-like construct it cannot read."""
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        m = _WS.match(text, i)
        if m:
            i = m.end()
            continue
        if c == "#":
            i = _COMMENT.match(text, i).end()
            continue
        if c == "<":
            m = _IRI.match(text, i)
            if m:
                out.append(Token("iri", m.group(), i, m.end()))
                i = m.end()
                continue
        if c in "\"'":
            triple = text[i:i + 3]
            pattern = _LONG_STRING.get(triple) or _STRING[c]
            m = pattern.match(text, i)
            if not m:
                raise SparqlTextError(f"unterminated string at offset {i}")
            out.append(Token("string", m.group(), i, m.end()))
            i = m.end()
            continue
        if c in "?$":
            m = _VAR.match(text, i)
            if m:
                out.append(Token("var", m.group(), i, m.end()))
                i = m.end()
                continue
        if c == "@":
            m = _LANG.match(text, i)
            if m:
                out.append(Token("lang", m.group(), i, m.end()))
                i = m.end()
                continue
        if c.isdigit() or (c in "+-." and i + 1 < n and text[i + 1].isdigit()):
            m = _NUMBER.match(text, i)
            if m and m.end() > i:
                out.append(Token("number", m.group(), i, m.end()))
                i = m.end()
                continue
        if c == ":" or c == "_" or c.isalpha():
            m = _NAME.match(text, i)
            if m and m.end() > i:
                word = m.group()
                # A trailing '.' ends a triple pattern; it is not part of the name.
                stripped = word.rstrip(".")
                end = i + len(stripped)
                kind = "pname" if ":" in stripped else "word"
                out.append(Token(kind, stripped, i, end))
                i = end
                continue
        m = _PUNCT.match(text, i)
        if m:
            out.append(Token("punct", m.group(), i, m.end()))
            i = m.end()
            continue
        out.append(Token("other", c, i, i + 1))
        i += 1
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


def query_form(text: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (the first form keyword after the
    prologue), an update keyword such as ``INSERT`` when the text is an update, or ``None``."""
    for tok in tokens(text):
        kw = tok.keyword
        if kw in QUERY_FORMS or kw in UPDATE_KEYWORDS:
            return kw
    return None


def check_read_only(text: str) -> str:
    """Return the query form of ``text`` if a read-only endpoint may run it.

    Raises :class:`RefusedQuery` for SPARQL Update operations (``INSERT``, ``DELETE``,
    ``LOAD``, ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``…), federated
    ``SERVICE`` calls and ``FROM``/``FROM NAMED`` dataset clauses — whether the text is read
    as Oxigraph reads it or with every ``\\u`` escape decoded first — and
    :class:`SparqlTextError` when the text cannot be lexed.
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
        keywords = {t.keyword for t in toks if t.kind == "word"}
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
            form = next((t.keyword for t in toks if t.keyword in QUERY_FORMS), None)
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

"""The read-only SPARQL 1.1 Protocol endpoint at ``/sparql``.

Before anything runs, :mod:`dialoggraph.query.lexer` refuses updates, ``LOAD``, ``SERVICE`` and
``FROM``: no query makes the server send a request. Results are capped at ``max_rows`` and a cut
result says so (``X-SPARQL-MaxRows``, and ``"truncated": true`` in SPARQL JSON).
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from dialoggraph.query.lexer import RefusedQuery, SparqlTextError, check_read_only

from .negotiation import SPARQL_GRAPH_TYPES, SPARQL_SELECT_TYPES, asks_for_html, result_media, sparql_format
from .pages import query_page, results_page
from .pool import PoolBusy, QueryFailed, QueryTimeout
from .responses import error
from .state import ServerState


async def _read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or ``None`` when it is larger than ``limit`` bytes."""
    length = request.headers.get("content-length")
    if length is not None:
        try:
            if int(length) > limit:
                return None
        except ValueError:
            return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ValueError(f"give exactly one '{name}' parameter")
    return values[0] if values else None


async def sparql(request: Request, state: ServerState) -> Response:
    config = state.config
    if state.pool is not None and state.pool.in_flight >= state.pool.max_concurrent:
        # Full: say so before reading, parsing or queueing anything.
        return error(503, "Zu viele gleichzeitige Anfragen / too many concurrent queries; retry shortly",
                      {"Retry-After": "1"})
    if len(request.scope.get("query_string", b"")) > config.max_url:
        return error(414, f"Anfrage-URL zu lang / request URL too long (limit {config.max_url} bytes; use POST)")
    params = parse_qs(request.url.query, keep_blank_values=True)
    query = None
    if request.method == "POST":
        body = await _read_body(request, config.max_body)
        if body is None:
            return error(413, f"Anfrage zu groß / request body too large (limit {config.max_body} bytes)")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                return error(400, "the form body is not UTF-8")
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            try:
                query = body.decode("utf-8")
            except UnicodeDecodeError:
                return error(400, "the query is not UTF-8")
        elif ctype == "application/sparql-update":
            return error(403, "SPARQL Update ist nicht erlaubt / SPARQL Update is not allowed: this endpoint is read-only")
        else:
            return error(415, "POST a query as application/sparql-query or as the 'query' field of "
                               "application/x-www-form-urlencoded")
    if "update" in params:
        return error(403, "SPARQL Update ist nicht erlaubt / SPARQL Update is not allowed: this endpoint is read-only")
    if params.get("default-graph-uri") or params.get("named-graph-uri"):
        return error(400, "default-graph-uri / named-graph-uri are not supported: this endpoint "
                           "answers from its own dataset only and loads no other graphs")
    try:
        if query is None:
            query = _one(params.get("query", []), "query")
    except ValueError as exc:
        return error(400, str(exc))
    if query is None:
        example = (params.get("example") or [None])[0]
        if asks_for_html(request.headers.get("accept")) or example is not None:
            return HTMLResponse(query_page(state, example))
        return error(400, "missing 'query' parameter (SPARQL 1.1 Protocol)")
    try:
        form = check_read_only(query)
    except RefusedQuery as exc:
        status = 403 if exc.kind == "update" else 400
        return error(status, str(exc))
    except SparqlTextError as exc:
        return error(400, f"SPARQL syntax error: {exc}")
    format_params = params.get("format", []) + params.get("output", [])
    fmt = sparql_format(form, request.headers.get("accept"), format_params)
    if fmt is None:
        offers = ", ".join(sorted(set(SPARQL_GRAPH_TYPES if form in ("CONSTRUCT", "DESCRIBE") else SPARQL_SELECT_TYPES)))
        return error(406, f"none of the accepted types can be produced for {form}; available: {offers}")
    worker_fmt = "json" if fmt == "html" and form in ("SELECT", "ASK") else ("turtle" if fmt == "html" else fmt)
    request_msg = {"query": query, "format": worker_fmt, "max_rows": config.max_rows}
    try:
        answer = await state.pool.run(request_msg, config.query_timeout)
    except PoolBusy:
        return error(503, "Zu viele gleichzeitige Anfragen / too many concurrent queries; retry shortly",
                      {"Retry-After": "1"})
    except QueryTimeout:
        return error(504, f"Zeitüberschreitung / query timed out after {config.query_timeout:g} s "
                           "(the limit of this endpoint); narrow the query or add a LIMIT")
    except QueryFailed as exc:
        return error(500, str(exc))
    if not answer.get("ok"):
        return error(answer.get("status", 400), answer.get("error", "the query failed"))
    headers = {"Vary": "Accept"}
    if answer["truncated"]:
        headers["X-SPARQL-MaxRows"] = str(config.max_rows)
    if fmt == "html":
        page = results_page(state, query, answer)
        return HTMLResponse(page, headers=headers)
    body = answer["body"] if request.method != "HEAD" else b""
    return Response(body, media_type=result_media(fmt), headers=headers)

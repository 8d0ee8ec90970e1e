"""The bundled queries on a remote SPARQL 1.1 endpoint (the protocol, over HTTP).

Parameters are bound as RDF terms in ``VALUES`` blocks, never spliced into the query as
text: each value becomes one term (an IRI or a literal, serialised by pyoxigraph, quotes and
backslashes escaped), in a ``VALUES (?a ?b) { (… …) }`` row that opens every group pattern
that mentions the variable, and the top-level ``WHERE``. One block at the top alone would
not do: SPARQL evaluates groups from the inside out, so a ``FILTER`` in a nested group (the
``UNION`` branch of ``concurrent-posts`` that runs only without ``?asOf``) would see the
variable unbound. A block in every such group binds it wherever it is read, as the local
substitution (SEP-0007) does, and the result is checked to parse before it is sent.

Results come back as SPARQL JSON and are read into the same :class:`QueryResult` as a local
run, so every output format is the same.

>>> print(bind_values('SELECT ?x { ?s ?p ?x { ?x ?q "}" } }', {"x": Literal('a"b')}))
SELECT ?x { VALUES (?x) { ("a\\"b") }  ?s ?p ?x { VALUES (?x) { ("a\\"b") }  ?x ?q "}" } }
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from pyoxigraph import (
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    parse_query_results,
)

from orggraph.query import QueryError, QueryResult, Term, check_syntax, load_query, term_from_text

# Strings (long and short), IRIs and comments: braces and variables inside them are text.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
    re.DOTALL)
_DATA_BLOCK_BEFORE = re.compile(r"VALUES\s*(?:[?$]\w+|\([^()]*\))\s*\Z", re.IGNORECASE)
_TEMPLATE_BEFORE = re.compile(r"(?:CONSTRUCT|DATA)\s*\Z", re.IGNORECASE)
_SELECT_AFTER = re.compile(r"\s*SELECT\b", re.IGNORECASE)
_MESSAGE_LIMIT = 300


def _blanked(query: str) -> str:
    """``query`` with strings, IRIs and comments replaced by spaces (offsets kept)."""
    return _OPAQUE.sub(lambda m: " " * len(m.group()), query)


def _closing(blanked: str, start: int) -> int:
    depth = 0
    for i in range(start, len(blanked)):
        if blanked[i] == "{":
            depth += 1
        elif blanked[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(blanked)


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"[?$]{re.escape(name)}(?!\w)", text) is not None


def bind_values(query: str, params: Mapping[str, Term]) -> str:
    """``query`` with a ``VALUES`` row of ``params`` opening each group that mentions them
    (the first group, the top-level ``WHERE``, gets them all)."""
    if not params:
        return query
    for name, term in params.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
        if not isinstance(term, NamedNode | Literal):
            raise QueryError(f"parameter ?{name}: only an IRI or a literal can be sent")
    blanked = _blanked(query)
    inserts: list[tuple[int, str]] = []
    first = True
    for match in re.finditer(r"\{", blanked):
        at = match.start()
        if _DATA_BLOCK_BEFORE.search(blanked, 0, at) or _TEMPLATE_BEFORE.search(blanked, 0, at) \
                or _SELECT_AFTER.match(blanked, at + 1):
            continue  # a VALUES data block, a template, or the braces around a sub-SELECT
        span = blanked[at:_closing(blanked, at) + 1]
        names = sorted(n for n in params if first or _mentions(span, n))
        first = False
        if names:
            row = " ".join(str(params[n]) for n in names)
            heads = " ".join(f"?{n}" for n in names)
            inserts.append((at + 1, f" VALUES ({heads}) {{ ({row}) }} "))
    out = query
    for at, text in reversed(inserts):
        out = out[:at] + text + out[at:]
    return out


def _terms(path: Path, declared: Mapping[str, str | None],
           params: Mapping[str, str | Term] | None) -> dict[str, Term]:
    given = {k.lstrip("?$"): v for k, v in (params or {}).items()}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(f"?{n}" for n in declared) or "none"
        raise QueryError(f"{path}: unknown parameter(s) {', '.join(unknown)}; "
                         f"this query takes: {names}")
    values: dict[str, str | Term] = {n: d for n, d in declared.items() if d is not None}
    values.update({k: v for k, v in given.items() if v is not None})
    return {n: term_from_text(v) if isinstance(v, str) else v for n, v in values.items()}


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MESSAGE_LIMIT else text[:_MESSAGE_LIMIT] + "…"


def run_remote_query(endpoint: str, query: str, *, source: str = "query",
                     union_default_graph: bool = True, timeout: float = 300.0) -> QueryResult:
    """POST ``query`` to ``endpoint`` (SPARQL 1.1 protocol) and read the JSON results.

    ``union_default_graph`` adds Oxigraph's ``union-default-graph`` request parameter (other
    servers ignore it; Fuseki's union default graph is a dataset setting), so the queries see
    the union of the named graphs as they do locally.
    """
    form = {"query": query}
    if union_default_graph:
        form["union-default-graph"] = ""
    request = urllib.request.Request(
        endpoint, data=urllib.parse.urlencode(form).encode(),
        headers={"Accept": "application/sparql-results+json",
                 "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as reply:
            body = reply.read()
    except urllib.error.HTTPError as exc:
        said = exc.read(64 * 1024).decode("utf-8", "replace")
        raise QueryError(f"{source}: {endpoint} answered {exc.code} {exc.reason}: "
                         f"{_short(said) or '(no message)'}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise QueryError(f"{source}: cannot reach {endpoint}: {_short(str(reason))}") from None
    try:
        result = parse_query_results(body, format=QueryResultsFormat.JSON)
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"{source}: {endpoint} did not answer SPARQL JSON results: "
                         f"{_short(str(exc))}") from None
    if isinstance(result, QueryBoolean):
        return QueryResult(variables=[], rows=[], boolean=bool(result))
    if not isinstance(result, QuerySolutions):
        raise QueryError(f"{source}: only SELECT and ASK results are supported")
    variables = [v.value for v in result.variables]
    rows: list[dict[str, Term | None]] = [
        dict(zip(variables, solution, strict=True)) for solution in result]
    return QueryResult(variables, rows)


def run_named_remote(endpoint: str, name_or_path: str | Path,
                     params: Mapping[str, str | Term] | None = None, *,
                     allow_service: bool = False,
                     union_default_graph: bool = True) -> QueryResult:
    """A bundled query (or a query file) on a remote endpoint, with its header's parameters
    checked, defaults applied and values bound by :func:`bind_values`."""
    text, info = load_query(name_or_path, allow_service=allow_service)
    terms = _terms(info.path, {p.name: p.default for p in info.parameters}, params)
    bound = bind_values(text, terms)
    check_syntax(bound, str(info.path), allow_service=allow_service)
    return run_remote_query(endpoint, bound, source=str(info.path),
                            union_default_graph=union_default_graph)

"""The research queries: find them, read their header, bind parameters, run and format them.

Queries live in ``queries/*.rq``. Each opens with a header comment that :func:`load_query`
reads into a :class:`QueryInfo`::

    # title: Posts in an organisation and its sub-organisations
    # question: Which posts are held in an organisation or below it, and by whom?
    #   (a line indented under a key continues it)
    # param: ?org (IRI, default: none) the top organisation
    # columns: org, orgLabel, post, postLabel, holder

Queries run over the union of the store's named graphs. Parameters are bound as RDF terms
through Oxigraph's ``substitutions`` (SEP-0007), never spliced into the query text, so a
value can never change the query's structure. Oxigraph only substitutes variables that the
``SELECT`` projects, so every parameter is also a column of its query (it echoes the value).

>>> from pyoxigraph import Literal, NamedNode, Quad, Store
>>> store = Store()
>>> store.add(Quad(NamedNode("http://ex/a"), NamedNode("http://ex/p"), Literal("Khê Lâm")))
>>> q = "SELECT ?s ?o WHERE { ?s <http://ex/p> ?o }"
>>> print(format_result(run_query(store, q, {"s": "http://ex/a"})))
s              o
-------------  -------
<http://ex/a>  Khê Lâm
(1 row)
"""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QuerySolutions,
    Store,
    Triple,
    Variable,
)

from orggraph.rdf.namespaces import PREFIXES, compact
from orggraph.text import normalize

Term = NamedNode | BlankNode | Literal | Triple
T = TypeVar("T")

FORMATS = ("table", "csv", "json", "markdown")

# Prefixed names a parameter value may use ("ogd:org/huyen-uy-…"): the project's own.
_PARAM_PREFIXES = ("ogd", "ogv", "og")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_IRI_TEXT = re.compile(r"https?://[^\s<>\"{}|^`\\]+\Z")
_SYNTAX_AT = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


class QueryError(ValueError):
    """A query that cannot be found, parsed or run; the message says where and why."""


@dataclass(frozen=True)
class QueryParam:
    """One parameter declared in a query header: ``# param: ?org (IRI, default: none) …``."""

    name: str  # without the "?"
    type: str = "text"  # IRI, text, …: documentation for people, not enforced
    default: str | None = None  # None: left unbound
    description: str = ""


@dataclass(frozen=True)
class QueryInfo:
    """What a query's header comment says about it."""

    name: str  # file stem
    path: Path
    title: str = ""
    description: str = ""  # the research question
    parameters: tuple[QueryParam, ...] = ()
    columns: tuple[str, ...] = ()


@dataclass
class QueryResult:
    """The variables and rows of a ``SELECT`` (``boolean`` is set instead for ``ASK``)."""

    variables: list[str]
    rows: list[dict[str, Term | None]] = field(default_factory=list)
    boolean: bool | None = None


# --- finding and reading queries --------------------------------------------------------------

def queries_dir() -> Path:
    """The ``queries/`` folder (``orggraph.resources.queries_dir``; ORGGRAPH_HOME overrides)."""
    from orggraph import resources  # local import: resources checks the folders on each call

    try:
        return resources.queries_dir()
    except FileNotFoundError as exc:
        raise QueryError(str(exc)) from exc


def list_queries() -> list[QueryInfo]:
    """Every query in ``queries/``, sorted by name.

    >>> "reporting-line" in [q.name for q in list_queries()]
    True
    """
    folder = queries_dir()
    return [parse_header(p.read_text(encoding="utf-8"), p)
            for p in sorted(folder.glob("*.rq"))]


def describe_queries(infos: list[QueryInfo]) -> str:
    """``orggraph query --list``: each query's name and title, then its parameters, one a line
    (name, type, default, what it is for).

    >>> info = QueryInfo("q", Path("q.rq"), "Title", parameters=(
    ...     QueryParam("org", "IRI", None, "the body"), QueryParam("n", "integer", "5", "")))
    >>> print(describe_queries([info]))
    q  Title
        ?org  IRI      default: none  the body
        ?n    integer  default: 5
    """
    lines: list[str] = []
    width = max((len(i.name) for i in infos), default=0)
    for info in infos:
        lines.append(f"{info.name:{width}}  {info.title}".rstrip())
        names = max((len(p.name) + 1 for p in info.parameters), default=0)
        kinds = max((len(p.type) for p in info.parameters), default=0)
        defaults = max((len(p.default or "none") for p in info.parameters), default=0)
        for param in info.parameters:
            lines.append(f"    {'?' + param.name:{names}}  {param.type:{kinds}}  "
                         f"default: {param.default or 'none':{defaults}}  "
                         f"{param.description}".rstrip())
    return "\n".join(lines)


def is_file(path: str | Path) -> bool:
    """Whether ``path`` is a file; false, not an error, for text no file can be named by (a
    query written out is too long a name, or holds a NUL)."""
    try:
        return Path(path).expanduser().is_file()
    except (OSError, ValueError):
        return False


def resolve_query(name_or_path: str | Path) -> Path:
    """The file of a query given as a path, or as a name in ``queries/`` (``.rq`` optional).

    >>> resolve_query("reporting-line").name
    'reporting-line.rq'
    """
    text = str(name_or_path)
    path = Path(text).expanduser()
    if is_file(path):
        return path
    if looks_like_sparql(text):
        raise QueryError(f"{_short(text, 60)!r} looks like SPARQL text, not a query name or "
                         "file; pass it inline with -e (orggraph query GRAPH -e 'SELECT …'), "
                         "or graph.query(text) from Python")
    if "/" not in text and "\\" not in text:  # a bare name: look it up in queries/
        folder = queries_dir()
        candidate = folder / (text if text.endswith(".rq") else f"{text}.rq")
        if candidate.is_file():
            return candidate
        names = ", ".join(p.stem for p in sorted(folder.glob("*.rq"))) or "(none)"
        raise QueryError(f"no query named {text!r} in {folder}; available: {names}")
    raise QueryError(f"no query file {text}")


def load_query(name_or_path: str | Path, *,
               allow_service: bool = False) -> tuple[str, QueryInfo]:
    """The text of a query and its header; :class:`QueryError` if it does not parse (or
    calls a ``SERVICE`` while ``allow_service`` is false). The query is not run.

    >>> text, info = load_query("reporting-line")
    >>> [p.name for p in info.parameters]
    ['org']
    """
    path = resolve_query(name_or_path)
    written = path.read_text(encoding="utf-8")
    text, added = with_prefixes(written)
    check_syntax(text, str(path), allow_service=allow_service, line_offset=added)
    return text, parse_header(written, path)


def parse_header(text: str, path: Path) -> QueryInfo:
    """Read the ``# key: value`` lines before the first line that is not a comment."""
    entries: list[tuple[str, str]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        body = stripped[1:]
        match = re.match(r"\s?([A-Za-z]+):\s*(.*)", body)
        if match and not body.startswith("  "):
            entries.append((match.group(1).lower(), match.group(2).strip()))
        elif entries and body.strip():  # an indented line continues the previous key
            key, value = entries[-1]
            entries[-1] = (key, f"{value} {body.strip()}".strip())
    title = description = ""
    params: list[QueryParam] = []
    columns: tuple[str, ...] = ()
    for key, value in entries:
        if key == "title":
            title = value
        elif key in ("question", "description"):
            description = value
        elif key == "param":
            params.append(_parse_param(value, path))
        elif key == "columns":
            columns = tuple(c.strip().lstrip("?") for c in value.split(",") if c.strip())
    return QueryInfo(path.stem, path, title, description, tuple(params), columns)


def _parse_param(value: str, path: Path) -> QueryParam:
    match = re.match(r"\?(\w+)\s*(?:\(([^)]*)\))?\s*[—:-]?\s*(.*)", value)
    if not match:
        raise QueryError(f"{path}: cannot read parameter line {value!r}; "
                         "expected '?name (type, default: value) description'")
    name, spec, description = match.groups()
    kind, default = "text", None
    for part in (spec or "").split(","):
        part = part.strip()
        if part.lower().startswith("default:"):
            text = part.split(":", 1)[1].strip()
            default = None if text.lower() in ("", "none") else text
        elif part:
            kind = part
    return QueryParam(name, kind, default, description.strip())


# --- parameters ---------------------------------------------------------------------------------

def term_from_text(value: str) -> NamedNode | Literal:
    """The RDF term for a parameter given as text on the command line.

    ``http(s)://…`` (no spaces), ``<…>`` and the project's prefixed names (``ogd:``, ``ogv:``,
    ``og:``) become IRIs; anything else is a plain literal, normalised like the graph's text
    (NFC, one tone convention) so that "Khê Lâm" finds "Khê Lâm" however it was typed.

    >>> term_from_text("ogd:org/huyen-uy-x").value
    'https://w3id.org/orggraph/id/org/huyen-uy-x'
    >>> term_from_text("<http://x> } UNION {")
    <Literal value=<http://x> } UNION { datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
    """
    text = value.strip()
    iri: str | None = None
    if text.startswith("<") and text.endswith(">") and _IRI_TEXT.match(text[1:-1]):
        iri = text[1:-1]
    elif _IRI_TEXT.match(text):
        iri = text
    else:
        prefix, sep, local = text.partition(":")
        if sep and prefix in _PARAM_PREFIXES and local and not re.search(r"[\s<>\"{}|^`\\]", local):
            iri = PREFIXES[prefix] + local
    if iri is not None:
        try:
            return NamedNode(iri)
        except ValueError:
            pass  # not a valid IRI after all: keep it as text
    return Literal(normalize(value))


def _substitutions(params: Mapping[str, str | Term] | None) -> dict[Variable, Term]:
    subs: dict[Variable, Term] = {}
    for raw_name, value in sorted((params or {}).items()):
        name = raw_name.lstrip("?$")
        if not _VAR_NAME.match(name):
            raise QueryError(f"parameter name {raw_name!r} is not a SPARQL variable name")
        if value is None:
            continue  # an absent optional parameter: leave the variable unbound
        subs[Variable(name)] = term_from_text(value) if isinstance(value, str) else value
    return subs


# --- running ------------------------------------------------------------------------------------

def check_syntax(query: str, source: str = "query", *, allow_service: bool = False,
                 line_offset: int = 0) -> None:
    """Raise :class:`QueryError` (file, line, column, reason) if ``query`` does not parse, is
    an update, or calls a ``SERVICE`` while ``allow_service`` is false. The query is parsed,
    never run. ``line_offset`` lines were added before the text as written (prefixes), and
    are taken off the line numbers of messages.
    """
    _parse_only(query, source, line_offset)
    if not allow_service:
        refuse_service(query, source)


def _parse_only(query: str, source: str, line_offset: int = 0) -> None:
    """Parse ``query`` with Oxigraph's own parser without evaluating it.

    pyoxigraph has no parse-only call, and evaluating even on an empty store sends every
    ``SERVICE`` request (the issue saw two HTTP requests from a "syntax check"). Oxigraph
    checks ``substitutions`` after parsing and before evaluating, so binding a variable the
    query does not project makes it stop right there (a test with a local server holds this).
    """
    refuse_update(query, source)
    probe = "orggraph_parse_only"
    while probe in query:  # a name the query cannot project, or it would be evaluated
        probe += "_"
    try:
        Store().query(query, substitutions={Variable(probe): Literal("")})
    except SyntaxError as exc:
        raise _syntax_error(exc, source, line_offset) from exc
    except RuntimeError as exc:
        if "does not contains variable" not in str(exc) and "not contain" not in str(exc):
            raise QueryError(f"{source}: {_short(str(exc))}") from exc
        return
    raise QueryError(f"{source}: the query could not be checked without running it")


def service_calls(query: str) -> list[str]:
    """The endpoints of the ``SERVICE`` patterns in ``query`` (``<iri>``, ``?var`` or a
    prefixed name), read from its parse tree, so ``SERVICE`` in a comment, a string or an IRI
    is not one.

    rdflib's SPARQL parser gives the tree; for syntax it does not know (Oxigraph also reads
    SPARQL 1.2 triple terms) the query is read token by token instead, comments, strings and
    IRIs left out.

    >>> service_calls("SELECT * { SERVICE SILENT <http://x/sparql> { ?s ?p ?o } }")
    ['<http://x/sparql>']
    >>> service_calls('SELECT * { ?s ?p "SERVICE" } # SERVICE <http://x/>')
    []
    """
    if not _MAY_CALL_SERVICE.search(query):
        # No SERVICE can be in a text without the word or a \u escape (which the parsers
        # expand before reading keywords). rdflib's parser is slow (pyparsing: up to a second
        # for a long query, and run_named_query checks twice), so most queries skip it.
        return []
    found = _parsed_services(query)
    return found if found is not None else _service_tokens(query)


def refuse_service(query: str, source: str = "query") -> None:
    """Raise :class:`QueryError` if ``query`` would send requests over the network."""
    calls = service_calls(query)
    if calls:
        raise QueryError(f"{source}: the query calls SERVICE {_short(calls[0], 120)}, which "
                         "would send it over the network; refused (federation is off: pass "
                         "--allow-service, or allow_service=True, to allow it)")


def _parsed_services(query: str) -> list[str] | None:
    """SERVICE endpoints from rdflib's parse tree; None when rdflib cannot parse ``query``."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(query)
    except Exception:  # any failure (syntax rdflib does not know): read tokens instead
        return None
    found: list[str] = []
    stack: list[object] = [tree]
    while stack:  # a stack, not recursion: a deeply nested query must not overflow
        node = stack.pop()
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                found.append(_endpoint_text(dict.get(node, "term")))
            stack.extend(dict.values(node))
        elif isinstance(node, ParseResults | list | tuple):
            stack.extend(node)
    return found


def _endpoint_text(term: object) -> str:
    """A SERVICE endpoint as written: ``<iri>``, ``?var`` or ``prefix:local``."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef
    from rdflib.term import Variable as RdflibVariable

    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, RdflibVariable):
        return f"?{term}"
    if isinstance(term, CompValue) and term.name == "pname":
        return f"{dict.get(term, 'prefix') or ''}:{dict.get(term, 'localname') or ''}"
    return str(term)


# Strings (long and short), IRIs and comments: where the word SERVICE is no keyword.
_SPARQL_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
    re.DOTALL)
_MAY_CALL_SERVICE = re.compile(r"service|\\u", re.IGNORECASE)
_SERVICE_WORD = re.compile(r"(?<![\w:?$-])SERVICE(?![\w:-])", re.IGNORECASE)
_ENDPOINT = re.compile(r"(?:\s+SILENT(?![\w:-]))?\s*(<[^<>\s]*>|[?$]\w+|[\w.-]*:[\w.-]*)",
                       re.IGNORECASE)


def _service_tokens(query: str) -> list[str]:
    """SERVICE endpoints found by reading tokens: the keyword outside strings, IRIs and
    comments (which are blanked first, keeping every offset)."""
    blanked = _SPARQL_OPAQUE.sub(lambda m: " " * len(m.group()), query)
    found = []
    for match in _SERVICE_WORD.finditer(blanked):
        endpoint = _ENDPOINT.match(query, match.end())
        found.append(endpoint.group(1) if endpoint else "(an endpoint not read)")
    return found


def _short(text: str, limit: int = 300) -> str:
    """``text`` on one line, cut to ``limit`` characters: a message never echoes megabytes."""
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text) - limit:,} more)"


# --- inline queries, prefixes, updates ------------------------------------------------------

_FORM_WORD = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY",
                 "WITH")
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*)+", re.IGNORECASE)
_DECLARED = re.compile(r"\bPREFIX\s+([\w.-]*):", re.IGNORECASE)


def _blanked(query: str) -> str:
    """``query`` with strings, IRIs and comments blanked (offsets kept): what is left is
    keywords, variables and prefixed names."""
    return _SPARQL_OPAQUE.sub(lambda m: " " * len(m.group()), query)


def looks_like_sparql(text: str) -> bool:
    """Whether ``text`` is a query written out rather than a query's name or file: a query
    form keyword (SELECT, ASK, …) or an update keyword, and a space or a brace.

    >>> looks_like_sparql("SELECT * { ?s ?p ?o }"), looks_like_sparql("reporting-line")
    (True, False)
    >>> looks_like_sparql("my queries/select one.rq")
    False
    """
    if text.rstrip().endswith(".rq") or not re.search(r"[\s{]", text):
        return False
    return bool(_FORM_WORD.search(text) or _first_keyword(text) in _UPDATE_WORDS)


def _first_keyword(query: str) -> str:
    """The first word after the prologue (PREFIX and BASE declarations), upper-cased."""
    blanked = _blanked(query)
    start = _PROLOGUE.match(blanked)
    word = re.match(r"\s*([A-Za-z]+)", blanked[start.end() if start else 0:])
    return word.group(1).upper() if word else ""


def refuse_update(query: str, source: str = "query") -> None:
    """Raise :class:`QueryError` if ``query`` is a SPARQL Update (INSERT, DELETE, LOAD, CLEAR,
    DROP, CREATE …): queries only read the graph. Read from the text, nothing is run.

    >>> refuse_update("PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }", "q")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    orggraph.query.QueryError: q: DELETE is a SPARQL Update, which would change the graph; ...
    """
    word = _first_keyword(query)
    if word in _UPDATE_WORDS:
        raise QueryError(f"{source}: {word} is a SPARQL Update, which would change the graph; "
                         "refused (orggraph queries only read: SELECT or ASK)")


def with_prefixes(query: str) -> tuple[str, int]:
    """``query`` with a ``PREFIX`` line for each of the project's prefixes
    (``rdf.namespaces.PREFIXES``) it uses without declaring, and how many lines were added
    (0 or 1), so that error messages can keep the line numbers of the text as written.

    >>> text, added = with_prefixes("SELECT ?p { ?p a foaf:Person }")
    >>> text.splitlines()[0], added
    ('PREFIX foaf: <http://xmlns.com/foaf/0.1/>', 1)
    >>> with_prefixes("PREFIX foaf: <urn:own#> SELECT ?p { ?p a foaf:Person }")[1]
    0
    """
    blanked = _blanked(query)
    declared = {m.group(1) for m in _DECLARED.finditer(blanked)}
    used = [name for name in PREFIXES
            if name not in declared
            and re.search(rf"(?<![\w?$:/.-]){re.escape(name)}:", blanked)]
    if not used:
        return query, 0
    return " ".join(f"PREFIX {n}: <{PREFIXES[n]}>" for n in used) + "\n" + query, 1


def run_inline_query(store: Store, query: str,
                     params: Mapping[str, str | Term] | None = None, *,
                     source: str = "inline query", allow_service: bool = False) -> QueryResult:
    """Run a query written out (``orggraph query -e``, ``graph.query(text)``): the project's
    prefixes are added where it does not declare them, updates and SERVICE are refused."""
    text, added = with_prefixes(query)
    check_syntax(text, source, allow_service=allow_service, line_offset=added)
    return run_query(store, text, params, source=source, allow_service=allow_service)


def run_query(store: Store, query: str, params: Mapping[str, str | Term] | None = None,
              *, source: str = "query", allow_service: bool = False) -> QueryResult:
    """Run a ``SELECT`` or ``ASK`` query over the union of the named graphs.

    ``params`` maps variable names (with or without ``?``) to terms or to text, which
    :func:`term_from_text` turns into terms. ``source`` names the query in error messages.
    A query calling a ``SERVICE`` is refused unless ``allow_service`` is true.
    """
    subs = _substitutions(params)
    if not allow_service:
        _parse_only(query, source)  # a syntax error is reported as one, before SERVICE
        refuse_service(query, source)
    try:
        result = _interruptible(lambda: _solve(store, query, subs))
    except _RunFailed as exc:  # evaluation is lazy: a SERVICE may fail while rows are read
        raise QueryError(f"{source}: the query failed while running: "
                         f"{_short(str(exc.__cause__))}") from exc
    except SyntaxError as exc:
        raise _syntax_error(exc, source) from exc
    except OSError as exc:  # a SERVICE that failed or answered garbage (only when allowed)
        raise QueryError(f"{source}: a SERVICE call failed: {_short(str(exc))}") from exc
    except RuntimeError as exc:  # Oxigraph refuses parameters that are not SELECT columns
        message = str(exc)
        missing = re.search(r"variable \?(\w+) in its SELECT projection", message)
        if missing:
            raise QueryError(f"{source}: parameter ?{missing.group(1)} is not a column of the "
                             "query, so it cannot be bound") from exc
        raise QueryError(f"{source}: {message}") from exc
    if result is None:
        raise QueryError(f"{source}: only SELECT and ASK queries are supported")
    return result


def _without_tracebacks(exc: BaseException) -> BaseException:
    """``exc`` and the exceptions it was raised from, their tracebacks dropped here: their
    frames hold Oxigraph's results, which may only be freed in the thread that made them."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        link.__traceback__ = None
        link = link.__cause__ or link.__context__
    return exc


class _RunFailed(Exception):
    """A query that failed while its rows were read (its cause says why)."""


def _solve(store: Store, query: str, subs: dict[Variable, Term]) -> QueryResult | None:
    """The result of ``query``, every row read; None for a query that is no SELECT or ASK."""
    result = store.query(query, use_default_graph_as_union=True, substitutions=subs or None)
    if isinstance(result, QueryBoolean):
        return QueryResult(variables=[], rows=[], boolean=bool(result))
    if not isinstance(result, QuerySolutions):
        return None
    variables = [v.value for v in result.variables]
    try:
        return QueryResult(variables, [dict(zip(variables, solution, strict=True))
                                       for solution in result])
    except (OSError, RuntimeError) as exc:
        raise _RunFailed from exc


def _interruptible(work: Callable[[], T]) -> T:
    """``work()`` run in a thread of its own while this one waits for it.

    Oxigraph evaluates a query in native code, without the interpreter's lock and without
    looking for signals: in the main thread, a long query would hold Ctrl-C and SIGTERM back
    until it ended. Waiting here, the main thread runs their handlers at once (the command
    then says so in one line and exits); the query's thread ends with the process.
    """
    done: list[T] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(work())
        except BaseException as exc:  # handed to the waiting thread, raised there
            failed.append(_without_tracebacks(exc))

    worker = threading.Thread(target=run, name="sparql-query", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.2)
    if failed:
        raise failed[0]
    return done[0]


def run_named_query(store: Store, name_or_path: str | Path,
                    params: Mapping[str, str | Term] | None = None, *,
                    allow_service: bool = False) -> QueryResult:
    """Load a query, check the parameters against its header, apply defaults and run it.

    Unknown parameter names raise :class:`QueryError` listing the declared ones; a query
    calling a ``SERVICE`` is refused unless ``allow_service`` is true.
    """
    text, info = load_query(name_or_path, allow_service=allow_service)
    given = {k.lstrip("?$"): v for k, v in (params or {}).items()}
    declared = {p.name: p for p in info.parameters}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(f"?{n}" for n in declared) or "none"
        raise QueryError(f"{info.path}: unknown parameter(s) {', '.join(unknown)}; "
                         f"this query takes: {names}")
    bound: dict[str, str | Term] = {n: p.default for n, p in declared.items()
                                    if p.default is not None}
    bound.update(given)
    return run_query(store, text, bound, source=str(info.path),
                     allow_service=allow_service)


def _syntax_error(exc: SyntaxError, source: str, line_offset: int = 0) -> QueryError:
    message = str(exc)
    match = _SYNTAX_AT.search(message)
    if match:
        line, column, reason = match.groups()
        at = max(1, int(line) - line_offset)
        return QueryError(f"{source}:{at}:{column}: SPARQL syntax error: {_short(reason)}")
    return QueryError(f"{source}: SPARQL syntax error: {message}")


# --- output formats -----------------------------------------------------------------------------

def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Text of a result: ``table`` (aligned, short IRIs), ``csv`` or ``json`` (SPARQL 1.1),
    ``markdown`` (a pipe table, short IRIs, for notes and issues)."""
    if fmt == "table":
        return _table(result)
    if fmt == "csv":
        return _csv(result)
    if fmt == "json":
        return _json(result)
    if fmt == "markdown":
        return _markdown(result)
    raise QueryError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")


def short_text(term: Term | None) -> str:
    """A term for people: IRIs with known prefixes shortened, literals as their value.

    >>> short_text(NamedNode("https://w3id.org/orggraph/id/org/x")), short_text(None)
    ('ogd:org/x', '')
    """
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return compact(term.value)
    if isinstance(term, Literal):
        return " ".join(term.value.split())  # one line per row, whatever the text holds
    return str(term)


def _width(text: str) -> int:
    # Combining marks take no column (decomposed Vietnamese stays aligned).
    return sum(1 for c in text if not unicodedata.combining(c))


def _table(result: QueryResult) -> str:
    if result.boolean is not None:
        return "true" if result.boolean else "false"
    header = list(result.variables)
    body = [[short_text(row.get(v)) for v in header] for row in result.rows]
    widths = [max([_width(h)] + [_width(r[i]) for r in body]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        padded = [c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)]
        return "  ".join(padded).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)] if header else []
    lines += [line(r) for r in body]
    n = len(body)
    lines.append(f"({n} row{'' if n == 1 else 's'})")
    return "\n".join(lines)


def _plain(term: Term | None) -> str:
    # SPARQL 1.1 CSV: IRIs and literals as their bare value, blank nodes as _:id.
    if term is None:
        return ""
    if isinstance(term, NamedNode | Literal):
        return term.value
    return str(term)


def _csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # CRLF, as the W3C CSV results format says
    if result.boolean is not None:
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return out.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_plain(row.get(v)) for v in result.variables])
    return out.getvalue()


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {  # SPARQL 1.2 draft shape for quoted triples
        "subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
        "object": _json_term(term.object)}}


def _json(result: QueryResult) -> str:
    if result.boolean is not None:
        data: dict[str, object] = {"head": {}, "boolean": result.boolean}
    else:
        data = {"head": {"vars": list(result.variables)},
                "results": {"bindings": [
                    {v: _json_term(t) for v in result.variables
                     if (t := row.get(v)) is not None}
                    for row in result.rows]}}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _markdown(result: QueryResult) -> str:
    if result.boolean is not None:
        return "true" if result.boolean else "false"

    def cell(text: str) -> str:  # a pipe or a backslash would break the table
        return text.replace("\\", "\\\\").replace("|", "\\|")

    header = list(result.variables)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(short_text(row.get(v))) for v in header) + " |"
              for row in result.rows]
    return "\n".join(lines)

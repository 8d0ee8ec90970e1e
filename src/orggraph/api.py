"""The notebook API: open a graph orggraph wrote and ask it questions in plain Python values.

``orggraph.open(path)`` reads ``graph.trig``, ``graph.ttl``, ``.nt``, ``.nq``, or a run's
output folder (its ``graph.trig``, else its ``graph.ttl``) into an in-memory Oxigraph store
and gives a :class:`Graph`. ``Graph.query`` runs a bundled query by name, a ``.rq`` file, or
SPARQL text, through :mod:`orggraph.query` (the same parameter binding, prefixes and refusals
as ``orggraph query``), and gives rows of plain values; ``Graph.to_pandas`` gives a DataFrame;
``Graph.reporting_graph``, ``.affiliation_graph`` and ``.coattendance_graph`` give networkx
graphs (:mod:`orggraph.networks`).

>>> from pathlib import Path
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "graph.ttl").write_text(
...     '<urn:x:a> <http://xmlns.com/foaf/0.1/name> "Nguyễn Văn An"@vi .', encoding="utf-8")
>>> graph = open_graph(folder)
>>> graph.query("SELECT ?name WHERE { ?p foaf:name ?name }")
[{'name': 'Nguyễn Văn An'}]
>>> len(graph)
1
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store

from orggraph import query as q
from orggraph.rdf.namespaces import XSD

if TYPE_CHECKING:  # pandas is an optional extra (orggraph[pandas])
    import networkx as nx
    import pandas

GRAPH_FORMATS = {".ttl": RdfFormat.TURTLE, ".trig": RdfFormat.TRIG,
                 ".nt": RdfFormat.N_TRIPLES, ".nq": RdfFormat.N_QUADS}
# A run's output folder: the TriG first (one named graph per article, so GRAPH ?article works).
_RUN_GRAPHS = ("graph.trig", "graph.ttl")

Value = str | int | float | bool | dt.date | dt.datetime | None
Row = dict[str, Value]

_INTEGERS = {XSD(n).value for n in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}
_FLOATS = {XSD(n).value for n in ("decimal", "double", "float")}


class GraphFileError(ValueError):
    """A path that cannot be opened as a graph; the message names it and says why."""


class UnknownGraphFormat(GraphFileError):
    """A file whose name ends in none of ``.ttl``, ``.trig``, ``.nt``, ``.nq``."""


def graph_file(path: str | Path) -> Path:
    """The graph file ``path`` names: the file itself, or in a run's output folder its
    ``graph.trig`` (else ``graph.ttl``). :class:`GraphFileError` when there is none.

    >>> graph_file("/nonexistent/graph.trig")
    Traceback (most recent call last):
    ...
    orggraph.api.GraphFileError: /nonexistent/graph.trig: cannot read (No such file or directory)
    """
    given = Path(path).expanduser()
    try:
        info = os.stat(given)
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        for name in _RUN_GRAPHS:
            if (given / name).is_file():
                return given / name
        raise GraphFileError(f"{path}: a folder with no {' or '.join(_RUN_GRAPHS)} in it "
                             "(give a graph file, or the --out folder of orggraph run)")
    if given.suffix.lower() not in GRAPH_FORMATS:
        raise UnknownGraphFormat(f"{path}: unknown graph format (use .ttl, .trig, .nt or .nq, "
                                 "or a run's output folder)")
    return given


def load_graph(path: str | Path) -> Store:
    """An in-memory store holding the graph file (or run folder) at ``path``.

    :class:`GraphFileError` for a path that is missing, empty, not RDF, or holds no triples
    (a graph with nothing in it would answer every question with nothing, which says nothing).
    """
    file = graph_file(path)
    info = file.stat()
    if stat.S_ISREG(info.st_mode) and info.st_size == 0:
        raise GraphFileError(f"{file}: empty file (0 bytes), not an RDF graph")
    fmt = GRAPH_FORMATS[file.suffix.lower()]
    store = Store()
    try:
        store.bulk_load(path=str(file), format=fmt)
    except SyntaxError as exc:
        raise GraphFileError(f"{file}: not RDF ({fmt.name}): {_short(str(exc))}") from None
    except (OSError, ValueError) as exc:
        raise GraphFileError(f"{file}: cannot load graph: {_short(str(exc))}") from None
    if len(store) == 0:
        raise GraphFileError(f"{file}: no triples in the file")
    return store


def _short(text: str, limit: int = 300) -> str:
    """``text`` on one line, cut: a parser quoting a long token must not echo it."""
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text) - limit:,} more)"


def plain(term: q.Term | None) -> Value:
    """A result term as a plain Python value.

    IRIs come back as their full text (``https://w3id.org/orggraph/id/…``, which is what a
    parameter takes back); blank nodes as ``_:id``; literals by datatype: integers as
    ``int``, decimals and doubles as ``float``, ``xsd:boolean`` as ``bool``, ``xsd:date`` as
    ``datetime.date``, ``xsd:dateTime`` as ``datetime.datetime``, everything else (strings,
    partial dates such as ``xsd:gYear`` "2020", a value that does not parse) as its text; a
    language tag is dropped (labels are Vietnamese, ``@vi``); an unbound variable is ``None``.

    >>> plain(Literal(3)), plain(Literal("2024-03-26", datatype=XSD("date")))
    (3, datetime.date(2024, 3, 26))
    >>> plain(Literal("Huyện ủy", language="vi")), plain(NamedNode("urn:x")), plain(None)
    ('Huyện ủy', 'urn:x', None)
    """
    if term is None:
        return None
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, Literal):
        return str(term)  # an RDF 1.2 triple term
    datatype, text = term.datatype.value, term.value
    try:
        if datatype in _INTEGERS:
            return int(text)
        if datatype in _FLOATS:
            return float(text)
        if datatype == XSD("boolean").value:
            return text in ("true", "1")
        if datatype == XSD("date").value:
            return dt.date.fromisoformat(text)
        if datatype == XSD("dateTime").value:
            return dt.datetime.fromisoformat(text)
    except ValueError:
        pass  # a lexical form Python does not read ("2024-03-26Z"): keep the text
    return text


def _param(value: object) -> str | q.Term | None:
    """A keyword argument of :meth:`Graph.query` as what :func:`query.run_query` binds."""
    if value is None or isinstance(value, str | NamedNode | Literal | BlankNode):
        return value  # text: an IRI if it looks like one, else a literal (term_from_text)
    if isinstance(value, bool | int | float):
        return Literal(value)
    if isinstance(value, dt.datetime):
        return Literal(value.isoformat(), datatype=XSD("dateTime"))
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD("date"))
    raise q.QueryError(f"a parameter value must be text, a number, a date or an RDF term, "
                       f"not {type(value).__name__}")


@dataclass
class Graph:
    """A graph orggraph wrote, loaded into an in-memory Oxigraph store (``.store``).

    Queries see the union of the named graphs (one per article, and ``ogd:graph/hierarchy``,
    ``ogd:graph/tenure``, …), so a fact written in two articles' graphs is two solutions of
    ``COUNT(*)``: count ``DISTINCT``.
    """

    store: Store
    source: Path | None = None

    def result(self, query: str | Path, /, **params: object) -> q.QueryResult:
        """The raw result (pyoxigraph terms) of a bundled query's name, a ``.rq`` file or
        SPARQL text; parameters as in :meth:`query`."""
        bound = params_from(params)
        text = str(query)
        if isinstance(query, str) and q.looks_like_sparql(text) and not q.is_file(text):
            return q.run_inline_query(self.store, text, bound)
        return q.run_named_query(self.store, query, bound)

    def query(self, query: str | Path, /, **params: object) -> list[Row] | bool:
        """Rows of a query as dicts of plain values (see :func:`plain`), in its order.

        ``query`` is a bundled query's name (``"career"``, see ``orggraph query --list``),
        a ``.rq`` file, or SPARQL text (the project's prefixes, ``og:``, ``org:``, ``foaf:``,
        …, need no declaring). ``params`` bind the query's parameters: text (an IRI when it
        looks like one, ``ogd:…`` included; else a literal), numbers, dates; ``None`` leaves
        one unbound. An ``ASK`` gives a bool. :class:`orggraph.query.QueryError` for an
        unknown query or parameter, a syntax error, an update, a SERVICE call.
        """
        result = self.result(query, **params)
        if result.boolean is not None:
            return result.boolean
        return [{name: plain(row.get(name)) for name in result.variables}
                for row in result.rows]

    def to_pandas(self, query: str | Path, /, **params: object) -> pandas.DataFrame:
        """The rows of :meth:`query` as a pandas DataFrame, one column per variable (in the
        query's order, even with no row). Needs pandas (``pip install 'orggraph[pandas]'``).
        """
        try:
            import pandas
        except ImportError:
            raise ImportError("Graph.to_pandas needs pandas, which is not installed: "
                              "pip install 'orggraph[pandas]' (or pip install pandas)") from None
        result = self.result(query, **params)
        if result.boolean is not None:
            raise q.QueryError("an ASK query gives one bool, not a table: use Graph.query")
        rows = [[plain(row.get(name)) for name in result.variables] for row in result.rows]
        return pandas.DataFrame(rows, columns=result.variables)

    def reporting_graph(self, on: str | None = None) -> nx.DiGraph:
        """The reporting lines as a networkx DiGraph, edges child → parent (only the bodies
        and links valid on ``on``, an ISO date, when given); see
        :func:`orggraph.networks.reporting_graph`. Every attribute is GraphML-safe."""
        from orggraph.networks import reporting_graph
        return reporting_graph(self.store, on=on)

    def affiliation_graph(self) -> nx.Graph:
        """Persons and bodies, an edge for a person's posts in a body (bipartite); see
        :func:`orggraph.networks.affiliation_graph`."""
        from orggraph.networks import affiliation_graph
        return affiliation_graph(self.store)

    def coattendance_graph(self) -> nx.Graph:
        """Persons, an edge weighted by the events two of them attended; see
        :func:`orggraph.networks.coattendance_graph`."""
        from orggraph.networks import coattendance_graph
        return coattendance_graph(self.store)

    def __len__(self) -> int:
        """The number of quads (a triple written in two articles' graphs counts twice)."""
        return len(self.store)

    def __repr__(self) -> str:
        graphs = sum(1 for _ in self.store.named_graphs())
        where = f"{str(self.source)!r}, " if self.source else ""
        return f"<orggraph.Graph {where}{len(self):,} quads, {graphs:,} named graphs>"


def open_graph(path: str | Path) -> Graph:
    """Open ``graph.trig``, ``graph.ttl``, ``.nt``, ``.nq``, or a run's ``--out`` folder
    (its ``graph.trig``, else ``graph.ttl``). Exported as ``orggraph.open``.

    :class:`GraphFileError` names the path and why it cannot be opened.
    """
    file = graph_file(path)
    return Graph(load_graph(file), file)


def params_from(mapping: Mapping[str, object]) -> dict[str, str | q.Term]:
    """Parameters for :func:`orggraph.query.run_named_query` from Python values (``None``
    left out), as :meth:`Graph.query` binds them.

    >>> params_from({"asOf": dt.date(2024, 7, 1), "org": None})["asOf"].value
    '2024-07-01'
    """
    return {name: value for name, raw in mapping.items()
            if (value := _param(raw)) is not None}

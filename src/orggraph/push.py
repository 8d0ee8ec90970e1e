"""Push a graph into any SPARQL 1.1 Graph Store Protocol server, one named graph per request.

Each named graph (one per article, and the corpus-level ones) is sent with ``PUT
GSP?graph=IRI`` as N-Triples: PUT replaces the graph, so pushing again replaces rather than
duplicates, and a changed article's graph is swapped whole. Triples in the default graph
(a ``.ttl`` source) go to ``GSP?default``. The source is bulk-loaded into a temporary
on-disk store first, so memory holds one graph at a time, never the dataset; the requests
share one kept-alive connection.

A connection error or a 5xx/429 answer is retried with exponential backoff; a 4xx answer
(the server refuses: read-only, unauthorised, no such dataset) stops the push with one line
giving the status and the start of the server's message.

>>> graph_store_url("http://127.0.0.1:7878/query")
'http://127.0.0.1:7878/store'
>>> put_url("http://h/ds/data", "https://w3id.org/orggraph/id/article/a1")
'http://h/ds/data?graph=https%3A%2F%2Fw3id.org%2Forggraph%2Fid%2Farticle%2Fa1'
"""

from __future__ import annotations

import http.client
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import DefaultGraph, NamedNode, RdfFormat, Store, serialize

from orggraph.server import load_graph

_RETRY_STATUS = {429, 500, 502, 503, 504}
_MESSAGE_LIMIT = 200  # characters of a server's refusal quoted in the error


class PushError(Exception):
    """The server refused a graph, or could not be reached after the retries: one line."""


@dataclass(frozen=True)
class PushStats:
    """What one push sent."""

    graphs: int
    quads: int
    requests: int  # including retries
    seconds: float


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL for a query URL, Oxigraph's layout (``…/query`` or
    ``…/sparql`` → ``…/store``; a bare server URL → ``…/store``). Other servers name it
    otherwise (Fuseki: ``/ds/data``): give it with ``--graph-store``."""
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    path = f"{head}/store" if last in ("query", "sparql") else f"{path}/store"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def put_url(gsp: str, graph: str | None) -> str:
    """The URL of one graph: ``?graph=IRI`` (encoded), or ``?default`` when ``graph`` is None."""
    query = "default" if graph is None else urllib.parse.urlencode({"graph": graph})
    return f"{gsp}{'&' if '?' in gsp else '?'}{query}"


def _graphs(store: Store) -> Iterator[tuple[str | None, bytes, int]]:
    """Each graph of ``store`` (named ones by IRI, then the default graph if it has
    triples) as (IRI or None, N-Triples, triple count), one at a time."""
    names = sorted(g.value for g in store.named_graphs() if isinstance(g, NamedNode))
    sources: list[tuple[str | None, NamedNode | DefaultGraph]] = [
        (name, NamedNode(name)) for name in names]
    sources.append((None, DefaultGraph()))
    for name, graph in sources:
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
        if triples or name is not None:
            yield name, serialize(triples, format=RdfFormat.N_TRIPLES) or b"", len(triples)


class _Client:
    """PUT requests on one kept-alive connection, reopened after an error."""

    def __init__(self, base: str, timeout: float) -> None:
        parts = urllib.parse.urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PushError(f"{base}: not an http(s) URL")
        self.parts = parts
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            kind = (http.client.HTTPSConnection if self.parts.scheme == "https"
                    else http.client.HTTPConnection)
            self.conn = kind(self.parts.hostname or "", self.parts.port, timeout=self.timeout)
        return self.conn

    def put(self, url: str, body: bytes) -> tuple[int, str, str]:
        """Status, reason and the start of the answer's text; OSError on a failed link."""
        parts = urllib.parse.urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn = self._connection()
        try:
            conn.request("PUT", target, body=body,
                         headers={"Content-Type": "application/n-triples"})
            reply = conn.getresponse()
            text = reply.read(64 * 1024).decode("utf-8", "replace")
            if not reply.isclosed():
                reply.read()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise OSError(str(exc) or type(exc).__name__) from exc
        return reply.status, reply.reason, text

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MESSAGE_LIMIT else text[:_MESSAGE_LIMIT] + "…"


def push(graph: str | Path, gsp: str, *, retries: int = 5, backoff: float = 0.5,
         timeout: float = 120.0, sleep: Callable[[float], None] = time.sleep,
         progress: Callable[[int, int], None] | None = None) -> PushStats:
    """PUT every graph of ``graph`` (a graph file or a run folder) to the Graph Store
    Protocol URL ``gsp``.

    A failed connection or a 5xx/429 answer is retried ``retries`` times, waiting
    ``backoff``, then twice as long each time (``sleep`` is the clock). Raises
    :class:`PushError` on a 4xx answer or when the retries run out, and
    :class:`orggraph.server.GraphError` for a graph that cannot be loaded.
    ``progress(graphs_sent, quads_sent)`` is called after each graph.
    """
    client = _Client(gsp, timeout)
    started = time.monotonic()
    graphs = quads = requests = 0
    with tempfile.TemporaryDirectory(prefix="orggraph-push-") as folder:
        store = Store(folder)
        try:
            load_graph(store, graph)
            for name, body, count in _graphs(store):
                url = put_url(gsp, name)
                requests += _put_with_retries(client, url, body, retries, backoff, sleep)
                graphs += 1
                quads += count
                if progress is not None:
                    progress(graphs, quads)
        finally:
            client.close()
            del store
    return PushStats(graphs, quads, requests, time.monotonic() - started)


def _put_with_retries(client: _Client, url: str, body: bytes, retries: int, backoff: float,
                      sleep: Callable[[float], None]) -> int:
    """PUT until accepted; the number of requests it took."""
    wait = backoff
    for attempt in range(1, retries + 2):
        try:
            status, reason, text = client.put(url, body)
        except OSError as exc:
            problem = f"cannot reach the server ({_one_line(str(exc))})"
        else:
            if 200 <= status < 300:
                return attempt
            problem = f"{status} {reason}: {_one_line(text) or '(no message)'}"
            if status not in _RETRY_STATUS:
                hint = (" (is this the Graph Store Protocol URL? give it with --graph-store; "
                        "Fuseki: http://HOST:3030/DATASET/data)" if status in (404, 405) else "")
                raise PushError(f"PUT {url}: the server refused: {problem}{hint}")
        if attempt <= retries:
            sleep(wait)
            wait *= 2
    raise PushError(f"PUT {url}: {problem}; gave up after {retries + 1} tries")

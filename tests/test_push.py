"""`orggraph push` into a real, writable Oxigraph server on 127.0.0.1: one graph per PUT,
re-pushing replaces, a changed article's graph is swapped, refusals and retries."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from clirun import orggraph_cli
from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, RdfFormat, Store
from sample import SAMPLE
from test_server import pytestmark, sparql_select  # noqa: F401  (skip without the server)

from orggraph.push import PushError, graph_store_url, push
from orggraph.server import running_server, serving

COUNTS = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
          "GROUP BY ?g ORDER BY ?g")


def graph_counts(query_url: str) -> dict[str, int]:
    return {r["g"]: int(r["n"]) for r in sparql_select(query_url, COUNTS)}


def source_counts(path: Path) -> dict[str, int]:
    store = Store()
    store.load(path=str(path), format=RdfFormat.TRIG)
    counts: dict[str, int] = {}
    for q in store:
        counts[q.graph_name.value] = counts.get(q.graph_name.value, 0) + 1
    return counts


@pytest.fixture
def writable() -> Iterator[str]:
    """The base URL of a writable in-memory Oxigraph server."""
    with running_server(None, read_only=False) as endpoint:
        yield endpoint.url


def test_push_query_repush_and_replace_a_changed_article(writable: str, tmp_path: Path) -> None:
    expected = source_counts(SAMPLE)
    stats = push(SAMPLE, graph_store_url(writable + "/query"))
    assert stats.graphs == len(expected) and stats.quads == sum(expected.values())
    assert stats.requests == stats.graphs  # no retry was needed
    assert graph_counts(writable + "/query") == expected

    push(SAMPLE, writable + "/store")  # again: PUT replaces, nothing doubles
    assert graph_counts(writable + "/query") == expected

    # one article changed: a triple less, a new one; its graph is replaced, the others stay
    store = Store()
    store.load(path=str(SAMPLE), format=RdfFormat.TRIG)
    article = max(expected, key=lambda g: (expected[g], g))
    changed_graph = NamedNode(article)
    dropped = next(iter(store.quads_for_pattern(None, None, None, changed_graph)))
    store.remove(dropped)
    marker = Quad(NamedNode("http://example.org/x"), NamedNode("http://example.org/changed"),
                  Literal("yes"), changed_graph)
    store.add(marker)
    changed = tmp_path / "changed.trig"
    changed.write_bytes(store.dump(format=RdfFormat.TRIG) or b"")
    push(changed, writable + "/store")
    after = graph_counts(writable + "/query")
    assert after == expected  # one out, one in
    rows = sparql_select(writable + "/query", "SELECT ?g WHERE { GRAPH ?g { "
                         "<http://example.org/x> <http://example.org/changed> ?o } }")
    assert rows == [{"g": article}]
    gone = sparql_select(writable + "/query", f"ASK {{ GRAPH <{article}> {{ "
                         f"{dropped.subject} {dropped.predicate} {dropped.object} }} }}"
                         .replace("ASK", "SELECT (1 AS ?x) WHERE", 1))
    assert gone == []


def test_triples_without_graph_go_to_the_default_graph(writable: str, tmp_path: Path) -> None:
    nt = tmp_path / "g.nt"
    nt.write_text("<http://x/a> <http://x/p> <http://x/b> .\n<http://x/a> <http://x/p> \"2\" .\n")
    stats = push(nt, writable + "/store")
    assert (stats.graphs, stats.quads) == (1, 2)
    store = Store()
    store.load(path=str(nt), format=RdfFormat.N_TRIPLES)
    assert all(isinstance(q.graph_name, DefaultGraph) for q in store)
    push(nt, writable + "/store")
    rows = sparql_select(writable + "/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert rows == [{"n": "2"}]


def test_a_read_only_server_refuses_in_one_line(tmp_path: Path) -> None:
    with serving(SAMPLE) as (endpoint, _):
        result = orggraph_cli("push", SAMPLE, "--endpoint", endpoint.query_url)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "403" in lines[0] and "refused" in lines[0]


def test_cli_push_reports_counts(writable: str) -> None:
    result = orggraph_cli("push", SAMPLE, "--endpoint", writable + "/query")
    assert result.returncode == 0, result.stderr
    expected = source_counts(SAMPLE)
    assert f"{len(expected)} graphs, {sum(expected.values())} quads" in result.stderr
    assert graph_counts(writable + "/query") == expected


class _Flaky(http.server.BaseHTTPRequestHandler):
    """Answers 503 to the first ``failures`` PUTs, then 204; records what it got."""

    failures = 2
    seen: list[str]

    def do_PUT(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        self.seen.append(self.path)
        if len(self.seen) <= self.failures:
            body = b"busy, try later"
            self.send_response(503)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_response(204)
            self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def flaky() -> Iterator[tuple[str, list[str]]]:
    seen: list[str] = []
    handler = type("Handler", (_Flaky,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/store", seen
    finally:
        server.shutdown()
        server.server_close()


def test_5xx_is_retried_with_growing_waits(flaky: tuple[str, list[str]],
                                          tmp_path: Path) -> None:
    url, seen = flaky
    nt = tmp_path / "g.nq"
    nt.write_text("<http://x/a> <http://x/p> <http://x/b> <http://x/g1> .\n"
                  "<http://x/a> <http://x/p> <http://x/c> <http://x/g2> .\n")
    waits: list[float] = []
    stats = push(nt, url, backoff=0.5, sleep=waits.append)
    assert waits == [0.5, 1.0]
    assert stats.requests == 4 and stats.graphs == 2
    assert seen[:3] == ["/store?graph=http%3A%2F%2Fx%2Fg1"] * 3
    assert seen[3] == "/store?graph=http%3A%2F%2Fx%2Fg2"


def test_retries_run_out_and_unreachable_servers_are_one_line(
        flaky: tuple[str, list[str]], tmp_path: Path) -> None:
    url, _ = flaky
    nt = tmp_path / "g.nt"
    nt.write_text("<http://x/a> <http://x/p> <http://x/b> .\n")
    with pytest.raises(PushError, match=r"503 .*busy, try later; gave up after 2 tries"):
        push(nt, url, retries=1, sleep=lambda _: None)
    with running_server(None, read_only=False) as endpoint:
        dead = endpoint.store_url  # a port nobody listens on once the server is stopped
    waits: list[float] = []
    with pytest.raises(PushError, match="cannot reach the server") as failed:
        push(nt, dead, retries=3, sleep=waits.append)
    assert waits == [0.5, 1.0, 2.0] and "\n" not in str(failed.value)

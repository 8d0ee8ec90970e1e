"""No network from a query (issue: hardening): a query calling a SERVICE is refused unless the
user allows it, and checking a query's syntax never runs it.

A real HTTP server on 127.0.0.1 counts the requests a query makes; nothing is mocked.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from clirun import orggraph_cli
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, Quad, Store

from orggraph.query import QueryError, check_syntax, load_query, run_query, service_calls


class _Endpoint(http.server.BaseHTTPRequestHandler):
    """Counts requests and answers each with garbage: a real endpoint that misbehaves."""

    hits: list[str]

    def do_GET(self) -> None:  # the name http.server calls
        self.hits.append(self.path)
        body = b"\x00not sparql results\xff"
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[tuple[str, list[str]]]:
    hits: list[str] = []
    handler = type("Handler", (_Endpoint,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", hits
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def store() -> Store:
    s = Store()
    s.add(Quad(NamedNode("http://ex/a"), NamedNode("http://ex/p"), Literal("An"),
               NamedNode("http://ex/g")))
    return s


def _queries(url: str) -> list[str]:
    pattern = f"SERVICE <{url}> {{ ?s ?p ?o }}"
    return [f"SELECT * WHERE {{ {pattern} }}",
            f"SELECT ?s WHERE {{ {pattern} }}",
            f"ASK {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {pattern} }}",
            f"SELECT * {{ ?x ?y ?z FILTER EXISTS {{ {pattern} }} }}",
            f"SELECT * {{ {{ SELECT * {{ {pattern} }} }} }}",
            f"PREFIX e: <{url[:-6]}> SELECT * {{ SERVICE e:sparql {{ ?s ?p ?o }} }}",
            f"select * {{ service <{url}> {{ ?s ?p ?o }} }}"]


def test_a_service_query_is_refused_and_sends_nothing(endpoint, store) -> None:
    url, hits = endpoint
    for query in _queries(url):
        with pytest.raises(QueryError, match=r"calls SERVICE .*refused.*--allow-service"):
            run_query(store, query, source="q.rq")
        with pytest.raises(QueryError, match="SERVICE"):
            check_syntax(query, "q.rq")
    assert hits == []


def test_the_syntax_check_never_runs_the_query_even_when_service_is_allowed(endpoint) -> None:
    url, hits = endpoint
    for query in _queries(url):
        check_syntax(query, "q.rq", allow_service=True)
    assert hits == []


def test_an_allowed_service_with_a_garbage_reply_is_one_error(endpoint, store) -> None:
    url, hits = endpoint
    with pytest.raises(QueryError, match=r"^q\.rq: .*SERVICE call failed|^q\.rq: the query fai"):
        run_query(store, f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", source="q.rq",
                  allow_service=True)
    assert hits  # allowed: it did go out


def test_the_word_service_in_comments_strings_iris_and_names_is_no_service(store) -> None:
    query = ('# SERVICE <http://evil.example/> is not called here\n'
             'PREFIX SERVICE: <http://ex/SERVICE#>\n'
             'SELECT ?s ?service WHERE { GRAPH ?g { ?s <http://ex/p> ?o } '
             'BIND("SERVICE <http://x/>" AS ?service) BIND(\'\'\'SERVICE\'\'\' AS ?t) '
             'OPTIONAL { ?s SERVICE:p ?q } }')
    assert service_calls(query) == []
    rows = run_query(store, query).rows
    assert [str(r["s"]) for r in rows] == ["<http://ex/a>"]


def test_syntax_rdflib_does_not_know_is_read_by_tokens() -> None:
    # SPARQL 1.2 triple terms: Oxigraph parses them, rdflib does not; the token reader decides
    assert service_calls("SELECT * { << ?s ?p ?o >> ?q ?r }") == []
    assert service_calls("SELECT * { << ?s ?p ?o >> ?q ?r . SERVICE <http://x/> { ?a ?b ?c } }"
                         ) == ["<http://x/>"]
    assert service_calls("SELECT * { << ?s ?p 'SERVICE' >> ?q ?r } # SERVICE <http://x/>") == []


def test_a_service_keyword_written_with_escapes_is_still_found() -> None:
    # the parsers expand \u escapes before reading keywords; a text without the word SERVICE
    # skips the (slow) parse only when it has no escape either
    assert service_calls("SELECT * { \\u0053ERVICE <http://x/> { ?s ?p ?o } }") == [
        "<http://x/>"]
    assert service_calls("SELECT * { ?s ?p ?o }") == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("SERVICEservice <>{}\"'#\n?:.abc/")), max_size=60))
def test_the_service_reader_never_raises(text: str) -> None:
    assert isinstance(service_calls(text), list)


def test_a_deeply_nested_query_is_checked_without_recursion_error() -> None:
    query = "SELECT * WHERE " + "{ " * 3000 + "?s ?p ?o " + "} " * 3000
    assert isinstance(service_calls(query), list)


def test_a_query_file_with_service_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "fed.rq"
    path.write_text("# title: federated\nSELECT * { SERVICE <http://x/> { ?s ?p ?o } }\n",
                    encoding="utf-8")
    with pytest.raises(QueryError, match=rf"^{path}: the query calls SERVICE <http://x/>"):
        load_query(path)
    text, _ = load_query(path, allow_service=True)
    assert "SERVICE" in text


def test_the_cli_refuses_a_service_query_in_one_line(endpoint, tmp_path: Path) -> None:
    url, hits = endpoint
    graph = tmp_path / "g.nq"
    graph.write_text('<http://ex/a> <http://ex/p> "An" <http://ex/g> .\n', encoding="utf-8")
    query = tmp_path / "fed.rq"
    query.write_text(f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}\n", encoding="utf-8")
    done = orggraph_cli("query", graph, query)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "refused" in done.stderr
    assert "Traceback" not in done.stderr
    assert hits == []
    allowed = orggraph_cli("query", graph, query, "--allow-service")
    assert allowed.returncode == 1 and "Traceback" not in allowed.stderr
    assert allowed.stderr.count("\n") == 1 and hits

"""`orggraph query --endpoint`: the bundled queries on a real Oxigraph server give what they
give locally, with parameters bound as VALUES terms (hostile values included)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from clirun import orggraph_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, RdfFormat, Store
from sample import AN, HUYEN_UY, SAMPLE
from test_query import INJECTIONS, load_sample
from test_server import pytestmark  # noqa: F401  (skip without the server)

from orggraph.query import QueryError, QueryResult, format_result, list_queries, run_named_query
from orggraph.remote import bind_values, run_named_remote
from orggraph.server import Endpoint, running_server, serving

CASES = [(info.name, {}) for info in list_queries()] + [
    ("reporting-line", {"org": HUYEN_UY}),
    ("posts-in-organization", {"org": HUYEN_UY}),
    ("hierarchy-on-date", {"org": HUYEN_UY, "asOf": "2024-07-01"}),
    ("holders-on-date", {"asOf": "2024-07-01"}),
    ("concurrent-posts", {"asOf": "2024-07-01"}),
    ("concurrent-posts", {"person": AN}),
    ("career", {"person": AN}),
    ("career", {"personText": "văn"}),
    ("holding-evidence", {"personText": "An"}),
    ("event-participants", {"kind": "conference"}),
]


def rows(result: QueryResult) -> tuple[list[str], list[str]]:
    """Variables, and the rows as sorted text (the order of tied rows may differ)."""
    lines = format_result(result, "csv").splitlines()
    return lines[:1], sorted(lines[1:])


@pytest.fixture(scope="module")
def endpoint() -> Iterator[Endpoint]:
    with serving(SAMPLE) as (served, _):
        yield served


@pytest.mark.parametrize(("name", "params"), CASES, ids=[
    f"{n}-{'-'.join(p) or 'none'}" for n, p in CASES])
def test_remote_equals_local(endpoint: Endpoint, name: str, params: dict[str, str]) -> None:
    local = run_named_query(load_sample(), name, params)
    remote = run_named_remote(endpoint.query_url, name, params)
    assert rows(remote) == rows(local)
    assert format_result(remote, "json").count('"type"') == \
        format_result(local, "json").count('"type"')


def test_some_cases_have_rows(endpoint: Endpoint) -> None:
    counts = {(n, tuple(p)): len(run_named_remote(endpoint.query_url, n, p).rows)
              for n, p in CASES}
    assert counts[("reporting-line", ("org",))] > 0
    assert counts[("holding-evidence", ("personText",))] > 0
    assert counts[("concurrent-posts", ())] > 0  # and none as of a date: see below
    assert sum(counts.values()) > 50


def test_one_values_block_at_the_top_would_be_wrong(endpoint: Endpoint) -> None:
    """Why every group gets the row: with ?asOf joined at the top only, the UNION branch
    that runs without a date sees it unbound and answers (local: no row as of 2024-07-01)."""
    from orggraph.query import load_query, term_from_text
    from orggraph.remote import run_remote_query

    text, _ = load_query("concurrent-posts")
    at = text.index("WHERE {") + len("WHERE {")
    naive = text[:at] + f' VALUES ?asOf {{ {term_from_text("2024-07-01")} }} ' + text[at:]
    assert run_remote_query(endpoint.query_url, naive).rows  # wrong: the undated rows
    assert not run_named_remote(endpoint.query_url, "concurrent-posts", {"asOf": "2024-07-01"}
                                ).rows
    assert not run_named_query(load_sample(), "concurrent-posts", {"asOf": "2024-07-01"}).rows


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.one_of(st.sampled_from(INJECTIONS), st.text(max_size=40)))
def test_any_text_value_is_one_term(endpoint: Endpoint, value: str) -> None:
    """Whatever the text, the remote query answers what the local one does: the value is a
    literal in a VALUES row, never query syntax."""
    local = run_named_query(load_sample(), "career", {"personText": value})
    remote = run_named_remote(endpoint.query_url, "career", {"personText": value})
    assert rows(remote) == rows(local)


def test_values_go_into_every_group_that_reads_the_variable() -> None:
    query = ('SELECT ?a WHERE { { FILTER(COALESCE(STR(?a), "") = "") ?s ?p ?o } UNION '
             '{ ?s ?p ?a } VALUES ?z { 1 } { SELECT ?s WHERE { ?s ?q ?a } } }')
    bound = bind_values(query, {"a": Literal("x")})
    assert bound.count('VALUES (?a) { ("x") }') == 4  # WHERE, both branches, the sub-SELECT
    assert "VALUES ?z { 1 }" in bound  # a data block is left alone


def test_errors_are_one_line(endpoint: Endpoint) -> None:
    with pytest.raises(QueryError, match="unknown parameter"):
        run_named_remote(endpoint.query_url, "career", {"nobody": "x"})
    with running_server(None, read_only=False) as stopped:
        url = stopped.query_url
    with pytest.raises(QueryError, match="cannot reach") as failed:
        run_named_remote(url, "career")
    assert "\n" not in str(failed.value)
    with pytest.raises(QueryError, match="answered 404"):
        run_named_remote(endpoint.url + "/nothing-here", "career")


def test_cli_endpoint_flag(endpoint: Endpoint) -> None:
    remote = orggraph_cli("query", "--endpoint", endpoint.query_url, "reporting-line",
                          "--param", f"org={HUYEN_UY}", "--format", "csv")
    local = orggraph_cli("query", SAMPLE, "reporting-line", "--param", f"org={HUYEN_UY}",
                         "--format", "csv")
    assert remote.returncode == 0, remote.stderr
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
    assert len(remote.stdout.splitlines()) > 1
    both = orggraph_cli("query", "--endpoint", endpoint.query_url, SAMPLE, "career")
    assert both.returncode == 2 and "no GRAPH" in both.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Endpoint]]:
    """A run's output folder over 15 reports (with tenures and hierarchy), served."""
    from orggraph.pipeline import run

    out = tmp_path_factory.mktemp("real1-out")
    run([Path(__file__).parent / "data" / "real1"], out)
    with serving(out) as (served, _):
        yield out / "graph.trig", served


@pytest.mark.parametrize(("name", "params"), [
    ("holders-on-date", {"asOf": "2023-06-01"}),
    ("succession", {}),
    ("career", {"personText": "Nguyễn"}),
    ("concurrent-posts", {"asOf": "2024-01-01"}),
    ("concurrent-posts", {}),
    ("hierarchy-on-date", {"asOf": "2025-08-01"}),
])
def test_remote_equals_local_on_a_built_graph(built: tuple[Path, Endpoint], name: str,
                                             params: dict[str, str]) -> None:
    graph, endpoint = built
    store = Store()
    store.load(path=str(graph), format=RdfFormat.TRIG)
    local = run_named_query(store, name, params)
    remote = run_named_remote(endpoint.query_url, name, params)
    assert rows(remote) == rows(local)
    assert local.rows  # every case here says something (as of a date: fewer rows)

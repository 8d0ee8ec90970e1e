"""The notebook API: orggraph.open on every graph format and a run folder, plain values,
inline SPARQL, DataFrames, and the errors for paths that are no graph."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, RdfFormat, Store, serialize
from sample import AN, BINH, HUYEN_UY, SAMPLE

import orggraph
from orggraph.api import Graph, GraphFileError, UnknownGraphFormat, open_graph, plain
from orggraph.query import QueryError
from orggraph.rdf.namespaces import XSD

ARTICLES = 3  # the fixture's named graphs


@pytest.fixture(scope="module")
def graph() -> Graph:
    return orggraph.open(SAMPLE)


def sample_store() -> Store:
    store = Store()
    store.load(path=str(SAMPLE), format=RdfFormat.TRIG)
    return store


def write(path: Path, fmt: RdfFormat) -> Path:
    store = sample_store()
    if fmt in (RdfFormat.TURTLE, RdfFormat.N_TRIPLES):  # triples only: merge the graphs
        data = serialize((q.triple for q in store), format=fmt)
    else:
        data = serialize(store, format=fmt)
    assert data is not None
    path.write_bytes(data)
    return path


# --- opening --------------------------------------------------------------------------------

@pytest.mark.parametrize("name,fmt", [("g.ttl", RdfFormat.TURTLE), ("g.nt", RdfFormat.N_TRIPLES),
                                      ("g.nq", RdfFormat.N_QUADS), ("g.trig", RdfFormat.TRIG)])
def test_every_graph_format_opens_and_answers_the_same(tmp_path: Path, name: str,
                                                       fmt: RdfFormat) -> None:
    graph = orggraph.open(write(tmp_path / name, fmt))
    rows = graph.query("holding-evidence", person=AN)
    # An's three holdings: Bí thư in two articles, Chủ tịch HĐND in one (the fixture's text)
    assert sorted((r["postLabel"], r["attestedOn"]) for r in rows) == [
        ("Bí thư Huyện ủy Khê Lâm", dt.date(2019, 9, 2)),
        ("Bí thư Huyện ủy Khê Lâm", dt.date(2024, 3, 26)),
        ("Chủ tịch Hội đồng nhân dân huyện Khê Lâm", dt.date(2024, 3, 26))]


def test_a_run_folder_opens_its_trig_before_its_turtle(tmp_path: Path) -> None:
    write(tmp_path / "graph.ttl", RdfFormat.TURTLE)
    only_ttl = orggraph.open(tmp_path)
    assert only_ttl.source == tmp_path / "graph.ttl"
    assert sum(1 for _ in only_ttl.store.named_graphs()) == 0
    write(tmp_path / "graph.trig", RdfFormat.TRIG)
    both = orggraph.open(tmp_path)
    assert both.source == tmp_path / "graph.trig"
    assert sum(1 for _ in both.store.named_graphs()) == ARTICLES


def test_len_and_repr(graph: Graph) -> None:
    assert len(graph) == len(sample_store()) > 0
    text = repr(graph)
    assert "sample.trig" in text and f"{len(graph):,} quads" in text
    assert f"{ARTICLES} named graphs" in text


@pytest.mark.parametrize("content,name,reason", [
    (None, "missing.trig", "cannot read"),
    (b"", "empty.ttl", "empty file"),
    (b"this is not turtle {", "bad.ttl", "not RDF"),
    (b"# only a comment\n", "comment.ttl", "no triples"),
])
def test_bad_paths_raise_one_clear_error(tmp_path: Path, content: bytes | None, name: str,
                                         reason: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(GraphFileError) as err:
        orggraph.open(path)
    assert str(path) in str(err.value) and reason in str(err.value)
    assert "\n" not in str(err.value)


def test_unknown_suffix_and_folder_without_graph(tmp_path: Path) -> None:
    other = tmp_path / "graph.json"
    other.write_text("{}", encoding="utf-8")
    with pytest.raises(UnknownGraphFormat, match=r"graph\.json: unknown graph format"):
        orggraph.open(other)
    with pytest.raises(GraphFileError, match=r"no graph\.trig or graph\.ttl"):
        orggraph.open(tmp_path)


def test_import_orggraph_stays_light() -> None:
    # The API is loaded on first use (PEP 562), not by `import orggraph`.
    code = ("import sys, orggraph; heavy = {'pyoxigraph', 'rdflib', 'pandas'} & set(sys.modules);"
            " assert not heavy, heavy; assert orggraph.open.__name__ == 'open_graph'")
    subprocess.run([sys.executable, "-c", code], check=True,
                   env={"PYTHONPATH": str(Path(__file__).parents[1] / "src")})


# --- queries and plain values ---------------------------------------------------------------

def test_named_query_rows_are_plain_python_values(graph: Graph) -> None:
    rows = graph.query("holding-evidence", person=AN)
    assert isinstance(rows, list) and len(rows) == 3
    first = rows[0]
    assert list(first) == ["person", "personName", "post", "postLabel", "attestedOn", "article",
                           "start", "end", "quote", "membership", "personText"]
    assert first["person"] == AN  # an IRI in full, what a parameter takes back
    assert (first["start"], first["end"]) == (199, 237)  # xsd:integer → int
    assert first["personText"] is None  # unbound
    assert isinstance(first["personName"], str)


def test_inline_sparql_gets_the_project_prefixes_and_parameters(graph: Graph) -> None:
    rows = graph.query("SELECT DISTINCT ?org ?label WHERE { ?org a org:Organization ; "
                       "skos:prefLabel ?label }", org=HUYEN_UY)
    assert rows == [{"org": HUYEN_UY, "label": "Huyện ủy Khê Lâm"}]  # "@vi" dropped
    assert graph.query("ASK { ?p foaf:name 'Nguyễn Văn An' }") is True
    assert graph.query("ASK { ?p foaf:name 'Nobody' }") is False


def test_a_date_parameter_and_an_unbound_one(graph: Graph) -> None:
    on = graph.query("SELECT ?m ?day WHERE { ?m og:attestedOn ?day }", day=dt.date(2019, 9, 2))
    assert on and all(r["day"] == dt.date(2019, 9, 2) for r in on)
    unbound = graph.query("SELECT ?m ?day WHERE { ?m og:attestedOn ?day }", day=None)
    assert len(unbound) > len(on)


def test_updates_and_unknown_parameters_are_refused(graph: Graph) -> None:
    before = len(graph)
    with pytest.raises(QueryError, match="DELETE is a SPARQL Update"):
        graph.query("DELETE WHERE { ?s ?p ?o }")
    assert len(graph) == before
    with pytest.raises(QueryError, match="unknown parameter"):
        graph.query("career", nobody="x")
    with pytest.raises(QueryError, match="no query named"):
        graph.query("no-such-query")


def test_to_pandas_text_columns_are_strings(graph: Graph) -> None:
    frame = graph.to_pandas("holding-evidence")
    # the point of plain values: pandas' string methods see the text, not pyoxigraph terms
    binh = frame[frame["personName"].str.contains("Bình")]
    assert set(binh["person"]) == {BINH} and len(binh) == 2
    assert frame["start"].dtype.kind == "i"


def test_to_pandas_keeps_the_columns_with_no_row(graph: Graph) -> None:
    frame = graph.to_pandas("holding-evidence", personText="nobody of that name")
    assert frame.empty
    assert list(frame.columns)[:3] == ["person", "personName", "post"]


def test_to_pandas_without_pandas_says_how_to_get_it(graph: Graph,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # what an absent package looks like
    with pytest.raises(ImportError, match=r"orggraph\[pandas\]"):
        graph.to_pandas("persons")


@given(st.integers(min_value=-(10**30), max_value=10**30))
def test_plain_integers(n: int) -> None:
    assert plain(Literal(n)) == n


@given(st.dates())
def test_plain_dates(day: dt.date) -> None:
    assert plain(Literal(day.isoformat(), datatype=XSD("date"))) == day


@given(st.text(), st.sampled_from(["vi", "en", None]))
def test_plain_text_drops_the_language(text: str, language: str | None) -> None:
    assert plain(Literal(text, language=language)) == text


def test_plain_other_terms() -> None:
    assert plain(Literal("2020", datatype=XSD("gYear"))) == "2020"
    assert plain(Literal("true", datatype=XSD("boolean"))) is True
    assert plain(Literal("0.5", datatype=XSD("decimal"))) == 0.5
    assert plain(NamedNode("urn:x")) == "urn:x"


def test_open_graph_is_orggraph_open() -> None:
    assert orggraph.open is open_graph
    assert orggraph.Graph is Graph


def test_a_long_query_is_no_file_name(graph: Graph) -> None:
    long = "SELECT (COUNT(*) AS ?n) WHERE {\n" + "  # a long comment\n" * 40 + "?s ?p ?o }"
    assert graph.query(long)[0]["n"] > 0  # type: ignore[index]


# --- networks -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def run_graph(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    from orggraph.pipeline import run
    seed = Path(__file__).resolve().parents[1] / "data" / "articles"
    out = tmp_path_factory.mktemp("api-run") / "out"
    run(sorted(seed.glob("s01*")), out)
    return orggraph.open(out)


def test_networks_of_an_opened_graph_are_graphml_safe(run_graph: Graph,
                                                      tmp_path: Path) -> None:
    import networkx as nx

    from orggraph import networks
    reporting = run_graph.reporting_graph()
    assert set(reporting.edges) == set(networks.reporting_graph(run_graph.store).edges)
    assert reporting.number_of_edges() > 3
    on = run_graph.reporting_graph(on="2024-01-01")
    assert set(on.edges) <= set(reporting.edges)
    affiliation = run_graph.affiliation_graph()
    persons = {n for n, d in affiliation.nodes(data=True) if d.get("bipartite") == 0}
    assert persons and all(affiliation.degree(p) >= 1 for p in persons)
    for name, G in (("r", reporting), ("a", affiliation),
                    ("c", run_graph.coattendance_graph())):
        nx.write_graphml(G, tmp_path / f"{name}.graphml")  # fails on a None attribute
        assert nx.read_graphml(tmp_path / f"{name}.graphml").number_of_nodes() == len(G)

"""``orggraph query``: inline SPARQL (-e), the project's prefixes added, updates refused,
formats (markdown too), ``--list`` with each query's parameters, a run folder as the graph."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sample import AN, HUYEN_UY, SAMPLE

from orggraph.cli import main
from orggraph.query import QueryError, list_queries, looks_like_sparql, refuse_update, with_prefixes

UPDATES = ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }",
           "LOAD <http://127.0.0.1:9/x.ttl>", "CLEAR ALL", "DROP GRAPH <urn:g>",
           "CREATE GRAPH <urn:g>", "PREFIX og: <urn:x#>\n# a comment\n  insert { ?s ?p 1 } "
           "WHERE { ?s ?p ?o }", "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
           "COPY <urn:a> TO <urn:b>"]


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["query", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_inline_query_with_undeclared_prefixes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, SAMPLE, "-e",
                         "SELECT DISTINCT ?label WHERE { ?o a org:Organization ; "
                         "skos:prefLabel ?label FILTER(CONTAINS(?label, 'Khê Lâm')) } "
                         "ORDER BY ?label", "--format", "csv")
    assert (code, err) == (0, "")
    # the fixture's five bodies of the district (its header lists them)
    assert out.strip().splitlines() == ["label", "Ban Tuyên giáo Huyện ủy Khê Lâm",
                                        "Huyện ủy Khê Lâm", "Hội đồng nhân dân huyện Khê Lâm",
                                "Ủy ban MTTQ Việt Nam huyện Khê Lâm",
                                "Ủy ban nhân dân huyện Khê Lâm"]


def test_inline_query_takes_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, SAMPLE, "-e", "SELECT DISTINCT ?org ?l { ?org skos:prefLabel ?l }",
                       "--param", f"org={HUYEN_UY}", "--format", "json")
    assert code == 0
    bindings = json.loads(out)["results"]["bindings"]
    assert [b["l"]["value"] for b in bindings] == ["Huyện ủy Khê Lâm"]


def test_sparql_given_as_the_query_name_says_to_use_e(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, SAMPLE, "SELECT * WHERE { ?s ?p ?o }")
    assert code == 1
    assert "looks like SPARQL" in err and "-e" in err and err.count("\n") == 1


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_before_anything_runs(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path, update: str) -> None:
    graph = tmp_path / "g.trig"
    shutil.copy(SAMPLE, graph)
    before = graph.read_bytes()
    code, out, err = run(capsys, graph, "-e", update)
    assert code == 1 and out == ""
    assert "SPARQL Update" in err and "refused" in err
    assert graph.read_bytes() == before
    own = tmp_path / "update.rq"
    own.write_text(update, encoding="utf-8")
    code, _, err = run(capsys, graph, own)
    assert code == 1 and "SPARQL Update" in err and str(own) in err


def test_a_select_mentioning_update_words_is_no_update() -> None:
    refuse_update('SELECT ?s { ?s ?p "DELETE" } # INSERT')  # no error
    refuse_update("PREFIX drop: <urn:d#> SELECT ?s { ?s drop:x ?o }")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(UPDATES), st.lists(st.sampled_from(
    ["PREFIX a: <urn:a#>", "BASE <urn:b/>", "# note SELECT", "\n", "  "]), max_size=4))
def test_an_update_after_any_prologue_is_refused(update: str, prologue: list[str]) -> None:
    with pytest.raises(QueryError, match="SPARQL Update"):
        refuse_update("\n".join([*prologue, update]))


def test_user_file_without_prefixes_and_its_line_numbers(capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    good = tmp_path / "mine.rq"
    good.write_text("# title: Mine\nSELECT DISTINCT ?name WHERE {\n  ?p foaf:name ?name\n"
                    "  FILTER(?name != '') }\n", encoding="utf-8")
    code, out, _ = run(capsys, SAMPLE, good, "--format", "csv")
    assert code == 0 and "Trần Thị Bình" in out.splitlines()
    # a syntax error is reported where it is in the file as written, prefixes added or not
    body = "SELECT ?name WHERE {\n  ?p foaf:name ?name .\n  FILTER(?name = )\n}\n"
    bad = tmp_path / "bad.rq"
    bad.write_text(body, encoding="utf-8")
    declared = tmp_path / "declared.rq"
    declared.write_text("PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n" + body, encoding="utf-8")
    _, _, err = run(capsys, SAMPLE, bad)
    _, _, err_declared = run(capsys, SAMPLE, declared)
    line, column = err.split(f"{bad}:", 1)[1].split(":")[:2]
    line_declared, column_declared = err_declared.split(f"{declared}:", 1)[1].split(":")[:2]
    assert (int(line) + 1, column) == (int(line_declared), column_declared)


def test_markdown_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, SAMPLE, "holding-evidence", "--param", f"person={AN}",
                       "--format", "markdown")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("| person | personName | post |")
    assert set(lines[1]) <= {"|", "-"}
    assert len(lines) == 2 + 3  # An's three holdings
    assert all(line.count(" | ") == lines[0].count(" | ") for line in lines[2:])
    code, out, _ = run(capsys, SAMPLE, "-e", "SELECT ('a|b' AS ?x) {}", "--format", "markdown")
    assert out.splitlines()[2] == "| a\\|b |"


def test_a_run_folder_is_a_graph(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "graph.trig")
    code, out, _ = run(capsys, tmp_path, "persons", "--format", "csv")
    assert code == 0 and "Nguyễn Văn An" in out


def test_list_shows_every_parameter(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["query", "--list"])
    out = capsys.readouterr().out
    assert code == 0
    for info in list_queries():
        assert info.name in out
        for param in info.parameters:
            line = next(x for x in out.splitlines() if x.strip().startswith(f"?{param.name} ")
                        and param.type in x)
            assert f"default: {param.default or 'none'}" in line


def test_query_and_e_together_or_neither_is_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, SAMPLE)[0] == 2
    assert run(capsys, SAMPLE, "persons", "-e", "SELECT * {}")[0] == 2


def test_prefixes_added_only_where_used_and_undeclared() -> None:
    text, added = with_prefixes("SELECT ?x { ?x og:kind ?k ; ogd:no ?y FILTER(?k != '<og:>') }")
    assert added == 1
    first = text.splitlines()[0]
    assert "PREFIX og: " in first and "PREFIX ogd: " in first and "PREFIX org:" not in first
    assert with_prefixes("SELECT * { ?s ?p 'foaf:name' }") == ("SELECT * { ?s ?p 'foaf:name' }",
                                                               0)


def test_looks_like_sparql() -> None:
    assert looks_like_sparql("select ?s where { ?s ?p ?o }")
    assert looks_like_sparql("DELETE WHERE { ?s ?p ?o }")
    assert not looks_like_sparql("holders-on-date")
    assert not looks_like_sparql("queries/ask me.rq")

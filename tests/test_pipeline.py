"""End to end: the bundled seed article through every stage, and each CLI command."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from orggraph.cli import main
from orggraph.pipeline import OUTPUTS, run

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "articles"
DEV = ROOT.parent / "shared" / "dev"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = run([SEED], out)
    assert result.exit_code == 0
    return out


def test_run_writes_every_output(out):
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name


def test_graph_parses_and_conforms(out):
    g = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert len(g) > 50
    ds = rdflib.Dataset().parse(out / "graph.trig", format="trig")
    assert len(list(ds.graphs())) >= 2
    assert (out / "validation.txt").read_text().splitlines()[0] == "conforms"


def test_seed_holdings_resolved_to_lang_chanh(out):
    (facts,) = [json.loads(line) for line in (out / "facts.jsonl").read_text().splitlines()]
    got = {(h["person"], h["post"], h["organization"]) for h in facts["holdings"]}
    assert got == {
        ("Nguyễn Xuân Hồng", "Bí thư Huyện ủy", "Huyện ủy Lang Chánh"),
        ("Nguyễn Xuân Hồng", "Chủ tịch Hội đồng nhân dân huyện",
         "Hội đồng nhân dân huyện Lang Chánh"),
        ("Lữ Đức Chung", "Phó Bí thư Thường trực Huyện ủy", "Huyện ủy Lang Chánh"),
        ("Hoàng Văn Thanh", "Phó Bí thư Huyện ủy", "Huyện ủy Lang Chánh"),
        ("Hoàng Văn Thanh", "Chủ tịch Ủy ban nhân dân huyện", "Ủy ban nhân dân huyện Lang Chánh"),
    }
    assert {h["place"] for h in facts["holdings"]} == {"huyện Lang Chánh, tỉnh Thanh Hóa"}
    assert facts["events"][0]["date"] == "2024-03-26"


def test_reporting_lines_reach_the_province(out):
    svg = (out / "reporting-lines.svg").read_text()
    for label in ("Các chi bộ thôn, bản,", "đảng bộ xã", "Đảng bộ huyện Lang Chánh",
                  "Huyện ủy Lang Chánh", "Ban Thường vụ Huyện", "Đảng bộ tỉnh Thanh Hóa"):
        assert label in svg, label  # labels may wrap onto a second line


def test_run_json_lists_every_input(out):
    report = json.loads((out / "run.json").read_text())
    assert [i["status"] for i in report["inputs"]] == ["ok"]
    assert report["counts"]["holdings"] == 5


def test_output_is_byte_identical(out, tmp_path):
    run([SEED], tmp_path)
    for name in ("facts.jsonl", "graph.ttl", "graph.trig"):
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_run_reports_bad_input_and_goes_on(tmp_path):
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "a.jsonl").write_text('{"id": "ok1", "text": "Sáng 2/5, đồng chí Trần Văn Minh, '
                                 'Bí thư Huyện ủy Quan Sơn chủ trì hội nghị."}\n{broken\n')
    result = run([bad], tmp_path / "out")
    assert result.exit_code == 3
    statuses = {i.input.split("/")[-1]: i.status for i in result.report.inputs}
    assert statuses["empty.txt"] == "skipped"
    assert statuses["a.jsonl:2"] == "skipped"
    assert [f.id for f in result.facts] == ["ok1"]
    assert run([bad], tmp_path / "out2", strict=True).exit_code == 1


# --- each command --------------------------------------------------------------------------

def test_cli_extract_build_validate_query_viz(tmp_path, capsys):
    facts = tmp_path / "facts.jsonl"
    assert main(["extract", str(SEED), "-o", str(facts)]) == 0
    assert facts.read_text().count("\n") == 1
    ttl, trig = tmp_path / "g.ttl", tmp_path / "g.trig"
    assert main(["build", str(facts), "-o", str(ttl), "--trig", str(trig)]) == 0
    assert main(["validate", str(trig)]) == 0
    assert capsys.readouterr().out.startswith("conforms")
    assert main(["query", str(trig), "concurrent-posts", "--format", "csv"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()
    assert any("Nguyễn Xuân Hồng" in r for r in rows[1:])
    svg = tmp_path / "r.svg"
    assert main(["viz", str(trig), "-o", str(svg)]) == 0
    assert "Huyện ủy Lang Chánh" in svg.read_text()


def test_cli_query_list_and_explain(capsys):
    assert main(["query", "--list"]) == 0
    assert "concurrent-posts" in capsys.readouterr().out
    assert main(["explain", str(next(SEED.glob("*.yaml"))), "--no-color"]) == 0
    assert "[Nguyễn Xuân Hồng]{person}" in capsys.readouterr().out


def test_cli_help_has_examples(capsys):
    for command in ("run", "extract", "build", "validate", "query", "eval", "viz", "explain"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "example:" in capsys.readouterr().out


@pytest.mark.skipif(not DEV.is_dir(), reason="shared gold articles not present")
def test_eval_seed_article_scores_one(tmp_path, capsys):
    gold = tmp_path / "gold"
    gold.mkdir()
    seed = next(DEV.glob("s01-*.yaml"))
    (gold / seed.name).write_text(seed.read_text())
    assert main(["eval", str(gold), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["persons"]["f1"] == 1.0
    assert scores["holdings"]["f1"] == 1.0
    assert scores["event_dates"]["f1"] == 1.0
    assert scores["organizations"]["accuracy"] == 1.0


def test_store_is_queryable(out):
    store = ox.Store()
    store.bulk_load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    n = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?m a "
                    "<http://www.w3.org/ns/org#Membership> } }")
    assert int(next(iter(n))["n"].value) == 5


# --- robust runs -------------------------------------------------------------------------------

HOSTILE = ROOT / "tests" / "hostile"


def test_hostile_corpus_run_keeps_every_good_article(tmp_path):
    """One run over the hostile corpus: every good article reaches the graph, every bad input
    is listed in run.json with its reason, and the run still writes all outputs."""
    import yaml

    cases = yaml.safe_load((HOSTILE / "cases.yaml").read_text())
    result = run([HOSTILE / "corpus"], tmp_path)
    assert result.exit_code == 3  # finished, some inputs skipped
    graphs = {str(g.value) for g in result.store.named_graphs()}
    good = [c["id"] for c in cases if c["status"] == "ok"]
    assert good
    for article_id in good:
        iri = next(g for g in graphs if g.endswith("/article/" + article_id))
        assert iri, article_id
    listed = json.loads((tmp_path / "run.json").read_text())["inputs"]
    skipped = [i for i in listed if i["status"] in ("skipped", "error")]
    assert len(skipped) == sum(c["status"] in ("skipped", "error") for c in cases)
    assert all(i["reason"] for i in skipped)
    for name in OUTPUTS:
        assert (tmp_path / name).exists()


def test_unwritable_output_folder_is_one_clear_line(capsys):
    assert main(["run", str(SEED), "--out", "/proc/orggraph-out", "--quiet"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "/proc/orggraph-out" in err[0]


def test_shacl_problems_are_flagged_in_the_graph_not_dropped(tmp_path):
    from orggraph.facts import Facts, Holding
    from orggraph.pipeline import build_store
    from orggraph.validate import report_quads, validate

    bad = Facts(id="bad", persons=["Trần Văn Minh"], published="2024-13-45",
                holdings=[Holding("Trần Văn Minh", "Bí thư Huyện ủy", "Huyện ủy Quan Sơn")])
    store = build_store([(bad, None)])
    report = validate(store)
    assert not report.conforms
    assert any("article" in r.message.lower() or "date" in r.message.lower()
               for r in report.results)
    store.extend(report_quads(report))
    flagged = store.query("SELECT ?f WHERE { GRAPH ?g { ?r <http://www.w3.org/ns/shacl#focusNode> "
                          "?f } }")
    assert len(list(flagged)) == len(report.results)
    members = store.query("SELECT ?m WHERE { GRAPH ?g { ?m a <http://www.w3.org/ns/org#Membership> "
                          "} }")
    assert len(list(members)) == 1  # kept


def test_build_skips_bad_records_line_by_line_and_duplicate_ids(tmp_path, capsys):
    good = '{"id": "a", "persons": ["Trần Văn Minh"]}'
    facts = tmp_path / "f.jsonl"
    facts.write_text("\n".join([good, "{broken", '{"id": "b", "holdings": 3}',
                                '{"id": "c"}', good]) + "\n")
    latin = tmp_path / "g.jsonl"
    latin.write_bytes('{"id": "d", "persons": ["Tr\u1ea7n"]}'.encode("utf-16"))
    out = tmp_path / "g.ttl"
    assert main(["build", str(facts), str(latin), "-o", str(out)]) == 3
    err = capsys.readouterr().err
    assert f"{facts}:2: skipped: not valid JSON" in err
    assert f"{facts}:3: skipped" in err and "'holdings' must be a list" in err
    assert f"{facts}:5: duplicate: article id 'a' already built from {facts}:1" in err
    assert f"{latin}: skipped: not UTF-8 text" in err
    graphs = {g.value.rsplit("/", 1)[-1] for g in _graphs(out)}
    assert graphs == {"a", "c"}


def _graphs(ttl: Path):
    store = ox.Store()
    store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    return {q.subject for q in store.quads_for_pattern(
        None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("https://w3id.org/orggraph/ontology#Article"))}


def test_all_gold_articles_together_make_a_conforming_graph(tmp_path):
    """Articles of both eras share organisation names (Tỉnh ủy X before and after the 2025
    merger): together they must still give one conforming graph."""
    sets = [p for p in (*ROOT.glob("tests/data/heldout*"), DEV) if p.is_dir()]
    result = run(sets, tmp_path)
    assert result.exit_code == 0
    assert result.validation.conforms, result.validation.text()
    assert result.report.counts["articles"] >= 45

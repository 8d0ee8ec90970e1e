"""`orggraph run --append`: adding reports to a built set gives the set of one run over all
of them, byte for byte, and changes the graph only where the new reports touch it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from orggraph.pipeline import OUTPUTS, run
from orggraph.previous import NoPreviousSet, read_previous

ARTICLES = sorted((Path(__file__).resolve().parents[1] / "data" / "articles").glob("*.yaml"))
OLD, NEW = ARTICLES[:4], ARTICLES[4:]  # 2024 reports, then the 2025 ones of the same places
SAME = [name for name in OUTPUTS if name not in ("run.json", "validation.txt")]


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("append")
    whole, appended = root / "whole", root / "appended"
    run([*OLD, *NEW], whole)
    run(OLD, appended)
    run(NEW, appended, append=True)
    return whole, appended


def test_appending_gives_the_set_of_one_run_over_all(sets: tuple[Path, Path]) -> None:
    whole, appended = sets
    for name in SAME:
        assert (appended / name).read_bytes() == (whole / name).read_bytes(), name


def test_validation_report_is_the_same_too(sets: tuple[Path, Path]) -> None:
    whole, appended = sets
    assert (appended / "validation.txt").read_text(encoding="utf-8") == (
        whole / "validation.txt").read_text(encoding="utf-8")


def test_an_old_articles_graph_changes_only_in_the_run_that_generated_it(
        tmp_path: Path) -> None:
    run(OLD, tmp_path / "out")
    before = _graphs(tmp_path / "out" / "graph.trig")
    run(NEW, tmp_path / "out", append=True)
    after = _graphs(tmp_path / "out" / "graph.trig")
    old_articles = [g for g in before if "/article/" in g]
    assert len(old_articles) == len(OLD)
    # the new reports share persons and bodies with the old, yet what the old reports
    # said stays as it was: only prov:wasGeneratedBy names the new run
    for g in old_articles:
        assert _facts(before[g]) == _facts(after[g]), g
    assert len([g for g in after if "/article/" in g]) == len(ARTICLES)


def _facts(quads: set[ox.Quad]) -> set[ox.Quad]:
    generated = ox.NamedNode("http://www.w3.org/ns/prov#wasGeneratedBy")
    return {q for q in quads if q.predicate != generated}


def _graphs(path: Path) -> dict[str, set[ox.Quad]]:
    out: dict[str, set[ox.Quad]] = {}
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        out.setdefault(name, set()).add(quad)
    return out


def test_previous_set_keeps_every_article_with_its_text(sets: tuple[Path, Path]) -> None:
    whole, _ = sets
    previous = read_previous(whole)
    assert [f.id for f, _ in previous] == [p.stem for p in ARTICLES]
    assert all(text for _, text in previous)


def test_append_to_a_folder_without_a_set_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(NoPreviousSet):
        read_previous(tmp_path)
    done = subprocess.run([sys.executable, "-m", "orggraph.cli", "run", str(NEW[0]), "--out",
                           str(tmp_path / "empty"), "--append", "--quiet"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    assert "--append" in done.stderr and "no facts.jsonl" in done.stderr
    assert not (tmp_path / "empty" / "graph.trig").exists()

"""The bundled reports (`make run` reads data/articles) show what the README promises a new
user: a hierarchy from commune to province to the centre in both eras, a person's career
across reports, and a tenure conflict between two reports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from orggraph.pipeline import run
from orggraph.query import run_named_query

BUNDLED = Path(__file__).resolve().parents[1] / "data" / "articles"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundled")
    done = run([BUNDLED], out)
    return done, out


def value(row, key) -> str:
    term = row.get(key)
    return "" if term is None else getattr(term, "value", str(term))


def test_every_bundled_report_is_read_and_the_graph_has_no_violation(result):
    done, out = result
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert {i["status"] for i in report["inputs"]} == {"ok"}
    assert len(report["inputs"]) == len(list(BUNDLED.glob("*.yaml"))) >= 7
    assert done.exit_code == 0 and done.validation.conforms
    assert report["warnings"] == []  # every body placed in the hierarchy


@pytest.mark.parametrize("as_of,middle", [("2024-06-01", "Đảng bộ huyện"),
                                          ("2025-08-01", None)])
def test_a_commune_reports_through_the_province_to_the_centre(result, as_of, middle):
    """Before July 2025 through its district; after, straight to the province."""
    done, _ = result
    rows = run_named_query(done.store, "hierarchy-on-date", {"asOf": as_of}).rows
    lines: dict[str, list[str]] = {}
    for row in sorted(rows, key=lambda r: int(value(r, "depth"))):
        lines.setdefault(value(row, "org"), []).append(value(row, "ancestorLabel"))
    communes = {org: up for org, up in lines.items()
                if "/dang-bo-xa-" in org and "Ban Chấp hành Trung ương Đảng" in up
                and any(a.startswith("Đảng bộ tỉnh") for a in up)}
    assert communes, f"no commune reaches the centre on {as_of}"
    for up in communes.values():
        districts = [a for a in up if a.startswith("Đảng bộ huyện")]
        assert bool(districts) == bool(middle), up


def test_a_person_s_career_runs_across_two_reports(result):
    """One person node, two posts, each first shown on its own date by its own report."""
    done, _ = result
    rows = run_named_query(done.store, "career", {}).rows
    by_person: dict[str, set[tuple[str, str]]] = {}
    for row in rows:
        by_person.setdefault(value(row, "person"), set()).add(
            (value(row, "postLabel"), value(row, "start")))
    careers = {p: posts for p, posts in by_person.items()
               if len({post for post, _ in posts}) >= 2 and len({s for _, s in posts}) >= 2}
    assert careers, "no person holds two posts on two dates"
    # and the two dates come from two reports of different eras (district, then commune)
    assert any({s[:4] for _, s in posts} >= {"2024", "2025"} for posts in careers.values())


def test_two_reports_name_two_secretaries_of_one_body_at_once(result):
    _, out = result
    with (out / "conflicts.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    two = [r for r in rows if r["kind"] == "two-holders" and r["role"] == "bi-thu"]
    assert two, rows
    for r in two:
        assert r["person"] != r["otherPerson"]
        assert set(r["articles"].split()).isdisjoint(r["otherArticles"].split())

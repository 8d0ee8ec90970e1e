"""Regression guard: extraction scores stay at the issue's targets on gold-annotated articles.

`tests/data/heldout*` (bundled) were written blind to the extractor (and later used for error
analysis); `../shared/dev` is the project's development set and is checked when present.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orggraph.evaluate import evaluate
from orggraph.facts import read_facts
from orggraph.ingest import iter_articles
from orggraph.pipeline import extract_all
from orggraph.report import RunReport

ROOT = Path(__file__).resolve().parents[1]
SETS = [*(ROOT / "tests" / "data" / f"heldout{n}" for n in ("", "2", "3")),
        ROOT.parent / "shared" / "dev"]
TARGETS = {"persons": 0.97, "holdings": 0.93, "event_dates": 0.90, "changes": 0.85}


@pytest.mark.parametrize("gold_dir", SETS, ids=[p.name for p in SETS])
def test_scores_meet_targets(gold_dir):
    files = sorted(gold_dir.glob("*.yaml"))
    if not files:
        pytest.skip(f"{gold_dir} not present")
    report = RunReport()
    pred = [f for _, f in extract_all(iter_articles(files, report), report)]
    assert report.skipped == 0, report.inputs
    scores = evaluate(pred, [g for path in files for g in read_facts(path)])
    for metric, target in TARGETS.items():
        assert getattr(scores, metric).f1 >= target, (metric, scores.table())
    assert scores.organizations >= 0.90, scores.table()

"""Regression guard: extraction scores stay at or above the floors measured on each gold set.

The issue's targets (holdings F1 ≥ 0.93, persons ≥ 0.97, organisations ≥ 0.90, event dates
≥ 0.90, changes ≥ 0.85) are met on the project's older held-out sets, not yet on sets re-worded
from real reports; for those the floors are the figures reached so far (a little below, so
that an honest fix of one class that costs a single fact elsewhere is not blocked), and raising
them is the work of the issue.

- `tests/data/heldout*`: written blind to the extractor, later used for error analysis.
- `tests/data/real1`, `real2`, `real3`: re-worded from real reports by helpers who had read
  neither the extractor nor the dev articles; scored blind once, then used for error analysis.
- `tests/data/real4` to `real8`: made the same way; each scored blind once (the first figures
  are in the issue notes), then used for error analysis too. A set written after them is the
  next blind measure.
- Annotators differ on a few conventions (whether "Bí thư Đảng ủy" that the context places in
  a ward is written "… Đảng ủy phường"; whether "Ủy viên Ban Thường vụ Tỉnh ủy" belongs to the
  Tỉnh ủy or its Ban Thường vụ): the extractor follows the dev set's, and floors absorb the rest.
- `../shared/dev`: the project's development set, checked when present.
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
DATA = ROOT / "tests" / "data"

# set → floors of persons, holdings, event dates and changes F1, and organisation accuracy
FLOORS: dict[Path, dict[str, float]] = {
    DATA / "heldout": dict(persons=0.99, holdings=0.97, event_dates=0.99, changes=0.97,
                           organizations=0.97),
    DATA / "heldout2": dict(persons=0.99, holdings=0.95, event_dates=0.92, changes=0.99,
                            organizations=0.97),
    DATA / "heldout3": dict(persons=0.99, holdings=0.97, event_dates=0.96, changes=0.96,
                            organizations=0.97),
    DATA / "real1": dict(persons=0.98, holdings=0.87, event_dates=0.96, changes=0.83,
                         organizations=0.96),
    # real2's gold names the body of "Ủy viên Ban Thường vụ Tỉnh ủy" as the Tỉnh ủy, the dev
    # gold as its Ban Thường vụ: organisations differ by convention there
    DATA / "real2": dict(persons=0.99, holdings=0.75, event_dates=0.95, changes=0.70,
                         organizations=0.82),
    DATA / "real3": dict(persons=0.95, holdings=0.85, event_dates=0.63, changes=0.0,
                         organizations=0.74),
    DATA / "real4": dict(persons=0.98, holdings=0.83, event_dates=0.89, changes=0.68,
                         organizations=0.94),
    DATA / "real5": dict(persons=0.99, holdings=0.85, event_dates=0.92, changes=0.90,
                         organizations=0.93),
    DATA / "real6": dict(persons=0.99, holdings=0.80, event_dates=0.80, changes=0.79,
                         organizations=0.96),
    DATA / "real7": dict(persons=0.98, holdings=0.86, event_dates=0.84, changes=0.72,
                         organizations=0.95),
    DATA / "real8": dict(persons=0.98, holdings=0.77, event_dates=0.65, changes=0.77,
                         organizations=0.78),
    ROOT.parent / "shared" / "dev": dict(persons=0.99, holdings=0.91, event_dates=0.91,
                                         changes=0.92, organizations=0.96),
}


@pytest.mark.parametrize("gold_dir", list(FLOORS), ids=[p.name for p in FLOORS])
def test_scores_stay_at_their_floors(gold_dir):
    files = sorted(gold_dir.glob("*.yaml"))
    if not files:
        pytest.skip(f"{gold_dir} not present")
    report = RunReport()
    pred = [f for _, f in extract_all(iter_articles(files, report), report)]
    assert report.skipped == 0, report.inputs
    scores = evaluate(pred, [g for path in files for g in read_facts(path)])
    for metric, floor in FLOORS[gold_dir].items():
        value = scores.organizations if metric == "organizations" else \
            getattr(scores, metric).f1
        assert value >= floor, (metric, scores.table())

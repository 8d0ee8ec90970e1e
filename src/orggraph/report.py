"""The run report: every input with its status, counts and timings (``run.json``).

Nothing is lost silently: every reader and stage records what it did with each input here.

>>> r = RunReport()
>>> r.add("a.txt", "ok", article="a")
>>> r.add("b.jsonl:3", "skipped", reason="not valid JSON")
>>> r.skipped
1
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import TextIO

STATUSES = ("ok", "duplicate", "skipped", "error")


@dataclass
class InputStatus:
    """What happened to one input (a file, or one line of a JSONL file)."""

    input: str  # path, or path:line
    status: str  # one of STATUSES
    article: str | None = None
    reason: str | None = None


@dataclass
class RunReport:
    inputs: list[InputStatus] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    timings: dict[str, float] = field(default_factory=dict)
    messages: TextIO | None = None  # where one-line problem messages go (stderr in the CLI)
    # the extraction run (prov:Activity): IRI, software version, wall-clock start and end.
    # The times live here, not in the graph, unless asked for: graph exports stay identical.
    run: dict[str, object] = field(default_factory=dict)
    # what a corpus-level stage noticed but did not fail on (a body left out of the hierarchy)
    warnings: list[str] = field(default_factory=list)
    # person identity: merges, near-misses, curated mentions the corpus lacks
    identities: dict[str, object] = field(default_factory=dict)
    # size and SHA-256 of each other file of the run's output set: run.json is its manifest
    outputs: dict[str, dict[str, object]] = field(default_factory=dict)

    def add(self, input: str, status: str, *, article: str | None = None,
            reason: str | None = None) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        input, reason = _capped(input), _capped(reason) if reason is not None else None
        self.inputs.append(InputStatus(input, status, article, reason))
        if status != "ok" and self.messages is not None:
            print(f"{input}: {status}: {reason}", file=self.messages)

    @property
    def skipped(self) -> int:
        """Inputs not processed as such: skipped, failed or duplicates."""
        return sum(s.status != "ok" for s in self.inputs)

    @property
    def problems(self) -> int:
        """Inputs lost to bad input or a failure (skipped or error; not duplicates)."""
        return sum(s.status in ("skipped", "error") for s in self.inputs)

    @contextmanager
    def timed(self, stage: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[stage] = round(
                self.timings.get(stage, 0.0) + time.perf_counter() - start, 4)

    def to_dict(self) -> dict:
        by_status = Counter(s.status for s in self.inputs)
        return {
            "inputs": [asdict(s) for s in self.inputs],
            "status_counts": {k: by_status.get(k, 0) for k in STATUSES},
            "counts": dict(sorted(self.counts.items())),
            "timings_s": self.timings,
            "run": self.run,
            "warnings": self.warnings,
            "identities": self.identities,
            "outputs": self.outputs,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def stderr_report() -> RunReport:
    """A report that also prints each problem as one line on standard error."""
    return RunReport(messages=sys.stderr)


EXIT_OK, EXIT_FAILED, EXIT_SKIPPED = 0, 1, 3


def exit_code(report: RunReport, strict: bool = False) -> int:
    """0 when every input was processed, 3 when some were skipped or failed (1 with
    ``strict``). Duplicates are processed once and do not count as skipped."""
    if not report.problems:
        return EXIT_OK
    return EXIT_FAILED if strict else EXIT_SKIPPED


MAX_MESSAGE = 500  # characters: a reason quoting its input never grows with the input


def _capped(text: str) -> str:
    """``text`` cut to :data:`MAX_MESSAGE` characters, saying how much was left out."""
    if len(text) <= MAX_MESSAGE:
        return text
    return f"{text[:MAX_MESSAGE]}… ({len(text) - MAX_MESSAGE:,} more characters)"

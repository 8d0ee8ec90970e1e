"""Extraction on several worker processes gives what one worker gives, byte for byte."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from types import SimpleNamespace

import pytest
from clirun import orggraph_cli

from orggraph.extract import parallel
from orggraph.extract.parallel import extract_parallel
from orggraph.facts import dumps
from orggraph.ingest import iter_articles
from orggraph.pipeline import OUTPUTS, run
from orggraph.report import RunReport

DATA = Path(__file__).parent / "data"
# real reports of several outlets, and inputs that fail to read in between (to keep the
# order of the run report's entries, which reading writes ahead of extraction, in the test)
INPUTS = [DATA / "real1", DATA / "real2", DATA / "heldout"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The inputs as one folder, with a broken file among them."""
    folder = tmp_path_factory.mktemp("corpus")
    for src in INPUTS:
        for path in sorted(src.glob("*.yaml")):
            (folder / f"{src.name}-{path.name}").write_bytes(path.read_bytes())
    (folder / "real1-zz-broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    return folder


def _facts(corpus: Path, workers: int, chunk: int) -> tuple[list[str], list[tuple]]:
    report = RunReport()
    out = [dumps(f) for _, f in extract_parallel(iter_articles([corpus], report), report,
                                                  workers, chunk=chunk)]
    return out, [(s.input, s.status, s.article, s.reason) for s in report.inputs]


@pytest.mark.parametrize("chunk", [1, 3, 32, 1000])  # 1000: one chunk, no processes
def test_two_workers_give_the_facts_and_report_of_one(corpus, chunk):
    one = _facts(corpus, 1, chunk)
    two = _facts(corpus, 2, chunk)
    assert len(one[0]) >= 40  # the corpus is read, not empty
    assert any(status == "skipped" for _, status, _, _ in one[1])  # the broken file
    assert two == one


def test_run_outputs_are_byte_identical_for_one_and_two_workers(corpus, tmp_path):
    outs = {}
    for workers in (1, 2):
        result = run([corpus], tmp_path / f"w{workers}", workers=workers)
        assert result.report.counts["articles"] >= 40
        outs[workers] = tmp_path / f"w{workers}"
    for name in OUTPUTS:
        if name == "run.json":  # holds timings; its inputs and counts are compared below
            continue
        assert (outs[1] / name).read_bytes() == (outs[2] / name).read_bytes(), name
    reports = [json.loads((outs[w] / "run.json").read_text()) for w in (1, 2)]
    for key in ("inputs", "counts", "warnings", "identities"):
        assert reports[0][key] == reports[1][key], key


def test_extract_command_takes_workers(corpus, tmp_path):
    files = []
    for workers in ("1", "2"):
        path = tmp_path / f"facts-{workers}.jsonl"
        done = orggraph_cli("extract", corpus, "-o", path, "--workers", workers)
        assert done.returncode == 3, done.stderr  # the broken file is skipped
        files.append(path.read_bytes())
    assert files[0] == files[1]
    assert files[0].count(b"\n") >= 40



def test_a_worker_leaves_ending_to_sigterm_and_ctrl_c_to_the_parent(monkeypatch):
    # A forked worker inherits the command's handlers, which raise to end a run cleanly; the
    # pool ends its workers with SIGTERM, so with those handlers each would print a traceback.
    def raising(signum, _frame):
        raise RuntimeError(signum)

    for sig in (signal.SIGTERM, signal.SIGINT):
        monkeypatch.setattr(parallel, "Extractor", SimpleNamespace(load=lambda: None))
        previous = signal.signal(sig, raising)
        try:
            parallel._start()
            assert signal.getsignal(sig) is (
                signal.SIG_DFL if sig == signal.SIGTERM else signal.SIG_IGN)
        finally:
            signal.signal(sig, previous)


def test_two_workers_end_quietly(corpus, tmp_path):
    done = orggraph_cli("run", corpus, "--out", tmp_path / "out", "--workers", "2", "--quiet")
    assert done.returncode == 3, done.stderr  # the broken file is skipped
    assert "Traceback" not in done.stderr and "Terminated" not in done.stderr, done.stderr

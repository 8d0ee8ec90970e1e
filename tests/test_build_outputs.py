"""``build -o G.ttl --trig G.trig`` leaves one build's pair of files, or the previous pair:
a second build into the same files is refused while one is going (exit 1, as a second run
into one ``--out`` is), and a build ended by a signal replaces both files or neither.

The facts built here are extracted from invented sentences.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clirun import orggraph_cli

from orggraph import cli

HERE = Path(__file__).resolve().parent
ARTICLES = {
    "old": "Hội nghị Huyện ủy\n\nSáng 2/3/2024, ông Nguyễn Văn An, Bí thư Huyện ủy Quan Sơn, "
           "chủ trì hội nghị.\n",
    "new": "Bầu Chủ tịch UBND xã\n\nNgày 5/6/2024, bà Trần Thị Bình được bầu giữ chức Chủ tịch "
           "UBND xã Tân Lập, huyện Quan Sơn.\n",
}
GRAPHS = ("G.ttl", "G.trig")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """A facts file and the pair of graph files it gives, for an "old" and a "new" build."""
    made = {}
    for name, text in ARTICLES.items():
        folder = tmp_path_factory.mktemp(name)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        assert cli.main(["extract", str(folder / f"{name}.txt"), "-o",
                         str(folder / "facts.jsonl")]) == 0
        assert cli.main(["build", str(folder / "facts.jsonl"), "-o", str(folder / "G.ttl"),
                         "--trig", str(folder / "G.trig")]) == 0
        made[name] = folder
    return made


@pytest.fixture
def out(tmp_path, built) -> Path:
    """A folder holding the old pair (a copy: each test changes it)."""
    out = tmp_path / "out"
    out.mkdir()
    for name in GRAPHS:
        (out / name).write_bytes((built["old"] / name).read_bytes())
    return out


def build_args(built: dict[str, Path], name: str, out: Path) -> list[str]:
    return ["build", str(built[name] / "facts.jsonl"), "-o", str(out / "G.ttl"), "--trig",
            str(out / "G.trig")]


def pair(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (hidden ones too: a leftover shows) with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def graphs(built: dict[str, Path], name: str) -> dict[str, bytes]:
    """The pair of files the ``name`` build gave."""
    return {n: (built[name] / n).read_bytes() for n in GRAPHS}


def _paused(markers: Path, at: int, args: list[str]) -> subprocess.Popen[str]:
    """``orggraph ARGS`` in a fresh process that stops before rename ``at`` of its files."""
    markers.mkdir(exist_ok=True)
    code = str(Path(cli.__file__).resolve().parents[1])
    return subprocess.Popen([sys.executable, str(HERE / "pausedrun.py"), str(markers), str(at),
                             *args], env={**os.environ, "PYTHONPATH": code},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(marker: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the build never reached its pause"
        time.sleep(0.02)


def test_a_second_build_into_the_same_files_is_refused_and_the_first_one_wins(
        out, built, tmp_path):
    first = _paused(tmp_path / "markers", 1, build_args(built, "new", out))
    _wait_for(tmp_path / "markers" / "at-1", first)
    second = orggraph_cli(*build_args(built, "old", out))
    assert second.returncode == 1, second.stderr
    assert second.stderr.strip() == (
        f"orggraph build: {out / 'G.trig'}: another orggraph process (pid {first.pid}) is "
        "writing this file; nothing done (wait for it to end, or write another file)")
    (tmp_path / "markers" / "go").touch()
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert pair(out) == graphs(built, "new")  # both the first build's, and nothing else


def test_two_builds_started_together_leave_one_whole_pair(out, built):
    runs = [subprocess.Popen([sys.executable, "-m", "orggraph.cli",
                              *build_args(built, name, out)],
                             env={**os.environ}, text=True, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
            for name in ("new", "old")]
    done = [(p.wait(timeout=300), p.communicate()[1]) for p in runs]
    assert 0 in [code for code, _ in done]
    for code, err in done:
        assert code == 0 or (code == 1 and "another orggraph process (pid " in err), err
    assert pair(out) in (graphs(built, "new"), graphs(built, "old"))


@pytest.mark.parametrize(("at", "sig", "code", "result"), [
    (2, signal.SIGTERM, 143, "old"),  # the Turtle file staged, the TriG file being staged
    (3, signal.SIGINT, 130, "new"),  # both staged, the renames begun: held until both are done
])
def test_a_signal_replaces_both_files_or_neither(out, built, tmp_path, at, sig, code, result):
    proc = _paused(tmp_path / "markers", at, build_args(built, "new", out))
    _wait_for(tmp_path / "markers" / f"at-{at}", proc)
    proc.send_signal(sig)
    time.sleep(0.2)
    (tmp_path / "markers" / "go").touch()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert pair(out) == graphs(built, result)

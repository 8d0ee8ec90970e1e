"""``run --out`` holds one run's whole set of files, or the previous set: never a mix, never a
temporary file left, whatever ends the run (an error, a full disk, SIGTERM, SIGINT, a second
run into the same folder)."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clirun import orggraph_cli

from orggraph import cli
from orggraph.outset import LOCK_NAME, STAGE_PREFIX, OutputBusy, output_set
from orggraph.pipeline import OUTPUTS, run

HERE = Path(__file__).resolve().parent
ARTICLES = {
    "old": "Hội nghị Huyện ủy\n\nSáng 2/3/2024, ông Nguyễn Văn An, Bí thư Huyện ủy Quan Sơn, "
           "chủ trì hội nghị.\n",
    "new": "Bầu Chủ tịch UBND xã\n\nNgày 5/6/2024, bà Trần Thị Bình được bầu giữ chức Chủ tịch "
           "UBND xã Tân Lập, huyện Quan Sơn.\n",
}


def files(out: Path) -> dict[str, bytes]:
    """Every entry of ``out`` (hidden ones too) with its bytes: a leftover shows up here."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def data_files(out: Path) -> dict[str, bytes]:
    """The set but run.json, whose timings differ from run to run."""
    return {name: (out / name).read_bytes() for name in OUTPUTS if name != "run.json"}


def consistent(out: Path) -> bool:
    """Whether the files in ``out`` are the ones its run.json (the manifest) lists."""
    listed = json.loads((out / "run.json").read_text(encoding="utf-8"))["outputs"]
    return set(listed) == set(OUTPUTS) - {"run.json"} and all(
        hashlib.sha256((out / name).read_bytes()).hexdigest() == meta["sha256"]
        for name, meta in listed.items())


@pytest.fixture(scope="module")
def sets(tmp_path_factory) -> dict[str, Path]:
    """An input file and the output set it gives, for an "old" and a "new" run."""
    made = {}
    for name, text in ARTICLES.items():
        folder = tmp_path_factory.mktemp(name)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        assert run([folder / f"{name}.txt"], folder / "out").exit_code == 0
        made[name] = folder
    return made


@pytest.fixture
def out(tmp_path, sets) -> Path:
    """An output folder holding the old set (as a copy: each test changes it)."""
    out = tmp_path / "out"
    out.mkdir()
    for name, data in files(sets["old"] / "out").items():
        (out / name).write_bytes(data)
    return out


def source(sets: dict[str, Path], name: str) -> Path:
    return sets[name] / f"{name}.txt"


def assert_old(out: Path, sets: dict[str, Path]) -> None:
    assert files(out) == files(sets["old"] / "out")  # byte for byte, nothing else there


def assert_new(out: Path, sets: dict[str, Path]) -> None:
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)
    assert data_files(out) == data_files(sets["new"] / "out") and consistent(out)


# --------------------------------------------------------------------------- in-process

def test_a_run_publishes_a_whole_set_with_its_manifest_and_leaves_nothing_else(out, sets):
    run([source(sets, "new")], out)
    assert_new(out, sets)
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert report["outputs"]["facts.jsonl"]["bytes"] == (out / "facts.jsonl").stat().st_size


@pytest.mark.parametrize("failing", range(6))
def test_a_full_disk_at_any_file_leaves_the_old_set_and_no_temporary_file(
        out, sets, monkeypatch, failing):
    """ENOSPC (or EFBIG) when the n-th file of the set is flushed to disk."""
    real, calls = os.fsync, []

    def fsync(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            calls.append(fd)
            if len(calls) == failing + 1:
                raise OSError(errno.ENOSPC if failing % 2 else errno.EFBIG,
                              os.strerror(errno.ENOSPC if failing % 2 else errno.EFBIG))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OSError) as caught:
        run([source(sets, "new")], out)
    assert caught.value.errno in (errno.ENOSPC, errno.EFBIG)
    assert_old(out, sets)


def test_the_cli_on_a_full_disk_says_one_line_exits_1_and_keeps_the_old_set(
        out, sets, monkeypatch, capsys):
    from orggraph import store

    def full(store_, path):
        Path(path).write_bytes(b"@prefix half")  # as a full disk leaves it
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(store, "export_trig", full)
    assert cli.main(["run", str(source(sets, "new")), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].endswith("No space left on device"), err
    assert_old(out, sets)


def test_an_error_between_two_renames_still_moves_the_whole_set(out, sets, monkeypatch):
    """A rename refused once in the middle of publishing (or a signal that came in just
    before the signals were held) does not leave half a set: the rest is moved."""
    real, calls = os.replace, []

    def replace(src, dst):  # type: ignore[no-untyped-def]
        if STAGE_PREFIX in os.fspath(src) and Path(dst).parent == out:
            calls.append(dst)
            if len(calls) == 3:
                raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        run([source(sets, "new")], out)
    assert_new(out, sets)


def test_a_second_run_is_refused_naming_the_holder(out, sets):
    fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, b"4242\n")
        with pytest.raises(OutputBusy, match=r"another orggraph run \(pid 4242\)"):
            run([source(sets, "new")], out)
    finally:
        os.close(fd)
    (out / LOCK_NAME).unlink()
    assert_old(out, sets)


def test_a_lock_file_left_by_a_dead_run_does_not_block(out, sets):
    (out / LOCK_NAME).write_text("999999999\n")  # a killed run's: nobody holds its lock
    run([source(sets, "new")], out)
    assert_new(out, sets)  # and the lock file is gone


def test_a_lock_file_planted_as_a_link_is_not_followed(out, sets, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious")
    (out / LOCK_NAME).symlink_to(victim)
    with pytest.raises(OSError, match="lock file"):
        run([source(sets, "new")], out)
    assert victim.read_text() == "precious"


def test_what_a_killed_run_staged_is_finished_when_whole_and_removed_when_not(out, sets):
    """SIGKILL or a power cut leaves the staging folder: the next run finishes a whole set
    (it holds run.json, written last) and deletes an unfinished one."""
    whole = out / f"{STAGE_PREFIX}whole"
    whole.mkdir()
    for name, data in files(sets["new"] / "out").items():
        if name not in ("facts.jsonl", "graph.ttl"):  # those two were moved before the kill
            (whole / name).write_bytes(data)
        else:
            (out / name).write_bytes(data)
    half = out / f"{STAGE_PREFIX}half"
    half.mkdir()
    (half / "facts.jsonl").write_text("half a run")
    (half / ".graph.ttl.x.tmp").write_text("half a file")
    with output_set(out, OUTPUTS) as stage:
        hidden = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
        assert hidden == sorted([LOCK_NAME, stage.path.name])  # both leftovers gone
        assert data_files(out) == data_files(sets["new"] / "out") and consistent(out)
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)


def test_an_exception_in_the_block_removes_the_stage_and_the_lock(out, sets):
    with pytest.raises(ZeroDivisionError), output_set(out, OUTPUTS) as stage:
        (stage.path / "facts.jsonl").write_text("new")
        (stage.path / "run.json").write_text("{}")  # staged, never published
        1 / 0  # noqa: B018
    assert_old(out, sets)


# --------------------------------------------------------------------------- real processes

def _env() -> dict[str, str]:
    code = str(Path(cli.__file__).resolve().parents[1])
    return {**os.environ, "PYTHONPATH": os.pathsep.join([code, str(HERE)])}


def _paused(markers: Path, at: int, *args: str | Path) -> subprocess.Popen[str]:
    """``orggraph ARGS`` in a fresh process that stops before rename ``at`` of its set."""
    markers.mkdir(exist_ok=True)
    return subprocess.Popen([sys.executable, str(HERE / "pausedrun.py"), str(markers), str(at),
                             *map(str, args)], env=_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _wait_for(marker: Path, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the run never reached its pause"
        time.sleep(0.02)


@pytest.mark.parametrize(("at", "sig", "code", "result"), [
    (1, signal.SIGTERM, 143, "old"),  # while facts.jsonl is staged (a temporary file there)
    # the renames: each file staged (1 to len(OUTPUTS), run.json last), then each moved
    (len(OUTPUTS), signal.SIGINT, 130, "old"),  # all staged but run.json
    (len(OUTPUTS) + 3, signal.SIGTERM, 143, "new"),  # two files moved: held until all are
])
def test_a_signal_at_any_point_leaves_the_old_set_or_the_new_one(
        out, sets, tmp_path, at, sig, code, result):
    proc = _paused(tmp_path / "markers", at, "run", source(sets, "new"), "--out", out, "--quiet")
    _wait_for(tmp_path / "markers" / f"at-{at}", proc)
    proc.send_signal(sig)
    time.sleep(0.2)
    (tmp_path / "markers" / "go").touch()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == code, err
    assert err.strip().endswith("unfinished outputs were not written") and "Traceback" not in err
    (assert_old if result == "old" else assert_new)(out, sets)


def test_a_second_run_while_one_is_going_is_refused_and_the_first_one_wins(out, sets, tmp_path):
    first = _paused(tmp_path / "markers", 2, "run", source(sets, "new"), "--out", out, "--quiet")
    _wait_for(tmp_path / "markers" / "at-2", first)
    second = orggraph_cli("run", source(sets, "old"), "--out", out, "--quiet")
    assert second.returncode == 1
    assert f"another orggraph run (pid {first.pid}) is writing this output folder" in (
        second.stderr)
    (tmp_path / "markers" / "go").touch()
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert_new(out, sets)


def test_two_runs_started_together_leave_one_whole_set(out, sets):
    runs = [subprocess.Popen([sys.executable, "-m", "orggraph.cli", "run", str(source(sets, n)),
                              "--out", str(out), "--quiet"], env=_env(), text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for n in ("new", "old")]
    done = [(p.wait(timeout=300), p.communicate()[1]) for p in runs]
    assert 0 in [code for code, _ in done]
    for code, err in done:
        assert code == 0 or (code == 1 and "another orggraph run (pid " in err), err
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS) and consistent(out)
    assert data_files(out) in (data_files(sets["new"] / "out"), data_files(sets["old"] / "out"))


def test_a_run_killed_at_a_random_moment_leaves_one_whole_set(out, sets):
    for delay in (0.5, 1.5, 3.0):
        proc = subprocess.Popen([sys.executable, "-m", "orggraph.cli", "run",
                                 str(source(sets, "new")), "--out", str(out), "--quiet"],
                                env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.terminate()
        # -15: killed before the command set its handlers, so before anything was written
        assert proc.wait(timeout=120) in (0, 143, -signal.SIGTERM)
        names = sorted(p.name for p in out.iterdir())
        assert names == sorted(OUTPUTS), names  # no stage, no lock, no temporary file
        assert consistent(out)
        assert data_files(out) in (data_files(sets["new"] / "out"),
                                   data_files(sets["old"] / "out"))

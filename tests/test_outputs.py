"""Outputs never destroy inputs or special files (issue: hardening). Every case runs the real
command in a fresh process on real files, links, FIFOs and devices, and checks what is left.

Sentences here are made up for the tests.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from clirun import orggraph_cli

from orggraph.outputs import OutputRefused, check_output_dir, check_output_file
from orggraph.pipeline import OUTPUTS

ARTICLE = {"id": "a1", "text": "Sáng 2/3/2024, ông Nguyễn Văn An, Bí thư Huyện ủy Quan Sơn, "
                               "chủ trì hội nghị của Huyện ủy."}


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "a.jsonl"
    path.parent.mkdir()
    path.write_text(json.dumps(ARTICLE, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def _refused(done, path: Path | str, reason: str) -> None:
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert f"{path}: {reason}" in done.stderr, done.stderr


def test_extract_onto_its_own_input_is_refused(feed: Path) -> None:
    before = feed.read_bytes()
    _refused(orggraph_cli("extract", feed, "-o", feed), feed, "is also an input")
    link = feed.parent.parent / "hard.jsonl"
    os.link(feed, link)  # the same file under a second name
    _refused(orggraph_cli("extract", feed, "-o", link), link, "is also an input")
    assert feed.read_bytes() == before


def test_a_symlink_output_is_refused_and_left_alone(feed: Path, tmp_path: Path) -> None:
    target = tmp_path / "facts.jsonl"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    _refused(orggraph_cli("extract", feed, "-o", link), link, "is a symbolic link")
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "old\n"
    _refused(orggraph_cli("extract", feed, "-o", "/proc/self/fd/1"), "/proc/self/fd/1",
             "is a symbolic link")


def test_devices_and_fifos_are_refused_and_stay_what_they_were(feed: Path,
                                                               tmp_path: Path) -> None:
    _refused(orggraph_cli("extract", feed, "-o", "/dev/null"), "/dev/null",
             "is a character device")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    _refused(orggraph_cli("extract", feed, "-o", fifo), fifo, "is a FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    folder = tmp_path / "folder.ttl"
    folder.mkdir()
    _refused(orggraph_cli("build", feed, "-o", folder), folder, "is a folder")


def test_an_output_inside_an_input_folder_is_refused(feed: Path, tmp_path: Path) -> None:
    inputs = feed.parent
    _refused(orggraph_cli("extract", inputs, "-o", inputs / "facts.jsonl"),
             inputs / "facts.jsonl", "is inside the input folder")
    _refused(orggraph_cli("run", inputs, "--out", inputs / "out"), inputs / "out",
             "the output folder is inside the input folder")
    alias = tmp_path / "alias"  # the input folder through a link: still the same folder
    alias.symlink_to(inputs, target_is_directory=True)
    _refused(orggraph_cli("run", alias, "--out", inputs / "out"), inputs / "out",
             "the output folder is inside the input folder")
    assert sorted(p.name for p in inputs.iterdir()) == ["a.jsonl"]  # nothing created


def test_run_refuses_an_input_that_is_one_of_its_outputs(feed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    facts = out / "facts.jsonl"
    facts.write_bytes(feed.read_bytes())
    _refused(orggraph_cli("run", facts, "--out", out), facts, "is also an input")
    assert facts.read_bytes() == feed.read_bytes()


def test_build_refuses_one_file_for_both_outputs_and_its_own_input(feed: Path,
                                                                   tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    done = orggraph_cli("build", feed, "-o", graph, "--trig", graph)
    assert done.returncode == 2 and "named for both -o and --trig" in done.stderr
    _refused(orggraph_cli("build", feed, "-o", feed), feed, "is also an input")
    _refused(orggraph_cli("viz", feed, "-o", feed), feed, "is also an input")


def test_a_run_whose_inputs_all_fail_keeps_the_previous_outputs(feed: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = orggraph_cli("run", feed, "--out", out, "--quiet")
    assert good.returncode == 0, good.stderr
    before = {name: (out / name).read_bytes() for name in OUTPUTS}
    typo = tmp_path / "in" / "a.jsnol"
    failed = orggraph_cli("run", typo, tmp_path / "nope", "--out", out, "--quiet")
    assert failed.returncode == 1
    assert "no article could be read (2 inputs skipped or failed); nothing written" in (
        failed.stderr)
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == before
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()
                  ) == sorted(OUTPUTS)


def test_extract_and_build_whose_inputs_all_fail_keep_the_previous_file(
        feed: Path, tmp_path: Path) -> None:
    facts = tmp_path / "facts.jsonl"
    assert orggraph_cli("extract", feed, "-o", facts).returncode == 0
    graph = tmp_path / "g.ttl"
    assert orggraph_cli("build", facts, "-o", graph).returncode == 0
    kept = facts.read_bytes(), graph.read_bytes()
    missing = tmp_path / "missing.jsonl"
    done = orggraph_cli("extract", missing, "-o", facts)
    assert done.returncode == 1 and f"nothing written, {facts} left as it was" in done.stderr
    done = orggraph_cli("build", missing, "-o", graph)
    assert done.returncode == 1 and "nothing written" in done.stderr
    assert (facts.read_bytes(), graph.read_bytes()) == kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.jsonl", "g.ttl", "in"]


def test_the_checks_accept_ordinary_outputs(feed: Path, tmp_path: Path) -> None:
    check_output_file(tmp_path / "facts.jsonl", [feed, feed.parent, "-"])
    (tmp_path / "facts.jsonl").write_text("old", encoding="utf-8")
    check_output_file(tmp_path / "facts.jsonl", [feed])  # an earlier output: replaced
    check_output_dir(tmp_path / "out", [feed.parent], OUTPUTS)
    with pytest.raises(OutputRefused, match="is also an input"):
        check_output_file(feed, [str(feed.parent / "*.jsonl")])  # a glob naming it

"""Folders are walked completely or said to be skipped, and duplicates are duplicates (issue:
hardening). Real folders, links and loops on disk.

Sentences here are made up for the tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orggraph.ingest import iter_articles
from orggraph.report import RunReport


def _article(path: Path, n: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Tin số {n}\nSáng 2/3/2024, Huyện ủy Quan Sơn họp phiên thứ {n}.\n",
                    encoding="utf-8")
    return path


def _ids(inputs: list[str | Path]) -> tuple[list[str], RunReport]:
    report = RunReport()
    return [a.id for a in iter_articles(inputs, report)], report


def test_a_symlinked_subfolder_is_walked(tmp_path: Path) -> None:
    _article(tmp_path / "in" / "a.txt", 1)
    _article(tmp_path / "elsewhere" / "b.txt", 2)
    (tmp_path / "in" / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    ids, report = _ids([tmp_path / "in"])
    assert ids == ["a", "b"]
    assert [s.status for s in report.inputs] == ["ok", "ok"]


def test_a_link_loop_ends_and_each_file_is_read_once(tmp_path: Path) -> None:
    top = tmp_path / "in"
    for n, rel in enumerate(["a.txt", "x/b.txt", "x/y/c.txt"], 1):
        _article(top / rel, n)
    (top / "x" / "y" / "up").symlink_to(top, target_is_directory=True)  # y/up → in: a loop
    (top / "x" / "self").symlink_to(top / "x", target_is_directory=True)
    for inputs in ([top], [f"{top}/**"], [f"{top}/**/*.txt"], [top, f"{top}/**/*.txt"]):
        ids, report = _ids(inputs)
        assert sorted(ids) == ["a", "b", "c"], inputs
        assert len(report.inputs) == 3, [s.input for s in report.inputs]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their mode")
def test_an_unreadable_subfolder_is_reported(tmp_path: Path) -> None:
    _article(tmp_path / "in" / "a.txt", 1)
    locked = tmp_path / "in" / "locked"
    _article(locked / "b.txt", 2)
    locked.chmod(0)
    try:
        ids, report = _ids([tmp_path / "in"])
    finally:
        locked.chmod(0o755)
    assert ids == ["a"]
    (bad,) = [s for s in report.inputs if s.status != "ok"]
    assert bad.input == str(locked) and "cannot read this folder" in (bad.reason or "")


def test_a_shared_home_page_url_makes_no_duplicate(tmp_path: Path) -> None:
    for n, url in enumerate(["https://baomau.example.vn/", "https://www.baomau.example.vn",
                             "http://baomau.example.vn/index.html"], 1):
        (tmp_path / f"a{n}.yaml").write_text(
            f"url: {url}\ntext: Sáng 2/3/2024, Huyện ủy Quan Sơn họp phiên thứ {n}.\n",
            encoding="utf-8")
    ids, report = _ids([tmp_path])
    assert ids == ["a1", "a2", "a3"] and report.skipped == 0


def test_an_article_url_still_decides(tmp_path: Path) -> None:
    for n in (1, 2):
        (tmp_path / f"a{n}.yaml").write_text(
            "url: https://baomau.example.vn/tin/hop-1.html\n"
            f"text: Sáng 2/3/2024, Huyện ủy Quan Sơn họp phiên thứ {n}.\n", encoding="utf-8")
    ids, report = _ids([tmp_path])
    assert ids == ["a1"]
    assert report.inputs[1].status == "duplicate"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.integers(min_value=1, max_value=6), min_size=2, max_size=6),
       home=st.sampled_from(["https://bao.vn", "https://bao.vn/", "http://www.bao.vn/#top",
                             "https://bao.vn/trang-chu"]))
def test_with_a_home_page_url_only_equal_texts_are_duplicates(tmp_path: Path, texts: list[int],
                                                              home: str) -> None:
    folder = tmp_path / f"d{abs(hash((tuple(texts), home)))}"
    folder.mkdir()
    for i, n in enumerate(texts):
        (folder / f"a{i}.yaml").write_text(
            f"url: '{home}'\ntext: Sáng 2/3/2024, Huyện ủy Quan Sơn họp phiên thứ {n}.\n",
            encoding="utf-8")
    ids, report = _ids([folder])
    assert len(ids) == len(set(texts))
    assert all("same text as" in (s.reason or "") for s in report.inputs
               if s.status == "duplicate")

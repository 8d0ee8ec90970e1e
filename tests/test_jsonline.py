"""One helper says why a JSON line cannot be used (issue: hardening): the article reader and the
facts reader give the same reason for the same line, and read a line at a time."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orggraph.facts import iter_facts
from orggraph.ingest import iter_articles
from orggraph.jsonline import JsonLineError, byte_lines, loads_line
from orggraph.report import RunReport

_BAD_LINES = st.one_of(
    st.text(alphabet=st.sampled_from(list('{}[]":,0123456789 truefalsn\\x')), min_size=1,
            max_size=40),
    st.integers(min_value=4400, max_value=9000).map(lambda n: '{"n": ' + "7" * n + "}"),
    st.integers(min_value=5000, max_value=60_000).map(lambda n: "[" * n + "]" * n),
)


def _reason(text: str) -> str | None:
    try:
        loads_line(text)
    except JsonLineError as e:
        return str(e)
    return None


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(line=_BAD_LINES)
def test_both_readers_give_the_helpers_reason(tmp_path: Path, line: str) -> None:
    expected = _reason(line)
    if expected is None or not line.strip():
        return  # valid JSON or blank: nothing to compare
    path = tmp_path / "x.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    articles, facts = RunReport(), RunReport()
    list(iter_articles([path], articles))
    list(iter_facts([path], facts))
    (a,) = articles.inputs
    (f,) = facts.inputs
    assert a.input == f.input == f"{path}:1"
    assert a.reason == f"{expected}; line skipped, the other lines were read"
    assert f.reason == f"{expected}; record left out"
    assert len(expected) < 200  # never the value itself


def test_the_reasons_name_the_class_of_problem() -> None:
    assert _reason('{"a": 1') == "not valid JSON (Expecting ',' delimiter at column 8)"
    assert _reason("[" * 100_000 + "]" * 100_000) == "not usable JSON (nested too deeply)"
    assert _reason("1" * 5000) == "not usable JSON (a number of more than 4,300 digits)"
    assert _reason(json.dumps({"a": "x\u2028y"})) is None


def test_a_line_cut_short_at_the_end_of_the_file_says_so(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_text('{"id": "a"}\n{"id": "b", "persons": ["An', encoding="utf-8")
    report = RunReport()
    assert [f.id for f in iter_facts([path], report)] == ["a"]
    bad = report.inputs[-1]
    assert bad.input == f"{path}:2" and "the line is cut short" in (bad.reason or "")


def test_lines_longer_than_the_limit_are_read_past_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_bytes(b'{"id": "a"}\n' + b"x" * 5000 + b"\n" + b'{"id": "c"}')
    with path.open("rb") as stream:
        lines = list(byte_lines(stream, 100))
    assert [(ln.number, ln.data, ln.complete) for ln in lines] == [
        (1, b'{"id": "a"}\n', True), (2, None, True), (3, b'{"id": "c"}', False)]
    assert lines[1].size == 5001


def test_a_facts_line_not_utf8_is_one_line_left_out(tmp_path: Path) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(b'{"id": "a"}\n{"id": "\xff"}\n{"id": "c"}\n')
    report = RunReport()
    assert [f.id for f in iter_facts([path], report)] == ["a", "c"]
    (bad,) = [s for s in report.inputs if s.status != "ok"]
    assert bad.input == f"{path}:2" and "not UTF-8 text" in (bad.reason or "")

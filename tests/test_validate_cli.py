"""``orggraph validate`` tells "not RDF" from "does not conform" (issue: hardening): each its
own message and exit code, one line, never echoing the input. Real files, real processes."""

from __future__ import annotations

from pathlib import Path

import pytest
from clirun import orggraph_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orggraph.cli import main

SHAPES = Path(__file__).parent / "data" / "shapes"


def test_a_conforming_graph_exits_0_and_a_broken_one_1() -> None:
    good = orggraph_cli("validate", SHAPES / "good.ttl")
    assert (good.returncode, good.stdout.strip()) == (0, "conforms")
    bad = orggraph_cli("validate", SHAPES / "bad-change-kind.ttl")
    assert bad.returncode == 1 and bad.stdout.strip() != "conforms" and bad.stderr == ""


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.ttl", "", "empty file (0 bytes), not an RDF graph"),
    ("prefixes.ttl", "@prefix ex: <http://ex/> .\n# nothing else\n", "no triples in the file"),
    ("garbage.trig", "x" * 3_000_000, "not RDF (TriG): Parser error at line 1"),
    ("cut.nt", '<http://a> <http://b> "' + "y" * 3_000_000, "not RDF (N-Triples)"),
    ("binary.nq", "\x00\x01\x02 <a>", "not RDF (N-Quads)"),
])
def test_a_file_that_is_not_rdf_exits_4_in_one_short_line(
        tmp_path: Path, name: str, content: str, reason: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    done = orggraph_cli("validate", path)
    assert done.returncode == 4, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith(f"orggraph validate: {path}: {reason}")
    assert done.stderr.count("\n") == 1 and len(done.stderr) < 600


def test_missing_file_and_folder_exit_4_unknown_suffix_exits_2(tmp_path: Path) -> None:
    missing = orggraph_cli("validate", tmp_path / "nope.ttl")
    assert missing.returncode == 4 and "cannot read (No such file or directory)" in missing.stderr
    folder = tmp_path / "g.ttl"
    folder.mkdir()
    assert orggraph_cli("validate", folder).returncode == 4
    other = tmp_path / "g.rdf"
    other.write_text("<a> <b> <c> .", encoding="utf-8")
    usage = orggraph_cli("validate", other)
    assert usage.returncode == 2 and "unknown graph format" in usage.stderr


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".ttl", ".trig", ".nt", ".nq"]))
def test_any_bytes_give_0_1_or_4_and_never_a_traceback(
        tmp_path: Path, data: bytes, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"g{suffix}"
    path.write_bytes(data)
    code = main(["validate", str(path)])
    err = capsys.readouterr().err
    assert code in (0, 1, 4)
    assert (code == 4) == bool(err) and err.count("\n") <= 1

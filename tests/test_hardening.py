"""Inputs that would cost more than their size (issue: hardening), each refused by class.

Sentences and files here are made up for the tests.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clirun import as_at_a_terminal

from orggraph import cli as cli_module
from orggraph.facts import FactsFormatError, read_facts
from orggraph.ingest import iter_articles
from orggraph.report import RunReport

BOMB = "\n".join(['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
                  *(f"{chr(98 + k)}: &{chr(98 + k)} [*{chr(97 + k)},*{chr(97 + k)},"
                    f"*{chr(97 + k)},*{chr(97 + k)},*{chr(97 + k)},*{chr(97 + k)}]"
                    for k in range(8))])


def test_an_article_with_a_yaml_alias_is_skipped_and_the_others_read(tmp_path):
    (tmp_path / "bomb.yaml").write_text(f"id: bomb\ntext: Sáng nay họp.\n{BOMB}\n"
                                        "published: *i\n", encoding="utf-8")
    (tmp_path / "good.yaml").write_text("id: good\ntext: Sáng 2/5, Huyện ủy Quan Sơn họp.\n",
                                        encoding="utf-8")
    report = RunReport()
    articles = list(iter_articles([tmp_path], report))
    assert [a.id for a in articles] == ["good"]
    (bad,) = [i for i in report.inputs if i.status != "ok"]
    assert bad.input.endswith("bomb.yaml") and "alias" in (bad.reason or "")
    assert len(bad.reason or "") < 200  # the expanded value never reaches the message


def test_a_gold_file_with_an_alias_names_the_file(tmp_path):
    path = tmp_path / "gold.yaml"
    path.write_text(f"id: g\ntext: x\n{BOMB}\ngold:\n  persons: *i\n", encoding="utf-8")
    with pytest.raises(FactsFormatError, match=r"gold\.yaml: YAML aliases expand to more"):
        list(read_facts(path))
    from orggraph.facts import iter_facts

    report = RunReport()
    assert list(iter_facts([path], report)) == []
    (bad,) = report.inputs
    assert (bad.reason or "").endswith("; file left out")  # said once, not "… record left out"


def test_a_value_used_twice_through_an_alias_is_read(tmp_path):
    path = tmp_path / "a.yaml"  # what a YAML writer emits for a value used twice
    path.write_text("id: a\ntext: Sáng 2/5, Huyện ủy Quan Sơn họp.\ngold:\n  persons: []\n"
                    "  holdings:\n  - &h {person: A, post: Bí thư}\n  - *h\n", encoding="utf-8")
    assert [h.person for f in read_facts(path) for h in f.holdings] == ["A", "A"]


def test_an_ampersand_and_a_star_in_text_are_no_alias(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text('id: a\ntext: "Sở LĐTB&XH tỉnh * họp."\n', encoding="utf-8")
    report = RunReport()
    assert [a.text for a in iter_articles([path], report)] == ["Sở LĐTB&XH tỉnh * họp."]


def test_a_reason_never_grows_with_its_input():
    report = RunReport()
    report.add("x" * 10_000, "skipped", reason="bad value " + "y" * 1_000_000)
    (status,) = report.inputs
    assert len(status.input) < 600 and len(status.reason or "") < 600
    assert (status.reason or "").endswith("more characters)")


def test_one_bad_json_line_is_one_skipped_line(tmp_path):
    path = tmp_path / "a.jsonl"
    good = '{"id": "good", "text": "Sáng 2/5, Huyện ủy Quan Sơn họp."}'
    path.write_text("\n".join(['{"id": "n", "text": "x", "n": ' + "9" * 5000 + "}",
                               "[" * 100_000 + "]" * 100_000, good]) + "\n", encoding="utf-8")
    report = RunReport()
    assert [a.id for a in iter_articles([path], report)] == ["good"]
    reasons = [s.reason or "" for s in report.inputs if s.status != "ok"]
    assert len(reasons) == 2 and all("not usable JSON" in r for r in reasons)


def test_facts_lines_break_at_newlines_only(tmp_path):
    path = tmp_path / "facts.jsonl"
    path.write_text('{"id": "a", "persons": ["An\\u2028Bình"]}\n'.replace("\\u2028", "\u2028")
                    + '{"id": "b", "persons": ["Cúc\u0085"]}\n' + '{"id": "c", "n": '
                    + "9" * 5000 + "}\n", encoding="utf-8")
    from orggraph.facts import iter_facts

    report = RunReport()
    assert [f.id for f in iter_facts([path], report)] == ["a", "b"]
    (bad,) = [s for s in report.inputs if s.status != "ok"]
    assert bad.input.endswith("facts.jsonl:3") and "not usable JSON" in (bad.reason or "")


def test_ctrl_c_mid_extract_is_one_line_exit_130_and_keeps_the_old_output(
        tmp_path, monkeypatch, capsys):
    from orggraph import cli
    from orggraph.extract import pipeline

    real = pipeline.extract_all

    def interrupted_after_one(articles, report):
        for i, pair in enumerate(real(articles, report)):
            if i == 1:
                raise KeyboardInterrupt
            yield pair

    monkeypatch.setattr(pipeline, "extract_all", interrupted_after_one)
    for n in range(3):
        (tmp_path / f"a{n}.txt").write_text(
            f"Hội nghị số {n}\n\n"
            f"Sáng 2/3/2024, ông Nguyễn Văn An, Bí thư Tỉnh ủy, dự hội nghị số {n}.\n",
            encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    out.write_text("old\n", encoding="utf-8")
    code = cli.main(["extract", *(str(tmp_path / f"a{n}.txt") for n in range(3)), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 130
    assert "interrupted" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == "old\n"
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["a0.txt", "a1.txt", "a2.txt", "facts.jsonl"]  # no temporary file stays


def test_facts_lines_ended_by_a_lone_cr_are_records(tmp_path):
    path = tmp_path / "facts.jsonl"  # written the classic Mac OS way
    path.write_bytes(b'{"id": "a", "persons": ["An"]}\r{"id": "b", "persons": ["B\xc3\xacnh"]}\r')
    from orggraph.facts import iter_facts

    report = RunReport()
    assert [f.id for f in iter_facts([path], report)] == ["a", "b"]
    assert all(s.status == "ok" for s in report.inputs)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize(("sig", "code", "said"), [
    (signal.SIGINT, 130, "orggraph query: interrupted; unfinished outputs were not written"),
    (signal.SIGTERM, 143, "orggraph query: ended by SIGTERM; unfinished outputs were not "
                          "written"),
])
def test_a_long_query_ends_at_once_on_ctrl_c_or_sigterm_with_one_line(tmp_path, sig, code, said):
    """Oxigraph runs a query in native code, where no signal handler runs: the query thread
    is waited for, so the command still ends at once (this query would run for hours)."""
    graph = tmp_path / "g.nt"
    graph.write_text("".join(f"<http://example.org/s{k}> <http://example.org/p> \"{k}\" .\n"
                             for k in range(3000)), encoding="utf-8")
    code_dir = str(Path(cli_module.__file__).resolve().parents[1])
    proc = subprocess.Popen(
        [sys.executable, "-m", "orggraph.cli", "query", str(graph), "-e",
         "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"],
        env={**os.environ, "PYTHONPATH": code_dir}, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, preexec_fn=as_at_a_terminal)
    try:
        tasks = Path(f"/proc/{proc.pid}/task")
        deadline = time.monotonic() + 60
        while len(list(tasks.iterdir())) < 2:  # the query's thread is running
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
    finally:  # a query left running would go on for hours
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, err
    assert err.strip() == said and out == ""

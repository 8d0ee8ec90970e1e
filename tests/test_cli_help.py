"""`orggraph --help` explains every argument, and every example it gives is real: it parses,
and each file or folder it reads exists (in the repository, or among the files the `run`
example writes into out/), and each bundled query it names is bundled."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

import pytest

from orggraph.cli import build_parser
from orggraph.pipeline import OUTPUTS
from orggraph.query import list_queries

ROOT = Path(__file__).resolve().parents[1]
# What `orggraph run data/articles --out out/` (the first example) leaves in out/.
RUN_OUTPUTS = set(OUTPUTS)
# The arguments that name something the command reads (outputs are -o, --out, --trig).
READS = ("inputs", "facts", "graph", "article", "gold_dir", "identities")


def subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def examples() -> list[tuple[str, list[str]]]:
    """(where, argv) of each `orggraph ...` line of every epilog."""
    parser = build_parser()
    found = []
    for name, p in [("orggraph", parser), *subparsers(parser).items()]:
        for line in (p.epilog or "").splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("orggraph "):
                found.append((name, shlex.split(line)[1:]))
    return found


def test_every_command_has_examples():
    have = {argv[0] for _, argv in examples()}
    assert have == set(subparsers(build_parser()))


@pytest.mark.parametrize("name", sorted(subparsers(build_parser())))
def test_every_argument_is_explained(name):
    parser = subparsers(build_parser())[name]
    bare = [a.dest for a in parser._actions
            if not isinstance(a, argparse._HelpAction) and not (a.help or "").strip()]
    assert bare == [], f"orggraph {name}: no help for {bare}"


def _exists(path: str) -> bool:
    if path == "-":
        return True
    p = Path(path)
    if p.parts == ("out",):  # the run's output folder itself
        return True
    if p.parts and p.parts[0] == "out":
        return "/".join(p.parts[1:]) in RUN_OUTPUTS
    return (ROOT / p).exists() or any(ROOT.glob(path))


@pytest.mark.parametrize("where,argv", examples(), ids=lambda v: " ".join(v)
                         if isinstance(v, list) else v)
def test_every_example_is_real(where, argv):
    args = build_parser().parse_args(argv)  # exits (SystemExit) on a wrong example
    for dest in READS:
        value = getattr(args, dest, None)
        for path in [value] if isinstance(value, str) else value or []:
            assert _exists(path), f"{where} --help: {' '.join(argv)}: {path} does not exist"
    query = getattr(args, "query", None)
    if query:
        assert query in {q.name for q in list_queries()} or (ROOT / query).exists(), query


def test_a_made_up_path_would_be_caught():
    assert not _exists("data/articles/s01.yaml") and not _exists("out/nothing.ttl")
    assert _exists("data/articles") and _exists("out/graph.trig")

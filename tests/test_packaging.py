"""A built wheel carries the ontology and queries, and finds them without a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> tuple[Path, str]:
    """The wheel, and what the build printed (``-v``: the backend's own warnings too)."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps",
                           "--no-build-isolation", "-w", str(out), str(ROOT)], check=True,
                          capture_output=True, text=True)
    return next(out.glob("orggraph-*.whl")), done.stdout + done.stderr


@pytest.fixture(scope="module")
def wheel(build) -> Path:
    return build[0]


def test_the_build_warns_of_nothing_deprecated(build):
    """`make run` installs the package: a deprecated setting (a license table) floods it."""
    printed = build[1]
    assert "Building wheel" in printed or "orggraph" in printed  # the build's log was caught
    assert [ln for ln in printed.splitlines() if "deprecat" in ln.lower()] == []


def test_wheel_holds_knowledge_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (*ROOT.glob("ontology/**/*.ttl"), *ROOT.glob("ontology/*.jsonld"),
                 *ROOT.glob("queries/*.rq")):
        assert f"orggraph/{path.relative_to(ROOT).as_posix()}" in names, path


def test_installed_copy_finds_its_files(wheel, tmp_path):
    zipfile.ZipFile(wheel).extractall(tmp_path)  # an install is this tree on sys.path
    code = ("import orggraph.resources as r, orggraph.query as q; "
            "print(r.home()); print(len(q.list_queries()))")
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    assert Path(out[0]) == tmp_path / "orggraph"
    assert int(out[1]) == len(list(ROOT.glob("queries/*.rq")))

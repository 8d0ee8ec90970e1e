"""`orggraph extract --shard K/N`: the N shards partition the corpus exactly, by article id,
whatever the input order, and their facts merge to the unsharded run's."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import pytest
from clirun import orggraph_cli
from hypothesis import given
from hypothesis import strategies as st

from orggraph.shard import Shard, ShardError, parse_shard, shard_of

CORPUS = Path(__file__).parent / "data" / "real1"


@given(ids=st.sets(st.text(min_size=1, max_size=30), max_size=60),
       count=st.integers(min_value=1, max_value=9))
def test_shards_partition_any_set_of_ids(ids: set[str], count: int) -> None:
    parts = [{i for i in ids if Shard(k, count).holds(i)} for k in range(1, count + 1)]
    assert sum(len(p) for p in parts) == len(ids)  # disjoint …
    assert set().union(*parts) == ids  # … and covering
    assert all(1 <= shard_of(i, count) <= count for i in ids)


@given(ids=st.lists(st.text(min_size=1, max_size=30), unique=True, max_size=40),
       count=st.integers(min_value=1, max_value=9), seed=st.randoms())
def test_a_shard_does_not_depend_on_order(ids: list[str], count: int, seed) -> None:
    shuffled = list(ids)
    seed.shuffle(shuffled)
    assert {i: shard_of(i, count) for i in ids} == {i: shard_of(i, count) for i in shuffled}


@given(article_id=st.text(min_size=1, max_size=30), count=st.integers(1, 9))
def test_the_shard_is_the_documented_function_of_the_id(article_id: str, count: int) -> None:
    """SHA-256 of the id (NFC), not Python's salted hash(): the same in every process and
    release; another function would re-deal every corpus already split across machines."""
    digest = hashlib.sha256(unicodedata.normalize("NFC", article_id).encode()).hexdigest()
    assert shard_of(article_id, count) == 1 + int(digest[:16], 16) % count


@pytest.mark.parametrize("bad", ["0/4", "5/4", "4", "a/b", "1/0", "-1/3", ""])
def test_bad_shard_values(bad: str) -> None:
    with pytest.raises(ShardError):
        parse_shard(bad)


def _records(path: Path) -> dict[str, str]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line]
    return {json.loads(line)["id"]: line for line in lines}


def test_cli_shards_merge_to_the_whole_corpus(tmp_path: Path) -> None:
    files = sorted(str(p) for p in CORPUS.glob("*.yaml"))
    whole = orggraph_cli("extract", *files, "-o", tmp_path / "all.jsonl")
    assert whole.returncode == 0, whole.stderr
    expected = _records(tmp_path / "all.jsonl")
    merged: dict[str, str] = {}
    for k in (1, 2, 3):
        # each shard given the inputs in another order: the shard is the same
        order = files[k:] + files[:k]
        out = tmp_path / f"shard{k}.jsonl"
        result = orggraph_cli("extract", *order, "--shard", f"{k}/3", "-o", out)
        assert result.returncode == 0, result.stderr
        got = _records(out)
        assert all(shard_of(i, 3) == k for i in got)
        assert not set(got) & set(merged)
        merged.update(got)
    assert merged == expected  # the same records, byte for byte
    assert len(expected) == len(files)


def test_cli_bad_shard_is_a_usage_error(tmp_path: Path) -> None:
    result = orggraph_cli("extract", CORPUS, "--shard", "4/3", "-o", tmp_path / "x.jsonl")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "orggraph extract: --shard '4/3': K must be between 1 and N (shards are 1/3 … 3/3)"]
    assert not (tmp_path / "x.jsonl").exists()

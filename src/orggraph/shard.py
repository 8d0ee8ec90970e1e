"""Sharded extraction: ``orggraph extract --shard K/N`` keeps a stable 1/N of the articles.

An article belongs to shard ``1 + (first 8 bytes of SHA-256 of its id, NFC, UTF-8) mod N``:
a function of the id alone, not of the input order, the machine or Python's salted
``hash()``. So N machines, each given every input and its own K, extract disjoint sets that
together are the corpus, and ``orggraph build`` merges their facts files in one load.

>>> shard = parse_shard("2/4")
>>> shard
Shard(index=2, count=4)
>>> shard_of("s01-lang-chanh", 4) == shard_of("s01-lang-chanh", 4)
True
>>> sum(parse_shard(f"{k}/3").holds("any-id") for k in (1, 2, 3))
1
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from orggraph.articles import Article


class ShardError(ValueError):
    """A ``--shard`` value that is not K/N with 1 <= K <= N."""


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``."""

    index: int
    count: int

    def holds(self, article_id: str) -> bool:
        """Whether the article of this id is this shard's."""
        return shard_of(article_id, self.count) == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def shard_of(article_id: str, count: int) -> int:
    """The shard (1..count) of an article id."""
    key = unicodedata.normalize("NFC", article_id).encode("utf-8")
    return 1 + int.from_bytes(hashlib.sha256(key).digest()[:8], "big") % count


def parse_shard(text: str) -> Shard:
    """``"K/N"`` → :class:`Shard`; :class:`ShardError` with the reason otherwise.

    >>> parse_shard("0/4")
    Traceback (most recent call last):
    ...
    orggraph.shard.ShardError: --shard '0/4': K must be between 1 and N (shards are 1/4 … 4/4)
    """
    index, sep, count = text.strip().partition("/")
    if not sep or not index.strip().isdigit() or not count.strip().isdigit():
        raise ShardError(f"--shard {text!r}: expected K/N, e.g. 2/4 (shard 2 of 4)")
    k, n = int(index), int(count)
    if n < 1:
        raise ShardError(f"--shard {text!r}: N must be at least 1")
    if not 1 <= k <= n:
        raise ShardError(f"--shard {text!r}: K must be between 1 and N "
                         f"(shards are 1/{n} … {n}/{n})")
    return Shard(k, n)


def take_shard(articles: Iterable[Article], shard: Shard | None) -> Iterator[Article]:
    """The articles of ``shard`` (all of them when None), in their order."""
    for article in articles:
        if shard is None or shard.holds(article.id):
            yield article

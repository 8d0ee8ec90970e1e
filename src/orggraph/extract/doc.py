"""The document object that flows through the extraction stages, as spaCy's ``Doc`` does.

The :class:`~orggraph.extract.pipeline.Extractor` makes one ``Doc`` per article; each stage
(names and their posts, changes, events, bodies, reporting lines) reads what the earlier
stages left on it and adds its own findings. Stages share no other state.

>>> from orggraph.articles import Article
>>> from orggraph.extract.pipeline import Extractor
>>> doc = Extractor.load().parse(Article(id="x", published="2024-05-02", text=(
...     "Sáng 2/5, đồng chí Trần Văn Minh, Bí thư Huyện ủy Quan Sơn chủ trì hội nghị.")))
>>> doc.date, [m.name for m in doc.mentions]
('2024-05-02', ['Trần Văn Minh'])
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from orggraph.articles import Article
from orggraph.extract.dates import DateMention
from orggraph.extract.tokens import Token
from orggraph.facts import Facts, Holding, Organization

if TYPE_CHECKING:
    from orggraph.extract.chains import PostRef
    from orggraph.extract.places import PlaceContext


@dataclass
class Mention:
    """A person named in the text, with the posts written next to the name."""

    name: str
    start: int  # token indices of the name
    end: int
    posts: list[PostRef] = field(default_factory=list)
    chain_end: int = 0  # token index after the posts that follow the name


@dataclass
class Doc:
    """One article under extraction: its text and tokens, and what the stages found."""

    article: Article
    text: str  # normalised body; every evidence span points into it
    title: str
    toks: list[Token]
    title_toks: list[Token]
    dates: list[DateMention]
    date: str | None  # the date of the event the lede reports
    places: PlaceContext
    facts: Facts
    mentions: list[Mention] = field(default_factory=list)
    orgs: dict[str, Organization] = field(default_factory=dict)  # canonical name → body
    _starts: list[int] = field(default_factory=list, repr=False)  # of the mentions, cached
    # (person, post, body) of ``facts.holdings``, and the list they are of: asking whether a
    # holding is known must not read every holding found before it
    _held: set[tuple[str, str, str | None]] = field(default_factory=set, repr=False)
    _held_of: list[Holding] | None = field(default=None, repr=False)

    @property
    def lede(self) -> str:
        """The first paragraph (cut off, not split off: the rest can be a whole page)."""
        end = self.text.find("\n")
        return self.text if end < 0 else self.text[:end]

    def holds(self, key: tuple[str, str, str | None]) -> bool:
        """Is there a holding of (person, post, body) in ``facts.holdings``?"""
        return key in self._holding_keys()

    def add_holding(self, holding: Holding) -> None:
        """Append ``holding`` to ``facts.holdings``, keeping the index of their keys."""
        keys = self._holding_keys()
        self.facts.holdings.append(holding)
        keys.add((holding.person, holding.post, holding.organization))

    def _holding_keys(self) -> set[tuple[str, str, str | None]]:
        # a stage that replaces the list (a filter) leaves the index of the old one behind
        if self._held_of is not self.facts.holdings:
            self._held_of = self.facts.holdings
            self._held = {(h.person, h.post, h.organization) for h in self._held_of}
        return self._held

    def mentions_in(self, first: int, stop: int) -> list[Mention]:
        """The mentions starting at tokens ``first`` to ``stop`` (they are in reading order)."""
        if len(self._starts) != len(self.mentions):
            self._starts = [m.start for m in self.mentions]
        starts = self._starts
        return self.mentions[bisect_left(starts, first):bisect_left(starts, stop)]

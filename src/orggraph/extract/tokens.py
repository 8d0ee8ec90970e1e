"""Tokens with character offsets, and a phrase matcher compiled from vocabulary labels.

>>> toks = tokenize("Bí thư Tỉnh ủy, UBND T.Ư")
>>> [t.text for t in toks]
['Bí', 'thư', 'Tỉnh', 'ủy', ',', 'UBND', 'T.Ư']
>>> m = PhraseMatcher([("Bí thư", "bi-thu"), ("Bí thư Tỉnh ủy", "x")])
>>> [(end, value) for end, value in m.match(toks, 0)]
[(4, 'x'), (2, 'bi-thu')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from functools import lru_cache
from itertools import product
from typing import Any, Generic, TypeVar

V = TypeVar("V")

# Words (with inner dots or slashes: "T.Ư", "TP.HCM", "26/3", "đ/c") or single punctuation marks.
_TOKEN = re.compile(r"\w+(?:[./]\w+)*|[^\w\s]")


class Token:
    """A word or punctuation mark with its offsets; properties computed once, read often.

    A long report has a million tokens, so each is kept small: its text and key are the
    ones every token of that word shares, and what the word alone decides (``is_word``,
    ``is_cap``: a name, a title, a proper noun; ``is_upper``: an abbreviation such as UBND,
    HĐND, T.Ư), with ``line_start`` (a line break stands between it and the token before),
    are attributes of its class, one of sixteen, instead of four more fields in each token.
    """

    __slots__ = ("key", "size", "start", "text")
    text: str
    key: str  # for matching
    start: int
    size: int  # end - start
    is_word = is_cap = is_upper = line_start = False

    def __new__(cls, text: str, start: int, end: int, line_start: bool = False) -> Token:
        text, key, flags = _word_info(text)
        tok = object.__new__(_FLAGGED[(*flags, bool(line_start))])
        # the end is kept as the span's size, a small number Python does not store anew
        tok.text, tok.key, tok.start, tok.size = text, key, start, end - start
        return tok

    @property
    def end(self) -> int:
        return self.start + self.size

    def __reduce__(self) -> tuple[type[Token], tuple[str, int, int, bool]]:
        return Token, (self.text, self.start, self.end, self.line_start)

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


# (is_word, is_cap, is_upper, line_start) → the class of the tokens so flagged
_FLAGGED: dict[tuple[bool, ...], type[Token]] = {
    flags: type("Token", (Token,), {"__slots__": (), "__qualname__": "Token", **dict(zip(
        ("is_word", "is_cap", "is_upper", "line_start"), flags, strict=True))})
    for flags in product((False, True), repeat=4)}


@lru_cache(maxsize=1 << 16)  # reports share their words: most tokens are met before
def _word_info(text: str) -> tuple[str, str, tuple[bool, bool, bool]]:
    """The word's shared text and key, and (is_word, is_cap, is_upper)."""
    return text, text.lower(), (text[0].isalnum(), text[0].isupper(),
                                len(text) > 1 and text.isupper())


class Tokens(list[Token]):
    """A whole text's tokens, with indexes of positions built on first use and kept with
    them: a question asked at many places ("the last body of this kind before here") is then
    a bisection, not a walk back to the text's start at each place. The tokens are never
    changed once read (a slice is a plain list, without indexes)."""

    __slots__ = ("_positions",)

    def __init__(self, toks: Iterable[Token] = ()) -> None:
        super().__init__(toks)
        self._positions: dict[Hashable, list[int]] = {}

    def positions(self, key: Hashable, find: Callable[[], list[int]]) -> list[int]:
        """The token indices ``find`` gives (in order), found once for each ``key``."""
        found = self._positions.get(key)
        if found is None:
            found = self._positions[key] = find()
        return found


def tokenize(text: str, offset: int = 0) -> list[Token]:
    toks = []
    previous = 0
    find = text.find
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        # most gaps are one space: look for a line break only in the others
        broken = start != previous and (start != previous + 1 or text[previous] != " ") \
            and find("\n", previous, start) >= 0
        toks.append(Token(m.group(), start + offset, end + offset, broken))
        previous = end
    return toks


def surface(toks: list[Token]) -> str:
    """The tokens as the text wrote them, spaced where it was: "Bà Rịa-Vũng Tàu" stays so.

    >>> surface(tokenize("Bà Rịa-Vũng Tàu"))
    'Bà Rịa-Vũng Tàu'
    """
    parts = []
    for k, tok in enumerate(toks):
        if k and tok.start != toks[k - 1].end:
            parts.append(" ")
        parts.append(tok.text)
    return "".join(parts)


class PhraseMatcher(Generic[V]):
    """A token trie: which phrases start at a token, longest first.

    Matching ignores case, except that a label written in capitals (an abbreviation such as
    "UV" or "BT") only matches the same capitals, so ordinary words are not read as one.
    """

    def __init__(self, phrases: Iterable[tuple[str, V]]):
        self._root: dict[Any, Any] = {}
        for label, value in phrases:
            node = self._root
            for tok in tokenize(label):
                key = tok.text if tok.is_upper else tok.key
                node = node.setdefault(key, {})
            node.setdefault(None, [])
            if value not in node[None]:
                node[None].append(value)
        self._last = frozenset(self._ends(self._root))  # keys that end a phrase

    def match(self, tokens: list[Token], i: int) -> list[tuple[int, V]]:
        """``(end, value)`` for each phrase starting at ``tokens[i]``, longest first."""
        if i >= len(tokens):
            return []
        tok = tokens[i]
        if (tok.key not in self._root) and not (tok.is_upper and tok.text in self._root):
            return []  # the common case: no phrase starts here
        found: list[tuple[int, V]] = []
        node = self._root
        j = i
        n = len(tokens)
        while j < n:
            tok = tokens[j]
            nxt = node.get(tok.text) if tok.is_upper else None
            if nxt is None:
                nxt = node.get(tok.key)
                if nxt is None:
                    break
            node = nxt
            j += 1
            values = node.get(None)
            if values:
                found.extend((j, v) for v in values)
        found.reverse()
        return found

    def scan(self, tokens: list[Token], *, overlapping: bool = False
             ) -> list[tuple[int, int, V]]:
        """``(start, end, value)`` of the longest phrase at each token, left to right; one
        pass, for callers that look at every token (without ``overlapping``, a phrase's own
        tokens start none)."""
        root = self._root
        starts = [i for i, t in enumerate(tokens)
                  if t.key in root or (t.is_upper and t.text in root)]
        found: list[tuple[int, int, V]] = []
        end = -1
        for i in starts:
            if i < end and not overlapping:
                continue
            hits = self.match(tokens, i)
            if hits:
                found.append((i, *hits[0]))
                end = hits[0][0]
        return found

    def first_words(self) -> frozenset[str]:
        """The keys a phrase can start with."""
        return frozenset(self._root)

    def ends_at(self, tokens: list[Token], k: int, longest: int = 4) -> int | None:
        """Where a phrase that ends right before ``tokens[k]`` starts (the nearest), or None."""
        if k == 0 or not self._last_words_hit(tokens[k - 1]):
            return None  # the common case: no phrase ends with this word
        for start in range(k - 1, max(-1, k - 1 - longest), -1):
            if any(end == k for end, _ in self.match(tokens, start)):
                return start
        return None

    def _last_words_hit(self, tok: Token) -> bool:
        return tok.key in self._last or (tok.is_upper and tok.text in self._last)

    @staticmethod
    def _ends(node: dict[Any, Any]) -> Iterable[str]:
        """The keys that end some phrase."""
        for key, child in node.items():
            if key is not None:
                if None in child:
                    yield key
                yield from PhraseMatcher._ends(child)

    def first(self, tokens: list[Token], i: int) -> tuple[int, V] | None:
        """The longest phrase starting at ``tokens[i]``, or None."""
        if i >= len(tokens):
            return None
        tok = tokens[i]
        if tok.key not in self._root and not (tok.is_upper and tok.text in self._root):
            return None  # the common case, without building a list
        found = self.match(tokens, i)
        return found[0] if found else None

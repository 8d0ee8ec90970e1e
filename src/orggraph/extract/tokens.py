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
from collections.abc import Iterable
from typing import Any, Generic, TypeVar

V = TypeVar("V")

# Words (with inner dots or slashes: "T.Ư", "TP.HCM", "26/3", "đ/c") or single punctuation marks.
_TOKEN = re.compile(r"\w+(?:[./]\w+)*|[^\w\s]")


class Token:
    """A word or punctuation mark with its offsets; properties computed once, read often."""

    __slots__ = ("end", "is_cap", "is_upper", "is_word", "key", "line_start", "start", "text")

    def __init__(self, text: str, start: int, end: int, line_start: bool = False):
        self.text, self.start, self.end = text, start, end
        self.line_start = line_start  # a line break stands between it and the token before
        self.key = text.lower()  # for matching
        self.is_word = text[0].isalnum()
        self.is_cap = text[0].isupper()  # a name, a title, a proper noun
        self.is_upper = len(text) > 1 and text.isupper()  # an abbreviation: UBND, HĐND, T.Ư

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"


def tokenize(text: str, offset: int = 0) -> list[Token]:
    toks = []
    previous = 0
    for m in _TOKEN.finditer(text):
        start = m.start()
        toks.append(Token(m.group(), start + offset, m.end() + offset,
                          start > previous and "\n" in text[previous:start]))
        previous = m.end()
    return toks


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

    def first(self, tokens: list[Token], i: int) -> tuple[int, V] | None:
        """The longest phrase starting at ``tokens[i]``, or None."""
        if i >= len(tokens):
            return None
        tok = tokens[i]
        if tok.key not in self._root and not (tok.is_upper and tok.text in self._root):
            return None  # the common case, without building a list
        found = self.match(tokens, i)
        return found[0] if found else None

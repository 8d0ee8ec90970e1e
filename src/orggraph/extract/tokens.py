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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Words (with inner dots or slashes: "T.Ư", "TP.HCM", "26/3", "đ/c") or single punctuation marks.
_TOKEN = re.compile(r"\w+(?:[./]\w+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_cap(self) -> bool:
        """Starts with an upper-case letter (a name, a title, a proper noun)."""
        return self.text[0].isupper()

    @property
    def is_upper(self) -> bool:
        """An all-capital abbreviation such as UBND or HĐND."""
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) > 1 and all(c.isupper() for c in letters)


def tokenize(text: str, offset: int = 0) -> list[Token]:
    return [Token(m.group(), m.start() + offset, m.end() + offset)
            for m in _TOKEN.finditer(text)]


class PhraseMatcher:
    """A token trie: which phrases start at a token, longest first.

    Matching ignores case, except that a label written in capitals (an abbreviation such as
    "UV" or "BT") only matches the same capitals, so ordinary words are not read as one.
    """

    def __init__(self, phrases: Iterable[tuple[str, object]]):
        self._root: dict = {}
        for label, value in phrases:
            node = self._root
            for tok in tokenize(label):
                key = tok.text if tok.is_upper else tok.key
                node = node.setdefault(key, {})
            node.setdefault(None, [])
            if value not in node[None]:
                node[None].append(value)

    def match(self, tokens: list[Token], i: int) -> Iterator[tuple[int, object]]:
        """Yield ``(end, value)`` for each phrase starting at ``tokens[i]``, longest first."""
        found: list[tuple[int, object]] = []
        node = self._root
        j = i
        while j < len(tokens):
            tok = tokens[j]
            nxt = node.get(tok.text) if tok.is_upper else None
            if nxt is None:
                nxt = node.get(tok.key)
            if nxt is None:
                break
            node = nxt
            j += 1
            for value in node.get(None, ()):
                found.append((j, value))
        yield from reversed(found)

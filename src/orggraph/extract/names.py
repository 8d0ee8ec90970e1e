"""Vietnamese personal names: where they start and end, and how they are introduced.

The words are vocabulary (``ontology/vocab/person-cues.ttl``: honorifics, ranks and degrees,
family names); what stays here is the grammar: a name is 2–5 capitalised syllables, the
first a family name unless an honorific or a byline vouches for it.

>>> from orggraph.extract.tokens import tokenize
>>> from orggraph.vocab import load_vocabulary
>>> names = NameLexicon.from_vocabulary(load_vocabulary())
>>> toks = tokenize("đồng chí Nguyễn Văn An, Bí thư")
>>> names.honorific_end(toks, 0), names.name_end(toks, 2)
(2, 5)
"""

from __future__ import annotations

from dataclasses import dataclass

from orggraph.extract.tokens import PhraseMatcher, Token
from orggraph.vocab import Vocabulary


def is_name_token(tok: Token) -> bool:
    return (tok.is_word and tok.is_cap and tok.text.isalpha() and not tok.is_upper
            and len(tok.text) <= 7)


@dataclass(frozen=True)
class NameLexicon:
    """The name words of the vocabulary, compiled for matching."""

    honorifics: PhraseMatcher  # value: True for a plural one ("các đồng chí": a list follows)
    ranks: PhraseMatcher
    surnames: frozenset[str]  # lower case
    starts: frozenset[str]  # first words of honorifics and ranks, for a fast skip
    not_name: frozenset[str]  # words that open a sentence or a body's name, never a name
    titles: PhraseMatcher[bool]  # a title starting inside a name ends it ("… Văn Chủ tịch")

    @classmethod
    def from_vocabulary(cls, vocabulary: Vocabulary) -> NameLexicon:
        hon = [(lab, c.flag("plural")) for c in vocabulary.honorifics.values()
               for lab in c.labels]
        ranks = [(lab, True) for c in vocabulary.ranks.values() for lab in c.labels]
        surnames = frozenset(lab.lower() for c in vocabulary.surnames.values()
                             for lab in c.labels)
        starts = frozenset(lab.split()[0].lower() for lab, _ in hon + ranks)
        titles = PhraseMatcher((lab, True) for c in vocabulary.titles.values()
                               for lab in c.labels if not lab.isupper())
        return cls(PhraseMatcher(hon), PhraseMatcher(ranks), surnames, starts,
                   frozenset(vocabulary.words("not-name")), titles)

    def honorific(self, tokens: list[Token], i: int) -> tuple[int, bool] | None:
        """(end, plural) of an honorific starting at ``i``, with an optional colon after it."""
        found = self.honorifics.first(tokens, i)
        if found is None:
            return None
        end, plural = found
        if end < len(tokens) and tokens[end].text == ":":
            end += 1
        return end, bool(plural)

    def honorific_end(self, tokens: list[Token], i: int) -> int | None:
        found = self.honorific(tokens, i)
        return found[0] if found else None

    def rank_end(self, tokens: list[Token], i: int) -> int | None:
        """End of ranks or degrees ("Đại tá", "PGS.TS.") starting at ``i``."""
        end = None
        j = i
        while (found := self.ranks.first(tokens, j)) is not None:
            j = found[0] + (1 if found[0] < len(tokens) and tokens[found[0]].text == "." else 0)
            end = j
        return end

    def name_end(self, tokens: list[Token], i: int, *, need_surname: bool = True,
                 max_len: int = 5) -> int | None:
        """End of a personal name of 2–``max_len`` capitalised syllables starting at ``i``.

        With ``need_surname`` the first syllable must be a family name; without it (after an
        honorific, in a byline) any capitalised syllables do.
        """
        j = i
        while j < len(tokens) and j - i < max_len and is_name_token(tokens[j]) and (
                j == i or not tokens[j].line_start):  # a name does not run across lines
            if j - i >= 2 and self.titles.first(tokens, j) is not None:
                break  # "Nguyễn Văn A Chủ tịch …": the title is not part of the name
            j += 1
        if j - i < 2:
            return None
        if tokens[i].key in self.not_name or (need_surname and tokens[i].key not in self.surnames):
            return None
        return j

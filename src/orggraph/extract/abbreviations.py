"""Abbreviations an article defines for itself: "Bộ Chỉ huy Quân sự (CHQS) tỉnh … Bộ CHQS".

Reports spell a long name out once, give its initials in brackets, and use the initials from
then on. Well-known abbreviations (UBND, HĐND, BTV …) are vocabulary; these are the article's
own. The definition's bracket is dropped from the tokens, and every use of the initials is
replaced by the words they stand for, each new token keeping the offsets of the initials, so
evidence spans still point into the text as written.

>>> from orggraph.extract.tokens import tokenize
>>> toks = expand(tokenize("Sở Văn hóa, Thể thao và Du lịch (VHTTDL) … Giám đốc Sở VHTTDL"))
>>> " ".join(t.text for t in toks)
'Sở Văn hóa , Thể thao và Du lịch … Giám đốc Sở Văn hóa , Thể thao và Du lịch'
>>> {(t.start, t.end) for t in toks[-8:]}
{(55, 61)}
"""

from __future__ import annotations

import unicodedata

from orggraph.extract.tokens import Token

# Words and marks inside a spelled-out name that have no letter in its initials.
_SKIPPED = frozenset({"và", ",", "-", "–", "&"})
_MAX_EXTRA = 4  # skipped tokens allowed beyond the initials' count


def _initial(word: str) -> str:
    """The base capital letter a word contributes: "ủy" → "U", "đồng" → "Đ"."""
    return unicodedata.normalize("NFD", word[0].upper())[0]


def _letters(abbreviation: str) -> str | None:
    """The initials of a candidate abbreviation, or None if it is not one ("CHQS" → "CHQS")."""
    letters = "".join(_initial(c) for c in abbreviation)
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return None
    return letters


def definitions(toks: list[Token]) -> dict[str, tuple[int, int, int]]:
    """``initials → (first token of the spelled-out words, "(" index, ")" index)``."""
    found: dict[str, tuple[int, int, int]] = {}
    for i in range(1, len(toks) - 2):
        if toks[i].text != "(" or toks[i + 2].text != ")":
            continue
        letters = _letters(toks[i + 1].text)
        if letters is None or toks[i + 1].text in found:
            continue
        want, k, budget = list(letters), i - 1, len(letters) + _MAX_EXTRA
        while want and k >= 0 and i - k <= budget:
            tok = toks[k]
            if tok.key in _SKIPPED and want != list(letters):
                k -= 1
                continue
            if not tok.is_word or _initial(tok.text) != want[-1]:
                break
            want.pop()
            k -= 1
        if not want:
            found[toks[i + 1].text] = (k + 1, i, i + 2)
    return found


def expand(toks: list[Token]) -> list[Token]:
    """``toks`` with the article's defining brackets dropped and its initials spelled out."""
    table = definitions(toks)
    if not table:
        return toks
    dropped = {k for _, open_, close in table.values() for k in range(open_, close + 1)}
    words = {abbr: toks[first:open_] for abbr, (first, open_, _) in table.items()}
    out: list[Token] = []
    for k, tok in enumerate(toks):
        if k in dropped:
            continue
        spelled = words.get(tok.text)
        if spelled is None:
            out.append(tok)
        else:
            out.extend(Token(w.text, tok.start, tok.end) for w in spelled)
    return out

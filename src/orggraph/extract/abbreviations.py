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
from collections.abc import Callable, Collection, Iterable, Mapping

from orggraph.extract.tokens import Token, tokenize

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


def definitions(toks: list[Token], known: Collection[str] = ()
                ) -> dict[str, tuple[int, int, int]]:
    """``initials → (first token of the spelled-out words, "(" index, ")" index)``; the
    ``known`` abbreviations (the vocabulary's: UBND, ĐBQH …) keep their meaning."""
    found: dict[str, tuple[int, int, int]] = {}
    for i in range(1, len(toks) - 2):
        if toks[i].text != "(" or toks[i + 2].text != ")":
            continue
        letters = _letters(toks[i + 1].text)
        if letters is None or toks[i + 1].text in found or toks[i + 1].text in known:
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
        # a body's name has lower-case syllables; a person's initials ("Hứa Văn Toàn (HVT)")
        # are no abbreviation of the article's
        if not want and any(t.is_word and not t.is_cap for t in toks[k + 1:i]):
            found[toks[i + 1].text] = (k + 1, i, i + 2)
    return found


def expand(toks: list[Token], known: Collection[str] = (),
           spelled: Mapping[str, str] | None = None) -> list[Token]:
    """``toks`` with the article's defining brackets dropped and its initials spelled out
    (but for the ``known`` abbreviations, whose brackets stay), and the vocabulary's
    ``spelled`` abbreviations ("UVBTV" → "Ủy viên Ban Thường vụ") too."""
    table = definitions(toks, known)
    fixed = spelled or {}
    # two-word abbreviations ("UB MTTQVN"), looked up by their first word
    pairs = {tuple(abbr.split()): full for abbr, full in fixed.items() if " " in abbr}
    firsts = {first for first, _ in pairs}
    if not table and not any(t.text in fixed or t.text in firsts for t in toks if t.is_upper):
        return toks
    dropped = {k for _, open_, close in table.values() for k in range(open_, close + 1)}
    words = {abbr: tokenize(full) for abbr, full in fixed.items()}
    words.update({abbr: toks[first:open_] for abbr, (first, open_, _) in table.items()})
    out: list[Token] = []
    skip = -1
    for k, tok in enumerate(toks):
        if k in dropped or k == skip:
            continue
        pair = pairs.get((tok.text, toks[k + 1].text)) if k + 1 < len(toks) else None
        if pair is not None:
            out.extend(Token(w.text, tok.start, toks[k + 1].end) for w in tokenize(pair))
            skip = k + 1
            continue
        meaning = words.get(tok.text)
        if meaning is None:
            out.append(tok)
        else:
            out.extend(Token(w.text, tok.start, tok.end) for w in meaning)
    return out


def spell_places(toks: list[Token], unit_words: Iterable[str],
                 find: Callable[[str], str | None]) -> list[Token]:
    """"UBND TP.HCM" → "UBND TP Hồ Chí Minh": a unit word run into an abbreviated place name
    ("TP.HCM", "TPHCM", "TP HCM") is split, and the name spelled out as ``find`` (the
    gazetteer) gives it, so the body keeps its level word and its place.

    >>> from orggraph.extract.tokens import tokenize
    >>> names = {"TP.HCM": "Hồ Chí Minh", "TP HCM": "Hồ Chí Minh"}
    >>> [t.text for t in spell_places(tokenize("Thành ủy TP.HCM"), ["TP"], names.get)]
    ['Thành', 'ủy', 'TP', 'Hồ', 'Chí', 'Minh']
    """
    words = sorted(unit_words, key=len, reverse=True)
    initials = {w[:1] for w in words}
    out: list[Token] = []
    k = 0
    while k < len(toks):
        tok = toks[k]
        # "TPHCM", "TP", "TP.HCM", "H.Tân": capitals, or a dot inside
        word = next((w for w in words if tok.text.startswith(w)), None) \
            if tok.text[:1] in initials and (tok.is_upper or "." in tok.text
                                             or tok.text in words) else None
        if word is not None and tok.text.startswith(word + ".") and \
                tok.text[len(word) + 1:len(word) + 2].isupper() and not tok.is_upper:
            # "H.Tân Hưng", "Q.Bình Thạnh": a unit word run into the first syllable of a name
            out.append(Token(word, tok.start, tok.start + len(word) + 1, tok.line_start))
            out.append(Token(tok.text[len(word) + 1:], tok.start + len(word) + 1, tok.end))
            k += 1
            continue
        if word is not None:
            rest = tok.text[len(word):].lstrip(".")
            query, end, last = tok.text, tok.end, k
            if not rest and k + 1 < len(toks) and toks[k + 1].is_upper:
                query, end, last = f"{word} {toks[k + 1].text}", toks[k + 1].end, k + 1
            elif rest and not rest[0].isupper():
                query = ""
            name = find(query) if query != word and query else None
            if name:
                out.append(Token(word, tok.start, end))
                out.extend(Token(w, tok.start, end) for w in name.split())
                k = last + 1
                continue
        out.append(tok)
        k += 1
    return out

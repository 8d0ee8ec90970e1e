"""Vietnamese text normalisation shared by readers, the extractor and evaluation.

>>> nfc("Thanh Hoá") == nfc("Thanh Hóa")
False
>>> fold_tones("Thanh Hoá, Uỷ ban, khoá") == "Thanh Hóa, Ủy ban, khóa"
True
>>> key("  Đồng chí  Nguyễn Văn AN ") == key("đồng chí nguyễn văn an")
True
>>> ascii_fold("Đảng bộ tỉnh Thanh Hóa")
'dang bo tinh thanh hoa'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

# Two conventions place the tone of the open syllables "oa oe uy" differently (hoá/hóa,
# uỷ/ủy, khoẻ/khỏe). We keep the one the scoring rules use: the tone on the first vowel.
_TONES = {"\u0300": "grave", "\u0301": "acute", "\u0303": "tilde", "\u0309": "hook",
          "\u0323": "dot"}
# Every white-space character but "\n" becomes " " (one C-level pass); then a run holding a
# line break becomes one "\n" and a run of spaces one " ". Runs are rare, so this is fast.
_TO_SPACE = dict.fromkeys(map(ord, "\t\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680"
                                 "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                                 "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"  # str.isspace
                                 "\u200b\ufeff"), " ")  # and zero-width space, BOM
_EXOTIC_SPACE = re.compile("[" + "".join(map(chr, _TO_SPACE)) + "]")
# Runs that are more than a lone "\n" (one would be replaced by itself): a text with none is
# not rebuilt, and a 20 MB article read twice (reader, extractor) costs no copy.
_LINE_RUN = re.compile(r" +\n[ \n]*|\n[ \n]+")
_SPACE_RUN = re.compile(r"  +")


def nfc(text: str) -> str:
    """Unicode NFC with non-breaking and exotic spaces turned into plain spaces; a run of
    white space is one space, or one line break if it holds one.

    A text already so is returned as it is, not copied (``normalize`` and ``re.sub`` give
    back their input when they change nothing; ``translate`` always copies, so it runs
    only when there is something to translate).
    """
    text = unicodedata.normalize("NFC", text)
    if _EXOTIC_SPACE.search(text):
        text = text.translate(_TO_SPACE)
    return _SPACE_RUN.sub(" ", _LINE_RUN.sub("\n", text))


def _move_tone(match: re.Match[str]) -> str:
    syllable = unicodedata.normalize("NFD", match.group())
    tones = [c for c in syllable if c in _TONES]
    if len(tones) != 1:
        return match.group()  # none to move, or a malformed double tone left as it is
    tone = tones[0]
    bare = syllable.replace(tone, "")
    lower = bare.lower()
    for pair in ("oa", "oe", "uy"):
        i = lower.find(pair)
        if i >= 0:
            return unicodedata.normalize("NFC", bare[: i + 1] + tone + bare[i + 1:])
    return match.group()


# An open syllable ending in oa/oe/uy (optionally after a consonant cluster): the only ones
# whose tone placement varies. "quý"/"qua" keep their u as part of the initial qu-.
_OPEN = re.compile(
    r"(?<![^\W\d_])(?:[bcdđghklmnprstvx]|ch|gh|kh|ng|ngh|nh|ph|th|tr)?"
    r"[oOuU][\u0300\u0301\u0303\u0309\u0323]?[aAeEyY][\u0300\u0301\u0303\u0309\u0323]?"
    r"(?![^\W\d_]|[\u0300-\u036f])",  # the syllable ends here, with no further mark
    re.IGNORECASE,
)


# An o/u followed by a toned a/e/y: the only place the other convention can show (in NFC).
# (at a syllable's end, and not the u of qu-: "quý" is right as it is)
_MAYBE_OLD = re.compile(r"(?<![qQ])[oOuU][áàảãạÁÀẢÃẠéèẻẽẹÉÈẺẼẸýỳỷỹỵÝỲỶỸỴ](?!\w)")


def fold_tones(text: str, *, piece: int = 1 << 16) -> str:
    """Put the tone of open oa/oe/uy syllables on the first vowel (hoá → hóa, uỷ → ủy).

    A long text is folded ``piece`` characters at a time, each cut at white space (no
    syllable, no combining sequence spans it, so the result is the same): decomposing a
    20 MB article at once would cost several times its size.
    """
    if unicodedata.is_normalized("NFC", text) and not _MAYBE_OLD.search(text):
        return text  # nothing to move: skip the decomposition
    if len(text) <= piece:
        return _fold(text)
    return "".join(_fold(part) if not unicodedata.is_normalized("NFC", part)
                   or _MAYBE_OLD.search(part) else part
                   for part in split_at_spaces(text, piece))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _OPEN.sub(_move_tone, decomposed))


_SPACE = re.compile(r"\s")


def split_at_spaces(text: str, size: int) -> Iterator[str]:
    """``text`` in pieces of about ``size`` characters, each cut just before white space
    (so never inside a word); joined, they are ``text``.

    >>> list(split_at_spaces("Đảng ủy xã Tân Phú", 4))
    ['Đảng', ' ủy xã', ' Tân', ' Phú']
    """
    start = 0
    while start < len(text):
        space = _SPACE.search(text, start + size)
        end = space.start() if space else len(text)
        yield text[start:end]
        start = end


def normalize(text: str) -> str:
    """NFC, plain spaces, one tone-mark convention: what every reader hands on."""
    return fold_tones(nfc(text))


def key(text: str) -> str:
    """A comparison key: normalised, lower case, white space collapsed, honorifics dropped."""
    # names and labels come back thousands of times in a corpus: their keys are remembered
    return _short_key(text) if len(text) <= _SHORT else _key(text)


_SHORT = 200  # longer texts are not remembered: a cache must not hold whole articles


def _key(text: str) -> str:
    text = " ".join(normalize(text).lower().split())
    return _HONORIFIC.sub("", text).strip()


_short_key = functools.lru_cache(maxsize=1 << 16)(_key)


_HONORIFIC = re.compile(r"^(?:đồng chí|đ/c|ông|bà)\s+")


def ascii_fold(text: str) -> str:
    """Strip diacritics (đ → d), lower case: for slugs and fuzzy keys, never for display."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def slug(text: str) -> str:
    """A file- and IRI-safe slug: ``"Huyện ủy Quan Sơn" → "huyen-uy-quan-son"``."""
    return _short_slug(text) if len(text) <= _SHORT else _slug(text)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text)).strip("-") or "x"


_short_slug = functools.lru_cache(maxsize=1 << 16)(_slug)

"""Text normalisation: what evidence offsets and comparisons rest on."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from orggraph.text import _TO_SPACE, fold_tones, key, nfc, normalize, slug

_LETTERS = "aoeuyAOUYhkqtnđĐ \n\t\u00a0\u2003áàảãạóòỏõọéẻýỷỳủú\u0301\u0300\u0309\u0303\u0323"
viet = st.text(alphabet=st.sampled_from(list(_LETTERS)), max_size=60)


def test_every_white_space_but_line_breaks_becomes_a_space():
    expected = {c for c in range(0x110000) if chr(c).isspace() and c not in (0x0A, 0x20)}
    assert set(_TO_SPACE) == expected | {0x200B, 0xFEFF}


@given(viet)
def test_normalize_is_idempotent_and_nfc(text):
    once = normalize(text)
    assert normalize(once) == once
    assert unicodedata.is_normalized("NFC", once)


@given(viet)
def test_white_space_runs_collapse(text):
    out = nfc(text)
    assert "  " not in out and " \n" not in out and "\n " not in out and "\n\n" not in out
    assert re.sub(r"\s+", "", out) == re.sub(r"[\s\u200b\ufeff]+", "",
                                              unicodedata.normalize("NFC", text))


@given(viet)
def test_tone_folding_keeps_length_in_nfc(text):
    text = nfc(text)
    assert len(fold_tones(text)) == len(text)  # evidence offsets survive it


def test_both_tone_conventions_meet():
    assert fold_tones("Thanh Hoá, Uỷ ban, khoẻ, thuỷ") == "Thanh Hóa, Ủy ban, khỏe, thủy"
    assert fold_tones("hoàn thành, toàn, quý") == "hoàn thành, toàn, quý"  # closed or qu-
    assert key("Đồng chí  Nguyễn Văn AN") == "nguyễn văn an"
    assert slug("Huyện ủy Quan Sơn") == "huyen-uy-quan-son"

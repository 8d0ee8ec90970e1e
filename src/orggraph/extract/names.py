"""Vietnamese personal names: where they start and end, and how they are introduced.

Closed word classes of the genre (honorifics, ranks, degrees, common surnames) are grammar,
not knowledge about particular people, so they live here.

>>> from orggraph.extract.tokens import tokenize
>>> toks = tokenize("đồng chí Nguyễn Văn An, Bí thư")
>>> name_end(toks, 2)
5
>>> honorific_end(toks, 0)
2
"""

from __future__ import annotations

from orggraph.extract.tokens import PhraseMatcher, Token

HONORIFICS = ("đồng chí", "đ/c", "Đ/c", "ông", "bà", "anh", "chị", "các đồng chí", "cụ",
              "đồng chí đại biểu", "cử tri", "học viên")
RANKS = (
    "Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá",
    "Trung tá", "Thiếu tá", "Đại úy", "Thượng úy", "Trung úy", "Thiếu úy",
    "Đô đốc", "Phó Đô đốc", "Chuẩn Đô đốc", "Nghệ sĩ Nhân dân", "Nghệ sĩ Ưu tú", "Anh hùng",
    "GS", "PGS", "TS", "ThS", "BS", "GS.TS", "PGS.TS", "Giáo sư", "Phó Giáo sư", "Tiến sĩ",
    "Thạc sĩ", "Bác sĩ", "Luật sư", "Nhà báo", "Mẹ Việt Nam Anh hùng", "đảng viên",
)
# The most frequent Vietnamese family names (together >95% of the population).
SURNAMES = frozenset("""
nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý lữ lưu trương đinh
đoàn đào cao lâm mai trịnh tạ tô hà quách thái lương la triệu châu chu tăng kiều lại doãn
khúc khổng hứa lục văn vi vương nông lò quản giang thân mạc âu diệp hầu từ ông kim phùng
tống quan thạch lưu tiêu chế chử chúc cù đàm đồng giáp hán hàn hồng khương lạc lang lăng
linh lộc mẫn nghiêm ninh phí phó phương quang sầm sơn tào thang thiều tiết trình trầm ung
viên yên ấu bạch bế cầm đậu hoàng phủ lường ma mông nhữ tòng vàng y
siu sùng ksor rơ nay rmah kpă giàng thào lầu hờ mùa tráng sình lù chảo tẩn bàn lò quàng điêu bạc
niê êban byă mlô adrơng h' đàng bồ a
""".split())
# Words that open a sentence or a body's name, never a personal name.
NOT_NAME = frozenset("""
sáng chiều tối trưa đêm ngày tháng năm theo tại trong với về các những cùng đây đó này khi sau
trước đồng ông bà đảng tỉnh huyện xã phường thành quận thị bộ ban sở hội ủy chủ bí phó ảnh nguồn
tin bài báo thôn bản khu tổ phòng mặt được là
""".split())

_HON = PhraseMatcher((h, h) for h in HONORIFICS)
_RANK = PhraseMatcher((r, r) for r in RANKS)


def honorific_end(tokens: list[Token], i: int) -> int | None:
    """End of an honorific ("đồng chí", "ông") starting at ``i``, with an optional colon."""
    for end, _ in _HON.match(tokens, i):
        if end < len(tokens) and tokens[end].text == ":":
            end += 1
        return end
    return None


def rank_end(tokens: list[Token], i: int) -> int | None:
    """End of military ranks or academic degrees ("Đại tá", "PGS.TS.") starting at ``i``."""
    end = None
    j = i
    while j < len(tokens):
        for e, _ in _RANK.match(tokens, j):
            if e < len(tokens) and tokens[e].text == ".":
                e += 1
            end = j = e
            break
        else:
            break
    return end


def is_name_token(tok: Token) -> bool:
    return (tok.is_word and tok.is_cap and tok.text.isalpha() and not tok.is_upper
            and len(tok.text) <= 7)


def name_end(tokens: list[Token], i: int, *, need_surname: bool = True,
             max_len: int = 5) -> int | None:
    """End of a personal name of 2–``max_len`` capitalised syllables starting at ``i``.

    With ``need_surname`` the first syllable must be a common family name; without it (after
    an honorific, in a byline) any capitalised syllables do.
    """
    j = i
    while j < len(tokens) and j - i < max_len and is_name_token(tokens[j]):
        j += 1
    if j - i < 2:
        return None
    if tokens[i].key in NOT_NAME or (need_surname and tokens[i].key not in SURNAMES):
        return None
    return j

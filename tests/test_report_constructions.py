"""The constructions of real reports (issue: facts right on real reports), one class a block.

Every sentence here is invented for the test (names, places and wording); none is taken from
the dev articles or the blind sets.
"""

from __future__ import annotations

import pytest
from extracting import facts_of
from hypothesis import given, settings
from hypothesis import strategies as st

from orggraph.articles import Article
from orggraph.extract.abbreviations import definitions, expand
from orggraph.extract.pipeline import Extractor
from orggraph.extract.tokens import tokenize
from orggraph.facts import Facts
from orggraph.unexplained import scan, unexplained


def posts(facts: Facts) -> set[tuple[str, str]]:
    return {(h.person, h.post) for h in facts.holdings}


def changes(facts: Facts) -> set[tuple[str, str, str | None]]:
    return {(c.person, c.change, c.post) for c in facts.changes}


# --- 1. former posts are not current ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Dự lễ có ông Hứa Văn Toàn, nguyên Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Yên Bái.",
    "Có mặt các nguyên Chủ tịch nước Lạc Văn Thiện, Khúc Minh Đạo.",
    "Nguyên Tổng Bí thư Lạc Văn Thiện gửi lẵng hoa chúc mừng.",
    "Ông Hứa Văn Toàn từng giữ chức Bí thư Tỉnh ủy Yên Bái.",
    "Trước đó, ông Hứa Văn Toàn là Phó Chủ tịch UBND tỉnh Yên Bái.",
    "Ông Hứa Văn Toàn, trước đó là Giám đốc Sở Tài chính tỉnh Yên Bái, phát biểu.",
])
def test_former_posts_give_no_holding(ex, text):
    assert facts_of(ex, text).holdings == []


def test_a_linker_ends_the_scope_of_nguyen(ex):
    f = facts_of(ex, "Ông Hứa Văn Toàn, nguyên Bí thư Huyện ủy Lục Yên, hiện là Phó Chủ tịch "
                     "UBND tỉnh Yên Bái, dự.")
    assert posts(f) == {("Hứa Văn Toàn", "Phó Chủ tịch Ủy ban nhân dân tỉnh")}


_TITLES = ["Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh", "Phó Chủ tịch HĐND tỉnh",
           "Trưởng Ban Tổ chức Tỉnh ủy", "Giám đốc Sở Y tế", "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
           "Ủy viên Ban Thường vụ Tỉnh ủy", "Tổng Bí thư", "Chủ tịch nước"]
_NAMES = ["Hứa Văn Toàn", "Khúc Thị Mai", "Lạc Đức Bình", "Đồng Văn Khải", "Mạc Thị Yến"]


@settings(max_examples=150, deadline=None)
@given(names=st.lists(st.sampled_from(_NAMES), min_size=1, max_size=3, unique=True),
       chain=st.lists(st.sampled_from(_TITLES), min_size=1, max_size=4, unique=True),
       form=st.sampled_from(["after", "before", "plural", "tung", "truoc-do"]),
       sep=st.sampled_from([", ", ", nguyên ", " kiêm "]))
def test_no_current_holding_from_a_post_marked_former(ex, names, chain, form, sep):
    """Property: whatever the chain, names and word order, "nguyên", "từng" or "trước đó"
    before the posts leaves no current holding."""
    posts_text = sep.join(chain)
    if form == "after":
        text = f"Dự có ông {names[0]}, nguyên {posts_text} tỉnh Yên Bái."
    elif form == "before":
        text = f"Nguyên {posts_text} {names[0]} dự lễ."
    elif form == "plural":
        text = f"Dự có các nguyên {posts_text} {', '.join(names)}."
    elif form == "tung":
        text = f"Ông {names[0]} từng giữ chức {posts_text} tỉnh Yên Bái."
    else:
        text = f"Trước đó, ông {names[0]} là {posts_text} tỉnh Yên Bái."
    assert facts_of(ex, text).holdings == []


# --- 2. enumerations share their post -----------------------------------------------------------

def test_list_after_a_post_and_its_verb(ex):
    f = facts_of(ex, "Ba đồng chí được chỉ định giữ chức Phó Bí thư Tỉnh ủy gồm: Khúc Minh Đạo, "
                     "Chủ tịch UBND tỉnh; Lạc Thị Hương, Chủ tịch HĐND tỉnh và Mạc Văn Tùng.")
    who = {"Khúc Minh Đạo", "Lạc Thị Hương", "Mạc Văn Tùng"}
    assert {(p, "Phó Bí thư Tỉnh ủy") for p in who} <= posts(f)
    assert {(p, "appointed", "Phó Bí thư Tỉnh ủy") for p in who} <= changes(f)
    assert ("Khúc Minh Đạo", "Chủ tịch Ủy ban nhân dân tỉnh") in posts(f)


def test_list_headed_by_a_quantified_post(ex):
    f = facts_of(ex, "Hai Phó Giám đốc Sở Xây dựng tỉnh Yên Bái là ông Hứa Văn Toàn và "
                     "bà Khúc Thị Mai.")
    assert posts(f) == {("Hứa Văn Toàn", "Phó Giám đốc Sở Xây dựng"),
                        ("Khúc Thị Mai", "Phó Giám đốc Sở Xây dựng")}


def test_list_named_after_a_passive_verb(ex):
    f = facts_of(ex, "Hai Phó Bí thư Tỉnh ủy Yên Bái được chỉ định là: ông Hứa Văn Toàn, "
                     "Phó Bí thư, Chủ tịch UBND tỉnh; bà Khúc Thị Mai, Phó Bí thư Thường trực "
                     "Tỉnh ủy.")
    assert ("Hứa Văn Toàn", "appointed", "Phó Bí thư Tỉnh ủy") in changes(f)
    assert ("Khúc Thị Mai", "appointed", "Phó Bí thư Tỉnh ủy") in changes(f)
    # the standing post is one holding, not also the plain one
    assert posts(f) == {("Hứa Văn Toàn", "Phó Bí thư Tỉnh ủy"),
                        ("Hứa Văn Toàn", "Chủ tịch Ủy ban nhân dân tỉnh"),
                        ("Khúc Thị Mai", "Phó Bí thư Thường trực Tỉnh ủy")}


def test_a_sentence_with_a_single_holder_is_no_list(ex):
    f = facts_of(ex, "Trưởng đoàn công tác là ông Hứa Văn Toàn, Phó Chủ tịch UBND tỉnh Yên Bái; "
                     "cùng đi có ông Khúc Minh Đạo.")
    assert ("Khúc Minh Đạo", "Phó Chủ tịch Ủy ban nhân dân tỉnh") not in posts(f)


# --- 3. Party committees of organs --------------------------------------------------------------

@pytest.mark.parametrize(("text", "post"), [
    ("Đại tá Hứa Văn Toàn, Bí thư Đảng ủy Quân sự tỉnh Yên Bái dự.", "Bí thư Đảng ủy Quân sự tỉnh"),
    ("Ông Hứa Văn Toàn, Bí thư Đảng ủy Công an tỉnh Yên Bái dự.", "Bí thư Đảng ủy Công an tỉnh"),
    ("Trung tướng Hứa Văn Toàn, Bí thư Đảng ủy, Chính ủy Quân khu 2 dự.",
     "Bí thư Đảng ủy Quân khu 2"),
    ("Ông Hứa Văn Toàn, Bí thư Đảng ủy Khối các cơ quan tỉnh Yên Bái dự.",
     "Bí thư Đảng ủy Khối các cơ quan tỉnh"),
    ("Bà Khúc Thị Mai, Bí thư Đảng ủy Mặt trận Tổ quốc, các đoàn thể tỉnh Yên Bái dự.",
     "Bí thư Đảng ủy Mặt trận Tổ quốc, các đoàn thể tỉnh"),
    ("Ông Hứa Văn Toàn, Bí thư Đảng ủy Bệnh viện Đa khoa tỉnh Yên Bái dự.",
     "Bí thư Đảng ủy Bệnh viện Đa khoa"),
])
def test_committees_of_organs_keep_their_organ(ex, text, post):
    assert post in {p for _, p in posts(facts_of(ex, text))}


def test_a_count_is_no_body_name(ex):
    f = facts_of(ex, "Các đồng chí bí thư Đảng ủy 12 xã, phường dự hội nghị.")
    assert not any("12" in o.name for o in f.organizations)


# --- 4. official names keep their commas, dashes and "và" ---------------------------------------

@pytest.mark.parametrize(("text", "post"), [
    ("Bà Khúc Thị Mai, Giám đốc Sở Lao động - Thương binh và Xã hội tỉnh Yên Bái dự.",
     "Giám đốc Sở Lao động - Thương binh và Xã hội"),
    ("Ông Lạc Đức Bình, Phó Giám đốc Sở VHTTDL tỉnh Yên Bái dự.",
     "Phó Giám đốc Sở Văn hóa, Thể thao và Du lịch"),
    ("Ông Lạc Đức Bình, Phó Chủ nhiệm Ủy ban Khoa học, Công nghệ và Môi trường của Quốc hội dự.",
     "Phó Chủ nhiệm Ủy ban Khoa học, Công nghệ và Môi trường của Quốc hội"),
    ("Ông Lạc Đức Bình, Tổng Biên tập Báo và Phát thanh, Truyền hình Yên Bái dự.",
     "Tổng Biên tập Báo và Phát thanh, Truyền hình"),
    ("Bà Khúc Thị Mai, Giám đốc Sở Giáo dục, Khoa học và Công nghệ tỉnh Yên Bái dự.",
     "Giám đốc Sở Giáo dục, Khoa học và Công nghệ"),
])
def test_official_names(ex, text, post):
    assert post in {p for _, p in posts(facts_of(ex, text))}


def test_an_article_defines_its_own_abbreviation():
    text = "Bộ Chỉ huy Quân sự (CHQS) tỉnh tổ chức hội nghị. Chỉ huy trưởng Bộ CHQS tỉnh phát biểu."
    toks = expand(tokenize(text))
    words = [t.text for t in toks]
    assert "CHQS" not in words and "(" not in words
    assert words.count("Quân") == 2
    spelled = [t for t in toks if t.text == "Quân"][1]
    used = text.index("Bộ CHQS") + 3
    assert (spelled.start, spelled.end) == (used, used + 4)  # where "CHQS" stands


def test_brackets_that_are_no_abbreviation_stay():
    assert definitions(tokenize("Ông Hứa Văn Toàn (HVT) và bà Khúc Thị Mai (KTM)")) == {}


def test_defined_abbreviation_reaches_the_post(ex):
    f = facts_of(ex, "Đảng ủy Quân sự (ĐUQS) tỉnh Yên Bái họp. Ông Hứa Văn Toàn, Phó Bí thư "
                     "ĐUQS tỉnh phát biểu.")
    assert ("Hứa Văn Toàn", "Phó Bí thư Đảng ủy Quân sự tỉnh") in posts(f)


# --- 5. level words after an abbreviated place --------------------------------------------------

@pytest.mark.parametrize("place", ["TP.HCM", "TPHCM", "TP HCM", "TP. Hồ Chí Minh"])
def test_abbreviated_city_keeps_its_level_word(ex, place):
    f = facts_of(ex, f"Bà Khúc Thị Mai, Phó Chủ tịch UBND {place} phát biểu.")
    (h,) = f.holdings
    assert h.post == "Phó Chủ tịch Ủy ban nhân dân thành phố"
    assert h.organization == "Ủy ban nhân dân thành phố Hồ Chí Minh"


# --- 6. mass organisations and the Youth Union --------------------------------------------------

@pytest.mark.parametrize(("text", "post"), [
    ("Chị Khúc Thị Mai, Bí thư Tỉnh Đoàn Yên Bái dự.", "Bí thư Tỉnh đoàn"),
    ("Anh Lạc Đức Bình, Chủ tịch Hội LHTN Việt Nam tỉnh Yên Bái dự.",
     "Chủ tịch Hội Liên hiệp Thanh niên Việt Nam tỉnh"),
    ("Bà Khúc Thị Mai, Chủ tịch Hội LHPN tỉnh Yên Bái dự.", "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh"),
    ("Ông Lạc Đức Bình, Chủ tịch Hội Cựu chiến binh tỉnh Yên Bái dự.",
     "Chủ tịch Hội Cựu chiến binh tỉnh"),
    ("Ông Lạc Đức Bình, Chủ tịch LĐLĐ tỉnh Yên Bái dự.", "Chủ tịch Liên đoàn Lao động tỉnh"),
])
def test_mass_organisations(ex, text, post):
    assert post in {p for _, p in posts(facts_of(ex, text))}


def test_front_dash_title_is_two_posts(ex):
    f = facts_of(ex, "Ông Lạc Đức Bình, Phó Chủ tịch - Tổng Thư ký Ủy ban MTTQ Việt Nam tỉnh "
                     "Yên Bái dự.")
    assert {p for _, p in posts(f)} == {
        "Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "Tổng Thư ký Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"}


# --- 7. armed forces and police -----------------------------------------------------------------

def test_a_bare_title_shares_the_body_of_its_chain(ex):
    f = facts_of(ex, "Thiếu tướng Hứa Văn Toàn, Phó Tư lệnh, Tham mưu trưởng Quân khu 2 dự.")
    assert posts(f) == {("Hứa Văn Toàn", "Phó Tư lệnh Quân khu 2"),
                        ("Hứa Văn Toàn", "Tham mưu trưởng Quân khu 2")}


@pytest.mark.parametrize(("text", "post"), [
    ("Đại tá Hứa Văn Toàn, Chỉ huy trưởng Bộ CHQS tỉnh Yên Bái dự.",
     "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh"),
    ("Đại tá Hứa Văn Toàn, Giám đốc Công an tỉnh Yên Bái dự.", "Giám đốc Công an tỉnh"),
    ("Thượng tướng Hứa Văn Toàn, Phó Tổng Tham mưu trưởng Quân đội nhân dân Việt Nam dự.",
     "Phó Tổng Tham mưu trưởng Quân đội nhân dân Việt Nam"),
    ("Trung tá Hứa Văn Toàn, Chỉ huy trưởng Ban CHQS xã Tân Lĩnh dự.",
     "Chỉ huy trưởng Ban Chỉ huy Quân sự xã"),
])
def test_armed_forces(ex, text, post):
    assert post in {p for _, p in posts(facts_of(ex, text))}


# --- 8. the National Assembly and government ----------------------------------------------------

def test_title_dash_name(ex):
    f = facts_of(ex, "Thứ trưởng Bộ Y tế - Lạc Đức Bình thăm bệnh viện.")
    assert posts(f) == {("Lạc Đức Bình", "Thứ trưởng Bộ Y tế")}


def test_a_comma_after_a_title_ends_a_clause_unless_a_rank_follows(ex):
    f = facts_of(ex, "Theo quyết định của Thủ tướng, ông Lạc Đức Bình giữ quyền Chủ tịch.")
    assert f.holdings == []
    f = facts_of(ex, "Đại biểu Quốc hội, Trung tướng Lạc Đức Bình thông tin tới cử tri.")
    assert posts(f) == {("Lạc Đức Bình", "Đại biểu Quốc hội")}


def test_titles_naming_their_body_keep_the_written_form(ex):
    f = facts_of(ex, "Thủ tướng Lạc Đức Bình và Phó Thủ tướng Thường trực Khúc Minh Đạo dự.")
    assert posts(f) == {("Lạc Đức Bình", "Thủ tướng"),
                        ("Khúc Minh Đạo", "Phó Thủ tướng Thường trực")}


def test_hien_la_introduces_posts(ex):
    f = facts_of(ex, "Hiện nay, ông Lạc Đức Bình còn là đại biểu Quốc hội, ủy viên Ủy ban Tài "
                     "chính, Ngân sách của Quốc hội.")
    assert posts(f) == {("Lạc Đức Bình", "Đại biểu Quốc hội"),
                        ("Lạc Đức Bình", "Ủy viên Ủy ban Tài chính, Ngân sách của Quốc hội")}


def test_bare_party_title_takes_the_committee_of_its_chain(ex):
    f = facts_of(ex, "Ông Lạc Đức Bình, Phó Bí thư, Chủ tịch UBND xã Tân Lĩnh phát biểu.")
    assert posts(f) == {("Lạc Đức Bình", "Phó Bí thư Đảng ủy xã"),
                        ("Lạc Đức Bình", "Chủ tịch Ủy ban nhân dân xã")}
    f = facts_of(ex, "Ông Lạc Đức Bình, Bí thư huyện Lục Yên, nhận quyết định.")
    assert posts(f) == {("Lạc Đức Bình", "Bí thư Huyện ủy")}


# --- 9. names -----------------------------------------------------------------------------------

def test_a_name_does_not_run_into_a_title(ex):
    f = facts_of(ex, "Ông Lạc Đức Bình Chủ tịch UBND tỉnh Yên Bái phát biểu.")
    assert f.persons == ["Lạc Đức Bình"]


def test_a_name_does_not_run_across_a_line(ex):
    f = facts_of(ex, "Ảnh: Cổng thông tin tỉnh Yên Giang\nVới Hậu Giang, Thủ tướng phê chuẩn.")
    assert not any("Với" in p for p in f.persons)


def test_rare_family_name_dong(ex):
    f = facts_of(ex, "Ông Đồng Văn Khải, Chủ tịch UBND tỉnh Yên Bái phát biểu.")
    assert f.persons == ["Đồng Văn Khải"]


# --- 10. changes --------------------------------------------------------------------------------

def test_a_run_of_verbs_has_one_subject_and_the_posts_after_the_last(ex):
    f = facts_of(ex, "Ông Lạc Đức Bình, Bí thư Tỉnh ủy Yên Bái, được Bộ Chính trị điều động, "
                     "phân công, chỉ định tham gia Ban Chấp hành, Ban Thường vụ và giữ chức Bí thư "
                     "Tỉnh ủy Lào Cai.")
    assert changes(f) >= {("Lạc Đức Bình", "transferred", "Bí thư Tỉnh ủy"),
                          ("Lạc Đức Bình", "appointed", "Bí thư Tỉnh ủy"),
                          ("Lạc Đức Bình", "appointed", "Ủy viên Ban Thường vụ Tỉnh ủy")}
    assert {h.organization for h in f.holdings} == {
        "Tỉnh ủy Lào Cai", "Ban Thường vụ Tỉnh ủy Lào Cai", "Ban Chấp hành Đảng bộ tỉnh Lào Cai"}


def test_bo_nhiem_leaves_the_office_not_the_seat(ex):
    f = facts_of(ex, "Thủ tướng bổ nhiệm Đại tá Lạc Đức Bình, Ủy viên Ban Thường vụ Tỉnh ủy, "
                     "Chỉ huy trưởng Bộ CHQS tỉnh Yên Bái giữ chức Phó Tư lệnh Quân khu 2.")
    assert changes(f) == {("Lạc Đức Bình", "appointed", "Phó Tư lệnh Quân khu 2"),
                          ("Lạc Đức Bình", "transferred", "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh")}
    assert ("Lạc Đức Bình", "Ủy viên Ban Thường vụ Tỉnh ủy") in posts(f)
    assert ("Lạc Đức Bình", "Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh") not in posts(f)


@pytest.mark.parametrize(("reason", "kind"), [
    ("do chuyển công tác", "transferred"),
    ("do nghỉ hưởng chế độ bảo hiểm xã hội", "retired"),
    ("", "dismissed"),
])
def test_why_a_post_is_left(ex, reason, kind):
    f = facts_of(ex, f"Ông Lạc Đức Bình, Giám đốc Sở Y tế, được miễn nhiệm chức vụ Ủy viên UBND "
                     f"tỉnh Yên Bái {reason}.".replace(" .", "."))
    assert {c.change for c in f.changes} == {kind}


def test_leaving_for_an_election_elsewhere_is_a_transfer(ex):
    f = facts_of(ex, "Ông Lạc Đức Bình thôi giữ chức Chủ tịch Liên đoàn Lao động tỉnh và được "
                     "giới thiệu để bầu giữ chức Chủ tịch Hội Nông dân tỉnh Yên Bái.")
    assert ("Lạc Đức Bình", "transferred", "Chủ tịch Liên đoàn Lao động tỉnh") in changes(f)


def test_hiep_thuong_is_an_election(ex):
    f = facts_of(ex, "Bà Khúc Thị Mai được hiệp thương cử giữ chức Chủ tịch Ủy ban MTTQ Việt Nam "
                     "tỉnh Yên Bái.")
    assert {(c.person, c.change) for c in f.changes} == {("Khúc Thị Mai", "elected")}


# --- 11. event dates ----------------------------------------------------------------------------

def test_a_summary_paragraph_passes_the_date_to_the_next(ex):
    f = facts_of(ex, "Lãnh đạo tỉnh mong cử tri tiếp tục đóng góp ý kiến.\n\nChiều 1-10, Tổ đại "
                     "biểu Quốc hội tỉnh Yên Bái tiếp xúc cử tri.", published="2025-10-02")
    assert f.events[0].date == "2025-10-01"


def test_a_term_is_no_date(ex):
    f = facts_of(ex, "Đại hội Đảng bộ xã Tân Lĩnh nhiệm kỳ 2025-2030 thành công tốt đẹp.",
                 published=None)
    assert f.events[0].date is None


# --- the recall proxy -------------------------------------------------------------------------

def test_unexplained_lists_titles_with_no_holding(ex):
    doc = ex.read(Article(id="u", text=(
        "Bí thư Tỉnh ủy Lạc Đức Bình dự. Nguyên Chủ tịch UBND tỉnh Khúc Minh Đạo dự. "
        "Các bí thư chi bộ tham gia. Phó Giám đốc Trung tâm Y tế huyện phát biểu.")))
    found = unexplained(doc, ex.grammar)
    assert [u.title for u in found] == ["Phó Giám đốc"]
    assert found[0].sentence == "Phó Giám đốc Trung tâm Y tế huyện phát biểu."


def test_unexplained_rate_counts_words(ex):
    report = scan([Article(id="a", text="Phó Giám đốc Trung tâm Y tế phát biểu ý kiến.")], ex)
    assert (report.articles, report.words, len(report.found)) == (1, 11, 1)
    assert report.per_1000_words == pytest.approx(1000 / 11)


def test_a_gapped_clause_shares_the_change(ex):
    f = facts_of(ex, "Theo đó, ông Lạc Đức Bình được chỉ định giữ chức Bí thư Đảng ủy xã Tân Lĩnh; "
                     "bà Khúc Thị Mai giữ chức Phó Bí thư Thường trực Đảng ủy xã.")
    assert changes(f) == {("Lạc Đức Bình", "appointed", "Bí thư Đảng ủy xã"),
                          ("Khúc Thị Mai", "appointed", "Phó Bí thư Thường trực Đảng ủy xã")}


def test_giu_chuc_after_a_name_is_a_holding(ex):
    f = facts_of(ex, "Hiện nay bà Khúc Thị Mai giữ chức Phó Chủ tịch UBND tỉnh Yên Bái.")
    assert posts(f) == {("Khúc Thị Mai", "Phó Chủ tịch Ủy ban nhân dân tỉnh")}
    assert f.changes == []


def test_the_proxy_leaves_out_offices_and_bodies(ex):
    doc = ex.read(Article(id="u", text=(
        "Đoàn Chủ tịch điều hành đại hội. Theo quyết định của Chủ tịch UBND tỉnh, hội nghị họp.")))
    assert unexplained(doc, ex.grammar) == []


def test_a_decision_names_its_appointee_after_the_verb(ex):
    f = facts_of(ex, "Các quyết định được công bố có quyết định bổ nhiệm bà Khúc Thị Mai, Phó Giám "
                     "đốc Sở Y tế, làm Giám đốc Sở Y tế tỉnh Yên Bái.")
    assert ("Khúc Thị Mai", "appointed", "Giám đốc Sở Y tế") in changes(f)
    f = facts_of(ex, "Ông Lạc Đức Bình, Bí thư Huyện ủy Lục Yên, nhận quyết định bổ nhiệm làm Giám "
                     "đốc Sở Tài chính tỉnh Yên Bái.")
    assert ("Lạc Đức Bình", "appointed", "Giám đốc Sở Tài chính") in changes(f)


def test_a_bracketed_aside_between_subject_and_verb(ex):
    f = facts_of(ex, "Tại Yên Bái, ông Lạc Đức Bình (SN 1970, quê Phú Thọ) tái đắc cử bí thư "
                     "tỉnh ủy vào ngày 29/9.")
    assert changes(f) == {("Lạc Đức Bình", "reelected", "Bí thư Tỉnh ủy")}


def test_a_promotion_within_a_body_leaves_the_lower_office(ex):
    f = facts_of(ex, "Kết quả, bà Khúc Thị Mai, Phó Chủ tịch Thường trực Hội LHPN tỉnh, được các "
                     "đại biểu bầu giữ chức Chủ tịch Hội LHPN tỉnh Yên Bái.")
    assert changes(f) == {
        ("Khúc Thị Mai", "elected", "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh"),
        ("Khúc Thị Mai", "transferred", "Phó Chủ tịch Thường trực Hội Liên hiệp Phụ nữ tỉnh")}
    assert posts(f) == {("Khúc Thị Mai", "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh")}


def test_an_acting_post_leaves_nothing(ex):
    f = facts_of(ex, "Ông Lạc Đức Bình, Phó Chủ tịch Thường trực UBND tỉnh Yên Bái, được Thủ tướng "
                     "giao quyền Chủ tịch UBND tỉnh.")
    assert {c.change for c in f.changes} == {"appointed"}
    assert ("Lạc Đức Bình", "Phó Chủ tịch Thường trực Ủy ban nhân dân tỉnh") in posts(f)


def test_a_sentence_does_not_end_inside_tp_hcm(ex):
    f = facts_of(ex, "Ban Chấp hành Trung ương Hội CCB Việt Nam chuẩn y đồng chí Lạc Đức Bình, Phó "
                     "Chủ tịch Hội CCB TP.HCM, giữ chức Chủ tịch Hội CCB TP.HCM.")
    assert ("Lạc Đức Bình", "appointed", "Chủ tịch Hội Cựu chiến binh thành phố") in changes(f)


@pytest.mark.parametrize(("text", "names"), [
    ("Lãnh đạo tỉnh dự lễ. Ảnh: Thu Trang\n\nBuổi lễ kết thúc.", ["Thu Trang"]),
    ("Quang cảnh hội nghị (Ảnh: Lạc Đức Bình).", ["Lạc Đức Bình"]),
    ("Quang cảnh hội nghị. Ảnh: NGUYÊN DU\n\nHội nghị bế mạc.", ["Nguyên Du"]),
    ("Quang cảnh hội nghị. Ảnh: K.Thùy\n\nHội nghị bế mạc.", ["K.Thùy"]),
    ("Quang cảnh hội nghị. Ảnh: Dân Việt\n\nHội nghị bế mạc.", []),
    ("Quang cảnh hội nghị. Ảnh: LA\n\nHội nghị bế mạc.", []),
])
def test_photo_credits_name_persons(ex, text, names):
    assert facts_of(ex, text).persons == names


def test_a_byline_above_the_lede(ex):
    f = facts_of(ex, "Hồng Hạnh\n\nChiều 16/8, Đại hội Đảng bộ xã Tân Lĩnh bế mạc.")
    assert f.persons == ["Hồng Hạnh"]
    assert f.events[0].date == "2024-08-16"


def test_phan_cong_appoints_but_su_phan_cong_does_not(ex):
    f = facts_of(ex, "Bộ Chính trị phân công bà Khúc Thị Mai giữ chức Bí thư Tỉnh ủy Yên Bái.")
    assert changes(f) == {("Khúc Thị Mai", "appointed", "Bí thư Tỉnh ủy")}
    f = facts_of(ex, "Bà Khúc Thị Mai thôi giữ chức Chủ tịch LĐLĐ tỉnh Yên Bái để nhận nhiệm vụ "
                     "mới theo sự phân công của Ban Thường vụ Tỉnh ủy.")
    assert {c.change for c in f.changes} == {"transferred"}


def test_gapped_clause_with_lam(ex):
    f = facts_of(ex, "Quốc hội bầu bà Khúc Thị Mai giữ chức Chủ nhiệm Ủy ban Pháp luật; ông Lạc "
                     "Đức Bình làm Chủ nhiệm Ủy ban Tư pháp.")
    assert ("Lạc Đức Bình", "elected", "Chủ nhiệm Ủy ban Tư pháp") in changes(f)  # as written


def test_a_tinh_uy_belongs_to_a_tinh_not_to_a_city_named_nearer(ex):
    f = facts_of(ex, "Đoàn đại biểu TP.HCM thăm tỉnh Tây Ninh. Tiếp đoàn có ông Lạc Đức Bình, Bí "
                     "thư Tỉnh ủy, và bà Khúc Thị Mai, Chủ tịch UBND tỉnh.")
    assert {h.organization for h in f.holdings} == {"Tỉnh ủy Tây Ninh",
                                                    "Ủy ban nhân dân tỉnh Tây Ninh"}


def test_a_passive_verb_reaches_its_subject_past_a_term_in_brackets(ex):
    f = facts_of(ex, "Anh Lạc Đức Bình, Bí thư Tỉnh Đoàn khóa X (nhiệm kỳ 2017 - 2022), tiếp tục "
                     "được tín nhiệm bầu giữ chức Bí thư Tỉnh Đoàn Yên Bái khóa XI.")
    assert ("Lạc Đức Bình", "reelected", "Bí thư Tỉnh đoàn") in changes(f)


def test_the_same_title_in_another_body_of_its_kind_is_a_transfer(ex):
    f = facts_of(ex, "Bộ Chính trị chỉ định đồng chí Lạc Đức Bình, Bí thư Tỉnh ủy Phú Thọ, giữ "
                     "chức Bí thư Tỉnh ủy Yên Bái.")
    assert {(c.change, c.organization) for c in f.changes} == {
        ("transferred", "Tỉnh ủy Phú Thọ"), ("appointed", "Tỉnh ủy Yên Bái")}


def test_nguyen_beside_an_appointee_is_the_office_left(ex):
    f = facts_of(ex, "Ông Lạc Đức Bình, nguyên Giám đốc Sở Y tế, được bổ nhiệm giữ chức Giám đốc "
                     "Sở Tài chính tỉnh Yên Bái.")
    assert changes(f) == {("Lạc Đức Bình", "transferred", "Giám đốc Sở Y tế"),
                          ("Lạc Đức Bình", "appointed", "Giám đốc Sở Tài chính")}


def test_dam_nhan_quyen_is_an_acting_appointment(ex):
    f = facts_of(ex, "Ông Lạc Đức Bình đảm nhận quyền Chủ tịch UBND tỉnh Yên Bái từ ngày 24/8.")
    assert posts(f) == {("Lạc Đức Bình", "Quyền Chủ tịch Ủy ban nhân dân tỉnh")}
    assert {c.change for c in f.changes} == {"appointed"}


def test_a_second_election_on_a_day_of_its_own(ex):
    f = facts_of(ex, "Ngày 13/10, ông Lạc Đức Bình tái đắc cử Bí thư Tỉnh ủy Yên Bái.\n\nTại Lào "
                     "Cai, bà Khúc Thị Mai tái đắc cử Bí thư Tỉnh ủy Lào Cai vào ngày 29/9.",
                 published="2020-10-14")
    assert sorted(e.date for e in f.events) == ["2020-09-29", "2020-10-13"]


def test_the_bounds_of_a_period_are_no_event_date(ex):
    f = facts_of(ex, "Trong tuần từ 30/12/2024 đến 4/1/2025, HĐND ba tỉnh đã bầu Chủ tịch UBND.",
                 published="2025-01-04")
    assert f.events[0].date is None


def test_an_anniversary_date_is_not_the_event_date(ex):
    f = facts_of(ex, "Nhân kỷ niệm 34 năm Ngày thành lập Hội Cựu chiến binh Việt Nam (6/12/1989 "
                     "- 6/12/2023), sáng 4/12, lãnh đạo tỉnh Yên Bái thăm Hội.",
                 published="2023-12-04")
    assert f.events[0].date == "2023-12-04"


def test_a_list_of_appointees_each_with_their_post(ex):
    f = facts_of(ex, "Các ông, bà được phê chuẩn bổ nhiệm Bộ trưởng gồm: Lạc Đức Bình làm Bộ "
                     "trưởng Quốc phòng; Khúc Thị Mai làm Bộ trưởng Văn hóa, Thể thao và Du lịch.")
    assert changes(f) == {("Lạc Đức Bình", "appointed", "Bộ trưởng Bộ Quốc phòng"),
                          ("Khúc Thị Mai", "appointed",
                           "Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch")}


def test_a_holder_named_after_a_title_without_a_body_is_a_person(ex):
    f = facts_of(ex, "Bộ trưởng Lạc Đức Bình phát biểu.")
    assert f.persons == ["Lạc Đức Bình"] and f.holdings == []


# --- cost bounded by the input ------------------------------------------------------------------

def test_place_context_work_grows_linearly_with_the_article(monkeypatch):
    """Each place look-up used to rebuild its anchors from every earlier mention: quadratic in
    the article's length. Counted in gazetteer calls, not seconds, so the test is exact."""
    from orggraph.gazetteer import Gazetteer

    calls = 0
    real = Gazetteer.ancestors

    def counting(self, unit):  # the real method, counted
        nonlocal calls
        calls += 1
        return real(self, unit)

    monkeypatch.setattr(Gazetteer, "ancestors", counting)
    ex = Extractor.load()
    para = "Sáng 2/5, đồng chí Hứa Văn Toàn, Bí thư Huyện ủy Quan Sơn dự hội nghị ở tỉnh Thanh Hóa."
    counts = []
    for n in (50, 200):
        calls = 0
        ex.extract(Article(id="long", text="\n".join([para] * n), published="2024-05-02"))
        counts.append(calls)
    assert counts[1] <= 5 * counts[0], counts


def test_a_name_no_unit_of_the_written_type_bears_is_no_place(ex):
    f = facts_of(ex, "Ông Hứa Văn Toàn, Chủ tịch UBND tỉnh Lê Hồng Phong phát biểu.")
    assert not any("Lê Hồng Phong" in o.name for o in f.organizations)


@pytest.mark.parametrize(("text", "post"), [
    ("Ông Lạc Đức Bình, UV.BTV Đảng ủy xã Tân Lĩnh dự.", "Ủy viên Ban Thường vụ Đảng ủy xã"),
    ("Ông Lạc Đức Bình, UVBTV Tỉnh ủy Yên Bái dự.", "Ủy viên Ban Thường vụ Tỉnh ủy"),
    ("Ông Lạc Đức Bình, Chủ tịch UBMTTQ Việt Nam xã Tân Lĩnh dự.",
     "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã"),
    ("Bà Khúc Thị Mai, Chủ tịch Hội LHPN Việt Nam tỉnh Yên Bái dự.",
     "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh"),
])
def test_abbreviations_and_no_doubled_words(ex, text, post):
    assert {p for _, p in posts(facts_of(ex, text))} == {post}


def test_doi_voi_names_the_persons_of_a_change(ex):
    f = facts_of(ex, "HĐND tỉnh bầu bổ sung chức vụ Ủy viên UBND tỉnh Yên Bái đối với hai ông Lạc "
                     "Đức Bình, Giám đốc Công an tỉnh và Hứa Văn Toàn, Chỉ huy trưởng Bộ CHQS "
                     "tỉnh.")
    assert {(p, c) for p, c, _ in changes(f)} == {("Lạc Đức Bình", "elected"),
                                                  ("Hứa Văn Toàn", "elected")}
    assert {post for _, _, post in changes(f)} == {"Ủy viên Ủy ban nhân dân tỉnh"}


def test_a_post_dismissed_for_a_move_is_left_not_taken(ex):
    f = facts_of(ex, "HĐND tỉnh miễn nhiệm chức vụ Ủy viên UBND tỉnh Yên Bái đối với Đại tá Lạc "
                     "Đức Bình, nguyên Giám đốc Công an tỉnh, do chuyển công tác.")
    assert changes(f) == {("Lạc Đức Bình", "transferred", "Ủy viên Ủy ban nhân dân tỉnh")}
    assert f.holdings == []


def test_a_title_before_the_next_name_is_that_persons(ex):
    f = facts_of(ex, "Dự lễ có Chủ tịch nước Lạc Đức Bình, Chủ tịch Quốc hội Khúc Minh Đạo.")
    assert posts(f) == {("Lạc Đức Bình", "Chủ tịch nước"), ("Khúc Minh Đạo", "Chủ tịch Quốc hội")}


def test_members_of_a_group_of_deputies_are_deputies(ex):
    f = facts_of(ex, "Tổ đại biểu Quốc hội số 10 gồm Chủ tịch nước Lạc Đức Bình; thiếu tướng Hứa "
                     "Văn Toàn, nguyên Chính ủy Quân khu 2.")
    assert posts(f) == {("Lạc Đức Bình", "Đại biểu Quốc hội"), ("Lạc Đức Bình", "Chủ tịch nước"),
                        ("Hứa Văn Toàn", "Đại biểu Quốc hội")}


def test_a_long_agent_between_duoc_and_its_verb(ex):
    f = facts_of(ex, "Ông Lạc Đức Bình, Bí thư Tỉnh ủy Yên Bái, được Ban Thường vụ Tỉnh ủy Yên "
                     "Bái chỉ định tham gia Ban Chấp hành Đảng bộ, Ban Thường vụ Đảng ủy và giữ "
                     "chức Bí thư Đảng ủy Quân sự tỉnh Yên Bái.")
    assert changes(f) == {
        ("Lạc Đức Bình", "appointed", "Ủy viên Ban Chấp hành Đảng bộ Quân sự tỉnh"),
        ("Lạc Đức Bình", "appointed", "Ủy viên Ban Thường vụ Đảng ủy Quân sự tỉnh"),
        ("Lạc Đức Bình", "appointed", "Bí thư Đảng ủy Quân sự tỉnh")}


def test_a_unit_letter_run_into_a_name(ex):
    f = facts_of(ex, "Ông Lạc Đức Bình, Chủ tịch UBND H.Tân Hưng dự.", published="2020-08-19")
    assert posts(f) == {("Lạc Đức Bình", "Chủ tịch Ủy ban nhân dân huyện")}


def test_an_agent_that_decides_before_the_verb(ex):
    f = facts_of(ex, "Ông Lạc Đức Bình, Ủy viên Ban Thường vụ Thành ủy TP HCM, được Ban Thường vụ "
                     "Thành ủy TP HCM quyết định chỉ định tham gia Ban Chấp hành, Ban Thường vụ và "
                     "giữ chức Bí thư Đảng ủy Đặc khu Côn Đảo.", published="2025-07-01")
    assert changes(f) == {
        ("Lạc Đức Bình", "appointed", "Ủy viên Ban Chấp hành Đảng bộ đặc khu"),
        ("Lạc Đức Bình", "appointed", "Ủy viên Ban Thường vụ Đảng ủy đặc khu"),
        ("Lạc Đức Bình", "appointed", "Bí thư Đảng ủy đặc khu")}


# --- places: written forms, bare province names, headlines, unit types -------------------------

def orgs(facts: Facts) -> set[tuple[str, str]]:
    return {(h.person, h.organization) for h in facts.holdings}


@pytest.mark.parametrize("written", ["Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"])
def test_a_dashed_province_name_is_one_name_kept_as_written(ex, written):
    f = facts_of(ex, f"Tại tỉnh {written}, ông Khúc Văn Lâm, Bí thư Tỉnh ủy, phát biểu.")
    assert orgs(f) == {("Khúc Văn Lâm", f"Tỉnh ủy {written}")}


def test_a_bare_province_name_after_a_state_body_is_the_province(ex):
    f = facts_of(ex, "Ông Mạc Văn Tùng được bầu làm Chủ tịch UBND Đồng Tháp.")
    assert "Đồng Tháp" not in f.persons
    assert {(h.person, h.post, h.organization) for h in f.holdings} == {
        ("Mạc Văn Tùng", "Chủ tịch Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh Đồng Tháp")}


def test_a_headline_opening_with_a_province_places_the_report(ex):
    f = facts_of(ex, "Ông Mạc Văn Tùng, Phó Chủ tịch UBND tỉnh, trao quyết định.",
                 title="Gia Lai: Trao quyết định bổ nhiệm cán bộ")
    assert orgs(f) == {("Mạc Văn Tùng", "Ủy ban nhân dân tỉnh Gia Lai")}


def test_a_tinh_body_is_not_placed_in_a_city(ex):
    # only a centrally-run city is named: a "Tỉnh ủy" is not its Party committee
    f = facts_of(ex, "Ông Mạc Văn Tùng, Phó Bí thư Tỉnh ủy, dự hội nghị cùng Bộ Tư lệnh "
                     "thành phố Hồ Chí Minh.")
    assert orgs(f) == {("Mạc Văn Tùng", "Tỉnh ủy")}


def test_a_commune_many_provinces_share_still_names_its_bodies(ex):
    # several provinces have a "xã Tân Thành": the place stays unknown, the name does not
    f = facts_of(ex, "Chiều 3/2, Ủy ban MTTQ xã Tân Thành tổ chức hội nghị. Dự có đồng chí "
                     "Khúc Thị Mai – Phó Bí thư Thường trực Đảng ủy xã.", published="2026-02-03")
    [h] = f.holdings
    assert (h.post, h.organization, h.place) == (
        "Phó Bí thư Thường trực Đảng ủy xã", "Đảng ủy xã Tân Thành", None)


# --- lists of persons with a quantifier, ages beside names --------------------------------------

def test_a_quantified_honorific_opens_a_list_of_persons(ex):
    f = facts_of(ex, "Hai đồng chí Khúc Văn Nam và Lạc Thị Hoa được bầu làm Phó Bí thư Huyện ủy.")
    assert changes(f) == {("Khúc Văn Nam", "elected", "Phó Bí thư Huyện ủy"),
                          ("Lạc Thị Hoa", "elected", "Phó Bí thư Huyện ủy")}


def test_an_age_beside_a_name_does_not_hide_the_posts(ex):
    f = facts_of(ex, "Hai ông Khúc Văn Nam, 43 tuổi, giám đốc Sở Y tế và Lạc Văn Hòa, 40 tuổi, "
                     "bí thư Huyện ủy Lục Yên được bầu giữ chức phó chủ tịch UBND tỉnh Yên Bái.")
    assert posts(f) == {("Khúc Văn Nam", "Giám đốc Sở Y tế"),
                        ("Lạc Văn Hòa", "Bí thư Huyện ủy"),
                        ("Khúc Văn Nam", "Phó Chủ tịch Ủy ban nhân dân tỉnh"),
                        ("Lạc Văn Hòa", "Phó Chủ tịch Ủy ban nhân dân tỉnh")}
    assert {c.person for c in f.changes} == {"Khúc Văn Nam", "Lạc Văn Hòa"}


# --- changes: coordinated subjects, counted titles, hiệp thương, elected again ------------------

def test_subjects_joined_by_va_and_an_honorific_share_the_verb(ex):
    f = facts_of(ex, "Anh Mạc Văn Tùng được bầu làm Bí thư Tỉnh Đoàn. Anh Khúc Văn Nam và chị "
                     "Lạc Thị Hoa được bầu làm hai Phó Bí thư.")
    assert changes(f) == {("Mạc Văn Tùng", "elected", "Bí thư Tỉnh đoàn"),
                          ("Khúc Văn Nam", "elected", "Phó Bí thư Tỉnh đoàn"),
                          ("Lạc Thị Hoa", "elected", "Phó Bí thư Tỉnh đoàn")}


@pytest.mark.parametrize("text", [
    "Hội nghị đã biểu quyết cử ông Khúc Văn Nam - Phó Chủ tịch UBND tỉnh - giữ chức Chủ tịch "
    "Ủy ban MTTQ Việt Nam tỉnh Yên Bái.",
    "Ông Khúc Văn Nam, Phó Chủ tịch UBND tỉnh, được hội nghị cử giữ chức Chủ tịch Ủy ban MTTQ "
    "Việt Nam tỉnh Yên Bái.",
])
def test_a_front_election_by_cu(ex, text):
    assert ("Khúc Văn Nam", "elected", "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh") \
        in changes(facts_of(ex, text))


def test_elected_to_the_post_held_is_reelected(ex):
    f = facts_of(ex, "Ban Chấp hành đã bầu anh Mạc Văn Tùng, Bí thư Tỉnh Đoàn Yên Bái khóa X, "
                     "làm Bí thư Tỉnh Đoàn khóa XI.")
    assert changes(f) == {("Mạc Văn Tùng", "reelected", "Bí thư Tỉnh đoàn")}


def test_a_post_shared_by_a_list_is_no_post_held_before(ex):
    f = facts_of(ex, "Hai người được bầu giữ chức Phó Chủ tịch UBND tỉnh là ông Khúc Văn Nam, "
                     "Giám đốc Sở Y tế và bà Lạc Thị Hoa, Giám đốc Sở Tư pháp.")
    assert {c.change for c in f.changes} == {"elected"}


# --- lower-case chains; party organs belong to party committees ---------------------------------

def test_a_lower_case_chain_beside_a_name_is_read(ex):
    f = facts_of(ex, "Dự có đồng chí Khúc Thị Tím, ủy viên ban thường vụ huyện ủy, Trưởng ban "
                     "Tổ chức, trưởng phòng Nội vụ huyện.")
    assert posts(f) == {("Khúc Thị Tím", "Ủy viên Ban Thường vụ Huyện ủy"),
                        ("Khúc Thị Tím", "Trưởng Ban Tổ chức Huyện ủy"),
                        ("Khúc Thị Tím", "Trưởng phòng Nội vụ huyện")}
    # a party commission is never an organ of a state division
    assert all("Phòng" not in h.organization for h in f.holdings if "Ban Tổ chức" in h.post)


# --- the outlet's web address places a local report ---------------------------------------------

def test_a_local_portal_address_places_bodies_the_text_leaves_unplaced(ex):
    article = Article(id="t", published="2024-02-29", url="https://hauloc.thanhhoa.gov.vn/tin/1",
                      text="Chiều 29/2, đồng chí Khúc Văn Nam, Bí thư Huyện ủy, Chủ tịch HĐND "
                           "huyện chủ trì phiên họp.")
    f = ex.extract(article)
    assert {h.organization for h in f.holdings} == {
        "Huyện ủy Hậu Lộc", "Hội đồng nhân dân huyện Hậu Lộc"}


@pytest.mark.parametrize("url", ["https://thanhnien.vn/a.htm", "not a url", None,
                                 "https://baomoi.com/x"])
def test_a_national_or_odd_address_places_nothing(ex, url):
    f = ex.extract(Article(id="t", published="2024-02-29", url=url,
                           text="Đồng chí Khúc Văn Nam, Bí thư Huyện ủy, dự."))
    assert [h.place for h in f.holdings] == [None]


def test_a_committee_placed_by_the_context_takes_its_level_word(ex):
    # the context places the bare "Đảng ủy" in the ward: the post says which level it serves
    f = facts_of(ex, "Tại phường Hiệp Thành, thành phố Thủ Dầu Một, tỉnh Bình Dương, bà Khúc "
                     "Thị Mai giữ chức Phó Bí thư Thường trực Đảng ủy.", published="2024-05-02")
    assert {(h.post, h.organization) for h in f.holdings} == {
        ("Phó Bí thư Thường trực Đảng ủy phường", "Đảng ủy phường Hiệp Thành")}


# --- names of bodies: where they end, official forms, numbered bodies ---------------------------

@pytest.mark.parametrize(("text", "post", "org"), [
    ("Ông Khúc Văn Hải, Cục trưởng Cục Tổ chức cán bộ công bố quyết định.",
     "Cục trưởng Cục Tổ chức cán bộ", "Cục Tổ chức cán bộ"),
    ("Ông Khúc Văn Hải, Bí thư Đảng ủy Bộ Công thương nhiệm kỳ 2025 - 2030, phát biểu.",
     "Bí thư Đảng ủy Bộ Công thương", "Đảng ủy Bộ Công thương"),
    ("Ông Khúc Văn Hải, Thứ trưởng Thường trực Bộ Dân tộc và Tôn giáo, dự.",
     "Thứ trưởng Thường trực Bộ Dân tộc và Tôn giáo", "Bộ Dân tộc và Tôn giáo"),
    ("Đoàn do Thiếu tướng Khúc Văn Hải, Tư lệnh Quân khu V dẫn đầu.",
     "Tư lệnh Quân khu 5", "Quân khu 5"),
    ("Bà Lạc Thị Nga là Chủ nhiệm Ủy ban Kinh tế.",
     "Chủ nhiệm Ủy ban Kinh tế", "Ủy ban Kinh tế của Quốc hội"),
    ("Ông Khúc Văn Hải làm Chủ nhiệm Ủy ban Văn hóa, Giáo dục, Thanh niên, Thiếu niên và Nhi "
     "đồng.", "Chủ nhiệm Ủy ban Văn hóa, Giáo dục, Thanh niên, Thiếu niên và Nhi đồng",
     "Ủy ban Văn hóa, Giáo dục, Thanh niên, Thiếu niên và Nhi đồng của Quốc hội"),
])
def test_where_a_body_name_ends_and_what_it_is_called(ex, text, post, org):
    f = facts_of(ex, text)
    assert {(h.post, h.organization) for h in f.holdings} == {(post, org)}


# --- event dates: day ranges, a term is no year, a cued date later in the report ----------------

@pytest.mark.parametrize(("text", "iso"), [
    ("Đại hội diễn ra trong 2 ngày 28 – 29/7.", "2025-07-28"),
    ("Đại hội diễn ra ngày 7- 8/5/2020.", "2020-05-07"),
    ("Các buổi tiếp xúc diễn ra ngày 1 và 2-10.", "2025-10-01"),
])
def test_a_range_of_days_dates_its_first(text, iso):
    from orggraph.extract.dates import find_dates
    assert [d.iso for d in find_dates(text, 2025)] == [iso]


def test_months_are_no_day(ex):
    from orggraph.extract.dates import find_dates
    assert [d.iso for d in find_dates("Trong tháng 3-5/2024, huyện đã …", 2025)] == []


def test_a_term_dates_only_what_opens_it():
    from orggraph.extract.dates import infer_year
    openings = ("đại hội", "kỳ họp thứ nhất")
    assert infer_year("Sáng 5/12, HĐND khóa XVI, nhiệm kỳ 2021-2026, khai mạc kỳ họp thứ 14.",
                      None, "", openings) is None
    assert infer_year("Sáng 5/8, Đại hội Đảng bộ xã nhiệm kỳ 2020-2025 khai mạc.",
                      None, "", openings) == 2020


def test_a_cued_date_later_in_a_dateless_lede(ex):
    f = facts_of(ex, "Đồng chí Khúc Văn Hải được điều động giữ chức Bí thư Tỉnh ủy Lào Cai.\n"
                     "Tỉnh ủy Lào Cai đã tổ chức hội nghị công bố quyết định vào sáng 28-2.",
                 published="2026-02-28")
    assert [e.date for e in f.events] == ["2026-02-28"]


@pytest.mark.parametrize(("last", "authors"), [
    ("Tác giả: Tấn Thành - Chí Đại", {"Tấn Thành", "Chí Đại"}),
    ("Bt: Như Ý", {"Như Ý"}),
    ("Tinh thần đoàn kết", set()),
])
def test_byline_leads_come_from_the_vocabulary(ex, last, authors):
    f = facts_of(ex, f"Chiều 3/2, Huyện ủy tổ chức hội nghị sơ kết.\n{last}")
    assert set(f.persons) == authors


def test_elected_in_one_breath_with_tai_dac_cu_is_reelected(ex):
    f = facts_of(ex, "Tại đây, ông Khúc Quang Sang một lần nữa được bầu, tái đắc cử chức Bí thư "
                     "Chi bộ, nhiệm kỳ 2020 - 2022.")
    assert changes(f) == {("Khúc Quang Sang", "reelected", "Bí thư Chi bộ")}


def test_trung_cu_chuc_names_the_post(ex):
    f = facts_of(ex, "Ông Khúc Minh Hoàng, Bí thư Đảng ủy xã trúng cử chức Chủ tịch HĐND xã.")
    assert changes(f) == {("Khúc Minh Hoàng", "elected", "Chủ tịch Hội đồng nhân dân xã")}


def test_an_honorific_without_a_name_stands_for_the_person_just_named(ex):
    f = facts_of(ex, "Đồng chí Khúc Hoàng Linh, Phó Bí thư Đảng ủy xã Trung Sơn, được điều động "
                     "đến nhận công tác tại xã Xuân Vân; Ban Thường vụ Tỉnh ủy chỉ định đồng chí "
                     "giữ chức Phó Bí thư Thường trực Đảng ủy xã Xuân Vân.")
    assert ("Khúc Hoàng Linh", "appointed", "Phó Bí thư Thường trực Đảng ủy xã") in changes(f)


def test_standing_deputy_head_of_a_commission(ex):
    f = facts_of(ex, "Phó Trưởng Ban Thường trực Ban Tổ chức Tỉnh ủy Lạc Xuân Thu đọc quyết định.")
    assert posts(f) == {("Lạc Xuân Thu", "Phó Trưởng ban Thường trực Ban Tổ chức Tỉnh ủy")}


def test_counted_deputies_listed_take_the_body_of_the_head_just_named(ex):
    f = facts_of(ex, "Ban Chấp hành đã bầu anh Mạc Văn Tùng làm Bí thư Tỉnh Đoàn khóa XI. "
                     "Hai Phó Bí thư gồm anh Khúc Minh Sang và chị Lạc Thị Phướng.")
    assert posts(f) >= {("Khúc Minh Sang", "Phó Bí thư Tỉnh đoàn"),
                        ("Lạc Thị Phướng", "Phó Bí thư Tỉnh đoàn")}
    # no head named before: no body to give, so no holding
    g = facts_of(ex, "Hai Phó Bí thư gồm anh Khúc Minh Sang và chị Lạc Thị Phướng.")
    assert g.holdings == []


@pytest.mark.parametrize(("text", "post"), [
    ("Đồng chí Khúc Văn Suôn, Bí thư Đảng ủy Khối Kinh tế, dự.", "Bí thư Đảng ủy Khối Kinh tế"),
    ("Đồng chí Lạc Văn Phú – Chánh Văn phòng HĐND và UBND huyện dự.",
     "Chánh Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"),
    ("Phó BT Thường trực Huyện ủy Khúc Thị Hương thăm Tết.", "Phó Bí thư Thường trực Huyện ủy"),
])
def test_blocs_joint_offices_and_abbreviated_deputies(ex, text, post):
    assert {p for _, p in posts(facts_of(ex, text))} == {post}


def test_a_cell_of_a_named_body(ex):
    f = facts_of(ex, "Đồng chí Lê Anh Tú, Bí thư chi bộ Văn phòng HĐND và UBND huyện, nhận huy "
                     "hiệu.")
    assert posts(f) == {("Lê Anh Tú", "Bí thư Chi bộ Văn phòng Hội đồng nhân dân và Ủy ban "
                                      "nhân dân huyện")}


def test_a_bare_province_after_a_preposition_places_what_follows(ex):
    f = facts_of(ex, "Với Hậu Giang, ông Khúc Văn Thanh - Phó Bí thư Tỉnh ủy dự. Ở An Giang, "
                     "ông Lạc Thanh Bình - Chủ tịch UBND tỉnh phát biểu.")
    assert orgs(f) == {("Khúc Văn Thanh", "Tỉnh ủy Hậu Giang"),
                       ("Lạc Thanh Bình", "Ủy ban nhân dân tỉnh An Giang")}


def test_a_post_named_after_moving_on_is_taken_but_not_one_put_forward_for(ex):
    f = facts_of(ex, "Đồng chí Khúc Việt Hùng thôi giữ chức Bí thư Tỉnh ủy Lào Cai để nhận công "
                     "tác mới, giữ chức Thứ trưởng Bộ Nông nghiệp và Môi trường.")
    assert ("Khúc Việt Hùng", "appointed", "Thứ trưởng Bộ Nông nghiệp và Môi trường") \
        in changes(f)
    g = facts_of(ex, "Ông Khúc Chương Phát thôi giữ chức Chủ tịch Liên đoàn Lao động tỉnh và "
                     "được giới thiệu để bầu giữ chức Chủ tịch Hội Nông dân tỉnh.")
    assert {c.change for c in g.changes} == {"transferred"}


def test_bo_tri_giu_chuc_appoints(ex):
    f = facts_of(ex, "Thiếu tướng Khúc Minh Tuấn được bố trí giữ chức vụ Giám đốc Công an tỉnh "
                     "Phú Thọ.")
    assert changes(f) == {("Khúc Minh Tuấn", "appointed", "Giám đốc Công an tỉnh")}


@pytest.mark.parametrize(("text", "kind"), [
    ("HĐND tỉnh miễn nhiệm chức vụ Phó Chủ tịch UBND tỉnh đối với ông Khúc Văn An và chức vụ "
     "Ủy viên UBND tỉnh đối với ông Lạc Văn Bình.", "dismissed"),
    ("Đảng ủy quyết định chuẩn y chức danh Phó Chủ tịch UBND tỉnh, nhiệm kỳ 2025 - 2030 đối "
     "với ông Khúc Văn An và chức danh Ủy viên UBND tỉnh, nhiệm kỳ 2025 - 2030 đối với ông Lạc "
     "Văn Bình.", "appointed"),
])
def test_each_post_goes_with_the_person_its_doi_voi_names(ex, text, kind):
    assert changes(facts_of(ex, text)) == {
        ("Khúc Văn An", kind, "Phó Chủ tịch Ủy ban nhân dân tỉnh"),
        ("Lạc Văn Bình", kind, "Ủy viên Ủy ban nhân dân tỉnh")}


def test_election_bodies_are_bodies_and_elect_no_one(ex):
    f = facts_of(ex, "Ông Khúc Trung Dũng, Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo bầu cử tỉnh, "
                     "Chủ tịch Ủy ban bầu cử tỉnh dự họp với cử tri.")
    assert posts(f) == {("Khúc Trung Dũng", "Chủ tịch Ủy ban nhân dân tỉnh"),
                        ("Khúc Trung Dũng", "Trưởng Ban Chỉ đạo bầu cử tỉnh"),
                        ("Khúc Trung Dũng", "Chủ tịch Ủy ban bầu cử tỉnh")}
    assert f.changes == []


@pytest.mark.parametrize(("text", "post"), [
    ("Ông Khúc Văn An, Chủ tịch UB MTTQ tỉnh, dự.",
     "Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
    ("Ông Khúc Đại Ngọc, Ủy viên Thường vụ Đảng ủy Bộ Quốc phòng, dự.",
     "Ủy viên Ban Thường vụ Đảng ủy Bộ Quốc phòng"),
    ("Ông Khúc Văn An, Ủy viên Thường vụ Quốc hội, dự.", "Ủy viên Ủy ban Thường vụ Quốc hội"),
])
def test_two_word_abbreviations_and_thuong_vu_for_its_board(ex, text, post):
    assert {p for _, p in posts(facts_of(ex, text))} == {post}


@pytest.mark.parametrize("text", [
    "Hội nghị bầu hai Phó Bí thư Tỉnh ủy là các đồng chí: Khúc Thị Hồng, Trưởng đoàn đại biểu "
    "Quốc hội tỉnh; Lạc Ánh Dương, Phó Chủ tịch UBND tỉnh.",
    "Kỳ họp bầu bổ sung hai Phó Bí thư Tỉnh ủy, gồm: bà Khúc Thị Hồng - Trưởng đoàn đại biểu "
    "Quốc hội tỉnh; ông Lạc Ánh Dương – Phó Chủ tịch UBND tỉnh.",
])
def test_an_active_verb_elects_the_list_after_its_post(ex, text):
    assert {(c.person, c.change, c.post) for c in facts_of(ex, text).changes} == {
        ("Khúc Thị Hồng", "elected", "Phó Bí thư Tỉnh ủy"),
        ("Lạc Ánh Dương", "elected", "Phó Bí thư Tỉnh ủy")}


def test_a_list_that_does_not_follow_the_marker_is_not_the_object(ex):
    f = facts_of(ex, "Ban Chấp hành đã bầu Ban Thường vụ gồm 9 đồng chí; đồng chí Khúc Văn Cường "
                     "tái đắc cử Chủ tịch Hội Nông dân tỉnh.")
    assert {c.change for c in f.changes} == {"reelected"}

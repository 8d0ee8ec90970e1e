"""Extractor grammar, each piece on invented sentences (no text from the dev articles)."""

from __future__ import annotations

import pytest
from extracting import facts_of
from hypothesis import given, settings
from hypothesis import strategies as st

from orggraph.articles import Article
from orggraph.extract.dates import find_dates, infer_year
from orggraph.facts import Facts


def holdings(facts: Facts) -> set[tuple[str, str, str | None]]:
    return {(h.person, h.post, h.organization) for h in facts.holdings}


# --- names -----------------------------------------------------------------------------------

def test_name_after_honorific_and_rank(ex):
    f = facts_of(ex, "Sáng 2/5, Thiếu tướng Đặng Quốc Bảo và ông Tạ Minh Khôi dự buổi lễ.")
    assert {"Đặng Quốc Bảo", "Tạ Minh Khôi"} <= set(f.persons)


def test_short_reference_resolves_to_full_name(ex):
    f = facts_of(ex, "Đồng chí Phạm Thị Lan, Bí thư Huyện ủy Quan Sơn phát biểu. "
                     "Đồng chí Lan nhấn mạnh nhiệm vụ.")
    assert f.persons == ["Phạm Thị Lan"]


def test_generic_mention_is_not_a_holding(ex):
    f = facts_of(ex, "Các bí thư chi bộ thôn, bản tham gia lớp học do Huyện ủy Quan Sơn tổ chức.")
    assert f.holdings == []


def test_names_in_a_list_after_plural_honorific(ex):
    f = facts_of(ex, "Các đồng chí Lò Văn Sinh, Hà Thị Mai và Vi Văn Tú được bầu giữ chức "
                     "Phó Chủ tịch Hội Nông dân tỉnh Sơn La.")
    assert {"Lò Văn Sinh", "Hà Thị Mai", "Vi Văn Tú"} <= set(f.persons)
    assert {c.person for c in f.changes if c.change == "elected"} >= {"Hà Thị Mai", "Vi Văn Tú"}


# --- title chains ------------------------------------------------------------------------

def test_title_chain_after_name_with_abbreviations(ex):
    f = facts_of(ex, "Sáng 2/5, đồng chí Trần Văn Minh, Phó Bí thư Huyện ủy, Chủ tịch UBND huyện "
                     "Quan Sơn chủ trì hội nghị.")
    assert holdings(f) == {
        ("Trần Văn Minh", "Phó Bí thư Huyện ủy", "Huyện ủy Quan Sơn"),
        ("Trần Văn Minh", "Chủ tịch Ủy ban nhân dân huyện", "Ủy ban nhân dân huyện Quan Sơn"),
    }


def test_title_before_name(ex):
    f = facts_of(ex, "Bí thư Tỉnh ủy Sơn La Hoàng Văn Nam trao quyết định.")
    assert holdings(f) == {("Hoàng Văn Nam", "Bí thư Tỉnh ủy", "Tỉnh ủy Sơn La")}


def test_standing_deputy_is_one_holding(ex):
    f = facts_of(ex, "Dự có đồng chí Lê Thị Hoa, Phó Bí thư Thường trực Tỉnh ủy Sơn La.")
    assert [h.post for h in f.holdings] == ["Phó Bí thư Thường trực Tỉnh ủy"]


def test_former_post_is_not_a_holding(ex):
    f = facts_of(ex, "Dự có đồng chí Bùi Văn Tâm, nguyên Bí thư Tỉnh ủy Sơn La.")
    assert f.persons == ["Bùi Văn Tâm"] and f.holdings == []


def test_organ_of_a_committee_and_implied_subordination(ex):
    f = facts_of(ex, "Đồng chí Ngô Văn Hải, Ủy viên Ban Thường vụ Tỉnh ủy Yên Bái phát biểu.")
    assert holdings(f) == {("Ngô Văn Hải", "Ủy viên Ban Thường vụ Tỉnh ủy",
                            "Ban Thường vụ Tỉnh ủy Yên Bái")}
    assert ("Ban Thường vụ Tỉnh ủy Yên Bái", "Tỉnh ủy Yên Bái") in {
        (s.child, s.parent) for s in f.subordination}


def test_implicit_place_from_context(ex):
    f = facts_of(ex, "Sáng 2/5, huyện Mường Lát tổ chức hội nghị. Đồng chí Hà Văn Lực, Bí thư "
                     "Huyện ủy phát biểu.")
    (h,) = f.holdings
    assert h.organization == "Huyện ủy Mường Lát"
    assert h.place == "huyện Mường Lát, tỉnh Thanh Hóa"


# --- dates -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "year", "iso"), [
    ("Chiều ngày 26/3, hội nghị", 2024, "2024-03-26"),
    ("Sáng 7-10, đại hội", 2025, "2025-10-07"),
    ("ngày 15/5/2023 đã diễn ra", None, "2023-05-15"),
    ("trong tháng 3/2024", None, "2024-03"),
    ("ngày 5 tháng 9 năm 2022", None, "2022-09-05"),
])
def test_date_forms(text, year, iso):
    assert find_dates(text, year)[0].iso == iso


def test_year_from_text_prefers_current_period_over_targets():
    assert infer_year("năm 2023 và 6 tháng đầu năm 2024; phấn đấu đến năm 2030", None) == 2024
    assert infer_year("khác", "2021-01-04") == 2021


def test_january_report_of_december_event(ex):
    f = facts_of(ex, "Sáng 30/12, Tỉnh ủy Sơn La tổ chức hội nghị.", published="2025-01-02")
    assert f.events[0].date == "2024-12-30"


# --- changes ---------------------------------------------------------------------------------

def test_appointment_with_new_post(ex):
    f = facts_of(ex, "Ban Thường vụ Tỉnh ủy quyết định điều động đồng chí Vương Văn Khải, "
                     "Phó Chủ tịch UBND huyện Mường Lát, giữ chức Phó Bí thư Huyện ủy Quan Sơn.")
    kinds = {(c.person, c.change) for c in f.changes}
    assert ("Vương Văn Khải", "transferred") in kinds
    assert ("Vương Văn Khải", "appointed") in kinds
    assert ("Vương Văn Khải", "Phó Bí thư Huyện ủy", "Huyện ủy Quan Sơn") in holdings(f)


def test_passive_election(ex):
    f = facts_of(ex, "Đồng chí Lương Thị Thu được bầu giữ chức Chủ tịch HĐND tỉnh Sơn La.")
    assert [(c.person, c.change) for c in f.changes] == [("Lương Thị Thu", "elected")]


def test_byline_author(ex):
    f = facts_of(ex, "Sáng 2/5, Huyện ủy Quan Sơn tổ chức hội nghị.\n\nMinh Khang - Trung tâm TT")
    assert f.author == "Minh Khang" and "Minh Khang" in f.persons


# --- robustness ------------------------------------------------------------------------------

_FRAGMENTS = ["đồng chí", "các đồng chí:", "ông", "Đại tá", "Nguyễn Văn An", "Lò Thị Mai",
              "Hà Nội", "Bí thư", "Phó Bí thư Thường trực", "Ủy viên", "BTV", "Tỉnh ủy",
              "Huyện ủy", "UBND", "HĐND", "tỉnh", "huyện", "xã", "Sơn La", "Quan Sơn", "Ban",
              "Chấp hành", "Đảng ủy", "Trưởng đoàn", "Đoàn kiểm tra", "của", "được", "bầu",
              "thôi giữ chức", "điều động", "giữ chức", "tham gia", "đối với", "nguyên", "(cũ)",
              "kiêm", ",", ";", ":", ".", "\n", "-", "Sáng 2/5", "ngày 3-4-2024", "chủ trì",
              "dự", "Bài, ảnh:", "chi bộ thôn, bản", "Trung ương", "Đoàn", "Sở", "Xây dựng"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map(" ".join))
def test_never_raises_on_the_genre_s_own_words(ex, text):
    facts = ex.extract(Article(id="g", text=text, published="2024-05-02"))
    assert Facts.from_dict(facts.to_dict()).id == "g"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_and_output_is_valid_facts(ex, text):
    facts = ex.extract(Article(id="h", text=text))
    again = Facts.from_dict(facts.to_dict())  # round-trips through the format's validator
    assert again.id == "h"
    for h in facts.holdings:
        assert h.evidence is None or 0 <= h.evidence.start <= h.evidence.end <= len(text) + 8



def test_extraction_is_deterministic(ex):
    text = "Sáng 2/5, đồng chí Trần Văn Minh, Bí thư Huyện ủy Quan Sơn chủ trì hội nghị."
    assert facts_of(ex, text).to_dict() == facts_of(ex, text).to_dict()


# --- more grammar: organs, delegations, leaving and acting posts -------------------------

def test_organ_named_without_its_committee_takes_the_later_one(ex):
    f = facts_of(ex, "Dự có đồng chí Mạc Văn Lâm - Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức "
                     "Huyện ủy Quan Sơn.")
    assert ("Mạc Văn Lâm", "Ủy viên Ban Thường vụ Huyện ủy",
            "Ban Thường vụ Huyện ủy Quan Sơn") in holdings(f)


def test_delegation_head_from_context(ex):
    f = facts_of(ex, "Sáng 5/6, Đoàn kiểm tra của Ban Thường vụ Tỉnh ủy Sơn La do đồng chí "
                     "Kha Văn Nam, Phó Bí thư Tỉnh ủy làm Trưởng đoàn đã làm việc tại huyện.")
    assert ("Kha Văn Nam", "Trưởng Đoàn kiểm tra",
            "Đoàn kiểm tra của Ban Thường vụ Tỉnh ủy Sơn La") in holdings(f)


def test_delegation_named_with_head_after_la(ex):
    f = facts_of(ex, "Trưởng đoàn công tác là đồng chí Ninh Thị Hà, Phó Chủ tịch Hội Nông dân "
                     "tỉnh Sơn La.")
    assert {h.person for h in f.holdings} == {"Ninh Thị Hà"}


def test_leaving_a_post_while_transferred(ex):
    f = facts_of(ex, "Bộ Chính trị điều động đồng chí Hứa Văn Đạt thôi giữ chức Bí thư Tỉnh ủy "
                     "Sơn La, chỉ định tham gia Ban Chấp hành, Ban Thường vụ và giữ chức Bí thư "
                     "Tỉnh ủy Yên Bái.")
    changes = {(c.change, c.post, c.organization) for c in f.changes}
    assert ("transferred", "Bí thư Tỉnh ủy", "Tỉnh ủy Sơn La") in changes
    assert ("appointed", "Bí thư Tỉnh ủy", "Tỉnh ủy Yên Bái") in changes
    assert ("appointed", "Ủy viên Ban Thường vụ Tỉnh ủy",
            "Ban Thường vụ Tỉnh ủy Yên Bái") in changes
    assert ("Hứa Văn Đạt", "Bí thư Tỉnh ủy", "Tỉnh ủy Sơn La") not in holdings(f)


def test_acting_post(ex):
    f = facts_of(ex, "Ông Vương Đình Khang, Phó Chủ tịch UBND tỉnh Sơn La, được giao quyền Chủ "
                     "tịch UBND tỉnh.")
    assert ("Vương Đình Khang", "appointed") in {(c.person, c.change) for c in f.changes}
    assert any(h.acting and h.post.startswith("Quyền Chủ tịch") for h in f.holdings)


def test_bare_title_takes_the_body_of_the_post_last_taken(ex):
    f = facts_of(ex, "Đồng chí Lý Văn Tấn tái đắc cử Chủ tịch Hội Nông dân tỉnh Sơn La. Đồng chí "
                     "Lường Thị Na được bầu giữ chức Phó Chủ tịch.")
    assert ("Lường Thị Na", "Phó Chủ tịch Hội Nông dân tỉnh",
            "Hội Nông dân tỉnh Sơn La") in holdings(f)
    assert ("Lý Văn Tấn", "reelected") in {(c.person, c.change) for c in f.changes}


def test_unicode_variants_give_the_same_facts(ex):
    import unicodedata

    text = "Sáng 2/5, đồng chí Trần Văn Thuỷ, Chủ tịch UBND tỉnh Thanh Hoá phát biểu."
    nfc = facts_of(ex, text)
    nfd = facts_of(ex, unicodedata.normalize("NFD", text).replace(" ", "\u00a0", 2))
    assert holdings(nfc) == holdings(nfd) == {
        ("Trần Văn Thủy", "Chủ tịch Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh Thanh Hóa")}


def test_year_from_headline_before_cited_documents():
    text = "Sáng 16/3, lớp học khai giảng. Theo Quy định số 37 ngày 25/10/2019 của Ban Bí thư."
    assert infer_year(text, None, "Khai giảng lớp bồi dưỡng năm 2023") == 2023


def test_agency_named_without_unit_type_gets_it_from_the_place(ex):
    f = facts_of(ex, "Ông Tạ Quang Huy, Giám đốc Sở Tài chính Sơn La báo cáo.")
    assert {h.organization for h in f.holdings} == {"Sở Tài chính tỉnh Sơn La"}


def test_title_with_a_comma_is_one_post(ex):
    f = facts_of(ex, "Dự có ông Hầu Văn Lâm, Bộ trưởng, Chủ nhiệm Ủy ban Dân tộc.")
    assert [h.post for h in f.holdings] == ["Bộ trưởng, Chủ nhiệm Ủy ban Dân tộc"]


def test_former_unit_marked_cu_resolves_before_the_merger(ex):
    f = facts_of(ex, "Sáng 5/9, đồng chí Đặng Văn Hòa, Chủ tịch UBND tỉnh, hiện là Bí thư Tỉnh ủy "
                     "Hà Giang (cũ) dự lễ.", published="2025-09-05")
    f.holdings = [h for h in f.holdings if h.title == "bi-thu"]
    (h,) = f.holdings
    assert h.organization == "Tỉnh ủy Hà Giang"
    assert next(o for o in f.organizations if o.name == h.organization).place_id.startswith(
        "pre2025/")


def test_person_named_like_a_place(ex):
    f = facts_of(ex, "Ông Lê Sơn Trà, Chủ tịch UBND quận Sơn Trà phát biểu.", "2024-04-02")
    assert holdings(f) == {("Lê Sơn Trà", "Chủ tịch Ủy ban nhân dân quận",
                            "Ủy ban nhân dân quận Sơn Trà")}


def test_executive_committee_of_a_mass_organisation(ex):
    f = facts_of(ex, "Đồng chí Mai Văn Tú được bầu bổ sung tham gia Ban Chấp hành, Ban Thường vụ "
                     "Liên đoàn Lao động tỉnh Sơn La.")
    assert {(h.post, h.organization) for h in f.holdings} >= {
        ("Ủy viên Ban Chấp hành Liên đoàn Lao động tỉnh",
         "Ban Chấp hành Liên đoàn Lao động tỉnh Sơn La")}


def test_leaving_a_post_to_retire_is_retirement(ex):
    f = facts_of(ex, "Ban Thường vụ Tỉnh ủy cho đồng chí Hà Thị Sen thôi giữ chức Trưởng Ban Dân "
                     "vận Tỉnh ủy Sơn La để nghỉ hưu theo chế độ.")
    assert {(c.person, c.change) for c in f.changes} == {("Hà Thị Sen", "retired")}


def test_byline_with_lead_words_and_two_authors(ex):
    f = facts_of(ex, "Sáng 2/5, Huyện ủy Quan Sơn tổ chức hội nghị.\n\nBài, ảnh: Hà Vy - Lê Nam")
    assert f.author == "Hà Vy, Lê Nam"


def test_current_post_after_former_one(ex):
    f = facts_of(ex, "Đồng chí Lê Văn Tâm, nguyên Phó Chủ tịch UBND huyện Quan Sơn, hiện là Bí "
                     "thư Huyện ủy Quan Sơn, phát biểu.")
    assert holdings(f) == {("Lê Văn Tâm", "Bí thư Huyện ủy", "Huyện ủy Quan Sơn")}


def test_thanh_uy_of_a_provincial_city(ex):
    f = facts_of(ex, "Sáng 3/4, thành phố Sầm Sơn tổ chức hội nghị. Đồng chí Lê Văn Vinh, Bí thư "
                     "Thành ủy phát biểu.", "2024-04-03")
    assert {h.organization for h in f.holdings} == {"Thành ủy Sầm Sơn"}


def test_post_of_a_central_youth_union_is_not_a_party_secretary(ex):
    f = facts_of(ex, "Dự có đồng chí Tạ Văn Hòa, Bí thư Trung ương Đoàn.")
    assert [h.organization for h in f.holdings] == [
        "Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh"]


def test_object_after_doi_voi_and_post_left_is_no_holding(ex):
    f = facts_of(ex, "HĐND tỉnh đã miễn nhiệm chức vụ Phó Chủ tịch UBND tỉnh Sơn La đối với ông "
                     "Đinh Văn Lực.")
    assert {(c.person, c.change) for c in f.changes} == {("Đinh Văn Lực", "dismissed")}
    assert f.holdings == []


def test_dismissal_for_new_duties_is_a_transfer(ex):
    f = facts_of(ex, "HĐND tỉnh miễn nhiệm chức vụ Chủ tịch UBND tỉnh Sơn La đối với ông Đinh "
                     "Văn Lực do ông được phân công đảm nhiệm cương vị khác.")
    assert ("Đinh Văn Lực", "transferred") in {(c.person, c.change) for c in f.changes}


def test_number_range_is_not_a_date_but_sang_nay_is(ex):
    f = facts_of(ex, "Trong 3-5 ngày tới, Huyện ủy Quan Sơn sẽ kiểm tra.", published="2024-05-02")
    assert f.events[0].date is None
    f = facts_of(ex, "Sáng nay (23-1), Huyện ủy Quan Sơn tổ chức hội nghị.", published="2025-01-23")
    assert f.events[0].date == "2025-01-23"


def test_committee_of_a_town_gives_its_executive_the_town(ex):
    f = facts_of(ex, "Dự có đồng chí Lê Văn Minh, Ủy viên Ban Chấp hành, Bí thư Thị ủy Bỉm Sơn.",
                 published="2024-05-02")
    assert ("Lê Văn Minh", "Ủy viên Ban Chấp hành Đảng bộ thị xã",
            "Ban Chấp hành Đảng bộ thị xã Bỉm Sơn") in holdings(f)


def test_a_place_opening_with_a_surname_is_not_a_person(ex):
    f = facts_of(ex, "Tại Hà Nội, Bí thư Thành ủy Đinh Tiến Dũng phát biểu.", "2024-05-02")
    assert f.persons == ["Đinh Tiến Dũng"]


def test_village_cells_reach_the_province_through_the_district(ex):
    f = facts_of(ex, "Sáng 2/5, huyện Quan Sơn tổ chức hội nghị; các chi bộ thôn, bản tổ chức "
                     "sinh hoạt.", published="2024-05-02")
    links = {(s.child, s.parent) for s in f.subordination}
    assert links == {
        ("Các chi bộ thôn, bản huyện Quan Sơn", "Các đảng bộ xã, thị trấn huyện Quan Sơn"),
        ("Các đảng bộ xã, thị trấn huyện Quan Sơn", "Đảng bộ huyện Quan Sơn"),
        ("Đảng bộ huyện Quan Sơn", "Đảng bộ tỉnh Thanh Hóa")}
    assert {s.parent for s in f.subordination} <= {o.name for o in f.organizations}


def test_organiser_is_not_a_body_in_someones_title(ex):
    f = facts_of(ex, "Sáng 2/5, đồng chí Lê Văn Tâm, Giám đốc Sở Xây dựng dự hội nghị của "
                     "Huyện ủy Quan Sơn.", published="2024-05-02")
    assert f.events[0].organizer == "Huyện ủy Quan Sơn"


def test_ambiguous_place_is_left_open_not_guessed(ex):
    alone = facts_of(ex, "Ông Vi Văn Tú, Chủ tịch UBND xã Tân Lập phát biểu.", "2024-05-02")
    assert [h.place for h in alone.holdings] == [None]
    anchored = facts_of(ex, "Sáng 2/5, tại tỉnh Kon Tum, ông Vi Văn Tú, Chủ tịch UBND xã Tân "
                            "Lập phát biểu.", "2024-05-02")
    assert [h.place for h in anchored.holdings] == ["xã Tân Lập, huyện Kon Rẫy, tỉnh Kon Tum"]

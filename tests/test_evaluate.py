"""Tests for orggraph.evaluate: normalisation rules, each metric, and gold-vs-gold runs."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orggraph.evaluate import (
    PRF,
    Scores,
    evaluate,
    evaluate_files,
    gold_places,
    normalize_name,
    normalize_org,
    normalize_post,
    score_article,
)
from orggraph.facts import Change, Event, Facts, Holding, read_facts, write_jsonl

DEV = Path(__file__).resolve().parents[2] / "shared" / "dev"
PLACES = ("huyện Yên Hòa, tỉnh Hải Hưng",)


# --- names -----------------------------------------------------------------------------------

@pytest.mark.parametrize("variant", [
    "Trần Văn Khải", "trần văn khải", "  Trần   Văn\tKhải ", "Đồng chí Trần Văn Khải",
    "đ/c Trần Văn Khải", "Ông Trần Văn Khải", "ông  Trần Văn Khải",
    unicodedata.normalize("NFD", "Trần Văn Khải"),
])
def test_name_variants_are_equal(variant):
    assert normalize_name(variant) == "trần văn khải"


def test_name_honorifics_only_at_the_start_and_tones_folded():
    assert normalize_name("Bà Lê Thị Hoà") == normalize_name("Lê Thị Hòa") == "lê thị hòa"
    assert normalize_name("Lê Văn Ông") == "lê văn ông"  # a name that ends like an honorific
    assert normalize_name("Lê Thị Bà") != normalize_name("Lê Thị")


# --- abbreviations ---------------------------------------------------------------------------

@pytest.mark.parametrize(("short", "full"), [
    ("Chủ tịch UBND tỉnh", "Chủ tịch Ủy ban nhân dân tỉnh"),
    ("Phó Chủ tịch HĐND huyện", "Phó Chủ tịch Hội đồng nhân dân huyện"),
    ("Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "Chủ tịch Mặt trận Tổ quốc tỉnh"),
    ("Ủy viên BTV Tỉnh ủy", "Ủy viên Ban Thường vụ Tỉnh ủy"),
    ("UVBTV Huyện ủy", "Ủy viên Ban Thường vụ Huyện ủy"),
    ("UV BTV Tỉnh ủy", "Ủy viên Ban Thường vụ Tỉnh ủy"),
    ("Ủy viên BCH Đảng bộ tỉnh", "Ủy viên Ban Chấp hành Đảng bộ tỉnh"),
    ("Chủ nhiệm UBKT Tỉnh ủy", "Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy"),
    ("Trưởng Ban Tổ chức TW", "Trưởng Ban Tổ chức Trung ương"),
    ("Trưởng Ban Tổ chức T.Ư", "Trưởng Ban Tổ chức Trung ương"),
    ("Trưởng Ban Tổ chức TƯ", "Trưởng Ban Tổ chức Trung ương"),
    ("UVTW", "Ủy viên Trung ương Đảng"),
    ("Phó Trưởng Đoàn ĐBQH tỉnh", "Phó Trưởng Đoàn Đại biểu Quốc hội tỉnh"),
    ("Bí thư Thành ủy TP", "Bí thư Thành ủy thành phố"),
    ("Chủ tịch UBND TP.HCM", "Chủ tịch Ủy ban nhân dân thành phố Hồ Chí Minh"),
    ("Chủ tịch UBND Tp. HCM", "Chủ tịch Ủy ban nhân dân thành phố Hồ Chí Minh"),
    ("HUV", "Ủy viên Ban Chấp hành Đảng bộ huyện"),
    ("TUV", "Ủy viên Ban Chấp hành Đảng bộ tỉnh"),
])
def test_abbreviations_expand(short, full):
    assert normalize_post(short) == normalize_post(full)
    assert normalize_org(short) == normalize_org(full)


@pytest.mark.parametrize("text", [
    "Giám đốc Sở Kế hoạch và Đầu tư",  # "tư" is a word, not "TƯ"
    "Phó Giám đốc Công ty UVB",  # "UV" inside a longer token
    "Trưởng phòng Tư pháp",
])
def test_abbreviations_only_as_whole_upper_case_words(text):
    assert "trung ương" not in normalize_post(text)
    assert "ủy viên" not in normalize_post(text)
    assert normalize_post(text) == " ".join(unicodedata.normalize("NFC", text).lower().split())


# --- equivalences ----------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("Tỉnh ủy viên", "Ủy viên Ban Chấp hành Đảng bộ tỉnh"),
    ("Huyện ủy viên", "Ủy viên Ban Chấp hành Đảng bộ huyện"),
    ("Thành ủy viên", "Ủy viên Ban Chấp hành Đảng bộ thành phố"),
    ("Quận ủy viên", "Ủy viên Ban Chấp hành Đảng bộ quận"),
    ("Thị ủy viên", "Ủy viên Ban Chấp hành Đảng bộ thị xã"),
    ("Ủy viên Ban Chấp hành Trung ương Đảng", "Ủy viên Trung ương Đảng"),
    ("Ủy viên BCH TW Đảng", "Ủy viên Trung ương Đảng"),
    ("Ủy viên Ban Chấp hành Trung ương Đảng khóa XIII", "Ủy viên Trung ương Đảng"),
    ("Ủy viên Ban Chấp hành Trung ương khoá XIII", "Ủy viên Trung ương Đảng"),
    ("Ủy viên dự khuyết BCH Trung ương Đảng", "Ủy viên dự khuyết Trung ương Đảng"),
    ("Tổng Bí thư Ban Chấp hành Trung ương Đảng", "Tổng Bí thư"),
    ("Chủ tịch Ủy ban MTTQ Việt Nam tỉnh", "Chủ tịch Mặt trận Tổ quốc tỉnh"),
    ("Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "Chủ tịch MTTQ huyện"),
    ("Ủy viên Ban Chấp hành Đảng bộ xã", "Ủy viên Đảng ủy xã"),
])
def test_title_equivalences(a, b):
    assert normalize_post(a) == normalize_post(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Ủy viên Ban Chấp hành Trung ương Hội Nông dân", "Ủy viên Trung ương Đảng"),
    ("Ủy viên Ban Thường vụ Tỉnh ủy", "Ủy viên Ban Chấp hành Đảng bộ tỉnh"),
    ("Ủy viên Ban Chấp hành Đảng bộ tỉnh", "Ủy viên Ban Chấp hành Đảng bộ huyện"),
    ("Phó Bí thư Thường trực Huyện ủy", "Phó Bí thư Huyện ủy"),
    ("Chủ tịch Ủy ban nhân dân tỉnh", "Chủ tịch Hội đồng nhân dân tỉnh"),
    ("Phó Tổng Bí thư", "Tổng Bí thư"),
])
def test_distinct_titles_stay_distinct(a, b):
    assert normalize_post(a, PLACES) != normalize_post(b, PLACES)


@pytest.mark.parametrize(("a", "b"), [
    ("Ban Chấp hành Đảng bộ tỉnh Hải Hưng", "Tỉnh ủy Hải Hưng"),
    ("BCH Đảng bộ thành phố Vân Lĩnh", "Thành ủy Vân Lĩnh"),
    ("Ban Chấp hành Đảng bộ huyện Yên Hòa", "Huyện uỷ Yên Hoà"),
    ("Ban Chấp hành Đảng bộ quận Bắc Phong", "Quận ủy Bắc Phong"),
    ("Ban Chấp hành Đảng bộ thị xã Bắc Phong", "Thị ủy Bắc Phong"),
    ("Ban Chấp hành Đảng bộ xã Bắc Phong", "Đảng ủy xã Bắc Phong"),
    ("Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh", "BTV Thành ủy TP.HCM"),
    ("Ủy ban MTTQ Việt Nam tỉnh Hải Hưng", "Mặt trận Tổ quốc tỉnh Hải Hưng"),
    ("Đảng ủy Quân khu IV", "Đảng ủy Quân khu 4"),
])
def test_organisation_equivalences(a, b):
    assert normalize_org(a) == normalize_org(b)


def test_organisation_keeps_places_and_numbers():
    assert normalize_org("Huyện ủy Yên Hòa") != normalize_org("Huyện ủy Bắc Phong")
    assert normalize_org("Đảng ủy Quân khu 3") != normalize_org("Đảng ủy Quân khu 7")
    assert (normalize_org("Ban Chấp hành Đảng bộ Công an tỉnh")
            == "ban chấp hành đảng bộ công an tỉnh")


# --- places and numbers ----------------------------------------------------------------------

@pytest.mark.parametrize(("post", "expected"), [
    ("Bí thư Huyện ủy Yên Hòa", "bí thư huyện ủy"),
    ("Bí thư Huyện uỷ Yên Hoà", "bí thư huyện ủy"),
    ("Chủ tịch UBND huyện Yên Hòa", "chủ tịch ủy ban nhân dân huyện"),
    ("Bí thư Huyện ủy Yên Hòa, tỉnh Hải Hưng", "bí thư huyện ủy"),
    ("Bí thư Huyện ủy Yên Hòa (Hải Hưng)", "bí thư huyện ủy"),
    ("Ủy viên BCH Đảng bộ tỉnh Hải Hưng", "ủy viên tỉnh ủy"),
    ("Bí thư Tỉnh ủy Hải Hưng", "bí thư tỉnh ủy"),
    ("Tư lệnh Quân khu 7", "tư lệnh quân khu"),
    ("Tư lệnh Quân khu VII", "tư lệnh quân khu"),
    ("Đại biểu Quốc hội khóa XV", "đại biểu quốc hội"),
    ("Yên Hòa", "yên hòa"),  # never drops the whole post
])
def test_trailing_places_and_numbers_are_dropped(post, expected):
    assert normalize_post(post, PLACES) == expected


def test_only_trailing_and_only_given_places_are_dropped():
    assert normalize_post("Bí thư Huyện ủy Bắc Phong", PLACES) == "bí thư huyện ủy bắc phong"
    assert normalize_post("Giám đốc Sở Yên Hòa Mới", PLACES) == "giám đốc sở yên hòa mới"
    assert normalize_post("Bí thư Huyện ủy Yên Hòa") == "bí thư huyện ủy yên hòa"  # no places


def test_tp_hcm_post_matches_its_bare_cap_uy_title():
    places = ["Thành phố Hồ Chí Minh"]
    assert normalize_post("Bí thư Thành ủy TP.HCM", places) == normalize_post("Bí thư Thành ủy")
    assert (normalize_post("Chủ tịch UBND TP.HCM", places)
            == normalize_post("Chủ tịch Ủy ban nhân dân thành phố"))


def test_gold_places_come_from_place_and_organisation():
    gold = Facts(id="a", holdings=[
        Holding("A", "Bí thư Huyện ủy", "Huyện ủy Yên Hòa", "huyện Yên Hòa, tỉnh Hải Hưng"),
        Holding("A", "Giám đốc Sở Tài chính", "Sở Tài chính thành phố Vân Lĩnh", None),
        Holding("A", "Ủy viên Ban Thường vụ Thành ủy", "Ban Thường vụ Thành ủy Bắc Phong"),
        Holding("B", "Ủy viên Bộ Chính trị", "Bộ Chính trị"),
    ])
    assert set(gold_places(gold)) == {"yên hòa", "hải hưng", "vân lĩnh", "bắc phong"}


# --- PRF -------------------------------------------------------------------------------------

def test_prf_values_and_edges():
    assert (PRF(2, 2, 0).precision, PRF(2, 2, 0).recall, PRF(2, 2, 0).f1) == (0.5, 1.0, 2 / 3)
    assert (PRF(0, 0, 0).precision, PRF(0, 0, 0).recall, PRF(0, 0, 0).f1) == (1.0, 1.0, 1.0)
    assert (PRF(0, 0, 3).precision, PRF(0, 0, 3).recall, PRF(0, 0, 3).f1) == (0.0, 0.0, 0.0)
    assert (PRF(0, 2, 0).precision, PRF(0, 2, 0).recall, PRF(0, 2, 0).f1) == (0.0, 0.0, 0.0)
    assert PRF(1, 2, 3) + PRF(4, 5, 6) == PRF(5, 7, 9)


# --- metrics ---------------------------------------------------------------------------------

def _gold() -> Facts:
    return Facts(
        id="x1",
        persons=["Trần Văn Khải", "Lê Thị Mai"],
        holdings=[
            Holding("Trần Văn Khải", "Bí thư Huyện ủy", "Huyện ủy Yên Hòa",
                    "huyện Yên Hòa, tỉnh Hải Hưng"),
            Holding("Trần Văn Khải", "Chủ tịch Hội đồng nhân dân huyện",
                    "Hội đồng nhân dân huyện Yên Hòa", "huyện Yên Hòa, tỉnh Hải Hưng"),
            Holding("Lê Thị Mai", "Ủy viên Ban Chấp hành Đảng bộ tỉnh",
                    "Ban Chấp hành Đảng bộ tỉnh Hải Hưng", "tỉnh Hải Hưng"),
        ],
        events=[Event("meeting", date="2024-05-02"), Event("training", date="2024-05-02"),
                Event("other", date=None)],
        changes=[Change("Lê Thị Mai", "appointed", "Phó Bí thư Huyện ủy"),
                 Change("Lê Thị Mai", "transferred", "Trưởng Ban Tổ chức Huyện ủy")],
    )


def test_persons_are_a_set_after_normalisation():
    pred = Facts(id="x1", persons=["Đồng chí Trần Văn Khải", "trần văn khải", "Phạm Quốc Bảo"])
    s = score_article(pred, _gold())
    assert s.persons == PRF(1, 1, 1)
    assert s.diffs["persons"] == {"missing": ["Lê Thị Mai"], "extra": ["Phạm Quốc Bảo"]}


def test_holdings_and_organisations():
    pred = Facts(id="x1", holdings=[
        Holding("Trần Văn Khải", "Bí thư Huyện uỷ Yên Hòa", "Huyện ủy Yên Hòa"),
        Holding("ông Trần Văn Khải", "Chủ tịch HĐND huyện Yên Hòa", "UBND huyện Yên Hòa"),
        Holding("Trần Văn Khải", "Chủ tịch HĐND huyện", "HĐND huyện Yên Hòa"),  # duplicate key
        Holding("Lê Thị Mai", "Tỉnh ủy viên", "Tỉnh ủy Hải Hưng"),
        Holding("Lê Thị Mai", "Phó Bí thư Huyện ủy", "Huyện ủy Yên Hòa"),
    ])
    s = score_article(pred, _gold())
    assert s.holdings == PRF(3, 1, 0)
    assert s.organizations == (3, 3)  # one of the duplicate's organisations is right
    assert s.diffs["holdings"]["extra"] == ["Lê Thị Mai — Phó Bí thư Huyện ủy"]


def test_wrong_organisation_is_counted_and_shown():
    pred = Facts(id="x1", holdings=[
        Holding("Trần Văn Khải", "Bí thư Huyện ủy", "Huyện ủy Bắc Phong"),
        Holding("Lê Thị Mai", "Ủy viên BCH Đảng bộ tỉnh", None),
    ])
    s = score_article(pred, _gold())
    assert s.holdings == PRF(2, 0, 1)
    assert s.organizations == (0, 2)
    assert s.organization_accuracy == 0.0
    assert s.diffs["organizations"] == {
        "missing": ["Lê Thị Mai — Ủy viên Ban Chấp hành Đảng bộ tỉnh: "
                    "Ban Chấp hành Đảng bộ tỉnh Hải Hưng",
                    "Trần Văn Khải — Bí thư Huyện ủy: Huyện ủy Yên Hòa"],
        "extra": ["Lê Thị Mai — Ủy viên BCH Đảng bộ tỉnh: None",
                  "Trần Văn Khải — Bí thư Huyện ủy: Huyện ủy Bắc Phong"],
    }


def test_event_dates_are_a_multiset_and_nulls_pair_only_with_nulls():
    gold = _gold()  # 2024-05-02 twice, one null
    one = Facts(id="x1", events=[Event("meeting", date="2024-05-02")])
    assert score_article(one, gold).event_dates == PRF(1, 0, 1)
    three = Facts(id="x1", events=[Event("meeting", date="2024-05-02")] * 3)
    assert score_article(three, gold).event_dates == PRF(2, 1, 0)
    with_null = Facts(id="x1", events=[Event("meeting", date=None), Event("other", date=None)])
    assert score_article(with_null, gold).event_dates == PRF(1, 0, 2)  # extra null not an fp
    wrong = Facts(id="x1", events=[Event("meeting", date="2024-05")])
    s = score_article(wrong, gold)
    assert s.event_dates == PRF(0, 1, 2)
    assert s.diffs["event_dates"] == {"missing": ["2024-05-02", "2024-05-02"],
                                      "extra": ["2024-05"]}


def test_changes_are_person_change_pairs():
    pred = Facts(id="x1", changes=[
        Change("Lê Thị Mai", "appointed", "Bí thư Huyện ủy"),  # the post does not count
        Change("Lê Thị Mai", "appointed", "Phó Bí thư Huyện ủy"),
        Change("Lê Thị Mai", "elected"),
    ])
    s = score_article(pred, _gold())
    assert s.changes == PRF(1, 1, 1)
    assert s.diffs["changes"]["missing"] == ["Lê Thị Mai — transferred"]


def test_empty_gold_and_empty_prediction():
    empty = Facts(id="e")
    s = score_article(Facts(id="e"), empty)
    for prf in (s.persons, s.holdings, s.event_dates, s.changes):
        assert prf == PRF() and prf.f1 == 1.0
    assert s.organization_accuracy == 1.0
    s = score_article(Facts(id="e", persons=["Phạm Quốc Bảo"],
                            holdings=[Holding("Phạm Quốc Bảo", "Bí thư Chi bộ")]), empty)
    assert s.persons == PRF(0, 1, 0) and s.persons.f1 == 0.0
    assert s.organization_accuracy == 0.0


def test_evaluate_micro_averages_and_lists_missing_and_unscored():
    gold = [_gold(), Facts(id="x2", persons=["Phạm Quốc Bảo", "Đỗ Văn Tín", "Hà Thị Lan"])]
    pred = [Facts(id="x1", persons=["Trần Văn Khải", "Lê Thị Mai"]),
            Facts(id="zz", persons=["Ngô Văn Sáu"])]
    scores = evaluate(pred, gold)
    assert [a.id for a in scores.articles] == ["x1", "x2"]
    assert scores.missing == ["x2"] and scores.unscored == ["zz"]
    assert scores.persons == PRF(2, 0, 3)
    assert scores.persons.recall == 2 / 5  # micro: not the mean of 1.0 and 0.0
    text = scores.table(details=True)
    assert "no prediction for: x2" in text and "zz" in text
    assert "Đỗ Văn Tín" in text and "(no prediction)" in text
    assert "Đỗ Văn Tín" not in scores.table()
    data = scores.to_dict()
    json.dumps(data, ensure_ascii=False)  # plain data
    assert data["persons"]["tp"] == 2 and data["missing_predictions"] == ["x2"]
    assert data["per_article"][1]["predicted"] is False


def test_evaluate_rejects_repeated_ids():
    with pytest.raises(ValueError, match="x1"):
        evaluate([Facts(id="x1"), Facts(id="x1")], [_gold()])
    with pytest.raises(ValueError, match="x1"):
        evaluate([], [_gold(), _gold()])


def test_evaluate_files_reads_jsonl_and_yaml(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "x2.yaml").write_text(
        "id: x2\ntext: '...'\ngold:\n  persons: [Phạm Quốc Bảo]\n  events:\n"
        "  - kind: meeting\n    date: 2024-01-02\n", encoding="utf-8")
    write_jsonl([Facts(id="x2", persons=["Ông Phạm Quốc Bảo"],
                       events=[Event("meeting", date="2024-01-02")])], tmp_path / "p.jsonl")
    scores = evaluate_files(tmp_path / "p.jsonl", [gold_dir])
    assert scores.persons == PRF(1, 0, 0) and scores.event_dates == PRF(1, 0, 0)


# --- properties ------------------------------------------------------------------------------

_syllable = st.sampled_from(["Nguyễn", "Trần", "Văn", "Thị", "Hòa", "Hoà", "Khải", "Mai", "An",
                             "Tư", "TP", "UBND", "Ủy", "Uỷ", "viên", "ông", "7", "XV", "tỉnh"])
_text = st.lists(_syllable, min_size=1, max_size=4).map(" ".join)
_date = st.one_of(st.none(), st.sampled_from(["2024-01-02", "2024-01", "2025-12-31"]))
_facts = st.builds(
    Facts,
    id=st.just("h"),
    persons=st.lists(_text, max_size=4),
    holdings=st.lists(st.builds(Holding, person=_text, post=_text,
                                organization=st.one_of(st.none(), _text),
                                place=st.one_of(st.none(), _text)), max_size=4),
    events=st.lists(st.builds(Event, kind=st.just("meeting"), date=_date), max_size=4),
    changes=st.lists(st.builds(Change, person=_text,
                               change=st.sampled_from(["elected", "appointed", "retired"])),
                     max_size=3),
)


def _all(s: Scores) -> list[float]:
    return [v for prf in (s.persons, s.holdings, s.event_dates, s.changes)
            for v in (prf.precision, prf.recall, prf.f1)] + [s.organizations]


@settings(max_examples=60, deadline=None)
@given(_facts)
def test_facts_scored_against_themselves_are_perfect(facts):
    assert _all(evaluate([facts], [facts])) == [1.0] * 13


@settings(max_examples=60, deadline=None)
@given(_facts, _facts)
def test_scores_are_within_bounds(pred, gold):
    s = evaluate([pred], [gold])
    assert all(0.0 <= v <= 1.0 for v in _all(s))
    for prf in (s.persons, s.holdings, s.event_dates, s.changes):
        assert min(prf.tp, prf.fp, prf.fn) >= 0
    right, matched = s.organization_counts
    assert 0 <= right <= matched == s.holdings.tp


@settings(max_examples=40, deadline=None)
@given(_facts)
def test_unicode_form_does_not_change_scores(facts):
    nfd = Facts.from_dict(json.loads(unicodedata.normalize("NFD", json.dumps(
        facts.to_dict(), ensure_ascii=False))))
    assert _all(evaluate([nfd], [facts])) == [1.0] * 13


# --- the shared gold -------------------------------------------------------------------------

def _dev_gold() -> list[Facts]:
    if not DEV.is_dir():
        pytest.skip("shared dev folder not present")
    return [f for p in sorted(DEV.glob("*.yaml")) for f in read_facts(p)]


def test_dev_gold_against_itself_is_perfect():
    gold = _dev_gold()
    scores = evaluate(gold, gold)
    assert _all(scores) == [1.0] * 13
    for article in scores.articles:
        assert article.organizations[0] == article.organizations[1]
        assert article.holdings.fn == 0


_ABBREVIATE = (("Ủy ban nhân dân", "UBND"), ("Hội đồng nhân dân", "HĐND"),
               ("Ban Thường vụ", "BTV"), ("Ban Chấp hành", "BCH"), ("Ủy ban Kiểm tra", "UBKT"),
               ("Mặt trận Tổ quốc", "MTTQ"), ("Trung ương", "TW"), ("Ủy", "Uỷ"), ("ủy", "uỷ"),
               ("Hóa", "Hoá"))


_UNIT = re.compile(r"^(?:thành phố|thị xã|tỉnh|huyện|quận|phường|xã)\s+", re.IGNORECASE)


def _abbreviate(text: str | None) -> str | None:
    if text is None:
        return None
    for full, short in _ABBREVIATE:
        text = text.replace(full, short)
    return text


def test_dev_gold_written_the_way_an_extractor_might_still_matches():
    """Posts abbreviated and with their place appended, organisations abbreviated."""
    gold = _dev_gold()
    variants = []
    for g in gold:
        v = Facts.from_dict(g.to_dict())
        v.persons = ["Đồng chí " + unicodedata.normalize("NFD", p) for p in v.persons]
        for h in v.holdings:
            place = _UNIT.sub("", h.place.split(",")[0]) if h.place else ""
            h.post = _abbreviate(f"{h.post} {place}".strip())
            h.organization = _abbreviate(h.organization)
        variants.append(v)
    scores = evaluate(variants, gold)
    assert scores.persons.f1 == 1.0
    assert scores.holdings.f1 == 1.0, scores.table(details=True)
    assert scores.organizations == 1.0, scores.table(details=True)

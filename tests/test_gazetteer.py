"""Tests for orggraph.gazetteer against the real data of the vietnamadminunits package."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orggraph.gazetteer import Gazetteer, Unit, default_gazetteer
from orggraph.text import key


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def ids(units: list[Unit]) -> list[str]:
    return [u.id for u in units]


# -- loading and single units --------------------------------------------------------------

def test_counts_per_era_and_level(gaz: Gazetteer) -> None:
    def count(era: str, level: str) -> int:
        return sum(1 for _ in gaz.units(era=era, level=level))

    assert count("pre2025", "province") == 63
    assert count("pre2025", "district") == 696
    assert count("pre2025", "commune") == 10035
    assert count("2025", "province") == 34
    assert count("2025", "district") == 0
    assert count("2025", "commune") == 3321


def test_default_gazetteer_is_cached() -> None:
    assert default_gazetteer() is default_gazetteer()


def test_get_units_of_each_level(gaz: Gazetteer) -> None:
    assert gaz.get("pre2025/38") == Unit("pre2025/38", "Thanh Hóa", "tỉnh", "province",
                                         "pre2025", None)
    district = gaz.get("pre2025/388")
    assert (district.name, district.type, district.level, district.parent) == (
        "Lang Chánh", "huyện", "district", "pre2025/38")
    commune = gaz.get("pre2025/15037")
    assert (commune.label, commune.parent, commune.code) == ("xã Trí Nang", "pre2025/388", "15037")
    new = gaz.get("2025/15055")
    assert (new.label, new.level, new.parent) == ("xã Linh Sơn", "commune", "2025/38")


def test_get_unknown_id_names_it(gaz: Gazetteer) -> None:
    with pytest.raises(KeyError, match="pre2025/99999"):
        gaz.get("pre2025/99999")
    assert "pre2025/99999" not in gaz and "2025/79" in gaz


def test_names_are_nfc_and_without_disambiguators(gaz: Gazetteer) -> None:
    for unit in gaz.units():
        assert unit.name == unicodedata.normalize("NFC", unit.name)
        assert "(" not in unit.name, unit
    # The package writes "Yên Viên (Thị trấn)" to tell the two apart; the type does that here.
    yen_vien = gaz.find("Yên Viên", era="pre2025")
    assert [u.label for u in yen_vien] == ["thị trấn Yên Viên", "xã Yên Viên"]


def test_labels(gaz: Gazetteer) -> None:
    assert gaz.get("pre2025/01").label == "thành phố Hà Nội"
    assert gaz.get("pre2025/38").label == "tỉnh Thanh Hóa"
    assert gaz.get("pre2025/760").label == "quận 1"
    assert gaz.get("2025/11948").label == "đặc khu Bạch Long Vĩ"


# -- era_for -------------------------------------------------------------------------------

@pytest.mark.parametrize(("date", "era"), [
    ("2025-06-30", "pre2025"),
    ("2025-07-01", "2025"),
    ("2025-07", "2025"),
    ("2025-06", "pre2025"),
    ("2024", "pre2025"),
    ("2026", "2025"),
    ("2025", None),  # the year straddles the reform
    ("2025-07-01T08:00:00", "2025"),
    (None, None),
])
def test_era_for(date: str | None, era: str | None) -> None:
    assert Gazetteer.era_for(date) == era


@pytest.mark.parametrize("bad", ["yesterday", "25-07-2025", ""])
def test_era_for_rejects_non_dates(bad: str) -> None:
    with pytest.raises(ValueError, match="ISO date"):
        Gazetteer.era_for(bad)


# -- find ----------------------------------------------------------------------------------

def test_find_province_in_both_eras(gaz: Gazetteer) -> None:
    assert ids(gaz.find("tỉnh Thanh Hóa")) == ["2025/38", "pre2025/38"]
    assert ids(gaz.find("Thanh Hóa", era="2025", level="province")) == ["2025/38"]


def test_find_district_only_exists_before_2025(gaz: Gazetteer) -> None:
    assert ids(gaz.find("huyện Lang Chánh")) == ["pre2025/388"]
    assert gaz.find("huyện Lang Chánh", era="2025") == []
    # Without the type word the thị trấn of the same name is a candidate too.
    assert ids(gaz.find("Lang Chánh")) == ["pre2025/388", "pre2025/15055"]


def test_find_commune_in_each_era(gaz: Gazetteer) -> None:
    assert ids(gaz.find("xã Trí Nang", era="pre2025")) == ["pre2025/15037"]
    assert ids(gaz.find("Linh Sơn", era="2025", within="2025/38")) == ["2025/15055"]


@pytest.mark.parametrize("variant", [
    "Thanh Hoá",                                      # the other tone convention
    "THANH HÓA",
    "thanh hóa",
    unicodedata.normalize("NFD", "Thanh Hóa"),
    unicodedata.normalize("NFD", "tỉnh Thanh Hoá"),
    "  Tỉnh   Thanh Hóa. ",
])
def test_find_is_insensitive_to_case_form_and_tones(gaz: Gazetteer, variant: str) -> None:
    assert ids(gaz.find(variant, level="province", era="pre2025")) == ["pre2025/38"]


def test_find_uy_tone_variants(gaz: Gazetteer) -> None:
    assert gaz.find("Thuỷ Nguyên") == gaz.find("Thủy Nguyên") != []


@pytest.mark.parametrize("variant", [
    "TP Hồ Chí Minh", "TP. Hồ Chí Minh", "TP.HCM", "TPHCM", "tp hcm", "Thành phố Hồ Chí Minh",
    "Hồ Chí Minh", "thành phố hồ chí minh",
])
def test_find_ho_chi_minh_city(gaz: Gazetteer, variant: str) -> None:
    assert ids(gaz.find(variant, level="province")) == ["2025/79", "pre2025/79"]


@pytest.mark.parametrize("variant", ["Thừa Thiên Huế", "tỉnh Thừa Thiên - Huế", "Huế",
                                     "thành phố Huế"])
def test_find_hue(gaz: Gazetteer, variant: str) -> None:
    assert ids(gaz.find(variant, level="province")) == ["2025/46", "pre2025/46"]


def test_type_word_must_agree(gaz: Gazetteer) -> None:
    assert [u.label for u in gaz.find("Kỳ Anh", era="pre2025", level="district")] == [
        "huyện Kỳ Anh", "thị xã Kỳ Anh"]
    assert [u.label for u in gaz.find("thị xã Kỳ Anh")] == ["thị xã Kỳ Anh"]
    assert gaz.find("quận Lang Chánh") == []
    # "Quan Sơn" is a name, not the type word "quận" without its diacritics.
    assert "pre2025/387" in ids(gaz.find("Quan Sơn"))


def test_types_argument(gaz: Gazetteer) -> None:
    assert ids(gaz.find("Lang Chánh", types=["thị trấn"])) == ["pre2025/15055"]
    assert ids(gaz.find("Lang Chánh", types=["Huyện", "xã"])) == ["pre2025/388"]


def test_numbered_units(gaz: Gazetteer) -> None:
    hcm = "pre2025/79"
    assert ids(gaz.find("Quận 1", within=hcm)) == ["pre2025/760"]
    assert gaz.find("quận 01") == gaz.find("Q.1") == gaz.find("Quận 1")
    wards = gaz.find("Phường 7", within="pre2025/760")  # quận 1 has no phường 7
    assert wards == []
    p7 = gaz.find("Phường 7", within=hcm)
    assert p7 and all(u.label == "phường 7" for u in p7)
    assert all(hcm in ids(gaz.ancestors(u)) for u in p7)
    assert ids(gaz.find("phường 07", within=hcm)) == ids(p7)


def test_within_restricts_to_descendants(gaz: Gazetteer) -> None:
    everywhere = gaz.find("Hà Trung")
    in_thanh_hoa = gaz.find("Hà Trung", within="pre2025/38")
    assert set(ids(in_thanh_hoa)) < set(ids(everywhere))
    assert ids(in_thanh_hoa) == ["pre2025/392", "pre2025/15271"]
    # Strictly under: a unit is not within itself.
    assert gaz.find("Thanh Hóa", within="pre2025/38", level="province") == []
    with pytest.raises(KeyError, match="pre2025/00"):
        gaz.find("Hà Trung", within="pre2025/00")


def test_find_comma_path(gaz: Gazetteer) -> None:
    assert ids(gaz.find("xã Trí Nang, huyện Lang Chánh, tỉnh Thanh Hóa")) == ["pre2025/15037"]
    assert ids(gaz.find("Trí Nang, Thanh Hoá")) == ["pre2025/15037"]
    assert ids(gaz.find("huyện Lang Chánh, tỉnh Thanh Hóa, Việt Nam")) == ["pre2025/388"]
    assert gaz.find("xã Trí Nang, tỉnh Nghệ An") == []


def test_find_falls_back_to_package_aliases(gaz: Gazetteer) -> None:
    # The package lists the ASCII forms of former names of merged units as aliases.
    assert gaz.find("Sài Đồng") == gaz.find("phường Phúc Lợi", era="pre2025") != []
    # Aliases are a fallback only: a unit really named so wins.
    assert all(u.name == "Vũng Tàu" for u in gaz.find("Vũng Tàu"))


def test_find_ascii_query(gaz: Gazetteer) -> None:
    assert ids(gaz.find("huyen Lang Chanh")) == ["pre2025/388"]
    assert ids(gaz.find("Thanh Hoa", level="province")) == ["2025/38", "pre2025/38"]


def test_find_results_are_sorted_by_level_then_id(gaz: Gazetteer) -> None:
    found = gaz.find("Thanh Hóa")
    levels = ["province", "district", "commune"]
    keys = [(levels.index(u.level), u.id) for u in found]
    assert len(found) >= 3 and keys == sorted(keys)


def test_find_rejects_bad_level_and_era(gaz: Gazetteer) -> None:
    with pytest.raises(ValueError, match="level"):
        gaz.find("Thanh Hóa", level="county")
    with pytest.raises(ValueError, match="era"):
        gaz.find("Thanh Hóa", era="2024")


# Fragments that reach the type-word, number, alias and path branches more often than
# uniform random text does.
_FRAGMENTS = ["huyện", "Xã", "thị xã", "TP.", "tp", "Q.", "P.", "phường", "đặc khu", "07", "1",
              "²", ",", " - ", "Thanh Hoá", "Lang Chanh", "Bà", "hcm", "Việt Nam", "(", "ủy",
              "\u0301", "\u00a0", ".", "'"]
_QUERIES = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=6).map(" ".join),
    st.lists(st.sampled_from(_FRAGMENTS), max_size=6).map("".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_QUERIES)
def test_find_never_raises_on_arbitrary_text(text: str) -> None:
    gaz = default_gazetteer()
    found = gaz.find(text)
    assert all(isinstance(u, Unit) for u in found)
    assert len({u.id for u in found}) == len(found)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_full_label_round_trips_through_find(data: st.DataObject) -> None:
    gaz = default_gazetteer()
    unit = data.draw(st.sampled_from(list(gaz.units())))
    assert gaz.find(gaz.full_label(unit), era=unit.era) == [unit]
    assert gaz.is_name(key(unit.name))


# -- hierarchy -----------------------------------------------------------------------------

def test_full_label_and_ancestors(gaz: Gazetteer) -> None:
    commune = gaz.get("pre2025/15037")
    assert gaz.full_label(commune) == "xã Trí Nang, huyện Lang Chánh, tỉnh Thanh Hóa"
    assert ids(gaz.ancestors(commune)) == ["pre2025/388", "pre2025/38"]
    assert gaz.full_label(gaz.get("pre2025/388")) == "huyện Lang Chánh, tỉnh Thanh Hóa"
    assert gaz.full_label(gaz.get("2025/15055")) == "xã Linh Sơn, tỉnh Thanh Hóa"
    assert gaz.ancestors(gaz.get("2025/38")) == []


def test_children(gaz: Gazetteer) -> None:
    lang_chanh = gaz.children(gaz.get("pre2025/388"))
    assert len(lang_chanh) == 10 and ids(lang_chanh) == sorted(ids(lang_chanh))
    assert "pre2025/15037" in ids(lang_chanh)
    assert all(u.level == "district" for u in gaz.children(gaz.get("pre2025/38")))
    assert all(u.level == "commune" for u in gaz.children(gaz.get("2025/38")))
    assert gaz.children(gaz.get("pre2025/15037")) == []


# -- successors and predecessors -----------------------------------------------------------

def test_merged_province(gaz: Gazetteer) -> None:
    ha_giang = gaz.get("pre2025/02")
    assert ids(gaz.successors(ha_giang)) == ["2025/08"]
    assert gaz.main_successor(ha_giang) == gaz.get("2025/08")
    assert ids(gaz.predecessors(gaz.get("2025/08"))) == ["pre2025/02", "pre2025/08"]
    # A province that absorbed none is its own predecessor's only successor.
    assert ids(gaz.predecessors(gaz.get("2025/38"))) == ["pre2025/38"]


def test_merged_commune(gaz: Gazetteer) -> None:
    linh_son = gaz.get("2025/15055")
    assert [u.label for u in gaz.predecessors(linh_son)] == ["xã Trí Nang", "thị trấn Lang Chánh"]
    assert gaz.successors(gaz.get("pre2025/15037")) == [linh_son]
    assert gaz.successors(linh_son) == [] and gaz.predecessors(gaz.get("pre2025/15037")) == []


def test_split_commune_has_all_parts_and_a_main_one(gaz: Gazetteer) -> None:
    town = gaz.get("pre2025/15271")  # thị trấn Hà Trung
    assert [u.label for u in gaz.successors(town)] == ["xã Hà Trung", "xã Hoạt Giang"]
    assert gaz.main_successor(town) == gaz.get("2025/15271")
    assert town in gaz.predecessors(gaz.get("2025/15286"))


def test_district_successors_are_its_communes_successors(gaz: Gazetteer) -> None:
    district = gaz.get("pre2025/388")
    expected = {s.id for c in gaz.children(district) for s in gaz.successors(c)}
    assert set(ids(gaz.successors(district))) == expected
    assert "2025/15055" in expected and len(expected) == 6
    assert gaz.main_successor(district) is None


def test_island_district_without_communes(gaz: Gazetteer) -> None:
    old = gaz.get("pre2025/318")  # huyện Bạch Long Vĩ
    assert gaz.children(old) == []
    assert [u.label for u in gaz.successors(old)] == ["đặc khu Bạch Long Vĩ"]
    assert gaz.predecessors(gaz.get("2025/11948")) == [old]


def test_every_pre2025_commune_and_province_has_a_successor(gaz: Gazetteer) -> None:
    for unit in gaz.units(era="pre2025"):
        if unit.level != "district":
            assert all(s.era == "2025" and s.level == unit.level for s in gaz.successors(unit))
            assert gaz.successors(unit), unit


# -- is_name ---------------------------------------------------------------------------------

def test_is_name(gaz: Gazetteer) -> None:
    assert gaz.is_name(key("Lang Chánh"))
    assert gaz.is_name(key("Thanh Hoá"))
    assert gaz.is_name(key("Bà Rịa - Vũng Tàu"))  # key() drops "bà" as if an honorific
    assert gaz.is_name(key("Quận 1"))
    assert gaz.is_name(key("Thừa Thiên Huế"))
    assert not gaz.is_name(key("huyện Lang Chánh"))  # a short name, not a label
    assert not gaz.is_name(key("Ban Thường vụ"))

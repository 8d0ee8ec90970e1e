"""Body identity: aliases are one node, a body the reform left alone keeps its node."""

from __future__ import annotations

import random

import pytest

from orggraph.bodies import article_place, body_iri, identify, resolve, stable_unit, unchanged
from orggraph.facts import Facts, Holding, Organization
from orggraph.gazetteer import default_gazetteer
from orggraph.rdf.mapping import facts_to_quads
from orggraph.rdf.namespaces import ORG, SKOS
from orggraph.vocab import load_vocabulary


@pytest.fixture(scope="module")
def vg():
    return load_vocabulary(), default_gazetteer()


@pytest.mark.parametrize(("a", "b"), [
    (("Ban Chấp hành Đảng bộ tỉnh Quảng Ninh", "bch-dang-bo", "pre2025/22"),
     ("Tỉnh ủy Quảng Ninh", "tinh-uy", "pre2025/22")),
    (("Ban Chấp hành Đảng bộ thành phố Hà Nội", "bch-dang-bo", "pre2025/01"),
     ("Thành ủy Hà Nội", "thanh-uy", "pre2025/01")),
    (("Ban Chấp hành Đảng bộ huyện Lang Chánh", "bch-dang-bo", "pre2025/388"),
     ("Huyện ủy Lang Chánh", "huyen-uy", "pre2025/388")),
    (("Ban Chấp hành Đảng bộ xã Trung Xuân", "bch-dang-bo", "pre2025/14995"),
     ("Đảng ủy xã Trung Xuân", "dang-uy", "pre2025/14995")),
    (("Thành ủy thành phố Hồ Chí Minh", "thanh-uy", "pre2025/79"),
     ("Thành ủy Hồ Chí Minh", "thanh-uy", "pre2025/79")),
    (("Ban Thường vụ Thành ủy thành phố Hồ Chí Minh", "ban-thuong-vu", "pre2025/79"),
     ("Ban Thường vụ Thành ủy Hồ Chí Minh", "ban-thuong-vu", "pre2025/79")),
])
def test_aliases_are_one_body(vg, a, b):
    v, g = vg
    assert identify(*a, v, g).key == identify(*b, v, g).key


def test_not_every_dang_uy_of_a_province_is_its_committee(vg):
    v, g = vg
    tu = identify("Tỉnh ủy Quảng Ngãi", "tinh-uy", "pre2025/51", v, g)
    police = identify("Đảng ủy Công an tỉnh Quảng Ngãi", "dang-uy", "pre2025/51", v, g)
    assert tu.key != police.key and police.family is None


def test_a_body_the_reform_left_alone_keeps_its_node(vg):
    v, g = vg
    assert unchanged(g, "pre2025/22") and unchanged(g, "2025/22")
    before = identify("Tỉnh ủy Quảng Ninh", "tinh-uy", "pre2025/22", v, g)
    after = identify("Tỉnh ủy Quảng Ninh", "tinh-uy", "2025/22", v, g)
    assert body_iri(before) == body_iri(after)
    hanoi = [identify("Thành ủy Hà Nội", "thanh-uy", p, v, g) for p in ("pre2025/01", "2025/01")]
    assert hanoi[0].key == hanoi[1].key


def test_a_merged_province_is_a_new_body(vg):
    v, g = vg
    assert not unchanged(g, "pre2025/19") and stable_unit(g, "2025/19") == "2025/19"
    before = identify("Tỉnh ủy Thái Nguyên", "tinh-uy", "pre2025/19", v, g)
    after = identify("Tỉnh ủy Thái Nguyên", "tinh-uy", "2025/19", v, g)
    assert before.key != after.key


def test_article_place_is_the_deepest_of_one_chain():
    g = default_gazetteer()
    assert article_place(["pre2025/38", "pre2025/382"], g) == "pre2025/382"
    assert article_place(["pre2025/38", "pre2025/22"], g) is None
    assert article_place([], g) is None


def _facts(order: int) -> list[Facts]:
    orgs = [Organization("Ban Chấp hành Đảng bộ tỉnh Quảng Ninh", "bch-dang-bo", "tỉnh Quảng Ninh",
                         "pre2025/22"),
            Organization("Tỉnh ủy Quảng Ninh", "tinh-uy", "tỉnh Quảng Ninh", "pre2025/22"),
            Organization("Hội đồng nhân dân", "hdnd")]
    holdings = [Holding("Nguyễn Văn A", "Ủy viên", "Ban Chấp hành Đảng bộ tỉnh Quảng Ninh"),
                Holding("Trần Văn B", "Bí thư", "Tỉnh ủy Quảng Ninh"),
                Holding("Lê Thị C", "Chủ tịch", "Hội đồng nhân dân")]
    rng = random.Random(order)
    rng.shuffle(orgs)
    rng.shuffle(holdings)
    return [Facts("q1", published="2024-05-01", organizations=orgs, holdings=holdings)]


def test_aliases_in_one_report_are_one_node_in_any_order():
    outputs = {tuple(facts_to_quads(_facts(seed)[0])) for seed in range(4)}
    assert len(outputs) == 1
    quads = next(iter(outputs))
    bodies = {q.object for q in quads if q.predicate == ORG("postIn")}
    labels = {q.subject: q.object.value for q in quads if q.predicate == SKOS("prefLabel")}
    assert sorted(labels[b] for b in bodies) == ["Hội đồng nhân dân tỉnh Quảng Ninh",
                                                "Tỉnh ủy Quảng Ninh"]
    alt = {q.object.value for q in quads if q.predicate == SKOS("altLabel")}
    assert "Ban Chấp hành Đảng bộ tỉnh Quảng Ninh" in alt


@pytest.mark.parametrize(("context", "name", "label"), [
    # "tỉnh" in a report about a province-level city is that city
    ("pre2025/48", "Hội đồng nhân dân tỉnh", "Hội đồng nhân dân thành phố Đà Nẵng"),
    # a level word above the report's unit names the unit above it
    ("pre2025/388", "Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh Thanh Hóa"),
    ("pre2025/388", "Ủy ban nhân dân huyện", "Ủy ban nhân dân huyện Lang Chánh"),
])
def test_a_level_word_resolves_in_the_reports_chain(vg, context, name, label):
    v, g = vg
    assert resolve(name, None, None, context, v, g).label == label


def test_a_bare_name_that_is_not_a_units_body_is_not_guessed(vg):
    v, g = vg
    assert resolve("Công an", None, None, "pre2025/388", v, g).place is None
    # a district has no HĐND "tỉnh" of its own level: the word does not fit a lower unit
    assert resolve("Hội đồng nhân dân xã", None, None, "pre2025/38", v, g).place is None


@pytest.mark.parametrize(("name", "parent"), [
    ("Ban Tổ chức Trung ương Hội Nông dân Việt Nam", "Hội Nông dân Việt Nam"),
    ("Ban Chấp hành Trung ương Hội Cựu chiến binh Việt Nam", "Hội Cựu chiến binh Việt Nam"),
    ("Ban Tổ chức Trung ương", "Ban Chấp hành Trung ương Đảng"),
])
def test_central_organs_belong_to_the_body_they_name(vg, name, parent):
    v, g = vg
    body = resolve(name, None, None, None, v, g)
    assert body.parent is not None and body.parent.label == parent


@pytest.mark.parametrize(("context", "name", "place"), [
    ("pre2025/80", "Báo Long An", "pre2025/80"),
    ("pre2025/48", "Đài Phát thanh - Truyền hình Đà Nẵng", "pre2025/48"),
    ("2025/08", "Báo và Phát thanh, Truyền hình Tuyên Quang", "2025/08"),
    (None, "Báo Long An", "pre2025/80"),  # one province of the name in either era
    # a paper named otherwise is not placed by a place inside its name
    ("pre2025/79", "Báo Tuổi trẻ Thành phố Hồ Chí Minh", None),
    ("pre2025/80", "Báo Nhân Dân", None),
])
def test_a_medium_named_after_a_province_is_the_provinces(vg, context, name, place):
    v, g = vg
    assert resolve(name, "bao", None, context, v, g).place == place


def test_a_central_bodys_whole_label_is_that_body_whatever_kind_the_report_gave(vg):
    v, g = vg
    body = resolve("Ban Chấp hành Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh",
                   "doan-thanh-nien", None, None, v, g)
    assert body.key == "central:trung-uong-doan"

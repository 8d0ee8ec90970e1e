"""Body identity: aliases are one node, a body the reform left alone keeps its node."""

from __future__ import annotations

import random

import pytest

from orggraph.bodies import article_place, body_iri, identify, stable_unit, unchanged
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

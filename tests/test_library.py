"""The query library on a small corpus built in the test: three invented reports about one
district. Expected rows are written from what the reports say."""

from __future__ import annotations

import pytest

from orggraph.api import Graph
from orggraph.facts import Change, Event, Facts, Holding, Organization, Participant, Span
from orggraph.pipeline import build_store

HU = "Huyện ủy Yên Minh"
UBH = "Ủy ban nhân dân huyện Yên Minh"
UBT = "Ủy ban nhân dân tỉnh Hà Giang"
ORGS = [Organization(HU, "huyen-uy", "huyện Yên Minh", "pre2025/028"),
        Organization(UBH, "ubnd", "huyện Yên Minh", "pre2025/028"),
        Organization(UBT, "ubnd", "tỉnh Hà Giang", "pre2025/02")]
B1_TEXT = ("Sáng 2/3, đồng chí Lò Văn An, Bí thư Huyện ủy Yên Minh chủ trì hội nghị. "
           "Bà Hầu Thị Bình, Chủ tịch UBND huyện Yên Minh dự.")
AN_SPAN = Span(B1_TEXT.index("Lò Văn An"), B1_TEXT.index(" chủ trì"))


def corpus() -> list[Facts]:
    """b1: An (Bí thư) chairs a conference, Bình (Chủ tịch UBND huyện) attends; b2: Bình
    elected Chủ tịch on 5/6/2024; b3: An appointed Phó Chủ tịch UBND tỉnh on 10/1/2025."""
    b1 = Facts("b1", published="2024-03-02", organizations=ORGS,
               holdings=[Holding("Lò Văn An", "Bí thư Huyện ủy", HU, title="bi-thu",
                                 evidence=AN_SPAN),
                         Holding("Hầu Thị Bình", "Chủ tịch UBND huyện", UBH, title="chu-tich")],
               events=[Event("conference", "Hội nghị Ban Chấp hành", "2024-03-02",
                             participants=[Participant("Lò Văn An", "chair"),
                                           Participant("Hầu Thị Bình", "attendee")])])
    b2 = Facts("b2", published="2024-06-07", organizations=ORGS,
               holdings=[Holding("Hầu Thị Bình", "Chủ tịch UBND huyện", UBH, title="chu-tich")],
               changes=[Change("Hầu Thị Bình", "elected", "Chủ tịch UBND huyện", UBH,
                               date="2024-06-05")])
    b3 = Facts("b3", published="2025-01-12", organizations=ORGS,
               holdings=[Holding("Lò Văn An", "Phó Chủ tịch UBND tỉnh", UBT,
                                 title="pho-chu-tich")],
               changes=[Change("Lò Văn An", "appointed", "Phó Chủ tịch UBND tỉnh", UBT,
                               date="2025-01-10")])
    return [b1, b2, b3]


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph(build_store([(f, B1_TEXT if f.id == "b1" else None) for f in corpus()]))


def rows(graph: Graph, name: str, *columns: str, **params: object) -> list[tuple]:
    found = graph.query(name, **params)
    assert isinstance(found, list)
    return [tuple(r[c] for c in columns) for r in found]


def iri_of(graph: Graph, query: str, text: str, column: str) -> str:
    found = graph.query(query, text=text)
    assert isinstance(found, list) and len(found) == 1, found
    value = found[0][column]
    assert isinstance(value, str)
    return value


def test_find_person_ignores_case_and_accents(graph: Graph) -> None:
    assert rows(graph, "find-person", "name", "posts", text="lo van an") == [("Lò Văn An", 2)]
    assert rows(graph, "find-person", "name", text="HAU THI") == [("Hầu Thị Bình",)]
    assert rows(graph, "find-person", "name", text="Bình") == [("Hầu Thị Bình",)]
    assert rows(graph, "find-person", "name", text="nobody") == []
    assert len(rows(graph, "find-person", "name")) == 2


def test_find_organization_by_any_spelling(graph: Graph) -> None:
    assert rows(graph, "find-organization", "label", text="huyen uy yen minh") == [(HU,)]
    assert rows(graph, "find-organization", "label", text="NHAN DAN HUYEN yen minh") == [(UBH,)]
    assert rows(graph, "find-organization", "label", text="nhân dân tỉnh hà giang") == [(UBT,)]


def test_changes_in_a_period_and_of_a_kind(graph: Graph) -> None:
    in_2024 = rows(graph, "changes-in-period", "personName", "changeKind",
                   **{"from": "2024-01-01", "to": "2024-12-31"})
    assert [(n, k.rsplit("/", 1)[1]) for n, k in in_2024] == [("Hầu Thị Bình", "elected")]
    assert rows(graph, "changes-in-period", "personName", kind="appointed") == [("Lò Văn An",)]
    assert rows(graph, "changes-in-period", "personName", to="2024-06") == [("Hầu Thị Bình",)]
    everything = rows(graph, "changes-in-period", "personName")
    assert everything == [("Hầu Thị Bình",), ("Lò Văn An",)]  # in date order


def test_event_chairs_with_the_post_the_report_shows(graph: Graph) -> None:
    assert rows(graph, "event-chairs", "chairName", "postLabel") == [
        ("Lò Văn An", "Bí thư Huyện ủy Yên Minh")]


def test_bodies_without_a_known_head(graph: Graph) -> None:
    no_chair = rows(graph, "bodies-without-head", "label",
                    role="ogv:title/chu-tich", kind="ubnd")
    # the district's committee has Bình; the province's none (nor its 2025 successor, which
    # the hierarchy adds)
    assert UBT in {r[0] for r in no_chair} and UBH not in {r[0] for r in no_chair}
    assert all(r[0].startswith("Ủy ban nhân dân tỉnh") for r in no_chair)
    no_secretary = rows(graph, "bodies-without-head", "label", role="ogv:title/bi-thu",
                        kind="huyen-uy")
    assert no_secretary == []
    anyone = {r[0] for r in rows(graph, "bodies-without-head", "label")}
    assert not anyone & {HU, UBH, UBT}  # each has some holder


def test_holdings_backed_by_one_article(graph: Graph) -> None:
    single = rows(graph, "single-source-holdings", "personName", "postLabel", "article")
    # Bình's Chủ tịch is in b1 and b2; An's two posts each in one report
    assert [(n, a.rsplit("/", 1)[1]) for n, _, a in single] == [("Lò Văn An", "b1"),
                                                                 ("Lò Văn An", "b3")]


def test_fact_evidence_of_a_tenure_and_of_its_record(graph: Graph) -> None:
    career = graph.query("career", personText="Lò Văn An")
    assert isinstance(career, list)
    tenure = next(r["tenure"] for r in career if r["postLabel"] == "Bí thư Huyện ủy Yên Minh")
    evidence = rows(graph, "fact-evidence", "quote", "start", "end", fact=tenure)
    assert evidence == [("Lò Văn An, Bí thư Huyện ủy Yên Minh", AN_SPAN.start, AN_SPAN.end)]
    record = graph.query("fact-evidence", fact=tenure)[0]["record"]  # type: ignore[index]
    assert rows(graph, "fact-evidence", "quote", fact=record) == [evidence[0][:1]]


def test_posts_by_level_and_province(graph: Graph) -> None:
    counts = rows(graph, "posts-by-level-and-province", "provinceLabel", "level", "bodies",
                  "posts", "holders")
    assert [(p, lvl.rsplit("#", 1)[1], b, n, h) for p, lvl, b, n, h in counts] == [
        ("tỉnh Hà Giang", "District", 2, 2, 2), ("tỉnh Hà Giang", "Province", 1, 1, 1)]
    assert rows(graph, "posts-by-level-and-province", "level", provinceText="nowhere") == []


def test_posts_in_organization_found_by_name(graph: Graph) -> None:
    hu = iri_of(graph, "find-organization", "huyen uy yen minh", "org")
    assert rows(graph, "posts-in-organization", "postLabel", "holderName", org=hu) == [
        ("Bí thư Huyện ủy Yên Minh", "Lò Văn An")]
    # the district committee reports up a line that ends at a national body: the top of the
    # line holds the district's posts too (bounded climb from the posts, not every pair)
    line = graph.query("reporting-line", org=hu)
    assert isinstance(line, list) and line
    top = line[-1]["ancestor"]
    below = {r[0] for r in rows(graph, "posts-in-organization", "postLabel", org=top)}
    assert "Bí thư Huyện ủy Yên Minh" in below

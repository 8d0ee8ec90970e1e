"""Tenures across reports: attestations, reported starts and ends (stated or inferred), terms,
conflicts, and the as-of queries, on a small corpus of five reports about one district."""

from __future__ import annotations

import random

import pytest

from orggraph import tenure
from orggraph.facts import Change, Facts, Holding, Organization, Span
from orggraph.pipeline import build_store
from orggraph.query import run_named_query

HU = "Huyện ủy Yên Minh"
HDND = "Hội đồng nhân dân huyện Yên Minh"
UBT = "Ủy ban nhân dân tỉnh Hà Giang"
ORGS = [Organization(HU, "huyen-uy", "huyện Yên Minh", "pre2025/028"),
        Organization(HDND, "hdnd", "huyện Yên Minh", "pre2025/028"),
        Organization(UBT, "ubnd", "tỉnh Hà Giang", "pre2025/02")]
A2_TEXT = ("Ông Lò Văn An, Bí thư Huyện ủy Yên Minh, được điều động giữ chức Phó Chủ tịch UBND "
           "tỉnh Hà Giang. Hội nghị bầu ông Hầu Văn Cường giữ chức Bí thư Huyện ủy Yên Minh "
           "khóa XX, nhiệm kỳ 2020-2025 kể từ ngày 5/6/2024.")
CUONG = A2_TEXT.index("bầu ông")


def bi_thu(person: str, span: Span | None = None) -> Holding:
    return Holding(person, "Bí thư Huyện ủy", HU, title="bi-thu", evidence=span)


def corpus() -> list[Facts]:
    """a1: An is Bí thư and Chủ tịch HĐND; a2: An leaves for the province (dated by the
    report), Cường is elected "kể từ ngày 5/6/2024" for khóa XX, 2020-2025; a3: An shown as
    Bí thư after leaving; a4: Dũng shown as Bí thư; a5: Cường shown as Bí thư again."""
    a1 = Facts("a1", published="2024-03-02", organizations=ORGS,
               holdings=[bi_thu("Lò Văn An"),
                         Holding("Lò Văn An", "Chủ tịch HĐND huyện", HDND, title="chu-tich")])
    a2 = Facts("a2", published="2024-06-07", organizations=ORGS,
               holdings=[Holding("Lò Văn An", "Phó Chủ tịch", UBT, title="pho-chu-tich"),
                         bi_thu("Hầu Văn Cường", Span(CUONG, CUONG + 50))],
               changes=[Change("Lò Văn An", "transferred", "Bí thư Huyện ủy", HU,
                               date="2024-06-07"),
                        Change("Lò Văn An", "appointed", "Phó Chủ tịch", UBT, date="2024-06-07"),
                        Change("Hầu Văn Cường", "elected", "Bí thư Huyện ủy", HU,
                               date="2024-06-05", evidence=Span(CUONG, CUONG + 50))])
    a3 = Facts("a3", published="2024-08-01", organizations=ORGS, holdings=[bi_thu("Lò Văn An")])
    a4 = Facts("a4", published="2024-09-01", organizations=ORGS,
               holdings=[bi_thu("Thào Văn Dũng")])
    a5 = Facts("a5", published="2024-10-01", organizations=ORGS,
               holdings=[bi_thu("Hầu Văn Cường")])
    return [a1, a2, a3, a4, a5]


def texts(f: Facts) -> str | None:
    return A2_TEXT if f.id == "a2" else None


@pytest.fixture(scope="module")
def store():
    return build_store([(f, texts(f)) for f in corpus()])


@pytest.fixture(scope="module")
def result(store):
    return tenure.corpus_tenures(store)


def of(result, name: str, title: str = "bi-thu") -> tenure.Tenure:
    found = [t for t in result.tenures if result.labels.get(t.person) == name
             and (t.role or "").endswith("/" + title)]
    assert len(found) == 1, [(result.labels.get(t.person), t.role) for t in result.tenures]
    return found[0]


def test_one_tenure_per_person_and_post_across_reports(result):
    an = of(result, "Lò Văn An")
    assert sorted(a.article.rsplit("/", 1)[1] for a in an.attestations) == ["a1", "a3"]
    assert [c.kind for c in an.changes] == ["transferred"]


def test_reported_end_and_first_attestation_with_their_rules(result):
    an = of(result, "Lò Văn An")
    assert an.start is not None and an.end is not None
    assert (an.start.date, an.start.rule, an.start.inferred) == (
        "2024-03-02", "first-attestation", True)
    # the transfer is dated by the report's publication: reported, but the date inferred
    assert (an.end.date, an.end.rule, an.end.inferred, an.end.reported) == (
        "2024-06-07", "publication-date", True, True)
    assert an.end.precision == "unitDay"


def test_stated_start_is_not_inferred_and_has_terms(result):
    cuong = of(result, "Hầu Văn Cường")
    assert cuong.start is not None and cuong.end is not None
    assert (cuong.start.date, cuong.start.rule, cuong.start.inferred) == (
        "2024-06-05", "effective-date", False)
    assert (cuong.end.date, cuong.end.rule) == ("2024-10-01", "last-attestation")
    assert {(t.number, t.years) for t in cuong.terms} == {(20, None), (None, ("2020", "2025"))}


def test_a_post_left_that_no_report_shows_held_is_a_tenure_of_its_change(result):
    # An's new province post: a holding and an appointment of the same report
    vice = of(result, "Lò Văn An", "pho-chu-tich")
    assert vice.start is not None and vice.start.rule == "publication-date"


def test_conflicts_two_holders_and_attested_after_end(result):
    kinds = [(c.kind, c.date) for c in result.conflicts]
    assert kinds == [("attested-after-end", "2024-08-01"), ("two-holders", "2024-09-01")]
    two = result.conflicts[1]
    names = sorted(result.labels[t.person] for t in two.tenures)
    assert names == ["Hầu Văn Cường", "Thào Văn Dũng"]
    rows = tenure.conflict_rows(result.conflicts, result.labels)
    assert rows[0]["articles"] == "a2" and rows[0]["otherArticles"] == "a3"
    # Cường has no report on the day itself: the reports of the whole tenure are behind it
    assert {rows[1]["articles"], rows[1]["otherArticles"]} == {"a2 a5", "a4"}
    assert tenure.conflicts_csv(result.conflicts, result.labels).splitlines()[0] == ",".join(
        tenure.CSV_COLUMNS)


def test_handover_on_one_day_is_no_conflict():
    def t(person: str, start: tenure.Bound, end: tenure.Bound) -> tenure.Tenure:
        return tenure.Tenure(("p", "o", "r"), person, "post", "o", "r", (), (), start, end)

    old = t("A", tenure.Bound("2024-01-01", "first-attestation", "x", "m"),
            tenure.Bound("2024-06-05", "event-date", "y", "ogd-change"))
    new = t("B", tenure.Bound("2024-06-05", "event-date", "y", "c"),
            tenure.Bound("2024-09-01", "last-attestation", "z", "m"))
    assert tenure.conflicts([old, new], {"r"}) == []
    late = t("C", tenure.Bound("2024-06-04", "first-attestation", "w", "m"),
             tenure.Bound("2024-06-04", "last-attestation", "w", "m"))
    assert [c.kind for c in tenure.conflicts([old, late], {"r"})] == ["two-holders"]


def test_single_holder_titles_come_from_the_shape():
    titles = {t.rsplit("/", 1)[1] for t in tenure.single_holder_titles()}
    assert {"bi-thu", "chu-tich", "giam-doc", "tong-bi-thu"} <= titles
    assert "pho-bi-thu" not in titles


def test_same_tenure_graph_in_any_input_order():
    reference = tenure.corpus_tenures(build_store([(f, texts(f)) for f in corpus()])).quads
    shuffled = corpus()
    random.Random(8).shuffle(shuffled)
    assert tenure.corpus_tenures(build_store([(f, texts(f)) for f in shuffled])).quads == reference


def test_tenure_graph_is_in_the_store_and_conforms(store):
    from orggraph.validate import validate

    assert store.contains_named_graph(tenure.GRAPH)
    report = validate(store)
    assert report.conforms, report.text()
    shapes = {r.shape.rsplit("#", 1)[1] for r in report.results}
    assert {"SingleHolderPost-twoHolders", "AttestedAfterEnd-late"} <= shapes


# --- the as-of queries ---------------------------------------------------------------------

def names(result, column: str = "personName") -> list[str]:
    return [str(row[column].value) for row in result.rows]


def holders(store, day: str) -> list[str]:
    org = of(tenure.corpus_tenures(store), "Lò Văn An").org
    return names(run_named_query(store, "holders-on-date", {
        "org": org, "role": "ogv:title/bi-thu", "asOf": day}))


def test_holders_on_date_before_and_after_the_change(store):
    assert holders(store, "2024-03-02") == ["Lò Văn An"]
    assert holders(store, "2024-04-15") == ["Lò Văn An"]
    # the report of a2 gives An's end (dated by its publication, 7 June: inferred) and
    # Cường's start (5 June, stated): both hold on the 6th, and the handover is no conflict
    assert holders(store, "2024-06-06") == ["Hầu Văn Cường", "Lò Văn An"]
    assert holders(store, "2024-07-01") == ["Hầu Văn Cường"]
    assert holders(store, "2024-09-01") == ["Hầu Văn Cường", "Thào Văn Dũng"]
    assert holders(store, "2023-01-01") == []


def test_succession_in_order(store):
    org = of(tenure.corpus_tenures(store), "Lò Văn An").org
    result = run_named_query(store, "succession", {"org": org, "role": "ogv:title/bi-thu"})
    assert names(result) == ["Lò Văn An", "Hầu Văn Cường", "Thào Văn Dũng"]
    assert [str(r["start"].value) for r in result.rows] == ["2024-03-02", "2024-06-05",
                                                             "2024-09-01"]


def test_career_in_order(store):
    result = run_named_query(store, "career", {"personText": "Lò Văn An"})
    # by beginning, then end: the council post was seen on one day, the secretary's ended
    # with the transfer, the province post began with it
    assert [(str(r["start"].value), str(r["end"].value)) for r in result.rows] == [
        ("2024-03-02", "2024-03-02"), ("2024-03-02", "2024-06-07"), ("2024-06-07", "2024-06-07")]
    assert str(result.rows[1]["postLabel"].value) == "Bí thư Huyện ủy Yên Minh"
    assert str(result.rows[1]["endRule"].value) == "publication-date"


def test_concurrent_posts_as_of_a_date(store):
    on = run_named_query(store, "concurrent-posts", {"asOf": "2024-03-02"})
    assert names(on) == ["Lò Văn An"]
    assert names(run_named_query(store, "concurrent-posts", {"asOf": "2024-07-01"})) == []

"""Facts → quads: the expected triples, determinism, SHACL conformance, robustness."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orggraph.facts import (
    CHANGE_KINDS,
    EVENT_KINDS,
    ROLES,
    Change,
    Event,
    Facts,
    Holding,
    Organization,
    Participant,
    Span,
    Subordination,
)
from orggraph.rdf import iris
from orggraph.rdf.mapping import date_literal, facts_to_quads
from orggraph.rdf.namespaces import FOAF, OA, OG, OGV, ORG, PROV, RDF, SCHEMA, SKOS, TIME, XSD
from orggraph.store import load_quads, open_store, turtle_bytes
from orggraph.validate import validate

A = RDF("type")
TEXT = ("Sáng 12/5, Huyện ủy Sông Lam mở lớp bồi dưỡng. Đồng chí Trần Thị Mai, Bí thư Huyện ủy "
        "Sông Lam, Chủ tịch Hội đồng nhân dân huyện Sông Lam phát biểu khai mạc.")


def span_of(phrase: str) -> Span:
    start = TEXT.index(phrase)
    return Span(start, start + len(phrase))


@dataclass(frozen=True)
class Kind:
    """The part of orggraph.vocab.Concept the mapping reads."""

    id: str
    iri: str
    org_class: str | None


@dataclass(frozen=True)
class Vocab:
    org_kinds: dict[str, Kind] = field(default_factory=dict)


VOCAB = Vocab({"huyen-uy": Kind("huyen-uy", OGV("org-kind/huyen-uy").value,
                                OG("PartyCommittee").value)})


def facts() -> Facts:
    mai = "Trần Thị Mai"
    return Facts(
        id="t1", title="Huyện ủy Sông Lam mở lớp bồi dưỡng", published="2024-05-13",
        url="https://example.org/tin/1", source="Báo Ví Dụ", author="Lê Văn Bút",
        persons=[mai],
        organizations=[Organization("Huyện ủy Sông Lam", kind="huyen-uy", place_id="x/1")],
        holdings=[
            Holding(mai, "Bí thư Huyện ủy", "Huyện ủy Sông Lam", title="bi-thu",
                    evidence=span_of("Bí thư Huyện ủy Sông Lam")),
            Holding(mai, "Bí thư Huyện ủy", "Huyện ủy Sông Lam", rule="title-chain",
                    evidence=span_of("Trần Thị Mai")),
            Holding(mai, "Chủ tịch Hội đồng nhân dân huyện",
                    "Hội đồng nhân dân huyện Sông Lam", acting=True),
        ],
        events=[Event("training", "Lớp bồi dưỡng", None, None, "Huyện ủy Sông Lam"),
                Event("conference", None, "2024-05-12", None, "Huyện ủy Sông Lam",
                      [Participant(mai, "speaker"), Participant(mai, "speaker")],
                      evidence=span_of("mở lớp bồi dưỡng"))],
        changes=[Change(mai, "elected", "Bí thư Huyện ủy", None, "2020-08"),
                 Change(mai, "transferred", "Chủ tịch Hội đồng nhân dân huyện",
                        "Hội đồng nhân dân huyện Sông Lam", "2024-05-12")],
        subordination=[Subordination("Huyện ủy Sông Lam", "Tỉnh ủy Bắc Sơn")],
        evidence={mai: span_of("Trần Thị Mai")},
    )


@pytest.fixture(scope="module")
def quads() -> list[ox.Quad]:
    return facts_to_quads(facts(), TEXT, vocabulary=VOCAB, gazetteer=False)


@pytest.fixture(scope="module")
def store(quads) -> ox.Store:
    s = open_store()
    load_quads(s, quads)
    return s


def objects(store: ox.Store, s: ox.NamedNode, p: ox.NamedNode) -> set:
    return {q.object for q in store.quads_for_pattern(s, p, None)}


def segments(store: ox.Store, fact: ox.NamedNode) -> set:
    """The text segments annotated as evidence for a fact (Web Annotation bodies)."""
    return {b for a in subjects(store, OA("hasTarget"), fact)
            for b in objects(store, a, OA("hasBody"))}


def quotes(store: ox.Store, fact: ox.NamedNode) -> set:
    return {q for s in segments(store, fact) for sel in objects(store, s, OA("hasSelector"))
            for q in objects(store, sel, OA("exact"))}


def subjects(store: ox.Store, p: ox.NamedNode, o) -> set:
    return {q.subject for q in store.quads_for_pattern(None, p, o)}


MAI = iris.person_iri("Trần Thị Mai", "trần thị mai@t1")  # a person of this article alone
HU = iris.org_iri("Huyện ủy Sông Lam", "x/1", "huyen-uy")  # has a record: place, kind
HDND = iris.org_iri("Hội đồng nhân dân huyện Sông Lam")
ARTICLE = iris.article_iri("t1")


def test_one_named_graph_sorted_without_duplicates(quads):
    assert {q.graph_name for q in quads} == {ARTICLE}
    keys = [(str(q.subject), str(q.predicate), str(q.object)) for q in quads]
    assert keys == sorted(set(keys))


def test_article_node(store):
    assert objects(store, ARTICLE, A) >= {OG("Article"), SCHEMA("NewsArticle"), PROV("Entity")}
    assert objects(store, ARTICLE, SCHEMA("datePublished")) == {
        ox.Literal("2024-05-13", datatype=XSD("date"))}
    assert objects(store, ARTICLE, SCHEMA("url")) == {ox.NamedNode("https://example.org/tin/1")}
    assert objects(store, ARTICLE, SCHEMA("text")) == {ox.Literal(TEXT, language="vi")}
    [author] = objects(store, ARTICLE, SCHEMA("author"))
    assert objects(store, author, FOAF("name")) == {ox.Literal("Lê Văn Bút")}


def test_person_node(store):
    assert objects(store, MAI, A) == {FOAF("Person"), SCHEMA("Person")}
    assert objects(store, MAI, FOAF("name")) == {ox.Literal("Trần Thị Mai")}
    assert quotes(store, MAI) == {ox.Literal("Trần Thị Mai")}


def test_org_class_comes_from_the_vocabulary(store):
    assert objects(store, HU, A) == {OG("PartyCommittee"), OG("PartyBody"),
                                     ORG("OrganizationalUnit"), ORG("Organization")}
    assert objects(store, HU, OG("kind")) == {OGV("org-kind/huyen-uy")}
    assert objects(store, HU, OG("place")) == {iris.place_iri("x/1")}
    # Without a record, an organisation is only an org:Organization with its name.
    assert objects(store, HDND, A) == {ORG("Organization")}
    assert objects(store, HDND, SKOS("prefLabel")) == {
        ox.Literal("Hội đồng nhân dân huyện Sông Lam", language="vi")}
    # A subordination names two bodies; the link itself is the hierarchy graph's
    # (orggraph.hierarchy), where it is qualified: stated or inferred, evidence, interval.
    parent = iris.org_iri("Tỉnh ủy Bắc Sơn")
    assert objects(store, HU, ORG("subOrganizationOf")) == set()
    assert objects(store, parent, A) == {ORG("Organization")}


KINDS = {"Tỉnh ủy Bắc Sơn": "tinh-uy", "Đảng bộ tỉnh Bắc Sơn": "dang-bo",
         "Chi bộ thôn Na": "chi-bo", "Ủy ban Kiểm tra Tỉnh ủy Bắc Sơn": "uy-ban-kiem-tra",
         "Ủy ban nhân dân tỉnh Bắc Sơn": "ubnd", "Công an tỉnh Bắc Sơn": "cong-an",
         "Bộ Chỉ huy Quân sự tỉnh Bắc Sơn": "bo-chqs", "Quân khu 9": "quan-khu",
         "Đoàn đại biểu Quốc hội tỉnh Bắc Sơn": "doan-dbqh",
         "Ủy ban MTTQ Việt Nam tỉnh Bắc Sơn": "mttq"}


def test_party_and_state_bodies_are_found_without_a_reasoner():
    """Oxigraph has no reasoner: `?o a og:PartyBody` / `og:StateBody` work because the
    mapping writes the superclasses (armed forces, police, NA delegations are state)."""
    from orggraph.vocab import load_vocabulary

    vocabulary = load_vocabulary()
    assert set(KINDS.values()) <= set(vocabulary.org_kinds)
    f = Facts(id="k1", organizations=[Organization(n, kind=k) for n, k in KINDS.items()])
    s = open_store()
    load_quads(s, facts_to_quads(f, vocabulary=vocabulary, gazetteer=False))

    def labels(cls: str) -> set[str]:
        rows = s.query("PREFIX og: <https://w3id.org/orggraph/ontology#> "
                       "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                       f"SELECT ?l WHERE {{ ?o a og:{cls} ; skos:prefLabel ?l }}",
                       use_default_graph_as_union=True)
        return {row["l"].value for row in rows}

    party = {"Tỉnh ủy Bắc Sơn", "Đảng bộ tỉnh Bắc Sơn", "Chi bộ thôn Na",
             "Ủy ban Kiểm tra Tỉnh ủy Bắc Sơn"}
    front = {"Ủy ban MTTQ Việt Nam tỉnh Bắc Sơn"}
    assert labels("PartyBody") == party
    assert labels("StateBody") == set(KINDS) - party - front
    assert labels("PartyBody") & labels("StateBody") == set()


def test_holdings_are_also_org_holds_and_held_by(store):
    post = iris.post_iri("Huyện ủy Sông Lam", "Bí thư Huyện ủy", HU)
    other = iris.post_iri("Hội đồng nhân dân huyện Sông Lam", "Chủ tịch Hội đồng nhân dân huyện",
                          HDND)
    assert objects(store, MAI, ORG("holds")) == {post, other}
    assert objects(store, post, ORG("heldBy")) == {MAI}
    # every membership's person holds its post, and every org:holds has its membership
    pairs = {(r["p"], r["post"]) for r in store.query(
        "PREFIX org: <http://www.w3.org/ns/org#> PREFIX og: <https://w3id.org/orggraph/ontology#> "
        "SELECT ?p ?post WHERE { ?m org:member ?p ; og:post ?post }",
        use_default_graph_as_union=True)}
    held = {(q.subject, q.object) for q in store.quads_for_pattern(None, ORG("holds"), None)}
    by = {(q.object, q.subject) for q in store.quads_for_pattern(None, ORG("heldBy"), None)}
    assert pairs == held == by


def test_title_concepts_used_as_roles_are_org_roles(store):
    roles = {q.object for q in store.quads_for_pattern(None, ORG("role"), None)}
    assert roles == {OGV("title/bi-thu")}
    for role in roles:
        assert objects(store, role, A) == {ORG("Role")}


def test_without_a_vocabulary_every_body_is_an_organization():
    quads = facts_to_quads(facts(), vocabulary=False, gazetteer=False)
    types = {q.object for q in quads if q.subject == HU and q.predicate == A}
    assert types == {ORG("Organization")}


def test_place_without_gazetteer_is_still_a_node(store):
    place = iris.place_iri("x/1")
    assert OG("AdministrativeUnit") in objects(store, place, A)


def test_repeated_holdings_are_one_membership(store):
    post = iris.post_iri("Huyện ủy Sông Lam", "Bí thư Huyện ủy", HU)
    members = subjects(store, OG("post"), post) & subjects(store, A, ORG("Membership"))
    assert len(members) == 1
    [m] = members
    assert len(subjects(store, ORG("member"), MAI) & subjects(store, A, ORG("Membership"))) == 2
    assert objects(store, m, ORG("organization")) == {HU}
    assert objects(store, m, ORG("role")) == {OGV("title/bi-thu")}
    assert objects(store, m, PROV("wasDerivedFrom")) == {ARTICLE}
    assert objects(store, m, OG("rule")) == {ox.Literal("title-chain")}
    assert quotes(store, m) == {ox.Literal("Bí thư Huyện ủy Sông Lam"),
                                ox.Literal("Trần Thị Mai")}
    # The first event has no date, so the second one's is the attestation date.
    assert objects(store, m, OG("attestedOn")) == {ox.Literal("2024-05-12", datatype=XSD("date"))}
    assert objects(store, post, SKOS("prefLabel")) == {
        ox.Literal("Bí thư Huyện ủy Sông Lam", language="vi")}
    assert objects(store, post, ORG("postIn")) == {HU}


def test_changes_start_and_end_memberships(store):
    m_bt = iris.membership_iri("t1", "Trần Thị Mai", "Bí thư Huyện ủy", "Huyện ủy Sông Lam")
    m_ct = iris.membership_iri("t1", "Trần Thị Mai", "Chủ tịch Hội đồng nhân dân huyện",
                               "Hội đồng nhân dân huyện Sông Lam")
    [elected] = subjects(store, OG("resultingMembership"), m_bt)
    # The election names no body; it gets the one of the holding with the same title.
    assert objects(store, elected, OG("organization")) == {HU}
    assert objects(store, elected, OG("changeKind")) == {OGV("change-kind/elected")}
    assert objects(store, m_bt, OG("appointmentMode")) == {OGV("change-kind/elected")}
    [during] = objects(store, m_bt, ORG("memberDuring"))
    [start] = objects(store, during, TIME("hasBeginning"))
    assert objects(store, start, TIME("inXSDgYearMonth")) == {
        ox.Literal("2020-08", datatype=XSD("gYearMonth"))}
    [transfer] = subjects(store, OG("endedMembership"), m_ct)
    assert objects(store, transfer, SCHEMA("startDate")) == {
        ox.Literal("2024-05-12", datatype=XSD("date"))}
    [during] = objects(store, m_ct, ORG("memberDuring"))
    [end] = objects(store, during, TIME("hasEnd"))
    assert objects(store, end, TIME("inXSDDate")) == {
        ox.Literal("2024-05-12", datatype=XSD("date"))}
    assert objects(store, m_ct, OG("acting")) == {ox.Literal(True)}
    # the post she was transferred from is not held alongside the other one
    assert objects(store, m_bt, OG("concurrent")) == set()
    assert objects(store, m_ct, OG("concurrent")) == set()


def test_events_and_participations(store):
    first, second = iris.event_iri("t1", 1), iris.event_iri("t1", 2)
    assert objects(store, first, A) == {OG("Event"), SCHEMA("Event"), PROV("Activity")}
    assert objects(store, first, OG("eventKind")) == {OGV("event-kind/training")}
    assert objects(store, first, SCHEMA("startDate")) == set()
    assert objects(store, second, SCHEMA("organizer")) == {HU}
    [part] = objects(store, second, OG("participation"))  # the repeated participant is one
    assert objects(store, part, OG("participant")) == {MAI}
    assert objects(store, part, OG("role")) == {OGV("role/speaker")}
    [span] = segments(store, second)
    start = TEXT.index("mở lớp bồi dưỡng")
    assert span == iris.span_iri("t1", start, start + len("mở lớp bồi dưỡng"))


def test_evidence_is_a_web_annotation(store):
    phrase = "mở lớp bồi dưỡng"
    start, end = TEXT.index(phrase), TEXT.index(phrase) + len(phrase)
    event = iris.event_iri("t1", 2)
    [annotation] = subjects(store, OA("hasTarget"), event)
    assert objects(store, annotation, A) == {OA("Annotation")}
    assert objects(store, annotation, OA("motivatedBy")) == {OG("evidencing")}
    [span] = objects(store, annotation, OA("hasBody"))
    assert objects(store, span, A) == {OA("SpecificResource")}
    assert objects(store, span, OA("hasSource")) == {ARTICLE}
    by_type = {next(iter(objects(store, s, A))): s for s in objects(store, span, OA("hasSelector"))}
    position, quote = by_type[OA("TextPositionSelector")], by_type[OA("TextQuoteSelector")]
    assert objects(store, position, OA("start")) == {ox.Literal(start)}
    assert objects(store, position, OA("end")) == {ox.Literal(end)}
    assert objects(store, quote, OA("exact")) == {ox.Literal(phrase)}
    assert objects(store, quote, OA("prefix")) == {ox.Literal(TEXT[max(0, start - 32):start])}
    assert objects(store, quote, OA("suffix")) == {ox.Literal(TEXT[end:end + 32])}
    # the look-alike terms of before are gone
    assert not any(q.predicate in (OG("evidence"), OG("quote"), OG("inArticle"))
                   for q in store.quads_for_pattern(None, None, None))


def test_every_evidence_quote_is_the_text_at_its_offsets(store):
    rows = store.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?exact ?prefix ?suffix ?start ?end WHERE {
          ?a oa:hasBody ?s . ?s oa:hasSelector ?q , ?p .
          ?q oa:exact ?exact . OPTIONAL { ?q oa:prefix ?prefix } OPTIONAL { ?q oa:suffix ?suffix }
          ?p oa:start ?start ; oa:end ?end }""", use_default_graph_as_union=True)
    seen = 0
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert TEXT[start:end] == row["exact"].value
        assert TEXT[:start].endswith(row["prefix"].value if row["prefix"] else "")
        assert TEXT[end:].startswith(row["suffix"].value if row["suffix"] else "")
        seen += 1
    # annotations: Mai (person and mention record), her holding twice (two spans), the event
    assert seen == 5


def test_records_are_generated_by_the_run_when_one_is_given(quads):
    from orggraph.rdf.provenance import run_iri

    assert not any(q.predicate == PROV("wasGeneratedBy") for q in quads)
    run = run_iri("0.1.0", ["t1"])
    with_run = facts_to_quads(facts(), TEXT, vocabulary=VOCAB, gazetteer=False, run=run)
    generated = {q.subject for q in with_run if q.predicate == PROV("wasGeneratedBy")}
    assert {q.object for q in with_run if q.predicate == PROV("wasGeneratedBy")} == {run}
    kinds = {q.object for q in with_run if q.predicate == A and q.subject in generated}
    assert kinds == {ORG("Membership"), OG("Participation"), OA("Annotation"),
                     OG("PersonMention"), PROV("Entity")}
    # and nothing else changes
    assert {q for q in with_run if q.predicate != PROV("wasGeneratedBy")} == set(quads)


def test_without_text_there_is_no_quote_and_no_text():
    quads = facts_to_quads(facts(), vocabulary=VOCAB, gazetteer=False)
    assert not any(q.predicate in (OA("exact"), SCHEMA("text")) for q in quads)
    assert any(q.predicate == OA("start") for q in quads)
    assert any(q.predicate == OA("hasTarget") for q in quads)


def test_the_mapped_graph_passes_shacl(store):
    report = validate(store)
    assert report.conforms, report.text()


def test_bad_dates_stay_visible_and_fail_validation():
    f = Facts(id="t2", published="13/5/2024",
              holdings=[Holding("Lê Văn Bút", "Phóng viên", "Báo Ví Dụ")])
    quads = facts_to_quads(f, vocabulary=False, gazetteer=False)
    assert ox.Literal("13/5/2024") in {q.object for q in quads}
    s = open_store()
    load_quads(s, quads)
    report = validate(s)
    assert not report.conforms
    assert {r.shape.rsplit("#")[-1] for r in report.results if r.severity == "Violation"} == {
        "Date-datePublished", "Date-attestedOn"}
    # and a warning: the newspaper's body has no place
    assert {r.shape.rsplit("#")[-1] for r in report.results if r.severity == "Warning"} == {
        "UnplacedOrganizationShape"}
    assert all(r.article == iris.article_iri("t2").value for r in report.results)


def test_a_holding_without_organisation_is_reported():
    f = Facts(id="t3", holdings=[Holding("Lê Văn Bút", "Đại biểu Quốc hội")])
    s = open_store()
    load_quads(s, facts_to_quads(f, vocabulary=False, gazetteer=False))
    report = validate(s)
    [result] = [r for r in report.results if r.severity == "Violation"]
    assert result.shape.endswith("#Post-postIn")
    assert result.article == iris.article_iri("t3").value
    # no publication date either: the holding is undated, which is suspicious, not wrong
    [warning] = [r for r in report.results if r.severity == "Warning"]
    assert warning.shape.endswith("#UndatedMembershipShape")


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-26", '"2024-03-26"^^<http://www.w3.org/2001/XMLSchema#date>'),
    ("2024-03-26T07:30:00+07:00", '"2024-03-26"^^<http://www.w3.org/2001/XMLSchema#date>'),
    ("2024-03", '"2024-03"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'),
    ("2024", '"2024"^^<http://www.w3.org/2001/XMLSchema#gYear>'),
    ("2024-13", '"2024-13"'), ("0000", '"0000"'), ("26/3", '"26/3"'),
])
def test_date_literal(text: str, expected: str):
    assert str(date_literal(text)) == expected


def test_twice_the_same_bytes():
    one, two = open_store(), open_store()
    load_quads(one, facts_to_quads(facts(), TEXT, vocabulary=VOCAB, gazetteer=False))
    # Loading in another order must not change the output.
    load_quads(two, list(reversed(facts_to_quads(facts(), TEXT, vocabulary=VOCAB,
                                                 gazetteer=False))))
    assert turtle_bytes(one) == turtle_bytes(two)
    assert b"@prefix og: <https://w3id.org/orggraph/ontology#> ." in turtle_bytes(one)


# -- with the project's own vocabulary and gazetteer ------------------------------------------

def test_real_vocabulary_and_gazetteer():
    vocab = pytest.importorskip("orggraph.vocab").load_vocabulary()
    gaz = pytest.importorskip("orggraph.gazetteer").default_gazetteer()
    commune = next(gaz.units(era="pre2025", level="commune"))
    district, province = gaz.ancestors(commune)
    kind = next(k for k, c in sorted(vocab.org_kinds.items()) if c.org_class)
    f = Facts(id="t4", organizations=[Organization("Ban Ví Dụ", kind=kind, place_id=commune.id)],
              holdings=[Holding("Lê Văn Bút", "Trưởng ban", "Ban Ví Dụ")])
    s = open_store()
    load_quads(s, facts_to_quads(f))
    body = iris.org_iri("Ban Ví Dụ", commune.id, kind)
    assert ox.NamedNode(vocab.org_kinds[kind].org_class) in objects(s, body, A)
    place = iris.place_iri(commune.id)
    assert objects(s, place, OG("level")) == {OG("Commune")}
    assert objects(s, place, SCHEMA("containedInPlace")) == {iris.place_iri(district.id)}
    assert objects(s, iris.place_iri(district.id), SCHEMA("containedInPlace")) == {
        iris.place_iri(province.id)}
    assert objects(s, iris.place_iri(province.id), OG("level")) == {OG("Province")}
    assert objects(s, place, SKOS("altLabel")) == {
        ox.Literal(gaz.full_label(commune), language="vi")}
    report = validate(s)
    assert report.conforms, report.text()


# -- hypothesis ---------------------------------------------------------------------------------

texts = st.text(max_size=12)
opt = st.none() | texts
spans = st.builds(Span, st.integers(-5, 200), st.integers(-5, 200))
dates = st.none() | texts | st.dates().map(dt.date.isoformat) | st.from_regex(
    r"\A\d{4}(-\d{2})?\Z")

any_facts = st.builds(
    Facts,
    id=st.text(min_size=1, max_size=10),
    persons=st.lists(texts, max_size=3),
    holdings=st.lists(st.builds(Holding, texts, texts, opt, opt, opt, st.booleans(),
                                st.booleans(), st.none() | spans, opt), max_size=4),
    events=st.lists(st.builds(Event, texts, opt, dates, opt, opt,
                              st.lists(st.builds(Participant, texts, texts), max_size=3),
                              st.none() | spans), max_size=3),
    changes=st.lists(st.builds(Change, texts, texts, opt, opt, dates, st.none() | spans, opt),
                     max_size=3),
    subordination=st.lists(st.builds(Subordination, texts, texts, st.booleans()), max_size=2),
    organizations=st.lists(st.builds(Organization, texts, opt, opt, opt, st.booleans(),
                                     st.none() | spans), max_size=3),
    title=opt, url=opt, published=dates, source=opt, author=opt,
    evidence=st.dictionaries(texts, spans, max_size=2),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_facts, st.none() | st.text(max_size=60))
def test_mapping_never_raises(f: Facts, text: str | None):
    quads = facts_to_quads(f, text)
    assert {q.graph_name for q in quads} == {iris.article_iri(f.id)}
    assert len(set(quads)) == len(quads)
    assert quads == facts_to_quads(f, text)


names = st.text("abcdeđơưăâêôAĐƠƯ ", min_size=1, max_size=8).filter(str.strip)
bodies = st.sampled_from(["Huyện ủy A", "Huyện ủy B", "Ủy ban nhân dân xã C", "Chi bộ thôn D"])
posts = st.sampled_from(["Bí thư", "Phó Bí thư", "Chủ tịch", "Ủy viên"])
good_spans = st.tuples(st.integers(0, 50), st.integers(0, 50)).map(lambda t: Span(*sorted(t)))
good_dates = st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2009, 12, 31)).flatmap(
    lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]]))
late_dates = st.none() | st.dates(dt.date(2010, 1, 1), dt.date(2025, 12, 31)).map(
    dt.date.isoformat)
STARTS = ("elected", "reelected", "appointed")


def change(kind: str) -> st.SearchStrategy[Change]:
    when = good_dates if kind in STARTS else late_dates  # no holding ends before it starts
    return st.builds(Change, names, st.just(kind), st.none() | posts, bodies, when,
                     st.none() | good_spans)


valid_facts = st.builds(
    Facts,
    id=st.from_regex(r"\A[a-z0-9-]{1,12}\Z"),
    persons=st.lists(names, max_size=3),
    holdings=st.lists(st.builds(Holding, names, posts, bodies, evidence=st.none() | good_spans,
                                acting=st.booleans()), max_size=4),
    events=st.lists(st.builds(Event, st.sampled_from(EVENT_KINDS), st.none() | names,
                              good_dates, st.none() | names, st.none() | bodies,
                              st.lists(st.builds(Participant, names, st.sampled_from(ROLES)),
                                       max_size=3)), max_size=2),
    changes=st.lists(st.sampled_from(CHANGE_KINDS).flatmap(change), max_size=3),
    # child < parent in one order: no loops, which SHACL rightly refuses
    subordination=st.lists(st.tuples(bodies, bodies).filter(lambda t: t[0] < t[1]).map(
        lambda t: Subordination(*t)), max_size=2),
    published=good_dates,
    evidence=st.dictionaries(names, good_spans, max_size=2),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_facts, st.text(max_size=60))
def test_facts_in_the_format_map_to_a_conforming_graph(f: Facts, text: str):
    s = open_store()
    load_quads(s, facts_to_quads(f, text, vocabulary=False, gazetteer=False))
    report = validate(s)
    assert report.conforms, report.text()


def test_posts_held_together_are_concurrent_unless_one_is_left():
    two = Facts(id="t9", persons=["Vi Văn Tú"], holdings=[
        Holding("Vi Văn Tú", "Bí thư Huyện ủy", "Huyện ủy Sông Lam"),
        Holding("Vi Văn Tú", "Chủ tịch Hội đồng nhân dân huyện",
                "Hội đồng nhân dân huyện Sông Lam")])
    s = open_store()
    load_quads(s, facts_to_quads(two, vocabulary=False, gazetteer=False))
    assert len(list(s.quads_for_pattern(None, OG("concurrent"), None))) == 2
    two.changes = [Change("Vi Văn Tú", "transferred", "Bí thư Huyện ủy", "Huyện ủy Sông Lam")]
    s = open_store()
    load_quads(s, facts_to_quads(two, vocabulary=False, gazetteer=False))
    assert list(s.quads_for_pattern(None, OG("concurrent"), None)) == []

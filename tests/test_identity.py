"""Person identity across articles: namesakes apart, one person merged, curated overrides,
order-independence, the records in the graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orggraph.facts import Event, Facts, Holding, Organization
from orggraph.identity import (
    APART_RULES,
    MERGE_RULES,
    CuratedError,
    IdentityError,
    MentionId,
    parse_decisions,
    resolve,
)
from orggraph.rdf import iris
from orggraph.rdf.namespaces import OG, OGV
from orggraph.resources import vocab_paths

AN = "Nguyễn Văn An"


def art(aid: str, date: str, *holdings: tuple[str, str, str | None], persons=(),
        source: str | None = None, author: str | None = None) -> Facts:
    """An article: holdings as (person, body, place id); bodies with a place id get a record."""
    return Facts(
        id=aid, published=date, persons=list(persons), source=source, author=author,
        holdings=[Holding(p, "Bí thư", body) for p, body, _ in holdings],
        organizations=[Organization(body, place_id=place) for _, body, place in holdings
                       if place])


def groups(resolution) -> list[list[str]]:
    return [sorted(m.article for m in p.mentions) for p in resolution.persons
            if p.key.startswith("nguyễn văn an@")]


# the corpus of the tests: An in province 1 (twice, months apart), An in province 2 the same
# week as the first, An central (a shared central body with the province-1 An)
P1 = art("a1", "2024-03-01", (AN, "Tỉnh ủy X", "pre2025/38"),
         ("Lê Văn Bình", "HĐND tỉnh X", "pre2025/38"))
P1_LATER = art("a2", "2024-11-20", (AN, "Tỉnh ủy X", "pre2025/38"))
P2_SAME_WEEK = art("a3", "2024-03-04", (AN, "Tỉnh ủy Y", "pre2025/40"))
CENTRAL = art("a4", "2024-06-01", (AN, "Ban Chấp hành Trung ương Đảng", None),
              (AN, "Tỉnh ủy X", "pre2025/38"))
BARE_P1 = art("a5", "2024-07-01", ("Lê Văn Bình", "HĐND tỉnh X", "pre2025/38"), persons=[AN])
CORPUS = [P1, P1_LATER, P2_SAME_WEEK, CENTRAL, BARE_P1]


def test_the_same_person_across_two_articles_with_the_same_body_merges():
    r = resolve([P1, P1_LATER])
    assert groups(r) == [["a1", "a2"]]
    [person] = r.merges
    [link] = person.links
    assert link.rules[0] == "shared-body"
    assert [e.value for e in link.evidence if e.kind == "body"] == [
        iris.org_iri("Tỉnh ủy X", "pre2025/38").value]


def test_namesakes_in_two_provinces_at_one_date_stay_apart():
    r = resolve([P1, P2_SAME_WEEK])
    assert groups(r) == [["a1"], ["a3"]]
    [near] = r.near_misses
    assert near.rule == "two-places-at-once"
    assert "2024-03-01" in near.detail and "2024-03-04" in near.detail


def test_namesakes_in_two_provinces_years_apart_with_nothing_shared_stay_apart():
    later = art("a9", "2027-01-01", (AN, "Tỉnh ủy Y", "pre2025/40"))
    r = resolve([P1, later])
    assert groups(r) == [["a1"], ["a9"]]
    assert r.near_misses[0].rule == "nothing-shared"


def test_a_central_and_a_commune_post_in_one_week_stay_apart():
    from orggraph.gazetteer import default_gazetteer
    gaz = default_gazetteer()
    commune = next(gaz.units(era="2025", level="commune"))
    central = art("c1", "2025-08-01", (AN, "Ban Chấp hành Trung ương Đảng", None))
    local = art("c2", "2025-08-05", (AN, "Đảng ủy xã Z", commune.id))
    central.persons, local.persons = ["Tô Lâm"], ["Tô Lâm"]  # a co-mention, not enough
    r = resolve([central, local], gazetteer=gaz)
    assert [sorted(m.article for m in p.mentions) for p in r.persons
            if p.key.startswith("nguyễn")] == [["c1"], ["c2"]]
    assert r.near_misses[0].rule == "central-and-local-at-once"


def test_a_chain_through_a_central_body_and_a_bare_mention():
    r = resolve(CORPUS)
    # a1, a2, a4 share Tỉnh ủy X; a3 was in another province the week of a1; a5 names An
    # with no post, in an article of province 1 that also names Bình: the one candidate
    assert groups(r) == [["a1", "a2", "a4", "a5"], ["a3"]]
    person = next(p for p in r.merges if p.key.startswith("nguyễn văn an"))
    assert "sole-candidate" in {rule for link in person.links for rule in link.rules}


def test_a_bare_mention_with_two_candidates_is_not_guessed():
    # An of province 1 and An of province 2; a bare An in an article about both provinces
    other = art("a6", "2026-05-01", (AN, "Tỉnh ủy Y", "pre2025/40"))
    bare = Facts(id="a7", published="2026-06-01", persons=[AN],
                 organizations=[Organization("Tỉnh ủy X", place_id="pre2025/38"),
                                Organization("Tỉnh ủy Y", place_id="pre2025/40")])
    r = resolve([P1, other, bare])
    assert groups(r) == [["a1"], ["a6"], ["a7"]]
    assert {n.rule for n in r.near_misses} >= {"ambiguous"}


def test_curated_same_and_different_override_the_rules():
    same = parse_decisions(f"""
same:
  - mentions:
      - {{article: a1, name: {AN}}}
      - {{article: a3, name: đồng chí {AN.upper()}}}
    note: the same man, says the curator
""", "ids.yaml")
    r = resolve([P1, P2_SAME_WEEK], same)
    assert groups(r) == [["a1", "a3"]]
    [link] = r.merges[0].links
    assert link.rules == ("curated-same",) and link.where == "ids.yaml:3"
    different = parse_decisions(f"""
different:
  - mentions: [{{article: a1, name: {AN}}}, {{article: a2, name: {AN}}}]
""", "ids.yaml")
    r = resolve([P1, P1_LATER], different)
    assert groups(r) == [["a1"], ["a2"]]
    assert r.near_misses[0].rule == "curated-different"
    with pytest.raises(IdentityError, match="same person and different persons"):
        resolve([P1, P1_LATER], [*different, *parse_decisions(
            f"same:\n  - mentions: [{{article: a1, name: {AN}}}, {{article: a2, name: {AN}}}]\n")])


def test_curated_mentions_the_corpus_lacks_are_reported_not_fatal():
    ds = parse_decisions("same:\n  - mentions: [{article: zz, name: A}, {article: a1, name: B}]",
                         "ids.yaml")
    r = resolve([P1], ds)
    assert r.unmatched == ("ids.yaml:2: a1: b", "ids.yaml:2: zz: a")


@pytest.mark.parametrize(("text", "message"), [
    ("- a\n", "ids.yaml:1: expected a mapping"),
    ("same: 3\n", "ids.yaml:1: 'same' must be a list"),
    ("maybe: []\n", "ids.yaml:1: unknown key 'maybe'"),
    ("same:\n  - note: x\n", "ids.yaml:2: a decision needs 'mentions'"),
    ("same:\n  - mentions: [{article: a, name: B}]\n", "ids.yaml:2: a decision needs two"),
    ("same:\n  - mentions:\n    - {article: a, name: B}\n    - {article: a, nam: B}\n",
     "ids.yaml:4: unknown key 'nam'"),
    ("same:\n  - mentions: [{article: a, name: ''}, {article: b, name: C}]\n",
     "ids.yaml:2: 'name' must be non-empty"),
    ("same: [\n", "ids.yaml:2: not valid YAML"),
])
def test_curated_file_errors_name_file_line_and_reason(text: str, message: str):
    with pytest.raises(CuratedError) as exc:
        parse_decisions(text, "ids.yaml")
    assert str(exc.value).startswith(message)


def _shape(resolution) -> tuple:
    return (tuple((p.key, p.name, p.mentions, p.links) for p in resolution.persons),
            resolution.near_misses)


@settings(max_examples=40, deadline=None)
@given(st.permutations(CORPUS))
def test_the_same_corpus_in_any_order_gives_the_same_persons(order):
    assert _shape(resolve(order)) == _shape(resolve(CORPUS))


@settings(max_examples=10, deadline=None)
@given(st.permutations(CORPUS))
def test_the_same_corpus_in_any_order_gives_byte_identical_graphs(order):
    from orggraph.pipeline import build_store
    from orggraph.store import export_trig

    def trig(records) -> bytes:
        out = Path(f"/tmp/orggraph-identity-{id(records)}.trig")
        try:
            export_trig(build_store([(f, None) for f in records]), out)
            return out.read_bytes()
        finally:
            out.unlink(missing_ok=True)

    assert trig(order) == trig(CORPUS)


def test_the_graph_records_why_and_persons_follow_the_resolution():
    from orggraph.pipeline import build_store
    from orggraph.rdf.identity import IDENTITY_GRAPH

    store = build_store([(f, None) for f in CORPUS])
    persons = {q.subject for q in store.quads_for_pattern(
        None, ox.NamedNode("http://xmlns.com/foaf/0.1/name"), ox.Literal(AN))}
    assert len(persons) == 2  # the An of province 1 and the one of province 2
    [record] = [q.subject for q in store.quads_for_pattern(None, OG("resolvedPerson"), None)
                if "nguyen-van-an" in q.subject.value]
    used = {q.object for q in store.quads_for_pattern(
        record, ox.NamedNode("http://www.w3.org/ns/prov#used"), None, IDENTITY_GRAPH)}
    assert used == {iris.mention_iri(a, AN) for a in ("a1", "a2", "a4", "a5")}
    rules = {q.object for q in store.quads_for_pattern(None, OG("identityRule"), None)}
    assert OGV("identity-rule/shared-body") in rules
    # every mention record points to the person its article's name was resolved to
    for a in ("a1", "a2", "a4", "a5"):
        [person] = [q.object for q in store.quads_for_pattern(
            iris.mention_iri(a, AN), OG("mentionOf"), None)]
        assert person == store.quads_for_pattern(record, OG("resolvedPerson"), None
                                                 ).__next__().object


def test_concurrent_posts_no_longer_joins_namesakes():
    from orggraph.pipeline import build_store
    from orggraph.query import run_named_query

    a = art("n1", "2024-03-01", (AN, "Tỉnh ủy X", "pre2025/38"))
    b = art("n2", "2024-03-01", (AN, "Tỉnh ủy Y", "pre2025/40"))
    b.events = [Event("meeting", date="2024-03-01")]
    rows = run_named_query(build_store([(a, None), (b, None)]), "concurrent-posts").rows
    assert rows == []


def test_the_rule_lists_match_the_vocabulary():
    [path] = [p for p in vocab_paths() if p.name == "identity-rules.ttl"]
    concepts = {t.subject.value.rsplit("/", 1)[1]
                for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
                if "/identity-rule/" in t.subject.value}
    assert concepts == set(MERGE_RULES) | set(APART_RULES)


def test_mention_ids_order_by_article_then_name():
    assert sorted([MentionId("b", "a"), MentionId("a", "z")])[0].article == "a"


REAL = sorted(Path(__file__).parent.glob("data/real*/*.yaml"))  # every real-report set


def test_identities_command_on_real_files(tmp_path: Path, capsys):
    from orggraph.cli import main

    assert main(["identities", *map(str, REAL), "--format", "json"]) == 0
    import json
    rows = json.loads(capsys.readouterr().out)
    assert {r["decision"] for r in rows} <= {"merged", "apart"}
    assert all(r["rule"].split(", ")[0] in MERGE_RULES + APART_RULES for r in rows)
    bad = tmp_path / "ids.yaml"
    bad.write_text("same:\n  - mentions: [{article: a}]\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"ids.yaml:2: a mention needs 'article' and 'name'"):
        main(["identities", str(REAL[0]), "--identities", str(bad)])


def test_run_with_curated_identities_writes_the_curated_merge(tmp_path: Path):
    from orggraph.cli import main
    from orggraph.identity.review import identities

    apart = [n for n in identities(REAL).near_misses]
    if not apart:
        pytest.skip("no namesakes in these sets")
    near = apart[0]
    ids = tmp_path / "ids.yaml"
    ids.write_text(f"same:\n  - mentions:\n"
                   f"      - {{article: {near.articles_a[0]}, name: {near.name}}}\n"
                   f"      - {{article: {near.articles_b[0]}, name: {near.name}}}\n",
                   encoding="utf-8")
    assert main(["run", *map(str, REAL), "--out", str(tmp_path / "out"), "--quiet",
                 "--identities", str(ids)]) == 0
    trig = (tmp_path / "out" / "graph.trig").read_text(encoding="utf-8")
    assert "curated-same" in trig and '"ids.yaml:2"' in trig

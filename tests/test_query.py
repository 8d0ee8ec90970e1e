"""The research queries on the hand-written fixture graph, parameters, output formats, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import (
    Literal,
    NamedNode,
    Quad,
    QueryResultsFormat,
    RdfFormat,
    Store,
    parse_query_results,
)
from sample import AN, BINH, CHI_BO_NA_LAU, HUYEN_UY, ID, SAMPLE, TINH_UY

from orggraph.query import (
    QueryError,
    QueryResult,
    format_result,
    list_queries,
    load_query,
    parse_header,
    resolve_query,
    run_named_query,
    run_query,
    term_from_text,
)
from orggraph.text import normalize

SKOS_LABEL = NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
ORG_TYPE = NamedNode("http://www.w3.org/ns/org#Organization")
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

INJECTIONS = [
    "} ; DROP ALL ; {",
    "<http://x> } UNION {",
    '" } ; DELETE WHERE { ?s ?p ?o } #',
    "') } UNION { ?s ?p ?o } #",
]


def load_sample() -> Store:
    store = Store()
    store.load(path=str(SAMPLE), format=RdfFormat.TRIG)
    return store


@pytest.fixture(scope="module")
def store() -> Store:
    return load_sample()


def values(result: QueryResult, *columns: str) -> list[tuple[str | None, ...]]:
    """Rows as tuples of plain values (IRIs and literal text), in result order."""
    return [tuple(None if row[c] is None else row[c].value for c in columns)
            for row in result.rows]


# --- the fixture itself ---------------------------------------------------------------------

def test_fixture_evidence_quotes_are_the_article_text_at_their_offsets(store: Store) -> None:
    result = run_query(store, """
        PREFIX og: <https://w3id.org/orggraph/ontology#>
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX schema: <https://schema.org/>
        SELECT ?quote ?start ?end ?text WHERE {
          ?ann a oa:Annotation ; oa:motivatedBy og:evidencing ; oa:hasBody ?s .
          ?s oa:hasSource ?a ; oa:hasSelector ?q , ?p .
          ?q oa:exact ?quote . ?p oa:start ?start ; oa:end ?end .
          ?a schema:text ?text }""")
    assert len(result.rows) == 10
    for quote, start, end, text in values(result, "quote", "start", "end", "text"):
        assert text[int(start):int(end)] == quote


def test_fixture_conforms_to_the_shapes(store: Store) -> None:
    # The fixture stands in for the mapping's output: it must pass the same SHACL shapes.
    from orggraph.validate import validate

    report = validate(store)
    assert report.conforms, report.text()


def test_fixture_has_one_named_graph_per_article(store: Store) -> None:
    graphs = {g.value for g in store.named_graphs()}
    assert graphs == {ID + "article/kl-2024-03-hoi-nghi", ID + "article/kl-2024-05-boi-duong",
                      ID + "article/kl-2019-09-huy-hieu"}


# --- finding and reading queries ------------------------------------------------------------

def test_every_shipped_query_parses_and_documents_itself(store: Store) -> None:
    infos = list_queries()
    names = [q.name for q in infos]
    for required in ("posts-in-organization", "concurrent-posts", "reporting-line",
                     "event-participants", "holding-evidence", "organizations", "persons"):
        assert required in names
    for info in infos:
        text, loaded = load_query(info.name)
        assert loaded == info
        assert info.title and info.description and info.columns, info.name
        # The header's column list is what the query returns, parameters included.
        result = run_query(store, text, source=str(info.path))
        assert tuple(result.variables) == info.columns, info.name
        assert {p.name for p in info.parameters} <= set(info.columns), info.name


def test_resolve_query_by_name_with_or_without_suffix_and_by_path(tmp_path: Path) -> None:
    by_name = resolve_query("reporting-line")
    assert by_name == resolve_query("reporting-line.rq")
    assert by_name.name == "reporting-line.rq"
    own = tmp_path / "mine.rq"
    own.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    assert resolve_query(str(own)) == own


def test_unknown_query_name_lists_the_available_ones() -> None:
    with pytest.raises(QueryError) as err:
        resolve_query("no-such-query")
    message = str(err.value)
    assert "no-such-query" in message
    assert "reporting-line" in message and "concurrent-posts" in message


def test_queries_folder_follows_orggraph_home(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ontology").mkdir()
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "only.rq").write_text(
        "# title: Only\n# question: Is it found?\n# columns: s\nSELECT ?s WHERE { ?s ?p ?o }\n",
        encoding="utf-8")
    monkeypatch.setenv("ORGGRAPH_HOME", str(tmp_path))
    assert [q.name for q in list_queries()] == ["only"]
    assert resolve_query("only") == tmp_path / "queries" / "only.rq"


def test_header_parsing_continuations_types_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "h.rq"
    text = ("# title: A title\n"
            "# question: First part\n"
            "#   and second part.\n"
            "# param: ?org (IRI, default: none) the top body\n"
            "#   of the search\n"
            "# param: ?since (date, default: 2020-01-01) start\n"
            "# columns: a, ?b,\n"
            "#   c\n"
            "SELECT ?a ?b ?c WHERE { }\n"
            "# not: header\n")
    info = parse_header(text, path)
    assert info.title == "A title"
    assert info.description == "First part and second part."
    org, since = info.parameters
    assert (org.name, org.type, org.default, org.description) == (
        "org", "IRI", None, "the top body of the search")
    assert (since.name, since.type, since.default) == ("since", "date", "2020-01-01")
    assert info.columns == ("a", "b", "c")


# --- each query on the fixture --------------------------------------------------------------

def test_posts_in_organization_covers_every_level_below(store: Store) -> None:
    result = run_named_query(store, "posts-in-organization", {"org": HUYEN_UY})
    rows = set(values(result, "unitLabel", "postLabel", "holderName", "attestedOn"))
    assert rows == {
        ("Huyện ủy Khê Lâm", "Bí thư Huyện ủy Khê Lâm", "Nguyễn Văn An", "2019-09-02"),
        ("Huyện ủy Khê Lâm", "Bí thư Huyện ủy Khê Lâm", "Nguyễn Văn An", "2024-03-26"),
        ("Huyện ủy Khê Lâm", "Phó Bí thư Huyện ủy Khê Lâm", "Trần Thị Bình", "2024-03-26"),
        ("Ban Tuyên giáo Huyện ủy Khê Lâm", "Trưởng Ban Tuyên giáo Huyện ủy Khê Lâm",
         "Lê Văn Cường", "2024-05-10"),
        ("Đảng ủy xã Tân Hòa", "Bí thư Đảng ủy xã Tân Hòa", "Lê Văn Cường", "2019-09-02"),
        ("Chi bộ thôn Bản Pha", "Bí thư Chi bộ thôn Bản Pha", "Phạm Thị Dung", "2024-05-10"),
    }
    assert len(result.rows) == len(rows)
    assert {r["org"].value for r in result.rows} == {HUYEN_UY}
    # The state bodies of the district are not under the Party committee.
    assert not any("Ủy ban" in (r["unitLabel"].value) for r in result.rows)


def test_posts_in_organization_by_label_text_matches_the_iri_version(store: Store) -> None:
    by_iri = run_named_query(store, "posts-in-organization",
                             {"org": "ogd:org/dang-uy-xa-tan-hoa-9d0e1f"})
    by_text = run_named_query(store, "posts-in-organization", {"orgText": "ĐẢNG ỦY XÃ"})
    columns = ("org", "unit", "post", "holder", "attestedOn", "article")
    assert values(by_iri, *columns) == values(by_text, *columns)
    assert [r[1] for r in values(by_iri, "org", "holderName")] == [
        "Phạm Thị Dung", "Lê Văn Cường"]
    assert {r["orgText"].value for r in by_text.rows} == {"ĐẢNG ỦY XÃ"}


def test_posts_in_organization_of_a_body_without_posts_is_empty(store: Store) -> None:
    assert run_named_query(store, "posts-in-organization", {"org": CHI_BO_NA_LAU}).rows == []


def test_concurrent_posts_finds_same_article_and_overlapping_periods(store: Store) -> None:
    result = run_named_query(store, "concurrent-posts")
    assert values(result, "personName", "postLabel", "otherPostLabel", "basis") == [
        ("Nguyễn Văn An", "Bí thư Huyện ủy Khê Lâm",
         "Chủ tịch Hội đồng nhân dân huyện Khê Lâm", "same article"),
        ("Trần Thị Bình", "Chủ tịch Ủy ban nhân dân huyện Khê Lâm",
         "Phó Bí thư Huyện ủy Khê Lâm", "overlapping periods"),
    ]
    an = result.rows[0]
    assert an["article"] == an["otherArticle"] == NamedNode(ID + "article/kl-2024-03-hoi-nghi")


def test_concurrent_posts_for_one_person(store: Store) -> None:
    result = run_named_query(store, "concurrent-posts", {"person": BINH})
    assert values(result, "person") == [(BINH,)]
    cuong = run_named_query(store, "concurrent-posts",
                            {"person": "ogd:person/le-van-cuong-0c1d2e"})
    assert cuong.rows == []  # his two posts follow each other


def test_reporting_line_climbs_to_the_top_with_depths(store: Store) -> None:
    result = run_named_query(store, "reporting-line", {"org": CHI_BO_NA_LAU})
    assert values(result, "depth", "ancestorLabel", "ancestorKind", "ancestorPlaceLabel") == [
        ("1", "Đảng ủy xã Tân Hòa", "https://w3id.org/orggraph/vocab/org-kind/dang-uy",
         "xã Tân Hòa"),
        ("2", "Huyện ủy Khê Lâm", "https://w3id.org/orggraph/vocab/org-kind/huyen-uy",
         "huyện Khê Lâm"),
        ("3", "Tỉnh ủy Vân Sơn", "https://w3id.org/orggraph/vocab/org-kind/tinh-uy",
         "tỉnh Vân Sơn"),
    ]
    assert run_named_query(store, "reporting-line", {"org": TINH_UY}).rows == []


def test_reporting_line_of_every_organisation(store: Store) -> None:
    result = run_named_query(store, "reporting-line")
    # 6 links; chains: chi bộ ×2 (3 each), Ban Tuyên giáo (2), Đảng ủy xã (2),
    # Huyện ủy (1), UBND huyện (1).
    assert len(result.rows) == 12
    assert len(set(values(result, "org", "ancestor"))) == 12


@pytest.mark.parametrize(("kind", "expected"), [
    ("training", {("Lê Văn Cường", "speaker"), ("Trần Thị Bình", "attendee"),
                  ("Đỗ Thị Giang", "attendee"), ("Phạm Thị Dung", "attendee")}),
    ("ogv:event-kind/award", {("Hoàng Văn Em", "honoree"), ("Lê Văn Cường", "speaker"),
                              ("Nguyễn Văn An", "attendee")}),
    (NamedNode("https://w3id.org/orggraph/vocab/event-kind/conference"),
     {("Nguyễn Văn An", "chair"), ("Trần Thị Bình", "speaker"),
      ("Đỗ Thị Giang", "attendee")}),
    ("election", set()),
])
def test_event_participants_by_kind(store: Store, kind: str | NamedNode,
                                    expected: set[tuple[str, str]]) -> None:
    result = run_named_query(store, "event-participants", {"kind": kind})
    got = {(name, role.rsplit("/", 1)[-1])
           for name, role in values(result, "participantName", "role")}
    assert got == expected
    assert len(result.rows) == len(expected)


def test_event_participants_all_events_with_optional_place(store: Store) -> None:
    result = run_named_query(store, "event-participants")
    assert len(result.rows) == 10
    by_event = {r["eventLabel"].value: r for r in result.rows}
    award = by_event["Lễ trao Huy hiệu 50 năm tuổi Đảng"]
    assert award["place"] is None  # the article gives no place
    assert award["organizerLabel"].value == "Đảng ủy xã Tân Hòa"
    assert award["article"].value == ID + "article/kl-2019-09-huy-hieu"
    training = by_event["Lớp bồi dưỡng lý luận chính trị cho đảng viên mới"]
    assert training["placeLabel"].value == "xã Tân Hòa"
    assert [r["date"].value for r in result.rows] == sorted(r["date"].value for r in result.rows)


def test_holding_evidence_for_one_person(store: Store) -> None:
    result = run_named_query(store, "holding-evidence", {"person": AN})
    assert values(result, "postLabel", "attestedOn", "start", "end", "quote") == [
        ("Bí thư Huyện ủy Khê Lâm", "2019-09-02", "199", "237",
         "Nguyễn Văn An, Bí thư Huyện ủy Khê Lâm"),
        ("Bí thư Huyện ủy Khê Lâm", "2024-03-26", "94", "124", "Nguyễn Văn An, Bí thư Huyện ủy"),
        ("Chủ tịch Hội đồng nhân dân huyện Khê Lâm", "2024-03-26", "94", "145",
         "Nguyễn Văn An, Bí thư Huyện ủy, Chủ tịch HĐND huyện"),
    ]


def test_holding_evidence_by_name_text_and_all(store: Store) -> None:
    by_text = run_named_query(store, "holding-evidence", {"personText": "thị bình"})
    assert {r["person"].value for r in by_text.rows} == {BINH}
    assert len(by_text.rows) == 2
    everyone = run_named_query(store, "holding-evidence")
    assert len(everyone.rows) == 10
    assert all(r["quote"] is not None for r in everyone.rows)


def test_organizations_and_persons(store: Store) -> None:
    orgs = run_named_query(store, "organizations")
    assert len({r["org"].value for r in orgs.rows}) == 10
    classes = {r["label"].value: r["class"].value.rsplit("#", 1)[-1] for r in orgs.rows}
    assert classes["Ủy ban MTTQ Việt Nam huyện Khê Lâm"] == "FatherlandFront"
    # The most specific class, though the superclasses are typed too.
    assert classes["Chi bộ thôn Nà Lầu"] == "PartyCell"
    assert classes["Hội đồng nhân dân huyện Khê Lâm"] == "PeoplesCouncil"
    assert classes["Huyện ủy Khê Lâm"] == "PartyCommittee"
    assert classes["Ban Tuyên giáo Huyện ủy Khê Lâm"] == "AdvisoryBody"
    assert len(orgs.rows) == 10  # one parent at most each
    persons = run_named_query(store, "persons")
    counts = {r["name"].value: (int(r["holdings"].value), int(r["posts"].value),
                                int(r["events"].value), int(r["articles"].value))
              for r in persons.rows}
    assert counts["Nguyễn Văn An"] == (3, 2, 2, 2)
    assert counts["Hoàng Văn Em"] == (0, 0, 1, 1)
    assert counts["Vũ Minh Khoa"] == (0, 0, 0, 1)  # the byline's author
    assert len(counts) == 7


# --- parameters are terms, never query text -------------------------------------------------

@pytest.mark.parametrize("text", [
    "http://example.org/x", "https://w3id.org/orggraph/id/org/a", "<http://example.org/x>",
    "ogd:org/huyen-uy-x", "ogv:event-kind/training", "og:PartyCommittee"])
def test_iri_like_text_becomes_a_named_node(text: str) -> None:
    assert isinstance(term_from_text(text), NamedNode)


@pytest.mark.parametrize("text", [
    *INJECTIONS, "Huyện ủy", "http://x y", "foaf:name", "ogd: x", "2024-03-26", "<ogd:x>", ""])
def test_other_text_becomes_a_plain_literal(text: str) -> None:
    term = term_from_text(text)
    assert isinstance(term, Literal)
    assert term.value == normalize(text)


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_are_plain_values(value: str) -> None:
    store = load_sample()
    before = len(store)
    for name, param in (("posts-in-organization", "orgText"), ("posts-in-organization", "org"),
                        ("holding-evidence", "personText"), ("holding-evidence", "person"),
                        ("event-participants", "kind"), ("concurrent-posts", "person"),
                        ("reporting-line", "org")):
        result = run_named_query(store, name, {param: value})
        assert result.rows == [], (name, param)
    assert len(store) == before
    # A body whose label really contains the string is found by it, and only that body.
    trap = NamedNode(ID + "org/trap")
    store.add(Quad(trap, RDF_TYPE, ORG_TYPE))
    store.add(Quad(trap, SKOS_LABEL, Literal(f"Ban {value} x", language="vi")))
    found = run_named_query(store, "organizations", {"orgText": value})
    assert [r["org"] for r in found.rows] == [trap]
    assert len(store) == before + 2


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="aăâbcdđeêhiklmnoôơpqrstuưvxyàáảãạệủỳ ÂĐƯ{}<>\"'#;?.*/\\", max_size=12))
def test_text_parameter_matches_like_python_substring(text: str) -> None:
    store = _SHARED
    result = run_named_query(store, "holding-evidence", {"personText": text})
    needle = normalize(text).lower()
    names = {"Nguyễn Văn An": 3, "Trần Thị Bình": 2, "Lê Văn Cường": 2, "Đỗ Thị Giang": 2,
             "Phạm Thị Dung": 1}
    expected = sum(n for name, n in names.items() if needle in name.lower())
    assert len(result.rows) == expected
    assert len(store) == _SHARED_SIZE


_SHARED = load_sample()
_SHARED_SIZE = len(_SHARED)


def test_unknown_parameter_is_refused_with_the_declared_ones(store: Store) -> None:
    with pytest.raises(QueryError, match=r"unknown parameter.*orgz.*\?org, \?orgText"):
        run_named_query(store, "posts-in-organization", {"orgz": "x"})


def test_parameter_that_is_not_a_column_is_explained(store: Store) -> None:
    with pytest.raises(QueryError, match=r"\?x is not a column"):
        run_query(store, "SELECT ?s WHERE { ?s ?p ?x }", {"x": "a"})


def test_bad_parameter_name(store: Store) -> None:
    with pytest.raises(QueryError, match="not a SPARQL variable"):
        run_query(store, "SELECT ?s WHERE { ?s ?p ?o }", {"s p": "a"})


# --- errors ---------------------------------------------------------------------------------

def test_syntax_error_names_file_line_column_and_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: Broken\nSELECT ?s\nWHER { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError) as err:
        load_query(str(bad))
    message = str(err.value)
    assert message.startswith(f"{bad}:3:")
    assert "SPARQL syntax error" in message and "expected" in message


def test_run_query_syntax_error_uses_the_source_name(store: Store) -> None:
    with pytest.raises(QueryError, match=r"^mine\.rq:1:\d+: SPARQL syntax error"):
        run_query(store, "SELEC ?s WHERE { ?s ?p ?o }", source="mine.rq")


def test_construct_is_refused_and_ask_is_answered(store: Store) -> None:
    with pytest.raises(QueryError, match="only SELECT and ASK"):
        run_query(store, "CONSTRUCT WHERE { ?s ?p ?o }")
    ask = run_query(store, "ASK { ?s <http://xmlns.com/foaf/0.1/name> 'Nguyễn Văn An' }")
    assert ask.boolean is True
    assert format_result(ask) == "true"
    assert json.loads(format_result(ask, "json")) == {"head": {}, "boolean": True}
    assert format_result(ask, "csv") == "boolean\r\ntrue\r\n"


# --- output formats -------------------------------------------------------------------------

def test_table_format_aligns_columns_and_shortens_iris(store: Store) -> None:
    result = run_named_query(store, "reporting-line", {"org": CHI_BO_NA_LAU})
    lines = format_result(result, "table").splitlines()
    assert lines[0].split() == result.variables
    assert set(lines[1]) == {"-", " "}
    assert lines[-1] == "(3 rows)"
    starts = [i for i, c in enumerate(lines[1]) if c == "-" and (i == 0 or lines[1][i - 1] == " ")]
    for line in lines[2:-1]:
        for s in starts[1:]:
            assert line[s - 2:s] == "  "  # two spaces before every column
    assert "ogd:org/dang-uy-xa-tan-hoa-9d0e1f" in lines[2]
    assert "ogv:org-kind/dang-uy" in lines[2]


def test_table_format_keeps_one_line_per_row() -> None:
    result = QueryResult(["a"], [{"a": Literal("two\nlines")}, {"a": None}])
    assert format_result(result).splitlines() == ["a", "---------", "two lines", "", "(2 rows)"]


def test_csv_format_is_sparql_csv(store: Store) -> None:
    result = run_named_query(store, "holding-evidence", {"person": AN})
    text = format_result(result, "csv")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == result.variables
    assert len(rows) == 4
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["person"] == AN  # full IRI, no brackets
    assert first["quote"] == "Nguyễn Văn An, Bí thư Huyện ủy Khê Lâm"
    assert first["personText"] == ""  # unbound


def test_json_format_is_sparql_json_and_round_trips(store: Store) -> None:
    result = run_named_query(store, "holding-evidence", {"person": AN})
    text = format_result(result, "json")
    data = json.loads(text)
    assert data["head"]["vars"] == result.variables
    first = data["results"]["bindings"][0]
    assert first["person"] == {"type": "uri", "value": AN}
    assert first["postLabel"] == {"type": "literal", "value": "Bí thư Huyện ủy Khê Lâm",
                                  "xml:lang": "vi"}
    assert first["start"]["datatype"] == "http://www.w3.org/2001/XMLSchema#integer"
    assert "personText" not in first  # unbound variables are left out
    parsed = parse_query_results(text.encode(), format=QueryResultsFormat.JSON)
    assert [[row[v] for v in result.variables] for row in parsed] == [
        [row[v] for v in result.variables] for row in result.rows]


def test_unknown_format_is_refused(store: Store) -> None:
    with pytest.raises(QueryError, match="table, csv, json"):
        format_result(QueryResult(["a"]), "xml")

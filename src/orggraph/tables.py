"""The graph as CSV tables, one file each, for spreadsheets and data frames.

=====================  =====================================================================
file                   one row per … and its columns
=====================  =====================================================================
persons.csv            person: ``person`` (IRI), ``name``, ``mentions`` (how many articles'
                       mentions), ``articles`` (article IRIs, space-separated)
organisations.csv      body: ``org``, ``label``, ``kind`` (concept IRI), ``kind_vi``,
                       ``kind_en``, ``class`` (most specific og: class), ``group`` (party,
                       state, front, other), ``place``, ``place_label``, ``start``, ``end``
                       (the body's own interval, 2025 reform)
holdings.csv           tenure (a person in a post across the reports; in a graph without
                       tenures, each article's membership): ``holding``, ``person``,
                       ``person_name``, ``org``, ``org_label``, ``post``, ``post_label``,
                       ``title`` (concept IRI), ``title_vi``, ``title_en``, ``start``, ``end``
                       (ISO day, month or year), ``articles``
events.csv             event: ``event``, ``label``, ``kind``, ``kind_vi``, ``kind_en``,
                       ``date``, ``place``, ``place_label``, ``organizer``,
                       ``organizer_label``, ``article``
participants.csv       participation: ``event``, ``person``, ``person_name``, ``role``,
                       ``role_vi``, ``role_en``, ``article``
changes.csv            personnel change: ``change``, ``kind``, ``kind_vi``, ``kind_en``,
                       ``date``, ``person``, ``person_name``, ``post``, ``post_label``,
                       ``org``, ``org_label``, ``article``
reporting-lines.csv    reporting link child → parent: ``child``, ``child_label``, ``parent``,
                       ``parent_label``, ``relation``, ``stated`` (true/false), ``rule``,
                       ``start``, ``end``, ``sources`` (stating articles)
=====================  =====================================================================

An empty cell is an unknown value; rows are sorted, so the same graph gives the same bytes.
Labels are Vietnamese (``_vi``) and English (``_en``, from the vocabularies in
``ogd:graph/vocab``).

>>> from pyoxigraph import Literal, Quad, Store
>>> from orggraph.rdf.namespaces import FOAF, OGD, RDF
>>> s = Store()
>>> s.add(Quad(OGD("person/an"), RDF("type"), FOAF("Person"), OGD("article/a")))
>>> s.add(Quad(OGD("person/an"), FOAF("name"), Literal("Nguyễn Văn An"), OGD("article/a")))
>>> table_rows(s, "persons")[0]["name"]
'Nguyễn Văn An'
"""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
from pyoxigraph import Literal, NamedNode, QuerySolutions, Store

from orggraph.atomic import atomic_write
from orggraph.networks import TENURE_GRAPH, reporting_graph

_PREFIXES = """
PREFIX og: <https://w3id.org/orggraph/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX time: <http://www.w3.org/2006/time#>
"""


def _label(var: str, of: str, lang: str = "vi", prop: str = "skos:prefLabel") -> str:
    """A SPARQL fragment binding ``?{var}_l`` to ``?{of}``'s labels in ``lang`` (or untagged;
    any with ``lang=""``); the query takes the smallest (``MIN(STR(?{var}_l))``)."""
    where = (f'FILTER(LANGMATCHES(LANG(?{var}_l), "{lang}") || LANG(?{var}_l) = "")'
             if lang else "")
    return f"OPTIONAL {{ ?{of} {prop} ?{var}_l {where} }}"


_DATE = "(time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear)"

_QUERIES: dict[str, tuple[tuple[str, ...], str]] = {
    "persons": (("person", "name", "mentions", "articles"), """
SELECT ?person (MIN(STR(?n)) AS ?name) (COUNT(DISTINCT ?mention) AS ?mentions)
       (GROUP_CONCAT(DISTINCT STR(?article); SEPARATOR=" ") AS ?articles)
WHERE { ?person a foaf:Person . OPTIONAL { ?person foaf:name ?n }
        OPTIONAL { ?mention og:mentionOf ?person
                   OPTIONAL { ?mention prov:wasDerivedFrom ?article } } }
GROUP BY ?person ORDER BY ?name ?person"""),
    "events": (("event", "label", "kind", "kind_vi", "kind_en", "date", "place", "place_label",
                "organizer", "organizer_label", "article"), f"""
SELECT ?event (MIN(STR(?l)) AS ?label) (MIN(?k) AS ?kind) (MIN(STR(?kvi_l)) AS ?kind_vi)
       (MIN(STR(?ken_l)) AS ?kind_en) (MIN(STR(?d)) AS ?date) (MIN(?p) AS ?place)
       (MIN(STR(?pl_l)) AS ?place_label) (MIN(?o) AS ?organizer)
       (MIN(STR(?ol_l)) AS ?organizer_label) (MIN(?a) AS ?article)
WHERE {{ ?event a og:Event . OPTIONAL {{ ?event rdfs:label ?l }}
  OPTIONAL {{ ?event og:eventKind ?k {_label("kvi", "k")} {_label("ken", "k", "en")} }}
  OPTIONAL {{ ?event schema:startDate ?d }}
  OPTIONAL {{ ?event schema:location ?p {_label("pl", "p")} }}
  OPTIONAL {{ ?event schema:organizer ?o {_label("ol", "o")} }}
  OPTIONAL {{ ?event dcterms:source ?a }} }}
GROUP BY ?event ORDER BY ?date ?event"""),
    "participants": (("event", "person", "person_name", "role", "role_vi", "role_en",
                      "article"), f"""
SELECT ?event ?person (MIN(STR(?pn_l)) AS ?person_name) ?role (MIN(STR(?rvi_l)) AS ?role_vi)
       (MIN(STR(?ren_l)) AS ?role_en) (MIN(?a) AS ?article)
WHERE {{ ?event og:participation ?part . ?part og:participant ?person .
  {_label("pn", "person", "", "foaf:name")}
  OPTIONAL {{ ?part og:role ?role {_label("rvi", "role")} {_label("ren", "role", "en")} }}
  OPTIONAL {{ ?part prov:wasDerivedFrom ?a }} }}
GROUP BY ?event ?person ?role ORDER BY ?event ?person ?role"""),
    "changes": (("change", "kind", "kind_vi", "kind_en", "date", "person", "person_name",
                 "post", "post_label", "org", "org_label", "article"), f"""
SELECT ?change (MIN(?k) AS ?kind) (MIN(STR(?kvi_l)) AS ?kind_vi) (MIN(STR(?ken_l)) AS ?kind_en)
       (MIN(STR(?d)) AS ?date) (MIN(?pe) AS ?person) (MIN(STR(?pn_l)) AS ?person_name)
       (MIN(?po) AS ?post) (MIN(STR(?pol_l)) AS ?post_label) (MIN(?o) AS ?org)
       (MIN(STR(?ol_l)) AS ?org_label) (MIN(?a) AS ?article)
WHERE {{ ?change a og:PostChange .
  OPTIONAL {{ ?change og:changeKind ?k {_label("kvi", "k")} {_label("ken", "k", "en")} }}
  OPTIONAL {{ ?change schema:startDate ?d }}
  OPTIONAL {{ ?change og:person ?pe {_label("pn", "pe", "", "foaf:name")} }}
  OPTIONAL {{ ?change og:post ?po {_label("pol", "po")} }}
  OPTIONAL {{ ?change og:organization ?o {_label("ol", "o")} }}
  OPTIONAL {{ ?change dcterms:source ?a }} }}
GROUP BY ?change ORDER BY ?date ?change"""),
}

# Each part of a holding is aggregated in a sub-select of its own and joined on ?holding: as
# one pattern of OPTIONALs, a tenure's attestations, articles and labels multiplied into a
# cross product to group (12 s for 1,190 tenures; 0.1 s so). A stated start or end wins over
# the first or last attestation.
_HOLDINGS: tuple[tuple[str, ...], str] = (
    ("holding", "person", "person_name", "org", "org_label", "post", "post_label", "title",
     "title_vi", "title_en", "start", "end", "articles"), f"""
SELECT ?holding ?person ?person_name ?org ?org_label ?post ?post_label ?title ?title_vi
       ?title_en (COALESCE(?s0, ?at0) AS ?start) (COALESCE(?e0, ?at1) AS ?end) ?articles
WHERE {{
  {{ SELECT ?holding (MIN(?pe) AS ?person) (MIN(STR(?pn_l)) AS ?person_name)
    WHERE {{ ?holding a ?HOLDING ; org:member ?pe . ?FILTER
             {_label("pn", "pe", "", "foaf:name")} }} GROUP BY ?holding }}
  OPTIONAL {{ SELECT ?holding (MIN(?o) AS ?org) (MIN(STR(?ol_l)) AS ?org_label)
    WHERE {{ ?holding a ?HOLDING ; org:organization ?o {_label("ol", "o")} }}
    GROUP BY ?holding }}
  OPTIONAL {{ SELECT ?holding (MIN(?po) AS ?post) (MIN(STR(?pol_l)) AS ?post_label)
    WHERE {{ ?holding a ?HOLDING ; og:post ?po {_label("pol", "po")} }} GROUP BY ?holding }}
  OPTIONAL {{ SELECT ?holding (MIN(?t) AS ?title) (MIN(STR(?tvi_l)) AS ?title_vi)
                    (MIN(STR(?ten_l)) AS ?title_en)
    WHERE {{ ?holding a ?HOLDING ; org:role ?t {_label("tvi", "t")} {_label("ten", "t", "en")} }}
    GROUP BY ?holding }}
  OPTIONAL {{ SELECT ?holding (MIN(STR(?b)) AS ?s0)
    WHERE {{ ?holding a ?HOLDING ; org:memberDuring/time:hasBeginning/{_DATE} ?b }}
    GROUP BY ?holding }}
  OPTIONAL {{ SELECT ?holding (MAX(STR(?x)) AS ?e0)
    WHERE {{ ?holding a ?HOLDING ; org:memberDuring/time:hasEnd/{_DATE} ?x }}
    GROUP BY ?holding }}
  OPTIONAL {{ SELECT ?holding (MIN(STR(?at)) AS ?at0) (MAX(STR(?at)) AS ?at1)
    WHERE {{ ?holding a ?HOLDING ; og:attestedOn ?at }} GROUP BY ?holding }}
  OPTIONAL {{ SELECT ?holding (GROUP_CONCAT(DISTINCT STR(?a); SEPARATOR=" ") AS ?articles)
    WHERE {{ ?holding a ?HOLDING ; prov:wasDerivedFrom ?a
             FILTER(CONTAINS(STR(?a), "/id/article/")) }} GROUP BY ?holding }}
}}
ORDER BY ?person_name ?person ?start ?holding""")

_ORGS = ("org", "label", "kind", "kind_vi", "kind_en", "class", "group", "place",
         "place_label", "start", "end")
_ORG_ATTRIBUTES = {"kind_vi": "kind_label", "kind_en": "kind_label_en"}  # networks' names
_LINKS = ("child", "child_label", "parent", "parent_label", "relation", "stated", "rule",
          "start", "end", "sources")

TABLES = ("persons", "organisations", "holdings", "events", "participants", "changes",
          "reporting-lines")


def _text(term: object) -> str:
    if isinstance(term, NamedNode | Literal):
        return term.value
    return ""


def table_rows(store: Store, name: str, graph: nx.DiGraph | None = None
               ) -> list[dict[str, str]]:
    """The rows of table ``name`` (one of :data:`TABLES`), each a dict of its columns;
    ``graph``: the store's :func:`~orggraph.networks.reporting_graph` when already built."""
    if name in ("organisations", "reporting-lines"):
        G = graph if graph is not None else reporting_graph(store)
        if name == "organisations":
            return [{"org": node, **{c: str(data[_ORG_ATTRIBUTES.get(c, c)]) for c in _ORGS[1:]}}
                    for node, data in G.nodes(data=True)]
        return [{"child": a, "child_label": G.nodes[a]["label"], "parent": b,
                 "parent_label": G.nodes[b]["label"], "relation": d["relation"],
                 "stated": "true" if d["stated"] else "false", "rule": d["rule"],
                 "start": d["start"], "end": d["end"], "sources": d["sources"]}
                for a, b, d in G.edges(data=True)]
    if name == "holdings":
        columns, query = _HOLDINGS
        tenures = store.contains_named_graph(TENURE_GRAPH)
        query = query.replace("?HOLDING", "og:Tenure" if tenures else "org:Membership").replace(
            "?FILTER", "" if tenures else "FILTER NOT EXISTS { ?holding a og:Tenure }")
    elif name in _QUERIES:
        columns, query = _QUERIES[name]
    else:
        raise KeyError(f"no table {name!r} (tables: {', '.join(TABLES)})")
    solutions = store.query(_PREFIXES + query, use_default_graph_as_union=True)
    assert isinstance(solutions, QuerySolutions)
    rows = [{c: _text(solution[c]) for c in columns} for solution in solutions]
    for row in rows:  # GROUP_CONCAT's order is the engine's: sorted, the bytes are the graph's
        if "articles" in row:
            row["articles"] = " ".join(sorted(row["articles"].split()))
    return rows


def columns(name: str) -> tuple[str, ...]:
    """The columns of table ``name``, in order.

    >>> columns("participants")
    ('event', 'person', 'person_name', 'role', 'role_vi', 'role_en', 'article')
    """
    if name == "organisations":
        return _ORGS
    if name == "reporting-lines":
        return _LINKS
    if name == "holdings":
        return _HOLDINGS[0]
    return _QUERIES[name][0]


def write_tables(store: Store, folder: str | Path, graph: nx.DiGraph | None = None
                 ) -> list[Path]:
    """Write every table as ``{name}.csv`` into ``folder`` (created), each file atomically;
    return the paths. ``graph``: the store's reporting graph, when already built."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    graph = graph if graph is not None else reporting_graph(store)
    written = []
    for name in TABLES:
        path = out / f"{name}.csv"
        with atomic_write(path, newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns(name), lineterminator="\n")
            writer.writeheader()
            writer.writerows(table_rows(store, name, graph))
        written.append(path)
    return written

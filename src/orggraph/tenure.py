"""Tenures: who held which post when, across the corpus, and where the reports disagree.

A corpus-level pass after the article graphs (like :mod:`orggraph.hierarchy`), written into
its own named graph, :data:`GRAPH` (``ogd:graph/tenure``). It reads what the article graphs
say (so persons are those identity resolution gave, bodies those :mod:`orggraph.bodies`
gave, and changes are tied to the memberships the mapping tied them to):

- **attestations**: every article membership (``org:Membership`` of one report, dated
  ``og:attestedOn`` the report's event or publication date);
- **changes** that start (elected, reelected, appointed: ``og:resultingMembership``) or end
  (transferred, retired, dismissed: ``og:endedMembership``) a membership, with their date.

A **tenure** is one person in one post of one body over the corpus (keyed by person, body and
title when both are known, else by person and post; see :func:`tenure_key`): an
``og:Tenure`` (an ``org:Membership``) with ``og:attestation`` its article memberships and
``org:memberDuring`` a ``time:Interval``. Its beginning is the earliest reported start when
no report shows the holding before it, else the first attestation; its end the latest
reported end, else the last attestation. Each ``time:Instant`` carries its precision
(``og:precision`` time:unitDay/unitMonth/unitYear), ``og:inferred`` and ``og:rule``, which says
how the date was found (:data:`RULES`), and ``prov:wasDerivedFrom`` its report
(``prov:wasInfluencedBy`` the change, whose ``oa:Annotation`` is the evidence).

**Terms** (``og:term``): the facts carry no term field, so the pass reads the text of the
evidence span of each membership and change and the few characters after it (up to the end of
the sentence, :data:`TERM_WINDOW`) for "nhiệm kỳ 2020-2025" and "khóa XV" (:func:`find_terms`).

**Conflicts** (:func:`conflicts`): two persons in a post only one person holds at a time on one
date (the single-holder titles are the list of ``ogs:SingleHolderPostShape`` in
``ontology/shapes.ttl``: :func:`single_holder_titles`), or a holding attested after its
reported end; written as ``og:TenureConflict`` records (which the SHACL warnings report) and
as ``conflicts.csv`` (:func:`write_conflicts_csv`).

Plain functions over plain data; everything sorted, so the same corpus in any order gives the
same quads. Dates are ISO text and compare as text: a partial date ("2020", "2020-08") sorts
before the days it covers, and an end gets "~" appended to cover its whole year or month (as
``queries/concurrent-posts.rq`` does).
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, parse

from orggraph.extract.dates import find_dates
from orggraph.rdf.mapping import STARTING_CHANGES, class_closure, date_literal
from orggraph.rdf.namespaces import (
    OG,
    OGD,
    OGS,
    ORG,
    PROV,
    RDFS,
    SH,
    TIME,
    XSD,
    A,
)
from orggraph.text import key

GRAPH = OGD("graph/tenure")
STARTS, ENDS = "start", "end"
# How an instant's date was found (og:rule) and whether that is inferred (og:inferred).
RULES = {
    "effective-date": False,        # the report states it: "(kể) từ ngày 1/8/2025"
    "election-at-session": False,   # an election on the date of the session it reports
    "event-date": True,             # an appointment dated by the ceremony that announced it
    "publication-date": True,       # a change dated by the report's publication
    "report-date": True,            # a change dated otherwise by the report (its lede)
    "first-attestation": True,      # no reported start: the first report showing the holding
    "last-attestation": True,       # no reported end: the last report showing the holding
}
_ELECTIONS = frozenset({"elected", "reelected"})
_PRECISION = {10: "unitDay", 7: "unitMonth", 4: "unitYear"}
_CORPUS_GRAPHS = OGD("graph/").value
_CHANGES = OGD("change/").value
# Characters after an evidence span searched for a term, cut at the end of the sentence.
TERM_WINDOW = 60
_TERM_YEARS = re.compile(r"nhiệm\s+kỳ\s+(\d{4})\s*[-–—]\s*(\d{4})", re.IGNORECASE)
_TERM_NUMBER = re.compile(r"\bkh[oó]a\s+([IVXLC]+)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;!?\n]\s")
_EFFECTIVE_BEFORE = re.compile(r"từ\s+(?:ngày\s+)?$", re.IGNORECASE)


# --- plain data ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Attestation:
    """One article's membership record: the report shows ``person`` in ``post``."""

    membership: str
    article: str
    person: str
    post: str
    org: str | None = None
    role: str | None = None
    date: str | None = None  # og:attestedOn, ISO text


@dataclass(frozen=True)
class ReportedChange:
    """A change a report gives: the post it starts or ends, and the membership of the same
    report it is tied to (None for a post left, which the report no longer shows held)."""

    change: str
    article: str
    person: str
    post: str
    direction: str  # STARTS or ENDS
    kind: str  # change-kind local name: elected, appointed, transferred …
    date: str | None = None
    rule: str = "report-date"  # how the date was found (see RULES)
    membership: str | None = None
    org: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Term:
    """A term of a body named next to a holding: "khóa XV" (number) or "nhiệm kỳ 2020-2025"."""

    org: str
    number: int | None = None
    years: tuple[str, str] | None = None
    article: str = field(default="", compare=False)

    @property
    def iri(self) -> NamedNode:
        what = f"khoa-{self.number}" if self.number else "-".join(self.years or ("", ""))
        return OGD(f"term/{_digest(self.org)}/{what}")


@dataclass(frozen=True)
class Bound:
    """A tenure's beginning or end: its date, how it was found, and from which record."""

    date: str
    rule: str
    article: str
    source: str  # the change (reported) or the membership (attested)

    @property
    def inferred(self) -> bool:
        return RULES[self.rule]

    @property
    def reported(self) -> bool:
        return self.rule not in ("first-attestation", "last-attestation")

    @property
    def precision(self) -> str:
        return _PRECISION.get(len(self.date), "unitDay")


@dataclass(frozen=True)
class Tenure:
    key: tuple[str, str, str]  # tenure_key
    person: str
    post: str
    org: str | None
    role: str | None
    attestations: tuple[Attestation, ...]
    changes: tuple[ReportedChange, ...] = ()
    start: Bound | None = None
    end: Bound | None = None
    terms: tuple[Term, ...] = ()

    @property
    def iri(self) -> NamedNode:
        person = self.person.rsplit("/", 1)[-1]
        return OGD(f"tenure/{person}/{_digest(*self.key[1:])}")

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({a.article for a in self.attestations}
                            | {c.article for c in self.changes}))

    def holds_on(self, day: str) -> bool:
        return (self.start is not None and self.end is not None
                and self.start.date <= day <= self.end.date + "~")


@dataclass(frozen=True)
class Conflict:
    """``kind`` "two-holders" (``tenures`` two) or "attested-after-end" (one, with the late
    attestation ``late``); ``date`` the first date it holds; ``articles`` those behind each
    side, in the order of ``tenures`` (for attested-after-end: the end's, then the late one's)."""

    kind: str
    date: str
    tenures: tuple[Tenure, ...]
    articles: tuple[tuple[str, ...], tuple[str, ...]]
    late: Attestation | None = None

    @property
    def iri(self) -> NamedNode:
        return OGD("conflict/" + _digest(self.kind, self.date,
                                         *(t.iri.value for t in self.tenures),
                                         self.late.membership if self.late else None))


@dataclass
class Corpus:
    """What the article graphs say that the tenure pass needs, as plain data."""

    attestations: list[Attestation] = field(default_factory=list)
    changes: list[ReportedChange] = field(default_factory=list)
    terms: dict[str, list[Term]] = field(default_factory=dict)  # membership → terms
    labels: dict[str, str] = field(default_factory=dict)  # IRI → name or prefLabel


def _digest(*parts: str | None) -> str:
    return hashlib.sha1("\x1f".join(p or "" for p in parts).encode()).hexdigest()[:12]


def _roman(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total, last = 0, 0
    for ch in reversed(text.upper()):
        v = values[ch]
        total, last = (total - v, last) if v < last else (total + v, v)
    return total if 0 < total < 200 else None


# --- reading the text ------------------------------------------------------------------------

def find_terms(text: str, start: int, end: int, org: str, article: str = "") -> list[Term]:
    """The terms named in ``text[start:end]`` and the few characters after it (up to
    :data:`TERM_WINDOW`, cut at the end of the sentence), as terms of ``org``.

    >>> text = "ông A, Bí thư Tỉnh ủy khóa XV, nhiệm kỳ 2020 - 2025. Khóa XVI bầu …"
    >>> [(t.number, t.years) for t in find_terms(text, 7, 20, "o")]
    [(15, None), (None, ('2020', '2025'))]
    """
    after = text[end:end + TERM_WINDOW]
    cut = _SENTENCE_END.search(after)
    window = text[start:end] + (after[:cut.start()] if cut else after)
    found = [Term(org, number=n, article=article)
             for n in (_roman(m.group(1)) for m in _TERM_NUMBER.finditer(window)) if n]
    found += [Term(org, years=(m.group(1), m.group(2)), article=article)
              for m in _TERM_YEARS.finditer(window) if m.group(1) < m.group(2)]
    return found


def date_rule(kind: str, date: str | None, text: str | None, published: str | None,
              event_dates: Iterable[str]) -> str:
    """How a change's date was found (a key of :data:`RULES`).

    The extractor dates a change by "(kể) từ ngày …" in its sentence or report, else by the
    report's lede or publication date, without saying which; the text tells them apart.

    >>> date_rule("appointed", "2025-08-01", "… có hiệu lực từ ngày 1/8/2025.", None, [])
    'effective-date'
    >>> date_rule("elected", "2025-03-26", "Sáng 26/3, Đại hội bầu …", "2025-03-27",
    ...           ["2025-03-26"])
    'election-at-session'
    >>> date_rule("appointed", "2025-03-27", "…", "2025-03-27", [])
    'publication-date'
    """
    if date is None:
        return "report-date"
    if text and any(d.iso == date and _EFFECTIVE_BEFORE.search(text[max(0, d.start - 16):d.start])
                    for d in find_dates(text, int(date[:4]))):
        return "effective-date"
    if date in set(event_dates):
        return "election-at-session" if kind in _ELECTIONS else "event-date"
    if date == published:
        return "publication-date"
    return "report-date"


# --- reading the store -----------------------------------------------------------------------

_PREFIXES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX og: <https://w3id.org/orggraph/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# Article graphs only: the corpus graphs (ogd:graph/…) hold no report's records.
_ARTICLE = f'FILTER(!STRSTARTS(STR(?g), "{_CORPUS_GRAPHS}"))'


def _rows(store: Store, query: str) -> list[dict[str, str]]:
    solutions = store.query(_PREFIXES + query)
    names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
    out = []
    for solution in solutions:  # type: ignore[union-attr]
        row = {}
        for name in names:
            value = solution[name]
            if value is not None:
                row[name] = value.value
        out.append(row)
    return out


def read_corpus(store: Store, vocabulary: Any = None) -> Corpus:
    """The attestations, changes, terms and labels of the store's article graphs.

    A change's post has the title (``org:role``) a holding of it gave it in any report; a post
    only a change names (a post left) has none, and gets the title ``vocabulary`` (the
    project's by default) finds at the start of its label."""
    corpus = Corpus()
    for r in _rows(store, f"""
        SELECT ?g ?m ?person ?post ?org ?role ?day WHERE {{
          GRAPH ?g {{ ?m a org:Membership ; org:member ?person ; og:post ?post .
            OPTIONAL {{ ?m org:organization ?org }} OPTIONAL {{ ?m org:role ?role }}
            OPTIONAL {{ ?m og:attestedOn ?day }} }}
          {_ARTICLE} }}"""):
        corpus.attestations.append(Attestation(r["m"], r["g"], r["person"], r["post"],
                                               r.get("org"), r.get("role"), r.get("day")))
    reports = _reports(store)
    roles = {r["post"]: r["role"] for r in _rows(store, """
        SELECT ?post (MIN(?r) AS ?role) WHERE { GRAPH ?g { ?post a org:Post ; org:role ?r } }
        GROUP BY ?post""")}
    titles = _title_labels(vocabulary)
    for r in _rows(store, f"""
        SELECT ?g ?c ?kind ?person ?post ?org ?m ?date ?label WHERE {{
          GRAPH ?g {{ ?c og:changeKind ?kind ; og:person ?person ; og:post ?post .
            OPTIONAL {{ ?c og:organization ?org }}
            OPTIONAL {{ ?c og:resultingMembership|og:endedMembership ?m }}
            OPTIONAL {{ ?c schema:startDate ?date }}
            OPTIONAL {{ ?post skos:prefLabel ?label }} }}
          {_ARTICLE} }}"""):
        kind = r["kind"].rsplit("/", 1)[-1]
        text, published, events = reports.get(r["g"], (None, None, ()))
        role = roles.get(r["post"]) or _title_of(r.get("label", ""), titles)
        corpus.changes.append(ReportedChange(
            r["c"], r["g"], r["person"], r["post"],
            STARTS if kind in STARTING_CHANGES else ENDS, kind, r.get("date"),
            date_rule(kind, r.get("date"), text, published, events), r.get("m"), r.get("org"),
            role))
    orgs = {a.membership: a.org for a in corpus.attestations}
    orgs.update({c.change: c.org for c in corpus.changes})
    for r in _rows(store, f"""
        SELECT ?g ?target ?start ?end WHERE {{
          GRAPH ?g {{ ?a oa:hasTarget ?target ; oa:hasBody ?s . ?s oa:hasSelector ?sel .
            ?sel oa:start ?start ; oa:end ?end . }}
          {_ARTICLE} }}"""):
        org = orgs.get(r["target"])
        text = reports.get(r["g"], (None, None, ()))[0]
        if org is None or text is None:
            continue
        corpus.terms.setdefault(r["target"], []).extend(
            find_terms(text, int(r["start"]), int(r["end"]), org, r["g"]))
    for r in _rows(store, """
        SELECT ?x ?label WHERE { GRAPH ?g { { ?x foaf:name ?label } UNION
                                             { ?x skos:prefLabel ?label } } }"""):
        if r["x"] not in corpus.labels or r["label"] < corpus.labels[r["x"]]:
            corpus.labels[r["x"]] = r["label"]
    return corpus


def _title_labels(vocabulary: Any) -> list[tuple[str, str]]:
    """(label key, title IRI), longest label first."""
    if vocabulary is None:
        from orggraph.vocab import load_vocabulary  # late: loading reads the Turtle files

        vocabulary = load_vocabulary()
    pairs = {(key(label), c.iri) for c in vocabulary.titles.values() for label in c.labels}
    return sorted(pairs, key=lambda p: (-len(p[0]), p))


def _title_of(label: str, titles: list[tuple[str, str]]) -> str | None:
    """The title a post label starts with (the longest), whole words only."""
    k = key(label)
    for words, iri in titles:
        if k == words or k.startswith(words + " "):
            return iri
    return None


def _reports(store: Store) -> dict[str, tuple[str | None, str | None, tuple[str, ...]]]:
    """Article IRI → (text, publication date, event dates)."""
    texts: dict[str, str] = {}
    published: dict[str, str] = {}
    events: dict[str, set[str]] = defaultdict(set)
    for r in _rows(store, f"""
        SELECT ?g ?text ?published ?event WHERE {{ GRAPH ?g {{
          {{ ?g schema:text ?text }} UNION {{ ?g schema:datePublished ?published }}
          UNION {{ ?e a og:Event ; dcterms:source ?g ; schema:startDate ?event }} }}
          {_ARTICLE} }}"""):
        g = r["g"]
        if "text" in r:
            texts[g] = r["text"]
        if "published" in r:
            published[g] = r["published"]
        if "event" in r:
            events[g].add(r["event"])
    return {g: (texts.get(g), published.get(g), tuple(sorted(events.get(g, ()))))
            for g in {*texts, *published, *events}}


# --- tenures ---------------------------------------------------------------------------------

def tenure_key(a: Attestation | ReportedChange) -> tuple[str, str, str]:
    """(person, body, title) when both are known, else (person, post, ""): the same title in
    the same body is one holding whatever words each report wrote around it (the post IRI
    keeps the written name of the body)."""
    if a.org and a.role:
        return (a.person, a.org, a.role)
    return (a.person, a.post, "")


def tenures(corpus: Corpus) -> list[Tenure]:
    """One tenure per person and post across the corpus, with its interval; sorted by IRI.

    A change joins the tenure of the membership it is tied to, else the tenure of its own key;
    a post left that no report shows held (a transfer names the old post only) is a tenure of
    its change alone."""
    groups: dict[tuple[str, str, str], list[Attestation]] = defaultdict(list)
    keys: dict[str, tuple[str, str, str]] = {}
    for a in corpus.attestations:
        keys[a.membership] = tenure_key(a)
        groups[keys[a.membership]].append(a)
    moves: dict[tuple[str, str, str], list[ReportedChange]] = defaultdict(list)
    for c in corpus.changes:
        moves[keys.get(c.membership or "", tenure_key(c))].append(c)
    out = []
    for k in sorted({*groups, *moves}):
        members = sorted(groups.get(k, ()), key=lambda a: (a.date or "", a.article, a.membership))
        changes = sorted(set(moves.get(k, ())), key=lambda c: (c.date or "", c.article, c.change))
        terms = sorted({t for a in members for t in corpus.terms.get(a.membership, ())}
                       | {t for c in changes for t in corpus.terms.get(c.change, ())},
                       key=lambda t: (t.number or 0, t.years or (), t.org))
        records: list[Attestation | ReportedChange] = [*members, *changes]
        tenure = Tenure(k, k[0], min(r.post for r in records), records[0].org,
                        records[0].role, tuple(members), tuple(changes), terms=tuple(terms))
        out.append(_with_interval(tenure))
    return sorted(out, key=lambda t: t.iri.value)


def _dated(value: str | None) -> bool:
    """A date the graph can hold as one (a malformed one is SHACL's to report, not ours)."""
    if value is None:
        return False
    return date_literal(value).datatype.value[len(XSD.base):] in ("date", "gYearMonth", "gYear")


def _with_interval(t: Tenure) -> Tenure:
    """Known start and end from reported changes, else the first and last date a report shows
    the holding (an attestation, or a change: one that ends a post shows it held until then,
    one that starts it shows it held from then)."""
    seen: list[tuple[str, str, str]] = sorted(
        [(a.date or "", a.article, a.membership) for a in t.attestations if _dated(a.date)]
        + [(c.date or "", c.article, c.change) for c in t.changes if _dated(c.date)])
    starts = [c for c in t.changes if c.direction == STARTS and _dated(c.date)]
    ends = [c for c in t.changes if c.direction == ENDS and _dated(c.date)]
    start = end = None
    if starts:
        s = min(starts, key=lambda c: (c.date or "", c.change))
        # another report showing the holding before its reported start: the start is a
        # renewal (the report of the start itself is dated by its own publication, which
        # may precede a stated "từ ngày")
        if not any(day < (s.date or "") and not (s.date or "").startswith(day)
                   and article != s.article for day, article, _ in seen):
            start = Bound(s.date or "", s.rule, s.article, s.change)
    if start is None and seen:
        start = Bound(seen[0][0], "first-attestation", seen[0][1], seen[0][2])
    if ends:
        e = max(ends, key=lambda c: (c.date or "", c.change))
        end = Bound(e.date or "", e.rule, e.article, e.change)
    elif seen:
        end = Bound(seen[-1][0], "last-attestation", seen[-1][1], seen[-1][2])
    return Tenure(t.key, t.person, t.post, t.org, t.role, t.attestations, t.changes, start,
                  end, t.terms)


# --- conflicts -------------------------------------------------------------------------------

@functools.cache
def single_holder_titles(shapes: str | None = None) -> frozenset[str]:
    """The titles of posts one person holds at a time: the ``VALUES ?role`` list of the SPARQL
    target of ``ogs:SingleHolderPostShape`` in ``ontology/shapes.ttl``, the one place it is
    kept, so that the SHACL warning and ``conflicts.csv`` use the same list.

    >>> sorted(t.rsplit("/", 1)[-1] for t in single_holder_titles())[:3]
    ['bi-thu', 'bo-truong', 'chanh-an']
    """
    if shapes is None:
        from orggraph.resources import shapes_path  # late: only when conflicts are sought

        shapes = str(shapes_path())
    triples = list(parse(path=shapes, format=RdfFormat.TURTLE))  # one parse: blank nodes
    targets = {t.object for t in triples
               if t.subject == OGS("SingleHolderPostShape") and t.predicate == SH("target")}
    selects = [t.object.value for t in triples
               if t.subject in targets and t.predicate == SH("select")]
    values = re.search(r"VALUES\s+\?role\s*\{([^}]*)\}", selects[0] if selects else "")
    if values is None:
        raise ValueError(f"{shapes}: ogs:SingleHolderPostShape has no 'VALUES ?role {{…}}' list")
    return frozenset(re.findall(r"<([^>]+)>", values.group(1)))


def conflicts(found: Sequence[Tenure], single_holder: Iterable[str] | None = None
              ) -> list[Conflict]:
    """Two holders of a single-holder post (``single_holder``: title IRIs, by default
    :func:`single_holder_titles`) whose intervals overlap, and holdings attested after their
    reported end; sorted by date, kind and IRI.

    Two intervals that only touch on a day one of them starts or ends by a reported change
    (a handover) do not conflict.
    """
    titles = frozenset(single_holder_titles() if single_holder is None else single_holder)
    out: list[Conflict] = []
    posts: dict[tuple[str, str], list[Tenure]] = defaultdict(list)
    for t in found:
        if t.org and t.role in titles and t.start and t.end:
            posts[(t.org, t.role)].append(t)
    for group in posts.values():
        group.sort(key=lambda t: t.iri.value)
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                c = _two_holders(a, b)
                if c is not None:
                    out.append(c)
    for t in found:
        c = _after_end(t)
        if c is not None:
            out.append(c)
    return sorted(out, key=lambda c: (c.date, c.kind, c.iri.value))


def _two_holders(a: Tenure, b: Tenure) -> Conflict | None:
    if a.person == b.person or not (a.start and a.end and b.start and b.end):
        return None
    begin = max(a.start.date, b.start.date)
    finish = min(a.end.date, b.end.date)
    if not begin <= finish + "~":
        return None
    if _hands_over(a, b, begin, finish) or _hands_over(b, a, begin, finish):
        return None

    def behind(t: Tenure) -> tuple[str, ...]:
        inside = {a.article for a in t.attestations
                  if _dated(a.date) and begin <= (a.date or "") <= finish + "~"}
        inside |= {c.article for c in t.changes
                   if _dated(c.date) and begin <= (c.date or "") <= finish + "~"}
        return tuple(sorted(inside or set(t.articles)))

    return Conflict("two-holders", begin, (a, b), (behind(a), behind(b)))


def _hands_over(old: Tenure, new: Tenure, begin: str, finish: str) -> bool:
    """A handover, not two holders: one report gives both the end of ``old`` and the start of
    ``new`` (their dates may differ only because one of them is inferred); or, on the one day
    the two overlap, ``old`` ends by a reported change, or is last seen as ``new`` starts by
    one (two reported starts on one day are no handover)."""
    assert old.start is not None and old.end is not None and new.start is not None
    if old.end.reported and new.start.reported and old.end.article == new.start.article:
        return True
    if begin != finish:
        return False
    taken_that_day = old.start.reported and old.start.date == begin
    return old.end.date == begin and (old.end.reported or (
        new.start.reported and new.start.date == begin and not taken_that_day))


def _after_end(t: Tenure) -> Conflict | None:
    if t.end is None or not t.end.reported:
        return None
    restarted = [c.date for c in t.changes if c.direction == STARTS and _dated(c.date)
                 and (c.date or "") > t.end.date]
    for a in t.attestations:
        if _dated(a.date) and (a.date or "") > t.end.date + "~" and not any(
                r <= (a.date or "") for r in restarted if r):
            return Conflict("attested-after-end", a.date or "", (t,),
                            ((t.end.article,), (a.article,)), late=a)
    return None


# --- RDF -------------------------------------------------------------------------------------

def _typed(node: NamedNode, cls: NamedNode, out: list) -> None:
    for c in class_closure(cls.value):
        out.append((node, A, NamedNode(c)))


def _instant(t: Tenure, which: str, bound: Bound, out: list) -> None:
    node = NamedNode(t.iri.value + ("#start" if which == "hasBeginning" else "#end"))
    out.append((NamedNode(t.iri.value + "#during"), TIME(which), node))
    out.append((node, A, TIME("Instant")))
    value = date_literal(bound.date)
    kind = value.datatype.value[len(XSD.base):]
    prop = {"date": "inXSDDate", "gYearMonth": "inXSDgYearMonth", "gYear": "inXSDgYear"}[kind]
    out.append((node, TIME(prop), value))
    out.append((node, OG("precision"), TIME(bound.precision)))
    out.append((node, OG("inferred"), Literal(bound.inferred)))
    out.append((node, OG("rule"), Literal(bound.rule)))
    out.append((node, PROV("wasDerivedFrom"), NamedNode(bound.article)))
    if bound.source.startswith(_CHANGES):  # the change, whose annotation is the evidence
        out.append((node, PROV("wasInfluencedBy"), NamedNode(bound.source)))
    else:
        out.append((node, PROV("wasDerivedFrom"), NamedNode(bound.source)))


def tenure_triples(t: Tenure, out: list, run: NamedNode | None = None) -> None:
    node = t.iri
    _typed(node, OG("Tenure"), out)
    out.append((node, ORG("member"), NamedNode(t.person)))
    out.append((node, OG("post"), NamedNode(t.post)))
    if t.org:
        out.append((node, ORG("organization"), NamedNode(t.org)))
    if t.role:  # typed org:Role, as the article graphs type the titles they use
        out.append((node, ORG("role"), NamedNode(t.role)))
        out.append((NamedNode(t.role), A, ORG("Role")))
    for a in t.attestations:
        out.append((node, OG("attestation"), NamedNode(a.membership)))
    for article in t.articles:
        out.append((node, PROV("wasDerivedFrom"), NamedNode(article)))
    if run is not None:
        out.append((node, PROV("wasGeneratedBy"), run))
    for term in t.terms:
        out.append((node, OG("term"), term.iri))
        _term_triples(term, out)
    if t.start is None and t.end is None:
        return
    during = NamedNode(node.value + "#during")
    out.append((node, ORG("memberDuring"), during))
    out.append((during, A, TIME("Interval")))
    if t.start is not None:
        _instant(t, "hasBeginning", t.start, out)
    if t.end is not None:
        _instant(t, "hasEnd", t.end, out)


def _term_triples(term: Term, out: list) -> None:
    node = term.iri
    _typed(node, OG("Term"), out)
    out.append((node, OG("termOf"), NamedNode(term.org)))
    if term.article:
        out.append((node, PROV("wasDerivedFrom"), NamedNode(term.article)))
    if term.number:
        # xsd:integer: Oxigraph stores an xsd:positiveInteger as the integer anyway
        out.append((node, OG("termNumber"), Literal(term.number)))
        out.append((node, RDFS("label"), Literal(f"khóa {_to_roman(term.number)}",
                                                 language="vi")))
    if term.years:
        out.append((node, RDFS("label"), Literal(f"nhiệm kỳ {term.years[0]}-{term.years[1]}",
                                                 language="vi")))
        for prop, suffix, year in (("hasBeginning", "#start", term.years[0]),
                                   ("hasEnd", "#end", term.years[1])):
            instant = NamedNode(node.value + suffix)
            out.append((node, TIME(prop), instant))
            out.append((instant, A, TIME("Instant")))
            out.append((instant, TIME("inXSDgYear"), Literal(year, datatype=XSD("gYear"))))
            out.append((instant, OG("precision"), TIME("unitYear")))


def _to_roman(n: int) -> str:
    out = ""
    for value, digits in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                          (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def conflict_triples(c: Conflict, out: list, run: NamedNode | None = None) -> None:
    node = c.iri
    _typed(node, OG("TenureConflict"), out)
    out.append((node, OG("conflictKind"),
                OG("TwoHolders" if c.kind == "two-holders" else "AttestedAfterEnd")))
    out.append((node, OG("onDate"), date_literal(c.date)))
    for t in c.tenures:
        out.append((node, OG("tenure"), t.iri))
    if c.late is not None:
        out.append((node, OG("lateAttestation"), NamedNode(c.late.membership)))
    for side in c.articles:
        for article in side:
            out.append((node, PROV("wasDerivedFrom"), NamedNode(article)))
    if run is not None:
        out.append((node, PROV("wasGeneratedBy"), run))


def tenure_quads(found: Sequence[Tenure], found_conflicts: Sequence[Conflict],
                 run: NamedNode | None = None) -> list[Quad]:
    """The tenure graph: sorted, without duplicates."""
    out: list[tuple[Any, NamedNode, Any]] = []
    for t in found:
        tenure_triples(t, out, run)
    for c in found_conflicts:
        conflict_triples(c, out, run)
    quads = {Quad(s, p, o, GRAPH) for s, p, o in out}
    return sorted(quads, key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))


@dataclass
class Result:
    tenures: list[Tenure]
    conflicts: list[Conflict]
    labels: dict[str, str]
    quads: list[Quad]


def corpus_tenures(store: Store, run: NamedNode | None = None, vocabulary: Any = None
                   ) -> Result:
    """Read the store's article graphs and give the tenures, their conflicts and the quads
    of :data:`GRAPH` (not loaded: the caller loads them)."""
    corpus = read_corpus(store, vocabulary)
    found = tenures(corpus)
    clashes = conflicts(found)
    return Result(found, clashes, corpus.labels, tenure_quads(found, clashes, run))


# --- conflicts.csv ---------------------------------------------------------------------------

CSV_COLUMNS = ("kind", "date", "organization", "organizationLabel", "role", "person",
               "personName", "articles", "otherPerson", "otherPersonName", "otherArticles",
               "detail")


def _article_id(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def conflict_rows(found: Sequence[Conflict], labels: dict[str, str]) -> list[dict[str, str]]:
    """One row per conflict, in :data:`CSV_COLUMNS`: the two sides and the articles behind
    each (article ids, space-separated)."""
    rows = []
    for c in found:
        a = c.tenures[0]
        b = c.tenures[1] if len(c.tenures) > 1 else a
        if c.kind == "two-holders":
            detail = (f"{labels.get(a.person, a.person)} {_span(a)}; "
                      f"{labels.get(b.person, b.person)} {_span(b)}")
        else:
            assert a.end is not None and c.late is not None
            detail = f"ended {a.end.date} ({a.end.rule}); attested {c.late.date}"
        rows.append({
            "kind": c.kind, "date": c.date, "organization": a.org or "",
            "organizationLabel": labels.get(a.org or "", labels.get(a.post, "")),
            "role": (a.role or "").rsplit("/", 1)[-1], "person": a.person,
            "personName": labels.get(a.person, ""),
            "articles": " ".join(_article_id(x) for x in c.articles[0]),
            "otherPerson": b.person, "otherPersonName": labels.get(b.person, ""),
            "otherArticles": " ".join(_article_id(x) for x in c.articles[1]),
            "detail": detail})
    return rows


def _span(t: Tenure) -> str:
    start = t.start.date if t.start else "?"
    end = t.end.date if t.end else "?"
    return f"{start}..{end}"


def conflicts_csv(found: Sequence[Conflict], labels: dict[str, str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(conflict_rows(found, labels))
    return buffer.getvalue()


def write_conflicts_csv(found: Sequence[Conflict], labels: dict[str, str],
                        path: str | Path) -> Path:
    """Write ``conflicts.csv`` atomically (a header alone when there is none)."""
    from orggraph.atomic import atomic_write  # late: an output concern

    with atomic_write(path, newline="") as fh:
        fh.write(conflicts_csv(found, labels))
    return Path(path)


__all__ = ["GRAPH", "RULES", "Attestation", "Bound", "Conflict", "Corpus", "ReportedChange",
           "Result", "Tenure", "Term", "conflict_rows", "conflicts", "conflicts_csv",
           "corpus_tenures", "date_rule", "find_terms", "read_corpus", "single_holder_titles",
           "tenure_key", "tenure_quads", "tenures", "write_conflicts_csv"]

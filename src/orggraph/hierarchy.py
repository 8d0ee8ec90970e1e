"""The reporting lines of the whole corpus, stated and inferred, in time.

A corpus-level pass after the article graphs: it reads every report's bodies and stated
subordination (:class:`orggraph.facts.Subordination`), adds the lines the structure of the
Party and the state implies, climbs until the roots, and writes the result into its own named
graph, :data:`GRAPH` (``ogd:graph/hierarchy``).

Lines (rule names in brackets, as written in ``og:rule``):

- Party: cấp ủy ``org:unitOf`` its đảng bộ [committee-of-party-organisation]; chi bộ →
  đảng bộ of its commune [cell-to-grassroots]; đảng bộ of a commune → of its district until
  2025-06-30, → of its province from 2025-07-01; district → province [party-line]; province →
  Ban Chấp hành Trung ương [province-party-to-centre], ``org:unitOf`` Đảng Cộng sản Việt Nam
  [central-committee-of-party]; Bộ Chính trị, Ban Bí thư and the central boards are units of
  the Central Committee [central-organ]; the cấp ủy of an agency ("Đảng ủy Công an tỉnh X") →
  the đảng bộ of its unit [agency-party-to-unit-party].
- Organs (Ban Thường vụ, Thường trực, Ủy ban Kiểm tra, Ban Tổ chức …) are units of the body
  they are named after [organ-of-body].
- State: UBND, HĐND, MTTQ, police and mass organisations of a commune → of its district (until
  2025-06-30) or province (from 2025-07-01), district → province [state-line, council-line,
  front-line, police-line, mass-line]; UBND tỉnh → Chính phủ [province-committee-to-government];
  HĐND tỉnh → Quốc hội [province-council-to-assembly]; sở → UBND tỉnh, phòng → UBND huyện
  [department-to-committee]; ministries → Chính phủ [ministry-to-government]; Công an tỉnh →
  Bộ Công an [police-to-ministry]; military commands and regions → Bộ Quốc phòng
  [military-to-ministry]; National Assembly organs → Quốc hội [assembly-organ]; Quốc hội →
  Nhà nước [assembly-of-state].
- A kind's ``og:parentKind`` (or its official name's) names its parent in the same unit
  ("Trường Chính trị tỉnh X" → Tỉnh ủy X; "Báo X" → Tỉnh ủy X; "Đài Phát thanh - Truyền
  hình X" → UBND tỉnh X; "Đảng ủy Chính phủ" → Ban Chấp hành Trung ương) [parent-kind].
- Leadership: the State, the Front and the national mass organisations (``og:ledByParty``)
  are ``og:ledBy`` the Party [party-leadership] — not a reporting line, so not
  ``org:subOrganizationOf``; from ``og:underFrontFrom`` (2025-07-01) the mass organisations
  are part of the Ủy ban Trung ương MTTQ [mass-organisation-under-front].

Every link is a qualified node (``og:Subordination``: ``og:child``, ``og:parent``,
``og:relation``, ``og:stated``, ``og:rule`` or ``prov:wasDerivedFrom`` the report with an
``oa:Annotation`` on the text, ``time:hasTime`` an interval) and a plain ``org:subOrganizationOf``
/ ``org:unitOf`` triple for tools that know ORG only. A line that changed on 2025-07-01 has
two links with their intervals; a line both eras share has one, unbounded.

Plain functions over plain data; output sorted, so the same corpus in any order gives the
same quads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from orggraph import bodies as b
from orggraph import restructuring
from orggraph.bodies import Body
from orggraph.facts import Facts, Span
from orggraph.gazetteer import REFORM_DATE
from orggraph.rdf import iris
from orggraph.rdf.mapping import class_closure
from orggraph.rdf.namespaces import OA, OG, OGD, ORG, PROV, SCHEMA, SKOS, TIME, XSD, A
from orggraph.text import key

GRAPH = OGD("graph/hierarchy")
LAST_OLD_DAY = "2025-06-30"  # the last day of districts and of the 63 provinces
PARTY = b.named("Đảng Cộng sản Việt Nam", None)
SUB, UNIT = "subOrganizationOf", "unitOf"
# The Party's leadership of the State and society (Hiến pháp 2013, Điều 4): not a reporting
# line in ORG's sense, so a property of its own (og:ledBy, a kind of org:linkedTo); it joins
# the state, front and mass-organisation trees to the Party.
LED = "ledBy"
# og: classes whose bodies are organs of another (ORG's units), so a stated link from one
# is org:unitOf; every other stated link is org:subOrganizationOf.
_UNIT_CLASSES = frozenset(OG(c).value for c in (
    "PartyCommittee", "StandingCommittee", "StandingBoard", "InspectionCommission",
    "AdvisoryBody", "Delegation"))
# Territorial families that follow their units up (family → rule); at the top, the central
# body the province's reports to (a kind, or a named body's name and kind).
_LINES = {"dang-bo": "party-line", "ubnd": "state-line", "hdnd": "council-line",
          "mttq": "front-line", "cong-an": "police-line"}
_TOPS: dict[str, tuple[str, str | None, str | None, str]] = {
    # family: (rule, central kind, or None and a named body's label, its kind)
    "dang-bo": ("province-party-to-centre", "bch-trung-uong", None, ""),
    "ubnd": ("province-committee-to-government", "chinh-phu", None, ""),
    "hdnd": ("province-council-to-assembly", "quoc-hoi", None, ""),
    "mttq": ("province-front-to-centre", "mttq-trung-uong", None, ""),
    "cong-an": ("police-to-ministry", None, "Bộ Công an", "bo"),
}
_MILITARY = frozenset({"bo-chqs", "quan-su", "ban-chqs", "quan-khu", "bo-tong-tham-muu",
                       "bo-chi-huy-bdbp"})
_CENTRAL_PARTY = frozenset({"bo-chinh-tri", "ban-bi-thu", "quan-uy-trung-uong",
                            "hoi-dong-ly-luan", "dang-uy-cac-co-quan-dang"})
_ASSEMBLY_ORGANS = frozenset({"ubtvqh", "uy-ban-quoc-hoi", "doan-dbqh", "to-dbqh"})


@dataclass(frozen=True)
class Evidence:
    """Where a stated link was read: the report and the text span (when known)."""

    article: str
    span: Span | None = None


@dataclass(frozen=True)
class Link:
    """One reporting link: ``child`` reports to ``parent`` from ``start`` to ``end`` (ISO
    dates, None when open). ``rule`` is None for a stated link, whose ``evidence`` says
    where it was read."""

    child: Body
    parent: Body
    relation: str  # SUB or UNIT
    rule: str | None = None
    start: str | None = None
    end: str | None = None
    evidence: tuple[Evidence, ...] = field(default=(), compare=False)

    @property
    def stated(self) -> bool:
        return self.rule is None


@dataclass
class Result:
    links: list[Link]
    bodies: dict[str, Body]  # key → body, every body of the hierarchy
    warnings: list[str]


# --- the corpus's bodies ---------------------------------------------------------------------

def _report_bodies(facts: Facts, vocabulary: Any, gazetteer: Any) -> dict[str, Body]:
    """Every name the report gives a body, and the body it denotes (as the mapping reads it)."""
    records = {key(o.name): o for o in facts.organizations}
    context = b.article_place([o.place_id for o in facts.organizations], gazetteer)
    names = [o.name for o in facts.organizations]
    names += [h.organization for h in facts.holdings if h.organization]
    names += [n for s in facts.subordination for n in (s.child, s.parent)]
    out: dict[str, Body] = {}
    for name in names:
        if name in out:
            continue
        r = records.get(key(name))
        out[name] = b.resolve(name, r.kind if r else None, r.place_id if r else None, context,
                              vocabulary, gazetteer)
    return out


def _evidence_span(facts: Facts, child: str) -> Span | None:
    for o in facts.organizations:
        if key(o.name) == key(child) and o.evidence is not None:
            return o.evidence
    return None


def _relation(child: Body, vocabulary: Any) -> str:
    concept = vocabulary.org_kinds.get(child.kind or "")
    cls = getattr(concept, "org_class", None)
    return UNIT if cls in _UNIT_CLASSES else SUB


def _eras(body: Body, gazetteer: Any) -> list[tuple[str, str]]:
    """(era, unit id) for each era the body's unit exists in as the same unit."""
    if body.stable_place is None:
        return []
    out = []
    for era in ("pre2025", "2025"):
        unit = b.unit_in_era(gazetteer, body.stable_place, era)
        if unit is not None:
            out.append((era, unit))
    return out


def _bounded(link: Link, eras: set[str]) -> Link:
    """The link's interval from the eras its parent holds in."""
    if eras == {"pre2025", "2025"}:
        return link
    if eras == {"pre2025"}:
        return replace(link, end=LAST_OLD_DAY)
    return replace(link, start=REFORM_DATE)


def _lifetime(child: Body, parent: Body, gazetteer: Any) -> tuple[str | None, str | None]:
    """The interval a stated link can hold in: while both its bodies exist. A body of a unit
    the 2025 reform ended (a district, a merged commune) ends on 2025-06-30; one of a unit
    it made begins on 2025-07-01; a report's "Chi bộ 1 thuộc Đảng bộ xã X" says no more.

    >>> from orggraph.gazetteer import default_gazetteer
    >>> g = default_gazetteer()
    >>> chi_bo = b.Body("name:chi bộ 1@pre2025/388#chi-bo", "Chi bộ 1", "chi-bo",
    ...                 "pre2025/388", "pre2025/388")
    >>> _lifetime(chi_bo, b.Body("central:x", "X", None, None, None), g)
    (None, '2025-06-30')
    """
    start = end = None
    for body in (child, parent):
        place = body.stable_place or body.place
        if place is None or place not in gazetteer or b.unchanged(gazetteer, place):
            continue
        if gazetteer.get(place).era == "pre2025":
            end = LAST_OLD_DAY
        else:
            start = REFORM_DATE
    if start and end:  # bodies of two eras never met: the names say no more than the report
        return None, None
    return start, end


def _unit_parent(gazetteer: Any, unit_id: str) -> str | None:
    return gazetteer.get(unit_id).parent


def _ancestor_at(gazetteer: Any, unit_id: str, level: str) -> str | None:
    unit = gazetteer.get(unit_id)
    for u in (unit, *gazetteer.ancestors(unit)):
        if u.level == level:
            return str(u.id)
    return None


def _by_era(body: Body, gazetteer: Any, parent_in) -> list[Link]:
    """Links of ``body`` from ``parent_in(era, unit) -> (parent, relation, rule) | None``,
    merged where both eras give the same one."""
    found: dict[tuple[str, str, str], tuple[Link, set[str]]] = {}
    for era, unit in _eras(body, gazetteer):
        got = parent_in(era, unit)
        if got is None or got[0] is None:  # no unit of that level above: no line
            continue
        parent, relation, rule = got
        slot = (parent.key, relation, rule)
        found.setdefault(slot, (Link(body, parent, relation, rule), set()))[1].add(era)
    return [_bounded(link, eras) for link, eras in found.values()]


def inferred(body: Body, vocabulary: Any, gazetteer: Any) -> list[Link]:
    """The links the structure implies for one body (see the module docstring)."""
    if body.parent is not None:
        return [Link(body, body.parent, UNIT, "organ-of-body")]
    kind = body.kind or ""
    fam = body.family

    def terr(f: str, unit: str | None) -> Body | None:
        return None if unit is None else b.territorial(f, unit, vocabulary, gazetteer)

    if fam == b.COMMITTEE:
        return _by_era(body, gazetteer, lambda era, u: (
            terr("dang-bo", u), UNIT, "committee-of-party-organisation"))
    if fam == "chi-bo":
        return _by_era(body, gazetteer, lambda era, u: (
            (terr("dang-bo", u), SUB, "cell-to-grassroots")
            if gazetteer.get(u).level == "commune" else None))
    if fam in _LINES or (fam is not None and _is_mass(fam, vocabulary)):
        rule = _LINES.get(fam, "mass-line")

        def up(era: str, u: str):
            parent = _unit_parent(gazetteer, u)
            if parent is not None:
                return terr(fam, parent), SUB, rule
            if fam not in _TOPS:  # a mass organisation: its national body
                return b.national(fam, vocabulary), SUB, "province-mass-to-centre"
            if fam in _TOPS:
                top_rule, central_kind, label, named_kind = _TOPS[fam]
                top = (b.central(central_kind, vocabulary) if central_kind
                       else b.named(str(label), named_kind))
                return top, SUB, top_rule
            return None
        return _by_era(body, gazetteer, up)
    if fam in _MILITARY or kind in _MILITARY:
        if fam is not None and kind in ("ban-chqs",):
            return _by_era(body, gazetteer, lambda era, u: (
                terr("bo-chqs", _ancestor_at(gazetteer, u, "province")), SUB,
                "military-line") if gazetteer.get(u).level != "province" else None)
        return [Link(body, b.named("Bộ Quốc phòng", "bo"), SUB, "military-to-ministry")]
    if kind in _ASSEMBLY_ORGANS:  # "Đoàn ĐBQH tỉnh X" is territorial, but a unit of the NA
        return [Link(body, b.central("quoc-hoi", vocabulary), UNIT, "assembly-organ")]
    if fam is not None:
        return _parent_of_kind(body, vocabulary, gazetteer)
    if _central(body):
        led = _central_lines(body, vocabulary)
        if led:
            return led
    # Bodies known by their name.
    if kind == "quoc-hoi":  # the highest organ of state power (Hiến pháp 2013, Điều 69)
        return [Link(body, b.central("nha-nuoc", vocabulary), SUB, "assembly-of-state")]
    if kind == "chinh-phu":  # the Assembly's executive organ (Constitution 2013, art. 94)
        return [Link(body, b.central("quoc-hoi", vocabulary), SUB, "government-to-assembly")]
    if kind == "bch-trung-uong":
        return [Link(body, PARTY, UNIT, "central-committee-of-party")]
    if kind in _CENTRAL_PARTY:
        return [Link(body, b.central("bch-trung-uong", vocabulary), UNIT, "central-organ")]
    if kind == "bo":
        return [Link(body, b.central("chinh-phu", vocabulary), SUB, "ministry-to-government")]
    if kind in ("so", "phong") and body.place:
        level = "province" if kind == "so" else "district"
        return _by_era(body, gazetteer, lambda era, u: (
            terr("ubnd", _ancestor_at(gazetteer, u, level)), SUB, "department-to-committee"))
    if kind == "chi-bo" and body.place:  # "Chi bộ thôn X" of a commune
        return _by_era(body, gazetteer, lambda era, u: (
            terr("dang-bo", _ancestor_at(gazetteer, u, "commune")), SUB, "cell-to-grassroots"))
    if kind in b.committee_kinds(vocabulary) and body.place:
        return _by_era(body, gazetteer, lambda era, u: (
            terr("dang-bo", u), SUB, "agency-party-to-unit-party"))
    return _parent_of_kind(body, vocabulary, gazetteer)


def _parent_of_kind(body: Body, vocabulary: Any, gazetteer: Any) -> list[Link]:
    """The body its kind's ``og:parentKind`` names [parent-kind]: of the same unit for a
    placed body ("Trường Chính trị tỉnh X" → Tỉnh ủy X), the central one for a central body
    ("Đảng ủy Chính phủ" → Ban Chấp hành Trung ương); none when the kind names no parent."""
    concept = vocabulary.org_kinds.get(body.kind or "")
    official = b.official_name(body.label, body.kind, vocabulary)  # over the kind's parent
    parent_kind = next((c.ref("parentKind") for c in (official, concept)
                        if c is not None and c.ref("parentKind")), None)
    if parent_kind is None:
        return []
    if _central(body):
        return [Link(body, b.central(parent_kind, vocabulary), SUB, "parent-kind")]
    fam = b.family(parent_kind, vocabulary)
    return _by_era(body, gazetteer, lambda era, u: (
        b.territorial(fam, u, vocabulary, gazetteer), SUB, "parent-kind"))


def _central_lines(body: Body, vocabulary: Any) -> list[Link]:
    """A central body the Party leads (``og:ledByParty``: the State, the Front, the national
    mass organisations) [party-leadership], and, from ``og:underFrontFrom``, the Front it is
    part of (Nghị quyết 203/2025/QH15) [mass-organisation-under-front]."""
    concept = vocabulary.org_kinds.get(body.kind or "")
    if concept is None:
        return []
    out = []
    if concept.flag("ledByParty"):
        out.append(Link(body, PARTY, LED, "party-leadership"))
    start = concept.value("underFrontFrom")
    if start:
        out.append(Link(body, b.central("mttq-trung-uong", vocabulary), SUB,
                        "mass-organisation-under-front", start=start))
    return out


def _is_mass(fam: str, vocabulary: Any) -> bool:
    concept = vocabulary.org_kinds.get(fam)
    return getattr(concept, "org_class", None) == OG("MassOrganization").value


def build(corpus: Iterable[Facts], vocabulary: Any, gazetteer: Any) -> Result:
    """The hierarchy of a corpus: stated links (merged across reports), inferred links up to
    the roots, and a warning for each body left out (no place, no parent, not central; or
    hanging only from such a body: :func:`_anchored`)."""
    stated: dict[tuple[str, str, str], Link] = {}
    implied: list[tuple[Body, Body]] = []
    known: dict[str, Body] = {}
    for facts in sorted(corpus, key=lambda f: f.id):
        names = _report_bodies(facts, vocabulary, gazetteer)
        for body in names.values():
            known.setdefault(body.key, body)
        for s in facts.subordination:
            child, parent = names[s.child], names[s.parent]
            if child.key == parent.key:
                continue
            if not s.stated:  # the extractor's own kind rules: kept only where ours say nothing
                implied.append((child, parent))
                continue
            span = getattr(s, "evidence", None) or _evidence_span(facts, s.child)
            slot = (child.key, parent.key, _relation(child, vocabulary))
            old = stated.get(slot)
            ev = (*(old.evidence if old else ()), Evidence(facts.id, span))
            start, end = _lifetime(child, parent, gazetteer)
            stated[slot] = Link(child, parent, slot[2], start=start, end=end, evidence=ev)
    links: dict[tuple, Link] = {(k[0], k[1], k[2], None, None, None): v
                                for k, v in stated.items()}
    stated_pairs = {(k[0], k[1]) for k in stated}
    todo = sorted(known.values(), key=lambda x: x.key)
    seen: set[str] = set()
    while todo:
        body = todo.pop()
        if body.key in seen:
            continue
        seen.add(body.key)
        known.setdefault(body.key, body)
        # The bodies on the other side of the reform are placed too: their lines, and the
        # restructuring's events, need them.
        todo.extend(o for o in restructuring.counterparts([body], vocabulary, gazetteer)
                    if o.key not in seen)
        for link in inferred(body, vocabulary, gazetteer):
            if link.parent.key == body.key or (body.key, link.parent.key) in stated_pairs:
                continue  # a report's word for a link beats a rule's
            links.setdefault((body.key, link.parent.key, link.relation, link.rule, link.start,
                              link.end), link)
            if link.parent.key not in seen:
                todo.append(link.parent)
    has_parent = {k[0] for k in links}
    for child, parent in sorted(implied, key=lambda p: (p[0].key, p[1].key)):
        if child.key in has_parent:
            continue
        link = Link(child, parent, _relation(child, vocabulary), "extractor-implied")
        links.setdefault((child.key, parent.key, link.relation, link.rule, None, None), link)
        known.setdefault(parent.key, parent)
    links = _anchored(links, known)
    in_links = {k for slot in links for k in slot[:2]}
    warnings = [f"{body.label}: no place, no parent and not a central body; "
                "left out of the hierarchy"
                for body in sorted(known.values(), key=lambda x: (x.label, x.key))
                if body.key not in in_links and not body.place and not _central(body)]
    ordered = [links[k] for k in sorted(links, key=lambda k: tuple(str(x) for x in k))]
    return Result(ordered, dict(sorted(known.items())), warnings)


def _central(body: Body) -> bool:
    return body.key.startswith("central:")


def _anchored(links: dict[tuple, Link], known: dict[str, Body]) -> dict[tuple, Link]:
    """``links`` without the pieces that hang from no place: a top with no place that is
    neither central nor the Party ("Đảng bộ Khối Doanh nghiệp" of an unknown province) is
    no root, so it and the links to it go, and so, in turn, do the bodies under it that
    had no other parent and no place. A placed body whose parent went stays, as a top."""
    while True:
        children = {slot[0] for slot in links}
        floating = {slot[1] for slot in links if slot[1] not in children
                    and slot[1] != PARTY.key and not known[slot[1]].place
                    and not _central(known[slot[1]])}
        if not floating:
            return links
        links = {slot: link for slot, link in links.items() if slot[1] not in floating}


# --- RDF ------------------------------------------------------------------------------------

def _digest(*parts: str | None) -> str:
    return hashlib.sha1("\x1f".join(p or "" for p in parts).encode()).hexdigest()[:12]


def link_iri(link: Link) -> NamedNode:
    """``ogd:subordination/{hash}`` of child, parent, relation, rule and interval."""
    return OGD("subordination/" + _digest(link.child.key, link.parent.key, link.relation,
                                           link.rule, link.start, link.end))


def _interval(node: NamedNode, start: str | None, end: str | None, out: list) -> None:
    """``node time:hasTime`` an interval with the known beginning and end (xsd:date)."""
    if start is None and end is None:
        return
    during = NamedNode(node.value + "#during")
    out.append((node, TIME("hasTime"), during))
    out.append((during, A, TIME("Interval")))
    for prop, suffix, value in (("hasBeginning", "#start", start), ("hasEnd", "#end", end)):
        if value is None:
            continue
        instant = NamedNode(node.value + suffix)
        out.append((during, TIME(prop), instant))
        out.append((instant, A, TIME("Instant")))
        out.append((instant, TIME("inXSDDate"), Literal(value, datatype=XSD("date"))))


def describe_body(body: Body, vocabulary: Any, out: list) -> NamedNode:
    """The triples a body needs to stand alone in the hierarchy graph: type, name, kind,
    place, and og:level og:Central for a central one."""
    node = b.body_iri(body)
    concept = vocabulary.org_kinds.get(body.kind or "")
    cls = getattr(concept, "org_class", None) or (
        OG("PartyOrganization").value if body.key == PARTY.key else ORG("Organization").value)
    for c in {*class_closure(cls), *class_closure(ORG("Organization").value)}:
        out.append((node, A, NamedNode(c)))
    out.append((node, SKOS("prefLabel"), Literal(body.label, language="vi")))
    if concept is not None:
        out.append((node, OG("kind"), NamedNode(concept.iri)))
    if body.place:
        out.append((node, OG("place"), iris.place_iri(body.place)))
    if _central(body) or body.key == PARTY.key or (
            concept is not None and concept.level == "central" and not body.place):
        out.append((node, OG("level"), OG("Central")))
    return node


def describe_place(unit_id: str, gazetteer: Any, out: list,
                   done: set[str] | None = None) -> None:
    """A unit node the article graphs may not describe (a parent no report names); with
    ``done``, the units described already (and their ancestors) are skipped."""
    if done is not None:
        if unit_id in done:
            return
        done.add(unit_id)
    unit = gazetteer.get(unit_id)
    node = iris.place_iri(unit_id)
    for c in class_closure(OG("AdministrativeUnit").value):
        out.append((node, A, NamedNode(c)))
    out.append((node, SKOS("prefLabel"), Literal(unit.label, language="vi")))
    out.append((node, SCHEMA("identifier"), Literal(unit.id)))
    if unit.parent:
        out.append((node, SCHEMA("containedInPlace"), iris.place_iri(unit.parent)))
        describe_place(unit.parent, gazetteer, out, done)


def link_triples(link: Link, out: list, run: NamedNode | None = None) -> None:
    node = link_iri(link)
    if run is not None:  # a record this pass made, like the article graphs' records
        out.append((node, PROV("wasGeneratedBy"), run))
    child, parent = b.body_iri(link.child), b.body_iri(link.parent)
    relation = OG(LED) if link.relation == LED else ORG(link.relation)
    out.append((child, relation, parent))
    for c in class_closure(OG("Subordination").value):
        out.append((node, A, NamedNode(c)))
    out.append((node, OG("child"), child))
    out.append((node, OG("parent"), parent))
    out.append((node, OG("relation"), relation))
    out.append((node, OG("stated"), Literal(link.stated)))
    if link.rule is not None:
        out.append((node, OG("rule"), Literal(link.rule)))
    for ev in link.evidence:
        article = iris.article_iri(ev.article)
        out.append((node, PROV("wasDerivedFrom"), article))
        if ev.span is not None:
            span = iris.span_iri(ev.article, ev.span.start, ev.span.end)
            note = iris.annotation_iri(ev.article, node, ev.span.start, ev.span.end)
            out.append((note, A, OA("Annotation")))
            out.append((note, OA("motivatedBy"), OG("evidencing")))
            out.append((note, OA("hasTarget"), node))
            out.append((note, OA("hasBody"), span))
            if run is not None:
                out.append((note, PROV("wasGeneratedBy"), run))
    _interval(node, link.start, link.end, out)


def hierarchy_quads(result: Result, vocabulary: Any, gazetteer: Any,
                    run: NamedNode | None = None) -> list[Quad]:
    """The hierarchy graph: every body of the hierarchy described, every link qualified and
    plain; sorted, without duplicates."""
    out: list[tuple[Any, NamedNode, Any]] = []
    changes, named = restructuring.triples(result.bodies.values(), vocabulary, gazetteer)
    out.extend(changes)
    # a body or unit is described once: links share their parents, units their ancestors
    bodies: set[Body] = set()
    places: set[str] = set()
    for body in (*result.bodies.values(), *named,
                 *(x for link in result.links for x in (link.child, link.parent))):
        if body in bodies:
            continue
        bodies.add(body)
        describe_body(body, vocabulary, out)
        if body.place and body.place in gazetteer:
            describe_place(body.place, gazetteer, out, places)
    for link in result.links:
        link_triples(link, out, run)
    quads = {Quad(s, p, o, GRAPH) for s, p, o in out}
    return sorted(quads, key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))


def corpus_hierarchy(corpus: Sequence[Facts], vocabulary: Any = None,
                     gazetteer: Any = None, run: NamedNode | None = None
                     ) -> tuple[list[Quad], list[str]]:
    """The quads of :data:`GRAPH` for a corpus and the warnings, with the project's
    vocabulary and gazetteer unless others are given; ``run`` is the extraction run the
    link records are ``prov:wasGeneratedBy``."""
    if vocabulary is None:
        from orggraph.vocab import load_vocabulary

        vocabulary = load_vocabulary()
    if gazetteer is None:
        from orggraph.gazetteer import default_gazetteer

        gazetteer = default_gazetteer()
    result = build(corpus, vocabulary, gazetteer)
    return hierarchy_quads(result, vocabulary, gazetteer, run), result.warnings

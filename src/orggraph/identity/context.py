"""Person mentions and the context that tells namesakes apart.

A *mention* is one name in one article: every holding, change, participation, author line
and bare mention of the same name (by :func:`orggraph.text.key`) in one article is one
mention, as the mapping makes it one node per article. Its context is what the article says
around that person: the bodies of their holdings and changes, the administrative units of
those bodies (with their province), whether a body is central, the date the article attests,
the other persons it names, the provinces the whole article is about, and the outlet when the
name is the byline.

>>> from orggraph.facts import Facts, Holding, Organization
>>> f = Facts(id="a1", published="2024-03-26",
...           holdings=[Holding("Nguyễn Văn An", "Bí thư", "Tỉnh ủy X")],
...           organizations=[Organization("Tỉnh ủy X", place_id="p/1")])
>>> m, = mentions_of(f)
>>> m.id.key, m.provinces, m.day is not None, m.has_context
('nguyễn văn an', ('p/1',), True, True)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from orggraph.bodies import article_place, body_iri
from orggraph.bodies import resolve as resolve_body
from orggraph.facts import Facts, Organization
from orggraph.text import key

_DATE = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


@dataclass(frozen=True, order=True)
class MentionId:
    """A mention's address: the article and the name's comparison key."""

    article: str
    key: str

    def __str__(self) -> str:
        return f"{self.article}: {self.key}"


@dataclass(frozen=True)
class Body:
    """A body a mention holds or changes a post in; ``iri`` is its node in the graph."""

    iri: str
    label: str
    province: str | None  # the 2025 province its place lies in (None: central or unplaced)
    unit: str | None  # its own gazetteer unit id
    level: str | None  # the level of that unit, or "central" for a central body
    place: str = ""  # the unit's label and its province's, for reports ("xã A (tỉnh B)")


@dataclass(frozen=True)
class Mention:
    """One name in one article, with the context resolution compares (all tuples sorted)."""

    id: MentionId
    name: str  # as written (the first spelling in the record)
    bodies: tuple[Body, ...]
    date: str | None  # the date the article attests (first event date, else publication)
    day: int | None  # that date as an ordinal, when it is precise to the month or day
    co_mentioned: tuple[str, ...]  # keys of the other persons the article names
    article_provinces: tuple[str, ...]  # provinces of every body the article places
    outlet: str | None  # the outlet, when the name is the article's byline

    @property
    def has_context(self) -> bool:
        """Does the article give this person a post (in a body that can be told apart)?"""
        return any(b.province or b.level == "central" for b in self.bodies)

    @property
    def provinces(self) -> tuple[str, ...]:
        return tuple(sorted({b.province for b in self.bodies if b.province}))

    def units(self, level: str) -> tuple[str, ...]:
        return tuple(sorted({b.unit for b in self.bodies if b.unit and b.level == level}))

    @property
    def central(self) -> bool:
        return any(b.level == "central" for b in self.bodies)


def attested_date(facts: Facts) -> str | None:
    """The date an article attests its holdings on (as the mapping's ``og:attestedOn``)."""
    for event in facts.events:
        if event.date:
            return str(event.date)
    return str(facts.published) if facts.published else None


def day_of(date: str | None) -> int | None:
    """An ISO date (or year-month) as a day number; a bare year is too vague: None.

    >>> day_of("2024-03-26") - day_of("2024-03")
    25
    >>> day_of("2024") is None
    True
    """
    m = _DATE.match(date or "")
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3] or 1)).toordinal()
    except ValueError:
        return None


class Places:
    """Province and level of gazetteer units, and the level of organisation kinds.

    Without a gazetteer a unit id stands for its own province (tests use made-up ids); without
    a vocabulary only bodies whose name says "Trung ương" count as central.
    """

    def __init__(self, gazetteer: Any = None, vocabulary: Any = None) -> None:
        self.gazetteer = gazetteer
        self.vocabulary = vocabulary
        self._cache: dict[str, tuple[str | None, str | None, str]] = {}

    def province_and_level(self, unit_id: str) -> tuple[str | None, str | None]:
        """The 2025 province a unit lies in (a pre-2025 one through its successor, so a
        province merged in 2025 compares equal to the one it went into) and its level."""
        return self.describe(unit_id)[:2]

    def describe(self, unit_id: str) -> tuple[str | None, str | None, str]:
        """Province id, level and a readable label of a unit."""
        if unit_id not in self._cache:
            self._cache[unit_id] = self._lookup(unit_id)
        return self._cache[unit_id]

    def _lookup(self, unit_id: str) -> tuple[str | None, str | None, str]:
        if self.gazetteer is None:
            return unit_id, "province", unit_id
        try:
            unit = self.gazetteer.get(unit_id)
        except KeyError:
            return None, None, unit_id
        province = next((u for u in (unit, *self.gazetteer.ancestors(unit))
                         if u.level == "province"), None)
        label = unit.label if province in (None, unit) else f"{unit.label} ({province.label})"
        if province is None:
            return None, str(unit.level), label
        if province.era != "2025":
            successor = self.gazetteer.main_successor(province)
            province = successor if successor is not None else province
        return province.id, str(unit.level), label

    def resolve_label(self, label: str, date: str | None) -> str | None:
        """The one unit a place label names in the era of ``date``, else None."""
        if self.gazetteer is None:
            return None
        try:
            era = self.gazetteer.era_for(date) if date else None
            units = list(self.gazetteer.find(label, era=era))
        except (ValueError, KeyError):
            return None
        return units[0].id if len(units) == 1 else None

    def is_central(self, record: Organization | None, name: str) -> bool:
        if record is not None and record.kind and self.vocabulary is not None:
            concept = self.vocabulary.org_kinds.get(record.kind)
            if concept is not None:
                return concept.value("level") == "central"
        # no kind to ask: a body with no place whose name says "Trung ương" is central
        return not (record and record.place_id) and "trung ương" in key(name)


def mentions_of(facts: Facts, places: Places | None = None) -> list[Mention]:
    """Every person mention of one facts record, in key order."""
    places = places or Places()
    records: dict[str, Organization] = {}
    for record in facts.organizations:
        records.setdefault(key(record.name), record)
    date = attested_date(facts)
    context = (article_place([o.place_id for o in facts.organizations], places.gazetteer)
               if places.gazetteer is not None else None)
    day = day_of(date)
    names: dict[str, str] = {}
    bodies: dict[str, dict[str, Body]] = {}

    def name(person: str) -> str:
        k = key(person)
        names.setdefault(k, person)
        bodies.setdefault(k, {})
        return k

    def body(person: str, org: str | None, place_label: str | None) -> None:
        k = name(person)
        if not org:
            return
        record = records.get(key(org))
        unit = record.place_id if record is not None else None
        if unit is None and place_label and not (record and record.place):
            unit = places.resolve_label(place_label, date)
        # the node the mapping writes for this body (orggraph.bodies, as mapping.org does):
        # aliases and both eras of an unchanged body are one
        node = body_iri(resolve_body(org, record.kind if record is not None else None,
                                     record.place_id if record is not None else None,
                                     context, places.vocabulary, places.gazetteer))
        province, level, label = places.describe(unit) if unit else (None, None, "")
        if unit is None and places.is_central(record, org):
            level = "central"
        bodies[k].setdefault(node.value, Body(node.value, org, province, unit, level, label))

    for person in facts.persons:
        name(person)
    for h in facts.holdings:
        body(h.person, h.organization, h.place)
    for c in facts.changes:
        body(c.person, c.organization, None)
    for e in facts.events:
        for p in e.participants:
            name(p.person)
    if facts.author:
        name(facts.author)
    article_provinces = tuple(sorted({
        p for record in facts.organizations if record.place_id
        for p in [places.province_and_level(record.place_id)[0]] if p}))
    author = key(facts.author) if facts.author else None
    out = []
    for k in sorted(names):
        out.append(Mention(
            MentionId(facts.id, k), names[k],
            tuple(sorted(bodies[k].values(), key=lambda b: b.iri)), date, day,
            tuple(sorted(n for n in names if n != k)), article_provinces,
            facts.source if k == author else None))
    return out


def corpus_mentions(records: Iterable[Facts], places: Places | None = None) -> list[Mention]:
    """The mentions of every record, in (article, key) order whatever the input order; a
    second record with an article id already seen is left out, as the graph leaves it out."""
    places = places or Places()
    by_id: dict[str, Facts] = {}
    for facts in records:
        by_id.setdefault(facts.id, facts)
    return [m for article in sorted(by_id) for m in mentions_of(by_id[article], places)]

"""Which mentions are one person: conservative rules over a whole corpus.

Only mentions of the same name (:func:`orggraph.text.key`) are ever merged automatically, and
only on positive evidence; a curated decision overrides both ways. The steps, each in a fixed
order so that the same corpus in any input order gives the same persons:

1. **curated same**: the mentions a curated ``same`` decision lists are one person.
2. **mentions with a post** (a body with a province, or a central body), pair by pair, the
   strongest evidence first: ``shared-body`` (a body both hold or change a post in),
   ``shared-place`` (their bodies lie in one province, the pre-2025 province through the one it
   went into), ``co-mentioned`` (both articles name a third person; not when their provinces
   differ). Two groups merge only when no pair across them is *incompatible*:
   ``two-places-at-once`` (different provinces, districts or communes within
   :data:`SAME_TIME` days), ``central-and-local-at-once`` (a central body and a commune
   within those days), or a curated ``different``.
3. **mentions without a post** (a name in a list, a byline): joined to the one person of the
   same name that shares something with their article (a province its bodies lie in, a
   co-mentioned person, the outlet of a byline): ``sole-candidate``. With two candidates they
   stay apart (``ambiguous``): a guess would be worse than a split.
4. the mentions without a post left over merge among themselves on the same evidence.

Everything else stays apart (``nothing-shared``): two holders of one name in different
provinces, with nothing linking them, are two persons until a curated decision says otherwise.

>>> from orggraph.facts import Facts, Holding, Organization
>>> def art(i, date, body, place):
...     return Facts(id=i, published=date, holdings=[Holding("Nguyễn Văn An", "Bí thư", body)],
...                  organizations=[Organization(body, place_id=place)])
>>> r = resolve([art("a1", "2024-03-01", "Tỉnh ủy X", "p/1"),
...              art("a2", "2024-09-01", "Tỉnh ủy X", "p/1"),
...              art("a3", "2024-03-05", "Tỉnh ủy Y", "p/2")])
>>> [(p.key, [m.article for m in p.mentions]) for p in r.persons]
[('nguyễn văn an@a1', ['a1', 'a2']), ('nguyễn văn an@a3', ['a3'])]
>>> [(n.rule, n.a, n.b) for n in r.near_misses]
[('two-places-at-once', 'nguyễn văn an@a1', 'nguyễn văn an@a3')]
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from orggraph.facts import Facts
from orggraph.identity.context import Mention, MentionId, Places, corpus_mentions

# Two posts in different places "at once": attestations this many days apart or fewer. A
# transfer within a month is reported in one article, which then names both places.
SAME_TIME = 31

MERGE_RULES = ("curated-same", "shared-body", "shared-place", "co-mentioned", "sole-candidate")
APART_RULES = ("curated-different", "two-places-at-once", "central-and-local-at-once",
               "ambiguous", "nothing-shared")
_STRENGTH = {"shared-body": 3, "shared-place": 2, "co-mentioned": 1}


class IdentityError(ValueError):
    """Curated decisions that contradict each other."""


@dataclass(frozen=True, order=True)
class Evidence:
    """What two mentions share: a body (its IRI), a province (unit id), a co-mentioned
    person (name key), an outlet, or a curator's note."""

    kind: str  # "body" | "place" | "person" | "outlet" | "note"
    value: str
    label: str = ""


@dataclass(frozen=True)
class Link:
    """One merge: two mentions, the rules that allowed it and what they share."""

    a: MentionId
    b: MentionId
    rules: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    where: str | None = None  # the curated decision (file:line) for curated-same


@dataclass(frozen=True)
class Person:
    """One resolved person: ``key`` is ``{name key}@{anchor}``, the anchor the first article
    (in id order) that mentions them; the IRI is minted from it."""

    key: str
    name: str
    anchor: str
    mentions: tuple[MentionId, ...]
    links: tuple[Link, ...]


@dataclass(frozen=True)
class NearMiss:
    """Two persons of one name kept apart, with the rule and the reason in words."""

    name: str
    a: str  # person keys, a < b
    b: str
    rule: str
    detail: str
    articles_a: tuple[str, ...]
    articles_b: tuple[str, ...]


@dataclass(frozen=True)
class Decision:
    """A curated decision: ``kind`` "same" or "different" over the listed mentions."""

    kind: str
    mentions: tuple[MentionId, ...]
    note: str | None = None
    where: str | None = None


@dataclass
class Resolution:
    """The persons of a corpus, the near-misses, and curated mentions the corpus lacks."""

    persons: tuple[Person, ...]
    near_misses: tuple[NearMiss, ...]
    unmatched: tuple[str, ...] = ()
    _by_mention: dict[MentionId, Person] = field(default_factory=dict, repr=False)
    _by_article: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_mention = {m: p for p in self.persons for m in p.mentions}
        for m, p in sorted(self._by_mention.items(), key=lambda item: item[0]):
            self._by_article.setdefault(m.article, {})[m.key] = p.key

    def person_of(self, article: str, name_key: str) -> Person | None:
        return self._by_mention.get(MentionId(article, name_key))

    def keys_for(self, article: str) -> dict[str, str]:
        """name key → person key, for every person one article mentions."""
        return dict(self._by_article.get(article, {}))

    @property
    def merges(self) -> tuple[Person, ...]:
        return tuple(p for p in self.persons if len(p.mentions) > 1)


# --- rules over two mentions --------------------------------------------------------------

def conflict(a: Mention, b: Mention) -> tuple[str, str] | None:
    """Why two mentions cannot be one person (rule, detail), or None.

    Only posts attested at about the same time conflict: careers move between provinces.
    """
    if a.day is None or b.day is None or abs(a.day - b.day) > SAME_TIME:
        return None
    gap = f"{a.date} and {b.date}"
    for level, pa, pb in (("provinces", a.provinces, b.provinces),
                          ("districts", a.units("district"), b.units("district")),
                          ("communes", a.units("commune"), b.units("commune"))):
        if pa and pb and not set(pa) & set(pb):
            return ("two-places-at-once", f"posts in different {level} ({_places(a)} / "
                                          f"{_places(b)}) on {gap}")
    for x, y in ((a, b), (b, a)):
        if x.central and not x.provinces and (y.units("commune") or y.units("village")):
            return ("central-and-local-at-once",
                    f"a central post ({x.id.article}) and a commune post ({y.id.article}) "
                    f"on {gap}")
    return None


def strong_evidence(a: Mention, b: Mention) -> tuple[tuple[str, ...], tuple[Evidence, ...]]:
    """The rules two mentions with posts satisfy, strongest first, and what they share."""
    rules: list[str] = []
    found: list[Evidence] = []
    bodies_b = {x.iri for x in b.bodies}
    shared = [x for x in a.bodies if x.iri in bodies_b and (x.province or x.level == "central")]
    if shared:
        rules.append("shared-body")
        found += [Evidence("body", x.iri, x.label) for x in shared]
    places = sorted(set(a.provinces) & set(b.provinces))
    if places:
        rules.append("shared-place")
        found += [Evidence("place", p) for p in places]
    apart = a.provinces and b.provinces and not places
    people = sorted(set(a.co_mentioned) & set(b.co_mentioned))
    if people and not apart:
        rules.append("co-mentioned")
        found += [Evidence("person", p) for p in people]
    return tuple(rules), tuple(found)


def weak_evidence(bare: Mention, other: Mention) -> tuple[Evidence, ...]:
    """What a mention without a post shares with another mention of its name."""
    found = [Evidence("place", p) for p in sorted(
        set(bare.article_provinces) & (set(other.provinces) | set(other.article_provinces)))]
    found += [Evidence("person", p)
              for p in sorted(set(bare.co_mentioned) & set(other.co_mentioned))]
    if bare.outlet and bare.outlet == other.outlet:
        found.append(Evidence("outlet", bare.outlet))
    return tuple(found)


# --- clustering ---------------------------------------------------------------------------

class _Groups:
    """Union-find over mentions that remembers the members of each group and the links."""

    def __init__(self, mentions: Sequence[Mention], cannot: set[frozenset[MentionId]]) -> None:
        self.by_id = {m.id: m for m in mentions}
        self.root = {m.id: m.id for m in mentions}
        self.members: dict[MentionId, list[MentionId]] = {m.id: [m.id] for m in mentions}
        self.links: dict[MentionId, list[Link]] = {m.id: [] for m in mentions}
        self.cannot = cannot

    def find(self, x: MentionId) -> MentionId:
        while self.root[x] != x:
            self.root[x] = self.root[self.root[x]]
            x = self.root[x]
        return x

    def blocked(self, a: MentionId, b: MentionId) -> tuple[str, str] | None:
        """The first incompatibility between the groups of a and b (in mention order)."""
        for x in self.members[self.find(a)]:
            for y in self.members[self.find(b)]:
                if frozenset((x, y)) in self.cannot:
                    return "curated-different", f"a curated decision keeps {x} and {y} apart"
                found = conflict(self.by_id[x], self.by_id[y])
                if found:
                    return found
        return None

    def union(self, link: Link) -> None:
        ra, rb = self.find(link.a), self.find(link.b)
        if ra == rb:
            return
        keep, gone = min(ra, rb), max(ra, rb)  # the smaller id stays root: order-free
        self.root[gone] = keep
        self.members[keep] = sorted(self.members[keep] + self.members.pop(gone))
        self.links[keep] = self.links[keep] + self.links.pop(gone) + [link]


def resolve(records: Iterable[Facts], decisions: Iterable[Decision] = (), *,
            gazetteer: Any = None, vocabulary: Any = None) -> Resolution:
    """Resolve the persons of a corpus of facts records (see the module docstring).

    ``gazetteer`` and ``vocabulary`` (as :func:`orggraph.rdf.mapping.facts_to_quads` takes
    them) place bodies in provinces and tell central bodies; without them unit ids stand for
    their own province. Raise :class:`IdentityError` when curated decisions contradict.
    """
    mentions = corpus_mentions(records, Places(gazetteer, vocabulary))
    by_id = {m.id: m for m in mentions}
    decisions = list(decisions)
    unmatched = sorted({f"{d.where or 'curated'}: {m}" for d in decisions for m in d.mentions
                        if m not in by_id})
    cannot = {frozenset((x, y)) for d in decisions if d.kind == "different"
              for x in d.mentions for y in d.mentions if x != y and x in by_id and y in by_id}
    groups = _Groups(mentions, cannot)

    # 1. curated same, whatever the automatic rules would say
    for d in sorted((d for d in decisions if d.kind == "same"), key=lambda d: d.mentions):
        found = sorted(m for m in d.mentions if m in by_id)
        for x, y in itertools.pairwise(found):
            note = (Evidence("note", d.note),) if d.note else ()
            groups.union(Link(x, y, ("curated-same",), note, d.where))
    for pair in sorted(cannot, key=sorted):
        x, y = sorted(pair)
        if groups.find(x) == groups.find(y):
            raise IdentityError(f"curated decisions say {x} and {y} are the same person and "
                                "different persons")

    by_name: dict[str, list[Mention]] = {}
    for m in mentions:
        by_name.setdefault(m.id.key, []).append(m)
    ambiguous: dict[MentionId, list[MentionId]] = {}
    for name in sorted(by_name):
        _resolve_name(groups, by_name[name], ambiguous)
    return _result(groups, mentions, ambiguous, tuple(unmatched))


def _resolve_name(groups: _Groups, same_name: list[Mention],
                  ambiguous: dict[MentionId, list[MentionId]]) -> None:
    posted = [m for m in same_name if m.has_context]
    bare = [m for m in same_name if not m.has_context]
    # 2. mentions with a post, strongest evidence first, then by mention ids
    pairs = []
    for i, a in enumerate(posted):
        for b in posted[i + 1:]:
            rules, evidence = strong_evidence(a, b)
            if rules:
                pairs.append((-_STRENGTH[rules[0]], a.id, b.id, Link(a.id, b.id, rules, evidence)))
    for *_, link in sorted(pairs, key=lambda p: p[:3]):
        if groups.find(link.a) != groups.find(link.b) and not groups.blocked(link.a, link.b):
            groups.union(link)
    # 3. a mention without a post joins the one person that shares something with it; the
    # candidates are taken before any joins, so the order of the bare mentions does not matter
    joins: list[Link] = []
    leftover: list[Mention] = []
    for m in bare:
        if len(groups.members[groups.find(m.id)]) > 1:
            continue  # a curated decision placed it already
        candidates: dict[MentionId, Link] = {}
        for other in posted:
            root = groups.find(other.id)
            evidence = weak_evidence(m, other)
            if evidence and root not in candidates and not groups.blocked(m.id, other.id):
                candidates[root] = Link(other.id, m.id, ("sole-candidate",), evidence)
        if len(candidates) == 1:
            joins.append(next(iter(candidates.values())))
        elif candidates:
            ambiguous[m.id] = sorted(candidates)
        else:
            leftover.append(m)
    for link in joins:
        groups.union(link)
    # 4. the rest of the mentions without a post, among themselves
    weak = []
    for i, a in enumerate(leftover):
        for b in leftover[i + 1:]:
            evidence = weak_evidence(a, b)
            if evidence:
                weak.append((a.id, b.id, Link(a.id, b.id, ("sole-candidate",), evidence)))
    for *_, link in sorted(weak, key=lambda p: p[:2]):
        if groups.find(link.a) != groups.find(link.b) and not groups.blocked(link.a, link.b):
            groups.union(link)


def _result(groups: _Groups, mentions: list[Mention],
            ambiguous: dict[MentionId, list[MentionId]], unmatched: tuple[str, ...]
            ) -> Resolution:
    persons: dict[MentionId, Person] = {}
    for root in sorted({groups.find(m.id) for m in mentions}):
        members = tuple(groups.members[root])
        names = Counter(m.key for m in members)
        name_key = min(names, key=lambda k: (-names[k], k))
        first = min(m for m in members if m.key == name_key)
        anchor = members[0].article
        persons[root] = Person(
            f"{name_key}@{anchor}", groups.by_id[first].name, anchor, members,
            tuple(sorted(groups.links[root], key=lambda link: (link.a, link.b))))
    near = []
    by_name: dict[str, list[Person]] = {}
    for p in persons.values():
        by_name.setdefault(p.key.rsplit("@", 1)[0], []).append(p)
    for _, same in sorted(by_name.items()):
        same.sort(key=lambda p: p.key)
        for i, a in enumerate(same):
            for b in same[i + 1:]:
                rule, detail = _why_apart(groups, a, b, ambiguous)
                near.append(NearMiss(a.name, a.key, b.key, rule, detail,
                                     _articles(a), _articles(b)))
    return Resolution(tuple(sorted(persons.values(), key=lambda p: p.key)), tuple(near),
                      unmatched)


def _articles(p: Person) -> tuple[str, ...]:
    return tuple(sorted({m.article for m in p.mentions}))


def _why_apart(groups: _Groups, a: Person, b: Person,
               ambiguous: dict[MentionId, list[MentionId]]) -> tuple[str, str]:
    found = groups.blocked(a.mentions[0], b.mentions[0])
    if found:
        return found
    for m in (*a.mentions, *b.mentions):
        if m in ambiguous:
            return "ambiguous", (f"{m} has no post and shares context with "
                                 f"{len(ambiguous[m])} persons of this name")
    return "nothing-shared", f"{_summary(groups, a)} / {_summary(groups, b)}"


def _places(*ms: Mention) -> str:
    """The places of the mentions' bodies, for a reader ("central" for central bodies)."""
    places = sorted({b.place for m in ms for b in m.bodies if b.place})
    central = ["central"] if any(m.central for m in ms) else []
    shown = places[:3] + ([f"+{len(places) - 3} more"] if len(places) > 3 else [])
    return ", ".join(shown + central) or "no post"


def _summary(groups: _Groups, p: Person) -> str:
    ms = [groups.by_id[m] for m in p.mentions]
    dates = sorted({m.date for m in ms if m.date})
    where = _places(*ms).replace("no post", "no placed or central post")
    when = f" ({dates[0]}{'…' + dates[-1] if len(dates) > 1 else ''})" if dates else ""
    return where + when

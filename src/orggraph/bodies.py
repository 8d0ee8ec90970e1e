"""Body identity: which organisation names denote one body, across articles and across 2025.

A report names a body in several ways: "Ban Chấp hành Đảng bộ tỉnh Quảng Ninh", "Tỉnh ủy
Quảng Ninh" and "Tỉnh ủy tỉnh Quảng Ninh" are one cấp ủy; "Thành ủy Hồ Chí Minh" and "Thành
ủy thành phố Hồ Chí Minh" too. :func:`identify` reads a name with its kind (a concept of
``ontology/vocab/org-kinds.ttl``) and its gazetteer place into a :class:`Body` whose ``key``
is the same for every alias. The key is built from what the name *means*, not how it is
written:

- a **territorial body** (the cấp ủy, đảng bộ, UBND, HĐND, MTTQ … of one administrative
  unit, its place named after its kind word or left to context) is ``family@place``;
  the Party committee kinds (Tỉnh ủy, Thành ủy, Huyện ủy, Đảng ủy xã, Ban Chấp hành Đảng bộ
  …) share the family ``cap-uy``;
- an **organ** named after its body ("Ban Thường vụ Tỉnh ủy X") is ``kind/<key of the body>``;
- anything else keeps its name: ``name:<normalised name>@place#kind``.

The place in a key is the *stable* unit (:func:`stable_unit`): a province or commune the 2025
reform left as it was (the gazetteer maps it one to one, under the same name) has one key in
both eras, so Thành ủy Hà Nội of 2024 and of 2026 are one node; Tỉnh ủy Thái Nguyên of 2024
(before the merger with Bắc Kạn) and of 2026 are two, linked by the restructuring.

Plain functions over plain data: the vocabulary and the gazetteer are passed in.

>>> from orggraph.vocab import load_vocabulary
>>> from orggraph.gazetteer import default_gazetteer
>>> v, g = load_vocabulary(), default_gazetteer()
>>> a = identify("Ban Chấp hành Đảng bộ tỉnh Quảng Ninh", "bch-dang-bo", "pre2025/22", v, g)
>>> b = identify("Tỉnh ủy Quảng Ninh", "tinh-uy", "2025/22", v, g)
>>> a.key == b.key, b.label
(True, 'Tỉnh ủy Quảng Ninh')
>>> identify("Ban Thường vụ Thành ủy thành phố Hồ Chí Minh", "ban-thuong-vu", "pre2025/79",
...          v, g).key == identify("Ban Thường vụ Thành ủy Hồ Chí Minh", "ban-thuong-vu",
...                                "pre2025/79", v, g).key
True
>>> identify("Đảng ủy Công an tỉnh Quảng Ngãi", "dang-uy", "pre2025/51", v, g).family is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pyoxigraph import NamedNode

from orggraph.rdf import iris
from orggraph.text import key, normalize

# Party committee kinds: one cấp ủy whatever the name ("Tỉnh ủy X" = "Ban Chấp hành Đảng bộ
# tỉnh X"). Read from the vocabulary (og:partyCommittee) plus the Ban Chấp hành Đảng bộ kind,
# which names the same committee by its đảng bộ.
COMMITTEE = "cap-uy"
_COMMITTEE_EXTRA = ("bch-dang-bo",)
# Kinds whose committee is at the centre, not of a unit: never territorial.
_LEVEL_OF_UNIT = {"province": ("province", "city"), "district": ("district", "city"),
                  "commune": ("commune",)}


@dataclass(frozen=True)
class Body:
    """What an organisation name denotes.

    ``family`` is set for territorial bodies (``cap-uy``, ``dang-bo``, ``ubnd`` …) and
    ``place`` is then their unit; ``parent`` is the body an organ is named after.
    """

    key: str
    label: str
    kind: str | None
    place: str | None = None  # gazetteer id as the report resolved it (era-specific)
    stable_place: str | None = None
    family: str | None = None
    parent: Body | None = None


def stable_unit(gazetteer: Any, unit_id: str) -> str:
    """The id a unit is known by in both eras: the pre2025 id of a province or commune the
    reform left unchanged (one to one, same name), else the unit's own id.

    >>> from orggraph.gazetteer import default_gazetteer
    >>> g = default_gazetteer()
    >>> stable_unit(g, "2025/01"), stable_unit(g, "2025/19"), stable_unit(g, "pre2025/19")
    ('pre2025/01', '2025/19', 'pre2025/19')
    """
    try:
        unit = gazetteer.get(unit_id)
    except KeyError:
        return unit_id
    if unit.era == "2025":
        before = gazetteer.predecessors(unit)
        if len(before) == 1 and _unchanged(gazetteer, before[0]):
            return str(before[0].id)
    return unit_id


def unchanged(gazetteer: Any, unit_id: str) -> bool:
    """Did the 2025 reform leave this unit (of either era) as it was?"""
    try:
        unit = gazetteer.get(unit_id)
    except KeyError:
        return False
    if unit.era == "2025":
        return stable_unit(gazetteer, unit_id) != unit_id
    return _unchanged(gazetteer, unit)


def _unchanged(gazetteer: Any, old: Any) -> bool:
    if old.level == "district":  # districts were abolished, never kept
        return False
    after = gazetteer.successors(old)
    return (len(after) == 1 and len(gazetteer.predecessors(after[0])) == 1
            and key(after[0].name) == key(old.name))


def unit_in_era(gazetteer: Any, stable: str, era: str) -> str | None:
    """The id of a stable unit in ``era``: itself, or (unchanged) its successor."""
    try:
        unit = gazetteer.get(stable)
    except KeyError:
        return None
    if unit.era == era:
        return stable
    if unit.era == "pre2025" and era == "2025" and _unchanged(gazetteer, unit):
        return str(gazetteer.successors(unit)[0].id)
    return None


# --- names ---------------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return normalize(text).split()


def _strip(name: str, labels: Iterable[str]) -> str | None:
    """The rest of ``name`` after the longest of ``labels`` it opens with (compared without
    case); None if it opens with none."""
    words = _words(name)
    low = [w.lower() for w in words]
    for label in sorted(labels, key=lambda s: (-len(s.split()), s)):
        lw = [w.lower() for w in _words(label)]
        if lw and low[:len(lw)] == lw:
            return " ".join(words[len(lw):])
    return None


def _names_unit(rest: str, unit: Any, gazetteer: Any) -> bool:
    """Does ``rest`` ("tỉnh Quảng Ninh", "Quảng Ninh", "thành phố Hồ Chí Minh") name ``unit``?"""
    if not rest:
        return False
    if key(rest) in (key(unit.name), key(unit.label)):
        return True
    try:
        return any(u.id == unit.id for u in gazetteer.find(rest, era=unit.era))
    except (ValueError, KeyError):
        return False


def _kind_of(text: str, vocabulary: Any) -> tuple[str, str] | None:
    """The org kind whose label opens ``text`` (the longest), and the rest."""
    words = _words(text)
    low = tuple(w.lower() for w in words)
    best: tuple[int, str] | None = None  # the first longest label wins, as before
    for label, kind in _kind_words(vocabulary):
        n = len(label)
        if n and (best is None or n > best[0]) and low[:n] == label:
            best = (n, kind)
    return None if best is None else (best[1], " ".join(words[best[0]:]))


def _kind_words(vocabulary: Any) -> Iterable[tuple[tuple[str, ...], str]]:
    """The org-kind labels as lower-case words (split once by a real vocabulary)."""
    found = getattr(vocabulary, "org_kind_words", None)
    if found is not None:
        return found
    return [(tuple(w.lower() for w in _words(label)), kind)
            for kind, concept in vocabulary.org_kinds.items() for label in concept.labels]


def committee_kinds(vocabulary: Any) -> frozenset[str]:
    """The kinds that are a cấp ủy of a unit (Tỉnh ủy, Huyện ủy, Đảng ủy, BCH Đảng bộ …)."""
    return frozenset(k for k, c in vocabulary.org_kinds.items()
                     if c.flag("partyCommittee")) | frozenset(_COMMITTEE_EXTRA)


def family(kind: str, vocabulary: Any) -> str:
    """The family a territorial body of ``kind`` belongs to: ``cap-uy`` for committees, the
    kind's ``ogg:familyKind`` when it has one ("Tỉnh đoàn" → the Đoàn Thanh niên)."""
    if kind in committee_kinds(vocabulary):
        return COMMITTEE
    concept = vocabulary.org_kinds.get(kind)
    return (concept.ref("familyKind") if concept is not None else None) or kind


def _level_fits(concept: Any, unit: Any) -> bool:
    """An unnamed body of this kind ("Huyện ủy", "Ủy ban nhân dân") can be the unit's."""
    level = concept.level
    if level is None:
        return concept.flag("takesLevel")
    return level in _LEVEL_OF_UNIT.get(unit.level, ())


def _level_word_fits(rest: str, unit: Any, vocabulary: Any) -> bool:
    """Is ``rest`` a bare level word ("tỉnh", "huyện", "thành phố") that ``unit`` can be?

    "HĐND tỉnh" in a report about Đà Nẵng is the city's council: a province-level city is
    what "tỉnh" means there; "thành phố" fits a city of either level, "huyện" any district.

    >>> from orggraph.vocab import load_vocabulary
    >>> from orggraph.gazetteer import default_gazetteer
    >>> v, g = load_vocabulary(), default_gazetteer()
    >>> [_level_word_fits(w, g.get("pre2025/48"), v) for w in ("tỉnh", "thành phố", "huyện")]
    [True, True, False]
    """
    words = key(rest)
    for concept in vocabulary.unit_types.values():
        if not any(key(label) == words for label in concept.labels):
            continue
        if concept.level == "city":
            return key(unit.type) == key(concept.pref_vi)
        return concept.level == unit.level
    return False


def territorial_label(fam: str, unit: Any, vocabulary: Any) -> str:
    """The canonical name of the body of family ``fam`` of ``unit``: "Tỉnh ủy Quảng Ninh",
    "Đảng ủy xã Tân Hòa", "Ủy ban nhân dân tỉnh Nghệ An"."""
    if fam == COMMITTEE:
        if unit.level == "commune":
            return f"Đảng ủy {unit.label}"
        for concept in vocabulary.org_kinds.values():
            if not concept.flag("partyCommittee") or not concept.refs("partyUnitType"):
                continue
            unit_type = vocabulary.unit_types.get(concept.refs("partyUnitType")[0])
            if unit_type is not None and key(unit_type.pref_vi) == key(unit.type) and (
                    _level_fits(concept, unit)):
                return f"{concept.pref_vi} {unit.name}"
        return f"Đảng ủy {unit.label}"
    concept = vocabulary.org_kinds.get(fam)
    if concept is None:
        return f"{fam} {unit.label}"
    if concept.level:  # the kind word says the level: "Tỉnh đoàn An Giang"
        return f"{concept.pref_vi} {unit.name}"
    return f"{concept.pref_vi} {unit.label}"


# --- identity ------------------------------------------------------------------------------

def territorial(fam: str, unit_id: str, vocabulary: Any, gazetteer: Any) -> Body:
    """The body of family ``fam`` (``cap-uy``, ``dang-bo``, ``ubnd`` …) of a unit."""
    unit = gazetteer.get(unit_id)
    stable = stable_unit(gazetteer, unit_id)
    kind = fam
    if fam == COMMITTEE:
        kind = _committee_kind(unit, vocabulary)
    return Body(f"{fam}@{stable}", territorial_label(fam, unit, vocabulary), kind, unit_id,
                stable, fam)


def _committee_kind(unit: Any, vocabulary: Any) -> str:
    for kind, concept in sorted(vocabulary.org_kinds.items()):
        if concept.flag("partyCommittee") and concept.refs("partyUnitType"):
            unit_type = vocabulary.unit_types.get(concept.refs("partyUnitType")[0])
            if unit_type is not None and key(unit_type.pref_vi) == key(unit.type) and (
                    _level_fits(concept, unit)):
                return kind
    return "dang-uy"


def identify(name: str, kind: str | None, place: str | None, vocabulary: Any,
             gazetteer: Any) -> Body:
    """The body an organisation name denotes (see the module docstring)."""
    unit = None
    if place and gazetteer is not None:
        try:
            unit = gazetteer.get(place)
        except KeyError:
            unit = None
    # A vocabulary without the kinds' grammar (a test's stand-in) reads names as names.
    grammar = vocabulary is not None and hasattr(vocabulary, "unit_types")
    concept = vocabulary.org_kinds.get(kind or "") if grammar else None
    if concept is not None and unit is not None and not concept.flag("takesName"):
        for k in (kind, *concept.refs("partyForm")):
            c = vocabulary.org_kinds[k]
            rest = _strip(name, c.labels)
            if rest is None:
                continue
            if _names_unit(rest, unit, gazetteer) or (
                    _level_fits(c, unit) if not rest else _level_word_fits(rest, unit,
                                                                          vocabulary)):
                body = territorial(family(k, vocabulary), unit.id, vocabulary, gazetteer)
                return Body(body.key, body.label, body.kind, place, body.stable_place,
                            body.family)
    if concept is not None and concept.level == "central" and unit is None and any(
            key(name) == key(label) for label in concept.labels):
        return central(str(kind), vocabulary)  # "Bộ Chính trị", "BCH TW": one body each
    if grammar and unit is None:
        # The whole name is a central body's label, whatever kind the report's grammar gave
        # it ("Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh" read as a kind of Đoàn).
        whole = _kind_of(name, vocabulary)
        if whole is not None and not whole[1] and whole[0] != kind and (
                vocabulary.org_kinds[whole[0]].level == "central"):
            return central(whole[0], vocabulary)
    if concept is not None and concept.level == "central" and unit is None:
        organ = _organ_of_national(name, vocabulary)
        if organ is not None:
            return organ
    if concept is not None and unit is None and concept.flag("takesLevel") and (
            key(name).endswith(" việt nam")) and concept.org_class in _NATIONAL_CLASSES:
        return national(str(kind), vocabulary)  # "Hội Nông dân Việt Nam"
    if concept is not None and concept.flag("needsParent"):
        organ = _organ(name, kind, concept, place, vocabulary, gazetteer)
        if organ is not None:
            return organ
    stable = stable_unit(gazetteer, place) if place and gazetteer is not None else place
    return Body(f"name:{key(name)}@{stable or ''}#{kind or ''}", name, kind, place, stable)


def _organ(name: str, kind: str | None, concept: Any, place: str | None, vocabulary: Any,
           gazetteer: Any) -> Body | None:
    """An organ named after its body ("Ban Thường vụ Tỉnh ủy X", "Ban Tổ chức Trung ương")."""
    rest = _strip(name, concept.labels)
    if not rest:
        return None
    found = _kind_of(rest, vocabulary)
    if found is None:
        if key(rest) in ("trung ương", "trung ương đảng"):  # "Ban Tổ chức Trung ương"
            found = ("bch-trung-uong", "")
        else:
            return _national_organ(name, kind, concept, rest, vocabulary)
    parent_kind = found[0]
    parent_name = rest
    parent_concept = vocabulary.org_kinds[parent_kind]
    if parent_concept.level == "central" and not parent_concept.flag("takesName"):
        parent = Body(f"central:{parent_kind}", parent_concept.pref_vi, parent_kind)
        if parent_kind == "bch-trung-uong":
            parent = central(parent_kind, vocabulary)
    else:
        parent = identify(parent_name, parent_kind, place, vocabulary, gazetteer)
    label = f"{concept.pref_vi} {parent.label}"
    if parent_kind == "bch-trung-uong":
        label = f"{concept.pref_vi} {parent_concept.value('organLabel') or 'Trung ương'}"
    return Body(f"{kind}/{parent.key}", label, kind, place or parent.place,
                parent.stable_place, None, parent)


def _national_named(text: str, vocabulary: Any) -> Body | None:
    """The national front or mass body ``text`` names after "Trung ương" ("Trung ương Hội
    Nông dân Việt Nam", "Trung ương Hội Cựu chiến binh"); None for anything else."""
    central_words = [label for c in vocabulary.unit_types.values() if c.level == "central"
                     for label in c.labels if key(label) != "việt nam"]
    tail = _strip(text, central_words)
    found = _kind_of(tail, vocabulary) if tail else None
    if found is None or key(found[1]) not in ("", "việt nam"):
        return None
    if vocabulary.org_kinds[found[0]].org_class not in _NATIONAL_CLASSES:
        return None
    return national(found[0], vocabulary)


def _national_organ(name: str, kind: str | None, concept: Any, rest: str,
                    vocabulary: Any) -> Body | None:
    """An organ of a national front or mass body, named "<organ> Trung ương <body>"
    ("Ban Tổ chức Trung ương Hội Nông dân Việt Nam"); None for anything else."""
    parent = _national_named(rest, vocabulary)
    if parent is None:
        return None
    return Body(f"{kind}/{parent.key}", f"{concept.pref_vi} Trung ương {parent.label}", kind,
                None, None, None, parent)


def _organ_of_national(name: str, vocabulary: Any) -> Body | None:
    """"Ban Chấp hành Trung ương Hội Cựu chiến binh Việt Nam": a name that opens like a
    central Party organ's but goes on to a national mass body is that body's organ."""
    organ_kinds = [(k, c) for k, c in vocabulary.org_kinds.items() if c.flag("needsParent")]
    for k, c in sorted(organ_kinds, key=lambda kc: -max(len(x.split()) for x in kc[1].labels)):
        rest = _strip(name, c.labels)
        if rest:
            organ = _national_organ(name, k, c, rest, vocabulary)
            if organ is not None:
                return organ
    return None


# The bodies every unit has: a body of these families that a report names without its place
# ("Hội đồng nhân dân", "Đảng ủy") is the one of the report's unit. Other kinds that take a
# level ("Hội Sinh viên Việt Nam", "Đảng bộ Khối Doanh nghiệp") are not guessed.
CONTEXT_FAMILIES = frozenset({COMMITTEE, "dang-bo", "ubnd", "hdnd", "mttq"})


def of_a_unit(body: Body) -> bool:
    """Is this the body of a unit of a :data:`CONTEXT_FAMILIES` family, or an organ of one
    ("Thường trực Hội đồng nhân dân xã X")?"""
    if body.parent is not None:
        return of_a_unit(body.parent)
    return body.family in CONTEXT_FAMILIES


# Front and mass organisations: "<kind> Việt Nam" is the national body of the kind.
_NATIONAL_CLASSES = frozenset(f"https://w3id.org/orggraph/ontology#{c}"
                              for c in ("MassOrganization", "FatherlandFront"))


def national(kind: str, vocabulary: Any) -> Body:
    """The national body of a front or mass organisation kind ("Hội Nông dân Việt Nam"; its
    ``og:nationalKind`` when it has one: "Trung ương Đoàn")."""
    concept = vocabulary.org_kinds[kind]
    if concept.ref("nationalKind"):
        return central(str(concept.ref("nationalKind")), vocabulary)
    label = concept.pref_vi
    if not key(label).endswith("việt nam"):
        label = f"{label} Việt Nam"
    return Body(f"central:{kind}", label, kind)


def central(kind: str, vocabulary: Any, label: str | None = None) -> Body:
    """A central body known by its kind (Ban Chấp hành Trung ương, Chính phủ, Quốc hội)."""
    concept = vocabulary.org_kinds.get(kind)
    return Body(f"central:{kind}", label or (concept.pref_vi if concept else kind), kind)


def named(label: str, kind: str | None, key_text: str | None = None) -> Body:
    """A body known by its name alone (the Party itself, a ministry)."""
    return Body(f"name:{key(key_text or label)}@#{kind or ''}", label, kind)


def article_place(places: Sequence[str | None], gazetteer: Any) -> str | None:
    """The unit an unplaced body of a report belongs to: the most specific of the places
    the report's bodies have, when they form one chain (commune ⊂ district ⊂ province);
    None when they do not (two provinces, two communes) or there are none.

    >>> from orggraph.gazetteer import default_gazetteer
    >>> g = default_gazetteer()
    >>> article_place(["pre2025/38", "pre2025/382", None], g), article_place(
    ...     ["pre2025/38", "pre2025/22"], g)
    ('pre2025/382', None)
    """
    ids = sorted({p for p in places if p})
    units = []
    for unit_id in ids:
        try:
            units.append(gazetteer.get(unit_id))
        except KeyError:
            return None
    if not units:
        return None
    deepest = max(units, key=lambda u: (len(gazetteer.ancestors(u)), u.id))
    chain = {deepest.id, *(u.id for u in gazetteer.ancestors(deepest))}
    return str(deepest.id) if all(u.id in chain for u in units) else None


def body_iri(body: Body) -> NamedNode:
    """``ogd:org/{slug}-{hash}``: a body known by its name keeps the IRI of
    :func:`orggraph.rdf.iris.org_iri` (name, place, kind); a territorial body or an organ is
    hashed by its key, so that all its aliases share the IRI."""
    if body.key.startswith("name:"):
        return iris.org_iri(body.label, body.stable_place, body.kind)
    return iris.keyed_org_iri(body.label, body.key)


def resolve(name: str, kind: str | None, place: str | None, context: str | None,
            vocabulary: Any, gazetteer: Any) -> Body:
    """The body a name of one report denotes: its record's kind and place when known; a
    name without a record ("Đảng bộ tỉnh Nghệ An" that a subordination names) reads its
    kind from its first words and its place from the rest; a unit body the report names
    without a place ("Hội đồng nhân dân", "Đảng ủy") takes ``context``, the report's place
    (:func:`article_place`), when that makes it the body of a unit."""
    grammar = vocabulary is not None and hasattr(vocabulary, "unit_types")
    if kind is None and grammar:
        found = _kind_of(name, vocabulary)
        if found is not None:
            kind, rest = found
            if place is None and rest and gazetteer is not None:
                units = _units_named(rest, gazetteer, context)
                if len(units) == 1:
                    place = units[0]
    if place is None and kind and grammar and gazetteer is not None:
        place = _province_in_name(name, kind, context, vocabulary, gazetteer)
    body = identify(name, kind, place, vocabulary, gazetteer)
    if place is None and context is not None and kind and gazetteer is not None:
        # The report's unit first ("Đảng ủy" of a commune report), then the units above it
        # ("UBND tỉnh" in the same report is its province's).
        unit = gazetteer.get(context) if context in gazetteer else None
        for u in (context, *(a.id for a in gazetteer.ancestors(unit))) if unit else (context,):
            placed = identify(name, kind, str(u), vocabulary, gazetteer)
            # A bare "Công an" is not guessed, but "Công an tỉnh" says whose it is.
            if of_a_unit(placed) or (placed.family is not None
                                     and not _bare(name, kind, vocabulary)):
                return placed
    return body


def official_name(name: str, kind: str | None, vocabulary: Any) -> Any:
    """The official name (``official-names.ttl``) of kind ``kind`` that ``name`` opens with,
    the longest; None when there is none.

    >>> from orggraph.vocab import load_vocabulary
    >>> official_name("Đài PT-TH Đà Nẵng", "bao", load_vocabulary()).pref_vi
    'Đài Phát thanh - Truyền hình'
    """
    best, size = None, 0
    for concept in vocabulary.official_names.values():
        if concept.ref("kind") != kind:
            continue
        for label in concept.labels:
            n = len(label.split())
            if n > size and _strip(name, [label]) is not None:
                best, size = concept, n
    return best


def _province_in_name(name: str, kind: str, context: str | None, vocabulary: Any,
                      gazetteer: Any) -> str | None:
    """The province a body of a kind whose name includes its place is named after: the
    name is the kind's (or one of its official names') label and a province, nothing else
    ("Báo Long An", "Đài PT-TH Đà Nẵng"; not "Báo Tuổi trẻ Thành phố Hồ Chí Minh"). Of the
    context's era; with no context, the province both eras share, or the only one."""
    concept = vocabulary.org_kinds.get(kind)
    if concept is None or not concept.flag("nameIncludesPlace"):
        return None
    official = official_name(name, kind, vocabulary)
    rest = _strip(name, official.labels if official is not None else concept.labels)
    if not rest:
        return None
    era = context.split("/", 1)[0] if context else None
    try:
        units = gazetteer.find(rest, level="province", era=era)
    except (ValueError, KeyError):
        return None
    stable = {stable_unit(gazetteer, u.id) for u in units}
    return str(stable.pop()) if len(stable) == 1 else None


def _bare(name: str, kind: str, vocabulary: Any) -> bool:
    """Is ``name`` just a label of ``kind``, with no level word or place after it?"""
    concept = vocabulary.org_kinds.get(kind)
    return concept is None or any(key(name) == key(label) for label in concept.labels)


def _units_named(rest: str, gazetteer: Any, context: str | None) -> list[str]:
    """The units ``rest`` names, of the context's era when there is a context."""
    era = context.split("/", 1)[0] if context else None
    try:
        return sorted(u.id for u in gazetteer.find(rest, era=era))
    except (ValueError, KeyError):
        return []

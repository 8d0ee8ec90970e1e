"""The July 2025 restructuring: validity intervals and successor events, from the gazetteer.

On 2025-07-01 the districts were abolished, 63 provinces became 34 and 10,035 communes became
3,321 (``orggraph.gazetteer``, the ``vietnamadminunits`` old → new map). A unit the reform
left as it was (:func:`orggraph.bodies.unchanged`) keeps one node and no interval. Every other
unit, and every territorial body of it (cấp ủy, đảng bộ, UBND, HĐND …), gets:

- an interval (``time:hasTime``): pre2025 units and bodies end on 2025-06-30, 2025 ones begin
  on 2025-07-01;
- an ``org:ChangeEvent`` per new body (one per family and new unit): ``org:originalOrganization``
  the bodies of the units merged into it, ``org:resultingOrganization`` the new body (which
  ``org:resultedFrom`` the event; the old ones were ``org:changedBy`` it); the event
  ``prov:used`` the old units and ``prov:generated`` the new one. A district body's event has
  originals only: the district was dissolved, its work split between commune and province.

:func:`counterparts` gives, for the bodies of a corpus, the bodies on the other side of the
reform, so that the hierarchy places them too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from pyoxigraph import Literal, NamedNode

from orggraph import bodies as b
from orggraph.bodies import Body
from orggraph.gazetteer import REFORM_DATE
from orggraph.rdf import iris
from orggraph.rdf.mapping import class_closure
from orggraph.rdf.namespaces import OG, OGD, ORG, PROV, SCHEMA, TIME, XSD, A

LAST_OLD_DAY = "2025-06-30"
RULE = "reform-2025"


# The Party and state bodies every unit has; the reform's events are about these.
FAMILIES = b.CONTEXT_FAMILIES | {"cong-an"}


def _changed(body: Body, gazetteer: Any) -> Any:
    """The unit of a territorial body the reform changed, else None."""
    if body.family not in FAMILIES or body.place is None or body.place not in gazetteer:
        return None
    if b.unchanged(gazetteer, body.place):
        return None
    return gazetteer.get(body.place)


def successors(body: Body, vocabulary: Any, gazetteer: Any) -> list[Body]:
    """The 2025 bodies a pre2025 territorial body went into (none for a district's)."""
    unit = _changed(body, gazetteer)
    if unit is None or unit.era != "pre2025" or unit.level == "district":
        return []
    fam = str(body.family)
    return [b.territorial(fam, u.id, vocabulary, gazetteer) for u in gazetteer.successors(unit)]


def predecessors(body: Body, vocabulary: Any, gazetteer: Any) -> list[Body]:
    """The pre2025 bodies of the units merged into a 2025 body's unit."""
    unit = _changed(body, gazetteer)
    if unit is None or unit.era != "2025":
        return []
    fam = str(body.family)
    return [b.territorial(fam, u.id, vocabulary, gazetteer)
            for u in gazetteer.predecessors(unit)]


def counterparts(bodies: Iterable[Body], vocabulary: Any, gazetteer: Any) -> list[Body]:
    """The bodies on the other side of the reform of a corpus's bodies, by key."""
    out: dict[str, Body] = {}
    for body in bodies:
        for other in (*successors(body, vocabulary, gazetteer),
                      *predecessors(body, vocabulary, gazetteer)):
            out.setdefault(other.key, other)
    return [out[k] for k in sorted(out)]


def _event_iri(fam: str, unit_id: str) -> NamedNode:
    h = hashlib.sha1(f"{RULE}\x1f{fam}\x1f{unit_id}".encode()).hexdigest()[:10]
    return OGD(f"change-event/{RULE}/{unit_id.replace('/', '-')}-{fam}-{h}")


def _interval(node: NamedNode, start: str | None, end: str | None, out: list) -> None:
    during = NamedNode(node.value + "#valid")
    out.append((node, TIME("hasTime"), during))
    out.append((during, A, TIME("Interval")))
    for prop, suffix, value in (("hasBeginning", "#valid-start", start),
                                ("hasEnd", "#valid-end", end)):
        if value is not None:
            instant = NamedNode(node.value + suffix)
            out.append((during, TIME(prop), instant))
            out.append((instant, A, TIME("Instant")))
            out.append((instant, TIME("inXSDDate"), Literal(value, datatype=XSD("date"))))


def triples(bodies: Iterable[Body], vocabulary: Any, gazetteer: Any
            ) -> tuple[list[tuple], list[Body]]:
    """Intervals of the changed units and bodies, and the change events (see module doc);
    and the bodies the events name, for the caller to describe."""
    out: list[tuple] = []
    events: dict[tuple[str, str], tuple[set[str], set[str]]] = {}  # → (old keys, new keys)
    by_key: dict[str, Body] = {}
    for body in bodies:
        unit = _changed(body, gazetteer)
        if unit is None:
            continue
        by_key[body.key] = body
        node, place = b.body_iri(body), iris.place_iri(unit.id)
        old = unit.era == "pre2025"
        for n in (node, place):
            _interval(n, None if old else REFORM_DATE, LAST_OLD_DAY if old else None, out)
        fam = str(body.family)
        if old:
            after = successors(body, vocabulary, gazetteer)
            if not after:  # a district's body: dissolved
                events.setdefault((fam, unit.id), (set(), set()))[0].add(body.key)
            for new in after:
                by_key.setdefault(new.key, new)
                slot = events.setdefault((fam, str(new.place)), (set(), set()))
                slot[0].add(body.key)
                slot[1].add(new.key)
        else:
            slot = events.setdefault((fam, unit.id), (set(), set()))
            slot[1].add(body.key)
            for prev in predecessors(body, vocabulary, gazetteer):
                by_key.setdefault(prev.key, prev)
                slot[0].add(prev.key)
    for (fam, unit_id), (old_keys, new_keys) in sorted(events.items()):
        event = _event_iri(fam, unit_id)
        for c in class_closure(ORG("ChangeEvent").value):
            out.append((event, A, NamedNode(c)))
        out.append((event, A, PROV("Activity")))
        out.append((event, SCHEMA("startDate"), Literal(REFORM_DATE, datatype=XSD("date"))))
        out.append((event, OG("rule"), Literal(RULE)))
        # the bodies before (their units used) and after (their units generated)
        for keys, side, back, unit in ((old_keys, "originalOrganization", "changedBy", "used"),
                                       (new_keys, "resultingOrganization", "resultedFrom",
                                        "generated")):
            for k in sorted(keys):
                node = b.body_iri(by_key[k])
                out.append((event, ORG(side), node))
                out.append((node, ORG(back), event))
                if by_key[k].place:
                    out.append((event, PROV(unit), iris.place_iri(str(by_key[k].place))))
    return out, [by_key[k] for k in sorted(by_key)]

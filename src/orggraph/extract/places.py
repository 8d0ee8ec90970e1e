"""Resolving organisations to places: explicit names, else the article's context.

A bare "Bí thư Huyện ủy" refers to the district most recently named in the article (or, failing
that, named anywhere in it, headline first); a district named without its province fixes the
province, and the article's date picks the pre- or post-July-2025 units.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import product

from orggraph.gazetteer import Gazetteer, Unit
from orggraph.text import key

# Our levels → the gazetteer's. "city" (Thành ủy, thành phố) is a province-level city or a
# district-level one; try both.
_LEVELS = {"province": ("province",), "city": ("province", "district"),
           "district": ("district",), "commune": ("commune",)}
# levels whose body names fix the unit's type (Tỉnh ủy, Huyện ủy, Quận ủy, Thị ủy); a commune's
# Đảng ủy serves a xã, phường or thị trấn alike
_TYPED = ("province", "district")


def _spelling(name: str) -> str:
    """A name with case, spaces and dashes ignored: the same name however it is spelled."""
    return re.sub(r"[\s\-–—]+", "", key(name))


@dataclass
class _Series:
    """Units in the order of their positions in the text, for "the last one before"."""

    positions: list[int] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)

    def add(self, pos: int, unit: Unit) -> None:
        k = bisect_right(self.positions, pos)  # named in reading order: mostly an append
        self.positions.insert(k, pos)
        self.units.insert(k, unit)

    def last_before(self, pos: int) -> Unit | None:
        k = bisect_right(self.positions, pos)
        return self.units[k - 1] if k else None


class PlaceContext:
    """The places an article names, in order, for resolving bodies named without one.

    Each named unit is filed once under every view a question can take (any or its own
    type, any or its own era): a question is then answered by a look-up and a bisection, so
    the work stays linear in the article's length.
    """

    def __init__(self, gazetteer: Gazetteer, era: str | None,
                 cache: dict | None = None):
        self.gaz = gazetteer
        self.era = era
        self.mentions: list[tuple[int, Unit]] = []
        # unit id → its name as the article first wrote it ("Bà Rịa-Vũng Tàu", where the
        # gazetteer has "Bà Rịa - Vũng Tàu"): bodies are named as the report names them
        self.written: dict[str, str] = {}
        # level → (unit type, name as written) of units named that the gazetteer cannot tell
        # apart ("xã Vĩnh Lộc": several provinces have one)
        self._unplaced: dict[str, set[tuple[str, str]]] = {}
        self._anchors: set[str] = set()  # ids of the units named and their ancestors
        # (type or None, era or None, what) → units: what is ("level", level) or ("city",)
        # the views being (any type or the unit's, any era or the unit's)
        self._series: dict[tuple, _Series] = {}
        self._views: set[tuple[str | None, str | None]] = set()  # the views any unit is in
        # (type or None, era or None, level) → (position, the ancestor at that level of the
        # first unit named that has one): "huyện X" fixes its province
        self._ancestor: dict[tuple, tuple[int, Unit]] = {}
        self._cache = cache if cache is not None else {}  # gazetteer look-ups, shareable

    def _find(self, name: str, level: str, era: str | None) -> list[Unit]:
        key = (name, level, era)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self.gaz.find(name, level=level, era=era)
        return found

    def lookup(self, name: str, level: str, pos: int | None = None, *,
               era: str | None = None, written: str | None = None) -> Unit | None:
        """The unit called ``name`` at ``level``, preferring ones inside places already named;
        ``era`` overrides the article's ("Tỉnh ủy Thái Bình (cũ)" is a pre-2025 body).
        With ``pos``, the unit is recorded as named there, as ``written``."""
        best: Unit | None = None
        era = era or self.era
        for glevel in _LEVELS.get(level, ()):
            candidates = self._find(name, glevel, era)
            if not candidates and era:
                candidates = self._find(name, glevel, None)
            if not candidates:
                continue
            inside = [c for c in candidates
                      if any(a.id in self._anchors for a in self.gaz.ancestors(c))]
            if not inside and len(candidates) > 1:
                return None  # "xã Tân Lập" with nothing around it: many; better none than a guess
            best = (inside or candidates)[0]
            break
        if best is not None and pos is not None:
            self.add(pos, best, written)
        return best

    def add(self, pos: int, unit: Unit, written: str | None = None) -> None:
        self.mentions.append((pos, unit))
        if written and _spelling(written) == _spelling(unit.name):
            self.written.setdefault(unit.id, written)  # not a short or former name
        ancestors = self.gaz.ancestors(unit)
        self._anchors.add(unit.id)
        self._anchors.update(a.id for a in ancestors)
        for view in product((None, unit.type), (None, unit.era)):
            self._series.setdefault((*view, "level", unit.level), _Series()).add(pos, unit)
            if unit.type == "thành phố":
                self._series.setdefault((*view, "city"), _Series()).add(pos, unit)
            self._views.add(view)
            for anc in ancestors:
                known = self._ancestor.get((*view, anc.level))
                if known is None or pos < known[0]:
                    self._ancestor[(*view, anc.level)] = (pos, anc)

    def add_unplaced(self, level: str, unit_type: str, written: str) -> None:
        """Note a unit named ("xã Vĩnh Lộc") that no single gazetteer unit answers."""
        self._unplaced.setdefault(level, set()).add((unit_type, written))

    def unplaced(self, level: str) -> tuple[str, str] | None:
        """(unit type, name) of the one unit of ``level`` the article names without a place
        found for it, when it names no other of that level: a bare "Đảng ủy xã" is then
        that xã's, though where the xã lies is unknown."""
        named = self._unplaced.get(level, set())
        if len(named) != 1 or self._series.get((None, None, "level", level)) is not None:
            return None
        return next(iter(named))

    def resolve(self, level: str, pos: int, unit_type: str | None = None) -> Unit | None:
        """The unit of ``level`` most recently named before ``pos``, else the first named.

        Units of the article's era come first: "sau hợp nhất hai tỉnh A và B" names the
        pre-merger provinces too, and the body meant is the current one. With ``unit_type``
        ("tỉnh"), units of that type come first: a Tỉnh ủy is a tỉnh's, not a city's.
        """
        kind = unit_type if (unit_type, None) in self._views else None
        eras = [self.era, None] if self.era and (kind, self.era) in self._views else [None]
        for era in eras:
            unit = self._resolve((kind, era), level, pos)
            if unit is not None:
                # a Tỉnh ủy is no thành phố's, a Huyện ủy no thị xã's: of another type, none
                typed = unit_type is None or level not in _TYPED or unit.type == unit_type
                return unit if typed else None
        return None

    def _resolve(self, view: tuple[str | None, str | None], level: str, pos: int
                 ) -> Unit | None:
        if level == "city":  # a Thành ủy: the city named, whether province- or district-level
            cities = self._series.get((*view, "city"))
            if cities is not None:
                return cities.last_before(pos) or cities.units[0]
        for glevel in _LEVELS.get(level, ()):
            named = self._series.get((*view, "level", glevel))
            if named is not None:
                return named.last_before(pos) or named.units[0]
            # a lower unit fixes the higher one ("huyện X" → its province)
            fixed = self._ancestor.get((*view, glevel))
            if fixed is not None:
                return fixed[1]
        return None

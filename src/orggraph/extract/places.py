"""Resolving organisations to places: explicit names, else the article's context.

A bare "Bí thư Huyện ủy" refers to the district most recently named in the article (or, failing
that, named anywhere in it, headline first); a district named without its province fixes the
province, and the article's date picks the pre- or post-July-2025 units.
"""

from __future__ import annotations

from orggraph.gazetteer import Gazetteer, Unit

# Our levels → the gazetteer's. "city" (Thành ủy, thành phố) is a province-level city or a
# district-level one; try both.
_LEVELS = {"province": ("province",), "city": ("province", "district"),
           "district": ("district",), "commune": ("commune",)}


class PlaceContext:
    """The places an article names, in order, for resolving bodies named without one."""

    def __init__(self, gazetteer: Gazetteer, era: str | None,
                 cache: dict | None = None):
        self.gaz = gazetteer
        self.era = era
        self.mentions: list[tuple[int, Unit]] = []
        self._anchors: set[str] = set()  # ids of the units named and their ancestors
        self._cache = cache if cache is not None else {}  # gazetteer look-ups, shareable

    def _find(self, name: str, level: str, era: str | None) -> list[Unit]:
        key = (name, level, era)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self.gaz.find(name, level=level, era=era)
        return found

    def lookup(self, name: str, level: str, pos: int | None = None, *,
               era: str | None = None) -> Unit | None:
        """The unit called ``name`` at ``level``, preferring ones inside places already named;
        ``era`` overrides the article's ("Tỉnh ủy Thái Bình (cũ)" is a pre-2025 body)."""
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
            self.add(pos, best)
        return best

    def add(self, pos: int, unit: Unit) -> None:
        self.mentions.append((pos, unit))
        self._anchors.add(unit.id)
        self._anchors.update(a.id for a in self.gaz.ancestors(unit))

    def resolve(self, level: str, pos: int, unit_type: str | None = None) -> Unit | None:
        """The unit of ``level`` most recently named before ``pos``, else the first named.

        Units of the article's era come first: "sau hợp nhất hai tỉnh A và B" names the
        pre-merger provinces too, and the body meant is the current one. With ``unit_type``
        ("tỉnh"), units of that type come first: a Tỉnh ủy is a tỉnh's, not a city's.
        """
        ordered = sorted(self.mentions, key=lambda m: m[0])
        typed = [m for m in ordered if m[1].type == unit_type]
        if typed:
            ordered = typed
        in_era = [m for m in ordered if m[1].era == self.era]
        for mentions in ([in_era, ordered] if self.era and in_era else [ordered]):
            unit = self._resolve(mentions, level, pos)
            if unit is not None:
                return unit
        return None

    def _resolve(self, ordered: list[tuple[int, Unit]], level: str, pos: int) -> Unit | None:
        if level == "city":  # a Thành ủy: the city named, whether province- or district-level
            cities = [m for m in ordered if m[1].type == "thành phố"]
            before = [u for p, u in cities if p <= pos]
            if before or cities:
                return (before or [cities[0][1]])[-1]
        for glevel in _LEVELS.get(level, ()):
            before = [u for p, u in ordered if p <= pos and u.level == glevel]
            if before:
                return before[-1]
            anywhere = [u for _, u in ordered if u.level == glevel]
            if anywhere:
                return anywhere[0]
            # a lower unit fixes the higher one ("huyện X" → its province)
            for _, unit in ordered:
                for anc in self.gaz.ancestors(unit):
                    if anc.level == glevel:
                        return anc
        return None

"""Vietnamese administrative units by name, level and date, with the 2025 old → new links.

The data is the SQLite set and the converter map shipped inside the PyPI package
``vietnamadminunits``: 63 provinces / 696 districts / 10,035 communes before 1 July 2025
(era ``pre2025``) and 34 provinces / 3,321 communes from then on (era ``2025``, no districts).
Nothing is fetched at run time; the package is located without importing it (its import
parses several MB of JSON that we do not need).

>>> gaz = default_gazetteer()
>>> [gaz.full_label(u) for u in gaz.find("huyện Quan Sơn")]
['huyện Quan Sơn, tỉnh Thanh Hóa']
>>> [u.id for u in gaz.find("TP.HCM", era="2025")]
['2025/79']
>>> [u.label for u in gaz.successors(gaz.get("pre2025/02"))]
['tỉnh Tuyên Quang']
>>> Gazetteer.era_for("2025-06-30"), Gazetteer.era_for("2025-07")
('pre2025', '2025')
"""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from orggraph.text import ascii_fold, key, nfc, normalize

ERAS = ("pre2025", "2025")
LEVELS = ("province", "district", "commune")
TYPES = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu")
REFORM_DATE = "2025-07-01"  # communes merged, districts abolished, 63 → 34 provinces
_LEVEL_RANK = {level: i for i, level in enumerate(LEVELS)}

# Leading type words as written in running text, longest first so "thị xã" wins over "xã".
_TYPE_WORDS: dict[str, str] = {t: t for t in TYPES} | {
    "tp": "thành phố", "tp.": "thành phố", "t.p": "thành phố", "t.p.": "thành phố",
    "tx": "thị xã", "tx.": "thị xã", "tt": "thị trấn", "tt.": "thị trấn",
    "q.": "quận", "p.": "phường", "h.": "huyện",
}
# The same words without diacritics, only trusted when the whole query is ASCII
# ("Quan Sơn" is a huyện, not a quận named Sơn).
_ASCII_TYPE_WORDS = {ascii_fold(t): t for t in TYPES}
_TYPE_PREFIX = re.compile(
    r"^(" + "|".join(re.escape(w) for w in sorted(_TYPE_WORDS, key=len, reverse=True))
    + r")(?:(?<=\.)\s*|\s+)(?=\S)"
)
_ASCII_TYPE_PREFIX = re.compile(
    r"^(" + "|".join(re.escape(w) for w in sorted(_ASCII_TYPE_WORDS, key=len, reverse=True))
    + r")\s+(?=\S)"
)
# Former province names the package lacks but the press still uses: name → (code, former
# type). They resolve in both eras.
_FORMER_PROVINCE_NAMES = {"Thừa Thiên Huế": ("46", "tỉnh")}
_DASHES = re.compile(r"\s*[-‐‑‒–—]\s*")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_EDGE_PUNCT = " \t\n.,;:!?\"()[]{}«»“”"
_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")  # "Yên Viên (Thị trấn)": the package's disambiguator
_COUNTRY = {"việt nam", "viet nam", "vietnam"}


@dataclass(frozen=True)
class Unit:
    """One administrative unit of one era.

    >>> Unit("pre2025/387", "Quan Sơn", "huyện", "district", "pre2025", "pre2025/38").label
    'huyện Quan Sơn'
    >>> Unit("pre2025/760", "Quận 1", "quận", "district", "pre2025", "pre2025/79").label
    'quận 1'
    """

    id: str
    name: str
    type: str
    level: str
    era: str
    parent: str | None

    @property
    def code(self) -> str:
        """The GSO code: 2 digits for a province, 3 for a district, 5 for a commune."""
        return self.id.split("/", 1)[1]

    @property
    def label(self) -> str:
        """Lower-case type word and name; numbered units read "quận 1", not "quận Quận 1"."""
        rest = self.name[len(self.type):].strip()
        if self.name.lower().startswith(self.type + " ") and rest.isdigit():
            return f"{self.type} {rest}"
        return f"{self.type} {self.name}"


def _mkey(text: str) -> str:
    """The match key: normalised and lower case like :func:`orggraph.text.key`, dashes and
    apostrophes unified, edge punctuation dropped, but no honorifics stripped ("Bà Rịa").

    >>> _mkey("Bà Rịa – Vũng Tàu.") == _mkey("bà rịa-vũng tàu")
    True
    """
    text = _DASHES.sub(" ", normalize(text).lower().translate(_QUOTES))
    return " ".join(text.strip(_EDGE_PUNCT).split())


def _akey(text: str) -> str:
    """The package's keyword form: ASCII, lower case, no spaces or punctuation."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text))


def _short(name: str) -> str:
    return nfc(_SUFFIX.sub("", name)).strip()


_TYPES_LONGEST_FIRST = tuple(sorted(TYPES, key=len, reverse=True))


def _type_of(full: str, fallback: str | None) -> str:
    """The type word that opens the full name (more reliable than the type column)."""
    low = full.lower()
    for word in _TYPES_LONGEST_FIRST:
        if low.startswith(word + " "):
            return word
    low = nfc(low)  # the package's text is NFC; this is only for safety
    return next((w for w in _TYPES_LONGEST_FIRST if low.startswith(w + " ")),
                nfc(fallback or "").lower())


def _data_dir() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the vietnamadminunits package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@dataclass(frozen=True)
class _Tables:
    """Everything the loader builds; the Gazetteer only reads it."""

    units: dict[str, Unit] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    by_name: dict[str, set[str]] = field(default_factory=dict)      # _mkey(short name) → ids
    former: dict[str, dict[str, str]] = field(default_factory=dict)  # _mkey → {id: old type}
    by_alias: dict[str, set[str]] = field(default_factory=dict)     # package aliases, ASCII
    keywords: list[tuple[str, str]] = field(default_factory=list)   # (JSON list, id), lazily
    successors: dict[str, set[str]] = field(default_factory=dict)
    predecessors: dict[str, set[str]] = field(default_factory=dict)
    main_successor: dict[str, str] = field(default_factory=dict)
    _memo: dict[str, tuple[str, str]] = field(default_factory=dict)  # raw → (name, match key)

    def add(self, unit_id: str, raw_name: str, type_: str, level: str, parent: str | None) -> None:
        """Add a unit; names repeat a lot, so their normalisation is memoised."""
        if unit_id in self.units:
            return
        if raw_name not in self._memo:
            name = _short(raw_name)
            self._memo[raw_name] = (name, _mkey(name))
        name, mkey = self._memo[raw_name]
        era = unit_id.split("/", 1)[0]
        self.units[unit_id] = Unit(unit_id, name, type_, level, era, parent)
        if parent:
            self.children.setdefault(parent, []).append(unit_id)
        self.by_name.setdefault(mkey, set()).add(unit_id)

    def index(self, table: dict[str, set[str]], raw: str | None, unit_id: str) -> None:
        """Index the package's JSON list of ASCII keywords or aliases."""
        for word in json.loads(raw) if raw else ():
            if word:
                table.setdefault(word, set()).add(unit_id)

    def link(self, old: str, new: str, *, main: bool = False) -> None:
        self.successors.setdefault(old, set()).add(new)
        self.predecessors.setdefault(new, set()).add(old)
        if main:
            self.main_successor[old] = new


class _Legacy(NamedTuple):
    provinceCode: str
    province: str
    provinceShort: str
    provinceKey: str
    provinceAlias: str | None
    provinceKeywords: str | None
    districtCode: str
    district: str
    districtShort: str
    districtType: str
    districtKey: str
    districtAlias: str | None
    districtKeywords: str | None
    wardCode: str | None
    ward: str | None
    wardShort: str | None
    wardType: str | None
    wardKey: str | None
    wardAlias: str | None
    wardKeywords: str | None


class _New(NamedTuple):
    provinceCode: str
    province: str
    provinceShort: str
    provinceKey: str
    provinceAlias: str | None
    provinceKeywords: str | None
    wardCode: str
    ward: str
    wardShort: str
    wardType: str
    wardKey: str
    wardAlias: str | None
    wardKeywords: str | None


def _select(table: str, row: type[NamedTuple], order: str) -> str:
    return f"SELECT {', '.join(row._fields)} FROM {table} ORDER BY {order}"


def _province(t: _Tables, era: str, row: _Legacy | _New) -> str:
    pid = f"{era}/{row.provinceCode}"
    if pid not in t.units:
        t.add(pid, row.provinceShort, _type_of(row.province, None), "province", None)
        for name, (code, old_type) in _FORMER_PROVINCE_NAMES.items():
            if code == row.provinceCode:
                t.former.setdefault(_mkey(name), {})[pid] = old_type
        t.index(t.by_alias, row.provinceAlias, pid)
        t.keywords.append((row.provinceKeywords or "[]", pid))
    return pid


def _commune(t: _Tables, era: str, row: _Legacy | _New, parent: str) -> str:
    cid = f"{era}/{row.wardCode}"
    t.add(cid, row.wardShort or "", _type_of(row.ward or "", row.wardType), "commune", parent)
    t.index(t.by_alias, row.wardAlias, cid)
    t.keywords.append((row.wardKeywords or "[]", cid))
    return cid


def _load_tables(data: Path) -> _Tables:
    t = _Tables()
    old_keys: dict[str, str] = {}  # "province_district_ward" package keys → ids
    new_keys: dict[str, str] = {}  # "province_ward" package keys → ids
    uri = f"file:{data / 'dataset.db'}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        # Ordered by codes so that children lists come out sorted without a second pass.
        legacy = conn.execute(_select("admin_units_legacy", _Legacy,
                                      "provinceCode, districtCode, wardCode"))
        for row in map(_Legacy._make, legacy):
            pid = _province(t, "pre2025", row)
            old_keys[row.provinceKey] = pid
            did = f"pre2025/{row.districtCode}"
            if did not in t.units:
                t.add(did, row.districtShort, _type_of(row.district, row.districtType),
                      "district", pid)
                t.index(t.by_alias, row.districtAlias, did)
                t.keywords.append((row.districtKeywords or "[]", did))
            old_keys[f"{row.provinceKey}_{row.districtKey}_"] = did  # island districts
            if row.wardCode:
                cid = _commune(t, "pre2025", row, did)
                old_keys[f"{row.provinceKey}_{row.districtKey}_{row.wardKey}"] = cid
        new = conn.execute(_select("admin_units", _New, "provinceCode, wardCode"))
        for new_row in map(_New._make, new):
            pid = _province(t, "2025", new_row)
            new_keys[new_row.provinceKey] = pid
            new_keys[f"{new_row.provinceKey}_{new_row.wardKey}"] = _commune(t, "2025", new_row, pid)
    with open(data / "converter_2025.json", encoding="utf-8") as f:
        conv = json.load(f)
    for new_p, olds in conv["DICT_PROVINCE"].items():
        for old_p in olds:
            t.link(old_keys[old_p], new_keys[new_p], main=True)
    for new_p, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_w, olds in wards.items():
            for old in olds:
                t.link(old_keys[old], new_keys[f"{new_p}_{new_w}"], main=True)
    for new_p, divided in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in divided.items():
            for part in parts:
                new_id = new_keys[f"{new_p}_{part['newWardKey']}"]
                t.link(old_keys[old], new_id, main=bool(part["isDefaultNewWard"]))
    return t


def _sort_key(unit: Unit) -> tuple[int, str]:
    return (_LEVEL_RANK[unit.level], unit.id)


class Gazetteer:
    """Read-only lookups over both eras of Vietnamese administrative units.

    >>> gaz = default_gazetteer()
    >>> u = gaz.find("Trung Xuân", era="pre2025", within="pre2025/387")[0]
    >>> gaz.full_label(u)
    'xã Trung Xuân, huyện Quan Sơn, tỉnh Thanh Hóa'
    """

    def __init__(self, tables: _Tables) -> None:
        self._t = tables
        # is_name() receives orggraph.text.key() output, which strips a leading "bà"/"ông"
        # (honorifics) even from "Bà Rịa": accept that form too.
        names = {*tables.by_name, *tables.former}
        stripped = {key(n) for n in names if n.startswith(("bà ", "ông ", "đồng chí ", "đ/c "))}
        self._names = frozenset(names | stripped)

    @functools.cached_property
    def _by_keyword(self) -> dict[str, set[str]]:
        """Every package keyword (ASCII forms of names, aliases, spelling variants) → ids.

        Built on the first query without diacritics: most runs never need it.
        """
        table: dict[str, set[str]] = {}
        for raw, unit_id in self._t.keywords:
            for word in json.loads(raw):
                table.setdefault(word, set()).add(unit_id)
        return table

    @classmethod
    def load(cls) -> Gazetteer:
        """Build from the data files of the installed ``vietnamadminunits`` package."""
        return cls(_load_tables(_data_dir()))

    # -- single units -------------------------------------------------------------------
    def get(self, unit_id: str) -> Unit:
        """The unit with this id; KeyError naming the id if there is none."""
        try:
            return self._t.units[unit_id]
        except KeyError:
            raise KeyError(f"unknown administrative unit id: {unit_id!r}") from None

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._t.units

    def __len__(self) -> int:
        return len(self._t.units)

    def units(self, *, era: str | None = None, level: str | None = None) -> Iterator[Unit]:
        """All units, optionally of one era and/or level, in find() order."""
        _check(level=level, era=era)
        found = (u for u in self._t.units.values()
                 if (era is None or u.era == era) and (level is None or u.level == level))
        return iter(sorted(found, key=_sort_key))

    @functools.cached_property
    def _by_ascii(self) -> dict[tuple[str, str], list[str]]:
        """(level, name folded to ASCII without spaces) → ids, for web addresses."""
        table: dict[tuple[str, str], list[str]] = {}
        for unit in self._t.units.values():
            if unit.level in ("province", "district"):
                table.setdefault((unit.level, _akey(unit.name)), []).append(unit.id)
        return table

    def by_ascii(self, word: str, *, level: str, era: str | None = None,
                 within: Unit | None = None) -> list[Unit]:
        """Provinces or districts whose name, folded to ASCII without spaces, is ``word``:
        how local outlets spell their place in a web address ("thanhhoa", "hauloc").

        >>> [default_gazetteer().full_label(u) for u in default_gazetteer().by_ascii(
        ...     "hauloc", level="district")]
        ['huyện Hậu Lộc, tỉnh Thanh Hóa']
        """
        _check(level=level, era=era)
        found = [self._t.units[i] for i in self._by_ascii.get((level, word), ())]
        return sorted((u for u in found if (era is None or u.era == era) and (
            within is None or u.parent == within.id)), key=_sort_key)

    def is_name(self, key: str) -> bool:
        """Is this normalised short name (``orggraph.text.key``) the name of any unit?

        >>> default_gazetteer().is_name("lang chánh"), default_gazetteer().is_name("huyện ủy")
        (True, False)
        """
        return key in self._names or _mkey(key) in self._names

    # -- dates ----------------------------------------------------------------------------
    @staticmethod
    def era_for(date: str | None) -> str | None:
        """The era in force on an ISO date or partial date ("2024-03-26", "2025-07", "2024").

        A bare "2025" straddles the reform and gives None, as does None: search both eras.

        >>> [Gazetteer.era_for(d) for d in ("2024", "2025-06", "2025-07-01", "2025", None)]
        ['pre2025', 'pre2025', '2025', None, None]
        """
        if date is None:
            return None
        text = str(date).strip()
        m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|[T ])", text)
        if not m:
            raise ValueError(f"not an ISO date or partial date: {date!r}")
        year, month, day = m.groups()
        if year != "2025":
            return "pre2025" if year < "2025" else "2025"
        if month is None:
            return None
        # A month is on one side of the 1st as a whole, so its first day decides.
        return "pre2025" if f"{year}-{month}-{day or '01'}" < REFORM_DATE else "2025"

    # -- search -----------------------------------------------------------------------------
    def find(self, name: str, *, level: str | None = None, types: Iterable[str] | None = None,
             era: str | None = None, within: str | None = None) -> list[Unit]:
        """Every unit that ``name`` can denote, in (level, id) order.

        ``name`` may open with a type word ("huyện", "TP", "TP.", "thị xã", ...) which then
        must agree with the unit's type; case, NFC/NFD and tone placement do not matter. A
        comma-separated path ("xã X, huyện Y, tỉnh Z", i.e. a :meth:`full_label`) is resolved
        from the right, each part within the previous one. When no unit has the name, the
        package's aliases (former names of merged units, "hcm", "q1") are tried; a query
        without any diacritics may also match names by their ASCII form.

        >>> gaz = default_gazetteer()
        >>> [u.id for u in gaz.find("Thanh Hoá", level="province")]
        ['2025/38', 'pre2025/38']
        """
        _check(level=level, era=era)
        if within is not None:
            self.get(within)
        wanted = None if types is None else {_mkey(t) for t in types}
        parts = [p for p in (name or "").split(",") if _mkey(p)]
        if len(parts) > 1 and _mkey(parts[-1]) in _COUNTRY:
            parts.pop()
        if not parts:
            return []
        scopes: list[str | None] = [within]
        for part in reversed(parts[1:]):
            scopes = [*sorted({u.id for s in scopes for u in self._find_one(part, era, s)})]
            if not scopes:
                return []
        found = {u.id: u for s in scopes for u in self._find_one(parts[0], era, s)}
        return sorted(
            (u for u in found.values() if (level is None or u.level == level)
             and (wanted is None or u.type in wanted)),
            key=_sort_key)

    def _find_one(self, text: str, era: str | None, within: str | None) -> list[Unit]:
        k = _mkey(text)
        is_ascii = k.isascii()
        type_word, rest = None, k
        m = (_ASCII_TYPE_PREFIX if is_ascii else _TYPE_PREFIX).match(k)
        if m is None and is_ascii:
            m = _TYPE_PREFIX.match(k)  # "tp hcm", "q. 1"
        if m:
            word = m.group(1)
            type_word = _ASCII_TYPE_WORDS.get(word) or _TYPE_WORDS[word]
            rest = k[m.end():]

        def keep(ids: Iterable[str], typed: bool) -> list[Unit]:
            units = (self._t.units[i] for i in ids)
            return [u for u in units if self._fits(u, era, within)
                    and (not typed or u.type == type_word)]

        # The whole text as a name ("Quận 1", "Phường 7"), then the name after its type word.
        hits = keep(self._t.by_name.get(k, ()), typed=False)
        if type_word:
            if rest.isascii() and rest.isdigit():
                rest = f"{type_word} {int(rest)}"
            hits += keep(self._t.by_name.get(rest, ()), typed=True)
        for name, typed in ((k, False), (rest, True)):
            former = self._t.former.get(name, {})
            hits += [u for u in keep(former, typed=False)
                     if not typed or type_word in (u.type, former[u.id])]
        if hits:
            return hits
        # Fallback: package aliases in their ASCII keyword form; typed aliases ("huyendongson")
        # carry their own type, bare ones must agree with the query's type word.
        aliases = self._by_keyword if is_ascii else self._t.by_alias
        full = _akey(k)
        hits = keep(aliases.get(full, ()), typed=False)
        if type_word:
            hits += keep(aliases.get(_akey(rest), ()), typed=True)
        if not hits and full.startswith("tp"):
            hits = keep(aliases.get(full[2:], ()), typed=False)  # "TPHCM"
        return hits

    def _fits(self, unit: Unit, era: str | None, within: str | None) -> bool:
        if era is not None and unit.era != era:
            return False
        if within is None:
            return True
        parent = unit.parent
        while parent is not None:
            if parent == within:
                return True
            parent = self._t.units[parent].parent
        return False

    # -- hierarchy --------------------------------------------------------------------------
    def ancestors(self, unit: Unit) -> list[Unit]:
        """Containing units, nearest first."""
        out: list[Unit] = []
        parent = unit.parent
        while parent is not None:
            out.append(self._t.units[parent])
            parent = out[-1].parent
        return out

    def children(self, unit: Unit) -> list[Unit]:
        """Directly contained units, by id."""
        return [self._t.units[i] for i in self._t.children.get(unit.id, ())]

    def full_label(self, unit: Unit) -> str:
        """The unit's label followed by its ancestors': "xã X, huyện Y, tỉnh Z"."""
        return ", ".join(u.label for u in (unit, *self.ancestors(unit)))

    # -- 2025 reform ------------------------------------------------------------------------
    def successors(self, unit: Unit) -> list[Unit]:
        """The 2025 unit(s) a pre2025 unit went into; a district's are its communes'.

        A commune split between several new communes has them all (see
        :meth:`main_successor` for the package's default one). 2025 units have none.
        """
        ids = set(self._t.successors.get(unit.id, ()))
        if unit.level == "district":
            for child in self._t.children.get(unit.id, ()):
                ids |= self._t.successors.get(child, set())
        return sorted((self._t.units[i] for i in ids), key=_sort_key)

    def main_successor(self, unit: Unit) -> Unit | None:
        """The one 2025 unit a pre2025 province, commune or commune-less island district maps
        to by default (for a split commune, the package's default part); None otherwise."""
        new = self._t.main_successor.get(unit.id)
        return None if new is None else self._t.units[new]

    def predecessors(self, unit: Unit) -> list[Unit]:
        """The pre2025 units of the same level that went into a 2025 unit.

        A 2025 đặc khu made from an island district without communes has that district.
        """
        ids = self._t.predecessors.get(unit.id, ())
        return sorted((self._t.units[i] for i in ids), key=_sort_key)


def _check(*, level: str | None, era: str | None) -> None:
    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    if era is not None and era not in ERAS:
        raise ValueError(f"era must be one of {ERAS}, not {era!r}")


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process."""
    return Gazetteer.load()

"""Where a local outlet reports from, read from its web address.

Provincial papers and portals spell their place in the host name, folded to ASCII:
"baothanhhoa.vn" (the province's paper), "hauloc.thanhhoa.gov.vn" (a district's portal under
its province). Such a report names its own province or district only as "tỉnh", "huyện": the
address is then the one place that says which.

>>> from orggraph.gazetteer import default_gazetteer
>>> gaz = default_gazetteer()
>>> [gaz.full_label(u) for u in outlet_places("https://hauloc.thanhhoa.gov.vn/tin/1", gaz,
...                                           "pre2025", ("bao",), ("tv",))]
['tỉnh Thanh Hóa', 'huyện Hậu Lộc, tỉnh Thanh Hóa']
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from orggraph.gazetteer import Gazetteer, Unit


def outlet_places(url: str | None, gazetteer: Gazetteer, era: str | None,
                  prefixes: Iterable[str], suffixes: Iterable[str]) -> list[Unit]:
    """The province, and on a government portal the district, that ``url``'s host names;
    nothing when a label does not name exactly one."""
    try:
        host = (urlsplit(url).hostname or "") if url else ""
    except ValueError:
        return []
    labels = [label for label in host.lower().split(".") if not label.startswith("www")]
    for n, label in enumerate(labels):
        province = _one(gazetteer, _readings(label, prefixes, suffixes), "province", era)
        if province is None:
            continue
        found = [province]
        if n and host.endswith(".gov.vn"):
            district = _one(gazetteer, [labels[n - 1]], "district", None, province)
            found += [district] if district is not None else []
        return found
    return []


def _readings(label: str, prefixes: Iterable[str], suffixes: Iterable[str]) -> list[str]:
    """The label, and the label without an outlet's prefix or suffix ("baothanhhoa")."""
    words = [label]
    words += [label[len(p):] for p in prefixes if label.startswith(p) and len(label) > len(p)]
    words += [label[:-len(s)] for s in suffixes if label.endswith(s) and len(label) > len(s)]
    return words


def _one(gazetteer: Gazetteer, words: list[str], level: str, era: str | None,
         within: Unit | None = None) -> Unit | None:
    for word in words:
        units = gazetteer.by_ascii(word, level=level, era=era, within=within) or (
            gazetteer.by_ascii(word, level=level, within=within) if era else [])
        if len(units) == 1:
            return units[0]
        # the same province in both eras and no era known: the first (the current one)
        if units and len({u.name for u in units}) == 1:
            return units[0]
    return None

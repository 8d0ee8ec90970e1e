"""Scoring extracted facts against gold, as ``docs/facts-format.md`` defines it.

Strings are compared after normalisation (:func:`normalize_name`, :func:`normalize_post`,
:func:`normalize_org`); every metric is micro-averaged over all articles.

>>> gold = Facts(id="a", persons=["Nguyễn Văn An"],
...              holdings=[Holding("Nguyễn Văn An", "Chủ tịch Ủy ban nhân dân huyện",
...                                "Ủy ban nhân dân huyện Yên Hòa", "huyện Yên Hòa")])
>>> pred = Facts(id="a", persons=["ông Nguyễn Văn An"],
...              holdings=[Holding("Nguyễn Văn An", "Chủ tịch UBND huyện Yên Hoà",
...                                "UBND huyện Yên Hòa")])
>>> s = evaluate([pred], [gold])
>>> s.persons.f1, s.holdings.f1, s.organizations
(1.0, 1.0, 1.0)

Decisions the format leaves open:

- persons, holdings and changes are *sets* of keys: a fact repeated in one record counts once.
  Event dates are a multiset, as the format says.
- A null event date counts only when it pairs with a null on the other side (a true positive);
  a null left over on either side is neither a false positive nor a false negative: it claims
  nothing about the date.
- Organisations: a matched (person, post) is right when the normalised organisation of one of
  the predicted holdings with that key equals that of one of the gold holdings with it (two
  missing organisations agree). Accuracy over no matched holdings is 1.0 when no holdings were
  expected or predicted, else 0.0.
- Normalisation goes a little beyond the listed rules, always the same way on both sides:
  upper-case Roman numerals become digits ("khóa XV" = "khóa 15"); a trailing term number
  ("khóa 15", "nhiệm kỳ 2020-2025") is dropped with the trailing number; "Tỉnh ủy tỉnh X" =
  "Tỉnh ủy X"; the cấp-ủy rule covers phường, thị trấn and đặc khu like xã; "Tp"/"TP HCM"
  spellings are read as TP/TP.HCM.
- A gold article with no prediction scores as all-missing; a prediction with no gold is not
  scored and is listed in :attr:`Scores.unscored`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orggraph.facts import Facts, Holding, read_facts
from orggraph.text import key, normalize

__all__ = [
    "PRF", "ArticleScore", "Scores", "evaluate", "evaluate_files", "gold_places",
    "normalize_name", "normalize_org", "normalize_post", "score_article",
]

METRICS = ("persons", "holdings", "organizations", "event_dates", "changes")

# --- normalisation ---------------------------------------------------------------------------

_L = r"[^\W_]"  # a letter or digit: what a whole word must not touch


def _word(pattern: str) -> str:
    return rf"(?<!{_L})(?:{pattern})(?!{_L})"


# Case-sensitive, longest first, so "UBND" is expanded but the word "tư" in "Đầu tư" is not.
_ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"T[Pp]\.?\s?HCM", "thành phố Hồ Chí Minh"),
    (r"UVBTV", "Ủy viên Ban Thường vụ"),
    (r"UVTW", "Ủy viên Trung ương"),
    (r"UBND", "Ủy ban nhân dân"),
    (r"HĐND", "Hội đồng nhân dân"),
    (r"UBKT", "Ủy ban Kiểm tra"),
    (r"MTTQ", "Mặt trận Tổ quốc"),
    (r"ĐBQH", "Đại biểu Quốc hội"),
    (r"BTV", "Ban Thường vụ"),
    (r"BCH", "Ban Chấp hành"),
    (r"HUV", "Huyện ủy viên"),
    (r"TUV", "Tỉnh ủy viên"),
    (r"UV", "Ủy viên"),
    (r"T\.Ư|TƯ|TW", "Trung ương"),
    (r"T[Pp]\.?", "thành phố"),
)
_ABBREVIATION_RES = tuple(
    (re.compile(rf"(?<!{_L}){pattern}(?!{_L})"), full) for pattern, full in _ABBREVIATIONS
)
_ROMAN = re.compile(
    rf"(?<!{_L})(?=[IVXLCDM])M{{0,3}}(CM|CD|D?C{{0,3}})(XC|XL|L?X{{0,3}})(IX|IV|V?I{{0,3}})(?!{_L})"
)
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

# Administrative unit words, longest first so "thị xã" wins over "xã".
_UNITS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")
_UNIT = "|".join(_UNITS)
# The cấp ủy that an executive committee of each unit is ("Ban Chấp hành Đảng bộ tỉnh" = "Tỉnh ủy").
_CAP_UY = {
    "tỉnh": "tỉnh ủy", "thành phố": "thành ủy", "huyện": "huyện ủy", "quận": "quận ủy",
    "thị xã": "thị ủy", "xã": "đảng ủy xã", "phường": "đảng ủy phường",
    "thị trấn": "đảng ủy thị trấn", "đặc khu": "đảng ủy đặc khu",
}
# "Tỉnh ủy tỉnh X" says the unit twice.
_REDUNDANT = {"tỉnh": "tỉnh", "thành": "thành phố", "huyện": "huyện", "quận": "quận",
              "thị": "thị xã"}

# Applied in order to lower-case text; each maps one accepted form onto the canonical one.
_EQUIVALENCES: tuple[tuple[re.Pattern[str], Any], ...] = (
    (re.compile(_word(rf"ban chấp hành đảng bộ ({_UNIT})")), lambda m: _CAP_UY[m.group(1)]),
    (re.compile(_word(r"(tỉnh|thành|huyện|quận|thị) ủy viên")), r"ủy viên \1 ủy"),
    (re.compile(_word("|".join(f"{k} ủy {v}" for k, v in _REDUNDANT.items()))),
     lambda m: m.group().split(" ủy ")[0] + " ủy"),
    (re.compile(_word(r"tổng bí thư ban chấp hành trung ương(?: đảng(?: cộng sản việt nam)?)?")),
     "tổng bí thư"),
    (re.compile(rf"(?<!{_L})ủy viên( dự khuyết)?(?: ban chấp hành)? trung ương(?: đảng(?!{_L})|$)"),
     r"ủy viên\1 trung ương đảng"),
    (re.compile(_word(r"(?:ủy ban )?mặt trận tổ quốc(?: việt nam)?")), "mặt trận tổ quốc"),
)
_HONORIFICS = re.compile(r"^(?:đồng chí|đ/c|ông|bà)\s+")
_EDGE_PUNCT = " \t,;:.-–—/"
_TRAILING_NUMBER = re.compile(
    rf"(?:\s+(?:khóa|nhiệm kỳ|lần thứ|số))?\s+\d+(?:\s*[-–/]\s*\d+)?(?!{_L})$"
)
_DANGLING_UNIT = re.compile(rf"\s*[,;–-]\s*(?:{_UNIT})$")
_UNIT_PREFIX = re.compile(rf"^(?:{_UNIT})\s+")
_PLACE_MARKER = re.compile(_word(rf"(?:tỉnh|thành|huyện|quận|thị) (?:ủy|đoàn)|{_UNIT}"))


def _roman(match: re.Match[str]) -> str:
    digits = [_ROMAN_VALUES[c] for c in match.group()]
    total = sum(-d if i + 1 < len(digits) and d < digits[i + 1] else d
                for i, d in enumerate(digits))
    return str(total)


def _canon(text: str) -> str:
    """What posts and organisations share: NFC, tones, abbreviations, case, equivalences."""
    text = normalize(text).replace("\u00d0", "Đ").replace("\u00f0", "đ")  # eth for đ
    for pattern, full in _ABBREVIATION_RES:
        text = pattern.sub(f" {full} ", text)
    text = _ROMAN.sub(_roman, text)
    text = " ".join(text.replace("(", " ").replace(")", " ").lower().split())
    text = re.sub(r"\s+([,;])", r"\1", text)
    return _equate(text)


def _equate(text: str) -> str:
    for pattern, canonical in _EQUIVALENCES:
        text = pattern.sub(canonical, text)
    return text.strip(_EDGE_PUNCT)


def normalize_name(s: str) -> str:
    """A person's name for comparison: normalised, lower case, honorifics dropped.

    >>> normalize_name("Đồng chí  Nguyễn Văn  Hoà") == normalize_name("nguyễn văn hòa")
    True
    """
    text = key(s).strip(_EDGE_PUNCT)
    while (stripped := _HONORIFICS.sub("", text)) != text:
        text = stripped
    return text


def normalize_org(s: str) -> str:
    """An organisation name for comparison (abbreviations expanded, equivalences applied).

    >>> normalize_org("BCH Đảng bộ tỉnh Hải Hưng") == normalize_org("Tỉnh uỷ Hải Hưng")
    True
    """
    return _canon(s)


def normalize_post(s: str, places: Iterable[str] = ()) -> str:
    """A post title for comparison; trailing ``places`` and a trailing number are dropped.

    ``places`` are the article's place names, raw or normalised, bare ("Yên Hòa") or with
    their unit and parents ("huyện Yên Hòa, tỉnh Hải Hưng"); see :func:`gold_places`.

    >>> normalize_post("Chủ tịch UBND huyện Yên Hoà", ["huyện Yên Hòa"])
    'chủ tịch ủy ban nhân dân huyện'
    >>> normalize_post("Tư lệnh Quân khu IV")
    'tư lệnh quân khu'
    """
    text = _canon(s)
    names = _place_names(places)
    while True:
        before = text
        text = _TRAILING_NUMBER.sub("", text).strip(_EDGE_PUNCT)
        for name in names:
            if text.endswith(" " + name):
                text = text[: -len(name)].rstrip()
                text = _DANGLING_UNIT.sub("", text).strip(_EDGE_PUNCT)
                break
        text = _equate(text)  # "... Trung ương khóa 13" only ends in "Trung ương" now
        if text == before:
            return text


def _place_names(places: Iterable[str]) -> tuple[str, ...]:
    """Bare normalised place names, longest first: "huyện A, tỉnh B" gives "a" and "b"."""
    names: set[str] = set()
    for place in places:
        for part in _canon(place).split(","):
            name = _UNIT_PREFIX.sub("", part.strip()).strip(_EDGE_PUNCT)
            if name and not name.isdigit():
                names.add(name)
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def gold_places(gold: Facts) -> tuple[str, ...]:
    """The place names the gold gives for an article: from its holdings' place and organisation.

    An organisation contributes what follows its last unit word or territorial cấp ủy.

    >>> gold_places(Facts(id="a", holdings=[Holding("A", "Bí thư Huyện ủy", "Huyện ủy Yên Hòa",
    ...                                             "huyện Yên Hòa, tỉnh Hải Hưng")]))
    ('hải hưng', 'yên hòa')
    """
    raw: list[str] = []
    for holding in gold.holdings:
        if holding.place:
            raw.append(holding.place)
        if holding.organization:
            org = _canon(holding.organization)
            markers = list(_PLACE_MARKER.finditer(org))
            if markers:
                raw.append(org[markers[-1].end():])
    return _place_names(raw)


# --- scores ----------------------------------------------------------------------------------

@dataclass
class PRF:
    """True positives, false positives and false negatives of one metric.

    >>> PRF(3, 1, 2).precision, PRF(3, 1, 2).recall, round(PRF(3, 1, 2).f1, 3)
    (0.75, 0.6, 0.667)
    >>> PRF(0, 0, 0).f1
    1.0
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0  # predicting nothing of something expected
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 1.0 if denominator == 0 else 2 * self.tp / denominator

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


def _accuracy(right: int, matched: int, holdings: PRF) -> float:
    if matched == 0:
        return 1.0 if holdings.tp + holdings.fp + holdings.fn == 0 else 0.0
    return right / matched


@dataclass
class ArticleScore:
    """The scores of one article; ``diffs[metric]`` has the "missing" and "extra" items."""

    id: str
    persons: PRF
    holdings: PRF
    organizations: tuple[int, int]  # (right, matched holdings)
    event_dates: PRF
    changes: PRF
    diffs: dict[str, dict[str, list]] = field(default_factory=dict)
    predicted: bool = True  # False: no prediction for this gold article

    @property
    def organization_accuracy(self) -> float:
        return _accuracy(*self.organizations, self.holdings)

    def to_dict(self) -> dict[str, Any]:
        right, matched = self.organizations
        return {
            "id": self.id, "predicted": self.predicted,
            "persons": self.persons.to_dict(), "holdings": self.holdings.to_dict(),
            "organizations": {"right": right, "matched": matched,
                              "accuracy": self.organization_accuracy},
            "event_dates": self.event_dates.to_dict(), "changes": self.changes.to_dict(),
            "diffs": self.diffs,
        }


@dataclass
class Scores:
    """Scores of a set of articles; the totals are micro-averages (sums of counts)."""

    articles: list[ArticleScore] = field(default_factory=list)
    unscored: list[str] = field(default_factory=list)  # predicted ids with no gold

    def _total(self, metric: str) -> PRF:
        return sum((getattr(a, metric) for a in self.articles), PRF())

    @property
    def persons(self) -> PRF:
        return self._total("persons")

    @property
    def holdings(self) -> PRF:
        return self._total("holdings")

    @property
    def event_dates(self) -> PRF:
        return self._total("event_dates")

    @property
    def changes(self) -> PRF:
        return self._total("changes")

    @property
    def organization_counts(self) -> tuple[int, int]:
        """(right, matched) over all articles."""
        return (sum(a.organizations[0] for a in self.articles),
                sum(a.organizations[1] for a in self.articles))

    @property
    def organizations(self) -> float:
        """Accuracy of the organisation over all matched holdings."""
        return _accuracy(*self.organization_counts, self.holdings)

    @property
    def missing(self) -> list[str]:
        """Gold articles that had no prediction."""
        return [a.id for a in self.articles if not a.predicted]

    def to_dict(self) -> dict[str, Any]:
        right, matched = self.organization_counts
        return {
            "articles": len(self.articles),
            "persons": self.persons.to_dict(), "holdings": self.holdings.to_dict(),
            "organizations": {"right": right, "matched": matched, "accuracy": self.organizations},
            "event_dates": self.event_dates.to_dict(), "changes": self.changes.to_dict(),
            "missing_predictions": self.missing, "unscored_predictions": self.unscored,
            "per_article": [a.to_dict() for a in self.articles],
        }

    def table(self, details: bool = False) -> str:
        """A plain-text table of the totals; ``details`` adds per-article rows and diffs."""
        right, matched = self.organization_counts
        lines = [f"{len(self.articles)} articles, micro-averaged",
                 f"{'metric':<14}{'tp':>6}{'fp':>6}{'fn':>6}{'P':>8}{'R':>8}{'F1':>8}"]
        for name, label in (("persons", "persons"), ("holdings", "holdings"),
                            ("event_dates", "event dates"), ("changes", "changes")):
            prf: PRF = getattr(self, name)
            lines.append(f"{label:<14}{prf.tp:>6}{prf.fp:>6}{prf.fn:>6}"
                         f"{prf.precision:>8.3f}{prf.recall:>8.3f}{prf.f1:>8.3f}")
        lines.append(f"{'organisations':<14}{right:>6} right of {matched} matched holdings, "
                     f"accuracy {self.organizations:.3f}")
        if self.missing:
            lines.append("no prediction for: " + ", ".join(self.missing))
        if self.unscored:
            lines.append("predictions without gold (not scored): " + ", ".join(self.unscored))
        if not details:
            return "\n".join(lines)
        lines += ["", f"{'article':<44}{'pers':>6}{'hold':>6}{'org':>8}{'date':>6}{'chg':>6}"]
        for a in self.articles:
            org = f"{a.organizations[0]}/{a.organizations[1]}"
            flag = "" if a.predicted else "  (no prediction)"
            lines.append(f"{a.id[:43]:<44}{a.persons.f1:>6.2f}{a.holdings.f1:>6.2f}{org:>8}"
                         f"{a.event_dates.f1:>6.2f}{a.changes.f1:>6.2f}{flag}")
        for a in self.articles:
            items = [(metric, side, diff[side]) for metric, diff in a.diffs.items()
                     for side in ("missing", "extra") if diff.get(side)]
            if items:
                lines += ["", a.id]
                lines += [f"  {metric} {side}: " + "; ".join(map(str, values))
                          for metric, side, values in items]
        return "\n".join(lines)


# --- scoring ---------------------------------------------------------------------------------

def _prf(pred: dict[Any, str], gold: dict[Any, str]) -> tuple[PRF, dict[str, list]]:
    """Compare two key → display-form maps as sets."""
    tp = len(pred.keys() & gold.keys())
    diff = {"missing": sorted(gold[k] for k in gold.keys() - pred.keys()),
            "extra": sorted(pred[k] for k in pred.keys() - gold.keys())}
    return PRF(tp, len(pred) - tp, len(gold) - tp), diff


def _first(items: Iterable[tuple[Any, str]]) -> dict[Any, str]:
    """Key → display form of its first occurrence."""
    out: dict[Any, str] = {}
    for k, shown in items:
        out.setdefault(k, shown)
    return out


def _holding_keys(holdings: list[Holding], places: tuple[str, ...]
                  ) -> tuple[dict[Any, str], dict[Any, set[str | None]], dict[Any, str]]:
    shown: dict[Any, str] = {}
    orgs: dict[Any, set[str | None]] = {}
    org_shown: dict[Any, str] = {}
    for h in holdings:
        k = (normalize_name(h.person), normalize_post(h.post, places))
        shown.setdefault(k, f"{h.person} — {h.post}")
        orgs.setdefault(k, set()).add(normalize_org(h.organization) if h.organization else None)
        org_shown.setdefault(k, f"{h.person} — {h.post}: {h.organization}")
    return shown, orgs, org_shown


def score_article(pred: Facts, gold: Facts) -> ArticleScore:
    """Score one article's predicted facts against its gold facts.

    >>> gold = Facts(id="a", persons=["Lê Thị Bình"])
    >>> score_article(Facts(id="a", persons=["Bà Lê Thị Bình", "Trần Văn Cường"]), gold).persons
    PRF(tp=1, fp=1, fn=0)
    """
    diffs: dict[str, dict[str, list]] = {}
    persons, diffs["persons"] = _prf(
        _first((normalize_name(p), p) for p in pred.persons),
        _first((normalize_name(p), p) for p in gold.persons))

    places = gold_places(gold)
    pred_h, pred_orgs, pred_org_shown = _holding_keys(pred.holdings, places)
    gold_h, gold_orgs, gold_org_shown = _holding_keys(gold.holdings, places)
    holdings, diffs["holdings"] = _prf(pred_h, gold_h)
    matched = sorted(pred_h.keys() & gold_h.keys())
    wrong = [k for k in matched if not pred_orgs[k] & gold_orgs[k]]
    diffs["organizations"] = {"missing": [gold_org_shown[k] for k in wrong],
                              "extra": [pred_org_shown[k] for k in wrong]}

    event_dates, diffs["event_dates"] = _dates(pred, gold)
    changes, diffs["changes"] = _prf(
        _first(((normalize_name(c.person), c.change.strip().lower()), f"{c.person} — {c.change}")
               for c in pred.changes),
        _first(((normalize_name(c.person), c.change.strip().lower()), f"{c.person} — {c.change}")
               for c in gold.changes))
    return ArticleScore(gold.id, persons, holdings, (len(matched) - len(wrong), len(matched)),
                        event_dates, changes, diffs)


def _dates(pred: Facts, gold: Facts) -> tuple[PRF, dict[str, list]]:
    """Event dates as multisets; nulls only ever pair with nulls (see the module docstring)."""
    p = Counter(str(e.date).strip() if e.date is not None else None for e in pred.events)
    g = Counter(str(e.date).strip() if e.date is not None else None for e in gold.events)
    nulls = min(p.pop(None, 0), g.pop(None, 0))
    common = p & g
    tp = sum(common.values())
    return (PRF(tp + nulls, p.total() - tp, g.total() - tp),
            {"missing": sorted((g - p).elements()), "extra": sorted((p - g).elements())})


def evaluate(pred: Iterable[Facts], gold: Iterable[Facts]) -> Scores:
    """Score predictions against gold, matching records by id, in gold order.

    A gold article without a prediction scores as all-missing (``predicted=False``); a
    prediction without gold is listed in ``unscored``. Repeated ids raise ``ValueError``.
    """
    gold_list = list(gold)
    by_id: dict[str, Facts] = {}
    for facts in pred:
        if facts.id in by_id:
            raise ValueError(f"two predictions for article {facts.id!r}")
        by_id[facts.id] = facts
    seen: set[str] = set()
    articles = []
    for g in gold_list:
        if g.id in seen:
            raise ValueError(f"two gold records for article {g.id!r}")
        seen.add(g.id)
        if g.id in by_id:
            articles.append(score_article(by_id[g.id], g))
        else:
            score = score_article(Facts(id=g.id), g)
            score.predicted = False
            articles.append(score)
    return Scores(articles, sorted(set(by_id) - seen))


def evaluate_files(pred: str | Path, gold: Iterable[str | Path]) -> Scores:
    """Score a facts JSONL file against gold files (YAML articles with ``gold:``, or JSONL);
    a folder stands for the ``*.yaml`` files in it."""
    gold_paths: list[Path] = []
    for path in map(Path, gold):
        gold_paths += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    return evaluate(read_facts(pred), (f for p in gold_paths for f in read_facts(p)))

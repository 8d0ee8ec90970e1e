"""Facts: what one article says, in the interchange format of ``docs/facts-format.md``.

Extracted facts, hand-curated facts and gold annotations share these types, so they can be
compared, merged and mapped to RDF by the same code.

>>> f = Facts(id="a1", persons=["Nguyễn Văn An"])
>>> Facts.from_dict(f.to_dict()) == f
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import IO, Any

import yaml

from orggraph import yamlsafe
from orggraph.jsonline import JsonLineError, byte_lines, loads_line

EVENT_KINDS = (
    "congress", "conference", "meeting", "training", "visit", "award", "ceremony",
    "inspection", "election", "appointment", "other",
)
ROLES = ("chair", "speaker", "attendee", "honoree", "elected", "appointed", "reporter")
CHANGE_KINDS = ("elected", "reelected", "appointed", "transferred", "retired", "dismissed")


class FactsFormatError(ValueError):
    """A facts record that does not follow the interchange format."""


@dataclass(frozen=True, order=True)
class Span:
    """Character offsets ``[start, end)`` of evidence in the article text."""

    start: int
    end: int


@dataclass
class Organization:
    """A canonical organisation mentioned by the article (an extension of the format).

    ``kind`` is the local name of a concept in ``ontology/vocab/org-kinds.ttl``; ``place_id``
    is a gazetteer unit id (``pre2025/387``) or None for central bodies or unknown places.
    """

    name: str
    kind: str | None = None
    place: str | None = None
    place_id: str | None = None
    collective: bool = False  # "các chi bộ thôn, bản": a class of bodies, not one body
    evidence: Span | None = None


@dataclass
class Holding:
    person: str
    post: str
    organization: str | None = None
    place: str | None = None
    title: str | None = None  # concept local name in ontology/vocab/titles.ttl
    acting: bool = False
    alternate: bool = False
    evidence: Span | None = None
    rule: str | None = None


@dataclass
class Participant:
    person: str
    role: str


@dataclass
class Event:
    kind: str
    label: str | None = None
    date: str | None = None
    place: str | None = None
    organizer: str | None = None
    participants: list[Participant] = field(default_factory=list)
    evidence: Span | None = None


@dataclass
class Change:
    person: str
    change: str
    post: str | None = None
    organization: str | None = None
    date: str | None = None
    evidence: Span | None = None
    rule: str | None = None


@dataclass
class Subordination:
    child: str
    parent: str
    stated: bool = False  # said in the text, rather than implied by the hierarchy's rules


@dataclass
class Facts:
    """Everything extracted from (or annotated on) one article."""

    id: str
    persons: list[str] = field(default_factory=list)
    holdings: list[Holding] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    subordination: list[Subordination] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    # Article metadata carried along so facts alone are enough to build the graph.
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    author: str | None = None
    evidence: dict[str, Span] = field(default_factory=dict)  # person name → first mention
    where: str | None = field(default=None, compare=False, repr=False)  # file:line it came from

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON/YAML; empty optional values are left out."""
        data = _plain(self)
        del data["where"]
        return _prune(data)

    @classmethod
    def from_dict(cls, data: Any, where: str = "facts") -> Facts:
        """Read a facts record; raise :class:`FactsFormatError` naming ``where`` and the key."""
        if not isinstance(data, dict):
            raise FactsFormatError(f"{where}: a facts record must be a mapping, got {_tn(data)}")
        if not isinstance(data.get("id"), str) or not data["id"].strip():
            raise FactsFormatError(f"{where}: 'id' must be a non-empty string")
        try:
            return cls(
                id=data["id"],
                persons=[_str(p, f"{where}: persons[{i}]")
                         for i, p in enumerate(_list(data, "persons", where))],
                holdings=[_record(Holding, h, f"{where}: holdings[{i}]")
                          for i, h in enumerate(_list(data, "holdings", where))],
                events=[_event(e, f"{where}: events[{i}]")
                        for i, e in enumerate(_list(data, "events", where))],
                changes=[_change(c, f"{where}: changes[{i}]")
                         for i, c in enumerate(_list(data, "changes", where))],
                subordination=[_record(Subordination, s, f"{where}: subordination[{i}]")
                               for i, s in enumerate(_list(data, "subordination", where))],
                organizations=[_record(Organization, o, f"{where}: organizations[{i}]")
                               for i, o in enumerate(_list(data, "organizations", where))],
                title=_opt_str(data, "title", where),
                url=_opt_str(data, "url", where) or _opt_str(data, "source_url", where),
                published=_opt_date(data, "published", where),
                source=_opt_str(data, "source", where),
                author=_opt_str(data, "author", where),
                evidence={k: _span(v, f"{where}: evidence.{k}")
                          for k, v in (data.get("evidence") or {}).items()},
            )
        except (TypeError, AttributeError) as exc:  # a wrong type deep inside a record
            raise FactsFormatError(f"{where}: {exc}") from exc


# --- reading and writing -------------------------------------------------------------------

class NothingWritten(RuntimeError):
    """No record to write while inputs failed: the file was left as it was."""


def write_jsonl(records: Iterable[Facts], path: str | Path, *,
                unless_empty: Any = None) -> int:
    """Write facts as JSON Lines, one record per line, keys in a stable order; atomically
    (an interrupted write leaves the previous file). Returns the number of records.

    With ``unless_empty`` (a :class:`orggraph.report.RunReport`), no record while that report
    has problems raises :class:`NothingWritten` and keeps the previous file: a typo in an
    input's name must not replace good facts with an empty file.
    """
    from orggraph.atomic import atomic_write  # late: atomic is an output concern

    count = 0
    with atomic_write(path) as out:
        for facts in records:
            out.write(dumps(facts) + "\n")
            count += 1
        if not count and unless_empty is not None and unless_empty.problems:
            raise NothingWritten(f"no article could be read ({unless_empty.problems} inputs "
                                 f"skipped or failed); nothing written, {path} left as it was")
    return count


def dumps(facts: Facts) -> str:
    return json.dumps(facts.to_dict(), ensure_ascii=False, sort_keys=False)


def read_facts(path: str | Path) -> Iterator[Facts]:
    """Read facts from a JSONL file (one record a line) or a YAML file.

    A YAML article with a ``gold:`` section yields its gold facts. The first bad record raises
    :class:`FactsFormatError` naming the file and line; :func:`iter_facts` goes on instead.
    """
    for item in _records(Path(path)):
        if isinstance(item, FactsFormatError):
            raise item
        yield item


def iter_facts(paths: Iterable[str | Path], report) -> Iterator[Facts]:
    """Every good record of ``paths``; each bad one is listed in ``report`` (a
    :class:`orggraph.report.RunReport`) as ``path:line`` with its reason, and skipped."""
    for path in paths:
        good = 0
        for item in _records(Path(path)):
            if isinstance(item, FactsFormatError):
                where, _, reason = str(item).partition(": ")
                # a whole file's reason already says so ("…; file left out")
                done = "" if reason.endswith("left out") else "; record left out"
                report.add(where, "skipped", reason=f"{reason}{done}")
            else:
                good += 1
                report.add(item.where, "ok", article=item.id)
                yield item
        if not good and not any(s.input.startswith(str(path)) for s in report.inputs):
            report.add(str(path), "skipped", reason="no facts records")


MAX_LINE_BYTES = 64_000_000  # one facts record: a 20 MB article's facts with their quotes
MAX_YAML_BYTES = 20_000_000  # a hand-written or gold YAML file


def _records(path: Path) -> Iterator[Facts | FactsFormatError]:
    """Each record of a facts file, or the error that stands in its place."""
    if path.suffix in (".yaml", ".yml"):
        yield from _yaml_records(path)
        return
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
            if b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
                yield FactsFormatError(f"{path}: not UTF-8 text (UTF-16 or binary data); file "
                                       "left out")
                return
            stream.seek(0)
            yield from _jsonl_records(stream, path)
    except OSError as exc:
        yield FactsFormatError(f"{path}: cannot read ({exc.strerror or exc})")


def _jsonl_records(stream: IO[bytes], path: Path) -> Iterator[Facts | FactsFormatError]:
    """Records of a JSON Lines stream, read a line at a time (memory bounded by the longest
    line, itself bounded by :data:`MAX_LINE_BYTES`); JSON Lines break at "\\n" only."""
    for line in byte_lines(stream, MAX_LINE_BYTES):
        where = f"{path}:{line.number}"
        if not isinstance(line.data, bytes) or line.size - 1 > MAX_LINE_BYTES:
            yield FactsFormatError(f"{where}: line is {line.size:,} bytes, over the limit of "
                                   f"{MAX_LINE_BYTES:,} bytes")
            continue
        raw = line.data.removeprefix(b"\xef\xbb\xbf") if line.number == 1 else line.data
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield FactsFormatError(f"{where}: not UTF-8 text (byte {exc.start + 1} of the line)")
            continue
        if not text.strip():
            continue
        try:
            data = loads_line(text, complete=line.complete)
        except JsonLineError as exc:
            yield FactsFormatError(f"{where}: {exc}")
            continue
        yield _record_or_error(data, where)


def _yaml_records(path: Path) -> Iterator[Facts | FactsFormatError]:
    """The one record of a YAML facts file (a ``gold:`` section's facts when it has one)."""
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            yield FactsFormatError(f"{path}: file is {size:,} bytes, over the limit of "
                                   f"{MAX_YAML_BYTES:,} bytes; file left out")
            return
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        yield FactsFormatError(f"{path}: not UTF-8 text (byte {exc.start}); file left out")
        return
    except OSError as exc:
        yield FactsFormatError(f"{path}: cannot read ({exc.strerror or exc})")
        return
    try:
        data = yamlsafe.load(text)
    except yamlsafe.AliasError as exc:
        yield FactsFormatError(f"{path}: {exc}; file left out")
        return
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f":{mark.line + 1}" if mark is not None else ""
        yield FactsFormatError(f"{path}{at}: not valid YAML "
                               f"({getattr(exc, 'problem', None) or 'syntax error'})")
        return
    if isinstance(data, dict) and "gold" in data:
        gold = dict(data["gold"] or {})
        gold.setdefault("id", data.get("id"))
        for key in ("title", "published", "source_url", "source"):
            gold.setdefault(key, data.get(key))
        data = gold
    yield _record_or_error(data, str(path))


def _record_or_error(data: Any, where: str) -> Facts | FactsFormatError:
    try:
        facts = Facts.from_dict(data, where)
    except FactsFormatError as exc:
        return exc
    facts.where = where
    return facts


# --- helpers ---------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    """Dataclasses as dicts, recursively (``dataclasses.asdict`` without its deep copies of
    strings and numbers, a tenth of the time of extraction)."""
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if not _empty(v) or k in _KEEP_EMPTY}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def _empty(value: Any) -> bool:
    # identity, not equality: 0 == False, and a span may start at 0
    return value is None or value is False or (isinstance(value, list | dict) and not value)


_KEEP_EMPTY = {"persons", "holdings", "events", "changes", "subordination"}


def _tn(value: Any) -> str:
    return type(value).__name__


def _list(data: dict, key: str, where: str) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise FactsFormatError(f"{where}: '{key}' must be a list, got {_tn(value)}")
    return value


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FactsFormatError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _opt_str(data: dict, key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise FactsFormatError(f"{where}: '{key}' must be a string, got {_tn(value)}")
    return value


def _opt_date(data: dict, key: str, where: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    return str(value)  # YAML gives datetime.date for bare dates; ISO text either way


def _span(value: Any, where: str) -> Span:
    if isinstance(value, Span):
        return value
    if (not isinstance(value, dict) or not isinstance(value.get("start"), int)
            or not isinstance(value.get("end"), int) or value["start"] > value["end"]):
        raise FactsFormatError(f"{where}: evidence must be {{start: int, end: int}}, got {value!r}")
    return Span(value["start"], value["end"])


def _record(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise FactsFormatError(f"{where}: expected a mapping, got {_tn(data)}")
    known = {f.name: f for f in fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            continue  # readers ignore keys they do not know
        if key == "evidence" and value is not None:
            value = _span(value, f"{where}.evidence")
        elif key in ("date",) and value is not None:
            value = str(value)
        elif value is not None and known[key].type in ("str", "str | None"):
            value = _str(value, f"{where}.{key}")
        kwargs[key] = value
    required = [f.name for f in known.values() if f.default is f.default_factory is MISSING]
    missing = [k for k in required if kwargs.get(k) is None]
    if missing:
        raise FactsFormatError(f"{where}: missing {', '.join(repr(k) for k in missing)}")
    return cls(**kwargs)


def _event(data: Any, where: str) -> Event:
    if not isinstance(data, dict):
        raise FactsFormatError(f"{where}: expected a mapping, got {_tn(data)}")
    data = dict(data)
    parts = data.pop("participants", None) or []
    if not isinstance(parts, list):
        raise FactsFormatError(f"{where}: 'participants' must be a list")
    event = _record(Event, data, where)
    event.participants = [_record(Participant, p, f"{where}.participants[{i}]")
                          for i, p in enumerate(parts)]
    _choice(event.kind, EVENT_KINDS, f"{where}.kind")
    for i, p in enumerate(event.participants):
        _choice(p.role, ROLES, f"{where}.participants[{i}].role")
    return event


def _change(data: Any, where: str) -> Change:
    change = _record(Change, data, where)
    _choice(change.change, CHANGE_KINDS, f"{where}.change")
    return change


def _choice(value: str, allowed: tuple[str, ...], where: str) -> None:
    if value not in allowed:
        raise FactsFormatError(f"{where}: {value!r} is not one of {', '.join(allowed)}")


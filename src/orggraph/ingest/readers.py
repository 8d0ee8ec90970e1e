"""One reader per input format, each turning a file into :class:`Record` s, and the checks that
turn a record's fields into an :class:`~orggraph.articles.Article`.

A record is one input as the run report counts it: a whole file, or one line of a JSON Lines
file. Readers never raise for bad input; they yield a record with a ``problem`` instead.

>>> rec = Record("a.jsonl:1", {"text": "Sáng 12/4, Đảng ủy xã họp.", "published": "12/04/2025"},
...              default_id="a-1")
>>> art, notes = build_article(rec)
>>> art.id, art.published, notes
('a-1', '2025-04-12', [])
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml

from orggraph import yamlsafe
from orggraph.jsonline import JsonLineError, byte_lines, loads_line, utf8_of
from orggraph.jsonline import Line as _Line

from ..articles import Article
from ..text import normalize
from . import html as html_reader
from . import metalines
from .encoding import (
    Decoded,
    IngestError,
    check_vietnamese,
    decode_bytes_verbose,
    repair_mojibake,
    sniff_utf16,
)

SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl", ".yaml": "yaml",
            ".yml": "yaml", ".txt": "txt", ".html": "html", ".htm": "html", ".xhtml": "html"}


@dataclass(frozen=True)
class Record:
    """One input: its raw article ``fields``, or the ``problem`` that stopped it.

    ``status`` is "skipped" for bad input and "error" for an unexpected failure; ``notes`` are
    things worth saying about an input that was read (the encoding used, a repaired text).
    """

    where: str
    fields: dict[str, Any] | None = None
    problem: str | None = None
    status: str = "skipped"
    default_id: str | None = None
    notes: tuple[str, ...] = ()


def skipped(where: str, reason: str, done: str = "file skipped") -> Record:
    return Record(where, problem=f"{reason}; {done}")


def failed(where: str, exc: BaseException, done: str = "input skipped, the run went on") -> Record:
    detail = " ".join(str(exc).split())[:200]
    return Record(where, problem=f"unexpected {type(exc).__name__}"
                  f"{': ' + detail if detail else ''}; {done}", status="error")


def utf8_size(text: str, chunk: int = 1 << 20) -> int:
    """The size of ``text`` in UTF-8, counted a piece at a time (no copy of a long text).

    >>> utf8_size("Đảng ủy", chunk=2) == len("Đảng ủy".encode())
    True
    """
    return sum(len(text[i:i + chunk].encode("utf-8", "surrogatepass"))
               for i in range(0, len(text), chunk))


def size_problem(size: int, max_bytes: int, what: str = "file") -> str:
    return (f"{what} is {size:,} bytes, over the limit of {max_bytes:,} bytes (max_bytes)")


# --------------------------------------------------------------------------- field checks

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200c\u200d\u2060"
                       r"\ufffe\uffff]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def clean_text(text: str) -> tuple[str, list[str]]:
    """Line breaks to ``\\n``, invisible control characters out, lone surrogates (from JSON
    escapes) to U+FFFD, then :func:`orggraph.text.normalize` and outer white space stripped.

    >>> clean_text("Ho\\u0300a  Bi\\u0300nh\\r\\n\\x07")
    ('Hòa Bình', [])
    """
    notes = []
    if _SURROGATES.search(text):
        notes.append("invalid lone surrogate code points replaced by U+FFFD")
        text = _SURROGATES.sub("\ufffd", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = text.replace("\x85", "\n")
    text = _CONTROLS.sub("", text)
    return normalize(text).strip(), notes


_DATE_PATTERNS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?"), "ymd"),
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?:[T ].*)?"), "ymd"),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), "ymd"),
    (re.compile(r"(?:.*?\s)?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s.*)?"), "dmy"),
    (re.compile(r"(?:.*?\s)?ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4}).*", re.I), "dmy"),
)


def normalize_date(value: Any) -> str | None:
    """An ISO date (YYYY-MM-DD) from what feeds and pages write, or None.

    Day-first when ambiguous, as Vietnamese writes dates.

    >>> [normalize_date(v) for v in ("2025-04-12T08:30:00+07:00", "12/04/2025",
    ...                              "Thứ bảy, 12/4/2025 08:30", dt.date(2025, 4, 12), "hôm qua")]
    ['2025-04-12', '2025-04-12', '2025-04-12', '2025-04-12', None]
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    value = normalize(value).strip()
    for pattern, order in _DATE_PATTERNS:
        m = pattern.fullmatch(value)
        if not m:
            continue
        a, b, c = (int(g) for g in m.groups())
        y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
        try:
            return dt.date(y, mo, d).isoformat()
        except ValueError:
            return None
    return None


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", bool: "a boolean", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def _scalar(fields: dict[str, Any], key: str, notes: list[str], *,
            verbatim: bool = False) -> str | None:
    """An optional one-line text field: strings and numbers are taken, anything else is noted.

    ``verbatim`` fields (URLs) keep their characters; the others are normalised like the text.
    """
    value = fields.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        notes.append(f"field '{key}' ignored ({_kind(value)}, not text)")
        return None
    text = str(value)
    if verbatim:
        text = _CONTROLS.sub("", _SURROGATES.sub("", text))
    else:
        try:
            text, fix = repair_mojibake(text)
        except IngestError:
            notes.append(f"field '{key}' ignored (mis-decoded text)")
            return None
        if fix:
            notes.append(f"{key}: {fix}")
        text = clean_text(text)[0]
    return " ".join(text.split()) or None


def safe_id(raw: str) -> str:
    """A file-name-safe id: ASCII letters, digits, ``.``, ``_`` and ``-``; may be empty.

    >>> safe_id("Bài viết số 1 (bản nháp)"), safe_id("../../etc/passwd"), safe_id("CON")
    ('Bai-viet-so-1-ban-nhap', 'etc-passwd', 'CON_')
    """
    text = unicodedata.normalize("NFKD", raw.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-._")[:120].rstrip("-._")
    if text.split(".")[0].upper() in _RESERVED:
        text += "_"  # names Windows will not create a file for
    return text


_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
             *(f"LPT{i}" for i in range(10))}


def _text_field(fields: dict[str, Any]) -> str:
    if "text" not in fields:
        keys = ", ".join(sorted(str(k) for k in fields)[:8]) or "none"
        raise IngestError(f"no 'text' field (keys: {keys})")
    text = fields["text"]
    if not isinstance(text, str):
        raise IngestError(f"field 'text' is {_kind(text)}, not a string")
    if not text.strip():
        raise IngestError("field 'text' is empty")
    return text


def build_article(record: Record, *, max_bytes: int | None = None) -> tuple[Article, list[str]]:
    """Check a record's fields and make its :class:`Article`; raise :class:`IngestError` when
    the input cannot be an article. Returns the article and notes worth reporting."""
    fields = record.fields or {}
    notes = list(record.notes)
    raw_text = _text_field(fields)
    if max_bytes is not None and len(raw_text) > max_bytes // 4:  # else it cannot be over
        size = utf8_size(raw_text)
        if size > max_bytes:
            raise IngestError(size_problem(size, max_bytes, "article text"))
    raw_text, fix = repair_mojibake(raw_text)
    if fix:
        notes.append(fix)
    text, text_notes = clean_text(raw_text)
    notes += text_notes
    if not text:
        raise IngestError("text is empty once invisible characters are removed")
    check_vietnamese(text)

    title = _scalar(fields, "title", notes)
    url = (_scalar(fields, "url", notes, verbatim=True)
           or _scalar(fields, "source_url", notes, verbatim=True))
    if url and (" " in url or len(url) > 2000):
        notes.append("url ignored (not a URL)")
        url = None
    published = None
    raw_date = fields.get("published", fields.get("date"))
    if raw_date is not None and raw_date != "":
        published = normalize_date(raw_date)
        if published is None:
            notes.append(f"published date {str(raw_date)[:40]!r} not understood; left empty")
    captions = fields.get("captions") or ()
    if not isinstance(captions, list | tuple) or not all(isinstance(c, str) for c in captions):
        notes.append("field 'captions' ignored (not a list of strings)")
        captions = ()
    captions = tuple(c for c in (clean_text(c)[0] for c in captions) if c)

    given = fields.get("id")
    article_id = ""
    if isinstance(given, str | int) and not isinstance(given, bool):
        article_id = safe_id(str(given))
        if article_id != str(given):
            notes.append(f"id {str(given)[:60]!r} made file-name safe: {article_id!r}"
                         if article_id else f"id {str(given)[:60]!r} unusable")
    elif given is not None:
        notes.append(f"field 'id' ignored ({_kind(given)})")
    article_id = article_id or safe_id(record.default_id or "") or "article"
    article = Article(
        id=article_id, text=text, title=title, url=url, published=published,
        source=_scalar(fields, "source", notes), author=_scalar(fields, "author", notes),
        captions=captions, origin=record.where)
    return article, notes


# --------------------------------------------------------------------------- file readers

def _read_limited(path: Path, max_bytes: int) -> bytes | str:
    """The file's bytes, or a problem when it is over ``max_bytes`` (checked before reading)."""
    size = path.stat().st_size
    if size > max_bytes:
        return size_problem(size, max_bytes)
    with path.open("rb") as f:
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we looked
        return size_problem(len(data), max_bytes)
    return data


def _decoded(path: Path, where: str, max_bytes: int) -> Decoded | str:
    """The file's decoded text, or the reason it cannot be had (too big, undecodable)."""
    data = _read_limited(path, max_bytes)
    if isinstance(data, str):
        return data
    try:
        return decode_bytes_verbose(data, where)
    except IngestError as e:
        return e.reason


# Every reader below returns its record from a plain function: a generator's local names
# (the file's bytes, its decoded text) would stay alive while the article is extracted.

def read_txt(path: Path, where: str, max_bytes: int) -> Iterator[Record]:
    """A ``.txt`` file: the body, under an optional title line; id = file stem.

    The first non-blank line is the title when more text follows it and it reads as a
    headline (see :func:`headline`); a page's date line and byline at the top or bottom are
    metadata (:mod:`~orggraph.ingest.metalines`), not body text.
    """
    yield _txt_record(path, where, max_bytes)


_NON_SPACE = re.compile(r"\S")
_LINE_END = re.compile(r"\r\n?|[\n\u2028\u2029\x85]")  # _LINE_BREAKS, and "\n" itself
_BLANK_LINE = re.compile(r"[^\S\r\n\u2028\u2029\x85]*(?:\r\n?|[\n\u2028\u2029\x85])")
_MAX_HEADLINE = 250  # characters; a longer first line is the lede
_SENTENCE_END = (".", "…", ",", ";", ":")


def headline(line: str) -> bool:
    """Whether a text's first line reads as its title: short, and not ending as a sentence
    does ("?" and "!" end headlines too).

    >>> headline("Đại hội Đảng bộ xã Tân Phú lần thứ I"), headline("Sáng 3/3, xã họp.")
    (True, False)
    """
    line = line.strip()
    return bool(line) and len(line) <= _MAX_HEADLINE and not line.endswith(_SENTENCE_END)


def _txt_record(path: Path, where: str, max_bytes: int) -> Record:
    """The record of a ``.txt`` file; the body is the one copy of the text kept."""
    decoded = _decoded(path, where, max_bytes)
    if isinstance(decoded, str):
        return skipped(where, decoded)
    text, encoding = decoded.text, decoded.encoding
    del decoded
    start = 0  # past the blank lines at the top, without splitting the whole text
    while blank := _BLANK_LINE.match(text, start):
        start = blank.end()
    if not _NON_SPACE.search(text, start):
        return skipped(where, "empty file (only white space)")
    fields: dict[str, Any] = {}
    leads = _byline_leads()
    title_end = _LINE_END.search(text, start)
    if title_end is not None and _NON_SPACE.search(text, title_end.end()) and \
            title_end.start() - start <= _MAX_HEADLINE:
        first = text[start:title_end.start()]
        if headline(first) and metalines.date_line(first) is None and \
                metalines.byline_line(first, leads, at_end=False) is None:
            fields["title"] = first
            start = title_end.end()
    if start:
        text = text[start:]
    fields.update(_page_meta(text, leads))
    return Record(where, fields, default_id=path.stem,
                  notes=_encoding_note(encoding) + fields.pop("notes", ()))


def _byline_leads() -> tuple[str, ...]:
    """The words that open a byline, from the vocabulary (cached: read once a process)."""
    from ..vocab import load_vocabulary  # late: only pages and plain texts need it

    return load_vocabulary().words("byline-lead")


def _page_meta(text: str, leads: tuple[str, ...]) -> dict[str, Any]:
    """``text`` without its date line and byline, and the fields they give."""
    meta = metalines.split_meta(text, leads)
    fields: dict[str, Any] = {"text": meta.text}
    for key in ("published", "author", "source"):
        if getattr(meta, key):
            fields[key] = getattr(meta, key)
    if meta.removed:
        fields["notes"] = (f"{len(meta.removed)} date or byline line(s) read as metadata, not "
                           f"text: {' / '.join(r[:40] for r in meta.removed)}",)
    return fields


def _encoding_note(encoding: str) -> tuple[str, ...]:
    plain = encoding.replace("_", "-").upper().removesuffix(" (AS DECLARED)") in (
        "UTF-8", "UTF-8 WITH BOM", "UTF8", "ASCII")
    return () if plain else (f"decoded as {encoding}",)


def read_yaml(path: Path, where: str, max_bytes: int) -> Iterator[Record]:
    """A ``.yaml`` file holding one article mapping (a ``gold:`` section is ignored)."""
    yield _yaml_record(path, where, max_bytes)


def _yaml_record(path: Path, where: str, max_bytes: int) -> Record:
    """The record of a ``.yaml`` file, or the reason it has none."""
    decoded = _decoded(path, where, max_bytes)
    if isinstance(decoded, str):
        return skipped(where, decoded)
    text, encoding = decoded.text, decoded.encoding
    del decoded
    try:
        doc = yamlsafe.load(text)  # a safe loader, aliases bounded
    except yamlsafe.AliasError as e:
        return skipped(where, f"{e}: an alias can expand to gigabytes")
    except yaml.composer.ComposerError as e:
        if "single document" in str(e):
            return skipped(where, "more than one YAML document (one article per .yaml file)")
        return skipped(where, f"not valid YAML ({_yaml_problem(e)})")
    except yaml.YAMLError as e:
        return skipped(where, f"not valid YAML ({_yaml_problem(e)})")
    except RecursionError:
        return skipped(where, "YAML nested too deeply")
    if doc is None:
        return skipped(where, "empty YAML document")
    if not isinstance(doc, dict):
        return skipped(where, f"YAML top level is {_kind(doc)}, not an article mapping")
    fields = {k: v for k, v in doc.items() if k != "gold"}  # gold facts: never seen by extract
    return Record(where, fields, default_id=path.stem, notes=_encoding_note(encoding))


def _yaml_problem(e: yaml.YAMLError) -> str:
    mark = getattr(e, "problem_mark", None)
    problem = getattr(e, "problem", None) or type(e).__name__
    return f"{problem} at line {mark.line + 1}" if mark is not None else str(problem)


def read_html(path: Path, where: str, max_bytes: int) -> Iterator[Record]:
    """An HTML news page: main text, title, date, author, URL; captions kept apart."""
    yield _html_record(path, where, max_bytes)


def _html_record(path: Path, where: str, max_bytes: int) -> Record:
    """The record of an HTML page; its bytes go before the tree is built."""
    data = _read_limited(path, max_bytes)
    if isinstance(data, str):
        return skipped(where, data)
    try:
        decoded = decode_bytes_verbose(data, where, html_reader.declared_charset(data))
    except IngestError as e:
        return skipped(where, e.reason)
    del data  # the page's bytes are not needed while its tree is built
    fields = html_reader.extract_page(decoded.text)
    notes = list(_encoding_note(decoded.encoding))
    del decoded
    text = fields.get("text") or ""
    if not text or text.isspace():
        return skipped(where, "no main text found in the HTML page")
    if fields.pop("note", None):
        notes.append("main text taken by the plain lxml extractor")
    # the page's own metadata (meta tags) wins over what its date line or byline says
    meta = _page_meta(text, _byline_leads())
    del text
    notes.extend(meta.pop("notes", ()))
    fields = {**meta, **{k: v for k, v in fields.items() if v and k != "text"}}
    return Record(where, fields, default_id=path.stem, notes=tuple(notes))


# JSON Lines ---------------------------------------------------------------------------------

def _text_lines(stream: Iterable[str]) -> Iterator[_Line]:
    for number, line in enumerate(stream, 1):
        yield _Line(number, line, len(line.encode("utf-8", "surrogatepass")), line.endswith("\n"))


def _jsonl_line(line: _Line, where: str, default_id: str, max_bytes: int) -> Record | None:
    done = "line skipped, the other lines were read"
    raw = line.data
    if raw is None or line.size - 1 > max_bytes:
        return skipped(where, size_problem(line.size, max_bytes, "line"), done)
    # No copy of a line is made to strip it: its end is white space to JSON, and a line of
    # 20 MB copied twice more would cost 40 MB for nothing.
    if isinstance(raw, bytes):
        if line.number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if not raw or raw.isspace():
            return None
        try:
            decoded = decode_bytes_verbose(raw, where)
        except IngestError as e:
            return skipped(where, e.reason, done)
        del raw  # the bytes go as soon as they are text
        text, encoding = decoded.text, decoded.encoding
        del decoded
    else:
        text, encoding = raw, "UTF-8"
        if text.startswith("\ufeff"):
            text = text.lstrip("\ufeff")
        if not text or text.isspace():
            return None
    try:
        obj = loads_line(text, complete=line.complete)
    except JsonLineError as e:
        return skipped(where, str(e), done)
    del text
    if not isinstance(obj, dict):
        return skipped(where, f"a JSON {_json_kind(obj)}, not an article object", done)
    return Record(where, obj, default_id=default_id, notes=_encoding_note(encoding))


def _json_kind(obj: Any) -> str:
    return {list: "array", str: "string", int: "number", float: "number", bool: "boolean",
            type(None): "null"}.get(type(obj), type(obj).__name__)


def jsonl_records(lines: Iterable[_Line], prefix: str, stem: str,
                  max_bytes: int) -> Iterator[Record]:
    """Records of JSON Lines, ``prefix:line`` each; a line's failure never stops the others."""
    for line in lines:
        where = f"{prefix}:{line.number}"
        try:
            record = _jsonl_line(line, where, f"{stem}-{line.number}", max_bytes)
        except Exception as e:  # reported as this line's error
            record = failed(where, e, "line skipped, the other lines were read")
        del line  # its bytes are not kept while the article is built and extracted
        if record is not None:
            yield record


def read_jsonl(path: Path, where: str, max_bytes: int) -> Iterator[Record]:
    """A JSON Lines file, line by line (UTF-8, or UTF-16 with or without BOM)."""
    stem = path.stem
    with path.open("rb") as f:
        head = f.read(4096)
        if not head:
            yield skipped(where, "empty file (0 bytes)")
            return
        utf16 = next((c for bom, c in ((codecs.BOM_UTF16_LE, "utf-16"),
                                       (codecs.BOM_UTF16_BE, "utf-16")) if head.startswith(bom)),
                     None) or sniff_utf16(head)
        f.seek(0)
        if utf16:  # read as UTF-8: lines split at "\n" alone, as in any JSON Lines file
            lines: Iterable[_Line] = byte_lines(utf8_of(f, utf16), max_bytes)
        elif b"\x00" in head:
            yield skipped(where, f"binary data, not text (NUL byte at offset {head.index(0)})")
            return
        else:
            lines = byte_lines(f, max_bytes)
        count = 0
        for record in jsonl_records(lines, where, stem, max_bytes):
            count += 1
            yield record
    if count == 0:
        yield skipped(where, "no articles (only blank lines)")


def read_stdin(stream: TextIO, max_bytes: int, prefix: str = "<stdin>") -> Iterator[Record]:
    """JSON Lines from standard input (its bytes when it has them, so encodings are checked)."""
    buffer = getattr(stream, "buffer", None)
    lines = byte_lines(buffer, max_bytes) if buffer is not None else _text_lines(stream)
    count = 0
    for record in jsonl_records(lines, prefix, "stdin", max_bytes):
        count += 1
        yield record
    if count == 0:
        yield skipped(prefix, "no articles on standard input", "nothing read")


READERS = {"jsonl": read_jsonl, "yaml": read_yaml, "txt": read_txt, "html": read_html}

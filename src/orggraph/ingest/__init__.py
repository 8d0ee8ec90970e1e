"""Read articles from files, folders, globs and standard input; nothing is lost silently.

Every input (a file, or one line of a JSON Lines file) gets exactly one entry in the run
report: "ok", "duplicate" (same URL or same text as an earlier article, processed once),
"skipped" (bad input, with the reason) or "error" (an unexpected failure, named). Articles come
out with their text normalised (:func:`orggraph.text.normalize`); evidence offsets refer to it.

>>> import tempfile, pathlib
>>> from orggraph.report import RunReport
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("Hội nghị\\nSáng 12/4, Đảng ủy xã Tân Phú họp.\\n")
>>> _ = (folder / "b.txt").write_text("Meeting\\nThe committee met on Monday.\\n")
>>> report = RunReport()
>>> [a.id for a in iter_articles([folder], report)]
['a']
>>> [(s.status, s.reason) for s in report.inputs][1]
('skipped', 'no Vietnamese letters: the text is not Vietnamese (0 of 5 words); file skipped')
"""

from __future__ import annotations

import fnmatch
import glob
import hashlib
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..articles import Article
from ..report import RunReport
from ..text import split_at_spaces
from .encoding import IngestError, decode_bytes
from .readers import READERS, SUFFIXES, Record, build_article, failed, read_stdin, skipped

__all__ = ["IngestError", "decode_bytes", "iter_articles", "read_article_file"]

DEFAULT_MAX_BYTES = 20_000_000


def canonical_url(url: str) -> str:
    """The URL as compared for duplicates: no fragment, tracking parameters, ``www.`` or
    trailing slash; scheme and host in lower case.

    >>> canonical_url("HTTPS://www.Bao.vn/tin/a-1.html/?utm_source=fb#top")
    'https://bao.vn/tin/a-1.html'
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith(("utm_", "fbclid", "gclid"))])
    scheme = "https" if parts.scheme.lower() in ("http", "https") else parts.scheme.lower()
    return urlunsplit((scheme, host, parts.path.rstrip("/"), query, ""))


_FRONT_PAGES = re.compile(r"(?:/(?:index|default|home|trang-chu)(?:\.\w+)?)?", re.IGNORECASE)


def identifies_article(url: str) -> bool:
    """Whether ``url`` can name one article: a path or a query beyond a site's front page.

    Feeds and hand-made YAML often put the site's home page in ``url``; two different texts
    sharing it are two articles, so such a URL never makes a duplicate.

    >>> [identifies_article(u) for u in ("https://baomoi.vn/", "https://bao.vn/index.html",
    ...                                   "https://bao.vn/tin/a-1.html", "https://bao.vn/?id=7")]
    [False, False, True, True]
    """
    parts = urlsplit(canonical_url(url))
    return bool(parts.query) or not _FRONT_PAGES.fullmatch(parts.path)


_KEY_PIECE = 1 << 20  # characters hashed at a time: the key never copies a whole text


def _text_key(text: str, piece: int = _KEY_PIECE) -> str:
    """The hash of ``text`` with white space runs as one space and case folded: two texts
    with the same key are one article. Hashed a piece at a time, each piece cut at white
    space: a 20 MB text split into words at once would cost ten times its size.

    >>> _text_key(" Đảng  ủy\\nXÃ ") == _text_key("đảng ủy xã") != _text_key("đảng ủy")
    True
    """
    sha = hashlib.sha1()
    sep = b""
    for part in split_at_spaces(text, piece):
        words = " ".join(part.split()).casefold().encode("utf-8", "replace")
        if words:
            sha.update(sep + words)
            sep = b" "
    return sha.hexdigest()


@dataclass
class _Run:
    """What one call has seen: for duplicates, id uniqueness and reading each file once."""

    report: RunReport
    max_bytes: int
    urls: dict[str, str] = field(default_factory=dict)  # canonical URL → where first seen
    texts: dict[str, str] = field(default_factory=dict)  # text key → where first seen
    ids: dict[str, str] = field(default_factory=dict)  # id (case-folded) → where first used
    files: set[str] = field(default_factory=set)

    def take(self, record: Record) -> Article | None:
        """Report ``record`` exactly once; return its article when it is new and good."""
        record = replace(record, where=_printable(record.where),
                         problem=None if record.problem is None else _one_line(record.problem))
        try:
            return self._take(record)
        except Exception as e:  # one input's failure never ends the run
            self.report.add(record.where, "error", reason=failed(record.where, e).problem)
            return None
        finally:  # the raw fields (a text as long as the article) are done with: let them go
            if record.fields is not None:
                record.fields.clear()

    def _take(self, record: Record) -> Article | None:
        if record.problem is not None:
            self.report.add(record.where, record.status, reason=record.problem)
            return None
        done = ("line skipped, the other lines were read" if _is_line(record.where)
                else "file skipped")
        try:
            article, notes = build_article(record, max_bytes=self.max_bytes)
        except IngestError as e:
            self.report.add(record.where, "skipped", reason=f"{e.reason}; {done}")
            return None
        url_key = (canonical_url(article.url) if article.url and identifies_article(article.url)
                   else None)
        first = self.urls.get(url_key) if url_key else None
        why = f"same URL as {first}" if first else None
        text_key = _text_key(article.text)
        if why is None and (first := self.texts.get(text_key)):
            why = f"same text as {first}"
        if why:
            self.report.add(record.where, "duplicate", article=article.id,
                            reason=f"{why}; processed once, this copy dropped")
            return None
        article = self._unique(article, notes)
        if url_key:
            self.urls[url_key] = record.where
        self.texts[text_key] = record.where
        self.report.add(record.where, "ok", article=article.id,
                        reason="; ".join(notes) if notes else None)
        return article

    def _unique(self, article: Article, notes: list[str]) -> Article:
        base, n, new = article.id, 1, article.id
        while new.casefold() in self.ids:
            n += 1
            new = f"{base}-{n}"
        if new != base:
            notes.append(f"id {base!r} already used by {self.ids[base.casefold()]}; "
                         f"renamed {new!r}")
            article = replace(article, id=new)
        self.ids[new.casefold()] = article.origin or new
        return article

    def read_file(self, path: Path, where: str) -> Iterator[Article]:
        key = os.path.realpath(path)
        if key in self.files:
            return  # named twice (a file and its folder): read once
        self.files.add(key)
        for record in _file_records(path, where, self.max_bytes):
            article = self.take(record)
            if article is not None:
                yield article


def _printable(where: str) -> str:
    """A file name fit for a one-line message: control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in where)


def _one_line(reason: str) -> str:
    return " ".join(reason.split())


def _is_line(where: str) -> bool:
    return where.rpartition(":")[2].isdigit()


def _file_records(path: Path, where: str, max_bytes: int) -> Iterator[Record]:
    """The records of one file; unreadable or unexpected failures become records too."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        known = " ".join(sorted(SUFFIXES))
        yield skipped(where, f"not an article file ({path.suffix or 'no extension'}; "
                             f"read are {known})", "file ignored")
        return
    try:
        info = path.stat()
    except OSError as e:
        yield skipped(where, f"cannot read ({e.strerror or type(e).__name__})")
        return
    if not stat.S_ISREG(info.st_mode):
        yield skipped(where, "not a regular file")
        return
    reported = 0
    try:
        for record in READERS[kind](path, where, max_bytes):
            reported += 1
            yield record
    except OSError as e:
        done = "the rest of the file was not read" if reported else "file skipped"
        yield Record(where, problem=f"cannot read ({e.strerror or type(e).__name__}); {done}")
    except Exception as e:  # a reader bug is this input's error, not the run's
        yield failed(where, e, "the rest of the file was not read" if reported
                     else "file skipped, the run went on")


def _walk(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files under ``folder`` sorted by their path (so ``a/x`` < ``b`` < ``c/y``), and the
    folders that could not be read with the reason. Hidden files and folders are left out.

    Symbolic links to folders are followed, each real folder walked once (by device and
    inode), so a link loop ends and a file reached twice is listed once.
    """
    found: list[Path] = []
    unreadable: list[tuple[Path, str]] = []
    seen: set[tuple[int, int]] = set()

    def note(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        unreadable.append((where, error.strerror or type(error).__name__))

    for root, dirs, files in os.walk(folder, onerror=note, followlinks=True):
        try:
            info = os.stat(root)
        except OSError as e:
            note(e)
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:  # reached again through a link: walked
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [Path(root) / name for name in files if not name.startswith(".")]
    return (sorted(found, key=lambda p: p.relative_to(folder).parts),
            sorted(unreadable, key=lambda u: u[0].relative_to(folder).parts))


def _expand(item: str | Path) -> Iterator[tuple[str, Path | None, str | None]]:
    """(where, file, problem) for each file an input names: a file, a folder or a glob."""
    path = Path(item)
    if path.is_dir():
        files, unreadable = _walk(path)
        for folder, reason in unreadable:
            yield str(folder), None, f"cannot read this folder ({reason}); its files not read"
        for file in files:
            yield str(file), file, None
        if not files and not unreadable:
            yield str(path), None, "folder has no files"
    elif path.exists():
        yield str(path), path, None
    elif path.is_symlink():
        yield str(path), None, "broken symbolic link"
    elif glob.has_magic(str(item)):
        yield from _expand_glob(str(item))
    else:
        yield str(path), None, "no such file or folder"


def _expand_glob(pattern: str) -> Iterator[tuple[str, Path | None, str | None]]:
    """The files a glob names, each real file or folder taken once."""
    matches = _glob(pattern)
    if not matches:
        yield pattern, None, "no files match this pattern"
    seen: set[str] = set()
    for match in matches:
        real = os.path.realpath(match)
        if real in seen:
            continue
        seen.add(real)
        yield from _expand(match)


def _glob(pattern: str) -> list[str]:
    """Paths matching ``pattern``; ``**`` is any number of folders.

    ``glob.glob(recursive=True)`` follows links under ``**`` without remembering where it
    has been: a link loop lists a path once per way round the loop, and two loops make that
    exponential (gigabytes). Here the folder before the first ``**`` is walked with
    :func:`_walk`, each real folder once, and its files are matched part by part.
    """
    parts = Path(pattern).parts
    if "**" not in parts:
        return sorted(glob.glob(pattern))
    cut = parts.index("**")
    head, rest = Path(*parts[:cut]) if cut else Path("."), parts[cut:]
    bases = sorted(glob.glob(str(head))) if glob.has_magic(str(head)) else [str(head)]
    found = []
    for base in bases:
        if os.path.isdir(base):
            files, _ = _walk(Path(base))
            found += [str(f) for f in files if _match(f.relative_to(base).parts, rest)]
    return sorted(found)


def _match(parts: tuple[str, ...], pattern: tuple[str, ...]) -> bool:
    """Whether path ``parts`` match glob ``pattern`` parts (``**``: any number of parts)."""
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return any(_match(parts[i:], pattern[1:]) for i in range(len(parts) + 1))
    return (bool(parts) and fnmatch.fnmatchcase(parts[0], pattern[0])
            and _match(parts[1:], pattern[1:]))


def _read_stdin(run: _Run, stream: TextIO | None) -> Iterator[Article]:
    if stream is None:  # started without standard input (a service, some CI runners)
        run.take(skipped("<stdin>", "no standard input to read", "nothing read"))
        return
    try:
        for record in read_stdin(stream, run.max_bytes):
            article = run.take(record)
            if article is not None:
                yield article
    except Exception as e:  # a closed or unreadable stream
        run.take(failed("<stdin>", e, "the rest of standard input was not read"))


def iter_articles(inputs: Iterable[str | Path], report: RunReport, *,
                  stdin: TextIO | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article]:
    """Articles from files, folders (recursively, sorted), globs and ``-`` (JSON Lines on
    standard input), each input reported once in ``report``; never raises for bad input.
    """
    run = _Run(report, max_bytes)
    for item in inputs:
        if str(item) == "-":
            yield from _read_stdin(run, stdin if stdin is not None else sys.stdin)
            continue
        try:
            expanded = list(_expand(item))
        except Exception as e:  # a bad input name (a type Path refuses, a NUL in it, ...)
            run.take(failed(str(item), e, "nothing read, the run went on"))
            continue
        for where, path, problem in expanded:
            if path is None:
                run.take(skipped(where, problem or "unreadable", "nothing read"))
            else:
                yield from run.read_file(path, where)


def read_article_file(path: Path, report: RunReport, *,
                      max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article]:
    """The articles of one file (duplicates and ids checked within the file), each input
    reported once in ``report``."""
    run = _Run(report, max_bytes)
    return run.read_file(Path(path), str(path))

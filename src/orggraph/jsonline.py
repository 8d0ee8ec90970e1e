"""One JSON Lines line to a value, or the reason it cannot be used: the one place every
reader of JSON Lines (articles, facts) turns a bad line into a short message.

>>> loads_line('{"id": "a"}')
{'id': 'a'}
>>> try:
...     loads_line('{"id": "a"')
... except JsonLineError as e:
...     print(e)
not valid JSON (Expecting ',' delimiter at column 11)
>>> try:
...     loads_line('{"n": ' + '9' * 5000 + '}')
... except JsonLineError as e:
...     print(e)
not usable JSON (a number of more than 4,300 digits)
"""

from __future__ import annotations

import codecs
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, NoReturn


class JsonLineError(ValueError):
    """A line that is no usable JSON; the message is the reason, short and on one line."""


def loads_line(text: str, *, complete: bool = True) -> Any:
    """The JSON value of one line, or :class:`JsonLineError` saying why there is none.

    "not valid JSON (… at column N)" is a syntax error; when ``complete`` is false (the file
    ends without a newline after this line) and the error is at the end, the message adds
    that the line is cut short. "not usable JSON (…)" is valid JSON Python will not build:
    nesting deeper than the interpreter's recursion limit, or an integer longer than
    ``sys.get_int_max_str_digits()`` (converting it would take quadratic time).
    """
    try:
        return json.loads(text)  # a line end is white space to JSON: no copy to strip it
    except json.JSONDecodeError:
        pass
    except RecursionError:
        raise JsonLineError("not usable JSON (nested too deeply)") from None
    except ValueError as e:  # the only other ValueError json raises: the integer digit limit
        raise JsonLineError(f"not usable JSON ({_value_reason(e)})") from None
    _syntax_error(text.rstrip("\r\n"), complete)  # a line end would put the column on line 2


def _syntax_error(text: str, complete: bool) -> NoReturn:
    """Raise the :class:`JsonLineError` of a line ``json.loads`` found no JSON in."""
    try:
        json.loads(text)
    except json.JSONDecodeError as e:
        at_end = e.msg.startswith("Unterminated") or e.pos >= len(text.rstrip()) - 1
        hint = ("; the line is cut short (the file ends in the middle of it)"
                if not complete and at_end else "")
        msg = e.msg.removesuffix(" at")  # "Unterminated string starting at"
        raise JsonLineError(f"not valid JSON ({msg} at column {e.colno}){hint}") from None
    raise JsonLineError("not valid JSON")  # not reached: the same text failed just before


def _value_reason(error: ValueError) -> str:
    """The reason of a ValueError from ``json.loads``, short: never the value itself."""
    limit = sys.get_int_max_str_digits()
    if limit and "digits" in str(error):
        return f"a number of more than {limit:,} digits"
    return " ".join(str(error).split())[:120]


@dataclass(frozen=True)
class Line:
    """One line of a JSON Lines stream, as read."""

    number: int
    data: bytes | str | None  # None: over the size limit, not kept
    size: int  # bytes, with the line end
    complete: bool  # ended with a newline


def byte_lines(stream: IO[bytes], max_bytes: int) -> Iterator[Line]:
    """Lines of a binary stream, split at ``\\n`` only (U+2028 or U+0085 inside a string is
    text), never holding more than ``max_bytes`` of one line: a longer line is read past in
    chunks and yielded with ``data`` None, so memory stays bounded on any file. A stream
    whose first line ends in a lone CR (a classic Mac OS file) has its lines split at CR.

    >>> import io
    >>> mac = io.BytesIO('{"a": 1}\\r{"b": "x\\u2028y"}\\r'.encode())
    >>> [line.data for line in byte_lines(mac, 99)]
    [b'{"a": 1}\\n', b'{"b": "x\\xe2\\x80\\xa8y"}\\n']
    """
    stream = io.BufferedReader(_LoneCrLines(stream), buffer_size=1 << 16)
    number = 0
    while True:
        chunk = stream.readline(max_bytes + 2)
        if not chunk:
            return
        number += 1
        size = len(chunk)
        if size > max_bytes + 1 and not chunk.endswith(b"\n"):
            while chunk and not chunk.endswith(b"\n"):  # drain the rest of the long line
                chunk = stream.readline(1 << 20)
                size += len(chunk)
            yield Line(number, None, size, True)
            continue
        # Handed over, not kept: a name left bound to the line would keep its bytes (up to
        # max_bytes) alive while this generator waits, i.e. while the article is extracted.
        ready = [Line(number, chunk, size, chunk.endswith(b"\n"))]
        del chunk
        yield ready.pop()


class _LoneCrLines(io.RawIOBase):
    """A byte stream read with its lone CRs as LFs when its first line end is a lone CR
    (lines ended the classic Mac OS way); a stream of LF or CRLF lines is read as it is: a
    CR there is white space inside a record, or half a line end. The bytes keep their
    count, so line sizes stay true. (A raw CR is never inside a JSON string.)"""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._cr_only: bool | None = None  # unknown until the first line end is read
        self._over = b""  # read but not yet handed on

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._over or self._raw.read(len(buffer))
        if self._cr_only is None:
            data = self._decide(data)
        if self._cr_only:
            data = data.replace(b"\r", b"\n")
        n = min(len(buffer), len(data))
        buffer[:n] = data[:n]
        self._over = data[n:]
        return n

    def _decide(self, data: bytes) -> bytes:
        """Settle how lines end from the first line end in ``data``, if it has one (a CR at
        its end needs the next byte read: CRLF or a lone CR)."""
        cr, lf = data.find(b"\r"), data.find(b"\n")
        if cr < 0 and lf < 0:
            return data
        if cr < 0 or 0 <= lf < cr:
            self._cr_only = False
            return data
        if cr == len(data) - 1:
            data += self._raw.read(1)
        self._cr_only = data[cr + 1:cr + 2] != b"\n"
        return data


def utf8_of(stream: IO[bytes], encoding: str) -> IO[bytes]:
    """A byte stream in ``encoding`` (UTF-16) read as UTF-8, a block at a time: its lines are
    then split as a UTF-8 file's (a decoder's own lines end at U+2028, U+0085 and more,
    which inside a JSON string are text). Bytes the encoding cannot decode become U+FFFD."""
    return io.BufferedReader(_Transcoded(stream, encoding), buffer_size=1 << 16)


class _Transcoded(io.RawIOBase):
    def __init__(self, raw: IO[bytes], encoding: str) -> None:
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder(encoding)("replace")
        self._out = b""  # decoded and encoded, not yet handed on
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._out and not self._done:
            block = self._raw.read(1 << 16)
            self._done = not block
            self._out = self._decoder.decode(block, final=self._done).encode("utf-8")
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

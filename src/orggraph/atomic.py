"""Write output files so that a crash or an error never leaves half a file behind.

>>> import tempfile, pathlib
>>> out = ensure_output_dir(pathlib.Path(tempfile.mkdtemp()) / "run" / "out")
>>> with atomic_write(out / "facts.jsonl") as f:
...     _ = f.write("{}\\n")
>>> (out / "facts.jsonl").read_text()
'{}\\n'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


class OutputDirError(OSError):
    """The output folder cannot be created or written; the message says which and why."""


def _umask() -> int:
    """The process umask, read without changing it (os.umask would, for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", encoding: str | None = "utf-8",
                 newline: str | None = None) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` and, when the block ends without an exception,
    flush, fsync and rename it over ``path``. On an exception the old file is untouched and
    the temporary file removed.

    ``mode`` is "w" (text) or "wb" (bytes). A new file gets the usual permissions
    (0o666 less the umask); a replaced file keeps its own.
    """
    if mode not in ("w", "wt", "wb"):
        raise ValueError(f"atomic_write mode must be 'w', 'wt' or 'wb', not {mode!r}")
    path = Path(path)
    binary = "b" in mode
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding,
                       newline=None if binary else newline) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def ensure_output_dir(path: str | Path) -> Path:
    """Create the folder (and its parents) if needed and check that files can be written in it.

    Raises :class:`OutputDirError` with a one-line reason, e.g. when a file of that name is in
    the way or the folder is read-only.

    >>> import tempfile, pathlib
    >>> blocker = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> _ = blocker.write_text("not a folder")
    >>> try:
    ...     ensure_output_dir(blocker)
    ... except OutputDirError as e:
    ...     print(str(e).split(": ", 1)[1])
    cannot create the output folder: a file of that name is in the way
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputDirError(f"{path}: cannot create the output folder: "
                             "a file of that name is in the way")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputDirError(f"{path}: cannot create the output folder: a file is in the way "
                             "on its path") from None
    except NotADirectoryError:
        raise OutputDirError(f"{path}: cannot create the output folder: part of its path is a "
                             "file, not a folder") from None
    except OSError as e:
        raise OutputDirError(f"{path}: cannot create the output folder: "
                             f"{e.strerror or type(e).__name__}") from None
    try:  # the only reliable test: os.access says yes to root on a read-only mount
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as e:
        raise OutputDirError(f"{path}: cannot write in the output folder: "
                             f"{e.strerror or type(e).__name__}") from None
    return path

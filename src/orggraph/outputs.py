"""Outputs never destroy inputs or special files: the checks made before anything is written.

An output is written to a temporary file and renamed over its name (:mod:`orggraph.atomic`).
A rename replaces whatever had that name, so it is refused when the name is:

- one of the inputs (the same file, also through a symbolic link or a second hard link), or
  inside a folder being read (the next run would read it as an article);
- a symbolic link (the rename would replace the link, not write to its target; ``-o
  /dev/stdout`` and ``/proc/self/fd/1`` are links);
- anything but a regular file: a device (``/dev/null`` replaced by a file, as root), a FIFO, a
  socket, a folder.

An output folder (``run --out``) is refused when it is an input folder or inside one, and
when an input is one of the files a run writes into it.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.jsonl").write_text("{}")
>>> try:
...     check_output_file(folder / "a.jsonl", [folder / "a.jsonl"])
... except OutputRefused as e:
...     print(str(e).split(": ", 1)[1].replace(str(folder), "DIR"))
is also an input (DIR/a.jsonl); writing it would replace that input
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path


class OutputRefused(ValueError):
    """An output name that would destroy an input or a special file: usage error, exit 2."""


_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a folder"))


def check_output_file(output: str | Path, inputs: Iterable[str | Path]) -> None:
    """Raise :class:`OutputRefused` if writing ``output`` could destroy an input or a special
    file (see the module's docstring); an ``output`` not there yet is fine."""
    path = Path(output)
    _refuse_special(path)
    for given, item in _input_items(inputs):
        if _same(path, item):
            raise OutputRefused(f"{path}: is also an input ({given}); writing it would "
                                "replace that input")
        if item.is_dir() and _inside(path.parent, item):
            raise OutputRefused(f"{path}: is inside the input folder {given}; the next run "
                                "would read it as input (write it elsewhere)")


def check_output_dir(out_dir: str | Path, inputs: Iterable[str | Path],
                     names: Iterable[str]) -> None:
    """Raise :class:`OutputRefused` if a run writing ``names`` into ``out_dir`` could destroy
    an input or read its own outputs next time."""
    out = Path(out_dir)
    if out.is_symlink() and not out.is_dir():
        raise OutputRefused(f"{out}: is a symbolic link to no folder")
    items = list(_input_items(inputs))
    for given, item in items:
        if item.is_dir() and _inside(out, item):
            raise OutputRefused(f"{out}: the output folder is inside the input folder {given}; "
                                "the next run would read its own outputs (choose a folder "
                                "outside the inputs)")
    for name in names:
        target = out / name
        _refuse_special(target)
        for given, item in items:
            if _same(target, item):
                raise OutputRefused(f"{target}: is also an input ({given}); the run would "
                                    "replace that input")


def _refuse_special(path: Path) -> None:
    """Refuse a name that is a symbolic link or anything but a regular file."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as e:
        raise OutputRefused(f"{path}: cannot check the output ({e.strerror or e})") from None
    if stat.S_ISLNK(info.st_mode):
        raise OutputRefused(f"{path}: is a symbolic link (to {os.readlink(path)}); outputs "
                            "replace regular files only, never a link or what it points to "
                            "(give the target's own name, or -o - for standard output)")
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise OutputRefused(f"{path}: is {kind}, not a regular file; outputs replace "
                                "regular files only")


def _input_items(inputs: Iterable[str | Path]) -> Iterator[tuple[str, Path]]:
    """(as given, path) for each existing file or folder the inputs name; globs expanded."""
    for raw in inputs:
        text = str(raw)
        if text == "-":
            continue
        if os.path.lexists(text) or not glob.has_magic(text):
            yield text, Path(text)
        else:
            for match in sorted(glob.glob(text, recursive=True)):
                yield match, Path(match)


def _same(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file (same device and inode, links followed)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def _inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or below it, links resolved (an output reached through
    a symbolic link to an input folder is inside it)."""
    try:
        where, top = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    except (OSError, ValueError):
        return False
    return where == top or top in where.parents

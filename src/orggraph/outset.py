"""The output folder of ``orggraph run``: one whole set of files from one run, or the previous set.

A run never writes into the output folder file by file. It

1. **locks** the folder (``.orggraph.lock``, an advisory ``flock``) for its whole length, so a
   second run into the same folder is refused at once (:class:`OutputBusy`, naming the
   holder's pid). The kernel drops the lock when its process ends, however it ends, so a
   lock file left by a killed run never blocks the next one;
2. **stages** every file in a hidden folder inside it (``.orggraph-new-…``, same file system);
3. **publishes** the set when every file is staged and on disk: a rename per file, the manifest
   (``run.json``) last, with SIGINT, SIGTERM and SIGHUP held back until the renames are done.

An error or a signal before step 3 removes the staging folder and leaves the previous set as
it was. A run killed outright (SIGKILL, a power cut) leaves its staging folder behind; the
next run into the folder, once it holds the lock, finishes that folder's renames when its set
was complete (it holds the manifest, written last) and deletes it otherwise.

Files named one by one (``build -o G.ttl --trig G.trig``) are written the same way with
:func:`output_files`: each is locked (a hidden lock file beside it), staged beside it and
renamed into place with the others.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with output_set(folder, ("a.txt", "run.json")) as stage:
...     _ = (stage.path / "a.txt").write_text("new")
...     _ = (stage.path / "run.json").write_text("{}")
...     stage.publish()
>>> sorted(p.name for p in folder.iterdir())
['a.txt', 'run.json']
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import shutil
import signal
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from orggraph.atomic import OutputDirError, fsync_dir

LOCK_NAME = ".orggraph.lock"
STAGE_PREFIX = ".orggraph-new-"
FILE_STAGE_PREFIX = ".orggraph-new."  # a file of a FileSet, written beside its target
# the signals a user or a service manager ends a run with; held back while a set is renamed
_HELD = frozenset(s for s in (getattr(signal, n, None) for n in ("SIGINT", "SIGTERM", "SIGHUP"))
                  if s is not None)


class OutputBusy(OutputDirError):
    """Another run holds the output folder's lock: refused before anything is read."""


@dataclass
class Stage:
    """The hidden folder a run writes its set into, and where the set goes when it is whole.

    ``names`` is the set, in the order it is renamed into place: the last one is the
    manifest, whose presence says that every other file is staged.
    """

    path: Path
    folder: Path
    names: tuple[str, ...]
    state: str = "writing"  # then "publishing" (renames begun), then "published"

    def manifest(self) -> dict[str, dict[str, object]]:
        """Size and SHA-256 of each staged file but the manifest: written into the manifest,
        they let a reader check that the files it read are this run's."""
        return {name: _digest(self.path / name) for name in self.names[:-1]
                if (self.path / name).exists()}

    def publish(self) -> None:
        """Rename every staged file into the folder, the manifest last.

        Raises :class:`OutputDirError` when a file of the set is missing (nothing is moved).
        The renames run with the usual ending signals held back; a signal that was already
        on its way when they started cannot stop them half-way either: whatever is still
        staged is moved before it goes on.
        """
        missing = [name for name in self.names if not (self.path / name).is_file()]
        if missing:
            raise OutputDirError(f"{self.folder}: the output set is incomplete "
                                 f"({', '.join(missing)} not written); nothing replaced")
        fsync_dir(self.path)
        with _signals_held():
            self.state = "publishing"
            try:
                _move_staged(self.path, self.folder, self.names)
            finally:  # an exception between two renames: finish them, half a set never stays
                with contextlib.suppress(OSError):
                    _move_staged(self.path, self.folder, self.names)
                if not any((self.path / n).exists() for n in self.names):
                    self.state = "published"
        fsync_dir(self.folder)


@contextlib.contextmanager
def output_set(folder: str | Path, names: Sequence[str]) -> Iterator[Stage]:
    """Lock ``folder``, tidy what a killed run left there, and give a :class:`Stage` to write
    ``names`` into; call :meth:`Stage.publish` when every file is written.

    When the block ends without publishing (an exception, a signal), the staging folder is
    removed and the folder's files are as they were. The folder must exist.
    """
    folder = Path(folder)
    names = tuple(names)
    with _locked(folder):
        _recover(folder, names)
        stage = Stage(Path(tempfile.mkdtemp(dir=folder, prefix=STAGE_PREFIX)), folder, names)
        try:
            yield stage
        finally:
            # a publish that failed half-way (a rename refused) stays for the next run to end
            if stage.state != "publishing":
                shutil.rmtree(stage.path, ignore_errors=True)


@dataclass
class FileSet:
    """Output files named one by one (``build -o G.ttl --trig G.trig``), each written to its
    ``staged`` name beside it, then renamed into place together by :meth:`publish`."""

    targets: tuple[Path, ...]
    staged: tuple[Path, ...]

    def publish(self) -> None:
        """Rename every staged file over its target, with the ending signals held back: a
        Ctrl-C cannot leave a new Turtle file beside the old TriG file."""
        missing = [str(t) for s, t in zip(self.staged, self.targets, strict=True)
                   if not s.is_file()]
        if missing:
            raise OutputDirError(f"{', '.join(missing)}: not written; nothing replaced")
        for staged, target in zip(self.staged, self.targets, strict=True):
            with contextlib.suppress(FileNotFoundError):  # a replaced file keeps its mode
                os.chmod(staged, target.stat().st_mode & 0o7777)
        with _signals_held():
            for staged, target in zip(self.staged, self.targets, strict=True):
                os.replace(staged, target)
        for folder in {t.parent for t in self.targets}:
            fsync_dir(folder)


@contextlib.contextmanager
def output_files(paths: Sequence[str | Path]) -> Iterator[FileSet]:
    """Lock each of ``paths`` for the block (a hidden ``.NAME.orggraph.lock`` beside it) and
    give the :class:`FileSet` to write them through; call :meth:`FileSet.publish` when all
    are written. A second process writing any of them is refused at once
    (:class:`OutputBusy`): two builds into the same files never mix their outputs. Without
    a publish (an error, a signal) the staged files are removed and the old files stay.
    """
    targets = tuple(Path(p) for p in paths)
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
    staged = tuple(t.parent / f"{FILE_STAGE_PREFIX}{t.name}" for t in targets)
    with contextlib.ExitStack() as held:
        # one order for every process (real paths): of two builds that share a file, the
        # first to lock it goes on, and the other is refused, never both
        for lock in sorted({os.path.realpath(t.parent / f".{t.name}.orggraph.lock"): t
                            for t in targets}.items()):
            target = lock[1]
            held.enter_context(_lock_file(
                Path(lock[0]), f"{target}: cannot lock the output file",
                f"{target}: another orggraph process ({{holder}}) is writing this file; "
                "nothing done (wait for it to end, or write another file)"))
        try:
            yield FileSet(targets, staged)
        finally:  # published or not, no staged file stays (one a killed build left, too)
            for path in staged:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()


def _move_staged(stage: Path, folder: Path, names: tuple[str, ...]) -> None:
    """Rename whatever of ``names`` is still in ``stage`` into ``folder``, in order; a name
    may be a path in a sub-folder (``tables/persons.csv``), created as needed."""
    for name in names:
        staged = stage / name
        if staged.exists():
            if "/" in name:  # a file of a sub-folder of the set (tables/…): the folder first
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, folder / name)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back (this thread) until the block ends, then let a
    pending one through: a few renames must not be cut in two."""
    if not hasattr(signal, "pthread_sigmask"):  # not POSIX: nothing to hold
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _recover(folder: Path, names: tuple[str, ...]) -> None:
    """Finish or remove the staging folders a killed run left (we hold the lock: none is in
    use). One holding the manifest had its whole set written: its renames are completed."""
    for leftover in sorted(folder.glob(f"{STAGE_PREFIX}*")):
        if not leftover.is_dir() or leftover.is_symlink():
            continue
        if (leftover / names[-1]).is_file():
            _move_staged(leftover, folder, names)
            fsync_dir(folder)
        shutil.rmtree(leftover, ignore_errors=True)


def _digest(path: Path) -> dict[str, object]:
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            sha.update(chunk)
            size += len(chunk)
    return {"bytes": size, "sha256": sha.hexdigest()}


# --------------------------------------------------------------------------- the lock

def _locked(folder: Path) -> contextlib.AbstractContextManager[None]:
    """Hold the lock of the output folder ``folder`` (``folder/.orggraph.lock``)."""
    return _lock_file(folder / LOCK_NAME, f"{folder}: cannot lock the output folder",
                      f"{folder}: another orggraph run ({{holder}}) is writing this output "
                      "folder; nothing done (wait for it to end, or choose another --out)")


@contextlib.contextmanager
def _lock_file(path: Path, failed: str, busy: str) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (holding our pid) for the block; raise
    :class:`OutputBusy` (``busy``, its ``{holder}`` filled in) at once when another process
    holds it, :class:`OutputDirError` (``failed`` and why) when it cannot be locked.

    The file is removed when the block ends, while still locked. A process that opened it
    just before and gets the lock after finds the name gone or naming another file, and
    starts again on the new one: two processes never both believe they hold it.
    """
    while True:
        fd = _open_lock(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            holder = _holder(fd)
            os.close(fd)
            if e.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputDirError(f"{failed} ({e.strerror or e})") from None
            raise OutputBusy(busy.format(holder=holder)) from None
        if _same_file(fd, path):
            break
        os.close(fd)  # locked a file its holder had just removed: take the new one
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)


def _open_lock(path: Path) -> int:
    """Open (or create) the lock file without following a link planted in its place."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
                       | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError as e:
        raise OutputDirError(f"{path}: cannot open the output folder's lock file "
                             f"({e.strerror or e})") from None


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _holder(fd: int) -> str:
    """"pid N" as the lock file says, or "pid unknown" when it has not written it yet."""
    with contextlib.suppress(OSError, ValueError):
        pid = int(os.pread(fd, 32, 0).decode("ascii").strip())
        return f"pid {pid}"
    return "pid unknown"

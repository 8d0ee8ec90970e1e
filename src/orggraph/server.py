"""A SPARQL 1.1 endpoint over a graph: the Oxigraph server (the ``oxigraph`` binary of the
PyPI package ``oxigraph``, ``pip install 'orggraph[server]'``) run as a child process.

:func:`load_graph` fills an on-disk store from a graph file or a run's output folder;
:func:`running_server` starts ``oxigraph serve-read-only`` (or ``serve``, writable, for
tests and pushes) on a port, waits until it answers and yields its :class:`Endpoint`; on
leaving it ends the process (SIGTERM, then SIGKILL) and waits for it, so none is left
behind; :func:`serving` does both, in a temporary store folder unless one is given.

The server answers over the union of the named graphs (``--union-default-graph``), as
``orggraph query`` does, and serves its query page (YASGUI, shipped inside the binary) at
the root URL.

>>> graph_file(Path("out/graph.trig")).name
'graph.trig'
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import RdfFormat, Store

GRAPH_FORMATS = {".ttl": RdfFormat.TURTLE, ".trig": RdfFormat.TRIG,
                 ".nt": RdfFormat.N_TRIPLES, ".nq": RdfFormat.N_QUADS}
# In a run's output folder: the TriG keeps one named graph per article, so prefer it.
RUN_GRAPHS = ("graph.trig", "graph.ttl")
_START_TIMEOUT = 30.0  # seconds for the server to answer once started
_STOP_TIMEOUT = 10.0  # seconds between SIGTERM and SIGKILL
_PORT_TRIES = 5  # a free port can be taken by another process before the server binds it


class ServerError(Exception):
    """The server cannot be started (no binary, port in use, store locked): one line."""


class GraphError(Exception):
    """A graph that cannot be loaded: missing, empty, not RDF; the message names it."""


@dataclass(frozen=True)
class Endpoint:
    """A running server: its base URL and the SPARQL protocol URLs under it."""

    url: str  # http://127.0.0.1:PORT (the query page)
    pid: int
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False, compare=False)

    def wait(self) -> int:
        """Block until the server ends (a signal to this process interrupts the wait);
        return its exit code."""
        if self.process is None:
            raise ServerError("this endpoint's process was not started here")
        return self.process.wait()

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        """The Graph Store Protocol URL (``?graph=IRI`` or ``?default``)."""
        return f"{self.url}/store"


def oxigraph_binary() -> Path:
    """The ``oxigraph`` program: next to this Python (a venv's ``bin/``), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise ServerError("the oxigraph server program is not installed: "
                      "pip install 'orggraph[server]' (or: pip install oxigraph)")


# --- loading ----------------------------------------------------------------------------------

def graph_file(path: Path) -> Path:
    """The graph file to load for ``path``: the file itself, or a run folder's ``graph.trig``
    (else ``graph.ttl``). Raises :class:`GraphError` when a folder holds neither."""
    if path.is_dir():
        for name in RUN_GRAPHS:
            if (path / name).is_file():
                return path / name
        raise GraphError(f"{path}: a folder without {' or '.join(RUN_GRAPHS)} "
                         "(give a graph file or an 'orggraph run' output folder)")
    return path


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text) - limit:,} more)"


def load_graph(store: Store, path: str | Path) -> int:
    """Bulk-load a Turtle, TriG, N-Triples or N-Quads file (or a run folder's graph) into
    ``store`` without holding it in memory; return the store's quad count.

    Raises :class:`GraphError` for a file that is missing, of an unknown kind, empty, not RDF
    or without a triple.
    """
    file = graph_file(Path(path))
    fmt = GRAPH_FORMATS.get(file.suffix.lower())
    if fmt is None:
        raise GraphError(f"{file}: unknown graph format (use .ttl, .trig, .nt, .nq or a run "
                         "output folder)")
    if not file.is_file():
        raise GraphError(f"{file}: no such graph file")
    if file.stat().st_size == 0:
        raise GraphError(f"{file}: empty file (0 bytes), not an RDF graph")
    try:
        store.bulk_load(path=str(file), format=fmt)
    except SyntaxError as exc:
        raise GraphError(f"{file}: not RDF ({fmt.name}): {_short(str(exc))}") from None
    except (OSError, ValueError) as exc:
        raise GraphError(f"{file}: cannot load graph: {_short(str(exc))}") from None
    count = len(store)
    if count == 0:
        raise GraphError(f"{file}: no triples in the file, nothing to serve")
    return count


def is_store_folder(path: Path) -> bool:
    """Whether ``path`` holds an Oxigraph (RocksDB) store: its ``CURRENT`` manifest pointer."""
    return (path / "CURRENT").is_file()


def fill_store(graph: str | Path, folder: str | Path) -> int:
    """Make ``folder`` a store holding exactly ``graph``; return its quad count.

    A folder that already holds a store is emptied first (it is this command's store); a
    folder holding anything else is refused, never written into.
    """
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()) and not is_store_folder(folder):
        raise ServerError(f"{folder}: not empty and not an Oxigraph store; refusing to "
                          "write a store into it")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        store = Store(str(folder))
    except OSError as exc:  # another process (a running server) holds the store
        raise ServerError(f"{folder}: cannot open the store: {_short(str(exc))}") from None
    try:
        store.clear()
        count = load_graph(store, graph)
        store.flush()
    finally:
        del store  # closes the store: the server opens it next
    return count


# --- the server process -----------------------------------------------------------------------

def free_port(bind: str = "127.0.0.1") -> int:
    """A port nobody listens on at ``bind`` just now (the kernel's choice)."""
    with socket.socket(socket.AF_INET6 if ":" in bind else socket.AF_INET) as sock:
        sock.bind((bind, 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, between fork and exec
    """Linux: the server gets SIGTERM when the process that started it dies, however it
    dies (even SIGKILL), so a killed ``orggraph serve`` leaves no server behind."""
    parent = os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took hold
        os._exit(1)


def _first_line(log: Path) -> str:
    """The server's error message: its first line (a Rust backtrace may follow)."""
    lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    return _short(lines[0], 300) if lines else ""


def _url_host(bind: str) -> str:
    return f"[{bind}]" if ":" in bind else bind


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:  # the query page
            return bool(reply.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def stop_process(proc: subprocess.Popen[bytes]) -> int:
    """End ``proc`` (SIGTERM, then SIGKILL after a grace period) and reap it; its exit code."""
    if proc.poll() is None:
        proc.terminate()
        try:
            return proc.wait(timeout=_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
    return proc.wait()


def _start(store: Path | None, bind: str, port: int, read_only: bool, log: Path,
           timeout: float) -> tuple[subprocess.Popen[bytes], str] | None:
    """Start the server on ``port``; None when it exited at once because the port was
    taken. Raises :class:`ServerError` for any other failure."""
    command = [str(oxigraph_binary()), "serve-read-only" if read_only else "serve",
               "--bind", f"{_url_host(bind)}:{port}", "--union-default-graph"]
    if store is not None:
        command += ["--location", str(store)]
    with open(log, "wb") as out:
        # Its own session: Ctrl-C in the terminal reaches orggraph, which stops the server.
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                env={**os.environ, "RUST_BACKTRACE": "0"},
                                start_new_session=True,
                                preexec_fn=_die_with_parent if sys.platform == "linux" else None)
    url = f"http://{_url_host(bind)}:{port}"
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                said = _first_line(log)
                if "in use" in said.lower():
                    return None
                raise ServerError(f"the oxigraph server exited at once "
                                  f"(code {proc.returncode}): {said or 'no message'}")
            if _answers(url):
                return proc, url
            time.sleep(0.05)
    except BaseException:
        stop_process(proc)
        raise
    stop_process(proc)
    raise ServerError(f"the oxigraph server did not answer at {url} within {timeout:.0f} s")


@contextlib.contextmanager
def running_server(store: str | Path | None, *, bind: str = "127.0.0.1", port: int = 0,
                   read_only: bool = True, timeout: float = _START_TIMEOUT
                   ) -> Iterator[Endpoint]:
    """Run the Oxigraph server on the store folder ``store`` (None: an in-memory store,
    writable only) and yield its :class:`Endpoint` once it answers.

    ``port`` 0 takes a free port (retried if another process takes it first). On leaving,
    however the block ends (an exception, Ctrl-C, SIGTERM turned into an exception), the
    server is stopped and reaped.
    """
    if store is None and read_only:
        raise ServerError("a read-only server needs a store folder")
    with tempfile.TemporaryDirectory(prefix="orggraph-server-") as scratch:
        log = Path(scratch) / "server.log"
        started = None
        for _ in range(_PORT_TRIES if port == 0 else 1):
            started = _start(None if store is None else Path(store), bind,
                             port or free_port(bind), read_only, log, timeout)
            if started is not None:
                break
        if started is None:
            raise ServerError(f"{bind}:{port}: address already in use"
                              if port else f"no free port found on {bind}")
        proc, url = started
        try:
            yield Endpoint(url, proc.pid, proc)
        finally:
            stop_process(proc)


@contextlib.contextmanager
def serving(graph: str | Path, *, store: str | Path | None = None, bind: str = "127.0.0.1",
            port: int = 0) -> Iterator[tuple[Endpoint, int]]:
    """Load ``graph`` into ``store`` (a temporary folder, removed afterwards, when None) and
    serve it read-only; yield the endpoint and the number of quads loaded::

        with serving("out/graph.trig") as (endpoint, quads):
            urllib.request.urlopen(endpoint.query_url + "?query=ASK{?s?p?o}")
    """
    with contextlib.ExitStack() as stack:
        folder = (Path(store) if store is not None else
                  Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="orggraph-store-"))))
        quads = fill_store(graph, folder)
        with running_server(folder, bind=bind, port=port, read_only=True) as endpoint:
            yield endpoint, quads

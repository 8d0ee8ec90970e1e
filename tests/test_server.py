"""`orggraph serve`: a real Oxigraph server on 127.0.0.1 over the fixture graph, queried over
HTTP (SPARQL 1.1 protocol); updates refused; the server process gone once stopped."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from clirun import _CODE, as_at_a_terminal
from sample import SAMPLE
from test_query import load_sample

from orggraph.query import load_query, run_named_query
from orggraph.server import ServerError, fill_store, running_server, serving

pytestmark = pytest.mark.skipif(
    not (Path(sys.executable).parent / "oxigraph").exists()
    and not any((Path(d) / "oxigraph").exists() for d in os.environ.get("PATH", "").split(":")),
    reason="the oxigraph server (pip install 'orggraph[server]') is not installed")


def sparql_select(url: str, query: str) -> list[dict[str, str]]:
    """POST a query (SPARQL 1.1 protocol, form-encoded); each row as {var: value}."""
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=body, headers={
        "Accept": "application/sparql-results+json",
        "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=60) as reply:
        data = json.load(reply)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def gone(pid: int) -> bool:
    """The process is not running (absent, or a zombie nobody reaped yet)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def wait_until(condition, limit: float = 30.0) -> bool:
    """Poll ``condition`` (bounded: a broken server must not hang the suite)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_bundled_query_over_http_matches_the_local_run_and_updates_are_refused() -> None:
    text, _ = load_query("posts-in-organization")
    local = run_named_query(load_sample(), "posts-in-organization")
    expected = sorted(tuple(sorted((k, v.value) for k, v in row.items() if v is not None))
                      for row in local.rows)
    with serving(SAMPLE) as (endpoint, quads):
        assert endpoint.url.startswith("http://127.0.0.1:")
        assert quads == len(load_sample())
        rows = sparql_select(endpoint.query_url, text)
        assert sorted(tuple(sorted(r.items())) for r in rows) == expected
        assert len(rows) > 3
        # GET with the query in the URL works too (the protocol's other form)
        count_query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        with urllib.request.urlopen(
                f"{endpoint.query_url}?{urllib.parse.urlencode({'query': count_query})}",
                timeout=60) as reply:
            assert json.load(reply)["results"]["bindings"][0]["n"]["value"] == str(quads)
        # the query page
        with urllib.request.urlopen(endpoint.url + "/", timeout=60) as reply:
            assert b"yasgui" in reply.read().lower()
        # an update and a Graph Store write are refused, and nothing changed
        update = urllib.request.Request(
            endpoint.update_url, data=b"INSERT DATA { <http://x/a> <http://x/p> 1 }",
            headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=60)
        assert refused.value.code == 403
        put = urllib.request.Request(f"{endpoint.store_url}?graph=http://x/g", method="PUT",
                                     data=b"<http://x/a> <http://x/p> 1 .",
                                     headers={"Content-Type": "application/n-triples"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(put, timeout=60)
        assert refused.value.code == 403
        assert sparql_select(endpoint.query_url, count_query)[0]["n"] == str(quads)
        pid = endpoint.pid
        assert not gone(pid)
    assert gone(pid)


def test_the_server_stops_when_the_block_fails(tmp_path: Path) -> None:
    fill_store(SAMPLE, tmp_path / "store")
    with pytest.raises(RuntimeError), running_server(tmp_path / "store") as endpoint:
        pid = endpoint.pid
        raise RuntimeError("the caller failed")
    assert gone(pid)


def test_a_taken_port_is_one_clear_error(tmp_path: Path) -> None:
    fill_store(SAMPLE, tmp_path / "store")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        with pytest.raises(ServerError, match="in use"), \
                running_server(tmp_path / "store", port=port):
            pass


def test_store_folder_is_refilled_and_a_foreign_folder_refused(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    first = fill_store(SAMPLE, folder)
    assert fill_store(SAMPLE, folder) == first  # emptied, then loaded: no growth
    small = tmp_path / "small.nt"
    small.write_text("<http://x/a> <http://x/p> <http://x/b> .\n")
    assert fill_store(small, folder) == 1  # nothing of the earlier graph is left
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "todo.txt").write_text("keep me")
    with pytest.raises(ServerError, match="not an Oxigraph store"):
        fill_store(SAMPLE, foreign)
    assert sorted(p.name for p in foreign.iterdir()) == ["todo.txt"]


def _serve_command(*args: str | Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (_CODE, os.environ.get("PYTHONPATH", "")) if p)}
    return subprocess.Popen([sys.executable, "-m", "orggraph.cli", "serve", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=as_at_a_terminal)


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT", "SIGKILL"])
def test_serve_command_prints_its_url_and_leaves_no_server_behind(how: str) -> None:
    proc = _serve_command(SAMPLE, "--port", "0")
    try:
        url = proc.stdout.readline().strip() if proc.stdout else ""
        assert url.startswith("http://127.0.0.1:"), proc.stderr.read() if proc.stderr else ""
        rows = sparql_select(url + "/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert int(rows[0]["n"]) == len(load_sample())
        servers = children(proc.pid)
        assert servers  # the oxigraph process
        proc.send_signal(getattr(signal, how))
        code = proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if how == "SIGKILL":  # no clean-up ran: the kernel's parent-death signal ends the server
        assert code == -signal.SIGKILL
    else:
        assert code == 0
        assert "stopped" in (proc.stderr.read() if proc.stderr else "")
    assert wait_until(lambda: all(gone(pid) for pid in servers))


def test_serve_command_errors_are_one_line(tmp_path: Path) -> None:
    proc = _serve_command(tmp_path / "missing.trig", "--port", "0")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 4
    assert err.strip().splitlines() == [
        f"orggraph serve: {tmp_path / 'missing.trig'}: no such graph file"]
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://x/a> <http://x/p> .\n")
    proc = _serve_command(bad, "--port", "0")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 4
    assert len(err.strip().splitlines()) == 1 and "not RDF" in err

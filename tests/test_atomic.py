"""atomic_write never leaves half a file; ensure_output_dir says clearly why it cannot."""

from __future__ import annotations

import os
import stat

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orggraph.atomic import OutputDirError, atomic_write, ensure_output_dir


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_writes_text_and_replaces(tmp_path):
    target = tmp_path / "facts.jsonl"
    with atomic_write(target) as f:
        f.write("Đảng ủy xã\n")
        assert not target.exists()  # nothing visible until the block ends
    assert target.read_text(encoding="utf-8") == "Đảng ủy xã\n"
    with atomic_write(target) as f:
        f.write("mới\n")
    assert target.read_text(encoding="utf-8") == "mới\n"
    assert leftovers(tmp_path) == []


def test_binary_mode(tmp_path):
    target = tmp_path / "graph.svg"
    with atomic_write(target, "wb") as f:
        f.write(b"\x00\xff<svg/>")
    assert target.read_bytes() == b"\x00\xff<svg/>"


def test_exception_keeps_the_old_file_and_removes_the_temp(tmp_path):
    target = tmp_path / "run.json"
    target.write_text("old", encoding="utf-8")

    class Boom(Exception):
        pass

    with pytest.raises(Boom), atomic_write(target) as f:
        f.write("half of the new cont")
        raise Boom
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


def test_encoding_error_inside_leaves_no_file(tmp_path):
    target = tmp_path / "x.txt"
    with pytest.raises(UnicodeEncodeError), atomic_write(target, encoding="ascii") as f:
        f.write("Hòa")
        f.flush()
    assert not target.exists() and leftovers(tmp_path) == []


def test_replaced_file_keeps_its_permissions_new_file_gets_umask(tmp_path):
    target = tmp_path / "keep.txt"
    target.write_text("a", encoding="utf-8")
    target.chmod(0o640)
    with atomic_write(target) as f:
        f.write("b")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.txt"
    with atomic_write(fresh) as f:
        f.write("c")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


def test_bad_mode_is_refused(tmp_path):
    with pytest.raises(ValueError, match="mode"), atomic_write(tmp_path / "x", "a"):
        pass


@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text())
def test_any_text_round_trips(tmp_path, text):
    target = tmp_path / "t.txt"
    with atomic_write(target, newline="") as f:
        f.write(text)
    with open(target, encoding="utf-8", newline="") as f:
        assert f.read() == text
    assert leftovers(tmp_path) == []


def test_ensure_output_dir_creates_nested(tmp_path):
    out = ensure_output_dir(tmp_path / "a" / "b" / "c")
    assert out == tmp_path / "a" / "b" / "c" and out.is_dir()
    assert ensure_output_dir(out) == out  # existing is fine
    assert list(out.iterdir()) == []  # the write probe leaves nothing


def test_ensure_output_dir_file_in_the_way(tmp_path):
    (tmp_path / "out").write_text("x", encoding="utf-8")
    with pytest.raises(OutputDirError, match="a file of that name is in the way"):
        ensure_output_dir(tmp_path / "out")
    with pytest.raises(OutputDirError, match=r"part of its path is a file|in the way"):
        ensure_output_dir(tmp_path / "out" / "sub")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="root writes into read-only folders")
def test_ensure_output_dir_read_only(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(OutputDirError, match="cannot write in the output folder"):
            ensure_output_dir(locked)
        with pytest.raises(OutputDirError, match="cannot create the output folder"):
            ensure_output_dir(locked / "new")
    finally:
        locked.chmod(0o700)


def test_output_dir_error_is_an_os_error(tmp_path):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    with pytest.raises(OSError) as info:
        ensure_output_dir(tmp_path / "f")
    assert str(tmp_path / "f") in str(info.value) and "\n" not in str(info.value)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")
def test_ensure_output_dir_where_even_root_cannot_create():
    with pytest.raises(OutputDirError, match="cannot create the output folder: "):
        ensure_output_dir("/proc/self/orggraph-out")

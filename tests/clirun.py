"""Run the ``orggraph`` command in a fresh process, as a user would, with the code under test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import orggraph

# the folder holding the package under test (src/ of this checkout, or site-packages)
_CODE = str(Path(orggraph.__file__).resolve().parent.parent)


def orggraph_cli(*args: str | Path, cwd: str | Path | None = None, stdin: str | None = None,
                 timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``python -m orggraph.cli ARGS`` with its exit code, standard output and error."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (_CODE, os.environ.get("PYTHONPATH", "")) if p)}
    return subprocess.run([sys.executable, "-m", "orggraph.cli", *map(str, args)], cwd=cwd,
                          env=env, input=stdin, capture_output=True, text=True,
                          timeout=timeout, check=False)


def as_at_a_terminal() -> None:
    """A ``preexec_fn`` for a process a test will send Ctrl-C: SIGINT at its default, as at a
    terminal. A shell starts a background job (CI, ``cmd &``) with SIGINT ignored, the child
    inherits that, and Python then leaves Ctrl-C ignored instead of raising KeyboardInterrupt.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)

"""``orggraph ARGS`` in this process, stopped at one chosen rename of its output set, so that a
test can signal it or start a second run right there (``tests/test_outset.py``).

Usage: ``python tests/pausedrun.py MARKERS N ARGS...``. The renames of a run's output set are
counted: first each staged file (a temporary file renamed to its name in the staging folder:
the ``len(OUTPUTS)`` files of ``orggraph.pipeline.OUTPUTS``, run.json last), then each file
moved into the output folder. ``build`` renames each staged file (written beside its
target) into place the same way: first the Turtle and TriG files staged, then each moved.
Before rename N the script creates
``MARKERS/at-N`` holding its pid and waits until ``MARKERS/go`` exists, then goes on.

The production code has no hook for this: only ``os.replace`` is wrapped, here.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from orggraph.cli import main
from orggraph.outset import FILE_STAGE_PREFIX, STAGE_PREFIX

STAGED = (STAGE_PREFIX, FILE_STAGE_PREFIX)  # run's staging folder, build's staged files


def pause_at(markers: Path, wanted: int) -> None:
    """Wrap ``os.replace`` to stop before the ``wanted``-th rename touching a staging folder."""
    real = os.replace
    seen = 0

    def replace(src, dst, *args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal seen
        if any(p in os.fspath(src) or p in os.fspath(dst) for p in STAGED):
            seen += 1
            if seen == wanted:
                (markers / f"at-{wanted}").write_text(str(os.getpid()))
                deadline = time.monotonic() + 120
                while not (markers / "go").exists() and time.monotonic() < deadline:
                    time.sleep(0.02)
        return real(src, dst, *args, **kwargs)

    os.replace = replace  # type: ignore[assignment]


if __name__ == "__main__":
    # A shell starts a background job with SIGINT ignored, and Python keeps it so; the test
    # plays a user pressing Ctrl-C at a terminal, where SIGINT raises KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    pause_at(Path(sys.argv[1]), int(sys.argv[2]))
    sys.exit(main(sys.argv[3:]))

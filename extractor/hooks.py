"""Fault hooks for the tests of timeouts and worker deaths, shared by the local pool (batch.py)
and the dask runner (distributed.py): read once by the parent from the environment and handed to
each child, which hangs / kills itself with SIGSEGV when its file's path contains the substring."""
from __future__ import annotations

import os
import signal
import time

HANG_ENV, CRASH_ENV = "EXTRACT_TEST_HANG_ON", "EXTRACT_TEST_CRASH_ON"


def test_hooks() -> tuple[str, str]:
    return os.environ.get(HANG_ENV, ""), os.environ.get(CRASH_ENV, "")


def apply_test_hooks(path: str, hooks: tuple[str, str]) -> None:
    """Hang or crash when the path contains the hook's substring (tests of timeouts and deaths)."""
    hang, crash = hooks
    if hang and hang in path:
        while True:
            time.sleep(3600)
    if crash and crash in path:
        os.kill(os.getpid(), signal.SIGSEGV)

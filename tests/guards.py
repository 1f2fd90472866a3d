"""A guard against hangs in tests (SIGALRM): not a performance goal, a test that takes this long is stuck."""

from __future__ import annotations

import signal
from contextlib import contextmanager


@contextmanager
def hang_guard(seconds: int, what: str = "did not finish"):
    def boom(*_):
        raise TimeoutError(f"{what} within {seconds} s (hang)")
    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)

"""isgraph.publication.forked.Forked: a publication step run in a forked process, its result or its error brought back."""

from __future__ import annotations

import os
import sys

import pytest

from isgraph.errors import IsgraphError
from isgraph.publication.forked import Forked

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")

_SEEN = []


def _add(a, b):
    _SEEN.append(os.getpid())
    return {"sum": a + b, "pid": os.getpid()}


def _fail(message):
    raise ValueError(message)


class _Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("no pickling")


def _fail_unpicklable():
    raise _Unpicklable("kept as text")


def _die():
    os._exit(3)


def test_result_comes_back_from_another_process():
    job = Forked(_add, 2, 3)
    got = job.wait()
    assert got["sum"] == 5 and got["pid"] != os.getpid()
    assert os.getpid() not in _SEEN  # ran in the child only


def test_not_parallel_runs_here_at_wait_once():
    job = Forked(_add, 1, 1, parallel=False)
    assert job.process is None
    assert job.wait() == {"sum": 2, "pid": os.getpid()}
    with pytest.raises(RuntimeError):
        job.wait()


def test_errors_of_the_child_are_raised_here():
    with pytest.raises(ValueError, match="bad cell"):
        Forked(_fail, "bad cell").wait()
    with pytest.raises(RuntimeError, match="_Unpicklable: kept as text"):
        Forked(_fail_unpicklable).wait()
    with pytest.raises(IsgraphError, match="_die failed: its process ended with code 3"):
        Forked(_die).wait()

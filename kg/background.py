"""A job run in a forked process while the caller goes on: two cores, two independent steps.

`kg validate` runs its two passes side by side; `kg build` draws half the article graphs the
cache lacks while it draws the other half and the default graph, and the HTML page while it
writes TriG and Turtle. The job is a function of what the caller already
holds (the fork shares it, nothing is pickled on the way in); only its return value comes back.
Where fork is missing or the machine has one core, or when the job fails in the helper, the job
runs in the caller, so an error is raised there as it would be without the helper.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

_JOB: Callable[[], object] | None = None  # what the helper about to be forked runs


def _run() -> tuple[bool, object]:
    """(True, the job's value), or (False, None) when it failed: the caller runs it again and
    raises the error itself (our errors do not all survive pickling)."""
    gc.disable()  # a short-lived helper: what it allocates is freed when it ends, not walked meanwhile
    try:
        return (True, _JOB()) if _JOB is not None else (False, None)
    except BaseException:
        return False, None


def can_fork() -> bool:
    """Two cores, fork, and not a daemon (a pool's worker may not start processes of its own)."""
    return ((os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()
            and not multiprocessing.current_process().daemon)


class Background(Generic[T]):
    """``job()`` in a forked helper; ``result()`` waits for its value."""

    def __init__(self, job: Callable[[], T]) -> None:
        global _JOB
        self.job = job
        self.pool = None
        self.pending = None
        if not can_fork():
            return
        _JOB = job
        try:
            self.pool = multiprocessing.get_context("fork").Pool(1)
            self.pending = self.pool.apply_async(_run)
        except OSError:  # no process to be had (a limit on processes): the job runs in the caller
            self.pool = self.pending = None
        finally:
            _JOB = None

    def result(self) -> T:
        done, value = False, None
        if self.pool is not None and self.pending is not None:
            try:
                done, value = self.pending.get()
            except Exception:  # a value that does not come back whole
                done = False
            finally:
                self.pool.close()
                self.pool.join()
                self.pool = None
        return value if done else self.job()  # type: ignore[return-value]

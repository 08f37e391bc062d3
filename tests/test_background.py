"""kg.background: a job in a forked helper, its value back, its errors raised in the caller."""

from __future__ import annotations

import os

import pytest

import kg.background as background
from kg.background import Background
from kg.errors import InputError


def test_the_job_runs_in_another_process_and_its_value_comes_back():
    if not background.can_fork():
        pytest.skip("needs fork and two cores")
    job = Background(lambda: (os.getpid(), [1, 2, 3]))
    pid, value = job.result()
    assert pid != os.getpid() and value == [1, 2, 3]


def test_a_job_that_fails_in_the_helper_raises_its_own_error_in_the_caller(tmp_path):
    calls = tmp_path / "calls"

    def job() -> None:
        with open(calls, "a") as f:
            f.write(f"{os.getpid()}\n")
        raise InputError("feed.xml", "not well-formed")

    with pytest.raises(InputError, match="feed.xml: not well-formed"):
        Background(job).result()
    assert str(os.getpid()) in calls.read_text().split()  # run again here, after the helper failed


def test_without_fork_the_job_runs_in_the_caller(monkeypatch):
    monkeypatch.setattr(background, "can_fork", lambda: False)
    assert Background(os.getpid).result() == os.getpid()

"""Crash safety: a build killed with SIGKILL at any point leaves the previous outputs whole and
readable, and the next run resumes from the cache and equals an uninterrupted build."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import synthetic_article as article
from kg.export.atomic import Staging

FILES = ("graph.nq", "graph.trig", "graph.ttl", "graph.html")
def kg_build(src: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


def store_quads(out: Path) -> set:
    return set(ox.Store.read_only(str(out / "store")).quads_for_pattern(None, None, None, None))


def kill_when(src: Path, out: Path, ready) -> bool:
    """Start a build, SIGKILL it once ``ready()`` holds; False if it finished first."""
    proc = kg_build(src, out)
    deadline = time.monotonic() + 300
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            proc.kill()
            proc.wait()
            return True
        time.sleep(0.002)
    proc.communicate()
    return False


@pytest.mark.model
def test_sigkill_at_any_point_keeps_the_previous_outputs_and_the_next_run_resumes(tmp_path):
    src, out, ref, saved = tmp_path / "in", tmp_path / "out", tmp_path / "ref", tmp_path / "saved"
    src.mkdir()
    for i in range(3):
        (src / f"a{i:02d}.txt").write_text(article(i), encoding="utf-8")
    assert kg_build(src, out).wait() == 0
    old, old_quads = snapshot(out), store_quads(out)
    shutil.copytree(out, saved, symlinks=True)
    for i in range(3, 12):
        (src / f"a{i:02d}.txt").write_text(article(i), encoding="utf-8")
    assert kg_build(src, ref).wait() == 0
    new, new_quads = snapshot(ref), store_quads(ref)

    extractions = out / ".cache" / "extractions"
    moments = {
        "while loading the model": lambda t0=time.monotonic: True,
        "while parsing": lambda: len(list(extractions.glob("*.msgpack"))) >= 5,
        "while writing the outputs": lambda: (out / ".staging" / "graph.nq").exists(),
        "while building the store": lambda: (out / ".staging" / "store").exists(),
        "at the commit": lambda: (out / ".staging" / "moves.json").exists(),
    }
    killed = []
    for moment, ready in moments.items():
        shutil.rmtree(out)
        shutil.copytree(saved, out, symlinks=True)
        if kill_when(src, out, ready):
            killed.append(moment)
        now = snapshot(out)
        for name in FILES:
            assert now[name] in (old[name], new[name]), f"{name} half-written after a kill {moment}"
        assert store_quads(out) in (old_quads, new_quads), moment
        if all(now[name] == old[name] for name in FILES):
            assert store_quads(out) == old_quads, moment
    assert len(killed) >= 3, killed

    # The run killed while writing kept every extraction it had made: the next run parses nothing.
    shutil.rmtree(out)
    shutil.copytree(saved, out, symlinks=True)
    assert kill_when(src, out, moments["while writing the outputs"])
    proc = kg_build(src, out)
    _, err = proc.communicate()
    assert proc.returncode == 0, err
    assert "incremental: 0 article(s) parsed, 12 from cache" in err
    assert snapshot(out) == new and store_quads(out) == new_quads
    assert not (out / ".staging").exists()


def test_a_commit_cut_short_is_finished_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("a.txt", "b.txt"):
        (out / name).write_text("old", encoding="utf-8")
    (out / "store").mkdir()
    (out / "store" / "data").write_text("old", encoding="utf-8")
    staging = Staging(out)
    stage = staging.begin()
    for name in ("a.txt", "b.txt"):
        (stage / name).write_text("new", encoding="utf-8")
    (stage / "store").mkdir()
    (stage / "store" / "data").write_text("new", encoding="utf-8")
    moves = {"a.txt": "a.txt", "b.txt": "b.txt", "store": "store"}
    (stage / Staging.PLAN).write_text(json.dumps(moves), encoding="utf-8")
    (stage / "a.txt").replace(out / "a.txt")  # killed after the first move
    (out / "store").replace(out / ".store.old")  # ... and half-way through swapping the store
    assert Staging(out).recover()
    assert [(out / n).read_text(encoding="utf-8") for n in ("a.txt", "b.txt", "store/data")] == ["new"] * 3
    assert not stage.exists() and not (out / ".store.old").exists()


def test_an_uncommitted_staging_is_dropped(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("old", encoding="utf-8")
    stage = Staging(out).begin()
    (stage / "a.txt").write_text("half", encoding="utf-8")
    assert not Staging(out).recover()
    assert (out / "a.txt").read_text(encoding="utf-8") == "old" and not stage.exists()


@pytest.mark.model
def test_worker_processes_exit_when_their_build_is_killed(tmp_path):
    psutil = pytest.importorskip("psutil")
    src = tmp_path / "in"
    src.mkdir()
    for i in range(40):
        (src / f"a{i:02d}.txt").write_text(article(i), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(tmp_path / "out"),
                             "--workers", "2", "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: list = []
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
        workers = [p for p in psutil.Process(proc.pid).children(recursive=True) if "spawn_main" in " ".join(p.cmdline())]
        time.sleep(0.05)
    assert len(workers) >= 2, "the build finished before its workers were seen"
    proc.kill()
    proc.wait()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, [p.pid for p in alive]

"""The bad-input suite: every kind of broken input gets one error line naming it and the reason,
every good article beside it is built, and the run never crashes (no traceback, exit code 1)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

GOOD = "{name} meets ministers in Valdora\n\n{name}, the chief executive of Norland Shipping, met ministers in Valdora on Monday, the company said.\n"
BAD_LINES = [  # (line, the reason its error gives; "" for a blank line, skipped silently)
    (b'{"id": "x", "text": "unterminated', "malformed JSON"),
    (b"[1, 2, 3]", "must be a JSON object"),
    (b'{"id": "y", "title": "no text"}', "missing or empty 'text'"),
    (b'{"id": "z", "text": "caf\xe9"}', "not valid UTF-8"),
    (b"", ""),
    (b'{"id": "w", "text": "A report.", "datePublished": "someday"}', "is not a date"),
]
NAMES = ["Ada Korhonen", "Bruno Salas", "Chen Wei", "Dara Okafor", "Elin Berg", "Farid Haddad"]


def kg(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run kg; as root, without the capability to read any file (so a mode-000 file is unreadable)."""
    cmd = [sys.executable, "-m", "kg.cli", *args]
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: cannot make a file unreadable")
        drop = "-dac_override,-dac_read_search"
        cmd = ["setpriv", "--bounding-set", drop, "--inh-caps", drop, "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def built_articles(out: Path) -> set[str]:
    store = ox.Store.read_only(str(out / "store"))
    return {g.value.rsplit("/", 1)[-1] for g in store.named_graphs() if "/article/" in g.value}


def bad_folder(root: Path) -> tuple[dict[str, str], set[str]]:
    """A folder of broken inputs among good ones: {path: expected reason}, and the good ids."""
    d = root / "in"
    (d / "sub").mkdir(parents=True)
    expect: dict[str, str] = {}
    good: set[str] = set()
    for i, name in enumerate(NAMES[:3]):
        (d / f"good{i}.txt").write_text(GOOD.format(name=name), encoding="utf-8")
        good.add(f"good{i}")
    (d / "empty.txt").write_bytes(b"")
    expect["empty.txt"] = "empty file"
    (d / "blank.txt").write_text("  \n\n\t\n", encoding="utf-8")
    expect["blank.txt"] = "empty file"
    (d / "binary.txt").write_bytes(bytes(range(256)) * 64)
    expect["binary.txt"] = "binary file"
    (d / "truncated.txt").write_bytes(GOOD.format(name="Ola Nordmann").encode() + "café".encode()[:-1])
    expect["truncated.txt"] = "truncated UTF-8"
    (d / "latin1.txt").write_bytes("Caf\xe9 owner met the mayor on Monday.".encode("latin-1"))
    expect["latin1.txt"] = "not valid UTF-8"
    with open(d / "huge.txt", "wb") as f:  # 50 MB: refused before it is read
        line = b"The council met again on Monday to discuss the budget of the harbour. " * 14 + b"\n"
        while f.tell() < 50 * 2**20:
            f.write(line)
    expect["huge.txt"] = "article too long"
    (d / "scripts.html").write_text(
        "<html><head><title>Harbour reopens</title>" + "<script>var tracker = 'SCRIPTMARKER';</script>" * 2000
        + "</head><body>" + "<script>document.write('SCRIPTMARKER')</script>" * 500
        + f"<article><h1>Harbour reopens</h1><p>{GOOD.format(name=NAMES[3]).splitlines()[2]}</p>"
        + "<p>The harbour in Valdora reopened after two years of work, the port authority said.</p></article>"
        + "<script>alert('SCRIPTMARKER')</script></body></html>", encoding="utf-8")
    good.add("scripts")
    (d / "onlyscripts.html").write_text("<html><body>" + "<script>x()</script>" * 100 + "</body></html>", encoding="utf-8")
    expect["onlyscripts.html"] = "no article text"
    (d / "locked.txt").write_text(GOOD.format(name="Ivo Petrov"), encoding="utf-8")
    os.chmod(d / "locked.txt", 0)
    expect["locked.txt"] = "cannot read"
    (d / "sub" / "loop").symlink_to(d, target_is_directory=True)  # a folder that contains itself
    expect["sub/loop"] = "symbolic link loop"
    (d / "self.txt").symlink_to(d / "self.txt")  # a link to itself
    expect["self.txt"] = "symbolic link"
    (d / "dangling.txt").symlink_to(d / "nowhere.txt")
    expect["dangling.txt"] = "symbolic link"

    lines, reasons = [], {}
    for n in range(1, 10_001):  # 10,000 lines: 6 good articles among 9,994 broken or empty ones
        if n % 1700 == 0:
            name = NAMES[(n // 1700) - 1]
            lines.append(json.dumps({"id": f"line{n}", "text": GOOD.format(name=name)}).encode())
            good.add(f"line{n}")
            continue
        line, reason = BAD_LINES[n % len(BAD_LINES)]
        lines.append(line)
        if reason:
            reasons[n] = reason
    (d / "feed.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    for n, reason in reasons.items():
        expect[f"feed.jsonl:{n}"] = reason
    return expect, good


@pytest.mark.model
def test_every_bad_input_gets_one_line_and_every_good_article_is_built(tmp_path):
    expect, good = bad_folder(tmp_path)
    out = tmp_path / "out"
    run = kg("build", str(tmp_path / "in"), "--out", str(out))
    assert run.returncode == 1, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    errors = [ln for ln in run.stderr.splitlines() if ln.startswith("error: ")]
    for where, reason in expect.items():
        path = str(tmp_path / "in" / where)
        mine = [ln for ln in errors if ln.startswith(f"error: {path}:") and (":" not in where or
                                                                             ln.startswith(f"error: {path}: "))]
        assert len(mine) == 1, (where, mine[:3])
        assert reason in mine[0], (where, mine[0])
    assert len(errors) == len(expect)
    assert built_articles(out) == good
    nq = (out / "graph.nq").read_text(encoding="utf-8")
    assert "SCRIPTMARKER" not in nq and "Harbour reopens" in nq


def test_a_50_mb_article_is_refused_without_being_read(tmp_path):
    from kg.errors import InputError
    from kg.ingest import iter_sources

    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(50 * 2**20)  # sparse: reading it would take 50 MB
    items = list(iter_sources([big]))
    assert len(items) == 1 and isinstance(items[0], InputError) and "article too long" in str(items[0])


def test_a_huge_jsonl_line_is_skipped_in_constant_memory(tmp_path):
    from kg.errors import InputError
    from kg.ingest import iter_sources

    feed = tmp_path / "feed.jsonl"
    with open(feed, "wb") as f:
        f.write(b'{"id": "a", "text": "' + b"x" * (6 * 2**20) + b'"}\n')
        f.write(b'{"id": "b", "text": "A short report."}\n')
    items = list(iter_sources([feed]))
    assert isinstance(items[0], InputError) and "line too long" in str(items[0]) and str(items[0]).startswith(f"{feed}:1:")
    assert items[1].id == "b"


def test_a_folder_that_contains_itself_is_read_once(tmp_path):
    from kg.errors import InputError
    from kg.ingest import discover

    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "again").symlink_to(tmp_path, target_is_directory=True)
    found = list(discover([tmp_path]))
    assert [p for p in found if isinstance(p, Path)] == [tmp_path / "a.txt"]
    assert len([e for e in found if isinstance(e, InputError)]) == 1

"""The HTML graph in headless Chromium with every network request sent to a dead proxy."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from conftest import have

pytestmark = [pytest.mark.browser, pytest.mark.model,
              pytest.mark.skipif(not have("chromium"), reason="chromium not installed")]

FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Network off: every http(s) request goes to a closed port and fails.
    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    "--virtual-time-budget=5000",
]


def chromium(*args: str) -> subprocess.CompletedProcess:
    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    try:
        return subprocess.run(["chromium", *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def test_graph_renders_offline(demo_out):
    dom = chromium("--dump-dom", (demo_out / "graph.html").as_uri()).stdout
    assert 'data-ready="1"' in dom  # set by our script after vis-network drew the graph
    assert "<canvas" in dom


def test_screenshot_of_the_demo_graph(demo_out, screenshots: Path):
    shot = screenshots / "demo-graph.png"
    shot.unlink(missing_ok=True)
    chromium("--window-size=1400,900", f"--screenshot={shot}", (demo_out / "graph.html").as_uri())
    assert shot.stat().st_size > 10_000

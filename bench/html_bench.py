"""The HTML explorer at scale: a synthetic graph of N entities and M facts, opened in headless Chromium.

Prints, for `kg html` and for the page (Playwright driving Debian's Chromium, every network
request refused):
  - the seconds `kg html` takes to write the page;
  - the seconds from navigation start until the page is drawn and still (our script marks the
    first fitted frame; physics is off, and positions are checked unchanged a second later),
    for the default view (the most connected entities) and with every entity shown at once;
  - the seconds a click on "Show all" takes until the next frame.

    python bench/html_bench.py --nodes 5000 --edges 20000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
GOAL_S = 5.0


def settle(page, quiet_ms: int = 500) -> float:
    """Waits until no frame has been drawn for ``quiet_ms``; returns when the last one ended (ms
    since navigation start)."""
    count = page.evaluate("kg.frames.count")
    while True:
        page.wait_for_timeout(quiet_ms)
        now = page.evaluate("kg.frames.count")
        if now == count:
            return page.evaluate("kg.frames.last")
        count = now


def open_page(browser, html: Path, *, show_all: bool = False) -> dict:
    """Seconds from navigation start to the first still frame, and to the frame after "Show all"."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    # Network off through a dead proxy (request interception would slow the 10 MB file:// load).
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(html.as_uri(), wait_until="commit")
    page.wait_for_selector("body[data-ready='1']", timeout=120_000)
    ready_ms = settle(page)
    # Physics is off: positions a second later are the same.
    before = page.evaluate("JSON.stringify(kg.network.getPositions())")
    page.wait_for_timeout(1000)
    still = before == page.evaluate("JSON.stringify(kg.network.getPositions())")
    shown = page.evaluate("[kg.nodes.length, kg.edges.length]")
    result = {"ready_s": ready_ms / 1000, "still": still, "nodes": shown[0], "edges": shown[1],
              "requests": [u for u in requests if u != html.as_uri()], "errors": errors}
    if show_all:
        drawn = page.evaluate("kg.frames.count")
        start = page.evaluate("performance.now()")
        page.click("#all")
        page.wait_for_function(f"kg.frames.count > {drawn}", timeout=120_000)
        result["show_all_s"] = (settle(page) - start) / 1000
        result["all_nodes"], result["all_edges"] = page.evaluate("[kg.nodes.length, kg.edges.length]")
    context.close()
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=20000)
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"error: {CHROMIUM} not found (make system-deps installs it)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(Path(__file__).parent))
    from synthetic_graph import synthetic_graph

    from kg.export.rdf_files import Format, sorted_quads, write_rdf

    with tempfile.TemporaryDirectory(prefix="kg-html-bench-") as tmp:
        graph = Path(tmp) / "synthetic.trig"
        write_rdf(sorted_quads(synthetic_graph(args.nodes, args.edges)), graph, Format.trig)
        pages = {}
        times = {}
        for name, extra in (("default", []), ("all", ["--initial", str(args.nodes)])):
            out = Path(tmp) / f"{name}.html"
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "kg.cli", "html", str(graph), "-o", str(out), *extra],
                           check=True, capture_output=True)
            times[name] = time.perf_counter() - start
            pages[name] = out
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--proxy-server=127.0.0.1:9"])
            default = open_page(browser, pages["default"], show_all=True)
            everything = open_page(browser, pages["all"])
            browser.close()
        size_mb = pages["default"].stat().st_size / 1e6

    print(f"html graph          {args.nodes} entities, {args.edges} facts (synthetic, preferential attachment)")
    print(f"kg html             {times['default']:.2f} s  (page {size_mb:.1f} MB)")
    print(f"page, default view  {default['ready_s']:.2f} s to a still frame ({default['nodes']} entities and "
          f"{default['edges']} facts drawn first; still: {default['still']})  (goal <= {GOAL_S:.0f} s)")
    print(f"page, show all      {default['show_all_s']:.2f} s more for {default['all_nodes']} entities and "
          f"{default['all_edges']} facts")
    print(f"page, all at once   {everything['ready_s']:.2f} s to a still frame ({everything['nodes']} entities, "
          f"{everything['edges']} facts; still: {everything['still']})")
    problems = default["requests"] + default["errors"] + everything["requests"] + everything["errors"]
    if problems:
        print("error: the page made requests or logged errors: " + "; ".join(problems[:5]), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

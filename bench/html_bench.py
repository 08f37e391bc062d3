"""The HTML explorer at corpus scale, opened in headless Chromium (Debian's, every request refused).

For a synthetic graph of N entities and M facts (bench/synthetic_graph.py), and for a real build
directory when one is given (bench/bench.py passes its 2,000-article build), prints:
  - the seconds `kg html` takes to write the page, its peak memory and the page's size;
  - the seconds from navigation start until the first frame is drawn (the page's `kg-ready` mark);
  - frames per second while the camera pans and zooms for three seconds, far out (the overview
    of the whole graph) and close up (around the most connected entity, every node, edge and
    label in view drawn), counted as frames the view actually drew;
  - the page's JavaScript heap after opening (Chrome's Performance.getMetrics).

Goals: open in at most 5 s, at least 20 frames a second.

    python bench/html_bench.py --nodes 50000 --edges 200000 [--build DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench import measure  # bench/ is on the path when a script here runs
from synthetic_graph import write_synthetic

CHROMIUM = "/usr/bin/chromium"
OPEN_GOAL_S, FPS_GOAL = 5.0, 20.0
SECONDS = 3.0

# Moves the camera on every animation frame for `seconds`, around (x, y) at scale s0, by up to
# `reach` world units and a zoom of 0.7-1.4x, then reports the frames the view drew per second.
MOVE = """([x, y, s0, reach, seconds]) => new Promise(done => {
  const start = performance.now(), first = kg.view.frames.count, modes = new Set();
  function step(now) {
    const t = (now - start) / 1000;
    kg.view.moveTo(x + reach * Math.sin(t * 2.1), y + reach * Math.cos(t * 1.7), s0 * (1 + 0.35 * Math.sin(t * 3)));
    modes.add(kg.view.frames.mode);
    if (t < seconds) requestAnimationFrame(step);
    else done({fps: (kg.view.frames.count - first) / t, modes: [...modes], edges: kg.view.frames.edges,
               nodes: kg.view.frames.nodes});
  }
  requestAnimationFrame(step);
})"""

# The close-up: the most connected shown entity, at a scale where about 100 nodes are in view.
HUB = """() => {
  const degree = new Map();
  for (const j of kg.view.shownEdges()) for (const i of [kg.view.m.from[j], kg.view.m.to[j]])
    degree.set(i, (degree.get(i) || 0) + 1);
  let hub = 0, best = -1;
  for (const [i, d] of degree) if (d > best) { hub = i; best = d; }
  return hub;
}"""


def heap_used(cdp) -> float:
    """Bytes of JavaScript heap in use, as Chrome's Performance panel reports it."""
    return next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"] if m["name"] == "JSHeapUsedSize")


def page_figures(browser, html: Path) -> dict:
    """Open time, frames per second far out and close up, heap, and anything the page asked for."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.url != html.as_uri() else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(html.as_uri(), wait_until="commit")
    page.wait_for_selector("body[data-ready='1']", timeout=120_000)
    ready_s = page.evaluate("performance.getEntriesByName('kg-ready')[0].startTime") / 1000
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    opened = heap_used(cdp)
    cam = page.evaluate("({...kg.view.cam, w: kg.view.w})")
    far = page.evaluate(MOVE, [cam["x"], cam["y"], cam["scale"], cam["w"] / cam["scale"] / 8, SECONDS])
    hub = page.evaluate(HUB)
    page.evaluate(f"kg.focusNode({hub})")
    near_scale = max(cam["scale"] * 6, 1.0)
    x, y = page.evaluate(f"[kg.view.m.x[{hub}], kg.view.m.y[{hub}]]")
    near = page.evaluate(MOVE, [x, y, near_scale, 200 / near_scale, SECONDS])
    heap = max(opened, heap_used(cdp))
    shown = page.evaluate("[kg.shownNodes().length, kg.shownEdges().length]")
    context.close()
    return {"ready_s": ready_s, "far": far, "near": near, "heap_mb": heap / 2**20,
            "nodes": shown[0], "edges": shown[1], "problems": requests + errors}


def report(name: str, html_s: float, html_mb: float, size_mb: float, fig: dict) -> list[str]:
    """Prints one block of figures; returns the goals missed."""
    far, near = fig["far"], fig["near"]
    print(f"{name}: {fig['nodes']:,} entities and {fig['edges']:,} facts shown")
    print(f"  kg html           {html_s:7.2f} s  peak {html_mb:6,.0f} MiB  page {size_mb:.1f} MB")
    print(f"  page open         {fig['ready_s']:7.2f} s to the first frame  (goal <= {OPEN_GOAL_S:.0f} s)")
    print(f"  pan+zoom, far     {far['fps']:7.1f} frames/s  ({'/'.join(far['modes'])}: {far['nodes']} nodes sharp)"
          f"  (goal >= {FPS_GOAL:.0f})")
    print(f"  pan+zoom, close   {near['fps']:7.1f} frames/s  ({'/'.join(near['modes'])}: {near['nodes']} nodes, "
          f"{near['edges']} edges drawn)")
    print(f"  page memory       {fig['heap_mb']:7.0f} MiB JavaScript heap (the most, after opening and after moving)",
          flush=True)
    missed = [f"{name}: {p}" for p in fig["problems"][:5]]
    if fig["ready_s"] > OPEN_GOAL_S:
        missed.append(f"{name}: opens in {fig['ready_s']:.1f} s")
    missed += [f"{name}: {fps:.0f} frames/s {where}" for where, fps in (("far", far["fps"]), ("close", near["fps"]))
               if fps < FPS_GOAL]
    return missed


def html_bench(browser, source: Path, name: str, tmp: Path) -> list[str]:
    out = tmp / f"{name.split()[0]}.html"
    html_s, html_mb, _ = measure([sys.executable, "-m", "kg.cli", "html", str(source), "-o", str(out)])
    return report(name, html_s, html_mb, out.stat().st_size / 1e6, page_figures(browser, out))


def run(sources: list[tuple[Path, str]], synthetic: tuple[int, int] | None = None) -> list[str]:
    """Benches each (graph, name) and, if asked, a synthetic graph of (entities, facts); returns
    the goals missed."""
    from playwright.sync_api import sync_playwright

    missed: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kg-html-bench-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--proxy-server=127.0.0.1:9"])
        for source, name in sources:
            missed += html_bench(browser, source, name, Path(tmp))
        if synthetic:
            source = Path(tmp) / "synthetic.nq"
            write_synthetic(source, *synthetic)
            missed += html_bench(browser, source, "synthetic graph (communities, heavy-tailed degree)", Path(tmp))
        browser.close()
    for m in missed:
        print(f"goal missed: {m}", file=sys.stderr)
    return missed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=50_000)
    ap.add_argument("--edges", type=int, default=200_000)
    ap.add_argument("--build", type=Path, help="Also a real build directory (or RDF file).")
    ap.add_argument("--no-synthetic", action="store_true", help="Only the --build.")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"error: {CHROMIUM} not found (make system-deps installs it)", file=sys.stderr)
        return 2
    sources = [(args.build, f"real build ({args.build.name})")] if args.build else []
    return 1 if run(sources, None if args.no_synthetic else (args.nodes, args.edges)) else 0


if __name__ == "__main__":
    sys.exit(main())

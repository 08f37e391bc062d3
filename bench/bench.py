"""`make bench`: kg build against a plain spaCy parse of the same texts, measured in one run.

Takes the first N articles of a JSONL corpus (read in place), writes them to a temporary
JSONL outside the project, then times (1) `nlp.pipe` over the texts kg reads and (2) a whole
`kg build` of the file (model load, extraction, exports and store included). Prints the
seconds and the ratio; the goal is build / parse <= 1.3.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    if not args.corpus.is_file():
        print(f"error: {args.corpus}: corpus not found", file=sys.stderr)
        return 2

    from kg.ingest import iter_articles
    from kg.nlp import load_pipeline
    from kg.types import Article

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        sample = Path(tmp) / "sample.jsonl"
        with open(args.corpus, encoding="utf-8") as src, open(sample, "w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= args.articles:
                    break
                dst.write(line)
        texts = [a.text for a in iter_articles([sample]) if isinstance(a, Article)]
        words = sum(len(t.split()) for t in texts)

        nlp = load_pipeline()
        start = time.perf_counter()
        for _ in nlp.pipe(texts, n_process=args.jobs, batch_size=16):
            pass
        parse_s = time.perf_counter() - start

        out = Path(tmp) / "out"
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "kg.cli", "build", str(sample), "--out", str(out), "--quiet", "--jobs", str(args.jobs)],
            capture_output=True, text=True,
        )
        build_s = time.perf_counter() - start
        if proc.returncode != 0:
            print(f"error: kg build exited {proc.returncode}:\n{proc.stderr}", file=sys.stderr)
            return 1
        child_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        quads = sum(1 for _ in open(out / "graph.nq", encoding="utf-8"))

    print(f"articles            {len(texts)}")
    print(f"words               {words}")
    print(f"quads written       {quads}")
    print(f"plain nlp.pipe      {parse_s:.2f} s  ({words / parse_s:,.0f} words/s)")
    print(f"kg build            {build_s:.2f} s  ({words / build_s:,.0f} words/s, peak RSS {child_rss_mb:,.0f} MiB)")
    print(f"ratio build/parse   {build_s / parse_s:.2f}  (goal <= 1.3)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

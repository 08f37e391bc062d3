"""`kg serve` under load, on a loopback port: 50 concurrent clients, 20 queries each.

Every answer must equal the embedded store's, none may fail, and the latencies are printed (the
p95 goes in the closing note: run with -s). A query past --timeout is cancelled in the server:
the server stops working on it and goes on answering others.
"""

from __future__ import annotations

import statistics
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest

from test_queries import QUERIES, run_embedded
from test_stores import KG, free_port, stop, wait_for

CLIENTS, PER_CLIENT = 50, 20
# Three copies of every triple pattern over the whole store: billions of rows on any graph.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def served(out_dir, *extra: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([*KG, "serve", str(out_dir), "--port", str(port), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/", proc)
    return proc, base


def canonical(answer: tuple[list[str], list[list[str | None]]], ordered: bool) -> tuple:
    variables, rows = answer
    return tuple(variables), tuple(map(tuple, rows)) if ordered else tuple(sorted(map(tuple, rows), key=repr))


@pytest.mark.model
def test_fifty_concurrent_clients_get_every_answer_right(demo_out):
    from kg.remote import select

    expected = {q: canonical(run_embedded(demo_out, q), "ORDER BY" in q.read_text()) for q in QUERIES}
    texts = {q: q.read_text(encoding="utf-8") for q in QUERIES}
    proc, base = served(demo_out)

    def client(n: int) -> list[tuple[bool, float]]:
        out = []
        for k in range(PER_CLIENT):
            q = QUERIES[(n + k) % len(QUERIES)]
            started = time.perf_counter()
            answer = select(base + "/query", texts[q], timeout=60)
            out.append((canonical(answer, "ORDER BY" in texts[q]) == expected[q], time.perf_counter() - started))
        return out

    try:
        with ThreadPoolExecutor(CLIENTS) as pool:
            results = [r for rs in pool.map(client, range(CLIENTS)) for r in rs]
    finally:
        stop(proc)
    assert len(results) == CLIENTS * PER_CLIENT
    assert all(right for right, _ in results), f"{sum(not r for r, _ in results)} wrong answers"
    latencies = sorted(t for _, t in results)
    p95 = latencies[int(0.95 * len(latencies)) - 1]
    print(f"\nkg serve: {len(results)} queries from {CLIENTS} clients, median {statistics.median(latencies) * 1000:.0f} ms,"
          f" p95 {p95 * 1000:.0f} ms, max {latencies[-1] * 1000:.0f} ms")


@pytest.mark.model
def test_a_query_past_the_timeout_is_cancelled_in_the_server(demo_out):
    from kg.remote import select

    proc, base = served(demo_out, "--timeout", "1")
    try:
        server = psutil.Process(proc.pid)  # kg serve execs the Oxigraph server: the same process
        started = time.perf_counter()
        request = urllib.request.Request(base + "/query", data=urllib.parse.urlencode({"query": RUNAWAY}).encode(),
                                         headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                body = r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", "replace")
        assert time.perf_counter() - started < 10
        assert "cancelled" in body and '"value"' not in body  # no count came back
        time.sleep(0.5)
        before = sum(server.cpu_times()[:2])
        time.sleep(2)
        assert sum(server.cpu_times()[:2]) - before < 0.3  # it is not still counting
        assert select(base + "/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[1][0][0] != "0"
    finally:
        stop(proc)

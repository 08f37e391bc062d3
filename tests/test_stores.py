"""Real triple stores: an Oxigraph server loaded with `kg load`, `kg serve`, and Virtuoso.

Each starts a real server process on a free loopback port and checks that the example queries
answer over HTTP exactly as the embedded store answers them.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from test_queries import QUERIES, run_embedded

KG = [sys.executable, "-m", "kg.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer in {timeout}s")


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def oxigraph_server(tmp_path):
    """A writable Oxigraph server with its own empty store: yields its base URL."""
    from kg.store import oxigraph_server as program

    port = free_port()
    proc = subprocess.Popen([program(), "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/", proc)
        yield base
    finally:
        stop(proc)


def count(query_url: str) -> int:
    from kg.remote import select

    _, rows = select(query_url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(rows[0][0])


@pytest.mark.model
@pytest.mark.external
def test_kg_load_into_an_oxigraph_server_answers_every_query_as_the_embedded_store(demo_out, oxigraph_server):
    from kg.remote import select

    load = subprocess.run([*KG, "load", str(demo_out), "--endpoint", oxigraph_server + "/store", "-q"],
                          capture_output=True, text=True)
    assert load.returncode == 0, load.stderr
    for query in QUERIES:
        assert select(oxigraph_server + "/query", query.read_text()) == run_embedded(demo_out, query), query.name


@pytest.mark.model
@pytest.mark.external
def test_loading_twice_replaces_each_graph(demo_out, oxigraph_server):
    from kg.remote import load

    first = load(demo_out, oxigraph_server + "/store")
    n = count(oxigraph_server + "/query")
    second = load(demo_out, oxigraph_server + "/store")
    assert not first.errors and not second.errors
    assert count(oxigraph_server + "/query") == n > 0


def test_load_reports_an_unreachable_endpoint_as_a_usage_error(tmp_path):
    (tmp_path / "graph.nq").write_text("<http://a> <http://b> <http://c> <http://g> .\n")
    proc = subprocess.run([*KG, "load", str(tmp_path), "--endpoint", f"http://127.0.0.1:{free_port()}/store", "-q"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "cannot reach" in proc.stderr


@pytest.mark.model
@pytest.mark.external
def test_kg_serve_answers_queries_on_loopback_and_refuses_updates(demo_out):
    from kg.remote import select

    port = free_port()
    proc = subprocess.Popen([*KG, "serve", str(demo_out), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/", proc)
        query = next(q for q in QUERIES if q.stem == "meetings")
        assert select(base + "/query", query.read_text()) == run_embedded(demo_out, query)
        update = urllib.request.Request(base + "/update", method="POST", data=b"DROP ALL",
                                        headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(update, timeout=5)
        assert 400 <= refused.value.code < 500
        assert count(base + "/query") > 0
    finally:
        stop(proc)


def test_serve_binds_to_loopback_by_default_and_refuses_a_taken_port(tmp_path):
    from kg.errors import UsageError
    from kg.store import serve_command

    (tmp_path / "store").mkdir()
    cmd = serve_command(tmp_path, port=free_port())
    assert cmd[1] == "serve-read-only" and cmd[cmd.index("--bind") + 1].startswith("127.0.0.1:")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(UsageError, match="cannot listen"):
            serve_command(tmp_path, port=taken.getsockname()[1])


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = {isql}
DirsAllowed = ., {d}, {data}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = {http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
[SPARQL]
ResultSetMaxRows = 100000
"""


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.external
@pytest.mark.skipif(not shutil.which("virtuoso-t"), reason="virtuoso-opensource not installed")
def test_virtuoso_loads_the_turtle_and_answers_a_query_the_same(demo_out, tmp_path):
    from kg.remote import select

    isql_port, http_port = free_port(), free_port()
    (tmp_path / "virtuoso.ini").write_text(VIRTUOSO_INI.format(d=tmp_path, data=demo_out, isql=isql_port, http=http_port))
    proc = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(tmp_path / "virtuoso.ini")],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_for(base + "/sparql", proc, timeout=90)
        ttl = demo_out / "graph.ttl"
        load = subprocess.run(["isql-vt", str(isql_port), "dba", "dba", "exec=" +
                               f"DB.DBA.TTLP_MT(file_to_string_output('{ttl}'), '', 'urn:newskg:demo', 0); checkpoint;"],
                              capture_output=True, text=True, timeout=120)
        assert load.returncode == 0 and "Error" not in load.stdout + load.stderr, load.stdout + load.stderr
        # graph.ttl is the union of the graphs, so ask a query that needs no named graph.
        query = next(q for q in QUERIES if q.stem == "wikidata-links")
        variables, rows = select(base + "/sparql", query.read_text())
        expected_variables, expected_rows = run_embedded(demo_out, query)
        assert variables == expected_variables
        assert sorted(rows) == sorted(expected_rows) and expected_rows
    finally:
        stop(proc)

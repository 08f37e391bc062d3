"""A build directory is data, never code: whatever its cache holds, a build runs none of it.

Someone may hand a user a build directory. The cache is MessagePack decoded into our own
dataclasses behind a digest; a pickle planted anywhere in it, a truncated entry or an altered
one is set aside with one warning and the article is extracted again, to the same outputs.
"""

from __future__ import annotations

import hashlib
import pickle
import shutil
from pathlib import Path

import pytest

from conftest import synthetic_article
from kg.cache import FORMAT, ExtractionCache, seal, unseal

FILES = ("graph.nq", "graph.trig", "graph.ttl", "graph.html")


class _Plant:
    """Unpickling this creates the file it names: what an attacker's cache entry would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def _build(src: Path, out: Path):
    from kg.build import Hooks, build

    warnings: list[str] = []
    report = build([src], out, hooks=Hooks(on_warning=warnings.append))
    return report, warnings


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """Three articles built once, kept as a reference directory."""
    root = tmp_path_factory.mktemp("cache-safety")
    src, ref = root / "src", root / "ref"
    src.mkdir()
    for i in range(3):
        (src / f"a{i}.txt").write_text(synthetic_article(i), encoding="utf-8")
    report, warnings = _build(src, ref)
    assert report.parsed == 3 and warnings == []
    return src, ref


def _copy(ref: Path, to: Path) -> Path:
    shutil.copytree(ref, to, symlinks=True)
    return to


@pytest.mark.model
def test_a_planted_pickle_is_never_unpickled_and_the_build_succeeds(built, tmp_path):
    src, ref = built
    out = _copy(ref, tmp_path / "handed-over")
    marker = tmp_path / "pwned"
    payload = pickle.dumps(_Plant(marker))
    cache = out / ".cache"
    planted = [*cache.glob("extractions/*"), *cache.glob("graphs/*"), cache / "summaries.msgpack",
               cache / "entities.msgpack", cache / "summaries.pickle", cache / "entities.pickle"]
    for path in planted:
        path.write_bytes(payload)
    (out / "graph.nq").unlink()  # so the outputs are written again, from what the cache holds
    report, warnings = _build(src, out)
    assert not marker.exists()
    assert report.errors == [] and report.parsed == 3 and report.cached == 0
    assert len(warnings) == 1 and "not trusted" in warnings[0] and "not a newskg cache entry" in warnings[0]
    for name in FILES:
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name
    assert not list(cache.glob("*.pickle"))  # and what an older newskg left is gone


@pytest.mark.model
def test_a_truncated_or_altered_entry_is_extracted_again_with_one_warning(built, tmp_path):
    src, ref = built
    out = _copy(ref, tmp_path / "damaged")
    entries = sorted((out / ".cache" / "extractions").glob("*.msgpack"))
    entries[0].write_bytes(entries[0].read_bytes()[:-100])  # truncated
    data = bytearray(entries[1].read_bytes())
    data[-10] ^= 0xFF  # one byte altered
    entries[1].write_bytes(bytes(data))
    (out / "graph.nq").unlink()
    report, warnings = _build(src, out)
    assert report.errors == [] and report.parsed == 2 and report.cached == 1
    assert len(warnings) == 1 and "2 cache entries" in warnings[0] and "digest does not match" in warnings[0]
    for name in FILES:
        assert (out / name).read_bytes() == (ref / name).read_bytes(), name


def test_an_entry_with_a_good_digest_but_a_foreign_shape_is_rejected(tmp_path):
    from kg.ingest import Source
    from kg.types import Article, ArticleExtraction

    cache = ExtractionCache(tmp_path, "fp")
    src = Source("txt", "x.txt", "x", "t", "", "content digest")
    extraction = ArticleExtraction(Article(id="x", text="Ana met Bo.", source="x.txt", source_text="Ana met Bo.",
                                           content_hash="h"), [], [])
    cache.put(cache.key(src), extraction)
    assert cache.get(src) == extraction and cache.rejected == {}
    entry = next(cache.dir.glob("*.msgpack"))
    entry.write_bytes(seal(b"\x93\x01\x02\x03"))  # well sealed, but a list of three ints
    assert cache.get(src) is None
    assert list(cache.rejected) == [str(entry)]
    assert cache.rejected[str(entry)].startswith("not a valid ArticleExtraction entry")


def test_an_entry_of_another_format_version_is_stale_not_suspect():
    other = b"newskg-cache\nextractions-v0\n" + hashlib.sha256(b"x").digest() + b"x"
    assert unseal(other) is None
    assert unseal(seal(b"payload")) == b"payload" and FORMAT.encode() in seal(b"")

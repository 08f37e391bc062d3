"""The cache that makes builds incremental and resumable: DIR/.cache/.

Extraction is a pure function of the article as read (its ``Source``: text, metadata, id), the
spaCy pipeline, our code and our tables, so each extraction is stored under a hash of all of
them, as soon as it is made: a build that is killed keeps what it had done. A rebuild neither
cleans nor parses an article it has seen before.

Beside the extractions the cache keeps, per build directory, the summaries of the last build
(what resolution needs of each article, in one file) and each article's named graph as N-Quads,
keyed by the extraction and the canonical keys its entities resolved to. Writing the graph of
an unchanged article is then a file copy.

Entries are pickles written by this program into the build directory; like any pickle they are
only to be read from a directory you built yourself.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from kg.export.atomic import write_bytes_atomic
from kg.ingest import Source
from kg.resources import ROOT, data_dir, ontology_dir
from kg.types import ArticleExtraction, ArticleSummary

CACHE_DIR = ".cache"
FORMAT = "extractions-v3"
_READ_ERRORS = (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError)


def model_version(model: str) -> str:
    """The installed pipeline's name and version (or its meta.json), without importing spaCy."""
    from importlib.metadata import PackageNotFoundError, version

    path = Path(model)
    meta = path / "meta.json"
    if meta.is_file():
        return hashlib.sha256(meta.read_bytes()).hexdigest()
    try:
        return f"{model}=={version(model)}"
    except (PackageNotFoundError, ValueError):
        return f"{model}==unknown"


# The code an extraction depends on (what kg.extract, kg.ingest, kg.nlp and kg.engine import; a
# test checks the list), and the code that turns extractions into N-Quads. Changing anything
# else (the HTML page, the CLI, this file: bump FORMAT when the pickles change) keeps the cache.
EXTRACTION_CODE = ("__init__.py", "compiled_rules.py", "errors.py", "extract", "ingest", "gazetteer.py", "link.py", "namespace.py", "nlp.py",
                   "normalize.py", "ontology.py", "resolve.py", "resources.py", "types.py", "engine.py")
WRITER_CODE = ("rdf.py", "export/rdf_files.py", "namespace.py", "types.py")


def _code_files(names: tuple[str, ...]) -> list[Path]:
    files: list[Path] = []
    for name in names:
        path = ROOT / "kg" / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


def _digest(parts: list[Path], prefix: str) -> str:
    h = hashlib.sha256(prefix.encode())
    for f in parts:
        h.update(str(f.relative_to(ROOT)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def fingerprint(model: str) -> str:
    """Everything extraction depends on besides the article: code, tables, ontology, pipeline."""
    files = _code_files(EXTRACTION_CODE)
    files += sorted(p for p in data_dir().rglob("*") if p.is_file() and "articles" not in p.parts)
    files += [ontology_dir() / "kg.ttl"]
    return _digest(files, f"{FORMAT}|{model_version(model)}")


def output_code() -> str:
    """The code and templates every output file is written by."""
    export = ROOT / "kg" / "export"
    return _digest(sorted(p for p in export.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
                   + _code_files(("graph_files.py", "rdf.py", "store.py", "build.py", "network.py", "analytics.py")), FORMAT)


def resolution_code() -> str:
    """The code that resolves entities across articles (kg.resolve is part of the fingerprint)."""
    return _digest(_code_files(("identity.py",)), FORMAT)


def writer_fingerprint() -> str:
    """The code that writes an article's or entity's N-Quads: part of those cache keys."""
    return _digest(_code_files(WRITER_CODE), FORMAT)


class ExtractionCache:
    """Cached extractions, summaries and article graphs of one build directory, under one fingerprint."""

    def __init__(self, out_dir: Path, fingerprint: str) -> None:
        self.root = out_dir / CACHE_DIR
        self.dir = self.root / "extractions"
        self.graphs = self.root / "graphs"
        self.fingerprint = fingerprint
        self.writer = writer_fingerprint()

    def key(self, source: Source) -> str:
        return hashlib.sha256(f"{self.fingerprint}|{source.digest}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.dir / f"{key}.pickle"

    def load(self, key: str, article_id: str, where: str) -> ArticleExtraction | None:
        """The extraction stored under ``key``, or None (missing or unreadable: then it is built again).

        ``where`` is the article's current place: the same article moved (a JSONL line with one
        inserted above it) is the same extraction with its source set again."""
        try:
            found = pickle.loads(self._path(key).read_bytes())
        except _READ_ERRORS:
            return None
        if not isinstance(found, ArticleExtraction) or found.article.id != article_id:
            return None
        if found.article.source != where:
            found.article = replace(found.article, source=where)
        return found

    def get(self, source: Source) -> ArticleExtraction | None:
        return self.load(self.key(source), source.id, source.where)

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def put(self, key: str, extraction: ArticleExtraction) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(self._path(key), pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL))

    def _read_table(self, name: str, version: str) -> dict:
        """A whole-build table pickled with the version it was made under; {} when it is stale or unreadable."""
        try:
            found = pickle.loads((self.root / name).read_bytes())
        except _READ_ERRORS:
            return {}
        ok = isinstance(found, dict) and found.get("version") == version and isinstance(found.get("table"), dict)
        return found["table"] if ok else {}

    @staticmethod
    def _table_bytes(table: dict, version: str) -> bytes:
        return pickle.dumps({"version": version, "table": table}, protocol=pickle.HIGHEST_PROTOCOL)

    # Summaries of the last build: one file, read once per build.
    def summaries(self) -> dict[str, ArticleSummary]:
        return self._read_table("summaries.pickle", self.fingerprint)

    def summaries_bytes(self, summaries: dict[str, ArticleSummary]) -> bytes:
        return self._table_bytes(summaries, self.fingerprint)

    # Each entity's part of the default graph as N-Quads, by a digest of the resolved entity.
    def entity_chunks(self) -> dict[str, bytes]:
        return self._read_table("entities.pickle", self.writer)

    def put_entity_chunks(self, chunks: dict[str, bytes]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(self.root / "entities.pickle", self._table_bytes(chunks, self.writer))

    # Article graphs as N-Quads, by extraction and resolved keys.
    def graph_key(self, key: str, where: str, keys: dict[int, str]) -> str:
        data = json.dumps([self.writer, key, where, sorted(keys.items())], ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()

    def graph(self, graph_key: str) -> bytes | None:
        try:
            return (self.graphs / f"{graph_key}.nq").read_bytes()
        except OSError:
            return None

    def has_graph(self, graph_key: str) -> bool:
        return (self.graphs / f"{graph_key}.nq").is_file()

    def put_graph(self, graph_key: str, data: bytes) -> None:
        self.graphs.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(self.graphs / f"{graph_key}.nq", data)

    def keep_only(self, keys: Iterable[str], graph_keys: Iterable[str]) -> int:
        """Delete the entries no build of these articles will read again (gone, changed, or older code)."""
        removed = 0
        for folder, keep, suffix in ((self.dir, set(keys), ".pickle"), (self.graphs, set(graph_keys), ".nq")):
            if folder.is_dir():
                for p in folder.iterdir():
                    if p.name.endswith(suffix) and p.name[: -len(suffix)] not in keep:
                        p.unlink(missing_ok=True)
                        removed += 1
        return removed

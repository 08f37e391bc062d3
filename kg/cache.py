"""The extraction cache that makes builds incremental: one entry per article, keyed by content.

Extraction is a pure function of the article (text and metadata), the spaCy pipeline, our code
and our tables, so its result is cached under a hash of all of them in DIR/.cache/. A rebuild
parses only the articles that are new or changed; everything after extraction (resolution
across articles, RDF, files) is recomputed, so the output equals a fresh build byte for byte.

Entries are pickles written by this program into the build directory; like any pickle they are
only to be read from a directory you built yourself.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable
from pathlib import Path

from kg.export.atomic import write_bytes_atomic
from kg.resources import ROOT, data_dir, ontology_dir
from kg.types import Article, ArticleExtraction

CACHE_DIR = ".cache"
FORMAT = "extractions-v1"


def model_version(model: str) -> str:
    """The installed pipeline's name and version (or its meta.json), without loading it."""
    import spacy.util

    path = Path(model)
    meta = path / "meta.json"
    if meta.is_file():
        return hashlib.sha256(meta.read_bytes()).hexdigest()
    return f"{model}=={spacy.util.get_package_version(model) or 'unknown'}"


def fingerprint(model: str) -> str:
    """Everything extraction depends on besides the article: code, tables, ontology, pipeline."""
    h = hashlib.sha256(f"{FORMAT}|{model_version(model)}".encode())
    files: list[Path] = sorted((ROOT / "kg").rglob("*.py"))
    files += sorted(p for p in data_dir().rglob("*") if p.is_file() and "articles" not in p.parts)
    files += [ontology_dir() / "kg.ttl"]
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


class ExtractionCache:
    """Cached extractions of one build directory, under one fingerprint."""

    def __init__(self, out_dir: Path, fingerprint: str) -> None:
        self.dir = out_dir / CACHE_DIR / "extractions"
        self.fingerprint = fingerprint

    def key(self, article: Article) -> str:
        return hashlib.sha256(f"{self.fingerprint}|{article!r}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.dir / f"{key}.pickle"

    def get(self, article: Article) -> ArticleExtraction | None:
        """The cached extraction, or None (missing, or unreadable: then it is built again)."""
        try:
            found = pickle.loads(self._path(self.key(article)).read_bytes())
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None
        return found if isinstance(found, ArticleExtraction) and found.article == article else None

    def put(self, extraction: ArticleExtraction) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL)
        write_bytes_atomic(self._path(self.key(extraction.article)), data)

    def keep_only(self, articles: Iterable[Article]) -> int:
        """Delete the entries of articles no longer built (gone, changed, or an older fingerprint)."""
        keep = {f"{self.key(a)}.pickle" for a in articles}
        removed = 0
        if self.dir.is_dir():
            for p in self.dir.glob("*.pickle"):
                if p.name not in keep:
                    p.unlink(missing_ok=True)
                    removed += 1
        return removed

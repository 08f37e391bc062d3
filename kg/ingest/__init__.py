"""Articles from files, folders (recursively) and JSONL, with stable ids and clear errors."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.ingest.boilerplate import BoilerplateRules
from kg.ingest.readers import read_html, read_jsonl, read_txt
from kg.types import Article

SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}

__all__ = ["SUFFIXES", "discover", "iter_articles"]


def discover(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    """Article files under the given paths, in a stable order; sidecars and hidden files skipped."""
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            yield from found
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                yield path
            else:
                yield InputError(
                    str(path),
                    f"unsupported file type '{path.suffix or '(none)'}'",
                    hint="expected " + ", ".join(sorted(SUFFIXES)),
                )
        elif path.exists():
            yield InputError(str(path), "not a regular file or folder")
        else:
            yield InputError(str(path), "no such file or directory")


def iter_articles(
    paths: Iterable[Path], rules: BoilerplateRules | None = None
) -> Iterator[Article | InputError]:
    """Every article under ``paths``, or an InputError in its place; ids are made unique."""
    rules = rules or BoilerplateRules.load()
    seen: set[str] = set()
    for item in discover(paths):
        if isinstance(item, InputError):
            yield item
            continue
        kind = SUFFIXES[item.suffix.lower()]
        try:
            if kind == "jsonl":
                results: Iterable[Article | InputError] = list(read_jsonl(item, rules))
            elif kind == "html":
                results = [read_html(item, rules)]
            else:
                results = [read_txt(item, rules)]
        except InputError as e:
            yield e
            continue
        for result in results:
            if isinstance(result, Article) and result.id in seen:
                # Two files with one stem: keep both, the later one gets a path-derived suffix.
                suffix = hashlib.sha256(result.source.encode("utf-8")).hexdigest()[:8]
                result = replace(result, id=f"{result.id}-{suffix}")
            if isinstance(result, Article):
                seen.add(result.id)
            yield result

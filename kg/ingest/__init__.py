"""Articles from files, folders (recursively) and JSONL, with stable ids and clear errors."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from kg.errors import InputError
from kg.ingest.boilerplate import BoilerplateRules
from kg.ingest.feeds import FEED_SUFFIXES, read_feed_sources
from kg.ingest.readers import MAX_ARTICLE_CHARS, Note, Source, read_file_source, read_jsonl_sources
from kg.ingest.warc import WARC_SUFFIXES, read_warc_sources
from kg.types import Article

SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl",
            **dict.fromkeys(FEED_SUFFIXES, "feed"), **dict.fromkeys(WARC_SUFFIXES, "warc")}
CONTAINERS = {"jsonl": read_jsonl_sources, "feed": read_feed_sources, "warc": read_warc_sources}  # many articles a file

__all__ = ["CONTAINERS", "MAX_ARTICLE_CHARS", "SUFFIXES", "Note", "Source", "discover", "iter_articles", "iter_sources",
           "kind_of"]


def kind_of(path: Path) -> str | None:
    """The reader a file name calls for ("txt", "html", "jsonl", "feed", "warc"), or None."""
    name = path.name.lower()  # by ending, not Path.suffix: ".warc.gz" is one
    return next((kind for suffix, kind in SUFFIXES.items() if name.endswith(suffix)), None)


def _walk(root: Path) -> Iterator[Path | InputError]:
    """Files under ``root`` in a stable order, hidden ones skipped; symlinked folders are followed
    once each, so a link that loops back is reported instead of walked forever."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in seen:
                yield InputError(str(folder), "symbolic link loop: this folder was already read")
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            yield InputError(str(folder), f"cannot read the folder ({e.strerror or e})")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
                is_file = not is_dir and entry.is_file()
            except OSError as e:
                yield InputError(str(path), f"cannot read ({e.strerror or e})")
                continue
            if is_dir:
                subfolders.append(path)
            elif is_file and kind_of(path):
                yield path
            elif entry.is_symlink() and kind_of(path):
                yield InputError(str(path), "broken symbolic link or link loop")
        stack.extend(reversed(subfolders))


def discover(paths: Iterable[Path]) -> Iterator[Path | InputError]:
    """Article files under the given paths, in a stable order; sidecars and hidden files skipped."""
    for path in paths:
        try:
            is_dir, is_file, exists = path.is_dir(), path.is_file(), path.exists()
        except OSError as e:
            yield InputError(str(path), f"cannot read ({e.strerror or e})")
            continue
        if is_dir:
            yield from _walk(path)
        elif is_file:
            if kind_of(path):
                yield path
            else:
                yield InputError(
                    str(path),
                    f"unsupported file type '{path.suffix or '(none)'}'",
                    hint="expected " + ", ".join(sorted(SUFFIXES)),
                )
        elif path.is_symlink():
            yield InputError(str(path), "broken symbolic link or link loop")
        elif exists:
            yield InputError(str(path), "not a regular file or folder")
        else:
            yield InputError(str(path), "no such file or directory")


def iter_sources(paths: Iterable[Path]) -> Iterator[Source | InputError | Note]:
    """Every article under ``paths`` as read (cheap: no cleaning), an InputError in a bad one's
    place, and Notes (a crawl's skipped records).

    Streams: a JSONL file is read a line at a time, a crawl a record at a time. A feed item or
    crawled page read twice (one URL, the same content) is read once; otherwise the later of two
    articles with one id gets a suffix derived from where it was read.
    """
    seen: dict[str, str] = {}  # id -> content digest
    for item in discover(paths):
        if isinstance(item, InputError):
            yield item
            continue
        kind = kind_of(item)
        if kind in CONTAINERS:
            results: Iterable[Source | InputError | Note] = CONTAINERS[kind](item)
        else:
            try:
                results = [read_file_source(item, kind)]
            except InputError as e:
                yield e
                continue
        for result in results:
            if isinstance(result, Source):
                if result.kind in ("feed", "warc") and seen.get(result.id) == result.content:
                    continue  # one URL captured twice with the same content: one article
                if result.id in seen:
                    suffix = hashlib.sha256(result.where.encode("utf-8")).hexdigest()[:8]
                    result = replace(result, id=f"{result.id}-{suffix}")
                seen[result.id] = result.content
            yield result


def iter_articles(
    paths: Iterable[Path], rules: BoilerplateRules | None = None
) -> Iterator[Article | InputError]:
    """Every article under ``paths``, cleaned, or an InputError in its place; ids are made unique."""
    rules = rules or BoilerplateRules.load()
    for item in iter_sources(paths):
        if isinstance(item, InputError):
            yield item
            continue
        if isinstance(item, Note):
            continue
        try:
            yield item.article(rules)
        except InputError as e:
            yield e

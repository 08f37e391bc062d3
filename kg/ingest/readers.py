"""Readers for .txt (+ sidecar .json), .html and .jsonl; each failure is one clear InputError."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.ingest.boilerplate import BoilerplateRules, Cleaner, split_lines
from kg.ingest.metadata import parse_date, read_text_metadata
from kg.types import Article

_BINARY_PROBE = 8192


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_text_file(path: Path) -> str:
    """Decode a file as UTF-8 text, or raise InputError saying why it is not."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(str(path), "is a directory, expected a file") from None
    except OSError as e:
        raise InputError(str(path), f"cannot read ({e.strerror or e})") from None
    if not data.strip():
        raise InputError(str(path), "empty file")
    if b"\x00" in data[:_BINARY_PROBE]:
        raise InputError(str(path), "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(
            str(path), f"not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start})"
        ) from None
    if not text.strip():
        raise InputError(str(path), "empty file")
    return text


def _authors(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(a.strip() for a in value.replace(";", ",").split(",") if a.strip())
    if isinstance(value, list):
        return tuple(str(a).strip() for a in value if str(a).strip())
    raise ValueError("'authors' must be a string or a list of strings")


def first_words(text: str, limit: int = 100) -> str:
    """A headline for an article that has none: its first line, cut at a word within ``limit`` characters."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    if len(line) <= limit:
        return line
    return line[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _text_article(
    article_id: str, source: str, source_text: str, meta_fields: dict[str, Any],
    rules: BoilerplateRules, media_type: str = "text/plain",
) -> Article:
    """Clean a text body, read what it says about itself, and let given fields win."""
    lines = split_lines(source_text)
    meta = read_text_metadata(lines, rules)
    text, segments = Cleaner(rules).keep(source_text, lines, meta.drop_lines).render(source_text)
    if not text.strip():
        raise InputError(source, "no article text left after removing boilerplate")
    date_value = meta_fields.get("datePublished")
    date = parse_date(str(date_value)) if date_value else meta.date_published
    if date_value and date is None:
        raise InputError(source, f"datePublished {date_value!r} is not a date")
    try:
        authors = _authors(meta_fields.get("authors")) or meta.authors
    except ValueError as e:
        raise InputError(source, str(e)) from None
    return Article(
        id=article_id,
        text=text,
        source=source,
        source_text=source_text,
        content_hash=sha256(source_text),
        segments=segments,
        title=(meta_fields.get("title") or meta.title or first_words(text)),
        date_published=date,
        url=meta_fields.get("url") or None,
        publisher=meta_fields.get("publisher") or meta.publisher,
        authors=authors,
        dateline=meta.dateline,
        media_type=media_type,
    )


def read_sidecar(path: Path) -> dict[str, Any]:
    """NAME.json beside NAME.txt: title, datePublished, url, publisher, authors."""
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        return {}
    raw = read_text_file(sidecar)
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as e:
        raise InputError(str(sidecar), f"malformed sidecar JSON (line {e.lineno}: {e.msg})") from None
    if not isinstance(value, dict):
        raise InputError(str(sidecar), "sidecar must hold a JSON object")
    return value


def read_txt(path: Path, rules: BoilerplateRules) -> Article:
    text = read_text_file(path)
    return _text_article(path.stem, str(path), text, read_sidecar(path), rules)


def read_html(path: Path, rules: BoilerplateRules) -> Article:
    """Main text and metadata via trafilatura (boilerplate-aware), dates via htmldate."""
    import trafilatura  # imported here: heavy, and only HTML input needs it

    html = read_text_file(path)
    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise InputError(str(path), "no article text found in the HTML page")
    # trafilatura puts one paragraph (or heading) a line; blank lines keep them apart for the parser.
    body = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
    title = getattr(doc, "title", None)
    source_text = f"{title}\n\n{body}\n" if title and not body.startswith(title) else body
    fields: dict[str, Any] = {
        "title": title,
        "datePublished": getattr(doc, "date", None),
        "url": getattr(doc, "url", None),
        "publisher": getattr(doc, "sitename", None),
        "authors": getattr(doc, "author", None),
    }
    fields.update(read_sidecar(path))
    return _text_article(path.stem, str(path), source_text, fields, rules, media_type="text/html")


def read_jsonl(path: Path, rules: BoilerplateRules) -> Iterator[Article | InputError]:
    """One article a line; a bad line is reported and the others are still read."""
    try:
        raw = read_text_file(path)
    except InputError as e:
        yield e
        return
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(where, f"malformed JSON ({e.msg} at column {e.colno})")
            continue
        if not isinstance(obj, dict):
            yield InputError(where, "a JSONL line must be a JSON object")
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():
            yield InputError(where, "missing or empty 'text' field")
            continue
        article_id = str(obj.get("id") or f"{path.stem}-{sha256(text)[:12]}")
        try:
            yield _text_article(article_id, where, text, obj, rules)
        except InputError as e:
            yield e

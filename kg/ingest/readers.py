"""Readers for .txt (+ sidecar .json), .html and .jsonl; each failure is one clear InputError.

Reading is two steps. ``read_sources`` does the cheap part for every input (read the bytes,
check they are UTF-8 text of a sane size, find the article's id) and yields ``Source`` records
whose digest keys the extraction cache. ``Source.article`` does the costly part (boilerplate,
metadata, HTML extraction), which a rebuild skips for every article it has seen before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kg.errors import InputError
from kg.ingest.boilerplate import BoilerplateRules, Cleaner, split_lines
from kg.ingest.metadata import parse_date, read_text_metadata
from kg.types import Article

_BINARY_PROBE = 8192
# spaCy's own default limit (Language.max_length): the parser needs about 1 GB per 100,000
# characters of one text, so a longer "article" is a dump or an accident, not news.
MAX_ARTICLE_CHARS = 1_000_000
# Checked before a file is read, so a huge file costs nothing: UTF-8 takes at most four bytes a
# character, and an HTML page carries its markup besides the text.
MAX_TEXT_BYTES = 4 * MAX_ARTICLE_CHARS
MAX_HTML_BYTES = 16 * MAX_ARTICLE_CHARS
# JSON may escape half of a UTF-16 pair ("\\ud800" alone), which is no character: no UTF-8 file,
# store or cache entry can hold it.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class Note(str):
    """A line about the input that is no error (a crawl's records skipped): a warning, exit 0."""


def without_lone_surrogates(value: Any) -> Any:
    """U+FFFD for each lone surrogate in the strings of a JSON value, as a decoder puts it for a
    bad byte; one code point for one, so offsets into the text stay."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_lone_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {without_lone_surrogates(k): without_lone_surrogates(v) for k, v in value.items()}
    return value


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _too_long(source: str, size: int, limit: int, unit: str) -> InputError:
    return InputError(source, f"article too long ({size:,} {unit}; the limit is {limit:,})")


def decode_text(source: str, data: bytes) -> str:
    """Bytes as UTF-8 text, or InputError saying why they are not (empty, binary, bad byte)."""
    if not data.strip():
        raise InputError(source, "empty file")
    if b"\x00" in data[:_BINARY_PROBE]:
        raise InputError(source, "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        what = "truncated UTF-8 at the end" if e.end >= len(data) and e.reason == "unexpected end of data" else "not valid UTF-8"
        raise InputError(source, f"{what} (byte 0x{data[e.start]:02x} at offset {e.start})") from None
    if not text.strip():
        raise InputError(source, "empty file")
    return text


def read_text_file(path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    """Decode a file as UTF-8 text, or raise InputError saying why it is not."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise _too_long(str(path), size, limit, "bytes")
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError(str(path), "is a directory, expected a file") from None
    except OSError as e:
        raise InputError(str(path), f"cannot read ({e.strerror or e})") from None
    return decode_text(str(path), data)


def _captured_at(source: str, value: Any) -> str | None:
    """A capture time as xsd:dateTime (UTC when it says no zone); InputError when it is none."""
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise InputError(source, f"capturedAt {value!r} is not a date and time") from None
    return (when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)).isoformat().replace("+00:00", "Z")


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
    if len(text) > MAX_ARTICLE_CHARS:
        raise _too_long(source, len(text), MAX_ARTICLE_CHARS, "characters")
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
        captured_at=_captured_at(source, meta_fields.get("capturedAt")),
    )


def read_sidecar(path: Path) -> str:
    """The text of NAME.json beside NAME.txt (title, datePublished, url, publisher, authors), or ""."""
    sidecar = path.with_suffix(".json")
    return read_text_file(sidecar) if sidecar.is_file() else ""


def sidecar_fields(path: Path, raw: str) -> dict[str, Any]:
    if not raw:
        return {}
    sidecar = path.with_suffix(".json")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as e:
        raise InputError(str(sidecar), f"malformed sidecar JSON (line {e.lineno}: {e.msg})") from None
    if not isinstance(value, dict):
        raise InputError(str(sidecar), "sidecar must hold a JSON object")
    return value


@dataclass(frozen=True)
class Source:
    """One article as read, before cleaning: what the cache key and the article are made from.

    ``kind`` is txt, html or jsonl; ``where`` the file (or file:line); ``payload`` the file's
    text (or the line's JSON object); ``sidecar`` the raw text of a NAME.json beside it.
    """

    kind: str
    where: str
    id: str
    payload: str | dict[str, Any]
    sidecar: str = ""
    content: str = field(default="", compare=False)  # digest of what the article is made of

    @property
    def digest(self) -> str:
        """Content and id, but not where it sits: a JSONL line moved down by an insert is the
        same article (its source is set again when its extraction comes from the cache)."""
        return hashlib.sha256(f"{self.content}|{self.id}".encode("utf-8", "surrogatepass")).hexdigest()

    def article(self, rules: BoilerplateRules) -> Article:
        """Clean and read the article; raises InputError."""
        if self.kind == "jsonl":
            assert isinstance(self.payload, dict)
            return _text_article(self.id, self.where, self.payload["text"], self.payload, rules)
        if self.kind in ("feed", "warc"):  # an item or a crawled page: HTML with its fields beside it
            assert isinstance(self.payload, dict)
            fields = {k: v for k, v in self.payload.items() if k != "html" and v is not None}
            return html_article(self.where, self.id, self.payload["html"], fields, rules, fragment=self.kind == "feed")
        assert isinstance(self.payload, str)
        path = Path(self.where)
        if self.kind == "html":
            return html_article(self.where, self.id, self.payload, sidecar_fields(path, self.sidecar), rules)
        return _text_article(self.id, self.where, self.payload, sidecar_fields(path, self.sidecar), rules)


def content_digest(kind: str, payload: str, sidecar: str) -> str:
    h = hashlib.sha256()
    for part in (kind, payload, sidecar):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def read_file_source(path: Path, kind: str) -> Source:
    """A .txt or .html file (and its sidecar) as a Source; raises InputError."""
    text = read_text_file(path, MAX_HTML_BYTES if kind == "html" else MAX_TEXT_BYTES)
    sidecar = read_sidecar(path)
    return Source(kind, str(path), path.stem, text, sidecar, content_digest(kind, text, sidecar))


def url_id(url: str) -> str:
    """A stable, readable article id from a URL: host and path as a slug, and a digest of the
    whole URL (two URLs that slug alike stay apart)."""
    parts = urlsplit(url.strip())
    slug = re.sub(r"[^a-z0-9]+", "-", f"{parts.netloc}{parts.path}".lower()).strip("-")[:80].strip("-")
    return f"{slug or 'url'}-{hashlib.sha256(url.strip().encode('utf-8')).hexdigest()[:10]}"


def _fragment_text(html: str) -> str:
    """The text of an HTML fragment, a line a block, scripts and styles dropped: for the short
    feed items trafilatura declines (it looks for an article in a page)."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return ""
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for block in root.iter("p", "div", "li", "br", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "tr"):
        block.tail = "\n" + (block.tail or "")
    return root.text_content()


@contextmanager
def _quiet(logger: str) -> Iterator[None]:
    """The library's log lines below CRITICAL dropped for the duration."""
    log = logging.getLogger(logger)
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def html_article(where: str, article_id: str, html: str, given: dict[str, Any], rules: BoilerplateRules,
                 *, fragment: bool = False) -> Article:
    """Main text and metadata via trafilatura (boilerplate-aware), dates via htmldate; the fields
    ``given`` (a sidecar's, a feed item's, a WARC record's) win over what the page says."""
    import trafilatura  # imported here: heavy, and only HTML input needs it

    with _quiet("trafilatura") if fragment else nullcontext():  # a declined fragment is no error: we read it
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
        )
    body = getattr(doc, "text", None) if doc is not None else None
    if (not body or not body.strip()) and fragment:
        body = _fragment_text(html)
    if not body or not body.strip():
        raise InputError(where, "no article text found in the HTML page")
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
    fields.update(given)
    return _text_article(article_id, where, source_text, fields, rules, media_type="text/html")


def _lines(path: Path, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line, read in constant memory; None for a line over ``limit`` bytes."""
    with open(path, "rb") as f:
        lineno = 0
        while True:
            line = f.readline(limit + 1)
            if not line:
                return
            lineno += 1
            if len(line) > limit and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # skip the rest of the long line
                    line = f.readline(1 << 20)
                yield lineno, None
            else:
                yield lineno, line


def read_jsonl_sources(path: Path) -> Iterator[Source | InputError]:
    """One article a line, streamed; a bad line is reported and the others are still read."""
    try:
        if path.stat().st_size == 0:
            yield InputError(str(path), "empty file")
            return
        with open(path, "rb") as f:
            if b"\x00" in f.read(_BINARY_PROBE):
                yield InputError(str(path), "binary file, not text")
                return
        for lineno, raw in _lines(path, MAX_TEXT_BYTES):
            where = f"{path}:{lineno}"
            if raw is None:
                yield InputError(where, f"line too long (over {MAX_TEXT_BYTES:,} bytes; the limit for one article is {MAX_ARTICLE_CHARS:,} characters)")
                continue
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as e:
                yield InputError(where, f"not valid UTF-8 (byte 0x{raw[e.start]:02x} at column {e.start + 1})")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                yield InputError(where, f"malformed JSON ({e.msg} at column {e.colno})")
                continue
            except RecursionError:
                yield InputError(where, "malformed JSON (nested too deeply)")
                continue
            if not isinstance(obj, dict):
                yield InputError(where, "a JSONL line must be a JSON object")
                continue
            if _ESCAPED_SURROGATE.search(line):
                obj = without_lone_surrogates(obj)
            text = obj.get("text")
            if not isinstance(text, str) or not text.strip():
                yield InputError(where, "missing or empty 'text' field")
                continue
            article_id = str(obj.get("id") or f"{path.stem}-{sha256(text)[:12]}")
            yield Source("jsonl", where, article_id, obj, "", content_digest("jsonl", line, ""))
    except OSError as e:
        yield InputError(str(path), f"cannot read ({e.strerror or e})")

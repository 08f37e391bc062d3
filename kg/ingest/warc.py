"""WARC and WARC.gz crawls (warcio), as Common Crawl's news crawl and newsroom archives ship them.

Streams record by record, in constant memory. Each HTML response with status 200 is an article
(its text and metadata read as an ``.html`` page is, by trafilatura), with the record's target
URL and its capture date (WARC-Date, as ``kg:capturedAt``); its id comes from the URL. Other
records (requests, metadata, images, redirects, errors) are skipped and counted in one note per
file. A record whose text cannot be decoded is one line naming the file and the record; a
truncated or corrupt gzip member ends the file with one line saying where, and every record
before it is still read.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError
from kg.ingest.readers import MAX_HTML_BYTES, Note, Source, content_digest, url_id

WARC_SUFFIXES = (".warc", ".warc.gz")
TRUNCATED = "truncated record (the archive ends inside it)"
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)


def _charset(content_type: str, head: bytes) -> str:
    """The declared charset (HTTP header, else a meta tag), else UTF-8; an unknown name is UTF-8."""
    found = _CHARSET.search(content_type) or _CHARSET.search(head[:2048].decode("ascii", "replace"))
    name = found.group(1) if found else "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def read_warc_sources(path: Path) -> Iterator[Source | InputError | Note]:
    """A Source per HTML page captured whole; InputErrors for bad records; a Note of the skipped."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    skipped, seen = 0, 0
    try:
        with open(path, "rb") as f:
            records = ArchiveIterator(f)
            for seen, record in enumerate(records, 1):
                item = _record_source(path, seen, record)
                if item is None:
                    skipped += 1
                    continue
                yield item
                if isinstance(item, InputError) and item.reason == TRUNCATED:
                    break  # the archive ends inside this record
            else:
                # warcio ends quietly at a gzip member cut before its first record is whole
                left = path.stat().st_size - records.offset
                if left > 0:
                    yield InputError(f"{path}#record{seen + 1}", f"truncated record (the last {left:,} bytes "
                                     "of the archive are not a whole record)")
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as e:
        yield InputError(str(path), f"corrupt archive after {seen} record(s) ({e})")
    if skipped:
        yield Note(f"{path}: {skipped} record(s) skipped (not an HTML page with status 200)")


def _record_source(path: Path, n: int, record) -> Source | InputError | None:
    """The Source of one response record, an InputError for a bad one, None for one to skip."""
    if record.rec_type is None:  # what warcio makes of the rest of a cut gzip member
        return InputError(f"{path}#record{n}", TRUNCATED)
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if record.http_headers.get_statuscode() != "200" or "html" not in content_type.lower():
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    where = f"{path}#record{n} ({url[:80]})" if url else f"{path}#record{n}"
    body = record.content_stream().read(MAX_HTML_BYTES + 1)
    if len(body) > MAX_HTML_BYTES:
        return InputError(where, f"page too large (over {MAX_HTML_BYTES:,} bytes)")
    if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than its Content-Length says
        return InputError(where, TRUNCATED)
    charset = _charset(content_type, body)
    try:
        html = body.decode(charset)
    except UnicodeDecodeError as e:
        return InputError(where, f"text not decodable as {charset} (byte 0x{body[e.start]:02x} at offset {e.start})")
    if not html.strip():
        return InputError(where, "empty page")
    fields = {"html": html, "url": url or None, "capturedAt": record.rec_headers.get_header("WARC-Date")}
    article_id = url_id(url) if url else f"{path.name}-{n}"
    return Source("warc", where, article_id, fields, "", content_digest("warc", repr(sorted(fields.items())), ""))

"""RSS and Atom feed files (.rss, .atom, .xml): each item an article, read with feedparser.

An item's text is its ``content:encoded`` (Atom: ``content``), else its summary; HTML in it is
cleaned as ``.html`` pages are (trafilatura), with a plain reading of the markup for the short
fragments trafilatura declines. Title, link, date and author are the item's; the publisher is
the feed's title. Ids come from the item's link (else its guid), so the same story in two feed
snapshots is one article. A feed that does not parse, or parses only in part, is one line
naming the file and where it broke; an item with no text, one line naming the item; every good
item is still read.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.ingest.readers import MAX_HTML_BYTES, Source, content_digest, url_id, without_lone_surrogates

FEED_SUFFIXES = (".rss", ".atom", ".xml")


def _date(entry: Any) -> str | None:
    """The item's publication (else update) date as ISO, from feedparser's parsed UTC time."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.timezone.utc).date().isoformat()
    return None


def _html(entry: Any) -> str:
    """content:encoded / Atom content, else the summary; '' when the item has neither."""
    for content in entry.get("content") or ():
        if (content.get("value") or "").strip():
            return content["value"]
    return entry.get("summary") or entry.get("description") or ""


def _broken_at(exc: Exception) -> str:
    line = getattr(exc, "getLineNumber", lambda: None)()
    return f"line {line}: {getattr(exc, 'getMessage', lambda: str(exc))()}" if line else str(exc)


def read_feed_sources(path: Path) -> Iterator[Source | InputError]:
    """One Source per good item; an InputError for the feed's damage and for each bad item."""
    import feedparser  # imported here: only feed input needs it

    try:
        size = path.stat().st_size
        if size > MAX_HTML_BYTES:
            yield InputError(str(path), f"feed too large ({size:,} bytes; the limit is {MAX_HTML_BYTES:,})")
            return
        data = path.read_bytes()
    except OSError as e:
        yield InputError(str(path), f"cannot read ({e.strerror or e})")
        return
    feed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    entries = feed.get("entries") or []
    if feed.get("bozo") and not isinstance(feed.get("bozo_exception"), feedparser.CharacterEncodingOverride):
        broken = _broken_at(feed["bozo_exception"])
        yield InputError(str(path), f"malformed feed ({broken}); {len(entries)} item(s) read before or around it")
    if not entries and not feed.get("bozo"):
        yield InputError(str(path), "no feed items found (not an RSS or Atom feed?)")
    publisher = (feed.get("feed") or {}).get("title")
    for n, entry in enumerate(entries, 1):
        yield _item_source(path, n, without_lone_surrogates(dict(entry)), publisher)


def _item_source(path: Path, n: int, entry: dict[str, Any], publisher: str | None) -> Source | InputError:
    title = (entry.get("title") or "").strip()
    where = f"{path}#item{n}" + (f" ({title[:60]})" if title else "")
    html = _html(entry)
    if not html.strip():
        return InputError(where, "the item has no content or summary")
    link = (entry.get("link") or "").strip()
    ident = link or (entry.get("id") or "").strip()
    authors = [a.get("name") for a in entry.get("authors") or () if a.get("name")] or \
        ([entry["author"]] if entry.get("author") else [])
    fields = {"html": html, "title": title or None, "url": link or None, "datePublished": _date(entry),
              "authors": authors or None, "publisher": publisher}
    article_id = url_id(ident) if ident else f"{path.stem}-{n}"
    return Source("feed", where, article_id, fields, "", content_digest("feed", repr(sorted(fields.items())), ""))

"""What a plain-text article says about itself: headline, byline, publication date, dateline.

Only used when no sidecar or JSONL field gives the value; rules are general to news layouts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dateutil import parser as dateparser

from kg.ingest.boilerplate import BoilerplateRules, Line

_MAX_HEADLINE_WORDS = 25
_MAX_BYLINE_WORDS = 40
_BYLINE = re.compile(r"^\s*by\s+(?P<rest>[A-Z].*)$", re.IGNORECASE)
_DATE_MARK = re.compile(
    r"\b(?:updated|published|posted|last modified|date)\s*(?:on|at)?\s*:?\s*"
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2})?"
    r"|\w+\.? \d{1,2},? \d{4}|\d{1,2} \w+\.? \d{4})",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
# "TROMSO, Norway —", "WASHINGTON (Reuters) -", "LONDON —": an all-caps place opening the body.
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\- ]{1,40}[A-Z.])"
    r"(?:,\s*(?P<region>[A-Z][\w.'\- ]{1,40}?))?"
    r"\s*(?:\([^)]{1,40}\)\s*)?[—–-]{1,2}\s+\S"
)
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w.\- ]*$")
_SENTENCE_END = re.compile(r"[.!:;,]\s*$")


@dataclass
class TextMetadata:
    title: str | None = None
    date_published: dt.date | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    dateline: str | None = None
    drop_lines: set[int] = field(default_factory=set)


def parse_date(value: str) -> dt.date | None:
    """A date from an ISO string or a loosely written one; None when it is not a date."""
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return dateparser.parse(value, fuzzy=False).date()
    except (ValueError, OverflowError, TypeError):
        return None


def _parse_byline(text: str) -> tuple[tuple[str, ...], str | None, dt.date | None]:
    """'By A in X and B in Y | Publisher | Updated: 2016-12-16 07:48'."""
    parts = [p.strip() for p in re.split(r"\s*[|•·]\s*", text) if p.strip()]
    m = _BYLINE.match(parts[0])
    names: list[str] = []
    if m:
        for name in _NAME_SPLIT.split(m.group("rest")):
            name = _IN_PLACE.sub("", name).strip(" .")
            if name and name[0].isupper() and len(name.split()) <= 4:
                names.append(name)
    publisher = None
    date = None
    for part in parts[1:]:
        dm = _DATE_MARK.search(part) or _ISO_DATE.search(part)
        if dm:
            date = date or parse_date(dm.group(1) if dm.re is _ISO_DATE else dm.group("date"))
        elif publisher is None and not any(ch.isdigit() for ch in part) and len(part.split()) <= 5:
            publisher = part
    return tuple(names), publisher, date


def read_text_metadata(lines: list[Line], rules: BoilerplateRules) -> TextMetadata:
    """Headline (first short line that is not a sentence), byline, date and dateline."""
    meta = TextMetadata()
    content = [(i, ln) for i, ln in enumerate(lines) if ln.text.strip() and not rules.is_boilerplate(ln.text)]
    for i, line in content[:6]:
        text = line.text.strip()
        words = len(text.split())
        if meta.title is None and words <= _MAX_HEADLINE_WORDS and not _SENTENCE_END.search(text) \
                and not _BYLINE.match(text):
            meta.title = text
            continue
        if _BYLINE.match(text) and words <= _MAX_BYLINE_WORDS:
            meta.authors, meta.publisher, meta.date_published = _parse_byline(text)
            meta.drop_lines.add(i)
            continue
        if meta.date_published is None and words <= 12:
            dm = _DATE_MARK.search(text)
            if dm:
                meta.date_published = parse_date(dm.group("date"))
                meta.drop_lines.add(i)
    if meta.title:
        # The headline repeated further down (a page template's second copy) is dropped.
        seen_first = False
        for i, line in content:
            if line.text.strip() == meta.title:
                if seen_first:
                    meta.drop_lines.add(i)
                seen_first = True
    for i, line in content[:8]:
        m = _DATELINE.match(line.text)
        if m and i not in meta.drop_lines and line.text.strip() != meta.title:
            place = m.group("place").strip(" .")
            if len(place) > 1 and place.isupper():
                meta.dateline = place.title()
                break
    return meta

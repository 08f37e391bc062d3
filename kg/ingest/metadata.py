"""What a plain-text article says about itself: headline, byline, publication date, dateline.

Only used when no sidecar or JSONL field gives the value; rules are general to news layouts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dateutil import parser as dateparser

from kg.ingest.boilerplate import BoilerplateRules, BylineWords, Line

_MAX_HEADLINE_WORDS = 25
_MAX_DATE_LINE_WORDS = 12
# "By", then what the byline says; the case of what follows is checked by the byline reader.
_BY = re.compile(r"^\s*by\s+(?P<rest>\S.*)$", re.IGNORECASE)
# A byline's parts: "By A | Publisher | Updated: ...", "By A — Publisher".
_BYLINE_PARTS = re.compile(r"\s*[|•·]\s*|\s+[—–-]\s+")
_COMMA = re.compile(r"\s*[,;]\s*")
_AND = re.compile(r"\s+(?:and|&)\s+|\s*&\s*")
_LEADING_AND = re.compile(r"^(?:and|&)\s+")
# "Jane Roe in Lima", "Jane Roe of the Example Times", "Jane Roe for Example News".
_AFFILIATION = re.compile(r"\s+(?P<kind>in|of|for)\s+(?P<what>\S.*)$")
_WORD_EDGE = re.compile(r"^[\"'“‘(]+|[\"'”’),:;]+$")
_DATE_MARK = re.compile(
    r"\b(?:updated|published|posted|last modified|date)\s*(?:on|at)?\s*:?\s*"
    r"(?P<date>\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2})?"
    r"|\w+\.? \d{1,2},? \d{4}|\d{1,2} \w+\.? \d{4})",
    re.IGNORECASE,
)
# A line that only dates the article: "Updated: 2021-03-04", "Published on 4 March 2021".
_DATE_LINE = re.compile(r"^\W*(?:last\s+)?(?:updated|published|posted|modified|date)\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
# "TROMSO, Norway —", "WASHINGTON (Reuters) -", "LONDON —", "CHICAGO _" (the wire's dash): an
# all-caps place opening the body. It is only recorded: the line and its text stay.
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\- ]{1,40}[A-Z.])"
    r"(?:,\s*(?P<region>[A-Z][\w.'\- ]{1,40}?))?"
    r"\s*(?:\([^)]{1,40}\)\s*)?(?:[—–-]{1,2}|_)\s+\S"
)
# "OSLO 2021-06-02": a wire story's first line, the place it was filed from and the date.
_DATELINE_DATE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z.'\- ]{1,40}[A-Z.])\s+(?P<date>\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})\s*$"
)
_SENTENCE_END = re.compile(r"[.!:;,]\s*$")
_STOP = re.compile(r"[.!?][\"'”’)]*\s*$")


@dataclass
class TextMetadata:
    title: str | None = None
    date_published: dt.date | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    dateline: str | None = None
    drop_lines: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Byline:
    """What a byline line says: its authors, and the publisher and date it may carry."""

    authors: tuple[str, ...] = ()
    publisher: str | None = None
    date: dt.date | None = None


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


def _words(text: str) -> list[str]:
    return [w for w in (_WORD_EDGE.sub("", w) for w in text.split()) if w]


def _opens_a_sentence(rest: str, words: BylineWords) -> bool:
    """What follows "By" starts a sentence, not a list of names: a lower-case word or a number
    ("By noon", "By 2030"), a time or adverbial head ("By Tuesday", "By Contrast"), or several
    words closed by a full stop, "!" or "?" (a name ends with "Jr." at most)."""
    ws = _words(rest)
    if not ws or not ws[0][0].isupper() or ws[0].lower().strip(".") in words.not_names:
        return True
    stop = _STOP.search(rest)
    if stop is None:
        return False
    return stop.group(0).strip()[0] in "!?" or (len(ws) > 4 and len(rest.split()[-1]) > 4)


def _is_name(text: str, words: BylineWords) -> bool:
    """Capitalised name words ("Jane Roe", "JANE ROE", "J.R. Roe", "Ana de la Cruz"): no
    lower-case word but a particle inside the name, no number, no function word ("the", "had")."""
    ws = _words(text)
    if not 1 <= len(ws) <= words.max_name_words:
        return False
    for k, w in enumerate(ws):
        low = w.lower()
        if low in words.function_words or any(ch.isdigit() for ch in w):
            return False
        if not w[0].isupper() and not (0 < k < len(ws) - 1 and low in words.particles):
            return False
    return True


def _is_affiliation(text: str, words: BylineWords, kind: frozenset[str]) -> bool:
    """A group of a byline naming a publisher or a role ("Associated Press", "staff writer"):
    it holds one of the ``kind`` words and reads as a label, not a clause."""
    ws = [w.lower() for w in _words(text)]
    if ws and ws[0] in ("the", "a", "our"):
        ws = ws[1:]
    return (bool(ws) and any(w in kind for w in ws) and len(ws) <= words.max_name_words
            and not any(w in words.function_words for w in ws))


def _display(name: str) -> str:
    """An all-caps name as a name is written ("JANE ROE" is Jane Roe); trailing dots dropped
    unless the last word is an initial or "Jr."."""
    name = " ".join(w.title() if w.isupper() and len(w) > 1 and "." not in w else w for w in name.split())
    return name if len(name.split()[-1]) <= 3 else name.rstrip(".")


def _publisher(text: str, words: BylineWords) -> str:
    """The publisher an affiliation names: "the Associated Press Writers" is Associated Press."""
    ws = text.strip().rstrip(".").split()
    if ws and ws[0].lower() == "the":
        ws = ws[1:]
    while len(ws) > 1 and ws[-1].lower() in words.role_words:
        ws = ws[:-1]
    return " ".join(ws)


def _byline_names(rest: str, words: BylineWords) -> Byline | None:
    """Authors (and a publisher) from what follows "By", or None when any group is not names."""
    authors: list[str] = []
    publisher: str | None = None
    after_place = False
    for group in (g for g in _COMMA.split(rest.strip()) if g):
        group = _LEADING_AND.sub("", group)
        if _is_affiliation(group, words, words.publisher_words):
            publisher = publisher or _publisher(group, words)
            after_place = False
            continue
        if _is_affiliation(group, words, words.role_words):
            after_place = False
            continue
        chunks = _AND.split(group)
        if after_place and len(chunks) == 1 and not _AFFILIATION.search(group) and _is_name(group, words):
            continue  # "in Lima, Peru": the place's country, not an author
        after_place = False
        for chunk in chunks:
            m = _AFFILIATION.search(chunk)
            if m:
                what = m.group("what")
                if not (_is_name(what, words) or _is_affiliation(what, words, words.publisher_words)):
                    return None
                if m.group("kind") == "in":
                    after_place = True
                else:
                    publisher = publisher or _publisher(what, words)
                chunk = chunk[:m.start()]
            if not _is_name(chunk, words):
                return None
            authors.append(_display(chunk.strip()))
    if not authors and publisher is None:
        return None
    return Byline(tuple(authors), publisher)


def parse_byline(text: str, words: BylineWords) -> Byline | None:
    """The byline a line is, or None when it is not one.

    'By A in X and B in Y | Publisher | Updated: 2016-12-16 07:48', 'By JANE ROE, Associated
    Press': "By", then names joined by ",", "and" or "&" (each perhaps "in PLACE"), then perhaps
    a publisher or role after a comma and a publisher or date after a separator. A sentence that
    opens with "By" ("By noon, police had sealed the road.") is not a byline: its words are not
    names, and it is the article's text.
    """
    stripped = text.strip()
    if len(stripped.split()) > words.max_words:
        return None
    parts = [p.strip() for p in _BYLINE_PARTS.split(stripped) if p.strip()]
    m = _BY.match(parts[0]) if parts else None
    if not m or _opens_a_sentence(m.group("rest"), words):
        return None
    byline = _byline_names(m.group("rest"), words)
    if byline is None:
        return None
    publisher, date = byline.publisher, None
    for part in parts[1:]:
        dm = _DATE_MARK.search(part) or _ISO_DATE.search(part)
        if dm:
            date = date or parse_date(dm.group(1) if dm.re is _ISO_DATE else dm.group("date"))
        elif publisher is None and not any(ch.isdigit() for ch in part) and len(part.split()) <= 5:
            publisher = part
    return Byline(byline.authors, publisher, date)


def _date_line(text: str) -> dt.date | None:
    """The date of a line that only dates the article ("Updated: 2021-03-04 10:15"); a sentence
    that mentions a publication date ("The report, published on 4 May 2019, ...") is text."""
    if len(text.split()) > _MAX_DATE_LINE_WORDS or not _DATE_LINE.match(text):
        return None
    dm = _DATE_MARK.search(text)
    return parse_date(dm.group("date")) if dm else None


def read_text_metadata(lines: list[Line], rules: BoilerplateRules) -> TextMetadata:
    """Headline (first short line that is not a sentence), byline, date and dateline."""
    meta = TextMetadata()
    content = [(i, ln) for i, ln in enumerate(lines) if ln.text.strip() and not rules.is_boilerplate(ln.text)]
    for i, line in content[:6]:
        text = line.text.strip()
        words = len(text.split())
        wire = _DATELINE_DATE.match(text)
        if wire and meta.dateline is None:  # the line stays in the text; it is no headline
            meta.dateline = wire.group("place").strip(" .").title()
            if meta.date_published is None:
                meta.date_published = parse_date(wire.group("date"))
            continue
        byline = parse_byline(text, rules.byline)
        if meta.title is None and byline is None and words <= _MAX_HEADLINE_WORDS \
                and not _SENTENCE_END.search(text):
            meta.title = text
            continue
        if byline is not None:
            meta.authors, meta.publisher, meta.date_published = byline.authors, byline.publisher, byline.date
            meta.drop_lines.add(i)
            continue
        date = _date_line(text) if meta.date_published is None else None
        if date is not None:
            meta.date_published = date
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

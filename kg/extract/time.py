"""Time expressions grounded on the article's publication date.

"on Thursday" in an article of Friday 2016-12-16 is 2016-12-15 when the verb is in the past and
2016-12-22 when it is in the future; "in 2014" is the year 2014; "this week" is the week of
publication. Absolute dates ("Dec. 15, 2016", "15 December") are read with python-dateutil.
A grounded time keeps its precision: day, week, month or year.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from kg.types import Time

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_YEAR = re.compile(r"^(?:in |during |since |by |the year )?((?:1[5-9]|20)\d\d)$")
_AGO = re.compile(r"^(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+) (day|week|month|year)s? ago$")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10}
_NOISE = re.compile(r"^(on|in|at|by|since|during|from|until|till|of|the|early|late|earlier|later|mid)\s+")


def _day(d: dt.date, text: str) -> Time:
    return Time(d, d, "day", text)


def ground(text: str, published: dt.date | None, direction: int = -1) -> Time | None:
    """The time a DATE expression names, or None when it is not grounded ("the first day").

    ``direction`` is -1 when the clause speaks of the past (a bare weekday is the last one on or
    before publication), +1 for the future (the next one on or after it).
    """
    t = " ".join(text.lower().replace(",", " , ").split()).replace(" ,", ",")
    while True:
        stripped = _NOISE.sub("", t)
        if stripped == t:
            break
        t = stripped
    if m := _YEAR.match(t):
        year = int(m.group(1))
        return Time(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", text)
    if published is None:
        return _absolute(t, text)
    if t in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return _day(published, text)
    if t in ("yesterday", "last night"):
        return _day(published - dt.timedelta(days=1), text)
    if t == "tomorrow":
        return _day(published + dt.timedelta(days=1), text)
    for prefix, step in (("last ", -1), ("next ", 1), ("this ", 0), ("", 0)):
        if t.startswith(prefix) and t[len(prefix):] in WEEKDAYS:
            target = WEEKDAYS.index(t[len(prefix):])
            delta = (target - published.weekday()) % 7
            if step == 1 or (step == 0 and direction > 0):
                d = published + dt.timedelta(days=delta)
            else:
                d = published - dt.timedelta(days=(7 - delta) % 7)
                if step == -1 and d == published:
                    d -= dt.timedelta(days=7)
            return _day(d, text)
    if t in ("this week", "last week", "next week"):
        monday = published - dt.timedelta(days=published.weekday())
        monday += dt.timedelta(weeks={"this week": 0, "last week": -1, "next week": 1}[t])
        return Time(monday, monday + dt.timedelta(days=6), "week", text)
    if t in ("this month", "last month", "next month"):
        first = published.replace(day=1) + relativedelta(months={"this month": 0, "last month": -1, "next month": 1}[t])
        return Time(first, first + relativedelta(months=1, days=-1), "month", text)
    if t in ("this year", "last year", "next year"):
        year = published.year + {"this year": 0, "last year": -1, "next year": 1}[t]
        return Time(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", text)
    if m := _AGO.match(t):
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
        unit = m.group(2)
        if unit == "year":
            year = published.year - n
            return Time(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", text)
        if unit == "month":
            first = published.replace(day=1) - relativedelta(months=n)
            return Time(first, first + relativedelta(months=1, days=-1), "month", text)
        return _day(published - relativedelta(**{f"{unit}s": n}), text)
    return _absolute(t, text, published, direction)


def _absolute(t: str, text: str, published: dt.date | None = None, direction: int = -1) -> Time | None:
    """Calendar dates: '15 December 2016', 'Dec. 15', 'December 2016', 'December'."""
    words = t.replace(".", " ").replace(",", " ").split()
    month = next((i for i, w in enumerate(MONTHS) if any(x == w or (len(x) >= 3 and w.startswith(x)) for x in words)),
                 None)
    if month is None:
        return None
    if any(not (w.isdigit() or w.rstrip("stndrh").isdigit() or any(w == m or m.startswith(w) for m in MONTHS))
           for w in words):
        return None  # "the closing days of December": more than a date
    day = next((int(w.rstrip("stndrh")) for w in words if w.rstrip("stndrh").isdigit() and len(w.rstrip("stndrh")) <= 2), None)
    year = next((int(w) for w in words if w.isdigit() and len(w) == 4), None)
    if year is None:
        if published is None:
            return None
        year = published.year
        # "in December" written in January looks back; "in March" written in December looks on.
        if direction < 0 and month + 1 > published.month:
            year -= 1
        elif direction > 0 and month + 1 < published.month:
            year += 1
    if day is None:
        first = dt.date(year, month + 1, 1)
        return Time(first, first + relativedelta(months=1, days=-1), "month", text)
    try:
        d = date_parser.parse(f"{day} {MONTHS[month]} {year}").date()
    except (ValueError, OverflowError):
        return None
    return _day(d, text)


def tense(verb: "Token") -> int:
    """-1 when the clause speaks of the past or present, +1 of the future or a plan."""
    for tok in [verb, *verb.ancestors][:4]:
        for c in tok.children:
            if c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall", "wo"):
                return 1
        if tok.lemma_.lower() in ("schedule", "plan", "expect", "set", "due") and tok.tag_ != "VBD":
            return 1
        if tok.tag_ in ("VBD", "VBN"):
            return -1
        if tok.dep_ not in ("xcomp", "ccomp", "conj", "acl", "relcl", "advcl", "pcomp", "pobj", "prep"):
            break
    return -1


def date_of(token: "Token", dates: dict[int, "Span"]) -> "Span | None":
    """The DATE entity attached to a word: 'on Thursday', 'Thursday', 'in 2014', 'three years ago'."""
    for c in token.children:
        if c.i in dates and c.dep_ in ("npadvmod", "tmod", "nmod", "advmod", "compound"):
            return dates[c.i]
        if c.dep_ == "prep" and c.lower_ in ("on", "in", "at", "during", "since", "by"):
            for g in c.children:
                if g.dep_ == "pobj" and g.i in dates:
                    return dates[g.i]
    return None

"""Remove web-page boilerplate by general rules kept in data/patterns/boilerplate.json.

Cleaning keeps a map from the cleaned text back to the source, so the offsets we publish
point into the file the user has.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kg.resources import patterns_path

_LINE_RE = re.compile(r"[^\n]*\n?")
_SENTENCE_END = re.compile(r"[.!?\"'”’]\s*$")
# A sentence ends inside a line ("rose. The", "said?\" She"; a capital follows) or at its end.
_SENTENCE_BREAK = re.compile(r"\w[.!?][\"'”’)\]]*\s+[\"'“‘(]?[A-Z]")
_PROSE_END = re.compile(r"\w[.!?][\"'”’)\]]*\s*$")
_CREDIT_SPLIT = re.compile(r"[\s/|,;:()—–-]+")


@dataclass(frozen=True)
class Line:
    """One line of the source: its text (without the newline) and where it starts."""

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for m in _LINE_RE.finditer(text):
        if not m.group(0):
            break
        lines.append(Line(m.group(0).rstrip("\n"), pos))
        pos = m.end()
    return lines


def reads_as_prose(line: str, min_words: int) -> bool:
    """A line of ``min_words`` words or more that ends a sentence or holds two: a paragraph of
    the story, which a rule that only recognises a phrase in it ("copyright", "Photo:") must keep."""
    if len(line.split()) < min_words:
        return False
    return bool(_PROSE_END.search(line) or _SENTENCE_BREAK.search(line))


def reads_as_credit(rest: str, credit_words: frozenset[str]) -> bool:
    """'Jane Roe/Reuters', 'courtesy of the family': names, agencies and a few credit words, not
    a caption that says something ("The mayor opens the bridge.")."""
    words = [w for w in _CREDIT_SPLIT.split(rest.strip()) if w]
    if not words or _SENTENCE_END.search(rest.strip()) and len(words) > 3:
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower().strip(".") in credit_words for w in words)


@dataclass(frozen=True)
class LineRule:
    """A rule that drops a whole line: its pattern, and how much line it may take.

    Rules stop at a word limit (``max_words``; None: any length), since a phrase like
    "copyright" also opens real paragraphs and a page flattened onto one line holds the story.
    ``in_prose`` lets a rule drop a line that reads as prose (a rights notice is written in
    sentences); ``rest`` "credit" wants the text after the match to be a credit, not a caption.
    """

    name: str
    pattern: re.Pattern[str]
    max_words: int | None = None
    in_prose: bool = False
    rest: str | None = None

    @classmethod
    def from_spec(cls, spec: dict) -> "LineRule":
        return cls(spec["name"], re.compile(spec["pattern"], re.IGNORECASE), spec.get("max_words"),
                   bool(spec.get("in_prose", False)), spec.get("rest"))

    def match(self, line: str, words: int, prose: bool, credit_words: frozenset[str]) -> bool:
        if self.max_words is not None and words > self.max_words:
            return False
        if prose and not self.in_prose:
            return False
        m = self.pattern.search(line)
        if m is None:
            return False
        return self.rest != "credit" or reads_as_credit(line[m.end():], credit_words)


@dataclass(frozen=True)
class BylineWords:
    """The words byline reading needs (data/patterns/boilerplate.json "byline"), lower-cased."""

    max_words: int = 40
    max_name_words: int = 5
    particles: frozenset[str] = frozenset()
    publisher_words: frozenset[str] = frozenset()
    role_words: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    function_words: frozenset[str] = frozenset()

    @classmethod
    def from_spec(cls, spec: dict) -> "BylineWords":
        words = {k: frozenset(w.lower() for w in spec.get(k, ()))
                 for k in ("particles", "publisher_words", "role_words", "not_names", "function_words")}
        return cls(spec.get("max_words", 40), spec.get("max_name_words", 5), **words)


class BoilerplateRules:
    """Compiled boilerplate patterns; load once, share between articles."""

    def __init__(self, spec: dict) -> None:
        self.prose_words: int = spec.get("prose_words", 12)
        self.rules = [LineRule.from_spec(r) for r in spec.get("lines", [])]
        self.credit_words = frozenset(w.lower() for w in spec.get("credit_words", ()))
        self.inline = [re.compile(p, re.IGNORECASE) for p in spec.get("inline", [])]
        self.breadcrumb_max_words: int = spec.get("breadcrumb_max_words", 8)
        seps = re.escape(spec.get("breadcrumb_separators", "/»›>|"))
        self.breadcrumb = re.compile(rf"\s[{seps}]\s")
        self.byline = BylineWords.from_spec(spec.get("byline", {}))

    @classmethod
    def load(cls, path: Path | None = None) -> "BoilerplateRules":
        with open(path or patterns_path("boilerplate.json"), encoding="utf-8") as f:
            return cls(json.load(f))

    def why(self, line: str) -> str | None:
        """The name of the rule that makes ``line`` boilerplate, or None when it is text."""
        stripped = line.strip()
        if not stripped:
            return None
        words = len(stripped.split())
        prose = reads_as_prose(stripped, self.prose_words)
        for rule in self.rules:
            if rule.match(stripped, words, prose, self.credit_words):
                return rule.name
        # Breadcrumbs: "Home / World / Asia-Pacific": short, separator-joined, no sentence end.
        if (words <= self.breadcrumb_max_words and len(self.breadcrumb.findall(f" {stripped} ")) >= 2
                and not _SENTENCE_END.search(stripped)):
            return "breadcrumb"
        return None

    def is_boilerplate(self, line: str) -> bool:
        return self.why(line) is not None

    def inline_spans(self, line: str) -> list[tuple[int, int]]:
        spans = [m.span() for p in self.inline for m in p.finditer(line)]
        return sorted(spans)


@dataclass
class CleanText:
    """Text assembled from kept pieces of a source, with the map back to it."""

    pieces: list[tuple[int, int]]  # (source_start, source_end) of kept runs, in order

    def render(self, source: str) -> tuple[str, tuple[tuple[int, int], ...]]:
        out: list[str] = []
        segments: list[tuple[int, int]] = []
        pos = 0
        for start, end in self.pieces:
            if end <= start:
                continue
            segments.append((pos, start))
            out.append(source[start:end])
            pos += end - start
        return "".join(out), tuple(segments) or ((0, 0),)


class Cleaner:
    """Drops boilerplate lines and inline credits; keeps everything else byte for byte."""

    def __init__(self, rules: BoilerplateRules) -> None:
        self.rules = rules

    def keep(self, source: str, lines: list[Line], drop: set[int]) -> CleanText:
        """Kept runs of ``source``: every line not in ``drop``, with inline boilerplate cut."""
        pieces: list[tuple[int, int]] = []
        for i, line in enumerate(lines):
            if i in drop or self.rules.is_boilerplate(line.text):
                continue
            cursor = line.start
            for a, b in self.rules.inline_spans(line.text):
                if line.start + a > cursor:
                    pieces.append((cursor, line.start + a))
                cursor = max(cursor, line.start + b)
            # keep the line's newline so paragraphs stay paragraphs
            end = min(line.end + 1, len(source))
            pieces.append((cursor, end))
        return CleanText(_merge(pieces))


def _merge(pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for a, b in pieces:
        if merged and merged[-1][1] == a:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged

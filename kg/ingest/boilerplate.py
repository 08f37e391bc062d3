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


class BoilerplateRules:
    """Compiled boilerplate patterns; load once, share between articles."""

    def __init__(self, spec: dict) -> None:
        flags = re.IGNORECASE
        self.max_words: int = spec.get("max_words", 8)
        self.lines = [re.compile(p, flags) for p in spec.get("lines", [])]
        self.short_lines = [re.compile(p, flags) for p in spec.get("short_lines", [])]
        self.inline = [re.compile(p, flags) for p in spec.get("inline", [])]
        seps = re.escape(spec.get("breadcrumb_separators", "/»›>|"))
        self.breadcrumb = re.compile(rf"\s[{seps}]\s")

    @classmethod
    def load(cls, path: Path | None = None) -> "BoilerplateRules":
        with open(path or patterns_path("boilerplate.json"), encoding="utf-8") as f:
            return cls(json.load(f))

    def is_boilerplate(self, line: str) -> bool:
        stripped = line.strip()
        if not stripped:
            return False
        if any(p.search(stripped) for p in self.lines):
            return True
        if len(stripped.split()) > self.max_words:
            return False
        if any(p.search(stripped) for p in self.short_lines):
            return True
        # Breadcrumbs: "Home / World / Asia-Pacific": short, separator-joined, no sentence end.
        return (
            len(self.breadcrumb.findall(f" {stripped} ")) >= 2
            and not _SENTENCE_END.search(stripped)
        )

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

"""The one text normalisation used for grouping mentions, minting keys and matching gold."""

from __future__ import annotations

import re
import unicodedata

_PLAIN = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
})
_ARTICLE = re.compile(r"^(the|a|an)\s+")
_POSSESSIVE = re.compile(r"'s?$")
_SPACE = re.compile(r"\s+")


def plain(text: str) -> str:
    """NFKC, curly quotes and dashes made plain, white space collapsed (case kept)."""
    text = unicodedata.normalize("NFKC", text).translate(_PLAIN)
    return _SPACE.sub(" ", text).strip()


def norm(text: str) -> str:
    """Case-folded, plain, without a leading article or a trailing possessive."""
    text = plain(text).casefold()
    text = _ARTICLE.sub("", text)
    text = _POSSESSIVE.sub("", text).strip()
    return text

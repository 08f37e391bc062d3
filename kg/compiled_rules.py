"""spaCy's attribute ruler and rule lemmatizer, run as table lookups over the Doc's arrays.

Both are pure functions of a few token attributes: the ruler of the tag, lowercase form and
dependency label (a few of its patterns span two tokens), the lemmatizer of the form, POS and
morphology. spaCy runs them token by token through its Matcher and Python, about a sixth of the
whole parse. Compiled here from the model's own components when the pipeline loads, with a cache
over the kinds of token seen, they give the same annotations (a test compares every attribute of
every token) for a fraction of the cost. Fixed-length patterns are matched over the kinds; a
pattern with a quantifier or another attribute would go to a Matcher of its own (the English
models have none).

They use spaCy internals (``set_token_attrs``, the lemmatizer's table check), pinned with spaCy
in pyproject.toml; the lemmatizer's index is turned into sets in place, so the loaded pipeline
is not one to save to disk.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

ATTRIBUTES = "newskg_attributes"
LEMMAS = "newskg_lemmas"
CACHE_LIMIT = 400_000  # entries: a long build sees new words all the time; start again past this

# A token pattern tests these attributes, read in this order from the Doc's array.
_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_LOWER = 1
_OTHER_WORD = object()  # a lowercase form no pattern names: equal to none, in no list, matching no regex
Test = Callable[[Any], bool]


def _value_test(value: Any) -> Test | None:
    """The Matcher's test of one attribute value, or None for an operator not compiled here."""
    if isinstance(value, dict):
        if len(value) != 1:
            return None
        (op, arg), = value.items()
        if op == "IN":
            allowed = frozenset(arg)
            return lambda x: x in allowed
        if op == "NOT_IN":
            refused = frozenset(arg)
            return lambda x: x not in refused
        if op == "REGEX":
            pattern = re.compile(arg)
            return lambda x: isinstance(x, str) and bool(pattern.search(x))
        return None
    return lambda x: x == value


def _token_tests(spec: dict[str, Any]) -> list[tuple[int, Test]] | None:
    """One token of a pattern as (field, test) pairs; None if it needs the Matcher."""
    tests = []
    for key, value in spec.items():
        test = _value_test(value) if key in _FIELDS else None
        if test is None:
            return None
        tests.append((_FIELDS.index(key), test))
    return tests


def _named_words(patterns: list[list[dict[str, Any]]]) -> tuple[frozenset[str], list[Test]]:
    """The lowercase forms the patterns name, and their regular expressions on the form."""
    words: set[str] = set()
    regexes: list[Test] = []
    for pattern in patterns:
        for spec in pattern:
            value = spec.get("LOWER")
            if isinstance(value, str):
                words.add(value)
            elif isinstance(value, dict):
                for op, arg in value.items():
                    if op in ("IN", "NOT_IN"):
                        words.update(arg)
                    elif op == "REGEX":
                        regexes.append(_value_test(value))  # type: ignore[arg-type]
    return frozenset(words), regexes


class CompiledAttributeRuler:
    """The model's attribute ruler as a lookup per kind of token.

    A token's kind is its tag, dependency, whether it is a space, and its lowercase form only if a
    pattern names that form (or a pattern's regex matches it): a few thousand kinds, whatever the
    corpus. Fixed-length patterns are matched over the kinds; anything else (quantifiers, other
    attributes) goes to a Matcher holding those patterns alone.
    """

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import LEMMA, MORPH, POS
        from spacy.matcher import Matcher

        self.attrs: list[dict[int, int]] = list(ruler.attrs)
        self.indices: list[int] = list(ruler.indices)
        # (attr_id, tests of each token of the pattern)
        self.sequences: list[tuple[int, list[list[tuple[int, Test]]]]] = []
        self.matcher = Matcher(ruler.vocab)
        self.has_matcher = False
        every = []
        for attr_id in range(len(self.attrs)):
            _, patterns = ruler.matcher.get(str(attr_id))
            for pattern in patterns:
                every.append(pattern)
                tests = [_token_tests(spec) for spec in pattern]
                if pattern and all(t is not None for t in tests):
                    self.sequences.append((attr_id, tests))  # type: ignore[arg-type]
                else:
                    self.matcher.add(str(attr_id), [pattern])
                    self.has_matcher = True
        self.words, self.regexes = _named_words(every)
        self.columns = (POS, MORPH, LEMMA)
        self.word_kind: dict[int, int] = {}  # lowercase form → itself if a pattern may test it, else 0
        self.kinds: dict[tuple[int, int, int, int], _Kind] = {}

    def _word(self, lower: int, strings: Any) -> int:
        kind = self.word_kind.get(lower)
        if kind is None:
            text = strings[lower] if lower else ""
            kind = lower if text in self.words or any(r(text) for r in self.regexes) else 0
            self.word_kind[lower] = kind
        return kind

    def _kind(self, key: tuple[int, int, int, int], strings: Any) -> "_Kind":
        """What the patterns do to one kind of token: the one-token rules that match, in
        precedence order, and the (column, value) pairs they leave; the longer patterns whose
        token k it could be."""
        values: list[Any] = [strings[h] if h else "" for h in key[:3]] + [bool(key[3])]
        if key[_LOWER] == 0:
            values[_LOWER] = _OTHER_WORD
        fits = lambda tests: all(t(values[f]) for f, t in tests)  # noqa: E731
        ids = tuple(sorted({a for a, seq in self.sequences if len(seq) == 1 and fits(seq[0])}))
        merged: dict[int, int] = {}
        for a in ids:
            merged.update(self.attrs[a])
        cols = tuple((c, merged[attr]) for c, attr in enumerate(self.columns) if attr in merged)
        other = any(attr not in self.columns for attr in merged)
        starts = frozenset((j, k) for j, (_, seq) in enumerate(self.sequences) if len(seq) > 1
                           for k, tests in enumerate(seq) if fits(tests))
        return _Kind(ids, cols, other, starts, tuple(sorted(j for j, k in starts if k == 0)))

    def __call__(self, doc: "Doc") -> "Doc":
        import numpy
        from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG

        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE, POS, MORPH, LEMMA]).tolist()
        strings = doc.vocab.strings
        if len(self.word_kind) > CACHE_LIMIT:
            self.word_kind.clear()
        kinds = []
        for row in rows:
            key = (row[0], self._word(row[1], strings), row[2], row[3])
            kind = self.kinds.get(key)
            if kind is None:
                kind = self.kinds[key] = self._kind(key, strings)
            kinds.append(kind)
        out = [row[4:] for row in rows]
        by_hand: dict[int, list[int]] = {}  # token → its rules, applied one by one as spaCy would
        for i, kind in enumerate(kinds):
            for c, v in kind.cols:
                out[i][c] = v
            if kind.other:
                by_hand[i] = list(kind.ids)
        for attr_id, start, end in self._longer_matches(kinds, doc):
            index = self.indices[attr_id]
            i = start + index if index >= 0 else end + index
            by_hand.setdefault(i, list(kinds[i].ids)).append(attr_id)
        if rows:
            doc.from_array([POS, MORPH, LEMMA], numpy.array(out, dtype=numpy.uint64))
        if by_hand:
            from spacy.tokens._retokenize import set_token_attrs

            for i, ids in by_hand.items():
                for a in sorted(ids):
                    set_token_attrs(doc[i], self.attrs[a])
        return doc

    def _longer_matches(self, kinds: list["_Kind"], doc: "Doc") -> list[tuple[int, int, int]]:
        """(attr_id, start, end) of every pattern longer than one token, and of the Matcher's."""
        found = []
        for i, kind in enumerate(kinds):
            for j in kind.first:
                attr_id, seq = self.sequences[j]
                end = i + len(seq)
                if end <= len(kinds) and all((j, n) in kinds[i + n].starts for n in range(1, len(seq))):
                    found.append((attr_id, i, end))
        if self.has_matcher:
            strings = doc.vocab.strings
            found += [(int(strings[m]), s, e) for m, s, e in self.matcher(doc, allow_missing=True, as_spans=False)]
        return found


@dataclass(frozen=True)
class _Kind:
    ids: tuple[int, ...]
    cols: tuple[tuple[int, int], ...]
    other: bool  # a rule sets an attribute beyond POS, MORPH and LEMMA
    starts: frozenset[tuple[int, int]]  # (longer pattern, position) this kind of token fits
    first: tuple[int, ...]  # the longer patterns this kind of token can begin


class CachedLemmatizer:
    """The model's rule lemmatizer, asked once per (form, POS, morphology)."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], str] = {}
        # The rules ask only whether a form is in the index of its POS, which the tables keep as
        # lists of tens of thousands of words: as sets, the same answers a hundred times faster.
        if lemmatizer.lookups.has_table("lemma_index"):
            index = lemmatizer.lookups.get_table("lemma_index")
            for key, words in list(index.items()):
                if isinstance(words, list):
                    index[key] = frozenset(words)

    def __call__(self, doc: "Doc") -> "Doc":
        import numpy
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        lemmatizer = self.lemmatizer
        if not lemmatizer._validated:
            from spacy.errors import Errors

            lemmatizer._validate_tables(Errors.E1004)
        if len(self.cache) > CACHE_LIMIT:
            self.cache.clear()
            lemmatizer.cache.clear()  # spaCy's own, filled by the same calls and never emptied
        strings = doc.vocab.strings
        overwrite = lemmatizer.overwrite
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if overwrite or lemma == 0:
                key = (orth, pos, morph)
                text = self.cache.get(key)
                if text is None:
                    text = self.cache[key] = lemmatizer.lemmatize(doc[i])[0]
                lemma = strings.add(text)  # the string again: a memory zone may have dropped it
            lemmas.append(lemma)
        if lemmas:
            doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64))
        return doc


def compile_rules(nlp: "Language") -> None:
    """Put the compiled forms in place of the model's attribute ruler and rule lemmatizer."""
    from spacy.language import Language

    if not Language.has_factory(ATTRIBUTES):
        Language.factory(ATTRIBUTES, func=lambda nlp, name: CompiledAttributeRuler(nlp.get_pipe("attribute_ruler")))
        Language.factory(LEMMAS, func=lambda nlp, name: CachedLemmatizer(nlp.get_pipe("lemmatizer")))
    if "attribute_ruler" in nlp.pipe_names:
        nlp.add_pipe(ATTRIBUTES, after="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")
    if "lemmatizer" in nlp.pipe_names and getattr(nlp.get_pipe("lemmatizer"), "mode", None) == "rule":
        nlp.add_pipe(LEMMAS, after="lemmatizer")
        nlp.disable_pipe("lemmatizer")

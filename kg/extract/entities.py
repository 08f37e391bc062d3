"""Entity mentions from spaCy NER, typed with the ontology and corrected with the gazetteer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.gazetteer import Gazetteer
from kg.normalize import norm, plain
from kg.resources import patterns_path
from kg.types import Article, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

EXTRACTOR = "kg.entities.v1"
_POSSESSIVE = {"'s", "’s", "'", "’"}


@dataclass(frozen=True)
class EntityRules:
    labels: dict[str, str]
    strip_leading: frozenset[str]
    min_letters: int

    @classmethod
    def load(cls, path: Path | None = None) -> "EntityRules":
        with open(path or patterns_path("entity_types.json"), encoding="utf-8") as f:
            spec = json.load(f)
        return cls(spec["labels"], frozenset(spec.get("strip_leading", [])), spec.get("min_letters", 2))


def _trim(span: "Span", rules: EntityRules) -> "Span | None":
    """Drop leading determiners/'former' and a trailing possessive or punctuation from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in rules.strip_leading or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _is_junk(text: str, rules: EntityRules) -> bool:
    letters = sum(ch.isalpha() for ch in text)
    return letters < rules.min_letters or not any(ch.isupper() for ch in text)


def entity_mentions(
    doc: "Doc", article: Article, gazetteer: Gazetteer, rules: EntityRules
) -> Iterator[tuple[Mention, tuple[int, int]]]:
    """Each typed mention with its token range; numbers, dates and money are skipped."""
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    dateline = norm(article.dateline) if article.dateline else None
    for ent in doc.ents:
        cls = rules.labels.get(ent.label_)
        if cls is None:
            continue
        span = _trim(ent, rules)
        if span is None:
            continue
        text = plain(span.text)
        if _is_junk(text, rules):
            continue
        key = norm(text)
        canonical = text
        name_is_label = True
        if ent.label_ == "NORP":
            country = gazetteer.demonym(text) or gazetteer.country(text)
            if country is None:
                continue
            cls, key, canonical = "Country", norm(country.label), country.label
            name_is_label = norm(text) == key
        elif ent.label_ != "PERSON" or len(span) == 1:
            country = gazetteer.country(text)
            if country is not None and ent.label_ in ("GPE", "LOC", "ORG", "NORP", "PERSON"):
                cls, key, canonical = "Country", norm(country.label), country.label
            elif key == dateline:
                cls = "City"  # an all-caps dateline names the place the story was filed from
            elif ent.label_ in ("GPE", "LOC") and gazetteer.city(text) is not None:
                cls = "City"
        sent = span.sent
        yield (
            Mention(
                text=text if name_is_label else "",
                canonical=canonical,
                start=span.start_char,
                end=span.end_char,
                cls=cls,
                key=key,
                label=ent.label_,
                sentence=sent_index.get(sent.start, 0),
            ),
            (span.start, span.end),
        )

"""Entity mentions from spaCy NER, typed with the ontology and corrected with general knowledge.

The small NER model is often right about where a name is and wrong about what it names. The
class is corrected, strongest evidence first: a gazetteer (countries, demonyms, cities,
subdivisions), the all-caps dateline, the name's own head word ("… Shimbun", "… Islands"), a
class noun beside it ("the northernmost island, X"; "X prefecture"), and only then the NER label.
"""

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

EXTRACTOR = "kg.entities.v2"
_POSSESSIVE = {"'s", "’s", "'", "’"}
# How much a class can be trusted, by where it came from (see Mention.strength).
NER, CONTEXT, GAZETTEER = 0, 1, 2
_PLACE_LABELS = ("GPE", "LOC", "FAC", "ORG")


@dataclass(frozen=True)
class EntityRules:
    labels: dict[str, str]
    strip_leading: frozenset[str]
    honorifics: frozenset[str]
    min_letters: int
    class_nouns: dict[str, str]
    name_suffixes: frozenset[str]
    suffix_not_in_key: frozenset[str]
    name_heads: dict[str, str]

    @classmethod
    def load(cls, types: Path | None = None, nouns: Path | None = None) -> "EntityRules":
        with open(types or patterns_path("entity_types.json"), encoding="utf-8") as f:
            spec = json.load(f)
        with open(nouns or patterns_path("class_nouns.json"), encoding="utf-8") as f:
            cn = json.load(f)
        return cls(
            spec["labels"], frozenset(spec.get("strip_leading", [])), frozenset(spec.get("honorifics", [])),
            spec.get("min_letters", 2),
            cn["class_nouns"], frozenset(cn["name_suffixes"]), frozenset(cn["suffix_not_in_key"]), cn["name_heads"],
        )


def _trim(span: "Span", rules: EntityRules) -> "Span | None":
    """Drop leading determiners/'former' and a trailing possessive or punctuation from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in rules.strip_leading or doc[start].is_punct):
        start += 1
    if span.label_ == "PERSON":  # "President Ruiz", "Mr. Tanaka": the title is not the name
        while end - start > 1 and (doc[start].lower_.rstrip(".") in rules.honorifics or doc[start].text == "."):
            start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return doc[start:end]


def _is_junk(text: str, rules: EntityRules) -> bool:
    letters = sum(ch.isalpha() for ch in text)
    return letters < rules.min_letters or not any(ch.isupper() for ch in text)


def _with_suffix(span: "Span", rules: EntityRules) -> tuple["Span", str | None]:
    """'Fukui prefecture', 'Bergen city': a class noun after a place name belongs to it."""
    doc = span.doc
    end = span.end
    if end < len(doc) and doc[end].lower_ in rules.name_suffixes and doc[end].pos_ in ("NOUN", "PROPN") \
            and not doc[end].ent_type_:
        return doc[span.start:end + 1], doc[end].lower_
    last = span[-1].lower_
    return span, (last if last in rules.name_suffixes and len(span) > 1 else None)


def _context_class(span: "Span", rules: EntityRules) -> str | None:
    """Class named by a noun in apposition or in 'the island of X' ('the northernmost island, X')."""
    root = span.root
    head = root.head
    if root.dep_ == "appos" and head.pos_ == "NOUN":
        return rules.class_nouns.get(head.lemma_.lower()) or rules.class_nouns.get(head.lower_)
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and not child.ent_type_:
            cls = rules.class_nouns.get(child.lemma_.lower())
            if cls:
                return cls
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN" and \
            any(c.lower_ == "the" for c in head.head.children):
        return rules.class_nouns.get(head.head.lemma_.lower())
    return None


def mention_class(
    span: "Span", label: str, gazetteer: Gazetteer, rules: EntityRules, dateline: str | None,
    suffix: str | None,
) -> tuple[str, int, str, str] | None:
    """(class, strength, key, canonical label) of a trimmed entity span, or None to drop it."""
    text = plain(span.text)
    key = norm(text)
    if label == "NORP":
        country = gazetteer.demonym(text) or gazetteer.country(text)
        return None if country is None else ("Country", GAZETTEER, norm(country.label), country.label)
    if label != "PERSON" or len(span) == 1:
        country = gazetteer.country(text)
        if country is not None:
            return "Country", GAZETTEER, norm(country.label), country.label
    base = rules.labels[label]
    if suffix and suffix in rules.suffix_not_in_key:
        key = norm(plain(span[:-1].text))
    head = rules.name_heads.get(span[-1].lower_.strip("."))
    if key == dateline and label != "PERSON":
        return "City", GAZETTEER, key, text  # an all-caps dateline names the place the story was filed from
    if suffix:
        return rules.class_nouns.get(suffix, "Place"), CONTEXT, key, text
    if head and len(span) > 1:
        return head, CONTEXT, key, text
    context = _context_class(span, rules) if label in _PLACE_LABELS else None
    if context:
        return context, CONTEXT, key, text
    place = gazetteer.place_class(text) if label in ("GPE", "LOC") else None
    if place:
        return place, GAZETTEER, key, text
    ruled = span[0].ent_id_ if span[0].ent_id_ and span[0].ent_type_ == label else ""
    return (ruled or base), NER, key, text


def entity_mentions(
    doc: "Doc", article: Article, gazetteer: Gazetteer, rules: EntityRules
) -> Iterator[tuple[Mention, tuple[int, int]]]:
    """Each typed mention with its token range; numbers, dates and money are skipped."""
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    dateline = norm(article.dateline) if article.dateline else None
    for ent in doc.ents:
        if ent.label_ not in rules.labels:
            continue
        span = _trim(ent, rules)
        if span is None:
            continue
        suffix = None
        if ent.label_ in _PLACE_LABELS:
            span, suffix = _with_suffix(span, rules)
        text = plain(span.text)
        if _is_junk(text, rules) and not span[0].ent_id_:  # our own patterns ("G-20") are never junk
            continue
        typed = mention_class(span, ent.label_, gazetteer, rules, dateline, suffix)
        if typed is None:
            continue
        cls, strength, key, canonical = typed
        name_is_label = ent.label_ != "NORP" or norm(text) == key
        yield (
            Mention(
                text=text if name_is_label else "",
                canonical=canonical,
                start=span.start_char,
                end=span.end_char,
                cls=cls,
                key=key,
                label=ent.label_,
                sentence=sent_index.get(span.sent.start, 0),
                strength=strength,
            ),
            (span.start, span.end),
        )

"""Entity resolution: mentions → entities inside an article, entities → canonical keys across articles.

Two things of different top classes never merge, so "Russia" and "the Soviet Union" (two
countries with different names) stay two, and "Washington" the city and a person stay apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.normalize import norm
from kg.ontology import Ontology
from kg.types import ArticleExtraction, Entity, Mention, ResolvedEntity

TOP_CLASSES = ("Person", "Place", "Organization", "Event", "Document")
# Classes that come from a gazetteer look-up outrank the NER label when votes are split.
_GAZETTEER_CLASSES = ("Country", "City")


def top_class(cls: str, onto: Ontology) -> str:
    for top in TOP_CLASSES:
        if onto.is_a(cls, top):
            return top
    return cls


def _vote_class(classes: Iterable[str]) -> str:
    counts = Counter(classes)
    for cls in _GAZETTEER_CLASSES:
        if cls in counts:
            return cls
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def _best_label(names: Counter[str], key: str) -> str:
    """Most frequent name that spells the key; mixed case beats ALL CAPS."""
    exact = [(n, c) for n, c in names.items() if n and norm(n) == key]
    pool = exact or [(n, c) for n, c in names.items() if n]
    if not pool:
        return key.title()
    return sorted(pool, key=lambda nc: (nc[0].isupper(), -nc[1], -len(nc[0]), nc[0]))[0][0]


def resolve_article(mentions: list[Mention], onto: Ontology) -> tuple[list[Entity], list[int]]:
    """Group one article's mentions into entities; returns them and each mention's entity id.

    One name means one thing inside one article; a one-word person name joins the unique
    longer person name it ends ("Merkel" → "Angela Merkel").
    """
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_key[m.key].append(i)
    # Short person names join the one full name that ends with them.
    person_keys = {k for k, idx in by_key.items() if any(onto.is_a(mentions[i].cls, "Person") for i in idx)}
    target: dict[str, str] = {}
    for key in person_keys:
        words = key.split()
        longer = [k for k in person_keys if len(k.split()) > len(words) and k.split()[-len(words):] == words]
        if len(longer) == 1:
            target[key] = longer[0]
    groups: dict[str, list[int]] = defaultdict(list)
    for key, idx in by_key.items():
        groups[target.get(key, key)].extend(idx)
    entities: list[Entity] = []
    owner = [0] * len(mentions)
    for key, idx in sorted(groups.items(), key=lambda kv: min(mentions[i].start for i in kv[1])):
        idx.sort(key=lambda i: mentions[i].start)
        canonicals = Counter(mentions[i].canonical for i in idx)
        ent = Entity(
            id=len(entities),
            cls=_vote_class(mentions[i].cls for i in idx),
            key=key,
            label=_best_label(canonicals, key),
            aliases={mentions[i].text for i in idx if mentions[i].text},
            mentions=[mentions[i] for i in idx],
        )
        entities.append(ent)
        for i in idx:
            owner[i] = ent.id
    return entities, owner


def canonical_key(entity: Entity, onto: Ontology) -> str:
    return f"{top_class(entity.cls, onto)}|{entity.key}"


def resolve_corpus(
    extractions: list[ArticleExtraction], onto: Ontology
) -> tuple[dict[str, ResolvedEntity], list[dict[int, str]]]:
    """Merge entities across articles by canonical key.

    Returns the resolved entities by key and, per extraction, entity id → canonical key.
    A one-word person name with no full name in its own article joins the unique full name
    that ends with it anywhere in the corpus.
    """
    keys = [{e.id: canonical_key(e, onto) for e in ex.entities} for ex in extractions]
    all_keys = {k for per in keys for k in per.values()}
    persons = sorted(k for k in all_keys if k.startswith("Person|"))
    remap: dict[str, str] = {}
    for k in persons:
        words = k.split("|", 1)[1].split()
        longer = [p for p in persons if len(p.split("|", 1)[1].split()) > len(words)
                  and p.split("|", 1)[1].split()[-len(words):] == words]
        if len(longer) == 1:
            remap[k] = longer[0]
    classes: dict[str, list[str]] = defaultdict(list)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    aliases: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    for ex, per in zip(extractions, keys):
        for ent in ex.entities:
            key = per[ent.id] = remap.get(per[ent.id], per[ent.id])
            classes[key].append(ent.cls)
            counts[key] += len(ent.mentions)
            if not ent.mentions:  # named only in the byline: its label is all we have
                names[key][ent.label] += 0
            for m in ent.mentions:
                names[key][m.canonical] += 1
                if m.text:
                    aliases[key].add(m.text)
    resolved: dict[str, ResolvedEntity] = {}
    for key in sorted(classes):
        label = _best_label(names[key], key.split("|", 1)[1])
        alts = tuple(sorted(aliases[key] - {label}))
        resolved[key] = ResolvedEntity(key, _vote_class(classes[key]), label, alts, counts[key])
    return resolved, keys

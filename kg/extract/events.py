"""Events as nodes: meetings, talks, summits and visits with their participants, place and date.

Every mention of an event is read on its own (trigger word, participants, place, date); then the
mentions of one article that can be the same event (same class, participants that fit, dates
that agree) are merged: "their meeting on Thursday in X", "the summit meeting", "the fourth
meeting between A and B this year" are one meeting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.extract.modality import ModalityRules, modality
from kg.extract.relations import Step, with_conjuncts, entities_in, entity_of, follow, parse_path, subjects_of
from kg.extract.time import date_of, ground, tense
from kg.normalize import plain
from kg.resources import patterns_path
from kg.types import Article, Entity, Event, Time

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

EXTRACTOR = "kg.events.v1"
# How specific a place is: a city beats a region beats a country, for the place of one event.
_PLACE_RANK = {"Facility": 0, "City": 1, "Island": 2, "Region": 2, "Place": 3, "Country": 4}


@dataclass(frozen=True)
class EventRules:
    triggers: dict[tuple[str, str], str]  # (lemma, POS) → class
    participants: dict[str, tuple[tuple[Step, ...], ...]]  # POS → paths
    collective: frozenset[str]
    place: dict[str, tuple[tuple[Step, ...], ...]]  # class → paths
    confidence: dict[str, float]

    @classmethod
    def load(cls, path: Path | None = None) -> "EventRules":
        with open(path or patterns_path("events.json"), encoding="utf-8") as f:
            s = json.load(f)
        triggers = {(lemma, pos): t["class"] for t in s["triggers"] for lemma in t["lemmas"] for pos in t["pos"]}
        return cls(
            triggers,
            {pos: tuple(parse_path(p) for p in paths) for pos, paths in s["participants"].items()},
            frozenset(s["collective_possessives"]),
            {c: tuple(parse_path(p) for p in paths) for c, paths in s["place"].items()},
            {c: float(v) for c, v in s["confidence"].items()},
        )


@dataclass
class _Mention:
    cls: str
    trigger: "Token"
    participants: set[int]
    place: int | None
    time: Time | None
    modality: str
    definite: bool
    tokens: set[int]  # the trigger and the words that named its participants and place


def _governor(token: "Token") -> "Token | None":
    """The verb a noun phrase hangs from ('during [their meeting]' → shakes), not through a subject."""
    t = token
    for _ in range(6):
        if t.dep_ in ("nsubj", "nsubjpass") or t.head is t:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _agents(tokens: list["Token"], token_entity: dict[int, int], entities: list[Entity], agent,
            seen: set[int]) -> set[int]:
    out = set()
    for t in with_conjuncts(tokens):
        e = entity_of(t, token_entity)
        if e is not None and agent(entities[e].cls):
            out.add(e)
            seen.add(t.i)
    return out


def event_mentions(
    doc: "Doc", token_entity: dict[int, int], entities: list[Entity], article: Article, rules: EventRules,
    modality_rules: ModalityRules, is_agent, is_place, dates: dict[int, "Span"],
) -> list[_Mention]:
    found: list[_Mention] = []
    for token in doc:
        cls = rules.triggers.get((token.lemma_.lower(), token.pos_))
        if cls is None or (token.dep_ == "compound" and rules.triggers.get((token.head.lemma_.lower(), token.head.pos_))):
            continue  # "summit meeting": one trigger, the head
        parts: set[int] = set()
        seen: set[int] = {token.i}
        gov = _governor(token) if token.pos_ == "NOUN" else token
        paths = rules.participants.get(token.pos_, ())
        args = [t for p in paths for t in follow(token, p)]
        if token.pos_ == "VERB":
            args += subjects_of(token)
        parts |= _agents(args, token_entity, entities, is_agent, seen)
        holder = token.head if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN" else None
        possessors = [c for c in token.children if c.dep_ == "poss"]
        if holder is not None:  # "their first round of talks": the possessor sits on the head noun
            possessors += [c for c in holder.head.children if c.dep_ == "poss"]
        if any(p.lower_ in rules.collective for p in possessors) and gov is not None:
            parts |= _agents([c for c in gov.children if c.dep_ == "nsubj"] + follow(gov, parse_path("prep[with]>pobj")),
                             token_entity, entities, is_agent, seen)
        place = _place(token, rules.place.get(cls, ()), token_entity, entities, is_place, seen)
        if place is None and gov is not None and token.pos_ == "NOUN":
            place = _place(gov, rules.place.get(cls, ()), token_entity, entities, is_place, seen)
        span = date_of(token, dates)
        for child in token.children:  # "a visit that began on Thursday"
            if span is None and child.dep_ == "relcl":
                span = date_of(child, dates)
        if span is None and gov is not None and token.dep_ != "nsubj":
            span = date_of(gov, dates)
        mode, _ = modality(gov if gov is not None else token, modality_rules)
        verb = gov if gov is not None else token
        time = ground(span.text, article.date_published, 1 if mode in ("planned", "future", "expected") else tense(verb)) \
            if span is not None else None
        definite = any(c.lower_ in ("the", "their", "his", "her", "its", "this") for c in token.children) or bool(possessors)
        found.append(_Mention(cls, token, parts, place, time, mode, definite, seen))
    return found


def _place(token: "Token", paths, token_entity, entities: list[Entity], is_place, seen: set[int]) -> int | None:
    """The most specific place the paths reach ("at a resort in A, B prefecture" → A)."""
    best: int | None = None
    for path in paths:
        for t in follow(token, path):
            for e in entities_in(t, token_entity, descend=True):
                if is_place(entities[e].cls) and (
                        best is None or _PLACE_RANK.get(entities[e].cls, 3) < _PLACE_RANK.get(entities[best].cls, 3)):
                    best = e
    if best is not None:
        seen.update(i for i, e in token_entity.items() if e == best and token.sent.start <= i < token.sent.end)
    return best


def _fits(a: Time | None, b: Time | None) -> bool:
    return a is None or b is None or (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)


def _finer(a: Time | None, b: Time | None) -> Time | None:
    if a is None or b is None:
        return a or b
    return a if (a.end - a.start) <= (b.end - b.start) else b


def merge_events(mentions: list[_Mention], entities: list[Entity]) -> list[_Mention]:
    """Mentions of one event become one: same class and modality, dates that agree, participants that
    fit (one set holds the other), or a definite mention with none ('the meeting') when only one fits."""
    events: list[_Mention] = []
    for m in mentions:
        candidates = [e for e in events if e.cls == m.cls and _fits(e.time, m.time)
                      and (e.modality == m.modality or not m.participants)
                      and (m.participants <= e.participants or e.participants <= m.participants)]
        if not m.participants:
            candidates = candidates if (m.definite and len(candidates) == 1) else []
        if not candidates and m.participants:
            events.append(m)
            continue
        if not candidates:
            continue
        e = candidates[0]
        e.participants |= m.participants
        if m.participants or m.place is not None:
            e.tokens |= m.tokens if m.trigger.sent.start == e.trigger.sent.start else set()
        e.time = _finer(e.time, m.time)
        if m.place is not None and (e.place is None or
                                   _PLACE_RANK.get(entities[m.place].cls, 3) < _PLACE_RANK.get(entities[e.place].cls, 3)):
            e.place = m.place
    return events


def extract_events(
    doc: "Doc", token_entity: dict[int, int], token_span: dict[int, tuple[int, int]], dates: dict[int, "Span"],
    entities: list[Entity], article: Article, rules: EventRules, modality_rules: ModalityRules, is_agent, is_place,
) -> list[Event]:
    """The events of one article, each with enough to stand: a meeting of two, a visit to a place.

    ``dates`` maps each token of a DATE entity to its span.
    """
    mentions = event_mentions(doc, token_entity, entities, article, rules, modality_rules, is_agent, is_place, dates)
    out = []
    for e in merge_events(mentions, entities):
        if e.place is not None:  # before the checks: a place is no participant of its own visit
            e.participants.discard(e.place)
        if e.cls == "Meeting" and len(e.participants) < 2:
            continue
        if e.cls == "Visit" and (not e.participants or e.place is None):
            continue
        sent = e.trigger.sent
        inside = [i for i in e.tokens if sent.start <= i < sent.end]
        first = doc[min(token_span.get(i, (i, i + 1))[0] for i in inside)]
        last = doc[max(token_span.get(i, (i, i + 1))[1] for i in inside) - 1]
        out.append(Event(
            cls=e.cls, participants=tuple(sorted(e.participants)), place=e.place, date=e.time,
            modality=e.modality, sentence=plain(e.trigger.sent.text),
            start=article.source_offset(first.idx), end=article.source_offset(last.idx + len(last.text) - 1) + 1,
            confidence=rules.confidence.get(e.cls, 0.7), extractor=f"{EXTRACTOR}#{e.cls.lower()}",
        ))
    return out


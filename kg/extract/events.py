"""Events as nodes: meetings, visits, attacks, deaths, arrests … with participants by role, place and date.

A lexicon entry with an event class (data/lexicon/) makes its trigger an event mention; the
entry's roles say which frame slots hold which participants (agent, victim, winner …). Every
mention of an event is read on its own (trigger word, participants, place, date); then the
mentions of one article that can be the same event (same class, participants that fit, dates
that agree) are merged: "their meeting on Thursday in X", "the summit meeting", "the fourth
meeting between A and B this year" are one meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.frames import verb_slots
from kg.extract.lexicon import parse_path
from kg.extract.modality import ASSERTED, ModalityRules, modality, noun_cue
from kg.extract.relations import Match, entities_in, entity_of, follow, with_conjuncts
from kg.extract.time import date_of, ground, tense
from kg.normalize import plain
from kg.types import Article, Entity, Event, Time

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

EXTRACTOR = "kg.events.v2"
# How specific a place is: a city beats a region beats a country, for the place of one event.
_PLACE_RANK = {"Facility": 0, "City": 1, "Island": 2, "Region": 2, "Place": 3, "Country": 4}
# "their meeting", "our talks": the parties are the people of the clause around the noun.
_COLLECTIVE = frozenset({"their", "our"})
_WITH = parse_path("prep[with]>pobj")
PARTICIPANT = "participant"
TARGET = "target"


@dataclass
class _Mention:
    cls: str
    trigger: "Token"
    roles: dict[int, str]  # entity id → its role (a kg:participant subproperty)
    place: int | None
    time: Time | None
    modality: str
    definite: bool
    tokens: set[int]  # the trigger and the words that named its participants and place
    confidence: float
    speaker: int | None = None  # who tells of it ("X said he and Y met …")

    @property
    def participants(self) -> set[int]:
        return set(self.roles)


def _governor(token: "Token") -> "Token | None":
    """The verb a noun phrase hangs from ('during [their meeting]' → shakes), not through a subject."""
    t = token
    for _ in range(6):
        if t.dep_ in ("nsubj", "nsubjpass") or t.head == t:
            return None
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t
    return None


def _agents(tokens: list["Token"], token_entity: dict[int, int], entities: list[Entity], agent,
            seen: set[int]) -> list[int]:
    out = []
    for t in with_conjuncts(tokens):
        e = entity_of(t, token_entity)
        if e is not None and agent(entities[e].cls) and e not in out:
            out.append(e)
            seen.add(t.i)
    return out


def _roles(m: Match, token_entity: dict[int, int], entities: list[Entity], is_agent, is_place,
           seen: set[int]) -> dict[int, str]:
    roles: dict[int, str] = {}
    for role, slots in m.entry.roles:
        if role == TARGET:  # an attack aims at people (its victims) or at a place
            for e in _agents(m.tokens(slots), token_entity, entities, lambda c: is_agent(c) or is_place(c), seen):
                roles.setdefault(e, "victim" if is_agent(entities[e].cls) else TARGET)
            continue
        for e in _agents(m.tokens(slots), token_entity, entities, is_agent, seen):
            roles.setdefault(e, role)
    token = m.token
    if token.pos_ == "NOUN":
        holder = token.head if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN" else None
        possessors = [c for c in token.children if c.dep_ == "poss"]
        if holder is not None:  # "their first round of talks": the possessor sits on the head noun
            possessors += [c for c in holder.head.children if c.dep_ == "poss"]
        gov = _governor(token)
        if any(p.lower_ in _COLLECTIVE for p in possessors) and gov is not None:
            for e in _agents([c for c in gov.children if c.dep_ == "nsubj"] + follow(gov, _WITH),
                             token_entity, entities, is_agent, seen):
                roles.setdefault(e, PARTICIPANT)
    return roles


def event_mentions(
    doc: "Doc", matches: list[Match], token_entity: dict[int, int], entities: list[Entity], article: Article,
    modality_rules: ModalityRules, is_agent, is_place, dates: dict[int, "Span"],
) -> list[_Mention]:
    found: list[_Mention] = []
    triggers = {m.token.i for m in matches if m.entry.event}
    for m in matches:
        token, cls = m.token, m.entry.event
        if cls is None:
            continue
        if token.dep_ == "compound" and token.head.i in triggers:
            continue  # "summit meeting": one trigger, the head
        seen: set[int] = {token.i}
        roles = _roles(m, token_entity, entities, is_agent, is_place, seen)
        if cls == "Meeting" and token.pos_ == "VERB" and "agent" not in roles.values():
            continue  # "[someone] met with A, then with B": A and B did not meet each other
        if cls == "Contest" and len(roles) == 1 and set(roles.values()) == {PARTICIPANT}:
            continue  # a match has two sides; one side alone ("a list drawn up by X") is no contest
        gov = _governor(token) if token.pos_ == "NOUN" else token
        place = _place(m, m.entry.place, token_entity, entities, is_place, seen)
        if place is None and gov is not None and token.pos_ == "NOUN":
            place = _place(None, m.entry.place, token_entity, entities, is_place, seen, gov)
        span = date_of(token, dates)
        for child in token.children:  # "a visit that began on Thursday"
            if span is None and child.dep_ == "relcl":
                span = date_of(child, dates)
        if span is None and gov is not None and token.dep_ != "nsubj":
            span = date_of(gov, dates)
        mode, speaker = modality(gov if gov is not None else token, modality_rules)
        if mode == ASSERTED:  # "arranged a meeting", "a planned trip": what the noun's own words say
            mode = noun_cue(token, modality_rules) or mode
        said_by = entity_of(speaker, token_entity) if speaker is not None else None
        verb = gov if gov is not None else token
        time = ground(span.text, article.date_published, 1 if mode in ("planned", "future", "expected") else tense(verb)) \
            if span is not None else None
        possessed = any(c.dep_ == "poss" for c in token.children)
        definite = any(c.lower_ in ("the", "their", "his", "her", "its", "this") for c in token.children) or possessed
        found.append(_Mention(cls, token, roles, place, time, mode, definite, seen, m.entry.confidence, said_by))
    return found


def _place(m: Match | None, slots, token_entity, entities: list[Entity], is_place, seen: set[int],
           governor: "Token | None" = None) -> int | None:
    """The most specific place the slots reach ("at a resort in A, B prefecture" → A); from the
    governing verb's prepositions when the noun has none ("talks were held in X")."""
    best: int | None = None
    token = governor if governor is not None else m.token
    if m is not None:
        reached = m.tokens(slots)
    else:
        frame = verb_slots(governor)  # the same slots a verb trigger would have
        reached = [t for s in slots for t in (follow(governor, s.path) if s.path else frame.get(s.name, []))]
    for t in reached:
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
        for ent, role in m.roles.items():
            if e.roles.get(ent, PARTICIPANT) == PARTICIPANT:
                e.roles[ent] = role
        if m.participants or m.place is not None:
            e.tokens |= m.tokens if m.trigger.sent.start == e.trigger.sent.start else set()
        e.time = _finer(e.time, m.time)
        if m.place is not None and (e.place is None or
                                   _PLACE_RANK.get(entities[m.place].cls, 3) < _PLACE_RANK.get(entities[e.place].cls, 3)):
            e.place = m.place
    return events


def extract_events(
    doc: "Doc", token_entity: dict[int, int], token_span: dict[int, tuple[int, int]], dates: dict[int, "Span"],
    entities: list[Entity], article: Article, matches: list[Match], modality_rules: ModalityRules, is_agent, is_place,
) -> list[Event]:
    """The events of one article, each with enough to stand: a meeting of two, a visit to a
    place, any other event with a participant.

    ``dates`` maps each token of a DATE entity to its span.
    """
    mentions = event_mentions(doc, matches, token_entity, entities, article, modality_rules, is_agent, is_place, dates)
    out = []
    for e in merge_events(mentions, entities):
        if e.place is not None:  # before the checks: a place is no participant of its own visit
            e.roles.pop(e.place, None)
        if not e.roles or (e.cls == "Meeting" and len(e.roles) < 2) or (e.cls == "Visit" and e.place is None):
            continue
        sent = e.trigger.sent
        inside = [i for i in e.tokens if sent.start <= i < sent.end]
        first = doc[min(token_span.get(i, (i, i + 1))[0] for i in inside)]
        last = doc[max(token_span.get(i, (i, i + 1))[1] for i in inside) - 1]
        out.append(Event(
            cls=e.cls, participants=tuple(sorted(e.roles)), place=e.place, date=e.time,
            modality=e.modality, sentence=plain(e.trigger.sent.text),
            start=article.source_offset(first.idx), end=article.source_offset(last.idx + len(last.text) - 1) + 1,
            confidence=e.confidence, extractor=f"{EXTRACTOR}#{e.cls.lower()}",
            roles=tuple(sorted((p, r) for p, r in e.roles.items() if r != PARTICIPANT)),
            speaker=e.speaker,
        ))
    return out


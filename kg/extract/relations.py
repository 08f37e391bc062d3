"""Typed relations from dependency patterns kept in data/patterns/relations.json and titles.json."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.extract.modality import ModalityRules, modality
from kg.resources import patterns_path

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

RELATIONS = "kg.relations.v1"
TITLES = "kg.titles.v1"
_STEP = re.compile(r"^(?P<dep>[a-z]+)(?:\[(?P<lemmas>[^\]]+)\])?$")
_RELATIVE = {"which", "who", "that", "whom"}
# Dependencies by which a head noun carries a named entity inside its phrase ("Bergen city").
_NAME_CARRIERS = {"compound", "appos"}


@dataclass(frozen=True)
class Step:
    dep: str
    lemmas: frozenset[str] | None


def parse_path(path: str) -> tuple[Step, ...]:
    steps = []
    for part in path.split(">"):
        m = _STEP.match(part.strip())
        if not m:
            raise ValueError(f"bad dependency path step {part!r} in {path!r}")
        lemmas = frozenset(x.strip() for x in m.group("lemmas").split("|")) if m.group("lemmas") else None
        steps.append(Step(m.group("dep"), lemmas))
    return tuple(steps)


@dataclass(frozen=True)
class Rule:
    id: str
    lemmas: frozenset[str]
    pos: frozenset[str]
    subject: tuple[tuple[Step, ...], ...]
    object: tuple[tuple[Step, ...], ...]
    requires: tuple[tuple[Step, ...], ...]
    property: str
    confidence: float


@dataclass(frozen=True)
class TitleRules:
    leader: tuple[str, ...]
    member: tuple[str, ...]
    skip: frozenset[str]

    @classmethod
    def load(cls, path: Path | None = None) -> "TitleRules":
        with open(path or patterns_path("titles.json"), encoding="utf-8") as f:
            s = json.load(f)
        return cls(tuple(s["leader"]), tuple(s["member"]), frozenset(s["skip"]))

    def match(self, words: list[str]) -> tuple[int, str] | None:
        """Index of the last word of the rightmost title in ``words`` and the property it implies."""
        best: tuple[int, int, str] | None = None  # (end index, length, property)
        for prop, titles in (("leaderOf", self.leader), ("worksFor", self.member)):
            for title in titles:
                tw = title.split()
                for i in range(len(words) - len(tw) + 1):
                    if words[i:i + len(tw)] == tw:
                        cand = (i + len(tw) - 1, len(tw), prop)
                        if best is None or (cand[0], cand[1]) > (best[0], best[1]):
                            best = cand
        return (best[0], best[2]) if best else None


def load_rules(path: Path | None = None) -> list[Rule]:
    with open(path or patterns_path("relations.json"), encoding="utf-8") as f:
        spec = json.load(f)
    rules = []
    for r in spec["rules"]:
        rules.append(Rule(
            id=r["id"],
            lemmas=frozenset(r["lemmas"]),
            pos=frozenset(r.get("pos", ["VERB"])),
            subject=tuple(parse_path(p) for p in r.get("subject", ["nsubj"])),
            object=tuple(parse_path(p) for p in r["object"]),
            requires=tuple(parse_path(p) for p in r.get("requires", [])),
            property=r["property"],
            confidence=float(r["confidence"]),
        ))
    return rules


@dataclass(frozen=True)
class Candidate:
    """A relation between two entities of one article, before domain/range checks."""

    subject: int
    property: str
    object: int
    tokens: tuple[int, ...]  # the tokens of the evidence: trigger and arguments
    sentence: int  # index of the first token of the sentence
    confidence: float
    extractor: str
    modality: str


def follow(token: "Token", path: tuple[Step, ...]) -> list["Token"]:
    current = [token]
    for step in path:
        current = [
            c for t in current for c in t.children
            if c.dep_ == step.dep and (step.lemmas is None or c.lemma_.lower() in step.lemmas)
        ]
    return current


def _with_conjuncts(tokens: list["Token"]) -> list["Token"]:
    """'Japan and Russia signed': both are subjects."""
    out: list["Token"] = []
    todo = list(tokens)
    while todo:
        t = todo.pop(0)
        if t not in out:
            out.append(t)
            todo.extend(c for c in t.children if c.dep_ == "conj")
    return out


def entity_of(token: "Token", token_entity: dict[int, int]) -> int | None:
    """The entity a token names, directly or as the head of a phrase that carries a name."""
    if token.i in token_entity:
        return token_entity[token.i]
    for child in token.children:
        if child.dep_ in _NAME_CARRIERS and child.i in token_entity:
            return token_entity[child.i]
    return None


_AGENT = parse_path("agent>pobj")
_NSUBJ = (parse_path("nsubj"),)


def _is_passive(verb: "Token") -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def _subjects(verb: "Token") -> list["Token"]:
    """nsubj of the verb, of the verb it is coordinated with, or the noun a relative clause modifies."""
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subj and verb.dep_ in ("conj", "xcomp"):
        subj = [c for c in verb.head.children if c.dep_ == "nsubj"]
    return [verb.head if s.lower_ in _RELATIVE and verb.dep_ == "relcl" else s for s in subj]


def _arguments(trigger: "Token", rule: Rule) -> tuple[list["Token"], list["Token"]]:
    if trigger.pos_ == "VERB" and _is_passive(trigger):
        subjects = follow(trigger, _AGENT)
        objects = [c for c in trigger.children if c.dep_ == "nsubjpass"]
        if trigger.dep_ == "acl":
            objects.append(trigger.head)
        return subjects, objects
    if trigger.pos_ == "VERB" and rule.subject == _NSUBJ:
        subjects = _subjects(trigger)
    else:
        subjects = [t for path in rule.subject for t in follow(trigger, path)]
    objects = [t for path in rule.object for t in follow(trigger, path)]
    return subjects, objects


def relation_candidates(
    doc: "Doc", token_entity: dict[int, int], rules: list[Rule], modality_rules: ModalityRules
) -> Iterator[Candidate]:
    """Every rule match whose subject and object both name entities."""
    by_lemma: dict[str, list[Rule]] = {}
    for rule in rules:
        for lemma in rule.lemmas:
            by_lemma.setdefault(lemma, []).append(rule)
    for token in doc:
        for rule in by_lemma.get(token.lemma_.lower(), ()):
            if token.pos_ not in rule.pos:
                continue
            if rule.requires and not all(follow(token, p) for p in rule.requires):
                continue
            subjects, objects = _arguments(token, rule)
            if not subjects or not objects:
                continue
            mode = modality(token, modality_rules)
            for s in _with_conjuncts(subjects):
                for o in _with_conjuncts(objects):
                    se, oe = entity_of(s, token_entity), entity_of(o, token_entity)
                    if se is None or oe is None or se == oe:
                        continue
                    yield Candidate(se, rule.property, oe, (s.i, token.i, o.i), token.sent.start,
                                    rule.confidence, f"{RELATIONS}#{rule.id}", mode)


def _premodifiers(doc: "Doc", start: int, end: int) -> int:
    """First token of the run of modifiers in front of a name ("Japan's Prime Minister [Abe]")."""
    j = start - 1
    sent_start = doc[start].sent.start
    while j >= sent_start:
        t = doc[j]
        inside = start <= t.head.i < end or j < t.head.i < start
        if t.dep_ == "case" and t.head.i < j:
            inside = True
        if not inside or t.dep_ not in ("compound", "amod", "poss", "nmod", "case", "punct", "det", "npadvmod"):
            break
        j -= 1
    return j + 1


def title_candidates(
    doc: "Doc", person_spans: list[tuple[int, int, int]], token_entity: dict[int, int],
    titles: TitleRules, confidence: float = 0.9,
) -> Iterator[Candidate]:
    """'German Chancellor Angela Merkel' → Merkel leaderOf Germany; '… ministry spokesman X' → worksFor."""
    for start, end, person in person_spans:
        first = _premodifiers(doc, start, end)
        if first == start:
            continue
        region = [doc[i] for i in range(first, start)]
        words = [t.lower_.strip("-") for t in region]
        found = titles.match(words)
        if not found:
            continue
        title_end, prop = found
        if any(w in titles.skip for w in words):
            continue
        org = None
        for t in reversed(region[:title_end + 1]):
            ent = token_entity.get(t.i)
            if ent is not None and ent != person:
                org = (ent, t.i)
                break
        if org is None:
            continue
        yield Candidate(person, prop, org[0], (org[1], region[title_end].i, start), doc[start].sent.start,
                        confidence, TITLES, "asserted")

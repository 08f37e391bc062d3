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
_STEP = re.compile(r"^(?P<up><)?(?P<dep>[a-z]+)(?:\[(?P<lemmas>[^\]]+)\])?$")
_RELATIVE = {"which", "who", "that", "whom"}
# Dependencies by which a head noun carries a named entity inside its phrase ("Bergen city").
_NAME_CARRIERS = {"compound", "appos"}


@dataclass(frozen=True)
class Step:
    """Down to a child with this dependency label, or (``up``) to the head when the token has it."""

    dep: str
    lemmas: frozenset[str] | None
    up: bool = False


def parse_path(path: str) -> tuple[Step, ...]:
    steps = []
    for part in path.split(">"):
        m = _STEP.match(part.strip())
        if not m:
            raise ValueError(f"bad dependency path step {part!r} in {path!r}")
        lemmas = frozenset(x.strip() for x in m.group("lemmas").split("|")) if m.group("lemmas") else None
        steps.append(Step(m.group("dep"), lemmas, bool(m.group("up"))))
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
    descend: bool = False  # an object that is a common noun may carry the place: "a resort in X"
    coerce: dict[str, str] | None = None  # {"object": "Place"}: an argument the NER typed weakly takes this class


@dataclass(frozen=True)
class TitleRules:
    leader: tuple[str, ...]
    member: tuple[str, ...]
    skip: frozenset[str]
    demote: frozenset[str] = frozenset()  # "deputy governor": a member, not the leader

    @classmethod
    def load(cls, path: Path | None = None) -> "TitleRules":
        with open(path or patterns_path("titles.json"), encoding="utf-8") as f:
            s = json.load(f)
        return cls(tuple(s["leader"]), tuple(s["member"]), frozenset(s["skip"]), frozenset(s.get("demote", [])))

    def match(self, words: list[str]) -> tuple[int, str] | None:
        """Index of the last word of the rightmost title in ``words`` and the property it implies."""
        best: tuple[int, int, str] | None = None  # (end index, length, property)
        demoted = {i + 1 for i, w in enumerate(words) if w in self.demote}
        for prop, titles in (("leaderOf", self.leader), ("worksFor", self.member)):
            for title in titles:
                tw = title.split()
                for i in range(len(words) - len(tw) + 1):
                    if words[i:i + len(tw)] == tw:
                        cand = (i + len(tw) - 1, len(tw), "worksFor" if i in demoted else prop)
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
            descend=bool(r.get("descend", False)),
            coerce=r.get("coerce"),
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
    trigger: int = -1  # token index of the word that states the relation (for its date)
    speaker: int | None = None  # entity that says it, when the statement is reported speech
    coerce: dict[str, str] | None = None


def _ok(token: "Token", step: Step) -> bool:
    return step.lemmas is None or token.lemma_.lower() in step.lemmas or token.lower_ in step.lemmas


def follow(token: "Token", path: tuple[Step, ...]) -> list["Token"]:
    current = [token]
    for step in path:
        if step.up:
            current = [t.head for t in current if t.dep_ == step.dep and t.head is not t and _ok(t.head, step)]
        else:
            current = [c for t in current for c in t.children if c.dep_ == step.dep and _ok(c, step)]
    return current


# Members listed after a group take part in what the group does ("the G-20 nations, including X, …").
_MEMBERS = parse_path("prep[include|including]>pobj")


def with_conjuncts(tokens: list["Token"]) -> list["Token"]:
    """'Chile and Peru signed': both are subjects; so is X in 'the nations, including X, signed'."""
    out: list["Token"] = []
    todo = list(tokens)
    while todo:
        t = todo.pop(0)
        if t not in out:
            out.append(t)
            todo.extend(c for c in t.children if c.dep_ == "conj")
            todo.extend(follow(t, _MEMBERS))
    return out


_DESCENT = ("in", "of", "at", "near", "outside")


def entity_of(token: "Token", token_entity: dict[int, int], descend: bool = False) -> int | None:
    """The entity a token names, directly or as the head of a phrase that carries a name.

    With ``descend``, a common noun hands over to the place it is in or of ("a resort in the
    hometown of X" → X), a few steps deep.
    """
    found = entities_in(token, token_entity, descend)
    return found[0] if found else None


def entities_in(token: "Token", token_entity: dict[int, int], descend: bool = False) -> list[int]:
    """Every entity the phrase headed by ``token`` names or (with ``descend``) is in, nearest first.

    In "A, B prefecture" the parser hangs A under B: A, named first, is the narrower place.
    """
    if token.i in token_entity:
        narrower = [token_entity[c.i] for c in token.children
                    if c.dep_ == "nmod" and c.i < token.i and c.i in token_entity and token_entity[c.i] != token_entity[token.i]]
        return [*narrower, token_entity[token.i]]
    out = [token_entity[c.i] for c in token.children if c.dep_ in _NAME_CARRIERS and c.i in token_entity]
    if descend and token.pos_ == "NOUN":
        depth = 0
        todo = [g for c in token.children if c.dep_ == "prep" and c.lower_ in _DESCENT
                for g in c.children if g.dep_ == "pobj"]
        while todo and depth < 4:
            depth += 1
            nxt = []
            for t in todo:
                out += entities_in(t, token_entity)
                if t.i not in token_entity and t.pos_ == "NOUN":
                    nxt += [g for c in t.children if c.dep_ == "prep" and c.lower_ in _DESCENT
                            for g in c.children if g.dep_ == "pobj"]
            todo = nxt
    return list(dict.fromkeys(out))


_AGENT = parse_path("agent>pobj")
_NSUBJ = (parse_path("nsubj"),)


def _is_passive(verb: "Token") -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def subjects_of(verb: "Token") -> list["Token"]:
    """nsubj of the verb, of the verb it is coordinated with or depends on ('X is eager, claiming …'),
    or the noun a relative clause modifies."""
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subj and (verb.dep_ in ("conj", "xcomp") or verb.dep_ == "advcl" and verb.tag_ == "VBG"):
        # "X is expected to meet Y": the subject of a passive governor is the one who meets
        deps = ("nsubj", "nsubjpass") if verb.dep_ == "xcomp" else ("nsubj",)
        subj = [c for c in verb.head.children if c.dep_ in deps]
    return [verb.head if s.lower_ in _RELATIVE and verb.dep_ == "relcl" else s for s in subj]


def _rules_for(token: "Token", by_lemma: dict[str, list[Rule]]) -> list[Rule]:
    found = by_lemma.get(token.lemma_.lower())
    if found is None and token.pos_ == "ADJ" and pos_of(token) == "VERB":  # "annexed" left unlemmatised
        lower = token.lower_
        found = by_lemma.get(lower[:-1]) or by_lemma.get(lower[:-2]) if lower.endswith("ed") else None
    return found or []


def pos_of(token: "Token") -> str:
    """The part of speech, with a participle the tagger took for an adjective ("X annexed Y") a verb."""
    if token.pos_ == "ADJ" and token.tag_ in ("JJ", "VBN", "VBD") and any(c.dep_ == "dobj" for c in token.children):
        return "VERB"
    return token.pos_


def _arguments(trigger: "Token", rule: Rule) -> tuple[list["Token"], list["Token"]]:
    if pos_of(trigger) == "VERB" and rule.subject == _NSUBJ and _is_passive(trigger):
        subjects = follow(trigger, _AGENT)
        objects = [c for c in trigger.children if c.dep_ == "nsubjpass"]
        if trigger.dep_ == "acl":
            objects.append(trigger.head)
        return subjects, objects
    if pos_of(trigger) == "VERB" and rule.subject == _NSUBJ:
        subjects = subjects_of(trigger)
    else:
        subjects = [t for path in rule.subject for t in follow(trigger, path)]
    objects = [t for path in rule.object for t in follow(trigger, path)]
    return subjects, objects


def index_rules(rules: list[Rule]) -> dict[str, list[Rule]]:
    """Rules by trigger lemma: built once, looked up per token."""
    by_lemma: dict[str, list[Rule]] = {}
    for rule in rules:
        for lemma in rule.lemmas:
            by_lemma.setdefault(lemma, []).append(rule)
    return by_lemma


def relation_candidates(
    doc: "Doc", token_entity: dict[int, int], by_lemma: dict[str, list[Rule]], modality_rules: ModalityRules
) -> Iterator[Candidate]:
    """Every rule match whose subject and object both name entities."""
    for token in doc:
        for rule in _rules_for(token, by_lemma):
            if pos_of(token) not in rule.pos:
                continue
            if rule.requires and not all(follow(token, p) for p in rule.requires):
                continue
            subjects, objects = _arguments(token, rule)
            if not subjects or not objects:
                continue
            mode, speaker = modality(token, modality_rules)
            said_by = entity_of(speaker, token_entity) if speaker is not None else None
            for s in with_conjuncts(subjects):
                for o in with_conjuncts(objects):
                    se, oe = entity_of(s, token_entity), entity_of(o, token_entity, rule.descend)
                    if se is None or oe is None or se == oe:
                        continue
                    yield Candidate(se, rule.property, oe, (s.i, token.i, o.i), token.sent.start,
                                    rule.confidence, f"{RELATIONS}#{rule.id}", mode, token.i, said_by, rule.coerce)


def _premodifiers(doc: "Doc", start: int, end: int) -> int:
    """First token of the run of modifiers in front of a name ("Norway's Prime Minister [Store]")."""
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


def title_words(doc: "Doc", start: int, end: int) -> tuple[str, ...]:
    """Lower-cased words in front of a name that may hold a title ("foreign", "minister")."""
    return tuple(doc[i].lower_.strip("-") for i in range(_premodifiers(doc, start, end), start))


# How wide a place is, for "Smalltown, Bigregion, Country": the narrower one lies in the wider one.
PLACE_RANK = {"Facility": 0, "City": 1, "Island": 2, "Region": 3, "Country": 5}
LOCATION_PAIRS = "kg.location-pairs.v1"


def location_pairs(
    doc: "Doc", spans: list[tuple[int, int, int]], classes: dict[int, str], confidence: float = 0.85,
) -> Iterator[Candidate]:
    """'Smalltown, Ruritania', 'SMALLTOWN, Ruritania —', 'Smalltown, Ruritania province': two
    place names side by side, the first narrower than the second, are in one another."""
    ordered = sorted(spans)
    for (s1, e1, a), (s2, e2, b) in zip(ordered, ordered[1:]):
        if a == b or s2 != e1 + 1 or doc[e1].text != "," or doc[s1].sent.start != doc[s2].sent.start:
            continue
        ra, rb = PLACE_RANK.get(classes[a]), PLACE_RANK.get(classes[b])
        if ra is None or rb is None or ra >= rb:
            continue
        # "Tokyo, Osaka and Kyoto" is a list, not a pair: the second name must not start a list
        if e2 < len(doc) and doc[e2].lower_ in ("and", "or") or (e2 + 1 < len(doc) and doc[e2].text == ","
                                                              and doc[e2 + 1].ent_type_ in ("GPE", "LOC")):
            continue
        yield Candidate(a, "locatedIn", b, (s1, e1, s2), doc[s1].sent.start, confidence, LOCATION_PAIRS,
                        "asserted", s1)


def role_title(titles: TitleRules, words: list[str]) -> str | None:
    """The property a role noun implies ("president" → leaderOf, "minister" → worksFor)."""
    found = titles.match(words)
    return found[1] if found else None

"""Is a clause asserted as fact? Forecasts, plans, wishes, conditions, questions and denials are not."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.resources import patterns_path

if TYPE_CHECKING:
    from spacy.tokens import Token

ASSERTED = "asserted"
# Clause links we climb to find what governs a verb ("expected to [seek]", "said [he would]").
# Relative and adverbial clauses ("which were suspended after Russia annexed …") are presupposed,
# so a modal in the main clause does not reach them: the climb stops there.
_CLIMB = {"xcomp", "ccomp", "acomp", "conj", "pcomp"}


@dataclass(frozen=True)
class ModalityRules:
    aux: dict[str, str]
    governors: dict[str, str]
    negation: frozenset[str]
    negation_words: frozenset[str]
    condition: frozenset[str]
    speech: frozenset[str]  # verbs of saying: their content is asserted by, and attributed to, the speaker
    doubt: dict[str, str]  # verbs of saying, and nouns, that do not vouch for the content ("alleged")
    accusation: frozenset[str] = frozenset()  # "arrested for [the murder]", "accused of [killing]"
    alleging: frozenset[str] = frozenset()  # "the alleged [killer]"
    event_modifiers: dict[str, str] = field(default_factory=dict)  # "a planned [trip]": planned

    @classmethod
    def load(cls, path: Path | None = None) -> "ModalityRules":
        with open(path or patterns_path("modality.json"), encoding="utf-8") as f:
            s = json.load(f)
        return cls(s["aux"], s["governors"], frozenset(s["negation"]), frozenset(s["negation_words"]),
                   frozenset(s["condition"]), frozenset(s["speech"]), s.get("doubt", {}),
                   frozenset(s.get("accusation", ())), frozenset(s.get("alleging_modifiers", ())),
                   s.get("event_modifiers", {}))


def _own(token: "Token", rules: ModalityRules) -> str | None:
    """Modality marked on the token itself: negation, a modal auxiliary, a condition."""
    for child in token.children:
        if child.dep_ in rules.negation or (child.dep_ == "advmod" and child.lower_ in rules.negation_words):
            return "negated"
        if child.dep_ == "aux" and child.lower_ in rules.aux:
            return rules.aux[child.lower_]
        if child.dep_ == "mark" and child.lower_ in rules.condition:
            return "conditional"
    return None


# "arrested for/in/over the killing", "charged with", "accused of", "held on suspicion of".
_CHARGE_PREPOSITIONS = frozenset({"for", "in", "over", "with", "of", "on"})


def _accused(token: "Token", rules: ModalityRules) -> bool:
    """A charge, not a finding: "the alleged killer", "arrested for the murder of Y", "accused of
    killing Y", "held on suspicion of murdering Y". The climb goes up through prepositions only."""
    if token.pos_ == "PROPN":  # a name is no charge: "a concert held at the Royal Albert Hall"
        return False
    if any(c.dep_ == "amod" and c.lower_ in rules.alleging for c in token.children):
        return True
    for _ in range(3):
        if token.dep_ not in ("pobj", "pcomp") or token.head.lower_ not in _CHARGE_PREPOSITIONS:
            return False
        token = token.head.head
        if token.lemma_.lower() in rules.accusation:
            return True
    return False


def _speaker(verb: "Token") -> "Token | None":
    """The subject of a verb of saying; of two (a dateline the parser took for one), the nearer."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return min(subjects, key=lambda c: abs(verb.i - c.i)) if subjects else None


def _content_clause(clause: "Token") -> bool:
    """A clause that tells what a noun says ("the claim (that) he lied"), not a relative clause
    about it ("the suspicion which led police to him"); the parser labels both relcl at times."""
    if clause.dep_ in ("acl", "ccomp"):
        return True
    return clause.dep_ == "relcl" and not any(c.tag_ in ("WDT", "WP", "WP$") and c.dep_ != "mark" for c in clause.children)


def noun_cue(noun: "Token", rules: ModalityRules) -> str | None:
    """What an event noun's own words say of it: "a planned trip", "the cancelled summit"; or the
    governor that takes it as its object: "arranged a meeting" (planned), "denied the attack"
    (negated), "discussed a merger" (possible)."""
    if noun.pos_ != "NOUN":
        return None
    for child in noun.children:
        if child.dep_ in ("amod", "compound") and child.lower_ in rules.event_modifiers:
            return rules.event_modifiers[child.lower_]
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ == "VERB":
        return rules.governors.get(noun.head.lemma_.lower())
    return None


def modality(trigger: "Token", rules: ModalityRules) -> tuple[str, "Token | None"]:
    """Modality of the clause headed by ``trigger``, looking up through its governors, and the
    speaker's token when the clause is reported speech ("X said …", "…, X reported")."""
    if trigger.sent.text.rstrip().endswith("?"):
        return "question", None
    if _accused(trigger, rules):
        return "alleged", None
    token = trigger
    for _ in range(6):  # bounded climb: clauses nest only a few deep in news prose
        own = _own(token, rules)
        if own:
            return own, None
        if token.dep_ in ("relcl", "acl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) \
                and token.head.dep_ in ("attr", "oprd", "dobj", "nsubj") and token.head.head != token.head:
            token = token.head.head  # "would be the youngest [to serve] as …": the noun's clause decides
            continue
        if token.head.pos_ == "NOUN" and token.head.lemma_.lower() in rules.doubt and _content_clause(token):
            return rules.doubt[token.head.lemma_.lower()], None  # "an allegation (that) X assaulted Y"
        if token.dep_ not in _CLIMB or token.head == token:
            break
        head = token.head
        lemma = head.lemma_.lower()
        if token.dep_ in ("xcomp", "acomp", "ccomp") or head.pos_ in ("ADJ",):
            cue = rules.governors.get(lemma)
            if cue and token.dep_ != "ccomp":
                return cue, None
        if token.dep_ == "ccomp":
            # Reported speech: the content of "said"/"told" is asserted by its speaker; a
            # negated or modal speech verb, or one of doubt ("alleged"), still spoils it.
            speaker = _speaker(head) if lemma in rules.speech or lemma in rules.doubt else None
            mode = _own(head, rules) or rules.doubt.get(lemma) or ASSERTED
            if mode == ASSERTED and lemma not in rules.speech:
                mode = rules.governors.get(lemma, ASSERTED)
            return mode, speaker
        token = head
    return ASSERTED, None

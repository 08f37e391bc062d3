"""Predicate–argument frames read from the dependency parse, one mechanism for every sentence shape.

In the spirit of ClausIE: a predicate (a verb, an event noun, a relational noun such as
"president") gets named slots, filled the same way whatever the sentence looks like:

- ``subj`` / ``obj``: the logical subject and object, through the passive ("X was arrested by
  Y": subj Y, obj X), participles ("the man arrested by police"), relative clauses ("the
  striker, who joined Arsenal": subj striker), coordination ("police arrested X and charged
  him": the second verb shares the subject), control ("X agreed to buy Y") and adverbial
  participles ("…, killing 130 people": the subject of the main clause);
- one slot per preposition (``in``, ``to``, ``with``, ``of``, ``by`` …) and ``dative``;
- for nouns: ``poss``, ``compound``, ``amod``, ``holder`` (what the noun is said of: the name
  in apposition either way, the subject of a copula or of "served as", the name a title stands
  in front of), and the subject or object of a light verb ("X launched an attack on Y", "X
  suffered injuries").

Which slot fills which argument of which property is the lexicon's business (data/lexicon/);
this module knows only the grammar.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

RELATIVE = frozenset({"which", "who", "that", "whom", "whose"})
_COPULAS = frozenset({"be", "become", "remain", "serve", "act", "work", "name", "appoint", "elect"})
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# "the city of Laredo, Texas": after a place noun, the name in apposition is the wider place.
_PLACE_NOUNS = frozenset({"city", "town", "village", "port", "state", "province", "county", "region", "district",
                          "island", "islands", "municipality", "territory", "republic", "commonwealth", "suburb"})
# Verbs that give their object a title: "named X chairman", "elected Y mayor".
_NAMING = frozenset({"name", "appoint", "elect", "make", "select", "choose", "install", "promote", "designate"})


@dataclass(frozen=True)
class LightVerbs:
    """Verbs that hand their subject to the noun they govern: agentive ("launch an attack") or
    experiencer ("suffer an injury": the subject is what the event happens to)."""

    agent: frozenset[str]
    patient: frozenset[str]
    leaving: frozenset[str] = frozenset()  # "resigned as chairman": the office is left, not held


def is_passive(verb: "Token") -> bool:
    """Passive voice: a passive subject or auxiliary, a participle modifying a noun, or a
    participle coordinated with a passive verb ("was arrested and charged")."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    if verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN":
        return True
    if verb.dep_ == "conj" and verb.tag_ == "VBN" and not any(c.dep_ in _SUBJECTS for c in verb.children):
        return verb.head != verb and verb.head.pos_ in ("VERB", "AUX") and is_passive(verb.head)
    return False


def _heads(tokens: Iterable["Token"], verb: "Token") -> list["Token"]:
    """A relative pronoun stands for the noun its clause modifies."""
    out = []
    for t in tokens:
        if t.lower_ in RELATIVE and verb.dep_ == "relcl":
            out.append(verb.head)
        else:
            out.append(t)
    return out


# Prepositions whose gerund is done by the verb's object: "accused X of [killing]", "X for [stealing]".
_OBJECT_CONTROL = frozenset({"of", "for", "from"})


def _surface_subjects(verb: "Token", depth: int = 0) -> tuple[list["Token"], bool]:
    """The verb's grammatical subject (climbing to the verb it shares one with) and whether that
    subject is the passive one."""
    own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if len(own) > 1:  # a dateline the parser took for a second subject: the nearer one is the clause's
        own = [min(own, key=lambda c: abs(verb.i - c.i))]
    if own:
        return _heads(own, verb), any(c.dep_ == "nsubjpass" for c in own)
    if depth > 4 or verb.head == verb:
        return [], False
    head = verb.head
    if verb.dep_ == "relcl":
        return [head], is_passive(verb)
    if verb.dep_ in ("acl", "amod"):  # "gunmen attacking the base"; "the man arrested by police"; "Y-based X"
        return [head], verb.tag_ == "VBN"
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        subjects, passive = _surface_subjects(head, depth + 1)
        return subjects, passive and verb.tag_ == "VBN"
    if verb.dep_ == "pcomp" and head.lower_ in _OBJECT_CONTROL:
        # "convicted X of killing Y", "arrested X for murdering Y", "stopped X from leaving":
        # the object does what the gerund says, wherever the parser hung the preposition
        if head.head.dep_ == "dobj":
            return [head.head], False
        objects = [c for c in head.head.children if c.dep_ == "dobj"]
        if objects and head.head.pos_ == "VERB":
            return objects, False
    if verb.dep_ == "pcomp" and head.head != head and head.head.pos_ in ("VERB", "AUX"):
        # "convicted of murdering Y", "by killing Y": the one the governing clause is about
        subjects, _ = _surface_subjects(head.head, depth + 1)
        return subjects, False
    if verb.dep_ in ("xcomp", "acomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG"):  # "X is eager to visit Y"
        subjects, passive = _surface_subjects(head, depth + 1)
        return subjects, passive and verb.dep_ == "xcomp" and verb.tag_ == "VBN"
    return [], False


def _pobjs(token: "Token") -> dict[str, list["Token"]]:
    """Objects of the token's prepositions, by preposition ("in", "to", "by" …)."""
    out: dict[str, list["Token"]] = {}
    for c in token.children:
        if c.dep_ in ("prep", "agent") or (c.dep_ == "dative" and c.pos_ == "ADP"):
            objs = [g for g in c.children if g.dep_ == "pobj"]
            for g in c.children:  # "out of", "because of": a second preposition carries the object
                if g.dep_ == "prep" and g.lower_ == "of":
                    objs += [x for x in g.children if x.dep_ == "pobj"]
            if objs:
                out.setdefault(c.lower_, []).extend(objs)
            for o in objs:  # "born on May 5, 1907, in X": the parser hangs the place on the date
                if o.ent_type_ in ("DATE", "TIME"):
                    for p in o.children:
                        if p.dep_ == "prep" and p.i > o.i and p.lower_ in _AFTER_A_DATE:
                            out.setdefault(p.lower_, []).extend(x for x in p.children if x.dep_ == "pobj")
    return out


# Prepositions that, after a date, still belong to the verb: where it happened.
_AFTER_A_DATE = frozenset({"in", "at", "near", "outside"})


def verb_slots(verb: "Token") -> dict[str, list["Token"]]:
    """Named slots of a verb (or a participle the tagger took for an adjective)."""
    slots = _pobjs(verb)
    subjects, passive = _surface_subjects(verb)
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if verb.dep_ == "relcl" and not objects and any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE
                                                    for c in verb.children):
        objects = [verb.head]  # "the man whom police arrested": the noun is the object
    if passive:
        slots["obj"] = subjects + objects
        slots["subj"] = slots.pop("by", [])
    else:
        slots["subj"] = subjects
        slots["obj"] = objects
    dative = [c for c in verb.children if c.dep_ == "dative" and c.pos_ != "ADP"]
    if dative:
        slots["dative"] = dative
    attrs = [c for c in verb.children if c.dep_ in ("attr", "oprd", "acomp")]
    if attrs:
        slots["attr"] = attrs
    adverbial = [c for c in verb.children if c.dep_ == "npadvmod"]
    if adverbial:
        slots["npadvmod"] = adverbial
    return {k: v for k, v in slots.items() if v}


def holders(noun: "Token", leaving: frozenset[str] = frozenset()) -> list["Token"]:
    """What a relational noun is said of: "X, the president of Y", "Y's president, X", "X is
    (was named, served as) president of Y", "President X"."""
    out = [c for c in noun.children if c.dep_ == "appos"]
    if not out and noun.lemma_.lower() not in _PLACE_NOUNS:  # "the mayor of Y, X": the parser hangs the name on Y
        out = [a for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
               for o in p.children if o.dep_ == "pobj"
               for a in o.children if a.dep_ == "appos" and a.pos_ == "PROPN"]
    head = noun.head
    if noun.dep_ == "conj" and head.pos_ == "NOUN" and head != noun:
        return out + holders(head, leaving)  # "X, a professor at Y and president of Z" (not "X, Y and a spokesman")
    if noun.dep_ == "appos":
        out.append(head)
    elif noun.dep_ in ("oprd", "dobj") and head.lemma_.lower() in _NAMING and any(
            c.dep_ in ("dobj", "oprd") and c != noun and c.pos_ == "PROPN" for c in head.children):
        # "the board named X publisher of Y": the name beside the title, not the board
        out += [c for c in head.children if c.dep_ in ("dobj", "oprd") and c != noun and c.pos_ == "PROPN"]
    elif noun.dep_ in ("oprd", "dobj") and head.lemma_.lower() in _NAMING and any(
            c.dep_ == "compound" and c.pos_ == "PROPN" for c in noun.children):
        out += [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"]  # the parser's other reading
    elif noun.dep_ in ("attr", "oprd") and head.lemma_.lower() in _COPULAS:
        subjects, _ = _surface_subjects(head)
        out += subjects
    elif noun.dep_ == "pobj" and head.lower_ == "as" and head.head.pos_ in ("VERB", "AUX") \
            and head.head.lemma_.lower() not in leaving and head.head.tag_ != "VBD":  # "served as" is over
        governor = head.head
        subjects, passive = _surface_subjects(governor)
        out += subjects if not any(c.dep_ == "dobj" for c in governor.children) or passive else \
            [c for c in governor.children if c.dep_ == "dobj"]
    elif noun.dep_ in ("compound", "nmod") and head.pos_ == "PROPN" and contiguous(noun, head):
        out.append(head)  # a title in front of a name
    return out


def contiguous(a: "Token", b: "Token") -> bool:
    """No comma, semicolon or coordinator between two tokens: a premodifier across one is a misparse."""
    lo, hi = sorted((a.i, b.i))
    return not any(t.text in (",", ";") or t.dep_ == "cc" for t in a.doc[lo + 1:hi])


def _adjacent_conjunct(modifier: "Token") -> "Token":
    """'Lopez and NASA director X': of a coordinated premodifier, the conjunct next to the noun."""
    conjuncts = [c for c in modifier.children if c.dep_ == "conj"]
    return conjuncts[-1] if conjuncts and any(c.dep_ == "cc" for c in modifier.children) else modifier


def noun_slots(noun: "Token", light: LightVerbs, poss_role: str = "subj") -> dict[str, list["Token"]]:
    """Named slots of an event or relational noun.

    ``poss_role`` says what a possessor is when the noun has no "of" argument: the doer ("X's
    visit", subj) or the one it happens to ("X's arrest", obj). With an "of" argument the
    possessor is always the doer ("X's purchase of Y").
    """
    slots = _pobjs(noun)
    if noun.dep_ == "conj" and noun.head.pos_ == "NOUN" and "of" not in slots:
        shared = _pobjs(noun.head).get("of", [])  # "a baker and president of X": hung on the first
        if shared and all(o.i > noun.i for o in shared):  # noun, but after this one, so this one's too
            slots["of"] = shared
    poss = [c for c in noun.children if c.dep_ == "poss"]
    if poss:
        slots["poss"] = poss
    premodifiers = [_adjacent_conjunct(c) for c in noun.children if c.dep_ in ("compound", "nmod") and c.i < noun.i]
    slots["compound"] = [c for c in premodifiers if contiguous(c, noun)]
    slots["amod"] = [c for c in noun.children if c.dep_ == "amod"]
    slots["holder"] = holders(noun, light.leaving)
    subj = list(slots.get("by", []))
    obj: list["Token"] = []
    if poss:
        (obj if poss_role == "obj" and "of" not in slots else subj).extend(poss)
    governor = noun.head
    if noun.dep_ == "dobj" and governor.pos_ in ("VERB", "AUX"):
        lemma = governor.lemma_.lower()
        if lemma in light.agent or lemma in light.patient:
            vs = verb_slots(governor)
            (subj if lemma in light.agent else obj).extend(vs.get("subj", []))
            for prep, objs in vs.items():  # "launched an attack [on Y] [in Z]" either way
                if prep not in ("subj", "obj", "attr", "dative", "npadvmod"):
                    slots.setdefault(prep, objs)
    slots["subj"], slots["obj"] = subj, obj
    return {k: v for k, v in slots.items() if v}

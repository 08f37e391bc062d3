"""Mentions that are not names: descriptions ("the islands", "the minister") and pronouns.

Rule-based and conservative: a reference is linked only when its antecedent is clear, and left
alone otherwise. What it finds are links between mentions; resolve.py groups them into entities.

- Place descriptions with the same head noun and number ("the four disputed islands", "these
  islands") are one thing within an article; an alias clause ("…, which are called A in X and B in
  Y"; "…, which X calls B"; "…, known as A") gives them their names.
- A role description links to the person holding that role: back to the last person titled so
  ("the minister" → "Foreign Minister Z"), or forward to the person introduced by surname alone
  just after it ("Ruritania's foreign minister said … Z told reporters").
- he/she/him/her/his link to the only person in reach (the sentence so far, else the one
  before); an object pronoun never to its own clause's subject. they/them only to a plural
  description in the same sentence.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.gazetteer import GivenNames
from kg.resources import patterns_path

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

EXTRACTOR = "kg.coref.v1"


@dataclass(frozen=True)
class CorefRules:
    descriptions: dict[str, str]  # head lemma → class ("island" → Island)
    organisation_nouns: frozenset[str]  # "the company", "the carmaker": refer to the one organisation in reach
    alias_verbs: frozenset[str]  # relative-clause verbs that give a name ("call", "know as")
    person_pronouns: frozenset[str]
    object_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    role_nouns: frozenset[str]
    window: int  # sentences to look back (or forward) for an antecedent
    given: GivenNames | None = None  # the sex a first name suggests ("she" is not "John")
    pronoun_sex: dict[str, str] = field(default_factory=dict)  # "she" → female

    @classmethod
    def load(cls, path: Path | None = None, role_nouns: frozenset[str] = frozenset(),
             given: GivenNames | None = None) -> "CorefRules":
        with open(path or patterns_path("coref.json"), encoding="utf-8") as f:
            s = json.load(f)
        return cls(s["descriptions"], frozenset(s.get("organisation_nouns", ())), frozenset(s["alias_verbs"]),
                   frozenset(s["person_pronouns"]), frozenset(s["object_pronouns"]), frozenset(s["plural_pronouns"]),
                   frozenset(role_nouns) | frozenset(s.get("role_nouns", [])), int(s.get("window", 2)),
                   given, dict(s.get("pronoun_sex", {})))

    def fits(self, pronoun: str, name: "NamedSpan") -> bool:
        """A pronoun can refer to a name unless the name's first word is a given name of the other sex."""
        want = self.pronoun_sex.get(pronoun)
        if want is None or self.given is None or " " not in name.key:
            return True
        sex = self.given.sex(name.key.split()[0])
        return sex is None or sex == want


@dataclass(frozen=True)
class Description:
    """A noun phrase that refers without naming: its head token and the class it implies."""

    head: int  # token index
    start: int  # token range of the phrase
    end: int
    cls: str
    kind: str  # "place" | "role" | "pronoun"
    possessor: int | None = None  # node of the possessor ("Ruritania's foreign minister")


@dataclass
class Coref:
    """Nodes are mention indices (0..n-1) then description indices (n..). Links join two nodes."""

    descriptions: list[Description] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class NamedSpan:
    """What coreference needs to know of a named mention."""

    start: int
    end: int
    cls: str  # ontology class
    person: bool
    key: str  # normalised name
    title: tuple[str, ...] = ()  # lower-cased title words in front of a person's name
    organisation: bool = False

    @property
    def surname(self) -> str:
        return self.key.rsplit(" ", 1)[-1]


def resolve_references(doc: "Doc", names: list[NamedSpan], rules: CorefRules) -> Coref:
    out = Coref()
    n = len(names)
    token_node: dict[int, int] = {}
    for i, m in enumerate(names):
        for t in range(m.start, m.end):
            token_node[t] = i
    sents = list(doc.sents)
    sent_of = _SentenceOf([s.start for s in sents])
    nouns, pronouns = _candidates(doc, rules)

    def add(d: Description) -> int:
        out.descriptions.append(d)
        token_node[d.head] = n + len(out.descriptions) - 1
        return token_node[d.head]

    # 1. Place descriptions, grouped by head lemma and number; names from apposition or inside.
    groups: dict[tuple[str, str], list[int]] = {}
    for token in nouns:
        lemma = token.lemma_.lower()
        if token.pos_ != "NOUN" or lemma not in rules.descriptions:
            continue
        inside = token_node.get(token.i)
        if inside is not None:  # "the Aland islands": the class noun is part of a name
            groups.setdefault((lemma, token.tag_), []).append(inside)
            continue
        if not _definite(token):
            continue
        node = add(Description(token.i, token.left_edge.i, token.i + 1, rules.descriptions[lemma], "place"))
        groups.setdefault((lemma, token.tag_), []).append(node)
        for child in token.children:
            if child.dep_ == "appos" and child.i in token_node:
                out.links.append((node, token_node[child.i]))
        if token.dep_ == "appos" and token.head.i in token_node:
            out.links.append((node, token_node[token.head.i]))
        for name in _alias_names(token, token_node, names, rules):
            out.links.append((node, name))
    for (_, tag), members in groups.items():
        if tag in ("NNS", "NNPS"):  # one plural description is one set of things in a news story
            out.links.extend((members[0], m) for m in members[1:])
    # Names inside a description phrase also take alias clauses ("the Aland islands, which X calls B").
    for i, m in enumerate(names):
        head = doc[m.end - 1]
        if head.lemma_.lower() in rules.descriptions:
            out.links.extend((i, a) for a in _alias_names(head, token_node, names, rules))

    # 2. Role descriptions: "the minister" (back) or "Ruritania's foreign minister" (forward).
    for token in nouns:
        if token.pos_ != "NOUN" or token.lower_ not in rules.role_nouns or token.i in token_node:
            continue
        if any(c.dep_ == "appos" or c.i in token_node and names[token_node[c.i]].person for c in token.children):
            continue  # named right there, or a title in front of a name: not a reference
        if token.head.i in token_node and token.dep_ in ("compound", "appos"):
            continue
        k = sent_of[token.i]
        possessor = next((token_node[c.i] for c in token.children if c.dep_ == "poss" and c.i in token_node), None)
        has_det = any(c.lower_ in ("the", "this", "that") for c in token.children)
        person = None
        if has_det and possessor is None:
            person = _titled_before(token, names, sent_of, k, rules.window)
        elif possessor is not None and not names[possessor].person:
            person = _introduced_after(token, names, sent_of, k, rules.window)
        if person is not None:
            node = add(Description(token.i, token.left_edge.i, token.i + 1, "Person", "role", possessor))
            out.links.append((node, person))

    # 3. Organisation descriptions: "the company" → the only organisation in reach.
    for token in nouns:
        if token.lemma_.lower() not in rules.organisation_nouns or token.i in token_node or not _definite(token):
            continue
        if any(c.dep_ in ("appos", "compound") or c.dep_ == "poss" and c.i in token_node for c in token.children):
            continue  # named right there: "the company, Acme", "Acme's parent company"
        target = _organisation_antecedent(token, names, sent_of, sents)
        if target is not None:
            node = add(Description(token.i, token.left_edge.i, token.i + 1, "", "organisation"))
            out.links.append((node, target))

    # 4. Pronouns.
    for token in pronouns:
        lower = token.lower_
        if token.pos_ != "PRON" or token.i in token_node:
            continue
        if lower in rules.person_pronouns:
            target = _person_antecedent(token, names, sent_of, sents, rules)
        elif lower in rules.plural_pronouns:
            target = _plural_antecedent(token, out, names, sents[sent_of[token.i]])
        else:
            continue
        if target is not None:
            node = add(Description(token.i, token.i, token.i + 1, "", "pronoun"))
            out.links.append((node, target))
    return out


class _SentenceOf:
    """Token index → sentence index, by bisecting sentence starts (no Token objects made)."""

    def __init__(self, starts: list[int]) -> None:
        self.starts = starts

    def __getitem__(self, i: int) -> int:
        return bisect.bisect_right(self.starts, i) - 1


def _candidates(doc: "Doc", rules: CorefRules) -> tuple[list["Token"], list["Token"]]:
    """The nouns and pronouns coreference may read, found on the Doc's arrays."""
    from spacy.attrs import POS
    from spacy.parts_of_speech import NOUN, PRON

    nouns, pronouns = [], []
    for i, pos in enumerate(doc.to_array([POS]).tolist()):
        if pos == NOUN:
            nouns.append(doc[i])
        elif pos == PRON:
            pronouns.append(doc[i])
    return nouns, pronouns


def _definite(token: "Token") -> bool:
    """'the/these/those islands', 'four islands', 'the disputed islands': a referring phrase."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "these", "those", "this", "that") or c.dep_ == "nummod"
               for c in token.children)


def _alias_names(head: "Token", token_node: dict[int, int], names: list[NamedSpan], rules: CorefRules) -> list[int]:
    """Names given by '…, which are called A (in X) and B (in Y)', '…, which X calls B', '…, known as A'."""
    found: list[int] = []
    for clause in head.children:
        if clause.dep_ not in ("relcl", "acl") or clause.lemma_.lower() not in rules.alias_verbs:
            continue
        subjects = {c.i for c in clause.children if c.dep_ == "nsubj"}
        for t in clause.subtree:
            node = token_node.get(t.i)
            if node is None or node in found or t.i in subjects:
                continue
            m = names[node]
            if m.cls == "Country" and t.dep_ == "pobj" and t.head.lower_ in ("in", "by", "among"):
                continue  # "called A in Ruritania": the country that uses the name
            if m.person:
                continue
            found.append(node)
    return found


def _titled_before(token: "Token", names: list[NamedSpan], sent_of: dict[int, int], k: int, window: int) -> int | None:
    """The last person before the token, within the window, whose title has this role noun."""
    for i in sorted(range(len(names)), key=lambda i: -names[i].start):
        m = names[i]
        if m.start >= token.i or sent_of[m.start] < k - window:
            continue
        if m.person and token.lower_ in m.title:
            return i
    return None


def _introduced_after(token: "Token", names: list[NamedSpan], sent_of: dict[int, int], k: int, window: int) -> int | None:
    """The person first named by a single word in the next sentences, with no title of their own."""
    seen_before = {m.surname for m in names if m.person and m.start < token.i}
    for i, m in enumerate(names):
        if not m.person or m.start <= token.i or sent_of[m.start] == k or sent_of[m.start] > k + window:
            continue
        if m.end - m.start == 1 and not m.title and m.surname not in seen_before:
            return i
        return None  # the first person after the role is someone else: not clear
    return None


def _person_antecedent(token: "Token", names: list[NamedSpan], sent_of: dict[int, int], sents: list["Span"],
                       rules: CorefRules) -> int | None:
    """The only person in reach: earlier in the sentence, else in the previous sentence; and
    whatever else is in reach, the person a possessive's noun is coordinated with ("X and his son")."""
    joined = _coordinated_name(token, names)
    if joined is not None:  # the name it is coordinated with, or no one
        return joined if names[joined].person and rules.fits(token.lower_, names[joined]) else None
    k = sent_of[token.i]
    own_subjects = set()
    if token.lower_ in rules.object_pronouns:
        own_subjects = {t.i for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    for sent_index in (k, k - 1):
        if sent_index < 0:
            break
        sent = sents[sent_index]
        people = {i for i, m in enumerate(names) if m.person and sent.start <= m.start < sent.end
                  and (sent_index < k or m.end <= token.i) and m.start not in own_subjects
                  and rules.fits(token.lower_, m)}
        if len({names[i].surname for i in people}) == 1:
            return max(people, key=lambda i: names[i].end - names[i].start)
        if people:
            return None
    return None


def _organisation_antecedent(token: "Token", names: list[NamedSpan], sent_of: _SentenceOf,
                             sents: list["Span"]) -> int | None:
    """The only organisation named earlier in the sentence, else in the one before."""
    k = sent_of[token.i]
    for sent_index in (k, k - 1):
        if sent_index < 0:
            break
        sent = sents[sent_index]
        found = [i for i, m in enumerate(names) if m.organisation and sent.start <= m.start < sent.end
                 and (sent_index < k or m.end <= token.i)]
        if len({names[i].key for i in found}) == 1:
            return found[-1]
        if found:
            return None
    return None


def _coordinated_name(token: "Token", names: list[NamedSpan]) -> int | None:
    """'Joe Biden and his son': the name a possessive's noun is coordinated with."""
    noun = token.head
    if token.dep_ != "poss" or noun.dep_ != "conj" or noun.head.i > token.i:
        return None
    first = noun.head
    return next((i for i, m in enumerate(names) if m.start <= first.i < m.end), None)


def _plural_antecedent(token: "Token", coref: Coref, names: list[NamedSpan], sent: "Span") -> int | None:
    """'they' → the one plural place (a description, or a name like "the X Islands") earlier in the sentence."""
    n = len(names)
    found = [n + j for j, d in enumerate(coref.descriptions)
             if d.kind == "place" and sent.start <= d.head < token.i and sent.doc[d.head].tag_ == "NNS"]
    found += [i for i, m in enumerate(names) if not m.person and sent.start <= m.start and m.end <= token.i
              and sent.doc[m.end - 1].tag_ in ("NNS", "NNPS")]
    return found[0] if len(found) == 1 else None

"""Typed relations: lexicon entries (data/lexicon/) applied to predicate–argument frames, plus
titles in front of names (titles.json) and place pairs ("Smalltown, Ruritania")."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kg.extract.frames import contiguous, noun_slots, verb_slots
from kg.extract.lexicon import TITLE, Entry, Lexicon, Slot, Step, parse_path
from kg.extract.modality import ASSERTED, ModalityRules, modality, noun_cue
from kg.resources import patterns_path

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

RELATIONS = "kg.relations.v2"
TITLES = "kg.titles.v1"
# Dependencies by which a head noun carries a named entity inside its phrase ("Bergen city").
_NAME_CARRIERS = {"compound", "appos"}
# "Interpol agents arrested X" is Interpol; "the FBI investigation was led by X" is not the FBI.
_NOT_CARRIED = frozenset({"investigation", "probe", "inquiry", "report", "study", "survey", "poll", "case", "trial",
                          "plan", "deal", "program", "programme", "project", "bill", "law", "policy", "proposal",
                          "decision", "ruling", "statement", "data", "figure", "record", "document", "website",
                          "account", "page", "hearing", "meeting", "session", "conference", "summit", "event",
                          # the people around X are not X: "the X campaign criticised Y"
                          "campaign", "family", "supporter", "critic", "opponent", "rival", "fan", "ally", "relative",
                          "lawyer", "attorney", "spokesman", "spokeswoman", "spokesperson", "aide", "adviser",
                          "advisor", "friend", "biographer"})


@dataclass(frozen=True)
class TitleRules:
    """Titles and role nouns by the property they imply (leaderOf, worksFor, memberOf)."""

    titles: dict[str, tuple[str, ...]]
    skip: frozenset[str]
    demote: frozenset[str] = frozenset()  # "deputy governor": a member, not the leader
    professions: frozenset[str] = frozenset()  # a trade, not an office: "Denver lawyer X" lives in Denver
    abroad: frozenset[str] = frozenset()  # a role a foreigner may hold for a country: "Iraq envoy X"
    identity: frozenset[str] = frozenset()  # roles of no property that tell people apart: "first lady"
    abbreviations: dict[str, str] = field(default_factory=dict)  # "sen" → "senator"
    sexes: dict[str, str] = field(default_factory=dict)  # "mrs" → "female"

    def national(self, words: list[str], prop: str) -> bool:
        """Whether a country's office in front of a name makes the holder its national ("U.S.
        diplomat X", "Japan's Prime Minister Y"); an envoy, an expert or a coach need not be."""
        return prop in ("worksFor", "leaderOf") and bool(words) and words[-1] not in self.abroad | self.professions

    @classmethod
    def load(cls, path: Path | None = None) -> "TitleRules":
        with open(path or patterns_path("titles.json"), encoding="utf-8") as f:
            s = json.load(f)
        return cls({p: tuple(t) for p, t in s["titles"].items()}, frozenset(s["skip"]), frozenset(s.get("demote", [])),
                   frozenset(s.get("professions", [])), frozenset(s.get("abroad", [])),
                   frozenset(s.get("identity", [])), dict(s.get("abbreviations", {})), dict(s.get("sexes", {})))

    def identity_titles(self, words: Iterable[str]) -> frozenset[str]:
        """What a title phrase says of who holds it, to tell two people of one surname apart across
        articles: the rightmost title ("senator", "chief executive", "first lady") and any honorific
        of sex ("mrs"), abbreviations spelt out ("Sen." → senator)."""
        ws = [w.lower().strip(".") for w in words]
        ws = [self.abbreviations.get(w, w) for w in ws if w]
        out = {w for w in ws if w in self.sexes}
        for end in range(len(ws) - 1, -1, -1):
            found = [" ".join(ws[i:end + 1]) for i in range(max(0, end - 2), end + 1)
                     if " ".join(ws[i:end + 1]) in self.identity or self._is_title(ws[i:end + 1])]
            if found:
                out.add(found[0])  # the longest ending here
                break
        return frozenset(out)

    def _is_title(self, words: list[str]) -> bool:
        return any(tw == tuple(words) for _, tw in self.by_last_word.get(words[-1], ()))

    def at_place(self, words: list[str], prop: str) -> bool:
        """Whether a title is a trade, not an office: with a town or region it says where the person
        lives, with a country the nationality ("Canadian scientist X"); an office keeps its property."""
        if prop != "worksFor" or not words or words[-1] not in self.professions:
            return False
        return not any(" ".join(words[-n:]) in self.offices for n in (2, 3))  # "district attorney" is an office

    @cached_property
    def offices(self) -> frozenset[str]:
        """Titles of more than one word ("district attorney"): offices even when their last word is a trade."""
        return frozenset(t for titles in self.titles.values() for t in titles if " " in t)

    def heads(self) -> frozenset[str]:
        """The last word of every title: the noun a title phrase is headed by."""
        return frozenset(t.split()[-1] for titles in self.titles.values() for t in titles)

    @cached_property
    def by_last_word(self) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
        """Titles by their last word, so a match looks only at titles that can end in the words."""
        out: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for prop, titles in self.titles.items():
            for title in titles:
                words = tuple(title.split())
                out.setdefault(words[-1], []).append((prop, words))
        return out

    def match(self, words: list[str]) -> tuple[int, str] | None:
        """Index of the last word of the rightmost title in ``words`` and the property it implies."""
        best: tuple[int, int, str] | None = None  # (end index, length, property)
        demoted = {i + 1 for i, w in enumerate(words) if w in self.demote}
        for end, word in enumerate(words):
            for prop, tw in self.by_last_word.get(word, ()):
                i = end - len(tw) + 1
                if i >= 0 and tuple(words[i:end + 1]) == tw:
                    demote = i in demoted and prop == "leaderOf"
                    cand = (end, len(tw), "worksFor" if demote else prop)
                    if best is None or (cand[0], cand[1]) > (best[0], best[1]):
                        best = cand
        return (best[0], best[2]) if best else None


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
    subject_class: str | None = None  # constraints of the lexicon entry beyond the property's domain and range
    object_class: str | None = None
    at_place: bool = False  # a trade: with a place as object, where the person lives or their nationality
    object_not: str | None = None


def _ok(token: "Token", step: Step) -> bool:
    if step.pos is not None and token.pos_ not in step.pos:
        return False
    return step.lemmas is None or token.lemma_.lower() in step.lemmas or token.lower_ in step.lemmas


def follow(token: "Token", path: tuple[Step, ...]) -> list["Token"]:
    current = [token]
    for step in path:
        if step.up:
            current = [t.head for t in current if t.dep_ == step.dep and t.head != t and _ok(t.head, step)
                       and (step.dep not in _CONTIGUOUS or contiguous(t, t.head))]
        else:
            current = [c for t in current for c in t.children if c.dep_ == step.dep and _ok(c, step)
                       and (step.dep not in _CONTIGUOUS or contiguous(c, t))]
    return current


# A premodifier stands right before its head; one across a comma or an "and" is a misparse of a list.
_CONTIGUOUS = frozenset({"compound", "nmod"})



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
            todo.extend(c for c in t.children if c.dep_ == "conj" and not _starts_clause(c, t))
            todo.extend(follow(t, _MEMBERS))
    return out


def _starts_clause(conj: "Token", first: "Token") -> bool:
    """'defeated ISIS and Turkey would be moving': a 'conjunct' followed by the auxiliary of another
    verb is that verb's subject, not a second object."""
    nxt = conj.right_edge.i + 1
    if nxt >= len(conj.doc):
        return False
    after = conj.doc[nxt]
    return after.pos_ in ("AUX", "VERB") and after != first.head and after.head != first.head


_DESCENT = ("in", "of", "at", "near", "outside")
# Nouns that only name what their "of" phrase is: "the city of Lyon" is Lyon.
_NAMING = frozenset({"city", "town", "village", "state", "province", "county", "region", "republic", "kingdom",
                     "island", "islands", "port", "district", "municipality", "emirate"})


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
    out = [token_entity[c.i] for c in token.children if c.dep_ in _NAME_CARRIERS and c.i in token_entity
           and not _bracketed(c)  # "Federer (Switzerland)": the bracket is an aside, not the name
           and not (c.dep_ == "compound" and token.lemma_.lower() in _NOT_CARRIED)]
    if not out and token.pos_ == "NOUN" and token.lemma_.lower() not in _NAMING:  # "Interpol agents", "Russian troops"
        out = [token_entity[c.i] for c in token.children if c.dep_ == "amod" and c.i in token_entity
               and c.ent_type_ in ("ORG", "NORP", "GPE")]
    if not out and token.pos_ == "NOUN" and token.dep_ == "appos" and token.head.i in token_entity:
        out = [token_entity[token.head.i]]  # "X, a lawyer who lives in Y": the lawyer is X
    if not out and token.pos_ == "NOUN" and token.dep_ == "attr" and token.head.lemma_.lower() == "be":
        # "X was the gunman who killed Y": the description is X
        out = [token_entity[c.i] for c in token.head.children if c.dep_ == "nsubj" and c.i in token_entity]
    if not out and token.pos_ == "NOUN" and token.lemma_.lower() in _NAMING:
        out = [token_entity[g.i] for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
               for g in c.children if g.dep_ == "pobj" and g.i in token_entity]
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


def pos_of(token: "Token") -> str:
    """The part of speech, with a participle the tagger took for an adjective ("X annexed Y") a verb,
    and a "verb" the parser made a compound modifier ("the X assassin Y") a noun."""
    if token.pos_ == "ADJ" and token.tag_ in ("JJ", "VBN", "VBD") and any(c.dep_ == "dobj" for c in token.children):
        return "VERB"
    if token.pos_ == "VERB" and token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return token.pos_


def _entries_for(token: "Token", lexicon: Lexicon) -> list[Entry]:
    lemma, lower = token.lemma_.lower(), token.lower_
    if lemma not in lexicon.lemmas and lower not in lexicon.lemmas and not lower.endswith("ed"):
        return []
    pos = pos_of(token)
    found = lexicon.lookup(lemma, pos) or lexicon.lookup(lower, pos)
    if not found and pos == "VERB" and token.pos_ == "ADJ" and token.lower_.endswith("ed"):  # "annexed" unlemmatised
        lower = token.lower_
        found = lexicon.lookup(lower[:-1], pos) or lexicon.lookup(lower[:-2], pos)
    return found


def _named_by(token: "Token", naming: frozenset[str]) -> bool:
    """'…, which are called A in X and B in Y': a name given by a naming verb is not placed by its phrase."""
    t = token
    for _ in range(4):
        if t.head == t:
            return False
        t = t.head
        if t.pos_ == "VERB":
            return t.lemma_.lower() in naming
    return False


@dataclass(frozen=True)
class Match:
    """A lexicon entry that fits a trigger token, with the trigger's frame slots."""

    token: "Token"
    entry: Entry
    slots: dict[str, list["Token"]]

    def tokens(self, slots: tuple[Slot, ...]) -> list["Token"]:
        out: list["Token"] = []
        for slot in slots:
            if slot.name == "self":
                found = [self.token]
            else:
                found = follow(self.token, slot.path) if slot.path else self.slots.get(slot.name, [])
            out += [t for t in found if t not in out]
        return out


def frame_matches(doc: "Doc", lexicon: Lexicon, token_entity: dict[int, int], is_a,
                  classes: dict[int, str]) -> list[Match]:
    """Every token the lexicon knows as a predicate, with its frame, in text order.

    A trigger inside a name ("the Peace Treaty", "Bank of Japan") is part of the name, not a
    predicate; a trigger that is the first half of a compound ("summit meeting") leaves the
    head to speak.
    """
    out = []
    for i in _trigger_indices(doc, lexicon, token_entity):
        token = doc[i]
        if token.i in token_entity:  # a name is a trigger only of its own constructions, at its head
            inside = token.head.i in token_entity and token_entity[token.head.i] == token_entity[token.i] \
                and token.head != token
            cls = classes[token_entity[token.i]]
            # "Germans in Spain": a nationality word stands for people, not for the country it names
            entries = [] if inside or _named_by(token, lexicon.naming) or token.ent_type_ == "NORP" \
                else lexicon.on_names(cls, is_a)
        else:
            entries = _entries_for(token, lexicon)
        if not entries:
            continue
        verb_like = pos_of(token) in ("VERB", "AUX")
        cache: dict[str, dict[str, list["Token"]]] = {}
        for entry in entries:
            if entry.requires and not all(follow(token, s.path) if s.path else False for s in entry.requires):
                continue
            if entry.unless and any(follow(token, s.path) for s in entry.unless if s.path):
                continue
            key = "verb" if verb_like else entry.poss
            if key not in cache:
                cache[key] = verb_slots(token) if verb_like else noun_slots(token, lexicon.light, entry.poss)
                if token.i in token_entity:  # "the Red Cross in Khartoum": the phrase may hang on the name's last word
                    last = token
                    while last.i + 1 < len(doc) and token_entity.get(last.i + 1) == token_entity[token.i]:
                        last = doc[last.i + 1]
                    for prep, objs in (noun_slots(last, lexicon.light).items() if last != token else ()):
                        if prep not in cache[key]:
                            cache[key][prep] = objs
            out.append(Match(token, entry, cache[key]))
    return out


def _trigger_indices(doc: "Doc", lexicon: Lexicon, token_entity: dict[int, int]) -> list[int]:
    """Tokens that may be triggers, found on the Doc's arrays: making a Token object for every word
    of an article costs more than the whole lexicon lookup."""
    from spacy.attrs import LEMMA, LOWER

    strings = doc.vocab.strings
    known = lexicon.hashes(strings)
    arr = doc.to_array([LEMMA, LOWER])
    out = []
    for i, (lemma, lower) in enumerate(arr.tolist()):
        if i in token_entity or lemma in known or lower in known or strings[lower].endswith("ed"):
            out.append(i)
    return out


def _anchor(token: "Token") -> "Token":
    """The word whose clause says whether a noun's fact is asserted: the copula of "X is president
    of Y", the light verb of "X launched an attack", the verb of "X served as president"."""
    if token.pos_ in ("VERB", "AUX"):
        return token
    if token.dep_ in ("attr", "oprd", "dobj") and token.head.pos_ in ("VERB", "AUX"):
        return token.head
    if token.dep_ == "pobj" and token.head.lower_ == "as" and token.head.head.pos_ in ("VERB", "AUX"):
        return token.head.head
    return token


def _noun_words(noun: "Token", token_entity: dict[int, int]) -> list[str]:
    """A relational noun with the words in front of it that make its title ("prime minister")."""
    words = [c.lower_.strip("-.") for c in noun.lefts if c.dep_ in ("amod", "compound", "nmod") and c.i not in token_entity]
    doc = noun.doc
    if not words and noun.i >= 2 and doc[noun.i - 1].text == "-" and doc[noun.i - 2].i not in token_entity \
            and not doc[noun.i - 2].whitespace_ and not doc[noun.i - 1].whitespace_:
        words = [doc[noun.i - 2].lower_]  # "vice-president", split by the tokenizer
    return [*words, noun.lower_.strip("-.")]


def _own_title(name: "Token") -> bool:
    """A name with a common noun in front of it ('energy minister Y') holds that title, not another's."""
    return any(c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN" and c.i < name.i for c in name.children)


def _bracketed(token: "Token") -> bool:
    """A phrase standing between brackets: '(Norway)'."""
    doc, left, right = token.doc, token.left_edge.i, token.right_edge.i
    return left > 0 and right + 1 < len(doc) and doc[left - 1].text == "(" and doc[right + 1].text == ")"


_SPAN_PREPOSITIONS = frozenset({"from", "until", "till", "between"})
_BEFORE = frozenset({"formerly", "previously", "once"})


def _not_held(noun: "Token", skip: frozenset[str]) -> bool:
    """'former president', 'former vice-president', 'former mayor and MP' for the second office
    too, and 'X was mayor of Y from 1990 to 1998'."""
    doc = noun.doc
    for j in range(noun.i - 1, max(noun.sent.start, noun.i - 4) - 1, -1):  # "former vice - president"
        if doc[j].text in (",", ";", "(") or doc[j].dep_ == "det":
            break
        if doc[j].lower_.strip("-") in skip:
            return True
    if any(c.dep_ == "advmod" and c.lower_ in _BEFORE for t in (noun, noun.head) for c in t.children):
        return True  # "X, formerly the president of Y"
    head = noun.head
    if noun.dep_ in ("attr", "oprd") and head.lemma_.lower() == "be" and head.tag_ == "VBD" and any(
            c.dep_ == "prep" and c.lower_ in _SPAN_PREPOSITIONS for t in (head, noun) for c in t.children):
        return True
    for t in (noun, noun.head) if noun.dep_ == "conj" else (noun,):
        if any(c.lower_.strip("-") in skip for c in t.children if c.dep_ in ("amod", "compound", "advmod", "nmod")):
            return True
        if any(g.lower_.strip("-") in skip for c in t.children if c.dep_ in ("compound", "nmod") and c.i < t.i
               for g in c.children if g.dep_ == "amod"):  # "Former House Speaker": on the title's own modifier
            return True
    if noun.dep_ in ("compound", "nmod") and noun.head.pos_ == "PROPN":  # "Former House Speaker X"
        return any(c.lower_.strip("-") in skip for c in noun.head.children if c.i < noun.i and c.dep_ == "amod")
    return False


def relation_candidates(
    matches: list[Match], token_entity: dict[int, int], modality_rules: ModalityRules, titles: TitleRules,
) -> Iterator[Candidate]:
    """Every match of an entry with a property whose subject and object both name entities.

    A relational noun with a modifier that says the tie is not held now ("former", "late") states
    no fact; an entry whose property is "@title" takes the one the title words imply.
    """
    for m in matches:
        entry = m.entry
        prop = entry.property
        if prop is None:
            continue
        if m.token.pos_ in ("NOUN", "PROPN") and _not_held(m.token, titles.skip):
            continue
        at_place = False
        if prop == TITLE:
            words = _noun_words(m.token, token_entity)
            found = titles.match(words)
            if found is None or found[0] != len(words) - 1:
                continue
            prop = found[1]
            # the words right before the noun, names too: "Springfield District Attorney" is an office
            left = [t.lower_ for t in m.token.doc[max(m.token.sent.start, m.token.i - 2):m.token.i]]
            at_place = titles.at_place(left + words[-1:], prop)
        subjects, objects = m.tokens(entry.subject), m.tokens(entry.object)
        if not subjects or not objects:
            continue
        mode, speaker = modality(_anchor(m.token), modality_rules)
        if mode == ASSERTED and entry.event:  # an event noun's own words: "a planned trip", "arranged a meeting"
            mode = noun_cue(m.token, modality_rules) or mode
        said_by = entity_of(speaker, token_entity) if speaker is not None else None
        # A title in front of a name is said of that name alone, not of names coordinated with it.
        premodifier = entry.on_name or m.token.dep_ in ("compound", "nmod") and m.token.head.pos_ == "PROPN"
        for s in (subjects if premodifier else with_conjuncts(subjects)):
            if _bracketed(s) and not entry.on_name:  # "X (Norway) beat Y": the bracket is an aside
                continue
            if s not in subjects and (_own_title(s) or s.pos_ == "NOUN" and m.token.pos_ in ("NOUN", "PROPN")):
                continue  # "prime minister X and energy minister Y", "her mother, X, and her aunt, Y": their own
            for o in (objects if entry.on_name else with_conjuncts(objects)):  # "X of A, Y of B": each its own
                if o.dep_ == "pobj" and o.head.lower_ == "in" and o.ent_type_ in ("NORP", "LANGUAGE"):
                    continue  # "Radio X in French": a language, not a country
                se, oe = entity_of(s, token_entity), entity_of(o, token_entity, entry.descend)
                if se is None or oe is None or se == oe:
                    continue
                yield Candidate(se, prop, oe, (s.i, m.token.i, o.i), m.token.sent.start,
                                entry.confidence, f"{RELATIONS}#{entry.name}", mode, m.token.i, said_by,
                                entry.coerce, entry.subject_class, entry.object_class, at_place, entry.object_not)

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
    titles: TitleRules, classes: dict[int, str] | None = None, confidence: float = 0.9,
) -> Iterator[Candidate]:
    """'German Chancellor Angela Merkel' → Merkel leaderOf Germany; '… ministry spokesman X' → worksFor.

    With no title, a town or region in front of the name is where the person lives ("Denver
    lawyer X", "Texas rancher Y"); a country there is a nationality, read elsewhere. A country's
    office makes its holder a national too ("U.S. diplomat X"), unless a foreigner may hold it.
    """
    for start, end, person in person_spans:
        first = _premodifiers(doc, start, end)
        if first == start:
            continue
        region = [doc[i] for i in range(first, start)]
        words = [t.lower_.strip("-") for t in region]
        found = titles.match(words)
        if not found:
            # "London-born actor X" is born there, read by the lexicon; no home from the place
            if classes is not None and not any(w in titles.skip or w in ("born", "bred") for w in words):
                home = next((token_entity[t.i] for t in reversed(region) if token_entity.get(t.i, person) != person
                             and classes[token_entity[t.i]] in HOME_CLASSES), None)
                if home is not None:
                    yield Candidate(person, "livesIn", home, (first, start), doc[start].sent.start, 0.7,
                                    f"{TITLES}#home", "asserted")
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
        if classes is not None and classes[org[0]] in HOME_CLASSES:  # "USA Today Washington bureau chief X":
            earlier = next(((token_entity[t.i], t.i) for t in reversed(region[:org[1] - first])  # a posting
                            if token_entity.get(t.i, person) not in (person, org[0])
                            and classes[token_entity[t.i]] not in HOME_CLASSES | {"Country"}), None)
            org = earlier or org
        yield Candidate(person, prop, org[0], (org[1], region[title_end].i, start), doc[start].sent.start,
                        confidence, TITLES, "asserted", at_place=titles.at_place(words[:title_end + 1], prop))
        if classes is not None and classes[org[0]] == "Country" and titles.national(words[:title_end + 1], prop):
            yield Candidate(person, "citizenOf", org[0], (org[1], region[title_end].i, start), doc[start].sent.start,
                            confidence - 0.15, f"{TITLES}#national", "asserted")


HOME_CLASSES = frozenset({"City", "Region", "Place"})


def title_words(doc: "Doc", start: int, end: int) -> tuple[str, ...]:
    """Lower-cased words in front of a name that may hold a title ("foreign", "minister")."""
    return tuple(doc[i].lower_.strip("-") for i in range(_premodifiers(doc, start, end), start))


# How wide a place is, for "Smalltown, Bigregion, Country": the narrower one lies in the wider one.
PLACE_RANK = {"Facility": 0, "City": 1, "Island": 2, "Region": 3, "Place": 3, "Country": 5}
LOCATION_PAIRS = "kg.location-pairs.v1"


# A region named as a county or district is narrower than a region of no such name ("X County, Y").
_LOCAL_HEADS = frozenset({"county", "parish", "district", "borough", "township", "municipality", "prefecture"})
# "which are called X in Y", "known as X in Y": Y is where the name is used, not where X lies.
_NAMING_VERBS = frozenset({"call", "know", "name", "refer", "dub", "rename", "spell", "pronounce", "write", "say"})
# Words that may stand between "in" and the wider place: "in (the) (south-east of) …".
_DIRECTION = ("north", "south", "east", "west", "central", "upstate", "downstate", "rural", "suburban", "mid")


def _rank(doc: "Doc", end: int, cls: str) -> int | None:
    rank = PLACE_RANK.get(cls)
    if cls == "Region" and doc[end - 1].lower_ in _LOCAL_HEADS:
        return 2
    return rank


def _a_name_given(token: "Token") -> bool:
    """'which are called A in X and B in Y': the name (and its "in") hang on a verb of naming."""
    for _ in range(5):  # "called A in X and B in Y": B hangs on X, X on A, A on the verb
        if token.lemma_.lower() in _NAMING_VERBS and token.pos_ == "VERB":
            return True
        if token.head == token:
            return False
        token = token.head
    return False


def _in_words(doc: "Doc", start: int, end: int) -> bool:
    """'in', 'in the', 'in northeastern', 'in the south of': nothing but the way to the wider place."""
    if end <= start or doc[start].lower_ != "in":
        return False
    return all(t.lower_ in ("the", "of") or t.lower_.startswith(_DIRECTION) for t in doc[start + 1:end])


def _compass_words(doc: "Doc", start: int, end: int) -> bool:
    """Nothing, or only a direction, between a comma and the wider place: ", north-east Ruritania"."""
    return end - start <= 3 and all(t.text == "-" or t.lower_.startswith(_DIRECTION) for t in doc[start:end])


def location_pairs(
    doc: "Doc", spans: list[tuple[int, int, int]], classes: dict[int, str], confidence: float = 0.85,
) -> Iterator[Candidate]:
    """'Smalltown, Ruritania', 'SMALLTOWN, Ruritania —', 'Smalltown, Ruritania province': two
    place names side by side, the first narrower than the second, are in one another. So are
    'X in (northern) Y' when Y is wider, wherever the parser hung the preposition."""
    ordered = sorted(spans)
    starts = {start: (end, ent) for start, end, ent in ordered}
    for (s1, e1, a), (s2, e2, b) in zip(ordered, ordered[1:]):
        if a == b or doc[s1].sent.start != doc[s2].sent.start:
            continue
        if _in_words(doc, e1, s2) and s2 - e1 <= 4 and not _a_name_given(doc[e1 - 1]) \
                and "NORP" not in (doc[s1].ent_type_, doc[s2].ent_type_):  # "Italians in France"
            ra, rb = _rank(doc, e1, classes[a]), _rank(doc, e2, classes[b])
            if ra is not None and rb is not None and ra < rb:
                yield Candidate(a, "locatedIn", b, (s1, e1, s2), doc[s1].sent.start, confidence - 0.1,
                                LOCATION_PAIRS, "asserted", s1)
            continue
        if doc[e1].text != "," or not _compass_words(doc, e1 + 1, s2) or doc[s2].text.upper().replace(".", "") == "DC":
            continue  # "Washington, D.C." is one place; "Smalltown, north-east Ruritania" a pair
        ra, rb = _rank(doc, e1, classes[a]), _rank(doc, e2, classes[b])
        # "Springfield, Ill.", "Orange County, Virginia": two places of middling or unknown rank pair too
        unknown = "Place" in (classes[a], classes[b])  # two known regions side by side are a list
        if ra is None or rb is None or ra > rb or (ra == rb and not unknown):
            continue
        if s1 >= 3 and doc[s1 - 1].text == "," and doc[s1 - 2].pos_ == "PROPN" and doc[s1 - 3].text == ",":
            continue  # "A, B, C, D": a third name of a list and the next are no pair
        # "Tokyo, Osaka and Kyoto" is a list, not a pair: the second name must not start a list
        following = starts.get(e2 + 1) if e2 < len(doc) and doc[e2].lower_ in ("and", "or", ",") else None
        if following is not None and _rank(doc, following[0], classes[following[1]]) == rb:
            continue  # a list goes on with a place of the same rank ("Lagos, Nigeria and Accra" does not)
        yield Candidate(a, "locatedIn", b, (s1, e1, s2), doc[s1].sent.start, confidence, LOCATION_PAIRS,
                        "asserted", s1)


NAME_PLACES = "kg.relations.v2#places#name-internal"
# Organisations whose name's place is where they represent, not where they are.
_ABROAD_HEADS = frozenset({"embassy", "consulate", "mission", "delegation", "legation", "envoy"})


def _cut_short(doc: "Doc", end: int) -> bool:
    """A name the NER ended too early: on an adjective or a preposition ("Ruritanian Grand", "Nurses
    Against"), or right before more of it ("School of Marine | and Polar Science")."""
    last = doc[end - 1]
    if last.pos_ in ("ADJ", "ADP", "CCONJ", "DET"):
        return True
    rest = [t for t in doc[end:end + 2]]
    return bool(rest) and (rest[0].is_title and rest[0].pos_ in ("PROPN", "NOUN", "ADJ") or len(rest) == 2
                           and rest[0].lower_ in ("and", "&", "of") and rest[1].is_title)


def name_places(
    doc: "Doc", spans: list[tuple[int, int, int]], tie: Callable[[int], str | None],
    place_key: Callable[[str], str | None], place_by_key: dict[str, int], confidence: float = 0.7,
) -> Iterator[Candidate]:
    """'the New York Times', 'Russian Foreign Ministry', 'University of Chicago': an organisation
    named after a place is tied to it, when the article names that place too. The name does not
    say where the organisation sits (a sentence must), so the tie is ``tie(entity)``: a state's
    ministry or parliament is part of it, anything else affiliated with it; None for no organisation."""
    for start, end, ent in spans:
        prop = tie(ent)
        if end - start < 2 or prop is None or doc[end - 1].lower_ in _ABROAD_HEADS or _cut_short(doc, end) \
                or doc[end - 1].ent_type_ in ("NORP", "PERSON"):  # "American Samoans", a person glued on
            continue
        words = [t.text for t in doc[start:end]]
        # the longest leading place ("New York" before "New"), then "Bank of England", "University of Chicago"
        tries = [" ".join(words[:k]) for k in range(min(len(words) - 1, 3), 0, -1)]
        if len(words) >= 3 and words[-2].lower() == "of":
            tries.append(words[-1])
        keys = (place_key(t) for t in tries)
        place = next((place_by_key[k] for k in keys if k in place_by_key), None)
        if place is not None and place != ent:
            yield Candidate(ent, prop, place, tuple(range(start, end)), doc[start].sent.start, confidence,
                            NAME_PLACES, "asserted", start)


def role_title(titles: TitleRules, words: list[str]) -> str | None:
    """The property a role noun implies ("president" → leaderOf, "minister" → worksFor)."""
    found = titles.match(words)
    return found[1] if found else None


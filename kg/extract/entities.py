"""Entity mentions from spaCy NER, typed with the ontology and corrected with general knowledge.

The small NER model is often right about where a name is and wrong about what it names, and its
spans carry junk. Spans are cleaned first: brackets left open ("Idaho ( AP"), a trailing
"(AP)", stray quotes, wire separators ("_") and numbers or scores glued on ("Federer 6-3 6-4")
are cut, and titles come out of person names ("Ruritania Gov. Ann Lee" is Ann Lee; the place in
front becomes its own mention when the gazetteer knows it). The class is then corrected,
strongest evidence first: a gazetteer (countries, demonyms, cities, subdivisions), the all-caps
dateline, the name's own head word ("… Shimbun", "… Inc.", "University of …", "Fort …"), a
person's title or role beside it ("President X", "X, 52,", "X, a retired officer"), a class noun
beside it ("the northernmost island, X"; "X prefecture"), a known place after "in"/"near", and
only then the NER label.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.gazetteer import City, Gazetteer
from kg.normalize import norm, plain
from kg.resources import patterns_path
from kg.types import Article, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

EXTRACTOR = "kg.entities.v2"
_POSSESSIVE = {"'s", "’s", "'", "’"}
# How much a class can be trusted, by where it came from (see Mention.strength).
NER, CONTEXT, GAZETTEER = 0, 1, 2
SURE = 3  # the words around settle which of a gazetteer's readings a name is ('Atlanta, Georgia')
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
    generational: frozenset[str] = frozenset()  # "jr", "iii": end a person's name, never all of it
    person_nouns: frozenset[str] = frozenset()  # "X, a retired officer": X is a person
    person_object_verbs: frozenset[str] = frozenset()  # "killed X": X is a person
    location_prepositions: frozenset[str] = frozenset()  # "in X": a known place X is that place
    org_suffix_tokens: frozenset[str] = frozenset()  # "X Inc.": the suffix belongs to the name
    person_safe_heads: frozenset[str] = frozenset()  # heads that beat a PERSON label
    lead_heads: dict[str, str] = field(default_factory=dict)  # "University of X"
    place_lead_words: frozenset[str] = frozenset()  # "Fort X", "Mount X"
    news_heads_caps: frozenset[str] = frozenset()  # "X GAZETA", "X RADIO" (all caps)
    not_before_heads: frozenset[str] = frozenset()  # "West Bank" is no bank
    title_modifiers: frozenset[str] = frozenset()  # "Prime", "Foreign": part of a title, no title alone
    body_levels: frozenset[str] = frozenset()  # "the state Senate": whose body it is

    @property
    def company_heads(self) -> frozenset[str]:
        """Name heads of organisations ("motors", "bank"): "X Motors" may be called "X"."""
        return frozenset(h for h, c in self.name_heads.items() if c == "Organization")
    not_names: frozenset[str] = frozenset()  # "GMT": never an entity
    generic_names: frozenset[str] = frozenset()  # "State", "Board": the head of a name, no name alone
    adjective_prefixes: frozenset[str] = frozenset()  # "anti-" of "anti-Brexit": an adjective, no name
    motion_words: frozenset[str] = frozenset()  # "flew to X", "en route to X": X is a place
    person_subject_verbs: frozenset[str] = frozenset()  # "X died", "X testified": X is a person
    title_heads: frozenset[str] = frozenset()  # last words of titles.json's titles: "commandant", "minister"
    portfolios: frozenset[str] = frozenset()  # "Justice" of "Secretary of Justice": no name
    thing_titles: frozenset[str] = frozenset()  # "General", "King": also open names of things
    person_of_nouns: frozenset[str] = frozenset()  # "the assassination of X", "X's widow": X is a person
    person_possessions: frozenset[str] = frozenset()  # "X's hometown" (but "the hometown of X" is a place)
    broadcaster_words: frozenset[str] = frozenset()  # "Lima Radio Sol Network": a city, then the station
    speech_verbs: frozenset[str] = frozenset()  # "X said he…": X is a person
    place_of_words: frozenset[str] = frozenset()  # "north of X", "a native of X": a known place X is that place
    given_names: frozenset[str] = frozenset()  # common first names: "Olga Petrova" is a person whatever the NER said
    work_nouns: frozenset[str] = frozenset()  # "the book X", "his film Y": a work, whatever the NER said
    organisation_nouns: frozenset[str] = frozenset()  # "the company X", "X, the space agency": an organisation
    product_nouns: frozenset[str] = frozenset()  # "the boat, a Hallberg Rassy": a product, no node

    @classmethod
    def load(cls, types: Path | None = None, nouns: Path | None = None, titles: Path | None = None) -> "EntityRules":
        with open(types or patterns_path("entity_types.json"), encoding="utf-8") as f:
            spec = json.load(f)
        with open(nouns or patterns_path("class_nouns.json"), encoding="utf-8") as f:
            cn = json.load(f)
        role_words: set[str] = set()
        office_words: set[str] = set()
        title_file = titles or patterns_path("titles.json")
        if title_file.exists():
            with open(title_file, encoding="utf-8") as f:
                for prop, words in json.load(f).get("titles", {}).items():
                    # the head of a title: "minister" of "prime minister", "head" of "head of state"
                    heads = {(w.split(" of ")[0] if " of " in w else w).split()[-1].lower() for w in words}
                    role_words |= heads
                    if prop != "memberOf":  # an office, not a team position ("guard", "forward")
                        office_words |= heads
        return cls(
            spec["labels"], frozenset(spec.get("strip_leading", [])), frozenset(spec.get("honorifics", [])),
            spec.get("min_letters", 2),
            cn["class_nouns"], frozenset(cn["name_suffixes"]), frozenset(cn["suffix_not_in_key"]), cn["name_heads"],
            generational=frozenset(spec.get("name_suffixes", [])),
            person_nouns=frozenset(spec.get("person_nouns", [])) | role_words,
            title_heads=frozenset(office_words),
            person_object_verbs=frozenset(spec.get("person_object_verbs", [])),
            location_prepositions=frozenset(spec.get("location_prepositions", [])),
            org_suffix_tokens=frozenset(spec.get("org_suffix_tokens", [])),
            person_safe_heads=frozenset(cn.get("person_safe_heads", [])),
            lead_heads=cn.get("lead_heads", {}),
            place_lead_words=frozenset(cn.get("place_lead_words", [])),
            news_heads_caps=frozenset(cn.get("news_heads_caps", [])),
            not_before_heads=frozenset(cn.get("not_before_heads", [])),
            title_modifiers=frozenset(spec.get("title_modifiers", [])),
            body_levels=frozenset(spec.get("body_levels", [])),
            not_names=frozenset(spec.get("not_names", [])),
            generic_names=frozenset(spec.get("generic_names", [])),
            portfolios=frozenset(spec.get("portfolios", [])),
            adjective_prefixes=frozenset(spec.get("adjective_prefixes", [])),
            motion_words=frozenset(spec.get("motion_words", [])),
            person_subject_verbs=frozenset(spec.get("person_subject_verbs", [])),
            thing_titles=frozenset(spec.get("thing_titles", [])),
            person_of_nouns=frozenset(spec.get("person_of_nouns", [])),
            person_possessions=frozenset(spec.get("person_possessions", [])),
            work_nouns=frozenset(cn.get("work_nouns", [])),
            organisation_nouns=frozenset(cn.get("organisation_nouns", [])),
            product_nouns=frozenset(cn.get("product_nouns", [])),
            broadcaster_words=frozenset(spec.get("broadcaster_words", [])),
            speech_verbs=frozenset(spec.get("speech_verbs", [])),
            place_of_words=frozenset(spec.get("place_of_words", [])),
        )


_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_QUOTES = frozenset({'"', "'", "“", "”", "‘", "’", "``", "''", "«", "»", "„"})
_SEPARATORS = frozenset({"_", "--", "—", "|", ";", "•"})
_NUMERIC = re.compile(r"^[#+-]?\d[\d.,:/\-–]*[a-z]?$")  # 111, 6-3, 2:30, 1994, 3-0
_NUMBERLESS = ("PERSON", "GPE", "LOC", "NORP")
_TRAILING_WORDS = frozenset({"of", "and", "the", "for", "in", "at", "on", "to", "&", "by", "with"})  # "King of"
_WIRE_CODE = re.compile(r"^[A-Z]{2}\d{8,}[A-Z]?$")  # a monitoring service's item number: "AB0102030494"
_ABBREVIATION = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z][a-z]{1,4}\.$")  # "N.Y.", "B.C.", "Calif."
_NAME_LABELS = ("PERSON", "ORG", "FAC")  # labels a known place name can be mistaken for


def _word(token) -> str:
    return token.lower_.rstrip(".")


def _is_honorific(doc: "Doc", i: int, rules: EntityRules) -> bool:
    """A capitalised title word ('Gov.', 'Lt', 'President') at token i."""
    tok = doc[i]
    return _word(tok) in rules.honorifics and tok.text[:1].isupper()


def _number_run(doc: "Doc", start: int, end: int, label: str) -> int:
    """Where a trailing run of numbers and scores glued to a name starts ('Smith 111', 'Federer 6-3 6-4'):
    any number for people and places, only a score for organisations ('Channel 4' keeps its 4);
    other labels keep theirs."""
    i = end
    while i > start and (_NUMERIC.match(doc[i - 1].text) or (doc[i - 1].text in "-–:/" and i - 1 > start)):
        i -= 1
    while i < end and not _NUMERIC.match(doc[i].text):
        i += 1  # a run starts with a number
    if i == end or i == start:
        return end
    if label in _NUMBERLESS:
        return i
    score = any(ch in doc[k].text for k in range(i, end) for ch in "-–:")
    return i if label == "ORG" and score else end


def _seed(doc: "Doc", start: int, end: int) -> bool:
    """'3 - Maria Costa': a results line's seeding number before a name is no part of it."""
    return start + 2 < end and doc[start].text.isdigit() and doc[start + 1].text in ("-", "–")


def _edges(doc: "Doc", start: int, end: int, rules: EntityRules, label: str) -> tuple[int, int]:
    """Drop leading determiners/'former', punctuation, quotes and glued numbers at both ends, a trailing possessive."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (doc[start].lower_ in rules.strip_leading or doc[start].is_punct
                               or doc[start].text in _QUOTES or doc[start].is_space
                               or (label in _NUMBERLESS and _NUMERIC.match(doc[start].text))
                               or _seed(doc, start, end)):
            start += 1
            changed = True
        while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space
                               or doc[end - 1].text in _QUOTES or doc[end - 1].lower_ in _TRAILING_WORDS):
            end -= 1
            changed = True
        cut = _number_run(doc, start, end, label)
        if cut < end:
            end = cut
            changed = True
    return start, end


def _title_before_person(doc: "Doc", start: int, end: int, rules: EntityRules) -> int:
    """End of a place or organisation span without the title the NER glued to it before a person's
    name ('Coast Guard Lt' + 'Ann Lee')."""
    after = end
    while after < len(doc) and (doc[after].text == "." or _is_honorific(doc, after, rules)) and not doc[after].ent_type_:
        after += 1  # "Navy Commandant Admiral X": an honorific may stand between
    if after >= len(doc) or doc[after].ent_type_ != "PERSON":
        return end
    while end - start > 1 and (_is_honorific(doc, end - 1, rules) or doc[end - 1].text == "."):
        end -= 1
    if end - start > 1 and doc[end - 1].lower_ in rules.title_heads:
        end -= 1  # "Navy Commandant" + "Admiral X": the title is the person's
    return end


def _cut_junk(doc: "Doc", start: int, end: int) -> tuple[int, int]:
    """Cut a span at a bracket left open, a trailing bracketed tag ("(AP)"), a wire separator ("_"),
    a wire item number (the credit after it is kept) or a quote left unbalanced, keeping the part
    with the name."""
    for i in range(start, end):
        t = doc[i].text
        if t in _OPEN:
            close = next((j for j in range(i + 1, end) if doc[j].text == _OPEN[t]), None)
            if (close is None or close == end - 1) and i > start:
                return _cut_junk(doc, start, i)
        elif t in _CLOSE:
            opened = any(doc[j].text == _CLOSE[t] for j in range(start, i))
            if not opened:
                return _cut_junk(doc, start, i) if i - start >= end - i - 1 else _cut_junk(doc, i + 1, end)
        elif _WIRE_CODE.match(t):  # "<headline> AB0102030494 <city> <credit>": the credit follows the code
            right_has_name = any(doc[j].is_alpha for j in range(i + 1, end))
            return _cut_junk(doc, i + 1, end) if right_has_name else _cut_junk(doc, start, i)
        elif t in _SEPARATORS:
            left_has_name = any(doc[j].is_alpha for j in range(start, i))
            return _cut_junk(doc, start, i) if left_has_name else _cut_junk(doc, i + 1, end)
    quotes = [i for i in range(start, end) if doc[i].text in _QUOTES]
    if len(quotes) % 2 == 1:
        q = quotes[0] if len(quotes) == 1 else quotes[-1]
        return (start, q) if q - start >= end - q - 1 else (q + 1, end)
    return start, end


def _role_word(doc: "Doc", i: int, rules: EntityRules) -> bool:
    """A role noun that opens a name but is none of it: lower case ('soprano X') or capitalised
    only because it opens the sentence ('Composer X said')."""
    tok = doc[i]
    if tok.lower_ not in rules.person_nouns and _word(tok) not in rules.honorifics:
        return False
    return tok.is_lower or tok.is_sent_start


def _title_cut(doc: "Doc", start: int, end: int, rules: EntityRules) -> tuple[int, int, int]:
    """(prefix start, name start, end) of a PERSON span: titles ('Gov.', 'Lt.') and whatever the NER
    glued in front of them ('Ruritania Gov. Ann Lee') are not the person's name."""
    name_start = start
    # leading titles and roles: "President Ruiz", "Mr. Tanaka", "Prime Minister X", "soprano X"
    while end - name_start > 1 and (_is_honorific(doc, name_start, rules) or doc[name_start].text == "." or
                                    _role_word(doc, name_start, rules)):
        name_start += 1
    # "Sammy Davis Jr.": the name without its suffix (what other texts call the person)
    while end - name_start > 2 and _word(doc[end - 1]) in rules.generational:
        end -= 1
        while end > name_start and doc[end - 1].text in (",", "."):
            end -= 1
    # a title inside: "Texas Gov. John Connally", "Coast Guard Lt. Steve Hardy"
    for i in range(end - 2, name_start, -1):
        tok = doc[i]
        lower_role = tok.is_lower and (_word(tok) in rules.honorifics or tok.lower_ in rules.person_nouns)
        if not (_is_honorific(doc, i, rules) or lower_role):
            continue
        abbreviated = tok.text.endswith(".") or (i + 1 < end and doc[i + 1].text == ".")
        if not abbreviated and not lower_role and _word(tok) not in rules.person_nouns:
            continue  # "Martin Luther King" keeps its king; "Prince" or "Lord" inside a name stays
        j = i + 1
        while j < end and doc[j].text == ".":
            j += 1
        rest = [doc[k] for k in range(j, end)]
        if rest and rest[0].text[:1].isupper() and any(_word(t) not in rules.generational for t in rest if t.is_alpha):
            return start, j, end
    return start, name_start, end


def _trim(span: "Span", rules: EntityRules) -> "Span | None":
    """The span without junk at its edges, open brackets, separators and (for people) titles."""
    doc = span.doc
    label = span.label_
    start, end = _edges(doc, span.start, span.end, rules, label)
    start, end = _cut_junk(doc, start, end)
    start, end = _edges(doc, start, end, rules, label)
    if label == "PERSON" and start < end:
        _, start, end = _title_cut(doc, start, end, rules)
        start, end = _edges(doc, start, end, rules, label)
    elif start < end:
        end = _title_before_person(doc, start, end, rules)
        start, end = _edges(doc, start, end, rules, label)
    if start >= end:
        return None
    return doc[start:end]


def _glued_prefix(span: "Span", trimmed: "Span", rules: EntityRules) -> "Span | None":
    """The words the NER glued in front of a person's title ("Texas" of "Texas Gov. X"), if any."""
    doc = span.doc
    start, end = _edges(doc, span.start, trimmed.start, rules, "ORG")
    while end > start and (_word(doc[end - 1]) in rules.honorifics or doc[end - 1].text == "."):
        end -= 1
    start, end = _edges(doc, start, end, rules, "ORG")
    if start >= end or not all(doc[i].text[:1].isupper() or doc[i].lower_ in ("of", "and") for i in range(start, end)):
        return None
    return doc[start:end]


_CODE = re.compile(r"[A-Za-z]-?\d")  # letters run into digits: a code or a model, not a name


def _is_junk(text: str, rules: EntityRules) -> bool:
    """Too short, all lowercase, or an adjective made from a name ("anti-Brexit", "pro-Kremlin")."""
    letters = sum(ch.isalpha() for ch in text)
    prefix = text.split("-", 1)[0] if "-" in text else None
    return letters < rules.min_letters or not any(ch.isupper() for ch in text) or prefix in rules.adjective_prefixes


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


_WHO = frozenset({"who", "whom", "whose"})
_SELF = frozenset({"he", "she"})


def _year_old(doc: "Doc", start: int) -> bool:
    """'12-year-old' (or '12 year old') right before token start."""
    words = [doc[k].lower_ for k in range(max(0, start - 4), start)]
    return bool(words) and words[-1] in ("old", "year-old") and ("year" in words or words[-1] == "year-old")


def _says_of_self(span: "Span", rules: EntityRules) -> bool:
    """'X said he would …': a one-word name, subject of a verb of saying whose clause has 'he' or 'she'
    for a subject, with no other person named between them; firms say 'it'."""
    doc = span.doc
    root = span.root
    if len(span) != 1 or span.text.isupper() or root.dep_ != "nsubj" or root.head.lemma_.lower() not in rules.speech_verbs:
        return False
    verb = root.head
    for tok in verb.subtree:
        if tok.i < span.end or tok.lower_ not in _SELF or tok.dep_ not in ("nsubj", "nsubjpass"):
            continue
        if tok.head.i == verb.i or not any(a.i == verb.i for a in tok.head.ancestors):
            continue
        between = doc[span.end:tok.i]
        if any(t.ent_type_ == "PERSON" or t.ent_type_ == "ORG" for t in between):
            return False
        return True
    return False


def _age(token: "Token") -> bool:
    """A number that can be a person's age: "X, 20,"."""
    return token.text.isascii() and token.text.isdecimal() and 0 < int(token.text) < 110


def _person_context(span: "Span", rules: EntityRules, titled_only: bool = False) -> bool:
    """Signs beside a name that it is a person's: a title before it ('President X', 'Officer X'),
    'X, who', an age ('X, 20,'; '12-year-old X'), a role noun in apposition ('X, a retired officer'),
    being what a killing or a wedding is done to ('killed X', 'the assassination of X'), a
    possessor of kin ('X's widow'), saying something of 'he' or 'she' ('X said he …'), doing what
    only people do ('X testified'). With
    titled_only (a name the gazetteer knows as a place) only a title, an age and 'of' count."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].text == "." and i > 0:
        i -= 1
    if i >= 0 and _is_honorific(doc, i, rules) and _word(doc[i]) not in rules.title_modifiers \
            and doc[i].ent_type_ not in ("GPE", "ORG", "NORP"):
        return True
    end = span.end
    root = span.root
    if _year_old(doc, span.start) and root.dep_ != "compound":
        return True  # "12-year-old X" (not "a 40-year-old X truck driver")
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in rules.person_of_nouns:
        return True  # "the assassination of X", "the widow of X"
    if titled_only:
        return False
    if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].lower_ in _WHO and not (
            span.start > 0 and (doc[span.start - 1].lower_ in rules.location_prepositions or doc[span.start - 1].lower_
                                in ("of", ","))):
        return True  # "X, who …" (not "a man from X, who …": the clause is the man's)
    if any(c.dep_ == "relcl" and any(w.lower_ in _WHO for w in c.children) for c in root.children):
        return True  # "X, 24, who …" (a relative clause the parse hung on the name)
    if root.dep_ == "poss" and root.head.lemma_.lower() in rules.person_of_nouns | rules.person_possessions:
        return True  # "X's widow", "X's assassin"
    if _says_of_self(span, rules):
        return True
    if end + 1 < len(doc) and doc[end].text == "," and _age(doc[end + 1]) \
            and (end + 2 >= len(doc) or doc[end + 2].text in (",", ")", ";", "and")):
        return True  # "X, 20, and Y, 31,"
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and not child.ent_type_ and child.lower_ in rules.person_nouns:
            return True
    if root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_.lower() in rules.person_object_verbs:
        return True
    verb = root.head
    if root.dep_ == "nsubj" and verb.pos_ == "VERB" and verb.lemma_.lower() in rules.person_subject_verbs \
            and not any(c.dep_ == "dobj" for c in verb.children) \
            and span[-1].lower_ not in rules.class_nouns and span[-1].lower_ not in rules.name_heads:
        return True  # "X died", "X testified", "X married": what only people do ("the Senate" stays a body)
    return False


def _of_place(doc: "Doc", of: int, rules: EntityRules) -> bool:
    """The 'of' at token of says where someone or something is from: after a place word ('north of'),
    a person's name, a person's age ('Ann Lee, 52, of') or a company suffix ('Acme Co. of')."""
    i = of - 1
    while i >= 0 and doc[i].text == ".":
        i -= 1
    if i < 0:
        return False
    prev = doc[i]
    if prev.lower_ in rules.place_of_words or _word(prev) in rules.org_suffix_tokens and prev.text[:1].isupper():
        return True
    if prev.ent_type_ == "PERSON":
        return True
    return prev.text == "," and i >= 2 and _age(doc[i - 1]) and doc[i - 2].text == ","


def _place_context(span: "Span", gazetteer: Gazetteer, rules: EntityRules) -> bool:
    """Signs that a known place name is the place: 'in/near X', 'flew to X', 'north of X', 'Ann Lee of X', 'a X native',
    'X and <known place>',
    'X, <known place>', '<known place>, X'."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].text in _POSSESSIVE:
        return False  # "into X's car": X owns things, a person or a firm
    if span.start > 0 and (doc[span.start - 1].lower_ in rules.location_prepositions
                           or _WIRE_CODE.match(doc[span.start - 1].text)):
        return True  # "in X"; "AB0102030494 X": the city a monitored item was filed from
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in ("to", "toward", "towards", "into") \
            and before.head.lemma_.lower() in rules.motion_words \
            and not any(c.dep_ == "dobj" for c in before.head.children):  # "sent a letter to X" is no journey
        return True  # "flew to X", "en route to X": a journey's end is a place
    if span.start > 1 and doc[span.start - 1].lower_ == "of" and _of_place(doc, span.start - 1, rules):
        return True  # "north of X", "a native of X", "Ann Lee of X", "Ann Lee, 52, of X", "Acme Co. of X"
    root = span.root
    partners = [root.head] if root.dep_ == "conj" else []
    partners += [c for c in root.children if c.dep_ == "conj"]
    if any(p.ent_type_ in ("GPE", "LOC") and (gazetteer.place_class(p.text) or gazetteer.country(p.text))
           and p.text[:1].isupper() for p in partners):
        return True  # "X and Budapest": one of a pair of known places
    if span.end < len(doc) and doc[span.end].lower_ in ("native", "natives", "resident", "residents") \
            and span.root.dep_ == "compound":
        return True  # "a X native"
    if span.start > 1 and doc[span.start - 1].text == "," and gazetteer.place_class(doc[span.start - 2].text) \
            and (doc[span.start - 2].ent_type_ in ("GPE", "LOC") or doc[span.start - 2].text.isupper()):
        return True  # "Salem, Oregon"
    end = span.end
    if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].text[:1].isupper():
        nxt = doc[end + 1].text
        if gazetteer.subdivision(nxt) or gazetteer.country(nxt) or gazetteer.place_class(nxt) or \
                (nxt.endswith(".") and len(nxt) <= 6):  # "Boise, Idaho", "Dayton, Ohio", "Salem, Ore."
            return True
    return False


def _head_class(span: "Span", label: str, rules: EntityRules) -> str | None:
    """The class a name's own words give: its last word ('… Inc.', '… University'), its first word
    before 'of' ('University of …'), a place word in front ('Fort …', 'Mount …'), a news head of an
    all-caps name ('… GAZETA'); for a PERSON span only the heads no surname has."""
    if len(span) < 2:
        return None
    words = [_word(t) for t in span]
    last = words[-1]
    if span.text.isupper() and last in rules.news_heads_caps:
        return "NewsOrganization"
    head = rules.name_heads.get(last)
    if head and words[0] in rules.not_before_heads and len(span) == 2:
        head = None  # "West Bank", "North Park" are places
    if head and (label != "PERSON" or last in rules.person_safe_heads):
        return head
    if len(span) > 2 and words[1] == "of" and words[0] in rules.lead_heads and span[0].text[:1].isupper():
        return rules.lead_heads[words[0]]
    if words[0] in rules.place_lead_words and span[0].text[:1].isupper() and span[1].text[:1].isupper():
        return "Place"
    return None


_MARKUP = "|*#~^=_[]{}<> \u200b\u200c\u200d\ufeff"  # markup and zero-width characters


def _state_abbreviation(span: "Span", label: str, gazetteer: Gazetteer) -> str | None:
    """A US state written as news style abbreviates it ("Tenn.", "N.J."), with its dot, where the NER
    saw a place or right after "Town," ("Dover, Tenn."): the state's name."""
    doc = span.doc
    text = span.text
    if not text.endswith(".") and span.end < len(doc) and doc[span.end].text == "." and not span[-1].whitespace_:
        text += "."  # the tokenizer split the dot off
    state = gazetteer.state_abbreviation(text)
    if state is None:
        return None
    after_town = span.start >= 2 and doc[span.start - 1].text == "," and doc[span.start - 2].pos_ == "PROPN"
    return state if label in ("GPE", "LOC") or after_town else None


_STATE_BEFORE = frozenset({"upstate", "downstate"})


def _us_state_by_context(span: "Span", gazetteer: Gazetteer) -> str | None:
    """A US state's name that the words around make the state, not its namesake city or country:
    "X state", "X State", "upstate X", "the state of X", "Smalltown, X" after a US town. The state's name."""
    doc, key = span.doc, norm(span.text)
    feature = gazetteer.us_states.get(key)
    if feature is None and key.endswith(" state"):
        return getattr(gazetteer.us_states.get(key[:-len(" state")]), "name", None)  # "New York State"
    if feature is None:
        return None
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.text == "state" or before is not None and before.lower_ in _STATE_BEFORE:
        return feature.name
    if span.start >= 3 and before.lower_ == "of" and doc[span.start - 2].lower_ == "state" \
            and doc[span.start - 3].lower_ == "the":
        return feature.name
    if before is not None and before.text == ",":
        town = next((e for e in doc.ents if e.end == span.start - 1), None)
        here = next((c for c in gazetteer.cities.get(norm(town.text), ()) if c.country == "US"), None) if town else None
        city = gazetteer.city(span.text)
        if here is not None and not (city is not None and city.country == "US" and _km(here, city) < _WITHIN_CITY_KM):
            return feature.name  # "Albany, New York" is the state; "Brooklyn, New York" the city it lies in
    return None


_WITHIN_CITY_KM = 20


def _km(a: City, b: City) -> float:
    """Distance between two GeoNames cities, on a sphere."""
    dlat, dlon = math.radians(b.latitude - a.latitude), math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(math.radians(a.latitude)) * math.cos(math.radians(b.latitude)) \
        * math.sin(dlon / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def mention_class(
    span: "Span", label: str, gazetteer: Gazetteer, rules: EntityRules, dateline: str | None,
    suffix: str | None, surnames: frozenset[str] = frozenset(),
) -> tuple[str, int, str, str] | None:
    """(class, strength, key, canonical label) of a trimmed entity span, or None to drop it."""
    text = plain(span.text).strip(_MARKUP)  # "|Green Future Party": wiki markup left in the text
    key = norm(text)
    if label == "NORP" or label in ("PERSON", "ORG") and len(span) == 1 and text.endswith("s") \
            and gazetteer.demonym(text):
        country = gazetteer.demonym(text) or gazetteer.country(text)  # "Britons" is a people, no person
        return None if country is None else ("Country", GAZETTEER, norm(country.label), country.label)
    state = _state_abbreviation(span, label, gazetteer) or (_us_state_by_context(span, gazetteer)
                                                            if label in _PLACE_LABELS else None)
    if state is not None:
        return "Region", SURE, norm(state), state  # "Conway, S.C.": South Carolina
    if len(span) == 1 and label != "PERSON" and key in surnames:
        return "Person", CONTEXT, key, text  # "Lincoln" where "Abraham Lincoln" is named
    if label != "PERSON" or len(span) == 1:
        country = gazetteer.country(text)
        if country is not None:
            return "Country", GAZETTEER, norm(country.label), country.label
    base = rules.labels[label]
    if suffix and suffix in rules.suffix_not_in_key:
        key = norm(plain(span[:-1].text))
    if key == dateline and label != "PERSON":
        return "City", GAZETTEER, key, text  # an all-caps dateline names the place the story was filed from
    if suffix:
        return rules.class_nouns.get(suffix, "Place"), CONTEXT, key, text
    head = _head_class(span, label, rules)
    if head:
        return head, CONTEXT, key, text
    if _kind_beside(span, rules.organisation_nouns):
        return "Organization", CONTEXT, key, text
    if label != "PERSON" and len(span) >= 3 and span[0].lower_ in rules.title_heads and span[1].lower_ == "of":
        return "Person", CONTEXT, key, text  # "the Archbishop of Canterbury": an office, so whoever holds it
    place = gazetteer.place_class(text)
    if label != "PERSON" and _person_context(span, rules, titled_only=bool(place) and label in ("GPE", "LOC")):
        return "Person", CONTEXT, key, text
    context = _context_class(span, rules) if label in _PLACE_LABELS else None
    if context:
        return context, CONTEXT, key, text
    if place and (label in ("GPE", "LOC") or (label in _NAME_LABELS and (len(span) > 1 or
                                                                         _place_context(span, gazetteer, rules)))):
        return place, GAZETTEER, key, text
    ruled = span[0].ent_id_ if span[0].ent_id_ and span[0].ent_type_ == label else ""
    return (ruled or base), NER, key, text


def _with_org_suffix(span: "Span", rules: EntityRules) -> "Span":
    """'X Inc.', 'X Corp' where the NER stopped before the suffix: the suffix belongs to the name."""
    doc = span.doc
    end = span.end
    if end < len(doc) and _word(doc[end]) in rules.org_suffix_tokens and doc[end].text[:1].isupper() \
            and not doc[end].ent_type_:
        end += 1
        if end < len(doc) and doc[end].text == "." and doc[end - 1].whitespace_ == "":
            end += 1
    return doc[span.start:end]


def _given_name_first(span: "Span", gazetteer: Gazetteer, rules: EntityRules) -> bool:
    """Two to four capitalised words opening with a common first name, that no table knows as a
    place and whose last word names no kind of thing ('… Street', '… Inc'), are a person's name."""
    first = span[0]
    if not 2 <= len(span) <= 4 or first.text.isupper() or first.lower_ not in rules.given_names:
        return False
    if not all(t.text[:1].isupper() for t in span if t.is_alpha) or any(t.lower_ in ("of", "and", "&") for t in span):
        return False
    text = plain(span.text)
    if gazetteer.country(text) or gazetteer.place_class(text) or gazetteer.demonym(text):
        return False
    return _head_class(span, "ORG", rules) is None and span[-1].lower_.strip(".") not in rules.name_heads \
        and span[-1].lower_ not in rules.class_nouns


def _kind_beside(span: "Span", kinds: frozenset[str]) -> bool:
    """'the Ohio company X', 'X, the Russian space agency', 'the boat, a Hallberg Rassy': a
    noun of one of these kinds right before the name or in apposition with it."""
    doc, root = span.doc, span.root
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.text.islower() and before.lemma_.lower() in kinds \
            and before.tag_ in ("NN", "NNS") and before.head.i in range(span.start, span.end):
        return True
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and root.head.lemma_.lower() in kinds:
        return True
    return any(c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in kinds for c in root.children)


_PORTFOLIO_TITLES = frozenset({"secretary", "minister", "ministers", "secretaries", "ministry"})


def _portfolio(token: "Token", rules: EntityRules) -> bool:
    """'Justice' of 'the Secretary of Justice': a portfolio word after 'secretary/minister of'."""
    head = token.head
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if after is not None and after.lower_ in _PORTFOLIO_TITLES and not token.is_upper and token.i > 0:
        return True  # "Ports and Bridges Minister X": the word before the title is its portfolio
    return token.lower_ in rules.portfolios and token.dep_ == "pobj" and head.lower_ == "of" \
        and head.head.lower_ in _PORTFOLIO_TITLES


def _after_role_noun(span: "Span", rules: EntityRules) -> bool:
    """A name of capitalised words right after a lower-case role noun ('spokesperson', 'striker') is a
    person's, unless its own last word says it is a firm or a place ('… Inc', '… Street')."""
    doc = span.doc
    if span.start == 0:
        return False
    before = doc[span.start - 1]
    if not before.is_lower or before.lower_ not in rules.person_nouns or before.pos_ != "NOUN":
        return False
    if _head_class(span, "ORG", rules) or span[-1].lower_.strip(".") in rules.name_heads:
        return False
    return all(t.text[:1].isupper() for t in span if t.is_alpha) and len(span) <= 4


def _titled_name(span: "Span", gazetteer: Gazetteer, rules: EntityRules) -> "Span | None":
    """The name after a person's title that opens a place or organisation span, or None."""
    doc = span.doc
    first = span[0]
    word = _word(first)
    titled = (_is_honorific(doc, span.start, rules) and word not in rules.title_modifiers
              and word not in rules.thing_titles) or (first.is_sent_start and first.lower_ in rules.person_nouns)
    if not titled or _head_class(span, "ORG", rules):
        return None
    i = span.start + 1
    while i < span.end and doc[i].text == ".":
        i += 1
    rest = doc[i:span.end]
    if not len(rest) or not all(t.text[:1].isupper() for t in rest if t.is_alpha):
        return None
    text = plain(rest.text)
    if gazetteer.country(text) or gazetteer.place_class(text) and len(rest) > 1:
        return None
    return rest


def _credit_city(span: "Span", gazetteer: Gazetteer, rules: EntityRules) -> int | None:
    """Tokens of the known city that opens a wire credit ('Beijing XINHUA', 'Madrid EFE', 'Lima Radio
    Sol Network'): a title-case city name followed by an all-caps name or a broadcaster's name of two
    words or more; None when the span is no such credit."""
    for n in (1, 2):
        if len(span) <= n:
            return None
        head, rest = span[:n], span[n:]
        if not all(t.is_title for t in head):
            continue
        letters = [ch for ch in rest.text if ch.isalpha()]
        caps = len(letters) >= 2 and all(ch.isupper() for ch in letters)
        broadcaster = len(rest) >= 2 and rest[0].lower_ in rules.broadcaster_words and rest[0].text[:1].isupper()
        if (caps or broadcaster) and gazetteer.city(head.text) is not None:
            return n
    return None


def _posting_city(span: "Span", gazetteer: Gazetteer, rules: EntityRules) -> int | None:
    """Where a known city that closes a name the NER glued before a title starts ('Reuters Berlin'
    + 'correspondent X'): the city is the posting, the rest the employer. None otherwise."""
    doc = span.doc
    if span[0].lower_ in rules.given_names:  # "Jack London": a person's surname may be a city's name
        return None
    after = [t for t in doc[span.end:span.end + 2] if t.is_alpha and t.text.islower()]  # "correspondent", "bureau chief"
    if not after or after[0].i != span.end or not any(t.lower_ in rules.person_nouns for t in after):
        return None
    for n in (2, 1):
        if len(span) <= n:
            continue
        tail = span[len(span) - n:]
        city = gazetteer.city(tail.text) if all(t.is_title for t in tail) else None
        if city is not None and city.population >= _POSTING_CITY and not gazetteer.city(span.text):
            return len(span) - n
    return None


_POSTING_CITY = 250_000  # a news bureau's city: a large one ("Obama" is also a small town in Japan)


def _surnames(doc: "Doc", rules: EntityRules) -> frozenset[str]:
    """Last words of the article's multi-word person names ('Lincoln' of 'Abraham Lincoln')."""
    out = set()
    for ent in doc.ents:
        if ent.label_ != "PERSON" or len(_score_pieces(ent)) > 1:  # "Leeds 1 Chelsea 0" names no person
            continue
        words = [t for t in ent if t.is_alpha and _word(t) not in rules.generational and _word(t) not in rules.honorifics]
        if len(words) >= 2 and words[-1].text[:1].isupper():
            out.add(norm(words[-1].text))
    return frozenset(out)


def _mention(span: "Span", label: str, cls: str, strength: int, key: str, canonical: str, text: str,
             sentence: int) -> Mention:
    return Mention(text=text, canonical=canonical, start=span.start_char, end=span.end_char, cls=cls, key=key,
                   label=label, sentence=sentence, strength=strength)


def _extra_mention(span: "Span", label: str, gazetteer: Gazetteer, rules: EntityRules, dateline: str | None,
                   sentence: int) -> tuple[Mention, tuple[int, int]] | None:
    """A mention for a span the NER did not give on its own (a city split off a name, a dateline,
    a scoreline side), typed like any other, or None when typing drops it."""
    typed = mention_class(span, label, gazetteer, rules, dateline, None)
    if typed is None:
        return None
    cls, strength, key, canonical = typed
    return _mention(span, label, cls, strength, key, canonical, plain(span.text), sentence), (span.start, span.end)


def entity_mentions(
    doc: "Doc", article: Article, gazetteer: Gazetteer, rules: EntityRules
) -> Iterator[tuple[Mention, tuple[int, int]]]:
    """Each typed mention with its token range; numbers, dates and money are skipped. An all-caps
    dateline the NER passed over ("OSLO 2021-06-02") is the place the story was filed from."""
    covered: set[int] = set()
    for mention, (start, end) in _ner_mentions(doc, article, gazetteer, rules):
        covered.update(range(start, end))
        yield mention, (start, end)
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    extra = [(side, "ORG") for side in _scoreline_sides(doc, covered)]  # "Denver 21 ATLANTA 14": a side missed
    extra += [(name, "PERSON") for name in _aged_names(doc, covered)]  # "Hartwell, 70, said"
    dateline = _dateline_span(doc, article.dateline, covered)
    if dateline is not None:
        extra.append((dateline, "GPE"))
    for span, label in extra:
        found = _extra_mention(span, label, gazetteer, rules, norm(article.dateline or "") or None,
                               sent_index.get(span.sent.start, 0))
        if found is not None:
            yield found


def without_pairs_and_families(
    doc: "Doc", found: list[tuple[Mention, tuple[int, int]]], is_person: Callable[[str], bool],
) -> list[tuple[Mention, tuple[int, int]]]:
    """'the Lopez-Ortiz debate', 'the Lopezes': a hyphenated pair of names the article also names
    apart, or the plural of a surname (a family), is no one person."""
    persons = [m for m, _ in found if is_person(m.cls)]
    surnames = {m.key.split()[-1] for m in persons if m.key and "-" not in m.key.split()[-1]}
    words = surnames | {m.key for m, _ in found if m.key and " " not in m.key}
    out = []
    for m, (start, end) in found:
        if m.key and " " not in m.key and m.strength < GAZETTEER:
            person = is_person(m.cls)
            parts = m.key.split("-")
            if len(parts) == 2 and all(parts) and all(p in (words if person else surnames) for p in parts):
                continue  # "Lopez-Ortiz": two people the article names
            stem = m.key[:-2] if m.key.endswith("es") else m.key[:-1] if m.key.endswith("s") else None
            if stem and (stem in surnames or m.key[:-1] in surnames or (
                    person and end - start == 1 and doc[start].tag_ == "NNPS" and start > 0
                    and doc[start - 1].lower_ == "the")):
                continue  # "the Lopezes", "the Kennedys": a family
        out.append((m, (start, end)))
    return out


def _score_pieces(ent: "Span") -> list["Span"]:
    """'Malmo 3 Hammarby 1' the NER took for one name: a results line's sides, split at the scores."""
    from spacy.tokens import Span

    doc = ent.doc
    scores = [i for i in range(ent.start + 1, ent.end) if _score(doc[i])]
    # a results line: the last side has its score too ("... Hammarby 1"); "Boeing 737 Max crashed" is a name
    last_scored = _score(doc[ent.end - 1]) or (ent.end < len(doc) and _score(doc[ent.end]))
    if not scores or not last_scored:
        return [ent]
    pieces, start = [], ent.start
    for i in [*scores, ent.end]:
        if i > start and doc[start].is_alpha:
            pieces.append(Span(doc, start, i, label=ent.label_ if ent.label_ in _SIDE_LABELS else "ORG"))
        start = i + 1
    return pieces if len(pieces) >= 2 else [ent]  # "Channel 4" is one name


_SIDE_LABELS = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC"})  # a side of a scoreline keeps these; a "person" is a team


def _score(token: "Token") -> bool:
    return token.text.isdigit() and len(token.text) <= 3


def _scoreline_sides(doc: "Doc", covered: set[int]) -> Iterator["Span"]:
    """The sides of a verbless line 'Name N Name N' that no mention covers: capitalised words, each
    followed by its score, nothing else on the line."""
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if not 4 <= len(words) <= 12 or any(t.pos_ in ("VERB", "AUX") for t in words) or not _score(words[-1]):
            continue
        sides, run = [], []
        for t in words:
            if _score(t) and run:
                sides.append(run)
                run = []
            elif t.is_alpha and (t.is_title or t.is_upper):
                run.append(t)
            else:
                sides = []
                break
        if len(sides) != 2 or run:
            continue
        for side in sides:
            if not covered & {t.i for t in side}:
                yield doc[side[0].i:side[-1].i + 1]


def _aged_names(doc: "Doc", covered: set[int]) -> Iterator["Span"]:
    """A name the NER passed over, followed by an age between commas ("Hartwell, 70, said"): news
    gives ages to people only. Up to three capitalised proper nouns, none in a mention."""
    for t in doc:
        i = t.i
        if not (t.text == "," and i + 2 < len(doc) and _age(doc[i + 1]) and doc[i + 2].text == ","):
            continue
        start = i
        while start > 0 and i - start < 3 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_title \
                and doc[start - 1].i not in covered:
            start -= 1
        if start < i and (start == 0 or not doc[start - 1].is_title):
            yield doc[start:i]


def _dateline_span(doc: "Doc", dateline: str | None, covered: set[int]) -> "Span | None":
    """The dateline's tokens among the first words of the text, written in capitals, if no mention has them."""
    if not dateline:
        return None
    words = dateline.upper().split()
    for i in range(min(len(doc), 12) - len(words) + 1):
        span = doc[i:i + len(words)]
        if [t.text.upper() for t in span] == words and span.text.isupper() and not covered & set(range(i, span.end)):
            return span
    return None


def _ner_mentions(
    doc: "Doc", article: Article, gazetteer: Gazetteer, rules: EntityRules
) -> Iterator[tuple[Mention, tuple[int, int]]]:
    """The NER's spans, trimmed, split where it glued two names, and typed."""
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    dateline = norm(article.dateline) if article.dateline else None
    surnames = _surnames(doc, rules)
    for ent in (piece for e in doc.ents for piece in _score_pieces(e)):
        if ent.label_ not in rules.labels:
            continue
        label = ent.label_
        span = _trim(ent, rules)
        if span is None:
            continue
        if label == "PERSON":
            prefix = _glued_prefix(ent, span, rules) if span.start > ent.start else None
            if prefix is not None:  # "Texas" of "Texas Gov. X": its own mention when it is a known place
                text = plain(prefix.text)
                if gazetteer.country(text) or gazetteer.demonym(text) or gazetteer.place_class(text):
                    typed = mention_class(prefix, "GPE" if not gazetteer.demonym(text) else "NORP", gazetteer,
                                          rules, dateline, None)
                    if typed is not None:
                        cls, strength, key, canonical = typed
                        yield (_mention(prefix, "GPE", cls, strength, key, canonical,
                                        text if norm(text) == key or not gazetteer.demonym(text) else "",
                                        sent_index.get(prefix.sent.start, 0)), (prefix.start, prefix.end))
            suffixed = _with_org_suffix(span, rules)
            if suffixed.end > span.end:
                span, label = suffixed, "ORG"
        if label in ("ORG", "GPE", "PERSON"):
            lead = _credit_city(span, gazetteer, rules)
            if lead is not None:  # "Moscow ITAR-TASS": the city a wire credit was filed from, then the agency
                city, span, label = span[:lead], span[lead:], "ORG"
                found = _extra_mention(city, "GPE", gazetteer, rules, dateline, sent_index.get(city.sent.start, 0))
                if found is not None:
                    yield found
        if label in ("ORG", "PERSON", "GPE"):
            cut = _posting_city(span, gazetteer, rules)
            if cut is not None:  # "Reuters Berlin correspondent X": the agency, then the city it posted X to
                city, span, label = span[cut:], span[:cut], "ORG"
                found = _extra_mention(city, "GPE", gazetteer, rules, dateline, sent_index.get(city.sent.start, 0))
                if found is not None:
                    yield found
        if _kind_beside(span, rules.work_nouns):
            label = "WORK_OF_ART"  # "Bob Woodward's book Rage", "the film Parasite"
        elif _kind_beside(span, rules.product_nouns):
            continue  # "the boat, a Hallberg Rassy": a product, which the graph does not model
        if label in ("ORG", "GPE", "LOC", "FAC") and len(span) > 1:
            titled = _titled_name(span, gazetteer, rules)
            if titled is not None:  # "President X", "Officer X", "Composer X" the NER took for a place or firm
                span, label = titled, "PERSON"
            elif _after_role_noun(span, rules) or _given_name_first(span, gazetteer, rules):
                label = "PERSON"  # "charity spokesperson Ana Weibl"; "Olga Petrova" the NER took for a firm
        if label == "PERSON" and len(span) == 1 and (span[0].lower_ in rules.person_nouns or _word(span[0]) in
                                                     rules.honorifics or _word(span[0]) in rules.name_heads):
            continue  # "Producer", "Sgt": a role, no name
        if label in ("PERSON", "ORG") and len(span) == 1 and _ABBREVIATION.match(span.text) and span.start > 1 \
                and doc[span.start - 1].text == "," and doc[span.start - 2].text[:1].isupper() \
                and _word(span[0]) not in rules.generational and _word(span[0]) not in rules.honorifics:
            label = "GPE"  # "Salem, Ore.", "Leeds, U.K.": the state or country after a place
        if len(span) == 1 and (label != "PERSON" and _word(span[0]) in rules.generic_names or _portfolio(span[0], rules)):
            continue  # "Secretary of State", "Board Member X", "Secretary of Justice": a head word, no name
        if _word(span[-1]) in rules.not_names and all(_word(t) in rules.not_names or not t.is_alpha for t in span):
            continue
        suffix = None
        if label in _PLACE_LABELS:
            span, suffix = _with_suffix(span, rules)
        text = plain(span.text)
        if _is_junk(text, rules) and not span[0].ent_id_:  # our own patterns ("G-20") are never junk
            continue
        if label == "PERSON" and _CODE.search(text):
            continue  # "COVID-19", "F-35": a code, no one's name
        typed = mention_class(span, label, gazetteer, rules, dateline, suffix, surnames)
        if typed is None:
            continue
        cls, strength, key, canonical = typed
        name_is_label = label != "NORP" or norm(text) == key
        yield (
            _mention(span, label, cls, strength, key, canonical, text if name_is_label else "",
                     sent_index.get(span.sent.start, 0)),
            (span.start, span.end),
        )

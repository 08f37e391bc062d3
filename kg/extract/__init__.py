"""Extraction: one article and its parsed Doc → ArticleExtraction (a pure function of both).

The tables and patterns are loaded once into an ``Extractor`` and shared by every article.
Order: named mentions (typed) → references (descriptions, pronouns) → entities of the article →
frames of the predicates the lexicon knows → relation candidates (frames, titles, place pairs,
results lines, roles) → statements that fit the ontology → events and the facts beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kg.extract.coref import CorefRules, NamedSpan, resolve_references
from kg.extract.entities import CONTEXT, GAZETTEER, NER, EntityRules, entity_mentions, without_pairs_and_families
from kg.extract.events import extract_events
from kg.extract.lexicon import Lexicon
from kg.extract.modality import ModalityRules
from kg.extract.results import result_candidates
from kg.extract.relations import (
    Candidate, TitleRules, frame_matches, location_pairs, name_places, relation_candidates, role_title, title_candidates,
    title_words,
)
from kg.extract.time import date_of, ground, tense
from kg.gazetteer import Gazetteer, GivenNames
from kg.link import link_entities
from kg.normalize import norm, plain
from kg.ontology import Ontology
from kg.resolve import resolve_article
from kg.types import Article, ArticleExtraction, Entity, Event, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["Extractor"]

ROLES = "kg.coref.roles.v1"


@dataclass
class Extractor:
    """Everything extraction reads: gazetteer, ontology and pattern tables."""

    gazetteer: Gazetteer
    ontology: Ontology
    entity_rules: EntityRules
    lexicon: Lexicon
    title_rules: TitleRules
    modality_rules: ModalityRules
    coref_rules: CorefRules
    pipeline: str = ""

    @classmethod
    def load(cls, pipeline: str = "") -> "Extractor":
        """Read every table once; raises OSError or ValueError when a data file is broken."""
        titles = TitleRules.load()
        given = GivenNames.load()
        roles = frozenset(t for t in titles.titles.get("leaderOf", ()) + titles.titles.get("worksFor", ()) if " " not in t)
        return cls(
            gazetteer=Gazetteer.load(),
            ontology=Ontology.load(),
            entity_rules=replace(EntityRules.load(), given_names=frozenset(given.male) | frozenset(given.female)),
            lexicon=Lexicon.load(title_heads=titles.heads()),
            title_rules=titles,
            modality_rules=ModalityRules.load(),
            coref_rules=CorefRules.load(role_nouns=roles, given=given),
            pipeline=pipeline,
        )

    def __call__(self, article: Article, doc: "Doc") -> ArticleExtraction:
        onto = self.ontology
        found = without_pairs_and_families(doc, list(entity_mentions(doc, article, self.gazetteer, self.entity_rules)),
                                           lambda c: onto.is_a(c, "Person"))
        mentions = [m for m, _ in found]
        named = [
            NamedSpan(start, end, m.cls, onto.is_a(m.cls, "Person"), m.key,
                      title_words(doc, start, end) if onto.is_a(m.cls, "Person") else (),
                      onto.is_a(m.cls, "Organization"))
            for m, (start, end) in found
        ]
        coref = resolve_references(doc, named, self.coref_rules)
        entities, owner = resolve_article(mentions, onto, len(coref.descriptions), coref.links,
                                          self.entity_rules.company_heads)
        self._descriptors(doc, entities, named, owner, coref.descriptions)
        index = _TokenIndex.of(found, owner, entities, coref.descriptions, onto)
        token_entity, token_span = index.entity, index.span
        matches = frame_matches(doc, self.lexicon, token_entity, onto.is_a, index.classes)
        candidates = self._candidates(doc, matches, index, coref.descriptions, owner, len(found))
        candidates += self._name_places(doc, index, entities)
        self._coerce(entities, candidates)
        dates = {t.i: ent for ent in doc.ents if ent.label_ == "DATE" for t in ent}
        statements = self._statements(article, doc, entities, candidates, token_span, dates)
        events = extract_events(
            doc, token_entity, token_span, dates, entities, article, matches, self.modality_rules,
            lambda c: onto.is_a(c, "Agent"), lambda c: onto.is_a(c, "Place"),
        )
        people = {e.id for e in entities if onto.is_a(e.cls, "Person")}
        statements = _one_per_sentence(statements + _event_statements(events, people))
        statements.sort(key=lambda s: (s.start, s.end, s.predicate, s.subject, s.object, s.extractor))
        publisher = _byline_entity(entities, article.publisher, "NewsOrganization") if article.publisher else None
        authors = [_byline_entity(entities, name, "Person") for name in article.authors]
        links = link_entities(entities, self.gazetteer, onto, article.dateline)
        return ArticleExtraction(article, entities, statements, self.pipeline, publisher, authors, events, links)

    def _candidates(self, doc: "Doc", matches, index: "_TokenIndex", descriptions, owner: list[int],
                    n: int) -> list[Candidate]:
        """Every relation the article's sentences state: frames, titles, place pairs, results, roles."""
        candidates = list(relation_candidates(matches, index.entity, self.modality_rules, self.title_rules))
        candidates += title_candidates(doc, index.persons, index.entity, self.title_rules, index.classes)
        candidates += location_pairs(doc, index.places, index.classes)
        spans = sorted({index.span[i] + (ent,) for i, ent in index.entity.items() if index.span[i][0] == i})
        candidates += result_candidates(doc, spans, index.classes, self.ontology.is_a)
        candidates += self._role_candidates(doc, descriptions, owner, n)
        return candidates

    def _name_places(self, doc: "Doc", index: "_TokenIndex", entities: list[Entity]) -> list[Candidate]:
        """'the New York Times', 'Russian Foreign Ministry': tied to the place the name says, if named too."""
        onto, gaz = self.ontology, self.gazetteer

        def tie(ent: int) -> str | None:
            cls = entities[ent].cls
            if onto.is_a(cls, "GovernmentOrganization"):
                return "partOf"
            return "affiliatedWith" if onto.is_a(cls, "Organization") else None

        def place_key(text: str) -> str | None:
            country = gaz.country(text) or (gaz.demonym(text) if " " not in text else None)
            if country is not None:
                return norm(country.label)
            return norm(text) if gaz.place_class(text) else None

        places = {e.key: e.id for e in entities if onto.is_a(e.cls, "Place")}
        spans = sorted({index.span[i] + (ent,) for i, ent in index.entity.items() if index.span[i][0] == i})
        return list(name_places(doc, spans, tie, place_key, places))

    def _descriptors(self, doc: "Doc", entities: list[Entity], named: list[NamedSpan], owner: list[int],
                     descriptions) -> None:
        """What the article calls each person ('Sen.', 'the bank's chief executive', 'she') or body
        ('the state Senate'): across articles it tells apart two people of one surname, or two senates."""
        titles, levels = self.title_rules, self.entity_rules.body_levels
        for span, ent in zip(named, owner):
            before = doc[span.start - 1] if span.start > 0 else None
            if ent >= 0 and span.organisation and before is not None and before.lower_ in levels and before.is_lower:
                entities[ent].descriptors.add(before.lower_)  # "the state Senate"
            if ent < 0 or not span.person:
                continue
            if span.title:
                entities[ent].descriptors |= titles.identity_titles(span.title)
            root = doc[span.start:span.end].root
            roles = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
            if root.dep_ == "appos" and root.head.pos_ == "NOUN":
                roles.append(root.head)  # "the bank's chief executive, X"
            for noun in roles:  # "X, the bank's chief executive": the noun and what stands before it
                entities[ent].descriptors |= titles.identity_titles(t.text for t in noun.subtree if t.i <= noun.i)
        for j, d in enumerate(descriptions):
            ent = owner[len(named) + j]
            if ent >= 0 and d.kind in ("role", "pronoun") and self.ontology.is_a(entities[ent].cls, "Person"):
                entities[ent].descriptors |= titles.identity_titles(t.text for t in doc[d.start:d.end])

    def _role_candidates(self, doc: "Doc", descriptions, owner: list[int], n: int) -> list[Candidate]:
        """'Ruritania's foreign minister said … Z told reporters' → Z worksFor Ruritania."""
        out = []
        for j, d in enumerate(descriptions):
            person = owner[n + j]
            if d.kind != "role" or d.possessor is None or person < 0 or owner[d.possessor] < 0:
                continue
            prop = role_title(self.title_rules, [t.lower_ for t in doc[d.start:d.end]])
            if prop:
                out.append(Candidate(person, prop, owner[d.possessor], (d.start, d.head), doc[d.head].sent.start,
                                     0.6, ROLES, "asserted", d.head))
        return out

    def _coerce(self, entities: list[Entity], candidates: list[Candidate]) -> None:
        """'X annexed Y': a Y the NER typed as an organisation is a place, because the rule says so.

        A rule that marks its reading as overriding ("force": a side of a scoreline, "Cincinnati 18
        Colorado 7", is a team) retypes a place the gazetteer knew too.
        """
        for c in candidates:
            coerce = c.coerce or {}
            for role, ent_id in (("subject", c.subject), ("object", c.object)):
                target = coerce.get(role)
                ent = entities[ent_id]
                weak = ent.strength == NER or (coerce.get("force") and self.ontology.is_a(ent.cls, "Place"))
                # a person is never a territory, unless a class noun says so outright ("X, a town in Y")
                if target and weak and not self.ontology.is_a(ent.cls, target) \
                        and (coerce.get("person") or not self.ontology.is_a(ent.cls, "Person")):
                    ent.cls, ent.strength = target, CONTEXT

    def _inside_out(self, prop: str, subj: Entity, obj: Entity) -> bool:
        """'the port town of Galle, Sri Lanka' read backwards: a country is never inside a town, a
        region or a site, nor a region inside a town."""
        if prop not in ("locatedIn", "partOf"):
            return False
        is_a = self.ontology.is_a
        if is_a(subj.cls, "Country"):
            return any(is_a(obj.cls, c) for c in ("City", "Facility", "Region"))
        return is_a(subj.cls, "Region") and any(is_a(obj.cls, c) for c in ("City", "Facility"))

    def _statements(
        self, article: Article, doc: "Doc", entities: list[Entity], candidates: list[Candidate],
        token_span: dict[int, tuple[int, int]], dates: dict[int, "Span"],
    ) -> list[Statement]:
        """Keep candidates that fit the ontology's domain and range; one statement per fact and span."""
        out: dict[tuple, Statement] = {}
        sentences: dict[int, str] = {}  # a sentence's plain text, made once however many facts it states
        employed = {(c.subject, c.sentence) for c in candidates if c.property in _JOBS
                    and self.ontology.is_a(entities[c.object].cls, "Organization")}
        for c in candidates:
            subj, obj = entities[c.subject], entities[c.object]
            if c.property in _JOBS and (c.subject, c.sentence) in employed and \
                    any(self.ontology.is_a(obj.cls, k) for k in ("City", "Region")):
                continue  # "USA Today Denver bureau chief X": the city is a posting, the paper the employer
            if c.at_place and self.ontology.is_a(obj.cls, "Place"):  # "Denver lawyer X", "Canadian scientist Y"
                c = replace(c, property="citizenOf" if self.ontology.is_a(obj.cls, "Country") else "livesIn")
            if not self.ontology.allows(c.property, subj.cls, obj.cls) or self._inside_out(c.property, subj, obj):
                continue
            if (c.subject_class and not self.ontology.is_a(subj.cls, c.subject_class)) or \
                    (c.object_class and not self.ontology.is_a(obj.cls, c.object_class)) or \
                    (c.object_not and self.ontology.is_a(obj.cls, c.object_not)):
                continue
            sent = doc[c.sentence].sent
            # The evidence runs from the first to the last token, whole names included.
            first = doc[min(token_span.get(i, (i, i + 1))[0] for i in c.tokens)]
            last = doc[max(token_span.get(i, (i, i + 1))[1] for i in c.tokens) - 1]
            start = article.source_offset(first.idx)
            end = article.source_offset(last.idx + len(last.text) - 1) + 1
            when = None
            if c.trigger >= 0:
                span = date_of(doc[c.trigger], dates)
                if span is not None:
                    when = ground(span.text, article.date_published, tense(doc[c.trigger]))
            st = Statement(
                subject=c.subject, predicate=c.property, object=c.object,
                sentence=sentences[sent.start] if sent.start in sentences
                else sentences.setdefault(sent.start, plain(sent.text)), start=start, end=end,
                confidence=c.confidence, extractor=c.extractor, modality=c.modality, date=when,
                speaker=c.speaker,
            )
            key = (st.subject, st.predicate, st.object, st.start, st.end)
            if key not in out or out[key].confidence < st.confidence:
                out[key] = st
        return list(out.values())


@dataclass
class _TokenIndex:
    """Which entity each token names, the token range of its name, and the people and places."""

    entity: dict[int, int]
    span: dict[int, tuple[int, int]]
    persons: list[tuple[int, int, int]]
    places: list[tuple[int, int, int]]
    classes: dict[int, str]

    @classmethod
    def of(cls, found, owner: list[int], entities: list[Entity], descriptions, onto: Ontology) -> "_TokenIndex":
        index = cls({}, {}, [], [], {e.id: e.cls for e in entities})
        for (_, (start, end)), ent_id in zip(found, owner):
            if ent_id < 0:
                continue
            for i in range(start, end):
                index.entity[i] = ent_id
                index.span[i] = (start, end)
            if onto.is_a(entities[ent_id].cls, "Person"):
                index.persons.append((start, end, ent_id))
            elif onto.is_a(entities[ent_id].cls, "Place"):
                index.places.append((start, end, ent_id))
        for j, d in enumerate(descriptions):  # "the minister", "he": the entity they refer to
            ent_id = owner[len(found) + j]
            if ent_id >= 0 and d.head not in index.entity:
                index.entity[d.head] = ent_id
                index.span[d.head] = (d.start, d.end)
        return index


_JOBS = frozenset({"worksFor", "leaderOf"})


def _event_statements(events: list[Event], people: set[int]) -> list[Statement]:
    """The binary facts beside each event: its participants met; a person on a visit visited the
    place (a plane that lands there does not)."""
    out = []
    for e in events:
        pairs: list[tuple[int, str, int]] = []
        if e.cls == "Meeting":
            # "A met with B, then with C": A met each; B and C did not meet unless the text says so
            agents = {p for p, r in e.roles if r == "agent"}
            pairs = [(a, "metWith", b) for i, a in enumerate(e.participants) for b in e.participants[i + 1:]
                     if not agents or a in agents or b in agents]
        elif e.cls == "Visit" and e.place is not None:
            pairs = [(a, "visited", e.place) for a in e.participants if a in people]
        for s, p, o in pairs:
            speaker = e.speaker
            out.append(Statement(s, p, o, e.sentence, e.start, e.end, e.confidence, e.extractor, e.modality, e.date,
                                 speaker))
    return out


def _one_per_sentence(statements: list[Statement]) -> list[Statement]:
    """One statement per fact and sentence: the most confident reading (a rule and an event may agree)."""
    best: dict[tuple, Statement] = {}
    for st in statements:
        key = (st.subject, st.predicate, st.object, st.sentence)
        if key not in best or (st.confidence, st.start) > (best[key].confidence, best[key].start):
            best[key] = st
    return list(best.values())


def _byline_entity(entities: list[Entity], name: str, cls: str) -> int:
    """The entity for a publisher or author named in the metadata, reusing one the text names.

    The metadata says what it is: a publisher is a news organisation whatever the NER took its
    name for in the text ("Wikinews" as a person), unless a gazetteer knows the name."""
    key = norm(name)
    for ent in entities:
        if ent.key == key or key in ent.names:
            if cls == "NewsOrganization" and ent.strength < GAZETTEER and ent.cls != cls:
                ent.cls, ent.strength = cls, CONTEXT
            return ent.id
    entities.append(Entity(id=len(entities), cls=cls, key=key, label=plain(name), aliases=set(), names={key},
                           strength=CONTEXT))
    return entities[-1].id

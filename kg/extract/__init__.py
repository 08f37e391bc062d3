"""Extraction: one article and its parsed Doc → ArticleExtraction (a pure function of both).

The tables and patterns are loaded once into an ``Extractor`` and shared by every article.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.extract.entities import EntityRules, entity_mentions
from kg.extract.modality import ModalityRules
from kg.extract.relations import Candidate, Rule, TitleRules, load_rules, relation_candidates, title_candidates
from kg.gazetteer import Gazetteer
from kg.normalize import norm, plain
from kg.ontology import Ontology
from kg.resolve import resolve_article
from kg.types import Article, ArticleExtraction, Entity, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["Extractor"]


@dataclass
class Extractor:
    """Everything extraction reads: gazetteer, ontology and pattern tables."""

    gazetteer: Gazetteer
    ontology: Ontology
    entity_rules: EntityRules
    relation_rules: list[Rule]
    title_rules: TitleRules
    modality_rules: ModalityRules
    pipeline: str = ""

    @classmethod
    def load(cls, pipeline: str = "") -> "Extractor":
        """Read every table once; raises OSError or ValueError when a data file is broken."""
        return cls(
            gazetteer=Gazetteer.load(),
            ontology=Ontology.load(),
            entity_rules=EntityRules.load(),
            relation_rules=load_rules(),
            title_rules=TitleRules.load(),
            modality_rules=ModalityRules.load(),
            pipeline=pipeline,
        )

    def __call__(self, article: Article, doc: "Doc") -> ArticleExtraction:
        found = list(entity_mentions(doc, article, self.gazetteer, self.entity_rules))
        mentions = [m for m, _ in found]
        entities, owner = resolve_article(mentions, self.ontology)
        token_entity: dict[int, int] = {}
        token_span: dict[int, tuple[int, int]] = {}
        person_spans: list[tuple[int, int, int]] = []
        for (mention, (start, end)), ent_id in zip(found, owner):
            for i in range(start, end):
                token_entity[i] = ent_id
                token_span[i] = (start, end)
            if entities[ent_id].cls == "Person":
                person_spans.append((start, end, ent_id))
        candidates = list(relation_candidates(doc, token_entity, self.relation_rules, self.modality_rules))
        candidates += title_candidates(doc, person_spans, token_entity, self.title_rules)
        statements = self._statements(article, doc, entities, candidates, token_span)
        publisher = _byline_entity(entities, article.publisher, "NewsOrganization") if article.publisher else None
        authors = [_byline_entity(entities, name, "Person") for name in article.authors]
        return ArticleExtraction(article, entities, statements, self.pipeline, publisher, authors)

    def _statements(
        self, article: Article, doc: "Doc", entities: list[Entity], candidates: list[Candidate],
        token_span: dict[int, tuple[int, int]],
    ) -> list[Statement]:
        """Keep candidates that fit the ontology's domain and range; one statement per fact and span."""
        out: dict[tuple, Statement] = {}
        for c in candidates:
            subj, obj = entities[c.subject], entities[c.object]
            if not self.ontology.allows(c.property, subj.cls, obj.cls):
                continue
            sent = doc[c.sentence].sent
            # The evidence runs from the first to the last token, whole names included.
            first = doc[min(token_span.get(i, (i, i + 1))[0] for i in c.tokens)]
            last = doc[max(token_span.get(i, (i, i + 1))[1] for i in c.tokens) - 1]
            start = article.source_offset(first.idx)
            end = article.source_offset(last.idx + len(last.text) - 1) + 1
            st = Statement(
                subject=c.subject, predicate=c.property, object=c.object,
                sentence=plain(sent.text), start=start, end=end,
                confidence=c.confidence, extractor=c.extractor, modality=c.modality,
            )
            key = (st.subject, st.predicate, st.object, st.start, st.end)
            if key not in out or out[key].confidence < st.confidence:
                out[key] = st
        return sorted(out.values(), key=lambda s: (s.start, s.end, s.predicate, s.subject, s.object))


def _byline_entity(entities: list[Entity], name: str, cls: str) -> int:
    """The entity for a publisher or author named in the metadata, reusing one the text names."""
    key = norm(name)
    for ent in entities:
        if ent.key == key:
            if cls == "NewsOrganization" and ent.cls == "Organization":
                ent.cls = cls
            return ent.id
    entities.append(Entity(id=len(entities), cls=cls, key=key, label=plain(name), aliases=set()))
    return entities[-1].id

"""The plain, typed records that flow between stages.

article → (spaCy Doc) → Mention → Entity → Statement → graph. Nothing here knows spaCy or
rdflib, so every stage can be built and tested alone.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One news article, its cleaned body text and its metadata.

    ``text`` is what the NLP pipeline reads (boilerplate removed). ``segments`` maps it back to
    ``source_text`` (the file or JSONL field as read): a sorted tuple of
    ``(text_offset, source_offset)`` pairs where a kept run of characters starts, so every
    offset we publish points into what the user actually has on disk.
    """

    id: str
    text: str
    source: str
    source_text: str
    content_hash: str
    segments: tuple[tuple[int, int], ...] = ((0, 0),)
    title: str | None = None
    date_published: dt.date | None = None
    url: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    dateline: str | None = None
    media_type: str = "text/plain"
    captured_at: str | None = None  # xsd:dateTime of a crawler's capture (WARC-Date), not of publication

    def source_offset(self, text_offset: int) -> int:
        """Character offset in ``source_text`` of character ``text_offset`` of ``text``."""
        starts = [s[0] for s in self.segments]
        i = max(bisect.bisect_right(starts, text_offset) - 1, 0)
        text_start, source_start = self.segments[i]
        return source_start + (text_offset - text_start)


@dataclass(frozen=True)
class Mention:
    """A span of the article naming an entity, with the class we gave it."""

    text: str  # surface form when it is a name ("" for a demonym: "Russian" is no name of Russia)
    canonical: str  # the name the mention argues for as label ("Russia" for "Russian", "United States" for "US")
    start: int  # offsets into Article.text
    end: int
    cls: str  # ontology class local name: Person, Country, City, ...
    key: str  # normalised surface form used for grouping
    label: str  # spaCy's label, kept for debugging and stats
    sentence: int  # index of the sentence in the Doc
    strength: int = 0  # how the class was found: 0 NER label, 1 context (head word, class noun), 2 gazetteer, 3 gazetteer and context


@dataclass
class Entity:
    """One real-world thing as named in one article: its mentions grouped."""

    id: int
    cls: str
    key: str
    label: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # normalised names it goes by, for merging across articles
    strength: int = 0  # evidence for its class (see Mention.strength)
    descriptors: set[str] = field(default_factory=set)  # what the article calls it: "senator", "mrs", "she"


@dataclass(frozen=True)
class Time:
    """A grounded time: the first and last day it covers, and its precision."""

    start: dt.date
    end: dt.date
    precision: str  # day | week | month | year
    text: str  # the expression as written ("on Thursday")


@dataclass(frozen=True)
class Statement:
    """A typed fact read from one sentence, with the evidence behind it.

    ``subject`` and ``object`` are Entity ids local to the article's extraction.
    Offsets point into ``Article.source_text``.
    """

    subject: int
    predicate: str  # ontology property local name
    object: int
    sentence: str
    start: int
    end: int
    confidence: float
    extractor: str
    modality: str = "asserted"  # asserted | negated | possible | planned | wished | alleged ...
    date: Time | None = None
    speaker: int | None = None  # entity id of who says it, when it is reported speech


@dataclass(frozen=True)
class Event:
    """Something that happened (or is planned) in one article: a meeting, talks, a visit.

    Participants and place are entity ids local to the article's extraction.
    """

    cls: str  # ontology class: Meeting, Visit, Attack, Death …
    participants: tuple[int, ...]
    place: int | None
    date: Time | None
    modality: str
    sentence: str  # the sentence of its first mention
    start: int  # source offsets of the trigger phrase
    end: int
    confidence: float
    extractor: str
    roles: tuple[tuple[int, str], ...] = ()  # (participant, role) where the role is narrower than participant
    speaker: int | None = None  # entity id of who tells of it, when it is reported speech


@dataclass(frozen=True)
class Link:
    """An entity's id in an outside dataset (Wikidata, GeoNames), read from an offline table."""

    target: str  # IRI of the Wikidata item or GeoNames feature
    dataset: str  # wikidata | geonames
    confidence: float
    extractor: str  # the table and rule it came from, versioned
    latitude: float | None = None
    longitude: float | None = None


@dataclass
class ArticleExtraction:
    """Everything extracted from one article: a pure function of the article and pipeline."""

    article: Article
    entities: list[Entity]
    statements: list[Statement]
    pipeline: str = ""
    publisher: int | None = None  # entity id of the publisher (a NewsOrganization)
    authors: list[int] = field(default_factory=list)  # entity ids of the authors
    events: list[Event] = field(default_factory=list)
    links: dict[int, tuple[Link, ...]] = field(default_factory=dict)  # entity id → its links


@dataclass(frozen=True)
class Merge:
    """How one name of a resolved entity came to it: from which articles, by which rule."""

    form: str  # the name as those articles wrote it
    rule: str  # seed | same-id | same-name | shared-alias | short-form | surname-context | … (kg.identity)
    confidence: float
    articles: tuple[str, ...]  # article ids
    evidence: str = ""  # what the rule saw: the shared title, the entities named with it, the id


@dataclass(frozen=True)
class ResolvedEntity:
    """An entity across the corpus: the canonical key decides its IRI."""

    key: str  # canonical key, e.g. "Person|ana lind"
    cls: str
    label: str
    alt_labels: tuple[str, ...] = ()
    mention_count: int = 0
    links: tuple[Link, ...] = ()
    merges: tuple[Merge, ...] = ()  # for an entity named in more than one article entity


@dataclass(frozen=True)
class EntitySummary:
    """One article's entity as resolution across articles sees it: names, class, counts, links."""

    cls: str
    key: str
    label: str
    names: frozenset[str]
    strength: int
    mention_count: int
    canonicals: tuple[tuple[str, int], ...]  # the names its mentions argue for, with counts
    aliases: frozenset[str]  # surface forms of its mentions
    links: tuple[Link, ...] = ()
    descriptors: frozenset[str] = frozenset()  # titles, roles and pronouns the article gives it
    ties: frozenset[tuple[str, str]] = frozenset()  # (property, object key) of its facts: ("worksFor", "acme")
    roles: frozenset[tuple[str, str]] = frozenset()  # ("subject" | "object", property) of its asserted triples


@dataclass(frozen=True)
class ArticleSummary:
    """What the steps after extraction need of one article for the whole corpus at once.

    A few kilobytes, where the extraction (text, sentences, mentions) is tens: builds keep
    summaries in memory and read extractions back from the cache one at a time.
    """

    id: str
    entities: tuple[EntitySummary, ...]
    events: tuple[Event, ...]
    statements: int

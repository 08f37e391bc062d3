"""Minting IRIs (one function, deterministic) and building the rdflib Dataset.

The default graph holds entities (types, labels); each article's named graph, named by the
article's IRI, holds the article node, the facts it states and a statement node per fact
with its evidence.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef
from rdflib.graph import Graph
from rdflib.namespace import PROV, SDO, SKOS, Namespace

from kg.namespace import DATA_IRI, KG
from kg.resolve import summarize
from kg.types import Article, ArticleExtraction, ArticleSummary, Event, Link, Merge, ResolvedEntity, Statement, Time

_NON_SLUG = re.compile(r"[^a-z0-9]+")
KINDS = ("entity", "article", "statement", "event", "link", "merge", "community", "graph")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
DATASETS = {"wikidata": "https://www.wikidata.org/", "geonames": "https://www.geonames.org/"}

PREFIXES = {
    "kg": str(KG._NS),
    # one prefix per kind of node, so Turtle reads person:ana-lind, not id:person\/…
    "article": f"{DATA_IRI}article/",
    "statement": f"{DATA_IRI}statement/",
    "person": f"{DATA_IRI}person/",
    "place": f"{DATA_IRI}place/",
    "organization": f"{DATA_IRI}organization/",
    "event": f"{DATA_IRI}event/",
    "document": f"{DATA_IRI}document/",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "schema": str(SDO),
    "prov": str(PROV),
    "link": f"{DATA_IRI}link/",
    "community": f"{DATA_IRI}community/",
    "geo": str(GEO),
    "wd": "http://www.wikidata.org/entity/",
    "gn": "https://sws.geonames.org/",
}


# Characters XML 1.0 cannot hold (C0 controls but tab and line breaks, U+FFFE, U+FFFF, lone
# surrogates): Raptor cuts a Turtle string at a raw NUL and RDF/XML cannot write them, so a
# literal carries U+FFFD in their place, and reads the same in every store.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def text(value: str) -> Literal:
    """A plain string literal, the one way text from an article becomes RDF."""
    return Literal(clean_text(value))


def clean_text(value: str) -> str:
    """Text every store and format can hold (see _UNSAFE)."""
    return _UNSAFE.sub("\ufffd", value)


def compact(iri: str) -> str:
    """prefix:local for an IRI under one of our prefixes (longest namespace wins), else the IRI."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")


def mint(kind: str, key: str, *, base: str = DATA_IRI) -> URIRef:
    """The one place IRIs are made: a readable slug, plus a hash wherever the slug loses information.

    ``entity``: key is the canonical key "Class|normalised label" → id:person/ana-lind.
    ``article``: key is the article id → id:article/<id, percent-encoded>.
    ``statement``: key is "article id|fact key" → id:statement/<article>--<hash>.
    ``link``, ``merge``: the evidence of an entity's outside id or of a join → id:link/<hash>, id:merge/<hash>.
    ``community``: key is the IRI of its highest-ranked member → id:community/<hash>.
    ``graph``: key is the name of a graph the build derives (analytics) → id:graph/analytics.
    """
    if kind == "entity":
        cls, _, label = key.partition("|")
        slug = _slug(label)
        if not slug or slug != _slug_exact(label):
            slug = f"{slug}-{_digest(key, 8)}" if slug else _digest(key, 16)
        return URIRef(f"{base}{_slug(cls)}/{slug}")
    if kind == "article":
        return URIRef(f"{base}article/{quote(key, safe='-._~')}")
    if kind == "statement":
        article_id, _, fact = key.partition("|")
        return URIRef(f"{base}statement/{quote(article_id, safe='-._~')}--{_digest(fact, 16)}")
    if kind == "event":  # key: "Class|participant keys|date or article id"
        cls, _, rest = key.partition("|")
        date = rest.rsplit("|", 1)[-1]
        when = date if re.fullmatch(r"\d{4}-\d\d-\d\d", date) else ""
        return URIRef(f"{base}event/{_slug(cls)}-{when + '-' if when else ''}{_digest(key, 12)}")
    if kind == "link":  # key: "entity IRI|target IRI"
        return URIRef(f"{base}link/{_digest(key, 16)}")
    if kind == "merge":  # key: "entity IRI|rule|confidence|form|evidence"
        return URIRef(f"{base}merge/{_digest(key, 16)}")
    if kind == "community":
        return URIRef(f"{base}community/{_digest(key, 16)}")
    if kind == "graph":
        return URIRef(f"{base}graph/{_slug(key)}")
    raise ValueError(f"unknown IRI kind {kind!r}; expected one of {', '.join(KINDS)}")


def _slug_exact(label: str) -> str:
    """The slug only when it is a faithful rendering of the label (lower-case words and digits)."""
    return "-".join(label.split()) if re.fullmatch(r"[a-z0-9]+( [a-z0-9]+)*", label) else ""


def _digest(text: str, n: int) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:n]


def entity_iri(key: str) -> URIRef:
    return mint("entity", key)


def article_iri(article_id: str) -> URIRef:
    return mint("article", article_id)


def statement_iri(article_id: str, st: Statement, subject_key: str, object_key: str) -> URIRef:
    fact = f"{subject_key}|{st.predicate}|{object_key}|{st.start}|{st.end}"
    return mint("statement", f"{article_id}|{fact}")


def event_key(ev: Event, keys: dict[int, str], article_id: str) -> str:
    """One event across articles when class, participants and day agree; else one per article
    and time (a match of 1998 and one of 2002 between two sides are two matches)."""
    if ev.date and ev.date.precision == "day":
        when = ev.date.start.isoformat()
    else:
        when = f"article:{article_id}" + (f"|{ev.date.precision}:{ev.date.start.isoformat()}" if ev.date else "")
    return f"{ev.cls}|{'+'.join(sorted(keys[p] for p in ev.participants))}|{when}"


def add_time(g: Graph, node: URIRef, t: Time) -> None:
    """A grounded time at its precision: xsd:date, xsd:gYearMonth or xsd:gYear; a week as a range."""
    if t.precision == "day":
        g.add((node, KG.date, Literal(t.start.isoformat(), datatype=XSD.date)))
    elif t.precision == "month":
        g.add((node, KG.date, Literal(t.start.strftime("%Y-%m"), datatype=XSD.gYearMonth)))
    elif t.precision == "year":
        g.add((node, KG.date, Literal(f"{t.start.year:04d}", datatype=XSD.gYear)))
    else:
        g.add((node, KG.dateFrom, Literal(t.start.isoformat(), datatype=XSD.date)))
        g.add((node, KG.dateTo, Literal(t.end.isoformat(), datatype=XSD.date)))
    g.add((node, KG.timeExpression, text(t.text)))


def new_dataset() -> Dataset:
    ds = Dataset(default_union=False)
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True, replace=True)
    return ds


def add_entities(ds: Dataset, entities: dict[str, ResolvedEntity]) -> None:
    """Types, labels and mention counts of every entity, in the default graph."""
    g = ds.default_graph
    for key, ent in entities.items():
        iri = entity_iri(key)
        g.add((iri, RDF.type, KG[ent.cls]))
        g.add((iri, RDFS.label, text(ent.label)))
        for alt in ent.alt_labels:
            g.add((iri, SKOS.altLabel, text(alt)))
        g.add((iri, KG.mentionCount, Literal(ent.mention_count)))
        add_links(g, iri, ent.links)
        add_merges(g, iri, ent.merges)


def add_merges(g: Graph, iri: URIRef, merges: tuple[Merge, ...]) -> None:
    """How the entity's names came to it across articles: one kg:Merge per form and rule."""
    for m in merges:
        node = mint("merge", f"{iri}|{m.rule}|{m.confidence}|{m.form}|{m.evidence}")
        g.add((iri, KG.merge, node))
        g.add((node, RDF.type, KG.Merge))
        g.add((node, KG.surfaceForm, text(m.form)))
        g.add((node, KG.rule, text(m.rule)))
        g.add((node, KG.confidence, confidence_literal(m.confidence)))
        if m.evidence:
            g.add((node, KG.evidence, text(m.evidence)))
        for article_id in m.articles:
            g.add((node, KG.inArticle, article_iri(article_id)))


def confidence_literal(value: float) -> Literal:
    """A confidence as xsd:decimal with three places at most, so it prints the same everywhere."""
    return Literal(Decimal(str(round(value, 3))))


def add_links(g: Graph, iri: URIRef, links: tuple[Link, ...]) -> None:
    """skos:exactMatch to each outside id, a kg:Link node with its confidence, and coordinates."""
    for ln in links:
        target = URIRef(ln.target)
        g.add((iri, SKOS.exactMatch, target))
        node = mint("link", f"{iri}|{ln.target}")
        g.add((node, RDF.type, KG.Link))
        g.add((node, RDF.subject, iri))
        g.add((node, RDF.predicate, SKOS.exactMatch))
        g.add((node, RDF.object, target))
        g.add((node, KG.confidence, confidence_literal(ln.confidence)))
        g.add((node, KG.extractor, text(ln.extractor)))
        g.add((node, PROV.wasDerivedFrom, URIRef(DATASETS[ln.dataset])))
    located = next((ln for ln in links if ln.latitude is not None and ln.longitude is not None), None)
    if located:
        g.add((iri, GEO.lat, Literal(Decimal(f"{located.latitude:.5f}"))))
        g.add((iri, GEO.long, Literal(Decimal(f"{located.longitude:.5f}"))))


def add_article(ds: Dataset, ex: ArticleExtraction, keys: dict[int, str]) -> Graph:
    """The article node, its facts and their evidence, in the article's own named graph."""
    art: Article = ex.article
    a = article_iri(art.id)
    g = ds.graph(a)
    g.add((a, RDF.type, SDO.NewsArticle))
    g.add((a, SDO.identifier, text(art.id)))
    if art.title:
        g.add((a, SDO.headline, text(art.title)))
    if art.date_published:
        g.add((a, SDO.datePublished, Literal(art.date_published.isoformat(), datatype=XSD.date)))
    if art.url and re.match(r"https?://\S+$", art.url.strip()):  # a non-URL "url" field is dropped
        g.add((a, SDO.url, URIRef(art.url.strip())))
    if ex.publisher is not None:
        g.add((a, SDO.publisher, entity_iri(keys[ex.publisher])))
    for author in ex.authors:
        g.add((a, SDO.author, entity_iri(keys[author])))
    if art.dateline:
        g.add((a, KG.dateline, text(art.dateline)))
    g.add((a, KG.sourceFile, text(art.source)))
    g.add((a, KG.contentHash, text(art.content_hash)))
    g.add((a, SDO.encodingFormat, text(art.media_type)))
    if art.captured_at:
        g.add((a, KG.capturedAt, Literal(art.captured_at, datatype=XSD.dateTime)))
    if ex.pipeline:
        g.add((a, KG.pipeline, text(ex.pipeline)))
    for ent in ex.entities:
        if ent.mentions:
            g.add((a, SDO.mentions, entity_iri(keys[ent.id])))
    for st in ex.statements:
        s, o = entity_iri(keys[st.subject]), entity_iri(keys[st.object])
        p = KG[st.predicate]
        if st.modality == "asserted":
            g.add((s, p, o))
        node = statement_iri(art.id, st, keys[st.subject], keys[st.object])
        _add_evidence(g, node, (s, p, o), st, a)
        if st.date:
            add_time(g, node, st.date)
        if st.speaker is not None:
            g.add((node, PROV.wasAttributedTo, entity_iri(keys[st.speaker])))
    for ev in ex.events:
        key = event_key(ev, keys, art.id)
        e = mint("event", key)
        roles = dict(ev.roles)
        for p in ev.participants:
            if roles.get(p) != "target":  # a place aimed at takes no part
                g.add((e, KG.participant, entity_iri(keys[p])))
            if p in roles:
                g.add((e, KG[roles[p]], entity_iri(keys[p])))
        if ev.place is not None:
            g.add((e, KG.place, entity_iri(keys[ev.place])))
        if ev.date:
            add_time(g, e, ev.date)
        node = mint("statement", f"{art.id}|event|{key}|{ev.start}|{ev.end}")
        _add_evidence(g, node, (e, RDF.type, KG[ev.cls]), ev, a)
    return g


def _add_evidence(g: Graph, node: URIRef, triple: tuple, ev: Statement | Event, article: URIRef) -> None:
    """A kg:Statement node: the triple it reifies and where, how surely and by what it was read."""
    s, p, o = triple
    g.add((node, RDF.type, KG.Statement))
    g.add((node, RDF.subject, s))
    g.add((node, RDF.predicate, p))
    g.add((node, RDF.object, o))
    g.add((node, KG.sentence, text(ev.sentence)))
    g.add((node, KG.startOffset, Literal(ev.start)))
    g.add((node, KG.endOffset, Literal(ev.end)))
    g.add((node, KG.confidence, confidence_literal(ev.confidence)))
    g.add((node, KG.extractor, text(ev.extractor)))
    g.add((node, KG.modality, text(ev.modality)))
    g.add((node, PROV.wasDerivedFrom, article))


def add_events(ds: Dataset, articles: Sequence[ArticleSummary], entities: dict[str, ResolvedEntity],
               keys: Sequence[dict[int, str]]) -> None:
    """Each event's class and a readable label, once, in the default graph."""
    g = ds.default_graph
    seen: dict[str, tuple[str, list[str], str | None, Time | None]] = {}
    for art, per in zip(articles, keys):
        for ev in art.events:
            key = event_key(ev, per, art.id)
            if key in seen:
                continue
            people = [entities[per[p]].label for p in ev.participants]
            place = entities[per[ev.place]].label if ev.place is not None else None
            seen[key] = (ev.cls, people, place, ev.date)
    for key, (cls, people, place, when) in sorted(seen.items()):
        e = mint("event", key)
        g.add((e, RDF.type, KG[cls]))
        label = f"{cls}: {' and '.join(sorted(people))}"
        if place:
            label += f" in {place}"
        if when and when.precision == "day":
            label += f", {when.start.isoformat()}"
        g.add((e, RDFS.label, text(label)))


def union_graph(ds: Dataset) -> Graph:
    """All graphs of the dataset merged into one, as tools that know no named graphs see it."""
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def default_graph(articles: Sequence[ArticleSummary], entities: dict[str, ResolvedEntity],
                  keys: Sequence[dict[int, str]]) -> Dataset:
    """The default graph alone: every entity and event of the corpus."""
    ds = new_dataset()
    add_entities(ds, entities)
    add_events(ds, articles, entities, keys)
    return ds


def entity_graph(key: str, entity: ResolvedEntity) -> Dataset:
    """One entity's part of the default graph (its type, labels and links)."""
    ds = Dataset(default_union=False)
    add_entities(ds, {key: entity})
    return ds


def events_graph(articles: Sequence[ArticleSummary], entities: dict[str, ResolvedEntity],
                 keys: Sequence[dict[int, str]]) -> Dataset:
    """The events' part of the default graph."""
    ds = Dataset(default_union=False)
    add_events(ds, articles, entities, keys)
    return ds


def article_graph(ex: ArticleExtraction, keys: dict[int, str]) -> Dataset:
    """One article's named graph alone (no prefixes bound: it is written as N-Quads, which have none)."""
    ds = Dataset(default_union=False)
    add_article(ds, ex, keys)
    return ds


def build_dataset(
    extractions: list[ArticleExtraction], entities: dict[str, ResolvedEntity], keys: list[dict[int, str]]
) -> Dataset:
    """The whole corpus in one Dataset (builds write the same graphs one article at a time)."""
    ds = default_graph([summarize(ex) for ex in extractions], entities, keys)
    for ex, per in zip(extractions, keys):
        add_article(ds, ex, per)
    return ds

"""What the HTML explorer shows, read from any RDF graph: entities, facts, evidence, articles.

One pass over the triples builds an index by subject; nothing here knows spaCy or our build.
Our own graphs give the richest view (statements with sentences, offsets, confidence and
modality; articles; links), but any Turtle/TriG/N-Quads a user has renders: nodes are the
resources that are not records (statements, links), articles or vocabulary terms; edges are
the triples between two of them. Records of claims that were not asserted (forecasts,
denials) become edges marked ``asserted=False``, so the page can draw them apart.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, SDO, SH, SKOS

from kg.graph_files import Term, Triple
from kg.namespace import KG
from kg.network import local_name
from kg.resources import ontology_dir

RECORD_CLASSES = {KG.Statement, KG.Link, KG.Merge, RDF.Statement}
ARTICLE_CLASSES = {SDO.NewsArticle, SDO.Article, SDO.Report}
GROUP_CLASSES = {KG.Community}  # shown as a node's attribute, not as a node
VOCABULARY_CLASSES = {OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                      RDF.Property, OWL.Ontology, OWL.AllDisjointClasses, OWL.Restriction, SH.NodeShape,
                      SH.PropertyShape}
LABELS = (RDFS.label, SKOS.prefLabel, SDO.name, FOAF.name, DCTERMS.title)
ALIASES = (SKOS.altLabel, SDO.alternateName)
LINKS = (SKOS.exactMatch, OWL.sameAs, SKOS.closeMatch)
DATE_FROM = (KG.date, KG.dateFrom, SDO.startDate)
DATE_TO = (KG.date, KG.dateTo, SDO.endDate)
NOT_FACTS = {RDF.type, RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom, PROV.wasAttributedTo,
             SDO.mentions, SDO.publisher, SDO.author, RDFS.seeAlso, RDFS.isDefinedBy, KG.community}
HIDDEN_ATTRIBUTES = {*LABELS, *ALIASES, KG.mentionCount}
# Where the graph does not name its own sites, links say which dataset they point to.
SITES = (("wikidata.org/", "Wikidata"), ("geonames.org/", "GeoNames"), ("dbpedia.org/", "DBpedia"))


@dataclass
class Evidence:
    sentence: str
    article: int | None  # index into ExplorerData.articles
    confidence: str = ""
    modality: str = ""
    date: str = ""
    start: int | None = None
    end: int | None = None
    speaker: str = ""


@dataclass
class ArticleInfo:
    iri: str
    headline: str
    date: str = ""
    url: str = ""  # http(s) only
    mentions: list[str] = field(default_factory=list)


@dataclass
class LinkInfo:
    iri: str
    site: str
    confidence: str = ""
    href: str = ""  # the iri when it is a web address the page may link to, else ""


@dataclass
class MergeInfo:
    """One way a node's names came to it across articles (a kg:Merge)."""

    form: str
    rule: str
    confidence: str
    articles: list[int]  # indices into the page's articles
    evidence: str = ""


@dataclass
class NodeInfo:
    iri: str
    label: str
    cls: str  # the most specific class's local name, used for colour and shape
    classes: list[str]  # labels of all classes
    aliases: list[str] = field(default_factory=list)
    mentions: int | None = None  # kg:mentionCount, when the graph says
    links: list[LinkInfo] = field(default_factory=list)
    attributes: list[tuple[str, str]] = field(default_factory=list)
    articles: list[int] = field(default_factory=list)
    dates: tuple[str, str] | None = None
    evidence: list[Evidence] = field(default_factory=list)  # of the node itself (an event's type)
    degree: int = 0
    merges: list[MergeInfo] = field(default_factory=list)  # how its names were joined across articles
    community: str = ""  # the label of its kg:community (from kg build --analytics), if any


@dataclass
class EdgeInfo:
    source: str
    target: str
    prop: str
    asserted: bool = True
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class ExplorerData:
    nodes: list[NodeInfo]  # most connected first: the page shows a prefix when the graph is big
    edges: list[EdgeInfo]
    articles: list[ArticleInfo]
    properties: dict[str, str]  # IRI → label
    class_labels: dict[str, str]  # local name → label


def humanize(term: str) -> str:
    """A label for a term nobody labelled: its local name, camelCase split ("metWith" → "met with")."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local_name(term)).replace("_", " ")
    return words[:1] + words[1:].lower() if words[:1].isupper() else words.lower()


def site_of(iri: str) -> str:
    return next((name for needle, name in SITES if needle in iri), "")


def is_web_url(value: str) -> bool:
    """Only http(s) addresses become clickable; javascript:, data: and the rest stay text."""
    return re.match(r"https?://[^\s\"'<>\\]+$", value, flags=re.IGNORECASE) is not None


@dataclass
class Vocabulary:
    """Labels and superclasses of terms, by IRI: from our ontology, and from the graph itself."""

    labels: dict[str, str] = field(default_factory=dict)
    superclasses: dict[str, set[str]] = field(default_factory=dict)  # class → its proper ancestors

    @classmethod
    def from_triples(cls, triples: Iterable[Triple]) -> "Vocabulary":
        vocab = cls()
        parents: dict[str, set[str]] = defaultdict(set)
        for s, p, o in triples:
            if p == RDFS.label and isinstance(o, Literal) and (o.language or "en") == "en":
                vocab.labels[str(s)] = str(o)
            elif p == RDFS.subClassOf and isinstance(o, URIRef):
                parents[str(s)].add(str(o))
        for c in parents:
            seen: set[str] = set()
            todo = list(parents[c])
            while todo:
                sup = todo.pop()
                if sup not in seen:
                    seen.add(sup)
                    todo.extend(parents.get(sup, ()))
            vocab.superclasses[c] = seen
        return vocab

    @classmethod
    def load(cls) -> "Vocabulary":
        """Our ontology's labels and class tree (ontology/kg.ttl)."""
        return cls.from_triples(Graph().parse(ontology_dir() / "kg.ttl", format="turtle"))

    def most_specific(self, classes: list[str]) -> str:
        """The class no other class of the node is a subclass of (Country over Place)."""
        for c in classes:
            if not any(c in self.superclasses.get(d, ()) for d in classes if d != c):
                return c
        return classes[0] if classes else ""


PO = dict[Term, list[Term]]  # a subject's objects by predicate
_EMPTY: PO = {}
# Bound once: DefinedNamespace attribute access is slow in a loop over every record.
_SUBJECT, _PREDICATE, _OBJECT, _TYPE = RDF.subject, RDF.predicate, RDF.object, RDF.type
_CONFIDENCE, _SENTENCE, _MODALITY, _DATE = KG.confidence, KG.sentence, KG.modality, KG.date
_DATE_FROM_ONLY, _DATE_TO_ONLY = (KG.dateFrom,), (KG.dateTo,)
_START, _END, _MENTION_COUNT = KG.startOffset, KG.endOffset, KG.mentionCount
_SENTENCE_PROPS = (_SENTENCE, RDFS.comment)
_HEADLINES = (SDO.headline, SDO.name, DCTERMS.title, SDO.identifier)
_PUBLISHED = (SDO.datePublished, DCTERMS.date)


def explorer_data(triples: Iterable[Triple], vocabulary: Vocabulary | None = None) -> ExplorerData:
    """The explorer's model of a graph. ``vocabulary`` labels terms the graph itself leaves unlabelled."""
    by_subject: dict[Term, PO] = defaultdict(dict)
    types: dict[Term, list[Term]] = defaultdict(list)
    for s, p, o in triples:
        if p == _TYPE:
            types[s].append(o)
        else:
            by_subject[s].setdefault(p, []).append(o)
    records = {s for s, ts in types.items() if RECORD_CLASSES.intersection(ts)}
    articles_set = {s for s, ts in types.items() if ARTICLE_CLASSES.intersection(ts)}
    vocab_terms = {s for s, ts in types.items() if VOCABULARY_CLASSES.intersection(ts)}
    groups = {s for s, ts in types.items() if GROUP_CLASSES.intersection(ts)}
    excluded = records | articles_set | vocab_terms | groups

    vocab = vocabulary or Vocabulary()
    own = Vocabulary.from_triples((s, p, o) for s in vocab_terms for p, objs in by_subject.get(s, _EMPTY).items()
                                  for o in objs)
    labels = {**vocab.labels, **own.labels}  # a graph that carries its ontology labels its own terms
    tree = Vocabulary(labels, {**vocab.superclasses, **own.superclasses})

    def label_of(term: Term) -> str:
        return labels.get(str(term)) or humanize(str(term))

    articles = sorted(articles_set, key=str)
    article_index = {a: i for i, a in enumerate(articles)}
    article_rows = []
    for a in articles:
        po = by_subject.get(a, _EMPTY)
        article_rows.append(ArticleInfo(
            iri=str(a),
            headline=_first_literal(po, _HEADLINES) or local_name(str(a)),
            date=_first_literal(po, _PUBLISHED),
            url=next((str(o) for o in po.get(SDO.url, ()) if is_web_url(str(o))), ""),
            mentions=sorted({str(o) for o in po.get(SDO.mentions, ()) if o not in excluded}),
        ))

    # Facts between two resources, and nodes: every resource that is not excluded.
    nodes: set[Term] = set()
    edges: dict[tuple[Term, Term, Term], EdgeInfo] = {}
    links: dict[Term, dict[str, LinkInfo]] = defaultdict(dict)
    for s in set(by_subject) | set(types):
        if s in excluded or isinstance(s, Literal):
            continue
        nodes.add(s)
        for p, objs in by_subject.get(s, _EMPTY).items():
            if p in NOT_FACTS:
                continue
            for o in objs:
                if isinstance(o, Literal) or o in excluded:
                    continue
                if p in LINKS:
                    links[s][str(o)] = LinkInfo(str(o), site_of(str(o)), href=str(o) if is_web_url(str(o)) else "")
                    continue
                nodes.add(o)
                edges[(s, p, o)] = EdgeInfo(str(s), str(o), str(p))

    # Evidence: each record says which triple it is about.
    node_evidence: dict[Term, list[Evidence]] = defaultdict(list)
    for r in sorted(records, key=str):
        po = by_subject.get(r, _EMPTY)
        s, p, o = _first(po, _SUBJECT), _first(po, _PREDICATE), _first(po, _OBJECT)
        if s is None or p is None or o is None:
            continue
        confidence = _first_literal(po, (_CONFIDENCE,))
        if p in LINKS:
            if s in links and str(o) in links[s]:
                links[s][str(o)].confidence = confidence
            continue
        speaker = _first(po, PROV.wasAttributedTo)
        ev = Evidence(
            sentence=_first_literal(po, _SENTENCE_PROPS),
            article=article_index.get(_first(po, PROV.wasDerivedFrom)),
            confidence=confidence,
            modality=_first_literal(po, (_MODALITY,)),
            date=_first_literal(po, (_DATE,)) or _range(po),
            start=_int(_first(po, _START)),
            end=_int(_first(po, _END)),
            speaker=_label(by_subject.get(speaker, _EMPTY)) if speaker is not None else "",
        )
        if p == _TYPE:
            if s in nodes:
                node_evidence[s].append(ev)
            continue
        if s not in nodes or isinstance(o, Literal) or o in excluded:
            continue
        nodes.add(o)
        edge = edges.get((s, p, o))
        if edge is None:  # a claim kept as evidence but not asserted as a fact
            edge = edges[(s, p, o)] = EdgeInfo(str(s), str(o), str(p), asserted=False)
        edge.evidence.append(ev)

    merges: dict[Term, list[MergeInfo]] = defaultdict(list)
    for s in sorted(by_subject, key=str):
        for m in by_subject[s].get(KG.merge, ()):
            po = by_subject.get(m, _EMPTY)
            merges[s].append(MergeInfo(
                form=_first_literal(po, (KG.surfaceForm,)), rule=_first_literal(po, (KG.rule,)),
                confidence=_first_literal(po, (_CONFIDENCE,)), evidence=_first_literal(po, (KG.evidence,)),
                articles=sorted(article_index[a] for a in po.get(KG.inArticle, ()) if a in article_index),
            ))

    concerns: dict[str, set[int]] = defaultdict(set)  # node → the articles that mention it or state its facts
    for i, art in enumerate(article_rows):
        for m in art.mentions:
            concerns[m].add(i)
    for n, evs in node_evidence.items():
        concerns[str(n)].update(ev.article for ev in evs if ev.article is not None)
    degree: Counter[str] = Counter()
    for e in edges.values():
        degree[e.source] += 1
        degree[e.target] += 1
        for ev in e.evidence:
            if ev.article is not None:
                concerns[e.source].add(ev.article)
                concerns[e.target].add(ev.article)

    class_labels: dict[str, str] = {}
    node_rows = []
    for n in nodes:
        po = by_subject.get(n, _EMPTY)
        cls_terms = sorted(str(t) for t in types.get(n, ()) if isinstance(t, URIRef))
        cls = tree.most_specific(cls_terms)
        for c in cls_terms:
            class_labels.setdefault(local_name(c), label_of(URIRef(c)))
        mention_count = _int(_first(po, _MENTION_COUNT))
        iri = str(n)
        community = min((_label(by_subject.get(c, _EMPTY)) or local_name(str(c))
                         for c in po.get(KG.community, ()) if c in groups), default="")
        node_rows.append(NodeInfo(
            iri=iri,
            label=_label(po) or local_name(iri),
            cls=local_name(cls) if cls else "",
            classes=[label_of(URIRef(c)) for c in cls_terms],
            aliases=sorted({str(o) for p in ALIASES for o in po.get(p, ()) if isinstance(o, Literal)}),
            mentions=mention_count,
            links=sorted(links.get(n, {}).values(), key=lambda x: x.iri),
            attributes=sorted({(label_of(p), str(o)) for p, objs in po.items() if p not in HIDDEN_ATTRIBUTES
                               for o in objs if isinstance(o, Literal)}
                              | ({(label_of(KG.community), community)} if community else set())),
            articles=sorted(concerns.get(iri, ())),
            dates=_dates(po),
            evidence=sorted(node_evidence.get(n, []), key=_evidence_order),
            degree=degree[iri],
            merges=sorted(merges.get(n, []), key=lambda m: (m.confidence, m.rule, m.form)),
            community=community,
        ))
    node_rows.sort(key=lambda x: (-x.degree, -(x.mentions or 0), x.label.casefold(), x.iri))
    edge_rows = sorted(edges.values(), key=lambda e: (e.source, e.prop, e.target))
    for e in edge_rows:
        e.evidence.sort(key=_evidence_order)
    properties = {p: label_of(URIRef(p)) for p in sorted({e.prop for e in edge_rows})}
    return ExplorerData(node_rows, edge_rows, article_rows, properties, dict(sorted(class_labels.items())))


def _first(po: PO, prop: Term) -> Term | None:
    values = po.get(prop)
    return values[0] if values else None


def _first_literal(po: PO, props: tuple[Term, ...]) -> str:
    """The first of ``props`` present (in that order of preference); English or untagged wins a tie."""
    for prop in props:
        values = sorted(((o.language or "") not in ("", "en"), str(o)) for o in po.get(prop, ())
                        if isinstance(o, Literal))
        if values:
            return values[0][1]
    return ""


def _label(po: PO) -> str:
    return _first_literal(po, LABELS)


def _int(term: Term | None) -> int | None:
    try:
        return int(str(term)) if term is not None else None
    except ValueError:
        return None


def _range(po: PO) -> str:
    start, end = _first_literal(po, _DATE_FROM_ONLY), _first_literal(po, _DATE_TO_ONLY)
    return f"{start}/{end}" if start and end else start or end


def _dates(po: PO) -> tuple[str, str] | None:
    """The span of an event's dates as ISO strings (year, year-month or day precision)."""
    starts = [str(o) for p in DATE_FROM for o in po.get(p, ()) if isinstance(o, Literal)]
    ends = [str(o) for p in DATE_TO for o in po.get(p, ()) if isinstance(o, Literal)]
    if not starts and not ends:
        return None
    return (min(starts or ends), max(ends or starts))


def _evidence_order(ev: Evidence) -> tuple:
    return (ev.article if ev.article is not None else -1, ev.start or 0, ev.sentence)

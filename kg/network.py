"""The corpus as a network: the nodes, asserted facts and mentions of a built graph, read from quads.

Analytics, ``kg path`` and the graph-tool exports all read the graph this way, from any
N-Quads of our builds (a file, or the store), so none of them needs the build's own objects.
A node is a resource typed with a class that is not a record (statements, links, merges),
an article or a community: entities and events. A fact is a triple between two nodes in an
article's named graph: only asserted triples stand there, so forecasts and denials (kept as
records only) are never edges. An article's ``schema:mentions`` are its co-mentions.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespace import KG
from kg.rdf import mint

# The graph kg.analytics derives from the rest: never read as input, so measures do not feed themselves.
ANALYTICS_GRAPH = mint("graph", "analytics")

_NS = str(KG._NS)
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_ALIAS = "http://www.w3.org/2004/02/skos/core#altLabel"
_MENTIONS = "https://schema.org/mentions"
_PUBLISHED = "https://schema.org/datePublished"
_HEADLINE = "https://schema.org/headline"
_IDENTIFIER = "https://schema.org/identifier"
_ARTICLE = "https://schema.org/NewsArticle"
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
NOT_NODES = {str(c) for c in (KG.Statement, KG.Link, KG.Merge, KG.Community)} | {
    _ARTICLE, "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement"}


@dataclass(frozen=True, order=True)
class Fact:
    subject: str
    predicate: str
    object: str
    article: str


@dataclass
class CorpusNetwork:
    """IRIs as plain strings, every collection sorted: the same graph gives the same network."""

    labels: dict[str, str]  # node → its rdfs:label (its IRI when it has none)
    classes: dict[str, list[str]]  # node → its class IRIs
    facts: list[Fact]
    mentions: dict[str, list[str]]  # article → the nodes it mentions
    articles: dict[str, "ArticleRow"] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)  # node → its skos:altLabel values

    def nodes(self) -> list[str]:
        return sorted(self.labels)


@dataclass(frozen=True)
class ArticleRow:
    headline: str = ""
    date: str = ""  # ISO date as the graph gives it, or ""
    identifier: str = ""  # schema:identifier, the article id of our builds


def read_network(quads: Iterable[ox.Quad], *, skip_graphs: Iterable[str] = ()) -> CorpusNetwork:
    """The network of ``quads``; graphs named in ``skip_graphs`` (our own analytics) are ignored."""
    skip = set(skip_graphs)
    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    candidates: list[tuple[str, str, str, str]] = []
    mentions: dict[str, set[str]] = defaultdict(set)
    headlines: dict[str, str] = {}
    dates: dict[str, str] = {}
    ids: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    for q in quads:
        g = q.graph_name
        graph = g.value if isinstance(g, ox.NamedNode) else ""
        if graph in skip:
            continue
        s, p, o = q.subject, q.predicate.value, q.object
        if not isinstance(s, ox.NamedNode):
            continue
        if isinstance(o, ox.NamedNode):
            if p == _TYPE:
                types[s.value].add(o.value)
            elif p == _MENTIONS:
                mentions[s.value].add(o.value)
            elif graph:
                candidates.append((s.value, p, o.value, graph))
        elif isinstance(o, ox.Literal):
            if p == _LABEL and (o.language or "en") == "en":
                labels.setdefault(s.value, o.value)
            elif p == _ALIAS:
                aliases[s.value].add(o.value)
            elif p == _HEADLINE:
                headlines.setdefault(s.value, o.value)
            elif p == _IDENTIFIER:
                ids.setdefault(s.value, o.value)
            elif p == _PUBLISHED and _DATE.match(o.value):
                dates.setdefault(s.value, o.value[:10])
    nodes = {s for s, ts in types.items() if not ts & NOT_NODES}
    articles = {s for s, ts in types.items() if _ARTICLE in ts}
    facts = sorted({Fact(s, p, o, g) for s, p, o, g in candidates if s in nodes and o in nodes and g in articles})
    return CorpusNetwork(
        labels={n: labels.get(n, n) for n in sorted(nodes)},
        classes={n: sorted(types[n]) for n in sorted(nodes)},
        facts=facts,
        mentions={a: sorted(mentions[a] & nodes) for a in sorted(articles)},
        articles={a: ArticleRow(headlines.get(a, ""), dates.get(a, ""), ids.get(a, "")) for a in sorted(articles)},
        aliases={n: sorted(aliases[n]) for n in sorted(nodes) if aliases.get(n)},
    )


def store_network(store: ox.Store) -> CorpusNetwork:
    """The network of a build's store, its analytics graph left out."""
    return read_network(store.quads_for_pattern(None, None, None, None), skip_graphs=[str(ANALYTICS_GRAPH)])


def local_name(iri: str) -> str:
    """The last segment of an IRI, after its last ``#`` or ``/`` (the IRI itself if that is empty)."""
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri

"""`kg stats`: what a build holds, counted with SPARQL over its store."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.store import run_query

_CLASSES = """
SELECT ?class (COUNT(DISTINCT ?e) AS ?n) WHERE {
  GRAPH ?g { ?a schema:mentions|schema:author|schema:publisher ?e } ?e a ?c .
  BIND(STRAFTER(STR(?c), "#") AS ?class)
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""
_FACTS = """
SELECT ?property (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?s ?p ?o . FILTER(STRSTARTS(STR(?p), STR(kg:)) && isIRI(?o) && ?p NOT IN (kg:participant, kg:place, kg:community)) }
  BIND(STRAFTER(STR(?p), "#") AS ?property)
} GROUP BY ?property ORDER BY DESC(?n) ?property
"""
_ARTICLES = """
SELECT ?id ?headline
       (COUNT(DISTINCT ?e) AS ?entities) (COUNT(DISTINCT ?st) AS ?statements) WHERE {
  GRAPH ?g {
    ?a a schema:NewsArticle ; schema:identifier ?id .
    OPTIONAL { ?a schema:headline ?headline }
    OPTIONAL { ?a schema:mentions ?e }
    OPTIONAL { ?st a kg:Statement }
  }
} GROUP BY ?id ?headline ORDER BY ?id
"""
_EVENTS = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e kg:participant ?p }"
_COMMUNITIES = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { GRAPH ?g { ?c a kg:Community } }"
_IMPORTANT = """
SELECT ?label ?rank ?community WHERE {
  GRAPH ?g { ?e kg:rank ?rank . OPTIONAL { ?e kg:community ?c . ?c rdfs:label ?community } }
  ?e rdfs:label ?label .
} ORDER BY DESC(?rank) STR(?e) LIMIT 10
"""
_LINKED = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e skos:exactMatch ?x ; kg:mentionCount ?c }"


@dataclass
class Stats:
    articles: int
    entities: int
    facts: int
    events: int
    linked: int
    by_class: list[tuple[str, int]]
    by_property: list[tuple[str, int]]
    per_article: list[dict[str, str | int]]
    communities: int = 0  # from the analytics graph (kg.analytics)
    important: list[tuple[str, str, str]] = field(default_factory=list)  # (label, rank, community), top 10


def compute_stats(store: ox.Store) -> Stats:
    by_class = [(r[0] or "", int(r[1] or 0)) for r in run_query(store, _CLASSES).rows]
    by_property = [(r[0] or "", int(r[1] or 0)) for r in run_query(store, _FACTS).rows]
    per_article = []
    for r in run_query(store, _ARTICLES).rows:
        per_article.append({"id": r[0] or "", "headline": r[1] or "", "entities": int(r[2] or 0),
                            "statements": int(r[3] or 0)})
    return Stats(
        articles=len(per_article),
        entities=_count(store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e kg:mentionCount ?c }"),
        facts=sum(n for _, n in by_property),
        events=_count(store, _EVENTS),
        linked=_count(store, _LINKED),
        by_class=by_class,
        by_property=by_property,
        per_article=per_article,
        communities=_count(store, _COMMUNITIES),
        important=[(r[0] or "", r[1] or "", r[2] or "") for r in run_query(store, _IMPORTANT).rows],
    )


def _count(store: ox.Store, query: str) -> int:
    rows = run_query(store, query).rows
    return int(rows[0][0] or 0) if rows else 0

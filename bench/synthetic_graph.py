"""A synthetic news graph shaped like a newskg build, for the HTML explorer benchmark.

Entities of our classes with labels, aliases and mention counts; facts between them with a
heavy-tailed degree (a few entities are in every story) that mostly stay within a community, as
stories cluster; one kg:Statement per fact in its article's named graph, with a sentence,
offsets, confidence and modality (one in twenty not asserted); dated events; the analytics graph
(rank, community). Quads are streamed as Oxigraph terms and written by Oxigraph: at 200,000
facts an rdflib Dataset takes minutes to build and sort. Deterministic for a given seed.

    python bench/synthetic_graph.py --nodes 50000 --edges 200000 -o big.nq
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD
from rdflib.namespace import PROV, SDO, SKOS

from kg.export.rdf_files import to_ox
from kg.namespace import KG
from kg.network import ANALYTICS_GRAPH
from kg.rdf import mint

CLASSES = ("Person", "Person", "Person", "Organization", "GovernmentOrganization", "Country", "City", "Region",
           "Facility", "Meeting")
PROPERTIES = ("metWith", "visited", "worksFor", "leaderOf", "memberOf", "locatedIn", "partOf", "claims",
              "spokeTo", "invited", "accompanied", "imposedSanctionsOn", "controls", "signed")
MODALITIES = ("expected", "denied", "planned")
SYLLABLES = ("an", "bel", "cor", "da", "el", "far", "gun", "ha", "is", "jo", "ka", "lin", "mar", "no", "or",
             "pet", "ra", "sun", "ta", "ul", "vi", "wen", "ya", "zo")
COMMUNITY_SIZE = 250
INSIDE = 0.85  # share of facts within their community


class Terms:
    """Oxigraph terms made once: the generator would otherwise convert the same IRI a million times."""

    def __init__(self) -> None:
        self.cache: dict[object, ox.NamedNode] = {}

    def __call__(self, term) -> ox.NamedNode:
        if term not in self.cache:
            self.cache[term] = to_ox(term)
        return self.cache[term]


def name(rng: random.Random) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
                    for _ in range(rng.randint(1, 3)))


def literal(value: object, datatype=None) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(str(datatype))) if datatype else ox.Literal(str(value))


def heavy_tailed(rng: random.Random, n: int) -> int:
    """An index in [0, n) where low indices are far more likely (the community's big names)."""
    return min(n - 1, int(n * rng.random() ** 3))


def synthetic_quads(nodes: int = 50_000, edges: int = 200_000, articles: int = 2000,
                    seed: int = 1) -> Iterator[ox.Quad]:
    rng = random.Random(seed)
    t = Terms()
    default = ox.DefaultGraph()
    analytics = ox.NamedNode(str(ANALYTICS_GRAPH))
    entities: list[ox.NamedNode] = []
    labels: list[str] = []
    communities = max(1, nodes // COMMUNITY_SIZE)
    for i in range(nodes):
        cls = CLASSES[rng.randrange(len(CLASSES))]
        labels.append(f"{name(rng)} {i}")
        e = ox.NamedNode(str(mint("entity", f"{cls}|{labels[i]}")))
        entities.append(e)
        yield ox.Quad(e, t(RDF.type), t(KG[cls]), default)
        yield ox.Quad(e, t(RDFS.label), literal(labels[i]), default)
        if rng.random() < 0.3:
            yield ox.Quad(e, t(SKOS.altLabel), literal(labels[i].split()[0]), default)
        yield ox.Quad(e, t(KG.mentionCount), literal(1 + int(rng.paretovariate(1.5)), XSD.integer), default)
        if cls == "Meeting":
            yield ox.Quad(e, t(KG.date), literal(f"2016-{1 + i % 12:02d}-{1 + i % 28:02d}", XSD.date), default)
        community = ox.NamedNode(str(mint("community", str(i % communities))))
        yield ox.Quad(e, t(KG.community), community, analytics)
        yield ox.Quad(e, t(KG.rank), literal(f"{1 / (1 + i // communities):.6f}", XSD.decimal), analytics)
    for c in range(communities):
        community = ox.NamedNode(str(mint("community", str(c))))
        yield ox.Quad(community, t(RDF.type), t(KG.Community), analytics)
        yield ox.Quad(community, t(RDFS.label), literal(f"{labels[c]} and others"), analytics)
    article_iris = [ox.NamedNode(str(mint("article", f"synthetic-{k:05d}"))) for k in range(articles)]
    for k, a in enumerate(article_iris):
        yield ox.Quad(a, t(RDF.type), t(SDO.NewsArticle), a)
        yield ox.Quad(a, t(SDO.identifier), literal(f"synthetic-{k:05d}"), a)
        yield ox.Quad(a, t(SDO.headline), literal(f"{name(rng)} and {name(rng)} in the news, part {k}"), a)
        yield ox.Quad(a, t(SDO.datePublished), literal(f"2016-{1 + k % 12:02d}-{1 + k % 28:02d}", XSD.date), a)
    per_community = nodes // communities
    for j in range(edges):
        c = rng.randrange(communities)
        a = c + communities * heavy_tailed(rng, per_community)
        b = (c + communities * heavy_tailed(rng, per_community) if rng.random() < INSIDE
             else rng.randrange(nodes))
        if a == b:
            b = (b + communities) % nodes
        yield from fact(rng, t, j, entities[a], labels[a], entities[b], labels[b], article_iris)


def fact(rng: random.Random, t: Terms, j: int, s: ox.NamedNode, s_label: str, o: ox.NamedNode, o_label: str,
         article_iris: list[ox.NamedNode]) -> Iterator[ox.Quad]:
    """One fact with its statement, in a random article's graph."""
    k = rng.randrange(len(article_iris))
    art = article_iris[k]
    prop = t(KG[PROPERTIES[j % len(PROPERTIES)]])
    modality = "asserted" if rng.random() >= 0.05 else MODALITIES[j % len(MODALITIES)]
    if modality == "asserted":
        yield ox.Quad(s, prop, o, art)
    yield ox.Quad(art, t(SDO.mentions), s, art)
    yield ox.Quad(art, t(SDO.mentions), o, art)
    sentence = f"{s_label} and {o_label} on Tuesday, officials told reporters in {name(rng)}."
    st = ox.NamedNode(str(mint("statement", f"synthetic-{k:05d}|{j}")))
    start = rng.randrange(0, 4000)
    for p, v in ((RDF.type, t(KG.Statement)), (RDF.subject, s), (RDF.predicate, prop), (RDF.object, o),
                 (KG.sentence, literal(sentence)), (KG.startOffset, literal(start, XSD.integer)),
                 (KG.endOffset, literal(start + len(sentence), XSD.integer)),
                 (KG.confidence, literal(f"{rng.uniform(0.5, 0.95):.2f}", XSD.decimal)),
                 (KG.extractor, literal("synthetic")), (KG.modality, literal(modality)),
                 (PROV.wasDerivedFrom, art)):
        yield ox.Quad(st, t(p), v, art)


def write_synthetic(path: Path, nodes: int, edges: int, articles: int = 2000) -> None:
    """N-Quads, streamed: Oxigraph serialises as the generator yields."""
    with path.open("wb") as f:
        ox.serialize(synthetic_quads(nodes, edges, articles), f, format=ox.RdfFormat.N_QUADS)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=50_000)
    ap.add_argument("--edges", type=int, default=200_000)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args()
    write_synthetic(args.out, args.nodes, args.edges, args.articles)


if __name__ == "__main__":
    main()

"""A synthetic news graph shaped like a newskg build, for the HTML explorer benchmark.

Entities of our classes with labels and mention counts; facts between them with a heavy-tailed
degree distribution (preferential attachment, as in news: a few entities are in every story);
one kg:Statement per fact with a sentence, offsets, confidence and modality (one in twenty
not asserted); articles that mention the entities. Deterministic for a given seed.

    python bench/synthetic_graph.py --nodes 5000 --edges 20000 -o big.trig
"""

from __future__ import annotations

import argparse
import random
from decimal import Decimal
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, XSD, Dataset, Literal
from rdflib.namespace import PROV, SDO, SKOS

from kg.export.rdf_files import Format, sorted_quads, write_rdf
from kg.namespace import KG
from kg.rdf import mint, new_dataset

CLASSES = ("Person", "Person", "Person", "Organization", "GovernmentOrganization", "Country", "City", "Region",
           "Event", "Facility")
PROPERTIES = ("metWith", "visited", "worksFor", "leaderOf", "memberOf", "locatedIn", "partOf", "claims",
              "spokeTo", "invited", "accompanied", "imposedSanctionsOn", "controls", "signed")
SYLLABLES = ("an", "bel", "cor", "da", "el", "far", "gun", "ha", "is", "jo", "ka", "lin", "mar", "no", "or",
             "pet", "ra", "sun", "ta", "ul", "vi", "wen", "ya", "zo")


def name(rng: random.Random) -> str:
    words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
             for _ in range(rng.randint(1, 3))]
    return " ".join(words)


def synthetic_graph(nodes: int = 5000, edges: int = 20000, articles: int = 500, seed: int = 1) -> Dataset:
    rng = random.Random(seed)
    m = max(1, round(edges / nodes))
    g = nx.barabasi_albert_graph(nodes, m, seed=seed)
    pairs = list(g.edges())
    while len(pairs) < edges:  # top up to the exact count between random nodes
        a, b = rng.randrange(nodes), rng.randrange(nodes)
        if a != b:
            pairs.append((a, b))
    pairs = pairs[:edges]
    ds = new_dataset()
    default = ds.default_graph
    iris, labels = [], []
    for i in range(nodes):
        cls = rng.choice(CLASSES)
        label = f"{name(rng)} {i}"
        iri = mint("entity", f"{cls}|{label.lower()}")
        iris.append(iri)
        labels.append(label)
        default.add((iri, RDF.type, KG[cls]))
        default.add((iri, RDFS.label, Literal(label)))
        if rng.random() < 0.3:
            default.add((iri, SKOS.altLabel, Literal(label.split()[0])))
        default.add((iri, KG.mentionCount, Literal(1 + int(rng.paretovariate(1.5)))))
    article_iris = [mint("article", f"synthetic-{k:05d}") for k in range(articles)]
    for k, a in enumerate(article_iris):
        ag = ds.graph(a)
        ag.add((a, RDF.type, SDO.NewsArticle))
        ag.add((a, SDO.identifier, Literal(f"synthetic-{k:05d}")))
        ag.add((a, SDO.headline, Literal(f"{name(rng)} and {name(rng)} in the news, part {k}")))
        ag.add((a, SDO.datePublished, Literal(f"2016-{1 + k % 12:02d}-{1 + k % 28:02d}", datatype=XSD.date)))
    for j, (a, b) in enumerate(pairs):
        k = rng.randrange(articles)
        art = article_iris[k]
        ag = ds.graph(art)
        prop = rng.choice(PROPERTIES)
        s, o = iris[a], iris[b]
        modality = "asserted" if rng.random() >= 0.05 else rng.choice(("expected", "denied", "planned"))
        if modality == "asserted":
            ag.add((s, KG[prop], o))
        ag.add((art, SDO.mentions, s))
        ag.add((art, SDO.mentions, o))
        sentence = f"{labels[a]} {prop} {labels[b]} on Tuesday, officials told reporters in {name(rng)}."
        st = mint("statement", f"synthetic-{k:05d}|{j}")
        start = rng.randrange(0, 4000)
        for p, v in ((RDF.type, KG.Statement), (RDF.subject, s), (RDF.predicate, KG[prop]), (RDF.object, o),
                     (KG.sentence, Literal(sentence)), (KG.startOffset, Literal(start)),
                     (KG.endOffset, Literal(start + len(sentence))),
                     (KG.confidence, Literal(Decimal(str(round(rng.uniform(0.5, 0.95), 2))))),
                     (KG.extractor, Literal("synthetic")), (KG.modality, Literal(modality)),
                     (PROV.wasDerivedFrom, art)):
            ag.add((st, p, v))
    return ds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=20000)
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("-o", "--out", type=Path, required=True)
    args = ap.parse_args()
    write_rdf(sorted_quads(synthetic_graph(args.nodes, args.edges, args.articles)), args.out, Format.trig)


if __name__ == "__main__":
    main()

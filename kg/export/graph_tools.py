"""Exports for graph tools: GraphML and GEXF (Gephi, Cytoscape, yEd) by networkx's writers, and
CSV node and edge files that Neo4j's ``neo4j-admin database import`` and Kuzu's ``COPY FROM``
both read.

Nodes are entities and events (kg.network), with label, classes, rank and community from the
analytics graph; edges are asserted facts, one per (subject, property, object), with the
highest confidence of their statements and the ids of the articles that state them. Lists
are ``;``-joined strings: GraphML and GEXF hold no lists, and ``;`` is Neo4j's array separator.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.export.atomic import write_bytes_atomic
from kg.network import ANALYTICS_GRAPH, CorpusNetwork, local_name, store_network
from kg.store import run_query

_CONFIDENCE = """
SELECT ?s ?p ?o (MAX(?c) AS ?confidence) WHERE {
  GRAPH ?g { { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } UNION { ?st rdf:reifies <<( ?s ?p ?o )>> }
             ?st a kg:Statement ; kg:confidence ?c ; kg:modality "asserted" }
} GROUP BY ?s ?p ?o
"""
_ANALYTICS = f"""
SELECT ?n ?rank ?community WHERE {{
  GRAPH <{ANALYTICS_GRAPH}> {{ ?n kg:rank ?rank OPTIONAL {{ ?n kg:community/rdfs:label ?community }} }}
}}
"""


_UNDATED = re.compile(rb'<meta lastmodifieddate="[^"]*"')


class GraphFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


@dataclass
class NodeRow:
    id: str
    label: str
    classes: str  # local names, ";"-joined
    rank: float | None
    community: str


@dataclass
class EdgeRow:
    source: str
    target: str
    type: str  # the property's local name
    property: str
    confidence: float | None
    articles: str  # article ids, ";"-joined


def rows_from_store(store: ox.Store) -> tuple[list[NodeRow], list[EdgeRow]]:
    net = store_network(store)
    confidence = {(r[0], r[1], r[2]): float(r[3]) for r in run_query(store, _CONFIDENCE).rows if r[3]}
    analytics = {r[0]: (float(r[1]) if r[1] else None, r[2] or "") for r in run_query(store, _ANALYTICS).rows}
    ids = {a: row.identifier or a for a, row in net.articles.items()}
    return node_rows(net, analytics), edge_rows(net, confidence, ids)


def node_rows(net: CorpusNetwork, analytics: dict[str, tuple[float | None, str]]) -> list[NodeRow]:
    return [NodeRow(n, net.labels[n], ";".join(local_name(c) for c in net.classes[n]),
                    *analytics.get(n, (None, ""))) for n in net.nodes()]


def edge_rows(net: CorpusNetwork, confidence: dict[tuple[str, str, str], float],
              article_ids: dict[str, str]) -> list[EdgeRow]:
    articles: dict[tuple[str, str, str], set[str]] = {}
    for f in net.facts:
        articles.setdefault((f.subject, f.predicate, f.object), set()).add(article_ids.get(f.article, f.article))
    return [EdgeRow(s, o, local_name(p), p, confidence.get((s, p, o)), ";".join(sorted(arts)))
            for (s, p, o), arts in sorted(articles.items())]


def to_networkx(nodes: list[NodeRow], edges: list[EdgeRow]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n in nodes:
        g.add_node(n.id, label=n.label, classes=n.classes, community=n.community,
                   **({"rank": n.rank} if n.rank is not None else {}))
    for e in edges:
        g.add_edge(e.source, e.target, key=e.type, label=e.type, property=e.property, articles=e.articles,
                   **({"confidence": e.confidence} if e.confidence is not None else {}))
    return g


def write_graph(nodes: list[NodeRow], edges: list[EdgeRow], fmt: GraphFormat, path: Path) -> list[Path]:
    """Write the export; for CSV ``path`` is a folder that gets nodes.csv and edges.csv."""
    if fmt is GraphFormat.csv:
        path.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path / "nodes.csv", _csv(["id:ID", "label", ":LABEL", "rank:float", "community"],
                                                    [[n.id, n.label, n.classes, _num(n.rank), n.community] for n in nodes]))
        write_bytes_atomic(path / "edges.csv", _csv([":START_ID", ":END_ID", ":TYPE", "property", "confidence:float",
                                                     "articles:string[]"],
                                                    [[e.source, e.target, e.type, e.property, _num(e.confidence),
                                                      e.articles] for e in edges]))
        return [path / "nodes.csv", path / "edges.csv"]
    buf = io.BytesIO()
    g = to_networkx(nodes, edges)
    if fmt is GraphFormat.graphml:
        nx.write_graphml(g, buf, encoding="utf-8")
        data = buf.getvalue()
    else:
        nx.write_gexf(g, buf, encoding="utf-8")
        data = _UNDATED.sub(b"<meta", buf.getvalue(), count=1)  # the same graph, the same bytes, any day
    write_bytes_atomic(path, data)
    return [path]


def _num(value: float | None) -> str:
    return "" if value is None else repr(value)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")

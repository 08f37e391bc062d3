"""The interactive HTML graph: pyvis for the network model, one self-contained file, no network.

pyvis's own template pulls vis-network and bootstrap from CDNs even with
``cdn_resources="in_line"``, so we render with our template and inline vis-network's JS and CSS
from the installed pyvis package. Text from articles reaches the page only as JSON data and
is put on screen with ``textContent``: never parsed as HTML.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pyvis.network import Network
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, SDO, SKOS

from kg.export.atomic import write_bytes_atomic
from kg.namespace import KG

_TEMPLATES = Path(__file__).parent / "templates"
_VIS = "lib/vis-9.1.2"
# Colour and shape by class: the legend shows the same table.
STYLE = {
    "Person": ("#e15759", "dot"),
    "Organization": ("#4e79a7", "square"),
    "GovernmentOrganization": ("#4e79a7", "square"),
    "NewsOrganization": ("#76b7b2", "square"),
    "Country": ("#59a14f", "triangle"),
    "City": ("#8cd17d", "diamond"),
    "Region": ("#b6992d", "diamond"),
    "Island": ("#499894", "diamond"),
    "Place": ("#86bc86", "diamond"),
    "Facility": ("#9d7660", "diamond"),
    "Event": ("#f28e2b", "star"),
    "Meeting": ("#f28e2b", "star"),
    "Visit": ("#ffbe7d", "star"),
    "Document": ("#b07aa1", "box"),
    "Treaty": ("#b07aa1", "box"),
}
_OTHER = ("#bab0ac", "dot")


def _local(term: URIRef) -> str:
    s = str(term)
    return s.rsplit("#", 1)[-1] if "#" in s else s.rstrip("/").rsplit("/", 1)[-1]


def _text(value: object) -> str:
    return str(value) if value is not None else ""


def explorer_data(graph: Graph) -> dict:
    """Nodes (entities), edges (facts) and the evidence of each edge, from any RDF graph."""
    statement_nodes = set(graph.subjects(RDF.type, KG.Statement)) | set(graph.subjects(RDF.type, KG.Link))
    articles = set(graph.subjects(RDF.type, SDO.NewsArticle))
    skip_predicates = {RDF.type, RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom, SDO.mentions,
                       SDO.publisher, SDO.author, SKOS.exactMatch}  # links to Wikidata/GeoNames are no facts to draw
    headlines = {a: _text(graph.value(a, SDO.headline) or graph.value(a, SDO.identifier) or a) for a in articles}
    evidence: dict[tuple, list[dict]] = defaultdict(list)
    for st in statement_nodes:
        s, p, o = graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object)
        article = graph.value(st, PROV.wasDerivedFrom)
        evidence[(s, p, o)].append({
            "sentence": _text(graph.value(st, KG.sentence)),
            "article": headlines.get(article, _text(article)),
            "confidence": _text(graph.value(st, KG.confidence)),
            "modality": _text(graph.value(st, KG.modality)),
            "date": _text(graph.value(st, KG.date)),
        })
    edges = []
    nodes: set[URIRef] = set()
    for s, p, o in graph:
        if p in skip_predicates or not isinstance(o, URIRef) or s in statement_nodes or s in articles:
            continue
        if o in articles or o in statement_nodes:
            continue
        edges.append((s, p, o))
        nodes.update((s, o))
    for s in graph.subjects(RDF.type, None):
        if s not in statement_nodes and s not in articles and isinstance(s, URIRef):
            nodes.add(s)
    node_rows = []
    for n in sorted(nodes):
        classes = sorted(_local(c) for c in graph.objects(n, RDF.type))
        cls = next((c for c in classes if c in STYLE), classes[0] if classes else "")
        label = graph.value(n, RDFS.label) or graph.value(n, SKOS.prefLabel) or graph.value(n, SDO.name)
        count = graph.value(n, KG.mentionCount)
        node_rows.append({
            "id": str(n),
            "label": _text(label) or _local(n),
            "cls": cls,
            "aliases": sorted(_text(a) for a in graph.objects(n, SKOS.altLabel)),
            "mentions": int(count.toPython()) if isinstance(count, Literal) else 1,
        })
    edge_rows = []
    for s, p, o in sorted(edges):
        label = graph.value(p, RDFS.label)
        edge_rows.append({
            "from": str(s), "to": str(o), "property": _local(p),
            "label": _text(label) or _local(p), "evidence": evidence.get((s, p, o), []),
        })
    return {"nodes": node_rows, "edges": edge_rows}


def layout(nodes: list[str], edges: list[tuple[str, str]], *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions computed once in Python, so the page is still at once (no physics in the browser).

    Entities in facts get a force-directed layout; entities without any fact (most of a news
    graph) sit on a sunflower spiral around them: O(n), deterministic, readable.
    """
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    linked = [n for n in nodes if g.degree(n) > 0]
    pos: dict[str, tuple[float, float]] = {}
    radius = 0.0
    if linked:
        sub = g.subgraph(linked)
        scale = max(90.0 * len(linked) ** 0.5, 200.0)
        raw = nx.spring_layout(sub, seed=seed, scale=scale, iterations=50, k=2.0 / len(linked) ** 0.5,
                               method="force" if len(linked) <= 1500 else "energy")
        pos = {n: (float(x), float(y)) for n, (x, y) in raw.items()}
        radius = scale * 1.15
    isolated = [n for n in nodes if n not in pos]
    golden = math.pi * (3 - math.sqrt(5))
    for i, n in enumerate(isolated):
        r = radius + 55.0 * math.sqrt(i + 1)
        pos[n] = (r * math.cos(i * golden), r * math.sin(i * golden))
    return pos


def _network(data: dict) -> Network:
    """The pyvis network with fixed positions (physics off: the page is still at once)."""
    pos = layout([n["id"] for n in data["nodes"]], [(e["from"], e["to"]) for e in data["edges"]])
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for n in data["nodes"]:
        color, shape = STYLE.get(n["cls"], _OTHER)
        x, y = pos.get(n["id"], (0.0, 0.0))
        net.add_node(n["id"], label=n["label"], color=color, shape=shape, title=f'{n["label"]} ({n["cls"]})',
                     size=10 + 4 * min(n["mentions"], 10) ** 0.5, x=round(float(x), 2), y=round(float(y), 2),
                     physics=False)
    for i, e in enumerate(data["edges"]):
        net.add_edge(e["from"], e["to"], label=e["label"], id=i, arrows="to", physics=False)
    net.toggle_physics(False)
    return net


def _safe_json(value: object) -> str:
    """JSON that cannot close a <script> element or open a comment."""
    return (json.dumps(value, ensure_ascii=False, sort_keys=True)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_html(graph: Graph, *, title: str = "newskg graph") -> str:
    data = explorer_data(graph)
    net = _network(data)
    nodes, edges, *_ = net.get_network_data()
    vis = resources.files("pyvis") / _VIS
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))
    legend = sorted({n["cls"] for n in data["nodes"]})
    return env.get_template("explorer.html").render(
        title=title,
        vis_js=(vis / "vis-network.min.js").read_text(encoding="utf-8").replace("</script", "<\\/script"),
        vis_css=(vis / "vis-network.css").read_text(encoding="utf-8"),
        payload=_safe_json({
            "nodes": nodes, "edges": edges, "info": data,
            "legend": [{"cls": c, "color": STYLE.get(c, _OTHER)[0]} for c in legend],
        }),
    )


def write_html(graph: Graph, path: Path, *, title: str = "newskg graph") -> None:
    write_bytes_atomic(path, render_html(graph, title=title).encode("utf-8"))

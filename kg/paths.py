"""`kg path`: how two entities are connected, as the shortest chains of asserted facts.

The search runs over the corpus network (kg.network): a fact is one hop either way round (its
direction is kept for printing), and two names an article mentions together are joined
through the article, two hops marked as a co-mention. A chain of facts is so always found
before one of co-mentions of the same length. Each fact hop carries its evidence (sentence,
article, offsets), read from the statement records of the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import islice

import networkx as nx
import pyoxigraph as ox

from kg.errors import UsageError
from kg.network import CorpusNetwork

_CO_MENTION = 2.0  # the weight of each of a co-mention's two hops; a fact weighs 1
_EVIDENCE = """
SELECT ?sentence ?article ?start ?end WHERE {{
  GRAPH ?g {{
    {{ ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> {s} ;
          <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> {p} ;
          <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> {o} }}
    UNION {{ ?st <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> <<( {s} {p} {o} )>> }}  # --provenance rdf-star
    ?st <https://w3id.org/newskg/ontology#modality> "asserted" ;
        <https://w3id.org/newskg/ontology#sentence> ?sentence ;
        <http://www.w3.org/ns/prov#wasDerivedFrom> ?a .
    OPTIONAL {{ ?st <https://w3id.org/newskg/ontology#startOffset> ?start ;
                    <https://w3id.org/newskg/ontology#endOffset> ?end }}
    OPTIONAL {{ ?a <https://schema.org/identifier> ?id }}
  }}
  BIND(COALESCE(?id, STR(?a)) AS ?article)
}} ORDER BY ?article ?start
"""


@dataclass
class Evidence:
    sentence: str
    article: str
    start: int | None = None
    end: int | None = None


@dataclass
class Hop:
    """One step of a chain: ``source`` to ``target``, by a fact (``prop`` read forward when
    ``forward``) or by being mentioned in ``article`` together (``kind`` "co-mention")."""

    source: str
    target: str
    kind: str  # "fact" or "co-mention"
    prop: str = ""
    forward: bool = True
    article: str = ""
    evidence: list[Evidence] = field(default_factory=list)


def find_nodes(net: CorpusNetwork, name: str) -> list[str]:
    """The nodes a name means: an IRI, or every node with that label or alias (case aside)."""
    if name in net.labels:
        return [name]
    key = name.casefold().strip()
    return sorted(n for n, label in net.labels.items()
                  if label.casefold() == key or any(a.casefold() == key for a in net.aliases.get(n, ())))


def search_graph(net: CorpusNetwork, *, co_mentions: bool = True) -> nx.Graph:
    g = nx.Graph()
    g.add_nodes_from(net.nodes())
    for f in net.facts:
        if f.subject != f.object and not g.has_edge(f.subject, f.object):
            g.add_edge(f.subject, f.object, weight=1.0)
    if co_mentions:
        for article, nodes in net.mentions.items():
            for n in nodes:
                g.add_edge(article, n, weight=_CO_MENTION)
    return g


def shortest_chains(net: CorpusNetwork, a: str, b: str, *, limit: int = 3,
                    co_mentions: bool = True) -> list[list[Hop]]:
    """Up to ``limit`` shortest chains from a node named ``a`` to one named ``b``, shortest first."""
    sources, targets = find_nodes(net, a), find_nodes(net, b)
    for name, found in ((a, sources), (b, targets)):
        if not found:
            raise UsageError(f"no entity is named {name!r} in this build",
                             hint="give a label, an alias or an IRI as `kg entities` lists them")
    g = search_graph(net, co_mentions=co_mentions)
    facts = _facts_by_pair(net)
    chains: list[tuple[float, list[str]]] = []
    for s in sources:
        for t in targets:
            if s == t or not nx.has_path(g, s, t):
                continue
            for path in islice(nx.all_shortest_paths(g, s, t, weight="weight"), limit):
                chains.append((nx.path_weight(g, path, "weight"), path))
    chains.sort(key=lambda c: (c[0], c[1]))
    return [_hops(path, net, facts) for _, path in chains[:limit]]


def _facts_by_pair(net: CorpusNetwork) -> dict[frozenset[str], list[tuple[str, str, str]]]:
    out: dict[frozenset[str], list[tuple[str, str, str]]] = {}
    for f in net.facts:
        triple = (f.subject, f.predicate, f.object)
        row = out.setdefault(frozenset((f.subject, f.object)), [])
        if triple not in row:
            row.append(triple)
    return out


def _hops(path: list[str], net: CorpusNetwork, facts: dict[frozenset[str], list[tuple[str, str, str]]]) -> list[Hop]:
    hops: list[Hop] = []
    i = 0
    while i < len(path) - 1:
        if path[i + 1] in net.mentions:  # node, article, node: a co-mention
            hops.append(Hop(path[i], path[i + 2], "co-mention", article=path[i + 1]))
            i += 2
            continue
        s, p, o = facts[frozenset((path[i], path[i + 1]))][0]
        hops.append(Hop(path[i], path[i + 1], "fact", prop=p, forward=s == path[i]))
        i += 1
    return hops


def add_evidence(chains: list[list[Hop]], store: ox.Store) -> None:
    """Each fact hop's sentences, from the statement records of the store."""
    for chain in chains:
        for hop in chain:
            if hop.kind != "fact":
                continue
            s, o = (hop.source, hop.target) if hop.forward else (hop.target, hop.source)
            query = _EVIDENCE.format(s=ox.NamedNode(s), p=ox.NamedNode(hop.prop), o=ox.NamedNode(o))
            for row in store.query(query):
                hop.evidence.append(Evidence(
                    row["sentence"].value, row["article"].value,
                    int(row["start"].value) if row["start"] is not None else None,
                    int(row["end"].value) if row["end"] is not None else None))


def chains_data(chains: list[list[Hop]], net: CorpusNetwork, prop_labels: dict[str, str]) -> list[dict]:
    """The chains as plain data (``kg path --format json``), labels beside every IRI."""
    def hop(h: Hop) -> dict:
        row = {"from": h.source, "from_label": net.labels.get(h.source, h.source), "to": h.target,
               "to_label": net.labels.get(h.target, h.target), "kind": h.kind}
        if h.kind == "fact":
            row.update(property=h.prop, property_label=prop_labels.get(h.prop, h.prop.rsplit("#", 1)[-1]),
                       forward=h.forward, evidence=[vars(e) for e in h.evidence])
        else:
            info = net.articles.get(h.article)
            row.update(article=h.article, headline=info.headline if info else "")
        return row

    return [{"length": len(c), "hops": [hop(h) for h in c]} for c in chains]


def chain_lines(chain: dict) -> list[str]:
    """One chain of ``chains_data`` as text: each hop, then its sentences indented."""
    lines = []
    for h in chain["hops"]:
        if h["kind"] == "fact":
            arrow = f"--{h['property_label']}-->" if h["forward"] else f"<--{h['property_label']}--"
            lines.append(f"{h['from_label']} {arrow} {h['to_label']}")
            for ev in h["evidence"][:2]:
                where = f"{ev['article']}" + (f" [{ev['start']}:{ev['end']}]" if ev["start"] is not None else "")
                lines.append(f"    \"{ev['sentence']}\" ({where})")
        else:
            lines.append(f"{h['from_label']} ~~mentioned with~~ {h['to_label']}   (co-mention)")
            lines.append(f"    in {h['headline'] or h['article']}")
    return lines

"""Resolution to review: pairs of nodes that may be one entity, and joins that may be wrong.

Read from a built store; each suspect carries the line of a resolution file (`kg build
--resolve`) that would settle it, so a reviewer copies the lines they agree with.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from kg.normalize import norm

KGNS = "https://w3id.org/newskg/ontology#"
# A join below this confidence is worth a look; so is one by a rule that weighs evidence.
REVIEW_BELOW = 0.8
_SPELLING_MIN = 6  # names at least this long that differ by one letter may be one ("Zelensky", "Zelenskyy")


@dataclass(frozen=True)
class Node:
    iri: str
    label: str
    top: str  # Person | Organization | Place | Event | Document
    mentions: int


@dataclass(frozen=True)
class Suspect:
    kind: str  # "duplicate" | "merge"
    weight: float  # how much it matters: the mentions it would move
    a: str
    b: str
    reason: str
    decision: str  # the resolution-file line that would settle it

    def row(self) -> tuple[str, str, str, str, str]:
        return self.kind, f"{self.weight:g}", self.a, self.b, self.reason


_NODES = f"""
SELECT ?e ?l ?c ?n WHERE {{
  ?e <{KGNS}mentionCount> ?n ; <http://www.w3.org/2000/01/rdf-schema#label> ?l ; a ?c .
  FILTER(?c IN (<{KGNS}Person>, <{KGNS}Organization>, <{KGNS}GovernmentOrganization>, <{KGNS}NewsOrganization>,
                <{KGNS}Place>, <{KGNS}Country>, <{KGNS}City>, <{KGNS}Region>, <{KGNS}Island>, <{KGNS}Facility>))
}}"""
_MERGES = f"""
SELECT ?e ?l ?f ?r ?conf (COUNT(?a) AS ?k) WHERE {{
  ?e <{KGNS}merge> ?m ; <http://www.w3.org/2000/01/rdf-schema#label> ?l ; <{KGNS}mentionCount> ?n .
  ?m <{KGNS}surfaceForm> ?f ; <{KGNS}rule> ?r ; <{KGNS}confidence> ?conf ; <{KGNS}inArticle> ?a .
}} GROUP BY ?e ?l ?f ?r ?conf"""
_TOPS = {"Person": "Person", "Organization": "Organization", "GovernmentOrganization": "Organization",
         "NewsOrganization": "Organization", "Place": "Place", "Country": "Place", "City": "Place", "Region": "Place",
         "Island": "Place", "Facility": "Place"}


def suspects(store: ox.Store, limit: int | None = None) -> list[Suspect]:
    """Likely duplicates and likely wrong merges, the ones that matter most first."""
    nodes: dict[str, Node] = {}
    for r in store.query(_NODES):
        iri = r["e"].value
        nodes.setdefault(iri, Node(iri, r["l"].value, _TOPS[r["c"].value.rsplit("#", 1)[1]], int(r["n"].value)))
    found = duplicates(list(nodes.values())) + wrong_merges(store)
    found.sort(key=lambda s: (-s.weight, s.kind, s.a, s.b))
    return found[:limit] if limit else found


def duplicates(nodes: list[Node]) -> list[Suspect]:
    """Two nodes of one kind whose names say they may be one: a surname left beside the full names
    that end with it, an acronym beside the one name it spells, or one letter apart."""
    out: list[Suspect] = []
    by_top: dict[str, list[Node]] = defaultdict(list)
    for n in nodes:
        by_top[n.top].append(n)
    for top, group in sorted(by_top.items()):
        keys = {n.iri: norm(n.label) for n in group}
        ends: dict[str, list[Node]] = defaultdict(list)
        initials: dict[str, list[Node]] = defaultdict(list)
        for n in group:
            words = keys[n.iri].split()
            if len(words) > 1:
                ends[words[-1]].append(n)
                initials["".join(w[0] for w in words if w not in ("of", "the", "and", "for"))].append(n)
        for n in group:
            key = keys[n.iri]
            if " " in key:
                continue
            if top == "Person":
                for full in ends.get(key, ()):
                    out.append(_pair(n, full, "a surname left apart from a full name that ends with it"))
            elif len(initials.get(key.replace(".", ""), ())) == 1:
                out.append(_pair(n, initials[key.replace(".", "")][0], "an acronym of the one name it spells"))
        out += _spellings(group, keys)
    return out


def _spellings(group: list[Node], keys: dict[str, str]) -> list[Suspect]:
    """Names one letter apart, compared within blocks of names that share their first three letters."""
    out = []
    blocks: dict[str, list[Node]] = defaultdict(list)
    for n in group:
        if len(keys[n.iri]) >= _SPELLING_MIN:
            blocks[keys[n.iri][:3]].append(n)
    for block in blocks.values():
        block.sort(key=lambda n: n.iri)
        for i, a in enumerate(block):
            for b in block[i + 1:]:
                if keys[a.iri] != keys[b.iri] and _one_edit(keys[a.iri], keys[b.iri]):
                    out.append(_pair(a, b, "names one letter apart"))
    return out


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]


def _pair(a: Node, b: Node, reason: str) -> Suspect:
    return Suspect("duplicate", min(a.mentions, b.mentions), f"{a.label} <{a.iri}>", f"{b.label} <{b.iri}>", reason,
                   f"same\t{a.iri}\t{b.iri}")


def wrong_merges(store: ox.Store) -> list[Suspect]:
    """Joins below the review confidence: the articles they moved, weighted by the doubt."""
    out = []
    for r in store.query(_MERGES):
        conf, articles = float(r["conf"].value), int(r["k"].value)
        if conf >= REVIEW_BELOW:
            continue
        label, form, rule = r["l"].value, r["f"].value, r["r"].value
        out.append(Suspect("merge", round(articles * (1 - conf), 3), f"{form} ({articles} article(s))",
                           f"{label} <{r['e'].value}>", f"{rule}, confidence {conf:g}",
                           f"different\t{form}\t{label}"))
    return out


@dataclass(frozen=True)
class Listed:
    iri: str
    label: str
    top: str
    mentions: int
    merges: int  # kg:Merge records: how many name-and-rule groups were joined


_TOP = f"""
SELECT ?e ?l ?c ?n (COUNT(DISTINCT ?m) AS ?k) WHERE {{
  ?e <{KGNS}mentionCount> ?n ; <http://www.w3.org/2000/01/rdf-schema#label> ?l ; a ?c .
  FILTER(STRSTARTS(STR(?c), "{KGNS}"))
  OPTIONAL {{ ?e <{KGNS}merge> ?m }}
}} GROUP BY ?e ?l ?c ?n ORDER BY DESC(?n) ?e LIMIT %d"""


def top_entities(store: ox.Store, limit: int) -> list[Listed]:
    """The most mentioned entities (one row per class an entity has)."""
    return [Listed(r["e"].value, r["l"].value, r["c"].value.rsplit("#", 1)[1], int(r["n"].value), int(r["k"].value))
            for r in store.query(_TOP % limit)]

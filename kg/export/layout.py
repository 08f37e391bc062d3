"""Node positions for the HTML explorer, computed once in Python so the page is still at once.

A browser running a force simulation on 5,000 nodes takes many seconds to settle and keeps
the fans going; networkx's own spring layout takes ~45 s at that size. igraph's grid
Fruchterman-Reingold (C) lays out 5,000 nodes and 20,000 edges in about half a second.

Each connected component is laid out alone, scaled so its median edge is ``spacing`` long
(labels stay apart at the default zoom), and the components are packed in rows, biggest first;
entities without any fact (most of a news graph) fill a grid after them. Deterministic: the
same nodes and edges give the same positions.
"""

from __future__ import annotations

import math
import random
import statistics
from collections.abc import Mapping, Sequence

import igraph
import networkx as nx
from scipy.spatial.distance import pdist

Point = tuple[float, float]
_SMALL = 300  # components up to this size get Kamada-Kawai (quadratic, fine at this size)


def layout(nodes: Sequence[str], edges: Sequence[tuple[str, str]], *, spacing: float = 130.0,
           seed: int = 7) -> dict[str, Point]:
    order = {n: i for i, n in enumerate(nodes)}
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b) for a, b in edges if a != b and a in order and b in order)
    components = sorted((sorted(c, key=order.__getitem__) for c in nx.connected_components(g)),
                        key=lambda c: (-len(c), order[c[0]]))
    boxes: list[dict[str, Point]] = []
    isolated: list[str] = []
    for members in components:
        if len(members) == 1:
            isolated.append(members[0])
        else:
            boxes.append(_component(g.subgraph(members), members, spacing, seed))
    if isolated:
        boxes.append(_grid(isolated, spacing))
    return _pack(boxes, spacing)


def _component(g: nx.Graph, members: list[str], spacing: float, seed: int) -> dict[str, Point]:
    """Kamada-Kawai for small components (even edge lengths: a hub's neighbours spread around it),
    grid Fruchterman-Reingold for big ones; scaled so no two nodes sit closer than ~3/4 spacing."""
    if len(members) == 2:
        return {members[0]: (0.0, 0.0), members[1]: (spacing * 0.95, spacing * 0.3)}
    index = {n: i for i, n in enumerate(members)}
    # Each edge as (low, high): networkx iterates a small subgraph's nodes in set order, which
    # changes with Python's hash seed, and the layout must not.
    ig = igraph.Graph(n=len(members), edges=sorted({tuple(sorted((index[a], index[b]))) for a, b in g.edges()}))
    rng = random.Random(seed)
    half = math.sqrt(len(members)) / 2  # igraph's own scale: a denser start defeats the grid
    start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in members]
    igraph.set_random_number_generator(random.Random(seed))  # the grid variant draws from it
    try:
        if len(members) <= _SMALL:
            coords = ig.layout_kamada_kawai(seed=start).coords
        else:
            coords = ig.layout_fruchterman_reingold(seed=start, niter=500, grid="auto").coords
    finally:
        igraph.set_random_number_generator(random)
    lengths = [math.dist(coords[a], coords[b]) for a, b in ig.get_edgelist()]
    factor = spacing / (statistics.median(lengths) or 1.0)
    if len(members) <= _SMALL:
        closest = float(pdist(coords).min()) or 1e-3
        factor = min(max(factor, 0.75 * spacing / closest), 2.5 * factor)
    else:  # hubs pull a big component's core tight: give every node a label's room on average
        xs, ys = [c[0] for c in coords], [c[1] for c in coords]
        area = max((max(xs) - min(xs)) * (max(ys) - min(ys)), 1e-6)
        factor = max(factor, math.sqrt(len(members) * (0.8 * spacing) ** 2 / area))
    return {n: (coords[i][0] * factor, coords[i][1] * factor) for n, i in index.items()}


def _grid(nodes: list[str], spacing: float) -> dict[str, Point]:
    """Nodes without facts in rows, as wide as tall (cells are wider than high: labels are)."""
    dx, dy = spacing, spacing * 0.6
    cols = max(1, math.ceil(math.sqrt(len(nodes) * dy / dx)))
    return {n: ((i % cols) * dx, (i // cols) * dy) for i, n in enumerate(nodes)}


def _pack(boxes: list[dict[str, Point]], gap: float) -> dict[str, Point]:
    """Shelf packing: boxes left to right in rows of about the square root of the total area."""
    sized = []
    for pos in boxes:
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        sized.append((pos, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    area = sum((w + gap) * (h + gap) for *_, w, h in sized)
    row_width = max([math.sqrt(area * 1.6)] + [w for *_, w, _ in sized])
    out: dict[str, Point] = {}
    x = y = row_height = 0.0
    for pos, x0, y0, w, h in sized:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for n, (px, py) in pos.items():
            out[n] = (round(px - x0 + x), round(py - y0 + y))
        x += w + gap
        row_height = max(row_height, h)
    return out


def around(pos: Mapping[str, Point], members: Mapping[str, Sequence[str]], *, gap: float = 90.0) -> dict[str, Point]:
    """Positions for nodes drawn on demand (articles): on a ring just outside the layout, each
    in the direction of the centre of what it points to, so it never covers an entity."""
    if not pos:
        return {node: (0, 0) for node in members}
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    radius = max(math.dist((cx, cy), p) for p in pos.values()) + gap
    golden = math.pi * (3 - math.sqrt(5))
    out: dict[str, Point] = {}
    for k, (node, targets) in enumerate(members.items()):
        points = [pos[t] for t in targets if t in pos]
        mx = sum(p[0] for p in points) / len(points) if points else cx
        my = sum(p[1] for p in points) / len(points) if points else cy
        angle = math.atan2(my - cy, mx - cx) if math.dist((mx, my), (cx, cy)) > gap / 2 else k * golden
        r = radius + (k % 3) * gap / 2  # neighbours in angle alternate rings
        out[node] = (round(cx + r * math.cos(angle)), round(cy + r * math.sin(angle)))
    return out

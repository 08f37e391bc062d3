"""Evidence as RDF 1.2 statement annotations: each evidence node a reifier of its triple.

The build writes evidence as RDF reification (a kg:Statement or kg:Link with rdf:subject,
rdf:predicate, rdf:object), which every store reads. RDF 1.2 says the same with one triple,
``node rdf:reifies <<( s p o )>>``, and Turtle 1.2 writes it as an annotation on the asserted
triple; Oxigraph 0.5, Jena and GraphDB read it. The two forms carry the same facts: these
functions turn one into the other, quad for quad, keeping everything else as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UsageError
from kg.export.atomic import write_bytes_atomic

PROVENANCE = ("reification", "rdf-star")  # kg build --provenance: how evidence is written
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SUBJECT, PREDICATE, OBJECT = (ox.NamedNode(_RDF + n) for n in ("subject", "predicate", "object"))
REIFIES = ox.NamedNode(_RDF + "reifies")
_PARTS = (SUBJECT, PREDICATE, OBJECT)


def as_rdf_star(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Each node with exactly one rdf:subject, rdf:predicate and rdf:object in a graph becomes a
    reifier of that triple, at the place of its rdf:subject; other quads are kept in order."""
    quads = list(quads)
    parts: dict[tuple, dict[ox.NamedNode, list]] = {}
    for q in quads:
        if q.predicate in _PARTS:
            parts.setdefault((q.subject, q.graph_name), {}).setdefault(q.predicate, []).append(q.object)
    whole = {key: ox.Triple(p[SUBJECT][0], p[PREDICATE][0], p[OBJECT][0]) for key, p in parts.items()
             if all(len(p.get(part, ())) == 1 for part in _PARTS)}
    out = []
    for q in quads:
        key = (q.subject, q.graph_name)
        if key in whole and q.predicate in _PARTS:
            if q.predicate == SUBJECT:
                out.append(ox.Quad(q.subject, REIFIES, whole[key], q.graph_name))
            continue
        out.append(q)
    return out


def as_reification(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """The inverse: each ``node rdf:reifies <<( s p o )>>`` as rdf:subject, rdf:predicate, rdf:object."""
    out = []
    for q in quads:
        if q.predicate == REIFIES and isinstance(q.object, ox.Triple):
            t = q.object
            out += [ox.Quad(q.subject, part, value, q.graph_name)
                    for part, value in zip(_PARTS, (t.subject, t.predicate, t.object))]
        else:
            out.append(q)
    return out


def write_rdf_star(out_dir: Path, target: Path | None = None) -> tuple[Path, int]:
    """DIR/graph-rdf-star.trig (or ``target``): the build's quads, evidence as RDF 1.2 reifiers."""
    from kg.rdf import PREFIXES

    nq = out_dir / "graph.nq"
    if not nq.is_file():
        raise UsageError(f"{out_dir}: no graph.nq found", hint="run 'kg build ... --out DIR' first")
    quads = as_rdf_star(as_reification(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS)))
    target = target or out_dir / "graph-rdf-star.trig"
    write_bytes_atomic(target, ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES))
    return target, len(quads)

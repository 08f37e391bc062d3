"""Turtle, TriG and N-Quads writers: sorted, so the same input gives the same bytes.

rdflib builds the graph; pyoxigraph serialises it (an order of magnitude faster on large
graphs). Sorting the quads before the streaming serialiser makes the output canonical.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from kg.export.atomic import write_atomic
from kg.rdf import PREFIXES


class Format(str, Enum):
    turtle = "ttl"
    trig = "trig"
    nquads = "nq"


_OX_FORMAT = {Format.turtle: ox.RdfFormat.TURTLE, Format.trig: ox.RdfFormat.TRIG, Format.nquads: ox.RdfFormat.N_QUADS}


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an Oxigraph term")


def _order(term: Node, predicate: bool = False) -> tuple:
    """Sort key: rdf:type first among predicates, then by kind and lexical form."""
    if predicate and term == RDF.type:
        return (0, "")
    kind = 1 if isinstance(term, URIRef) else 2 if isinstance(term, BNode) else 3
    extra = (str(term.datatype or ""), term.language or "") if isinstance(term, Literal) else ("", "")
    return (kind, str(term), *extra)


def sorted_quads(ds: Dataset) -> list[ox.Quad]:
    """Every quad, default graph first, in a canonical order."""
    rows = []
    for s, p, o, g in ds.quads((None, None, None, None)):
        gid = getattr(g, "identifier", g)
        default = gid is None or str(gid) == "urn:x-rdflib:default"
        rows.append(((0, "") if default else (1, str(gid)), _order(s), _order(p, True), _order(o), s, p, o, None if default else gid))
    rows.sort(key=lambda r: r[:4])
    out = []
    for *_, s, p, o, g in rows:
        graph = ox.DefaultGraph() if g is None else to_ox(g)
        out.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph))
    return out


def union_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of all graphs, each triple once, sorted by subject then predicate."""
    seen = set()
    triples = []
    for q in quads:
        t = q.triple
        if t not in seen:
            seen.add(t)
            triples.append(t)
    rdf_type = ox.NamedNode(str(RDF.type))

    def key(t: ox.Triple) -> tuple:
        return (str(t.subject), t.predicate != rdf_type, str(t.predicate), str(t.object))

    return sorted(triples, key=key)


def nquads(quads: Iterable[ox.Quad]) -> bytes:
    """N-Quads of the quads as given: one line each, so files of graphs concatenate into one."""
    buf = io.BytesIO()
    ox.serialize(quads, buf, ox.RdfFormat.N_QUADS)
    return buf.getvalue()


def _distinct_triples(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    """Each triple once, in the order first seen; remembers 16-byte digests, not triples."""
    seen: set[bytes] = set()
    for q in quads:
        t = q.triple
        digest = hashlib.blake2b(str(t).encode("utf-8", "surrogatepass"), digest_size=16).digest()
        if digest not in seen:
            seen.add(digest)
            yield t


def convert_nquads(source: Path, path: Path, fmt: Format) -> None:
    """TriG (the same graphs) or Turtle (their union, each triple once) of an N-Quads file.

    Streams: quads are read, written and forgotten, so memory does not grow with the file.
    """
    quads = ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS)
    data: Iterable = _distinct_triples(quads) if fmt is Format.turtle else quads
    write_atomic(path, lambda f: ox.serialize(data, f, _OX_FORMAT[fmt],
                                              prefixes=None if fmt is Format.nquads else PREFIXES))


def write_rdf(quads: list[ox.Quad], path: Path, fmt: Format) -> None:
    data: Iterable = union_triples(quads) if fmt is Format.turtle else quads
    write_atomic(path, lambda f: ox.serialize(data, f, _OX_FORMAT[fmt],
                                              prefixes=None if fmt is Format.nquads else PREFIXES))

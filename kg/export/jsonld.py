"""JSON-LD of a build: graph.jsonld, one named graph per article, that reads as schema.org.

Oxigraph writes the quads as expanded JSON-LD (fast, streaming, exact); pyld, the JSON-LD
processor, compacts it with ``ontology/context.jsonld``: schema.org's terms where our data uses
schema.org (``NewsArticle``, ``headline``, ``datePublished``, ``mentions`` …), our ontology as
the vocabulary for the rest (``Person``, ``metWith``, ``sentence``). The context is written
inline, so a reader needs no network, and the document expands to exactly the quads of
graph.nq. Measured on the 2,000-article build (424,414 quads): 0.2 s to write expanded, 24 s
and 1 GB for all of ``kg export --format jsonld``, most of it pyld's compaction: an export, not
a build output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UsageError
from kg.export.atomic import write_bytes_atomic
from kg.resources import ontology_dir


def context() -> dict:
    """Our JSON-LD context (the value of its ``@context``)."""
    return json.loads((ontology_dir() / "context.jsonld").read_text(encoding="utf-8"))["@context"]


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _types_as_keyword(nodes: list[dict]) -> list[dict]:
    """rdf:type IRIs as ``@type``, as JSON-LD's own RDF conversion puts them (Oxigraph keeps the
    property): ``"@type": "NewsArticle"`` is what a schema.org reader looks for."""
    for node in nodes:
        types = node.get(_RDF_TYPE)
        if types and all(set(t) == {"@id"} for t in types):
            node["@type"] = [t["@id"] for t in node.pop(_RDF_TYPE)]
        if "@graph" in node:
            _types_as_keyword(node["@graph"])
    return nodes


def jsonld_bytes(quads: list[ox.Quad]) -> bytes:
    """The quads as compacted JSON-LD, keys sorted: the same quads give the same bytes."""
    from pyld import jsonld

    ordered = sorted(quads, key=str)  # Oxigraph writes in the order given
    expanded = _types_as_keyword(json.loads(ox.serialize(ordered, format=ox.RdfFormat.JSON_LD)))
    compacted = jsonld.compact(expanded, {"@context": context()}, {"graph": True})
    return json.dumps(compacted, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8") + b"\n"


def write_jsonld(out_dir: Path, target: Path | None = None) -> tuple[Path, int]:
    """DIR/graph.jsonld (or ``target``) from DIR/graph.nq; the path and the number of quads."""
    nq = out_dir / "graph.nq"
    if not nq.is_file():
        raise UsageError(f"{out_dir}: no graph.nq found", hint="run 'kg build ... --out DIR' first")
    quads = list(ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
    target = target or out_dir / "graph.jsonld"
    write_bytes_atomic(target, jsonld_bytes(quads))
    return target, len(quads)

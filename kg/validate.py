"""`kg validate`: a build checked against ontology/shapes.ttl with pySHACL.

The data graph is the union of the build (graph.ttl, or the union of a .trig/.nq file), with
the ontology mixed in. It is checked twice: as written (so an entity must state its class; RDFS
would infer one from the domain of its facts) and under RDFS inference over the ontology (so a
fact against a domain or range shows up as a node of two disjoint classes). A violation found by
either pass is reported once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.errors import UsageError
from kg.graph_files import graph_file, rdf_format, read_triples
from kg.resources import ontology_dir

INFERENCE = ("rdfs", "none")


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str
    severity: str


@dataclass
class ValidationReport:
    conforms: bool
    triples: int
    violations: list[Violation] = field(default_factory=list)


def data_file(target: Path) -> Path:
    """graph.ttl of a build directory, or the given RDF file. Raises UsageError."""
    path = graph_file(target, ("graph.ttl",))
    rdf_format(path)
    return path


def load_union(path: Path) -> Graph:
    """Every triple of the file, whatever graph it is in. Raises InputError when it does not parse."""
    g = Graph()
    for triple in read_triples(path):
        g.add(triple)
    return g


def validate_graph(data: Graph, *, inference: str = "rdfs", shapes: Path | None = None,
                   ontology: Path | None = None) -> ValidationReport:
    from pyshacl import validate as shacl_validate

    if inference not in INFERENCE:
        raise UsageError(f"unknown inference {inference!r}", hint="use rdfs or none")
    shapes_graph = Graph().parse(shapes or ontology_dir() / "shapes.ttl", format="turtle")
    ont_graph = Graph().parse(ontology or ontology_dir() / "kg.ttl", format="turtle")
    report = ValidationReport(True, len(data))
    found: set[Violation] = set()
    for mode in ("none", "rdfs") if inference == "rdfs" else ("none",):
        conforms, results, _ = shacl_validate(
            data, shacl_graph=shapes_graph, ont_graph=ont_graph, inference=mode, abort_on_first=False,
            allow_warnings=True, advanced=True,
        )
        report.conforms &= bool(conforms)
        found.update(_violations(results))
    report.violations = sorted(found, key=lambda v: (v.focus, v.path or "", v.message, v.value or ""))
    return report


def _violations(results: Graph) -> list[Violation]:
    out = []
    for r in results.subjects(SH.resultSeverity, None):
        def text(p: URIRef) -> str | None:
            v = results.value(r, p)
            return None if v is None else str(v)

        out.append(Violation(
            focus=text(SH.focusNode) or "", path=text(SH.resultPath), value=text(SH.value),
            message=text(SH.resultMessage) or "", shape=text(SH.sourceShape) or "",
            severity=(text(SH.resultSeverity) or "").rsplit("#", 1)[-1],
        ))
    return out


def validate(target: Path, *, inference: str = "rdfs") -> ValidationReport:
    """Validate a build directory (its graph.ttl) or an RDF file against the shapes."""
    return validate_graph(load_union(data_file(target)), inference=inference)

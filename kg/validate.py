"""`kg validate`: a build checked against ontology/shapes.ttl.

The data is the union of the build's graphs with the ontology mixed in, checked twice: as
written (so an entity must state its class; RDFS would infer one from the domain of its facts)
and under RDFS inference over the ontology (so a fact against a domain or range shows up as a
node of two disjoint classes). A violation found by either pass is reported once.

Two engines give the same violations (tests/test_shacl.py holds them to it on the broken-graph
suite): ``fast`` (kg.shacl) and ``pyshacl``, the reference, which takes minutes on a few hundred
articles. The fast engine reads a build's graph.nq in chunks cut where the content says (a
subject whose digest ends in six zero bits), so an article added or changed moves only the
chunks around it; each chunk's part of the report is cached under its digest in
``.cache/validation/`` and a rebuild re-reads only the chunks that changed. The two passes
share nothing and run side by side, one in a forked process, where there are two cores.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.background import Background
from kg.errors import InputError, UsageError
from kg.export.atomic import write_bytes_atomic
from kg.export.provenance import as_reification
from kg.graph_files import graph_file, rdf_format, read_quads, read_triples
from kg.resources import ontology_dir

INFERENCE = ("rdfs", "none")
ENGINES = ("fast", "pyshacl")
CACHE = Path(".cache") / "validation"
CHUNK_MASK = 63  # a chunk ends before a subject whose CRC-32 has its low six bits clear: ~64 subjects


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str
    severity: str
    component: str = ""
    graph: str | None = None  # the article graph the violation is in, when it is in one


@dataclass
class ValidationReport:
    conforms: bool
    triples: int
    violations: list[Violation] = field(default_factory=list)
    chunks: int = 0  # the chunks the fast engine read
    cached: int = 0  # of which answered from the cache

    def by_graph(self) -> dict[str | None, list[Violation]]:
        out: dict[str | None, list[Violation]] = {}
        for v in self.violations:
            out.setdefault(v.graph, []).append(v)
        return out


def data_file(target: Path) -> Path:
    """graph.nq of a build directory (else graph.ttl), or the given RDF file. Raises UsageError."""
    path = graph_file(target, ("graph.nq", "graph.ttl"))
    rdf_format(path)
    return path


def load_union(path: Path) -> Graph:
    """Every triple of the file, whatever graph it is in. Raises InputError when it does not parse."""
    g = Graph()
    for triple in read_triples(path):
        g.add(triple)
    return g


def _check(inference: str, engine: str) -> None:
    if inference not in INFERENCE:
        raise UsageError(f"unknown inference {inference!r}", hint="use rdfs or none")
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}", hint="use fast or pyshacl")


def _passes(inference: str) -> tuple[str, ...]:
    return ("none", "rdfs") if inference == "rdfs" else ("none",)


def _shapes_and_ontology(shapes: Path | None, ontology: Path | None) -> tuple[Graph, Graph, bytes]:
    """The shapes and the ontology, and their files' bytes (what names the compiled shapes)."""
    paths = (shapes or ontology_dir() / "shapes.ttl", ontology or ontology_dir() / "kg.ttl")
    sources = [p.read_bytes() for p in paths]
    return (Graph().parse(data=sources[0], format="turtle"), Graph().parse(data=sources[1], format="turtle"),
            b"\0".join(sources))


def validate_graph(data: Graph, *, inference: str = "rdfs", shapes: Path | None = None,
                   ontology: Path | None = None, engine: str = "fast") -> ValidationReport:
    """Validate an rdflib graph (the union of a build, or any data) against the shapes."""
    _check(inference, engine)
    shapes_graph, ont_graph, source = _shapes_and_ontology(shapes, ontology)
    if engine == "pyshacl":
        return _pyshacl(data, shapes_graph, ont_graph, inference)
    quads = list(ox.parse(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES))
    return _fast(_compile(shapes_graph, ont_graph, source), [(None, quads)], len(data), inference, None)


def validate(target: Path, *, inference: str = "rdfs", engine: str = "fast") -> ValidationReport:
    """Validate a build directory (its graph.nq, chunked and cached) or an RDF file against the shapes."""
    _check(inference, engine)
    path = data_file(target)
    if engine == "pyshacl":
        shapes_graph, ont_graph, _ = _shapes_and_ontology(None, None)
        return _pyshacl(load_union(path), shapes_graph, ont_graph, inference)
    compiled = _compile(*_shapes_and_ontology(None, None))
    if path.suffix.lower() != ".nq":
        quads = read_quads(path)
        return _fast(compiled, [(None, quads)], len({q.triple for q in quads}), inference, None)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(str(path), f"cannot read the graph ({e.strerror or e})") from None
    cache = target / CACHE if target.is_dir() else None
    chunks = list(_chunks(data))
    return _fast(compiled, chunks, sum(c.count(b"\n") for c in chunks), inference, cache, path)


def _compile(shapes_graph: Graph, ont_graph: Graph, source: bytes = b""):
    from kg.shacl import Shapes, Unsupported

    try:
        return Shapes(shapes_graph, ont_graph, source)
    except Unsupported as e:
        raise UsageError(f"the shapes use what the fast engine does not implement ({e})",
                         hint="run with --engine pyshacl") from None


def _chunks(data: bytes):
    """The N-Quads cut at content-defined points: before a line that starts a new subject whose
    CRC-32 has its low bits clear. The cuts depend on the subjects only, so an insertion moves
    none of the cuts away from it."""
    start, pos, last = 0, 0, b""
    n = len(data)
    while pos < n:
        end = data.find(b"\n", pos)
        end = n if end < 0 else end + 1
        subject = data[pos:data.find(b" ", pos, end)]
        if subject != last:
            if pos > start and not zlib.crc32(subject) & CHUNK_MASK:
                yield data[start:pos]
                start = pos
            last = subject
        pos = end
    if start < n:
        yield data[start:]


def _fast(compiled, chunks: list, triples: int, inference: str, cache: Path | None,
          source: Path | None = None) -> ValidationReport:
    """Both passes, side by side on two cores when the machine has them (they share nothing)."""
    report = ValidationReport(True, triples)
    modes = _passes(inference)
    outcomes = _side_by_side([partial(_one_pass, compiled, chunks, m, cache, source) for m in modes])
    found: set[Violation] = set()
    used: set[str] = set()
    for violations, read, cached, names in outcomes:
        found |= violations
        report.chunks += read
        report.cached += cached
        used |= names
    if cache is not None and cache.is_dir():
        for old in os.listdir(cache):
            if old.endswith(".json") and old.split("-", 1)[0] in modes and old not in used:
                (cache / old).unlink(missing_ok=True)
    report.violations = sorted(found, key=_order)
    report.conforms = not any(v.severity == "Violation" for v in report.violations)
    return report


_Pass = tuple[set[Violation], int, int, set[str]]  # violations, chunks read, of which cached, cache entries used


def _side_by_side(jobs: list[Callable[[], _Pass]]) -> list[_Pass]:
    """The jobs' outcomes, the first in a forked helper while this process runs the rest."""
    if len(jobs) < 2:
        return [job() for job in jobs]
    first = Background(jobs[0])
    rest = [job() for job in jobs[1:]]
    return [first.result(), *rest]


def _one_pass(compiled, chunks: list, mode: str, cache: Path | None, source: Path | None) -> _Pass:
    """One pass with the garbage collector off: the parts are millions of small objects, none of
    them garbage until the pass ends, and the collector would walk them again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _pass(compiled, chunks, mode, cache, source)
    finally:
        if enabled:
            gc.enable()


def _pass(compiled, chunks: list, mode: str, cache: Path | None, source: Path | None) -> _Pass:
    from kg.shacl import map_chunk, plain, reduce

    parts, used, cached = [], set(), 0
    for chunk in [compiled.ontology_nt, *chunks]:
        name = None
        if cache is not None and isinstance(chunk, bytes):
            name = f"{mode}-{hashlib.sha256(compiled.digest.encode() + chunk).hexdigest()[:40]}.json"
            used.add(name)
            part = _read_part(cache / name)
            if part is not None:
                parts.append(part)
                cached += 1
                continue
        quads = chunk[1] if isinstance(chunk, tuple) else _parse_chunk(chunk, source)
        part = map_chunk(compiled, quads, mode)
        if name is not None:
            cache.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(cache / name, json.dumps(part, separators=(",", ":")).encode("utf-8"))
        parts.append(part)
    found = {Violation(plain(r.focus) or "", plain(r.path), plain(r.value), r.message, plain(r.shape) or "",
                       r.severity, r.component, plain(r.graph)) for r in reduce(compiled, parts, mode)}
    return found, len(parts), cached, used


def _parse_chunk(chunk: bytes, source: Path | None) -> list[ox.Quad]:
    try:
        return as_reification(ox.parse(chunk, format=ox.RdfFormat.N_QUADS))  # the shapes read one form
    except SyntaxError as e:
        raise InputError(str(source or "graph.nq"), f"not valid RDF ({e})") from None


def _read_part(path: Path) -> dict | None:
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None


def _order(v: Violation) -> tuple:
    return (v.focus, v.path or "", v.message, v.value or "", v.component)


def _pyshacl(data: Graph, shapes_graph: Graph, ont_graph: Graph, inference: str) -> ValidationReport:
    from pyshacl import validate as shacl_validate

    report = ValidationReport(True, len(data))
    found: set[Violation] = set()
    for mode in _passes(inference):
        conforms, results, _ = shacl_validate(
            data, shacl_graph=shapes_graph, ont_graph=ont_graph, inference=mode, abort_on_first=False,
            allow_warnings=True, advanced=True,
        )
        report.conforms &= bool(conforms)
        found.update(_violations(results))
    report.violations = sorted(found, key=_order)
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
            component=(text(SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1],
        ))
    return out

"""RDF files in: which file of a build directory to read, its format, and its triples.

pyoxigraph parses (about ten times faster than rdflib on a large TriG file); terms are turned
into rdflib terms once each, for the code that works with rdflib's API.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.errors import InputError, UsageError
from kg.export.provenance import as_reification

Term = URIRef | BNode | Literal
Triple = tuple[Term, Term, Term]
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_EXTRA_EXTENSIONS = {"owl": ox.RdfFormat.RDF_XML, "xml": ox.RdfFormat.RDF_XML}


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax a file's extension names. Raises UsageError for an unknown extension."""
    ext = path.suffix.lstrip(".").lower()
    fmt = ox.RdfFormat.from_extension(ext) or _EXTRA_EXTENSIONS.get(ext)
    if fmt is None:
        raise UsageError(f"{path}: cannot tell its RDF format from the extension",
                         hint="use .ttl, .trig, .nq, .nt, .n3, .rdf or .jsonld")
    return fmt


def graph_file(target: Path, names: Sequence[str]) -> Path:
    """``target`` itself when it is a file, else the first of ``names`` in the directory."""
    if target.is_file():
        return target
    if target.is_dir():
        for name in names:
            if (target / name).is_file():
                return target / name
        raise UsageError(f"{target}: no {' or '.join(names)} found", hint="run 'kg build ... --out DIR' first")
    raise UsageError(f"{target}: no such file or directory")


def read_quads(path: Path) -> list[ox.Quad]:
    """Every quad of the file, RDF 1.2 reifiers (``s rdf:reifies <<( ... )>>``) as the reification
    every reader here knows. Raises InputError (one line: the file and why) when it does not parse."""
    fmt = rdf_format(path)
    try:
        return as_reification(ox.parse(path=str(path), format=fmt))
    except SyntaxError as e:
        raise InputError(str(path), f"not valid RDF ({e})") from None
    except (OSError, ValueError) as e:
        raise InputError(str(path), f"cannot read the graph ({e})") from None


def to_rdflib(quads: Sequence[ox.Quad]) -> list[Triple]:
    """The union of the quads' graphs as rdflib triples, each once, in file order."""
    memo: dict[object, Term] = {}

    def term(x: object) -> Term:
        t = memo.get(x)
        if t is None:
            if isinstance(x, ox.NamedNode):
                t = URIRef(x.value)
            elif isinstance(x, ox.BlankNode):
                t = BNode(x.value)
            elif isinstance(x, ox.Literal):
                datatype = x.datatype.value
                t = (Literal(x.value, lang=x.language) if x.language
                     else Literal(x.value) if datatype == _XSD_STRING else Literal(x.value, datatype=URIRef(datatype)))
            else:
                raise TypeError(f"RDF-star triple terms are not supported: {x}")
            memo[x] = t
        return t

    seen: set[ox.Triple] = set()
    out: list[Triple] = []
    for q in quads:
        t = q.triple
        if t not in seen:
            seen.add(t)
            out.append((term(t.subject), term(t.predicate), term(t.object)))
    return out


def read_triples(path: Path) -> list[Triple]:
    """The union of every graph in the file, as rdflib triples. Raises InputError or UsageError."""
    quads = read_quads(path)
    try:
        return to_rdflib(quads)
    except TypeError as e:
        raise InputError(str(path), str(e)) from None

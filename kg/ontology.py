"""What the extractors need to know from ontology/kg.ttl: class ancestry, domains and ranges."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection

from kg.namespace import KG
from kg.resources import ontology_dir


def local(term: URIRef) -> str:
    return str(term).rsplit("#", 1)[-1]


@dataclass
class Ontology:
    """Class ancestry and property signatures, by local name (Person, visited, ...)."""

    ancestors: dict[str, set[str]] = field(default_factory=dict)  # class → itself + superclasses
    domains: dict[str, set[str]] = field(default_factory=dict)  # property → allowed classes
    ranges: dict[str, set[str]] = field(default_factory=dict)
    properties: set[str] = field(default_factory=set)

    @classmethod
    def load(cls, path: Path | None = None) -> "Ontology":
        g = Graph().parse(path or ontology_dir() / "kg.ttl", format="turtle")
        ns = str(KG._NS)
        onto = cls()
        classes = {s for s in g.subjects(RDF.type, OWL.Class) if str(s).startswith(ns)}
        for c in classes:
            seen = {c}
            todo = [c]
            while todo:
                for sup in g.objects(todo.pop(), RDFS.subClassOf):
                    if isinstance(sup, URIRef) and sup not in seen and str(sup).startswith(ns):
                        seen.add(sup)
                        todo.append(sup)
            onto.ancestors[local(c)] = {local(x) for x in seen}
        for p in g.subjects(RDF.type, OWL.ObjectProperty):
            if not str(p).startswith(ns):
                continue
            name = local(p)
            onto.properties.add(name)
            for attr, target in ((RDFS.domain, onto.domains), (RDFS.range, onto.ranges)):
                for value in g.objects(p, attr):
                    members = Collection(g, g.value(value, OWL.unionOf)) if g.value(value, OWL.unionOf) else [value]
                    target.setdefault(name, set()).update(local(m) for m in members)
        return onto

    def is_a(self, cls: str, target: str) -> bool:
        return target in self.ancestors.get(cls, {cls})

    def fits(self, cls: str, roles: Iterable[tuple[str, str]]) -> bool:
        """True when an entity of the class may be the subject or object of each property named."""
        for side, prop in roles:
            allowed = (self.domains if side == "subject" else self.ranges).get(prop)
            if allowed and not any(self.is_a(cls, c) for c in allowed):
                return False
        return True

    def allows(self, prop: str, subject_cls: str, object_cls: str) -> bool:
        """True when the classes fit the property's domain and range (unconstrained if none)."""
        if prop not in self.properties:
            return False
        dom = self.domains.get(prop)
        rng = self.ranges.get(prop)
        ok_dom = not dom or any(self.is_a(subject_cls, d) for d in dom)
        ok_rng = not rng or any(self.is_a(object_cls, r) for r in rng)
        return ok_dom and ok_rng

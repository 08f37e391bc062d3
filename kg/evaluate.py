"""`kg eval`: score a built graph against a gold directory.

The gold format and its matching rules are those of the project's gold README: a node matches a
gold entity when one of its labels, normalised, equals the gold label or an alias; a fact is
found when a triple links matching nodes by the gold property or a subproperty of it; provenance
holds when the triple stands in the named graph of every article the gold lists. Only the graph
files and the ontology are read, so any tool's output in the same vocabulary can be scored.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UsageError
from kg.graph_files import graph_file, read_quads
from kg.normalize import norm
from kg.resources import ontology_dir

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SUBPROPERTY = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
LABELS = frozenset({
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "https://schema.org/name", "http://schema.org/name",
    "https://schema.org/alternateName", "http://schema.org/alternateName",
})
# Nodes that are records about the text, not things in the world.
RECORD_CLASSES = frozenset({
    "https://w3id.org/newskg/ontology#Statement", "https://schema.org/NewsArticle",
    "http://schema.org/NewsArticle", "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement",
})
GOLD_FILES = ("entities.jsonl", "not_entities.jsonl", "facts.jsonl", "not_facts.jsonl", "events.jsonl",
              "articles.jsonl")
GRAPH_FILES = ("graph.nq", "graph.trig")
# Properties that tie a node to its own description, not facts between two things.
NON_FACT = LABELS | {RDF_TYPE, "https://schema.org/mentions", "http://www.w3.org/2002/07/owl#sameAs",
                     "http://www.w3.org/2004/02/skos/core#exactMatch", "http://www.w3.org/2004/02/skos/core#closeMatch"}


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


@dataclass
class Gold:
    entities: list[dict] = field(default_factory=list)
    not_entities: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    not_facts: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path) -> "Gold":
        if not path.is_dir():
            raise UsageError(f"{path}: not a gold directory")
        gold = cls()
        for name in GOLD_FILES:
            f = path / name
            if not f.exists():
                continue
            rows = []
            for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    raise UsageError(f"{f}:{n}: not JSON ({e.msg})") from None
                if not isinstance(row, dict):
                    raise UsageError(f"{f}:{n}: expected a JSON object")
                rows.append(row)
            setattr(gold, name.removesuffix(".jsonl"), rows)
        if not gold.entities:
            raise UsageError(f"{path}: no entities.jsonl (or it is empty)")
        return gold


@dataclass
class GraphView:
    """The quads of a build, indexed for matching."""

    triples: dict[tuple[str, str, str], set[str]]  # (s, p, o) → graphs ("" is the default graph)
    labels: dict[str, set[str]]  # node → normalised labels
    types: dict[str, set[str]]  # node → rdf:type IRIs
    superclasses: dict[str, set[str]]  # class IRI → itself and every superclass
    superproperties: dict[str, set[str]]  # property IRI → itself and every superproperty
    articles: dict[str, str]  # article graph IRI → its identifier / source file
    literals: dict[tuple[str, str], list[ox.Literal]]  # (s, p) → literal objects
    out: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # s → [(p, o)] of node objects
    literals_of: dict[str, list[tuple[str, ox.Literal]]] = field(default_factory=dict)  # s → [(p, literal)]

    @classmethod
    def load(cls, out: Path, ontology: Path | None = None) -> "GraphView":
        quads = read_quads(graph_file(out, GRAPH_FILES))
        onto = ontology or ontology_dir() / "kg.ttl"
        schema: list[tuple[str, str, str]] = []
        if onto.exists():
            schema = [(str(t.subject.value), str(t.predicate.value), str(t.object.value))
                      for t in ox.parse(path=str(onto), format=ox.RdfFormat.TURTLE)
                      if isinstance(t.object, ox.NamedNode)]
        view = cls(defaultdict(set), defaultdict(set), defaultdict(set), {}, {}, {}, defaultdict(list))
        sub_c: dict[str, set[str]] = defaultdict(set)
        sub_p: dict[str, set[str]] = defaultdict(set)
        for q in quads:
            s, p, o = q.subject, q.predicate.value, q.object
            g = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            sv = s.value if isinstance(s, ox.NamedNode) else f"_:{s.value}"
            if isinstance(o, ox.Literal):
                if p in LABELS:
                    view.labels[sv].add(norm(o.value))
                view.literals[(sv, p)].append(o)
                if p in ("https://schema.org/identifier", "https://w3id.org/newskg/ontology#sourceFile"):
                    view.articles.setdefault(sv, "")
                    view.articles[sv] += "\n" + o.value
                continue
            ov = o.value if isinstance(o, ox.NamedNode) else f"_:{o.value}"
            view.triples[(sv, p, ov)].add(g)
            if p == RDF_TYPE:
                view.types[sv].add(ov)
            elif p == SUBCLASS:
                sub_c[sv].add(ov)
            elif p == SUBPROPERTY:
                sub_p[sv].add(ov)
        for s, p, o in schema:
            if p == SUBCLASS:
                sub_c[s].add(o)
            elif p == SUBPROPERTY:
                sub_p[s].add(o)
        for (s_, p_, o_) in view.triples:
            view.out.setdefault(s_, []).append((p_, o_))
        for (s_, p_), lits in view.literals.items():
            view.literals_of.setdefault(s_, []).extend((p_, lit) for lit in lits)
        view.superclasses = _closure(sub_c)
        view.superproperties = _closure(sub_p)
        return view

    def classes_of(self, node: str) -> set[str]:
        out: set[str] = set()
        for t in self.types.get(node, ()):
            out |= self.superclasses.get(t, {t})
        return out

    def is_entity(self, node: str) -> bool:
        """Typed, and not a record (a statement, a link, an article), by its classes and their superclasses."""
        return bool(self.types.get(node)) and not (self.classes_of(node) & RECORD_CLASSES)

    def has_type(self, node: str, gold_type: str) -> bool:
        names = {local(c) for c in self.classes_of(node)}
        if gold_type == "Place" and names & {"Country", "City"}:
            return True
        return gold_type in names


def _closure(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for start in edges:
        seen, todo = {start}, [start]
        while todo:
            for nxt in edges.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        out[start] = seen
    return out


@dataclass
class Score:
    """Every figure of the report, and what was missed, for people and for tests."""

    required_entities: int = 0
    required_found: int = 0
    required_typed: int = 0
    optional_entities: int = 0
    optional_found: int = 0
    duplicates: list[str] = field(default_factory=list)
    junk: list[str] = field(default_factory=list)
    required_facts: int = 0
    required_facts_found: int = 0
    optional_facts: int = 0
    optional_facts_found: int = 0
    wrong_facts: list[str] = field(default_factory=list)
    provenance_ok: int = 0
    provenance_of: int = 0
    events: int = 0
    events_found: int = 0
    event_details: list[str] = field(default_factory=list)
    articles: int = 0
    article_fields: int = 0
    article_fields_ok: int = 0
    facts_inside: int = 0
    facts_outside: int = 0
    missed: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"entities: required {self.required_found}/{self.required_entities} found, "
            f"{self.required_typed}/{self.required_entities} correctly typed; "
            f"optional {self.optional_found}/{self.optional_entities} found",
            f"duplicates: {len(self.duplicates)}" + (f" ({', '.join(self.duplicates)})" if self.duplicates else ""),
            f"junk: {len(self.junk)}" + (f" ({', '.join(self.junk)})" if self.junk else ""),
            f"facts: required {self.required_facts_found}/{self.required_facts} found; "
            f"optional {self.optional_facts_found}/{self.optional_facts} found",
            f"wrong facts: {len(self.wrong_facts)}" + (f" ({'; '.join(self.wrong_facts)})" if self.wrong_facts else ""),
            f"provenance: {self.provenance_ok}/{self.provenance_of} facts found stand in every article graph listed",
            *[f"event {d}" for d in self.event_details],
            f"articles: {self.article_fields_ok}/{self.article_fields} metadata fields right in {self.articles} articles",
            f"facts outside the gold: {self.facts_outside} (inside: {self.facts_inside})",
        ]

    def summary(self) -> str:
        return (
            f"summary: entities {self.required_found}/{self.required_entities} found, "
            f"{self.required_typed}/{self.required_entities} typed, {len(self.duplicates)} duplicates, "
            f"{len(self.junk)} junk | facts {self.required_facts_found}/{self.required_facts} required, "
            f"{len(self.wrong_facts)} wrong, provenance {self.provenance_ok}/{self.provenance_of} | "
            f"events {self.events_found}/{self.events} | outside/inside {self.facts_outside}/{self.facts_inside}"
        )


def evaluate(gold: Gold, view: GraphView) -> Score:
    score = Score()
    entity_nodes = sorted(n for n in view.labels if view.is_entity(n))
    by_label: dict[str, list[str]] = defaultdict(list)
    for node in entity_nodes:
        for label in view.labels[node]:
            by_label[label].append(node)

    def nodes_of(gold_id: str) -> set[str]:
        ent = gold_ents.get(gold_id)
        if ent is None:
            return set()
        names = {norm(ent["label"])} | {norm(a) for a in ent.get("aliases", [])}
        return {n for name in names for n in by_label.get(name, ())}

    gold_ents = {e["id"]: e for e in gold.entities}
    for ent in gold.entities:
        nodes = nodes_of(ent["id"])
        if ent.get("required"):
            score.required_entities += 1
            score.required_found += bool(nodes)
            typed = any(view.has_type(n, ent["type"]) for n in nodes)
            score.required_typed += typed
            if not nodes:
                score.missed.append(f"entity {ent['id']} ({ent['label']}) not found")
            elif not typed:
                score.missed.append(f"entity {ent['id']} ({ent['label']}) found but not typed {ent['type']}")
        else:
            score.optional_entities += 1
            score.optional_found += bool(nodes)
        if len(nodes) > 1:
            score.duplicates.append(f"{ent['id']}: {len(nodes)} nodes")
    for bad in gold.not_entities:
        for node in by_label.get(norm(bad["text"]), ()):
            if bad.get("wrong_type") is None or view.has_type(node, bad["wrong_type"]):
                score.junk.append(f"{bad['text']!r}" + (f" as {bad['wrong_type']}" if bad.get("wrong_type") else ""))

    article_graphs = _article_graphs(gold, view)
    fact_props = _fact_triples(view)
    matched_triples: set[tuple[str, str, str]] = set()
    for fact in gold.facts:
        subjects = set().union(*(nodes_of(x) for x in [fact["subject"], *fact.get("alt_subjects", [])]))
        objects = nodes_of(fact["object"])
        hits = [t for t in _matching(fact_props, view, subjects, fact["predicate"], objects)]
        if fact.get("symmetric"):
            hits += _matching(fact_props, view, objects, fact["predicate"], subjects)
        matched_triples.update(hits)
        found = bool(hits)
        if fact.get("required"):
            score.required_facts += 1
            score.required_facts_found += found
            if not found:
                score.missed.append(f"fact {fact['id']} {fact['subject']} {fact['predicate']} {fact['object']} not found")
        else:
            score.optional_facts += 1
            score.optional_facts_found += found
        if found:
            score.provenance_of += 1
            graphs = set().union(*(view.triples[t] for t in hits))
            wanted = {article_graphs.get(a) for a in fact.get("articles", [])}
            if None not in wanted and wanted <= graphs:
                score.provenance_ok += 1
            else:
                score.missed.append(f"fact {fact['id']}: not in the graph of every article listed")
    for bad in gold.not_facts:
        preds = bad.get("predicates", ["*"])
        for pred in preds:
            for t in _matching(fact_props, view, nodes_of(bad["subject"]), pred, nodes_of(bad["object"])):
                score.wrong_facts.append(f"{bad['subject']} {local(t[1])} {bad['object']}")
    score.facts_inside = len(matched_triples)
    outside = sorted(set(fact_props) - matched_triples)
    score.facts_outside = len(outside)
    score.outside = [f"{_name(view, s)} {local(p)} {_name(view, o)}" for s, p, o in outside]

    for event in gold.events:
        score.events += 1
        ok, detail = _score_event(event, view, nodes_of)
        score.events_found += ok
        score.event_details.append(f"{event.get('id', '?')}: {detail}")

    for meta in gold.articles:
        score.articles += 1
        node = article_graphs.get(meta.get("article", ""))
        for key, value in meta.items():
            if key in ("article", "file"):
                continue
            score.article_fields += 1
            ok = node is not None and _article_field(view, node, key, value, nodes_of)
            score.article_fields_ok += ok
            if not ok:
                score.missed.append(f"article {meta.get('article')}: {key} {value!r} not found")
    return score


def _article_graphs(gold: Gold, view: GraphView) -> dict[str, str]:
    """Gold article id → article graph IRI, matched by file name, identifier or id prefix."""
    out: dict[str, str] = {}
    for meta in gold.articles:
        gid, file = meta.get("article", ""), meta.get("file")
        for node, names in sorted(view.articles.items()):
            values = [v for v in names.split("\n") if v]
            stems = {Path(v.split("#")[0]).name for v in values} | {Path(v.split("#")[0]).stem for v in values}
            if (file and (file in stems or Path(file).stem in stems)) or gid in values or any(
                    s.startswith(f"{gid}_") for s in stems):
                out[gid] = node
                break
    return out


def _fact_triples(view: GraphView) -> dict[tuple[str, str, str], set[str]]:
    """Asserted triples between two entity nodes (events and records excluded)."""
    out = {}
    for (s, p, o), graphs in view.triples.items():
        if p in NON_FACT or not view.is_entity(s) or not view.is_entity(o):
            continue
        if view.has_type(s, "Event"):  # an event's roles (participant, place) are scored with the events
            continue
        out[(s, p, o)] = graphs
    return out


def _matching(fact_props, view: GraphView, subjects: Iterable[str], predicate: str, objects: Iterable[str]):
    objects = set(objects)
    out = []
    for s in subjects:
        for p, o in view.out.get(s, ()):
            if o not in objects or (s, p, o) not in fact_props:
                continue
            if predicate == "*" or predicate in {local(x) for x in view.superproperties.get(p, {p})}:
                out.append((s, p, o))
    return out


def _score_event(event: dict, view: GraphView, nodes_of) -> tuple[bool, str]:
    wanted_type = event.get("type", "Event")
    best: tuple[int, str] | None = None
    for node in view.types:
        if not view.has_type(node, wanted_type) or not view.is_entity(node):
            continue
        linked = {o for _, o in view.out.get(node, ())}
        parts = [p for p in event.get("participants", []) if nodes_of(p) & linked]
        place = bool(event.get("place")) and bool(nodes_of(event["place"]) & linked)
        dates = {lit.value for _, lit in view.literals_of.get(node, ()) if lit.datatype.value == XSD_DATE}
        date = event.get("date") in dates if event.get("date") else True
        n = len(parts) + place + date
        detail = (f"{len(parts)}/{len(event.get('participants', []))} participants, "
                  f"place {'yes' if place else 'no'}, date {'yes' if date else 'no'} ({_name(view, node)})")
        if best is None or n > best[0]:
            best = (n, detail)
    total = len(event.get("participants", [])) + bool(event.get("place")) + 1
    if best is None:
        return False, "no event node"
    return best[0] == total, best[1]


def _article_field(view: GraphView, node: str, key: str, value, nodes_of) -> bool:
    lits = {norm(lit.value) for p, lit in view.literals_of.get(node, ()) if local(p) == key}
    linked = {o for p, o in view.out.get(node, ()) if local(p) in (key, key.rstrip("s"))}
    values = value if isinstance(value, list) else [value]
    for v in values:
        if norm(str(v)) in lits:
            continue
        if nodes_of(str(v)) & linked:
            continue
        return False
    return True


def _name(view: GraphView, node: str) -> str:
    labels = sorted(view.labels.get(node, ()))
    return labels[0] if labels else local(node)

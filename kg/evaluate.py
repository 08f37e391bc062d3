"""`kg eval`: score a built graph against a gold directory.

The gold format and its matching rules are those of the project's gold README: a node matches a
gold entity when one of its labels, normalised, equals the gold label or an alias; a fact is
found when a triple links matching nodes by the gold property, an alt predicate, or a
subproperty of one; provenance holds when the triple stands in the named graph of every article
the gold lists. Only the graph files and the ontology are read, so any tool's output in the same
vocabulary can be scored.

A gold set with a ``scope.json`` says what it annotates exhaustively, so precision is scored too:
an entity node of a scoped type that an article mentions (``schema:mentions``) and that matches
no gold entity of that article is a false positive, and so is a triple with a scoped predicate in
an article's named graph that is no gold fact of that article. With ``cross_article_identity``
false, gold ids are per article: a node counts for a gold entity only when the entity's own
article mentions it, and a fact only when it stands in that article's graph.

Counts (``Counts``) keep both sides: ``tp``/``fn`` are gold items found and missed (recall), and
``matched``/``fp`` are predictions that match a gold item and that match none (precision). The
two differ when one node matches two gold entities, two nodes one, or a triple of one predicate
finds a fact of another (an alt predicate).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

import pyoxigraph as ox

from kg.errors import UsageError
from kg.graph_files import graph_file, read_quads
from kg.normalize import norm
from kg.resources import ontology_dir

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
SUBPROPERTY = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf"
SYMMETRIC = "http://www.w3.org/2002/07/owl#SymmetricProperty"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
MENTIONS = frozenset({"https://schema.org/mentions", "http://schema.org/mentions"})
LABELS = frozenset({
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "https://schema.org/name", "http://schema.org/name",
    "https://schema.org/alternateName", "http://schema.org/alternateName",
})
# The labels that name a node (its other labels are aliases another entity may share).
PRIMARY_LABELS = frozenset({
    "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#prefLabel",
    "https://schema.org/name", "http://schema.org/name",
})
# Nodes that are records about the text, not things in the world.
RECORD_CLASSES = frozenset({
    "https://w3id.org/newskg/ontology#Statement", "https://w3id.org/newskg/ontology#Merge",
    "https://w3id.org/newskg/ontology#Community", "https://schema.org/NewsArticle",
    "http://schema.org/NewsArticle", "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement",
})
GOLD_FILES = ("entities.jsonl", "not_entities.jsonl", "facts.jsonl", "not_facts.jsonl", "events.jsonl",
              "articles.jsonl")
GRAPH_FILES = ("graph.nq", "graph.trig")
# Properties that tie a node to its own description, not facts between two things.
NON_FACT = LABELS | MENTIONS | {RDF_TYPE, "http://www.w3.org/2002/07/owl#sameAs",
                                "http://www.w3.org/2004/02/skos/core#exactMatch",
                                "http://www.w3.org/2004/02/skos/core#closeMatch"}
# Classes the gold README counts as Place whatever the ontology says.
PLACE_LIKE = frozenset({"Country", "City"})

Triple = tuple[str, str, str]


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def type_names(gold_type: str | list[str] | None, default: str = "Event") -> list[str]:
    """A gold `type` (one name or a list of accepted names) as a list."""
    if gold_type is None:
        return [default]
    return list(gold_type) if isinstance(gold_type, list) else [gold_type]


@dataclass(frozen=True)
class Scope:
    """What a gold set annotates exhaustively (scope.json), hence what precision can be scored on."""

    entity_types: tuple[str, ...] = ()
    predicates: tuple[str, ...] = ()
    entities_exhaustive: bool = False
    facts_exhaustive: bool = False
    cross_article_identity: bool = True

    @classmethod
    def load(cls, f: Path) -> "Scope":
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise UsageError(f"{f}: not JSON ({e.msg})") from None
        if not isinstance(data, dict):
            raise UsageError(f"{f}: expected a JSON object")
        ents, facts = data.get("entities") or {}, data.get("facts") or {}
        if not isinstance(ents, dict) or not isinstance(facts, dict):
            raise UsageError(f"{f}: 'entities' and 'facts' must be objects")
        return cls(tuple(ents.get("types") or ()), tuple(facts.get("predicates") or ()),
                   bool(ents.get("exhaustive")), bool(facts.get("exhaustive")),
                   bool(data.get("cross_article_identity", True)))

    @property
    def entity_precision(self) -> bool:
        return self.entities_exhaustive and bool(self.entity_types)

    @property
    def fact_precision(self) -> bool:
        return self.facts_exhaustive and bool(self.predicates)

    def as_dict(self) -> dict:
        return {"entity_types": list(self.entity_types), "predicates": list(self.predicates),
                "entities_exhaustive": self.entities_exhaustive, "facts_exhaustive": self.facts_exhaustive,
                "cross_article_identity": self.cross_article_identity}


@dataclass
class Gold:
    entities: list[dict] = field(default_factory=list)
    not_entities: list[dict] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    not_facts: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    articles: list[dict] = field(default_factory=list)
    scope: Scope | None = None

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
        if (path / "scope.json").exists():
            gold.scope = Scope.load(path / "scope.json")
        return gold

    @property
    def per_article(self) -> bool:
        """Gold ids name one article's entity (cross_article_identity false)."""
        return self.scope is not None and not self.scope.cross_article_identity

    def article_ids(self) -> list[str]:
        """Every article the gold names, articles.jsonl first."""
        seen: dict[str, None] = {}
        for row in self.articles:
            seen.setdefault(row.get("article", ""), None)
        for row in (*self.entities, *self.facts, *self.events):
            for a in row.get("articles", ()):
                seen.setdefault(a, None)
        seen.pop("", None)
        return list(seen)


@dataclass
class GraphView:
    """The quads of a build, indexed for matching."""

    triples: dict[Triple, set[str]]  # (s, p, o) → graphs ("" is the default graph)
    labels: dict[str, set[str]]  # node → normalised labels
    types: dict[str, set[str]]  # node → rdf:type IRIs
    superclasses: dict[str, set[str]]  # class IRI → itself and every superclass
    superproperties: dict[str, set[str]]  # property IRI → itself and every superproperty
    articles: dict[str, str]  # article graph IRI → its identifier / source file
    literals: dict[tuple[str, str], list[ox.Literal]]  # (s, p) → literal objects
    out: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # s → [(p, o)] of node objects
    literals_of: dict[str, list[tuple[str, ox.Literal]]] = field(default_factory=dict)  # s → [(p, literal)]
    mentions: dict[str, set[str]] = field(default_factory=dict)  # graph → nodes schema:mentions points at in it
    symmetric: set[str] = field(default_factory=set)  # owl:SymmetricProperty IRIs (graph and ontology)
    primary: dict[str, set[str]] = field(default_factory=dict)  # node → normalised rdfs:label / prefLabel / name
    mentioned: set[str] = field(default_factory=set)  # nodes some article mentions
    _class_names: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _property_names: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _names_above: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, out: Path, ontology: Path | None = None) -> "GraphView":
        quads = read_quads(graph_file(out, GRAPH_FILES))
        onto = ontology or ontology_dir() / "kg.ttl"
        schema: list[Triple] = []
        if onto.exists():
            schema = [(str(t.subject.value), str(t.predicate.value), str(t.object.value))
                      for t in ox.parse(path=str(onto), format=ox.RdfFormat.TURTLE)
                      if isinstance(t.object, ox.NamedNode)]
        view = cls(defaultdict(set), defaultdict(set), defaultdict(set), {}, {}, {}, defaultdict(list))
        sub_c: dict[str, set[str]] = defaultdict(set)
        sub_p: dict[str, set[str]] = defaultdict(set)
        mentions: dict[str, set[str]] = defaultdict(set)
        for q in quads:
            s, p, o = q.subject, q.predicate.value, q.object
            g = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value
            sv = s.value if isinstance(s, ox.NamedNode) else f"_:{s.value}"
            if isinstance(o, ox.Literal):
                if p in LABELS:
                    view.labels[sv].add(norm(o.value))
                    if p in PRIMARY_LABELS:
                        view.primary.setdefault(sv, set()).add(norm(o.value))
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
            elif p in MENTIONS and g:
                mentions[g].add(ov)
        for s, p, o in schema:
            if p == SUBCLASS:
                sub_c[s].add(o)
            elif p == SUBPROPERTY:
                sub_p[s].add(o)
            elif p == RDF_TYPE and o == SYMMETRIC:
                view.symmetric.add(s)
        view.symmetric |= {n for n, ts in view.types.items() if SYMMETRIC in ts}
        for (s_, p_, o_) in view.triples:
            view.out.setdefault(s_, []).append((p_, o_))
        for (s_, p_), lits in view.literals.items():
            view.literals_of.setdefault(s_, []).extend((p_, lit) for lit in lits)
        view.superclasses = _closure(sub_c)
        view.superproperties = _closure(sub_p)
        view.mentions = dict(mentions)
        view.mentioned = set().union(*mentions.values()) if mentions else set()
        return view

    def classes_of(self, node: str) -> set[str]:
        out: set[str] = set()
        for t in self.types.get(node, ()):
            out |= self.superclasses.get(t, {t})
        return out

    def class_names(self, node: str) -> frozenset[str]:
        """Local names of the node's classes and their superclasses (memoised: asked per gold row)."""
        names = self._class_names.get(node)
        if names is None:
            names = self._class_names[node] = frozenset(local(c) for c in self.classes_of(node))
        return names

    def property_names(self, prop: str) -> frozenset[str]:
        """Local names of the property and its superproperties (memoised: asked per triple)."""
        names = self._property_names.get(prop)
        if names is None:
            names = self._property_names[prop] = frozenset(local(x) for x in self.superproperties.get(prop, {prop}))
        return names

    def names_above(self, name: str) -> frozenset[str]:
        """A class local name and the local names of its superclasses (Country and City are Place)."""
        if not self._names_above:
            up: dict[str, set[str]] = defaultdict(set)
            for iri, sups in self.superclasses.items():
                up[local(iri)] |= {local(x) for x in sups}
            for name_ in PLACE_LIKE:
                up[name_] |= {name_, "Place"}
            self._names_above.update({k: frozenset(v) for k, v in up.items()})
        return self._names_above.get(name, frozenset({name}))

    def class_depth(self, name: str) -> int:
        """How many classes a class name is under, itself included: the larger, the more specific."""
        return len(self.names_above(name))

    def is_entity(self, node: str) -> bool:
        """Typed, and not a record (a statement, a link, an article), by its classes and their superclasses."""
        return bool(self.types.get(node)) and not (self.classes_of(node) & RECORD_CLASSES)

    def has_type(self, node: str, gold_type: str | list[str]) -> bool:
        """Any of the accepted gold types is a class of the node, or a superclass of one."""
        names = self.class_names(node)
        for t in type_names(gold_type):
            if t in names or (t == "Place" and names & PLACE_LIKE):
                return True
        return False


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
class Counts:
    """One bucket of a benchmark: gold items found or missed, predictions right or wrong.

    ``fp`` is None when the gold set does not annotate the bucket exhaustively: precision is then
    not scored.
    """

    tp: int = 0  # gold items found
    fn: int = 0  # gold items missed
    matched: int = 0  # predictions that match a gold item
    fp: int | None = None  # predictions that match none

    def gold(self, found: bool) -> None:
        if found:
            self.tp += 1
        else:
            self.fn += 1

    def predicted(self, right: bool) -> None:
        if right:
            self.matched += 1
        else:
            self.fp = (self.fp or 0) + 1

    @property
    def p(self) -> float | None:
        if self.fp is None or not self.matched + self.fp:
            return None
        return self.matched / (self.matched + self.fp)

    @property
    def r(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.p, self.r
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"p": self.p, "r": self.r, "f1": self.f1, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "matched": self.matched}

    def text(self) -> str:
        """'P 0.88 (7/8) R 1.00 (7/7) F1 0.93', or only R when precision is not scored."""
        r = f"R {fmt(self.r)} ({self.tp}/{self.tp + self.fn})"
        if self.fp is None:
            return r
        return f"P {fmt(self.p)} ({self.matched}/{self.matched + self.fp}) {r} F1 {fmt(self.f1)}"

    def prf(self) -> str:
        return f"{fmt(self.p)}/{fmt(self.r)}/{fmt(self.f1)}"


def micro(buckets: dict[str, Counts]) -> Counts:
    """The sum of the buckets (precision only over those that score it)."""
    total = Counts()
    for c in buckets.values():
        total.tp += c.tp
        total.fn += c.fn
        total.matched += c.matched
        if c.fp is not None:
            total.fp = (total.fp or 0) + c.fp
    return total


def fmt(x: float | None) -> str:
    """Two decimals, '-' for a figure that cannot be computed."""
    return "-" if x is None else f"{x:.2f}"


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
    # The benchmark: P/R/F1 by bucket; precision only for what scope.json declares exhaustive.
    scope: Scope | None = None
    entities_found: dict[str, Counts] = field(default_factory=dict)  # by gold type: any matching node
    entities_typed: dict[str, Counts] = field(default_factory=dict)  # by gold type: a node of the right type
    facts_by_predicate: dict[str, Counts] = field(default_factory=dict)
    events_by_class: dict[str, Counts] = field(default_factory=dict)
    false_positives: list[str] = field(default_factory=list)  # "article: entity …" / "article: fact …"
    false_positive_entities: int = 0
    false_positive_facts: int = 0
    # One gold id across articles: entities split over nodes, and nodes that merge two gold ids.
    splits: list[str] = field(default_factory=list)
    split_of: int = 0  # gold entities found in two or more articles
    false_merges: list[str] = field(default_factory=list)
    merged_of: int = 0  # nodes that match a gold entity

    @property
    def identity_scored(self) -> bool:
        return bool(self.split_of)

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
            *self.identity_lines(),
            *self.benchmark_lines(),
        ]

    def identity_lines(self) -> list[str]:
        if not self.identity_scored:
            return []
        return [f"cross-article split: {len(self.splits)}/{self.split_of} entities named in two or more articles "
                f"({fmt(len(self.splits) / self.split_of)})" + (f": {'; '.join(self.splits)}" if self.splits else ""),
                f"false merges: {len(self.false_merges)}/{self.merged_of} nodes "
                f"({fmt(len(self.false_merges) / self.merged_of if self.merged_of else None)})"
                + (f": {'; '.join(self.false_merges)}" if self.false_merges else "")]

    def benchmark_lines(self) -> list[str]:
        """P/R/F1 by type, predicate and event class, each group ending with its micro average."""
        out = [self._scope_line()]
        for name, buckets in (("entities found", self.entities_found), ("entities typed", self.entities_typed),
                              ("facts", self.facts_by_predicate)):
            out += [f"{name}, {key}: {c.text()}" for key, c in sorted(buckets.items()) if c.tp + c.fn + c.matched + (c.fp or 0)]
            out.append(f"{name}, micro: {micro(buckets).text()}")
        out += [f"events, {key}: {c.text()}" for key, c in sorted(self.events_by_class.items())]
        out.append(f"events, all: {micro(self.events_by_class).text()}")
        if self.scope is not None:
            out.append(f"false positives: {self.false_positive_entities} entities, {self.false_positive_facts} facts")
        return out

    def _scope_line(self) -> str:
        s = self.scope
        if s is None:
            return "scope: none (recall only; a scope.json in the gold directory adds precision)"
        ents = ", ".join(s.entity_types) if s.entity_precision else "not exhaustive"
        facts = ", ".join(s.predicates) if s.fact_precision else "not exhaustive"
        ids = "across articles" if s.cross_article_identity else "per article"
        return f"scope: entities {ents}; facts {facts}; gold ids {ids}"

    def summary(self) -> str:
        return (
            f"summary: entities {self.required_found}/{self.required_entities} found, "
            f"{self.required_typed}/{self.required_entities} typed, {len(self.duplicates)} duplicates, "
            f"{len(self.junk)} junk | facts {self.required_facts_found}/{self.required_facts} required, "
            f"{len(self.wrong_facts)} wrong, provenance {self.provenance_ok}/{self.provenance_of} | "
            f"events {self.events_found}/{self.events} | outside/inside {self.facts_outside}/{self.facts_inside}"
            f" | entity found P/R/F1 {micro(self.entities_found).prf()}"
            f" | entity typed P/R/F1 {micro(self.entities_typed).prf()}"
            f" | fact P/R/F1 {micro(self.facts_by_predicate).prf()}"
            f" | event R {fmt(micro(self.events_by_class).r)}"
            + (f" | split {fmt(len(self.splits) / self.split_of)} merges "
               f"{fmt(len(self.false_merges) / self.merged_of if self.merged_of else None)}" if self.identity_scored else "")
        )

    def as_json(self) -> dict:
        """Every figure: the report's counts and lists as before, and the benchmark under 'scores'."""
        bench = {"scope", "entities_found", "entities_typed", "facts_by_predicate", "events_by_class",
                 "false_positive_entities", "false_positive_facts"}
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in bench}

        def group(buckets: dict[str, Counts], key: str) -> dict:
            return {key: {k: c.as_dict() for k, c in sorted(buckets.items())}, "micro": micro(buckets).as_dict()}

        data["scores"] = {
            "scope": self.scope.as_dict() if self.scope else None,
            "entities": {"found": group(self.entities_found, "by_type"),
                         "typed": group(self.entities_typed, "by_type")},
            "facts": group(self.facts_by_predicate, "by_predicate"),
            "events": {"by_class": {k: c.as_dict() for k, c in sorted(self.events_by_class.items())},
                       "all": micro(self.events_by_class).as_dict()},
            "duplicates": len(self.duplicates),
            "identity": {"split": len(self.splits), "split_of": self.split_of,
                         "false_merges": len(self.false_merges), "merged_of": self.merged_of},
            "false_positives": {"entities": self.false_positive_entities, "facts": self.false_positive_facts},
        }
        return data


@dataclass
class Matcher:
    """Gold ids → the nodes that match them: by label, within the gold's own articles when ids are per article."""

    view: GraphView
    gold_entities: dict[str, dict]
    by_label: dict[str, list[str]]
    article_graphs: dict[str, str]
    per_article: bool
    _cache: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def names(self, gold_id: str) -> set[str]:
        ent = self.gold_entities.get(gold_id)
        if ent is None:
            return set()
        return {norm(ent["label"])} | {norm(a) for a in ent.get("aliases", [])}

    def nodes(self, gold_id: str) -> frozenset[str]:
        hit = self._cache.get(gold_id)
        if hit is None:
            nodes = {n for name in self.names(gold_id) for n in self.by_label.get(name, ())}
            graphs = self.graphs(self.gold_entities.get(gold_id, {}))
            if graphs is not None:
                nodes = {n for n in nodes if any(n in self.view.mentions.get(g, ()) for g in graphs)}
            hit = self._cache[gold_id] = frozenset(nodes)
        return hit

    def graphs(self, row: dict) -> set[str] | None:
        """The named graphs of a gold row's articles when ids are per article; None: any graph counts."""
        if not self.per_article or not row.get("articles"):
            return None
        return {self.article_graphs[a] for a in row["articles"] if a in self.article_graphs}


def evaluate(gold: Gold, view: GraphView) -> Score:
    """Every figure of the report: the gold's own counts, then the benchmark (P/R/F1)."""
    score = Score(scope=gold.scope)
    by_label: dict[str, list[str]] = defaultdict(list)
    for node in sorted(n for n in view.labels if view.is_entity(n)):
        for label in view.labels[node]:
            by_label[label].append(node)
    article_graphs = _article_graphs(gold, view)
    match = Matcher(view, {e["id"]: e for e in gold.entities}, by_label, article_graphs, gold.per_article)
    _report_entities(gold, view, match, score)
    if not gold.per_article:
        _report_identity(gold, view, match, score)
    fact_props = _fact_triples(view)
    found_facts = _report_facts(gold, view, match, fact_props, score)
    _report_events(gold, view, match, score)
    _report_articles(gold, view, match, score)
    fps: dict[str, list[str]] = defaultdict(list)
    _score_entities(gold, view, match, score, fps)
    _score_facts(gold, view, match, fact_props, found_facts, score, fps)
    score.false_positives = [f"{a}: {line}" for a in sorted(fps) for line in fps[a]]
    return score


def _report_entities(gold: Gold, view: GraphView, match: Matcher, score: Score) -> None:
    """Required and optional entities found and typed, duplicates, junk."""
    for ent in gold.entities:
        nodes = match.nodes(ent["id"])
        if ent.get("required"):
            score.required_entities += 1
            score.required_found += bool(nodes)
            typed = any(view.has_type(n, ent["type"]) for n in nodes)
            score.required_typed += typed
            if not nodes:
                score.missed.append(f"entity {ent['id']} ({ent['label']}) not found")
            elif not typed:
                score.missed.append(f"entity {ent['id']} ({ent['label']}) found but not typed "
                                    f"{'|'.join(type_names(ent['type']))}")
        else:
            score.optional_entities += 1
            score.optional_found += bool(nodes)
        if gold.per_article and len(nodes) > 1:
            score.duplicates.append(f"{ent['id']}: {len(nodes)} nodes")
        elif not gold.per_article:  # one id across articles: two nodes for it in one article
            most = max((len(found) for found in _found_by_article(ent, view, match).values()), default=0)
            if most > 1:
                score.duplicates.append(f"{ent['id']}: {most} nodes")
    for bad in gold.not_entities:
        for node in match.by_label.get(norm(bad["text"]), ()):
            if bad.get("wrong_type") is None or view.has_type(node, bad["wrong_type"]):
                score.junk.append(f"{bad['text']!r}" + (f" as {bad['wrong_type']}" if bad.get("wrong_type") else ""))


def _report_identity(gold: Gold, view: GraphView, match: Matcher, score: Score) -> None:
    """One gold id across articles: in each of its articles, the node the article mentions that
    carries its name (by main label first, else by alias). A gold entity whose articles find
    different nodes is split; a node found for two gold entities merges them."""
    chosen: dict[str, set[str]] = defaultdict(set)  # node → gold ids it was found for
    for ent in gold.entities:
        found = _found_by_article(ent, view, match)
        every = set().union(*found.values()) if found else set()
        for node in every:
            chosen[node].add(ent["id"])
        if len(found) >= 2:
            score.split_of += 1
            if len(every) > 1:
                score.splits.append(f"{ent['id']} over {len(every)} nodes")
    score.merged_of = len(chosen)
    score.false_merges = [f"{_short(n)} = {' + '.join(sorted(ids))}" for n, ids in sorted(chosen.items()) if len(ids) > 1]


def _found_by_article(ent: dict, view: GraphView, match: Matcher) -> dict[str, set[str]]:
    """Article → the nodes it mentions that carry the gold entity's name: those whose main label
    it is when there are any, else those with it as an alias."""
    names = match.names(ent["id"])
    found: dict[str, set[str]] = {}
    # a node no article mentions is in none and so could be in any
    nowhere = {n for n in match.nodes(ent["id"]) if n not in view.mentioned}
    for article in ent.get("articles", ()):
        graph = match.article_graphs.get(article)
        mentioned = view.mentions.get(graph, set()) if graph else set()
        nodes = {n for n in mentioned if view.labels.get(n, set()) & names} | nowhere
        named = {n for n in nodes if view.primary.get(n, set()) & names}
        if nodes:
            found[article] = named or nodes
    return found


def _short(iri: str) -> str:
    return iri.rsplit("/", 2)[-2] + "/" + iri.rsplit("/", 1)[-1] if iri.count("/") >= 2 else iri


def _report_facts(gold: Gold, view: GraphView, match: Matcher, fact_props, score: Score) -> list[bool]:
    """Facts found, their provenance, wrong facts and the triples outside the gold; whether each gold fact was found."""
    matched_triples: set[Triple] = set()
    found_facts: list[bool] = []
    for fact in gold.facts:
        hits = _fact_hits(fact, view, fact_props, match)
        matched_triples.update(hits)
        found = bool(hits)
        found_facts.append(found)
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
            wanted = {match.article_graphs.get(a) for a in fact.get("articles", [])}
            if None not in wanted and wanted <= graphs:
                score.provenance_ok += 1
            else:
                score.missed.append(f"fact {fact['id']}: not in the graph of every article listed")
    for bad in gold.not_facts:
        for pred in bad.get("predicates", ["*"]):
            for t in _matching(fact_props, view, match.nodes(bad["subject"]), {pred}, match.nodes(bad["object"])):
                score.wrong_facts.append(f"{bad['subject']} {local(t[1])} {bad['object']}")
    score.facts_inside = len(matched_triples)
    outside = sorted(set(fact_props) - matched_triples)
    score.facts_outside = len(outside)
    score.outside = [f"{_name(view, s)} {local(p)} {_name(view, o)}" for s, p, o in outside]
    return found_facts


def _report_events(gold: Gold, view: GraphView, match: Matcher, score: Score) -> None:
    """Each gold event found or not (with what matched best), and recall by class."""
    candidates = [n for n in view.types if view.is_entity(n)]
    for event in gold.events:
        score.events += 1
        ok, detail = _score_event(event, view, match.nodes, candidates, match.graphs(event))
        score.events_found += ok
        score.event_details.append(f"{event.get('id', '?')}: {detail}")
        score.events_by_class.setdefault("/".join(type_names(event.get("type"))), Counts()).gold(ok)


def _report_articles(gold: Gold, view: GraphView, match: Matcher, score: Score) -> None:
    """The metadata fields articles.jsonl gives, on each article node."""
    for meta in gold.articles:
        score.articles += 1
        node = match.article_graphs.get(meta.get("article", ""))
        for key, value in meta.items():
            if key in ("article", "file"):
                continue
            score.article_fields += 1
            ok = node is not None and _article_field(view, node, key, value, match.nodes)
            score.article_fields_ok += ok
            if not ok:
                score.missed.append(f"article {meta.get('article')}: {key} {value!r} not found")


def _article_graphs(gold: Gold, view: GraphView) -> dict[str, str]:
    """Gold article id → article graph IRI.

    An identifier (or source file) equal to the id or to the row's file wins; else the first graph
    by IRI whose identifier or source file has the file's name or stem, or starts with the id and
    '_' (the demo's "000" is 000_e466….txt). Indexed once: thousands of articles map in linear time.
    """
    exact: dict[str, str] = {}
    stems: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for node, names in sorted(view.articles.items(), reverse=True):  # the smallest IRI is written last
        values = [v for v in names.split("\n") if v]
        for v in values:
            exact[v] = node
            path = Path(v.split("#")[0])
            for stem in (path.name, path.stem):
                stems[stem] = node
                for i, ch in enumerate(stem):
                    if ch == "_":
                        prefixes[stem[:i]] = node
    rows = {row.get("article", ""): row.get("file") for row in gold.articles}
    out: dict[str, str] = {}
    for gid in gold.article_ids():
        file = rows.get(gid)
        found = [exact[x] for x in (gid, file) if x in exact]
        if not found:
            hits = [prefixes.get(gid)] + ([stems.get(file), stems.get(Path(file).stem)] if file else [])
            found = [h for h in hits if h]
        if found:
            out[gid] = min(found)
    return out


def _fact_triples(view: GraphView) -> dict[Triple, set[str]]:
    """Asserted triples between two entity nodes (events and records excluded)."""
    out = {}
    for (s, p, o), graphs in view.triples.items():
        if p in NON_FACT or not view.is_entity(s) or not view.is_entity(o):
            continue
        if view.has_type(s, "Event"):  # an event's roles (participant, place) are scored with the events
            continue
        out[(s, p, o)] = graphs
    return out


def _predicates(fact: dict) -> set[str]:
    return {fact["predicate"], *fact.get("alt_predicates", [])}


def _fact_hits(fact: dict, view: GraphView, fact_props, match: Matcher) -> list[Triple]:
    """The triples that find a gold fact: either way round when it is symmetric (gold or ontology);
    only those in the fact's own article graphs when ids are per article."""
    subjects = set().union(*(match.nodes(x) for x in [fact["subject"], *fact.get("alt_subjects", [])]))
    objects = match.nodes(fact["object"])
    names = _predicates(fact)
    hits = _matching(fact_props, view, subjects, names, objects)
    back = _matching(fact_props, view, objects, names, subjects)
    hits += [t for t in back if fact.get("symmetric") or t[1] in view.symmetric]
    graphs = match.graphs(fact)
    if graphs is not None:
        hits = [t for t in hits if view.triples[t] & graphs]
    return hits


def _matching(fact_props, view: GraphView, subjects: Iterable[str], predicates: set[str], objects: Iterable[str]):
    objects = set(objects)
    out = []
    for s in subjects:
        for p, o in view.out.get(s, ()):
            if o not in objects or (s, p, o) not in fact_props:
                continue
            if "*" in predicates or predicates & view.property_names(p):
                out.append((s, p, o))
    return out


def _score_event(event: dict, view: GraphView, nodes_of, candidates: list[str],
                 graphs: set[str] | None = None) -> tuple[bool, str]:
    """Found when one node of the event's class links every participant, the place and the date
    the gold gives (a null place or date is not scored); in the event's own article graphs when
    ids are per article."""
    wanted_type = event.get("type") or "Event"
    best: tuple[int, str] | None = None
    for node in candidates:
        if not view.has_type(node, wanted_type):
            continue
        linked = {o for p, o in view.out.get(node, ())
                  if graphs is None or view.triples[(node, p, o)] & graphs}
        if graphs is not None and not linked:  # another article's event
            continue
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


def _by_article(gold: Gold, rows: list[dict]) -> dict[str, list[dict]]:
    """Gold rows by article; a row that names no article belongs to every one."""
    out: dict[str, list[dict]] = defaultdict(list)
    everywhere = [r for r in rows if not r.get("articles")]
    for a in gold.article_ids():
        out[a] = list(everywhere)
    for r in rows:
        for a in r.get("articles", ()):
            out[a].append(r)
    return out


def _node_bucket(view: GraphView, node: str, scoped: tuple[str, ...]) -> str | None:
    """The scoped type a node is, or descends from: the most specific one (first on a tie)."""
    cands = [t for t in scoped if view.has_type(node, t)]
    return max(cands, key=view.class_depth) if cands else None


def _gold_bucket(view: GraphView, gold_type, scoped: tuple[str, ...]) -> str:
    """The bucket of a gold entity: the most specific scoped type its first mappable accepted type
    is or descends from (Country → Place); without one, its type names."""
    names = type_names(gold_type)
    for t in names:
        cands = [s for s in scoped if s in view.names_above(t)]
        if cands:
            return max(cands, key=view.class_depth)
    return "/".join(names)


def _property_bucket(view: GraphView, prop: str, scoped: set[str]) -> str | None:
    """The scoped predicate a property is or descends from: the most specific one."""
    cands = sorted(q for q in view.superproperties.get(prop, {prop}) if local(q) in scoped)
    if not cands:
        return None
    return local(max(cands, key=lambda q: len(view.superproperties.get(q, {q}))))


def _score_entities(gold: Gold, view: GraphView, match: Matcher, score: Score, fps: dict[str, list[str]]) -> None:
    """Recall by gold type (required entities); precision over the scoped nodes each article mentions."""
    scope = gold.scope
    scoped = scope.entity_types if scope else ()
    precision = scope is not None and scope.entity_precision
    found, typed = score.entities_found, score.entities_typed
    if precision:
        for t in scoped:
            found[t], typed[t] = Counts(fp=0), Counts(fp=0)
    for ent in gold.entities:
        if not ent.get("required"):
            continue
        bucket = _gold_bucket(view, ent["type"], scoped)
        nodes = match.nodes(ent["id"])
        found.setdefault(bucket, Counts()).gold(bool(nodes))
        typed.setdefault(bucket, Counts()).gold(any(view.has_type(n, ent["type"]) for n in nodes))
    if not precision:
        return
    ents_of = _by_article(gold, gold.entities)
    for article in gold.article_ids():
        graph = match.article_graphs.get(article)
        if graph is None:
            continue
        by_name: dict[str, list[dict]] = defaultdict(list)
        for ent in ents_of[article]:
            for name in match.names(ent["id"]):
                by_name[name].append(ent)
        for node in sorted(view.mentions.get(graph, ())):
            bucket = _node_bucket(view, node, scoped) if view.is_entity(node) else None
            if bucket is None:
                continue
            hits = [e for label in view.labels.get(node, ()) for e in by_name.get(label, ())]
            # Found ignores the node's class, so a hit counts in the bucket of the gold entity it
            # matches (the node's own when it matches several); typed counts in the node's.
            gold_buckets = {_gold_bucket(view, e["type"], scoped) for e in hits}
            found_in = bucket if bucket in gold_buckets or not hits else min(gold_buckets)
            found.setdefault(found_in, Counts(fp=0)).predicted(bool(hits))
            typed[bucket].predicted(any(view.has_type(node, e["type"]) for e in hits))
            if not hits:
                score.false_positive_entities += 1
                fps[article].append(f"entity {_name(view, node)!r} ({bucket})")


def _score_facts(gold: Gold, view: GraphView, match: Matcher, fact_props, found_facts: list[bool],
                 score: Score, fps: dict[str, list[str]]) -> None:
    """Recall by gold predicate (required facts); precision over each article graph's scoped triples."""
    scope = gold.scope
    precision = scope is not None and scope.fact_precision
    counts = score.facts_by_predicate
    scoped = set(scope.predicates) if scope else set()
    if precision:
        for p in scope.predicates:
            counts[p] = Counts(fp=0)
    for fact, found in zip(gold.facts, found_facts):
        if fact.get("required"):
            counts.setdefault(fact["predicate"], Counts()).gold(found)
    if not precision:
        return
    in_graph: dict[str, list[Triple]] = defaultdict(list)
    for t, graphs in fact_props.items():
        for g in graphs:
            in_graph[g].append(t)
    facts_of = _by_article(gold, gold.facts)
    for article in gold.article_ids():
        graph = match.article_graphs.get(article)
        if graph is None:
            continue
        for t in sorted(in_graph.get(graph, ())):
            bucket = _property_bucket(view, t[1], scoped)
            if bucket is None:
                continue
            right = any(_is_fact(f, t, view, match) for f in facts_of[article])
            counts[bucket].predicted(right)
            if not right:
                score.false_positive_facts += 1
                fps[article].append(f"fact {_name(view, t[0])} {local(t[1])} {_name(view, t[2])}")


def _is_fact(fact: dict, t: Triple, view: GraphView, match: Matcher) -> bool:
    """The triple states the gold fact (its predicate, an alt predicate or a subproperty; either way
    round when symmetric)."""
    s, p, o = t
    if not _predicates(fact) & view.property_names(p):
        return False
    subjects = set().union(*(match.nodes(x) for x in [fact["subject"], *fact.get("alt_subjects", [])]))
    objects = match.nodes(fact["object"])
    if s in subjects and o in objects:
        return True
    return (fact.get("symmetric") or p in view.symmetric) and o in subjects and s in objects


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

"""Entity resolution inside one article: mentions → entities, and the summary of each entity
that resolution across articles (kg.identity) reads.

Mentions join when they spell the same name, when a short person name ends the one full name
("Merkel" → "Angela Merkel"), when an acronym spells a name's initials, or when coreference links
them (descriptions, alias clauses, pronouns). Two gazetteer entries (two countries) never join.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from kg.normalize import norm
from kg.ontology import Ontology
from kg.types import ArticleExtraction, ArticleSummary, Entity, EntitySummary, Link, Mention

TOP_CLASSES = ("Person", "Place", "Organization", "Event", "Document")


def top_class(cls: str, onto: Ontology) -> str:
    for top in TOP_CLASSES:
        if onto.is_a(cls, top):
            return top
    return cls


def _vote_class(votes: Iterable[tuple[str, int]]) -> tuple[str, int]:
    """The class with the strongest evidence (gazetteer > context > NER label), then the most votes."""
    counts = Counter(votes)
    (cls, strength), _ = sorted(counts.items(), key=lambda kv: (-kv[0][1], -kv[1], kv[0][0]))[0]
    return cls, strength


def _best_label(names: Counter[str], key: str) -> str:
    """Most frequent name that spells the key; mixed case beats ALL CAPS."""
    exact = [(n, c) for n, c in names.items() if n and norm(n) == key]
    pool = exact or [(n, c) for n, c in names.items() if n]
    if not pool:
        return key.title()
    best = sorted(pool, key=lambda nc: (nc[0].isupper(), -nc[1], -len(nc[0]), nc[0]))[0][0]
    if best.isupper() and len(best) > 4:  # a dateline's "SMALLTOWN": take the casing of another mention
        for name in sorted(names):
            at = name.casefold().find(best.casefold())
            if at >= 0 and not name.isupper():
                return name[at:at + len(best)]
    return best


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _initials(key: str) -> str:
    words = [w for w in key.replace("-", " ").split() if w not in ("of", "the", "and", "for", "de", "&")]
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def _short_forms(keys: dict[str, str], onto: Ontology, counts: dict[str, int] | None = None,
                 company_heads: frozenset[str] = frozenset()) -> dict[str, str]:
    """Short name → the longer name it abbreviates, within one class family.

    A person's full name without its middle names joins the one name with them ("john bolton" →
    "john r. bolton"); a person's last name(s) join the full name that ends with them, or, when
    several do, the one the article names at least twice as often as any other; an acronym joins
    the name whose initials it spells ("ecb" → "european central bank"); a place's bare name joins
    its name with a class noun ("ruritania" → "ruritania province"); a lone word that no person's
    name ends with joins the one organisation whose name it starts, when the rest of that name is
    a company's kind ("corvane" → "corvane motors", not "falcon" → "falcon heavy") or the NER took
    the word for a person.
    """
    counts = counts or {}
    person = {k for k, c in keys.items() if onto.is_a(c, "Person")}
    out: dict[str, str] = {}
    for key in person:  # "John Bolton" is the "John R. Bolton" of the same article
        words = key.split()
        fuller = [k for k in person if len(words) == 2 and len(k.split()) > 2
                  and (k.split()[0], k.split()[-1]) == (words[0], words[1])]
        if len(fuller) == 1:
            out[key] = fuller[0]
    for key, cls in keys.items():
        if key in out:
            continue
        words = key.split()
        if key in person:
            longer = sorted({out.get(k, k) for k in person if len(k.split()) > len(words)
                             and k.split()[-len(words):] == words})
            longer = _salient(longer, counts, out) if len(longer) > 1 else longer
        else:
            compact = key.replace(".", "").replace("-", "")
            longer = [k for k, c in keys.items() if k != key and not onto.is_a(c, "Person")
                      and ((len(words) == 1 and len(compact) > 1 and _initials(k) == compact)
                           or (onto.is_a(cls, "Place") and onto.is_a(c, "Place") and k.split()[:-1] == words))]
        if not longer and len(words) == 1 and (onto.is_a(cls, "Person") or onto.is_a(cls, "Organization")):
            # "Corvane" for "Corvane Motors"
            longer = [k for k, c in keys.items() if onto.is_a(c, "Organization") and len(k.split()) > 1
                      and k.split()[0] == key and (onto.is_a(cls, "Person") or " ".join(k.split()[1:]) in company_heads)]
        if len(longer) == 1:
            out[key] = longer[0]
    return out


def _salient(names: list[str], counts: dict[str, int], variants: dict[str, str]) -> list[str]:
    """Of several full names a surname could stand for, the one named at least twice as often as
    any other (and at least twice), counting its variants; else none."""
    total = {n: sum(c for k, c in counts.items() if variants.get(k, k) == n) for n in names}
    ranked = sorted(names, key=lambda n: (-total[n], n))
    first, second = total[ranked[0]], total[ranked[1]]
    return [ranked[0]] if first >= 2 and first >= 2 * second else []


def resolve_article(
    mentions: list[Mention], onto: Ontology, n_references: int = 0, links: Iterable[tuple[int, int]] = (),
    company_heads: frozenset[str] = frozenset(),
) -> tuple[list[Entity], list[int]]:
    """Group one article's mentions (and references: descriptions, pronouns) into entities.

    Nodes 0..len(mentions)-1 are the mentions, the next ``n_references`` the references; ``links``
    join two nodes. Returns the entities and each node's entity id, -1 for a group that holds no
    name (a description that never got one is left alone).
    """
    n = len(mentions)
    uf = _Union(n + n_references)
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_key[m.key].append(i)
    key_class = {k: _vote_class((mentions[i].cls, mentions[i].strength) for i in idx)[0] for k, idx in by_key.items()}
    short = _short_forms(key_class, onto, {k: len(idx) for k, idx in by_key.items()}, company_heads)
    for key, idx in by_key.items():
        target = short.get(key, key)
        target = short.get(target, target)  # "bolton" → "john bolton" → "john r. bolton"
        for i in idx:
            uf.join(i, by_key[target][0])
    for a, b in links:
        if a < n and b < n and min(mentions[a].strength, mentions[b].strength) >= 2 and mentions[a].key != mentions[b].key:
            continue  # two different gazetteer entries (two countries) are two things, whatever links them
        uf.join(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for node in range(n + n_references):
        groups[uf.find(node)].append(node)
    entities: list[Entity] = []
    owner = [-1] * (n + n_references)
    named = [sorted(i for i in nodes if i < n) for nodes in groups.values()]
    for idx, nodes in sorted(zip(named, groups.values()), key=lambda p: min(p[0]) if p[0] else n + 1):
        if not idx:
            continue
        cls, strength = _vote_class((mentions[i].cls, mentions[i].strength) for i in idx)
        # The entity's key: its longest person name, else its most frequent name.
        keys = Counter(mentions[i].key for i in idx if mentions[i].canonical)
        if onto.is_a(cls, "Person"):
            key = sorted(keys, key=lambda k: (-len(k.split()), -keys[k], k))[0]
        else:
            key = sorted(keys, key=lambda k: (-keys[k], -len(k), k))[0]
        canonicals = Counter(mentions[i].canonical for i in idx)
        ent = Entity(
            id=len(entities), cls=cls, key=key, label=_best_label(canonicals, key),
            aliases={mentions[i].text for i in idx if mentions[i].text},
            mentions=[mentions[i] for i in idx], names=set(keys), strength=strength,
        )
        entities.append(ent)
        for node in nodes:
            owner[node] = ent.id
    return entities, owner


def _merge_links(links: Iterable[Link]) -> tuple[Link, ...]:
    """One link per target, the most confident reading of it."""
    best: dict[str, Link] = {}
    for ln in links:
        if ln.target not in best or (ln.confidence, ln.extractor) > (best[ln.target].confidence, best[ln.target].extractor):
            best[ln.target] = ln
    return tuple(sorted(best.values(), key=lambda ln: (ln.dataset, ln.target)))


# The facts that say who someone is, for telling namesakes apart across articles.
IDENTITY_TIES = frozenset({"worksFor", "leaderOf", "memberOf", "citizenOf", "affiliatedWith", "spouseOf", "childOf",
                           "parentOf", "siblingOf", "educatedAt", "founded", "ownerOf", "basedIn", "partOf"})


def summarize(ex: ArticleExtraction) -> ArticleSummary:
    """The part of an extraction that resolution and the default graph read."""
    ties: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for st in ex.statements:
        if st.predicate in IDENTITY_TIES and st.modality == "asserted":
            ties[st.subject].add((st.predicate, ex.entities[st.object].key))
    roles = _roles(ex)
    entities = []
    for e in ex.entities:
        canonicals = Counter(m.canonical for m in e.mentions)
        entities.append(EntitySummary(
            cls=e.cls, key=e.key, label=e.label, names=frozenset(e.names), strength=e.strength,
            mention_count=len(e.mentions), canonicals=tuple(sorted(canonicals.items())),
            aliases=frozenset(m.text for m in e.mentions if m.text), links=tuple(ex.links.get(e.id, ())),
            descriptors=frozenset(e.descriptors), ties=frozenset(ties.get(e.id, ())),
            roles=frozenset(roles.get(e.id, ())),
        ))
    return ArticleSummary(ex.article.id, tuple(entities), tuple(ex.events), len(ex.statements))


def _roles(ex: ArticleExtraction) -> dict[int, set[tuple[str, str]]]:
    """Each entity's place in the triples its article asserts (kg.rdf writes them): the subject or
    object of a fact, a participant (or narrower role) or the place of an event. The class chosen
    across articles must fit them all, or the graph would contradict its ontology."""
    roles: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for st in ex.statements:
        if st.modality == "asserted":
            roles[st.subject].add(("subject", st.predicate))
            roles[st.object].add(("object", st.predicate))
    for ev in ex.events:
        named = dict(ev.roles)
        for p in ev.participants:
            if named.get(p) != "target":
                roles[p].add(("object", "participant"))
            if p in named:
                roles[p].add(("object", named[p]))
        if ev.place is not None:
            roles[ev.place].add(("object", "place"))
    return roles

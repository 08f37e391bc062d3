"""Entity resolution across a corpus: each article's entities → one node per real-world entity.

A deterministic reduce over article summaries (same summaries, same result, whatever the order
of the build): entities join when an outside id, a name or a short form says they are one, and a
lone surname joins the full name its own article supports (titles, roles, the entities named
with it), or the corpus's dominant full name when nothing speaks against it. Joins are refused
across two different outside ids, two top classes or two kinds of place (a city and a state of
one name), and against a user's "different" decision. Every join is kept with its rule and
confidence, so each resolved entity can say which names from which articles it gathered, and why.
"""

from __future__ import annotations

import csv
import json
import math
from collections import Counter, defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import UsageError
from kg.gazetteer import GivenNames
from kg.normalize import norm
from kg.ontology import Ontology
from kg.resolve import _best_label, _initials, _merge_links, _vote_class, summarize, top_class
from kg.resources import gazetteer_path, patterns_path
from kg.types import ArticleExtraction, ArticleSummary, EntitySummary, Merge, ResolvedEntity

# Rules and their confidence. A surname's join by context gets a confidence from its evidence.
SEED, SAME_ID, SAME_NAME, SHARED_ALIAS, SHORT_FORM, PLACE_KIND = "seed", "same-id", "same-name", "shared-alias", \
    "short-form", "place-of-unknown-kind"
SURNAME_CONTEXT, SURNAME_UNIQUE, SURNAME_DOMINANT, SURNAME_ONLY, DECISION = "surname-context", "surname-unique", \
    "surname-dominant", "surname-only", "decision"
BUILDING = "building-and-body"
CONFIDENCE = {SEED: 1.0, SAME_ID: 1.0, SAME_NAME: 0.95, SHARED_ALIAS: 0.85, SHORT_FORM: 0.9, PLACE_KIND: 0.75,
              SURNAME_UNIQUE: 0.8, SURNAME_DOMINANT: 0.55, SURNAME_ONLY: 0.7, DECISION: 1.0, BUILDING: 0.8}
# Places of these kinds are told apart even when they share a name: "New York" the state and the city.
PLACE_KINDS = ("Country", "Region", "City")
_PRONOUNS = frozenset({"he", "him", "his", "she", "her"})
# A lone surname goes to a candidate only with this much evidence, and twice the next one's.
EVIDENCE_NEEDED, EVIDENCE_MARGIN = 2.0, 2.0
TITLE_WEIGHT, TIE_WEIGHT = 3.0, 3.0
# A word that many people have as their first name (percent of US men or women) is no surname alone.
GIVEN_NAME_SHARE = 0.05
# Or, with no evidence either way, to a full name that holds this share of the surname's articles.
DOMINANT_SHARE, DOMINANT_ARTICLES = 0.8, 3


@dataclass(frozen=True)
class Decision:
    """A user's correction: ``a`` and ``b`` (an IRI or a label) are, or are not, one entity."""

    same: bool
    a: str
    b: str
    where: str  # "file:line", for errors


@dataclass(frozen=True)
class CorpusRules:
    """The tables corpus resolution reads: short forms, and what says a person's sex."""

    short_forms: dict[str, str] = field(default_factory=dict)  # "fed" → "federal reserve"
    sexes: dict[str, str] = field(default_factory=dict)  # descriptor → "male" | "female"
    given: GivenNames | None = None
    national_bodies: frozenset[str] = frozenset()  # "senate": whose, the article's places say

    @classmethod
    def load(cls) -> "CorpusRules":
        forms: dict[str, str] = {}
        with open(gazetteer_path("short_forms.tsv"), encoding="utf-8", newline="") as f:
            for row in csv.reader(f, delimiter="\t"):
                if row and not row[0].startswith("#") and len(row) >= 2:
                    forms[norm(row[0])] = norm(row[1])
        with open(patterns_path("titles.json"), encoding="utf-8") as f:
            sexes = json.load(f).get("sexes", {})
        with open(patterns_path("resolution.json"), encoding="utf-8") as f:
            bodies = json.load(f)["national_bodies"]
        return cls(forms, dict(sexes), GivenNames.load(), frozenset(norm(b) for b in bodies))

    def first_name(self, word: str) -> bool:
        """A word common as a given name ("John", "Joe"): alone, it is no surname to join by."""
        g = self.given
        return g is not None and max(g.male.get(word, 0.0), g.female.get(word, 0.0)) >= GIVEN_NAME_SHARE

    def titled_sex(self, descriptors: frozenset[str]) -> str | None:
        """The sex a title or honorific says ("Mrs.", "King"), not a pronoun coreference may have
        got wrong: two people of one full name whose titles say different sexes are two."""
        said = {self.sexes[d] for d in descriptors if d in self.sexes and d not in _PRONOUNS}
        return said.pop() if len(said) == 1 else None

    def sex(self, names: Sequence[str], descriptors: Counter[str] | frozenset[str]) -> str | None:
        """'male' or 'female' when the titles, pronouns or a first name say so, and agree."""
        said = {self.sexes[d] for d in descriptors if d in self.sexes}
        if self.given is not None:
            said |= {s for n in names if " " in n for s in [self.given.sex(n.split()[0])] if s}
        return said.pop() if len(said) == 1 else None


def read_decisions(path: Path) -> list[Decision]:
    """A resolution file: TSV lines 'same|different <TAB> A <TAB> B' ('#' starts a comment), or a
    JSON list of {"decision": "same"|"different", "a": …, "b": …}. A or B is an entity IRI or a label."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: cannot read the resolution file ({e.__class__.__name__})") from None
    rows: list[tuple[str, str, str, str]] = []
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise UsageError(f"{path}: not JSON ({e.msg} at line {e.lineno})") from None
        if not isinstance(data, list):
            raise UsageError(f"{path}: expected a JSON list of decisions")
        for i, d in enumerate(data, 1):
            if not isinstance(d, dict) or not all(isinstance(d.get(k), str) for k in ("decision", "a", "b")):
                raise UsageError(f"{path}: decision {i} needs string fields 'decision', 'a' and 'b'")
            rows.append((d["decision"], d["a"], d["b"], f"{path}: decision {i}"))
    else:
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = [p.strip() for p in line.split("\t")]
            if len(parts) != 3:
                raise UsageError(f"{path}:{n}: expected 'same' or 'different', then two names, tab-separated")
            rows.append((parts[0], parts[1], parts[2], f"{path}:{n}"))
    out = []
    for kind, a, b, where in rows:
        if kind.lower() not in ("same", "different") or not a or not b:
            raise UsageError(f"{where}: expected 'same' or 'different' and two non-empty names")
        out.append(Decision(kind.lower() == "same", a, b, where))
    return out


@dataclass
class _Profile:
    """What the corpus says of a candidate full name, across the articles of its group."""

    descriptors: Counter[str]
    ties: set[tuple[str, str]]
    company: Counter[str]  # the entities named in its articles
    articles: int
    sex: str | None


class _Union:
    """Union-find over article entities that refuses joins across two different outside ids (a
    user's "different" decision is such an id) and records each join it makes."""

    def __init__(self, links: list[dict[str, str]]) -> None:
        self.parent = list(range(len(links)))
        self.links = links  # per root: dataset → target
        self.edges: list[tuple[int, int, str, float, str]] = []  # (a, b, rule, confidence, evidence)

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def conflict(self, a: int, b: int) -> str | None:
        la, lb = self.links[self.find(a)], self.links[self.find(b)]
        return next((d for d in sorted(la.keys() & lb.keys()) if la[d] != lb[d]), None)

    def join(self, a: int, b: int, rule: str, confidence: float | None = None, evidence: str = "") -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.conflict(ra, rb) is not None:
            return False
        root, other = min(ra, rb), max(ra, rb)
        self.parent[other] = root
        self.links[root] = {**self.links[other], **self.links[root]}
        self.edges.append((a, b, rule, CONFIDENCE[rule] if confidence is None else confidence, evidence))
        return True


class _Resolver:
    def __init__(self, summaries: list[ArticleSummary], onto: Ontology, rules: CorpusRules) -> None:
        self.summaries, self.onto, self.rules = summaries, onto, rules
        self.slots = [(a, e) for a, art in enumerate(summaries) for e in range(len(art.entities))]
        self.ents: list[EntitySummary] = [summaries[a].entities[e] for a, e in self.slots]
        self.uf = _Union([{ln.dataset: ln.target for ln in self.ents[i].links} for i in range(len(self.slots))])
        self._tops: dict[str, str] = {}
        self._kinds: dict[str, str] = {}
        for i in range(len(self.slots)):  # "Mr. Jordan Lee" and "Mrs. Jordan Lee" are two, whatever joins them
            ent = self.ents[i]
            sex = rules.titled_sex(ent.descriptors) if self.top(ent.cls) == "Person" else None
            if sex:
                self.uf.links[i]["sex"] = sex
        self.slot_keys = [self._key(self.ents[i]) for i in range(len(self.slots))]  # "kind|key" of each
        named: list[set[str]] = [set() for _ in summaries]
        for i, (a, _) in enumerate(self.slots):
            named[a].add(self.slot_keys[i])
        self.article_keys = [frozenset(k) for k in named]  # what each article names
        self.owners: dict[str, int] = {}  # "kind|name" → the first slot named so
        self._by_name: dict[str, list[int]] | None = None  # for decisions: slots by key, and by own IRI
        self._by_iri: dict[str, list[int]] = {}


    def top(self, cls: str) -> str:
        found = self._tops.get(cls)
        if found is None:
            found = self._tops[cls] = top_class(cls, self.onto)
        return found

    def kind(self, cls: str) -> str:
        """The class two entities must share to join: the top class, or for a place its kind."""
        found = self._kinds.get(cls)
        if found is None:
            top = self.top(cls)
            found = next((k for k in PLACE_KINDS if self.onto.is_a(cls, k)), "Place") if top == "Place" else top
            self._kinds[cls] = found
        return found

    def own_key(self, i: int) -> str:
        ent = self.ents[i]
        return f"{self.top(ent.cls)}|{ent.key}"

    # --- the rules, in order -------------------------------------------------------------------

    def same_ids(self) -> None:
        seen: dict[str, int] = {}
        for i in range(len(self.slots)):
            for ln in sorted(self.ents[i].links, key=lambda ln: ln.target):
                if ln.target in seen:
                    self.uf.join(seen[ln.target], i, SAME_ID, evidence=ln.target)
                else:
                    seen[ln.target] = i

    def names(self) -> None:
        """A shared name within one kind; a place of no known kind joins the one kind of that name."""
        for i in range(len(self.slots)):
            ent = self.ents[i]
            kind = self.kind(ent.cls)
            for name in sorted(ent.names | {ent.key}):
                if kind == "Person" and len(name.split()) == 1:
                    continue  # a lone surname: decided from its article's context below
                if name in self.rules.national_bodies and self._body(ent):
                    continue  # "the Senate": whose, the article's places say (below)
                if name != ent.key and " " not in name and " " in ent.key and _initials(ent.key) != name.replace(".", ""):
                    continue  # "Falcon" for "Falcon Heavy" in one article is no name of it elsewhere; "HTA" is
                key = f"{kind}|{name}"
                if key not in self.owners:
                    self.owners[key] = i
                    continue
                first = self.owners[key]
                both_keys = name == ent.key and name == self.ents[first].key
                self.uf.join(first, i, SAME_NAME if both_keys else SHARED_ALIAS, evidence=name)
        for i in range(len(self.slots)):
            ent = self.ents[i]
            if self.kind(ent.cls) != "Place" or self.top(ent.cls) != "Place":
                continue
            kinds = [f"{k}|{ent.key}" for k in PLACE_KINDS if f"{k}|{ent.key}" in self.owners]
            if len(kinds) == 1:
                self.uf.join(self.owners[kinds[0]], i, PLACE_KIND, evidence=kinds[0].split("|")[0])

    def buildings(self) -> None:
        """'the White House' a building in one article and the body in it in another: one entity."""
        owners: dict[str, int] = {}
        for i in range(len(self.slots)):
            ent = self.ents[i]
            if " " not in ent.key or not (self.onto.is_a(ent.cls, "Facility") or self.kind(ent.cls) == "Organization") \
                    or ent.key in self.rules.national_bodies:  # "the Supreme Court": whose, its places say
                continue
            if ent.key in owners:
                self.uf.join(owners[ent.key], i, BUILDING, evidence=ent.key)
            else:
                owners[ent.key] = i

    def _body(self, ent: EntitySummary) -> bool:
        """A national body's name, as an organisation or as the building it sits in."""
        return ent.key in self.rules.national_bodies and (
            self.kind(ent.cls) == "Organization" or self.onto.is_a(ent.cls, "Facility"))

    def national_bodies(self) -> None:
        """'the Senate' of two articles is one body when their articles are about the same country
        or state (the one each names most); an article that names none joins the body named in most
        articles."""
        main_place: dict[int, str] = {}
        for a, art in enumerate(self.summaries):
            places = [e for e in art.entities if self.kind(e.cls) in ("Country", "Region")]
            if places:
                top = min(places, key=lambda e: (-e.mention_count, self._key(e)))
                main_place[a] = self._key(top)
        by_name: dict[str, list[int]] = defaultdict(list)
        for i in range(len(self.slots)):
            ent = self.ents[i]
            if self._body(ent):
                level = " ".join(sorted(ent.descriptors))  # "the state Senate" is no national senate
                by_name[f"{level} {ent.key}".strip()].append(i)
        for name, slots in sorted(by_name.items()):
            first: dict[str, int] = {}
            for i in slots:
                place = main_place.get(self.slots[i][0])
                if place is None:
                    continue
                if place in first:
                    self.uf.join(first[place], i, SAME_NAME, CONFIDENCE[SAME_NAME] - 0.1,
                                 f"{name} of {place.split('|', 1)[1]}")
                else:
                    first[place] = i
            sizes = Counter(main_place[self.slots[i][0]] for i in slots if self.slots[i][0] in main_place)
            unplaced = [i for i in slots if self.slots[i][0] not in main_place]
            target = first[min(sizes, key=lambda p: (-sizes[p], p))] if sizes else (unplaced[0] if unplaced else None)
            for i in unplaced:
                self.uf.join(target, i, SAME_NAME, CONFIDENCE[SAME_NAME] - 0.2, f"{name}, no place named")

    def short_forms(self) -> None:
        """'the Fed' and 'Federal Reserve' in two articles: the general table says they are one."""
        for i in range(len(self.slots)):
            ent = self.ents[i]
            kind = self.kind(ent.cls)
            for name in sorted(ent.names | {ent.key}):
                full = self.rules.short_forms.get(name)
                if full is not None and f"{kind}|{full}" in self.owners:
                    self.uf.join(self.owners[f"{kind}|{full}"], i, SHORT_FORM, evidence=f"{name} = {full}")

    def surnames(self) -> None:
        """A lone surname joins the full name its article supports, else a unique or dominant one.

        Candidates and their profiles are those of the groups before any surname joins, so the
        order in which surnames are decided changes nothing."""
        members: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.slots)):
            members[self.uf.find(i)].append(i)
        full_names: dict[str, set[int]] = defaultdict(set)  # last word → groups holding a full name
        for root, group in members.items():
            for j in group:
                ent = self.ents[j]
                if self.kind(ent.cls) == "Person":
                    for name in ent.names | {ent.key}:
                        if " " in name and not self._acronym_first(ent, name):
                            full_names[name.split()[-1]].add(root)
        df = Counter(k for keys in self.article_keys for k in keys)
        profiles = {root: self._profile(members[root]) for roots in full_names.values() for root in roots}
        left: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i in range(len(self.slots)):
            ent = self.ents[i]
            if self.kind(ent.cls) != "Person" or " " in ent.key or self.uf.find(i) in profiles \
                    or self.rules.first_name(ent.key):
                continue  # a full name, a surname a decision or an outside id already placed, or "John"
            roots = sorted(full_names.get(ent.key, ()))
            if not roots or not self._join_surname(i, roots, profiles, df):
                left[(ent.key, self.rules.sex((), ent.descriptors) or "")].append(i)
        for (word, _), group in sorted(left.items()):
            if self.rules.given is not None and word in self.rules.given:
                continue  # "Robert" of two articles is two people until a full name says otherwise
            for i in group[1:]:
                self.uf.join(group[0], i, SURNAME_ONLY, evidence=word)

    @staticmethod
    def _acronym_first(ent: EntitySummary, name: str) -> bool:
        """'UC Davis' the NER took for a person: a name opening with an acronym is nobody's full name."""
        first = name.split()[0]
        return any(w.split()[0].isupper() and len(w.split()[0]) > 1 and w.split()[0].lower() == first
                   for w in ent.aliases | {ent.label} if " " in w)

    def _key(self, ent: EntitySummary) -> str:
        return f"{self.kind(ent.cls)}|{ent.key}"

    def _profile(self, group: list[int]) -> _Profile:
        desc: Counter[str] = Counter()
        ties: set[tuple[str, str]] = set()
        company: Counter[str] = Counter()
        articles = set()
        names: list[str] = []
        for j in group:
            ent, (a, _) = self.ents[j], self.slots[j]
            desc.update(ent.descriptors)
            ties |= ent.ties
            articles.add(a)
            names.append(ent.key)
            company.update(self.article_keys[a] - {self.slot_keys[j]})
        return _Profile(desc, ties, company, len(articles), self.rules.sex(names, desc))

    def _join_surname(self, i: int, roots: list[int], profiles: dict[int, "_Profile"], df: Counter[str]) -> bool:
        ent, (a, _) = self.ents[i], self.slots[i]
        sex = self.rules.sex((), ent.descriptors)
        titles = {d for d in ent.descriptors if d not in self.rules.sexes}
        company = self.article_keys[a] - {self.slot_keys[i]}
        n = len(self.summaries)
        scored: list[tuple[float, int, str]] = []
        for root in roots:
            p = profiles[root]
            if sex and p.sex and sex != p.sex:
                continue  # "Mrs. X" is not the X whose first name is a man's
            score, why = 0.0, []
            shared = sorted(titles & p.descriptors.keys())
            if shared:
                score += TITLE_WEIGHT
                why.append(f"title {shared[0]}")
            tied = sorted(ent.ties & p.ties)
            if tied:
                score += TIE_WEIGHT
                why.append(f"{tied[0][0]} {tied[0][1]}")
            named_with = sorted(company & p.company.keys(), key=lambda k: (df[k], k))
            score += sum(math.log((n + 1) / (df[k] + 1)) for k in named_with)
            if named_with:
                why.append("named with " + ", ".join(k.split("|", 1)[1] for k in named_with[:3]))
            scored.append((score, root, "; ".join(why)))
        if not scored:
            return False
        scored.sort(key=lambda s: (-s[0], -profiles[s[1]].articles, s[1]))  # ties: the most named
        best, second = scored[0], scored[1] if len(scored) > 1 else (0.0, -1, "")
        if best[0] >= EVIDENCE_NEEDED and best[0] >= EVIDENCE_MARGIN * second[0]:
            return self.uf.join(best[1], i, SURNAME_CONTEXT, round(min(0.9, 0.55 + 0.05 * best[0]), 3), best[2])
        supported = best[0] >= 1.0 or profiles[best[1]].articles >= DOMINANT_ARTICLES  # named often or nearby
        if len(scored) == 1 and len(roots) == 1 and supported:
            return self.uf.join(best[1], i, SURNAME_UNIQUE, evidence=ent.key)
        if len(scored) == 1 and supported:
            return self.uf.join(best[1], i, SURNAME_CONTEXT, 0.7, f"the one {sex} candidate")
        total = sum(profiles[r].articles for _, r, _ in scored)
        top = profiles[best[1]].articles
        if best[0] >= second[0] and top >= DOMINANT_ARTICLES and top >= DOMINANT_SHARE * total:
            return self.uf.join(best[1], i, SURNAME_DOMINANT, evidence=f"{top} of {total} articles")
        return False

    # --- a user's decisions --------------------------------------------------------------------

    def matching(self, spec: str, where: str) -> list[int]:
        """The article entities an IRI (the one each would have alone) or a label names."""
        if self._by_name is None:
            from kg.rdf import entity_iri

            self._by_name, self._by_iri = defaultdict(list), defaultdict(list)
            for i in range(len(self.slots)):
                self._by_name[self.ents[i].key].append(i)
                self._by_iri[str(entity_iri(self.own_key(i)))].append(i)
        is_iri = spec.startswith(("http://", "https://"))
        found = (self._by_iri if is_iri else self._by_name).get(spec if is_iri else norm(spec), [])
        if not found:
            raise UsageError(f"{where}: no entity is named {spec!r}")
        return found

    def apart(self, decisions: Sequence[Decision]) -> None:
        """'different' decisions: a pseudo outside id on each side, so no join can bridge them."""
        for n, d in enumerate(decisions):
            if d.same:
                continue
            a, b = self.matching(d.a, d.where), self.matching(d.b, d.where)
            if set(a) & set(b):
                raise UsageError(f"{d.where}: {d.a!r} and {d.b!r} name the same article entity")
            for side, slots in (("a", a), ("b", b)):
                for i in slots:
                    self.uf.links[i][f"decision:{n}"] = side

    def together(self, decisions: Sequence[Decision]) -> None:
        for d in decisions:
            if not d.same:
                continue
            a, b = self.matching(d.a, d.where), self.matching(d.b, d.where)
            for i in a[1:] + b:
                clash = self.uf.conflict(a[0], i)
                if clash is not None:
                    what = ("a 'different' decision says otherwise" if clash.startswith("decision:") else
                            "titles of two sexes say otherwise" if clash == "sex" else
                            f"two different {clash} ids say otherwise")
                    raise UsageError(f"{d.where}: {d.a!r} and {d.b!r} cannot be one entity: {what}")
                self.uf.join(a[0], i, DECISION, evidence=d.where.rsplit("/", 1)[-1])


def resolve_corpus(
    articles: Sequence[ArticleSummary | ArticleExtraction], onto: Ontology, rules: CorpusRules | None = None,
    decisions: Sequence[Decision] = (),
) -> tuple[dict[str, ResolvedEntity], list[dict[int, str]]]:
    """Merge entities across articles. Returns the resolved entities by canonical key and, per
    article, entity id → canonical key. Raises UsageError for a decision the data contradicts."""
    given = [a if isinstance(a, ArticleSummary) else summarize(a) for a in articles]
    # Resolve in one canonical order, by article id, so every tie is broken the same way
    # whatever order the build read the articles in; the keys go back in the caller's order.
    order = sorted(range(len(given)), key=lambda k: (given[k].id, k))
    summaries = [given[k] for k in order]
    r = _Resolver(summaries, onto, rules if rules is not None else CorpusRules())
    r.apart(decisions)
    r.together(decisions)
    r.same_ids()
    r.names()
    r.buildings()
    r.national_bodies()
    r.short_forms()
    r.surnames()
    resolved, keys = _entities(r)
    back: list[dict[int, str]] = [{} for _ in given]
    for position, k in enumerate(order):
        back[k] = keys[position]
    return resolved, back


def _entities(r: _Resolver) -> tuple[dict[str, ResolvedEntity], list[dict[int, str]]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(r.slots)):
        groups[r.uf.find(i)].append(i)
    adjacent = _adjacent(r)
    keys: list[dict[int, str]] = [{} for _ in r.summaries]
    resolved: dict[str, ResolvedEntity] = {}
    taken: Counter[str] = Counter()  # namesakes under one base key so far
    # The most mentioned namesake keeps the plain key; ties go to the one named first by article id.
    split = [part for members in groups.values() for part in _split_by_roles(r, members)]
    for members in sorted(split, key=lambda m: (-sum(r.ents[i].mention_count for i in m), m[0])):
        ents = [r.ents[i] for i in members]
        cls = _group_class(r.onto, ents)
        top = r.top(cls)
        key_name = _key_name(ents, top)
        names: Counter[str] = Counter()
        aliases: set[str] = set()
        for e in ents:
            if not e.mention_count:  # named only in the byline: its label is all we have
                names[e.label] += 0
            for name, n in e.canonicals:
                names[name] += n
            aliases |= e.aliases
        label = _best_label(names, key_name)
        links = _merge_links(ln for e in ents for ln in e.links)
        key = f"{top}|{key_name}"
        if key in resolved:  # a namesake: told apart by its outside id, else by its kind of place
            key = f"{key}|{links[0].target if links else r.kind(cls)}"
            taken[key] += 1
            if key in resolved:  # namesakes of one kind and no id ("Robert" of two articles)
                key = f"{key}|{taken[key] + 1}"
        merges = _merges(r, members, _explain(r, members, key_name, adjacent)) if len(members) > 1 else ()
        resolved[key] = ResolvedEntity(key, cls, label, tuple(sorted(aliases - {label})),
                                       sum(e.mention_count for e in ents), links, merges)
        for i in members:
            a, e = r.slots[i]
            keys[a][e] = key
    return dict(sorted(resolved.items())), keys


def _group_class(onto: Ontology, ents: list[EntitySummary]) -> str:
    """The class its members argue for most strongly, among those that fit the roles the members
    play in their articles' triples ("Aston Villa" a stadium in one article and a side that plays
    in another is the side); the plain vote when no member's class fits them all."""
    roles = frozenset().union(*(e.roles for e in ents))
    fitting = {c for c in {e.cls for e in ents} if onto.fits(c, roles)}
    votes = [(e.cls, e.strength) for e in ents for _ in range(max(e.mention_count, 1))]
    return _vote_class([v for v in votes if v[0] in fitting] or votes)[0]


def _split_by_roles(r: _Resolver, members: list[int]) -> list[list[int]]:
    """A group whose members play roles no one class fits ("Aston Villa" the ground a match is
    played at in one article, the side that plays in another) is two things of one name: the
    members that do not fit the group's class go apart, as one entity of their own."""
    cls = _group_class(r.onto, [r.ents[i] for i in members])
    misfits = [i for i in members if not r.onto.fits(cls, r.ents[i].roles)]
    if not misfits or len(misfits) == len(members):
        return [members]
    apart = set(misfits)
    return [[i for i in members if i not in apart], misfits]


def _key_name(ents: list[EntitySummary], top: str) -> str:
    """The name a group's key comes from: a person's longest, anything else's most mentioned
    (spelt out when that is an acronym of another of its names)."""
    counts = Counter({e.key: 0 for e in ents})
    for e in ents:
        counts[e.key] += e.mention_count
    if top == "Person":
        return min(counts, key=lambda k: (-len(k.split()), -counts[k], k))
    best = min(counts, key=lambda k: (-counts[k], -len(k), k))
    spelt = sorted({n for e in ents for n in e.names | {e.key} if " " in n and _initials(n) == best.replace(".", "")})
    return spelt[0] if " " not in best and spelt else best  # "harbor transit authority" over "hta"


def _adjacent(r: _Resolver) -> dict[int, list[tuple[int, str, float, str]]]:
    """The joins made, from each article entity: (other, rule, confidence, evidence)."""
    adjacent: dict[int, list[tuple[int, str, float, str]]] = defaultdict(list)
    for a, b, rule, conf, ev in r.uf.edges:
        adjacent[a].append((b, rule, conf, ev))
        adjacent[b].append((a, rule, conf, ev))
    return adjacent


def _explain(r: _Resolver, members: list[int], key_name: str,
             adjacent: dict[int, list[tuple[int, str, float, str]]]) -> dict[int, tuple[str, float, str]]:
    """Each member → (rule, confidence, evidence) of the join that brought it into its group,
    read off the joins (a tree) grown from the seed: the most mentioned member that bears the
    name the group's key comes from."""
    seed = min(members, key=lambda i: (r.ents[i].key != key_name, -r.ents[i].mention_count, i))
    out: dict[int, tuple[str, float, str]] = {seed: (SEED, 1.0, "")}
    queue = deque([seed])
    while queue:
        here = queue.popleft()
        for there, rule, conf, ev in sorted(adjacent[here], key=lambda x: x[0]):
            if there not in out:
                out[there] = (rule, conf, ev)
                queue.append(there)
    return out


def _merges(r: _Resolver, members: list[int], joined_by: dict[int, tuple[str, float, str]]) -> tuple[Merge, ...]:
    """The names of an entity by rule: which form, from which articles, joined how."""
    by: dict[tuple[str, str, float, str], set[str]] = defaultdict(set)
    for i in members:
        rule, conf, ev = joined_by.get(i, (SAME_NAME, CONFIDENCE[SAME_NAME], ""))
        by[(r.ents[i].label, rule, conf, ev)].add(r.summaries[r.slots[i][0]].id)
    return tuple(Merge(form, rule, conf, tuple(sorted(arts)), ev) for (form, rule, conf, ev), arts in sorted(by.items()))

"""The lexicon: which predicates state which property or event, read from data/lexicon/*.json.

One file per property family (employment, residence, family, places, conflict, justice,
politics, business, sport, contact, territory), so the rules of one property sit in one place.
An entry names its trigger (lemmas and parts of speech) and, for each argument, the frame
slots that fill it (kg/extract/frames.py: ``subj``, ``obj``, ``in``, ``poss``, ``holder`` …) or
a dependency path for the odd case ("dobj[sanction]>prep[on]>pobj"). An entry may also name
an event class and the roles its arguments play in it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.extract.frames import LightVerbs
from kg.resources import data_dir

_STEP = re.compile(r"^(?P<up><)?(?P<dep>[a-z]+)(?:\{(?P<pos>[A-Z|]+)\})?(?:\[(?P<lemmas>[^\]]+)\])?$")


@dataclass(frozen=True)
class Step:
    """Down to a child with this dependency label, or (``up``) to the head when the token has it."""

    dep: str
    lemmas: frozenset[str] | None
    up: bool = False
    pos: frozenset[str] | None = None  # "appos{NUM}": only through a token of these parts of speech


def parse_path(path: str) -> tuple[Step, ...]:
    steps = []
    for part in path.split(">"):
        m = _STEP.match(part.strip())
        if not m:
            raise ValueError(f"bad dependency path step {part!r} in {path!r}")
        lemmas = frozenset(x.strip() for x in m.group("lemmas").split("|")) if m.group("lemmas") else None
        pos = frozenset(m.group("pos").split("|")) if m.group("pos") else None
        steps.append(Step(m.group("dep"), lemmas, bool(m.group("up")), pos))
    return tuple(steps)


@dataclass(frozen=True)
class Slot:
    """A frame slot by name ("subj", "in"), or a dependency path from the trigger."""

    name: str
    path: tuple[Step, ...] | None = None

    @classmethod
    def of(cls, spec: str) -> "Slot":
        if any(ch in spec for ch in "[>< {"):
            return cls(spec, parse_path(spec))
        return cls(spec)


def _slots(specs: list[str] | None) -> tuple[Slot, ...]:
    return tuple(Slot.of(s) for s in specs or ())


def _paths(specs: list[str] | None) -> tuple[Slot, ...]:
    """'requires' and 'unless' are always dependency paths, even of one step ("dobj")."""
    return tuple(Slot(s, parse_path(s)) for s in specs or ())


@dataclass(frozen=True)
class Entry:
    """One predicate of the lexicon and what it states."""

    id: str
    family: str
    lemmas: frozenset[str]
    pos: frozenset[str]
    subject: tuple[Slot, ...]
    object: tuple[Slot, ...]
    property: str | None
    confidence: float
    requires: tuple[Slot, ...] = ()
    unless: tuple[Slot, ...] = ()  # paths that, when they exist, say the entry does not apply
    coerce: dict[str, str] | None = None  # {"object": "Place"}: an argument the NER typed weakly takes this class
    descend: bool = False  # a common-noun object hands over to the place it is in ("a resort in X")
    poss: str = "subj"  # what a possessor is when there is no "of" argument ("X's arrest": obj)
    event: str | None = None  # event class the predicate tells
    roles: tuple[tuple[str, tuple[Slot, ...]], ...] = ()  # event role property → slots
    place: tuple[Slot, ...] = ()  # slots that give the event's place
    subject_class: str | None = None  # extra constraints beyond the property's domain and range
    object_class: str | None = None
    object_not: str | None = None  # a class the object must not be ("X led Y": Y is no person)

    @property
    def on_name(self) -> bool:
        """The trigger is a name itself ("Jane Roe of Denver"): its own entity is the subject."""
        return any(s.name == "self" for s in self.subject)

    @property
    def name(self) -> str:
        return f"{self.family}#{self.id}"


TITLE = "@title"  # as a property: the one the title words imply (titles.json); as a lemma: every title's head


def _entry(family: str, spec: dict, title_heads: frozenset[str]) -> Entry:
    event = spec.get("event")
    lemmas = frozenset(spec["lemmas"])
    if TITLE in lemmas:
        lemmas = (lemmas - {TITLE}) | title_heads
    return Entry(
        id=spec["id"], family=family, lemmas=lemmas, pos=frozenset(spec.get("pos", ["VERB"])),
        subject=_slots(spec.get("subject", ["subj"])), object=_slots(spec.get("object", ["obj"])),
        property=spec.get("property"), confidence=float(spec.get("confidence", 0.7)),
        requires=_paths(spec.get("requires")), unless=_paths(spec.get("unless")), coerce=spec.get("coerce"), descend=bool(spec.get("descend", False)),
        poss=spec.get("poss", "subj"), event=event["class"] if event else None,
        roles=tuple((role, _slots(slots)) for role, slots in sorted((event or {}).get("roles", {}).items())),
        place=_slots((event or {}).get("place", ["in", "at"])) if event else (),
        subject_class=spec.get("subject_class"), object_class=spec.get("object_class"), object_not=spec.get("object_not"),
    )


@dataclass
class Lexicon:
    entries: list[Entry]
    light: LightVerbs
    naming: frozenset[str] = frozenset()  # "which are called A in X": verbs that give names
    by_trigger: dict[tuple[str, str], list[Entry]] = field(init=False, repr=False)
    lemmas: frozenset[str] = field(init=False, repr=False)
    _hashes: frozenset[int] | None = field(default=None, init=False, repr=False)
    _by_class: dict[str, list[Entry]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._on_names = [e for e in self.entries if "*" in e.lemmas]
        self.lemmas = frozenset(lemma for e in self.entries for lemma in e.lemmas)
        self.by_trigger = {}
        for e in self.entries:
            for lemma in e.lemmas - {"*"}:  # entries on names are found by on_names, not by lemma
                for pos in e.pos:
                    self.by_trigger.setdefault((lemma, pos), []).append(e)

    @classmethod
    def load(cls, folder: Path | None = None, title_heads: frozenset[str] = frozenset()) -> "Lexicon":
        """Every family file of the folder; raises ValueError naming the file when one is broken."""
        folder = folder or data_dir() / "lexicon"
        entries: list[Entry] = []
        light = LightVerbs(frozenset(), frozenset())
        naming: frozenset[str] = frozenset()
        for path in sorted(folder.glob("*.json")):
            with open(path, encoding="utf-8") as f:
                spec = json.load(f)
            try:
                if path.stem == "light_verbs":
                    light = LightVerbs(frozenset(spec["agent"]), frozenset(spec["patient"]), frozenset(spec["leaving"]))
                    naming = frozenset(spec["naming"])
                    continue
                entries += [_entry(path.stem, e, title_heads) for e in spec["entries"]]
            except (KeyError, TypeError, ValueError) as e:
                raise ValueError(f"{path}: bad lexicon entry ({e})") from None
        return cls(entries, light, naming)

    def hashes(self, strings) -> frozenset[int]:
        """The lemmas as hashes of a spaCy StringStore, so triggers are found without Token objects."""
        if self._hashes is None:
            self._hashes = frozenset(strings.add(lemma) for lemma in self.lemmas)
        return self._hashes

    def lookup(self, lemma: str, pos: str) -> list[Entry]:
        return self.by_trigger.get((lemma, pos), [])

    def on_names(self, cls: str, is_a) -> list[Entry]:
        """Entries whose trigger is any name (lemma "*"), constructions like "Jane Roe of Denver",
        whose subject can be a name of this class (worked out once a class)."""
        if cls not in self._by_class:
            self._by_class[cls] = [e for e in self._on_names if e.subject_class is None or is_a(cls, e.subject_class)]
        return self._by_class[cls]

"""Sports results as the wires print them: lines with no verb for the frames to read.

- "Jane Roe (Norway) beat Ann Poe (Chile) 6-3 6-4": a country in brackets after a player is the
  country the player represents (citizenOf); the verb itself is read by the lexicon.
- "Lions 3 Tigers 1": two sides each followed by its score, and nothing else: the higher score
  defeated the lower; a draw is a contest between the two (opposed).
- "Lions 238 and 133-5, Tigers 471 (A. Roe 123, B. Poe 87)": a scoreline of two sides is a
  contest between them; the names with scores in brackets after a side play for it (memberOf).
- "LIONS AT TIGERS", "Lions v Tigers": a fixture between the two (opposed).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.extract.relations import Candidate

if TYPE_CHECKING:
    from spacy.tokens import Doc

RESULTS = "kg.results.v1"
# The sides of a scoreline are teams, whatever place they are named after.
_TEAMS = {"subject": "Organization", "object": "Organization", "force": "1"}
# "X (Norway) beat Y", "X def. Y": the verb of results lines, read on the surface because the
# parser loses its way among brackets, seedings and scores.
_BEAT = frozenset({"beat", "beats", "bt", "def", "def.", "defeated", "bat"})
_FIXTURE = frozenset({"at", "v", "v.", "vs", "vs.", "versus"})


def _score(doc: "Doc", i: int) -> tuple[int | None, int]:
    """The score starting at token i ("6", "429-7", "133-5") and the index after it."""
    if i >= len(doc) or not doc[i].like_num:
        return None, i
    try:
        value = int(doc[i].text.split("-")[0].replace(",", ""))
    except ValueError:
        return None, i
    j = i + 1
    while j + 1 < len(doc) and doc[j].text == "-" and doc[j + 1].like_num:  # "429 - 7" split by the tokenizer
        j += 2
    return value, j


def result_candidates(
    doc: "Doc", spans: list[tuple[int, int, int]], classes: dict[int, str], is_a,
) -> Iterator[Candidate]:
    """Facts of results lines; ``spans`` are (start, end, entity) token ranges in text order.

    Scorelines and fixtures are read only in sentences with no verb: in prose, two names each
    followed by a number are something else ("Acme 3 percent, Widget 5 percent").
    """
    by_end = {e: (s, ent) for s, e, ent in spans}
    starts = [s for s, _, _ in spans]
    for sent in doc.sents:
        lo, hi = bisect.bisect_left(starts, sent.start), bisect.bisect_left(starts, sent.end)
        if lo == hi:
            continue
        by_start = {s: (e, ent) for s, e, ent in spans[lo:hi]}  # the names of this sentence only
        yield from _brackets(doc, sent, by_start, classes, is_a)
        yield from _beats(doc, sent, by_start, by_end)
        if not any(t.pos_ in ("VERB", "AUX") for t in sent):
            yield from _scorelines(doc, sent, by_start, classes, is_a)


def _brackets(doc, sent, by_start, classes, is_a) -> Iterator[Candidate]:
    """'Jane Roe (Norway)': a player's country in brackets right after the name."""
    for start, (end, ent) in sorted(by_start.items()):
        if not (sent.start <= start and end + 2 < sent.end) or not is_a(classes[ent], "Person"):
            continue
        if doc[end].text != "(":
            continue
        inner = by_start.get(end + 1)
        if inner is None or inner[0] >= sent.end or doc[inner[0]].text != ")":
            continue
        if is_a(classes[inner[1]], "Country"):
            yield Candidate(ent, "citizenOf", inner[1], (start, end, inner[0]), sent.start, 0.8, f"{RESULTS}#country",
                            "asserted")


def _beats(doc, sent, by_start, by_end) -> Iterator[Candidate]:
    """'4 - Ana Roe (Chile) beat 7 - Eva Poe (Peru) 6-3 6-2': the names on either side of the verb,
    past a country in brackets on the left and a seeding ("7 -") on the right."""
    for t in sent:
        if t.lower_ not in _BEAT:
            continue
        left = t.i
        if left - 1 >= sent.start and doc[left - 1].text == ")":  # "(Chile)"
            opening = next((k for k in range(left - 2, max(sent.start, left - 8) - 1, -1) if doc[k].text == "("), None)
            left = opening if opening is not None else left
        right = t.i + 1
        if right + 1 < sent.end and doc[right].like_num and doc[right + 1].text == "-":  # a seeding
            right += 2
        winner, loser = by_end.get(left), by_start.get(right)
        if winner is not None and loser is not None and winner[1] != loser[1]:
            yield Candidate(winner[1], "defeated", loser[1], (winner[0], t.i, right), sent.start, 0.8,
                            f"{RESULTS}#beat", "asserted")


def _sides(doc, sent, by_start, classes, is_a) -> list[tuple[int, int, int, int | None, int]]:
    """Each side of the line: (start, end, entity, first score, index after its scores)."""
    out = []
    for start, (end, ent) in sorted(by_start.items()):
        if sent.start <= start < sent.end and (is_a(classes[ent], "Agent") or is_a(classes[ent], "Place")):
            score, after = _score(doc, end)
            out.append((start, end, ent, score, after))
    return out


def _scorelines(doc, sent, by_start, classes, is_a) -> Iterator[Candidate]:
    sides = _sides(doc, sent, by_start, classes, is_a)
    teams = [s for s in sides if not is_a(classes[s[2]], "Person")]
    if len(sides) == 2 and all(s[3] is not None for s in sides):  # "Lions 3 Tigers 1", whatever the NER typed
        teams = sides
    if len(teams) == 2:
        (s1, e1, a, n1, after1), (s2, e2, b, n2, after2) = teams
        between = [t.lower_ for t in doc[e1:s2]]
        tokens = (s1, e1 - 1, s2)
        if n1 is not None and n2 is not None and a != b:
            simple = after1 == s2 and after2 >= sent.end - 1  # "Lions 3 Tigers 1"
            if simple and n1 != n2:
                win, lose = (a, b) if n1 > n2 else (b, a)
                yield Candidate(win, "defeated", lose, tokens, sent.start, 0.85, f"{RESULTS}#scoreline", "asserted",
                                coerce=_TEAMS)
            else:
                yield Candidate(a, "opposed", b, tokens, sent.start, 0.75, f"{RESULTS}#scoreline", "asserted",
                                coerce=_TEAMS)
            for team, after, nxt in ((a, after1, s2), (b, after2, sent.end)):
                yield from _players(doc, after, nxt, team, by_start, classes, is_a, sent.start)
        elif len(between) == 1 and between[0] in _FIXTURE and e2 >= sent.end - 1:  # "LIONS AT TIGERS"
            yield Candidate(a, "opposed", b, tokens, sent.start, 0.75, f"{RESULTS}#fixture", "asserted", coerce=_TEAMS)


def _players(doc, start, stop, team, by_start, classes, is_a, sent_start) -> Iterator[Candidate]:
    """'(A. Roe 123, B. Poe 87)' after a side's score: the players who scored for it."""
    if start >= stop or doc[start].text != "(":
        return
    i = start + 1
    while i < stop and doc[i].text != ")":
        found = by_start.get(i)
        if found is not None and is_a(classes[found[1]], "Person"):
            score, _ = _score(doc, found[0])
            if score is not None:
                yield Candidate(found[1], "memberOf", team, (i, start, found[0]), sent_start, 0.75,
                                f"{RESULTS}#scorer", "asserted")
            i = found[0]
        else:
            i += 1

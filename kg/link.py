"""Offline entity linking: countries to Wikidata and GeoNames, cities, US states and continents to GeoNames.

A link is made only when the entity's class agrees with the table (a Country to a country row,
a City to a GeoNames city, a Region to a US state) and, where a name is ambiguous, the article's
context picks one: a city is taken in a country the article names, or, with no such country, only
when one candidate dwarfs the others. Each link carries a confidence; no network is used.

Linking runs per article (the context is the article's), so it stays a pure function of the
article; resolution across articles then joins entities with the same link and never joins two
entities linked to different ids of one dataset.
"""

from __future__ import annotations


from kg.gazetteer import City, Gazetteer
from kg.normalize import norm
from kg.ontology import Ontology
from kg.types import Entity, Link

WIKIDATA = "http://www.wikidata.org/entity/"
GEONAMES = "https://sws.geonames.org/"
EXTRACTOR = "kg.link.{}.v1"

# Confidences: the class and an unambiguous table row agree; a candidate chosen by the article's
# countries; a lone or dominant candidate without support from context.
SURE, IN_CONTEXT, SEVERAL_IN_CONTEXT, LONE, DOMINANT = 0.98, 0.93, 0.8, 0.8, 0.7
DOMINANCE = 5  # a candidate this many times as populous as the next needs no context


def geonames_iri(geonameid: int) -> str:
    return f"{GEONAMES}{geonameid}/"


def wikidata_iri(item: str) -> str:
    return f"{WIKIDATA}{item}"


def country_codes(ent: Entity, gaz: Gazetteer, onto: Ontology) -> set[str]:
    """ISO codes of the countries an entity puts in its article's context (a country; a US state)."""
    names = {ent.label, ent.key, *ent.names}
    if onto.is_a(ent.cls, "Country"):
        return {c.code for c in map(gaz.country, names) if c}
    if onto.is_a(ent.cls, "Region") and any(norm(n) in gaz.us_states for n in names):
        return {"US"}
    return set()


def link_entities(entities: list[Entity], gaz: Gazetteer, onto: Ontology,
                  dateline: str | None = None) -> dict[int, tuple[Link, ...]]:
    """Entity id → its links, for the entities of one article.

    An entity's context is what the other entities and the dateline name, so that a name does
    not vouch for itself ("Georgia" alone does not make its own country the United States).
    """
    given = {ent.id: country_codes(ent, gaz, onto) for ent in entities}
    dateline_country = gaz.country(dateline) if dateline else None
    out: dict[int, tuple[Link, ...]] = {}
    for ent in entities:
        context = {c for other, codes in given.items() if other != ent.id for c in codes}
        if dateline_country:
            context.add(dateline_country.code)
        names = sorted({ent.key, *ent.names})
        if onto.is_a(ent.cls, "Country"):
            links = _country(names, gaz)
        elif onto.is_a(ent.cls, "City"):
            links = _city(names, gaz, context)
        elif onto.is_a(ent.cls, "Region"):
            links = _us_state(names, gaz, context) or _continent(names, gaz)
        elif ent.cls == "Place":
            links = _continent(names, gaz)
        else:
            links = ()
        if links:
            out[ent.id] = links
    return out


def _country(names: list[str], gaz: Gazetteer) -> tuple[Link, ...]:
    codes = {c.code for c in map(gaz.country, names) if c}
    if len(codes) != 1:  # a name of no country, or names of two: leave it
        return ()
    code = codes.pop()
    links = []
    if code in gaz.wikidata:
        links.append(Link(wikidata_iri(gaz.wikidata[code]), "wikidata", SURE, EXTRACTOR.format("countries")))
    if code in gaz.country_features:
        links.append(Link(geonames_iri(gaz.country_features[code].geonameid), "geonames", SURE,
                          EXTRACTOR.format("countries")))
    return tuple(links)


def _city(names: list[str], gaz: Gazetteer, context: set[str]) -> tuple[Link, ...]:
    found: dict[int, City] = {}
    for name in names:
        for city in gaz.cities.get(name, ()):
            found[city.geonameid] = city
    candidates = sorted(found.values(), key=lambda c: (-c.population, c.geonameid))
    if not candidates:
        return ()
    local = [c for c in candidates if c.country in context]
    if len(local) == 1:
        best, confidence = local[0], IN_CONTEXT
    elif len(local) > 1 and local[0].population >= DOMINANCE * local[1].population:
        best, confidence = local[0], SEVERAL_IN_CONTEXT
    elif local:  # namesakes in the article's own country, none dominant ("Springfield"): leave it
        return ()
    elif len(candidates) == 1:
        best, confidence = candidates[0], LONE
    elif candidates[0].population >= DOMINANCE * candidates[1].population:
        best, confidence = candidates[0], DOMINANT
    else:
        return ()
    return (Link(geonames_iri(best.geonameid), "geonames", confidence, EXTRACTOR.format("cities"),
                 best.latitude, best.longitude),)


def _us_state(names: list[str], gaz: Gazetteer, context: set[str]) -> tuple[Link, ...]:
    states = {gaz.us_states[n].geonameid: gaz.us_states[n] for n in names if n in gaz.us_states}
    if len(states) != 1:
        return ()
    state = next(iter(states.values()))
    is_country = any(gaz.country(n) for n in names)  # "Georgia": the state only beside the US
    if "US" in context:
        confidence = IN_CONTEXT
    elif not is_country:
        confidence = LONE
    else:
        return ()
    return (Link(geonames_iri(state.geonameid), "geonames", confidence, EXTRACTOR.format("us-states")),)


def _continent(names: list[str], gaz: Gazetteer) -> tuple[Link, ...]:
    found = {gaz.continent_features[n] for n in names if n in gaz.continent_features}
    if len(found) != 1:
        return ()
    f = found.pop()
    return (Link(geonames_iri(f.geonameid), "geonames", SURE, EXTRACTOR.format("continents"),
                 f.latitude, f.longitude),)

"""Offline linking: the class and the article's context must agree before a link is made."""

from __future__ import annotations

import pytest

from kg.gazetteer import Gazetteer
from kg.link import link_entities
from kg.ontology import Ontology
from kg.identity import resolve_corpus
from kg.types import Article, ArticleExtraction, Entity, Link


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return Ontology.load()


def ent(i: int, cls: str, name: str) -> Entity:
    key = name.lower()
    return Entity(id=i, cls=cls, key=key, label=name, names={key})


def targets(links: dict[int, tuple[Link, ...]], i: int) -> dict[str, float]:
    return {ln.target: ln.confidence for ln in links.get(i, ())}


def test_country_links_to_wikidata_and_geonames(gaz, onto):
    links = link_entities([ent(0, "Country", "France")], gaz, onto)
    assert set(targets(links, 0)) == {"http://www.wikidata.org/entity/Q142", "https://sws.geonames.org/3017382/"}
    assert all(c > 0.9 for c in targets(links, 0).values())


def test_former_state_links_to_wikidata_only(gaz, onto):
    links = link_entities([ent(0, "Country", "USSR")], gaz, onto)
    assert set(targets(links, 0)) == {"http://www.wikidata.org/entity/Q15180"}


def test_ambiguous_city_follows_the_countries_of_the_article(gaz, onto):
    alone = link_entities([ent(0, "City", "Paris")], gaz, onto)
    in_us = link_entities([ent(0, "City", "Paris"), ent(1, "Country", "United States")], gaz, onto)
    (paris_fr, conf_fr), = targets(alone, 0).items()
    (paris_us, conf_us), = targets(in_us, 0).items()
    assert paris_fr == "https://sws.geonames.org/2988507/"
    assert paris_us != paris_fr and conf_us > conf_fr


def test_city_link_carries_coordinates(gaz, onto):
    (link,) = link_entities([ent(0, "City", "Paris"), ent(1, "Country", "France")], gaz, onto)[0]
    assert (round(link.latitude), round(link.longitude)) == (49, 2)


def test_namesakes_without_a_dominant_one_are_not_linked(gaz, onto):
    assert 0 not in link_entities([ent(0, "City", "Springfield"), ent(1, "Country", "United States")], gaz, onto)
    assert link_entities([ent(0, "City", "Springfield")], gaz, onto) == {}


def test_class_must_agree_with_the_table(gaz, onto):
    links = link_entities([ent(0, "Person", "Paris"), ent(1, "Organization", "France"), ent(2, "City", "Qwertyville")],
                          gaz, onto)
    assert links == {}


def test_region_named_like_a_country_is_the_us_state_only_beside_the_us(gaz, onto):
    beside = link_entities([ent(0, "Region", "Georgia"), ent(1, "Country", "United States")], gaz, onto)
    alone = link_entities([ent(0, "Region", "Georgia")], gaz, onto)
    assert set(targets(beside, 0)) == {"https://sws.geonames.org/4197000/"}
    assert alone == {}
    country = link_entities([ent(0, "Country", "Georgia")], gaz, onto)
    assert "http://www.wikidata.org/entity/Q230" in targets(country, 0)


def _extraction(aid: str, entities: list[Entity], links: dict[int, tuple[Link, ...]]) -> ArticleExtraction:
    art = Article(id=aid, text="", source=aid, source_text="", content_hash=aid)
    for e in entities:
        e.mentions = []
    return ArticleExtraction(art, entities, [], links=links)


def test_namesakes_linked_to_different_ids_stay_two_entities(gaz, onto):
    a = [ent(0, "City", "Paris"), ent(1, "Country", "France")]
    b = [ent(0, "City", "Paris"), ent(1, "Country", "United States")]
    exs = [_extraction("a", a, link_entities(a, gaz, onto)), _extraction("b", b, link_entities(b, gaz, onto))]
    _, keys = resolve_corpus(exs, onto)
    assert keys[0][0] != keys[1][0]


def test_different_names_linked_to_one_id_are_one_entity(onto):
    link = (Link("https://sws.geonames.org/1/", "geonames", 0.9, "test"),)
    exs = [_extraction("a", [ent(0, "City", "Big Town")], {0: link}),
           _extraction("b", [ent(0, "City", "Bigtown City")], {0: link})]
    resolved, keys = resolve_corpus(exs, onto)
    assert keys[0][0] == keys[1][0]
    assert resolved[keys[0][0]].links == link

"""Entity resolution as pure functions on hand-made mentions: inside an article and across articles."""

from __future__ import annotations

import pytest

from kg.normalize import norm
from kg.ontology import Ontology
from kg.identity import resolve_corpus
from kg.resolve import resolve_article, summarize
from kg.types import Article, ArticleExtraction, Event, Mention, Statement


@pytest.fixture(scope="module")
def onto() -> Ontology:
    return Ontology.load()


def m(text: str, cls: str, at: int = 0, strength: int = 0, canonical: str | None = None) -> Mention:
    return Mention(text, canonical or text, at, at + len(text), cls, norm(canonical or text), "X", 0, strength)


def groups(entities) -> list[set[str]]:
    return sorted((e.names for e in entities), key=lambda s: sorted(s))


def test_surname_joins_the_one_full_name(onto):
    ents, owner = resolve_article([m("Olaf Scholz", "Person"), m("Scholz", "Person", 40)], onto)
    assert len(ents) == 1 and ents[0].key == "olaf scholz" and owner == [0, 0]


def test_surname_shared_by_two_full_names_stays_apart(onto):
    ents, _ = resolve_article([m("Olaf Scholz", "Person"), m("Anna Scholz", "Person", 20), m("Scholz", "Person", 40)], onto)
    assert len(ents) == 3


def test_a_full_name_without_its_middle_initial_is_the_same_person_and_the_surname_follows(onto):
    mentions = [m("John R. Varley", "Person"), m("John Varley", "Person", 30), m("Varley", "Person", 60)]
    ents, _ = resolve_article(mentions, onto)
    assert len(ents) == 1 and ents[0].key == "john r. varley"


def test_a_surname_goes_to_the_full_name_the_article_is_about_when_one_dominates(onto):
    about = [m("Rosa Quint", "Person"), m("Rosa Quint", "Person", 20), m("Ivo Quint", "Person", 40),
             m("Quint", "Person", 60)]
    ents, owner = resolve_article(about, onto)
    assert len(ents) == 2 and owner[3] == owner[0]
    even = [m("Rosa Quint", "Person"), m("Ivo Quint", "Person", 40), m("Quint", "Person", 60)]
    assert len(resolve_article(even, onto)[0]) == 3


def test_acronym_joins_the_name_it_spells(onto):
    ents, _ = resolve_article([m("European Central Bank", "Organization"), m("ECB", "Organization", 50)], onto)
    assert len(ents) == 1 and ents[0].names == {"european central bank", "ecb"}


def test_bare_place_name_joins_its_name_with_a_class_noun(onto):
    ents, _ = resolve_article([m("Hiroshima prefecture", "Region", strength=1), m("Hiroshima", "Region", 30)], onto)
    assert len(ents) == 1 and ents[0].key == "hiroshima prefecture"


def test_a_lone_word_joins_the_one_organisation_it_starts_unless_it_is_a_place(onto):
    ents, _ = resolve_article([m("Corvane Motors", "Organization", strength=1), m("Corvane", "Person", 30)], onto)
    assert len(ents) == 1 and ents[0].cls == "Organization"
    ents, _ = resolve_article([m("Halden Gazette", "NewsOrganization", strength=1),
                               m("Halden", "City", 30, strength=2)], onto)
    assert len(ents) == 2
    heads = frozenset({"logistics"})
    ents, _ = resolve_article([m("Brightwater Logistics", "Organization"), m("Brightwater", "Organization", 30)],
                              onto, company_heads=heads)
    assert len(ents) == 1
    ents, _ = resolve_article([m("Falcon Heavy", "Organization"), m("Falcon", "Organization", 30)], onto,
                              company_heads=heads)
    assert len(ents) == 2
    ents, _ = resolve_article([m("Liberty Party", "Organization"), m("Liberty", "Document", 30)], onto,
                              company_heads=frozenset({"party"}))
    assert len(ents) == 2  # a document is no short name of a party


def test_a_link_between_two_gazetteer_countries_never_merges_them(onto):
    mentions = [m("Russia", "Country", strength=2), m("Soviet Union", "Country", 20, strength=2)]
    ents, _ = resolve_article(mentions, onto, 0, [(0, 1)])
    assert len(ents) == 2


def test_references_join_their_antecedent_and_a_nameless_group_is_dropped(onto):
    # nodes: 0 a name, 1 a description linked to it, 2 a description linked to nothing
    ents, owner = resolve_article([m("Paracel Islands", "Island")], onto, 2, [(1, 0)])
    assert owner == [0, 0, -1]


def test_stronger_evidence_wins_the_class_vote(onto):
    mentions = [m("Crete", "Organization"), m("Crete", "Organization", 10), m("Crete", "Island", 20, strength=1)]
    ents, _ = resolve_article(mentions, onto)
    assert ents[0].cls == "Island"


def extraction(article_id: str, mentions: list[Mention], onto, links=()) -> ArticleExtraction:
    ents, _ = resolve_article(mentions, onto, 0, links)
    art = Article(id=article_id, text="", source=f"{article_id}.txt", source_text="", content_hash=article_id)
    return ArticleExtraction(art, ents, [])


def test_across_articles_a_shared_name_of_the_same_class_merges(onto):
    a = extraction("a", [m("Spratly Islands", "Island"), m("Nansha Islands", "Island", 30)], onto, [(0, 1)])
    b = extraction("b", [m("Nansha Islands", "Island")], onto)
    resolved, keys = resolve_corpus([a, b], onto)
    assert len(resolved) == 1
    assert keys[0][0] == keys[1][0]


def test_across_articles_different_classes_never_merge(onto):
    a = extraction("a", [m("Jordan", "Country", strength=2)], onto)
    b = extraction("b", [m("Jordan", "Person")], onto)
    resolved, _ = resolve_corpus([a, b], onto)
    assert sorted(resolved) == ["Person|jordan", "Place|jordan"]


def test_across_articles_a_lone_surname_joins_a_unique_full_name_named_often_but_not_a_passing_one(onto):
    named = [extraction(f"a{i}", [m("Olaf Scholz", "Person")], onto) for i in range(3)]
    b = extraction("b", [m("Scholz", "Person")], onto)
    resolved, keys = resolve_corpus([*named, b], onto)
    assert list(resolved) == ["Person|olaf scholz"] and keys[3][0] == "Person|olaf scholz"
    resolved, keys = resolve_corpus([named[0], b], onto)  # one article is no evidence
    assert keys[1][0] == "Person|scholz"


def test_across_articles_a_surname_alias_never_bridges_two_people(onto):
    a = extraction("a", [m("Olaf Scholz", "Person"), m("Scholz", "Person", 20)], onto)
    b = extraction("b", [m("Anna Scholz", "Person"), m("Scholz", "Person", 20)], onto)
    resolved, _ = resolve_corpus([a, b], onto)
    assert sorted(resolved) == ["Person|anna scholz", "Person|olaf scholz"]


def test_corpus_resolution_does_not_depend_on_article_order(onto):
    a = extraction("a", [m("Spratly Islands", "Island"), m("Nansha Islands", "Island", 30)], onto, [(0, 1)])
    b = extraction("b", [m("Nansha Islands", "Island"), m("Nansha Islands", "Island", 40)], onto)
    r1, _ = resolve_corpus([a, b], onto)
    r2, _ = resolve_corpus([b, a], onto)
    assert r1 == r2


def test_a_summary_records_the_roles_each_entity_plays_in_asserted_triples_only(onto):
    ex = extraction("a", [m("Dana Ortiz", "Person"), m("Kestrel Bank", "Organization", 20),
                          m("Lisbon", "City", 40)], onto)
    ex.statements = [Statement(0, "worksFor", 1, "s", 0, 1, 0.9, "t"),
                     Statement(0, "visited", 2, "s", 0, 1, 0.9, "t", modality="planned")]
    ex.events = [Event("Meeting", (0, 1), 2, None, "asserted", "s", 0, 1, 0.8, "t", roles=((1, "target"),))]
    roles = [e.roles for e in summarize(ex).entities]
    assert roles == [frozenset({("subject", "worksFor"), ("object", "participant")}),
                     frozenset({("object", "worksFor"), ("object", "target")}),
                     frozenset({("object", "place")})]

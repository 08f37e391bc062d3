"""Ranks, communities and spans over graphs built by hand, and the analytics graph of a build."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, XSD, Dataset, Literal, URIRef
from rdflib.namespace import SDO

from conftest import ROOT
from kg.analytics import ANALYTICS_GRAPH, analyse, analytics_quads
from kg.export.rdf_files import nquads, sorted_quads
from kg.namespace import DATA_IRI, KG
from kg.network import read_network

# Two stories that share no one: a football club's season and a bank's takeover.
PEOPLE = {"keane": KG.Person, "rovers": KG.Organization, "dalton": KG.Person, "lisbon": KG.City,
          "norbank": KG.Organization, "hale": KG.Person, "veritas": KG.Organization, "oslo": KG.City}
FACTS = {
    "sport1": [("keane", KG.worksFor, "rovers"), ("dalton", KG.worksFor, "rovers"), ("rovers", KG.basedIn, "lisbon")],
    "sport2": [("keane", KG.metWith, "dalton")],
    "money1": [("hale", KG.leaderOf, "norbank"), ("norbank", KG.acquired, "veritas"), ("veritas", KG.basedIn, "oslo")],
}
MENTIONS = {"sport1": ["keane", "rovers", "dalton", "lisbon"], "sport2": ["keane", "dalton", "rovers"],
            "money1": ["hale", "norbank", "veritas", "oslo"]}
DATES = {"sport1": "2024-03-02", "sport2": "2024-05-19", "money1": "2023-11-30"}


def node(name: str) -> URIRef:
    return URIRef(f"{DATA_IRI}test/{name}")


def article(name: str) -> URIRef:
    return URIRef(f"{DATA_IRI}article/{name}")


def corpus(*, unasserted: tuple[str, URIRef, str] | None = None) -> list[ox.Quad]:
    ds = Dataset()
    for name, cls in PEOPLE.items():
        ds.add((node(name), RDF.type, cls))
        ds.add((node(name), RDFS.label, Literal(name.title())))
    for art, facts in FACTS.items():
        g = ds.graph(article(art))
        g.add((article(art), RDF.type, SDO.NewsArticle))
        g.add((article(art), SDO.datePublished, Literal(DATES[art], datatype=XSD.date)))
        for m in MENTIONS[art]:
            g.add((article(art), SDO.mentions, node(m)))
        for s, p, o in facts:
            g.add((node(s), p, node(o)))
    if unasserted is not None:  # a denial: a record of the claim, never the triple itself
        s, p, o = unasserted
        g = ds.graph(article("money1"))
        rec = URIRef(f"{DATA_IRI}statement/denied")
        for pred, obj in ((RDF.type, KG.Statement), (RDF.subject, node(s)), (RDF.predicate, p), (RDF.object, node(o))):
            g.add((rec, pred, obj))
    return sorted_quads(ds)


def test_the_two_stories_are_two_communities_named_by_their_most_important_member():
    net = read_network(corpus())
    result = analyse(net)
    groups = {frozenset(c.members) for c in result.communities}
    assert groups == {frozenset(str(node(n)) for n in ("keane", "rovers", "dalton", "lisbon")),
                      frozenset(str(node(n)) for n in ("hale", "norbank", "veritas", "oslo"))}
    sport = next(c for c in result.communities if str(node("rovers")) in c.members)
    assert sport.articles == (str(article("sport1")), str(article("sport2")))
    assert sport.name.startswith(net.labels[sport.members[0]])
    assert result.rank[sport.members[0]] == max(result.rank[m] for m in sport.members)


def test_the_club_everyone_works_for_outranks_the_city_it_is_based_in():
    rank = analyse(read_network(corpus())).rank
    assert rank[str(node("rovers"))] > rank[str(node("lisbon"))]
    assert set(rank) == {str(node(n)) for n in PEOPLE}  # articles take no rank


def test_a_denied_claim_is_no_edge():
    plain = read_network(corpus())
    denied = read_network(corpus(unasserted=("hale", KG.acquired, "keane")))
    assert denied.facts == plain.facts
    assert analyse(denied).communities == analyse(plain).communities


def test_spans_come_from_the_dates_of_the_articles_that_tell_about_a_node():
    span = analyse(read_network(corpus())).span
    assert span[str(node("keane"))] == ("2024-03-02", "2024-05-19", 2)
    assert span[str(node("oslo"))] == ("2023-11-30", "2023-11-30", 1)


def test_the_analytics_graph_is_one_named_graph_the_shapes_accept():
    quads = analytics_quads(read_network(corpus()))
    assert {q.graph_name for q in quads} == {ox.NamedNode(str(ANALYTICS_GRAPH))}
    communities = {q.subject for q in quads if q.predicate.value == str(RDF.type) and q.object.value == str(KG.Community)}
    assert len(communities) == 2
    members = [q for q in quads if q.predicate.value == str(KG.community)]
    assert len(members) == 8 + 3  # every entity and every article


def test_analytics_read_back_from_a_graph_that_holds_them_are_unchanged():
    first = analytics_quads(read_network(corpus()))
    again = analytics_quads(read_network([*corpus(), *first], skip_graphs=[str(ANALYTICS_GRAPH)]))
    assert nquads(again) == nquads(first)


def test_the_same_graph_gives_the_same_bytes_whatever_the_hash_seed(tmp_path):
    src = tmp_path / "in.nq"
    src.write_bytes(nquads(corpus()))
    code = ("import sys, pyoxigraph as ox; from kg.network import read_network; from kg.analytics import analytics_quads;"
            "from kg.export.rdf_files import nquads;"
            f"sys.stdout.buffer.write(nquads(analytics_quads(read_network(ox.parse(path={str(src)!r}, "
            "format=ox.RdfFormat.N_QUADS)))))")
    outs = {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout for seed in ("1", "2", "3")}
    assert len(outs) == 1 and b"community" in next(iter(outs))


@pytest.mark.model
def test_a_build_ranks_its_entities_in_the_store(demo_out):
    store = ox.Store.read_only(str(demo_out / "store"))
    rows = list(store.query(f"""SELECT ?e ?r WHERE {{ GRAPH <{ANALYTICS_GRAPH}> {{ ?e <{KG.rank}> ?r }} }}"""))
    assert len(rows) > 20
    assert all(float(r["r"].value) > 0 for r in rows)


@pytest.mark.model
def test_analytics_come_with_the_option_and_go_without_it_in_the_same_directory(tmp_path):
    from conftest import DEMO
    from kg.build import build

    def graphs() -> set[str]:
        store = ox.Store.read_only(str(tmp_path / "store"))
        return {g.value for g in store.named_graphs()}

    build([DEMO], tmp_path)
    assert str(ANALYTICS_GRAPH) not in graphs()
    build([DEMO], tmp_path, analytics=True)  # same articles: only the option changed
    assert str(ANALYTICS_GRAPH) in graphs()
    assert str(ANALYTICS_GRAPH).encode() in (tmp_path / "graph.nq").read_bytes()
    build([DEMO], tmp_path)
    assert str(ANALYTICS_GRAPH) not in graphs()

"""`kg path`: shortest chains over asserted facts, co-mentions marked apart, evidence on each hop."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, SKOS, Dataset, Literal, URIRef
from rdflib.namespace import PROV, SDO
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import UsageError
from kg.export.rdf_files import sorted_quads
from kg.namespace import DATA_IRI, KG
from kg.network import read_network
from kg.paths import add_evidence, find_nodes, shortest_chains

# A striker who plays for a club whose owner also owns a newspaper; an actor only ever mentioned
# beside the striker; a chemist who is nowhere near any of them.
NAMES = {"ines": ("Ines Borg", KG.Person), "falcons": ("Falcons", KG.Organization),
         "voss": ("Dieter Voss", KG.Person), "courier": ("The Courier", KG.Organization),
         "marlo": ("Marlo Quint", KG.Person), "chem": ("Ada Roe", KG.Person)}
FACTS = [("ines", KG.worksFor, "falcons", "The Falcons signed Ines Borg on Monday."),
         ("voss", KG.ownerOf, "falcons", "Dieter Voss, who owns the Falcons, spoke to reporters."),
         ("voss", KG.ownerOf, "courier", "Voss also owns The Courier.")]


def node(key: str) -> URIRef:
    return URIRef(f"{DATA_IRI}test/{key}")


def corpus() -> list[ox.Quad]:
    ds = Dataset()
    for key, (label, cls) in NAMES.items():
        ds.add((node(key), RDF.type, cls))
        ds.add((node(key), RDFS.label, Literal(label)))
    ds.add((node("voss"), SKOS.altLabel, Literal("Voss")))
    sport = URIRef(f"{DATA_IRI}article/sport")
    g = ds.graph(sport)
    g.add((sport, RDF.type, SDO.NewsArticle))
    g.add((sport, SDO.identifier, Literal("sport")))
    g.add((sport, SDO.headline, Literal("Falcons sign a striker")))
    for i, (s, p, o, sentence) in enumerate(FACTS):
        g.add((node(s), p, node(o)))
        rec = URIRef(f"{DATA_IRI}statement/sport--{i}")
        for pred, obj in ((RDF.type, KG.Statement), (RDF.subject, node(s)), (RDF.predicate, p), (RDF.object, node(o)),
                          (KG.sentence, Literal(sentence)), (KG.modality, Literal("asserted")),
                          (KG.startOffset, Literal(10 * i)), (KG.endOffset, Literal(10 * i + 5)),
                          (PROV.wasDerivedFrom, sport)):
            g.add((rec, pred, obj))
    gossip = URIRef(f"{DATA_IRI}article/gossip")
    g = ds.graph(gossip)
    g.add((gossip, RDF.type, SDO.NewsArticle))
    g.add((gossip, SDO.headline, Literal("Seen at the premiere")))
    for key in ("ines", "marlo"):
        g.add((gossip, SDO.mentions, node(key)))
    return sorted_quads(ds)


def store_of(quads: list[ox.Quad]) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(quads)
    return store


def test_a_chain_of_facts_is_found_both_ways_round_with_each_hop_s_sentence():
    quads = corpus()
    chains = shortest_chains(read_network(quads), "Ines Borg", "The Courier")
    add_evidence(chains, store_of(quads))
    assert len(chains) == 1
    hops = chains[0]
    assert [(h.kind, h.prop.rsplit("#", 1)[-1], h.forward) for h in hops] == [
        ("fact", "worksFor", True), ("fact", "ownerOf", False), ("fact", "ownerOf", True)]
    assert [h.evidence[0].sentence for h in hops] == [f[3] for f in FACTS]
    assert (hops[0].evidence[0].article, hops[0].evidence[0].start) == ("sport", 0)


def test_names_only_mentioned_together_are_joined_as_a_co_mention_not_a_fact():
    net = read_network(corpus())
    [chain] = shortest_chains(net, "Marlo Quint", "Ines Borg")
    assert [(h.kind, h.article) for h in chain] == [("co-mention", f"{DATA_IRI}article/gossip")]
    assert shortest_chains(net, "Marlo Quint", "Ines Borg", co_mentions=False) == []


def test_an_alias_or_an_iri_names_a_node_and_an_unknown_name_is_a_usage_error():
    net = read_network(corpus())
    assert find_nodes(net, "voss") == [str(node("voss"))]
    assert find_nodes(net, str(node("chem"))) == [str(node("chem"))]
    with pytest.raises(UsageError):
        shortest_chains(net, "Nobody Known", "Ines Borg")


def test_no_chain_between_strangers():
    assert shortest_chains(read_network(corpus()), "Ada Roe", "Ines Borg") == []


@pytest.mark.model
def test_kg_path_prints_json_chains_with_evidence_on_the_demo(demo_out):
    run = CliRunner().invoke(app, ["path", str(demo_out), "Putin", "Sergey Lavrov", "--format", "json"])
    assert run.exit_code == 0, run.output
    chains = json.loads(run.stdout)
    first = chains[0]["hops"][0]
    assert first["kind"] == "fact" and first["evidence"] and first["evidence"][0]["sentence"]
    assert {first["from_label"], first["to_label"]} == {"Vladimir Putin", "Sergey Lavrov"}


@pytest.mark.model
def test_kg_path_is_a_usage_error_for_a_name_the_build_does_not_hold(demo_out):
    assert CliRunner().invoke(app, ["path", str(demo_out), "Putin", "Nobody At All"]).exit_code == 2

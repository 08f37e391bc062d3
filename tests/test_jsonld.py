"""graph.jsonld: the whole build as JSON-LD that reads as schema.org and expands to exactly the
quads of graph.nq, with rdflib and with pyoxigraph."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from typer.testing import CliRunner

from kg.cli import app
from kg.export.jsonld import jsonld_bytes

SDO, KG, RDF = "https://schema.org/", "https://w3id.org/newskg/ontology#", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
ID = "https://w3id.org/newskg/id/"


def quads() -> list[ox.Quad]:
    """An article graph and an entity, with the literal kinds a build writes."""
    a, g = ox.NamedNode(f"{ID}article/x1"), ox.NamedNode(f"{ID}article/x1")
    p, c = ox.NamedNode(f"{ID}person/ana-lind"), ox.NamedNode(f"{ID}place/oslo")
    st = ox.NamedNode(f"{ID}statement/x1--ab12")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    rows = [
        (a, ox.NamedNode(RDF + "type"), ox.NamedNode(SDO + "NewsArticle"), g),
        (a, ox.NamedNode(SDO + "headline"), ox.Literal("Lind wins in Oslo \u2014 \"again\""), g),
        (a, ox.NamedNode(SDO + "datePublished"), ox.Literal("2026-11-02", datatype=ox.NamedNode(xsd + "date")), g),
        (a, ox.NamedNode(SDO + "url"), ox.NamedNode("https://sport.example/lind?x=1&y=2"), g),
        (a, ox.NamedNode(SDO + "mentions"), p, g),
        (p, ox.NamedNode(KG + "visited"), c, g),
        (st, ox.NamedNode(RDF + "type"), ox.NamedNode(KG + "Statement"), g),
        (st, ox.NamedNode(KG + "confidence"), ox.Literal("0.80", datatype=ox.NamedNode(xsd + "decimal")), g),
        (st, ox.NamedNode(KG + "startOffset"), ox.Literal("17", datatype=ox.NamedNode(xsd + "integer")), g),
        (p, ox.NamedNode(RDF + "type"), ox.NamedNode(KG + "Person"), ox.DefaultGraph()),
        (p, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Ana Lind"), ox.DefaultGraph()),
        (c, ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"), ox.Literal("Christiania", language="no"),
         ox.DefaultGraph()),
    ]
    return [ox.Quad(*r) for r in rows]


def rdflib_quads(data: bytes, fmt: str) -> set:
    ds = rdflib.Dataset()
    ds.parse(data=data.decode("utf-8"), format=fmt)
    return {(s, p, o, getattr(g, "identifier", g)) for s, p, o, g in ds.quads((None, None, None, None))}


def test_jsonld_expands_to_exactly_the_quads_with_pyoxigraph_and_rdflib():
    data = jsonld_bytes(quads())
    assert set(ox.parse(data, format=ox.RdfFormat.JSON_LD)) == set(quads())
    nq = ox.serialize(quads(), format=ox.RdfFormat.N_QUADS)
    assert rdflib_quads(data, "json-ld") == rdflib_quads(nq, "nquads")


def test_jsonld_reads_as_schema_org_where_our_data_uses_it():
    doc = json.loads(jsonld_bytes(quads()))
    assert doc["@context"]["headline"] == "schema:headline" and "@graph" in doc
    article_graph = next(n for n in doc["@graph"] if n["@id"] == "id:article/x1")
    article = next(n for n in article_graph["@graph"] if n["@id"] == "id:article/x1")
    assert article["@type"] == "NewsArticle" and article["datePublished"] == "2026-11-02"
    assert article["url"] == "https://sport.example/lind?x=1&y=2" and article["mentions"] == "id:person/ana-lind"
    person = next(n for n in doc["@graph"] if n["@id"] == "id:person/ana-lind")
    assert person["@type"] == "Person" and person["label"] == "Ana Lind"


def test_the_same_quads_in_another_order_give_the_same_bytes():
    assert jsonld_bytes(quads()) == jsonld_bytes(sorted(quads(), key=str, reverse=True))


@pytest.mark.model
def test_kg_export_jsonld_of_the_demo_parses_to_the_quads_of_graph_nq(demo_out, tmp_path):
    target = tmp_path / "graph.jsonld"
    run = CliRunner().invoke(app, ["export", str(demo_out), "--format", "jsonld", "--output", str(target)])
    assert run.exit_code == 0, run.output
    nq = (demo_out / "graph.nq").read_bytes()
    assert set(ox.parse(path=str(target), format=ox.RdfFormat.JSON_LD)) == set(ox.parse(nq, format=ox.RdfFormat.N_QUADS))
    assert rdflib_quads(target.read_bytes(), "json-ld") == rdflib_quads(nq, "nquads")
    again = tmp_path / "again.jsonld"
    CliRunner().invoke(app, ["export", str(demo_out), "--format", "jsonld", "--output", str(again)])
    assert again.read_bytes() == target.read_bytes()

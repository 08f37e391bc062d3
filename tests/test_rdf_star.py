"""Evidence as RDF 1.2 annotations (kg export --format rdf-star): the same facts as the build's
reification, quad for quad, and the example queries in both forms give the same answers."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.export.provenance import REIFIES, as_reification, as_rdf_star
from test_queries import QUERIES, run_embedded

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
E = "https://example.org/"
STAR_QUERIES = sorted((QUERIES[0].parent / "rdf-star").glob("*.rq"))


def n(x: str) -> ox.NamedNode:
    return ox.NamedNode(E + x)


def test_a_statement_becomes_a_reifier_of_its_triple_and_back():
    g = n("article/1")
    quads = [
        ox.Quad(n("lind"), n("visited"), n("oslo"), g),
        ox.Quad(n("st1"), ox.NamedNode(RDF + "type"), n("Statement"), g),
        ox.Quad(n("st1"), ox.NamedNode(RDF + "subject"), n("lind"), g),
        ox.Quad(n("st1"), ox.NamedNode(RDF + "predicate"), n("visited"), g),
        ox.Quad(n("st1"), ox.NamedNode(RDF + "object"), n("oslo"), g),
        ox.Quad(n("st1"), n("sentence"), ox.Literal("Lind visited Oslo."), g),
        # a denial: reified, never asserted
        ox.Quad(n("st2"), ox.NamedNode(RDF + "subject"), n("acme"), g),
        ox.Quad(n("st2"), ox.NamedNode(RDF + "predicate"), n("acquired"), g),
        ox.Quad(n("st2"), ox.NamedNode(RDF + "object"), n("zeta"), g),
        # a node with only part of a triple is left alone
        ox.Quad(n("odd"), ox.NamedNode(RDF + "subject"), n("lind"), g),
    ]
    star = as_rdf_star(quads)
    assert ox.Quad(n("st1"), REIFIES, ox.Triple(n("lind"), n("visited"), n("oslo")), g) in star
    assert ox.Quad(n("st2"), REIFIES, ox.Triple(n("acme"), n("acquired"), n("zeta")), g) in star
    assert ox.Quad(n("acme"), n("acquired"), n("zeta"), g) not in star  # still not asserted
    assert ox.Quad(n("odd"), ox.NamedNode(RDF + "subject"), n("lind"), g) in star and len(star) == 6
    assert sorted(as_reification(star), key=str) == sorted(quads, key=str)


def rows(store: ox.Store, query: Path) -> tuple:
    result = store.query(query.read_text(encoding="utf-8"), use_default_graph_as_union=True)
    variables = [v.value for v in result.variables]
    return tuple(variables), tuple(tuple(None if r[v] is None else r[v].value for v in variables) for r in result)


@pytest.mark.model
def test_the_export_holds_the_builds_facts_and_each_query_in_rdf_star_form_answers_the_same(demo_out, tmp_path):
    target = tmp_path / "graph-rdf-star.trig"
    run = CliRunner().invoke(app, ["export", str(demo_out), "--format", "rdf-star", "--output", str(target)])
    assert run.exit_code == 0, run.output
    star = list(ox.parse(path=str(target), format=ox.RdfFormat.TRIG))
    assert sum(q.predicate == REIFIES for q in star) > 20
    assert set(as_reification(star)) == set(ox.parse(path=str(demo_out / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    store = ox.Store()
    store.extend(star)
    assert [q.name for q in STAR_QUERIES] == [q.name for q in QUERIES if "rdf:subject" in q.read_text()]
    answered = 0
    for query in STAR_QUERIES:
        classic = run_embedded(demo_out, query.parent.parent / query.name)
        got = rows(store, query)
        assert (list(got[0]), sorted(map(list, got[1]), key=repr)) == \
            (classic[0], sorted(classic[1], key=repr)), query.name
        answered += bool(got[1])
    assert answered >= 5  # the demo has rows for most of them: the comparison is not of empty sets

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


def _a_fact(out: Path) -> tuple[str, str]:
    """The labels of the two ends of one asserted fact between entities of the build."""
    store = ox.Store.read_only(str(out / "store"))
    row = next(iter(store.query("""SELECT ?a ?b WHERE {
        GRAPH ?g { ?st <https://w3id.org/newskg/ontology#modality> "asserted" ; <%ssubject> ?s ; <%sobject> ?o }
        ?s <http://www.w3.org/2000/01/rdf-schema#label> ?a . ?o <http://www.w3.org/2000/01/rdf-schema#label> ?b .
        FILTER(?s != ?o) } ORDER BY ?a ?b LIMIT 1""" % (RDF, RDF), use_default_graph_as_union=True)))
    return row["a"].value, row["b"].value


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """The demo built twice, evidence as reification and as RDF 1.2 reifiers."""
    from kg.build import build

    from conftest import DEMO

    root = tmp_path_factory.mktemp("rdf-star")
    build([DEMO], root / "classic")
    build([DEMO], root / "star", provenance="rdf-star")
    return root / "classic", root / "star"


@pytest.mark.model
def test_a_build_with_rdf_star_provenance_holds_the_same_facts_as_reifiers(builds):
    classic_out, star_out = builds
    star = list(ox.parse(path=str(star_out / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    assert any(q.predicate == REIFIES for q in star)
    assert not any(q.predicate.value == RDF + "subject" for q in star)
    classic = set(ox.parse(path=str(classic_out / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    assert set(as_reification(star)) == classic
    store = ox.Store.read_only(str(star_out / "store"))
    for query in STAR_QUERIES:
        classic_rows = run_embedded(classic_out, query.parent.parent / query.name)
        got = rows(store, query)
        assert sorted(map(list, got[1]), key=repr) == sorted(classic_rows[1], key=repr), query.name


@pytest.mark.model
def test_the_page_paths_exports_and_validation_read_an_rdf_star_build_as_the_classic_one(builds, tmp_path):
    from kg.validate import validate

    classic_out, star_out = builds
    assert validate(star_out).conforms
    assert (star_out / "graph.html").read_bytes() == (classic_out / "graph.html").read_bytes()
    a, b = _a_fact(classic_out)
    runs = [CliRunner().invoke(app, ["path", str(d), a, b]) for d in builds]
    assert runs[0].exit_code == runs[1].exit_code == 0 and runs[0].output == runs[1].output
    assert "1 hop(s)" in runs[1].output and '"' in runs[1].output  # a hop with its sentence
    for d, name in zip(builds, ("classic.graphml", "star.graphml")):
        CliRunner().invoke(app, ["export", str(d), "--format", "graphml", "--output", str(tmp_path / name)])
    assert (tmp_path / "classic.graphml").read_bytes() == (tmp_path / "star.graphml").read_bytes()


@pytest.mark.model
def test_switching_provenance_in_a_built_directory_rewrites_it_to_the_fresh_bytes(builds, tmp_path):
    import shutil

    from kg.build import build

    from conftest import DEMO

    classic_out, star_out = builds
    out = tmp_path / "switched"
    shutil.copytree(classic_out, out)
    report = build([DEMO], out, provenance="rdf-star")
    assert report.parsed == 0  # nothing parsed again: only written in the other form
    for name in ("graph.nq", "graph.trig", "graph.ttl"):
        assert (out / name).read_bytes() == (star_out / name).read_bytes(), name

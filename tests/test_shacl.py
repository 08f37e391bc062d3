"""The fast SHACL engine (kg.shacl) against pySHACL, and its chunked, cached run over a build."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.errors import UsageError
from kg.validate import _chunks, validate, validate_graph
from test_validate import ADA, BROKEN, GOOD, PREFIXES, VALID, edited

CASES = {**BROKEN, **{name: (add, "") for name, add in GOOD.items()}, "the valid graph": ("", "")}


def keys(report) -> set[tuple]:
    """What both engines must agree on: focus node, path (when it is an IRI), value and component."""
    return {(v.focus, v.path if v.path and v.path.startswith("http") else None, v.value, v.component)
            for v in report.violations}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_fast_engine_finds_what_pyshacl_finds(case):
    g = edited(*CASES[case])
    for inference in ("rdfs", "none"):
        fast = validate_graph(g, inference=inference, engine="fast")
        reference = validate_graph(g, inference=inference, engine="pyshacl")
        assert keys(fast) == keys(reference), (case, inference)
        assert fast.conforms == reference.conforms, (case, inference)
    if case in BROKEN:
        assert keys(fast)


def test_messages_come_from_the_shapes():
    report = validate_graph(edited(*BROKEN["an entity with two labels"]))
    assert [v.message for v in report.violations] == ["an entity has exactly one rdfs:label"]


@pytest.mark.model
def test_the_engines_agree_on_the_demo_build(demo_out, tmp_path):
    fast, reference = validate(demo_out, engine="fast"), validate(demo_out, engine="pyshacl")
    assert fast.conforms and reference.conforms
    assert keys(fast) == keys(reference)


def nquads(subjects: range) -> bytes:
    return b"".join(f'<http://example.org/s{i}> <http://example.org/p> "{j}" .\n'.encode()
                    for i in subjects for j in range(3))


def test_chunk_cuts_do_not_move_when_a_subject_is_inserted_elsewhere():
    before = list(_chunks(nquads(range(0, 2000))))
    after = list(_chunks(nquads(range(0, 1000)) + b'<http://example.org/new> <http://example.org/p> "x" .\n'
                         + nquads(range(1000, 2000))))
    assert b"".join(before) == nquads(range(0, 2000))
    assert len(before) > 10
    assert len(set(before) - set(after)) <= 1 and len(set(after) - set(before)) <= 1


def test_a_second_run_reads_the_unchanged_chunks_from_the_cache(tmp_path):
    build = tmp_path / "build"
    build.mkdir()
    data = Graph().parse(VALID)
    (build / "graph.nq").write_bytes(data.serialize(format="nt", encoding="utf-8"))
    first = validate(build)
    again = validate(build)
    assert first.conforms and again.conforms and first.cached == 0
    assert again.cached == again.chunks - 2  # all but the ontology, once per pass
    data.parse(data=PREFIXES + BROKEN["an entity with two labels"][0], format="turtle")
    (build / "graph.nq").write_bytes(data.serialize(format="nt", encoding="utf-8"))
    broken = validate(build)
    assert not broken.conforms and keys(broken) == keys(validate_graph(data, engine="pyshacl"))


def test_shapes_the_engine_cannot_run_are_refused_not_passed(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
                      "ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .\n")
    with pytest.raises(UsageError, match="pyshacl"):
        validate_graph(Graph().parse(VALID), shapes=shapes)


def test_every_node_sharing_a_set_of_classes_is_reported_as_pyshacl_reports_it():
    # the class queries run once per set of classes: each node of the set must still get its result
    people = " ".join(f'id:person\\/p{i} a kg:Person , kg:Organization ; rdfs:label "P{i}" ; kg:mentionCount 1 .'
                      for i in range(4))
    g = edited(f'{ADA} a kg:Organization . {people} id:place\\/x a kg:City , kg:Person ; rdfs:label "X" .', "")
    for inference in ("rdfs", "none"):
        fast = validate_graph(g, inference=inference, engine="fast")
        assert keys(fast) == keys(validate_graph(g, inference=inference, engine="pyshacl")), inference
        assert {v.focus for v in fast.violations if v.component == "SPARQLConstraintComponent"} >= {
            f"https://w3id.org/newskg/id/person/p{i}" for i in range(4)}


@pytest.mark.parametrize("body, alone", [
    ("?this rdf:type ?c . ?c rdfs:subClassOf* ?d .", True),
    ("?this rdf:type ?c . ?c rdf:rest*/rdf:first ?d .", True),
    ("?this rdf:type ?c . FILTER(STRSTARTS(STR(?this), \"x\"))", False),  # reads the IRI itself
    ("?other rdf:type ?c .", False),  # another node's classes
    ("?this rdf:type ?c . ?this rdfs:label ?l .", False),  # other data of the node
    ("?x rdf:type/rdfs:subClassOf* ?c .", False),  # classes through a path
    ("?this rdf:type ?c . ?x !(rdfs:label) ?d .", False),  # a negated path may read rdf:type
    ("?x ?p ?c .", False),
])
def test_a_query_counts_as_reading_only_this_nodes_classes_when_it_does(body, alone):
    from rdflib.plugins.sparql import prepareQuery

    from kg.shacl import _by_types

    query = ("PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?this WHERE { " + body + " }")
    assert _by_types(prepareQuery(query).algebra) is alone

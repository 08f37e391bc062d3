"""SHACL validation: a good build conforms, and each way of breaking it is reported."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH

from conftest import ROOT
from kg.namespace import KG
from kg.validate import validate, validate_graph

VALID = ROOT / "tests" / "data" / "validate" / "valid.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
PREFIXES = """
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix id: <https://w3id.org/newskg/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
ADA, STATEMENT, ARTICLE = "id:person\\/ada", "id:statement\\/s1", "id:article\\/a1"


def edited(add: str = "", remove: str = "") -> Graph:
    """The valid graph with triples added and removed (Turtle, with PREFIXES)."""
    g = Graph().parse(VALID)
    if remove:
        g -= Graph().parse(data=PREFIXES + remove, format="turtle")
    if add:
        g.parse(data=PREFIXES + add, format="turtle")
    return g


def check(add: str = "", remove: str = "", inference: str = "rdfs"):
    return validate_graph(edited(add, remove), inference=inference)


def test_the_valid_graph_conforms_with_and_without_inference():
    for inference in ("rdfs", "none"):
        report = check(inference=inference)
        assert report.conforms, report.violations


# Facts and events of the 0.3.0 vocabulary that a valid build may hold.
ATTACK = (f"id:event\\/a1 a kg:Attack ; rdfs:label \"Attack: Ruritania and Ada Lovelace\" ; "
          f"kg:agent id:place\\/ruritania ; kg:victim {ADA} ; kg:place id:place\\/strelsau .")
GOOD = {
    "a person works for a city (its government)": f"{ADA} kg:worksFor id:place\\/strelsau .",
    "a mayor leads a city": f"{ADA} kg:leaderOf id:place\\/strelsau .",
    "a capital of a country": "id:place\\/strelsau kg:capitalOf id:place\\/ruritania .",
    "a person affiliated with a country": f"{ADA} kg:affiliatedWith id:place\\/ruritania .",
    "a country attacked a city": "id:place\\/ruritania kg:attacked id:place\\/strelsau .",
    "a person born in and a citizen of": f"{ADA} kg:bornIn id:place\\/strelsau ; kg:citizenOf id:place\\/ruritania .",
    "an attack whose participants are all roles": ATTACK,
}


@pytest.mark.parametrize("case", sorted(GOOD))
def test_the_new_vocabulary_conforms_with_and_without_inference(case):
    for inference in ("rdfs", "none"):
        report = check(GOOD[case], inference=inference)
        assert report.conforms, (case, inference, report.violations)


BROKEN = {
    "a fact against the range (a person visited)": (f"{ADA} kg:visited id:person\\/bob . id:person\\/bob a kg:Person ; rdfs:label \"Bob\" ; kg:mentionCount 1 .", ""),
    "a fact against the domain (a city works for)": ("id:place\\/strelsau kg:worksFor id:place\\/ruritania .", ""),
    "an entity with two labels": (f"{ADA} rdfs:label \"Ada\" .", ""),
    "an entity with no label": ("", f"{ADA} rdfs:label \"Ada Lovelace\" ."),
    "an entity of two unrelated classes": (f"{ADA} a kg:Organization .", ""),
    "an entity with no class": ("", f"{ADA} a kg:Person ."),
    "a statement without its sentence": ("", f"{STATEMENT} kg:sentence \"Ada visited Strelsau on Thursday.\" ."),
    "a statement without its article": ("", f"{STATEMENT} prov:wasDerivedFrom {ARTICLE} ."),
    "a statement without offsets": ("", f"{STATEMENT} kg:startOffset 0 ."),
    "a statement whose offsets run backwards": (f"{STATEMENT} kg:startOffset 30 .", f"{STATEMENT} kg:startOffset 0 ."),
    "a confidence above one": (f"{STATEMENT} kg:confidence 1.5 .", f"{STATEMENT} kg:confidence 0.85 ."),
    "an unknown modality": (f"{STATEMENT} kg:modality \"rumoured\" .", f"{STATEMENT} kg:modality \"asserted\" ."),
    "an article without a headline": ("", f"{ARTICLE} schema:headline \"Ada visits Strelsau\" ."),
    "an article without an id": ("", f"{ARTICLE} schema:identifier \"a1\" ."),
    "an event without participants": ("", "id:event\\/m1 kg:participant id:person\\/ada , id:place\\/ruritania ."),
    "an event participant given as text": ("id:event\\/m1 kg:participant \"Ada\" .", ""),
    "an event date as a plain string": ("id:event\\/m1 kg:date \"Thursday\" .", ""),
    "a link to something not Wikidata or GeoNames": ("id:link\\/l1 rdf:object <http://example.org/x> .", ""),
    "a killing whose object is a place (range)": (f"{ADA} kg:killed id:place\\/strelsau .", ""),
    "a capital that is not a city (domain)": ("id:place\\/ruritania kg:capitalOf id:place\\/strelsau .", ""),
    "an attack with no participant": ("id:event\\/a2 a kg:Attack ; rdfs:label \"Attack on Strelsau\" ; "
                                      "kg:place id:place\\/strelsau .", ""),
    "an event role given to a place": (ATTACK + " id:event\\/a1 kg:patient id:place\\/strelsau .", ""),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_graph_is_caught(case):
    add, remove = BROKEN[case]
    report = check(add, remove)
    assert not report.conforms and report.violations, case


def shape_classes(shapes: Graph, shape) -> set:
    """The classes a shape allows: its sh:class, or the sh:class of each member of its sh:or."""
    if shapes.value(shape, SH["class"]) is not None:
        return {shapes.value(shape, SH["class"])}
    members = shapes.value(shape, SH["or"])
    return set().union(*(shape_classes(shapes, m) for m in Collection(shapes, members))) if members else set()


def ontology_classes(onto: Graph, cls) -> set:
    """A domain or range: the class, or the members of its owl:unionOf."""
    members = onto.value(cls, OWL.unionOf)
    return set(Collection(onto, members)) if members else {cls}


def test_every_fact_property_has_its_domain_and_range_in_the_shapes():
    onto, shapes = Graph().parse(ONTOLOGY), Graph().parse(SHAPES)
    facts = [p for p in onto.subjects(RDF.type, OWL.ObjectProperty)
             if str(p).startswith(str(KG._NS)) and onto.value(p, RDFS.domain) != KG.Event]
    assert len(facts) > 40
    for p in facts:
        nodes = list(shapes.subjects(SH.targetSubjectsOf, p))
        assert len(nodes) == 1, p
        assert shape_classes(shapes, nodes[0]) == ontology_classes(onto, onto.value(p, RDFS.domain)), p
        props = [ps for ps in shapes.objects(nodes[0], SH.property) if shapes.value(ps, SH.path) == p]
        assert len(props) == 1, p
        assert shape_classes(shapes, props[0]) == ontology_classes(onto, onto.value(p, RDFS.range)), p


def test_every_event_class_and_role_is_in_the_event_shape():
    onto, shapes = Graph().parse(ONTOLOGY), Graph().parse(SHAPES)
    shape = URIRef("https://w3id.org/newskg/shapes#Event")
    subclasses = set(onto.transitive_subjects(RDFS.subClassOf, KG.Event)) - {KG.Event}
    roles = set(onto.transitive_subjects(RDFS.subPropertyOf, KG.participant))
    assert len(subclasses) == 15 and len(roles) == 8
    assert set(shapes.objects(shape, SH.targetClass)) == subclasses
    # kg:target (a place an attack aims at) is no participant, but an event with only a target stands
    assert set(shapes.objects(shape, SH.targetSubjectsOf)) == roles | {KG.target}
    paths = [shapes.value(ps, SH.path) for ps in shapes.objects(shape, SH.property)]
    alternatives = [set(Collection(shapes, shapes.value(p, SH.alternativePath))) for p in paths
                    if shapes.value(p, SH.alternativePath) is not None]
    assert sorted(alternatives, key=len) == [roles, roles | {KG.target}]


@pytest.mark.model
def test_the_demo_build_conforms(demo_out):
    report = validate(demo_out)
    assert report.conforms, [v.message for v in report.violations[:5]]


def test_cli_exit_codes(tmp_path):
    good = tmp_path / "good" / "graph.ttl"
    good.parent.mkdir()
    good.write_text(VALID.read_text())
    bad = tmp_path / "bad.ttl"
    bad.write_text(VALID.read_text() + '\n<https://w3id.org/newskg/id/person/ada> <http://www.w3.org/2000/01/rdf-schema#label> "Ada" .\n')
    kg = [sys.executable, "-m", "kg.cli", "validate"]
    ok = subprocess.run([*kg, str(good.parent)], capture_output=True, text=True)
    fail = subprocess.run([*kg, str(bad)], capture_output=True, text=True)
    missing = subprocess.run([*kg, str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "conforms" in ok.stdout
    assert fail.returncode == 1 and "exactly one rdfs:label" in fail.stdout
    assert missing.returncode == 2 and "nowhere" in missing.stderr


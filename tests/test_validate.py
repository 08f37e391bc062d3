"""SHACL validation: a good build conforms, and each way of breaking it is reported."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph

from conftest import ROOT
from kg.validate import validate, validate_graph

VALID = ROOT / "tests" / "data" / "validate" / "valid.ttl"
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


def check(add: str = "", remove: str = "", inference: str = "rdfs"):
    g = Graph().parse(VALID)
    if remove:
        g -= Graph().parse(data=PREFIXES + remove, format="turtle")
    if add:
        g.parse(data=PREFIXES + add, format="turtle")
    return validate_graph(g, inference=inference)


def test_the_valid_graph_conforms_with_and_without_inference():
    for inference in ("rdfs", "none"):
        report = check(inference=inference)
        assert report.conforms, report.violations


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
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_graph_is_caught(case):
    add, remove = BROKEN[case]
    report = check(add, remove)
    assert not report.conforms and report.violations, case


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


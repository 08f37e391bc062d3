"""The ontology parses, and the closed namespace in code agrees with it."""

from __future__ import annotations

import subprocess

import pytest
from rdflib import OWL, RDF, Graph

from conftest import ROOT, have
from kg.namespace import KG
from kg.ontology import local

ONTOLOGY = ROOT / "ontology" / "kg.ttl"


def declared() -> set[str]:
    g = Graph().parse(ONTOLOGY)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {local(s) for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(str(KG._NS))}


def test_namespace_and_ontology_declare_the_same_terms():
    in_code = {name for name in KG.__annotations__}
    assert in_code == declared()


def test_misspelt_term_fails_at_once():
    with pytest.raises(AttributeError):
        KG.vistied  # noqa: B018


@pytest.mark.external
@pytest.mark.skipif(not have("rapper"), reason="rapper not installed")
def test_ontology_parses_with_rapper():
    proc = subprocess.run(["rapper", "-i", "turtle", "-c", str(ONTOLOGY)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.model
def test_every_class_and_property_used_in_the_demo_is_declared(demo_out):
    used = Graph().parse(demo_out / "graph.ttl")
    names = declared()
    ns = str(KG._NS)
    for s, p, o in used:
        if str(p).startswith(ns):
            assert local(p) in names
        if p == RDF.type and str(o).startswith(ns):
            assert local(o) in names

"""The ontology parses with independent parsers, declares every term a build uses, and is documented."""

from __future__ import annotations

import subprocess

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.collection import Collection

from conftest import ROOT, have
from kg.namespace import KG, ONTOLOGY_IRI
from kg.ontology import local

ONTOLOGY = ROOT / "ontology" / "kg.ttl"
BUILT_IN = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
            "http://www.w3.org/2002/07/owl#", "http://www.w3.org/2001/XMLSchema#")
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


def declared(g: Graph | None = None) -> set[URIRef]:
    g = g or ontology()
    return {s for k in KINDS for s in g.subjects(RDF.type, k) if isinstance(s, URIRef)}


def test_namespace_and_ontology_declare_the_same_terms():
    in_code = {name for name in KG.__annotations__}
    assert in_code == {local(t) for t in declared() if str(t).startswith(str(KG._NS))}


def test_misspelt_term_fails_at_once():
    with pytest.raises(AttributeError):
        KG.vistied  # noqa: B018


def test_ontology_has_a_version_iri_matching_its_version_info():
    g = ontology()
    onto = URIRef(ONTOLOGY_IRI)
    version = str(g.value(onto, OWL.versionInfo))
    assert g.value(onto, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")


def test_every_term_has_a_label_and_a_comment_and_every_kg_property_a_domain_and_range():
    g = ontology()
    for term in declared(g):
        assert g.value(term, RDFS.label) is not None, term
        assert g.value(term, RDFS.comment) is not None, term
        is_property = (term, RDF.type, OWL.Class) not in g
        if is_property and str(term).startswith(str(KG._NS)):
            assert g.value(term, RDFS.domain) is not None, term
            assert g.value(term, RDFS.range) is not None, term


EVENT_CLASSES = {KG.Meeting, KG.Visit, KG.Attack, KG.Death, KG.Injury, KG.Arrest, KG.Trial, KG.Election,
                 KG.Appointment, KG.Resignation, KG.Acquisition, KG.Communication, KG.Protest, KG.Accident,
                 KG.Contest}
ROLES = {KG.agent, KG.patient, KG.victim, KG.defendant, KG.winner, KG.loser, KG.recipient}


def test_property_hierarchy_symmetry_and_inverses():
    g = ontology()
    assert (KG.leaderOf, RDFS.subPropertyOf, KG.worksFor) in g
    assert (KG.metWith, RDF.type, OWL.SymmetricProperty) in g
    assert (KG.claimedBy, OWL.inverseOf, KG.claims) in g
    assert (KG.locatedIn, RDF.type, OWL.TransitiveProperty) in g
    assert (KG.spouseOf, RDF.type, OWL.SymmetricProperty) in g
    assert (KG.siblingOf, RDF.type, OWL.SymmetricProperty) in g
    assert (KG.childOf, OWL.inverseOf, KG.parentOf) in g
    assert (KG.capitalOf, RDFS.subPropertyOf, KG.locatedIn) in g
    assert (KG.criticized, RDFS.subPropertyOf, KG.opposed) in g
    assert (KG.worksFor, RDFS.subPropertyOf, KG.affiliatedWith) in g
    assert (KG.memberOf, RDFS.subPropertyOf, KG.affiliatedWith) in g
    assert (KG.victim, RDFS.subPropertyOf, KG.patient) in g
    assert (KG.defendant, RDFS.subPropertyOf, KG.patient) in g
    for role in ROLES:
        assert KG.participant in set(g.transitive_objects(role, RDFS.subPropertyOf)), role


def union(g: Graph, cls) -> set:
    members = g.value(cls, OWL.unionOf)
    return set(Collection(g, members)) if members else {cls}


def test_new_ranges_take_places_and_players():
    g = ontology()
    for p in (KG.worksFor, KG.leaderOf, KG.affiliatedWith, KG.attacked, KG.resigned):
        assert union(g, g.value(p, RDFS.range)) == {KG.Agent, KG.Place}, p
    assert union(g, g.value(KG.ledBy, RDFS.domain)) == {KG.Agent, KG.Place}
    assert union(g, g.value(KG.signed, RDFS.range)) == union(g, g.value(KG.signatory, RDFS.domain)) == {KG.Document, KG.Person}
    for p in (KG.ownerOf, KG.acquired):
        assert union(g, g.value(p, RDFS.range)) == {KG.Organization, KG.Place, KG.Document}, p


def test_every_event_class_is_an_event_and_every_role_ranges_over_agents():
    g = ontology()
    subclasses = set(g.transitive_subjects(RDFS.subClassOf, KG.Event)) - {KG.Event}
    assert subclasses == EVENT_CLASSES
    for cls in subclasses:
        assert (cls, RDFS.subClassOf, KG.Event) in g, cls
    roles = set(g.transitive_subjects(RDFS.subPropertyOf, KG.participant)) - {KG.participant}
    assert roles == ROLES
    for prop in roles | {KG.participant}:
        assert g.value(prop, RDFS.domain) == KG.Event, prop
        assert g.value(prop, RDFS.range) == KG.Agent, prop


def test_wikidata_alignments_point_at_wikidata_items_and_properties():
    """Classes align to items (wd:Q…), properties to direct properties (wdt:P…)."""
    g = ontology()
    for term in declared(g):
        for m in (SKOS.exactMatch, SKOS.closeMatch, SKOS.relatedMatch):
            for target in g.objects(term, m):
                if "wikidata.org" not in str(target):
                    continue
                if (term, RDF.type, OWL.Class) in g:
                    assert str(target).startswith("http://www.wikidata.org/entity/Q"), (term, target)
                else:
                    assert str(target).startswith("http://www.wikidata.org/prop/direct/P"), (term, target)


def test_ontology_parses_with_oxigraph_the_same_as_with_rdflib():
    triples = list(ox.parse(path=str(ONTOLOGY), format=ox.RdfFormat.TURTLE))
    assert len(triples) == len(ontology())


@pytest.mark.external
@pytest.mark.skipif(not have("rapper"), reason="rapper not installed")
def test_ontology_parses_with_rapper():
    proc = subprocess.run(["rapper", "-i", "turtle", "-c", str(ONTOLOGY)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert f"returned {len(ontology())} triples" in proc.stderr


@pytest.mark.model
def test_every_class_and_property_used_in_the_demo_is_declared(demo_out):
    used = Graph().parse(demo_out / "graph.ttl")
    names = declared()
    for s, p, o in used:
        if not str(p).startswith(BUILT_IN):
            assert p in names, p
        if p == RDF.type and not str(o).startswith(BUILT_IN):
            assert o in names, o

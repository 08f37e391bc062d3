"""IRIs, the Dataset built from extractions, and the files written from it."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.export.rdf_files import Format, sorted_quads, write_rdf
from kg.rdf import article_iri, build_dataset, entity_iri, mint, union_graph
from kg.types import Article, ArticleExtraction, Entity, Mention, ResolvedEntity, Statement, Time

GOLDEN = Path(__file__).parent / "golden"


def test_entity_iri_is_a_readable_slug_of_the_canonical_key():
    assert entity_iri("Person|angela merkel") == URIRef("https://w3id.org/newskg/id/person/angela-merkel")


def test_lossy_slugs_get_a_hash_so_different_keys_never_share_an_iri():
    a, b = entity_iri("Organization|at&t"), entity_iri("Organization|at t")
    assert a != b and str(a).startswith("https://w3id.org/newskg/id/organization/at-t-")


def test_non_latin_names_still_get_an_iri():
    assert str(entity_iri("Person|习近平")).rsplit("/", 1)[1]


def test_article_ids_are_percent_encoded():
    assert article_iri("a b/c") == URIRef("https://w3id.org/newskg/id/article/a%20b%2Fc")


def test_unknown_iri_kind_is_refused():
    with pytest.raises(ValueError, match="unknown IRI kind"):
        mint("thing", "x")


def small_extraction() -> tuple[list[ArticleExtraction], dict[str, ResolvedEntity], list[dict[int, str]]]:
    text = "Merkel visited Paris."
    art = Article(id="a1", text=text, source="a1.txt", source_text=text, content_hash="h" * 64,
                  title="Merkel in Paris", date_published=dt.date(2020, 1, 2), publisher="Planet")
    m1 = Mention("Merkel", "Merkel", 0, 6, "Person", "merkel", "PERSON", 0)
    m2 = Mention("Paris", "Paris", 15, 20, "City", "paris", "GPE", 0)
    ents = [Entity(0, "Person", "angela merkel", "Angela Merkel", {"Merkel"}, [m1]),
            Entity(1, "City", "paris", "Paris", {"Paris"}, [m2]),
            Entity(2, "NewsOrganization", "planet", "Planet", set(), [])]
    sts = [Statement(0, "visited", 1, text, 0, 20, 0.85, "kg.relations.v1#visit"),
           Statement(0, "metWith", 1, text, 0, 20, 0.5, "test", modality="expected")]
    ex = ArticleExtraction(art, ents, sts, "en_test-1.0", publisher=2)
    resolved = {
        "Person|angela merkel": ResolvedEntity("Person|angela merkel", "Person", "Angela Merkel", ("Merkel",), 1),
        "Place|paris": ResolvedEntity("Place|paris", "City", "Paris", (), 1),
        "Organization|planet": ResolvedEntity("Organization|planet", "NewsOrganization", "Planet", (), 0),
    }
    keys = [{0: "Person|angela merkel", 1: "Place|paris", 2: "Organization|planet"}]
    return [ex], resolved, keys


def test_dataset_matches_the_golden_graph():
    ds = build_dataset(*small_extraction())
    expected = Dataset()
    expected.parse(GOLDEN / "small.trig", format="trig")
    got, want = to_isomorphic(union_graph(ds)), to_isomorphic(union_graph(expected))
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(got, want)
        pytest.fail("graphs differ\nonly built:\n" + only_got.serialize(format="nt")
                    + "\nonly golden:\n" + only_want.serialize(format="nt"))
    assert {str(g.identifier) for g in ds.graphs() if len(g)} >= {str(article_iri("a1"))}


def test_facts_stand_in_the_article_graph_and_entities_in_the_default_graph():
    ds = build_dataset(*small_extraction())
    a = ds.graph(article_iri("a1"))
    visited = (entity_iri("Person|angela merkel"), URIRef("https://w3id.org/newskg/ontology#visited"),
               entity_iri("Place|paris"))
    assert visited in a and visited not in ds.default_graph
    assert (entity_iri("Place|paris"), None, None) in ds.default_graph


def test_a_forecast_is_a_statement_node_but_not_a_triple():
    ds = build_dataset(*small_extraction())
    met = URIRef("https://w3id.org/newskg/ontology#metWith")
    assert not list(union_graph(ds).triples((None, met, None)))
    assert list(union_graph(ds).triples((None, None, met)))  # rdf:predicate of the statement node


@pytest.mark.parametrize("fmt", list(Format))
def test_written_files_parse_and_hold_the_dataset(tmp_path, fmt):
    ds = build_dataset(*small_extraction())
    path = tmp_path / f"g.{fmt.value}"
    write_rdf(sorted_quads(ds), path, fmt)
    parsed = list(ox.parse(path=str(path)))
    assert len(parsed) == (len(union_graph(ds)) if fmt is Format.turtle else len(list(ds.quads())))


_SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_rdf import small_extraction
from kg.rdf import build_dataset
from kg.export.rdf_files import Format, sorted_quads, write_rdf
ds = build_dataset(*small_extraction())
for fmt in Format:
    write_rdf(sorted_quads(ds), Path(sys.argv[1]) / f"g.{{fmt.value}}", fmt)
"""


def test_same_input_gives_the_same_bytes_across_processes(tmp_path):
    """Python randomises str hashes per process: the output must not depend on set order."""
    outs = []
    for seed in ("1", "2"):
        d = tmp_path / seed
        d.mkdir()
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-c", _SCRIPT.format(tests=str(Path(__file__).parent)), str(d)],
                       check=True, env=env)
        outs.append({p.name: p.read_bytes() for p in d.iterdir()})
    assert outs[0] == outs[1] and len(outs[0]) == 3


def test_turtle_output_is_the_union_without_named_graphs(tmp_path):
    ds = build_dataset(*small_extraction())
    write_rdf(sorted_quads(ds), tmp_path / "g.ttl", Format.turtle)
    g = Graph().parse(tmp_path / "g.ttl")
    assert isomorphic(g, union_graph(ds))


def _event_extraction(article_id: str, when):
    from kg.types import Event

    text = "Merkel met Macron in Paris on Thursday."
    art = Article(id=article_id, text=text, source=f"{article_id}.txt", source_text=text, content_hash="h" * 64)
    ents = [Entity(0, "Person", "angela merkel", "Angela Merkel"), Entity(1, "Person", "emmanuel macron", "Emmanuel Macron"),
            Entity(2, "City", "paris", "Paris"), Entity(3, "NewsOrganization", "planet", "Planet")]
    t = Time(when, when, "day", "on Thursday") if when else None
    ev = Event("Meeting", (0, 1), 2, t, "asserted", text, 0, 38, 0.8, "kg.events.v1#meeting")
    sts = [Statement(0, "metWith", 1, text, 0, 17, 0.8, "kg.events.v1#meeting", date=t, speaker=3),
           Statement(0, "visited", 2, text, 0, 27, 0.7, "x", date=Time(dt.date(2014, 1, 1), dt.date(2014, 12, 31), "year", "in 2014")),
           Statement(1, "visited", 2, text, 0, 27, 0.7, "x", date=Time(dt.date(2016, 12, 12), dt.date(2016, 12, 18), "week", "this week"))]
    keys = {0: "Person|angela merkel", 1: "Person|emmanuel macron", 2: "Place|paris", 3: "Organization|planet"}
    return ArticleExtraction(art, ents, sts, events=[ev]), keys


def test_events_dates_and_speakers_are_written_with_their_types():
    from rdflib import XSD, Literal
    from rdflib.namespace import PROV, RDF

    from kg.namespace import KG

    resolved = {
        "Person|angela merkel": ResolvedEntity("Person|angela merkel", "Person", "Angela Merkel"),
        "Person|emmanuel macron": ResolvedEntity("Person|emmanuel macron", "Person", "Emmanuel Macron"),
        "Place|paris": ResolvedEntity("Place|paris", "City", "Paris"),
        "Organization|planet": ResolvedEntity("Organization|planet", "NewsOrganization", "Planet"),
    }
    a, ka = _event_extraction("a", dt.date(2016, 12, 15))
    b, kb = _event_extraction("b", dt.date(2016, 12, 15))
    c, kc = _event_extraction("c", None)
    ds = build_dataset([a, b, c], resolved, [ka, kb, kc])
    events = set(ds.default_graph.subjects(RDF.type, KG.Meeting))
    assert len(events) == 2  # a and b name the same day: one event; c has no date: its own
    shared = next(e for e in events if "2016-12-15" in str(e))
    ga = ds.graph(article_iri("a"))
    assert (shared, KG.participant, entity_iri("Person|emmanuel macron")) in ga
    assert (shared, KG.place, entity_iri("Place|paris")) in ga
    assert (shared, KG.date, Literal("2016-12-15", datatype=XSD.date)) in ga
    assert (shared, KG.participant, entity_iri("Person|angela merkel")) in ds.graph(article_iri("b"))
    assert (None, KG.date, Literal("2014", datatype=XSD.gYear)) in ga
    assert (None, KG.dateFrom, Literal("2016-12-12", datatype=XSD.date)) in ga
    assert (None, PROV.wasAttributedTo, entity_iri("Organization|planet")) in ga


def test_one_article_s_events_of_two_years_between_the_same_sides_are_two_events_with_one_date_each():
    from rdflib.namespace import RDF

    from kg.namespace import KG

    ex, keys = _event_extraction("a", None)
    years = [Time(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", f"in {y}") for y in (1998, 2002)]
    ex.events = [replace(ex.events[0], date=t) for t in years]
    resolved = {k: ResolvedEntity(k, e.cls, e.label) for k, e in zip(keys.values(), ex.entities)}
    ds = build_dataset([ex], resolved, [keys])
    events = set(ds.default_graph.subjects(RDF.type, KG.Meeting))
    assert len(events) == 2
    assert sorted(len(list(ds.graph(article_iri("a")).objects(e, KG.date))) for e in events) == [1, 1]

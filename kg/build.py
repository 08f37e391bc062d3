"""`kg build` as a library function: ingest → parse → extract → resolve → RDF → files and store."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.cache import ExtractionCache, fingerprint
from kg.errors import InputError, UsageError
from kg.export.html import write_html
from kg.export.rdf_files import Format, sorted_quads, write_rdf
from kg.graph_files import to_rdflib
from kg.extract import Extractor
from kg.ingest import iter_articles
from kg.nlp import DEFAULT_MODEL, load_pipeline, parse, pipeline_id
from kg.ontology import Ontology
from kg.rdf import build_dataset
from kg.resolve import resolve_corpus
from kg.store import STORE_DIR, StoreUpdate, update_store
from kg.types import Article, ArticleExtraction

OUTPUTS = ("graph.ttl", "graph.trig", "graph.nq", "graph.html", "store/")


@dataclass
class BuildReport:
    articles: int = 0
    errors: list[InputError] = field(default_factory=list)
    entities: int = 0
    statements: int = 0
    triples: int = 0
    parsed: int = 0  # articles parsed in this run (new or changed)
    cached: int = 0  # articles whose extraction came from the cache
    store: StoreUpdate | None = None
    written: list[Path] = field(default_factory=list)


@dataclass
class Hooks:
    """Callbacks a front end uses to show progress; the library itself prints nothing."""

    on_start: Callable[[int], None] = lambda total: None
    on_article: Callable[[Article | None], None] = lambda article: None
    on_error: Callable[[InputError], None] = lambda error: None


def check_out_dir(out: Path) -> None:
    """Raises UsageError when the output directory cannot be created or written."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: exists and is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"{out}: cannot create the output directory ({e.strerror or e})") from None
    if not os.access(out, os.W_OK):
        raise UsageError(f"{out}: the output directory is not writable")


def extract_all(
    articles: Sequence[Article], nlp, extractor: Extractor, *, jobs: int = 1, hooks: Hooks | None = None,
    batch_size: int = 16,
) -> tuple[list[ArticleExtraction], list[InputError]]:
    """Parse and extract every article; an article that fails is reported, not fatal."""
    hooks = hooks or Hooks()
    ok: list[Article] = []
    errors: list[InputError] = []
    for a in articles:
        if len(a.text) > nlp.max_length:
            err = InputError(a.source, f"article too long ({len(a.text)} characters; the limit is {nlp.max_length})")
            errors.append(err)
            hooks.on_error(err)
            hooks.on_article(None)
        else:
            ok.append(a)
    extractions = []
    for doc, article in parse(nlp, ((a.text, a) for a in ok), n_process=jobs, batch_size=batch_size):
        try:
            extractions.append(extractor(article, doc))
        except Exception as e:  # one article's bug must not lose the others
            err = InputError(article.source, f"extraction failed ({type(e).__name__}: {e})")
            errors.append(err)
            hooks.on_error(err)
        hooks.on_article(article)
    return extractions, errors


def build(
    paths: Sequence[Path], out: Path, *, model: str = DEFAULT_MODEL, jobs: int = 1, hooks: Hooks | None = None,
    html: bool = True, fresh: bool = False,
) -> BuildReport:
    """Build the graph of every article under ``paths`` into ``out``.

    Into a directory built before, only new or changed articles are parsed (see kg.cache), the
    store rewrites only the graphs that changed and drops those of articles that are gone; the
    files equal a fresh build byte for byte. ``fresh`` ignores the cache.

    Raises UsageError (bad output directory, missing model, nothing to read). Bad articles are
    returned in ``report.errors``; the outputs are written (atomically) if any article built.
    """
    hooks = hooks or Hooks()
    check_out_dir(out)
    report = BuildReport()
    articles: list[Article] = []
    for item in iter_articles(paths):
        if isinstance(item, InputError):
            report.errors.append(item)
            hooks.on_error(item)
        else:
            articles.append(item)
    if not articles and not report.errors:
        raise UsageError("no articles found in " + ", ".join(map(str, paths)),
                         hint="expected .txt, .html, .htm or .jsonl files")
    cache = ExtractionCache(out, fingerprint(model))
    done: dict[int, ArticleExtraction] = {}
    if not fresh:
        for i, a in enumerate(articles):
            found = cache.get(a)
            if found is not None:
                done[i] = found
    todo = [i for i in range(len(articles)) if i not in done]
    hooks.on_start(len(articles))
    for i in sorted(done):
        hooks.on_article(articles[i])
    if todo:
        nlp = load_pipeline(model)
        extractor = Extractor.load(pipeline_id(nlp))
        ontology = extractor.ontology
        new, errors = extract_all([articles[i] for i in todo], nlp, extractor, jobs=jobs, hooks=hooks)
        report.errors.extend(errors)
        by_article = {ex.article: ex for ex in new}  # by value: worker processes return copies
        for i in todo:
            ex = by_article.get(articles[i])
            if ex is not None:
                done[i] = ex
                cache.put(ex)
    else:
        ontology = Ontology.load()
    extractions = [done[i] for i in sorted(done)]
    report.articles, report.cached, report.parsed = len(extractions), len(articles) - len(todo), len(todo)
    if not extractions:
        return report
    entities, keys = resolve_corpus(extractions, ontology)
    ds = build_dataset(extractions, entities, keys)
    quads = sorted_quads(ds)
    report.entities = len(entities)
    report.statements = sum(len(ex.statements) for ex in extractions)
    report.triples = len(quads)
    for name, fmt in (("graph.nq", Format.nquads), ("graph.trig", Format.trig), ("graph.ttl", Format.turtle)):
        write_rdf(quads, out / name, fmt)
        report.written.append(out / name)
    if html:
        write_html(to_rdflib(quads), out / "graph.html", title=f"newskg: {len(extractions)} article{'' if len(extractions) == 1 else 's'}")
        report.written.append(out / "graph.html")
    report.store = update_store(quads, out / "graph.nq", out)
    report.written.append(out / STORE_DIR)
    cache.keep_only(articles)  # only once the outputs stand: a failed run keeps the old entries
    return report

"""`kg build` as a library function: ingest → parse → extract → resolve → RDF → files and store.

A build streams. Articles are read one at a time; each extraction goes to the cache as soon as
it is made and only its summary (names, classes, links) stays in memory. Resolution runs over
the summaries; then the graph is written article by article, each article's named graph read
back from the cache, so memory does not grow with the corpus beyond its entity table.

Outputs are staged in DIR/.staging and moved into place together (kg.export.atomic.Staging):
a build killed at any point leaves the previous outputs whole, and the next run goes on from
the cache.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path

import pyoxigraph as ox

from kg.analytics import ANALYTICS_GRAPH, analytics_quads
from kg.background import Background
from kg.cache import CACHE_DIR, SUMMARIES, ExtractionCache, fingerprint, output_code, resolution_code
from kg.errors import InputError, UsageError
from kg.export.atomic import Staging, write_bytes_atomic
from kg.export.html import write_html
from kg.export.provenance import PROVENANCE, as_rdf_star
from kg.export.rdf_files import Format, convert_nquads, nquads, sorted_quads
from kg.graph_files import read_quads, to_rdflib
from kg.ingest import Note, Source, iter_sources
from kg.ingest.boilerplate import BoilerplateRules
from kg.network import read_network
from kg.nlp import DEFAULT_MODEL
from kg.ontology import Ontology
from kg.rdf import article_graph, article_iri, entity_graph, entity_iri, events_graph
from kg.identity import CorpusRules, Decision, resolve_corpus
from kg.resolve import summarize
from kg.store import DEFAULT_RECORD, GRAPHS_RECORD, STORE_DIR, StoreUpdate, read_record, stage_store
from kg.types import Article, ArticleExtraction, ArticleSummary, ResolvedEntity

OUTPUTS = ("graph.ttl", "graph.trig", "graph.nq", "graph.html", "store/")
ENGINES = ("local", "dask")


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

    on_start: Callable[[int | None], None] = lambda total: None  # None: not known before reading
    on_article: Callable[[Article | None], None] = lambda article: None
    on_error: Callable[[InputError], None] = lambda error: None
    on_warning: Callable[[str], None] = lambda message: None


@dataclass(frozen=True)
class _Built:
    """An article that made it through extraction: where its extraction is cached."""

    seq: int  # its place in the input: resolution sees articles in input order, whatever was cached
    id: str
    where: str
    key: str


def check_paths(paths: Sequence[Path]) -> None:
    """Raises UsageError, before anything is written, when a path given does not exist: a typo is
    a mistake in the command, not a bad article (a broken link inside a folder still is one)."""
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise UsageError(f"{', '.join(missing)}: no such file or folder")


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


def count_articles(paths: Sequence[Path]) -> int | None:
    """How many articles the paths hold, for a progress bar: files, plus lines of JSONL files."""
    from kg.ingest import discover, kind_of

    total = 0
    for item in discover(paths):
        if isinstance(item, Path):
            kind = kind_of(item)
            if kind in ("feed", "warc"):
                return None  # known only once read: the bar counts without a total
            if kind != "jsonl":
                total += 1
                continue
            try:
                with open(item, "rb") as f:
                    total += sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
            except OSError:
                pass
    return total


def _engine(name: str, model: str, workers: int, scheduler: str | None, expected: str):
    """The function that turns a stream of articles into a stream of extractions."""
    from kg import engine

    if name == "dask":
        if not scheduler:
            raise UsageError("--engine dask needs --scheduler ADDRESS", hint="e.g. tcp://scheduler-host:8786")
        return lambda articles: engine.extract_dask(articles, model, scheduler, expected)
    if name != "local":
        raise UsageError(f"unknown engine {name!r}", hint="use local or dask")
    if workers > 1:
        return lambda articles: engine.extract_pool(articles, model, workers)
    return lambda articles: engine.extract_stream(articles, model)


def build(
    paths: Sequence[Path], out: Path, *, model: str = DEFAULT_MODEL, workers: int = 1, engine: str = "local",
    scheduler: str | None = None, hooks: Hooks | None = None, html: bool = True, use_cache: bool = True,
    decisions: Sequence[Decision] = (), analytics: bool = False, provenance: str = "reification",
) -> BuildReport:
    """Build the graph of every article under ``paths`` into ``out``.

    Into a directory built before, only new or changed articles are parsed and the store
    rewrites only the graphs that changed; the files equal a fresh build byte for byte.
    ``use_cache=False`` parses every article again (and refreshes the cache). ``decisions`` (a
    user's resolution file, kg.identity.read_decisions) say which entities are or are not one. ``workers``
    parser processes run on this machine; ``engine="dask"`` sends the work to the
    dask.distributed scheduler at ``scheduler`` instead. Every engine gives the same bytes.

    Raises UsageError (a path that does not exist, bad output directory, missing model, nothing to
    read). Bad articles are returned in ``report.errors``; the outputs are written if any article
    built.
    """
    hooks = hooks or Hooks()
    if provenance not in PROVENANCE:
        raise UsageError(f"unknown provenance form {provenance!r}", hint="use " + " or ".join(PROVENANCE))
    check_paths(paths)
    check_out_dir(out)
    staging = Staging(out)
    staging.recover()
    fp = fingerprint(model)
    extract = _engine(engine, model, workers, scheduler, fp)
    cache = ExtractionCache(out, fp)
    previous = cache.summaries() if use_cache else {}
    report = BuildReport()
    built: list[_Built] = []
    summaries: dict[str, ArticleSummary] = {}
    rules = BoilerplateRules.load()
    waiting: deque[tuple[int, Source]] = deque()  # sent to the engine, result not back yet (results come in order)

    def error(e: InputError) -> None:
        report.errors.append(e)
        hooks.on_error(e)
        hooks.on_article(None)

    def done(seq: int, source: Source, key: str, summary: ArticleSummary) -> None:
        summaries[key] = summary
        built.append(_Built(seq, source.id, source.where, key))

    def to_parse() -> Iterator[Article]:
        """Articles the cache cannot answer; the others are taken care of on the way."""
        for seq, item in enumerate(iter_sources(paths)):
            if isinstance(item, InputError):
                error(item)
                continue
            if isinstance(item, Note):
                hooks.on_warning(item)
                continue
            key = cache.key(item)
            if use_cache:
                summary = previous.get(key)
                if summary is None or not cache.has(key):
                    found = cache.load(key, item.id, item.where)
                    summary = summarize(found) if found is not None else None
                if summary is not None:
                    done(seq, item, key, summary)
                    report.cached += 1
                    hooks.on_article(None)
                    continue
            try:
                article = item.article(rules)
            except InputError as e:
                error(e)
                continue
            waiting.append((seq, item))
            yield article

    hooks.on_start(count_articles(paths))
    pending = to_parse()
    first = next(pending, None)
    if first is not None:  # no model is loaded when every article comes from the cache
        for result in extract(chain([first], pending)):
            seq, source = waiting.popleft()
            if isinstance(result, InputError):
                error(result)
                continue
            key = cache.key(source)
            cache.put(key, result)
            done(seq, source, key, summarize(result))
            report.parsed += 1
            hooks.on_article(result.article)
        if engine == "local" and workers == 1:
            from kg.engine import release

            release(model)
    if not built:
        if not report.errors:
            raise UsageError("no articles found in " + ", ".join(map(str, paths)),
                             hint="expected .txt, .html, .htm, .jsonl, .rss, .atom, .xml, .warc or .warc.gz files")
        _warn(cache, hooks)
        return report
    built.sort(key=lambda b: b.seq)
    # Writing allocates a great many small objects; the garbage collector would walk everything
    # alive (summaries, tables) again and again. What exists now is not garbage: set it aside.
    gc.freeze()
    try:
        graph_keys = _write(out, staging, cache, built, summaries, report, html=html, decisions=decisions,
                            analytics=analytics, provenance=provenance)
    finally:
        gc.unfreeze()
    if graph_keys is not None:
        cache.keep_only((b.key for b in built), graph_keys)  # only once the outputs stand
    _warn(cache, hooks)
    return report


def _warn(cache: ExtractionCache, hooks: Hooks) -> None:
    warning = cache.warning()
    if warning:
        hooks.on_warning(warning)


def _write(out: Path, staging: Staging, cache: ExtractionCache, built: list[_Built],
           summaries: dict[str, ArticleSummary], report: BuildReport, *, html: bool,
           decisions: Sequence[Decision] = (), analytics: bool = False,
           provenance: str = "reification") -> list[str] | None:
    """Resolve across articles, write every output into the staging directory, then commit.

    Returns the cache keys of the article graphs written; None when the inputs are those of
    the build in place, which is then left as it is, cache included."""
    articles = [summaries[b.key] for b in built]
    report.articles = len(built)
    report.statements = sum(a.statements for a in articles)
    names = ("graph.nq", "graph.trig", "graph.ttl") + (("graph.html",) if html else ())
    inputs = (_inputs(built, decisions) + ("+analytics" if analytics else "")
              + ("+rdf-star" if provenance == "rdf-star" else ""))
    form = _rdf_star_nquads if provenance == "rdf-star" else _same
    old = read_record(out)
    if old is not None and old.get("#inputs") == inputs and old.get("#code") == output_code() \
            and all((out / name).is_file() for name in names):
        # the same extractions from the same places, resolved by the same code: the same outputs
        report.entities, report.triples = int(old.get("#entities", 0)), int(old.get("#quads", 0))
        report.store, report.written = StoreUpdate(), []
        return None
    ontology = Ontology.load()
    entities, keys = resolve_corpus(articles, ontology, CorpusRules.load(), decisions)
    report.entities = len(entities)

    stage = staging.begin()
    digests: dict[str, str] = {}
    graph_keys: dict[str, str] = {}
    order = sorted(range(len(built)), key=lambda i: str(article_iri(built[i].id)))
    nq = stage / "graph.nq"
    gks = [cache.graph_key(b.key, b.where, keys[i]) for i, b in enumerate(built)]
    todo = [i for i in order if not cache.has_graph(gks[i])]
    # Article graphs not in the cache are drawn on both cores: every other one in a helper.
    helper = Background(partial(_render, out, cache, built, keys, gks, todo[::2])) if len(todo) >= _SHARED else None
    default = form(_default_nquads(articles, entities, keys, cache))
    _render(out, cache, built, keys, gks, todo[1::2] if helper is not None else todo)
    if helper is not None:
        helper.result()
    with open(nq, "wb") as f:
        f.write(default)
        digests[""] = hashlib.sha256(default).hexdigest()
        report.triples = default.count(b"\n")
        for i in order:
            b, gk = built[i], gks[i]
            data = cache.graph(gk)
            if data is None:  # not trusted (or gone): drawn again from its extraction
                _render(out, cache, built, keys, gks, [i])
                data = cache.graph(gk)
            if data is None:
                raise UsageError(f"{out / CACHE_DIR}: an article graph vanished from the cache during the build",
                                 hint="run the build again")
            data = form(data)
            f.write(data)
            name = str(article_iri(b.id))
            digests[name] = hashlib.sha256(data).hexdigest()
            graph_keys[name] = gk
            report.triples += data.count(b"\n")
        f.flush()
        measures = _analytics_nquads(nq, ontology) if analytics else b""
        if measures:
            f.write(measures)
            digests[str(ANALYTICS_GRAPH)] = hashlib.sha256(measures).hexdigest()
            report.triples += measures.count(b"\n")
            f.flush()
        os.fsync(f.fileno())
    record = {**digests, "#code": output_code(), "#inputs": inputs,  # the page and files depend on code too
              "#entities": str(report.entities), "#quads": str(report.triples)}
    if old == record and all((out / name).is_file() for name in names):
        staging.recover()  # nothing changed: the outputs in place are already this build's
        report.store = StoreUpdate()
        report.written = []
        return sorted(graph_keys.values())
    def graph(name: str) -> bytes:
        if name == str(ANALYTICS_GRAPH):
            return measures
        if not name:
            return default
        data = cache.graph(graph_keys[name])
        if data is None:
            raise UsageError(f"{out / CACHE_DIR}: a graph vanished from the cache during the build")
        return form(data)

    # The page is drawn in a helper process while this one writes TriG and Turtle; the store,
    # whose bulk loader takes as much memory as the page, is loaded once the page is done.
    page = Background(partial(_write_page, nq, stage / "graph.html", len(built))) if html else None
    convert_nquads(nq, stage / "graph.trig", Format.trig)
    convert_nquads(nq, stage / "graph.ttl", Format.turtle)
    moves = {"graph.nq": "graph.nq", "graph.trig": "graph.trig", "graph.ttl": "graph.ttl"}
    if page is not None:
        page.result()
        moves["graph.html"] = "graph.html"
    report.store = stage_store(stage / STORE_DIR, out, nq, digests, graph)
    moves[STORE_DIR] = STORE_DIR

    write_bytes_atomic(stage / GRAPHS_RECORD, json.dumps(record, indent=1, sort_keys=True).encode("utf-8"))
    write_bytes_atomic(stage / SUMMARIES, cache.summaries_bytes(summaries))
    write_bytes_atomic(stage / DEFAULT_RECORD, default)
    moves[GRAPHS_RECORD] = f"{CACHE_DIR}/{GRAPHS_RECORD}"
    moves[DEFAULT_RECORD] = f"{CACHE_DIR}/{DEFAULT_RECORD}"
    moves[SUMMARIES] = f"{CACHE_DIR}/{SUMMARIES}"
    staging.commit(moves)
    report.written = [out / name for name in ("graph.nq", "graph.trig", "graph.ttl")]
    if html:
        report.written.append(out / "graph.html")
    report.written.append(out / STORE_DIR)
    return sorted(graph_keys.values())


_SHARED = 64  # fewer article graphs to draw than this are not worth a helper


def _render(out: Path, cache: ExtractionCache, built: list[_Built], keys: list[dict[int, str]], gks: list[str],
            which: list[int]) -> None:
    """Draw the named graphs of the articles ``which`` into the cache."""
    for i in which:
        b = built[i]
        ex = cache.load(b.key, b.id, b.where)
        if ex is None:
            raise UsageError(f"{out / CACHE_DIR}: an extraction vanished from the cache during the build",
                             hint="run the build again")
        cache.put_graph(gks[i], _article_nquads(ex, keys[i]))


def _inputs(built: list[_Built], decisions: Sequence[Decision]) -> str:
    """A digest of everything resolution and the outputs are made of besides the output code:
    each article's extraction (its cache key covers text, model, tables and extraction code)
    and where it was read, the user's decisions, and the code that resolves across articles."""
    h = hashlib.sha256(resolution_code().encode())
    for b in built:
        h.update(json.dumps([b.key, b.where, b.id], ensure_ascii=False).encode("utf-8", "surrogatepass"))
    h.update(repr(list(decisions)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _same(data: bytes) -> bytes:
    return data


def _rdf_star_nquads(data: bytes) -> bytes:
    """N-Quads with each evidence node an RDF 1.2 reifier of its triple (``--provenance rdf-star``)."""
    return ox.serialize(as_rdf_star(ox.parse(data, format=ox.RdfFormat.N_QUADS)), format=ox.RdfFormat.N_QUADS)


def _write_page(nq: Path, path: Path, articles: int) -> None:
    plural = "" if articles == 1 else "s"
    write_html(to_rdflib(read_quads(nq)), path, title=f"newskg: {articles} article{plural}")


def _analytics_nquads(nq: Path, ontology: Ontology) -> bytes:
    """Ranks and communities of the graph written so far, as its own named graph."""
    net = read_network(read_quads(nq))  # evidence as reification, whichever form the files hold
    return nquads(analytics_quads(net, ontology=ontology))


def _default_nquads(articles: list[ArticleSummary], entities: dict[str, ResolvedEntity],
                    keys: list[dict[int, str]], cache: ExtractionCache) -> bytes:
    """The default graph: each entity's triples in IRI order, then the events.

    An entity's N-Quads are kept in the cache under a digest of the entity, so a rebuild
    writes only the entities that changed (most of a corpus does not, when one article is added).
    """
    memo = cache.entity_chunks()
    kept: dict[str, bytes] = {}
    parts = []
    for iri, key in sorted((str(entity_iri(k)), k) for k in entities):
        ent = entities[key]
        token = hashlib.sha256(repr((key, ent)).encode("utf-8", "surrogatepass")).hexdigest()
        data = memo.get(token)
        if data is None:
            data = nquads(sorted_quads(entity_graph(key, ent)))
        kept[token] = data
        parts.append(data)
    parts.append(nquads(sorted_quads(events_graph(articles, entities, keys))))
    cache.put_entity_chunks(kept)
    return b"".join(parts)


def _article_nquads(ex: ArticleExtraction, keys: dict[int, str]) -> bytes:
    return nquads(sorted_quads(article_graph(ex, keys)))

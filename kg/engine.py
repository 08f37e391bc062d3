"""Where extraction runs: in this process, in a pool of worker processes, or on a Dask cluster.

Extraction is a pure function of one article and the pipeline, so every engine gives the same
result; they differ only in where the work happens. Each takes a stream of articles and yields,
in the same order, one ArticleExtraction or InputError per article. Articles are read from the
stream only as workers need them, so memory does not grow with the corpus.

A worker process (pool or Dask) loads the spaCy pipeline once, on its first task, and keeps it.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any

from kg.errors import InputError, UsageError
from kg.types import Article, ArticleExtraction

if TYPE_CHECKING:
    from spacy.language import Language

    from kg.extract import Extractor

Result = ArticleExtraction | InputError
CHUNK = 8  # articles per task: large enough to amortise a round trip, small enough to balance
# Chunks queued per worker. Results are taken in order, so a slow chunk (a 100,000-character
# article) holds up the queue: the window lets the other workers go on meanwhile.
WINDOW = 8
BATCH = 16  # spaCy's batch size inside one process
ZONE = 256  # articles parsed in one spaCy memory zone
LONG = 10_000  # characters: a longer article is parsed a piece at a time, alone


@dataclass
class _Loaded:
    nlp: "Language"
    extractor: "Extractor"
    fingerprint: str
    lock: threading.Lock


_LOADED: dict[str, _Loaded] = {}  # model → pipeline, per process: filled on first use, never at import
_LOADING = threading.Lock()


def loaded(model: str) -> _Loaded:
    """The pipeline and extractor of ``model`` in this process, loaded on first use."""
    with _LOADING:
        found = _LOADED.get(model)
        if found is None:
            from kg.cache import fingerprint
            from kg.extract import Extractor
            from kg.nlp import load_pipeline, pipeline_id

            nlp = load_pipeline(model)
            found = _LOADED[model] = _Loaded(nlp, Extractor.load(pipeline_id(nlp)), fingerprint(model), threading.Lock())
        return found


def release(model: str) -> None:
    """Drop this process's pipeline (its memory goes back before the graph is written)."""
    with _LOADING:
        _LOADED.pop(model, None)


def _too_long(article: Article, limit: int) -> InputError | None:
    if len(article.text) > limit:
        return InputError(article.source, f"article too long ({len(article.text):,} characters; the limit is {limit:,})")
    return None


def _extract_one(extractor: "Extractor", article: Article, doc: Any) -> Result:
    try:
        return extractor(article, doc)
    except Exception as e:  # one article's bug must not lose the others
        return InputError(article.source, f"extraction failed ({type(e).__name__}: {e})")


def pieces(text: str, size: int) -> list[str]:
    """``text`` cut into pieces of about ``size`` characters at most, at a paragraph break where
    there is one, else after a sentence, else at a space; the pieces join back to the text."""
    out = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        for sep in ("\n\n", "\n", ". ", " "):
            at = window.rfind(sep)
            if at > 0:
                cut = at + len(sep)
                break
        else:
            cut = size
        out.append(text[start:start + cut])
        start += cut
    out.append(text[start:])
    return out


def parse_text(nlp: "Language", text: str) -> Any:
    """One text parsed as builds parse it: whole, or, past ``LONG`` characters, a piece at a time
    joined into one Doc. The parser's memory grows with the text it holds at once (about 5 MB per
    1,000 characters), so a 100,000-character article parsed whole would cost more than a batch
    of ordinary ones. Raises ValueError if the pieces do not join back to the text."""
    if len(text) <= LONG:
        return nlp(text)
    from spacy.tokens import Doc

    docs = list(nlp.pipe(pieces(text, LONG), batch_size=1))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    if doc.text != text:
        raise ValueError("the pieces of the text did not join back to it")
    return doc


def extract_stream(articles: Iterable[Article], model: str) -> Iterator[Result]:
    """Parse and extract in this process, streaming through ``nlp.pipe``: the one place builds run
    the pipeline over articles."""
    pipe = loaded(model)
    # In input order: None for an article in the stream to nlp.pipe, else what to yield in its place
    # (an error, or a long article, parsed on its own when its turn comes).
    pending: deque[Result | Article | None] = deque()

    def texts() -> Iterator[tuple[str, Article]]:
        for article in articles:
            problem = _too_long(article, pipe.nlp.max_length)
            if problem is not None:
                pending.append(problem)
            elif len(article.text) > LONG:
                pending.append(article)
            else:
                pending.append(None)
                yield article.text, article

    def others() -> Iterator[Result]:
        while pending and pending[0] is not None:
            item = pending.popleft()
            if isinstance(item, Article):
                try:
                    doc = parse_text(pipe.nlp, item.text)
                except Exception as e:  # one article's failure must not lose the others
                    yield InputError(item.source, f"parsing failed ({type(e).__name__}: {e})")
                    continue
                yield _extract_one(pipe.extractor, item, doc)
            else:
                yield item  # type: ignore[misc]

    stream = texts()
    with pipe.lock:
        while chunk := list(islice(stream, ZONE)):
            # Strings and lexemes spaCy adds while parsing would stay for the life of the process;
            # a memory zone frees them after each chunk. Nothing of a Doc outlives it: extractions
            # hold plain Python values.
            with pipe.nlp.memory_zone():
                for doc, article in pipe.nlp.pipe(chunk, as_tuples=True, batch_size=BATCH):
                    yield from others()
                    pending.popleft()
                    yield _extract_one(pipe.extractor, article, doc)
                yield from others()
        with pipe.nlp.memory_zone():
            yield from others()


def extract_chunk(articles: list[Article], model: str, expected: str | None = None) -> list[Result]:
    """One task on a worker: parse and extract a few articles with this process's pipeline.

    ``expected`` is the caller's fingerprint of code, tables and model; a worker whose own
    differs (another newskg version or model on a cluster node) refuses rather than mixing.
    """
    pipe = loaded(model)
    if expected is not None and pipe.fingerprint != expected:
        raise WorkerMismatch("a worker runs different newskg code, tables or model than this machine; "
                             "install the same version on every worker")
    return list(extract_stream(articles, model))


class WorkerMismatch(RuntimeError):
    pass


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def _ordered(submit: Callable[[list[Article]], Future], articles: Iterable[Article], in_flight: int,
             lost: Callable[[list[Article], BaseException], list[Result]]) -> Iterator[Result]:
    """Submit chunks, keeping at most ``in_flight`` not yet taken, and yield their results in order."""
    queue: deque[tuple[list[Article], Future]] = deque()
    chunks = _chunks(articles, CHUNK)
    for chunk in chunks:
        queue.append((chunk, submit(chunk)))
        if len(queue) >= in_flight:
            break
    while queue:
        chunk, future = queue.popleft()
        try:
            results = future.result()
        except WorkerMismatch as e:
            raise UsageError(str(e)) from None
        except Exception as e:
            results = lost(chunk, e)
        next_chunk = next(chunks, None)
        if next_chunk is not None:
            queue.append((next_chunk, submit(next_chunk)))
        yield from results


def _lost_chunk(chunk: list[Article], error: BaseException) -> list[Result]:
    reason = f"the worker process died ({type(error).__name__}: {error})" if str(error) else "the worker process died"
    return [InputError(a.source, reason) for a in chunk]


def _die_with_parent(parent: int) -> None:
    """In a pool worker: exit when the build that started it is gone (killed), not linger as an orphan."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def extract_pool(articles: Iterable[Article], model: str, workers: int) -> Iterator[Result]:
    """Parse and extract in ``workers`` processes (spawned: nothing of this process is shared)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("spawn")

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_die_with_parent,
                                   initargs=(os.getpid(),))

    pool = new_pool()
    broken = False

    def submit(chunk: list[Article]) -> Future:
        nonlocal pool, broken
        if broken:  # a worker died (out of memory, a crash in native code): start a fresh pool
            pool.shutdown(wait=False, cancel_futures=True)
            pool = new_pool()
            broken = False
        return pool.submit(extract_chunk, chunk, model)

    def lost(chunk: list[Article], error: BaseException) -> list[Result]:
        nonlocal broken
        broken = broken or isinstance(error, BrokenProcessPool)
        return _lost_chunk(chunk, error)

    try:
        yield from _ordered(submit, articles, WINDOW * workers, lost)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def extract_dask(articles: Iterable[Article], model: str, scheduler: str, expected: str) -> Iterator[Result]:
    """Parse and extract as tasks on the dask.distributed cluster at ``scheduler``.

    Every worker needs newskg and the model installed (the same versions as here); a worker
    keeps its pipeline loaded between tasks. Results come back in input order.
    """
    try:
        from distributed import Client
    except ImportError:
        raise UsageError("the Dask engine needs dask.distributed", hint="pip install 'newskg[dask]'") from None
    try:
        client = Client(scheduler, timeout="15s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as e:
        raise UsageError(f"cannot reach the Dask scheduler at {scheduler} ({e})") from None
    try:
        workers = len(client.scheduler_info().get("workers", {}))
        if workers == 0:
            client.wait_for_workers(1, timeout=60)
            workers = len(client.scheduler_info().get("workers", {}))

        def submit(chunk: list[Article]) -> Future:
            return client.submit(extract_chunk, chunk, model, expected, pure=False)  # type: ignore[return-value]

        yield from _ordered(submit, articles, WINDOW * max(workers, 1), _lost_chunk)
    finally:
        client.close()

"""The embedded Oxigraph store: built from the N-Quads export, queried read-only.

The store's default graph for queries is the union of all graphs, so a user's SPARQL need
not know about named graphs unless it wants to.
"""

from __future__ import annotations

import hashlib
import io
import ipaddress
import json
import shutil
import socket
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import pyoxigraph as ox

from kg.cache import CACHE_DIR
from kg.errors import KGError, QueryError, UsageError
from kg.rdf import PREFIXES

STORE_DIR = "store"
GRAPHS_RECORD = "graphs.json"
DEFAULT_RECORD = "default.nq"  # beside GRAPHS_RECORD: the default graph the store holds, to update it by difference


class ResultFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def load_store(nquads: Path, target: Path) -> None:
    """A new store at ``target`` holding the N-Quads file (Oxigraph's bulk loader)."""
    store = ox.Store(str(target))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    del store


@dataclass
class StoreUpdate:
    """What a build changed in the store: graph IRIs ("" is the default graph)."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    rebuilt: bool = False  # loaded from scratch (first build, most graphs changed, or no usable record)


def quads_by_graph(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Quad]]:
    """Graph IRI ("" for the default graph) → its quads, in the order given."""
    out: dict[str, list[ox.Quad]] = {}
    for q in quads:
        out.setdefault("" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value, []).append(q)
    return out


def read_record(out_dir: Path) -> dict[str, str] | None:
    """Graph IRI → digest of what the built store holds, or None when there is no usable record."""
    try:
        old = json.loads((out_dir / CACHE_DIR / GRAPHS_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return old if isinstance(old, dict) and (out_dir / STORE_DIR).is_dir() else None


def stage_store(target: Path, out_dir: Path, nquads: Path, digests: dict[str, str],
                graph: Callable[[str], bytes]) -> StoreUpdate:
    """A store at ``target`` holding exactly the graphs of ``nquads``, made the cheap way.

    When DIR/store and the record of its graphs' digests exist and few graphs changed, the
    store is copied (a checkpoint: hard links to its immutable files) and only changed graphs
    are rewritten, their N-Quads read through ``graph``; otherwise the file is bulk-loaded.
    DIR/store itself is never changed, so a build that dies leaves it as it was.
    """
    old = read_record(out_dir)
    if old is not None:
        old = {name: digest for name, digest in old.items() if not name.startswith("#")}  # graph IRIs only
    update = StoreUpdate()
    changed = [name for name, digest in digests.items() if old is not None and old.get(name) != digest]
    dropped = sorted(old.keys() - digests.keys()) if old is not None else []
    if old is None or len(changed) + len(dropped) > max(len(digests) // 2, 64):  # then loading is faster
        load_store(nquads, target)
        update.rebuilt, update.added = True, sorted(digests)
        return update
    ox.Store.read_only(str(out_dir / STORE_DIR)).backup(str(target))
    store = ox.Store(str(target))
    for name in dropped:
        _clear(store, name, remove=True)
        update.dropped.append(name)
    for name in changed:
        if not name and _update_default(store, out_dir, old.get(""), graph("")):
            update.replaced.append(name)
            continue
        if name in old:
            _clear(store, name, remove=False)
            update.replaced.append(name)
        else:
            update.added.append(name)
        store.extend(ox.parse(graph(name), format=ox.RdfFormat.N_QUADS))
    store.flush()
    del store
    return update


def _update_default(store: ox.Store, out_dir: Path, digest: str | None, new: bytes) -> bool:
    """Give the store's default graph the quads of ``new`` by removing the lines it lost and adding
    those it gained: one article changes a few of the entity table's triples, and clearing and
    reloading the table rewrites them all. False (nothing done) when the copy of the old graph
    kept beside the record is missing or not the one the record names, or blank nodes make
    lines incomparable."""
    try:
        previous = (out_dir / CACHE_DIR / DEFAULT_RECORD).read_bytes()
    except OSError:
        return False
    if digest is None or hashlib.sha256(previous).hexdigest() != digest or b"_:" in previous or b"_:" in new:
        return False
    before, after = set(previous.splitlines()), set(new.splitlines())
    for quad in ox.parse(b"\n".join(sorted(before - after)), format=ox.RdfFormat.N_QUADS):
        store.remove(quad)
    store.extend(ox.parse(b"\n".join(sorted(after - before)), format=ox.RdfFormat.N_QUADS))
    return True


def _clear(store: ox.Store, name: str, *, remove: bool) -> None:
    if not name:
        store.clear_graph(ox.DefaultGraph())
    elif remove:
        store.remove_graph(ox.NamedNode(name))
    else:
        store.clear_graph(ox.NamedNode(name))


def open_store(out_dir: Path) -> ox.Store:
    """Open a built store read-only. Raises UsageError when DIR holds none."""
    path = out_dir / STORE_DIR
    if not path.is_dir():
        raise UsageError(f"{out_dir}: no store found", hint="run 'kg build ... --out DIR' first")
    try:
        return ox.Store.read_only(str(path))
    except OSError as e:
        raise UsageError(f"{path}: cannot open the store ({e})") from None


@dataclass
class QueryResult:
    """What a query gave: variables and rows (SELECT), a boolean (ASK) or Turtle (CONSTRUCT/DESCRIBE)."""

    kind: str  # select | ask | graph
    variables: list[str]
    rows: list[list[str | None]]
    boolean: bool | None = None
    turtle: str = ""
    raw: object = None


def _prefix_block() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def run_query(store: ox.Store, query: str) -> QueryResult:
    """Run a SPARQL query with our prefixes predeclared; updates are refused.

    Raises QueryError for a malformed query or an update.
    """
    try:
        result = store.query(query, use_default_graph_as_union=True, prefixes=PREFIXES)
    except SyntaxError as e:
        try:  # Tell an update apart from a typo: it parses as an update.
            ox.Store().update(_prefix_block() + query)
        except (SyntaxError, OSError):
            raise QueryError(f"malformed SPARQL query: {e}") from None
        raise QueryError("SPARQL updates are refused: the store is read-only here") from None
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", [], [], boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows = []
        for sol in result:
            rows.append([_term_text(sol[v]) for v in variables])
        return QueryResult("select", variables, rows)
    buf = io.BytesIO()
    ox.serialize(result, buf, ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    return QueryResult("graph", [], [], turtle=buf.getvalue().decode("utf-8"))


def _query_child(out_dir: Path, query: str, conn) -> None:
    try:
        result: QueryResult | KGError = run_query(open_store(out_dir), query)
    except KGError as e:
        result = e
    except (OSError, ValueError) as e:
        result = QueryError(f"the query failed ({e})")
    conn.send(result)
    conn.close()


def run_query_in(out_dir: Path, query: str, timeout: float | None = None) -> QueryResult:
    """``run_query`` on DIR's store, stopped after ``timeout`` seconds (None: no limit).

    Oxigraph cannot interrupt a query, so a limited one runs in a child process, which is
    killed when the time is up. Raises QueryError (malformed, an update, or out of time).
    """
    if not timeout:
        return run_query(open_store(out_dir), query)
    open_store(out_dir)  # a missing store is a usage error here, not in the child
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_query_child, args=(out_dir, query, send), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise QueryError(f"query stopped: it ran past the {timeout:g} s timeout",
                             hint="add a LIMIT or a more selective pattern, or raise --timeout")
        try:
            result = receive.recv()
        except EOFError:
            raise QueryError("the query process died (out of memory?)") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
    if isinstance(result, KGError):
        raise result
    return result


def _term_text(term: object) -> str | None:
    if term is None:
        return None
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def results_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON-like output (values as plain strings)."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [{v: {"value": x} for v, x in zip(result.variables, row) if x is not None} for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1)


def oxigraph_server() -> str:
    """Path of the `oxigraph` server program (the `oxigraph` package). Raises UsageError."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise UsageError("the Oxigraph server is not installed", hint="pip install oxigraph")
    return found


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        return False


def serve_command(out_dir: Path, *, host: str = "127.0.0.1", port: int = 7878, writable: bool = False,
                  timeout: int = 0) -> list[str]:
    """The command line that serves DIR/store over the SPARQL 1.1 Protocol (and GSP when writable).

    The union of all graphs is the default graph for queries, as in `kg query`. A query running
    past ``timeout`` seconds (0: no limit) is cancelled in the server, which then stops working
    on it. Raises UsageError when there is no store or the port is taken.
    """
    store = out_dir / STORE_DIR
    if not store.is_dir():
        raise UsageError(f"{out_dir}: no store found", hint="run 'kg build ... --out DIR' first")
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as e:
            raise UsageError(f"{host}:{port}: cannot listen there ({e.strerror or e})", hint="choose another --port") from None
    mode = "serve" if writable else "serve-read-only"
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    limit = ["--timeout-s", str(timeout)] if timeout else []
    return [oxigraph_server(), mode, "--location", str(store), "--bind", bind, "--union-default-graph", *limit]

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
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import pyoxigraph as ox

from kg.cache import CACHE_DIR
from kg.errors import QueryError, UsageError
from kg.export.atomic import replace_dir, write_bytes_atomic
from kg.rdf import PREFIXES

STORE_DIR = "store"
GRAPHS_RECORD = "graphs.json"


class ResultFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def build_store(nquads: Path, out_dir: Path) -> Path:
    """Load the N-Quads file into a fresh store beside ``out_dir/store`` and swap it in.

    Raises OSError when the directory cannot be written.
    """
    target = out_dir / STORE_DIR
    tmp = Path(tempfile.mkdtemp(prefix=".store.", dir=out_dir))
    store = ox.Store(str(tmp))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.flush()
    store.optimize()
    del store
    replace_dir(tmp, target)
    return target


@dataclass
class StoreUpdate:
    """What a build changed in the store: graph IRIs ("" is the default graph)."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    rebuilt: bool = False  # loaded from scratch (first build, or no usable record of the last one)


def quads_by_graph(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Quad]]:
    """Graph IRI ("" for the default graph) → its quads, in the order given."""
    out: dict[str, list[ox.Quad]] = {}
    for q in quads:
        out.setdefault("" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value, []).append(q)
    return out


def graph_digests(by_graph: dict[str, list[ox.Quad]]) -> dict[str, str]:
    """Graph IRI → SHA-256 of its quads in order."""
    return {name: hashlib.sha256("".join(f"{q}\n" for q in qs).encode("utf-8")).hexdigest()
            for name, qs in sorted(by_graph.items())}


def update_store(quads: list[ox.Quad], nquads: Path, out_dir: Path) -> StoreUpdate:
    """Bring DIR/store to exactly these quads, rewriting only the graphs that changed.

    A record of each graph's digest (DIR/.cache/graphs.json) says what the store holds; it is
    removed while the store is being changed, so a run that dies half-way is followed by a full
    load rather than trusted. Without a store or a record, the store is loaded from scratch.
    """
    record = out_dir / CACHE_DIR / GRAPHS_RECORD
    by_graph = quads_by_graph(quads)
    new = graph_digests(by_graph)
    try:
        old = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = None
    update = StoreUpdate()
    if old is None or not (out_dir / STORE_DIR).is_dir() or not isinstance(old, dict):
        build_store(nquads, out_dir)
        update.rebuilt, update.added = True, sorted(new)
    else:
        record.unlink()
        store = ox.Store(str(out_dir / STORE_DIR))
        for name in sorted(old.keys() - new.keys()):
            _clear(store, name, remove=True)
            update.dropped.append(name)
        for name, digest in new.items():
            if old.get(name) == digest:
                continue
            if name in old:
                _clear(store, name, remove=False)
                update.replaced.append(name)
            else:
                update.added.append(name)
            store.extend(by_graph[name])
        store.flush()
        del store
    record.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(record, json.dumps(new, indent=1, sort_keys=True).encode("utf-8"))
    return update


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


def serve_command(out_dir: Path, *, host: str = "127.0.0.1", port: int = 7878, writable: bool = False) -> list[str]:
    """The command line that serves DIR/store over the SPARQL 1.1 Protocol (and GSP when writable).

    The union of all graphs is the default graph for queries, as in `kg query`. Raises
    UsageError when there is no store or the port is taken.
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
    return [oxigraph_server(), mode, "--location", str(store), "--bind", bind, "--union-default-graph"]

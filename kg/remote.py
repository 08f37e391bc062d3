"""Talking to triple stores over HTTP: the SPARQL 1.1 Graph Store Protocol (load) and Protocol (query).

`kg load` sends each article's named graph with PUT, which replaces that graph on the server,
so loading the same build twice leaves the store as it was after the first load. Works with
any GSP endpoint: Oxigraph (/store), Fuseki (/DATASET/data), GraphDB
(/repositories/ID/rdf-graphs/service), Virtuoso (/sparql-graph-crud-auth).
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, UsageError
from kg.rdf import PREFIXES
from kg.store import quads_by_graph

TIMEOUT = 120.0


@dataclass
class LoadReport:
    graphs: int = 0
    triples: int = 0
    errors: list[InputError] = field(default_factory=list)


def _request(url: str, *, method: str, data: bytes | None = None, headers: dict[str, str] | None = None,
             auth: tuple[str, str] | None = None, timeout: float = TIMEOUT) -> bytes:
    """One HTTP request; basic or digest auth when credentials are given. Raises urllib errors."""
    handlers: list[urllib.request.BaseHandler] = []
    headers = dict(headers or {})
    if auth:
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        mgr.add_password(None, url, *auth)
        handlers += [urllib.request.HTTPDigestAuthHandler(mgr)]
        headers["Authorization"] = "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    opener = urllib.request.build_opener(*handlers)
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    with opener.open(req, timeout=timeout) as resp:
        return resp.read()


def graph_url(endpoint: str, graph: str | None) -> str:
    """GSP target: ?graph=IRI for a named graph, ?default for the default graph."""
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    if graph is None:
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"


def put_graph(endpoint: str, graph: str | None, triples: list[ox.Triple], *,
              auth: tuple[str, str] | None = None) -> None:
    """Replace one graph on the server with these triples (Turtle). Raises urllib errors."""
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    _request(graph_url(endpoint, graph), method="PUT", data=body,
             headers={"Content-Type": "text/turtle; charset=utf-8"}, auth=auth)


def load(out_dir: Path, endpoint: str, *, default_graph: str | None = None, auth: tuple[str, str] | None = None,
         on_graph: Callable[[str], None] = lambda name: None, on_start: Callable[[int], None] = lambda n: None,
         ) -> LoadReport:
    """Send every graph of a build to a GSP endpoint, replacing each.

    The default graph (entities, links, events) goes to the server's default graph, or to the
    named graph ``default_graph`` when given. Raises UsageError when the build is missing or the
    server cannot be reached; a graph the server refuses is reported and the others still go.
    """
    nquads = out_dir / "graph.nq"
    if not nquads.is_file():
        raise UsageError(f"{out_dir}: no graph.nq found", hint="run 'kg build ... --out DIR' first")
    if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
        raise UsageError(f"{endpoint}: not an http(s) URL", hint="give the store's Graph Store Protocol URL")
    graphs = quads_by_graph(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    on_start(len(graphs))
    report = LoadReport()
    for name in sorted(graphs):  # "" (the default graph) first
        target = default_graph if name == "" else name
        try:
            put_graph(endpoint, target, [q.triple for q in graphs[name]], auth=auth)
        except urllib.error.HTTPError as e:
            detail = e.read(300).decode("utf-8", "replace").strip().splitlines()
            report.errors.append(InputError(target or "default graph",
                                            f"refused by {endpoint}: HTTP {e.code} {e.reason}"
                                            + (f": {detail[0]}" if detail else "")))
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise UsageError(f"{endpoint}: cannot reach the store ({reason})") from None
        else:
            report.graphs += 1
            report.triples += len(graphs[name])
        on_graph(name)
    return report


def select(query_url: str, query: str, *, auth: tuple[str, str] | None = None,
           timeout: float = TIMEOUT) -> tuple[list[str], list[list[str | None]]]:
    """Run a SELECT over the SPARQL 1.1 Protocol: variables and rows of plain values.

    The query goes URL-encoded in a POST form, the one way every server takes (Virtuoso 7 does
    not read a bare application/sparql-query body).
    """
    body = _request(query_url, method="POST", data=urllib.parse.urlencode({"query": query}).encode("ascii"),
                    auth=auth, timeout=timeout,
                    headers={"Content-Type": "application/x-www-form-urlencoded",
                             "Accept": "application/sparql-results+json"})
    doc = json.loads(body)
    variables = doc["head"]["vars"]
    rows = [[b[v]["value"] if v in b else None for v in variables] for b in doc["results"]["bindings"]]
    return variables, rows

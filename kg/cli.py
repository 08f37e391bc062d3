"""The `kg` command: thin typer commands that check arguments and call library functions.

Exit codes: 0 ok; 1 invalid data (some articles failed, a malformed query); 2 usage or
environment error (bad arguments, missing model, no store).
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from kg.errors import EXIT_INVALID_DATA, EXIT_NOT_FOUND, EXIT_OK, KGError, UsageError
from kg.nlp import DEFAULT_MODEL

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_show_locals=False, help="Build and query knowledge graphs of news articles.")
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class RateColumn(ProgressColumn):
    """Articles per second."""

    def render(self, task) -> Text:  # type: ignore[override]
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "– articles/s", style="progress.data.speed")


def _fail(e: KGError) -> None:
    err.print(f"[bold red]error:[/] {Text(str(e)).plain}", markup=True)
    raise typer.Exit(e.exit_code)


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Article files (.txt, .html, .jsonl), feeds (.rss, .atom, .xml), crawls (.warc, .warc.gz) and folders (read recursively).")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Directory for graph.ttl/.trig/.nq/.html and store/.")] = Path("out"),
    model: Annotated[str, typer.Option(help="Installed spaCy pipeline (package name or path).")] = DEFAULT_MODEL,
    workers: Annotated[int, typer.Option("--workers", "-w", "--jobs", "-j", min=1, help="Parser processes on this machine.")] = 1,
    engine: Annotated[str, typer.Option(help="Where extraction runs: local, or dask (a dask.distributed cluster).")] = "local",
    scheduler: Annotated[str | None, typer.Option(help="Address of the Dask scheduler for --engine dask, e.g. tcp://10.0.0.5:8786.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary; errors still print.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", "--fresh", help="Parse every article again, ignoring the cache in DIR/.cache.")] = False,
    resolve: Annotated[Path | None, typer.Option("--resolve", help="A resolution file (TSV or .json) of 'same' and 'different' decisions; see README.")] = None,
    check: Annotated[bool, typer.Option("--validate", help="Check the build against ontology/shapes.ttl after writing it and report violations per article (exit 1 when it does not conform).")] = False,
    analytics: Annotated[bool, typer.Option("--analytics", help="Also rank the entities and find communities (the named graph id:graph/analytics); corpus-wide, so every added article changes them.")] = False,
    provenance: Annotated[str, typer.Option("--provenance", help="How evidence is written: reification (rdf:subject/predicate/object, every store reads it) or rdf-star (RDF 1.2: each evidence node reifies its triple; Oxigraph 0.5, Jena, GraphDB).")] = "reification",
) -> None:
    """Read articles and write the graph: Turtle, TriG, N-Quads, HTML and an Oxigraph store.

    Into a directory built before, only new or changed articles are parsed, and the graphs of
    articles that are gone are dropped; the result equals a fresh build. A build that is
    stopped (Ctrl-C, or killed) leaves the previous outputs whole and resumes from the cache.
    """
    from kg.build import Hooks, check_paths
    from kg.build import build as run_build
    from kg.identity import read_decisions

    progress = Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
        TimeRemainingColumn(), console=err, disable=quiet, transient=False,
    )
    task = progress.add_task("articles", total=None)
    hooks = Hooks(
        on_start=lambda total: progress.update(task, total=total),
        on_article=lambda article: progress.advance(task),
        on_error=lambda e: progress.console.print(f"[bold red]error:[/] {Text(str(e)).plain}"),
        on_warning=lambda message: progress.console.print(f"[bold yellow]warning:[/] {Text(message).plain}"),
    )
    started = time.perf_counter()
    try:
        check_paths(paths)  # before the progress bar: a typo gets its one line and nothing else
        decisions = read_decisions(resolve) if resolve is not None else []
        with progress:
            report = run_build(paths, out_dir, model=model, workers=workers, engine=engine, scheduler=scheduler,
                               hooks=hooks, use_cache=not no_cache, decisions=decisions, analytics=analytics,
                               provenance=provenance)
    except KGError as e:
        _fail(e)
    if not quiet:
        took = time.perf_counter() - started
        err.print(f"built {report.articles} article(s): {report.entities} entities, {report.statements} statements, "
                  f"{report.triples} quads in {took:.1f}s → {out_dir}/"
                  + (f"; {len(report.errors)} failed" if report.errors else ""))
        st = report.store
        if st is not None and not st.rebuilt:
            err.print(f"incremental: {report.parsed} article(s) parsed, {report.cached} from cache; store graphs "
                      f"{len(st.added)} added, {len(st.replaced)} replaced, {len(st.dropped)} dropped")
    conforms = True
    if check and report.articles:
        from kg.validate import validate as run_validate

        started = time.perf_counter()
        try:
            checked = run_validate(out_dir)
        except KGError as e:
            _fail(e)
        conforms = checked.conforms
        for graph, found in sorted(checked.by_graph().items(), key=lambda kv: kv[0] or ""):
            out.print(Text(f"{_compact(graph) if graph else 'default graph'}: {len(found)} violation(s)"))
            _print_violations(found, 5)
        out.print(Text(f"{'conforms' if conforms else 'does not conform'}: {checked.triples} quads checked in "
                       f"{time.perf_counter() - started:.1f}s ({checked.cached} of {checked.chunks} chunks from the cache)"))
    raise typer.Exit(EXIT_INVALID_DATA if report.errors or not conforms else EXIT_OK)


def _compact(iri: str) -> str:
    from kg.rdf import compact  # imported on use: kg.rdf loads rdflib, which a bare --help does not need

    return compact(iri)


def _print_violations(violations: list, limit: int) -> None:
    """One line per violation: the focus node, the path, the message and the value at fault."""
    shown = violations if limit <= 0 else violations[:limit]
    for v in shown:
        where = _compact(v.focus) + (f" {_compact(v.path)}" if v.path else "")
        value = f" (value: {_compact(v.value)})" if v.value is not None and v.value != v.focus else ""
        out.print(Text(f"{v.severity}: {where}: {v.message}{value}"))
    if len(shown) < len(violations):
        out.print(Text(f"... and {len(violations) - len(shown)} more"))


@app.command()
def query(
    out_dir: Annotated[Path, typer.Argument(help="A build directory (holding store/).")],
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, or the path of a .rq file.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json (SELECT/ASK).")] = "table",
    timeout: Annotated[float, typer.Option(min=0, help="Stop the query after this many seconds (0: no limit).")] = 0,
) -> None:
    """Run a read-only SPARQL query; the default graph is the union of all graphs. Updates are refused."""
    from kg.rdf import compact
    from kg.store import ResultFormat, results_json, run_query_in

    try:
        try:
            result_format = ResultFormat(fmt)
        except ValueError:
            raise UsageError(f"unknown format {fmt!r}", hint="use table, csv or json") from None
        text = sparql
        if sparql.endswith(".rq") or (len(sparql) < 4096 and "\n" not in sparql and Path(sparql).is_file()):
            try:
                text = Path(sparql).read_text(encoding="utf-8")
            except OSError as e:
                raise UsageError(f"{sparql}: cannot read the query file ({e.strerror or e})") from None
        result = run_query_in(out_dir, text, timeout or None)
    except KGError as e:
        _fail(e)
    if result.kind == "graph":
        sys.stdout.write(result.turtle)
    elif result_format is ResultFormat.json:
        sys.stdout.write(results_json(result) + "\n")
    elif result.kind == "ask":
        out.print("true" if result.boolean else "false")
    elif result_format is ResultFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.variables)
        writer.writerows([["" if v is None else v for v in row] for row in result.rows])
    else:
        table = Table(*result.variables, show_lines=False)
        for row in result.rows:
            table.add_row(*[Text("" if v is None else compact(v)) for v in row])
        out.print(table)
        out.print(f"{len(result.rows)} row(s)")


@app.command()
def stats(out_dir: Annotated[Path, typer.Argument(help="A build directory (holding store/).")]) -> None:
    """Counts of articles, entities by class, facts by property, and per article."""
    from kg.stats import compute_stats
    from kg.store import open_store

    try:
        s = compute_stats(open_store(out_dir))
    except KGError as e:
        _fail(e)
    out.print(f"{s.articles} articles, {s.entities} entities ({s.linked} linked to Wikidata or GeoNames), "
              f"{s.facts} facts, {s.events} events, {s.communities} communities")
    classes = Table("class", "entities", title="Entities by class")
    for name, n in s.by_class:
        classes.add_row(name, str(n))
    props = Table("property", "facts", title="Facts by property")
    for name, n in s.by_property:
        props.add_row(name, str(n))
    arts = Table("article", "headline", "entities", "statements", title="Per article")
    for a in s.per_article:
        arts.add_row(Text(str(a["id"])), Text(str(a["headline"])), str(a["entities"]), str(a["statements"]))
    important = Table("entity", "rank", "community", title="Most important (PageRank over facts and co-mentions)")
    for label, rank, community in s.important:
        important.add_row(Text(label), rank, Text(community))
    out.print(classes, props, important, arts)


@app.command()
def path(
    out_dir: Annotated[Path, typer.Argument(help="A build directory (holding store/).")],
    a: Annotated[str, typer.Argument(help="An entity: its label, an alias or its IRI.")],
    b: Annotated[str, typer.Argument(help="Another entity.")],
    limit: Annotated[int, typer.Option(min=1, help="At most this many chains.")] = 3,
    co_mentions: Annotated[bool, typer.Option("--co-mentions/--facts-only",
                                              help="Also join names an article mentions together.")] = True,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """How two entities are connected: the shortest chains of asserted facts, each hop with its
    property, sentence and article; co-mentions (marked apart) where facts do not reach."""
    import json

    from kg.export.explorer import Vocabulary
    from kg.network import store_network
    from kg.paths import add_evidence, chain_lines, chains_data, shortest_chains
    from kg.store import open_store

    try:
        if fmt not in ("text", "json"):
            raise UsageError(f"unknown format {fmt!r}", hint="use text or json")
        store = open_store(out_dir)
        net = store_network(store)
        chains = shortest_chains(net, a, b, limit=limit, co_mentions=co_mentions)
    except KGError as e:
        _fail(e)
    add_evidence(chains, store)
    data = chains_data(chains, net, Vocabulary.load().labels)
    if fmt == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    else:
        for i, chain in enumerate(data, 1):
            out.print(Text(f"{i}. {chain['length']} hop(s)"))
            for line in chain_lines(chain):
                out.print(Text(line), soft_wrap=True)
    if not chains:
        err.print(f"no chain between {a!r} and {b!r}" + ("" if co_mentions else " over facts alone"))
        raise typer.Exit(EXIT_NOT_FOUND)


@app.command("export")
def export_(
    out_dir: Annotated[Path, typer.Argument(help="A build directory (holding store/).")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="graphml, gexf, csv (nodes.csv and edges.csv); or every quad: jsonld, rdf-star (TriG 1.2, evidence as annotations).")] = "graphml",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The file (a folder for csv); default DIR/graph.FORMAT, DIR/csv/, DIR/graph-rdf-star.trig.")] = None,
) -> None:
    """The entity graph for graph tools: GraphML or GEXF (Gephi, Cytoscape), or CSV for Neo4j's and Kuzu's bulk import;
    or the whole graph as JSON-LD that reads as schema.org (graph.jsonld), or as TriG 1.2 with the evidence of each
    fact as an RDF 1.2 annotation on it (graph-rdf-star.trig)."""
    from kg.export.graph_tools import GraphFormat, rows_from_store, write_graph
    from kg.store import open_store

    if fmt in ("jsonld", "rdf-star"):
        from kg.export.jsonld import write_jsonld
        from kg.export.provenance import write_rdf_star

        try:
            path, count = (write_jsonld if fmt == "jsonld" else write_rdf_star)(out_dir, output)
        except KGError as e:
            _fail(e)
        out.print(f"{count} quads: {path}")
        return
    try:
        try:
            graph_format = GraphFormat(fmt)
        except ValueError:
            raise UsageError(f"unknown format {fmt!r}", hint="use graphml, gexf, csv, jsonld or rdf-star") from None
        nodes, edges = rows_from_store(open_store(out_dir))
    except KGError as e:
        _fail(e)
    target = output or (out_dir / "csv" if graph_format is GraphFormat.csv else out_dir / f"graph.{fmt}")
    written = write_graph(nodes, edges, graph_format, target)
    out.print(f"{len(nodes)} nodes, {len(edges)} edges: " + ", ".join(str(p) for p in written))


@app.command()
def entities(
    out_dir: Annotated[Path, typer.Argument(help="A build directory (holding store/).")],
    suspects: Annotated[bool, typer.Option("--suspects", help="List likely duplicates and likely wrong merges instead.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="At most this many rows.")] = 50,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, or tsv: with --suspects, resolution-file lines.")] = "table",
) -> None:
    """The most mentioned entities, or with --suspects what resolution may have got wrong, most important first.

    `--suspects --format tsv` prints the resolution-file line that would settle each suspect
    ('same' for a likely duplicate, 'different' for a likely wrong merge): keep the lines you
    agree with and pass the file to `kg build --resolve`."""
    from kg.store import open_store
    from kg.suspects import suspects as find_suspects, top_entities

    if fmt not in ("table", "tsv"):
        _fail(UsageError(f"unknown format {fmt!r}", hint="use table or tsv"))
    try:
        store = open_store(out_dir)
    except KGError as e:
        _fail(e)
    if suspects:
        rows = find_suspects(store, limit)
        if fmt == "tsv":
            for sp in rows:
                out.print(Text(f"{sp.decision}\t# {sp.kind}: {sp.reason}"), soft_wrap=True)
            return
        table = Table("kind", "weight", "A", "B", "why", title="Resolution to review")
        for sp in rows:
            table.add_row(*(Text(c) for c in sp.row()))
        out.print(table)
        return
    table = Table("entity", "class", "mentions", "names joined", title="Most mentioned entities")
    for e in top_entities(store, limit):
        table.add_row(Text(e.label), e.top, str(e.mentions), str(e.merges))
    if fmt == "tsv":
        for e in top_entities(store, limit):
            out.print(Text(f"{e.iri}\t{e.label}\t{e.top}\t{e.mentions}\t{e.merges}"), soft_wrap=True)
        return
    out.print(table)


@app.command()
def serve(
    out_dir: Annotated[Path, typer.Argument(help="A build directory (holding store/).")],
    host: Annotated[str, typer.Option(help="Address to listen on; loopback unless you mean to share it.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 7878,
    writable: Annotated[bool, typer.Option("--writable", help="Accept SPARQL updates and Graph Store writes.")] = False,
    timeout: Annotated[int, typer.Option(min=0, help="Cancel a query in the server after this many seconds (0: no limit).")] = 60,
) -> None:
    """Serve the store over the SPARQL 1.1 Protocol with the Oxigraph server (read-only by default)."""
    import os

    from kg.store import is_loopback, serve_command

    try:
        command = serve_command(out_dir, host=host, port=port, writable=writable, timeout=timeout)
    except KGError as e:
        _fail(e)
    base = f"http://{host}:{port}"
    if not is_loopback(host):
        err.print(f"[bold yellow]warning:[/] {host} is not a loopback address: anyone who can reach it can query"
                  + (" and change" if writable else "") + " the store")
    err.print(f"serving {out_dir}/store {'read-write' if writable else 'read-only'}: "
              f"SPARQL queries at {base}/query" + (f", updates at {base}/update, graphs at {base}/store" if writable else "")
              + "; Ctrl-C stops")
    sys.stderr.flush()
    sys.stdout.flush()
    os.execv(command[0], command)


@app.command()
def load(
    out_dir: Annotated[Path, typer.Argument(help="A build directory (holding graph.nq).")],
    endpoint: Annotated[str, typer.Option(help="SPARQL 1.1 Graph Store Protocol URL (Oxigraph: http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET/data).")],
    default_graph: Annotated[str | None, typer.Option(help="Put the default graph (entities) in this named graph instead.")] = None,
    user: Annotated[str | None, typer.Option(help="User name for the endpoint; the password is read from $KG_ENDPOINT_PASSWORD.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary; errors still print.")] = False,
) -> None:
    """Send each article's graph (and the default graph) to a triple store, replacing what it held."""
    import os

    from kg.remote import load as run_load

    auth = (user, os.environ.get("KG_ENDPOINT_PASSWORD", "")) if user else None
    progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=err, disable=quiet)
    task = progress.add_task("graphs", total=None)
    try:
        with progress:
            report = run_load(out_dir, endpoint, default_graph=default_graph, auth=auth,
                              on_start=lambda n: progress.update(task, total=n),
                              on_graph=lambda name: progress.advance(task))
    except KGError as e:
        _fail(e)
    for e in report.errors:
        err.print(f"[bold red]error:[/] {Text(str(e)).plain}")
    if not quiet:
        err.print(f"loaded {report.graphs} graph(s), {report.triples} triples into {endpoint}"
                  + (f"; {len(report.errors)} refused" if report.errors else ""))
    raise typer.Exit(EXIT_INVALID_DATA if report.errors else EXIT_OK)


@app.command()
def validate(
    target: Annotated[Path, typer.Argument(help="A build directory (its graph.nq is checked) or an RDF file.")],
    inference: Annotated[str, typer.Option(help="rdfs (RDFS inference over ontology/kg.ttl) or none.")] = "rdfs",
    limit: Annotated[int, typer.Option(help="Print at most this many violations (0: all).")] = 50,
    engine: Annotated[str, typer.Option(help="fast (kg.shacl: seconds, cached per chunk in a build directory) or pyshacl (the reference; minutes on a large build).")] = "fast",
) -> None:
    """Check a build against ontology/shapes.ttl (SHACL); exit 0 when it conforms, 1 when not."""
    from kg.validate import validate as run_validate

    try:
        report = run_validate(target, inference=inference, engine=engine)
    except KGError as e:
        _fail(e)
    _print_violations(report.violations, limit)
    if report.conforms:
        out.print(Text(f"conforms: {report.triples} triples checked against ontology/shapes.ttl"))
        raise typer.Exit(EXIT_OK)
    out.print(Text(f"does not conform: {len(report.violations)} violation(s) in {report.triples} triples"))
    raise typer.Exit(EXIT_INVALID_DATA)


@app.command()
def html(
    target: Annotated[Path, typer.Argument(help="An RDF file (.ttl, .trig, .nq, .nt, .rdf, .jsonld) or a build directory.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    title: Annotated[str | None, typer.Option(help="Page title (default: the file's name).")] = None,
    articles: Annotated[bool, typer.Option("--articles", help="Start with articles drawn as nodes.")] = False,
) -> None:
    """Render any RDF graph as the interactive explorer that kg build writes: one offline HTML file."""
    from kg.export.html import write_html
    from kg.graph_files import graph_file, read_triples

    try:
        source = graph_file(target, ("graph.trig", "graph.nq", "graph.ttl"))
        triples = read_triples(source)
        write_html(triples, output, title=title or source.name, show_articles=articles)
    except KGError as e:
        _fail(e)
    except OSError as e:
        _fail(UsageError(f"{output}: cannot write ({e.strerror or e})"))
    err.print(f"wrote {output} ({len(triples)} triples)")


@app.command("eval")
def eval_(
    gold_dir: Annotated[Path, typer.Argument(help="A gold directory (entities.jsonl, facts.jsonl, ..., scope.json).")],
    out_dir: Annotated[Path, typer.Argument(help="A build directory (graph.nq or graph.trig), or one such file.")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list what was missed, the facts outside the gold and the false positives of each article.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print every figure as JSON (P/R/F1 under 'scores').")] = False,
) -> None:
    """Score a built graph against gold annotations; the last line is the summary.

    With a scope.json in the gold directory, precision is scored too (P/R/F1 by entity type,
    by predicate and micro-averaged); figures have two decimals, '-' where there is nothing to divide.
    """
    import json

    from kg.evaluate import Gold, GraphView, evaluate

    try:
        score = evaluate(Gold.load(gold_dir), GraphView.load(out_dir))
    except KGError as e:
        _fail(e)
    if as_json:
        sys.stdout.write(json.dumps(score.as_json(), indent=2, ensure_ascii=False) + "\n")
        return
    for line in score.lines():
        out.print(Text(line))
    if verbose:
        for line in score.missed:
            out.print(Text(f"  missed: {line}"))
        for line in score.outside:
            out.print(Text(f"  outside: {line}"))
        for line in score.false_positives:
            out.print(Text(f"  false positive: {line}"))
    out.print(Text(score.summary()))


def main() -> None:
    app()


if __name__ == "__main__":
    main()

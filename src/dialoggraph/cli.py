"""The ``dialoggraph`` command: thin — parses arguments, calls the library, picks the exit code.

Exit codes: 0 success, 1 the data violates the shapes (or a quote cannot be placed), 2 an error
before validation (syntax error, missing folder, bad settings).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from .build import EXIT_ERROR, BuildError, BuildListener, build, prepare
from .config import ConfigError, Settings, load_settings
from .console import ConsoleListener, console, err_console, print_coverage, print_report, print_review, result_table
from .runtime import end_process, own_process

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Publish a documentation as a validated, browsable, queryable knowledge graph.")

ProjectOption = typer.Option(Path("."), "--project", "-C", help="Project folder (holds pyproject.toml).")


def settings_or_exit(project: Path) -> Settings:
    try:
        settings = load_settings(project)
    except ConfigError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_ERROR) from None
    for warning in settings.warnings():
        err_console.print(f"[yellow]warning:[/yellow] {escape(warning)}")
    return settings


def fail(exc: BuildError) -> None:
    if exc.report is not None:
        print_report(exc.report, err_console)
    err_console.print(f"[red]error:[/red] {escape(str(exc))}")
    raise typer.Exit(exc.exit_code)


@app.command("build")
def build_cmd(out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (default from settings: site/)."),
              project: Path = ProjectOption,
              clean: bool = typer.Option(False, "--clean", help="Ignore the last build's cache: build everything anew."),
              record: Optional[bool] = typer.Option(
                  None, "--record/--no-record",
                  help="Record what each page reads, so that the next build writes only the pages an edit "
                       "concerns (default: when the output folder holds an earlier build)."),
              end: bool = typer.Option(True, hidden=True)) -> None:
    """Load, anchor, validate and write dumps, VoID and pages into a fresh output folder —
    incrementally: only what changed since the last build is written anew (the same bytes as
    a clean build); nothing when every input is as it was. The first build in a folder does not
    record what its pages read (a third of the pages' time; pass --record when you will edit),
    so the second one writes every page and the third is incremental."""
    settings = settings_or_exit(project)
    kept: list = []  # the page index, not freed: see end_process
    listener = ConsoleListener()
    try:
        graphs = build(settings, out, listener, keep=kept, clean=clean, record=record)
    except BuildError as exc:
        fail(exc)
    finally:
        listener.close()
    if graphs.report.warnings:
        print_report(graphs.report)
    target = (out or settings.out_dir)
    verb = "up to date:" if graphs.up_to_date else "built"
    console.print(f"[bold green]{verb}[/bold green] {graphs.summary.triples} triples, "
                  f"{graphs.summary.entities} entities → {escape(str(target))}")
    if end:
        end_process()


@app.command("validate")
def validate_cmd(project: Path = ProjectOption) -> None:
    """Validate only: the same report and exit codes as build, nothing written."""
    settings = settings_or_exit(project)
    try:
        graphs = prepare(settings, ConsoleListener())
    except BuildError as exc:
        fail(exc)
    print_report(graphs.report)
    console.print("[bold green]conforms[/bold green]")


@app.command("init")
def init_cmd(folder: Path = typer.Argument(..., help="The new project's folder (created; must be empty)."),
             source: Path = typer.Option(..., "--source", "-s", help="The documentation's text (UTF-8)."),
             base_iri: Optional[str] = typer.Option(None, "--base-iri", help="The new dataset's base IRI (default: a placeholder to replace)."),
             title: Optional[str] = typer.Option(None, "--title", help="The document's title (default: its first heading)."),
             copy: bool = typer.Option(False, "--copy", help="Copy the ontology and shapes instead of sharing them by path."),
             project: Path = ProjectOption) -> None:
    """Start a project for another documentation: settings, the source, its sections, a data file
    per top-level section, the ontology and shapes of this project shared (or copied), a README."""
    from dialoggraph.scaffold import ScaffoldError, init_project

    parent = settings_or_exit(project)
    try:
        written = init_project(folder, source, parent, base_iri, title, copy)
    except ScaffoldError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_ERROR) from None
    console.print(f"[bold green]created[/bold green] {escape(str(folder))} ({len(written)} files). Next:\n"
                  f"  dialoggraph build -C {escape(str(folder))}\n  dialoggraph check -C {escape(str(folder))}")


@app.command("check")
def check_cmd(as_json: bool = typer.Option(False, "--json", help="Print the review as JSON (for CI) instead of tables."),
              project: Path = ProjectOption) -> None:
    """Review the project as a curator: SHACL violations and warnings, coverage of the source,
    names no passage covers, ambiguous quotes, and the check queries (queries/checks/).
    Exit 0 with warnings, 1 on violations, 2 when the project cannot be read."""
    import json

    from dialoggraph.query.library import QueryError
    from dialoggraph.review import as_json as review_json, review

    settings = settings_or_exit(project)
    listener = BuildListener() if as_json else ConsoleListener()
    try:
        result = review(settings, listener)
    except BuildError as exc:
        fail(exc)
    except QueryError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_ERROR) from None
    if as_json:
        typer.echo(json.dumps(review_json(result), ensure_ascii=False, indent=1, sort_keys=True))
    else:
        print_review(result, settings.base_iri)
    raise typer.Exit(1 if result.violations else 0)


@app.command("stats")
def stats_cmd(coverage: bool = typer.Option(False, "--coverage", help="Also: how much of the source the passages cover, per section, and what they leave out."),
              project: Path = ProjectOption) -> None:
    """Triples, entities per class and labels per language of the validated graph."""
    from rich.table import Table

    from dialoggraph.pipeline.anchor import SourceText
    from dialoggraph.pipeline.coverage import coverage as source_coverage
    from dialoggraph.pipeline.describe import label_languages
    from dialoggraph.rdf.prefixes import Prefixes

    settings = settings_or_exit(project)
    try:
        graphs = prepare(settings)
    except BuildError as exc:
        fail(exc)
    s = graphs.summary
    console.print(f"triples: {s.triples}\nentities: {s.entities}\nclasses: {len(s.classes)}")
    table = Table("class", "entities", title="Entities per class")
    for cls, n in sorted(s.classes.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(escape(cls), str(n))
    console.print(table)
    langs = Table("language", "labels", title="Labels per language")
    for lang, n in label_languages(graphs.data).items():
        langs.add_row(lang or "(none)", str(n))
    console.print(langs)
    if coverage:
        print_coverage(source_coverage(graphs.data, SourceText.read(settings.source_file)),
                       Prefixes(settings.base_iri))


@app.command("query")
def query_cmd(name: Optional[str] = typer.Argument(None, help="A named query (see --list) or a .rq file."),
              param: list[str] = typer.Option([], "--param", "-p", help="name=value, bound as an RDF term (repeatable)."),
              endpoint: Optional[str] = typer.Option(None, "--endpoint", "-e", help="Run on this SPARQL 1.1 endpoint instead of the built site."),
              graph: Optional[str] = typer.Option(None, "--graph", help="With --endpoint: query this named graph as the default graph (default-graph-uri)."),
              fmt: str = typer.Option("table", "--format", "-f", help="table, csv, tsv or json."),
              limit: Optional[int] = typer.Option(None, "--limit", help="Keep at most this many rows (flagged when cut)."),
              list_: bool = typer.Option(False, "--list", "-l", help="List the named queries."),
              show: bool = typer.Option(False, "--show", help="Print the query text with its parameters bound, do not run it."),
              site: Optional[Path] = typer.Option(None, "--site", help="Built site to query (default from settings: run 'dialoggraph build' first)."),
              project: Path = ProjectOption) -> None:
    """Run a named query on the built graph (embedded store) or on a SPARQL endpoint."""
    from dialoggraph.query.library import QueryError, load_library, parse_param_options, resolve, result_text
    from dialoggraph.query.store import EmbeddedStore, RemoteStore, StoreError

    settings = settings_or_exit(project)
    try:
        if list_:
            for nq in load_library(settings.queries_dir).values():
                console.print(f"[bold]{nq.name}[/bold] — {escape(nq.title_de)} / {escape(nq.title_en)}")
                console.print(f"    {escape(nq.question_de)}")
                for p in nq.params:
                    default = f" = {p.default}" if p.default else ""
                    console.print(f"    --param {p.name}=… ({p.type}{escape(default)}) {escape(p.description)}")
            return
        if name is None:
            raise QueryError("name a query (or use --list)")
        nq = resolve(name, settings.queries_dir)
        values = parse_param_options(param)
        if show:
            console.print(escape(nq.text(settings.base_iri, values)))
            return
        if endpoint:
            store = RemoteStore(endpoint, default_graph=graph)
        else:
            store = EmbeddedStore.from_site(site or settings.out_dir)
        result = nq.run(store, settings.base_iri, values, limit=limit)
        out = result_text(result, fmt, settings.base_iri)
    except (QueryError, StoreError) as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_ERROR) from None
    except BuildError as exc:
        fail(exc)
    if out is None:
        console.print(result_table(result, settings.base_iri))
    else:
        typer.echo(out, nl=not out.endswith("\n"))
    if result.truncated:
        err_console.print(f"[yellow]truncated:[/yellow] more results exist than the {len(result.rows) or len(result.triples)} shown")


@app.command("serve")
def serve_cmd(site: Optional[Path] = typer.Option(None, "--site", help="Built site folder (default from settings)."),
              build_first: bool = typer.Option(False, "--build", help="Build the site first (as 'dialoggraph build' does), then serve it."),
              watch: bool = typer.Option(False, "--watch", help="Build, serve, and rebuild on every change to data, ontology, shapes, queries, settings or the source: open pages reload themselves; a failing edit keeps the last good site and shows its error on every page."),
              host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
              port: int = typer.Option(8000, "--port", help="TCP port."),
              query_timeout: Optional[float] = typer.Option(None, "--query-timeout", help="Seconds a SPARQL query may run (default 10)."),
              max_rows: Optional[int] = typer.Option(None, "--max-rows", help="Rows per result before it is cut and flagged (default 10000)."),
              workers: Optional[int] = typer.Option(None, "--workers", help="SPARQL worker processes (default 2)."),
              max_concurrent: Optional[int] = typer.Option(None, "--max-concurrent", help="Queries in flight before 503 (default 64)."),
              project: Path = ProjectOption) -> None:
    """Serve the site with content negotiation and a read-only SPARQL endpoint at /sparql."""
    from dialoggraph.query.store import missing_site_files
    from dialoggraph.server.app import ServeConfig, run

    settings = settings_or_exit(project)
    folder = site or settings.out_dir
    live = watcher = None
    if watch:
        live, watcher = _watch(settings, folder)
    elif build_first:
        build_cmd(out=folder, project=project, end=False)
    missing = missing_site_files(folder)
    if missing:
        err_console.print(f"[red]error:[/red] {escape(str(folder))} holds no built site (no {escape(', '.join(missing))}): "
                          "run 'dialoggraph build' first, or 'dialoggraph serve --build'")
        raise typer.Exit(EXIT_ERROR)
    try:
        config = ServeConfig.from_settings(settings, folder, query_timeout=query_timeout, max_rows=max_rows,
                                           workers=workers, max_concurrent=max_concurrent)
    except BuildError as exc:
        fail(exc)
    except ValueError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_ERROR) from None
    console.print(f"serving {escape(str(folder))} on http://{host}:{port}/  (SPARQL: http://{host}:{port}/sparql)"
                  + ("; watching for changes" if watch else ""))
    try:
        run(config, host, port, live=live)
    finally:
        if watcher is not None:
            watcher.stop()


def _watch(settings: Settings, folder: Path):
    """Watch mode: build now (until a build succeeds, when no site exists yet), then rebuild in
    a thread on every change; each rebuild is told to the terminal and to the server's pages."""
    from dialoggraph.query.store import missing_site_files
    from dialoggraph.server.live import LiveReload
    from dialoggraph.watch import Watcher

    live = LiveReload()

    def report(error: str | None, seconds: float) -> None:
        if error is None:
            said = "; ".join(watcher.notes)
            console.print(f"[green]✓ built[/green] in {seconds:.1f} s" + (f" ({escape(said)})" if said else ""))
        else:
            err_console.print(f"[red]build failed[/red] ({seconds:.1f} s); the last good site stays:\n{escape(error)}")
        live.finished(error)

    watcher = Watcher(settings.project_dir, folder, report)
    if watcher.rebuild() is not None and missing_site_files(folder):
        err_console.print("no site to serve yet: fix the error and save; watching …")
        for _paths in watcher.changes():
            if watcher.rebuild() is None:
                break
    watcher.start()
    return live, watcher


@app.command("publish")
def publish_cmd(query_endpoint: str = typer.Option(..., "--query-endpoint", help="SPARQL 1.1 query endpoint of the store."),
                update_endpoint: str = typer.Option(..., "--update-endpoint", help="SPARQL 1.1 update endpoint of the store."),
                graph: Optional[str] = typer.Option(None, "--graph", help="Named graph to replace (default: the dataset's document IRI)."),
                gsp_endpoint: Optional[str] = typer.Option(None, "--gsp-endpoint", help="Graph Store Protocol endpoint: uploads as one streamed request ('{graph}' in it is replaced by the graph IRI, else ?graph= is added)."),
                from_site: Optional[Path] = typer.Option(None, "--from-site", help="Publish the dump of a finished build (DIR/dataset.nt + void.ttl, checked against void:triples) instead of loading and validating the project again."),
                always_stage: bool = typer.Option(False, "--always-stage", help="Stage and verify before the target changes even when the target graph is empty (slow for big graphs on stores that copy triple by triple)."),
                user: Optional[str] = typer.Option(None, "--user", envvar="DIALOGGRAPH_STORE_USER", help="User name for the store (env DIALOGGRAPH_STORE_USER)."),
                password_env: str = typer.Option("DIALOGGRAPH_STORE_PASSWORD", "--password-env", help="Environment variable holding the password."),
                token_env: str = typer.Option("DIALOGGRAPH_STORE_TOKEN", "--token-env", help="Environment variable holding a bearer token."),
                auth: str = typer.Option("basic", "--auth", help="HTTP authentication scheme for --user: basic or digest."),
                timeout: float = typer.Option(60.0, "--timeout", help="Seconds to wait for each request."),
                retries: int = typer.Option(3, "--retries", help="Retries of a request after a connection error, timeout or 429/502/503/504."),
                chunk_size: int = typer.Option(1000, "--chunk-size", help="Most triples in one update operation (INSERT DATA chunks, DELETE DATA of a difference); Virtuoso 7 refuses more than ~1400."),
                project: Path = ProjectOption) -> None:
    """Load the validated graph into a SPARQL 1.1 store as one named graph: only what changed is written, verified before and after."""
    import os
    import time

    from dialoggraph.publish import Payload, PublishError, Target, publish, published_triples

    settings = settings_or_exit(project)
    if auth not in ("basic", "digest"):
        err_console.print("[red]error:[/red] --auth must be basic or digest")
        raise typer.Exit(EXIT_ERROR)
    started = time.perf_counter()
    try:
        if from_site is not None:
            payload = Payload.from_site(from_site, settings.dataset_iri)
            ConsoleListener().stage("site", time.perf_counter() - started)
        else:
            try:
                graphs = prepare(settings, ConsoleListener())
            except BuildError as exc:
                fail(exc)
            payload = Payload.from_triples(published_triples(graphs))
        target = Target(query_endpoint, update_endpoint, graph or settings.dataset_iri.split("#", 1)[0],
                        gsp_endpoint=gsp_endpoint, user=user, password=os.environ.get(password_env),
                        token=os.environ.get(token_env), auth_scheme=auth, timeout=timeout,
                        retries=max(0, retries), chunk_triples=max(1, chunk_size), always_stage=always_stage)
        result = publish(payload, target, lambda m: console.print(f"  {escape(m)}"))
    except PublishError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_ERROR) from None
    steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.steps.items())
    console.print(f"[bold green]published[/bold green] {result.triples} triples into <{escape(result.graph)}> "
                  f"in {time.perf_counter() - started:.1f} s ({result.strategy}: {steps}; {result.requests} requests)")


def main() -> None:
    """The console entry (``dialoggraph``, ``python -m dialoggraph``)."""
    own_process()
    app()

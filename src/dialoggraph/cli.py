"""The ``dialoggraph`` command: thin — parses arguments, calls the library, picks the exit code.

Exit codes: 0 success, 1 the data violates the shapes (or a quote cannot be placed), 2 an error
before validation (syntax error, missing folder, bad settings).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from .build import EXIT_ERROR, BuildError, build, prepare
from .config import ConfigError, Settings, load_settings
from .console import console, err_console, print_report, stage_reporter

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Publish a documentation as a validated, browsable, queryable knowledge graph.")

ProjectOption = typer.Option(Path("."), "--project", "-C", help="Project folder (holds pyproject.toml).")


def settings_or_exit(project: Path) -> Settings:
    try:
        return load_settings(project)
    except ConfigError as exc:
        err_console.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_ERROR) from None


def fail(exc: BuildError) -> None:
    if exc.report is not None:
        print_report(exc.report, err_console)
    err_console.print(f"[red]error:[/red] {escape(str(exc))}")
    raise typer.Exit(exc.exit_code)


@app.command("build")
def build_cmd(out: Optional[Path] = typer.Option(None, "--out", "-o", help="Output folder (default from settings: site/)."),
              project: Path = ProjectOption) -> None:
    """Load, anchor, validate and write dumps, VoID and pages into a fresh output folder."""
    settings = settings_or_exit(project)
    try:
        graphs = build(settings, out, stage_reporter)
    except BuildError as exc:
        fail(exc)
    if graphs.report.warnings:
        print_report(graphs.report)
    target = (out or settings.out_dir)
    console.print(f"[bold green]built[/bold green] {graphs.summary.triples} triples, "
                  f"{graphs.summary.entities} entities → {escape(str(target))}")


@app.command("validate")
def validate_cmd(project: Path = ProjectOption) -> None:
    """Validate only: the same report and exit codes as build, nothing written."""
    settings = settings_or_exit(project)
    try:
        graphs = prepare(settings, stage_reporter)
    except BuildError as exc:
        fail(exc)
    print_report(graphs.report)
    console.print("[bold green]conforms[/bold green]")


@app.command("stats")
def stats_cmd(project: Path = ProjectOption) -> None:
    """Triples, entities per class and labels per language of the validated graph."""
    from .stats import label_languages

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


def main() -> None:  # pragma: no cover - console entry
    app()

"""The one rich console of the command line: how a build's progress, a validation report and a
query result are drawn on it."""

from __future__ import annotations

import os

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from dialoggraph.build import BuildListener, OutputSummary
from dialoggraph.pipeline.coverage import Coverage

from dialoggraph.query.library import cell_text
from dialoggraph.query.store import QueryResult
from dialoggraph.rdf.prefixes import Prefixes
from dialoggraph.review import Review
from dialoggraph.validation.report import ValidationReport

console = Console(stderr=False, highlight=False, soft_wrap=True, emoji=False)
err_console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


class ConsoleListener(BuildListener):
    """A build drawn on the console: a line per stage, a progress bar while pages are written
    (none with ``DIALOGGRAPH_PROGRESS=0``), and what was written."""

    def __init__(self, out: Console | None = None):
        self.out = out or console
        self.quiet = os.environ.get("DIALOGGRAPH_PROGRESS") == "0"
        self.progress: Progress | None = None
        self.bar = None

    def stage(self, name: str, seconds: float) -> None:
        self.out.print(f"[green]✓[/green] {name:<10} {seconds * 1000:8.0f} ms")

    def output_started(self, total: int) -> None:
        self.progress = Progress(TextColumn("[bold]Seiten[/bold] {task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(), console=self.out, transient=True,
                                 disable=self.quiet)
        self.progress.start()
        self.bar = self.progress.add_task("Dumps, Entitäten und Übersichten", total=total)

    def output_advanced(self, done: int) -> None:
        if self.progress is not None:
            self.progress.advance(self.bar, done)

    def output_finished(self, summary: OutputSummary) -> None:
        self.close()
        if summary.entity_pages and not self.quiet:
            self.out.print(f"  {summary.entity_pages} Seiten, {summary.site_pages} Übersichten und "
                           f"{summary.dumps} Dumps in {summary.seconds:.1f} s ({summary.processes} "
                           f"Prozess{'e' if summary.processes > 1 else ''})", highlight=False)

    def note(self, message: str) -> None:
        self.out.print(f"  {escape(message)}", highlight=False)

    def close(self) -> None:
        """Stop the progress bar (also when the build failed half way)."""
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def print_report(report: ValidationReport, out: Console | None = None) -> None:
    out = out or console
    for result in report.results:
        colour = "red" if result.severity == "Violation" else "yellow"
        text = escape(str(result))
        head, _, rest = text.partition("\n")
        out.print(f"[{colour}]{head}[/{colour}]" + ("\n" + rest if rest else ""))
    out.print(f"{len(report.violations)} violation(s), {len(report.warnings)} warning(s)")


def result_table(result: QueryResult, base_iri: str) -> Table:
    """The rows of a SELECT result as a table, terms shortened with the dataset's prefixes."""
    prefixes = Prefixes(base_iri)
    table = Table(*result.variables, show_lines=False)
    for row in result.rows:
        table.add_row(*[escape(cell_text(t, prefixes)) for t in row])
    return table


#: rows of a list shown on the console before "… and N more" (the JSON output has them all)
SHOWN = 15


def print_coverage(cov: Coverage, prefixes: Prefixes, out: Console | None = None) -> None:
    """The coverage of the source: per section, then what no passage covers."""
    out = out or console
    table = Table("Abschnitt / section", "Zeichen", "abgedeckt / covered", title=(
        f"Abdeckung der Quelle / source coverage: {cov.share:.2%} ({cov.covered} von {cov.characters} "
        "Buchstaben und Ziffern / letters and digits)"))
    for sec in cov.sections:
        share = f"{sec.share:.1%}"
        table.add_row(escape(sec.label), str(sec.characters), share if sec.share >= 0.99 else f"[yellow]{share}[/yellow]")
    out.print(table)
    _listing(out, "Lücken / gaps (Text ohne Textstelle / text no passage covers)",
             [f"{g.start}: {escape(g.text)}" for g in cov.gaps])
    _listing(out, "Namen ohne Textstelle / names no passage covers",
             [f"{m.start}: {escape(m.text)}" + (f"  → {escape(prefixes.display(m.entity))}" if m.entity else "")
              for m in cov.mentions])
    _listing(out, "Mehrdeutige Zitate / quotes that match several places",
             [f"{escape(prefixes.display(a.entity))}: „{escape(a.quote)}“ ({a.matches}×)" for a in cov.ambiguous])


def _listing(out: Console, title: str, lines: list[str]) -> None:
    out.print(f"[bold]{title}[/bold]: {len(lines)}")
    for line in lines[:SHOWN]:
        out.print(f"  {line}")
    if len(lines) > SHOWN:
        out.print(f"  … {len(lines) - SHOWN} more (--json lists all)")


def print_review(review: Review, base_iri: str, out: Console | None = None) -> None:
    """``dialoggraph check`` on the console: SHACL, coverage, the check queries, a summary."""
    out = out or console
    prefixes = Prefixes(base_iri)
    print_report(review.report, out)
    print_coverage(review.coverage, prefixes, out)
    for check in review.checks:
        colour = "red" if check.severity == "Violation" else "yellow"
        rows = check.result.rows
        mark = f"[{colour}]{len(rows)}[/{colour}]" if rows else "[green]0[/green]"
        out.print(f"[bold]{escape(check.query.title_de or check.query.name)}[/bold] "
                  f"/ {escape(check.query.title_en)} ({check.query.name}): {mark}")
        for row in rows[:SHOWN]:
            out.print("  " + "  ".join(escape(cell_text(t, prefixes)) for t in row))
        if len(rows) > SHOWN:
            out.print(f"  … {len(rows) - SHOWN} more (--json lists all)")
    out.print(f"{review.violations} violation(s), {review.warnings} warning(s)")

"""The one rich console of the command line, and how reports are printed on it."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from dialoggraph.query.library import cell_text
from dialoggraph.query.store import QueryResult
from dialoggraph.rdf.prefixes import Prefixes
from dialoggraph.validation.engine import ValidationReport

console = Console(stderr=False, highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def stage_reporter(name: str, seconds: float) -> None:
    console.print(f"[green]✓[/green] {name:<10} {seconds * 1000:8.0f} ms")


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

"""The build's validator: sorting, describing and validating the graph, either in the build's
own process or in a process of its own (:class:`Validation`) while the build indexes the graph
and writes pages."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

from dialoggraph.export.dumps import write_sorted_text
from dialoggraph.pipeline.describe import GraphSummary, summarise_lines, void_triples
from dialoggraph.rdf.order import in_order, ntriples, sorted_order
from dialoggraph.runtime import FreshProcess
from dialoggraph.validation.engine import validate_ntriples
from dialoggraph.validation.report import ValidationReport

from .stages import EXIT_ERROR, BuildError, BuildListener, Graphs, _stage, relative_origin

UNSORTED_TEXT = ".dataset.unsorted.nt"  # the graph for the validator, in the scratch folder
#: the validator's process is a fork of this one (tests), not a fresh interpreter
VALIDATOR_FORKED = False


class Validation:
    """Sorting, describing and validating the graph, either here and now or in a process of its
    own while the build indexes the graph and writes pages.

    This process writes the graph's N-Triples text once; the validator works on that text
    alone. A process of its own is a fresh interpreter (``spawn``) that reads the text from a
    scratch file: forked from here, it would keep the pages of this process's triples that this
    process goes on touching (the index pass, reference counts), a second copy of the graph for
    as long as it validates. It sorts the lines and sends back the order (this process picks
    its triples in that order), describes the graph from them (summary and VoID, sent back
    too), writes them to ``text_file`` (the dumps are written from it), loads the same text
    into its store and validates (the checks shared out among ``processes`` processes).
    Meanwhile the build writes into its scratch folder; :meth:`wait` raises :class:`BuildError`
    on violations, the scratch folder is removed: nothing is published before the data passed."""

    #: what the validator sends, in this order, and how a missing one is named
    MESSAGES = {"order": "sort order", "description": "description", "report": "report"}

    def __init__(self, graphs: Graphs, workers: int, listener: BuildListener, text_file: Path):
        self.listener = listener
        self.received: dict[str, object] = {}
        self.report: ValidationReport | None = None
        self.process = self.reader = None
        self.start = time.perf_counter()
        self.started = time.time()  # (the clock the validator's process stamps its report with)
        processes = validation_processes(workers)
        if workers == 1:
            _validate_into(graphs, [ntriples(graphs.data)], text_file, self._keep, processes)
            self._finish(*self._receive("report"))
            return
        lean = replace(graphs, data=[], timings={})  # what the validator needs besides the text
        self.process = FreshProcess(_validate_file, lean, text_file, processes, fork=VALIDATOR_FORKED)
        self.reader = self.process.connection  # the interpreter starts while this process writes the text
        unsorted = text_file.with_name(UNSORTED_TEXT)
        ox.serialize(graphs.data, str(unsorted), format=ox.RdfFormat.N_TRIPLES)
        self.reader.send(unsorted)

    def sorted(self, graphs: Graphs) -> Graphs:
        """``graphs`` with the data in the order of the dumps, without duplicates (the sort
        stage counts from the N-Triples text on)."""
        order = self._receive("order")
        data = in_order(graphs.data, order)
        seconds = time.perf_counter() - self.start
        graphs.timings["sort"] = seconds
        self.listener.stage("sort", seconds)
        return replace(graphs, data=data, sorted=True)

    def described(self, graphs: Graphs) -> Graphs:
        """``graphs`` with the summary and VoID the validation worked out."""
        with _stage("describe", graphs.timings, self.listener):  # (waiting for it)
            summary, void = self._receive("description")
        return replace(graphs, summary=summary, void=void)

    def ready(self) -> bool:
        """Whether the report is known (or can be read without waiting)."""
        return self.report is not None or "report" in self.received or self.reader.poll()

    def wait(self) -> ValidationReport:
        if self.report is None:
            report, done = self._receive("report")
            self.process.join()
            self._finish(report, done)
        return self.report

    def _keep(self, message) -> None:
        kind, value = message
        self.received[kind] = value
        if kind == "error":
            raise value

    def _receive(self, expected: str):
        if expected in self.received:
            return self.received.pop(expected)
        try:
            kind, value = self.reader.recv()
        except EOFError:
            raise BuildError(f"the validation process ended without a {self.MESSAGES[expected]}", EXIT_ERROR) from None
        if kind == "error":
            raise value
        if kind != expected:
            raise BuildError(f"the validation process sent a {kind}, not a {expected}", EXIT_ERROR)
        return value

    def _finish(self, report: ValidationReport, done: float) -> None:
        """The report, and the validation's time: until the report was ready, not until the
        build asked for it (when it is ready first, the validation was off the build's path)."""
        self.report = report
        self.listener.stage("validate", max(0.0, done - self.started))

    def close(self) -> None:
        if self.process is not None:
            self.process.stop()


def validation_processes(workers: int) -> int:
    """Processes for the checks when the build has ``workers``: one core stays with the build's
    own process (index and pages), the others validate. A helper costs memory: the first query
    in a forked helper copies about the whole store (~0.5 GB per million triples, measured), so
    with two cores, where the build's process and the validator already take both, there is
    none."""
    return max(1, workers - 1)


def sort_lines(nt: bytes):
    """The order of the dumps worked out on the N-Triples text (:mod:`dialoggraph.rdf.order`)."""
    return sorted_order(nt)


def describe_lines(graphs: Graphs, lines: list[bytes]) -> tuple[GraphSummary, list[ox.Triple]]:
    """The summary and VoID of the data from its sorted, distinct N-Triples lines."""
    summary = summarise_lines(graphs.settings, lines)
    return summary, void_triples(graphs.settings, summary)


def check_text(graphs: Graphs, text: list[bytes], void: list[ox.Triple], processes: int) -> ValidationReport:
    """Validate the data (its N-Triples text, taken out of ``text`` once in the store),
    ontology and VoID against the shapes, the checks shared out among ``processes`` processes."""
    return validate_ntriples(graphs.settings, text, [graphs.corpus.ontology, void], graphs.shapes,
                             relative_origin(graphs.settings, graphs.corpus), processes)


def _validate_file(connection, graphs: Graphs, text_file: Path, processes: int) -> None:
    """The validator in a process of its own: waits for the unsorted N-Triples file, reads and
    removes it, then :func:`_validate_into`."""
    unsorted = connection.recv()
    text = [unsorted.read_bytes()]
    unsorted.unlink()
    _validate_into(graphs, text, text_file, connection.send, processes)


def _validate_into(graphs: Graphs, text: list[bytes], text_file: Path, send, processes: int) -> None:
    """The validator (a forked process, or this one): sorts the N-Triples text in ``text`` and
    sends ``("order", positions)``, describes the data and sends ``("description", (summary,
    void))`` — the build needs both before its pages, the report only at the end — writes the
    sorted lines to ``text_file``, then validates and sends ``("report", (report, the time it was
    ready))``; or ``("error", exception)`` at any point."""
    try:
        order, lines = sort_lines(text[0])
        send(("order", order))
        description = describe_lines(graphs, lines)
        send(("description", description))
        write_sorted_text(text_file, lines)  # before the report: the dumps are written once it is here
        del lines, order  # before the store is loaded
        message = ("report", (check_text(graphs, text, description[1], processes), time.time()))
    except BaseException as exc:  # the parent raises it
        message = ("error", exc)
    send(message)

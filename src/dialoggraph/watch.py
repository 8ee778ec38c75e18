"""Rebuild the site when an input of the project changes (``dialoggraph serve --watch``).

Inputs are the data folder (the source text included), the ontology and shape folders (shared
ones too), the queries and ``pyproject.toml`` (settings and profile). Changes are picked up by
``watchfiles`` (Rust's ``notify``: inotify on Linux) and gathered for a moment, so that saving
several files, or an editor's write-then-rename, makes one rebuild. Each rebuild is a normal,
atomic :func:`~dialoggraph.build.build`, incremental (:mod:`dialoggraph.incremental`): only the
pages that read what the edit changed are written, the others keep their files. A failing one
leaves the last good site in place, and its message — file and line, the focus node of a
violation, the quote that cannot be placed — goes to whoever listens (the server's banner, the
terminal) until a rebuild succeeds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import watchfiles

from dialoggraph.build import BuildError, BuildListener, build
from dialoggraph.config import ConfigError, Settings, load_settings

#: milliseconds to gather changes before rebuilding (an editor's save is several events)
DEBOUNCE_MS = 50

Report = Callable[[str | None, float], None]  # (error or None, seconds) after each rebuild


def input_roots(settings: Settings) -> list[Path]:
    """The folders to watch: the project's (for pyproject.toml and the source) and every input
    folder outside it (a shared ontology)."""
    roots = [settings.project_dir]
    for folder in (*settings.ontology_dirs, *settings.shapes_dirs, settings.data_dir, settings.queries_dir,
                   settings.source_file.parent):
        if not any(folder == r or r in folder.parents for r in roots):
            roots.append(folder)
    return roots


def is_input(settings: Settings, path: Path) -> bool:
    """Whether a change at ``path`` can change the build (outputs and scratch folders cannot)."""
    if path == settings.project_dir / "pyproject.toml" or path == settings.source_file:
        return True
    out = settings.out_dir
    if path == out or out in path.parents or path.name.startswith("." + out.name + "."):
        return False
    if any(parent.name.startswith("." + out.name + ".") for parent in path.parents):
        return False
    folders = (*settings.ontology_dirs, *settings.shapes_dirs, settings.data_dir, settings.queries_dir)
    return any(path == f or f in path.parents for f in folders)


def describe_failure(exc: Exception) -> str:
    """A build's failure as the terminal and the banner show it: every violation (focus node,
    data file, path, message), then the build's own message (a syntax error's file:line:column,
    a quote that cannot be placed)."""
    if isinstance(exc, BuildError):
        lines = [str(r) for r in (exc.report.violations if exc.report is not None else [])]
        return "\n\n".join(lines + [str(exc)])
    if isinstance(exc, ConfigError):
        return str(exc)
    return f"unexpected error: {type(exc).__name__}: {exc}"


class Notes(BuildListener):
    """What a rebuild says about itself (up to date, what it wrote), kept for the terminal."""

    def __init__(self):
        self.notes: list[str] = []

    def note(self, message: str) -> None:
        self.notes.append(message)


class Watcher:
    """Rebuilds ``project_dir``'s site into ``out_dir`` after every change to an input and
    reports each rebuild (``report(error, seconds)``; what the last one said: ``notes``)."""

    def __init__(self, project_dir: Path, out_dir: Path | None, report: Report,
                 listener: BuildListener | None = None):
        self.project_dir = Path(project_dir)
        self.out_dir = out_dir
        self.report = report
        self.listener = listener or Notes()
        self.stop_event = threading.Event()
        self.thread: threading.Thread | None = None
        self.settings = load_settings(self.project_dir)

    def rebuild(self) -> str | None:
        """One build now; its error (``None`` when it succeeded) is also reported."""
        started = time.perf_counter()
        error = None
        if isinstance(self.listener, Notes):
            self.listener.notes.clear()
        try:
            self.settings = load_settings(self.project_dir)
            build(self.settings, self.out_dir, self.listener, record=True)  # every edit is incremental
        except Exception as exc:  # noqa: BLE001 - every failure keeps the last good site and is shown
            error = describe_failure(exc)
        self.report(error, time.perf_counter() - started)
        return error

    @property
    def notes(self) -> list[str]:
        return list(getattr(self.listener, "notes", ()))

    def changes(self):
        """Sets of changed input paths, as they come (until :meth:`stop`)."""
        for batch in watchfiles.watch(*input_roots(self.settings), debounce=DEBOUNCE_MS, step=20,
                                      stop_event=self.stop_event, raise_interrupt=False):
            paths = {Path(p) for _change, p in batch if is_input(self.settings, Path(p))}
            if paths:
                yield paths

    def run(self) -> None:
        for _paths in self.changes():
            self.rebuild()

    def start(self) -> None:
        """Watch in a thread of its own (a daemon: it ends with the program)."""
        self.thread = threading.Thread(target=self.run, name="dialoggraph-watch", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stop_event.set()
        if self.thread is not None:
            self.thread.join(timeout=5)

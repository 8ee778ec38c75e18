"""``dialoggraph serve --watch`` through the real command and server: an edit is rebuilt and open
pages are told to reload; a failing edit keeps the last good site and shows its error on every
page until it is fixed. Each step waits for the server's reload event, never for a fixed time."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from .conftest import MINI_DATA, make_project
from .dgkit import free_port

pytestmark = pytest.mark.server

WAIT = 60  # seconds an event may take on a loaded CI machine (it takes about one here)


class Served:
    """The real ``dialoggraph serve --watch`` on a project, and its reload events."""

    def __init__(self, project: Path):
        self.project = project
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, DIALOGGRAPH_PROGRESS="0")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dialoggraph", "serve", "--watch", "--port", str(self.port), "--workers", "1",
             "--project", str(project)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.output: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.events: queue.Queue[str] = queue.Queue()
        self.client = httpx.Client(base_url=self.url, timeout=10)
        deadline = time.monotonic() + WAIT
        while True:
            try:
                if self.client.get("/").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("serve --watch did not start:\n" + "".join(self.output))
            time.sleep(0.1)
        threading.Thread(target=self._listen, daemon=True).start()
        assert self.next_event().startswith("text/event-stream")
        self.generation = self.next_event()  # sent on connect

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)

    def _listen(self) -> None:
        try:
            with httpx.Client(base_url=self.url, timeout=None) as client, \
                    client.stream("GET", "/_dialoggraph/live") as response:
                self.events.put(response.headers["content-type"])
                event = None
                for line in response.iter_lines():
                    if line.startswith("event: "):
                        event = line[7:]
                    elif line.startswith("data: ") and event == "build":
                        self.events.put(line[6:])
        except httpx.TransportError:
            return  # the server ended

    def next_event(self) -> str:
        try:
            return self.events.get(timeout=WAIT)
        except queue.Empty:
            raise AssertionError("no reload event:\n" + "".join(self.output)) from None

    def edit(self, name: str, text: str | None) -> str:
        """Write (or, with ``None``, delete) a data file and wait for the rebuild's event."""
        path = self.project / "data" / name
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")
        event = self.next_event()
        assert event != self.generation
        self.generation = event
        return event

    def page(self, path: str) -> str:
        response = self.client.get(path, headers={"Accept": "text/html"})
        assert response.status_code == 200
        return response.text

    def close(self) -> None:
        self.client.close()
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One watching server for the module (starting one costs seconds); each test leaves the
    project as it found it."""
    running = Served(make_project(tmp_path_factory.mktemp("watch") / "project"))
    yield running
    running.close()


@pytest.fixture
def served(server: Served):
    yield server
    if (server.project / "data" / "extra.ttl").exists():
        server.edit("extra.ttl", None)
    if (server.project / "data" / "mini.ttl").read_text(encoding="utf-8") != MINI_DATA:
        server.edit("mini.ttl", MINI_DATA)


PERSON = "/person/jan-beispiel"


def test_an_edit_is_rebuilt_and_open_pages_are_told(served: Served):
    page = served.page(PERSON)
    assert "Jan Beispiel" in page
    assert '<script src="/_dialoggraph/live.js" defer></script>' in page  # only the server adds it
    assert "live.js" not in (served.project / "site" / "person" / "jan-beispiel.html").read_text(encoding="utf-8")
    served.edit("mini.ttl", MINI_DATA.replace('"Example institute"@en', '"Sample institute"@en'))
    assert "Sample institute" in served.page("/org/beispiel-institut")
    assert 'role="alert"' not in served.page(PERSON)
    script = served.client.get("/_dialoggraph/live.js")
    assert script.status_code == 200 and "EventSource" in script.text


def test_a_rebuild_is_incremental(served: Served):
    """Only the pages the edit concerns are written again; the others keep their files."""
    site = served.project / "site"
    untouched, concerned = site / "doc" / "track-doku-2016.html", site / "org" / "beispiel-institut.html"
    before = untouched.stat().st_ino, concerned.stat().st_ino
    served.edit("mini.ttl", MINI_DATA.replace('"Example institute"@en', '"Other institute"@en'))
    assert "Other institute" in served.page("/org/beispiel-institut")
    assert untouched.stat().st_ino == before[0] and concerned.stat().st_ino != before[1]
    assert "incremental:" in "".join(served.output)


@pytest.mark.parametrize("broken, shown", [
    # a half-saved file: cut in the middle of a statement
    (MINI_DATA[: MINI_DATA.index("schema:affiliation") + 10], "data/mini.ttl:"),
    # a quote that no longer matches the source
    (MINI_DATA.replace('dgo:anchorText "Jan Beispiel"', 'dgo:anchorText "Jana Beispiel"'), "Jana Beispiel"),
    # a violation: a person without a name
    (MINI_DATA.replace('    schema:name "Jan Beispiel" ;\n', ""), "person/jan-beispiel#id"),
])
def test_a_failing_edit_keeps_the_last_good_site_and_shows_its_error(served: Served, broken: str, shown: str):
    served.edit("mini.ttl", broken)
    page = served.page(PERSON)
    assert "Jan Beispiel" in page  # the last good site
    assert 'role="alert"' in page and shown in page
    assert shown in served.page("/")  # on every page
    served.edit("mini.ttl", MINI_DATA)  # fixed: the banner goes
    assert 'role="alert"' not in served.page(PERSON)
    assert "build failed" in "".join(served.output)  # and the terminal said so


def test_a_file_deleted_while_watching_is_rebuilt_without_it(served: Served):
    extra = ('@prefix schema: <https://schema.org/> .\n@prefix dgo: <ontology#> .\n'
             '<person/jan-beispiel#id> schema:familyName "Beispiel" .\n')
    served.edit("extra.ttl", extra)
    assert "Beispiel" in served.page(PERSON) and "familyName" in served.client.get(
        PERSON, headers={"Accept": "text/turtle"}).text
    served.edit("extra.ttl", None)
    assert "familyName" not in served.client.get(PERSON, headers={"Accept": "text/turtle"}).text


def test_sparql_answers_from_the_rebuilt_graph(served: Served):
    query = "SELECT ?n WHERE { <https://data.example.org/nrw-dialog/org/beispiel-institut#id> <https://schema.org/name> ?n }"

    def names() -> set[str]:
        answer = served.client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200, answer.text  # also while the store is being switched
        return {b["n"]["value"] for b in answer.json()["results"]["bindings"]}

    assert "Example institute" in names()
    served.edit("mini.ttl", MINI_DATA.replace('"Example institute"@en', '"Sample institute"@en'))
    # pages are told first (they are files, in place); the store follows within moments
    deadline = time.monotonic() + WAIT
    while "Sample institute" not in names() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "Sample institute" in names() and "Example institute" not in names()

#!/usr/bin/env python
"""Save → page updated, in watch mode (``dialoggraph serve --watch``), on a copy of a project.

    python bench/watch.py --runs 7            # our data
    python bench/watch.py --project /tmp/g100k --file data/forum-0001.ttl --runs 5

Each run changes one label in one data file (not a quote: the build must succeed), then times
(1) the save until the server's reload event and (2) the save until the page shows the new label
— what a curator with the page open sees. Prints each run and the medians.
"""

from __future__ import annotations

import argparse
import os
import platform
import queue
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=REPO)
    parser.add_argument("--file", default="data/agents.ttl", help="the data file to edit (relative to the project)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="dg-watch-bench-"))
    project = work / "project"
    shutil.copytree(args.project, project, ignore=shutil.ignore_patterns("site", ".site.*", ".venv", ".git", "bench",
                                                                             "tests", "node_modules", "test-artifacts"))
    path = project / args.file
    text = path.read_text(encoding="utf-8")
    m = re.search(r'schema:name "([^"]{4,})"(@de)? ;', text)
    if m is None:
        raise SystemExit(f"{args.file}: no schema:name to change")
    name, tag = m.group(1), m.group(2) or ""
    subject = text.rfind("\n<", 0, m.start()) + 2
    page_path = "/" + text[subject:text.index("#", subject)]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "dialoggraph", "serve", "--watch", "--port", str(port),
                               "--project", str(project)], env=dict(os.environ, DIALOGGRAPH_PROGRESS="0"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    events: queue.Queue[tuple[float, str]] = queue.Queue()

    def listen() -> None:
        try:
            with httpx.Client(timeout=None) as client, client.stream("GET", url + "/_dialoggraph/live") as response:
                for line in response.iter_lines():
                    if line.startswith("data: "):
                        events.put((time.perf_counter(), line[6:]))
        except httpx.TransportError:
            pass

    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(url + "/", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("the server did not start")
        threading.Thread(target=listen, daemon=True).start()
        events.get(timeout=30)
        to_event, to_page = [], []
        for run in range(1, args.runs + 1):
            new = f"{name} ({run})"
            time.sleep(1.0)  # quiet before each save
            saved = time.perf_counter()
            path.write_text(text[:m.start(1)] + new + text[m.end(1):], encoding="utf-8")
            arrived, _generation = events.get(timeout=120)
            while new not in httpx.get(url + page_path, timeout=30).text:
                time.sleep(0.01)
            shown = time.perf_counter()
            to_event.append(arrived - saved)
            to_page.append(shown - saved)
            print(f"run {run}: save → reload event {arrived - saved:.2f} s, save → page updated {shown - saved:.2f} s",
                  flush=True)
        print(f"median of {args.runs}: save → event {statistics.median(to_event):.2f} s, "
              f"save → page {statistics.median(to_page):.2f} s  ({platform.node()}, {os.cpu_count()} CPUs, "
              f"page {page_path}, label {name!r}{tag})")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

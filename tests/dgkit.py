"""Helpers for the tests that need a built site or a live server (imported by test modules).

Everything listens on 127.0.0.1 only, on free ports, and is stopped by the test that started it.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

_SITE: dict[str, Path] = {}


def built_site(settings) -> Path:
    """The project's site, built once per test process into a temporary folder."""
    key = str(settings.project_dir)
    if key not in _SITE:
        from dialoggraph.build import build

        root = Path(tempfile.mkdtemp(prefix="dg-test-site-"))
        atexit.register(shutil.rmtree, root, True)
        build(settings, root / "site")
        _SITE[key] = root / "site"
    return _SITE[key]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerThread:
    """uvicorn serving an ASGI app in a thread (no signal handlers), on a free loopback port."""

    def __init__(self, app, port: int | None = None):
        import uvicorn

        self.port = port or free_port()
        self.app = app
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="on", h11_max_incomplete_event_size=64 * 1024)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True, name="test-uvicorn")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "ServerThread":
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).is_file():
        raise RuntimeError("the 'oxigraph' server binary is missing: pip install oxigraph")
    return found


class OxigraphServer:
    """``oxigraph serve`` on a fresh folder and a free loopback port; endpoints /query,
    /update, /store. ``read_only=True`` runs ``serve-read-only`` (refuses updates)."""

    def __init__(self, location: Path, read_only: bool = False):
        self.location = Path(location)
        self.port = free_port()
        self.read_only = read_only
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query(self) -> str:
        return self.url + "/query"

    @property
    def update(self) -> str:
        return self.url + "/update"

    @property
    def store(self) -> str:
        return self.url + "/store"

    def __enter__(self) -> "OxigraphServer":
        self.location.mkdir(parents=True, exist_ok=True)
        if self.read_only and not (self.location / "CURRENT").exists():
            import pyoxigraph

            pyoxigraph.Store(str(self.location)).flush()  # an empty database to open read-only
        command = "serve-read-only" if self.read_only else "serve"
        self.process = subprocess.Popen(
            [oxigraph_binary(), command, "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                raise RuntimeError("oxigraph exited: " + self.process.stderr.read().decode(errors="replace"))
            try:
                r = httpx.get(self.query, params={"query": "ASK {}"}, timeout=1,
                              headers={"Accept": "application/sparql-results+json"})
                if r.status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError("oxigraph did not start")
            time.sleep(0.1)

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


VIRTUOSO_BINARY = Path("/usr/bin/virtuoso-t")
#: The configuration the Debian package ships (and copies to /etc for its own service).
VIRTUOSO_INI = Path("/usr/share/virtuoso-opensource-7/virtuoso.ini")
PROJECT = Path(__file__).resolve().parents[1]


def ensure_virtuoso() -> None:
    """Install Virtuoso 7 when it is missing — with the project's own installer (``make
    system-deps``, as CI does before the tests) —, or skip when that needs root we lack."""
    import pytest

    if VIRTUOSO_BINARY.is_file() and VIRTUOSO_INI.is_file():
        return
    if os.geteuid() != 0:
        pytest.skip("Virtuoso 7 (Debian package virtuoso-opensource-7) is not installed and installing "
                    "it needs root: run 'sudo make system-deps'")
    out = subprocess.run(["make", "-C", str(PROJECT), "system-deps"], capture_output=True, text=True)
    if out.returncode != 0 or not VIRTUOSO_BINARY.is_file():
        raise RuntimeError(f"installing Virtuoso failed ({out.returncode}):\n{out.stdout[-2000:]}{out.stderr[-2000:]}")


def virtuoso_ini(template: str, location: Path, sql_port: int, http_port: int) -> str:
    """The package's ``virtuoso.ini`` with its database, log and lock files in ``location``
    and both servers on loopback ports; every other setting (result cap, memory) as shipped."""
    import re

    files = {"Database": {"DatabaseFile": "virtuoso.db", "ErrorLogFile": "virtuoso.log",
                          "LockFile": "virtuoso.lck", "TransactionFile": "virtuoso.trx",
                          "xa_persistent_file": "virtuoso.pxa"},
             "TempDatabase": {"DatabaseFile": "virtuoso-temp.db", "TransactionFile": "virtuoso-temp.trx"}}
    values = {section: {key: str(location / name) for key, name in keys.items()} for section, keys in files.items()}
    values["Parameters"] = {"ServerPort": f"127.0.0.1:{sql_port}"}
    values["HTTPServer"] = {"ServerPort": f"127.0.0.1:{http_port}"}
    values["URIQA"] = {"DefaultHost": f"127.0.0.1:{http_port}"}
    out, section, seen = [], None, set()
    for line in template.splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            section = header.group(1).strip()
        setting = re.match(r"(\s*)([A-Za-z_0-9]+)(\s*=\s*)", line)
        if setting and setting.group(2) in values.get(section, {}):
            line = setting.group(1) + setting.group(2) + setting.group(3) + values[section][setting.group(2)]
            seen.add((section, setting.group(2)))
        out.append(line)
    missing = {(sec, key) for sec, keys in values.items() for key in keys} - seen
    if missing:
        raise RuntimeError(f"{VIRTUOSO_INI}: settings not found: {sorted(missing)}")
    return "\n".join(out) + "\n"


class VirtuosoServer:
    """A private Virtuoso 7 (``virtuoso-t +foreground``) with a fresh database in ``location``,
    on free loopback ports; user ``dba``/``dba`` (the package's default). Endpoints:
    ``query`` (/sparql, read-only for anonymous users), ``update`` (/sparql-auth, HTTP Digest)
    and ``gsp`` (/sparql-graph-crud-auth, Digest)."""

    user = password = "dba"

    def __init__(self, location: Path):
        self.location = Path(location)
        self.sql_port, self.port = free_port(), free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query(self) -> str:
        return self.url + "/sparql"

    @property
    def update(self) -> str:
        return self.url + "/sparql-auth"

    @property
    def gsp(self) -> str:
        return self.url + "/sparql-graph-crud-auth?graph-uri={graph}"

    @property
    def log(self) -> str:
        try:
            return (self.location / "virtuoso.log").read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def __enter__(self) -> "VirtuosoServer":
        self.location.mkdir(parents=True, exist_ok=True)
        ini = self.location / "virtuoso.ini"
        ini.write_text(virtuoso_ini(VIRTUOSO_INI.read_text(), self.location, self.sql_port, self.port))
        command = [str(VIRTUOSO_BINARY), "+foreground", "+configfile", str(ini)]
        if shutil.which("setpriv"):  # util-linux: SIGTERM when the test process dies, even killed
            command = ["setpriv", "--pdeathsig", "TERM", "--", *command]  # (no server outlives it)
        self.process = subprocess.Popen(command, cwd=self.location,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 90  # a new database takes a few seconds to create
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited ({self.process.returncode}):\n{self.log}")
            try:
                r = httpx.get(self.query, params={"query": "ASK {}"}, timeout=2,
                              headers={"Accept": "application/sparql-results+json"})
                if r.status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"Virtuoso did not start within 90 s:\n{self.log}")
            time.sleep(0.2)

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # Virtuoso shuts down (checkpoint) on SIGTERM
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        for pattern in ("virtuoso*.db", "virtuoso*.trx"):  # ~60 MB; the log and the ini stay
            for path in self.location.glob(pattern):
                path.unlink(missing_ok=True)


class Canary:
    """A loopback TCP listener that records every connection made to it: a stand-in for a
    remote SPARQL endpoint that must receive nothing."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(1)
                try:
                    self.received.append(conn.recv(65536) or b"<connected>")
                except OSError:
                    self.received.append(b"<connected>")

    def __enter__(self) -> "Canary":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A killed child that was not reaped yet is a zombie: not running any more.
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def kill_when(process, reached, proxy, timeout: float = 60, poll: float = 0.02) -> None:
    """SIGKILL ``process`` as soon as ``reached()`` is true (an upload under way), then close
    ``proxy``; fail if the process ends or nothing happens within ``timeout`` seconds."""
    import os
    import signal
    import time

    try:
        deadline = time.monotonic() + timeout
        while not reached():
            assert process.poll() is None, process.stdout.read().decode()
            assert time.monotonic() < deadline, "the upload did not start"
            time.sleep(poll)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        proxy.close()

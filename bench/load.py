"""Load benchmark of the linked-data server: N concurrent clients on loopback for D seconds
against entity pages, content negotiation and the SPARQL endpoint.

    python bench/load.py                       # starts 'dialoggraph serve' itself, 50 clients, 30 s
    python bench/load.py --url http://127.0.0.1:8000 --clients 50 --seconds 30

Each client loops: one request at a time, picking a static page (HTML file), a content-
negotiated entity IRI (random Accept: HTML, Turtle, JSON-LD, N-Triples) or a named query on
/sparql (SPARQL JSON), weighted by --mix. It reports throughput, p50/p95/p99 latency and errors
per kind; 503 answers (the endpoint's concurrency cap, with Retry-After) are counted apart from
errors. Results go to stdout and to bench/out/load-*.json. Loopback only; not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dialoggraph.config import load_settings  # noqa: E402
from dialoggraph.query.library import load_library  # noqa: E402

ACCEPTS = ["text/html", "text/turtle", "application/ld+json", "application/n-triples",
           "application/ld+json;q=0.9, text/turtle;q=0.5", "text/html;q=0.8, */*;q=0.1"]


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    busy: int = 0  # 503 + Retry-After: the concurrency cap, by design
    statuses: dict[int, int] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def targets(site: Path, settings) -> tuple[list[str], list[str], list[str]]:
    """Static page URLs, entity paths for negotiation, and named-query texts."""
    pages, entities = [], []
    for f in sorted(site.rglob("*.ttl")):
        rel = f.relative_to(site).as_posix()
        if "/" not in rel or rel.startswith(("_", ".")):
            continue  # dumps, site pages
        stem = rel[: -len(".ttl")]
        entities.append("/" + (stem[: -len("index")] if stem.endswith("/index") else stem))
        if f.with_suffix(".html").is_file():
            pages.append("/" + stem + ".html")
    queries = [nq.text(settings.base_iri) for nq in load_library(settings.queries_dir).values()]
    return pages, entities, queries


class Connection:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams: the load generator shares the
    machine's CPUs with the server, so it must cost far less per request than httpx does."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def request(self, target: str, accept: str | None, timeout: float) -> tuple[int, dict]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = f"GET {target} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        if accept:
            head += f"Accept: {accept}\r\n"
        self.writer.write((head + "\r\n").encode("latin-1"))
        try:
            return await asyncio.wait_for(self._response(), timeout)
        except BaseException:
            self.close()
            raise

    async def _response(self) -> tuple[int, dict]:
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        headers = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            key, _, value = line.decode("latin-1").partition(":")
            headers[key.strip().lower()] = value.strip()
        if "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def client_loop(host: str, port: int, deadline: float, mix: dict[str, float],
                      pages, entities, queries, stats: dict[str, Stats], rng: random.Random) -> None:
    kinds = list(mix)
    weights = [mix[k] for k in kinds]
    conn = Connection(host, port)
    while time.monotonic() < deadline:
        kind = rng.choices(kinds, weights)[0]
        if kind == "page":
            target, accept = quote(rng.choice(pages)), None
        elif kind == "conneg":
            target, accept = quote(rng.choice(entities)), rng.choice(ACCEPTS)
        else:
            target, accept = "/sparql?" + urlencode({"query": rng.choice(queries)}), "application/sparql-results+json"
        started = time.perf_counter()
        s = stats[kind]
        headers: dict = {}
        try:
            status, headers = await conn.request(target, accept, 15)
        except (OSError, ConnectionError, asyncio.TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
            status = 0
        elapsed = time.perf_counter() - started
        s.statuses[status] = s.statuses.get(status, 0) + 1
        if status == 503:
            s.busy += 1
            await asyncio.sleep(float(headers.get("retry-after", "1")) / 10)
        elif status != 200:
            s.errors += 1
        else:
            s.latencies.append(elapsed)
    conn.close()


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


async def run(url: str, clients: int, seconds: float, mix: dict[str, float], pages, entities, queries, seed: int) -> dict:
    stats = {k: Stats() for k in mix}
    parts = urlsplit(url)
    started = time.monotonic()
    deadline = started + seconds
    rngs = [random.Random(seed + i) for i in range(clients)]
    await asyncio.gather(*(client_loop(parts.hostname, parts.port or 80, deadline, mix, pages, entities, queries, stats, r)
                           for r in rngs))
    wall = time.monotonic() - started
    report = {"url": url, "clients": clients, "seconds": round(wall, 2), "kinds": {}}
    total_ok = total_err = total_busy = 0
    all_lat: list[float] = []
    for kind, s in stats.items():
        ok = len(s.latencies)
        total_ok += ok
        total_err += s.errors
        total_busy += s.busy
        all_lat += s.latencies
        report["kinds"][kind] = {
            "ok": ok, "errors": s.errors, "busy_503": s.busy, "throughput_rps": round(ok / wall, 1),
            "p50_ms": round(percentile(s.latencies, 50) * 1000, 1), "p95_ms": round(percentile(s.latencies, 95) * 1000, 1),
            "p99_ms": round(percentile(s.latencies, 99) * 1000, 1),
            "mean_ms": round(statistics.fmean(s.latencies) * 1000, 1) if s.latencies else None,
            "statuses": {str(k): v for k, v in sorted(s.statuses.items())}}
    report["total"] = {"ok": total_ok, "errors": total_err, "busy_503": total_busy,
                       "throughput_rps": round(total_ok / wall, 1),
                       "p50_ms": round(percentile(all_lat, 50) * 1000, 1), "p95_ms": round(percentile(all_lat, 95) * 1000, 1),
                       "p99_ms": round(percentile(all_lat, 99) * 1000, 1)}
    return report


def start_server(project: Path, port: int, workers: int | None, max_concurrent: int | None) -> subprocess.Popen:
    command = [sys.executable, "-m", "dialoggraph", "serve", "-C", str(project), "--host", "127.0.0.1", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    if max_concurrent:
        command += ["--max-concurrent", str(max_concurrent)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the server exited during start-up")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="Server to load (default: start 'dialoggraph serve' on a free loopback port).")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--mix", default="page=1,conneg=1,sparql=1", help="Weights per kind: page, conneg, sparql.")
    parser.add_argument("--workers", type=int, help="Query workers of the started server.")
    parser.add_argument("--max-concurrent", type=int, help="Queries in flight of the started server before 503.")
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()
    if not 1 <= args.clients <= 500 or not 0 < args.seconds <= 600:
        raise SystemExit("--clients 1..500 and --seconds up to 600, please")
    mix = {k: float(v) for k, v in (item.split("=") for item in args.mix.split(","))}
    settings = load_settings(args.project)
    process = None
    url = args.url
    if url is None:
        from dialoggraph.build import build
        from dialoggraph.query.store import missing_site_files

        if missing_site_files(settings.out_dir):
            print("building the site first …", flush=True)
            build(settings)
        port = free_port()
        process = start_server(args.project, port, args.workers, args.max_concurrent)
        url = f"http://127.0.0.1:{port}"
    elif not url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]")):
        raise SystemExit("loopback only: --url must point at 127.0.0.1/localhost")
    try:
        pages, entities, queries = targets(settings.out_dir, settings)
        report = asyncio.run(run(url, args.clients, args.seconds, mix, pages, entities, queries, args.seed))
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
    report.update({"pages": len(pages), "entities": len(entities), "queries": len(queries)})
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / time.strftime("load-%Y%m%d-%H%M%S.json")
    path.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"{args.clients} clients, {report['seconds']} s against {url}  (report: {path.relative_to(ROOT)})")
    print(f"{'kind':<8} {'ok':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'503':>5}")
    for kind, k in [*report["kinds"].items(), ("total", report["total"])]:
        print(f"{kind:<8} {k['ok']:>7} {k['throughput_rps']:>8} {k['p50_ms']:>8} {k['p95_ms']:>8} {k['p99_ms']:>8} "
              f"{k['errors']:>7} {k['busy_503']:>5}")


if __name__ == "__main__":
    main()

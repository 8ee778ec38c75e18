#!/usr/bin/env python
"""Full build against the plain-library baseline, on a generated graph of a given size.

    python bench/run.py --triples 1000000 [--runs 3] [--seed 1] [--no-baseline] [--no-publish] [--no-queries]
    python bench/run.py --triples 1000000 --runs 3 --compare 2261440   # this code against another's
    python bench/run.py --triples 3000000 --runs 3 --serial            # one CPU against two

For the generated project of that size (bench/generate.py, cached under bench/out/), each run
times (a) ``dialoggraph build`` in full — load, anchor, validate, three dumps, VoID, every page —
in its own process, with its stages (the ``✓ stage ms`` lines its BuildListener prints), the CPU
of its whole process tree and its memory, and (b) the baseline a user would write with the
plain libraries (bench/baseline.py: rdflib parse, pyshacl, rdflib serialise, Jinja2 pages) on
the same input, one after the other. Then it times every named query on the embedded store
(p50/p95 over repeated runs) and, unless --no-publish, ``dialoggraph publish`` into a local
Oxigraph server against a plain upload of the N-Triples dump with httpx. Medians over --runs.
The last line holds ``triples=… build_s=… baseline_s=… ratio=… peak_mb=…`` (ratio =
baseline_s / build_s), then the optional query and publish figures, then ``tree_pss_mb=…``, the
CPU and the stage medians. ``peak_mb`` is the build process's own peak RSS (wait4);
``tree_pss_mb`` is the peak of the summed PSS of the build and every process it forks (shared
copy-on-write pages count once), sampled every 2 s (each sample costs the build about 0.1 s of
CPU at 1M triples).

``--compare REF`` builds the same generated project with this checkout's code and with the code
of REF (a ``git worktree`` of REF in a temporary folder, run by this interpreter with its
``src`` first on PYTHONPATH; removed at the end), alternating A B A B …, so that the VM's drift
(±30 % from hour to hour) hits both alike; it reports both medians, their ratio and the stages
of each. Both are called with what every version's command line has (``build --project
--out``). ``--serial`` builds pinned with ``taskset -c 0`` and ``taskset -c 0,1`` alternately and
reports the serial fraction s = 2 · T2 / T1 − 1 (Amdahl's law for two CPUs, from the medians).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))

console = Console(highlight=False, width=160)


def timed_process(cmd: list[str], env: dict | None = None) -> tuple[float, float, str]:
    """Run ``cmd``; return wall seconds, the process's peak RSS in MB, and its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    out, err = proc.communicate()
    # communicate() already reaped the child; its rusage is in RUSAGE_CHILDREN only as a max over
    # all children, so the build runs first in a fresh interpreter (see run_build).
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])}… failed ({proc.returncode}):\n{err[-3000:]}")
    return seconds, 0.0, out


def _proc_children(pid: int) -> list[int] | None:
    """The direct children of ``pid`` from /proc/<pid>/task/*/children, or None where the
    kernel does not offer that file (CONFIG_PROC_CHILDREN off)."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    kids: list[int] = []
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                kids.extend(int(x) for x in fh.read().split())
        except FileNotFoundError:
            if not os.path.exists(f"/proc/{pid}/task/{task}"):
                continue  # the thread ended meanwhile
            return None
        except OSError:
            continue
    return kids


def _parent_map() -> dict[int, list[int]]:
    """ppid → child pids, from every /proc/<pid>/stat (the fallback without ``children``)."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'
        fields = stat[stat.rfind(b")") + 2:].split()
        if len(fields) > 1:
            tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def process_tree(root: int) -> list[int]:
    """``root`` and all its descendants that are alive now."""
    parents = None
    seen: list[int] = []
    stack = [root]
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.append(pid)
        kids = _proc_children(pid) if parents is None else None
        if kids is None:
            if parents is None:
                parents = _parent_map()
            kids = parents.get(pid, [])
        stack.extend(kids)
    return seen


def pss_kib(pid: int) -> int:
    """The Proportional Set Size of one process (KiB): each page shared by n processes counts
    1/n, so summing over processes that share pages copy-on-write counts every page once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:  # ended meanwhile, or a zombie
        pass
    return 0


class TreePssSampler:
    """Sample, every ``interval`` seconds, the sum of PSS over a process and all its descendants;
    keep the peak (MB) and how many processes the tree held then."""

    #: reading smaps_rollup walks the page tables: ~25 ms per GB-sized process, ~0.1 s for the
    #: build's tree at 1M triples; at 0.2 s that took half a core from the build being timed
    INTERVAL = 2.0

    def __init__(self, pid: int, interval: float = INTERVAL):
        import threading

        self.pid = pid
        self.interval = interval
        self.peak_mb = 0.0
        self.peak_procs = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="tree-pss", daemon=True)

    def sample(self) -> None:
        pids = process_tree(self.pid)
        total_mb = sum(pss_kib(p) for p in pids) / 1024
        self.samples += 1
        if total_mb > self.peak_mb:
            self.peak_mb, self.peak_procs = total_mb, len(pids)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def __enter__(self) -> "TreePssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def settle() -> float:
    """Before a timed run: write back what the previous run left in the page cache (its
    writeback would otherwise take CPU from this run), then time a fixed pure-Python loop.

    The loop is the machine's speed at that moment: on this VM the same loop took 1.7-3.4 s
    within an hour, and every timing moves with it; the table reports it next to the builds."""
    os.sync()
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


@dataclass
class BuildRun:
    """One timed build: wall seconds, the build process's own peak RSS (MB), the peak summed PSS
    of its process tree (MB), the CPU seconds of the whole tree (user + system, workers and
    validator included: the command reaps them before it ends) and its stages (seconds, as the
    build's BuildListener reported them on the command line: ``✓ name  ms``)."""

    seconds: float
    peak_mb: float
    tree_mb: float
    cpu_s: float
    stages: dict[str, float]


STAGES = ("load", "anchor", "sort", "describe", "index", "validate", "output")


def run_build(project: Path, out: Path, src: Path | None = None, cpus: str | None = None) -> BuildRun:
    """Time the full build in a child (``python -m dialoggraph build``), with the code of ``src``
    (a ``src`` folder put first on PYTHONPATH; default: this checkout's) and, with ``cpus``,
    pinned to those CPUs (``taskset -c CPUS``: the build sees only them, and sizes its worker
    pool by them). The tree's PSS is sampled every 2 s (shared copy-on-write pages count once)."""
    cmd = [sys.executable, "-m", "dialoggraph", "build", "--project", str(project), "--out", str(out)]
    if cpus is not None:
        cmd = ["taskset", "-c", cpus] + cmd
    env = {**os.environ, "DIALOGGRAPH_PROGRESS": "0", "PYTHONPATH": str(src or REPO / "src")}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as stdout:
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env, cwd=tempfile.gettempdir())
        with TreePssSampler(proc.pid) as sampler:
            # Wait for the exit without reaping, so the sampler never reads a recycled pid.
            os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOWAIT)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        stdout.seek(0)
        text = stdout.read().decode("utf-8", "replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"dialoggraph build failed ({proc.returncode}):\n{proc.stderr.read().decode()[-3000:]}")
    stages: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith("✓"):
            name, ms = line[1:].split()[:2]
            stages[name] = stages.get(name, 0.0) + float(ms) / 1000
    # wait4's usage of a child covers the children it reaped (workers, validator): the tree's CPU
    return BuildRun(seconds, usage.ru_maxrss / 1024, sampler.peak_mb, usage.ru_utime + usage.ru_stime, stages)


def run_baseline(project: Path, out: Path) -> tuple[float, dict[str, float]]:
    cmd = [sys.executable, str(HERE / "baseline.py"), "--project", str(project), "--out", str(out)]
    seconds, _rss, stdout = timed_process(cmd)
    stages = {}
    for line in stdout.splitlines():
        key, _, value = line.partition("=")
        try:
            stages[key] = float(value)
        except ValueError:
            pass
    return seconds, stages


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def bench_queries(site: Path, queries_dir: Path, base_iri: str,
                  repeat: int) -> tuple[float, dict[str, tuple[float, float]]]:
    """Seconds to load the embedded store from the site (dataset.nt + void.ttl, in memory), and
    p50/p95 seconds of each named query run with its default parameters."""
    from dialoggraph.query.library import load_library
    from dialoggraph.query.store import EmbeddedStore

    t = time.perf_counter()
    store = EmbeddedStore.from_site(site)
    load_s = time.perf_counter() - t
    out = {}
    for name, query in sorted(load_library(queries_dir).items()):
        try:
            text = query.text(base_iri)
        except Exception:  # a parameter without default: not runnable unattended
            continue
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            store.query(text)
            times.append(time.perf_counter() - t)
        out[name] = (percentile(times, 0.5), percentile(times, 0.95))
    return load_s, out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_oxigraph(location: Path) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=1)
            return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("oxigraph server did not start")


def _changed_site(site: Path, out: Path, every: int = 200) -> int:
    """A copy of ``site``'s dataset.nt and void.ttl with every ``every``-th line (without blank
    nodes) removed and as many new triples added: a new version with ~1 % changed. Returns the
    number of triples changed each way."""
    out.mkdir(parents=True, exist_ok=True)
    removed = 0
    with (site / "dataset.nt").open("rb") as src, (out / "dataset.nt").open("wb") as dst:
        for i, line in enumerate(src):
            if i % every == every - 1 and b"_:" not in line:
                removed += 1
                continue
            dst.write(line)
        for i in range(removed):
            dst.write(b'<urn:bench:added/%d> <http://www.w3.org/2000/01/rdf-schema#label> "added %d" .\n' % (i, i))
    shutil.copyfile(site / "void.ttl", out / "void.ttl")  # as many lines as before: void:triples holds
    return removed


def _run_publish(project: Path, url: str, site: Path | None) -> tuple[float, str, dict[str, float]]:
    """One ``dialoggraph publish`` in its own process: wall seconds, strategy, step seconds."""
    cmd = [sys.executable, "-m", "dialoggraph", "publish", "--project", str(project),
           "--query-endpoint", url + "/query", "--update-endpoint", url + "/update",
           "--gsp-endpoint", url + "/store", "--graph", "https://example.org/bench",
           # Oxigraph takes large operations; the default (1000, sized for Virtuoso) would send
           # the ~1 % removals of the changed republish the fallback route
           "--chunk-size", "20000"]
    if site is not None:
        cmd += ["--from-site", str(site)]
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "COLUMNS": "400"})
    seconds = time.perf_counter() - t
    if out.returncode != 0:
        raise SystemExit(f"dialoggraph publish failed ({out.returncode}):\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
    steps: dict[str, float] = {}
    strategy = "?"
    for line in out.stdout.splitlines():
        if line.startswith("✓"):  # a stage before the upload (site check, or load/anchor/…/validate)
            name, ms = line[1:].split()[:2]
            key = "site" if name == "site" else "prepare"
            steps[key] = steps.get(key, 0.0) + float(ms) / 1000
        elif line.startswith("published") and "(" in line:
            strategy, _, rest = line.rsplit("(", 1)[1].partition(": ")
            for part in rest.split(";")[0].split(", "):
                name, value, _s = part.rsplit(" ", 2)
                steps[name] = float(value)
    return seconds, strategy, steps


def bench_publish(project: Path, site: Path, runs: int = 3) -> tuple[float, float]:
    """Median seconds of ``dialoggraph publish --from-site`` (a first publish into a fresh Oxigraph
    server) and of a plain POST of dataset.nt into another fresh server, over ``runs`` runs.

    Also printed (medians): the publish's steps; a republish of the same version and of a version
    with ~1 % of the triples changed, into the store that already holds the graph; and a publish
    without --from-site (load, anchor and validate the project again first)."""
    rows: dict[str, list[float]] = {}
    steps: dict[str, list[float]] = {}

    def note(name: str, seconds: float) -> None:
        rows.setdefault(name, []).append(seconds)

    with tempfile.TemporaryDirectory() as tmp:
        changed = Path(tmp) / "changed"
        n_changed = _changed_site(site, changed)
        for i in range(runs):
            server, url = start_oxigraph(Path(tmp) / f"a{i}")
            try:
                seconds, strategy, first = _run_publish(project, url, site)
                note(f"publish --from-site, empty store ({strategy})", seconds)
                for name, value in first.items():
                    steps.setdefault(name, []).append(value)
                seconds, strategy, _ = _run_publish(project, url, site)
                note(f"republish, unchanged ({strategy})", seconds)
                seconds, strategy, _ = _run_publish(project, url, changed)
                note(f"republish, {n_changed} removed + {n_changed} added ({strategy})", seconds)
            finally:
                server.kill()
                server.wait()
            server, url = start_oxigraph(Path(tmp) / f"b{i}")
            try:
                t = time.perf_counter()
                with (site / "dataset.nt").open("rb") as fh:
                    r = httpx.post(url + "/store", params={"graph": "https://example.org/bench"}, content=fh,
                                   headers={"Content-Type": "application/n-triples"}, timeout=600)
                    r.raise_for_status()
                note("plain upload (httpx POST of dataset.nt)", time.perf_counter() - t)
            finally:
                server.kill()
                server.wait()
            server, url = start_oxigraph(Path(tmp) / f"c{i}")
            try:
                seconds, strategy, _ = _run_publish(project, url, None)
                note(f"publish without --from-site, empty store ({strategy})", seconds)
            finally:
                server.kill()
                server.wait()
            console.print(f"publish run {i + 1}: " + ", ".join(f"{k} {v[-1]:.1f} s" for k, v in rows.items())
                          + f" (load average {os.getloadavg()[0]:.2f})")
            shutil.rmtree(Path(tmp) / f"a{i}", ignore_errors=True)
            shutil.rmtree(Path(tmp) / f"b{i}", ignore_errors=True)
            shutil.rmtree(Path(tmp) / f"c{i}", ignore_errors=True)
    table = Table(title=f"publish, median of {runs} run(s)")
    table.add_column("measure")
    table.add_column("seconds", justify="right")
    for name, values in rows.items():
        table.add_row(name, f"{statistics.median(values):.2f}")
    for name, values in steps.items():
        table.add_row(f"  step {name} (first publish)", f"{statistics.median(values):.2f}")
    console.print(table)
    ours = statistics.median(next(v for k, v in rows.items() if k.startswith("publish --from-site")))
    plain = statistics.median(rows["plain upload (httpx POST of dataset.nt)"])
    return ours, plain


def generated_project(triples: int, seed: int) -> tuple[Path, Path]:
    """The generated project of that size and seed (bench/generate.py, made once and kept under
    bench/out/) and the folder the runs write into."""
    work = HERE / "out" / f"{triples}-{seed}"
    project = work / "project"
    if not (project / "pyproject.toml").is_file():
        console.print(f"generating {triples} triples into {project} …")
        subprocess.run([sys.executable, str(HERE / "generate.py"), "--triples", str(triples),
                        "--seed", str(seed), "--out", str(project)], check=True)
    return project, work


class Outputs:
    """Each timed run writes into a folder of its own, and nothing is deleted until every run
    is done: replacing a site deletes the old tree, a disk-bound cost of its own; and on ext4
    without a journal (this machine's disk) creating files within minutes of deleting many makes
    the kernel skip each recently freed inode (``recently_deleted``): builds right after a
    deletion took 50-100 s instead of 60 s. Earlier outputs are moved aside (a rename) and
    deleted by :meth:`clear`, when nothing is timed any more."""

    def __init__(self, work: Path):
        self.work = work
        self.trash = work / ".trash"
        self.trash.mkdir(parents=True, exist_ok=True)
        for old in [*work.glob("site*"), *work.glob("baseline*"), *work.glob("run-*"), *work.glob(".*.cache")]:
            self.discard(old)

    def discard(self, path: Path) -> None:
        """Move ``path`` aside, and the incremental cache beside it (a build that finds one
        records what its pages read: a timed build must start from nothing)."""
        for p in (path, path.parent / f".{path.name}.cache"):
            if p.exists():
                p.rename(self.trash / f"{p.name}-{time.time_ns()}")

    def clear(self) -> None:
        shutil.rmtree(self.trash, ignore_errors=True)


@contextmanager
def checkout(ref: str):
    """The ``src`` folder of a ``git worktree`` of ``ref`` (detached, in a temporary folder),
    removed again on the way out. The builds run it with this interpreter and PYTHONPATH; the
    import is checked to come from there (the editable install of this checkout would
    otherwise answer)."""
    tmp = Path(tempfile.mkdtemp(prefix="dg-compare-"))
    tree = tmp / "code"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet", str(tree), ref], check=True)
    try:
        src = tree / "src"
        found = subprocess.run([sys.executable, "-c", "import dialoggraph; print(dialoggraph.__file__)"],
                               env={**os.environ, "PYTHONPATH": str(src)}, capture_output=True, text=True,
                               cwd=tempfile.gettempdir())
        if not found.stdout.startswith(str(src)):
            raise SystemExit(f"the code of {ref} does not import from {src}: {found.stdout}{found.stderr}")
        yield src
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=False)
        shutil.rmtree(tmp, ignore_errors=True)
        subprocess.run(["git", "-C", str(REPO), "worktree", "prune"], check=False)


def describe_commit(ref: str) -> str:
    out = subprocess.run(["git", "-C", str(REPO), "log", "-1", "--format=%h %s", ref], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return out.stdout.strip()[:70] + (" (with uncommitted changes)" if dirty and ref == "HEAD" else "")


def timed_build(label: str, project: Path, out: Path, src: Path | None = None, cpus: str | None = None) -> BuildRun:
    """One build after :func:`settle`, printed with the machine's state before it."""
    probe = settle()
    load = os.getloadavg()[0]
    run = run_build(project, out, src, cpus)
    stages = " ".join(f"{k} {v:.1f}" for k, v in run.stages.items())
    console.print(f"{label}: {run.seconds:.2f} s, CPU {run.cpu_s:.1f} s, tree PSS {run.tree_mb:.0f} MB, "
                  f"own peak {run.peak_mb:.0f} MB ({stages}; probe {probe:.2f} s, load {load:.2f})")
    return run


def stage_table(title: str, columns: dict[str, list[BuildRun]]) -> Table:
    """Medians per column: the build, its CPU, memory and every stage (with its share of the
    build's wall time)."""
    table = Table(title=title)
    table.add_column("median")
    for name in columns:
        table.add_column(name, justify="right")
    med = {name: statistics.median(r.seconds for r in runs) for name, runs in columns.items()}
    table.add_row("build (s)", *(f"{med[n]:.2f}" for n in columns))
    table.add_row("  each run (s)", *(" · ".join(f"{r.seconds:.1f}" for r in runs) for runs in columns.values()))
    table.add_row("CPU, whole tree (s)", *(f"{statistics.median(r.cpu_s for r in runs):.1f}" for runs in columns.values()))
    table.add_row("tree peak PSS (MB)", *(f"{statistics.median(r.tree_mb for r in runs):.0f}" for runs in columns.values()))
    table.add_row("own peak RSS (MB)", *(f"{statistics.median(r.peak_mb for r in runs):.0f}" for runs in columns.values()))
    names = [s for s in STAGES if any(s in r.stages for runs in columns.values() for r in runs)]
    names += sorted({s for runs in columns.values() for r in runs for s in r.stages} - set(names))
    for stage in names:
        cells = []
        for name, runs in columns.items():
            values = [r.stages[stage] for r in runs if stage in r.stages]
            if values:
                m = statistics.median(values)
                cells.append(f"{m:.2f} ({100 * m / med[name]:.0f} %)")
            else:
                cells.append("–")
        table.add_row(f"  stage {stage} (s, share)", *cells)
    return table


def compare(project: Path, work: Path, ref: str, runs: int, cpus: str | None) -> str:
    """Build ``project`` with this checkout's code (A) and with the code of ``ref`` (B), in
    alternation A B A B …, so the VM's drift hits both alike; the medians and their ratio."""
    outputs = Outputs(work)
    here, there = describe_commit("HEAD"), describe_commit(ref)
    console.print(f"A = this checkout ({here})\nB = {ref} ({there})")
    a_runs: list[BuildRun] = []
    b_runs: list[BuildRun] = []
    try:
        with checkout(ref) as ref_src:
            for i in range(runs):
                a_runs.append(timed_build(f"run {i + 1} A", project, work / f"run-{i + 1}-a", None, cpus))
                b_runs.append(timed_build(f"run {i + 1} B", project, work / f"run-{i + 1}-b", ref_src, cpus))
    finally:
        for i in range(runs):
            outputs.discard(work / f"run-{i + 1}-a")
            outputs.discard(work / f"run-{i + 1}-b")
    a = statistics.median(r.seconds for r in a_runs)
    b = statistics.median(r.seconds for r in b_runs)
    console.print(stage_table(f"A (this checkout) against B ({ref}), alternating, {runs} run(s) each",
                              {"A": a_runs, f"B {ref}": b_runs}))
    line = (f"compare ref={ref} a_s={a:.2f} b_s={b:.2f} speedup={b / a:.2f} "
            f"a_tree_pss_mb={statistics.median(r.tree_mb for r in a_runs):.0f} "
            f"b_tree_pss_mb={statistics.median(r.tree_mb for r in b_runs):.0f}")
    print(line, flush=True)
    outputs.clear()  # after the figures: deleting six big sites takes minutes on this disk
    return line


def serial_fraction(project: Path, work: Path, runs: int) -> str:
    """Builds pinned to one CPU (``taskset -c 0``) and to two (``taskset -c 0,1``), alternating.

    With T1 and T2 the medians on one and two CPUs, Amdahl's law T(n) = T1 · (s + (1 − s) / n)
    gives the serial fraction s = 2 · T2 / T1 − 1: the share of the one-CPU time that a second
    CPU does not shorten (0 = halved, 1 = no faster). On one CPU the build has no worker and
    validates in its own process first, as it would on a one-CPU machine."""
    outputs = Outputs(work)
    one: list[BuildRun] = []
    two: list[BuildRun] = []
    try:
        for i in range(runs):
            one.append(timed_build(f"run {i + 1} on CPU 0", project, work / f"run-{i + 1}-1cpu", cpus="0"))
            two.append(timed_build(f"run {i + 1} on CPUs 0,1", project, work / f"run-{i + 1}-2cpu", cpus="0,1"))
    finally:
        for i in range(runs):
            outputs.discard(work / f"run-{i + 1}-1cpu")
            outputs.discard(work / f"run-{i + 1}-2cpu")
    t1 = statistics.median(r.seconds for r in one)
    t2 = statistics.median(r.seconds for r in two)
    s = 2 * t2 / t1 - 1
    console.print(stage_table(f"one CPU against two, {runs} run(s) each", {"1 CPU": one, "2 CPUs": two}))
    line = f"serial t1_s={t1:.2f} t2_s={t2:.2f} speedup={t1 / t2:.2f} serial_fraction={s:.2f}"
    print(line, flush=True)
    outputs.clear()
    return line


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, required=True)
    ap.add_argument("--runs", type=int, default=1, help="repetitions; medians are reported")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--no-publish", action="store_true")
    ap.add_argument("--no-queries", action="store_true")
    ap.add_argument("--query-repeat", type=int, default=0, help="runs per named query (default by size)")
    ap.add_argument("--compare", metavar="REF", help="only builds: this checkout against the code of REF (a git "
                                                     "commit), alternating, medians and their ratio")
    ap.add_argument("--serial", action="store_true", help="only builds: pinned to one CPU and to two (taskset), "
                                                          "alternating, and the serial fraction")
    ap.add_argument("--cpus", help="with --compare: pin every build to these CPUs (taskset -c)")
    args = ap.parse_args(argv)

    project, work = generated_project(args.triples, args.seed)
    if args.compare or args.serial:
        if args.compare:
            compare(project, work, args.compare, args.runs, args.cpus)
        if args.serial:
            serial_fraction(project, work, args.runs)
        return

    from dialoggraph.config import load_settings
    settings = load_settings(project)

    outputs = Outputs(work)
    builds: list[BuildRun] = []
    baselines, baseline_stages, probes = [], [], []
    for i in range(args.runs):
        site = work / f"site-{i + 1}"
        builds.append(timed_build(f"run {i + 1}", project, site))
        if not args.no_baseline:
            settle()
            seconds, stages = run_baseline(project, work / f"baseline-{i + 1}")
            baselines.append(seconds)
            baseline_stages.append(stages)
            console.print(f"run {i + 1}: baseline {seconds:.2f} s {stages}")
    for out in [*(work / f"site-{i}" for i in range(1, args.runs)), *work.glob("baseline-*")]:
        outputs.discard(out)
    (work / f"site-{args.runs}").rename(work / "site")
    site = work / "site"
    triples = sum(1 for _ in (site / "dataset.nt").open("rb"))

    queries, store_load_s = {}, float("nan")
    if not args.no_queries:
        repeat = args.query_repeat or (50 if triples < 200_000 else 10)
        queries_dir = settings.queries_dir if settings.queries_dir.is_dir() else REPO / "queries"
        store_load_s, queries = bench_queries(site, queries_dir, settings.base_iri, repeat)

    publish = None
    if not args.no_publish:
        publish = bench_publish(project, site)
    outputs.clear()  # the earlier outputs, now that nothing is timed

    build_s = statistics.median(r.seconds for r in builds)
    peak = statistics.median(r.peak_mb for r in builds)
    tree = statistics.median(r.tree_mb for r in builds)
    baseline_s = statistics.median(baselines) if baselines else float("nan")
    console.print(stage_table(f"dialoggraph build at {triples} triples ({describe_commit('HEAD')})", {"build": builds}))
    table = Table(title=f"dialoggraph at {triples} triples — {platform.processor() or platform.machine()}, "
                        f"{os.cpu_count()} cores, median of {args.runs} run(s)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("dialoggraph build (full, s)", f"{build_s:.2f}")
    table.add_row("build tree peak PSS per million triples (MB)", f"{tree / triples * 1e6:.0f}")
    if baselines:
        table.add_row("baseline (s)", f"{baseline_s:.2f}")
        for stage in ("parse", "validate", "serialize", "pages"):
            table.add_row(f"  baseline {stage} (s)", f"{statistics.median(s.get(stage, 0) for s in baseline_stages):.2f}")
        table.add_row("ratio baseline/build", f"{baseline_s / build_s:.2f}")
    worst = max(queries.items(), key=lambda kv: kv[1][1]) if queries else None
    if queries:
        table.add_row("query store load (s)", f"{store_load_s:.2f}")
    for name, (p50, p95) in queries.items():
        table.add_row(f"query {name} p50/p95 (ms)", f"{p50 * 1000:.1f} / {p95 * 1000:.1f}")
    if publish:
        table.add_row("publish (s) / plain upload (s)", f"{publish[0]:.2f} / {publish[1]:.2f}")
    console.print(table)
    last = (f"triples={triples} build_s={build_s:.2f} baseline_s={baseline_s:.2f} "
            f"ratio={baseline_s / build_s:.2f} peak_mb={peak:.0f}")
    if worst:
        last += f" query_p95_max_ms={worst[1][1] * 1000:.1f}"
    if publish:
        last += f" publish_s={publish[0]:.2f} plain_upload_s={publish[1]:.2f} publish_ratio={publish[0] / publish[1]:.2f}"
    last += (f" tree_pss_mb={tree:.0f} tree_pss_mb_per_m={tree / triples * 1e6:.0f} store_load_s={store_load_s:.2f}"
             f" cpu_s={statistics.median(r.cpu_s for r in builds):.1f}")
    last += "".join(f" {s}_s={statistics.median(r.stages[s] for r in builds if s in r.stages):.2f}"
                    for s in STAGES if any(s in r.stages for r in builds))
    print(last)


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""A one-file edit, rebuilt incrementally, on a generated project (issue #17: at most 15 s at 1M).

    python bench/incremental.py --triples 1000000 --seed 1 --runs 3
    python bench/incremental.py --triples 100000 --runs 3 --verify     # and compare with a clean build

On a copy of the generated project (bench/generate.py, cached under bench/out/), it builds once
in full (timed: the reference), then, run after run, changes one label in one data file (a
forum's first ``schema:name``) and times ``dialoggraph build`` in its own process: the
incremental rebuild, with its stages (the ``✓ stage ms`` lines), what it wrote (``incremental:
N of M pages``), the CPU of its process tree (and the kernel's share, ``cpu-sys``); then once
more without an edit (up to date). Before each timed run it waits until the machine is quiet (1-minute load average at most
``--max-load``; several people share these cores) and records the load it ran at. ``--verify``
builds the final state clean into a folder of its own and compares every file.

``--compare REF`` runs the same edits with the code of REF too (a ``git worktree`` of REF, as in
``run.py --compare``), on a copy of the project and an output of its own: the clean builds, then
edit by edit both codes, alternating which goes first, so that the VM's drift (±30 % from hour to
hour) falls on both. It prints both medians and their ratio.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import REPO, checkout, describe_commit, generated_project, settle  # noqa: E402


def wait_quiet(max_load: float, patience: float) -> float:
    """Wait (up to ``patience`` seconds) for the 1-minute load average to fall to ``max_load``."""
    deadline = time.monotonic() + patience
    while os.getloadavg()[0] > max_load and time.monotonic() < deadline:
        time.sleep(15)
    return os.getloadavg()[0]


def timed(project: Path, out: Path, *extra: str, src: Path | None = None
          ) -> tuple[float, float, dict[str, float], list[str]]:
    """``dialoggraph build`` in a child (with ``src`` first on PYTHONPATH: another checkout's
    code): wall seconds, CPU of its tree, stages, its notes."""
    cmd = [sys.executable, "-m", "dialoggraph", "build", "--project", str(project), "--out", str(out), *extra]
    env = {**os.environ, "DIALOGGRAPH_PROGRESS": "0"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as stdout:
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, env=env, cwd=tempfile.gettempdir())
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        stdout.seek(0)
        text = stdout.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed:\n{proc.stderr.read().decode()[-3000:]}")
    stages, notes = {}, []
    for line in text.splitlines():
        if line.startswith("✓"):
            name, ms = line[1:].split()[:2]
            stages[name] = stages.get(name, 0.0) + float(ms) / 1000
        elif line.startswith("  ") and ":" in line and not line.startswith("   "):
            notes.append(line.strip())
    stages["cpu-sys"] = usage.ru_stime  # the kernel's share of the CPU (file system work)
    return seconds, usage.ru_utime + usage.ru_stime, stages, notes


def edit_one_file(project: Path, run: int) -> str:
    """Change the first ``schema:name`` of the middle forum file; the file's name."""
    forums = sorted((project / "data").glob("forum-*.ttl"))
    path = forums[len(forums) // 2]
    text = path.read_text(encoding="utf-8")
    m = re.search(r'schema:name "([^"]+)"', text)
    name = re.sub(r" \(\d+\)$", "", m.group(1))
    path.write_text(text[:m.start(1)] + f"{name} ({run})" + text[m.end(1):], encoding="utf-8")
    return str(path.relative_to(project))


def same_tree(a: Path, b: Path) -> list[str]:
    files = lambda root: sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())  # noqa: E731
    fa, fb = files(a), files(b)
    if fa != fb:
        return sorted(set(fa) ^ set(fb))[:10]
    return [n for n in fa if (a / n).read_bytes() != (b / n).read_bytes()][:10]


def show(label: str, seconds: float, cpu: float, stages: dict[str, float], notes: list[str], load: float,
         probe: float) -> None:
    parts = " ".join(f"{k} {v:.2f}" for k, v in stages.items())
    print(f"{label}: {seconds:.2f} s, CPU {cpu:.1f} s ({parts}) {' | '.join(notes)} "
          f"[load {load:.2f}, probe {probe:.2f} s]", flush=True)


def compare(source: Path, bench: Path, ref: str, runs: int, max_load: float, patience: float) -> None:
    """The same edits, rebuilt by this checkout's code (A) and by REF's (B), alternating."""
    with checkout(ref) as src:
        codes = {"A": REPO / "src", "B": src}  # A: the code beside this script, whoever runs it
        projects = {k: bench / f"project-{k}" for k in codes}
        outs = {k: bench / f"site-{k}" for k in codes}
        for k in codes:
            shutil.copytree(source, projects[k])
        print(f"A: {describe_commit('HEAD')}\nB: {describe_commit(ref)}", flush=True)
        for k in codes:
            load = wait_quiet(max_load, patience)
            probe = settle()
            show(f"{k} clean build (recording)", *timed(projects[k], outs[k], "--record", src=codes[k]), load, probe)
        walls: dict[str, list[float]] = {k: [] for k in codes}
        for run in range(1, runs + 1):
            order = "AB" if run % 2 else "BA"
            for k in order:
                name = edit_one_file(projects[k], run)
                load = wait_quiet(max_load, patience)
                probe = settle()
                result = timed(projects[k], outs[k], src=codes[k])
                show(f"{k} edit {run} ({name})", *result, load, probe)
                walls[k].append(result[0])
    a, b = statistics.median(walls["A"]), statistics.median(walls["B"])
    print(f"compare ref={ref} a_edit_s={a:.2f} b_edit_s={b:.2f} ratio_b_over_a={b / a:.2f} "
          f"a_runs={','.join(f'{w:.2f}' for w in walls['A'])} b_runs={','.join(f'{w:.2f}' for w in walls['B'])}",
          flush=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--max-load", type=float, default=0.5)
    ap.add_argument("--patience", type=float, default=1800, help="seconds to wait for a quiet machine")
    ap.add_argument("--verify", action="store_true", help="compare the last state with a clean build")
    ap.add_argument("--compare", metavar="REF", help="the same edits with the code of REF too, alternating")
    args = ap.parse_args(argv)
    source, work = generated_project(args.triples, args.seed)
    bench = work / "incremental"
    shutil.rmtree(bench, ignore_errors=True)
    if args.compare:
        compare(source, bench, args.compare, args.runs, args.max_load, args.patience)
        return
    project = bench / "project"
    shutil.copytree(source, project)
    out = bench / "site"
    print(f"{describe_commit('HEAD')} · {args.triples} triples (seed {args.seed}) · {os.cpu_count()} CPUs", flush=True)
    load = wait_quiet(args.max_load, args.patience)
    probe = settle()
    seconds, cpu, stages, notes = timed(project, out, "--record")  # a curator's first build records
    show("clean build (recording)", seconds, cpu, stages, notes, load, probe)
    edits = []
    for run in range(1, args.runs + 1):
        name = edit_one_file(project, run)
        load = wait_quiet(args.max_load, args.patience)
        probe = settle()
        result = timed(project, out)
        show(f"edit {run} ({name})", *result, load, probe)
        edits.append(result)
    load = wait_quiet(args.max_load, args.patience)
    probe = settle()
    up = timed(project, out)
    show("unchanged", *up, load, probe)
    walls = [e[0] for e in edits]
    keys = sorted({k for e in edits for k in e[2]}, key=list(edits[0][2]).index)
    median_stages = " ".join(f"{k}={statistics.median(e[2].get(k, 0.0) for e in edits):.2f}" for k in keys)
    print(f"triples={args.triples} clean_s={seconds:.2f} edit_s={statistics.median(walls):.2f} "
          f"edit_runs={','.join(f'{w:.2f}' for w in walls)} edit_cpu_s={statistics.median(e[1] for e in edits):.1f} "
          f"up_to_date_s={up[0]:.2f} {median_stages}", flush=True)
    if args.verify:
        clean = bench / "clean"
        timed(project, clean, "--clean")
        different = same_tree(out, clean)
        print("verify: " + ("the same bytes as a clean build" if not different else f"DIFFERENT: {different}"))
        if different:
            raise SystemExit(1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Where a build's memory is, over time: every second, the PSS and private (dirty) memory of each
process of the build's tree, beside the stage lines the build prints.

    python bench/memwatch.py PROJECT OUT [NAME=VALUE …]   # extra environment, e.g. DIALOGGRAPH_WORKERS=3

Each line: seconds since the start, the tree's summed PSS, then ``[pid pss … priv …]`` per
process (``*`` marks the build's own). The last line is the peak. PSS counts a page shared by n
processes 1/n, so the sum counts every page once; a forked process's private memory is what it
has copied or made since the fork.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import process_tree  # noqa: E402


def rollup(pid: int) -> dict[str, int]:
    out = {}
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                if key in ("Pss", "Private_Dirty"):
                    out[key] = int(value.split()[0]) // 1024
    except OSError:
        pass
    return out


def main() -> None:
    project, out, *extra = sys.argv[1:]
    env = {**os.environ, "DIALOGGRAPH_PROGRESS": "0", **dict(kv.split("=", 1) for kv in extra)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "dialoggraph", "build", "--project", project, "--out", out],
                            stdout=subprocess.PIPE, env=env, text=True)

    def echo() -> None:
        for line in proc.stdout:
            print(f"{time.perf_counter() - start:7.1f} {line.rstrip()}", flush=True)
    threading.Thread(target=echo, daemon=True).start()
    peak = 0
    while proc.poll() is None:
        rows = [(pid, rollup(pid)) for pid in process_tree(proc.pid)]
        total = sum(r.get("Pss", 0) for _, r in rows)
        peak = max(peak, total)
        each = " ".join(f"[{pid}{'*' if pid == proc.pid else ''} pss {r.get('Pss', 0)} priv {r.get('Private_Dirty', 0)}]"
                        for pid, r in rows)
        print(f"{time.perf_counter() - start:7.1f} total {total} MB {each}", flush=True)
        time.sleep(1)
    print(f"peak {peak} MB")


if __name__ == "__main__":
    main()

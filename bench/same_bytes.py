#!/usr/bin/env python
"""Do two versions of the code write the same site? Builds a project with the code of REF and
with this checkout's, and compares every file, byte for byte.

    python bench/same_bytes.py 2261440                    # our data
    python bench/same_bytes.py HEAD~3 --triples 10000     # a generated 10k project
    python bench/same_bytes.py main --project examples/stadtbaeume-ulmenstedt

The check a refactoring promises ("same bytes"), run before it lands; intended differences are
listed by name, the rest is an error (exit 1). REF's code runs from a ``git worktree`` with this
interpreter (as ``run.py --compare`` does), so both versions need the same installed packages.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import checkout, generated_project  # noqa: E402


def build(project: Path, out: Path, src: Path | None) -> None:
    env = dict(os.environ, DIALOGGRAPH_PROGRESS="0")
    if src is not None:
        env["PYTHONPATH"] = str(src)
    done = subprocess.run([sys.executable, "-m", "dialoggraph", "build", "--project", str(project), "--out", str(out)],
                          env=env, capture_output=True, text=True, cwd=tempfile.gettempdir())
    if done.returncode != 0:
        raise SystemExit(f"the build failed ({'REF' if src else 'this checkout'}):\n{done.stdout}{done.stderr}")


def differences(a: Path, b: Path) -> list[str]:
    """Relative paths that differ, or exist on one side only."""
    out = []
    files_a = {str(p.relative_to(a)) for p in a.rglob("*") if p.is_file()}
    files_b = {str(p.relative_to(b)) for p in b.rglob("*") if p.is_file()}
    out += [f"only in REF: {name}" for name in sorted(files_a - files_b)]
    out += [f"only here: {name}" for name in sorted(files_b - files_a)]
    out += [f"differs: {name}" for name in sorted(files_a & files_b)
            if not filecmp.cmp(a / name, b / name, shallow=False)]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ref", help="the other version (a commit, a branch)")
    parser.add_argument("--project", type=Path, default=HERE.parent)
    parser.add_argument("--triples", type=int, help="instead of --project: a generated project of this size")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    project = generated_project(args.triples, args.seed)[0] if args.triples else args.project.resolve()
    with tempfile.TemporaryDirectory(prefix="dg-same-bytes-") as tmp:
        with checkout(args.ref) as ref_src:
            build(project, Path(tmp) / "ref", ref_src)
        build(project, Path(tmp) / "here", None)
        found = differences(Path(tmp) / "ref", Path(tmp) / "here")
        files = sum(1 for p in (Path(tmp) / "here").rglob("*") if p.is_file())
    for line in found:
        print(line)
    print(f"{project}: {files} files, {len(found)} difference(s) between {args.ref} and this checkout")
    raise SystemExit(1 if found else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python
"""Instructions, not seconds: what the page index, the entity pages and their descriptions cost,
counted by valgrind's callgrind — the same count for the same code and data on every run, however
busy the machine. The 2-core VM's speed drifts by a third within an hour (bench/README.md), so a
change of a few per cent in these phases never shows in timed builds; here it does.

    python bench/instructions.py                          # this checkout, a generated 30k project
    python bench/instructions.py --compare 7e6f99a        # this checkout against the code of REF
    python bench/instructions.py --triples 100000 --pages 2000

Each side builds the project once under ``valgrind --tool=callgrind --instr-atstart=no`` (nothing
is counted while it loads, anchors, validates and writes), with ``PYTHONHASHSEED=0`` and one
process (``DIALOGGRAPH_WORKERS=1``). Counting is switched on (``callgrind_control -i on``) only
around each phase, and the counts of each phase are dumped on their own (``callgrind_control
-d``):

* ``index``: ``Site(…)``, the page index and the links (:class:`dialoggraph.site.site.Site`);
* ``entity pages``: the HTML of the first ``--pages`` entity pages, in path order, in memory
  (``EntityPages.html``), after the build — every page once, caches as a worker starts with them;
* ``descriptions``: their Turtle and JSON-LD files (``Descriptions.write``), into a scratch folder.

The pages' HTML is hashed on both sides: a comparison says whether the two versions wrote the
same pages. Needs valgrind (Debian's ``valgrind``); about a minute per side at 30k.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

PHASES = ("index", "entity pages", "descriptions")


# ---------------------------------------------------------------------- inside valgrind

def _counting(on: bool) -> None:
    subprocess.run(["callgrind_control", "-i", "on" if on else "off", str(os.getpid())],
                   check=True, capture_output=True)


def _dump(phase: str) -> None:
    subprocess.run(["callgrind_control", "-d", phase, str(os.getpid())], check=True, capture_output=True)


def child(project: Path, pages: int, scratch: Path) -> None:
    """Build ``project`` with counting off, counting each phase (see the module documentation)."""
    import gc

    try:
        import dialoggraph.build as build_module
        from dialoggraph.config import load_settings
        from dialoggraph.rdf.paths import page_file
        from dialoggraph.site.site import depth_prefix
    except ImportError as exc:  # a REF from before the stage packages (issue #7)
        raise SystemExit(f"this code has no stage packages to count ({exc}): compare with a commit "
                         "that has dialoggraph.build, dialoggraph.rdf and dialoggraph.site.site") from None

    class CountedSite(build_module.Site):
        def __init__(self, *args, **kwargs):
            _counting(True)
            try:
                super().__init__(*args, **kwargs)
            finally:
                _counting(False)
                _dump("index")

    build_module.Site = CountedSite
    keep: list = []
    build_module.build(load_settings(project), scratch / "site", keep=keep, clean=True, record=False)
    gc.freeze()  # as in the build's workers: the collector does not rescan the index
    site = keep[0]
    index = site.index
    paths = [dp for dp in sorted(index.pages) if dp][:pages]
    calls = []
    for dp in paths:
        file = page_file(dp)
        calls.append((dp, index.main_subject(dp), index.pages[dp], file, depth_prefix(file)))
    out = scratch / "descriptions"
    site.out, site.outs, site.descriptions.outs = out, str(out) + os.sep, str(out) + os.sep
    for dp in paths:
        (out / page_file(dp)).parent.mkdir(parents=True, exist_ok=True)
    _counting(True)
    html = [site.entities.html(*call) for call in calls]
    _counting(False)
    _dump("entity pages")
    _counting(True)
    for dp in paths:
        site.descriptions.write(dp, index.pages[dp])
    _counting(False)
    _dump("descriptions")
    digest = hashlib.sha256("\0".join(html).encode()).hexdigest()[:16]
    print(f"PAGES {len(paths)} {digest}", flush=True)


# ---------------------------------------------------------------------- outside

def count(project: Path, pages: int, src: Path | None) -> tuple[dict[str, int], int, str]:
    """(instructions per phase, pages, hash of their HTML) for the code in ``src`` (this
    checkout's when ``None``)."""
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("valgrind is needed (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory(prefix="dg-instructions-") as tmp:
        scratch = Path(tmp)
        env = dict(os.environ, PYTHONHASHSEED="0", DIALOGGRAPH_WORKERS="1", DIALOGGRAPH_PROGRESS="0")
        if src is not None:
            env["PYTHONPATH"] = str(src)
        cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no",
               f"--callgrind-out-file={scratch}/callgrind.out", sys.executable, __file__, "--child",
               str(project), "--pages", str(pages), "--scratch", str(scratch)]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=tmp)
        found = re.search(r"^PAGES (\d+) (\w+)$", done.stdout, re.M)
        if done.returncode != 0 or found is None:
            raise SystemExit(f"the counted build failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        counts = {}
        for dump in scratch.glob("callgrind.out*"):
            text = dump.read_text(errors="replace")
            trigger = re.search(r"^desc: Trigger: dump (.+)$", text, re.M)  # (callgrind_control -d NAME)
            total = re.search(r"^totals: (\d+)", text, re.M)
            if trigger and total and trigger.group(1).strip() in PHASES:
                counts[trigger.group(1).strip()] = int(total.group(1))
        missing = [p for p in PHASES if p not in counts]
        if missing:
            raise SystemExit(f"no counts for {', '.join(missing)} (callgrind dumps: "
                             f"{sorted(p.name for p in scratch.glob('callgrind.out*'))})")
        return counts, int(found.group(1)), found.group(2)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, default=30000, help="size of the generated project (default 30000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--project", type=Path, help="a project of your own instead of a generated one")
    ap.add_argument("--pages", type=int, default=1500, help="entity pages counted (the first N by path)")
    ap.add_argument("--compare", metavar="REF", help="also count the code of REF (a git commit) and compare")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--scratch", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        child(args.child, args.pages, args.scratch)
        return

    from rich.console import Console
    from rich.table import Table

    from run import checkout, describe_commit, generated_project

    console = Console()
    project = args.project.resolve() if args.project else generated_project(args.triples, args.seed)[0]
    console.print(f"counting {project} (first {args.pages} entity pages) with this checkout "
                  f"({describe_commit('HEAD')}) …")
    here, pages, digest = count(project, args.pages, None)
    there = None
    if args.compare:
        console.print(f"counting with {describe_commit(args.compare)} …")
        with checkout(args.compare) as src:
            there, pages_ref, digest_ref = count(project, args.pages, src)
    table = Table(title=f"instructions (callgrind), {pages} entity pages of {project.name}")
    table.add_column("phase")
    table.add_column("this checkout", justify="right")
    table.add_column("per page", justify="right")
    if there is not None:
        table.add_column(f"{args.compare}", justify="right")
        table.add_column("this / REF", justify="right")
    for phase in PHASES:
        row = [phase, f"{here[phase]:,}", f"{here[phase] / pages:,.0f}"]
        if there is not None:
            row += [f"{there[phase]:,}", f"{here[phase] / there[phase]:.3f}"]
        table.add_row(*row)
    console.print(table)
    console.print(f"entity pages' HTML: {digest}" + (
        "" if there is None else f" · REF: {digest_ref} ({'the same' if digest == digest_ref else 'DIFFERENT'})"))
    for phase in PHASES:  # one line per phase, for scripts and notes
        ratio = f" ref={there[phase]} ratio={here[phase] / there[phase]:.4f}" if there is not None else ""
        print(f"instructions phase={phase.replace(' ', '_')} here={here[phase]}{ratio}")


if __name__ == "__main__":
    main()

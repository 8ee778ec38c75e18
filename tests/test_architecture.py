"""The layout of ``src/dialoggraph`` as a rule the suite checks: packages per pipeline stage,
imports one way, no cycle, no module or class too large to read.

Every ``import`` counts, the ones inside functions too: a function-level import that reaches up
or round is the same dependency, only hidden. The allowed dependencies below are the design
(README, "The project"); a change that needs a new arrow changes this table on purpose.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "dialoggraph"

MODULE_LINES = 500
CLASS_LINES = 300

#: unit → the units it may import. A unit is a package (``site``) or a top-level module
#: (``build``). Lower stages never import higher ones; the library never imports the CLI, the
#: console, typer or rich.
ALLOWED: dict[str, set[str]] = {
    "config": {"rdf"},  # the profile's CURIEs are resolved with the project's prefixes
    "runtime": set(),
    "rdf": set(),
    "pipeline": {"config", "rdf", "runtime"},
    "query": {"config", "rdf"},
    "validation": {"config", "rdf"},
    "export": {"config", "rdf", "pipeline"},
    "site": {"config", "rdf", "pipeline", "export", "validation", "query"},
    "server": {"config", "rdf", "query", "export", "site"},
    "publish": {"config", "rdf", "query"},
    "incremental": {"config", "rdf", "pipeline", "export", "site"},
    "build": {"config", "runtime", "rdf", "pipeline", "validation", "export", "site", "incremental"},
    "scaffold": {"config"},
    "watch": {"config", "build"},
    "review": {"config", "rdf", "pipeline", "validation", "query", "build"},
    "console": {"config", "rdf", "pipeline", "query", "validation", "build", "review"},
    "cli": {"config", "runtime", "rdf", "pipeline", "validation", "export", "site", "server", "query", "publish",
            "build", "review", "scaffold", "watch", "console"},
    "__main__": {"cli"},
    "__init__": set(),
}

#: third-party packages only the command line may import
CLI_ONLY = {"typer", "rich"}


def modules() -> dict[str, Path]:
    """Dotted module name (``site.index``) → file, for every module of the package."""
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def unit_of(module: str) -> str:
    return module.split(".", 1)[0]


def imports_of(module: str, path: Path) -> list[tuple[str, int]]:
    """(imported module or package, line) for every import statement, nested ones included;
    names inside ``dialoggraph`` as dotted paths relative to it, others by their top name."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((_internal(alias.name) or "ext:" + alias.name.split(".")[0], node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1] if node.level > 1 else package
                target = ".".join(base + ([node.module] if node.module else []))
                if node.module is None:  # from . import x → the submodules x
                    found += [(f"{target}.{a.name}".strip("."), node.lineno) for a in node.names]
                else:
                    found.append((target, node.lineno))
            else:
                name = node.module or ""
                internal = _internal(name)
                if internal == "":  # from dialoggraph import x
                    found += [(a.name, node.lineno) for a in node.names]
                elif internal is not None:
                    found.append((internal, node.lineno))
                else:
                    found.append(("ext:" + name.split(".")[0], node.lineno))
    return found


def _internal(name: str) -> str | None:
    if name == "dialoggraph":
        return ""
    if name.startswith("dialoggraph."):
        return name[len("dialoggraph."):]
    return None


def resolve(target: str, known: dict[str, Path]) -> str | None:
    """The module an import names (a package's ``__init__`` or a module; ``from pkg import x``
    may name a module or a name inside the package)."""
    while target and target not in known:
        target = target.rsplit(".", 1)[0] if "." in target else ""
    return target or None


def graph() -> dict[str, set[str]]:
    known = modules()
    edges: dict[str, set[str]] = defaultdict(set)
    for module, path in known.items():
        for target, _line in imports_of(module, path):
            if target.startswith("ext:"):
                continue
            resolved = resolve(target, known)
            if resolved and resolved != module:
                edges[module].add(resolved)
    return edges


def test_no_module_imports_upward_or_sideways():
    known = modules()
    wrong = []
    for module, path in known.items():
        unit = unit_of(module)
        assert unit in ALLOWED, f"{module}: a new top-level unit; add it to ALLOWED with its place in the layout"
        for target, line in imports_of(module, path):
            if target.startswith("ext:"):
                if target[4:] in CLI_ONLY and unit not in ("cli", "console"):
                    wrong.append(f"{path.relative_to(SRC)}:{line}: imports {target[4:]} (only the command line may)")
                continue
            resolved = resolve(target, known)
            if resolved is None:
                continue
            other = unit_of(resolved)
            if other != unit and other not in ALLOWED[unit]:
                wrong.append(f"{path.relative_to(SRC)}:{line}: {unit} imports {resolved} ({other} is not below {unit})")
    assert not wrong, "imports against the layout:\n" + "\n".join(wrong)


def test_no_import_cycle():
    edges = graph()
    cycles = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" → ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(modules()):
        if node not in state:
            visit(node, [])
    assert not cycles, "import cycles (function-level imports count):\n" + "\n".join(cycles)


def test_modules_and_classes_stay_readable():
    too_big = []
    for module, path in modules().items():
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > MODULE_LINES:
            too_big.append(f"{path.relative_to(SRC)}: {lines} lines (limit {MODULE_LINES})")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                size = node.end_lineno - node.lineno + 1
                if size > CLASS_LINES:
                    too_big.append(f"{path.relative_to(SRC)}: class {node.name}: {size} lines (limit {CLASS_LINES})")
    assert not too_big, "too large to read at once:\n" + "\n".join(too_big)


@pytest.mark.parametrize("source, expected", [
    ("from .index import X", "site.index"),
    ("from . import markup", "site.markup"),
    ("from dialoggraph.rdf.paths import page_file", "rdf.paths"),
    ("def f():\n    from dialoggraph.build import build\n", "build"),
    ("import rich.console", "ext:rich"),
])
def test_the_checker_sees_every_kind_of_import(tmp_path, source, expected):
    """The rules above are only as good as the import reader: each form, nested ones too."""
    path = tmp_path / "render.py"
    path.write_text(source + "\n")
    assert expected in [t for t, _ in imports_of("site.render", path)]


def test_the_checker_finds_a_cycle(monkeypatch):
    this = sys.modules[__name__]
    monkeypatch.setattr(this, "graph", lambda: {"a": {"b"}, "b": {"a"}})
    monkeypatch.setattr(this, "modules", lambda: {"a": None, "b": None})
    with pytest.raises(AssertionError, match="a → b → a"):
        test_no_import_cycle()

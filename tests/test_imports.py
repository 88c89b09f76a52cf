"""The stages' import contract: no import cycle, and no module imports a later stage.

Order (README "How it works"): shared modules (errors, rules, rules_schemas, anchors, dataset, vocab) < ingest < layout <
structure < document (the Document and its slots) and settings < extract < stages/pipeline (the
stage registry and its runner) < normalise < worker < store < batch/distributed < api/cli.
Imports are read with `ast`, function-level ones included; those under `if TYPE_CHECKING:` are
left out (annotations only: the Document types its `records` slot, which extract fills).
"""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "extractor"
RANK = {"errors": 0, "rules": 0, "rules_schemas": 0, "anchors": 0, "dataset": 0, "vocab": 0, "ingest": 1, "layout": 2, "structure": 3,
        "document": 3.5, "settings": 3.5, "extract": 4, "stages": 4.5, "pipeline": 4.5, "normalise": 5, "worker": 5.5, "hooks": 5.5, "warm": 5.5, "store": 6, "batch": 6.5, "distributed": 6.5,
        "api": 7, "cli": 7}
# upward imports and cycle edges still to remove: none (issue 10 moved the row specs to dataset/, the
# number parser and the partner registry to vocab/, the pool's fault hooks to hooks.py, and the diff
# page's entry point to store/diff_html.py); a new exception must be argued for here
KNOWN: set[tuple[str, str]] = set()
KNOWN_CYCLE_EDGES: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def rank(module: str) -> float | None:
    """A module's stage; None for the package root (it only re-exports the API and __version__)."""
    parts = module.split(".")
    return RANK[parts[1]] if len(parts) > 1 else None


def _type_checking(node: ast.AST) -> bool:
    """An `if TYPE_CHECKING:` block."""
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imports_of(path: Path, top_level_only: bool = False) -> list[tuple[int, str]]:
    """(line, extractor module) of every import in `path`; `from .x import name` counts as
    importing `x.name` when that is a module."""
    mod = module_name(path)
    package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for node in ast.walk(tree) if _type_checking(node) for n in ast.walk(node)}
    nodes = [n for n in (tree.body if top_level_only else ast.walk(tree)) if id(n) not in typing_only]
    found: list[tuple[int, str]] = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "extractor"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "extractor":
                continue
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
            found += [(node.lineno, t) for t in subs or [target]]
    return found


def test_the_walk_finds_the_stages():
    assert {m.split(".")[1] for m in MODULES if "." in m} == set(RANK)
    assert ("extractor.structure.records" in dict(imports_of(MODULES["extractor.document"])).values())
    assert "extractor.extract.registry" not in dict(imports_of(MODULES["extractor.document"])).values()


def test_no_module_imports_a_later_stage():
    upward, used = [], set()
    for mod, path in MODULES.items():
        for line, target in imports_of(path):
            here, there = rank(mod), rank(target)
            if here is None or there is None or there <= here:
                continue
            key = (".".join(mod.split(".")[:2]), target)
            if key in KNOWN:
                used.add(key)
            else:
                upward.append(f"{mod}:{line} imports {target}")
    assert not upward, "imports of a later stage:\n" + "\n".join(upward)
    assert used == KNOWN, f"no longer needed in KNOWN (remove them): {sorted(KNOWN - used)}"


def test_no_import_cycle():
    graph = {m: {t for _, t in imports_of(p) if t in MODULES and t != m}
             for m, p in MODULES.items()}
    assert all(b in graph[a] for a, b in KNOWN_CYCLE_EDGES), "a known cycle is gone: remove it from KNOWN_CYCLE_EDGES"
    graph = {m: {t for t in ts if t != "extractor" and (m, t) not in KNOWN_CYCLE_EDGES}  # the root re-exports only
             for m, ts in graph.items()}
    cycles, state = [], {}

    def visit(m: str, stack: list[str]) -> None:
        state[m] = "open"
        for t in sorted(graph[m]):
            if state.get(t) == "open":
                cycles.append(" -> ".join(stack[stack.index(t):] + [m, t]) if t in stack else f"{m} -> {t}")
            elif t not in state:
                visit(t, stack + [m])
        state[m] = "done"

    for m in sorted(graph):
        if m not in state:
            visit(m, [])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


# One interpreter loads the third-party libraries once (none of them imports extractor), then forks
# a child per module: each child starts with no extractor module loaded, as a fresh interpreter
# would, so an import cycle or a missing import still fails there, without paying spaCy's and
# pandas' import 81 times.
_ALONE = """
import os, sys
for lib in ("numpy", "pandas", "pyarrow", "duckdb", "spacy", "pdfplumber", "pypdfium2", "pydantic",
            "yaml", "click", "rapidfuzz", "rich"):
    try:
        __import__(lib)
    except Exception:
        pass
assert not [m for m in sys.modules if m.split(".")[0] == "extractor"], "a library imported extractor"
for mod in sys.argv[1:]:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            __import__(mod)
            msg = ""
        except BaseException as e:
            msg = f"{type(e).__name__}: {e}"
        os.write(w, msg.encode()[:4000])
        os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        msg = f.read().decode()
    _, status = os.waitpid(pid, 0)
    if msg or status:
        print(f"{mod}: {msg or 'child exited with status %d' % status}")
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_each_module_imports_alone_in_a_fresh_interpreter():
    r = subprocess.run([sys.executable, "-c", _ALONE, *sorted(MODULES)], capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, r.stderr
    assert not r.stdout.strip(), r.stdout


def test_the_rules_loader_imports_only_shared_modules():
    seen, todo = set(), ["extractor.rules"]
    while todo:
        m = todo.pop()
        if m not in seen:
            seen.add(m)
            todo += [t for _, t in imports_of(MODULES[m]) if t in MODULES and t != "extractor"]
    assert {rank(m) for m in seen} == {0}, sorted(seen)


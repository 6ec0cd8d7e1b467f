"""The engine's modules form no import cycle, counting imports inside functions and under
TYPE_CHECKING: a cycle makes the import order matter and hides which module owns what."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "engine"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ENGINE).with_suffix("").parts
    return ".".join(p for p in parts if p != "__init__")


def _imports(path: Path) -> set[str]:
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(target.strip("."))
    return found


def test_engine_modules_import_no_cycle() -> None:
    graph = {_module_name(p): _imports(p) for p in ENGINE.rglob("*.py")}
    # Importing a package runs its __init__, which is not an edge back to the importer.
    graph = {
        name: {t for t in targets if t in graph and t != name and t != ""}
        for name, targets in graph.items()
        if name
    }
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in graph.get(node, set()):
            if target.startswith(node + "."):
                continue
            if state.get(target) == 1:
                raise AssertionError("import cycle: " + " -> ".join([*trail, node, target]))
            if state.get(target) is None:
                visit(target, [*trail, node])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [])
    assert "pipeline" not in graph["pricing"]

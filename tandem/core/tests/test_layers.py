"""The dependency order of Tandem's apps, and a walk of the import graph that keeps it.

docs/architecture.md ("Layers") explains the order; this module is the one place it is written
in code. An app may import the apps of lower layers only: never an app of its own layer or of
a higher one. Test code (tests/, testing/, conftest.py) may import anything, since a test
exercises the whole stack.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import tandem

# Lowest first. Apps that share a tuple are siblings and must not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),
    ("accounts",),
    ("people",),
    ("programmes",),
    ("mentorships",),
    ("notifications",),
    ("matching",),
    ("surveys", "announcements", "flash", "circles"),
    ("reports", "nudges"),
    ("demo", "api", "chat", "scim"),
)

# Modules at the package root: `env` (settings helpers) and `csvsafe` (the one CSV writer) are
# below everything and use the standard library only; the others wire the project together
# (settings, URLs, the console script, servers) and sit above every app.
GROUND_MODULES = frozenset({"env", "csvsafe"})
PROJECT_MODULES = frozenset(
    {"settings", "urls", "cli", "asgi", "wsgi", "gunicorn_conf", "conftest"}
)

ENGINE = "tandem.matching.engine"
# The ground modules the engine may use: standard library only, so it still runs without Django.
ENGINE_MAY_IMPORT = frozenset({"tandem.csvsafe"})

ROOT = Path(tandem.__file__).resolve().parent
RANK = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}


@dataclass(frozen=True)
class Import:
    source: str  # dotted module name of the importing file
    target: str  # dotted module name imported
    path: Path
    line: int

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT.parent)}:{self.line}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_test_code(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return path.name == "conftest.py" or "tests" in parts[:-1] or "testing" in parts[:-1]


def _imports(path: Path, *, module: str | None = None) -> Iterator[Import]:
    """Every import in the file, at module level or inside functions, relative ones resolved."""
    source = module or _module_name(path)
    package = source if path.name == "__init__.py" else source.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(source, alias.name, path, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield Import(source, target, path, node.lineno)


def _all_files() -> list[Path]:
    return sorted(ROOT.rglob("*.py"))


def _unit(module: str) -> str | None:
    """The app (or root module) a dotted name belongs to; None outside the tandem package."""
    parts = module.split(".")
    if parts[0] != "tandem" or len(parts) < 2:
        return None
    return parts[1]


@cache
def _product_imports() -> tuple[Import, ...]:
    # Read once for the tests that share it: parsing every file is most of their time.
    return tuple(
        imp
        for path in _all_files()
        if not _is_test_code(path)
        for imp in _imports(path)
        if _unit(imp.target) is not None and _unit(imp.target) != _unit(imp.source)
    )


def _allowed(source: str, target: str) -> bool:
    if source in PROJECT_MODULES or target in GROUND_MODULES:
        return True
    if source in GROUND_MODULES or target in PROJECT_MODULES:
        return False
    return RANK[target] < RANK[source]


def test_every_app_has_a_place_in_the_layers():
    apps = {p.parent.name for p in ROOT.glob("*/__init__.py")}
    roots = {p.stem for p in ROOT.glob("*.py") if p.stem != "__init__"}

    assert apps - set(RANK) == set(), "put each new app in LAYERS (and in docs/architecture.md)"
    assert set(RANK) - apps == set(), "LAYERS names an app that does not exist"
    assert roots <= GROUND_MODULES | PROJECT_MODULES, "place each root module"


def test_no_app_imports_a_higher_app_or_a_sibling():
    upward = [
        f"{imp.where()}: {_unit(imp.source)} imports {imp.target}"
        for imp in _product_imports()
        if not _allowed(_unit(imp.source) or "", _unit(imp.target) or "")
    ]

    assert upward == []


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    cycles = []
    for start in sorted(graph):
        # Depth-first search for a path leading back to `start`.
        stack = [(start, [start])]
        seen: set[str] = set()
        while stack:
            node, trail = stack.pop()
            for nxt in sorted(graph.get(node, ())):
                if nxt == start:
                    cycles.append(" → ".join([*trail, start]))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
    return cycles


def test_there_is_no_cycle_between_apps():
    graph: dict[str, set[str]] = {}
    for imp in _product_imports():
        graph.setdefault(str(_unit(imp.source)), set()).add(str(_unit(imp.target)))

    assert _cycles(graph) == []


def test_the_rules_refuse_what_they_should():
    # The walk above passes on a clean tree; these show the rules would catch a regression.
    assert _allowed("mentorships", "programmes")
    assert not _allowed("core", "mentorships")
    assert not _allowed("programmes", "mentorships")
    assert not _allowed("demo", "api")
    assert not _allowed("env", "core")
    assert _allowed("urls", "api")
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        "a → b → c → a",
        "b → c → a → b",
        "c → a → b → c",
    ]


def test_no_app_reaches_into_another_apps_private_modules():
    private = [
        f"{imp.where()}: {imp.target}"
        for imp in _product_imports()
        if any(part.startswith("_") and not part.startswith("__") for part in imp.target.split("."))
    ]

    assert private == []


def test_the_matching_engine_imports_neither_django_nor_the_product():
    engine_dir = ROOT / "matching" / "engine"
    outside = [
        f"{imp.where()}: {imp.target}"
        for path in sorted(engine_dir.rglob("*.py"))
        for imp in _imports(path)
        if imp.target.split(".")[0] in {"django", "rest_framework", "django_tasks"}
        or (
            imp.target.startswith("tandem")
            and not imp.target.startswith(ENGINE)
            and imp.target not in ENGINE_MAY_IMPORT
        )
    ]

    assert outside == []


def test_ground_modules_use_the_standard_library_only():
    found = [
        f"{imp.where()}: {imp.target}"
        for name in sorted(GROUND_MODULES)
        for imp in _imports(ROOT / f"{name}.py")
        if imp.target.split(".")[0] not in sys.stdlib_module_names | {"__future__"}
    ]

    assert found == []


def test_the_walk_sees_lazy_and_relative_imports(tmp_path):
    # Lazy imports inside functions once hid core's dependencies on the domain apps.
    module = tmp_path / "lazy.py"
    module.write_text(
        "from . import sibling\n"
        "from ..models import Thing\n"
        "def f():\n"
        "    from tandem.reports import selectors\n"
        "    import tandem.people.models\n"
    )

    found = {imp.target for imp in _imports(module, module="tandem.mentorships.services.lazy")}

    assert found == {
        "tandem.mentorships.services",
        "tandem.mentorships.models",
        "tandem.reports",
        "tandem.people.models",
    }

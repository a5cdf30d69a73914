"""Who may import whom (docs/architecture.md, "Apps and their dependencies").

Every ``.py`` under ``src/tuphap/`` (migrations left out) is read with ``ast``:
``import``/``from … import`` at module level and inside functions, and
``import_module("tuphap.…")`` / ``import_string("tuphap.…")`` with a string
literal. The rules:

1. the domain apps ``dossiers``, ``lawdocs``, ``workplans`` and ``portal`` never
   import each other, nor ``reports`` (which reads them: the other way round);
   every app may import ``workdays`` (the clock), ``core`` and ``orgs``;
2. ``core`` and ``orgs`` import no domain app (apps register what core runs), and
   neither does ``workdays``, the clock every app may use;
3. production code never imports demo code (``tuphap.demo``, ``tuphap.<app>.demo``);
   only the demo packages and the ``tuphap.demo`` app do.

Plus, inside each app, no cycle of imports between its files (function-level
imports included: moving an import into a function hides a cycle at import
time but leaves it in the design). No Django needed: these tests read files.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "tuphap"

DOMAIN = frozenset({"dossiers", "lawdocs", "workplans", "portal"})
READER = "reports"  # may read every domain app
BASE = frozenset({"core", "orgs", "citizens"})  # import no domain app (citizens: the citizens' accounts, issue 18)
NOT_FOR_BASE = frozenset({"workdays", *DOMAIN, READER, "demo"})
LOADERS = frozenset({"import_module", "import_string"})  # called with a literal dotted path

RULE_DOMAIN = "domain apps do not import each other except reports (reads) and the workdays clock"
RULE_BASE = "core, orgs and citizens import no domain app"
RULE_CLOCK = "the workdays clock imports no domain app"
RULE_DEMO = "production code never imports demo code"


@dataclass(frozen=True)
class Import:
    path: Path  # the importing file
    line: int
    module: str  # the imported module, dotted
    typing_only: bool  # under ``if TYPE_CHECKING:``: never runs

    def where(self) -> str:
        return f"{self.path.relative_to(SRC.parent)}:{self.line}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.relative_to(PACKAGE).parts)


def known_modules() -> set[str]:
    return {module_name(p) for p in PACKAGE.rglob("*.py")}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, typing_only: bool) -> Iterator[tuple[ast.AST, bool]]:
    """Every node (in functions too) with whether it is under ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(node):
        yield child, typing_only
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.body:
                yield stmt, True
                yield from _walk(stmt, True)
            for stmt in child.orelse:
                yield stmt, typing_only
                yield from _walk(stmt, typing_only)
            continue
        yield from _walk(child, typing_only)


def imports_of(path: Path, modules: set[str]) -> list[Import]:
    """The ``tuphap`` modules a file imports, each resolved to the most precise existing module
    (``from tuphap.dossiers import demo`` imports ``tuphap.dossiers.demo``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found: dict[tuple[int, str], Import] = {}  # one per line and module

    def add(node: ast.AST, dotted: str, typing_only: bool) -> None:
        if dotted == "tuphap" or dotted.startswith("tuphap."):
            line: int = node.lineno  # type: ignore[attr-defined]
            found.setdefault((line, dotted), Import(path, line, dotted, typing_only))

    for node, typing_only in _walk(tree, False):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(node, alias.name, typing_only)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                add(node, candidate if candidate in modules else source, typing_only)
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            arg = node.args[0]
            if name in LOADERS and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                dotted = arg.value
                while dotted and dotted not in modules:  # import_string names an attribute of a module
                    dotted = dotted.rpartition(".")[0]
                add(node, dotted or arg.value, typing_only)
    return list(found.values())


def app_of(module: str) -> str | None:
    """``tuphap.<app>.…`` -> ``<app>``; None for the project's own modules (settings, urls, api)."""
    parts = module.split(".")
    if len(parts) < 2:
        return None
    return parts[1] if (PACKAGE / parts[1]).is_dir() else None


def is_demo(module: str) -> bool:
    parts = module.split(".")
    return parts[1:2] == ["demo"] or parts[2:3] == ["demo"]


def violations(imp: Import, importer: str) -> list[str]:
    source, target = app_of(importer), app_of(imp.module)
    found = []
    if is_demo(imp.module) and not is_demo(importer):
        found.append(RULE_DEMO)
    if source in DOMAIN and target in DOMAIN | {READER} and target != source:
        found.append(RULE_DOMAIN)
    if source in BASE and target in NOT_FOR_BASE:
        found.append(RULE_BASE)
    if source == "workdays" and target in NOT_FOR_BASE - {"workdays"}:
        found.append(RULE_CLOCK)
    return found


def all_imports() -> list[Import]:
    modules = known_modules()
    return [imp for path in source_files() for imp in imports_of(path, modules)]


def broken_rules() -> list[str]:
    lines = []
    for imp in all_imports():
        for rule in violations(imp, module_name(imp.path)):
            lines.append(f"{imp.where()} imports {imp.module} ({rule})")
    return lines


def test_the_import_rules_hold() -> None:
    broken = broken_rules()
    assert not broken, f"{len(broken)} imports break the rules of docs/architecture.md:\n" + "\n".join(broken)


# --------------------------------------------------------------------------- cycles inside an app


def _cycles(graph: dict[str, set[str]]) -> list[tuple[list[str], list[str]]]:
    """The strongly connected components of more than one module (Tarjan): (a loop through the
    component's first module, every module of the component)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(component)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return [(_one_cycle(graph, set(c)), sorted(c)) for c in components]


def _one_cycle(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A shortest cycle through the component's first module, for the message."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph.get(v, ())):
            if w == start:
                return [*paths[v], start]
            if w in component and w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    return sorted(component)  # pragma: no cover - a component always has a cycle through each member


def import_cycles() -> list[str]:
    """Cycles of imports between the files of one app, function-level imports included (an
    import moved into a function to break a cycle at import time leaves the cycle in the
    design); imports under ``if TYPE_CHECKING:`` never run and are left out. Each cycle
    is printed as one loop through its modules, then every module caught in it."""
    graph: dict[str, set[str]] = {}
    for imp in all_imports():
        importer = module_name(imp.path)
        if imp.typing_only or imp.module == importer or app_of(importer) is None:
            continue
        if app_of(importer) == app_of(imp.module):
            graph.setdefault(importer, set()).add(imp.module)
    lines = []
    for loop, members in _cycles(graph):
        others = sorted(set(members) - set(loop))
        lines.append(" → ".join(loop) + (f" (also in the cycle: {', '.join(others)})" if others else ""))
    return lines


def test_no_import_cycle_inside_an_app() -> None:
    cycles = import_cycles()
    assert not cycles, "import cycles between the files of an app:\n" + "\n".join(cycles)


# --------------------------------------------------------------------------- the checker itself


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny ``tuphap`` package to check the checker on."""
    root = tmp_path / "src"
    for app in ("core", "orgs", "workdays", "dossiers", "lawdocs", "reports", "demo", "portal"):
        (root / "tuphap" / app).mkdir(parents=True)
        (root / "tuphap" / app / "__init__.py").write_text("")
    (root / "tuphap" / "__init__.py").write_text("")
    monkeypatch.setattr(f"{__name__}.SRC", root)
    monkeypatch.setattr(f"{__name__}.PACKAGE", root / "tuphap")
    return root / "tuphap"


def write(tree: Path, name: str, text: str) -> None:
    path = tree / name
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.parent / "__init__.py").touch()
    path.write_text(text)


def test_the_checker_finds_every_kind_of_import(tree: Path) -> None:
    write(tree, "dossiers/models.py", "X = 1\n")
    write(tree, "dossiers/demo/__init__.py", "def load(stdout): ...\n")
    write(tree, "dossiers/demo/history.py", "from tuphap.reports import models\n")  # demo code is the app's too
    write(tree, "reports/models.py", "from tuphap.dossiers.models import X\n")  # reads: allowed
    write(
        tree,
        "lawdocs/services.py",
        "from tuphap.core import services\n"  # allowed
        "from tuphap.workdays import core\n"  # allowed: the clock
        "from ..dossiers import models\n"  # relative: still dossiers
        "def f():\n"
        "    from tuphap.dossiers.demo import load\n"  # function level, and demo
        "    import_module('tuphap.reports.models')\n",
    )
    write(
        tree,
        "core/periodic.py",
        "from importlib import import_module\n"
        "from django.utils.module_loading import import_string\n"
        "from tuphap.orgs import models\n"  # allowed
        "import tuphap.workdays.core\n"
        "P = import_string('tuphap.portal.counting.flush')\n",
    )
    write(tree, "portal/counting.py", "def flush(): ...\n")
    write(tree, "workdays/services.py", "from tuphap.core import services\nfrom tuphap.lawdocs import services\n")
    write(tree, "orgs/models.py", "from tuphap import demo\n")
    write(tree, "urls.py", "from tuphap.demo.data import X\n")
    write(tree, "demo/data.py", "from tuphap.dossiers.demo import history\nfrom tuphap.dossiers import models\n")
    write(tree, "dossiers/migrations/0001_initial.py", "from tuphap.lawdocs import models\n")  # not read
    assert sorted(broken_rules()) == sorted(
        [
            f"src/tuphap/core/periodic.py:4 imports tuphap.workdays.core ({RULE_BASE})",
            f"src/tuphap/core/periodic.py:5 imports tuphap.portal.counting ({RULE_BASE})",
            f"src/tuphap/dossiers/demo/history.py:1 imports tuphap.reports.models ({RULE_DOMAIN})",
            f"src/tuphap/lawdocs/services.py:3 imports tuphap.dossiers.models ({RULE_DOMAIN})",
            f"src/tuphap/lawdocs/services.py:5 imports tuphap.dossiers.demo ({RULE_DEMO})",
            f"src/tuphap/lawdocs/services.py:5 imports tuphap.dossiers.demo ({RULE_DOMAIN})",
            f"src/tuphap/lawdocs/services.py:6 imports tuphap.reports.models ({RULE_DOMAIN})",
            f"src/tuphap/orgs/models.py:1 imports tuphap.demo ({RULE_BASE})",
            f"src/tuphap/orgs/models.py:1 imports tuphap.demo ({RULE_DEMO})",
            f"src/tuphap/urls.py:1 imports tuphap.demo.data ({RULE_DEMO})",
            f"src/tuphap/workdays/services.py:2 imports tuphap.lawdocs.services ({RULE_CLOCK})",
        ]
    )


def test_the_checker_finds_a_cycle_through_function_level_imports(tree: Path) -> None:
    write(tree, "portal/counting.py", "from tuphap.portal.models import Article\n")
    write(tree, "portal/models.py", "def save():\n    from tuphap.portal.signals import changed\n")
    write(tree, "portal/signals.py", "def changed():\n    from tuphap.portal.counting import bump\n")
    write(tree, "portal/views.py", "from tuphap.portal import models\n")  # into the cycle, not part of it
    write(
        tree, "lawdocs/a.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from tuphap.lawdocs import b\n"
    )
    write(tree, "lawdocs/b.py", "def f():\n    from tuphap.lawdocs import a\n")  # a -> b only for the type checker
    write(tree, "reports/kpi.py", "from tuphap.dossiers import models\n")  # across apps: the rules' business
    write(tree, "dossiers/models.py", "def f():\n    from tuphap.reports import kpi\n")
    assert import_cycles() == [
        "tuphap.portal.counting → tuphap.portal.models → tuphap.portal.signals → tuphap.portal.counting"
    ]

"""The dependency arrows run one way, and the fast paths stay fast."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

HEAVY_FOR_CORE = ("sqlalchemy", "fastapi", "typer", "rich", "alembic", "yaml", "pydantic")
HEAVY_FOR_HELP = ("sqlalchemy", "numpy", "scipy", "matplotlib", "alembic", "yaml", "pydantic")
SRC = Path(__file__).parents[1] / "src"


def loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in out.split()}


def core_modules() -> list[str]:
    """Every module of ``unknot.core``, sub-packages included, so a new one is checked too."""
    import unknot.core

    return sorted(m.name for m in pkgutil.walk_packages(unknot.core.__path__, "unknot.core."))


def test_core_imports_no_framework_or_storage() -> None:
    names = core_modules()
    assert {"unknot.core.plan", "unknot.core.insights.build", "unknot.core.nof1.analysis"} <= set(
        names
    )
    modules = loaded_after("import " + ", ".join(names))
    assert not modules & set(HEAVY_FOR_CORE), modules & set(HEAVY_FOR_CORE)


def test_help_loads_no_database_or_maths_libraries() -> None:
    code = (
        "import sys\nsys.argv = ['unknot', '--help']\n"
        "from unknot.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    modules = loaded_after(code)
    assert not modules & set(HEAVY_FOR_HELP), modules & set(HEAVY_FOR_HELP)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The unknot modules a file imports anywhere: at the top, in a function, for types only."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return found & known


def test_no_module_imports_itself_through_others() -> None:
    files = {
        ".".join(path.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__"): path
        for path in (SRC / "unknot").rglob("*.py")
        if "migrations" not in path.parts
    }
    graph = {name: imports_of(path, set(files)) - {name} for name, path in files.items()}
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        chain = " -> ".join(reversed(error.args[1]))  # each module imports the next
        raise AssertionError(f"an import cycle: {chain}") from None

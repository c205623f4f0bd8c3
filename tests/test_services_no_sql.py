"""The services call repositories: no module of unknot.services but the App imports SQLAlchemy."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import unknot.services

ALLOWED = {"unknot.services.app"}  # composes the engine and the transaction


def service_modules() -> dict[str, Path]:
    found = {}
    for info in pkgutil.walk_packages(unknot.services.__path__, "unknot.services."):
        spec = info.module_finder.find_spec(info.name, None)  # type: ignore[call-arg]
        assert spec is not None and spec.origin is not None
        found[info.name] = Path(spec.origin)
    return found


def imported(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (at the top, in a function, for types)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_no_service_module_imports_sqlalchemy() -> None:
    modules = service_modules()
    assert {"unknot.services.journal.write", "unknot.services.trial.lifecycle"} <= set(modules)
    offenders = {
        name: sorted(n for n in imported(path) if n.split(".")[0] == "sqlalchemy")
        for name, path in modules.items()
        if name not in ALLOWED
    }
    offenders = {name: found for name, found in offenders.items() if found}
    assert not offenders, (
        f"services that import SQLAlchemy (move the queries to store/): {offenders}"
    )


def test_the_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from sqlalchemy.orm import Session\n", encoding="utf-8")
    assert "sqlalchemy.orm" in imported(sample)

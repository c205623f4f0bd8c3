"""The dependency arrows run one way, and the fast paths stay fast."""

from __future__ import annotations

import subprocess
import sys

HEAVY_FOR_CORE = ("sqlalchemy", "fastapi", "typer", "rich", "alembic", "yaml", "pydantic")
HEAVY_FOR_HELP = ("sqlalchemy", "numpy", "scipy", "matplotlib", "alembic", "yaml", "pydantic")


def loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return {name.split(".")[0] for name in out.split()}


def test_core_imports_no_framework_or_storage() -> None:
    modules = loaded_after(
        "import unknot.core.plan, unknot.core.adapt, unknot.core.screening, "
        "unknot.core.stoprules, unknot.core.profile, unknot.core.content"
    )
    assert not modules & set(HEAVY_FOR_CORE)


def test_help_loads_no_database_or_maths_libraries() -> None:
    code = (
        "import sys\nsys.argv = ['unknot', '--help']\n"
        "from unknot.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    modules = loaded_after(code)
    assert not modules & set(HEAVY_FOR_HELP), modules & set(HEAVY_FOR_HELP)

"""``unknot techniques``, ``unknot routines``, ``unknot routines check`` and ``unknot show``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from unknot.cli import app as cli_app
from unknot.i18n import current_language

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
EVENING = "id: evening\nname: Evening wind-down\nitems:\n  - technique: hip-kneading\n"
BROKEN = "id: evening\nname: Evening\nitems:\n  - technique: hip-kneading\n    hold_s: -30\n"


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


@pytest.fixture
def routines_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "config" / "routines"
    folder.mkdir(parents=True)
    return folder


def run(*args: str) -> Result:
    return runner.invoke(cli_app.app, list(args), env=WIDE)


def test_techniques_lists_every_technique_with_its_dose() -> None:
    result = run("techniques")
    assert result.exit_code == 0, result.output
    assert "hip-deep-tissue" in result.output and "shoulder-sleeper-stretch" in result.output
    assert "│ 3–5 min " in result.output
    assert "each hip in turn" in result.output and "painful arm" in result.output


def test_routines_lists_builtins_with_the_length_the_plan_has() -> None:
    import json
    import re

    result = run("routines")
    assert result.exit_code == 0, result.output
    for routine in ("hip-full", "hip-short", "shoulder"):
        plan = json.loads(run("plan", routine, "--json").output)
        minutes = round(plan["total_s"] / 60)
        assert re.search(rf"│ {routine} .*│ {minutes} min ", result.output), (routine, minutes)
        shown = run("show", routine).output
        assert f"Time: {minutes} min for you today (doses start low" in shown
    assert "doses start low and lengthen as you tolerate them" in " ".join(result.output.split())


def test_routines_lists_the_person_s_files_and_flags_broken_ones(routines_dir: Path) -> None:
    (routines_dir / "evening.yaml").write_text(EVENING)
    (routines_dir / "broken.yaml").write_text(BROKEN.replace("evening", "late"))
    result = run("routines")
    assert result.exit_code == 0, result.output
    assert "Evening wind-down" in result.output
    assert str(routines_dir / "evening.yaml") in result.output
    assert f"Left out: {routines_dir / 'broken.yaml'} has 1 problem." in result.output


def test_routines_check_accepts_a_good_file(tmp_path: Path) -> None:
    path = tmp_path / "evening.yaml"
    path.write_text(EVENING)
    result = run("routines", "check", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        f"{path} is a valid routine: Evening wind-down (evening), 1 item, about 4 min (3–5)."
    )


def test_routines_check_reports_every_problem_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "evening.yaml"
    path.write_text(BROKEN + "  - technique: hip-knead\n")
    result = run("routines", "check", str(path))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"Error: {path} has 2 problems."
    assert lines[1] == (
        f"  - {path}, line 5, field 'items[0].hold_s': -30 is out of range; it must be a whole "
        "number of seconds from 1 to 600."
    )
    assert lines[2].startswith(f"  - {path}, line 6, field 'items[1].technique': \"hip-knead\"")
    assert lines[-1] == f"Hint: Fix the file, then run `unknot routines check {path}`."


def test_routines_check_a_file_in_the_folder_does_not_clash_with_itself(
    routines_dir: Path,
) -> None:
    (routines_dir / "evening.yaml").write_text(EVENING)
    own = run("routines", "check", str(routines_dir / "evening.yaml"))
    assert own.exit_code == 0, own.output
    (routines_dir / "later.yaml").write_text(EVENING)
    clash = run("routines", "check", str(routines_dir / "later.yaml"))
    assert clash.exit_code == 1
    flat = " ".join(clash.output.split())
    assert f'"evening" is already the id of {routines_dir / "evening.yaml"}' in flat


def test_routines_check_a_missing_file_exits_1(tmp_path: Path) -> None:
    result = run("routines", "check", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert "cannot be read" in result.output


def test_show_technique_prints_everything() -> None:
    result = run("show", "hip-deep-tissue")
    assert result.exit_code == 0, result.output
    out = result.output
    for expected in (
        "Deep-tissue hip massage  (hip-deep-tissue)",
        "Position: lying on your side",
        "Equipment: a mat or bed, a pillow, a massage tool (optional)",
        "Sides: each hip in turn",
        "Dose: 3–5 min",
        "Pressure: Firm but comfortable",
        "Steps",
        "Cautions",
        "sciatic nerve",
        "Another way (back_lying)",
        "Another way (light)",
        "Evidence",
        "Not tested for shoulder pain",
        "seed §4.3: The source article, section 4.3 (method only)",
        "Drawing: side_lying.svg",
    ):
        assert expected in out, expected


def test_show_routine_by_name_lists_items_and_time() -> None:
    result = run("show", "Shoulder exercises (comparison)")
    assert result.exit_code == 0, result.output
    assert "min for you today" in result.output
    assert "Pendulum swings (shoulder-pendulum)" in result.output
    assert "3 × 45–60 s hold, 5 s rest" in result.output


def test_show_user_routine(routines_dir: Path) -> None:
    (routines_dir / "evening.yaml").write_text(EVENING)
    result = run("show", "evening")
    assert result.exit_code == 0, result.output
    assert f"File: {routines_dir / 'evening.yaml'}" in result.output


def test_show_unknown_name_exits_1_with_a_suggestion() -> None:
    result = run("show", "hip-kneeding")
    assert result.exit_code == 1
    assert 'Error: There is no technique or routine called "hip-kneeding". Did you mean ' in (
        result.output
    )
    assert "Hint: Run `unknot techniques` or `unknot routines`" in result.output


def test_commands_have_help() -> None:
    for command in (["techniques"], ["routines"], ["routines", "check"], ["show"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage" in result.output


def test_top_level_help_does_not_import_yaml() -> None:
    code = (
        "import sys\n"
        "from unknot.cli import app\n"
        "app._register()\n"
        "try:\n"
        "    app.app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert 'yaml' not in sys.modules, 'yaml imported'\n"
        "assert 'unknot.content.loader' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_names_follow_the_language_setting() -> None:
    result = runner.invoke(cli_app.app, ["routines"], env={**WIDE, "UNKNOT_LANGUAGE": "ko"})
    techniques = runner.invoke(cli_app.app, ["techniques"], env={**WIDE, "UNKNOT_LANGUAGE": "ko"})
    assert result.exit_code == 0 and "엉덩이 루틴 (전체)" in result.output
    assert techniques.exit_code == 0 and "진자 운동" in techniques.output
    assert current_language() == "en"  # each run leaves the caller's language as it found it

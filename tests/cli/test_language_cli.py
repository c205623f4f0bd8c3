"""The CLI speaks ``--language``, then the profile's language, then UNKNOT_LANGUAGE, then
English; ``--help`` never opens the database."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from unknot.cli import app as cli_app
from unknot.i18n import current_language

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
DATA_HELP = "Folder for your data (or set UNKNOT_DATA_DIR)."
START_HELP = "Run today's guided session: safety checks, pain before, the routine, pain after."
SPEED_HELP = "Run the clock faster, for demos and tests."
PROFILE_TITLE = "Your profile"


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


@pytest.fixture
def stub(stub_locale: Callable[..., Path]) -> None:
    stub_locale(DATA_HELP, START_HELP, SPEED_HELP, PROFILE_TITLE)


def run(*args: str, **env: str) -> str:
    result = runner.invoke(cli_app.app, list(args), env={**WIDE, **env})
    assert result.exit_code == 0, result.output
    return result.output


def database() -> Path:
    return Path(os.environ["UNKNOT_DATA_DIR"]) / "unknot.sqlite3"


def test_help_never_opens_the_database() -> None:
    assert DATA_HELP in run("--help")
    assert SPEED_HELP in run("start", "--help")
    assert SPEED_HELP in run("--language", "ko", "start", "--help")
    assert not database().exists()


@pytest.mark.usefixtures("stub")
@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--language", "ko", "--help"), {}),
        (("--help", "--language", "ko"), {}),  # read before --help runs, wherever it is
        (("--help",), {"UNKNOT_LANGUAGE": "ko"}),
    ],
)
def test_help_speaks_the_flag_or_the_environment(
    args: tuple[str, ...], env: dict[str, str]
) -> None:
    out = run(*args, **env)
    assert f"(ko) {DATA_HELP}" in out
    assert "(ko) Run today's guided session" in out  # the commands' own help, in the list
    assert not database().exists()


@pytest.mark.usefixtures("stub")
def test_help_of_a_command_speaks_the_language_and_then_english_again() -> None:
    out = run("--language", "ko", "start", "--help")
    assert "(ko) Run today's guided session" in out and f"(ko) {SPEED_HELP}" in out
    assert f"(ko) {SPEED_HELP}" in run("start", "--help", UNKNOT_LANGUAGE="ko")
    english = run("start", "--help")
    assert SPEED_HELP in english and "(ko)" not in english
    assert current_language() == "en"


@pytest.mark.usefixtures("stub")
def test_profile_language_applies_and_the_flag_beats_it() -> None:
    assert f"(ko) {PROFILE_TITLE}" in run("profile", "--language", "ko")  # from this answer on
    assert f"(ko) {PROFILE_TITLE}" in run("profile")
    assert f"(ko) {PROFILE_TITLE}" in run("profile", UNKNOT_LANGUAGE="en")  # profile beats env
    flagged = run("--language", "en", "profile")
    assert PROFILE_TITLE in flagged and "(ko)" not in flagged
    assert current_language() == "en"


@pytest.mark.usefixtures("stub")
def test_environment_applies_when_the_profile_has_no_language() -> None:
    assert f"(ko) {PROFILE_TITLE}" in run("profile", UNKNOT_LANGUAGE="ko")
    english = run("profile")
    assert PROFILE_TITLE in english and "(ko)" not in english

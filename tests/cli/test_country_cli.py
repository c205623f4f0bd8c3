"""`unknot profile --country` and `unknot screen --country`: every country code, nothing else."""

from __future__ import annotations

from dataclasses import replace

import pytest
from typer.testing import CliRunner

from actors import open_actor
from unknot.cli import app as cli_app
from unknot.config import load_settings
from unknot.services.profile import get_profile
from unknot.store import repo

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
EVERY_NO = "n\n" * 12  # "does any of these apply?" for each group, and spare answers


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(cli_app.app, list(args), input=input, env=WIDE)


def flat(text: str) -> str:
    return " ".join(text.split())


def saved_country() -> str:
    services = open_actor(load_settings())
    try:
        return get_profile(services).country
    finally:
        services.app.close()


def save_raw_country(code: str) -> None:
    """What an older unknot may have stored: any two letters."""
    services = open_actor(load_settings())
    try:
        with services.unit() as session:
            old = repo.load_profile(session, services.person_id)
            repo.save_profile(
                session, services.person_id, replace(old, country=code), services.clock()
            )
    finally:
        services.app.close()


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("JP", "JP", "Japan (JP)"),
        ("uk", "GB", "United Kingdom (GB)"),
        ("EL", "GR", "Greece (GR)"),
        (" br ", "BR", "Brazil (BR)"),
        ("EU", "EU", "European Union (EU)"),
    ],
)
def test_profile_takes_any_country_code(typed: str, stored: str, shown: str) -> None:
    result = run("profile", "--country", typed)
    assert result.exit_code == 0, result.output
    assert shown in result.output
    assert saved_country() == stored


@pytest.mark.parametrize("bad", ["XX", "ZZ", "1X", "GBR"])
def test_profile_refuses_a_code_that_is_not_a_country(bad: str) -> None:
    run("profile", "--country", "NO")
    result = run("profile", "--country", bad)
    assert result.exit_code == 1
    printed = flat(result.output)
    assert f"--country: '{bad}' is not a country code" in printed
    assert "Japan (JP)" in printed and "New Zealand (NZ)" in printed and "Norway (NO)" in printed
    assert "Hint: Run `unknot profile --countries` to list every country code." in printed
    assert saved_country() == "NO"


def test_profile_suggests_the_code_for_a_country_name() -> None:
    result = run("profile", "--country", "new zealand")
    assert result.exit_code == 1
    assert "'new zealand' is a country's name; its two-letter code is NZ." in flat(result.output)


def test_profile_lists_every_country_code() -> None:
    result = run("profile", "--countries")
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines() if "│" in line}
    assert len(rows) == 249
    assert "Brazil" in rows["BR"] and "112" in rows["BR"]
    assert "its own" in rows["JP"] and "the EU's" in rows["AT"]


def test_batch_screening_refuses_a_bad_country_and_saves_nothing() -> None:
    result = run("screen", "--batch", "--country", "XX")
    assert result.exit_code == 1
    assert "'XX' is not a country code" in flat(result.output)
    assert "unknot screen" in run().output  # still no screening


@pytest.mark.parametrize(
    ("code", "call"),
    [("JP", "Call 119 now."), ("NZ", "Call 111 now."), ("NO", "Call 113 now."), ("GB", "999")],
)
def test_an_emergency_screening_shows_the_country_number(code: str, call: str) -> None:
    result = run("screen", "--batch", "--yes", "heart_symptoms", "--country", code)
    assert call in result.output, result.output


def test_interactive_screening_asks_again_after_a_bad_country() -> None:
    result = run("screen", input="XX\njp\n" + EVERY_NO)
    assert result.exit_code == 0, result.output
    assert "'XX' is not a country code" in flat(result.output)
    assert saved_country() == "JP"


def test_interactive_screening_with_a_bad_flag_asks_nothing() -> None:
    result = run("screen", "--country", "XX", input=EVERY_NO)
    assert result.exit_code == 1
    assert "Safety screening" not in result.output


def test_an_old_unknown_saved_code_falls_back_and_is_asked_again() -> None:
    save_raw_country("XQ")
    shown = run("profile")
    assert shown.exit_code == 0 and "XQ: not a country code we know, so 112 is used" in flat(
        shown.output
    )
    result = run("screen", input="se\n" + EVERY_NO)
    assert result.exit_code == 0, result.output
    assert saved_country() == "SE"


def test_an_old_unknown_saved_code_does_not_break_start_or_status() -> None:
    save_raw_country("XQ")
    run("screen", "--batch")
    assert saved_country() == "XQ"
    status = run()
    assert status.exit_code == 0, status.output
    blocked = run("screen", "--batch", "--yes", "heart_symptoms")
    assert "Call 112 now." in blocked.output

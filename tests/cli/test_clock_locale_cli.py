"""The terminal shows times as the person's country writes them (en-GB 24-hour, en-US 12-hour)."""

from __future__ import annotations

import pytest

from inprocess_cli import unknot


@pytest.mark.parametrize(("country", "shown"), [("GB", "14:30"), ("US", "2:30\u00a0PM")])
def test_log_and_journal_show_the_time_for_the_profile_country(country: str, shown: str) -> None:
    assert unknot("profile", "--country", country, "--timezone", "Europe/London").returncode == 0
    logged = unknot("log", "pain", "3", "--at", "2026-03-02 14:30")
    assert logged.returncode == 0, logged.stdout
    assert f"at 2026-03-02 {shown}" in logged.stdout
    listed = unknot("journal")
    assert f"2026-03-02 {shown}" in listed.stdout, listed.stdout

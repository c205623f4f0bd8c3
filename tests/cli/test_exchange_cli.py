"""The export, import, backup, calendar and demo commands, end to end through the CLI."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from unknot.cli import app as cli_app

runner = CliRunner()


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(cli_app.app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, " ".join(result.output.split())


def test_demo_then_export_and_import_into_a_new_data_dir(tmp_path: Path) -> None:
    code, out = run("demo", "--days", "12", "--seed", "4")
    assert code == 0, out
    assert "Made 12 days of demo data:" in out and "12 check-ins" in out
    backup = tmp_path / "b.json"
    code, out = run("export", "-o", str(backup))
    assert code == 0 and f"Bring it back with: unknot import {backup}" in out
    other = ("--data-dir", str(tmp_path / "other"))
    code, out = run(*other, "import", str(backup))
    assert code == 0, out
    assert "This store now holds the backup's person" in out and "added 1 profile," in out
    code, out = run(*other, "import", str(backup))
    assert code == 0 and "added nothing" in out and "were already here" in out
    again = tmp_path / "again.json"
    run(*other, "export", "-o", str(again))
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (backup, again))
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second


def test_demo_says_it_holds_a_finished_trial_and_its_report_opens() -> None:
    code, out = run("demo", "--days", "100", "--seed", "2")
    assert code == 0, out
    assert (
        "1 personal trial," in out and "It includes a finished personal trial, hip-full (A)" in out
    )
    assert "Try: unknot report, or unknot trial report" in out
    code, out = run("trial", "report", "--json")
    assert code == 0, out
    report = json.loads(out)
    assert report["state"] == "finished" and len(report["periods"]) == 6
    code, out = run("demo", "--days", "30", "--force")
    assert code == 0 and "personal trial" not in out and "1 personal trial" not in out


def test_demo_refuses_a_data_dir_with_data(tmp_path: Path) -> None:
    run("demo", "--days", "3")
    code, out = run("demo", "--days", "3")
    assert code == 1
    assert "already holds data (1 profile, 2 safety screenings," in out
    assert "add --force to replace what is there" in out
    code, out = run("demo", "--days", "3", "--force")
    assert code == 0 and "Saved a copy of the old data to" in out


def test_export_csv_zip_and_fhir(tmp_path: Path) -> None:
    run("demo", "--days", "5")
    code, out = run("export", "--format", "csv", "-o", str(tmp_path / "all.zip"))
    assert code == 0 and (tmp_path / "all.zip").exists()
    code, out = run("export", "-f", "fhir", "-o", str(tmp_path / "f.json"))
    assert code == 0
    bundle = json.loads((tmp_path / "f.json").read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle"
    code, out = run("export", "-f", "xml")
    assert code == 1 and "'xml' is not an export format; use json, csv or fhir." in out


def test_import_of_a_bad_csv_lists_rows_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("time,value\n2026-01-01 08:00,12\nnot a time,3\n", encoding="utf-8")
    code, out = run("import", str(path))
    assert code == 1
    assert f"Error: {path} was not imported: the CSV has 2 problem(s)." in out
    assert "- r.csv, row 2, field 'value': '12' is not a whole number from 0 to 10" in out
    assert "- r.csv, row 3, field 'time': 'not a time' is not a date and time" in out
    assert "Hint: Nothing was changed." in out
    code, out = run("export", "-o", str(tmp_path / "b.json"))
    doc = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))
    assert doc["tables"]["pain_rating"] == []


def test_backup_makes_a_consistent_sqlite_copy(tmp_path: Path) -> None:
    run("demo", "--days", "3")
    target = tmp_path / "copy.sqlite3"
    code, out = run("backup", "-o", str(target))
    assert code == 0 and f"Backed up the database to {target}." in out
    with sqlite3.connect(target) as conn:
        (checkins,) = conn.execute("select count(*) from checkin").fetchone()
    assert checkins == 3


@pytest.mark.postgres
def test_backup_on_postgresql_points_to_pg_dump(pg_url: str) -> None:
    assert run("--database-url", pg_url, "db", "upgrade")[0] == 0
    code, out = run("--database-url", pg_url, "backup")
    assert code == 1
    assert "The database is PostgreSQL; unknot backup copies SQLite files only." in out
    assert "pg_dump" in out and "unknot export --format json" in out


def test_calendar_writes_an_ics_and_warns_about_alarms(tmp_path: Path) -> None:
    run("profile", "--timezone", "Europe/Paris")
    target = tmp_path / "r.ics"
    code, out = run("calendar", "-o", str(target), "--time", "07:45", "--posture-every", "240")
    assert code == 0, out
    assert "daily reminder(s) in Europe/Paris" in out
    assert "some calendar apps" in out and "drop the alarms" in out
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    assert events[0].decoded("DTSTART").strftime("%H:%M") == "07:45"
    code, out = run("calendar", "--time", "7.45")
    assert code == 1 and "--time '7.45' is not a time of day like 19:30." in out

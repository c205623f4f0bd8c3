"""CSV: spreadsheet-safe export, and pain ratings imported from a CSV made elsewhere."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from exchange_factories import (
    sample_journal,
    snapshot,
    write,
)
from unknot.services.app import Actor
from unknot.services.exchange.csv_io import cell, protect
from unknot.services.exchange.transfer import export, import_file
from unknot.store.codecs import RECORD_TABLES


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("=1+2", "'=1+2"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+SUM(A1:A3)", "'+SUM(A1:A3)"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("-3", "-3"),
        ("+4.5", "+4.5"),
        ("-1e3", "-1e3"),
        ("after gardening", "after gardening"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(text: str, shown: str) -> None:
    assert protect(text) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(-3, "-3"), (-2.5, "-2.5"), (0, "0"), (True, "true"), (None, ""), (["=x"], '["=x"]')],
)
def test_numbers_and_other_values_are_written_as_they_are(value: object, shown: str) -> None:
    assert cell(value) == shown


def _read(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_export_writes_one_safe_file_per_record_type(store: Actor, tmp_path: Path) -> None:
    write(store, sample_journal(store.person_id))
    folder = export(store, "csv", tmp_path / "out").path
    names = {p.name for p in folder.iterdir()}
    assert names == {"person.csv", "plans.csv"} | {f"{t.name}.csv" for t in RECORD_TABLES}
    assert names >= {
        f"{n}.csv"
        for n in (
            "profile", "screening", "session", "session_step", "pain_rating", "stop_event",
            "progression", "checkin", "spadi", "note",
        )
    }  # fmt: skip
    ratings = _read((folder / "pain_rating.csv").read_text(encoding="utf-8"))
    notes = {r["note"] for r in ratings}
    assert "'=1+2" in notes and "-3" in notes
    assert {r["value"] for r in ratings} >= {"4", "3"}
    assert _read((folder / "note.csv").read_text(encoding="utf-8"))[0]["text"] == (
        "'+ felt better after"
    )
    checkin = _read((folder / "checkin.csv").read_text(encoding="utf-8"))[0]
    assert checkin["other_treatment"] == "'@heat pack" and checkin["sleep_disturbed"] == "true"


def test_csv_export_to_a_zip(store: Actor, tmp_path: Path) -> None:
    write(store, sample_journal(store.person_id))
    path = export(store, "csv", tmp_path / "out.zip").path
    with zipfile.ZipFile(path) as archive:
        assert "pain_rating.csv" in archive.namelist()
        rows = _read(archive.read("pain_rating.csv").decode("utf-8"))
    assert len(rows) == 7


def _profile_zone(store: Actor, zone: str) -> None:
    from unknot.core.profile import Profile
    from unknot.store import repo

    with store.unit() as session:
        repo.save_profile(session, store.person_id, Profile(timezone=zone), store.clock())


def test_csv_ratings_import_reads_zoneless_times_in_the_profile_zone(
    store: Actor, tmp_path: Path
) -> None:
    _profile_zone(store, "America/New_York")
    path = tmp_path / "phone.csv"
    path.write_text(
        "\ufeffTime,Value,Location,Note\n"
        '2026-02-01 08:00,4,right-front,"morning, stiff"\n'
        "2026-02-01T20:00:00+01:00,2,,\n"
        "2026-02-02 08:00Z,3,,=cmd\n",
        encoding="utf-8",
    )
    result = import_file(store, path)
    assert result.kind == "csv" and result.added == {"pain_rating": 3}
    ratings = snapshot(store)["tables"]["pain_rating"]
    times = [(r["taken_at"], r["value"], r["location"], r["note"]) for r in ratings]
    assert times == [
        ("2026-02-01T13:00:00+00:00", 4, "right-front", "morning, stiff"),
        ("2026-02-01T19:00:00+00:00", 2, "", ""),
        ("2026-02-02T08:00:00+00:00", 3, "", "=cmd"),
    ]
    assert {r["context"] for r in ratings} == {"log"}
    assert {r["timezone"] for r in ratings} == {"America/New_York"}


def test_importing_the_same_csv_twice_adds_nothing(store: Actor, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("time,value\n2026-02-01 08:00,4\n2026-02-01 09:00,5\n", encoding="utf-8")
    assert import_file(store, path).added == {"pain_rating": 2}
    before = snapshot(store)
    again = import_file(store, path)
    assert again.added == {} and again.already == 2
    assert snapshot(store) == before


def test_a_csv_row_keeps_its_id_across_stores_of_the_same_person(
    store: Actor, tmp_path: Path
) -> None:
    path = tmp_path / "r.csv"
    path.write_text("time,value\n2026-02-01T08:00:00+00:00,4\n", encoding="utf-8")
    import_file(store, path)
    first = snapshot(store)["tables"]["pain_rating"][0]["id"]
    with store.unit() as session:
        from sqlalchemy import delete

        from unknot.store import tables

        session.execute(delete(tables.PainRating))
    import_file(store, path)
    assert snapshot(store)["tables"]["pain_rating"][0]["id"] == first
    assert datetime.fromisoformat(
        snapshot(store)["tables"]["pain_rating"][0]["taken_at"]
    ) == datetime(2026, 2, 1, 8, tzinfo=UTC)


@pytest.mark.parametrize("text", ["²", "٣", "-1", "011", "1e1", " "])
def test_only_plain_whole_numbers_are_pain_values(text: str) -> None:
    from unknot.services.exchange.csv_io import _value

    assert _value(text) is None

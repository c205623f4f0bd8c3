"""The JSON backup: lossless round trip, second import adds nothing, person rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exchange_factories import (
    journals,
    sample_journal,
    snapshot,
    wipe,
    write,
)
from unknot.errors import ValidationError
from unknot.services.app import Actor
from unknot.services.exchange.transfer import export, import_file
from unknot.store.codecs import NOT_EXPORTED, RECORD_TABLES


def round_trip(store: Actor, path: Path) -> tuple[dict[str, object], dict[str, object]]:
    """Export, empty the store, import the file, and return both snapshots."""
    before = snapshot(store)
    export(store, "json", path)
    wipe(store)
    import_file(store, path)
    return before, snapshot(store)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_json_round_trip_is_lossless(store: Actor, tmp_path: Path, data: st.DataObject) -> None:
    wipe(store)
    write(store, data.draw(journals(store.person_id)))
    before, after = round_trip(store, tmp_path / "backup.json")
    assert after == before


def test_round_trip_keeps_person_history_deletions_and_plans(store: Actor, tmp_path: Path) -> None:
    person = store.person_id
    write(store, sample_journal(person))
    before, after = round_trip(store, tmp_path / "backup.json")
    assert after == before
    assert store.person_id == person and after["person"]["id"] == str(person)  # type: ignore[index]
    ratings = after["tables"]["pain_rating"]  # type: ignore[index]
    assert sum(1 for r in ratings if r["replaces_id"]) == 1
    assert sum(1 for r in ratings if r["deleted_at"]) == 1
    [plan_key] = after["plans"]  # type: ignore[misc]
    assert after["tables"]["session"][0]["plan"] == plan_key  # type: ignore[index]


def test_backup_header_names_format_version_revision_and_time(store: Actor, tmp_path: Path) -> None:
    path = export(store, "json", tmp_path / "b.json").path
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert (doc["format"], doc["version"]) == ("unknot-backup", 1)
    assert doc["schema_revision"] and doc["exported_at"] == "2026-03-02T18:30:00+00:00"
    assert list(doc["tables"]) == [t.name for t in RECORD_TABLES]
    assert set(doc["tables"]) >= {
        "profile", "screening", "session", "session_step", "pain_rating", "stop_event",
        "progression", "checkin", "spadi", "note",
    }  # fmt: skip


def test_every_table_that_belongs_to_a_person_travels_in_the_backup() -> None:
    from unknot.store.tables import Base

    owned = {t.name for t in Base.metadata.sorted_tables if "person_id" in t.c}
    assert {t.name for t in RECORD_TABLES} == owned - NOT_EXPORTED


def test_importing_the_same_backup_twice_adds_nothing(store: Actor, tmp_path: Path) -> None:
    write(store, sample_journal(store.person_id))
    path = export(store, "json", tmp_path / "b.json").path
    wipe(store)
    first = import_file(store, path)
    after_first = snapshot(store)
    second = import_file(store, path)
    assert sum(first.added.values()) == 14 and first.already == 0
    assert second.added == {} and second.already == 14
    assert snapshot(store) == after_first


def test_an_empty_store_takes_on_the_backups_person(store: Actor, tmp_path: Path) -> None:
    write(store, sample_journal(store.person_id))
    original = store.person_id
    path = export(store, "json", tmp_path / "b.json").path
    wipe(store)
    assert store.person_id != original
    result = import_file(store, path)
    assert result.adopted == original and store.person_id == original


def test_a_store_with_another_persons_data_is_refused_and_unchanged(
    store: Actor, tmp_path: Path
) -> None:
    write(store, sample_journal(store.person_id))
    path = export(store, "json", tmp_path / "b.json").path
    wipe(store)
    write(store, {"note": sample_journal(store.person_id)["note"]})
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        import_file(store, path)
    assert caught.value.message.startswith(
        "This store already holds data of another person (1 note); the backup belongs to person "
    )
    assert "UNKNOT_DATA_DIR=NEW_FOLDER unknot import FILE" in caught.value.hint
    assert snapshot(store) == before


def test_a_backup_saved_with_a_byte_order_mark_imports(store: Actor, tmp_path: Path) -> None:
    write(store, sample_journal(store.person_id))
    path = export(store, "json", tmp_path / "b.json").path
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    before = snapshot(store)
    wipe(store)
    import_file(store, path)
    assert snapshot(store) == before

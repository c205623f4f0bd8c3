"""unknot demo: realistic, the same for the same seed, and never over someone's data."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from exchange_factories import (
    NOW,
    open_store,
    sample_journal,
    snapshot,
    wipe,
    write,
)
from unknot.errors import ValidationError
from unknot.services.app import Actor
from unknot.services.demo.folder import fill
from unknot.services.exchange.transfer import export, import_file


def test_same_seed_gives_the_same_export(store: Actor, tmp_path: Path) -> None:
    fill(store, days=40, seed=5)
    first = snapshot(store)
    fill(store, days=40, seed=5, force=True)
    assert snapshot(store) == first
    other = open_store(f"sqlite:///{tmp_path / 'other.sqlite3'}")
    fill(other, days=40, seed=5)
    assert snapshot(other) == first
    fill(other, days=40, seed=6, force=True)
    assert snapshot(other) != first
    other.app.close()


def test_demo_data_looks_like_a_real_journal(store: Actor) -> None:
    result = fill(store, days=70, seed=2)
    doc = snapshot(store)
    found = doc["tables"]
    assert result.counts["checkin"] == 70 and len(found["checkin"]) == 70
    assert 120 <= len(found["session"]) <= 160  # about two a day
    assert len(found["spadi"]) == 10 and len(found["profile"]) == 1
    first, last = sorted(s["taken_at"] for s in found["screening"])  # the start and yesterday
    today = store.clock().date()
    assert first[:10] < (today - timedelta(days=2)).isoformat() < last[:10] < today.isoformat()
    assert len(found["pain_rating"]) >= 2 * len(found["session"])
    assert {s["status"] for s in found["session"]} >= {"finished"}
    days = [date.fromisoformat(c["day"]) for c in found["checkin"]]
    assert days[-1] == date(2026, 3, 1) and days[0] == date(2025, 12, 22)
    assert max(r["taken_at"] for r in found["pain_rating"]) < NOW.isoformat()
    assert doc["person"]["id"] == str(store.person_id)


def test_demo_data_survives_an_export_and_import(store: Actor, tmp_path: Path) -> None:
    fill(store, days=20, seed=3)
    before = snapshot(store)
    path = export(store, "json", tmp_path / "demo.json").path
    wipe(store)
    import_file(store, path)
    assert snapshot(store) == before


def test_demo_refuses_a_store_with_data_and_says_what_is_there(store: Actor) -> None:
    write(store, sample_journal(store.person_id))
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        fill(store, days=10)
    assert "already holds data (1 profile, 1 session, 1 session step, 7 pain ratings" in (
        caught.value.message
    )
    assert "--force" in caught.value.hint
    assert snapshot(store) == before


def test_force_replaces_the_data_and_keeps_a_copy_on_sqlite(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    write(store, sample_journal(store.person_id))
    result = fill(store, days=10, seed=1, force=True)
    assert result.replaced["pain_rating"] == 7
    assert result.backup is not None and result.backup.exists()
    assert len(snapshot(store)["tables"]["checkin"]) == 10
    store.app.close()


@pytest.mark.parametrize("days", [0, 36_501])
def test_days_out_of_range_are_refused(store: Actor, days: int) -> None:
    with pytest.raises(ValidationError, match="is out of range; give 1 to 36500"):
        fill(store, days=days)

"""A backup made before migration 0005 (issue 12) still imports: its screenings get the new
columns with their starting values, and a stored "caution" reads as "clear"."""

from __future__ import annotations

import json
from pathlib import Path

from exchange_factories import wipe
from unknot.core.screening import Tier
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.exchange.transfer import export, import_file

NEW_COLUMNS = ("checked", "routine_status", "routine_marked_at")


def test_an_older_backup_with_a_caution_screening_imports(store: Actor, tmp_path: Path) -> None:
    safety.record(store, {q.id: q.id == "blood_thinner" for q in safety.questions()})
    path = export(store, "json", tmp_path / "new.json").path
    data = json.loads(path.read_text(encoding="utf-8"))
    for row in data["tables"]["screening"]:
        for name in NEW_COLUMNS:
            row.pop(name)
        row["tier"] = "caution"  # as the rules before 2026-12 stored a contraindication
        row["rules_version"] = "2026-11-25.1"
    data["schema_revision"] = "0004"
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    wipe(store)
    result = import_file(store, old)
    assert result.added.get("screening") == 1
    current = safety.status(store)
    assert current.tier is Tier.CLEAR and current.conditions == {"anticoagulant"}
    assert current.due  # made under older rules: asked again
    assert current.routine_status == "" and current.checked_ids == ()

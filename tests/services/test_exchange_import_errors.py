"""Malformed import files: each is refused with its exact message, and the store is untouched."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from exchange_factories import (
    empty_store,
    sample_journal,
    snapshot,
    write,
)
from unknot.errors import NotFoundError, ValidationError
from unknot.services.app import Actor
from unknot.services.exchange.json_backup import dumps
from unknot.services.exchange.transfer import backup_document, export, import_file

Doc = dict[str, Any]


@pytest.fixture
def store(database: str) -> Iterator[Actor]:
    with empty_store(database) as opened:
        write(opened, sample_journal(opened.person_id))
        yield opened


def _duplicate_id(doc: Doc) -> None:
    doc["tables"]["note"].append(dict(doc["tables"]["note"][0]))


def _bad_values(doc: Doc) -> None:
    rating = doc["tables"]["pain_rating"][0]
    rating.update(value=11, taken_at="2026-04-01T09:00:00+00:00", location="elbow")
    doc["tables"]["spadi"][0]["answers"] = [1, 2, 3]
    doc["tables"]["checkin"][0]["day"] = "2026-02-30"


def _stranger(doc: Doc) -> None:
    doc["tables"]["note"][0]["person_id"] = "00000000-0000-4000-8000-000000000001"


def _bad_shape(doc: Doc) -> None:
    note = doc["tables"]["note"][0]
    note["colour"] = "red"
    del note["text"]
    note["id"] = "not-a-uuid"
    note["created_at"] = "2026-02-20T17:00:00"
    doc["tables"]["session_step"][0]["session_id"] = "00000000-0000-4000-8000-000000000000"
    doc["tables"]["session"][0]["plan"] = "missing"


# (case, file name, file content from a valid backup document, message, problems)
CASES: list[tuple[str, str, Callable[[Doc], bytes], str, list[str]]] = [
    ("empty", "e.json", lambda d: b"", "{path} is empty: there is nothing to import.", []),
    (
        "blank lines only",
        "e.csv",
        lambda d: b"\r\n  \r\n",
        "{path} is empty: there is nothing to import.",
        [],
    ),
    (
        "not utf-8",
        "latin1.csv",
        lambda d: "time,value,note\n2026-02-01 08:00,4,café\n".encode("latin-1"),
        "{path} is not UTF-8 text: byte 0xe9 at position 38 cannot be read.",
        [],
    ),
    (
        "truncated json",
        "cut.json",
        lambda d: "".join(dumps(d)).encode()[:300],
        "{path} is not valid JSON (line 4, column 37: Unterminated string starting at).",
        [],
    ),
    (
        "json of another program",
        "other.json",
        lambda d: b'{"format": "fitness-tracker", "version": 1}',
        "{path} was not imported: the backup has 1 problem(s).",
        [
            "other.json, field 'format': the format is 'fitness-tracker', not 'unknot-backup': "
            "this is not an unknot backup"
        ],
    ),
    (
        "newer backup version",
        "v2.json",
        lambda d: json.dumps({**d, "version": 2}).encode(),
        "{path} was not imported: the backup has 1 problem(s).",
        ["v2.json, field 'version': backup version 2 is not one this unknot reads (it reads 1)"],
    ),
    (
        "json list",
        "list.json",
        lambda d: b"[1, 2, 3]",
        "{path} was not imported: the backup has 1 problem(s).",
        ["list.json: the file holds JSON but not a JSON object, so it is not an unknot backup"],
    ),
    (
        "duplicate id",
        "dup.json",
        lambda d: (_duplicate_id(d), json.dumps(d).encode())[1],
        "{path} was not imported: the backup has 1 problem(s).",
        [
            "dup.json, note record 2, field 'id': the id {note} is used again (first by record 1)",
        ],
    ),
    (
        "values out of range, future, unknown, bad date",
        "bad.json",
        lambda d: (_bad_values(d), json.dumps(d).encode())[1],
        "{path} was not imported: the backup has 5 problem(s).",
        [
            "bad.json, pain_rating record 1, field 'value': 11 is not from 0 to 10",
            "bad.json, pain_rating record 1, field 'taken_at': 2026-04-01T09:00:00+00:00 is in "
            "the future",
            "bad.json, pain_rating record 1, field 'location': 'elbow' is not a shoulder "
            "location (like right-front)",
            "bad.json, checkin record 1, field 'day': '2026-02-30' is not a date (YYYY-MM-DD)",
            "bad.json, spadi record 1, field 'answers': SPADI answers must be 13 whole numbers "
            "from 0 to 10 (null when unanswered)",
        ],
    ),
    (
        "unknown and missing columns, bad uuid, no offset, dangling session",
        "shape.json",
        lambda d: (_bad_shape(d), json.dumps(d).encode())[1],
        "{path} was not imported: the backup has 6 problem(s).",
        [
            "shape.json, session record 1, field 'plan': plan 'missing' is not in the backup's "
            "plans",
            "shape.json, note record 1, field 'colour': there is no such column in note",
            "shape.json, note record 1, field 'id': 'not-a-uuid' is not a UUID",
            "shape.json, note record 1, field 'text': the column is missing",
            "shape.json, note record 1, field 'created_at': '2026-02-20T17:00:00' has no UTC "
            "offset",
            "shape.json, session_step record 1, field 'session_id': session "
            "00000000-0000-4000-8000-000000000000 is not in the backup",
        ],
    ),
    (
        "a record of another person",
        "stranger.json",
        lambda d: (_stranger(d), json.dumps(d).encode())[1],
        "{path} was not imported: the backup has 1 problem(s).",
        [
            "stranger.json, note record 1, field 'person_id': the record belongs to another "
            "person than the backup's"
        ],
    ),
    (
        "csv with a wrong header",
        "h.csv",
        lambda d: b"when,pain,note\n2026-02-01 08:00,4,\n",
        "{path} was not imported: the CSV has 4 problem(s).",
        [
            "h.csv, row 1, field 'when': unknown column 'when'; the columns are time, value, "
            "location, note",
            "h.csv, row 1, field 'pain': unknown column 'pain'; the columns are time, value, "
            "location, note",
            "h.csv, row 1, field 'time': the column is missing from the header",
            "h.csv, row 1, field 'value': the column is missing from the header",
        ],
    ),
    (
        "csv header without rows",
        "only.csv",
        lambda d: b"time,value\n",
        "{path} was not imported: the CSV has 1 problem(s).",
        ["only.csv: the file has a header but no rows"],
    ),
    (
        "csv rows with every kind of mistake",
        "rows.csv",
        lambda d: (
            b"time,value,location,note\n"
            b"2026-02-01 08:00,4,right-front,fine\n"
            b"2026-02-01 09:00,11,,too high\n"
            b"2026-02-01 10:00,4.5,,\n"
            b"yesterday,3,,\n"
            b"2026-02-30 08:00,3,,\n"
            b"2026-03-05 08:00,3,,future\n"
            b"2026-02-02 08:00,3,knee,\n"
            b"2026-02-02 09:00,3\n"
            b"2026-02-01 08:00,4,right-front,fine\n"
        ),
        "{path} was not imported: the CSV has 8 problem(s).",
        [
            "rows.csv, row 3, field 'value': '11' is not a whole number from 0 to 10",
            "rows.csv, row 4, field 'value': '4.5' is not a whole number from 0 to 10",
            "rows.csv, row 5, field 'time': 'yesterday' is not a date and time like "
            "2026-03-01 08:30",
            "rows.csv, row 6, field 'time': '2026-02-30 08:00' is not a date and time like "
            "2026-03-01 08:30",
            "rows.csv, row 7, field 'time': 2026-03-05 08:00 is in the future",
            "rows.csv, row 8, field 'location': 'knee' is not a shoulder location (left-front, "
            "left-top, left-back, right-front, right-top, right-back, both-front, both-top, "
            "both-back)",
            "rows.csv, row 9: the row has 2 cells but the header has 4",
            "rows.csv, row 10, field 'time': the row repeats row 2 exactly",
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "message", "problems"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_a_malformed_file_is_refused_with_every_problem_and_the_store_is_unchanged(
    store: Actor,
    tmp_path: Path,
    name: str,
    content: Callable[[Doc], bytes],
    message: str,
    problems: list[str],
) -> None:
    doc = json.loads("".join(dumps(backup_document(store))))
    note = doc["tables"]["note"][0]["id"]
    path = tmp_path / name
    path.write_bytes(content(doc))
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        import_file(store, path)
    assert caught.value.message == message.format(path=path)
    assert [p.render() for p in caught.value.problems] == [p.format(note=note) for p in problems]
    assert snapshot(store) == before


def test_a_file_over_the_size_limit_is_refused_before_reading(store: Actor, tmp_path: Path) -> None:
    path = export(store, "json", tmp_path / "big.json").path
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        import_file(store, path, limit=1000)
    size = path.stat().st_size / 1024
    assert caught.value.message == (
        f"{path} is {size:.0f} KB; unknot imports files up to 1000 bytes."
    )
    assert snapshot(store) == before


def test_a_missing_file_is_named(store: Actor, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match=r"There is no file .*nothing\.json"):
        import_file(store, tmp_path / "nothing.json")


@pytest.mark.parametrize("fmt", ["fhir", "csv"])
def test_an_export_that_is_not_a_backup_says_what_it_is_and_what_to_import(
    store: Actor, tmp_path: Path, fmt: str
) -> None:
    made = export(store, fmt, tmp_path / ("out.json" if fmt == "fhir" else "out.zip")).path
    before = snapshot(store)
    with pytest.raises(ValidationError) as caught:
        import_file(store, made, shown="my-export")
    said = caught.value.message
    assert said.startswith("my-export is a ")
    assert ("FHIR health-record bundle" if fmt == "fhir" else "zip file") in said
    assert "JSON backup" in (caught.value.hint or "")
    assert snapshot(store) == before

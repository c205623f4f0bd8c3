"""``unknot report``: terminal text, JSON, and figures and PDFs checked for what they show."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actors import open_actor
from insights_journal import store_journal, synthetic_journal
from unknot.cli import app as cli_app
from unknot.cli.report_view import block, sparkline
from unknot.config import load_settings
from unknot.services import safety
from unknot.services.profile import change_profile

runner = CliRunner()
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


@pytest.fixture
def filled() -> int:
    """A store with 120 days of journal ending today (UTC); returns the number of days."""
    services = open_actor(load_settings())
    change_profile(services, {"timezone": "UTC", "painful_shoulder": "left"})
    safety.record(services, {q.id: q.id == "blood_thinner" for q in safety.questions()})
    store_journal(services, synthetic_journal(120, datetime.now(UTC).date(), seed=7))
    services.app.close()
    return 120


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli_app.app, ["report", *args])


def test_terminal_report_has_sparkline_numbers_and_the_habit_caveat(filled: int) -> None:
    result = run("--since", (datetime.now(UTC).date() - timedelta(29)).isoformat())
    assert result.exit_code == 0, result.output
    out = result.output
    assert re.search("[▁▂▃▄▅▆▇█]{10,}", out), out
    assert "Hip routine (full): pain" in out and "95% interval" in out
    assert "hip-full" not in out  # names, never ids (issue 15)
    assert "Sessions on" in out and "of the last 14 days" in out
    assert "Association is not cause" in out
    assert "streak" not in out.lower()


def test_clinician_prompt_is_shown_when_pain_does_not_improve() -> None:
    services = open_actor(load_settings())
    change_profile(services, {"timezone": "UTC"})
    today = datetime.now(UTC).date()
    store_journal(services, synthetic_journal(40, today, seed=1, start_pain=5, end_pain=6))
    services.app.close()
    result = run()
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.replace("\u2502", " ").split())  # the panel, unwrapped
    assert "worth a routine appointment" in flat
    assert "It is not urgent, and your sessions can go on." in flat
    assert "nhs.uk/conditions/shoulder-pain" in result.output


def test_empty_store_says_what_to_do() -> None:
    result = run()
    assert result.exit_code == 0, result.output
    assert "unknot log pain" in result.output
    assert "Not enough days yet" in result.output


def test_json_has_every_section(filled: int) -> None:
    result = run("--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert set(document) >= {"days", "routines", "techniques", "spadi", "adherence", "habits"}
    assert len(document["days"]) == 90
    assert document["adherence"]["last_14_days"]["days"] == 14


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "yesterday"), "--since 'yesterday' is not a date like 2026-01-31."),
        (("--since", "2999-01-01"), "that is after today"),
        (("--output", "report.jpg"), "the report is written as .png, .svg or .pdf"),
        (("--output", "/no/such/folder/r.png"), "the folder /no/such/folder does not exist"),
    ],
)
def test_bad_options_are_refused_with_a_clear_message(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 1
    assert message in result.output


def test_svg_shows_labels_and_one_dot_per_day(filled: int, tmp_path: Path) -> None:
    path = tmp_path / "report.svg"
    result = run("--output", str(path), "--json")
    assert result.exit_code == 0, result.output
    days = json.loads(result.output)["days"]
    averaged = sum(1 for d in days if d["average"] is not None)
    rolled = sum(1 for d in days if d["rolling_7d"] is not None)
    root = ET.parse(path).getroot()
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    for label in ("Daily pain", "Pain (0-10)", "7-day mean", "SPADI (0-100)", "Hip routine (full)"):
        assert label in texts, label
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g")}
    assert len(list(groups["daily-average"].iter(f"{SVG}use"))) == averaged
    assert len(list(groups["sessions"].iter(f"{SVG}use"))) == sum(1 for d in days if d["sessions"])
    path_data = next(groups["rolling-mean"].iter(f"{SVG}path")).get("d") or ""
    assert len(re.findall("[ML]", path_data)) == rolled


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and raw (filtered) pixel rows of a PNG, with the standard library only."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        if kind == b"IDAT":
            chunks.append(data[offset + 8 : offset + 8 + length])
        offset += 12 + length
    return width, height, zlib.decompress(b"".join(chunks))


def test_png_is_a_real_picture(filled: int, tmp_path: Path) -> None:
    path = tmp_path / "report.png"
    result = run("--output", str(path))
    assert result.exit_code == 0, result.output
    assert "Wrote " in result.output
    width, height, raw = _png_pixels(path.read_bytes())
    assert width >= 1200 and height >= 900
    stride = len(raw) // height
    rows = [raw[i * stride + 1 : (i + 1) * stride] for i in range(height)]
    blank = rows[0]  # the top-left corner row is background
    drawn = sum(1 for row in rows if row != blank)
    assert drawn > height * 0.5  # most rows carry ink
    assert len(set(raw)) > 50  # many colours/shades, not a flat image


def test_pdf_visit_summary(filled: int, tmp_path: Path) -> None:
    path = tmp_path / "visit.pdf"
    result = run("--output", str(path))
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b", data))
    assert 1 <= pages <= 2
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed; page count checked only")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "Shoulder pain: visit summary",
        "Person and screening",
        "blood",  # the screening flag, in the question's own words
        "Pain before → after, per routine",
        "SPADI",
        "Sessions on",
        "Association is not cause",
        "page 1 of",
    ):
        assert expected in text, expected


def test_sparkline_is_on_a_fixed_scale_and_buckets_long_periods() -> None:
    from zoneinfo import ZoneInfo

    from unknot.core.insights.build import build_insights

    today = datetime(2026, 3, 2, tzinfo=UTC).date()
    data = synthetic_journal(400, today, seed=2)
    ins = build_insights(data, today, ZoneInfo("UTC"), today - timedelta(364))
    pain, sessions, size = sparkline(ins, 60)
    assert size == 7 and len(pain) == len(sessions) == 53
    assert (block(0), block(10), block(5)) == ("▁", "█", "▅")


def test_pdf_from_an_empty_store_is_one_page(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    result = run("--output", str(path))
    assert result.exit_code == 0, result.output
    assert len(re.findall(rb"/Type\s*/Page\b", path.read_bytes())) == 1


def test_pdf_falls_back_to_a_core_font_without_dejavu(tmp_path: Path) -> None:
    from zoneinfo import ZoneInfo

    from unknot.core.insights.build import build_insights
    from unknot.core.profile import Profile
    from unknot.documents.report_pdf import pdf_bytes
    from unknot.services.insights import VisitSummary
    from unknot.services.safety import SafetyStatus

    today = datetime(2026, 3, 2, tzinfo=UTC).date()
    ins = build_insights(synthetic_journal(60, today, seed=4), today, ZoneInfo("UTC"), today)
    status = SafetyStatus(today, None, None, (), frozenset(), None, False, "")
    summary = VisitSummary(ins, Profile(), status, datetime(2026, 3, 2, 18, tzinfo=UTC))
    data = pdf_bytes(summary, font_dir=tmp_path / "no-fonts")
    assert data.startswith(b"%PDF-") and b"/Helvetica" in data
    assert b"DejaVu" not in data

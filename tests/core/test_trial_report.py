"""The trial report built from plain values: what is shown when, adherence, flags, figures."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from unknot.core import trial as core
from unknot.core.journal import CheckIn, SessionEntry
from unknot.core.trial_days import TrialInput
from unknot.core.trial_report import build_report

START = date(2026, 3, 2)
SEOUL = ZoneInfo("Asia/Seoul")
ORDERS = ("AB", "BA", "AB")


def trial(events: tuple[tuple[core.Event, datetime], ...] = (), **design: object) -> TrialInput:
    return TrialInput(
        trial_id="t",
        design=core.Design(**design),  # type: ignore[arg-type]
        start=START,
        seed=5,
        sequence=ORDERS,
        randomisation=core.RANDOMISATION,
        events=events,
        design_check={},
        assessed_by_clinician=False,
        screening_tier="clear",
        arm_names={"A": "Hip", "B": "Shoulder"},
    )


def checkin(day: date, pain: int, painkillers: bool = False) -> CheckIn:
    return CheckIn(uuid.uuid4(), day, datetime.combine(day, time(11), UTC), "Asia/Seoul", pain,
                   pain + 2, painkillers=painkillers)  # fmt: skip


def session(
    day: date, routine: str, status: str = "finished", stops: tuple[str, ...] = (), hour: int = 20
) -> SessionEntry:
    at = datetime.combine(day, time(hour, 30), SEOUL).astimezone(UTC)
    return SessionEntry(uuid.uuid4(), routine, at, "Asia/Seoul", status, 600, 600.0, 4, 3,
                        stop_rules=stops)  # fmt: skip


def arms() -> list[str]:
    return [arm for order in ORDERS for arm in order for _ in range(7)]


def test_trial_report_running_hides_the_sequence_and_later_periods() -> None:
    today = START + timedelta(9)
    checks = [checkin(START + timedelta(i), 4) for i in range(10)]
    report = build_report(trial(), checks, [], SEOUL, today)
    body = report.to_json()
    assert body["state"] == "active" and body["randomisation"]["sequence"] is None
    assert [p["arm"] for p in body["periods"]] == ["A", "B"]
    assert report.verdict[0].startswith("Interim look")


def test_trial_report_adherence_by_arm_and_local_day() -> None:
    days = [START + timedelta(i) for i in range(42)]
    checks = [checkin(d, 3 if a == "A" else 5) for d, a in zip(days, arms(), strict=True)]
    sessions = [session(days[0], "hip-full"), session(days[1], "hip-full", "quit"),
                session(days[7], "shoulder", stops=("sharp_pain",)),
                session(days[8], "hip-full"), session(days[3], "hip-full", hour=0)]  # fmt: skip
    report = build_report(trial(), checks, sessions, SEOUL, START + timedelta(42))
    first, second = report.periods[0], report.periods[1]
    # day 1 finished; day 2 quit; day 4 at 00:30 in Seoul (the day before in UTC) finished
    assert first["days_adherent"] == 2
    assert second["days_adherent"] == 1 and second["stop_events"][0]["rule"] == "sharp_pain"
    assert report.harms[1]["count"] == 1
    assert report.to_json()["randomisation"]["sequence"] == list(ORDERS)
    a, b = report.interventions
    assert (a["sessions"], a["sessions_finished"]) == (3, 2)
    assert (b["sessions"], b["days_on_protocol"]) == (2, 1)  # day 9: the hip routine on a B day


def test_trial_report_no_routine_arm_is_on_protocol_without_sessions() -> None:
    days = [START + timedelta(i) for i in range(14)]
    checks = [checkin(d, 4) for d in days]
    report = build_report(trial(arm_b="none"), checks, [session(days[9], "shoulder")], SEOUL,
                          START + timedelta(14))  # fmt: skip
    b_period = report.periods[1]
    assert b_period["arm"] == "B" and b_period["days_adherent"] == 6


def test_trial_report_stopped_trial_is_flagged() -> None:
    stop_day = START + timedelta(10)
    events = ((core.Event("stop", stop_day, "pain got worse"), datetime(2026, 3, 12, tzinfo=UTC)),)
    checks = [checkin(START + timedelta(i), 4) for i in range(12)]
    report = build_report(trial(events), checks, [], SEOUL, START + timedelta(12))
    assert report.state == "stopped" and len(report.days) == 10
    assert any("Stopped early" in line for line in report.limitations)
    assert report.events[0]["flag"] == "Stopped early" and report.events[0]["reason"]
    assert report.randomisation["sequence"] == list(ORDERS)


def test_trial_report_without_period_days_says_why() -> None:
    report = build_report(trial(run_in_days=5), [], [], SEOUL, START + timedelta(2))
    assert report.analysis is None and "no period" in (report.analysis_reason or "")
    assert report.to_json()["lead_in"][0]["kind"] == "run-in"


def test_trial_report_pdf_and_figure_with_and_without_unicode_fonts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from unknot.core.trial_report import residual_acf
    from unknot.documents.trial_pdf import pdf_bytes
    from unknot.documents.trial_plot import figure_bytes

    days = [START + timedelta(i) for i in range(42)]
    pairs = enumerate(zip(days, arms(), strict=True))
    checks = [checkin(d, (3 if a == "A" else 5) + i % 2) for i, (d, a) in pairs]
    report = build_report(trial(), checks, [], SEOUL, START + timedelta(42))
    lags, acf, band = residual_acf(report)
    assert lags[0] == 1 and acf[0] < -0.8 and 0 < band < 0.5  # alternating residuals
    assert figure_bytes(report).startswith(b"\x89PNG")
    assert pdf_bytes(report).startswith(b"%PDF")
    assert pdf_bytes(report, font_dir=tmp_path).startswith(b"%PDF")  # core-font fallback


def test_trial_report_pdf_shows_the_prior_sensitivity_line(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from unknot.documents import trial_pdf

    written: list[str] = []
    original = trial_pdf._Doc.para

    def para(self, value: str, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        written.append(value)
        original(self, value, *args, **kwargs)

    monkeypatch.setattr(trial_pdf._Doc, "para", para)
    days = [START + timedelta(i) for i in range(42)]
    pairs = enumerate(zip(days, arms(), strict=True))
    checks = [checkin(d, (3 if a == "A" else 5) + i % 2) for i, (d, a) in pairs]
    report = build_report(trial(), checks, [], SEOUL, START + timedelta(42))
    assert report.analysis is not None and report.analysis.prior_sensitivity is not None
    trial_pdf.pdf_bytes(report)
    for line in report.analysis.prior_sensitivity.words:
        assert f"Prior sensitivity: {line}" in written

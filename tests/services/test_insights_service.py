"""The insights service on SQLite and PostgreSQL: stored journal in, the same numbers out."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from actors import open_actor
from insights_journal import store_journal, synthetic_journal
from unknot.config import load_settings
from unknot.core.insights.build import build_insights
from unknot.errors import ValidationError
from unknot.services import insights, safety
from unknot.services.app import Actor
from unknot.services.journal import write as journal
from unknot.services.profile import change_profile

NOW = datetime(2026, 3, 2, 18, 30, tzinfo=UTC)
TODAY = date(2026, 3, 2)


@pytest.fixture
def services(db_url: str) -> Iterator[Actor]:
    opened = open_actor(replace(load_settings(), database_url=db_url), clock=lambda: NOW)
    change_profile(opened, {"timezone": "UTC", "painful_shoulder": "right"})
    yield opened
    opened.app.close()


def test_report_from_the_store_matches_the_core(services: Actor) -> None:
    data = synthetic_journal(120, TODAY, seed=5)
    store_journal(services, data)
    since = TODAY - timedelta(59)
    from_store = insights.report(services, since)
    direct = build_insights(data, TODAY, ZoneInfo("UTC"), since)
    assert replace(from_store, names={}) == direct  # the service adds names in words
    assert from_store.name("hip-full") == "Hip routine (full)"
    assert from_store.since == since and from_store.days[-1].day == TODAY
    assert from_store.recent.session_days > 0 and any(c.shown for c in from_store.routines)


def test_default_window_is_ninety_days_with_context_before_it(services: Actor) -> None:
    store_journal(services, synthetic_journal(200, TODAY, seed=2))
    result = insights.report(services)
    assert result.since == TODAY - timedelta(89)
    assert result.days[0].day == result.since
    assert result.days[0].rolling is not None  # the days before the window feed the first mean


def test_corrected_and_deleted_ratings_are_not_counted(services: Actor) -> None:
    first = journal.log_pain(services, 9, at=NOW - timedelta(hours=2))
    journal.log_pain(services, 3, at=NOW - timedelta(hours=1))
    journal.edit(services, str(first.id), {"value": 5})
    result = insights.report(services, TODAY)
    assert result.days[-1].average == pytest.approx(4.0)  # 5 (corrected) and 3
    assert result.days[-1].worst == 5


def test_an_empty_journal_reports_nothing_and_does_not_fail(services: Actor) -> None:
    result = insights.report(services)
    assert result.days == () and result.routines == ()
    assert result.clinician.kind == "not_enough_data"
    assert all(not h.shown for h in result.habits)


def test_since_after_today_is_refused(services: Actor) -> None:
    with pytest.raises(ValidationError, match="after today"):
        insights.report(services, TODAY + timedelta(1))


def test_visit_summary_has_profile_and_screening(services: Actor) -> None:
    safety.record(services, {q.id: q.id == "blood_thinner" for q in safety.questions()})
    store_journal(services, synthetic_journal(30, TODAY, seed=3))
    summary = insights.visit_summary(services)
    assert summary.profile.painful_shoulder.value == "right"
    assert "blood_thinner" in summary.safety.hit_ids
    assert summary.insights.today == TODAY

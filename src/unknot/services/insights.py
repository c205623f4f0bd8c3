"""Insights for the faces: load the journal once, let the core compute, add what a visit
summary needs (profile, screening)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from unknot.core import bounds
from unknot.core.insights.build import ROLLING_DAYS, TWO_WEEKS, Insights, build_insights
from unknot.core.profile import Profile
from unknot.errors import ValidationError
from unknot.i18n import _
from unknot.services.app import Actor
from unknot.services.journal.read import load_journal
from unknot.services.journal.times import person_zone

if TYPE_CHECKING:
    from unknot.services.safety import SafetyStatus

DEFAULT_DAYS = 90  # the report covers the last 90 days unless told otherwise


def report(actor: Actor, since: date | None = None) -> Insights:
    """Insights for ``since`` .. today (default: the last 90 days) in the person's zone."""
    zone = person_zone(actor)
    today = zone.today(actor.clock())
    start = since if since is not None else today - timedelta(DEFAULT_DAYS - 1)
    if start > today:
        raise ValidationError(
            _("The report cannot start on {since}: that is after today ({today}).").format(
                since=start.isoformat(), today=today.isoformat()
            ),
            hint=_("Give --since a date on or before today, like {example}.").format(
                example=(today - timedelta(30)).isoformat()
            ),
            web_hint=_("Choose a start date (since) on or before today, like {example}.").format(
                example=(today - timedelta(30)).isoformat()
            ),
        )
    if start < bounds.EARLIEST.date():
        raise ValidationError(
            _("The report cannot start on {since}: unknot keeps nothing before 2000-01-01.").format(
                since=start.isoformat()
            ),
            hint=_("Give --since a date from 2000-01-01 on."),
            web_hint=_("Choose a start date (since) from 2000-01-01 on."),
        )
    # Records a little before the window feed the first 7-day means and the two-week rule.
    context = min(start - timedelta(ROLLING_DAYS - 1), today - timedelta(TWO_WEEKS + ROLLING_DAYS))
    journal = load_journal(actor, since=context)
    from unknot.services.session.words import named

    return named(actor, build_insights(journal, today, zone.tz, start))


@dataclass(frozen=True)
class VisitSummary:
    """What the PDF for a physiotherapist shows, made from the same insights as the report."""

    insights: Insights
    profile: Profile
    safety: SafetyStatus
    made_at: datetime


def visit_summary(actor: Actor, since: date | None = None) -> VisitSummary:
    from unknot.services.profile import get_profile
    from unknot.services.safety import status

    insights = report(actor, since)
    zone = person_zone(actor)
    return VisitSummary(
        insights=insights,
        profile=get_profile(actor),
        safety=status(actor),
        made_at=actor.clock().astimezone(zone.tz),
    )

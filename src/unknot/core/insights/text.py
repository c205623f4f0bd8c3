"""The report's plain sentences, shared by the terminal, the PNG/SVG figure and the PDF.

Every sentence goes through ``_()``. Numbers are given with one decimal; a negative change is
written with a real minus sign. Nothing here claims more than the numbers show: changes are
described with the NRS wording of clinical-facts.md section 3.1, SPADI against its 13-point
MDC (section 3.2), and habits as associations only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from unknot.core.insights.build import (
    CLINICIAN_MIN_DAYS,
    MEANINGFUL_POINTS,
    MIN_CHANGE_N,
    MIN_HABIT_DAYS,
    Adherence,
    Change,
    ClinicianCheck,
    HabitLink,
    SpadiTrend,
)
from unknot.i18n import _, ngettext

NHS_SOURCE = "NHS, Shoulder pain: nhs.uk/conditions/shoulder-pain"


def num(value: float) -> str:
    """One decimal, with a true minus sign."""
    text = f"{value:.1f}"
    return text.replace("-", "\u2212") if value < 0 and text != "-0.0" else text.lstrip("-")


def signed(value: float) -> str:
    return num(value) if value < 0 or num(value) == "0.0" else "+" + num(value)


def habit_name(habit: str) -> str:
    names = {
        "posture_breaks": _("posture breaks"),
        "activity": _("physical activity"),
        "water": _("enough water"),
        "stretching": _("stretching"),
    }
    return names.get(habit, habit)


# -- the two-week rule ---------------------------------------------------------------------
# Tier D of the screening (clinical-facts.md section 1D, [NHS-SP]): shoulder pain that is getting
# worse or not improving after 2 weeks is worth a routine appointment; self-care may go on.


def clinician_title() -> str:
    """The heading of the two-week prompt, the same in every report."""
    return _("Pain not clearly improving: worth a routine appointment")


def clinician_advice() -> str:
    """Tier D's advice, as the screening gives it: routine, not urgent, sessions go on."""
    return _(
        "Shoulder pain that is getting worse or not improving after 2 weeks is worth a routine "
        "appointment with a GP or physiotherapist (many take self-referral). It is not urgent, "
        "and your sessions can go on."
    )


def clinician_text(check: ClinicianCheck) -> str:
    recent = num(check.recent_mean) if check.recent_mean is not None else ""
    earlier = num(check.earlier_mean) if check.earlier_mean is not None else ""
    numbers = {"recent": recent, "earlier": earlier}
    if check.kind == "worse":
        return " ".join(
            (
                _(
                    "Your shoulder pain is higher than two weeks ago (two weeks earlier "
                    "{earlier}, last 7 days {recent} out of 10)."
                ).format(**numbers),
                clinician_advice(),
            )
        )
    if check.kind == "not_improved":
        return " ".join((_not_improved(numbers), clinician_advice()))
    if check.kind == "improved":
        return _(
            "Your pain over the last 7 days ({recent}) is lower than two weeks earlier ({earlier})."
        ).format(**numbers)
    if check.kind == "little_pain":
        return _("Your pain over the last 7 days averages {recent} out of 10.").format(**numbers)
    return _(
        "Not enough days yet to compare the last 7 days with two weeks earlier (each needs "
        "{n} days with a pain number)."
    ).format(n=CLINICIAN_MIN_DAYS)


def _not_improved(numbers: dict[str, str]) -> str:
    """Words that agree with the numbers shown: a fall short of clear is not called no fall."""
    if _shown(numbers["recent"]) < _shown(numbers["earlier"]):
        return _(
            "Your shoulder pain has not clearly improved over the last two weeks (two weeks "
            "earlier {earlier}, last 7 days {recent} out of 10): a fall of this size can come "
            "from ordinary day-to-day ups and downs in pain that varies as yours does."
        ).format(**numbers)
    return _(
        "Your shoulder pain has not improved over the last two weeks (two weeks earlier "
        "{earlier}, last 7 days {recent} out of 10)."
    ).format(**numbers)


def _shown(text: str) -> float:
    return float(text.replace("\u2212", "-"))


def clinician_source() -> str:
    return _("Source: {source}.").format(source=NHS_SOURCE)


# -- before -> after ---------------------------------------------------------------------


def change_size_text(change: Change) -> str:
    if change.size == "meaningful":
        by_share = change.mean is not None and round(abs(change.mean), 1) < MEANINGFUL_POINTS
        if change.direction == "better":
            text = _("a drop most people notice as meaningful")
        else:
            text = _("a rise most people notice as meaningful")
        if by_share:  # under 2 points: meaningful because it is 30 % or more of the pain before
            text += " " + _("(30% or more of the pain before)")
        return text
    if change.size == "small":
        return _("a small drop") if change.direction == "better" else _("a small rise")
    return _("little or no change")


def change_text(change: Change, label: str) -> str:
    if not change.shown:
        if change.n >= MIN_CHANGE_N:
            return ngettext(
                "{label}: {n} with a rating before and after, on {days} day; numbers are "
                "shown once they come from {min} days.",
                "{label}: {n} with a rating before and after, on {days} days; numbers are "
                "shown once they come from {min} days.",
                change.days,
            ).format(label=label, n=change.n, days=change.days, min=MIN_CHANGE_N)
        return _(
            "{label}: {n} with a rating before and after; numbers are shown from {min} on."
        ).format(label=label, n=change.n, min=MIN_CHANGE_N)
    assert change.mean is not None and change.low is not None and change.high is not None
    assert change.mean_before is not None and change.mean_after is not None
    text = _(
        "{label}: pain {before} \u2192 {after} on average, {mean} points (95% interval {low} "
        "to {high}, {count}): {size}."
    ).format(
        label=label,
        before=num(change.mean_before),
        after=num(change.mean_after),
        mean=signed(change.mean),
        low=signed(change.low),
        high=signed(change.high),
        count=change_count(change),
        size=change_size_text(change),
    )
    if change.low <= 0 <= change.high and change.mean != 0:
        text += " " + _("The interval includes no change.")
    return text


def change_count(change: Change) -> str:
    """``n = 12``, or ``n = 12 on 9 days`` when some days had more than one session."""
    if change.days < change.n:
        return _("n = {n} on {days} days").format(n=change.n, days=change.days)
    return _("n = {n}").format(n=change.n)


def change_label(change: Change, names: Mapping[str, str]) -> str:
    """A routine's name; a technique's name with what its change is measured from.

    ``names`` maps ids to the names people read (``Insights.names``)."""
    name = names.get(change.key, change.key)
    if change.basis == "previous":
        return _("{technique}, from the rating just before it").format(technique=name)
    if change.basis == "start":
        return _("{technique}, since the start of the session").format(technique=name)
    return name


def ended_text(status: str) -> str:
    """How a stopped session ended, in words (a stored status such as ``stopped``)."""
    return {
        "stopped": _("stopped by a safety rule"),
        "quit": _("ended early"),
        "partial": _("interrupted"),
        "finished": _("complete"),
    }.get(status, status)


def change_footnote(techniques: bool = False) -> str:
    """Under before -> after numbers; ``techniques`` adds what a technique's change is from."""
    text = _(
        "This is the change from just before to just after; it does not show whether pain is "
        "lower on the days that follow. A change of 2 points or more, or of at least 1 point "
        "that is 30% or more of the pain before, is one most people notice as meaningful; "
        "other changes of 1 point or more are small. Pain that is higher than usual tends to "
        "come back down by itself (regression to the mean), and expecting a session to help "
        "can lower a rating, so part of any drop may not be the session's doing."
    )
    if not techniques:
        return text
    return " ".join(
        (
            text,
            _(
                "A technique is measured from the rating just before it; where another "
                "technique came between without a rating, it is measured since the start of "
                "the session and includes that technique too."
            ),
        )
    )


# -- SPADI -------------------------------------------------------------------------------


def spadi_text(trend: SpadiTrend) -> str:
    if not trend.points:
        return _("No SPADI questionnaire in this period. Run `unknot spadi` to add one.")
    first, last = trend.points[0], trend.points[-1]
    if trend.change is None:
        return _(
            "One SPADI so far: {total} out of 100 on {day} (lower is better). The next one "
            "will show whether it changes."
        ).format(total=num(first.total), day=first.day.isoformat())
    text = _(
        "SPADI {first} on {first_day}, {last} on {last_day} (0-100, lower is better): "
        "{change} points."
    ).format(
        first=num(first.total),
        first_day=first.day.isoformat(),
        last=num(last.total),
        last_day=last.day.isoformat(),
        change=signed(trend.change),
    )
    return text + " " + spadi_band_words(trend)


def spadi_band_words(trend: SpadiTrend) -> str:
    """The change against typical measurement error: about 13 points, 18 in some studies."""
    error = mdc_phrase(trend.mdc, trend.mdc_high)
    band = trend.change_band
    if band == "beyond":
        return _("That is larger than {error}.").format(error=error)
    if band == "uncertain":
        return _(
            "That is larger than {error} by the first figure but not by the second, so it is "
            "uncertain whether the questionnaire shows a real change."
        ).format(error=error)
    return _("That is within {error}, so it may not be a real change.").format(error=error)


def mdc_phrase(low: float, high: float) -> str:
    return _("typical measurement error (about {low} points; some studies say {high})").format(
        low=int(low), high=int(high)
    )


# -- adherence ---------------------------------------------------------------------------


def _hours(minutes: float) -> str:
    whole = round(minutes)
    hours, rest = divmod(whole, 60)
    if hours:
        return _("{h} h {m} min").format(h=hours, m=rest)
    return _("{m} min").format(m=rest)


def adherence_text(a: Adherence, since: date | None = None) -> str:
    sessions = ngettext("{n} session", "{n} sessions", a.sessions).format(n=a.sessions)
    if since is None:
        head = _("Sessions on {k} of the last {days} days").format(k=a.session_days, days=a.days)
    else:
        head = _("Since {since}: sessions on {k} of {days} days").format(
            since=since.isoformat(), k=a.session_days, days=a.days
        )
    return _("{head} ({sessions}, {time}); check-ins on {c} of the {days} days.").format(
        head=head, sessions=sessions, time=_hours(a.minutes), c=a.checkin_days, days=a.days
    )


# -- habits ------------------------------------------------------------------------------


def habit_text(link: HabitLink) -> str:
    name = habit_name(link.habit)
    r = link.result
    if r is None and min(link.n_with, link.n_without) >= MIN_HABIT_DAYS:
        return _(
            "{habit}: {w} days with, {wo} without, but too few back-to-back days to allow for "
            "pain carrying over from one day to the next."
        ).format(habit=name, w=link.n_with, wo=link.n_without)
    if r is None:
        return _("{habit}: {w} days with, {wo} without; shown once each has {min} days.").format(
            habit=name, w=link.n_with, wo=link.n_without, min=MIN_HABIT_DAYS
        )
    return _(
        "{habit}: next-day pain {with_} after days with, {without} after days without; "
        "difference {diff} ({level} interval {low} to {high}; {w} and {wo} days)."
    ).format(
        level=_level(link.level),
        habit=name,
        with_=num(r.mean_with),
        without=num(r.mean_without),
        diff=signed(r.difference),
        low=signed(r.low),
        high=signed(r.high),
        w=r.n_with,
        wo=r.n_without,
    )


def _level(level: float) -> str:
    return f"{100 * level:.4g}%"


def habits_footnote(links: Sequence[HabitLink] = ()) -> str:
    """What the intervals mean; when any habit looks linked, the chance that one is chance."""
    text = _(
        "Association is not cause: days with and without a habit can differ in other ways. "
        "The intervals allow for pain on one day being like pain on the next."
    )
    shown = [link for link in links if link.shown]
    if len(shown) > 1:
        text += " " + _(
            "{n} habits are compared, so each interval is a {level} one instead of 95% "
            "(Bonferroni), so that all of them together cover the true differences at least "
            "95% of the time."
        ).format(n=shown[0].compared, level=_level(shown[0].level))
    if any(link.linked for link in shown):
        text += " " + _(
            "Even with no real link at all, the chance that at least one of the habits "
            "compared looks linked is about 1 in 20."
        )
    return text

"""HTML pages: each handler asks a service and renders a template."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from unknot.errors import NotFoundError
from unknot.i18n import _, date_and_time
from unknot.services import safety
from unknot.web.api import actor_of, library_of, profile_out, safety_out, technique_out
from unknot.web.layout import page

if TYPE_CHECKING:
    from unknot.core.insights.records import DayPain
    from unknot.services.app import Actor

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def today(request: Request) -> Response:
    from unknot.services.plan import build_plan, length_note
    from unknot.services.trial import status as trial_status
    from unknot.services.trial import today as trial_today
    from unknot.web.player import same_day_call, stopped_texts

    svc = actor_of(request)
    trial = trial_today.today(svc)
    decided = trial_today.routine_for_today(svc, None)  # the one decision, as start and player
    routine = decided.routine if decided is not None else None
    missing = ""
    try:
        todays = build_plan(svc, routine)
    except NotFoundError:  # the trial's own routine file was removed or renamed
        todays = build_plan(svc)
        missing = _(
            "Today's trial routine {routine} is no longer in your routines folder, so this is "
            "the usual plan; put the file back to follow the trial."
        ).format(routine=routine or "")
    return page(
        request,
        "today.html",
        "today",
        _("Today"),
        plan=todays.plan,
        length_note=length_note(todays.plan.total_s, todays.profile),
        trial=trial,
        trial_over=trial_status.recently_over(svc) if trial is None else None,
        missing_routine=missing,
        safety=safety_out(svc),
        profile=profile_out(svc),
        stopped=stopped_texts(svc),
        same_day=same_day_call(svc),
    )


@router.get("/library", response_class=HTMLResponse)
def library(request: Request) -> Response:
    from unknot.services.plan import lengths_today

    svc = actor_of(request)
    lib = library_of(svc)
    lengths = lengths_today(svc)  # as Today and the player would play each one now
    routines = [(r, lengths.get(r.id)) for r in lib.routines.values()]
    return page(
        request,
        "library.html",
        "library",
        _("Techniques and routines"),
        techniques=list(lib.techniques.values()),
        routines=routines,
    )


@router.get("/library/{technique_id}", response_class=HTMLResponse)
def technique(request: Request, technique_id: str) -> Response:
    from unknot.services.library import find_technique

    found = find_technique(library_of(actor_of(request)), technique_id)
    return page(request, "technique.html", "library", str(found.name), t=technique_out(found))


@router.get("/profile", response_class=HTMLResponse)
def profile(request: Request) -> Response:
    from unknot.core.profile import CAUSES, cause_label
    from unknot.i18n import NAMES
    from unknot.services.profile import countries_with_numbers, country_kinds

    return page(
        request,
        "profile.html",
        "profile",
        _("Your profile"),
        profile=profile_out(actor_of(request)),
        causes=[(cause, cause_label(cause)) for cause in CAUSES],
        countries=country_kinds(),
        own_numbers=", ".join(f"{name} ({code})" for code, name in countries_with_numbers()),
        languages=NAMES.items(),
    )


@router.get("/screening", response_class=HTMLResponse)
def screening(request: Request) -> Response:
    from unknot.core.screening import fill_numbers

    svc = actor_of(request)
    numbers = safety.status(svc).numbers()  # the profile's country, or the 112 fallback
    data = safety.screening_data()
    groups = [
        {
            "id": g.id,
            "title": str(g.title),
            "questions": [
                {
                    "id": q.id,
                    "text": fill_numbers(str(q.text), numbers),
                    "help": fill_numbers(str(q.help), numbers),
                    "assessable": q.assessable,
                }
                for q in data.group_questions(g.id)
            ],
        }
        for g in data.groups
    ]
    return page(
        request,
        "screening.html",
        "screening",
        _("Safety screening"),
        groups=groups,
        safety=safety_out(svc),
        profile=profile_out(svc),
    )


@router.get("/login", response_class=HTMLResponse)
def login(request: Request) -> Response:
    return page(request, "login.html", "", _("Log in"))


@router.get("/trust", response_class=HTMLResponse)
def trust(request: Request) -> Response:
    paired = request.query_params.get("paired") == "1"  # just logged in by a pairing link
    return page(request, "trust.html", "", _("Trust unknot on your phone"), paired=paired)


@router.get("/trust/ca.pem")
def trust_ca(request: Request) -> Response:
    """The local CA certificate (public), for phones to install."""
    from fastapi.responses import FileResponse

    from unknot.errors import NotFoundError

    path = actor_of(request).settings.config_dir / "tls" / "ca.pem"
    if not path.exists():
        raise NotFoundError(
            _("There is no local certificate yet; start with `unknot serve --lan`.")
        )
    return FileResponse(path, media_type="application/x-x509-ca-cert", filename="unknot-ca.pem")


def _entry_text(entry: Any) -> str:
    record = entry.record
    kind = entry.kind
    if kind == "pain":
        where = f" ({record.location.replace('-', ' ')})" if record.location else ""
        note = f" — {record.note}" if record.note else ""
        return _("Pain {value}/10{where}{note}").format(value=record.value, where=where, note=note)
    if kind == "checkin":
        return _("Check-in for {day}: average {avg}, worst {worst}").format(
            day=record.day.isoformat(), avg=record.average_pain, worst=record.worst_pain
        )
    if kind == "spadi":
        from unknot.core.spadi import ITEMS, MAX_MISSING_PER_SUBSCALE, score

        scored = score(record.answers)
        if scored.total is None:
            return _(
                "SPADI, {answered} of {items} answered: no score (at most {missing} answers may "
                "be missing in each part)"
            ).format(answered=scored.answered, items=len(ITEMS), missing=MAX_MISSING_PER_SUBSCALE)
        return _("SPADI total {total}").format(total=f"{scored.total:.0f}")
    return str(record.text)


@router.get("/journal", response_class=HTMLResponse)
def journal(request: Request) -> Response:
    from unknot.core.journal import LOCATIONS
    from unknot.services.journal.read import entries, spadi_due, status_words, today_checkin
    from unknot.services.journal.times import person_zone
    from unknot.services.trial.day import checkin_trial_day

    svc = actor_of(request)
    zone = person_zone(svc)
    words = status_words()
    items = [
        {
            "id": e.record.id,
            "kind": e.kind,
            "value": getattr(e.record, "value", None),
            "status": e.status,
            "status_text": words[e.status],
            "text": _entry_text(e),
            "when": date_and_time(e.record.taken_at.astimezone(zone.tz)),
        }
        for e in entries(svc, include_history=True)[:60]
    ]
    return page(
        request,
        "journal.html",
        "journal",
        _("Journal"),
        entries=items,
        locations=LOCATIONS,
        checkin=today_checkin(svc),
        spadi_due=spadi_due(svc),
        trial_day=checkin_trial_day(svc, zone.today(svc.clock())),
        sessions=_sessions_in_words(svc),
    )


RECENT_SESSIONS = 10


def _sessions_in_words(svc: Actor) -> list[dict[str, str]]:
    """The last sessions as the journal lists them (the terminal's `history` in words)."""
    from unknot.services.session.record import history
    from unknot.services.session.words import in_words, stopwatch

    shown = []
    for s in in_words(svc, history(svc, RECENT_SESSIONS)):
        before, after = s.summary.pain_before, s.summary.pain_after
        shown.append(
            {
                "when": date_and_time(s.started),
                "routine": s.routine,
                "time": _("{done} of {planned} min").format(
                    done=stopwatch(s.summary.actual_s), planned=stopwatch(s.summary.planned_s)
                ),
                "ended": s.ended,
                "pain": _("pain {before} → {after}").format(
                    before="–" if before is None else before, after="–" if after is None else after
                ),
                "stops": "; ".join(s.stops),
            }
        )
    return shown


@router.get("/journal/spadi", response_class=HTMLResponse)
def spadi(request: Request) -> Response:
    from unknot.services.journal.spadi_form import spadi_form

    return page(request, "spadi.html", "journal", _("SPADI"), form=spadi_form())


CHART_DAYS = 90  # the pain chart shows the last 90 days


def marked(day: DayPain) -> bool:
    """Whether the pain chart draws anything on this day."""
    return bool(day.sessions) or any(v is not None for v in (day.average, day.worst, day.rolling))


@router.get("/insights", response_class=HTMLResponse)
def insights(request: Request) -> Response:
    from unknot.core.insights import text as words
    from unknot.services.insights import report
    from unknot.services.safety import routine_report_text
    from unknot.web.charts import pain_chart, spadi_chart

    svc = actor_of(request)
    ins = report(svc)
    current = safety.status(svc)
    plotted = ins.days[-CHART_DAYS:]
    return page(
        request,
        "insights.html",
        "insights",
        _("Insights"),
        ins=ins,
        pain_svg=pain_chart(plotted),
        # "Show the numbers" lists every day the chart marks, newest first.
        pain_rows=[d for d in reversed(plotted) if marked(d)],
        spadi_svg=spadi_chart(ins.spadi),
        clinician=words.clinician_text(ins.clinician),
        clinician_due=ins.clinician.due,
        routine_text=routine_report_text(current),
        routine_status=current.routine_status,
        changes=[words.change_text(c, ins.name(c.key)) for c in ins.routines if c.shown],
        change_note=words.change_footnote(),
        spadi_text=words.spadi_text(ins.spadi),
        adherence=words.adherence_text(ins.recent),
        habits=[words.habit_text(h) for h in ins.habits],
        habits_note=words.habits_footnote(ins.habits),
    )


@router.get("/api-reference", response_class=HTMLResponse)
def api_reference(request: Request) -> Response:
    """Every operation of the JSON API, made here from its OpenAPI document."""
    from unknot.web.api_reference import reference

    ref = reference(request.app.openapi())
    return page(request, "api_reference.html", "settings", _("API reference"), ref=ref)


@router.get("/settings", response_class=HTMLResponse)
def settings(request: Request) -> Response:
    from unknot.web.pairing import from_this_computer

    protected = bool(request.app.state.guard.token)
    zone = actor_of(request).profile.timezone
    here = from_this_computer(request)  # pairing codes are made on the server's computer only
    return page(
        request, "settings.html", "settings", _("Settings"), protected=protected, zone=zone,
        here=here,
    )  # fmt: skip

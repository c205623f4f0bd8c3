"""The browser player (issue 6): its page, its session API, its offline files.

The page plays the plan JSON of ``GET /api/v1/plan`` (static/player.js); the session is saved
whole, idempotently, with ``PUT /api/v1/sessions/{id}``; ``/sw.js`` (the service worker, at
the root so that it may control every page) and ``/manifest.webmanifest`` make it work offline
and installable.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse, Response

from unknot import __version__
from unknot.i18n import _
from unknot.web import schemas as s
from unknot.web.api import Svc, actor_of, safety_out
from unknot.web.drawings import FOLDER
from unknot.web.player_schemas import (
    FollowUpIn,
    FollowUpOut,
    SessionIn,
    SessionSavedOut,
    StopFollowUpIn,
    StopFollowUpOut,
)

if TYPE_CHECKING:
    from unknot.services.app import Actor

router = APIRouter()
STATIC = Path(__file__).parent / "static"
SHELL_FILES = ("app.css", "app.js", "player.css", "player.js", "player-tick.js", "sw.js")


@router.get("/player", response_class=HTMLResponse, include_in_schema=False)
def player_page(
    request: Request, routine: Annotated[str | None, Query(max_length=80)] = None
) -> Response:
    from unknot.i18n import clock_locale
    from unknot.services.session.record import followup_due, history
    from unknot.web.layout import page

    drawings = sorted(p.name for p in FOLDER.glob("*.svg"))
    from unknot.services import safety

    svc = actor_of(request)
    trial = trial_day(svc, routine)
    same_day = same_day_call(svc)
    return page(
        request,
        "player.html",
        "today",
        _("Guided session"),
        routine=routine or (trial.routine if trial else None),
        trial=trial,
        safety=safety_out(svc),
        screened_today=safety.status(svc).screened_today,
        drawings=drawings,
        followup=followup_due(svc),
        first_session=not history(svc, limit=1),  # the one about to be played is the first
        followup_rules=followup_texts(svc),
        stopped=stopped_texts(svc),
        same_day=same_day,
        texts=player_texts(),
        clock=clock_locale(),
    )


@dataclass(frozen=True)
class SameDayCall:
    number: str  # as people write it ("111", "1800 022 222")
    href: str  # tel:111


def same_day_call(svc: Actor) -> SameDayCall | None:
    """The same-day service's number as a link, when the country record has one."""
    from unknot.services import safety

    numbers = safety.status(svc).numbers()
    if numbers.same_day_number and numbers.same_day_tel:
        return SameDayCall(numbers.same_day_number, numbers.same_day_tel)
    return None


@dataclass(frozen=True)
class Stopped:
    """The last session stopped by a stop-the-session rule, as the player page shows it."""

    session_id: str
    state: str  # ask | stopped_today | still_there_today
    question: str
    still_there: str
    message: str  # stopped today, or answered "still there" today


def stopped_texts(svc: Actor) -> Stopped | None:
    """The question (or the no-session-today message) after a session a rule stopped."""
    from unknot.core.screening import fill_numbers
    from unknot.services import safety
    from unknot.services.session.record import no_session_words, stop_followup

    due = stop_followup(svc)
    if due is None:
        return None
    numbers = safety.status(svc).numbers()
    still = fill_numbers(str(due.asked.still_there), numbers)
    message = " ".join(part for part in no_session_words(svc, due) if part)
    question = fill_numbers(str(due.asked.question), numbers)
    return Stopped(str(due.session_id), due.state, question, still, message)


@dataclass(frozen=True)
class TrialDay:
    """What today's trial arm means for the player: the routine, or a no-routine day."""

    message: str
    routine: str | None
    no_routine_today: bool
    off_protocol: bool
    fallback: str | None = None  # the routine offered anyway on a no-routine day


def trial_day(svc: Any, asked: str | None) -> TrialDay | None:
    """During an active trial: what the service decided for today's session
    (:func:`unknot.services.trial.today.routine_for_today`), and on a no-routine day the
    routine the page offers anyway."""
    from unknot.services.trial.today import routine_for_today

    decided = routine_for_today(svc, asked)
    if decided is None:
        return None
    fallback = None
    if decided.no_routine_today:
        from unknot.services.plan import build_plan

        fallback = build_plan(svc).plan.routine_id
    today = decided.today
    return TrialDay(
        today.message, today.routine, decided.no_routine_today, decided.off_protocol, fallback
    )


def player_texts() -> dict[str, str]:
    """The words the script shows or speaks, from the translation catalogue."""
    return {
        "step": _("Step {n} of {total}"),
        "ends": _("ends about {time}"),
        "next": _("Next: {title}"),
        "last": _("This is the last step."),
        "plan": _(
            "{routine}: about {minutes} min, {steps} steps; ends about {time} if you start now."
        ),
        "pause": _("Pause"),
        "resume": _("Resume"),
        "paused": _("Paused."),
        "noted": _("Noted: {value}/10. {reason}"),
        "rated": _("Noted: {value}/10 after that technique."),
        "stopped_technique": _("Stopping this technique. {reason}"),
        "complete": _("Well done: session complete."),
        "complete_stops": _(
            "Session complete, but a safety rule stopped a technique on the way; what you did is "
            "saved."
        ),
        "gentle_only": _("After pain above 5/10, only gentle techniques were played."),
        "ended": _("Session ended early; what you did is saved."),
        "ended_stop": _("The session ended after a stop rule; what you did is saved."),
        "ended_today": _("The session has stopped for today; what you did is saved."),
        "check_rest": _("Rest for 3 minutes"),
        "check_ask": _("Has it settled?"),
        "quit_reason": _("You ended the session."),
        "saved": _("Saved in your journal."),
        "queued": _("Saved on this device; it will be sent when the network is back."),
        "refused": _("The server refused this session: {message}"),
        "plan_error": _("Could not load the plan: {message}"),
        "resume_text": _("Step {n} of {total} ({title}), saved {ago} min ago."),
        "resume_now": _("Step {n} of {total} ({title}), saved less than a minute ago."),
        "not_resumed": _("The session was interrupted and not resumed."),
        "old_partial": _("An unfinished session from earlier was saved as partial."),
        "remind_on": _("Reminders are on while this page is open."),
        "followup_failed": _("Could not save the answers; you will be asked again next time."),
        "followup_ok": _("Good. Times lengthen a little after three sessions like that."),
        "remind_denied": _("Notifications are blocked in this browser."),
        "remind_none": _("This browser cannot show notifications."),
        "remind_session": _("Time for your unknot session."),
        "remind_posture": _("Posture break: stand up, roll your shoulders, breathe."),
    }


@router.put(
    "/api/v1/sessions/{session_id}",
    response_model=SessionSavedOut,
    tags=["sessions"],
    responses=s.ERRORS,
)
def put_session(
    session_id: Annotated[uuid.UUID, PathParam(description="Made by the browser at the start")],
    body: SessionIn,
    svc: Svc,
) -> SessionSavedOut:
    """Save a browser session whole: the same body twice changes nothing; a later body
    replaces the steps, stop events and ratings of that session. The server re-checks the stop
    rules on the ratings and symptoms it receives."""
    from unknot.services.session.upload import save_uploaded

    saved = save_uploaded(svc, session_id, body.model_dump())
    return SessionSavedOut(
        id=str(saved.id),
        changed=saved.changed,
        status=saved.status,
        server_stops=saved.server_stops,
    )


def followup_texts(svc: Actor) -> dict[str, str]:
    """The follow-up questions and advice, with the person's numbers in any placeholder."""
    from unknot.core.screening import fill_numbers
    from unknot.services import safety

    numbers = safety.status(svc).numbers()
    rules = safety.stop_rules().followup
    return {
        "settled": fill_numbers(str(rules.settled_question), numbers),
        "worse": fill_numbers(str(rules.next_morning_question), numbers),
        "advice": fill_numbers(str(rules.advice), numbers),
    }


@router.post(
    "/api/v1/sessions/{session_id}/followup",
    response_model=FollowUpOut,
    tags=["sessions"],
    responses=s.ERRORS,
)
def post_followup(
    session_id: Annotated[uuid.UUID, PathParam()], body: FollowUpIn, svc: Svc
) -> FollowUpOut:
    """The next-session questions about a session (as `unknot start` asks them): the answers
    move each technique's dose up or down."""
    from unknot.services.session.record import record_followup

    ok = record_followup(svc, session_id, body.settled, body.worse_next_morning)
    return FollowUpOut(ok=ok, advice="" if ok else followup_texts(svc)["advice"])


@router.post(
    "/api/v1/sessions/{session_id}/stop-followup",
    response_model=StopFollowUpOut,
    tags=["sessions"],
    responses=s.ERRORS,
)
def post_stop_followup(
    session_id: Annotated[uuid.UUID, PathParam()], body: StopFollowUpIn, svc: Svc
) -> StopFollowUpOut:
    """After a session a stop-the-session rule ended (dizziness, a swollen leg, a second
    sharp pain, tingling that did not settle): has it passed? No means no session today."""
    from unknot.services.session.record import record_stop_followup

    record_stop_followup(svc, session_id, body.passed)
    shown = stopped_texts(svc)
    return StopFollowUpOut(can_start=body.passed, message=shown.message if shown else "")


@router.get("/sw.js", include_in_schema=False)
def service_worker() -> Response:
    """The service worker, served from the root so that its scope is the whole app, with what
    it says offline in the person's language."""
    import json

    words = json.dumps({"plan": offline_plan_text(), "page": offline_page()}, ensure_ascii=False)
    text = (STATIC / "sw.js").read_text(encoding="utf-8").replace("@VERSION@", shell_version())
    text = text.replace("@TEXT@", words.replace("</", "<\\/"))
    return Response(
        text,
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache"},
    )


def offline_plan_text() -> str:
    return _(
        "You are offline, and today's plan has not been loaded on this phone yet. Connect once "
        "today and open the player: it then keeps today's plan for any pain you pick."
    )


def offline_page() -> str:
    """The page shown offline for a page this phone has not opened before."""
    from html import escape

    from unknot.i18n import current_language

    title = escape(_("You are offline"))
    body = escape(
        _(
            "This page has not been opened on this phone before, so there is no copy of it to "
            "show. It comes back when the phone is online again. The guided session works "
            "offline once the player has been opened online today."
        )
    )
    player = escape(_("Open the player"))
    return (
        f'<!doctype html><html lang="{current_language()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{title} · unknot</title><link rel="stylesheet" href="/static/app.css"></head>'
        f'<body><main id="main"><h1>{title}</h1><p>{body}</p>'
        f'<p><a class="button" href="/player">{player}</a></p></main></body></html>'
    )


def shell_version() -> str:
    """Changes whenever a cached file changes, so the service worker refreshes its cache."""
    import hashlib

    digest = hashlib.sha256(__version__.encode())
    for name in SHELL_FILES:
        digest.update((STATIC / name).read_bytes())
    return digest.hexdigest()[:12]


@router.get("/manifest.webmanifest", include_in_schema=False)
def manifest() -> Response:
    return JSONResponse(
        {
            "name": "unknot",
            "short_name": "unknot",
            "description": _("Guided self-care for shoulder pain."),
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#fbfaf7",
            "theme_color": "#1d5c63",
            "icons": [
                {"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml"},
                {
                    "src": "/static/icon.svg",
                    "sizes": "any",
                    "type": "image/svg+xml",
                    "purpose": "maskable",
                },
            ],
        },
        media_type="application/manifest+json",
    )

"""``unknot`` with no command: today's status and the next thing to do."""

from __future__ import annotations

from unknot.cli.context import AppState
from unknot.cli.render import console
from unknot.i18n import _


def show_status(app_state: AppState) -> None:
    from unknot.cli.views import duration_text
    from unknot.services import safety
    from unknot.services.plan import build_plan

    actor = app_state.actor
    current = safety.status(actor)
    out = console()
    out.print(_("unknot — guided self-care for shoulder pain"), style="bold")
    today = build_plan(actor)
    profile = today.profile
    if not profile.painful_shoulder:
        out.print(
            _("Tell unknot which shoulder hurts: `unknot profile --shoulder left|right|both`."),
            markup=False,
        )
    from unknot.cli.trial.view import print_trial_today

    trial_today = print_trial_today(actor)
    note = safety.rules_note_text(current)
    if note:
        out.print(note, style="cyan", markup=False)
    if current.screened_on is None or current.due:
        out.print(
            _("Next: the safety screening, `unknot screen` (about two minutes)."), markup=False
        )
    elif current.blocked_today:
        out.print(
            _("No session today: {advice}").format(advice=safety.status_advice(current)),
            style="yellow",
            markup=False,
        )
    elif current.waiting_for_assessment:
        out.print(
            _("Waiting for a clinician to check you; afterwards run `unknot screen --assessed`."),
            markup=False,
        )
    elif trial_today is None or trial_today.state != "active":
        out.print(
            _(
                "Today: {routine}, {duration}. Run `unknot start` to begin, or `unknot plan` to "
                "see every step."
            ).format(routine=today.plan.routine_name, duration=duration_text(today.plan.total_s)),
            markup=False,
        )
    if current.routine_advised and not current.blocked_today:
        from unknot.cli.safety_view import render_routine

        render_routine(current)
    from unknot.cli.journal_view import journal_status

    journal_status(actor)
    out.print(_("All commands: `unknot --help`."), style="dim", markup=False)

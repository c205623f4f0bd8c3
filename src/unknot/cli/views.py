"""Rich renderings of core objects, shared by the commands."""

from __future__ import annotations

from rich.table import Table

from unknot.cli.render import console
from unknot.core.profile import Profile, cause_label
from unknot.i18n import _


def minutes_text(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}:{rest:02d}"


def duration_text(seconds: int) -> str:
    """A length a person reads at a glance: "14 min", "5 min 15 s", "40 s"."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return _("{s} s").format(s=rest)
    if not rest:
        return _("{m} min").format(m=minutes)
    return _("{m} min {s} s").format(m=minutes, s=rest)


def _country_words(code: str) -> str:
    """ "Japan (JP)"; a saved code that is not a country says the 112 fallback is used."""
    from unknot.services.profile import country_label

    if not code:
        return ""
    label = country_label(code)
    if label == code:
        return _("{code}: not a country code we know, so 112 is used").format(code=code)
    return label


def render_profile(profile: Profile) -> None:
    table = Table(title=_("Your profile"), show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    unset = _("not set")
    table.add_row(_("Painful shoulder"), profile.painful_shoulder.value or unset)
    table.add_row(_("Likely causes"), ", ".join(cause_label(c) for c in profile.causes) or unset)
    table.add_row(
        _("Minutes for a session"),
        str(profile.minutes_available) if profile.minutes_available else unset,
    )
    table.add_row(_("Pressure"), profile.pressure.value)
    table.add_row(_("Country"), _country_words(profile.country) or unset)
    table.add_row(_("Time zone"), profile.timezone or unset)
    table.add_row(_("Language"), profile.language or "en")
    console().print(table)

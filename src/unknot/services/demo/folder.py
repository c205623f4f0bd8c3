"""``unknot demo``: fill an empty data folder with years of synthetic data, fast.

The rows come from :mod:`unknot.services.demo.data` (deterministic for a seed and a last day)
and go in with bulk inserts in one transaction; a demo of 90 days or more includes a finished
personal trial (:mod:`unknot.services.demo.trial`). The demo person's id comes from the seed
too, so two demo stores made with the same seed on the same day export the same data.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from unknot.core.profile import Pressure, Profile, Shoulder
from unknot.errors import ValidationError
from unknot.i18n import _
from unknot.services.app import Actor, local_now
from unknot.services.demo.data import make
from unknot.services.demo.rows import ZONE
from unknot.services.demo.sessions import ROUTINES
from unknot.services.demo.trial import DemoTrial
from unknot.services.exchange.bulk import counts, counts_in_words
from unknot.store import db
from unknot.store.codecs import TABLE_NAMES
from unknot.store.person_rows import PersonRows

MAX_DAYS = 36_500
DEMO_PROFILE = Profile(
    painful_shoulder=Shoulder.RIGHT,
    causes=("posture",),
    minutes_available=20,
    pressure=Pressure.MEDIUM,
    country="GB",
    timezone=ZONE,
    language="en",
)


@dataclass(frozen=True)
class DemoResult:
    person_id: uuid.UUID
    days: int
    counts: dict[str, int]
    replaced: dict[str, int]  # what --force replaced
    backup: Path | None  # the copy made before replacing, on SQLite
    trial: DemoTrial | None = None  # the finished personal trial, in demos of 90 days or more


def demo_plans() -> dict[str, dict[str, Any]]:
    """Each demo routine compiled for the demo profile (built-in routines, a clear screening)."""
    from unknot.core.adapt import SafetyContext
    from unknot.core.plan import compile_plan, plan_to_json
    from unknot.core.screening import numbers_for
    from unknot.services.library import builtin_library, find_routine
    from unknot.services.plan import stop_rule_data
    from unknot.services.safety import countries

    library = builtin_library()
    rules = stop_rule_data(numbers_for(countries(), "GB"))
    plans = {}
    for routine, _weight in ROUTINES:
        plan = compile_plan(
            library, find_routine(library, routine), DEMO_PROFILE, SafetyContext(), stop_rules=rules
        )
        plans[routine] = plan_to_json(plan)
    return plans


def fill(actor: Actor, days: int = 365, seed: int = 1, force: bool = False) -> DemoResult:
    """Write ``days`` days of demo data ending yesterday; refuse a store with data unless forced."""
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            _("--days {days} is out of range; give 1 to {most}.").format(days=days, most=MAX_DAYS)
        )
    found = counts(actor)
    if found and not force:
        raise ValidationError(
            _("{where} already holds data ({what}); the demo only fills an empty store.").format(
                where=_where(actor), what=counts_in_words(found)
            ),
            hint=_(
                "Point UNKNOT_DATA_DIR at an empty folder, or add --force to replace what is "
                "there (on SQLite a backup copy is made first)."
            ),
        )
    plans = demo_plans()
    person = uuid.UUID(int=random.Random(f"person-{seed}").getrandbits(128), version=4)
    last_day = local_now(actor).date() - timedelta(days=1)
    demo = make(seed, days, last_day, person, plans)
    saved = db.backup_sqlite(actor.engine, "before-demo") if found else None
    with actor.unit() as session:
        rows = PersonRows(session, actor)
        rows.delete_all()
        rows.take_person(demo.person)
        for name in TABLE_NAMES:
            rows.insert(name, demo.rows.get(name, []))
    actor.take_over(person)
    made = {name: len(rows) for name, rows in demo.rows.items()}
    return DemoResult(person, days, made, found, saved, demo.trial)


def _where(actor: Actor) -> str:
    url = actor.engine.url
    if url.get_backend_name() == "sqlite":
        return _("The data folder {folder}").format(folder=actor.settings.data_dir)
    return _("The database {url}").format(url=url.render_as_string(hide_password=True))


__all__ = ["ZONE", "DemoResult", "demo_plans", "fill"]

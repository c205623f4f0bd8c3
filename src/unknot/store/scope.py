"""Who a repository acts for: the person acting and the people they may see.

Every repository is built from one (the services pass their Actor, which has both) and limits
every query it runs to those people: a record of anyone else is "not found", never loaded.
"""

from __future__ import annotations

import uuid
from typing import Protocol


class Who(Protocol):
    """The part of an Actor a repository needs."""

    @property
    def person_id(self) -> uuid.UUID: ...

    @property
    def people(self) -> frozenset[uuid.UUID]: ...


class OutOfScope(LookupError):
    """A write aimed at a person the repository does not act for (a bug, never user input)."""

"""Read and change the person's profile."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unknot.core.profile import Profile, update_profile
from unknot.services.app import Services
from unknot.store import repo


def get_profile(services: Services) -> Profile:
    with services.unit() as session:
        return repo.load_profile(session, services.person_id)


def change_profile(services: Services, changes: Mapping[str, Any]) -> Profile:
    """Validate every change first; save all of them or none."""
    with services.unit() as session:
        profile = update_profile(repo.load_profile(session, services.person_id), changes)
        repo.save_profile(session, services.person_id, profile, services.clock())
        return profile

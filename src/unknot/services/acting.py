"""The one place Actors are built: for a CLI command and for a web request.

Both act as the local person today; the web's will come from the login once there are
accounts, and ``people`` will then hold everyone the account may see.
"""

from __future__ import annotations

import uuid

from unknot.services.app import Actor, App


def for_command(app: App) -> Actor:
    """The Actor of one CLI command: the local person."""
    return _local(app, request_id=uuid.uuid4().hex)


def for_request(app: App, request_id: str | None = None) -> Actor:
    """The Actor of one web request: the local person, until there are logins."""
    return _local(app, request_id=request_id or uuid.uuid4().hex)


def _local(app: App, request_id: str) -> Actor:
    person = app.local_person
    return Actor(app, person, frozenset({person}), app.clock, request_id)

"""Web logins (the ``web_sessions`` table): opened, found, kept alive and ended.

The callers pass hashes, never a cookie's value or the web token: what is stored opens
nothing. Every session belongs to a person; the clinic's accounts will narrow these further
(by account) without changing what a single-user install does. The caller owns the
transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, delete, or_, select, update
from sqlalchemy.orm import Session

from unknot.store.tables import WebPairingRow, WebSessionRow

USER_AGENT_CHARS = 80


def add(
    session: Session,
    *,
    id_hash: str,
    person_id: uuid.UUID,
    token_hash: str,
    now: datetime,
    expires_at: datetime,
    user_agent: str = "",
) -> None:
    session.add(
        WebSessionRow(
            id=id_hash,
            person_id=person_id,
            token_hash=token_hash,
            created_at=now,
            last_seen_at=now,
            expires_at=expires_at,
            user_agent=user_agent[:USER_AGENT_CHARS],
        )
    )


def live(
    db: Session | Connection, id_hash: str, token_hash: str, now: datetime
) -> tuple[uuid.UUID, datetime] | None:
    """The person and last use of the session with this id if it is still open: not
    expired, and opened with the token that is configured now. Two columns, no ORM object:
    every request asks this."""
    row = WebSessionRow
    found = db.execute(
        select(row.person_id, row.last_seen_at).where(
            row.id == id_hash, row.token_hash == token_hash, row.expires_at > now
        )
    ).first()
    return None if found is None else (found[0], found[1])


def keep_alive(session: Session, id_hash: str, now: datetime, expires_at: datetime) -> None:
    row = WebSessionRow
    session.execute(
        update(row).where(row.id == id_hash).values(last_seen_at=now, expires_at=expires_at)
    )


def end(session: Session, id_hash: str) -> int:
    """End one session; how many ended (0 or 1)."""
    row = WebSessionRow
    return _count(session.execute(delete(row).where(row.id == id_hash)))


def end_all(session: Session, person_id: uuid.UUID) -> int:
    """End every session of ``person_id`` (log out all devices); how many ended."""
    row = WebSessionRow
    return _count(session.execute(delete(row).where(row.person_id == person_id)))


def end_stale(session: Session, token_hash: str, now: datetime) -> int:
    """Remove sessions that can no longer open: expired, or opened with another token."""
    row = WebSessionRow
    stale = or_(row.expires_at <= now, row.token_hash != token_hash)
    return _count(session.execute(delete(row).where(stale)))


def of_person(
    session: Session, person_id: uuid.UUID, token_hash: str, now: datetime
) -> Sequence[WebSessionRow]:
    """The person's open sessions, most recently seen first."""
    row = WebSessionRow
    return session.scalars(
        select(row)
        .where(row.person_id == person_id, row.token_hash == token_hash, row.expires_at > now)
        .order_by(row.last_seen_at.desc())
    ).all()


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


# -- pairing links ----------------------------------------------------------------------------


def add_pairing(
    session: Session,
    *,
    id_hash: str,
    person_id: uuid.UUID,
    token_hash: str,
    now: datetime,
    expires_at: datetime,
) -> None:
    """A new pairing link; links that can no longer be used are cleared on the way."""
    session.execute(
        delete(WebPairingRow).where(
            or_(WebPairingRow.expires_at <= now, WebPairingRow.used_at.is_not(None))
        )
    )
    session.add(
        WebPairingRow(
            id=id_hash,
            person_id=person_id,
            token_hash=token_hash,
            created_at=now,
            expires_at=expires_at,
        )
    )


def use_pairing(session: Session, id_hash: str, token_hash: str, now: datetime) -> uuid.UUID | None:
    """Redeem a pairing link: its person, if it was unused, unexpired and made under this web
    token. One statement marks it used, so of two requests racing with the same link only one
    gets the person."""
    row = WebPairingRow
    found = session.execute(
        update(row)
        .where(
            row.id == id_hash,
            row.token_hash == token_hash,
            row.used_at.is_(None),
            row.expires_at > now,
        )
        .values(used_at=now)
        .returning(row.person_id)
    ).first()
    return None if found is None else found[0]

"""Logins kept on the server (issue 14): a cookie names a row of ``web_sessions``.

The cookie carries a random id (256 bits) and its HMAC under the cookie key (see
:mod:`unknot.web.keys`), so a made-up cookie is refused before the database is asked; the
table keeps only the SHA-256 of the id. A session is bound to the hash of the web token it
was opened with: a new token ends every session. Each use slides its expiry forward (written
at most once every :data:`REFRESH_EVERY`, when the cookie is sent again too); logging out ends
one session, "log out all devices" every session of the person.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from unknot.services.app import App
from unknot.store import web_session_repo as repo
from unknot.web.security import SESSION_COOKIE, SESSION_MAX_AGE_S, GuardConfig

MAX_AGE = timedelta(seconds=SESSION_MAX_AGE_S)
REFRESH_EVERY = timedelta(hours=1)
PAIRING_LIFE = timedelta(minutes=10)  # a pairing link works once, within this


@dataclass(frozen=True)
class Login:
    """The session a request came with."""

    id_hash: str
    person_id: uuid.UUID
    refreshed: bool = False  # its expiry moved on: send the cookie again with a new Max-Age


@dataclass(frozen=True)
class Device:
    """One open session, as the Profile page lists it."""

    label: str
    created_at: datetime
    last_seen_at: datetime
    current: bool


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Logins:
    """Opening, checking and ending the web sessions of one App (sync: call off the loop)."""

    def __init__(self, unknot_app: App, config: GuardConfig) -> None:
        self.app = unknot_app
        self.config = config
        self.token_hash = digest(config.token)
        # Every request looks its session up: a single SELECT needs no transaction around it
        # (on PostgreSQL that saves the BEGIN and COMMIT round trips on each request).
        self._reads = unknot_app.engine.execution_options(isolation_level="AUTOCOMMIT")

    def open(self, person_id: uuid.UUID, user_agent: str) -> str:
        """A new session for ``person_id``; the cookie's value."""
        random_id = secrets.token_urlsafe(32)
        now = self.app.clock()
        with self.app.unit() as session:
            repo.end_stale(session, self.token_hash, now)
            repo.add(
                session,
                id_hash=digest(random_id),
                person_id=person_id,
                token_hash=self.token_hash,
                now=now,
                expires_at=now + MAX_AGE,
                user_agent=device_label(user_agent),
            )
        return f"{random_id}.{self._mac(random_id)}"

    def check(self, value: str) -> Login | None:
        """The open session this cookie names, or None (unsigned, ended, expired, old token)."""
        random_id = self._random_id(value)
        if random_id is None:
            return None
        id_hash, now = digest(random_id), self.app.clock()
        with self._reads.connect() as conn:  # one statement, no BEGIN and COMMIT around it
            found = repo.live(conn, id_hash, self.token_hash, now)
        if found is None:
            return None
        person_id, last_seen = found
        if now - last_seen < REFRESH_EVERY:
            return Login(id_hash, person_id)
        with self.app.unit() as session:
            repo.keep_alive(session, id_hash, now, now + MAX_AGE)
        return Login(id_hash, person_id, refreshed=True)

    def pairing(self, person_id: uuid.UUID) -> tuple[str, datetime]:
        """A new pairing link's code (256 random bits) for ``person_id``, and when it expires."""
        code = secrets.token_urlsafe(32)
        now = self.app.clock()
        with self.app.unit() as session:
            repo.add_pairing(
                session,
                id_hash=digest(code),
                person_id=person_id,
                token_hash=self.token_hash,
                now=now,
                expires_at=now + PAIRING_LIFE,
            )
        return code, now + PAIRING_LIFE

    def pair(self, code: str, user_agent: str) -> str | None:
        """Redeem a pairing link: a new session's cookie value, or None when the link was used
        already, has expired, or was made under another web token."""
        if not self.config.token or not code:
            return None
        with self.app.unit() as session:
            person_id = repo.use_pairing(session, digest(code), self.token_hash, self.app.clock())
        return None if person_id is None else self.open(person_id, user_agent)

    def end(self, id_hash: str) -> None:
        with self.app.unit() as session:
            repo.end(session, id_hash)

    def end_all(self, person_id: uuid.UUID) -> int:
        with self.app.unit() as session:
            return repo.end_all(session, person_id)

    def devices(self, login: Login) -> list[Device]:
        """The open sessions of the login's person, the one asking marked ``current``."""
        with self.app.unit() as session:
            rows = repo.of_person(session, login.person_id, self.token_hash, self.app.clock())
            return [
                Device(r.user_agent, r.created_at, r.last_seen_at, r.id == login.id_hash)
                for r in rows
            ]

    def cookie(self, value: str) -> str:
        """The Set-Cookie header carrying ``value`` for the session's lifetime."""
        return _cookie(value, SESSION_MAX_AGE_S, self.config.https)

    def cleared_cookie(self) -> str:
        return _cookie("", 0, self.config.https)

    def _mac(self, random_id: str) -> str:
        mac = hmac.new(self.config.secret, random_id.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def _random_id(self, value: str) -> str | None:
        random_id, _, mac = value.partition(".")
        if not random_id or not mac or not self.config.token:
            return None
        return random_id if hmac.compare_digest(self._mac(random_id), mac) else None


def _cookie(value: str, max_age: int, https: bool) -> str:
    secure = "; Secure" if https else ""
    return f"{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"


_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def device_label(user_agent: str) -> str:
    """A short name for the browser, such as "Firefox, Android" (not the whole header)."""
    browser = next((name for key, name in _BROWSERS if key in user_agent), "")
    system = next((name for key, name in _SYSTEMS if key in user_agent), "")
    plain = "".join(c for c in user_agent[:40] if c.isprintable() and c.isascii())
    return ", ".join(part for part in (browser, system) if part) or plain.strip()

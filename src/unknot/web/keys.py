"""The web's secrets: from the settings or the environment, else one generated and kept.

Never a value made afresh in each process: the workers of one server, and the server after a
restart, must all accept the same cookies. A generated key is written to a file in the data
folder that appears complete or not at all: it is written and synced under a name of its own
(created with ``O_CREAT | O_EXCL``, mode 0600), then linked to its final name, which fails if
another process got there first; the loser then reads the winner's key.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from unknot.config import Settings
from unknot.errors import ConfigError
from unknot.files import sync_folder
from unknot.i18n import _

SECRET_FILE = "web-secret"
MIN_SECRET_BYTES = 32


def web_secret(settings: Settings) -> bytes:
    """The key that signs login cookies: ``web_secret`` from the settings, else the kept one."""
    if settings.web_secret:
        value = settings.web_secret.encode()
        if len(value) < MIN_SECRET_BYTES:
            raise ConfigError(
                _("web_secret has {n} characters; it needs at least {min}.").format(
                    n=len(value), min=MIN_SECRET_BYTES
                ),
                hint=_(
                    "Make a longer one (or remove web_secret from {file} and UNKNOT_WEB_SECRET "
                    "to let unknot keep one for you)."
                ).format(file=settings.config_file),
            )
        return value
    return kept_secret(settings.data_dir / SECRET_FILE)


def kept_secret(path: Path) -> bytes:
    """The key in ``path``, made there first if there is none (safe against a race)."""
    try:
        return _read(path)
    except FileNotFoundError:
        pass
    _keep(path, secrets.token_bytes(MIN_SECRET_BYTES))
    return _read(path)


def kept_token(config_dir: Path) -> tuple[str, bool]:
    """The web token kept in the config folder, made there first if there is none; and
    whether it was made just now. 256 random bits, URL-safe (it goes into pairing links)."""
    from unknot.config import TOKEN_FILE, kept_web_token

    found = kept_web_token(config_dir)
    if found:
        return found, False
    _keep(config_dir / TOKEN_FILE, secrets.token_urlsafe(32).encode("ascii"))
    return kept_web_token(config_dir), True


def _keep(path: Path, value: bytes) -> None:
    """Write ``value`` to ``path`` whole and private (0600), unless another process got there
    first: then theirs stays."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        os.write(fd, value)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(draft, path)  # atomic: fails if another process made the file first
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    sync_folder(path.parent)


def _read(path: Path) -> bytes:
    value = path.read_bytes()
    if len(value) < MIN_SECRET_BYTES:
        raise ConfigError(
            _("The key file {path} is damaged (too short).").format(path=path),
            hint=_("Remove it; unknot makes a new one at the next start (everyone logs in again)."),
        )
    return value

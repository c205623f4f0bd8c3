"""One Settings object: defaults < config file (TOML) < ``UNKNOT_*`` environment < flags.

``UNKNOT_CONFIG_DIR`` and ``UNKNOT_DATA_DIR`` move everything a person keeps; tests and demos
point them at a temporary folder.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from unknot.errors import ConfigError
from unknot.i18n import _

APP_NAME = "unknot"
ENV_PREFIX = "UNKNOT_"


def _default_config_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def _default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Settings:
    config_dir: Path = field(default_factory=_default_config_dir)
    data_dir: Path = field(default_factory=_default_data_dir)
    database_url: str = ""
    language: str = ""
    debug: bool = False
    web_token: str = ""  # a password for the web app; required to serve beyond loopback
    # The https address of the proxy in front of a plain-HTTP `unknot serve` (for example
    # "https://unknot.example"): without it, or --lan, a non-loopback address is refused, as
    # the token and health data would cross the network in the clear. Its host name and origin
    # are then allowed too, and cookies are marked Secure.
    tls_proxy: str = ""
    # The key that signs login cookies. Every worker (and every restart) must share it: set
    # it here or in UNKNOT_WEB_SECRET (at least 32 characters), or unknot keeps a generated
    # one in the data folder (web-secret, readable only by you).
    web_secret: str = ""

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def routines_dir(self) -> Path:
        """Where a person keeps their own routine files."""
        return self.config_dir / "routines"

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'unknot.sqlite3'}"


_KEYS = {f.name for f in fields(Settings)}


def _coerce(name: str, value: Any, source: str) -> Any:
    if name in ("config_dir", "data_dir"):
        return Path(str(value)).expanduser()
    if name == "debug":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off", ""):
            return False
        raise ConfigError(
            _("{source}: debug must be true or false, not {value!r}.").format(
                source=source, value=value
            ),
            hint=_("Use true or false."),
        )
    if not isinstance(value, str):
        raise ConfigError(
            _("{source}: {name} must be text, not {value!r}.").format(
                source=source, name=name, value=value
            )
        )
    return value


def _read_config_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            _("The config file {path} is not valid TOML: {error}.").format(path=path, error=exc),
            hint=_("Fix the file or move it away; unknot runs with defaults without it."),
        ) from exc
    unknown = sorted(set(data) - _KEYS - {"config_dir"})
    if unknown:
        raise ConfigError(
            _("The config file {path} has unknown settings: {names}.").format(
                path=path, names=", ".join(unknown)
            ),
            hint=_("Known settings: {names}.").format(names=", ".join(sorted(_KEYS))),
        )
    return {k: _coerce(k, v, str(path)) for k, v in data.items() if k != "config_dir"}


def load_settings(
    flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Build the settings from every layer, later layers winning."""
    env = os.environ if environ is None else environ
    flags = {k: v for k, v in (flags or {}).items() if v is not None}
    from_env = {
        name: _coerce(name, env[ENV_PREFIX + name.upper()], ENV_PREFIX + name.upper())
        for name in _KEYS
        if ENV_PREFIX + name.upper() in env
    }
    base = Settings()
    config_dir = flags.get("config_dir") or from_env.get("config_dir") or base.config_dir
    from_file = _read_config_file(Path(config_dir) / "config.toml")
    merged: dict[str, Any] = {**from_file, **from_env}
    merged.update({k: _coerce(k, v, "--" + k.replace("_", "-")) for k, v in flags.items()})
    merged["config_dir"] = Path(config_dir)
    if not merged.get("web_token"):
        merged["web_token"] = kept_web_token(Path(config_dir))
    return replace(base, **merged)


TOKEN_FILE = "web-token"  # the web token ``unknot serve --lan`` made, when none was given


def kept_web_token(config_dir: Path) -> str:
    """The web token ``unknot serve --lan`` generated and kept in the config folder, or ""."""
    try:
        return (config_dir / TOKEN_FILE).read_text(encoding="ascii").strip()
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return ""

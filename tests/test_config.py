from __future__ import annotations

from pathlib import Path

import pytest

from unknot.config import load_settings
from unknot.errors import ConfigError


def write_config(folder: Path, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")


def test_layers_defaults_file_environment_flags(tmp_path: Path) -> None:
    config = tmp_path / "cfg"
    write_config(config, 'language = "ko"\ndatabase_url = "sqlite:///from-file.db"\n')
    env = {"UNKNOT_CONFIG_DIR": str(config), "UNKNOT_DATABASE_URL": "sqlite:///from-env.db"}
    settings = load_settings({}, env)
    assert settings.language == "ko"  # file
    assert settings.database_url == "sqlite:///from-env.db"  # environment beats file
    flagged = load_settings({"database_url": "sqlite:///from-flag.db"}, env)
    assert flagged.database_url == "sqlite:///from-flag.db"  # flag beats environment


def test_data_dir_moves_the_default_database(tmp_path: Path) -> None:
    settings = load_settings(
        {}, {"UNKNOT_DATA_DIR": str(tmp_path / "d"), "UNKNOT_CONFIG_DIR": str(tmp_path / "c")}
    )
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'd' / 'unknot.sqlite3'}"
    assert settings.routines_dir == tmp_path / "c" / "routines"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("language = [", "is not valid TOML"),
        ('colour = "blue"\n', "unknown settings: colour"),
        ("language = 3\n", "language must be text"),
        ('debug = "maybe"\n', "debug must be true or false"),
    ],
)
def test_bad_config_files_are_named_with_the_problem(
    tmp_path: Path, text: str, message: str
) -> None:
    write_config(tmp_path, text)
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings({}, {"UNKNOT_CONFIG_DIR": str(tmp_path)})
    assert str(tmp_path / "config.toml") in caught.value.message


def test_debug_from_environment(tmp_path: Path) -> None:
    settings = load_settings({}, {"UNKNOT_CONFIG_DIR": str(tmp_path), "UNKNOT_DEBUG": "yes"})
    assert settings.debug is True

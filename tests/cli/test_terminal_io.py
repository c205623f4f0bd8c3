from __future__ import annotations

import stat
from pathlib import Path

from unknot.cli.terminal import Keys, Speaker


def fake_engine(tmp_path: Path) -> tuple[Path, Path]:
    said = tmp_path / "said.txt"
    script = tmp_path / "espeak-ng"
    script.write_text(f'#!/bin/sh\nfor last; do :; done\necho "$last" >> {said}\n')
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, said


def test_speaker_uses_an_installed_engine(tmp_path: Path) -> None:
    script, said = fake_engine(tmp_path)
    speaker = Speaker(True, which=lambda name: str(script) if name == "espeak-ng" else None)
    assert speaker.available
    speaker.say("Halfway")
    speaker.close()  # waits for the engine to finish
    assert said.read_text().strip() == "Halfway"


def test_speaker_is_silent_without_an_engine_or_when_turned_off(tmp_path: Path) -> None:
    assert not Speaker(True, which=lambda name: None).available
    script, _ = fake_engine(tmp_path)
    off = Speaker(False, which=lambda name: str(script))
    assert not off.available
    off.say("nothing")  # no error, nothing run


def test_keys_are_disabled_without_a_terminal(tmp_path: Path) -> None:
    with (tmp_path / "input.txt").open("w+") as stream, Keys(stream) as keys:
        assert not keys.enabled and keys.read(0.01) is None

"""Terminal input and output for the player: keys without Enter, the bell, a voice."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import sys
from collections.abc import Callable
from types import TracebackType
from typing import IO, Any

ESCAPES = {
    "\x1b[C": "right",
    "\x1b[D": "left",
    "\x1b[A": "up",
    "\x1b[B": "down",
    "\x1b": "escape",
    "\r": "enter",
    "\n": "enter",
    " ": "space",
    "\x03": "ctrl-c",
}


class Keys:
    """Single key presses from a terminal (cbreak mode), restored on exit whatever happens."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stdin
        try:
            self.fd = self.stream.fileno()
            self.enabled = self.stream.isatty()
        except (AttributeError, OSError, ValueError):  # a captured or closed stream
            self.fd, self.enabled = -1, False
        self._saved: list[Any] | None = None

    def __enter__(self) -> Keys:
        if self.enabled:
            import termios
            import tty

            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._saved is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
            self._saved = None

    def read(self, timeout: float) -> str | None:
        """One key (named for special keys), or None when none came within ``timeout``."""
        if not self.enabled:
            return None
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        data = os.read(self.fd, 16).decode("utf-8", errors="ignore")
        return ESCAPES.get(data, data[:1].lower() if data else None)


class Speaker:
    """Speaks cue text with a local speech engine when one is installed (espeak-ng, say)."""

    ENGINES: tuple[tuple[str, list[str]], ...] = (
        ("espeak-ng", ["-s", "165"]),
        ("espeak", ["-s", "165"]),
        ("say", []),
    )

    def __init__(self, enabled: bool = True, which: Callable[[str], str | None] = shutil.which):
        self.command: list[str] | None = None
        if enabled:
            for name, args in self.ENGINES:
                path = which(name)
                if path:
                    self.command = [path, *args]
                    break
        self._current: subprocess.Popen[bytes] | None = None

    @property
    def available(self) -> bool:
        return self.command is not None

    def say(self, text: str) -> None:
        if self.command is None or not text:
            return
        if self._current is not None and self._current.poll() is None:
            self._current.terminate()  # a newer cue wins over an older one
        self._current = subprocess.Popen(
            [*self.command, text], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def close(self) -> None:
        if self._current is not None and self._current.poll() is None:
            self._current.wait(timeout=5)

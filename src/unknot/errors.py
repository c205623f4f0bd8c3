"""The one exception tree of unknot.

    UnknotError                 every error we raise on purpose; has a message and a hint
    ├── ConfigError             a bad setting (config file, environment variable or flag)
    ├── ContentError            a technique or routine file that does not validate
    ├── ValidationError         a bad value from a user (rating out of range, unknown name …)
    ├── NotFoundError           a named thing does not exist
    ├── SafetyError             the safety rules say no (screening missing, tier blocks a session)
    ├── FileWriteError          a file for the person (export, report …) could not be written
    └── StoreError              the database cannot be reached or migrated
        ├── DamagedStoreError   the database file is damaged or is not a database
        └── DiskFullError       the disk is full: nothing of the change (or of the file) was saved

Faces (CLI, web) print ``message`` once and then the hint; nothing else needs a traceback.
``hint`` is for the terminal and may name commands and flags (`unknot screen`, --reason);
``web_hint``, when given, says the same for a browser by naming the page or the control to use.
The web shows ``web_hint`` when set, else ``hint``; the CLI always shows ``hint``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Problem:
    """One thing wrong with an input: where it is, which field, what was wrong."""

    message: str
    location: str = ""
    field: str = ""

    def render(self) -> str:
        where = ", ".join(
            part for part in (self.location, self.field and f"field {self.field!r}") if part
        )
        return f"{where}: {self.message}" if where else self.message


@dataclass
class UnknotError(Exception):
    message: str
    hint: str = ""
    problems: list[Problem] = field(default_factory=list)
    web_hint: str = ""

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class ConfigError(UnknotError):
    pass


class ContentError(UnknotError):
    pass


class ValidationError(UnknotError):
    pass


class NotFoundError(UnknotError):
    pass


class SafetyError(UnknotError):
    pass


class FileWriteError(UnknotError):
    pass


class StoreError(UnknotError):
    pass


class DamagedStoreError(StoreError):
    pass


class DiskFullError(StoreError):
    pass

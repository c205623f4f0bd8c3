"""Hints a browser can follow: the web names pages and controls, the terminal commands and flags.

A service error carries ``hint`` (for the terminal: `unknot screen`, --reason) and, where the
web can reach it, ``web_hint`` (the Safety page, the reason box). The API and the error page
show ``web_hint`` when set; the CLI keeps printing ``hint``.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from actors import open_actor
from clocks import Clock
from unknot.cli import app as cli_app
from unknot.config import load_settings
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.profile import change_profile
from webclient import csrf, make_client

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DESIGN = {"arm_a": "hip-full", "arm_b": "none", "period": 7, "pairs": 2, "mcid": 2}
runner = CliRunner()
WIDE = {"COLUMNS": "200"}


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


@functools.cache
def command_pattern() -> re.Pattern[str]:
    """A command (`unknot screen`, unknot import FILE) or a flag (--reason, --start)."""
    import typer.main

    cli_app._register()
    names = "|".join(sorted(typer.main.get_command(cli_app.app).commands))  # type: ignore[attr-defined]
    return re.compile(rf"`unknot\b|\bunknot (?:{names})\b|(?<![\w-])--[a-z]")


def names_a_command(text: str) -> bool:
    return command_pattern().search(text) is not None


@pytest.fixture
def clock() -> Clock:
    """The web's App and every CLI command's share this clock (and the data folder)."""
    return Clock(NOON)


pytestmark = pytest.mark.usefixtures("app_clock")


@pytest.fixture
def svc(clock: Clock) -> Iterator[Actor]:
    opened = open_actor(load_settings())
    change_profile(opened, {"timezone": "UTC"})
    yield opened
    opened.app.close()


@pytest.fixture
def client(svc: Actor) -> Iterator[TestClient]:
    with make_client(svc) as c:
        yield c


@dataclass(frozen=True)
class Case:
    """One error reached through the API, and the CLI command that meets the same error."""

    id: str
    method: str
    url: str
    body: dict[str, Any] | None
    cli: tuple[str, ...]
    web_says: str  # in the JSON hint
    cli_says: str  # in the terminal's hint
    screened: bool = False


CASES = [
    Case("screening-due-for-a-trial", "POST", "/api/v1/trial/check", DESIGN,
         ("trial", "plan", "--yes", "--assessed"),
         "Answer the safety screening on the Safety page", "Run `unknot screen`"),
    Case("assessed-without-screening", "POST", "/api/v1/screening/assessed", None,
         ("screen", "--assessed"), "on the Safety page", "Run `unknot screen` first."),
    Case("trial-start-out-of-range", "POST", "/api/v1/trial",
         {**DESIGN, "assessed_by_clinician": True, "start": "2026-01-05"},
         ("trial", "plan", "--yes", "--assessed", "--start", "2026-01-05", "--sims", "200"),
         "Choose a first day from 2026-03-02 to 2026-04-01.", "Give --start a day from",
         screened=True),
    Case("trial-reason-missing", "POST", "/api/v1/trial/pause", {},
         ("trial", "pause", "--reason", " "),
         "Give a reason in the box", '--reason "…"'),
    Case("no-trial-to-report", "GET", "/api/v1/trial/report", None, ("trial", "report"),
         "Plan one on the Trial page.", "`unknot trial plan`"),
    Case("not-an-entry-id", "DELETE", "/api/v1/journal/zz", None, ("journal", "delete", "zz"),
         "on the Journal page", "shown by `unknot journal`"),
    Case("no-such-entry", "DELETE", "/api/v1/journal/abcdef12", None,
         ("journal", "delete", "abcdef12"), "Journal page", "`unknot journal --all`"),
    Case("insights-since-after-today", "GET", "/api/v1/insights?since=2026-04-01", None,
         ("report", "--since", "2026-04-01"), "on or before today, like 2026-01-31",
         "Give --since a date"),
    Case("profile-value", "PATCH", "/api/v1/profile", {"timezone": "Mars/Olympus"},
         ("profile", "--timezone", "Mars/Olympus"), "Profile page", "`unknot profile --help`"),
    Case("not-a-country", "PATCH", "/api/v1/profile", {"country": "XX"},
         ("profile", "--country", "XX"), "Country field on the Profile page",
         "`unknot profile --countries`"),
    Case("unknown-routine", "GET", "/api/v1/plan?routine=nonesuch", None,
         ("plan", "nonesuch"), "The Library page lists", "`unknot routines`"),
]  # fmt: skip


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_web_hint_names_a_page_and_the_cli_a_command(
    case: Case, client: TestClient, svc: Actor
) -> None:
    if case.screened:
        safety.record(svc, {q.id: False for q in safety.questions()})
    response = client.request(case.method, case.url, json=case.body, headers=csrf(client))
    assert response.status_code >= 400, response.text
    body = response.json()
    assert set(body) == {"status", "code", "message", "hint", "field_errors"}
    assert case.web_says in body["hint"], body
    assert not names_a_command(body["hint"]), body["hint"]

    result = runner.invoke(cli_app.app, list(case.cli), env=WIDE)
    assert result.exit_code != 0, result.output
    printed = flat(result.output)
    assert body["message"] in printed  # the very same error …
    assert "Hint: " in printed and case.cli_says in printed  # … with the terminal's hint
    assert flat(body["hint"]) not in printed


def test_a_checkin_without_both_ratings(client: TestClient, svc: Actor) -> None:
    """`unknot checkin` asks for what is missing, so only the service shows the CLI's hint."""
    from unknot.errors import ValidationError
    from unknot.services.journal.write import check_in

    response = client.post("/api/v1/checkins", json={"worst_pain": 5}, headers=csrf(client))
    assert response.status_code == 422
    hint = response.json()["hint"]
    assert "today's check-in on the Journal page" in hint and not names_a_command(hint)
    with pytest.raises(ValidationError) as caught:
        check_in(svc, {"worst_pain": 5})
    assert "Give --average and --worst" in caught.value.hint


def test_the_error_page_shows_the_web_hint(client: TestClient) -> None:
    page = client.get("/trial/report", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "Plan one on the Trial page." in page.text
    assert "unknot trial plan" not in page.text


def test_a_hint_without_a_web_wording_is_shown_as_it_is(client: TestClient) -> None:
    response = client.get("/api/v1/techniques/hip")  # fits several: a browser-neutral hint
    assert response.status_code == 404
    assert response.json()["hint"] == "Type more of the id."


# --- every command hint in the services has a web wording, or a reason it needs none ----------

SRC = Path(__file__).parents[2] / "src" / "unknot"
SCANNED = ("services", "core", "content")

# Hints that name a command and stay CLI-only: nothing in the web pages or /api/v1 reaches them.
CLI_ONLY = {
    "services/demo/folder.py": "`unknot demo` fills a data folder; the web has no demo data "
    "command",
    "services/exchange/transfer.py:backup": "`unknot backup` copies the SQLite file; no web "
    "route backs up",
    "services/trial/csv_file.py": "`unknot trial analyze FILE` reads a CSV from disk; no web route",
    "core/nof1/analysis.py": "--mcid of `unknot trial analyze`; a web trial's MCID is checked "
    "when it is planned (core.trial.check_design)",
}


@dataclass(frozen=True)
class HintSite:
    where: str  # services/trial/lifecycle.py:stop
    line: int
    hint: list[str]
    web_hint: list[str] | None  # None: no web_hint given


def _constants(node: ast.AST) -> list[str]:
    found = [n.value for n in ast.walk(node) if isinstance(n, ast.Constant)]
    return [value for value in found if isinstance(value, str)]


def _assigned(name: str, scope: ast.AST | list[ast.stmt]) -> list[str]:
    found: list[str] = []
    for node in scope if isinstance(scope, list) else ast.walk(scope):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            found += _constants(node.value)
    return found


def _texts(node: ast.AST, function: ast.AST, module: ast.Module) -> list[str]:
    """The strings a hint expression can be: literals, names assigned in the function or the
    module, and what a helper function of the module returns."""
    helpers = {f.name: f for f in module.body if isinstance(f, ast.FunctionDef)}
    texts = _constants(node)
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            texts += _assigned(sub.id, function)
            texts += _assigned(sub.id, module.body)
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in helpers:
            for ret in ast.walk(helpers[sub.func.id]):
                if isinstance(ret, ast.Return) and ret.value is not None:
                    texts += _constants(ret.value)
    return texts


def hint_sites() -> list[HintSite]:
    sites: list[HintSite] = []
    seen: set[tuple[str, int, int]] = set()
    for folder in SCANNED:
        for path in sorted((SRC / folder).rglob("*.py")):
            module = ast.parse(path.read_text(encoding="utf-8"))
            rel = path.relative_to(SRC).as_posix()
            for function in ast.walk(module):
                if not isinstance(function, ast.FunctionDef):
                    continue
                for call in ast.walk(function):
                    if not isinstance(call, ast.Call):
                        continue
                    key = (rel, call.lineno, call.col_offset)  # a nested def is walked twice
                    if key in seen:
                        continue
                    seen.add(key)
                    kw = {k.arg: k.value for k in call.keywords if k.arg}
                    if "hint" not in kw:
                        continue
                    web = kw.get("web_hint")
                    sites.append(
                        HintSite(
                            f"{rel}:{function.name}",
                            call.lineno,
                            _texts(kw["hint"], function, module),
                            None if web is None else _texts(web, function, module),
                        )
                    )
    return sites


def _cli_only(site: HintSite) -> str | None:
    """The CLI_ONLY key that covers this hint: its function, or its whole module."""
    module = site.where.split(":")[0]
    return next((key for key in (site.where, module) if key in CLI_ONLY), None)


def test_every_command_hint_has_a_web_hint_or_is_cli_only() -> None:
    sites = hint_sites()
    assert len(sites) > 40  # the walk does find the hints
    commands = [s for s in sites if any(names_a_command(t) for t in s.hint)]
    missing = [
        f"{s.where} (line {s.line}): {s.hint}"
        for s in commands
        if s.web_hint is None and _cli_only(s) is None
    ]
    assert not missing, "a hint names a command but has no web_hint:\n" + "\n".join(missing)
    used = {_cli_only(s) for s in commands if s.web_hint is None}
    assert used == set(CLI_ONLY), f"CLI_ONLY entries that match no hint: {set(CLI_ONLY) - used}"
    assert len([s for s in commands if s.web_hint is not None]) >= 25


def test_web_hints_name_no_command() -> None:
    for site in hint_sites():
        for text in site.web_hint or []:
            assert not names_a_command(text), f"{site.where} (line {site.line}): {text}"

"""The browser player in Debian's Chromium against the real server (issue 6).

The clock is the test's (``page.clock``): a whole session runs in well under a second of real
time, and pausing, reloading or going offline happen at exact moments of the session.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest

from browser_tools import axe_violations, shot
from server import running_server

pytestmark = pytest.mark.slow

# Six steps, two techniques, 50 s in all (see the plan in test_whole_session…).
TWO = (Path(__file__).parents[1] / "data" / "routines" / "two.yaml").read_text()
TOTAL_S = 50
STEPS = 6
# Gentle, not gentle, gentle: a pain report above 5/10 in the first leaves the second out.
GENTLE = """\
id: test-gentle
name: Gentle, stretch, gentle
transition_s: 5
items:
  - technique: hip-circular-massage
    reps: 1
    hold_s: 10
  - technique: hip-flexor-stretch
    reps: 1
    hold_s: 10
  - technique: hip-kneading
    reps: 1
    hold_s: 10
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with _screened_server(tmp_path_factory.mktemp("player")) as url:
        yield url


@contextmanager
def _screened_server(folder: Path) -> Iterator[str]:
    """A real server over a data folder with the test routines and a clear screening."""
    env = {"UNKNOT_DATA_DIR": str(folder / "data"), "UNKNOT_CONFIG_DIR": str(folder / "config")}
    (folder / "config" / "routines").mkdir(parents=True)
    (folder / "config" / "routines" / "two.yaml").write_text(TWO)
    (folder / "config" / "routines" / "gentle.yaml").write_text(GENTLE)
    subprocess.run(
        [sys.executable, "-m", "unknot", "screen", "--batch", "--country", "GB"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
    with running_server(env=env) as url:
        yield url


def wait_js(page: Any, expression: str, timeout_s: float = 10.0) -> None:
    """Poll an expression from Python (the page's own timers belong to the test clock)."""
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout_s} s: {expression}"
        time.sleep(0.05)


def sessions(base: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = httpx.get(base + "/api/v1/sessions").json()
    return result


def no_quick_check(page: Any) -> None:
    """Screened today, so no "anything new?" check: the pain question comes first."""
    page.locator('[data-scale="before"]').wait_for()
    assert page.locator("#check").is_hidden()


def open_player(page: Any, base: str) -> None:
    page.clock.install()
    page.goto(base + "/player?routine=test-two")
    no_quick_check(page)


def start(page: Any, pain: int = 2) -> None:
    page.locator('[data-scale="before"]').get_by_role("button", name=str(pain), exact=True).click()
    page.get_by_role("button", name="Start", exact=True).click()
    page.get_by_role("timer").wait_for()


def step_title(page: Any) -> str:
    return str(page.locator("#step-title").inner_text())


def finish_with_pain_after(page: Any, value: int) -> None:
    page.locator('[data-scale="after"]').get_by_role("button", name=str(value), exact=True).click()
    page.get_by_text("Saved in your journal.").wait_for()


def test_a_whole_session_is_played_and_saved(phone: Any, base: str) -> None:
    before = len(sessions(base))
    open_player(phone, base)
    assert axe_violations(phone) == []
    shot(phone, "player_pre")
    start(phone)
    assert step_title(phone) == "Get ready: Hip-flexor stretch with massage"
    assert phone.locator("#clock").inner_text() == "0:05"
    phone.clock.run_for(7_000)
    assert step_title(phone) == "Hip-flexor stretch with massage, left hip"
    assert phone.locator("#clock").inner_text() == "0:08"
    assert axe_violations(phone) == []
    shot(phone, "player_playing")
    phone.clock.run_for(29_000)  # 36 s: the first technique is over, its rating is offered
    assert phone.locator("#rate").is_visible()
    phone.locator('[data-scale="technique"]').get_by_role("button", name="3", exact=True).click()
    phone.clock.run_for((TOTAL_S - 36) * 1000 + 500)
    phone.get_by_role("heading", name="Well done: session complete.").wait_for()
    finish_with_pain_after(phone, 1)
    assert axe_violations(phone) == []
    shot(phone, "player_done")
    saved = sessions(base)
    assert len(saved) == before + 1
    latest = saved[0]
    assert latest["status"] == "finished" and latest["pain_before"] == 2
    assert latest["pain_after"] == 1
    assert [s["outcome"] for s in latest["steps"]] == ["completed"] * STEPS
    assert [s["actual_s"] for s in latest["steps"]] == [5, 10, 10, 10, 5, 10]
    assert latest["technique_ratings"] == [{"technique": "hip-flexor-stretch", "value": 3}]


def test_pause_freezes_the_countdown_and_resume_carries_on(phone: Any, base: str) -> None:
    open_player(phone, base)
    start(phone)
    phone.clock.run_for(8_000)
    phone.get_by_role("button", name="Pause").click()
    frozen = phone.locator("#clock").inner_text()
    phone.clock.run_for(60_000)
    assert phone.locator("#clock").inner_text() == frozen
    assert phone.get_by_text("Paused", exact=True).is_visible()
    shot(phone, "player_paused")
    phone.keyboard.press("Space")  # the keyboard shortcut resumes
    phone.clock.run_for(3_000)
    assert phone.locator("#clock").inner_text() == "0:04"
    phone.clock.run_for(TOTAL_S * 1000)
    phone.get_by_role("heading", name="Well done: session complete.").wait_for()
    finish_with_pain_after(phone, 2)
    latest = sessions(base)[0]
    assert sum(s["actual_s"] for s in latest["steps"]) == TOTAL_S  # the pause is not counted


def test_a_pain_rise_stops_the_technique_and_moves_on(phone: Any, base: str) -> None:
    open_player(phone, base)
    start(phone, pain=2)
    phone.clock.run_for(8_000)
    phone.keyboard.press("p")
    phone.locator('[data-scale="during"]').get_by_role("button", name="4", exact=True).click()
    assert step_title(phone) == "Next: Gentle circular hip massage"
    assert "Stopping this technique" in phone.locator("#message").inner_text()
    phone.clock.run_for(20_000)
    phone.get_by_role(
        "heading",
        name="Session complete, but a safety rule stopped a technique on the way; "
        "what you did is saved.",
    ).wait_for()
    finish_with_pain_after(phone, 3)
    latest = sessions(base)[0]
    assert [s["rule"] for s in latest["stops"]] == ["pain.rise"]
    outcomes = [s["outcome"] for s in latest["steps"]]
    assert outcomes == ["completed", "stopped", "completed", "completed"]


def test_an_emergency_symptom_stops_the_session(phone: Any, base: str) -> None:
    open_player(phone, base)
    start(phone)
    phone.clock.run_for(8_000)
    phone.get_by_role("button", name="Report a symptom").click()
    shot(phone, "player_symptoms")
    phone.get_by_role("button", name="Chest pain, pressure or tightness").click()
    heading = phone.get_by_role("heading", name="Stop now and get help")
    heading.wait_for()
    assert "999" in phone.locator("#emergency").inner_text()
    assert phone.get_by_role("link", name="Call 999").get_attribute("href") == "tel:999"
    assert axe_violations(phone) == []
    shot(phone, "player_emergency")
    phone.clock.run_for(1_000)
    latest = sessions(base)[0]
    assert latest["status"] == "stopped"
    assert latest["stops"][0]["rule"] == "symptom.chest_pain"
    assert latest["stops"][0]["action"] == "emergency"


def test_a_reload_in_the_middle_loses_nothing(phone: Any, base: str) -> None:
    open_player(phone, base)
    start(phone)
    phone.clock.run_for(27_000)  # 3 steps done, 2 s into the fourth
    phone.reload()
    phone.get_by_role("heading", name="A session is in progress").wait_for()
    assert "Step 4 of 6" in phone.locator("#resume-text").inner_text()
    shot(phone, "player_resume")
    phone.get_by_role("button", name="Resume it").click()
    assert step_title(phone) == "Hip-flexor stretch with massage, right hip"
    assert phone.locator("#clock").inner_text() in ("0:08", "0:09")
    phone.clock.run_for(30_000)
    phone.get_by_role("heading", name="Well done: session complete.").wait_for()
    finish_with_pain_after(phone, 2)
    latest = sessions(base)[0]
    assert [s["index"] for s in latest["steps"]] == list(range(STEPS))
    assert abs(sum(s["actual_s"] for s in latest["steps"]) - TOTAL_S) < 1.5


def test_a_session_left_by_a_format_2_page_is_kept_as_partial(phone: Any, base: str) -> None:
    """After an update, a session the older page left unfinished is sent as it ran."""
    import json
    import uuid

    body = json.loads((Path(__file__).parents[1] / "data" / "session-format2.json").read_text())
    ident = str(uuid.uuid4())
    saved = {
        "session": {
            "id": ident,
            "plan": body["plan"],
            "started_at": body["started_at"],
            "ended_at": None,
            "status": None,
            "pain_after": None,
        },
        "player": {
            "state": "running",
            "index": 4,
            "base": 9.0,
            "stepStart": 7,
            "cuesDone": 1,
            "records": body["steps"][:2],
            "stops": body["stops"][:1],
            "ratings": body["ratings"],
            "endReason": "",
            "gentleOnly": False,
            "before": 2,
            "rateFor": None,
            "check": None,
            "checkNext": None,
        },
    }
    seed = (
        "if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1');"
        f" var s = {json.dumps(saved)}; s.saved = Date.now();"
        " localStorage.setItem('unknot.player.current', JSON.stringify(s)); }"
    )
    phone.add_init_script(seed)
    phone.goto(base + "/player?routine=test-two")
    phone.get_by_text("An unfinished session from earlier was saved as partial.").wait_for()
    wait_js(phone, "localStorage.getItem('unknot.player.queue') === '{}'")
    [shown] = [s for s in sessions(base) if s["id"] == ident]
    assert shown["status"] == "partial"
    assert [s["rule"] for s in shown["stops"]] == ["pain.rise"]


def test_offline_session_is_saved_once_when_back_online(browser: Any, base: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.clock.install()
    page.goto(base + "/player?routine=test-two")
    wait_js(page, "navigator.serviceWorker.controller !== null")
    no_quick_check(page)
    page.locator('[data-scale="before"]').get_by_role("button", name="2", exact=True).click()
    wait_js(page, "!document.getElementById('start').disabled")  # the plan is cached now
    before = len(sessions(base))
    context.set_offline(True)
    page.reload()
    no_quick_check(page)
    start(page)
    page.clock.run_for((TOTAL_S + 1) * 1000)
    page.get_by_role("heading", name="Well done: session complete.").wait_for()
    page.locator('[data-scale="after"]').get_by_role("button", name="1", exact=True).click()
    page.get_by_text("it will be sent when the network is back").wait_for()
    assert len(sessions(base)) == before  # nothing reached the server
    context.set_offline(False)
    page.clock.run_for(16_000)  # sent on the "online" event, or by the retry 15 s on
    page.get_by_text("Saved in your journal.").wait_for()
    wait_js(page, "localStorage.getItem('unknot.player.queue') === '{}'")
    saved = sessions(base)
    assert len(saved) == before + 1
    assert saved[0]["status"] == "finished" and saved[0]["pain_after"] == 1
    assert len(saved[0]["steps"]) == STEPS
    page.reload()  # a later visit sends nothing twice
    page.clock.run_for(2_000)
    assert len(sessions(base)) == before + 1
    context.close()


def test_the_player_in_the_dark_theme_has_no_violations(browser: Any, base: str) -> None:
    context = browser.new_context(
        color_scheme="dark", viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    open_player(page, base)
    start(page)
    page.clock.run_for(7_000)
    assert axe_violations(page) == []
    shot(page, "player_dark")
    page.get_by_role("button", name="Quit").click()
    page.get_by_role("button", name="End the session").click()
    page.get_by_role("heading", name="Session ended early; what you did is saved.").wait_for()
    assert axe_violations(page) == []
    context.close()


def test_player_files_fit_the_size_budget() -> None:
    static = Path(__file__).parents[2] / "src" / "unknot" / "web" / "static"
    names = ("app.css", "app.js", "player.css", "player.js", "player-tick.js")
    assert sum((static / n).stat().st_size for n in names) <= 60 * 1024


def python_records(
    base: str, routine: str, script: list[tuple[float, str]]
) -> tuple[list[tuple[int, str, float]], list[str]]:
    """The same actions played by unknot.core.player on the same plan JSON: step records and
    the rules of the stops."""
    from unknot.core.plan import Cue, PlanStep
    from unknot.core.player import Player
    from unknot.services import safety

    plan = httpx.get(base + "/api/v1/plan", params={"routine": routine, "pain": 2}).json()
    steps = [
        PlanStep(
            index=s["index"],
            kind=s["kind"],
            start_s=s["start_s"],
            duration_s=s["duration_s"],
            title=s["title"],
            instructions=tuple(s["instructions"]),
            cues=tuple(Cue(c["at_s"], c["kind"], c["text"]) for c in s["cues"]),
            technique_id=s["technique"],
            side=s["side"],
            rate_after=s["rate_after"],
            gentle=s["gentle"],
        )
        for s in plan["steps"]
    ]
    player = Player(steps, safety.stop_rules(), pain_before=2)
    now = 0.0
    player.start(now)
    for wait, action in script:
        now += wait
        player.tick(now)
        if player.state.over:
            continue
        if action == "skip":
            player.skip(now)
        elif action == "back":
            player.back(now)
        elif action in ("pause", "resume"):
            player.toggle(now)
        elif action.startswith("pain "):
            player.report_pain(now, int(action.split()[1]))
        elif action.startswith("symptom "):
            player.report_symptom(now, action.split()[1])
        elif action.startswith("settled "):
            player.answer_check(now, action.endswith("yes"))
    records = [(r.index, r.outcome.value, round(r.actual_s, 2)) for r in player.records]
    return records, [s.rule_id for s in player.stops]


# Each script: routine, actions (seconds to wait, then the action), the stop rules expected.
SCRIPTS: dict[str, tuple[str, list[tuple[float, str]], list[str]]] = {
    "skip-back-pause-pain": (
        "test-two",
        [
            (3, "skip"),
            (2, "back"),
            (1, "pause"),
            (10, "resume"),
            (4, "pain 3"),
            (4, "skip"),
            (6, "pain 5"),
            (30, "end"),
        ],
        ["pain.rise"],
    ),
    # A 7 (from 2) in the gentle circles: the rise rule stops them, and the stretch (not
    # gentle) is left out, step by step, even when "back" would return to it; the gentle
    # kneading still plays.
    "gentle-only": (
        "test-gentle",
        [(3, "skip"), (4, "pain 7"), (2, "back"), (1, "pause"), (5, "resume"), (30, "end")],
        ["pain.rise"],
    ),
    # §6 rule 1, emergency: the session ends at once and the emergency screen shows.
    "emergency": (
        "test-two",
        [(3, "skip"), (4, "symptom chest_pain"), (2, "end")],
        ["symptom.chest_pain"],
    ),
    # §6 rule 2, stop the session: dizziness; a painful swollen leg; a second sharp pain.
    "dizzy": ("test-two", [(3, "skip"), (4, "symptom dizzy"), (2, "end")], ["symptom.dizzy"]),
    "swollen-leg": (
        "test-two",
        [(7, "symptom swollen_leg"), (2, "end")],
        ["symptom.swollen_leg"],
    ),
    "sharp-pain-twice": (
        "test-two",
        [(7, "symptom sharp_pain"), (8, "symptom sharp_pain"), (2, "end")],
        ["symptom.sharp_pain", "session.sharp_pain_twice"],
    ),
    # Numbness or tingling: 3 minutes' rest, then "has it settled?" for 60 s.
    "tingling-settled": (
        "test-two",
        [(7, "symptom tingling"), (181, "settled yes"), (30, "end")],
        ["symptom.tingling"],
    ),
    "tingling-not-settled": (
        "test-two",
        [(7, "symptom tingling"), (185, "settled no"), (2, "end")],
        ["symptom.tingling", "session.tingling_not_settled"],
    ),
    "tingling-no-answer": (
        "test-two",
        [(7, "symptom tingling"), (181, "end"), (60, "end")],
        ["symptom.tingling", "session.tingling_not_settled"],
    ),
}
ENDINGS = re.compile(
    r"^(Well done: session complete|Session complete, but a safety rule|"
    r"The session has stopped for today)"
)


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[str]:
    """A server of its own: a session stopped by a rule blocks the rest of that day."""
    with _screened_server(tmp_path) as url:
        yield url


def play_in_page(page: Any, base: str, routine: str, script: list[tuple[float, str]]) -> None:
    from datetime import UTC, datetime, timedelta

    labels = {s["id"]: s["label"] for s in latest_plan(base, routine)["stop_rules"]["symptoms"]}
    start_at = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    page.clock.install(time=start_at)
    page.goto(base + "/player?routine=" + routine)
    page.clock.pause_at(start_at + timedelta(minutes=1))  # from now on, only run_for moves it
    no_quick_check(page)
    start(page)
    keys = {"skip": "ArrowRight", "back": "ArrowLeft", "pause": "Space", "resume": "Space"}
    for wait, action in script:
        page.clock.run_for(int(wait * 1000))
        if action in keys:
            page.keyboard.press(keys[action])  # ignored once the session has stopped
        elif action.startswith("pain "):
            page.get_by_role("button", name="Report pain").click()
            scale = page.locator('[data-scale="during"]')
            scale.get_by_role("button", name=action.split()[1], exact=True).click()
        elif action.startswith("symptom "):
            page.get_by_role("button", name="Report a symptom").click()
            page.get_by_role("button", name=labels[action.split()[1]], exact=True).click()
        elif action.startswith("settled "):
            name = "Yes, it has settled" if action.endswith("yes") else "No, it has not"
            page.get_by_role("button", name=name).click()


@pytest.mark.parametrize("name", list(SCRIPTS))
def test_the_page_plays_like_the_core_player(phone: Any, fresh: str, name: str) -> None:
    routine, script, expected_rules = SCRIPTS[name]
    play_in_page(phone, fresh, routine, script)
    if name == "emergency":
        phone.get_by_role("heading", name="Stop now and get help").wait_for()
        phone.clock.resume()  # the session is over: its last upload may wait on a timer
        wait_js(phone, "localStorage.getItem('unknot.player.queue') === '{}'")
    else:
        phone.get_by_role("heading", name=ENDINGS).wait_for()
    if name == "dizzy":  # the stopped-for-today screen: its advice once, and a number to call
        phone.clock.resume()  # axe waits on timers; the session is over, so time may run
        assert axe_violations(phone) == []
        shot(phone, "player_stopped_for_today")
        assert phone.get_by_role("link", name="Call 111").get_attribute("href") == "tel:111"
    if name != "emergency":
        finish_with_pain_after(phone, 2)
    [latest] = sessions(fresh)
    page_records = [(s["index"], s["outcome"], round(s["actual_s"], 2)) for s in latest["steps"]]
    records, rules = python_records(fresh, routine, script)
    assert page_records == records
    assert [s["rule"] for s in latest["stops"]] == rules == expected_rules
    left_out = [index for index, outcome, _ in records if outcome == "left_out"]
    session_stop = any(s["action"] == "stop_session" for s in latest["stops"])
    if name == "emergency":
        assert latest["status"] == "stopped" and latest["stops"][0]["action"] == "emergency"
        assert left_out == [] and records[-1][1] == "stopped"  # later steps: not recorded
    elif name == "gentle-only":
        plan = latest_plan(fresh, routine)
        stretch = [s["index"] for s in plan["steps"] if s["technique"] == "hip-flexor-stretch"]
        assert sorted(set(left_out)) == stretch  # every stretch step, and only those
        assert all(plan["steps"][i]["gentle"] is False for i in left_out)
        assert "gentle techniques only" in latest["stops"][0]["reason"]
        assert records[-1][1] == "completed"  # the kneading, played to its end
    elif session_stop:
        stopped = [i for i, outcome, _ in records if outcome == "stopped"][-1]
        assert left_out == list(range(stopped + 1, STEPS))  # every later step, left out
        assert latest["status"] == "stopped"
    else:
        assert left_out == []


def test_the_page_decides_every_rating_and_symptom_as_the_core(phone: Any, base: str) -> None:
    """The page's one evaluator of the plan's rule data against unknot.core.stoprules: every
    pain rating from every starting pain, every symptom first and again, every session rule."""
    from unknot.core.stoprules import check_pain, check_symptom, session_stop
    from unknot.services import safety

    rules = safety.stop_rules()
    data = latest_plan(base, "test-two")["stop_rules"]
    phone.goto(base + "/player?routine=test-two")
    befores: list[int | None] = [None, *range(11)]
    pains = phone.evaluate(
        """([rules, befores]) => befores.flatMap((b) => [...Array(11).keys()].map((n) =>
             window.unknotPlayerLog.rules.pain(rules, b, n)))""",
        [data, befores],
    )
    expected = []
    for before in befores:
        for now in range(11):
            d = check_pain(rules, before, now)
            action = d.action.value if d.action else None
            also = ["gentle_only"] if d.gentle_only else []
            expected.append(
                {"action": action, "rule": d.rule_id, "reason": str(d.reason), "also": also}
            )
    assert pains == expected
    for symptom in rules.symptoms:
        for earlier in ([], [f"symptom.{symptom.id}"]):
            page = phone.evaluate(
                "([r, id, e]) => window.unknotPlayerLog.rules.symptom(r, id, e)",
                [data, symptom.id, earlier],
            )
            core = check_symptom(rules, symptom.id, earlier)
            assert (page["action"], page["rule"]) == (core.action.value, core.rule_id)
            assert bool(page.get("recheck")) == (core.recheck is not None)
    for rule in rules.session_rules:
        page = phone.evaluate(
            "([r, id]) => window.unknotPlayerLog.rules.session(r, id)", [data, f"session.{rule.id}"]
        )
        core = session_stop(rules, rule.id)
        assert (page["action"], page["rule"]) == (core.action.value, core.rule_id)
    assert set(data["actions"]) >= {a for a in (p["action"] for p in pains) if a}


def latest_plan(base: str, routine: str) -> dict[str, Any]:
    plan: dict[str, Any] = httpx.get(
        base + "/api/v1/plan", params={"routine": routine, "pain": 2}
    ).json()
    return plan


def test_reminders_are_turned_on_with_permission(browser: Any, base: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(["notifications"])
    page = context.new_page()
    page.goto(base + "/player")
    remind = page.locator("#remind")
    assert "unknot calendar" not in remind.inner_text()  # no command line on a page
    assert remind.get_by_role("link", name="Add reminders to your calendar").is_visible()
    page.get_by_role("button", name="Turn on reminders").click()
    page.get_by_text("Reminders are on while this page is open.").wait_for()
    context.close()

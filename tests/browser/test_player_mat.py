"""The player on a phone beside the mat (issue 15): what stays in view, what looks like what,
where a reload lands, what starts answered and where a dialog puts the focus."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from test_player import (
    TOTAL_S,
    _screened_server,
    finish_with_pain_after,
    no_quick_check,
    open_player,
    start,
)

from browser_tools import SHOTS, axe_violations, shot

pytestmark = pytest.mark.slow
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with _screened_server(tmp_path_factory.mktemp("mat")) as url:
        yield url


def in_view(page: Any, selector: str) -> bool:
    """The whole element is inside the viewport as the page is scrolled now."""
    return bool(
        page.evaluate(
            """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                 return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; }""",
            selector,
        )
    )


def report_pain(page: Any, value: int) -> None:
    page.get_by_role("button", name="Report pain").click()
    page.locator('[data-scale="during"]').get_by_role("button", name=str(value), exact=True).click()


def stop_message_mid_session(page: Any, base: str) -> None:
    """Two steps in, a pain rise stops the first technique: its message is on the screen."""
    open_player(page, base)
    start(page, pain=2)
    page.clock.run_for(8_000)
    report_pain(page, 4)
    page.locator("#message").wait_for()
    assert "Stopping this technique" in page.locator("#message").inner_text()


def test_the_navigation_is_hidden_while_a_session_runs(phone: Any, base: str) -> None:
    open_player(phone, base)
    assert phone.get_by_role("navigation", name="Main").is_visible()
    start(phone)
    assert phone.get_by_role("navigation", name="Main").is_hidden()
    phone.get_by_role("button", name="Quit").click()
    phone.get_by_role("button", name="End the session").click()
    phone.get_by_role("heading", name="Session ended early; what you did is saved.").wait_for()
    assert phone.get_by_role("navigation", name="Main").is_visible()  # over: the way out is back


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pause_pain_and_symptom_stay_in_view_with_a_stop_message(
    browser: Any, base: str, scheme: str
) -> None:
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, color_scheme=scheme, bypass_csp=True
    )
    page = context.new_page()
    stop_message_mid_session(page, base)
    for control in ("#pause", "#pain", "#symptom"):
        assert in_view(page, control), control
    shot(page, f"player_stop_message_{scheme}")
    page.screenshot(path=str(SHOTS / f"player_stop_view_{scheme}.png"))  # what the mat sees
    assert axe_violations(page) == []
    context.close()


def test_the_symptom_button_does_not_look_like_skip(phone: Any, base: str) -> None:
    open_player(phone, base)
    start(phone)
    looks = phone.evaluate(
        """() => ['skip', 'symptom'].map((id) => {
             const s = getComputedStyle(document.getElementById(id));
             return [s.backgroundColor, s.color, s.borderTopColor].join(' '); })"""
    )
    assert looks[0] != looks[1]


def test_the_next_line_does_not_say_next_twice(phone: Any, base: str) -> None:
    open_player(phone, base)
    start(phone)
    seen = []
    for _ in range(12):
        heading = phone.locator("#step-title").inner_text()
        line = phone.locator("#next")
        seen.append((heading, line.inner_text() if line.is_visible() else None))
        phone.keyboard.press("ArrowRight")
        if phone.locator("#play").is_hidden():
            break
    assert not any(line and "Next: Next:" in line for _h, line in seen), seen
    assert ("Gentle circular hip massage" in [h for h, _l in seen]) and (
        "Next: Gentle circular hip massage" in [line for _h, line in seen]
    ), seen  # the work step named after the one before, not its get-ready
    for heading, line in seen:
        if heading.startswith(("Next:", "Get ready:")):
            assert line is None, (heading, line)  # the title says it once; no second line


def test_a_reload_opens_at_the_top_of_the_resume_card(phone: Any, base: str) -> None:
    open_player(phone, base)
    start(phone)
    phone.clock.run_for(12_000)
    phone.mouse.wheel(0, 2000)  # scrolled down to the instructions, then the page reloads
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    phone.reload()
    phone.get_by_role("heading", name="A session is in progress").wait_for()
    assert in_view(phone, "#resume-h")
    assert in_view(phone, "#resume-go")
    shot(phone, "player_resume_top")
    phone.get_by_role("button", name="Resume it").click()
    phone.clock.run_for(TOTAL_S * 1000)
    phone.get_by_role("heading", name="Well done: session complete.").wait_for()


def test_the_quit_dialog_puts_the_focus_on_keep_going(phone: Any, base: str) -> None:
    open_player(phone, base)
    start(phone)
    phone.get_by_role("button", name="Quit").click()
    focused = phone.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Keep going"
    phone.keyboard.press("Enter")  # a tap of Enter keeps the session
    assert phone.locator("#quit-d").is_hidden()
    assert phone.locator("#play").is_visible()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[str]:
    with _screened_server(tmp_path) as url:
        yield url


def test_the_follow_up_questions_start_unanswered(browser: Any, fresh: str) -> None:
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.clock.install(time=datetime(2026, 3, 2, 18, 0, tzinfo=UTC))  # a session on an earlier day
    page.goto(fresh + "/player?routine=test-two")
    no_quick_check(page)
    start(page)
    page.clock.run_for((TOTAL_S + 1) * 1000)
    page.get_by_role("heading", name="Well done: session complete.").wait_for()
    finish_with_pain_after(page, 1)
    context.close()
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.goto(fresh + "/player?routine=test-two")
    form = page.locator("#followup")
    form.wait_for()
    assert form.locator("input:checked").count() == 0
    page.get_by_role("button", name="Save these answers").click()
    assert form.is_visible()  # not sent half answered
    assert page.evaluate("document.getElementById('followup').checkValidity()") is False
    assert axe_violations(page) == []
    context.close()


def test_times_follow_the_persons_country_not_the_phones_language(browser: Any, base: str) -> None:
    """The profile says GB: 24-hour times, though this browser's own language is en-US."""
    import re

    context = browser.new_context(viewport=PHONE, locale="en-US", bypass_csp=True)
    page = context.new_page()
    open_player(page, base)
    page.locator('[data-scale="before"]').get_by_role("button", name="2", exact=True).click()
    page.wait_for_function("document.getElementById('plan-line').textContent.length > 0")
    line = page.locator("#plan-line").inner_text()
    assert re.search(r"\b\d{2}:\d{2}\b", line) and not re.search(r"AM|PM", line), line
    start(page)
    ends = page.locator("#ends").inner_text()
    assert re.search(r"\b\d{2}:\d{2}\b", ends) and "M" not in ends.split()[-1], ends
    context.close()

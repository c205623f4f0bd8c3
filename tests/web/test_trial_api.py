"""Personal trials over the API and on the pages, in process, with a hand-moved clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from clocks import Clock
from unknot.core import trial_sim, trial_text
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.profile import change_profile
from webclient import csrf, make_client

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DESIGN = {"arm_a": "hip-full", "arm_b": "none", "period": 7, "pairs": 2, "mcid": 2}


@pytest.fixture
def svc(clocked_actor: Actor, clock: Clock) -> Actor:
    clock.now = NOON
    change_profile(clocked_actor, {"timezone": "UTC"})
    return clocked_actor


@pytest.fixture
def client(svc: Actor) -> Iterator[TestClient]:
    with make_client(svc) as c:
        yield c


def screened(svc: Actor) -> None:
    safety.record(svc, {q.id: False for q in safety.questions()})


def commit(client: TestClient, **extra: object) -> dict:  # type: ignore[type-arg]
    body = {**DESIGN, "assessed_by_clinician": True, **extra}
    response = client.post("/api/v1/trial", json=body, headers=csrf(client))
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def test_planning_needs_a_current_screening(client: TestClient, svc: Actor) -> None:
    response = client.post("/api/v1/trial/check", json=DESIGN, headers=csrf(client))
    assert response.status_code == 409
    assert "safety screening" in response.json()["message"]
    page = client.get("/trial").text
    assert "A trial can be planned once the safety screening is done." in page
    assert 'id="trial-plan"' not in page


def test_design_check_commits_nothing_and_says_how_strong(client: TestClient, svc: Actor) -> None:
    screened(svc)
    response = client.post("/api/v1/trial/check", json=DESIGN, headers=csrf(client))
    assert response.status_code == 200, response.text
    body = response.json()
    assert [s["delta"] for s in body["check"]["scenarios"]] == [-2.0, -3.0, 0.0]
    assert body["check"]["noise"]["source"] == "default"
    assert body["design_lines"][0].startswith("A: Hip routine (full)")
    assert "no routine" in body["design_lines"][0]
    assert len(body["scenario_lines"]) == 3 and "wrongly concludes" in body["scenario_lines"][2]
    assert body["verdict"] and "--pairs" not in body["verdict"]  # no command-line flags on a page
    assert client.get("/api/v1/trial").json() == {"trial": None, "today": None}


def test_bad_designs_name_every_field(client: TestClient, svc: Actor) -> None:
    screened(svc)
    bad = {"arm_a": "nope", "arm_b": "nope", "period": 10, "pairs": 9, "run_in": 30,
           "mcid": 0, "threshold": 0.4}  # fmt: skip
    response = client.post("/api/v1/trial/check", json=bad, headers=csrf(client))
    assert response.status_code == 422
    fields = {f["field"] for f in response.json()["field_errors"]}
    assert fields == {"arm_a", "arm_b", "period", "pairs", "run_in", "mcid", "threshold"}
    extra = client.post("/api/v1/trial/check", json={**DESIGN, "colour": 1}, headers=csrf(client))
    assert extra.status_code == 422
    assert client.get("/api/v1/trial").json()["trial"] is None


def test_commit_then_today_then_one_at_a_time(client: TestClient, svc: Actor) -> None:
    screened(svc)
    body = commit(client)
    trial, today = body["trial"], body["today"]
    assert trial["state"] == "active" and trial["pairs"] == 2
    assert trial["design"]["arm_b"] == "none"
    assert len([s for s in trial["revealed"] if s["kind"] == "period"]) == 1  # only period 1
    assert today["trial_day"] == 1 and today["arm"] in ("A", "B")
    again = client.post(
        "/api/v1/trial", json={**DESIGN, "assessed_by_clinician": False}, headers=csrf(client)
    )
    assert again.status_code == 422 and "one trial at a time" in again.json()["message"]
    assert len(client.get("/api/v1/trials").json()) == 1


def test_commit_requires_the_clinician_answer(client: TestClient, svc: Actor) -> None:
    screened(svc)
    response = client.post("/api/v1/trial", json=DESIGN, headers=csrf(client))
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["field_errors"]] == ["assessed_by_clinician"]


def test_writes_need_the_csrf_token(client: TestClient, svc: Actor) -> None:
    screened(svc)
    response = client.post("/api/v1/trial", json={**DESIGN, "assessed_by_clinician": True})
    assert response.status_code == 403
    assert client.get("/api/v1/trial").json()["trial"] is None


def test_pause_resume_extend_stop_over_the_api(
    client: TestClient, svc: Actor, clock: Clock
) -> None:
    screened(svc)
    commit(client)
    empty = client.post("/api/v1/trial/pause", json={}, headers=csrf(client))
    assert empty.status_code == 422 and "Say why" in empty.json()["message"]
    paused = client.post("/api/v1/trial/pause", json={"reason": "a cold"}, headers=csrf(client))
    assert paused.json()["trial"]["state"] == "paused"
    assert paused.json()["today"]["message"].startswith("Your trial is paused")
    clock.now = NOON + timedelta(days=2)
    resumed = client.post("/api/v1/trial/resume", json={}, headers=csrf(client))
    assert resumed.json()["today"]["trial_day"] == 1  # paused from its first day: no day lost
    extended = client.post("/api/v1/trial/extend", json={"reason": "more"}, headers=csrf(client))
    assert extended.json()["trial"]["pairs"] == 3
    stopped = client.post("/api/v1/trial/stop", json={"reason": "done"}, headers=csrf(client))
    assert stopped.json() == {"trial": None, "today": None}
    again = client.post("/api/v1/trial/stop", json={"reason": "x"}, headers=csrf(client))
    assert again.status_code == 404
    kinds = [e["kind"] for e in client.get("/api/v1/trials").json()[0]["events"]]
    assert kinds == ["pause", "resume", "extend", "stop"]


def test_today_page_and_player_follow_the_arm(client: TestClient, svc: Actor, clock: Clock) -> None:
    screened(svc)
    body = commit(client)
    arm = body["today"]["arm"]
    today = client.get("/").text
    assert "Your personal trial" in today and "Trial day 1 of 28" in today
    player = client.get("/player").text
    if arm == "A":
        assert 'data-routine="hip-full"' in player
        assert "Hip routine (full)" in today and "Start the guided session" in today
    else:
        assert "No routine today" not in player  # the message says "no routine today."
        assert "no routine today" in today and "Start the guided session" not in today
        assert 'id="pre"' not in player and "Play a routine anyway" in player
    journal = client.get("/journal").text
    assert "Personal trial:" in journal and "trial day 1 of 28 (period 1, arm " in journal
    off = client.get("/player?routine=shoulder").text
    assert "off protocol" in off and 'data-routine="shoulder"' in off


def test_trial_page_shows_the_plan_form_then_the_running_trial(
    client: TestClient, svc: Actor
) -> None:
    screened(svc)
    page = client.get("/trial").text
    assert 'id="trial-plan"' in page and "Check this design" in page
    assert '<option value="none">No routine</option>' in page
    commit(client)
    page = client.get("/trial").text
    assert 'id="trial-plan"' not in page
    assert "Trial day 1 of 28" in page and "Pause the trial" in page and "Stop the trial" in page


def test_whole_trial_report_page_and_pdf(client: TestClient, svc: Actor, clock: Clock) -> None:
    from unknot.services.journal.write import check_in

    screened(svc)
    body = commit(client, arm_b="shoulder")
    for n in range(28):
        clock.now = NOON.replace(hour=20) + timedelta(days=n)
        today = client.get("/api/v1/trial").json()["today"]
        base = 3 if today["arm"] == "A" else 6
        check_in(svc, {"average_pain": base + (n * 5) % 3 - 1, "worst_pain": 8})
    clock.now = NOON + timedelta(days=28)
    report = client.get("/api/v1/trial/report").json()
    assert report["state"] == "finished" and len(report["periods"]) == 4
    assert report["analysis"]["decision"] == "A better"
    page = client.get("/trial/report").text
    for heading in ("Design as planned", "Randomisation", "Results per period",
                    "Harms and stop events", "Analysis", "Verdict", "Limitations"):  # fmt: skip
        assert f">{heading}</h2>" in page, heading
    assert (
        page.index(">Verdict<") < page.index(">Randomisation<") < page.index(">Results per period<")
    )
    assert "For you, in this trial, compared with B" in page
    words = report["analysis"]["prior_sensitivity"]["words"]
    assert ">Prior sensitivity</h3>" in page and len(words) == 2
    for line in words:  # the vague-prior result and the pull of the main prior
        assert str(escape(line)) in page, line
    assert page.count('class="day arm-a"') == 14 and page.count('class="day arm-b"') == 14
    assert 'aria-labelledby="tacf-t tacf-d"' in page
    pdf = client.get("/api/v1/trial/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["content-type"] == "application/pdf"
    trial_id = body["trial"]["id"]
    assert client.get(f"/trial/report?trial={trial_id}").status_code == 200
    past = client.get("/trial").text
    assert f"/trial/report?trial={trial_id}" in past  # listed under earlier trials


def test_report_of_no_trial_is_a_clear_404(client: TestClient) -> None:
    response = client.get("/api/v1/trial/report")
    assert response.status_code == 404 and "no trial" in response.json()["message"]
    assert client.get("/trial/report").status_code == 404
    bad = client.get("/api/v1/trial/report?trial=not-a-uuid")
    assert bad.status_code == 422


def test_text_module_keeps_the_simulation_threshold() -> None:
    assert trial_text.MIN_OWN_DAYS == trial_sim.MIN_OWN_DAYS


def test_seed_and_extension_orders_stay_hidden_until_the_end(
    client: TestClient, svc: Actor, clock: Clock
) -> None:
    import hashlib

    screened(svc)
    commit(client)
    client.post("/api/v1/trial/extend", json={"reason": "more"}, headers=csrf(client))
    running = client.get("/api/v1/trial/report").json()["randomisation"]
    assert running["seed"] is None and running["sequence"] is None
    event = client.get("/api/v1/trial").json()["trial"]["events"][0]
    assert event["kind"] == "extend" and "order" not in event["detail"]
    page = client.get("/trial/report").text
    assert "Seed kept hidden until the trial ends" in page and running["seed_sha256"] in page
    assert "Interim look: the trial is not over" in page
    client.post("/api/v1/trial/stop", json={"reason": "done"}, headers=csrf(client))
    clock.now = NOON + timedelta(days=1)
    over = client.get("/api/v1/trial/report").json()["randomisation"]
    assert hashlib.sha256(over["seed"].encode()).hexdigest() == running["seed_sha256"]
    assert over["sequence"] is not None and len(over["sequence"]) == 3
    assert "order" in client.get("/api/v1/trials").json()[0]["events"][0]["detail"]


def test_a_trial_not_yet_started_cannot_be_paused(client: TestClient, svc: Actor) -> None:
    screened(svc)
    commit(client, start=(NOON + timedelta(days=3)).date().isoformat())
    response = client.post("/api/v1/trial/pause", json={"reason": "x"}, headers=csrf(client))
    assert response.status_code == 422
    assert "has not started yet" in response.json()["hint"]
    page = client.get("/trial").text
    assert "Pause the trial" not in page and "Stop the trial" in page
    assert "Your trial starts on 2026-03-05" in page


def test_designs_are_not_coerced_from_strings(client: TestClient, svc: Actor) -> None:
    screened(svc)
    body = {**DESIGN, "assessed_by_clinician": "yes", "pairs": "2"}
    response = client.post("/api/v1/trial", json=body, headers=csrf(client))
    assert response.status_code == 422
    assert {f["field"] for f in response.json()["field_errors"]} == {
        "assessed_by_clinician",
        "pairs",
    }


def test_a_finished_trial_keeps_its_card_for_two_weeks(
    client: TestClient, svc: Actor, clock: Clock
) -> None:
    screened(svc)
    trial_id = commit(client)["trial"]["id"]
    clock.now = NOON + timedelta(days=28 + 3)
    for path in ("/", "/trial"):
        page = client.get(path).text
        assert "Your trial finished on 2026-03-29" in page, path
        assert f"/trial/report?trial={trial_id}" in page
    clock.now = NOON + timedelta(days=28 + 15)
    assert "Your trial finished" not in client.get("/").text


def test_safety_notices_stand_on_the_trial_page_during_a_trial(
    client: TestClient, svc: Actor, clock: Clock
) -> None:
    screened(svc)
    commit(client, arm_b="shoulder", pairs=4)
    clock.now = NOON + timedelta(days=31)  # the 30-day re-screening is due
    page = client.get("/trial").text
    assert "First, a short safety screening" in page
    assert "Start today&#39;s routine" not in page
    assert "No session until the safety notice above is resolved" in page


def test_today_survives_a_removed_trial_routine(
    client: TestClient, svc: Actor, clock: Clock
) -> None:
    from pathlib import Path

    import unknot.content

    screened(svc)
    folder = svc.settings.routines_dir
    folder.mkdir(parents=True, exist_ok=True)
    source = Path(unknot.content.__file__).parent / "routines" / "hip-short.yaml"
    text = source.read_text().replace("id: hip-short", "id: mine")
    (folder / "mine.yaml").write_text(text)
    commit(client, arm_a="mine", arm_b="shoulder")
    (folder / "mine.yaml").unlink()
    for n in range(14):  # some day of arm A
        clock.now = NOON + timedelta(days=n)
        today = client.get("/api/v1/trial").json()["today"]
        if today["arm"] == "A":
            break
    response = client.get("/")
    assert response.status_code == 200
    assert "is no longer in your routines folder" in response.text


def test_after_todays_check_in_the_trial_starts_tomorrow(client: TestClient, svc: Actor) -> None:
    from unknot.services.journal.write import check_in

    screened(svc)
    check_in(svc, {"average_pain": 4, "worst_pain": 6})
    page = client.get("/trial").text
    assert 'value="2026-03-03"' in page and "Starting tomorrow, 2026-03-03" in page
    body = commit(client)
    assert body["trial"]["start"] == "2026-03-03" and body["trial"]["state"] == "planned"

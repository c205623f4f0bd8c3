"""Insights, the terminal report and the PDF name routines, techniques and stop rules as
people read them, never by their ids (issue 15)."""

from __future__ import annotations

import html
import re

from actors import open_actor
from inprocess_cli import unknot
from unknot.config import load_settings
from webclient import make_client

IDS = re.compile(r"(?<![/\w-])(hip|shoulder)-[a-z]+(-[a-z]+)*\b|\bpain\.(rise|ceiling)\b")


def test_routines_and_rules_are_named_not_ids() -> None:
    assert unknot("demo", "--days", "60").returncode == 0
    actor = open_actor(load_settings())
    try:
        page = html.unescape(make_client(actor).get("/insights").text)
    finally:
        actor.app.close()
    shown = page.split("<main", 1)[1]
    assert "Hip routine (full): pain" in shown
    assert not IDS.search(re.sub(r'(id|href|class|for|name|aria-[a-z]+)="[^"]*"', "", shown))
    report = " ".join(unknot("report").stdout.split())
    assert "Hip routine (full): pain" in report
    assert "pain rose by 2 points or more" in report
    assert not IDS.search(report), IDS.search(report)


def test_the_trial_report_names_what_stopped_a_session() -> None:
    assert unknot("demo", "--days", "120").returncode == 0
    report = " ".join(unknot("trial", "report").stdout.split())
    harms = report.split("Harms and stop events", 1)[1].split("N-of-1 trial analysis", 1)[0]
    assert "pain rose by 2 points or more on 20" in harms, harms  # the demo's seed has one
    assert not IDS.search(harms), harms
    as_json = unknot("trial", "report", "--json")
    assert '"label": "pain rose by 2 points or more"' in as_json.stdout

"""Insights' "Show the numbers" lists every day the pain chart marks, not only the last 28
(issue 15)."""

from __future__ import annotations

import re

from actors import open_actor
from inprocess_cli import unknot
from unknot.config import load_settings
from unknot.services.insights import report
from webclient import make_client


def test_the_numbers_list_every_day_the_chart_plots() -> None:
    assert unknot("demo", "--days", "60").returncode == 0
    actor = open_actor(load_settings())
    try:
        page = make_client(actor).get("/insights").text
        days = report(actor).days
    finally:
        actor.app.close()
    table = page.split('<table class="numbers">', 1)[1].split("</table>", 1)[0]
    listed = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td>", table)
    with_pain = [d.day.isoformat() for d in days if d.average is not None]
    assert len(with_pain) > 28
    assert set(with_pain) <= set(listed)
    assert listed == sorted(listed, reverse=True)  # newest first
    chart = page.split('<svg class="chart"', 1)[1].split("</svg>", 1)[0]
    assert chart.count('class="avg"') == len(with_pain)

"""Benchmark: Lighthouse 12 (mobile) on the Today, journal and insights pages (issue 5).

Targets: accessibility 1.00, best practices >= 0.95, performance >= 0.95 on each page.
The pages are served by the real `unknot serve` on a data folder filled by `unknot demo`
(a year of data, so the journal and insights pages have something to show), and audited
with Lighthouse's default mobile settings (simulated slow 4G and a slower CPU) in Debian's
Chromium, headless.

    uv run python bench/lighthouse.py [--pages / /journal /insights /player]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from server import running_server  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 0.95}


def audit(url: str, out: Path) -> dict[str, float]:
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={FLAGS}",
            "--only-categories=performance,accessibility,best-practices",
        ],
        check=True,
        env=env,
        timeout=180,
    )
    report = json.loads(out.read_text())
    scores = {key: report["categories"][key]["score"] for key in TARGETS}
    failing = [
        (a["id"], a["score"])
        for a in report["audits"].values()
        if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") == "binary"
    ]
    if failing:
        print(f"    audits below 0.9: {failing}")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", nargs="+", default=["/", "/journal", "/insights"])
    parser.add_argument("--days", type=int, default=365)
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="unknot-lighthouse-"))
    env = {"UNKNOT_DATA_DIR": str(folder / "data"), "UNKNOT_CONFIG_DIR": str(folder / "cfg")}
    subprocess.run(
        [sys.executable, "-m", "unknot", "demo", "--days", str(options.days)],
        check=True,
        env={**os.environ, **env},
        capture_output=True,
    )
    ok = True
    with running_server(env=env) as base:
        for page in options.pages:
            scores = audit(base + page, folder / "report.json")
            line = "  ".join(f"{k} {v:.2f}" for k, v in scores.items())
            passed = all(scores[k] >= target for k, target in TARGETS.items())
            ok &= passed
            print(f"{page:10} {line}  {'ok' if passed else 'BELOW TARGET'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""``unknot trial analyze``: the fixtures, the JSON object, and malformed files by row/field."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from unknot.cli import app as cli_app
from unknot.core.nof1.data import DailyTrial, PairDifferences
from unknot.errors import ValidationError
from unknot.services.trial_file import ColumnMap, parse_trial_csv

runner = CliRunner()
WIDE = {"COLUMNS": "120"}
FIXTURES = Path(__file__).parents[3] / "shared" / "data" / "nof1"
NOF1INS = ["--arm-column", "treat", "--outcome-column", "y", "--pair-column", "block"]
LAUGHTER = ["--day-column", "obs", "--arm-column", "treat", "--outcome-column", "y"]


@pytest.fixture(scope="module", autouse=True)
def _commands() -> None:
    cli_app._register()


def run(*args: str) -> Result:
    return runner.invoke(cli_app.app, ["trial", "analyze", *args], env=WIDE)


def daily_csv(tmp_path: Path, rows: list[str], header: str = "day,arm,outcome,pair") -> Path:
    path = tmp_path / "trial.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def abab_rows(pairs: int = 3, a: float = 3.0, b: float = 5.0) -> list[str]:
    rows = []
    for i in range(pairs * 14):
        arm = "A" if (i // 7) % 2 == 0 else "B"
        value = (a if arm == "A" else b) + (i * 7 % 5) / 5
        rows.append(f"{i + 1},{arm},{value:.1f},{i // 14 + 1}")
    return rows


def test_nof1ins_fixture_reads_with_column_mapping_and_reports() -> None:
    result = run(str(FIXTURES / "nof1ins_readme_example_daily.csv"), *NOF1INS,
                 "--a-label", "1", "--b-label", "2")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "28 days scheduled, 26 rated (2 missing" in result.output
    words = " ".join(result.output.split())
    assert "can't tell yet" in words
    assert "Not blinded" in words and "never reach 0.05" in words


def test_laughter_fixture_json_is_one_documented_object() -> None:
    result = run(str(FIXTURES / "nof1_laughter.csv"), *LAUGHTER, "--a-label", "Laughter",
                 "--b-label", "", "--higher-is-better", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["version"] == 1 and body["input_kind"] == "daily"
    assert body["data"]["pairs_complete"] == 3 and body["data"]["days_rated"] == 18
    assert body["settings"]["higher_is_better"] is True
    names = [m["name"] for m in body["methods"]]
    assert names == ["gls_ar1", "paired_t", "serial_t", "randomisation"]
    for method in body["methods"]:
        assert method["available"] or method["reason"]
    assert {b["key"] for b in body["primary"]["at_mcid"][0]["bins"]} >= {"a_large", "equivalent"}


def test_json_keys_match_the_documentation() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "trial-json.md").read_text(encoding="utf-8")
    body = json.loads(run(str(FIXTURES / "nof1ins_readme_example_daily.csv"), *NOF1INS,
                          "--a-label", "1", "--b-label", "2", "--json").output)  # fmt: skip
    keys = set(body) | set(body["primary"]) | set(body["data"]) | set(body["settings"])
    keys |= {k for m in body["methods"] for k in m}
    keys |= {k for s in body["sensitivity"] for k in s}
    keys |= set(body["primary"]["at_mcid"][0]) | set(body["data"]["periods"][0])
    keys |= {b["key"] for b in body["primary"]["at_mcid"][0]["bins"]}
    missing = sorted(k for k in keys if f"`{k}`" not in doc)
    assert not missing, f"undocumented JSON keys: {missing}"


def test_clear_trial_concludes_and_mcid_option_is_used(tmp_path: Path) -> None:
    path = daily_csv(tmp_path, abab_rows(a=2.0, b=5.0))
    body = json.loads(run(str(path), "--json", "--mcid", "1.5").output)
    assert body["decision"] == "A better"
    assert [m["mcid"] for m in body["primary"]["at_mcid"]] == [1.0, 1.5, 2.0]
    assert body["primary"]["median"] < 0


def test_period_column_pairs_consecutive_periods(tmp_path: Path) -> None:
    rows = [f"{i + 1},{'AB'[(i // 7) % 2]},{4 + i % 3},{i // 7 + 1}" for i in range(28)]
    path = daily_csv(tmp_path, rows, header="day,arm,outcome,period")
    body = json.loads(run(str(path), "--json").output)
    assert [p["pair"] for p in body["data"]["periods"]] == [1, 1, 2, 2]


def test_pair_difference_file_runs_pair_methods_only(tmp_path: Path) -> None:
    path = tmp_path / "diffs.csv"
    path.write_text("pair,diff\n1,-1.5\n2,-0.5\n3,-2.0\n4,-1.0\n", encoding="utf-8")
    result = run(str(path), "--json")
    body = json.loads(result.output)
    assert body["input_kind"] == "pair-differences" and body["primary"]["available"] is False
    assert next(m for m in body["methods"] if m["name"] == "serial_t")["available"]


def test_not_randomised_design_skips_the_randomisation_test(tmp_path: Path) -> None:
    body = json.loads(run(str(daily_csv(tmp_path, abab_rows())), "--json",
                          "--design", "not-randomised").output)  # fmt: skip
    rand = next(m for m in body["methods"] if m["name"] == "randomisation")
    assert rand["available"] is False and "not declared randomised" in rand["reason"]


@pytest.mark.parametrize(
    ("text", "location", "field"),
    [
        ("day,arm,outcome,pair\n1,A,3,1\n2,C,4,1\n", "t.csv, row 3", "arm"),
        ("day,arm,outcome,pair\n1,A,3,1\n2,B,lots,1\n", "t.csv, row 3", "outcome"),
        ("day,arm,outcome,pair\n1,A,3,1\nx,B,4,1\n", "t.csv, row 3", "day"),
        ("day,arm,outcome,pair\n1,A,3,1\n1,B,4,1\n", "t.csv, row 3", "day"),
        ("day,arm,outcome,pair\n1,A,3,1\n2,B,4,one\n", "t.csv, row 3", "pair"),
        ("day,arm,outcome,pair,adherent\n1,A,3,1,yes\n2,B,4,1,maybe\n", "t.csv, row 3", "adherent"),
        ("day,arm,outcome,pair\n1,A,inf,1\n", "t.csv, row 2", "outcome"),
        ("day,arm,score\n1,A,3\n", "t.csv, row 1", "outcome"),
        ("pair,diff\n1,0.5\n2,\n", "t.csv, row 3", "diff"),
    ],
)
def test_malformed_files_get_errors_by_row_and_field(text: str, location: str, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_trial_csv(text, "t.csv", ColumnMap())
    assert any(p.location == location and p.field == field for p in info.value.problems), [
        p.render() for p in info.value.problems
    ]
    assert info.value.hint


@pytest.mark.parametrize("text", ["", "day,arm,outcome\n"])
def test_empty_files_are_refused_plainly(text: str) -> None:
    with pytest.raises(ValidationError, match=r"no (header|data)"):
        parse_trial_csv(text, "t.csv", ColumnMap())


def test_every_bad_row_is_listed_not_just_the_first() -> None:
    text = "day,arm,outcome,pair\n1,A,x,1\n2,Q,3,1\n3,B,4,z\n"
    with pytest.raises(ValidationError) as info:
        parse_trial_csv(text, "t.csv", ColumnMap())
    assert {p.location for p in info.value.problems} >= {
        "t.csv, row 2",
        "t.csv, row 3",
        "t.csv, row 4",
    }


def test_blank_outcome_is_a_missing_day_and_blank_lines_are_skipped() -> None:
    trial = parse_trial_csv("day,arm,outcome,pair\n1,A,,1\n\n2,B,4,1\n", "t.csv", ColumnMap())
    assert isinstance(trial, DailyTrial)
    assert [d.outcome for d in trial.days] == [None, 4.0]


def test_pairs_inferred_from_runs_without_pair_or_period() -> None:
    text = "day,arm,outcome\n" + "".join(f"{i + 1},{'BBAABBAA'[i]},{i}\n" for i in range(8))
    trial = parse_trial_csv(text, "t.csv", ColumnMap())
    assert isinstance(trial, DailyTrial)
    assert [d.pair for d in trial.days] == [1, 1, 1, 1, 2, 2, 2, 2]


def test_pair_differences_parse() -> None:
    parsed = parse_trial_csv("pair,diff\n2,1.0\n1,-0.5\n", "t.csv", ColumnMap())
    assert isinstance(parsed, PairDifferences) and parsed.diffs == (-0.5, 1.0)


def test_error_is_printed_once_by_the_cli_with_rows(tmp_path: Path) -> None:
    path = daily_csv(tmp_path, ["1,A,3,1", "2,B,oops,1"])
    done = subprocess.run(
        [sys.executable, "-m", "unknot", "trial", "analyze", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "trial.csv, row 3, field 'outcome'" in done.stderr
    assert done.stderr.count("Error:") == 1


def test_missing_file_is_a_plain_error(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.csv"))
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_trial_module_does_not_import_numpy_at_import_time() -> None:
    code = (
        "import sys; from unknot.cli import app; app._register();"
        "assert 'numpy' not in sys.modules, 'numpy imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr

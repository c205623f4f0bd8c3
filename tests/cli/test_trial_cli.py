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
from unknot.services.trial.csv_file import ColumnMap, parse_trial_csv

runner = CliRunner()
WIDE = {"COLUMNS": "120"}
FIXTURES = Path(__file__).parents[1] / "data" / "nof1"
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
    keys |= set(body["prior_sensitivity"]) | set(body["prior_sensitivity"]["prior"])
    keys |= set(body["settings"]["prior"])
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
    text = " ".join(run(str(path), "--mcid", "1.5").output.split())
    assert "Prior sensitivity" in text
    for line in body["prior_sensitivity"]["words"]:
        assert " ".join(line.split()) in text, line
    assert "A better by at least 1.5 points" in body["prior_sensitivity"]["words"][0]


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
    done = run(str(path))
    assert done.exit_code == 1 and isinstance(done.exception, SystemExit)
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


H = "day,arm,outcome,pair\n"
OUT_OF_RANGE_INDEX = "is out of range: it must lie between -100000 and 100000"
OUT_OF_RANGE_VALUE = "is out of range: it must lie between -1000000 and 1000000"
FIELDS_5 = (
    "this row has 5 fields but the header has 4 (day, arm, outcome, pair): a decimal comma "
    "(3,5 for 3.5) or an unquoted comma inside a value splits it in two; write decimals with a "
    "point (3.5) and put values that contain a comma in double quotes"
)
FIELDS_3 = (
    "this row has 3 fields but the header has 4 (day, arm, outcome, pair): a value may be "
    "missing, or two values were merged; write decimals with a point (3.5) and put values that "
    "contain a comma in double quotes"
)


@pytest.mark.parametrize(
    ("text", "message", "location", "field"),
    [
        (H + "1,A,3,1\n99999999999999999999,B,4,1\n",
         f"'99999999999999999999' {OUT_OF_RANGE_INDEX}", "t.csv, row 3", "day"),
        (H + "1,A,3,1\n2,B,4,100001\n", f"'100001' {OUT_OF_RANGE_INDEX}", "t.csv, row 3", "pair"),
        (H + "1,A,3,1\n2,B,1e300,1\n", f"'1e300' {OUT_OF_RANGE_VALUE}", "t.csv, row 3", "outcome"),
        ("pair,diff\n1,0.5\n2,-2e6\n", f"'-2e6' {OUT_OF_RANGE_VALUE}", "t.csv, row 3", "diff"),
        (H + "1,A,3,1\n2,B,3,5,1\n", FIELDS_5, "t.csv, row 3", ""),
        (H + "1,A,3,1\n2,B,4\n", FIELDS_3, "t.csv, row 3", ""),
        (H + '1,A,3,1\n2,B,"3,5",1\n',
         "'3,5' is not a number (a decimal comma? write it with a point, e.g. 3.5)",
         "t.csv, row 3", "outcome"),
        ("pair,diff\n1,0.5\n2,-1.0\n1,0.7\n", "pair 1 already appears in row 2", "t.csv, row 4",
         "pair"),
        ("day,arm,outcome,period\n1,A,3,1\n2,A,4,1\n3,B,5,1\n4,B,6,1\n5,B,5,2\n6,A,3,2\n",
         "period '1' has days under both A (rows 2–3) and B (rows 4–5); a period is a run of "
         "days on one arm. If this column holds pair numbers, read it with --pair-column period",
         "t.csv, rows 2–5", "period"),
        (H + "1,A,3,1\n2,A,4,1\n3,B,5,1\n4,B,6,1\n5,A,5,1\n6,A,3,1\n",
         "pair 1 is not one period of A and one period of B: in day order its days run "
         "A (rows 2–3), B (rows 4–5), A (rows 6–7)", "t.csv, rows 2–7", "pair"),
    ],
    ids=["huge-day", "huge-pair", "huge-outcome", "huge-diff", "decimal-comma", "short-row",
         "quoted-decimal-comma", "duplicate-pair", "period-is-pair", "pair-aba"],
)  # fmt: skip
def test_review_defects_are_problems_with_exact_row_and_field(
    text: str, message: str, location: str, field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        parse_trial_csv(text, "t.csv", ColumnMap())
    found = [(p.message, p.location, p.field) for p in info.value.problems]
    assert (message, location, field) in found, found


def test_decimal_comma_row_is_never_read_as_another_pair() -> None:
    with pytest.raises(ValidationError) as info:
        parse_trial_csv(H + "1,A,3,5,1\n2,B,4,1\n", "t.csv", ColumnMap())
    assert [p.location for p in info.value.problems] == ["t.csv, row 2"]
    assert "decimals with a point (3.5, not 3,5)" in info.value.hint


def test_trailing_blank_fields_carry_nothing_and_are_tolerated() -> None:
    trial = parse_trial_csv(H + "1,A,3,1,\n2,B,4,1,,\n", "t.csv", ColumnMap())
    assert isinstance(trial, DailyTrial) and [d.outcome for d in trial.days] == [3.0, 4.0]


def test_semicolon_separated_file_gets_a_hint() -> None:
    with pytest.raises(ValidationError) as info:
        parse_trial_csv("day;arm;outcome;pair\n1;A;3,5;1\n", "t.csv", ColumnMap())
    assert info.value.message == (
        "t.csv lacks the column(s) day, arm, outcome; it has day;arm;outcome;pair "
        "(semicolon-separated?)."
    )
    assert info.value.hint.startswith("Semicolon-separated?")


def test_huge_outcome_is_a_row_error_in_the_cli_not_a_traceback(tmp_path: Path) -> None:
    path = daily_csv(tmp_path, [*abab_rows(2)[:-1], "28,B,1e300,2"])
    done = run(str(path), "--json")
    assert done.exit_code == 1 and done.stdout == ""
    assert "trial.csv, row 29, field 'outcome': '1e300' is out of range" in done.stderr
    assert isinstance(done.exception, SystemExit)  # a clean exit, not an uncaught error


def test_semicolon_rows_under_a_comma_header_get_the_semicolon_hint() -> None:
    with pytest.raises(ValidationError) as info:
        parse_trial_csv(H + "1;A;3;1\n", "t.csv", ColumnMap())
    assert [(p.message, p.location, p.field) for p in info.value.problems] == [
        (
            "this row has 1 field but the header has 4 (day, arm, outcome, pair): it seems to "
            "use ';' between values (semicolon-separated?); write decimals with a point (3.5) "
            "and put values that contain a comma in double quotes",
            "t.csv, row 2",
            "",
        )
    ]

"""The council's totals, their evaluation, and the method choice with its evidence."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from naering_analysis.errors import AnalysisError
from naering_analysis.forecast import store
from naering_analysis.forecast.aggregates import TOTAL, council_aggregates, municipalities
from naering_analysis.forecast.choice import (
    COVERAGE_RANGE,
    EVIDENCE_COLUMNS,
    MIN_GAIN,
    MethodChoice,
    apply_rule,
    choose_method,
)
from naering_analysis.forecast.errors import build_panel
from naering_analysis.forecast.evaluation import evaluate
from naering_analysis.forecast.evidence_text import format_evidence
from naering_analysis.forecast.fitted import mae_scale
from naering_analysis.forecast.panel_sim import simulate_panel
from tests.helpers import make_frame

CODES = ["10-33", "41-43", "84"]


def small_frame() -> pd.DataFrame:
    """Municipality 3105 (three industries) and Norway, 2015–2020.

    3105: 10-33 = 100, 110, 105, 120, 130, 125; 41-43 = 50 each year; 84 = 30, 31, …, 35.
    Norway is ten times as large and grows 2 % a year in every industry.
    """
    rows = []
    values = {
        "10-33": [100, 110, 105, 120, 130, 125],
        "41-43": [50] * 6,
        "84": [30, 31, 32, 33, 34, 35],
    }
    for code, series in values.items():
        rows += [("3105", code, 2015 + t, v) for t, v in enumerate(series)]
        rows += [("0", code, 2015 + t, round(10 * series[0] * 1.02**t)) for t in range(6)]
    return make_frame(rows)


# --- aggregates -------------------------------------------------------------------------------


def test_council_aggregates_are_totals_and_focus_industries():
    panel = build_panel(small_frame(), need_reference=True)
    agg = council_aggregates(panel.keys, "0")
    assert agg.keys["aggregate"].tolist() == [TOTAL, "Grønn industri", "Bygg og anlegg"]
    values = agg.matrix @ panel.jobs
    assert values[0].tolist() == [180, 191, 187, 203, 214, 210]  # the sum of the three
    assert values[1].tolist() == [100, 110, 105, 120, 130, 125]  # 10-33 alone; 84 is "øvrige"
    assert agg.is_total.tolist() == [True, False, False]
    assert agg.series_used().tolist() == [False] * 3 + [True] * 3  # keys sorted: "0" first


def test_municipalities_leave_out_reference_and_counties():
    assert municipalities(["0", "31", "3105", "3107"], "0") == ["3105", "3107"]
    assert municipalities(["R", "N"], "N") == ["R"]


# --- evaluation by hand -----------------------------------------------------------------------


def test_primary_score_of_naive_by_hand():
    panel = build_panel(small_frame(), need_reference=True)
    agg = council_aggregates(panel.keys, "0")
    run = evaluate(panel, agg, "naive", [2018], horizon=2)
    total = run.aggregates.loc[run.aggregates["aggregate"] == TOTAL].set_index("horizon")
    # origin 2018: the total is 203; outcomes 214 and 210. In-sample mean absolute change of
    # 180, 191, 187, 203 is (11 + 4 + 16) / 3 = 31 / 3.
    assert total["forecast"].tolist() == [203.0, 203.0]
    assert total["scaled_error"].tolist() == pytest.approx([11 / (31 / 3), 7 / (31 / 3)])
    assert total["error_pct"].tolist() == pytest.approx([100 * -11 / 214, 100 * -7 / 210])
    # the 41-43 series is constant: its scale is 0, so it is left out of the secondary score
    assert run.series["scaled_n"].tolist() == [2, 2]


def test_mae_scale_leaves_out_constant_rows():
    assert mae_scale(np.array([[1.0, 3.0, 2.0], [5.0, 5.0, 5.0]])).tolist()[0] == 1.5
    assert np.isnan(mae_scale(np.array([[5.0, 5.0, 5.0]]))[0])


# --- the rule ---------------------------------------------------------------------------------


def evidence(rows: dict[str, tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "method": list(rows),
            "primary_mase": [v[0] for v in rows.values()],
            "coverage80": [v[1] for v in rows.values()],
        }
    )


def chosen(rows: dict[str, tuple[float, float]]) -> str:
    out = apply_rule(evidence(rows))
    return str(out.loc[out["chosen"], "method"].iloc[0])


def test_rule_picks_the_best_calibrated_method_that_clearly_beats_naive():
    assert chosen({"naive": (2.0, 0.8), "a": (1.8, 0.8), "b": (1.7, 0.8)}) == "b"
    # b is better but its intervals covered too much: a wins
    assert chosen({"naive": (2.0, 0.8), "a": (1.8, 0.8), "b": (1.7, 0.9)}) == "a"
    # exactly 5 % better is enough; 4 % is not
    assert chosen({"naive": (2.0, 0.8), "a": (2.0 * (1 - MIN_GAIN), 0.8)}) == "a"
    assert chosen({"naive": (2.0, 0.8), "a": (1.92, 0.8)}) == "naive"
    # nobody calibrated: naive, whatever its own coverage
    assert chosen({"naive": (2.0, 0.6), "a": (1.0, 0.6)}) == "naive"


def test_rule_columns_and_edges_of_the_coverage_range():
    low, high = COVERAGE_RANGE
    out = apply_rule(evidence({"naive": (2.0, low), "a": (1.0, high), "b": (1.0, high + 0.001)}))
    assert out["coverage_ok"].tolist() == [True, True, False]
    assert out["relative_mase"].tolist() == pytest.approx([1.0, 0.5, 0.5])
    assert out["clear_gain"].tolist() == [False, True, True]
    assert out["rank"].tolist() == [3, 1, 1]


def test_rule_needs_naive():
    with pytest.raises(AnalysisError, match="naive"):
        apply_rule(evidence({"a": (1.0, 0.8)}))


# --- choose_method ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def choice() -> MethodChoice:
    return choose_method(simulate_panel(seed=2))


def test_choice_evidence_follows_the_rule(choice):
    ev = choice.evidence.set_index("method")
    assert list(choice.evidence.columns) == list(EVIDENCE_COLUMNS)
    assert ev.loc["naive", "relative_mase"] == pytest.approx(1.0)
    assert ev["chosen"].sum() == 1 and ev.loc[choice.method, "chosen"]
    rechosen = apply_rule(choice.evidence.drop(columns=["relative_mase"]))
    assert rechosen.loc[rechosen["chosen"], "method"].iloc[0] == choice.method
    assert choice.origins == tuple(range(2018, 2025))
    assert choice.regions == ("3101", "3105", "3107", "3110", "3120")
    assert set(choice.by_horizon["horizon"]) == {1, 2, 3, 4, 5}
    naive_h = choice.by_horizon.loc[choice.by_horizon["method"] == "naive", "relative_mase"]
    assert naive_h.to_numpy() == pytest.approx(1.0)


def test_choice_round_trips_through_json(choice):
    again = MethodChoice.from_dict(json.loads(json.dumps(choice.to_dict(), default=str)))
    assert again.method == choice.method and again.origins == choice.origins
    pd.testing.assert_frame_equal(again.evidence, choice.evidence, check_dtype=False)
    assert again.relative_mase == pytest.approx(choice.relative_mase)


def test_choice_explains_itself_in_norwegian(choice):
    text = choice.reason()
    assert "naiv" in text and text.endswith(".")
    table = format_evidence(choice)
    assert table.splitlines()[0].startswith("| Rang | Metode")
    assert "1,000" in table  # naive's relative MASE, decimal comma
    assert table.count("| ja ") == 1


def test_choice_errors():
    frame = simulate_panel(seed=2)
    with pytest.raises(AnalysisError, match="ukjente metoder"):
        choose_method(frame, methods=["crystal_ball"])
    with pytest.raises(AnalysisError, match="prognoseår"):
        choose_method(frame, origins=[2017])
    only_norway = frame.loc[frame["region_code"] == "0"]
    with pytest.raises(AnalysisError, match="ingen kommuner"):
        choose_method(only_norway, methods=["naive", "trend"])


def test_a_municipality_with_a_suppressed_cell_is_not_judged_on_the_rest_as_its_total():
    # Aremark in the demo: two suppressed divisions made the sum of its other series stand in
    # for its total and moved the choice. Its total is now left out of the point evidence, exactly
    # as if the municipality were not in the panel. Its complete series still feed the error
    # model of the intervals, so the coverage may differ.
    frame = simulate_panel(seed=2)
    region = sorted(set(frame["region_code"]) - {"0"})[-1]
    rows = frame.index[(frame["region_code"] == region) & (frame["year"] == 2019)]
    gap = frame.assign(jobs=frame["jobs"].astype("Float64"))
    gap.loc[rows[:1], "jobs"] = pd.NA
    without = frame.loc[frame["region_code"] != region]
    methods = ["naive", "structural"]
    holed, clean = choose_method(gap, methods=methods), choose_method(without, methods=methods)
    assert holed.dropped_series and holed.dropped_series[0].startswith(f"{region}/")
    columns = ["method", "primary_mase", "relative_mase"]
    pd.testing.assert_frame_equal(holed.evidence[columns], clean.evidence[columns])
    assert holed.method == clean.method


# --- the stored choice ------------------------------------------------------------------------


def test_stored_choice_is_reused_until_data_or_code_change(tmp_path, monkeypatch):
    frame = simulate_panel(seed=3, municipalities={"3105": 29_400, "3107": 35_000})
    calls = []
    real = store.choose_method

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs, methods=["naive", "structural", "damped"])

    monkeypatch.setattr(store, "choose_method", counting)
    first = store.stored_choice(frame, tmp_path)
    again = store.stored_choice(frame, tmp_path)
    assert len(calls) == 1 and again.method == first.method
    assert json.loads((tmp_path / store.CHOICE_FILE).read_text())["key"]["data"]
    changed = frame.assign(jobs=frame["jobs"] + 1)
    store.stored_choice(changed, tmp_path)
    assert len(calls) == 2
    monkeypatch.setattr(store, "code_fingerprint", lambda: "other code")
    store.stored_choice(changed, tmp_path)
    assert len(calls) == 3
    (tmp_path / store.CHOICE_FILE).write_text("{not json")
    store.stored_choice(changed, tmp_path)
    assert len(calls) == 4
    assert [p.name for p in tmp_path.iterdir()] == [store.CHOICE_FILE]  # no temp files left


def test_every_method_and_the_rule_are_documented():
    from naering_analysis.forecast.methods import METHOD_LABELS, METHODS
    from tests.helpers import REPO

    text = (REPO / "docs" / "metode.md").read_text("utf-8")
    for method in METHODS:
        assert f"`{method}`" in text and METHOD_LABELS[method] in text, method
    low, high = (round(100 * v) for v in COVERAGE_RANGE)
    assert f"minst {round(100 * MIN_GAIN)} % lavere enn naivs" in text
    assert f"mellom {low} og {high} %" in text
    assert (REPO / "docs" / "figurer" / "dekning_etter_horisont.png").is_file()
    assert "47 %" not in text


# --- one level at a time ----------------------------------------------------------------------


def test_each_level_is_judged_on_its_own_aggregates():
    frame = simulate_panel(seed=2)
    choice = choose_method(frame, methods=["naive", "structural", "trend"], peers=["3105", "3107"])
    panel = build_panel(frame, need_reference=True, missing="drop")
    agg = council_aggregates(panel.keys, "0")
    run = evaluate(panel, agg, "structural", list(choice.origins), horizon=5)
    rows = run.aggregates
    totals = rows.loc[rows["kind"] == "total", "scaled_error"].mean()
    focus = rows.loc[rows["kind"] == "focus", "scaled_error"].mean()
    ev = choice.evidence.set_index("method")
    industry = choice.industry_evidence.set_index("method")
    assert ev.loc["structural", "primary_mase"] == pytest.approx(totals)
    assert industry.loc["structural", "primary_mase"] == pytest.approx(focus)
    assert totals != pytest.approx(focus)  # the two levels really are scored apart
    # the peer evidence is the same runs on the peers' totals only
    peer_rows = rows.loc[(rows["kind"] == "total") & rows["region_code"].isin(["3105", "3107"])]
    peer = choice.peer_evidence.set_index("method")
    assert peer.loc["structural", "primary_mase"] == pytest.approx(peer_rows["scaled_error"].mean())
    assert choice.peers == ("3105", "3107")
    # each level's chosen method follows the rule on its own table
    for table, method in (
        (choice.evidence, choice.method),
        (choice.industry_evidence, choice.industry_method),
    ):
        again = apply_rule(table.drop(columns=["relative_mase"]))
        assert again.loc[again["chosen"], "method"].iloc[0] == method
    levels = set(choice.by_horizon["level"])
    assert levels == {"total", "focus"}


def test_the_distribution_with_the_lower_crps_is_kept():
    choice = choose_method(simulate_panel(seed=2), methods=["naive", "structural"])
    own = choice.probability.set_index("method").loc[choice.method]
    assert choice.calibrated == bool(own["crps_cal"] < own["crps"])
    text = choice.reason("focus")
    assert "satsingsbransjene" in text


def test_a_panel_of_totals_alone_is_chosen_on_totals():
    # one "industry" per region (a total, as in table 11618): no focus industries to judge
    frame = simulate_panel(seed=4)
    totals = frame.groupby(["region_code", "year"], as_index=False)["jobs"].sum()
    totals["industry_code"] = "00-99"
    choice = choose_method(totals, methods=["naive", "structural"])
    assert choice.industry_method == choice.method
    assert len(choice.evidence) == 2


def test_full_choice_round_trips_through_json():
    choice = choose_method(simulate_panel(seed=2), methods=["naive", "structural"], peers=["3105"])
    again = MethodChoice.from_dict(json.loads(json.dumps(choice.to_dict(), default=str)))
    assert (again.method, again.industry_method, again.calibrated) == (
        choice.method,
        choice.industry_method,
        choice.calibrated,
    )
    for name in ("industry_evidence", "probability", "brier", "reliability", "peer_evidence"):
        pd.testing.assert_frame_equal(
            getattr(again, name), getattr(choice, name), check_dtype=False
        )
    assert again.peers == ("3105",)

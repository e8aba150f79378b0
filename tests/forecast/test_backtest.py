"""Rolling-origin backtest: hand-computed MASE and total error, honest intervals, ranking, table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from naering_analysis.errors import AnalysisError
from naering_analysis.forecast.backtest import (
    backtest,
    backtest_report,
    choose_default,
    format_table,
    rule_checks,
    summarise,
)
from naering_analysis.forecast.panel_sim import simulate_panel
from naering_analysis.forecast.projections import DEFAULT_METHOD, METHODS

CODES = ["10-33", "41-43", "45-47", "58-63", "86-88", "90-99"]

DEMO = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "raw"
    / "ssb"
    / "13470"
    / "2026-11-26"
    / "data.json"
)


def five_year_frame() -> pd.DataFrame:
    """Region R, six industries, 2015–2019; 10-33 is 100, 110, 105, 120, 130."""
    rows = []
    for k, code in enumerate(CODES):
        values = [100, 110, 105, 120, 130] if k == 0 else [200 + k, 210, 190 + k, 220, 215 + k]
        rows += [("R", code, 2015 + t, v) for t, v in enumerate(values)]
    frame = pd.DataFrame(rows, columns=["region_code", "industry_code", "year", "jobs"])
    frame["jobs"] = frame["jobs"].astype("Int64")
    return frame


def test_naive_mase_and_total_error_by_hand():
    frame = five_year_frame()
    bt, series = backtest(frame, ["naive"], origins=[2018], horizon=3, return_series=True)
    assert bt["horizon"].tolist() == [1]  # only 2019 is known after 2018
    row = series[series["industry_code"] == "10-33"].iloc[0]
    # forecast 120, outcome 130; in-sample MAE (10 + 5 + 15) / 3 = 10 -> scaled error 1.0
    assert (row["forecast"], row["actual"], row["mase"]) == (120.0, 130.0, pytest.approx(1.0))
    by_industry = series.set_index("industry_code")["mase"]
    assert bt["mase"].iloc[0] == pytest.approx(by_industry.mean())
    last = frame[frame["year"] == 2018]["jobs"].sum()
    actual = frame[frame["year"] == 2019]["jobs"].sum()
    assert bt["total_error_pct"].iloc[0] == pytest.approx(100 * (last - actual) / actual)
    assert bt["n_series"].iloc[0] == 6


def test_backtest_columns_and_horizons():
    frame = simulate_panel(seed=2, municipalities={"3105": 29_400})
    bt = backtest(frame, ["naive", "pooled"], origins=[2020, 2023], horizon=4)
    expected = {
        "method",
        "region_code",
        "origin",
        "horizon",
        "mase",
        "n_mase",
        "n_series",
        "coverage80",
        "total_actual",
        "total_forecast",
        "total_error_pct",
        "total_covered80",
    }
    assert expected <= set(bt.columns)
    assert sorted(bt.loc[bt["origin"] == 2020, "horizon"].unique()) == [1, 2, 3, 4]
    assert sorted(bt.loc[bt["origin"] == 2023, "horizon"].unique()) == [1, 2]
    assert bt["coverage80"].between(0, 1).all()
    assert set(bt["region_code"]) == {"3105", "31", "0"}


def test_intervals_are_honest_future_changes_do_not_move_them():
    frame = simulate_panel(seed=3, municipalities={"3105": 29_400})
    shocked = frame.copy()
    shocked.loc[shocked["year"] == 2025, "jobs"] = shocked.loc[shocked["year"] == 2025, "jobs"] * 2
    cols = ["region_code", "industry_code", "origin", "horizon", "forecast", "lo80", "hi80"]
    _, a = backtest(frame, ["pooled"], origins=[2021, 2022], horizon=3, return_series=True)
    _, b = backtest(shocked, ["pooled"], origins=[2021, 2022], horizon=3, return_series=True)
    pd.testing.assert_frame_equal(a[cols], b[cols])
    later = a["origin"] + a["horizon"] == 2025
    assert (a.loc[later, "actual"] * 2 == b.loc[later, "actual"]).all()


def test_bad_origins_and_methods_raise():
    frame = five_year_frame()
    with pytest.raises(AnalysisError, match="origins"):
        backtest(frame, ["naive"], origins=[2017])
    with pytest.raises(AnalysisError, match="origins"):
        backtest(frame, ["naive"], origins=[2019])
    with pytest.raises(AnalysisError, match="ukjente metoder"):
        backtest(frame, ["crystal_ball"])
    with pytest.raises(AnalysisError, match="horizon"):
        backtest(frame, ["naive"], horizon=0)


def test_summarise_weights_and_ranks():
    bt = pd.DataFrame(
        {
            "method": ["a", "a", "b"],
            "mase": [1.0, 2.0, 1.2],
            "n_mase": [1, 3, 2],
            "n_series": [1, 3, 2],
            "coverage80": [1.0, 0.5, 0.75],
            "total_error_pct": [-2.0, 4.0, 1.0],
            "total_covered80": [True, False, True],
        }
    )
    out = summarise(bt).set_index("method")
    assert out.loc["a", "mase"] == pytest.approx((1 * 1 + 2 * 3) / 4)  # 1.75
    assert out.loc["a", "coverage80"] == pytest.approx((1 + 1.5) / 4)
    assert out.loc["a", "total_abs_error_pct"] == pytest.approx(3.0)
    assert out.loc["a", "total_coverage80"] == pytest.approx(0.5)
    assert out.loc["b", "rank"] == 1 and out.loc["a", "rank"] == 2


def summary_of(rows: dict[str, tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "method": list(rows),
            "mase": [v[0] for v in rows.values()],
            "coverage80": [v[1] for v in rows.values()],
            "total_abs_error_pct": 1.0,
        }
    )


def test_choose_default_rules():
    ok = summary_of({"naive": (1.0, 0.8), "trend": (1.2, 0.8), "pooled": (0.9, 0.82)})
    assert choose_default(ok) == "pooled"
    not_clear = summary_of({"naive": (1.0, 0.8), "trend": (0.93, 0.8), "pooled": (0.9, 0.8)})
    assert choose_default(not_clear) is None  # 0.9 > 0.95 * 0.93, and naive/trend fail too
    bad_cover = summary_of({"naive": (1.0, 0.8), "trend": (1.2, 0.8), "pooled": (0.9, 0.6)})
    assert choose_default(bad_cover) == "naive"  # naive itself passes every rule here
    worse_than_naive = summary_of({"naive": (0.8, 0.8), "trend": (1.2, 0.8), "pooled": (0.9, 0.8)})
    assert choose_default(worse_than_naive) == "naive"


def test_rule_checks_name_the_rule_each_method_meets():
    summary = summary_of(
        {"naive": (2.0, 0.80), "trend": (2.1, 0.84), "a": (1.99, 0.81), "b": (1.90, 0.65)}
    )
    checks = rule_checks(summary).set_index("method")
    # 0.95 x 2.1 = 1.995: naive (2.0) misses it, a (1.99) just makes it
    assert checks.loc["naive"].tolist() == [True, False, True, False]
    assert checks.loc["trend"].tolist() == [False, False, True, False]
    assert checks.loc["a"].tolist() == [True, True, True, True]
    assert checks.loc["b"].tolist() == [True, True, False, False]
    assert choose_default(summary) == "a"


def test_format_table_is_norwegian():
    summary = pd.DataFrame(
        {
            "method": ["pooled"],
            "label": ["Samlet (krympet og dempet)"],
            "mase": [0.8666],
            "total_abs_error_pct": [1.25],
            "coverage80": [0.784],
            "total_coverage80": [0.7],
            "n_forecasts": [10],
            "rank": [1],
        }
    )
    text = format_table(summary)
    header = text.splitlines()[0]
    for name in ("Metode", "MASE", "Feil i total (%)", "Dekning 80 %"):
        assert name in header
    assert "0,87" in text and "1,3" in text and "78\xa0%" in text


def test_default_method_is_what_the_backtest_chooses_on_synthetic_panels():
    # The evidence in docs/metode.md: three synthetic panels (seeds 0–2). ETS is left out here to
    # keep the test fast; it ranks last or next to last on every panel (see docs/metode.md).
    methods = [m for m in METHODS if m != "ets"]
    runs = [backtest(simulate_panel(seed=s), methods, horizon=5) for s in range(3)]
    summary = summarise(pd.concat(runs, ignore_index=True))
    assert choose_default(summary) == DEFAULT_METHOD
    mase = summary.set_index("method")["mase"]
    assert mase[DEFAULT_METHOD] <= mase["naive"] and mase[DEFAULT_METHOD] < 0.95 * mase["trend"]
    assert 0.7 <= summary.set_index("method").loc[DEFAULT_METHOD, "coverage80"] <= 0.9


@pytest.mark.skipif(not DEMO.is_file(), reason="demo snapshot not generated yet")
def test_default_method_meets_every_rule_on_the_demo_snapshot():
    # The demo evidence in docs/metode.md, as `naering backtest` computes it (origins 2018–2024,
    # horizons 1–5). ETS is left out to keep the test fast; on the demo its MASE is neither the
    # lowest nor a yardstick of the rules, so the choice is the same with it.
    from naering_analysis.datasets import frames

    frame = frames.employment(root=DEMO.parents[2])
    methods = [m for m in METHODS if m != "ets"]
    bt = backtest(frame, methods, list(range(2018, 2025)), 5, missing="drop")
    summary = summarise(bt)
    checks = rule_checks(summary).set_index("method")
    assert checks.loc[DEFAULT_METHOD, "all_rules"]
    assert choose_default(summary) == DEFAULT_METHOD
    assert not checks.loc["trend", "all_rules"] and not checks.loc["naive", "all_rules"]


def test_backtest_report_runs_all_methods_and_labels_synthetic_data():
    frame = simulate_panel(seed=1, municipalities={"3105": 29_400})
    text = backtest_report(frame)
    assert text.count("\n| ") >= len(METHODS)
    assert "Prognoseår 2018–2024" in text and "syntetiske" in text
    assert "Standardmetoden i pakken er" in text and f"({DEFAULT_METHOD})" in text
    assert "Oppfyller alle tre reglene:" in text or "Ingen metode oppfyller" in text


@pytest.mark.skipif(not DEMO.is_file(), reason="demo snapshot not generated yet")
def test_backtest_on_demo_snapshot_reads_jsonstat():
    from naering_analysis.ssb import read_jsonstat

    cells = read_jsonstat(DEMO)
    frame = pd.DataFrame(
        {
            "region_code": cells["Region"].str.replace(r"^[KF]-", "", regex=True),
            "industry_code": cells["NACE2007"],
            "year": cells["Tid"].astype(int),
            "jobs": cells["value"].astype("Float64").round().astype("Int64"),
        }
    )
    frame = frame[frame["industry_code"].isin(CODES)]
    bt = backtest(frame, ["naive", "pooled"], origins=[2022], horizon=2, missing="drop")
    assert np.isfinite(bt["mase"]).all()
    assert set(bt["region_code"]) == {"3105", "3107", "3101", "3110", "3120", "31", "0"}

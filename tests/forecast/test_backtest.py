"""Series-level rolling-origin backtest: hand-computed MASE and total error, honest intervals,
ranking, and the Norwegian report of the method choice."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from naering_analysis.errors import AnalysisError
from naering_analysis.forecast.backtest import backtest, backtest_report, format_table, summarise
from naering_analysis.forecast.methods import METHODS
from naering_analysis.forecast.panel_sim import simulate_panel

CODES = ["10-33", "41-43", "46-47", "58-63", "86-88", "90-93"]

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


def test_backtest_report_shows_the_evidence_and_the_choice():
    frame = simulate_panel(seed=1, municipalities={"3105": 29_400, "3107": 35_000})
    text = backtest_report(frame, peers=["3105"])
    assert text.count("\n| ") >= 2 * len(METHODS)
    lines = text.splitlines()
    assert lines[0] == "## Kommunetotalene (målet gjelder totalen)"
    for word in ("Relativ MASE", "MASE kommunetotaler", "MASE per næring", "Dekning 80 %", "Valgt"):
        assert word in lines[2]
    assert "MASE satsingsbransjer" in text
    assert "Prognoseår 2018–2024" in text and "2 kommuner" in text
    assert "Valgt for kommunetotalene: " in text and "Valgt for næringene: " in text
    assert "Brier-ferdighet" in text and "Anslått sannsynlighet" in text
    assert "## Bare sammenligningskommunene (1 kommune)" in text
    assert "syntetiske" in text and "Standardmetode" not in text


@pytest.mark.skipif(not DEMO.is_file(), reason="demo snapshot not generated yet")
def test_backtest_on_demo_snapshot_reads_jsonstat():
    from naering_analysis.datasets.cube import collapse_divisions
    from naering_analysis.ssb import read_jsonstat

    cells = read_jsonstat(collapse_divisions(DEMO).doc)  # two-digit cells summed into parts
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
    assert {"3105", "3107", "3101", "3110", "3120", "31", "0"} <= set(bt["region_code"])


def test_a_suppressed_reference_cell_is_named_as_suppressed_not_as_a_missing_industry() -> None:
    """Issue 22: «mangler næringene ['05-09']» when SSB had only hidden one cell of Norway's."""
    from naering_analysis.forecast.errors import build_panel

    years = list(range(2015, 2023))
    rows = [
        (region, industry, year, float(100 + year - 2015))
        for region in ("0", "3105")
        for industry in ("05-09", "10-33")
        for year in years
    ]
    frame = pd.DataFrame(rows, columns=["region_code", "industry_code", "year", "jobs"])
    hidden = (frame["region_code"] == "0") & (frame["industry_code"] == "05-09")
    frame.loc[hidden & frame["year"].isin([2018, 2020]), "jobs"] = np.nan
    with pytest.raises(AnalysisError) as caught:
        build_panel(frame, need_reference=True, missing="drop", where="metodevalg")
    message = str(caught.value)
    assert (
        "referanseregionen '0' har prikkede (skjulte) tall hos SSB for 05-09 i 2018, 2020"
        in message
    )
    assert "mangler næringene" not in message
    # An industry the reference truly lacks is still named as missing.
    lacking = frame.loc[~hidden]
    with pytest.raises(AnalysisError, match=r"mangler næringene \['05-09'\]"):
        build_panel(lacking, need_reference=True, missing="drop", where="metodevalg")

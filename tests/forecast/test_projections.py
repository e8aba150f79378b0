"""Projection methods, the empirical error model and reconciliation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.analysis.growth import cagr_value
from naering_analysis.errors import AnalysisError
from naering_analysis.forecast.errors import (
    ErrorModel,
    build_panel,
    log_scale,
    pools_before,
    rolling_forecasts,
    standardised_errors,
)
from naering_analysis.forecast.methods import (
    growth_rate,
    point_forecast,
    shrinkage_weights,
)
from naering_analysis.forecast.panel_sim import simulate_panel
from naering_analysis.forecast.projections import BAND_COLUMNS, METHODS, project, reconcile

YEARS = list(range(2015, 2026))


def tidy(series: dict[tuple[str, str], list[float]], years: list[int] = YEARS) -> pd.DataFrame:
    rows = [
        (region, industry, year, value)
        for (region, industry), values in series.items()
        for year, value in zip(years, values, strict=True)
    ]
    frame = pd.DataFrame(rows, columns=["region_code", "industry_code", "year", "jobs"])
    frame["jobs"] = frame["jobs"].astype("Int64")
    return frame


def noisy_frame(seed: int = 0, regions: tuple[str, ...] = ("3105", "0")) -> pd.DataFrame:
    """Six industries per region, 50–5000 jobs, growth −3..+4 %/yr, noise sd 3–8 %."""
    rng = np.random.default_rng(seed)
    out = {}
    for region in regions:
        for code in ["10-33", "41-43", "45-47", "58-63", "86-88", "90-99"]:
            level = rng.uniform(50, 5000) * (20 if region == "0" else 1)
            growth = rng.uniform(-0.03, 0.04)
            noise = rng.uniform(0.03, 0.08) / (4 if region == "0" else 1)
            path = level * np.exp(growth * np.arange(11) + rng.normal(0, noise, 11))
            out[(region, code)] = np.rint(path).tolist()
    return tidy(out)


# --- point forecasts, by hand ---------------------------------------------------------------


def test_naive_repeats_last_value():
    hist = np.array([[100.0, 120.0, 90.0]])
    assert point_forecast("naive", hist, None, 3, 5).tolist() == [[90.0, 90.0, 90.0]]


def test_trend_compounds_window_cagr():
    # 100 -> 121 over two steps is 10 % a year: 133.1, 146.41
    hist = np.array([[50.0, 100.0, 110.0, 121.0]])
    out = point_forecast("trend", hist, None, 2, window=2)
    assert out[0] == pytest.approx([133.1, 146.41])


def test_trend_window_is_capped_at_history():
    hist = np.array([[100.0, 121.0]])  # one step only: 21 %
    assert point_forecast("trend", hist, None, 1, window=5)[0, 0] == pytest.approx(146.41)


def test_structural_uses_reference_rate():
    hist = np.array([[200.0, 180.0, 190.0]])
    ref = np.array([[1000.0, 1100.0, 1210.0]])  # 10 % a year
    out = point_forecast("structural", hist, ref, 2, window=2)
    assert out[0] == pytest.approx([209.0, 229.9])


def test_combined_is_mean_of_naive_and_structural():
    hist = np.array([[200.0, 180.0, 190.0]])
    ref = np.array([[1000.0, 1100.0, 1210.0]])
    out = point_forecast("combined", hist, ref, 2, window=2)
    assert out[0] == pytest.approx([(190 + 209) / 2, (190 + 229.9) / 2])


def test_shrinkage_weights_by_hand():
    # d = (0.1, -0.1, 0.0), v = (0.01, 0.01, 0.04): tau2 = mean(d^2) - mean(v) = 0.00667 - 0.02 < 0 -> 0
    w = shrinkage_weights(
        np.array([0.1, -0.1, 0.0]), np.array([0.01, 0.01, 0.04]), np.ones(3, bool)
    )
    assert w.tolist() == [0.0, 0.0, 0.0]
    # d = (0.2, -0.2), v = (0.01, 0.03): tau2 = 0.04 - 0.02 = 0.02 -> w = 0.02/0.03, 0.02/0.05
    w = shrinkage_weights(np.array([0.2, -0.2]), np.array([0.01, 0.03]), np.ones(2, bool))
    assert w.tolist() == pytest.approx([2 / 3, 0.4])


def test_pooled_without_damping_memory_is_structural():
    rng = np.random.default_rng(1)
    hist = 500 * np.exp(np.cumsum(rng.normal(0.02, 0.05, (8, 9)), axis=1))
    ref = 9000 * np.exp(np.cumsum(rng.normal(0.01, 0.01, (8, 9)), axis=1))
    pooled = point_forecast("pooled", hist, ref, 4, 5, damping=0.0)
    assert pooled == pytest.approx(point_forecast("structural", hist, ref, 4, 5))


def test_pooled_with_full_weight_follows_own_log_slope():
    # exact log-linear series: residual variance 0, so the weight is 1 (tau2 > 0 across series)
    t = np.arange(6)
    hist = np.vstack([100 * np.exp(0.05 * t), 100 * np.exp(-0.02 * t)])
    ref = np.vstack([1000 * np.exp(0.01 * t)] * 2)
    out = point_forecast("pooled", hist, ref, 2, window=5, damping=1.0)
    expected = hist[:, -1][:, None] * np.exp(np.array([[0.05], [-0.02]]) * np.array([[1, 2]]))
    assert out == pytest.approx(expected)


def test_damping_decays_the_deviation_geometrically():
    t = np.arange(6)
    hist = np.vstack([100 * np.exp(0.05 * t), 100 * np.exp(-0.03 * t)])
    ref = np.vstack([1000 * np.exp(0.01 * t)] * 2)
    out = point_forecast("pooled", hist, ref, 2, window=5, damping=0.5)
    r = 0.01  # the reference's CAGR is exp(0.01) - 1, i.e. exactly 0.01 a year in logs
    d = 0.05 - r  # first series' deviation, weight 1
    expected = hist[0, -1] * np.exp([r + d * 0.5, 2 * r + d * (0.5 + 0.25)])
    assert out[0] == pytest.approx(expected)


@pytest.mark.parametrize("method", METHODS)
def test_zero_series_stay_zero_without_nan(method):
    hist = np.array([[0.0] * 8, [100.0, 110, 105, 0, 0, 0, 0, 0], [5.0, 6, 7, 8, 9, 10, 11, 12]])
    ref = np.array([[10.0, 11, 12, 13, 14, 15, 16, 17]] * 3)
    out = point_forecast(method, hist, ref, 3, 5)
    assert np.isfinite(out).all() and (out >= 0).all()
    assert out[:2].tolist() == [[0.0] * 3, [0.0] * 3]


@settings(max_examples=60, deadline=None)
@given(
    start=st.floats(1, 1e5),
    end=st.floats(0, 1e5),
    steps=st.integers(1, 6),
)
def test_growth_rate_matches_growth_cagr_value(start, end, steps):
    hist = np.array([[start] + [start] * (steps - 1) + [end]])
    assert growth_rate(hist, steps)[0] == pytest.approx(cagr_value(start, end, steps), abs=1e-12)


# --- error model -----------------------------------------------------------------------------


def test_log_scale_by_hand():
    values = np.array([[0.0, 0.0], [9.0, 99.0], [99.0, 9.0]])
    assert log_scale(values) == pytest.approx([0.0, math.log(10), math.log(10)])


def test_error_model_shares_one_shape_and_extrapolates():
    # horizon 1: 20 errors -1..+1 (reliable); horizon 2: 2 errors (too few) -> exponent 0.5
    pool1 = np.linspace(-1, 1, 20)
    model = ErrorModel.fit([pool1, np.array([5.0, 6.0])], horizon=3)
    assert model.exponent == 0.5
    assert model.counts == (20, 2, 0)
    assert model.pools[0] == pytest.approx(pool1)
    assert model.pools[2] == pytest.approx(pool1 * math.sqrt(3))
    q = model.quantiles([0.1, 0.9])
    assert q[:, 0] == pytest.approx(np.quantile(pool1, [0.1, 0.9]))


def test_error_model_fits_exponent_from_spreads():
    base = np.linspace(-1, 1, 30)
    model = ErrorModel.fit([base, 2 * base, 3 * base], horizon=4)  # spread grows like h
    assert model.exponent == pytest.approx(1.0)
    # the three horizons pool into one shape (90 errors), scaled by h for each horizon
    assert model.pools[3] == pytest.approx(4 * np.sort(np.tile(base, 3)))


def test_error_model_needs_some_errors():
    with pytest.raises(AnalysisError, match="For få"):
        ErrorModel.fit([np.array([0.1, np.nan])], horizon=2)


def test_bands_formula_by_hand():
    model = ErrorModel((np.array([-1.0, 1.0]),), (2,), 0.5)
    bands = model.bands(np.array([[99.0]]), np.array([0.1]))
    q10 = np.quantile([-1.0, 1.0], 0.1)  # -0.8
    assert bands["lo80"][0, 0] == pytest.approx(100 * math.exp(0.1 * q10) - 1)
    assert bands["hi95"][0, 0] == pytest.approx(100 * math.exp(0.1 * 0.95) - 1)


def test_draw_is_comonotone_over_horizons():
    model = ErrorModel((np.array([-1.0, 0.0, 1.0]), np.array([-2.0, 0.0, 2.0])), (3, 3), 1.0)
    out = model.draw(np.array([0.0, 0.5, 0.99]))
    assert out.tolist() == [[-1.0, -2.0], [0.0, 0.0], [1.0, 2.0]]


def test_error_pools_use_only_outcomes_up_to_cutoff():
    frame = noisy_frame()
    changed = frame.copy()
    changed.loc[changed["year"] == 2025, "jobs"] *= 3  # the future moves
    pools = []
    for f in (frame, changed):
        panel = build_panel(f)
        origins = list(range(2017, 2025))
        fc = rolling_forecasts(panel, "trend", origins, 3, 5)
        z = standardised_errors(panel.jobs, panel.years, fc, origins)
        pools.append(pools_before(z, origins, 2024))
    for a, b in zip(*pools, strict=True):
        assert np.array_equal(a, b, equal_nan=True)


# --- project() -------------------------------------------------------------------------------


def test_project_needs_a_method():
    with pytest.raises(TypeError, match="method"):
        project(noisy_frame())  # type: ignore[call-arg]  # no method is a default


@pytest.mark.parametrize("method", METHODS)
def test_project_shape_and_bands(method):
    frame = noisy_frame()
    out = project(frame, method, end_year=2030)
    assert out.columns.tolist()[:3] == ["region_code", "industry_code", "year"]
    assert set(out["year"]) == set(range(2026, 2031))
    assert len(out) == 12 * 5
    assert (out["method"] == method).all()
    assert out[["jobs", *BAND_COLUMNS]].notna().all().all()
    assert (out["lo95"] <= out["lo80"] + 1e-9).all() and (out["lo80"] <= out["hi80"]).all()
    assert (out["hi80"] <= out["hi95"] + 1e-9).all() and (out["lo95"] >= 0).all()


def test_project_ets_runs_on_a_small_frame():
    out = project(noisy_frame(), "ets", end_year=2027, region="3105")
    assert len(out) == 12 and out["jobs"].gt(0).all()


def test_project_naive_by_hand_and_region_filter():
    frame = noisy_frame()
    out = project(frame, "naive", end_year=2027, region="3105")
    last = frame[(frame["year"] == 2025) & (frame["region_code"] == "3105")]
    merged = out.merge(last, on=["region_code", "industry_code"], suffixes=("", "_last"))
    assert (merged["jobs"] == merged["jobs_last"].astype(float)).all()
    assert set(out["region_code"]) == {"3105"}


def test_project_keeps_zero_series_at_zero_with_zero_width():
    frame = noisy_frame()
    zero = tidy({("3105", "05-09"): [0] * 11, ("0", "05-09"): [900 + y for y in range(11)]})
    out = project(pd.concat([frame, zero], ignore_index=True), "pooled", region="3105")
    rows = out[out["industry_code"] == "05-09"]
    assert (rows[["jobs", *BAND_COLUMNS]] == 0).all().all()


def test_project_total_is_the_sum_of_industries_and_carries_attrs():
    frame = simulate_panel(seed=4, municipalities={"3105": 29_400})
    out = project(frame, "combo", region="3105")
    assert out.attrs["synthetic"] is True
    assert out.groupby("year")["jobs"].sum().gt(20_000).all()


def test_project_errors_are_helpful():
    frame = noisy_frame()
    with pytest.raises(AnalysisError, match="ukjent metode"):
        project(frame, "magic")
    with pytest.raises(AnalysisError, match="end_year=2025"):
        project(frame, "naive", end_year=2025)
    with pytest.raises(AnalysisError, match="referanseregionen '99'"):
        project(frame, "structural", reference="99")
    with pytest.raises(AnalysisError, match="region '9999'"):
        project(frame, "naive", region="9999")
    with pytest.raises(AnalysisError, match="damping"):
        project(frame, "pooled", damping=1.5)


def test_project_missing_cells_raise_or_drop():
    frame = noisy_frame()
    frame.loc[(frame["industry_code"] == "58-63") & (frame["year"] == 2019), "jobs"] = pd.NA
    frame = frame[~((frame["industry_code"] == "41-43") & (frame["year"] == 2020))]
    with pytest.raises(AnalysisError, match="mangler tall"):
        project(frame, "naive")
    out = project(frame, "naive", missing="drop", region="3105")
    assert out.attrs["dropped_series"] == ["0/41-43", "0/58-63", "3105/41-43", "3105/58-63"]
    assert set(out["industry_code"]) == {"10-33", "45-47", "86-88", "90-99"}


def test_project_refuses_the_series_break():
    frame = tidy({("3105", "10-33"): [100 + k for k in range(11)]}, list(range(2010, 2021)))
    with pytest.raises(AnalysisError, match="brudd"):
        project(frame, "naive")
    assert len(project(frame, "naive", end_year=2022, allow_break=True)) == 2


def test_project_sector_frame_parts_sum_to_all():
    rng = np.random.default_rng(5)
    private = 700 * np.exp(np.cumsum(rng.normal(0, 0.04, 11)))
    public = 300 * np.exp(np.cumsum(rng.normal(0.02, 0.03, 11)))
    series = {}
    for region, scale in (("3105", 1), ("3107", 1.3), ("0", 90)):
        noise = rng.normal(0, 0.01, 11)
        series[(region, "private")] = np.rint(private * scale * np.exp(noise)).tolist()
        series[(region, "public")] = np.rint(public * scale).tolist()
        series[(region, "all")] = np.rint((private * np.exp(noise) + public) * scale + 2).tolist()
    frame = (
        tidy(series).rename(columns={"industry_code": "sector_code"}).assign(industry_code="alle")
    )
    out = project(frame, "pooled", end_year=2028)
    wide = out.pivot_table(index=["region_code", "year"], columns="sector_code", values="jobs")
    assert (wide["private"] + wide["public"]).to_numpy() == pytest.approx(wide["all"].to_numpy())


# --- reconcile() -----------------------------------------------------------------------------


def test_reconcile_by_hand_scales_bands_too():
    parts = pd.DataFrame(
        {
            "region_code": ["R", "R"],
            "year": [2026, 2026],
            "jobs": [30.0, 10.0],
            "lo80": [20.0, 5.0],
            "hi80": [40.0, 20.0],
        }
    )
    total = pd.DataFrame({"region_code": ["R"], "year": [2026], "jobs": [60.0]})
    out = reconcile(parts, total)
    assert out["jobs"].tolist() == [45.0, 15.0]
    assert out["lo80"].tolist() == [30.0, 7.5] and out["hi80"].tolist() == [60.0, 30.0]


def test_reconcile_zero_parts():
    parts = pd.DataFrame({"region_code": ["R", "R"], "year": [2026] * 2, "jobs": [0.0, 0.0]})
    zero = pd.DataFrame({"region_code": ["R"], "year": [2026], "jobs": [0.0]})
    assert reconcile(parts, zero)["jobs"].tolist() == [0.0, 0.0]
    with pytest.raises(AnalysisError, match="summerer til 0"):
        reconcile(parts, zero.assign(jobs=5.0))
    with pytest.raises(AnalysisError, match="totalen mangler"):
        reconcile(parts, zero.assign(year=2027))


@settings(max_examples=50, deadline=None)
@given(
    parts=st.lists(st.floats(0.5, 1e5), min_size=1, max_size=17),
    total=st.floats(0, 1e6),
)
def test_reconcile_keeps_the_total(parts, total):
    frame = pd.DataFrame({"region_code": "R", "year": 2030, "jobs": parts})
    target = pd.DataFrame({"region_code": ["R"], "year": [2030], "jobs": [total]})
    out = reconcile(frame, target)
    assert out["jobs"].sum() == pytest.approx(total, rel=1e-9, abs=1e-6)
    shares = np.array(parts) / sum(parts)
    assert out["jobs"].to_numpy() == pytest.approx(shares * total, rel=1e-9, abs=1e-6)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), method=st.sampled_from(["naive", "trend", "shrink", "combo"]))
def test_bands_are_ordered_for_any_panel(seed, method):
    out = project(noisy_frame(seed), method, end_year=2028)
    assert (out["lo95"] <= out["lo80"] + 1e-9).all()
    assert (out["lo80"] <= out["hi80"] + 1e-9).all()
    assert (out["hi80"] <= out["hi95"] + 1e-9).all()

"""The newer point methods by hand: damped structural, grid-fitted ETS, and the backtest-fitted
shrinkage and combination."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.tsa.holtwinters import ExponentialSmoothing

from naering_analysis.errors import AnalysisError
from naering_analysis.forecast import fitted
from naering_analysis.forecast.ets import ALPHAS, BETAS, PHIS, ets, fit_grid, smooth
from naering_analysis.forecast.methods import METHODS, point_forecast

# --- damped structural -------------------------------------------------------------------------


def test_damped_structural_by_hand():
    # reference 1000 -> 1100 over one step: r = log(1.1); phi = 0.8 gives 0.8 and 0.8 + 0.64
    hist = np.array([[200.0, 190.0]])
    ref = np.array([[1000.0, 1100.0]])
    out = point_forecast("damped", hist, ref, 2, window=1)
    assert out[0] == pytest.approx([190 * 1.1**0.8, 190 * 1.1**1.44])


def test_damped_lies_between_naive_and_structural_for_growing_references():
    hist = np.array([[200.0, 180.0, 190.0]])
    ref = np.array([[1000.0, 1100.0, 1210.0]])
    damped = point_forecast("damped", hist, ref, 5, 2)
    structural = point_forecast("structural", hist, ref, 5, 2)
    assert np.all(damped > 190.0) and np.all(damped < structural)


# --- ETS ---------------------------------------------------------------------------------------


def test_ets_recursion_by_hand():
    # x = 0, 1, 3 with alpha = beta = 0.5, phi = 0.8, started from l = 0, b = 1 (see the docstring
    # of naering_analysis.forecast.ets): one-step errors -0.8, 0.12, 1.652
    level, slope, sse = smooth(np.array([[0.0, 1.0, 3.0]]), np.array([0.5]), np.array([0.5]), 0.8)
    assert level[0] == pytest.approx(2.174)
    assert slope[0] == pytest.approx(0.821)
    assert sse[0] == pytest.approx(0.64 + 0.0144 + 1.652**2)


def test_ets_recursion_matches_statsmodels():
    x = np.log(np.array([120.0, 125, 131, 128, 140, 151, 149, 160, 171, 168]))
    alpha, beta, phi = 0.4, 0.2, 0.9
    model = ExponentialSmoothing(
        x,
        trend="add",
        damped_trend=True,
        initialization_method="known",
        initial_level=x[0],
        initial_trend=x[1] - x[0],
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = model.fit(
            smoothing_level=alpha, smoothing_trend=beta, damping_trend=phi, optimized=False
        )
    level, slope, sse = smooth(x[None, :], np.array([alpha]), np.array([beta]), np.array([phi]))
    steps = np.cumsum(phi ** np.arange(1, 4))
    assert level[0] + steps * slope[0] == pytest.approx(result.forecast(3), abs=1e-10)
    assert sse[0] == pytest.approx(result.sse, rel=1e-10)


def test_ets_grid_picks_the_smallest_sse():
    x = np.log(np.array([[100.0, 104, 103, 109, 115, 114, 121, 126, 125, 133]]))
    alpha, beta, phi = fit_grid(x)
    best = math.inf
    for a in ALPHAS:
        for b in BETAS:
            for p in PHIS:
                best = min(best, smooth(x, np.array([a]), np.array([b]), np.array([p]))[2][0])
    chosen = smooth(x, alpha, beta, phi)[2][0]
    assert chosen == pytest.approx(best)


def test_ets_falls_back_to_naive_on_short_or_zero_series():
    short = np.array([[100.0, 110.0, 120.0]])
    assert ets(short, 2).tolist() == [[120.0, 120.0]]
    with_zero = np.array([[0.0, 110.0, 120.0, 130.0, 140.0, 150.0, 160.0]])
    assert ets(with_zero, 2).tolist() == [[160.0, 160.0]]


def test_ets_follows_a_steady_trend_but_damps_it():
    hist = np.array([100 * 1.03 ** np.arange(10)])
    out = ets(hist, 5)[0]
    assert hist[0, -1] < out[0] <= hist[0, -1] * 1.031
    assert np.all(np.diff(out) >= -1e-9)
    assert out[-1] <= hist[0, -1] * 1.03**5 + 1e-6


# --- inner backtest: losses, shrinkage and combination ----------------------------------------


def test_inner_losses_by_hand():
    # one inner origin (column 2): naive says 121, the outcome is 133.1; the in-sample mean
    # absolute change of 100, 110, 121 is 10.5, so the scaled error is 12.1 / 10.5
    hist = np.array([[100.0, 110.0, 121.0, 133.1]])

    def candidates(t: int, h_max: int) -> np.ndarray:
        return np.repeat(hist[:, t][None, :, None], h_max, axis=2)

    loss, origins = fitted._inner_losses(hist, None, candidates, 1, 3)
    assert loss[0] == pytest.approx([12.1 / 10.5, 0.0, 0.0])
    assert origins.tolist() == [1, 0, 0]


def test_shrink_weight_is_one_when_the_own_trend_persists():
    t = np.arange(8)
    hist = np.vstack([100 * np.exp(0.05 * t), 300 * np.exp(-0.03 * t)])
    ref = np.full_like(hist, 1000.0)  # the reference does not grow
    assert fitted.shrink_weight(hist, ref, window=5) == 1.0
    out = point_forecast("shrink", hist, ref, 2, 5)
    assert out[0] == pytest.approx(hist[0, -1] * np.exp(0.05 * np.array([1, 2])))


def test_shrink_weight_is_zero_when_the_own_trend_is_noise():
    # one bump in 2018: every own slope after it points the wrong way; the reference is flat
    hist = np.array([[100.0, 100.0, 100.0, 120.0, 100.0, 100.0, 100.0, 100.0]])
    ref = np.full_like(hist, 1000.0)
    assert fitted.shrink_weight(hist, ref, window=5) == 0.0
    assert point_forecast("shrink", hist, ref, 3, 5).tolist() == [[100.0, 100.0, 100.0]]


def test_simplex_grid():
    grid = fitted.simplex_grid(3)
    assert grid.shape == (66, 3)  # C(12, 2) points on a 0.1 grid
    assert grid.sum(axis=1) == pytest.approx(np.ones(66))
    assert (grid >= 0).all() and len({tuple(r) for r in grid.tolist()}) == 66


def test_combo_weights_go_to_the_component_that_was_right():
    # the series is flat after a jump from 50: naive is always right; trend (own CAGR from 50)
    # and structural (reference +10 % a year) are wrong at every inner origin
    hist = np.array([[50.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0]])
    ref = np.array([1000 * 1.1 ** np.arange(9)])
    weights = fitted.combo_weights(hist, ref, 4, 5)
    assert weights.tolist() == [[1.0, 0.0, 0.0]] * 4  # (naive, structural, trend)
    assert point_forecast("combo", hist, ref, 4, 5).tolist() == [[100.0] * 4]


def test_combo_weights_are_equal_without_earlier_origins():
    hist = np.array([[100.0, 110.0, 120.0]])
    weights = fitted.combo_weights(hist, hist * 10, 2, 5)
    assert weights == pytest.approx(np.full((2, 3), 1 / 3))


def test_fitted_methods_judge_aggregates_when_given():
    # a small series with a lasting trend (k = 1 is right for it) and a big zigzag series whose
    # window slopes mislead (k = 0 is right for it). Judged series by series (each scaled by its
    # own yearly change) the small one wins; judged on their sum the big one decides.
    t = np.arange(9)
    hist = np.vstack([10 * np.exp(0.05 * t), 1000 + 100 * (-1.0) ** t])
    ref = np.full_like(hist, 1000.0)
    assert fitted.shrink_weight(hist, ref, 5) == 1.0
    assert fitted.shrink_weight(hist, ref, 5, agg=np.ones((1, 2))) == 0.0


def test_aggregation_matrix_must_match():
    with pytest.raises(AnalysisError, match="aggregeringsmatrisen"):
        point_forecast("combo", np.ones((2, 4)), np.ones((2, 4)), 1, 5, agg=np.ones((1, 3)))


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    method=st.sampled_from(METHODS),
    horizon=st.integers(1, 5),
)
def test_every_method_is_finite_and_non_negative(seed, method, horizon):
    rng = np.random.default_rng(seed)
    hist = np.rint(rng.uniform(0, 500, (5, 1)) * np.exp(np.cumsum(rng.normal(0, 0.2, (5, 9)), 1)))
    ref = 1000 * np.exp(np.cumsum(rng.normal(0.01, 0.02, (5, 9)), axis=1))
    agg = np.ones((1, 5))
    out = point_forecast(method, hist, ref, horizon, 5, agg=agg)
    assert out.shape == (5, horizon)
    assert np.isfinite(out).all() and (out >= 0).all()
    assert (out[hist[:, -1] == 0] == 0).all()

"""Choosing the projection methods on the national panel, and what made it fit the budget.

(a) :func:`naering_analysis.forecast.choose_method` on every municipality of the snapshot (the
    demo's 357 municipalities × 17 groups × 11 years when the demo is present, otherwise a
    synthetic country-sized panel): every method on both levels, every origin 2018–2024,
    horizons 1–5, with the probability scores. The budget is 5 s (median).
(b) The baseline in the same run: the fitted combination's inner backtest at one origin with the
    aggregation as a dense matrix (aggregates × series), as the package did before, against the
    sparse matrix it uses now. This product was 21 of the 29 s the national choice took.
(c) As before, ETS fitted series by series with statsmodels against the grid-fitted numpy ETS
    for one origin of a county's worth of series (204).

Run with ``make bench``.
"""

from __future__ import annotations

import statistics
import warnings

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.holtwinters import ExponentialSmoothing
from tests.forecast.worlds import national_sizes, random_walk_panel

from benchmarks.timing import median_seconds
from naering_analysis.datasets.frames import employment
from naering_analysis.errors import NaeringError
from naering_analysis.forecast import build_panel, choose_method
from naering_analysis.forecast.aggregates import council_aggregates
from naering_analysis.forecast.ets import ets
from naering_analysis.forecast.fitted import combo_weights

BUDGET_S = 5.0


def _frame() -> pd.DataFrame:
    try:
        return employment()  # every municipality in the snapshot
    except NaeringError:
        return random_walk_panel(0, sizes=national_sizes(357, 0))


def _statsmodels_ets(hist: np.ndarray, horizon: int) -> np.ndarray:
    """The former ETS: one statsmodels ExponentialSmoothing fit (SLSQP) per series."""
    out = np.repeat(hist[:, -1:], horizon, axis=1).astype(float)
    for i, row in enumerate(hist):
        if np.any(row <= 0) or np.ptp(row) == 0:
            continue
        model = ExponentialSmoothing(
            np.log(row), trend="add", damped_trend=True, initialization_method="legacy-heuristic"
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out[i] = np.exp(model.fit(method="SLSQP").forecast(horizon))
    return out


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return _frame()


def test_bench_method_choice(benchmark, frame):
    municipalities = sorted(c for c in frame["region_code"].unique() if len(str(c)) == 4)
    choice = benchmark.pedantic(lambda: choose_method(frame), rounds=3, iterations=1)
    median = statistics.median(benchmark.stats.stats.data)
    panel = build_panel(frame, need_reference=True, missing="drop")
    sparse_agg = council_aggregates(panel.keys, "0").matrix
    dense_agg = sparse_agg.toarray()
    hist, ref = panel.jobs[:, :8], panel.ref_jobs[:, :8]  # the panel up to one origin
    sparse_s = median_seconds(lambda: combo_weights(hist, ref, 5, 5, sparse_agg), 3)
    dense_s = median_seconds(lambda: combo_weights(hist, ref, 5, 5, dense_agg), 1)
    county = hist[: 12 * 17]  # a county's worth of series, as before
    fast = median_seconds(lambda: ets(county, 5), 5)
    slow = median_seconds(lambda: _statsmodels_ets(county, 5), 1)
    benchmark.extra_info.update(
        {
            "municipalities": len(municipalities),
            "median_choice_s": median,
            "combo_one_origin_sparse_s": sparse_s,
            "combo_one_origin_dense_s": dense_s,
            "sparse_speedup": dense_s / sparse_s,
            "ets_one_origin_numpy_s": fast,
            "ets_one_origin_statsmodels_s": slow,
            "ets_speedup": slow / fast,
        }
    )
    print(
        f"\nmetodevalg for {len(municipalities)} kommuner (totaler: {choice.label}; næringer: "
        f"{choice.industry_label}): {median:.2f} s (median); kombinasjonens indre backtest for "
        f"ett prognoseår: glissen matrise {sparse_s * 1000:.0f} ms mot tett {dense_s:.2f} s, "
        f"{dense_s / sparse_s:.0f}× raskere; ETS for ett prognoseår (204 serier): numpy "
        f"{fast * 1000:.0f} ms mot statsmodels {slow:.2f} s, {slow / fast:.0f}× raskere"
    )
    assert len(municipalities) >= 300
    assert median <= BUDGET_S

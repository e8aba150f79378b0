"""Choosing the projection method for a 12-municipality panel, and what made it fit the budget.

(a) :func:`naering_analysis.forecast.choose_method` on all of Østfold (the demo snapshot when it
    is present, otherwise a synthetic panel of the same shape): every method, every origin
    2018–2024, horizons 1–5. The budget is 5 s (median).
(b) The baseline in the same run: ETS fitted series by series with statsmodels, as the package
    did before, for the same panel and *one* origin, against the grid-fitted numpy ETS for that
    origin. The old way needed this for all eight inner origins of the backtest.

Run with ``make bench``.
"""

from __future__ import annotations

import statistics
import warnings

import numpy as np
import pandas as pd
import pytest
from statsmodels.tsa.holtwinters import ExponentialSmoothing
from tests.forecast.worlds import random_walk_panel

from benchmarks.timing import median_seconds
from naering_analysis.datasets.frames import employment
from naering_analysis.datasets.panels import projection_panel
from naering_analysis.errors import NaeringError
from naering_analysis.forecast import build_panel, choose_method
from naering_analysis.forecast.ets import ets

BUDGET_S = 5.0


def _frame() -> pd.DataFrame:
    try:
        frame = projection_panel(employment(), "3105")  # Østfold's 12, Østfold and Norway
    except NaeringError:
        return random_walk_panel(0)
    return frame


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
    hist = build_panel(frame, missing="drop").jobs[:, :8]  # the panel up to one origin
    fast = median_seconds(lambda: ets(hist, 5), 5)
    slow = median_seconds(lambda: _statsmodels_ets(hist, 5), 1)
    benchmark.extra_info.update(
        {
            "municipalities": len(municipalities),
            "median_choice_s": median,
            "ets_one_origin_numpy_s": fast,
            "ets_one_origin_statsmodels_s": slow,
            "ets_speedup": slow / fast,
        }
    )
    print(
        f"\nmetodevalg for {len(municipalities)} kommuner ({choice.label}): {median:.2f} s (median); "
        f"ETS for ett prognoseår: numpy {fast * 1000:.0f} ms mot statsmodels {slow:.2f} s, "
        f"{slow / fast:.0f}× raskere"
    )
    assert len(municipalities) >= 12
    assert median <= BUDGET_S

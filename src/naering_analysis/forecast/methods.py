"""Point forecasts for panels of annual job series: the methods, their labels and one entry point.

:func:`point_forecast` takes a history matrix ``hist`` (one row per series, one column per year,
oldest first, no missing values) and returns levels for the next ``horizon`` years. Methods that
lean on a reference region (Norway by default) also take ``ref_hist``: the *same* industry in the
reference region, row for row. The formulas live in :mod:`.simple` (no fitted parameters),
:mod:`.ets` and :mod:`.fitted` (parameters fitted by an inner backtest); they are described in
``docs/metode.md`` (part 3).

No method is the default: which one the projections use is chosen on the data being analysed
(:func:`naering_analysis.forecast.choice.choose_method`).

Every method keeps a series that is zero in the last year at zero, and never returns NaN or a
negative level.

Examples
--------
>>> hist = np.array([[100.0, 110.0, 121.0]])
>>> point_forecast("trend", hist, None, horizon=2, window=2).round(2).tolist()
[[133.1, 146.41]]
>>> point_forecast("naive", hist, None, horizon=2, window=2).tolist()
[[121.0, 121.0]]
"""

from __future__ import annotations

import numpy as np

from naering_analysis.errors import AnalysisError
from naering_analysis.forecast import fitted, simple
from naering_analysis.forecast.ets import ETS_MIN_POINTS, ets
from naering_analysis.forecast.fitted import Matrix
from naering_analysis.forecast.simple import (
    DAMPING,
    MIN_WINDOW,
    STRUCTURAL_DAMPING,
    growth_rate,
    shrinkage_weights,
)

__all__ = [
    "DAMPING",
    "ETS_MIN_POINTS",
    "FITTED",
    "METHODS",
    "METHOD_LABELS",
    "MIN_WINDOW",
    "NEEDS_REFERENCE",
    "STRUCTURAL_DAMPING",
    "growth_rate",
    "point_forecast",
    "shrinkage_weights",
]

METHODS: tuple[str, ...] = (
    "naive",
    "trend",
    "structural",
    "damped",
    "ets",
    "combined",
    "pooled",
    "shrink",
    "combo",
)
"""Every projection method, in the order tables list them."""

METHOD_LABELS: dict[str, str] = {
    "naive": "Naiv (uendret nivå)",
    "trend": "Trend (egen vekst)",
    "structural": "Strukturell (referansens bransjevekst)",
    "damped": "Dempet strukturell",
    "ets": "ETS (dempet trend)",
    "combined": "Kombinert (naiv + strukturell)",
    "pooled": "Samlet (krympet og dempet)",
    "shrink": "Krympet mot referansen (vekt fra backtest)",
    "combo": "Vektet kombinasjon (vekter fra backtest)",
}
"""Norwegian labels for tables and figures."""

NEEDS_REFERENCE = frozenset({"structural", "damped", "combined", "pooled", "shrink", "combo"})
"""Methods that need the reference region's industry series."""

FITTED = frozenset({"shrink", "combo"})
"""Methods whose parameters an inner backtest fits; they use the aggregation matrix ``agg``."""


def point_forecast(
    method: str,
    hist: np.ndarray,
    ref_hist: np.ndarray | None,
    horizon: int,
    window: int,
    *,
    damping: float = DAMPING,
    agg: Matrix | None = None,
) -> np.ndarray:
    """Forecast every row of ``hist`` ``horizon`` years ahead with ``method``.

    Parameters
    ----------
    method
        One of :data:`METHODS`.
    hist
        Jobs, shape ``(series, years)``, oldest year first.
    ref_hist
        The reference region's series for the same industries, same shape; required by the
        methods in :data:`NEEDS_REFERENCE`.
    horizon
        Number of years ahead (1 or more).
    window
        Years of history behind a growth rate; capped at the history's length.
    damping
        The ``pooled`` method's yearly damping factor in ``[0, 1]``.
    agg
        Optional 0/1 matrix (aggregates × series): the totals the fitted methods
        (:data:`FITTED`) are judged on when they fit their parameters; ``None`` judges each series.

    Returns
    -------
    numpy.ndarray
        Shape ``(series, horizon)``, levels for years ``last + 1`` .. ``last + horizon``.
    """
    if method not in METHODS:
        raise AnalysisError(f"Ukjent metode '{method}'. Velg en av {list(METHODS)}.")
    if horizon < 1 or hist.ndim != 2 or hist.shape[1] < 2:
        raise AnalysisError(
            f"point_forecast: trenger minst to år historikk og horisont ≥ 1 (fikk form "
            f"{hist.shape}, horisont {horizon})."
        )
    if method in NEEDS_REFERENCE and (ref_hist is None or ref_hist.shape != hist.shape):
        raise AnalysisError(
            f"Metoden '{method}' trenger referanseregionens serier med samme form som historikken."
        )
    if agg is not None and (agg.ndim != 2 or agg.shape[1] != hist.shape[0]):
        raise AnalysisError(
            f"point_forecast: aggregeringsmatrisen har form {agg.shape}, men historikken har "
            f"{hist.shape[0]} serier."
        )
    hist = hist.astype(float)
    last = hist[:, -1]
    if method == "naive":
        out = simple.naive(hist, horizon)
    elif method == "trend":
        out = simple.trend(hist, horizon, window)
    elif method == "ets":
        out = ets(hist, horizon)
    else:
        assert ref_hist is not None  # checked above; narrows the type for mypy
        ref = ref_hist.astype(float)
        if method == "structural":
            out = simple.structural(hist, ref, horizon, window)
        elif method == "damped":
            out = simple.damped(hist, ref, horizon, window)
        elif method == "combined":
            out = 0.5 * (
                simple.naive(hist, horizon) + simple.structural(hist, ref, horizon, window)
            )
        elif method == "pooled":
            out = simple.pooled(hist, ref, horizon, window, damping)
        elif method == "shrink":
            out = fitted.shrink(hist, ref, horizon, window, agg)
        else:
            out = fitted.combo(hist, ref, horizon, window, agg)
    return np.where(last[:, None] > 0, np.maximum(out, 0.0), 0.0)

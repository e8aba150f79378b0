"""Point forecasts for panels of annual job series, on plain numpy arrays.

Each method takes a history matrix ``hist`` (one row per series, one column per year, oldest
first, no missing values) and returns levels for the next ``horizon`` years. Methods that lean on
a reference region (Norway by default) also take ``ref_hist``: the *same* industry in the
reference region, row for row. Formulas, assumptions and limits are in ``docs/metode.md``.

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

import warnings
from functools import lru_cache

import numpy as np

from naering_analysis.errors import AnalysisError

METHODS: tuple[str, ...] = ("naive", "trend", "structural", "ets", "combined", "pooled")
"""Every projection method, in the order tables list them."""

METHOD_LABELS: dict[str, str] = {
    "naive": "Naiv (uendret nivå)",
    "trend": "Trend (egen vekst)",
    "structural": "Strukturell (referansens bransjevekst)",
    "ets": "ETS (dempet trend)",
    "combined": "Kombinert (naiv + strukturell)",
    "pooled": "Samlet (krympet og dempet)",
}
"""Norwegian labels for tables and figures."""

NEEDS_REFERENCE = frozenset({"structural", "combined", "pooled"})
"""Methods that need the reference region's industry series."""

DAMPING = 0.7
"""Yearly damping factor phi of the region's own deviation from the reference rate (``pooled``)."""

ETS_MIN_POINTS = 6
"""Shortest history (years) an ETS model is fitted to; shorter series use ``naive``."""

MIN_WINDOW = 2
"""Fewest yearly steps a growth rate is estimated over."""


def growth_rate(hist: np.ndarray, window: int) -> np.ndarray:
    """Return each row's compound annual growth rate (fraction) over the last ``window`` steps.

    The window is capped at the history's length. A row that starts the window at zero (or
    below) gets rate 0, so a series that appears from nothing is not extrapolated to infinity.

    >>> growth_rate(np.array([[100.0, 121.0], [0.0, 5.0]]), 1).round(4).tolist()
    [0.21, 0.0]
    """
    steps = min(int(window), hist.shape[1] - 1)
    if steps < 1:
        return np.zeros(hist.shape[0])
    start, end = hist[:, -steps - 1], hist[:, -1]
    ratio = np.divide(end, start, out=np.ones_like(end, dtype=float), where=start > 0)
    return np.power(np.maximum(ratio, 0.0), 1.0 / steps) - 1.0


def _compound(last: np.ndarray, rate: np.ndarray, horizon: int) -> np.ndarray:
    """Return ``last * (1 + rate) ** h`` for h = 1..horizon, one row per series."""
    steps = np.arange(1, horizon + 1)
    return last[:, None] * np.power(1.0 + rate[:, None], steps[None, :])


@lru_cache(maxsize=8192)
def _ets_cached(series_bytes: bytes, horizon: int) -> tuple[float, ...]:
    """Fit damped additive-trend ETS to one log series; cached because backtests refit often."""
    # Imported here: statsmodels (with scipy) costs ~0.7 s, and only the ETS method needs it.
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    logs = np.frombuffer(series_bytes, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels warns about convergence on short series
        try:
            model = ExponentialSmoothing(
                logs, trend="add", damped_trend=True, initialization_method="legacy-heuristic"
            )
            forecast = np.exp(np.asarray(model.fit(method="SLSQP").forecast(horizon), dtype=float))
        except (ValueError, np.linalg.LinAlgError):
            return ()
    return tuple(forecast.tolist()) if np.all(np.isfinite(forecast)) else ()


def _ets_one(series: np.ndarray, horizon: int) -> np.ndarray:
    """Return the ETS forecast of one series, or the naive one when ETS cannot be fitted."""
    naive = np.full(horizon, series[-1], dtype=float)
    if len(series) < ETS_MIN_POINTS or np.any(series <= 0) or np.ptp(series) == 0:
        return naive
    fitted = _ets_cached(np.log(series.astype(float)).tobytes(), horizon)
    return np.array(fitted) if fitted else naive


def _ets(hist: np.ndarray, horizon: int) -> np.ndarray:
    """Fit one ETS model per row."""
    return np.vstack([_ets_one(row, horizon) for row in hist]) if len(hist) else hist[:, :0]


def _log_slope(hist: np.ndarray, steps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the OLS slope of log jobs over the last ``steps`` steps, its variance and usability.

    A row is usable when every level in the window is positive and the window has at least three
    points (one residual degree of freedom).
    """
    seg = hist[:, -steps - 1 :]
    usable = np.all(seg > 0, axis=1) & (steps >= MIN_WINDOW)
    logs = np.log(np.where(seg > 0, seg, 1.0))
    t = np.arange(steps + 1) - steps / 2.0
    sxx = float(np.sum(t**2))
    slope = logs @ t / sxx
    resid = logs - logs.mean(axis=1, keepdims=True) - slope[:, None] * t[None, :]
    dof = max(steps - 1, 1)
    variance = np.sum(resid**2, axis=1) / dof / sxx
    return slope, variance, usable


def shrinkage_weights(
    deviation: np.ndarray, variance: np.ndarray, usable: np.ndarray
) -> np.ndarray:
    """Empirical-Bayes weights ``tau2 / (tau2 + v_i)`` on each series' own deviation.

    ``tau2`` is the spread of the true deviations across series, estimated by the method of
    moments as ``mean(d_i**2) - mean(v_i)`` (floored at zero) over the usable series.

    >>> shrinkage_weights(np.array([0.1, -0.1]), np.array([0.0, 0.0]), np.array([True, True]))
    array([1., 1.])
    """
    if not usable.any():
        return np.zeros_like(deviation)
    tau2 = max(0.0, float(np.mean(deviation[usable] ** 2) - np.mean(variance[usable])))
    denom = tau2 + variance
    weights = np.divide(tau2, denom, out=np.zeros_like(denom), where=denom > 0)
    return np.where(usable, weights, 0.0)


def _pooled(
    hist: np.ndarray, ref_hist: np.ndarray, horizon: int, window: int, damping: float
) -> np.ndarray:
    """Shrink each series' own log trend toward the reference rate, then damp the deviation."""
    steps = min(int(window), hist.shape[1] - 1)
    ref_log_rate = np.log1p(growth_rate(ref_hist, steps))
    slope, variance, usable = _log_slope(hist, steps)
    own_is_ref = np.all(hist == ref_hist, axis=1)
    deviation = np.where(usable, slope - ref_log_rate, 0.0)
    weights = shrinkage_weights(deviation, variance, usable & ~own_is_ref)
    decay = np.cumsum(np.power(float(damping), np.arange(1, horizon + 1)))
    log_growth = ref_log_rate[:, None] * np.arange(1, horizon + 1)[None, :]
    log_growth += (weights * deviation)[:, None] * decay[None, :]
    return hist[:, -1][:, None] * np.exp(log_growth)


def point_forecast(
    method: str,
    hist: np.ndarray,
    ref_hist: np.ndarray | None,
    horizon: int,
    window: int,
    *,
    damping: float = DAMPING,
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
        Years of history behind a growth rate (``trend``, ``structural``, ``pooled``); capped at
        the history's length.
    damping
        The ``pooled`` method's yearly damping factor in ``[0, 1]``.

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
    last = hist[:, -1].astype(float)
    if method == "naive":
        out = np.repeat(last[:, None], horizon, axis=1)
    elif method == "trend":
        out = _compound(last, growth_rate(hist, window), horizon)
    elif method == "ets":
        out = _ets(hist.astype(float), horizon)
    else:
        assert ref_hist is not None  # checked above; narrows the type for mypy
        structural = _compound(last, growth_rate(ref_hist, window), horizon)
        if method == "structural":
            out = structural
        elif method == "combined":
            out = 0.5 * (np.repeat(last[:, None], horizon, axis=1) + structural)
        else:
            out = _pooled(hist.astype(float), ref_hist.astype(float), horizon, window, damping)
    return np.where(last[:, None] > 0, np.maximum(out, 0.0), 0.0)

"""Point forecasts with no fitted parameters, on plain numpy arrays.

Each function takes a history matrix ``hist`` (one row per series, one column per year, oldest
first, no missing values) and, where it leans on a reference region, ``ref_hist``: the *same*
industry in the reference region, row for row. It returns levels for the next ``horizon`` years,
shape ``(series, horizon)``. Formulas, assumptions and limits are in ``docs/metode.md`` (part 3).

>>> hist = np.array([[100.0, 110.0, 121.0]])
>>> trend(hist, 2, window=2).round(2).tolist()
[[133.1, 146.41]]
"""

from __future__ import annotations

import numpy as np

DAMPING = 0.7
"""Yearly damping factor phi of the region's own deviation from the reference rate (``pooled``)."""

STRUCTURAL_DAMPING = 0.8
"""Yearly damping factor phi of the reference industry's growth (``damped``)."""

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


def damping_sum(phi: float, horizon: int) -> np.ndarray:
    """Return ``phi + phi**2 + … + phi**h`` for h = 1..horizon.

    >>> damping_sum(0.5, 3).tolist()
    [0.5, 0.75, 0.875]
    """
    return np.cumsum(np.power(float(phi), np.arange(1, horizon + 1)))


def compound(last: np.ndarray, rate: np.ndarray, horizon: int) -> np.ndarray:
    """Return ``last * (1 + rate) ** h`` for h = 1..horizon, one row per series."""
    steps = np.arange(1, horizon + 1)
    return last[:, None] * np.power(1.0 + rate[:, None], steps[None, :])


def naive(hist: np.ndarray, horizon: int) -> np.ndarray:
    """Repeat the last level ("no change")."""
    return np.repeat(hist[:, -1].astype(float)[:, None], horizon, axis=1)


def trend(hist: np.ndarray, horizon: int, window: int) -> np.ndarray:
    """Continue each series' own CAGR over the last ``window`` years."""
    return compound(hist[:, -1].astype(float), growth_rate(hist, window), horizon)


def structural(hist: np.ndarray, ref_hist: np.ndarray, horizon: int, window: int) -> np.ndarray:
    """Grow each series at the reference industry's CAGR over the last ``window`` years."""
    return compound(hist[:, -1].astype(float), growth_rate(ref_hist, window), horizon)


def damped(
    hist: np.ndarray,
    ref_hist: np.ndarray,
    horizon: int,
    window: int,
    phi: float = STRUCTURAL_DAMPING,
) -> np.ndarray:
    """Grow at the reference industry's rate, damped: ``log ŷ = log y_L + r · (φ + … + φ^h)``.

    ``r = log(1 + g^R)``; the growth fades towards no change, as in a damped trend (Gardner &
    McKenzie; Hyndman & Athanasopoulos, FPP3 section 8.2).

    >>> damped(np.array([[100.0, 100.0]]), np.array([[100.0, 110.0]]), 2, 1, 0.5).round(2).tolist()
    [[104.88, 107.41]]
    """
    rate = np.log1p(growth_rate(ref_hist, window))
    return hist[:, -1].astype(float)[:, None] * np.exp(rate[:, None] * damping_sum(phi, horizon))


def log_slope(hist: np.ndarray, steps: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
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


def own_deviation(
    hist: np.ndarray, ref_hist: np.ndarray, window: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the reference log rate ``r``, the own deviation ``d = b - r``, its variance and usability.

    ``b`` is the OLS slope of log jobs over the last ``window`` steps. A series identical to its
    reference (the reference region itself) is not usable: it has no deviation of its own.
    """
    steps = min(int(window), hist.shape[1] - 1)
    ref_log_rate = np.log1p(growth_rate(ref_hist, steps))
    slope, variance, usable = log_slope(hist, steps)
    usable = usable & ~np.all(hist == ref_hist, axis=1)
    deviation = np.where(usable, slope - ref_log_rate, 0.0)
    return ref_log_rate, deviation, variance, usable


def pooled(
    hist: np.ndarray, ref_hist: np.ndarray, horizon: int, window: int, damping: float = DAMPING
) -> np.ndarray:
    """Shrink each series' own log trend toward the reference rate, then damp the deviation."""
    ref_log_rate, deviation, variance, usable = own_deviation(hist, ref_hist, window)
    weights = shrinkage_weights(deviation, variance, usable)
    log_growth = ref_log_rate[:, None] * np.arange(1, horizon + 1)[None, :]
    log_growth += (weights * deviation)[:, None] * damping_sum(damping, horizon)[None, :]
    return hist[:, -1].astype(float)[:, None] * np.exp(log_growth)

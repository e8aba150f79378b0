"""Exponential smoothing with a damped additive trend on log jobs, fitted for many series at once.

ETS(A,Ad,N) on ``x = log(jobs)`` (Hyndman & Athanasopoulos, FPP3 sections 8.1–8.2):

    level  l_t = α x_t + (1 − α)(l_{t−1} + φ b_{t−1})
    trend  b_t = β (l_t − l_{t−1}) + (1 − β) φ b_{t−1}
    fcast  x̂_{T+h} = l_T + (φ + φ² + … + φ^h) b_T

started from ``l = x_0`` and ``b = x_1 − x_0`` before the first year. The parameters are chosen per
series from a fixed grid (:data:`ALPHAS` × :data:`BETAS` × :data:`PHIS`) by the smallest sum of
squared one-step errors. A grid instead of a numerical optimiser keeps the whole panel one numpy
recursion (a backtest refits thousands of series) and the fit stable on ten-year series; φ is
kept in [0.8, 0.98] as FPP3 recommends. ``tests/forecast`` checks the recursion against
statsmodels' ``ExponentialSmoothing`` with the same parameters.

Series shorter than :data:`ETS_MIN_POINTS` years, with a zero year or without any variation get
the naive forecast.

>>> hist = np.array([[100.0, 100.0, 100.0, 100.0, 100.0, 100.0]])
>>> ets(hist, 2).tolist()
[[100.0, 100.0]]
"""

from __future__ import annotations

import numpy as np

ETS_MIN_POINTS = 6
"""Shortest history (years) an ETS model is fitted to; shorter series use ``naive``."""

ALPHAS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99)
BETAS = (0.01, 0.05, 0.1, 0.2, 0.3, 0.5)
PHIS = (0.8, 0.9, 0.98)


def smooth(
    x: np.ndarray, alpha: np.ndarray, beta: np.ndarray, phi: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run the recursion over the columns of ``x``; return the final level, trend and the SSE.

    ``alpha``, ``beta`` and ``phi`` broadcast against the rows of ``x`` (shape ``(..., series)``).
    """
    level = np.broadcast_to(x[..., 0], np.broadcast(alpha, x[..., 0]).shape).astype(float)
    slope = np.broadcast_to(x[..., 1] - x[..., 0], level.shape).astype(float)
    sse = np.zeros(level.shape)
    for t in range(x.shape[-1]):
        predicted = level + phi * slope
        error = x[..., t] - predicted
        sse = sse + error**2
        new_level = predicted + alpha * error
        slope = beta * (new_level - level) + (1.0 - beta) * phi * slope
        level = new_level
    return level, slope, sse


def fit_grid(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the grid's best ``(alpha, beta, phi)`` per row of ``x`` (log levels)."""
    grid = np.array([(a, b, p) for a in ALPHAS for b in BETAS for p in PHIS])
    alpha, beta, phi = (grid[:, k][:, None] for k in range(3))
    _, _, sse = smooth(x[None, :, :], alpha, beta, phi)
    best = np.argmin(sse, axis=0)
    return grid[best, 0], grid[best, 1], grid[best, 2]


def ets(hist: np.ndarray, horizon: int) -> np.ndarray:
    """Forecast every row ``horizon`` years ahead with ETS(A,Ad,N) on log jobs."""
    hist = hist.astype(float)
    out = np.repeat(hist[:, -1][:, None], horizon, axis=1)
    fit = (hist.shape[1] >= ETS_MIN_POINTS) & np.all(hist > 0, axis=1) & (np.ptp(hist, axis=1) > 0)
    if not fit.any():
        return out
    x = np.log(hist[fit])
    alpha, beta, phi = fit_grid(x)
    level, slope, _ = smooth(x, alpha, beta, phi)
    steps = np.cumsum(np.power(phi[:, None], np.arange(1, horizon + 1)[None, :]), axis=1)
    out[fit] = np.exp(level[:, None] + steps * slope[:, None])
    return out

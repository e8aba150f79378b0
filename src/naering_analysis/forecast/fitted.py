"""Point forecasts whose parameters are fitted by a backtest inside the history they are given.

Both methods here learn from the history up to the forecast origin only: they replay simpler
forecasts from earlier origins *inside* ``hist`` (an inner rolling-origin backtest) and keep the
parameter that would have forecast best. Nothing after the origin is ever seen, so a backtest of
these methods is honest too.

* :func:`shrink` – each series grows at its reference industry's rate plus a share ``k`` of its
  own deviation from it, ``log ŷ_{L+h} = log y_L + h · (r + k · d)``. ``k`` in [0, 1] is the value
  that gave the smallest scaled error on earlier origins (empirical Bayes by backtest).
* :func:`combo` – a weighted mean of ``naive``, ``structural`` and ``trend``, with weights per
  horizon on a 0.1 grid of the simplex that gave the smallest scaled error on earlier origins
  (Hyndman & Athanasopoulos, FPP3 section 13.4, on forecast combinations).

The error is judged on *aggregates* when ``agg`` is given (a 0/1 matrix, one row per aggregate,
one column per series: the municipality totals and focus-industry totals the council sees), and
on each series otherwise. Errors are scaled as in MASE: by the aggregate's mean absolute one-year
change up to the inner origin.

>>> hist = np.array([[100.0, 100.0, 100.0, 100.0, 100.0]])
>>> shrink(hist, hist * 2, 2, 3).tolist()
[[100.0, 100.0]]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import numpy as np
from scipy import sparse

from naering_analysis.forecast.simple import MIN_WINDOW, naive, own_deviation, structural, trend

SHRINK_GRID = np.round(np.linspace(0.0, 1.0, 11), 10)
"""Candidate weights ``k`` on the own deviation (``shrink``)."""

COMBO_COMPONENTS: tuple[str, ...] = ("naive", "structural", "trend")
"""The forecasts ``combo`` combines."""

GRID_STEP = 10
"""Combination weights are multiples of 1 / GRID_STEP."""

MIN_FIT_ORIGINS = 2
"""Inner origins a horizon needs before it gets weights of its own (else the previous horizon's)."""


def inner_columns(n_years: int) -> list[int]:
    """Return the inner origins (column of the last year used) that have at least one outcome.

    >>> inner_columns(6)
    [2, 3, 4]
    """
    return list(range(MIN_WINDOW, n_years - 1))


def simplex_grid(parts: int, step: int = GRID_STEP) -> np.ndarray:
    """Return every weight vector of ``parts`` non-negative multiples of ``1/step`` summing to 1.

    >>> simplex_grid(2, 2).tolist()
    [[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]]
    """

    def compositions(n: int, k: int) -> list[list[int]]:
        if k == 1:
            return [[n]]
        return [[first, *rest] for first in range(n + 1) for rest in compositions(n - first, k - 1)]

    return np.array(compositions(step, parts), dtype=float) / step


Matrix: TypeAlias = np.ndarray | sparse.csr_matrix
"""An aggregation matrix (aggregates × series), dense or sparse."""


def _aggregate(agg: Matrix | None, values: np.ndarray) -> np.ndarray:
    """Sum ``values`` (series first, any trailing shape) with ``agg``; ``None`` keeps them."""
    if agg is None:
        return values
    flat = values.reshape(values.shape[0], -1)
    return np.asarray(agg @ flat).reshape((agg.shape[0], *values.shape[1:]))


def mae_scale(values: np.ndarray) -> np.ndarray:
    """Mean absolute one-year change per row, NaN where it is 0 (a constant row is left out).

    This is the denominator of MASE (Hyndman & Koehler 2006): the in-sample error of a one-year
    naive forecast.

    >>> mae_scale(np.array([[100.0, 110.0, 105.0], [7.0, 7.0, 7.0]])).tolist()
    [7.5, nan]
    """
    if values.shape[1] < 2:
        return np.full(values.shape[0], np.nan)
    mae = np.mean(np.abs(np.diff(values, axis=1)), axis=1)
    return np.where(mae > 0, mae, np.nan)


def _inner_losses(
    hist: np.ndarray,
    agg: Matrix | None,
    candidates: Callable[[int, int], np.ndarray],
    n_candidates: int,
    horizon: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Sum the scaled absolute errors of every candidate per horizon over the inner origins.

    ``candidates(t, h_max)`` returns the candidates' forecasts from inner origin column ``t``,
    shape ``(candidates, series, h_max)``. Returns ``loss`` (candidates, horizon) and the
    number of inner origins per horizon.
    """
    loss = np.zeros((n_candidates, horizon))
    origins = np.zeros(horizon, dtype=int)
    n_years = hist.shape[1]
    for t in inner_columns(n_years):
        h_max = min(horizon, n_years - 1 - t)
        forecasts = candidates(t, h_max)
        agg_fc = _aggregate(agg, forecasts.transpose(1, 0, 2)).transpose(1, 0, 2)
        actual = _aggregate(agg, hist[:, t + 1 : t + 1 + h_max])
        scale = mae_scale(_aggregate(agg, hist[:, : t + 1]))
        errors = np.abs(agg_fc - actual[None]) / scale[None, :, None]
        valid = np.isfinite(scale)
        if not valid.any():
            continue
        loss[:, :h_max] += np.sum(errors[:, valid, :], axis=1)
        origins[:h_max] += 1
    return loss, origins


def shrink_weight(
    hist: np.ndarray,
    ref_hist: np.ndarray,
    window: int,
    agg: Matrix | None = None,
    horizon: int = 5,
) -> float:
    """Return the weight ``k`` on the own deviation that forecast best on earlier origins.

    One ``k`` for every horizon up to ``horizon``: the sum of scaled errors over all inner origins
    and horizons is minimised (ties go to the smaller ``k``). Without any inner origin, ``k = 0``
    (the reference industry's growth).
    """

    def candidates(t: int, h_max: int) -> np.ndarray:
        part, ref = hist[:, : t + 1], ref_hist[:, : t + 1]
        rate, deviation, _, _ = own_deviation(part, ref, window)
        steps = np.arange(1, h_max + 1)
        growth = rate[None, :] + SHRINK_GRID[:, None] * deviation[None, :]
        return part[:, -1][None, :, None] * np.exp(growth[:, :, None] * steps[None, None, :])

    loss, origins = _inner_losses(hist, agg, candidates, len(SHRINK_GRID), horizon)
    if not origins.any():
        return 0.0
    return float(SHRINK_GRID[int(np.argmin(loss.sum(axis=1)))])


def shrink(
    hist: np.ndarray,
    ref_hist: np.ndarray,
    horizon: int,
    window: int,
    agg: Matrix | None = None,
) -> np.ndarray:
    """Grow at the reference rate plus a backtest-chosen share ``k`` of the own deviation."""
    k = shrink_weight(hist, ref_hist, window, agg, horizon)
    rate, deviation, _, _ = own_deviation(hist, ref_hist, window)
    steps = np.arange(1, horizon + 1)
    growth = (rate + k * deviation)[:, None] * steps[None, :]
    return hist[:, -1].astype(float)[:, None] * np.exp(growth)


def _components(hist: np.ndarray, ref_hist: np.ndarray, horizon: int, window: int) -> np.ndarray:
    """Return the component forecasts, shape ``(components, series, horizon)``."""
    makers = {
        "naive": lambda: naive(hist, horizon),
        "structural": lambda: structural(hist, ref_hist, horizon, window),
        "trend": lambda: trend(hist, horizon, window),
    }
    return np.stack([makers[name]() for name in COMBO_COMPONENTS])


def combo_weights(
    hist: np.ndarray,
    ref_hist: np.ndarray,
    horizon: int,
    window: int,
    agg: Matrix | None = None,
) -> np.ndarray:
    """Return the combination weights per horizon, shape ``(horizon, components)``.

    A horizon with fewer than :data:`MIN_FIT_ORIGINS` inner origins takes the previous horizon's
    weights; with none at all the weights are equal.
    """
    grid = simplex_grid(len(COMBO_COMPONENTS))

    def candidates(t: int, h_max: int) -> np.ndarray:
        parts = _components(hist[:, : t + 1], ref_hist[:, : t + 1], h_max, window)
        return np.einsum("pc,csh->psh", grid, parts)

    loss, origins = _inner_losses(hist, agg, candidates, len(grid), horizon)
    weights = np.full((horizon, grid.shape[1]), 1.0 / grid.shape[1])
    for h in range(horizon):
        if origins[h] >= MIN_FIT_ORIGINS:
            weights[h] = grid[int(np.argmin(loss[:, h]))]
        elif h > 0:
            weights[h] = weights[h - 1]
    return weights


def combo(
    hist: np.ndarray,
    ref_hist: np.ndarray,
    horizon: int,
    window: int,
    agg: Matrix | None = None,
) -> np.ndarray:
    """Combine the components with weights per horizon fitted on earlier origins."""
    weights = combo_weights(hist, ref_hist, horizon, window, agg)
    parts = _components(hist, ref_hist, horizon, window)
    return np.einsum("hc,csh->sh", weights, parts)

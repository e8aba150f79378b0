"""Probabilities of reaching a growth rate, scored as probabilities.

The goal is a yearly growth rate of the municipality's total. From an origin ``o`` with level
``y_o``, reaching the rate ``r`` over ``h`` years means ``y_{o+h} ≥ y_o · (1 + r) ** h``. A
projection's predictive distribution of ``y_{o+h}`` is its point forecast with the standardised
errors of an :class:`~naering_analysis.forecast.errors.ErrorModel`:

    y = (ŷ + 1) · exp(s · (z + c)) − 1,

where ``z`` runs over the model's (centred) pool for horizon ``h`` and ``c`` is the model's
offset when the distribution is calibrated (0 otherwise). This module turns that into

* :func:`exceedance`: the probability of reaching a target,
* :func:`ensemble`: quantiles of ``y`` (an ensemble for the CRPS, Gneiting & Raftery 2007),
* :func:`climatology`: the base rate it must beat, the share of earlier windows of the same
  length (known at the origin) that reached the rate,
* :func:`brier_skill` and :func:`reliability`: the scores of ``docs/metode.md`` (part 3).

>>> brier_skill(np.array([1.0, 0.0]), np.array([1, 0]), np.array([0.5, 0.5]))
1.0
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scoringrules

from naering_analysis.forecast.errors import ErrorModel

THRESHOLDS: tuple[float, ...] = (0.0, 0.010, 0.015)
"""Yearly growth rates whose probabilities are scored: no decline, 1,0 % and the goal's 1,5 %."""

RELIABILITY_BINS: tuple[float, ...] = (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)
"""Edges of the forecast-probability bins of the reliability table (the first bin is ≤ 10 %)."""

ENSEMBLE_SIZE = 99
"""Quantiles (1 %, 2 %, …, 99 %) that stand for a predictive distribution in the CRPS."""


def _shift(model: ErrorModel, horizon: int, calibrated: bool) -> float:
    return float(model.offsets[horizon - 1]) if calibrated and model.offsets else 0.0


def exceedance(
    model: ErrorModel,
    horizon: int,
    point: np.ndarray,
    scale: np.ndarray,
    target: np.ndarray,
    *,
    calibrated: bool = False,
) -> np.ndarray:
    """Return ``P(y ≥ target)`` per row under ``model`` at ``horizon`` (1-based).

    A row with ``scale`` 0 (a constant history) has no spread: 1 if the point reaches the target,
    else 0.

    >>> model = ErrorModel((np.array([-1.0, 0.0, 1.0, 2.0]),), (4,), 0.5, (0.0,))
    >>> exceedance(model, 1, np.array([99.0]), np.array([0.1]), np.array([99.0])).tolist()
    [0.75]
    """
    pool = model.pools[horizon - 1]
    need = np.log1p(np.maximum(target, 0.0)) - np.log1p(np.maximum(point, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        cut = need / scale - _shift(model, horizon, calibrated)
    share = 1.0 - np.searchsorted(pool, cut, side="left") / len(pool)
    return np.where(scale > 0, share, (point >= target).astype(float))


def ensemble(
    model: ErrorModel,
    horizon: int,
    point: np.ndarray,
    scale: np.ndarray,
    *,
    calibrated: bool = False,
    size: int = ENSEMBLE_SIZE,
) -> np.ndarray:
    """Return ``size`` evenly spaced quantiles of ``y`` per row, shape ``(rows, size)``."""
    probs = np.arange(1, size + 1) / (size + 1)
    q = np.quantile(model.pools[horizon - 1], probs) + _shift(model, horizon, calibrated)
    out = (point[:, None] + 1.0) * np.exp(scale[:, None] * q[None, :]) - 1.0
    return np.maximum(out, 0.0)


def crps(observed: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Return the CRPS of each row's ensemble against its outcome (``scoringrules``, in jobs).

    >>> crps(np.array([1.0]), np.array([[1.0, 1.0]])).tolist()
    [0.0]
    """
    return np.asarray(scoringrules.crps_ensemble(observed, members, m_axis=-1), dtype=float)


def reached(start: np.ndarray, end: np.ndarray, rate: float, years: int) -> np.ndarray:
    """Return True where ``end ≥ start · (1 + rate) ** years`` (the growth rate was reached).

    >>> reached(np.array([100.0, 100.0]), np.array([103.1, 103.0]), 0.015, 2).tolist()
    [True, False]
    """
    return end >= start * (1.0 + rate) ** years


def climatology(
    values: np.ndarray, first_year: int, origin: int, horizon: int, rate: float
) -> float:
    """Share of earlier windows of ``horizon`` years, ending at or before ``origin``, that reached ``rate``.

    ``values`` has one row per municipality total and one column per year from ``first_year``.
    Every municipality and every start year with its window inside the known years counts once.
    Returns NaN when no such window exists (too few years before the origin).

    >>> v = np.array([[100.0, 101.0, 103.0, 104.0]])
    >>> climatology(v, 2015, 2018, 1, 0.015)  # 2015→16 +1 %, 16→17 +2 %, 17→18 +1 %
    0.3333333333333333
    """
    known = origin - first_year + 1
    if known - horizon < 1:
        return float("nan")
    start = values[:, : known - horizon]
    end = values[:, horizon:known]
    ok = (start > 0) & np.isfinite(start) & np.isfinite(end)
    return float(reached(start[ok], end[ok], rate, horizon).mean()) if ok.any() else float("nan")


def brier(prob: np.ndarray, outcome: np.ndarray) -> float:
    """Mean squared difference between probabilities and 0/1 outcomes (lower is better)."""
    return float(np.mean((np.asarray(prob, float) - np.asarray(outcome, float)) ** 2))


def brier_skill(prob: np.ndarray, outcome: np.ndarray, reference: np.ndarray) -> float:
    """Return ``1 − Brier(prob) / Brier(reference)``: above 0 beats the reference (climatology).

    >>> brier_skill(np.array([0.5]), np.array([1]), np.array([0.5]))
    0.0
    """
    ref = brier(reference, outcome)
    return float("nan") if ref == 0 else 1.0 - brier(prob, outcome) / ref


def reliability(
    prob: np.ndarray, outcome: np.ndarray, edges: Sequence[float] = RELIABILITY_BINS
) -> pd.DataFrame:
    """Return the reliability table: per forecast-probability bin, the cases and how often they happened.

    Columns ``bin_low``, ``bin_high`` (the first bin includes 0, the others their upper edge),
    ``cases``, ``mean_forecast`` and ``observed`` (share of the cases where the event happened).

    >>> t = reliability(np.array([0.05, 0.08, 0.95]), np.array([0, 1, 1]), (0.0, 0.1, 1.0))
    >>> t[["cases", "observed"]].values.tolist()
    [[2.0, 0.5], [1.0, 1.0]]
    """
    prob = np.asarray(prob, float)
    outcome = np.asarray(outcome, float)
    which = np.clip(np.searchsorted(np.asarray(edges), prob, side="left") - 1, 0, len(edges) - 2)
    rows = []
    for k in range(len(edges) - 1):
        inside = which == k
        rows.append(
            {
                "bin_low": float(edges[k]),
                "bin_high": float(edges[k + 1]),
                "cases": float(inside.sum()),
                "mean_forecast": float(prob[inside].mean()) if inside.any() else float("nan"),
                "observed": float(outcome[inside].mean()) if inside.any() else float("nan"),
            }
        )
    return pd.DataFrame(rows)

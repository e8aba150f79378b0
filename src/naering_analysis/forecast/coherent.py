"""The projection of one municipality with the methods chosen per level, made coherent.

:class:`Prepared` holds what one method needs on a panel: its point forecast of every series and
the error models of its industries (series), municipality totals and focus-industry totals, fitted
on the rolling-origin errors of every municipality in the panel. :func:`prepare` builds it; a
fitted method (:data:`~naering_analysis.forecast.methods.FITTED`) fits its parameters on the level
it serves.

:func:`coherent_projection` combines two of them for one municipality: the **total** from the
method chosen on totals (moved by its median past error when the choice says the calibrated
distribution scored better), and the **industries** from the method chosen on the focus-industry
totals, reconciled to that total (:mod:`.reconcile`). The scenario engine, the report's
projection figures and the explorer all go through it, so they show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from naering_analysis.errors import AnalysisError
from naering_analysis.forecast.aggregates import Aggregates
from naering_analysis.forecast.errors import (
    MIN_ERRORS,
    ErrorModel,
    Panel,
    log_scale,
    pools_before,
)
from naering_analysis.forecast.evaluation import forecasts_and_errors
from naering_analysis.forecast.methods import DAMPING, FITTED, point_forecast
from naering_analysis.forecast.reconcile import (
    IndustryCovariance,
    allocation_weights,
    industry_covariance,
    reconcile_to_total,
)


@dataclass(frozen=True)
class Prepared:
    """One method on one panel: point forecasts and error models per level.

    ``point`` has shape ``(series, horizon)``; ``series``, ``total`` and ``focus`` are the error
    models of the industry series, the municipality totals and the focus-industry totals (each
    from that level's own errors, every horizon with enough errors keeping its own pool);
    ``covariance`` is the industries' shrunk error covariance (:mod:`.reconcile`).
    """

    method: str
    level: str
    point: np.ndarray
    series: ErrorModel
    total: ErrorModel
    focus: ErrorModel
    covariance: IndustryCovariance


def prepare(
    panel: Panel,
    aggregates: Aggregates,
    method: str,
    horizon: int,
    window: int,
    *,
    level: str = "total",
    damping: float = DAMPING,
) -> Prepared:
    """Forecast every series ``horizon`` years ahead and fit the error models of ``method``.

    ``level`` (``"total"`` or ``"focus"``) is the level a fitted method fits its parameters on.
    """
    fitted_on = aggregates.subset(level) if method in FITTED else None
    if fitted_on is not None and not len(fitted_on.keys):
        fitted_on = aggregates
    agg = fitted_on.matrix if fitted_on is not None else None
    point = point_forecast(
        method, panel.jobs, panel.ref_jobs, horizon, window, damping=damping, agg=agg
    )
    inner, _, _, z, z_agg = forecasts_and_errors(
        panel, aggregates, method, horizon, window, damping, fitted_on
    )
    cutoff = int(panel.years[-1])
    series = ErrorModel.fit(pools_before(z, inner, cutoff), horizon)
    kinds = aggregates.keys["kind"].to_numpy().astype(str)
    models = {}
    for kind in ("total", "focus"):
        pools = pools_before(z_agg[:, kinds == kind], inner, cutoff)
        enough = len(pools) and int(np.isfinite(pools[0]).sum()) >= MIN_ERRORS
        models[kind] = ErrorModel.fit(pools, horizon, per_horizon=True) if enough else series
    used = aggregates.series_used()
    regions = panel.keys["region_code"].to_numpy().astype(str)
    industries = panel.keys["industry_code"].to_numpy().astype(str)
    try:
        covariance = industry_covariance(z[:, :, 0], regions, industries, used)
    except AnalysisError:
        codes = tuple(sorted(set(industries)))
        covariance = IndustryCovariance(codes, np.eye(len(codes)), 1.0, 0)
    return Prepared(method, level, point, series, models["total"], models["focus"], covariance)


@dataclass(frozen=True)
class CoherentProjection:
    """One municipality's projection: industries that add up to the total, year by year.

    ``industries`` (series, horizon) are reconciled to ``total`` (horizon,); ``base_total`` is the
    total method's own sum before any calibration; ``weights`` the reconciliation's shares of a
    difference per industry and year; ``scale`` the industries' and ``total_scale`` the total's
    mean absolute yearly change in log (the unit of the error models).
    """

    industries: np.ndarray
    total: np.ndarray
    base_total: np.ndarray
    industry_base: np.ndarray
    weights: np.ndarray
    scale: np.ndarray
    total_scale: float


def coherent_projection(
    history: np.ndarray,
    rows: np.ndarray,
    industries: np.ndarray,
    total: Prepared,
    industry: Prepared,
    *,
    calibrated: bool = False,
    reconciliation: str = "mint_immutable",
) -> CoherentProjection:
    """Combine the total method and the industry method for the series ``rows`` of one region.

    ``history`` has the region's industries (rows of the panel, all years). The total is the sum
    of ``total.point`` over the rows, moved by the totals' median past error when
    ``calibrated``; the industries are ``industry.point`` reconciled to it with the weights of
    ``reconciliation`` (:func:`~naering_analysis.forecast.reconcile.allocation_weights`: the
    immutable-total MinT-shrink weights, their diagonal, or proportional shares; the choice says
    which one scored best on these data).

    >>> from naering_analysis.forecast.reconcile import IndustryCovariance
    >>> model = ErrorModel((np.zeros(5),), (5,), 0.5, (0.0,))
    >>> cov = IndustryCovariance(("a", "b"), np.eye(2), 0.0, 10)
    >>> t = Prepared("x", "total", np.array([[60.0], [50.0]]), model, model, model, cov)
    >>> i = Prepared("y", "focus", np.array([[50.0], [50.0]]), model, model, model, cov)
    >>> hist = np.array([[40.0, 50.0], [40.0, 50.0]])
    >>> p = coherent_projection(hist, np.array([0, 1]), np.array(["a", "b"]), t, i)
    >>> p.total.tolist(), p.industries.round(6).tolist()
    ([110.0], [[55.0], [55.0]])
    """
    base_total = total.point[rows].sum(axis=0)
    total_scale = float(log_scale(history.sum(axis=0, keepdims=True))[0])
    final_total = (
        total.total.calibrate(base_total[None, :], np.array([total_scale]))[0]
        if calibrated
        else base_total
    )
    industry_base = industry.point[rows]
    scale = log_scale(history)
    weights = allocation_weights(
        industry.covariance, industries, industry_base, scale, reconciliation
    )
    reconciled = reconcile_to_total(industry_base, final_total, weights)
    return CoherentProjection(
        reconciled, final_total, base_total, industry_base, weights, scale, total_scale
    )

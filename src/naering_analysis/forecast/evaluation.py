"""Rolling-origin evaluation of one method on the totals the council sees, with honest intervals.

For each evaluation origin ``o`` the method forecasts every series from the years up to ``o``;
the forecasts are summed to the council's aggregates (:mod:`.aggregates`: each municipality's
total and its five focus-industry totals) and compared with the outcomes ``o + 1 .. o + H``.

* **Scaled error** (MASE, Hyndman & Koehler 2006): ``|actual - forecast|`` divided by the
  aggregate's mean absolute one-year change up to ``o`` (the in-sample error of a one-year
  naive forecast). The mean over aggregates, origins and horizons is the *primary* score; the
  same for each municipality series is the *secondary* score.
* **Coverage**: whether the outcome lies in the 80 % interval the method would have given at
  ``o``. The interval uses only errors whose outcome year is at most ``o``
  (:func:`~naering_analysis.forecast.errors.pools_before`), so it is what a user would have seen.

The evaluation origins need one earlier origin for their intervals: the first is the fourth year.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from naering_analysis.forecast import probability
from naering_analysis.forecast.aggregates import Aggregates
from naering_analysis.forecast.errors import (
    MIN_ERRORS,
    ErrorModel,
    Panel,
    inner_origins,
    log_scale,
    pools_before,
    rolling_forecasts,
    standardised_errors,
    total_model,
)
from naering_analysis.forecast.fitted import mae_scale
from naering_analysis.forecast.methods import DAMPING, FITTED


@dataclass(frozen=True)
class Evaluation:
    """One method's evaluation.

    ``aggregates`` has one row per aggregate × origin × horizon (``kind`` is ``"total"`` or
    ``"focus"``); ``series`` has, per origin × horizon, the municipality series' summed scaled
    error and their count. Each level's intervals come from the errors of that
    level alone (:func:`level_models_at`). The rows carry the raw forecast and the *calibrated*
    one (moved by the level's median past error, :meth:`ErrorModel.calibrate`) with their scaled
    errors and 80 % hits; the totals' rows also carry, per growth threshold ``r`` of
    :data:`~naering_analysis.forecast.probability.THRESHOLDS`, the probability of reaching it
    (raw and calibrated), the climatology and the outcome, and the CRPS of both distributions.
    """

    method: str
    aggregates: pd.DataFrame
    series: pd.DataFrame


def forecasts_and_errors(
    panel: Panel,
    aggregates: Aggregates,
    method: str,
    horizon: int,
    window: int,
    damping: float = DAMPING,
    fitted_on: Aggregates | None = None,
) -> tuple[list[int], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Forecast from every inner origin and return the forecasts and their standardised errors.

    Returns the inner origins, the series and aggregate forecasts, and the standardised errors of
    both (see :func:`~naering_analysis.forecast.errors.standardised_errors`). A fitted method
    fits its parameters on ``fitted_on`` (default: every aggregate).
    """
    inner = inner_origins(panel.years)
    agg = (fitted_on or aggregates).matrix if method in FITTED else None
    fc = rolling_forecasts(panel, method, inner, horizon, window, damping, agg=agg)
    z = standardised_errors(panel.jobs, panel.years, fc, inner)
    agg_values = aggregates.apply(panel.jobs)
    agg_fc = aggregates.apply(fc.transpose(1, 0, 2)).transpose(1, 0, 2)
    z_agg = standardised_errors(agg_values, panel.years, agg_fc, inner)
    return inner, fc, agg_fc, z, z_agg


def error_models_at(
    z: np.ndarray, z_agg: np.ndarray, inner: Sequence[int], cutoff: int, horizon: int
) -> tuple[ErrorModel, ErrorModel]:
    """Return the series and the aggregate error model from errors with outcome year ≤ ``cutoff``."""
    series_model = ErrorModel.fit(pools_before(z, inner, cutoff), horizon)
    return series_model, total_model(pools_before(z_agg, inner, cutoff), series_model, horizon)


def level_models_at(
    z: np.ndarray,
    z_agg: np.ndarray,
    kinds: np.ndarray,
    inner: Sequence[int],
    cutoff: int,
    horizon: int,
) -> dict[str, ErrorModel]:
    """Return one error model per aggregate kind, from the errors known at ``cutoff``.

    A level's model rests on that level's errors alone (the municipality totals are not pooled
    with the focus-industry totals); each horizon with enough errors keeps its own pool
    (``per_horizon``). A level with too few errors falls back on the series' model.
    """
    models: dict[str, ErrorModel] = {}
    series_model: ErrorModel | None = None
    for kind in dict.fromkeys(kinds.tolist()):
        pools = pools_before(z_agg[:, kinds == kind], inner, cutoff)
        if int(np.isfinite(pools[0]).sum()) < MIN_ERRORS:
            series_model = series_model or ErrorModel.fit(pools_before(z, inner, cutoff), horizon)
            models[str(kind)] = series_model
        else:
            models[str(kind)] = ErrorModel.fit(pools, horizon, per_horizon=True)
    return models


def _probability_columns(
    model: ErrorModel,
    point: np.ndarray,
    scale: np.ndarray,
    start: np.ndarray,
    actual: np.ndarray,
    clim_values: np.ndarray,
    first_year: int,
    origin: int,
) -> dict[str, np.ndarray]:
    """Probabilities, climatology, outcomes and CRPS of the totals at one origin (rows × horizon)."""
    rows, steps = point.shape
    out: dict[str, np.ndarray] = {}
    for variant, calibrated in (("", False), ("_cal", True)):
        crps_cols = [
            probability.crps(
                actual[:, h - 1],
                probability.ensemble(model, h, point[:, h - 1], scale, calibrated=calibrated),
            )
            for h in range(1, steps + 1)
        ]
        out[f"crps{variant}"] = np.column_stack(crps_cols).ravel()
    for rate in probability.THRESHOLDS:
        key = threshold_key(rate)
        target = start[:, None] * (1.0 + rate) ** np.arange(1, steps + 1)[None, :]
        for variant, calibrated in (("", False), ("_cal", True)):
            cols = [
                probability.exceedance(
                    model, h, point[:, h - 1], scale, target[:, h - 1], calibrated=calibrated
                )
                for h in range(1, steps + 1)
            ]
            out[f"prob_{key}{variant}"] = np.column_stack(cols).ravel()
        out[f"outcome_{key}"] = (actual >= target).ravel().astype(float)
        clim = [
            probability.climatology(clim_values, first_year, origin, h, rate)
            for h in range(1, steps + 1)
        ]
        out[f"clim_{key}"] = np.tile(np.asarray(clim), rows)
    return out


def threshold_key(rate: float) -> str:
    """Column suffix of a growth threshold in basis points, e.g. ``"150"`` for 1,5 %.

    >>> threshold_key(0.015), threshold_key(0.0)
    ('150', '0')
    """
    return str(round(rate * 10_000))


def evaluate(
    panel: Panel,
    aggregates: Aggregates,
    method: str,
    origins: Sequence[int],
    horizon: int,
    window: int = 5,
    damping: float = DAMPING,
    fitted_on: Aggregates | None = None,
) -> Evaluation:
    """Evaluate ``method`` from each of ``origins`` (see the module docstring)."""
    inner, fc, agg_fc, z, z_agg = forecasts_and_errors(
        panel, aggregates, method, horizon, window, damping, fitted_on
    )
    agg_values = aggregates.apply(panel.jobs)
    kinds = aggregates.keys["kind"].to_numpy().astype(str)
    is_total = kinds == "total"
    used = aggregates.series_used()
    first_year = int(panel.years[0])
    agg_parts, series_parts = [], []
    for origin in origins:
        k, stop = inner.index(origin), int(origin - panel.years[0]) + 1
        steps = min(horizon, len(panel.years) - stop)
        if steps < 1:
            continue
        models = level_models_at(z, z_agg, kinds, inner, origin, horizon)
        point = agg_fc[k][:, :steps]
        actual = agg_values[:, stop : stop + steps]
        scale = log_scale(agg_values[:, :stop])
        mae = mae_scale(agg_values[:, :stop])[:, None]
        columns: dict[str, np.ndarray] = {
            name: np.full(point.shape, np.nan)
            for name in ("forecast_cal", "lo80", "hi80", "lo80_cal", "hi80_cal")
        }
        for kind, model in models.items():
            rows = kinds == kind
            cal = model.calibrate(point[rows], scale[rows])
            raw_bands = model.bands(point[rows], scale[rows])
            cal_bands = model.bands(cal, scale[rows])
            columns["forecast_cal"][rows] = cal
            columns["lo80"][rows], columns["hi80"][rows] = raw_bands["lo80"], raw_bands["hi80"]
            columns["lo80_cal"][rows] = cal_bands["lo80"]
            columns["hi80_cal"][rows] = cal_bands["hi80"]
        data: dict[str, np.ndarray] = {
            "origin": np.full(point.size, origin),
            "horizon": np.tile(np.arange(1, steps + 1), len(point)),
            "start": np.repeat(agg_values[:, stop - 1], steps),
            "actual": actual.ravel(),
            "forecast": point.ravel(),
            "scaled_error": (np.abs(actual - point) / mae).ravel(),
            "scaled_error_cal": (np.abs(actual - columns["forecast_cal"]) / mae).ravel(),
            **{name: values.ravel() for name, values in columns.items()},
        }
        if is_total.any() and "total" in models:
            probs = _probability_columns(
                models["total"],
                point[is_total],
                scale[is_total],
                agg_values[is_total, stop - 1],
                actual[is_total],
                agg_values[is_total, :stop],
                first_year,
                origin,
            )
            where = np.repeat(is_total, steps)
            for name, values in probs.items():
                full = np.full(point.size, np.nan)
                full[where] = values
                data[name] = full
        keys = aggregates.keys.iloc[np.repeat(np.arange(len(point)), steps)].reset_index(drop=True)
        part = pd.concat([keys, pd.DataFrame(data)], axis=1)
        agg_parts.append(part)
        s_point = fc[k][used, :steps]
        s_actual = panel.jobs[used, stop : stop + steps]
        s_scaled = np.abs(s_actual - s_point) / mae_scale(panel.jobs[used, :stop])[:, None]
        series_parts.append(
            pd.DataFrame(
                {
                    "origin": origin,
                    "horizon": np.arange(1, steps + 1),
                    "scaled_sum": np.nansum(s_scaled, axis=0),
                    "scaled_n": np.isfinite(s_scaled).sum(axis=0),
                    "n": np.full(steps, len(s_point)),
                }
            )
        )
    agg_rows = pd.concat(agg_parts, ignore_index=True)
    for variant in ("", "_cal"):
        agg_rows[f"covered80{variant}"] = (agg_rows["actual"] >= agg_rows[f"lo80{variant}"]) & (
            agg_rows["actual"] <= agg_rows[f"hi80{variant}"]
        )
    agg_rows["error_pct"] = (
        100.0
        * (agg_rows["forecast"] - agg_rows["actual"])
        / agg_rows["actual"].where(agg_rows["actual"] != 0)
    )
    series = pd.concat(series_parts, ignore_index=True)
    return Evaluation(method, agg_rows.assign(method=method), series.assign(method=method))

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

from naering_analysis.forecast.aggregates import Aggregates
from naering_analysis.forecast.errors import (
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

    ``aggregates`` has one row per aggregate × origin × horizon; ``series`` has, per origin ×
    horizon, the municipality series' summed scaled error, their count and interval hits.
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
) -> tuple[list[int], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Forecast from every inner origin and return the forecasts and their standardised errors.

    Returns the inner origins, the series and aggregate forecasts, and the standardised errors of
    both (see :func:`~naering_analysis.forecast.errors.standardised_errors`).
    """
    inner = inner_origins(panel.years)
    agg = aggregates.matrix if method in FITTED else None
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


def evaluate(
    panel: Panel,
    aggregates: Aggregates,
    method: str,
    origins: Sequence[int],
    horizon: int,
    window: int = 5,
    damping: float = DAMPING,
) -> Evaluation:
    """Evaluate ``method`` from each of ``origins`` (see the module docstring)."""
    inner, fc, agg_fc, z, z_agg = forecasts_and_errors(
        panel, aggregates, method, horizon, window, damping
    )
    agg_values = aggregates.apply(panel.jobs)
    used = aggregates.series_used()
    agg_parts, series_parts = [], []
    for origin in origins:
        k, stop = inner.index(origin), int(origin - panel.years[0]) + 1
        steps = min(horizon, len(panel.years) - stop)
        if steps < 1:
            continue
        s_model, a_model = error_models_at(z, z_agg, inner, origin, horizon)
        point = agg_fc[k][:, :steps]
        actual = agg_values[:, stop : stop + steps]
        bands = a_model.bands(point, log_scale(agg_values[:, :stop]))
        scaled = np.abs(actual - point) / mae_scale(agg_values[:, :stop])[:, None]
        rows = aggregates.keys.loc[np.repeat(np.arange(len(point)), steps)].reset_index(drop=True)
        agg_parts.append(
            rows.assign(
                origin=origin,
                horizon=np.tile(np.arange(1, steps + 1), len(point)),
                actual=actual.ravel(),
                forecast=point.ravel(),
                lo80=bands["lo80"].ravel(),
                hi80=bands["hi80"].ravel(),
                scaled_error=scaled.ravel(),
            )
        )
        s_point = fc[k][used, :steps]
        s_actual = panel.jobs[used, stop : stop + steps]
        s_bands = s_model.bands(s_point, log_scale(panel.jobs[used, :stop]))
        s_scaled = np.abs(s_actual - s_point) / mae_scale(panel.jobs[used, :stop])[:, None]
        hit = (s_actual >= s_bands["lo80"]) & (s_actual <= s_bands["hi80"])
        series_parts.append(
            pd.DataFrame(
                {
                    "origin": origin,
                    "horizon": np.arange(1, steps + 1),
                    "scaled_sum": np.nansum(s_scaled, axis=0),
                    "scaled_n": np.isfinite(s_scaled).sum(axis=0),
                    "covered_n": hit.sum(axis=0),
                    "n": np.full(steps, len(s_point)),
                }
            )
        )
    agg_rows = pd.concat(agg_parts, ignore_index=True)
    agg_rows["covered80"] = (agg_rows["actual"] >= agg_rows["lo80"]) & (
        agg_rows["actual"] <= agg_rows["hi80"]
    )
    agg_rows["error_pct"] = (
        100.0
        * (agg_rows["forecast"] - agg_rows["actual"])
        / agg_rows["actual"].where(agg_rows["actual"] != 0)
    )
    series = pd.concat(series_parts, ignore_index=True)
    return Evaluation(method, agg_rows.assign(method=method), series.assign(method=method))

"""Job projections by industry with empirical prediction intervals.

:func:`project` forecasts every region × industry series of a tidy frame to ``end_year`` with one
of :data:`METHODS` and attaches 80 % and 95 % intervals built from the method's own rolling-origin
errors on the same frame (see :mod:`naering_analysis.forecast.errors`). Industries are projected
one by one and a region's total is their sum; sector frames (``sector_code`` all/private/public)
are reconciled so that private + public equals the projected all-sector series
(:func:`reconcile`). There is no default method: callers pass the method chosen on their data
(:func:`naering_analysis.forecast.choice.choose_method`). Methods and intervals are in
``docs/metode.md``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from naering_analysis.datasets.checks import require_columns, select_region
from naering_analysis.errors import AnalysisError
from naering_analysis.forecast.aggregates import Aggregates, council_aggregates
from naering_analysis.forecast.errors import ErrorModel, Panel, build_panel, log_scale
from naering_analysis.forecast.evaluation import error_models_at, forecasts_and_errors
from naering_analysis.forecast.methods import (
    DAMPING,
    FITTED,
    METHOD_LABELS,
    METHODS,
    NEEDS_REFERENCE,
    point_forecast,
)

__all__ = [
    "BAND_COLUMNS",
    "METHODS",
    "METHOD_LABELS",
    "error_models",
    "project",
    "reconcile",
]

BAND_COLUMNS = ("lo80", "hi80", "lo95", "hi95")
SECTOR_TOTAL = "all"
SECTOR_PARTS = ("private", "public")


def error_models(
    panel: Panel,
    aggregates: Aggregates,
    method: str,
    horizon: int,
    window: int,
    damping: float = DAMPING,
) -> tuple[ErrorModel, ErrorModel]:
    """Fit the series-level and the totals-level error model of ``method`` on all of ``panel``.

    Every origin from the third year to the second-to-last is forecast; the errors of all series
    and of the council's totals (``aggregates``) are pooled per horizon.
    """
    inner, _, _, z, z_agg = forecasts_and_errors(
        panel, aggregates, method, horizon, window, damping
    )
    return error_models_at(z, z_agg, inner, int(panel.years[-1]), horizon)


def project(
    frame: pd.DataFrame,
    method: str,
    end_year: int = 2030,
    region: str | None = None,
    reference: str = "0",
    window: int = 5,
    *,
    damping: float = DAMPING,
    allow_break: bool = False,
    missing: str = "raise",
) -> pd.DataFrame:
    """Project jobs per series from the year after the latest one to ``end_year``.

    Parameters
    ----------
    frame
        Tidy frame (``region_code``, ``industry_code``, ``year``, ``jobs``; optional
        ``sector_code``), every series with every year. All regions in it feed the error pools.
    method
        One of :data:`METHODS`, usually the one chosen on this data
        (:func:`naering_analysis.forecast.choice.choose_method`).
    end_year
        Last projected year; must be after the latest year in ``frame``.
    region
        Return only this region (the others still feed the pools); ``None`` returns all.
    reference
        Region whose industry growth ``structural``, ``combined`` and ``pooled`` use; must be in
        ``frame``.
    window
        Years behind a growth rate.
    damping
        Yearly damping of the own deviation in ``pooled`` (0–1).
    allow_break
        Allow history that spans the 2014/2015 series break.
    missing
        ``"raise"`` (default) on a series with missing cells, or ``"drop"`` to leave it out (listed
        in ``attrs["dropped_series"]``).

    Returns
    -------
    pandas.DataFrame
        Key columns, ``year``, ``jobs`` (float), ``lo80``, ``hi80``, ``lo95``, ``hi95`` and
        ``method``; descriptive columns (``region_name``, ``industry_name``, ``bransje``) are
        carried over. ``attrs`` are copied from ``frame``.
    """
    if method not in METHODS:
        raise AnalysisError(f"project: ukjent metode '{method}'. Velg en av {list(METHODS)}.")
    if not 0.0 <= damping <= 1.0:
        raise AnalysisError(f"project: damping={damping} må ligge mellom 0 og 1.")
    if int(window) < 1:
        raise AnalysisError(f"project: window={window} må være minst 1 år.")
    panel = build_panel(
        frame,
        reference=reference,
        need_reference=method in NEEDS_REFERENCE,
        allow_break=allow_break,
        missing=missing,
        where="project",
    )
    last = int(panel.years[-1])
    horizon = int(end_year) - last
    if horizon < 1:
        raise AnalysisError(
            f"project: end_year={end_year} må være etter siste år i dataene ({last})."
        )
    aggregates = council_aggregates(panel.keys, reference)
    agg = aggregates.matrix if method in FITTED else None
    point = point_forecast(
        method, panel.jobs, panel.ref_jobs, horizon, window, damping=damping, agg=agg
    )
    series_model, _ = error_models(panel, aggregates, method, horizon, window, damping)
    bands = series_model.bands(point, log_scale(panel.jobs))
    out = _long_frame(panel, point, bands, last, method)
    if "sector_code" in out.columns:
        out = _reconcile_sectors(out)
    if region is not None:
        out = select_region(out, str(region), "project").reset_index(drop=True)
    out.attrs = {**frame.attrs, "dropped_series": panel.attrs["dropped_series"]}
    return out


def _long_frame(
    panel: Panel, point: np.ndarray, bands: dict[str, np.ndarray], last: int, method: str
) -> pd.DataFrame:
    """Stack the (series, horizon) matrices into a tidy frame."""
    n, horizon = point.shape
    out = panel.keys.loc[np.repeat(np.arange(n), horizon)].reset_index(drop=True)
    out["year"] = np.tile(np.arange(last + 1, last + horizon + 1), n).astype("int64")
    out["jobs"] = point.ravel()
    for col in BAND_COLUMNS:
        out[col] = bands[col].ravel()
    out["method"] = method
    return out


def reconcile(
    industry_proj: pd.DataFrame,
    total_proj: pd.DataFrame,
    by: Sequence[str] = ("region_code", "year"),
) -> pd.DataFrame:
    """Scale the parts so that they sum to ``total_proj`` within each group of ``by``.

    ``jobs`` and any interval columns of ``industry_proj`` are multiplied by ``total / sum`` of
    their group (proportional, top-down reconciliation). A group whose parts sum to zero keeps
    them at zero when the total is zero too; otherwise there is nothing to scale and it raises.

    Examples
    --------
    >>> parts = pd.DataFrame({"region_code": ["R", "R"], "year": [2026, 2026], "jobs": [30.0, 10.0]})
    >>> total = pd.DataFrame({"region_code": ["R"], "year": [2026], "jobs": [60.0]})
    >>> reconcile(parts, total)["jobs"].tolist()
    [45.0, 15.0]
    """
    by = list(by)
    require_columns(industry_proj, [*by, "jobs"], "reconcile")
    require_columns(total_proj, [*by, "jobs"], "reconcile")
    sums = industry_proj.groupby(by, observed=True)["jobs"].sum().rename("_sum").reset_index()
    target = total_proj[[*by, "jobs"]].rename(columns={"jobs": "_total"})
    merged = sums.merge(target, on=by, how="left", validate="1:1")
    if merged["_total"].isna().any():
        missing = merged.loc[merged["_total"].isna(), by].astype(str).agg("/".join, axis=1)
        raise AnalysisError(
            f"reconcile: totalen mangler for {list(missing.head(6))}; gi en total for hver gruppe."
        )
    stuck = (merged["_sum"] == 0) & (merged["_total"] != 0)
    if stuck.any():
        bad = merged.loc[stuck, by].astype(str).agg("/".join, axis=1)
        raise AnalysisError(
            f"reconcile: delene summerer til 0, men totalen er ikke 0 for {list(bad.head(6))}; "
            "det finnes ingen andeler å fordele totalen etter."
        )
    merged["_factor"] = np.where(merged["_sum"] == 0, 1.0, merged["_total"] / merged["_sum"])
    factor = industry_proj[by].merge(merged[[*by, "_factor"]], on=by, how="left", validate="m:1")
    out = industry_proj.copy()
    for col in ["jobs", *[c for c in BAND_COLUMNS if c in out.columns]]:
        out[col] = out[col].to_numpy(dtype=float) * factor["_factor"].to_numpy()
    return out


def _reconcile_sectors(proj: pd.DataFrame) -> pd.DataFrame:
    """Make private + public equal the projected all-sector series in every group that has it.

    A group (region × industry) without an ``all`` row has nothing to be coherent with and keeps
    its parts as projected.
    """
    by = [c for c in ("region_code", "industry_code", "year") if c in proj.columns]
    totals = proj.loc[proj["sector_code"] == SECTOR_TOTAL]
    has_total = proj[by].merge(totals[by].drop_duplicates(), on=by, how="left", indicator=True)
    is_part = proj["sector_code"].isin(SECTOR_PARTS).to_numpy()
    fixable = is_part & (has_total["_merge"] == "both").to_numpy()
    if not fixable.any():
        return proj
    parts = reconcile(proj.loc[fixable], totals, by=by)
    rest = proj.loc[~fixable]
    return pd.concat([rest, parts]).sort_index(kind="stable").reset_index(drop=True)

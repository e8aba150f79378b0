"""Job growth: annual change, CAGR, contributions to growth, sectors and location quotients.

All functions take tidy frames (``region_code``, ``industry_code``, ``year``, ``jobs``; see
docs/CONTRACTS.md), sum industries where a total is needed and return tidy frames. Percent values
end in ``_pct``, fractions in ``_rate`` and percentage points in ``_pp``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from naering_analysis.datasets.checks import (
    check_break,
    require_columns,
    select_region,
    start_end,
    totals,
)
from naering_analysis.errors import AnalysisError

SECTORS = ("private", "public")


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """Return ``numerator / denominator`` with NaN (not inf) where the denominator is zero."""
    return numerator / denominator.where(denominator != 0)


def annual_change(
    frame: pd.DataFrame,
    by: Sequence[str] = ("region_code", "industry_code"),
    allow_break: bool = False,
) -> pd.DataFrame:
    """Year-on-year change in jobs within each group of ``by``.

    Returns ``by``, ``year``, ``jobs``, ``change_jobs`` and ``change_pct``. The first year of each
    group is NaN, and so is a year whose previous year is missing (a change over a gap is not an
    annual change). A zero base gives a NaN percentage, not infinity.

    Raises
    ------
    AnalysisError
        If the years span the 2014/2015 series break and ``allow_break`` is False.
    """
    by = list(by)
    require_columns(frame, [*by, "year", "jobs"], "annual_change")
    years = frame["year"].astype(int)
    if not frame.empty:
        check_break(years.min(), years.max(), allow_break, frame=frame, where="annual_change")
    out = totals(frame, by=[*by, "year"]).sort_values([*by, "year"], ignore_index=True)
    grouped = out.groupby(by, observed=True, sort=False)
    consecutive = grouped["year"].shift(1) == out["year"] - 1
    previous = grouped["jobs"].shift(1).where(consecutive)
    out["change_jobs"] = out["jobs"] - previous
    out["change_pct"] = _ratio(out["change_jobs"], previous) * 100
    return out


def cagr_value(start_jobs: float, end_jobs: float, years: float) -> float:
    """Compound annual growth rate (fraction) from ``start_jobs`` to ``end_jobs`` over ``years``.

    Examples
    --------
    >>> round(cagr_value(100, 121, 2), 10)
    0.1
    """
    if not years > 0:
        raise AnalysisError(f"cagr_value: years={years} må være større enn 0.")
    if not start_jobs > 0:
        raise AnalysisError(f"cagr_value: start_jobs={start_jobs} må være større enn 0.")
    if not end_jobs >= 0:
        raise AnalysisError(f"cagr_value: end_jobs={end_jobs} kan ikke være negativ.")
    return float((end_jobs / start_jobs) ** (1.0 / years) - 1.0)


def cagr(
    frame: pd.DataFrame,
    start: int,
    end: int,
    by: Sequence[str] = ("region_code",),
    allow_break: bool = False,
) -> pd.DataFrame:
    """Compound annual growth from ``start`` to ``end``, jobs summed within ``by``.

    Returns ``by``, ``start_year``, ``end_year``, ``jobs_start``, ``jobs_end``, ``change_jobs``,
    ``cagr_rate`` (fraction) and ``cagr_pct``.

    Raises
    ------
    AnalysisError
        If ``start >= end``, a year is missing, a group has zero or negative start jobs, or the
        period spans the series break without ``allow_break``.
    """
    out = start_end(frame, by, start, end, "cagr", allow_break)
    bad = out["jobs_start"] <= 0
    if bad.any():
        names = out.loc[bad, list(by)].astype(str).agg("/".join, axis=1).tolist()
        raise AnalysisError(
            f"cagr: {'/'.join(by)} = {names} har 0 eller færre arbeidsplasser i {start}; vekstrate "
            "er udefinert. Velg et annet startår eller slå sammen gruppene."
        )
    out.insert(len(by), "start_year", int(start))
    out.insert(len(by) + 1, "end_year", int(end))
    out["change_jobs"] = out["jobs_end"] - out["jobs_start"]
    out["cagr_rate"] = (out["jobs_end"] / out["jobs_start"]) ** (1.0 / (end - start)) - 1.0
    out["cagr_pct"] = out["cagr_rate"] * 100
    return out


def contributions(
    frame: pd.DataFrame,
    start: int,
    end: int,
    by: str = "industry_code",
    region: str | None = None,
    allow_break: bool = False,
) -> pd.DataFrame:
    """Each group's contribution to the region's total change from ``start`` to ``end``.

    ``contribution_pp`` = Δjobs_i / total_start × 100, so the contributions sum exactly to the
    total change in percent, and ``change_jobs`` sums to the total change in jobs. ``growth_pct``
    is the group's own growth (NaN for a zero base). ``by`` may be ``industry_code``, ``bransje``
    or ``sector_code``.
    """
    sub = select_region(frame, region, "contributions")
    if by == "sector_code" and (sub["sector_code"] == "all").any():
        raise AnalysisError(
            "contributions: sector_code inneholder 'all', som ville telt jobbene to ganger. "
            "Bruk sector_decomposition, eller fjern radene med 'all'."
        )
    out = start_end(sub, ["region_code", by], start, end, "contributions", allow_break)
    total_start = out["jobs_start"].sum()
    if total_start <= 0:
        raise AnalysisError(
            f"contributions: regionen har {total_start} arbeidsplasser i {start}; bidrag i "
            "prosentpoeng er udefinert. Velg et annet startår."
        )
    out.insert(2, "start_year", int(start))
    out.insert(3, "end_year", int(end))
    out["change_jobs"] = out["jobs_end"] - out["jobs_start"]
    out["growth_pct"] = _ratio(out["change_jobs"], out["jobs_start"]) * 100
    out["contribution_pp"] = out["change_jobs"] / total_start * 100
    return out


def sector_decomposition(
    frame: pd.DataFrame,
    start: int,
    end: int,
    region: str | None = None,
    allow_break: bool = False,
    tolerance_jobs: float = 0.5,
) -> pd.DataFrame:
    """Private vs public job change from ``start`` to ``end``, their contributions and CAGRs.

    Rows ``sector_code`` = ``private``, ``public`` and ``all``, where ``all`` is private + public
    (the basis for the decomposition). When the frame also carries SSB's own ``all``, the ``all``
    row reports it in ``reported_jobs_start``/``reported_jobs_end`` and the difference in
    ``residual_jobs_start``/``residual_jobs_end`` (reported − private − public); a residual larger
    than ``tolerance_jobs`` also raises a warning. ``contribution_pp`` is relative to the
    private + public start total.
    """
    require_columns(frame, ["sector_code"], "sector_decomposition")
    sub = select_region(frame, region, "sector_decomposition")
    codes = set(sub["sector_code"].astype(str))
    if not set(SECTORS) <= codes:
        raise AnalysisError(
            f"sector_decomposition: sector_code må ha både 'private' og 'public' (fant {sorted(codes)}). "
            "Hent tabell 13472 med privat og offentlig sektor."
        )
    parts = sub.loc[sub["sector_code"].isin(SECTORS)]
    out = contributions(parts, start, end, by="sector_code", allow_break=allow_break)
    rates = cagr(parts, start, end, by=("region_code", "sector_code"), allow_break=allow_break)
    out = out.merge(rates[["sector_code", "cagr_rate"]], on="sector_code", validate="1:1")
    combined = cagr(parts, start, end, allow_break=allow_break).assign(sector_code="all")
    combined["contribution_pp"] = combined["change_jobs"] / combined["jobs_start"] * 100
    combined["growth_pct"] = combined["contribution_pp"]
    out = pd.concat([out, combined[out.columns]], ignore_index=True)
    out["cagr_pct"] = out["cagr_rate"] * 100
    reported = sub.loc[sub["sector_code"] == "all"]
    if reported.empty:
        return out
    rep = start_end(reported, ["region_code"], start, end, "sector_decomposition", allow_break)
    is_all = out["sector_code"] == "all"
    for when in ("start", "end"):
        out.loc[is_all, f"reported_jobs_{when}"] = rep[f"jobs_{when}"].to_numpy()
    for when in ("start", "end"):
        out[f"residual_jobs_{when}"] = out[f"reported_jobs_{when}"] - out[f"jobs_{when}"]
    residual = out.loc[is_all, ["residual_jobs_start", "residual_jobs_end"]].abs().to_numpy()
    if np.nanmax(residual) > tolerance_jobs:
        warnings.warn(
            f"sector_decomposition: SSBs 'all' avviker fra privat + offentlig med "
            f"{residual.ravel().tolist()} arbeidsplasser ({start}, {end}). Dekomponeringen bruker "
            "privat + offentlig; avviket står i residual_jobs_*.",
            UserWarning,
            stacklevel=2,
        )
    return out


def _reference_frame(
    frame: pd.DataFrame, reference: str | pd.DataFrame, where: str
) -> pd.DataFrame:
    """Return the reference rows: a code in ``frame`` or a separate one-region frame."""
    if isinstance(reference, pd.DataFrame):
        return select_region(reference, None, f"{where} (referanse)")
    return select_region(frame, reference, f"{where} (referanse)")


def location_quotients(
    frame: pd.DataFrame,
    region: str,
    reference: str | pd.DataFrame,
    year: int | None = None,
    by: str = "industry_code",
) -> pd.DataFrame:
    """Location quotients LQ_i = (e_i / e) / (E_i / E) of ``region`` against ``reference``.

    ``reference`` is a region code in ``frame`` (``"31"`` Østfold, ``"0"`` Norway) or a separate
    one-region frame. With ``year=None`` every year of ``region`` is used. Returns ``region_code``,
    ``reference_code``, ``by``, ``year``, ``jobs``, ``share_pct``, ``reference_jobs``,
    ``reference_share_pct`` and ``location_quotient`` (NaN where the reference has no jobs in
    the group).
    """
    own = select_region(frame, region, "location_quotients")
    ref = _reference_frame(frame, reference, "location_quotients")
    if year is not None:
        own = own.loc[own["year"].astype(int) == int(year)]
        ref = ref.loc[ref["year"].astype(int) == int(year)]
    if own.empty:
        raise AnalysisError(
            f"location_quotients: region {region} har ingen rader for år {year}. Velg et år som finnes."
        )
    keys = ["year", by]
    left = totals(own, by=["region_code", *keys])
    right = totals(ref, by=["region_code", *keys]).rename(
        columns={"region_code": "reference_code", "jobs": "reference_jobs"}
    )
    out = left.merge(right, on=keys, how="left", validate="1:1", indicator=True)
    missing = out["_merge"] != "both"
    if missing.any():
        bad = out.loc[missing, keys].astype(str).agg("/".join, axis=1).head(8).tolist()
        raise AnalysisError(
            f"location_quotients: referansen mangler år/{by} {bad} som regionen {region} har. "
            "Bruk en referanse med samme år og næringsinndeling."
        )
    out = out.drop(columns="_merge")
    out.insert(1, "reference_code", out.pop("reference_code"))
    out["share_pct"] = _ratio(out["jobs"], out.groupby("year")["jobs"].transform("sum")) * 100
    ref_total = out["year"].map(totals(ref, by=["year"]).set_index("year")["jobs"])
    out["reference_share_pct"] = _ratio(out["reference_jobs"], ref_total) * 100
    out["location_quotient"] = _ratio(out["share_pct"], out["reference_share_pct"])
    return out

"""The private-sector lens: private jobs per focus industry and what the goal asks of them.

The programme's challenge is private job growth, so these functions read table 13472 (jobs by
sector and SN2007 group, ``sector_code`` ``private``/``public``; ``all`` is ignored and totals are
private + public). Shares and rates are fractions (``_share``, ``_rate``).

- :func:`sector_shares`: private and public jobs per year, and the private share.
- :func:`private_by_bransje`: per focus industry, private jobs, private growth in the programme
  period and since, and the private share.
- :func:`required_private_growth`: the private growth the goal needs if public jobs follow their
  projection: ``((T − G_T) / P_L)^(1/h) − 1``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from naering_analysis.analysis.goal import ALL_FOCUS_LABEL, FOCUS_BRANSJER
from naering_analysis.datasets.checks import (
    check_break,
    check_period,
    require_columns,
    require_no_missing,
    require_years,
    select_region,
)
from naering_analysis.errors import AnalysisError

#: The row of :func:`private_by_bransje` that sums every industry.
ALL_INDUSTRIES_LABEL = "Alle næringer"
SECTOR_PARTS = ("private", "public")


def _parts(frame: pd.DataFrame, region: str | None, where: str) -> pd.DataFrame:
    """Return the region's private and public rows; both sectors must be there."""
    require_columns(frame, ["region_code", "sector_code", "year", "jobs"], where)
    sub = select_region(frame, region, where)
    found = set(sub["sector_code"].astype(str))
    if not set(SECTOR_PARTS) <= found:
        raise AnalysisError(
            f"{where}: sector_code må ha både 'private' og 'public' (fant {sorted(found)}). Bruk "
            "tabell 13472 (employment_by_sector)."
        )
    return sub.loc[sub["sector_code"].isin(SECTOR_PARTS)]


def _by_sector(parts: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Sum jobs within ``keys`` × sector and return one column per sector (float)."""
    wide = parts.pivot_table(
        index=list(keys), columns="sector_code", values="jobs", aggfunc="sum", observed=True
    )
    return wide.reindex(columns=list(SECTOR_PARTS)).astype(float)


def _cagr(start: float, end: float, years: int) -> float:
    """CAGR (fraction) from ``start`` to ``end``; NaN without years or a positive start."""
    if years <= 0 or not start > 0:
        return float("nan")
    return float((end / start) ** (1.0 / years) - 1.0)


def sector_shares(frame: pd.DataFrame, region: str | None = None) -> pd.DataFrame:
    """Private and public jobs per year, their sum and the private share of it.

    Returns ``region_code``, ``year``, ``private_jobs``, ``public_jobs``, ``jobs`` (private +
    public) and ``private_share`` (fraction). A year with a missing cell stops with a message that
    names it (a suppressed cell would otherwise understate a sector).

    >>> f = pd.DataFrame({"region_code": "R", "sector_code": ["private", "public"],
    ...                   "industry_code": "10-33", "year": 2022, "jobs": [30, 10]})
    >>> sector_shares(f)[["jobs", "private_share"]].iloc[0].tolist()
    [40.0, 0.75]
    """
    parts = _parts(frame, region, "sector_shares")
    require_no_missing(parts, "sector_shares")
    wide = _by_sector(parts, ["region_code", "year"]).reset_index()
    wide.columns.name = None
    out = wide.rename(columns={"private": "private_jobs", "public": "public_jobs"})
    out["jobs"] = out["private_jobs"] + out["public_jobs"]
    out["private_share"] = out["private_jobs"] / out["jobs"].where(out["jobs"] > 0)
    out["year"] = out["year"].astype(int)
    return out.sort_values(["region_code", "year"], ignore_index=True)


def private_by_bransje(
    frame: pd.DataFrame,
    start: int = 2017,
    end: int = 2022,
    latest: int | None = None,
    region: str | None = None,
    focus: Sequence[str] = FOCUS_BRANSJER,
    allow_break: bool = False,
) -> pd.DataFrame:
    """Private jobs per focus industry: level, growth from ``start`` to ``end`` and since, share.

    One row per ``focus`` bransje, then ``"Alle fem satsingsbransjer"`` (their sum) and
    ``"Alle næringer"`` (every industry). Columns: ``bransje``, ``latest_year``,
    ``private_jobs_latest``, ``public_jobs_latest``, ``private_share_latest`` and
    ``private_share_start`` (private / (private + public), fractions),
    ``private_rate_period`` (private CAGR ``start``→``end``) and ``private_rate_since`` (private
    CAGR ``end``→``latest``; NaN when ``latest`` is ``end``). A rate is NaN where the group has
    no private jobs at the start. ``latest`` defaults to the last year in the data.
    """
    where = "private_by_bransje"
    check_period(start, end, where)
    start, end = int(start), int(end)
    parts = _parts(frame, region, where)
    require_columns(parts, ["bransje"], where)
    last = int(parts["year"].astype(int).max()) if latest is None else int(latest)
    if last < end:
        raise AnalysisError(f"{where}: latest={last} må være {end} eller senere.")
    check_break(start, last, allow_break, frame=parts, where=where)
    years = sorted({start, end, last})
    require_years(parts, years, where)
    picked = parts.loc[parts["year"].astype(int).isin(years)]
    require_no_missing(picked, where)
    unknown = sorted(set(focus) - set(picked["bransje"]))
    if unknown:
        raise AnalysisError(f"{where}: bransjene {unknown} finnes ikke i dataene.")
    by_bransje = _by_sector(picked, ["bransje", "year"])
    in_focus = by_bransje.index.get_level_values("bransje").isin(list(focus))
    rows = {b: by_bransje.xs(b, level="bransje") for b in focus}
    rows[ALL_FOCUS_LABEL] = by_bransje.loc[in_focus].groupby(level="year").sum()
    rows[ALL_INDUSTRIES_LABEL] = by_bransje.groupby(level="year").sum()
    out = []
    for name, table in rows.items():
        private, public = table["private"], table["public"]
        share = private / (private + public).where(private + public > 0)
        out.append(
            {
                "bransje": name,
                "latest_year": last,
                "private_jobs_latest": private[last],
                "public_jobs_latest": public[last],
                "private_share_latest": share[last],
                "private_share_start": share[start],
                "private_rate_period": _cagr(private[start], private[end], end - start),
                "private_rate_since": _cagr(private[end], private[last], last - end),
            }
        )
    return pd.DataFrame(out)


def required_private_growth(
    frame: pd.DataFrame,
    projection: pd.DataFrame,
    target_jobs: float,
    target_year: int = 2030,
    region: str | None = None,
) -> pd.DataFrame:
    """Solve for the annual private growth from the latest year L that reaches the target.

    Public jobs follow ``projection``. With T = ``target_jobs`` (the target path's value in ``target_year``), G_T the projected public
    jobs in ``target_year``, P_L the private jobs in L and h = ``target_year`` − L:
    ``required = ((T − G_T) / P_L)^(1/h) − 1``. ``projection`` is a projection of the same 13472
    frame (``sector_code`` rows, from L + 1 to at least ``target_year``).

    Returns one row: ``region_code``, ``latest_year``, ``target_year``, ``target_jobs``,
    ``public_jobs_latest``, ``public_jobs_target`` (projected), ``public_rate``,
    ``private_jobs_latest``, ``private_projected_target``, ``private_projected_rate``,
    ``private_required_target`` (T − G_T), ``private_required_rate`` and ``feasible`` (False, with
    a NaN rate, when public jobs alone reach T or there are no private jobs in L).
    """
    where = "required_private_growth"
    parts = _parts(frame, region, where)
    code = str(parts["region_code"].iloc[0])
    latest = int(parts["year"].astype(int).max())
    horizon = int(target_year) - latest
    if horizon < 1:
        raise AnalysisError(
            f"{where}: siste dataår {latest} er ikke før target_year={target_year}."
        )
    if not (np.isfinite(target_jobs) and target_jobs > 0):
        raise AnalysisError(f"{where}: target_jobs={target_jobs} må være et positivt tall.")
    now = parts.loc[parts["year"].astype(int) == latest]
    require_no_missing(now, where)
    level = _by_sector(now, ["year"]).iloc[0]
    ahead = _parts(projection, code, f"{where} (framskriving)")
    ahead = ahead.loc[ahead["year"].astype(int) == int(target_year)]
    if ahead.empty:
        raise AnalysisError(
            f"{where}: framskrivingen har ikke år {target_year}; den må gå til målåret."
        )
    require_no_missing(ahead, f"{where} (framskriving)")
    then = _by_sector(ahead, ["year"]).iloc[0]
    need = float(target_jobs) - then["public"]
    feasible = bool(need > 0 and level["private"] > 0)
    required = (need / level["private"]) ** (1.0 / horizon) - 1.0 if feasible else np.nan

    return pd.DataFrame(
        [
            {
                "region_code": code,
                "latest_year": latest,
                "target_year": int(target_year),
                "target_jobs": float(target_jobs),
                "public_jobs_latest": level["public"],
                "public_jobs_target": then["public"],
                "public_rate": _cagr(level["public"], then["public"], horizon),
                "private_jobs_latest": level["private"],
                "private_projected_target": then["private"],
                "private_projected_rate": _cagr(level["private"], then["private"], horizon),
                "private_required_target": need,
                "private_required_rate": float(required),
                "feasible": feasible,
            }
        ]
    )

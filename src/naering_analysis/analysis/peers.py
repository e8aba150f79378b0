"""Municipalities among their peers: structural growth, attractiveness and the other measures.

The attractiveness model of Norwegian regional analyses (Telemarksforsking's *Regional analyse*
and *NæringsNM*) splits a place's job growth over a period into

* **structural change**: what its own industry mix would have given if every industry had grown
  as in the reference (Norway): ``Σ_i E_i,start · (N_i,end / N_i,start − 1)``;
* **attractiveness**: the rest, ``actual change − structural change``.

So structural + attractiveness = actual, in jobs and in percentage points of the start-year jobs.
:func:`municipality_measures` computes these and the other comparison measures (private-sector
growth, *arbeidsplassdekning*, net commuting, *sysselsettingsandel*, population growth) for every
municipality in the frames at once, on arrays: one pass, no loop over municipalities. Suppressed
or missing cells are never read as zero: a measure that needs them is NaN and is not ranked.

Example (two industries; Norway grows 10 % in industry A and 0 % in B; the municipality has 100
jobs in A and 100 in B in 2017, 120 and 100 in 2022):

>>> import pandas as pd
>>> rows = [("0", "A", 2017, 1000), ("0", "A", 2022, 1100), ("0", "B", 2017, 1000),
...         ("0", "B", 2022, 1000), ("3105", "A", 2017, 100), ("3105", "A", 2022, 120),
...         ("3105", "B", 2017, 100), ("3105", "B", 2022, 100)]
>>> jobs = pd.DataFrame(rows, columns=["region_code", "industry_code", "year", "jobs"])
>>> m = municipality_measures(jobs, 2017, 2022).iloc[0]
>>> [round(float(m[c]), 6) for c in ("jobs_change", "structural_change", "attractiveness_jobs")]
[20.0, 10.0, 10.0]
>>> [round(float(m[c]), 6) for c in ("jobs_growth_pct", "structural_growth_pct", "attractiveness_pp")]
[10.0, 5.0, 5.0]
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np
import pandas as pd

from naering_analysis.datasets.checks import require_columns
from naering_analysis.errors import AnalysisError

NORWAY = "0"
PRIVATE = "private"


def _municipal(frame: pd.DataFrame) -> pd.Series:
    codes = frame["region_code"].astype(str)
    return codes.str.len().eq(4) & codes.str.isdigit()


def _pivot(frame: pd.DataFrame, column: str, years: tuple[int, ...], by: str) -> pd.DataFrame:
    """Rows ``region_code``; columns ``(year, by)``; NaN where a cell is missing or suppressed."""
    part = frame.loc[frame["year"].isin(years), ["region_code", "year", by, column]]
    values = pd.to_numeric(part[column], errors="coerce").astype("float64")
    wide = (
        part.assign(_v=values)
        .pivot_table(index="region_code", columns=["year", by], values="_v", aggfunc="first")
        .astype("float64")
    )
    return wide


def _annual(ratio: pd.Series | np.ndarray, years: int) -> pd.Series | np.ndarray:
    """Annualised growth in percent from a growth ratio end/start over ``years`` years."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return (np.power(ratio, 1.0 / years) - 1.0) * 100.0


def _job_measures(jobs: pd.DataFrame, start: int, end: int, reference: str) -> pd.DataFrame:
    require_columns(jobs, ["region_code", "industry_code", "year", "jobs"], "municipality_measures")
    wide = _pivot(jobs, "jobs", (start, end), "industry_code")
    if reference not in wide.index:
        raise AnalysisError(
            f"municipality_measures: referansen {reference!r} (hele landet) mangler i jobbtallene; "
            "hent tabell 13470 med landet (naering fetch --alle-kommuner)."
        )
    industries = sorted(jobs["industry_code"].dropna().unique())
    e0 = wide.reindex(columns=pd.MultiIndex.from_product([[start], industries])).to_numpy()
    e1 = wide.reindex(columns=pd.MultiIndex.from_product([[end], industries])).to_numpy()
    ref = wide.index.get_loc(reference)
    n0, n1 = e0[ref], e1[ref]
    if np.isnan(n0).any() or np.isnan(n1).any() or (n0 <= 0).any():
        bad = [i for i, a, b in zip(industries, n0, n1, strict=True) if not (a > 0 and b >= 0)]
        raise AnalysisError(
            f"municipality_measures: landets tall mangler eller er null for næring {bad} i "
            f"{start} eller {end}; strukturell vekst kan ikke beregnes."
        )
    keep = _municipal(pd.DataFrame({"region_code": wide.index})).to_numpy()
    e0, e1, codes = e0[keep], e1[keep], wide.index[keep]
    # A total with a suppressed industry cell is unknown, not smaller: NaN propagates (plain sum).
    total0, total1 = e0.sum(axis=1), e1.sum(axis=1)
    structural = e0 @ (n1 / n0 - 1.0)
    change = total1 - total0
    n_years = end - start
    with np.errstate(invalid="ignore", divide="ignore"):
        growth_pct = change / total0 * 100.0
        structural_pct = structural / total0 * 100.0
        annual = _annual(total1 / total0, n_years)
        structural_annual = _annual((total0 + structural) / total0, n_years)
    return pd.DataFrame(
        {
            "region_code": codes.astype(str),
            "jobs_start": total0,
            "jobs_end": total1,
            "jobs_change": change,
            "jobs_growth_pct": growth_pct,
            "jobs_annual_pct": annual,
            "structural_change": structural,
            "structural_growth_pct": structural_pct,
            "structural_annual_pct": structural_annual,
            "attractiveness_jobs": change - structural,
            "attractiveness_pp": growth_pct - structural_pct,
            "attractiveness_annual_pp": annual - structural_annual,
        }
    )


def _series_growth(
    frame: pd.DataFrame, column: str, start: int, end: int, prefix: str
) -> pd.DataFrame:
    """Start, end and annual growth of one value per region and year."""
    part = frame.loc[frame["year"].isin((start, end)) & _municipal(frame)]
    values = pd.to_numeric(part[column], errors="coerce").astype("float64")
    wide = part.assign(_v=values).pivot_table(
        index="region_code", columns="year", values="_v", aggfunc="first"
    )
    wide = wide.reindex(columns=[start, end]).astype("float64")
    v0, v1 = wide[start].to_numpy(), wide[end].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        annual = _annual(v1 / v0, end - start)
    return pd.DataFrame(
        {
            "region_code": wide.index.astype(str),
            f"{prefix}_start": v0,
            f"{prefix}_end": v1,
            f"{prefix}_annual_pct": annual,
        }
    )


def _over_industries(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum ``jobs`` over ``industry_code`` per region and year; a missing cell makes the sum NaN."""
    if "industry_code" not in frame.columns:
        return frame
    values = pd.to_numeric(frame["jobs"], errors="coerce").astype("float64")
    keys = [frame["region_code"], frame["year"]]
    total = values.groupby(keys).sum()
    total[values.isna().groupby(keys).any()] = np.nan
    return total.rename("jobs").reset_index()


def _latest_year(frame: pd.DataFrame, end: int) -> int:
    years = frame.loc[frame["year"] <= end, "year"]
    if years.empty:
        raise AnalysisError(f"municipality_measures: ingen år til og med {end} i tabellen.")
    return int(years.max())


def _measures_by_name(frame: pd.DataFrame, year: int, names: list[str]) -> pd.DataFrame:
    part = frame.loc[(frame["year"] == year) & _municipal(frame) & frame["measure"].isin(names)]
    values = pd.to_numeric(part["persons"], errors="coerce").astype("float64")
    wide = part.assign(_v=values).pivot_table(
        index="region_code", columns="measure", values="_v", aggfunc="first"
    )
    return wide.reindex(columns=names).astype("float64")


def _commuting_measures(commuting: pd.DataFrame, end: int) -> pd.DataFrame:
    year = _latest_year(commuting, end)
    wide = _measures_by_name(
        commuting, year, ["jobs", "residents_employed", "in_commuters", "out_commuters"]
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = wide["jobs"] / wide["residents_employed"]
    return pd.DataFrame(
        {
            "region_code": wide.index.astype(str),
            "commuting_year": year,
            "job_coverage": coverage.to_numpy(),
            "net_commuting": (wide["in_commuters"] - wide["out_commuters"]).to_numpy(),
        }
    )


def _labour_measures(labour: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    last = _latest_year(labour, end)
    first = max(start, int(labour["year"].min()))
    names = ["residents_employed", "population_15_74"]
    rate = {}
    for year in (first, last):
        wide = _measures_by_name(labour, year, names)
        with np.errstate(invalid="ignore", divide="ignore"):
            rate[year] = wide["residents_employed"] / wide["population_15_74"] * 100.0
    joined = pd.concat({"r0": rate[first], "r1": rate[last]}, axis=1)
    return pd.DataFrame(
        {
            "region_code": joined.index.astype(str),
            "employment_rate_year": last,
            "employment_rate_pct": joined["r1"].to_numpy(),
            "employment_rate_change_pp": (joined["r1"] - joined["r0"]).to_numpy(),
        }
    )


def municipality_measures(
    jobs: pd.DataFrame,
    start: int,
    end: int,
    *,
    reference: str = NORWAY,
    sector: pd.DataFrame | None = None,
    population: pd.DataFrame | None = None,
    commuting: pd.DataFrame | None = None,
    labour: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return the comparison measures for every municipality in ``jobs``, one row each.

    Parameters
    ----------
    jobs
        Tidy jobs by industry (13470): ``region_code``, ``industry_code``, ``year``, ``jobs``,
        with the reference (Norway, ``"0"``) and any number of four-digit municipalities.
    start, end
        The period (e.g. the programme's 2017–2022).
    sector
        Jobs by sector (13472): ``region_code``, ``sector_code``, ``year``, ``jobs`` (and
        optionally ``industry_code``, summed over); gives ``private_*`` (``sector_code ==
        "private"``).
    population
        Population on 1 January (07459): ``region_code``, ``year``, ``population``.
    commuting
        11616 in the tidy shape of :func:`naering_analysis.datasets.frames.commuting`; gives
        ``job_coverage`` (jobs per employed resident) and ``net_commuting`` in the latest year
        up to ``end`` (``commuting_year``).
    labour
        11618: ``region_code``, ``year``, ``measure`` (``population_15_74``,
        ``residents_employed``), ``persons``; gives the employment rate 15–74 in percent and
        its change in percentage points.

    Returns
    -------
    One row per municipality, sorted by ``region_code``: ``jobs_*``, ``structural_*``,
    ``attractiveness_*`` (see the module docstring) and the optional groups above; percentages in
    percent, growth over the whole period (``*_growth_pct``) and annualised (``*_annual_pct``).
    """
    if end <= start:
        raise AnalysisError(
            f"municipality_measures: sluttåret {end} må være etter startåret {start}."
        )
    out = _job_measures(jobs, start, end, reference)
    extra: list[pd.DataFrame] = []
    if sector is not None:
        private = _over_industries(sector.loc[sector["sector_code"] == PRIVATE])
        extra.append(_series_growth(private, "jobs", start, end, "private_jobs"))
    if population is not None:
        extra.append(_series_growth(population, "population", start, end, "population"))
    if commuting is not None:
        extra.append(_commuting_measures(commuting, end))
    if labour is not None:
        extra.append(_labour_measures(labour, start, end))
    for part in extra:
        out = out.merge(part, on="region_code", how="left", validate="1:1")
    out.insert(1, "start_year", int(start))
    out.insert(2, "end_year", int(end))
    out = out.sort_values("region_code", ignore_index=True)
    inputs = [f for f in (jobs, sector, population, commuting, labour) if f is not None]
    out.attrs = _combined_attrs(inputs)
    return out


def _combined_attrs(frames: list[pd.DataFrame]) -> dict[Hashable | None, Any]:
    """Provenance of every input (each once) and the synthetic flag if any input is synthetic."""
    provenance: list[object] = []
    for frame in frames:
        for item in frame.attrs.get("provenance", []) or []:
            if item not in provenance:
                provenance.append(item)
    synthetic = any(bool(f.attrs.get("synthetic", False)) for f in frames)
    return {"provenance": provenance, "synthetic": synthetic}

"""Input checks shared by the analysis functions (growth, shift-share, goal, projections).

Every check raises :class:`~naering_analysis.errors.AnalysisError` with a message that names the
function (``where``), the region and the years at fault, and what to do about it.

The SSB employment series have a break between 2014 and 2015 (the register changed to
a-ordningen), so :func:`check_break` refuses any computation that spans it unless the caller
opts in with ``allow_break=True``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from naering_analysis.errors import AnalysisError

SERIES_BREAK_YEAR = 2015
"""First year of the a-ordningen series; 2014 → 2015 is a break in table 07984."""

BREAK_COLUMN = "break_before"
BREAK_ATTR = "series_break_year"


def require_columns(frame: pd.DataFrame, cols: Iterable[str], where: str) -> None:
    """Raise if ``frame`` lacks any of ``cols``.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"year": [2022]}), ["year"], "cagr")
    """
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise AnalysisError(
            f"{where}: tabellen mangler kolonne(r) {missing}; den har {list(frame.columns)}. "
            "Bruk en ryddig tabell med region_code, industry_code, year og jobs (se docs/CONTRACTS.md)."
        )


def require_years(frame: pd.DataFrame, years: Iterable[int], where: str) -> None:
    """Raise if any region in ``frame`` lacks rows for any of ``years``; the message lists them per region."""
    require_columns(frame, ["region_code", "year"], where)
    wanted = sorted({int(y) for y in years})
    regions = sorted(frame["region_code"].astype(str).unique().tolist())
    grid = pd.MultiIndex.from_product([regions, wanted], names=["region_code", "year"])
    have = pd.MultiIndex.from_arrays(
        [frame["region_code"].astype(str), frame["year"].astype(int)], names=["region_code", "year"]
    )
    absent = grid.difference(have).to_frame(index=False)
    problems = {
        str(r): sorted(g["year"].astype(int).tolist()) for r, g in absent.groupby("region_code")
    }
    if frame.empty:
        problems = {"(ingen regioner)": wanted}
    if problems:
        detail = "; ".join(f"region {r}: mangler {ys}" for r, ys in problems.items())
        available = sorted(frame["year"].astype(int).unique().tolist())
        raise AnalysisError(
            f"{where}: år mangler i dataene ({detail}). Tilgjengelige år: {available}. "
            "Velg år som finnes, eller hent en nyere/lengre serie fra SSB."
        )


def break_years(frame: pd.DataFrame | None = None) -> list[int]:
    """Return the years that start a new series (break between ``year - 1`` and ``year``).

    Always includes :data:`SERIES_BREAK_YEAR`; adds ``frame.attrs["series_break_year"]`` (an int
    or a list of ints) and every year where a boolean ``break_before`` column is True.
    """
    years = {SERIES_BREAK_YEAR}
    if frame is not None:
        attr = frame.attrs.get(BREAK_ATTR)
        if attr is not None:
            years.update(int(y) for y in np.atleast_1d(attr))
        if BREAK_COLUMN in frame.columns:
            flagged = frame.loc[frame[BREAK_COLUMN].fillna(False).astype(bool), "year"]
            years.update(int(y) for y in flagged.unique())
    return sorted(years)


def check_break(
    start: int,
    end: int,
    allow_break: bool = False,
    *,
    frame: pd.DataFrame | None = None,
    where: str = "beregningen",
) -> None:
    """Raise if the period ``start``–``end`` spans a series break, unless ``allow_break``.

    A break year ``b`` is spanned when ``start < b <= end`` (the change from ``b - 1`` to ``b``
    mixes two data sources).

    Examples
    --------
    >>> check_break(2015, 2022)
    >>> check_break(2010, 2022, allow_break=True)
    """
    if allow_break:
        return
    lo, hi = sorted((int(start), int(end)))
    spanned = [b for b in break_years(frame) if lo < b <= hi]
    if spanned:
        raise AnalysisError(
            f"{where}: perioden {lo}–{hi} krysser et brudd i SSB-serien før {spanned} "
            "(ny datakilde a-ordningen fra 2015). Velg en periode på én side av bruddet, "
            "eller bruk allow_break=True hvis du bevisst vil sammenligne på tvers."
        )


def check_period(start: int, end: int, where: str) -> None:
    """Raise unless ``start < end`` (both years)."""
    if int(start) >= int(end):
        raise AnalysisError(
            f"{where}: startår {start} må være før sluttår {end}. Bytt om eller velg en lengre periode."
        )


def totals(
    frame: pd.DataFrame, by: Sequence[str] = ("region_code", "year"), value: str = "jobs"
) -> pd.DataFrame:
    """Sum ``value`` over everything not in ``by`` (e.g. industries) into a tidy frame.

    A group containing a missing value (``<NA>``) gets a missing total rather than a silently
    understated one; callers decide whether that is an error. The result is float64.

    Examples
    --------
    >>> f = pd.DataFrame({"region_code": ["0", "0"], "year": [2022, 2022], "jobs": [1, 2]})
    >>> totals(f)["jobs"].tolist()
    [3.0]
    """
    by = list(by)
    require_columns(frame, [*by, value], "totals")
    values = frame[value].astype("Float64").astype("float64")
    grouped = frame[by].assign(_value=values, _missing=values.isna()).groupby(by, observed=True)
    summed = grouped["_value"].sum().where(grouped["_missing"].sum() == 0)
    out = summed.rename(value).reset_index()
    out.attrs = dict(frame.attrs)
    return out


def start_end(
    frame: pd.DataFrame,
    by: Sequence[str],
    start: int,
    end: int,
    where: str,
    allow_break: bool = False,
) -> pd.DataFrame:
    """Sum ``jobs`` within ``by`` for ``start`` and ``end``, after all period checks.

    Checks ``start < end``, the series break, that every region has both years, and that every
    group has a value in both years. Returns ``by`` columns plus ``jobs_start`` and ``jobs_end``
    (float64), sorted by ``by``.
    """
    by = list(by)
    require_columns(frame, [*by, "year", "jobs"], where)
    check_period(start, end, where)
    check_break(start, end, allow_break, frame=frame, where=where)
    require_years(frame, [start, end], where)
    years = frame["year"].astype(int)
    sub = totals(frame.loc[years.isin([int(start), int(end)])], by=[*by, "year"])
    first = sub.loc[sub["year"] == int(start), [*by, "jobs"]]
    last = sub.loc[sub["year"] == int(end), [*by, "jobs"]]
    wide = first.merge(last, on=by, how="outer", suffixes=("_start", "_end"), validate="1:1")
    gaps = wide[["jobs_start", "jobs_end"]].isna().any(axis=1)
    if gaps.any():
        bad = wide.loc[gaps, by].astype(str).agg("/".join, axis=1).head(8).tolist()
        raise AnalysisError(
            f"{where}: mangler tall (rad eller verdi) i {start} eller {end} for {'/'.join(by)} = {bad}. "
            "Kontroller at alle grupper har tall i både start- og sluttår, eller velg andre år."
        )
    return wide.sort_values(by, ignore_index=True)


def require_no_missing(frame: pd.DataFrame, where: str, value: str = "jobs") -> None:
    """Raise if ``value`` has missing cells; the message names region, industry and year."""
    bad = frame.loc[frame[value].isna()]
    if not bad.empty:
        keys = [c for c in ("region_code", "industry_code", "year") if c in bad.columns]
        sample = bad[keys].head(8).astype(str).agg("/".join, axis=1).tolist()
        raise AnalysisError(
            f"{where}: {len(bad)} celle(r) mangler verdi i '{value}' ({'/'.join(keys)}: {sample}). "
            "Det kan være prikket (':') eller manglende ('..') hos SSB; velg andre år/regioner "
            "eller fyll inn bevisst før beregningen."
        )


def select_region(frame: pd.DataFrame, region: str | None, where: str) -> pd.DataFrame:
    """Return the rows of ``region``; with ``region=None`` the frame must hold exactly one region."""
    require_columns(frame, ["region_code"], where)
    codes = sorted(frame["region_code"].astype(str).unique().tolist())
    if region is None:
        if len(codes) != 1:
            raise AnalysisError(
                f"{where}: tabellen har {len(codes)} regioner {codes}; angi region=... for å velge én."
            )
        return frame
    if str(region) not in codes:
        raise AnalysisError(
            f"{where}: region '{region}' finnes ikke i tabellen (har {codes}). "
            "Bruk gjeldende regionkode (f.eks. '3105', '31', '0')."
        )
    return frame.loc[frame["region_code"].astype(str) == str(region)]


def require_unique(frame: pd.DataFrame, keys: Sequence[str], where: str) -> None:
    """Raise if ``keys`` do not identify rows uniquely (e.g. a total row or a double fetch)."""
    dup = frame.duplicated(list(keys), keep=False)
    if dup.any():
        sample = frame.loc[dup, list(keys)].head(6).astype(str).agg("/".join, axis=1).tolist()
        raise AnalysisError(
            f"{where}: dupliserte rader for {list(keys)} (f.eks. {sample}). "
            "Fjern totalrader eller doble uttrekk før analysen."
        )

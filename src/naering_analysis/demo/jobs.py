"""Synthetic jobs by region, SN2007 group, sector and year for the demo snapshot.

The model, in three layers:

1. Norway: the published 2021 and 2022 group counts; other years scale the total by the
   published yearly changes and shift the groups by a drift relative to the total.
2. Each municipality: its total follows a growth path through its published 2023 count; its
   groups take Norway's shares of the year times a location quotient, a local drift and
   idiosyncratic shocks (:mod:`naering_analysis.demo.noise`: a random walk, transitory wobbles
   and level shifts, larger for small groups), rescaled to the total with largest remainders.
   Østfold is the sum of its twelve municipalities, all of which are in the demo.
3. Sectors split each group's jobs into private and the public sectors by shares that are
   fixed in most groups and drift slowly in a few (calibration.PUBLIC_SHARE_TREND).

Before 2015 (table 07984 only) every count is scaled to the old register source, which counts
fewer jobs: that is the break between 2014 and 2015.
"""

from __future__ import annotations

from functools import cache

from naering_analysis.demo import calibration as cal
from naering_analysis.demo.arith import allocate, growth, power, round_half_up
from naering_analysis.demo.noise import ShockScale, multipliers, seed_for

YearGroups = dict[int, dict[str, int]]
REGIONS = cal.MUNICIPALITIES  # the parts Østfold is summed from (all twelve municipalities)


def _normalised(weights: dict[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    return {key: value / total for key, value in weights.items()}


def _split(total: int, weights: dict[str, float]) -> dict[str, int]:
    return dict(zip(weights, allocate(total, list(weights.values())), strict=True))


@cache
def norway_totals() -> dict[int, int]:
    """Return Norway's jobs (13470/13472 total) for 2015-2025."""
    changes = {**cal.PUBLISHED_NORWAY_CHANGE, **cal.NORWAY_CHANGE_AFTER}
    exact = {year: float(total) for year, total in cal.PUBLISHED_NORWAY_TOTAL.items()}
    for year in range(2020, cal.JOB_YEARS[0] - 1, -1):
        exact[year] = exact[year + 1] / growth(changes[year + 1])
    for year in range(2023, cal.JOB_YEARS[-1] + 1):
        exact[year] = exact[year - 1] * growth(changes[year])
    return {year: round_half_up(exact[year]) for year in cal.JOB_YEARS}


def _pandemic(group: str, year: int) -> float:
    level = cal.PANDEMIC_GROUP_LEVEL.get(group, 0.0)
    if year <= 2019:
        return growth(level)
    return growth(-level / 2) if year == 2020 else 1.0


@cache
def norway_jobs() -> YearGroups:
    """Return Norway's jobs by group for 2015-2025 (2021 and 2022 as published)."""
    out: YearGroups = {}
    totals = norway_totals()
    for year in cal.JOB_YEARS:
        if year in cal.PUBLISHED_NORWAY_JOBS:
            out[year] = dict(cal.PUBLISHED_NORWAY_JOBS[year])
            continue
        base = 2021 if year < 2021 else 2022
        weights = {
            g: cal.PUBLISHED_NORWAY_JOBS[base][g]
            * power(growth(cal.GROUP_DRIFT[g]), year - base)
            * _pandemic(g, year)
            for g in cal.GROUPS
        }
        out[year] = _split(totals[year], weights)
    return out


def _norway_shares(year: int) -> dict[str, float]:
    jobs = norway_jobs()[year]
    return _normalised({g: float(n) for g, n in jobs.items()})


def _growth_path(region: str) -> dict[int, float]:
    """Return the % changes into each year; Sarpsborg's 2022 is solved from its CAGR."""
    rates = dict(cal.JOB_GROWTH[region])
    if 2022 not in rates:
        target = power(growth(cal.PUBLISHED_SARPSBORG_CAGR_2017_2022), 5)
        known = 1.0
        for year in range(2018, 2022):
            known *= growth(rates[year])
        rates[2022] = (target / known - 1.0) * 100.0
    return rates


@cache
def region_totals(region: str) -> dict[int, int]:
    """Return the jobs of a demo municipality for 2015-2025."""
    rates = _growth_path(region)
    exact = {2023: float(cal.JOBS_2023[region])}
    for year in range(2022, cal.JOB_YEARS[0] - 1, -1):
        exact[year] = exact[year + 1] / growth(rates[year + 1])
    for year in range(2024, cal.JOB_YEARS[-1] + 1):
        exact[year] = exact[year - 1] * growth(rates[year])
    return {year: round_half_up(exact[year]) for year in cal.JOB_YEARS}


def _design_weights(region: str, year: int) -> dict[str, float]:
    """Return the smooth group weights: Norway's shares x location quotient x local drift."""
    quotient = cal.LOCATION_QUOTIENT.get(region, {})
    drift = cal.STRUCTURAL_DRIFT.get(region, {})
    return {
        g: share * quotient.get(g, 1.0) * power(growth(drift.get(g, 0.0)), year - 2020)
        for g, share in _norway_shares(year).items()
    }


@cache
def shocks(region: str) -> dict[str, dict[int, float]]:
    """Return each group's shock multiplier by year (2008-2025) for a demo region part.

    A group's typical size (its designed jobs in the anchor year) sets how large its shocks are.
    """
    anchor = cal.SHOCK_ANCHOR_YEAR
    design = _normalised(_design_weights(region, anchor))
    scale = ShockScale(
        *cal.SHOCK_WALK,
        *cal.SHOCK_BLIP,
        *cal.SHOCK_SHIFT,
        cal.SHOCK_SHIFT_CHANCE,
    )
    return {
        g: multipliers(
            seed_for(cal.SHOCK_SEED, region, g),
            cal.LONG_YEARS,
            anchor,
            cal.JOBS_2023[region] * share,
            scale,
        )
        for g, share in design.items()
    }


def _region_weights(region: str, year: int) -> dict[str, float]:
    noise = shocks(region)
    return {g: w * noise[g][year] for g, w in _design_weights(region, year).items()}


@cache
def _part_jobs(region: str) -> YearGroups:
    totals = region_totals(region)
    return {year: _split(totals[year], _region_weights(region, year)) for year in cal.JOB_YEARS}


def _summed(parts: list[YearGroups], years: tuple[int, ...]) -> YearGroups:
    return {year: {g: sum(part[year][g] for part in parts) for g in cal.GROUPS} for year in years}


@cache
def jobs(region: str) -> YearGroups:
    """Return jobs by year and group, 2015-2025, for a municipality, ``"31"`` or ``"0"``."""
    if region == cal.COUNTRY:
        return norway_jobs()
    if region == cal.COUNTY:
        return _summed([_part_jobs(r) for r in REGIONS], cal.JOB_YEARS)
    return _part_jobs(region)


@cache
def sectors(region: str) -> dict[int, dict[str, dict[str, int]]]:
    """Return jobs by year, group and 13472 sector code (``ALLE`` is the group's total).

    Østfold's cells are the sums of its municipalities' cells, sector by sector.
    """
    if region == cal.COUNTY:
        parts = [sectors(r) for r in REGIONS]
        return {
            year: {
                g: {s: sum(p[year][g][s] for p in parts) for s in parts[0][year][g]}
                for g in cal.GROUPS
            }
            for year in cal.JOB_YEARS
        }
    return split_sectors(jobs(region))


def split_sectors(by_year: YearGroups) -> dict[int, dict[str, dict[str, int]]]:
    """Split each group's jobs into 13472's sectors by the fixed public shares."""
    out: dict[int, dict[str, dict[str, int]]] = {}
    for year, groups in by_year.items():
        out[year] = {}
        for group, count in groups.items():
            share, split = cal.PUBLIC_SHARE[group]
            share += cal.PUBLIC_SHARE_TREND.get(group, 0.0) * (year - cal.PUBLIC_SHARE_ANCHOR_YEAR)
            public = min(count, round_half_up(count * share / 100.0))
            cells = dict(zip(cal.PUBLIC_SECTORS, allocate(public, list(split)), strict=True))
            out[year][group] = {"ALLE": count, "A+B+D+E.0-1+9": count - public, **cells}
    return out


def _old_norway_totals() -> dict[int, float]:
    """Return Norway's jobs 2008-2014 as the old source counted them (unrounded)."""
    first = float(norway_totals()[cal.BREAK_YEAR])
    exact = {2014: first / growth(cal.NORWAY_TRUE_CHANGE_2015) / growth(cal.BREAK_LEVEL_SHIFT)}
    for year in range(2013, cal.LONG_YEARS[0] - 1, -1):
        exact[year] = exact[year + 1] / growth(cal.NORWAY_CHANGE_BEFORE_BREAK[year + 1])
    return exact


def _old_weights(shares_2015: dict[str, float], year: int) -> dict[str, float]:
    return {
        g: share
        * power(growth(cal.GROUP_DRIFT[g]), year - cal.BREAK_YEAR)
        / growth(cal.BREAK_GROUP_SHIFT.get(g, 0.0))
        for g, share in shares_2015.items()
    }


@cache
def _long_part(region: str) -> YearGroups:
    new = jobs(region) if region == cal.COUNTRY else _part_jobs(region)
    first = new[cal.BREAK_YEAR]
    scale = float(sum(first.values())) / norway_totals()[cal.BREAK_YEAR]
    noise = None if region == cal.COUNTRY else shocks(region)
    out: YearGroups = {}
    for year, old_total in _old_norway_totals().items():
        weights = _old_weights(_normalised({g: float(n) for g, n in first.items()}), year)
        if noise is not None:  # continue each group's shocks back from 2015
            weights = {g: w * noise[g][year] / noise[g][cal.BREAK_YEAR] for g, w in weights.items()}
        out[year] = _split(round_half_up(old_total * scale), weights)
    return {**out, **new}


@cache
def long_jobs(region: str) -> YearGroups:
    """Return jobs by year and group for 2008-2025 as 07984 shows them (break after 2014)."""
    if region == cal.COUNTY:
        return _summed([_long_part(r) for r in REGIONS], cal.LONG_YEARS)
    return _long_part(region)


def total(by_group: dict[str, int]) -> int:
    """Return the sum over groups (the tables have no total row)."""
    return sum(by_group.values())

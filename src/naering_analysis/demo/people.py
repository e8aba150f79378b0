"""Synthetic population, employed residents and commuting for the demo snapshot.

* Population (07459, 1 January): Sarpsborg's published years exactly, linear in between;
  other regions grow at a steady rate through a 2024 anchor.
* Employed residents (07984 ``Sysselsatte``, 11616): each municipality passes through its
  published 2023 count and moves with the geometric mean of its jobs and its population. Their
  industry mix blends the municipality's own jobs with Østfold's (people commute).
* Commuting (11616): in-commuters are a slowly rising share of the jobs through the published
  2023 count; out-commuters close the identity jobs = residents + in - out.
"""

from __future__ import annotations

import math
from functools import cache

from naering_analysis.demo import calibration as cal
from naering_analysis.demo.arith import allocate, growth, power, round_half_up
from naering_analysis.demo.jobs import REGIONS, YearGroups, jobs, long_jobs, norway_totals, total


@cache
def population(region: str) -> dict[int, int]:
    """Return the population on 1 January 2008-2026 for a municipality, ``"31"`` or ``"0"``."""
    years = cal.POPULATION_YEARS
    if region == cal.SARPSBORG:
        return _sarpsborg_population()
    if region == cal.COUNTRY:
        exact = {2024: float(cal.POPULATION_2024[region])}
        for year in range(2023, years[0] - 1, -1):
            exact[year] = exact[year + 1] / growth(cal.NORWAY_POPULATION_GROWTH[year + 1])
        for year in range(2025, years[-1] + 1):
            exact[year] = exact[year - 1] * growth(cal.NORWAY_POPULATION_GROWTH[year])
        return {year: round_half_up(exact[year]) for year in years}
    factor = growth(cal.POPULATION_GROWTH[region])
    anchor = float(cal.POPULATION_2024[region])
    return {year: round_half_up(anchor * power(factor, year - 2024)) for year in years}


def _sarpsborg_population() -> dict[int, int]:
    known = cal.PUBLISHED_SARPSBORG_POPULATION
    out = dict(known)
    for year in range(2018, 2022):  # linear between the published 2017 and 2022
        out[year] = round_half_up(known[2017] + (known[2022] - known[2017]) * (year - 2017) / 5)
    exact = float(known[2017])
    for year in range(2016, cal.POPULATION_YEARS[0] - 1, -1):
        exact /= growth(cal.SARPSBORG_POPULATION_GROWTH_BEFORE_2017)
        out[year] = round_half_up(exact)
    out[2026] = round_half_up(known[2025] * growth(cal.SARPSBORG_POPULATION_GROWTH_2026))
    return {year: out[year] for year in cal.POPULATION_YEARS}


def _resident_total(region: str, year: int, jobs_now: int) -> int:
    """Employed residents: the 2023 anchor moved by sqrt(jobs ratio x population ratio)."""
    jobs_2023 = total(jobs(region)[2023])
    people = population(region)
    ratio = (jobs_now / jobs_2023) * (people[year + 1] / people[2024])
    return round_half_up(cal.RESIDENTS_2023[region] * math.sqrt(ratio))


def _shares(by_group: dict[str, int]) -> dict[str, float]:
    count = float(total(by_group))
    return {g: n / count for g, n in by_group.items()}


def resident_groups(count: int, own: dict[str, int], wider: dict[str, int]) -> dict[str, int]:
    """Split ``count`` employed residents over the groups by a blend of two job mixes.

    The place's own mix is blended with a wider area's (people commute), with
    :data:`~.calibration.RESIDENT_MIX` of the wider one.

    >>> resident_groups(10, {"01-03": 10, **dict.fromkeys(cal.GROUPS[1:], 0)},
    ...                 dict.fromkeys(cal.GROUPS, 1))["01-03"]
    6
    """
    mine = _shares(own)
    area = _shares(wider)
    weights = [(1 - cal.RESIDENT_MIX) * mine[g] + cal.RESIDENT_MIX * area[g] for g in cal.GROUPS]
    return dict(zip(cal.GROUPS, allocate(count, weights), strict=True))


@cache
def _resident_part(region: str) -> YearGroups:
    out: YearGroups = {}
    for year, own in long_jobs(region).items():
        count = _resident_total(region, year, total(own))
        out[year] = resident_groups(count, own, long_jobs(cal.COUNTY)[year])
    return out


@cache
def residents(region: str) -> YearGroups:
    """Return employed residents by year and group, 2008-2025 (07984 ``Sysselsatte``)."""
    if region == cal.COUNTY:
        parts = [_resident_part(r) for r in REGIONS]
        return {
            year: {g: sum(p[year][g] for p in parts) for g in cal.GROUPS} for year in cal.LONG_YEARS
        }
    if region == cal.COUNTRY:
        out: YearGroups = {}
        for year, own in long_jobs(region).items():
            count = round_half_up(total(own) * cal.NORWAY_RESIDENT_RATIO)
            out[year] = dict(zip(cal.GROUPS, allocate(count, list(own.values())), strict=True))
        return out
    return _resident_part(region)


@cache
def commuting(region: str) -> dict[int, tuple[int, int | None, int | None, int]]:
    """Return (residents, in-commuters, out-commuters, jobs) for 2015-2025 (table 11616).

    For Norway the commuter counts are None: commuting across the border is not measured.
    """
    out: dict[int, tuple[int, int | None, int | None, int]] = {}
    for year in cal.JOB_YEARS:
        jobs_now = norway_totals()[year] if region == cal.COUNTRY else total(jobs(region)[year])
        living = total(residents(region)[year])
        if region == cal.COUNTRY:
            out[year] = (living, None, None, jobs_now)
            continue
        if region == cal.COUNTY:
            inward = round_half_up(jobs_now * cal.COUNTY_IN_SHARE / 100.0)
        else:
            jobs_2023 = total(jobs(region)[2023])
            share = (
                cal.IN_COMMUTERS_2023[region] / jobs_2023 + (year - 2023) * cal.IN_SHARE_TREND / 100
            )
            inward = round_half_up(jobs_now * share)
        outward = living + inward - jobs_now
        if outward < 0:
            raise ValueError(f"demo calibration gives negative out-commuting for {region} {year}")
        out[year] = (living, inward, outward, jobs_now)
    return out

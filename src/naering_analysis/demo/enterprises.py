"""Synthetic newly established enterprises (table 08316) for the demo snapshot.

SYNTETISKE DEMODATA. SSB counts roughly 60 000–70 000 new enterprises a year in Norway, some
11–13 per 1 000 inhabitants (ssb.no, «Foretak per 1. januar, nyetablerte og nedlagte foretak,
etter fylke»: 57 866 in 2015, Østfold 3 010, about 10 per 1 000). The model:

* a national rate per 1 000 inhabitants by year (:data:`NATIONAL_RATE`, invented but in that
  range, with the 2020–2021 rise);
* a seeded level for each municipality around it (:data:`LEVEL_SD`; Sarpsborg fixed a little
  below the country's, :data:`LEVELS`) and a seeded tilt of its industry mix;
* Norway's industry mix of new enterprises (:data:`SHARES`, invented but shaped like SSB's
  tables: building, real estate and technical services, retail and personal services first);
* a deterministic Poisson-like draw: the expected count plus ``sqrt(expected)`` times a
  SplitMix64 normal, rounded and never below zero.

Østfold is the sum of its twelve municipalities, Norway of all 357, so every total adds up.
The rates are per inhabitant on 1 January of the same year (:mod:`.people`, :mod:`.national`).
"""

from __future__ import annotations

import math
from functools import cache

from naering_analysis.demo import calibration as cal
from naering_analysis.demo.arith import round_half_up
from naering_analysis.demo.national import national_population, summed_members
from naering_analysis.demo.noise import SplitMix64, seed_for
from naering_analysis.demo.people import population

SEED = "naering-demo-enterprises-1"
YEARS = tuple(range(2016, 2025))  # 08316: the years of the demo, from(2016) to 2024
NATIONAL_RATE = {  # new enterprises per 1 000 inhabitants (invented, in SSB's range)
    2016: 11.6, 2017: 11.4, 2018: 11.8, 2019: 12.3, 2020: 12.8, 2021: 13.6, 2022: 12.6,
    2023: 11.9, 2024: 11.6,
}  # fmt: skip
SHARES = {  # Norway's industry mix of new enterprises (invented, shaped like SSB's tables)
    "01-03": 0.030, "05-09": 0.003, "10-33": 0.030, "35-39": 0.004, "41-43": 0.140,
    "45-47": 0.120, "49-53": 0.040, "55-56": 0.030, "58-63": 0.060, "64-66": 0.020,
    "68-75": 0.219, "77-82": 0.060, "84": 0.001, "85": 0.040, "86-88": 0.070,
    "90-99": 0.113, "00": 0.020,
}  # fmt: skip
LEVELS = {cal.SARPSBORG: 0.86}  # a municipality's rate relative to Norway's, fixed by hand
LEVEL_SD = 0.18  # spread of the drawn levels around 1
MIX_SD = 0.25  # spread of a municipality's industry tilt around 1


def _bounded(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _rng(code: str, what: str) -> SplitMix64:
    return SplitMix64(seed_for(SEED, code, what))


def _population(code: str, year: int) -> int:
    if code in cal.MUNICIPALITIES:
        return population(code)[year]
    return national_population()[code][year]


@cache
def _profile(code: str) -> tuple[float, dict[str, float]]:
    """Return a municipality's level (x Norway's rate) and its industry tilt."""
    rng = _rng(code, "profile")
    level = LEVELS.get(code, _bounded(1.0 + LEVEL_SD * rng.normal(), 0.45, 1.8))
    tilt = {g: _bounded(1.0 + MIX_SD * rng.normal(), 0.3, 2.0) for g in cal.GROUPS}
    weight = sum(SHARES[g] * tilt[g] for g in cal.GROUPS)
    return level, {g: SHARES[g] * tilt[g] / weight for g in cal.GROUPS}


@cache
def municipal(code: str) -> dict[int, dict[str, int]]:
    """Return new enterprises by year and group for one municipality, 2016-2024."""
    level, mix = _profile(code)
    rng = _rng(code, "draws")
    out: dict[int, dict[str, int]] = {}
    for year in YEARS:
        expected = NATIONAL_RATE[year] * level * _population(code, year) / 1000.0
        row = {}
        for group in cal.GROUPS:
            mean = expected * mix[group]
            row[group] = round_half_up(max(0.0, mean + math.sqrt(mean) * rng.normal()))
        out[year] = row
    return out


@cache
def new_enterprises(region: str) -> dict[int, dict[str, int]]:
    """Return new enterprises by year and group for a municipality, ``"31"`` or ``"0"``."""
    members = summed_members(region, "new enterprises")
    if members is None:
        return municipal(region)
    parts = [municipal(code) for code in members]
    return {y: {g: sum(p[y][g] for p in parts) for g in cal.GROUPS} for y in YEARS}

"""Synthetic opened bankruptcies by month (table 08551) for the demo snapshot.

SYNTETISKE DEMODATA. SSB counted 5 013 opened bankruptcies in Norway in 2019 (the quarters
1 333, 1 294, 1 116 and 1 270 on ssb.no, «Opna konkursar», published 4 February 2020) and
4 333 from 2nd quarter 2023 to 1st quarter 2024 (1 068, 946, 1 186 and 1 133), some 0,8–0,95
per 1 000 inhabitants. The model:

* a national rate per 1 000 inhabitants by year (:data:`NATIONAL_RATE`, invented but in that
  range, with the dip of 2020–2021);
* a seeded level for each municipality around it (:data:`LEVEL_SD`; Sarpsborg fixed a little
  above the country's, :data:`LEVELS`);
* a seasonal profile over the months (:data:`MONTH_WEIGHTS`, invented: fewer in July and
  December, when the courts open fewer);
* a Poisson draw per month (Knuth's product of uniforms from a SplitMix64 stream).

The demo answers the municipalities of Østfold, the county and the country (no national panel):
Østfold is the sum of its twelve municipalities, Norway of all 357, so every total adds up. The
rates are per inhabitant on 1 January of the year (:mod:`.people`, :mod:`.national`).
"""

from __future__ import annotations

import math
from functools import cache

from naering_analysis.demo import calibration as cal
from naering_analysis.demo.national import national_population, summed_members
from naering_analysis.demo.noise import SplitMix64, seed_for
from naering_analysis.demo.people import population

SEED = "naering-demo-bankruptcies-1"
YEARS = tuple(range(2016, 2025))  # the years of the demo's months, 2016M01 to 2024M12
PERIODS = tuple(f"{year}M{month:02d}" for year in YEARS for month in range(1, 13))
NATIONAL_RATE = {  # opened bankruptcies per 1 000 inhabitants (invented, in SSB's range)
    2016: 0.88, 2017: 0.83, 2018: 0.92, 2019: 0.94, 2020: 0.72, 2021: 0.66, 2022: 0.74,
    2023: 0.84, 2024: 0.90,
}  # fmt: skip
MONTH_WEIGHTS = (1.05, 1.05, 1.10, 1.00, 1.05, 1.05, 0.65, 0.95, 1.10, 1.10, 1.05, 0.85)
LEVELS = {cal.SARPSBORG: 1.12}  # a municipality's rate relative to Norway's, fixed by hand
LEVEL_SD = 0.25  # spread of the drawn levels around 1


def _population(code: str, year: int) -> int:
    if code in cal.MUNICIPALITIES:
        return population(code)[year]
    return national_population()[code][year]


def poisson(mean: float, rng: SplitMix64) -> int:
    """Return a Poisson draw with ``mean`` (Knuth: multiply uniforms until below ``e^-mean``).

    >>> poisson(0.0, SplitMix64(1))
    0
    """
    limit, product, count = math.exp(-mean), rng.uniform(), 0
    while product > limit:
        count += 1
        product *= rng.uniform()
    return count


@cache
def municipal(code: str) -> dict[str, int]:
    """Return opened bankruptcies by month (``2024M01`` …) for one municipality."""
    rng = SplitMix64(seed_for(SEED, code, "level"))
    level = LEVELS.get(code, min(max(1.0 + LEVEL_SD * rng.normal(), 0.3), 2.0))
    draws = SplitMix64(seed_for(SEED, code, "draws"))
    total_weight = sum(MONTH_WEIGHTS)
    out: dict[str, int] = {}
    for year in YEARS:
        expected = NATIONAL_RATE[year] * level * _population(code, year) / 1000.0
        for month, weight in enumerate(MONTH_WEIGHTS, start=1):
            out[f"{year}M{month:02d}"] = poisson(expected * weight / total_weight, draws)
    return out


@cache
def bankruptcies(region: str) -> dict[str, int]:
    """Return opened bankruptcies by month for a municipality, ``"31"`` or ``"0"``."""
    members = summed_members(region, "bankruptcies")
    if members is None:
        return municipal(region)
    parts = [municipal(code) for code in members]
    return {period: sum(p[period] for p in parts) for period in PERIODS}

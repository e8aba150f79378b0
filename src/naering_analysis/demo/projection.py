"""Synthetic population projection 15–74 (table 14746) for the demo snapshot.

The projection starts where the demo's observations end: its 1 January 2026 population aged 15–74
is the demo's 11618 population 15–74 in the 4th quarter of 2025 (the same 1 January 2026 people,
from 07459 times the region's share aged 15–74), in all three alternatives. From there each
alternative grows at a steady yearly rate: the region's population growth less an ageing drag in
the main alternative (MMMM), lower in low national growth (LLML) and higher in high national
growth (HHMH). Each region-year total is split over the single years 15–74 with a smooth
deterministic age profile, so the ages sum exactly to it.

>>> sum(projected_ages("3105", "Personer", 2026)) == base_15_74("3105")
True
>>> projected_total("3105", "Personer1", 2030) < projected_total("3105", "Personer", 2030)
True
"""

from __future__ import annotations

from functools import cache

from naering_analysis.demo import calibration as cal
from naering_analysis.demo.arith import allocate, growth, power, round_half_up
from naering_analysis.demo.national import (
    national_population,
    others,
    population_growth,
    working_age_share,
)
from naering_analysis.demo.people import population

YEARS = tuple(range(2026, 2051))
"""The projection's years (1 January), as 14746 holds them."""
AGES = tuple(range(15, 75))
AGEING_DRAG_PCT = 0.35
"""How much slower the population 15–74 grows than the whole population, in percentage points."""
ALTERNATIVE_SHIFT_PCT = {"Personer": 0.0, "Personer1": -0.3, "Personer2": 0.35}
"""Yearly growth of each alternative (MMMM, LLML, HHMH) relative to the main one, in points."""


def _population_of(region: str) -> dict[int, int]:
    return national_population()[region] if region in frozenset(others()) else population(region)


def _growth_pct(region: str) -> float:
    if region == cal.SARPSBORG:
        rate = cal.SARPSBORG_POPULATION_GROWTH_2026
    elif region == cal.COUNTRY:
        rate = cal.NORWAY_POPULATION_GROWTH[2026]
    elif region in cal.POPULATION_GROWTH:
        rate = cal.POPULATION_GROWTH[region]
    else:  # a municipality of the national panel grows as its observed population does
        rate = population_growth(region)
    return rate - AGEING_DRAG_PCT


def base_15_74(region: str) -> int:
    """Return the population 15–74 on 1 January 2026 (the demo's 11618 value for 2025)."""
    return round_half_up(_population_of(region)[2026] * working_age_share(region))


def projected_total(region: str, alternative: str, year: int) -> int:
    """Return the projected population 15–74 of ``region`` on 1 January ``year``."""
    rate = _growth_pct(region) + ALTERNATIVE_SHIFT_PCT[alternative]
    return round_half_up(base_15_74(region) * power(growth(rate), year - YEARS[0]))


def _age_weight(age: int) -> float:
    """Return the weight of one age: fewer people at the ends of 15–74 than in the middle."""
    return 1.0 - 0.25 * ((age - 45) / 30.0) ** 2


@cache
def projected_ages(region: str, alternative: str, year: int) -> tuple[int, ...]:
    """Return the projected population by single year of age 15–74 (summing to the total)."""
    total = projected_total(region, alternative, year)
    return tuple(allocate(total, [_age_weight(age) for age in AGES]))

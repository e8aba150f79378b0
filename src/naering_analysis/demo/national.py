"""The synthetic national panel: every municipality outside Østfold, for the peer comparison.

SYNTETISKE DEMODATA. ``naering fetch --alle-kommuner`` asks every table marked ``national_panel``
in the catalogue (13470, 13472, 07984, 07459, 11616, 11618, 14746, 01223, 08316, 08551) for all
357 municipalities; the demo answers in the same shape. The twelve Østfold municipalities
keep their calibrated series (:mod:`naering_analysis.demo.jobs`, :mod:`naering_analysis.demo.people`);
the other 345 share out what is left of Norway once Østfold is taken away:

* **jobs** by group and year: Norway's count minus Østfold's, split with largest remainders over
  the municipalities by size × Norway's group share × a seeded location quotient × a seeded
  growth path of the municipality and of each of its groups × a small transitory wobble. Every
  group and year therefore sums exactly to Norway's published figures;
* **population** (1 January): Norway's minus Østfold's, split by a 2024 size and a seeded growth;
* **employed residents and commuting** (11616, 11618): residents the population 15–74 times a
  seeded employment rate, in-commuters a seeded share of the jobs, and out-commuters closing
  jobs = residents + in − out;
* **the long series** (07984, 2008-2025): the jobs above from 2015, and before the break
  Norway's old-source count less Østfold's split by each municipality's 2015 structure; employed
  residents as in 11616, by group the municipality's job mix blended with Norway's.

The population projection (14746) and the bankruptcies (08551) of these municipalities grow
from their population here (:func:`population_growth`, :func:`national_population`).

Sizes: the largest cities have a plausible 2024 population set by hand (:data:`LARGE`); the rest
are drawn and then scaled to fill Norway's population. Every draw is SplitMix64 seeded from the
municipality code (:mod:`naering_analysis.demo.noise`), so the bytes are the same on every machine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from naering_analysis.demo import calibration as cal
from naering_analysis.demo.arith import allocate, growth, power, round_half_up
from naering_analysis.demo.jobs import YearGroups, jobs, long_jobs, total
from naering_analysis.demo.noise import SplitMix64, seed_for
from naering_analysis.demo.people import population, resident_groups
from naering_analysis.reference.division import current_division

SEED = "naering-demo-national-1"
BASE_YEAR = 2020  # the seeded growth paths are pinned here
LARGE: dict[str, tuple[int, float]] = {  # code: (population 2024, jobs per inhabitant)
    "0301": (717_000, 0.74), "4601": (291_000, 0.60), "5001": (216_000, 0.62),
    "1103": (149_000, 0.68), "3201": (130_000, 0.50), "4204": (116_000, 0.55),
    "3301": (104_000, 0.55), "3203": (98_000, 0.44), "3205": (92_000, 0.45),
    "1108": (83_000, 0.46), "5501": (78_000, 0.58), "3907": (65_000, 0.48),
    "3207": (63_000, 0.38), "1508": (58_000, 0.56), "3905": (58_000, 0.55),
    "4003": (56_000, 0.50), "1804": (53_000, 0.60), "3909": (48_000, 0.44),
    "3222": (48_000, 0.55), "4203": (46_000, 0.50), "1149": (43_000, 0.42),
    "3209": (42_000, 0.62), "4626": (39_000, 0.40), "1106": (38_000, 0.58),
    "4001": (37_000, 0.50), "3411": (35_000, 0.45), "1506": (32_500, 0.58),
    "3403": (32_000, 0.60), "3407": (31_000, 0.55), "3305": (31_000, 0.45),
}  # fmt: skip
SMALL_MEDIAN = 4_800  # population of a typical municipality outside the large ones
SMALL_SPREAD = 0.75  # spread of the drawn sizes (a multiplier around 1 per normal step)
JOBS_PER_PERSON = 0.45  # jobs per inhabitant for a drawn municipality, before its own draw
LQ_SPREAD = 0.35  # location quotients: 1 + spread x normal, kept within [0.1, 3]
GROWTH_SD = 0.9  # a municipality's own job growth beyond Norway's, % a year
GROUP_GROWTH_SD = 1.2  # each group's own drift beyond that, % a year
WOBBLE_SD = 0.02  # transitory year-to-year wobble of a group's weight (fraction)
POPULATION_GROWTH = (0.5, 0.6)  # % a year: mean and sd of a municipality's population growth
EMPLOYMENT_RATE = (0.685, 0.035)  # employed residents / population 15-74: mean and sd
IN_SHARE = (0.28, 0.08)  # in-commuters as a share of jobs: mean and sd


def others() -> tuple[str, ...]:
    """Return every current municipality outside the calibrated Østfold twelve."""
    calibrated = set(cal.MUNICIPALITIES)
    return tuple(code for code in current_division().codes if code not in calibrated)


def summed_members(region: str, what: str) -> tuple[str, ...] | None:
    """Return the municipalities a demo sums for ``region``, or None for a municipality itself.

    The county (``"31"``) is the calibrated twelve, the country (``"0"``) every current
    municipality; any other code must be a current municipality (KeyError naming ``what``).
    """
    if region == cal.COUNTY:
        return cal.MUNICIPALITIES
    if region == cal.COUNTRY:
        return (*cal.MUNICIPALITIES, *others())
    if region not in current_division().codes:
        raise KeyError(f"the demo has no {what} for region {region}")
    return None


def _draws(code: str, what: str) -> SplitMix64:
    return SplitMix64(seed_for(SEED, code, what))


def _bounded(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


@cache
def _sizes() -> dict[str, tuple[float, float]]:
    """Return (population 2024, jobs per inhabitant) for every other municipality.

    The drawn sizes are scaled together so that, with the large cities, they fill Norway's 2024
    population outside Østfold.
    """
    drawn: dict[str, tuple[float, float]] = {}
    for code in others():
        if code in LARGE:
            continue
        rng = _draws(code, "size")
        size = float(SMALL_MEDIAN)  # the median, moved by two bounded draws
        size *= _bounded(1.0 + SMALL_SPREAD * rng.normal(), 0.08, 4.0)
        size *= _bounded(1.0 + 0.5 * SMALL_SPREAD * rng.normal(), 0.3, 2.5)
        ratio = JOBS_PER_PERSON * _bounded(1.0 + 0.2 * rng.normal(), 0.55, 1.6)
        drawn[code] = (max(size, 200.0), ratio)
    ostfold = sum(population(code)[2024] for code in cal.MUNICIPALITIES)
    room = population(cal.COUNTRY)[2024] - ostfold - sum(p for p, _ in LARGE.values())
    scale = room / sum(size for size, _ in drawn.values())
    out = {code: (float(p), ratio) for code, (p, ratio) in LARGE.items()}
    out.update({code: (size * scale, ratio) for code, (size, ratio) in drawn.items()})
    return {code: out[code] for code in others()}


@cache
def _profile(code: str) -> tuple[float, dict[str, float], dict[str, float]]:
    """Return a municipality's own growth (%/yr), location quotients and group drifts."""
    rng = _draws(code, "profile")
    own = GROWTH_SD * rng.normal()
    quotient = {g: _bounded(1.0 + LQ_SPREAD * rng.normal(), 0.1, 3.0) for g in cal.GROUPS}
    drift = {g: GROUP_GROWTH_SD * rng.normal() for g in cal.GROUPS}
    return own, quotient, drift


@cache
def _wobbles(code: str) -> dict[str, dict[int, float]]:
    rng = _draws(code, "wobble")
    return {
        g: {year: _bounded(1.0 + WOBBLE_SD * rng.normal(), 0.8, 1.2) for year in cal.JOB_YEARS}
        for g in cal.GROUPS
    }


def _weight(code: str, group: str, year: int, share: float) -> float:
    population, ratio = _sizes()[code]
    own, quotient, drift = _profile(code)
    trend = power(growth(own), year - BASE_YEAR) * power(growth(drift[group]), year - BASE_YEAR)
    return population * ratio * share * quotient[group] * trend * _wobbles(code)[group][year]


@cache
def national_jobs() -> dict[str, dict[int, dict[str, int]]]:
    """Return jobs by municipality, year and group for every other municipality, 2015-2025.

    ``rest = Norway − Østfold`` per group and year, split over the municipalities.
    """
    norway = jobs(cal.COUNTRY)
    totals = {year: float(sum(norway[year].values())) for year in cal.JOB_YEARS}

    def weight(code: str, group: str, year: int) -> float:
        return _weight(code, group, year, norway[year][group] / totals[year])

    return _rest_of_norway(norway, jobs(cal.COUNTY), cal.JOB_YEARS, weight)


def _rest_of_norway(
    norway: YearGroups,
    ostfold: YearGroups,
    years: Iterable[int],
    weight: Callable[[str, str, int], float],
) -> dict[str, YearGroups]:
    """Split Norway's jobs less Østfold's, per group and year, over the other municipalities.

    ``weight(code, group, year)`` is a municipality's weight (largest remainders, so every group
    and year sums exactly to the rest).
    """
    codes = others()
    out: dict[str, YearGroups] = {code: {} for code in codes}
    for year in years:
        for code in codes:
            out[code][year] = {}
        for group in cal.GROUPS:
            rest = norway[year][group] - ostfold[year][group]
            if rest < 0:
                raise ValueError(f"Østfold has more jobs than Norway in {group} {year}")
            parts = allocate(rest, [weight(code, group, year) for code in codes])
            for code, count in zip(codes, parts, strict=True):
                out[code][year][group] = count
    return out


@cache
def population_growth(code: str) -> float:
    """Return the seeded population growth of another municipality, % a year.

    The population series (:func:`national_population`) and the projection (14746,
    :mod:`naering_analysis.demo.projection`) both grow at it.
    """
    mean, sd = POPULATION_GROWTH
    return (1.0 if code == "0301" else mean) + sd * _draws(code, "population").normal()


@cache
def national_population() -> dict[str, dict[int, int]]:
    """Return the population on 1 January 2008-2026 for every other municipality."""
    codes = others()
    out: dict[str, dict[int, int]] = {code: {} for code in codes}
    for year in cal.POPULATION_YEARS:
        ostfold = sum(population(code)[year] for code in cal.MUNICIPALITIES)
        rest = population(cal.COUNTRY)[year] - ostfold
        weights = [
            _sizes()[code][0] * power(growth(population_growth(code)), year - 2024)
            for code in codes
        ]
        for code, count in zip(codes, allocate(rest, weights), strict=True):
            out[code][year] = count
    return out


@cache
def national_commuting(code: str) -> dict[int, tuple[int, int, int, int]]:
    """Return (residents, in-commuters, out-commuters, jobs) for 2015-2025 (11616).

    Employed residents are the population 15-74 (4th quarter: about the next 1 January) times a
    seeded employment rate; in-commuters a seeded share of the jobs, at least enough that
    out-commuting is not negative; out-commuters close jobs = residents + in - out.
    """
    rng = _draws(code, "commuting")
    mean, sd = EMPLOYMENT_RATE
    rate = _bounded(mean + sd * rng.normal(), 0.58, 0.78)
    mean, sd = IN_SHARE
    in_share = _bounded(mean + sd * rng.normal(), 0.06, 0.6)
    share = working_age_share(code)
    out: dict[int, tuple[int, int, int, int]] = {}
    for year in cal.JOB_YEARS:
        jobs_now = sum(national_jobs()[code][year].values())
        living = round_half_up(national_population()[code][year + 1] * share * rate)
        least = jobs_now - living + round_half_up(0.1 * min(jobs_now, living))
        inward = max(round_half_up(jobs_now * in_share), least)
        out[year] = (living, inward, living + inward - jobs_now, jobs_now)
    return out


@cache
def national_long_jobs() -> dict[str, YearGroups]:
    """Return jobs by workplace as 07984 shows them, 2008-2025, for every other municipality.

    From 2015 they are :func:`national_jobs` (so 07984 equals 13470 there). Before the break,
    each group's old-source count for Norway less Østfold's (:func:`~.jobs.long_jobs`) is split
    over the municipalities in proportion to their 2015 jobs in the group, so the country is
    the sum of its municipalities in every year and group.
    """
    new = national_jobs()

    def weight(code: str, group: str, _year: int) -> float:
        return float(new[code][cal.BREAK_YEAR][group])

    before = [year for year in cal.LONG_YEARS if year < cal.BREAK_YEAR]
    old = _rest_of_norway(long_jobs(cal.COUNTRY), long_jobs(cal.COUNTY), before, weight)
    return {code: {**old[code], **new[code]} for code in others()}


@cache
def national_residents(code: str) -> YearGroups:
    """Return employed residents by year and group, 2008-2025 (07984 ``Sysselsatte``).

    From 2015 the total is the residents of :func:`national_commuting` (11616 and 11618), so
    the tables agree; before the break it is the jobs of the year times the 2015 ratio of
    residents to jobs. The groups blend the municipality's own job mix with Norway's, as
    Østfold's municipalities blend theirs with the county's (:func:`~.people.resident_groups`).
    """
    own = national_long_jobs()[code]
    norway = long_jobs(cal.COUNTRY)
    living = {year: row[0] for year, row in national_commuting(code).items()}
    ratio = living[cal.BREAK_YEAR] / total(own[cal.BREAK_YEAR])
    out: YearGroups = {}
    for year in cal.LONG_YEARS:
        count = living[year] if year in living else round_half_up(total(own[year]) * ratio)
        out[year] = resident_groups(count, own[year], norway[year])
    return out


WORKING_AGE_SHARE = {cal.COUNTRY: 0.705, cal.COUNTY: 0.700, cal.SARPSBORG: 0.695}
"""Share of the population aged 15-74 (11618); others are drawn around 0.70."""


def working_age_share(code: str) -> float:
    """Return the share of ``code``'s population that is 15-74 years old."""
    if code in WORKING_AGE_SHARE:
        return WORKING_AGE_SHARE[code]
    return _bounded(0.70 + 0.015 * _draws(code, "age").normal(), 0.64, 0.76)

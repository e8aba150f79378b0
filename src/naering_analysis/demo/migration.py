"""Synthetic population changes (table 01223, 4th quarter = the whole year) for the demo snapshot.

SYNTETISKE DEMODATA. For every region and calendar year ``t`` (period ``tK4``) the components
close the demo's 07459 population exactly::

    P(t+1) − P(t) = births − deaths + (immigration − emigration) + (domestic in − domestic out)

* **Norway**: births and deaths near SSB's published national figures (:data:`BIRTHS`,
  :data:`DEATHS`, rounded); net international migration is what the population change leaves
  after the births surplus; no domestic moves (they cancel within the country).
* **the 357 municipalities** share Norway's births, deaths and net immigration with largest
  remainders, by population × a seeded rate; net domestic migration closes each municipality's own
  change. Since the municipalities' populations sum to Norway's (:mod:`.national`), their net
  domestic migration sums to zero every year, as it must.
* **Østfold** (its own population series): rates as Norway's, net domestic migration closes it.

Gross flows (emigration, domestic out-migration) are the population times a seeded rate; the
inflows add the net. Every draw is SplitMix64 seeded from the region code (:mod:`.noise`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from naering_analysis.demo import calibration as cal
from naering_analysis.demo.arith import allocate, round_half_up
from naering_analysis.demo.national import national_population
from naering_analysis.demo.noise import SplitMix64, seed_for
from naering_analysis.demo.people import population
from naering_analysis.demo.responses import Cell
from naering_analysis.reference.division import current_division

SEED = "naering-demo-migration-1"
YEARS = cal.JOB_YEARS  # calendar years 2015-2025: 1 January of the next year is in 07459
PERIODS = tuple(f"{year}K4" for year in YEARS)
BIRTHS = {2015: 59_060, 2016: 58_890, 2017: 56_630, 2018: 55_120, 2019: 54_500, 2020: 52_980,
          2021: 56_060, 2022: 51_480, 2023: 51_980, 2024: 54_010, 2025: 53_500}  # fmt: skip
DEATHS = {2015: 40_730, 2016: 40_730, 2017: 40_770, 2018: 40_840, 2019: 40_680, 2020: 40_610,
          2021: 42_000, 2022: 45_770, 2023: 44_430, 2024: 44_700, 2025: 45_200}  # fmt: skip
EMIGRATION_RATE = 6.5  # per 1 000 inhabitants a year, before a municipality's draw
DOMESTIC_OUT_RATE = 42.0  # per 1 000 a year (municipalities); a county counts only its borders
COUNTY_OUT_RATE = 18.0
CONTENTS = ("Folketallet1", "Fodte2", "Dode3", "Innvandring5", "Utvandring6", "Tilflytting7",
            "Fraflytting8", "Folketilvekst10")  # fmt: skip

Row = dict[str, int]


def _draw(code: str, what: str, sd: float, low: float, high: float) -> float:
    value = 1.0 + sd * SplitMix64(seed_for(SEED, code, what)).normal()
    return min(max(value, low), high)


def _population(code: str) -> dict[int, int]:
    if code in cal.MUNICIPALITIES or code in (cal.COUNTY, cal.COUNTRY):
        return population(code)
    return national_population()[code]


def _row(code: str, year: int, births: int, deaths: int, net_international: int) -> Row:
    """Close one region-year: net domestic migration is what the change leaves."""
    people = _population(code)
    start, change = people[year], people[year + 1] - people[year]
    net_domestic = change - births + deaths - net_international
    emigration = round_half_up(
        start * EMIGRATION_RATE / 1000 * _draw(code, "emigration", 0.3, 0.3, 2)
    )
    rate = COUNTY_OUT_RATE if code == cal.COUNTY else DOMESTIC_OUT_RATE
    out = round_half_up(start * rate / 1000 * _draw(code, "domestic", 0.25, 0.4, 2))
    out = max(out, -net_domestic)
    return {
        "Folketallet1": start,
        "Fodte2": births,
        "Dode3": deaths,
        "Innvandring5": emigration + net_international,
        "Utvandring6": emigration,
        "Tilflytting7": out + net_domestic,
        "Fraflytting8": out,
        "Folketilvekst10": change,
    }


def _net_international(year: int) -> int:
    people = population(cal.COUNTRY)
    net = people[year + 1] - people[year] - BIRTHS[year] + DEATHS[year]
    if net < 0:
        raise ValueError(f"demo: Norway's population change in {year} is below its births surplus")
    return net


@cache
def _municipalities() -> dict[str, dict[int, Row]]:
    codes = current_division().codes
    out: dict[str, dict[int, Row]] = {code: {} for code in codes}
    births_w = {c: _draw(c, "births", 0.12, 0.6, 1.5) for c in codes}
    deaths_w = {c: _draw(c, "deaths", 0.2, 0.5, 1.8) for c in codes}
    abroad_w = {c: _draw(c, "immigration", 0.4, 0.2, 2.5) for c in codes}
    for year in YEARS:
        start = {c: float(_population(c)[year]) for c in codes}
        births = allocate(BIRTHS[year], [start[c] * births_w[c] for c in codes])
        deaths = allocate(DEATHS[year], [start[c] * deaths_w[c] for c in codes])
        net = allocate(_net_international(year), [start[c] * abroad_w[c] for c in codes])
        for i, code in enumerate(codes):
            out[code][year] = _row(code, year, births[i], deaths[i], net[i])
    return out


@cache
def migration(region: str) -> dict[int, Row]:
    """Return 01223's eight statistics by year for a municipality, ``"31"`` or ``"0"``."""
    if region == cal.COUNTRY:
        rows = _municipalities()
        out = {}
        for year in YEARS:
            row = _row(region, year, BIRTHS[year], DEATHS[year], _net_international(year))
            row["Innvandring5"] = sum(rows[c][year]["Innvandring5"] for c in rows)
            row["Utvandring6"] = sum(rows[c][year]["Utvandring6"] for c in rows)
            row["Tilflytting7"] = row["Fraflytting8"] = 0
            out[year] = row
        return out
    if region == cal.COUNTY:
        norway = population(cal.COUNTRY)
        people = population(region)
        out = {}
        for year in YEARS:
            share = people[year] / norway[year]
            out[year] = _row(
                region,
                year,
                round_half_up(BIRTHS[year] * share * 0.97),
                round_half_up(DEATHS[year] * share * 1.08),
                round_half_up(_net_international(year) * share * 0.9),
            )
        return out
    return _municipalities()[region]


def check_identity(region: str) -> None:
    """Raise when a region-year's components do not add up to its population change."""
    for year, row in migration(region).items():
        parts = (
            row["Fodte2"] - row["Dode3"] + row["Innvandring5"] - row["Utvandring6"]
            + row["Tilflytting7"] - row["Fraflytting8"]
        )  # fmt: skip
        counts = [v for k, v in row.items() if k != "Folketilvekst10"]
        if parts != row["Folketilvekst10"] or min(counts) < 0:
            raise ValueError(f"demo migration for {region} {year} does not add up: {row}")


def cell(c: Mapping[str, str]) -> Cell:
    """Return one 01223 cell: ``Region`` ``K-3105``/``F-31``/``0``, ``Tid`` ``2023K4``."""
    region = re.sub(r"^[KF][-.]", "", c["Region"])
    year = int(c["Tid"].removesuffix("K4"))
    return migration(region)[year][c["ContentsCode"]], None

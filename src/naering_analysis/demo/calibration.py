"""Figures the synthetic demo snapshot is calibrated to, and the assumptions that fill the rest.

Two kinds of numbers live here, kept apart on purpose:

* ``PUBLISHED_*``: public figures (DOMAIN.md, SSB's statbank) that the demo reproduces exactly
  or within a stated tolerance; ``tests/demo/test_demo_snapshot.py`` checks each one.
* everything else: invented but plausible parameters (growth paths, location quotients, public
  shares). They shape the demo and carry no authority.

Rates are in per cent per year unless the name says otherwise. All codes are 2024 codes.
"""

from __future__ import annotations

GROUPS = ("01-03", "05-09", "10-33", "35-39", "41-43", "45-47", "49-53", "55-56", "58-63",
          "64-66", "68-75", "77-82", "84", "85", "86-88", "90-99", "00")  # fmt: skip
SARPSBORG = "3105"
NEIGHBOURS = ("3107", "3101", "3110", "3120")  # Fredrikstad, Halden, Hvaler, Rakkestad
MOSS = "3103"
REST_OF_OSTFOLD = ("3112", "3114", "3116", "3118", "3122", "3124")
# Råde, Våler, Skiptvet, Indre Østfold, Marker, Aremark: 13470 and 13472 ask for every municipality
# of the county, so the projections are judged on a dozen series per industry (issue 10).
MUNICIPALITIES = (SARPSBORG, *NEIGHBOURS, MOSS, *REST_OF_OSTFOLD)  # all of Østfold since 2024
COUNTY = "31"  # the sum of MUNICIPALITIES
COUNTRY = "0"
JOB_YEARS = tuple(range(2015, 2026))  # 13470, 13472, 11616 (a-ordningen era)
LONG_YEARS = tuple(range(2008, 2026))  # 07984; 2008-2014 before the break
POPULATION_YEARS = tuple(range(2008, 2027))  # 07459, 1 January
BREAK_YEAR = 2015  # first year from a-ordningen
UPDATED = {
    "13470": "2026-02-20T07:00:00Z",
    "13472": "2026-02-20T07:00:00Z",
    "07984": "2026-02-20T07:00:00Z",
    "11616": "2026-02-20T07:00:00Z",
    "11618": "2026-02-20T07:00:00Z",
    "07459": "2026-02-25T07:00:00Z",
    "14746": "2026-06-18T06:00:00Z",
    "01223": "2026-02-25T07:00:00Z",
    "08316": "2025-12-12T07:00:00Z",
    "08551": "2026-11-24T07:00:00Z",
    "03321": "2026-02-20T07:00:00Z",
}

# --- Published figures (reproduced; see the module docstring) --------------------------------
PUBLISHED_NORWAY_JOBS = {  # 13470, Norway, jobs by workplace per group; "00" 2022 is the residual
    2021: dict(zip(GROUPS, (63624, 59598, 209735, 33596, 237583, 351287, 129652, 95260, 108283,
                            48304, 181054, 134945, 174666, 229275, 573004, 113263, 19048),
                   strict=True)),
    2022: dict(zip(GROUPS, (64532, 61310, 213650, 34927, 241944, 354144, 132428, 102754, 115611,
                            50127, 189516, 135943, 174971, 231961, 578215, 116898, 19243),
                   strict=True)),
}  # fmt: skip
PUBLISHED_NORWAY_TOTAL = {2021: 2762177, 2022: 2818174}
PUBLISHED_NORWAY_CHANGE = {  # 13472 ALLE, Norway, % change from the year before (±0.05 pp)
    2016: 0.6, 2017: 1.3, 2018: 1.4, 2019: 1.0, 2020: -1.1, 2021: 3.0, 2022: 2.0, 2023: 1.0,
}  # fmt: skip
PUBLISHED_COMMUTING_2023 = {  # 11616, 4th quarter 2023, age 15-74: (residents, in, out, jobs)
    "3105": (27654, 13054, 11309, 29399),
    "3107": (40063, 10572, 15625, 35010),
    "3101": (14262, 3054, 4193, 13123),
    "3110": (2181, 451, 1317, 1315),
    "3103": (24988, 8125, 11332, 21781),
}
PUBLISHED_SARPSBORG_CAGR_2017_2022 = 1.0  # per cent a year, ±0.05 pp
PUBLISHED_SARPSBORG_POPULATION = {2017: 55127, 2022: 58182, 2023: 59038, 2024: 59771, 2025: 60139}

# --- Assumptions: Norway ----------------------------------------------------------------------
NORWAY_CHANGE_AFTER = {2024: 0.7, 2025: 0.4}
NORWAY_CHANGE_BEFORE_BREAK = {2009: -0.6, 2010: 0.3, 2011: 1.3, 2012: 2.0, 2013: 1.2, 2014: 0.8}
NORWAY_TRUE_CHANGE_2015 = 0.3  # underlying growth 2014-2015; the break adds BREAK_LEVEL_SHIFT
BREAK_LEVEL_SHIFT = 3.5  # a-ordningen counts this many per cent more jobs than the old source
BREAK_GROUP_SHIFT = {"00": -45.0, "86-88": 2.0, "77-82": 3.0}  # extra shift (pp) per group
GROUP_DRIFT = {  # relative to the total, per cent a year
    "01-03": -0.8, "05-09": -1.2, "10-33": -0.9, "35-39": 1.0, "41-43": 0.4, "45-47": -0.9,
    "49-53": -0.5, "55-56": 0.3, "58-63": 2.6, "64-66": -0.6, "68-75": 1.2, "77-82": 0.2,
    "84": 0.2, "85": 0.0, "86-88": 0.5, "90-99": 0.0, "00": 0.0,
}  # fmt: skip
PANDEMIC_GROUP_LEVEL = {"55-56": 8.0, "90-99": 2.0}  # % above the 2021 relation before 2020

# --- Assumptions: regions -----------------------------------------------------------------------
JOBS_2023 = {**{code: row[3] for code, row in PUBLISHED_COMMUTING_2023.items()},
             "3120": 3260, "3112": 2900, "3114": 1900, "3116": 1250, "3118": 18500,
             "3122": 1350, "3124": 450}  # fmt: skip
RESIDENTS_2023 = {**{code: row[0] for code, row in PUBLISHED_COMMUTING_2023.items()},
                  "3120": 3985, "3112": 3800, "3114": 2900, "3116": 1950, "3118": 22400,
                  "3122": 1700, "3124": 650}  # fmt: skip
IN_COMMUTERS_2023 = {**{code: row[1] for code, row in PUBLISHED_COMMUTING_2023.items()},
                     "3120": 845, "3112": 1100, "3114": 800, "3116": 450, "3118": 5200,
                     "3122": 400, "3124": 120}  # fmt: skip
IN_SHARE_TREND = 0.25  # in-commuters' share of jobs rises this many pp a year
COUNTY_IN_SHARE = 7.5  # % of Østfold's jobs held by people living outside Østfold
NORWAY_RESIDENT_RATIO = 0.985  # employed residents per job in Norway (cross-border workers)
RESIDENT_MIX = 0.45  # weight of Østfold's industry mix in a municipality's residents' mix
JOB_GROWTH = {  # % change into each year; 2022 for Sarpsborg is solved from the CAGR
    "3105": {2016: 0.4, 2017: 0.8, 2018: 1.4, 2019: 1.1, 2020: -0.7, 2021: 2.2, 2023: 1.2,
             2024: 0.6, 2025: 0.9},
    "3107": {2016: 0.5, 2017: 1.0, 2018: 1.2, 2019: 0.8, 2020: -1.3, 2021: 2.4, 2022: 1.6,
             2023: 0.8, 2024: 0.5, 2025: 0.3},
    "3101": {2016: -0.2, 2017: 0.6, 2018: 0.9, 2019: 0.4, 2020: -1.5, 2021: 2.0, 2022: 1.2,
             2023: 0.5, 2024: 0.2, 2025: 0.1},
    "3110": {2016: 1.0, 2017: 1.5, 2018: 1.1, 2019: 0.9, 2020: -2.0, 2021: 3.1, 2022: 2.2,
             2023: 0.9, 2024: 0.8, 2025: 0.6},
    "3120": {2016: 0.3, 2017: 0.9, 2018: 1.0, 2019: 0.7, 2020: -0.9, 2021: 1.9, 2022: 1.3,
             2023: 0.6, 2024: 0.4, 2025: 0.5},
    "3103": {2016: 0.8, 2017: 1.2, 2018: 1.5, 2019: 1.0, 2020: -1.0, 2021: 2.6, 2022: 1.9,
             2023: 0.9, 2024: 0.7, 2025: 0.5},
    "3112": {2016: 0.9, 2017: 1.3, 2018: 1.0, 2019: 0.8, 2020: -1.4, 2021: 2.5, 2022: 1.8,
             2023: 0.7, 2024: 0.6, 2025: 0.5},
    "3114": {2016: 0.5, 2017: 1.1, 2018: 0.9, 2019: 0.6, 2020: -1.2, 2021: 2.1, 2022: 1.4,
             2023: 0.6, 2024: 0.4, 2025: 0.3},
    "3116": {2016: -0.3, 2017: 0.4, 2018: 0.6, 2019: 0.2, 2020: -1.6, 2021: 1.7, 2022: 1.0,
             2023: 0.3, 2024: 0.1, 2025: 0.0},
    "3118": {2016: 0.7, 2017: 1.1, 2018: 1.2, 2019: 1.0, 2020: -0.9, 2021: 2.6, 2022: 1.9,
             2023: 0.9, 2024: 0.7, 2025: 0.5},
    "3122": {2016: -0.5, 2017: 0.2, 2018: 0.4, 2019: 0.1, 2020: -1.8, 2021: 1.5, 2022: 0.8,
             2023: 0.2, 2024: -0.1, 2025: -0.2},
    "3124": {2016: -0.8, 2017: 0.0, 2018: 0.3, 2019: -0.2, 2020: -2.0, 2021: 1.2, 2022: 0.5,
             2023: 0.0, 2024: -0.3, 2025: -0.4},
}  # fmt: skip
LOCATION_QUOTIENT = {  # group share relative to Norway's; default 1.0
    "3105": {"01-03": 0.6, "05-09": 0.15, "10-33": 1.9, "35-39": 1.1, "41-43": 1.1,
             "45-47": 1.1, "55-56": 0.8, "58-63": 0.45, "64-66": 0.4, "68-75": 0.6,
             "86-88": 1.15, "90-99": 0.9, "00": 0.8},
    "3107": {"01-03": 0.5, "05-09": 0.2, "10-33": 1.2, "45-47": 1.2, "58-63": 0.7,
             "64-66": 0.6, "68-75": 0.8, "86-88": 1.15, "84": 0.9},
    "3101": {"01-03": 0.9, "05-09": 0.3, "10-33": 1.5, "58-63": 0.5, "64-66": 0.4,
             "68-75": 0.6, "84": 1.3, "86-88": 1.1},
    "3110": {"01-03": 2.5, "05-09": 0.05, "10-33": 0.6, "41-43": 1.8, "55-56": 2.2,
             "58-63": 0.3, "64-66": 0.2, "86-88": 1.0, "85": 1.1},
    "3120": {"01-03": 4.0, "05-09": 0.3, "10-33": 1.6, "41-43": 1.5, "58-63": 0.2,
             "64-66": 0.3, "68-75": 0.5},
    "3103": {"05-09": 0.2, "10-33": 1.2, "45-47": 1.3, "49-53": 1.2, "58-63": 0.8,
             "86-88": 1.0},
    "3112": {"01-03": 2.0, "05-09": 0.3, "10-33": 0.8, "41-43": 1.6, "45-47": 1.2,
             "58-63": 0.3, "64-66": 0.3, "68-75": 0.6},
    "3114": {"01-03": 3.0, "05-09": 0.5, "10-33": 1.2, "41-43": 1.7, "58-63": 0.2,
             "64-66": 0.2, "68-75": 0.5},
    "3116": {"01-03": 4.0, "05-09": 0.5, "10-33": 1.4, "41-43": 1.8, "58-63": 0.2,
             "64-66": 0.2, "68-75": 0.4},
    "3118": {"01-03": 2.2, "05-09": 0.4, "10-33": 1.3, "41-43": 1.3, "45-47": 1.1,
             "58-63": 0.4, "64-66": 0.4, "84": 0.9},
    "3122": {"01-03": 6.0, "05-09": 0.3, "10-33": 1.3, "41-43": 1.4, "58-63": 0.2,
             "64-66": 0.2, "68-75": 0.4, "85": 1.2},
    "3124": {"01-03": 8.0, "05-09": 0.3, "10-33": 0.9, "41-43": 1.5, "58-63": 0.1,
             "64-66": 0.1, "68-75": 0.3, "85": 1.3},
}  # fmt: skip
STRUCTURAL_DRIFT = {  # local drift beyond Norway's, % a year; Sarpsborg's private decline
    "3105": {"01-03": -1.5, "10-33": -3.2, "41-43": -1.8, "45-47": -2.3, "49-53": -1.8,
             "55-56": -1.5, "58-63": -0.5, "64-66": -1.5, "68-75": -1.0, "77-82": -1.8,
             "84": 2.5, "85": 1.5, "86-88": 3.0},
    "3107": {"10-33": -0.8, "86-88": 0.6},
    "3101": {"10-33": -1.0, "84": 0.5},
}  # fmt: skip
# Idiosyncratic shocks on the municipal industry series (naering_analysis.demo.noise): a relative
# random walk, a transitory wobble and at most one level shift per series, each with an sd of
# floor + size / sqrt(jobs) (fractions), so small series move more. Norway gets none.
SHOCK_SEED = "naering-demo-1"  # text seed; each series' stream is sha256(seed, region, group)
SHOCK_ANCHOR_YEAR = 2023  # the random walk is pinned to 1 here (the year totals are calibrated)
SHOCK_WALK = (0.015, 0.6)  # yearly random-walk step: 10 % at 50 jobs, 3.4 % at 1,000, 2.3 % at 6k
SHOCK_BLIP = (0.005, 0.3)  # transitory: 4.7 % at 50 jobs, 1.4 % at 1,000
SHOCK_SHIFT = (0.10, 2.0)  # largest level shift: 38 % at 50 jobs, 16 % at 1,000, 13 % at 6,000
SHOCK_SHIFT_CHANCE = 0.35  # share of series with one level shift (plant opens/closes, reclass.)
PUBLIC_SECTORS = ("A+B+D+E.5-7", "6100", "6500.6", "6500.7")
PUBLIC_SHARE = {  # % of a group's jobs in the public sector, and its split over PUBLIC_SECTORS
    "01-03": (1.0, (0.0, 0.3, 0.2, 0.5)), "05-09": (2.0, (1.0, 0.0, 0.0, 0.0)),
    "10-33": (1.0, (0.6, 0.4, 0.0, 0.0)), "35-39": (42.0, (0.7, 0.0, 0.0, 0.3)),
    "41-43": (2.0, (0.2, 0.2, 0.1, 0.5)), "45-47": (0.5, (1.0, 0.0, 0.0, 0.0)),
    "49-53": (15.0, (0.65, 0.1, 0.2, 0.05)), "55-56": (1.0, (0.2, 0.2, 0.2, 0.4)),
    "58-63": (5.0, (0.5, 0.5, 0.0, 0.0)), "64-66": (5.0, (1.0, 0.0, 0.0, 0.0)),
    "68-75": (6.0, (0.3, 0.3, 0.0, 0.4)), "77-82": (4.0, (0.4, 0.2, 0.0, 0.4)),
    "84": (95.0, (0.0, 0.38, 0.05, 0.57)), "85": (85.0, (0.0, 0.15, 0.3, 0.55)),
    "86-88": (70.0, (0.0, 0.4, 0.02, 0.58)), "90-99": (16.0, (0.3, 0.0, 0.05, 0.65)),
    "00": (0.0, (0.0, 0.0, 0.0, 1.0)),
}  # fmt: skip
# The public share drifts in a few groups (pp a year, 0 in PUBLIC_SHARE_ANCHOR_YEAR): private
# kindergartens, care and health services have grown faster than public ones, so the 13472 lens
# on a focus industry's private jobs differs from its total.
PUBLIC_SHARE_ANCHOR_YEAR = 2023
PUBLIC_SHARE_TREND = {"86-88": -0.6, "85": -0.2, "90-99": -0.3}
CONFIDENTIAL = {  # (table, region, group or two-digit division, content or None) -> years shown
    # as ":" (tiny cells). In 13470/13472 a group hides all its divisions, a division only itself;
    # 13472 hides the all-sector and private cells, as SSB would (the public ones are not small).
    ("13470", "3110", "05-09", None): (2016, 2019, 2020),
    ("13472", "3110", "05-09", None): (2016, 2019, 2020),
    ("07984", "3110", "05-09", "SysselsatteArb"): (2010, 2016, 2019, 2020),
    ("07984", "3110", "05-09", "Sysselsatte"): (2011,),
    # Aremark (about 1 380 inhabitants, 450 jobs; issue 22): cells of one or two persons, so a
    # report on a municipality under 2 000 inhabitants meets SSB's ":" in a focus industry (62,
    # IT services, in «Digitalisering») and in the long series. tests/demo pins their values.
    ("13470", "3124", "62", None): (2019, 2020, 2021, 2022, 2023),
    ("13472", "3124", "62", None): (2019, 2020, 2021, 2022, 2023),
    ("13470", "3124", "09", None): (2022, 2023, 2024, 2025),
    ("13472", "3124", "09", None): (2022, 2023, 2024, 2025),
    ("07984", "3124", "35-39", "SysselsatteArb"): (2008, 2009, 2010, 2011, 2012, 2013),
    ("07984", "3124", "64-66", "SysselsatteArb"): (2014, 2015, 2016, 2017, 2022, 2023, 2024),
    ("07984", "3124", "05-09", "Sysselsatte"): (2025,),
}
POPULATION_2024 = {"3107": 84580, "3101": 31890, "3110": 4925, "3120": 8420, "3103": 51600,
                   "3112": 7750, "3114": 5900, "3116": 3900, "3118": 46100, "3122": 3600,
                   "3124": 1380, COUNTY: 311900, COUNTRY: 5550203}  # fmt: skip
POPULATION_GROWTH = {"3107": 0.9, "3101": 0.5, "3110": 0.8, "3120": 0.6, "3103": 0.9,
                     "3112": 0.8, "3114": 0.9, "3116": 0.6, "3118": 0.9, "3122": 0.3,
                     "3124": 0.1, COUNTY: 0.85}  # fmt: skip
NORWAY_POPULATION_GROWTH = {  # % change into each year (1 January)
    2009: 1.2, 2010: 1.3, 2011: 1.3, 2012: 1.3, 2013: 1.3, 2014: 1.2, 2015: 1.1, 2016: 1.0,
    2017: 0.9, 2018: 0.7, 2019: 0.6, 2020: 0.7, 2021: 0.4, 2022: 0.7, 2023: 1.2, 2024: 1.1,
    2025: 0.8, 2026: 0.7,
}  # fmt: skip
SARPSBORG_POPULATION_GROWTH_BEFORE_2017 = 1.05
SARPSBORG_POPULATION_GROWTH_2026 = 0.65

"""Synthetic two-digit SN2007 detail for the demo: each group's jobs split over its divisions.

SYNTETISKE DEMODATA – illustrasjonsdata, ikke offisielle tall fra SSB. Tables 13470 and 13472
are fetched at two-digit SN2007 (the 88 divisions and ``00`` uoppgitt); the demo's job model
(:mod:`naering_analysis.demo.jobs`, :mod:`naering_analysis.demo.national`) works at SSB's 17
groups. This module adds the divisions *under* that model and never changes it: every split is
done with :func:`naering_analysis.demo.arith.allocate` (largest remainders), so the divisions of a
group sum **exactly** to the group's value, and the 17-group demo stays what it was.

A division's weight within its group, for a region and a year, is

``base share × hand-set local quotient × seeded local level × (1 + drift) ** (year − 2023)``

* **base share** (:data:`BASE_SHARES`): an invented but plausible Norwegian structure of each group
  (within 45-47 retail 47 is largest; within 68-75 real estate 68 is about a fifth and
  engineering 71 the largest; within 77-82 staffing 78 and cleaning 81 dominate and travel
  agencies 79 are small; within 90-99 sport 93, organisations 94 and personal services 96 are the
  largest; 86-88 is 45/25/30; in industry 10-33 food 10 is largest). No authority: shaped after
  the order of magnitude of SSB's national counts, not copied from them;
* **local quotient** (:data:`LOCAL_QUOTIENT`): a few well-known local structures (Borregaard's
  chemicals in Sarpsborg, the paper mill in Halden, …);
* **seeded local level and drift**: each municipality's own deviation from the base, a bounded
  multiplier around 1 and a drift of a few tenths of a per cent a year, drawn with SplitMix64
  seeded from the region and group (:mod:`naering_analysis.demo.noise`; the same code gives the
  same bytes on every machine). Norway gets none: the base *is* the national structure;
* **drift** (:data:`DIVISION_DRIFT` plus the local one): slow structural change within a group
  (IT services 62 grow, printing 18 and post 53 shrink, …), pinned to 1 in :data:`ANCHOR_YEAR`.

Only IEEE-754 ``+ - * /`` and integer arithmetic are used (``arith.power`` for the drift), so
the committed snapshot is byte-stable.

>>> split(10, {"86": 0.45, "87": 0.25, "88": 0.30})
{'86': 5, '87': 2, '88': 3}
>>> sum(split_group(1234, "3105", "45-47", 2020).values())
1234
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache

from naering_analysis.demo import calibration as cal
from naering_analysis.demo.arith import allocate, growth, power
from naering_analysis.demo.noise import SplitMix64, seed_for
from naering_analysis.reference.industries import GROUP_DIVISIONS, SN2007_CODES

SEED = "naering-demo-divisions-1"
ANCHOR_YEAR = 2023  # the drift is pinned to 1 here, like the job model's shocks
LEVEL_SD = 0.25  # sd of a municipality's seeded level of a division (a multiplier around 1)
LEVEL_BOUNDS = (0.25, 2.5)  # the seeded level is kept within these
DRIFT_SD = 0.4  # sd of a municipality's own drift of a division, % a year
ALL_SECTORS = "ALLE"  # 13472's total over the sectors
PRIVATE_SECTOR = "A+B+D+E.0-1+9"
SECTORS = (ALL_SECTORS, PRIVATE_SECTOR, *cal.PUBLIC_SECTORS)  # 13472's sector codes, in order

BASE_SHARES: dict[str, dict[str, float]] = {  # group -> division -> weight (normalised in use)
    "01-03": {"01": 0.58, "02": 0.08, "03": 0.34},
    "05-09": {"05": 0.004, "06": 0.44, "07": 0.01, "08": 0.066, "09": 0.48},
    "10-33": {"10": 0.24, "11": 0.02, "12": 0.001, "13": 0.012, "14": 0.004, "15": 0.0015,
              "16": 0.065, "17": 0.017, "18": 0.024, "19": 0.007, "20": 0.043, "21": 0.019,
              "22": 0.024, "23": 0.038, "24": 0.048, "25": 0.09, "26": 0.043, "27": 0.033,
              "28": 0.067, "29": 0.017, "30": 0.076, "31": 0.019, "32": 0.029, "33": 0.124},
    "35-39": {"35": 0.46, "36": 0.05, "37": 0.05, "38": 0.40, "39": 0.04},
    "41-43": {"41": 0.30, "42": 0.18, "43": 0.52},
    "45-47": {"45": 0.13, "46": 0.30, "47": 0.57},
    "49-53": {"49": 0.48, "50": 0.13, "51": 0.06, "52": 0.25, "53": 0.08},
    "55-56": {"55": 0.30, "56": 0.70},
    "58-63": {"58": 0.13, "59": 0.04, "60": 0.04, "61": 0.09, "62": 0.62, "63": 0.08},
    "64-66": {"64": 0.55, "65": 0.22, "66": 0.23},
    "68-75": {"68": 0.20, "69": 0.18, "70": 0.17, "71": 0.27, "72": 0.07, "73": 0.04,
              "74": 0.05, "75": 0.02},
    "77-82": {"77": 0.07, "78": 0.38, "79": 0.03, "80": 0.08, "81": 0.32, "82": 0.12},
    "84": {"84": 1.0},
    "85": {"85": 1.0},
    "86-88": {"86": 0.45, "87": 0.25, "88": 0.30},
    "90-99": {"90": 0.10, "91": 0.08, "92": 0.01, "93": 0.25, "94": 0.25, "95": 0.03,
              "96": 0.26, "97": 0.015, "98": 0.0, "99": 0.002},
    "00": {"00": 1.0},
}  # fmt: skip
"""Invented national structure of each group (weights; 98 has no jobs in the demo)."""

DIVISION_DRIFT: dict[str, float] = {  # % a year relative to the group
    "01": -0.5, "03": 1.5, "06": -0.5, "09": 0.5, "10": 0.3, "16": -0.5, "18": -3.0, "24": -0.5,
    "33": 0.5, "46": 0.3, "47": -0.5, "53": -4.0, "55": -0.5, "56": 0.5, "58": -2.0, "61": -1.5,
    "62": 2.0, "70": 0.5, "71": 0.8, "78": 1.0, "79": -1.5, "86": 0.2, "87": -1.0, "88": 1.0,
    "92": -2.0, "93": 1.0,
}  # fmt: skip
"""Slow structural drift of a division within its group, % a year (0 where not named)."""

LOCAL_QUOTIENT: dict[str, dict[str, float]] = {
    "3105": {"20": 8.0, "17": 2.0, "86": 1.4},  # Sarpsborg: Borregaard; Kalnes hospital
    "3101": {"17": 15.0, "72": 3.0},  # Halden: the paper mill; research institute
    "3110": {"03": 3.0, "55": 2.0},  # Hvaler: fishing and holiday accommodation
}
"""Hand-set local structure: a division's weight relative to the base, by municipality."""


def _check_tables() -> None:
    """Fail early if a share table does not cover exactly the divisions of each group."""
    if list(BASE_SHARES) != list(SN2007_CODES):
        raise ValueError("BASE_SHARES must list the 17 SN2007 groups in SSB order")
    for group, divisions in GROUP_DIVISIONS.items():
        if tuple(BASE_SHARES[group]) != divisions:
            raise ValueError(f"BASE_SHARES[{group!r}] must list {divisions} in order")
        if not any(BASE_SHARES[group].values()):
            raise ValueError(f"BASE_SHARES[{group!r}] has no positive weight")
    named = {d for table in (DIVISION_DRIFT, *LOCAL_QUOTIENT.values()) for d in table}
    unknown = named - {d for divisions in GROUP_DIVISIONS.values() for d in divisions}
    if unknown:
        raise ValueError(f"Unknown divisions in the drift or quotient tables: {sorted(unknown)}")


_check_tables()


def _bounded(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


@cache
def _local(region: str, group: str) -> tuple[tuple[float, float], ...]:
    """Return (level, drift % a year) per division of ``group`` for ``region`` (seeded).

    Norway (``"0"``) has the base structure: level 1 and no own drift.
    """
    divisions = GROUP_DIVISIONS[group]
    if region == cal.COUNTRY or len(divisions) == 1:
        return tuple((1.0, 0.0) for _ in divisions)
    rng = SplitMix64(seed_for(SEED, region, group))
    out = []
    for _ in divisions:
        level = _bounded(1.0 + LEVEL_SD * rng.normal(), *LEVEL_BOUNDS)
        out.append((level, DRIFT_SD * rng.normal()))
    return tuple(out)


def shares(region: str, group: str, year: int) -> dict[str, float]:
    """Return the weight of each division of ``group`` in ``region`` and ``year`` (not normalised).

    >>> list(shares("0", "86-88", ANCHOR_YEAR).values())
    [0.45, 0.25, 0.3]
    """
    base = BASE_SHARES[group]
    quotient = LOCAL_QUOTIENT.get(region, {})
    years = year - ANCHOR_YEAR
    return {
        division: base[division]
        * quotient.get(division, 1.0)
        * level
        * power(growth(DIVISION_DRIFT.get(division, 0.0) + drift), years)
        for division, (level, drift) in zip(base, _local(region, group), strict=True)
    }


def split(count: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Split the integer ``count`` over ``weights`` (largest remainders): the parts sum to it.

    A zero weight gets nothing; ``count`` and the weights must be non-negative, and some weight
    must be positive when ``count`` is.
    """
    return dict(zip(weights, allocate(count, list(weights.values())), strict=True))


def split_group(count: int, region: str, group: str, year: int) -> dict[str, int]:
    """Return ``count`` jobs of ``group`` split over its divisions for ``region`` and ``year``."""
    return split(count, shares(region, group, year))


def split_sectors(
    cells: Mapping[str, Mapping[str, int]], region: str, year: int
) -> dict[str, dict[str, int]]:
    """Split one region-year of 13472 (group → sector → jobs) into sector → division → jobs.

    Each sector other than ``ALLE`` is split with the region's shares; ``ALLE`` of a division is
    the sum of the sectors' values of that division, so 13472 stays additive over sectors at two
    digits and 13470 (which is ``ALLE``) equals it.

    Raises
    ------
    ValueError
        If a group's ``ALLE`` is not the sum of its sectors (then that sum would not give back
        the group's 17-group value).
    """
    parts = [s for s in SECTORS if s != ALL_SECTORS]
    out: dict[str, dict[str, int]] = {sector: {} for sector in SECTORS}
    for group, by_sector in cells.items():
        if sum(by_sector[s] for s in parts) != by_sector[ALL_SECTORS]:
            raise ValueError(f"{region} {year} {group}: ALLE is not the sum of the sectors")
        divisions = GROUP_DIVISIONS[group]
        weights = shares(region, group, year) if len(divisions) > 1 else None
        columns = []
        for sector in parts:
            count = by_sector[sector]
            if weights is None:  # one division: it is the group
                values = [count]
            elif count == 0:  # most public cells of most groups: nothing to split
                values = [0] * len(divisions)
            else:
                values = allocate(count, list(weights.values()))
            out[sector].update(zip(divisions, values, strict=True))
            columns.append(values)
        out[ALL_SECTORS].update(zip(divisions, map(sum, zip(*columns, strict=True)), strict=True))
    return out


def summed(parts: Iterable[Mapping[str, Mapping[str, int]]]) -> dict[str, dict[str, int]]:
    """Return the cell-by-cell sum of several regions' sector → division → jobs (a county)."""
    out: dict[str, dict[str, int]] = {}
    for part in parts:
        for sector, divisions in part.items():
            row = out.setdefault(sector, {})
            for division, count in divisions.items():
                row[division] = row.get(division, 0) + count
    return out

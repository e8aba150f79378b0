"""Commuting in a region: the flow matrix, net commuting and the region's self-containment.

The input is the tidy flows frame of ``datasets.commuting_flows`` (``home_code``, ``work_code``,
``year``, ``persons``). It holds the flows that start or end in the region, so every sum here is a
sum *within the fetched matrix*: a member's jobs are the flows into it from every residence in the
matrix, its employed residents the flows out of it to every workplace in the matrix. A missing
flow makes every sum it enters missing (never a partial sum).

Definitions (per municipality ``m`` and year):

* jobs = Σ flows with workplace ``m``; employed residents = Σ flows with residence ``m``;
* in-commuters = jobs − flow ``m → m``; out-commuters = employed residents − flow ``m → m``;
* net commuting = in-commuters − out-commuters (= jobs − employed residents);
* the region's self-containment = Σ flows with both ends in the region ÷ Σ flows with the
  workplace in the region (the share of the region's jobs held by its own residents).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

REST_COUNTY, REST_COUNTRY = "rest_county", "rest_country"
BALANCE_COLUMNS = [
    "region_code",
    "year",
    "jobs",
    "employed_residents",
    "living_and_working",
    "in_commuters",
    "out_commuters",
    "net_commuting",
]


def _sum(values: pd.Series) -> float:
    """Sum that stays missing when any part is missing; an empty sum is 0."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    return float("nan") if numbers.isna().any() else float(numbers.sum())


def commuting_balance(flows: pd.DataFrame, members: Sequence[str]) -> pd.DataFrame:
    """Return each member's jobs, employed residents, in-, out- and net commuting per year.

    >>> flows = pd.DataFrame({"home_code": ["A", "A", "B", "B"], "work_code": ["A", "B", "A",
    ...     "B"], "year": 2022, "persons": [10, 5, 2, 8]})
    >>> row = commuting_balance(flows, ["A"]).iloc[0]
    >>> [float(row[c]) for c in ("jobs", "in_commuters", "net_commuting")]
    [12.0, 2.0, -3.0]
    """
    rows = []
    for year, part in flows.groupby("year", sort=True):
        for code in members:
            work = part.loc[part["work_code"] == code, "persons"]
            home = part.loc[part["home_code"] == code, "persons"]
            own = part.loc[(part["home_code"] == code) & (part["work_code"] == code), "persons"]
            jobs, residents, both = _sum(work), _sum(home), _sum(own)
            rows.append(
                {
                    "region_code": code,
                    "year": int(str(year)),
                    "jobs": jobs,
                    "employed_residents": residents,
                    "living_and_working": both,
                    "in_commuters": jobs - both,
                    "out_commuters": residents - both,
                    "net_commuting": (jobs - both) - (residents - both),
                }
            )
    return pd.DataFrame(rows, columns=BALANCE_COLUMNS)


def self_containment(flows: pd.DataFrame, members: Sequence[str]) -> pd.Series:
    """Return, per year, the share of the region's jobs held by residents of the region (0–1).

    >>> flows = pd.DataFrame({"home_code": ["A", "B", "X"], "work_code": ["A", "A", "B"],
    ...     "year": 2022, "persons": [6, 2, 2]})
    >>> float(self_containment(flows, ["A", "B"]).loc[2022])
    0.8
    """
    inside_work = flows["work_code"].isin(members)
    inside_both = inside_work & flows["home_code"].isin(members)
    result = {}
    for year, part in flows.groupby("year", sort=True):
        jobs = _sum(part.loc[inside_work.loc[part.index], "persons"])
        own = _sum(part.loc[inside_both.loc[part.index], "persons"])
        result[int(str(year))] = own / jobs if jobs else float("nan")
    return pd.Series(result, name="self_containment", dtype=float).rename_axis("year")


def group_of(codes: pd.Series, members: Sequence[str], county: str) -> pd.Series:
    """Return each code's group: itself when a member, else rest of the county or the country.

    ``county`` is the two-digit prefix of today's county (``"31"`` for Østfold).
    """
    inside = codes.isin(members)
    in_county = codes.str[:2] == county
    return pd.Series(
        np.where(inside, codes, np.where(in_county, REST_COUNTY, REST_COUNTRY)),
        index=codes.index,
    )


def flow_matrix(
    flows: pd.DataFrame, members: Sequence[str], county: str, year: int
) -> pd.DataFrame:
    """Return one year's flows between the members and the rest of the county and country.

    Rows are the residence, columns the workplace, both in the order ``members``,
    ``rest_county``, ``rest_country``. The flows that neither start nor end in the region are not
    in the fetched matrix, so the rest-to-rest cells are missing (NaN), never 0.
    """
    part = flows[flows["year"] == year]
    order = [*members, REST_COUNTY, REST_COUNTRY]
    homes = group_of(part["home_code"], members, county)
    works = group_of(part["work_code"], members, county)
    cells = pd.DataFrame({"home": homes, "work": works, "persons": part["persons"]})
    summed = cells.groupby(["home", "work"])["persons"].agg(_sum).astype(float)
    # a pair not listed moved no one (0); a listed pair with a missing flow stays NaN
    every = pd.MultiIndex.from_product([order, order], names=["home", "work"])
    matrix = summed.reindex(every, fill_value=0.0).unstack("work").reindex(order)  # noqa: PD010
    matrix = matrix.reindex(columns=order)
    rest = [REST_COUNTY, REST_COUNTRY]
    matrix.loc[rest, rest] = np.nan
    matrix.index.name, matrix.columns.name = "home", "work"
    return matrix

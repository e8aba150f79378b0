"""Bankruptcies: opened bankruptcies per 1 000 inhabitants and per 100 new enterprises.

Measures (table 08551 for the bankruptcies by month, 07459 for the population on 1 January,
08316 for the new enterprises):

* **bankruptcies in year** *t*: the sum of the twelve months of *t*. A year with a month
  missing (not yet published, or suppressed) has no count, never an undercount;
* **bankruptcies per 1 000 inhabitants**: ``1000 · B_t / P_t``, with ``P_t`` the population on
  1 January of *t*, and the pooled three-year rate
  ``1000 · (B_{t-2} + B_{t-1} + B_t) / (P_{t-2} + P_{t-1} + P_t)``, as for new enterprises
  (:func:`.enterprises.pooled_rate`): a municipality with 3 bankruptcies one year and 9 the next
  is steadier over three years;
* **bankruptcies per 100 new enterprises**: ``100 · B_t / N_t`` with ``N_t`` the enterprises
  established in *t* (all industries), and pooled over three years the same way. It sets the
  exits through bankruptcy against the entries; it is not a failure rate of the new enterprises
  (most bankruptcies are of older enterprises, and personal bankruptcies are counted too).

Example: 6 bankruptcies, 6 000 inhabitants and 60 new enterprises give 1 per 1 000 and 10 per
100 new enterprises.

>>> import pandas as pd
>>> b = pd.DataFrame({"region_code": ["9"] * 12, "year": [2024] * 12,
...                   "month": range(1, 13), "bankruptcies": [1, 0] * 6})
>>> p = pd.DataFrame({"region_code": ["9"], "year": [2024], "population": [6000]})
>>> n = pd.DataFrame({"region_code": ["9"], "year": [2024], "enterprises": [60]})
>>> row = rates(b, p, n).iloc[0]
>>> float(row["per_1000"]), float(row["per_100_new"])
(1.0, 10.0)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from naering_analysis.analysis.enterprises import WINDOW, pooled_rate, totals
from naering_analysis.datasets.checks import require_columns
from naering_analysis.errors import AnalysisError

MONTHS = 12
RATE = "per_1000"
RATE_3Y = "per_1000_3y"
PER_NEW = "per_100_new"
PER_NEW_3Y = "per_100_new_3y"


def yearly(bankruptcies: pd.DataFrame) -> pd.DataFrame:
    """Return opened bankruptcies per region and calendar year: the months summed.

    Columns ``region_code``, ``year``, ``bankruptcies`` (float) and ``months`` (the months
    with a figure). A year with fewer than twelve months with figures has ``bankruptcies`` NaN.
    """
    require_columns(bankruptcies, ["region_code", "year", "month", "bankruptcies"], "yearly")
    values = pd.to_numeric(bankruptcies["bankruptcies"], errors="coerce").astype("float64")
    grouped = bankruptcies.assign(_v=values).groupby(["region_code", "year"], sort=True)
    out = pd.DataFrame(
        {
            "bankruptcies": grouped["_v"].sum(min_count=1),
            "months": grouped["_v"].count(),
            "_distinct": grouped["month"].nunique(),
        }
    ).reset_index()
    complete = (out["months"] == MONTHS) & (out["_distinct"] == MONTHS)
    out["bankruptcies"] = out["bankruptcies"].where(complete)
    return out.drop(columns="_distinct")


def latest_complete_year(bankruptcies: pd.DataFrame, region: str) -> int:
    """Return the last year with all twelve months for ``region`` (AnalysisError if none)."""
    years = yearly(bankruptcies)
    done = years.loc[(years["region_code"] == region) & years["bankruptcies"].notna(), "year"]
    if done.empty:
        raise AnalysisError(
            f"Konkurser: ingen hele år (tolv måneder) for region {region} i tabell 08551. "
            "Hent tabellen på nytt med `naering fetch`."
        )
    return int(done.max())


def _column(frame: pd.DataFrame, name: str, where: str) -> pd.DataFrame:
    require_columns(frame, ["region_code", "year", name], where)
    out = frame[["region_code", "year", name]].copy()
    out[name] = pd.to_numeric(out[name], errors="coerce").astype("float64")
    return out


def _enterprise_totals(enterprises: pd.DataFrame) -> pd.DataFrame:
    """Return new enterprises per region and year from the 08316 frame (summed) or totals."""
    if "industry_code" not in enterprises.columns:
        return _column(enterprises, "enterprises", "rates")
    return totals(enterprises)


def rates(
    bankruptcies: pd.DataFrame,
    population: pd.DataFrame,
    enterprises: pd.DataFrame | None = None,
    *,
    window: int = WINDOW,
) -> pd.DataFrame:
    """Return bankruptcies per 1 000 inhabitants (and per 100 new enterprises) by region, year.

    Columns ``region_code``, ``year``, ``bankruptcies``, ``population``, ``per_1000``,
    ``per_1000_3y`` and, with ``enterprises`` (the 08316 frame or one row per region and year
    with ``enterprises``), ``enterprises``, ``per_100_new`` and ``per_100_new_3y``. Only the
    years with all twelve months have counts; the pooled rates need ``window`` such years in a
    row.
    """
    out = yearly(bankruptcies).drop(columns="months")
    out = out.merge(
        _column(population, "population", "rates"),
        on=["region_code", "year"],
        how="left",
        validate="1:1",
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        out[RATE] = 1000.0 * out["bankruptcies"] / out["population"]
    out[RATE_3Y] = pooled_rate(out, ["region_code"], window, count="bankruptcies")
    if enterprises is not None:
        out = out.merge(
            _enterprise_totals(enterprises), on=["region_code", "year"], how="left", validate="1:1"
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = 100.0 * out["bankruptcies"] / out["enterprises"]
        out[PER_NEW] = ratio.where(out["enterprises"] > 0)
        out[PER_NEW_3Y] = pooled_rate(
            out, ["region_code"], window, count="bankruptcies", base="enterprises", scale=100.0
        )
    return out.reset_index(drop=True)


def council_table(
    bankruptcies: pd.DataFrame,
    population: pd.DataFrame,
    enterprises: pd.DataFrame,
    year: int,
    regions: Sequence[str],
) -> pd.DataFrame:
    """Return one row per region in ``regions`` (their order) with its measures in ``year``.

    Columns ``region_code``, ``bankruptcies``, ``per_1000``, ``per_1000_3y``, ``per_100_new``
    and ``per_100_new_3y``. A region without figures for the year is left out; none at all is
    an :class:`AnalysisError`.
    """
    table = rates(bankruptcies, population, enterprises)
    table = table.loc[table["year"] == year].set_index("region_code")
    present = [code for code in regions if code in table.index]
    if not present:
        raise AnalysisError(
            f"Konkurser: ingen av regionene {list(regions)[:5]} har tall for {year} i tabell "
            "08551. Velg et år med tolv måneder, eller hent tabellen på nytt."
        )
    columns = ["bankruptcies", RATE, RATE_3Y, PER_NEW, PER_NEW_3Y]
    return table.loc[present, columns].reset_index()

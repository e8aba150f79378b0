"""SSB's municipal population projection aged 15–74, per alternative (table 14746 today).

SSB publishes each projection as a new table (12882 for 2020, 13600 for 2022, 14288 for 2024,
14746 for 2026); :func:`projection_table` picks the newest in the catalogue (the table with
``find_by_title`` and the latest first period), so a new vintage's table file is all it takes.
The table answers single years of age 15–74; they are summed here (a cell SSB leaves empty
makes the sum empty, never a smaller number). The alternatives are content codes: ``Personer`` is
the main alternative MMMM, ``Personer1`` low national growth LLML and ``Personer2`` high national
growth HHMH (see the table's YAML for what is confirmed).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from naering_analysis.datasets.frames import SnapshotRef, _cells, _finish, _jobs, _with_regions
from naering_analysis.errors import SchemaError
from naering_analysis.ssb.catalogue import all_tables

#: Content code → the alternative's short name (SSB's letters: fertility, life expectancy,
#: internal migration, immigration).
ALTERNATIVES = {"Personer": "MMMM", "Personer1": "LLML", "Personer2": "HHMH"}
MAIN = "MMMM"
AGES = tuple(f"{age:03d}" for age in range(15, 75))

PROJECTION_COLUMNS = ["region_code", "region_name", "year", "alternative", "persons", "status"]
PROJECTION = pa.DataFrameSchema(
    {
        "region_code": pa.Column(str, pa.Check.str_matches(r"^(0|\d{2}|\d{4})$")),
        "region_name": pa.Column(str),
        "year": pa.Column(int, pa.Check.in_range(1900, 2100)),
        "alternative": pa.Column(str, pa.Check.isin(list(ALTERNATIVES.values()))),
        "persons": pa.Column("Int64", pa.Check.ge(0), nullable=True),
        "status": pa.Column(object, nullable=True),
    },
    strict=True,
    unique=["region_code", "year", "alternative"],
    name="framskrevet befolkning 15–74 år",
)


@cache
def projection_table() -> str:
    """Return the id of the newest population projection in the catalogue (``"14746"`` today).

    >>> projection_table()
    '14746'
    """
    found = [t for t in all_tables() if t.find_by_title is not None and "Alder" in t.ids]
    if not found:
        raise SchemaError(
            "Tabellkatalogen har ingen befolkningsframskriving (en tabellfil med find_by_title); "
            "se src/naering_analysis/data/tables/14746.yaml."
        )
    return max(found, key=lambda t: (int(t.first_period), t.id)).id


def projection_population(
    snapshot: SnapshotRef = None, *, root: Path | None = None
) -> pd.DataFrame:
    """Return the projected population 15–74 on 1 January, per region, year and alternative.

    Columns ``region_code``, ``region_name``, ``year``, ``alternative`` (MMMM, LLML, HHMH),
    ``persons`` (Int64, missing when any single year of age is missing) and ``status``.
    """
    table = projection_table()
    cells, snap = _cells(table, snapshot, root)
    unknown = sorted(set(cells["ContentsCode"]) - set(ALTERNATIVES))
    if unknown:
        raise SchemaError(
            f"Tabell {table} har ukjente statistikkvariabler {unknown}. Legg dem til i ALTERNATIVES "
            "(naering_analysis/datasets/projection_population.py) eller rett tabellfila."
        )
    ages = sorted(set(cells["Alder"]))
    if ages != list(AGES):
        raise SchemaError(
            f"Tabell {table} svarer med aldrene {ages[:3]}…{ages[-3:]}, ikke de ettårige 015–074 "
            f"som summeres til 15–74 år; rett Alder i tabellfila {table}.yaml."
        )
    keys = ["Region", "Region_label", "ContentsCode", "Tid"]
    grouped = cells.groupby(keys, sort=False)
    summed = grouped["value"].sum(min_count=1)
    gaps = grouped["value"].apply(lambda values: bool(values.isna().any()))
    summed = summed.where(~gaps)
    status = grouped["status"].first()  # SSB's symbol of the first age that has one
    tidy = pd.concat([summed.rename("value"), status.rename("status")], axis=1).reset_index()
    tidy = _with_regions(tidy)
    tidy = tidy.assign(
        year=tidy["Tid"].astype(int),
        alternative=tidy["ContentsCode"].map(ALTERNATIVES),
        persons=_jobs(tidy["value"]),
    )
    return _finish(tidy, PROJECTION_COLUMNS, [snap], PROJECTION)


__all__ = ["ALTERNATIVES", "MAIN", "projection_population", "projection_table"]

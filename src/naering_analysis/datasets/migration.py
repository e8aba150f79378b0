"""Population change and its components (SSB table 01223), one row per region, year and measure.

01223 counts the changes *so far in the year*; the 4th quarter (``2023K4``) is the whole calendar
year, and only those periods are kept. ``year`` is the calendar year of the changes: the
population on 1 January of ``year`` (``population_start``) plus ``population_change`` is the
population on 1 January of ``year + 1`` (07459). The components are SSB's counts as published;
the identity ``change = births − deaths + (immigration − emigration) + (domestic in − domestic
out)`` is checked in :mod:`naering_analysis.analysis.migration`, never forced here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from naering_analysis.datasets.frames import SnapshotRef, _cells, _finish, _jobs, _with_regions
from naering_analysis.errors import SchemaError

TABLE = "01223"
#: 01223 statistic codes → tidy ``measure`` names.
MIGRATION_MEASURES = {
    "Folketallet1": "population_start",
    "Fodte2": "births",
    "Dode3": "deaths",
    "Innvandring5": "immigration",
    "Utvandring6": "emigration",
    "Tilflytting7": "domestic_in",
    "Fraflytting8": "domestic_out",
    "Folketilvekst10": "population_change",
}
#: Measures that are counts of people or moves (never negative); the change may be.
COUNTS = tuple(m for m in MIGRATION_MEASURES.values() if m != "population_change")

MIGRATION_COLUMNS = ["region_code", "region_name", "year", "measure", "persons", "status"]
MIGRATION = pa.DataFrameSchema(
    {
        "region_code": pa.Column(str, pa.Check.str_matches(r"^(0|\d{2}|\d{4})$")),
        "region_name": pa.Column(str),
        "year": pa.Column(int, pa.Check.in_range(1900, 2100)),
        "measure": pa.Column(str, pa.Check.isin(list(MIGRATION_MEASURES.values()))),
        "persons": pa.Column("Int64", nullable=True),
        "status": pa.Column(object, nullable=True),
    },
    checks=pa.Check(
        lambda f: ~f["measure"].isin(COUNTS) | f["persons"].isna() | (f["persons"] >= 0),
        error="bare folkeveksten kan være negativ",
    ),
    strict=True,
    unique=["region_code", "year", "measure"],
    name="befolkningsendringer (01223)",
)


def migration(snapshot: SnapshotRef = None, *, root: Path | None = None) -> pd.DataFrame:
    """Return population change by component per calendar year (table 01223, 4th quarter).

    Columns ``region_code``, ``region_name``, ``year``, ``measure`` (see
    :data:`MIGRATION_MEASURES`), ``persons`` (Int64; a suppressed or missing cell stays <NA>)
    and ``status``. Quarters other than the 4th are dropped (their flows are part-year).
    """
    cells, snap = _cells(TABLE, snapshot, root)
    unknown = sorted(set(cells["ContentsCode"]) - set(MIGRATION_MEASURES))
    if unknown:
        raise SchemaError(
            f"Tabell {TABLE} har ukjente statistikkvariabler: {unknown}. Legg dem til i "
            "MIGRATION_MEASURES (naering_analysis/datasets/migration.py) eller fjern dem fra "
            f"naering_analysis/data/tables/{TABLE}.yaml."
        )
    period = cells["Tid"].astype(str)
    bad = sorted(set(period[~period.str.fullmatch(r"\d{4}K[1-4]")]))
    if bad:
        raise SchemaError(
            f"Tabell {TABLE} har perioder som ikke er kvartaler (ÅÅÅÅK1–K4): {bad[:5]}. "
            f"Se naering_analysis/data/tables/{TABLE}.yaml."
        )
    whole_year = cells.loc[period.str.endswith("K4")]
    tidy = _with_regions(whole_year)
    tidy = tidy.assign(
        year=tidy["Tid"].str[:4].astype(int),
        measure=tidy["ContentsCode"].map(MIGRATION_MEASURES),
        persons=_jobs(tidy["value"]),
    )
    return _finish(tidy, MIGRATION_COLUMNS, [snap], MIGRATION)


__all__ = ["MIGRATION", "MIGRATION_COLUMNS", "MIGRATION_MEASURES", "migration"]

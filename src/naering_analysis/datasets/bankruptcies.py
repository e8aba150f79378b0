"""Opened bankruptcies (table 08551) as a tidy monthly frame.

One row per region and month, all industries (SSB's total ``00-99``), with the region codes
harmonised across the 2020 and 2024 reforms and suppressed cells left missing. The months are
summed to calendar years in :mod:`naering_analysis.analysis.bankruptcies`, which keeps only the
years with all twelve months.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from naering_analysis.datasets import schemas
from naering_analysis.datasets.frames import (
    SnapshotRef,
    _cells,
    _finish,
    _jobs,
    _pick_contents,
    _with_regions,
)
from naering_analysis.errors import SchemaError

TABLE = "08551"
CONTENTS = "Konkurser"
TOTAL = "00-99"
_MONTH = re.compile(r"^(\d{4})M(0[1-9]|1[0-2])$")

BANKRUPTCIES_COLUMNS = [
    "region_code",
    "region_name",
    "year",
    "month",
    "bankruptcies",
    "status",
]
BANKRUPTCIES = pa.DataFrameSchema(
    {
        "region_code": schemas._REGION,
        "region_name": schemas._NAME,
        "year": schemas._YEAR,
        "month": pa.Column(int, pa.Check.in_range(1, 12)),
        "bankruptcies": schemas._COUNT,
        "status": schemas._STATUS,
    },
    strict=True,
    ordered=True,
    unique=["region_code", "year", "month"],
    name="opna konkursar (08551)",
)


def _months(periods: pd.Series) -> pd.DataFrame:
    """Split ``2024M01`` periods into ``year`` and ``month``; refuse any other period."""
    parts = periods.astype(str).str.extract(_MONTH)
    bad = sorted(set(periods[parts[0].isna()].astype(str)))
    if bad:
        raise SchemaError(
            f"Tabell {TABLE} har perioder som ikke er måneder (ÅÅÅÅM01–M12): {bad[:5]}. "
            f"Kjør `naering sjekk {TABLE}` og se data/tables/{TABLE}.yaml."
        )
    return pd.DataFrame({"year": parts[0].astype(int), "month": parts[1].astype(int)})


def bankruptcies(snapshot: SnapshotRef = None, *, root: Path | None = None) -> pd.DataFrame:
    """Return opened bankruptcies (08551) by region and month, all industries.

    Columns ``region_code``, ``region_name``, ``year``, ``month`` (1–12), ``bankruptcies``
    (Int64; a suppressed cell stays <NA>) and ``status``. Should the answer hold industries
    besides the total ``00-99``, only the total is kept (the catalogue asks for it alone).
    """
    cells, snap = _cells(TABLE, snapshot, root)
    cells = _pick_contents(cells, TABLE, CONTENTS)
    if "NACE2007" in cells.columns:
        if not (cells["NACE2007"] == TOTAL).any():
            raise SchemaError(
                f"Tabell {TABLE} mangler totalen {TOTAL} for alle næringer. Kjør "
                f"`naering sjekk {TABLE}` og se data/tables/{TABLE}.yaml."
            )
        cells = cells.loc[cells["NACE2007"] == TOTAL]
    tidy = _with_regions(cells.reset_index(drop=True))
    months = _months(tidy["Tid"])
    tidy = tidy.assign(
        year=months["year"].to_numpy(),
        month=months["month"].to_numpy(),
        bankruptcies=_jobs(tidy["value"]),
    )
    return _finish(tidy, BANKRUPTCIES_COLUMNS, [snap], BANKRUPTCIES)

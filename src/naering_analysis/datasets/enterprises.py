"""Newly established enterprises (table 08316) as a tidy frame.

One row per region, industry and year, with the focus industry (``bransje``) of each industry,
the region codes harmonised across the 2020 and 2024 reforms, and suppressed cells left missing.
The industry axis may be SSB's 17 groups (as catalogued) or two-digit divisions: the frame
accepts both (:func:`~naering_analysis.datasets.frames.industry_level`) and maps them to the
bransjer through :func:`~naering_analysis.reference.industries.load_focus_mapping`.
"""

from __future__ import annotations

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
    _with_industries,
    _with_regions,
)

TABLE = "08316"
CONTENTS = "Foretak"

NEW_ENTERPRISES_COLUMNS = [
    "region_code",
    "region_name",
    "industry_code",
    "industry_name",
    "bransje",
    "year",
    "enterprises",
    "status",
]
NEW_ENTERPRISES = pa.DataFrameSchema(
    {
        "region_code": schemas._REGION,
        "region_name": schemas._NAME,
        "industry_code": schemas._INDUSTRY,
        "industry_name": schemas._NAME,
        "bransje": schemas._NAME,
        "year": schemas._YEAR,
        "enterprises": schemas._COUNT,
        "status": schemas._STATUS,
    },
    strict=True,
    ordered=True,
    unique=["region_code", "industry_code", "year"],
    name="nyetablerte foretak (08316)",
)


def new_enterprises(snapshot: SnapshotRef = None, *, root: Path | None = None) -> pd.DataFrame:
    """Return newly established enterprises (08316) by region, industry and year.

    Columns ``region_code``, ``region_name``, ``industry_code``, ``industry_name``, ``bransje``,
    ``year``, ``enterprises`` (Int64; a suppressed cell stays <NA>) and ``status``.
    ``attrs["industry_level"]`` says whether the industries are SSB's 17 groups or the parts of
    the two-digit focus mapping.
    """
    cells, snap = _cells(TABLE, snapshot, root)
    cells = _pick_contents(cells, TABLE, CONTENTS)
    tidy, level = _with_industries(cells, TABLE)
    tidy = _with_regions(tidy)
    tidy = tidy.assign(year=tidy["Tid"].astype(int), enterprises=_jobs(tidy["value"]))
    out = _finish(tidy, NEW_ENTERPRISES_COLUMNS, [snap], NEW_ENTERPRISES)
    out.attrs["industry_level"] = level
    return out

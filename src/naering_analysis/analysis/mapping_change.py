"""What the two-digit focus mapping moves between bransjer, compared with the 17-group mapping.

With 13470 fetched at two-digit SN2007 the focus industries are drawn from divisions
(``focus_industries.yaml``, ``divisions``); before, they were drawn from SSB's 17 groups
(``groups``). The pieces of a 17-group the finer mapping gives another bransje are whole parts
of the tidy frame (e.g. ``"68"`` real estate, once in "Digitalisering …", now in "Øvrige
næringer"), so the change can be read off the frame of parts alone.

>>> import pandas as pd
>>> frame = pd.DataFrame({"region_code": "3105", "year": 2024,
...     "industry_code": ["68", "69-75", "10-33"], "jobs": [400, 900, 3000]})
>>> moved = mapping_moves(frame, "3105", 2024)
>>> moved[["industry_code", "jobs"]].values.tolist()
[['68', 400]]
>>> moved["to_bransje"].item()
'Øvrige næringer'
"""

from __future__ import annotations

import pandas as pd

from naering_analysis.datasets.checks import require_columns
from naering_analysis.reference.industries import FocusMapping, load_focus_mapping

MOVE_COLUMNS = ["industry_code", "industry_name", "from_bransje", "to_bransje", "jobs"]
CHANGE_COLUMNS = ["bransje", "jobs_groups", "jobs_divisions", "change_jobs"]


def _latest_rows(frame: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    require_columns(frame, ["region_code", "year", "industry_code", "jobs"], "bransjekoblingen")
    return frame.loc[(frame["region_code"] == region) & (frame["year"] == year)]


def mapping_moves(
    frame: pd.DataFrame, region: str, year: int, mapping: FocusMapping | None = None
) -> pd.DataFrame:
    """Return the parts whose bransje the two-digit mapping changes, with their jobs in ``year``.

    Columns :data:`MOVE_COLUMNS`, in the mapping's order. Empty for a frame at the 17 groups
    (nothing can move there). Jobs stay missing where SSB suppressed a cell.
    """
    mapping = mapping or load_focus_mapping()
    rows = _latest_rows(frame, region, year)
    jobs = rows.groupby("industry_code")["jobs"].sum(min_count=1)
    moved = [
        {
            "industry_code": part.code,
            "industry_name": part.name,
            "from_bransje": mapping.coarse_lookup[part.group],
            "to_bransje": part.bransje,
            "jobs": jobs[part.code],
        }
        for part in mapping.parts
        if part.bransje != mapping.coarse_lookup[part.group] and part.code in jobs.index
    ]
    out = pd.DataFrame(moved, columns=MOVE_COLUMNS)
    out["jobs"] = out["jobs"].astype("Int64")
    return out


def bransje_change(
    frame: pd.DataFrame, region: str, year: int, mapping: FocusMapping | None = None
) -> pd.DataFrame:
    """Return each bransje's jobs in ``year`` by the 17-group and the two-digit mapping.

    Columns :data:`CHANGE_COLUMNS` (``jobs_groups`` by ``groups``, ``jobs_divisions`` by
    ``divisions``, ``change_jobs`` their difference), in the mapping's bransje order. The
    changes add up to zero: the finer mapping only moves jobs between bransjer.
    """
    mapping = mapping or load_focus_mapping()
    rows = _latest_rows(frame, region, year)
    groups = rows["industry_code"].map(mapping.group_of)
    fine = rows.assign(b=rows["industry_code"].map(mapping.lookup)).groupby("b")["jobs"]
    coarse = rows.assign(b=groups.map(mapping.coarse_lookup)).groupby("b")["jobs"]
    out = pd.DataFrame(
        {
            "bransje": mapping.names,
            "jobs_groups": coarse.sum(min_count=1).reindex(mapping.names, fill_value=0).to_numpy(),
            "jobs_divisions": fine.sum(min_count=1).reindex(mapping.names, fill_value=0).to_numpy(),
        }
    )
    for column in ("jobs_groups", "jobs_divisions"):
        out[column] = out[column].astype("Int64")
    out["change_jobs"] = out["jobs_divisions"] - out["jobs_groups"]
    return out[CHANGE_COLUMNS]

"""Commuting flows between municipalities (SSB table 03321) as a tidy frame.

03321 counts employed persons 15–74 (4th quarter) by municipality of residence (``Bokommuen``)
and municipality of workplace (``ArbstedKomm``). One row of the tidy frame is one flow: the
people who live in ``home_code`` and work in ``work_code`` in ``year``. Both ends are harmonised
to today's (2024) municipality codes, so a flow between two municipalities that merged into one
today is summed into a flow within it; a flow whose parts include a missing (suppressed) cell
stays missing, never a partial sum.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from naering_analysis.datasets import schemas
from naering_analysis.datasets.frames import (
    SnapshotRef,
    _jobs,
    _pick_contents,
    frame_provenance,
    load_snapshot,
)
from naering_analysis.errors import SnapshotError
from naering_analysis.reference.regions import harmonise_series, region_name
from naering_analysis.reference.sources import source_line
from naering_analysis.ssb import read_jsonstat_covered

TABLE = "03321"
CONTENT = "Sysselsatte"
HOME, WORK = "Bokommuen", "ArbstedKomm"
FLOW_COLUMNS = ["home_code", "home_name", "work_code", "work_name", "year", "persons"]
_CODE = pa.Column(str, pa.Check.str_matches(r"^\d{4}$"), nullable=False)
FLOWS = pa.DataFrameSchema(
    {
        "home_code": _CODE,
        "home_name": pa.Column(str, nullable=False),
        "work_code": _CODE,
        "work_name": pa.Column(str, nullable=False),
        "year": pa.Column(int, pa.Check.in_range(1900, 2100), nullable=False),
        "persons": pa.Column("Int64", pa.Check.ge(0), nullable=True),
    },
    strict=True,
    ordered=True,
    unique=["home_code", "work_code", "year"],
    name="pendlingsstrømmer (03321)",
)

#: Maps a municipality code as SSB gave it, and its year, to today's code.
CodeMap = Callable[[pd.DataFrame, str], pd.Series]


def _package_codes(cells: pd.DataFrame, column: str) -> pd.Series:
    return harmonise_series(cells, column)


def tidy_flows(cells: pd.DataFrame, current_codes: CodeMap | None = None) -> pd.DataFrame:
    """Turn 03321 cells (``Bokommuen``, ``ArbstedKomm``, ``Tid``, ``value``) into tidy flows.

    ``current_codes(cells, column)`` returns the column's codes as today's codes; the default is
    the package's code history (``reference.regions``), which knows SSB's summed codes
    (``K-3105``) and Østfold's reforms. Names come from the code history, else SSB's label
    (``<dim>_label``) when the cells have one. Flows that meet in one current pair are summed; a
    missing value among them makes the sum missing.

    >>> cells = pd.DataFrame({"Bokommuen": ["K-3105", "K-3105"], "ArbstedKomm": ["K-3105",
    ...     "K-3107"], "Tid": ["2024", "2024"], "value": [16000.0, 4700.0]})
    >>> tidy_flows(cells)[["home_code", "work_code", "persons"]].to_dict("list")
    {'home_code': ['3105', '3105'], 'work_code': ['3105', '3107'], 'persons': [16000, 4700]}
    """
    harmonise = current_codes or _package_codes
    out = pd.DataFrame(
        {
            "home_code": harmonise(cells, HOME).to_numpy(),
            "work_code": harmonise(cells, WORK).to_numpy(),
            "year": cells["Tid"].astype(int).to_numpy(),
            "persons": pd.to_numeric(cells["value"]).to_numpy(dtype=float),
        }
    )
    keys = ["home_code", "work_code", "year"]
    grouped = out.groupby(keys, sort=True)["persons"]
    summed = grouped.sum(min_count=1).where(~grouped.apply(lambda s: s.isna().any()))
    flows = summed.reset_index()
    names: dict[str, str] = {}
    for column, dim in (("home_code", HOME), ("work_code", WORK)):
        labels = (
            dict(zip(out[column], cells[f"{dim}_label"], strict=True))
            if f"{dim}_label" in cells
            else {}
        )
        for code in flows[column].unique():
            names.setdefault(code, region_name(code, default=labels.get(code, code)))
    flows["home_name"] = flows["home_code"].map(names)
    flows["work_name"] = flows["work_code"].map(names)
    flows["persons"] = _jobs(flows["persons"])
    result = flows[FLOW_COLUMNS].reset_index(drop=True)
    schemas.validate(result, FLOWS)
    return result


def commuting_flows(snapshot: SnapshotRef = None, *, root: Path | None = None) -> pd.DataFrame:
    """Commuting flows (table 03321) of the newest snapshot: one row per home, workplace, year.

    Columns ``home_code``, ``home_name``, ``work_code``, ``work_name``, ``year``, ``persons``
    (``Int64``, missing stays ``<NA>``). The snapshot holds the flows that start or end in the
    region group of the analysed municipality, so sums over it are sums *within the fetched
    matrix* (see ``analysis.flows``).
    """
    snap = load_snapshot(TABLE, snapshot, root)
    # data.json combines the two query parts sparsely: only the flows asked for are cells.
    cells = read_jsonstat_covered(snap.data)
    if cells.attrs.get("table_id") not in (None, TABLE):
        raise SnapshotError(
            f"{snap.path}: data.json er tabell {cells.attrs['table_id']}, ikke {TABLE}."
        )
    flows = tidy_flows(_pick_contents(cells, TABLE, CONTENT))
    flows.attrs = {
        "synthetic": snap.synthetic,
        "provenance": [frame_provenance(snap.provenance)],
        "source": source_line([snap.provenance]),
        "tables": [TABLE],
    }
    return flows

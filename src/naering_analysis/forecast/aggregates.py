"""The totals the council reads, as sums of a panel's series: what the methods are judged on.

For every municipality in a panel (every region with a four-digit code, other than the reference;
a panel without any such region uses every region but the reference) there is one aggregate for
its **total** jobs and one for each **focus industry** (``bransje``, the five of the action
programme; "Øvrige næringer" is only part of the total). An aggregate is a row of a 0/1 matrix
over the panel's series, so the aggregate forecast of any method is ``matrix @ forecasts``.

>>> keys = pd.DataFrame({"region_code": ["3105", "3105", "0", "0"],
...                      "industry_code": ["41-43", "84", "41-43", "84"]})
>>> agg = council_aggregates(keys, reference="0")
>>> agg.keys[["region_code", "aggregate"]].values.tolist()
[['3105', 'Totalt'], ['3105', 'Bygg og anlegg']]
>>> agg.matrix.tolist()
[[1.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from naering_analysis.reference.industries import FocusMapping, load_focus_mapping
from naering_analysis.reference.regions import region_level

TOTAL = "Totalt"
"""The ``aggregate`` name of a municipality's total."""

OTHER_BRANSJE = "ovrige"
"""Id of the bransje that is not a focus industry (only part of the total)."""


@dataclass(frozen=True)
class Aggregates:
    """Aggregates over a panel's series.

    ``keys`` has one row per aggregate: ``region_code`` (and ``sector_code`` for sector panels),
    ``aggregate`` (:data:`TOTAL` or the bransje name) and ``kind`` (``"total"``/``"focus"``);
    ``matrix`` has shape ``(aggregates, series)``.
    """

    keys: pd.DataFrame
    matrix: np.ndarray

    @property
    def is_total(self) -> np.ndarray:
        """True for the rows that are a municipality's total."""
        return (self.keys["kind"] == "total").to_numpy()

    def series_used(self) -> np.ndarray:
        """Return True for the series that feed an aggregate (the municipalities' series)."""
        return np.asarray(self.matrix.any(axis=0), dtype=bool)


def municipalities(regions: list[str], reference: str) -> list[str]:
    """Return the regions the council's totals are built for (see the module docstring).

    >>> municipalities(["0", "31", "3105", "3107"], "0")
    ['3105', '3107']
    >>> municipalities(["R", "N"], "N")
    ['R']
    """
    others = [r for r in regions if r != str(reference)]
    four = [r for r in others if len(r) == 4 and region_level(r) == "municipality"]
    return four or others


def council_aggregates(
    keys: pd.DataFrame,
    reference: str = "0",
    focus_mapping: FocusMapping | None = None,
) -> Aggregates:
    """Return the municipality totals and focus-industry totals over the series in ``keys``.

    ``keys`` has one row per series (``region_code``, ``industry_code``, optional
    ``sector_code``), in the panel's row order. Industry codes outside the focus mapping count in
    the total only.
    """
    mapping = focus_mapping or load_focus_mapping()
    focus = {code: b.name for b in mapping.bransjer if b.id != OTHER_BRANSJE for code in b.groups}
    order = [b.name for b in mapping.bransjer if b.id != OTHER_BRANSJE]
    regions = keys["region_code"].astype(str).to_numpy()
    group_cols = [c for c in ("region_code", "sector_code") if c in keys.columns]
    wanted = set(municipalities(list(dict.fromkeys(regions)), reference))
    bransje = keys["industry_code"].astype(str).map(focus).to_numpy()
    rows, matrix = [], []
    groups = keys[group_cols].astype(str).drop_duplicates()
    for group in groups.itertuples(index=False):
        if group[0] not in wanted:
            continue
        member = np.ones(len(keys), dtype=bool)
        for col, value in zip(group_cols, group, strict=True):
            member &= keys[col].astype(str).to_numpy() == value
        label = dict(zip(group_cols, group, strict=True))
        rows.append({**label, "aggregate": TOTAL, "kind": "total"})
        matrix.append(member.astype(float))
        for name in order:
            part = member & (bransje == name)
            if part.any():
                rows.append({**label, "aggregate": name, "kind": "focus"})
                matrix.append(part.astype(float))
    table = pd.DataFrame(rows, columns=[*group_cols, "aggregate", "kind"])
    return Aggregates(table, np.array(matrix).reshape(len(rows), len(keys)))

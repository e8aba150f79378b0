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
>>> agg.matrix.toarray().tolist()
[[1.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

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
    ``matrix`` has shape ``(aggregates, series)``, as a sparse CSR matrix: each series belongs to at
    most two aggregates, so a national panel (thousands of series) sums in microseconds where a
    dense product took seconds.
    """

    keys: pd.DataFrame
    matrix: sparse.csr_matrix

    @property
    def is_total(self) -> np.ndarray:
        """True for the rows that are a municipality's total."""
        return (self.keys["kind"] == "total").to_numpy()

    def series_used(self) -> np.ndarray:
        """Return True for the series that feed an aggregate (the municipalities' series)."""
        return np.diff(self.matrix.tocsc().indptr) > 0

    def subset(self, kind: str) -> Aggregates:
        """Return only the aggregates of one ``kind`` (``"total"`` or ``"focus"``)."""
        rows = np.flatnonzero((self.keys["kind"] == kind).to_numpy())
        return Aggregates(self.keys.iloc[rows].reset_index(drop=True), self.matrix[rows])

    def apply(self, values: np.ndarray) -> np.ndarray:
        """Sum ``values`` (series first, any trailing shape) to the aggregates.

        >>> keys = pd.DataFrame({"region_code": ["3105"], "industry_code": ["84"]})
        >>> council_aggregates(keys).apply(np.ones((1, 2, 3))).shape
        (1, 2, 3)
        """
        return aggregate(self.matrix, values)


def aggregate(matrix: sparse.csr_matrix, values: np.ndarray) -> np.ndarray:
    """Return ``matrix @ values`` over the first axis of ``values`` (any trailing shape)."""
    flat = np.asarray(values, dtype=float).reshape(values.shape[0], -1)
    return np.asarray(matrix @ flat).reshape((matrix.shape[0], *values.shape[1:]))


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
    incomplete: Sequence[str] = (),
) -> Aggregates:
    """Return the municipality totals and focus-industry totals over the series in ``keys``.

    ``keys`` has one row per series (``region_code``, ``industry_code``, optional
    ``sector_code``), in the panel's row order. Industry codes outside the focus mapping count in
    the total only.

    ``incomplete`` names series left out of the panel (its ``attrs["dropped_series"]``:
    ``"3124/62"``, or ``"3124/ALLE/62"`` with sectors). The sum of what is left is not that
    municipality's total, nor its focus industry's, so those aggregates are left out too: a
    method is never judged on a total that is not one.

    >>> keys = pd.DataFrame({"region_code": ["3124", "3124"], "industry_code": ["41-43", "85"]})
    >>> council_aggregates(keys).keys["aggregate"].tolist()
    ['Totalt', 'Bygg og anlegg']
    >>> council_aggregates(keys, incomplete=["3124/84"]).keys["aggregate"].tolist()
    ['Bygg og anlegg']
    """
    mapping = focus_mapping or load_focus_mapping()
    other = next(b.name for b in mapping.bransjer if b.id == OTHER_BRANSJE)
    focus = {code: name for code, name in mapping.lookup.items() if name != other}
    order = [b.name for b in mapping.bransjer if b.id != OTHER_BRANSJE]
    regions = keys["region_code"].astype(str).to_numpy()
    group_cols = [c for c in ("region_code", "sector_code") if c in keys.columns]
    key_cols = [*group_cols, "industry_code"]
    partial: dict[tuple[str, ...], set[str]] = {}  # group -> bransjer with a series left out
    for name in incomplete:
        parts = str(name).split("/")
        if len(parts) == len(key_cols):
            group = tuple(parts[:-1])
            partial.setdefault(group, set()).add(focus.get(parts[-1], other))
    wanted = set(municipalities(list(dict.fromkeys(regions)), reference))
    bransje = keys["industry_code"].astype(str).map(focus).to_numpy()
    rows: list[dict[str, str]] = []
    members: list[np.ndarray] = []
    labels = keys[group_cols].astype(str)
    positions = {
        (k if isinstance(k, tuple) else (k,)): v
        for k, v in labels.groupby(group_cols, sort=False).indices.items()
    }
    for group in labels.drop_duplicates().itertuples(index=False, name=None):
        if group[0] not in wanted:
            continue
        index = positions[group]
        label = dict(zip(group_cols, group, strict=True))
        gaps = partial.get(tuple(group), set())
        if not gaps:
            rows.append({**label, "aggregate": TOTAL, "kind": "total"})
            members.append(np.sort(index))
        for name in order:
            part = index[bransje[index] == name]
            if len(part) and name not in gaps:
                rows.append({**label, "aggregate": name, "kind": "focus"})
                members.append(np.sort(part))
    table = pd.DataFrame(rows, columns=[*group_cols, "aggregate", "kind"])
    indptr = np.concatenate([[0], np.cumsum([len(m) for m in members])]).astype(np.int64)
    indices = np.concatenate(members) if members else np.zeros(0, dtype=np.int64)
    matrix = sparse.csr_matrix(
        (np.ones(len(indices)), indices, indptr), shape=(len(rows), len(keys))
    )
    return Aggregates(table, matrix)

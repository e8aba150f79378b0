"""Sum the two-digit industry axis of a JSON-stat cube into parts before it becomes a long frame.

13472 for every municipality at two-digit SN2007 is two million cells. Melting them to a long
frame and grouping by six text columns costs seconds in every notebook that reads the table;
summing the NACE axis of the array with a 0/1 matrix first costs a fraction of that, and the
long frame is four times smaller. The result is an ordinary JSON-stat document whose NACE2007
categories are the parts of the focus mapping (and the total ``00-99``), with the same
missing-value rule as everywhere: a part with a suppressed (null) cell is null, never an
undercount. The same pass counts the jobs that sit in suppressed cells.

>>> doc = {"version": "2.0", "class": "dataset", "id": ["Region", "NACE2007"], "size": [1, 4],
...        "dimension": {"Region": {"category": {"index": ["K-3105"]}},
...                      "NACE2007": {"category": {"index": ["00-99", "68", "69", "70"]}}},
...        "value": [100, 40, None, 50], "status": {"2": ":"}}
>>> collapsed = collapse_divisions(doc)
>>> collapsed.doc["dimension"]["NACE2007"]["category"]["index"], collapsed.doc["value"]
(['00-99', '68', '69-75'], [100.0, 40.0, None])
>>> collapsed.suppressed["value"]  # total, shown, hidden cells
[100.0, 90.0, 1.0]
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from naering_analysis.reference.industries import (
    GROUP_OF_DIVISION,
    FocusMapping,
    load_focus_mapping,
)
from naering_analysis.ssb.jsonstat import JsonStatSource, decode_jsonstat

NACE = "NACE2007"
TOTAL = "00-99"
SUPPRESSED_CATEGORIES = ("total", "shown", "hidden_cells")
"""The three categories of :attr:`Collapsed.suppressed`'s NACE2007 axis."""


@dataclass(frozen=True)
class Collapsed:
    """A cube summed into parts (``doc``) and the suppressed-cell count (``suppressed``).

    ``doc`` is the input document unchanged when its industries are not two-digit divisions,
    and ``suppressed`` is then None (also when the total ``00-99`` is not in the cube).
    """

    doc: dict[str, Any]
    divisions: bool
    suppressed: dict[str, Any] | None


def _with_axis(
    doc: dict[str, Any], k: int, codes: list[str], labels: list[str], values: np.ndarray
) -> dict[str, Any]:
    """Return a copy of ``doc`` whose axis ``k`` (NACE2007) has new categories and values."""
    out = {key: value for key, value in doc.items() if key not in ("value", "status")}
    out["dimension"] = dict(doc["dimension"])
    dimension = copy.deepcopy(
        {k2: v for k2, v in doc["dimension"][NACE].items() if k2 != "category"}
    )
    dimension["category"] = {"index": codes, "label": dict(zip(codes, labels, strict=True))}
    out["dimension"][NACE] = dimension
    out["size"] = [len(codes) if i == k else n for i, n in enumerate(doc["size"])]
    flat = values.ravel()
    out["value"] = [None if np.isnan(v) else float(v) for v in flat.tolist()]
    return out


def collapse_divisions(source: JsonStatSource, mapping: FocusMapping | None = None) -> Collapsed:
    """Sum a cube's two-digit NACE2007 axis into the parts of ``mapping`` (see the module).

    A part's status is the first status symbol among its cells. Codes that are no SN2007
    division (other than the total ``00-99``) leave the document unchanged, for the frames
    layer to read and judge as it does today.
    """
    doc, dims, values, status = decode_jsonstat(source)
    ids = [d[0] for d in dims]
    if NACE not in ids:
        return Collapsed(doc, False, None)
    k = ids.index(NACE)
    codes = dims[k][1]
    divisions = [c for c in codes if c != TOTAL]
    if not divisions or any(c not in GROUP_OF_DIVISION for c in divisions):
        return Collapsed(doc, False, None)
    mapping = mapping or load_focus_mapping()
    sizes = [len(d[1]) for d in dims]
    cube = np.moveaxis(values.reshape(sizes), k, -1)
    marks = np.moveaxis(status.reshape(sizes), k, -1)
    position = {c: i for i, c in enumerate(codes)}
    parts = [p for p in mapping.parts if any(d in position for d in p.divisions)]
    members = np.zeros((len(codes), len(parts)))
    for j, part in enumerate(parts):
        for d in part.divisions:
            if d in position:
                members[position[d], j] = 1.0
    missing = np.isnan(cube)
    summed = np.nan_to_num(cube) @ members
    summed[(missing.astype(float) @ members) > 0] = np.nan
    out_codes, out_labels, blocks = [p.code for p in parts], [p.name for p in parts], [summed]
    total_at = position.get(TOTAL)
    if total_at is not None:
        out_codes.insert(0, TOTAL)
        out_labels.insert(0, dims[k][2][total_at])
        blocks.insert(0, cube[..., total_at : total_at + 1])
    result = np.concatenate(blocks, axis=-1)
    new = _with_axis(doc, k, out_codes, out_labels, np.moveaxis(result, -1, k))
    new_status = _part_status(marks, members, total_at, k)
    if new_status:
        new["status"] = new_status
    suppressed = None
    if total_at is not None:
        shown_at = [position[d] for d in divisions]
        counts = np.stack(
            [
                cube[..., total_at],
                np.nansum(cube[..., shown_at], axis=-1),
                missing[..., shown_at].sum(axis=-1).astype(float),
            ],
            axis=-1,
        )
        suppressed = _with_axis(
            doc,
            k,
            list(SUPPRESSED_CATEGORIES),
            list(SUPPRESSED_CATEGORIES),
            np.moveaxis(counts, -1, k),
        )
    return Collapsed(new, True, suppressed)


def _part_status(
    marks: np.ndarray, members: np.ndarray, total_at: int | None, k: int
) -> dict[str, str]:
    """Return the sparse status of the collapsed cube: the first symbol among a part's cells."""
    has = pd.notna(marks)
    if not has.any():
        return {}
    parts = members.shape[1]
    offset = 0 if total_at is None else 1
    out_marks = np.full((*marks.shape[:-1], parts + offset), None, dtype=object)
    if total_at is not None:
        out_marks[..., 0] = marks[..., total_at]
    for j in range(parts):
        rows = np.flatnonzero(members[:, j])
        for r in rows:
            empty = pd.isna(out_marks[..., offset + j])
            out_marks[..., offset + j] = np.where(
                empty & has[..., r], marks[..., r], out_marks[..., offset + j]
            )
    flat = np.moveaxis(out_marks, -1, k).ravel()
    return {str(i): str(v) for i, v in enumerate(flat.tolist()) if v is not None}

"""The cube-level sum of two-digit industries equals the long-frame sum, cell for cell."""

import json

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.datasets import frames
from naering_analysis.datasets.cube import collapse_divisions
from naering_analysis.reference.industries import load_focus_mapping
from naering_analysis.ssb import read_jsonstat
from tests.helpers import REPO

MAPPING = load_focus_mapping()
CODES = ["00-99", "41", "45", "46", "47", "68", "69", "75", "79", "94", "00"]


def _doc(values, marks):
    return {
        "version": "2.0",
        "class": "dataset",
        "id": ["Region", "NACE2007", "Tid"],
        "size": [2, len(CODES), 2],
        "dimension": {
            "Region": {"category": {"index": ["K-3105", "K-3103"]}},
            "NACE2007": {"category": {"index": CODES}},
            "Tid": {"category": {"index": ["2023", "2024"]}},
        },
        "value": values,
        "status": {str(i): m for i, m in marks.items()},
    }


cells = st.lists(
    st.one_of(st.none(), st.integers(0, 5000)), min_size=4 * len(CODES), max_size=4 * len(CODES)
)


@settings(max_examples=60, deadline=None)
@given(cells)
def test_collapsed_cube_equals_the_long_frame_sum(values):
    marks = {i: ":" for i, v in enumerate(values) if v is None}
    doc = _doc(values, marks)
    fast = read_jsonstat(collapse_divisions(doc).doc)
    fast = fast[fast["NACE2007"] != "00-99"].rename(columns={"NACE2007": "industry_code"})
    slow = frames._to_parts(read_jsonstat(doc), MAPPING)
    keys = ["Region", "Tid", "industry_code"]
    a = fast.set_index(keys)[["value", "status"]].sort_index()
    b = slow.set_index(keys)[["value", "status"]].sort_index()
    pd.testing.assert_frame_equal(a, b, check_like=True)


def test_a_hidden_cell_makes_its_part_missing_and_is_counted_by_hand():
    values = [None] * (4 * len(CODES))
    # K-3105, 2023 (positions: region-major, then NACE, then year): total 1000, 68 = 40,
    # 69 hidden, 75 = 60, every other division 100
    for j, code in enumerate(CODES):
        values[j * 2] = {"00-99": 1000, "68": 40, "69": None, "75": 60}.get(code, 100)
    marks = {2 * CODES.index("69"): ":"}
    out = collapse_divisions(_doc(values, marks))
    frame = read_jsonstat(out.doc)
    cell = frame[(frame["Region"] == "K-3105") & (frame["Tid"] == "2023")].set_index("NACE2007")
    assert np.isnan(cell.loc["69-75", "value"]) and cell.loc["69-75", "status"] == ":"
    assert cell.loc["68", "value"] == 40 and cell.loc["46-47", "value"] == 200
    counts = read_jsonstat(out.suppressed)
    c = counts[(counts["Region"] == "K-3105") & (counts["Tid"] == "2023")].set_index("NACE2007")
    # shown: 100 (41) + 100 (45) + 200 (46, 47) + 40 + 60 + 100 (79) + 100 (94) + 100 (00) = 800
    assert c["value"].to_dict() == {"total": 1000.0, "shown": 800.0, "hidden_cells": 1.0}


def test_a_17_group_cube_is_left_as_it_is():
    doc = json.loads((REPO / "data/raw/ssb/07984/2026-11-26/data.json").read_text("utf-8"))
    out = collapse_divisions(doc)
    assert out.divisions is False and out.suppressed is None and out.doc is not None


def test_a_17_group_snapshot_of_13470_is_read_with_the_17_group_mapping(tmp_path):
    """An older fetch (17 groups) still builds: each group keeps its 17-group bransje."""
    doc = _doc([1] * (4 * len(CODES)), {})
    doc["dimension"]["NACE2007"]["category"]["index"] = ["68-75", "45-47", "10-33"]
    doc["size"] = [2, 3, 2]
    doc["value"] = list(range(12))
    cells = read_jsonstat(doc).assign(ContentsCode="SysselsatteArb")
    tidy, level = frames._with_industries(cells, "13470")
    assert level == "17 grupper"
    bransje = dict(zip(tidy["industry_code"], tidy["bransje"], strict=False))
    assert bransje["68-75"] == "Digitalisering og forretningsmessig tjenesteyting"
    assert bransje["45-47"] == "Handel, reiseliv, opplevelser, idrett og kultur"

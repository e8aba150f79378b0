"""Net commuting, self-containment and the flow matrix on hand-computed examples; identities."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.analysis.flows import (
    REST_COUNTRY,
    REST_COUNTY,
    commuting_balance,
    flow_matrix,
    self_containment,
)

MEMBERS = ["3105", "3107"]
#          home    work    persons
FLOWS = [
    ("3105", "3105", 100),
    ("3105", "3107", 30),
    ("3105", "3103", 10),  # rest of Østfold
    ("3105", "0301", 5),  # rest of the country
    ("3107", "3105", 20),
    ("3107", "3107", 200),
    ("3103", "3105", 15),
    ("0301", "3107", 4),
]


def _frame(rows=FLOWS, year: int = 2022) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["home_code", "work_code", "persons"])
    return frame.assign(year=year, persons=frame["persons"].astype("Int64"))


def test_balance_by_hand() -> None:
    balance = commuting_balance(_frame(), MEMBERS).set_index("region_code")
    # Sarpsborg: jobs 100+20+15 = 135, residents 100+30+10+5 = 145, in 35, out 45, net −10
    assert balance.loc["3105", ["jobs", "employed_residents", "in_commuters"]].tolist() == [
        135,
        145,
        35,
    ]
    assert balance.loc["3105", ["out_commuters", "net_commuting"]].tolist() == [45, -10]
    # Fredrikstad: jobs 30+200+4 = 234, residents 220, net +14
    assert balance.loc["3107", "net_commuting"] == 14


def test_self_containment_by_hand() -> None:
    # jobs in the region 135+234 = 369, held by residents of the region 100+30+20+200 = 350
    assert self_containment(_frame(), MEMBERS).loc[2022] == 350 / 369


def test_matrix_by_hand() -> None:
    matrix = flow_matrix(_frame(), MEMBERS, "31", 2022)
    assert list(matrix.index) == [*MEMBERS, REST_COUNTY, REST_COUNTRY]
    assert matrix.loc["3105", REST_COUNTY] == 10
    assert matrix.loc[REST_COUNTRY, "3107"] == 4
    assert matrix.loc[REST_COUNTY, "3107"] == 0  # not listed: no one
    assert np.isnan(matrix.loc[REST_COUNTY, REST_COUNTRY])  # not in the fetched matrix


def test_missing_flow_makes_sums_missing() -> None:
    rows = [*FLOWS[:-1], ("0301", "3107", None)]
    balance = commuting_balance(_frame(rows), MEMBERS).set_index("region_code")
    assert math.isnan(balance.loc["3107", "jobs"])
    assert not math.isnan(balance.loc["3105", "jobs"])
    assert math.isnan(flow_matrix(_frame(rows), MEMBERS, "31", 2022).loc[REST_COUNTRY, "3107"])


_CODES = ["3105", "3107", "3101", "3103", "0301", "4601"]


@st.composite
def flow_frames(draw: st.DrawFn) -> pd.DataFrame:
    pairs = draw(st.lists(st.tuples(st.sampled_from(_CODES), st.sampled_from(_CODES)), unique=True))
    touching = [(h, w) for h, w in pairs if h in MEMBERS or w in MEMBERS]
    values = draw(st.lists(st.integers(0, 10_000), min_size=len(touching), max_size=len(touching)))
    return _frame([(h, w, v) for (h, w), v in zip(touching, values, strict=True)])


@settings(max_examples=60, deadline=None)
@given(flow_frames())
def test_identities(flows: pd.DataFrame) -> None:
    if flows.empty:
        return
    balance = commuting_balance(flows, MEMBERS).set_index("region_code")
    matrix = flow_matrix(flows, MEMBERS, "31", 2022)
    for code in MEMBERS:
        row = balance.loc[code]
        assert row["jobs"] == flows.loc[flows["work_code"] == code, "persons"].sum()
        assert row["employed_residents"] == flows.loc[flows["home_code"] == code, "persons"].sum()
        assert row["net_commuting"] == row["jobs"] - row["employed_residents"]
        assert row["net_commuting"] == row["in_commuters"] - row["out_commuters"]
        # the matrix keeps every flow: its column sums are jobs, its row sums employed residents
        assert matrix[code].sum() == row["jobs"]
        assert matrix.loc[code].sum() == row["employed_residents"]
    share = self_containment(flows, MEMBERS)
    if 2022 in share.index and not math.isnan(share.loc[2022]):
        assert 0 <= share.loc[2022] <= 1

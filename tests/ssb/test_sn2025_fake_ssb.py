"""Issue 19: an SN2025 table from the fake PxWebApi 2 joins an SN2007 history through the crosswalk.

The SN2025 year is fetched with the real client, read with the package's JSON-stat reader and
summed to the 17 SN2007 groups by ``reference.sn2025`` (the two-digit crosswalk); the SN2007
years keep their own figures. Every expected number below is worked out by hand from the
crosswalk's rows (``src/naering_analysis/data/sn2025_sn2007.csv``).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

from naering_analysis.reference.sn2025 import join_history
from naering_analysis.ssb.client import SSBClient
from naering_analysis.ssb.jsonstat import read_jsonstat
from tests.fake_ssb import FakeSSB, add_document_table, sn2025_dataset

SN2025_JOBS = {
    "_T": 850,  # the total: SSB's SN2025 tables carry it; the join must not count it twice
    "41": 100,
    "42": 50,
    "43": 150,  # 41–43 → group 41-43 (Bygg og anlegg): 300
    "64": 40,
    "65": 20,  # SN2025 L (64–66) is SN2007 K: group 64-66: 60
    "68": 90,  # eiendom (with building projects moved from SN2007 41.1) → group 68-75
    "85": 260,  # undervisning, now with the barnehager (SN2007 88.911) → group 85
    "86": 130,  # → group 86-88
    "zz5": 10,  # unknown → SN2007 00
}


@pytest.fixture
def sn2025_table(fake: FakeSSB) -> FakeSSB:
    add_document_table(fake, "99925", sn2025_dataset(SN2025_JOBS))
    return fake


def test_an_sn2025_year_joins_the_sn2007_history(
    sn2025_table: FakeSSB, make_client: Callable[..., SSBClient]
) -> None:
    client = make_client()
    result = client.data(
        "99925",
        {
            "Region": ["3105"],
            "NACE2025": ["*"],
            "ContentsCode": ["SysselsatteArb"],
            "Tid": ["2025"],
        },
    )
    cells = read_jsonstat(result.data_bytes())
    sn2025 = pd.DataFrame(
        {
            "region_code": cells["Region"],
            "industry_code": cells["NACE2025"],
            "year": cells["Tid"].astype(int),
            "jobs": cells["value"],
        }
    )
    sn2025 = sn2025.loc[sn2025["industry_code"] != "_T"]  # the total is not a division
    history = pd.DataFrame(
        {
            "region_code": "3105",
            "industry_code": ["41-43", "64-66", "68-75", "85", "86-88", "00"],
            "year": 2024,
            "jobs": [310.0, 55.0, 80.0, 150.0, 240.0, 9.0],
        }
    )
    joined = join_history(history, sn2025)
    ahead = joined.loc[joined["year"] == 2025].set_index("industry_code")["jobs"]
    # by hand, from the crosswalk: 41+42+43, 64+65, 68, 85, 86, zz5
    assert ahead.to_dict() == {
        "00": 10.0,
        "41-43": 300.0,
        "64-66": 60.0,
        "68-75": 90.0,
        "85": 260.0,
        "86-88": 130.0,
    }
    assert ahead.sum() == SN2025_JOBS["_T"]  # the divisions add up to SSB's own total
    years = joined.groupby("standard")["year"].unique()
    assert list(years["SN2007"]) == [2024] and list(years["SN2025"]) == [2025]
    # the SN2007 year keeps its own figures (no mixing in the overlap)
    before = joined.loc[joined["year"] == 2024].set_index("industry_code")["jobs"]
    assert before["86-88"] == 240.0 and before["85"] == 150.0

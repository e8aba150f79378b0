"""The 03321 flows frame, on hand-built cells and on real SSB figures (statisticsnorway/pendling)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from naering_analysis.analysis.flows import commuting_balance, self_containment
from naering_analysis.datasets.commuting_flows import tidy_flows
from naering_analysis.reference.regions import region_groups
from tests.real_flows import harmonised_real_03321, provenance_03321

#: Sarpsborg → Fredrikstad, read by hand from data/data_pendling<year>.rds (pyreadr) at the
#: provenance's commit: Bokommuen 0105/3003, ArbstedKomm 0106/3004, ContentsCode Sysselsatte.
SARPSBORG_TO_FREDRIKSTAD = {2017: 4117, 2018: 4095, 2019: 4167, 2020: 4300, 2021: 4512, 2022: 4651}
REGION = list(region_groups()["Søndre Østfold"].codes)


@pytest.fixture(scope="module")
def real_flows() -> pd.DataFrame:
    return tidy_flows(harmonised_real_03321())


def test_provenance_names_the_public_source() -> None:
    meta = provenance_03321()
    assert meta["synthetic"] is False
    assert meta["repository"] == "statisticsnorway/pendling"
    assert len(meta["commit"]) == 40
    assert meta["ssb_table"] == "03321"
    assert {i["path"] for i in meta["inputs"]} >= {"data/data_pendling2022.rds"}


@pytest.mark.parametrize(("year", "persons"), sorted(SARPSBORG_TO_FREDRIKSTAD.items()))
def test_one_real_number_per_year(real_flows: pd.DataFrame, year: int, persons: int) -> None:
    row = real_flows[
        (real_flows["home_code"] == "3105")
        & (real_flows["work_code"] == "3107")
        & (real_flows["year"] == year)
    ]
    assert row["persons"].tolist() == [persons]
    assert row["home_name"].tolist() == ["Sarpsborg"]


def test_real_totals_match_the_provenance_and_11618(real_flows: pd.DataFrame) -> None:
    balance = commuting_balance(real_flows, REGION).set_index(["region_code", "year"])
    totals = {(t["year"], t["region_code"]): t for t in provenance_03321()["totals"]}
    sarpsborg_2022 = totals[(2022, "3003")]
    assert balance.loc[("3105", 2022), "jobs"] == sarpsborg_2022["jobs"] == 29080  # = 11618
    assert balance.loc[("3105", 2022), "employed_residents"] == 27408  # 11618: 27 431 (abroad …)
    assert balance.loc[("3105", 2022), "net_commuting"] == 29080 - 27408


def test_real_self_containment_is_plausible(real_flows: pd.DataFrame) -> None:
    share = self_containment(real_flows, REGION)
    assert list(share.index) == list(range(2017, 2023))
    assert share.between(0.7, 0.95).all()


def test_merged_codes_are_summed_and_a_missing_part_stays_missing() -> None:
    cells = pd.DataFrame(
        {
            "Bokommuen": ["0104", "0136", "0104", "0136"],
            "ArbstedKomm": ["0105", "0105", "0106", "0106"],
            "Tid": ["2019"] * 4,
            "value": [10.0, 5.0, 3.0, math.nan],
        }
    )
    flows = tidy_flows(cells).set_index(["home_code", "work_code"])["persons"]
    assert flows[("3103", "3105")] == 15  # Moss 0104 + Rygge 0136 → Moss 3103
    assert pd.isna(flows[("3103", "3107")])

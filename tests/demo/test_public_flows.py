"""Real 03321 flows (statisticsnorway/pendling) in the offline default, through the build."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from naering_analysis.datasets.build import check_parts
from naering_analysis.datasets.commuting_flows import commuting_flows
from naering_analysis.demo.public import MISSING, NOT_STATED, to_current_borders
from naering_analysis.demo.public_flows import flows_values, public_flows_table
from naering_analysis.reference.regions import region_groups
from naering_analysis.report.flows import flow_key_figures
from naering_analysis.snapshots import latest
from tests.real_data import load_municipality_changes, load_real_11618
from tests.real_flows import CSV_03321, verify_checksum

REGION = list(region_groups()["Søndre Østfold"].codes)
YEARS = range(2017, 2023)


@pytest.fixture(scope="module")
def flows() -> pd.DataFrame:
    return commuting_flows()


def _fixture() -> pd.DataFrame:
    verify_checksum(CSV_03321, CSV_03321.with_suffix("").with_suffix(".provenance.json"))
    return pd.read_csv(CSV_03321, dtype={"home_code": str, "work_code": str})


def test_sarpsborg_to_fredrikstad_every_year_from_the_source(flows):
    # tests/fixtures/real/03321_sondre_ostfold_2017_2022.csv, rows 0105→0106 (2017–2019) and
    # 3003→3004 (2020–2022), i.e. data_pendling{year}.rds @ b3d3448 read by hand:
    by_hand = {2017: 4117, 2018: 4095, 2019: 4167, 2020: 4300, 2021: 4512, 2022: 4651}
    assert flows.attrs["synthetic"] is False
    cell = flows.set_index(["home_code", "work_code", "year"])["persons"]
    assert {year: int(cell["3105", "3107", year]) for year in YEARS} == by_hand
    assert sorted(flows["year"].unique()) == list(YEARS)


def test_flows_into_sarpsborg_add_up_to_real_11618_jobs(flows):
    labour = load_real_11618()
    jobs = labour[labour["region_code"].isin(["0105", "3003"])].set_index("year")["jobs"]
    into = flows[flows["work_code"] == "3105"]
    # 2020: no pair into Sarpsborg is '.' or '..', so the column is complete.
    complete = into[into["year"] == 2020]
    assert complete["persons"].notna().all()
    assert int(complete["persons"].sum()) == jobs[2020] == 28243
    # 2022: Ålesund (1507 then, split into 1508/1580 in 2024) sent 1 person; by lineage it is
    # counted in 1508 Ålesund, so the column is complete and adds up to 11618's 29 080.
    latest_year = into[into["year"] == 2022]
    assert latest_year["persons"].notna().all()
    source = _fixture()
    split = source[(source["year"] == 2022) & (source["home_code"] == "1507")]
    assert int(split.loc[split["work_code"] == "3003", "persons"].sum()) == 1
    from_alesund = latest_year.set_index("home_code")["persons"]
    assert from_alesund["1508"] >= 1 and from_alesund["1580"] == 0
    assert int(latest_year["persons"].sum()) == jobs[2022] == 29080


def test_the_snapshot_is_the_conversion_of_the_test_fixture():
    snapshot = latest("03321")
    check_parts(snapshot)  # data.json is the sparse union of the two saved answers
    document = json.loads(snapshot.data)
    labour = load_real_11618()
    changes = load_municipality_changes()
    columns = ["population_15_74", "employed_residents", "jobs"]
    current = to_current_borders(labour, changes, columns)
    present = set(zip(current["region_code"], current["year"].astype(int), strict=True))
    values = flows_values(_fixture(), changes, present)
    made = public_flows_table(
        values,
        [str(y) for y in YEARS],
        updated=document["updated"],
        lead_note=document["note"][0],
    )
    assert made.data == snapshot.data
    assert list(made.responses) == snapshot.response_bytes()
    origin = snapshot.origin
    assert origin is not None and origin["repository"] == "statisticsnorway/pendling"
    assert origin["commit"].startswith("b3d3448")
    paths = {i["path"] for i in origin["inputs"]}
    assert {f"data/data_pendling{y}.rds" for y in YEARS} <= paths
    assert "0" in origin["derivation"] and "«.»" in origin["derivation"]


def test_flows_values_fills_zero_split_and_absent_by_hand():
    frame = pd.DataFrame(
        {
            "year": [2020, 2020, 2020, 2020],
            "home_code": ["3003", "3003", "1507", "5012"],
            "work_code": ["3003", "3004", "3003", "3003"],
            "persons": [100, 7, 2, 1],
        }
    )
    changes = pd.DataFrame(
        {
            "from_code": ["3003", "3004", "1507", "1507", "5012", "5012", "5061"],
            "year": [2020] * 7,
            "to_code": ["3105", "3107", "1508", "1580", "5055", "5056", "5061"],
            "weight": [1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 1.0],
        }
    )
    everyone = ["3105", "3107", "1508", "1580", "5055", "5056", "5061"]
    present = {(code, 2020) for code in everyone if code != "5061"}
    values = flows_values(frame, changes, present, ["3105"], everyone)
    cell = {(h[2:], w[2:]): v for (h, w, _y), v in values.items()}
    assert cell["3105", "3105"] == (100, None)
    assert cell["3105", "3107"] == (7, None)
    assert cell["3107", "3105"] == (0, None)  # not listed: the source keeps zeros, so 0
    # 1507 Ålesund (2020) follows its lineage: whole to 1508 Ålesund, none to 1580 Haram.
    assert cell["1508", "3105"] == (2, None) and cell["1580", "3105"] == (0, None)
    # Another split code (5012 here, weights 0,5/0,5) with a person in it cannot be stated.
    assert cell["5055", "3105"] == cell["5056", "3105"] == (None, NOT_STATED)
    assert cell["3105", "5055"] == (0, None)  # a zero flow is 0 however the code was split
    assert cell["5061", "3105"] == cell["3105", "5061"] == (None, MISSING)
    assert len(values) == 2 * len(everyone) - 1  # 3105 → 3105 once
    with pytest.raises(ValueError, match="no flows for the members"):
        flows_values(frame, changes, present, ["3105", "1580"], everyone)
    with pytest.raises(ValueError, match="no current code"):
        flows_values(frame.assign(home_code="9999"), changes, present, ["3105"], everyone)


def test_key_figures_say_real(flows):
    figures = flow_key_figures(flows, "3105", REGION)
    assert figures["synthetic"] is False and figures["year"] == 2022
    # With 1507 Ålesund whole to 1508 (its lineage) no 2022 pair is '.', so the share is the
    # source's own: 87,5 % of the region's jobs are held by its residents (read by hand from
    # the fixture: flows within the region over all flows into it).
    assert figures["self_containment"] is not None
    assert abs(figures["self_containment"] - 0.875) < 0.001
    own = flows[flows["home_code"].isin(REGION) & flows["work_code"].isin(REGION)]
    assert own["persons"].notna().all()

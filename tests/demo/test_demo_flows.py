"""The synthetic 03321 (commuting flows) adds up to the demo's 11618 and has SSB's shape."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.demo import calibration as cal
from naering_analysis.demo.flows import REGION, region_flows
from naering_analysis.demo.generate import generate_table
from naering_analysis.demo.people import commuting
from naering_analysis.ssb.jsonstat import read_jsonstat, read_jsonstat_covered
from tests.fake_ssb import demo_folder

OSTFOLD = list(cal.MUNICIPALITIES)


@pytest.fixture(scope="module")
def demo():
    return generate_table("03321")


@pytest.fixture(scope="module")
def labour():
    cells = read_jsonstat((demo_folder("11618") / "data.json").read_bytes())
    return cells.set_index(["Region", "ContentsCode", "Tid"])["value"]


def test_two_parts_one_per_end_of_the_flows(demo):
    assert [q["level"] for q in demo.query] == ["home_region", "work_region"]
    first, second = (json.loads(r) for r in demo.responses)
    assert first["id"] == ["Bokommuen", "ArbstedKomm", "ContentsCode", "Tid"]
    assert first["role"] == {
        "time": ["Tid"],
        "geo": ["Bokommuen", "ArbstedKomm"],
        "metric": ["ContentsCode"],
    }
    assert first["size"] == [5, 357, 1, 11] and second["size"] == [357, 5, 1, 11]
    assert first["dimension"]["Bokommuen"]["category"]["label"]["K-3105"] == "Sarpsborg"
    assert all(isinstance(v, int) and v >= 0 for v in [*first["value"], *second["value"]])


def test_data_json_is_the_sparse_union_of_the_parts(demo):
    doc = json.loads(demo.data)
    assert doc["size"] == [357, 357, 1, 11]
    assert isinstance(doc["value"], dict)
    assert len(doc["value"]) == (2 * 5 * 357 - 5 * 5) * 11  # the region's own flows once
    combined = read_jsonstat_covered(demo.data)
    parts = [read_jsonstat(r) for r in demo.responses]
    keys = ["Bokommuen", "ArbstedKomm", "Tid"]
    every = {tuple(row) for part in parts for row in part[[*keys, "value"]].to_numpy()}
    assert {tuple(row) for row in combined[[*keys, "value"]].to_numpy()} == every


def test_flows_add_up_to_the_demos_employed_residents_and_jobs_exactly(demo, labour):
    cells = read_jsonstat_covered(demo.data)
    for year in cal.JOB_YEARS:
        part = cells[cells["Tid"] == str(year)]
        for code in REGION:
            k = f"K-{code}"
            residents = part.loc[part["Bokommuen"] == k, "value"].sum()
            jobs = part.loc[part["ArbstedKomm"] == k, "value"].sum()
            assert residents == labour[(k, "SysselBosted", str(year))], (code, year)
            assert jobs == labour[(k, "SysselArbsted", str(year))], (code, year)


@settings(max_examples=12, deadline=None)
@given(
    members=st.lists(st.sampled_from(OSTFOLD), min_size=1, max_size=5, unique=True),
    year=st.sampled_from(cal.JOB_YEARS),
)
def test_any_region_of_ostfold_gets_flows_that_close_exactly(members, year):
    # the identities: Σ over workplaces = employed residents, Σ over homes = jobs (11616)
    flows = region_flows(year, members)
    assert min(flows.values()) >= 0
    for m in members:
        residents, inward, outward, jobs = commuting(m)[year]
        assert sum(v for (h, _w), v in flows.items() if h == m) == residents
        assert sum(v for (_h, w), v in flows.items() if w == m) == jobs
        assert flows[(m, m)] == residents - outward == jobs - inward

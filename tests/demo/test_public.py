"""Real public figures in the offline default: 11618 (statisticsnorway/pendling), 07459 (csdata)."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from naering_analysis.datasets import frames
from naering_analysis.demo.public import (
    MISSING,
    NOT_STATED,
    labour_values,
    public_table,
    to_current_borders,
)
from naering_analysis.errors import SnapshotError
from naering_analysis.snapshots import damaged_snapshots, latest, read_snapshot, save_snapshot
from tests.helpers import RAW
from tests.real_data import load_municipality_changes, load_real_11618

REAL_TABLES = ("11618", "07459", "03321")


def _copy(tmp_path: Path, table: str) -> Path:
    shutil.copytree(RAW / table, tmp_path / table)
    for path in (tmp_path / table).rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return tmp_path


@pytest.mark.parametrize("table", REAL_TABLES)
def test_the_offline_default_is_real_with_its_origin(table):
    snapshot = latest(table)
    assert snapshot.synthetic is False
    origin = snapshot.origin
    assert origin is not None
    assert origin["script"] == "scripts/make_public_snapshots.py"
    assert len(origin["commit"]) == 40 and origin["inputs"]
    assert json.loads(snapshot.data)["note"][0].startswith("Ekte SSB-tall omregnet fra")


def test_sarpsborg_jobs_2022_from_pendling_through_the_build():
    # tests/fixtures/real/11618_kommune_2017_2022.csv, row "3003,Sarpsborg,2022,43601,27431,29080"
    # (statisticsnorway/pendling data/data_kommune2022.rds @ b3d3448, SysselArbsted for 3003).
    fixture = load_real_11618()
    row = fixture[(fixture["region_code"] == "3003") & (fixture["year"] == 2022)].iloc[0]
    assert (row["jobs"], row["employed_residents"], row["population_15_74"]) == (
        29080,
        27431,
        43601,
    )
    labour = frames.labour()
    assert labour.attrs["synthetic"] is False
    cell = labour.set_index(["region_code", "year", "measure"])["persons"]
    assert cell["3105", 2022, "jobs"] == 29080
    assert cell["3105", 2022, "residents_employed"] == 27431
    # Moss 2017 is old Moss (0104) plus Rygge (0136): 13 808 + 5 795 in the fixture.
    moss = fixture[fixture["region_code"].isin(["0104", "0136"]) & (fixture["year"] == 2017)]
    assert sorted(moss["jobs"].tolist()) == [5795, 13808]
    assert cell["3103", 2017, "jobs"] == 13808 + 5795
    assert sorted(labour["year"].unique()) == list(range(2017, 2023))


def test_sarpsborg_population_2025_from_csdata_through_the_build():
    # niphr/csdata R/sysdata.rda @ 5934512, nor_population_by_age_b2024, municip_nor3105,
    # calyear 2025, sex "total", summed over ages 0-105: 60 139 (SSB publishes 60 139 too).
    population = frames.population()
    assert population.attrs["synthetic"] is False
    by = population.set_index(["region_code", "year"])["population"]
    assert by["3105", 2025] == 60139
    assert by["3105", 2017] == 55127  # SSB's published figure (DOMAIN.md)
    # csdata carries 2026 forward to 2036 (imputed); none of those years is in the snapshot.
    assert population["year"].max() == 2026 and population["year"].min() == 2008


def test_the_11618_snapshot_is_the_conversion_of_the_test_fixture():
    values = labour_values(load_real_11618(), load_municipality_changes())
    snapshot = latest("11618")
    origin = snapshot.origin
    assert origin is not None
    document = json.loads(snapshot.data)
    made = public_table(
        "11618",
        values,
        [str(y) for y in range(2017, 2023)],
        updated=document["updated"],
        lead_note=document["note"][0],
    )
    assert made.data == snapshot.data


def test_current_borders_sum_merges_and_leave_splits_empty():
    frame = pd.DataFrame(
        {
            "region_code": ["0104", "0136", "1504", "1534", "0104"],
            "year": [2019, 2019, 2019, 2019, 2020],
            "jobs": pd.array([10, 5, 7, 3, None], dtype="Int64"),
        }
    )
    changes = pd.DataFrame(
        {
            "from_code": ["0104", "0136", "1504", "1504", "1534", "1534", "0104"],
            "year": [2019, 2019, 2019, 2019, 2019, 2019, 2020],
            "to_code": ["3103", "3103", "1508", "1580", "1508", "1580", "3103"],
            "weight": [1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 1.0],
        }
    )
    out = to_current_borders(frame, changes, ["jobs"]).set_index(["region_code", "year"])
    assert out.loc[("3103", 2019), "jobs"] == 15  # 10 + 5
    assert out.loc[("3103", 2019), "status"] is None
    assert pd.isna(out.loc[("1508", 2019), "jobs"]) and out.loc[("1508", 2019), "status"] == "."
    assert ("3103", 2020) not in out.index  # no figure in the source: answered ".."
    assert (NOT_STATED, MISSING) == (".", "..")
    with pytest.raises(ValueError, match="no current code"):
        to_current_borders(frame.head(1).assign(region_code="9999"), changes, ["jobs"])


def test_a_later_fetch_wins_over_the_converted_figures(tmp_path):
    root = _copy(tmp_path, "07459")
    converted = latest("07459", root=root)
    saved = save_snapshot(
        "07459",
        [converted.data],
        urls=["https://data.ssb.no/api/pxwebapi/v2/tables/07459/data"],
        query={},
        fetched_at=datetime(2026, 1, 5, tzinfo=UTC),  # even an older date: a fetch is SSB's own
        root=root,
    )
    chosen = latest("07459", root=root)
    assert chosen.path == saved.path and chosen.origin is None and not chosen.synthetic


def test_a_synthetic_snapshot_cannot_claim_an_origin(tmp_path):
    root = _copy(tmp_path, "07459")
    origin = latest("07459", root=root).origin
    with pytest.raises(ValueError, match="origin"):
        save_snapshot(
            "07459",
            [b"{}"],
            urls=["u"],
            query={},
            synthetic=True,
            generator="x",
            origin=origin,
            root=root,
        )


def test_a_tampered_origin_sets_the_snapshot_aside(tmp_path):
    root = _copy(tmp_path, "07459")
    folder = latest("07459", root=root).path
    provenance_path = folder / "provenance.json"
    provenance = json.loads(provenance_path.read_text("utf-8"))
    del provenance["origin"]["commit"]
    provenance_path.write_text(json.dumps(provenance), "utf-8")
    with pytest.raises(SnapshotError, match="origin"):
        read_snapshot(folder)
    assert [d.path for d in damaged_snapshots("07459", root=root)] == [folder]
    assert latest("07459", root=root).synthetic is True  # set aside; the demo answers instead

"""Tidy frames from the demo snapshot: vocabulary, harmonisation, schema, provenance."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from naering_analysis.config import paths
from naering_analysis.datasets import frames
from naering_analysis.errors import SchemaError, SnapshotError
from naering_analysis.snapshots import latest, save_snapshot

RAW = paths(Path(__file__).resolve().parents[2]).raw


@pytest.fixture(scope="module")
def employment():
    return frames.employment(root=RAW)


def test_employment_has_the_contract_columns_and_types(employment):
    assert list(employment.columns) == [
        "region_code",
        "region_name",
        "industry_code",
        "industry_name",
        "bransje",
        "year",
        "jobs",
        "status",
    ]
    assert str(employment["jobs"].dtype) == "Int64"
    assert employment["year"].dtype.kind == "i"
    assert set(employment["region_code"]) >= {"3105", "3107", "3101", "3110", "3120", "31", "0"}
    assert employment["industry_code"].nunique() == 21  # 17 groups, four split in two
    assert employment.attrs["industry_level"] == "tosifret"
    assert frames.sn2007_groups(employment)["industry_code"].nunique() == 17


def test_demo_frames_are_marked_synthetic(employment):
    assert employment.attrs["synthetic"] is True
    assert "Illustrasjonsdata" in employment.attrs["source"]
    assert employment.attrs["provenance"][0]["synthetic"] is True


def test_sarpsborg_2023_matches_the_calibration(employment):
    sarpsborg = employment[(employment.region_code == "3105") & (employment.year == 2023)]
    assert sarpsborg["jobs"].sum() == 29_399
    assert set(sarpsborg["region_name"]) == {"Sarpsborg"}


def test_sector_frame_splits_private_and_public():
    sector = frames.employment_by_sector(root=RAW)
    assert set(sector["sector_code"]) == {"all", "private", "public"}
    totals = sector.groupby(["region_code", "year", "sector_code"])["jobs"].sum().unstack()
    pd.testing.assert_series_equal(
        totals["all"], totals["private"] + totals["public"], check_names=False
    )


def test_long_series_flags_the_2015_break():
    long = frames.employment_long(root=RAW)
    assert long.attrs["series_break_year"] == 2015
    assert long.loc[long["year"] == 2015, "break_before"].all()
    assert not long.loc[long["year"] != 2015, "break_before"].any()
    assert set(long.loc[long.year < 2015, "series"]) == {"2008–2014"}


def test_population_and_commuting_identity():
    pop = frames.population(root=RAW)
    sarpsborg = pop[(pop.region_code == "3105")].set_index("year")["population"]
    assert sarpsborg[2025] == 60_139
    com = frames.commuting(root=RAW)
    s = com[(com.region_code == "3105") & (com.year == 2023)].set_index("measure")["persons"]
    assert s["residents_employed"] + s["in_commuters"] - s["out_commuters"] == s["jobs"] == 29_399


def _copy_table(tmp_path: Path, table: str) -> Path:
    dest = tmp_path / table
    shutil.copytree(RAW / table, dest)
    for path in dest.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return tmp_path


def test_old_codes_in_a_snapshot_are_harmonised_and_summed(tmp_path):
    """A response without agg_KommSummer (old codes 0105 and 3003) becomes one 3105 series."""
    doc = {
        "version": "2.0",
        "class": "dataset",
        "label": "13470: test",
        "source": "Statistisk sentralbyrå",
        "updated": "2026-01-01T08:00:00Z",
        "id": ["Region", "NACE2007", "ContentsCode", "Tid"],
        "size": [2, 1, 1, 2],
        "dimension": {
            "Region": {
                "category": {
                    "index": {"0105": 0, "3003": 1},
                    "label": {"0105": "Sarpsborg (-2019)", "3003": "Sarpsborg (2020-2023)"},
                }
            },
            "NACE2007": {"category": {"index": {"10-33": 0}, "label": {"10-33": "Industri"}}},
            "ContentsCode": {
                "category": {
                    "index": {"SysselsatteArb": 0},
                    "label": {"SysselsatteArb": "Sysselsatte"},
                }
            },
            "Tid": {
                "category": {
                    "index": {"2019": 0, "2020": 1},
                    "label": {"2019": "2019", "2020": "2020"},
                }
            },
        },
        "value": [100, 0, 0, 110],
        "extension": {"px": {"tableid": "13470"}},
    }
    save_snapshot(
        "13470", [json.dumps(doc).encode()], urls=["http://test"], query={}, root=tmp_path
    )
    tidy = frames.employment(root=tmp_path)
    assert tidy["region_code"].unique().tolist() == ["3105"]
    assert tidy.set_index("year")["jobs"].to_dict() == {2019: 100, 2020: 110}
    assert tidy.attrs["synthetic"] is False
    assert "Illustrasjonsdata" not in tidy.attrs["source"]


def test_wrong_contents_code_names_the_table(tmp_path):
    root = _copy_table(tmp_path, "13470")
    folder = next((root / "13470").iterdir())
    with pytest.raises(SchemaError, match="13470"):
        frames._pick_contents(frames.read_jsonstat(folder / "data.json"), "13470", "Nope")


def test_missing_named_snapshot_is_a_clear_error():
    with pytest.raises(SnapshotError, match="naering snapshots"):
        frames.employment("1999-01-01", root=RAW)


def test_tampered_snapshot_is_refused(tmp_path, caplog):
    root = _copy_table(tmp_path, "07459")
    real = latest("07459", root=root).path  # the real figures from niphr/csdata
    data = real / "data.json"
    assert b"60139" in data.read_bytes()  # Sarpsborg 1 January 2025
    data.write_bytes(data.read_bytes().replace(b"60139", b"60140"))
    with pytest.raises(SnapshotError, match=r"data\.json"):
        frames.population(real)
    # The default sets the damaged folder aside, names it, and falls back to the demo, which
    # every output then marks as illustration.
    fallback = frames.population(root=root)
    assert fallback.attrs["synthetic"] is True
    assert str(real) in caplog.text

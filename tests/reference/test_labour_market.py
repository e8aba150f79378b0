"""The labour-market regions (BA-regioner): the data file, its checks, and the business region."""

from __future__ import annotations

from pathlib import Path

import pytest

from naering_analysis.errors import MappingError
from naering_analysis.reference.division import current_division
from naering_analysis.reference.labour_market import (
    LABOUR_MARKET_FILE,
    labour_market_region,
    load_labour_market_regions,
)
from naering_analysis.reference.peers import among, for_municipality, peer_groups, peer_members
from naering_analysis.reference.regions import region_name
from naering_analysis.reference.terms import categories

DATA = Path(__file__).parents[2] / "src" / "naering_analysis" / "data" / LABOUR_MARKET_FILE


def test_every_municipality_has_one_region_and_the_file_says_where_it_comes_from() -> None:
    regions = load_labour_market_regions()
    assert sorted(regions) == sorted(current_division().codes)
    assert len({r.code for r in regions.values()}) == 159
    header = [line for line in DATA.read_text("utf-8").splitlines() if line.startswith("#")]
    text = " ".join(header)
    assert "niphr/csdata" in text and "NIBR-rapport 2013:1" in text and "sha256" in text
    # Read by hand in baregioner_2024.xlsx: «3 Fredrikstad/Sarpsborg» holds Sarpsborg,
    # Fredrikstad, Råde and Hvaler; Rindal (1567 in the sheet, 5061 today) is in «86 Surnadal».
    sarpsborg = labour_market_region("3105")
    assert (sarpsborg.code, sarpsborg.name) == ("003", "Fredrikstad/Sarpsborg")
    assert sarpsborg.members == ("3105", "3107", "3110", "3112")
    assert labour_market_region("5061").name == "Surnadal"


def _rows(tmp_path: Path, body: str) -> Path:
    header = DATA.read_text("utf-8").splitlines()
    columns = next(line for line in header if not line.startswith("#"))
    path = tmp_path / "ba.csv"
    path.write_text(columns + "\n" + body, "utf-8")
    return path


def test_a_broken_file_is_refused_with_the_row(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match=r"rad 2 \(kommune '9999'\): ikke en kommune"):
        load_labour_market_regions(_rows(tmp_path, "9999,Ingen,001,X\n"))
    with pytest.raises(MappingError, match="BA-region 001 har to navn"):
        load_labour_market_regions(
            _rows(tmp_path, "3105,Sarpsborg,001,A\n3107,Fredrikstad,001,B\n")
        )
    with pytest.raises(MappingError, match="mangler"):
        load_labour_market_regions(_rows(tmp_path, "3105,Sarpsborg,003,Fredrikstad/Sarpsborg\n"))


def test_the_business_region_is_the_programmes_for_its_members_and_the_ba_region_elsewhere() -> (
    None
):
    group = peer_groups().groups["naeringsregion"]
    assert for_municipality(group, "3120").name == "Søndre Østfold"  # a member: the programme's
    assert peer_members(group, "3120") == ("3101", "3105", "3107", "3110", "3120")
    moss = for_municipality(group, "3103")  # Østfold, but outside Søndre Østfold
    assert moss.name == "BA-region Moss" and peer_members(moss, "3103") == (
        "3103",
        "3114",
    )  # Våler (Østfold)
    assert among(moss.name) == "i BA-region Moss"
    assert among("Kommuner av lignende størrelse") == "blant kommuner av lignende størrelse"


def test_every_municipality_has_its_name_and_ba_regions_are_places() -> None:
    assert region_name("4003") == "Skien" and region_name("K-5501") == "Tromsø"
    assert all(region_name(code) == name for code, name in current_division().names.items())
    assert categories()["BA-region Skien/Porsgrunn"].startswith("Region")

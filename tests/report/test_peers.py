"""The peer comparison as the report uses it: groups, ranks, the table, figures and key figures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from naering_analysis.errors import AnalysisError
from naering_analysis.report.peers import (
    TABLE_COLUMNS,
    PeerFrames,
    compare,
    default_periods,
    export_peer_table,
    figures,
    key_ranks,
    peer_table,
)
from tests.helpers import national_panel


@pytest.fixture(scope="module")
def panel() -> PeerFrames:
    return PeerFrames(**national_panel())


@pytest.fixture(scope="module")
def comparison(panel: PeerFrames):
    return compare(panel, "3105", 2017, 2022)


def test_groups_are_resolved_for_the_municipality(panel: PeerFrames, comparison) -> None:
    groups = comparison.groups
    assert list(groups) == [
        "Kommuner av lignende størrelse",
        "Fylket",
        "Søndre Østfold",
        "Hele landet",
    ]
    assert len(groups["Fylket"]) == 12 and len(groups["Hele landet"]) == 357
    assert groups["Søndre Østfold"] == ("3101", "3105", "3107", "3110", "3120")
    # The population band, checked independently: 0.5–2 times Sarpsborg's population in 2022.
    pop = panel.population.query("year == 2022").set_index("region_code")["population"]
    own = pop["3105"]
    expected = sorted(pop[(pop >= 0.5 * own) & (pop <= 2 * own)].index)
    assert list(comparison.members) == expected


def test_a_municipality_elsewhere_is_named_and_ranked_in_its_ba_region(panel: PeerFrames) -> None:
    """Skien (4003) was shown as «4003» and ranked «nr. 1 av 1» in Søndre Østfold."""
    skien = compare(panel, "4003", 2017, 2022)
    assert skien.region_name == "Skien"
    assert list(skien.groups) == [
        "Kommuner av lignende størrelse",
        "Fylket",
        "BA-region Skien/Porsgrunn",
        "Hele landet",
    ]
    # The BA-region as the data file lists it (labour_market_regions.csv, read by hand).
    assert skien.groups["BA-region Skien/Porsgrunn"] == (
        "4001",
        "4003",
        "4010",
        "4012",
        "4016",
        "4018",
    )
    assert skien.where("BA-region Skien/Porsgrunn") == "i BA-region Skien/Porsgrunn"
    sizes = key_ranks(skien)["group_sizes"]
    assert sizes["BA-region Skien/Porsgrunn"] == 6 and sizes["Fylket"] == len(
        skien.groups["Fylket"]
    )
    assert all("4003" not in line for line in key_ranks(skien)["summary"])


def test_ranks_agree_with_counting(comparison) -> None:
    m = comparison.measures.set_index("region_code")["attractiveness_annual_pp"]
    county = m[list(comparison.groups["Fylket"])]
    expected = 1 + int((county > county["3105"]).sum())
    row = comparison.ranks.query("measure == 'attractiveness_annual_pp' and group == 'Fylket'")
    assert int(row["rank"].iloc[0]) == expected
    assert row["text"].iloc[0] == f"nr. {expected} av 12"


def test_the_table_has_norwegian_headers_and_one_row_per_member(comparison, tmp_path: Path) -> None:
    table = peer_table(comparison)
    assert list(table.columns) == list(TABLE_COLUMNS.values())
    assert not any(re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", c) for c in table.columns)
    assert len(table) == len(comparison.members)
    assert table["Rangering på attraktivitet"].tolist() == sorted(
        table["Rangering på attraktivitet"]
    )
    written = export_peer_table(comparison, tmp_path)
    assert {p.name for p in written.values()} == {
        "12_sammenligning_2017_2022.xlsx",
        "12_sammenligning_2017_2022.csv",
    }
    assert "Illustrasjonsdata" in written["csv"].read_text(encoding="utf-8-sig")


def test_two_council_figures_with_sources_and_demo_mark(comparison) -> None:
    made = figures(comparison)
    assert [cf.name for cf in made] == [
        "10_attraktivitet_2017_2022",
        "11_vekst_mot_struktur_2017_2022",
    ]
    assert all(cf.synthetic and "13470" in cf.source for cf in made)
    # They draw jobs only: 13470 is cited, not the other tables behind the measures.
    assert not any("11616" in cf.source or "07459" in cf.source for cf in made)


def test_key_ranks_are_json_ready(comparison) -> None:
    data = key_ranks(comparison)
    json.dumps(data)
    rank = data["measures"]["attractiveness_annual_pp"]["ranks"]["Hele landet"]
    assert rank["of"] == 357 and rank["text"].startswith("nr. ")


def test_default_periods() -> None:
    jobs = pd.DataFrame({"year": [2015, 2025]})
    assert default_periods(jobs) == [(2017, 2022), (2020, 2025)]
    assert default_periods(pd.DataFrame({"year": [2017, 2022]})) == [(2017, 2022)]


def test_clear_errors(panel: PeerFrames) -> None:
    with pytest.raises(AnalysisError, match="finnes ikke"):
        compare(panel, "3105", 2017, 2022, group_id="ukjent")
    small = PeerFrames(jobs=panel.jobs.query("region_code in ['0', '3101']"))
    with pytest.raises(AnalysisError, match="alle-kommuner"):
        compare(small, "3105", 2017, 2022)
    no_population = PeerFrames(jobs=panel.jobs)
    with pytest.raises(AnalysisError, match="07459"):
        compare(no_population, "3105", 2017, 2022)

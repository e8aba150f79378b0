"""Today's division and the peer groups: loading validates every code."""

from __future__ import annotations

from pathlib import Path

import pytest

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.division import current_division, load_division
from naering_analysis.reference.peers import PeerGroup, load_peer_groups, peer_groups, peer_members


def test_the_division_has_357_municipalities_in_15_counties() -> None:
    division = current_division()
    assert len(division) == 357
    assert len(set(division.counties.values())) == 15
    ostfold = ("3101", "3103", "3105", "3107", "3110", "3112", "3114", "3116", "3118", "3120")
    assert division.members("31") == (*ostfold, "3122", "3124")
    assert len(division.members("31")) == 12
    assert division.name("1818") == "Herøy (Nordland)"


def test_unknown_codes_are_clear_errors() -> None:
    division = current_division()
    with pytest.raises(UnknownCodeError, match="3003"):
        division.name("3003")  # a 2020-2023 code, not a current one
    with pytest.raises(UnknownCodeError, match="99"):
        division.members("99")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_division_file_names_row_and_problem(tmp_path: Path) -> None:
    cases = {
        "code,name,county_code\n310,Sarpsborg,31\n": "fire sifre",
        "code,name,county_code\n3105,Sarpsborg,31\n3105,Sarpsborg,31\n": "to ganger",
        "code,name,county_code\n3105,Sarpsborg,32\n": "fylket",
        "code,name\n3105,Sarpsborg\n": "kolonnene",
        "code,name,county_code\n3105,Sarpborg,31\n": "uenige",
    }
    for text, message in cases.items():
        with pytest.raises(MappingError, match=message):
            load_division(write(tmp_path, "d.csv", text))


def test_peer_groups_load_and_resolve() -> None:
    groups = peer_groups()
    assert groups.default == "lignende_storrelse"
    assert {g.kind for g in groups.groups.values()} == {
        "population_ratio",
        "county",
        "region_group",
        "country",
        "codes",
    }
    assert peer_members(groups.groups["naeringsregion"], "3105") == (
        "3101",
        "3105",
        "3107",
        "3110",
        "3120",
    )
    assert len(peer_members(groups.groups["landet"], "3105")) == 357
    own = peer_members(groups.groups["byer_ostlandet"], "4601")
    assert "4601" in own  # the municipality always joins its own group


def test_population_band_by_hand() -> None:
    band = PeerGroup(id="b", name="B", population_ratio=(0.5, 2.0))
    population = {"3105": 60000, "3101": 30000, "3103": 29999, "3107": 120000, "4601": 120001}
    assert peer_members(band, "3105", population) == ("3101", "3105", "3107")
    with pytest.raises(MappingError, match="07459"):
        peer_members(band, "3105", {"3101": 1})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  - id: x\n    name: X\n    codes: ['3105', '9999']\n", "9999"),
        ("  - id: x\n    name: X\n    county: true\n    country: true\n", "nøyaktig én"),
        ("  - id: x\n    name: X\n", "nøyaktig én"),
        ("  - id: x\n    name: X\n    population_ratio: [2, 3]\n", "nedre"),
        ("  - id: x\n    name: X\n    region_group: Finnes ikke\n", "Finnes ikke"),
        ("  - id: X-1\n    name: X\n    country: true\n", "små bokstaver"),
        ("  - id: x\n    name: X\n    country: true\n    colour: red\n", "colour"),
    ],
)
def test_a_bad_peer_group_file_names_the_problem(tmp_path: Path, body: str, message: str) -> None:
    path = write(tmp_path, "p.yaml", "default: x\ngroups:\n" + body)
    with pytest.raises(MappingError, match=message):
        load_peer_groups(path)


def test_default_must_be_a_group(tmp_path: Path) -> None:
    path = write(
        tmp_path, "p.yaml", "default: y\ngroups:\n  - id: x\n    name: X\n    country: true\n"
    )
    with pytest.raises(MappingError, match="default"):
        load_peer_groups(path)

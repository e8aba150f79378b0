"""Labour-market regions (bo- og arbeidsmarkedsregioner, BA-regioner) of today's municipalities.

Package data ``data/labour_market_regions.csv``: the 159 BA-regions of Gundersen and Juvkam
(NIBR-rapport 2013:1) for the 357 municipalities of 2024, from niphr/csdata (the file's header gives
repository, commit and checksum; ``scripts/convert_csdata_baregions.py`` writes it). The peer
comparison uses a municipality's BA-region as its business region when the programme's own region
(Søndre Østfold in ``region_groups.yaml``) does not hold it.

>>> region = labour_market_region("4003")
>>> region.label, region.members
('BA-region Skien/Porsgrunn', ('4001', '4003', '4010', '4012', '4016', '4018'))
>>> labour_market_region("3105").members
('3105', '3107', '3110', '3112')
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.datafiles import read_data_text
from naering_analysis.reference.division import Division, current_division

LABOUR_MARKET_FILE = "labour_market_regions.csv"
_COLUMNS = ["code", "name", "region_code", "region_name"]


@dataclass(frozen=True)
class LabourMarketRegion:
    """One BA-region: its three-digit number, name and member municipalities (sorted codes)."""

    code: str
    name: str
    members: tuple[str, ...]

    @property
    def label(self) -> str:
        """The name readers see, e.g. ``"BA-region Skien/Porsgrunn"``."""
        return f"BA-region {self.name}"


def load_labour_market_regions(
    path: Path | None = None, division: Division | None = None
) -> dict[str, LabourMarketRegion]:
    """Load the file and return each current municipality's region (code → region).

    Raises
    ------
    MappingError
        If a column, a municipality or a region is wrong: every current municipality must be
        listed exactly once, and one region number has one name.
    """
    text, source = read_data_text(path, LABOUR_MARKET_FILE)
    division = division or current_division()
    reader = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    if reader.fieldnames != _COLUMNS:
        raise MappingError(f"{source}: kolonnene må være {_COLUMNS}, fant {reader.fieldnames}.")
    region_of: dict[str, str] = {}
    names: dict[str, str] = {}
    for number, row in enumerate(reader, start=2):
        code, region = row["code"].strip(), row["region_code"].strip()
        where = f"{source}, rad {number} (kommune {code!r})"
        if code not in division.names:
            raise MappingError(f"{where}: ikke en kommune i dagens inndeling.")
        if code in region_of:
            raise MappingError(f"{where}: kommunen står to ganger.")
        if not (region.isdigit() and len(region) == 3) or not row["region_name"].strip():
            raise MappingError(f"{where}: BA-regionen må ha et tresifret nummer og et navn.")
        if names.setdefault(region, row["region_name"].strip()) != row["region_name"].strip():
            raise MappingError(f"{where}: BA-region {region} har to navn.")
        region_of[code] = region
    missing = sorted(set(division.names) - set(region_of))
    if missing:
        raise MappingError(f"{source}: kommunene {missing} mangler; legg dem til.")
    members: dict[str, list[str]] = {}
    for code, region in sorted(region_of.items()):
        members.setdefault(region, []).append(code)
    regions = {r: LabourMarketRegion(r, names[r], tuple(m)) for r, m in members.items()}
    return {code: regions[region] for code, region in region_of.items()}


@lru_cache(maxsize=1)
def _package_regions() -> dict[str, LabourMarketRegion]:
    return load_labour_market_regions()


def labour_market_region(kommune: str) -> LabourMarketRegion:
    """Return the BA-region of a current municipality (UnknownCodeError for another code)."""
    regions = _package_regions()
    if kommune not in regions:
        raise UnknownCodeError(
            f"{kommune!r} er ikke en av dagens kommuner, så den har ingen BA-region "
            f"({LABOUR_MARKET_FILE})."
        )
    return regions[kommune]


def labour_market_labels() -> tuple[str, ...]:
    """Every BA-region's label, sorted (for the terms registry: a region is a place)."""
    return tuple(sorted({region.label for region in _package_regions().values()}))

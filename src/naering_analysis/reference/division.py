"""Today's municipal division: every current municipality with its name and county.

Package data ``data/current_municipalities.csv`` (SSB KLASS 131, the version in force from
1 January 2024). It answers "which municipalities exist now, and in which county", which the
national comparison, the peer groups and the demo's national panel need. The history of older
codes stays in ``municipalities.csv`` (:mod:`.regions`); loading checks the two agree.

>>> division = current_division()
>>> len(division), division.name("3105"), division.county("3105")
(357, 'Sarpsborg', '31')
>>> division.members("31")[:3]
('3101', '3103', '3105')
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.datafiles import read_data_text
from naering_analysis.reference.regions import CodeHistory, load_code_history

DIVISION_FILE = "current_municipalities.csv"
_COLUMNS = ["code", "name", "county_code"]


@dataclass(frozen=True)
class Division:
    """Current municipalities (code → name) and their counties (code → county code)."""

    names: Mapping[str, str]
    counties: Mapping[str, str]
    source: str

    def __len__(self) -> int:
        return len(self.names)

    @property
    def codes(self) -> tuple[str, ...]:
        """All current municipality codes, sorted."""
        return tuple(sorted(self.names))

    def _require(self, code: str) -> str:
        if code not in self.names:
            raise UnknownCodeError(
                f"{code!r} er ikke en av dagens kommuner i {self.source}. Bruk dagens firesifrede "
                'kommunenummer (f.eks. "3105" for Sarpsborg).'
            )
        return code

    def name(self, code: str) -> str:
        """Return the Norwegian name of a current municipality."""
        return self.names[self._require(code)]

    def county(self, code: str) -> str:
        """Return the two-digit county code of a current municipality."""
        return self.counties[self._require(code)]

    def members(self, county: str) -> tuple[str, ...]:
        """Return the current municipalities of a county, sorted; an unknown county raises."""
        codes = tuple(sorted(c for c, k in self.counties.items() if k == county))
        if not codes:
            raise UnknownCodeError(f"Fylket {county!r} har ingen kommuner i {self.source}.")
        return codes


def _parse(text: str, source: str, history: CodeHistory) -> Division:
    rows = [line for line in text.splitlines() if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(rows)))
    if reader.fieldnames != _COLUMNS:
        raise MappingError(f"{source}: kolonnene må være {_COLUMNS}, fant {reader.fieldnames}.")
    current_counties = {c for c, r in history.counties.items() if r.valid_to is None}
    names: dict[str, str] = {}
    counties: dict[str, str] = {}
    for number, row in enumerate(reader, start=2):
        code, name, county = row["code"].strip(), row["name"].strip(), row["county_code"].strip()
        where = f"{source}, rad {number} (kode {code!r})"
        if not (code.isdigit() and len(code) == 4):
            raise MappingError(f"{where}: et kommunenummer har fire sifre.")
        if code in names:
            raise MappingError(f"{where}: koden står to ganger.")
        if not name:
            raise MappingError(f"{where}: navn mangler.")
        if county not in current_counties or not code.startswith(county):
            raise MappingError(
                f"{where}: fylket {county!r} er ikke et av dagens fylker i counties.csv, eller "
                "passer ikke med de to første sifrene i kommunenummeret."
            )
        names[code], counties[code] = name, county
    for code, record in history.municipalities.items():
        if record.valid_to is None and names.get(code) != record.name:
            raise MappingError(
                f"{source} og {history.municipality_source} er uenige om dagens kommune {code} "
                f"({names.get(code)!r} mot {record.name!r}); rett den ene fila."
            )
    return Division(names, counties, source)


def load_division(path: Path | None = None, history: CodeHistory | None = None) -> Division:
    """Load and validate a division file (default: the package's ``current_municipalities.csv``)."""
    text, source = read_data_text(path, DIVISION_FILE)
    return _parse(text, source, history or load_code_history())


@lru_cache(maxsize=1)
def current_division() -> Division:
    """Return the package's current division (loaded and validated once per process)."""
    return load_division()

"""Region codes: harmonise SSB municipality and county codes across reforms to 2024 codes.

The code history is package data (``data/municipalities.csv`` and ``data/counties.csv``, from SSB
KLASS 131/104); region groups such as "Søndre Østfold" are in ``data/region_groups.yaml``.
Harmonising maps a code to its current code only; summing merged municipalities (0104 Moss and
0136 Rygge both become 3103) is the caller's aggregation step.

>>> harmonise_code("K-3105"), harmonise_code("0105"), harmonise_code("01"), region_name("3003")
('3105', '3105', '31', 'Sarpsborg')
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.datafiles import read_data_text
from naering_analysis.yamltext import load_yaml

MUNICIPALITIES_FILE = "municipalities.csv"
COUNTIES_FILE = "counties.csv"
REGION_GROUPS_FILE = "region_groups.yaml"
NORWAY_CODE = "0"
_COLUMNS = ["code", "name", "valid_from", "valid_to", "current_code", "note"]
_PREFIXED = re.compile(r"^(?P<prefix>[KF])[-.](?P<code>\d+)$")  # K-3105 and K.3105 alike
Level = Literal["municipality", "county", "country"]


@dataclass(frozen=True)
class CodeRecord:
    """One code and its validity period (years, inclusive; ``None`` = open-ended)."""

    code: str
    name: str
    valid_from: int | None
    valid_to: int | None
    current_code: str | None  # None: split, cannot be harmonised (see ``note``)
    note: str


def _year(value: str, where: str) -> int | None:
    if not value.strip():
        return None
    if not value.strip().isdigit():
        raise MappingError(f"{where}: årstallet {value!r} er ikke et heltall.")
    return int(value)


def _parse_records(text: str, source: str, digits: tuple[int, ...]) -> dict[str, CodeRecord]:
    rows = [line for line in text.splitlines() if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(rows)))
    if reader.fieldnames != _COLUMNS:
        raise MappingError(f"{source}: kolonnene må være {_COLUMNS}, fant {reader.fieldnames}.")
    records: dict[str, CodeRecord] = {}
    for number, row in enumerate(reader, start=2):
        where = f"{source}, rad {number} (kode {row['code']!r})"
        code = row["code"].strip()
        if not code.isdigit() or len(code) not in digits:
            raise MappingError(f"{where}: koden må ha {' eller '.join(map(str, digits))} sifre.")
        if code in records:
            raise MappingError(f"{where}: koden står to ganger; slå radene sammen.")
        start, end = _year(row["valid_from"], where), _year(row["valid_to"], where)
        if start is not None and end is not None and start > end:
            raise MappingError(f"{where}: valid_from ({start}) er etter valid_to ({end}).")
        current = row["current_code"].strip() or None
        if end is None and current != code:
            raise MappingError(f"{where}: en kode som fortsatt gjelder må ha current_code = code.")
        if not row["name"].strip():
            raise MappingError(f"{where}: navn mangler.")
        records[code] = CodeRecord(
            code, row["name"].strip(), start, end, current, row["note"].strip()
        )
    for record in records.values():
        target = records.get(record.current_code or "")
        if record.current_code is not None and (target is None or target.valid_to is not None):
            raise MappingError(
                f"{source}: {record.code} peker til {record.current_code}, som ikke er en gjeldende "
                "kode i filen; legg til den gjeldende koden."
            )
    return records


def bare_prefix(code: str) -> str:
    """Return the codelist prefix of an SSB region code (``"K-"``, ``"K."``, ...), or ``""``."""
    match = _PREFIXED.match(code.strip())
    return code.strip()[:2] if match else ""


@dataclass(frozen=True)
class CodeHistory:
    """Municipality and county code history with harmonisation to current (2024) codes."""

    municipalities: Mapping[str, CodeRecord]
    counties: Mapping[str, CodeRecord]
    municipality_source: str
    county_source: str

    def _current_county_prefixes(self) -> frozenset[str]:
        return frozenset(c for c, r in self.counties.items() if r.valid_to is None and len(c) == 2)

    def harmonise(self, code: str, year: int | None = None) -> str:
        """Return the current code for ``code`` (see :func:`harmonise_code`)."""
        if not isinstance(code, str):
            raise UnknownCodeError(
                f"Regionkoden {code!r} er ikke tekst; les koder som tekst (dtype str) så ledende nuller "
                "beholdes (0105, ikke 105)."
            )
        raw, bare = code, code.strip()
        match = _PREFIXED.match(bare)
        if match:
            bare = match.group("code")
            expected = 4 if match.group("prefix") == "K" else 2
            if len(bare) != expected:
                raise UnknownCodeError(
                    f"Regionkoden {raw!r}: etter {bare_prefix(raw)} ventes {expected} sifre."
                )
            year = None  # SSB's summed codelists give the current region for every year
        if not bare.isdigit() or len(bare) not in (1, 2, 4):
            raise UnknownCodeError(
                f"Regionkoden {raw!r} er ukjent: ventet 4 sifre (kommune, f.eks. 3105 eller K-3105), "
                "2 sifre (fylke, f.eks. 31 eller F-31) eller 0 (hele landet)."
            )
        table, source = (
            (self.municipalities, self.municipality_source)
            if len(bare) == 4
            else (self.counties, self.county_source)
        )
        record = table.get(bare)
        if record is None:
            if len(bare) == 4 and bare[:2] in self._current_county_prefixes():
                return bare  # assumed current; only codes listed as retired are mapped
            raise UnknownCodeError(
                f"Regionkoden {raw!r} er ikke i kodelisten {source}. Er det en gammel kode, legg til en "
                "rad med dagens kode (se SSB KLASS 131/104)."
            )
        if record.current_code is None:
            raise UnknownCodeError(
                f"Regionkoden {raw!r} ({record.name}) kan ikke føres til én dagens region: {record.note}."
            )
        if year is not None and not (
            (record.valid_from is None or record.valid_from <= year)
            and (record.valid_to is None or year <= record.valid_to)
        ):
            period = f"{record.valid_from or '…'}–{record.valid_to or ''}"
            raise UnknownCodeError(
                f"Regionkoden {raw!r} ({record.name}) gjaldt ikke i {year} (gyldig {period}, {source}). "
                "Tall for en ny kode før reformåret er tomme eller null; hent tabellen med kodelisten "
                "agg_KommSummer (koder som K-3105), som gir én sammenslått serie per dagens kommune."
            )
        return record.current_code

    def name(self, code: str, default: str | None = None) -> str:
        """Return the Norwegian name of the current region for ``code`` (see :func:`region_name`)."""
        current = self.harmonise(code)
        record = (self.municipalities if len(current) == 4 else self.counties).get(current)
        if record is not None:
            return record.name
        if default is not None:
            return default
        raise UnknownCodeError(
            f"Regionkoden {code!r} er gyldig, men navnet er ikke i {self.municipality_source}; "
            "gi navnet fra dataene (default=...) eller legg til en rad i filen."
        )


def load_code_history(
    municipalities: Path | None = None, counties: Path | None = None
) -> CodeHistory:
    """Load and validate the code history (default: the package data files)."""
    m_text, m_source = read_data_text(municipalities, MUNICIPALITIES_FILE)
    c_text, c_source = read_data_text(counties, COUNTIES_FILE)
    return CodeHistory(
        municipalities=_parse_records(m_text, m_source, (4,)),
        counties=_parse_records(c_text, c_source, (1, 2)),
        municipality_source=m_source,
        county_source=c_source,
    )


@lru_cache(maxsize=1)
def _default_history() -> CodeHistory:
    return load_code_history()


def harmonise_code(code: str, year: int | None = None, history: CodeHistory | None = None) -> str:
    """Return the current (2024) code for an SSB region code.

    Accepts municipality codes (``"3105"``, ``"3003"``, ``"0105"``, ``"K-3105"``, ``"K.3105"``),
    county codes (``"31"``, ``"01"``, ``"F-31"``, ``"F.31"``) and ``"0"`` (Norway). With ``year``, a plain code must have been
    in force that year. A 4-digit code not in the CSV passes through when its county is current,
    so snapshots saved before a code was added still read; ``naering fetch`` does not rely on
    this, and refuses a region its query did not ask for (``ssb.validate.check_response``).

    Raises
    ------
    UnknownCodeError
        For unknown or malformed codes, split regions (``"30"`` Viken) or a code used outside its period.

    Examples
    --------
    >>> harmonise_code("3003"), harmonise_code("0136"), harmonise_code("F-31"), harmonise_code("0")
    ('3105', '3103', '31', '0')
    >>> harmonise_code("K.3105"), harmonise_code("F.31")
    ('3105', '31')
    """
    return (history or _default_history()).harmonise(code, year)


def region_name(code: str, default: str | None = None, history: CodeHistory | None = None) -> str:
    """Return the Norwegian name of the current region, e.g. ``"Hele landet"`` for ``"0"``.

    A current municipality outside the code history (``municipalities.csv`` holds Østfold's
    history) takes its name from today's national division (``current_municipalities.csv``), so
    every one of the 357 municipalities is named, never shown as its code. ``default`` (typically
    SSB's label) is used for valid codes whose name is in neither file.

    >>> region_name("4003"), region_name("K-1806")
    ('Skien', 'Narvik')
    """
    hist = history or _default_history()
    current = hist.harmonise(code)
    national = _national_names().get(current) if history is None else None
    return hist.name(code, national if national is not None else default)


@lru_cache(maxsize=1)
def _national_names() -> dict[str, str]:
    """Today's municipality names by code, from ``current_municipalities.csv``.

    :mod:`.division` validates that file in full (and checks it against the code history); this
    reads only the two columns a name needs.
    """
    text, _ = read_data_text(None, "current_municipalities.csv")
    rows = [line for line in text.splitlines() if not line.startswith("#")]
    return {row["code"].strip(): row["name"].strip() for row in csv.DictReader(rows)}


def harmonise_series(
    frame: pd.DataFrame,
    column: str = "region_code",
    *,
    year_column: str | None = None,
    history: CodeHistory | None = None,
) -> pd.Series:
    """Return ``frame[column]`` mapped to current codes; one error lists every unknown code.

    With ``year_column``, each (code, year) pair is also checked for validity in that year.
    """
    hist = history or _default_history()
    codes = frame[column]
    keys = frame[[column, year_column]] if year_column else frame[[column]]
    problems: dict[str, str] = {}
    for row in keys.drop_duplicates().itertuples(index=False):
        code = row[0]
        year = None if year_column is None or pd.isna(row[1]) else int(row[1])
        try:
            hist.harmonise(code, year)
        except UnknownCodeError as exc:
            problems.setdefault(repr(code), str(exc))
    if problems:
        details = "\n".join(f"  {code}: {why}" for code, why in problems.items())
        raise UnknownCodeError(
            f"{len(problems)} regionkode(r) i kolonnen {column!r} kan ikke harmoniseres "
            f"({', '.join(problems)}):\n{details}"
        )
    mapping = {code: hist.harmonise(code) for code in codes.drop_duplicates()}
    return codes.map(mapping).rename(column)


def region_level(code: str) -> Level:
    """Return the level of a current code: ``"municipality"``, ``"county"`` or ``"country"``."""
    if len(code) == 4:
        return "municipality"
    return "county" if len(code) == 2 else "country"


class RegionGroup(BaseModel):
    """A named set of current region codes on one level, summed in analyses."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    codes: tuple[str, ...] = Field(min_length=1)
    description: str = ""


class _RegionGroupsFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    groups: tuple[RegionGroup, ...] = Field(min_length=1)


def _check_group(group: RegionGroup, hist: CodeHistory, source: str) -> None:
    where = f"{source}, gruppen {group.name!r}"
    if len(set(group.codes)) != len(group.codes):
        raise MappingError(f"{where}: en kode står flere ganger ({list(group.codes)}).")
    for code in group.codes:
        try:
            current = hist.harmonise(code)
        except UnknownCodeError as exc:
            raise MappingError(f"{where}: {exc}") from exc
        if current != code:
            raise MappingError(
                f"{where}: {code!r} er en gammel kode; skriv dagens kode {current!r}."
            )
    levels = {region_level(code) for code in group.codes}
    if len(levels) > 1:
        raise MappingError(
            f"{where}: blander nivåer {sorted(levels)}; en gruppe summerer regionene sine, så alle koder "
            "må være kommuner, eller alle fylker (ellers telles arbeidsplasser dobbelt)."
        )


def region_groups(
    path: Path | None = None, history: CodeHistory | None = None
) -> dict[str, RegionGroup]:
    """Load and validate the region groups, in file order (default: package ``region_groups.yaml``)."""
    text, source = read_data_text(path, REGION_GROUPS_FILE)
    try:
        parsed = _RegionGroupsFile.model_validate(load_yaml(text))
    except (yaml.YAMLError, ValidationError) as exc:
        raise MappingError(
            f'{source} er ugyldig (koder skal stå i anførselstegn, f.eks. "3105"): {exc}'
        ) from exc
    hist = history or _default_history()
    result: dict[str, RegionGroup] = {}
    for group in parsed.groups:
        if group.name in result:
            raise MappingError(f"{source}: gruppenavnet {group.name!r} står to ganger.")
        _check_group(group, hist, source)
        result[group.name] = group
    return result

"""SN2007 industry groups and divisions, and the groups' mapping to the focus industries (*bransjer*).

All are package data: ``data/sn2007.yaml`` (the 17 groups in SSB order),
``data/sn2007_divisions.csv`` (SSB's Norwegian names of the 88 two-digit divisions and ``00``, each
``confirmed`` or ``assumed``, with their sources in the file's header) and
``data/focus_industries.yaml`` (each group mapped to exactly one bransje, with the reasoning and
the limits of the mapping in Norwegian).

>>> SN2007_CODES[:3], industry_name("41-43")
(('01-03', '05-09', '10-33'), 'Bygge- og anleggsvirksomhet')
>>> len(SN2007_DIVISION_NAMES), division_name("68")
(89, 'Omsetning og drift av fast eiendom')
>>> load_focus_mapping().bransje_of("86-88")
'Helsebasert næring'
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.datafiles import read_data_text

SN2007_FILE = "sn2007.yaml"
DIVISIONS_FILE = "sn2007_divisions.csv"
FOCUS_FILE = "focus_industries.yaml"
N_SN2007_GROUPS = 17
N_SN2007_DIVISIONS = 88


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Industry(_Frozen):
    """One SN2007 group as SSB labels it in the workplace tables."""

    code: str = Field(pattern=r"^\d{2}(-\d{2})?$")
    name: str = Field(min_length=1)


class _SN2007File(_Frozen):
    groups: tuple[Industry, ...]


class Bransje(_Frozen):
    """A focus industry: its display name, stable id, SN2007 groups and why they were chosen."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    groups: tuple[str, ...] = Field(min_length=1)
    reasoning: str = Field(min_length=1)


class _FocusFile(_Frozen):
    bransjer: tuple[Bransje, ...] = Field(min_length=1)
    limits: str = Field(min_length=1)


def _read(path: Path | None, default_name: str) -> tuple[object, str]:
    text, source = read_data_text(path, default_name)
    try:
        return yaml.safe_load(text), source
    except yaml.YAMLError as exc:
        raise MappingError(f"{source} er ikke gyldig YAML: {exc}") from exc


def _load_sn2007() -> tuple[Industry, ...]:
    document, source = _read(None, SN2007_FILE)
    try:
        groups = _SN2007File.model_validate(document).groups
    except ValidationError as exc:
        raise MappingError(f"{source} er ugyldig: {exc}") from exc
    codes = [g.code for g in groups]
    if len(set(codes)) != N_SN2007_GROUPS or len(codes) != N_SN2007_GROUPS:
        raise MappingError(f"{source} må ha {N_SN2007_GROUPS} ulike næringskoder, fant {codes}.")
    return groups


_SN2007 = _load_sn2007()
SN2007_CODES: tuple[str, ...] = tuple(g.code for g in _SN2007)
"""The 17 SN2007 group codes in SSB order (``"01-03"`` … ``"00"``)."""
_SN2007_NAMES = {g.code: g.name for g in _SN2007}


def industry_name(code: str) -> str:
    """Return the Norwegian name of an SN2007 group, e.g. ``"Industri"`` for ``"10-33"``."""
    try:
        return _SN2007_NAMES[code]
    except (KeyError, TypeError):
        raise UnknownCodeError(
            f"Næringskoden {code!r} er ikke en av SSBs 17 SN2007-grupper ({', '.join(SN2007_CODES)}); "
            f"se naering_analysis/data/{SN2007_FILE}."
        ) from None


# SN2007 (NACE Rev. 2) has no divisions 04, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89.
_NACE_GAPS = frozenset({"04", "34", "40", "44", "48", "54", "57", "67", "76", "83", "89"})


def _group_divisions(group: str) -> tuple[str, ...]:
    """Return the two-digit codes a group spans: ``"84"`` → 84, ``"01-03"`` → 01, 02, 03."""
    first, _, last = group.partition("-")
    return tuple(f"{n:02d}" for n in range(int(first), int(last or first) + 1))


SN2007_DIVISION_CODES: tuple[str, ...] = tuple(
    d for g in SN2007_CODES for d in _group_divisions(g) if d not in _NACE_GAPS
)
"""The 88 SN2007 divisions and ``00`` (uoppgitt), in code order, expanded from the 17 groups."""
_DIVISION_COLUMNS = ["code", "name", "status"]
_DIVISION_STATUSES = ("confirmed", "assumed")


def parse_division_names(text: str, source: str) -> dict[str, str]:
    """Return code → name from the text of a division file, in code order.

    Lines starting with ``#`` are comments. ``source`` names the file in error messages.

    Raises
    ------
    MappingError
        If the columns are not ``code,name,status``, or the file does not hold each of the 88
        divisions and ``00`` exactly once with a name and a status ``confirmed`` or ``assumed``;
        the message lists every problem found.
    """
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    if reader.fieldnames != _DIVISION_COLUMNS:
        raise MappingError(
            f"{source}: kolonnene må være {_DIVISION_COLUMNS}, fant {reader.fieldnames}."
        )
    names: dict[str, str] = {}
    seen: list[str] = []
    problems = []
    for number, raw in enumerate(reader, start=1):
        if None in raw:
            problems.append(
                f"datarad {number} har flere enn tre felt (navn med komma skal i anførselstegn)"
            )
            continue
        code, name, status = ((raw[k] or "").strip() for k in _DIVISION_COLUMNS)
        where = f"kode {code!r}" if code else f"datarad {number}"
        seen.append(code)
        if code not in SN2007_DIVISION_CODES:
            problems.append(f"{where} er ikke en tosifret SN2007-næring eller 00")
        if not name:
            problems.append(f"{where} mangler navn")
        if status not in _DIVISION_STATUSES:
            problems.append(f"{where}: status må være {list(_DIVISION_STATUSES)}, ikke {status!r}")
        names.setdefault(code, name)
    repeated = sorted(c for c, n in Counter(seen).items() if n > 1)
    if repeated:
        problems.append(f"koder som står flere ganger: {repeated}")
    missing = [c for c in SN2007_DIVISION_CODES if c not in names]
    if missing:
        problems.append(f"koder som mangler: {missing}")
    if problems:
        raise MappingError(
            f"{source} må ha hver av SSBs {N_SN2007_DIVISIONS} SN2007-næringer og 00 nøyaktig én "
            "gang, med navn og status:\n" + "\n".join(f"  - {p}" for p in problems)
        )
    return {code: names[code] for code in SN2007_DIVISION_CODES}


def load_division_names(path: Path | None = None) -> dict[str, str]:
    """Load and validate a division file (default: the package's ``sn2007_divisions.csv``)."""
    text, source = read_data_text(path, DIVISIONS_FILE)
    return parse_division_names(text, source)


SN2007_DIVISION_NAMES: dict[str, str] = load_division_names()
"""SSB's Norwegian name of each SN2007 division and ``00`` (code → name, code order)."""


def division_name(code: str) -> str:
    """Return SSB's Norwegian name of an SN2007 division, e.g. ``"Sjøfart"`` for ``"50"``."""
    try:
        return SN2007_DIVISION_NAMES[code]
    except (KeyError, TypeError):
        raise UnknownCodeError(
            f"Næringskoden {code!r} er ikke en av SSBs {N_SN2007_DIVISIONS} tosifrede "
            f"SN2007-næringer (01–99 uten {', '.join(sorted(_NACE_GAPS))}) eller 00 (uoppgitt); "
            f"se naering_analysis/data/{DIVISIONS_FILE}."
        ) from None


@dataclass(frozen=True)
class FocusMapping:
    """A validated mapping of every SN2007 group to exactly one bransje."""

    bransjer: tuple[Bransje, ...]
    limits: str
    source: str

    @property
    def names(self) -> list[str]:
        """Bransje names in file order (the five focus industries, then "Øvrige næringer")."""
        return [b.name for b in self.bransjer]

    @property
    def ids(self) -> list[str]:
        """Bransje ids in file order, e.g. ``"gronn_industri"``."""
        return [b.id for b in self.bransjer]

    @property
    def lookup(self) -> dict[str, str]:
        """SN2007 code → bransje name, in SSB code order."""
        by_code = {code: b.name for b in self.bransjer for code in b.groups}
        return {code: by_code[code] for code in SN2007_CODES}

    def bransje_of(self, code: str) -> str:
        """Return the bransje name of an SN2007 group code."""
        industry_name(code)  # raises a helpful UnknownCodeError for non-SN2007 codes
        return self.lookup[code]

    def codes_of(self, bransje: str) -> tuple[str, ...]:
        """Return the SN2007 codes of a bransje, given by name or id."""
        for b in self.bransjer:
            if bransje in (b.name, b.id):
                return b.groups
        raise UnknownCodeError(
            f"Bransjen {bransje!r} finnes ikke i {self.source}; gyldige navn: {self.names} "
            f"(eller id-ene {self.ids})."
        )

    def table(self) -> pd.DataFrame:
        """Return the mapping as a frame (industry_code, industry_name, bransje) in SSB order."""
        return pd.DataFrame(
            {
                "industry_code": list(SN2007_CODES),
                "industry_name": [industry_name(c) for c in SN2007_CODES],
                "bransje": [self.lookup[c] for c in SN2007_CODES],
            }
        )

    def apply(self, frame: pd.DataFrame, column: str = "industry_code") -> pd.DataFrame:
        """Return a copy of ``frame`` with a ``bransje`` column; every code must be mapped."""
        if column not in frame.columns:
            raise MappingError(
                f"Kolonnen {column!r} finnes ikke i dataene (kolonner: {list(frame.columns)})."
            )
        lookup = self.lookup
        codes = frame[column]
        unmapped = [c for c in codes.drop_duplicates() if not isinstance(c, str) or c not in lookup]
        if unmapped:
            raise MappingError(
                f"{len(unmapped)} næringskode(r) i kolonnen {column!r} mangler i {self.source}: "
                f"{', '.join(map(repr, unmapped))}. Gyldige koder er SSBs 17 SN2007-grupper "
                f"({', '.join(SN2007_CODES)}); totalrader skal fjernes før koblingen."
            )
        result = frame.copy()
        result["bransje"] = codes.map(lookup)
        return result


def _problems(bransjer: tuple[Bransje, ...]) -> list[str]:
    problems = []
    owners: dict[str, list[str]] = {}
    for b in bransjer:
        for code in b.groups:
            owners.setdefault(code, []).append(b.name)
    unknown = [c for c in owners if c not in _SN2007_NAMES]
    if unknown:
        problems.append(f"ukjente næringskoder {unknown} (gyldige: {', '.join(SN2007_CODES)})")
    for code, names in owners.items():
        if len(names) > 1:
            problems.append(f"{code} står flere ganger: i {' og '.join(repr(n) for n in names)}")
    missing = [c for c in SN2007_CODES if c not in owners]
    if missing:
        problems.append(f"næringskoder uten bransje: {missing}")
    for label, values in (("id", [b.id for b in bransjer]), ("navn", [b.name for b in bransjer])):
        repeated = sorted(v for v, n in Counter(values).items() if n > 1)
        if repeated:
            problems.append(f"bransje-{label} brukt flere ganger: {repeated}")
    return problems


def load_focus_mapping(path: Path | None = None) -> FocusMapping:
    """Load and validate a focus-industry mapping (default: the package's ``focus_industries.yaml``).

    Raises
    ------
    MappingError
        If the file is malformed, maps a code twice, misses one of the 17 codes or uses unknown codes;
        the message lists every problem found.
    """
    document, source = _read(path, FOCUS_FILE)
    try:
        parsed = _FocusFile.model_validate(document)
    except ValidationError as exc:
        raise MappingError(
            f'{source} er ugyldig (koder skal stå i anførselstegn, f.eks. "84"): {exc}'
        ) from exc
    problems = _problems(parsed.bransjer)
    if problems:
        raise MappingError(
            f"Bransjekoblingen i {source} må ha hver av de {N_SN2007_GROUPS} SN2007-gruppene nøyaktig "
            "én gang:\n" + "\n".join(f"  - {p}" for p in problems)
        )
    return FocusMapping(bransjer=parsed.bransjer, limits=parsed.limits, source=source)

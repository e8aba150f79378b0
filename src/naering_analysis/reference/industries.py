"""SN2007 industry groups and their mapping to the programme's focus industries (*bransjer*).

Both are package data: ``data/sn2007.yaml`` (the 17 groups in SSB order) and
``data/focus_industries.yaml`` (each group mapped to exactly one bransje, with the reasoning and
the limits of the mapping in Norwegian).

>>> SN2007_CODES[:3], industry_name("41-43")
(('01-03', '05-09', '10-33'), 'Bygge- og anleggsvirksomhet')
>>> load_focus_mapping().bransje_of("86-88")
'Helsebasert næring'
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.datafiles import read_data_text

SN2007_FILE = "sn2007.yaml"
FOCUS_FILE = "focus_industries.yaml"
N_SN2007_GROUPS = 17


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

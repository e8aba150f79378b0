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
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.datafiles import read_data_text
from naering_analysis.yamltext import load_yaml

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


def _read(path: Path | None, default_name: str) -> tuple[object, str]:
    text, source = read_data_text(path, default_name)
    try:
        return load_yaml(text), source
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


# NACE Rev. 2 has no divisions 04, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89.
_NACE_GAPS = frozenset({"04", "34", "40", "44", "48", "54", "57", "67", "76", "83", "89"})
UNKNOWN_DIVISION = "00"
"""SSB's code for jobs with unknown industry (*uoppgitt*), a group and a division at once."""


def _divisions_of_group(group: str) -> tuple[str, ...]:
    """Return the SN2007 divisions of a 17-group: ``"45-47"`` → ``("45", "46", "47")``."""
    first, _, last = group.partition("-")
    numbers = range(int(first), int(last or first) + 1)
    return tuple(d for d in (f"{n:02d}" for n in numbers) if d not in _NACE_GAPS)


GROUP_DIVISIONS: dict[str, tuple[str, ...]] = {g: _divisions_of_group(g) for g in SN2007_CODES}
"""Each 17-group's two-digit SN2007 divisions (``"00"`` is its own division)."""
GROUP_OF_DIVISION: dict[str, str] = {d: g for g, ds in GROUP_DIVISIONS.items() for d in ds}
"""Two-digit SN2007 division → its 17-group, e.g. ``"68"`` → ``"68-75"``."""

SN2007_DIVISION_CODES: tuple[str, ...] = tuple(GROUP_OF_DIVISION)
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


def expand_divisions(spec: str) -> tuple[str, ...]:
    """Return the divisions a mapping entry names: ``"69-75"`` → 69 … 75, ``"68"`` → 68.

    Raises :class:`UnknownCodeError` for a code that is no SN2007 division.
    """
    first, _, last = spec.partition("-")
    if not (
        first.isdigit() and len(first) == 2 and (not last or (last.isdigit() and len(last) == 2))
    ):
        raise UnknownCodeError(
            f'{spec!r} er ingen tosifret SN2007-kode eller -serie (skriv f.eks. "68" eller "69-75").'
        )
    numbers = range(int(first), int(last or first) + 1)
    found = tuple(d for d in (f"{n:02d}" for n in numbers) if d in GROUP_OF_DIVISION)
    if not found or (not last and first not in GROUP_OF_DIVISION):
        raise UnknownCodeError(
            f"{spec!r} er ingen SN2007-næring (tosifret). Næringene er {', '.join(GROUP_OF_DIVISION)}."
        )
    return found


def compress_divisions(divisions: Sequence[str]) -> str:
    """Return a part code from its divisions: consecutive runs as ranges joined by ``+``.

    Runs follow the SN2007 division list, so a NACE gap does not break one:
    ``["77", "78", "80", "81", "82"]`` → ``"77-78+80-82"``; ``["69", …, "75"]`` → ``"69-75"``.
    """
    order = list(GROUP_OF_DIVISION)
    ranks = sorted(order.index(d) for d in divisions)
    runs: list[list[int]] = []
    for rank in ranks:
        if runs and rank == runs[-1][-1] + 1 and int(order[rank]) > int(order[rank - 1]):
            runs[-1].append(rank)
        else:
            runs.append([rank])
    return "+".join(
        order[run[0]] if len(run) == 1 else f"{order[run[0]]}-{order[run[-1]]}" for run in runs
    )


class Bransje(_Frozen):
    """A focus industry: name, stable id, its SN2007 divisions and 17 groups, and why."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    groups: tuple[str, ...] = Field(min_length=1)
    divisions: tuple[str, ...] | None = None
    reasoning: str = Field(min_length=1)


class _FocusFile(_Frozen):
    bransjer: tuple[Bransje, ...] = Field(min_length=1)
    limits: str = Field(min_length=1)
    parts: dict[str, str] = Field(default_factory=dict)
    changes: str | None = None


@dataclass(frozen=True)
class IndustryPart:
    """The unit the tidy frames count: one SN2007 group, or the share of it in one bransje.

    Where the two-digit mapping keeps a 17-group whole, the part *is* the group (same code and
    name); where it splits a group between bransjer, each piece is a part with a code made of
    its divisions (``"68"``, ``"69-75"``) and a name from ``parts`` in the mapping file.
    """

    code: str
    name: str
    group: str
    bransje: str
    divisions: tuple[str, ...]

    @property
    def split(self) -> bool:
        """True when this part is only a piece of its 17-group."""
        return self.code != self.group


@dataclass(frozen=True)
class Move:
    """A division whose bransje differs between the 17-group and the two-digit mapping."""

    division: str
    group: str
    before: str
    after: str


@dataclass(frozen=True)
class FocusMapping:
    """A validated mapping of every SN2007 division (and group) to exactly one bransje.

    Two mappings live in one file: ``divisions`` (two-digit, used whenever the data has
    two-digit codes) and ``groups`` (SSB's 17 groups, kept for comparison and for data that only
    has the 17 groups, such as 07984 and snapshots fetched before two-digit codes). Where the
    two-digit mapping keeps a group whole, both agree on its bransje.
    """

    bransjer: tuple[Bransje, ...]
    limits: str
    source: str
    parts: tuple[IndustryPart, ...]
    changes: str | None = None

    @property
    def names(self) -> list[str]:
        """Bransje names in file order (the five focus industries, then "Øvrige næringer")."""
        return [b.name for b in self.bransjer]

    @property
    def ids(self) -> list[str]:
        """Bransje ids in file order, e.g. ``"gronn_industri"``."""
        return [b.id for b in self.bransjer]

    @cached_property
    def coarse_lookup(self) -> dict[str, str]:
        """SN2007 17-group → bransje by the ``groups`` mapping, in SSB code order."""
        by_code = {code: b.name for b in self.bransjer for code in b.groups}
        return {code: by_code[code] for code in SN2007_CODES}

    @cached_property
    def division_lookup(self) -> dict[str, str]:
        """Two-digit SN2007 division → bransje by the ``divisions`` mapping, in code order."""
        return {d: p.bransje for p in self.parts for d in p.divisions}

    @cached_property
    def part_of_division(self) -> dict[str, str]:
        """Two-digit SN2007 division → the code of its part."""
        return {d: p.code for p in self.parts for d in p.divisions}

    @cached_property
    def lookup(self) -> dict[str, str]:
        """Industry code → bransje for every code a frame can hold.

        Part codes (two-digit data) first, then the 17 groups that the two-digit mapping splits,
        by the ``groups`` mapping (data with only the 17 groups). A group kept whole is its own
        part, and both mappings give it the same bransje.
        """
        table = {p.code: p.bransje for p in self.parts}
        for code, name in self.coarse_lookup.items():
            table.setdefault(code, name)
        return table

    @cached_property
    def group_of(self) -> dict[str, str]:
        """Industry code → its 17-group: a part's group, and every 17-group itself."""
        return {p.code: p.group for p in self.parts} | {c: c for c in SN2007_CODES}

    @cached_property
    def part_names(self) -> dict[str, str]:
        """Part code → Norwegian name."""
        return {p.code: p.name for p in self.parts}

    @property
    def split_groups(self) -> tuple[str, ...]:
        """The 17-groups the two-digit mapping divides between bransjer, in SSB order."""
        return tuple(dict.fromkeys(p.group for p in self.parts if p.split))

    def moves(self) -> list[Move]:
        """Return every division whose bransje the two-digit mapping changes, in code order."""
        return [
            Move(d, GROUP_OF_DIVISION[d], self.coarse_lookup[GROUP_OF_DIVISION[d]], after)
            for d, after in self.division_lookup.items()
            if after != self.coarse_lookup[GROUP_OF_DIVISION[d]]
        ]

    def bransje_of(self, code: str) -> str:
        """Return the bransje of a part code, a 17-group code or a two-digit division."""
        if isinstance(code, str) and code in self.lookup:
            return self.lookup[code]
        if isinstance(code, str) and code in self.division_lookup:
            return self.division_lookup[code]
        industry_name(code)  # raises a helpful UnknownCodeError for unknown codes
        raise UnknownCodeError(f"Næringskoden {code!r} mangler i {self.source}.")

    def codes_of(self, bransje: str, *, level: str = "parts") -> tuple[str, ...]:
        """Return a bransje's codes (given by name or id): its parts, or ``level="groups"``."""
        for b in self.bransjer:
            if bransje in (b.name, b.id):
                if level == "groups":
                    return b.groups
                return tuple(p.code for p in self.parts if p.bransje == b.name)
        raise UnknownCodeError(
            f"Bransjen {bransje!r} finnes ikke i {self.source}; gyldige navn: {self.names} "
            f"(eller id-ene {self.ids})."
        )

    def name_of(self, code: str) -> str:
        """Return the Norwegian name of a part code or a 17-group code."""
        if code in self.part_names:
            return self.part_names[code]
        return industry_name(code)

    def table(self) -> pd.DataFrame:
        """Return the parts as a frame (industry_code, industry_name, industry_group, bransje)."""
        return pd.DataFrame(
            {
                "industry_code": [p.code for p in self.parts],
                "industry_name": [p.name for p in self.parts],
                "industry_group": [p.group for p in self.parts],
                "bransje": [p.bransje for p in self.parts],
            }
        )

    def apply(self, frame: pd.DataFrame, column: str = "industry_code") -> pd.DataFrame:
        """Return a copy of ``frame`` with a ``bransje`` column; every code must be mapped.

        Codes may be parts or 17-groups (see :attr:`lookup`).
        """
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
                f"({', '.join(SN2007_CODES)}) og delene i koblingen "
                f"({', '.join(p.code for p in self.parts if p.split)}); totalrader skal fjernes "
                "før koblingen."
            )
        result = frame.copy()
        result["bransje"] = codes.map(lookup)
        return result


def _owners(entries: dict[str, list[str]], problems: list[str], what: str) -> None:
    for code, names in entries.items():
        if len(names) > 1:
            problems.append(
                f"{what} {code} står flere ganger: i {' og '.join(repr(n) for n in names)}"
            )


def _problems(bransjer: tuple[Bransje, ...]) -> list[str]:
    problems: list[str] = []
    owners: dict[str, list[str]] = {}
    for b in bransjer:
        for code in b.groups:
            owners.setdefault(code, []).append(b.name)
    unknown = [c for c in owners if c not in _SN2007_NAMES]
    if unknown:
        problems.append(f"ukjente næringskoder {unknown} (gyldige: {', '.join(SN2007_CODES)})")
    _owners(owners, problems, "gruppen")
    missing = [c for c in SN2007_CODES if c not in owners]
    if missing:
        problems.append(f"næringskoder uten bransje: {missing}")
    for label, values in (("id", [b.id for b in bransjer]), ("navn", [b.name for b in bransjer])):
        repeated = sorted(v for v, n in Counter(values).items() if n > 1)
        if repeated:
            problems.append(f"bransje-{label} brukt flere ganger: {repeated}")
    return problems


def _division_owners(bransjer: tuple[Bransje, ...], problems: list[str]) -> dict[str, str]:
    """Return division → bransje from ``divisions`` (or from ``groups`` where it is absent)."""
    owners: dict[str, list[str]] = {}
    for b in bransjer:
        specs = b.divisions if b.divisions is not None else b.groups
        for spec in specs:
            try:
                divisions = (
                    GROUP_DIVISIONS.get(spec) if b.divisions is None else expand_divisions(spec)
                )
            except UnknownCodeError as exc:
                problems.append(f"{b.name}: {exc}")
                continue
            for d in divisions or ():
                owners.setdefault(d, []).append(b.name)
    _owners(owners, problems, "næringen")
    missing = [d for d in GROUP_OF_DIVISION if d not in owners]
    if missing:
        problems.append(f"tosifrede næringer uten bransje: {missing}")
    return {d: names[0] for d, names in owners.items()}


def _parts(
    owner: dict[str, str], coarse: dict[str, str], names: dict[str, str], problems: list[str]
) -> tuple[IndustryPart, ...]:
    parts: list[IndustryPart] = []
    for group, divisions in GROUP_DIVISIONS.items():
        by_bransje: dict[str, list[str]] = {}
        for d in divisions:
            if d in owner:
                by_bransje.setdefault(owner[d], []).append(d)
        if len(by_bransje) == 1:
            ((bransje, members),) = by_bransje.items()
            if bransje != coarse.get(group, bransje):
                problems.append(
                    f"gruppen {group} ligger hel i {bransje!r} etter den tosifrede koblingen, men i "
                    f"{coarse[group]!r} etter 17-gruppekoblingen (groups); de må være like"
                )
            parts.append(IndustryPart(group, industry_name(group), group, bransje, tuple(members)))
            continue
        for bransje, members in by_bransje.items():
            code = compress_divisions(members)
            if code not in names:
                problems.append(
                    f"gruppen {group} deles, og delen {code!r} ({bransje}) mangler navn under "
                    f'parts (skriv f.eks. "{code}": Navn på delen)'
                )
            parts.append(IndustryPart(code, names.get(code, code), group, bransje, tuple(members)))
    unused = sorted(set(names) - {p.code for p in parts})
    if unused:
        problems.append(f"navn under parts som ikke er noen del av en gruppe: {unused}")
    return tuple(parts)


def load_focus_mapping(path: Path | None = None) -> FocusMapping:
    """Load and validate a focus-industry mapping (default: the package's ``focus_industries.yaml``).

    Raises
    ------
    MappingError
        If the file is malformed, maps a group or division twice, misses one, uses unknown codes
        or leaves a split part without a name; the message lists every problem found.
    """
    document, source = _read(path, FOCUS_FILE)
    try:
        parsed = _FocusFile.model_validate(document)
    except ValidationError as exc:
        raise MappingError(
            f'{source} er ugyldig (koder skal stå i anførselstegn, f.eks. "84"): {exc}'
        ) from exc
    problems = _problems(parsed.bransjer)
    parts: tuple[IndustryPart, ...] = ()
    if not problems:
        owner = _division_owners(parsed.bransjer, problems)
        coarse = {code: b.name for b in parsed.bransjer for code in b.groups}
        if not problems:
            parts = _parts(owner, coarse, dict(parsed.parts), problems)
    if problems:
        raise MappingError(
            f"Bransjekoblingen i {source} må ha hver av de {N_SN2007_GROUPS} SN2007-gruppene og "
            "hver tosifrede SN2007-næring nøyaktig én gang:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    return FocusMapping(
        bransjer=parsed.bransjer,
        limits=parsed.limits,
        source=source,
        parts=parts,
        changes=parsed.changes,
    )

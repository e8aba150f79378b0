"""SN2025 industry codes and their crosswalk to SN2007, so SN2025 tables can extend SN2007 histories.

SSB is moving its tables from SN2007 to SN2025 (Klass classification 6, version 3218, valid from
2025-01-01). SSB's own correspondence (Klass table 2919) exists only at five digits, so the package
ships a two-digit crosswalk as data: ``data/sn2025_sn2007.csv`` (one row per SN2025 division and
SN2007 division it draws from, each ``confirmed`` or ``assumed``) with its sources in
``data/sn2025_sn2007.yaml``. Each SN2025 division is either a ``hele`` row (it comes wholly from one
SN2007 division) or one ``hoveddel`` row plus ``del`` rows; the ``hoveddel`` decides which of the 17
SN2007 groups the division joins. Where a ``del`` lies in another group, the series has a break.

>>> crosswalk = load_crosswalk()
>>> crosswalk.group_of("64"), crosswalk.group_of("62"), crosswalk.group_of("zz5")
('64-66', '58-63', '00')
>>> crosswalk.moved_groups("85")
('86-88',)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, cast

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.datafiles import read_data_text
from naering_analysis.reference.industries import (
    GROUP_OF_DIVISION,
    SN2007_CODES,
    SN2007_DIVISION_CODES,
    FocusMapping,
    industry_name,
    load_focus_mapping,
)
from naering_analysis.yamltext import load_yaml

CROSSWALK_FILE = "sn2025_sn2007.csv"
PROVENANCE_FILE = "sn2025_sn2007.yaml"
UNKNOWN_SN2025 = "zz5"
"""SSB's code for "uoppgitt" in SN2025 tables (SN2007 tables use ``00``)."""
TOTAL_SN2025 = "_T"
"""SSB's total code in SN2025 tables; totals are removed before a join, as in SN2007 frames."""

_COLUMNS = ["sn2025_code", "sn2025_label", "sn2007_code", "relation", "status", "note"]
Relation = Literal["hele", "hoveddel", "del"]
Status = Literal["confirmed", "assumed"]
_RELATIONS: tuple[str, ...] = ("hele", "hoveddel", "del")
_STATUSES: tuple[str, ...] = ("confirmed", "assumed")


_GROUP_OF_SN2007: dict[str, str] = GROUP_OF_DIVISION
SN2007_DIVISIONS: tuple[str, ...] = SN2007_DIVISION_CODES
"""The 88 SN2007 divisions plus ``00`` (uoppgitt), in code order (from :mod:`.industries`)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    """One public source of an SN2025 fact: repository, path and commit, and what it says."""

    id: str = Field(min_length=1)
    repository: str = Field(pattern=r"^[\w.-]+/[\w.-]+$")
    path: str = Field(min_length=1)
    commit: str = Field(pattern=r"^[0-9a-f]{40}$")
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    says: str = Field(min_length=1)


class Section(_Frozen):
    """An SN2025 section letter and the SN2007 section letters it draws from."""

    sn2025: str = Field(pattern=r"^[A-V]$")
    sn2007: tuple[str, ...] = Field(min_length=1)
    status: Status


class Klass(_Frozen):
    """The Klass ids of the two standards and of SSB's correspondence table."""

    classification: int
    sn2007_version: int
    sn2025_version: int
    correspondence: int
    correspondence_url: str
    sn2025_url: str


class Provenance(_Frozen):
    """The sidecar ``sn2025_sn2007.yaml``: sources, status definitions, sections, open points."""

    klass: Klass
    checked_against_klass: bool
    statuses: dict[Status, str]
    sources: tuple[Source, ...] = Field(min_length=1)
    sections: tuple[Section, ...] = Field(min_length=22, max_length=22)
    open_points: tuple[str, ...] = ()


@dataclass(frozen=True)
class CrosswalkRow:
    """One link from an SN2025 division to an SN2007 division it draws from."""

    sn2025_code: str
    sn2025_label: str
    sn2007_code: str
    relation: Relation
    status: Status
    note: str


@dataclass(frozen=True)
class Crosswalk:
    """A validated two-digit SN2025 → SN2007 crosswalk with its provenance."""

    rows: tuple[CrosswalkRow, ...]
    provenance: Provenance
    source: str

    @property
    def sn2025_codes(self) -> tuple[str, ...]:
        """Every SN2025 division in the file (and ``zz5``), in file order."""
        return tuple(dict.fromkeys(r.sn2025_code for r in self.rows))

    def _rows(self, code: str) -> tuple[CrosswalkRow, ...]:
        rows = tuple(r for r in self.rows if r.sn2025_code == code)
        if not rows:
            hint = " (totalen _T skal fjernes før koblingen)" if code == TOTAL_SN2025 else ""
            raise UnknownCodeError(
                f"SN2025-koden {code!r} finnes ikke i {self.source}{hint}. Gyldige koder er de 87 "
                f'tosifrede SN2025-næringene (f.eks. "62") og {UNKNOWN_SN2025!r} for uoppgitt.'
            )
        return rows

    def label(self, code: str) -> str:
        """Return SSB's Norwegian name of an SN2025 division."""
        return self._rows(code)[0].sn2025_label

    def sn2007_of(self, code: str) -> tuple[str, ...]:
        """Return every SN2007 division an SN2025 division draws from, the main one first."""
        rows = sorted(self._rows(code), key=lambda r: r.relation == "del")
        return tuple(r.sn2007_code for r in rows)

    def group_of(self, code: str) -> str:
        """Return the SN2007 17-group an SN2025 division joins (through its main SN2007 division)."""
        main = next(r for r in self._rows(code) if r.relation != "del")
        return _GROUP_OF_SN2007[main.sn2007_code]

    def moved_groups(self, code: str) -> tuple[str, ...]:
        """Return the other 17-groups that part of an SN2025 division came from (empty if none)."""
        own = self.group_of(code)
        others = (_GROUP_OF_SN2007[r.sn2007_code] for r in self._rows(code))
        return tuple(dict.fromkeys(g for g in others if g != own))

    def status_of(self, code: str) -> Status:
        """Return ``"confirmed"`` only if every row of the division is confirmed."""
        rows = self._rows(code)
        return "confirmed" if all(r.status == "confirmed" for r in rows) else "assumed"

    def main_division(self, code: str) -> str:
        """Return the SN2007 division an SN2025 division joins (its ``hele``/``hoveddel`` row)."""
        return next(r for r in self._rows(code) if r.relation != "del").sn2007_code

    def part_of(self, code: str, mapping: FocusMapping) -> str:
        """Return the part of the focus mapping an SN2025 division joins (via its main division)."""
        return mapping.part_of_division[self.main_division(code)]

    def bransje_of(self, code: str, mapping: FocusMapping) -> str:
        """Return the focus industry of an SN2025 division, through its main SN2007 division."""
        return mapping.division_lookup[self.main_division(code)]

    def table(self, mapping: FocusMapping | None = None) -> pd.DataFrame:
        """Return one row per SN2025 division: label, 17-group, other groups, status (bransje)."""
        codes = self.sn2025_codes
        frame = pd.DataFrame(
            {
                "sn2025_code": list(codes),
                "sn2025_label": [self.label(c) for c in codes],
                "industry_code": [self.group_of(c) for c in codes],
                "industry_name": [industry_name(self.group_of(c)) for c in codes],
                "also_from": [", ".join(self.moved_groups(c)) for c in codes],
                "status": [self.status_of(c) for c in codes],
            }
        )
        if mapping is not None:
            frame["bransje"] = frame["industry_code"].map(mapping.bransje_of)
        return frame

    def breaks(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """Return ``(sn2025_code, own 17-group, other 17-groups)`` for every division across groups."""
        return [
            (c, self.group_of(c), self.moved_groups(c))
            for c in self.sn2025_codes
            if self.moved_groups(c)
        ]

    def to_sn2007_groups(
        self,
        frame: pd.DataFrame,
        column: str = "industry_code",
        value: str = "jobs",
        by: Iterable[str] = ("region_code", "year"),
    ) -> pd.DataFrame:
        """Sum an SN2025 two-digit frame to the 17 SN2007 groups (``industry_code``).

        Every code must be in the crosswalk (``_T`` removed first). A group with a missing
        (suppressed) cell gets a missing total, never an undercount. Groups absent from the
        frame stay absent.
        """
        known = self._checked(frame, column, value, by)
        return _summed(frame, column, value, list(by), {c: self.group_of(c) for c in known},
                       list(SN2007_CODES))  # fmt: skip

    def to_parts(
        self,
        frame: pd.DataFrame,
        mapping: FocusMapping,
        column: str = "industry_code",
        value: str = "jobs",
        by: Iterable[str] = ("region_code", "year"),
    ) -> pd.DataFrame:
        """Sum an SN2025 two-digit frame to the parts of a focus mapping (``industry_code``).

        As :meth:`to_sn2007_groups`, but each SN2025 division joins the part of its main SN2007
        division, so the result matches a history built from two-digit SN2007 data.
        """
        known = self._checked(frame, column, value, by)
        target = {c: self.part_of(c, mapping) for c in known}
        return _summed(frame, column, value, list(by), target, [p.code for p in mapping.parts])

    def _checked(self, frame: pd.DataFrame, column: str, value: str, by: Iterable[str]) -> set[str]:
        missing = [c for c in [column, value, *by] if c not in frame.columns]
        if missing:
            raise MappingError(
                f"Kolonnene {missing} finnes ikke i SN2025-dataene (kolonner: {list(frame.columns)})."
            )
        known = set(self.sn2025_codes)
        unknown = [c for c in frame[column].drop_duplicates() if c not in known]
        if unknown:
            raise MappingError(
                f"{len(unknown)} SN2025-kode(r) i kolonnen {column!r} mangler i {self.source}: "
                f"{', '.join(map(repr, unknown))}. Bruk tosifrede SN2025-koder og {UNKNOWN_SN2025!r}; "
                f"totalen {TOTAL_SN2025!r} skal fjernes før koblingen."
            )
        return known

    def _moved_activity(self, code: str, group: str) -> str:
        """Return the activity (the row note up to its SN2007 code) that came from ``group``."""
        notes = [
            r.note.split(" (SN2007")[0]
            for r in self._rows(code)
            if _GROUP_OF_SN2007[r.sn2007_code] == group and r.note
        ]
        return " og ".join(notes) or "virksomhet"

    def break_sentence(
        self, first_year: int | None = None, mapping: FocusMapping | None = None
    ) -> str:
        """Return a Norwegian paragraph for a report: where SN2025 figures differ from SN2007.

        With a focus mapping it also says which moves change a unit's bransje.
        """
        when = f"Fra {first_year} bygger" if first_year is not None else "Tall etter SN2025 bygger"
        parts, bransje_moves = [], []
        for code, own, others in self.breaks():
            moved = "; ".join(
                f"{self._moved_activity(code, g)}, som i SN2007 lå i {g} {industry_name(g)}"
                for g in others
            )
            parts.append(
                f"SN2025 {code} {self.label(code)} regnes til {own} {industry_name(own)}, men "
                f"omfatter nå også {moved}"
            )
            if mapping is None:
                continue
            after = self.bransje_of(code, mapping)
            for group in others:
                befores = {
                    mapping.division_lookup[r.sn2007_code]
                    for r in self._rows(code)
                    if _GROUP_OF_SN2007[r.sn2007_code] == group
                }
                for before in sorted(befores - {after}):
                    bransje_moves.append(
                        f"{self._moved_activity(code, group)} flytter fra «{before}» til «{after}»"
                    )
        assumed = sum(1 for c in self.sn2025_codes if self.status_of(c) == "assumed")
        checked = (
            "Koblingen er kontrollert mot SSBs korrespondansetabell (Klass 2919)."
            if self.provenance.checked_against_klass
            else f"{assumed} av {len(self.sn2025_codes)} SN2025-næringer er koblet ut fra "
            "standardenes struktur og ikke kontrollert mot SSBs korrespondansetabell (Klass 2919)."
        )
        text = (
            f"{when} næringstallene på SN2025, ikke SN2007. Bokstavkodene betyr ikke det samme: "
            "SN2007 J er delt i SN2025 J og K, og alle bokstaver etter J er flyttet ett hakk "
            "(SN2007 K finans er SN2025 L). Totalen er den samme; bruddet ligger i gruppene. "
            + ". ".join(p[0].upper() + p[1:] for p in parts)
            + "."
        )
        if bransje_moves:
            text += " For bransjene betyr det: " + "; ".join(bransje_moves) + "."
        return f"{text} {checked}"


def _summed(
    frame: pd.DataFrame,
    column: str,
    value: str,
    keys: list[str],
    target: dict[str, str],
    order: list[str],
) -> pd.DataFrame:
    """Sum ``frame``'s codes into ``target`` codes; one missing cell makes its sum missing."""
    summed = (
        frame.assign(industry_code=frame[column].map(target))
        .groupby([*keys, "industry_code"], sort=False)[value]
        .agg(lambda cells: cells.sum(skipna=False, min_count=1))
        .reset_index()
    )
    rank = summed["industry_code"].map({code: i for i, code in enumerate(order)})
    summed = summed.assign(_rank=rank).sort_values([*keys, "_rank"], kind="stable")
    return summed.drop(columns="_rank").reset_index(drop=True)


def join_history(
    history: pd.DataFrame,
    sn2025: pd.DataFrame,
    crosswalk: Crosswalk | None = None,
    column: str = "industry_code",
    value: str = "jobs",
    by: Iterable[str] = ("region_code",),
    mapping: FocusMapping | None = None,
) -> pd.DataFrame:
    """Extend an SN2007 history with the later years of an SN2025 two-digit frame.

    ``history`` has ``industry_code``, ``year`` and ``value``: the 17 groups, or the parts of
    the focus mapping (two-digit SN2007 data, see :mod:`naering_analysis.datasets.frames`).
    ``sn2025`` has two-digit SN2025 codes in ``column``. Years present in the history keep
    their SN2007 figures (the overlap year is not mixed); later SN2025 years are summed to the
    history's level. The result has a ``standard`` column (``"SN2007"`` or ``"SN2025"``) so a
    report can mark the break.
    """
    crosswalk = crosswalk or default_crosswalk()
    keys = [*by, "year"]
    last = int(history["year"].max()) if len(history) else None
    later = sn2025 if last is None else sn2025[sn2025["year"] > last]
    if set(history["industry_code"]) <= set(SN2007_CODES):
        new = crosswalk.to_sn2007_groups(later, column=column, value=value, by=keys)
    else:
        mapping = mapping or load_focus_mapping()
        new = crosswalk.to_parts(later, mapping, column=column, value=value, by=keys)
    columns = [*keys, "industry_code", value]
    old = history[columns].assign(standard="SN2007")
    joined = pd.concat([old, new[columns].assign(standard="SN2025")], ignore_index=True)
    return joined.sort_values(keys, kind="stable").reset_index(drop=True)


def _parse_rows(text: str, source: str) -> tuple[CrosswalkRow, ...]:
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    if reader.fieldnames != _COLUMNS:
        raise MappingError(f"{source}: kolonnene må være {_COLUMNS}, fant {reader.fieldnames}.")
    rows = []
    for number, raw in enumerate(reader, start=2):
        values = {k: (v or "").strip() for k, v in raw.items()}
        code = values["sn2025_code"]
        where = f"{source}, rad {number} (SN2025-kode {code!r})"
        if not ((len(code) == 2 and code.isdigit()) or code == UNKNOWN_SN2025):
            raise MappingError(
                f"{where}: en SN2025-næring har to sifre (eller {UNKNOWN_SN2025!r})."
            )
        if not values["sn2025_label"]:
            raise MappingError(f"{where}: navnet (sn2025_label) mangler.")
        if values["sn2007_code"] not in SN2007_DIVISIONS:
            raise MappingError(
                f"{where}: SN2007-koden {values['sn2007_code']!r} er ikke en tosifret SN2007-næring."
            )
        if values["relation"] not in _RELATIONS:
            raise MappingError(f"{where}: relation må være en av {list(_RELATIONS)}.")
        if values["status"] not in _STATUSES:
            raise MappingError(
                f"{where}: status må være {list(_STATUSES)}, ikke {values['status']!r}."
            )
        rows.append(
            CrosswalkRow(
                sn2025_code=code,
                sn2025_label=values["sn2025_label"],
                sn2007_code=values["sn2007_code"],
                relation=cast(Relation, values["relation"]),
                status=cast(Status, values["status"]),
                note=values["note"],
            )
        )
    return tuple(rows)


def _problems(rows: tuple[CrosswalkRow, ...]) -> list[str]:
    problems = []
    by_code: dict[str, list[CrosswalkRow]] = {}
    for row in rows:
        by_code.setdefault(row.sn2025_code, []).append(row)
    for code, group in by_code.items():
        relations = sorted(r.relation for r in group)
        if relations != ["hele"] and not (
            relations.count("hoveddel") == 1 and relations.count("del") == len(group) - 1 > 0
        ):
            problems.append(
                f"SN2025 {code}: skal ha én rad med relation 'hele', eller én 'hoveddel' og minst én "
                f"'del'; fant {relations}"
            )
        targets = [r.sn2007_code for r in group]
        if len(set(targets)) != len(targets):
            problems.append(f"SN2025 {code}: samme SN2007-næring står flere ganger ({targets})")
        if len({r.sn2025_label for r in group}) > 1:
            problems.append(f"SN2025 {code}: radene har ulike navn")
    covered = {r.sn2007_code for r in rows}
    uncovered = [d for d in SN2007_DIVISIONS if d not in covered]
    if uncovered:
        problems.append(f"SN2007-næringer som ingen SN2025-næring kommer fra: {uncovered}")
    return problems


def _parse_provenance(text: str, source: str) -> Provenance:
    try:
        document = load_yaml(text)
        provenance = Provenance.model_validate(document)
    except (yaml.YAMLError, ValidationError) as exc:
        raise MappingError(
            f"{source} er ugyldig (kilder og status for SN2025-koblingen): {exc}"
        ) from exc
    if set(provenance.statuses) != set(_STATUSES):
        raise MappingError(f"{source}: statuses må forklare både 'confirmed' og 'assumed'.")
    return provenance


def load_crosswalk(path: Path | None = None, provenance_path: Path | None = None) -> Crosswalk:
    """Load and validate the SN2025 → SN2007 crosswalk (default: the package's own files).

    Raises
    ------
    MappingError
        If a row is malformed (the message names the file, the row and the SN2025 code), a
        division is not one ``hele`` row or one ``hoveddel`` plus ``del`` rows, an SN2007
        division is not covered, or the provenance sidecar lacks sources or statuses.
    """
    text, source = read_data_text(path, CROSSWALK_FILE)
    rows = _parse_rows(text, source)
    problems = _problems(rows)
    if problems:
        raise MappingError(
            f"SN2025-koblingen i {source} er ufullstendig:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    side_text, side_source = read_data_text(provenance_path, PROVENANCE_FILE)
    return Crosswalk(rows=rows, provenance=_parse_provenance(side_text, side_source), source=source)


@lru_cache(maxsize=1)
def default_crosswalk() -> Crosswalk:
    """Return the package's crosswalk (loaded and validated once per process)."""
    return load_crosswalk()


def compare_with_klass(
    crosswalk: Crosswalk, maps: Iterable[Mapping[str, str]]
) -> dict[str, list[tuple[str, str]]]:
    """Compare the crosswalk with SSB's five-digit correspondence (Klass 2919) cut to two digits.

    ``maps`` are Klass ``correspondenceMaps`` entries (``sourceCode`` SN2025, ``targetCode``
    SN2007, e.g. ``62.100`` → ``62.010``). Returns the two-digit pairs that Klass has and the
    file lacks (``missing``), that the file has and Klass lacks (``extra``), and those both have
    (``agree``), each a sorted list of ``(sn2025, sn2007)``.
    """
    klass_pairs = {
        (m["sourceCode"][:2], m["targetCode"][:2])
        for m in maps
        if m.get("sourceCode") and m.get("targetCode")
    }
    ours = {(r.sn2025_code, r.sn2007_code) for r in crosswalk.rows if r.sn2025_code.isdigit()}
    return {
        "missing": sorted(klass_pairs - ours),
        "extra": sorted(ours - klass_pairs),
        "agree": sorted(ours & klass_pairs),
    }

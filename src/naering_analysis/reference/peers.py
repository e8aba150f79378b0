"""Peer groups: who a municipality is compared with (package data ``data/peer_groups.yaml``).

A group has exactly one definition: a population band relative to the municipality
(``population_ratio``), its county (``county``), a region group (``region_group``), the whole
country (``country``) or a fixed list of current codes (``codes``). Loading validates every code
against today's division. Resolving a group for one municipality is :func:`peer_members`; the
population band needs population figures, which the caller passes in (this layer holds no data).

>>> groups = peer_groups()
>>> groups.default, sorted(groups.groups)[:2]
('lignende_storrelse', ['byer_ostlandet', 'fylket'])
>>> peer_members(groups.groups["fylket"], "3105")[:3]
('3101', '3103', '3105')
>>> peer_members(groups.groups["naeringsregion"], "4003")  # outside Søndre Østfold: its BA-region
('4001', '4003', '4010', '4012', '4016', '4018')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from naering_analysis.errors import MappingError, UnknownCodeError
from naering_analysis.reference.datafiles import read_data_text
from naering_analysis.reference.division import Division, current_division
from naering_analysis.reference.labour_market import labour_market_region
from naering_analysis.reference.regions import region_groups
from naering_analysis.yamltext import load_yaml

PEER_GROUPS_FILE = "peer_groups.yaml"
_ID = re.compile(r"^[a-z0-9_]+$")
Kind = Literal["population_ratio", "county", "region_group", "country", "codes"]
_KINDS: tuple[Kind, ...] = ("population_ratio", "county", "region_group", "country", "codes")


class PeerGroup(BaseModel):
    """One peer-group definition (exactly one of the five kinds)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    name: str = Field(min_length=1)
    description: str = ""
    population_ratio: tuple[float, float] | None = None
    county: bool | None = None
    region_group: str | None = None
    outside: Literal["labour_market_region"] | None = Field(
        default=None,
        description=(
            "For a region_group: what a municipality outside the group is ranked in instead "
            "(its BA-region, reference.labour_market), so every municipality gets a real region."
        ),
    )
    country: bool | None = None
    codes: tuple[str, ...] | None = None

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"id {value!r} kan bare ha små bokstaver a–z, tall og _")
        return value

    @field_validator("population_ratio")
    @classmethod
    def _band(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None and not 0 < value[0] <= 1 <= value[1]:
            raise ValueError(
                f"population_ratio {list(value)} må være [nedre, øvre] med 0 < nedre ≤ 1 ≤ øvre, "
                "f.eks. [0.5, 2.0]"
            )
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> PeerGroup:
        given = [k for k in _KINDS if getattr(self, k) not in (None, False)]
        if len(given) != 1:
            raise ValueError(
                f"gruppen {self.id!r} må ha nøyaktig én av {', '.join(_KINDS)} (fant {given or 'ingen'})"
            )
        if self.outside is not None and self.region_group is None:
            raise ValueError(f"gruppen {self.id!r}: outside gjelder bare en region_group")
        return self

    @property
    def kind(self) -> Kind:
        """Which of the five definitions this group uses."""
        return next(k for k in _KINDS if getattr(self, k) not in (None, False))


class _PeerFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    default: str
    groups: tuple[PeerGroup, ...] = Field(min_length=1)


@dataclass(frozen=True)
class PeerGroups:
    """The loaded peer groups (by id, in file order) and the default group's id."""

    groups: Mapping[str, PeerGroup]
    default: str
    source: str


def _check(group: PeerGroup, division: Division, source: str) -> None:
    where = f"{source}, gruppen {group.id!r}"
    if group.codes is not None:
        if len(set(group.codes)) != len(group.codes):
            raise MappingError(f"{where}: en kode står flere ganger.")
        for code in group.codes:
            try:
                division.name(code)
            except UnknownCodeError as exc:
                raise MappingError(f"{where}: {exc}") from exc
    if group.region_group is not None:
        known = region_groups()
        if group.region_group not in known:
            raise MappingError(
                f"{where}: region_group {group.region_group!r} finnes ikke i region_groups.yaml "
                f"(finnes: {', '.join(known)})."
            )
        if any(len(code) != 4 for code in known[group.region_group].codes):
            raise MappingError(f"{where}: region_group må være en gruppe av kommuner.")


def load_peer_groups(path: Path | None = None, division: Division | None = None) -> PeerGroups:
    """Load and validate a peer-group file (default: the package's ``peer_groups.yaml``)."""
    text, source = read_data_text(path, PEER_GROUPS_FILE)
    try:
        parsed = _PeerFile.model_validate(load_yaml(text))
    except (yaml.YAMLError, ValidationError) as exc:
        raise MappingError(
            f"{source} er ugyldig: {exc}. Se forklaringen øverst i fila for de fem gruppetypene."
        ) from exc
    division = division or current_division()
    groups: dict[str, PeerGroup] = {}
    for group in parsed.groups:
        if group.id in groups:
            raise MappingError(f"{source}: id-en {group.id!r} står to ganger.")
        _check(group, division, source)
        groups[group.id] = group
    if parsed.default not in groups:
        raise MappingError(
            f"{source}: default {parsed.default!r} er ikke en av gruppene ({', '.join(groups)})."
        )
    return PeerGroups(groups, parsed.default, source)


@lru_cache(maxsize=1)
def peer_groups() -> PeerGroups:
    """Return the package's peer groups (loaded and validated once per process)."""
    return load_peer_groups()


def peer_members(
    group: PeerGroup,
    kommune: str,
    population: Mapping[str, float] | None = None,
    division: Division | None = None,
) -> tuple[str, ...]:
    """Return the sorted current codes in ``group`` for ``kommune`` (always including it).

    ``population`` (current code → population) is needed for a ``population_ratio`` group:
    members are the municipalities whose population lies within the band around
    ``kommune``'s, bounds included. Codes without a population figure are left out.

    >>> band = PeerGroup(id="x", name="X", population_ratio=(0.5, 2.0))
    >>> peer_members(band, "3105", {"3105": 100, "3101": 50, "3103": 201, "3107": 200})
    ('3101', '3105', '3107')
    """
    division = division or current_division()
    division.name(kommune)
    kind = group.kind
    if kind == "country":
        members: set[str] = set(division.codes)
    elif kind == "county":
        members = set(division.members(division.county(kommune)))
    elif kind == "region_group":
        members = set(region_groups()[group.region_group or ""].codes)
        if kommune not in members and group.outside == "labour_market_region":
            members = set(labour_market_region(kommune).members)
    elif kind == "codes":
        members = set(group.codes or ())
    else:
        if population is None or kommune not in population:
            raise MappingError(
                f"Gruppen {group.name!r} velger kommuner etter folketall, men folketallet for "
                f"{kommune} mangler. Hent tabell 07459 for alle kommuner (naering fetch --alle-kommuner)."
            )
        low, high = group.population_ratio or (0.0, 0.0)
        own = float(population[kommune])
        members = {
            code
            for code, value in population.items()
            if code in division.names and low * own <= float(value) <= high * own
        }
    return tuple(sorted(members | {kommune}))


def for_municipality(group: PeerGroup, kommune: str) -> PeerGroup:
    """Return ``group`` as it applies to ``kommune``: named after the region it resolves to.

    A region group with ``outside: labour_market_region`` is the programme's region for its
    members (Søndre Østfold for Sarpsborg) and the municipality's BA-region for everyone else, so
    Skien is ranked in «BA-region Skien/Porsgrunn», never «nr. 1 av 1» in Søndre Østfold.

    >>> group = peer_groups().groups["naeringsregion"]
    >>> for_municipality(group, "3105").name, for_municipality(group, "4003").name
    ('Søndre Østfold', 'BA-region Skien/Porsgrunn')
    """
    if group.outside != "labour_market_region" or group.region_group is None:
        return group
    if kommune in region_groups()[group.region_group].codes:
        return group
    region = labour_market_region(kommune)
    return group.model_copy(
        update={
            "name": region.label,
            "description": (
                f"Bo- og arbeidsmarkedsregionen {region.name} (NIBR-rapport 2013:1, "
                "labour_market_regions.csv): kommunen ligger utenfor "
                f"{group.region_group}."
            ),
        }
    )


def among(name: str, kind: str | None = None) -> str:
    """Return how a Norwegian sentence places a municipality in the group called ``name``.

    ``kind`` is the group's kind when the caller knows it; otherwise it is looked up by name in
    the package's groups (a BA-region is a region group). Only the first letter of a
    descriptive name is lowered, so place names keep their capitals.

    >>> among("Fylket"), among("Hele landet"), among("Søndre Østfold")
    ('i fylket', 'i hele landet', 'i Søndre Østfold')
    >>> among("Kommuner av lignende størrelse"), among("BA-region Skien/Porsgrunn")
    ('blant kommuner av lignende størrelse', 'i BA-region Skien/Porsgrunn')
    """
    if kind is None:
        known = {group.name: group.kind for group in peer_groups().groups.values()}
        kind = known.get(name, "region_group" if name.startswith("BA-region ") else "codes")
    if kind == "county":
        return "i fylket"
    if kind == "country":
        return "i hele landet"
    if kind == "region_group":
        return f"i {name}"
    return f"blant {name[:1].lower()}{name[1:]}"

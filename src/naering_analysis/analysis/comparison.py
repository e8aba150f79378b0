"""One municipality among its peers: the frames, the groups resolved for it, and its ranks.

:func:`compare` computes :func:`~naering_analysis.analysis.peers.municipality_measures` for every
municipality in the frames, resolves the peer groups of ``data/peer_groups.yaml`` for the
municipality (its default group, its county, the business region and the whole country) and
ranks it in each (:mod:`~naering_analysis.analysis.ranking`). The report
(:mod:`naering_analysis.report.peers`) and the explorer read the same :class:`PeerComparison`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from naering_analysis.analysis.peers import municipality_measures
from naering_analysis.analysis.ranking import ranks
from naering_analysis.datasets.build import frame
from naering_analysis.errors import AnalysisError, SnapshotError
from naering_analysis.reference.division import current_division
from naering_analysis.reference.peers import (
    PeerGroup,
    among,
    for_municipality,
    peer_groups,
    peer_members,
)
from naering_analysis.reference.regions import region_name

#: Rank groups besides the chosen peer group, by peer-group id.
STANDARD_GROUPS = ("fylket", "naeringsregion", "landet")


@dataclass(frozen=True)
class PeerFrames:
    """The tidy frames the comparison needs, for all municipalities and Norway (``"0"``)."""

    jobs: pd.DataFrame
    sector: pd.DataFrame | None = None
    population: pd.DataFrame | None = None
    commuting: pd.DataFrame | None = None
    labour: pd.DataFrame | None = None

    @property
    def municipalities(self) -> int:
        """How many municipalities the jobs frame covers."""
        codes = self.jobs["region_code"].astype(str)
        return int(codes[codes.str.len() == 4].nunique())

    def coverage_note(self) -> str:
        """Return a Norwegian note when the frames do not cover the whole country, else ``""``."""
        found, everyone = self.municipalities, len(current_division())
        if found >= everyone:
            return ""
        return (
            f"Tallene dekker {found} av landets {everyone} kommuner, så sammenligningen med "
            "hele landet og med kommuner av lignende størrelse er ufullstendig. Hent alle "
            "kommunene med `naering fetch --alle-kommuner` (krever internett)."
        )


def load_frames(snapshot: str | None = None, *, root: Path | None = None) -> PeerFrames:
    """Load the comparison's frames from the newest snapshots (13470 is required).

    A table without any snapshot (for example 11618 in a project fetched before it joined the
    catalogue) gives None for its frame; the measures it feeds are then left out.
    """

    def optional(name: str) -> pd.DataFrame | None:
        try:
            return frame(name, snapshot, root=root)
        except SnapshotError:
            return None

    return PeerFrames(
        jobs=frame("employment", snapshot, root=root),
        sector=optional("employment_sector"),
        population=optional("population"),
        commuting=optional("commuting"),
        labour=optional("labour"),
    )


@dataclass(frozen=True)
class PeerComparison:
    """One municipality among its peers over one period."""

    kommune: str
    region_name: str
    start: int
    end: int
    measures: pd.DataFrame
    peer_group: PeerGroup
    groups: dict[str, tuple[str, ...]]
    ranks: pd.DataFrame
    kinds: dict[str, str]

    def where(self, group: str) -> str:
        """Return how a Norwegian sentence places a rank in ``group``: "i fylket", "blant …"."""
        return among(group, self.kinds.get(group, "codes"))

    @property
    def period(self) -> str:
        """The period as Norwegian text, ``"2017–2022"``."""
        return f"{self.start}–{self.end}"

    @property
    def members(self) -> tuple[str, ...]:
        """The chosen peer group's member codes (the municipality included)."""
        return self.groups[self.peer_group.name]


def default_periods(
    jobs: pd.DataFrame, programme: tuple[int, int] = (2017, 2022)
) -> list[tuple[int, int]]:
    """Return the programme period and the latest five years (once if they coincide)."""
    latest = int(jobs["year"].max())
    periods = [programme, (latest - 5, latest)]
    return list(dict.fromkeys(p for p in periods if p[0] >= int(jobs["year"].min())))


def _population_by_code(population: pd.DataFrame | None, year: int) -> dict[str, float] | None:
    if population is None:
        return None
    upto = population.loc[population["year"] <= year]
    if upto.empty:
        return None
    last = upto.loc[upto["year"] == upto["year"].max()]
    values = pd.to_numeric(last["population"], errors="coerce")
    return dict(zip(last["region_code"].astype(str), values.astype(float), strict=True))


def resolve_groups(
    kommune: str,
    population: Mapping[str, float] | None,
    available: Sequence[str],
    group_id: str | None = None,
) -> tuple[PeerGroup, dict[str, tuple[str, ...]], dict[str, str]]:
    """Resolve the peer groups of ``data/peer_groups.yaml`` for ``kommune``.

    Returns the chosen group as it applies to ``kommune`` (:func:`for_municipality`: the business
    region is the municipality's BA-region outside Søndre Østfold), ``{group name: member codes}``
    for it and the standard groups (county, business region, country), keeping only codes in
    ``available``, and each group's kind. A population-band group is skipped when ``population``
    is None; the chosen group must not be.
    """
    known = peer_groups()
    wanted = group_id or known.default
    if wanted not in known.groups:
        raise AnalysisError(
            f"Sammenligningsgruppen {wanted!r} finnes ikke i {known.source} "
            f"(finnes: {', '.join(known.groups)})."
        )
    division = current_division()
    keep = set(available)
    chosen = for_municipality(known.groups[wanted], kommune)
    standard = [
        for_municipality(known.groups[g], kommune) for g in STANDARD_GROUPS if g in known.groups
    ]
    groups: dict[str, tuple[str, ...]] = {}
    kinds: dict[str, str] = {}
    for group in [chosen, *standard]:
        if group.kind == "population_ratio" and population is None:
            continue
        members = peer_members(group, kommune, population, division)
        groups.setdefault(group.name, tuple(c for c in members if c in keep))
        kinds.setdefault(group.name, group.kind)
    if chosen.name not in groups:
        raise AnalysisError(
            f"Gruppen {chosen.name!r} velger kommuner etter folketall, men tabell 07459 mangler."
        )
    return chosen, groups, kinds


def compare(
    frames: PeerFrames, kommune: str, start: int, end: int, group_id: str | None = None
) -> PeerComparison:
    """Compute the measures for every municipality and rank ``kommune`` in its groups.

    ``group_id`` picks the peer group (default: the file's ``default``). A group defined by
    population uses the population in ``end`` (or the latest year before it).
    """
    measures = municipality_measures(
        frames.jobs,
        start,
        end,
        sector=frames.sector,
        population=frames.population,
        commuting=frames.commuting,
        labour=frames.labour,
    )
    if kommune not in set(measures["region_code"]):
        raise AnalysisError(
            f"Kommunen {kommune} mangler i tallene for {start}–{end}; hent tabellene for alle "
            "kommuner med naering fetch --alle-kommuner."
        )
    division = current_division()
    measures.insert(1, "name", measures["region_code"].map(lambda c: division.names.get(c, c)))
    population = _population_by_code(frames.population, end)
    chosen, groups, kinds = resolve_groups(
        kommune, population, list(measures["region_code"]), group_id
    )
    ranked = ranks(measures, kommune, groups)
    return PeerComparison(
        kommune,
        region_name(kommune, default=kommune),
        start,
        end,
        measures,
        chosen,
        groups,
        ranked,
        kinds,
    )

"""The peer comparison for the report: measures, groups, ranks, two figures and one table.

:func:`compare` computes the measures of :mod:`naering_analysis.analysis.peers` for every
municipality in the frames, resolves the peer groups of ``data/peer_groups.yaml`` for the
municipality (its default group, its county, the business region and the whole country) and
ranks it in each. Notebook 06, notebook 05's export, ``nokkeltall.json`` and the rollover's
``endringer.md`` all read the same :class:`PeerComparison`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from naering_analysis.analysis.peers import municipality_measures
from naering_analysis.analysis.ranking import MEASURES, ranks
from naering_analysis.config import paths
from naering_analysis.datasets import frames
from naering_analysis.errors import AnalysisError, SnapshotError
from naering_analysis.figures import fig_attractiveness_rank, fig_growth_vs_structural
from naering_analysis.figures.export import CouncilFigure
from naering_analysis.figures.tables import FMT_INT, export_table
from naering_analysis.numfmt import fmt_int, fmt_num, fmt_pct, fmt_signed
from naering_analysis.reference.division import current_division
from naering_analysis.reference.peers import PeerGroup, peer_groups, peer_members
from naering_analysis.reference.regions import region_name

#: Rank groups besides the chosen peer group, by peer-group id.
STANDARD_GROUPS = ("fylket", "naeringsregion", "landet")

#: Excel format for values already in percent or percentage points (1.5 → "1,50").
FMT_NUM2 = "0.00"

#: Column → Norwegian header of the peer table, in order.
TABLE_COLUMNS: dict[str, str] = {
    "name": "Kommune",
    "jobs_start": "Arbeidsplasser start",
    "jobs_end": "Arbeidsplasser slutt",
    "jobs_change": "Faktisk endring",
    "structural_change": "Strukturell endring",
    "attractiveness_jobs": "Attraktivitet",
    "jobs_annual_pct": "Faktisk vekst, % per år",
    "structural_annual_pct": "Strukturell vekst, % per år",
    "attractiveness_annual_pp": "Attraktivitet, prosentpoeng per år",
    "rank": "Rangering på attraktivitet",
}


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
    raw = paths(root).raw if root else None

    def optional(loader: Any) -> pd.DataFrame | None:
        try:
            frame: pd.DataFrame = loader(snapshot, root=raw)
        except SnapshotError:
            return None
        return frame

    return PeerFrames(
        jobs=frames.employment(snapshot, root=raw),
        sector=optional(frames.employment_by_sector),
        population=optional(frames.population),
        commuting=optional(frames.commuting),
        labour=optional(frames.labour),
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
        kind = self.kinds.get(group, "codes")
        if kind == "county":
            return "i fylket"
        if kind == "country":
            return "i hele landet"
        if kind == "region_group":
            return f"i {group}"
        return f"blant {group[:1].lower()}{group[1:]}"

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


def compare(
    frames: PeerFrames, kommune: str, start: int, end: int, group_id: str | None = None
) -> PeerComparison:
    """Compute the measures for every municipality and rank ``kommune`` in its groups.

    ``group_id`` picks the peer group (default: the file's ``default``). A group defined by
    population uses the population in ``end`` (or the latest year before it).
    """
    known = peer_groups()
    wanted = group_id or known.default
    if wanted not in known.groups:
        raise AnalysisError(
            f"Sammenligningsgruppen {wanted!r} finnes ikke i {known.source} "
            f"(finnes: {', '.join(known.groups)})."
        )
    chosen = known.groups[wanted]
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
    available = set(measures["region_code"])
    population = _population_by_code(frames.population, end)
    groups: dict[str, tuple[str, ...]] = {}
    kinds: dict[str, str] = {}
    for group in [chosen, *(known.groups[g] for g in STANDARD_GROUPS if g in known.groups)]:
        if group.kind == "population_ratio" and population is None:
            continue
        members = peer_members(group, kommune, population, division)
        groups.setdefault(group.name, tuple(c for c in members if c in available))
        kinds.setdefault(group.name, group.kind)
    if chosen.name not in groups:
        raise AnalysisError(
            f"Gruppen {chosen.name!r} velger kommuner etter folketall, men tabell 07459 mangler."
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


def figures(comparison: PeerComparison, target_rate: float = 0.015) -> list[CouncilFigure]:
    """Return the two council figures of the comparison, in the chosen peer group."""
    args: dict[str, Any] = {"group_name": comparison.peer_group.name}
    suffix = f"{comparison.start}_{comparison.end}"
    return [
        fig_attractiveness_rank(
            comparison.measures,
            comparison.kommune,
            comparison.members,
            name=f"10_attraktivitet_{suffix}",
            **args,
        ),
        fig_growth_vs_structural(
            comparison.measures,
            comparison.kommune,
            comparison.members,
            name=f"11_vekst_mot_struktur_{suffix}",
            target_rate=target_rate,
            **args,
        ),
    ]


def peer_table(comparison: PeerComparison) -> pd.DataFrame:
    """Return one row per municipality in the peer group, Norwegian headers, best first."""
    part = comparison.measures.loc[comparison.measures["region_code"].isin(comparison.members)]
    part = part.sort_values("attractiveness_annual_pp", ascending=False, na_position="last")
    part = part.assign(
        rank=part["attractiveness_annual_pp"].rank(method="min", ascending=False).astype("Int64")
    )
    table = part[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS).reset_index(drop=True)
    table.attrs = dict(comparison.measures.attrs)
    return table


def export_peer_table(comparison: PeerComparison, outdir: Any) -> dict[str, Any]:
    """Write the peer table as xlsx and CSV (``12_sammenligning_<start>_<end>``)."""
    table = peer_table(comparison)
    ints = [TABLE_COLUMNS[c] for c in TABLE_COLUMNS if c.startswith(("jobs_", "structural_ch"))]
    ints += [TABLE_COLUMNS["attractiveness_jobs"], TABLE_COLUMNS["rank"]]
    formats = dict.fromkeys([c for c in ints if not c.endswith("per år")], FMT_INT)
    formats.update(
        dict.fromkeys(
            [
                TABLE_COLUMNS[c]
                for c in ("jobs_annual_pct", "structural_annual_pct", "attractiveness_annual_pp")
            ],
            FMT_NUM2,
        )
    )
    return export_table(
        table,
        outdir,
        f"12_sammenligning_{comparison.start}_{comparison.end}",
        f"{comparison.region_name} blant {comparison.peer_group.name.lower()}, {comparison.period}",
        list(comparison.measures.attrs.get("provenance", [])),
        bool(comparison.measures.attrs.get("synthetic", False)),
        formats,
    )


def key_ranks(comparison: PeerComparison) -> dict[str, Any]:
    """Return the ranks as JSON-ready data for ``nokkeltall.json``: per measure and group."""
    out: dict[str, Any] = {
        "period": [comparison.start, comparison.end],
        "peer_group": comparison.peer_group.name,
        "group_sizes": {name: len(members) for name, members in comparison.groups.items()},
        "summary": summary_lines(comparison),
        "measures": {},
    }
    for measure in MEASURES:
        rows = comparison.ranks.loc[comparison.ranks["measure"] == measure.column]
        if rows.empty:
            continue
        out["measures"][measure.column] = {
            "label": measure.label,
            "value": _json_number(rows["value"].iloc[0]),
            "ranks": {
                r["group"]: {
                    "rank": _json_number(r["rank"]),
                    "of": int(r["size"]),
                    "text": r["text"],
                }
                for r in rows.to_dict("records")
            },
        }
    return out


def _json_number(value: Any) -> float | int | None:
    number = float(value)
    if number != number:  # NaN: not ranked / missing
        return None
    return int(number) if number.is_integer() else number


def _formatted(value: float, unit: str) -> str:
    if value != value:  # NaN
        return "–"
    if unit == "pct":
        return fmt_pct(value / 100, 1)
    if unit == "pp":
        return fmt_signed(value, "pp")
    if unit == "ratio":
        return fmt_num(value, 2)
    return fmt_int(value)


def rank_overview(comparison: PeerComparison) -> pd.DataFrame:
    """Return one row per measure: its Norwegian label, the value and the rank in each group.

    Columns ``Mål``, ``Verdi`` and one per group (``"nr. 12 av 41"``), for reading in a notebook
    or a council document.
    """
    rows = []
    for measure in MEASURES:
        part = comparison.ranks.loc[comparison.ranks["measure"] == measure.column]
        if part.empty:
            continue
        row = {
            "Mål": measure.label,
            "Verdi": _formatted(float(part["value"].iloc[0]), measure.unit),
        }
        row.update(dict(zip(part["group"], part["text"], strict=True)))
        rows.append(row)
    return pd.DataFrame(rows)


def summary_lines(comparison: PeerComparison) -> list[str]:
    """Return Norwegian summary lines for ``sammendrag.md``: attractiveness and job growth ranks."""
    lines = []
    for column, what in (
        ("attractiveness_annual_pp", "attraktivitet for næringsliv"),
        ("jobs_annual_pct", "arbeidsplassvekst"),
    ):
        part = comparison.ranks.loc[comparison.ranks["measure"] == column]
        if part.empty:
            continue
        measure = next(m for m in MEASURES if m.column == column)
        places = [
            f"{t} {comparison.where(g)}" for g, t in zip(part["group"], part["text"], strict=True)
        ]
        ranks_text = ", ".join(places[:-1]) + (" og " if len(places) > 1 else "") + places[-1]
        lines.append(
            f"{comparison.region_name}s {what} {comparison.period} var "
            f"{_formatted(float(part['value'].iloc[0]), measure.unit)} per år: {ranks_text}."
        )
    return lines


def peer_key_figures(
    kommune: str, snapshot: str | None = None, *, root: Path | None = None
) -> dict[str, Any]:
    """Return the ``peers`` section of ``nokkeltall.json``: the ranks for each default period.

    Keyed by period (``"2017–2022"``); with ``coverage_note`` when the snapshots do not hold
    every municipality.
    """
    frames_ = load_frames(snapshot, root=root)
    out: dict[str, Any] = {"coverage_note": frames_.coverage_note(), "periods": {}}
    for start, end in default_periods(frames_.jobs):
        comparison = compare(frames_, kommune, start, end)
        out["periods"][comparison.period] = key_ranks(comparison)
    return out

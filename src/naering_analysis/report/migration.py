"""Where people choose to live in the report: figures, table, key figures and summary lines.

The measures are in :mod:`naering_analysis.analysis.migration`; the peer groups and job growth
come from the peer comparison (:func:`naering_analysis.analysis.comparison.compare`), so living
attractiveness is ranked in exactly the groups the business attractiveness is ranked in.
``nokkeltall.json`` gets a ``migration`` section shaped like ``peers`` (periods → measures →
ranks), which the rollover compares the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from naering_analysis.analysis.comparison import (
    PeerComparison,
    compare,
    default_periods,
    load_frames,
)
from naering_analysis.analysis.migration import (
    RANKED,
    components,
    living_attractiveness,
    living_ranks,
)
from naering_analysis.datasets.build import frame
from naering_analysis.figures.export import CouncilFigure
from naering_analysis.figures.migration import (
    fig_living_attractiveness_rank,
    fig_population_components,
)
from naering_analysis.figures.tables import FMT_INT
from naering_analysis.numfmt import fmt_num, fmt_signed
from naering_analysis.reference.peers import among
from naering_analysis.reference.terms import label
from naering_analysis.report.inputs import CouncilTable, Inputs

#: Excel format for rates with one decimal.
FMT_NUM1 = "0.0"

#: Column → term key of the council table, in order.
TABLE_COLUMNS: dict[str, str] = {
    "name": "kommune",
    "jobs_annual_pct": "arbeidsplassvekst_per_aar",
    "net_domestic_rate": "netto_innenlandsk_flytting_rate",
    "expected_rate": "forventet_flytting",
    "living_attractiveness": "bostedsattraktivitet",
    "living_attractiveness_persons": "bostedsattraktivitet_personer",
    "rank": "rangering_bostedsattraktivitet",
}


@dataclass(frozen=True)
class LivingComparison:
    """Living attractiveness for one municipality and period, with its ranks and groups."""

    comparison: PeerComparison
    measures: pd.DataFrame
    ranks: pd.DataFrame

    @property
    def period(self) -> str:
        """The period as Norwegian text, ``"2017–2022"``."""
        return self.comparison.period


def compare_living(comparison: PeerComparison, moves: pd.DataFrame) -> LivingComparison:
    """Return living attractiveness in ``comparison``'s period, ranked in its groups."""
    measures = living_attractiveness(moves, comparison.measures, comparison.start, comparison.end)
    names = comparison.measures.set_index("region_code")["name"]
    measures.insert(1, "name", measures["region_code"].map(names).fillna(measures["region_code"]))
    ranked = living_ranks(measures, comparison.kommune, comparison.groups)
    return LivingComparison(comparison, measures, ranked)


@cache
def _living(kommune: str, snapshot: str | None, root: Path | None) -> tuple[Any, ...]:
    frames_ = load_frames(snapshot, root=root)
    moves = frame("migration", snapshot, root=root)
    periods = default_periods(frames_.jobs)
    return moves, tuple(compare_living(compare(frames_, kommune, *p), moves) for p in periods)


def load_living(
    kommune: str, snapshot: str | None = None, *, root: Path | None = None
) -> tuple[pd.DataFrame, tuple[LivingComparison, ...]]:
    """Return the 01223 frame and living attractiveness for each default period (cached)."""
    moves, living = _living(kommune, snapshot, root)
    return moves, living


def figure_options(frame: pd.DataFrame, name: str) -> dict[str, Any]:
    """Name and sources: the tables the measure is built from (01223, 13470, 07459 for groups).

    Notebook 09 shows figures 13 and 14 as the council set (05) exports them; 09 writes only the
    figures 14 of the earlier periods, which are not in the council set.
    """
    used = ("01223", "13470", "07459")
    return {
        "name": name,
        "sources": [p for p in frame.attrs.get("provenance", []) if p.get("table") in used],
        "synthetic": bool(frame.attrs.get("synthetic")),
    }


def fig_befolkningsendringer(inputs: Inputs) -> CouncilFigure:
    """Council figure: population change by component per year for the municipality."""
    moves = load_living(inputs.kommune)[0]
    return fig_population_components(
        components(moves), inputs.kommune, **figure_options(moves, "13_befolkningsendringer")
    )


def fig_bostedsattraktivitet(inputs: Inputs) -> CouncilFigure:
    """Council figure: living attractiveness ranked in the peer group, latest five years."""
    _moves, living = load_living(inputs.kommune)
    last = living[-1]
    return fig_living_attractiveness_rank(
        last.measures,
        inputs.kommune,
        last.comparison.members,
        group_name=last.comparison.peer_group.name,
        **figure_options(
            last.measures, f"14_bostedsattraktivitet_{last.comparison.start}_{last.comparison.end}"
        ),
    )


def living_table(living: LivingComparison) -> pd.DataFrame:
    """Return one row per municipality of the peer group, Norwegian headers, best first."""
    part = living.measures.loc[living.measures["region_code"].isin(living.comparison.members)]
    part = part.sort_values("living_attractiveness", ascending=False, na_position="last")
    part = part.assign(
        rank=part["living_attractiveness"].rank(method="min", ascending=False).astype("Int64")
    )
    headers = {c: label(k) for c, k in TABLE_COLUMNS.items()}
    table = part[list(TABLE_COLUMNS)].rename(columns=headers).reset_index(drop=True)
    table.attrs = dict(living.measures.attrs)
    return table


def table_bostedsattraktivitet(inputs: Inputs) -> CouncilTable:
    """Council table: living attractiveness in the peer group, latest five years."""
    _moves, living = load_living(inputs.kommune)
    last = living[-1]
    frame = living_table(last)
    formats = {label(k): FMT_NUM1 for c, k in TABLE_COLUMNS.items() if c not in ("name", "rank")}
    formats[label("bostedsattraktivitet_personer")] = FMT_INT
    formats[label("rangering_bostedsattraktivitet")] = FMT_INT
    formats[label("arbeidsplassvekst_per_aar")] = "0.00"
    c = last.comparison
    return CouncilTable(
        f"bostedsattraktivitet_{c.start}_{c.end}",
        f"Bostedsattraktivitet: {c.region_name} {among(c.peer_group.name)}, {c.period}",
        frame,
        formats,
    )


def _number(value: Any) -> float | int | None:
    number = float(value)
    if number != number:
        return None
    return int(number) if number.is_integer() else number


def summary_lines(living: LivingComparison) -> list[str]:
    """Return the Norwegian summary line of one period: rate, expected and the ranks."""
    c = living.comparison
    own = living.measures.loc[living.measures["region_code"] == c.kommune].iloc[0]
    part = living.ranks.loc[living.ranks["measure"] == "living_attractiveness"]
    places = [f"{t} {c.where(g)}" for g, t in zip(part["group"], part["text"], strict=True)]
    ranks_text = ", ".join(places[:-1]) + (" og " if len(places) > 1 else "") + places[-1]
    if own[["net_domestic_rate", "living_attractiveness"]].isna().any():
        return [
            f"{c.region_name}s bostedsattraktivitet {c.period} kan ikke beregnes (tall mangler)."
        ]
    return [
        f"{c.region_name}s netto innenlandske flytting {c.period} var "
        f"{fmt_num(float(own['net_domestic_rate']), 1)} per 1 000 innbyggere per år; "
        f"arbeidsplassveksten alene tilsier {fmt_num(float(own['expected_rate']), 1)}. "
        f"Bostedsattraktiviteten, {fmt_signed(float(own['living_attractiveness']), 'num')} per 1 000 "
        f"per år (om lag {fmt_signed(round(float(own['living_attractiveness_persons'])))} "
        f"personer), er {ranks_text}."
    ]


def key_figures(living: LivingComparison, parts: pd.DataFrame) -> dict[str, Any]:
    """Return one period's section of ``nokkeltall.json`` (shaped like the peers' periods)."""
    c = living.comparison
    own = living.measures.loc[living.measures["region_code"] == c.kommune].iloc[0]
    years = range(c.start + 1, c.end + 1)
    mine = parts.loc[(parts["region_code"] == c.kommune) & parts["year"].isin(years)]
    out: dict[str, Any] = {
        "period": [c.start, c.end],
        "peer_group": c.peer_group.name,
        "expected_migration": living.measures.attrs.get("expected_migration"),
        "components_persons": {
            k: _number(mine[k].sum(min_count=1))
            for k in ("natural_change", "net_international", "net_domestic", "population_change")
        },
        "living_attractiveness_persons": _number(own["living_attractiveness_persons"]),
        "summary": summary_lines(living),
        "measures": {},
    }
    for column, text in RANKED.items():
        rows = living.ranks.loc[living.ranks["measure"] == column]
        out["measures"][column] = {
            "label": text,
            "value": _number(own[column]),
            "ranks": {
                r["group"]: {"rank": _number(r["rank"]), "of": int(r["size"]), "text": r["text"]}
                for r in rows.to_dict("records")
            },
        }
    return out


def migration_key_figures(
    kommune: str, snapshot: str | None = None, *, root: Path | None = None
) -> dict[str, Any]:
    """Return the ``migration`` section of ``nokkeltall.json``: components by year and ranks."""
    moves, living = load_living(kommune, snapshot, root=root)
    parts = components(moves)
    mine = parts.loc[parts["region_code"] == kommune]
    by_year = {
        str(int(r["year"])): {
            k: _number(r[k])
            for k in (
                "births",
                "deaths",
                "natural_change",
                "net_international",
                "net_domestic",
                "population_change",
                "residual",
            )
        }
        for r in mine.to_dict("records")
    }
    return {
        "synthetic": bool(moves.attrs.get("synthetic")),
        "by_year": by_year,
        "periods": {lc.period: key_figures(lc, parts) for lc in living},
    }


def migration_summary_lines(figures: dict[str, Any] | None) -> list[str]:
    """Return ``sammendrag.md``'s lines on where people choose to live, if the report has them."""
    if not figures:
        return []
    mark = " *(illustrasjonsdata)*" if figures.get("synthetic") else ""
    lines = [
        f"- **Bosetting:** {line}{mark}"
        for p in figures["periods"].values()
        for line in p["summary"]
    ]
    last = list(figures["by_year"].items())[-1:] if figures.get("by_year") else []
    for year, row in last:
        if row.get("population_change") is not None:
            lines.append(
                f"- **{label('folkevekst')} {year}:** {fmt_signed(row['population_change'])} "
                f"({label('fodselsoverskudd').lower()} {fmt_signed(row['natural_change'] or 0)}, "
                f"{label('nettoinnvandring').lower()} {fmt_signed(row['net_international'] or 0)}, "
                f"{label('netto_innenlandsk_flytting').lower()} "
                f"{fmt_signed(row['net_domestic'] or 0)}).{mark}"
            )
    return lines


__all__ = [
    "LivingComparison",
    "compare_living",
    "fig_befolkningsendringer",
    "fig_bostedsattraktivitet",
    "living_table",
    "load_living",
    "migration_key_figures",
    "migration_summary_lines",
    "summary_lines",
    "table_bostedsattraktivitet",
]

"""The peer comparison in the report: two council figures, the peer table, ranks and summary.

The comparison itself (:func:`compare`, :class:`PeerComparison`) lives in
:mod:`naering_analysis.analysis.comparison` and is re-exported here for notebook 06. This module
turns it into what a council document and ``nokkeltall.json`` need; ``sammendrag.md`` and the
rollover's ``endringer.md`` read the key figures it writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from naering_analysis.analysis.comparison import (
    PeerComparison,
    PeerFrames,
    compare,
    default_periods,
    load_frames,
)
from naering_analysis.analysis.ranking import MEASURES
from naering_analysis.figures import fig_attractiveness_rank, fig_growth_vs_structural
from naering_analysis.figures.export import CouncilFigure
from naering_analysis.figures.tables import FMT_INT, export_table
from naering_analysis.numfmt import fmt_int, fmt_num, fmt_pct, fmt_signed
from naering_analysis.reference.peers import among
from naering_analysis.reference.terms import label

__all__ = [
    "TABLE_COLUMNS",
    "PeerComparison",
    "PeerFrames",
    "compare",
    "default_periods",
    "export_peer_table",
    "figures",
    "key_ranks",
    "load_frames",
    "peer_key_figures",
    "peer_table",
    "rank_overview",
    "summary_lines",
]

#: Excel format for values already in percent or percentage points (1.5 → "1,50").
FMT_NUM2 = "0.00"

#: Column → Norwegian header of the peer table, in order.
TABLE_COLUMNS: dict[str, str] = {
    "name": label("kommune"),
    "jobs_start": label("arbeidsplasser_start"),
    "jobs_end": label("arbeidsplasser_slutt"),
    "jobs_change": label("faktisk_endring"),
    "structural_change": label("strukturell_endring"),
    "attractiveness_jobs": label("attraktivitet"),
    "jobs_annual_pct": label("faktisk_vekst_per_aar"),
    "structural_annual_pct": label("strukturell_vekst_per_aar"),
    "attractiveness_annual_pp": label("attraktivitet_per_aar"),
    "rank": label("rangering_attraktivitet"),
}


def figures(comparison: PeerComparison, target_rate: float = 0.015) -> list[CouncilFigure]:
    """Return the two council figures of the comparison, in the chosen peer group."""
    # The figures draw jobs (13470) only: cite that table, not every table behind the measures.
    used = [p for p in comparison.measures.attrs.get("provenance", []) if p.get("table") == "13470"]
    args: dict[str, Any] = {"group_name": comparison.peer_group.name, "sources": used or None}
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
        f"{comparison.region_name} {among(comparison.peer_group.name)}, {comparison.period}",
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
            "shown": _formatted(float(rows["value"].iloc[0]), measure.unit),
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

    Columns ``Indikator``, ``Verdi`` and one per group (``"nr. 12 av 41"``), for reading in a
    notebook or a council document.
    """
    rows = []
    for measure in MEASURES:
        part = comparison.ranks.loc[comparison.ranks["measure"] == measure.column]
        if part.empty:
            continue
        row = {
            label("indikator"): measure.label,
            label("verdi"): _formatted(float(part["value"].iloc[0]), measure.unit),
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

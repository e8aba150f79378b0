"""Will there be people for the jobs? The council figure, table and key figures of the balance.

The jobs goal in the target year, the commuting shares of the latest year (11616) and SSB's
population projection 15–74 (14746 or a newer vintage) give the employment rate the goal needs
per alternative (:mod:`naering_analysis.analysis.labour_balance`). :mod:`.council` lists the
figure and table, :mod:`.keyfigures` adds :func:`labour_balance_key_figures` to
``nokkeltall.json`` and :func:`labour_balance_summary_lines` to ``sammendrag.md``, and
:mod:`.rollover` reports what changed with :func:`labour_balance_changes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from naering_analysis.analysis.labour_balance import LabourBase, labour_balance, labour_base
from naering_analysis.datasets.build import frame
from naering_analysis.errors import NaeringError
from naering_analysis.figures.export import CouncilFigure
from naering_analysis.figures.labour_balance import alternative_label, fig_labour_balance
from naering_analysis.figures.tables import FMT_INT, FMT_PCT1
from naering_analysis.numfmt import fmt_int, fmt_pct, fmt_pct_points, fmt_signed
from naering_analysis.reference.sources import source_line
from naering_analysis.reference.terms import label as term_label
from naering_analysis.report.inputs import CouncilTable, Inputs, goal_args


@dataclass(frozen=True)
class Balance:
    """The balance of one municipality: the base year's facts, one row per alternative, sources."""

    base: LabourBase
    rows: pd.DataFrame
    provenance: list[Mapping[str, Any]]
    synthetic: bool


def balance(inputs: Inputs) -> Balance:
    """Return the labour balance of ``inputs.kommune`` from 13470, 11616, 11618 and the projection."""
    commuting, labour = frame("commuting"), frame("labour")
    projection = frame("projection_population")
    args = goal_args(inputs)
    base = labour_base(
        inputs.employment,
        commuting,
        labour,
        inputs.kommune,
        base_year=args["base_year"],
        rate=args["rate"],
        target_year=args["target_year"],
    )
    used = (inputs.employment, commuting, labour, projection)
    provenance = [p for frame in used for p in frame.attrs.get("provenance", [])]
    synthetic = any(bool(frame.attrs.get("synthetic")) for frame in used)
    return Balance(base, labour_balance(base, projection), provenance, synthetic)


def fig_arbeidskraft(inputs: Inputs) -> CouncilFigure:
    """Draw the employment rate the goal needs per projection alternative, against today's."""
    b = balance(inputs)
    return fig_labour_balance(
        b.rows,
        place=inputs.region_name,
        latest_year=b.base.year,
        target_year=b.base.target_year,
        name="12_sysselsettingsandel_som_trengs",
        sources=b.provenance,
        synthetic=b.synthetic,
    )


def table_arbeidskraft(inputs: Inputs) -> CouncilTable:
    """Tabulate population 15–74, residents needed, the rate needed and the gap per alternative."""
    b = balance(inputs)
    latest, target = b.base.year, b.base.target_year
    year = int(b.rows.attrs["year"])
    columns = {
        "alternative_name": term_label("framskrivingsalternativ"),
        "population_15_74_target": term_label("befolkning_15_74", 1, year=year),
        "population_gain": term_label("flere_bosatte_15_74", period=f"{latest}–{year}"),
        "residents_needed": term_label("sysselsatte_bosatte_trengs", year=target),
        "rate_today": term_label("sysselsettingsandel_aar", year=latest),
        "implied_rate": term_label("sysselsettingsandel_som_trengs", year=target),
        "gap_residents": term_label("gap_bosatte"),
        "gap_net_commuting": term_label("gap_netto_innpendling"),
    }
    rows = b.rows.assign(
        alternative_name=[alternative_label(str(a)) for a in b.rows["alternative"]],
        rate_today=b.rows["rate_today_pct"] / 100,
        implied_rate=b.rows["implied_rate_pct"] / 100,
    )
    frame = rows[list(columns)].rename(columns=columns)
    formats = dict.fromkeys(list(columns.values())[1:], FMT_INT)
    formats[columns["rate_today"]] = FMT_PCT1
    formats[columns["implied_rate"]] = FMT_PCT1
    title = (
        f"Befolkning 15–74 år og sysselsettingsandelen målet krever i {inputs.region_name} i "
        f"{target}, per framskrivingsalternativ (pendlerandelene fra {latest})"
    )
    return CouncilTable("arbeidskraft", title, frame, formats)


def _number(value: Any) -> float | None:
    number = float(value)
    return None if number != number else number


def labour_balance_key_figures(inputs: Inputs) -> dict[str, Any]:
    """Return the balance as JSON-ready key figures (``{"missing": reason}`` when it cannot be had)."""
    try:
        b = balance(inputs)
    except (NaeringError, KeyError) as exc:
        return {"missing": str(exc).splitlines()[0] if str(exc) else type(exc).__name__}
    base = b.base
    return {
        "synthetic": b.synthetic,
        "source": source_line(b.provenance),
        "latest_year": base.year,
        "target_year": base.target_year,
        "population_year": int(b.rows.attrs["year"]),
        "jobs_target": base.jobs_target,
        "age_share": base.age_share,
        "in_share": base.in_share,
        "out_share": base.out_share,
        "rate_today_pct": base.rate_pct,
        "population_15_74_latest": base.population_15_74,
        "residents_needed": float(b.rows["residents_needed"].iloc[0]),
        "alternatives": {
            str(row["alternative"]): {
                "population_15_74": _number(row["population_15_74_target"]),
                "population_gain": _number(row["population_gain"]),
                "implied_rate_pct": _number(row["implied_rate_pct"]),
                "rate_change_pp": _number(row["rate_change_pp"]),
                "gap_residents": _number(row["gap_residents"]),
                "gap_net_commuting": _number(row["gap_net_commuting"]),
            }
            for _, row in b.rows.iterrows()
        },
    }


def labour_balance_summary_lines(figures: dict[str, Any] | None) -> list[str]:
    """Return the summary's lines on the balance (none when it could not be computed)."""
    if not figures or "missing" in figures:
        return []
    latest, target, year = (
        figures["latest_year"],
        figures["target_year"],
        figures["population_year"],
    )
    main = figures["alternatives"].get("MMMM")
    if main is None or main["implied_rate_pct"] is None:
        return []
    low, high = figures["alternatives"].get("LLML"), figures["alternatives"].get("HHMH")
    span = ""
    if (
        low
        and high
        and low["implied_rate_pct"] is not None
        and high["implied_rate_pct"] is not None
    ):
        span = (
            f" (lav og høy nasjonal vekst: {fmt_pct(low['implied_rate_pct'] / 100, 1)} og "
            f"{fmt_pct(high['implied_rate_pct'] / 100, 1)})"
        )
    marker = " *(illustrasjonsdata)*" if figures["synthetic"] else ""
    lead = term_label("sysselsettingsandel_som_trengs", year=target)
    return [
        f"- **{lead}:** {fmt_pct(main['implied_rate_pct'] / 100, 1)} i hovedalternativet{span}, "
        f"mot {fmt_pct(figures['rate_today_pct'] / 100, 1)} i {latest}: "
        f"{fmt_int(figures['residents_needed'])} sysselsatte bosatte trengs for "
        f"{fmt_int(figures['jobs_target'])} arbeidsplasser med dagens pendlerandeler.{marker}",
        f"- **{term_label('flere_bosatte_15_74', period=f'{latest}–{year}')}:** "
        f"{fmt_signed(main['population_gain'], 'int')} i hovedalternativet. "
        f"{term_label('gap_bosatte')} {fmt_signed(main['gap_residents'], 'int')} med dagens "
        f"sysselsettingsandel, eller {fmt_int(main['gap_net_commuting'])} flere arbeidsplasser "
        "fylt av netto innpendling.",
    ]


def labour_balance_changes(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    """Return ``endringer.md``'s lines on the balance: the rate the goal needs, old → new."""
    if not new or "missing" in new or not old or "missing" in old:
        return []
    before = (old.get("alternatives") or {}).get("MMMM") or {}
    after = (new.get("alternatives") or {}).get("MMMM") or {}
    if before.get("implied_rate_pct") is None or after.get("implied_rate_pct") is None:
        return []
    change = after["implied_rate_pct"] - before["implied_rate_pct"]
    lead = term_label("sysselsettingsandel_som_trengs", year=new["target_year"])
    return [
        "## Befolkning og sysselsettingsandel",
        "",
        f"{lead} (hovedalternativet): {fmt_pct(before['implied_rate_pct'] / 100, 1)} → "
        f"{fmt_pct(after['implied_rate_pct'] / 100, 1)} ({fmt_pct_points(change, 1)}); "
        f"{term_label('gap_bosatte')}: {fmt_signed(before['gap_residents'], 'int')} → "
        f"{fmt_signed(after['gap_residents'], 'int')}.",
        "",
    ]

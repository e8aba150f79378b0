"""The private-sector lens of the council set (table 13472: jobs by sector and SN2007 group).

The programme's challenge is private job growth. These builders show, per focus industry, the
private jobs, their growth in the programme period and since, and the private share; and what
private growth the goal needs if public jobs follow their projection. :mod:`.council` lists them
in its figure and table sets, and :mod:`.keyfigures` adds :func:`private_key_figures` to
``nokkeltall.json`` and :func:`private_summary_lines` to ``sammendrag.md``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from naering_analysis import figures
from naering_analysis.analysis import goal, private
from naering_analysis.figures.export import CouncilFigure
from naering_analysis.figures.tables import FMT_INT, FMT_PCT1
from naering_analysis.numfmt import fmt_int, fmt_pct
from naering_analysis.reference.terms import SECTOR_NAMES
from naering_analysis.reference.terms import label as term_label
from naering_analysis.report.inputs import (
    PROGRAMME_PERIOD,
    CouncilTable,
    Inputs,
    chosen_sector_projection,
    figure_opts,
    goal_args,
)


def fig_privat_bransjer(inputs: Inputs) -> CouncilFigure:
    """Private jobs per focus industry over time (the private version of the focus figure)."""
    return figures.fig_focus_industries(
        inputs.sector,
        inputs.kommune,
        sector="private",
        **figure_opts(inputs, "02b_satsingsbransjer_privat", inputs.sector),
    )


def private_per_bransje(inputs: Inputs) -> pd.DataFrame:
    """Return :func:`naering_analysis.analysis.private.private_by_bransje` for the municipality."""
    start, end = PROGRAMME_PERIOD
    return private.private_by_bransje(inputs.sector, start, end, region=inputs.kommune)


def table_privat_bransjer(inputs: Inputs) -> CouncilTable:
    """Private jobs, private growth 2017–2022 and since, and the private share per focus industry."""
    start, end = PROGRAMME_PERIOD
    rows = private_per_bransje(inputs)
    latest = int(rows["latest_year"].iloc[0])
    columns = {
        "bransje": term_label("bransje"),
        "private_jobs_latest": term_label("private_arbeidsplasser", 1, year=latest),
        "private_rate_period": term_label("privat_vekst", period=f"{start}–{end}"),
        "private_rate_since": term_label("privat_vekst", period=f"{end}–{latest}"),
        "private_share_start": term_label("privat_andel", 1, year=start),
        "private_share_latest": term_label("privat_andel", 1, year=latest),
    }
    if latest == end:  # no years since the programme period yet
        del columns["private_rate_since"]
    frame = rows[list(columns)].rename(columns=columns)
    formats = {h: FMT_PCT1 for h in columns.values() if h != term_label("bransje")}
    formats[columns["private_jobs_latest"]] = FMT_INT
    return CouncilTable(
        "privat_bransje",
        f"Private arbeidsplasser i satsingsbransjene i {inputs.region_name}",
        frame,
        formats,
    )


def private_goal(inputs: Inputs) -> pd.DataFrame:
    """Return :func:`~naering_analysis.analysis.private.required_private_growth` for the goal.

    The target is the programme's path (målbanen) in the target year, computed on table 13470 as
    everywhere else; public jobs follow the projection with the method chosen on the data.
    """
    target = goal.target_path(inputs.employment, **goal_args(inputs))
    return private.required_private_growth(
        inputs.sector,
        chosen_sector_projection(inputs),
        float(target["target_jobs"].iloc[-1]),
        inputs.target_year,
        region=inputs.kommune,
    )


def table_privat_nodvendig_vekst(inputs: Inputs) -> CouncilTable:
    """Jobs by sector now, as projected and as the goal needs them when public follows its projection.

    Rows: public sector (projected, and assumed to stay so), private sector, and all sectors
    (whose needed level is the target path). Columns: jobs in the latest year, projected and
    needed jobs in the target year, and the annual growth each implies.
    """
    solved = private_goal(inputs).iloc[0]
    latest, end = int(solved["latest_year"]), int(solved["target_year"])
    years = end - latest
    public, private_now = solved["public_jobs_latest"], solved["private_jobs_latest"]
    total_now = public + private_now
    total_projected = solved["public_jobs_target"] + solved["private_projected_target"]

    def rate(now: float, then: float) -> float:
        return float((then / now) ** (1.0 / years) - 1.0) if now > 0 else float("nan")

    rows = [
        (
            SECTOR_NAMES["public"],
            public,
            solved["public_jobs_target"],
            solved["public_jobs_target"],
        ),
        (
            SECTOR_NAMES["private"],
            private_now,
            solved["private_projected_target"],
            solved["private_required_target"],
        ),
        (SECTOR_NAMES["all"], total_now, total_projected, solved["target_jobs"]),
    ]
    period = f"{latest}–{end}"
    headers = [
        term_label("sektor"),
        term_label("arbeidsplasser", 1, year=latest),
        term_label("framskrevne_arbeidsplasser", year=end),
        term_label("nodvendige_arbeidsplasser", year=end),
        term_label("framskrevet_vekst", period=period),
        term_label("nodvendig_vekst", period=period),
    ]
    frame = pd.DataFrame(
        [
            (name, now, proj, need, rate(now, proj), rate(now, need))
            for name, now, proj, need in rows
        ],
        columns=headers,
    )
    if not solved["feasible"]:  # public jobs alone reach the target, or no private jobs now
        frame.loc[frame[headers[0]] == SECTOR_NAMES["private"], headers[3:]] = float("nan")
    formats = dict.fromkeys(headers[1:4], FMT_INT) | dict.fromkeys(headers[4:], FMT_PCT1)
    title = (
        f"Privat vekst som trengs for å nå målbanen i {end} når offentlig sektor følger "
        "framskrivingen"
    )
    return CouncilTable("privat_nodvendig_vekst", title, frame, formats)


def _number(value: Any) -> float | None:
    """Return a float, or None for a missing value (JSON has no NaN)."""
    number = float(value)
    return None if np.isnan(number) else number


def private_key_figures(inputs: Inputs) -> dict[str, Any]:
    """Return the ``private_sector`` section: private jobs and share, per bransje, and the goal.

    Rates and shares are fractions. ``by_bransje`` has the five focus industries, "Alle fem
    satsingsbransjer" and "Alle næringer"; ``goal`` is the private growth needed from the
    latest year to reach the target path when public jobs follow the chosen method's projection.
    """
    start, end = PROGRAMME_PERIOD
    rows = private_per_bransje(inputs)
    solved = private_goal(inputs).iloc[0]
    by_bransje = {
        str(r["bransje"]): {
            "private_jobs_latest": int(r["private_jobs_latest"]),
            "private_share_latest": _number(r["private_share_latest"]),
            "private_share_programme_start": _number(r["private_share_start"]),
            "private_rate_programme_period": _number(r["private_rate_period"]),
            "private_rate_since_programme_period": _number(r["private_rate_since"]),
        }
        for r in rows.to_dict("records")
    }
    total = by_bransje[rows["bransje"].iloc[-1]]
    return {
        "latest_year": int(rows["latest_year"].iloc[0]),
        "programme_period": [start, end],
        "private_jobs_latest": total["private_jobs_latest"],
        "private_share_latest": total["private_share_latest"],
        "private_share_programme_start": total["private_share_programme_start"],
        "by_bransje": by_bransje,
        "goal": {
            "method": inputs.choice.method,
            "target_year": int(solved["target_year"]),
            "target_jobs": float(solved["target_jobs"]),
            "public_jobs_target_projected": float(solved["public_jobs_target"]),
            "public_rate_projected": _number(solved["public_rate"]),
            "private_jobs_target_projected": float(solved["private_projected_target"]),
            "private_rate_projected": _number(solved["private_projected_rate"]),
            "private_jobs_target_required": float(solved["private_required_target"]),
            "private_rate_required": _number(solved["private_required_rate"]),
        },
    }


def private_summary_lines(pr: dict[str, Any] | None) -> list[str]:
    """Return the summary's lines on the private sector (none for an older nokkeltall.json)."""
    if not pr:
        return []
    latest, (start, _end) = pr["latest_year"], pr["programme_period"]
    share = pr["private_share_latest"]
    before = pr["private_share_programme_start"]
    goal = pr["goal"]
    period = f"{latest}–{goal['target_year']}"

    def rate(value: float | None) -> str:
        return "–" if value is None else fmt_pct(value, 1)

    return [
        f"- **{term_label('privat_andel', 1, year=latest)}:** "
        f"{'–' if share is None else fmt_pct(share, 1)} ({fmt_int(pr['private_jobs_latest'])} "
        f"private arbeidsplasser; {'–' if before is None else fmt_pct(before, 1)} i {start}).",
        f"- **{term_label('nodvendig_privat_vekst', period=period)}:** "
        f"{rate(goal['private_rate_required'])} per år hvis offentlig sektor følger "
        f"framskrivingen ({rate(goal['public_rate_projected'])} per år). Framskrevet privat "
        f"vekst: {rate(goal['private_rate_projected'])} per år.",
    ]

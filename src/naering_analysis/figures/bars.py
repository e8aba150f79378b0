"""Bar-chart builders for council figures: contributions, location quotients and shift-share.

Re-exported by :mod:`naering_analysis.figures`; see there for the common keyword options.
Category labels are Norwegian (bransje names, SN2007 names, sector names) and wrapped to fit.
"""

from __future__ import annotations

from typing import Unpack

import numpy as np
import pandas as pd

from naering_analysis.figures.axes import (
    ZERO_LINE,
    bar_colours,
    bar_height_cm,
    category_axis,
    horizontal_bars,
    label_bars,
    legend_on_top,
    number_axis,
)
from naering_analysis.figures.export import CouncilFigure, new_figure
from naering_analysis.figures.frames import (
    FigureOptions,
    display_labels,
    done,
    label_column,
    region_label,
    require,
    require_unique,
    single_period,
    styled,
)
from naering_analysis.figures.style import OKABE_ITO, TARGET_STYLE, slug
from naering_analysis.numfmt import (
    fmt_num,
    fmt_pct_points,
    fmt_signed,
)
from naering_analysis.reference.terms import label as term_label

SHIFT_SHARE_PARTS: dict[str, tuple[str, str]] = {
    "national_share": (term_label("nasjonal_komponent"), OKABE_ITO["sky_blue"]),
    "industry_mix": (term_label("bransjestruktur"), OKABE_ITO["orange"]),
    "regional_shift": (term_label("regional_effekt"), OKABE_ITO["blue"]),
}


@styled
def fig_contributions(
    contrib_frame: pd.DataFrame, *, by: str | None = None, **opts: Unpack[FigureOptions]
) -> CouncilFigure:
    """Horizontal bars of each group's contribution to total job growth, in percentage points.

    ``contrib_frame`` (e.g. :func:`naering_analysis.analysis.growth.contributions`): the category column
    ``by`` (default: first of ``bransje``, ``industry_code``, ``sector_code``, ``region_code``)
    and ``contribution_pp``, one row per category; optional ``start_year``/``end_year`` and
    ``industry_name``. A ``sector_code`` ``all`` row (the total) is left out. ``data`` columns:
    the category column and ``contribution_pp``.
    """
    where = "fig_contributions"
    column = label_column(contrib_frame, by, where)
    require(contrib_frame, ["contribution_pp"], where)
    frame = contrib_frame.loc[contrib_frame[column].astype(str) != "all"]
    require_unique(frame, column, where)
    frame = frame.sort_values("contribution_pp", ascending=False)
    values = frame["contribution_pp"].astype(float).tolist()
    fig = new_figure(bar_height_cm(len(values)))
    ax = fig.add_subplot()
    horizontal_bars(ax, display_labels(frame, column), values, bar_colours(frame, column, values))
    ax.axvline(0, **ZERO_LINE)
    number_axis(ax.xaxis, "pp")
    label_bars(ax, values, lambda v: fmt_signed(v, "pp"))
    period, place = single_period(frame, where), region_label(frame)
    growth = fmt_signed(float(np.nansum(values)) / 100, "pct")  # contributions sum to growth
    biggest = display_labels(frame.iloc[[0]], column, 200)[0]
    alt = (
        f"Liggende stolpediagram over bidrag til vekst i arbeidsplasser {period}, i "
        f"prosentpoeng. Samlet vekst {growth}; størst bidrag fra {biggest} "
        f"({fmt_pct_points(values[0])})."
    )
    return done(
        fig,
        opts,
        name=f"bidrag_{column}_{slug(place or 'region')}",
        title="Bidrag til vekst i arbeidsplasser" + (f" i {place}" if place else ""),
        subtitle=f"Prosentpoeng, {period}. Samlet vekst (summen av bidragene): {growth}",
        alt=alt.replace("  ", " "),
        data=frame[[column, "contribution_pp"]],
        frames=[contrib_frame],
        height_cm=bar_height_cm(len(values)),
    )


@styled
def fig_location_quotients(
    lq_frame: pd.DataFrame,
    *,
    year: int | None = None,
    by: str | None = None,
    **opts: Unpack[FigureOptions],
) -> CouncilFigure:
    """Horizontal bars of location quotients with a reference line at 1.

    ``lq_frame`` (e.g. :func:`naering_analysis.analysis.growth.location_quotients`): ``industry_code``
    (or ``bransje``; see ``by``) and ``lq`` or ``location_quotient``; optional
    ``industry_name``, ``region_code``/``region_name``, ``reference_code`` and ``year`` (the
    latest year is drawn unless ``year`` is given). ``data`` columns: the category column,
    ``year`` (if present) and ``lq``.
    """
    where = "fig_location_quotients"
    value = "lq" if "lq" in lq_frame.columns else "location_quotient"
    require(lq_frame, [value], where)
    column = label_column(lq_frame, by, where)
    frame = lq_frame
    if "year" in frame.columns:
        chosen = int(year if year is not None else frame["year"].max())
        frame = frame.loc[frame["year"].astype(int) == chosen]
    require_unique(frame, column, where)
    frame = frame.rename(columns={value: "lq"}).sort_values("lq", ascending=False)
    values = frame["lq"].astype(float).tolist()
    colours = bar_colours(frame, column, values)
    if column != "bransje":  # one colour: above/below 1 is read off the reference line
        colours = [OKABE_ITO["blue"]] * len(values)
    fig = new_figure(bar_height_cm(len(values)))
    ax = fig.add_subplot()
    horizontal_bars(ax, display_labels(frame, column), values, colours)
    ax.axvline(1.0, **TARGET_STYLE, zorder=3)
    number_axis(ax.xaxis, "num1")
    label_bars(ax, values, lambda v: fmt_num(v, 2))
    place = region_label(frame) or "regionen"
    reference = None
    if "reference_code" in frame.columns and not frame.empty:
        reference = region_label(pd.DataFrame({"region_code": [frame["reference_code"].iloc[0]]}))
    ref_text = "hele landet" if reference == "Hele landet" else reference or "referansen"
    when = f", {int(frame['year'].iloc[0])}" if "year" in frame.columns and not frame.empty else ""
    highest = display_labels(frame.iloc[[0]], column, 200)[0]
    alt = (
        f"Liggende stolpediagram over lokaliseringskvotienter for {place} mot {ref_text}{when}. "
        f"Høyest: {highest} ({fmt_num(values[0], 2)}). Over 1 betyr større andel enn {ref_text}."
    )
    data_columns = [column, *(["year"] if "year" in frame.columns else []), "lq"]
    return done(
        fig,
        opts,
        name=f"lokaliseringskvotienter_{slug(place)}",
        title=f"Lokaliseringskvotienter for {place}",
        subtitle=(
            f"Næringens andel av arbeidsplassene i {place} delt på andelen i {ref_text}{when}. "
            "Stiplet linje: 1 (lik andel)"
        ),
        alt=alt,
        data=frame[data_columns],
        frames=[lq_frame],
        height_cm=bar_height_cm(len(values)),
    )


@styled
def fig_shift_share(
    ss_frame: pd.DataFrame, *, by: str | None = None, **opts: Unpack[FigureOptions]
) -> CouncilFigure:
    """Stacked horizontal bars of the shift-share components per industry, in jobs.

    ``ss_frame`` (e.g. :func:`naering_analysis.analysis.shift_share.shift_share`): the category column
    (``industry_code`` or ``bransje``; see ``by``), ``national_share``, ``industry_mix`` and
    ``regional_shift`` in jobs, one row per category and one period (``start_year``/
    ``end_year`` optional). Positive parts stack right of zero, negative parts left; a black
    marker shows the actual change (their sum). ``data`` columns: the category column, the
    three components and ``change_jobs``.
    """
    where = "fig_shift_share"
    parts = list(SHIFT_SHARE_PARTS)
    require(ss_frame, parts, where)
    column = label_column(ss_frame, by, where)
    require_unique(ss_frame, column, where)
    period = single_period(ss_frame, where)
    frame = ss_frame.assign(change_jobs=ss_frame[parts].astype(float).sum(axis=1))
    frame = frame.sort_values("change_jobs", ascending=False)
    matrix = frame[parts].astype(float).to_numpy()
    fig = new_figure(bar_height_cm(len(frame)))
    ax = fig.add_subplot()
    rows = np.arange(len(frame))
    right, left = np.zeros(len(frame)), np.zeros(len(frame))
    for k, part in enumerate(parts):
        label, colour = SHIFT_SHARE_PARTS[part]
        vals = np.nan_to_num(matrix[:, k])
        start = np.where(vals >= 0, right, left)
        ax.barh(rows, vals, left=start, color=colour, height=0.65, label=label, zorder=2)
        right, left = right + np.clip(vals, 0, None), left + np.clip(vals, None, 0)
    ax.scatter(
        frame["change_jobs"],
        rows,
        marker="D",
        s=18,
        color="black",
        zorder=4,
        label=term_label("faktisk_endring"),
    )
    category_axis(ax, display_labels(frame, column))
    ax.axvline(0, **ZERO_LINE)
    number_axis(ax.xaxis, "int")
    handles, _labels = ax.get_legend_handles_labels()
    legend_on_top(ax, handles[1:] + handles[:1])  # the actual change last
    sums = frame[[*parts, "change_jobs"]].sum()
    place = region_label(frame) or "regionen"
    pieces = ", ".join(
        f"{SHIFT_SHARE_PARTS[p][0].lower()} {fmt_signed(sums[p])}" for p in SHIFT_SHARE_PARTS
    )
    alt = (
        f"Stablet stolpediagram som deler endringen i arbeidsplasser i {place} {period} i tre "
        f"deler. Samlet endring {fmt_signed(sums['change_jobs'])}: {pieces}."
    )
    return done(
        fig,
        opts,
        name=f"skift_andel_{slug(place)}",
        title=f"Hva forklarer endringen i arbeidsplasser i {place}?",
        subtitle="Skift-andel-analyse" + (f", {period}" if period else "") + ". Arbeidsplasser",
        alt=alt.replace("  ", " "),
        data=frame[[column, *parts, "change_jobs"]],
        frames=[ss_frame],
        height_cm=bar_height_cm(len(frame)),
    )

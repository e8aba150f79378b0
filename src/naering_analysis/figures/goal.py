"""Goal figures: scenario paths to 2030 with 80 % bands, and the yearly gap to the goal path.

Re-exported by :mod:`naering_analysis.figures`; see there for the common keyword options.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Unpack

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from naering_analysis.errors import AnalysisError, SchemaError
from naering_analysis.figures.axes import (
    VALUE_LABEL,
    ZERO_LINE,
    finish_lines,
    legend_on_top,
    number_axis,
    style_year_axis,
)
from naering_analysis.figures.export import CouncilFigure, new_figure
from naering_analysis.figures.frames import (
    FigureOptions,
    done,
    region_label,
    require,
    require_unique,
    styled,
)
from naering_analysis.figures.style import (
    NEGATIVE_COLOUR,
    POSITIVE_COLOUR,
    SCENARIO_COLOURS,
    TARGET_LABEL,
    TARGET_STYLE,
    colour_for,
    slug,
)
from naering_analysis.numfmt import fmt_int, fmt_signed
from naering_analysis.reference.terms import label as term_label

BAND_LABEL = term_label("usikkerhetsintervall")


def draw_path(
    ax: Axes, scenario: str, frame: pd.DataFrame, colour: str, *, shade: bool = True
) -> tuple[pd.DataFrame, bool]:
    """Draw one scenario line (and, with ``shade``, its 80 % band).

    Returns its tidy rows (the band's bounds kept in the data even when not drawn) and whether
    a band was drawn.
    """
    require(frame, ["year", "jobs"], f"fig_scenarios ({scenario})")
    if frame["year"].duplicated().any():
        msg = f"fig_scenarios: path {scenario!r} has several rows per year; sum industries first."
        raise SchemaError(msg)
    part = frame.assign(scenario=scenario).sort_values("year")
    band = shade and {"lo80", "hi80"} <= set(part.columns) and bool(part["hi80"].notna().any())
    if band:
        lo, hi = part["lo80"].astype(float), part["hi80"].astype(float)
        ax.fill_between(part["year"], lo, hi, color=colour, alpha=0.15, linewidth=0)
    ax.plot(part["year"], part["jobs"].astype(float), color=colour, label=scenario)
    return part.reindex(columns=["scenario", "year", "jobs", "lo80", "hi80"]), band


@styled
def fig_scenarios(
    paths: Mapping[str, pd.DataFrame],
    target: pd.DataFrame | None = None,
    *,
    target_label: str = TARGET_LABEL,
    band_for: str | None = None,
    **opts: Unpack[FigureOptions],
) -> CouncilFigure:
    """Scenario paths (lines) with 80 % bands and the goal path.

    ``band_for`` names the one scenario whose band is shaded (the council figure shades only the
    chosen method's projection: five overlapping bands cannot be told apart); the others are
    lines. None shades every band (the explorer's single scenario).

    ``paths``: scenario name → frame with ``year``, ``jobs`` and optionally ``lo80``, ``hi80``
    (band) and ``target_jobs``; one row per year (sum industries first). ``target``: ``year``,
    ``target_jobs``; if None, the first path with ``target_jobs`` supplies it. ``data``
    columns: ``scenario``, ``year``, ``jobs``, ``lo80``, ``hi80``, ``target_jobs``.
    """
    if not paths:
        raise AnalysisError("fig_scenarios: no scenario paths given; pass {name: frame}.")
    fig = new_figure()
    ax = fig.add_subplot()
    drawn = [
        draw_path(
            ax,
            name,
            frame,
            colour_for(name, SCENARIO_COLOURS, position),
            shade=band_for is None or name == band_for,
        )
        for position, (name, frame) in enumerate(paths.items())
    ]
    data = pd.concat([piece for piece, _band in drawn], ignore_index=True)
    band = any(has_band for _piece, has_band in drawn)
    if target is None:
        target = next((f for f in paths.values() if "target_jobs" in f.columns), None)
    if target is not None:
        require(target, ["year", "target_jobs"], "fig_scenarios (target)")
        path = target[["year", "target_jobs"]].drop_duplicates().sort_values("year")
        ax.plot(path["year"], path["target_jobs"], label=target_label, **TARGET_STYLE)
        data = data.merge(path, on="year", how="left", validate="m:1")
    handles, _labels = ax.get_legend_handles_labels()
    if band:
        handles.append(Patch(facecolor="#999999", alpha=0.35, label=BAND_LABEL))
    finish_lines(ax, indexed=False, handles=handles)
    end = int(data["year"].max())
    final = data.loc[data["year"] == end].set_index("scenario")["jobs"].astype(float)
    alt = (
        f"Linjediagram over scenarioer for arbeidsplasser til {end}. I {end}: fra "
        f"{fmt_int(final.min())} ({final.idxmin()}) til {fmt_int(final.max())} ({final.idxmax()})."
    )
    if "target_jobs" in data.columns:
        alt += f" Målbanen gir {fmt_int(data.loc[data['year'] == end, 'target_jobs'].iloc[0])}."
    place = next((p for p in map(region_label, paths.values()) if p), None)
    shaded = BAND_LABEL if band_for is None else f"{BAND_LABEL} for {band_for}"
    return done(
        fig,
        opts,
        name=f"scenarioer_{slug(place)}_{end}" if place else f"scenarioer_{end}",
        title="Scenarioer for arbeidsplasser" + (f" i {place}" if place else ""),
        subtitle=f"Framskrivinger til {end}" + (f"; skyggelagt: {shaded}" if band else ""),
        alt=alt,
        data=data,
        frames=[*paths.values(), *([target] if target is not None else [])],
    )


@styled
def fig_goal_gap(
    gap_frame: pd.DataFrame,
    *,
    goal_text: str = "målet om 1,5\u00a0% årlig vekst",
    **opts: Unpack[FigureOptions],
) -> CouncilFigure:
    """Bars of the yearly gap between jobs and the goal path (positive = ahead of the goal).

    ``gap_frame`` (e.g. :func:`naering_analysis.analysis.goal.goal_gap`): ``year``, ``jobs``,
    ``target_jobs``, optionally ``gap_jobs`` (must equal ``jobs - target_jobs``) and ``kind``
    (``faktisk``/``framskrevet``; projected years are drawn lighter and hatched); one row per
    year. ``goal_text`` names the goal in the subtitle. ``data`` columns: ``year``, ``jobs``,
    ``target_jobs``, ``gap_jobs`` (and ``kind``).
    """
    where = "fig_goal_gap"
    require(gap_frame, ["year", "jobs", "target_jobs"], where)
    require_unique(gap_frame, "year", where)
    frame = gap_frame.sort_values("year")
    gap = frame["jobs"].astype(float) - frame["target_jobs"].astype(float)
    given = frame.get("gap_jobs", gap).astype(float)
    if not np.allclose(given, gap, equal_nan=True):
        msg = f"{where}: gap_jobs differs from jobs − target_jobs; recompute it or drop the column."
        raise SchemaError(msg)
    frame = frame.assign(gap_jobs=gap, year=frame["year"].astype(int))
    projected = frame.get("kind", pd.Series("", index=frame.index)).astype(str).eq("framskrevet")
    fig = new_figure()
    ax = fig.add_subplot()
    colours = [POSITIVE_COLOUR if g >= 0 else NEGATIVE_COLOUR for g in gap.fillna(0)]
    bars = ax.bar(frame["year"], gap.fillna(0), color=colours, width=0.7, zorder=2)
    for bar, is_projected in zip(bars, projected, strict=True):
        if is_projected:
            bar.set(alpha=0.45, hatch="///", edgecolor="white", linewidth=0)
    for year, value in zip(frame["year"], gap, strict=True):
        if not np.isnan(value):
            ax.annotate(
                fmt_signed(value),
                (year, value),
                xytext=(0, 3 if value >= 0 else -3),
                textcoords="offset points",
                ha="center",
                va="bottom" if value >= 0 else "top",
                **VALUE_LABEL,
            )
    ax.axhline(0, **ZERO_LINE)
    ax.margins(y=0.15)
    style_year_axis(ax)
    number_axis(ax.yaxis, "int")
    handles = [
        Patch(color=POSITIVE_COLOUR, label=term_label("foran_maalbanen")),
        Patch(color=NEGATIVE_COLOUR, label=term_label("bak_maalbanen")),
    ]
    if projected.any():
        handles.append(
            Patch(facecolor="#999999", alpha=0.45, hatch="///", label=term_label("framskrevet"))
        )
    legend_on_top(ax, handles=handles)
    place = region_label(frame) or "regionen"
    observed = frame.loc[~projected & gap.notna()]
    years = f"{int(frame['year'].min())}–{int(frame['year'].max())}"
    alt = f"Stolpediagram over avstanden mellom arbeidsplasser og målbanen i {place}, {years}."
    if not observed.empty:
        last = observed.iloc[-1]
        alt += f" I {int(last['year'])}: {fmt_signed(last['gap_jobs'])} mot målbanen."
    if projected.any():
        end = frame.iloc[-1]
        alt += f" Framskrevet {int(end['year'])}: {fmt_signed(end['gap_jobs'])}."
    cols = [
        "year",
        "jobs",
        "target_jobs",
        "gap_jobs",
        *(["kind"] if "kind" in frame.columns else []),
    ]
    return done(
        fig,
        opts,
        name=f"maalgap_{slug(place)}",
        title=f"Avstand til målbanen i {place}",
        subtitle=f"Arbeidsplasser over (+) eller under (−) {goal_text}",
        alt=alt,
        data=frame[cols],
        frames=[gap_frame],
    )

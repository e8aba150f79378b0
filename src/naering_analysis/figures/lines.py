"""Line-chart builders: total jobs, focus industries, private vs public sector, regions.

Re-exported by :mod:`naering_analysis.figures`; see there for the common keyword options.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

import pandas as pd

from naering_analysis.errors import AnalysisError
from naering_analysis.figures.axes import finish_lines, plot_lines
from naering_analysis.figures.export import CouncilFigure, new_figure
from naering_analysis.figures.frames import (
    SUBTITLE_JOBS,
    FigureOptions,
    add_index,
    done,
    endpoints,
    pick_region,
    relative_change,
    require,
    styled,
    year_totals,
)
from naering_analysis.figures.style import (
    BRANSJE_COLOURS,
    BRANSJE_ORDER,
    REGION_COLOURS,
    SECTOR_COLOURS,
    SECTOR_LABELS,
    TARGET_LABEL,
    TARGET_STYLE,
    colour_for,
    slug,
)
from naering_analysis.numfmt import fmt_int, fmt_num, fmt_signed
from naering_analysis.reference.terms import label as term_label

#: Per sector of a 13472 frame: the word for its jobs and what the subtitle adds.
SECTOR_WORDS: dict[str, tuple[str, str]] = {
    "all": (term_label("arbeidsplasser"), ""),
    "private": (term_label("private_arbeidsplasser"), ", privat sektor (tabell 13472)"),
    "public": (term_label("offentlige_arbeidsplasser"), ", offentlig sektor (tabell 13472)"),
}


@styled
def fig_total_jobs(
    frame: pd.DataFrame,
    region: str,
    target: pd.DataFrame | None = None,
    *,
    target_label: str = TARGET_LABEL,
    **opts: Unpack[FigureOptions],
) -> CouncilFigure:
    """Line chart of total jobs in ``region``, with the goal path if ``target`` is given.

    ``frame``: ``year``, ``jobs`` and ``region_name``/``region_code`` (industries are summed; a
    13472 frame with ``sector_code`` uses its ``all`` rows). ``target``: ``year``,
    ``target_jobs`` (e.g. :func:`naering_analysis.analysis.goal.target_path`). ``data`` columns:
    ``year``, ``jobs`` and ``target_jobs``.
    """
    require(frame, ["year", "jobs"], "fig_total_jobs")
    sub, place = pick_region(frame, region, "fig_total_jobs")
    if "sector_code" in sub.columns:
        sub = sub.loc[sub["sector_code"] == "all"]
    data = year_totals(sub, [])
    if data["jobs"].notna().sum() == 0:
        raise AnalysisError(f"fig_total_jobs: no jobs for {place!r} (sector 'all' if by sector).")
    fig = new_figure()
    ax = fig.add_subplot()
    colour = colour_for(place, REGION_COLOURS, 0)
    ax.plot(
        data["year"],
        data["jobs"],
        color=colour,
        marker="o",
        markersize=3,
        label=term_label("arbeidsplasser"),
    )
    first, last, y0, y1 = endpoints(data)
    rate = (last / first) ** (1 / (y1 - y0)) - 1 if y1 > y0 and first > 0 else float("nan")
    alt = (
        f"Linjediagram over arbeidsplasser i {place} {y0}–{y1}: fra {fmt_int(first)} til "
        f"{fmt_int(last)} ({fmt_signed(rate, 'pct')} per år)."
    )
    frames = [frame]
    if target is not None:
        require(target, ["year", "target_jobs"], "fig_total_jobs (target)")
        path = target[["year", "target_jobs"]].astype({"year": int}).sort_values("year")
        ax.plot(path["year"], path["target_jobs"], label=target_label, **TARGET_STYLE)
        data = data.merge(path, on="year", how="outer", validate="1:1")
        end = path.iloc[-1]
        goal = fmt_int(end["target_jobs"])
        alt += f" Stiplet linje: målbanen, {goal} arbeidsplasser i {int(end['year'])}."
        frames.append(target)
    above = target is None or not (data.loc[data["year"] == y1, "target_jobs"] > last).any()
    # The end label goes on the side away from the goal path, right of the last point.
    ax.annotate(
        fmt_int(last),
        (y1, last),
        xytext=(4, 5 if above else -5),
        textcoords="offset points",
        ha="left",
        va="bottom" if above else "top",
        color=colour,
        fontsize=8,
        fontweight="bold",
    )
    finish_lines(ax, indexed=False)
    return done(
        fig,
        opts,
        name=f"arbeidsplasser_{slug(place)}",
        title=f"Arbeidsplasser i {place}",
        subtitle=f"{SUBTITLE_JOBS}, {y0}–{y1}",
        alt=alt,
        data=data,
        frames=frames,
    )


@styled
def fig_focus_industries(
    frame: pd.DataFrame,
    region: str,
    *,
    indexed: bool = False,
    base_year: int | None = None,
    sector: str | None = None,
    **opts: Unpack[FigureOptions],
) -> CouncilFigure:
    """Jobs per focus industry (``bransje``) over time, or as an index (``base_year`` = 100).

    ``frame``: ``bransje``, ``year``, ``jobs`` and ``region_name``/``region_code`` (SN2007
    groups are summed within each bransje). ``sector="private"`` draws one sector of a 13472
    frame (``sector_code``): the title says so and the data column is ``private_jobs`` (or
    ``public_jobs``); a frame with ``sector_code`` needs ``sector``. ``data`` columns:
    ``bransje``, ``year``, ``jobs`` (or the sector's) and, when indexed, ``index``.
    """
    where = "fig_focus_industries"
    require(frame, ["bransje", "year", "jobs"], where)
    sub, place = pick_region(frame, region, where)
    if sector is not None or "sector_code" in sub.columns:
        if sector not in SECTOR_WORDS:
            msg = f"{where}: pass sector= one of {sorted(SECTOR_WORDS)} for a frame by sector."
            raise AnalysisError(msg)
        require(sub, ["sector_code"], where)
        sub = sub.loc[sub["sector_code"] == sector]
        if sub.empty:
            raise AnalysisError(f"{where}: no rows with sector_code {sector!r} for {place!r}.")
    jobs_word, what = SECTOR_WORDS.get(sector or "all", SECTOR_WORDS["all"])
    data = year_totals(sub, ["bransje"])
    present = set(data["bransje"])
    order = [b for b in BRANSJE_ORDER if b in present] + sorted(present - set(BRANSJE_ORDER))
    base = int(base_year if base_year is not None else data["year"].min())
    value = "jobs"
    if indexed:
        data, value = add_index(data, "bransje", base, "fig_focus_industries"), "index"
    fig = new_figure(11.0)
    ax = fig.add_subplot()
    plot_lines(ax, data, "bransje", value, BRANSJE_COLOURS, order)
    finish_lines(ax, indexed)
    pct = {b: relative_change(data.loc[data["bransje"] == b]) for b in order}
    best, worst = max(pct, key=lambda b: pct[b]), min(pct, key=lambda b: pct[b])
    y0, y1 = int(data["year"].min()), int(data["year"].max())
    alt = (
        f"Linjediagram over {jobs_word.lower()} per bransje i {place} {y0}–{y1}. Sterkest vekst: "
        f"{best} ({fmt_signed(pct[best], 'pct')}); svakest: {worst} ({fmt_signed(pct[worst], 'pct')})."
    )
    subtitle = (
        f"Indeks, {base} = 100. {SUBTITLE_JOBS}{what}"
        if indexed
        else f"{SUBTITLE_JOBS}{what}, {y0}–{y1}"
    )
    if sector in ("private", "public"):
        data = data.rename(columns={"jobs": f"{sector}_jobs"})
    suffix = {"private": "_privat", "public": "_offentlig"}.get(sector or "all", "")
    return done(
        fig,
        opts,
        name=f"bransjer{suffix}_{slug(place)}" + ("_indeks" if indexed else ""),
        title=f"{jobs_word} i satsingsbransjene i {place}",
        subtitle=subtitle,
        alt=alt,
        data=data,
        frames=[frame],
        height_cm=11.0,
    )


@styled
def fig_private_public(
    frame: pd.DataFrame,
    region: str | None = None,
    *,
    indexed: bool = False,
    base_year: int | None = None,
    **opts: Unpack[FigureOptions],
) -> CouncilFigure:
    """Jobs in the private and the public sector over time (table 13472 frames).

    ``frame``: ``sector_code`` (``private``/``public``; ``all`` is ignored), ``year``, ``jobs``
    and, with several regions, ``region_name``/``region_code`` plus ``region``. ``data``
    columns: ``sector_code``, ``year``, ``jobs`` (and ``index`` when indexed).
    """
    require(frame, ["sector_code", "year", "jobs"], "fig_private_public")
    sub, place = pick_region(frame, region, "fig_private_public")
    order = ["private", "public"]
    sub = sub.loc[sub["sector_code"].isin(order)]
    if set(sub["sector_code"]) != set(order):
        msg = "fig_private_public: the frame needs sector_code 'private' and 'public' rows (13472)."
        raise AnalysisError(msg)
    data = year_totals(sub, ["sector_code"])
    base = int(base_year if base_year is not None else data["year"].min())
    value = "jobs"
    if indexed:
        data, value = add_index(data, "sector_code", base, "fig_private_public"), "index"
    fig = new_figure()
    ax = fig.add_subplot()
    plot_lines(ax, data, "sector_code", value, SECTOR_COLOURS, order, SECTOR_LABELS)
    finish_lines(ax, indexed)
    parts = []
    for code in order:
        rows = data.loc[data["sector_code"] == code]
        first, last, y0, y1 = endpoints(rows)
        change = f"{fmt_signed(last - first)} ({fmt_signed(relative_change(rows), 'pct')})"
        parts.append(f"{SECTOR_LABELS[code].lower()} {change}")
    alt = (
        f"Linjediagram over arbeidsplasser i privat og offentlig sektor i {place} {y0}–{y1}. "
        f"Endring: {' og '.join(parts)}."
    )
    subtitle = (
        f"Indeks, {base} = 100. {SUBTITLE_JOBS}" if indexed else f"{SUBTITLE_JOBS}, {y0}–{y1}"
    )
    where = f" i {place}" if place else ""
    return done(
        fig,
        opts,
        name=f"sektor_{slug(place or 'region')}",
        subtitle=subtitle,
        title=f"Arbeidsplasser i privat og offentlig sektor{where}",
        alt=alt,
        data=data,
        frames=[frame],
    )


@styled
def fig_region_comparison(
    frame: pd.DataFrame, regions: Sequence[str], base_year: int, **opts: Unpack[FigureOptions]
) -> CouncilFigure:
    """Job development in several regions as an index (``base_year`` = 100).

    ``frame``: ``region_name``/``region_code``, ``year``, ``jobs`` (industries are summed).
    ``regions``: names or codes, drawn in this order. ``data`` columns: ``region_name``,
    ``year``, ``jobs``, ``index``.
    """
    require(frame, ["year", "jobs"], "fig_region_comparison")
    pieces = []
    for region in regions:
        sub, place = pick_region(frame, region, "fig_region_comparison")
        pieces.append(year_totals(sub, []).assign(region_name=place))
    data = pd.concat(pieces, ignore_index=True)[["region_name", "year", "jobs"]]
    data = add_index(data, "region_name", base_year, "fig_region_comparison")
    order = list(dict.fromkeys(data["region_name"]))
    fig = new_figure()
    ax = fig.add_subplot()
    plot_lines(ax, data, "region_name", "index", REGION_COLOURS, order)
    finish_lines(ax, indexed=True)
    y1 = int(data["year"].max())
    latest = data.loc[data["year"] == y1].set_index("region_name")["index"]
    listing = ", ".join(f"{r} {fmt_num(latest.get(r), 1)}" for r in order)
    alt = f"Linjediagram over arbeidsplasser som indeks med {base_year} = 100. I {y1}: {listing}."
    return done(
        fig,
        opts,
        name=f"regioner_indeks_{base_year}",
        alt=alt,
        data=data,
        frames=[frame],
        title="Utvikling i arbeidsplasser",
        subtitle=f"Indeks, {base_year} = 100. {SUBTITLE_JOBS}",
    )

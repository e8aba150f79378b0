"""Council figures for the peer comparison: attractiveness ranked, and growth against structure.

Both take the one-row-per-municipality frame of
:func:`naering_analysis.analysis.peers.municipality_measures` (its ``attrs`` carry the sources),
the municipality's code and the member codes of its peer group, and highlight the municipality.
Names come from the frame's ``region_name`` column if present, else from today's division.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Unpack

import numpy as np
import pandas as pd

from naering_analysis.errors import AnalysisError
from naering_analysis.figures.axes import ZERO_LINE, bar_height_cm, category_axis, number_axis
from naering_analysis.figures.export import CouncilFigure, new_figure, place_after_layout
from naering_analysis.figures.frames import FigureOptions, done, require, single_period, styled
from naering_analysis.figures.style import OKABE_ITO, TARGET_STYLE, TEXT_COLOUR, slug
from naering_analysis.numfmt import fmt_num, fmt_pct, fmt_pct_points, fmt_signed
from naering_analysis.reference.division import current_division
from naering_analysis.reference.peers import among
from naering_analysis.reference.terms import label as term_label

HIGHLIGHT = OKABE_ITO["vermillion"]
#: How many peers the scatter names at each end of the attractiveness ranking.
EXTREME_LABELS = 3
OTHERS = OKABE_ITO["blue"]
#: Marker areas in the scatter (pt², as ``scatter`` takes them): the municipality, the others.
OWN_SIZE, OTHERS_SIZE = 46, 16
#: How far (pt) a name keeps from the edge of a marker in the scatter.
MARKER_CLEARANCE_PT = 1.5
MAX_ROWS = 41
"""A ranked dot plot shows at most this many municipalities: the top and bottom and the one."""


def _names(frame: pd.DataFrame) -> pd.Series:
    if "region_name" in frame.columns:
        return frame["region_name"].astype(str)
    names = current_division().names
    return frame["region_code"].map(lambda c: names.get(c, c)).astype(str)


def _group(
    measures: pd.DataFrame, kommune: str, members: Sequence[str], column: str, where: str
) -> pd.DataFrame:
    require(measures, ["region_code", column], where)
    part = measures.loc[measures["region_code"].isin([*members, kommune])].copy()
    part["name"] = _names(part)
    part["value"] = pd.to_numeric(part[column], errors="coerce").astype("float64")
    if kommune not in set(part["region_code"]):
        raise AnalysisError(f"{where}: kommunen {kommune} finnes ikke i måltallene.")
    if np.isnan(part.loc[part["region_code"] == kommune, "value"]).all():
        raise AnalysisError(
            f"{where}: kommunen {kommune} mangler verdi for {column} (skjult celle hos SSB?)."
        )
    return part.dropna(subset=["value"])


def _shown(ranked: pd.DataFrame, kommune: str) -> tuple[pd.DataFrame, bool]:
    """Rows to draw: all, or the top and bottom halves of :data:`MAX_ROWS` plus the municipality."""
    if len(ranked) <= MAX_ROWS:
        return ranked, False
    half = (MAX_ROWS - 1) // 2
    keep = ranked.head(half).index.union(ranked.tail(half).index)
    keep = keep.union(ranked.index[ranked["region_code"] == kommune])
    return ranked.loc[keep].sort_values("value", ascending=False), True


@styled
def fig_attractiveness_rank(
    measures: pd.DataFrame,
    kommune: str,
    members: Sequence[str],
    *,
    group_name: str,
    column: str = "attractiveness_annual_pp",
    **opts: Unpack[FigureOptions],
) -> CouncilFigure:
    """Ranked dot plot of attractiveness (percentage points a year) within the peer group.

    One dot per municipality, highest at the top; the municipality is highlighted and its rank
    ("nr. 12 av 41") is in the subtitle. Groups larger than :data:`MAX_ROWS` show the top and
    bottom of the ranking and the municipality. ``data`` columns: ``region_code``, ``name``,
    ``value`` and ``rank`` for every ranked member.
    """
    where = "fig_attractiveness_rank"
    part = _group(measures, kommune, members, column, where)
    ranked = part.sort_values("value", ascending=False).reset_index(drop=True)
    ranked["rank"] = ranked["value"].rank(method="min", ascending=False).astype(int)
    own = ranked.loc[ranked["region_code"] == kommune].iloc[0]
    shown, cut = _shown(ranked, kommune)
    # Rows are spaced one apart; where ranks are skipped, a wider gap with a dotted line.
    jumps = np.diff(shown.index.to_numpy(), prepend=shown.index[0] - 1) > 1
    rows = np.cumsum(np.where(jumps, 1.8, 1.0)) - 1.0
    is_own = (shown["region_code"] == kommune).to_numpy()
    fig = new_figure(bar_height_cm(len(shown)))
    ax = fig.add_subplot()
    ax.hlines(rows, 0, shown["value"], color=OKABE_ITO["grey"], linewidth=0.6, zorder=1)
    colours = np.where(is_own, HIGHLIGHT, OTHERS)
    sizes = np.where(is_own, 42, 18)
    ax.scatter(shown["value"], rows, c=colours, s=sizes, zorder=3)
    category_axis(ax, shown["name"].tolist())
    ax.set_yticks(rows)
    for label, own_row in zip(ax.get_yticklabels(), is_own, strict=True):
        if own_row:
            label.set_fontweight("bold")
            label.set_color(HIGHLIGHT)
    for gap in rows[jumps]:
        ax.axhline(gap - 0.9, color=OKABE_ITO["grey"], linestyle=":", linewidth=0.8)
    ax.axvline(0, **ZERO_LINE)
    number_axis(ax.xaxis, "pp")
    size = len(ranked)
    place = str(own["name"])
    period = single_period(measures, where)
    rank_text = f"nr. {int(own['rank'])} av {size}"
    cut_text = f" Viser de {(MAX_ROWS - 1) // 2} høyeste og laveste." if cut else ""
    alt = (
        f"Prikkdiagram som rangerer {size} kommuner i gruppen «{group_name}» etter attraktivitet "
        f"{period}, i prosentpoeng per år. {place} er {rank_text} med "
        f"{fmt_signed(float(own['value']), 'pp')}; høyest er {ranked['name'].iloc[0]} "
        f"({fmt_pct_points(float(ranked['value'].iloc[0]))}).{cut_text}"
    )
    return done(
        fig,
        opts,
        name=f"attraktivitet_{slug(place)}_{slug(group_name)}",
        title=f"Attraktivitet for næringsliv: {place} {among(group_name)}, {period}",
        subtitle=(
            f"Faktisk arbeidsplassvekst minus strukturell vekst, prosentpoeng per år, {period}. "
            f"{place} er {rank_text}.{cut_text}"
        ),
        alt=alt,
        data=ranked[["region_code", "name", "value", "rank"]].rename(
            columns={
                "name": term_label("kommune"),
                "value": term_label("attraktivitet_per_aar"),
                "rank": term_label("rangering_attraktivitet"),
            }
        ),
        frames=[measures],
        height_cm=bar_height_cm(len(shown)),
    )


def extremes(part: pd.DataFrame, kommune: str, each: int) -> list[int]:
    """Return the row positions of the ``each`` peers highest and lowest in attractiveness.

    Attractiveness here is actual minus structural growth (the distance above the diagonal);
    the municipality itself is left out (it is always labelled). Ties keep the frame's order.

    >>> part = pd.DataFrame({"region_code": ["a", "b", "c", "d", "e"],
    ...                      "value": [3.0, 1.0, 0.0, 2.0, -1.0],
    ...                      "structural_annual_pct": [0.0, 0.0, 0.0, 0.0, 0.0]})
    >>> extremes(part, "a", 1)
    [3, 4]
    """
    gap = part["value"].astype(float) - part["structural_annual_pct"].astype(float)
    others = gap.reset_index(drop=True).loc[(part["region_code"] != kommune).to_numpy()]
    order = others.sort_values(ascending=False, kind="stable").index.tolist()
    if len(order) <= 2 * each:
        return order
    return order[:each] + order[-each:]


def _names_placer(
    ax: Any, labels: list[Any], x: np.ndarray, y: np.ndarray, sizes: np.ndarray
) -> Callable[[], None]:
    """Return what places ``labels`` apart from each other and from the markers at (x, y).

    Run after each layout (:func:`~naering_analysis.figures.export.place_after_layout`), when
    the markers' size in data units is known: ``sizes`` are their areas in pt², as ``scatter``
    takes them, and each marker is kept clear as a box, not as a point. Each name starts on its
    point again, the arrows of the last placement go, and adjustText takes a fixed number of
    steps (no time limit), so the same data and size always give the same picture.
    """
    from matplotlib.transforms import Bbox

    anchors = [label.get_position() for label in labels]
    # The point each name belongs to: it starts on it.
    named = [int(np.flatnonzero((x == ax_) & (y == ay_))[0]) for ax_, ay_ in anchors]
    arrows: list[Any] = []

    def place() -> None:
        # Imported here: adjustText brings scipy.spatial (0,7 s), which only this figure needs.
        from adjustText import adjust_text

        for arrow in arrows:
            arrow.remove()
        arrows.clear()
        for label, anchor in zip(labels, anchors, strict=True):
            label.set(position=anchor, horizontalalignment="left", verticalalignment="baseline")
        centres = ax.transData.transform(np.column_stack([x, y]))
        radius = (0.5 * np.sqrt(sizes) + MARKER_CLEARANCE_PT) * ax.figure.dpi / 72
        to_data = ax.transData.inverted()
        markers = [
            Bbox(to_data.transform([[cx - r, cy - r], [cx + r, cy + r]]))
            for (cx, cy), r in zip(centres, radius, strict=True)
        ]
        _texts, drawn = adjust_text(
            labels,
            x=x,
            y=y,
            objects=markers,
            ax=ax,
            iter_lim=250,
            time_lim=None,
            arrowprops={"arrowstyle": "-", "color": OKABE_ITO["grey"], "linewidth": 0.5},
        )
        arrows.extend(drawn)
        for label, point in zip(labels, named, strict=True):
            _off_its_marker(ax, label, labels, arrows, centres[point], radius[point])

    return place


def _covers(box: Any, centre: np.ndarray, radius: float) -> bool:
    """Tell whether ``box`` (display units) reaches into the ``radius`` square round ``centre``."""
    cx, cy = centre
    return bool(box.x0 - radius < cx < box.x1 + radius and box.y0 - radius < cy < box.y1 + radius)


def _off_its_marker(
    ax: Any, label: Any, labels: list[Any], arrows: list[Any], centre: np.ndarray, radius: float
) -> None:
    """Move ``label`` right beside its own marker when adjustText left it on top of it.

    adjustText does not always get a name off its point (near the axes' edge, or in a tight
    cluster). Then the name goes to the first of right, left, above and below the marker that
    stays inside the axes and off the other names, and its leader line goes (it sits by its
    point). Where none is free it stays as adjustText left it.
    """
    from matplotlib.transforms import Bbox

    renderer = ax.figure.canvas.get_renderer()
    box = label.get_window_extent(renderer)
    if not _covers(box, centre, radius):
        return
    frame = ax.get_window_extent(renderer)
    others = [other.get_window_extent(renderer) for other in labels if other is not label]
    half_w, half_h = box.width / 2, box.height / 2
    cx, cy = centre
    for dx, dy in (
        (radius + half_w, 0),
        (-radius - half_w, 0),
        (0, radius + half_h),
        (0, -radius - half_h),
    ):
        spot = Bbox.from_extents(
            cx + dx - half_w, cy + dy - half_h, cx + dx + half_w, cy + dy + half_h
        )
        inside = (
            frame.x0 <= spot.x0
            and spot.x1 <= frame.x1
            and frame.y0 <= spot.y0
            and spot.y1 <= frame.y1
        )
        if inside and not any(spot.overlaps(other) for other in others):
            label.set(position=ax.transData.inverted().transform((cx + dx, cy + dy)))
            label.set(horizontalalignment="center", verticalalignment="center")
            for arrow in [a for a in arrows if getattr(a, "patchA", None) is label]:
                arrow.remove()
                arrows.remove(arrow)
            return


@styled
def fig_growth_vs_structural(
    measures: pd.DataFrame,
    kommune: str,
    members: Sequence[str],
    *,
    group_name: str,
    target_rate: float = 0.015,
    **opts: Unpack[FigureOptions],
) -> CouncilFigure:
    """Scatter of actual job growth against structural growth (both % a year) in the group.

    Points above the diagonal grew faster than their industry mix would give (positive
    attractiveness); the dashed horizontal line is the goal (``target_rate``, 1,5 % a year).
    The municipality is highlighted and labelled, and so are the :data:`EXTREME_LABELS` peers
    furthest above and below the diagonal (labels kept apart by adjustText). ``data`` columns:
    region code, municipality, structural and actual growth per year (Norwegian headers).
    """
    where = "fig_growth_vs_structural"
    require(measures, ["structural_annual_pct"], where)
    part = _group(measures, kommune, members, "jobs_annual_pct", where)
    part = part.dropna(subset=["structural_annual_pct"])
    x = part["structural_annual_pct"].astype(float).to_numpy()
    y = part["value"].to_numpy()
    is_own = (part["region_code"] == kommune).to_numpy()
    fig = new_figure()
    ax = fig.add_subplot()
    ax.scatter(
        x[~is_own], y[~is_own], s=OTHERS_SIZE, color=OTHERS, alpha=0.75, zorder=2, label=group_name
    )
    ax.scatter(x[is_own], y[is_own], s=OWN_SIZE, color=HIGHLIGHT, zorder=4)
    place = str(part.loc[is_own, "name"].iloc[0])
    box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}
    labels = [
        ax.text(
            x[is_own][0],
            y[is_own][0],
            place,
            color=HIGHLIGHT,
            fontweight="bold",
            bbox=box,
            zorder=5,
        )
    ]
    for row in extremes(part, kommune, EXTREME_LABELS):
        labels.append(
            ax.text(
                x[row], y[row], str(part["name"].iloc[row]), color=TEXT_COLOUR, bbox=box, zorder=5
            )
        )
    # Each axis spans its own data (structural growth varies far less than actual growth); the
    # diagonal y = x is drawn where the two ranges overlap.
    x_low, x_high = float(x.min()) - 0.2, float(x.max()) + 0.2
    y_low = float(min(y.min(), target_rate * 100)) - 0.3
    y_high = float(max(y.max(), target_rate * 100)) + 0.3
    start, stop = max(x_low, y_low), min(x_high, y_high)
    if start < stop:
        ax.plot([start, stop], [start, stop], color=OKABE_ITO["grey"], linewidth=0.8, zorder=1)
    ax.axhline(target_rate * 100, **TARGET_STYLE, zorder=3)
    ax.text(
        x_high,
        target_rate * 100,
        f"Målrate {fmt_pct(target_rate, 1)} per år",
        ha="right",
        va="bottom",
        fontsize="small",
    )
    ax.set_xlim(x_low, x_high)
    ax.set_ylim(y_low, y_high)
    sizes = np.where(is_own, OWN_SIZE, OTHERS_SIZE).astype(float)
    place_after_layout(fig, _names_placer(ax, labels, x, y, sizes))
    ax.set_xlabel("Strukturell vekst, prosent per år")
    ax.set_ylabel("Faktisk vekst, prosent per år")
    number_axis(ax.xaxis, "num1")
    number_axis(ax.yaxis, "num1")
    period = single_period(measures, where)
    above = int((y > x).sum())
    own_x, own_y = float(x[is_own][0]), float(y[is_own][0])
    alt = (
        f"Punktdiagram over {len(part)} kommuner i gruppen «{group_name}» {period}: faktisk "
        f"arbeidsplassvekst per år mot strukturell vekst per år. {place} hadde "
        f"{fmt_num(own_y, 1)} % faktisk og {fmt_num(own_x, 1)} % strukturell vekst. {above} av "
        f"{len(part)} kommuner ligger over diagonalen (positiv attraktivitet). Stiplet linje: "
        f"målet om {fmt_pct(target_rate, 1)} årlig vekst."
    )
    return done(
        fig,
        opts,
        name=f"vekst_mot_struktur_{slug(place)}_{slug(group_name)}",
        title=f"Vekst mot strukturell vekst: {place} {among(group_name)}, {period}",
        subtitle=(
            f"Prosent per år, {period}. Over den grå diagonalen: raskere vekst enn "
            "næringsstrukturen tilsier. Stiplet linje: målraten"
        ),
        alt=alt,
        data=part[["region_code", "name", "structural_annual_pct", "value"]].rename(
            columns={
                "name": term_label("kommune"),
                "structural_annual_pct": term_label("strukturell_vekst_per_aar"),
                "value": term_label("faktisk_vekst_per_aar"),
            }
        ),
        frames=[measures],
    )

"""Axis and mark helpers: Norwegian ticks, legends, bars, lines, and fitting labels at layout.

Tick steps are chosen so that the Norwegian labels show them exactly (no ``0,3`` for 0.25),
years never get a thousands separator, and legends go into the figure header (the layout in
:mod:`naering_analysis.figures.export` flows them to the page width).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.axis import Axis, XAxis
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, MaxNLocator

from naering_analysis.figures.style import (
    BRANSJE_COLOURS,
    LEGEND_KW,
    NEGATIVE_COLOUR,
    POSITIVE_COLOUR,
    SECTOR_COLOURS,
    colour_for,
)
from naering_analysis.numfmt import (
    int_formatter,
    num_formatter,
    pp_formatter,
    year_formatter,
)

ZERO_LINE: dict[str, Any] = {"color": "#333333", "linewidth": 0.8, "zorder": 3}
REFERENCE_LINE: dict[str, Any] = {"color": "#8c8c8c", "linewidth": 0.9, "zorder": 1}
GID_VALUE = "council-value"
VALUE_LABEL: dict[str, Any] = {"fontsize": 7.5, "color": "#333333", "gid": GID_VALUE}
"""Style of the numbers written at bar ends; the layout widens the axes until they fit."""
CATEGORY_WRAP: dict[str, int] = {"full": 38, "half": 20}
"""Characters per line of a bar chart's category labels."""


class SpacedLocator(MaxNLocator):
    """Ticks spaced for their labels: about one tick per ``pt_per_tick`` points of axis length.

    Matplotlib's default spacing assumes short labels; Norwegian labels such as ``−1,5 pp`` or
    ``2030`` need more room, above all at half page width.
    """

    def __init__(self, pt_per_tick: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pt_per_tick = pt_per_tick

    def __call__(self) -> Any:
        """Return the tick positions for the axis' current length."""
        ax = getattr(self.axis, "axes", None)  # None for a locator not attached to an Axes
        if ax is not None:
            horizontal = isinstance(self.axis, XAxis)
            pixels = ax.bbox.width if horizontal else ax.bbox.height
            self.set_params(nbins=max(2, int(pixels * 72 / ax.figure.dpi // self.pt_per_tick)))
        return super().__call__()


AxisKind = Literal["int", "index", "pp", "num1"]
_X_TICK_PT: dict[str, float] = {"int": 40.0, "index": 36.0, "pp": 52.0, "num1": 34.0}


def number_axis(axis: Axis, kind: AxisKind) -> None:
    """Give ``axis`` Norwegian tick labels and tick steps those labels can show exactly.

    ``int`` (jobs) and ``index`` get whole-number ticks; ``pp`` and ``num1`` (one decimal) get
    steps of 1, 2 or 5 times a power of ten, never 0.25 (which one decimal would round). On an
    x axis the ticks are spaced so that the labels never touch.
    """
    whole = kind in ("int", "index")
    steps = [1, 2, 2.5, 5, 10] if whole else [1, 2, 5, 10]
    if isinstance(axis, XAxis):
        axis.set_major_locator(SpacedLocator(_X_TICK_PT[kind], integer=whole, steps=steps))
    else:
        axis.set_major_locator(MaxNLocator(integer=whole, steps=steps))
    formatters = {
        "int": int_formatter,
        "index": lambda: num_formatter(0),
        "pp": lambda: pp_formatter(1),
        "num1": lambda: num_formatter(1),
    }
    axis.set_major_formatter(formatters[kind]())


def style_year_axis(ax: Axes) -> None:
    """Put whole years on the x axis, without thousands separators."""
    ax.xaxis.set_major_locator(SpacedLocator(42.0, integer=True, steps=[1, 2, 5, 10]))
    ax.xaxis.set_major_formatter(year_formatter())


def legend_on_top(ax: Axes, handles: list[Any] | None = None) -> None:
    """Add a figure legend for ``ax`` that the layout places under the subtitle.

    The legend sits in the header, not in the plot, so it never hides data; the layout picks
    as many columns as fit the page width. A single unlabelled series gets no legend.
    """
    if handles is None:
        handles, _labels = ax.get_legend_handles_labels()
    if len(handles) < 2:
        return
    ax.figure.legend(handles=handles, ncols=len(handles), **LEGEND_KW)


def horizontal_grid(ax: Axes) -> None:
    """Switch a horizontal-bar chart to vertical grid lines and a ticked category axis."""
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)


def bar_height_cm(bars: int) -> float:
    """Return a full-width figure height that gives each horizontal bar about 0.6 cm."""
    return float(max(7.0, 3.5 + 0.6 * bars))


def bar_colours(frame: pd.DataFrame, column: str, values: Sequence[float]) -> list[str]:
    """Colour bars by bransje or sector when those are the categories, else by sign."""
    keys = frame[column].astype(str).tolist()
    if column == "bransje":
        return [colour_for(k, BRANSJE_COLOURS, i) for i, k in enumerate(keys)]
    if column == "sector_code":
        return [colour_for(k, SECTOR_COLOURS, i) for i, k in enumerate(keys)]
    return [POSITIVE_COLOUR if v >= 0 else NEGATIVE_COLOUR for v in values]


def label_bars(ax: Axes, values: Sequence[float], fmt: Callable[[float], str]) -> None:
    """Write each bar's value just outside its end."""
    for position, value in enumerate(values):
        if np.isnan(value):
            continue
        offset = 3 if value >= 0 else -3
        ax.annotate(
            fmt(value),
            (value, position),
            xytext=(offset, 0),
            textcoords="offset points",
            ha="left" if value >= 0 else "right",
            va="center",
            bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
            **VALUE_LABEL,
        )
    ax.margins(x=0.05)


def horizontal_bars(
    ax: Axes, labels: list[str], values: Sequence[float], colours: list[str]
) -> None:
    """Draw horizontal bars top-down in the given order."""
    ax.barh(np.arange(len(values)), values, color=colours, height=0.65, zorder=2)
    category_axis(ax, labels)


def category_axis(ax: Axes, labels: list[str]) -> None:
    """Label the bars top-down; the layout re-wraps the labels for the page width."""
    ax.set_yticks(np.arange(len(labels)))
    ax.yaxis.set_major_formatter(FixedFormatter(labels))
    ax.invert_yaxis()
    horizontal_grid(ax)


def plot_lines(
    ax: Axes,
    data: pd.DataFrame,
    group: str,
    value: str,
    colours: Mapping[str, str],
    order: Sequence[str],
    labels: Mapping[str, str] | None = None,
) -> None:
    """Draw one line per ``group`` value in ``order`` with its fixed colour."""
    for position, key in enumerate(order):
        part = data.loc[data[group] == key].sort_values("year")
        ax.plot(
            part["year"],
            part[value],
            color=colour_for(key, colours, position),
            label=(labels or {}).get(key, key),
            marker="o",
            markersize=2.5,
        )


def finish_lines(ax: Axes, indexed: bool, handles: list[Any] | None = None) -> None:
    """Year axis, legend on top and Norwegian y tick labels (with a 100 line for an index)."""
    style_year_axis(ax)
    legend_on_top(ax, handles)
    if indexed:
        ax.axhline(100, **REFERENCE_LINE)
    number_axis(ax.yaxis, "index" if indexed else "int")


def rewrap_categories(fig: Figure, width: str) -> float:
    """Re-wrap the category labels of bar charts for the page width; return the plot cm they need.

    Each bar row needs room for its label lines (0.36 cm a line), and the x axis 1.3 cm.
    """
    needed = 0.0
    for ax in fig.axes:
        formatter = ax.yaxis.get_major_formatter()
        if isinstance(formatter, FixedFormatter):
            chars = CATEGORY_WRAP[width]
            formatter.seq = [textwrap.fill(str(s).replace("\n", " "), chars) for s in formatter.seq]
            rows = [max(0.6, 0.36 * (label.count("\n") + 1) + 0.2) for label in formatter.seq]
            needed = max(needed, sum(rows) + 1.3)
    return needed


def fit_value_labels(fig: Figure, renderer: Any) -> None:
    """Widen the data limits until the numbers written at the bar ends lie inside the axes."""
    for ax in fig.axes:
        labels = [t for t in ax.texts if t.get_gid() == GID_VALUE]
        if not labels:
            continue
        for label in labels:
            label.set_visible(True)
        ax.set_autoscale_on(True)  # start from the data, so every width gets the same result
        ax.relim()
        ax.autoscale_view()
        for _ in range(4):
            box = ax.get_window_extent(renderer)
            ext = [t.get_window_extent(renderer) for t in labels]
            pad = 3.0 * fig.dpi / 72  # 3 pt clear of the tick labels outside the axes
            left = max(0.0, *(box.x0 + pad - e.x0 for e in ext))
            right = max(0.0, *(e.x1 + pad - box.x1 for e in ext))
            below = max(0.0, *(box.y0 + pad - e.y0 for e in ext))
            above = max(0.0, *(e.y1 + pad - box.y1 for e in ext))
            if max(left, right, below, above) <= 0.5:
                break
            x0, x1 = ax.get_xlim()  # (left, right) on screen, also for an inverted axis
            per_px = (x1 - x0) / box.width * 1.1
            ax.set_xlim(x0 - left * per_px, x1 + right * per_px)
            y0, y1 = ax.get_ylim()
            per_px = (y1 - y0) / box.height * 1.1
            ax.set_ylim(y0 - below * per_px, y1 + above * per_px)
        hide_crowded(labels, renderer)


def hide_crowded(labels: list[Text], renderer: Any) -> None:
    """Hide value labels that would overlap, keeping the last ones (the latest years) first."""
    kept: list[Any] = []
    for label in reversed(labels):
        extent = label.get_window_extent(renderer).padded(2)
        if any(extent.overlaps(other) for other in kept):
            label.set_visible(False)
        else:
            kept.append(extent)

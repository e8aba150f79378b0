"""The explorer's live chart: one persistent Matplotlib figure whose data moves on each update.

:class:`LiveChart` keeps its figure on the Agg canvas and only replaces line data, the band and
the labels, then renders a PNG for an :class:`ipywidgets.Image`. That is much cheaper than
building a new figure for every slider move. The council-style figure for documents is made by
:func:`naering_analysis.figures.fig_scenarios` on export instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from naering_analysis.figures.style import (
    NEGATIVE_COLOUR,
    OKABE_ITO,
    SYNTHETIC_MARK,
    TARGET_STYLE,
    council_style,
)
from naering_analysis.numfmt import fmt_int, int_formatter, year_formatter
from naering_analysis.reference.terms import label as term_label

HISTORY_COLOUR = OKABE_ITO["dark_grey"]
SCENARIO_COLOUR = OKABE_ITO["bluish_green"]
CHART_SIZE_IN = (7.6, 4.3)
CHART_DPI = 96


@dataclass
class ChartData:
    """What the live chart shows: totals per year (history and projection) and the goal."""

    hist_years: np.ndarray
    hist_jobs: np.ndarray
    years: np.ndarray
    jobs: np.ndarray
    lo80: np.ndarray
    hi80: np.ndarray
    target_years: np.ndarray
    target_jobs: np.ndarray
    target_label: str
    title: str


class LiveChart:
    """A persistent figure whose line data is replaced on each update; renders to PNG bytes."""

    def __init__(self, synthetic: bool) -> None:
        with council_style():
            self.fig = Figure(figsize=CHART_SIZE_IN, dpi=CHART_DPI)
            self.fig.subplots_adjust(left=0.1, right=0.98, top=0.9, bottom=0.08)
            FigureCanvasAgg(self.fig)
            ax = self.fig.add_subplot()
            (self.history,) = ax.plot([], [], color=HISTORY_COLOUR, label=term_label("faktisk"))
            (self.scenario,) = ax.plot([], [], color=SCENARIO_COLOUR, label=term_label("scenario"))
            (self.target,) = ax.plot([], [], **TARGET_STYLE)
            (self.end,) = ax.plot([], [], "o", color=SCENARIO_COLOUR, markersize=4)
            self.band: PolyCollection | None = None
            self.note = ax.text(0.99, 0.03, "", transform=ax.transAxes, ha="right", fontsize=8)
            ax.yaxis.set_major_formatter(int_formatter())
            ax.xaxis.set_major_formatter(year_formatter())
            ax.grid(axis="y", color="#dddddd", linewidth=0.6)
            ax.spines[["top", "right"]].set_visible(False)
            if synthetic:
                self.fig.text(
                    0.5, 0.5, SYNTHETIC_MARK, ha="center", va="center", color="#808080",
                    alpha=0.16, fontsize=17, fontweight="bold", rotation=22, zorder=100,
                )  # fmt: skip
            self.title = self.fig.suptitle("", x=0.01, ha="left", fontsize=11, fontweight="bold")
            self.ax = ax

    def update(self, data: ChartData) -> None:
        """Move the lines, band and goal to ``data`` and rescale the axes."""
        ax = self.ax
        with council_style():
            self.history.set_data(data.hist_years, data.hist_jobs)
            self.scenario.set_data(data.years, data.jobs)
            self.target.set_data(data.target_years, data.target_jobs)
            self.target.set_label(data.target_label)
            self.end.set_data(data.years[-1:], data.jobs[-1:])
            if self.band is not None:
                self.band.remove()
            self.band = ax.fill_between(
                data.years, data.lo80, data.hi80, color=SCENARIO_COLOUR, alpha=0.18, linewidth=0
            )
            gap = float(data.jobs[-1] - data.target_jobs[-1])
            gap_label = term_label("avvik_maalbane", 1, year=int(data.years[-1]))
            self.note.set_text(f"{gap_label}: {fmt_int(gap)} arbeidsplasser")
            self.note.set_color(NEGATIVE_COLOUR if gap < 0 else SCENARIO_COLOUR)
            self.title.set_text(data.title)
            ax.relim()
            ax.autoscale_view()
            ax.set_xlim(float(data.hist_years[0]) - 0.3, float(data.years[-1]) + 0.3)
            handles = [self.history, self.scenario, self.target]
            band = Patch(
                facecolor=SCENARIO_COLOUR, alpha=0.3, label=term_label("usikkerhetsintervall")
            )
            ax.legend(handles=[*handles, band], loc="upper left", frameon=False, fontsize=8)

    def png(self) -> bytes:
        """Render the current state as PNG bytes."""
        buffer = BytesIO()
        with council_style():
            self.fig.savefig(buffer, format="png", dpi=CHART_DPI)
        return buffer.getvalue()

"""Council figures: one import for the builders, the style and the export.

Every builder takes tidy frames (vocabulary of ``docs/CONTRACTS.md``; its docstring lists the
columns), reads ``attrs['provenance']`` and ``attrs['synthetic']`` from them, and returns a
:class:`CouncilFigure` with title, subtitle, source line, Norwegian alt text, the plotted numbers
and — for synthetic data — the mark "Illustrasjonsdata – ikke offisielle tall". All builders
accept the keyword options of :class:`FigureOptions`: ``title``, ``subtitle``, ``name`` (file
stem), ``sources`` (provenance dicts, overriding ``attrs``) and ``synthetic``. A region argument
matches ``region_name`` or ``region_code``.

>>> from naering_analysis.figures import fig_total_jobs, export_figure  # doctest: +SKIP
>>> cf = fig_total_jobs(frame, "Sarpsborg", target=goal.target_path(frame))  # doctest: +SKIP
>>> export_figure(cf, paths().reports / "2026-11-26" / "figurer", width="half")  # doctest: +SKIP

Modules behind this one: :mod:`.style` (rcParams, colours, source line), :mod:`.export`
(layout for 16/8 cm, PNG/SVG/PDF/CSV/alt-text export), :mod:`.axes` (ticks, legends, bars),
:mod:`.frames` (input checks), :mod:`.tables` (council tables as xlsx and CSV; a figure's data
goes out through the same CSV writer, which is why tables live in this layer) and the builders
in :mod:`.lines`, :mod:`.bars`, :mod:`.goal` and :mod:`.peers`.

May import: ``reference`` and the ground floor (and, if ever needed, the layers below it).
Builders take finished frames; they never compute an analysis or a projection themselves.
"""

from __future__ import annotations

from naering_analysis.figures.bars import fig_contributions, fig_location_quotients, fig_shift_share
from naering_analysis.figures.export import CouncilFigure, export_figure, layout_figure, render
from naering_analysis.figures.frames import FigureOptions
from naering_analysis.figures.goal import fig_goal_gap, fig_scenarios
from naering_analysis.figures.lines import (
    fig_focus_industries,
    fig_private_public,
    fig_region_comparison,
    fig_total_jobs,
)
from naering_analysis.figures.peers import fig_attractiveness_rank, fig_growth_vs_structural
from naering_analysis.figures.style import (
    BRANSJE_COLOURS,
    BRANSJE_ORDER,
    PARTLY_SYNTHETIC_MARK,
    REGION_COLOURS,
    SCENARIO_COLOURS,
    SECTOR_COLOURS,
    SYNTHETIC_MARK,
    TARGET_STYLE,
    WIDTH_FULL_CM,
    WIDTH_HALF_CM,
    apply_style,
    council_style,
)
from naering_analysis.reference.sources import source_line

__all__ = [
    "BRANSJE_COLOURS",
    "BRANSJE_ORDER",
    "PARTLY_SYNTHETIC_MARK",
    "REGION_COLOURS",
    "SCENARIO_COLOURS",
    "SECTOR_COLOURS",
    "SYNTHETIC_MARK",
    "TARGET_STYLE",
    "WIDTH_FULL_CM",
    "WIDTH_HALF_CM",
    "CouncilFigure",
    "FigureOptions",
    "apply_style",
    "council_style",
    "export_figure",
    "fig_attractiveness_rank",
    "fig_contributions",
    "fig_focus_industries",
    "fig_goal_gap",
    "fig_growth_vs_structural",
    "fig_location_quotients",
    "fig_private_public",
    "fig_region_comparison",
    "fig_scenarios",
    "fig_shift_share",
    "fig_total_jobs",
    "layout_figure",
    "render",
    "source_line",
]

"""Council figure container, page layout, and export to PNG, SVG, PDF, CSV and alt text.

A :class:`CouncilFigure` carries a Matplotlib figure together with what a council document needs
around it: title, subtitle, source line, alt text, the plotted numbers, and whether the numbers are
synthetic. :func:`export_figure` lays the figure out for full (16 cm) or half (8 cm) page width
and writes every file atomically (temporary file in the same folder, then ``os.replace``), so a
crash never leaves a half-written figure in a report folder.

The CSV next to a figure is for Norwegian Excel: ``;`` as separator, decimal comma, UTF-8 with a
byte-order mark (``utf-8-sig``) so that Excel detects the encoding and shows æ, ø and å.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

from naering_analysis.atomic import atomic_write_bytes
from naering_analysis.figures.axes import GID_VALUE, fit_value_labels, rewrap_categories
from naering_analysis.figures.pdf_fonts import use_layout_free_subsets
from naering_analysis.figures.style import (
    CM_PER_INCH,
    FOOTER_SIZE,
    HALF_HEIGHT_RATIO,
    HEIGHT_FULL_CM,
    LEGEND_KW,
    MUTED_COLOUR,
    NEGATIVE_COLOUR,
    PARTLY_SYNTHETIC_MARK,
    SUBTITLE_SIZE,
    SYNTHETIC_MARK,
    TITLE_SIZE,
    WIDTH_FULL_CM,
    WIDTH_HALF_CM,
    council_style,
)
from naering_analysis.figures.tables import check_name, csv_bytes
from naering_analysis.reference.sources import data_basis
from naering_analysis.reference.terms import label as term_label

Width = Literal["full", "half"]
WIDTHS_CM: dict[str, float] = {"full": WIDTH_FULL_CM, "half": WIDTH_HALF_CM}
GID_TITLE, GID_SUBTITLE = "council-title", "council-subtitle"
GID_SOURCE, GID_MARK, GID_WATERMARK = "council-source", "council-mark", "council-watermark"
_PAD_PT, _GAP_PT = 7.0, 3.0
MIN_PLOT_CM: dict[str, float] = {"full": 6.0, "half": 5.0}
"""Least height left for the axes and their tick labels."""

# Norwegian headers for the figure CSV (words from the terms registry, data/terms.yaml); columns
# not listed keep their name.
COLUMN_LABELS_NB: dict[str, str] = {
    "region_code": term_label("regionkode"),
    "region_name": term_label("region"),
    "industry_code": term_label("naeringskode"),
    "industry_name": term_label("naering", 1),
    "bransje": term_label("bransje"),
    "sector_code": term_label("sektor"),
    "scenario": term_label("scenario"),
    "year": term_label("aar"),
    "jobs": term_label("arbeidsplasser"),
    "private_jobs": term_label("private_arbeidsplasser"),
    "public_jobs": term_label("offentlige_arbeidsplasser"),
    "private_share": term_label("privat_andel"),
    "index": term_label("indeks"),
    "target_jobs": term_label("maalbane", 2),
    "gap_jobs": term_label("avvik_maalbane", 2),
    "kind": term_label("faktisk_framskrevet"),
    "lo80": term_label("nedre_grense"),
    "hi80": term_label("ovre_grense"),
    "contribution_pp": term_label("bidrag_pp", 1),
    "lq": term_label("lokaliseringskvotient"),
    "national_share": term_label("nasjonal_komponent", 1),
    "industry_mix": term_label("bransjestruktur", 1),
    "regional_shift": term_label("regional_effekt", 1),
    "change_jobs": term_label("endring_periode", 1),
    "label": term_label("kategori"),
}


@dataclass
class CouncilFigure:
    """A finished council figure and everything exported with it.

    ``data`` holds the plotted numbers as a tidy frame in the contract vocabulary
    (``year``, ``jobs``, ...); ``sources`` are provenance dicts; ``height_cm`` is the height at
    full width (a half-width export is :data:`HALF_HEIGHT_RATIO` times as tall).
    """

    fig: Figure
    name: str
    title: str
    alt_text: str
    data: pd.DataFrame
    sources: list[dict[str, Any]]
    synthetic: bool
    subtitle: str = ""
    height_cm: float = HEIGHT_FULL_CM
    source: str = field(default="")

    def _repr_png_(self) -> bytes:
        """Show the figure at full width in Jupyter."""
        return render(self, "png", width="full", dpi=110)


def new_figure(height_cm: float = HEIGHT_FULL_CM) -> Figure:
    """Return an empty full-width figure on the Agg canvas (no pyplot state is touched)."""
    fig = Figure(figsize=(WIDTH_FULL_CM / CM_PER_INCH, height_cm / CM_PER_INCH))
    FigureCanvasAgg(fig)
    return fig


def decorate(
    fig: Figure,
    title: str,
    subtitle: str,
    source: str,
    synthetic: bool,
    mark: str = SYNTHETIC_MARK,
) -> None:
    """Add title, subtitle, source line and, for synthetic data, the demo mark and watermark.

    ``mark`` is :data:`SYNTHETIC_MARK`, or :data:`PARTLY_SYNTHETIC_MARK` when the figure also rests
    on real figures.
    """
    fig.text(0, 1, title, gid=GID_TITLE, fontsize=TITLE_SIZE, fontweight="bold")
    if subtitle:
        fig.text(0, 1, subtitle, gid=GID_SUBTITLE, fontsize=SUBTITLE_SIZE, color=MUTED_COLOUR)
    fig.text(0, 0, source, gid=GID_SOURCE, fontsize=FOOTER_SIZE, color=MUTED_COLOUR)
    if synthetic:
        fig.text(
            0,
            0,
            mark,
            gid=GID_MARK,
            fontsize=FOOTER_SIZE,
            color=NEGATIVE_COLOUR,
            fontweight="bold",
        )
        fig.text(
            0.5,
            0.5,
            mark,
            gid=GID_WATERMARK,
            ha="center",
            va="center",
            color="#808080",
            alpha=0.16,
            fontweight="bold",
            zorder=100,
        )


def _text(fig: Figure, gid: str) -> Text | None:
    """Return the figure-level text with ``gid``, if any."""
    return next((t for t in fig.texts if t.get_gid() == gid), None)


def _wrap(text: Text, max_px: float, renderer: Any) -> None:
    """Re-wrap ``text`` greedily by words so that no line is wider than ``max_px``."""
    words = re.split(r"[ \t\n]+", text.get_text().strip())  # not at no-break spaces
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        text.set_text(candidate)
        if current and text.get_window_extent(renderer).width > max_px:
            lines.append(current)
            current = word
        else:
            current = candidate
    text.set_text("\n".join([*lines, current]))


def _fit_legend(fig: Figure, legend: Legend, max_px: float, renderer: Any) -> Legend:
    """Rebuild ``legend`` with as many columns as fit ``max_px``; wrap labels if one is too wide.

    Matplotlib lays a legend out when it is created, so changing the column count means
    rebuilding it from its handles and labels.
    """
    handles = [h for h in legend.legend_handles if h is not None]
    labels = [t.get_text().replace("\n", " ") for t in legend.get_texts()]
    legend.remove()
    for ncols in range(len(labels), 0, -1):
        ncols = math.ceil(len(labels) / math.ceil(len(labels) / ncols))  # balance the rows
        fitted = fig.legend(handles=handles, labels=labels, ncols=ncols, **LEGEND_KW)
        if ncols == 1 or fitted.get_window_extent(renderer).width <= max_px:
            break
        fitted.remove()
    if fitted.get_window_extent(renderer).width > max_px:
        chars = int(
            max_px * 0.75 / (float(fitted.get_texts()[0].get_fontsize()) * 0.6 * fig.dpi / 72)
        )
        fitted.remove()
        labels = [textwrap.fill(label, max(chars, 12)) for label in labels]
        fitted = fig.legend(handles=handles, labels=labels, ncols=1, **LEGEND_KW)
    return fitted


def layout_figure(fig: Figure, width: Width = "full", height_cm: float = HEIGHT_FULL_CM) -> None:
    """Size ``fig`` for ``width`` and place header, footer, watermark and plot area.

    ``height_cm`` is the full-width height; a half-width figure gets ``HALF_HEIGHT_RATIO`` of it.
    The figure grows taller when the wrapped title, legend and footer would leave the plot less
    than :data:`MIN_PLOT_CM`. Call inside :func:`~naering_analysis.figures.style.council_style`.
    """
    if width not in WIDTHS_CM:
        msg = f"width={width!r} is not valid; use 'full' (16 cm) or 'half' (8 cm)."
        raise ValueError(msg)
    height = height_cm if width == "full" else height_cm * HALF_HEIGHT_RATIO
    fig.set_size_inches(WIDTHS_CM[width] / CM_PER_INCH, height / CM_PER_INCH)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    px_per_pt = fig.dpi / 72
    pad, gap = _PAD_PT * px_per_pt, _GAP_PT * px_per_pt
    max_px = fig.bbox.width - 2 * pad
    header: list[Artist] = []  # measured first: wrapping depends on the width only
    for gid in (GID_TITLE, GID_SUBTITLE):
        if (text := _text(fig, gid)) is not None:
            _wrap(text, max_px, renderer)
            header.append(text)
    header += [_fit_legend(fig, legend, max_px, renderer) for legend in list(fig.legends)]
    footer = [t for gid in (GID_SOURCE, GID_MARK) if (t := _text(fig, gid)) is not None]
    for text in footer:
        _wrap(text, max_px, renderer)
    heights = [a.get_window_extent(renderer).height + gap for a in (*header, *footer)]
    plot_cm = max(MIN_PLOT_CM[width], rewrap_categories(fig, width))
    needed_cm = (sum(heights) + 2 * pad + 2 * gap) / fig.dpi * CM_PER_INCH + plot_cm
    if needed_cm > height:
        fig.set_size_inches(WIDTHS_CM[width] / CM_PER_INCH, needed_cm / CM_PER_INCH)
    w_px, h_px = fig.bbox.width, fig.bbox.height
    y = h_px - pad
    for artist in header:
        if isinstance(artist, Legend):
            artist.set_bbox_to_anchor((pad / w_px, y / h_px), transform=fig.transFigure)
        else:
            artist.set(x=pad / w_px, y=y / h_px, ha="left", va="top")
        y -= artist.get_window_extent(renderer).height + gap
    top = (y - gap) / h_px
    y = pad
    for text in footer:  # bottom up: the source line last, the demo mark above it
        text.set(x=pad / w_px, y=y / h_px, ha="left", va="bottom")
        y += text.get_window_extent(renderer).height + gap
    bottom = (y + gap) / h_px
    if (mark := _text(fig, GID_WATERMARK)) is not None:
        mark.set(rotation=0, fontsize=10)
        target = 0.7 * math.hypot(w_px, h_px)
        mark.set_fontsize(10 * target / mark.get_window_extent(renderer).width)
        mark.set_rotation(math.degrees(math.atan2(h_px, w_px)))
    # Start tight_layout from the same subplot parameters every time, and alternate it with
    # fitting the value labels so both settle: the same figure laid out again gives identical
    # files.
    span = top - bottom
    fig.subplots_adjust(left=0.15, right=0.95, bottom=bottom + 0.1 * span, top=top - 0.1 * span)
    for _ in range(2):
        fig.tight_layout(rect=(0, bottom, 1, top), pad=0.6)
        fit_value_labels(fig, renderer)
    # Names a builder places among points (place_after_layout) are placed last, for the geometry
    # the layout gave: placed before it, the new axes size moved them onto points.
    for place in getattr(fig, _AFTER_LAYOUT, ()):
        place()
    # tight_layout leaves a placeholder layout engine behind, and savefig draws the whole figure
    # once more, without output, for any engine: a third of a PNG's time, for nothing.
    fig.set_layout_engine(None)
    # Laid out for this size: until an artist changes (matplotlib marks the figure stale
    # again), laying out once more would change nothing (see laid_out).
    fig.stale = False
    setattr(fig, _LAID_OUT, (width, height_cm))


# The attribute in which a figure keeps the size it was last laid out for, and the one with
# what to place after each layout (place_after_layout).
_LAID_OUT = "_naering_laid_out"
_AFTER_LAYOUT = "_naering_after_layout"


def place_after_layout(fig: Figure, place: Callable[[], None]) -> None:
    """Have :func:`layout_figure` call ``place`` after it has laid ``fig`` out, every time.

    For names placed among points (adjustText): how far a name must move off its point depends
    on the axes' final size in pixels. ``place`` must start from the same state each time (put
    the names back on their points, remove its earlier arrows), so that laying the figure out
    again gives the same picture.
    """
    setattr(fig, _AFTER_LAYOUT, [*getattr(fig, _AFTER_LAYOUT, []), place])


def laid_out(fig: Figure, width: Width, height_cm: float) -> bool:
    """Tell whether ``fig`` is laid out for ``width`` and ``height_cm`` and unchanged since.

    Then laying it out again would give the same bytes, so a figure its builder laid out is
    rendered as it is. Not so with numbers at the bar ends (fitting them can move the axis limits
    a little more on each pass): such a figure is always laid out again, as before.
    """
    if getattr(fig, _LAID_OUT, None) != (width, height_cm) or fig.stale:
        return False
    return not any(t.get_gid() == GID_VALUE for ax in fig.axes for t in ax.texts)


def render_formats(
    cf: CouncilFigure, formats: tuple[str, ...], width: Width = "full", dpi: float = 300
) -> dict[str, bytes]:
    """Lay out ``cf`` for ``width`` once and return it rendered in each of ``formats``.

    Laying out is a fifth of the work of an export; the layout is a fixed point (laying out
    again changes nothing), so one layout for all formats gives the same bytes as one each, and
    a figure its builder laid out for this width is not laid out again (:func:`laid_out`).
    """
    metadata: dict[str, dict[str, Any]] = {
        "png": {"Title": cf.title, "Description": cf.alt_text},
        "svg": {"Title": cf.title, "Description": cf.alt_text, "Date": None},
        "pdf": {"Title": cf.title, "Subject": cf.alt_text, "CreationDate": None},
    }
    rendered: dict[str, bytes] = {}
    if "pdf" in formats:
        use_layout_free_subsets()  # half the PDF's time, the same pages (figures/pdf_fonts.py)
    with council_style():
        if not laid_out(cf.fig, width, cf.height_cm):
            layout_figure(cf.fig, width, cf.height_cm)
        for fmt in formats:
            buffer = BytesIO()
            cf.fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata[fmt])
            rendered[fmt] = buffer.getvalue()
    return rendered


def render(cf: CouncilFigure, fmt: str, width: Width = "full", dpi: float = 300) -> bytes:
    """Lay out ``cf`` for ``width`` and return it rendered as ``fmt`` (png, svg or pdf)."""
    return render_formats(cf, (fmt,), width, dpi)[fmt]


def export_figure(cf: CouncilFigure, outdir: Path | str, width: Width = "full") -> dict[str, Path]:
    """Write ``<name>.png`` (300 dpi), ``.svg``, ``.pdf``, ``.csv`` and ``.alt.txt`` to ``outdir``.

    The figure is resized to the width (16 or 8 cm; taller when the wrapped header, legend or bar
    labels need room). The PDF embeds its fonts as TrueType (``pdf.fonttype`` 42). SVG and PDF
    carry no creation date, so rerunning an unchanged analysis gives identical files. The CSV
    has Norwegian headers (:data:`COLUMN_LABELS_NB`). Returns the paths keyed by ``png``,
    ``svg``, ``pdf``, ``csv`` and ``alt``.
    """
    stem = check_name(cf.name)
    folder = Path(outdir)
    written: dict[str, Path] = {}
    for fmt, rendered in render_formats(cf, ("png", "svg", "pdf"), width).items():
        written[fmt] = atomic_write_bytes(folder / f"{stem}.{fmt}", rendered)
    data = cf.data.rename(columns=COLUMN_LABELS_NB)
    mark = PARTLY_SYNTHETIC_MARK if data_basis(cf.sources) == "mixed" else SYNTHETIC_MARK
    written["csv"] = atomic_write_bytes(folder / f"{stem}.csv", csv_bytes(data, cf.synthetic, mark))
    alt = cf.alt_text.strip()
    if cf.synthetic and SYNTHETIC_MARK not in alt and PARTLY_SYNTHETIC_MARK not in alt:
        alt = f"{SYNTHETIC_MARK}. {alt}"
    written["alt"] = atomic_write_bytes(folder / f"{stem}.alt.txt", (alt + "\n").encode("utf-8"))
    return written

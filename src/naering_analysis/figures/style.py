"""The council figure style: rcParams, colours, the source line and the demo-data mark.

Colours follow the colour-blind-safe Okabe–Ito palette. Each focus industry (``bransje``,
names as in ``docs/CONTRACTS.md``) keeps one colour in every figure; regions, sectors and
scenarios have their own fixed colours, and the goal path is always black and dashed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast

import matplotlib as mpl
from cycler import cycler

from naering_analysis.reference.industries import SN2007_CODES, industry_name, load_focus_mapping
from naering_analysis.reference.terms import SECTOR_NAMES
from naering_analysis.reference.terms import label as term_label

CM_PER_INCH = 2.54
WIDTH_FULL_CM = 16.0
WIDTH_HALF_CM = 8.0
HEIGHT_FULL_CM = 10.0
HALF_HEIGHT_RATIO = 0.8
"""A half-width figure is ``0.8 ×`` the full-width height: narrower plots need a taller aspect."""

SYNTHETIC_MARK = "Illustrasjonsdata – ikke offisielle tall"
PARTLY_SYNTHETIC_MARK = "Delvis illustrasjonsdata – bare noen av tallene er SSBs"
"""The mark of a figure that combines real SSB figures with synthetic ones (the source line names
which table is which)."""

OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
    "dark_grey": "#555555",
}

BRANSJE_ORDER: tuple[str, ...] = (
    "Grønn industri",
    "Digitalisering og forretningsmessig tjenesteyting",
    "Helsebasert næring",
    "Handel, reiseliv, opplevelser, idrett og kultur",
    "Bygg og anlegg",
    "Øvrige næringer",
)
BRANSJE_COLOURS: dict[str, str] = dict(
    zip(
        BRANSJE_ORDER,
        (
            OKABE_ITO["bluish_green"],
            OKABE_ITO["blue"],
            OKABE_ITO["reddish_purple"],
            OKABE_ITO["orange"],
            OKABE_ITO["vermillion"],
            OKABE_ITO["grey"],
        ),
        strict=True,
    )
)
REGION_COLOURS: dict[str, str] = {
    "Sarpsborg": OKABE_ITO["blue"],
    "Søndre Østfold": OKABE_ITO["orange"],
    "Østfold": OKABE_ITO["reddish_purple"],
    "Hele landet": OKABE_ITO["dark_grey"],
}
SCENARIO_COLOURS: dict[str, str] = {
    # the report's headline (scenarios.HEADLINE_SCENARIO): the strongest colour, drawn first
    "Framskriving (valgt metode)": OKABE_ITO["blue"],
    "Trend": OKABE_ITO["sky_blue"],
    "Nasjonal vekst": OKABE_ITO["orange"],
    "Handlingsprogram": OKABE_ITO["bluish_green"],
    "Lav": OKABE_ITO["vermillion"],
    "Høy": OKABE_ITO["reddish_purple"],
}
SECTOR_LABELS: dict[str, str] = dict(SECTOR_NAMES)
SECTOR_COLOURS: dict[str, str] = {
    "all": OKABE_ITO["dark_grey"],
    "private": OKABE_ITO["blue"],
    "public": OKABE_ITO["orange"],
}
TARGET_STYLE: dict[str, Any] = {"color": "#000000", "linestyle": (0, (5, 3)), "linewidth": 1.4}
TARGET_LABEL = term_label("maalbane")
"""Legend entry of the goal path; builders take a longer ``target_label`` (rate and base year)."""
POSITIVE_COLOUR = OKABE_ITO["bluish_green"]
NEGATIVE_COLOUR = OKABE_ITO["vermillion"]
FALLBACK_COLOURS: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["dark_grey"],
)

# Display labels for the SN2007 groups and the parts of the focus mapping (``"68"``, ``"69-75"``
# …), used only when a frame has no ``industry_name`` column.
INDUSTRY_LABELS: dict[str, str] = {
    **{code: industry_name(code) for code in SN2007_CODES},
    **load_focus_mapping().part_names,
}

LEGEND_KW: dict[str, Any] = {
    "loc": "upper left",
    "borderaxespad": 0.0,
    "borderpad": 0.0,
    "columnspacing": 1.4,
    "handletextpad": 0.5,
    "frameon": False,
}
TITLE_SIZE = 11.0
SUBTITLE_SIZE = 9.0
FOOTER_SIZE = 7.0
TEXT_COLOUR = "#1a1a1a"
MUTED_COLOUR = "#4d4d4d"


#: seaborn's ``axes_style("white")`` as data, so that drawing a figure does not import seaborn
#: and, through it, scipy (about 0.5 s in every notebook kernel). ``image.cmap`` (seaborn's own
#: "rocket") is left out: the council figures draw no images. A test compares it with seaborn.
SEABORN_WHITE: dict[str, Any] = {
    "figure.facecolor": "white",
    "axes.labelcolor": ".15",
    "xtick.direction": "out",
    "ytick.direction": "out",
    "xtick.color": ".15",
    "ytick.color": ".15",
    "axes.axisbelow": True,
    "grid.linestyle": "-",
    "text.color": ".15",
    "font.family": ["sans-serif"],
    "font.sans-serif": [
        "Arial",
        "DejaVu Sans",
        "Liberation Sans",
        "Bitstream Vera Sans",
        "sans-serif",
    ],
    "lines.solid_capstyle": "round",
    "patch.edgecolor": "w",
    "patch.force_edgecolor": True,
    "xtick.top": False,
    "ytick.right": False,
    "axes.grid": False,
    "axes.facecolor": "white",
    "axes.edgecolor": ".15",
    "grid.color": ".8",
    "axes.spines.left": True,
    "axes.spines.bottom": True,
    "axes.spines.right": True,
    "axes.spines.top": True,
    "xtick.bottom": False,
    "ytick.left": False,
}


def council_rc() -> dict[str, Any]:
    """Return the rcParams of the council style (seaborn ``white`` plus print-sized fonts)."""
    rc: dict[str, Any] = dict(SEABORN_WHITE)
    rc.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": ["DejaVu Sans"],
            "font.size": 8.5,
            "axes.titlesize": 9.5,
            "axes.labelsize": 8.5,
            "xtick.labelsize": 8.0,
            "ytick.labelsize": 8.0,
            "legend.fontsize": 8.0,
            "legend.frameon": False,
            "legend.handlelength": 1.8,
            "text.color": TEXT_COLOUR,
            "axes.labelcolor": TEXT_COLOUR,
            "axes.edgecolor": "#666666",
            "axes.linewidth": 0.8,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "axes.grid.axis": "y",
            "axes.axisbelow": True,
            "grid.color": "#dedede",
            "grid.linewidth": 0.6,
            "grid.linestyle": "-",
            "axes.prop_cycle": cycler(color=list(FALLBACK_COLOURS)),
            "axes.unicode_minus": True,
            "xtick.color": MUTED_COLOUR,
            "ytick.color": MUTED_COLOUR,
            "xtick.major.size": 3.0,
            "ytick.major.size": 0.0,
            "xtick.bottom": True,
            "ytick.left": True,
            "lines.linewidth": 1.8,
            "lines.solid_capstyle": "round",
            "figure.facecolor": "white",
            "figure.dpi": 100,
            "savefig.dpi": 300,
            "savefig.facecolor": "white",
            "pdf.fonttype": 42,  # embed TrueType fonts (not Type 3) so print shops accept the PDF
            "ps.fonttype": 42,
            "svg.fonttype": "path",  # text as outlines: the SVG looks the same without the font
            "svg.hashsalt": "naering-analysis",  # stable element ids, so reruns diff cleanly
        }
    )
    return rc


@contextmanager
def council_style() -> Iterator[None]:
    """Apply the council style inside a ``with`` block and restore the old rcParams afterwards."""
    with mpl.rc_context(cast(Any, council_rc())):
        yield


def apply_style() -> None:
    """Apply the council style globally (e.g. at the top of a notebook)."""
    mpl.rcParams.update(cast(Any, council_rc()))


def colour_for(name: str, mapping: Mapping[str, str], position: int) -> str:
    """Return the fixed colour of ``name``, or a palette colour by ``position`` if it has none."""
    return mapping.get(name, FALLBACK_COLOURS[position % len(FALLBACK_COLOURS)])


def slug(text: str) -> str:
    """Return an ASCII file stem for ``text``: ``'Søndre Østfold' -> 'sondre_ostfold'``."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
    cleaned = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in text.translate(table))
    return "_".join(part for part in cleaned.lower().split("_") if part) or "figur"

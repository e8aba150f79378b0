"""Lighter font subsets in the council PDFs: the OpenType layout tables are left out.

matplotlib embeds each font of a PDF as a TrueType subset made by fontTools
(``matplotlib.backends._backend_pdf_ps.get_glyphs_subset``). fontTools then reads and prunes the
font's layout tables (GSUB, GPOS, GDEF and friends) as well, which is about half of the time a
PDF takes: 0,2 s against 0,11 s per PDF with two fonts, and a council figure has two or three.

A PDF never uses those tables. The page says which glyph goes where, with matplotlib's own
kerning already applied, so a viewer only draws glyph outlines (``glyf``) at the positions it is
given. Leaving the tables out therefore changes the PDF's bytes but not one pixel of the page
(``tests/figures/test_pdf_fonts.py`` renders both with ``pdftoppm`` and compares them).

The change is made by handing matplotlib's subsetting step a ``subset`` namespace whose
``Options`` also drop the layout tables; the rest of that step is matplotlib's own. When
matplotlib no longer subsets this way (a new version), nothing is changed.
"""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

#: The OpenType layout tables: glyph substitution and positioning, used by text shapers and
#: never by a PDF viewer.
LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH")


def _options_class() -> type:
    from fontTools import subset

    base: Any = subset.Options

    class LayoutFreeOptions(base):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.drop_tables: list[str] = [*self.drop_tables, *LAYOUT_TABLES]

    return LayoutFreeOptions


def _layout_free_font(load_font: Any) -> Any:
    """Wrap fontTools' ``load_font`` so that the font comes without its layout tables.

    They would be dropped by the subsetter anyway, but only after fontTools has read and
    converted them for its layout algorithms (a third of a subset's time). The font is read
    lazily, so deleting a table costs nothing. The legacy ``kern`` table goes too where the
    subsetter would drop it (the font has ``GPOS``, and ``legacy_kern`` is off), so the subset is
    the same byte for byte (``tests/figures/test_pdf_fonts.py``).
    """

    def load(font_file: Any, options: Any, *args: Any, **kwargs: Any) -> Any:
        font = load_font(font_file, options, *args, **kwargs)
        if "GPOS" in font and "kern" in font and not getattr(options, "legacy_kern", False):
            del font["kern"]
        for tag in LAYOUT_TABLES:
            if tag in font:
                del font[tag]
        return font

    return load


def use_layout_free_subsets() -> bool:
    """Make matplotlib's PDF font subsets leave out the layout tables; return whether it could.

    Idempotent. Only matplotlib's PDF/PS subsetting step sees the change, not fontTools itself.
    """
    from matplotlib.backends import _backend_pdf_ps as pdf_ps

    subset: Any = importlib.import_module("fontTools.subset")

    current = getattr(pdf_ps, "subset", None)
    if isinstance(current, SimpleNamespace) and getattr(current, "naering", False):
        return True
    if id(current) != id(subset) or not callable(getattr(pdf_ps, "get_glyphs_subset", None)):
        return False
    pdf_ps.subset = SimpleNamespace(
        Options=_options_class(),
        Subsetter=subset.Subsetter,
        load_font=_layout_free_font(subset.load_font),
        naering=True,
    )
    return True

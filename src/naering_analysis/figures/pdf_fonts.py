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

from types import SimpleNamespace
from typing import Any

#: The OpenType layout tables: glyph substitution and positioning, used by text shapers and
#: never by a PDF viewer.
LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH")


def _options_class() -> type:
    from fontTools import subset

    class LayoutFreeOptions(subset.Options):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.drop_tables = [*self.drop_tables, *LAYOUT_TABLES]

    return LayoutFreeOptions


def use_layout_free_subsets() -> bool:
    """Make matplotlib's PDF font subsets leave out the layout tables; return whether it could.

    Idempotent. Only matplotlib's PDF/PS subsetting step sees the change, not fontTools itself.
    """
    from fontTools import subset
    from matplotlib.backends import _backend_pdf_ps as pdf_ps

    current = getattr(pdf_ps, "subset", None)
    if isinstance(current, SimpleNamespace) and getattr(current, "naering", False):
        return True
    if current is not subset or not callable(getattr(pdf_ps, "get_glyphs_subset", None)):
        return False
    pdf_ps.subset = SimpleNamespace(  # type: ignore[attr-defined]
        Options=_options_class(),
        Subsetter=subset.Subsetter,
        load_font=subset.load_font,
        naering=True,
    )
    return True

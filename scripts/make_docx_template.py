"""Regenerate the Word template the council attachment is styled from (``data/docx/mal.docx``).

The template is python-docx's own default document with the house look: A4 with 2,5 cm margins
(16 cm of text width, the width the council figures are drawn for), Arial (Liberation Sans where
Arial is missing, same metrics), Norwegian bokmål as the proofing language, and the styles the
attachment uses (``Normal``, ``Title``, ``Heading 1``, ``Heading 2``, ``Caption``, ``List Bullet``).
A municipality's own template replaces it with ``naering report --docx-mal FIL``.

Run after changing the look: ``.venv/bin/python scripts/make_docx_template.py``. The output is
the same byte for byte on every run (fixed core properties and zip timestamps).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.oxml.shared import OxmlElement
from docx.shared import Cm, Pt, RGBColor

from naering_analysis.atomic import atomic_write_bytes
from naering_analysis.report.word.package import deterministic_zip

OUT = (
    Path(__file__).resolve().parents[1] / "src" / "naering_analysis" / "data" / "docx" / "mal.docx"
)
FONT = "Arial"
DARK = RGBColor(0x1A, 0x1A, 0x1A)
BLUE = RGBColor(0x00, 0x3F, 0x72)


def _language(style_element: object) -> None:
    """Set the style's proofing language to Norwegian bokmål."""
    rpr = style_element.get_or_add_rPr()  # type: ignore[attr-defined]
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "nb-NO")


def main() -> None:
    """Write the template."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    looks = {
        "Normal": (11, False, DARK),
        "Title": (26, True, BLUE),
        "Subtitle": (14, False, DARK),
        "Heading 1": (16, True, BLUE),
        "Heading 2": (13, True, BLUE),
        "Caption": (9.5, True, DARK),
        "List Bullet": (11, False, DARK),
    }
    for name, (size, bold, colour) in looks.items():
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = colour
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), FONT)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            rfonts.attrib.pop(qn(attr), None)
        _language(style.element)
    document.styles["Normal"].paragraph_format.space_after = Pt(6)
    document.styles["Caption"].paragraph_format.space_before = Pt(4)
    document.styles["Caption"].paragraph_format.space_after = Pt(10)
    properties = document.core_properties
    properties.author = properties.last_modified_by = "naering-analysis"
    properties.title = "Kunnskapsgrunnlag"
    properties.created = properties.modified = datetime(2026, 1, 1, tzinfo=UTC)
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    atomic_write_bytes(OUT, deterministic_zip(buffer.getvalue(), datetime(2026, 1, 1)))
    print(f"skrev {OUT}")


if __name__ == "__main__":
    main()

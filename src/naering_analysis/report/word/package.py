"""The Word file as a zip, and the few pieces of WordprocessingML python-docx has no API for.

Kept apart from the layout so :mod:`.build` reads as the document's outline.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shared import OxmlElement
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph


def deterministic_zip(data: bytes, when: datetime) -> bytes:
    """Return the zip ``data`` rewritten with every entry dated ``when``, in the same order.

    python-docx stamps each entry with the time of saving; with a fixed date the same report
    folder gives the same ``.docx`` byte for byte.
    """
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            # pictures are compressed already: storing them saves a second of deflating
            media = item.filename.startswith("word/media/")
            info.compress_type = zipfile.ZIP_STORED if media else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename), compresslevel=6)
    return out.getvalue()


def table_xml(
    header: Sequence[str],
    rows: Sequence[Sequence[tuple[str, bool]]],
    widths_twips: Sequence[int],
    right: Sequence[bool],
    size_pt: float,
) -> BaseOxmlElement:
    """Return a ``w:tbl`` element: header row repeated on every page, rows never split.

    Thin grey lines above, below and between rows (set on the table itself, so a
    municipality's template need not define a table style); fixed column widths; a cell whose
    column is ``right`` is right-aligned. Built as one piece of XML: cell by cell through
    python-docx takes a second for the report's tables.
    """
    half_points = round(size_pt * 2)
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="999999"/>'
        for side, size in (("top", 8), ("bottom", 8), ("insideH", 4))
    )
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths_twips)

    def row_xml(cells: Sequence[tuple[str, bool]], header_row: bool) -> str:
        row_pr = "<w:cantSplit/>" + ("<w:tblHeader/>" if header_row else "")
        parts = [f"<w:tr><w:trPr>{row_pr}</w:trPr>"]
        for i, width in enumerate(widths_twips):
            text, _is_number = cells[i] if i < len(cells) else ("", False)
            align = '<w:jc w:val="right"/>' if right[i] else ""
            bold = "<w:b/>" if header_row else ""
            parts.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
                f'<w:spacing w:before="0" w:after="0"/>{align}</w:pPr><w:r><w:rPr>{bold}'
                f'<w:sz w:val="{half_points}"/></w:rPr><w:t xml:space="preserve">{escape(text)}'
                "</w:t></w:r></w:p></w:tc>"
            )
        parts.append("</w:tr>")
        return "".join(parts)

    body = [row_xml([(h, False) for h in header], True)] + [row_xml(r, False) for r in rows]
    return parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="0" w:type="auto"/>'
        f'<w:jc w:val="left"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(body)}</w:tbl>"
    )


def numbered_caption(paragraph: Paragraph, kind: str, number: int, text: str) -> None:
    """Fill a caption paragraph with ``<kind> <number>: <text>``, the number a SEQ field.

    Word renumbers the field (and lists it in a table of figures); the stored result is the
    number itself, so every reader shows the right one before any update.
    """
    paragraph.add_run(f"{kind} ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" SEQ {kind} \\* ARABIC ")
    run = OxmlElement("w:r")
    run_text = OxmlElement("w:t")
    run_text.text = str(number)
    run.append(run_text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.add_run(f": {text}")

"""The Word file as a zip, and the few pieces of WordprocessingML python-docx has no API for.

Kept apart from the layout so :mod:`.build` reads as the document's outline.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx.oxml.ns import qn
from docx.oxml.shared import OxmlElement
from docx.table import Table, _Row
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
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def _on(parent: OxmlElement, tag: str) -> OxmlElement:
    """Append an empty ``tag`` element set to on (``w:val="true"``) to ``parent``."""
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    parent.append(element)
    return element


def repeat_as_header(row: _Row) -> None:
    """Mark ``row`` as a header row: Word and LibreOffice repeat it on every page the table spans."""
    _on(row._tr.get_or_add_trPr(), "w:tblHeader")


def keep_row_together(row: _Row) -> None:
    """Never split ``row`` itself across two pages."""
    _on(row._tr.get_or_add_trPr(), "w:cantSplit")


def rule_lines(table: Table) -> None:
    """Give ``table`` thin grey lines between rows and a line above and below, no vertical lines.

    Set on the table itself, so a municipality's template need not define a table style.
    """
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side, size in (("top", 8), ("bottom", 8), ("insideH", 4)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "0")
        edge.set(qn("w:color"), "999999")
        borders.append(edge)
    tbl_pr.append(borders)


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

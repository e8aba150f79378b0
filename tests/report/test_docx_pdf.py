"""kunnskapsgrunnlag.docx as a council member meets it: opened in LibreOffice and printed to PDF.

The conversion runs once per session (``docx_pdf``; skipped with one line where LibreOffice
cannot be installed, failed under ``CI=true``). A picture of page 1 is kept in the test's report
folder as ``kunnskapsgrunnlag_side1.png``.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from naering_analysis.report.nb import DEMO_TEXT
from tests.report.docx_folder import FIGURES, LONG_ROWS, docx_folder, docx_pdf

__all__ = ["docx_folder", "docx_pdf"]  # the session fixtures, imported so pytest finds them here

ROW = re.compile(r"^\s*Kommune \d\d\s")  # a body row of the long table, not its header


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def page_text(pdf: Path, page: int) -> str:
    command = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_pdf_has_the_pages_and_every_figure(docx_pdf: Path) -> None:
    # title page, summary, four figures at about two a page, the 70-row table over two pages or
    # more, the appendix: at least six pages; far more would mean a layout gone wrong
    pages = page_count(docx_pdf)
    assert 6 <= pages <= 14, pages
    listing = subprocess.run(
        ["pdfimages", "-list", str(docx_pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    images = [row for row in listing if row.split()[2] == "image"]
    assert len(images) == len(FIGURES)
    text = "\n".join(page_text(docx_pdf, p) for p in range(1, pages + 1))
    for number, (title, _alt) in enumerate(FIGURES.values(), start=1):
        assert f"Figur {number}: {title}" in text


def test_a_table_that_runs_over_pages_repeats_its_header(docx_pdf: Path) -> None:
    rows_on: dict[int, list[str]] = {}
    for page in range(1, page_count(docx_pdf) + 1):
        lines = page_text(docx_pdf, page).splitlines()
        rows_on[page] = [x for x in lines if ROW.match(x)]
    spans = [page for page, rows in rows_on.items() if rows]
    assert len(spans) >= 2, "the 70-row table should run over at least two pages"
    assert sum(len(rows_on[p]) for p in spans) == LONG_ROWS
    for page in spans:
        lines = page_text(docx_pdf, page).splitlines()
        first_row = next(i for i, x in enumerate(lines) if ROW.match(x))
        # the lines right above the first row are the header (its second column wraps)
        above = " ".join(" ".join(x.split()) for x in lines[:first_row] if x.strip())
        assert above.endswith("Kommune Arbeidsplasser 2025"), f"no header on page {page}"


def test_first_page_carries_the_demo_mark_and_is_kept_as_a_picture(
    docx_pdf: Path, docx_folder: Path
) -> None:
    first = " ".join(page_text(docx_pdf, 1).split())
    assert DEMO_TEXT in first
    assert "Kunnskapsgrunnlag: arbeidsplassvekst i Prøvdal" in first
    assert "Sammendrag" not in first  # the title page stands alone
    picture = docx_folder / "kunnskapsgrunnlag_side1"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(docx_pdf),
            str(picture),
        ],
        check=True,
    )
    png = picture.with_suffix(".png")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert abs(height / width - 29.7 / 21.0) < 0.01  # an A4 page, upright

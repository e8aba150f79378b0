"""What a finished report folder holds, read back for its front page.

The figures in ``figurer/`` (title from the PNG's metadata, alt text, the files next to each),
the tables in ``tabeller/`` (read from the xlsx, each cell in Norwegian number format as its
Excel format code says), and the notebooks' HTML with the title of each notebook.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from naering_analysis.numfmt import fmt_int, fmt_num, fmt_pct, fmt_pct_points

FIGURE_DIR, TABLE_DIR = "figurer", "tabeller"
MONTHS = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
_DECIMALS = re.compile(r"\.(0+)")
_FIGURE_FILES = (("png", "PNG"), ("svg", "SVG"), ("pdf", "PDF"), ("csv", "Tall (CSV)"))


@dataclass(frozen=True)
class FigureEntry:
    """A council figure in the report folder: its title, alt text and files (relative links)."""

    stem: str
    title: str
    alt: str
    files: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class TableEntry:
    """A council table read back from its xlsx: title, source, header and formatted rows."""

    stem: str
    title: str
    source: str
    header: tuple[str, ...]
    rows: tuple[tuple[tuple[str, bool], ...], ...]
    """Each cell as (text, is_number)."""
    files: tuple[tuple[str, str], ...]


def report_date(folder: Path) -> str:
    r"""Return the report folder's date in Norwegian (``reports/2026-11-28`` → ``28. november 2026``).

    A no-break space keeps the day with its month when a title wraps.

    >>> report_date(Path("reports/2026-11-28-2"))
    '28.\xa0november 2026'
    """
    try:
        day = date.fromisoformat(folder.name[:10])
    except ValueError:
        return folder.name
    return f"{day.day}.\N{NO-BREAK SPACE}{MONTHS[day.month - 1]} {day.year}"


def _figure_title(png: Path) -> str:
    """Return the title matplotlib stored in the PNG's metadata, or the file stem."""
    from PIL import Image

    with Image.open(png) as image:
        return str(image.info.get("Title") or png.stem)


def collect_figures(folder: Path) -> list[FigureEntry]:
    """Return the figures in ``folder/figurer`` in their numbered order."""
    found = []
    for png in sorted((folder / FIGURE_DIR).glob("*.png")):
        alt_file = png.with_name(f"{png.stem}.alt.txt")
        alt = alt_file.read_text("utf-8").strip() if alt_file.is_file() else ""
        files = tuple(
            (f"{FIGURE_DIR}/{png.stem}.{ext}", label)
            for ext, label in _FIGURE_FILES
            if png.with_suffix(f".{ext}").is_file()
        )
        found.append(FigureEntry(png.stem, _figure_title(png), alt, files))
    return found


def cell_text(value: Any, number_format: str) -> tuple[str, bool]:
    r"""Return an xlsx cell as Norwegian text, and whether it is a number.

    The Excel format code decides: ``0.0%`` per cent of a fraction, ``#,##0`` whole numbers,
    ``#,##0.0`` one decimal, ``0.0" pp"`` percentage points, ``0`` a year.

    >>> cell_text(0.218, "0.0%"), cell_text(32378.2, "#,##0"), cell_text(2030, "0")
    (('21,8\xa0%', True), ('32\xa0378', True), ('2030', True))
    """
    if value is None:
        return "", False
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value), False
    match = _DECIMALS.search(number_format)
    decimals = len(match.group(1)) if match else 0
    if number_format.endswith("%"):
        return fmt_pct(value, decimals), True
    if "pp" in number_format:
        return fmt_pct_points(value, decimals), True
    if number_format == "0":
        return str(round(value)), True
    if number_format.startswith("#,##0"):
        return (fmt_num(value, decimals) if decimals else fmt_int(value)), True
    return (fmt_int(value) if float(value).is_integer() else fmt_num(value, 2)), True


def _read_table(xlsx: Path) -> tuple[str, str, tuple[str, ...], list[tuple[tuple[str, bool], ...]]]:
    """Read a council xlsx: title (A1), source (A2), then the header after the first empty row."""
    from openpyxl import load_workbook

    book = load_workbook(xlsx, read_only=True)
    try:
        sheet = book.worksheets[0]
        rows = [[(c.value, c.number_format) for c in row] for row in sheet.iter_rows()]
    finally:
        book.close()
    blank = next(i for i, row in enumerate(rows) if all(v is None for v, _ in row))
    header = tuple(str(v) for v, _ in rows[blank + 1] if v is not None)
    body = [tuple(cell_text(v, f) for v, f in row[: len(header)]) for row in rows[blank + 2 :]]
    return str(rows[0][0][0] or xlsx.stem), str(rows[1][0][0] or ""), header, body


def collect_tables(folder: Path) -> list[TableEntry]:
    """Return the tables in ``folder/tabeller`` read back from their xlsx files."""
    found = []
    for xlsx in sorted((folder / TABLE_DIR).glob("*.xlsx")):
        title, source, header, rows = _read_table(xlsx)
        files = [(f"{TABLE_DIR}/{xlsx.name}", "Excel (xlsx)")]
        if xlsx.with_suffix(".csv").is_file():
            files.append((f"{TABLE_DIR}/{xlsx.stem}.csv", "CSV"))
        found.append(TableEntry(xlsx.stem, title, source, header, tuple(rows), tuple(files)))
    return found


def collect_notebooks(folder: Path) -> list[tuple[str, str]]:
    """Return (link, title) for each notebook's HTML, the title from its first heading."""
    found = []
    for html_file in sorted(folder.glob("[0-9][0-9]_*.html")):
        title = html_file.stem
        executed = html_file.with_suffix(".ipynb")
        if executed.is_file():
            cells = json.loads(executed.read_text("utf-8")).get("cells", [])
            for cell in cells:
                text = "".join(cell.get("source", ""))
                if cell.get("cell_type") == "markdown" and text.startswith("# "):
                    title = text.splitlines()[0][2:].strip()
                    break
        found.append((html_file.name, title))
    return found

"""Table export for council documents: a formatted xlsx and a Norwegian-Excel CSV.

The xlsx has a title row, a source row, for synthetic data a red demo-mark row, then a bold
header row (the frame's column names as given, so pass Norwegian headers) and the data.

Excel number formats are written with the *invariant* format codes (``#,##0``, ``0.0%``):
Excel stores them locale-free and shows them with the reader's separators, so Norwegian Excel
displays ``29 399`` and ``1,5 %``. Writing ``# ##0`` would instead be read as a literal space.
Percent formats expect fractions in the cells (0.015 → ``1,5 %``).

The CSV uses ``;`` as separator, a decimal comma and UTF-8 with a byte-order mark
(``utf-8-sig``): that is what Norwegian Excel opens correctly by double-click. Synthetic data gets
a ``Merknad`` column on every row. All files are written atomically (temporary file in the same
folder, then ``os.replace``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from io import BytesIO
from pathlib import Path
from typing import Any

import pandas as pd

from naering_analysis.atomic import atomic_write_bytes
from naering_analysis.errors import SchemaError
from naering_analysis.figures.style import PARTLY_SYNTHETIC_MARK, SYNTHETIC_MARK
from naering_analysis.numfmt import is_missing
from naering_analysis.reference.sources import data_basis, source_line

FMT_INT = "#,##0"
FMT_DEC1 = "#,##0.0"
FMT_PCT1 = "0.0%"
FMT_PP1 = '0.0" pp"'
FMT_YEAR = "0"
YEAR_COLUMNS = frozenset({"year", "År", "år", "start_year", "end_year", "Startår", "Sluttår"})
MARK_COLUMN = "Merknad"
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_MAX_WIDTH = 60


def check_name(name: str) -> str:
    """Return ``name`` if it is a safe file stem (ASCII letters, digits, ``_ . -``), else raise."""
    if not _NAME_RE.match(name):
        msg = (
            f"Name {name!r} is not a safe file name; "
            "use ASCII letters, digits, '_', '.' and '-' (e.g. 'arbeidsplasser_sarpsborg')."
        )
        raise ValueError(msg)
    return name


def csv_bytes(frame: pd.DataFrame, synthetic: bool, mark: str = SYNTHETIC_MARK) -> bytes:
    """Return ``frame`` as CSV bytes for Norwegian Excel (``;``, decimal comma, ``utf-8-sig``).

    Floats keep 10 significant digits, which hides binary noise such as ``0,30000000000000004``.
    """
    out = frame.copy()
    if synthetic:
        out[MARK_COLUMN] = mark
    text = out.to_csv(sep=";", decimal=",", index=False, float_format="%.10g")
    return text.encode("utf-8-sig")


def default_number_format(column: str, series: pd.Series) -> str | None:
    """Return the Excel format for ``column``: years ``0``, integers ``#,##0``, floats ``#,##0.0``."""
    if column in YEAR_COLUMNS:
        return FMT_YEAR
    if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
        return None
    return FMT_INT if pd.api.types.is_integer_dtype(series) else FMT_DEC1


def _cell_value(value: Any) -> Any:
    """Convert a pandas/numpy scalar to what openpyxl writes; missing values become empty cells."""
    if is_missing(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _resolve_source(sources: Sequence[Mapping[str, Any]] | str) -> tuple[str, bool, str]:
    """Return the source line, whether any provenance is synthetic, and the mark to show.

    The mark is :data:`PARTLY_SYNTHETIC_MARK` when the table rests on real and synthetic
    snapshots together (real 11618 with demo 13470), else :data:`SYNTHETIC_MARK`.
    """
    if isinstance(sources, str):
        if not sources.strip():
            raise SchemaError("export_table: sources is empty; pass df.attrs['provenance'].")
        return sources, False, SYNTHETIC_MARK
    basis = data_basis(sources)
    mark = PARTLY_SYNTHETIC_MARK if basis == "mixed" else SYNTHETIC_MARK
    return source_line(sources), basis != "real", mark


def workbook_bytes(
    frame: pd.DataFrame,
    title: str,
    source: str,
    synthetic: bool,
    formats: Mapping[str, str | None],
    mark: str = SYNTHETIC_MARK,
) -> bytes:
    """Build the formatted xlsx for :func:`export_table` and return its bytes."""
    # openpyxl is imported here, not at the top: it costs 0,7 s, and most of the report's
    # processes (every notebook kernel) never write a workbook.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None  # a new workbook always has one sheet
    ws.title = "Tabell"
    wb.properties.title = title
    wb.properties.creator = "naering_analysis"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([source])
    ws["A2"].font = Font(italic=True, color="4D4D4D")
    if synthetic:
        ws.append([mark])
        ws["A3"].font = Font(bold=True, color="D55E00")
    ws.append([])
    ws.append([str(c) for c in frame.columns])
    header_row = ws.max_row  # read after appending: an empty row does not count in max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.border = Border(bottom=Side(style="thin"))
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
    for row in frame.itertuples(index=False, name=None):
        ws.append([_cell_value(v) for v in row])
    for position, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(position)
        code = formats.get(str(column))
        values = [str(column)] + [str(v) for v in frame[column].tolist() if not is_missing(v)]
        ws.column_dimensions[letter].width = min(max(len(v) for v in values) + 3, _MAX_WIDTH)
        if code:
            for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=position, max_col=position):
                cell.number_format = code
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def export_table(
    frame: pd.DataFrame,
    outdir: Path | str,
    name: str,
    title: str,
    sources: Sequence[Mapping[str, Any]] | str,
    synthetic: bool,
    number_formats: Mapping[str, str] | None = None,
) -> dict[str, Path]:
    """Write ``<name>.xlsx`` and ``<name>.csv`` to ``outdir``; return them keyed ``xlsx``/``csv``.

    ``sources`` are provenance dicts (turned into the line "Kilde: SSB, tabell …") or a ready
    source line. ``synthetic`` is combined with ``frame.attrs['synthetic']`` and the provenance:
    any of them marks the table as illustration data. ``number_formats`` maps column names to
    Excel format codes (e.g. :data:`FMT_PCT1` ``"0.0%"`` for a column of fractions) and overrides
    :func:`default_number_format`.
    """
    stem = check_name(name)
    unknown = sorted(set(number_formats or {}) - {str(c) for c in frame.columns})
    if unknown:
        msg = (
            f"export_table({name!r}): number_formats names columns {unknown} that the table does not have; "
            f"its columns are {[str(c) for c in frame.columns]}."
        )
        raise SchemaError(msg)
    source, from_sources, mark = _resolve_source(sources)
    is_synthetic = bool(synthetic) or from_sources or bool(frame.attrs.get("synthetic", False))
    formats: dict[str, str | None] = {
        str(c): default_number_format(str(c), frame[c]) for c in frame.columns
    }
    formats.update(number_formats or {})
    folder = Path(outdir)
    xlsx = workbook_bytes(frame, title, source, is_synthetic, formats, mark)
    return {
        "xlsx": atomic_write_bytes(folder / f"{stem}.xlsx", xlsx),
        "csv": atomic_write_bytes(folder / f"{stem}.csv", csv_bytes(frame, is_synthetic, mark)),
    }

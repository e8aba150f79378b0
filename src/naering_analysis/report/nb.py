"""Small helpers that keep the notebooks thin: set-up, the demo banner and output folders."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from pandas.io.formats.style import Styler

from naering_analysis.config import paths
from naering_analysis.numfmt import fmt_num
from naering_analysis.reference.sources import source_line
from naering_analysis.report.coverage import Omissions
from naering_analysis.report.suppressed import filled_note

if TYPE_CHECKING:
    from naering_analysis.report.inputs import Inputs

DEMO_TEXT = "Illustrasjonsdata – ikke offisielle tall"


def setup() -> None:
    """Apply the council figure style and Norwegian number display in pandas tables."""
    from naering_analysis.figures.style import apply_style

    apply_style()
    pd.set_option("display.float_format", lambda x: fmt_num(x, 2))
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 160)


def banner_html(synthetic: bool) -> str:
    """Return the HTML banner shown at the top of every notebook; empty for real SSB data."""
    if not synthetic:
        return ""
    return (
        '<div style="border:3px solid #D55E00;background:#FFF3E0;padding:10px 14px;'
        'font-size:1.15em;margin:6px 0"><strong>⚠ '
        f"{DEMO_TEXT}.</strong> Tallene er syntetiske demodata laget for å vise verktøyet. "
        "Kjør <code>naering fetch</code> på en maskin med internett for å hente ekte tall fra "
        "SSB.</div>"
    )


def real_note_html(provenance: list[dict[str, Any]]) -> str:
    """Return the note a notebook shows when its figures are real: which tables, and from where.

    >>> real_note_html([{"table": "03321", "synthetic": False, "fetched_at": "2023-09-29",
    ...     "origin": {"repository": "statisticsnorway/pendling", "commit": "b3d3448c"}}])
    '<div style="border:1px solid #009E73;padding:6px 12px;margin:6px 0"><strong>Ekte SSB-tall.</strong> Kilde: SSB, tabell 03321 (omregnet fra statisticsnorway/pendling b3d3448)</div>'
    """
    line = escape(source_line(provenance)).removeprefix("Kilde: ")
    return (
        '<div style="border:1px solid #009E73;padding:6px 12px;margin:6px 0">'
        f"<strong>Ekte SSB-tall.</strong> Kilde: {line}</div>"
    )


def show_banner(frame: pd.DataFrame) -> None:
    """Display the demo banner when ``frame`` is synthetic, else a note naming its real source.

    Every notebook page then says which it is, also one built only from real tables (notebook
    07 on the converted 03321).
    """
    from IPython.display import HTML, display

    synthetic = bool(frame.attrs.get("synthetic"))
    html = banner_html(synthetic) or real_note_html(list(frame.attrs.get("provenance", [])))
    display(HTML(html))


@dataclass(frozen=True)
class OutputDirs:
    """Where a notebook writes figures and tables."""

    root: Path
    figures: Path
    tables: Path


def output_dirs(output_dir: str | Path | None) -> OutputDirs:
    """Return (and create) ``figurer/`` and ``tabeller/`` below the report folder.

    ``output_dir`` is set by ``naering report``; interactively it defaults to
    ``reports/notatbok/`` so exports never land among the source files.
    """
    root = Path(output_dir) if output_dir else paths().reports / "notatbok"
    out = OutputDirs(root, root / "figurer", root / "tabeller")
    out.figures.mkdir(parents=True, exist_ok=True)
    out.tables.mkdir(parents=True, exist_ok=True)
    return out


def omissions(notebook: str, output_dir: str | Path | None) -> Omissions:
    """Return the record of the sections ``notebook`` leaves out (:mod:`.coverage`).

    It is kept in ``utelatt/`` below the report folder (``reports/notatbok/`` interactively).
    """
    root = Path(output_dir) if output_dir else paths().reports / "notatbok"
    return Omissions(notebook, root)


def show_filled(inputs: Inputs) -> None:
    """Display the note on suppressed 13470 cells filled from SSB's total (none: nothing shown)."""
    note = filled_note(inputs.panel, inputs.region_name)
    if note:
        show_markdown(f"**Merk:** {note}")


def show(cf: object, width: str = "full") -> None:
    """Display a council figure in the notebook exactly as it will be exported (PNG, screen dpi)."""
    from IPython.display import Image, display

    from naering_analysis.figures.export import CouncilFigure, render

    if not isinstance(cf, CouncilFigure):
        raise TypeError(f"nb.show tar en CouncilFigure, ikke {type(cf).__name__}.")
    display(Image(data=render(cf, "png", width="half" if width == "half" else "full", dpi=110)))


def show_markdown(text: str) -> None:
    """Display Markdown text (for Norwegian tables and summaries made by the library)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def table(
    frame: pd.DataFrame,
    columns: dict[str, str] | None = None,
    *,
    ints: tuple[str, ...] = (),
    pct: tuple[str, ...] = (),
    pct_points: tuple[str, ...] = (),
    decimals: tuple[str, ...] = (),
) -> Styler:
    r"""Return ``frame`` for display: Norwegian headers, Norwegian number text, no row numbers.

    ``columns`` maps the columns to show (in order) to their Norwegian headers; without it the
    frame's own (already Norwegian) headers are kept. Columns named in
    ``ints`` are shown as ``29 399``, in ``pct`` as fractions ``0.015`` → ``1,5 %``, in
    ``pct_points`` as values already in percent (``1.5`` → ``1,5 %``), in ``decimals`` with two
    decimals. The result is a pandas ``Styler`` with the index hidden, so the notebook pages
    show the table as the xlsx file does (no column of 0, 1, 2, …); ``.data`` is the text
    frame. The numbers behind the table are unchanged; this is for reading only.

    >>> shown = table(pd.DataFrame({"jobs": [29399.0], "rate": [0.015]}),
    ...               {"jobs": "Arbeidsplasser", "rate": "Vekst"}, ints=("jobs",), pct=("rate",))
    >>> shown.data.iloc[0].tolist()
    ['29\xa0399', '1,5\xa0%']
    >>> "<th" in shown.to_html() and ">0</th>" not in shown.to_html()
    True
    """
    from naering_analysis.numfmt import fmt_int, fmt_pct

    columns = columns if columns is not None else {str(c): str(c) for c in frame.columns}
    out = frame.loc[:, list(columns)].copy()
    for col in ints:
        out[col] = out[col].map(fmt_int)
    for col in pct:
        out[col] = out[col].map(lambda v: fmt_pct(v, 1))
    for col in pct_points:
        out[col] = out[col].map(lambda v: fmt_pct(v / 100, 1))
    for col in decimals:
        out[col] = out[col].map(lambda v: fmt_num(v, 2))
    out = out.rename(columns=columns).reset_index(drop=True)
    out.columns.name = None
    # A stable id from the content keeps the HTML deterministic and unique per table.
    digest = hashlib.sha1(out.to_csv().encode("utf-8")).hexdigest()[:10]
    return out.style.hide(axis="index").set_uuid(f"t{digest}")

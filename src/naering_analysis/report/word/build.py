"""``kunnskapsgrunnlag.docx``: the council's Word attachment, built from a finished report folder.

Nothing is computed again: the figures are the PNGs in ``figurer/`` (300 dpi, with their alt
text from ``.alt.txt`` as the image description screen readers read), the tables are read back
from their xlsx (:mod:`..contents`), the summary is ``sammendrag.md`` and the title page takes
the region, source and demo status from ``nokkeltall.json``. Layout:

1. title page: title, the goal, the report date, the data source and its status (the demo mark
   when the data are synthetic);
2. the summary (and the changes since last year's report, after a rollover);
3. one section per analysis (:mod:`.sections`): each figure with a numbered caption and its
   source line under it, each table as a Word table (header row repeated on every page,
   numbers right-aligned in Norwegian format) with a numbered caption above and the source
   under;
4. the method appendix (``data/docx/metode_vedlegg.md``, an excerpt of ``docs/metode.md``).

The same folder gives the same file byte for byte: the core properties are dated from the
report date, and so are the zip entries.
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Emu, Pt, RGBColor

from naering_analysis.atomic import atomic_write_bytes
from naering_analysis.numfmt import fmt_pct
from naering_analysis.report.contents import (
    FIGURE_DIR,
    FigureEntry,
    TableEntry,
    collect_figures,
    collect_tables,
    report_date,
)
from naering_analysis.report.nb import DEMO_TEXT
from naering_analysis.report.word.markdown import add_markdown
from naering_analysis.report.word.package import deterministic_zip, numbered_caption, table_xml
from naering_analysis.report.word.sections import fill, load_sections
from naering_analysis.report.word.template import StyleBook, open_template

DOCX = "kunnskapsgrunnlag.docx"
DEMO_COLOUR = RGBColor(0xB3, 0x4A, 0x00)  # the demo mark's orange, dark enough for text
MUTED = RGBColor(0x4D, 0x4D, 0x4D)
_SOURCE_COMMENT = re.compile(r'id="council-source">\s*<!--\s*(.*?)\s*-->', re.DOTALL)


def figure_source(folder: Path, entry: FigureEntry) -> str:
    """Return the source line drawn under a figure, read from its SVG; empty when not found.

    matplotlib writes each text it draws as paths with the text itself in a comment; the source
    line is the group ``council-source`` (``figures.export``).
    """
    svg = folder / FIGURE_DIR / f"{entry.stem}.svg"
    if not svg.is_file():
        return ""
    match = _SOURCE_COMMENT.search(svg.read_text("utf-8"))
    return match.group(1).strip() if match else ""


def _report_day(folder: Path, meta: dict[str, Any]) -> date:
    """Return the report's date: from the folder name, else from when the key figures were made."""
    for text in (folder.name[:10], str(meta.get("generated_at", ""))[:10]):
        try:
            return date.fromisoformat(text)
        except ValueError:
            continue
    return date(1980, 1, 1)


def _small(paragraph: Any, text: str, *, colour: RGBColor = MUTED, size: float = 9) -> None:
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.color.rgb = colour


def column_weights(header: list[str], rows: list[list[tuple[str, bool]]]) -> list[int]:
    """Return how wide each column should be, in characters: what it needs not to break badly.

    A number never wraps, so its whole text counts; text wraps between words, so its longest
    word counts, and up to 24 characters of the whole text so short labels stay on one line.

    >>> column_weights(["Bransje", "2025"], [[("Grønn industri", False), ("3 632", True)]])
    [14, 5]
    """
    weights = []
    for i, title in enumerate(header):
        need = max((len(word) for word in title.split()), default=1)
        for row in rows:
            text, is_number = row[i] if i < len(row) else ("", False)
            if is_number:
                need = max(need, len(text))
            else:
                longest = max((len(word) for word in text.split()), default=0)
                need = max(need, longest, min(len(text), 24))
        weights.append(max(need, 2))
    return weights


#: Width of a character at 1 pt in the table font (digits and average letters in Arial), and the
#: room a cell's margins take.
_CHAR_PER_PT, _CELL_PADDING = Emu(7300), Cm(0.45)


def column_widths(
    weights: list[int], numeric: list[bool], text_width: int, size: float, floors: list[int]
) -> list[Emu]:
    """Share ``text_width`` (EMU) between columns: numbers get what they need, text the rest.

    A number column is as wide as its widest number or header word (``weights``, characters at
    ``size`` points, plus cell margins), so neither wraps; the text columns share what is left
    in proportion to their weights. When that does not fit, every column gets its floor
    (``floors``: the widest number, or up to ten characters of text) and the rest is shared in
    proportion to the weights, so numbers still never wrap while long headers may. By hand:
    5 digits at 9 pt are 5 · 9 · 7 300 + 162 000 = 490 500 EMU = 1,36 cm, and the text column
    gets the rest of 16 cm.

    >>> [round(w / 360000, 2) for w in column_widths([10, 5], [False, True], Cm(16), 9, [10, 5])]
    [14.64, 1.36]
    """

    def emu(chars: int) -> int:
        return int(chars * size * _CHAR_PER_PT + _CELL_PADDING)

    need = [emu(w) for w in weights]
    fixed = sum(n for n, is_number in zip(need, numeric, strict=True) if is_number)
    text_weight = sum(w for w, is_number in zip(weights, numeric, strict=True) if not is_number)
    text_floor = sum(emu(f) for f, is_number in zip(floors, numeric, strict=True) if not is_number)
    if fixed + text_floor <= text_width and text_weight:
        rest = text_width - fixed
        return [
            Emu(n if is_number else rest * w // text_weight)
            for w, n, is_number in zip(weights, need, numeric, strict=True)
        ]
    floor = [emu(f) for f in floors]
    if sum(floor) >= text_width:
        return [Emu(text_width * w // sum(weights)) for w in weights]
    extra = text_width - sum(floor)
    return [Emu(f + extra * w // sum(weights)) for f, w in zip(floor, weights, strict=True)]


def column_floors(header: list[str], rows: list[list[tuple[str, bool]]]) -> list[int]:
    """Return each column's least width in characters: its widest number, or up to 10 of text.

    >>> column_floors(["Kommune", "Arbeidsplasser"], [[("Kristiansand", False), ("47 643", True)]])
    [10, 6]
    """
    floors = []
    for i in range(len(header)):
        cells = [row[i] for row in rows if i < len(row)]
        numbers = [len(text) for text, is_number in cells if is_number]
        longest = max((len(text) for text, _n in cells), default=2)
        floors.append(max(numbers) if numbers else min(max(longest, 2), 10))
    return floors


def write_table(
    document: DocumentObject, header: list[str], rows: list[list[tuple[str, bool]]]
) -> None:
    """Write a table at the end: header row repeated on each page, numbers right-aligned.

    The columns share the text width as :func:`column_widths` says; a table of more than seven
    columns is set in 8 pt instead of 9.
    """
    width = len(header)
    numeric = [any(i < len(r) and r[i][1] for r in rows) for i in range(width)]
    size = 9 if width <= 7 else 8
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    weights, floors = column_weights(header, rows), column_floors(header, rows)
    widths = column_widths(weights, numeric, text_width, size, floors)
    table = table_xml(header, rows, [w // 635 for w in widths], numeric, size)  # EMU → twips
    body = document.element.body
    body.insert(len(body) - 1 if body[-1].tag.endswith("}sectPr") else len(body), table)


def _title_page(
    document: DocumentObject, styles: StyleBook, folder: Path, key_figures: dict[str, Any]
) -> None:
    meta = key_figures.get("meta", {})
    region = str(meta.get("region_name", ""))
    document.add_paragraph(
        f"Kunnskapsgrunnlag: arbeidsplassvekst i {region}", style=styles("Title")
    )
    goal = key_figures.get("goal", {})
    lead = "Handlingsprogram for næringsutvikling"
    if "target_rate" in goal:
        lead += (
            f": målet om {fmt_pct(goal['target_rate'], 1)} årlig arbeidsplassvekst fra "
            f"{goal.get('base_year')} til {goal.get('target_year')}"
        )
    document.add_paragraph(lead + ".", style=styles("Subtitle"))
    document.add_paragraph(f"Rapport {report_date(folder)}")
    source = document.add_paragraph(style=styles("Normal"))
    source.add_run("Datakilde: ").bold = True
    source.add_run(str(meta.get("source", "")).removeprefix("Kilde: "))
    status = document.add_paragraph()
    status.add_run("Status: ").bold = True
    if meta.get("synthetic"):
        mark = status.add_run(f"{DEMO_TEXT}.")
        mark.bold = True
        mark.font.size = Pt(14)
        mark.font.color.rgb = DEMO_COLOUR
        status.add_run(
            " Dokumentet er laget fra det syntetiske demo-datasettet og kan ikke brukes i en sak. "
            "Kjør naering fetch på en maskin med internett for ekte tall fra SSB."
        )
    else:
        fetched = sorted(
            str(s.get("fetched_at", ""))[:10] for s in meta.get("snapshots", {}).values()
        )
        when = f", hentet {fetched[0]}" if fetched else ""
        if len(set(fetched)) > 1:
            when = f", hentet {fetched[0]}–{fetched[-1]}"
        status.add_run(f"tall fra Statistisk sentralbyrå (SSB){when}.")
    note = document.add_paragraph()
    _small(
        note,
        f"Laget med naering-analysis {meta.get('package_version', '')}. Figurene og tabellene "
        "er de samme som i rapportmappa (figurer/ og tabeller/), der de også finnes som PNG, "
        "SVG, PDF, Excel og CSV.",
    )
    note.add_run().add_break(WD_BREAK.PAGE)


def _figure(
    document: DocumentObject, styles: StyleBook, folder: Path, number: int, entry: FigureEntry
) -> None:
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    png = folder / FIGURE_DIR / f"{entry.stem}.png"
    picture = document.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    shape = picture.add_run().add_picture(str(png))
    if shape.width > text_width:
        shape.height = Emu(round(shape.height * text_width / shape.width))
        shape.width = Emu(text_width)
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", entry.alt)
    doc_pr.set("title", entry.title)
    caption = document.add_paragraph(style=styles("Caption"))
    caption.paragraph_format.keep_with_next = True
    numbered_caption(caption, "Figur", number, entry.title)
    _small(document.add_paragraph(), figure_source(folder, entry))


def _table(document: DocumentObject, styles: StyleBook, number: int, entry: TableEntry) -> None:
    caption = document.add_paragraph(style=styles("Caption"))
    caption.paragraph_format.keep_with_next = True
    numbered_caption(caption, "Tabell", number, entry.title)
    write_table(document, list(entry.header), [list(row) for row in entry.rows])
    source = document.add_paragraph()
    source.paragraph_format.space_before = Pt(3)
    _small(source, entry.source)


def _core_properties(document: DocumentObject, region: str, day: date, source: str) -> None:
    properties = document.core_properties
    properties.title = f"Kunnskapsgrunnlag: arbeidsplassvekst i {region}"
    properties.subject = "Handlingsprogram for næringsutvikling"
    properties.author = properties.last_modified_by = "naering-analysis"
    properties.keywords = "arbeidsplassvekst; næringsutvikling; bystyresak"
    properties.comments = source
    properties.language = "nb-NO"
    properties.category = ""
    stamp = datetime(day.year, day.month, day.day, tzinfo=UTC)
    properties.created = properties.modified = properties.last_printed = stamp
    properties.revision = 1


def build_docx(folder: Path, template: Path | None = None) -> bytes:
    """Return ``kunnskapsgrunnlag.docx`` for the finished report in ``folder``, as bytes.

    ``template`` is a Word document whose styles, page set-up, headers and footers are used
    (default: the package's, ``data/docx/mal.docx``).
    """
    key_figures = json.loads((folder / "nokkeltall.json").read_text("utf-8"))
    meta = key_figures.get("meta", {})
    synthetic = bool(meta.get("synthetic"))
    document = open_template(template)
    styles = StyleBook(document)
    _title_page(document, styles, folder, key_figures)
    for name in ("sammendrag.md", "endringer.md"):
        if (folder / name).is_file():
            add_markdown(
                document,
                styles,
                (folder / name).read_text("utf-8"),
                write_table,
                skip_quote=lambda text: synthetic and DEMO_TEXT in text,
            )
    figures, tables = collect_figures(folder), collect_tables(folder)
    figure_number = table_number = 0
    for section in fill(
        load_sections(), [(f.stem, f) for f in figures], [(t.stem, t) for t in tables]
    ):
        document.add_paragraph(section.title, style=styles("Heading 1"))
        for figure in section.figures:
            figure_number += 1
            _figure(document, styles, folder, figure_number, figure)
        for table in section.tables:
            table_number += 1
            _table(document, styles, table_number, table)
    appendix = resources.files("naering_analysis") / "data" / "docx" / "metode_vedlegg.md"
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    add_markdown(document, styles, appendix.read_text("utf-8"), write_table)
    day = _report_day(folder, meta)
    _core_properties(document, str(meta.get("region_name", "")), day, str(meta.get("source", "")))
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue(), datetime(day.year, day.month, day.day))


def write_docx(folder: Path, template: Path | None = None) -> Path:
    """Write ``kunnskapsgrunnlag.docx`` into the report ``folder`` (atomically); return its path."""
    return atomic_write_bytes(folder / DOCX, build_docx(folder, template))

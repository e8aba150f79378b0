"""The report's front page, ``index.html``: one self-contained page that opens the report.

It is built from what the report folder holds once every notebook has run
(:mod:`.contents`): ``nokkeltall.json`` (region, demo mark, source line, and the projection method
when the forecast layer records it), ``sammendrag.md`` and, after a rollover, ``endringer.md``;
every figure in ``figurer/`` with its alt text and its PNG, SVG, PDF and CSV; every table in
``tabeller/`` as in its xlsx, with links to the xlsx and CSV; and the notebooks' HTML. Links are
relative and nothing is fetched from the network, so the folder can be zipped, mailed or put on
a file share as it is.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from naering_analysis.atomic import atomic_write_bytes
from naering_analysis.numfmt import fmt_num, fmt_pct
from naering_analysis.reference.terms import label as term_label
from naering_analysis.report.contents import (
    FIGURE_DIR,
    FigureEntry,
    TableEntry,
    collect_figures,
    collect_notebooks,
    collect_tables,
    report_date,
)
from naering_analysis.report.coverage import Omission, read_omissions, text_html
from naering_analysis.report.keyfigures import basis_text
from naering_analysis.report.nb import DEMO_TEXT

INDEX = "index.html"
_EXTRA_FILES = (
    ("sammendrag.md", "Sammendraget som Markdown-fil"),
    ("endringer.md", "Endringene som Markdown-fil"),
    ("nokkeltall.json", "Nøkkeltallene som JSON-fil (til sammenligning mellom år)"),
)

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;
color:#1a1a1a;background:#fff;line-height:1.5}
main{max-width:62rem;margin:0 auto;padding:1.5rem 1.25rem 4rem}
h1{font-size:1.7rem;margin:.2rem 0 .3rem}h2{font-size:1.35rem;margin-top:2.4rem;
border-bottom:2px solid #e5e5e5;padding-bottom:.2rem}h3{font-size:1.1rem;margin:1.4rem 0 .4rem}
.lead{color:#4d4d4d;margin:0 0 1rem}
.demo{border:3px solid #D55E00;background:#FFF3E0;padding:.7rem 1rem;margin:1rem 0;
font-size:1.05rem}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem}
figure{margin:1.6rem 0 2.4rem}figure img{width:100%;height:auto;border:1px solid #e5e5e5}
figcaption{font-size:.95rem;color:#333}.alt{margin:.3rem 0}
.files a,.files span{margin-right:.9rem}.files{font-size:.95rem}
.method{background:#f3f6fa;border-left:4px solid #0072B2;padding:.6rem 1rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;font-size:.92rem;margin:.5rem 0}
th,td{padding:.25rem .6rem;border-bottom:1px solid #e5e5e5;text-align:left;vertical-align:top}
th{border-bottom:2px solid #999}td.num{text-align:right;white-space:nowrap}
.source{color:#4d4d4d;font-size:.9rem}blockquote{margin:.8rem 0;padding:.1rem 1rem;
border-left:4px solid #D55E00;background:#FFF8F0}code{font-size:.9em}
footer{margin-top:3rem;color:#4d4d4d;font-size:.9rem}
@media print{nav,.files{display:none}figure,table{break-inside:avoid}main{max-width:none}}
"""


def method_html(key_figures: dict[str, Any]) -> str:
    """Return the paragraph on the projection methods chosen by backtest; empty when not recorded.

    Reads ``projection.method_label`` (and ``method``, ``relative_mase_vs_naive`` and the
    industries' ``industries.method_label`` when present) from ``nokkeltall.json``; the choice
    itself is made in the forecast layer, not here.
    """
    projection = key_figures.get("projection")
    if not isinstance(projection, dict) or not projection.get("method_label"):
        return ""
    text = (
        f"Framskrivingene bruker metoden <strong>{escape(str(projection['method_label']))}</strong>"
    )
    if projection.get("method"):
        text += f" (<code>{escape(str(projection['method']))}</code>)"
    industries = projection.get("industries")
    if isinstance(industries, dict) and industries.get("method_label"):
        text += (
            " for kommunetotalen, valgt ved backtest på kommunetotalene, og "
            f"<strong>{escape(str(industries['method_label']))}</strong> for næringene, valgt på "
            "satsingsbransjene og avstemt slik at næringene summerer til totalen."
        )
    else:
        text += ", valgt ved backtest."
    relative = projection.get("relative_mase_vs_naive")
    if isinstance(relative, int | float) and not isinstance(relative, bool):
        text += (
            f" Feilen i backtesten (MASE) for kommunetotalene er {fmt_num(relative, 2)} ganger "
            "feilen til den naive metoden, som antar uendret nivå: under 1 betyr at den valgte "
            "metoden traff bedre."
        )
    return f'<p class="method">{text}</p>'


def summary_html(markdown: str, *, drop_demo_note: bool = False) -> str:
    """Return Markdown (``sammendrag.md``, ``endringer.md``) as HTML, headings one level down.

    With ``drop_demo_note`` the summary's own demo note (a block quote) is left out, because the
    page shows the demo mark at the top already.
    """
    import mistune

    class Renderer(mistune.HTMLRenderer):
        def heading(self, text: str, level: int, **attrs: Any) -> str:
            return super().heading(text, min(level + 1, 6), **attrs)

        def block_quote(self, text: str) -> str:
            if drop_demo_note and DEMO_TEXT in text:
                return ""
            return super().block_quote(text)

    to_html = mistune.create_markdown(escape=True, renderer=Renderer(), plugins=["table"])
    return str(to_html(markdown))


def _links(files: tuple[tuple[str, str], ...]) -> str:
    items = " ".join(f'<a href="{escape(href)}">{escape(label)}</a>' for href, label in files)
    return f'<p class="files">Last ned: {items}</p>'


def _figure_html(number: int, entry: FigureEntry) -> str:
    png = f"{FIGURE_DIR}/{entry.stem}.png"
    return (
        f'<figure id="{escape(entry.stem)}"><h3>Figur {number}: {escape(entry.title)}</h3>'
        f'<img src="{escape(png)}" alt="{escape(entry.alt)}">'
        f'<figcaption><p class="alt"><strong>Alternativ tekst:</strong> {escape(entry.alt)}</p>'
        f"{_links(entry.files)}</figcaption></figure>"
    )


def _table_html(entry: TableEntry) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in entry.header)
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=num' if num else ''}>{escape(t)}</td>" for t, num in row)
        + "</tr>"
        for row in entry.rows
    )
    return (
        f'<section id="{escape(entry.stem)}"><h3>{escape(entry.title)}</h3>'
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
        f'</table></div><p class="source">{escape(entry.source)}</p>{_links(entry.files)}'
        "</section>"
    )


def _goal_text(key_figures: dict[str, Any]) -> str:
    goal = key_figures.get("goal", {})
    if "target_rate" not in goal:
        return "Handlingsprogram for næringsutvikling."
    return (
        f"Handlingsprogram for næringsutvikling: målet om {fmt_pct(goal['target_rate'], 1)} "
        f"årlig arbeidsplassvekst fra {goal.get('base_year')} til {goal.get('target_year')}."
    )


def omissions_html(omitted: list[Omission], titles: dict[str, str]) -> str:
    """Return the section «Utelatt i denne rapporten»: each part left out, where, why, what to do.

    ``titles`` maps a notebook's HTML file to its title (the link text).
    """
    items = []
    for o in omitted:
        href = f"{o.notebook}.html"
        where = escape(titles.get(href, o.notebook))
        if href in titles:
            where = f'<a href="{escape(href)}">{where}</a>'
        lead = "vises bare delvis" if o.partial else "er utelatt"
        items.append(
            f"<li>{where}: <strong>{escape(o.section)}</strong> {lead}: "
            f"{text_html(o.reason)}. {text_html(o.advice)}</li>"
        )
    return (
        f'<section id="utelatt"><h2>{escape(term_label("utelatt"))}</h2><p>Noen tabeller fra SSB '
        "har ikke (alle) tallene rapporten trenger for kommunen. Delene under er derfor utelatt "
        "eller bare vist delvis; resten av rapporten er laget som vanlig.</p>"
        f"<ul>{''.join(items)}</ul></section>"
    )


def render_index(folder: Path) -> str:
    """Return the HTML of ``index.html`` for the report in ``folder``."""
    key_figures = json.loads((folder / "nokkeltall.json").read_text("utf-8"))
    meta = key_figures.get("meta", {})
    region = str(meta.get("region_name", ""))
    synthetic = bool(meta.get("synthetic"))
    summary, changes = folder / "sammendrag.md", folder / "endringer.md"
    figures, tables = collect_figures(folder), collect_tables(folder)
    books = collect_notebooks(folder)
    extra = [(name, label) for name, label in _EXTRA_FILES if (folder / name).is_file()]
    title = f"Arbeidsplassvekst i {region}: rapport {report_date(folder)}"
    parts = [
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="lead">{escape(_goal_text(key_figures))} Siden samler figurer og tabeller '
        "til bystyresaken, notatbøkene med analysen og filene bak dem.</p>",
    ]
    if synthetic:
        parts.append(
            f'<div class="demo" role="note"><strong>⚠ {DEMO_TEXT}.</strong> Rapporten er laget '
            "fra det syntetiske demo-datasettet. Kjør <code>naering fetch</code> på en maskin "
            "med internett for ekte tall fra SSB.</div>"
        )
    tables_basis = meta.get("tables", {})
    if tables_basis:
        items = "".join(
            f"<li>{escape(basis_text(table, entry))}</li>"
            for table, entry in sorted(tables_basis.items())
        )
        parts.append(
            f'<section id="ekte-og-syntetiske"><h2>{escape(term_label("ekte_eller_syntetisk"))}</h2>'
            f"<ul>{items}</ul></section>"
        )
    omitted = read_omissions(folder)
    if omitted:
        parts.append(omissions_html(omitted, dict(books)))
    sections = [("sammendrag", "Sammendrag")]
    if changes.is_file():
        sections.append(("endringer", "Endringer siden forrige rapport"))
    sections += [("figurer", "Figurer"), ("tabeller", "Tabeller")]
    sections += [("notatboker", "Notatbøkene"), ("filer", "Andre filer")]
    nav = "".join(f'<li><a href="#{anchor}">{label}</a></li>' for anchor, label in sections)
    parts.append(f'<nav aria-label="Innhold"><ul>{nav}</ul></nav>')
    parts.append('<section id="sammendrag">')
    if summary.is_file():  # its first heading names the section
        parts.append(summary_html(summary.read_text("utf-8"), drop_demo_note=synthetic))
    else:
        parts.append("<h2>Sammendrag</h2>")
    parts.append(method_html(key_figures) + "</section>")
    if changes.is_file():  # written by the yearly rollover
        parts.append('<section id="endringer">')
        parts.append(summary_html(changes.read_text("utf-8"), drop_demo_note=synthetic))
        parts.append("</section>")
    parts.append(
        f'<section id="figurer"><h2>Figurer ({len(figures)})</h2><p>Figurene er i full '
        "bredde (16 cm). PNG (300 dpi) passer i Word, SVG og PDF skalerer uten tap.</p>"
    )
    listing = "".join(
        f'<li><a href="#{escape(f.stem)}">{escape(f.title)}</a></li>' for f in figures
    )
    parts.append(f"<ol>{listing}</ol>")
    parts += [_figure_html(number, f) for number, f in enumerate(figures, start=1)]
    parts.append(f'</section><section id="tabeller"><h2>Tabeller ({len(tables)})</h2>')
    parts += [_table_html(t) for t in tables]
    notebook_items = "".join(
        f'<li><a href="{escape(href)}">{escape(name)}</a></li>' for href, name in books
    )
    parts.append(
        '</section><section id="notatboker"><h2>Notatbøkene</h2><p>Hele analysen med '
        f"forklaringer, uten programkode:</p><ul>{notebook_items}</ul></section>"
    )
    extra_items = "".join(
        f'<li><a href="{escape(n)}">{escape(label)}</a></li>' for n, label in extra
    )
    parts.append(f'<section id="filer"><h2>Andre filer</h2><ul>{extra_items}</ul></section>')
    made = str(meta.get("generated_at", ""))[:16].replace("T", " kl. ")
    parts.append(
        f"<footer><p>{escape(str(meta.get('source', '')))}</p><p>Laget {escape(made)} (UTC) "
        f"med naering-analysis {escape(str(meta.get('package_version', '')))}.</p></footer>"
    )
    parts.append("</main></body></html>\n")
    return "\n".join(parts)


def write_index(folder: Path) -> Path:
    """Write ``index.html`` into the report ``folder`` (atomically) and return its path."""
    return atomic_write_bytes(folder / INDEX, render_index(folder).encode("utf-8"))

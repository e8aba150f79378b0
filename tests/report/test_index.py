"""The front page index.html, built from a small hand-made report folder (no kernels)."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd
import pytest
from PIL import Image, PngImagePlugin

from naering_analysis.figures.tables import FMT_INT, FMT_PCT1, export_table
from naering_analysis.report.contents import cell_text, collect_figures, collect_notebooks
from naering_analysis.report.index import method_html, render_index, write_index

SUMMARY = """# Sammendrag: arbeidsplassvekst i Testby

> **Illustrasjonsdata – ikke offisielle tall.** Rapporten er laget fra det syntetiske
> demo-datasettet.

- **Arbeidsplasser 2025:** 29 842.

| Scenario | Arbeidsplasser |
| --- | ---: |
| Trend | 32 378 |
"""


class Links(HTMLParser):
    """Collect hrefs, image sources and their alt texts, and element ids."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.images: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.hrefs.append(str(found["href"]))
        if tag in {"img", "script", "link", "iframe"}:
            self.images.append((str(found.get("src") or found.get("href")), found.get("alt") or ""))


def key_figures(synthetic: bool, projection: dict[str, Any] | None) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "meta": {
            "region_name": "Testby",
            "synthetic": synthetic,
            "source": "Kilde: Statistisk sentralbyrå (SSB), tabell 13470",
            "generated_at": "2026-11-28T08:15:00Z",
            "package_version": "0.1.0",
        },
        "goal": {"target_rate": 0.015, "base_year": 2022, "target_year": 2030},
    }
    if projection is not None:
        figures["projection"] = projection
    return figures


def png(path: Path, title: str) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Title", title)
    Image.new("RGB", (40, 30), "white").save(path, pnginfo=info)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A report folder as make_report leaves it, with two figures, a table and a notebook."""
    report = tmp_path / "2026-11-28"
    figures = report / "figurer"
    figures.mkdir(parents=True)
    for stem, title in (("02_andre", "Andre figur"), ("01_forste", "Første figur – Testby")):
        png(figures / f"{stem}.png", title)
        for ext in ("svg", "pdf", "csv"):
            (figures / f"{stem}.{ext}").write_text("x")
        (figures / f"{stem}.alt.txt").write_text(f"Linjediagram: {title} <viktig>.\n")
    frame = pd.DataFrame({"Scenario": ["Trend", "Lav"], "Jobber": [32378.2, 30595.5]})
    frame["Sannsynlighet"] = [0.218, 0.0]
    export_table(
        frame,
        report / "tabeller",
        "scenarier",
        "Scenarier for Testby",
        "Kilde: SSB, tabell 13470",
        True,
        number_formats={"Jobber": FMT_INT, "Sannsynlighet": FMT_PCT1},
    )
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_markdown_cell("# 01 Data: hvilke tall?\n\nTekst.")]
    nbformat.write(book, report / "01_data.ipynb")
    (report / "01_data.html").write_text("<html></html>")
    (report / "sammendrag.md").write_text(SUMMARY, encoding="utf-8")
    method = {"method": "pooled", "method_label": "Samlet", "relative_mase_vs_naive": 0.873}
    text = json.dumps(key_figures(True, method), ensure_ascii=False)
    (report / "nokkeltall.json").write_text(text, encoding="utf-8")
    return report


def test_every_link_and_image_resolves_and_nothing_comes_from_the_network(folder: Path) -> None:
    page = write_index(folder)
    parser = Links()
    parser.feed(page.read_text("utf-8"))
    assert parser.hrefs and parser.images
    for href in parser.hrefs:
        assert "://" not in href and not href.startswith("//"), href
        if href.startswith("#"):
            assert href[1:] in parser.ids, href
        else:
            assert (folder / href).is_file(), href
    for src, alt in parser.images:
        assert (folder / src).is_file() and "://" not in src, src
        assert alt.startswith("Linjediagram:"), "every figure carries its alt text"


def test_page_shows_demo_mark_summary_figures_tables_method_and_notebooks(folder: Path) -> None:
    html = render_index(folder)
    assert "<title>Arbeidsplassvekst i Testby: rapport 28.\xa0november 2026</title>" in html
    assert html.count("Illustrasjonsdata – ikke offisielle tall") == 1  # the banner, not twice
    assert "<h2>Sammendrag: arbeidsplassvekst i Testby</h2>" in html
    assert '<td style="text-align:right">32 378</td>' in html  # the summary's own table
    first, second = html.index("Figur 1: Første figur – Testby"), html.index("Figur 2: Andre figur")
    assert first < second, "figures in their numbered order, titles from the PNG metadata"
    assert "Linjediagram: Første figur – Testby &lt;viktig&gt;." in html  # escaped
    assert "<td class=num>32\xa0378</td>" in html and "<td class=num>21,8\xa0%</td>" in html
    assert "Scenarier for Testby" in html and 'href="tabeller/scenarier.xlsx"' in html
    assert "<strong>Samlet</strong> (<code>pooled</code>), valgt ved backtest" in html
    assert "0,87 ganger feilen til den naive metoden" in html
    assert '<a href="01_data.html">01 Data: hvilke tall?</a>' in html
    assert "målet om 1,5\xa0% årlig arbeidsplassvekst fra 2022 til 2030" in html


def test_real_data_has_no_demo_mark(folder: Path) -> None:
    (folder / "nokkeltall.json").write_text(json.dumps(key_figures(False, None)))
    html = render_index(folder)
    assert 'class="demo"' not in html


@pytest.mark.parametrize(
    "projection",
    [None, {}, {"method": "pooled"}, {"method_label": "Samlet", "relative_mase_vs_naive": None}],
)
def test_method_is_shown_only_when_the_forecast_layer_recorded_it(projection: Any) -> None:
    text = method_html(key_figures(True, projection))
    if projection and projection.get("method_label"):
        assert "Samlet" in text and "MASE" not in text
    else:
        assert text == ""


def test_both_levels_are_named_when_the_industries_method_is_recorded() -> None:
    projection = {
        "method": "structural",
        "method_label": "Strukturell",
        "relative_mase_vs_naive": 0.9,
        "industries": {"method": "pooled", "method_label": "Samlet"},
    }
    text = method_html(key_figures(True, projection))
    assert "<strong>Strukturell</strong> (<code>structural</code>) for kommunetotalen" in text
    assert "<strong>Samlet</strong> for næringene" in text and "summerer til totalen" in text
    assert "0,90 ganger feilen" in text


def test_page_without_a_projection_section_still_renders(folder: Path) -> None:
    (folder / "nokkeltall.json").write_text(json.dumps(key_figures(True, None)))
    assert "valgt ved backtest" not in render_index(folder)


def test_cells_follow_the_excel_number_formats() -> None:
    assert cell_text(-2129.06, "#,##0") == ("−2\xa0129", True)
    assert cell_text(1.25, "#,##0.0") == ("1,3", True)
    assert cell_text(0.5, '0.0" pp"') == ("0,5\xa0pp", True)
    assert cell_text("Trend", "General") == ("Trend", False)
    assert cell_text(None, "General") == ("", False)


def test_collectors_read_titles_and_files(folder: Path) -> None:
    entries = collect_figures(folder)
    assert [e.stem for e in entries] == ["01_forste", "02_andre"]
    assert [label for _href, label in entries[0].files] == ["PNG", "SVG", "PDF", "Tall (CSV)"]
    assert collect_notebooks(folder) == [("01_data.html", "01 Data: hvilke tall?")]


def test_changes_from_a_rollover_get_their_own_section(folder: Path) -> None:
    (folder / "endringer.md").write_text(
        "# Endringer siden forrige rapport (2025-11-20)\n\n"
        "> **Illustrasjonsdata – ikke offisielle tall.**\n\n## Dataår\n\nNytt dataår: **2025**.\n",
        encoding="utf-8",
    )
    html = render_index(folder)
    assert '<a href="#endringer">Endringer siden forrige rapport</a>' in html
    assert '<section id="endringer">' in html and "<h3>Dataår</h3>" in html
    assert html.count("Illustrasjonsdata – ikke offisielle tall") == 1
    assert 'href="endringer.md"' in html

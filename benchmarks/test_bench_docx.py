"""kunnskapsgrunnlag.docx against index.html, on a report folder the size of the real one.

The folder has 19 full-width council figures (300 dpi PNG, as ``05_figurer`` exports them) and
ten tables, one of 30 rows per period as in the peer comparison (made by
``tests.report.docx_folder`` and copied up to that size). Both the Word attachment and the front
page are built from it in this process; the report's budget for the attachment is 2 s (median),
and the ratio to the index step says what it adds to ``make report`` on any machine. Run with
``make bench``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.report.docx_folder import make_report_folder

from benchmarks.timing import median_seconds
from naering_analysis.numfmt import fmt_num
from naering_analysis.report.index import render_index
from naering_analysis.report.word import build_docx

BUDGET_S = 2.0
FIGURES, TABLES = 19, 10


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = make_report_folder(tmp_path_factory.mktemp("bench-docx"))
    figures, tables = made / "figurer", made / "tabeller"
    pngs = sorted(figures.glob("*.png"))
    for n in range(FIGURES - len(pngs)):
        source = pngs[n % len(pngs)]
        for path in figures.glob(f"{source.stem}.*"):
            shutil.copy(path, figures / path.name.replace(source.stem, f"{50 + n}_kopi"))
    books = sorted(tables.glob("*.xlsx"))
    for n in range(TABLES - len(books)):
        shutil.copy(books[n % len(books)], tables / f"kopi_{n}.xlsx")
    return made


def test_bench_docx_against_index(benchmark, folder: Path) -> None:
    data = benchmark(build_docx, folder)
    docx = median_seconds(lambda: build_docx(folder), 5)
    index = median_seconds(lambda: render_index(folder), 5)
    benchmark.extra_info.update({"median_docx_s": docx, "median_index_s": index})
    print(
        f"\nkunnskapsgrunnlag.docx ({FIGURES} figurer, {TABLES} tabeller, "
        f"{fmt_num(len(data) / 1e6, 1)} MB): {fmt_num(docx, 2)} s (median); index.html "
        f"{fmt_num(index, 2)} s; forhold {fmt_num(docx / index, 1)}"
    )
    assert len(list((folder / "figurer").glob("*.png"))) == FIGURES
    assert docx <= BUDGET_S

"""Whole reports for a municipality the demo only partly covers and one with suppressed cells.

Skien (4003) lies outside Søndre Østfold: the demo's 07984, 14746 and 08551 lack it and the real
03321 holds only its flows to and from the region. Hvaler (3110) has SSB's ``:`` in 13470 and
13472. Both reports must finish, every notebook must run, and ``index.html`` must name what was
left out. One project builds the data once and makes both reports (about two minutes of the
suite on two cores).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from naering_analysis.report.coverage import read_omissions
from naering_analysis.report.run import ReportResult, make_report
from tests.report.project import make_project

pytestmark = pytest.mark.notebook

BOOKS = [f"{n:02d}" for n in range(1, 11)]


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ReportResult]:
    """One project, one data build, two reports."""
    project = make_project(tmp_path_factory.mktemp("alle_kommuner"))
    return {
        kommune: make_report(root=project, kommune=kommune, today="2026-11-26")
        for kommune in ("4003", "3110")
    }


def no_errors(folder: Path) -> None:
    books = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    assert [b.name[:2] for b in books] == BOOKS
    for book in books:
        nb = nbformat.read(book, as_version=4)
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
        assert errors == [], book.name
        assert book.with_suffix(".html").is_file()


def test_skien_finishes_and_names_every_table_it_lacks(reports: dict[str, ReportResult]) -> None:
    folder = reports["4003"].path
    no_errors(folder)
    left_out = read_omissions(folder)
    where = {(o.notebook, o.section) for o in left_out}
    assert ("01_data", "Bruddet mellom 2014 og 2015") in where
    assert ("08_befolkning", "Befolkningsframskrivingen, 15–74 år") in where
    assert ("10_nyetableringer", "Opna konkurser") in where
    assert ("05_figurer", "Figur 16 (pendling)") in where
    assert {t for o in left_out for t in o.table.split(", ")} == {
        "03321",
        "07984",
        "08551",
        "14746",
    }
    # Commuting shows the flows there are, and says the rest is missing.
    commuting = next(o for o in left_out if o.notebook == "07_pendling")
    assert commuting.partial and "Halden, Sarpsborg, Fredrikstad, Hvaler og Rakkestad" in (
        commuting.reason
    )
    html = (folder / "07_pendling.html").read_text("utf-8")
    assert "Denne delen vises bare delvis" in html and "Bor her, arbeider der 2022" in html
    figures = {p.stem for p in (folder / "figurer").glob("*.png")}
    assert not any(s.startswith(("12_", "16_")) for s in figures), sorted(figures)
    assert "01_arbeidsplasser" in figures and "15_nyetableringer" in figures
    tables = {p.stem for p in (folder / "tabeller").glob("*.xlsx")}
    assert not {"arbeidskraft", "konkurser", "pendling"} & tables
    index = (folder / "index.html").read_text("utf-8")
    assert '<section id="utelatt"><h2>Utelatt i denne rapporten</h2>' in index
    for table in ("03321", "07984", "08551", "14746"):
        assert f"tabell {table}" in index
    assert index.count("<li>") >= len(left_out)
    summary = (folder / "sammendrag.md").read_text("utf-8")
    assert "**Utelatt i denne rapporten:**" in summary and "arbeidsplassvekst i Skien" in summary
    figures_json = json.loads((folder / "nokkeltall.json").read_text("utf-8"))
    assert figures_json["commuting"] is None, "no net commuting from a partial matrix"
    assert "missing" in figures_json["labour_balance"]


def test_hvaler_with_suppressed_cells_finishes_and_says_what_it_did(
    reports: dict[str, ReportResult],
) -> None:
    folder = reports["3110"].path
    no_errors(folder)
    # The lone suppressed part of 2016 is SSB's total less the rest: 1 219, SSB's own total.
    figures_json = json.loads((folder / "nokkeltall.json").read_text("utf-8"))
    assert figures_json["data"]["jobs_by_year"]["2016"] == 1219
    html = (folder / "02_utvikling.html").read_text("utf-8")
    assert "SSB har skjult tall for Hvaler i tabell 13470" in html
    left_out = read_omissions(folder)
    sections = {o.section for o in left_out}
    assert "Utforsk selv" in sections and "Attraktivitetsfigurene, 2020–2025" in sections
    assert all(o.table == "13470" and "skjult" in o.reason for o in left_out)
    index = (folder / "index.html").read_text("utf-8")
    assert "Utelatt i denne rapporten" in index and "Bergverksdrift og utvinning 2020" in index

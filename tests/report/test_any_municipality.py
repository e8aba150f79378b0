"""Whole reports for a municipality outside the region and a small one with suppressed cells.

Skien (4003) lies outside Søndre Østfold: the real 03321 holds only its flows to and from the
region, and the older demo's 07984, 14746 and 08551 lack it too. The small municipality is
Aremark (3124, about 1 400 inhabitants) where the demo suppresses its cells (``:`` in 13470 and
13472), else Hvaler (3110). Both reports must finish, every notebook must run, and
``index.html`` must name what was left out. One project, with a copy of the session's built
demo, makes both reports (about a minute and a half of the suite on two cores).
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from naering_analysis.datasets.build import frame
from naering_analysis.report.coverage import read_omissions, region_gap, suppressed_gap
from naering_analysis.report.run import ReportResult, make_report
from tests.demo_cache import BuiltDemo
from tests.report.project import make_project

pytestmark = pytest.mark.notebook

BOOKS = [f"{n:02d}" for n in range(1, 11)]
#: Frame name of each table whose lack of a municipality leaves a part out.
OPTIONAL = {"07984": "employment_long", "14746": "projection_population", "08551": "bankruptcies"}


def small(project: Path) -> str:
    """Aremark when the demo suppresses its 13470 cells, else Hvaler."""
    jobs = frame("employment", root=project)
    return "3124" if suppressed_gap(jobs, "13470", "3124") else "3110"


@pytest.fixture(scope="module")
def reports(
    tmp_path_factory: pytest.TempPathFactory, built_demo: BuiltDemo
) -> dict[str, ReportResult]:
    """One project with the session's built demo, two reports: Skien and the small municipality."""
    project = make_project(tmp_path_factory.mktemp("alle_kommuner"), built_demo)
    return {
        kommune: make_report(root=project, kommune=kommune, today="2026-11-26")
        for kommune in ("4003", small(project))
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
    project = folder.parents[1]
    lacking = {
        t for t, name in OPTIONAL.items() if region_gap(frame(name, root=project), t, "4003")
    }
    left_out = read_omissions(folder)
    assert {t for o in left_out for t in o.table.split(", ")} == {"03321", *lacking}
    where = {(o.notebook, o.section) for o in left_out}
    assert ("05_figurer", "Figur 16 (pendling)") in where
    assert ("05_figurer", "Tabell pendling") in where
    if "07984" in lacking:
        assert ("01_data", "Bruddet mellom 2014 og 2015") in where
    if "14746" in lacking:
        assert ("08_befolkning", "Befolkningsframskrivingen, 15–74 år") in where
    if "08551" in lacking:
        assert ("10_nyetableringer", "Opna konkurser") in where
    # Commuting shows the flows there are, and says the rest is missing.
    commuting = next(o for o in left_out if o.notebook == "07_pendling")
    members = "Halden, Sarpsborg, Fredrikstad, Hvaler og Rakkestad"
    assert commuting.partial and members in commuting.reason
    html = (folder / "07_pendling.html").read_text("utf-8")
    assert "Denne delen vises bare delvis" in html and "Bor her, arbeider der 2022" in html
    figures = {p.stem for p in (folder / "figurer").glob("*.png")}
    assert not any(s.startswith("16_") for s in figures), sorted(figures)
    assert any(s.startswith("12_") for s in figures) == ("14746" not in lacking)
    assert "01_arbeidsplasser" in figures and "15_nyetableringer" in figures
    tables = {p.stem for p in (folder / "tabeller").glob("*.xlsx")}
    assert "pendling" not in tables and ("konkurser" in tables) == ("08551" not in lacking)
    index = (folder / "index.html").read_text("utf-8")
    assert '<section id="utelatt"><h2>Utelatt i denne rapporten</h2>' in index
    for table in ("03321", *lacking):
        assert f"tabell {table}" in index
    summary = (folder / "sammendrag.md").read_text("utf-8")
    assert "**Utelatt i denne rapporten:**" in summary and "arbeidsplassvekst i Skien" in summary
    figures_json = json.loads((folder / "nokkeltall.json").read_text("utf-8"))
    assert figures_json["commuting"] is None, "no net commuting from a partial matrix"
    assert ("missing" in figures_json["labour_balance"]) == ("14746" in lacking)


def test_small_municipality_with_suppressed_cells_finishes_and_says_what_it_did(
    reports: dict[str, ReportResult],
) -> None:
    kommune = next(k for k in reports if k != "4003")
    folder = reports[kommune].path
    no_errors(folder)
    name = {"3124": "Aremark", "3110": "Hvaler"}[kommune]
    if kommune == "3110":
        # The lone suppressed part of 2016 is SSB's total less the rest: 1 219, SSB's own total.
        figures_json = json.loads((folder / "nokkeltall.json").read_text("utf-8"))
        assert figures_json["data"]["jobs_by_year"]["2016"] == 1219
    html = (folder / "02_utvikling.html").read_text("utf-8")
    assert f"SSB har skjult tall for {name} i tabell 13470" in html
    left_out = read_omissions(folder)
    sections = {o.section for o in left_out}
    assert "Utforsk selv" in sections and "Attraktivitetsfigurene, 2020–2025" in sections
    hidden = [o for o in left_out if o.table == "13470"]
    assert hidden and all("skjult" in o.reason for o in hidden)
    index = (folder / "index.html").read_text("utf-8")
    assert "Utelatt i denne rapporten" in index and f"SSB har skjult tall for {name}" in index

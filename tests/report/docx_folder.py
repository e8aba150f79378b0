"""A small finished report folder, made with the real exporters, to build the Word attachment from.

Four figures (one whose number no section claims, as a new figure from another branch would be)
and three tables, one long enough to run over several pages, plus ``nokkeltall.json`` and
``sammendrag.md``. Building it takes about a second; no notebook runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from naering_analysis.figures.export import export_figure, new_figure
from naering_analysis.figures.frames import finish_figure
from naering_analysis.figures.tables import FMT_INT, FMT_PCT1, export_table
from naering_analysis.report.word import write_docx
from tests.browser import in_ci

PROVENANCE = {"table": "13470", "fetched_at": "2026-11-26T08:00:00Z"}
#: stem → (title, alt text as written by hand; the exporter prefixes the demo mark when synthetic)
FIGURES = {
    "01_arbeidsplasser": (
        "Arbeidsplasser i Prøvdal",
        "Linjediagram over arbeidsplasser i Prøvdal 2015–2025: fra 1 000 til 1 210.",
    ),
    "02b_satsingsbransjer_privat": (
        "Private arbeidsplasser i Prøvdal",
        "Linjediagram over private arbeidsplasser: fra 600 til 640.",
    ),
    "10_attraktivitet_2017_2022": (
        "Attraktivitet for næringsliv 2017–2022",
        "Søylediagram: Prøvdal er nr. 3 av 30 kommuner.",
    ),
    "99_ny_figur": ("En ny figur ingen del nevner", "Linjediagram over en ny serie."),
}
LONG_ROWS = 70
SUMMARY = """# Sammendrag: arbeidsplassvekst i Prøvdal

> **Illustrasjonsdata – ikke offisielle tall.** Rapporten er laget fra det syntetiske
> demo-datasettet.

- **Arbeidsplasser 2025:** 1 210.
- **Årlig vekst 2017–2022:** 1,0 % (*privat* sektor −0,3 %).

## Avvik fra målbanen i 2030 per scenario

| Scenario | Arbeidsplasser |
| --- | ---: |
| Trend | 1 250 |

Kilde: Illustrasjonsdata
"""


def _figure(stem: str, title: str, alt: str, synthetic: bool, outdir: Path) -> None:
    fig = new_figure()
    ax = fig.add_subplot()
    ax.plot([2015, 2020, 2025], [1000, 1100, 1210])
    data = pd.DataFrame({"year": [2015, 2020, 2025], "jobs": [1000, 1100, 1210]})
    cf = finish_figure(
        fig,
        name=stem,
        title=title,
        subtitle="Sysselsatte etter arbeidssted",
        alt_text=alt,
        data=data,
        frames=[],
        sources=[{**PROVENANCE, "synthetic": synthetic}],
        synthetic=synthetic,
    )
    export_figure(cf, outdir)


def make_report_folder(where: Path, *, synthetic: bool = True) -> Path:
    """Write a finished report folder ``where/2026-11-26`` and return it."""
    folder = where / "2026-11-26"
    for stem, (title, alt) in FIGURES.items():
        _figure(stem, title, alt, synthetic, folder / "figurer")
    sources = [{**PROVENANCE, "synthetic": synthetic}]
    jobs, rate = "Arbeidsplasser 2025", "Årlig vekst 2017–2022"
    small = pd.DataFrame({"Bransje": ["Bygg og anlegg", "Grønn industri"], jobs: [29399, 812]})
    small[rate] = [0.015, -0.003]
    export_table(
        small,
        folder / "tabeller",
        "arbeidsplasser_bransje",
        "Arbeidsplasser etter bransje",
        sources,
        synthetic,
        {jobs: FMT_INT, rate: FMT_PCT1},
    )
    long = pd.DataFrame(
        {
            "Kommune": [f"Kommune {i:02d}" for i in range(LONG_ROWS)],
            jobs: range(1000, 1000 + LONG_ROWS),
        }
    )
    export_table(
        long,
        folder / "tabeller",
        "12_sammenligning_2017_2022",
        "Prøvdal blant kommunene",
        sources,
        synthetic,
        {jobs: FMT_INT},
    )
    export_table(
        small.tail(1),
        folder / "tabeller",
        "ny_tabell",
        "En ny tabell",
        sources,
        synthetic,
        {jobs: FMT_INT, rate: FMT_PCT1},
    )
    meta = {
        "region_name": "Prøvdal",
        "synthetic": synthetic,
        "source": "Kilde: Illustrasjonsdata laget etter mønster av SSB, tabell 13470"
        if synthetic
        else "Kilde: SSB, tabell 13470 (hentet 2026-11-26)",
        "package_version": "0.1.0",
        "generated_at": "2026-11-26T08:00:00Z",
        "snapshots": {"13470": {"fetched_at": "2026-11-26T00:00:00Z", "synthetic": synthetic}},
    }
    goal = {"target_rate": 0.015, "base_year": 2022, "target_year": 2030}
    (folder / "nokkeltall.json").write_text(
        json.dumps({"meta": meta, "goal": goal}, ensure_ascii=False), "utf-8"
    )
    summary = SUMMARY if synthetic else SUMMARY.replace("Illustrasjonsdata", "Merk")
    (folder / "sammendrag.md").write_text(summary, "utf-8")
    return folder


# --- fixtures (imported by the test modules that use them) -------------------------------------

TOOLS = ("soffice", "pdftoppm", "pdftotext", "pdfimages")


@pytest.fixture(scope="session")
def docx_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small synthetic report folder with ``kunnskapsgrunnlag.docx`` written into it."""
    folder = make_report_folder(tmp_path_factory.mktemp("docx"))
    write_docx(folder)
    return folder


def missing_tools_reason() -> str | None:
    """Return one Norwegian line on what is missing and how to install it; None if nothing."""
    soffice = os.environ.get("NAERING_SOFFICE") or "soffice"
    missing = [t for t in (soffice, *TOOLS[1:]) if shutil.which(t) is None]
    if not missing:
        return None
    return (
        f"Word-testen krever LibreOffice og poppler-utils (mangler {', '.join(missing)}): kjør "
        "`sudo scripts/ensure_libreoffice.sh` (Debian/Ubuntu), eller sett NAERING_SOFFICE."
    )


@pytest.fixture(scope="session")
def docx_pdf(docx_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The attachment converted to PDF by LibreOffice headless, once per session.

    Skipped with one line where LibreOffice is missing; under ``CI=true`` that fails instead.
    """
    reason = missing_tools_reason()
    if reason is not None:
        if in_ci():
            pytest.fail(f"CI=true: {reason}", pytrace=False)
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("docx-pdf")
    profile = out / "lo-profil"  # its own profile: no clash with a LibreOffice the user has open
    subprocess.run(
        [
            os.environ.get("NAERING_SOFFICE") or "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(docx_folder / "kunnskapsgrunnlag.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / "kunnskapsgrunnlag.pdf"

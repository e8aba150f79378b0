"""Report and rollover end to end in a temporary project (every notebook runs on the demo)."""

import re
import shutil

import nbformat
import pytest

from naering_analysis import cli
from naering_analysis.report.rollover import compare_key_figures
from naering_analysis.report.run import (
    FAILED,
    ReportError,
    make_report,
    new_report_dir,
    report_dirs,
)
from tests.report.project import make_project

pytestmark = pytest.mark.notebook


def test_report_folder_has_everything(rolled):
    project, _previous, result, _messages = rolled
    folder = result.report.path
    assert folder == project / "reports" / "2026-11-26"
    for book in ("01_data", "02_utvikling", "03_scenarier", "04_maalgap", "05_figurer"):
        assert (folder / f"{book}.ipynb").is_file()
        html = (folder / f"{book}.html").read_text("utf-8")
        assert "Illustrasjonsdata" in html
    assert (folder / "nokkeltall.json").is_file()
    figures = sorted(p.name for p in (folder / "figurer").glob("*.png"))
    assert len(figures) == 9
    for png in (folder / "figurer").glob("*.png"):
        for ext in (".svg", ".pdf", ".csv", ".alt.txt"):
            assert png.with_name(png.stem + ext).is_file(), png.stem + ext
    tables = sorted(p.suffix for p in (folder / "tabeller").iterdir())
    assert tables.count(".xlsx") == 3 and tables.count(".csv") == 3


def test_executed_notebooks_have_no_errors(rolled):
    folder = rolled[2].report.path
    for book in folder.glob("*.ipynb"):
        nb = nbformat.read(book, as_version=4)
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
        assert errors == [], book.name


def test_summary_is_norwegian_and_marked_synthetic(rolled):
    text = (rolled[2].report.path / "sammendrag.md").read_text("utf-8")
    assert "Illustrasjonsdata – ikke offisielle tall" in text
    assert "Arbeidsplasser 2025:** 29\u00a0842" in text
    assert "Vekst 2017–2022:** 1,0\u00a0% per år" in text
    for scenario in ("Trend", "Nasjonal vekst", "Handlingsprogram", "Lav", "Høy"):
        assert f"| {scenario} |" in text


def test_key_figures_match_the_calibration(rolled):
    figures = rolled[2].report.key_figures
    assert figures["meta"]["synthetic"] is True
    assert figures["data"]["jobs_by_year"]["2023"] == 29_399
    assert figures["growth"]["cagr_programme_period_pct"] == pytest.approx(1.0, abs=0.05)
    assert figures["growth"]["private_cagr_programme_period_pct"] < 0
    assert 0 <= figures["scenarios"]["Trend"]["probability_of_goal"] <= 1


def test_rollover_writes_the_changes(rolled):
    _project, previous, result, messages = rolled
    assert result.previous == previous
    text = result.changes.read_text("utf-8")
    assert "Nytt dataår: **2025**" in text
    assert "| 2020 |" in text and "−37" in text
    assert "Nye øyeblikksbilder fra SSB for tabell 13470" in text
    assert "Nødvendig årlig vekst" in text
    assert any("Frakoblet modus" in m for m in messages)
    index = (result.report.path / "index.html").read_text("utf-8")
    assert 'href="endringer.md"' in index, "the front page is rewritten to link endringer.md"


def test_progress_is_one_line_per_step_and_ends_with_the_index(rolled):
    _project, _previous, result, messages = rolled
    start = next(i for i, m in enumerate(messages) if m.startswith("Lager rapport i "))
    step = re.compile(r"^ {0,4}\d+,\d s  (.+)$")
    steps = [step.match(m) for m in messages[start - 1 : start] + messages[start + 1 :]]
    done = [m.group(1) for m in steps if m]
    assert done[0].startswith(("Data bygget", "Data uendret")), messages
    books = sorted(d.split("] ")[1] for d in done if re.match(r"\[\d/5\] ", d))
    assert books == ["01_data", "02_utvikling", "03_scenarier", "04_maalgap", "05_figurer"]
    assert [d for d in done if re.match(r"\[\d/5\] ", d)][-1].startswith("[5/5]")
    assert "Nøkkeltall beregnet" in done
    assert "Skrev nokkeltall.json, sammendrag.md og index.html" in done
    final = next(m for m in messages if m.startswith("Ferdig på "))
    assert re.fullmatch(r"Ferdig på \d+,\d s\. Åpne rapporten: .*index\.html", final)
    assert result.report.index is not None and result.report.index.is_file()
    seconds = result.report.seconds
    assert {"build", "key_figures", "index", "total", "05_figurer"} <= set(seconds)
    assert 0 < seconds["total"] < sum(v for k, v in seconds.items() if k != "total") + 60


def test_completed_reports_are_listed_oldest_first(rolled):
    project = rolled[0]
    assert [p.name for p in report_dirs(project / "reports")] == ["2025-11-20", "2026-11-26"]


def test_second_report_same_day_gets_its_own_folder(tmp_path):
    first = new_report_dir(tmp_path, "2026-11-26")
    second = new_report_dir(tmp_path, "2026-11-26")
    assert (first.name, second.name) == ("2026-11-26", "2026-11-26-2")


def test_compare_without_changes_says_so(rolled):
    figures = rolled[2].report.key_figures
    text = compare_key_figures(figures, figures)
    assert "Ingen nye dataår" in text
    assert "Ingen revisjoner" in text


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-at-a-time", "side-by-side"])
def test_failing_notebook_names_notebook_and_cell(tmp_path, jobs):
    project = make_project(tmp_path)
    for book in (project / "notebooks").glob("*.ipynb"):
        book.unlink()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("kommune = '3105'", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise ValueError('feil med vilje')"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, project / "notebooks" / "01_feiler.ipynb")
    nb.cells = nb.cells[:2]  # a second notebook that succeeds, so two can run side by side
    nbformat.write(nb, project / "notebooks" / "02_virker.ipynb")
    with pytest.raises(ReportError) as exc:
        make_report(root=project, today="2026-11-26", jobs=jobs)
    message = str(exc.value)
    assert "01_feiler.ipynb" in message
    assert "celle" in message and "ValueError: feil med vilje" in message
    folder = project / "reports" / "2026-11-26"
    assert (folder / FAILED).is_file()
    assert (folder / "01_feiler.ipynb").is_file()  # partial output kept
    # One at a time stops at the failure; side by side, the notebook already running finishes.
    assert (folder / "02_virker.ipynb").is_file() == (jobs == 2)
    assert report_dirs(project / "reports") == []  # a failed report is never "the previous one"


def test_cli_report_failure_is_one_line(tmp_path, monkeypatch, capsys):
    project = make_project(tmp_path)
    shutil.rmtree(project / "notebooks")
    (project / "notebooks").mkdir()
    monkeypatch.setenv("NAERING_ROOT", str(project))
    assert cli.main(["report"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("feil: Fant ingen nummererte notatbøker")

"""Report and rollover end to end in a temporary project (every notebook runs on the demo)."""

import json
import re
import shutil
from pathlib import Path

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
    books = ("01_data", "02_utvikling", "03_scenarier", "04_maalgap", "05_figurer")
    later = (
        "06_sammenligning",
        "07_pendling",
        "08_befolkning",
        "09_bosetting",
        "10_nyetableringer",
    )
    for book in (*books, *later):
        assert (folder / f"{book}.ipynb").is_file()
        html = (folder / f"{book}.html").read_text("utf-8")
        if book == "07_pendling":  # built only from the converted real 03321: it says so
            assert "Ekte SSB-tall." in html and "statisticsnorway/pendling" in html
            assert "Illustrasjonsdata" not in html
        else:
            assert "Illustrasjonsdata" in html
    assert (folder / "nokkeltall.json").is_file()

    def no_constants(name: str) -> None:
        raise AssertionError(f"nokkeltall.json har {name}, som ikke er gyldig JSON")

    json.loads((folder / "nokkeltall.json").read_text("utf-8"), parse_constant=no_constants)
    figures = sorted(p.name for p in (folder / "figurer").glob("*.png"))
    assert len(figures) == 16 + 4  # the council set and the peer comparison for two periods
    assert "02b_satsingsbransjer_privat.png" in figures
    # one figure per number (a peer figure has one file per period under its number)
    stems = {re.sub(r"_\d{4}_\d{4}$", "", name.removesuffix(".png")) for name in figures}
    numbers = [stem.split("_")[0] for stem in stems]
    assert len(numbers) == len(set(numbers)), sorted(stems)
    for png in (folder / "figurer").glob("*.png"):
        for ext in (".svg", ".pdf", ".csv", ".alt.txt"):
            assert png.with_name(png.stem + ext).is_file(), png.stem + ext
    tables = sorted(p.suffix for p in (folder / "tabeller").iterdir())
    assert tables.count(".xlsx") == 10 + 2 and tables.count(".csv") == 10 + 2
    for name in ("privat_bransje", "privat_nodvendig_vekst"):
        assert (folder / "tabeller" / f"{name}.xlsx").is_file()


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
    assert "Årlig vekst 2017–2022:** 1,0\u00a0%" in text
    assert "**Privat andel 2025:**" in text
    assert "**Nødvendig privat vekst 2025–2030:**" in text
    names = ("Framskriving (valgt metode)", "Trend", "Nasjonal vekst", "Handlingsprogram")
    for scenario in (*names, "Lav", "Høy"):
        assert f"| {scenario} |" in text
    first = next(line for line in text.splitlines() if line.startswith("| Framskriving"))
    assert text.index(first) < text.index("| Trend |"), "the headline is the first row"
    assert "Sammenlignet med framskrivingen gir " in text


def test_key_figures_match_the_calibration(rolled):
    figures = rolled[2].report.key_figures
    assert figures["meta"]["synthetic"] is True
    assert figures["data"]["jobs_by_year"]["2023"] == 29_399
    assert figures["growth"]["cagr_programme_period_pct"] == pytest.approx(1.0, abs=0.05)
    assert figures["growth"]["private_cagr_programme_period_pct"] < 0
    private = figures["private_sector"]
    assert private["by_bransje"]["Alle næringer"]["private_rate_programme_period"] < 0
    assert 0 < private["private_share_latest"] < private["private_share_programme_start"] < 1
    assert private["by_bransje"]["Helsebasert næring"]["private_share_latest"] < 0.5
    goal = private["goal"]
    assert goal["target_jobs"] == pytest.approx(figures["goal"]["target_jobs"])
    needed = goal["private_jobs_target_required"] + goal["public_jobs_target_projected"]
    assert needed == pytest.approx(goal["target_jobs"])
    assert goal["private_rate_required"] > goal["private_rate_projected"]
    assert 0 <= figures["scenarios"]["Trend"]["probability_of_goal"] <= 1


def test_rollover_writes_the_changes(rolled):
    _project, previous, result, messages = rolled
    assert result.previous == previous
    text = result.changes.read_text("utf-8")
    assert "Nytt dataår: **2025**" in text
    assert "| 2020 |" in text and "−37" in text
    assert "Nye øyeblikksbilder fra SSB for tabell 13470" in text
    assert "Nødvendig årlig vekst" in text
    assert "## Framskriving (valgt metode): hovedtallet" in text
    assert any("Frakoblet modus" in m for m in messages)
    index = (result.report.path / "index.html").read_text("utf-8")
    assert 'href="endringer.md"' in index, "the front page is rewritten to link endringer.md"


def test_progress_is_one_line_per_step_and_ends_with_the_index(rolled):
    _project, _previous, result, messages = rolled
    start = next(i for i, m in enumerate(messages) if m.startswith("Lager rapport i "))
    step = re.compile(r"^ {0,4}\d+,\d s  (.+)$")
    steps = [step.match(m) for m in messages[start - 2 : start] + messages[start + 1 :]]
    done = [m.group(1) for m in steps if m]
    assert done[0].startswith(("Data bygget", "Data uendret")), messages
    # the methods are chosen once, before the notebooks read the choice side by side
    assert done[1].startswith("Framskrivingsmetoder: ") and "for kommunetotalen" in done[1]
    books = sorted(d.split("] ")[1] for d in done if re.match(r"\[\d+/10\] ", d))
    assert books == [
        "01_data",
        "02_utvikling",
        "03_scenarier",
        "04_maalgap",
        "05_figurer",
        "06_sammenligning",
        "07_pendling",
        "08_befolkning",
        "09_bosetting",
        "10_nyetableringer",
    ]
    assert [d for d in done if re.match(r"\[\d+/10\] ", d)][-1].startswith("[10/10]")
    assert "Nøkkeltall beregnet" in done
    assert "Skrev nokkeltall.json, sammendrag.md og index.html" in done
    final = next(m for m in messages if m.startswith("Ferdig på "))
    assert re.fullmatch(r"Ferdig på \d+,\d s\. Åpne rapporten: .*index\.html", final)
    assert result.report.index is not None and result.report.index.is_file()
    seconds = result.report.seconds
    assert {"build", "choice", "key_figures", "index", "total", "05_figurer"} <= set(seconds)
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
def test_failing_notebook_names_notebook_and_cell(tmp_path, built_demo, jobs):
    project = make_project(tmp_path, built_demo)  # built: the notebooks are what is tested
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


SNAKE_CASE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


def page_tables(page: Path) -> list[tuple[list[str], list[list[str]]]]:
    """Return each table of an HTML page as (headers, rows of cell text)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
    out = []
    for table in soup.find_all("table"):
        headers = [th.get_text(strip=True) for th in table.select("thead th")]
        rows = [
            [cell.get_text(strip=True) for cell in tr.find_all(["th", "td"], recursive=False)]
            for tr in table.select("tbody tr")
        ]
        out.append((headers, rows))
    return out


def test_pages_show_tables_as_a_reader_sees_them(rolled):
    """Every notebook page: no pandas row-number column, no raw column names, the demo mark.

    And one meaning per word: every header is a word in the terms registry bound to one
    definition (scenario names count as words too), and a word that heads a column of a table
    keyed by year shows the same number for the same year on every page (the old «Målbane» bug:
    30 833 in one table and 30 290 in the next for 2026).
    """
    from bs4 import BeautifulSoup

    from naering_analysis.reference.terms import label_problems, terms_for
    from naering_analysis.report.council import all_scenarios

    project, folder = rolled[0], rolled[2].report.path
    pages = sorted(folder.glob("*.html"))
    assert len(pages) >= 5
    headers_seen: list[str] = []
    by_year: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        for table in soup.find_all("table"):
            row_numbers = [
                th.get_text(strip=True)
                for tr in table.select("tbody tr")
                for th in tr.find_all("th", recursive=False)
                if th.get_text(strip=True).isdigit()
            ]
            assert row_numbers == [], (
                f"{page.name}: a table starts with row numbers {row_numbers[:3]}"
            )
            headers = [th.get_text(strip=True) for th in table.select("thead th")]
            raw = [h for h in headers if SNAKE_CASE.match(h)]
            assert raw == [], f"{page.name}: raw column names in a table header: {raw}"
        text = soup.get_text()
        assert "Illustrasjonsdata – ikke offisielle tall" in text or "Ekte SSB-tall." in text, (
            page.name
        )
        for headers, rows in page_tables(page):
            headers_seen += headers
            if not headers or headers[0] != "År":
                continue
            for row in rows:
                for header, cell in zip(headers[1:], row[1:], strict=True):
                    found = terms_for(header)
                    word = found[0].key if len(found) == 1 else header
                    by_year.setdefault((word, row[0]), set()).add((cell, page.name))
    scenarios = {name: f"Scenario: {s.description}" for name, s in all_scenarios(project).items()}
    assert label_problems(headers_seen, scenarios) == []
    assert ("maalbane", "2026") in by_year
    clashes = {k: v for k, v in by_year.items() if len({cell for cell, _page in v}) > 1}
    assert clashes == {}, f"one word, two numbers for the same year: {clashes}"


def test_the_peer_comparison_is_in_the_key_figures_summary_and_changes(rolled):
    folder = rolled[2].report.path
    figures = json.loads((folder / "nokkeltall.json").read_text("utf-8"))
    periods = figures["peers"]["periods"]
    assert list(periods) == ["2017–2022", "2020–2025"]
    country = periods["2017–2022"]["measures"]["attractiveness_annual_pp"]["ranks"]["Hele landet"]
    # Aremark's suppressed divisions leave its structural growth unknown: 356 ranked, not 357.
    assert country["of"] == 356 and country["text"] == f"nr. {country['rank']} av 356"
    summary = (folder / "sammendrag.md").read_text("utf-8")
    # One table of ranks, not a sentence per period and measure (the reader's complaint).
    assert summary.count("Sammenlignet med andre kommuner") == 1
    table = summary[summary.index("## Sammenlignet med andre kommuner") :].splitlines()[2:8]
    assert table[0].startswith("| Indikator | Periode | Verdi |") and "| Hele landet |" in table[0]
    rows = [line for line in table[2:] if line.startswith("| ")]
    assert len(rows) == 4  # two measures × two periods
    # The last column is the whole country (355 or 356 ranked, as the data allow).
    assert all(re.search(r"nr\. \d+ av 35[56] \|$", row) for row in rows), rows
    changes = rolled[2].changes.read_text("utf-8")
    assert "## Rangeringer blant andre kommuner" in changes
    assert "## Framskrivingsmetode" in changes


def _header_row(path: Path) -> list[str]:
    """The column headers of an exported table: a CSV's first line, an xlsx's row above the data."""
    if path.suffix == ".csv":
        return path.read_text("utf-8-sig").splitlines()[0].split(";")
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=False).active
    header = sheet.freeze_panes  # the data start below the header row: "A6" → row 5
    row = int(re.sub(r"\D", "", header)) - 1
    return [str(c.value) for c in sheet[row] if c.value is not None]


def test_every_exported_csv_and_xlsx_speaks_the_registry(rolled):
    """Every header of every figure CSV and council table (CSV and xlsx) is a registry word.

    The peer figures' CSVs once had ``name``, ``value``, ``rank`` and
    ``structural_annual_pct`` where every other file spoke Norwegian.
    """
    from naering_analysis.reference.terms import label_problems
    from naering_analysis.report.council import all_scenarios

    project, folder = rolled[0], rolled[2].report.path
    files = sorted([*folder.rglob("*.csv"), *folder.rglob("*.xlsx")])
    peer_csvs = [f for f in files if f.suffix == ".csv" and f.name.startswith(("10_", "11_"))]
    assert len(peer_csvs) == 4 and len(files) > 20
    headers: dict[str, list[str]] = {f.name: _header_row(f) for f in files}
    raw = {name: [h for h in row if SNAKE_CASE.match(h)] for name, row in headers.items()}
    assert {k: v for k, v in raw.items() if v} == {}
    scenarios = {name: f"Scenario: {s.description}" for name, s in all_scenarios(project).items()}
    problems = label_problems([h for row in headers.values() for h in row], scenarios)
    assert problems == [], problems


def test_every_figure_on_the_front_page_has_its_own_title(rolled):
    """The peer figures of the two periods once had the same title on ``index.html``."""
    from naering_analysis.report.contents import collect_figures

    titles = [entry.title for entry in collect_figures(rolled[2].report.path)]
    assert len(titles) >= 19
    assert len(set(titles)) == len(titles), sorted(t for t in titles if titles.count(t) > 1)
    assert any(t.endswith("2017–2022") and t.startswith("Attraktivitet") for t in titles)


def test_the_front_page_and_summary_say_which_tables_are_real(rolled):
    """Issue 20: real 11618 and 07459 (converted public copies) named with their source."""
    from bs4 import BeautifulSoup

    folder = rolled[2].report.path
    soup = BeautifulSoup((folder / "index.html").read_text("utf-8"), "html.parser")
    section = soup.find(id="ekte-og-syntetiske")
    assert section is not None and section.find("h2").get_text() == "Ekte og syntetiske tall"
    items = {li.get_text().split(":")[0]: li.get_text() for li in section.find_all("li")}
    assert items["tabell 11618"].startswith("tabell 11618: ekte SSB-tall 2017–2022 (omregnet fra ")
    assert "statisticsnorway/pendling, commit b3d3448" in items["tabell 11618"]
    assert "niphr/csdata" in items["tabell 07459"]
    assert items["tabell 13470"] == "tabell 13470: syntetiske demodata (bare illustrasjon)"
    meta = json.loads((folder / "nokkeltall.json").read_text("utf-8"))["meta"]["tables"]
    assert meta["11618"]["basis"] == "real" and meta["13470"]["basis"] == "synthetic"
    summary = (folder / "sammendrag.md").read_text("utf-8")
    assert "statisticsnorway/pendling" in summary
    synthetic = next(line for line in summary.splitlines() if "syntetiske demodata" in line)
    assert "13470" in synthetic and "11618" not in synthetic

"""The council set: every figure and table builds from the demo, with the right sources."""

import re
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.ticker import FixedFormatter

from naering_analysis.analysis import goal
from naering_analysis.datasets import quality
from naering_analysis.errors import UnknownCodeError
from naering_analysis.figures.export import COLUMN_LABELS_NB, CouncilFigure
from naering_analysis.figures.style import PARTLY_SYNTHETIC_MARK, SYNTHETIC_MARK
from naering_analysis.reference.division import current_division
from naering_analysis.reference.terms import label, label_problems
from naering_analysis.report import council
from naering_analysis.report.keyfigures import compute_key_figures, summary_markdown

RAW = Path(__file__).resolve().parents[2] / "data" / "raw" / "ssb"
ROOT = RAW.parents[2]


@pytest.fixture(scope="module")
def inputs():
    return council.analysis_inputs(root=ROOT)


@pytest.fixture(scope="module")
def built_figures(inputs) -> list[CouncilFigure]:
    """Every council figure built once from ``inputs`` (about 3 s), for the tests that read them."""
    return [build(inputs) for build in council.FIGURES]


@pytest.fixture(scope="module")
def built_tables(inputs) -> list[council.CouncilTable]:
    """Every council table built once from ``inputs``, for the tests that read them."""
    return [make(inputs) for make in council.TABLES]


def test_every_figure_builds_marked_synthetic(built_figures):
    mixed, all_real = set(), set()
    assert len(built_figures) == len(council.FIGURES)
    for cf in built_figures:
        texts = [t.get_text() for t in cf.fig.findobj(lambda a: hasattr(a, "get_text"))]
        real = sorted({str(s["table"]) for s in cf.sources if not s.get("synthetic")})
        if not any(s.get("synthetic") for s in cf.sources):  # only real tables (03321)
            all_real.add(cf.name)
            assert cf.synthetic is False, cf.name
            assert SYNTHETIC_MARK not in texts and PARTLY_SYNTHETIC_MARK not in texts, cf.name
            assert all(f"tabell {t} (omregnet fra" in cf.source for t in real), cf.source
            continue
        assert cf.synthetic is True, cf.name
        if real:  # real 11618/07459 combined with demo tables: partly illustration
            mixed.add(cf.name)
            assert PARTLY_SYNTHETIC_MARK in texts, cf.name
            assert all(f"tabell {t} (omregnet fra" in cf.source for t in real), cf.source
            assert "illustrasjonsdata laget etter mønster av SSB" in cf.source
        else:
            assert SYNTHETIC_MARK in texts, cf.name
    assert "12_sysselsettingsandel_som_trengs" in mixed  # 11618 (real) with 13470 (demo)
    assert all_real == {"16_pendling"}  # the flow matrix reads only 03321 (real)


def test_sector_figure_cites_table_13472(inputs):
    cf = council.fig_sektor(inputs)
    assert "13472" in cf.source and "13470" not in cf.source
    assert "13470" in council.fig_total(inputs).source


def test_tables_have_norwegian_headers_and_formats(inputs, built_tables):
    assert len(built_tables) == len(council.TABLES)
    for table in built_tables:
        assert not table.frame.empty, table.name
        assert set(table.number_formats) <= set(table.frame.columns), table.name
    scen = council.table_scenarier(inputs).frame
    assert list(scen["Scenario"])[:6] == [
        "Framskriving (valgt metode)",
        "Trend",
        "Nasjonal vekst",
        "Handlingsprogram",
        "Lav",
        "Høy",
    ]


def test_region_group_is_the_sum_of_its_members(inputs):
    frame = council.with_region_group(inputs.employment)
    group = frame[frame.region_code == council.REGION_GROUP].groupby("year")["jobs"].sum()
    members = ["3105", "3107", "3101", "3110", "3120"]
    own = inputs.employment[inputs.employment.region_code.isin(members)]
    expected = own.assign(jobs=own["jobs"].fillna(0)).groupby("year")["jobs"].sum()
    pd.testing.assert_series_equal(group.astype(float), expected.astype(float), check_names=False)


def test_region_group_is_skipped_when_a_member_is_missing(inputs):
    only = inputs.employment[inputs.employment.region_code != "3110"]
    assert council.with_region_group(only) is only


def test_unknown_kommune_is_a_clear_error():
    with pytest.raises(UnknownCodeError, match="dagens firesifrede kommunenummer"):
        council.analysis_inputs(kommune="9999", root=ROOT, with_scenarios=False)


def test_another_municipality_works_on_the_national_panel():
    stavanger = council.analysis_inputs(kommune="1103", root=ROOT, with_scenarios=False)
    assert stavanger.region_name == "Stavanger"
    # The projections rest on Rogaland's municipalities, Rogaland is not in the demo: Norway.
    assert set(stavanger.employment["region_code"]) == {"0", *current_division().members("11")}


def test_jobs_in_year():
    path = pd.DataFrame({"year": [2029, 2030], "jobs": [10.0, 12.5]})
    assert council.jobs_in_year(path, 2030) == 12.5
    with pytest.raises(KeyError):
        council.jobs_in_year(path, 2031)


def test_key_figures_and_summary(inputs):
    figures = compute_key_figures(inputs)
    assert figures["goal"]["base_jobs"] == figures["data"]["jobs_by_year"]["2022"]
    target = figures["goal"]["base_jobs"] * 1.015**8
    assert figures["goal"]["target_jobs"] == pytest.approx(target)
    latest = figures["data"]["latest_jobs"]
    needed = (target / latest) ** (1 / (2030 - figures["data"]["latest_year"])) - 1
    assert figures["goal"]["required_growth_rate"] == pytest.approx(needed)
    text = summary_markdown(figures)
    assert "1,5\u00a0% årlig vekst fra 2022" in text
    assert text.count("| ") >= 5


def test_quality_overviews(inputs):
    status = quality.status_overview({"13470": inputs.employment})
    confidential = status[(status.Tabell == "13470") & (status.Symbol == ":")]["Celler"]
    assert int(confidential.iloc[0]) == int((inputs.employment["status"] == ":").sum()) > 0
    history = quality.reform_history("3105")
    assert list(history["Kode"]) == ["0105", "3003", "3105"]
    assert history["Til"].tolist()[:2] == [2019, 2023] and pd.isna(history["Til"].iloc[2])
    from naering_analysis.datasets import frames

    jump = quality.break_overview(frames.employment_long(root=RAW), "3105").set_index("year")
    assert jump.loc[2015, "series"] == "2015–"
    assert jump.loc[2015, "change_jobs"] == jump.loc[2015, "jobs"] - jump.loc[2014, "jobs"]


def figure_labels(cf: CouncilFigure) -> list[str]:
    """Legend entries, axis titles, category tick labels and the CSV headers of a figure."""
    found = []
    for legend in [*cf.fig.legends, *(ax.get_legend() for ax in cf.fig.axes)]:
        if legend is not None:
            found += [t.get_text() for t in legend.get_texts()]
    for ax in cf.fig.axes:
        found += [ax.get_xlabel(), ax.get_ylabel()]
        for axis in (ax.xaxis, ax.yaxis):
            formatter = axis.get_major_formatter()
            if isinstance(formatter, FixedFormatter):
                found += list(formatter.seq)
    return found + [COLUMN_LABELS_NB.get(c, c) for c in cf.data.columns]


def scenario_names() -> dict[str, str]:
    """Scenario names a figure or table may show, each with its description as its meaning."""
    return {name: f"Scenario: {s.description}" for name, s in council.all_scenarios(ROOT).items()}


def summary_labels(text: str) -> list[str]:
    """The bold lead-ins (``**Målbane:**``) and the table header of sammendrag.md."""
    leads = re.findall(r"\*\*([^*]+):\*\*", text)
    header = next(line for line in text.splitlines() if line.startswith("| Scenario"))
    return leads + [cell.strip() for cell in header.strip("|").split("|")]


def test_every_label_in_figures_tables_and_summary_has_one_meaning(
    inputs, built_figures, built_tables
):
    """One meaning per word: every label shown is in the terms registry, bound to one definition."""
    labels = []
    for cf in built_figures:
        labels += figure_labels(cf)
    for table in built_tables:
        labels += [str(c) for c in table.frame.columns]
    labels += summary_labels(summary_markdown(compute_key_figures(inputs)))
    assert len(set(labels)) > 60
    assert label_problems(labels, scenario_names()) == []
    # The programme's path is the only "Målbane"; the goal path's legend says where it starts.
    target = label("maalbane", 3, rate="1,5 %", year=2022)
    assert target in figure_labels(council.fig_total(inputs))
    # The scenario «Nasjonal vekst» and the shift-share component are two words now.
    assert {"Nasjonal vekst", label("nasjonal_komponent")} <= set(labels)


def test_private_figure_and_tables_cite_13472(inputs):
    cf = council.private.fig_privat_bransjer(inputs)
    assert cf.name == "02b_satsingsbransjer_privat"
    assert "13472" in cf.source and "13470" not in cf.source
    assert cf.title.startswith("Private arbeidsplasser i satsingsbransjene")
    names = [f.__name__ for f in council.FIGURES]
    assert names.index("fig_privat_bransjer") == names.index("fig_bransjer") + 1


def test_private_table_per_focus_industry(inputs):
    table = council.private.table_privat_bransjer(inputs)
    frame = table.frame.set_index("Bransje")
    assert list(frame.index)[:5] == list(goal.FOCUS_BRANSJER)
    assert list(frame.index)[5:] == ["Alle fem satsingsbransjer", "Alle næringer"]
    latest = inputs.latest
    jobs = frame[f"Private arbeidsplasser {latest}"]
    private = inputs.sector.query("region_code == '3105' and sector_code == 'private'")
    now = private.loc[private["year"] == latest]
    assert jobs["Alle næringer"] == now["jobs"].sum()
    assert jobs["Helsebasert næring"] == now.loc[now["industry_code"] == "86-88", "jobs"].sum()
    # Most health jobs are public: the private share is where the lens matters.
    assert frame.loc["Helsebasert næring", f"Privat andel {latest}"] < 0.5
    assert set(table.number_formats) <= set(table.frame.columns)


def test_private_goal_table_adds_up(inputs):
    frame = council.private.table_privat_nodvendig_vekst(inputs).frame.set_index("Sektor")
    latest, end = inputs.latest, inputs.target_year
    need = frame[f"Nødvendige arbeidsplasser {end}"]
    projected = frame[f"Framskrevne arbeidsplasser {end}"]
    target = goal.target_path(inputs.employment, 2022, 0.015, end, region="3105")
    assert need["Alle sektorer"] == pytest.approx(target["target_jobs"].iloc[-1])
    # Public follows its projection; the private sector needs the rest of the target path.
    assert need["Offentlig sektor"] == projected["Offentlig sektor"]
    assert need["Privat sektor"] + need["Offentlig sektor"] == pytest.approx(need["Alle sektorer"])
    assert projected["Privat sektor"] + projected["Offentlig sektor"] == pytest.approx(
        projected["Alle sektorer"]
    )
    now = frame[f"Arbeidsplasser {latest}"]
    rate = frame[f"Nødvendig vekst {latest}–{end}"]
    assert now["Privat sektor"] * (1 + rate["Privat sektor"]) ** (end - latest) == pytest.approx(
        need["Privat sektor"]
    )
    # The all-sector projection of 13472 is the council's projection of 13470.
    chosen = council.chosen_projection(inputs).query("year == @end")["jobs"].sum()
    assert projected["Alle sektorer"] == pytest.approx(chosen, rel=1e-9)


def test_required_growth_table_says_what_each_row_assumes(inputs):
    table = council.table_nodvendig_vekst(inputs)
    headers = list(table.frame.columns)
    period = f"{inputs.latest}–{inputs.target_year}"
    assert f"Nødvendig årlig vekst {period} når raden alene lukker gapet" in headers
    assert table.frame.iloc[0, 0] == "Alle fem satsingsbransjer (samme rate)"
    # Every rate reads plainly on the demo, so there is no remark column repeating itself.
    assert "Forbehold" not in headers and "Merknad" not in headers


def test_a_remark_appears_only_on_the_row_it_concerns(inputs, monkeypatch):
    real = goal.required_focus_growth

    def with_a_negative_rate(*args, **kwargs):
        out = real(*args, **kwargs)
        out.loc[2, "required_rate"] = -0.01
        out.loc[2, "note"] = "Negativ rate: målet nås selv om gruppen krymper."
        return out

    monkeypatch.setattr(goal, "required_focus_growth", with_a_negative_rate)
    frame = council.table_nodvendig_vekst(inputs).frame
    remarks = frame["Forbehold"].tolist()
    assert remarks[2].startswith("Negativ rate") and remarks.count("") == len(remarks) - 1


def test_figures_exported_in_parallel_are_the_same_bytes(inputs, tmp_path, monkeypatch):
    figures = council.FIGURES
    # three figures keep it quick: 07–09 (figures added after them are not part of this check)
    monkeypatch.setattr(
        council,
        "FIGURES",
        figures[figures.index(council.fig_skiftandel) : figures.index(council.fig_maalgap) + 1],
    )
    monkeypatch.setattr(council, "TABLES", ())
    said: dict[int, list[str]] = {1: [], 2: []}
    for workers in (1, 2):
        out = tmp_path / str(workers)
        council.export_all(inputs, out, out, progress=said[workers].append, workers=workers)
    names = ["07_skiftandel", "08_scenarier", "09_maalgap"]
    assert said[1] == said[2] == [f"Figur {n}" for n in names]
    serial = sorted(p.relative_to(tmp_path / "1") for p in (tmp_path / "1").iterdir())
    assert len(serial) == 5 * len(names)
    for name in serial:
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name

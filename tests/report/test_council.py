"""The council set: every figure and table builds from the demo, with the right sources."""

from pathlib import Path

import pandas as pd
import pytest

from naering_analysis.datasets import quality
from naering_analysis.report import council
from naering_analysis.report.keyfigures import compute_key_figures, summary_markdown

RAW = Path(__file__).resolve().parents[2] / "data" / "raw" / "ssb"
ROOT = RAW.parents[2]


@pytest.fixture(scope="module")
def inputs():
    return council.analysis_inputs(root=ROOT)


def test_every_figure_builds_marked_synthetic(inputs):
    for build in council.FIGURES:
        cf = build(inputs)
        assert cf.synthetic is True, cf.name
        texts = [t.get_text() for t in cf.fig.findobj(lambda a: hasattr(a, "get_text"))]
        assert any("Illustrasjonsdata" in t for t in texts), cf.name


def test_sector_figure_cites_table_13472(inputs):
    cf = council.fig_sektor(inputs)
    assert "13472" in cf.source and "13470" not in cf.source
    assert "13470" in council.fig_total(inputs).source


def test_tables_have_norwegian_headers_and_formats(inputs):
    for make in council.TABLES:
        table = make(inputs)
        assert not table.frame.empty, table.name
        assert set(table.number_formats) <= set(table.frame.columns), table.name
    scen = council.table_scenarier(inputs).frame
    assert list(scen["Scenario"])[:5] == [
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
    with pytest.raises(KeyError, match="naering fetch --kommune 1103"):
        council.analysis_inputs(kommune="1103", root=ROOT, with_scenarios=False)


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


def test_figures_exported_in_parallel_are_the_same_bytes(inputs, tmp_path, monkeypatch):
    monkeypatch.setattr(council, "FIGURES", council.FIGURES[6:])  # three figures keep it quick
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

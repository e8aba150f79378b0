"""Council figures: style, source line, demo mark, Norwegian tick labels, builders and export.

PDF font check: pypdf is not installed, so the test reads the PDF bytes. Matplotlib writes its
font dictionaries uncompressed; an embedded TrueType font has a ``/FontFile2`` stream and a
Type 3 font (what ``pdf.fonttype`` 3 would give, and what print shops reject) has
``/Subtype /Type3``.
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

from naering_analysis.analysis.goal import FOCUS_BRANSJER
from naering_analysis.errors import AnalysisError, SchemaError
from naering_analysis.figures import (
    BRANSJE_COLOURS,
    CouncilFigure,
    export_figure,
    fig_contributions,
    fig_focus_industries,
    fig_goal_gap,
    fig_location_quotients,
    fig_private_public,
    fig_region_comparison,
    fig_scenarios,
    fig_shift_share,
    fig_total_jobs,
    source_line,
)
from naering_analysis.figures.export import (
    COLUMN_LABELS_NB,
    layout_figure,
    new_figure,
    render,
    render_formats,
)
from naering_analysis.figures.frames import year_totals
from naering_analysis.figures.style import (
    BRANSJE_ORDER,
    REGION_COLOURS,
    SCENARIO_COLOURS,
    SEABORN_WHITE,
    SYNTHETIC_MARK,
    TARGET_LABEL,
    TARGET_STYLE,
    council_style,
    slug,
)
from naering_analysis.numfmt import MINUS, NBSP, pct_formatter
from naering_analysis.scenarios import builtin_scenarios

PROV = {"table": "13470", "fetched_at": "2026-11-26T08:15:00Z", "synthetic": False}
SOURCE = "Kilde: SSB, tabell 13470 (hentet 2026-11-26)"


def with_attrs(frame: pd.DataFrame, synthetic: bool = False) -> pd.DataFrame:
    frame.attrs["provenance"] = [dict(PROV, synthetic=synthetic)]
    frame.attrs["synthetic"] = synthetic
    return frame


def jobs_frame(synthetic: bool = False) -> pd.DataFrame:
    """Sarpsborg, two bransjer, 2020–2022: totals 29 000, 29 399, 30 100."""
    rows = [
        ("3105", "Sarpsborg", "Grønn industri", 2020, 9000),
        ("3105", "Sarpsborg", "Grønn industri", 2021, 9399),
        ("3105", "Sarpsborg", "Grønn industri", 2022, 9100),
        ("3105", "Sarpsborg", "Helsebasert næring", 2020, 20000),
        ("3105", "Sarpsborg", "Helsebasert næring", 2021, 20000),
        ("3105", "Sarpsborg", "Helsebasert næring", 2022, 21000),
    ]
    frame = pd.DataFrame(rows, columns=["region_code", "region_name", "bransje", "year", "jobs"])
    frame["jobs"] = frame["jobs"].astype("Int64")
    return with_attrs(frame, synthetic)


def texts(fig: Figure) -> list[str]:
    """Every text a reader can see: figure texts, axes texts, tick labels and legends."""
    found = [t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text"))]
    return [t for t in found if isinstance(t, str) and t]


def tick_labels(cf: CouncilFigure, axis: str) -> list[str]:
    cf.fig.canvas.draw()
    ax = cf.fig.axes[0]
    labels = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in labels if t.get_text()]


# --- source line -------------------------------------------------------------------------------


def test_source_line_one_table() -> None:
    assert source_line([PROV]) == SOURCE


def test_source_line_several_tables_same_day_in_order_and_deduplicated() -> None:
    provs = [PROV, dict(PROV, table="13472"), PROV, dict(PROV, table="07459")]
    assert source_line(provs) == "Kilde: SSB, tabell 13470, 13472 og 07459 (hentet 2026-11-26)"


def test_source_line_groups_by_utc_date() -> None:
    provs = [
        dict(PROV, fetched_at="2026-11-27T00:30:00+01:00"),  # 2026-11-26 23:30 UTC
        dict(PROV, table="13472", fetched_at="2026-11-20T10:00:00Z"),
    ]
    assert source_line(provs) == (
        "Kilde: SSB, tabell 13472 (hentet 2026-11-20); tabell 13470 (hentet 2026-11-26)"
    )


def test_source_line_says_synthetic() -> None:
    line = source_line([dict(PROV, synthetic=True)])
    assert line.startswith("Kilde: Illustrasjonsdata")
    assert "tabell 13470" in line and "hentet" not in line


@pytest.mark.parametrize(
    ("provs", "match"),
    [
        ([], "No provenance"),
        ([{"fetched_at": "2026-11-26"}], "'table'"),
        ([{"table": "1"}], "fetched_at"),
    ],
)
def test_source_line_rejects_bad_provenance(provs: list[dict[str, Any]], match: str) -> None:
    with pytest.raises(SchemaError, match=match):
        source_line(provs)


def test_source_line_rejects_a_date_that_is_not_iso() -> None:
    with pytest.raises(SchemaError, match="ISO 8601"):
        source_line([dict(PROV, fetched_at="26.11.2026")])


# --- palette and style -------------------------------------------------------------------------


def test_each_bransje_has_its_own_fixed_colour() -> None:
    assert list(BRANSJE_COLOURS) == [*FOCUS_BRANSJER, "Øvrige næringer"] == list(BRANSJE_ORDER)
    assert len(set(BRANSJE_COLOURS.values())) == 6
    assert {"Sarpsborg", "Søndre Østfold", "Østfold", "Hele landet"} <= set(REGION_COLOURS)
    assert set(SCENARIO_COLOURS) == set(builtin_scenarios())
    assert len(set(SCENARIO_COLOURS.values())) == len(SCENARIO_COLOURS)
    assert TARGET_STYLE["color"] == "#000000"


def test_council_style_is_scoped() -> None:
    before = mpl.rcParams["pdf.fonttype"], mpl.rcParams["font.size"]
    with council_style():
        assert mpl.rcParams["pdf.fonttype"] == 42
        assert mpl.rcParams["font.sans-serif"][0] == "DejaVu Sans"
    assert (mpl.rcParams["pdf.fonttype"], mpl.rcParams["font.size"]) == before


def test_slug() -> None:
    assert slug("Søndre Østfold") == "sondre_ostfold"
    assert slug("Bidrag, 2017–2022!") == "bidrag_2017_2022"
    assert slug("æøå") == "aeoa"


# --- the marks, the source line and the tick labels ---------------------------------------------


def test_total_jobs_has_source_line_norwegian_ticks_and_no_demo_mark() -> None:
    cf = fig_total_jobs(jobs_frame(), "Sarpsborg")
    shown = texts(cf.fig)
    assert SOURCE in shown and cf.source == SOURCE
    assert "Arbeidsplasser i Sarpsborg" in shown and cf.title == "Arbeidsplasser i Sarpsborg"
    assert not any(SYNTHETIC_MARK in t for t in shown)
    assert not cf.synthetic and SYNTHETIC_MARK not in cf.alt_text
    y_labels = tick_labels(cf, "y")
    assert y_labels and all(re.fullmatch(rf"\d{{1,3}}({NBSP}\d{{3}})*", t) for t in y_labels)
    assert f"29{NBSP}500" in y_labels or f"29{NBSP}400" in y_labels
    x_labels = tick_labels(cf, "x")
    assert x_labels and all(re.fullmatch(r"20\d\d", t) for t in x_labels)
    assert f"30{NBSP}100" in shown  # the last value is written at the end of the line


@pytest.mark.parametrize("how", ["attrs", "argument"])
def test_demo_mark_when_synthetic(how: str) -> None:
    frame = jobs_frame(synthetic=how == "attrs")
    cf = fig_total_jobs(frame, "3105", synthetic=True if how == "argument" else None)
    shown = texts(cf.fig)
    assert shown.count(SYNTHETIC_MARK) == 2  # the footer line and the diagonal watermark
    watermark = next(t for t in cf.fig.texts if t.get_gid() == "council-watermark")
    assert 0 < watermark.get_alpha() < 0.5 and watermark.get_rotation() > 0  # type: ignore[operator]
    assert cf.synthetic and cf.alt_text.startswith(SYNTHETIC_MARK)


def test_synthetic_false_cannot_hide_synthetic_data() -> None:
    cf = fig_total_jobs(jobs_frame(synthetic=True), "Sarpsborg", synthetic=False)
    assert cf.synthetic and SYNTHETIC_MARK in texts(cf.fig)


def test_a_figure_needs_a_source() -> None:
    frame = jobs_frame()
    frame.attrs.clear()
    with pytest.raises(SchemaError, match="needs a source"):
        fig_total_jobs(frame, "Sarpsborg")
    cf = fig_total_jobs(frame, "Sarpsborg", sources=[dict(PROV, table="11616")])
    assert cf.source == "Kilde: SSB, tabell 11616 (hentet 2026-11-26)"


def test_percent_tick_labels_render_norwegian() -> None:
    with council_style():
        fig = new_figure()
        ax = fig.add_subplot()
        ax.plot([0, 1], [-0.01, 0.015])
        ax.set_yticks([-0.01, 0.0, 0.015])
        ax.yaxis.set_major_formatter(pct_formatter(1))
        fig.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        f"{MINUS}1,0{NBSP}%",
        f"0,0{NBSP}%",
        f"1,5{NBSP}%",
    ]


def test_half_width_wraps_a_long_title_and_keeps_the_legend_inside() -> None:
    title = (
        f"Arbeidsplasser i satsingsbransjene i Sarpsborg: 29{NBSP}399 i 2023, mot 1,5{NBSP}% mål"
    )
    cf = fig_focus_industries(jobs_frame(), "Sarpsborg", title=title)
    with council_style():
        layout_figure(cf.fig, "half", cf.height_cm)
        cf.fig.canvas.draw()
    heading = next(t for t in cf.fig.texts if t.get_gid() == "council-title")
    assert "\n" in heading.get_text() and heading.get_text().replace("\n", " ") == title
    assert f"29{NBSP}399" in heading.get_text()  # never wrapped at a no-break space
    assert cf.fig.get_figwidth() == pytest.approx(8 / 2.54)
    legend = cf.fig.legends[0]
    assert legend.get_window_extent().x1 <= cf.fig.bbox.x1
    with pytest.raises(ValueError, match="'full'"):
        layout_figure(cf.fig, "quarter")  # type: ignore[arg-type]


# --- builders ----------------------------------------------------------------------------------


def test_year_totals_keep_a_missing_value_missing() -> None:
    frame = jobs_frame()
    frame.loc[0, "jobs"] = pd.NA
    totals = year_totals(frame, [])
    assert np.isnan(totals.loc[totals["year"] == 2020, "jobs"]).all()
    assert totals.loc[totals["year"] == 2021, "jobs"].item() == 29399


def test_total_jobs_with_target_path() -> None:
    target = pd.DataFrame({"year": [2022, 2030], "target_jobs": [30100.0, 33908.0]})
    cf = fig_total_jobs(jobs_frame(), "Sarpsborg", target)
    assert list(cf.data.columns) == ["year", "jobs", "target_jobs"]
    assert cf.data["jobs"].tolist()[:3] == [29000, 29399, 30100]
    assert TARGET_LABEL in texts(cf.fig)
    assert (
        f"33{NBSP}908" in cf.alt_text and f"+1,9{NBSP}%" in cf.alt_text
    )  # (30100/29000)^(1/2) − 1


def test_focus_industries_indexed_and_in_contract_order() -> None:
    cf = fig_focus_industries(jobs_frame(), "Sarpsborg", indexed=True, base_year=2020)
    lines = [ln for ln in cf.fig.axes[0].get_lines() if ln.get_label() in BRANSJE_COLOURS]
    assert [ln.get_label() for ln in lines] == ["Grønn industri", "Helsebasert næring"]
    assert [ln.get_color() for ln in lines] == [
        BRANSJE_COLOURS["Grønn industri"],
        BRANSJE_COLOURS["Helsebasert næring"],
    ]
    health = cf.data.loc[cf.data["bransje"] == "Helsebasert næring", "index"].tolist()
    assert health == pytest.approx([100.0, 100.0, 105.0])
    assert "Indeks, 2020 = 100" in cf.fig.texts[1].get_text()


def test_focus_industries_for_the_private_sector_of_13472() -> None:
    """The private version of the focus figure: private rows only, and it says so."""
    frame = jobs_frame()
    by_sector = pd.concat(
        [
            frame.assign(sector_code="private", jobs=frame["jobs"] // 4),
            frame.assign(sector_code="public", jobs=frame["jobs"] - frame["jobs"] // 4),
            frame.assign(sector_code="all"),
        ],
        ignore_index=True,
    )
    cf = fig_focus_industries(with_attrs(by_sector), "Sarpsborg", sector="private")
    assert cf.title == "Private arbeidsplasser i satsingsbransjene i Sarpsborg"
    assert "privat sektor (tabell 13472)" in cf.subtitle
    assert cf.name == "bransjer_privat_sarpsborg"
    assert list(cf.data.columns) == ["bransje", "year", "private_jobs"]
    health = cf.data.loc[cf.data["bransje"] == "Helsebasert næring", "private_jobs"].tolist()
    assert health == [5000, 5000, 5250]
    assert "private arbeidsplasser per bransje" in cf.alt_text
    with pytest.raises(AnalysisError, match="pass sector="):
        fig_focus_industries(with_attrs(by_sector), "Sarpsborg")


def test_region_comparison_index() -> None:
    frame = pd.DataFrame(
        {
            "region_name": ["Sarpsborg"] * 2 + ["Hele landet"] * 2,
            "year": [2017, 2018] * 2,
            "jobs": [200, 220, 1000, 1010],
        }
    )
    cf = fig_region_comparison(with_attrs(frame), ["Sarpsborg", "Hele landet"], 2017)
    assert cf.data["index"].tolist() == pytest.approx([100, 110, 100, 101])
    assert "Sarpsborg 110,0" in cf.alt_text and "Hele landet 101,0" in cf.alt_text
    with pytest.raises(AnalysisError, match="base_year=2016"):
        fig_region_comparison(with_attrs(frame), ["Sarpsborg"], 2016)
    with pytest.raises(AnalysisError, match="Moss"):
        fig_region_comparison(with_attrs(frame), ["Moss"], 2017)


def test_private_public() -> None:
    frame = pd.DataFrame(
        {
            "region_code": "3105",
            "sector_code": ["private", "private", "public", "public", "all", "all"],
            "year": [2017, 2022] * 3,
            "jobs": [700, 690, 300, 330, 1000, 1020],
        }
    )
    cf = fig_private_public(with_attrs(frame))
    assert set(cf.data["sector_code"]) == {"private", "public"}
    assert {"Privat sektor", "Offentlig sektor"} <= set(texts(cf.fig))
    assert f"privat sektor {MINUS}10 ({MINUS}1,4{NBSP}%)" in cf.alt_text
    with pytest.raises(AnalysisError, match="'private' and 'public'"):
        fig_private_public(with_attrs(frame.loc[frame["sector_code"] != "public"]))


def test_contributions_bars_in_pp() -> None:
    frame = pd.DataFrame(
        {
            "region_code": "3105",
            "bransje": ["Grønn industri", "Bygg og anlegg", "Helsebasert næring"],
            "start_year": 2017,
            "end_year": 2022,
            "contribution_pp": [5.0, -5.0, 15.0],
        }
    )
    cf = fig_contributions(with_attrs(frame))
    assert cf.data["bransje"].tolist() == ["Helsebasert næring", "Grønn industri", "Bygg og anlegg"]
    assert f"+15,0{NBSP}pp" in texts(cf.fig) and f"{MINUS}5,0{NBSP}pp" in texts(cf.fig)
    assert "+15,0 %" in cf.fig.texts[1].get_text().replace(NBSP, " ")  # sum of contributions
    assert "2017–2022" in cf.fig.texts[1].get_text()
    assert all(t.endswith(f"{NBSP}pp") for t in tick_labels(cf, "x"))
    with pytest.raises(SchemaError, match="more than once"):
        fig_contributions(with_attrs(pd.concat([frame, frame])))


def test_location_quotients_latest_year_and_names() -> None:
    frame = pd.DataFrame(
        {
            "region_code": "3105",
            "reference_code": "0",
            "industry_code": ["10-33", "86-88", "10-33", "86-88"],
            "year": [2022, 2022, 2023, 2023],
            "location_quotient": [1.0, 1.0, 1.4, 0.8],
        }
    )
    cf = fig_location_quotients(with_attrs(frame))
    assert cf.data["lq"].tolist() == [1.4, 0.8] and set(cf.data["year"]) == {2023}
    assert {"Industri", "Helse- og sosialtjenester", "1,40", "0,80"} <= set(texts(cf.fig))
    assert "hele landet" in cf.alt_text


def test_shift_share_stacks_components() -> None:
    frame = pd.DataFrame(
        {
            "region_code": "3105",
            "industry_code": ["10-33", "41-43"],
            "national_share": [20.0, 10.0],
            "industry_mix": [-5.0, 5.0],
            "regional_shift": [-30.0, 15.0],
        }
    )
    cf = fig_shift_share(with_attrs(frame))
    assert cf.data["change_jobs"].tolist() == [30.0, -15.0]  # sorted by change
    assert cf.fig.legends[0].get_texts()[-1].get_text() == "Faktisk endring"
    negative = [p for p in cf.fig.axes[0].patches if p.get_width() < 0]
    assert sorted(p.get_x() for p in negative) == [-5.0, 0.0]  # −5 from 0, then −30 from −5
    assert "Samlet endring +15" in cf.alt_text


def test_scenarios_with_bands_and_target() -> None:
    years = [2023, 2024, 2025]
    paths = {
        name: with_attrs(
            pd.DataFrame(
                {
                    "year": years,
                    "jobs": jobs,
                    "lo80": [j - 50 for j in jobs],
                    "hi80": [j + 50 for j in jobs],
                }
            )
        )
        for name, jobs in {"Trend": [100, 110, 120], "Høy": [100, 130, 160]}.items()
    }
    target = pd.DataFrame({"year": years, "target_jobs": [100, 115, 130]})
    cf = fig_scenarios(paths, target)
    bands = [c for c in cf.fig.axes[0].collections if isinstance(c, PolyCollection)]
    assert len(bands) == 2
    assert {"Trend", "Høy", TARGET_LABEL, f"80{NBSP}% usikkerhetsintervall"} <= set(texts(cf.fig))
    assert cf.data.loc[cf.data["year"] == 2025, "target_jobs"].tolist() == [130, 130]
    assert "fra 120 (Trend) til 160 (Høy)" in cf.alt_text
    with pytest.raises(AnalysisError, match="no scenario"):
        fig_scenarios({})
    # The council figure shades one band (the chosen method's); the other paths are lines.
    one = fig_scenarios(paths, target, band_for="Høy")
    shaded = [c for c in one.fig.axes[0].collections if isinstance(c, PolyCollection)]
    assert len(shaded) == 1 and len(one.fig.axes[0].get_lines()) == 3  # two paths, the goal
    assert f"skyggelagt: 80{NBSP}% usikkerhetsintervall for Høy" in one.subtitle
    assert one.data["hi80"].notna().all()  # the bounds stay in the exported numbers


def test_goal_gap() -> None:
    frame = pd.DataFrame(
        {
            "region_code": "3105",
            "year": [2022, 2023, 2024],
            "kind": ["faktisk", "faktisk", "framskrevet"],
            "jobs": [1000.0, 1010.0, 1020.0],
            "target_jobs": [1000.0, 1015.0, 1030.225],
        }
    )
    cf = fig_goal_gap(with_attrs(frame))
    assert cf.data["gap_jobs"].tolist() == pytest.approx([0.0, -5.0, -10.225])
    bars = cf.fig.axes[0].patches
    assert [b.get_alpha() for b in bars][-1] == pytest.approx(0.45)  # projected year is lighter
    assert f"{MINUS}5" in texts(cf.fig) and "I 2023: −5" in cf.alt_text
    with pytest.raises(SchemaError, match="gap_jobs differs"):
        fig_goal_gap(with_attrs(frame.assign(gap_jobs=[0.0, 5.0, 0.0])))


def test_builders_name_missing_columns_and_regions() -> None:
    with pytest.raises(SchemaError, match=r"fig_focus_industries.*\['bransje'\]"):
        fig_focus_industries(jobs_frame().drop(columns="bransje"), "Sarpsborg")
    with pytest.raises(AnalysisError, match="'Halden' is not in the frame"):
        fig_total_jobs(jobs_frame(), "Halden")
    two = pd.concat([jobs_frame(), jobs_frame().assign(region_name="Halden", region_code="3101")])
    with pytest.raises(AnalysisError, match="several regions"):
        fig_private_public(two.assign(sector_code="private"))


# --- export ------------------------------------------------------------------------------------


def png_size_and_dpi(path: Path) -> tuple[int, int, float]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    at = data.index(b"pHYs")
    per_metre = struct.unpack(">I", data[at + 4 : at + 8])[0]
    return width, height, per_metre * 0.0254


def test_export_writes_every_format(tmp_path: Path) -> None:
    target = pd.DataFrame({"year": [2022, 2030], "target_jobs": [30100.0, 33908.0]})
    cf = fig_total_jobs(jobs_frame(synthetic=True), "Sarpsborg", target)
    paths = export_figure(cf, tmp_path / "figurer")
    stem = "arbeidsplasser_sarpsborg"
    assert {k: p.name for k, p in paths.items()} == {
        "png": f"{stem}.png",
        "svg": f"{stem}.svg",
        "pdf": f"{stem}.pdf",
        "csv": f"{stem}.csv",
        "alt": f"{stem}.alt.txt",
    }
    assert sorted(p.name for p in (tmp_path / "figurer").iterdir()) == sorted(
        p.name for p in paths.values()
    )  # no temporary files left behind
    width, _height, dpi = png_size_and_dpi(paths["png"])
    assert dpi == pytest.approx(300, abs=0.5)
    assert width == int(16 / 2.54 * 300)  # Matplotlib truncates to whole pixels

    svg = ET.parse(paths["svg"]).getroot()
    assert svg.tag.endswith("svg")

    pdf = paths["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile2" in pdf  # TrueType font program embedded
    assert not re.search(rb"/Subtype\s*/Type3", pdf)  # no Type 3 fonts

    raw = paths["csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for Excel
    back = pd.read_csv(paths["csv"], sep=";", decimal=",", encoding="utf-8-sig")
    assert list(back.columns) == [
        COLUMN_LABELS_NB["year"],
        COLUMN_LABELS_NB["jobs"],
        COLUMN_LABELS_NB["target_jobs"],
        "Merknad",
    ]
    assert back["Arbeidsplasser"].tolist()[:3] == [29000, 29399, 30100]
    assert back.loc[back["År"] == 2030, "Målbane (arbeidsplasser)"].item() == 33908.0
    assert set(back["Merknad"]) == {SYNTHETIC_MARK}

    alt = paths["alt"].read_text(encoding="utf-8").strip()
    assert alt.startswith(SYNTHETIC_MARK) and "Sarpsborg" in alt and len(alt) < 400


def test_export_half_width_and_stable_output(tmp_path: Path) -> None:
    cf = fig_total_jobs(jobs_frame(), "Sarpsborg")
    first = export_figure(cf, tmp_path / "a", width="half")
    width, height, _dpi = png_size_and_dpi(first["png"])
    assert width == int(8 / 2.54 * 300) and height > 0
    assert first["alt"].read_text(encoding="utf-8").strip() == cf.alt_text
    assert "Merknad" not in first["csv"].read_text(encoding="utf-8-sig")
    assert cf._repr_png_().startswith(b"\x89PNG")  # shown inline in Jupyter
    second = export_figure(cf, tmp_path / "b", width="half")
    for key in ("svg", "pdf", "csv", "alt"):
        assert first[key].read_bytes() == second[key].read_bytes(), key


def test_export_rejects_an_unsafe_name(tmp_path: Path) -> None:
    cf = fig_total_jobs(jobs_frame(), "Sarpsborg")
    cf.name = "../utenfor"
    with pytest.raises(ValueError, match="safe file name"):
        export_figure(cf, tmp_path)
    assert not any(tmp_path.iterdir())


def test_bar_labels_rewrap_and_fit_at_half_width() -> None:
    frame = pd.DataFrame(
        {
            "bransje": list(BRANSJE_ORDER),
            "contribution_pp": [1.2, 0.8, -0.4, 0.3, 0.5, -1.1],
        }
    )
    cf = fig_contributions(with_attrs(frame))
    ax = cf.fig.axes[0]
    for width, chars in (("half", 20), ("full", 38)):
        with council_style():
            layout_figure(cf.fig, width, cf.height_cm)  # type: ignore[arg-type]
            cf.fig.canvas.draw()
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert max(len(line) for label in labels for line in label.split("\n")) <= chars
        assert "Handel, reiseliv" in labels[3].replace("\n", " ")
        box = ax.get_window_extent()
        values = [t for t in ax.texts if t.get_gid() == "council-value"]
        assert len(values) == 6 and all(t.get_visible() for t in values)
        for text in values:
            extent = text.get_window_extent()
            assert box.x0 <= extent.x0 and extent.x1 <= box.x1  # the numbers stay inside the axes


def test_one_layout_for_all_formats_gives_the_bytes_of_one_layout_each() -> None:
    # export_figure lays a figure out once and saves PNG, SVG and PDF from that layout.
    def build() -> CouncilFigure:
        return fig_focus_industries(jobs_frame(synthetic=True), "3105")

    together = render_formats(build(), ("png", "svg", "pdf"))
    for fmt, data in together.items():
        assert data == render(build(), fmt), fmt


def _laid_out_again(cf: CouncilFigure, fmt: str) -> bytes:
    """Render ``cf`` as ``fmt`` after one more layout, as every render did before."""
    with council_style():
        layout_figure(cf.fig, "full", cf.height_cm)
    return render(cf, fmt)


def test_a_figure_its_builder_laid_out_is_rendered_without_a_second_layout(monkeypatch) -> None:
    from naering_analysis.figures import export

    lines = fig_focus_industries(jobs_frame(synthetic=True), "3105")
    assert export.laid_out(lines.fig, "full", lines.height_cm)
    assert not export.laid_out(lines.fig, "half", lines.height_cm)
    calls: list[str] = []
    original = export.layout_figure
    monkeypatch.setattr(export, "layout_figure", lambda *a: calls.append(a[1]) or original(*a))
    skipped = render(lines, "png")
    assert calls == []  # no second layout ...
    monkeypatch.setattr(export, "layout_figure", original)
    assert skipped == _laid_out_again(
        fig_focus_industries(jobs_frame(synthetic=True), "3105"), "png"
    )  # ... and the same bytes as with one
    lines.fig.axes[0].set_title("endret etter bygging")  # a change makes the figure stale
    assert not export.laid_out(lines.fig, "full", lines.height_cm)


def test_numbers_at_bar_ends_are_always_laid_out_again(monkeypatch) -> None:
    # Fitting the value labels can move the axis limits a little on a second pass (council
    # figures 03 and 12 change), so such figures keep the layout every render has always done.
    from naering_analysis.figures import export

    frame = pd.DataFrame(
        {"bransje": list(BRANSJE_ORDER), "contribution_pp": [1.2, 0.8, -0.4, 0.3, 0.5, -1.1]}
    )
    bars = fig_contributions(with_attrs(frame))
    assert not export.laid_out(bars.fig, "full", bars.height_cm)
    calls: list[str] = []
    original = export.layout_figure
    monkeypatch.setattr(export, "layout_figure", lambda *a: calls.append(a[1]) or original(*a))
    render(bars, "png")
    assert calls == ["full"]


def test_council_style_carries_seaborn_white_without_importing_seaborn() -> None:
    import seaborn as sns

    expected = dict(sns.axes_style("white"))
    assert expected.pop("image.cmap") == "rocket"  # seaborn's own colour map; no images drawn
    assert expected == SEABORN_WHITE

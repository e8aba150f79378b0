"""The two peer-comparison council figures: ranking, highlight, goal line, source and demo mark."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from naering_analysis.errors import AnalysisError
from naering_analysis.figures import export_figure
from naering_analysis.figures.peers import (
    HIGHLIGHT,
    MAX_ROWS,
    fig_attractiveness_rank,
    fig_growth_vs_structural,
)
from naering_analysis.figures.style import SYNTHETIC_MARK

PROV = {"table": "13470", "fetched_at": "2026-11-26T08:15:00Z", "synthetic": True}


def measures(n: int = 6) -> pd.DataFrame:
    """n municipalities; 3105 has the third-highest attractiveness (0.5 pp), 3101 is missing."""
    codes = ["3103", "3107", "3105", "3110", "3120", "3101", *[f"46{i:02d}" for i in range(n - 6)]]
    attractiveness = [1.5, 0.9, 0.5, -0.2, -1.0, np.nan, *np.linspace(-3, 3, n - 6)]
    frame = pd.DataFrame(
        {
            "region_code": codes,
            "start_year": 2017,
            "end_year": 2022,
            "attractiveness_annual_pp": attractiveness,
            "structural_annual_pct": 0.8,
            "jobs_annual_pct": [0.8 + a for a in attractiveness],
        }
    )
    frame.attrs = {"provenance": [PROV], "synthetic": True}
    return frame


def texts(fig: Figure) -> list[str]:
    found = [t.get_text() for t in fig.findobj(match=lambda a: hasattr(a, "get_text"))]
    return [t for t in found if isinstance(t, str) and t]


def test_ranked_dot_plot_highlights_the_municipality_and_states_its_rank() -> None:
    frame = measures()
    cf = fig_attractiveness_rank(frame, "3105", frame["region_code"], group_name="Fylket")
    # 3101 is missing and not ranked: 3105 is third of five.
    assert "nr. 3 av 5" in cf.subtitle and "nr. 3 av 5" in cf.alt_text
    assert cf.data["Kommune"].tolist() == [
        "Moss",
        "Fredrikstad",
        "Sarpsborg",
        "Hvaler",
        "Rakkestad",
    ]
    assert cf.data["Rangering på attraktivitet"].tolist() == [1, 2, 3, 4, 5]
    assert cf.title == "Attraktivitet for næringsliv: Sarpsborg i fylket, 2017–2022"
    assert cf.synthetic and cf.alt_text.startswith(SYNTHETIC_MARK)
    shown = texts(cf.fig)
    assert any("Kilde" in t and "13470" in t for t in shown)
    assert SYNTHETIC_MARK in shown
    cf.fig.canvas.draw()
    bold = [t for t in cf.fig.axes[0].get_yticklabels() if t.get_fontweight() == "bold"]
    assert [t.get_text() for t in bold] == ["Sarpsborg"] and bold[0].get_color() == HIGHLIGHT


def test_a_large_group_shows_top_bottom_and_the_municipality() -> None:
    frame = measures(120)
    cf = fig_attractiveness_rank(frame, "3105", frame["region_code"], group_name="Hele landet")
    cf.fig.canvas.draw()
    labels = [t.get_text() for t in cf.fig.axes[0].get_yticklabels()]
    # 20 highest, 20 lowest and Sarpsborg (in the middle, so not among them).
    assert len(labels) == MAX_ROWS and "Sarpsborg" in labels
    assert len(cf.data) == 119  # every ranked member stays in the data export
    assert "høyeste og laveste" in cf.subtitle


def test_scatter_has_goal_line_diagonal_and_labelled_municipality() -> None:
    frame = measures()
    cf = fig_growth_vs_structural(frame, "3105", frame["region_code"], group_name="Fylket")
    shown = texts(cf.fig)
    assert "Sarpsborg" in shown and "Målrate 1,5 % per år" in [
        t.replace("\u00a0", " ") for t in shown
    ]
    # Moss, Fredrikstad and Sarpsborg have positive attractiveness: above the diagonal.
    assert "3 av 5 kommuner ligger over diagonalen" in cf.alt_text
    assert list(cf.data.columns) == [
        "region_code",
        "Kommune",
        "Strukturell vekst, % per år",
        "Faktisk vekst, % per år",
    ]


def test_a_missing_value_for_the_municipality_is_a_clear_error() -> None:
    frame = measures()
    with pytest.raises(AnalysisError, match="3101"):
        fig_attractiveness_rank(frame, "3101", frame["region_code"], group_name="Fylket")


def test_export_writes_every_format(tmp_path: Path) -> None:
    frame = measures()
    cf = fig_growth_vs_structural(frame, "3105", frame["region_code"], group_name="Fylket")
    written = export_figure(cf, tmp_path)
    assert {"png", "svg", "pdf", "csv"} <= set(written)
    assert all(Path(p).stat().st_size > 0 for p in written.values())


def test_scatter_names_the_peers_at_both_extremes_without_overlap() -> None:
    """Sarpsborg plus the three peers furthest above and below the diagonal, apart on the page.

    In ``measures(12)`` the six extra codes lie on -3 … 3 pp: the highest are 4605 (3,0), 4604
    (1,8) and Moss (1,5); the lowest 4600 (-3,0), 4601 (-1,8) and Rakkestad (-1,0).
    """
    frame = measures(12)
    cf = fig_growth_vs_structural(frame, "3105", frame["region_code"], group_name="Hele landet")
    cf.fig.canvas.draw()
    ax = cf.fig.axes[0]
    name_of = dict(zip(cf.data["region_code"], cf.data["Kommune"], strict=True))
    names = [name_of[c] for c in ("4605", "4604", "3103", "4600", "4601", "3120")]
    shown = {t.get_text(): t for t in ax.texts}
    assert set(names) | {"Sarpsborg"} <= set(shown)
    assert "Fredrikstad" not in shown  # in the middle: not named
    renderer = cf.fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [shown[n].get_window_extent(renderer) for n in [*names, "Sarpsborg"]]
    overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a.overlaps(b)]
    assert overlaps == []


def test_the_same_scatter_is_drawn_the_same_way_twice() -> None:
    frame = measures(40)
    positions = []
    for _ in range(2):
        cf = fig_growth_vs_structural(frame, "3105", frame["region_code"], group_name="Fylket")
        cf.fig.canvas.draw()
        positions.append([t.get_position() for t in cf.fig.axes[0].texts])
    assert positions[0] == positions[1]


def spread(n: int = 30, seed: int = 3) -> pd.DataFrame:
    """n municipalities spread as in a real peer group: structural 1,0–1,6 %, actual −0,5–4 %."""
    rng = np.random.default_rng(seed)
    codes = ["3105", *[f"46{i:02d}" for i in range(n - 1)]]
    structural = rng.uniform(1.0, 1.6, n)
    actual = rng.uniform(-0.5, 4.0, n)
    structural[0], actual[0] = 1.25, 1.2  # Sarpsborg among its neighbours, as in the demo
    frame = pd.DataFrame(
        {
            "region_code": codes,
            "start_year": 2020,
            "end_year": 2025,
            "attractiveness_annual_pp": actual - structural,
            "structural_annual_pct": structural,
            "jobs_annual_pct": actual,
        }
    )
    frame.attrs = {"provenance": [PROV], "synthetic": True}
    return frame


@pytest.mark.parametrize("seed", range(40))
def test_no_name_covers_the_point_it_names_in_the_exported_figure(seed: int) -> None:
    """Names are placed for the laid-out figure: placed before it, Sarpsborg's covered its dot."""
    from naering_analysis.figures.export import render

    frame = spread(seed=seed)
    cf = fig_growth_vs_structural(frame, "3105", frame["region_code"], group_name="Fylket")
    render(cf, "png")  # as the council gets it: laid out at 16 cm
    ax = cf.fig.axes[0]
    renderer = cf.fig.canvas.get_renderer()  # type: ignore[attr-defined]
    point = {
        name: (sx, sy)
        for name, sx, sy in zip(
            cf.data["Kommune"],
            cf.data["Strukturell vekst, % per år"],
            cf.data["Faktisk vekst, % per år"],
            strict=True,
        )
    }
    named = [t for t in ax.texts if t.get_text() in point]
    assert "Sarpsborg" in [t.get_text() for t in named] and len(named) >= 3
    for text in named:
        area = 46 if text.get_text() == "Sarpsborg" else 16  # the markers' sizes (pt²)
        radius = 0.5 * np.sqrt(area) * cf.fig.dpi / 72
        box = text.get_window_extent(renderer)  # the name itself (its white box is wider)
        px, py = ax.transData.transform(point[text.get_text()])
        inside_x = box.x0 - radius < px < box.x1 + radius
        inside_y = box.y0 - radius < py < box.y1 + radius
        assert not (inside_x and inside_y), f"{text.get_text()} covers its own point"

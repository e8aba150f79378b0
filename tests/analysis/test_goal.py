import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.analysis.goal import (
    ALL_FOCUS_LABEL,
    FOCUS_BRANSJER,
    goal_gap,
    jobs_per_year_at_rate,
    required_focus_growth,
    required_growth,
    target_path,
)
from naering_analysis.errors import AnalysisError
from tests.helpers import make_frame

# series_frame: region 3105, totals 1000 (2017), 1010, ..., 1050 (2022), 1060 (2023).


def test_target_path_by_hand(series_frame):
    out = target_path(series_frame, base_year=2017, rate=0.015, target_year=2019)
    # 1000, 1000 * 1.015 = 1015, 1015 * 1.015 = 1030.225
    assert out["year"].tolist() == [2017, 2018, 2019]
    assert out["target_jobs"].tolist() == pytest.approx([1000, 1015, 1030.225], rel=1e-12)
    default = target_path(series_frame)
    assert default["year"].tolist() == list(range(2022, 2031))
    # 1050 * 1.015 ** 8 = 1182.8172159
    assert default["target_jobs"].iloc[-1] == pytest.approx(1182.8172159, rel=1e-9)


def test_target_path_negative_rate(series_frame):
    out = target_path(series_frame, base_year=2017, rate=-0.1, target_year=2018)
    assert out["target_jobs"].tolist() == pytest.approx([1000, 900])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"rate": -1.0}, "rate"),
        ({"rate": float("nan")}, "rate"),
        ({"target_year": 2022}, "target_year"),
        ({"base_year": 2010}, "base_year=2010"),
    ],
)
def test_target_path_validates(series_frame, kwargs, match):
    with pytest.raises(AnalysisError, match=match):
        target_path(series_frame, **kwargs)


def test_target_path_needs_region_when_several(toy_frame):
    with pytest.raises(AnalysisError, match="region="):
        target_path(toy_frame, base_year=2017)
    out = target_path(toy_frame, base_year=2017, target_year=2018, region="R")
    assert out["target_jobs"].tolist() == pytest.approx([200, 203])


def test_goal_gap_actual_by_hand(series_frame):
    out = goal_gap(series_frame, base_year=2020).set_index("year")
    assert out.index.tolist() == [2020, 2021, 2022, 2023]
    assert set(out["kind"]) == {"faktisk"}
    # 2021: target 1030 * 1.015 = 1045.45; actual 1040 -> gap -5.45 jobs;
    # growth 1040 / 1030 - 1 = 0.970874 % -> 0.970874 - 1.5 = -0.529126 pp.
    assert out.loc[2021, "target_jobs"] == pytest.approx(1045.45)
    assert out.loc[2021, "gap_jobs"] == pytest.approx(-5.45)
    assert out.loc[2021, "gap_pp"] == pytest.approx(-0.529126, abs=1e-6)
    # 2022: sqrt(1050 / 1030) - 1 = 0.966206 %
    assert out.loc[2022, "cagr_since_base_pct"] == pytest.approx(0.966206, abs=1e-6)
    assert math.isnan(out.loc[2020, "gap_pp"])
    assert out.loc[2020, "gap_jobs"] == 0


@pytest.fixture
def projection() -> pd.DataFrame:
    rows = [("3105", "10-33", y, 600) for y in range(2024, 2031)]
    rows += [("3105", "86-88", y, 470 + 10 * (y - 2024)) for y in range(2024, 2031)]
    frame = make_frame(rows)
    frame["lo80"] = frame["jobs"] - 5
    frame["hi80"] = frame["jobs"] + 5
    return frame


def test_goal_gap_with_projection(series_frame, projection):
    out = goal_gap(series_frame, projection).set_index("year")
    assert out.index.tolist() == list(range(2022, 2031))
    assert out.loc[2023, "kind"] == "faktisk"
    assert out.loc[2024, "kind"] == "framskrevet"
    # 2030: 600 + 530 = 1130 projected; bounds summed over industries: 1120 and 1140.
    assert out.loc[2030, "jobs"] == 1130
    assert out.loc[2030, "lo80"] == 1120
    assert out.loc[2030, "hi80"] == 1140
    assert math.isnan(out.loc[2023, "lo80"])
    assert out.loc[2030, "gap_jobs"] == pytest.approx(1130 - 1182.8172159, rel=1e-9)


def test_goal_gap_projection_must_cover_years(series_frame, projection):
    with pytest.raises(AnalysisError, match="2030"):
        goal_gap(series_frame, projection.loc[projection["year"] < 2030])


def test_goal_gap_across_break(break_frame):
    with pytest.raises(AnalysisError, match="brudd"):
        goal_gap(break_frame, base_year=2013, target_year=2020)
    out = goal_gap(break_frame, base_year=2013, target_year=2020, allow_break=True)
    assert len(out) == 4


def test_required_growth_by_hand(series_frame):
    rate = required_growth(series_frame)
    # T = 1050 * 1.015 ** 8 = 1182.8172159; L = 2023 (1060): (T / 1060) ** (1 / 7) - 1
    assert rate == pytest.approx(0.0157847341, rel=1e-8)
    assert 1060 * (1 + rate) ** 7 == pytest.approx(1050 * 1.015**8, rel=1e-12)


def test_required_growth_single_year_and_errors(series_frame):
    one = series_frame.loc[series_frame["year"] == 2022]
    # One year of history: base = latest, so the required rate is the goal itself.
    assert required_growth(one) == pytest.approx(0.015, rel=1e-12)
    with pytest.raises(AnalysisError, match="target_year=2023"):
        required_growth(series_frame, target_year=2023)
    with pytest.raises(AnalysisError, match="base_year=2024"):
        required_growth(series_frame, base_year=2024)


def test_jobs_per_year_at_rate_by_hand(series_frame):
    out = jobs_per_year_at_rate(series_frame)
    # Latest 2023: 1060 * 0.015 = 15.9; then 1075.9 * 0.015 = 16.1385.
    assert out["year"].tolist() == list(range(2024, 2031))
    assert out["increment_jobs"].iloc[:2].tolist() == pytest.approx([15.9, 16.1385])
    assert out["path_jobs"].iloc[0] == pytest.approx(1075.9)
    assert "target_jobs" not in out  # not the target path, which starts from the base year
    from_base = jobs_per_year_at_rate(series_frame, rate=0.02, year=2017, target_year=2018)
    assert from_base["increment_jobs"].tolist() == pytest.approx([20.0])


@pytest.fixture
def focus_frames() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Three groups: 2022 = 200/100/700 (1000), 2023 = 210/100/690; projection 2030 = 250/110/700."""
    groups = ["Grønn industri", "Bygg og anlegg", "Øvrige næringer"]
    actual = pd.DataFrame(
        {
            "region_code": "3105",
            "bransje": groups * 2,
            "industry_code": ["10-33", "41-43", "85"] * 2,
            "year": [2022] * 3 + [2023] * 3,
            "jobs": pd.array([200, 100, 700, 210, 100, 690], dtype="Int64"),
        }
    )
    projected = pd.DataFrame(
        {
            "region_code": "3105",
            "bransje": groups * 2,
            "year": [2024] * 3 + [2030] * 3,
            "jobs": [212.0, 101.0, 690.0, 250.0, 110.0, 700.0],
        }
    )
    return actual, projected


FOCUS = ["Grønn industri", "Bygg og anlegg"]


def test_required_focus_growth_by_hand(focus_frames):
    actual, projected = focus_frames
    out = required_focus_growth(actual, projected, focus=FOCUS).set_index("bransje")
    # T = 1000 * 1.015 ** 8 = 1126.4925866; L = 2023, h = 7.
    # Both: rest = 700, need 426.4925866 from 310 -> (426.49/310) ** (1/7) - 1 = 0.0466291531
    # Grønn alone: rest = 810, need 316.49 from 210 -> 0.0603498472
    # Bygg alone: rest = 950, need 176.49 from 100 -> 0.0845426570
    both = out.index[0]
    assert both.startswith("Alle")
    assert out["required_rate"].tolist() == pytest.approx(
        [0.0466291531, 0.0603498472, 0.0845426570], rel=1e-8
    )
    assert out.loc[both, "rest_jobs_target"] == 700
    # (360 / 310) ** (1 / 7) - 1 = 0.0215914702
    assert out.loc[both, "projected_rate"] == pytest.approx(0.0215914702, rel=1e-8)
    # Every row needs the same 1126.49 - 1060 = 66.49 extra jobs in 2030.
    assert out["extra_jobs_2030"].tolist() == pytest.approx([66.4925866] * 3, rel=1e-8)
    assert out["feasible"].all()
    assert (out["required_pct"] == out["required_rate"] * 100).all()
    target = out["target_jobs"].iloc[0]
    reached = out["jobs_latest"] * (1 + out["required_rate"]) ** 7 + out["rest_jobs_target"]
    assert reached.tolist() == pytest.approx([target] * 3, rel=1e-12)


def test_required_focus_growth_already_reached_and_negative(focus_frames):
    actual, projected = focus_frames
    high = projected.copy()
    high.loc[(high["year"] == 2030) & (high["bransje"] == "Øvrige næringer"), "jobs"] = 1200
    out = required_focus_growth(actual, high, focus=FOCUS)
    assert not out["feasible"].any()
    assert out["required_rate"].isna().all()
    assert out["note"].str.contains("allerede").all()
    mid = projected.copy()
    mid.loc[(mid["year"] == 2030) & (mid["bransje"] == "Øvrige næringer"), "jobs"] = 1000
    first = required_focus_growth(actual, mid, focus=FOCUS).iloc[0]
    # need = 126.49 < 310: the focus groups may shrink and the target is still reached.
    assert first["feasible"]
    assert first["required_rate"] < 0
    assert "Negativ" in first["note"]


def test_required_focus_growth_zero_base(focus_frames):
    actual, projected = focus_frames
    actual = actual.copy()
    actual.loc[(actual["year"] == 2023) & (actual["bransje"] == "Bygg og anlegg"), "jobs"] = 0
    out = required_focus_growth(actual, projected, focus=FOCUS).set_index("bransje")
    assert not out.loc["Bygg og anlegg", "feasible"]
    assert math.isnan(out.loc["Bygg og anlegg", "required_rate"])
    assert out.loc["Grønn industri", "feasible"]


def test_required_focus_growth_default_focus_and_errors(focus_frames):
    actual, projected = focus_frames
    with pytest.raises(AnalysisError, match="focus"):
        required_focus_growth(actual, projected)  # the five default bransjer are not all there
    with pytest.raises(AnalysisError, match="focus="):
        required_focus_growth(actual, projected, by="industry_code")
    with pytest.raises(AnalysisError, match="2030"):
        required_focus_growth(actual, projected.loc[projected["year"] < 2030], focus=FOCUS)
    names = [*FOCUS_BRANSJER, "Øvrige næringer"]
    full = pd.DataFrame(
        {
            "region_code": "3105",
            "bransje": names * 2,
            "year": [2022] * 6 + [2023] * 6,
            "jobs": [100] * 12,
        }
    )
    proj = full.assign(year=full["year"] + 8)
    out = required_focus_growth(full, proj)
    assert out["bransje"].iloc[0] == ALL_FOCUS_LABEL
    assert out["bransje"].iloc[1:].tolist() == list(FOCUS_BRANSJER)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 5000), st.integers(1, 5000), st.integers(0, 8000)),
        min_size=2,
        max_size=6,
    ),
    st.floats(-0.05, 0.08),
    st.integers(0, 3),
)
def test_required_focus_growth_reproduces_target(groups, rate, n_focus):
    names = [f"g{k}" for k in range(len(groups))]
    focus = names[: max(1, min(n_focus, len(names) - 1))]
    actual = pd.DataFrame(
        {
            "region_code": "3105",
            "bransje": names * 2,
            "year": [2022] * len(names) + [2024] * len(names),
            "jobs": [g[0] for g in groups] + [g[1] for g in groups],
        }
    )
    projected = pd.DataFrame(
        {"region_code": "3105", "bransje": names, "year": 2030, "jobs": [g[2] for g in groups]}
    )
    out = required_focus_growth(actual, projected, rate=rate, focus=focus)
    target = sum(g[0] for g in groups) * (1 + rate) ** 8
    ok = out.loc[out["feasible"]]
    reached = ok["jobs_latest"] * (1 + ok["required_rate"]) ** 6 + ok["rest_jobs_target"]
    assert np.allclose(reached, target, rtol=1e-9)
    assert (out.loc[~out["feasible"], "required_rate"].isna()).all()
    assert np.allclose(out["target_jobs"], target, rtol=1e-12)

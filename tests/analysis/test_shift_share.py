import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.analysis.shift_share import (
    dynamic_shift_share,
    shift_share,
    shift_share_summary,
    structural_vs_attractiveness,
)
from naering_analysis.errors import AnalysisError
from tests.helpers import make_frame

# Toy (conftest.toy_frame), 2017 -> 2022, by hand:
#   Reference N: 4000 -> 4200, G = 0.05; g = 0.2 (10-33), 0 (41-43), 0 (86-88).
#   Region R: e0 = 100/50/50 (200), e1 = 110/40/80; r = 0.1, -0.2, 0.6.
#   national_share = e0 * G           = 5, 2.5, 2.5          (sum 10)
#   industry_mix   = e0 * (g - G)     = 15, -2.5, -2.5       (sum 10)
#   regional_shift = e0 * (r - g)     = -10, -10, 30         (sum 10)
#   actual         = 10, -10, 30                             (sum 30)
# Esteban-Marquillas: homothetic ê0 = 200 * (1000, 2000, 1000) / 4000 = 50, 100, 50
#   competitive = ê0 * (r - g)        = -5, -20, 30          (sum 5)
#   allocation  = (e0 - ê0) * (r - g) = -5, 10, 0            (sum 5)


def test_classic_by_hand(toy_frame):
    out = shift_share(toy_frame, "R", "N", 2017, 2022).set_index("industry_code")
    assert out["national_share"].tolist() == pytest.approx([5, 2.5, 2.5])
    assert out["industry_mix"].tolist() == pytest.approx([15, -2.5, -2.5])
    assert out["regional_shift"].tolist() == pytest.approx([-10, -10, 30])
    assert out["actual_change"].tolist() == [10, -10, 30]
    assert out["reference_rate"].tolist() == pytest.approx([0.05] * 3)
    assert out["region_rate"].tolist() == pytest.approx([0.1, -0.2, 0.6])
    assert "competitive" not in out.columns
    assert set(out["region_code"]) == {"R"}
    assert set(out["reference_code"]) == {"N"}


def test_esteban_marquillas_by_hand(toy_frame):
    out = shift_share(toy_frame, "R", "N", 2017, 2022, method="esteban_marquillas")
    out = out.set_index("industry_code")
    assert out["homothetic_jobs_start"].tolist() == pytest.approx([50, 100, 50])
    assert out["competitive"].tolist() == pytest.approx([-5, -20, 30])
    assert out["allocation"].tolist() == pytest.approx([-5, 10, 0], abs=1e-9)
    assert out["regional_shift"].tolist() == pytest.approx([-10, -10, 30])


def test_summary_sums_components(toy_frame):
    result = shift_share(toy_frame, "R", "N", 2017, 2022, method="esteban_marquillas")
    out = shift_share_summary(result).set_index("component")
    assert out["jobs"].to_dict() == pytest.approx(
        {
            "actual_change": 30,
            "national_share": 10,
            "industry_mix": 10,
            "regional_shift": 10,
            "competitive": 5,
            "allocation": 5,
        }
    )
    assert out.loc["national_share", "component_label"] == "Nasjonal komponent"
    assert out.loc["industry_mix", "component_label"] == "Bransjestruktur"
    assert out.loc["regional_shift", "component_label"] == "Regional effekt"
    assert out.loc["actual_change", "share_of_start_pct"] == pytest.approx(15.0)


def test_two_frames_equal_one_frame(toy_frame):
    region = toy_frame.loc[toy_frame["region_code"] == "R"]
    reference = toy_frame.loc[toy_frame["region_code"] == "N"]
    one = shift_share(toy_frame, "R", "N", 2017, 2022)
    two = shift_share(region, None, reference, 2017, 2022)
    implicit = shift_share(toy_frame, None, "N", 2017, 2022)
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(one, implicit)


def test_by_bransje(toy_frame):
    out = shift_share(toy_frame, "R", "N", 2017, 2022, by="bransje").set_index("bransje")
    assert out.loc["Grønn industri", "industry_mix"] == pytest.approx(15)


def test_region_zero_base_goes_to_regional_shift(toy_frame):
    frame = toy_frame.copy()
    new = (frame["region_code"] == "R") & (frame["industry_code"] == "86-88")
    frame.loc[new & (frame["year"] == 2017), "jobs"] = 0
    out = shift_share(frame, "R", "N", 2017, 2022, method="esteban_marquillas")
    row = out.set_index("industry_code").loc["86-88"]
    # e0 = 0, e1 = 80: no national share or mix; all 80 is regional (and competitive).
    assert row["national_share"] == 0
    assert row["industry_mix"] == 0
    assert row["regional_shift"] == 80
    assert row["competitive"] == 80
    assert row["allocation"] == 0
    assert pd.isna(row["region_rate"])


def test_reference_zero_base_is_an_error(toy_frame):
    frame = toy_frame.copy()
    frame.loc[(frame["region_code"] == "N") & (frame["industry_code"] == "41-43"), "jobs"] = 0
    with pytest.raises(AnalysisError, match="41-43"):
        shift_share(frame, "R", "N", 2017, 2022)


def test_errors(toy_frame, break_frame):
    with pytest.raises(AnalysisError, match="method"):
        shift_share(toy_frame, "R", "N", 2017, 2022, method="wrong")  # type: ignore[arg-type]
    with pytest.raises(AnalysisError, match="mangler"):
        shift_share(toy_frame.loc[toy_frame["year"] == 2022], "R", "N", 2017, 2022)
    with pytest.raises(AnalysisError, match="før"):
        shift_share(toy_frame, "R", "N", 2022, 2017)
    partial = toy_frame.loc[
        ~((toy_frame["region_code"] == "R") & (toy_frame["industry_code"] == "41-43"))
    ]
    with pytest.raises(AnalysisError, match="right_only"):
        shift_share(partial, "R", "N", 2017, 2022)
    reference = break_frame.assign(region_code="0")
    both = pd.concat([break_frame, reference])
    with pytest.raises(AnalysisError, match="brudd"):
        shift_share(both, "3105", "0", 2013, 2016)
    out = shift_share(both, "3105", "0", 2013, 2016, allow_break=True)
    assert out["actual_change"].iloc[0] == 3


# Dynamic, by hand: years 2020-2022, two industries.
#   ref A: 100, 110, 121; ref B: 100, 100, 100 (totals 200, 210, 221)
#   reg A: 10, 12, 12;    reg B: 10, 10, 14
# 2020->21: G = 0.05, gA = 0.1, gB = 0.
#   NS = 0.5, 0.5; IM = 10 * 0.05 = 0.5, 10 * -0.05 = -0.5; RS = 2 - 1 = 1, 0.
# 2021->22: G = 11/210, gA = 0.1, gB = 0.
#   NS = 12 * 11/210, 10 * 11/210; IM = 1.2 - 12 * 11/210, -10 * 11/210; RS = -1.2, 4.
@pytest.fixture
def dynamic_frame() -> pd.DataFrame:
    rows = [("N", "A", y, v) for y, v in zip((2020, 2021, 2022), (100, 110, 121), strict=True)]
    rows += [("N", "B", y, 100) for y in (2020, 2021, 2022)]
    rows += [("R", "A", y, v) for y, v in zip((2020, 2021, 2022), (10, 12, 12), strict=True)]
    rows += [("R", "B", y, v) for y, v in zip((2020, 2021, 2022), (10, 10, 14), strict=True)]
    return make_frame(rows)


def test_dynamic_by_hand(dynamic_frame):
    out = dynamic_shift_share(dynamic_frame, "R", "N", 2020, 2022).set_index("industry_code")
    assert out.loc["A", "national_share"] == pytest.approx(0.5 + 132 / 210)
    assert out.loc["A", "industry_mix"] == pytest.approx(1.7 - 132 / 210)
    assert out.loc["A", "regional_shift"] == pytest.approx(-0.2)
    assert out.loc["B", "national_share"] == pytest.approx(0.5 + 110 / 210)
    assert out.loc["B", "industry_mix"] == pytest.approx(-0.5 - 110 / 210)
    assert out.loc["B", "regional_shift"] == pytest.approx(4.0)
    assert out["jobs_start"].tolist() == [10, 10]
    assert out["jobs_end"].tolist() == [12, 14]
    assert out["actual_change"].tolist() == [2, 4]
    yearly = dynamic_shift_share(dynamic_frame, "R", "N", 2020, 2022, yearly=True)
    assert len(yearly) == 4
    assert set(yearly["start_year"]) == {2020, 2021}


def test_dynamic_with_one_step_equals_static(toy_frame, dynamic_frame):
    static = shift_share(dynamic_frame, "R", "N", 2021, 2022)
    dynamic = dynamic_shift_share(dynamic_frame, "R", "N", 2021, 2022)
    for col in ("national_share", "industry_mix", "regional_shift"):
        assert dynamic[col].tolist() == pytest.approx(static[col].tolist())


def test_dynamic_needs_every_year(dynamic_frame):
    with pytest.raises(AnalysisError, match="2021"):
        dynamic_shift_share(dynamic_frame.loc[dynamic_frame["year"] != 2021], "R", "N", 2020, 2022)


def test_structural_vs_attractiveness_by_hand(toy_frame):
    out = structural_vs_attractiveness(toy_frame, "R", "N", 2017, 2022).set_index("component")
    assert out["jobs"].to_dict() == pytest.approx(
        {
            "national_share": 10,
            "industry_mix": 10,
            "structural": 20,
            "attractiveness": 10,
            "actual": 30,
        }
    )
    assert out.loc["structural", "component_label"] == "Strukturell vekst"
    assert out.loc["attractiveness", "component_label"] == "Attraktivitet"
    # Annualised: 1.05 ** 0.2 - 1 = 0.980580 %; 1.1 ** 0.2 - 1 = 1.924488 %; 1.15 ** 0.2 - 1 = 2.834672 %.
    assert out.loc["national_share", "annual_pct"] == pytest.approx(0.980580, rel=1e-6)
    assert out.loc["structural", "annual_pct"] == pytest.approx(1.924488, rel=1e-6)
    assert out.loc["actual", "annual_pct"] == pytest.approx(2.834672, rel=1e-6)
    assert out.loc["attractiveness", "annual_pct"] == pytest.approx(2.834672 - 1.924488, rel=1e-5)
    assert out.loc["structural", "share_of_start_pct"] == pytest.approx(10.0)


def test_structural_dynamic_adds_up(dynamic_frame):
    out = structural_vs_attractiveness(dynamic_frame, "R", "N", 2020, 2022, dynamic=True)
    out = out.set_index("component")
    assert out.loc["structural", "jobs"] + out.loc["attractiveness", "jobs"] == pytest.approx(6)
    parts = out.loc["national_share", "annual_pct"] + out.loc["industry_mix", "annual_pct"]
    assert parts + out.loc["attractiveness", "annual_pct"] == pytest.approx(
        out.loc["actual", "annual_pct"]
    )


jobs = st.integers(0, 10_000)
positive = st.integers(1, 10_000)


@st.composite
def panels(draw: st.DrawFn) -> pd.DataFrame:
    n_ind = draw(st.integers(1, 5))
    n_years = draw(st.integers(2, 4))
    rows = []
    for i in range(n_ind):
        for y in range(n_years):
            rows.append(("R", f"i{i}", 2017 + y, draw(jobs)))
            rows.append(("N", f"i{i}", 2017 + y, draw(positive)))
    return make_frame(rows)


@settings(max_examples=60, deadline=None)
@given(panels(), st.sampled_from(["classic", "esteban_marquillas"]))
def test_components_sum_to_actual_change(frame, method):
    end = int(frame["year"].max())
    for result in (
        shift_share(frame, "R", "N", 2017, end, method=method),
        dynamic_shift_share(frame, "R", "N", 2017, end, method=method),
    ):
        parts = result["national_share"] + result["industry_mix"] + result["regional_shift"]
        scale = 1 + result["actual_change"].abs().max() + result["jobs_start"].abs().max()
        assert (parts - result["actual_change"]).abs().max() <= 1e-9 * scale
        if method == "esteban_marquillas":
            split = result["competitive"] + result["allocation"]
            assert (split - result["regional_shift"]).abs().max() <= 1e-9 * scale

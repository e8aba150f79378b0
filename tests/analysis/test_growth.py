import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.analysis.growth import (
    annual_change,
    cagr,
    cagr_value,
    contributions,
    location_quotients,
    sector_decomposition,
)
from naering_analysis.datasets.checks import break_years, check_break, require_years, totals
from naering_analysis.errors import AnalysisError
from tests.helpers import make_frame

# --- datasets.checks -------------------------------------------------------------------------


def test_totals_sums_industries_and_keeps_missing_visible():
    frame = make_frame([("R", "a", 2022, 1), ("R", "b", 2022, 2), ("S", "a", 2022, None)])
    out = totals(frame).set_index("region_code")["jobs"]
    assert out["R"] == 3.0
    assert math.isnan(out["S"])  # not silently 0


def test_require_years_names_region_and_years():
    frame = make_frame([("R", "a", 2020, 1), ("S", "a", 2020, 1), ("S", "a", 2021, 1)])
    with pytest.raises(AnalysisError, match=r"region R: mangler \[2021\]"):
        require_years(frame, [2020, 2021], "test")


def test_break_years_from_column_and_attrs():
    frame = make_frame([("R", "a", y, 1) for y in (2018, 2019, 2020)])
    frame["break_before"] = frame["year"] == 2019
    frame.attrs["series_break_year"] = [2020]
    assert break_years(frame) == [2015, 2019, 2020]
    with pytest.raises(AnalysisError, match="brudd"):
        check_break(2018, 2019, frame=frame)
    check_break(2019, 2019, frame=frame.iloc[:0])
    check_break(2018, 2020, allow_break=True, frame=frame)


# --- annual_change ------------------------------------------------------------------------


def test_annual_change_by_hand(series_frame):
    out = annual_change(series_frame, by=("region_code",))
    # totals 1000, 1010, ...: 2018 change 10 jobs = 10 / 1000 = 1.0 %; 2019 10 / 1010.
    assert math.isnan(out["change_jobs"].iloc[0])
    assert math.isnan(out["change_pct"].iloc[0])
    assert out["change_jobs"].iloc[1] == 10
    assert out["change_pct"].iloc[1] == pytest.approx(1.0)
    assert out["change_pct"].iloc[2] == pytest.approx(100 * 10 / 1010)


def test_annual_change_per_industry_and_negative(series_frame):
    frame = series_frame.copy()
    frame.loc[frame["year"] == 2019, "jobs"] = 540  # 10-33: 600 -> 540 in 2019 = -10 %
    frame.loc[(frame["year"] == 2019) & (frame["industry_code"] == "86-88"), "jobs"] = 420
    out = annual_change(frame).set_index(["industry_code", "year"])
    assert out.loc[("10-33", 2019), "change_pct"] == pytest.approx(-10.0)
    assert out.loc[("10-33", 2020), "change_jobs"] == 60


def test_annual_change_gap_is_not_annual(series_frame):
    frame = series_frame.loc[series_frame["year"] != 2020]
    out = annual_change(frame, by=("region_code",)).set_index("year")
    assert math.isnan(out.loc[2021, "change_jobs"])  # 2019 -> 2021 is two years, not one
    assert out.loc[2022, "change_jobs"] == 10


def test_annual_change_zero_base_gives_nan_not_inf():
    frame = make_frame([("R", "a", 2020, 0), ("R", "a", 2021, 5)])
    out = annual_change(frame)
    assert out["change_jobs"].iloc[1] == 5
    assert math.isnan(out["change_pct"].iloc[1])


def test_annual_change_across_break(break_frame):
    with pytest.raises(AnalysisError, match="2015"):
        annual_change(break_frame)
    out = annual_change(break_frame, allow_break=True)
    assert out["change_jobs"].iloc[1:].tolist() == [1.0, 1.0, 1.0]


# --- cagr ---------------------------------------------------------------------------------


def test_cagr_value_by_hand():
    # 100 -> 121 over two years is 10 % a year: 1.1 * 1.1 = 1.21.
    assert cagr_value(100, 121, 2) == pytest.approx(0.1, rel=1e-12)
    assert cagr_value(100, 81, 2) == pytest.approx(-0.1, rel=1e-12)
    for args in [(0, 10, 2), (10, -1, 2), (10, 10, 0)]:
        with pytest.raises(AnalysisError):
            cagr_value(*args)


def test_cagr_by_hand(toy_frame):
    out = cagr(toy_frame, 2017, 2022).set_index("region_code")
    # R: 200 -> 230 over 5 years: 1.15 ** 0.2 - 1 = 0.0283467221
    assert out.loc["R", "cagr_rate"] == pytest.approx(0.0283467221, rel=1e-9)
    assert out.loc["R", "cagr_pct"] == pytest.approx(2.83467221, rel=1e-9)
    assert out.loc["R", "change_jobs"] == 30
    # N: 4000 -> 4200: 1.05 ** 0.2 - 1 = 0.0098057977
    assert out.loc["N", "cagr_rate"] == pytest.approx(0.0098057977, rel=1e-8)


def test_cagr_per_industry_negative(toy_frame):
    out = cagr(toy_frame, 2017, 2022, by=("region_code", "industry_code"))
    row = out.set_index(["region_code", "industry_code"]).loc[("R", "41-43")]
    # 50 -> 40: 0.8 ** 0.2 - 1 = 0.95635250 - 1 = -0.0436475
    assert row["cagr_rate"] == pytest.approx(-0.0436475, abs=1e-7)


@pytest.mark.parametrize(
    ("start", "end", "match"),
    [(2022, 2017, "før"), (2022, 2022, "før"), (2016, 2022, "2016"), (2017, 2023, "2023")],
)
def test_cagr_errors(toy_frame, start, end, match):
    with pytest.raises(AnalysisError, match=match):
        cagr(toy_frame, start, end)


def test_cagr_zero_start_and_single_year_and_break(toy_frame, break_frame):
    frame = toy_frame.copy()
    frame.loc[(frame["region_code"] == "R") & (frame["year"] == 2017), "jobs"] = 0
    with pytest.raises(AnalysisError, match="R"):
        cagr(frame, 2017, 2022)
    with pytest.raises(AnalysisError, match="mangler"):
        cagr(toy_frame.loc[toy_frame["year"] == 2022], 2017, 2022)
    with pytest.raises(AnalysisError, match="a-ordningen"):
        cagr(break_frame, 2013, 2016)
    out = cagr(break_frame, 2013, 2016, allow_break=True)
    assert out["cagr_rate"].iloc[0] == pytest.approx((503 / 500) ** (1 / 3) - 1)


def test_cagr_missing_value_is_an_error(toy_frame):
    frame = toy_frame.copy()
    frame.loc[0, "jobs"] = pd.NA
    with pytest.raises(AnalysisError, match="mangler tall"):
        cagr(frame, 2017, 2022)


# --- contributions ------------------------------------------------------------------------


def test_contributions_by_hand(toy_frame):
    out = contributions(toy_frame, 2017, 2022, region="R").set_index("industry_code")
    # Changes 10, -10, 30 on a start total of 200 -> 5, -5, 15 pp; total 30 jobs = 15 %.
    assert out["change_jobs"].tolist() == [10, -10, 30]
    assert out["contribution_pp"].tolist() == pytest.approx([5.0, -5.0, 15.0])
    assert out["growth_pct"].tolist() == pytest.approx([10.0, -20.0, 60.0])
    by_bransje = contributions(toy_frame, 2017, 2022, by="bransje", region="R")
    assert by_bransje["contribution_pp"].sum() == pytest.approx(15.0)


def test_contributions_needs_region_when_several(toy_frame):
    with pytest.raises(AnalysisError, match="region="):
        contributions(toy_frame, 2017, 2022)


def test_contributions_refuses_sector_all(sector_frame):
    with pytest.raises(AnalysisError, match="all"):
        contributions(sector_frame, 2017, 2022, by="sector_code")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 5000)), min_size=1, max_size=8).filter(
        lambda pairs: sum(p[0] for p in pairs) > 0
    )
)
def test_contributions_sum_to_total(pairs):
    rows = [("R", f"i{k}", 2017, a) for k, (a, _) in enumerate(pairs)]
    rows += [("R", f"i{k}", 2022, b) for k, (_, b) in enumerate(pairs)]
    out = contributions(make_frame(rows), 2017, 2022)
    start = sum(a for a, _ in pairs)
    change = sum(b for _, b in pairs) - start
    assert out["change_jobs"].sum() == pytest.approx(change, abs=1e-9)
    assert out["contribution_pp"].sum() == pytest.approx(change / start * 100, rel=1e-9, abs=1e-9)


# --- sectors ------------------------------------------------------------------------------


def test_sector_decomposition_by_hand(sector_frame):
    with pytest.warns(UserWarning, match="avviker"):
        out = sector_decomposition(sector_frame, 2017, 2022)
    out = out.set_index("sector_code")
    # private 700 -> 690 (-10 = -1 pp of 1000), public 300 -> 330 (+30 = +3 pp), sum +20 = 2 %.
    assert out.loc["private", "contribution_pp"] == pytest.approx(-1.0)
    assert out.loc["public", "contribution_pp"] == pytest.approx(3.0)
    assert out.loc["all", "change_jobs"] == 20
    assert out.loc["all", "contribution_pp"] == pytest.approx(2.0)
    # (690/700) ** 0.2 - 1 = -0.0028736107; (330/300) ** 0.2 - 1 = 0.0192448765
    assert out.loc["private", "cagr_rate"] == pytest.approx(-0.0028736107, rel=1e-7)
    assert out.loc["public", "cagr_pct"] == pytest.approx(1.92448765, rel=1e-8)
    # SSB's all says 1022 in 2022; private + public = 1020 -> residual 2.
    assert out.loc["all", "residual_jobs_end"] == 2
    assert out.loc["all", "residual_jobs_start"] == 0
    assert math.isnan(out.loc["private", "residual_jobs_end"])


def test_sector_decomposition_without_reported_all(sector_frame):
    frame = sector_frame.loc[sector_frame["sector_code"] != "all"]
    out = sector_decomposition(frame, 2017, 2022)
    assert "residual_jobs_end" not in out.columns
    assert out["sector_code"].tolist() == ["private", "public", "all"]


def test_sector_decomposition_needs_both_sectors(sector_frame):
    with pytest.raises(AnalysisError, match="public"):
        sector_decomposition(sector_frame.loc[sector_frame["sector_code"] != "public"], 2017, 2022)


# --- location quotients -------------------------------------------------------------------


def test_location_quotients_by_hand(toy_frame):
    out = location_quotients(toy_frame, "R", "N").set_index(["year", "industry_code"])
    # 2017: shares R 0.5/0.25/0.25, N 0.25/0.5/0.25 -> LQ 2, 0.5, 1.
    assert out.loc[2017, "location_quotient"].tolist() == pytest.approx([2.0, 0.5, 1.0])
    # 2022, 10-33: (110/230) / (1200/4200) = 462000 / 276000 = 1.6739130
    assert out.loc[(2022, "10-33"), "location_quotient"] == pytest.approx(1.6739130, rel=1e-7)
    assert out.loc[(2017, "10-33"), "share_pct"] == pytest.approx(50.0)
    assert (out["reference_code"] == "N").all()


def test_location_quotients_reference_frame_and_year(toy_frame):
    region = toy_frame.loc[toy_frame["region_code"] == "R"]
    reference = toy_frame.loc[toy_frame["region_code"] == "N"]
    out = location_quotients(region, "R", reference, year=2017)
    assert out["year"].unique().tolist() == [2017]
    assert out["location_quotient"].tolist() == pytest.approx([2.0, 0.5, 1.0])


def test_location_quotients_reference_total_counts_all_industries(toy_frame):
    region = toy_frame.loc[
        (toy_frame["region_code"] == "R") & (toy_frame["industry_code"] != "86-88")
    ]
    out = location_quotients(
        pd.concat([region, toy_frame.loc[toy_frame["region_code"] == "N"]]), "R", "N"
    )
    # Region lacks 86-88; N's total is still 4000 in 2017: (100/150) / (1000/4000) = 2.6667
    first = out.set_index(["year", "industry_code"]).loc[(2017, "10-33"), "location_quotient"]
    assert first == pytest.approx(8 / 3)


def test_location_quotients_errors(toy_frame):
    with pytest.raises(AnalysisError, match="'0'"):
        location_quotients(toy_frame, "R", "0")
    with pytest.raises(AnalysisError, match="2019"):
        location_quotients(toy_frame, "R", "N", year=2019)
    no_ref = toy_frame.loc[
        ~((toy_frame["region_code"] == "N") & (toy_frame["industry_code"] == "41-43"))
    ]
    with pytest.raises(AnalysisError, match="referansen mangler"):
        location_quotients(no_ref, "R", "N")


def test_location_quotient_zero_reference_is_nan():
    frame = make_frame(
        [("R", "a", 2020, 5), ("R", "b", 2020, 0), ("N", "a", 2020, 10), ("N", "b", 2020, 0)]
    )
    out = location_quotients(frame, "R", "N")
    assert out["location_quotient"].iloc[0] == pytest.approx(1.0)
    assert np.isnan(out["location_quotient"].iloc[1])

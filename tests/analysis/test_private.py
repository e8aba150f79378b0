"""The private-sector lens: shares, private growth per focus industry, the private growth the goal needs."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from naering_analysis.analysis.private import (
    ALL_INDUSTRIES_LABEL,
    private_by_bransje,
    required_private_growth,
    sector_shares,
)
from naering_analysis.errors import AnalysisError
from naering_analysis.reference.industries import load_focus_mapping

# (industry, sector) -> jobs in 2020, 2022, 2024. Worked by hand in the tests below.
JOBS = {
    ("10-33", "private"): (100, 121, 100),  # Grønn industri: +10 %/yr, then 100/121
    ("10-33", "public"): (0, 0, 0),
    ("86-88", "private"): (20, 20, 45),  # Helsebasert næring: flat, then ×2.25 in two years
    ("86-88", "public"): (80, 80, 105),
    ("41-43", "private"): (10, 10, 10),
    ("41-43", "public"): (0, 0, 0),
    ("45-47", "private"): (10, 10, 10),
    ("45-47", "public"): (0, 0, 0),
    ("58-63", "private"): (10, 10, 10),
    ("58-63", "public"): (0, 0, 0),
    ("84", "private"): (0, 0, 0),  # Øvrige næringer: all public
    ("84", "public"): (50, 50, 50),
}
YEARS = (2020, 2022, 2024)


def sector_frame(jobs=JOBS, region="R", dtype="Int64") -> pd.DataFrame:
    rows = [
        {"region_code": region, "industry_code": code, "sector_code": sector, "year": y, "jobs": n}
        for (code, sector), counts in jobs.items()
        for y, n in zip(YEARS, counts, strict=True)
    ]
    # SSB's own "all" rows are ignored: private + public is the total. Give them nonsense.
    rows += [
        {**r, "sector_code": "all", "jobs": 999_999} for r in rows if r["sector_code"] == "public"
    ]
    frame = pd.DataFrame(rows).astype({"jobs": dtype})
    return load_focus_mapping().apply(frame)


def test_sector_shares_by_hand():
    out = sector_shares(sector_frame()).set_index("year")
    # 2024: private 100 + 45 + 30 = 175; public 105 + 50 = 155.
    assert out.loc[2024, ["private_jobs", "public_jobs", "jobs"]].tolist() == [175, 155, 330]
    assert out.loc[2024, "private_share"] == pytest.approx(175 / 330)
    assert out.loc[2020, "private_share"] == pytest.approx(150 / 280)


def test_private_by_bransje_by_hand():
    out = private_by_bransje(sector_frame(), 2020, 2022).set_index("bransje")
    green = out.loc["Grønn industri"]
    assert green["private_jobs_latest"] == 100 and green["latest_year"] == 2024
    assert green["private_rate_period"] == pytest.approx(0.10)  # 100 → 121 in two years
    assert green["private_rate_since"] == pytest.approx(10 / 11 - 1)  # 121 → 100
    assert green["private_share_latest"] == 1.0
    health = out.loc["Helsebasert næring"]
    assert health["private_rate_period"] == 0.0
    assert health["private_rate_since"] == pytest.approx(0.5)  # 20 → 45 = ×1.5²
    assert (health["private_share_start"], health["private_share_latest"]) == (0.2, 0.3)
    five = out.loc["Alle fem satsingsbransjer"]
    assert five["private_jobs_latest"] == 175 and five["public_jobs_latest"] == 105
    assert five["private_rate_period"] == pytest.approx(math.sqrt(171 / 150) - 1)
    assert five["private_share_latest"] == pytest.approx(0.625)
    every = out.loc[ALL_INDUSTRIES_LABEL]
    assert every["public_jobs_latest"] == 155
    assert every["private_share_latest"] == pytest.approx(175 / 330)
    assert list(out.index)[-2:] == ["Alle fem satsingsbransjer", ALL_INDUSTRIES_LABEL]


def test_private_by_bransje_without_years_since_and_without_private_jobs():
    jobs = {**JOBS, ("41-43", "private"): (0, 0, 0), ("41-43", "public"): (5, 5, 5)}
    out = private_by_bransje(sector_frame(jobs), 2020, 2024, latest=2024).set_index("bransje")
    assert np.isnan(out.loc["Grønn industri", "private_rate_since"])  # latest is the period's end
    assert np.isnan(out.loc["Bygg og anlegg", "private_rate_period"])  # no private jobs to grow


def test_private_by_bransje_refuses_missing_cells_and_sectors():
    frame = sector_frame()
    hidden = frame.copy()
    hidden.loc[(hidden.industry_code == "86-88") & (hidden.year == 2022), "jobs"] = pd.NA
    with pytest.raises(AnalysisError, match="mangler verdi"):
        private_by_bransje(hidden, 2020, 2022)
    with pytest.raises(AnalysisError, match="både 'private' og 'public'"):
        private_by_bransje(frame[frame.sector_code != "public"], 2020, 2022)


def projection(public: float, private: float, year: int = 2026) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_code": "R",
            "industry_code": ["84", "10-33", "84"],
            "sector_code": ["public", "private", "all"],
            "year": year,
            "jobs": [public, private, public + private],
        }
    )


def test_required_private_growth_by_hand():
    # T = 400 in 2026; public 155 → 176 projected; private 175 now: needs 224 = 175 · 1.28.
    out = required_private_growth(sector_frame(), projection(176.0, 190.0), 400.0, 2026).iloc[0]
    assert (out["latest_year"], out["target_year"]) == (2024, 2026)
    assert out["private_required_target"] == pytest.approx(224.0)
    assert out["private_required_rate"] == pytest.approx(math.sqrt(1.28) - 1)
    assert out["public_rate"] == pytest.approx(math.sqrt(176 / 155) - 1)
    assert out["private_projected_rate"] == pytest.approx(math.sqrt(190 / 175) - 1)
    assert bool(out["feasible"]) is True


def test_required_private_growth_when_public_jobs_alone_reach_the_target():
    out = required_private_growth(sector_frame(), projection(176.0, 190.0), 170.0, 2026).iloc[0]
    assert bool(out["feasible"]) is False and np.isnan(out["private_required_rate"])


def test_required_private_growth_needs_the_target_year_in_the_projection():
    with pytest.raises(AnalysisError, match="har ikke år 2027"):
        required_private_growth(sector_frame(), projection(176.0, 190.0), 400.0, 2027)
    with pytest.raises(AnalysisError, match="ikke før target_year=2024"):
        required_private_growth(sector_frame(), projection(176.0, 190.0), 400.0, 2024)


@given(
    private_now=st.floats(1, 1e5),
    public_now=st.one_of(st.just(0.0), st.floats(1, 1e5)),  # whole persons: 0 or at least 1
    public_then=st.one_of(st.just(0.0), st.floats(1, 1e5)),
    extra=st.floats(1, 1e5),
    horizon=st.integers(1, 10),
)
def test_the_required_private_path_meets_the_target(
    private_now, public_now, public_then, extra, horizon
):
    """P_L · (1 + r)^h + G_T = T whenever T > G_T: public as projected, private as required."""
    jobs = {("10-33", "private"): (1, 1, private_now), ("84", "public"): (1, 1, public_now)}
    jobs |= {(c, "private"): (1, 1, 1) for c in ("41-43", "45-47", "58-63", "86-88")}
    jobs |= {(c, "public"): (0, 0, 0) for c in ("10-33", "41-43", "45-47", "58-63", "86-88")}
    frame = sector_frame(jobs, dtype="Float64")
    frame = frame[frame.sector_code != "all"]
    target = public_then + extra
    out = required_private_growth(
        frame, projection(public_then, 1.0, 2024 + horizon), target, 2024 + horizon
    ).iloc[0]
    private_latest = out["private_jobs_latest"]
    reached = private_latest * (1 + out["private_required_rate"]) ** horizon + public_then
    assert reached == pytest.approx(target, rel=1e-9)

"""The jobs goal against the population projection: every formula by hand, identities as properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.analysis.labour_balance import (
    LabourBase,
    commuting_path,
    implied_rate,
    labour_balance,
    labour_base,
    residents_needed,
)
from naering_analysis.errors import AnalysisError


def _base(**changes: float) -> LabourBase:
    values = {
        "region_code": "3105",
        "year": 2025,
        "jobs_all_ages": 30000.0,
        "jobs_15_74": 29400.0,  # a = 0.98
        "residents_employed": 28000.0,
        "in_commuters": 13230.0,  # i = 0.45
        "out_commuters": 11830.0,  # W = E + I - O: 28000 + 13230 - 11830 = 29400
        "population_15_74": 42000.0,  # 66.666... %
        "target_year": 2030,
        "jobs_target": 33000.0,
    }
    return LabourBase(**{**values, **changes})  # type: ignore[arg-type]


def _projection(**alternatives: float | None) -> pd.DataFrame:
    rows = [("3105", 2031, alt, value) for alt, value in alternatives.items()]
    rows.append(("3105", 2030, "MMMM", 1))  # another year: ignored
    frame = pd.DataFrame(rows, columns=["region_code", "year", "alternative", "persons"])
    frame["persons"] = frame["persons"].astype("Int64")
    return frame


def test_residents_needed_and_rate_by_hand() -> None:
    # 1000 jobs, 40 % held by in-commuters: 600 by residents; 25 % of residents work elsewhere,
    # so 600 / 0.75 = 800 employed residents.
    assert residents_needed(1000.0, in_share=0.4, out_share=0.25) == pytest.approx(800.0)
    assert implied_rate(800.0, 1000.0) == 80.0
    assert math.isnan(implied_rate(800.0, 0.0))
    assert math.isnan(implied_rate(800.0, float("nan")))
    with pytest.raises(AnalysisError, match="pendlerandelene"):
        residents_needed(1.0, in_share=1.0, out_share=0.1)


def test_shares_by_hand() -> None:
    base = _base()
    assert base.age_share == pytest.approx(0.98)
    assert base.in_share == pytest.approx(0.45)
    assert base.out_share == pytest.approx(11830 / 28000)
    assert base.rate_pct == pytest.approx(200 / 3)


def test_balance_by_hand() -> None:
    base = _base()
    out = labour_balance(base, _projection(MMMM=43000, LLML=42000, HHMH=44000))
    assert out["alternative"].tolist() == ["LLML", "MMMM", "HHMH"]
    main = out.set_index("alternative").loc["MMMM"]
    jobs = 33000 * 0.98  # 32340 jobs 15-74
    needed = jobs * 0.55 / (1 - 11830 / 28000)  # 17787 / 0.5775 = 30800
    assert main["jobs_15_74_target"] == pytest.approx(32340.0)
    assert main["residents_needed"] == pytest.approx(needed)
    assert needed == pytest.approx(30800.0)
    assert main["population_gain"] == 1000.0  # 43000 on 1 Jan 2031 - 42000
    assert main["implied_rate_pct"] == pytest.approx(100 * 30800 / 43000)  # 71.63 %
    assert main["rate_change_pp"] == pytest.approx(100 * 30800 / 43000 - 200 / 3)
    at_today = 43000 * 2 / 3  # 28666.67
    assert main["residents_at_today_rate"] == pytest.approx(at_today)
    assert main["gap_residents"] == pytest.approx(30800 - at_today)  # 2133.33
    assert main["gap_net_commuting"] == pytest.approx((30800 - at_today) * 0.5775)


def test_a_missing_projection_stays_missing_and_a_missing_year_is_an_error() -> None:
    out = labour_balance(_base(), _projection(MMMM=None))
    assert math.isnan(out["implied_rate_pct"].iloc[0]) and math.isnan(out["gap_residents"].iloc[0])
    with pytest.raises(AnalysisError, match=r"1\. januar 2031"):
        labour_balance(_base(), _projection(MMMM=1).assign(year=2029))


def test_labour_base_reads_the_latest_common_year() -> None:
    employment = pd.DataFrame(
        {"region_code": "3105", "year": [2022, 2024, 2024], "jobs": [1000, 600, 500]}
    )
    people = [
        ("residents_employed", 1000),
        ("in_commuters", 400),
        ("out_commuters", 300),
        ("jobs", 1100),
    ]
    commuting = pd.DataFrame(
        [("3105", year, m, v) for year in (2023, 2024) for m, v in people],
        columns=["region_code", "year", "measure", "persons"],
    )
    labour = pd.DataFrame(
        [("3105", 2024, "population_15_74", 1500)],
        columns=["region_code", "year", "measure", "persons"],
    )
    base = labour_base(employment, commuting, labour, "3105", base_year=2022, rate=0.1,
                       target_year=2024)  # fmt: skip
    assert base.year == 2024 and base.jobs_all_ages == 1100.0
    assert base.jobs_target == pytest.approx(1000 * 1.1**2)
    assert base.age_share == 1.0 and base.in_share == pytest.approx(400 / 1100)
    with pytest.raises(AnalysisError, match="11618"):
        labour_base(employment, commuting, labour.assign(measure="jobs"), "3105",
                    base_year=2022, target_year=2024)  # fmt: skip


shares = st.floats(min_value=0.0, max_value=0.9)
counts = st.floats(min_value=1.0, max_value=1e6)


@settings(max_examples=100, deadline=None)
@given(shares, shares, st.lists(counts, min_size=1, max_size=10))
def test_the_commuting_identity_holds_along_the_path(
    in_share: float, out_share: float, jobs: list[float]
) -> None:
    employed = 10000.0
    base = _base(
        jobs_15_74=10000.0,
        in_commuters=10000.0 * in_share,
        residents_employed=employed,
        out_commuters=employed * out_share,
    )
    path = commuting_path(base, pd.Series(jobs))
    total = path["residents_employed"] + path["in_commuters"] - path["out_commuters"]
    np.testing.assert_allclose(total, path["jobs"], rtol=1e-9)
    np.testing.assert_allclose(path["in_commuters"] / path["jobs"], in_share, atol=1e-12)


@settings(max_examples=100, deadline=None)
@given(counts, shares)
def test_the_gap_closes_at_the_implied_rate(population: float, rate: float) -> None:
    base = _base(population_15_74=1000.0, residents_employed=1000.0 * max(rate, 0.01),
                 out_commuters=0.0)  # fmt: skip
    out = labour_balance(base, _projection(MMMM=round(population)))
    row = out.iloc[0]
    # At the implied rate the population gives exactly the residents needed; the gap is what
    # today's rate leaves, and it is zero when the two rates are equal.
    assert row["implied_rate_pct"] / 100 * row["population_15_74_target"] == pytest.approx(
        row["residents_needed"]
    )
    assert row["gap_residents"] == pytest.approx(
        (row["implied_rate_pct"] - row["rate_today_pct"]) / 100 * row["population_15_74_target"],
        rel=1e-9,
        abs=1e-6,
    )

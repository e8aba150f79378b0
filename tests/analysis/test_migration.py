"""Population change by component and living attractiveness, on hand-computed frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.analysis.migration import (
    components,
    fit_expected,
    living_attractiveness,
    living_ranks,
    period_rates,
)
from naering_analysis.errors import AnalysisError

MEASURES = ("population_start", "births", "deaths", "immigration", "emigration", "domestic_in",
            "domestic_out", "population_change")  # fmt: skip


def _long(rows: dict[tuple[str, int], tuple[float | None, ...]]) -> pd.DataFrame:
    out = [
        (code, year, measure, value)
        for (code, year), values in rows.items()
        for measure, value in zip(MEASURES, values, strict=True)
    ]
    frame = pd.DataFrame(out, columns=["region_code", "year", "measure", "persons"])
    frame["persons"] = frame["persons"].astype("Int64")
    return frame


def test_components_by_hand() -> None:
    # 1 000 on 1 January; 12 born, 9 died, 20 immigrated, 5 emigrated, 60 in, 70 out: +8.
    parts = components(_long({("3105", 2023): (1000, 12, 9, 20, 5, 60, 70, 8)})).iloc[0]
    assert parts["natural_change"] == 3
    assert parts["net_international"] == 15
    assert parts["net_domestic"] == -10
    assert parts["net_migration"] == 5
    assert parts["residual"] == 0


def test_components_keep_a_missing_cell_missing() -> None:
    parts = components(_long({("3105", 2023): (1000, 12, None, 20, 5, 60, 70, 8)})).iloc[0]
    assert np.isnan(parts["natural_change"]) and np.isnan(parts["residual"])
    assert parts["net_domestic"] == -10


def test_a_residual_shows_what_the_published_figures_leave() -> None:
    parts = components(_long({("3105", 2023): (1000, 12, 9, 20, 5, 60, 70, 10)})).iloc[0]
    assert parts["residual"] == 2


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(*[st.integers(0, 5000) for _ in range(7)]), min_size=1, max_size=6))
def test_components_add_up_to_population_change(rows: list[tuple[int, ...]]) -> None:
    data = {}
    for i, (start, b, d, imm, emi, din, dout) in enumerate(rows):
        change = b - d + imm - emi + din - dout
        data[("3105", 2010 + i)] = (start, b, d, imm, emi, din, dout, change)
    parts = components(_long(data))
    total = parts[["natural_change", "net_international", "net_domestic"]].sum(axis=1)
    assert (total == parts["population_change"]).all()
    assert (parts["residual"] == 0).all()


def test_period_rates_by_hand() -> None:
    # Jobs from Q4 2021 to Q4 2023: the moves of 2022 and 2023. 1 000 + 1 010 person-years,
    # net domestic 12 + 8 = 20 → 20 / 2 010 · 1 000 = 9.950… per 1 000 a year.
    data = {
        ("3105", 2021): (990, 0, 0, 0, 0, 99, 0, 99),  # outside the period
        ("3105", 2022): (1000, 10, 8, 5, 1, 40, 28, 18),
        ("3105", 2023): (1010, 10, 8, 5, 1, 30, 22, 14),
        ("3107", 2022): (500, 5, 5, 0, 0, 10, 10, 0),  # 2023 missing: not rated
    }
    rates = period_rates(components(_long(data)), 2021, 2023).set_index("region_code")
    assert rates.loc["3105", "person_years"] == 2010
    assert rates.loc["3105", "net_domestic"] == 20
    assert rates.loc["3105", "net_domestic_rate"] == pytest.approx(20 / 2010 * 1000)
    assert rates.loc["3105", "natural_change_rate"] == pytest.approx(4 / 2010 * 1000)
    assert np.isnan(rates.loc["3107", "net_domestic_rate"])


def test_fit_expected_by_hand() -> None:
    # y = 2 + 3x exactly, plus one point off the line by +1 at x = mean: slope stays 3.
    x = np.arange(10.0)
    y = 2 + 3 * x
    fit = fit_expected(x, y, 2017, 2022)
    assert fit.slope == pytest.approx(3) and fit.intercept == pytest.approx(2)
    assert fit.r_squared == pytest.approx(1)
    # Hand-computed: x = 0..9 (mean 4.5, Sxx 82.5), y = 0 except y(9) = 8.25:
    # Sxy = 4.5 · 8.25 = 37.125, slope 0.45, intercept 0.825 − 0.45 · 4.5 = −1.2.
    y2 = np.zeros(10)
    y2[9] = 8.25
    fit2 = fit_expected(x, y2, 2017, 2022)
    assert fit2.slope == pytest.approx(0.45) and fit2.intercept == pytest.approx(-1.2)
    assert fit2.expected(9.0) == pytest.approx(2.85)


def test_fit_expected_needs_enough_municipalities_and_spread() -> None:
    with pytest.raises(AnalysisError, match="minst 10"):
        fit_expected([1.0, 2.0, np.nan] + [np.nan] * 10, [1.0] * 13, 2017, 2022)
    with pytest.raises(AnalysisError, match="lik i alle"):
        fit_expected([1.0] * 12, list(range(12)), 2017, 2022)


def _panel(rates: list[float]) -> pd.DataFrame:
    """Twelve municipalities, 1 000 inhabitants, net domestic moves from ``rates`` in 2023."""
    data = {}
    for i, rate in enumerate(rates):
        code = f"{3101 + i:04d}"
        moves = int(rate)
        data[(code, 2023)] = (1000, 0, 0, 0, 0, 100 + moves, 100, moves)
    return _long(data)


def test_living_attractiveness_by_hand() -> None:
    # Job growth 0..11 % a year; net domestic 2 · growth per 1 000, except the last: 30 (not 22).
    growth = np.arange(12.0)
    rates = [2 * g for g in growth]
    rates[-1] = 30
    jobs = pd.DataFrame(
        {"region_code": [f"{3101 + i:04d}" for i in range(12)], "jobs_annual_pct": growth}
    )
    out = living_attractiveness(_panel(rates), jobs, 2022, 2023).set_index("region_code")
    # OLS by hand: x mean 5.5, Sxx 143; y = 2x + 8·[x = 11]: Sxy = 2·143 + 8·5.5 = 330,
    # slope 330/143 = 2.3077; ȳ = (2·66 + 8)/12 = 140/12, intercept ȳ − slope·5.5.
    slope = 330 / 143
    intercept = 140 / 12 - slope * 5.5
    fit = out.attrs["expected_migration"]
    assert fit["slope"] == pytest.approx(slope) and fit["intercept"] == pytest.approx(intercept)
    last = out.loc["3112"]
    assert last["expected_rate"] == pytest.approx(intercept + slope * 11)
    assert last["living_attractiveness"] == pytest.approx(30 - intercept - slope * 11)
    assert last["living_attractiveness_persons"] == pytest.approx(last["living_attractiveness"])
    # Residuals of an OLS line with an intercept sum to zero.
    assert out["living_attractiveness"].sum() == pytest.approx(0, abs=1e-9)
    ranked = living_ranks(out.reset_index(), "3112", {"Alle": list(out.index)})
    row = ranked.loc[ranked["measure"] == "living_attractiveness"].iloc[0]
    assert row["text"] == "nr. 1 av 12"

"""Bankruptcies: months summed to whole years, per 1 000 inhabitants, per 100 new enterprises."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.analysis import bankruptcies as bk
from naering_analysis.errors import AnalysisError


def _months(region: str, year: int, counts: list[int | None]) -> list[tuple]:
    return [(region, year, month, n) for month, n in enumerate(counts, start=1)]


def _frame(rows: list[tuple]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=["region_code", "year", "month", "bankruptcies"])
    out["bankruptcies"] = out["bankruptcies"].astype("Int64")
    return out


POP = pd.DataFrame(
    {"region_code": ["3105"] * 3, "year": [2022, 2023, 2024], "population": [5000, 6000, 7000]}
)
NEW = pd.DataFrame(
    {"region_code": ["3105"] * 3, "year": [2022, 2023, 2024], "enterprises": [50, 60, 70]}
)


def test_rates_by_hand():
    # 2022: 12 x 1 = 12; 2023: 6 x 2 + 6 x 0 = 12; 2024: 12 x 0 + 21 in December = 21
    b = _frame(
        _months("3105", 2022, [1] * 12)
        + _months("3105", 2023, [2, 0] * 6)
        + _months("3105", 2024, [0] * 11 + [21])
    )
    out = bk.rates(b, POP, NEW)
    assert out["bankruptcies"].tolist() == [12.0, 12.0, 21.0]
    # per 1 000: 12 / 5 000 -> 2.4; 12 / 6 000 -> 2.0; 21 / 7 000 -> 3.0
    assert out["per_1000"].tolist() == pytest.approx([2.4, 2.0, 3.0])
    # pooled: 1 000 x (12 + 12 + 21) / (5 000 + 6 000 + 7 000) = 45 / 18 = 2.5
    assert math.isnan(out["per_1000_3y"].iloc[1])
    assert out["per_1000_3y"].iloc[2] == pytest.approx(2.5)
    # per 100 new: 12 / 50 -> 24; 12 / 60 -> 20; 21 / 70 -> 30; pooled 100 x 45 / 180 = 25
    assert out["per_100_new"].tolist() == pytest.approx([24.0, 20.0, 30.0])
    assert out["per_100_new_3y"].iloc[2] == pytest.approx(25.0)


def test_a_year_without_twelve_months_has_no_count():
    b = _frame(
        _months("3105", 2023, [1] * 12)
        + _months("3105", 2024, [1] * 11)  # December not published yet
        + _months("3105", 2022, [1] * 11 + [None])  # a suppressed month
    )
    years = bk.yearly(b).set_index("year")
    assert years.loc[2023, "bankruptcies"] == 12
    assert math.isnan(years.loc[2024, "bankruptcies"]) and years.loc[2024, "months"] == 11
    assert math.isnan(years.loc[2022, "bankruptcies"]) and years.loc[2022, "months"] == 11
    assert bk.latest_complete_year(b, "3105") == 2023


def test_no_whole_year_is_a_norwegian_error():
    b = _frame(_months("3105", 2024, [1] * 5))
    with pytest.raises(AnalysisError, match="ingen hele år"):
        bk.latest_complete_year(b, "3105")


def test_new_enterprises_frame_is_summed_over_industries():
    b = _frame(_months("3105", 2024, [1] * 12))
    e = pd.DataFrame(
        {
            "region_code": ["3105", "3105"],
            "industry_code": ["41-43", "45-47"],
            "bransje": ["Bygg og anlegg", "Handel"],
            "year": [2024, 2024],
            "enterprises": [30, 10],
        }
    )
    out = bk.rates(b, POP, e)
    assert out["enterprises"].iloc[0] == 40
    assert out["per_100_new"].iloc[0] == pytest.approx(30.0)  # 100 x 12 / 40


def test_zero_new_enterprises_gives_no_ratio():
    b = _frame(_months("3105", 2024, [1] * 12))
    zero = NEW.assign(enterprises=0)
    assert math.isnan(bk.rates(b, POP, zero)["per_100_new"].iloc[0])


def test_council_table_keeps_the_order_asked_for():
    b = _frame(
        [r for code in ("3105", "31", "0") for y in (2022, 2023, 2024)
         for r in _months(code, y, [1] * 12)]
    )  # fmt: skip
    pop = pd.concat([POP.assign(region_code=c) for c in ("3105", "31", "0")])
    new = pd.concat([NEW.assign(region_code=c) for c in ("3105", "31", "0")])
    table = bk.council_table(b, pop, new, 2024, ["0", "3105", "31", "9999"])
    assert table["region_code"].tolist() == ["0", "3105", "31"]
    with pytest.raises(AnalysisError, match="ingen av regionene"):
        bk.council_table(b, pop, new, 2019, ["3105"])


@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.integers(0, 40), min_size=12, max_size=12),
    people=st.integers(100, 1_000_000),
    new=st.integers(1, 5_000),
)
def test_yearly_count_is_the_sum_of_the_months(counts, people, new):
    b = _frame(_months("3105", 2024, counts))
    pop = pd.DataFrame({"region_code": ["3105"], "year": [2024], "population": [people]})
    n = pd.DataFrame({"region_code": ["3105"], "year": [2024], "enterprises": [new]})
    row = bk.rates(b, pop, n).iloc[0]
    assert row["bankruptcies"] == sum(counts)
    assert row["per_1000"] == pytest.approx(1000 * sum(counts) / people)
    # the two rates are one count over two bases: per_1000 x population = per_100_new x new x 10
    assert row["per_1000"] * people == pytest.approx(row["per_100_new"] * new * 10)


def test_demo_snapshot_has_whole_years_for_ostfold():
    from naering_analysis.datasets.bankruptcies import bankruptcies

    frame = bankruptcies()
    assert frame.attrs["synthetic"] is True
    assert bk.latest_complete_year(frame, "3105") == 2024
    years = bk.yearly(frame)
    y2024 = years.loc[years["year"] == 2024].set_index("region_code")["bankruptcies"]
    munis = [c for c in y2024.index if len(c) == 4]
    assert len(munis) == 357 and y2024[munis].sum() == y2024["0"]  # Norway adds up (issue 22)
    ostfold = [c for c in munis if c.startswith("31")]
    assert len(ostfold) == 12 and y2024[ostfold].sum() == y2024["31"]  # Østfold adds up

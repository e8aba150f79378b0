"""Structural growth, attractiveness and the comparison measures, against hand-computed numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.analysis.peers import municipality_measures
from naering_analysis.errors import AnalysisError

# Norway: industry A grows 1000 -> 1100 (+10 %), B stays at 1000 (0 %).
# 3105: A 100 -> 120, B 100 -> 100.  3101: A 50 -> 50, B 150 -> 120.  3107: A suppressed in 2022.
JOBS = [
    ("0", "A", 2017, 1000),
    ("0", "A", 2022, 1100),
    ("0", "B", 2017, 1000),
    ("0", "B", 2022, 1000),
    ("31", "A", 2017, 400),  # a county row: never a municipality in the output
    ("31", "A", 2022, 440),
    ("31", "B", 2017, 400),
    ("31", "B", 2022, 400),
    ("3105", "A", 2017, 100),
    ("3105", "A", 2022, 120),
    ("3105", "B", 2017, 100),
    ("3105", "B", 2022, 100),
    ("3101", "A", 2017, 50),
    ("3101", "A", 2022, 50),
    ("3101", "B", 2017, 150),
    ("3101", "B", 2022, 120),
    ("3107", "A", 2017, 70),
    ("3107", "A", 2022, None),
    ("3107", "B", 2017, 30),
    ("3107", "B", 2022, 30),
]


def jobs_frame(rows: list[tuple[str, str, int, int | None]] = JOBS) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["region_code", "industry_code", "year", "jobs"])
    frame["jobs"] = frame["jobs"].astype("Int64")
    return frame


def row(measures: pd.DataFrame, code: str) -> pd.Series:
    return measures.set_index("region_code").loc[code]


def test_jobs_structural_and_attractiveness_by_hand() -> None:
    m = municipality_measures(jobs_frame(), 2017, 2022)
    assert m["region_code"].tolist() == ["3101", "3105", "3107"]
    s = row(m, "3105")
    # 200 -> 220: +20 jobs, +10 %; structural 100*0.10 + 100*0 = 10 jobs = 5 %; rest 10 jobs, 5 pp.
    assert s["jobs_start"] == 200 and s["jobs_end"] == 220
    assert s["jobs_change"] == pytest.approx(20)
    assert s["jobs_growth_pct"] == pytest.approx(10.0)
    assert s["structural_change"] == pytest.approx(10.0)
    assert s["structural_growth_pct"] == pytest.approx(5.0)
    assert s["attractiveness_jobs"] == pytest.approx(10.0)
    assert s["attractiveness_pp"] == pytest.approx(5.0)
    # Annualised over 5 years: 1.1^(1/5) - 1 = 1.92449 %; 1.05^(1/5) - 1 = 0.98058 %.
    assert s["jobs_annual_pct"] == pytest.approx(1.9244876, abs=1e-6)
    assert s["structural_annual_pct"] == pytest.approx(0.9805798, abs=1e-6)
    assert s["attractiveness_annual_pp"] == pytest.approx(0.9439079, abs=1e-6)
    h = row(m, "3101")
    # 200 -> 170: -30 jobs, -15 %; structural 50*0.10 = 5 jobs = 2.5 %; rest -35 jobs, -17.5 pp.
    assert h["jobs_change"] == pytest.approx(-30)
    assert h["structural_change"] == pytest.approx(5.0)
    assert h["attractiveness_jobs"] == pytest.approx(-35.0)
    assert h["attractiveness_pp"] == pytest.approx(-17.5)
    assert h["jobs_annual_pct"] == pytest.approx(-3.1981215, abs=1e-6)


def test_a_suppressed_cell_gives_missing_measures_not_a_smaller_total() -> None:
    f = row(municipality_measures(jobs_frame(), 2017, 2022), "3107")
    assert f["jobs_start"] == 100
    for column in ("jobs_end", "jobs_change", "jobs_annual_pct", "attractiveness_jobs"):
        assert np.isnan(f[column]), column
    # Structural growth needs only the start year, so it is known.
    assert f["structural_change"] == pytest.approx(7.0)


def test_optional_tables_by_hand() -> None:
    sector = pd.DataFrame(
        {
            "region_code": ["3105", "3105", "3105", "3105"],
            "sector_code": ["private", "private", "public", "public"],
            "year": [2017, 2022, 2017, 2022],
            "jobs": [120, 110, 80, 110],
        }
    )
    population = pd.DataFrame(
        {"region_code": ["3105", "3105"], "year": [2017, 2022], "population": [55127, 58182]}
    )
    # 11616 has 2021 as its latest year: the measures use 2021 and say so.
    commuting = pd.DataFrame(
        {
            "region_code": ["3105"] * 4,
            "year": [2021] * 4,
            "measure": ["jobs", "residents_employed", "in_commuters", "out_commuters"],
            "persons": [29000, 27000, 13000, 11000],
        }
    )
    labour = pd.DataFrame(
        {
            "region_code": ["3105"] * 4,
            "year": [2017, 2017, 2022, 2022],
            "measure": ["residents_employed", "population_15_74"] * 2,
            "persons": [26000, 40000, 27000, 41000],
        }
    )
    m = municipality_measures(
        jobs_frame(),
        2017,
        2022,
        sector=sector,
        population=population,
        commuting=commuting,
        labour=labour,
    )
    s = row(m, "3105")
    assert s["private_jobs_start"] == 120 and s["private_jobs_end"] == 110
    assert s["private_jobs_annual_pct"] == pytest.approx(-1.7251730, abs=1e-6)  # (110/120)^0.2 - 1
    assert s["population_annual_pct"] == pytest.approx(1.0845675, abs=1e-6)  # (58182/55127)^0.2 - 1
    assert s["commuting_year"] == 2021
    assert s["job_coverage"] == pytest.approx(29000 / 27000)
    assert s["net_commuting"] == 2000
    assert s["employment_rate_year"] == 2022
    assert s["employment_rate_pct"] == pytest.approx(65.8536585, abs=1e-6)  # 27000 / 41000
    assert s["employment_rate_change_pp"] == pytest.approx(0.8536585, abs=1e-6)  # minus 65.0
    # Municipalities without those tables get NaN, not zero.
    assert np.isnan(row(m, "3101")["net_commuting"])


def test_clear_errors() -> None:
    with pytest.raises(AnalysisError, match="sluttåret"):
        municipality_measures(jobs_frame(), 2022, 2017)
    no_norway = jobs_frame().query("region_code != '0'")
    with pytest.raises(AnalysisError, match="hele landet"):
        municipality_measures(no_norway, 2017, 2022)
    zero = jobs_frame()
    zero.loc[(zero["region_code"] == "0") & (zero["industry_code"] == "B"), "jobs"] = 0
    with pytest.raises(AnalysisError, match="næring"):
        municipality_measures(zero, 2017, 2022)


cells = st.integers(min_value=1, max_value=50_000)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(cells, cells, cells, cells), min_size=1, max_size=6),
    st.tuples(cells, cells, cells, cells),
)
def test_structural_plus_attractiveness_is_actual(
    municipalities: list[tuple[int, int, int, int]], norway: tuple[int, int, int, int]
) -> None:
    rows = [
        ("0", "A", 2015, norway[0]),
        ("0", "A", 2020, norway[1]),
        ("0", "B", 2015, norway[2]),
        ("0", "B", 2020, norway[3]),
    ]
    for i, (a0, a1, b0, b1) in enumerate(municipalities):
        code = f"{3101 + i}"
        rows += [(code, "A", 2015, a0), (code, "A", 2020, a1), (code, "B", 2015, b0)]
        rows += [(code, "B", 2020, b1)]
    m = municipality_measures(jobs_frame(rows), 2015, 2020)
    total = m["structural_change"] + m["attractiveness_jobs"]
    np.testing.assert_allclose(total, m["jobs_change"], rtol=1e-9, atol=1e-6)
    pp = m["structural_growth_pct"] + m["attractiveness_pp"]
    np.testing.assert_allclose(pp, m["jobs_growth_pct"], rtol=1e-9, atol=1e-9)
    annual = m["structural_annual_pct"] + m["attractiveness_annual_pp"]
    np.testing.assert_allclose(annual, m["jobs_annual_pct"], rtol=1e-9, atol=1e-9)
    # A municipality growing every industry at Norway's rates has zero attractiveness.
    for (a0, _a1, b0, _b1), (_, s) in zip(municipalities, m.iterrows(), strict=True):
        expected = a0 * (norway[1] / norway[0] - 1) + b0 * (norway[3] / norway[2] - 1)
        assert s["structural_change"] == pytest.approx(expected, rel=1e-9, abs=1e-6)


def test_provenance_and_the_synthetic_flag_travel_with_the_measures() -> None:
    jobs = jobs_frame()
    jobs.attrs = {"provenance": [{"table": "13470"}], "synthetic": True}
    population = pd.DataFrame({"region_code": ["3105"], "year": [2017], "population": [1]})
    population.attrs = {"provenance": [{"table": "07459"}, {"table": "13470"}]}
    m = municipality_measures(jobs, 2017, 2022, population=population)
    assert m.attrs["provenance"] == [{"table": "13470"}, {"table": "07459"}]
    assert m.attrs["synthetic"] is True


def test_private_jobs_are_summed_over_industries_and_a_hidden_cell_stays_missing() -> None:
    rows = [
        ("3105", "private", "A", 2017, 60),
        ("3105", "private", "B", 2017, 60),
        ("3105", "private", "A", 2022, 50),
        ("3105", "private", "B", 2022, 60),
        ("3101", "private", "A", 2017, 10),
        ("3101", "private", "B", 2017, None),
        ("3101", "private", "A", 2022, 10),
        ("3101", "private", "B", 2022, 10),
        ("3105", "public", "A", 2017, 999),
    ]
    sector = pd.DataFrame(
        rows, columns=["region_code", "sector_code", "industry_code", "year", "jobs"]
    )
    m = municipality_measures(jobs_frame(), 2017, 2022, sector=sector)
    s = row(m, "3105")
    assert (s["private_jobs_start"], s["private_jobs_end"]) == (120, 110)
    assert s["private_jobs_annual_pct"] == pytest.approx(-1.7251730, abs=1e-6)
    assert np.isnan(row(m, "3101")["private_jobs_start"])


def test_agrees_with_the_one_region_shift_share_on_the_demo() -> None:
    # municipality_measures is the all-municipalities version of structural_vs_attractiveness.
    from naering_analysis.analysis.shift_share import structural_vs_attractiveness
    from naering_analysis.datasets import frames

    jobs = frames.employment()
    own = structural_vs_attractiveness(jobs, "3105", "0", 2017, 2022).set_index("component")
    s = row(municipality_measures(jobs, 2017, 2022), "3105")
    assert s["structural_change"] == pytest.approx(own.loc["structural", "jobs"], rel=1e-9)
    assert s["attractiveness_jobs"] == pytest.approx(own.loc["attractiveness", "jobs"], rel=1e-9)
    assert s["jobs_change"] == pytest.approx(own.loc["actual", "jobs"], rel=1e-9)

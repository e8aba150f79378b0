"""Employment rate 15-74 and its damped-trend projection, by hand and as properties."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.analysis.employment_rate import employment_rate, project_rate
from naering_analysis.errors import AnalysisError


def labour(rows: list[tuple[str, int, int, int]]) -> pd.DataFrame:
    """(region, year, employed residents, population 15-74) rows in 11618's tidy shape."""
    out = []
    for region, year, employed, population in rows:
        out.append((region, year, "residents_employed", employed))
        out.append((region, year, "population_15_74", population))
        out.append((region, year, "jobs", 1))  # other measures are ignored
    return pd.DataFrame(out, columns=["region_code", "year", "measure", "persons"])


def test_rate_by_hand_and_a_missing_population_stays_missing() -> None:
    frame = labour([("3105", 2022, 27000, 41000), ("3105", 2023, 27654, 0)])
    rates = employment_rate(frame)
    assert rates["rate_pct"].iloc[0] == pytest.approx(65.8536585, abs=1e-6)  # 27000 / 41000
    assert np.isnan(rates["rate_pct"].iloc[1])


def test_projection_by_hand() -> None:
    # 2020: 60 %, 2025: 65 %: +1 pp a year over the window of five years.
    rates = pd.DataFrame(
        {"region_code": "3105", "year": range(2020, 2026), "rate_pct": [60, 61, 62, 63, 64, 65.0]}
    )
    out = project_rate(rates, "3105", 2028, phi=0.8, window=5)
    # 65 + 0.8 = 65.8; + 0.64 = 66.44; + 0.512 = 66.952.
    assert out["year"].tolist() == [2026, 2027, 2028]
    assert out["rate_pct"].tolist() == pytest.approx([65.8, 66.44, 66.952])


def test_clear_errors() -> None:
    rates = pd.DataFrame({"region_code": "x", "year": [2024, 2025], "rate_pct": [60.0, 61.0]})
    with pytest.raises(AnalysisError, match="phi"):
        project_rate(rates, "x", 2030, phi=1.5)
    with pytest.raises(AnalysisError, match="målåret"):
        project_rate(rates, "x", 2025)
    with pytest.raises(AnalysisError, match="11618"):
        project_rate(rates, "y", 2030)


levels = st.lists(st.floats(min_value=40, max_value=80), min_size=2, max_size=8)


@settings(max_examples=80, deadline=None)
@given(levels, st.integers(min_value=1, max_value=6))
def test_no_damping_is_a_line_and_full_damping_is_no_change(values: list[float], h: int) -> None:
    years = list(range(2025 - len(values) + 1, 2026))
    rates = pd.DataFrame({"region_code": "x", "year": years, "rate_pct": values})
    window = len(values) - 1
    slope = (values[-1] - values[0]) / window
    line = project_rate(rates, "x", 2025 + h, phi=1.0, window=window)["rate_pct"].to_numpy()
    np.testing.assert_allclose(line, values[-1] + slope * np.arange(1, h + 1), atol=1e-9)
    flat = project_rate(rates, "x", 2025 + h, phi=0.0, window=window)["rate_pct"].to_numpy()
    np.testing.assert_allclose(flat, values[-1], atol=1e-12)

"""New enterprises per 1 000 inhabitants, the three-year pooled rate, bransjer and peer ranks."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.analysis import enterprises as en


def _frame(rows):
    return pd.DataFrame(
        rows, columns=["region_code", "industry_code", "bransje", "year", "enterprises"]
    )


POP = pd.DataFrame(
    {"region_code": ["3105"] * 3, "year": [2022, 2023, 2024], "population": [5000, 6000, 7000]}
)


def test_per_thousand_by_hand():
    # 2022: 30 + 20 = 50 over 5 000 -> 10.0; 2023: 66 / 6 000 -> 11.0; 2024: 42 / 7 000 -> 6.0
    e = _frame([
        ("3105", "41-43", "Bygg og anlegg", 2022, 30), ("3105", "45-47", "Handel", 2022, 20),
        ("3105", "41-43", "Bygg og anlegg", 2023, 36), ("3105", "45-47", "Handel", 2023, 30),
        ("3105", "41-43", "Bygg og anlegg", 2024, 12), ("3105", "45-47", "Handel", 2024, 30),
    ])  # fmt: skip
    out = en.per_thousand(e, POP)
    assert out["per_1000"].tolist() == pytest.approx([10.0, 11.0, 6.0])
    # pooled: (50 + 66 + 42) / (5 000 + 6 000 + 7 000) * 1 000 = 158 / 18 = 8.777...
    assert math.isnan(out["per_1000_3y"].iloc[0]) and math.isnan(out["per_1000_3y"].iloc[1])
    assert out["per_1000_3y"].iloc[2] == pytest.approx(158 / 18)
    by = en.per_thousand(e, POP, by_bransje=True)
    bygg = by[by["bransje"] == "Bygg og anlegg"]
    assert bygg["per_1000"].tolist() == pytest.approx([6.0, 6.0, 12 / 7])
    assert bygg["per_1000_3y"].iloc[-1] == pytest.approx(1000 * 78 / 18000)


def test_suppressed_cell_makes_total_missing_not_smaller():
    e = _frame([
        ("3105", "41-43", "Bygg og anlegg", 2024, 12), ("3105", "45-47", "Handel", 2024, None),
    ])  # fmt: skip
    e["enterprises"] = e["enterprises"].astype("Int64")
    out = en.per_thousand(e, POP)
    assert math.isnan(out["enterprises"].iloc[0]) and math.isnan(out["per_1000"].iloc[0])


def test_gap_in_years_gives_no_average():
    e = _frame([("3105", "41-43", "B", y, 10) for y in (2020, 2022, 2023)])
    pop = pd.DataFrame({"region_code": "3105", "year": [2020, 2022, 2023], "population": 1000})
    assert en.per_thousand(e, pop)["per_1000_3y"].isna().all()


@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.integers(0, 500), min_size=17, max_size=17),
    people=st.integers(100, 1_000_000),
)
def test_bransjer_add_up_to_the_total(counts, people):
    from naering_analysis.reference.industries import SN2007_CODES, load_focus_mapping

    lookup = load_focus_mapping().coarse_lookup
    e = _frame([("3105", c, lookup[c], 2024, n) for c, n in zip(SN2007_CODES, counts, strict=True)])
    pop = pd.DataFrame({"region_code": ["3105"], "year": [2024], "population": [people]})
    total = en.per_thousand(e, pop)
    by = en.per_thousand(e, pop, by_bransje=True)
    assert by["enterprises"].sum() == total["enterprises"].iloc[0] == sum(counts)
    assert by["per_1000"].sum() == pytest.approx(total["per_1000"].iloc[0])


def test_ranks_among_peers_highest_rate_is_first():
    codes = ["3101", "3103", "3105", "3107", "3110", "3112"]
    rates = [5, 12, 10, 8, 20, 3]  # per 1 000; Sarpsborg (3105) is third in the county
    rows, pop = [], []
    for code, rate in zip(codes, rates, strict=True):
        for year in (2022, 2023, 2024):
            rows.append((code, "41-43", "Bygg og anlegg", year, rate * 10))
            pop.append((code, year, 10_000))
    e = _frame(rows)
    p = pd.DataFrame(pop, columns=["region_code", "year", "population"])
    out = en.ranks_among_peers(e, p, "3105", 2024)
    county = out[(out["measure"] == "per_1000") & (out["group"] == "Fylket")].iloc[0]
    assert (county["rank"], county["size"], county["value"]) == (3.0, 6, 10.0)
    assert county["text"] == "nr. 3 av 6"


def test_demo_snapshot_gives_every_municipality():
    from naering_analysis.datasets.enterprises import new_enterprises

    frame = new_enterprises()
    assert frame.attrs["synthetic"] is True
    codes = frame["region_code"].astype(str)
    assert codes[codes.str.len() == 4].nunique() == 357
    assert {"0", "31"} <= set(codes)


def _pooled_by_hand(frame: pd.DataFrame, keys: list[str], window: int) -> pd.Series:
    """The pooled rate row by row, as the module docstring defines it (the reference)."""
    out = pd.Series(np.nan, index=frame.index, dtype="float64")
    for _, part in frame.groupby(keys, sort=False):
        part = part.sort_values("year")
        years, n, p = (
            part[c].to_numpy(dtype="float64") for c in ("year", "enterprises", "population")
        )
        for i in range(window - 1, len(part)):
            lo = i - window + 1
            cn, cp = n[lo : i + 1], p[lo : i + 1]
            if (
                years[i] - years[lo] == window - 1
                and not np.isnan(cn).any()
                and not np.isnan(cp).any()
                and cp.sum() > 0
            ):
                out[part.index[i]] = 1000.0 * cn.sum() / cp.sum()
    return out


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["3105", "3107"]),
            st.integers(2015, 2024),
            st.one_of(st.none(), st.integers(0, 500)),
            st.one_of(st.none(), st.integers(0, 60_000)),
        ),
        min_size=1,
        max_size=30,
        unique_by=lambda r: (r[0], r[1]),
    )
)
def test_pooled_rate_equals_the_row_by_row_definition(rows) -> None:
    """Gaps, missing counts, missing or zero population: the vectorised rate agrees."""
    from naering_analysis.analysis.enterprises import pooled_rate

    frame = pd.DataFrame(rows, columns=["region_code", "year", "enterprises", "population"])
    frame = frame.astype({"enterprises": "float64", "population": "float64"}).sample(
        frac=1.0, random_state=0
    )
    got = pooled_rate(frame, ["region_code"], 3)
    want = _pooled_by_hand(frame, ["region_code"], 3)
    pd.testing.assert_series_equal(got, want, check_names=False)

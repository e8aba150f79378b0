"""Tests for the data-quality overviews on the demo's long series (07984), any municipality."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from naering_analysis.config import paths
from naering_analysis.datasets import frames, quality

RAW = paths(Path(__file__).resolve().parents[2]).raw


@pytest.fixture(scope="module")
def long_frame() -> pd.DataFrame:
    return frames.employment_long(root=RAW)


def test_break_overview_for_a_municipality_outside_the_region(long_frame):
    # Skien (4003): the demo's 07984 holds every municipality (issue 22); by hand from the frame.
    jump = quality.break_overview(long_frame, "4003").set_index("year")
    assert list(jump.index) == list(range(2008, 2026))
    cells = long_frame[long_frame["region_code"] == "4003"]
    by_year = cells.groupby("year")["jobs"].sum()
    assert jump.loc[2015, "jobs"] == by_year[2015]
    assert jump.loc[2015, "change_jobs"] == by_year[2015] - by_year[2014]
    assert jump.loc[2015, "change_pct"] == pytest.approx((by_year[2015] / by_year[2014] - 1) * 100)
    assert jump.loc[2014, "series"] == "2008–2014" and jump.loc[2015, "series"] == "2015–"


def test_break_overview_gives_no_total_for_a_year_with_a_suppressed_cell(long_frame):
    # Aremark (3124) hides 64-66 in 2014-2017 and 2022-2024, and 35-39 in 2008-2013: a sum of
    # the shown cells would undercount those years by one or two jobs, so they have no total.
    jump = quality.break_overview(long_frame, "3124").set_index("year")
    hidden = long_frame[(long_frame["region_code"] == "3124") & long_frame["jobs"].isna()]
    missing_years = sorted(set(hidden["year"]))
    assert missing_years == [*range(2008, 2018), 2022, 2023, 2024]
    assert jump.loc[missing_years, "jobs"].isna().all()
    shown = [2018, 2019, 2020, 2021, 2025]
    cells = long_frame[long_frame["region_code"] == "3124"].groupby("year")["jobs"].sum()
    assert jump.loc[shown, "jobs"].tolist() == cells[shown].tolist()
    assert jump.loc[2019, "change_jobs"] == cells[2019] - cells[2018]
    assert pd.isna(jump.loc[2018, "change_jobs"]) and pd.isna(jump.loc[2025, "change_jobs"])
    assert pd.isna(jump.loc[2018, "change_pct"]) and pd.isna(jump.loc[2025, "change_pct"])

"""Every comparison measure for every municipality: one vectorised pass vs a row-by-row loop.

(a) :func:`municipality_measures` plus :func:`all_ranks` (county and country ranks on every
    measure) for all 357 current municipalities, 17 industries, 2015–2025.
(b) The same numbers the straightforward way: one municipality at a time, filtering the tidy
    frames with pandas and ranking by counting.

The panel is synthetic (``tests.helpers.national_panel``: sizes drawn around a log-normal, like
Norwegian municipalities), so the timing does not depend on which snapshot is present. Run with ``make bench``; the budget for (a)
is 1 s (median).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from tests.helpers import national_panel

from benchmarks.timing import median_seconds
from naering_analysis.analysis.peers import municipality_measures
from naering_analysis.analysis.ranking import MEASURES, all_ranks
from naering_analysis.numfmt import fmt_num
from naering_analysis.reference.division import current_division

BUDGET_S = 1.0
START, END = 2017, 2022
INDUSTRIES = [f"i{n:02d}" for n in range(17)]


def _vectorised(panel: dict[str, pd.DataFrame]) -> pd.DataFrame:
    measures = municipality_measures(panel["jobs"], START, END, **_optional(panel))
    ranked = all_ranks(measures, dict(current_division().counties))
    return measures.merge(ranked, on="region_code")


def _optional(panel: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    return {k: panel[k] for k in ("sector", "population", "commuting", "labour")}


def _row_by_row(panel: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Jobs, structural change, attractiveness and country ranks, one municipality at a time."""
    jobs = panel["jobs"]
    norway = jobs[jobs["region_code"] == "0"]
    rows = []
    for code in current_division().codes:
        own = jobs[jobs["region_code"] == code]
        start_jobs = own[own["year"] == START]["jobs"].sum()
        end_jobs = own[own["year"] == END]["jobs"].sum()
        structural = 0.0
        for industry in INDUSTRIES:
            e0 = own[(own["year"] == START) & (own["industry_code"] == industry)]["jobs"].iloc[0]
            n0 = norway[(norway["year"] == START) & (norway["industry_code"] == industry)]
            n1 = norway[(norway["year"] == END) & (norway["industry_code"] == industry)]
            structural += e0 * (n1["jobs"].iloc[0] / n0["jobs"].iloc[0] - 1)
        rows.append(
            {
                "region_code": code,
                "jobs_change": end_jobs - start_jobs,
                "structural_change": structural,
                "attractiveness_jobs": end_jobs - start_jobs - structural,
            }
        )
    out = pd.DataFrame(rows)
    values = out["attractiveness_jobs"].tolist()
    out["attractiveness_jobs_rank_country"] = [1 + sum(v > x for v in values) for x in values]
    return out


@pytest.fixture(scope="module")
def panel() -> dict[str, pd.DataFrame]:
    return national_panel()


def test_bench_all_municipalities_all_measures(benchmark, panel):
    result = benchmark(_vectorised, panel)
    fast = median_seconds(lambda: _vectorised(panel), 7)
    slow = median_seconds(lambda: _row_by_row(panel), 1)
    naive = _row_by_row(panel)
    for column in ("jobs_change", "structural_change", "attractiveness_jobs"):
        np.testing.assert_allclose(result[column], naive[column], rtol=1e-9)
    assert (
        result["attractiveness_jobs_rank_country"] == naive["attractiveness_jobs_rank_country"]
    ).all()
    n_measures = sum(1 for m in MEASURES if m.column in result.columns)
    benchmark.extra_info.update(
        {"median_vectorised_s": fast, "median_row_by_row_s": slow, "speedup": slow / fast}
    )
    print(
        f"\n{len(result)} kommuner × {n_measures} mål med rangering i fylke og land: "
        f"vektorisert {fmt_num(fast * 1000, 0)} ms (median), rad for rad {fmt_num(slow, 1)} s, "
        f"{slow / fast:.0f}× raskere"
    )
    assert fast <= BUDGET_S

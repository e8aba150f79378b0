"""The reconciliation evidence: every reconciliation is coherent, and the backtest is the package's.

A hand-built frame: municipalities 3105 and 3107 with three industries (10-33 and 41-43 are focus
industries, 84 counts in the total only) over 2015–2021, and Norway ten times 3105.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from naering_analysis.errors import AnalysisError
from naering_analysis.forecast.aggregates import council_aggregates
from naering_analysis.forecast.errors import build_panel
from naering_analysis.forecast.evaluation import evaluate
from naering_analysis.forecast.reconcile import IndustryCovariance
from naering_analysis.forecast.reconcile_evidence import (
    COLUMNS,
    RECONCILIATIONS,
    TOTAL_CODE,
    mint_full,
    mint_matrix,
    reconcile_all,
    reconciliation_evidence,
)

YEARS = list(range(2015, 2022))
JOBS = {
    "3105": {
        "10-33": [100, 110, 105, 120, 130, 125, 140],
        "41-43": [50, 52, 49, 55, 60, 58, 57],
        "84": [30, 31, 32, 33, 34, 35, 36],
    },
    "3107": {
        "10-33": [400, 380, 390, 370, 360, 365, 350],
        "41-43": [80, 90, 85, 95, 100, 110, 105],
        "84": [200, 205, 198, 210, 215, 220, 230],
    },
}


def tiny_frame() -> pd.DataFrame:
    """The hand-built frame of the module docstring (Norway = 10 × 3105)."""
    jobs = {**JOBS, "0": {c: [10 * v for v in vals] for c, vals in JOBS["3105"].items()}}
    rows = [
        {"region_code": r, "industry_code": c, "year": y, "jobs": v}
        for r, series in jobs.items()
        for c, values in series.items()
        for y, v in zip(YEARS, values, strict=True)
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def evidence() -> pd.DataFrame:
    return reconciliation_evidence(tiny_frame(), "trend", "structural")


def _evaluation_means(method: str) -> dict[str, float]:
    frame = tiny_frame()
    panel = build_panel(frame, need_reference=True)
    aggregates = council_aggregates(panel.keys)
    rows = evaluate(panel, aggregates, method, [2018, 2019, 2020], 5).aggregates
    means = rows.groupby("kind")["scaled_error"].mean()
    return {str(k): float(v) for k, v in means.items()}


def test_one_row_per_reconciliation_all_coherent(evidence: pd.DataFrame) -> None:
    assert list(evidence.columns) == list(COLUMNS)
    assert evidence["reconciliation"].tolist() == list(RECONCILIATIONS)
    assert evidence["label"].tolist() == list(RECONCILIATIONS.values())
    assert (evidence["coherence_gap"] < 1e-8).all()
    # 2 municipalities × (origins 2018, 2019, 2020 with 3, 2, 1 horizons)
    assert (evidence["n_total"] == 2 * 6).all()
    assert (evidence["n_focus"] == 2 * 2 * 6).all()


def test_immutable_total_keeps_the_total_methods_score(evidence: pd.DataFrame) -> None:
    trend = _evaluation_means("trend")
    ev = evidence.set_index("reconciliation")
    for name in ("top_down", "wls", "mint_immutable"):
        assert ev.loc[name, "mase_total"] == pytest.approx(trend["total"], rel=1e-12)


def test_bottom_up_is_the_industry_method(evidence: pd.DataFrame) -> None:
    structural = _evaluation_means("structural")
    ev = evidence.set_index("reconciliation")
    assert ev.loc["bottom_up", "mase_focus"] == pytest.approx(structural["focus"], rel=1e-12)
    assert ev.loc["bottom_up", "mase_total"] == pytest.approx(structural["total"], rel=1e-12)
    assert ev.loc["bottom_up", "relative_total"] == 1.0


def test_unknown_method_and_bad_origin_raise_in_norwegian() -> None:
    with pytest.raises(AnalysisError, match="ukjente metoder"):
        reconciliation_evidence(tiny_frame(), "magic", "naive")
    with pytest.raises(AnalysisError, match="ugyldige prognoseår"):
        reconciliation_evidence(tiny_frame(), "naive", "naive", origins=[2015])


positive = st.floats(1.0, 5_000.0, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(
    base=arrays(float, (3, 2), elements=positive),
    total=arrays(float, (2,), elements=st.floats(0.0, 20_000.0)),
    history=arrays(float, (3, 5), elements=positive),
    corr=st.floats(-0.4, 0.9),
)
def test_every_reconciliation_adds_up(
    base: np.ndarray, total: np.ndarray, history: np.ndarray, corr: float
) -> None:
    codes = np.array(["10-33", "41-43", "84"])
    sigma = np.full((3, 3), corr) + np.eye(3) * (1.0 - corr)
    cov = IndustryCovariance(tuple(codes), sigma, 0.0, 10)
    joint_sigma = np.full((4, 4), corr / 2) + np.eye(4) * (1.0 - corr / 2)
    joint = IndustryCovariance((*codes, TOTAL_CODE), joint_sigma, 0.0, 10)
    done = reconcile_all(base, total, history, codes, cov, joint)
    assert set(done) == set(RECONCILIATIONS)
    for name, (industries, tot) in done.items():
        np.testing.assert_allclose(industries.sum(axis=0), tot, rtol=1e-9, atol=1e-6)
        if name in ("top_down", "wls", "mint_immutable"):
            np.testing.assert_allclose(tot, total, rtol=1e-12)
            assert (industries >= 0).all()
    np.testing.assert_array_equal(done["bottom_up"][0], base)


@settings(max_examples=40, deadline=None)
@given(
    base=arrays(float, (4,), elements=positive),
    total=st.floats(1.0, 20_000.0),
    d=arrays(float, (5,), elements=st.floats(0.1, 50.0)),
    corr=st.floats(-0.2, 0.9),
)
def test_mint_full_is_s_g_with_total_free(
    base: np.ndarray, total: float, d: np.ndarray, corr: float
) -> None:
    """The closed form equals ``S (SᵀW⁻¹S)⁻¹SᵀW⁻¹ ŷ`` (total first in ``S``, last in ``sigma``)."""
    sigma = np.full((5, 5), corr) + np.eye(5) * (1.0 - corr)
    industries, tot = mint_full(base, np.array(total), sigma, d[:4], np.array(d[4]))
    order = [4, 0, 1, 2, 3]
    w = (sigma * np.outer(d, d))[np.ix_(order, order)]
    expected = mint_matrix(w) @ np.concatenate([[total], base])
    np.testing.assert_allclose(np.concatenate([[tot], industries]), expected, rtol=1e-7, atol=1e-6)

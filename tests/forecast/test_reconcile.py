"""Coherent industries: the immutable-total MinT-shrink reconciliation, by hand and by property."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from naering_analysis.errors import AnalysisError
from naering_analysis.forecast.coherent import Prepared, coherent_projection
from naering_analysis.forecast.errors import ErrorModel
from naering_analysis.forecast.reconcile import (
    IndustryCovariance,
    allocation_weights,
    coherence_gap,
    industry_covariance,
    reconcile_to_total,
    shrunk_covariance,
)


def test_reconcile_shares_the_difference_by_weight():
    base = np.array([[60.0, 60.0], [40.0, 40.0]])
    out = reconcile_to_total(base, np.array([110.0, 90.0]), np.array([0.5, 0.5]))
    assert out.tolist() == [[65.0, 55.0], [45.0, 35.0]]
    # weights per year
    weights = np.array([[1.0, 0.0], [0.0, 1.0]])
    out = reconcile_to_total(base, np.array([110.0, 90.0]), weights)
    assert out.tolist() == [[70.0, 60.0], [40.0, 30.0]]


def test_reconcile_never_goes_below_zero_and_still_adds_up():
    # 10 − 0.6·(40 − 61) … by hand: the second industry would be 1 − 12.6 < 0, so it is set to 0
    # and the first and third share −20 equally: 10 − 10 = 0 and 50 − 10 = 40.
    base = np.array([[10.0], [1.0], [50.0]])
    out = reconcile_to_total(base, np.array([40.0]), np.array([0.2, 0.6, 0.2]))
    assert out[:, 0].tolist() == pytest.approx([0.0, 0.0, 40.0])
    assert reconcile_to_total(base, np.array([0.0]), np.array([0.2, 0.6, 0.2])).sum() == 0.0


@settings(max_examples=100, deadline=None)
@given(
    base=arrays(np.float64, (5, 3), elements=st.floats(0, 5_000)),
    total=arrays(np.float64, (3,), elements=st.floats(0, 20_000)),
    raw=arrays(np.float64, (5,), elements=st.floats(0.01, 1.0)),
)
def test_reconciled_industries_add_up_and_stay_non_negative(base, total, raw):
    out = reconcile_to_total(base, total, raw / raw.sum())
    assert (out >= 0).all()
    assert coherence_gap(out, total) <= 1e-6 * max(1.0, float(total.max()))


def test_no_difference_leaves_the_industries_alone():
    base = np.array([[3.0, 4.0], [5.0, 6.0]])
    assert (
        reconcile_to_total(base, base.sum(axis=0), np.array([0.9, 0.1])).tolist() == base.tolist()
    )


def test_allocation_weights_by_hand():
    # W = D Σ D with D = (b + 1)·s: d = (10, 30); W1 = d ⊙ (Σ d); Σ = [[1, .5], [.5, 1]]
    # Σ d = (10 + 15, 5 + 30) = (25, 35); W1 = (250, 1050); w = (250, 1050) / 1300
    cov = IndustryCovariance(("a", "b"), np.array([[1.0, 0.5], [0.5, 1.0]]), 0.0, 10)
    w = allocation_weights(cov, np.array(["a", "b"]), np.array([99.0, 99.0]), np.array([0.1, 0.3]))
    assert w.tolist() == pytest.approx([250 / 1300, 1050 / 1300])
    # an unknown code gets the mean variance and no correlation
    w = allocation_weights(cov, np.array(["a", "x"]), np.array([99.0, 99.0]), np.array([0.1, 0.1]))
    assert w.tolist() == pytest.approx([0.5, 0.5])


def test_shrunk_covariance_keeps_variances_and_shrinks_correlations():
    rng = np.random.default_rng(3)
    common = rng.normal(size=(400, 1))
    x = np.hstack([common + rng.normal(size=(400, 1)), common + rng.normal(size=(400, 1))])
    cov, lam = shrunk_covariance(x)
    sample = np.cov(x, rowvar=False)
    assert np.diag(cov) == pytest.approx(np.diag(sample))
    assert 0 <= lam < 0.1  # 400 rows: little shrinkage
    assert abs(cov[0, 1]) <= abs(sample[0, 1]) + 1e-12
    # pure noise between independent columns: a large share of the correlation is shrunk away
    noise = rng.normal(size=(12, 4))
    _, lam_small = shrunk_covariance(noise)
    assert lam_small > lam
    with pytest.raises(AnalysisError, match="minst tre"):
        shrunk_covariance(noise[:2])


def test_industry_covariance_uses_municipality_rows_only():
    # two municipalities × two industries, three origins; series 4 is the reference (not used)
    z = np.array(
        [
            [0.1, 0.2, -0.1, -0.3, 9.0],
            [0.3, 0.1, 0.2, 0.4, 9.0],
            [-0.2, -0.1, 0.0, 0.1, 9.0],
        ]
    )
    regions = np.array(["A", "A", "B", "B", "0"])
    industries = np.array(["x", "y", "x", "y", "x"])
    used = np.array([True, True, True, True, False])
    cov = industry_covariance(z, regions, industries, used)
    assert cov.codes == ("x", "y") and cov.cases == 6
    x = np.array([0.1, 0.3, -0.2, -0.1, 0.2, 0.0])
    assert cov.matrix[0, 0] == pytest.approx(np.var(x, ddof=1))


def test_coherent_projection_keeps_the_total_and_reconciles_the_industries():
    flat = ErrorModel((np.zeros(5),), (5,), 0.5, (np.log(1.1),))
    cov = IndustryCovariance(("a", "b"), np.eye(2), 0.0, 10)
    total = Prepared("structural", "total", np.array([[70.0], [50.0]]), flat, flat, flat, cov)
    industry = Prepared("trend", "focus", np.array([[50.0], [50.0]]), flat, flat, flat, cov)
    history = np.array([[40.0, 60.0], [40.0, 50.0]])
    plain = coherent_projection(history, np.array([0, 1]), np.array(["a", "b"]), total, industry)
    assert plain.total.tolist() == [120.0] and plain.base_total.tolist() == [120.0]
    assert plain.industries.sum(axis=0).tolist() == pytest.approx([120.0])
    assert plain.industry_base.tolist() == [[50.0], [50.0]]
    # calibrated: the total moves by its median past error, (120 + 1)·exp(s·log 1.1) − 1
    moved = coherent_projection(
        history, np.array([0, 1]), np.array(["a", "b"]), total, industry, calibrated=True
    )
    s = float(np.mean(np.abs(np.diff(np.log1p(history.sum(axis=0))))))
    assert moved.total.tolist() == pytest.approx([121.0 * np.exp(s * np.log(1.1)) - 1.0])
    assert moved.industries.sum(axis=0) == pytest.approx(moved.total)

"""Probabilities of reaching a growth rate, scored as probabilities: hand-computed examples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from naering_analysis.forecast import probability as P
from naering_analysis.forecast.errors import ErrorModel


def model(pool: list[float], offset: float = 0.0) -> ErrorModel:
    values = np.sort(np.asarray(pool, dtype=float))
    return ErrorModel((values,), (len(values),), 0.5, (offset,))


def test_exceedance_by_hand():
    # y = (ŷ + 1)·exp(s·z) − 1 with ŷ = 99, s = 0.1: target 109 needs z ≥ log(110/100)/0.1 = 0.953
    m = model([-1.0, 0.0, 0.5, 1.0, 2.0])
    prob = P.exceedance(m, 1, np.array([99.0]), np.array([0.1]), np.array([109.0]))
    assert prob.tolist() == [0.4]  # 1.0 and 2.0 of five
    # the calibrated distribution adds the offset: z + 0.5 ≥ 0.953 holds for 0.5, 1.0 and 2.0
    m2 = model([-1.0, 0.0, 0.5, 1.0, 2.0], offset=0.5)
    calibrated = P.exceedance(
        m2, 1, np.array([99.0]), np.array([0.1]), np.array([109.0]), calibrated=True
    )
    assert calibrated.tolist() == [0.6]
    # a constant history has no spread: reached or not
    flat = P.exceedance(m, 1, np.array([99.0, 99.0]), np.array([0.0, 0.0]), np.array([99.0, 100.0]))
    assert flat.tolist() == [1.0, 0.0]


def test_climatology_counts_earlier_windows_of_the_same_length():
    values = np.array([[100.0, 101.0, 103.0, 104.0, 110.0], [50.0, 50.0, 50.0, 50.0, 50.0]])
    # origin 2018 (the fourth year), one-year windows ending ≤ 2018: +1 %, +2 %, +1 % and 0, 0, 0
    assert P.climatology(values, 2015, 2018, 1, 0.015) == pytest.approx(1 / 6)
    assert P.climatology(values, 2015, 2018, 1, 0.0) == pytest.approx(1.0)
    # two-year windows: 100→103 (+1,5 %/yr: 103 ≥ 103.0225? no), 101→104 (no); 50→50 twice (no)
    assert P.climatology(values, 2015, 2018, 2, 0.015) == 0.0
    # no window of five years ends by 2018
    assert np.isnan(P.climatology(values, 2015, 2018, 5, 0.0))
    # the 2019 outcome (110) is not known at origin 2018
    assert P.climatology(values, 2015, 2019, 1, 0.05) == pytest.approx(1 / 8)


def test_brier_and_skill_by_hand():
    prob = np.array([0.9, 0.2, 0.6])
    outcome = np.array([1, 0, 0])
    assert P.brier(prob, outcome) == pytest.approx((0.01 + 0.04 + 0.36) / 3)
    clim = np.array([0.5, 0.5, 0.5])
    assert P.brier_skill(prob, outcome, clim) == pytest.approx(1 - (0.41 / 3) / 0.25)
    # saying the base rate is no skill; a perfect forecast has skill 1
    assert P.brier_skill(clim, outcome, clim) == 0.0
    assert P.brier_skill(outcome.astype(float), outcome, clim) == 1.0


def test_crps_of_an_ensemble_by_hand():
    # CRPS = E|X − y| − ½ E|X − X'|; members 0 and 2, outcome 1: 1 − ½ · 1 = 0.5
    assert P.crps(np.array([1.0]), np.array([[0.0, 2.0]])).tolist() == pytest.approx([0.5])
    # an outcome outside: members 0 and 2, outcome 4: 3 − 0.5 = 2.5
    assert P.crps(np.array([4.0]), np.array([[0.0, 2.0]])).tolist() == pytest.approx([2.5])


def test_reliability_table_by_hand():
    prob = np.array([0.0, 0.1, 0.12, 0.5, 0.55, 0.95])
    outcome = np.array([0, 1, 0, 1, 1, 1])
    table = P.reliability(prob, outcome)
    assert table["cases"].tolist() == [2.0, 1.0, 1.0, 1.0, 0.0, 1.0]
    assert table["observed"].iloc[0] == 0.5  # 0 % and 10 % are the first bin, one happened
    assert table["mean_forecast"].iloc[0] == pytest.approx(0.05)
    assert np.isnan(table["observed"].iloc[4])


def test_reached_is_the_growth_rate_test():
    assert P.reached(np.array([100.0]), np.array([100.0]), 0.0, 3).tolist() == [True]
    assert P.reached(np.array([100.0]), np.array([99.99]), 0.0, 3).tolist() == [False]


@settings(max_examples=60, deadline=None)
@given(
    # errors on a 0.001 grid: far below it, exp() rounds a member onto the target exactly and
    # the two formulations below disagree about a tie that means nothing
    pool=st.lists(st.floats(-3, 3).map(lambda v: round(v, 3)), min_size=5, max_size=40),
    point=st.floats(1, 50_000),
    scale=st.floats(0.001, 0.2),
    targets=st.lists(st.floats(0, 60_000), min_size=2, max_size=6),
)
def test_exceedance_is_a_probability_that_falls_with_the_target(pool, point, scale, targets):
    m = model(pool)
    t = np.sort(np.asarray(targets))
    prob = P.exceedance(m, 1, np.full(len(t), point), np.full(len(t), scale), t)
    assert ((prob >= 0) & (prob <= 1)).all()
    assert (np.diff(prob) <= 1e-12).all()
    # and it matches the share of the ensemble at or above the target, up to the quantile grid
    members = P.ensemble(m, 1, np.array([point]), np.array([scale]), size=999)[0]
    share = (members[None, :] >= t[:, None]).mean(axis=1)
    assert np.abs(share - prob).max() <= 1.0 / len(pool) + 0.01


def test_probability_scores_frame_shape():
    from naering_analysis.forecast.choice import choose_method
    from naering_analysis.forecast.panel_sim import simulate_panel

    choice = choose_method(simulate_panel(seed=2), methods=["naive", "structural"])
    assert choice.brier["threshold"].tolist() == list(P.THRESHOLDS)
    assert (choice.brier["cases"] > 0).all()
    assert isinstance(choice.reliability, pd.DataFrame)
    assert choice.reliability["cases"].sum() == 3 * choice.brier["cases"].iloc[0]

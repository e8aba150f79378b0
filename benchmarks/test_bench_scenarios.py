"""Rerunning every built-in scenario for one municipality: prepared engine vs a naive pandas loop.

(a) ``ScenarioEngine.run`` for all built-ins: path, gap and a 2,000-path probability each.
(b) The same numbers computed the straightforward way: pandas row by row, one path at a time,
    with the same base projections and error distribution (so only the per-run work differs).

Run with ``make bench``. The budget for (a) is 50 ms (median) on the demo snapshot when it is
present, otherwise on a synthetic panel of the same shape.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from benchmarks.timing import median_seconds
from naering_analysis.datasets.frames import employment
from naering_analysis.datasets.panels import projection_panel
from naering_analysis.errors import NaeringError
from naering_analysis.forecast.panel_sim import simulate_panel
from naering_analysis.scenarios import Scenario, ScenarioEngine, builtin_scenarios

REGION = "3105"
BUDGET_S = 0.050


def _frame() -> pd.DataFrame:
    try:
        frame = projection_panel(employment(), REGION)
    except NaeringError:
        return simulate_panel(seed=0)
    complete = frame.groupby(["region_code", "industry_code"])["jobs"].transform(
        lambda s: s.notna().all()
    )
    return frame[complete.astype(bool)].reset_index(drop=True)


def _naive_run(
    engine: ScenarioEngine, frame: pd.DataFrame, scenario: Scenario, n_paths: int = 2000
) -> float:
    """The probability of reaching the goal, computed with pandas rows and a per-path loop."""
    horizon = 2030 - engine.latest
    base, _, total_model = engine.prepared(engine.method_of(scenario), horizon)
    years = list(range(engine.latest + 1, 2031))
    rows = []
    for i, code in enumerate(engine.industries):
        for h, year in enumerate(years):
            rows.append(
                {
                    "industry_code": code,
                    "year": year,
                    "jobs": base[i, h],
                    "last": engine.history[i, -1],
                }
            )
    table = pd.DataFrame(rows)
    for override in scenario.overrides:
        codes = engine.bransjer[override.bransje] if override.bransje else (override.industry_code,)
        for idx, row in table.iterrows():
            if row["industry_code"] in codes:
                h = row["year"] - engine.latest
                if override.annual_rate is not None:
                    table.loc[idx, "jobs"] = row["last"] * (1 + override.annual_rate) ** h
                else:
                    ratio = row["jobs"] / row["last"] if row["last"] > 0 else 0.0
                    table.loc[idx, "jobs"] = row["last"] * ratio ** (
                        override.trend_multiplier or 0.0
                    )
    total = table.groupby("year")["jobs"].sum()
    region = frame[frame["region_code"] == REGION]
    base_total = region[region["year"] == 2022]["jobs"].sum()
    target = base_total * 1.015 ** (2030 - 2022)
    history_total = region.groupby("year")["jobs"].sum().astype(float)
    scale = np.log1p(history_total).diff().abs().mean()
    u = np.random.default_rng(0).random(n_paths)
    middle = total_model.draw(np.array([np.sort(u)[n_paths // 2]]))[0]  # the median path's errors
    hits = 0
    for p in range(n_paths):
        draws = total_model.draw(np.array([u[p]]))[0] - middle
        path = pd.Series(
            [(total[y] + 1) * np.exp(scale * draws[h]) - 1 for h, y in enumerate(years)],
            index=years,
        )
        hits += int(max(path[2030], 0.0) >= target)
    return hits / n_paths


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return _frame()


@pytest.fixture(scope="module")
def engine(frame: pd.DataFrame) -> ScenarioEngine:
    eng = ScenarioEngine(frame, REGION)
    for scenario in builtin_scenarios().values():  # warm up: base projections and error models
        eng.run(scenario)
    return eng


def test_bench_builtin_scenarios(benchmark, engine, frame):
    scenarios = list(builtin_scenarios().values())

    def run_all() -> list[float]:
        return [engine.run(s).probability_of_goal for s in scenarios]

    probabilities = benchmark(run_all)
    fast = median_seconds(run_all, 21)
    slow = median_seconds(lambda: [_naive_run(engine, frame, s) for s in scenarios], 3)
    naive = [_naive_run(engine, frame, s) for s in scenarios]
    assert naive == pytest.approx(probabilities, abs=1e-12)
    benchmark.extra_info.update(
        {"median_engine_s": fast, "median_naive_s": slow, "speedup": slow / fast}
    )
    print(
        f"\nalle {len(scenarios)} innebygde scenarier, 2000 baner: motor {fast * 1000:.1f} ms "
        f"(median), naiv pandas-løkke {slow * 1000:.0f} ms, {slow / fast:.0f}× raskere"
    )
    assert fast <= BUDGET_S

"""Rerunning every built-in scenario for one municipality on the national frame.

(a) :func:`~naering_analysis.scenarios.run_scenario` for all built-ins on the employment frame of
    every municipality (the demo's 357 when present, otherwise a synthetic country-sized panel):
    path, gap, a 2,000-path probability and the reconciled industry paths each. The frame is
    recognised by :func:`~naering_analysis.forecast.store.cached_fingerprint`.
(b) Baseline 1, the same calls when the frame is hashed in full at every call (as
    ``run_scenario`` did before: about 18 ms per call on the national frame).
(c) Baseline 2, the same numbers computed the straightforward way: pandas row by row, one path
    at a time, with the same base projections and error distribution.
(d) For information, the same calls when each result's industries are read too
    (``by_industry``: every path's industries drawn and reconciled to its total; built on demand).

Run with ``make bench``. The budget for (a) is 50 ms (median).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from tests.forecast.worlds import national_sizes, random_walk_panel

from benchmarks.timing import median_seconds
from naering_analysis.datasets.frames import employment
from naering_analysis.errors import NaeringError
from naering_analysis.forecast import choose_method
from naering_analysis.forecast.choice import MethodChoice
from naering_analysis.forecast.store import frame_fingerprint
from naering_analysis.scenarios import Scenario, ScenarioEngine, builtin_scenarios, run_scenario
from naering_analysis.scenarios.engine import _ENGINES

REGION = "3105"
BUDGET_S = 0.050


def _frame() -> pd.DataFrame:
    try:
        return employment()  # every municipality in the snapshot
    except NaeringError:
        frame = random_walk_panel(0, sizes={REGION: 29_000, **national_sizes(356, 0)})
        return frame


def _naive_run(
    engine: ScenarioEngine, frame: pd.DataFrame, scenario: Scenario, n_paths: int = 2000
) -> float:
    """The probability of reaching the goal, computed with pandas rows and a per-path loop."""
    horizon = 2030 - engine.latest
    prepared = engine.base(scenario, horizon)
    base, total_model = prepared.industries, prepared.total_model
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
def choice(frame: pd.DataFrame) -> MethodChoice:
    return choose_method(frame)


@pytest.fixture(scope="module")
def engine(frame: pd.DataFrame, choice: MethodChoice) -> ScenarioEngine:
    for scenario in builtin_scenarios().values():  # warm up: base projections and error models
        run_scenario(frame, scenario, REGION, standard_method=choice)
    return engine_for(frame, REGION, choice)


def engine_for(frame: pd.DataFrame, region: str, choice: MethodChoice) -> ScenarioEngine:
    """The engine run_scenario prepared for this frame (from its cache)."""
    return next(e for e in _ENGINES.values() if e.region == region and e._frame is frame)


def test_bench_builtin_scenarios(benchmark, engine, frame, choice):
    scenarios = list(builtin_scenarios().values())
    municipalities = frame.loc[frame["region_code"].str.len() == 4, "region_code"].nunique()

    def run_all() -> list[float]:
        return [
            run_scenario(frame, s, REGION, standard_method=choice).probability_of_goal
            for s in scenarios
        ]

    def rehash_all() -> list[float]:
        out = []
        for s in scenarios:
            frame_fingerprint(frame)  # what every call paid before
            out.append(engine.run(s).probability_of_goal)
        return out

    def with_industries() -> None:
        for s in scenarios:
            run_scenario(frame, s, REGION, standard_method=choice).by_industry  # noqa: B018

    probabilities = benchmark(run_all)
    fast = median_seconds(run_all, 21)
    industries = median_seconds(with_industries, 11)
    rehash = median_seconds(rehash_all, 11)
    slow = median_seconds(lambda: [_naive_run(engine, frame, s) for s in scenarios], 3)
    naive = [_naive_run(engine, frame, s) for s in scenarios]
    assert naive == pytest.approx(probabilities, abs=1e-12)
    benchmark.extra_info.update(
        {
            "municipalities": municipalities,
            "median_engine_s": fast,
            "median_with_industries_s": industries,
            "median_rehash_s": rehash,
            "median_naive_s": slow,
            "speedup_vs_rehash": rehash / fast,
            "speedup_vs_naive": slow / fast,
        }
    )
    print(
        f"\nalle {len(scenarios)} innebygde scenarier, 2000 baner, {municipalities} kommuner: "
        f"run_scenario {fast * 1000:.1f} ms (median); med full hash per kall {rehash * 1000:.0f} ms "
        f"({rehash / fast:.1f}×); naiv pandas-løkke {slow * 1000:.0f} ms ({slow / fast:.0f}×); "
        f"med avstemte næringsbaner (by_industry) {industries * 1000:.0f} ms"
    )
    assert municipalities >= 300
    assert fast <= BUDGET_S

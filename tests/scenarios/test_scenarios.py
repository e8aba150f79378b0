"""Scenario models, YAML round-trip, overrides/events and the probability of reaching the goal."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naering_analysis.analysis.goal import required_growth, target_path
from naering_analysis.errors import ScenarioError
from naering_analysis.forecast import choose_method
from naering_analysis.forecast.panel_sim import simulate_panel
from naering_analysis.scenarios import (
    HEADLINE_SCENARIO,
    JobEvent,
    Override,
    Scenario,
    ScenarioEngine,
    apply_scenario,
    builtin_scenarios,
    load_scenario,
    run_scenario,
    save_scenario,
)
from naering_analysis.scenarios.engine import median_path

# The default focus mapping from docs/CONTRACTS.md, for tests that should not depend on the file.
FOCUS = {
    "Grønn industri": ("10-33", "35-39"),
    "Digitalisering og forretningsmessig tjenesteyting": ("58-63", "68-75", "77-82"),
    "Helsebasert næring": ("86-88",),
    "Handel, reiseliv, opplevelser, idrett og kultur": ("45-47", "55-56", "90-99"),
    "Bygg og anlegg": ("41-43",),
    "Øvrige næringer": ("01-03", "05-09", "49-53", "64-66", "84", "85", "00"),
}


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return simulate_panel(seed=7)


@pytest.fixture(scope="module")
def engine(panel: pd.DataFrame) -> ScenarioEngine:
    return ScenarioEngine(panel, "3105", focus_mapping=FOCUS)


@pytest.fixture(scope="module")
def mixed_engine(panel: pd.DataFrame) -> ScenarioEngine:
    """Two methods that disagree (trend for the total, structural for the industries), calibrated."""
    choice = choose_method(panel, methods=["naive", "trend", "structural"])
    mixed = dataclasses.replace(
        choice, method="trend", industry_method="structural", calibrated=True
    )
    return ScenarioEngine(panel, "3105", focus_mapping=FOCUS, standard_method=mixed)


# --- models ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"bransje": "Bygg og anlegg", "annual_rate": -1.0}, "annual_rate"),
        ({"bransje": "Bygg og anlegg", "annual_rate": -2.5}, "annual_rate"),
        ({"industry_code": "41-43", "trend_multiplier": -0.1}, "trend_multiplier"),
        (
            {"industry_code": "41-43", "annual_rate": 0.1, "trend_multiplier": 1.0},
            "trend_multiplier",
        ),
        ({"industry_code": "41-43"}, "annual_rate"),
        (
            {"bransje": "Bygg og anlegg", "industry_code": "41-43", "annual_rate": 0.1},
            "industry_code",
        ),
        ({"industry_code": "41-43", "annual_rate": 0.1, "rate": 0.2}, "rate"),
        ({"industry_code": 84, "annual_rate": 0.1}, "industry_code"),
        ({"industry_code": "41-43", "annual_rate": float("nan")}, "annual_rate"),
    ],
)
def test_override_errors_name_the_field(data, field):
    with pytest.raises(ScenarioError, match=field) as info:
        Override(**data)
    assert "Ugyldig scenario" in str(info.value)


def test_nested_errors_keep_the_full_field_path():
    with pytest.raises(ScenarioError) as info:
        Scenario(
            name="x",
            overrides=[{"bransje": "Bygg og anlegg", "annual_rate": -3}],
            events=[{"industry_code": "41-43", "year": 2027, "jobs": 0}],
            extra=1,
        )
    message = str(info.value)
    for path in ("overrides[0].annual_rate", "events[0].jobs", "'extra'"):
        assert path in message
    assert info.value.fields == ["overrides[0].annual_rate", "events[0].jobs", "extra"]


def test_scenario_rejects_unknown_method_and_is_frozen():
    with pytest.raises(ScenarioError, match="base_method"):
        Scenario(name="x", base_method="crystal_ball")
    scenario = Scenario(name="x")
    with pytest.raises(Exception, match="frozen"):
        scenario.name = "y"  # type: ignore[misc]


def test_override_kinds_and_targets():
    rate = Override(bransje="Helsebasert næring", annual_rate=0.02)
    mult = Override(industry_code="86-88", trend_multiplier=1.5)
    assert (rate.kind, rate.target) == ("annual_rate", ("bransje", "Helsebasert næring"))
    assert (mult.kind, mult.target) == ("trend_multiplier", ("industry_code", "86-88"))
    assert JobEvent(bransje="Grønn industri", year=2027, jobs=250).target[0] == "bransje"


# --- YAML ------------------------------------------------------------------------------------

finite_rates = st.floats(-0.2, 0.2, allow_nan=False)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    overrides = []
    for code in draw(
        st.lists(st.sampled_from(["41-43", "86-88", "10-33"]), unique=True, max_size=3)
    ):
        if draw(st.booleans()):
            overrides.append(Override(industry_code=code, annual_rate=draw(finite_rates)))
        else:
            overrides.append(Override(industry_code=code, trend_multiplier=draw(st.floats(0, 5))))
    events = [
        JobEvent(bransje=b, year=draw(st.integers(2026, 2030)), jobs=draw(st.integers(1, 500)))
        for b in draw(st.lists(st.sampled_from(list(FOCUS)), max_size=2))
    ]
    return Scenario(
        name=draw(st.text(min_size=1, max_size=20)),
        description=draw(st.text(max_size=40)),
        base_method=draw(st.sampled_from(["standard", "naive", "trend", "structural"])),
        overrides=overrides,
        events=events,
    )


@settings(max_examples=40, deadline=None)
@given(scenario=scenarios())
def test_yaml_round_trip(tmp_path_factory, scenario):
    path = tmp_path_factory.mktemp("s") / "scenario.yaml"
    assert save_scenario(scenario, path) == path
    assert load_scenario(path) == scenario
    assert [p.name for p in path.parent.iterdir()] == ["scenario.yaml"]  # no temp files left


def test_yaml_keeps_characters_yaml_would_normalise(tmp_path: Path):
    # found by hypothesis: NEL (U+0085) and CR are line breaks to a YAML reader
    scenario = Scenario(name="0", description="a\x85b\rc\u2028d")
    save_scenario(scenario, tmp_path / "s.yaml")
    assert load_scenario(tmp_path / "s.yaml") == scenario


def test_load_errors_name_the_file_and_field(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: X\noverrides:\n  - bransje: Bygg og anlegg\n    annual_rate: -1.5\n")
    with pytest.raises(
        ScenarioError, match=r"bad\.yaml.*overrides\[0\]\.annual_rate.*mellom -0\.2 og 0\.2"
    ):
        load_scenario(bad)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    with pytest.raises(ScenarioError, match=r"broken\.yaml er ikke gyldig YAML \(linje"):
        load_scenario(broken)
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n")
    with pytest.raises(ScenarioError, match=r"list\.yaml.*oppføring"):
        load_scenario(listing)
    with pytest.raises(ScenarioError, match="Kan ikke lese"):
        load_scenario(tmp_path / "missing.yaml")


def test_builtin_scenarios():
    builtins = builtin_scenarios()
    assert list(builtins) == [
        HEADLINE_SCENARIO,
        "Trend",
        "Nasjonal vekst",
        "Handlingsprogram",
        "Lav",
        "Høy",
    ]
    headline = builtins[HEADLINE_SCENARIO]  # the chosen method, nothing changed
    assert headline.base_method == "standard" and headline.method_for("damped") == "damped"
    assert headline.overrides == () and headline.events == ()
    assert "backtest" in headline.description
    assert builtins["Trend"].method_for("naive") == "trend"
    assert builtins["Nasjonal vekst"].method_for("naive") == "structural"
    assert builtins["Handlingsprogram"].base_method == "standard"
    assert builtins["Handlingsprogram"].method_for("combo") == "combo"
    rates = {o.bransje: o.annual_rate for o in builtins["Handlingsprogram"].overrides}
    assert rates == {
        "Grønn industri": 0.02,
        "Digitalisering og forretningsmessig tjenesteyting": 0.03,
        "Helsebasert næring": 0.02,
        "Handel, reiseliv, opplevelser, idrett og kultur": 0.015,
        "Bygg og anlegg": 0.02,
    }
    for name in ("Lav", "Høy"):
        assert {o.bransje for o in builtins[name].overrides} == set(FOCUS)


# --- overrides and events, by hand -----------------------------------------------------------


def apply(scenario: Scenario, base: list[list[float]], last: list[float], codes: list[str]):
    return apply_scenario(scenario, np.array(base), np.array(last), np.array(codes), FOCUS, 2025)


def test_annual_rate_and_multiplier_by_hand():
    scenario = Scenario(
        name="x",
        overrides=[
            {"industry_code": "41-43", "annual_rate": 0.1},
            {"industry_code": "86-88", "trend_multiplier": 2.0},
            {"industry_code": "10-33", "trend_multiplier": 0.0},
        ],
    )
    base = [[105.0, 110.0], [110.0, 121.0], [90.0, 80.0], [50.0, 40.0]]
    organic, events = apply(
        scenario, base, [100.0, 100.0, 100.0, 50.0], ["41-43", "86-88", "10-33", "84"]
    )
    assert organic[0] == pytest.approx([110.0, 121.0])
    assert organic[1] == pytest.approx([121.0, 146.41])  # (1.1)^2 and (1.21)^2
    assert organic[2] == pytest.approx([100.0, 100.0])  # multiplier 0 freezes the level
    assert organic[3] == pytest.approx([50.0, 40.0])  # untouched
    assert not events.any()


def test_event_is_a_permanent_step_split_by_jobs():
    scenario = Scenario(name="x", events=[{"bransje": "Grønn industri", "year": 2027, "jobs": 300}])
    base = [[100.0] * 3, [200.0] * 3, [50.0] * 3]
    organic, events = apply(scenario, base, [100.0, 200.0, 50.0], ["10-33", "35-39", "84"])
    assert events.tolist() == [[0.0, 100.0, 100.0], [0.0, 200.0, 200.0], [0.0, 0.0, 0.0]]
    assert organic.tolist() == base


@pytest.mark.parametrize(
    ("scenario", "field"),
    [
        (
            Scenario(name="x", overrides=[{"bransje": "Romfart", "annual_rate": 0.1}]),
            "overrides[0].bransje",
        ),
        (
            Scenario(name="x", overrides=[{"industry_code": "99-99", "annual_rate": 0.1}]),
            "overrides[0].industry_code",
        ),
        (
            Scenario(
                name="x",
                overrides=[
                    {"bransje": "Bygg og anlegg", "annual_rate": 0.1},
                    {"industry_code": "41-43", "trend_multiplier": 2},
                ],
            ),
            "overrides[1]",
        ),
        (
            Scenario(name="x", events=[{"industry_code": "41-43", "year": 2025, "jobs": 5}]),
            "events[0].year",
        ),
        (
            Scenario(name="x", events=[{"industry_code": "41-43", "year": 2031, "jobs": 5}]),
            "events[0].year",
        ),
        (
            Scenario(name="x", events=[{"industry_code": "41-43", "year": 2026, "jobs": -500}]),
            "'jobs'",
        ),
    ],
)
def test_scenario_application_errors_name_the_field(scenario, field):
    base = [[100.0] * 5, [100.0] * 5]
    with pytest.raises(ScenarioError, match=field.replace("[", r"\[").replace("]", r"\]")):
        apply(scenario, base, [100.0, 100.0], ["41-43", "86-88"])


# --- the engine ------------------------------------------------------------------------------


def test_run_result_shape_and_goal_numbers(engine, panel):
    result = engine.run("Handlingsprogram")
    path = result.path
    assert list(path.columns[:10]) == [
        "region_code", "year", "jobs", "lo80", "hi80", "lo95", "hi95", "target_jobs", "gap_jobs", "kind",
    ]  # fmt: skip
    assert path["year"].tolist() == list(range(2015, 2031))
    assert (path["kind"] == "framskrevet").sum() == 5
    target = target_path(panel, region="3105").set_index("year")["target_jobs"]
    assert path.set_index("year").loc[2022:, "target_jobs"].to_numpy() == pytest.approx(
        target.to_numpy()
    )
    last = path.iloc[-1]
    assert result.gap_2030_jobs == pytest.approx(last["jobs"] - last["target_jobs"])
    assert last["gap_jobs"] == pytest.approx(result.gap_2030_jobs)
    assert result.required_growth == pytest.approx(required_growth(panel, region="3105"))
    assert 0.0 <= result.probability_of_goal <= 1.0
    future = path[path["kind"] == "framskrevet"]
    assert (future["lo95"] <= future["lo80"]).all() and (future["lo80"] <= future["hi80"]).all()
    assert (future["hi80"] <= future["hi95"]).all()


def test_industries_add_up_to_the_path(engine):
    result = engine.run("Høy")
    by_year = result.by_industry.groupby("year")["jobs"].sum()
    future = result.path.set_index("year").loc[by_year.index, "jobs"]
    assert by_year.to_numpy() == pytest.approx(future.to_numpy())
    assert set(result.by_industry["bransje"]) == set(FOCUS)


def test_high_beats_low_and_history_is_exact(engine, panel):
    low, high = engine.run("Lav"), engine.run("Høy")
    assert high.probability_of_goal >= low.probability_of_goal
    assert high.gap_2030_jobs > low.gap_2030_jobs
    history = panel[panel["region_code"] == "3105"].groupby("year")["jobs"].sum()
    actual = low.path[low.path["kind"] == "faktisk"].set_index("year")
    assert actual["jobs"].to_numpy() == pytest.approx(history.to_numpy().astype(float))
    assert (actual["lo80"] == actual["jobs"]).all()


def test_extreme_goals_give_certain_probabilities(engine):
    assert engine.run("Trend", rate=-0.5).probability_of_goal == 1.0
    assert engine.run("Trend", rate=0.5).probability_of_goal == 0.0


def test_big_event_lifts_the_path_by_its_jobs(engine):
    plain = engine.run(Scenario(name="A"))
    shocked = engine.run(
        Scenario(name="B", events=[{"bransje": "Grønn industri", "year": 2027, "jobs": 250}])
    )
    gain = shocked.path.set_index("year")["jobs"] - plain.path.set_index("year")["jobs"]
    assert gain.loc[:2026].abs().max() == pytest.approx(0.0)
    assert gain.loc[2027:].to_numpy() == pytest.approx([250.0] * 4)


@settings(max_examples=25, deadline=None)
@given(small=st.integers(-300, 3000), extra=st.integers(0, 3000), seed=st.integers(0, 50))
def test_probability_is_monotone_in_added_jobs(engine, small, extra, seed):
    def probability(jobs: int) -> float:
        events = [] if jobs == 0 else [{"bransje": "Bygg og anlegg", "year": 2026, "jobs": jobs}]
        return engine.run(Scenario(name="s", events=events), seed=seed).probability_of_goal

    assert probability(small) <= probability(small + extra)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"rate": -1.0}, "'rate'"),
        ({"rate": float("nan")}, "'rate'"),
        ({"target_year": 2022}, "'target_year'"),
        ({"target_year": 2025}, "'target_year'"),
        ({"base_year": 2010}, "'base_year'"),
        ({"n_paths": 0}, "'n_paths'"),
    ],
)
def test_impossible_goal_parameters_raise(engine, kwargs, field):
    with pytest.raises(ScenarioError, match=field):
        engine.run("Trend", **kwargs)


def test_unknown_builtin_name(engine):
    with pytest.raises(ScenarioError, match="Ukjent scenario 'Magi'"):
        engine.run("Magi")


def test_run_scenario_matches_the_engine_and_is_deterministic(panel):
    direct = ScenarioEngine(panel, "3107").run("Nasjonal vekst", seed=3)
    cached = run_scenario(panel, "Nasjonal vekst", region="3107", seed=3)
    again = run_scenario(panel.copy(), "Nasjonal vekst", region="3107", seed=3)
    assert cached.probability_of_goal == direct.probability_of_goal == again.probability_of_goal
    pd.testing.assert_frame_equal(cached.path, direct.path)


def test_any_region_code_works(panel):
    renamed = panel.assign(region_code=panel["region_code"].replace({"3105": "4601", "0": "N"}))
    engine = ScenarioEngine(renamed, "4601", reference="N", focus_mapping=FOCUS)
    assert engine.run("Nasjonal vekst").region_code == "4601"
    no_reference = ScenarioEngine(renamed, "4601", reference="0", focus_mapping=FOCUS)
    with pytest.raises(ScenarioError, match="referanseregionen '0'"):
        no_reference.run("Nasjonal vekst")


# --- one distribution: path, band and probability ---------------------------------------------


@st.composite
def engine_runs(draw: st.DrawFn) -> tuple[Scenario, dict[str, float | int]]:
    overrides = []
    for bransje in draw(st.lists(st.sampled_from(list(FOCUS)[:5]), unique=True, max_size=3)):
        if draw(st.booleans()):
            overrides.append({"bransje": bransje, "annual_rate": draw(st.floats(-0.1, 0.15))})
        else:
            overrides.append({"bransje": bransje, "trend_multiplier": draw(st.floats(0, 4))})
    target_year = draw(st.integers(2027, 2032))
    events = [
        {
            "bransje": b,
            "year": draw(st.integers(2026, target_year)),
            "jobs": draw(st.integers(1, 4000)),
        }
        for b in draw(st.lists(st.sampled_from(list(FOCUS)), max_size=2))
    ]
    scenario = Scenario(
        name="s",
        base_method=draw(st.sampled_from(["standard", "naive", "trend", "damped", "combo"])),
        overrides=overrides,
        events=events,
    )
    goal = {
        "rate": draw(st.floats(-0.02, 0.05)),
        "base_year": draw(st.integers(2018, 2025)),
        "target_year": target_year,
        "n_paths": draw(st.integers(1, 400)),
        "seed": draw(st.integers(0, 10_000)),
    }
    return scenario, goal


@settings(max_examples=60, deadline=None)
@given(run=engine_runs())
def test_path_band_and_probability_come_from_the_same_paths(engine, run):
    scenario, goal = run
    result = engine.run(scenario, **goal)  # type: ignore[arg-type]
    horizon = int(goal["target_year"]) - engine.latest
    base, organic, events = engine.scenario_parts(scenario, horizon)
    sims = engine.simulate(
        organic.sum(axis=0), events.sum(axis=0), base.total_model, goal["n_paths"], goal["seed"]
    )
    ahead = result.path.loc[result.path["kind"] == "framskrevet"]
    assert ahead["jobs"].to_numpy() == pytest.approx(median_path(sims))
    # … which is the scenario's own projection: the middle path carries no error
    assert ahead["jobs"].to_numpy() == pytest.approx(organic.sum(axis=0) + events.sum(axis=0))
    lo80 = np.quantile(sims, 0.1, axis=0, method="inverted_cdf")
    assert ahead["lo80"].to_numpy() == pytest.approx(lo80)
    target = ahead["target_jobs"].iloc[-1]
    assert result.probability_of_goal == np.mean(sims[:, -1] >= target)
    # the central path reaches the target exactly when at least half of the paths do
    assert (result.gap_2030_jobs >= 0) == (result.probability_of_goal >= 0.5)
    assert (ahead["lo80"] <= ahead["jobs"]).all() and (ahead["jobs"] <= ahead["hi80"]).all()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(run=engine_runs(), mixed=st.booleans())
def test_every_simulated_path_has_industries_that_add_up_to_its_total(
    engine, mixed_engine, run, mixed
):
    engine = mixed_engine if mixed else engine
    scenario, goal = run
    horizon = int(goal["target_year"]) - engine.latest
    base, organic, _ = engine.scenario_parts(scenario, horizon)
    totals = engine.simulate(
        organic.sum(axis=0), np.zeros(horizon), base.total_model, goal["n_paths"], goal["seed"]
    )
    paths = engine.industry_paths(organic, totals, base, goal["seed"])
    assert paths.shape == (len(engine.industries), goal["n_paths"], horizon)
    assert (paths >= 0).all()
    assert paths.sum(axis=0) == pytest.approx(totals, rel=1e-9, abs=1e-6)
    # the industries' base projection adds up to the projected total as well
    result = engine.run(scenario, **goal)  # type: ignore[arg-type]
    by_year = result.by_industry.groupby("year")["jobs"].sum().to_numpy()
    ahead = result.path.loc[result.path["kind"] == "framskrevet", "jobs"].to_numpy()
    assert by_year == pytest.approx(ahead, rel=1e-9)


def test_median_path_is_the_middle_order_statistic():
    sims = np.array([[1.0, 40.0], [4.0, 10.0], [2.0, 30.0], [3.0, 20.0]])
    assert median_path(sims).tolist() == [3.0, 30.0]  # 0-based n // 2 = 2nd of 0..3
    assert median_path(sims[:3]).tolist() == [2.0, 30.0]


def test_events_shift_every_path(engine):
    plain = engine.run(Scenario(name="A"), n_paths=300, seed=4)
    shocked = engine.run(
        Scenario(name="B", events=[{"bransje": "Bygg og anlegg", "year": 2027, "jobs": 500}]),
        n_paths=300,
        seed=4,
    )
    for col in ("jobs", "lo80", "hi80", "lo95", "hi95"):
        gain = shocked.path.set_index("year")[col] - plain.path.set_index("year")[col]
        assert gain.loc[2026] == pytest.approx(0.0)
        assert gain.loc[2027:].to_numpy() == pytest.approx([500.0] * 4)


def test_standard_means_the_method_chosen_on_the_frame(panel):
    given_naive = ScenarioEngine(panel, "3105", focus_mapping=FOCUS, standard_method="naive")
    assert given_naive.run("Handlingsprogram").method == "naive"
    assert given_naive.run("Trend").method == "trend"
    chosen = ScenarioEngine(panel, "3105", focus_mapping=FOCUS)
    assert chosen.standard_method == choose_method(panel).method
    assert chosen.run("Lav").method == chosen.standard_method
    with pytest.raises(ScenarioError, match="standard_method 'magic'"):
        ScenarioEngine(panel, "3105", standard_method="magic")


def test_builtin_scenarios_on_the_demo_never_contradict_their_probability():
    from naering_analysis.datasets import frames
    from naering_analysis.datasets.panels import projection_panel

    frame = projection_panel(frames.employment(), "3105")
    standard = choose_method(frame).method
    for name in builtin_scenarios():
        result = run_scenario(frame, name, standard_method=standard)
        assert (result.gap_2030_jobs >= 0) == (result.probability_of_goal >= 0.5), name

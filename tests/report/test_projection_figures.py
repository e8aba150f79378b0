"""The report says which projection method was chosen on the data, and never contradicts itself."""

from pathlib import Path

import pytest

from naering_analysis.forecast import choose_method
from naering_analysis.numfmt import fmt_num
from naering_analysis.report import council
from naering_analysis.report.keyfigures import compute_key_figures, summary_markdown

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def figures():
    return compute_key_figures(council.analysis_inputs(root=ROOT))


def test_projection_section_names_the_method_chosen_on_this_data(figures):
    projection = figures["projection"]
    inputs = council.analysis_inputs(root=ROOT, with_scenarios=False)
    # chosen on every municipality of the snapshot (the widest panel), not on the county
    assert inputs.panel["region_code"].nunique() > inputs.employment["region_code"].nunique()
    chosen = choose_method(inputs.panel)
    assert projection["method"] == chosen.method
    assert projection["industries"]["method"] == chosen.industry_method
    assert len(projection["municipalities"]) == len(chosen.regions) > 12
    assert projection["calibrated"] == chosen.calibrated
    thresholds = [row["threshold"] for row in projection["probability"]["brier"]]
    assert thresholds == [0.0, 0.01, 0.015]
    assert projection["peers"] and "3105" in projection["peers"]
    assert projection["method_label"] == chosen.label
    assert projection["relative_mase_vs_naive"] == pytest.approx(chosen.relative_mase)
    assert {"secondary_mase", "coverage80", "evidence", "reason"} <= set(projection)
    rows = {row["method"]: row for row in projection["evidence"]}
    assert rows["naive"]["relative_mase"] == pytest.approx(1.0)
    assert [m for m, row in rows.items() if row["chosen"]] == [chosen.method]
    assert isinstance(rows[chosen.method]["coverage_ok"], bool)


def test_scenarios_use_the_chosen_method_and_agree_with_their_probability(figures):
    method = figures["projection"]["method"]
    for name, scenario in figures["scenarios"].items():
        if name in ("Handlingsprogram", "Lav", "Høy"):  # base_method: standard
            assert scenario["method"] == method, name
        reaches = scenario["gap_target_year_jobs"] >= 0
        assert reaches == (scenario["probability_of_goal"] >= 0.5), name


def test_summary_says_which_method_and_its_relative_score(figures):
    text = summary_markdown(figures)
    projection = figures["projection"]
    assert f"**Framskrivingsmetode for kommunetotalen:** {projection['method_label']}" in text
    assert fmt_num(projection["relative_mase_vs_naive"], 2) in text
    assert "valgt ved backtest på kommunetotalene i disse dataene" in text
    industries = projection["industries"]
    assert f"**Framskrivingsmetode for næringene:** {industries['method_label']}" in text
    assert "**Sannsynlighetene i backtesten:** Brier-ferdighet" in text
